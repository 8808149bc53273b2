/* test-import.c: CSV and GeoJSON import, the preview and the one-transaction commit
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "import-test-util.h"
#include "ta-check.h"
#include "ta-import-rows.h"
#include "ta-importer.h"

static TaDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  TaDb *db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);

  g_assert_no_error (error);
  return db;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static void
assert_clean (const char *path)
{
  g_autoptr(TaDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = ta_check_run (db, 5, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", ((TaCheckProblem *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A links file as a spreadsheet in Poland saves it: BOM, semicolons,
 * decimal commas, CRLF, a quoted field with a line break. */
static void
test_csv_links (void)
{
  g_autofree char *atlas = test_make_atlas ("links.db");
  g_autofree char *file = test_write_file ("links.csv",
                                           "\xef\xbb\xbftown_a;country_a;town_b;country_b;lat_b;lon_b;start_year;note\r\n"
                                           "Testowo;PL;Probestadt;DE;;;1990;\r\n"
                                           "Exempleville;FR;Neustadt-Test;DE;49,001;8,002;1995;\"first line\r\nsecond; line\"\r\n"
                                           "Dwojakowo;PL;Nowe Syntetyczne;PL;50,1;19,9;2005;\r\n"
                                           "Zweifeld;Polen;Exempleville;FR;;;;\r\n"
                                           "Probestadt;DE;Exempleville;FR;;;;\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  g_autofree char *preview = NULL;
  g_autofree char *note = NULL;
  TaImportPlan *plan;
  TaImportCounts counts;

  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, file, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);
  plan = ta_importer_get_plan (importer);

  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.files, ==, 1);
  g_assert_cmpuint (counts.rows_read, ==, 5);
  g_assert_cmpuint (counts.rows_rejected, ==, 0);
  g_assert_cmpuint (counts.towns_matched, ==, 5);
  g_assert_cmpuint (counts.towns_created, ==, 1);
  g_assert_cmpuint (counts.towns_ambiguous, ==, 0);
  g_assert_cmpuint (counts.links_added, ==, 3);
  g_assert_cmpuint (counts.links_matched, ==, 2);
  g_assert_cmpuint (counts.links_updated, ==, 0);

  preview = ta_import_plan_describe (plan, 10);
  assert_contains (preview, "links.csv");
  g_assert_true (ta_import_plan_can_commit (plan, &error));
  g_assert_no_error (error);

  /* The preview wrote nothing. */
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link"), ==, 3);

  g_assert_true (ta_import_plan_commit (plan, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link"), ==, 6);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town"), ==, 7);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM source WHERE id LIKE 'import:links.csv:%'"
                                     " AND licence = 'user-supplied' AND title = 'Imported from links.csv'"), ==, 1);
  /* Every row of the file attests its link; new links and towns come from the file. */
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link_source WHERE source_id LIKE 'import:%'"), ==, 5);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link WHERE source_id LIKE 'import:%'"), ==, 3);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town t JOIN town_source s ON s.town_id = t.id"
                                     " WHERE t.name = 'Nowe Syntetyczne' AND t.country_code = 'PL'"
                                     " AND s.source_id = t.source_id AND t.source_id LIKE 'import:%'"), ==, 1);
  /* Decimal commas, the point that picked the western Neustadt-Test, the exonym. */
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link WHERE town_a = 3 AND town_b = 4 AND start_year = 1995"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link WHERE town_a = 3 AND town_b = 6"), ==, 1);
  note = test_query_text (atlas, "SELECT note FROM link WHERE town_a = 3 AND town_b = 4");
  assert_contains (note, "first line");
  assert_contains (note, "second; line");
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM data_note WHERE kind = 'import' AND subject LIKE '%links.csv'"), ==, 1);

  assert_clean (atlas);
}

/* Town rows: matched by QID, by name and country, new, and ambiguous. */
static void
test_csv_towns (void)
{
  g_autofree char *atlas = test_make_atlas ("towns.db");
  g_autofree char *file = test_write_file ("towns.csv",
                                           "name,country,lat,lon,population,wikidata,geonames_id,other_names\n"
                                           "Testowo Renamed,PL,52.01,19.01,2000,Q999000001,,\n"
                                           "probestadt,DE,,,\"54,321\",http://www.wikidata.org/entity/Q999000002,4242,Probe-Stadt|Probestadt am See\n"
                                           "Neustadt-Test,DE,,,,,,\n"
                                           "Neue Probe,DE,51.0,11.0,100,,,\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  const TaImportAmbiguity *ambiguity;
  TaImportPlan *plan;
  TaImportCounts counts;
  int east = -1;

  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, file, TA_IMPORT_FORMAT_CSV, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);
  plan = ta_importer_get_plan (importer);

  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.rows_read, ==, 4);
  g_assert_cmpuint (counts.towns_matched, ==, 2);
  g_assert_cmpuint (counts.towns_updated, ==, 1);
  g_assert_cmpuint (counts.towns_created, ==, 1);
  g_assert_cmpuint (counts.towns_ambiguous, ==, 1);
  g_assert_cmpuint (counts.rows_waiting, ==, 1);

  g_assert_cmpuint (ta_import_plan_get_n_ambiguities (plan), ==, 1);
  ambiguity = ta_import_plan_get_ambiguity (plan, 0);
  g_assert_cmpstr (ambiguity->name, ==, "Neustadt-Test");
  g_assert_cmpstr (ambiguity->country, ==, "DE");
  g_assert_cmpuint (ambiguity->line, ==, 4);
  g_assert_cmpstr (ambiguity->field, ==, "name");
  g_assert_cmpuint (ambiguity->n_candidates, ==, 2);
  for (guint i = 0; i < ambiguity->n_candidates; i++)
    if (ambiguity->candidates[i].town_id == TEST_TOWN_NEUSTADT_EAST)
      east = (int) i;
  g_assert_cmpint (east, >=, 0);

  g_assert_false (ta_import_plan_can_commit (plan, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_AMBIGUOUS);
  g_clear_error (&error);
  g_assert_false (ta_import_plan_commit (plan, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_AMBIGUOUS);
  g_clear_error (&error);

  /* Without a point the town cannot be made anew. */
  g_assert_false (ta_import_plan_resolve (plan, 0, TA_IMPORT_CHOICE_CREATE, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (ta_import_plan_resolve (plan, 0, TA_IMPORT_CHOICE_SKIP, &error));
  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.rows_skipped, ==, 1);
  g_assert_cmpuint (counts.towns_matched, ==, 2);

  g_assert_true (ta_import_plan_resolve (plan, 0, east, &error));
  g_assert_no_error (error);
  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.towns_matched, ==, 3);
  g_assert_cmpuint (counts.rows_waiting, ==, 0);

  g_assert_true (ta_import_plan_commit (plan, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  /* QID match: the atlas keeps its name and population, the row attests it. */
  g_assert_cmpint (test_query_int (atlas, "SELECT population FROM town WHERE id = 1"), ==, 1000);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town_source WHERE town_id = 1 AND label = 'Testowo Renamed'"), ==, 1);
  /* Name match: values the town lacked. */
  g_assert_cmpint (test_query_int (atlas, "SELECT population FROM town WHERE id = 2"), ==, 54321);
  g_assert_cmpint (test_query_int (atlas, "SELECT geonames_id FROM town WHERE id = 2"), ==, 4242);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE id = 2 AND wikidata = 'Q999000002'"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town_name WHERE town_id = 2"), ==, 2);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town_source WHERE town_id = 5 AND source_id LIKE 'import:%'"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE name = 'Neue Probe' AND population = 100"), ==, 1);

  assert_clean (atlas);
}

/* Headings in Polish and German, and a mapping the user corrects. */
static void
test_csv_aliases (void)
{
  g_autofree char *atlas = test_make_atlas ("aliases.db");
  g_autofree char *polish = test_write_file ("partnerstwa.csv",
                                             "Miasto;Kraj;Miasto partnerskie;Kraj partnera;Rok\n"
                                             "Testowo;Polska;Exempleville;Francja;1991\n", -1);
  g_autofree char *german = test_write_file ("partner.csv",
                                             "Stadt,Land,Partnerstadt,Partnerland,Jahr\n"
                                             "Probestadt,DE,Dwojakowo,PL,2010\n", -1);
  g_autofree char *odd = test_write_file ("odd.csv",
                                          "Ort X,Ort Y,Seit wann\n"
                                          "Neue Synthese,Probestadt,1999\n", -1);
  static const char * const odd_header[] = { "Ort X", "Ort Y", "Seit wann", NULL };
  static const char * const polish_header[] = { "Miasto", "Kraj", "Miasto partnerskie", "Kraj partnera", "Rok", NULL };
  g_autoptr(TaImportMapping) mapping = NULL;
  g_autoptr(TaImportMapping) auto_mapping = NULL;
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  g_auto(GStrv) header = NULL;
  TaImportCounts counts;

  auto_mapping = ta_import_mapping_new (TA_IMPORT_RECORD_LINKS, polish_header);
  g_assert_cmpstr (ta_import_mapping_get_field (auto_mapping, 0), ==, "town_a");
  g_assert_cmpstr (ta_import_mapping_get_field (auto_mapping, 1), ==, "country_a");
  g_assert_cmpstr (ta_import_mapping_get_field (auto_mapping, 2), ==, "town_b");
  g_assert_cmpstr (ta_import_mapping_get_field (auto_mapping, 3), ==, "country_b");
  g_assert_cmpstr (ta_import_mapping_get_field (auto_mapping, 4), ==, "start_year");

  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, polish, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ta_importer_add_file (importer, german, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);

  /* The mapping step: nothing maps "Ort X", the user says what it is. */
  header = ta_importer_read_csv_header (importer, odd, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (header, odd_header);
  mapping = ta_import_mapping_new (TA_IMPORT_RECORD_LINKS, (const char * const *) header);
  g_assert_null (ta_import_mapping_get_field (mapping, 0));
  g_assert_false (ta_import_mapping_check (mapping, odd, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_MISSING_COLUMN);
  assert_contains (error->message, "odd.csv");
  assert_contains (error->message, "town_a");
  g_clear_error (&error);
  g_assert_false (ta_import_mapping_set_field (mapping, 0, "population", &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_MISSING_COLUMN);
  g_clear_error (&error);
  g_assert_true (ta_import_mapping_set_field (mapping, 1, "town_a", &error));
  g_assert_true (ta_import_mapping_set_field (mapping, 0, "town_a", &error));
  g_assert_null (ta_import_mapping_get_field (mapping, 1));
  g_assert_true (ta_import_mapping_set_field (mapping, 1, "town_b", &error));
  g_assert_true (ta_import_mapping_set_field (mapping, 2, "start_year", &error));
  g_assert_no_error (error);
  g_assert_true (ta_import_mapping_check (mapping, odd, &error));
  g_assert_true (ta_importer_add_file (importer, odd, TA_IMPORT_FORMAT_CSV, TA_IMPORT_RECORD_AUTO, mapping, &error));
  g_assert_no_error (error);

  ta_import_plan_get_counts (ta_importer_get_plan (importer), &counts);
  g_assert_cmpuint (counts.files, ==, 3);
  g_assert_cmpuint (counts.links_matched, ==, 1);
  g_assert_cmpuint (counts.links_updated, ==, 1);
  g_assert_cmpuint (counts.links_added, ==, 1);
  /* "Neue Synthese" has no point and is not in the atlas. */
  g_assert_cmpuint (counts.rows_rejected, ==, 1);
  g_assert_cmpstr (ta_import_plan_get_rejection (ta_importer_get_plan (importer), 0)->field, ==, "Ort X");

  ta_import_plan_set_skip_rejected (ta_importer_get_plan (importer), TRUE);
  g_assert_true (ta_import_plan_commit (ta_importer_get_plan (importer), &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (test_query_int (atlas, "SELECT start_year FROM link WHERE id = 2"), ==, 1991);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link WHERE town_a = 2 AND town_b = 6 AND start_year = 2010"), ==, 1);
}

static void
test_guess_type (void)
{
  static const char * const funding[] = { "Miasto", "Kwota", "Waluta", NULL };
  static const char * const towns[] = { "name", "lat", "lon", NULL };
  static const char * const events[] = { "Stadt", "Partnerstadt", "Ereignis", "Datum", NULL };
  static const char * const links[] = { "town_a", "town_b", "start_year", NULL };
  static const char * const programmes[] = { "name", "funder", "kind", NULL };
  static const char * const sources[] = { "id", "title", "licence", NULL };

  g_assert_cmpint (ta_import_guess_record_type (funding, "grants.csv"), ==, TA_IMPORT_RECORD_FUNDING);
  g_assert_cmpint (ta_import_guess_record_type (towns, "list.csv"), ==, TA_IMPORT_RECORD_TOWNS);
  g_assert_cmpint (ta_import_guess_record_type (events, "x.csv"), ==, TA_IMPORT_RECORD_EVENTS);
  g_assert_cmpint (ta_import_guess_record_type (links, "x.csv"), ==, TA_IMPORT_RECORD_LINKS);
  g_assert_cmpint (ta_import_guess_record_type (programmes, "x.csv"), ==, TA_IMPORT_RECORD_PROGRAMMES);
  g_assert_cmpint (ta_import_guess_record_type (sources, "x.csv"), ==, TA_IMPORT_RECORD_SOURCES);
  g_assert_cmpint (ta_import_guess_record_type (links, "/tmp/exchanges-2024.csv"), ==, TA_IMPORT_RECORD_EXCHANGES);
  g_assert_cmpstr (ta_import_field_for_header (TA_IMPORT_RECORD_LINKS, "Miasto partnerskie"), ==, "town_b");
  g_assert_cmpstr (ta_import_field_for_header (TA_IMPORT_RECORD_LINKS, "LÄNGE"), ==, "lon_a");
  g_assert_cmpstr (ta_import_field_for_header (TA_IMPORT_RECORD_TOWNS, "Einwohner"), ==, "population");
  g_assert_null (ta_import_field_for_header (TA_IMPORT_RECORD_TOWNS, "colour"));
}

/* Exchanges, grants and events, with their duplicates and mistakes. */
static void
test_csv_records (void)
{
  g_autofree char *atlas = test_make_atlas ("records.db");
  g_autofree char *exchanges = test_write_file ("exchanges.csv",
                                                "town_a,town_b,year,date,kind,participants,programme,description\n"
                                                "Testowo,Probestadt,2021,2021-07-01,młodzież,30,Synthetic Exchange Programme,Synthetic trip\n"
                                                "Dwojakowo,,2022,,culture,,,\n"
                                                "Testowo,Probestadt,2019,2019-06-01,youth,24,Synthetic Exchange Programme,Synthetic summer camp\n"
                                                "Testowo,Probestadt,2021,2021-02-30,youth,,,\n", -1);
  g_autofree char *funding = test_write_file ("funding.csv",
                                              "town_a,town_b,year,amount,currency,programme,funder,purpose\n"
                                              "Testowo,Probestadt,2021,\"12 500,50\",eur,Synthetic Exchange Programme,,\n"
                                              "Exempleville,,2022,1000,JPY,,Synthetic Fund,\n"
                                              "Testowo,Probestadt,2021,12.500,EUR,,Synthetic Fund,\n"
                                              "Testowo,Probestadt,2021,10,EUR,No Such Programme,,\n", -1);
  g_autofree char *events = test_write_file ("events.csv",
                                             "town_a,town_b,kind,date,note\n"
                                             "Testowo,Probestadt,odnowienie,2015-05,\n"
                                             "Testowo,Dwojakowo,signed,2000,\n", -1);
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  TaImportPlan *plan;
  TaImportCounts counts;
  const TaImportRejection *rejection;

  importer = ta_importer_new (db);
  plan = ta_importer_get_plan (importer);
  g_assert_true (ta_importer_add_file (importer, exchanges, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_true (ta_importer_add_file (importer, funding, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_true (ta_importer_add_file (importer, events, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);

  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.exchanges_added, ==, 2);
  g_assert_cmpuint (counts.funding_added, ==, 2);
  g_assert_cmpuint (counts.events_added, ==, 1);
  g_assert_cmpuint (counts.duplicates, ==, 1);
  g_assert_cmpuint (counts.rows_rejected, ==, 4);

  rejection = ta_import_plan_get_rejection (plan, 0);
  assert_contains (rejection->file, "exchanges.csv");
  g_assert_cmpuint (rejection->line, ==, 5);
  g_assert_cmpstr (rejection->field, ==, "date");
  rejection = ta_import_plan_get_rejection (plan, 1);
  g_assert_cmpuint (rejection->line, ==, 4);
  g_assert_cmpstr (rejection->field, ==, "amount");
  assert_contains (rejection->reason, "12500.00");
  rejection = ta_import_plan_get_rejection (plan, 2);
  g_assert_cmpstr (rejection->field, ==, "programme");
  rejection = ta_import_plan_get_rejection (plan, 3);
  assert_contains (rejection->file, "events.csv");
  g_assert_cmpstr (rejection->field, ==, "town_b");
  assert_contains (rejection->reason, "not linked");

  g_assert_false (ta_import_plan_commit (plan, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_REJECTED);
  assert_contains (error->message, "exchanges.csv");
  g_clear_error (&error);

  ta_import_plan_set_skip_rejected (plan, TRUE);
  g_assert_true (ta_import_plan_commit (plan, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM exchange"), ==, 4);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM exchange WHERE kind = 'youth' AND participants = 30"
                                     " AND link_id = 1 AND programme_id = 1"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM exchange WHERE town_id = 6 AND year = 2022"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM funding WHERE amount_minor = 1250050 AND currency = 'EUR'"
                                     " AND programme_id = 1 AND year = 2021"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM funding WHERE amount_minor = 1000 AND currency = 'JPY'"
                                     " AND town_id = 3"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link_event WHERE kind = 'renewed' AND date = '2015-05'"), ==, 1);
  assert_clean (atlas);
}

/* Points are towns, lines links: named by properties or found at their ends. */
static void
test_geojson (void)
{
  g_autofree char *atlas = test_make_atlas ("geojson.db");
  g_autofree char *file = test_write_file ("features.geojson",
    "{\"type\": \"FeatureCollection\", \"features\": [\n"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[19.0, 52.0], [15, 51], [10.001, 50.001]]},\n"
    "  \"properties\": {\"kind\": \"friendship\"}},\n"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [21.0, 51.0]},\n"
    "  \"properties\": {\"colour\": \"red\", \"name\": \"Geo-Testowo\", \"country\": \"PL\", \"population\": 5000, \"wikidata\": \"Q999000010\"}},\n"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[21.0, 51.0], [2.0, 46.0]]},\n"
    "  \"properties\": {\"town_a\": \"Geo-Testowo\", \"town_b\": \"Exempleville\", \"start_year\": 2001}},\n"
    " {\"type\": \"Feature\", \"geometry\": {\"type\": \"MultiLineString\", \"coordinates\": [[[21.0, 51.0], [180, 60]], [[-180, 60], [-150.0, 61.0]]]},\n"
    "  \"properties\": null}\n"
    "]}\n", -1);
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  const TaImportRejection *rejection;
  TaImportPlan *plan;
  TaImportCounts counts;

  importer = ta_importer_new (db);
  plan = ta_importer_get_plan (importer);
  g_assert_true (ta_importer_add_file (importer, file, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
  g_assert_no_error (error);

  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.rows_read, ==, 4);
  g_assert_cmpuint (counts.towns_created, ==, 1);
  g_assert_cmpuint (counts.links_added, ==, 1);
  g_assert_cmpuint (counts.links_matched, ==, 1);
  g_assert_cmpuint (counts.rows_rejected, ==, 1);
  rejection = ta_import_plan_get_rejection (plan, 0);
  g_assert_cmpuint (rejection->line, ==, 8);
  g_assert_cmpstr (rejection->record, ==, "feature 4");
  g_assert_cmpstr (rejection->field, ==, "geometry.coordinates");
  assert_contains (rejection->reason, "end");

  ta_import_plan_set_skip_rejected (plan, TRUE);
  g_assert_true (ta_import_plan_commit (plan, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE name = 'Geo-Testowo' AND wikidata = 'Q999000010'"
                                     " AND population = 5000 AND lat = 51.0 AND lon = 21.0"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link l JOIN town t ON t.id = l.town_a"
                                     " WHERE t.name = 'Exempleville' AND l.start_year = 2001"), ==, 1);
  assert_clean (atlas);
}

typedef struct
{
  const char *name;
  const char *contents;
  gssize      len;
  TaImportFormat format;
  TaImportRecordType type;
  gboolean    fatal;        /* the file cannot be read, rather than rows rejected */
  const char *expected[5];  /* in the message, NULL-terminated */
} BadCase;

static const BadCase bad_cases[] = {
  { "latin1.csv", "town_a,town_b\nTestowo,M\xfcnchen-Test\n", -1, TA_IMPORT_FORMAT_AUTO, 0, TRUE,
    { "line 2", "column 2", "town_b", "UTF-8" } },
  { "utf16.csv", "\xff\xfet\0o\0w\0n\0", 10, TA_IMPORT_FORMAT_AUTO, 0, TRUE, { "line 1", "UTF-16", NULL } },
  { "quotes.csv", "town_a,town_b,note\nTestowo,Probestadt,\"never closed\nat all\n", -1, TA_IMPORT_FORMAT_AUTO, 0, TRUE,
    { "line 2", "note", "never closed", NULL } },
  { "stray-quote.csv", "town_a,town_b,note\nTestowo,\"Probe\"stadt,x\n", -1, TA_IMPORT_FORMAT_AUTO, 0, TRUE,
    { "line 2", "town_b", "quote", NULL } },
  { "columns.csv", "town_a,country_a\nTestowo,PL\n", -1, TA_IMPORT_FORMAT_CSV, TA_IMPORT_RECORD_LINKS, TRUE,
    { "line 1", "town_b", "town_a”, “country_a", NULL } },
  { "coordinates.csv", "town_a,town_b,lat_b,lon_b\nTestowo,Nowa,abc,19.0\n", -1, TA_IMPORT_FORMAT_AUTO, 0, FALSE,
    { "line 2", "lat_b", "“abc” is not a number", NULL } },
  { "range.csv", "town_a,town_b,lat_b,lon_b\nTestowo,Nowa,95.5,19.0\n", -1, TA_IMPORT_FORMAT_AUTO, 0, FALSE,
    { "line 2", "lat_b", "out of range", NULL } },
  { "years.csv", "town_a,town_b,start_year\nTestowo,Probestadt,nineteen-ninety\n", -1, TA_IMPORT_FORMAT_AUTO, 0, FALSE,
    { "line 2", "start_year", "not a year", NULL } },
  { "self.csv", "town_a,town_b\nTestowo,testowo\n", -1, TA_IMPORT_FORMAT_AUTO, 0, FALSE,
    { "line 2", "town_b", "itself", NULL } },
  { "json.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\",, }\n]}\n", -1,
    TA_IMPORT_FORMAT_AUTO, 0, TRUE, { "invalid JSON", "line 2", NULL } },
  { "polygon.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\", \"properties\": {\"name\": \"Nowa\"},\n"
    "   \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[19, 52], [20, 52], [20, 53], [19, 52]]]}}]}", -1,
    TA_IMPORT_FORMAT_AUTO, 0, FALSE, { "line 3", "feature 1", "geometry.type", "Polygon" } },
  { "geometry.geojson", "{\"type\": \"Polygon\", \"coordinates\": []}", -1, TA_IMPORT_FORMAT_AUTO, 0, TRUE,
    { "line 1", "FeatureCollection", "Polygon", NULL } },
  { "point.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n"
    "{\"type\": \"Feature\", \"properties\": {\"name\": \"Nowa\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"19\", 52]}}]}", -1,
    TA_IMPORT_FORMAT_AUTO, 0, FALSE, { "line 2", "geometry.coordinates", "[longitude, latitude]", NULL } },
  { "empty.csv", "", 0, TA_IMPORT_FORMAT_AUTO, 0, TRUE, { "empty.csv", "empty", NULL } },
  { "results.json", "<html><body>502 Bad Gateway</body></html>", -1, TA_IMPORT_FORMAT_WIKIDATA_JSON, 0, TRUE,
    { "invalid JSON", "line 1", NULL } },
};

static char *
make_wide_header (guint columns)
{
  GString *text = g_string_sized_new (columns * 2 + 32);

  for (guint i = 0; i < columns; i++)
    g_string_append (text, i == 0 ? "c" : ",c");
  g_string_append (text, "\nx\n");

  return g_string_free (text, FALSE);
}

/* Reads @path into a fresh importer and expects the failure of @expected
 * (fatal or rows rejected), with the message naming file, line and field,
 * and the atlas file byte for byte as it was. */
static void
assert_bad_input (const char         *atlas,
                  const char         *path,
                  TaImportFormat      format,
                  TaImportRecordType  type,
                  gboolean            fatal,
                  const char * const *expected,
                  gsize               max_field)
{
  g_autofree char *sha_before = test_file_sha256 (atlas);
  g_autofree char *dump_before = test_dump_database (atlas);
  g_autofree char *sha_after = NULL;
  g_autofree char *dump_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  g_autoptr(TaImporter) importer = ta_importer_new (db);
  gboolean read;

  if (max_field > 0)
    ta_importer_set_csv_limits (importer, max_field, max_field * 4, 64);

  read = ta_importer_add_file (importer, path, format, type, NULL, &error);
  if (fatal)
    {
      g_assert_false (read);
      g_assert_nonnull (error);
      g_assert_true (error->domain == TA_IMPORT_ERROR);
      /* The plan refuses to commit what it read before. */
      g_assert_false (ta_import_plan_commit (ta_importer_get_plan (importer), NULL));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (read);
      g_assert_false (ta_import_plan_commit (ta_importer_get_plan (importer), &error));
      g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_REJECTED);
    }

  assert_contains (error->message, path);
  for (guint i = 0; expected[i] != NULL; i++)
    assert_contains (error->message, expected[i]);
  g_test_message ("%s", error->message);

  g_clear_object (&importer);
  g_clear_object (&db);
  sha_after = test_file_sha256 (atlas);
  dump_after = test_dump_database (atlas);
  g_assert_cmpstr (sha_after, ==, sha_before);
  g_assert_cmpstr (dump_after, ==, dump_before);
}

static void
test_bad_files (void)
{
  g_autofree char *atlas = test_make_atlas ("bad.db");

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      g_autofree char *path = test_write_file (bad->name, bad->contents, bad->len);

      g_test_message ("Case %s", bad->name);
      assert_bad_input (atlas, path, bad->format, bad->type, bad->fatal, bad->expected, 0);
    }
}

static void
test_bad_sizes (void)
{
  g_autofree char *atlas = test_make_atlas ("sizes.db");
  g_autofree char *wide = make_wide_header (1000000);
  g_autofree char *wide_path = test_write_file ("wide.csv", wide, -1);
  g_autofree char *long_line = NULL;
  g_autofree char *long_path = NULL;
  static const char * const wide_expected[] = { "line 1", "column 513", "more than 512 columns", NULL };
  static const char * const long_expected[] = { "line 2", "column 2", "town_b", "longer than 1024 bytes", NULL };
  static const char * const big_json_expected[] = { "larger than", NULL };
  static const char * const deep_expected[] = { "line 2", "nested more than 256 deep", NULL };
  g_autofree char *deep = NULL;
  g_autofree char *deep_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaImporter) importer = NULL;
  g_autofree char *json_path = NULL;
  GString *text;

  assert_bad_input (atlas, wide_path, TA_IMPORT_FORMAT_AUTO, 0, TRUE, wide_expected, 0);

  /* A line 100 times the field limit (the 1 GB line: see test_gigabyte_line). */
  text = g_string_new ("town_a,town_b\nTestowo,");
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n");
  long_line = g_string_free (text, FALSE);
  long_path = test_write_file ("long.csv", long_line, -1);
  assert_bad_input (atlas, long_path, TA_IMPORT_FORMAT_AUTO, 0, TRUE, long_expected, 1024);

  /* json-glib would recurse once per level until the stack runs out. */
  text = g_string_new ("{\"type\": \"FeatureCollection\", \"features\":\n");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}\n");
  deep = g_string_free (text, FALSE);
  deep_path = test_write_file ("deep.geojson", deep, -1);
  assert_bad_input (atlas, deep_path, TA_IMPORT_FORMAT_AUTO, 0, TRUE, deep_expected, 0);

  /* JSON is parsed whole: a file over the limit is refused before. */
  json_path = test_write_file ("big.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}", -1);
  db = open_db (atlas);
  importer = ta_importer_new (db);
  ta_importer_set_max_json_size (importer, 16);
  g_assert_false (ta_importer_add_file (importer, json_path, TA_IMPORT_FORMAT_AUTO, 0, NULL, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_LIMIT);
  for (guint i = 0; big_json_expected[i] != NULL; i++)
    assert_contains (error->message, big_json_expected[i]);
}

/* A real file with one line of 1 GiB: the reader stops at the field limit
 * (64 KiB) instead of growing with the line, so it fails at once. */
static void
test_gigabyte_line (void)
{
  g_autofree char *atlas = test_make_atlas ("gigabyte.db");
  g_autofree char *path = test_tmp_path ("gigabyte.csv");
  static const char * const expected[] = { "line 2", "column 2", "town_b", "longer than 65536 bytes", NULL };
  g_autofree char *block = g_malloc (1024 * 1024);
  gint64 start;
  FILE *file;

  g_autoptr(GFile) folder = g_file_new_for_path (test_tmp_dir ());
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (folder, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);

  /* Some 2 s on a laptop disk; a small tmpfs cannot hold it. */
  if (info == NULL ||
      g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < G_GUINT64_CONSTANT (4) << 30)
    {
      g_test_skip ("less than 4 GiB free in the temporary folder for the 1 GiB file");
      return;
    }

  start = g_get_monotonic_time ();
  memset (block, 'x', 1024 * 1024);
  file = fopen (path, "w");
  g_assert_nonnull (file);
  fputs ("town_a,town_b\nTestowo,", file);
  for (guint i = 0; i < 1024; i++)
    g_assert_cmpuint (fwrite (block, 1, 1024 * 1024, file), ==, 1024 * 1024);
  fputs ("\n", file);
  g_assert_cmpint (fclose (file), ==, 0);
  g_test_message ("Wrote 1 GiB in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  assert_bad_input (atlas, path, TA_IMPORT_FORMAT_AUTO, 0, TRUE, expected, 0);
  g_test_message ("Refused it in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_unlink (path);
}

/* The commit is one transaction: when the atlas changed since the preview
 * (the town a row matched was deleted), nothing of the import stays. */
static void
test_commit_atomic (void)
{
  g_autofree char *atlas = test_make_atlas ("atomic.db");
  g_autofree char *file = test_write_file ("atomic-links.csv",
                                           "town_a,country_a,lat_a,lon_a,town_b,country_b\n"
                                           "Nowe Miasto Testowe,PL,50.2,19.2,Exempleville,FR\n"
                                           "Nowe Miasto Testowe,PL,50.2,19.2,Probestadt,DE\n", -1);
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);
  g_autofree char *dump_before = NULL;
  g_autofree char *dump_after = NULL;
  TaDb *other;

  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, file, TA_IMPORT_FORMAT_AUTO, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ta_import_plan_can_commit (ta_importer_get_plan (importer), &error));

  /* Another window deletes Probestadt after the preview. */
  other = open_db (atlas);
  ta_db_exec (other, "DELETE FROM town WHERE id = 2", &error);
  g_assert_no_error (error);
  g_clear_object (&other);
  dump_before = test_dump_database (atlas);

  g_assert_false (ta_import_plan_commit (ta_importer_get_plan (importer), &error));
  g_assert_error (error, TA_DB_ERROR, TA_DB_ERROR_INVALID);
  assert_contains (error->message, "Nothing was imported");
  g_test_message ("%s", error->message);
  g_clear_object (&importer);
  g_clear_object (&db);

  dump_after = test_dump_database (atlas);
  g_assert_cmpstr (dump_after, ==, dump_before);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE name = 'Nowe Miasto Testowe'"), ==, 0);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM source WHERE id LIKE 'import:%'"), ==, 0);
}

static void
test_empty_and_twice (void)
{
  g_autofree char *atlas = test_make_atlas ("empty-plan.db");
  g_autofree char *header_only = test_write_file ("header-only.csv", "town_a,town_b\n", -1);
  g_autofree char *one = test_write_file ("one.csv", "town_a,town_b\nTestowo,Exempleville\n", -1);
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(TaImporter) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas);

  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, header_only, TA_IMPORT_FORMAT_AUTO, 0, NULL, &error));
  g_assert_false (ta_import_plan_can_commit (ta_importer_get_plan (importer), &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  second = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (second, one, TA_IMPORT_FORMAT_AUTO, 0, NULL, &error));
  g_assert_true (ta_import_plan_commit (ta_importer_get_plan (second), &error));
  g_assert_no_error (error);
  g_assert_false (ta_import_plan_commit (ta_importer_get_plan (second), &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FAILED);
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *qid = NULL;
  gint64 value = 0;
  double number = 0;
  int year = 0;

  g_assert_true (ta_import_parse_double ("51,76", &number));
  g_assert_cmpfloat (number, ==, 51.76);
  g_assert_false (ta_import_parse_double ("51,7,6", &number));
  g_assert_false (ta_import_parse_double ("nan", &number));
  g_assert_false (ta_import_parse_double ("1e999", &number));
  g_assert_true (ta_import_parse_count ("1 234 567", &value));
  g_assert_cmpint (value, ==, 1234567);
  g_assert_true (ta_import_parse_count ("54,321", &value));
  g_assert_cmpint (value, ==, 54321);
  g_assert_false (ta_import_parse_count ("5,4321", &value));
  g_assert_false (ta_import_parse_count ("-5", &value));
  g_assert_true (ta_import_parse_year ("1990-05-12T00:00:00Z", &year));
  g_assert_cmpint (year, ==, 1990);
  g_assert_false (ta_import_parse_year ("1990-13", &year));
  g_assert_false (ta_import_parse_year ("1990-02-30", &year));
  qid = ta_import_parse_qid ("https://www.wikidata.org/wiki/Q999000001");
  g_assert_cmpstr (qid, ==, "Q999000001");
  g_assert_null (ta_import_parse_qid ("Q0123"));
  g_assert_true (ta_import_parse_amount ("1.234,5", "EUR", &value, &error));
  g_assert_cmpint (value, ==, 123450);
  g_assert_true (ta_import_parse_amount ("1,234,567.89", "USD", &value, &error));
  g_assert_cmpint (value, ==, 123456789);
  g_assert_true (ta_import_parse_amount ("12.345", "KWD", &value, &error));
  g_assert_cmpint (value, ==, 12345);
  g_assert_no_error (error);
  g_assert_false (ta_import_parse_amount ("10.5", "JPY", &value, &error));
  g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/import/csv/links", test_csv_links);
  g_test_add_func ("/ta/import/csv/towns", test_csv_towns);
  g_test_add_func ("/ta/import/csv/aliases", test_csv_aliases);
  g_test_add_func ("/ta/import/csv/records", test_csv_records);
  g_test_add_func ("/ta/import/guess-type", test_guess_type);
  g_test_add_func ("/ta/import/values", test_values);
  g_test_add_func ("/ta/import/geojson", test_geojson);
  g_test_add_func ("/ta/import/bad/files", test_bad_files);
  g_test_add_func ("/ta/import/bad/sizes", test_bad_sizes);
  g_test_add_func ("/ta/import/bad/gigabyte-line", test_gigabyte_line);
  g_test_add_func ("/ta/import/commit/atomic", test_commit_atomic);
  g_test_add_func ("/ta/import/commit/empty-and-twice", test_empty_and_twice);

  return g_test_run ();
}
