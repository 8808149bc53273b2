/* ta-link-view.c: one link: both towns, its facts, records and history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown in the right-hand panel when an arc is clicked, or from a partner
 * row of the town panel (then with a back button).  A link has few records
 * of each kind, so the three sections share one scrolling page.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-activity-rows.h"
#include "ta-event-dialog.h"
#include "ta-exchange-dialog.h"
#include "ta-funding-dialog.h"
#include "ta-link-dialog.h"
#include "ta-link-view.h"

struct _TaLinkView
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkWidget     *back_button;
  GtkLabel      *title_label;
  GtkMenuButton *menu_button;
  AdwActionRow  *town_a_row;
  AdwActionRow  *town_b_row;
  GtkLabel      *kind_label;
  GtkLabel      *status_label;
  GtkLabel      *years_label;
  GtkLabel      *distance_label;
  AdwActionRow  *note_row;
  AdwExpanderRow *sources_row;
  GtkBox        *exchanges_box;
  GtkBox        *funding_box;
  GtkBox        *history_box;

  /* owned */
  TaDb          *db;
  TaEditor      *editor;
  TaLinkDetails *details;
  GPtrArray     *source_rows;   /* rows added to sources_row, to remove them */

  gint64         link_id;
};

G_DEFINE_FINAL_TYPE (TaLinkView, ta_link_view, ADW_TYPE_BIN)

enum {
  BACK_REQUESTED,
  CLOSE_REQUESTED,
  TOWN_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const editing_actions[] = {
  "link.edit", "link.delete", "link.add-exchange", "link.add-funding", "link.add-event",
  "link.edit-exchange", "link.edit-funding", "link.edit-event",
};

static GtkWindow *
get_parent_window (TaLinkView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
format_years (int start_year,
              int end_year)
{
  if (start_year != 0 && end_year != 0)
    return g_strdup_printf (_("%d–%d"), start_year, end_year);
  if (start_year != 0)
    return g_strdup_printf (_("since %d"), start_year);
  if (end_year != 0)
    return g_strdup_printf (_("until %d"), end_year);

  return g_strdup (_("Unknown"));
}

static void
set_town_row (AdwActionRow        *row,
              const TaTownSummary *town)
{
  g_autofree char *title = g_markup_escape_text (town->name, -1);
  g_autofree char *subtitle = g_markup_escape_text (town->country_name != NULL ? town->country_name
                                                                             : _("Country unknown"), -1);
  g_autofree char *tooltip = g_strdup_printf (_("Show %s on the map"), town->name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  /* Target first: the action takes an id and must never see none. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", town->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "link.show-town");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), tooltip);
}

static void
update_sources (TaLinkView *self)
{
  g_autofree char *count = NULL;

  for (guint i = 0; i < self->source_rows->len; i++)
    adw_expander_row_remove (self->sources_row, g_ptr_array_index (self->source_rows, i));
  g_ptr_array_set_size (self->source_rows, 0);

  for (guint i = 0; i < self->details->sources->len; i++)
    {
      const TaSourceInfo *source = g_ptr_array_index (self->details->sources, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_markup_escape_text (source->attribution, -1);
      g_autofree char *subtitle = g_markup_escape_text (source->licence, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_expander_row_add_row (self->sources_row, row);
      g_ptr_array_add (self->source_rows, row);
    }

  count = g_strdup_printf ("%u", self->details->sources->len);
  adw_expander_row_set_subtitle (self->sources_row, count);
}

static void
update_actions (TaLinkView *self)
{
  gboolean editable = self->editor != NULL && self->details != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (editing_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), editing_actions[i], editable);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), editable);
}

static void
show_details (TaLinkView    *self,
              TaLinkDetails *details)
{
  const TaLinkRecord *link;
  g_autofree char *title = NULL;
  g_autofree char *years = NULL;
  g_autofree char *distance = NULL;
  g_autofree char *kilometres = NULL;
  TaActivityRowsOptions options = {
    .action_prefix = "link",
    .show_partner = FALSE,
    .editable = self->editor != NULL,
    .compact = TRUE,
    .has_partners = TRUE,
  };

  g_clear_pointer (&self->details, ta_link_details_free);
  self->details = details;
  update_actions (self);

  if (details == NULL)
    return;

  link = &details->link;
  /* Translators: the two towns of a link, e.g. "Kraków – Nuremberg". */
  title = g_strdup_printf (_("%s – %s"), details->town_a.name, details->town_b.name);
  gtk_label_set_label (self->title_label, title);

  years = format_years (link->start_year, link->end_year);

  set_town_row (self->town_a_row, &details->town_a);
  set_town_row (self->town_b_row, &details->town_b);

  gtk_label_set_label (self->kind_label, ta_vocabulary_get_label (TA_VOCABULARY_LINK_KIND, link->kind));
  gtk_label_set_label (self->status_label, ta_vocabulary_get_label (TA_VOCABULARY_LINK_STATUS, link->status));
  gtk_label_set_label (self->years_label, years);
  kilometres = ta_format_count ((gint64) (details->distance_km + 0.5));
  /* Translators: a great-circle distance in kilometres, e.g. "2 643 km". */
  distance = g_strdup_printf (_("%s km"), kilometres);
  gtk_label_set_label (self->distance_label, distance);

  if (link->note != NULL)
    {
      g_autofree char *note = g_markup_escape_text (link->note, -1);

      adw_action_row_set_subtitle (self->note_row, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_row), link->note != NULL);

  update_sources (self);
  ta_activity_rows_fill_exchanges (self->exchanges_box, details->activity, &options);
  ta_activity_rows_fill_funding (self->funding_box, details->activity, &options);
  ta_activity_rows_fill_history (self->history_box, details->activity, &options);
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK_REQUESTED], 0);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
show_town_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);
  gint64 town_id = g_variant_get_int64 (parameter);
  const TaTownSummary *town;

  if (self->details == NULL)
    return;

  town = self->details->town_a.id == town_id ? &self->details->town_a : &self->details->town_b;
  g_signal_emit (self, signals[TOWN_ACTIVATED], 0, town->id, town->lat, town->lon);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);

  gtk_window_present (GTK_WINDOW (ta_link_dialog_new (get_parent_window (self), self->editor,
                                                      &self->details->link, 0)));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       TaLinkView       *self)
{
  g_autoptr(GError) error = NULL;
  gint64 link_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "link-id"));

  if (g_strcmp0 (response, "delete") != 0 || self->editor == NULL)
    return;

  if (!ta_editor_delete_link (self->editor, link_id, &error))
    ta_activity_rows_report_failure (get_parent_window (self), _("The Link Was Not Deleted"), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  TaDependents dependents;

  if (!ta_editor_count_link_dependents (self->editor, self->link_id, &dependents, &error))
    {
      g_warning ("Cannot count what goes with link %" G_GINT64_FORMAT ": %s", self->link_id, error->message);
      return;
    }

  /* Translators: deleting a link, e.g. "Delete the Link Kraków – Nuremberg?". */
  heading = g_strdup_printf (_("Delete the Link %s – %s?"), self->details->town_a.name, self->details->town_b.name);
  ta_activity_rows_confirm_deletion (get_parent_window (self), heading, &dependents, "link-id", self->link_id,
                                     G_CALLBACK (on_delete_response_cb), self);
}

static void
add_exchange_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);

  gtk_window_present (GTK_WINDOW (ta_exchange_dialog_new (get_parent_window (self), self->editor,
                                                          0, self->link_id, NULL)));
}

static void
add_funding_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);

  gtk_window_present (GTK_WINDOW (ta_funding_dialog_new (get_parent_window (self), self->editor,
                                                         0, self->link_id, NULL)));
}

static void
add_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);

  gtk_window_present (GTK_WINDOW (ta_event_dialog_new (get_parent_window (self), self->editor,
                                                       0, self->link_id, NULL)));
}

static void
edit_exchange_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);
  const TaExchangeRecord *exchange = ta_activity_rows_find_exchange (self->details->activity,
                                                                     g_variant_get_int64 (parameter));

  if (exchange != NULL)
    gtk_window_present (GTK_WINDOW (ta_exchange_dialog_new (get_parent_window (self), self->editor,
                                                            0, self->link_id, exchange)));
}

static void
edit_funding_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);
  const TaFundingRecord *funding = ta_activity_rows_find_funding (self->details->activity,
                                                                  g_variant_get_int64 (parameter));

  if (funding != NULL)
    gtk_window_present (GTK_WINDOW (ta_funding_dialog_new (get_parent_window (self), self->editor,
                                                           0, self->link_id, funding)));
}

static void
edit_event_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TaLinkView *self = TA_LINK_VIEW (widget);
  const TaEventRecord *event = ta_activity_rows_find_event (self->details->activity,
                                                            g_variant_get_int64 (parameter));

  if (event != NULL)
    gtk_window_present (GTK_WINDOW (ta_event_dialog_new (get_parent_window (self), self->editor,
                                                         0, self->link_id, event)));
}

/* GObject */

static void
on_editor_changed_cb (TaLinkView *self,
                      gboolean    network_changed,
                      TaEditor   *editor)
{
  ta_link_view_reload (self);
}

static void
ta_link_view_dispose (GObject *object)
{
  TaLinkView *self = TA_LINK_VIEW (object);

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_LINK_VIEW);
  g_clear_object (&self->editor);
  g_clear_object (&self->db);
  g_clear_pointer (&self->details, ta_link_details_free);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ta_link_view_parent_class)->dispose (object);
}

static void
ta_link_view_class_init (TaLinkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_link_view_dispose;

  /**
   * TaLinkView::back-requested:
   *
   * Back to the town panel the link was opened from (or closed, without
   * one): the back button, or the link is gone.
   */
  signals[BACK_REQUESTED] =
    g_signal_new ("back-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * TaLinkView::close-requested:
   *
   * The close button: the side panel should close.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * TaLinkView::town-activated:
   * @town_id: one of the link's towns
   * @lat: its latitude
   * @lon: its longitude
   *
   * A town row was activated: fly there and select it.
   */
  signals[TOWN_ACTIVATED] =
    g_signal_new ("town-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-link-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, back_button);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, title_label);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, town_a_row);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, town_b_row);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, kind_label);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, status_label);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, years_label);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, distance_label);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, note_row);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, sources_row);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, exchanges_box);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, funding_box);
  gtk_widget_class_bind_template_child (widget_class, TaLinkView, history_box);

  gtk_widget_class_install_action (widget_class, "link.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "link.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "link.show-town", "x", show_town_action);
  gtk_widget_class_install_action (widget_class, "link.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "link.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "link.add-exchange", NULL, add_exchange_action);
  gtk_widget_class_install_action (widget_class, "link.add-funding", NULL, add_funding_action);
  gtk_widget_class_install_action (widget_class, "link.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "link.edit-exchange", "x", edit_exchange_action);
  gtk_widget_class_install_action (widget_class, "link.edit-funding", "x", edit_funding_action);
  gtk_widget_class_install_action (widget_class, "link.edit-event", "x", edit_event_action);
}

static void
ta_link_view_init (TaLinkView *self)
{
  self->link_id = -1;
  self->source_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ta_activity_rows_ensure_style (GTK_WIDGET (self));
  /* Its labels expand within it; the panel keeps to its 360 pixels
   * (width-request) and leaves the room to the map. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), FALSE);
  gtk_widget_set_visible (self->back_button, FALSE);
  update_actions (self);
}

/* Public API */

/**
 * ta_link_view_new:
 *
 * Returns: (transfer floating): a view showing no link
 */
GtkWidget *
ta_link_view_new (void)
{
  return g_object_new (TA_TYPE_LINK_VIEW, NULL);
}

void
ta_link_view_set_database (TaLinkView *self,
                           TaDb       *db,
                           TaEditor   *editor)
{
  g_return_if_fail (TA_IS_LINK_VIEW (self));
  g_return_if_fail (db == NULL || TA_IS_DB (db));
  g_return_if_fail (editor == NULL || TA_IS_EDITOR (editor));

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);

  g_set_object (&self->db, db);
  g_set_object (&self->editor, editor);

  if (editor != NULL)
    g_signal_connect_object (editor, "changed", G_CALLBACK (on_editor_changed_cb), self, G_CONNECT_SWAPPED);

  self->link_id = -1;
  show_details (self, NULL);
}

gint64
ta_link_view_get_link (TaLinkView *self)
{
  g_return_val_if_fail (TA_IS_LINK_VIEW (self), -1);

  return self->link_id;
}

void
ta_link_view_set_link (TaLinkView *self,
                       gint64      link_id)
{
  g_return_if_fail (TA_IS_LINK_VIEW (self));
  g_return_if_fail (link_id >= -1);

  if (self->link_id == link_id)
    return;

  self->link_id = link_id;
  ta_link_view_reload (self);
}

void
ta_link_view_reload (TaLinkView *self)
{
  g_autoptr(GError) error = NULL;
  TaLinkDetails *details = NULL;

  g_return_if_fail (TA_IS_LINK_VIEW (self));

  if (self->db != NULL && self->link_id >= 0)
    {
      details = ta_link_details_load (self->db, self->link_id, &error);
      if (details == NULL && !g_error_matches (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND))
        g_warning ("Cannot show link %" G_GINT64_FORMAT ": %s", self->link_id, error->message);
    }

  show_details (self, details);

  /* The link was deleted: back to where it was opened from. */
  if (details == NULL && self->link_id >= 0)
    g_signal_emit (self, signals[BACK_REQUESTED], 0);
}

void
ta_link_view_set_can_go_back (TaLinkView *self,
                              gboolean    can_go_back)
{
  g_return_if_fail (TA_IS_LINK_VIEW (self));

  gtk_widget_set_visible (self->back_button, can_go_back);
}

/**
 * ta_link_view_get_details:
 *
 * Returns: (transfer none) (nullable): the link shown
 */
const TaLinkDetails *
ta_link_view_get_details (TaLinkView *self)
{
  g_return_val_if_fail (TA_IS_LINK_VIEW (self), NULL);

  return self->details;
}
