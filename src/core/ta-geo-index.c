/* ta-geo-index.c: which country and admin-1 region a point lies in
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The polygons come from a GeoPackage (SQLite with geometry blobs in the
 * GeoPackage binary format around plain WKB; read in ta-geo-index-gpkg.c).
 * Every polygon becomes a "part" with its own bounding box; a one-degree
 * grid lists the parts whose box touches each cell, and each part cuts its
 * edges into horizontal bands.  A point-in-polygon test then reads one
 * grid cell and, per candidate part, the few edges of one band, instead of
 * the tens of thousands of edges of Russia or Canada.
 *
 * Distances to edges use an equirectangular projection around the point,
 * scaled by cos(latitude): accurate to well under 1 % over the tens of
 * kilometres the snapping to the nearest coast is about.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ta-geo.h"
#include "ta-geo-index-private.h"

#define KM_PER_DEGREE (TA_EARTH_RADIUS_KM * G_PI / 180.0)

#define GRID_WIDTH  360
#define GRID_HEIGHT 180
#define GRID_CELLS  (GRID_WIDTH * GRID_HEIGHT)

/* About this many edges per band keeps a point test to a handful of
 * crossings; the cap bounds the memory for huge parts. */
#define EDGES_PER_BAND 4
#define MAX_BANDS 4096

/* How much further than the country's edge a region may be snapped to. */
#define REGION_SNAP_KM 10.0

G_DEFINE_FINAL_TYPE (TaGeoIndex, ta_geo_index, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-geo-index-error-quark, ta_geo_index_error)

static void
part_clear (gpointer data)
{
  Part *part = data;

  g_free (part->xy);
  g_free (part->ring_ends);
  g_free (part->band_offsets);
  g_free (part->band_edges);
}

static void
region_clear (gpointer data)
{
  TaGeoRegion *region = data;

  g_free (region->country_code);
  g_free (region->name);
  g_free (region->name_native);
  g_free (region->iso_code);
}

static void
country_free (gpointer data)
{
  Country *country = data;

  g_free (country->code);
  g_array_unref (country->parts);
  g_free (country);
}

static void
layer_init (Layer *layer)
{
  layer->parts = g_array_new (FALSE, TRUE, sizeof (Part));
  g_array_set_clear_func (layer->parts, part_clear);
}

static void
layer_clear (Layer *layer)
{
  g_clear_pointer (&layer->parts, g_array_unref);
  g_clear_pointer (&layer->cell_offsets, g_free);
  g_clear_pointer (&layer->cell_parts, g_free);
}

/* ---- Parts: polygons with banded edges ---------------------------------- */

static guint
part_band (const Part *part,
           double      y)
{
  double band = floor ((y - part->min_y) / part->band_height);

  if (!(band > 0))
    return 0;
  if (band >= part->n_bands)
    return part->n_bands - 1;
  return (guint) band;
}

/* Iterates over the edges of a part: e is the index of an edge's first
 * point, the second is e + 1 in the same ring. */
#define FOR_EACH_EDGE(part, r, e) \
  for (guint r = 0, ring_start_ = 0; r < (part)->n_rings; ring_start_ = (part)->ring_ends[r++]) \
    for (guint e = ring_start_; e + 1 < (part)->ring_ends[r]; e++)

void
ta_geo_index_part_build_bands (Part *part)
{
  guint n_edges = part->n_points - part->n_rings;
  double height = part->max_y - part->min_y;
  g_autofree guint *fill = NULL;

  part->n_bands = CLAMP (n_edges / EDGES_PER_BAND, 1, MAX_BANDS);
  if (!(height > 0))
    part->n_bands = 1;
  part->band_height = height > 0 ? height / part->n_bands : 1.0;
  part->band_offsets = g_new0 (guint, part->n_bands + 1);

  FOR_EACH_EDGE (part, r, e)
    {
      double y1 = part->xy[2 * e + 1];
      double y2 = part->xy[2 * e + 3];

      for (guint b = part_band (part, MIN (y1, y2)); b <= part_band (part, MAX (y1, y2)); b++)
        part->band_offsets[b + 1]++;
    }

  for (guint b = 0; b < part->n_bands; b++)
    part->band_offsets[b + 1] += part->band_offsets[b];

  part->band_edges = g_new (guint, MAX (part->band_offsets[part->n_bands], 1));
  fill = g_memdup2 (part->band_offsets, sizeof (guint) * part->n_bands);

  FOR_EACH_EDGE (part, r, e)
    {
      double y1 = part->xy[2 * e + 1];
      double y2 = part->xy[2 * e + 3];

      for (guint b = part_band (part, MIN (y1, y2)); b <= part_band (part, MAX (y1, y2)); b++)
        part->band_edges[fill[b]++] = e;
    }
}

/* Even-odd rule over all rings of the polygon, so holes count as outside.
 * Each edge is listed once per band, and only edges spanning y can cross
 * the horizontal ray, so one band holds every edge that matters. */
static gboolean
part_contains (const Part *part,
               double      x,
               double      y)
{
  gboolean inside = FALSE;
  guint band;

  if (x < part->min_x || x > part->max_x || y < part->min_y || y > part->max_y)
    return FALSE;

  band = part_band (part, y);
  for (guint k = part->band_offsets[band]; k < part->band_offsets[band + 1]; k++)
    {
      const double *p = part->xy + 2 * part->band_edges[k];
      double x1 = p[0], y1 = p[1], x2 = p[2], y2 = p[3];

      if ((y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        inside = !inside;
    }

  return inside;
}

static double
segment_distance_km (double        x,
                     double        y,
                     double        cos_lat,
                     const double *p)
{
  double ax = (p[0] - x) * cos_lat, ay = p[1] - y;
  double dx = (p[2] - x) * cos_lat - ax, dy = p[3] - y - ay;
  double length2 = dx * dx + dy * dy;
  double t = 0;

  if (length2 > 0)
    t = CLAMP (-(ax * dx + ay * dy) / length2, 0.0, 1.0);

  return hypot (ax + t * dx, ay + t * dy) * KM_PER_DEGREE;
}

static double
band_distance_km (const Part *part,
                  guint       band,
                  double      x,
                  double      y,
                  double      cos_lat,
                  double      best)
{
  for (guint k = part->band_offsets[band]; k < part->band_offsets[band + 1]; k++)
    best = MIN (best, segment_distance_km (x, y, cos_lat, part->xy + 2 * part->band_edges[k]));

  return best;
}

/* Vertical distance from y to a band: a lower bound for its edges. */
static double
band_gap_km (const Part *part,
             guint       band,
             double      y)
{
  double bottom = part->min_y + band * part->band_height;
  double top = bottom + part->band_height;

  if (y < bottom)
    return (bottom - y) * KM_PER_DEGREE;
  if (y > top)
    return (y - top) * KM_PER_DEGREE;
  return 0;
}

static double
box_gap_km (const Part *part,
            double      x,
            double      y,
            double      cos_lat)
{
  double dx = x < part->min_x ? part->min_x - x : (x > part->max_x ? x - part->max_x : 0);
  double dy = y < part->min_y ? part->min_y - y : (y > part->max_y ? y - part->max_y : 0);

  return hypot (dx * cos_lat, dy) * KM_PER_DEGREE;
}

/* Distance to the nearest edge of the part if below best, else best:
 * bands are searched outwards from the point's band until their vertical
 * gap alone exceeds what was found. */
static double
part_distance_km (const Part *part,
                  double      x,
                  double      y,
                  double      cos_lat,
                  double      best)
{
  guint centre;

  if (box_gap_km (part, x, y, cos_lat) >= best)
    return best;

  centre = part_band (part, y);
  for (guint k = 0; k < part->n_bands; k++)
    {
      gboolean searched = FALSE;

      if (k <= centre && band_gap_km (part, centre - k, y) < best)
        {
          best = band_distance_km (part, centre - k, x, y, cos_lat, best);
          searched = TRUE;
        }

      if (k > 0 && centre + k < part->n_bands && band_gap_km (part, centre + k, y) < best)
        {
          best = band_distance_km (part, centre + k, x, y, cos_lat, best);
          searched = TRUE;
        }

      if (!searched)
        break;
    }

  return best;
}

/* ---- Layers: parts on a one-degree grid --------------------------------- */

static guint
cell_x (double lon)
{
  return (guint) CLAMP (floor (lon + 180.0), 0, GRID_WIDTH - 1);
}

static guint
cell_y (double lat)
{
  return (guint) CLAMP (floor (lat + 90.0), 0, GRID_HEIGHT - 1);
}

static void
layer_build_grid (Layer *layer)
{
  g_autofree guint *fill = NULL;

  layer->cell_offsets = g_new0 (guint, GRID_CELLS + 1);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < layer->parts->len; i++)
        {
          const Part *part = &g_array_index (layer->parts, Part, i);

          for (guint cy = cell_y (part->min_y); cy <= cell_y (part->max_y); cy++)
            for (guint cx = cell_x (part->min_x); cx <= cell_x (part->max_x); cx++)
              {
                if (pass == 0)
                  layer->cell_offsets[cy * GRID_WIDTH + cx + 1]++;
                else
                  layer->cell_parts[fill[cy * GRID_WIDTH + cx]++] = i;
              }
        }

      if (pass == 0)
        {
          for (guint c = 0; c < GRID_CELLS; c++)
            layer->cell_offsets[c + 1] += layer->cell_offsets[c];

          layer->cell_parts = g_new (guint, MAX (layer->cell_offsets[GRID_CELLS], 1));
          fill = g_memdup2 (layer->cell_offsets, sizeof (guint) * GRID_CELLS);
        }
    }
}

static gboolean
feature_accepted (guint        feature,
                  const guint *groups,
                  guint        group)
{
  return groups == NULL || groups[feature] == group;
}

/* The feature of the first part containing the point, or -1.  groups,
 * when given, limits the search to features of that group (the regions of
 * one country). */
static int
layer_find_containing (const Layer *layer,
                       double       x,
                       double       y,
                       const guint *groups,
                       guint        group)
{
  guint cell = cell_y (y) * GRID_WIDTH + cell_x (x);

  for (guint k = layer->cell_offsets[cell]; k < layer->cell_offsets[cell + 1]; k++)
    {
      const Part *part = &g_array_index (layer->parts, Part, layer->cell_parts[k]);

      if (feature_accepted (part->feature, groups, group) && part_contains (part, x, y))
        return (int) part->feature;
    }

  return -1;
}

/* The feature with the nearest edge within max_km, or -1. */
static int
layer_find_nearest (const Layer *layer,
                    double       x,
                    double       y,
                    double       max_km,
                    const guint *groups,
                    guint        group,
                    double      *distance_km)
{
  double cos_lat = MAX (cos (y * G_PI / 180.0), 1e-6);
  double dy = max_km / KM_PER_DEGREE;
  double dx = MIN (max_km / (KM_PER_DEGREE * cos_lat), 360.0);
  guint cx0 = cell_x (x - dx), cx1 = cell_x (x + dx);
  guint cy0 = cell_y (y - dy), cy1 = cell_y (y + dy);
  double best = max_km;
  int found = -1;

  for (guint cy = cy0; cy <= cy1; cy++)
    for (guint cx = cx0; cx <= cx1; cx++)
      {
        guint cell = cy * GRID_WIDTH + cx;

        for (guint k = layer->cell_offsets[cell]; k < layer->cell_offsets[cell + 1]; k++)
          {
            const Part *part = &g_array_index (layer->parts, Part, layer->cell_parts[k]);
            double d;

            /* A part sits in every cell its box touches: measure it only
             * in the first of those cells inside the search window. */
            if (cx != MAX (cell_x (part->min_x), cx0) || cy != MAX (cell_y (part->min_y), cy0))
              continue;

            if (!feature_accepted (part->feature, groups, group))
              continue;

            d = part_distance_km (part, x, y, cos_lat, best);
            if (d < best)
              {
                best = d;
                found = (int) part->feature;
              }
          }
      }

  if (found >= 0)
    *distance_km = best;

  return found;
}

/* ---- GObject ------------------------------------------------------------ */

static void
ta_geo_index_finalize (GObject *object)
{
  TaGeoIndex *self = (TaGeoIndex *) object;

  g_clear_pointer (&self->countries_by_code, g_hash_table_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  g_clear_pointer (&self->regions, g_array_unref);
  g_clear_pointer (&self->region_countries, g_array_unref);
  layer_clear (&self->country_layer);
  layer_clear (&self->region_layer);

  G_OBJECT_CLASS (ta_geo_index_parent_class)->finalize (object);
}

static void
ta_geo_index_class_init (TaGeoIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_geo_index_finalize;
}

static void
ta_geo_index_init (TaGeoIndex *self)
{
  self->countries = g_ptr_array_new_with_free_func (country_free);
  self->countries_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->regions = g_array_new (FALSE, TRUE, sizeof (TaGeoRegion));
  g_array_set_clear_func (self->regions, region_clear);
  self->region_countries = g_array_new (FALSE, FALSE, sizeof (guint));
  layer_init (&self->country_layer);
  layer_init (&self->region_layer);
}

/* ---- Public API --------------------------------------------------------- */

/**
 * ta_geo_index_new_full:
 * @path: a GeoPackage with `countries` and `states_provinces` layers
 * @iso_codes: (nullable): iso-codes for region codes and missing country codes
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the index, or %NULL
 */
TaGeoIndex *
ta_geo_index_new_full (const char  *path,
                       TaIsoCodes  *iso_codes,
                       GError     **error)
{
  g_autoptr(TaGeoIndex) self = NULL;
  sqlite3 *db;
  gboolean loaded;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (iso_codes == NULL || TA_IS_ISO_CODES (iso_codes), NULL);

  db = ta_geo_index_open_gpkg (path, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (TA_TYPE_GEO_INDEX, NULL);
  loaded = ta_geo_index_load_countries (self, db, path, iso_codes, error) &&
           ta_geo_index_load_regions (self, db, path, iso_codes, error);
  sqlite3_close (db);

  if (!loaded)
    return NULL;

  layer_build_grid (&self->country_layer);
  layer_build_grid (&self->region_layer);

  return g_steal_pointer (&self);
}

/**
 * ta_geo_index_new_from_gpkg:
 * @path: a GeoPackage with `countries` and `states_provinces` layers
 * @error: return location for a #GError
 *
 * Like ta_geo_index_new_full() with iso-codes from its default location.
 *
 * Returns: (transfer full): the index, or %NULL
 */
TaGeoIndex *
ta_geo_index_new_from_gpkg (const char  *path,
                            GError     **error)
{
  g_autoptr(TaIsoCodes) iso_codes = ta_iso_codes_new (NULL, NULL, error);

  if (iso_codes == NULL)
    return NULL;

  return ta_geo_index_new_full (path, iso_codes, error);
}

static double
normalized_lon (double lon)
{
  if (lon >= -180.0 && lon <= 180.0)
    return lon;

  lon = fmod (lon + 180.0, 360.0);
  if (lon < 0)
    lon += 360.0;
  return lon - 180.0;
}

gboolean
ta_geo_index_lookup (TaGeoIndex *self,
                     double      lat,
                     double      lon,
                     double      max_distance_km,
                     TaGeoHit   *hit)
{
  const Country *country;
  double x = normalized_lon (lon);
  double region_distance;
  int found;
  int region;

  g_return_val_if_fail (TA_IS_GEO_INDEX (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  hit->country_code = NULL;
  hit->region = -1;
  hit->country_distance_km = G_MAXDOUBLE;

  if (!isfinite (lat) || !isfinite (lon) || lat < -90.0 || lat > 90.0)
    return FALSE;

  found = layer_find_containing (&self->country_layer, x, lat, NULL, 0);
  if (found >= 0)
    hit->country_distance_km = 0;
  else if (max_distance_km > 0)
    found = layer_find_nearest (&self->country_layer, x, lat, max_distance_km, NULL, 0,
                                &hit->country_distance_km);

  if (found < 0)
    return FALSE;

  country = g_ptr_array_index (self->countries, found);
  hit->country_code = country->code;

  region = layer_find_containing (&self->region_layer, x, lat,
                                  (const guint *) (void *) self->region_countries->data, found);
  if (region < 0)
    region = layer_find_nearest (&self->region_layer, x, lat,
                                 hit->country_distance_km + REGION_SNAP_KM,
                                 (const guint *) (void *) self->region_countries->data, found,
                                 &region_distance);
  hit->region = region;

  return TRUE;
}

double
ta_geo_index_distance_to_country (TaGeoIndex *self,
                                  const char *country_code,
                                  double      lat,
                                  double      lon)
{
  const Country *country;
  double x = normalized_lon (lon);
  double cos_lat;
  double best = G_MAXDOUBLE;
  gpointer slot;

  g_return_val_if_fail (TA_IS_GEO_INDEX (self), G_MAXDOUBLE);

  if (country_code == NULL || !isfinite (lat) || !isfinite (lon))
    return G_MAXDOUBLE;

  slot = g_hash_table_lookup (self->countries_by_code, country_code);
  if (slot == NULL)
    return G_MAXDOUBLE;

  country = g_ptr_array_index (self->countries, GPOINTER_TO_UINT (slot) - 1);
  cos_lat = MAX (cos (lat * G_PI / 180.0), 1e-6);

  for (guint i = 0; i < country->parts->len; i++)
    {
      const Part *part = &g_array_index (self->country_layer.parts, Part,
                                         g_array_index (country->parts, guint, i));

      if (part_contains (part, x, lat))
        return 0;
    }

  for (guint i = 0; i < country->parts->len; i++)
    {
      const Part *part = &g_array_index (self->country_layer.parts, Part,
                                         g_array_index (country->parts, guint, i));

      best = part_distance_km (part, x, lat, cos_lat, best);
    }

  return best;
}

guint
ta_geo_index_get_n_regions (TaGeoIndex *self)
{
  g_return_val_if_fail (TA_IS_GEO_INDEX (self), 0);

  return self->regions->len;
}

const TaGeoRegion *
ta_geo_index_get_region (TaGeoIndex *self,
                         guint       index)
{
  g_return_val_if_fail (TA_IS_GEO_INDEX (self), NULL);
  g_return_val_if_fail (index < self->regions->len, NULL);

  return &g_array_index (self->regions, TaGeoRegion, index);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
ta_geo_index_get_country_codes (TaGeoIndex *self)
{
  GPtrArray *codes;

  g_return_val_if_fail (TA_IS_GEO_INDEX (self), NULL);

  codes = g_ptr_array_sized_new (self->countries->len);
  for (guint i = 0; i < self->countries->len; i++)
    {
      Country *country = g_ptr_array_index (self->countries, i);
      g_ptr_array_add (codes, country->code);
    }
  g_ptr_array_sort (codes, compare_codes);

  return codes;
}

