/* test-window.c: the atlas window, drawn for real under Xvfb
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test opens a TaWindow on a small synthetic atlas, lets the map draw
 * and reads back its pixels.  OpenStreetMap is played by a loopback
 * SoupServer serving one solid colour, or failing.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ta-basemap-private.h"
#include "ta-application.h"
#include "ta-db.h"
#include "ta-network-layer.h"
#include "ta-paths.h"
#include "ta-tile-downloader.h"
#include "ta-tile-source.h"
#include "ta-window.h"
#include "ta-gtk-test-util.h"

/* The loopback "OpenStreetMap" paints everything in this colour. */
#define ONLINE_COLOR 0xd0207f

static char *tmp_dir;
static char *atlas_path;

/* Fixtures */

static void
create_atlas (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);

  /* Synthetic towns in a made-up country; none of this is real data. */
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution)"
              "  VALUES ('test', 'Synthetic test fixture', 'CC0-1.0', 'none');"
              "INSERT INTO country (code, name_en, name_pl, name_de, source_id)"
              "  VALUES ('XA', 'Testland', 'Testlandia', 'Testland', 'test');"
              "INSERT INTO town (id, name, name_native, country_code, lat, lon, population, source_id)"
              "  VALUES (1, 'Probstadt', NULL, 'XA', 50.25, 8.75, 120000, 'test'),"
              "         (2, 'Testowo', 'Testowo Wielkie', 'XA', 52.5, 19.5, 80000, 'test'),"
              "         (3, 'Beispielfeld', NULL, 'XA', 47.0, 11.0, 5000, 'test');"
              "INSERT INTO link (town_a, town_b, source_id) VALUES (1, 2, 'test'), (1, 3, 'test');",
              &error);
  g_assert_no_error (error);
}

static GSettings *
reset_settings (void)
{
  GSettings *settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static gboolean
map_is_shown (gpointer data)
{
  GtkWidget *map = GTK_WIDGET (ta_window_get_map (data));

  return gtk_widget_get_mapped (map) && gtk_widget_get_width (map) > 0;
}

static TaWindow *
open_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (atlas_path, TA_DB_OPEN_READ_WRITE, &error);
  TaWindow *window;

  g_assert_no_error (error);

  window = ta_window_new (NULL);
  ta_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ta_test_wait_until (map_is_shown, window, 200));

  return window;
}

static void
close_window (TaWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  ta_test_wait_ms (50);
}

/* Pixels */

typedef struct
{
  TaWindow *window;
  double    lat;
  double    lon;
  guint32   rgb;
  int       tolerance;
  int       radius;
} Probe;

static int
channel_distance (guint32 a,
                  guint32 b)
{
  int d = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    d = MAX (d, ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));

  return d;
}

/* The map as the user would see it; NULL while nothing is drawn yet. */
static GdkTexture *
render_map (TaWindow *window)
{
  GtkWidget *map = GTK_WIDGET (ta_window_get_map (window));

  g_assert_cmpint (gtk_widget_get_width (map), >, 0);
  g_assert_cmpint (gtk_widget_get_height (map), >, 0);

  return ta_test_render_widget (map);
}

static guint32
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);

  /* Downloads as cairo's native-endian, premultiplied ARGB32. */
  gdk_texture_download (texture, data, (gsize) width * 4);
  memcpy (&argb, data + ((gsize) y * width + x) * 4, 4);

  return argb & 0xffffff;
}

/* Whether some pixel within @radius of the probe's place has its colour. */
static gboolean
probe_matches (gpointer data)
{
  Probe *probe = data;
  ShumateMap *map = ta_window_get_map (probe->window);
  g_autoptr(GdkTexture) texture = render_map (probe->window);
  double x, y;

  if (texture == NULL)
    return FALSE;

  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              probe->lat, probe->lon, &x, &y);

  for (int dy = -probe->radius; dy <= probe->radius; dy++)
    for (int dx = -probe->radius; dx <= probe->radius; dx++)
      {
        guint32 rgb = texture_pixel (texture, (int) x + dx, (int) y + dy);

        if (channel_distance (rgb, probe->rgb) <= probe->tolerance)
          return TRUE;
      }

  return FALSE;
}

static guint32
pixel_at (TaWindow *window,
          double    lat,
          double    lon)
{
  ShumateMap *map = ta_window_get_map (window);
  g_autoptr(GdkTexture) texture = render_map (window);
  double x, y;

  g_assert_nonnull (texture);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              lat, lon, &x, &y);
  return texture_pixel (texture, (int) x, (int) y);
}

static gboolean
view_is_at (gpointer data)
{
  Probe *probe = data;
  ShumateViewport *viewport = shumate_map_get_viewport (ta_window_get_map (probe->window));

  /* Within half a pixel at zoom 9 (see the settings test). */
  return G_APPROX_VALUE (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), probe->lat, 2e-3) &&
         G_APPROX_VALUE (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), probe->lon, 2e-3);
}

static TaNetworkLayer *
find_network_layer (TaWindow *window)
{
  GtkWidget *map = GTK_WIDGET (ta_window_get_map (window));

  for (GtkWidget *child = gtk_widget_get_first_child (map); child; child = gtk_widget_get_next_sibling (child))
    if (TA_IS_NETWORK_LAYER (child))
      return TA_NETWORK_LAYER (child);

  return NULL;
}

/* Toasts: AdwToastOverlay keeps no list, so look for the label. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);

  return n;
}

/* Loopback tile server */

typedef struct
{
  SoupServer *server;
  GBytes     *png;
  char       *url_template;
  char       *user_agent;
  guint       status;
  guint       n_requests;
} TileServer;

static cairo_status_t
append_png_data (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
create_solid_png (guint32 rgb)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_data, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
on_tile_request_cb (SoupServer        *server,
                    SoupServerMessage *message,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  TileServer *tiles = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  tiles->n_requests++;
  g_free (tiles->user_agent);
  tiles->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));

  if (tiles->status != SOUP_STATUS_OK)
    {
      soup_server_message_set_status (message, tiles->status, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (tiles->png, NULL),
                                    g_bytes_get_size (tiles->png));
}

static TileServer *
tile_server_new (const char *prefix)
{
  TileServer *tiles = g_new0 (TileServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;

  tiles->status = SOUP_STATUS_OK;
  tiles->png = create_solid_png (ONLINE_COLOR);
  tiles->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (tiles->server, "/", on_tile_request_cb, tiles, NULL);
  soup_server_listen_local (tiles->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (tiles->server);
  g_assert_nonnull (uris);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* A fresh prefix per test keeps the tile caches apart. */
  tiles->url_template = g_strdup_printf ("%s%s/{z}/{x}/{y}.png", base, prefix);
  return tiles;
}

static void
tile_server_free (TileServer *tiles)
{
  soup_server_disconnect (tiles->server);
  g_object_unref (tiles->server);
  g_bytes_unref (tiles->png);
  g_free (tiles->url_template);
  g_free (tiles->user_agent);
  g_free (tiles);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TileServer, tile_server_free)

/* Tests */

static void
test_offline_basemap (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  TaWindow *window;
  ShumateMap *map;
  Probe sea = { 0 }, land = { 0 };

  window = open_window ();
  map = ta_window_get_map (window);

  g_assert_cmpstr (ta_window_get_basemap (window), ==, TA_BASEMAP_OFFLINE);

  /* Tiles at the bottom, the towns and arcs above them. */
  g_assert_true (SHUMATE_IS_MAP_LAYER (gtk_widget_get_first_child (GTK_WIDGET (map))));
  g_assert_true (TA_IS_NETWORK_LAYER (gtk_widget_get_last_child (GTK_WIDGET (map))));
  g_assert_nonnull (ta_network_layer_get_network (find_network_layer (window)));
  g_assert_cmpuint (ta_network_get_n_towns (ta_network_layer_get_network (find_network_layer (window))), ==, 3);

  g_assert_true (TA_IS_TILE_SOURCE (shumate_viewport_get_reference_map_source (shumate_map_get_viewport (map))));

  /* Open Atlantic west of Portugal, and the forests north-east of Moscow. */
  sea = (Probe) { window, 40.0, -20.0, TA_BASEMAP_COLOR_SEA, 3, 0 };
  land = (Probe) { window, 58.0, 47.0, TA_BASEMAP_COLOR_LAND, 3, 4 };

  g_assert_true (ta_test_wait_until (probe_matches, &sea, 200));
  g_assert_true (ta_test_wait_until (probe_matches, &land, 200));

  /* And the two are told apart: the sea is no land colour. */
  g_assert_cmpint (channel_distance (pixel_at (window, 40.0, -20.0), TA_BASEMAP_COLOR_LAND), >, 20);

  close_window (window);
}

static void
test_settings_restore (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  ShumateViewport *viewport;
  TaWindow *window;
  int width, height;

  g_settings_set_double (settings, "map-latitude", 46.5);
  g_settings_set_double (settings, "map-longitude", 2.25);
  g_settings_set_double (settings, "map-zoom", 6.0);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = open_window ();
  viewport = shumate_map_get_viewport (ta_window_get_map (window));

  /* The window may move the centre by up to half a pixel, to put the
   * tiles on whole pixels: 0.011° at zoom 6. */
  g_assert_cmpfloat_with_epsilon (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), 46.5, 0.011);
  g_assert_cmpfloat_with_epsilon (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), 2.25, 0.011);
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (viewport), 6.0, 1e-6);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  /* The view is saved on close. */
  ta_test_wait_ms (100);
  shumate_viewport_set_zoom_level (viewport, 5.0);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 41.5, -3.75);
  close_window (window);

  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-latitude"), 41.5, 0.022);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-longitude"), -3.75, 0.022);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "map-zoom"), 5.0, 1e-6);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_online_tiles (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TileServer) tiles = tile_server_new ("/ok");
  TaWindow *window;
  Probe centre = { 0 };

  g_settings_set_string (settings, "osm-tile-url", tiles->url_template);

  window = open_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.basemap", "s", TA_BASEMAP_OPENSTREETMAP);
  g_assert_cmpstr (ta_window_get_basemap (window), ==, TA_BASEMAP_OPENSTREETMAP);
  g_assert_cmpstr (g_settings_get_string (settings, "basemap"), ==, TA_BASEMAP_OPENSTREETMAP);

  /* Away from the synthetic towns and their arcs. */
  centre = (Probe) { window, 45.0, -20.0, ONLINE_COLOR, 2, 0 };
  g_assert_true (ta_test_wait_until (probe_matches, &centre, 200));

  g_assert_cmpuint (tiles->n_requests, >, 0);
  g_assert_true (g_str_has_prefix (tiles->user_agent, "TwinAtlas/"));
  g_assert_cmpstr (tiles->user_agent, ==, ta_tile_downloader_get_user_agent ());
  g_assert_cmpstr (ta_window_get_basemap (window), ==, TA_BASEMAP_OPENSTREETMAP);

  close_window (window);
}

static gboolean
basemap_is_offline (gpointer data)
{
  return g_strcmp0 (ta_window_get_basemap (data), TA_BASEMAP_OFFLINE) == 0;
}

static void
check_fallback (TaWindow  *window,
                GSettings *settings)
{
  const char *message = _("OpenStreetMap is not reachable; showing the offline map");
  Probe sea = { window, 40.0, -20.0, TA_BASEMAP_COLOR_SEA, 3, 0 };

  g_assert_true (ta_test_wait_until (basemap_is_offline, window, 200));
  g_assert_cmpstr (g_settings_get_string (settings, "basemap"), ==, TA_BASEMAP_OFFLINE);
  g_assert_true (ta_test_wait_until (probe_matches, &sea, 200));

  /* Many tiles failed, the user is told once. */
  ta_test_wait_ms (500);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), message), ==, 1);
}

static void
test_online_fallback_error (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TileServer) tiles = tile_server_new ("/broken");
  TaWindow *window;

  tiles->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  g_settings_set_string (settings, "osm-tile-url", tiles->url_template);
  g_settings_set_string (settings, "basemap", TA_BASEMAP_OPENSTREETMAP);

  window = open_window ();
  check_fallback (window, settings);
  g_assert_cmpuint (tiles->n_requests, >, 0);

  close_window (window);
}

static void
test_online_fallback_unreachable (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TileServer) tiles = tile_server_new ("/gone");
  TaWindow *window;

  /* Nobody listens at the address any more. */
  soup_server_disconnect (tiles->server);
  g_settings_set_string (settings, "osm-tile-url", tiles->url_template);

  window = open_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.basemap", "s", TA_BASEMAP_OPENSTREETMAP);
  check_fallback (window, settings);
  g_assert_cmpuint (tiles->n_requests, ==, 0);

  close_window (window);
}

static void
test_search (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  TaWindow *window;
  GtkEditable *entry;
  GtkSearchBar *search_bar;
  GtkListBox *results;
  Probe destination = { 0 };
  guint n_rows = 0;

  window = open_window ();
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "search_entry"));
  search_bar = GTK_SEARCH_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "search_bar"));
  results = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "results_list"));

  g_assert_cmpint (ta_window_get_selected_town (window), ==, -1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));

  /* Results as one types, diacritics and case folded away. */
  gtk_editable_set_text (entry, "TESTÓWO");
  g_signal_emit_by_name (entry, "search-changed");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results)); row; row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 1);

  /* Enter flies to the first hit and selects it. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpint (ta_window_get_selected_town (window), ==, 2);
  g_assert_false (gtk_search_bar_get_search_mode (search_bar));

  /* The overlay shares the selection, both ways. */
  g_assert_cmpint (ta_network_layer_get_selected_town (find_network_layer (window)), ==, 2);
  ta_network_layer_set_selected_town (find_network_layer (window), 1);
  g_assert_cmpint (ta_window_get_selected_town (window), ==, 1);

  destination = (Probe) { window, 52.5, 19.5, 0, 0, 0 };
  g_assert_true (ta_test_wait_until (view_is_at, &destination, 200));
  g_assert_cmpfloat_with_epsilon (shumate_viewport_get_zoom_level (shumate_map_get_viewport (ta_window_get_map (window))),
                                  9.0, 1e-3);

  /* Clicking a result does what Enter does. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  gtk_editable_set_text (entry, "beispiel");
  g_signal_emit_by_name (entry, "search-changed");
  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (results, 0));
  g_assert_cmpint (ta_window_get_selected_town (window), ==, 3);
  destination = (Probe) { window, 47.0, 11.0, 0, 0, 0 };
  g_assert_true (ta_test_wait_until (view_is_at, &destination, 200));

  close_window (window);
}

static gboolean
zoom_is (gpointer data)
{
  Probe *probe = data;
  ShumateViewport *viewport = shumate_map_get_viewport (ta_window_get_map (probe->window));

  return G_APPROX_VALUE (shumate_viewport_get_zoom_level (viewport), probe->lat, 1e-6);
}

/* The map's own shortcut for @accelerator, or NULL. */
static GtkShortcut *
find_map_shortcut (TaWindow   *window,
                   const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (ta_window_get_map (window)));
  guint keyval;
  GdkModifierType modifiers;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &modifiers));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (gtk_shortcut_trigger_equal (trigger, wanted) ||
              (GTK_IS_ALTERNATIVE_TRIGGER (trigger) &&
               (gtk_shortcut_trigger_equal (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted) ||
                gtk_shortcut_trigger_equal (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), wanted))))
            return g_steal_pointer (&shortcut);
        }
    }

  return NULL;
}

static void
test_keyboard (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(GtkShortcut) plus = NULL;
  g_autoptr(GtkShortcut) right = NULL;
  g_autofree char *plus_action = NULL;
  ShumateViewport *viewport;
  TaWindow *window;
  Probe zoom = { 0 };
  double lon;

  window = open_window ();
  viewport = shumate_map_get_viewport (ta_window_get_map (window));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (ta_window_get_map (window))));

  /* The keys on the map lead to the window's actions ... */
  plus = find_map_shortcut (window, "plus");
  right = find_map_shortcut (window, "Right");
  g_assert_nonnull (plus);
  g_assert_nonnull (right);
  plus_action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (plus));
  g_assert_cmpstr (plus_action, ==, "action(win.zoom-in)");
  g_assert_true (g_variant_equal (gtk_shortcut_get_arguments (right), g_variant_new ("(ii)", 1, 0)));

  /* ... which zoom by whole levels and pan by a quarter of the view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  zoom = (Probe) { window, 5.0, 0, 0, 0, 0 };
  g_assert_true (ta_test_wait_until (zoom_is, &zoom, 200));

  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pan", "(ii)", 1, 0);
  g_assert_cmpfloat (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), >, lon + 5.0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  zoom = (Probe) { window, 4.0, 0, 0, 0, 0 };
  g_assert_true (ta_test_wait_until (zoom_is, &zoom, 200));

  close_window (window);
}

static void
test_database_error (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autofree char *path = g_build_filename (tmp_dir, "not-an-atlas.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  TaWindow *window;
  GtkStack *stack;
  AdwStatusPage *page;

  g_assert_true (g_file_set_contents (path, "This is a text file, not an atlas.\n", -1, NULL));
  db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_null (db);
  g_assert_nonnull (error);

  window = ta_window_new (NULL);
  ta_window_show_database_error (window, path, error);
  gtk_window_present (GTK_WINDOW (window));

  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "main_stack"));
  page = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "error_page"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "not-an-atlas.db"));
  g_assert_nonnull (strstr (adw_status_page_get_description (page), error->message));
  g_assert_cmpstr (ta_window_get_database_path (window), ==, path);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "search_button"))));

  close_window (window);
  g_unlink (path);
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, text))
      return TRUE;

  return FALSE;
}

static TaApplication *
register_application (void)
{
  g_autoptr(GError) error = NULL;
  TaApplication *app = ta_application_new ();

  /* No session bus here: a non-unique instance registers without one. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

static void
close_all_windows (TaApplication *app)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  ta_test_wait_ms (50);
}

static void
test_application_open_atlas (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TaApplication) app = register_application ();
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.db", NULL);
  g_autofree char *user_path = ta_paths_get_user_database ();
  g_autofree char *bundled_path = ta_paths_get_bundled_database ();
  TaWindow *atlas_window;
  TaWindow *missing_window;
  TaWindow *user_window;

  /* One window per atlas file, found again on the next request. */
  ta_application_open_atlas (app, atlas_path);
  atlas_window = TA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (ta_window_get_database (atlas_window));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (atlas_window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (atlas_window), "show-help-overlay"));
  ta_application_open_atlas (app, atlas_path);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  /* A missing file gets a window explaining so, not a crash. */
  ta_application_open_atlas (app, missing);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);
  missing_window = TA_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_assert_true (missing_window != atlas_window);
  g_assert_null (ta_window_get_database (missing_window));
  g_assert_cmpstr (ta_window_get_database_path (missing_window), ==, missing);

  /* Without --db: the user's atlas, copied from the bundled one first. */
  g_assert_true (g_file_test (bundled_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (user_path, G_FILE_TEST_EXISTS));
  ta_application_open_atlas (app, NULL);
  user_window = TA_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_assert_true (g_file_test (user_path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (ta_window_get_database (user_window));
  g_assert_cmpstr (ta_window_get_database_path (user_window), ==, user_path);

  close_all_windows (app);
}

static void
test_application_about (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  g_autoptr(TaApplication) app = register_application ();
  g_autoptr(GListModel) toplevels = NULL;
  AdwAboutWindow *about = NULL;

  ta_application_open_atlas (app, atlas_path);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (item))
        about = ADW_ABOUT_WINDOW (item);
    }

  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Twin Atlas");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (label_contains (GTK_WIDGET (about), "Twinning data: Wikidata (CC0)"));
  g_assert_true (label_contains (GTK_WIDGET (about), "GeoNames (geonames.org), CC BY 4.0"));
  g_assert_true (label_contains (GTK_WIDGET (about), "Country names: Debian iso-codes (LGPL-2.1+)"));

  gtk_window_destroy (GTK_WINDOW (about));
  close_all_windows (app);
}

static void
test_translation_polish (void)
{
  g_autoptr(GSettings) settings = NULL;
  TaWindow *window;
  GtkWidget *entry;
  g_autofree char *placeholder = NULL;

  if (g_strcmp0 (g_getenv ("LANGUAGE"), "pl") != 0)
    {
      g_test_skip ("runs with LANGUAGE=pl (the window-pl test)");
      return;
    }

  /* A string from the window template ... */
  settings = reset_settings ();
  window = open_window ();
  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), TA_TYPE_WINDOW, "search_entry"));
  g_object_get (entry, "placeholder-text", &placeholder, NULL);
  g_assert_cmpstr (placeholder, ==, "Szukaj miejscowości po nazwie");
  close_window (window);

  /* ... one from C, and Polish plurals: 1, 2–4 and 5+ take three forms. */
  g_assert_cmpstr (_("OpenStreetMap is not reachable; showing the offline map"), ==,
                   "OpenStreetMap jest nieosiągalny; wyświetlana jest mapa offline");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners", 1), ==, "%u miasto partnerskie");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners", 3), ==, "%u miasta partnerskie");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners", 5), ==, "%u miast partnerskich");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners", 22), ==, "%u miasta partnerskie");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Without a display (no xvfb-run) there is nothing to test: skip. */
  tmp_dir = ta_test_gtk_init (&argc, &argv, "test-window");
  if (tmp_dir == NULL)
    return 77;

  atlas_path = g_build_filename (tmp_dir, "atlas.db", NULL);
  create_atlas (atlas_path);

  g_test_add_func ("/ta/gui/window/offline-basemap", test_offline_basemap);
  g_test_add_func ("/ta/gui/window/settings-restore", test_settings_restore);
  g_test_add_func ("/ta/gui/window/online-tiles", test_online_tiles);
  g_test_add_func ("/ta/gui/window/online-fallback/http-error", test_online_fallback_error);
  g_test_add_func ("/ta/gui/window/online-fallback/unreachable", test_online_fallback_unreachable);
  g_test_add_func ("/ta/gui/window/search", test_search);
  g_test_add_func ("/ta/gui/window/keyboard", test_keyboard);
  g_test_add_func ("/ta/gui/window/database-error", test_database_error);
  g_test_add_func ("/ta/gui/application/open-atlas", test_application_open_atlas);
  g_test_add_func ("/ta/gui/application/about", test_application_about);
  g_test_add_func ("/ta/gui/translation/polish", test_translation_polish);

  status = g_test_run ();

  ta_test_remove_tree (tmp_dir);
  g_free (atlas_path);
  g_free (tmp_dir);

  return status;
}
