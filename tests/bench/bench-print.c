/* bench-print.c: seconds per printed page, for the print issue's targets
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-print [ATLAS.db] (default: the bundled one of the data dir)
 *
 * Scenarios, each run three times (the best run counts), from loading
 * nothing but the filter's selection to the PDF on disk:
 *   poland-map     A4 map page of Poland with all its links
 *   poland-full    the same with its table pages
 *   voivodeships   16 pages, one map per voivodeship of Poland
 *   voivodeships+  the same report with the regions' table pages
 * Target: under 1 s per page.  The last line reads
 * RESULT worst_seconds_per_page=X.
 */

#include "config.h"

#include <locale.h>
#include <glib/gstdio.h>

#include "ta-basemap.h"
#include "ta-db.h"
#include "ta-network.h"
#include "ta-paths.h"
#include "ta-print-layout.h"
#include "ta-report.h"

#define RUNS 3

static TaDb *db;
static TaBasemap *basemap;
static TaNetwork *network;
static char *out_dir;

typedef TaReport *(*MakeReport) (gboolean with_table);

static TaReport *
make_poland (gboolean with_table)
{
  g_autoptr(TaPrintLayout) layout = ta_print_layout_new (db, basemap, network);
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_autoptr(GError) error = NULL;
  const char *countries[] = { "PL", NULL };
  TaReport *report = ta_report_new ();
  TaPrintArea area;

  if (!ta_print_area_for_country (db, "PL", &area, NULL, &error))
    g_error ("%s", error->message);
  ta_filter_set_countries (filter, countries);
  ta_print_layout_set_area (layout, &area);
  ta_print_layout_set_filter (layout, filter);
  ta_print_layout_set_title (layout, "Poland");
  ta_print_layout_set_with_table (layout, with_table);
  if (!ta_print_layout_prepare (layout, &error))
    g_error ("%s", error->message);
  ta_report_add_layout (report, layout);
  return report;
}

static TaReport *
make_voivodeships (gboolean with_table)
{
  g_autoptr(TaReport) full = NULL;
  g_autoptr(GError) error = NULL;
  TaReport *report;
  TaPrintPage page;

  ta_print_page_init (&page, TA_PAPER_A4, FALSE);
  full = ta_report_new_per_region (db, basemap, network, NULL, "PL", &page, &error);
  if (full == NULL)
    g_error ("%s", error->message);
  if (with_table)
    return g_steal_pointer (&full);

  report = ta_report_new ();
  for (guint i = 0; i < ta_report_get_n_layouts (full); i++)
    {
      TaPrintLayout *layout = ta_report_get_layout (full, i);

      ta_print_layout_set_with_table (layout, FALSE);
      if (!ta_print_layout_prepare (layout, &error))
        g_error ("%s", error->message);
      ta_report_add_layout (report, layout);
    }
  return report;
}

static double
run (const char *name,
     MakeReport  make,
     gboolean    with_table)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.pdf", out_dir, name);
  double best = G_MAXDOUBLE;
  guint pages = 0;

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TaReport) report = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      report = make (with_table);
      if (!ta_report_write (report, path, TA_REPORT_FORMAT_PDF, 72, NULL, &error))
        g_error ("%s", error->message);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      pages = ta_report_get_n_pages (report);
      best = MIN (best, seconds);
    }

  g_print ("%-14s %4u pages  %7.3f s  %6.3f s/page\n", name, pages, best, best / pages);
  g_unlink (path);
  return best / pages;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  double per_page[4];
  double worst = 0;

  setlocale (LC_ALL, "");
  db_path = argc > 1 ? g_strdup (argv[1]) : ta_paths_get_bundled_database ();
  db = ta_db_open (db_path, TA_DB_OPEN_READ_ONLY, &error);
  if (db == NULL || !(basemap = ta_basemap_new_default (&error)) || !(network = ta_network_load (db, &error)))
    {
      g_printerr ("bench-print: %s\n", error->message);
      return 1;
    }
  out_dir = g_dir_make_tmp ("bench-print-XXXXXX", &error);
  g_assert_no_error (error);

  g_print ("%-14s %10s  %9s  %13s\n", "scenario", "pages", "best of 3", "per page");
  per_page[0] = run ("poland-map", make_poland, FALSE);
  per_page[1] = run ("poland-full", make_poland, TRUE);
  per_page[2] = run ("voivodeships", make_voivodeships, FALSE);
  per_page[3] = run ("voivodeships+", make_voivodeships, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (per_page); i++)
    worst = MAX (worst, per_page[i]);
  g_print ("RESULT worst_seconds_per_page=%.3f\n", worst);

  g_rmdir (out_dir);
  g_free (out_dir);
  g_clear_object (&network);
  g_clear_object (&basemap);
  g_clear_object (&db);
  return worst < 1.0 ? 0 : 1;
}
