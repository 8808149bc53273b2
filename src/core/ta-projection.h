/* ta-projection.h: Web Mercator (EPSG:3857) helpers for tiles and pixels
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Size of one slippy-map tile in (logical) pixels. */
#define TA_PROJECTION_TILE_SIZE 256

/* Web Mercator stops here: the projected world is a square. */
#define TA_PROJECTION_MAX_LATITUDE 85.0511287798066

/* An inclusive range of tile indices at one zoom level. */
typedef struct
{
  guint zoom;
  guint x_min;
  guint x_max;
  guint y_min;
  guint y_max;
} TaTileRange;

/* The "unit square": x from 0 (180°W) to 1 (180°E), y from 0 (85.05°N)
 * to 1 (85.05°S).  Latitudes beyond the Mercator limit are clamped. */
double ta_projection_lon_to_unit_x      (double lon);
double ta_projection_lat_to_unit_y      (double lat);
double ta_projection_unit_x_to_lon      (double x);
double ta_projection_unit_y_to_lat      (double y);

/* Side of the world in pixels at @zoom (fractional zooms allowed) for
 * tiles of TA_PROJECTION_TILE_SIZE pixels: 256 * 2^zoom. */
double ta_projection_world_size         (double zoom);

/* World pixel coordinates at @zoom: (0, 0) is the north-west corner. */
void   ta_projection_latlon_to_world    (double  lat,
                                         double  lon,
                                         double  zoom,
                                         double *x,
                                         double *y);
void   ta_projection_world_to_latlon    (double  x,
                                         double  y,
                                         double  zoom,
                                         double *lat,
                                         double *lon);

/* Number of tiles along one side of the world at @zoom. */
guint  ta_projection_tile_count         (guint zoom);

/* North-west corner of tile (@x, @y) at @zoom. */
void   ta_projection_tile_to_latlon     (guint   zoom,
                                         guint   x,
                                         guint   y,
                                         double *lat,
                                         double *lon);

/* The tiles at @zoom that cover the box; a box whose @west is east of
 * @east (crossing the antimeridian) is widened to the whole width. */
void   ta_projection_tile_range         (double       west,
                                         double       south,
                                         double       east,
                                         double       north,
                                         guint        zoom,
                                         TaTileRange *range);

G_END_DECLS
