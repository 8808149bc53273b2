/* ta-geo-index.c: which country and admin-1 region a point lies in
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The polygons come from a GeoPackage (SQLite with geometry blobs in the
 * GeoPackage binary format around plain WKB).  Every polygon becomes a
 * "part" with its own bounding box; a one-degree grid lists the parts
 * whose box touches each cell, and each part cuts its edges into
 * horizontal bands.  A point-in-polygon test then reads one grid cell and,
 * per candidate part, the few edges of one band, instead of the tens of
 * thousands of edges of Russia or Canada.
 *
 * Distances to edges use an equirectangular projection around the point,
 * scaled by cos(latitude): accurate to well under 1 % over the tens of
 * kilometres the snapping to the nearest coast is about.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ta-geo.h"
#include "ta-geo-index.h"

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

/* GeoPackage binary header: "GP", version, flags, srs_id. */
#define GPKG_HEADER_SIZE 8
#define GPKG_FLAG_LITTLE_ENDIAN 0x01
#define GPKG_FLAG_EMPTY 0x10
#define GPKG_FLAG_EXTENDED 0x20

#define WKB_POLYGON 3
#define WKB_MULTIPOLYGON 6
#define EWKB_FLAG_Z 0x80000000u
#define EWKB_FLAG_M 0x40000000u
#define EWKB_FLAG_SRID 0x20000000u

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

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

static void
part_build_bands (Part *part)
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

/* ---- Reading GeoPackage geometry ---------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
  gboolean      big_endian;
  gboolean      overrun;
} Reader;

static gboolean
reader_has (Reader *reader,
            gsize   n_bytes)
{
  if (reader->overrun || reader->size - reader->pos < n_bytes)
    {
      reader->overrun = TRUE;
      return FALSE;
    }

  return TRUE;
}

static guint32
reader_u32 (Reader *reader)
{
  guint32 value;

  if (!reader_has (reader, 4))
    return 0;

  memcpy (&value, reader->data + reader->pos, 4);
  reader->pos += 4;
  return reader->big_endian ? GUINT32_FROM_BE (value) : GUINT32_FROM_LE (value);
}

static double
reader_double (Reader *reader)
{
  guint64 bits;
  double value;

  if (!reader_has (reader, 8))
    return 0;

  memcpy (&bits, reader->data + reader->pos, 8);
  reader->pos += 8;
  bits = reader->big_endian ? GUINT64_FROM_BE (bits) : GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, 8);
  return value;
}

/* Reads a WKB header: byte order and type.  ISO types add 1000 (Z), 2000
 * (M) or 3000 (ZM) to the base type; EWKB sets high bits instead and may
 * carry an SRID.  Returns the base type and the number of ordinates. */
static gboolean
read_wkb_header (Reader  *reader,
                 guint32 *base_type,
                 guint   *n_ordinates)
{
  guint32 type;
  guint32 iso_dimensions;

  if (!reader_has (reader, 1))
    return FALSE;

  reader->big_endian = reader->data[reader->pos++] == 0;
  type = reader_u32 (reader);
  if (reader->overrun)
    return FALSE;

  iso_dimensions = (type & 0x0fffffff) / 1000;
  *base_type = (type & 0x0fffffff) % 1000;
  *n_ordinates = 2 + (iso_dimensions == 1 || iso_dimensions == 2) + 2 * (iso_dimensions == 3) +
                 ((type & EWKB_FLAG_Z) != 0) + ((type & EWKB_FLAG_M) != 0);

  if (iso_dimensions > 3 || *n_ordinates > 4)
    return FALSE;

  if (type & EWKB_FLAG_SRID)
    reader_u32 (reader);

  return !reader->overrun;
}

static void
part_add_point (Part    *part,
                GArray  *xy,
                double   x,
                double   y)
{
  g_array_append_val (xy, x);
  g_array_append_val (xy, y);
  part->min_x = MIN (part->min_x, x);
  part->max_x = MAX (part->max_x, x);
  part->min_y = MIN (part->min_y, y);
  part->max_y = MAX (part->max_y, y);
}

/* Reads the rings of a polygon (after its header) into a new part. */
static gboolean
read_polygon (Reader *reader,
              guint   n_ordinates,
              guint   feature,
              Layer  *layer)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ring_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  Part part = { feature, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint32 n_rings = reader_u32 (reader);

  for (guint32 r = 0; r < n_rings && !reader->overrun; r++)
    {
      guint32 n_points = reader_u32 (reader);
      guint ring_start = xy->len / 2;
      guint end;

      if (!reader_has (reader, (gsize) n_points * n_ordinates * 8))
        return FALSE;

      for (guint32 i = 0; i < n_points; i++)
        {
          double x = reader_double (reader);
          double y = reader_double (reader);

          for (guint extra = 2; extra < n_ordinates; extra++)
            reader_double (reader);

          if (!isfinite (x) || !isfinite (y))
            return FALSE;

          part_add_point (&part, xy, x, y);
        }

      if (n_points == 0)
        continue;

      /* WKB rings repeat their first point at the end; be lenient with
       * writers that do not. */
      if (g_array_index (xy, double, 2 * ring_start) != g_array_index (xy, double, xy->len - 2) ||
          g_array_index (xy, double, 2 * ring_start + 1) != g_array_index (xy, double, xy->len - 1))
        part_add_point (&part, xy,
                        g_array_index (xy, double, 2 * ring_start),
                        g_array_index (xy, double, 2 * ring_start + 1));

      end = xy->len / 2;
      g_array_append_val (ring_ends, end);
    }

  if (reader->overrun)
    return FALSE;

  if (ring_ends->len == 0)
    return TRUE;

  part.n_points = xy->len / 2;
  part.n_rings = ring_ends->len;
  part.xy = (double *) (void *) g_array_free (g_steal_pointer (&xy), FALSE);
  part.ring_ends = (guint *) (void *) g_array_free (g_steal_pointer (&ring_ends), FALSE);
  part_build_bands (&part);
  g_array_append_val (layer->parts, part);

  return TRUE;
}

/* Adds the polygons of one GeoPackage geometry blob to the layer as parts
 * of the feature.  Errors name the layer and fid. */
static gboolean
read_gpkg_geometry (const guint8  *data,
                    gsize          size,
                    const char    *where,
                    guint          feature,
                    Layer         *layer,
                    GError       **error)
{
  static const gsize envelope_sizes[] = { 0, 32, 48, 48, 64 };
  Reader reader = { data, size, 0, FALSE, FALSE };
  guint envelope;
  guint32 base_type;
  guint n_ordinates;
  guint32 srs_id;

  if (size < GPKG_HEADER_SIZE || data[0] != 'G' || data[1] != 'P')
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: the geometry is not in GeoPackage binary format"), where);
      return FALSE;
    }

  if (data[3] & GPKG_FLAG_EXTENDED)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: extended GeoPackage geometries are not supported"), where);
      return FALSE;
    }

  if (data[3] & GPKG_FLAG_EMPTY)
    return TRUE;

  envelope = (data[3] >> 1) & 0x07;
  if (envelope >= G_N_ELEMENTS (envelope_sizes))
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: invalid envelope type %u in the geometry header"), where, envelope);
      return FALSE;
    }

  reader.big_endian = (data[3] & GPKG_FLAG_LITTLE_ENDIAN) == 0;
  reader.pos = 4;
  srs_id = reader_u32 (&reader);
  if (srs_id != 4326)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: coordinates in SRS %d, only WGS 84 (4326) is supported"),
                   where, (int) srs_id);
      return FALSE;
    }

  reader.pos = GPKG_HEADER_SIZE + envelope_sizes[envelope];
  if (!read_wkb_header (&reader, &base_type, &n_ordinates))
    goto malformed;

  if (base_type == WKB_POLYGON)
    {
      if (!read_polygon (&reader, n_ordinates, feature, layer))
        goto malformed;
    }
  else if (base_type == WKB_MULTIPOLYGON)
    {
      guint32 n_polygons = reader_u32 (&reader);

      for (guint32 i = 0; i < n_polygons && !reader.overrun; i++)
        {
          guint32 element_type;
          guint element_ordinates;

          if (!read_wkb_header (&reader, &element_type, &element_ordinates) ||
              element_type != WKB_POLYGON ||
              !read_polygon (&reader, element_ordinates, feature, layer))
            goto malformed;
        }
    }
  else
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: WKB geometry type %u is not a polygon or multipolygon"),
                   where, base_type);
      return FALSE;
    }

  if (reader.overrun)
    goto malformed;

  return TRUE;

malformed:
  g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
               _("%s: malformed WKB polygon geometry"), where);
  return FALSE;
}

/* ---- Reading the layers ------------------------------------------------- */

/* "pl", "PL" → "PL"; "-99", "", NULL → NULL. */
static char *
usable_alpha2 (const char *value)
{
  if (value == NULL || strlen (value) != 2 ||
      !g_ascii_isalpha (value[0]) || !g_ascii_isalpha (value[1]))
    return NULL;

  return g_ascii_strup (value, -1);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = column_text (stmt, column);

  return (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
}

/* ISO_A2 as given; Natural Earth writes "-99" where ISO has no code for
 * its unit, so fall back to the World Bank code when iso-codes knows it,
 * then to the ISO alpha-3 code.  NULL when nothing fits. */
static char *
country_code_for_row (sqlite3_stmt *stmt,
                      TaIsoCodes   *iso_codes)
{
  g_autofree char *iso_a2 = usable_alpha2 (column_text (stmt, 2));
  g_autofree char *wb_a2 = usable_alpha2 (column_text (stmt, 3));
  const char *from_a3;

  if (iso_a2 != NULL)
    return g_steal_pointer (&iso_a2);

  if (iso_codes == NULL)
    return NULL;

  if (wb_a2 != NULL && ta_iso_codes_get_country_name (iso_codes, wb_a2, NULL) != NULL)
    return g_steal_pointer (&wb_a2);

  from_a3 = ta_iso_codes_get_country_code_for_alpha3 (iso_codes, column_text (stmt, 4));
  return g_strdup (from_a3);
}

static sqlite3_stmt *
prepare_layer (sqlite3     *db,
               const char  *path,
               const char  *layer,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: cannot read layer “%s”: %s"), path, layer, sqlite3_errmsg (db));
      return NULL;
    }

  return stmt;
}

static gboolean
step_failed (sqlite3     *db,
             int          rc,
             const char  *path,
             const char  *layer,
             GError     **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;

  g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
               _("%s: cannot read layer “%s”: %s"), path, layer, sqlite3_errmsg (db));
  return TRUE;
}

static gboolean
read_geometry_column (sqlite3_stmt  *stmt,
                      const char    *path,
                      const char    *layer_name,
                      guint          feature,
                      Layer         *layer,
                      GError       **error)
{
  g_autofree char *where = g_strdup_printf ("%s: %s fid %lld", path, layer_name,
                                            (long long) sqlite3_column_int64 (stmt, 0));
  const guint8 *blob = sqlite3_column_blob (stmt, 1);
  gsize size = sqlite3_column_bytes (stmt, 1);

  if (blob == NULL)
    return TRUE;

  return read_gpkg_geometry (blob, size, where, feature, layer, error);
}

static gboolean
load_countries (TaGeoIndex  *self,
                sqlite3     *db,
                const char  *path,
                TaIsoCodes  *iso_codes,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_layer (db, path, "countries",
                        "SELECT fid, geom, iso_a2, WB_A2, ISO_A3 FROM countries ORDER BY fid",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = country_code_for_row (stmt, iso_codes);
      guint first_part = self->country_layer.parts->len;
      gpointer slot;
      Country *country;
      guint index;

      if (code == NULL)
        {
          g_debug ("%s: countries fid %lld has no usable country code, skipped",
                   path, (long long) sqlite3_column_int64 (stmt, 0));
          continue;
        }

      slot = g_hash_table_lookup (self->countries_by_code, code);
      if (slot != NULL)
        {
          index = GPOINTER_TO_UINT (slot) - 1;
          country = g_ptr_array_index (self->countries, index);
        }
      else
        {
          index = self->countries->len;
          country = g_new0 (Country, 1);
          country->code = g_steal_pointer (&code);
          country->parts = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (self->countries, country);
          g_hash_table_insert (self->countries_by_code, country->code, GUINT_TO_POINTER (index + 1));
        }

      if (!read_geometry_column (stmt, path, "countries", index, &self->country_layer, error))
        return FALSE;

      for (guint p = first_part; p < self->country_layer.parts->len; p++)
        g_array_append_val (country->parts, p);
    }

  if (step_failed (db, rc, path, "countries", error))
    return FALSE;

  if (self->countries->len == 0)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: layer “countries” has no usable country"), path);
      return FALSE;
    }

  return TRUE;
}

/* Two regions of one country matched to the same subdivision cannot both
 * be it, unless they are the same region cut in two rows. */
static void
drop_shared_iso_codes (TaGeoIndex *self)
{
  g_autoptr(GHashTable) first_with_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) conflicting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->regions->len; i++)
    {
      TaGeoRegion *region = &g_array_index (self->regions, TaGeoRegion, i);
      TaGeoRegion *first;

      if (region->iso_code == NULL)
        continue;

      first = g_hash_table_lookup (first_with_code, region->iso_code);
      if (first == NULL)
        g_hash_table_insert (first_with_code, region->iso_code, region);
      else if (g_strcmp0 (first->name, region->name) != 0)
        g_hash_table_add (conflicting, g_strdup (region->iso_code));
    }

  for (guint i = 0; i < self->regions->len && g_hash_table_size (conflicting) > 0; i++)
    {
      TaGeoRegion *region = &g_array_index (self->regions, TaGeoRegion, i);

      if (region->iso_code != NULL && g_hash_table_contains (conflicting, region->iso_code))
        {
          g_debug ("Region %s (%s) shares ISO code %s with another region, dropped",
                   region->name, region->country_code, region->iso_code);
          g_clear_pointer (&region->iso_code, g_free);
        }
    }
}

static gboolean
load_regions (TaGeoIndex  *self,
              sqlite3     *db,
              const char  *path,
              TaIsoCodes  *iso_codes,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_layer (db, path, "states_provinces",
                        "SELECT fid, geom, iso_a2, adm0_a3, name, gn_name, woe_name "
                        "FROM states_provinces ORDER BY fid",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = usable_alpha2 (column_text (stmt, 2));
      TaGeoRegion region = { NULL };
      gpointer slot;
      guint country_index;

      if (code == NULL && iso_codes != NULL)
        code = g_strdup (ta_iso_codes_get_country_code_for_alpha3 (iso_codes, column_text (stmt, 3)));

      slot = code != NULL ? g_hash_table_lookup (self->countries_by_code, code) : NULL;
      if (slot == NULL)
        {
          g_debug ("%s: states_provinces fid %lld belongs to no country of the index, skipped",
                   path, (long long) sqlite3_column_int64 (stmt, 0));
          continue;
        }
      country_index = GPOINTER_TO_UINT (slot) - 1;

      region.country_code = g_steal_pointer (&code);
      region.name = dup_column_text (stmt, 4);
      region.name_native = dup_column_text (stmt, 5);

      if (iso_codes != NULL)
        {
          const char *names[] = { column_text (stmt, 4), column_text (stmt, 5), column_text (stmt, 6), NULL };

          region.iso_code = g_strdup (ta_iso_codes_match_subdivision (iso_codes, region.country_code, names));
        }

      g_array_append_val (self->regions, region);
      g_array_append_val (self->region_countries, country_index);

      if (!read_geometry_column (stmt, path, "states_provinces", self->regions->len - 1,
                                 &self->region_layer, error))
        return FALSE;
    }

  if (step_failed (db, rc, path, "states_provinces", error))
    return FALSE;

  drop_shared_iso_codes (self);

  return TRUE;
}

static sqlite3 *
open_gpkg (const char  *path,
           GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *uri_immutable = NULL;
  sqlite3 *db = NULL;

  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_OPEN,
                   _("%s: no such GeoPackage file"), path);
      return NULL;
    }

  /* immutable=1: the file is only read, and SQLite need not lock it or
   * look for a journal, which also works on read-only media. */
  uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return NULL;
  uri_immutable = g_strconcat (uri, "?immutable=1", NULL);

  if (sqlite3_open_v2 (uri_immutable, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_OPEN,
                   _("%s: cannot open GeoPackage: %s"), path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }

  return db;
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

  db = open_gpkg (path, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (TA_TYPE_GEO_INDEX, NULL);
  loaded = load_countries (self, db, path, iso_codes, error) &&
           load_regions (self, db, path, iso_codes, error);
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
