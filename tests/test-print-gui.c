/* test-print-gui.c: GtkPrintOperation exports the same page as the core writer
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-print-gui BASEMAP.bin ATLAS.db, under Xvfb (exit 77, a skip,
 * without a display).
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "ta-print.h"
#include "ta-report.h"

static const char *basemap_path;
static const char *atlas_path;

static char *
pdf_text (const char *path)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  const char *argv[] = { tool, "-f", "1", "-l", "1", path, "-", NULL };
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
test_print_operation_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (atlas_path, TA_DB_OPEN_READ_ONLY, &error);
  g_autoptr(TaBasemap) basemap = ta_basemap_new_from_file (basemap_path, &error);
  g_autoptr(TaNetwork) network = NULL;
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(TaPrintLayout) layout = NULL;
  g_autoptr(TaReport) report = ta_report_new ();
  g_autofree char *dir = g_dir_make_tmp ("test-print-gui-XXXXXX", NULL);
  g_autofree char *gtk_pdf = g_build_filename (dir, "gtk.pdf", NULL);
  g_autofree char *core_pdf = g_build_filename (dir, "core.pdf", NULL);
  g_autofree char *gtk_text = NULL;
  g_autofree char *core_text = NULL;
  const char *regions[] = { "PL-08", NULL };
  GtkPaperSize *paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  TaPrintSource source = { 0 };
  TaPrintPage page;

  g_assert_no_error (error);
  network = ta_network_load (db, &error);
  g_assert_no_error (error);
  ta_filter_set_regions (filter, regions);

  /* The same page both ways: A4 with half-inch margins. */
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_page_setup_set_top_margin (setup, 36, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 36, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 36, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 36, GTK_UNIT_POINTS);

  source.db = db;
  source.basemap = basemap;
  source.network = network;
  source.filter = filter;
  g_assert_true (ta_print_area_for_region (db, "PL-08", &source.area, NULL, &error));
  g_assert_no_error (error);
  source.page_setup = setup;

  g_assert_cmpint (ta_print_run (NULL, &source, GTK_PRINT_OPERATION_ACTION_EXPORT, gtk_pdf, &error), ==,
                   GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_file_test (gtk_pdf, G_FILE_TEST_IS_REGULAR));

  ta_print_page_init (&page, TA_PAPER_A4, FALSE);
  layout = ta_print_layout_new (db, basemap, network);
  ta_print_layout_set_page (layout, &page);
  ta_print_layout_set_area (layout, &source.area);
  ta_print_layout_set_filter (layout, filter);
  g_assert_true (ta_print_layout_prepare (layout, &error));
  ta_report_add_layout (report, layout);
  g_assert_true (ta_report_write (report, core_pdf, TA_REPORT_FORMAT_PDF, 72, NULL, &error));
  g_assert_no_error (error);

  gtk_text = pdf_text (gtk_pdf);
  core_text = pdf_text (core_pdf);
  if (gtk_text == NULL)
    g_test_message ("pdftotext not found: the pages are not compared");
  else
    {
      g_assert_nonnull (strstr (gtk_text, "Links of towns in Lubusz"));
      g_assert_nonnull (strstr (gtk_text, "Made with Natural Earth"));
      g_assert_cmpstr (gtk_text, ==, core_text);
    }

  g_unlink (gtk_pdf);
  g_unlink (core_pdf);
  g_rmdir (dir);
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

  g_test_add_func ("/ta/gui/print/operation-export", test_print_operation_export);
  return g_test_run ();
}
