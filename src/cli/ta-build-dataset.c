/* ta-build-dataset.c: builds the bundled atlas.db at build time
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * twin-atlas-build-dataset --sources DIR --gpkg FILE --output FILE
 *                          [--iso-codes-dir DIR] [--locale-dir DIR]
 *
 * Writes FILE.tmp and renames it over FILE only when the whole build
 * succeeded, so an interrupted build never leaves a half-written atlas for
 * ninja to take as up to date.  The shipped file uses the rollback journal:
 * TaDb turns WAL on per connection when it opens a copy read-write.
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ta-dataset-builder.h"
#include "ta-db.h"
#include "ta-geo-index.h"
#include "ta-iso-codes.h"

static void
remove_leftovers (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static gboolean
finish_file (TaDb     *db,
             GError  **error)
{
  /* Back to a single file, statistics for the query planner, no free
   * pages: the file is copied as it is into every user's data dir. */
  return ta_db_exec (db, "PRAGMA journal_mode = DELETE", error) &&
         ta_db_exec (db, "PRAGMA optimize", error) &&
         ta_db_exec (db, "VACUUM", error);
}

static void
print_summary (const TaDatasetStats *stats,
               const char           *output,
               double                seconds)
{
  const TaMergeStats *merge = &stats->merge;
  const TaCrawlStats *crawl = &stats->crawl;

  g_print (_("Built %s in %.1f s\n"), output, seconds);
  g_print (_("  read: %u Wikidata 2017 rows in %u files, %u Wikipedia rows, "
             "%u crawl names, %u crawl relations\n"),
           stats->wikidata_eu_rows, stats->wikidata_eu_files, stats->wikipedia_rows,
           stats->crawl_names, stats->crawl_relations);
  g_print (_("  towns: %u (Poland %u), names %u\n"), stats->towns, stats->pl_towns, stats->town_names);
  g_print (_("  links: %u (touching Poland %u)\n"), stats->links, stats->pl_links);
  g_print (_("  countries: %u, regions: %u (Polish voivodeships with towns: %u)\n"),
           stats->countries, stats->regions, stats->pl_regions_with_towns);
  g_print (_("  Wikidata ids attached: %u (by names %u, by neighbours %u); "
             "crawl pairs: %u new links, %u already present, %u with an unmatched end\n"),
           crawl->by_name + crawl->by_neighbours, crawl->by_name, crawl->by_neighbours,
           crawl->links_added, crawl->links_present, crawl->edges_unmatched);
  g_print (_("  stated countries kept: %u within %.0f km of the border, %u territories the map "
             "does not outline, %u for a dependent territory at the point; %u not ISO countries\n"),
           merge->stated_kept_near_border, TA_TOWN_MERGER_BORDER_KM, merge->stated_unmapped,
           merge->stated_territory, merge->stated_unknown);
  g_print (_("  country contradictions: %u in disputed areas placed by the map, "
             "%u placed by their point (file-wide country), "
             "%u kept in the stated country (the source's own point), "
             "%u merged into the town of the stated country (geocoded point), "
             "%u dropped (%u rows)\n"),
           merge->mismatch_disputed, merge->mismatch_placed_by_point, merge->mismatch_kept_stated,
           merge->mismatch_merged_stated, merge->mismatch_dropped, merge->mismatch_dropped_rows);
  g_print (_("  qualified names merged (“Gmina X”, “X Municipality” and “X”): %u, kept apart: %u; "
             "one name placed apart with a shared partner merged: %u\n"),
           merge->qualified_merges, merge->qualified_kept_apart, merge->shared_partner_merges);
  g_print (_("  rows dropped: %u without a usable name or point, %u self-links; "
             "%u rows repeated a link; %u places left without a link\n"),
           stats->rows_dropped, merge->self_links, merge->duplicate_rows,
           merge->places_without_links);
  g_print (_("  programmes: %u, notes: %u\n"), stats->programmes, stats->notes);
}

static gboolean
build (const char  *sources_dir,
       const char  *gpkg,
       const char  *output,
       const char  *iso_codes_dir,
       const char  *locale_dir,
       GError     **error)
{
  g_autofree char *tmp = g_strconcat (output, ".tmp", NULL);
  g_autoptr(TaIsoCodes) iso_codes = NULL;
  g_autoptr(TaGeoIndex) geo_index = NULL;
  g_autoptr(TaDatasetBuilder) builder = NULL;
  g_autoptr(TaDb) db = NULL;
  gint64 start = g_get_monotonic_time ();
  TaDatasetStats stats;

  iso_codes = ta_iso_codes_new (iso_codes_dir, locale_dir, error);
  if (iso_codes == NULL)
    return FALSE;
  geo_index = ta_geo_index_new_full (gpkg, iso_codes, error);
  if (geo_index == NULL)
    return FALSE;

  remove_leftovers (tmp);
  db = ta_db_open (tmp, TA_DB_OPEN_CREATE, error);
  if (db == NULL)
    return FALSE;

  builder = ta_dataset_builder_new (sources_dir, geo_index, iso_codes);
  if (!ta_dataset_builder_build (builder, db, error) ||
      !finish_file (db, error))
    {
      g_clear_object (&db);
      remove_leftovers (tmp);
      return FALSE;
    }
  stats = *ta_dataset_builder_get_stats (builder);

  /* Closing writes everything out before the rename. */
  g_clear_object (&db);
  if (g_rename (tmp, output) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not rename “%s” to “%s”: %s"), tmp, output, g_strerror (saved_errno));
      remove_leftovers (tmp);
      return FALSE;
    }

  print_summary (&stats, output, (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sources_dir = NULL;
  g_autofree char *gpkg = NULL;
  g_autofree char *output = NULL;
  g_autofree char *iso_codes_dir = NULL;
  g_autofree char *locale_dir = NULL;
  const GOptionEntry entries[] = {
    { "sources", 0, 0, G_OPTION_ARG_FILENAME, &sources_dir,
      N_("Directory of the twinning sources (data/sources)"), N_("DIR") },
    { "gpkg", 0, 0, G_OPTION_ARG_FILENAME, &gpkg,
      N_("GeoPackage with countries and regions (world_map.gpkg)"), N_("FILE") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output,
      N_("The atlas to write"), N_("FILE") },
    { "iso-codes-dir", 0, 0, G_OPTION_ARG_FILENAME, &iso_codes_dir,
      N_("Directory of the iso-codes JSON files"), N_("DIR") },
    { "locale-dir", 0, 0, G_OPTION_ARG_FILENAME, &locale_dir,
      N_("Directory of the iso-codes translations"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Builds the bundled twinning atlas from its sources."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("twin-atlas-build-dataset: %s\n", error->message);
      return 2;
    }
  if (sources_dir == NULL || gpkg == NULL || output == NULL)
    {
      g_printerr ("twin-atlas-build-dataset: %s\n", _("--sources, --gpkg and --output are required"));
      return 2;
    }

  if (!build (sources_dir, gpkg, output, iso_codes_dir, locale_dir, &error))
    {
      g_printerr ("twin-atlas-build-dataset: %s\n", error->message);
      return 1;
    }

  return 0;
}
