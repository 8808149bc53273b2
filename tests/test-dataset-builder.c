/* test-dataset-builder.c: the dataset builder on extracts of the real sources
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/fixtures/sources holds a few rows copied verbatim from each bundled
 * source (same layout as data/sources), chosen so that every merge rule
 * fires:
 *
 * - Lübeck–Klaipėda in germany.tsv and lithuania.tsv (both directions) and
 *   in the Wikipedia lists, and again in the crawl;
 * - "Chrzanów" and "Gmina Chrzanów, Lesser Poland Voivodeship" at one point,
 *   and "Chrzanów County" there too, a different body;
 * - two Brühls 200 km apart, one of them twinned with Kunice, which the
 *   Wikipedia lists geocode next to it in Germany;
 * - Lesznowola geocoded in Moldova; Wierzchowo geocoded on its partner
 *   Henstedt-Ulzburg, and "Brody, Poland" on Brody in Ukraine, both of which
 *   Wikidata places right;
 * - Malmö in denmark.tsv, whose country is the file's;
 * - Nowe Warpno, which the generalised map puts just off Germany;
 * - Stettin in the crawl, with Lübeck, Rostock and Klaipėda around it.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ta-dataset-builder.h"
#include "ta-db.h"

typedef struct
{
  char *dir;
  TaDb *db;
  TaDatasetStats stats;
} Built;

static Built *built;

static void
built_free (void)
{
  g_autofree char *path = NULL;

  if (built == NULL)
    return;

  path = g_strdup (ta_db_get_path (built->db));
  g_clear_object (&built->db);
  g_unlink (path);
  g_rmdir (built->dir);
  g_free (built->dir);
  g_free (built);
  built = NULL;
}

/* Builds the fixture atlas once for all tests. */
static TaDb *
get_db (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaIsoCodes) iso_codes = NULL;
  g_autoptr(TaGeoIndex) geo_index = NULL;
  g_autoptr(TaDatasetBuilder) builder = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *gpkg = NULL;
  g_autofree char *path = NULL;

  if (built != NULL)
    return built->db;

  sources = g_test_build_filename (G_TEST_DIST, "fixtures", "sources", NULL);
  gpkg = g_test_build_filename (G_TEST_DIST, "..", "data", "geo", "qgis-world-map", "world_map.gpkg", NULL);

  iso_codes = ta_iso_codes_new (NULL, NULL, &error);
  g_assert_no_error (error);
  geo_index = ta_geo_index_new_full (gpkg, iso_codes, &error);
  g_assert_no_error (error);

  built = g_new0 (Built, 1);
  built->dir = g_dir_make_tmp ("ta-dataset-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (built->dir, "atlas.db", NULL);
  built->db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);

  builder = ta_dataset_builder_new (sources, geo_index, iso_codes);
  g_assert_true (ta_dataset_builder_build (builder, built->db, &error));
  g_assert_no_error (error);
  built->stats = *ta_dataset_builder_get_stats (builder);

  return built->db;
}

static gint64
query_int (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (get_db (), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (get_db (), sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* All values of the first column, joined with "|". */
static char *
query_list (const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (get_db (), sql, &error);
  GString *list = g_string_new (NULL);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (list->len > 0)
        g_string_append_c (list, '|');
      g_string_append (list, (const char *) sqlite3_column_text (stmt, 0));
    }

  return g_string_free (list, FALSE);
}

static void
test_counts (void)
{
  const TaDatasetStats *stats;

  get_db ();
  stats = &built->stats;

  g_assert_cmpuint (stats->wikidata_eu_files, ==, 4);
  g_assert_cmpuint (stats->wikidata_eu_rows, ==, 9 + 7 + 2 + 1);
  g_assert_cmpuint (stats->wikipedia_rows, ==, 11);
  g_assert_cmpuint (stats->crawl_names, ==, 9);
  g_assert_cmpuint (stats->crawl_relations, ==, 18);
  g_assert_cmpuint (stats->rows_dropped, ==, 0);
  g_assert_cmpuint (stats->programmes, ==, 2);

  /* Kunice and Lesznowola dropped, their partner Ialoveni left without a
   * link, the Gmina merged: see test_towns. */
  g_assert_cmpuint (stats->towns, ==, 28);
  g_assert_cmpint (query_int ("SELECT count(*) FROM town"), ==, 28);
  g_assert_cmpuint (stats->links, ==, 20);
  g_assert_cmpuint (stats->pl_towns, ==, 9);
  g_assert_cmpuint (stats->pl_links, ==, 13);
  g_assert_cmpuint (stats->pl_regions_with_towns, ==, 4);
  g_assert_cmpuint (stats->merge.places_without_links, ==, 1);
  g_assert_cmpuint (stats->merge.self_links, ==, 0);
}

static void
test_towns (void)
{
  g_autofree char *polish = query_list ("SELECT name FROM town WHERE country_code = 'PL' ORDER BY name");
  g_autofree char *german = query_list ("SELECT name FROM town WHERE country_code = 'DE' ORDER BY name");
  g_autofree char *others = query_list ("SELECT name || ':' || country_code FROM town "
                                        "WHERE country_code NOT IN ('PL', 'DE') ORDER BY name");

  g_assert_cmpstr (polish, ==, "Bełżyce|Brody, Żary County|Chrzanów|Chrzanów County|Lubsko|"
                               "Nowe Warpno|Szczecin|Słubice|Wierzchowo, Drawsko County");
  /* Two Brühls: homonyms 200 km apart stay two towns. */
  g_assert_cmpstr (german, ==, "Brühl|Brühl|Frankfurt (Oder)|Henstedt-Ulzburg|Lübeck|Rostock|"
                               "Ueckermünde|Wolfratshausen");
  g_assert_cmpstr (others, ==, "Brody:UA|Dalian:CN|Harnes:FR|Ivano-Frankivsk:UA|Klaipėda:LT|"
                               "Malmö:SE|Nyékládháza:HU|Ormesson-sur-Marne:FR|San Diego:US|"
                               "Sceaux:FR|Tijuana:MX");
  g_assert_cmpint (query_int ("SELECT count(*) FROM town WHERE name IN ('Kunice', 'Lesznowola', "
                              "'Ialoveni', 'Gmina Chrzanów, Lesser Poland Voivodeship')"), ==, 0);
}

static void
test_same_link_once (void)
{
  g_autofree char *sources = query_list (
    "SELECT s.source_id FROM link l "
    "JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b "
    "JOIN link_source s ON s.link_id = l.id "
    "WHERE a.name IN ('Lübeck', 'Klaipėda') AND b.name IN ('Lübeck', 'Klaipėda') ORDER BY 1");
  g_autofree char *first = query_text (
    "SELECT l.source_id FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b "
    "WHERE a.name IN ('Lübeck', 'Klaipėda') AND b.name IN ('Lübeck', 'Klaipėda')");

  /* Four rows (two directions in Wikidata, the Wikipedia list, the crawl):
   * one link, every source kept. */
  g_assert_cmpstr (sources, ==, "wikidata-crawl-2016|wikidata-eu-2017|wikipedia-lists-2026");
  g_assert_cmpstr (first, ==, "wikidata-eu-2017");
  g_assert_cmpint (query_int ("SELECT count(*) FROM link WHERE town_a >= town_b"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM (SELECT 1 FROM link "
                              "GROUP BY min (town_a, town_b), max (town_a, town_b) "
                              "HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM link_source"), ==, 33);
}

static void
test_gmina (void)
{
  g_autofree char *names = query_list (
    "SELECT n.name || ':' || n.kind || ':' || n.lang FROM town_name n JOIN town t ON t.id = n.town_id "
    "WHERE t.name = 'Chrzanów'");
  g_autofree char *partners = query_list (
    "SELECT b.name FROM link l JOIN town a ON a.id IN (l.town_a, l.town_b) "
    "JOIN town b ON b.id IN (l.town_a, l.town_b) AND b.id <> a.id "
    "WHERE a.name = 'Chrzanów' ORDER BY b.name");
  g_autofree char *note = query_text ("SELECT subject || ': ' || action FROM data_note "
                                      "WHERE kind = 'merged-town'");

  g_assert_cmpstr (names, ==, "Gmina Chrzanów, Lesser Poland Voivodeship:alternative:en");
  g_assert_cmpstr (partners, ==, "Harnes|Nyékládháza");
  /* The largest population any source gives: the gmina's. */
  g_assert_cmpint (query_int ("SELECT population FROM town WHERE name = 'Chrzanów'"), ==, 49399);
  g_assert_cmpint (query_int ("SELECT count(*) FROM data_note WHERE kind = 'merged-town'"), ==, 1);
  g_assert_cmpstr (note, ==, "Chrzanów: merged “Gmina Chrzanów, Lesser Poland Voivodeship” into it");
  g_assert_cmpuint (built->stats.merge.qualified_merges, ==, 1);
}

static void
test_attestations (void)
{
  g_autofree char *szczecin = query_list (
    "SELECT s.source_id || ':' || s.label || ':' || coalesce (s.stated_country, '-') "
    "FROM town_source s JOIN town t ON t.id = s.town_id WHERE t.name = 'Szczecin' ORDER BY 1");
  g_autofree char *brody = query_list (
    "SELECT s.source_id || ':' || s.label || ':' || s.stated_country || ':' || s.lat "
    "FROM town_source s JOIN town t ON t.id = s.town_id "
    "WHERE t.name = 'Brody, Żary County' ORDER BY 1");

  g_assert_cmpstr (szczecin, ==, "wikidata-crawl-2016:Stettin:-|wikidata-eu-2017:Szczecin:Poland|"
                                 "wikipedia-lists-2026:Szczecin:Poland");
  /* The geocoded "Brody, Poland" keeps its own (wrong) point as evidence. */
  g_assert_cmpstr (brody, ==, "wikidata-eu-2017:Brody, Żary County:Poland:51.8|"
                              "wikipedia-lists-2026:Brody:Poland:50.0831");
  g_assert_cmpint (query_int ("SELECT count(*) FROM town t WHERE NOT EXISTS "
                              "(SELECT 1 FROM town_source s WHERE s.town_id = t.id)"), ==, 0);
}

static void
test_country_mismatches (void)
{
  g_autofree char *notes = query_list (
    "SELECT subject || ' → ' || action FROM data_note WHERE kind = 'country-mismatch' ORDER BY subject");
  g_autofree char *kunice = query_text (
    "SELECT detail FROM data_note WHERE kind = 'country-mismatch' AND subject = 'Kunice'");
  const TaMergeStats *merge = &built->stats.merge;

  g_assert_cmpstr (notes, ==,
    "Brody → merged into “Brody, Żary County” in PL, whose point it takes|"
    "Kunice → dropped its 1 row(s) from wikipedia-lists-2026: no town of that name in PL gives it a point|"
    "Lesznowola → dropped its 1 row(s) from wikipedia-lists-2026: no town of that name in PL gives it a point|"
    "Malmö → placed in SE by its point: the file states one country for all its rows|"
    "Wierzchowo → merged into “Wierzchowo, Drawsko County” in PL, whose point it takes");
  g_assert_cmpstr (kunice, ==, "wikipedia-lists-2026 states “Poland” (PL); its point (50.8333, 6.9000) "
                               "lies in DE, 550 km from PL. Linked with: Brühl");
  g_assert_cmpuint (merge->mismatch_merged_stated, ==, 2);
  g_assert_cmpuint (merge->mismatch_dropped, ==, 2);
  g_assert_cmpuint (merge->mismatch_dropped_rows, ==, 2);
  g_assert_cmpuint (merge->mismatch_placed_by_point, ==, 1);
  g_assert_cmpuint (merge->mismatch_kept_stated, ==, 0);
  g_assert_cmpuint (merge->mismatch_disputed, ==, 0);

  /* The generalised map puts Nowe Warpno in the lagoon off Germany, 1 km
   * from Poland: Polish, in the nearest Polish region. */
  g_assert_cmpuint (merge->stated_kept_near_border, ==, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM town t JOIN region r ON r.id = t.region_id "
                              "WHERE t.name = 'Nowe Warpno' AND t.country_code = 'PL' "
                              "AND r.iso_code = 'PL-32'"), ==, 1);

  /* Brody the Ukrainian town keeps only its own links. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM link l JOIN town t ON t.id IN (l.town_a, l.town_b) "
                              "WHERE t.name = 'Brody'"), ==, 2);
}

static void
test_wikidata_ids (void)
{
  g_autofree char *ids = query_list ("SELECT name || '=' || wikidata FROM town WHERE wikidata IS NOT NULL "
                                     "ORDER BY name");
  g_autofree char *stettin = query_text (
    "SELECT n.kind || ':' || coalesce (n.lang, 'NULL') || ':' || n.source_id "
    "FROM town_name n JOIN town t ON t.id = n.town_id WHERE n.name = 'Stettin' AND t.name = 'Szczecin'");
  const TaCrawlStats *crawl = &built->stats.crawl;

  g_assert_cmpstr (ids, ==, "Dalian=Q74881|Frankfurt (Oder)=Q4024|Klaipėda=Q776965|Lübeck=Q2843|"
                            "Rostock=Q2861|San Diego=Q16552|Szczecin=Q393|Słubice=Q200709|Tijuana=Q124739");
  g_assert_cmpuint (crawl->by_name, ==, 8);
  g_assert_cmpuint (crawl->by_neighbours, ==, 1);
  /* "Stettin" is a name of Szczecin, of no language the crawl records. */
  g_assert_cmpstr (stettin, ==, "exonym:NULL:wikidata-crawl-2016");
  g_assert_cmpint (query_int ("SELECT rowid FROM town_fts WHERE town_fts MATCH 'stettin'"), ==,
                   query_int ("SELECT id FROM town WHERE name = 'Szczecin'"));

  /* Crawl pairs between attached towns: Tijuana's two are new links. */
  g_assert_cmpuint (crawl->edges, ==, 9);
  g_assert_cmpuint (crawl->links_present, ==, 7);
  g_assert_cmpuint (crawl->links_added, ==, 2);
  g_assert_cmpuint (crawl->edges_unmatched, ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM link WHERE source_id = 'wikidata-crawl-2016'"), ==, 2);
}

static void
test_countries_and_regions (void)
{
  g_autofree char *poland = query_text ("SELECT name_en || '|' || name_pl || '|' || name_de || '|' || "
                                        "name_native || '|' || source_id FROM country WHERE code = 'PL'");
  g_autofree char *codes = query_list ("SELECT code FROM country ORDER BY code");
  g_autofree char *szczecin = query_text ("SELECT r.name || '|' || r.iso_code || '|' || r.country_code "
                                          "FROM town t JOIN region r ON r.id = t.region_id "
                                          "WHERE t.name = 'Szczecin'");

  g_assert_cmpstr (poland, ==, "Poland|Polska|Polen|Polska|iso-codes");
  g_assert_cmpstr (codes, ==, "CN|DE|FR|HU|LT|MX|PL|SE|UA|US");
  g_assert_cmpstr (szczecin, ==, "West Pomeranian|PL-32|PL");
  /* Every region has a town; every town's region is in its country. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM region r WHERE NOT EXISTS "
                              "(SELECT 1 FROM town t WHERE t.region_id = r.id)"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM town t JOIN region r ON r.id = t.region_id "
                              "WHERE r.country_code <> t.country_code"), ==, 0);
}

static void
test_sources_and_empty_tables (void)
{
  g_autofree char *ids = query_list ("SELECT id FROM source ORDER BY id");
  g_autofree char *wikipedia = query_text ("SELECT attribution FROM source WHERE id = 'wikipedia-lists-2026'");
  g_autofree char *programmes = query_list ("SELECT name || ':' || kind || ':' || coalesce (start_year, '') "
                                            "|| '-' || coalesce (end_year, '') FROM programme ORDER BY id");

  g_assert_cmpstr (ids, ==, "iso-codes|natural-earth|programme-catalogue|qgis-world-map|user|"
                            "wikidata-crawl-2016|wikidata-eu-2017|wikipedia-lists-2026");
  g_assert_cmpstr (wikipedia, ==, "Wikipedia contributors, CC BY-SA 4.0; "
                                  "geocoding (c) OpenStreetMap contributors, ODbL");
  g_assert_cmpstr (programmes, ==, "Europe for Citizens (2007–2013):eu:2007-2013|"
                                   "Foundation for Polish-German Cooperation (FWPN / SdpZ):bilateral:1991-");
  g_assert_cmpint (query_int ("SELECT (SELECT count(*) FROM exchange) + (SELECT count(*) FROM funding) "
                              "+ (SELECT count(*) FROM link_event)"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM town_fts"), ==, query_int ("SELECT count(*) FROM town"));
}

static void
test_missing_source (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaIsoCodes) iso_codes = ta_iso_codes_new (NULL, NULL, &error);
  g_autofree char *gpkg = g_test_build_filename (G_TEST_DIST, "..", "data", "geo", "qgis-world-map",
                                                 "world_map.gpkg", NULL);
  g_autoptr(TaGeoIndex) geo_index = ta_geo_index_new_full (gpkg, iso_codes, &error);
  g_autofree char *empty = g_dir_make_tmp ("ta-dataset-empty-XXXXXX", &error);
  g_autoptr(TaDb) db = ta_db_open_memory (&error);
  g_autoptr(TaDatasetBuilder) builder = NULL;

  g_assert_no_error (error);
  builder = ta_dataset_builder_new (empty, geo_index, iso_codes);
  g_assert_false (ta_dataset_builder_build (builder, db, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_rmdir (empty);
}

static void
test_base_key (void)
{
  static const struct { const char *label; const char *key; } cases[] = {
    { "Gmina Chrzanów, Lesser Poland Voivodeship", "chrzanow" },
    { "Kaliska, Gmina Kaliska", "kaliska" },
    { "Malmö Municipality", "malmo" },
    { "Vilnius District Municipality", "vilnius district" },
    { "Frankfurt (Oder)", "frankfurt" },
    { "Sandy, Bedfordshire", "sandy" },
    { "Gmina", "gmina" },
    { "Municipality", "municipality" },
    { "Łódź", "lodz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = ta_town_merger_base_key (cases[i].label);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/dataset/base-key", test_base_key);
  g_test_add_func ("/ta/dataset/counts", test_counts);
  g_test_add_func ("/ta/dataset/towns", test_towns);
  g_test_add_func ("/ta/dataset/same-link-once", test_same_link_once);
  g_test_add_func ("/ta/dataset/gmina", test_gmina);
  g_test_add_func ("/ta/dataset/attestations", test_attestations);
  g_test_add_func ("/ta/dataset/country-mismatches", test_country_mismatches);
  g_test_add_func ("/ta/dataset/wikidata-ids", test_wikidata_ids);
  g_test_add_func ("/ta/dataset/countries-and-regions", test_countries_and_regions);
  g_test_add_func ("/ta/dataset/sources-and-empty-tables", test_sources_and_empty_tables);
  g_test_add_func ("/ta/dataset/missing-source", test_missing_source);

  result = g_test_run ();
  built_free ();

  return result;
}
