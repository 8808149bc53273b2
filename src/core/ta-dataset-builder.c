/* ta-dataset-builder.c: the bundled atlas from the twinning sources
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs at every clean build (twin-atlas-build-dataset): reads the three
 * twinning sets (ta-dataset-builder-sources.c), merges their places into
 * towns and their rows into links (TaTownMerger), attaches Wikidata ids
 * from the 2016 crawl (TaCrawlMatcher), and writes the result, the
 * countries and regions it uses, the programme catalogue and the notes of
 * every decision into an empty atlas in one transaction.
 *
 * Exchanges, funding and link events stay empty: no bundled source has
 * them, and the atlas never invents them.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-csv.h"
#include "ta-dataset-builder-private.h"

G_DEFINE_TYPE (TaDatasetBuilder, ta_dataset_builder, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-dataset-builder-error-quark, ta_dataset_builder_error)

typedef struct
{
  const char *id;
  const char *title;
  const char *licence;
  const char *attribution;
  const char *url;
  const char *retrieved;
  const char *note;
} SourceRow;

/* Facts from the provenance of each file (data/sources/README.md). */
static const SourceRow source_rows[] = {
  {
    TA_SOURCE_WIKIDATA_EU_2017,
    "Twinned towns of 25 EU countries, Wikidata (2017)",
    "CC0-1.0",
    "Twinning data: Wikidata (CC0)",
    "https://github.com/rogorido/sistercities",
    "2017-07-28",
    "Files sparql/data/<country>.tsv of rogorido/sistercities at commit "
    "6bb5473459b9f7e16f59ecd0a2f9d76c3ccf9ce6 (data last changed in 0a647ed, 2017-07-28): "
    "one Wikidata SPARQL query (P190 twinned administrative body) per EU country, with "
    "English labels, coordinates and population; no Wikidata ids.",
  },
  {
    TA_SOURCE_WIKIDATA_CRAWL_2016,
    "Sister cities crawled from Wikidata (2016)",
    "CC0-1.0",
    "Twinning data: Wikidata (CC0)",
    "https://github.com/L3viathan/sister-cities",
    "2016-09-10",
    "names.tsv and relations.tsv of L3viathan/sister-cities at commit "
    "d3028c22c7e47f18947eb39a41c13e4f2751342e (2016-09-10): a breadth-first crawl of "
    "Wikidata P190; names are the first label among de, en, fr, it and es.",
  },
  {
    TA_SOURCE_WIKIPEDIA_LISTS_2026,
    "Twin towns from the English Wikipedia lists (2026)",
    "CC-BY-SA-4.0 (Wikipedia text); ODbL-1.0 (OpenStreetMap geocoding); repository MIT",
    "Wikipedia contributors, CC BY-SA 4.0; geocoding (c) OpenStreetMap contributors, ODbL",
    "https://github.com/Hekman/twincities",
    "2026-02-08",
    "app/public/twin_cities.csv of Hekman/twincities at commit "
    "84ebdec26ee6878367953cfbc56311ae6452752b (file last changed in 92aa937, 2026-02-08): "
    "pairs scraped from the pages \"List of twin towns and sister cities in …\", geocoded "
    "with the Wikipedia API and Nominatim.",
  },
  {
    TA_SOURCE_NATURAL_EARTH,
    "Natural Earth",
    "Public domain",
    "Made with Natural Earth",
    "https://www.naturalearthdata.com/",
    NULL,
    "Country and admin-1 outlines (1:10m v4.1.0, through world_map.gpkg) place the towns; "
    "the basemap uses the 1:50m and 1:10m v4.0.0 layers of martynafford/natural-earth-geojson "
    "at commit 0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e.",
  },
  {
    TA_SOURCE_QGIS_WORLD_MAP,
    "QGIS world map (world_map.gpkg)",
    "GPL-2.0-or-later",
    "Natural Earth; world_map.gpkg from QGIS",
    "https://github.com/qgis/QGIS",
    NULL,
    "usr/share/qgis/resources/data/world_map.gpkg of the Debian 12 package qgis-common "
    "3.22.16+dfsg-1 (resources/data/ in the QGIS tree): Natural Earth 1:10m v4.1.0 "
    "generalised with GRASS v.generalize.  Its countries and states_provinces layers give "
    "each town its country and region.",
  },
  {
    TA_SOURCE_ISO_CODES,
    "iso-codes",
    "LGPL-2.1-or-later",
    "Country names: Debian iso-codes",
    "https://salsa.debian.org/iso-codes-team/iso-codes",
    NULL,
    "ISO 3166-1 and ISO 3166-2 lists and their translations, from the Debian package "
    "iso-codes: country names in English, Polish, German and the national language, "
    "region codes.",
  },
  {
    TA_SOURCE_PROGRAMME_CATALOGUE,
    "Twin Atlas programme catalogue",
    "GPL-3.0-or-later",
    "Twin Atlas authors",
    NULL,
    NULL,
    "data/sources/programmes.csv: funding programmes relevant to twinning, each with the "
    "address of its official page.",
  },
  {
    TA_SOURCE_USER,
    "Added by the user",
    "The user's own data",
    "Added by the user",
    NULL,
    NULL,
    NULL,
  },
};

static const char * const programme_kinds[] = {
  "eu", "bilateral", "national", "regional", "local", "other", NULL,
};

static void
ta_dataset_builder_finalize (GObject *object)
{
  TaDatasetBuilder *self = (TaDatasetBuilder *)object;

  g_clear_pointer (&self->sources_dir, g_free);
  g_clear_object (&self->geo_index);
  g_clear_object (&self->iso_codes);
  g_clear_object (&self->merger);
  g_clear_object (&self->crawl);
  g_clear_pointer (&self->points, g_hash_table_unref);

  G_OBJECT_CLASS (ta_dataset_builder_parent_class)->finalize (object);
}

static void
ta_dataset_builder_class_init (TaDatasetBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_dataset_builder_finalize;
}

static void
ta_dataset_builder_init (TaDatasetBuilder *self)
{
  self->merger = ta_town_merger_new ();
  self->crawl = ta_crawl_matcher_new ();
  self->points = ta_dataset_builder_new_point_cache ();

  /* In order of preference for a town's name and point: Wikidata's own
   * coordinates before the Wikipedia lists' geocoded ones.  Both sets give
   * English labels; the crawl's are of no one language. */
  self->source_wikidata_eu = ta_town_merger_add_source (self->merger, TA_SOURCE_WIKIDATA_EU_2017, "en", FALSE);
  self->source_wikipedia = ta_town_merger_add_source (self->merger, TA_SOURCE_WIKIPEDIA_LISTS_2026, "en", TRUE);
  self->source_crawl = ta_town_merger_add_source (self->merger, TA_SOURCE_WIKIDATA_CRAWL_2016, NULL, FALSE);
}

/**
 * ta_dataset_builder_new:
 * @sources_dir: the directory laid out as data/sources
 * @geo_index: where points lie
 * @iso_codes: country codes and names
 *
 * Returns: (transfer full): a builder
 */
TaDatasetBuilder *
ta_dataset_builder_new (const char *sources_dir,
                        TaGeoIndex *geo_index,
                        TaIsoCodes *iso_codes)
{
  TaDatasetBuilder *self;

  g_return_val_if_fail (sources_dir != NULL, NULL);
  g_return_val_if_fail (TA_IS_GEO_INDEX (geo_index), NULL);
  g_return_val_if_fail (TA_IS_ISO_CODES (iso_codes), NULL);

  self = g_object_new (TA_TYPE_DATASET_BUILDER, NULL);
  self->sources_dir = g_strdup (sources_dir);
  self->geo_index = g_object_ref (geo_index);
  self->iso_codes = g_object_ref (iso_codes);

  return self;
}

const TaDatasetStats *
ta_dataset_builder_get_stats (TaDatasetBuilder *self)
{
  g_return_val_if_fail (TA_IS_DATASET_BUILDER (self), NULL);

  return &self->stats;
}

/* Writing */

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_year (sqlite3_stmt *stmt,
           int           column,
           int           year)
{
  if (year > 0)
    sqlite3_bind_int (stmt, column, year);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
write_sources (TaDatasetBuilder  *self,
               TaDb              *db,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db,
    "INSERT INTO source (id, title, licence, attribution, url, retrieved, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (source_rows); i++)
    {
      const SourceRow *row = &source_rows[i];

      bind_text (stmt, 1, row->id);
      bind_text (stmt, 2, row->title);
      bind_text (stmt, 3, row->licence);
      bind_text (stmt, 4, row->attribution);
      bind_text (stmt, 5, row->url);
      bind_text (stmt, 6, row->retrieved);
      bind_text (stmt, 7, row->note);
      if (!ta_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every country a town is in, named by iso-codes (Natural Earth v4 has no
 * Polish or German names; iso-codes' translations stand in for them). */
static gboolean
write_countries (TaDatasetBuilder  *self,
                 TaDb              *db,
                 GError           **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer code;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db,
    "INSERT INTO country (code, name_en, name_pl, name_de, name_native, source_id) "
    "VALUES (?, ?, ?, ?, ?, '" TA_SOURCE_ISO_CODES "')", error);

  if (stmt == NULL)
    return FALSE;

  for (guint id = 1; id <= ta_town_merger_get_n_towns (self->merger); id++)
    {
      const TaMergedTown *town = ta_town_merger_get_town (self->merger, id);

      if (town->country_code != NULL)
        g_hash_table_add (used, (gpointer) town->country_code);
    }

  g_hash_table_iter_init (&iter, used);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    g_ptr_array_add (codes, code);
  g_ptr_array_sort (codes, compare_codes);

  for (guint i = 0; i < codes->len; i++)
    {
      const char *alpha2 = g_ptr_array_index (codes, i);
      const char *name = ta_iso_codes_get_country_name (self->iso_codes, alpha2, "en");

      if (name == NULL)
        {
          g_set_error (error, TA_DATASET_BUILDER_ERROR, TA_DATASET_BUILDER_ERROR_COUNTRY,
                       _("Country code “%s” has no name in iso-codes"), alpha2);
          return FALSE;
        }

      bind_text (stmt, 1, alpha2);
      bind_text (stmt, 2, name);
      bind_text (stmt, 3, ta_iso_codes_get_country_name (self->iso_codes, alpha2, "pl"));
      bind_text (stmt, 4, ta_iso_codes_get_country_name (self->iso_codes, alpha2, "de"));
      bind_text (stmt, 5, ta_iso_codes_get_country_native_name (self->iso_codes, alpha2));
      if (!ta_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* The regions that have towns; fills @region_ids (geo index region → row id). */
static gboolean
write_regions (TaDatasetBuilder  *self,
               TaDb              *db,
               GHashTable        *region_ids,
               GError           **error)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) iso_used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db,
    "INSERT INTO region (id, country_code, name, name_native, iso_code, source_id) "
    "VALUES (?, ?, ?, ?, ?, '" TA_SOURCE_QGIS_WORLD_MAP "')", error);
  guint next_id = 1;

  if (stmt == NULL)
    return FALSE;

  for (guint id = 1; id <= ta_town_merger_get_n_towns (self->merger); id++)
    {
      const TaMergedTown *town = ta_town_merger_get_town (self->merger, id);
      const TaGeoRegion *region;
      g_autofree char *key = NULL;
      gpointer row_id;
      const char *iso_code;

      if (town->region < 0 ||
          g_hash_table_contains (region_ids, GINT_TO_POINTER (town->region + 1)))
        continue;

      region = ta_geo_index_get_region (self->geo_index, town->region);
      key = g_strconcat (region->country_code, "\x1f", region->name, NULL);
      row_id = g_hash_table_lookup (by_name, key);
      if (row_id == NULL)
        {
          /* Two polygons of one name in one country are one region. */
          row_id = GUINT_TO_POINTER (next_id++);
          iso_code = region->iso_code;
          if (iso_code != NULL && g_hash_table_contains (iso_used, iso_code))
            iso_code = NULL;
          else if (iso_code != NULL)
            g_hash_table_add (iso_used, (gpointer) iso_code);

          sqlite3_bind_int (stmt, 1, GPOINTER_TO_UINT (row_id));
          bind_text (stmt, 2, region->country_code);
          bind_text (stmt, 3, region->name);
          bind_text (stmt, 4, region->name_native);
          bind_text (stmt, 5, iso_code);
          if (!ta_db_step_done (db, stmt, error))
            return FALSE;
          g_hash_table_insert (by_name, g_steal_pointer (&key), row_id);
        }
      g_hash_table_insert (region_ids, GINT_TO_POINTER (town->region + 1), row_id);
    }

  return TRUE;
}

static gboolean
write_towns (TaDatasetBuilder  *self,
             TaDb              *db,
             GHashTable        *region_ids,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) town_stmt = ta_db_prepare (db,
    "INSERT INTO town (id, name, country_code, region_id, lat, lon, population, wikidata, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  g_autoptr(sqlite3_stmt) name_stmt = NULL;
  g_autoptr(sqlite3_stmt) source_stmt = NULL;

  if (town_stmt == NULL)
    return FALSE;
  name_stmt = ta_db_prepare (db,
    "INSERT INTO town_name (town_id, name, lang, kind, source_id) VALUES (?, ?, ?, ?, ?)", error);
  if (name_stmt == NULL)
    return FALSE;
  source_stmt = ta_db_prepare (db,
    "INSERT INTO town_source (town_id, source_id, label, stated_country, lat, lon) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (source_stmt == NULL)
    return FALSE;

  for (guint id = 1; id <= ta_town_merger_get_n_towns (self->merger); id++)
    {
      const TaMergedTown *town = ta_town_merger_get_town (self->merger, id);
      gpointer region_id = town->region >= 0
                             ? g_hash_table_lookup (region_ids, GINT_TO_POINTER (town->region + 1))
                             : NULL;

      sqlite3_bind_int (town_stmt, 1, town->id);
      bind_text (town_stmt, 2, town->name);
      bind_text (town_stmt, 3, town->country_code);
      if (region_id != NULL)
        sqlite3_bind_int (town_stmt, 4, GPOINTER_TO_UINT (region_id));
      else
        sqlite3_bind_null (town_stmt, 4);
      sqlite3_bind_double (town_stmt, 5, town->lat);
      sqlite3_bind_double (town_stmt, 6, town->lon);
      if (town->population >= 0)
        sqlite3_bind_int64 (town_stmt, 7, town->population);
      else
        sqlite3_bind_null (town_stmt, 7);
      bind_text (town_stmt, 8, town->wikidata);
      bind_text (town_stmt, 9, ta_town_merger_get_source_id (self->merger, town->source));
      if (!ta_db_step_done (db, town_stmt, error))
        return FALSE;

      for (guint i = 0; i < town->names->len; i++)
        {
          const TaTownName *name = &g_array_index (town->names, TaTownName, i);

          sqlite3_bind_int (name_stmt, 1, town->id);
          bind_text (name_stmt, 2, name->name);
          bind_text (name_stmt, 3, name->lang);
          bind_text (name_stmt, 4, name->kind);
          bind_text (name_stmt, 5, ta_town_merger_get_source_id (self->merger, name->source));
          if (!ta_db_step_done (db, name_stmt, error))
            return FALSE;
        }

      for (guint i = 0; i < town->attestations->len; i++)
        {
          const TaTownAttestation *seen = &g_array_index (town->attestations, TaTownAttestation, i);

          sqlite3_bind_int (source_stmt, 1, town->id);
          bind_text (source_stmt, 2, ta_town_merger_get_source_id (self->merger, seen->source));
          bind_text (source_stmt, 3, seen->label);
          bind_text (source_stmt, 4, seen->stated_country);
          if (isnan (seen->lat))
            {
              sqlite3_bind_null (source_stmt, 5);
              sqlite3_bind_null (source_stmt, 6);
            }
          else
            {
              sqlite3_bind_double (source_stmt, 5, seen->lat);
              sqlite3_bind_double (source_stmt, 6, seen->lon);
            }
          if (!ta_db_step_done (db, source_stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_links (TaDatasetBuilder  *self,
             TaDb              *db,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) link_stmt = ta_db_prepare (db,
    "INSERT INTO link (id, town_a, town_b, source_id) VALUES (?, ?, ?, ?)", error);
  g_autoptr(sqlite3_stmt) source_stmt = NULL;
  guint n_sources = ta_town_merger_get_n_sources (self->merger);

  if (link_stmt == NULL)
    return FALSE;
  source_stmt = ta_db_prepare (db, "INSERT INTO link_source (link_id, source_id) VALUES (?, ?)", error);
  if (source_stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ta_town_merger_get_n_links (self->merger); i++)
    {
      const TaMergedLink *link = ta_town_merger_get_link (self->merger, i);

      sqlite3_bind_int (link_stmt, 1, i + 1);
      sqlite3_bind_int (link_stmt, 2, link->town_a);
      sqlite3_bind_int (link_stmt, 3, link->town_b);
      bind_text (link_stmt, 4, ta_town_merger_get_source_id (self->merger, link->first_source));
      if (!ta_db_step_done (db, link_stmt, error))
        return FALSE;

      for (guint s = 0; s < n_sources; s++)
        {
          if ((link->sources & (1u << s)) == 0)
            continue;
          sqlite3_bind_int (source_stmt, 1, i + 1);
          bind_text (source_stmt, 2, ta_town_merger_get_source_id (self->merger, s));
          if (!ta_db_step_done (db, source_stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_notes (TaDatasetBuilder  *self,
             TaDb              *db,
             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db,
    "INSERT INTO data_note (kind, source_id, subject, action, detail) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < ta_town_merger_get_n_notes (self->merger); i++)
    {
      const TaMergeNote *note = ta_town_merger_get_note (self->merger, i);

      bind_text (stmt, 1, note->kind);
      bind_text (stmt, 2, note->source >= 0
                            ? ta_town_merger_get_source_id (self->merger, note->source)
                            : NULL);
      bind_text (stmt, 3, note->subject);
      bind_text (stmt, 4, note->action);
      bind_text (stmt, 5, note->detail);
      if (!ta_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Programmes */

static gboolean
parse_year (const char *text,
            int        *year)
{
  guint64 value;

  *year = 0;
  if (*text == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1900, 2200, &value, NULL))
    return FALSE;

  *year = (int) value;
  return TRUE;
}

static gboolean
programme_error (GError      **error,
                 TaCsvReader  *reader,
                 const char   *what)
{
  g_set_error (error, TA_DATASET_BUILDER_ERROR, TA_DATASET_BUILDER_ERROR_SOURCE,
               _("“%s”, line %u: %s"), ta_csv_reader_get_name (reader),
               ta_csv_reader_get_line (reader), what);
  return FALSE;
}

static gboolean
write_programmes (TaDatasetBuilder  *self,
                  TaDb              *db,
                  GError           **error)
{
  enum { NAME, FUNDER, KIND, START_YEAR, END_YEAR, URL, NOTE, N_COLUMNS };
  static const char * const columns[] = {
    "name", "funder", "kind", "start_year", "end_year", "url", "note", NULL,
  };
  g_autofree char *path = g_build_filename (self->sources_dir, TA_DATASET_PROGRAMMES_FILE, NULL);
  g_autoptr(TaCsvReader) reader = ta_csv_reader_new_for_path (path, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  int col[N_COLUMNS];
  GStrv fields;

  if (reader == NULL ||
      !ta_csv_reader_read_header (reader, error) ||
      !ta_csv_reader_require_columns (reader, columns, col, error))
    return FALSE;

  stmt = ta_db_prepare (db,
    "INSERT INTO programme (name, funder, kind, start_year, end_year, url, note, source_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, '" TA_SOURCE_PROGRAMME_CATALOGUE "')", error);
  if (stmt == NULL)
    return FALSE;

  while (ta_csv_reader_next (reader, &fields, &local_error))
    {
      const char *name = ta_csv_reader_get_field (reader, col[NAME]);
      const char *funder = ta_csv_reader_get_field (reader, col[FUNDER]);
      const char *kind = ta_csv_reader_get_field (reader, col[KIND]);
      const char *url = ta_csv_reader_get_field (reader, col[URL]);
      const char *note = ta_csv_reader_get_field (reader, col[NOTE]);
      int start_year, end_year;

      if (*name == '\0' || *funder == '\0')
        return programme_error (error, reader, _("a programme needs a name and a funder"));
      if (!g_strv_contains (programme_kinds, kind))
        return programme_error (error, reader, _("the kind must be eu, bilateral, national, "
                                                 "regional, local or other"));
      if (!parse_year (ta_csv_reader_get_field (reader, col[START_YEAR]), &start_year) ||
          !parse_year (ta_csv_reader_get_field (reader, col[END_YEAR]), &end_year) ||
          (start_year > 0 && end_year > 0 && end_year < start_year))
        return programme_error (error, reader, _("the years must be empty or run from 1900 to 2200, "
                                                 "the end not before the start"));
      /* Every fact in the catalogue must be checkable at its source. */
      if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
        return programme_error (error, reader, _("a programme needs the address of its official page"));

      bind_text (stmt, 1, name);
      bind_text (stmt, 2, funder);
      bind_text (stmt, 3, kind);
      bind_year (stmt, 4, start_year);
      bind_year (stmt, 5, end_year);
      bind_text (stmt, 6, url);
      bind_text (stmt, 7, *note != '\0' ? note : NULL);
      if (!ta_db_step_done (db, stmt, error))
        {
          g_prefix_error (error, "%s, line %u: ", path, ta_csv_reader_get_line (reader));
          return FALSE;
        }
      self->stats.programmes++;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Counting what was written */

static guint
count (TaDb       *db,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

static void
count_written (TaDatasetBuilder *self,
               TaDb             *db)
{
  TaDatasetStats *stats = &self->stats;

  stats->towns = count (db, "SELECT count(*) FROM town");
  stats->links = count (db, "SELECT count(*) FROM link");
  stats->countries = count (db, "SELECT count(*) FROM country");
  stats->regions = count (db, "SELECT count(*) FROM region");
  stats->town_names = count (db, "SELECT count(*) FROM town_name");
  stats->notes = count (db, "SELECT count(*) FROM data_note");
  stats->towns_with_wikidata = count (db, "SELECT count(*) FROM town WHERE wikidata IS NOT NULL");
  stats->pl_towns = count (db, "SELECT count(*) FROM town WHERE country_code = 'PL'");
  stats->pl_links = count (db,
    "SELECT count(*) FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b "
    "WHERE a.country_code = 'PL' OR b.country_code = 'PL'");
  stats->pl_regions_with_towns = count (db,
    "SELECT count(DISTINCT region_id) FROM town WHERE country_code = 'PL' AND region_id IS NOT NULL");
  stats->merge = *ta_town_merger_get_stats (self->merger);
  stats->crawl = *ta_crawl_matcher_get_stats (self->crawl);
}

static gboolean
write_all (TaDatasetBuilder  *self,
           TaDb              *db,
           GError           **error)
{
  g_autoptr(GHashTable) region_ids = g_hash_table_new (g_direct_hash, g_direct_equal);

  return write_sources (self, db, error) &&
         write_countries (self, db, error) &&
         write_regions (self, db, region_ids, error) &&
         write_towns (self, db, region_ids, error) &&
         write_links (self, db, error) &&
         write_programmes (self, db, error) &&
         write_notes (self, db, error);
}

/**
 * ta_dataset_builder_build:
 * @db: an empty atlas
 *
 * Reads the sources and writes the atlas in one transaction: on failure
 * @db is left as it was.
 */
gboolean
ta_dataset_builder_build (TaDatasetBuilder  *self,
                          TaDb              *db,
                          GError           **error)
{
  g_return_val_if_fail (TA_IS_DATASET_BUILDER (self), FALSE);
  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (!self->built, FALSE);

  self->built = TRUE;

  if (!ta_dataset_builder_read_wikidata_eu (self, error) ||
      !ta_dataset_builder_read_wikipedia (self, error))
    return FALSE;
  ta_town_merger_run (self->merger);

  if (!ta_dataset_builder_read_crawl (self, error))
    return FALSE;
  ta_crawl_matcher_run (self->crawl, self->merger, self->source_crawl);

  if (!ta_db_begin (db, error))
    return FALSE;
  if (!write_all (self, db, error))
    {
      ta_db_rollback (db);
      return FALSE;
    }
  if (!ta_db_commit (db, error))
    return FALSE;

  count_written (self, db);
  return TRUE;
}
