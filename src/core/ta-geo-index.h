/* ta-geo-index.h: which country and admin-1 region a point lies in
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-iso-codes.h"

G_BEGIN_DECLS

#define TA_GEO_INDEX_ERROR (ta_geo_index_error_quark ())

typedef enum
{
  TA_GEO_INDEX_ERROR_OPEN,     /* the GeoPackage cannot be opened */
  TA_GEO_INDEX_ERROR_FORMAT,   /* a layer, column or geometry is not as expected */
} TaGeoIndexError;

/* One admin-1 region as the GeoPackage knows it. */
typedef struct
{
  char *country_code;   /* ISO 3166-1 alpha-2 */
  char *name;           /* English name, e.g. "Lesser Poland" */
  char *name_native;    /* e.g. "Wojewodztwo Malopolskie" (GeoNames name), or NULL */
  char *iso_code;       /* ISO 3166-2, e.g. "PL-12", or NULL when not known */
} TaGeoRegion;

/* What a lookup found.  country_code is NULL when the point is far from
 * every country (open sea); region is -1 when no region was found. */
typedef struct
{
  const char *country_code;    /* borrowed from the index */
  int         region;          /* index for ta_geo_index_get_region(), or -1 */
  double      country_distance_km;  /* 0 inside, else distance to the nearest edge */
} TaGeoHit;

#define TA_TYPE_GEO_INDEX (ta_geo_index_get_type ())
G_DECLARE_FINAL_TYPE (TaGeoIndex, ta_geo_index, TA, GEO_INDEX, GObject)

GQuark              ta_geo_index_error_quark     (void);

/* Loads the `countries` and `states_provinces` layers of a GeoPackage such as
 * QGIS' world_map.gpkg.  Region ISO 3166-2 codes (and country codes the
 * layer lacks) come from iso-codes at its Debian default location; fails
 * when that cannot be read.  Opens the file read-only and never writes. */
TaGeoIndex         *ta_geo_index_new_from_gpkg   (const char  *path,
                                                  GError     **error);

/* The same with iso-codes given by the caller, or NULL for no ISO 3166-2
 * codes at all (regions keep iso_code NULL, countries without a usable
 * alpha-2 code in the layer are skipped). */
TaGeoIndex         *ta_geo_index_new_full        (const char  *path,
                                                  TaIsoCodes  *iso_codes,
                                                  GError     **error);

/* Lookups only read the index: once built, it may be shared by threads.
 *
 * Finds the country containing the point; points just outside the
 * generalised coastline (up to max_distance_km) get the nearest country.
 * The region is the region of that country containing the point, else the
 * nearest one within country_distance_km + 10 km (the two layers were
 * generalised separately, so their borders differ slightly).  Returns
 * FALSE, with country_code NULL, region -1 and country_distance_km
 * G_MAXDOUBLE, when no country is that close.  Longitudes are not wrapped
 * across the antimeridian for the nearest search. */
gboolean            ta_geo_index_lookup          (TaGeoIndex  *self,
                                                  double       lat,
                                                  double       lon,
                                                  double       max_distance_km,
                                                  TaGeoHit    *hit);

/* Distance in km from the point to the named country's territory (0 inside),
 * or G_MAXDOUBLE when the country is unknown to the index. */
double              ta_geo_index_distance_to_country (TaGeoIndex *self,
                                                      const char *country_code,
                                                      double      lat,
                                                      double      lon);

guint               ta_geo_index_get_n_regions   (TaGeoIndex  *self);
const TaGeoRegion  *ta_geo_index_get_region      (TaGeoIndex  *self,
                                                  guint        index);

/* ISO codes of all countries in the index, sorted; (transfer container). */
GPtrArray          *ta_geo_index_get_country_codes (TaGeoIndex *self);

G_END_DECLS
