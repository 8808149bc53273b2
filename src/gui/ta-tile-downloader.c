/* ta-tile-downloader.c: raster tiles from the network, cached on disk
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libshumate 1.0.3's ShumateTileDownloader sends "libshumate/1.0.3" as its
 * user agent whatever shumate_set_user_agent() says (with libsoup 3), and it
 * does not tell anyone when a tile fails.  The OpenStreetMap tile policy asks
 * for a user agent that names the application, and the window must notice
 * when the network is gone to fall back to the offline map, so this data
 * source does the same job with its own session: tiles come from
 * ShumateFileCache when fresh (7 days), are revalidated with ETag or
 * If-Modified-Since otherwise, and "download-failed" is emitted when a tile
 * can be had neither from the network nor from the cache.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "ta-tile-downloader.h"

#define USER_AGENT           "TwinAtlas/" PACKAGE_VERSION " (+https://github.com/twinatlas)"
#define CACHE_SIZE_LIMIT     (100 * 1000 * 1000)
#define CACHE_MAX_AGE        (7 * G_TIME_SPAN_DAY)
/* The OpenStreetMap tile policy allows two connections per client. */
#define MAX_CONNECTIONS      2
#define TIMEOUT_SECONDS      20

struct _TaTileDownloader
{
  ShumateDataSource parent_instance;

  /* owned */
  char *url_template;
  SoupSession *session;
  ShumateFileCache *cache;
};

G_DEFINE_FINAL_TYPE (TaTileDownloader, ta_tile_downloader, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_URL_TEMPLATE,
  N_PROPS
};

enum {
  DOWNLOAD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  int         x;
  int         y;
  int         zoom;
  SoupMessage *message;
  /* what the file cache had, if anything */
  GBytes     *cached;
  char       *etag;
  GDateTime  *modified;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->message);
  g_clear_pointer (&download->cached, g_bytes_unref);
  g_clear_pointer (&download->etag, g_free);
  g_clear_pointer (&download->modified, g_date_time_unref);
  g_free (download);
}

static gboolean
is_fresh (GDateTime *modified)
{
  g_autoptr(GDateTime) now = NULL;

  if (modified == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (now, modified) < CACHE_MAX_AGE;
}

static char *
format_http_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* RFC 9110 wants English names whatever the locale; build it by hand. */
  static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d GMT",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static void
ensure_session (TaTileDownloader *self)
{
  if (self->session != NULL)
    return;

  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "max-conns", MAX_CONNECTIONS,
                                                 "max-conns-per-host", MAX_CONNECTIONS,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 NULL);
}

/* Returns the cached tile when there is one, else reports the failure. */
static void
return_failure (GTask  *task,
                GError *error)
{
  TaTileDownloader *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);

  if (download->cached != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Tile %d/%d/%d: %s; using the cached copy",
               download->zoom, download->x, download->y, error->message);
      g_error_free (error);
      g_task_return_pointer (task, g_bytes_ref (download->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[DOWNLOAD_FAILED], 0, error);

  g_task_return_error (task, error);
}

static void
on_tile_stored (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error))
    g_debug ("Could not cache a tile: %s", error->message);
}

static void
on_tile_downloaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TaTileDownloader *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  guint status;
  const char *etag;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      return_failure (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (download->message);
  if (status == SOUP_STATUS_NOT_MODIFIED && download->cached != NULL)
    {
      shumate_file_cache_mark_up_to_date (self->cache, download->x, download->y, download->zoom);
      g_task_return_pointer (task, g_bytes_ref (download->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || g_bytes_get_size (bytes) == 0)
    {
      g_autofree char *uri = g_uri_to_string (soup_message_get_uri (download->message));

      return_failure (g_steal_pointer (&task),
                      g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("Downloading %s failed: HTTP %u %s"),
                                   uri, status, soup_status_get_phrase (status)));
      return;
    }

  g_signal_emit_by_name (self, "received-data", download->x, download->y, download->zoom, bytes);

  etag = soup_message_headers_get_one (soup_message_get_response_headers (download->message), "ETag");
  shumate_file_cache_store_tile_async (self->cache, download->x, download->y, download->zoom,
                                       bytes, etag, NULL, on_tile_stored, NULL);

  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
download_tile (GTask *task)
{
  TaTileDownloader *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;

  uri = ta_tile_downloader_get_tile_uri (self, download->x, download->y, download->zoom);
  download->message = soup_message_new (SOUP_METHOD_GET, uri);
  if (download->message == NULL)
    {
      return_failure (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                         _("“%s” is not a valid tile address"), uri));
      return;
    }

  headers = soup_message_get_request_headers (download->message);
  if (download->cached != NULL && download->etag != NULL)
    soup_message_headers_append (headers, "If-None-Match", download->etag);
  else if (download->cached != NULL && download->modified != NULL)
    {
      g_autofree char *since = format_http_date (download->modified);

      soup_message_headers_append (headers, "If-Modified-Since", since);
    }

  ensure_session (self);
  soup_session_send_and_read_async (self->session, download->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    on_tile_downloaded, task);
}

static void
on_cache_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TaTileDownloader *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);

  /* A miss is an error here, and not worth reporting. */
  download->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object),
                                                         &download->etag, &download->modified,
                                                         result, NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (download->cached != NULL)
    {
      /* Show the cached tile at once, even while it is revalidated. */
      g_signal_emit_by_name (self, "received-data", download->x, download->y, download->zoom,
                             download->cached);

      if (is_fresh (download->modified))
        {
          g_task_return_pointer (task, g_bytes_ref (download->cached), (GDestroyNotify) g_bytes_unref);
          return;
        }
    }

  download_tile (g_steal_pointer (&task));
}

static void
ta_tile_downloader_get_tile_data_async (ShumateDataSource   *source,
                                        int                  x,
                                        int                  y,
                                        int                  zoom,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (source);
  g_autoptr(GTask) task = NULL;
  Download *download;

  download = g_new0 (Download, 1);
  download->x = x;
  download->y = y;
  download->zoom = zoom;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_tile_downloader_get_tile_data_async);
  g_task_set_task_data (task, download, (GDestroyNotify) download_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom, cancellable,
                                     on_cache_read, g_steal_pointer (&task));
}

static GBytes *
ta_tile_downloader_get_tile_data_finish (ShumateDataSource  *source,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ta_tile_downloader_constructed (GObject *object)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (object);
  g_autofree char *cache_key = NULL;
  g_autofree char *cache_dir = NULL;

  G_OBJECT_CLASS (ta_tile_downloader_parent_class)->constructed (object);

  g_assert (self->url_template != NULL);

  /* One cache folder per tile server, named after its address. */
  cache_key = g_strcanon (g_strdup (self->url_template),
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", '_');
  cache_dir = g_build_filename (g_get_user_cache_dir (), "twin-atlas", "tiles", NULL);
  self->cache = shumate_file_cache_new_full (CACHE_SIZE_LIMIT, cache_key, cache_dir);
}

static void
ta_tile_downloader_dispose (GObject *object)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (ta_tile_downloader_parent_class)->dispose (object);
}

static void
ta_tile_downloader_finalize (GObject *object)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (object);

  g_clear_pointer (&self->url_template, g_free);

  G_OBJECT_CLASS (ta_tile_downloader_parent_class)->finalize (object);
}

static void
ta_tile_downloader_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      g_value_set_string (value, self->url_template);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_tile_downloader_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TaTileDownloader *self = TA_TILE_DOWNLOADER (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      self->url_template = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_tile_downloader_class_init (TaTileDownloaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->constructed = ta_tile_downloader_constructed;
  object_class->dispose = ta_tile_downloader_dispose;
  object_class->finalize = ta_tile_downloader_finalize;
  object_class->get_property = ta_tile_downloader_get_property;
  object_class->set_property = ta_tile_downloader_set_property;

  source_class->get_tile_data_async = ta_tile_downloader_get_tile_data_async;
  source_class->get_tile_data_finish = ta_tile_downloader_get_tile_data_finish;

  /* With {x}, {y} and {z} standing for the tile column, row and zoom level,
   * as in libshumate 1.0. */
  properties[PROP_URL_TEMPLATE] =
    g_param_spec_string ("url-template", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaTileDownloader::download-failed:
   * @self: the downloader
   * @error: why
   *
   * A tile could be had neither from the network nor from the cache.
   * Cancelled downloads are not failures.
   */
  signals[DOWNLOAD_FAILED] =
    g_signal_new ("download-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ta_tile_downloader_init (TaTileDownloader *self)
{
}

/**
 * ta_tile_downloader_new:
 * @url_template: the tile address, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`
 *
 * Returns: (transfer full): a new downloader
 */
TaTileDownloader *
ta_tile_downloader_new (const char *url_template)
{
  g_return_val_if_fail (url_template != NULL, NULL);

  return g_object_new (TA_TYPE_TILE_DOWNLOADER,
                       "url-template", url_template,
                       NULL);
}

const char *
ta_tile_downloader_get_url_template (TaTileDownloader *self)
{
  g_return_val_if_fail (TA_IS_TILE_DOWNLOADER (self), NULL);

  return self->url_template;
}

/**
 * ta_tile_downloader_get_user_agent:
 *
 * Returns: the User-Agent every tile request carries
 */
const char *
ta_tile_downloader_get_user_agent (void)
{
  return USER_AGENT;
}

/**
 * ta_tile_downloader_get_tile_uri:
 * @self: a #TaTileDownloader
 * @x: tile column
 * @y: tile row
 * @zoom: zoom level
 *
 * Returns: (transfer full): the address of the tile
 */
char *
ta_tile_downloader_get_tile_uri (TaTileDownloader *self,
                                 int               x,
                                 int               y,
                                 int               zoom)
{
  GString *uri;
  const char *p;

  g_return_val_if_fail (TA_IS_TILE_DOWNLOADER (self), NULL);

  uri = g_string_sized_new (strlen (self->url_template) + 16);

  p = self->url_template;
  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "{x}"))
        g_string_append_printf (uri, "%d", x);
      else if (g_str_has_prefix (p, "{y}"))
        g_string_append_printf (uri, "%d", y);
      else if (g_str_has_prefix (p, "{z}"))
        g_string_append_printf (uri, "%d", zoom);
      else
        {
          g_string_append_c (uri, *p);
          p++;
          continue;
        }

      p += strlen ("{x}");
    }

  return g_string_free (uri, FALSE);
}
