/* ta-import-commit.c: counting an import plan, and writing it
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Phase 2 of an import.  One walk over the plan's records serves both the
 * preview (counting, nothing written) and the commit (the same steps, with
 * SQL, inside one transaction), so that the preview cannot promise what the
 * commit does not do.  Any failure rolls the whole import back.
 *
 * Merging rules: a town the atlas has keeps its values and only gains the
 * ones it lacks (Wikidata and GeoNames ids, population, native name, other
 * names); a link the atlas has gains the row's sources, and years where it
 * has none, except that Wikidata's years (P580/P582) replace the atlas'.
 * Exchanges, grants and events equal to one the atlas or an earlier row
 * has are left out as duplicates.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-import-commit-private.h"

static const char * const statement_sql[N_STMTS] = {
  [STMT_SOURCE] =
    "INSERT INTO source (id, title, licence, attribution, url, retrieved, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
  [STMT_SOURCE_IF_NEW] =
    "INSERT OR IGNORE INTO source (id, title, licence, attribution, url, retrieved, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
  [STMT_COUNTRY] =
    "INSERT OR IGNORE INTO country (code, name_en, name_pl, name_de, name_native, source_id) VALUES (?, ?, ?, ?, ?, ?)",
  [STMT_TOWN] =
    "INSERT INTO town (name, name_native, country_code, lat, lon, population, wikidata, geonames_id, source_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_TOWN_FILL] =
    "UPDATE town SET wikidata = coalesce (wikidata, ?1), geonames_id = coalesce (geonames_id, ?2),"
    " population = coalesce (population, ?3), name_native = coalesce (name_native, ?4) WHERE id = ?5",
  [STMT_TOWN_SOURCE] =
    "INSERT OR IGNORE INTO town_source (town_id, source_id, label, stated_country, lat, lon) VALUES (?, ?, ?, ?, ?, ?)",
  [STMT_TOWN_NAME] =
    "INSERT OR IGNORE INTO town_name (town_id, name, lang, kind, source_id) VALUES (?, ?, ?, 'alternative', ?)",
  [STMT_LINK] =
    "INSERT INTO link (town_a, town_b, kind, status, start_year, end_year, note, source_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_LINK_UPDATE] =
    "UPDATE link SET start_year = ?, end_year = ?, status = ? WHERE id = ?",
  [STMT_LINK_SOURCE] =
    "INSERT OR IGNORE INTO link_source (link_id, source_id) VALUES (?, ?)",
  [STMT_EXCHANGE] =
    "INSERT INTO exchange (link_id, town_id, year, date, kind, participants, programme_id, description, source_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_EXCHANGE_EXISTS] =
    "SELECT 1 FROM exchange WHERE link_id IS ?1 AND town_id IS ?2 AND year = ?3 AND date IS ?4 AND kind = ?5"
    " AND participants IS ?6 AND programme_id IS ?7 AND description IS ?8",
  [STMT_FUNDING] =
    "INSERT INTO funding (link_id, town_id, amount_minor, currency, year, programme_id, funder, purpose, source_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_FUNDING_EXISTS] =
    "SELECT 1 FROM funding WHERE link_id IS ?1 AND town_id IS ?2 AND amount_minor = ?3 AND currency = ?4"
    " AND year = ?5 AND programme_id IS ?6 AND funder IS ?7 AND purpose IS ?8",
  [STMT_EVENT] =
    "INSERT INTO link_event (link_id, kind, date, note, source_id) VALUES (?, ?, ?, ?, ?)",
  [STMT_EVENT_EXISTS] =
    "SELECT 1 FROM link_event WHERE link_id = ?1 AND kind = ?2 AND date = ?3 AND note IS ?4",
  [STMT_NOTE] =
    "INSERT INTO data_note (kind, source_id, subject, action, detail) VALUES ('import', ?, ?, 'imported', ?)",
  [STMT_PROGRAMME] =
    "INSERT INTO programme (name, funder, kind, start_year, end_year, url, note, source_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
};


static void
walk_clear (Walk *walk)
{
  g_clear_pointer (&walk->conflicts, g_ptr_array_unref);
  g_clear_pointer (&walk->used, g_free);
  g_clear_pointer (&walk->fills, g_free);
  g_clear_pointer (&walk->links, g_hash_table_unref);
  g_clear_pointer (&walk->seen, g_hash_table_unref);
  g_clear_pointer (&walk->waiting, g_hash_table_unref);
  g_clear_pointer (&walk->skipped, g_hash_table_unref);
  g_clear_pointer (&walk->programme_ids, g_hash_table_unref);
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&walk->stmts[i], sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Walk, walk_clear)

static guint
pair_hash (gconstpointer key)
{
  guint64 value = *(const guint64 *) key;

  return (guint) (value ^ (value >> 29) ^ ((value >> 32) * 0x9e3779b1u));
}

static void
walk_init (Walk         *walk,
           TaImportPlan *plan,
           gboolean      write)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  memset (walk, 0, sizeof *walk);
  walk->plan = plan;
  walk->write = write;
  walk->conflicts = g_ptr_array_new_with_free_func (g_free);
  walk->used = g_new0 (guint8, plan->entries->len + 1);
  walk->fills = g_new0 (guint, plan->entries->len + 1);
  walk->links = g_hash_table_new_full (pair_hash, g_int64_equal, g_free, g_free);
  walk->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk->programme_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  walk->this_year = g_date_time_get_year (now);
  walk->counts.files = plan->files->len;
  walk->counts.rows_rejected = plan->rejections->len;
  for (guint i = 0; i < plan->files->len; i++)
    walk->counts.rows_read += g_array_index (plan->files, PlanFile, i).rows;
}

static const char *
file_name (Walk           *walk,
           const RowPlace *place)
{
  return ta_import_plan_get_file_name (walk->plan, place->file);
}

static const char *
row_source (Walk           *walk,
            const RowPlace *place,
            const char     *source)
{
  if (source != NULL)
    return source;

  return g_array_index (walk->plan->files, PlanFile, place->file).source.id;
}

G_GNUC_PRINTF (3, 4)
void
ta_import_walk_add_conflict (Walk           *walk,
                             const RowPlace *place,
                             const char     *format,
                             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (place->record != NULL)
    g_ptr_array_add (walk->conflicts, g_strdup_printf (_("“%s”, line %u, %s: %s"), file_name (walk, place),
                                                       place->line, place->record, message));
  else
    g_ptr_array_add (walk->conflicts, g_strdup_printf (_("“%s”, line %u: %s"), file_name (walk, place),
                                                       place->line, message));
}

/* Resolves the slots of a record: FALSE when the record waits for a
 * decision or was skipped by one. */
gboolean
ta_import_walk_resolve_record (Walk           *walk,
                               const RowPlace *place,
                               int             a,
                               int             b,
                               int            *entry_a,
                               int            *entry_b)
{
  g_autofree char *key = g_strdup_printf ("%u:%u:%s", place->file, place->line,
                                          place->record ? place->record : "");

  *entry_a = ta_import_plan_resolve_slot (walk->plan, a);
  *entry_b = b == TA_IMPORT_SLOT_NONE ? TA_IMPORT_SLOT_NONE : ta_import_plan_resolve_slot (walk->plan, b);

  if (*entry_a == SLOT_SKIPPED || *entry_b == SLOT_SKIPPED)
    {
      g_hash_table_add (walk->skipped, g_steal_pointer (&key));
      return FALSE;
    }
  if (*entry_a == SLOT_UNDECIDED || *entry_b == SLOT_UNDECIDED)
    {
      g_hash_table_add (walk->waiting, g_steal_pointer (&key));
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
ta_import_walk_statement (Walk     *walk,
                          guint     which,
                          GError  **error)
{
  if (walk->stmts[which] == NULL)
    walk->stmts[which] = ta_db_prepare (walk->plan->db, statement_sql[which], error);
  else
    sqlite3_reset (walk->stmts[which]);

  if (walk->stmts[which] != NULL)
    sqlite3_clear_bindings (walk->stmts[which]);

  return walk->stmts[which];
}

void
ta_import_walk_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* 0 (years, ids) or a negative number (counts) is "not given". */
void
ta_import_walk_bind_positive (sqlite3_stmt *stmt,
                              int           index,
                              gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

void
ta_import_walk_bind_count (sqlite3_stmt *stmt,
                           int           index,
                           gint64        value)
{
  if (value >= 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
step (Walk          *walk,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  return ta_db_step_done (walk->plan->db, stmt, error);
}

/* Inserts a record of the plan: binds its source as the last column, runs
 * @stmt and names the file and line of a failure. */
gboolean
ta_import_walk_step_record (Walk           *walk,
                            sqlite3_stmt   *stmt,
                            int             source_column,
                            const RowPlace *place,
                            const char     *source,
                            GError        **error)
{
  ta_import_walk_bind_text (stmt, source_column, row_source (walk, place, source));
  if (!step (walk, stmt, error))
    {
      g_prefix_error (error, _("“%s”, line %u: "), file_name (walk, place), place->line);
      return FALSE;
    }

  return TRUE;
}

gboolean
ta_import_walk_exists (Walk          *walk,
                       sqlite3_stmt  *stmt,
                       gboolean      *found,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (walk->plan->db, error, NULL);
      return FALSE;
    }

  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Sources */

static gboolean
insert_source (Walk                *walk,
               const TaSourceInput *source,
               gboolean             if_new,
               GError             **error)
{
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, if_new ? STMT_SOURCE_IF_NEW : STMT_SOURCE, error);

  if (stmt == NULL)
    return FALSE;

  ta_import_walk_bind_text (stmt, 1, source->id);
  ta_import_walk_bind_text (stmt, 2, source->title);
  ta_import_walk_bind_text (stmt, 3, source->licence);
  ta_import_walk_bind_text (stmt, 4, source->attribution != NULL ? source->attribution : source->title);
  ta_import_walk_bind_text (stmt, 5, source->url);
  ta_import_walk_bind_text (stmt, 6, source->retrieved);
  ta_import_walk_bind_text (stmt, 7, source->note);

  return step (walk, stmt, error);
}

static gboolean
walk_sources (Walk     *walk,
              GError  **error)
{
  TaImportPlan *plan = walk->plan;

  for (guint i = 0; i < plan->files->len; i++)
    {
      const PlanFile *file = &g_array_index (plan->files, PlanFile, i);

      if (walk->write && !insert_source (walk, &file->source, file->may_exist, error))
        return FALSE;
    }

  for (guint i = 0; i < plan->source_records->len; i++)
    {
      const SourceRecord *record = &g_array_index (plan->source_records, SourceRecord, i);
      g_autofree char *key = g_strdup_printf ("source\x1f%s", record->source.id);

      if (record->in_atlas || !g_hash_table_add (walk->seen, g_steal_pointer (&key)))
        {
          walk->counts.duplicates++;
          continue;
        }

      walk->counts.sources_added++;
      if (walk->write && !insert_source (walk, &record->source, FALSE, error))
        return FALSE;
    }

  return TRUE;
}

/* Programmes */

static gboolean
walk_programmes (Walk     *walk,
                 GError  **error)
{
  TaImportPlan *plan = walk->plan;

  for (guint i = 0; i < plan->programme_records->len; i++)
    {
      const ProgrammeRecord *record = &g_array_index (plan->programme_records, ProgrammeRecord, i);
      const TaProgrammeInput *programme = &record->programme;
      sqlite3_stmt *stmt;
      gint64 *id;

      if (record->in_atlas || g_hash_table_contains (walk->programme_ids, record->key))
        {
          walk->counts.duplicates++;
          continue;
        }

      walk->counts.programmes_added++;
      id = g_new0 (gint64, 1);
      g_hash_table_insert (walk->programme_ids, (gpointer) record->key, id);
      if (!walk->write)
        continue;

      if (!(stmt = ta_import_walk_statement (walk, STMT_PROGRAMME, error)))
        return FALSE;
      ta_import_walk_bind_text (stmt, 1, programme->name);
      ta_import_walk_bind_text (stmt, 2, programme->funder);
      ta_import_walk_bind_text (stmt, 3, programme->kind);
      ta_import_walk_bind_positive (stmt, 4, programme->start_year);
      ta_import_walk_bind_positive (stmt, 5, programme->end_year);
      ta_import_walk_bind_text (stmt, 6, programme->url);
      ta_import_walk_bind_text (stmt, 7, programme->note);
      if (!ta_import_walk_step_record (walk, stmt, 8, &record->place, record->source, error))
        return FALSE;
      *id = sqlite3_last_insert_rowid (ta_db_get_handle (plan->db));
    }

  return TRUE;
}

/* The id of a record's programme: of the atlas, or added by this walk
 * (0 while counting). */
gint64
ta_import_walk_programme_id (Walk       *walk,
                             gint64      id,
                             const char *key)
{
  gint64 *added;

  if (key == NULL)
    return id;

  added = g_hash_table_lookup (walk->programme_ids, key);
  return added != NULL ? *added : 0;
}

/* Towns */

static void
mark_used (Walk *walk,
           int   entry)
{
  if (entry >= 0)
    walk->used[entry] = TRUE;
}

/* Which towns the import touches: those its importable records name. */
static void
walk_mark_used (Walk *walk)
{
  TaImportPlan *plan = walk->plan;
  int a, b;

#define MARK(array, Type)                                                        \
  for (guint i = 0; i < plan->array->len; i++)                                   \
    {                                                                            \
      const Type *record = &g_array_index (plan->array, Type, i);                \
      if (ta_import_walk_resolve_record (walk, &record->place,                   \
                                         record->a, record->b, &a, &b))          \
        {                                                                        \
          mark_used (walk, a);                                                   \
          mark_used (walk, b);                                                   \
        }                                                                        \
    }

  MARK (link_records, LinkRecord)
  MARK (exchange_records, ExchangeRecord)
  MARK (funding_records, FundingRecord)
  MARK (event_records, EventRecord)
#undef MARK

  for (guint i = 0; i < plan->town_records->len; i++)
    {
      const TownRecord *record = &g_array_index (plan->town_records, TownRecord, i);

      if (ta_import_walk_resolve_record (walk, &record->place, record->slot, TA_IMPORT_SLOT_NONE, &a, &b))
        mark_used (walk, a);
    }
}

static gboolean
ensure_country (Walk        *walk,
                const char  *code,
                const char  *source,
                GError     **error)
{
  TaImportPlan *plan = walk->plan;
  TaIsoCodes *iso;
  sqlite3_stmt *stmt;
  const char *name_en;

  if (code == NULL || g_hash_table_contains (plan->atlas_countries, code))
    return TRUE;

  iso = ta_import_plan_get_iso_codes (plan);
  name_en = iso != NULL ? ta_iso_codes_get_country_name (iso, code, "en") : NULL;
  if (name_en == NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_CONFLICT,
                   _("The country code “%s” is not in the atlas and iso-codes does not name it"), code);
      return FALSE;
    }

  if (!(stmt = ta_import_walk_statement (walk, STMT_COUNTRY, error)))
    return FALSE;
  ta_import_walk_bind_text (stmt, 1, code);
  ta_import_walk_bind_text (stmt, 2, name_en);
  ta_import_walk_bind_text (stmt, 3, ta_iso_codes_get_country_name (iso, code, "pl"));
  ta_import_walk_bind_text (stmt, 4, ta_iso_codes_get_country_name (iso, code, "de"));
  ta_import_walk_bind_text (stmt, 5, ta_iso_codes_get_country_native_name (iso, code));
  ta_import_walk_bind_text (stmt, 6, source);
  if (!step (walk, stmt, error))
    return FALSE;

  /* Written in this transaction only: a rollback must forget it. */
  g_hash_table_add (plan->atlas_countries, (gpointer) g_string_chunk_insert_const (plan->strings, code));
  return TRUE;
}

static gboolean
insert_town (Walk       *walk,
             TownEntry  *entry,
             GError    **error)
{
  const char *source = row_source (walk, &entry->place, entry->source);
  sqlite3_stmt *stmt;

  if (!ensure_country (walk, entry->country, source, error) ||
      !(stmt = ta_import_walk_statement (walk, STMT_TOWN, error)))
    return FALSE;

  ta_import_walk_bind_text (stmt, 1, entry->name);
  ta_import_walk_bind_text (stmt, 2, entry->name_native);
  ta_import_walk_bind_text (stmt, 3, entry->country);
  sqlite3_bind_double (stmt, 4, entry->lat);
  sqlite3_bind_double (stmt, 5, entry->lon);
  ta_import_walk_bind_count (stmt, 6, entry->population);
  ta_import_walk_bind_text (stmt, 7, entry->wikidata);
  ta_import_walk_bind_positive (stmt, 8, entry->geonames_id);
  ta_import_walk_bind_text (stmt, 9, source);
  if (!step (walk, stmt, error))
    {
      g_prefix_error (error, _("Town “%s” (“%s”, line %u): "), entry->name,
                      file_name (walk, &entry->place), entry->place.line);
      return FALSE;
    }
  entry->db_id = sqlite3_last_insert_rowid (ta_db_get_handle (walk->plan->db));

  if (!(stmt = ta_import_walk_statement (walk, STMT_TOWN_SOURCE, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->db_id);
  ta_import_walk_bind_text (stmt, 2, source);
  ta_import_walk_bind_text (stmt, 3, entry->name);
  ta_import_walk_bind_text (stmt, 4, entry->country);
  sqlite3_bind_double (stmt, 5, entry->lat);
  sqlite3_bind_double (stmt, 6, entry->lon);
  return step (walk, stmt, error);
}

static gboolean
fill_town (Walk       *walk,
           TownEntry  *entry,
           GError    **error)
{
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, STMT_TOWN_FILL, error);

  if (stmt == NULL)
    return FALSE;

  ta_import_walk_bind_text (stmt, 1, (entry->fills & FILL_WIKIDATA) ? entry->wikidata : NULL);
  ta_import_walk_bind_positive (stmt, 2, (entry->fills & FILL_GEONAMES) ? entry->geonames_id : 0);
  ta_import_walk_bind_count (stmt, 3, (entry->fills & FILL_POPULATION) ? entry->population : -1);
  ta_import_walk_bind_text (stmt, 4, (entry->fills & FILL_NATIVE) ? entry->name_native : NULL);
  sqlite3_bind_int64 (stmt, 5, entry->db_id);
  if (!step (walk, stmt, error))
    {
      g_prefix_error (error, _("Town “%s”: "), entry->name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
attest_town (Walk              *walk,
             const TownEntry   *entry,
             const TownRecord  *record,
             const char        *source,
             GError           **error)
{
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, STMT_TOWN_SOURCE, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry->db_id);
  ta_import_walk_bind_text (stmt, 2, source);
  ta_import_walk_bind_text (stmt, 3, record->label != NULL ? record->label : entry->name);
  ta_import_walk_bind_text (stmt, 4, record->country);
  if (record->has_point)
    {
      sqlite3_bind_double (stmt, 5, record->lat);
      sqlite3_bind_double (stmt, 6, record->lon);
    }
  return step (walk, stmt, error);
}

static gboolean
write_town_record (Walk              *walk,
                   const TownRecord  *record,
                   const TownEntry   *entry,
                   GError           **error)
{
  TaImportPlan *plan = walk->plan;
  const char *source = row_source (walk, &record->place, record->source);

  if (!attest_town (walk, entry, record, source, error))
    return FALSE;
  for (guint i = 0; i < record->n_sources; i++)
    {
      const char *other = g_ptr_array_index (plan->source_lists, record->sources_first + i);

      if (g_strcmp0 (other, source) != 0 && !attest_town (walk, entry, record, other, error))
        return FALSE;
    }

  for (guint i = 0; i < record->n_names; i++)
    {
      const TaImportName *name = &g_array_index (plan->names, TaImportName, record->names_first + i);
      sqlite3_stmt *stmt;

      if (g_strcmp0 (name->name, entry->name) == 0 || g_strcmp0 (name->name, entry->name_native) == 0)
        continue;
      if (!(stmt = ta_import_walk_statement (walk, STMT_TOWN_NAME, error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry->db_id);
      ta_import_walk_bind_text (stmt, 2, name->name);
      ta_import_walk_bind_text (stmt, 3, name->lang);
      ta_import_walk_bind_text (stmt, 4, source);
      if (!step (walk, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
walk_towns (Walk     *walk,
            GError  **error)
{
  TaImportPlan *plan = walk->plan;
  int entry_index, unused;

  /* What the rows tell of the towns, before the towns are written. */
  for (guint i = 0; i < plan->town_records->len; i++)
    {
      const TownRecord *record = &g_array_index (plan->town_records, TownRecord, i);

      if (!ta_import_walk_resolve_record (walk, &record->place, record->slot, TA_IMPORT_SLOT_NONE, &entry_index, &unused))
        continue;
      if (walk->write)
        ta_import_plan_fill_entry (plan, ta_import_walk_entry_at (plan, (guint) entry_index), (guint) entry_index, record, NULL);
      else
        walk->fills[entry_index] |= ta_import_plan_record_fills (plan, (guint) entry_index, record);
    }

  for (guint i = 0; i < plan->entries->len; i++)
    {
      TownEntry *entry = ta_import_walk_entry_at (plan, i);

      if (!walk->used[i])
        continue;

      if (entry->db_id > 0 && i < plan->n_db_entries)
        {
          walk->counts.towns_matched++;
          if ((entry->fills | walk->fills[i]) != 0)
            walk->counts.towns_updated++;
          if (walk->write && entry->fills != 0 && !fill_town (walk, entry, error))
            return FALSE;
        }
      else
        {
          walk->counts.towns_created++;
          if (walk->write && !insert_town (walk, entry, error))
            return FALSE;
        }
    }

  for (guint i = 0; walk->write && i < plan->town_records->len; i++)
    {
      const TownRecord *record = &g_array_index (plan->town_records, TownRecord, i);

      if (!ta_import_walk_resolve_record (walk, &record->place, record->slot, TA_IMPORT_SLOT_NONE, &entry_index, &unused))
        continue;
      if (!write_town_record (walk, record, ta_import_walk_entry_at (plan, (guint) entry_index), error))
        return FALSE;
    }

  return TRUE;
}

/* Links */

static gboolean
attest_link (Walk        *walk,
             gint64       id,
             const char  *source,
             GError     **error)
{
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, STMT_LINK_SOURCE, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  ta_import_walk_bind_text (stmt, 2, source);
  return step (walk, stmt, error);
}

static gboolean
attest_link_record (Walk              *walk,
                    gint64             id,
                    const LinkRecord  *record,
                    GError           **error)
{
  const char *source = row_source (walk, &record->place, record->source);

  if (!attest_link (walk, id, source, error))
    return FALSE;
  for (guint i = 0; i < record->n_sources; i++)
    if (!attest_link (walk, id, g_ptr_array_index (walk->plan->source_lists, record->sources_first + i), error))
      return FALSE;

  return TRUE;
}

static const char *
status_for (Walk             *walk,
            const LinkRecord *record)
{
  if (record->status != NULL)
    return record->status;
  if (record->end_year > 0 && record->end_year <= walk->this_year)
    return "ended";
  return "active";
}

static gboolean
insert_link (Walk              *walk,
             const LinkRecord  *record,
             int                entry_a,
             int                entry_b,
             WalkLink          *link,
             GError           **error)
{
  gint64 a = ta_import_walk_entry_at (walk->plan, (guint) entry_a)->db_id;
  gint64 b = ta_import_walk_entry_at (walk->plan, (guint) entry_b)->db_id;
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, STMT_LINK, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, MIN (a, b));
  sqlite3_bind_int64 (stmt, 2, MAX (a, b));
  ta_import_walk_bind_text (stmt, 3, record->kind);
  ta_import_walk_bind_text (stmt, 4, link->status);
  ta_import_walk_bind_positive (stmt, 5, link->start_year);
  ta_import_walk_bind_positive (stmt, 6, link->end_year);
  ta_import_walk_bind_text (stmt, 7, record->note);
  if (!ta_import_walk_step_record (walk, stmt, 8, &record->place, record->source, error))
    return FALSE;

  link->id = sqlite3_last_insert_rowid (ta_db_get_handle (walk->plan->db));
  return attest_link_record (walk, link->id, record, error);
}

/* The years a link has after a row names it again; FALSE when they stay. */
static gboolean
merge_years (Walk             *walk,
             WalkLink         *link,
             const LinkRecord *record)
{
  int start = link->start_year;
  int end = link->end_year;
  const char *status = link->status;

  if (record->authoritative)
    {
      start = record->start_year > 0 ? record->start_year : start;
      end = record->end_year > 0 ? record->end_year : end;
    }
  else
    {
      start = start > 0 ? start : record->start_year;
      end = end > 0 ? end : record->end_year;
    }

  if (start > 0 && end > 0 && end < start)
    return FALSE;
  if (start == link->start_year && end == link->end_year)
    return FALSE;

  if (end > 0 && end <= walk->this_year && g_strcmp0 (status, "active") == 0 && record->authoritative)
    status = "ended";

  link->start_year = start;
  link->end_year = end;
  link->status = status;
  return TRUE;
}

static gboolean
update_link (Walk            *walk,
             const WalkLink  *link,
             GError         **error)
{
  sqlite3_stmt *stmt = ta_import_walk_statement (walk, STMT_LINK_UPDATE, error);

  if (stmt == NULL)
    return FALSE;

  ta_import_walk_bind_positive (stmt, 1, link->start_year);
  ta_import_walk_bind_positive (stmt, 2, link->end_year);
  ta_import_walk_bind_text (stmt, 3, link->status);
  sqlite3_bind_int64 (stmt, 4, link->id);
  return step (walk, stmt, error);
}

/* @named: a link row names it (rather than an exchange, grant or event). */
WalkLink *
ta_import_walk_lookup_link (Walk     *walk,
                            int       entry_a,
                            int       entry_b,
                            gboolean  named)
{
  guint64 key = pair_key ((guint) entry_a, (guint) entry_b);
  WalkLink *link = g_hash_table_lookup (walk->links, &key);
  gpointer found;

  if (link != NULL)
    {
      if (named && link->in_atlas && !link->named)
        {
          link->named = TRUE;
          walk->counts.links_matched++;
        }
      return link;
    }

  found = g_hash_table_lookup (walk->plan->db_links, &key);
  if (found != NULL)
    {
      const DbLink *row = &g_array_index (walk->plan->db_link_rows, DbLink, GPOINTER_TO_UINT (found) - 1);
      guint64 *stored = g_new (guint64, 1);

      link = g_new0 (WalkLink, 1);
      link->id = row->id;
      link->start_year = row->start_year;
      link->end_year = row->end_year;
      link->status = row->status;
      link->in_atlas = TRUE;
      link->named = named;
      *stored = key;
      g_hash_table_insert (walk->links, stored, link);
      if (named)
        walk->counts.links_matched++;
    }

  return link;
}

static gboolean
walk_links (Walk     *walk,
            GError  **error)
{
  TaImportPlan *plan = walk->plan;

  for (guint i = 0; i < plan->link_records->len; i++)
    {
      const LinkRecord *record = &g_array_index (plan->link_records, LinkRecord, i);
      WalkLink *link;
      int a, b;

      if (!ta_import_walk_resolve_record (walk, &record->place, record->a, record->b, &a, &b))
        continue;

      if (a == b)
        {
          ta_import_walk_add_conflict (walk, &record->place, _("after the decisions on ambiguous towns, both towns are “%s”"),
                                       ta_import_walk_entry_at (plan, (guint) a)->name);
          continue;
        }

      link = ta_import_walk_lookup_link (walk, a, b, TRUE);
      if (link == NULL)
        {
          guint64 *key = g_new (guint64, 1);

          link = g_new0 (WalkLink, 1);
          link->start_year = record->start_year;
          link->end_year = record->end_year;
          if (link->end_year > 0 && link->start_year > 0 && link->end_year < link->start_year)
            link->end_year = 0;
          link->status = status_for (walk, record);
          *key = pair_key ((guint) a, (guint) b);
          g_hash_table_insert (walk->links, key, link);
          walk->counts.links_added++;

          if (walk->write && !insert_link (walk, record, a, b, link, error))
            return FALSE;
          continue;
        }

      if (!link->in_atlas)
        walk->counts.duplicates++;

      if (merge_years (walk, link, record))
        {
          if (link->in_atlas && !link->updated)
            walk->counts.links_updated++;
          link->updated = TRUE;
          if (walk->write && !update_link (walk, link, error))
            return FALSE;
        }

      if (walk->write && !attest_link_record (walk, link->id, record, error))
        return FALSE;
    }

  return TRUE;
}

/* What each file brought, kept in data_note next to its source. */
static gboolean
write_notes (Walk     *walk,
             GError  **error)
{
  TaImportPlan *plan = walk->plan;
  const TaImportCounts *c = &walk->counts;

  for (guint i = 0; i < plan->files->len; i++)
    {
      const PlanFile *file = &g_array_index (plan->files, PlanFile, i);
      g_autofree char *detail = NULL;
      sqlite3_stmt *stmt;

      detail = g_strdup_printf ("%u rows read (import of %u files: %u rows rejected and skipped, "
                                "%u towns created, %u matched, %u links added, %u matched, "
                                "%u exchanges, %u grants, %u events, %u programmes, %u sources added)",
                                file->rows, c->files, plan->skip_rejected ? c->rows_rejected : 0,
                                c->towns_created, c->towns_matched, c->links_added, c->links_matched,
                                c->exchanges_added, c->funding_added, c->events_added, c->programmes_added,
                                c->sources_added);
      if (!(stmt = ta_import_walk_statement (walk, STMT_NOTE, error)))
        return FALSE;
      ta_import_walk_bind_text (stmt, 1, file->source.id);
      ta_import_walk_bind_text (stmt, 2, file->display_name);
      ta_import_walk_bind_text (stmt, 3, detail);
      if (!step (walk, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
walk_plan (Walk     *walk,
           GError  **error)
{
  walk_mark_used (walk);

  if (!walk_sources (walk, error) ||
      !walk_programmes (walk, error) ||
      !walk_towns (walk, error) ||
      !walk_links (walk, error) ||
      !ta_import_walk_owned_records (walk, error))
    return FALSE;

  for (guint i = 0; i < walk->plan->ambiguities->len; i++)
    {
      const Ambiguity *ambiguity = g_ptr_array_index (walk->plan->ambiguities, i);

      if (ambiguity->pub.choice == TA_IMPORT_CHOICE_UNDECIDED)
        walk->counts.towns_ambiguous++;
    }
  walk->counts.rows_waiting = g_hash_table_size (walk->waiting);
  walk->counts.rows_skipped = g_hash_table_size (walk->skipped);

  if (walk->write && walk->conflicts->len > 0)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_CONFLICT, "%s",
                   (const char *) g_ptr_array_index (walk->conflicts, 0));
      return FALSE;
    }

  return !walk->write || write_notes (walk, error);
}

void
ta_import_plan_get_counts (TaImportPlan   *self,
                           TaImportCounts *counts)
{
  g_auto(Walk) walk = { 0, };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TA_IS_IMPORT_PLAN (self));

  walk_init (&walk, self, FALSE);
  if (!walk_plan (&walk, &error))
    g_warning ("Counting the import failed: %s", error->message);

  *counts = walk.counts;
}

static gboolean
has_records (TaImportPlan *self)
{
  return self->town_records->len > 0 || self->link_records->len > 0 ||
         self->exchange_records->len > 0 || self->funding_records->len > 0 ||
         self->event_records->len > 0 || self->source_records->len > 0 ||
         self->programme_records->len > 0;
}

gboolean
ta_import_plan_can_commit (TaImportPlan  *self,
                           GError       **error)
{
  g_auto(Walk) walk = { 0, };
  guint undecided = 0;

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), FALSE);

  if (self->failure != NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FAILED, "%s", self->failure->message);
      return FALSE;
    }
  if (self->committed)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FAILED, _("This import was committed already"));
      return FALSE;
    }
  if (self->rejections->len > 0 && !self->skip_rejected)
    {
      g_autofree char *first = ta_import_rejection_to_string (ta_import_plan_get_rejection (self, 0));

      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_REJECTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row was rejected (%s); nothing was imported",
                                "%u rows were rejected (first: %s); nothing was imported",
                                self->rejections->len),
                   self->rejections->len, first);
      return FALSE;
    }

  for (guint i = 0; i < self->ambiguities->len; i++)
    if (((const Ambiguity *) g_ptr_array_index (self->ambiguities, i))->pub.choice == TA_IMPORT_CHOICE_UNDECIDED)
      undecided++;
  if (undecided > 0)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_AMBIGUOUS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u town name is ambiguous: decide which town it is, or skip its rows",
                                "%u town names are ambiguous: decide which town each is, or skip their rows",
                                undecided),
                   undecided);
      return FALSE;
    }

  if (!has_records (self))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_EMPTY, _("Nothing to import: no row could be read"));
      return FALSE;
    }

  walk_init (&walk, self, FALSE);
  if (!walk_plan (&walk, error))
    return FALSE;
  if (walk.conflicts->len > 0)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_CONFLICT, "%s",
                   (const char *) g_ptr_array_index (walk.conflicts, 0));
      return FALSE;
    }

  return TRUE;
}

/* After a rollback nothing the walk wrote exists. */
static void
forget_written (TaImportPlan *self)
{
  for (guint i = self->n_db_entries; i < self->entries->len; i++)
    ta_import_walk_entry_at (self, i)->db_id = 0;
}

/* In KiB, as PRAGMA cache_size takes negative values. */
#define COMMIT_CACHE_KIB 65536

static gint64
query_cache_size (TaDb *db)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, "PRAGMA cache_size", NULL);
  gint64 size = 2000;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int64 (stmt, 0);

  /* Positive values count pages, negative ones KiB. */
  return size < 0 ? -size : size * 4;
}

static void
set_cache_size (TaDb   *db,
                gint64  kib)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%" G_GINT64_FORMAT, kib);

  ta_db_exec (db, sql, NULL);
}

gboolean
ta_import_plan_commit (TaImportPlan  *self,
                       GError       **error)
{
  g_auto(Walk) walk = { 0, };
  g_autoptr(GHashTable) countries_before = NULL;
  gint64 cache_size;

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), FALSE);

  if (!ta_import_plan_can_commit (self, error))
    return FALSE;

  /* A large import rewrites many index pages; with SQLite's default 2 MB
   * cache they would be spilled to the WAL and read back again and again.
   * The connection gets its usual cache back afterwards. */
  cache_size = query_cache_size (self->db);
  set_cache_size (self->db, MAX (cache_size, COMMIT_CACHE_KIB));

  if (!ta_db_begin (self->db, error))
    {
      set_cache_size (self->db, cache_size);
      return FALSE;
    }

  countries_before = g_hash_table_new (g_str_hash, g_str_equal);
  {
    GHashTableIter iter;
    gpointer code;

    g_hash_table_iter_init (&iter, self->atlas_countries);
    while (g_hash_table_iter_next (&iter, &code, NULL))
      g_hash_table_add (countries_before, code);
  }

  walk_init (&walk, self, TRUE);
  if (!walk_plan (&walk, error) || !ta_db_commit (self->db, error))
    {
      ta_db_rollback (self->db);
      forget_written (self);
      g_hash_table_remove_all (self->atlas_countries);
      {
        GHashTableIter iter;
        gpointer code;

        g_hash_table_iter_init (&iter, countries_before);
        while (g_hash_table_iter_next (&iter, &code, NULL))
          g_hash_table_add (self->atlas_countries, code);
      }
      g_prefix_error (error, _("Nothing was imported: "));
      set_cache_size (self->db, cache_size);
      return FALSE;
    }

  set_cache_size (self->db, cache_size);
  self->committed = TRUE;
  return TRUE;
}
