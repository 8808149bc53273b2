/* test-import-dialog.c: the import preview, column mapping and commit, under Xvfb
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files are synthetic and name the made-up towns of import-test-util.c
 * (and one more, "Imaginaria-Test").  The dialog is driven through its
 * widgets: combo rows are switched, the Import button is clicked.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>

#include "import-test-util.h"
#include "ta-db.h"
#include "ta-import-dialog.h"

/* Widgets */

static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row_with_subtitle (GtkWidget  *widget,
                        const char *subtitle)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), subtitle) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_with_subtitle (child, subtitle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static const char *
shown_count (TaImportDialog *dialog,
             const char     *label_id)
{
  GtkWidget *label = find_by_id (GTK_WIDGET (dialog), label_id);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
import_enabled (TaImportDialog *dialog)
{
  GtkWidget *button = find_by_id (GTK_WIDGET (dialog), "import_button");

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* Picks the item @text of the combo row titled @title. */
static void
choose (TaImportDialog *dialog,
        const char     *title,
        const char     *text)
{
  GtkWidget *row = find_row (GTK_WIDGET (dialog), title);
  GListModel *model;

  g_assert_nonnull (row);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return;
        }
    }

  g_error ("The row “%s” offers no “%s”", title, text);
}

static void
wait_frames (void)
{
  for (int i = 0; i < 20 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static gint64
query_int (const char *db_path,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (db_path, TA_DB_OPEN_READ_ONLY, &error);
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (ta_db_get_handle (db), sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);

  return value;
}

static void
on_imported_cb (TaImportDialog *dialog,
                const char     *message,
                char          **out)
{
  *out = g_strdup (message);
}

/* Tests */

static void
test_mapping_and_commit (void)
{
  g_autofree char *atlas = test_make_atlas ("mapping.db");
  g_autofree char *csv = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  TaImportDialog *dialog;
  GtkWidget *error_row;

  /* Headings the auto-mapping does not know for the partner town. */
  csv = test_write_file ("partners-mapping.csv",
                         "Stadt;Land;Gegenstelle;Gegenland;Gegen-Breite;Gegen-Länge;Jahr\n"
                         "Dwojakowo;PL;Probestadt;DE;;;2003\n"
                         "Testowo;PL;Imaginaria-Test;DE;51,5;11,5;2015\n"
                         "Dwojakowo;PL;Neustadt-Test;DE;;;2010\n", -1);

  db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  dialog = g_object_ref_sink (ta_import_dialog_new (NULL, db));
  g_object_ref (dialog);
  g_signal_connect (dialog, "imported", G_CALLBACK (on_imported_cb), &message);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The headings do not say these are links: the user says so. */
  g_assert_true (ta_import_dialog_load_file (dialog, csv, &error));
  g_assert_no_error (error);
  choose (dialog, "Records", "Links");

  /* Without a partner column the file cannot be read as links. */
  error_row = find_by_id (GTK_WIDGET (dialog), "error_row");
  g_assert_true (gtk_widget_get_visible (error_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (error_row)), "town_b"));
  g_assert_false (import_enabled (dialog));

  choose (dialog, "Gegenstelle", "town_b");
  choose (dialog, "Gegenland", "country_b");
  choose (dialog, "Gegen-Breite", "lat_b");
  choose (dialog, "Gegen-Länge", "lon_b");
  wait_frames ();
  g_assert_false (gtk_widget_get_visible (error_row));

  g_assert_cmpstr (shown_count (dialog, "rows_read_label"), ==, "3");
  g_assert_cmpstr (shown_count (dialog, "towns_matched_label"), ==, "3");
  g_assert_cmpstr (shown_count (dialog, "towns_created_label"), ==, "1");
  g_assert_cmpstr (shown_count (dialog, "towns_ambiguous_label"), ==, "1");
  g_assert_cmpstr (shown_count (dialog, "links_added_label"), ==, "2");
  g_assert_cmpstr (shown_count (dialog, "rows_rejected_label"), ==, "0");
  /* The Neustadt-Test row waits for a decision. */
  g_assert_false (import_enabled (dialog));

  choose (dialog, "Neustadt-Test (DE)", "Neustadt-Test (DE)");
  wait_frames ();
  g_assert_cmpstr (shown_count (dialog, "towns_ambiguous_label"), ==, "0");
  g_assert_cmpstr (shown_count (dialog, "links_added_label"), ==, "3");
  g_assert_true (import_enabled (dialog));

  /* Nothing is written before the commit. */
  g_assert_cmpint (query_int (atlas, "SELECT count(*) FROM link"), ==, 3);

  g_signal_emit_by_name (find_by_id (GTK_WIDGET (dialog), "import_button"), "clicked");
  wait_frames ();
  g_assert_cmpstr (message, ==, "Imported: new towns 1, links 3, other records 0");

  g_assert_cmpint (query_int (atlas, "SELECT count(*) FROM link"), ==, 6);
  g_assert_cmpint (query_int (atlas, "SELECT count(*) FROM town WHERE name = 'Imaginaria-Test'"
                                     " AND country_code = 'DE' AND abs(lat - 51.5) < 1e-9"), ==, 1);
  g_assert_cmpint (query_int (atlas, "SELECT count(*) FROM link WHERE start_year = 2010"
                                     " AND 6 IN (town_a, town_b)"
                                     " AND (town_a IN (4, 5) OR town_b IN (4, 5))"), ==, 1);

  g_object_unref (dialog);
}

static void
test_malformed_file (void)
{
  g_autofree char *atlas = test_make_atlas ("malformed.db");
  g_autofree char *before = test_dump_database (atlas);
  g_autofree char *csv = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  TaImportDialog *dialog;
  GtkWidget *rejection;

  csv = test_write_file ("links-malformed.csv",
                         "town_a,country_a,town_b,country_b,lat_b,lon_b\n"
                         "Testowo,PL,Probestadt,DE,,\n"
                         "Testowo,PL,Imaginaria-Test,DE,north,11.5\n", -1);

  db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  dialog = g_object_ref_sink (ta_import_dialog_new (NULL, db));
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_true (ta_import_dialog_load_file (dialog, csv, &error));
  g_assert_no_error (error);
  wait_frames ();

  g_assert_cmpstr (shown_count (dialog, "rows_read_label"), ==, "2");
  g_assert_cmpstr (shown_count (dialog, "rows_rejected_label"), ==, "1");
  rejection = find_row_with_subtitle (find_by_id (GTK_WIDGET (dialog), "rejection_group"),
                                      "Line 3, column “lat_b”");
  g_assert_nonnull (rejection);
  g_assert_true (gtk_widget_is_visible (rejection));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rejection)), "north"));
  g_assert_false (import_enabled (dialog));

  /* The commit action refuses as the button does. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL);
  wait_frames ();

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_clear_object (&db);
  after = test_dump_database (atlas);
  g_assert_cmpstr (before, ==, after);
}

static void
test_export_filtered (void)
{
  g_autofree char *atlas = test_make_atlas ("export.db");
  g_autofree char *csv = test_tmp_path ("exported-links.csv");
  g_autofree char *geojson = test_tmp_path ("exported.geojson");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);

  /* The filter keeps the two twinnings, not the partnership. */
  ta_filter_set_link_kinds (filter, (const char * const []) { "twinning", NULL });
  g_assert_true (ta_export_data_write (db, filter, "links", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_clear_pointer (&contents, g_free);

  g_assert_true (ta_export_data_write (db, NULL, "geojson", geojson, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (geojson, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "\"FeatureCollection\""));
  g_assert_nonnull (strstr (contents, "Probestadt"));

  g_assert_false (ta_export_data_write (db, NULL, "spreadsheet", csv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    return 77;
  adw_init ();

  g_test_add_func ("/ta/gui/import-dialog/mapping-and-commit", test_mapping_and_commit);
  g_test_add_func ("/ta/gui/import-dialog/malformed-file", test_malformed_file);
  g_test_add_func ("/ta/gui/export-data/filtered", test_export_filtered);

  return g_test_run ();
}
