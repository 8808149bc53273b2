/* test-export.c: CSV and GeoJSON exports, and the round trip back in
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "import-test-util.h"
#include "ta-csv.h"
#include "ta-exporter.h"
#include "ta-importer.h"
#include "ta-paths.h"

static TaDb *
open_db (const char *path,
         TaDbOpenFlags flags)
{
  g_autoptr(GError) error = NULL;
  TaDb *db = ta_db_open (path, flags, &error);

  g_assert_no_error (error);
  return db;
}

static GArray *
ids (guint n,
     ...)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = va_arg (args, int);

      g_array_append_val (array, id);
    }
  va_end (args);

  return array;
}

/* The rows of a CSV file, header first. */
static GPtrArray *
read_csv (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaCsvReader) reader = ta_csv_reader_new_for_path (path, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GStrv fields;

  g_assert_no_error (error);
  while (ta_csv_reader_next (reader, &fields, &error))
    g_ptr_array_add (rows, g_strdupv (fields));
  g_assert_no_error (error);

  return rows;
}

static JsonObject *
load_json (JsonParser *parser,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_csv_values (void)
{
  g_autofree char *atlas = test_make_atlas ("values.db");
  g_autofree char *towns_path = test_tmp_path ("values-towns.csv");
  g_autofree char *funding_path = test_tmp_path ("values-funding.csv");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_WRITE);
  const char *awkward = "Quote \"Town\", Comma; and\nNewline";
  static const char * const town_header[] = {
    "id", "name", "name_native", "country", "lat", "lon", "population", "wikidata", "geonames_id",
    "other_names", "source", "sources", NULL
  };
  gboolean found = FALSE;

  ta_db_exec (db, "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES"
                  "  (7, 'Quote \"Town\", Comma; and\nNewline', 'PL', 0.1, -0.30000000000000004, 'test')", &error);
  g_assert_no_error (error);

  g_assert_true (ta_export_csv (db, TA_EXPORT_TOWNS, NULL, towns_path, &error));
  g_assert_no_error (error);
  rows = read_csv (towns_path);
  g_assert_cmpuint (rows->len, ==, 8);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), town_header);
  for (guint i = 1; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row[0], "7") != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (row[1], ==, awkward);
      /* Doubles come back as the same doubles. */
      g_assert_cmpfloat (g_ascii_strtod (row[5], NULL), ==, -0.30000000000000004);
      g_assert_cmpstr (row[4], ==, "0.1");
    }
  g_assert_true (found);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Money as a decimal in the currency's unit. */
  g_assert_true (ta_export_csv (db, TA_EXPORT_FUNDING, NULL, funding_path, &error));
  rows = read_csv (funding_path);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 0))[14], ==, "amount");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[14], ==, "12500.50");
}

static void
test_selection (void)
{
  g_autofree char *atlas = test_make_atlas ("selection.db");
  g_autofree char *folder = test_tmp_path ("selection");
  g_autofree char *links_path = g_build_filename (folder, "links.csv", NULL);
  g_autofree char *towns_path = g_build_filename (folder, "towns.csv", NULL);
  g_autofree char *exchanges_path = g_build_filename (folder, "exchanges.csv", NULL);
  g_autofree char *events_path = g_build_filename (folder, "events.csv", NULL);
  g_autofree char *sources_path = g_build_filename (folder, "sources.csv", NULL);
  g_autofree char *geojson_path = test_tmp_path ("selection.geojson");
  g_autoptr(GArray) link_ids = ids (1, 1);
  g_autoptr(GArray) none = ids (0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_ONLY);
  JsonArray *features;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (ta_export_csv_all (db, link_ids, folder, &error));
  g_assert_no_error (error);

  rows = read_csv (links_path);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[1], ==, "Testowo");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[7], ==, "Probestadt");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[20 - 1], ==, "test|test-second");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = read_csv (towns_path);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);
  /* The exchange of link 1, not Dwojakowo's own. */
  rows = read_csv (exchanges_path);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = read_csv (events_path);
  g_assert_cmpuint (rows->len, ==, 2);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = read_csv (sources_path);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (ta_export_geojson (db, link_ids, geojson_path, &error));
  g_assert_no_error (error);
  features = json_object_get_array_member (load_json (parser, geojson_path), "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 3);

  /* An empty selection: headers only. */
  g_assert_true (ta_export_csv (db, TA_EXPORT_LINKS, none, links_path, &error));
  rows = read_csv (links_path);
  g_assert_cmpuint (rows->len, ==, 1);
}

static JsonObject *
feature_with_id (JsonArray  *features,
                 const char *id)
{
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);

      if (g_strcmp0 (json_object_get_string_member (feature, "id"), id) == 0)
        return feature;
    }

  g_assert_not_reached ();
}

/* What QGIS reads: a FeatureCollection, [lon, lat], lines along the great
 * circle, cut at the antimeridian. */
static void
test_geojson_structure (void)
{
  g_autofree char *atlas = test_make_atlas ("structure.db");
  g_autofree char *path = test_tmp_path ("structure.geojson");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_WRITE);
  JsonObject *root, *feature, *geometry, *properties;
  JsonArray *features, *coordinates, *first, *last;

  ta_db_exec (db,
              "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES"
              "  (20, 'Ostrand (synthetic)', NULL, 60.0, 175.0, 'test'), (21, 'Westrand (synthetic)', NULL, 62.0, -170.0, 'test');"
              "INSERT INTO link (id, town_a, town_b, source_id) VALUES (20, 20, 21, 'test');"
              "INSERT INTO link_source (link_id, source_id) VALUES (20, 'test');", &error);
  g_assert_no_error (error);

  g_assert_true (ta_export_geojson (db, NULL, path, &error));
  g_assert_no_error (error);
  root = load_json (parser, path);
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "twin_atlas_sources")), ==, 2);
  features = json_object_get_array_member (root, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 8 + 4);

  feature = feature_with_id (features, "town/1");
  geometry = json_object_get_object_member (feature, "geometry");
  g_assert_cmpstr (json_object_get_string_member (geometry, "type"), ==, "Point");
  coordinates = json_object_get_array_member (geometry, "coordinates");
  g_assert_cmpfloat (json_array_get_double_element (coordinates, 0), ==, 19.0);
  g_assert_cmpfloat (json_array_get_double_element (coordinates, 1), ==, 52.0);
  properties = json_object_get_object_member (feature, "properties");
  g_assert_cmpstr (json_object_get_string_member (properties, "name"), ==, "Testowo");
  g_assert_cmpstr (json_object_get_string_member (properties, "wikidata"), ==, "Q999000001");
  g_assert_cmpint (json_object_get_int_member (properties, "population"), ==, 1000);
  g_assert_cmpstr (json_object_get_string_member (properties, "sources"), ==, "test|test-second");

  feature = feature_with_id (features, "link/3");
  geometry = json_object_get_object_member (feature, "geometry");
  g_assert_cmpstr (json_object_get_string_member (geometry, "type"), ==, "LineString");
  coordinates = json_object_get_array_member (geometry, "coordinates");
  g_assert_cmpuint (json_array_get_length (coordinates), >, 2);
  first = json_array_get_array_element (coordinates, 0);
  last = json_array_get_array_element (coordinates, json_array_get_length (coordinates) - 1);
  g_assert_cmpfloat (json_array_get_double_element (first, 0), ==, 10.0);
  g_assert_cmpfloat (json_array_get_double_element (last, 0), ==, 2.0);
  g_assert_cmpfloat (json_array_get_double_element (last, 1), ==, 46.0);
  properties = json_object_get_object_member (feature, "properties");
  g_assert_cmpstr (json_object_get_string_member (properties, "town_a"), ==, "Probestadt");
  g_assert_cmpstr (json_object_get_string_member (properties, "kind"), ==, "partnership");
  g_assert_cmpstr (json_object_get_string_member (properties, "status"), ==, "ended");
  g_assert_cmpint (json_object_get_int_member (properties, "start_year"), ==, 1970);
  g_assert_cmpint (json_object_get_int_member (properties, "end_year"), ==, 2001);

  /* Across the antimeridian: two lines meeting at ±180°. */
  feature = feature_with_id (features, "link/20");
  geometry = json_object_get_object_member (feature, "geometry");
  g_assert_cmpstr (json_object_get_string_member (geometry, "type"), ==, "MultiLineString");
  coordinates = json_object_get_array_member (geometry, "coordinates");
  g_assert_cmpuint (json_array_get_length (coordinates), ==, 2);
  first = json_array_get_array_element (coordinates, 0);
  last = json_array_get_array_element (coordinates, 1);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (first, 0), 0), ==, 175.0);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (first, json_array_get_length (first) - 1), 0), ==, 180.0);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (last, 0), 0), ==, -180.0);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (last, json_array_get_length (last) - 1), 0), ==, -170.0);
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* A failed export leaves the target and the folder as they were. */
static void
test_atomic (void)
{
  g_autofree char *atlas = test_make_atlas ("atomic-export.db");
  g_autofree char *folder = test_tmp_path ("atomic");
  g_autofree char *missing = test_tmp_path ("no-such-folder/links.csv");
  g_autofree char *blocked = g_build_filename (folder, "towns.geojson", NULL);
  g_autofree char *existing = g_build_filename (folder, "links.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_ONLY);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);

  g_assert_false (ta_export_csv (db, TA_EXPORT_LINKS, NULL, missing, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "links.csv"));
  g_clear_error (&error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A folder where the file should go: the rename fails at the end. */
  g_assert_cmpint (g_mkdir (blocked, 0755), ==, 0);
  g_assert_false (ta_export_geojson (db, NULL, blocked, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "towns.geojson"));
  g_clear_error (&error);
  g_assert_true (g_file_test (blocked, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* Over an existing file: replaced whole, no temporary left. */
  g_assert_true (g_file_set_contents (existing, "old", -1, NULL));
  g_assert_true (ta_export_csv (db, TA_EXPORT_LINKS, NULL, existing, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "id,town_a,"));
  g_assert_cmpuint (count_files (folder), ==, 2);
  g_rmdir (blocked);
}

static void
import_all (const char         *atlas,
            const char * const *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_WRITE);
  g_autoptr(TaImporter) importer = ta_importer_new (db);
  TaImportPlan *plan = ta_importer_get_plan (importer);
  TaImportCounts counts;

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_assert_true (ta_importer_add_file (importer, files[i], TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
      g_assert_no_error (error);
    }

  ta_import_plan_get_counts (plan, &counts);
  g_assert_cmpuint (counts.rows_rejected, ==, 0);
  g_assert_cmpuint (counts.towns_ambiguous, ==, 0);
  g_assert_cmpuint (counts.duplicates, ==, 0);
  g_assert_true (ta_import_plan_commit (plan, &error));
  g_assert_no_error (error);
}

/* Export, import into an empty atlas, compare what does not depend on ids. */
static void
round_trip (const char *source_atlas,
            const char *tag)
{
  g_autofree char *folder_name = g_strdup_printf ("%s-csv", tag);
  g_autofree char *folder = test_tmp_path (folder_name);
  g_autofree char *geojson_name = g_strdup_printf ("%s.geojson", tag);
  g_autofree char *geojson = test_tmp_path (geojson_name);
  g_autofree char *csv_name = g_strdup_printf ("%s-from-csv.db", tag);
  g_autofree char *json_name = g_strdup_printf ("%s-from-geojson.db", tag);
  g_autofree char *from_csv = test_make_empty (csv_name);
  g_autofree char *from_geojson = test_make_empty (json_name);
  g_autofree char *expected = NULL;
  g_autofree char *expected_short = NULL;
  g_autofree char *got = NULL;
  g_autofree char *got_short = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *geojson_files[] = { geojson, NULL };
  static const char * const tables[] = { "sources", "programmes", "towns", "links", "exchanges", "funding", "events" };
  g_autoptr(GError) error = NULL;
  gint64 start;

  {
    g_autoptr(TaDb) db = open_db (source_atlas, TA_DB_OPEN_READ_ONLY);

    start = g_get_monotonic_time ();
    g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
    g_assert_true (ta_export_csv_all (db, NULL, folder, &error));
    g_assert_no_error (error);
    g_assert_true (ta_export_geojson (db, NULL, geojson, &error));
    g_assert_no_error (error);
    g_test_message ("%s: exported in %.2f s", tag, (g_get_monotonic_time () - start) / 1e6);
  }

  /* Sources and programmes before what names them. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_ptr_array_add (files, g_strdup_printf ("%s/%s.csv", folder, tables[i]));
  g_ptr_array_add (files, NULL);

  start = g_get_monotonic_time ();
  import_all (from_csv, (const char * const *) files->pdata);
  g_test_message ("%s: CSV imported in %.2f s", tag, (g_get_monotonic_time () - start) / 1e6);
  start = g_get_monotonic_time ();
  import_all (from_geojson, geojson_files);
  g_test_message ("%s: GeoJSON imported in %.2f s", tag, (g_get_monotonic_time () - start) / 1e6);

  expected = test_canonical_atlas (source_atlas, TRUE);
  got = test_canonical_atlas (from_csv, TRUE);
  g_assert_cmpstr (got, ==, expected);

  /* GeoJSON holds the towns, the links and the sources. */
  expected_short = test_canonical_atlas (source_atlas, FALSE);
  got_short = test_canonical_atlas (from_geojson, FALSE);
  g_assert_cmpstr (got_short, ==, expected_short);
}

static void
test_round_trip_fixture (void)
{
  g_autofree char *atlas = test_make_atlas ("round-trip.db");
  g_autoptr(GError) error = NULL;

  /* A twinning across the antimeridian as well. */
  {
    g_autoptr(TaDb) db = open_db (atlas, TA_DB_OPEN_READ_WRITE);

    ta_db_exec (db,
                "INSERT INTO town (id, name, country_code, lat, lon, population, source_id) VALUES"
                "  (20, 'Ostrand (synthetic)', NULL, 60.0, 175.0, 12, 'test'),"
                "  (21, 'Westrand (synthetic)', NULL, 62.0, -170.0, NULL, 'test-second');"
                "INSERT INTO town_source (town_id, source_id, label) VALUES (21, 'test-second', 'Westrand (synthetic)');"
                "INSERT INTO link (id, town_a, town_b, kind, source_id) VALUES (20, 20, 21, 'friendship', 'test-second');"
                "INSERT INTO link_source (link_id, source_id) VALUES (20, 'test-second'), (20, 'test');", &error);
    g_assert_no_error (error);
  }

  round_trip (atlas, "fixture");
}

static void
test_round_trip_bundled (void)
{
  g_autofree char *bundled = ta_paths_get_bundled_database ();

  if (!g_file_test (bundled, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no bundled atlas.db in this build");
      return;
    }

  round_trip (bundled, "bundled");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/export/csv/values", test_csv_values);
  g_test_add_func ("/ta/export/selection", test_selection);
  g_test_add_func ("/ta/export/geojson/structure", test_geojson_structure);
  g_test_add_func ("/ta/export/atomic", test_atomic);
  g_test_add_func ("/ta/export/round-trip/fixture", test_round_trip_fixture);
  g_test_add_func ("/ta/export/round-trip/bundled", test_round_trip_bundled);

  return g_test_run ();
}
