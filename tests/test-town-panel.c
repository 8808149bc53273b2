/* test-town-panel.c: the side panels and the record dialogs, driven headless
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test opens a TaWindow on its own copy of the synthetic atlas in
 * tests/fixtures/panels-atlas.sql, selects a town, and reads the rows the
 * panel shows or goes through the dialogs the way a user would: the
 * panel's actions open them, their fields are filled, Save (or Delete) is
 * pressed.  The database is then checked with a dump of every table, so
 * undo and redo are seen to restore the very rows.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "import-test-util.h"
#include "ta-db.h"
#include "ta-event-dialog.h"
#include "ta-exchange-dialog.h"
#include "ta-funding-dialog.h"
#include "ta-link-dialog.h"
#include "ta-link-view.h"
#include "ta-town-chooser.h"
#include "ta-town-dialog.h"
#include "ta-town-panel.h"
#include "ta-window.h"
#include "ta-gtk-test-util.h"

static char *tmp_dir;
static char *fixture_sql;

typedef struct
{
  char        *path;
  TaDb        *db;
  TaWindow    *window;
  TaTownPanel *panel;
  TaLinkView  *link_view;
} Fixture;

/* Widget trees */

/* The button (or row) bound to @action_name under @widget. */
static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The titles of the AdwActionRows under @widget, in order, "|"-joined. */
static void
collect_titles (GtkWidget *widget,
                GString   *out)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_visible (widget))
    {
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      collect_titles (child, out);
}

static char *
titles_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_titles (widget, out);
  return g_string_free (out, FALSE);
}

/* The texts of the visible labels under @widget, "|"-joined. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
labels_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static GtkWidget *
panel_child (Fixture    *fixture,
             const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->panel), TA_TYPE_TOWN_PANEL, name));
}

/* The one visible toplevel of @type (a dialog just presented). */
static gpointer
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = NULL;
  gpointer found = NULL;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        {
          g_assert_null (found);
          found = window;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static guint
count_toplevels (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        n++;
    }

  return n;
}

/* Activating a disabled action must do nothing: no dialog opens. */
static void
assert_opens_nothing (GtkWidget  *widget,
                      const char *action,
                      GType       dialog_type)
{
  guint before = count_toplevels (dialog_type);

  gtk_widget_activate_action (widget, action, NULL);
  g_assert_cmpuint (count_toplevels (dialog_type), ==, before);
}

static void
set_text (gpointer    dialog,
          const char *field,
          const char *text)
{
  GtkWidget *row = ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog), field);

  g_assert_true (GTK_IS_EDITABLE (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
set_choice (gpointer    dialog,
            const char *field,
            guint       index)
{
  GtkWidget *row = ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog), field);

  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), index);
}

/* Saves through the dialog as the Save button does. */
static void
save_ok (gpointer dialog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaRecordDialog) ref = g_object_ref (dialog);

  g_assert_true (ta_record_dialog_get_can_save (ref));
  g_assert_true (ta_record_dialog_save (ref, &error));
  g_assert_no_error (error);
}

/* Save must be off, the reason (naming @words) shown, nothing written. */
static void
assert_refused (Fixture    *fixture,
                gpointer    dialog,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkRevealer *revealer;

  before = test_dump_db (fixture->db);
  /* Save is disabled: its button is greyed out. */
  g_assert_false (ta_record_dialog_get_can_save (TA_RECORD_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_sensitive (find_actionable (GTK_WIDGET (dialog), "dialog.save")));
  g_assert_false (ta_record_dialog_save (TA_RECORD_DIALOG (dialog), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (ta_record_dialog_get_message (TA_RECORD_DIALOG (dialog)));
  g_assert_nonnull (strstr (ta_record_dialog_get_message (TA_RECORD_DIALOG (dialog)), words));

  revealer = GTK_REVEALER (ta_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_REVEALER, NULL, NULL));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  after = test_dump_db (fixture->db);
  g_assert_cmpstr (after, ==, before);
}

/* Databases */

/* Fixture */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static guint counter;

  fixture->path = g_strdup_printf ("%s/atlas-%u.db", tmp_dir, ++counter);
  fixture->db = ta_db_open (fixture->path, TA_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  ta_db_exec (fixture->db, fixture_sql, &error);
  g_assert_no_error (error);

  fixture->window = ta_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 700);
  ta_window_set_database (fixture->window, fixture->db);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->panel = TA_TOWN_PANEL (ta_test_find_widget (GTK_WIDGET (fixture->window), TA_TYPE_TOWN_PANEL, NULL, NULL));
  fixture->link_view = TA_LINK_VIEW (ta_test_find_widget (GTK_WIDGET (fixture->window), TA_TYPE_LINK_VIEW, NULL, NULL));
  g_assert_nonnull (fixture->panel);
  g_assert_nonnull (fixture->link_view);
  ta_test_wait_ms (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  /* Dialogs left open by a test go with their window. */
  for (guint i = g_list_model_get_n_items (toplevels); i-- > 0;)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WIDGET (fixture->window))
        gtk_window_destroy (GTK_WINDOW (window));
    }

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ta_test_wait_ms (50);
  g_clear_object (&fixture->db);
  g_unlink (fixture->path);
  g_free (fixture->path);
}

static void
select_town (Fixture *fixture,
             gint64   town_id)
{
  ta_window_set_selected_town (fixture->window, town_id);
  g_assert_cmpint (ta_town_panel_get_town (fixture->panel), ==, town_id);
}

/* Showing */

static void
test_sections (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *flap = ta_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_FLAP, NULL, NULL);
  g_autofree char *header = NULL;
  g_autofree char *partners = NULL;
  g_autofree char *exchanges = NULL;
  g_autofree char *exchange_labels = NULL;
  g_autofree char *funding = NULL;
  g_autofree char *funding_labels = NULL;
  g_autofree char *history = NULL;

  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     TA_TYPE_WINDOW, "town_flap"))));
  g_assert_nonnull (flap);
  select_town (fixture, 1);
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                    TA_TYPE_WINDOW, "town_flap"))));

  header = g_strdup_printf ("%s|%s|%s|%s",
                            gtk_label_get_text (GTK_LABEL (panel_child (fixture, "name_label"))),
                            gtk_label_get_text (GTK_LABEL (panel_child (fixture, "names_label"))),
                            gtk_label_get_text (GTK_LABEL (panel_child (fixture, "place_label"))),
                            gtk_menu_button_get_label (GTK_MENU_BUTTON (panel_child (fixture, "sources_button"))));
  g_assert_cmpstr (header, ==, "Alphaburg|Alphaburg an der Test · also Alfagrad, Alphabourg|Testland · Nordmark|2 sources");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (panel_child (fixture, "facts_label"))), "50.0000° N, 10.0000° E"));

  partners = titles_of (panel_child (fixture, "partners_list"));
  g_assert_cmpstr (partners, ==, "Betaville|Deltaton|Gammastadt");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (panel_child (fixture, "partners_count_label"))), ==, "3 partner towns");

  /* Totals per kind, then per year, newest first; not link 13's. */
  exchanges = titles_of (panel_child (fixture, "exchanges_box"));
  g_assert_cmpstr (exchanges, ==, "Youth|School|Culture|Sport|Local tournament|Summer camp|Pupils visit|Choir tour");
  exchange_labels = labels_of (panel_child (fixture, "exchanges_box"));
  g_assert_nonnull (strstr (exchange_labels, "Youth · with Betaville · 4 May 2019 · 24 participants · Synthetic Youth Fund"));
  g_assert_nonnull (strstr (exchange_labels, "|2021|"));
  g_assert_null (strstr (exchange_labels, "Not Alphaburg"));

  /* Totals per currency, never mixed, and per programme and currency. */
  funding = titles_of (panel_child (fixture, "funding_box"));
  g_assert_cmpstr (funding, ==,
                   "EUR|PLN|Alphaburg council|Synthetic Culture Grant|Synthetic Youth Fund|Synthetic Youth Fund|"
                   "Synthetic Youth Fund|Alphaburg council|Synthetic Youth Fund|Synthetic Youth Fund|Synthetic Culture Grant");
  funding_labels = labels_of (panel_child (fixture, "funding_box"));
  g_assert_nonnull (strstr (funding_labels, "EUR|3 records|2999.50 EUR"));
  g_assert_nonnull (strstr (funding_labels, "PLN|2 records|3700.00 PLN"));

  history = labels_of (panel_child (fixture, "history_box"));
  g_assert_cmpstr (history, ==,
                   "Cooperation History|"
                   "1 March 2015|Renewed · Betaville|"
                   "31 December 2005|Ended · Gammastadt|By mutual consent|"
                   "June 1990|Signed · Gammastadt|"
                   "1965|Signed · Betaville");
}

static void
test_empty_town (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *partners = NULL;
  g_autofree char *exchanges = NULL;
  g_autofree char *history = NULL;

  select_town (fixture, 5);

  g_assert_false (gtk_widget_get_visible (panel_child (fixture, "partners_list")));
  partners = labels_of (panel_child (fixture, "partners_empty"));
  g_assert_cmpstr (partners, ==,
                   "No partner towns recorded yet|Twinned towns, partnerships and friendships of this town appear here."
                   "|Add Partner Town");

  /* Empty states invite to add, never blank space. */
  exchanges = labels_of (panel_child (fixture, "exchanges_box"));
  g_assert_cmpstr (exchanges, ==,
                   "No exchanges recorded yet|Visits of pupils, choirs, sports teams or officials between the partner towns."
                   "|Add Exchange");
  history = labels_of (panel_child (fixture, "history_box"));
  g_assert_cmpstr (history, ==,
                   "No history recorded yet|History belongs to a partnership: add a partner town first.|Add Partner Town");
  /* Without a partner there is no link to record history on. */
  assert_opens_nothing (GTK_WIDGET (fixture->panel), "panel.add-event", TA_TYPE_EVENT_DIALOG);
}

static void
test_sort_and_navigate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *partners = NULL;
  g_autofree char *link = NULL;

  select_town (fixture, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.sort-partners", "s", "country");
  partners = titles_of (panel_child (fixture, "partners_list"));
  g_assert_cmpstr (partners, ==, "Gammastadt|Betaville|Deltaton");
  g_free (partners);
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.sort-partners", "s", "year");
  partners = titles_of (panel_child (fixture, "partners_list"));
  g_assert_cmpstr (partners, ==, "Betaville|Gammastadt|Deltaton");

  /* A partner's link in the link view, and back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.open-link", "x", (gint64) 11);
  g_assert_cmpint (ta_window_get_selected_link (fixture->window), ==, 11);
  g_assert_cmpint (ta_link_view_get_link (fixture->link_view), ==, 11);
  link = labels_of (GTK_WIDGET (fixture->link_view));
  g_assert_nonnull (strstr (link, "Alphaburg – Gammastadt"));
  g_assert_nonnull (strstr (link, "Partnership"));
  g_assert_nonnull (strstr (link, "1990–2005"));
  g_assert_nonnull (strstr (link, "Ended"));
  g_assert_nonnull (strstr (link, " km"));
  g_assert_nonnull (strstr (link, "Choir tour"));
  g_assert_nonnull (strstr (link, "3000.00 PLN"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->link_view), "link.back", NULL);
  g_assert_cmpint (ta_window_get_selected_link (fixture->window), ==, -1);
  g_assert_cmpint (ta_window_get_selected_town (fixture->window), ==, 1);

  /* Activating a partner row selects the partner. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.show-partner", "x", (gint64) 10);
  g_assert_cmpint (ta_window_get_selected_town (fixture->window), ==, 2);
  g_assert_cmpstr (ta_town_panel_get_details (fixture->panel)->town.name, ==, "Betaville");

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.close", NULL);
  g_assert_cmpint (ta_window_get_selected_town (fixture->window), ==, -1);
  ta_test_wait_ms (50);
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                     TA_TYPE_WINDOW, "town_flap"))));
}

/* Editing */

static void
undo (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
}

static void
redo (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
}

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *now = NULL;
  g_autofree char *titles = NULL;
  TaExchangeDialog *dialog;

  select_town (fixture, 1);

  /* Add: with Deltaton (partner 2 of the owner list after "no partner"). */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.add-exchange", NULL);
  dialog = find_toplevel (TA_TYPE_EXCHANGE_DIALOG);
  set_choice (dialog, "link_id", 2);
  set_choice (dialog, "kind", 4);
  set_text (dialog, "year", "2023");
  set_text (dialog, "participants", "abc");
  assert_refused (fixture, dialog, "Participants");
  set_text (dialog, "participants", "1 200");
  set_text (dialog, "date", "2023-02-30");
  assert_refused (fixture, dialog, "does not exist");
  set_text (dialog, "date", "2023-06-10");
  set_text (dialog, "description", "Synthetic football cup");
  save_ok (dialog);

  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM exchange WHERE link_id = 12 AND kind = 'sport'"
                                           " AND participants = 1200 AND date = '2023-06-10' AND source_id = 'user'"), ==, 1);
  titles = titles_of (panel_child (fixture, "exchanges_box"));
  g_assert_nonnull (strstr (titles, "Synthetic football cup"));
  added = test_dump_db (fixture->db);

  /* Edit exchange 100: another year, so the date must go too. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-exchange", "x", (gint64) 100);
  dialog = find_toplevel (TA_TYPE_EXCHANGE_DIALOG);
  set_text (dialog, "year", "2020");
  assert_refused (fixture, dialog, "2020");
  set_text (dialog, "date", "");
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT year FROM exchange WHERE id = 100"), ==, 2020);
  edited = test_dump_db (fixture->db);

  /* Delete exchange 103 from its dialog; its funding keeps, unlinked. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-exchange", "x", (gint64) 103);
  dialog = find_toplevel (TA_TYPE_EXCHANGE_DIALOG);
  g_assert_true (ta_record_dialog_delete (TA_RECORD_DIALOG (dialog), NULL));
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM exchange WHERE id = 103"), ==, 0);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT exchange_id IS NULL FROM funding WHERE id = 203"), ==, 1);

  /* Ctrl+Z three times: exactly the rows of before. */
  undo (fixture);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, edited);
  undo (fixture);
  g_free (now);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, added);
  undo (fixture);
  g_free (now);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, original);
  g_assert_false (ta_editor_get_can_undo (ta_window_get_editor (fixture->window)));

  /* And again: redo. */
  redo (fixture);
  g_free (now);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, added);
  g_free (titles);
  titles = titles_of (panel_child (fixture, "exchanges_box"));
  g_assert_nonnull (strstr (titles, "Synthetic football cup"));
}

static void
test_funding (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *now = NULL;
  g_autofree char *labels = NULL;
  TaFundingDialog *dialog;
  gint64 id;

  select_town (fixture, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.add-funding", NULL);
  dialog = find_toplevel (TA_TYPE_FUNDING_DIALOG);
  set_text (dialog, "amount_minor", "-5");
  assert_refused (fixture, dialog, "negative");
  set_text (dialog, "amount_minor", "1.234,56");
  set_text (dialog, "currency", "EURO");
  assert_refused (fixture, dialog, "Currency");
  set_text (dialog, "currency", "chf");
  assert_refused (fixture, dialog, "Funder");
  set_text (dialog, "funder", "Synthetic foundation");
  set_text (dialog, "year", "1850");
  assert_refused (fixture, dialog, "Year");
  set_text (dialog, "year", "2024");
  set_text (dialog, "purpose", "Bus tickets");
  save_ok (dialog);

  id = test_db_query_int (fixture->db, "SELECT max(id) FROM funding");
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT amount_minor FROM funding WHERE currency = 'CHF' AND town_id = 1"
                                           " AND link_id IS NULL AND funder = 'Synthetic foundation'"), ==, 123456);
  labels = labels_of (panel_child (fixture, "funding_box"));
  g_assert_nonnull (strstr (labels, "CHF|1 record|1234.56 CHF"));

  /* Edit it: now for Gammastadt's link, under a programme. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-funding", "x", id);
  dialog = find_toplevel (TA_TYPE_FUNDING_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog),
                                                                                    "amount_minor"))), ==, "1234.56");
  set_choice (dialog, "link_id", 3);
  set_choice (dialog, "programme_id", 1);
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT link_id FROM funding ORDER BY id DESC LIMIT 1"), ==, 11);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-funding", "x", id);
  dialog = find_toplevel (TA_TYPE_FUNDING_DIALOG);
  g_assert_true (ta_record_dialog_delete (TA_RECORD_DIALOG (dialog), NULL));
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM funding WHERE currency = 'CHF'"), ==, 0);

  undo (fixture);
  undo (fixture);
  undo (fixture);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, original);
}

static void
test_event (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *now = NULL;
  g_autofree char *history = NULL;
  TaEventDialog *dialog;

  select_town (fixture, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.add-event", NULL);
  dialog = find_toplevel (TA_TYPE_EVENT_DIALOG);
  /* The partners only: history belongs to a link. */
  set_choice (dialog, "link_id", 1);
  set_choice (dialog, "kind", 2);
  assert_refused (fixture, dialog, "Date");
  set_text (dialog, "date", "2020-13");
  assert_refused (fixture, dialog, "does not exist");
  set_text (dialog, "date", "2020-03");
  set_text (dialog, "note", "Synthetic pause");
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link_event WHERE link_id = 12"
                                           " AND kind = 'suspended' AND date = '2020-03'"), ==, 1);
  history = labels_of (panel_child (fixture, "history_box"));
  g_assert_nonnull (strstr (history, "March 2020|Suspended · Deltaton|Synthetic pause|1 March 2015"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-event", "x", (gint64) 300);
  dialog = find_toplevel (TA_TYPE_EVENT_DIALOG);
  set_text (dialog, "date", "1966");
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT date = '1966' FROM link_event WHERE id = 300"), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-event", "x", (gint64) 302);
  dialog = find_toplevel (TA_TYPE_EVENT_DIALOG);
  g_assert_true (ta_record_dialog_delete (TA_RECORD_DIALOG (dialog), NULL));
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link_event WHERE id = 302"), ==, 0);

  undo (fixture);
  undo (fixture);
  undo (fixture);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, original);
}

static void
test_link (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *now = NULL;
  g_autofree char *partners = NULL;
  TaLinkDialog *dialog;
  TaTownChooser *chooser;
  AdwMessageDialog *confirm;
  gint64 id;

  select_town (fixture, 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.add-link", NULL);
  dialog = find_toplevel (TA_TYPE_LINK_DIALOG);
  g_assert_cmpint (ta_town_chooser_get_town_id (TA_TOWN_CHOOSER (ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog),
                                                                                             "town_a"))), ==, 1);
  assert_refused (fixture, dialog, "Partner town");

  /* The partner is found as one types, diacritics ignored. */
  chooser = TA_TOWN_CHOOSER (ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog), "town_b"));
  gtk_editable_set_text (GTK_EDITABLE (chooser), "BETÁ");
  g_assert_cmpuint (ta_town_chooser_get_hits (chooser)->len, ==, 1);
  g_signal_emit_by_name (chooser, "entry-activated");
  g_assert_cmpint (ta_town_chooser_get_town_id (chooser), ==, 2);
  assert_refused (fixture, dialog, "linked already");

  gtk_editable_set_text (GTK_EDITABLE (chooser), "alphab");
  ta_town_chooser_choose_hit (chooser, 0);
  assert_refused (fixture, dialog, "two different towns");

  gtk_editable_set_text (GTK_EDITABLE (chooser), "Epsil");
  ta_town_chooser_choose_hit (chooser, 0);
  set_choice (dialog, "kind", 2);
  set_text (dialog, "start_year", "2001");
  set_text (dialog, "end_year", "1999");
  assert_refused (fixture, dialog, "End year");
  set_text (dialog, "end_year", "");
  save_ok (dialog);

  id = test_db_query_int (fixture->db, "SELECT id FROM link WHERE town_a = 1 AND town_b = 5 AND kind = 'friendship'"
                               " AND start_year = 2001 AND source_id = 'user'");
  partners = titles_of (panel_child (fixture, "partners_list"));
  g_assert_cmpstr (partners, ==, "Betaville|Deltaton|Epsilonia|Gammastadt");
  added = test_dump_db (fixture->db);

  /* Edit in the link view. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.open-link", "x", id);
  gtk_widget_activate_action (GTK_WIDGET (fixture->link_view), "link.edit", NULL);
  dialog = find_toplevel (TA_TYPE_LINK_DIALOG);
  set_choice (dialog, "status", 1);
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link WHERE status = 'suspended'"), ==, 1);

  /* Delete link 11 with what it holds, after saying what that is. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.open-link", "x", (gint64) 11);
  gtk_widget_activate_action (GTK_WIDGET (fixture->link_view), "link.delete", NULL);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 exchange"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1 funding record"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "2 history events"));
  adw_message_dialog_response (confirm, "delete");
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link WHERE id = 11"), ==, 0);
  /* Its view closes: the link is gone. */
  g_assert_cmpint (ta_window_get_selected_link (fixture->window), ==, -1);

  undo (fixture);
  undo (fixture);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, added);
  undo (fixture);
  g_free (now);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, original);
}

static void
test_town (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *now = NULL;
  g_autofree char *body = NULL;
  TaTownDialog *dialog;
  AdwMessageDialog *confirm;
  GtkDropDown *country;
  gint64 id;

  /* Add from the window's menu; the new town is selected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-town", NULL));
  dialog = find_toplevel (TA_TYPE_TOWN_DIALOG);
  assert_refused (fixture, dialog, "Name");
  set_text (dialog, "name", "Zetaford");
  assert_refused (fixture, dialog, "Latitude");
  set_text (dialog, "lat", "95");
  assert_refused (fixture, dialog, "Latitude");
  set_text (dialog, "lat", "53,25 N");
  set_text (dialog, "lon", "2.5 W");
  set_text (dialog, "population", "-3");
  assert_refused (fixture, dialog, "negative");
  set_text (dialog, "population", "3 000");
  country = GTK_DROP_DOWN (adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog), "country_code"))));
  gtk_drop_down_set_selected (country, 1);
  save_ok (dialog);

  id = test_db_query_int (fixture->db, "SELECT id FROM town WHERE name = 'Zetaford' AND lat = 53.25 AND lon = -2.5"
                               " AND country_code = 'XB' AND population = 3000 AND source_id = 'user'");
  g_assert_cmpint (ta_window_get_selected_town (fixture->window), ==, id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (panel_child (fixture, "place_label"))), ==, "Probeland");

  /* Edit Alphaburg: the stored position comes back unchanged. */
  select_town (fixture, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-town", NULL);
  dialog = find_toplevel (TA_TYPE_TOWN_DIALOG);
  set_text (dialog, "population", "125000");
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT population FROM town WHERE id = 1 AND lat = 50.0 AND region_id = 1"), ==, 125000);

  /* Picking on the map steps aside; Escape (win.cancel-pick) brings the
   * dialog back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.edit-town", NULL);
  dialog = find_toplevel (TA_TYPE_TOWN_DIALOG);
  g_signal_emit_by_name (ta_test_find_widget (ta_record_dialog_get_field (TA_RECORD_DIALOG (dialog), "pick"),
                                             GTK_TYPE_BUTTON, NULL, NULL), "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-pick", NULL));
  ta_test_wait_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  ta_town_dialog_set_position (dialog, 50.5, 10.25);
  save_ok (dialog);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT lat = 50.5 AND lon = 10.25 FROM town WHERE id = 1"), ==, 1);

  /* Delete: the dialog says what goes with the town. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "panel.delete-town", NULL);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  body = g_strdup (adw_message_dialog_get_body (confirm));
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Delete Alphaburg?");
  g_assert_nonnull (strstr (body, "3 links to partner towns"));
  g_assert_nonnull (strstr (body, "2 other names"));
  g_assert_nonnull (strstr (body, "4 exchanges"));
  g_assert_nonnull (strstr (body, "5 funding records"));
  g_assert_nonnull (strstr (body, "4 history events"));
  adw_message_dialog_response (confirm, "delete");
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town WHERE id = 1"), ==, 0);
  g_assert_cmpint (ta_window_get_selected_town (fixture->window), ==, -1);

  /* Four steps back: the atlas exactly as it was. */
  undo (fixture);
  undo (fixture);
  undo (fixture);
  undo (fixture);
  now = test_dump_db (fixture->db);
  g_assert_cmpstr (now, ==, original);
}

static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "read-only.db", NULL);
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  TaWindow *window;
  TaTownPanel *panel;
  g_autofree char *exchanges = NULL;

  g_assert_no_error (error);
  ta_db_exec (db, fixture_sql, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  window = ta_window_new (NULL);
  ta_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  panel = TA_TOWN_PANEL (ta_test_find_widget (GTK_WIDGET (window), TA_TYPE_TOWN_PANEL, NULL, NULL));
  ta_window_set_selected_town (window, 5);

  /* Shown, but nothing offered for editing. */
  g_assert_null (ta_window_get_editor (window));
  assert_opens_nothing (GTK_WIDGET (window), "win.add-town", TA_TYPE_TOWN_DIALOG);
  assert_opens_nothing (GTK_WIDGET (panel), "panel.add-exchange", TA_TYPE_EXCHANGE_DIALOG);
  exchanges = labels_of (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (panel), TA_TYPE_TOWN_PANEL,
                                                                    "exchanges_box")));
  g_assert_null (strstr (exchanges, "Add Exchange"));

  gtk_window_destroy (GTK_WINDOW (window));
  ta_test_wait_ms (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql_path = NULL;
  int status;

  /* Without a display (no xvfb-run) there is nothing to test: skip. */
  tmp_dir = ta_test_gtk_init (&argc, &argv, "test-town-panel");
  if (tmp_dir == NULL)
    return 77;

  sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "panels-atlas.sql", NULL);
  g_file_get_contents (sql_path, &fixture_sql, NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ta/gui/town-panel/sections", test_sections);
  ADD ("/ta/gui/town-panel/empty-town", test_empty_town);
  ADD ("/ta/gui/town-panel/sort-and-navigate", test_sort_and_navigate);
  ADD ("/ta/gui/town-panel/exchange", test_exchange);
  ADD ("/ta/gui/town-panel/funding", test_funding);
  ADD ("/ta/gui/town-panel/event", test_event);
  ADD ("/ta/gui/town-panel/link", test_link);
  ADD ("/ta/gui/town-panel/town", test_town);
#undef ADD
  g_test_add_func ("/ta/gui/town-panel/read-only", test_read_only);

  status = g_test_run ();

  ta_test_remove_tree (tmp_dir);
  g_free (fixture_sql);
  g_free (tmp_dir);

  return status;
}
