/* ta-geojson-import.c: GeoJSON features into an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 7946: positions are [longitude, latitude].  Point features are towns
 * (properties name, country, population, wikidata…, as the CSV fields);
 * LineString and MultiLineString features are links between the towns
 * their properties name (town_a, town_b…), or else the towns nearest to
 * the line's two ends.  Points are read first, so that lines may join
 * towns of the same file in any order.  Twin Atlas' own exports carry
 * their sources as the foreign member "twin_atlas_sources".
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-import-rows.h"
#include "ta-importer-private.h"

typedef struct
{
  TaImportFields     parent;
  TaImportRecordType type;
  GHashTable        *values;   /* field → value */
  GHashTable        *labels;   /* field → property name */
  GHashTable        *fields;   /* property name → field, or "" (shared cache) */
} JsonFields;

static const char *
json_get (TaImportFields *fields,
          const char     *field)
{
  JsonFields *self = (JsonFields *) fields;

  return g_hash_table_lookup (self->values, field);
}

static const char *
json_label (TaImportFields *fields,
            const char     *field)
{
  JsonFields *self = (JsonFields *) fields;
  const char *label = g_hash_table_lookup (self->labels, field);

  return label != NULL ? label : field;
}

static void
json_fields_init (JsonFields         *fields,
                  TaImportRecordType  type,
                  GHashTable         *cache)
{
  fields->parent.get = json_get;
  fields->parent.label = json_label;
  fields->type = type;
  fields->fields = cache;
  fields->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  fields->labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static void
json_fields_clear (JsonFields *fields)
{
  g_clear_pointer (&fields->values, g_hash_table_unref);
  g_clear_pointer (&fields->labels, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JsonFields, json_fields_clear)

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

/* A property's value as text, or NULL for null, objects and arrays. */
static char *
value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strstrip (g_strdup (json_node_get_string (node)));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return format_number (json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static void
set_value (JsonFields *fields,
           const char *field,
           const char *label,
           char       *value)
{
  if (value == NULL || *value == '\0')
    {
      g_free (value);
      return;
    }

  g_hash_table_replace (fields->values, (gpointer) field, value);
  g_hash_table_replace (fields->labels, (gpointer) field, g_strdup (label));
}

/* The properties as fields of the record type: keys by name or alias. */
static void
read_properties (JsonFields *fields,
                 JsonObject *properties)
{
  g_autoptr(GList) members = NULL;

  if (properties == NULL)
    return;

  members = json_object_get_members (properties);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const char *field = g_hash_table_lookup (fields->fields, key);
      g_autofree char *label = NULL;

      /* Folding every key of every feature would cost more than the rest. */
      if (field == NULL)
        {
          field = ta_import_field_for_header (fields->type, key);
          if (field == NULL)
            field = "";
          g_hash_table_insert (fields->fields, g_strdup (key), (gpointer) field);
        }
      if (*field == '\0' || g_hash_table_contains (fields->values, field))
        continue;
      label = g_strdup_printf ("properties.%s", key);
      set_value (fields, field, label, value_text (json_object_get_member (properties, key)));
    }
}

/* A position [lon, lat, …] with numbers in range. */
static gboolean
read_position (JsonNode *node,
               double   *lat,
               double   *lon)
{
  JsonArray *array;
  JsonNode *x, *y;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) < 2)
    return FALSE;

  x = json_array_get_element (array, 0);
  y = json_array_get_element (array, 1);
  if (!JSON_NODE_HOLDS_VALUE (x) || !JSON_NODE_HOLDS_VALUE (y) ||
      (json_node_get_value_type (x) != G_TYPE_DOUBLE && json_node_get_value_type (x) != G_TYPE_INT64) ||
      (json_node_get_value_type (y) != G_TYPE_DOUBLE && json_node_get_value_type (y) != G_TYPE_INT64))
    return FALSE;

  *lon = json_node_get_double (x);
  *lat = json_node_get_double (y);
  return TRUE;
}

/* The positions of a LineString: its first and last. */
static gboolean
read_line_ends (JsonNode *coordinates,
                double   *lat_a,
                double   *lon_a,
                double   *lat_b,
                double   *lon_b)
{
  JsonArray *array;
  guint n;

  if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
    return FALSE;

  array = json_node_get_array (coordinates);
  n = json_array_get_length (array);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      double lat, lon;

      if (!read_position (json_array_get_element (array, i), &lat, &lon))
        return FALSE;
    }

  return read_position (json_array_get_element (array, 0), lat_a, lon_a) &&
         read_position (json_array_get_element (array, n - 1), lat_b, lon_b);
}

/* A MultiLineString's ends: the first position of its first part and the
 * last of its last (an arc cut at the antimeridian). */
static gboolean
read_multi_line_ends (JsonNode *coordinates,
                      double   *lat_a,
                      double   *lon_a,
                      double   *lat_b,
                      double   *lon_b)
{
  JsonArray *parts;
  guint n;
  double lat, lon;

  if (coordinates == NULL || !JSON_NODE_HOLDS_ARRAY (coordinates))
    return FALSE;

  parts = json_node_get_array (coordinates);
  n = json_array_get_length (parts);
  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!read_line_ends (json_array_get_element (parts, i), &lat, &lon, &lat, &lon))
      return FALSE;

  return read_line_ends (json_array_get_element (parts, 0), lat_a, lon_a, &lat, &lon) &&
         read_line_ends (json_array_get_element (parts, n - 1), &lat, &lon, lat_b, lon_b);
}

typedef struct
{
  TaImportPlan   *plan;
  TaJsonDocument *document;
  const char     *name;
  guint           file;
  GHashTable     *fields[TA_IMPORT_RECORD_SOURCES + 1];  /* property → field, per record type */
} Reader;

static void
set_point (JsonFields *fields,
           const char *lat_field,
           const char *lon_field,
           double      lat,
           double      lon)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!g_hash_table_contains (fields->values, lat_field))
    set_value (fields, lat_field, "geometry.coordinates", g_strdup (g_ascii_dtostr (buffer, sizeof buffer, lat)));
  if (!g_hash_table_contains (fields->values, lon_field))
    set_value (fields, lon_field, "geometry.coordinates", g_strdup (g_ascii_dtostr (buffer, sizeof buffer, lon)));
}

static gboolean
names_end (JsonFields *fields,
           const char *suffix)
{
  g_autofree char *town = g_strconcat ("town_", suffix, NULL);
  g_autofree char *wikidata = g_strconcat ("wikidata_", suffix, NULL);
  g_autofree char *geonames = g_strconcat ("geonames_", suffix, NULL);

  return g_hash_table_contains (fields->values, town) || g_hash_table_contains (fields->values, wikidata) ||
         g_hash_table_contains (fields->values, geonames);
}

/* The town nearest to a line's end, for lines whose properties name none. */
static gboolean
nearest_end (Reader      *reader,
             TaImportRow *row,
             double       lat,
             double       lon,
             const char  *which,
             TaTownInput *town)
{
  double distance;

  if (ta_import_plan_nearest_town (reader->plan, lat, lon, TA_IMPORT_MATCH_KM, town, &distance))
    return TRUE;

  ta_import_plan_reject (reader->plan, row, "geometry.coordinates",
                         _("no town within %.0f km of the line's %s (%.5f, %.5f), and the properties name none"),
                         TA_IMPORT_MATCH_KM, which, lat, lon);
  return FALSE;
}

static void
read_line_feature (Reader      *reader,
                   TaImportRow *row,
                   JsonObject  *geometry,
                   JsonObject  *properties,
                   gboolean     multi)
{
  g_auto(JsonFields) fields = { { 0, }, 0, };
  JsonNode *coordinates = json_object_get_member (geometry, "coordinates");
  TaTownInput town_a, town_b;
  const TaTownInput *fallback_a = NULL, *fallback_b = NULL;
  double lat_a, lon_a, lat_b, lon_b;
  gboolean ok;

  ok = multi ? read_multi_line_ends (coordinates, &lat_a, &lon_a, &lat_b, &lon_b)
             : read_line_ends (coordinates, &lat_a, &lon_a, &lat_b, &lon_b);
  if (!ok)
    {
      ta_import_plan_reject (reader->plan, row, "geometry.coordinates",
                             multi ? _("a MultiLineString needs lines of at least two positions [longitude, latitude]")
                                   : _("a LineString needs at least two positions [longitude, latitude]"));
      return;
    }

  json_fields_init (&fields, TA_IMPORT_RECORD_LINKS, reader->fields[TA_IMPORT_RECORD_LINKS]);
  read_properties (&fields, properties);

  if (names_end (&fields, "a"))
    set_point (&fields, "lat_a", "lon_a", lat_a, lon_a);
  else if (nearest_end (reader, row, lat_a, lon_a, _("start"), &town_a))
    fallback_a = &town_a;
  else
    return;

  if (names_end (&fields, "b"))
    set_point (&fields, "lat_b", "lon_b", lat_b, lon_b);
  else if (nearest_end (reader, row, lat_b, lon_b, _("end"), &town_b))
    fallback_b = &town_b;
  else
    return;

  ta_import_rows_add (reader->plan, TA_IMPORT_RECORD_LINKS, row, &fields.parent, fallback_a, fallback_b);
}

static void
read_point_feature (Reader      *reader,
                    TaImportRow *row,
                    JsonObject  *geometry,
                    JsonObject  *properties)
{
  g_auto(JsonFields) fields = { { 0, }, 0, };
  double lat, lon;

  if (!read_position (json_object_get_member (geometry, "coordinates"), &lat, &lon))
    {
      ta_import_plan_reject (reader->plan, row, "geometry.coordinates",
                             _("a Point needs a position [longitude, latitude] of two numbers"));
      return;
    }

  json_fields_init (&fields, TA_IMPORT_RECORD_TOWNS, reader->fields[TA_IMPORT_RECORD_TOWNS]);
  read_properties (&fields, properties);
  /* The geometry, not a property, places the town. */
  g_hash_table_remove (fields.values, "lat");
  g_hash_table_remove (fields.values, "lon");
  set_point (&fields, "lat", "lon", lat, lon);

  ta_import_rows_add (reader->plan, TA_IMPORT_RECORD_TOWNS, row, &fields.parent, NULL, NULL);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* Pass 0 reads the Points, pass 1 the lines; every other feature is
 * rejected in pass 0. */
static void
read_feature (Reader     *reader,
              JsonNode   *node,
              guint       index,
              guint       pass)
{
  g_autofree char *record = g_strdup_printf (_("feature %u"), index + 1);
  TaImportRow row = { 0, };
  JsonObject *feature, *geometry, *properties;
  const char *type;

  row.file = reader->file;
  row.record = record;

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      g_strcmp0 (member_string ((feature = json_node_get_object (node)), "type"), "Feature") != 0)
    {
      if (pass == 0)
        {
          ta_import_plan_count_row (reader->plan, reader->file);
          ta_import_plan_reject (reader->plan, &row, "type", _("not a GeoJSON Feature"));
        }
      return;
    }

  row.line = ta_json_document_get_line (reader->document, feature);
  geometry = member_object (feature, "geometry");
  properties = member_object (feature, "properties");
  type = member_string (geometry, "type");

  if (g_strcmp0 (type, "Point") == 0)
    {
      if (pass == 0)
        {
          ta_import_plan_count_row (reader->plan, reader->file);
          read_point_feature (reader, &row, geometry, properties);
        }
    }
  else if (g_strcmp0 (type, "LineString") == 0 || g_strcmp0 (type, "MultiLineString") == 0)
    {
      if (pass == 1)
        {
          ta_import_plan_count_row (reader->plan, reader->file);
          read_line_feature (reader, &row, geometry, properties, strcmp (type, "MultiLineString") == 0);
        }
    }
  else if (pass == 0)
    {
      ta_import_plan_count_row (reader->plan, reader->file);
      if (geometry == NULL)
        ta_import_plan_reject (reader->plan, &row, "geometry", _("the feature has no geometry"));
      else
        ta_import_plan_reject (reader->plan, &row, "geometry.type",
                               _("a %s is neither a Point (a town) nor a LineString (a link)"),
                               type != NULL ? type : _("geometry without a type"));
    }
}

static void
read_sources (Reader     *reader,
              JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "twin_atlas_sources");
  JsonArray *sources;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  sources = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      g_auto(JsonFields) fields = { { 0, }, 0, };
      g_autofree char *record = g_strdup_printf (_("source %u"), i + 1);
      JsonNode *element = json_array_get_element (sources, i);
      TaImportRow row = { 0, };

      row.file = reader->file;
      row.record = record;
      ta_import_plan_count_row (reader->plan, reader->file);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ta_import_plan_reject (reader->plan, &row, NULL, _("a source must be an object"));
          continue;
        }
      row.line = ta_json_document_get_line (reader->document, json_node_get_object (element));
      json_fields_init (&fields, TA_IMPORT_RECORD_SOURCES, reader->fields[TA_IMPORT_RECORD_SOURCES]);
      read_properties (&fields, json_node_get_object (element));
      ta_import_rows_add (reader->plan, TA_IMPORT_RECORD_SOURCES, &row, &fields.parent, NULL, NULL);
    }
}

gboolean
ta_geojson_import_bytes (TaImportPlan  *plan,
                         GBytes        *bytes,
                         const char    *name,
                         GError       **error)
{
  g_autoptr(TaJsonDocument) document = ta_json_document_parse (bytes, name, error);
  g_autoptr(GHashTable) town_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) link_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) source_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Reader reader = { plan, NULL, name, 0, { NULL, } };
  JsonObject *root;
  JsonNode *features;
  const char *type;

  if (document == NULL)
    return FALSE;

  reader.document = document;
  reader.fields[TA_IMPORT_RECORD_TOWNS] = town_fields;
  reader.fields[TA_IMPORT_RECORD_LINKS] = link_fields;
  reader.fields[TA_IMPORT_RECORD_SOURCES] = source_fields;
  root = JSON_NODE_HOLDS_OBJECT (ta_json_document_get_root (document))
         ? json_node_get_object (ta_json_document_get_root (document)) : NULL;
  type = member_string (root, "type");
  if (g_strcmp0 (type, "FeatureCollection") != 0 && g_strcmp0 (type, "Feature") != 0)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”, line %u, field “type”: a GeoJSON FeatureCollection or Feature was expected, not %s"),
                   name, root != NULL ? MAX (ta_json_document_get_line (document, root), 1) : 1,
                   type != NULL ? type : (root != NULL ? _("an object without a type") : _("a JSON value that is no object")));
      return FALSE;
    }

  features = json_object_get_member (root, "features");
  if (g_strcmp0 (type, "FeatureCollection") == 0 && (features == NULL || !JSON_NODE_HOLDS_ARRAY (features)))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”, line %u, field “features”: a FeatureCollection needs an array of features"),
                   name, MAX (ta_json_document_get_line (document, root), 1));
      return FALSE;
    }

  reader.file = ta_import_plan_add_file (plan, name, NULL);
  read_sources (&reader, root);

  for (guint pass = 0; pass < 2; pass++)
    {
      if (g_strcmp0 (type, "Feature") == 0)
        read_feature (&reader, ta_json_document_get_root (document), 0, pass);
      else
        {
          JsonArray *array = json_node_get_array (features);

          for (guint i = 0; i < json_array_get_length (array); i++)
            read_feature (&reader, json_array_get_element (array, i), i, pass);
        }
    }

  return TRUE;
}
