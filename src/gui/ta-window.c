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

#include "ta-network.h"
#include "ta-window-private.h"

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

/* Helpers */

ShumateViewport *
_ta_window_get_viewport (TaWindow *self)
{
  return shumate_map_get_viewport (self->map);
}

void
_ta_window_show_toast (TaWindow   *self,
                       const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Towns and links */

void
_ta_window_load_network (TaWindow *self)
{
  g_autoptr(TaNetwork) network = NULL;
  g_autoptr(GError) error = NULL;

  if (self->db != NULL)
    {
      network = ta_network_load (self->db, &error);
      if (network == NULL)
        {
          g_autofree char *title = g_strdup_printf (_("The towns cannot be shown: %s"), error->message);

          _ta_window_show_toast (self, title);
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
void
_ta_window_update_side_panel (TaWindow *self)
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
  ta_window_go_to (self, lat, lon, shumate_viewport_get_zoom_level (_ta_window_get_viewport (self)));
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
on_editor_changed_cb (TaWindow *self,
                      gboolean  network_changed)
{
  /* Towns and links are drawn from a loaded copy: load it again. */
  if (network_changed)
    _ta_window_load_network (self);
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
                               G_CALLBACK (_ta_window_update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "notify::can-redo",
                               G_CALLBACK (_ta_window_update_undo_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "changed",
                               G_CALLBACK (on_editor_changed_cb), self, G_CONNECT_SWAPPED);
    }

  ta_town_panel_set_database (self->town_panel, db, self->editor);
  ta_link_view_set_database (self->link_view, db, self->editor);
  _ta_window_update_undo_actions (self);
}

/* Picking a position on the map */

static void on_pick_cancelled_cb (GCancellable *cancellable,
                                  TaWindow     *self);

void
_ta_window_finish_pick (TaWindow *self,
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
on_pick_cancelled_cb (GCancellable *cancellable,
                      TaWindow     *self)
{
  _ta_window_finish_pick (self, FALSE, 0, 0);
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

  shumate_viewport_widget_coords_to_location (_ta_window_get_viewport (self), GTK_WIDGET (self->map), x, y, &lat, &lon);
  /* The map repeats sideways: bring the longitude back into range. */
  lon = fmod (fmod (lon + 180.0, 360.0) + 360.0, 360.0) - 180.0;
  _ta_window_finish_pick (self, TRUE, CLAMP (lat, -90.0, 90.0), lon);
}

/* View state */

static void
restore_state (TaWindow *self)
{
  ShumateViewport *viewport = _ta_window_get_viewport (self);

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
  ShumateViewport *viewport = _ta_window_get_viewport (self);
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
  _ta_window_drop_online_source (self);
  _ta_window_clear_results (self);
  _ta_window_finish_pick (self, FALSE, 0, 0);
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
  _ta_window_class_search_init (widget_class);
  _ta_window_class_actions_init (widget_class);
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
  viewport = _ta_window_get_viewport (self);

  /* Above the tile layer, which _ta_window_apply_basemap() puts at the bottom. */
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
  _ta_window_search_init (self);
  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (_ta_window_update_zoom_actions), self,
                           G_CONNECT_SWAPPED);
  _ta_window_basemap_init (self);

  restore_state (self);

  /* Reads the basemap key and so puts the first tile layer in place. */
  g_settings_bind (self->settings, "basemap", self, "basemap", G_SETTINGS_BIND_DEFAULT);

  /* Without an atlas there is nothing to search. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-pick", FALSE);
  _ta_window_update_undo_actions (self);

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
  _ta_window_load_network (self);
  clear_selection (self);
  set_editor (self, db);
  _ta_window_clear_results (self);
  _ta_window_hide_results (self);
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

  _ta_window_apply_basemap (self);
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
  _ta_window_update_side_panel (self);
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
  _ta_window_update_side_panel (self);
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
  /* Not g_cancellable_connect(): _ta_window_finish_pick() disconnects from inside
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

  viewport = _ta_window_get_viewport (self);
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