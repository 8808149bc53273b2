/* ta-import-plan.c: what an import would change, before it changes it
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Phase 1 of an import: rows become records and the towns they name are
 * matched against the atlas, in this order:
 *
 *  1. the Wikidata id, then the GeoNames id;
 *  2. the folded name (ta_fold_key(): any of the town's names) and the
 *     country, leaving out towns whose ids contradict the row's;
 *  3. with a point: of those, the towns within TA_IMPORT_MATCH_KM; none
 *     means a new town; without a point, none rejects the row (a town
 *     cannot be placed without a point);
 *  4. of several: the one at the very point (TA_IMPORT_SAME_POINT_KM), else
 *     the only one whose own name (not an other name) it is, else the one
 *     within TA_IMPORT_NEAR_KM when the others are beyond; else the user
 *     decides (an ambiguity).
 *
 * A town row (a file of towns) is one town: it joins a town an earlier
 * row of the same import created only with the same id, or the same own
 * name at the same point, so that two towns of an exported atlas never
 * become one ("Gotland" and "Gotland Municipality", alias "Gotland").
 *
 * Towns the plan creates join the index, so that the next rows naming
 * them find them.  Nothing is written here: see ta-import-commit.c.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-fold.h"
#include "ta-geo.h"
#include "ta-import-plan-state.h"

G_DEFINE_FINAL_TYPE (TaImportPlan, ta_import_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-import-error-quark, ta_import_error)

static const char * const record_type_names[] = {
  [TA_IMPORT_RECORD_AUTO] = "auto",
  [TA_IMPORT_RECORD_TOWNS] = "towns",
  [TA_IMPORT_RECORD_LINKS] = "links",
  [TA_IMPORT_RECORD_EXCHANGES] = "exchanges",
  [TA_IMPORT_RECORD_FUNDING] = "funding",
  [TA_IMPORT_RECORD_EVENTS] = "events",
  [TA_IMPORT_RECORD_PROGRAMMES] = "programmes",
  [TA_IMPORT_RECORD_SOURCES] = "sources",
};

typedef struct
{
  guint  entry;
  double distance;
} Candidate;

static void
ambiguity_free (Ambiguity *ambiguity)
{
  g_clear_pointer (&ambiguity->candidates, g_array_unref);
  g_clear_pointer (&ambiguity->candidate_entries, g_array_unref);
  g_free (ambiguity);
}

static void
plan_file_clear (PlanFile *file)
{
  g_clear_pointer (&file->display_name, g_free);
}

static void
ta_import_plan_finalize (GObject *object)
{
  TaImportPlan *self = (TaImportPlan *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->iso_codes);
  g_clear_pointer (&self->files, g_array_unref);
  g_clear_pointer (&self->rejections, g_array_unref);
  g_clear_error (&self->failure);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_qid, g_hash_table_unref);
  g_clear_pointer (&self->by_geonames, g_hash_table_unref);
  g_clear_pointer (&self->key_cache, g_hash_table_unref);
  g_clear_pointer (&self->grid, g_hash_table_unref);
  g_clear_pointer (&self->db_links, g_hash_table_unref);
  g_clear_pointer (&self->db_link_rows, g_array_unref);
  g_clear_pointer (&self->planned_pairs, g_hash_table_unref);
  g_clear_pointer (&self->known_sources, g_hash_table_unref);
  g_clear_pointer (&self->countries, g_hash_table_unref);
  g_clear_pointer (&self->country_names, g_hash_table_unref);
  g_clear_pointer (&self->atlas_countries, g_hash_table_unref);
  g_clear_pointer (&self->programmes, g_hash_table_unref);
  g_clear_pointer (&self->planned_programmes, g_hash_table_unref);
  g_clear_pointer (&self->ambiguities, g_ptr_array_unref);
  g_clear_pointer (&self->ambiguity_index, g_hash_table_unref);
  g_clear_pointer (&self->town_records, g_array_unref);
  g_clear_pointer (&self->link_records, g_array_unref);
  g_clear_pointer (&self->exchange_records, g_array_unref);
  g_clear_pointer (&self->funding_records, g_array_unref);
  g_clear_pointer (&self->event_records, g_array_unref);
  g_clear_pointer (&self->source_records, g_array_unref);
  g_clear_pointer (&self->programme_records, g_array_unref);
  g_clear_pointer (&self->names, g_array_unref);
  g_clear_pointer (&self->source_lists, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (ta_import_plan_parent_class)->finalize (object);
}

static void
ta_import_plan_class_init (TaImportPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_import_plan_finalize;
}

static guint
pair_hash (gconstpointer key)
{
  guint64 value = *(const guint64 *) key;

  return (guint) (value ^ (value >> 29) ^ ((value >> 32) * 0x9e3779b1u));
}

static void
ta_import_plan_init (TaImportPlan *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  self->files = g_array_new (FALSE, TRUE, sizeof (PlanFile));
  g_array_set_clear_func (self->files, (GDestroyNotify) plan_file_clear);
  self->rejections = g_array_new (FALSE, TRUE, sizeof (TaImportRejection));
  self->entries = g_array_new (FALSE, TRUE, sizeof (TownEntry));
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
  self->by_qid = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_geonames = g_hash_table_new (g_str_hash, g_str_equal);
  self->key_cache = g_hash_table_new (g_str_hash, g_str_equal);
  self->db_links = g_hash_table_new_full (pair_hash, g_int64_equal, g_free, NULL);
  self->db_link_rows = g_array_new (FALSE, TRUE, sizeof (DbLink));
  self->planned_pairs = g_hash_table_new_full (pair_hash, g_int64_equal, g_free, NULL);
  self->known_sources = g_hash_table_new (g_str_hash, g_str_equal);
  self->countries = g_hash_table_new (g_str_hash, g_str_equal);
  self->country_names = g_hash_table_new (g_str_hash, g_str_equal);
  self->atlas_countries = g_hash_table_new (g_str_hash, g_str_equal);
  self->programmes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->planned_programmes = g_hash_table_new (g_str_hash, g_str_equal);
  self->ambiguities = g_ptr_array_new_with_free_func ((GDestroyNotify) ambiguity_free);
  self->ambiguity_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->town_records = g_array_new (FALSE, TRUE, sizeof (TownRecord));
  self->link_records = g_array_new (FALSE, TRUE, sizeof (LinkRecord));
  self->exchange_records = g_array_new (FALSE, TRUE, sizeof (ExchangeRecord));
  self->funding_records = g_array_new (FALSE, TRUE, sizeof (FundingRecord));
  self->event_records = g_array_new (FALSE, TRUE, sizeof (EventRecord));
  self->source_records = g_array_new (FALSE, TRUE, sizeof (SourceRecord));
  self->programme_records = g_array_new (FALSE, TRUE, sizeof (ProgrammeRecord));
  self->names = g_array_new (FALSE, TRUE, sizeof (TaImportName));
  self->source_lists = g_ptr_array_new ();
}

const char *
ta_import_record_type_to_string (TaImportRecordType type)
{
  g_return_val_if_fail (type <= TA_IMPORT_RECORD_SOURCES, NULL);

  return record_type_names[type];
}

gboolean
ta_import_record_type_from_string (const char         *text,
                                   TaImportRecordType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_type_names); i++)
    {
      if (g_strcmp0 (text, record_type_names[i]) == 0)
        {
          *type = i;
          return TRUE;
        }
    }

  return FALSE;
}

void
ta_town_input_init (TaTownInput *input)
{
  memset (input, 0, sizeof *input);
  input->population = -1;
}

/**
 * ta_import_plan_new:
 * @db: the atlas the plan imports into
 *
 * Returns: (transfer full): an empty plan
 */
TaImportPlan *
ta_import_plan_new (TaDb *db)
{
  TaImportPlan *self;

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  self = g_object_new (TA_TYPE_IMPORT_PLAN, NULL);
  self->db = g_object_ref (db);

  return self;
}

TaDb *
ta_import_plan_get_db (TaImportPlan *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), NULL);

  return self->db;
}

static const char *
intern (TaImportPlan *self,
        const char   *text)
{
  if (text == NULL)
    return NULL;

  return g_string_chunk_insert_const (self->strings, text);
}

/* Values that repeat little (notes, descriptions) are not worth hashing. */
static const char *
copy (TaImportPlan *self,
      const char   *text)
{
  if (text == NULL)
    return NULL;

  return g_string_chunk_insert (self->strings, text);
}

static const char *
folded_key (TaImportPlan *self,
            const char   *name)
{
  const char *key = g_hash_table_lookup (self->key_cache, name);

  if (key == NULL)
    {
      g_autofree char *folded = ta_fold_key (name);

      key = intern (self, folded);
      g_hash_table_insert (self->key_cache, (gpointer) intern (self, name), (gpointer) key);
    }

  return key;
}

/* Programmes differ by what ta_fold_key() drops: "Erasmus+ (2014–2020)"
 * and "Erasmus+ (2021–2027)" are two. */
static const char *
programme_key (TaImportPlan *self,
               const char   *name)
{
  g_autofree char *folded = ta_fold (name);

  return intern (self, g_strstrip (folded));
}

static inline TownEntry *
entry_at (TaImportPlan *self,
          guint         index)
{
  return &g_array_index (self->entries, TownEntry, index);
}

static void
index_name (TaImportPlan *self,
            guint         entry,
            const char   *name)
{
  const char *key;
  GArray *list;

  if (name == NULL)
    return;

  key = folded_key (self, name);
  if (*key == '\0')
    return;

  list = g_hash_table_lookup (self->by_key, key);
  if (list == NULL)
    {
      list = g_array_sized_new (FALSE, FALSE, sizeof (guint), 1);
      g_hash_table_insert (self->by_key, (gpointer) key, list);
    }

  for (guint i = 0; i < list->len; i++)
    if (g_array_index (list, guint, i) == entry)
      return;
  g_array_append_val (list, entry);
}

static const char *
geonames_key (TaImportPlan *self,
              gint64        geonames_id)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, geonames_id);
  return intern (self, buffer);
}

static guint
grid_cell (double lat,
           double lon)
{
  int row = CLAMP ((int) floor (lat) + 90, 0, 179);
  int column = CLAMP ((int) floor (lon) + 180, 0, 359);

  return (guint) (row * 360 + column) + 1;
}

static void
grid_add (TaImportPlan *self,
          guint         entry)
{
  TownEntry *town = entry_at (self, entry);
  gpointer cell = GUINT_TO_POINTER (grid_cell (town->lat, town->lon));
  GArray *list = g_hash_table_lookup (self->grid, cell);

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->grid, cell, list);
    }
  g_array_append_val (list, entry);
}

static void
index_entry (TaImportPlan *self,
             guint         entry)
{
  TownEntry *town = entry_at (self, entry);

  index_name (self, entry, town->name);
  index_name (self, entry, town->name_native);
  if (town->wikidata != NULL && !g_hash_table_contains (self->by_qid, town->wikidata))
    g_hash_table_insert (self->by_qid, (gpointer) town->wikidata, GUINT_TO_POINTER (entry + 1));
  if (town->geonames_id > 0)
    {
      const char *key = geonames_key (self, town->geonames_id);

      if (!g_hash_table_contains (self->by_geonames, key))
        g_hash_table_insert (self->by_geonames, (gpointer) key, GUINT_TO_POINTER (entry + 1));
    }
  if (self->grid != NULL)
    grid_add (self, entry);
}

static int
compare_entry_id (const void *key,
                  const void *element)
{
  gint64 id = *(const gint64 *) key;
  gint64 other = ((const TownEntry *) element)->db_id;

  return id < other ? -1 : id > other;
}

/* The entry of an atlas town; entries of the atlas are sorted by id. */
static gboolean
entry_for_db_id (TaImportPlan *self,
                 gint64        id,
                 guint        *entry)
{
  const TownEntry *found = bsearch (&id, self->entries->data, self->n_db_entries,
                                    sizeof (TownEntry), compare_entry_id);

  if (found == NULL)
    return FALSE;

  *entry = (guint) (found - (const TownEntry *) (gconstpointer) self->entries->data);
  return TRUE;
}

static const char *
column_text (TaImportPlan *self,
             sqlite3_stmt *stmt,
             int           column)
{
  return intern (self, (const char *) sqlite3_column_text (stmt, column));
}

static gboolean
load_towns (TaImportPlan  *self,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) towns = NULL;
  g_autoptr(sqlite3_stmt) names = NULL;
  int rc;

  towns = ta_db_prepare (self->db,
                         "SELECT id, name, name_native, country_code, lat, lon, wikidata,"
                         "       coalesce (geonames_id, 0), coalesce (population, -1)"
                         "  FROM town ORDER BY id", error);
  if (towns == NULL)
    return FALSE;

  while ((rc = sqlite3_step (towns)) == SQLITE_ROW)
    {
      TownEntry entry = { 0, };

      entry.db_id = sqlite3_column_int64 (towns, 0);
      entry.name = column_text (self, towns, 1);
      entry.name_native = column_text (self, towns, 2);
      entry.country = column_text (self, towns, 3);
      entry.lat = sqlite3_column_double (towns, 4);
      entry.lon = sqlite3_column_double (towns, 5);
      entry.wikidata = column_text (self, towns, 6);
      entry.geonames_id = sqlite3_column_int64 (towns, 7);
      entry.population = sqlite3_column_int64 (towns, 8);
      g_array_append_val (self->entries, entry);
      index_entry (self, self->entries->len - 1);
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, _("Reading the towns"));
      return FALSE;
    }
  self->n_db_entries = self->entries->len;

  names = ta_db_prepare (self->db, "SELECT town_id, name FROM town_name", error);
  if (names == NULL)
    return FALSE;
  while ((rc = sqlite3_step (names)) == SQLITE_ROW)
    {
      guint entry;

      if (entry_for_db_id (self, sqlite3_column_int64 (names, 0), &entry))
        index_name (self, entry, (const char *) sqlite3_column_text (names, 1));
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, _("Reading the town names"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_links (TaImportPlan  *self,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = ta_db_prepare (self->db,
                        "SELECT id, town_a, town_b, coalesce (start_year, 0), coalesce (end_year, 0), status"
                        "  FROM link", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DbLink link;
      guint a, b;
      guint64 *key;

      if (!entry_for_db_id (self, sqlite3_column_int64 (stmt, 1), &a) ||
          !entry_for_db_id (self, sqlite3_column_int64 (stmt, 2), &b))
        continue;

      link.id = sqlite3_column_int64 (stmt, 0);
      link.start_year = sqlite3_column_int (stmt, 3);
      link.end_year = sqlite3_column_int (stmt, 4);
      link.status = column_text (self, stmt, 5);
      g_array_append_val (self->db_link_rows, link);

      key = g_new (guint64, 1);
      *key = pair_key (a, b);
      g_hash_table_replace (self->db_links, key, GUINT_TO_POINTER (self->db_link_rows->len));
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, _("Reading the links"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_vocabulary (TaImportPlan  *self,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) sources = NULL;
  g_autoptr(sqlite3_stmt) countries = NULL;
  g_autoptr(sqlite3_stmt) programmes = NULL;
  int rc;

  if (!(sources = ta_db_prepare (self->db, "SELECT id FROM source", error)) ||
      !(countries = ta_db_prepare (self->db, "SELECT code, name_en, name_pl, name_de, name_native FROM country", error)) ||
      !(programmes = ta_db_prepare (self->db, "SELECT id, name FROM programme", error)))
    return FALSE;

  while ((rc = sqlite3_step (sources)) == SQLITE_ROW)
    g_hash_table_insert (self->known_sources, (gpointer) column_text (self, sources, 0), GINT_TO_POINTER (1));
  if (rc != SQLITE_DONE)
    goto failed;

  while ((rc = sqlite3_step (countries)) == SQLITE_ROW)
    {
      const char *code = column_text (self, countries, 0);

      g_hash_table_insert (self->atlas_countries, (gpointer) code, GINT_TO_POINTER (1));
      for (int column = 1; column <= 4; column++)
        {
          const char *name = (const char *) sqlite3_column_text (countries, column);

          if (name != NULL)
            g_hash_table_insert (self->country_names, (gpointer) folded_key (self, name), (gpointer) code);
        }
    }
  if (rc != SQLITE_DONE)
    goto failed;

  while ((rc = sqlite3_step (programmes)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (programmes, 0);
      g_hash_table_insert (self->programmes,
                           (gpointer) programme_key (self, (const char *) sqlite3_column_text (programmes, 1)),
                           id);
    }
  if (rc != SQLITE_DONE)
    goto failed;

  return TRUE;

failed:
  ta_db_set_error_from_sqlite (self->db, error, _("Reading the atlas"));
  return FALSE;
}

/**
 * ta_import_plan_load_index:
 *
 * Reads what matching needs from the atlas: its towns, links, sources,
 * countries and programmes.  Readers call it before the first row.
 */
gboolean
ta_import_plan_load_index (TaImportPlan  *self,
                           GError       **error)
{
  if (self->index_loaded)
    return TRUE;

  if (!load_towns (self, error) || !load_links (self, error) || !load_vocabulary (self, error))
    {
      g_array_set_size (self->entries, 0);
      return FALSE;
    }

  self->index_loaded = TRUE;
  return TRUE;
}

TaIsoCodes *
ta_import_plan_get_iso_codes (TaImportPlan *self)
{
  if (self->iso_codes == NULL && !self->iso_codes_failed)
    {
      g_autoptr(GError) error = NULL;

      self->iso_codes = ta_iso_codes_new (NULL, NULL, &error);
      if (self->iso_codes == NULL)
        {
          /* Country codes the atlas already has still work. */
          g_debug ("No iso-codes for the import: %s", error->message);
          self->iso_codes_failed = TRUE;
        }
    }

  return self->iso_codes;
}

/* Files and rows */

static char *
default_source_id (TaImportPlan *self,
                   const char   *display_name,
                   const char   *timestamp)
{
  g_autofree char *basename = g_path_get_basename (display_name);
  g_autofree char *base_id = g_strdup_printf ("import:%s:%s", basename, timestamp);
  char *id = g_strdup (base_id);

  for (guint n = 2; g_hash_table_contains (self->known_sources, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s:%u", base_id, n);
    }

  return id;
}

guint
ta_import_plan_add_file (TaImportPlan        *self,
                         const char          *display_name,
                         const TaSourceInput *source)
{
  PlanFile file = { 0, };

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), 0);

  file.display_name = g_strdup (display_name);

  if (source != NULL)
    {
      file.source.id = intern (self, source->id);
      file.source.title = intern (self, source->title);
      file.source.licence = intern (self, source->licence);
      file.source.attribution = intern (self, source->attribution);
      file.source.url = intern (self, source->url);
      file.source.retrieved = intern (self, source->retrieved);
      file.source.note = intern (self, source->note);
      file.may_exist = TRUE;
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *basename = g_path_get_basename (display_name);
      g_autofree char *id = default_source_id (self, display_name, timestamp);
      g_autofree char *title = g_strdup_printf ("Imported from %s", basename);

      file.source.id = intern (self, id);
      file.source.title = intern (self, title);
      file.source.licence = intern (self, "user-supplied");
      file.source.attribution = intern (self, "user-supplied");
      file.source.retrieved = intern (self, date);
      file.source.note = intern (self, display_name);
    }

  if (!g_hash_table_contains (self->known_sources, file.source.id))
    g_hash_table_insert (self->known_sources, (gpointer) file.source.id, GINT_TO_POINTER (2));

  g_array_append_val (self->files, file);
  return self->files->len - 1;
}

const char *
ta_import_plan_get_file_name (TaImportPlan *self,
                              guint         file)
{
  g_return_val_if_fail (file < self->files->len, NULL);

  return g_array_index (self->files, PlanFile, file).display_name;
}

void
ta_import_plan_count_row (TaImportPlan *self,
                          guint         file)
{
  g_array_index (self->files, PlanFile, file).rows++;
}

void
ta_import_plan_reject (TaImportPlan      *self,
                       const TaImportRow *row,
                       const char        *field,
                       const char        *format,
                       ...)
{
  TaImportRejection rejection = { 0, };
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  rejection.file = ta_import_plan_get_file_name (self, row->file);
  rejection.line = row->line;
  rejection.record = intern (self, row->record);
  rejection.field = intern (self, field);
  rejection.reason = copy (self, reason);
  g_array_append_val (self->rejections, rejection);
}

void
ta_import_plan_set_failure (TaImportPlan *self,
                            const GError *error)
{
  if (self->failure == NULL)
    self->failure = g_error_copy (error);
}

const char *
ta_import_plan_lookup_country (TaImportPlan *self,
                               const char   *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  const char *code = g_hash_table_lookup (self->countries, trimmed);
  TaIsoCodes *iso = NULL;
  gsize len = strlen (trimmed);

  if (code != NULL)
    return *code != '\0' ? code : NULL;

  iso = ta_import_plan_get_iso_codes (self);

  if (len == 2 && g_ascii_isalpha (trimmed[0]) && g_ascii_isalpha (trimmed[1]))
    {
      char upper[3] = { g_ascii_toupper (trimmed[0]), g_ascii_toupper (trimmed[1]), '\0' };

      if (g_hash_table_contains (self->atlas_countries, upper) ||
          (iso != NULL && ta_iso_codes_get_country_name (iso, upper, NULL) != NULL))
        code = intern (self, upper);
    }
  else if (len == 3 && iso != NULL)
    {
      g_autofree char *upper = g_ascii_strup (trimmed, -1);

      code = ta_iso_codes_get_country_code_for_alpha3 (iso, upper);
    }

  if (code == NULL && len > 0)
    code = g_hash_table_lookup (self->country_names, folded_key (self, trimmed));
  if (code == NULL && len > 0 && iso != NULL)
    code = ta_iso_codes_get_country_code (iso, trimmed);

  g_hash_table_insert (self->countries, (gpointer) intern (self, trimmed),
                       (gpointer) intern (self, code != NULL ? code : ""));
  return code != NULL ? intern (self, code) : NULL;
}

gboolean
ta_import_plan_check_sources (TaImportPlan      *self,
                              const TaImportRow *row)
{
  if (row->source != NULL && !g_hash_table_contains (self->known_sources, row->source))
    {
      ta_import_plan_reject (self, row, row->source_field,
                             _("unknown source “%s”: import the sources file that defines it first, or leave the column empty"),
                             row->source);
      return FALSE;
    }

  for (guint i = 0; row->sources != NULL && row->sources[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->known_sources, row->sources[i]))
        {
          ta_import_plan_reject (self, row, row->sources_field,
                                 _("unknown source “%s”: import the sources file that defines it first, or leave the column empty"),
                                 row->sources[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Matching */

static guint
add_entry (TaImportPlan      *self,
           const TaImportRow *row,
           const TaTownInput *input,
           gboolean           indexed)
{
  TownEntry entry = { 0, };

  entry.name = intern (self, input->name);
  entry.country = intern (self, input->country);
  entry.lat = input->lat;
  entry.lon = input->lon;
  entry.population = -1;
  entry.place.file = row->file;
  entry.place.line = row->line;
  entry.place.record = intern (self, row->record);
  entry.source = intern (self, row->source);
  if (input->wikidata != NULL && !g_hash_table_contains (self->by_qid, input->wikidata))
    entry.wikidata = intern (self, input->wikidata);
  if (input->geonames_id > 0 && !g_hash_table_contains (self->by_geonames, geonames_key (self, input->geonames_id)))
    entry.geonames_id = input->geonames_id;

  g_array_append_val (self->entries, entry);
  if (indexed)
    index_entry (self, self->entries->len - 1);

  return self->entries->len - 1;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  return (ca->distance > cb->distance) - (ca->distance < cb->distance);
}

static int
add_ambiguity (TaImportPlan      *self,
               const TaImportRow *row,
               const char        *field,
               const TaTownInput *input,
               const char        *key,
               GArray            *candidates)
{
  g_autofree char *ambiguity_key = NULL;
  Ambiguity *ambiguity;
  gpointer found;

  if (input->has_point)
    ambiguity_key = g_strdup_printf ("%s\x1f%s\x1f%.4f,%.4f", key, input->country ? input->country : "",
                                     input->lat, input->lon);
  else
    ambiguity_key = g_strdup_printf ("%s\x1f%s\x1f", key, input->country ? input->country : "");

  found = g_hash_table_lookup (self->ambiguity_index, ambiguity_key);
  if (found != NULL)
    {
      ambiguity = g_ptr_array_index (self->ambiguities, GPOINTER_TO_UINT (found) - 1);
      ambiguity->pub.n_rows++;
      return -(int) GPOINTER_TO_UINT (found);
    }

  ambiguity = g_new0 (Ambiguity, 1);
  ambiguity->candidates = g_array_new (FALSE, TRUE, sizeof (TaImportCandidate));
  ambiguity->candidate_entries = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *candidate = &g_array_index (candidates, Candidate, i);
      const TownEntry *town = entry_at (self, candidate->entry);
      TaImportCandidate pub = { 0, };

      pub.town_id = town->db_id;
      pub.name = town->name;
      pub.country = town->country;
      pub.lat = town->lat;
      pub.lon = town->lon;
      pub.distance_km = candidate->distance;
      pub.wikidata = town->wikidata;
      g_array_append_val (ambiguity->candidates, pub);
      g_array_append_val (ambiguity->candidate_entries, candidate->entry);
    }

  ambiguity->pub.name = intern (self, input->name);
  ambiguity->pub.country = intern (self, input->country);
  ambiguity->pub.has_point = input->has_point;
  ambiguity->pub.lat = input->lat;
  ambiguity->pub.lon = input->lon;
  ambiguity->pub.file = ta_import_plan_get_file_name (self, row->file);
  ambiguity->pub.line = row->line;
  ambiguity->pub.field = intern (self, field);
  ambiguity->pub.n_rows = 1;
  ambiguity->pub.n_candidates = ambiguity->candidates->len;
  ambiguity->pub.candidates = (const TaImportCandidate *) (gconstpointer) ambiguity->candidates->data;
  ambiguity->pub.choice = TA_IMPORT_CHOICE_UNDECIDED;
  ambiguity->wikidata = intern (self, input->wikidata);
  ambiguity->geonames_id = input->geonames_id;
  ambiguity->created_entry = -1;
  ambiguity->place.file = row->file;
  ambiguity->place.line = row->line;
  ambiguity->place.record = intern (self, row->record);

  g_ptr_array_add (self->ambiguities, ambiguity);
  g_hash_table_insert (self->ambiguity_index, g_steal_pointer (&ambiguity_key),
                       GUINT_TO_POINTER (self->ambiguities->len));

  return -(int) self->ambiguities->len;
}

static gboolean
own_name_is (TaImportPlan    *self,
             const TownEntry *town,
             const char      *key)
{
  return strcmp (folded_key (self, town->name), key) == 0 ||
         (town->name_native != NULL && strcmp (folded_key (self, town->name_native), key) == 0);
}

/* Rule 4 of the file comment: moves the town meant to the front of
 * @candidates, or returns FALSE when it is for the user to decide. */
static gboolean
pick_candidate (TaImportPlan *self,
                GArray       *candidates,
                const char   *key,
                gboolean      has_point)
{
  Candidate *c = (Candidate *) (gpointer) candidates->data;
  int own = -1;

  if (has_point)
    {
      g_array_sort (candidates, compare_candidates);
      if (c[0].distance <= TA_IMPORT_SAME_POINT_KM && c[1].distance > TA_IMPORT_SAME_POINT_KM)
        return TRUE;
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      if (own_name_is (self, entry_at (self, c[i].entry), key))
        {
          if (own >= 0)
            {
              own = -2;
              break;
            }
          own = (int) i;
        }
    }
  if (own >= 0)
    {
      Candidate chosen = c[own];

      c[own] = c[0];
      c[0] = chosen;
      return TRUE;
    }

  return has_point && c[0].distance <= TA_IMPORT_NEAR_KM && c[1].distance > TA_IMPORT_NEAR_KM;
}

static const char *
describe_town (const TaTownInput *input,
               char              *buffer,
               gsize              size)
{
  if (input->country != NULL)
    g_snprintf (buffer, size, "“%s” (%s)", input->name, input->country);
  else
    g_snprintf (buffer, size, "“%s”", input->name);

  return buffer;
}

gboolean
ta_import_plan_find_town (TaImportPlan      *self,
                          const TaImportRow *row,
                          const char        *field,
                          const TaTownInput *input,
                          int               *slot)
{
  g_autoptr(GArray) candidates = NULL;
  GArray *list;
  gpointer found;
  const char *key;
  char described[512];

  if (input->wikidata != NULL && (found = g_hash_table_lookup (self->by_qid, input->wikidata)) != NULL)
    {
      *slot = (int) GPOINTER_TO_UINT (found) - 1;
      return TRUE;
    }
  if (input->geonames_id > 0 &&
      (found = g_hash_table_lookup (self->by_geonames, geonames_key (self, input->geonames_id))) != NULL)
    {
      *slot = (int) GPOINTER_TO_UINT (found) - 1;
      return TRUE;
    }

  if (input->name == NULL || *input->name == '\0')
    {
      if (input->wikidata != NULL)
        ta_import_plan_reject (self, row, field,
                               _("no town with Wikidata id %s in the atlas or this import, and no name to create it"),
                               input->wikidata);
      else if (input->geonames_id > 0)
        ta_import_plan_reject (self, row, field,
                               _("no town with GeoNames id %lld in the atlas or this import, and no name to create it"),
                               (long long) input->geonames_id);
      else
        ta_import_plan_reject (self, row, field, _("the town's name is empty"));
      return FALSE;
    }

  key = folded_key (self, input->name);
  if (*key == '\0')
    {
      ta_import_plan_reject (self, row, field, _("“%s” is not a town name"), input->name);
      return FALSE;
    }

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  list = g_hash_table_lookup (self->by_key, key);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      guint index = g_array_index (list, guint, i);
      const TownEntry *town = entry_at (self, index);
      Candidate candidate = { index, NAN };

      if (input->country != NULL && g_strcmp0 (town->country, input->country) != 0)
        continue;
      if (input->wikidata != NULL && town->wikidata != NULL && strcmp (town->wikidata, input->wikidata) != 0)
        continue;
      if (input->geonames_id > 0 && town->geonames_id > 0 && town->geonames_id != input->geonames_id)
        continue;
      if (input->has_point)
        {
          candidate.distance = ta_geo_distance_km (input->lat, input->lon, town->lat, town->lon);
          if (candidate.distance > TA_IMPORT_MATCH_KM)
            continue;
        }
      if (row->describes_town && index >= self->n_db_entries &&
          !(own_name_is (self, town, key) &&
            (!input->has_point || candidate.distance <= TA_IMPORT_SAME_POINT_KM)))
        continue;
      g_array_append_val (candidates, candidate);
    }

  if (candidates->len == 1 || (candidates->len > 1 && pick_candidate (self, candidates, key, input->has_point)))
    {
      *slot = (int) g_array_index (candidates, Candidate, 0).entry;
      return TRUE;
    }

  if (candidates->len > 1)
    {
      *slot = add_ambiguity (self, row, field, input, key, candidates);
      return TRUE;
    }

  if (!input->has_point)
    {
      ta_import_plan_reject (self, row, field,
                             _("no town %s in the atlas or this import, and no coordinates to create it"),
                             describe_town (input, described, sizeof described));
      return FALSE;
    }

  *slot = (int) add_entry (self, row, input, TRUE);
  return TRUE;
}

static void
intern_list (TaImportPlan        *self,
             const char * const  *list,
             guint               *first,
             guint               *n)
{
  *first = self->source_lists->len;
  *n = 0;
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      g_ptr_array_add (self->source_lists, (gpointer) intern (self, list[i]));
      (*n)++;
    }
}

/* Which values a record would give an entry that lacks them. */
static guint
fills_for (TaImportPlan     *self,
           const TownEntry  *entry,
           guint             entry_index,
           const TownRecord *record)
{
  guint fills = 0;
  gpointer owner;

  if (entry->wikidata == NULL && record->wikidata != NULL)
    {
      owner = g_hash_table_lookup (self->by_qid, record->wikidata);
      if (owner == NULL || GPOINTER_TO_UINT (owner) == entry_index + 1)
        fills |= FILL_WIKIDATA;
    }
  if (entry->geonames_id <= 0 && record->geonames_id > 0)
    {
      owner = g_hash_table_lookup (self->by_geonames, geonames_key (self, record->geonames_id));
      if (owner == NULL || GPOINTER_TO_UINT (owner) == entry_index + 1)
        fills |= FILL_GEONAMES;
    }
  if (entry->population < 0 && record->population >= 0)
    fills |= FILL_POPULATION;
  if (entry->name_native == NULL && record->name_native != NULL &&
      g_strcmp0 (record->name_native, entry->name) != 0)
    fills |= FILL_NATIVE;

  return fills;
}

/**
 * ta_import_plan_fill_entry:
 * @fills: (out) (optional): what was filled, or'ed in
 *
 * Gives an entry the values a town record has and the entry lacks, and
 * indexes them.
 */
void
ta_import_plan_fill_entry (TaImportPlan     *self,
                           TownEntry        *entry,
                           guint             entry_index,
                           const TownRecord *record,
                           guint            *fills)
{
  guint filled = fills_for (self, entry, entry_index, record);

  if (filled & FILL_WIKIDATA)
    {
      entry->wikidata = record->wikidata;
      g_hash_table_insert (self->by_qid, (gpointer) entry->wikidata, GUINT_TO_POINTER (entry_index + 1));
    }
  if (filled & FILL_GEONAMES)
    {
      entry->geonames_id = record->geonames_id;
      g_hash_table_insert (self->by_geonames, (gpointer) geonames_key (self, entry->geonames_id),
                           GUINT_TO_POINTER (entry_index + 1));
    }
  if (filled & FILL_POPULATION)
    entry->population = record->population;
  if (filled & FILL_NATIVE)
    {
      entry->name_native = record->name_native;
      index_name (self, entry_index, entry->name_native);
    }

  for (guint i = 0; i < record->n_names; i++)
    index_name (self, entry_index, g_array_index (self->names, TaImportName, record->names_first + i).name);

  if (entry->db_id > 0)
    entry->fills |= filled;
  if (fills != NULL)
    *fills |= filled;
}

/* For counting: what a record would fill, without filling. */
guint
ta_import_plan_record_fills (TaImportPlan     *self,
                             guint             entry_index,
                             const TownRecord *record)
{
  return fills_for (self, entry_at (self, entry_index), entry_index, record);
}

void
ta_import_plan_add_town (TaImportPlan      *self,
                         const TaImportRow *row,
                         int                slot,
                         const TaTownInput *input)
{
  TownRecord record = { 0, };

  record.place.file = row->file;
  record.place.line = row->line;
  record.place.record = intern (self, row->record);
  record.slot = slot;
  record.label = intern (self, input->name);
  record.country = intern (self, input->country);
  record.wikidata = intern (self, input->wikidata);
  record.geonames_id = input->geonames_id;
  record.name_native = intern (self, input->name_native);
  record.population = input->population;
  record.has_point = input->has_point;
  record.lat = input->lat;
  record.lon = input->lon;
  record.source = intern (self, row->source);
  intern_list (self, row->sources, &record.sources_first, &record.n_sources);

  record.names_first = self->names->len;
  for (guint i = 0; i < input->n_names; i++)
    {
      TaImportName name = { intern (self, input->names[i].name), intern (self, input->names[i].lang) };

      if (name.name == NULL || *name.name == '\0')
        continue;
      g_array_append_val (self->names, name);
      record.n_names++;
    }

  g_array_append_val (self->town_records, record);

  /* Known towns take the values at once, so that later rows find them by
   * the ids and names this row gives. */
  if (slot >= 0)
    ta_import_plan_fill_entry (self, entry_at (self, slot), (guint) slot, &record, NULL);
}

static void
plan_pair (TaImportPlan *self,
           int           a,
           int           b)
{
  guint64 *key;

  if (a < 0 || b < 0)
    return;

  key = g_new (guint64, 1);
  *key = pair_key ((guint) a, (guint) b);
  g_hash_table_add (self->planned_pairs, key);
}

static gboolean
pair_is_known (TaImportPlan *self,
               int           a,
               int           b)
{
  guint64 key = pair_key ((guint) a, (guint) b);

  return g_hash_table_contains (self->db_links, &key) || g_hash_table_contains (self->planned_pairs, &key);
}

static gboolean
check_pair (TaImportPlan      *self,
            const TaImportRow *row,
            const char        *field_b,
            int                a,
            int                b,
            gboolean           needs_link)
{
  if (b == TA_IMPORT_SLOT_NONE)
    return TRUE;

  if (a >= 0 && a == b)
    {
      ta_import_plan_reject (self, row, field_b, _("both towns are “%s”: a town cannot be linked to itself"),
                             entry_at (self, (guint) a)->name);
      return FALSE;
    }

  if (needs_link && a >= 0 && b >= 0 && !pair_is_known (self, a, b))
    {
      ta_import_plan_reject (self, row, field_b,
                             _("“%s” and “%s” are not linked in the atlas or in this import (import the link first)"),
                             entry_at (self, (guint) a)->name, entry_at (self, (guint) b)->name);
      return FALSE;
    }

  return TRUE;
}

static void
set_place (TaImportPlan      *self,
           RowPlace          *place,
           const TaImportRow *row)
{
  place->file = row->file;
  place->line = row->line;
  place->record = intern (self, row->record);
}

gboolean
ta_import_plan_add_link (TaImportPlan      *self,
                         const TaImportRow *row,
                         const char        *field_b,
                         int                slot_a,
                         int                slot_b,
                         const TaLinkInput *link)
{
  LinkRecord record = { 0, };

  if (!check_pair (self, row, field_b, slot_a, slot_b, FALSE))
    return FALSE;

  set_place (self, &record.place, row);
  record.a = slot_a;
  record.b = slot_b;
  record.kind = intern (self, link->kind != NULL ? link->kind : "twinning");
  record.status = intern (self, link->status);
  record.note = copy (self, link->note);
  record.start_year = link->start_year;
  record.end_year = link->end_year;
  record.authoritative = link->years_authoritative;
  record.source = intern (self, row->source);
  intern_list (self, row->sources, &record.sources_first, &record.n_sources);
  g_array_append_val (self->link_records, record);

  plan_pair (self, slot_a, slot_b);
  return TRUE;
}

/* A programme of the atlas (its id) or of this import (its key). */
static gboolean
find_programme (TaImportPlan      *self,
                const TaImportRow *row,
                const char        *name,
                const char        *field,
                gint64            *id,
                const char       **key)
{
  gint64 *found;

  *id = 0;
  *key = NULL;
  if (name == NULL)
    return TRUE;

  found = g_hash_table_lookup (self->programmes, programme_key (self, name));
  if (found != NULL)
    {
      *id = *found;
      return TRUE;
    }
  if (g_hash_table_contains (self->planned_programmes, programme_key (self, name)))
    {
      *key = programme_key (self, name);
      return TRUE;
    }

  ta_import_plan_reject (self, row, field,
                         _("unknown programme “%s”: the atlas has no programme of that name (import the programmes file first)"),
                         name);
  return FALSE;
}

gboolean
ta_import_plan_add_exchange (TaImportPlan          *self,
                             const TaImportRow     *row,
                             const char            *field_b,
                             int                    slot_a,
                             int                    slot_b,
                             const TaExchangeInput *exchange)
{
  ExchangeRecord record = { 0, };

  if (!check_pair (self, row, field_b, slot_a, slot_b, TRUE) ||
      !find_programme (self, row, exchange->programme, exchange->programme_field, &record.programme_id,
                       &record.programme_key))
    return FALSE;

  set_place (self, &record.place, row);
  record.a = slot_a;
  record.b = slot_b;
  record.year = exchange->year;
  record.date = intern (self, exchange->date);
  record.kind = intern (self, exchange->kind);
  record.participants = exchange->participants;
  record.description = copy (self, exchange->description);
  record.source = intern (self, row->source);
  g_array_append_val (self->exchange_records, record);

  return TRUE;
}

gboolean
ta_import_plan_add_funding (TaImportPlan         *self,
                            const TaImportRow    *row,
                            const char           *field_b,
                            int                   slot_a,
                            int                   slot_b,
                            const TaFundingInput *funding)
{
  FundingRecord record = { 0, };

  if (!check_pair (self, row, field_b, slot_a, slot_b, TRUE) ||
      !find_programme (self, row, funding->programme, funding->programme_field, &record.programme_id,
                       &record.programme_key))
    return FALSE;

  set_place (self, &record.place, row);
  record.a = slot_a;
  record.b = slot_b;
  record.amount_minor = funding->amount_minor;
  record.currency = intern (self, funding->currency);
  record.year = funding->year;
  record.funder = intern (self, funding->funder);
  record.purpose = copy (self, funding->purpose);
  record.source = intern (self, row->source);
  g_array_append_val (self->funding_records, record);

  return TRUE;
}

gboolean
ta_import_plan_add_event (TaImportPlan       *self,
                          const TaImportRow  *row,
                          const char         *field_b,
                          int                 slot_a,
                          int                 slot_b,
                          const TaEventInput *event)
{
  EventRecord record = { 0, };

  if (!check_pair (self, row, field_b, slot_a, slot_b, TRUE))
    return FALSE;

  set_place (self, &record.place, row);
  record.a = slot_a;
  record.b = slot_b;
  record.kind = intern (self, event->kind);
  record.date = intern (self, event->date);
  record.note = copy (self, event->note);
  record.source = intern (self, row->source);
  g_array_append_val (self->event_records, record);

  return TRUE;
}

void
ta_import_plan_add_source (TaImportPlan        *self,
                           const TaImportRow   *row,
                           const TaSourceInput *source)
{
  SourceRecord record = { 0, };
  gpointer known = g_hash_table_lookup (self->known_sources, source->id);

  set_place (self, &record.place, row);
  record.source.id = intern (self, source->id);
  record.source.title = intern (self, source->title);
  record.source.licence = intern (self, source->licence);
  record.source.attribution = intern (self, source->attribution);
  record.source.url = intern (self, source->url);
  record.source.retrieved = intern (self, source->retrieved);
  record.source.note = copy (self, source->note);
  /* A source the atlas or an earlier row has is kept as it is. */
  record.in_atlas = known != NULL;
  g_array_append_val (self->source_records, record);

  if (known == NULL)
    g_hash_table_insert (self->known_sources, (gpointer) record.source.id, GINT_TO_POINTER (2));
}

void
ta_import_plan_add_programme (TaImportPlan           *self,
                              const TaImportRow      *row,
                              const TaProgrammeInput *programme)
{
  ProgrammeRecord record = { 0, };

  set_place (self, &record.place, row);
  record.key = programme_key (self, programme->name);
  record.programme.name = intern (self, programme->name);
  record.programme.funder = intern (self, programme->funder);
  record.programme.kind = intern (self, programme->kind);
  record.programme.start_year = programme->start_year;
  record.programme.end_year = programme->end_year;
  record.programme.url = intern (self, programme->url);
  record.programme.note = copy (self, programme->note);
  record.source = intern (self, row->source);
  /* A programme of the same name is the same programme. */
  record.in_atlas = g_hash_table_contains (self->programmes, record.key);
  g_array_append_val (self->programme_records, record);

  if (!record.in_atlas)
    g_hash_table_add (self->planned_programmes, (gpointer) record.key);
}

gboolean
ta_import_plan_nearest_town (TaImportPlan *self,
                             double        lat,
                             double        lon,
                             double        max_km,
                             TaTownInput  *town,
                             double       *distance_km)
{
  double best = G_MAXDOUBLE;
  int best_entry = -1;
  double cos_lat = cos (lat * G_PI / 180.0);
  int lon_reach = cos_lat > 0.01 ? (int) ceil (max_km / (111.0 * cos_lat)) : 180;
  int lat_reach = (int) ceil (max_km / 111.0);

  if (self->grid == NULL)
    {
      self->grid = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);
      for (guint i = 0; i < self->entries->len; i++)
        grid_add (self, i);
    }

  lon_reach = MIN (lon_reach, 180);
  for (int dlat = -lat_reach; dlat <= lat_reach; dlat++)
    {
      double cell_lat = lat + dlat;

      if (cell_lat < -90.0 || cell_lat >= 91.0)
        continue;
      for (int dlon = -lon_reach; dlon <= lon_reach; dlon++)
        {
          double cell_lon = lon + dlon;
          GArray *list;

          while (cell_lon >= 180.0)
            cell_lon -= 360.0;
          while (cell_lon < -180.0)
            cell_lon += 360.0;
          list = g_hash_table_lookup (self->grid, GUINT_TO_POINTER (grid_cell (cell_lat, cell_lon)));
          for (guint i = 0; list != NULL && i < list->len; i++)
            {
              guint index = g_array_index (list, guint, i);
              const TownEntry *entry = entry_at (self, index);
              double d = ta_geo_distance_km (lat, lon, entry->lat, entry->lon);

              if (d < best)
                {
                  best = d;
                  best_entry = (int) index;
                }
            }
        }
    }

  if (best_entry < 0 || best > max_km)
    return FALSE;

  {
    const TownEntry *entry = entry_at (self, (guint) best_entry);

    ta_town_input_init (town);
    town->name = entry->name;
    town->country = entry->country;
    town->wikidata = entry->wikidata;
    town->geonames_id = entry->geonames_id;
    town->has_point = TRUE;
    town->lat = entry->lat;
    town->lon = entry->lon;
    *distance_km = best;
  }

  return TRUE;
}

/* Decisions */

int
ta_import_plan_resolve_slot (TaImportPlan *self,
                             int           slot)
{
  const Ambiguity *ambiguity;

  if (slot >= 0)
    return slot;

  ambiguity = g_ptr_array_index (self->ambiguities, (guint) (-slot - 1));
  if (ambiguity->pub.choice >= 0)
    return (int) g_array_index (ambiguity->candidate_entries, guint, ambiguity->pub.choice);
  if (ambiguity->pub.choice == TA_IMPORT_CHOICE_CREATE)
    return ambiguity->created_entry;
  if (ambiguity->pub.choice == TA_IMPORT_CHOICE_SKIP)
    return SLOT_SKIPPED;

  return SLOT_UNDECIDED;
}

guint
ta_import_plan_get_n_ambiguities (TaImportPlan *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), 0);

  return self->ambiguities->len;
}

const TaImportAmbiguity *
ta_import_plan_get_ambiguity (TaImportPlan *self,
                              guint         index)
{
  Ambiguity *ambiguity;

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), NULL);
  g_return_val_if_fail (index < self->ambiguities->len, NULL);

  ambiguity = g_ptr_array_index (self->ambiguities, index);
  return &ambiguity->pub;
}

gboolean
ta_import_plan_resolve (TaImportPlan  *self,
                        guint          index,
                        int            choice,
                        GError       **error)
{
  Ambiguity *ambiguity;

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), FALSE);
  g_return_val_if_fail (index < self->ambiguities->len, FALSE);

  ambiguity = g_ptr_array_index (self->ambiguities, index);
  g_return_val_if_fail (choice >= TA_IMPORT_CHOICE_UNDECIDED && choice < (int) ambiguity->pub.n_candidates, FALSE);

  if (choice == TA_IMPORT_CHOICE_CREATE && ambiguity->created_entry < 0)
    {
      TaTownInput input;
      TaImportRow row = { 0, };

      if (!ambiguity->pub.has_point)
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_CONFLICT,
                       _("“%s” cannot be created as a new town: “%s” gives no coordinates for it (line %u)"),
                       ambiguity->pub.name, ambiguity->pub.file, ambiguity->pub.line);
          return FALSE;
        }

      ta_town_input_init (&input);
      input.name = ambiguity->pub.name;
      input.country = ambiguity->pub.country;
      input.has_point = TRUE;
      input.lat = ambiguity->pub.lat;
      input.lon = ambiguity->pub.lon;
      input.wikidata = ambiguity->wikidata;
      input.geonames_id = ambiguity->geonames_id;
      row.file = ambiguity->place.file;
      row.line = ambiguity->place.line;
      row.record = ambiguity->place.record;
      /* Not indexed: the decision may still be taken back. */
      ambiguity->created_entry = (int) add_entry (self, &row, &input, FALSE);
    }

  ambiguity->pub.choice = choice;
  return TRUE;
}
