/* ta-dataset-builder-sources.c: reading the three twinning sets
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each row of a set names two places and links them.  A place is what the
 * row says of a town (label, stated country, point, population) plus what
 * the geo index says of its point; the merger then decides which places are
 * one town.  Rows the atlas cannot place (no name, no usable point) are
 * dropped here and noted.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-csv.h"
#include "ta-dataset-builder-private.h"

typedef struct
{
  double lat;
  double lon;
} PointKey;

typedef struct
{
  const char *country_code;  /* borrowed from the geo index */
  int region;
} PointInfo;

static guint
point_hash (gconstpointer key)
{
  const PointKey *point = key;
  gint64 lat = (gint64) llround (point->lat * 1e7);
  gint64 lon = (gint64) llround (point->lon * 1e7);

  return g_int64_hash (&lat) * 31 + g_int64_hash (&lon);
}

static gboolean
point_equal (gconstpointer a,
             gconstpointer b)
{
  const PointKey *pa = a;
  const PointKey *pb = b;

  return pa->lat == pb->lat && pa->lon == pb->lon;
}

GHashTable *
ta_dataset_builder_new_point_cache (void)
{
  return g_hash_table_new_full (point_hash, point_equal, g_free, g_free);
}

static const PointInfo *
look_up_point (TaDatasetBuilder *self,
               double            lat,
               double            lon)
{
  PointKey key = { lat, lon };
  PointInfo *info = g_hash_table_lookup (self->points, &key);
  TaGeoHit hit;

  if (info != NULL)
    return info;

  info = g_new0 (PointInfo, 1);
  if (ta_geo_index_lookup (self->geo_index, lat, lon, TA_DATASET_COAST_KM, &hit))
    {
      info->country_code = hit.country_code;
      info->region = hit.region;
    }
  else
    info->region = -1;

  g_hash_table_insert (self->points, g_memdup2 (&key, sizeof key), info);
  return info;
}

/* The region of @country nearest to a point just outside it (the map's
 * borders and coasts are generalised: it puts Nowe Warpno in the lagoon off
 * Germany).  The index answers only "which country is here", so this probes
 * rings of points around the point, nearest first.  Returns -1 when none
 * within TA_TOWN_MERGER_BORDER_KM is in @country. */
static int
probe_region (TaDatasetBuilder *self,
              double            lat,
              double            lon,
              const char       *country)
{
  static const double radii_km[] = { 1.0, 2.5, 5.0, 10.0, TA_TOWN_MERGER_BORDER_KM };
  const guint n_bearings = 16;

  for (guint r = 0; r < G_N_ELEMENTS (radii_km); r++)
    {
      for (guint b = 0; b < n_bearings; b++)
        {
          double bearing = 2 * G_PI * b / n_bearings;
          double probe_lat = lat + radii_km[r] / 111.2 * cos (bearing);
          double probe_lon = lon + radii_km[r] / (111.2 * cos (lat * G_PI / 180)) * sin (bearing);
          TaGeoHit hit;

          if (ta_geo_index_lookup (self->geo_index, probe_lat, probe_lon, 0, &hit) &&
              hit.region >= 0 && hit.country_code != NULL && strcmp (hit.country_code, country) == 0)
            return hit.region;
        }
    }

  return -1;
}

static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value) && fabs (*value) <= limit;
}

/* Wikidata gives populations as integers; an empty cell is unknown. */
static gint64
parse_population (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return -1;

  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value < 0 || value > 1e11)
    return -1;

  return (gint64) value;
}

/* The SPARQL label service writes the item id when an item has no English
 * label: the row names no town. */
static gboolean
is_bare_qid (const char *label)
{
  if (label[0] != 'Q' || label[1] == '\0')
    return FALSE;

  for (const char *p = label + 1; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

typedef struct
{
  const char *label;
  const char *country;
  const char *lat;
  const char *lon;
  const char *population;   /* NULL when the source has none */
  gboolean stated_is_constant;
} RowEnd;

/* Returns the merger's handle of the place, or G_MAXUINT with @why set when
 * the row end cannot be placed. */
static guint
add_place (TaDatasetBuilder  *self,
           guint              source,
           const RowEnd      *end,
           char             **why)
{
  g_autofree char *label = g_strstrip (g_strdup (end->label));
  g_autofree char *country = g_strstrip (g_strdup (end->country != NULL ? end->country : ""));
  const PointInfo *info;
  TaPlace place = { NULL, };

  if (*label == '\0')
    {
      *why = g_strdup ("a town has no name");
      return G_MAXUINT;
    }
  if (is_bare_qid (label))
    {
      *why = g_strdup_printf ("the source gives only the Wikidata id %s, no name", label);
      return G_MAXUINT;
    }
  if (!parse_coordinate (end->lat, 90.0, &place.lat) ||
      !parse_coordinate (end->lon, 180.0, &place.lon))
    {
      *why = g_strdup_printf ("“%s” has no usable point (“%s”, “%s”)", label,
                              end->lat != NULL ? end->lat : "", end->lon != NULL ? end->lon : "");
      return G_MAXUINT;
    }

  info = look_up_point (self, place.lat, place.lon);
  place.label = label;
  place.stated_country = *country != '\0' ? country : NULL;
  place.stated_code = place.stated_country != NULL
                        ? ta_iso_codes_get_country_code (self->iso_codes, country)
                        : NULL;
  place.point_code = info->country_code;
  place.region = info->region;
  place.region_country = info->region >= 0
                           ? ta_geo_index_get_region (self->geo_index, info->region)->country_code
                           : NULL;
  place.population = end->population != NULL ? parse_population (end->population) : -1;
  place.stated_is_constant = end->stated_is_constant;

  if (place.stated_code == NULL ||
      (place.point_code != NULL && strcmp (place.stated_code, place.point_code) == 0))
    place.stated_distance_km = 0;
  else
    place.stated_distance_km = ta_geo_index_distance_to_country (self->geo_index,
                                                                 place.stated_code,
                                                                 place.lat, place.lon);

  /* A point the merger will keep in the stated country gets that country's
   * region. */
  if (place.stated_distance_km > 0 && place.stated_distance_km <= TA_TOWN_MERGER_BORDER_KM)
    {
      place.region = probe_region (self, place.lat, place.lon, place.stated_code);
      place.region_country = place.region >= 0 ? place.stated_code : NULL;
    }

  return ta_town_merger_add_place (self->merger, source, &place);
}

static void
add_row (TaDatasetBuilder *self,
         guint             source,
         TaCsvReader      *reader,
         const RowEnd     *a,
         const RowEnd     *b)
{
  g_autofree char *why = NULL;
  guint place_a, place_b = G_MAXUINT;

  place_a = add_place (self, source, a, &why);
  if (place_a != G_MAXUINT)
    place_b = add_place (self, source, b, &why);

  if (place_a == G_MAXUINT || place_b == G_MAXUINT)
    {
      g_autofree char *subject = g_strdup_printf ("%s — %s", a->label, b->label);
      g_autofree char *basename = g_path_get_basename (ta_csv_reader_get_name (reader));
      g_autofree char *detail = g_strdup_printf ("%s, line %u: %s", basename,
                                                 ta_csv_reader_get_line (reader), why);

      ta_town_merger_add_note (self->merger, "dropped", source, subject,
                               "dropped the row", detail);
      self->stats.rows_dropped++;
      return;
    }

  ta_town_merger_add_row (self->merger, source, place_a, place_b);
}

static TaCsvReader *
open_with_header (const char          *path,
                  const char * const  *columns,
                  int                 *indices,
                  GError             **error)
{
  g_autoptr(TaCsvReader) reader = ta_csv_reader_new_for_path (path, error);

  if (reader == NULL ||
      !ta_csv_reader_read_header (reader, error) ||
      !ta_csv_reader_require_columns (reader, columns, indices, error))
    return NULL;

  return g_steal_pointer (&reader);
}

static gboolean
read_wikidata_eu_file (TaDatasetBuilder  *self,
                       const char        *path,
                       GError           **error)
{
  enum { ORIGIN, ORIGIN_COUNTRY, ORIGIN_LAT, ORIGIN_LON, ORIGIN_POPULATION,
         TWIN, TWIN_LAT, TWIN_LON, TWIN_POPULATION, TWIN_COUNTRY, N_COLUMNS };
  static const char * const columns[] = {
    "origincityLabel", "origincountry", "originlat", "originlong", "originpopulation",
    "sistercityLabel", "destinationlat", "destinationlong", "destinationpopulation",
    "destination_countryLabel", NULL,
  };
  int col[N_COLUMNS];
  g_autoptr(TaCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  GStrv fields;

  reader = open_with_header (path, columns, col, error);
  if (reader == NULL)
    return FALSE;

  while (ta_csv_reader_next (reader, &fields, &local_error))
    {
      RowEnd origin = {
        ta_csv_reader_get_field (reader, col[ORIGIN]),
        ta_csv_reader_get_field (reader, col[ORIGIN_COUNTRY]),
        ta_csv_reader_get_field (reader, col[ORIGIN_LAT]),
        ta_csv_reader_get_field (reader, col[ORIGIN_LON]),
        ta_csv_reader_get_field (reader, col[ORIGIN_POPULATION]),
        /* The query writes the file's country, it does not read it from the item. */
        TRUE,
      };
      RowEnd twin = {
        ta_csv_reader_get_field (reader, col[TWIN]),
        ta_csv_reader_get_field (reader, col[TWIN_COUNTRY]),
        ta_csv_reader_get_field (reader, col[TWIN_LAT]),
        ta_csv_reader_get_field (reader, col[TWIN_LON]),
        ta_csv_reader_get_field (reader, col[TWIN_POPULATION]),
        FALSE,
      };

      add_row (self, self->source_wikidata_eu, reader, &origin, &twin);
      self->stats.wikidata_eu_rows++;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The 25 country files, in name order so that a build is reproducible. */
gboolean
ta_dataset_builder_read_wikidata_eu (TaDatasetBuilder  *self,
                                     GError           **error)
{
  g_autofree char *dir_path = g_build_filename (self->sources_dir, TA_DATASET_WIKIDATA_EU_DIR, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".tsv"))
      g_ptr_array_add (names, g_strdup (name));

  if (names->len == 0)
    {
      g_set_error (error, TA_DATASET_BUILDER_ERROR, TA_DATASET_BUILDER_ERROR_SOURCE,
                   _("“%s” holds no .tsv file"), dir_path);
      return FALSE;
    }

  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      if (!read_wikidata_eu_file (self, path, error))
        return FALSE;
      self->stats.wikidata_eu_files++;
    }

  return TRUE;
}

gboolean
ta_dataset_builder_read_wikipedia (TaDatasetBuilder  *self,
                                   GError           **error)
{
  enum { CITY1, COUNTRY1, LAT1, LNG1, CITY2, COUNTRY2, LAT2, LNG2, N_COLUMNS };
  static const char * const columns[] = {
    "city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2", NULL,
  };
  g_autofree char *path = g_build_filename (self->sources_dir, TA_DATASET_WIKIPEDIA_FILE, NULL);
  int col[N_COLUMNS];
  g_autoptr(TaCsvReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  GStrv fields;

  reader = open_with_header (path, columns, col, error);
  if (reader == NULL)
    return FALSE;

  while (ta_csv_reader_next (reader, &fields, &local_error))
    {
      RowEnd a = {
        ta_csv_reader_get_field (reader, col[CITY1]),
        ta_csv_reader_get_field (reader, col[COUNTRY1]),
        ta_csv_reader_get_field (reader, col[LAT1]),
        ta_csv_reader_get_field (reader, col[LNG1]),
        NULL,
        FALSE,
      };
      RowEnd b = {
        ta_csv_reader_get_field (reader, col[CITY2]),
        ta_csv_reader_get_field (reader, col[COUNTRY2]),
        ta_csv_reader_get_field (reader, col[LAT2]),
        ta_csv_reader_get_field (reader, col[LNG2]),
        NULL,
        FALSE,
      };

      add_row (self, self->source_wikipedia, reader, &a, &b);
      self->stats.wikipedia_rows++;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_qid (const char *text)
{
  return text[0] == 'Q' && text[1] >= '1' && text[1] <= '9' && is_bare_qid (text);
}

/* Reads a headerless two-column TSV of the crawl: names (QID, name) or
 * relations (QID, QID). */
static gboolean
read_crawl_file (TaDatasetBuilder  *self,
                 const char        *file,
                 gboolean           second_is_qid,
                 guint             *rows,
                 GError           **error)
{
  g_autofree char *path = g_build_filename (self->sources_dir, file, NULL);
  g_autoptr(TaCsvReader) reader = ta_csv_reader_new_for_path (path, error);
  g_autoptr(GError) local_error = NULL;
  GStrv fields;

  if (reader == NULL)
    return FALSE;
  ta_csv_reader_set_delimiter (reader, '\t');

  while (ta_csv_reader_next (reader, &fields, &local_error))
    {
      const char *first = ta_csv_reader_get_field (reader, 0);
      const char *second = ta_csv_reader_get_field (reader, 1);

      if (!is_qid (first) || (second_is_qid && !is_qid (second)) || *second == '\0')
        {
          g_set_error (error, TA_DATASET_BUILDER_ERROR, TA_DATASET_BUILDER_ERROR_SOURCE,
                       _("“%s”, line %u: expected a Wikidata id and %s"),
                       path, ta_csv_reader_get_line (reader),
                       second_is_qid ? _("another Wikidata id") : _("a name"));
          return FALSE;
        }

      if (second_is_qid)
        ta_crawl_matcher_add_edge (self->crawl, first, second);
      else
        ta_crawl_matcher_add_name (self->crawl, first, second);
      (*rows)++;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
ta_dataset_builder_read_crawl (TaDatasetBuilder  *self,
                               GError           **error)
{
  return read_crawl_file (self, TA_DATASET_CRAWL_NAMES_FILE, FALSE, &self->stats.crawl_names, error) &&
         read_crawl_file (self, TA_DATASET_CRAWL_RELATIONS_FILE, TRUE, &self->stats.crawl_relations, error);
}
