/* ta-window-search.c: the atlas window's town search bar and its results
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-search.h"
#include "ta-window-private.h"

#define SEARCH_LIMIT         12

void
_ta_window_hide_results (TaWindow *self)
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

void
_ta_window_clear_results (TaWindow *self)
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

  _ta_window_clear_results (self);

  if (self->db == NULL || *stripped == '\0')
    {
      _ta_window_hide_results (self);
      return;
    }

  self->hits = ta_search_towns (self->db, stripped, SEARCH_LIMIT, &error);
  self->hits_text = g_strdup (text);

  if (self->hits == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Searching failed: %s"), error->message);

      _ta_window_show_toast (self, title);
      _ta_window_hide_results (self);
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
  _ta_window_hide_results (self);
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
    _ta_window_hide_results (self);
}

/* Setting up */

void
_ta_window_class_search_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_keynav_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated_cb);
}

void
_ta_window_search_init (TaWindow *self)
{
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
