/* ta-geo.c: geodesy on the sphere
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sphere of the mean Earth radius is accurate to about 0.5 % for
 * distances, which is plenty for an atlas; arcs are interpolated on unit
 * vectors (slerp), which has no trouble with the poles or the antimeridian.
 */

#include "config.h"

#include <math.h>

#include "ta-geo.h"

/* Below this sine of the angle between two points they count as the same
 * point (or as antipodes); well under a millimetre on the ground. */
#define DEGENERATE_SINE 1e-12

/* Halvings of the step that crosses the antimeridian: 2^-50 of a step is
 * far below a metre for any sensible number of points. */
#define CROSSING_ITERATIONS 50

typedef struct
{
  double x;
  double y;
  double z;
} Vec3;

static double
deg_to_rad (double deg)
{
  return deg * G_PI / 180.0;
}

static double
rad_to_deg (double rad)
{
  return rad * 180.0 / G_PI;
}

static double
normalize_lon (double lon)
{
  if (lon >= -180.0 && lon <= 180.0)
    return lon;

  lon = fmod (lon + 180.0, 360.0);
  if (lon < 0)
    lon += 360.0;
  return lon - 180.0;
}

static Vec3
vec_from_lat_lon (double lat,
                  double lon)
{
  double phi = deg_to_rad (lat);
  double lambda = deg_to_rad (lon);
  Vec3 v = { cos (phi) * cos (lambda), cos (phi) * sin (lambda), sin (phi) };

  return v;
}

static void
vec_to_lat_lon (Vec3    v,
                double *lat,
                double *lon)
{
  *lat = rad_to_deg (atan2 (v.z, hypot (v.x, v.y)));
  *lon = rad_to_deg (atan2 (v.y, v.x));
}

static double
vec_dot (Vec3 a,
         Vec3 b)
{
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

static double
vec_cross_norm (Vec3 a,
                Vec3 b)
{
  return sqrt ((a.y * b.z - a.z * b.y) * (a.y * b.z - a.z * b.y) +
               (a.z * b.x - a.x * b.z) * (a.z * b.x - a.x * b.z) +
               (a.x * b.y - a.y * b.x) * (a.x * b.y - a.y * b.x));
}

static Vec3
vec_combine (double a_weight,
             Vec3   a,
             double b_weight,
             Vec3   b)
{
  Vec3 v = {
    a_weight * a.x + b_weight * b.x,
    a_weight * a.y + b_weight * b.y,
    a_weight * a.z + b_weight * b.z,
  };
  double length = sqrt (vec_dot (v, v));

  if (length > 0)
    {
      v.x /= length;
      v.y /= length;
      v.z /= length;
    }

  return v;
}

/* Spherical linear interpolation between two points that are neither
 * antipodal nor (for the weights) the same; atan2 of sine and cosine keeps
 * small angles accurate where acos would not. */
static Vec3
slerp (Vec3   a,
       Vec3   b,
       double f)
{
  double sin_d = vec_cross_norm (a, b);
  double d = atan2 (sin_d, vec_dot (a, b));

  if (sin_d < DEGENERATE_SINE)
    return vec_combine (1.0 - f, a, f, b);

  return vec_combine (sin ((1.0 - f) * d) / sin_d, a, sin (f * d) / sin_d, b);
}

/**
 * ta_geo_distance_km:
 *
 * Haversine distance, which stays accurate for short distances.
 *
 * Returns: the great-circle distance in kilometres
 */
double
ta_geo_distance_km (double lat1,
                    double lon1,
                    double lat2,
                    double lon2)
{
  double dphi = deg_to_rad (lat2 - lat1);
  double dlambda = deg_to_rad (lon2 - lon1);
  double h;

  h = sin (dphi / 2) * sin (dphi / 2) +
      cos (deg_to_rad (lat1)) * cos (deg_to_rad (lat2)) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2 * TA_EARTH_RADIUS_KM * asin (sqrt (MIN (1.0, h)));
}

static Vec3
interpolate_vec (Vec3   a,
                 Vec3   b,
                 double f)
{
  Vec3 north;
  double sin_lat;
  double cos_lat;

  if (vec_dot (a, b) > 0 || vec_cross_norm (a, b) >= DEGENERATE_SINE)
    return slerp (a, b, f);

  /* Antipodes: go through the point a quarter circle north of a on its
   * meridian (at a pole: towards the meridian of its longitude). */
  sin_lat = a.z;
  cos_lat = hypot (a.x, a.y);
  if (cos_lat > 0)
    {
      north.x = -sin_lat * a.x / cos_lat;
      north.y = -sin_lat * a.y / cos_lat;
    }
  else
    {
      north.x = -1.0;
      north.y = 0.0;
    }
  north.z = cos_lat;

  if (f < 0.5)
    return slerp (a, north, 2 * f);

  return slerp (north, b, 2 * f - 1);
}

void
ta_geo_interpolate (double  lat1,
                    double  lon1,
                    double  lat2,
                    double  lon2,
                    double  f,
                    double *lat,
                    double *lon)
{
  Vec3 a;
  Vec3 b;

  g_return_if_fail (lat != NULL && lon != NULL);

  a = vec_from_lat_lon (lat1, lon1);
  b = vec_from_lat_lon (lat2, lon2);

  vec_to_lat_lon (interpolate_vec (a, b, f), lat, lon);
}

GArray *
ta_geo_great_circle (double lat1,
                     double lon1,
                     double lat2,
                     double lon2,
                     guint  n_points)
{
  GArray *points;
  Vec3 a;
  Vec3 b;

  g_return_val_if_fail (n_points >= 2, NULL);

  a = vec_from_lat_lon (lat1, lon1);
  b = vec_from_lat_lon (lat2, lon2);
  points = g_array_sized_new (FALSE, FALSE, sizeof (TaGeoPoint), n_points);

  for (guint i = 0; i < n_points; i++)
    {
      TaGeoPoint point;

      /* The ends are the caller's points exactly, not a round trip
       * through vectors. */
      if (i == 0)
        {
          point.lat = lat1;
          point.lon = normalize_lon (lon1);
        }
      else if (i == n_points - 1)
        {
          point.lat = lat2;
          point.lon = normalize_lon (lon2);
        }
      else
        {
          vec_to_lat_lon (interpolate_vec (a, b, (double) i / (n_points - 1)),
                          &point.lat, &point.lon);
        }

      g_array_append_val (points, point);
    }

  return points;
}

static gboolean
crosses_antimeridian (double lon_a,
                      double lon_b)
{
  return fabs (lon_b - lon_a) > 180.0;
}

/* Latitude where the arc crosses the antimeridian between fractions f_a
 * and f_b, found by bisection on the arc itself. */
static double
crossing_latitude (Vec3   a,
                   Vec3   b,
                   double f_a,
                   double f_b,
                   double lon_a)
{
  double lat = 0;
  double lon;

  for (guint i = 0; i < CROSSING_ITERATIONS; i++)
    {
      double f_mid = (f_a + f_b) / 2;

      vec_to_lat_lon (interpolate_vec (a, b, f_mid), &lat, &lon);

      if (crosses_antimeridian (lon_a, lon))
        f_b = f_mid;
      else
        f_a = f_mid;
    }

  return lat;
}

GPtrArray *
ta_geo_great_circle_segments (double lat1,
                              double lon1,
                              double lat2,
                              double lon2,
                              guint  n_points)
{
  g_autoptr(GArray) points = NULL;
  GPtrArray *pieces;
  GArray *piece;
  Vec3 a;
  Vec3 b;

  g_return_val_if_fail (n_points >= 2, NULL);

  points = ta_geo_great_circle (lat1, lon1, lat2, lon2, n_points);
  a = vec_from_lat_lon (lat1, lon1);
  b = vec_from_lat_lon (lat2, lon2);

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  piece = g_array_new (FALSE, FALSE, sizeof (TaGeoPoint));
  g_ptr_array_add (pieces, piece);
  g_array_append_val (piece, g_array_index (points, TaGeoPoint, 0));

  for (guint i = 1; i < points->len; i++)
    {
      const TaGeoPoint *prev = &g_array_index (points, TaGeoPoint, i - 1);
      const TaGeoPoint *next = &g_array_index (points, TaGeoPoint, i);

      if (crosses_antimeridian (prev->lon, next->lon))
        {
          double side = prev->lon > 0 ? 180.0 : -180.0;
          TaGeoPoint end;
          TaGeoPoint start;

          end.lat = crossing_latitude (a, b, (double) (i - 1) / (n_points - 1),
                                       (double) i / (n_points - 1), prev->lon);
          end.lon = side;
          start.lat = end.lat;
          start.lon = -side;

          /* A point already on the antimeridian needs no extra end. */
          if (fabs (prev->lon) != 180.0)
            g_array_append_val (piece, end);

          piece = g_array_new (FALSE, FALSE, sizeof (TaGeoPoint));
          g_ptr_array_add (pieces, piece);

          if (fabs (next->lon) != 180.0)
            g_array_append_val (piece, start);
        }

      g_array_append_val (piece, *next);
    }

  return pieces;
}
