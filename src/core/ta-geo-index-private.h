/* ta-geo-index-private.h: what the geo index's files share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ta-geo-index.c holds the object, its grid of banded polygon parts and
 * the lookups; ta-geo-index-gpkg.c reads the parts and the countries and
 * regions from a GeoPackage.
 */

#pragma once

#include <sqlite3.h>

#include "ta-geo-index.h"

G_BEGIN_DECLS

typedef struct
{
  guint   feature;       /* index of the country or region */
  double  min_x;
  double  min_y;
  double  max_x;
  double  max_y;
  double *xy;            /* lon, lat pairs; closed rings one after another */
  guint   n_points;
  guint  *ring_ends;     /* point index after the last point of each ring */
  guint   n_rings;
  double  band_height;
  guint   n_bands;
  guint  *band_offsets;  /* n_bands + 1 offsets into band_edges */
  guint  *band_edges;    /* first point of each edge touching the band */
} Part;

typedef struct
{
  GArray *parts;          /* Part */
  guint  *cell_offsets;   /* GRID_CELLS + 1 offsets into cell_parts */
  guint  *cell_parts;     /* indices of parts whose box touches the cell */
} Layer;

typedef struct
{
  char   *code;
  GArray *parts;          /* guint, indices into the country layer */
} Country;

struct _TaGeoIndex
{
  GObject     parent_instance;

  GPtrArray  *countries;           /* Country */
  GHashTable *countries_by_code;   /* code → index + 1, borrowed keys */
  Layer       country_layer;

  GArray     *regions;             /* TaGeoRegion */
  GArray     *region_countries;    /* guint country index of each region */
  Layer       region_layer;
};

void      ta_geo_index_part_build_bands (Part        *part);

sqlite3  *ta_geo_index_open_gpkg        (const char  *path,
                                         GError     **error);
gboolean  ta_geo_index_load_countries   (TaGeoIndex  *self,
                                         sqlite3     *db,
                                         const char  *path,
                                         TaIsoCodes  *iso_codes,
                                         GError     **error);
gboolean  ta_geo_index_load_regions     (TaGeoIndex  *self,
                                         sqlite3     *db,
                                         const char  *path,
                                         TaIsoCodes  *iso_codes,
                                         GError     **error);

G_END_DECLS
