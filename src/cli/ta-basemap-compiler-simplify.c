/* ta-basemap-compiler-simplify.c: helpers, Douglas-Peucker and borders shared between polygons
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ta-basemap-compiler.h"
#include "ta-projection.h"

void
source_polygon_free (SourcePolygon *polygon)
{
  g_ptr_array_unref (polygon->rings);
  g_free (polygon);
}

void
feature_free (Feature *feature)
{
  for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
    g_clear_pointer (&feature->levels[l], g_ptr_array_unref);
  g_free (feature);
}

void
candidate_free (Candidate *candidate)
{
  g_free (candidate->name);
  g_free (candidate);
}

GArray *
point_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (TaBasemapPoint));
}

TaBasemapPoint
project (double lon,
         double lat)
{
  TaBasemapPoint point;

  point.x = (gint32) llround (ta_projection_lon_to_unit_x (lon) * TA_BASEMAP_FIXED_ONE);
  point.y = (gint32) llround (ta_projection_lat_to_unit_y (lat) * TA_BASEMAP_FIXED_ONE);

  return point;
}

void
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

double
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

void
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

double
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

void
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
void
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

SourcePolygon *
source_polygon_new (guint8 min_zoom)
{
  SourcePolygon *polygon = g_new0 (SourcePolygon, 1);

  polygon->min_zoom = min_zoom;
  polygon->max_zoom = 30;
  polygon->rings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  return polygon;
}

/* Lines */

void
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
