/* ta-geo.h: geodesy on the sphere
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TA_EARTH_RADIUS_KM 6371.0088

/* A WGS84 position in degrees; longitudes in [-180, 180]. */
typedef struct
{
  double lat;
  double lon;
} TaGeoPoint;

/* Great-circle distance in kilometres between two WGS84 points (degrees). */
double ta_geo_distance_km (double lat1,
                           double lon1,
                           double lat2,
                           double lon2);

/* The point at fraction f (0 → start, 1 → end) of the shorter great-circle
 * arc between the two points.  Antipodal points have no single shortest
 * arc: the route then runs over the start point's meridian northwards. */
void   ta_geo_interpolate  (double  lat1,
                            double  lon1,
                            double  lat2,
                            double  lon2,
                            double  f,
                            double *lat,
                            double *lon);

/* n_points (>= 2) points evenly spaced along the great-circle arc, ends
 * included; (transfer full) GArray of TaGeoPoint. */
GArray    *ta_geo_great_circle          (double lat1,
                                         double lon1,
                                         double lat2,
                                         double lon2,
                                         guint  n_points);

/* The same arc cut where it crosses the antimeridian, so that each piece
 * can be drawn on a flat map without a line across the whole world: a
 * GPtrArray of GArray of TaGeoPoint, (transfer full).  Pieces that meet at
 * the antimeridian end at lon 180 (or -180) and the next begins at -180
 * (or 180) at the same latitude.  Seoul–San Francisco gives two pieces. */
GPtrArray *ta_geo_great_circle_segments (double lat1,
                                         double lon1,
                                         double lat2,
                                         double lon2,
                                         guint  n_points);

G_END_DECLS
