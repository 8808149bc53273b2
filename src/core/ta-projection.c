/* ta-projection.c: Web Mercator (EPSG:3857) helpers for tiles and pixels
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ta-projection.h"

double
ta_projection_lon_to_unit_x (double lon)
{
  return (lon + 180.0) / 360.0;
}

double
ta_projection_lat_to_unit_y (double lat)
{
  double sin_lat;

  lat = CLAMP (lat, -TA_PROJECTION_MAX_LATITUDE, TA_PROJECTION_MAX_LATITUDE);
  sin_lat = sin (lat * G_PI / 180.0);

  return 0.5 - log ((1.0 + sin_lat) / (1.0 - sin_lat)) / (4.0 * G_PI);
}

double
ta_projection_unit_x_to_lon (double x)
{
  return x * 360.0 - 180.0;
}

double
ta_projection_unit_y_to_lat (double y)
{
  return 90.0 - 360.0 * atan (exp ((y - 0.5) * 2.0 * G_PI)) / G_PI;
}

double
ta_projection_world_size (double zoom)
{
  return TA_PROJECTION_TILE_SIZE * exp2 (zoom);
}

void
ta_projection_latlon_to_world (double  lat,
                               double  lon,
                               double  zoom,
                               double *x,
                               double *y)
{
  double size = ta_projection_world_size (zoom);

  if (x != NULL)
    *x = ta_projection_lon_to_unit_x (lon) * size;
  if (y != NULL)
    *y = ta_projection_lat_to_unit_y (lat) * size;
}

void
ta_projection_world_to_latlon (double  x,
                               double  y,
                               double  zoom,
                               double *lat,
                               double *lon)
{
  double size = ta_projection_world_size (zoom);

  if (lat != NULL)
    *lat = ta_projection_unit_y_to_lat (y / size);
  if (lon != NULL)
    *lon = ta_projection_unit_x_to_lon (x / size);
}

guint
ta_projection_tile_count (guint zoom)
{
  g_return_val_if_fail (zoom < 31, 0);

  return 1u << zoom;
}

void
ta_projection_tile_to_latlon (guint   zoom,
                              guint   x,
                              guint   y,
                              double *lat,
                              double *lon)
{
  ta_projection_world_to_latlon ((double) x * TA_PROJECTION_TILE_SIZE,
                                 (double) y * TA_PROJECTION_TILE_SIZE,
                                 zoom, lat, lon);
}

static guint
unit_to_tile (double unit,
              guint  count)
{
  double tile = floor (unit * count);

  return (guint) CLAMP (tile, 0.0, (double) count - 1.0);
}

void
ta_projection_tile_range (double       west,
                          double       south,
                          double       east,
                          double       north,
                          guint        zoom,
                          TaTileRange *range)
{
  guint count;

  g_return_if_fail (range != NULL);
  g_return_if_fail (zoom < 31);

  count = ta_projection_tile_count (zoom);
  range->zoom = zoom;

  if (west > east)
    {
      range->x_min = 0;
      range->x_max = count - 1;
    }
  else
    {
      range->x_min = unit_to_tile (ta_projection_lon_to_unit_x (west), count);
      range->x_max = unit_to_tile (ta_projection_lon_to_unit_x (east), count);
    }

  range->y_min = unit_to_tile (ta_projection_lat_to_unit_y (MAX (north, south)), count);
  range->y_max = unit_to_tile (ta_projection_lat_to_unit_y (MIN (north, south)), count);
}
