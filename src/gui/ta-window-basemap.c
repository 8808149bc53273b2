/* ta-window-basemap.c: the atlas window's offline and online basemaps
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ta-window-private.h"

#define OSM_MIN_ZOOM         0
#define OSM_MAX_ZOOM         19
/* How long the view must rest before it is put on whole pixels. */
#define SNAP_DELAY_MS        150

/* Attribution */

static void
update_attribution (TaWindow *self)
{
  g_autofree char *markup = NULL;
  g_autofree char *contributors = NULL;
  /* Names of projects and organisations; they are not translated. */
  static const char data_credits[] =
    "<a href=\"https://www.geonames.org/\">GeoNames</a> · "
    "<a href=\"https://www.wikidata.org/\">Wikidata</a> · "
    "<a href=\"https://www.wikipedia.org/\">Wikipedia</a>";

  if (g_strcmp0 (self->basemap_name, TA_BASEMAP_OPENSTREETMAP) == 0 && self->online_source != NULL)
    {
      contributors = g_markup_escape_text (_("OpenStreetMap contributors"), -1);
      markup = g_strdup_printf ("© <a href=\"https://www.openstreetmap.org/copyright\">%s</a> · %s",
                                contributors, data_credits);
    }
  else
    markup = g_strdup_printf ("© <a href=\"https://www.naturalearthdata.com/\">Natural Earth</a> · %s",
                              data_credits);

  gtk_label_set_markup (self->attribution_label, markup);
}

/* Tile seams */

/* libshumate 1.0.3 draws tiles at fractional pixel positions when the
 * centre of the view is not on a pixel, and the cairo renderer then leaves a
 * light hairline between neighbouring tiles.  Once the view rests at a whole
 * zoom level, its centre is moved by less than half a pixel so that the
 * tile grid lands on whole pixels.  Not while it moves: setting the
 * location would stop a running go-to animation. */
static void
snap_view_to_pixels (TaWindow *self)
{
  ShumateViewport *viewport = _ta_window_get_viewport (self);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double half_width = gtk_widget_get_width (GTK_WIDGET (self->map)) / 2.0;
  double half_height = gtk_widget_get_height (GTK_WIDGET (self->map)) / 2.0;
  double x, y, snapped_x, snapped_y;

  if (source == NULL || fabs (zoom - round (zoom)) > 1e-9)
    return;

  x = shumate_map_source_get_x (source, zoom, shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  y = shumate_map_source_get_y (source, zoom, shumate_location_get_latitude (SHUMATE_LOCATION (viewport)));
  snapped_x = round (x - half_width) + half_width;
  snapped_y = round (y - half_height) + half_height;

  if (fabs (snapped_x - x) < 1e-6 && fabs (snapped_y - y) < 1e-6)
    return;

  shumate_location_set_location (SHUMATE_LOCATION (viewport),
                                 shumate_map_source_get_latitude (source, zoom, snapped_y),
                                 shumate_map_source_get_longitude (source, zoom, snapped_x));
}

static gboolean
snap_view_cb (gpointer user_data)
{
  TaWindow *self = user_data;

  self->snap_timeout_id = 0;
  snap_view_to_pixels (self);

  return G_SOURCE_REMOVE;
}

static void
on_view_changed_cb (TaWindow *self)
{
  g_clear_handle_id (&self->snap_timeout_id, g_source_remove);
  self->snap_timeout_id = g_timeout_add (SNAP_DELAY_MS, snap_view_cb, self);
}

static gboolean
snap_view_once_allocated_cb (GtkWidget     *map,
                             GdkFrameClock *frame_clock,
                             gpointer       user_data)
{
  if (gtk_widget_get_width (map) == 0)
    return G_SOURCE_CONTINUE;

  snap_view_to_pixels (TA_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_map_mapped_cb (TaWindow  *self,
                  GtkWidget *map)
{
  gtk_widget_add_tick_callback (map, snap_view_once_allocated_cb, self, NULL);
}

/* Basemaps */

static void
on_scale_factor_changed_cb (TaWindow   *self,
                            GParamSpec *pspec,
                            GtkWidget  *map)
{
  if (self->offline_source == NULL)
    return;

  ta_tile_source_set_scale_factor (self->offline_source, gtk_widget_get_scale_factor (map));

  /* Tiles already shown were drawn for the old scale; a new layer asks
   * for all of them again. */
  if (self->tile_layer != NULL && g_strcmp0 (self->basemap_name, TA_BASEMAP_OFFLINE) == 0)
    _ta_window_apply_basemap (self);
}

static ShumateMapSource *
ensure_offline_source (TaWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->offline_source != NULL)
    return SHUMATE_MAP_SOURCE (self->offline_source);

  if (self->basemap == NULL)
    self->basemap = ta_basemap_new_default (&error);

  if (self->basemap == NULL)
    {
      g_message ("The offline map cannot be loaded: %s", error->message);
      if (!self->offline_failure_reported)
        {
          g_autofree char *title = g_strdup_printf (_("The offline map cannot be loaded: %s"), error->message);

          _ta_window_show_toast (self, title);
          self->offline_failure_reported = TRUE;
        }
      return NULL;
    }

  self->offline_source = ta_tile_source_new (self->basemap);
  ta_tile_source_set_scale_factor (self->offline_source,
                                   gtk_widget_get_scale_factor (GTK_WIDGET (self->map)));

  return SHUMATE_MAP_SOURCE (self->offline_source);
}

static gboolean
fall_back_to_offline_cb (gpointer user_data)
{
  TaWindow *self = user_data;

  self->fallback_idle_id = 0;

  if (g_strcmp0 (self->basemap_name, TA_BASEMAP_OPENSTREETMAP) != 0)
    return G_SOURCE_REMOVE;

  ta_window_set_basemap (self, TA_BASEMAP_OFFLINE);

  if (!self->online_failure_reported)
    {
      _ta_window_show_toast (self, _("OpenStreetMap is not reachable; showing the offline map"));
      self->online_failure_reported = TRUE;
    }

  return G_SOURCE_REMOVE;
}

static void
on_download_failed_cb (TaWindow         *self,
                       const GError     *error,
                       TaTileDownloader *downloader)
{
  g_debug ("OpenStreetMap tile failed: %s", error->message);

  /* Switch outside the downloader's own signal emission, and only once
   * however many tiles fail together. */
  if (self->fallback_idle_id == 0 && downloader == self->downloader)
    self->fallback_idle_id = g_idle_add (fall_back_to_offline_cb, self);
}

void
_ta_window_drop_online_source (TaWindow *self)
{
  if (self->downloader != NULL)
    g_signal_handlers_disconnect_by_data (self->downloader, self);

  g_clear_object (&self->downloader);
  g_clear_object (&self->online_source);
}

static ShumateMapSource *
ensure_online_source (TaWindow *self)
{
  g_autofree char *url = NULL;

  if (self->online_source != NULL)
    return self->online_source;

  url = g_settings_get_string (self->settings, "osm-tile-url");
  self->downloader = ta_tile_downloader_new (url);
  g_signal_connect_object (self->downloader, "download-failed",
                           G_CALLBACK (on_download_failed_cb), self,
                           G_CONNECT_SWAPPED);

  self->online_source = SHUMATE_MAP_SOURCE (
    shumate_raster_renderer_new_full ("twin-atlas-openstreetmap",
                                      _("OpenStreetMap"),
                                      _("© OpenStreetMap contributors"),
                                      "https://www.openstreetmap.org/copyright",
                                      OSM_MIN_ZOOM, OSM_MAX_ZOOM, 256,
                                      SHUMATE_MAP_PROJECTION_MERCATOR,
                                      SHUMATE_DATA_SOURCE (self->downloader)));

  return self->online_source;
}

static void
set_tile_source (TaWindow         *self,
                 ShumateMapSource *source)
{
  ShumateViewport *viewport = _ta_window_get_viewport (self);
  double zoom;

  if (self->tile_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->tile_layer));
      self->tile_layer = NULL;
    }

  if (source == NULL)
    return;

  zoom = shumate_viewport_get_zoom_level (viewport);
  shumate_map_set_map_source (self->map, source);
  shumate_viewport_set_min_zoom_level (viewport, shumate_map_source_get_min_zoom_level (source));
  shumate_viewport_set_max_zoom_level (viewport, shumate_map_source_get_max_zoom_level (source));
  shumate_viewport_set_zoom_level (viewport,
                                   CLAMP (zoom,
                                          shumate_map_source_get_min_zoom_level (source),
                                          shumate_map_source_get_max_zoom_level (source)));

  /* The tiles go beneath every other layer. */
  self->tile_layer = shumate_map_layer_new (source, viewport);
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (self->tile_layer), NULL);

  /* ShumateMapLayer recomputes its tile grid from a default-priority idle,
   * which starves while frames are slow: tiles then lag behind the overlays
   * during pans and zooms.  Redrawing the layer on every viewport change
   * keeps them in step. */
  g_signal_connect_object (viewport, "notify",
                           G_CALLBACK (gtk_widget_queue_draw), self->tile_layer,
                           G_CONNECT_SWAPPED);

  _ta_window_update_zoom_actions (self);
}

void
_ta_window_apply_basemap (TaWindow *self)
{
  ShumateMapSource *source = NULL;

  g_clear_handle_id (&self->fallback_idle_id, g_source_remove);

  if (g_strcmp0 (self->basemap_name, TA_BASEMAP_OPENSTREETMAP) == 0)
    source = ensure_online_source (self);
  else
    {
      _ta_window_drop_online_source (self);
      source = ensure_offline_source (self);
    }

  set_tile_source (self, source);
  update_attribution (self);
}

/* Setting up */

void
_ta_window_basemap_init (TaWindow *self)
{
  ShumateViewport *viewport = _ta_window_get_viewport (self);

  g_signal_connect_object (viewport, "notify::longitude",
                           G_CALLBACK (on_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::latitude",
                           G_CALLBACK (on_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (on_view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map, "map",
                           G_CALLBACK (on_map_mapped_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map, "notify::scale-factor",
                           G_CALLBACK (on_scale_factor_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
