/* test-geo.c: distances and great circles
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ta-geo.h"

#define WARSAW_LAT 52.2297
#define WARSAW_LON 21.0122
#define BERLIN_LAT 52.5200
#define BERLIN_LON 13.4050
#define SEOUL_LAT 37.5665
#define SEOUL_LON 126.9780
#define SAN_FRANCISCO_LAT 37.7749
#define SAN_FRANCISCO_LON (-122.4194)

static void
test_distance_warsaw_berlin (void)
{
  double d = ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON);

  /* About 517 km by great circle. */
  g_assert_cmpfloat_with_epsilon (d, 517.0, 517.0 * 0.01);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (BERLIN_LAT, BERLIN_LON, WARSAW_LAT, WARSAW_LON), d, 1e-9);
}

static void
test_distance_special_cases (void)
{
  double half_circumference = G_PI * TA_EARTH_RADIUS_KM;

  g_assert_cmpfloat (ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, WARSAW_LAT, WARSAW_LON), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (0, 0, 0, 180), half_circumference, 1e-6);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (90, 0, -90, 0), half_circumference, 1e-6);
  /* One degree of longitude on the equator, either side of the antimeridian. */
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (0, 179.5, 0, -179.5), half_circumference / 180, 1e-6);
}

static void
test_interpolate_ends (void)
{
  double lat, lon;

  ta_geo_interpolate (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON, 0.0, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, WARSAW_LAT, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, WARSAW_LON, 1e-9);

  ta_geo_interpolate (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON, 1.0, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, BERLIN_LAT, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, BERLIN_LON, 1e-9);
}

static void
test_interpolate_midpoints (void)
{
  double total = ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON);
  double lat, lon;

  /* Along the equator and along a meridian the midpoint is obvious. */
  ta_geo_interpolate (0, 0, 0, 90, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 45, 1e-9);

  ta_geo_interpolate (0, 10, 60, 10, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 10, 1e-9);

  /* Across the antimeridian the short way, not round the world. */
  ta_geo_interpolate (0, 170, 0, -170, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fabs (lon), 180, 1e-9);

  /* A great-circle midpoint lies halfway from both ends and, on an
   * east-west route in the north, north of the mean latitude (where the
   * rhumb line would pass). */
  ta_geo_interpolate (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, lat, lon), total / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (lat, lon, BERLIN_LAT, BERLIN_LON), total / 2, 1e-6);
  g_assert_cmpfloat (lat, >, (WARSAW_LAT + BERLIN_LAT) / 2 + 0.05);

  ta_geo_interpolate (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON, 0.25, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, lat, lon), total / 4, 1e-6);
}

static void
test_interpolate_antipodes (void)
{
  double lat, lon;

  /* No single shortest arc: the route goes north over the pole. */
  ta_geo_interpolate (0, 0, 0, 180, 0.5, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 90, 1e-9);

  ta_geo_interpolate (0, 0, 0, 180, 0.25, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 45, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 0, 1e-9);
}

static void
test_great_circle_points (void)
{
  g_autoptr(GArray) points = ta_geo_great_circle (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON, 11);
  double total = ta_geo_distance_km (WARSAW_LAT, WARSAW_LON, BERLIN_LAT, BERLIN_LON);
  const TaGeoPoint *first, *last;

  g_assert_cmpuint (points->len, ==, 11);

  first = &g_array_index (points, TaGeoPoint, 0);
  last = &g_array_index (points, TaGeoPoint, 10);
  g_assert_cmpfloat (first->lat, ==, WARSAW_LAT);
  g_assert_cmpfloat (first->lon, ==, WARSAW_LON);
  g_assert_cmpfloat (last->lat, ==, BERLIN_LAT);
  g_assert_cmpfloat (last->lon, ==, BERLIN_LON);

  for (guint i = 1; i < points->len; i++)
    {
      const TaGeoPoint *a = &g_array_index (points, TaGeoPoint, i - 1);
      const TaGeoPoint *b = &g_array_index (points, TaGeoPoint, i);

      g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (a->lat, a->lon, b->lat, b->lon), total / 10, 1e-6);
    }
}

static void
assert_piece_continuous (GArray *piece)
{
  g_assert_cmpuint (piece->len, >=, 2);

  for (guint i = 1; i < piece->len; i++)
    {
      const TaGeoPoint *a = &g_array_index (piece, TaGeoPoint, i - 1);
      const TaGeoPoint *b = &g_array_index (piece, TaGeoPoint, i);

      g_assert_cmpfloat (fabs (b->lon - a->lon), <, 180);
    }
}

static void
test_segments_antimeridian (void)
{
  g_autoptr(GPtrArray) pieces = ta_geo_great_circle_segments (SEOUL_LAT, SEOUL_LON,
                                                              SAN_FRANCISCO_LAT, SAN_FRANCISCO_LON, 64);
  GArray *west, *east;
  const TaGeoPoint *west_end, *east_start, *seoul, *san_francisco;

  g_assert_cmpuint (pieces->len, ==, 2);
  west = g_ptr_array_index (pieces, 0);
  east = g_ptr_array_index (pieces, 1);
  assert_piece_continuous (west);
  assert_piece_continuous (east);

  seoul = &g_array_index (west, TaGeoPoint, 0);
  west_end = &g_array_index (west, TaGeoPoint, west->len - 1);
  east_start = &g_array_index (east, TaGeoPoint, 0);
  san_francisco = &g_array_index (east, TaGeoPoint, east->len - 1);

  g_assert_cmpfloat (seoul->lat, ==, SEOUL_LAT);
  g_assert_cmpfloat (san_francisco->lon, ==, SAN_FRANCISCO_LON);
  g_assert_cmpfloat (west_end->lon, ==, 180.0);
  g_assert_cmpfloat (east_start->lon, ==, -180.0);
  g_assert_cmpfloat (west_end->lat, ==, east_start->lat);

  /* The crossing lies on the arc: north of both cities (the route bends
   * towards the Aleutians), and on the great circle through the ends. */
  g_assert_cmpfloat (west_end->lat, >, 45);
  g_assert_cmpfloat_with_epsilon (ta_geo_distance_km (SEOUL_LAT, SEOUL_LON, west_end->lat, 180) +
                                  ta_geo_distance_km (west_end->lat, 180, SAN_FRANCISCO_LAT, SAN_FRANCISCO_LON),
                                  ta_geo_distance_km (SEOUL_LAT, SEOUL_LON, SAN_FRANCISCO_LAT, SAN_FRANCISCO_LON),
                                  1e-3);
}

static void
test_segments_westwards (void)
{
  g_autoptr(GPtrArray) pieces = ta_geo_great_circle_segments (SAN_FRANCISCO_LAT, SAN_FRANCISCO_LON,
                                                              SEOUL_LAT, SEOUL_LON, 64);
  GArray *east, *west;

  g_assert_cmpuint (pieces->len, ==, 2);
  east = g_ptr_array_index (pieces, 0);
  west = g_ptr_array_index (pieces, 1);
  g_assert_cmpfloat (g_array_index (east, TaGeoPoint, east->len - 1).lon, ==, -180.0);
  g_assert_cmpfloat (g_array_index (west, TaGeoPoint, 0).lon, ==, 180.0);
}

static void
test_segments_no_crossing (void)
{
  g_autoptr(GPtrArray) pieces = ta_geo_great_circle_segments (WARSAW_LAT, WARSAW_LON,
                                                              BERLIN_LAT, BERLIN_LON, 16);
  GArray *piece;

  g_assert_cmpuint (pieces->len, ==, 1);
  piece = g_ptr_array_index (pieces, 0);
  g_assert_cmpuint (piece->len, ==, 16);
  assert_piece_continuous (piece);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/geo/distance/warsaw-berlin", test_distance_warsaw_berlin);
  g_test_add_func ("/ta/geo/distance/special-cases", test_distance_special_cases);
  g_test_add_func ("/ta/geo/interpolate/ends", test_interpolate_ends);
  g_test_add_func ("/ta/geo/interpolate/midpoints", test_interpolate_midpoints);
  g_test_add_func ("/ta/geo/interpolate/antipodes", test_interpolate_antipodes);
  g_test_add_func ("/ta/geo/great-circle/points", test_great_circle_points);
  g_test_add_func ("/ta/geo/great-circle/antimeridian", test_segments_antimeridian);
  g_test_add_func ("/ta/geo/great-circle/westwards", test_segments_westwards);
  g_test_add_func ("/ta/geo/great-circle/no-crossing", test_segments_no_crossing);

  return g_test_run ();
}
