/* test-print-dialog.c: the region picker and export of the print dialog
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-print-dialog BASEMAP.bin ATLAS.db, under Xvfb (exit 77, a
 * skip, without a display).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ta-print-dialog.h"

static const char *basemap_path;
static const char *atlas_path;

typedef struct
{
  TaDb          *db;
  TaBasemap     *basemap;
  TaNetwork     *network;
  TaFilter      *filter;
  TaPrintSource  source;
  char          *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->db = ta_db_open (atlas_path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  fixture->basemap = ta_basemap_new_from_file (basemap_path, &error);
  g_assert_no_error (error);
  fixture->network = ta_network_load (fixture->db, &error);
  g_assert_no_error (error);
  fixture->filter = ta_filter_new ();
  fixture->dir = g_dir_make_tmp ("test-print-dialog-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->source.db = fixture->db;
  fixture->source.basemap = fixture->basemap;
  fixture->source.network = fixture->network;
  fixture->source.filter = fixture->filter;
  /* A view over central Europe, as the window would pass it. */
  fixture->source.area = (TaPrintArea) { 5.0, 45.0, 25.0, 55.0 };
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->filter);
  g_clear_object (&fixture->network);
  g_clear_object (&fixture->basemap);
  g_clear_object (&fixture->db);
}

static void
assert_same_area (const TaPrintArea *a,
                  const TaPrintArea *b)
{
  g_assert_cmpfloat_with_epsilon (a->west, b->west, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->south, b->south, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->east, b->east, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->north, b->north, 1e-9);
}

static void
test_region_picker (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TaPrintDialog *dialog = ta_print_dialog_new (NULL, &fixture->source, TA_PRINT_DIALOG_EXPORT);
  TaPrintArea got, expected, poland;

  /* No filter criteria: the view. */
  g_assert_cmpint (ta_print_dialog_get_region_kind (dialog), ==, TA_PRINT_REGION_VIEW);
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  assert_same_area (&got, &fixture->source.area);

  ta_print_dialog_set_region_kind (dialog, TA_PRINT_REGION_COUNTRY);
  g_assert_true (ta_print_dialog_select_country (dialog, "PL"));
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  g_assert_no_error (error);
  g_assert_true (ta_print_area_for_country (fixture->db, "PL", &poland, NULL, &error));
  assert_same_area (&got, &poland);

  /* A region of another country: the country follows. */
  ta_print_dialog_set_region_kind (dialog, TA_PRINT_REGION_ADMIN1);
  g_assert_true (ta_print_dialog_select_region (dialog, "DE-SN"));
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  g_assert_no_error (error);
  g_assert_true (ta_print_area_for_region (fixture->db, "DE-SN", &expected, NULL, &error));
  assert_same_area (&got, &expected);

  g_assert_true (ta_print_dialog_select_region (dialog, "PL-08"));
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  g_assert_true (ta_print_area_for_region (fixture->db, "PL-08", &expected, NULL, &error));
  assert_same_area (&got, &expected);
  /* Lubusz lies inside Poland and is smaller. */
  g_assert_cmpfloat (got.west, >=, poland.west);
  g_assert_cmpfloat (got.east, <=, poland.east);
  g_assert_cmpfloat (got.east - got.west, <, poland.east - poland.west);

  g_assert_false (ta_print_dialog_select_region (dialog, "XX-99"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_initial_region (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *regions[] = { "PL-08", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  TaPrintDialog *dialog;
  TaPrintArea got, expected;

  ta_filter_set_regions (fixture->filter, regions);
  dialog = ta_print_dialog_new (NULL, &fixture->source, TA_PRINT_DIALOG_PRINT);

  /* The filter's region is picked and the title is the filter in words. */
  g_assert_cmpint (ta_print_dialog_get_region_kind (dialog), ==, TA_PRINT_REGION_ADMIN1);
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  g_assert_true (ta_print_area_for_region (fixture->db, "PL-08", &expected, NULL, &error));
  assert_same_area (&got, &expected);
  described = ta_filter_describe (fixture->filter, fixture->db);
  g_assert_cmpstr (ta_print_dialog_get_title (dialog), ==, described);

  /* The selection spans the partners abroad too. */
  ta_print_dialog_set_region_kind (dialog, TA_PRINT_REGION_SELECTION);
  g_assert_true (ta_print_dialog_get_area (dialog, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (got.west, <=, expected.west);
  g_assert_cmpfloat (got.east, >=, expected.east);
  g_assert_cmpfloat (got.east - got.west, >, expected.east - expected.west);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  gboolean  done;
  gboolean  written;
  GError   *error;
} WriteResult;

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteResult *write = user_data;

  write->written = ta_print_dialog_write_finish (TA_PRINT_DIALOG (object), result, &write->error);
  write->done = TRUE;
}

/* Runs the dialog's write to the end; NULL when it wrote the file. */
static GError *
write_and_wait (TaPrintDialog *dialog,
                const char    *path,
                GCancellable  *cancellable,
                gboolean       cancel_at_once)
{
  WriteResult write = { 0 };

  ta_print_dialog_write_async (dialog, path, cancellable, on_written_cb, &write);
  if (cancel_at_once)
    g_cancellable_cancel (cancellable);
  while (!write.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (write.written == (write.error == NULL));
  return write.error;
}

static char *
pdf_text (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  const char *argv[] = { tool, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (tool == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_export_title (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "lubusz.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TaPrintDialog *dialog = ta_print_dialog_new (NULL, &fixture->source, TA_PRINT_DIALOG_EXPORT);

  ta_print_dialog_set_region_kind (dialog, TA_PRINT_REGION_ADMIN1);
  g_assert_true (ta_print_dialog_select_region (dialog, "PL-08"));
  ta_print_dialog_set_title (dialog, "Synthetic Test Title 4711");

  error = write_and_wait (dialog, path, cancellable, FALSE);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  text = pdf_text (path);
  if (text == NULL)
    g_test_message ("pdftotext not found: the title is not checked");
  else
    g_assert_nonnull (strstr (text, "Synthetic Test Title 4711"));

  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static int
pdf_pages (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { tool, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *pages;
  int status;

  if (tool == NULL)
    return -1;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return atoi (pages + strlen ("Pages:"));
}

static void
test_report_maps_only (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TaPrintDialog *dialog = ta_print_dialog_new (NULL, &fixture->source, TA_PRINT_DIALOG_REPORT);
  int pages;

  g_assert_true (ta_print_dialog_select_country (dialog, "PL"));
  ta_print_dialog_set_with_table (dialog, FALSE);

  error = write_and_wait (dialog, path, cancellable, FALSE);
  g_assert_no_error (error);

  /* The 16 voivodeships, one map page each, titled with their names. */
  if ((pages = pdf_pages (path)) < 0)
    g_test_message ("pdfinfo not found: the pages are not counted");
  else
    g_assert_cmpint (pages, ==, 16);
  if ((text = pdf_text (path)) != NULL)
    {
      g_assert_nonnull (strstr (text, "Lubusz"));
      g_assert_nonnull (strstr (text, "Lower Silesian"));
      g_assert_nonnull (strstr (text, "Page 16 of 16"));
    }

  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_report_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "report.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  TaPrintDialog *dialog = ta_print_dialog_new (NULL, &fixture->source, TA_PRINT_DIALOG_REPORT);

  g_assert_true (ta_print_dialog_select_country (dialog, "PL"));

  error = write_and_wait (dialog, path, cancellable, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Nor a temporary file beside it. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    {
      g_printerr ("Usage: %s BASEMAP.bin ATLAS.db\n", argv[0]);
      return 2;
    }
  basemap_path = argv[1];
  atlas_path = argv[2];

  /* Without a display (no xvfb-run) there is nothing to test: skip. */
  if (!gtk_init_check ())
    return 77;
  adw_init ();

  g_test_add ("/ta/gui/print-dialog/region-picker", Fixture, NULL,
              fixture_set_up, test_region_picker, fixture_tear_down);
  g_test_add ("/ta/gui/print-dialog/initial-region", Fixture, NULL,
              fixture_set_up, test_initial_region, fixture_tear_down);
  g_test_add ("/ta/gui/print-dialog/export-title", Fixture, NULL,
              fixture_set_up, test_export_title, fixture_tear_down);
  g_test_add ("/ta/gui/print-dialog/report-maps-only", Fixture, NULL,
              fixture_set_up, test_report_maps_only, fixture_tear_down);
  g_test_add ("/ta/gui/print-dialog/report-cancel", Fixture, NULL,
              fixture_set_up, test_report_cancel, fixture_tear_down);
  return g_test_run ();
}
