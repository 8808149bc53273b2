/* ta-tile-source.c: the offline basemap as a libshumate map source
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tiles are drawn by the core's TaBasemap in worker threads into cairo image
 * surfaces, which become GdkMemoryTextures without a copy: cairo's ARGB32 is
 * premultiplied and native-endian, which is exactly GDK_MEMORY_DEFAULT.  The
 * ShumateTile itself is only touched on the main thread.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-tile-source.h"

#define TILE_SIZE     256
#define MIN_ZOOM      0
#define MAX_ZOOM      12
#define MAX_SCALE     4

struct _TaTileSource
{
  ShumateMapSource parent_instance;

  /* owned */
  TaBasemap *basemap;

  int scale_factor;
};

G_DEFINE_FINAL_TYPE (TaTileSource, ta_tile_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_BASEMAP,
  PROP_SCALE_FACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One tile to draw.  The worker reads only the plain fields and the
 * immutable basemap; the tile is handed back to the main thread. */
typedef struct
{
  TaBasemap   *basemap;
  ShumateTile *tile;
  guint        zoom;
  guint        x;
  guint        y;
  guint        size;
  int          scale_factor;
  int          pixel_size;
  int          stride;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->basemap);
  g_clear_object (&job->tile);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderJob, render_job_free)

static void
update_id (TaTileSource *self)
{
  g_autofree char *id = NULL;

  /* The id keys libshumate's memory cache: tiles drawn for another scale
   * factor or another style must never be mistaken for these. */
  if (self->scale_factor > 1)
    id = g_strdup_printf ("twin-atlas-%s@%dx", ta_basemap_get_id (self->basemap), self->scale_factor);
  else
    id = g_strdup_printf ("twin-atlas-%s", ta_basemap_get_id (self->basemap));

  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), id);
}

static void
render_tile_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  RenderJob *job = task_data;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GBytes *pixels;

  if (g_task_return_error_if_cancelled (task))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->pixel_size, job->pixel_size);
  cr = cairo_create (surface);
  ta_basemap_render_tile (job->basemap, cr, job->zoom, job->x, job->y, job->size, job->scale_factor);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Drawing tile %u/%u/%u failed: %s",
                               job->zoom, job->x, job->y, cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return;
    }

  /* The texture keeps the surface alive instead of copying its pixels. */
  job->stride = cairo_image_surface_get_stride (surface);
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) job->stride * job->pixel_size,
                                       (GDestroyNotify) cairo_surface_destroy,
                                       surface);
  g_task_return_pointer (task, pixels, (GDestroyNotify) g_bytes_unref);
}

static void
on_tile_rendered (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  RenderJob *job;

  g_assert (G_IS_TASK (task));

  job = g_task_get_task_data (task);
  pixels = g_task_propagate_pointer (G_TASK (result), &error);

  if (pixels == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A tile scrolled out of view meanwhile must stay untouched. */
  if (g_task_return_error_if_cancelled (task))
    return;

  texture = gdk_memory_texture_new (job->pixel_size, job->pixel_size,
                                    GDK_MEMORY_DEFAULT, pixels, job->stride);
  shumate_tile_set_paintable (job->tile, GDK_PAINTABLE (texture));
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (task, TRUE);
}

static void
ta_tile_source_fill_tile_async (ShumateMapSource    *source,
                                ShumateTile         *tile,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TaTileSource *self = TA_TILE_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  RenderJob *job;

  g_return_if_fail (SHUMATE_IS_TILE (tile));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (RenderJob, 1);
  job->basemap = g_object_ref (self->basemap);
  job->tile = g_object_ref (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->size = shumate_tile_get_size (tile);
  job->scale_factor = self->scale_factor;
  job->pixel_size = (int) job->size * self->scale_factor;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_tile_source_fill_tile_async);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);

  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);

  /* The worker task shares the job; it finishes on this (main) thread. */
  worker = g_task_new (self, cancellable, on_tile_rendered, g_steal_pointer (&task));
  g_task_set_source_tag (worker, render_tile_in_thread);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, render_tile_in_thread);
}

static gboolean
ta_tile_source_fill_tile_finish (ShumateMapSource  *source,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ta_tile_source_constructed (GObject *object)
{
  TaTileSource *self = TA_TILE_SOURCE (object);
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (object);

  G_OBJECT_CLASS (ta_tile_source_parent_class)->constructed (object);

  g_assert (self->basemap != NULL);

  update_id (self);
  shumate_map_source_set_name (source, _("Offline map (Natural Earth)"));
  shumate_map_source_set_license (source, _("Made with Natural Earth"));
  shumate_map_source_set_license_uri (source, "https://www.naturalearthdata.com/");
  shumate_map_source_set_min_zoom_level (source, MIN_ZOOM);
  shumate_map_source_set_max_zoom_level (source, MAX_ZOOM);
  shumate_map_source_set_tile_size (source, TILE_SIZE);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
}

static void
ta_tile_source_dispose (GObject *object)
{
  TaTileSource *self = TA_TILE_SOURCE (object);

  g_clear_object (&self->basemap);

  G_OBJECT_CLASS (ta_tile_source_parent_class)->dispose (object);
}

static void
ta_tile_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TaTileSource *self = TA_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      g_value_set_object (value, self->basemap);
      break;

    case PROP_SCALE_FACTOR:
      g_value_set_int (value, self->scale_factor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_tile_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TaTileSource *self = TA_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_BASEMAP:
      self->basemap = g_value_dup_object (value);
      break;

    case PROP_SCALE_FACTOR:
      ta_tile_source_set_scale_factor (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_tile_source_class_init (TaTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = ta_tile_source_constructed;
  object_class->dispose = ta_tile_source_dispose;
  object_class->get_property = ta_tile_source_get_property;
  object_class->set_property = ta_tile_source_set_property;

  source_class->fill_tile_async = ta_tile_source_fill_tile_async;
  source_class->fill_tile_finish = ta_tile_source_fill_tile_finish;

  properties[PROP_BASEMAP] =
    g_param_spec_object ("basemap", NULL, NULL,
                         TA_TYPE_BASEMAP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Device pixels per logical pixel of the widget showing the tiles. */
  properties[PROP_SCALE_FACTOR] =
    g_param_spec_int ("scale-factor", NULL, NULL,
                      1, MAX_SCALE, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ta_tile_source_init (TaTileSource *self)
{
  self->scale_factor = 1;
}

/**
 * ta_tile_source_new:
 * @basemap: the offline basemap to draw
 *
 * Returns: (transfer full): a map source drawing @basemap
 */
TaTileSource *
ta_tile_source_new (TaBasemap *basemap)
{
  g_return_val_if_fail (TA_IS_BASEMAP (basemap), NULL);

  return g_object_new (TA_TYPE_TILE_SOURCE,
                       "basemap", basemap,
                       NULL);
}

TaBasemap *
ta_tile_source_get_basemap (TaTileSource *self)
{
  g_return_val_if_fail (TA_IS_TILE_SOURCE (self), NULL);

  return self->basemap;
}

int
ta_tile_source_get_scale_factor (TaTileSource *self)
{
  g_return_val_if_fail (TA_IS_TILE_SOURCE (self), 1);

  return self->scale_factor;
}

/**
 * ta_tile_source_set_scale_factor:
 * @self: a #TaTileSource
 * @scale_factor: device pixels per logical pixel, 1 to 4
 *
 * Tiles requested from now on are drawn with @scale_factor times as many
 * pixels, so they stay sharp on HiDPI screens.  The source id changes with
 * it, so cached tiles of the old resolution are not reused.
 */
void
ta_tile_source_set_scale_factor (TaTileSource *self,
                                 int           scale_factor)
{
  g_return_if_fail (TA_IS_TILE_SOURCE (self));

  scale_factor = CLAMP (scale_factor, 1, MAX_SCALE);
  if (self->scale_factor == scale_factor)
    return;

  self->scale_factor = scale_factor;
  if (self->basemap != NULL)
    update_id (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_FACTOR]);
}
