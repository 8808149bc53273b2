/* ta-activity-rows.c: the exchanges, funding and history sections
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The town panel shows each section on a page of its own, the link view
 * all three on one page; both build them here from a TaActivity.  Rows
 * carry their action and record id ("panel.edit-exchange", 12), so a
 * click, Enter or a test activating the row all take the same path.
 * The two also share here how such an action finds its record and how a
 * town or link deletion is confirmed.
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ta-activity-rows.h"

#define STYLE_RESOURCE "/io/github/twinatlas/TwinAtlas/ta-panels.css"

static const struct
{
  const char *kind;
  const char *icon_name;
} exchange_icons[] = {
  { "youth", "emoji-people-symbolic" },
  { "school", "accessories-dictionary-symbolic" },
  { "civil-servants", "x-office-address-book-symbolic" },
  { "culture", "applications-multimedia-symbolic" },
  { "sport", "emoji-activities-symbolic" },
  { "business", "x-office-presentation-symbolic" },
  { "other", "emoji-objects-symbolic" },
};

const char *
ta_activity_rows_exchange_icon (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (exchange_icons); i++)
    if (g_strcmp0 (exchange_icons[i].kind, kind) == 0)
      return exchange_icons[i].icon_name;

  return "emoji-objects-symbolic";
}

void
ta_activity_rows_ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "ta-panels-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, STYLE_RESOURCE);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "ta-panels-style",
                          g_steal_pointer (&provider), g_object_unref);
}

void
ta_activity_rows_clear (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

char *
ta_activity_rows_format_date (const char *date)
{
  g_autoptr(GDateTime) time = NULL;
  int year = 0, month = 0, day = 0;
  int n;

  if (date == NULL)
    return NULL;

  n = sscanf (date, "%d-%d-%d", &year, &month, &day);
  if (n < 1 || year < 1 || year > 9999)
    return g_strdup (date);
  if (n == 1)
    return g_strdup_printf ("%d", year);

  time = g_date_time_new_local (year, month, n == 3 ? day : 1, 12, 0, 0);
  if (time == NULL)
    return g_strdup (date);

  /* Translators: a month and year, as strftime; %OB is the month's name
   * on its own (nominative), %B the one used inside a date. */
  if (n == 2)
    return g_date_time_format (time, C_("month and year", "%OB %Y"));

  /* Translators: a full date, as strftime: "31 December 2005". */
  return g_date_time_format (time, C_("full date", "%-d %B %Y"));
}

/* A "• 3 exchanges" line; nothing for 0. */
static void
append_count (GString *text,
              guint    count,
              char    *line)
{
  if (count > 0)
    g_string_append_printf (text, "\n• %s", line);

  g_free (line);
}

char *
ta_activity_rows_describe_deletion (const TaDependents *dependents)
{
  GString *text = g_string_new (NULL);

  append_count (text, dependents->links,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link to a partner town",
                                              "%u links to partner towns", dependents->links),
                                 dependents->links));
  append_count (text, dependents->names,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other name", "%u other names",
                                              dependents->names),
                                 dependents->names));
  append_count (text, dependents->exchanges,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exchange", "%u exchanges",
                                              dependents->exchanges),
                                 dependents->exchanges));
  append_count (text, dependents->funding,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u funding record", "%u funding records",
                                              dependents->funding),
                                 dependents->funding));
  append_count (text, dependents->events,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u history event", "%u history events",
                                              dependents->events),
                                 dependents->events));

  if (text->len == 0)
    g_string_assign (text, _("Nothing else is recorded with it."));
  else
    g_string_prepend (text, _("This also deletes:"));

  g_string_append (text, "\n\n");
  g_string_append (text, _("Undo brings it all back (Ctrl+Z)."));

  return g_string_free (text, FALSE);
}

void
ta_activity_rows_confirm_deletion (GtkWindow          *parent,
                                   const char         *heading,
                                   const TaDependents *dependents,
                                   const char         *id_key,
                                   gint64              id,
                                   GCallback           response_cb,
                                   gpointer            owner)
{
  g_autofree char *body = ta_activity_rows_describe_deletion (dependents);
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The id, not the owner's current record: the owner may have moved on
   * to another town or link by the time the user answers. */
  g_object_set_data (G_OBJECT (dialog), id_key, GSIZE_TO_POINTER (id));
  g_signal_connect_object (dialog, "response", response_cb, owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ta_activity_rows_report_failure (GtkWindow    *parent,
                                 const char   *heading,
                                 const GError *error)
{
  AdwMessageDialog *failure = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, error->message));

  adw_message_dialog_add_response (failure, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (failure));
}

/* Finding the record an "edit-…" action names */

const TaExchangeRecord *
ta_activity_rows_find_exchange (const TaActivity *activity,
                                gint64            id)
{
  GPtrArray *years = activity->exchange_years;

  for (guint i = 0; i < years->len; i++)
    {
      GPtrArray *exchanges = ((TaExchangeYear *) g_ptr_array_index (years, i))->exchanges;

      for (guint j = 0; j < exchanges->len; j++)
        {
          const TaExchangeRecord *exchange = g_ptr_array_index (exchanges, j);

          if (exchange->id == id)
            return exchange;
        }
    }

  return NULL;
}

const TaFundingRecord *
ta_activity_rows_find_funding (const TaActivity *activity,
                               gint64            id)
{
  for (guint i = 0; i < activity->funding->len; i++)
    {
      const TaFundingRecord *funding = g_ptr_array_index (activity->funding, i);

      if (funding->id == id)
        return funding;
    }

  return NULL;
}

const TaEventRecord *
ta_activity_rows_find_event (const TaActivity *activity,
                             gint64            id)
{
  for (guint i = 0; i < activity->events->len; i++)
    {
      const TaEventRecord *event = g_ptr_array_index (activity->events, i);

      if (event->id == id)
        return event;
    }

  return NULL;
}

/* Building blocks */

GtkWidget *
ta_activity_rows_empty_state (const char *icon_name,
                              const char *title,
                              const char *description,
                              const char *button_label,
                              const char *action_name,
                              gboolean    compact)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, compact ? 6 : 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *description_label = gtk_label_new (description);

  gtk_widget_add_css_class (box, "empty-state");
  if (compact)
    gtk_widget_add_css_class (box, "compact");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (box, !compact);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), compact ? 32 : 64);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);

  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (title_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (title_label, compact ? "heading" : "title-3");
  gtk_box_append (GTK_BOX (box), title_label);

  gtk_label_set_wrap (GTK_LABEL (description_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (description_label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (description_label), 36);
  gtk_widget_add_css_class (description_label, "dim-label");
  gtk_box_append (GTK_BOX (box), description_label);

  if (action_name != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
      gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_top (button, 6);
      gtk_widget_add_css_class (button, "pill");
      if (!compact)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (GTK_BOX (box), button);
    }

  return box;
}

static char *
action_name (const TaActivityRowsOptions *options,
             const char                  *name)
{
  return g_strdup_printf ("%s.%s", options->action_prefix, name);
}

static GtkWidget *
add_button (const TaActivityRowsOptions *options,
            const char                  *name,
            const char                  *tooltip)
{
  g_autofree char *action = action_name (options, name);
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

static GtkWidget *
new_group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  return group;
}

/* A row that opens the record's edit dialog when the section is editable;
 * @suffix (nullable) goes before the edit icon. */
static GtkWidget *
new_record_row (const TaActivityRowsOptions *options,
                const char                  *edit_action,
                gint64                       id,
                GtkWidget                   *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);

  if (options->editable)
    {
      g_autofree char *action = action_name (options, edit_action);
      GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", id);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Edit"));
      gtk_widget_add_css_class (icon, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

static void
set_row_texts (GtkWidget  *row,
               const char *title,
               const char *subtitle)
{
  g_autofree char *title_markup = g_markup_escape_text (title != NULL ? title : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
    }
}

static GtkWidget *
amount_label (gint64      amount_minor,
              const char *currency)
{
  g_autofree char *text = ta_format_amount (amount_minor, currency);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "amount");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), 1);

  return label;
}

/* Parts joined with " · ", empty ones left out. */
static void
add_part (GString    *text,
          const char *part)
{
  if (part == NULL || *part == '\0')
    return;

  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static char *
with_partner (const TaActivityRowsOptions *options,
              const char                  *partner_name)
{
  if (!options->show_partner || partner_name == NULL)
    return NULL;

  /* Translators: which partner town a record is with, e.g. "with Lyon". */
  return g_strdup_printf (_("with %s"), partner_name);
}

/* Exchanges */

static GtkWidget *
exchange_totals_group (const TaActivity            *activity,
                       const TaActivityRowsOptions *options)
{
  GtkWidget *group = new_group (_("Totals by Kind"));

  if (options->editable)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             add_button (options, "add-exchange", _("Add Exchange")));

  for (guint i = 0; i < activity->exchange_totals->len; i++)
    {
      const TaExchangeTotal *total = g_ptr_array_index (activity->exchange_totals, i);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u exchange", "%u exchanges",
                                                             total->count), total->count);
      g_autofree char *participants = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (ta_activity_rows_exchange_icon (total->kind));

      add_part (subtitle, count);
      if (total->participants >= 0)
        {
          g_autofree char *number = ta_format_count (total->participants);

          participants = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s participant", "%s participants",
                                                       (gulong) total->participants),
                                          number);
          add_part (subtitle, participants);
        }

      set_row_texts (row, ta_vocabulary_get_label (TA_VOCABULARY_EXCHANGE_KIND, total->kind), subtitle->str);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  return group;
}

/* @with_year: the row is not under a heading with its year. */
static GtkWidget *
exchange_row (const TaExchangeRecord      *exchange,
              const TaActivityRowsOptions *options,
              gboolean                     with_year)
{
  const char *kind = ta_vocabulary_get_label (TA_VOCABULARY_EXCHANGE_KIND, exchange->kind);
  GtkWidget *row = new_record_row (options, "edit-exchange", exchange->id, NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name (ta_activity_rows_exchange_icon (exchange->kind));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *partner = with_partner (options, exchange->partner_name);
  g_autofree char *participants = NULL;
  g_autofree char *date = exchange->date != NULL ? ta_activity_rows_format_date (exchange->date)
                         : with_year ? g_strdup_printf ("%d", exchange->year) : NULL;
  gboolean described = exchange->description != NULL && *exchange->description != '\0';

  if (described)
    add_part (subtitle, kind);
  add_part (subtitle, partner);
  add_part (subtitle, date);
  if (exchange->participants >= 0)
    {
      g_autofree char *number = ta_format_count (exchange->participants);

      participants = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s participant", "%s participants",
                                                   (gulong) exchange->participants),
                                      number);
      add_part (subtitle, participants);
    }
  add_part (subtitle, exchange->programme_name);

  set_row_texts (row, described ? exchange->description : kind, subtitle->str);
  gtk_widget_set_tooltip_text (icon, kind);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

/* A titled group for a page holding several sections, with an add
 * button when editable. */
static GtkWidget *
section_group (const char                  *title,
               const TaActivityRowsOptions *options,
               const char                  *add_action,
               const char                  *add_tooltip)
{
  GtkWidget *group = new_group (title);

  if (options->editable)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             add_button (options, add_action, add_tooltip));

  return group;
}

/* In a page of its own the empty state fills the page; among other
 * sections it sits under the section's title. */
static void
append_empty_state (GtkBox                      *box,
                    const TaActivityRowsOptions *options,
                    const char                  *section_title,
                    GtkWidget                   *empty_state)
{
  GtkWidget *group;

  if (!options->compact)
    {
      gtk_box_append (box, empty_state);
      return;
    }

  group = new_group (section_title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), empty_state);
  gtk_box_append (box, group);
}

void
ta_activity_rows_fill_exchanges (GtkBox                      *box,
                                 const TaActivity            *activity,
                                 const TaActivityRowsOptions *options)
{
  GtkWidget *group = NULL;

  ta_activity_rows_clear (box);

  if (activity->n_exchanges == 0)
    {
      g_autofree char *action = options->editable ? action_name (options, "add-exchange") : NULL;

      append_empty_state (box, options, _("Exchanges"),
                          ta_activity_rows_empty_state ("emoji-travel-symbolic",
                                                        _("No exchanges recorded yet"),
                                                        _("Visits of pupils, choirs, sports teams or officials between the partner towns."),
                                                        _("_Add Exchange"), action, options->compact));
      return;
    }

  /* A page of its own: totals, then a group per year.  Among other
   * sections: one group, the year in each row. */
  if (options->compact)
    {
      group = section_group (_("Exchanges"), options, "add-exchange", _("Add Exchange"));
      gtk_box_append (box, group);
    }
  else
    gtk_box_append (box, exchange_totals_group (activity, options));

  for (guint i = 0; i < activity->exchange_years->len; i++)
    {
      const TaExchangeYear *year = g_ptr_array_index (activity->exchange_years, i);

      if (!options->compact)
        {
          g_autofree char *title = g_strdup_printf ("%d", year->year);

          group = new_group (title);
          gtk_box_append (box, group);
        }

      for (guint j = 0; j < year->exchanges->len; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   exchange_row (g_ptr_array_index (year->exchanges, j), options,
                                                 options->compact));
    }
}

/* Funding */

static GtkWidget *
funding_total_row (const TaFundingTotal *total,
                   gboolean              by_currency)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", total->count),
                                            total->count);

  set_row_texts (row, by_currency ? total->currency : total->label, count);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label (total->amount_minor, total->currency));

  return row;
}

static GtkWidget *
funding_row (const TaFundingRecord       *funding,
             const TaActivityRowsOptions *options)
{
  GtkWidget *row = new_record_row (options, "edit-funding", funding->id,
                                   amount_label (funding->amount_minor, funding->currency));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *year = g_strdup_printf ("%d", funding->year);
  g_autofree char *partner = with_partner (options, funding->partner_name);
  const char *title = funding->programme_name != NULL ? funding->programme_name : funding->funder;

  add_part (subtitle, year);
  add_part (subtitle, funding->purpose);
  add_part (subtitle, partner);
  /* A programme's record may still name who paid it out. */
  if (funding->programme_name != NULL)
    add_part (subtitle, funding->funder);

  set_row_texts (row, title, subtitle->str);

  return row;
}

void
ta_activity_rows_fill_funding (GtkBox                      *box,
                               const TaActivity            *activity,
                               const TaActivityRowsOptions *options)
{
  GtkWidget *group;

  ta_activity_rows_clear (box);

  if (activity->funding->len == 0)
    {
      g_autofree char *action = options->editable ? action_name (options, "add-funding") : NULL;

      append_empty_state (box, options, _("Funding"),
                          ta_activity_rows_empty_state ("x-office-spreadsheet-symbolic",
                                                        _("No funding recorded yet"),
                                                        _("Grants and other money that paid for exchanges and projects, per programme or funder."),
                                                        _("_Add Funding"), action, options->compact));
      return;
    }

  /* Sums never add up different currencies: one row each. */
  group = section_group (options->compact ? _("Funding") : _("Totals by Currency"),
                         options, "add-funding", _("Add Funding"));
  for (guint i = 0; i < activity->funding_by_currency->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               funding_total_row (g_ptr_array_index (activity->funding_by_currency, i), TRUE));
  gtk_box_append (box, group);

  if (!options->compact)
    {
      group = new_group (_("By Programme or Funder"));
      for (guint i = 0; i < activity->funding_by_programme->len; i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   funding_total_row (g_ptr_array_index (activity->funding_by_programme, i), FALSE));
      gtk_box_append (box, group);
    }

  group = new_group (options->compact ? NULL : _("Records"));
  for (guint i = 0; i < activity->funding->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               funding_row (g_ptr_array_index (activity->funding, i), options));
  gtk_box_append (box, group);
}

/* History */

static GtkWidget *
timeline_row (const TaEventRecord         *event,
              const TaActivityRowsOptions *options,
              gboolean                     first,
              gboolean                     last)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *rail = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *line_above = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *line_below = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *date = ta_activity_rows_format_date (event->date);
  g_autofree char *kind = g_markup_escape_text (ta_vocabulary_get_label (TA_VOCABULARY_EVENT_KIND, event->kind), -1);
  g_autofree char *title = NULL;
  GtkWidget *date_label = gtk_label_new (date);
  GtkWidget *title_label = gtk_label_new (NULL);

  /* One line runs through all rows: above the dot (not in the first
   * row) and below it (not in the last). */
  gtk_widget_add_css_class (row, "timeline-row");
  gtk_widget_add_css_class (line_above, "timeline-line");
  gtk_widget_add_css_class (line_above, "above");
  gtk_widget_add_css_class (dot, "timeline-dot");
  gtk_widget_add_css_class (dot, event->kind);
  gtk_widget_add_css_class (line_below, "timeline-line");
  gtk_widget_set_halign (line_above, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (dot, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (line_below, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (line_below, TRUE);
  gtk_widget_set_opacity (line_above, first ? 0 : 1);
  gtk_widget_set_opacity (line_below, last ? 0 : 1);
  gtk_box_append (GTK_BOX (rail), line_above);
  gtk_box_append (GTK_BOX (rail), dot);
  gtk_box_append (GTK_BOX (rail), line_below);
  gtk_box_append (GTK_BOX (box), rail);

  if (options->show_partner && event->partner_name != NULL)
    {
      g_autofree char *partner = g_markup_escape_text (event->partner_name, -1);

      title = g_strdup_printf ("<b>%s</b> · %s", kind, partner);
    }
  else
    title = g_strdup_printf ("<b>%s</b>", kind);
  gtk_label_set_markup (GTK_LABEL (title_label), title);

  gtk_label_set_xalign (GTK_LABEL (date_label), 0);
  gtk_widget_add_css_class (date_label, "caption-heading");
  gtk_widget_add_css_class (date_label, "accent");
  gtk_box_append (GTK_BOX (content), date_label);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_box_append (GTK_BOX (content), title_label);

  if (event->note != NULL && *event->note != '\0')
    {
      GtkWidget *note = gtk_label_new (event->note);

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (GTK_BOX (content), note);
    }

  gtk_widget_set_hexpand (content, TRUE);
  gtk_widget_set_margin_top (content, 10);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_box_append (GTK_BOX (box), content);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  if (options->editable)
    {
      g_autofree char *action = action_name (options, "edit-event");
      GtkWidget *icon = gtk_image_new_from_icon_name ("document-edit-symbolic");

      gtk_widget_add_css_class (icon, "dim-label");
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", event->id);
      gtk_widget_set_tooltip_text (row, _("Edit"));
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

void
ta_activity_rows_fill_history (GtkBox                      *box,
                               const TaActivity            *activity,
                               const TaActivityRowsOptions *options)
{
  GtkWidget *group;
  GtkWidget *list;

  ta_activity_rows_clear (box);

  if (activity->events->len == 0)
    {
      g_autofree char *action = NULL;

      if (options->editable)
        action = action_name (options, options->has_partners ? "add-event" : "add-link");

      if (options->has_partners || !options->editable)
        append_empty_state (box, options, _("Cooperation History"),
                            ta_activity_rows_empty_state ("document-open-recent-symbolic",
                                                          _("No history recorded yet"),
                                                          _("When a partnership was signed, renewed, suspended, resumed or ended."),
                                                          _("_Add Event"), action, options->compact));
      else
        append_empty_state (box, options, _("Cooperation History"),
                            ta_activity_rows_empty_state ("document-open-recent-symbolic",
                                                          _("No history recorded yet"),
                                                          _("History belongs to a partnership: add a partner town first."),
                                                          _("_Add Partner Town"), action, options->compact));
      return;
    }

  group = section_group (_("Cooperation History"), options, "add-event", _("Add History Event"));

  /* Newest first, as the core sorts them: a timeline read downwards. */
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_add_css_class (list, "timeline");
  for (guint i = 0; i < activity->events->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         timeline_row (g_ptr_array_index (activity->events, i), options,
                                       i == 0, i + 1 == activity->events->len));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (box, group);
}
