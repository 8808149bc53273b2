/* ta-basemap-compiler-geojson.c: reads the Natural Earth GeoJSON layers
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ta-basemap-compiler.h"

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

gboolean
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

gboolean
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

gboolean
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

gboolean
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
