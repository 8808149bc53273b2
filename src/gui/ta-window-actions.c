/* ta-window-actions.c: installing and implementing the atlas window actions
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ta-import-dialog.h"
#include "ta-print.h"
#include "ta-print-dialog.h"
#include "ta-projection.h"
#include "ta-town-dialog.h"
#include "ta-window-private.h"

#define ZOOM_DURATION_MS     200
/* Arrow keys move the map by this part of its width or height. */
#define PAN_FRACTION         0.25

/* Keeping the actions enabled as they apply */

void
_ta_window_update_zoom_actions (TaWindow *self)
{
  ShumateViewport *viewport = _ta_window_get_viewport (self);
  double zoom = shumate_viewport_get_zoom_level (viewport);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 zoom < shumate_viewport_get_max_zoom_level (viewport));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 zoom > shumate_viewport_get_min_zoom_level (viewport));
}

void
_ta_window_update_undo_actions (TaWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->editor != NULL && ta_editor_get_can_undo (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 self->editor != NULL && ta_editor_get_can_redo (self->editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-town", self->editor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-data", self->editor != NULL);
}

/* Undo, redo and adding a town */

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

  _ta_window_show_toast (self, title);
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
                     MAX (shumate_viewport_get_zoom_level (_ta_window_get_viewport (self)), TOWN_ZOOM));
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
  ShumateViewport *viewport = _ta_window_get_viewport (self);
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
      _ta_window_show_toast (self, _("The atlas is still loading"));
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
  _ta_window_show_toast (self, message);
  _ta_window_load_network (self);
  _ta_window_update_side_panel (self);
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
  _ta_window_show_toast (TA_WINDOW (user_data), message);
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

/* Cancelling a pick, search, zoom and pan */

static void
cancel_pick_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _ta_window_finish_pick (TA_WINDOW (widget), FALSE, 0, 0);
}

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
  ShumateViewport *viewport = _ta_window_get_viewport (self);
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
  shumate_viewport_widget_coords_to_location (_ta_window_get_viewport (self), map,
                                              width / 2 + dx * width * PAN_FRACTION,
                                              height / 2 + dy * height * PAN_FRACTION,
                                              &lat, &lon);
  shumate_map_center_on (self->map, CLAMP (lat, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE), lon);
}

/* Installing */

void
_ta_window_class_actions_init (GtkWidgetClass *widget_class)
{
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
