/* ta-town-panel.c: a town's partners, exchanges, funding and history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The right-hand panel of the window.  A header says what the town is
 * (names, country and region, population, position, sources); below it a
 * view switcher leads to four pages, as a narrow panel has no room for
 * them side by side.  Everything comes from one ta_town_details_load(),
 * done again whenever the editor saves a change.  The panel never writes
 * itself: its actions open the record dialogs, which save through the
 * editor.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-activity-rows.h"
#include "ta-event-dialog.h"
#include "ta-exchange-dialog.h"
#include "ta-funding-dialog.h"
#include "ta-link-dialog.h"
#include "ta-town-dialog.h"
#include "ta-town-panel.h"

struct _TaTownPanel
{
  AdwBin         parent_instance;

  /* template widgets */
  GtkLabel      *name_label;
  GtkLabel      *names_label;
  GtkLabel      *place_label;
  GtkLabel      *facts_label;
  GtkMenuButton *menu_button;
  GtkMenuButton *sources_button;
  GtkBox        *sources_box;
  AdwViewStack  *view_stack;
  GtkLabel      *partners_count_label;
  GtkWidget     *add_partner_button;
  GtkListBox    *partners_list;
  GtkBox        *partners_empty;
  GtkBox        *exchanges_box;
  GtkBox        *funding_box;
  GtkBox        *history_box;

  /* owned */
  TaDb          *db;
  TaEditor      *editor;
  TaTownDetails *details;
  char          *partner_sort;

  gint64         town_id;
};

G_DEFINE_FINAL_TYPE (TaTownPanel, ta_town_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TOWN_ID,
  PROP_PARTNER_SORT,
  N_PROPS
};

enum {
  PARTNER_ACTIVATED,
  LINK_ACTIVATED,
  CLOSE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const editing_actions[] = {
  "panel.edit-town", "panel.delete-town", "panel.add-link", "panel.add-exchange",
  "panel.add-funding", "panel.add-event", "panel.edit-exchange", "panel.edit-funding",
  "panel.edit-event",
};

/* Helpers */

static TaPartnerSort
parse_sort (const char *sort)
{
  if (g_strcmp0 (sort, "country") == 0)
    return TA_PARTNER_SORT_COUNTRY;
  if (g_strcmp0 (sort, "year") == 0)
    return TA_PARTNER_SORT_YEAR;

  return TA_PARTNER_SORT_NAME;
}

static GtkWindow *
get_parent_window (TaTownPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
join (GString    *text,
      const char *separator,
      const char *part)
{
  if (part == NULL || *part == '\0')
    return;

  if (text->len > 0)
    g_string_append (text, separator);
  g_string_append (text, part);
}

/* "since 1965", "1990–2005", "until 2001" or NULL */
static char *
format_years (int start_year,
              int end_year)
{
  if (start_year != 0 && end_year != 0)
    /* Translators: the years a partnership lasted, e.g. "1990–2005". */
    return g_strdup_printf (_("%d–%d"), start_year, end_year);
  if (start_year != 0)
    return g_strdup_printf (_("since %d"), start_year);
  if (end_year != 0)
    return g_strdup_printf (_("until %d"), end_year);

  return NULL;
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* Header */

static GtkWidget *
source_item (const TaSourceInfo *source)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (source->title);
  GtkWidget *attribution = gtk_label_new (source->attribution);
  GtkWidget *licence = gtk_label_new (source->licence);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  gtk_label_set_xalign (GTK_LABEL (attribution), 0);
  gtk_label_set_wrap (GTK_LABEL (attribution), TRUE);
  gtk_box_append (GTK_BOX (box), attribution);

  gtk_label_set_xalign (GTK_LABEL (licence), 0);
  gtk_label_set_wrap (GTK_LABEL (licence), TRUE);
  gtk_widget_add_css_class (licence, "dim-label");
  gtk_widget_add_css_class (licence, "caption");
  gtk_box_append (GTK_BOX (box), licence);

  if (source->url != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (source->url, -1);
      g_autofree char *markup = g_strdup_printf ("<a href=\"%s\">%s</a>", escaped, escaped);
      GtkWidget *link = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (link), markup);
      gtk_label_set_xalign (GTK_LABEL (link), 0);
      gtk_label_set_wrap (GTK_LABEL (link), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (link), PANGO_WRAP_CHAR);
      gtk_widget_add_css_class (link, "caption");
      gtk_box_append (GTK_BOX (box), link);
    }

  return box;
}

static void
update_header (TaTownPanel *self)
{
  const TaTownDetails *details = self->details;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) others = g_string_new (NULL);
  g_autoptr(GString) place = g_string_new (NULL);
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *coordinates = ta_format_coordinates (details->town.lat, details->town.lon);
  g_autofree char *sources = NULL;
  GtkWidget *child;

  gtk_label_set_label (self->name_label, details->town.name);

  if (g_strcmp0 (details->town.name_native, details->town.name) != 0)
    join (names, " · ", details->town.name_native);
  for (guint i = 0; i < details->names->len; i++)
    join (others, ", ", ((TaTownName *) g_ptr_array_index (details->names, i))->name);
  if (others->len > 0)
    {
      /* Translators: the town's other names (exonyms), e.g. "also Krakau, Cracovie". */
      g_autofree char *also = g_strdup_printf (_("also %s"), others->str);

      join (names, " · ", also);
    }
  set_label (self->names_label, names->str);

  join (place, " · ", details->country_name != NULL ? details->country_name : _("Country unknown"));
  join (place, " · ", details->region_name);
  set_label (self->place_label, place->str);

  if (details->town.population >= 0)
    {
      g_autofree char *number = ta_format_count (details->town.population);
      g_autofree char *population = g_strdup_printf (_("Population %s"), number);

      join (facts, " · ", population);
    }
  join (facts, " · ", coordinates);
  set_label (self->facts_label, facts->str);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sources_box))) != NULL)
    gtk_box_remove (self->sources_box, child);
  for (guint i = 0; i < details->sources->len; i++)
    gtk_box_append (self->sources_box, source_item (g_ptr_array_index (details->sources, i)));

  sources = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u source", "%u sources", details->sources->len),
                             details->sources->len);
  gtk_menu_button_set_label (self->sources_button, sources);
  gtk_widget_set_visible (GTK_WIDGET (self->sources_button), details->sources->len > 0);
}

/* Partners */

static GtkWidget *
partner_row (const TaPartner *partner)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (partner->partner_name, -1);
  g_autofree char *subtitle_markup = NULL;
  g_autofree char *years = format_years (partner->link.start_year, partner->link.end_year);
  g_autofree char *exchanges = NULL;
  g_autofree char *tooltip = NULL;

  join (subtitle, " · ", partner->country_name != NULL ? partner->country_name : _("Country unknown"));
  join (subtitle, " · ", ta_vocabulary_get_label (TA_VOCABULARY_LINK_KIND, partner->link.kind));
  join (subtitle, " · ", years);
  if (g_strcmp0 (partner->link.status, "active") != 0)
    join (subtitle, " · ", ta_vocabulary_get_label (TA_VOCABULARY_LINK_STATUS, partner->link.status));
  if (partner->n_exchanges > 0)
    {
      exchanges = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exchange", "%u exchanges",
                                                partner->n_exchanges),
                                   partner->n_exchanges);
      join (subtitle, " · ", exchanges);
    }

  subtitle_markup = g_markup_escape_text (subtitle->str, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);

  /* The row flies to the partner; the arrow opens the link itself. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "panel.show-partner");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", partner->link.id);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  tooltip = g_strdup_printf (_("Show %s on the map"), partner->partner_name);
  gtk_widget_set_tooltip_text (row, tooltip);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.open-link");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", partner->link.id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Show Link Details"));
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
update_partners (TaTownPanel *self)
{
  GPtrArray *partners = self->details->partners;
  g_autofree char *count = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->partners_list))) != NULL)
    gtk_list_box_remove (self->partners_list, child);
  ta_activity_rows_clear (self->partners_empty);

  ta_town_details_sort_partners (self->details, parse_sort (self->partner_sort));
  for (guint i = 0; i < partners->len; i++)
    gtk_list_box_append (self->partners_list, partner_row (g_ptr_array_index (partners, i)));

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partner town", "%u partner towns", partners->len),
                           partners->len);
  gtk_label_set_label (self->partners_count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->partners_list), partners->len > 0);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->partners_count_label)), partners->len > 0);

  if (partners->len == 0)
    gtk_box_append (self->partners_empty,
                    ta_activity_rows_empty_state ("system-users-symbolic",
                                                  _("No partner towns recorded yet"),
                                                  _("Twinned towns, partnerships and friendships of this town appear here."),
                                                  _("_Add Partner Town"),
                                                  self->editor != NULL ? "panel.add-link" : NULL,
                                                  FALSE));
  gtk_widget_set_visible (GTK_WIDGET (self->partners_empty), partners->len == 0);
}

static void
update_activity (TaTownPanel *self)
{
  TaActivityRowsOptions options = {
    .action_prefix = "panel",
    .show_partner = TRUE,
    .editable = self->editor != NULL,
    .compact = FALSE,
    .has_partners = self->details->partners->len > 0,
  };

  ta_activity_rows_fill_exchanges (self->exchanges_box, self->details->activity, &options);
  ta_activity_rows_fill_funding (self->funding_box, self->details->activity, &options);
  ta_activity_rows_fill_history (self->history_box, self->details->activity, &options);
}

static void
update_actions (TaTownPanel *self)
{
  gboolean editable = self->editor != NULL && self->details != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (editing_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), editing_actions[i], editable);

  /* History belongs to a link. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.add-event",
                                 editable && self->details->partners->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), editable);
  gtk_widget_set_visible (self->add_partner_button, editable);
}

static void
show_details (TaTownPanel   *self,
              TaTownDetails *details)
{
  g_clear_pointer (&self->details, ta_town_details_free);
  self->details = details;

  if (details != NULL)
    {
      update_header (self);
      update_partners (self);
      update_activity (self);
    }

  update_actions (self);
}

/* Dialogs */

static void
present_dialog (TaTownPanel    *self,
                TaRecordDialog *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       TaTownPanel      *self)
{
  g_autoptr(GError) error = NULL;
  gint64 town_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "town-id"));

  if (g_strcmp0 (response, "delete") != 0 || self->editor == NULL)
    return;

  if (!ta_editor_delete_town (self->editor, town_id, &error))
    ta_activity_rows_report_failure (get_parent_window (self), _("The Town Was Not Deleted"), error);
}

/* Actions */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
edit_town_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);

  present_dialog (self, TA_RECORD_DIALOG (ta_town_dialog_new (get_parent_window (self), self->editor,
                                                              &self->details->town)));
}

static void
delete_town_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  TaDependents dependents;

  if (!ta_editor_count_town_dependents (self->editor, self->town_id, &dependents, &error))
    {
      g_warning ("Cannot count what goes with town %" G_GINT64_FORMAT ": %s", self->town_id, error->message);
      return;
    }

  heading = g_strdup_printf (_("Delete %s?"), self->details->town.name);
  ta_activity_rows_confirm_deletion (get_parent_window (self), heading, &dependents, "town-id", self->town_id,
                                     G_CALLBACK (on_delete_response_cb), self);
}

static void
add_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);

  present_dialog (self, TA_RECORD_DIALOG (ta_link_dialog_new (get_parent_window (self), self->editor,
                                                              NULL, self->town_id)));
}

static void
add_exchange_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);

  present_dialog (self, TA_RECORD_DIALOG (ta_exchange_dialog_new (get_parent_window (self), self->editor,
                                                                  self->town_id, 0, NULL)));
}

static void
add_funding_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);

  present_dialog (self, TA_RECORD_DIALOG (ta_funding_dialog_new (get_parent_window (self), self->editor,
                                                                 self->town_id, 0, NULL)));
}

static void
add_event_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);

  present_dialog (self, TA_RECORD_DIALOG (ta_event_dialog_new (get_parent_window (self), self->editor,
                                                               self->town_id, 0, NULL)));
}

static void
edit_exchange_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);
  const TaExchangeRecord *exchange = ta_activity_rows_find_exchange (self->details->activity,
                                                                     g_variant_get_int64 (parameter));

  if (exchange != NULL)
    present_dialog (self, TA_RECORD_DIALOG (ta_exchange_dialog_new (get_parent_window (self), self->editor,
                                                                    self->town_id, 0, exchange)));
}

static void
edit_funding_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);
  const TaFundingRecord *record = ta_activity_rows_find_funding (self->details->activity,
                                                                 g_variant_get_int64 (parameter));

  if (record != NULL)
    present_dialog (self, TA_RECORD_DIALOG (ta_funding_dialog_new (get_parent_window (self), self->editor,
                                                                   self->town_id, 0, record)));
}

static void
edit_event_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);
  const TaEventRecord *event = ta_activity_rows_find_event (self->details->activity,
                                                            g_variant_get_int64 (parameter));

  if (event != NULL)
    present_dialog (self, TA_RECORD_DIALOG (ta_event_dialog_new (get_parent_window (self), self->editor,
                                                                 self->town_id, 0, event)));
}

static void
show_partner_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaTownPanel *self = TA_TOWN_PANEL (widget);
  const TaPartner *partner = ta_town_details_find_partner (self->details, g_variant_get_int64 (parameter));

  if (partner != NULL)
    g_signal_emit (self, signals[PARTNER_ACTIVATED], 0, partner->partner_id, partner->lat, partner->lon);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[LINK_ACTIVATED], 0, g_variant_get_int64 (parameter));
}

/* GObject */

static void
on_editor_changed_cb (TaTownPanel *self,
                      gboolean     network_changed,
                      TaEditor    *editor)
{
  ta_town_panel_reload (self);
}

static void
ta_town_panel_dispose (GObject *object)
{
  TaTownPanel *self = TA_TOWN_PANEL (object);

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_TOWN_PANEL);
  g_clear_object (&self->editor);
  g_clear_object (&self->db);
  g_clear_pointer (&self->details, ta_town_details_free);

  G_OBJECT_CLASS (ta_town_panel_parent_class)->dispose (object);
}

static void
ta_town_panel_finalize (GObject *object)
{
  TaTownPanel *self = TA_TOWN_PANEL (object);

  g_free (self->partner_sort);

  G_OBJECT_CLASS (ta_town_panel_parent_class)->finalize (object);
}

static void
ta_town_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TaTownPanel *self = TA_TOWN_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      g_value_set_int64 (value, self->town_id);
      break;

    case PROP_PARTNER_SORT:
      g_value_set_string (value, self->partner_sort);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_town_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TaTownPanel *self = TA_TOWN_PANEL (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      ta_town_panel_set_town (self, g_value_get_int64 (value));
      break;

    case PROP_PARTNER_SORT:
      if (g_strcmp0 (self->partner_sort, g_value_get_string (value)) != 0)
        {
          g_free (self->partner_sort);
          self->partner_sort = g_value_dup_string (value);
          if (self->details != NULL)
            update_partners (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_town_panel_class_init (TaTownPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_town_panel_dispose;
  object_class->finalize = ta_town_panel_finalize;
  object_class->get_property = ta_town_panel_get_property;
  object_class->set_property = ta_town_panel_set_property;

  /* The town shown, -1 for none. */
  properties[PROP_TOWN_ID] =
    g_param_spec_int64 ("town-id", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* "name", "country" or "year" */
  properties[PROP_PARTNER_SORT] =
    g_param_spec_string ("partner-sort", NULL, NULL,
                         "name",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaTownPanel::partner-activated:
   * @town_id: the partner town
   * @lat: its latitude
   * @lon: its longitude
   *
   * A partner row was activated: the map should fly there and select it.
   */
  signals[PARTNER_ACTIVATED] =
    g_signal_new ("partner-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * TaTownPanel::link-activated:
   * @link_id: the link
   *
   * The user asked to see a link in the link view.
   */
  signals[LINK_ACTIVATED] =
    g_signal_new ("link-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * TaTownPanel::close-requested:
   *
   * The panel should close: its close button, or its town is gone.
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-town-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, names_label);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, place_label);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, facts_label);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, sources_button);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, sources_box);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, partners_count_label);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, add_partner_button);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, partners_list);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, partners_empty);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, exchanges_box);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, funding_box);
  gtk_widget_class_bind_template_child (widget_class, TaTownPanel, history_box);

  gtk_widget_class_install_action (widget_class, "panel.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-town", NULL, edit_town_action);
  gtk_widget_class_install_action (widget_class, "panel.delete-town", NULL, delete_town_action);
  gtk_widget_class_install_action (widget_class, "panel.add-link", NULL, add_link_action);
  gtk_widget_class_install_action (widget_class, "panel.add-exchange", NULL, add_exchange_action);
  gtk_widget_class_install_action (widget_class, "panel.add-funding", NULL, add_funding_action);
  gtk_widget_class_install_action (widget_class, "panel.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-exchange", "x", edit_exchange_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-funding", "x", edit_funding_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-event", "x", edit_event_action);
  gtk_widget_class_install_action (widget_class, "panel.show-partner", "x", show_partner_action);
  gtk_widget_class_install_action (widget_class, "panel.open-link", "x", open_link_action);
  gtk_widget_class_install_property_action (widget_class, "panel.sort-partners", "partner-sort");
}

static void
ta_town_panel_init (TaTownPanel *self)
{
  self->town_id = -1;
  self->partner_sort = g_strdup ("name");

  gtk_widget_init_template (GTK_WIDGET (self));
  ta_activity_rows_ensure_style (GTK_WIDGET (self));
  /* Its labels expand within it; the panel keeps to its 360 pixels
   * (width-request) and leaves the room to the map. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), FALSE);
  update_actions (self);
}

/* Public API */

/**
 * ta_town_panel_new:
 *
 * Returns: (transfer floating): a panel showing no town
 */
GtkWidget *
ta_town_panel_new (void)
{
  return g_object_new (TA_TYPE_TOWN_PANEL, NULL);
}

void
ta_town_panel_set_database (TaTownPanel *self,
                            TaDb        *db,
                            TaEditor    *editor)
{
  g_return_if_fail (TA_IS_TOWN_PANEL (self));
  g_return_if_fail (db == NULL || TA_IS_DB (db));
  g_return_if_fail (editor == NULL || TA_IS_EDITOR (editor));

  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);

  g_set_object (&self->db, db);
  g_set_object (&self->editor, editor);

  if (editor != NULL)
    g_signal_connect_object (editor, "changed", G_CALLBACK (on_editor_changed_cb), self, G_CONNECT_SWAPPED);

  self->town_id = -1;
  show_details (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN_ID]);
}

gint64
ta_town_panel_get_town (TaTownPanel *self)
{
  g_return_val_if_fail (TA_IS_TOWN_PANEL (self), -1);

  return self->town_id;
}

void
ta_town_panel_set_town (TaTownPanel *self,
                        gint64       town_id)
{
  g_return_if_fail (TA_IS_TOWN_PANEL (self));
  g_return_if_fail (town_id >= -1);

  if (self->town_id == town_id)
    return;

  self->town_id = town_id;
  ta_town_panel_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN_ID]);
}

void
ta_town_panel_reload (TaTownPanel *self)
{
  g_autoptr(GError) error = NULL;
  TaTownDetails *details = NULL;

  g_return_if_fail (TA_IS_TOWN_PANEL (self));

  if (self->db != NULL && self->town_id >= 0)
    {
      details = ta_town_details_load (self->db, self->town_id, &error);
      if (details == NULL && !g_error_matches (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND))
        g_warning ("Cannot show town %" G_GINT64_FORMAT ": %s", self->town_id, error->message);
    }

  show_details (self, details);

  /* The town was deleted (or never was): nothing to show. */
  if (details == NULL && self->town_id >= 0)
    g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

/**
 * ta_town_panel_get_details:
 *
 * Returns: (transfer none) (nullable): the town shown
 */
const TaTownDetails *
ta_town_panel_get_details (TaTownPanel *self)
{
  g_return_val_if_fail (TA_IS_TOWN_PANEL (self), NULL);

  return self->details;
}
