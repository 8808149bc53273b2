/* test-geo-index.c: countries and regions of points, from world_map.gpkg
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most tests use the bundled QGIS world map, as the atlas does; the format
 * tests write small synthetic GeoPackages with made-up codes (XA, XB…).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ta-geo.h"
#include "ta-geo-index.h"
#include "ta-iso-codes.h"

/* Snapping distance the import uses for towns on the coast. */
#define COAST_KM 10.0

static TaGeoIndex *world;
static TaIsoCodes *iso_codes;

static const TaGeoRegion *
lookup (double    lat,
        double    lon,
        double    max_km,
        TaGeoHit *hit)
{
  gboolean found = ta_geo_index_lookup (world, lat, lon, max_km, hit);

  g_assert_true (found == (hit->country_code != NULL));
  if (hit->region < 0)
    return NULL;

  return ta_geo_index_get_region (world, hit->region);
}

static void
test_countries (void)
{
  g_autoptr(GPtrArray) codes = ta_geo_index_get_country_codes (world);
  gboolean has_pl = FALSE, has_de = FALSE, has_xk = FALSE;

  g_assert_cmpuint (codes->len, >=, 200);

  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      g_assert_cmpuint (strlen (code), ==, 2);
      g_assert_true (g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]));
      if (i > 0)
        g_assert_cmpstr (g_ptr_array_index (codes, i - 1), <, code);

      has_pl |= strcmp (code, "PL") == 0;
      has_de |= strcmp (code, "DE") == 0;
      has_xk |= strcmp (code, "XK") == 0;
    }

  g_assert_true (has_pl && has_de && has_xk);
}

static void
test_warsaw (void)
{
  TaGeoHit hit;
  const TaGeoRegion *region = lookup (52.23, 21.01, COAST_KM, &hit);

  g_assert_cmpstr (hit.country_code, ==, "PL");
  g_assert_cmpfloat (hit.country_distance_km, ==, 0);
  g_assert_nonnull (region);
  g_assert_cmpstr (region->country_code, ==, "PL");
  g_assert_cmpstr (region->name, ==, "Masovian");
  g_assert_nonnull (region->iso_code);
  g_assert_cmpstr (region->iso_code, ==, ta_iso_codes_get_subdivision_code (iso_codes, "PL", "Mazowieckie"));
}

static void
test_krakow (void)
{
  TaGeoHit hit;
  const TaGeoRegion *region = lookup (50.0614, 19.9366, COAST_KM, &hit);

  g_assert_cmpstr (hit.country_code, ==, "PL");
  g_assert_nonnull (region);
  g_assert_cmpstr (region->name, ==, "Lesser Poland");
  g_assert_cmpstr (region->name_native, ==, "Wojewodztwo Malopolskie");
  g_assert_nonnull (region->iso_code);
  g_assert_cmpstr (region->iso_code, ==, ta_iso_codes_get_subdivision_code (iso_codes, "PL", "Małopolskie"));
}

static void
test_berlin (void)
{
  TaGeoHit hit;
  const TaGeoRegion *region = lookup (52.52, 13.405, COAST_KM, &hit);

  g_assert_cmpstr (hit.country_code, ==, "DE");
  g_assert_nonnull (region);
  g_assert_cmpstr (region->name, ==, "Berlin");
  g_assert_cmpstr (region->iso_code, ==, ta_iso_codes_get_subdivision_code (iso_codes, "DE", "Berlin"));
}

static void
test_open_sea (void)
{
  TaGeoHit hit;

  /* The Baltic between Gdańsk Bay and Öland, far from every coast. */
  g_assert_false (ta_geo_index_lookup (world, 55.5, 17.5, COAST_KM, &hit));
  g_assert_null (hit.country_code);
  g_assert_cmpint (hit.region, ==, -1);
  g_assert_cmpfloat (hit.country_distance_km, ==, G_MAXDOUBLE);
}

static void
test_coast (void)
{
  TaGeoHit hit;
  const TaGeoRegion *region;

  region = lookup (54.5189, 18.5305, COAST_KM, &hit);  /* Gdynia */
  g_assert_cmpstr (hit.country_code, ==, "PL");
  g_assert_cmpstr (region->name, ==, "Pomeranian");

  /* Hel, at the tip of its spit, is just outside the generalised coast:
   * found only through the nearest edge. */
  g_assert_false (ta_geo_index_lookup (world, 54.6081, 18.8003, 0, &hit));
  region = lookup (54.6081, 18.8003, COAST_KM, &hit);
  g_assert_cmpstr (hit.country_code, ==, "PL");
  g_assert_cmpfloat (hit.country_distance_km, >, 0);
  g_assert_cmpfloat (hit.country_distance_km, <, 2);
  g_assert_nonnull (region);
  g_assert_cmpstr (region->name, ==, "Pomeranian");
}

static void
test_oder_twins (void)
{
  TaGeoHit hit;
  double slubice_to_pl;

  lookup (52.34, 14.55, COAST_KM, &hit);  /* Frankfurt (Oder) */
  g_assert_cmpstr (hit.country_code, ==, "DE");

  /* Słubice lies across the river, but the generalised border runs about
   * 300 m east of its coordinates: the map cannot tell the two towns
   * apart, it can only say that Poland is within a kilometre. */
  lookup (52.35, 14.56, COAST_KM, &hit);
  slubice_to_pl = ta_geo_index_distance_to_country (world, "PL", 52.35, 14.56);
  g_test_message ("Słubice (52.35, 14.56): lookup says %s, %.2f km from PL",
                  hit.country_code, slubice_to_pl);
  g_assert_cmpfloat (slubice_to_pl, <, 1.0);
}

static void
test_geocoding_error (void)
{
  TaGeoHit hit;

  /* The Wikipedia list geocoded the Polish village Lesznowola to a place
   * near Chișinău: the index shows that it is not in Poland. */
  lookup (46.95, 28.78, COAST_KM, &hit);
  g_assert_cmpstr (hit.country_code, ==, "MD");
  g_assert_cmpfloat (ta_geo_index_distance_to_country (world, "PL", 46.95, 28.78), >, 300);
}

static void
test_distance_to_country (void)
{
  double berlin_to_pl = ta_geo_index_distance_to_country (world, "PL", 52.52, 13.405);

  g_assert_cmpfloat (ta_geo_index_distance_to_country (world, "PL", 52.23, 21.01), ==, 0);
  /* The Oder near Hohenwutzen, about 61 km north-east of Berlin. */
  g_assert_cmpfloat (berlin_to_pl, >, 55);
  g_assert_cmpfloat (berlin_to_pl, <, 70);
  /* Never more than the great-circle distance to a point inside. */
  g_assert_cmpfloat (berlin_to_pl, <, ta_geo_distance_km (52.52, 13.405, 52.35, 14.60));
  g_assert_cmpfloat (ta_geo_index_distance_to_country (world, "QQ", 52.52, 13.405), ==, G_MAXDOUBLE);
}

static void
assert_regions_have_all_codes (const char *country_code)
{
  g_autoptr(GPtrArray) expected = ta_iso_codes_get_subdivision_codes (iso_codes, country_code);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_regions = 0;

  for (guint i = 0; i < ta_geo_index_get_n_regions (world); i++)
    {
      const TaGeoRegion *region = ta_geo_index_get_region (world, i);

      if (strcmp (region->country_code, country_code) != 0)
        continue;

      n_regions++;
      if (region->iso_code == NULL)
        g_error ("%s region %s has no ISO code", country_code, region->name);
      g_assert_true (g_hash_table_add (seen, region->iso_code));
    }

  g_assert_cmpuint (n_regions, ==, 16);
  g_assert_cmpuint (expected->len, ==, 16);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (expected, i)));
}

static void
test_voivodeships (void)
{
  assert_regions_have_all_codes ("PL");
}

static void
test_laender (void)
{
  assert_regions_have_all_codes ("DE");
}

static void
test_region_codes (void)
{
  guint n_with_code = 0;
  guint n_regions = ta_geo_index_get_n_regions (world);

  for (guint i = 0; i < n_regions; i++)
    {
      const TaGeoRegion *region = ta_geo_index_get_region (world, i);

      if (region->iso_code == NULL)
        continue;

      n_with_code++;
      /* Every code is a real subdivision of the region's own country. */
      g_assert_true (g_str_has_prefix (region->iso_code, region->country_code));
      g_assert_nonnull (ta_iso_codes_get_subdivision_name (iso_codes, region->iso_code, NULL));
    }

  g_test_message ("%u of %u regions have an ISO 3166-2 code", n_with_code, n_regions);
  g_assert_cmpuint (n_with_code, >, n_regions / 2);
}

static void
test_timing (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(TaGeoIndex) index = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "geo", "qgis-world-map",
                                                 "world_map.gpkg", NULL);
  g_autoptr(GError) error = NULL;
  gint64 start, loaded, done;
  guint n_found = 0;

  start = g_get_monotonic_time ();
  index = ta_geo_index_new_full (path, iso_codes, &error);
  g_assert_no_error (error);
  loaded = g_get_monotonic_time ();

  /* Towns cluster on land, in Europe more than anywhere: half the points
   * there, half anywhere between the polar circles. */
  for (guint i = 0; i < 40000; i++)
    {
      TaGeoHit hit;
      double lat = i % 2 ? g_rand_double_range (rand, 36, 70) : g_rand_double_range (rand, -66, 66);
      double lon = i % 2 ? g_rand_double_range (rand, -10, 40) : g_rand_double_range (rand, -180, 180);

      n_found += ta_geo_index_lookup (index, lat, lon, COAST_KM, &hit);
    }
  done = g_get_monotonic_time ();

  g_test_message ("loading the index: %.3f s; 40,000 lookups: %.3f s (%u on land)",
                  (loaded - start) / 1e6, (done - loaded) / 1e6, n_found);
  g_assert_cmpuint (n_found, >, 0);
}

/* ---- Synthetic GeoPackages ---------------------------------------------- */

typedef struct
{
  GByteArray *bytes;
  gboolean    big_endian;
} Wkb;

static void
wkb_u32 (Wkb     *wkb,
         guint32  value)
{
  value = wkb->big_endian ? GUINT32_TO_BE (value) : GUINT32_TO_LE (value);
  g_byte_array_append (wkb->bytes, (const guint8 *) &value, 4);
}

static void
wkb_double (Wkb    *wkb,
            double  value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  bits = wkb->big_endian ? GUINT64_TO_BE (bits) : GUINT64_TO_LE (bits);
  g_byte_array_append (wkb->bytes, (const guint8 *) &bits, 8);
}

static void
wkb_header (Wkb     *wkb,
            guint32  type)
{
  guint8 order = wkb->big_endian ? 0 : 1;

  g_byte_array_append (wkb->bytes, &order, 1);
  wkb_u32 (wkb, type);
}

/* An axis-aligned square ring, counter-clockwise and closed; with_z adds
 * a third ordinate. */
static void
wkb_square_ring (Wkb      *wkb,
                 double    x0,
                 double    y0,
                 double    x1,
                 double    y1,
                 gboolean  with_z)
{
  const double corners[5][2] = { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 }, { x0, y0 } };

  wkb_u32 (wkb, 5);
  for (guint i = 0; i < 5; i++)
    {
      wkb_double (wkb, corners[i][0]);
      wkb_double (wkb, corners[i][1]);
      if (with_z)
        wkb_double (wkb, 100.0);
    }
}

/* A GeoPackage binary header: "GP", version 0, flags, SRS 4326, and an
 * envelope of 32 bytes when asked. */
static GByteArray *
gpkg_blob (gboolean big_endian,
           gboolean with_envelope)
{
  Wkb header = { g_byte_array_new (), big_endian };
  guint8 start[4] = { 'G', 'P', 0, (big_endian ? 0 : 1) | (with_envelope ? 1 << 1 : 0) };

  g_byte_array_append (header.bytes, start, 4);
  wkb_u32 (&header, 4326);
  if (with_envelope)
    for (guint i = 0; i < 4; i++)
      wkb_double (&header, 0.0);

  return header.bytes;
}

/* XA: little-endian Polygon with a hole, envelope in the header. */
static GByteArray *
blob_square_with_hole (void)
{
  Wkb wkb = { gpkg_blob (FALSE, TRUE), FALSE };

  wkb_header (&wkb, 3);
  wkb_u32 (&wkb, 2);
  wkb_square_ring (&wkb, 0, 0, 10, 10, FALSE);
  wkb_square_ring (&wkb, 4, 4, 6, 6, FALSE);
  return wkb.bytes;
}

/* XB: big-endian ISO MultiPolygon Z (1006) of one Polygon Z (1003). */
static GByteArray *
blob_multipolygon_z (void)
{
  Wkb wkb = { gpkg_blob (TRUE, FALSE), TRUE };

  wkb_header (&wkb, 1006);
  wkb_u32 (&wkb, 1);
  wkb_header (&wkb, 1003);
  wkb_u32 (&wkb, 1);
  wkb_square_ring (&wkb, 20, 0, 30, 10, TRUE);
  return wkb.bytes;
}

/* A LineString, which no country can be. */
static GByteArray *
blob_line (void)
{
  Wkb wkb = { gpkg_blob (FALSE, FALSE), FALSE };

  wkb_header (&wkb, 2);
  wkb_u32 (&wkb, 2);
  for (guint i = 0; i < 4; i++)
    wkb_double (&wkb, i);
  return wkb.bytes;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
insert_country (sqlite3    *db,
                const char *iso_a2,
                const char *wb_a2,
                const char *iso_a3,
                GByteArray *blob)
{
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO countries (geom, iso_a2, NAME, WB_A2, ISO_A3) "
                                           "VALUES (?, ?, 'Synthetic', ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, blob->data, blob->len, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, iso_a2, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, wb_a2, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, iso_a3, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_byte_array_unref (blob);
}

static char *
write_synthetic_gpkg (const char *dir,
                      gboolean    with_line)
{
  char *path = g_build_filename (dir, with_line ? "line.gpkg" : "synthetic.gpkg", NULL);
  g_autoptr(GByteArray) region_blob = blob_square_with_hole ();
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "CREATE TABLE countries (fid INTEGER PRIMARY KEY, geom BLOB, iso_a2 TEXT, NAME TEXT, "
                "FIPS_10_ TEXT, ISO_A3 TEXT, WB_A2 TEXT, WB_A3 TEXT);"
                "CREATE TABLE states_provinces (fid INTEGER PRIMARY KEY, geom BLOB, iso_a2 TEXT, name TEXT, "
                "fips TEXT, woe_label TEXT, woe_name TEXT, sov_a3 TEXT, adm0_a3 TEXT, admin TEXT, "
                "gu_a3 TEXT, gn_name TEXT);");

  insert_country (db, "XA", "XA", "XAA", blob_square_with_hole ());
  insert_country (db, "xb", "-99", "-99", blob_multipolygon_z ());
  insert_country (db, "-99", "-99", "-99", blob_square_with_hole ());
  if (with_line)
    insert_country (db, "XC", "-99", "-99", blob_line ());

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO states_provinces (geom, iso_a2, name, gn_name) "
                                           "VALUES (?, 'XA', 'Testregion', 'Land Testregion')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_blob (stmt, 1, region_blob->data, region_blob->len, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return path;
}

static void
test_synthetic_formats (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-geo-index-XXXXXX", NULL);
  g_autofree char *path = write_synthetic_gpkg (dir, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaGeoIndex) index = ta_geo_index_new_full (path, NULL, &error);
  g_autoptr(GPtrArray) codes = NULL;
  const TaGeoRegion *region;
  double hole_edge_km;
  TaGeoHit hit;

  g_assert_no_error (error);

  /* The "-99" row has no usable code without iso-codes; "xb" is
   * upper-cased. */
  codes = ta_geo_index_get_country_codes (index);
  g_assert_cmpuint (codes->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (codes, 0), ==, "XA");
  g_assert_cmpstr (g_ptr_array_index (codes, 1), ==, "XB");

  g_assert_true (ta_geo_index_lookup (index, 2, 2, 0, &hit));
  g_assert_cmpstr (hit.country_code, ==, "XA");
  region = ta_geo_index_get_region (index, hit.region);
  g_assert_cmpstr (region->name, ==, "Testregion");
  g_assert_cmpstr (region->name_native, ==, "Land Testregion");
  g_assert_null (region->iso_code);

  /* Inside the hole is outside the country; its nearest edges are 1° of
   * longitude away at latitude 5°, 110.8 km. */
  hole_edge_km = TA_EARTH_RADIUS_KM * G_PI / 180 * cos (5 * G_PI / 180);
  g_assert_false (ta_geo_index_lookup (index, 5, 5, 100, &hit));
  g_assert_true (ta_geo_index_lookup (index, 5, 5, 112, &hit));
  g_assert_cmpfloat_with_epsilon (hit.country_distance_km, hole_edge_km, 1e-6);
  g_assert_cmpfloat_with_epsilon (ta_geo_index_distance_to_country (index, "XA", 5, 5), hole_edge_km, 1e-6);

  /* Big-endian multipolygon with Z ordinates. */
  g_assert_true (ta_geo_index_lookup (index, 5, 25, 0, &hit));
  g_assert_cmpstr (hit.country_code, ==, "XB");
  g_assert_cmpint (hit.region, ==, -1);

  /* Between the two: nearest within reach, the east edge of XA at 0.1°
   * of longitude. */
  g_assert_true (ta_geo_index_lookup (index, 5, 10.1, 20, &hit));
  g_assert_cmpstr (hit.country_code, ==, "XA");
  g_assert_cmpfloat_with_epsilon (hit.country_distance_km, 0.1 * hole_edge_km, 1e-6);
  g_assert_cmpstr (ta_geo_index_get_region (index, hit.region)->name, ==, "Testregion");
  g_assert_false (ta_geo_index_lookup (index, 5, 15, 20, &hit));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_synthetic_fallback_codes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-geo-index-XXXXXX", NULL);
  g_autofree char *path = write_synthetic_gpkg (dir, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaGeoIndex) index = NULL;
  sqlite3 *db;
  TaGeoHit hit;

  /* Give the "-99" row a real alpha-3 code: iso-codes turns it into
   * alpha-2. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "UPDATE countries SET ISO_A3 = 'NOR' WHERE iso_a2 = '-99'");
  sqlite3_close (db);

  index = ta_geo_index_new_full (path, iso_codes, &error);
  g_assert_no_error (error);

  /* Both XA and NO cover the same square: either is right, but the
   * fallback must have produced NO. */
  g_assert_cmpfloat (ta_geo_index_distance_to_country (index, "NO", 2, 2), ==, 0);
  g_assert_true (ta_geo_index_lookup (index, 2, 2, 0, &hit));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
test_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ta-geo-index-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.gpkg", NULL);
  g_autofree char *text = g_build_filename (dir, "text.gpkg", NULL);
  g_autofree char *line = write_synthetic_gpkg (dir, TRUE);
  g_autoptr(GError) error = NULL;
  TaGeoIndex *index;

  index = ta_geo_index_new_full (missing, NULL, &error);
  g_assert_null (index);
  g_assert_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "missing.gpkg"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "not a GeoPackage, just text\n", -1, NULL));
  index = ta_geo_index_new_full (text, NULL, &error);
  g_assert_null (index);
  g_assert_nonnull (error);
  g_assert_true (error->domain == TA_GEO_INDEX_ERROR);
  g_clear_error (&error);

  index = ta_geo_index_new_full (line, NULL, &error);
  g_assert_null (index);
  g_assert_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "countries fid 4"));
  g_clear_error (&error);

  g_assert_no_errno (g_remove (text));
  g_assert_no_errno (g_remove (line));
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "..", "data", "geo", "qgis-world-map", "world_map.gpkg", NULL);
  iso_codes = ta_iso_codes_new (NULL, NULL, &error);
  g_assert_no_error (error);
  world = ta_geo_index_new_full (path, iso_codes, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ta/geo-index/countries", test_countries);
  g_test_add_func ("/ta/geo-index/lookup/warsaw", test_warsaw);
  g_test_add_func ("/ta/geo-index/lookup/krakow", test_krakow);
  g_test_add_func ("/ta/geo-index/lookup/berlin", test_berlin);
  g_test_add_func ("/ta/geo-index/lookup/open-sea", test_open_sea);
  g_test_add_func ("/ta/geo-index/lookup/coast", test_coast);
  g_test_add_func ("/ta/geo-index/lookup/oder-twins", test_oder_twins);
  g_test_add_func ("/ta/geo-index/lookup/geocoding-error", test_geocoding_error);
  g_test_add_func ("/ta/geo-index/distance-to-country", test_distance_to_country);
  g_test_add_func ("/ta/geo-index/regions/voivodeships", test_voivodeships);
  g_test_add_func ("/ta/geo-index/regions/laender", test_laender);
  g_test_add_func ("/ta/geo-index/regions/iso-codes", test_region_codes);
  g_test_add_func ("/ta/geo-index/timing", test_timing);
  g_test_add_func ("/ta/geo-index/gpkg/formats", test_synthetic_formats);
  g_test_add_func ("/ta/geo-index/gpkg/fallback-codes", test_synthetic_fallback_codes);
  g_test_add_func ("/ta/geo-index/gpkg/errors", test_errors);

  status = g_test_run ();

  g_clear_object (&world);
  g_clear_object (&iso_codes);

  return status;
}
