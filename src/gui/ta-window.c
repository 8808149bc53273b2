/* ta-window.c: the atlas window
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A header bar with the town search and the main menu above the map.  The
 * map is the content of two AdwFlaps, left for the filter panel and right
 * for the side panel: TaTownPanel for the selected town, TaLinkView for the
 * selected link.  Edits go through one TaEditor per atlas: win.undo and
 * win.redo follow its stacks, and every saved change reloads the map.  The
 * basemap is either the offline TaTileSource or OpenStreetMap tiles; when
 * OpenStreetMap cannot be reached the window falls back to the offline map
 * and says so once.  The towns and their links are drawn above the tiles by
 * TaNetworkLayer, which shares the window's "selected-town".
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ta-basemap.h"
#include "ta-editor.h"
#include "ta-filter-panel.h"
#include "ta-import-dialog.h"
#include "ta-time-bar.h"
#include "ta-stats-view.h"
#include "ta-link-view.h"
#include "ta-network.h"
#include "ta-network-layer.h"
#include "ta-paths.h"
#include "ta-print.h"
#include "ta-print-dialog.h"
#include "ta-projection.h"
#include "ta-search.h"
#include "ta-tile-downloader.h"
#include "ta-tile-source.h"
#include "ta-town-dialog.h"
#include "ta-town-panel.h"
#include "ta-window.h"

#define SEARCH_LIMIT         12
#define TOWN_ZOOM            9.0
#define ZOOM_DURATION_MS     200
#define OSM_MIN_ZOOM         0
#define OSM_MAX_ZOOM         19
/* How long the view must rest before it is put on whole pixels. */
#define SNAP_DELAY_MS        150
/* Arrow keys move the map by this part of its width or height. */
#define PAN_FRACTION         0.25

struct _TaWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkToggleButton     *search_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *main_stack;
  AdwFlap             *filter_flap;
  TaFilterPanel       *filter_panel;
  TaTimeBar           *time_bar;
  TaStatsView         *stats_view;
  AdwFlap             *town_flap;
  ShumateMap          *map;
  GtkRevealer         *results_revealer;
  GtkListBox          *results_list;
  ShumateScale        *scale;
  GtkLabel            *attribution_label;
  AdwStatusPage       *error_page;
  GtkStack            *side_stack;
  TaTownPanel         *town_panel;
  TaLinkView          *link_view;

  /* borrowed: the map owns its layers */
  ShumateMapLayer     *tile_layer;
  TaNetworkLayer      *network_layer;

  /* owned */
  GSettings           *settings;
  TaDb                *db;
  char                *database_path;
  TaBasemap           *basemap;
  TaTileSource        *offline_source;
  ShumateMapSource    *online_source;
  TaTileDownloader    *downloader;
  GPtrArray           *hits;
  char                *hits_text;
  char                *basemap_name;
  TaEditor            *editor;          /* NULL for a read-only atlas */
  GTask               *pick_task;       /* a pending ta_window_pick_location_async() */
  AdwToast            *pick_toast;

  gint64               selected_town;
  gint64               selected_link;
  guint                fallback_idle_id;
  guint                hide_panel_idle_id;
  guint                snap_timeout_id;
  gboolean             online_failure_reported;
  gboolean             offline_failure_reported;
};

G_DEFINE_FINAL_TYPE (TaWindow, ta_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_BASEMAP,
  PROP_SELECTED_TOWN,
  PROP_SELECTED_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void apply_basemap (TaWindow *self);

/* Helpers */

static ShumateViewport *
get_viewport (TaWindow *self)
{
  return shumate_map_get_viewport (self->map);
}

static void
show_toast (TaWindow   *self,
            const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_zoom_actions (TaWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);
  double zoom = shumate_viewport_get_zoom_level (viewport);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 zoom < shumate_viewport_get_max_zoom_level (viewport));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 zoom > shumate_viewport_get_min_zoom_level (viewport));
}

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

/* libshumate 1.0.3 draws tiles at fractional pixel positions when the
 * centre of the view is not on a pixel, and the cairo renderer then leaves a
 * light hairline between neighbouring tiles.  Once the view rests at a whole
 * zoom level, its centre is moved by less than half a pixel so that the
 * tile grid lands on whole pixels.  Not while it moves: setting the
 * location would stop a running go-to animation. */
static void
snap_view_to_pixels (TaWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);
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
    apply_basemap (self);
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

          show_toast (self, title);
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
      show_toast (self, _("OpenStreetMap is not reachable; showing the offline map"));
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

static void
drop_online_source (TaWindow *self)
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
  ShumateViewport *viewport = get_viewport (self);
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

  update_zoom_actions (self);
}

static void
apply_basemap (TaWindow *self)
{
  ShumateMapSource *source = NULL;

  g_clear_handle_id (&self->fallback_idle_id, g_source_remove);

  if (g_strcmp0 (self->basemap_name, TA_BASEMAP_OPENSTREETMAP) == 0)
    source = ensure_online_source (self);
  else
    {
      drop_online_source (self);
      source = ensure_offline_source (self);
    }

  set_tile_source (self, source);
  update_attribution (self);
}

/* Towns and links */

static void
load_network (TaWindow *self)
{
  g_autoptr(TaNetwork) network = NULL;
  g_autoptr(GError) error = NULL;

  if (self->db != NULL)
    {
      network = ta_network_load (self->db, &error);
      if (network == NULL)
        {
          g_autofree char *title = g_strdup_printf (_("The towns cannot be shown: %s"), error->message);

          show_toast (self, title);
        }
    }

  /* The filter panel hands the filtered view to the map when it is ready. */
  ta_filter_panel_set_network (self->filter_panel, network);
}

static void
on_visible_network_cb (TaWindow *self)
{
  ta_network_layer_set_network (self->network_layer,
                                ta_filter_panel_get_visible_network (self->filter_panel));
}

/* Side panels and editing */

static gboolean
hide_side_panel_cb (gpointer user_data)
{
  TaWindow *self = user_data;

  self->hide_panel_idle_id = 0;
  if (self->selected_town < 0 && self->selected_link < 0)
    adw_flap_set_reveal_flap (self->town_flap, FALSE);

  return G_SOURCE_REMOVE;
}

/* The town panel, the link view or nothing, after the selection. */
static void
update_side_panel (TaWindow *self)
{
  ta_town_panel_set_town (self->town_panel, self->selected_town);
  ta_link_view_set_link (self->link_view, self->selected_link);
  ta_link_view_set_can_go_back (self->link_view, self->selected_town >= 0);

  if (self->selected_link >= 0)
    gtk_stack_set_visible_child (self->side_stack, GTK_WIDGET (self->link_view));
  else if (self->selected_town >= 0)
    gtk_stack_set_visible_child (self->side_stack, GTK_WIDGET (self->town_panel));

  /* A click on an arc clears the town before it selects the link: close
   * the panel only if nothing is selected once that is over. */
  if (self->selected_town >= 0 || self->selected_link >= 0)
    {
      g_clear_handle_id (&self->hide_panel_idle_id, g_source_remove);
      adw_flap_set_reveal_flap (self->town_flap, TRUE);
    }
  else if (self->hide_panel_idle_id == 0)
    self->hide_panel_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, hide_side_panel_cb, self, NULL);
}

static void
clear_selection (TaWindow *self)
{
  ta_window_set_selected_link (self, -1);
  ta_window_set_selected_town (self, -1);
}

/* A folded flap hides itself on a click beside it: then nothing is selected. */
static void
on_flap_revealed_cb (TaWindow *self)
{
  if (!adw_flap_get_reveal_flap (self->town_flap))
    clear_selection (self);
}

static void
on_town_chosen_cb (TaWindow *self,
                   gint64    town_id,
                   double    lat,
                   double    lon)
{
  ta_window_set_selected_link (self, -1);
  ta_window_set_selected_town (self, town_id);
  ta_window_go_to (self, lat, lon, shumate_viewport_get_zoom_level (get_viewport (self)));
}

static void
on_link_chosen_cb (TaWindow *self,
                   gint64    link_id)
{
  ta_window_set_selected_link (self, link_id);
}

static void
on_link_back_cb (TaWindow *self)
{
  ta_window_set_selected_link (self, -1);
}

static void
update_undo_actions (TaWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->editor != NULL && ta_editor_get_can_undo (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 self->editor != NULL && ta_editor_get_can_redo (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-town", self->editor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-data", self->editor != NULL);
}

static void
on_editor_changed_cb (TaWindow *self,
                      gboolean  network_changed)
{
  /* Towns and links are drawn from a loaded copy: load it again. */
  if (network_changed)
    load_network (self);
}

static void
set_editor (TaWindow *self,
            TaDb     *db)
{
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  g_clear_object (&self->editor);

  if (db != NULL && !ta_db_is_read_only (db))
    {
      self->editor = ta_editor_new (db);
      g_signal_connect_object (self->editor, "notify::can-undo",
                               G_CALLBACK (update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "notify::can-redo",
                               G_CALLBACK (update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "changed",
                               G_CALLBACK (on_editor_changed_cb), self, G_CONNECT_SWAPPED);
    }

  ta_town_panel_set_database (self->town_panel, db, self->editor);
  ta_link_view_set_database (self->link_view, db, self->editor);
  update_undo_actions (self);
}

static void
replay_edit (TaWindow *self,
             gboolean  undo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = g_strdup (undo ? ta_editor_get_undo_label (self->editor)
                                          : ta_editor_get_redo_label (self->editor));
  g_autofree char *title = NULL;

  if (undo ? ta_editor_undo (self->editor, &error) : ta_editor_redo (self->editor, &error))
    /* Translators: %s is an edit such as "Add Exchange". */
    title = g_strdup_printf (undo ? _("Undone: %s") : _("Redone: %s"), label);
  else
    title = g_strdup_printf (undo ? _("Could not undo: %s") : _("Could not redo: %s"), error->message);

  show_toast (self, title);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  replay_edit (TA_WINDOW (widget), TRUE);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  replay_edit (TA_WINDOW (widget), FALSE);
}

static void
on_town_added_cb (TaWindow       *self,
                  gint64          town_id,
                  TaRecordDialog *dialog)
{
  const TaTownDetails *details;

  ta_window_set_selected_link (self, -1);
  ta_window_set_selected_town (self, town_id);

  details = ta_town_panel_get_details (self->town_panel);
  if (details != NULL)
    ta_window_go_to (self, details->town.lat, details->town.lon,
                     MAX (shumate_viewport_get_zoom_level (get_viewport (self)), TOWN_ZOOM));
}

static void
add_town_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);
  TaTownDialog *dialog = ta_town_dialog_new (GTK_WINDOW (self), self->editor, NULL);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_town_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing and export: the links the filter shows, over the area in view */

static gboolean
get_print_source (TaWindow      *self,
                  TaPrintSource *source)
{
  ShumateViewport *viewport = get_viewport (self);
  ShumateMapSource *map_source = shumate_viewport_get_reference_map_source (viewport);
  double tile = map_source != NULL ? shumate_map_source_get_tile_size (map_source) : TA_PROJECTION_TILE_SIZE;
  double ppu = tile * exp2 (shumate_viewport_get_zoom_level (viewport));
  double cx = ta_projection_lon_to_unit_x (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  double cy = ta_projection_lat_to_unit_y (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)));
  double half_w = gtk_widget_get_width (GTK_WIDGET (self->map)) / 2.0 / ppu;
  double half_h = gtk_widget_get_height (GTK_WIDGET (self->map)) / 2.0 / ppu;

  source->db = self->db;
  source->basemap = self->basemap;
  source->network = ta_filter_panel_get_network (self->filter_panel);
  source->filter = ta_filter_panel_get_filter (self->filter_panel);
  source->page_setup = NULL;
  if (self->db == NULL || source->network == NULL)
    {
      show_toast (self, _("The atlas is still loading"));
      return FALSE;
    }

  source->area.west = ta_projection_unit_x_to_lon (MAX (cx - half_w, 0.0));
  source->area.east = ta_projection_unit_x_to_lon (MIN (cx + half_w, 1.0));
  source->area.north = ta_projection_unit_y_to_lat (MAX (cy - half_h, 0.0));
  source->area.south = ta_projection_unit_y_to_lat (MIN (cy + half_h, 1.0));
  return TRUE;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);
  TaPrintSource source = { 0 };

  if (get_print_source (self, &source))
    gtk_window_present (GTK_WINDOW (ta_print_dialog_new (GTK_WINDOW (self), &source, TA_PRINT_DIALOG_PRINT)));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);
  TaPrintSource source = { 0 };
  TaPrintDialogMode mode = g_str_equal (action_name, "win.export-report") ? TA_PRINT_DIALOG_REPORT
                                                                          : TA_PRINT_DIALOG_EXPORT;

  if (get_print_source (self, &source))
    gtk_window_present (GTK_WINDOW (ta_print_dialog_new (GTK_WINDOW (self), &source, mode)));
}

/* Importing and exporting data files */

static void
on_data_imported_cb (const char *message,
                     gpointer    user_data)
{
  TaWindow *self = user_data;

  /* The same path as a saved edit: the map and panels are drawn from a
   * loaded copy of the atlas. */
  show_toast (self, message);
  load_network (self);
  update_side_panel (self);
}

static void
import_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);

  if (self->db != NULL)
    ta_import_dialog_run (GTK_WINDOW (self), self->db, on_data_imported_cb, self);
}

static void
on_data_exported_cb (const char *message,
                     gpointer    user_data)
{
  show_toast (TA_WINDOW (user_data), message);
}

static void
export_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);

  if (self->db != NULL)
    ta_export_data_run (GTK_WINDOW (self), self->db, ta_filter_panel_get_filter (self->filter_panel),
                        on_data_exported_cb, self);
}

/* Picking a position on the map */

static void on_pick_cancelled_cb (GCancellable *cancellable,
                                  TaWindow     *self);

static void
finish_pick (TaWindow *self,
             gboolean  picked,
             double    lat,
             double    lon)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->pick_task);
  double *position;

  if (task == NULL)
    return;

  if (g_task_get_cancellable (task) != NULL)
    g_signal_handlers_disconnect_by_func (g_task_get_cancellable (task), on_pick_cancelled_cb, self);
  if (self->pick_toast != NULL)
    adw_toast_dismiss (self->pick_toast);
  g_clear_object (&self->pick_toast);
  gtk_widget_set_cursor (GTK_WIDGET (self->map), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-pick", FALSE);

  if (!picked)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No position was picked"));
      return;
    }

  position = g_new (double, 2);
  position[0] = lat;
  position[1] = lon;
  g_task_return_pointer (task, position, g_free);
}

static void
cancel_pick_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  finish_pick (TA_WINDOW (widget), FALSE, 0, 0);
}

static void
on_pick_cancelled_cb (GCancellable *cancellable,
                      TaWindow     *self)
{
  finish_pick (self, FALSE, 0, 0);
}

/* While picking, the click is the map's position, not a pan or a town. */
static void
on_pick_pressed_cb (TaWindow        *self,
                    int              n_press,
                    double           x,
                    double           y,
                    GtkGestureClick *gesture)
{
  if (self->pick_task != NULL)
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_pick_released_cb (TaWindow        *self,
                     int              n_press,
                     double           x,
                     double           y,
                     GtkGestureClick *gesture)
{
  double lat, lon;

  if (self->pick_task == NULL)
    return;

  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (self->map), x, y, &lat, &lon);
  /* The map repeats sideways: bring the longitude back into range. */
  lon = fmod (fmod (lon + 180.0, 360.0) + 360.0, 360.0) - 180.0;
  finish_pick (self, TRUE, CLAMP (lat, -90.0, 90.0), lon);
}

/* Search */

static void
hide_results (TaWindow *self)
{
  gtk_revealer_set_reveal_child (self->results_revealer, FALSE);
}

static GtkWidget *
create_result_row (const TaTownHit *hit)
{
  GtkWidget *row;
  GtkWidget *partners;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  const char *country;
  GString *details = g_string_new (NULL);

  if (hit->name_native != NULL && g_strcmp0 (hit->name_native, hit->name) != 0)
    g_string_append (details, hit->name_native);

  country = hit->country_name != NULL ? hit->country_name : hit->country_code;
  if (country != NULL)
    {
      if (details->len > 0)
        g_string_append (details, " · ");
      g_string_append (details, country);
    }

  title = g_markup_escape_text (hit->name, -1);
  subtitle = g_markup_escape_text (details->str, -1);
  g_string_free (details, TRUE);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners", hit->n_partners),
                           hit->n_partners);
  partners = gtk_label_new (count);
  gtk_widget_add_css_class (partners, "dim-label");
  gtk_widget_add_css_class (partners, "partner-count");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), partners);

  return row;
}

static void
clear_results (TaWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);

  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->hits_text, g_free);
}

static void
run_search (TaWindow   *self,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  clear_results (self);

  if (self->db == NULL || *stripped == '\0')
    {
      hide_results (self);
      return;
    }

  self->hits = ta_search_towns (self->db, stripped, SEARCH_LIMIT, &error);
  self->hits_text = g_strdup (text);

  if (self->hits == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Searching failed: %s"), error->message);

      show_toast (self, title);
      hide_results (self);
      return;
    }

  if (self->hits->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No towns found"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_sensitive (row, FALSE);
      gtk_list_box_append (self->results_list, row);
    }

  for (guint i = 0; i < self->hits->len; i++)
    gtk_list_box_append (self->results_list, create_result_row (g_ptr_array_index (self->hits, i)));

  gtk_revealer_set_reveal_child (self->results_revealer, TRUE);
}

static void
close_search (TaWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  hide_results (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

static void
go_to_hit (TaWindow *self,
           guint     index)
{
  const TaTownHit *hit;
  gint64 town_id;
  double lat, lon;

  if (self->hits == NULL || index >= self->hits->len)
    return;

  hit = g_ptr_array_index (self->hits, index);
  town_id = hit->id;
  lat = hit->lat;
  lon = hit->lon;

  /* Closing the search clears the entry and with it the hits. */
  close_search (self);
  ta_window_go_to (self, lat, lon, TOWN_ZOOM);
  ta_window_set_selected_town (self, town_id);
}

static void
on_search_changed_cb (TaWindow       *self,
                      GtkSearchEntry *entry)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_activate_cb (TaWindow       *self,
                       GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* Enter may come before the delayed search-changed. */
  if (g_strcmp0 (text, self->hits_text) != 0)
    run_search (self, text);

  go_to_hit (self, 0);
}

static void
on_search_stop_cb (TaWindow       *self,
                   GtkSearchEntry *entry)
{
  close_search (self);
}

static gboolean
on_search_key_pressed_cb (TaWindow              *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first != NULL && gtk_revealer_get_reveal_child (self->results_revealer))
    gtk_widget_grab_focus (GTK_WIDGET (first));

  /* Down must not reach the map and move it while typing. */
  return GDK_EVENT_STOP;
}

static gboolean
on_results_keynav_failed_cb (TaWindow         *self,
                             GtkDirectionType  direction,
                             GtkListBox       *list)
{
  if (direction != GTK_DIR_UP)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  return TRUE;
}

static void
on_result_activated_cb (TaWindow      *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  go_to_hit (self, (guint) gtk_list_box_row_get_index (row));
}

static void
on_search_mode_changed_cb (TaWindow     *self,
                           GParamSpec   *pspec,
                           GtkSearchBar *search_bar)
{
  if (!gtk_search_bar_get_search_mode (search_bar))
    hide_results (self);
}

/* Actions */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
zoom_by (TaWindow *self,
         int       steps)
{
  ShumateViewport *viewport = get_viewport (self);
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double target;

  /* Whole levels keep the tiles sharp; a fractional level from pinching or
   * scrolling goes to the next whole one. */
  if (steps > 0)
    target = floor (zoom + 0.01) + steps;
  else
    target = ceil (zoom - 0.01) + steps;

  target = CLAMP (target,
                  shumate_viewport_get_min_zoom_level (viewport),
                  shumate_viewport_get_max_zoom_level (viewport));

  shumate_map_go_to_full_with_duration (self->map,
                                        shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                        shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                                        target, ZOOM_DURATION_MS);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_by (TA_WINDOW (widget), 1);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_by (TA_WINDOW (widget), -1);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TaWindow *self = TA_WINDOW (widget);
  GtkWidget *map = GTK_WIDGET (self->map);
  double width = gtk_widget_get_width (map);
  double height = gtk_widget_get_height (map);
  double lat, lon;
  int dx, dy;

  if (width <= 0 || height <= 0)
    return;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  shumate_viewport_widget_coords_to_location (get_viewport (self), map,
                                              width / 2 + dx * width * PAN_FRACTION,
                                              height / 2 + dy * height * PAN_FRACTION,
                                              &lat, &lon);
  shumate_map_center_on (self->map, CLAMP (lat, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE), lon);
}

/* View state */

static void
restore_state (TaWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  shumate_viewport_set_zoom_level (viewport, g_settings_get_double (self->settings, "map-zoom"));
  shumate_location_set_location (SHUMATE_LOCATION (viewport),
                                 g_settings_get_double (self->settings, "map-latitude"),
                                 g_settings_get_double (self->settings, "map-longitude"));
}

static void
save_state (TaWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));

  /* The map wraps around; keep the longitude in the key's range. */
  lon = fmod (lon + 540.0, 360.0) - 180.0;
  g_settings_set_double (self->settings, "map-latitude",
                         CLAMP (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                -85.0511, 85.0511));
  g_settings_set_double (self->settings, "map-longitude", CLAMP (lon, -180.0, 180.0));
  g_settings_set_double (self->settings, "map-zoom",
                         CLAMP (shumate_viewport_get_zoom_level (viewport), 0.0, 20.0));
  g_settings_apply (self->settings);
}

/* GObject and GtkWidget */

static gboolean
ta_window_close_request (GtkWindow *window)
{
  save_state (TA_WINDOW (window));

  return GTK_WINDOW_CLASS (ta_window_parent_class)->close_request (window);
}

static void
ta_window_dispose (GObject *object)
{
  TaWindow *self = TA_WINDOW (object);

  g_clear_handle_id (&self->fallback_idle_id, g_source_remove);
  g_clear_handle_id (&self->hide_panel_idle_id, g_source_remove);
  g_clear_handle_id (&self->snap_timeout_id, g_source_remove);
  drop_online_source (self);
  clear_results (self);
  finish_pick (self, FALSE, 0, 0);
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_WINDOW);
  self->tile_layer = NULL;
  self->network_layer = NULL;

  g_clear_object (&self->offline_source);
  g_clear_object (&self->basemap);
  g_clear_object (&self->settings);
  g_clear_object (&self->editor);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ta_window_parent_class)->dispose (object);
}

static void
ta_window_finalize (GObject *object)
{
  TaWindow *self = TA_WINDOW (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->basemap_name, g_free);

  G_OBJECT_CLASS (ta_window_parent_class)->finalize (object);
}

static void
ta_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaWindow *self = TA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;

    case PROP_BASEMAP:
      g_value_set_string (value, self->basemap_name);
      break;

    case PROP_SELECTED_TOWN:
      g_value_set_int64 (value, self->selected_town);
      break;

    case PROP_SELECTED_LINK:
      g_value_set_int64 (value, self->selected_link);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TaWindow *self = TA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      ta_window_set_database (self, g_value_get_object (value));
      break;

    case PROP_BASEMAP:
      ta_window_set_basemap (self, g_value_get_string (value));
      break;

    case PROP_SELECTED_TOWN:
      ta_window_set_selected_town (self, g_value_get_int64 (value));
      break;

    case PROP_SELECTED_LINK:
      ta_window_set_selected_link (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_window_class_init (TaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ta_window_dispose;
  object_class->finalize = ta_window_finalize;
  object_class->get_property = ta_window_get_property;
  object_class->set_property = ta_window_set_property;

  window_class->close_request = ta_window_close_request;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         TA_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* TA_BASEMAP_OFFLINE or TA_BASEMAP_OPENSTREETMAP */
  properties[PROP_BASEMAP] =
    g_param_spec_string ("basemap", NULL, NULL,
                         TA_BASEMAP_OFFLINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The town the user picked, -1 for none (as in TaNetworkLayer). */
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_int64 ("selected-town", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The link the user picked, -1 for none (as in TaNetworkLayer). */
  properties[PROP_SELECTED_LINK] =
    g_param_spec_int64 ("selected-link", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (TA_TYPE_TOWN_PANEL);
  g_type_ensure (TA_TYPE_LINK_VIEW);
  g_type_ensure (TA_TYPE_FILTER_PANEL);
  g_type_ensure (TA_TYPE_TIME_BAR);
  g_type_ensure (TA_TYPE_STATS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, filter_flap);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, filter_panel);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, time_bar);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, stats_view);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, town_flap);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, map);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, results_revealer);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, results_list);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, scale);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, attribution_label);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, town_panel);
  gtk_widget_class_bind_template_child (widget_class, TaWindow, link_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_keynav_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(ii)", pan_action);
  gtk_widget_class_install_property_action (widget_class, "win.basemap", "basemap");
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.add-town", NULL, add_town_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-pick", NULL, cancel_pick_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.import-data", NULL, import_data_action);
  gtk_widget_class_install_action (widget_class, "win.export-data", NULL, export_data_action);

  /* Ctrl+plus and Ctrl+minus work wherever the focus is; plain +, - and
   * the arrow keys only on the map (see ta-window.ui), so they never get
   * in the way of typing. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);

  /* Text fields keep their own Ctrl+Z: they see the key first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-pick", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", NULL);
}

static void
ta_window_init (TaWindow *self)
{
  ShumateViewport *viewport;
  GtkGesture *pick;

  self->basemap_name = g_strdup (TA_BASEMAP_OFFLINE);
  self->selected_town = -1;
  self->selected_link = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  viewport = get_viewport (self);

  /* Above the tile layer, which apply_basemap() puts at the bottom. */
  self->network_layer = ta_network_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->network_layer));
  g_object_bind_property (self, "selected-town", self->network_layer, "selected-town",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "selected-link", self->network_layer, "selected-link",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  ta_time_bar_set_filter (self->time_bar, ta_filter_panel_get_filter (self->filter_panel));
  ta_stats_view_set_filter (self->stats_view, ta_filter_panel_get_filter (self->filter_panel));
  g_signal_connect_object (self->filter_panel, "notify::visible-network",
                           G_CALLBACK (on_visible_network_cb), self, G_CONNECT_SWAPPED);

  /* The side panel follows the selection; its own buttons change it. */
  g_signal_connect_object (self->town_flap, "notify::reveal-flap",
                           G_CALLBACK (on_flap_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->town_panel, "close-requested",
                           G_CALLBACK (clear_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->town_panel, "partner-activated",
                           G_CALLBACK (on_town_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->town_panel, "link-activated",
                           G_CALLBACK (on_link_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_view, "close-requested",
                           G_CALLBACK (clear_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_view, "back-requested",
                           G_CALLBACK (on_link_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_view, "town-activated",
                           G_CALLBACK (on_town_chosen_cb), self, G_CONNECT_SWAPPED);

  pick = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pick), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (pick), GTK_PHASE_CAPTURE);
  g_signal_connect_object (pick, "pressed", G_CALLBACK (on_pick_pressed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pick, "released", G_CALLBACK (on_pick_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (pick));

  shumate_scale_set_viewport (self->scale, viewport);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (update_zoom_actions), self,
                           G_CONNECT_SWAPPED);
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

  restore_state (self);

  /* Reads the basemap key and so puts the first tile layer in place. */
  g_settings_bind (self->settings, "basemap", self, "basemap", G_SETTINGS_BIND_DEFAULT);

  /* Without an atlas there is nothing to search. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-pick", FALSE);
  update_undo_actions (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

/* Public API */

/**
 * ta_window_new:
 * @application: (nullable): the application
 *
 * Returns: (transfer full): a new atlas window without an atlas yet
 */
TaWindow *
ta_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (TA_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

TaDb *
ta_window_get_database (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);

  return self->db;
}

/**
 * ta_window_set_database:
 * @self: a #TaWindow
 * @db: (nullable): the atlas to show
 */
void
ta_window_set_database (TaWindow *self,
                        TaDb     *db)
{
  g_return_if_fail (TA_IS_WINDOW (self));
  g_return_if_fail (db == NULL || TA_IS_DB (db));

  if (!g_set_object (&self->db, db))
    return;

  g_clear_pointer (&self->database_path, g_free);
  if (db != NULL)
    self->database_path = g_strdup (ta_db_get_path (db));

  ta_filter_panel_set_database (self->filter_panel, db);
  ta_time_bar_set_database (self->time_bar, db);
  ta_stats_view_set_database (self->stats_view, db);
  load_network (self);
  clear_selection (self);
  set_editor (self, db);
  clear_results (self);
  hide_results (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", db != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), db != NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "atlas");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/**
 * ta_window_get_database_path:
 * @self: a #TaWindow
 *
 * Returns: (nullable): the file of the atlas shown, or of the one that
 *   failed to open
 */
const char *
ta_window_get_database_path (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);

  return self->database_path;
}

/**
 * ta_window_show_database_error:
 * @self: a #TaWindow
 * @path: the atlas file that could not be opened
 * @error: why
 *
 * Shows a status page instead of the map, naming the file and the problem.
 */
void
ta_window_show_database_error (TaWindow     *self,
                               const char   *path,
                               const GError *error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;

  g_return_if_fail (TA_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  ta_window_set_database (self, NULL);
  g_free (self->database_path);
  self->database_path = g_strdup (path);

  /* The error message names the full path already. */
  display_name = g_filename_display_basename (path);
  text = g_strdup_printf (_("Twin Atlas could not open the atlas “%s”.\n\n%s"),
                          display_name, error->message);
  markup = g_markup_escape_text (text, -1);
  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

const char *
ta_window_get_basemap (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);

  return self->basemap_name;
}

/**
 * ta_window_set_basemap:
 * @self: a #TaWindow
 * @basemap: %TA_BASEMAP_OFFLINE or %TA_BASEMAP_OPENSTREETMAP
 */
void
ta_window_set_basemap (TaWindow   *self,
                       const char *basemap)
{
  g_return_if_fail (TA_IS_WINDOW (self));
  g_return_if_fail (basemap != NULL);

  if (g_strcmp0 (basemap, TA_BASEMAP_OFFLINE) != 0 &&
      g_strcmp0 (basemap, TA_BASEMAP_OPENSTREETMAP) != 0)
    {
      g_warning ("Unknown basemap “%s”", basemap);
      return;
    }

  if (g_strcmp0 (self->basemap_name, basemap) == 0 && self->tile_layer != NULL)
    return;

  g_free (self->basemap_name);
  self->basemap_name = g_strdup (basemap);

  /* Choosing OpenStreetMap again is worth a new warning if it fails. */
  if (g_strcmp0 (basemap, TA_BASEMAP_OPENSTREETMAP) == 0)
    self->online_failure_reported = FALSE;

  apply_basemap (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASEMAP]);
}

gint64
ta_window_get_selected_town (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), -1);

  return self->selected_town;
}

void
ta_window_set_selected_town (TaWindow *self,
                             gint64    town_id)
{
  g_return_if_fail (TA_IS_WINDOW (self));
  g_return_if_fail (town_id >= -1);

  if (self->selected_town == town_id)
    return;

  self->selected_town = town_id;
  update_side_panel (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOWN]);
}

gint64
ta_window_get_selected_link (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), -1);

  return self->selected_link;
}

/**
 * ta_window_set_selected_link:
 * @self: a #TaWindow
 * @link_id: the link to show in the side panel, -1 for none
 *
 * A selected link is shown in the link view, with a way back to the
 * selected town if there is one.
 */
void
ta_window_set_selected_link (TaWindow *self,
                             gint64    link_id)
{
  g_return_if_fail (TA_IS_WINDOW (self));
  g_return_if_fail (link_id >= -1);

  if (self->selected_link == link_id)
    return;

  self->selected_link = link_id;
  update_side_panel (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LINK]);
}

/**
 * ta_window_get_editor:
 * @self: a #TaWindow
 *
 * Returns: (transfer none) (nullable): the editor of the atlas shown, or
 *   %NULL when it cannot be changed
 */
TaEditor *
ta_window_get_editor (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);

  return self->editor;
}

/**
 * ta_window_pick_location_async:
 * @self: a #TaWindow
 * @cancellable: (nullable): to stop waiting
 * @callback: called with the position
 * @user_data: for @callback
 *
 * Waits for the user to click the map, saying so in a toast.  Escape or
 * the toast's button cancel with %G_IO_ERROR_CANCELLED.
 */
void
ta_window_pick_location_async (TaWindow            *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TA_IS_WINDOW (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_window_pick_location_async);

  if (self->pick_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("A position is being picked already"));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  self->pick_task = g_steal_pointer (&task);
  /* Not g_cancellable_connect(): finish_pick() disconnects from inside
   * the handler, which that API does not allow. */
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (on_pick_cancelled_cb), self, 0);

  self->pick_toast = adw_toast_new (_("Click the map where the town is"));
  adw_toast_set_timeout (self->pick_toast, 0);
  adw_toast_set_button_label (self->pick_toast, _("_Cancel"));
  adw_toast_set_action_name (self->pick_toast, "win.cancel-pick");
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->pick_toast));

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->map), "crosshair");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-pick", TRUE);
}

/**
 * ta_window_pick_location_finish:
 * @self: a #TaWindow
 * @result: the result
 * @out_lat: (out): the latitude clicked
 * @out_lon: (out): the longitude clicked
 *
 * Returns: %TRUE with the position, or %FALSE with @error set
 */
gboolean
ta_window_pick_location_finish (TaWindow      *self,
                                GAsyncResult  *result,
                                double        *out_lat,
                                double        *out_lon,
                                GError       **error)
{
  g_autofree double *position = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  position = g_task_propagate_pointer (G_TASK (result), error);
  if (position == NULL)
    return FALSE;

  *out_lat = position[0];
  *out_lon = position[1];
  return TRUE;
}

/**
 * ta_window_go_to:
 * @self: a #TaWindow
 * @latitude: degrees north
 * @longitude: degrees east
 * @zoom: zoom level, clamped to what the basemap offers
 *
 * Flies the map to the place.
 */
void
ta_window_go_to (TaWindow *self,
                 double    latitude,
                 double    longitude,
                 double    zoom)
{
  ShumateViewport *viewport;

  g_return_if_fail (TA_IS_WINDOW (self));

  viewport = get_viewport (self);
  zoom = CLAMP (zoom,
                shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));

  /* An unmapped map has no frame clock to animate with. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->map)))
    shumate_map_go_to_full (self->map, latitude, longitude, zoom);
  else
    {
      shumate_viewport_set_zoom_level (viewport, zoom);
      shumate_location_set_location (SHUMATE_LOCATION (viewport), latitude, longitude);
    }
}

/**
 * ta_window_get_map:
 * @self: a #TaWindow
 *
 * Returns: (transfer none): the map widget
 */
ShumateMap *
ta_window_get_map (TaWindow *self)
{
  g_return_val_if_fail (TA_IS_WINDOW (self), NULL);

  return self->map;
}
