/* ta-wkb.h: a small reader for WKB and GeoPackage geometry blobs
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TA_WKB_ERROR (ta_wkb_error_quark ())

typedef enum
{
  TA_WKB_ERROR_INVALID,
  TA_WKB_ERROR_UNSUPPORTED,
} TaWkbError;

typedef struct
{
  double x;  /* longitude, or easting */
  double y;  /* latitude, or northing */
} TaWkbPoint;

/* One point list: a ring of a polygon (the first ring of each polygon is its
 * exterior) or one line string.  Points and lines have polygon == -1. */
typedef struct
{
  guint first_point;
  guint n_points;
  int   polygon;
} TaWkbPart;

/* Every geometry type is flattened into points and parts; Z and M
 * ordinates are read and dropped. */
typedef struct
{
  GArray *points;      /* TaWkbPoint */
  GArray *parts;       /* TaWkbPart */
  guint   n_polygons;
} TaWkbGeometry;

GQuark         ta_wkb_error_quark          (void);

TaWkbGeometry *ta_wkb_geometry_parse       (const guint8  *wkb,
                                            gsize          length,
                                            GError       **error);
TaWkbGeometry *ta_wkb_geometry_parse_gpkg  (const guint8  *blob,
                                            gsize          length,
                                            GError       **error);
void           ta_wkb_geometry_free        (TaWkbGeometry *geometry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaWkbGeometry, ta_wkb_geometry_free)

G_END_DECLS
