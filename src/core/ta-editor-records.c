/* ta-editor-records.c: how the editor checks, saves and deletes each record
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One section per record type: its scope (the rows a change may touch and
 * undo must put back), its checks and its SQL.  Each save or delete runs
 * through ta_editor_run_edit() in ta-editor.c, which makes it one step of
 * undo.
 */

#include "config.h"

/* PRId64 rather than G_GINT64_FORMAT in messages: xgettext knows it. */
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-editor-private.h"

#define LINKS_OF_TOWN "(SELECT id FROM link WHERE town_a = ?1 OR town_b = ?1)"

static const ScopePart town_scope[] = {
  { "town", "id = ?1" },
  { "town_name", "town_id = ?1" },
  { "town_source", "town_id = ?1" },
  { "link", "town_a = ?1 OR town_b = ?1" },
  { "link_source", "link_id IN " LINKS_OF_TOWN },
  { "exchange", "town_id = ?1 OR link_id IN " LINKS_OF_TOWN },
  { "funding", "town_id = ?1 OR link_id IN " LINKS_OF_TOWN
               " OR exchange_id IN (SELECT id FROM exchange WHERE town_id = ?1 OR link_id IN " LINKS_OF_TOWN ")" },
  { "link_event", "link_id IN " LINKS_OF_TOWN },
  { NULL, NULL },
};

static const ScopePart link_scope[] = {
  { "link", "id = ?1" },
  { "link_source", "link_id = ?1" },
  { "exchange", "link_id = ?1" },
  { "funding", "link_id = ?1 OR exchange_id IN (SELECT id FROM exchange WHERE link_id = ?1)" },
  { "link_event", "link_id = ?1" },
  { NULL, NULL },
};

/* Deleting an exchange empties exchange_id of its funding (ON DELETE SET NULL). */
static const ScopePart exchange_scope[] = {
  { "exchange", "id = ?1" },
  { "funding", "exchange_id = ?1" },
  { NULL, NULL },
};

static const ScopePart funding_scope[] = {
  { "funding", "id = ?1" },
  { NULL, NULL },
};

static const ScopePart event_scope[] = {
  { "link_event", "id = ?1" },
  { NULL, NULL },
};

/* Small SQL helpers */

static char *
clean_text (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  g_autofree char *clean = clean_text (text);

  if (clean != NULL)
    sqlite3_bind_text (stmt, index, clean, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Ids and years: 0 is unknown; counts: negative is unknown. */
static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_count (sqlite3_stmt *stmt,
            int           index,
            gint64        count)
{
  if (count >= 0)
    sqlite3_bind_int64 (stmt, index, count);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
query_exists (TaEditor    *self,
              const char  *sql,
              gint64       id,
              gboolean    *out_exists,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, NULL);
      return FALSE;
    }

  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
set_not_found (GError     **error,
               const char  *table,
               gint64       id)
{
  if (strcmp (table, "town") == 0)
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("Town %" PRId64 " does not exist"), id);
  else if (strcmp (table, "link") == 0)
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("Link %" PRId64 " does not exist"), id);
  else if (strcmp (table, "exchange") == 0)
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("Exchange %" PRId64 " does not exist"), id);
  else if (strcmp (table, "funding") == 0)
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("Funding record %" PRId64 " does not exist"), id);
  else if (strcmp (table, "link_event") == 0)
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("History event %" PRId64 " does not exist"), id);
  else
    g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                 _("Programme %" PRId64 " does not exist"), id);

  return FALSE;
}

/* Fails with TA_RECORD_ERROR_NOT_FOUND unless @table has a row @id. */
static gboolean
require_row (TaEditor    *self,
             const char  *table,
             gint64       id,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE id = ?1", table);
  gboolean exists = FALSE;

  if (!query_exists (self, sql, id, &exists, error))
    return FALSE;

  return exists || set_not_found (error, table, id);
}

static gboolean
count_rows (TaEditor    *self,
            const char  *sql,
            gint64       id,
            guint       *out_count,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (self->db, error, NULL);
      return FALSE;
    }

  *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
delete_by_id (TaEditor    *self,
              const char  *table,
              gint64       id,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?1", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!require_row (self, table, id, error))
    return FALSE;

  stmt = ta_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  return ta_db_step_done (self->db, stmt, error);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, format, args);
      va_end (args);
    }

  return FALSE;
}

/* Towns */

static gboolean
resolve_region (TaEditor            *self,
                const TaTownRecord  *town,
                gint64              *out_region_id,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *out_region_id = 0;
  if (town->region_id <= 0 || town->country_code == NULL)
    return TRUE;

  /* A region of another country would contradict the town's country. */
  stmt = ta_db_prepare (self->db, "SELECT 1 FROM region WHERE id = ?1 AND country_code = ?2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town->region_id);
  sqlite3_bind_text (stmt, 2, town->country_code, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_region_id = town->region_id;
  else if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_town (TaEditor       *self,
            gconstpointer   data,
            gint64         *inout_id,
            GError        **error)
{
  const TaTownRecord *town = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 region_id = 0;
  gboolean changed;

  if (*inout_id > 0 &&
      !require_row (self, "town", *inout_id, error))
    return FALSE;

  if (town->country_code != NULL)
    {
      g_autoptr(sqlite3_stmt) country = ta_db_prepare (self->db, "SELECT 1 FROM country WHERE code = ?1", error);
      int rc;

      if (country == NULL)
        return FALSE;
      sqlite3_bind_text (country, 1, town->country_code, -1, SQLITE_STATIC);
      rc = sqlite3_step (country);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          ta_db_set_error_from_sqlite (self->db, error, NULL);
          return FALSE;
        }
      if (rc == SQLITE_DONE)
        return invalid (error, _("Country: the atlas knows no country “%s”"), town->country_code);
    }

  if (!resolve_region (self, town, &region_id, error))
    return FALSE;

  if (*inout_id > 0)
    stmt = ta_db_prepare (self->db,
                          "UPDATE town SET name = ?1, name_native = ?2, country_code = ?3, region_id = ?4,"
                          "       lat = ?5, lon = ?6, population = ?7"
                          " WHERE id = ?8"
                          "   AND NOT (name IS ?1 AND name_native IS ?2 AND country_code IS ?3"
                          "            AND region_id IS ?4 AND lat IS ?5 AND lon IS ?6 AND population IS ?7)",
                          error);
  else
    stmt = ta_db_prepare (self->db,
                          "INSERT INTO town (name, name_native, country_code, region_id, lat, lon,"
                          "                  population, source_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '" TA_EDITOR_SOURCE_ID "')",
                          error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, town->name);
  bind_text (stmt, 2, town->name_native);
  bind_text (stmt, 3, town->country_code);
  bind_id (stmt, 4, region_id);
  sqlite3_bind_double (stmt, 5, town->lat);
  sqlite3_bind_double (stmt, 6, town->lon);
  bind_count (stmt, 7, town->population);
  if (*inout_id > 0)
    sqlite3_bind_int64 (stmt, 8, *inout_id);

  if (!ta_db_step_done (self->db, stmt, error))
    return FALSE;

  changed = sqlite3_changes (ta_db_get_handle (self->db)) > 0;
  if (*inout_id <= 0)
    *inout_id = sqlite3_last_insert_rowid (ta_db_get_handle (self->db));

  if (!changed)
    return TRUE;

  /* What the user says of the town, as every source's statement is kept. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = ta_db_prepare (self->db,
                        "DELETE FROM town_source WHERE town_id = ?1 AND source_id = '" TA_EDITOR_SOURCE_ID "'",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *inout_id);
  if (!ta_db_step_done (self->db, stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = ta_db_prepare (self->db,
                        "INSERT INTO town_source (town_id, source_id, label, stated_country, lat, lon)"
                        " VALUES (?1, '" TA_EDITOR_SOURCE_ID "', ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *inout_id);
  bind_text (stmt, 2, town->name);
  bind_text (stmt, 3, town->country_code);
  sqlite3_bind_double (stmt, 4, town->lat);
  sqlite3_bind_double (stmt, 5, town->lon);

  return ta_db_step_done (self->db, stmt, error);
}

gboolean
ta_editor_save_town (TaEditor            *self,
                     const TaTownRecord  *town,
                     gint64              *out_id,
                     GError             **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (town != NULL, FALSE);

  if (!ta_town_record_validate (town, NULL, error))
    return FALSE;

  return ta_editor_run_edit (self, town_scope, town->id,
                             town->id > 0 ? _("Edit Town") : _("Add Town"), TRUE,
                             write_town, town, out_id, error);
}

static gboolean
write_town_deletion (TaEditor       *self,
                     gconstpointer   data,
                     gint64         *inout_id,
                     GError        **error)
{
  return delete_by_id (self, "town", *inout_id, error);
}

gboolean
ta_editor_delete_town (TaEditor  *self,
                       gint64     town_id,
                       GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (town_id > 0, FALSE);

  return ta_editor_run_edit (self, town_scope, town_id, _("Delete Town"), TRUE,
                             write_town_deletion, NULL, NULL, error);
}

/* Links */

static gboolean
check_link_towns (TaEditor            *self,
                  const TaLinkRecord  *link,
                  gint64               town_a,
                  gint64               town_b,
                  gint64               link_id,
                  GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!require_row (self, "town", link->town_a, error) ||
      !require_row (self, "town", link->town_b, error))
    return FALSE;

  stmt = ta_db_prepare (self->db,
                        "SELECT a.name, b.name FROM link l"
                        "  JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b"
                        " WHERE l.town_a = ?1 AND l.town_b = ?2 AND l.id != ?3",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town_a);
  sqlite3_bind_int64 (stmt, 2, town_b);
  sqlite3_bind_int64 (stmt, 3, link_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_DUPLICATE,
                   _("Partner town: %s and %s are linked already"),
                   sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_link (TaEditor       *self,
            gconstpointer   data,
            gint64         *inout_id,
            GError        **error)
{
  const TaLinkRecord *link = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* A pair is stored once, lower id first, whichever way it was entered. */
  gint64 town_a = MIN (link->town_a, link->town_b);
  gint64 town_b = MAX (link->town_a, link->town_b);

  if (*inout_id > 0 &&
      !require_row (self, "link", *inout_id, error))
    return FALSE;

  if (!check_link_towns (self, link, town_a, town_b, *inout_id, error))
    return FALSE;

  if (*inout_id > 0)
    stmt = ta_db_prepare (self->db,
                          "UPDATE link SET town_a = ?1, town_b = ?2, kind = ?3, status = ?4,"
                          "       start_year = ?5, end_year = ?6, note = ?7"
                          " WHERE id = ?8"
                          "   AND NOT (town_a IS ?1 AND town_b IS ?2 AND kind IS ?3 AND status IS ?4"
                          "            AND start_year IS ?5 AND end_year IS ?6 AND note IS ?7)",
                          error);
  else
    stmt = ta_db_prepare (self->db,
                          "INSERT INTO link (town_a, town_b, kind, status, start_year, end_year, note, source_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '" TA_EDITOR_SOURCE_ID "')",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town_a);
  sqlite3_bind_int64 (stmt, 2, town_b);
  bind_text (stmt, 3, link->kind);
  bind_text (stmt, 4, link->status);
  bind_id (stmt, 5, link->start_year);
  bind_id (stmt, 6, link->end_year);
  bind_text (stmt, 7, link->note);
  if (*inout_id > 0)
    sqlite3_bind_int64 (stmt, 8, *inout_id);

  if (!ta_db_step_done (self->db, stmt, error))
    return FALSE;

  if (sqlite3_changes (ta_db_get_handle (self->db)) == 0)
    return TRUE;
  if (*inout_id <= 0)
    *inout_id = sqlite3_last_insert_rowid (ta_db_get_handle (self->db));

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = ta_db_prepare (self->db,
                        "INSERT OR IGNORE INTO link_source (link_id, source_id) VALUES (?1, '" TA_EDITOR_SOURCE_ID "')",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *inout_id);

  return ta_db_step_done (self->db, stmt, error);
}

gboolean
ta_editor_check_link (TaEditor            *self,
                      const TaLinkRecord  *link,
                      const char         **invalid_field,
                      GError             **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (link != NULL, FALSE);

  if (!ta_link_record_validate (link, invalid_field, error))
    return FALSE;

  if (invalid_field != NULL)
    *invalid_field = "town_b";

  return check_link_towns (self, link, MIN (link->town_a, link->town_b), MAX (link->town_a, link->town_b),
                           link->id, error);
}

gboolean
ta_editor_save_link (TaEditor            *self,
                     const TaLinkRecord  *link,
                     gint64              *out_id,
                     GError             **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (link != NULL, FALSE);

  if (!ta_link_record_validate (link, NULL, error))
    return FALSE;

  return ta_editor_run_edit (self, link_scope, link->id,
                             link->id > 0 ? _("Edit Link") : _("Add Link"), TRUE,
                             write_link, link, out_id, error);
}

static gboolean
write_link_deletion (TaEditor       *self,
                     gconstpointer   data,
                     gint64         *inout_id,
                     GError        **error)
{
  return delete_by_id (self, "link", *inout_id, error);
}

gboolean
ta_editor_delete_link (TaEditor  *self,
                       gint64     link_id,
                       GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (link_id > 0, FALSE);

  return ta_editor_run_edit (self, link_scope, link_id, _("Delete Link"), TRUE,
                             write_link_deletion, NULL, NULL, error);
}

/* Exchanges, funding and history */

static gboolean
check_owner (TaEditor  *self,
             gint64     link_id,
             gint64     town_id,
             GError   **error)
{
  if (link_id > 0 &&
      !require_row (self, "link", link_id, error))
    return FALSE;

  if (town_id > 0 &&
      !require_row (self, "town", town_id, error))
    return FALSE;

  return TRUE;
}

static gboolean
check_programme (TaEditor  *self,
                 gint64     programme_id,
                 GError   **error)
{
  if (programme_id <= 0)
    return TRUE;

  return require_row (self, "programme", programme_id, error);
}

/* Runs an INSERT or guarded UPDATE; sets *inout_id for an insert. */
static gboolean
finish_write (TaEditor      *self,
              sqlite3_stmt  *stmt,
              gint64        *inout_id,
              GError       **error)
{
  if (!ta_db_step_done (self->db, stmt, error))
    return FALSE;

  if (*inout_id <= 0)
    *inout_id = sqlite3_last_insert_rowid (ta_db_get_handle (self->db));

  return TRUE;
}

static gboolean
write_exchange (TaEditor       *self,
                gconstpointer   data,
                gint64         *inout_id,
                GError        **error)
{
  const TaExchangeRecord *exchange = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*inout_id > 0 &&
      !require_row (self, "exchange", *inout_id, error))
    return FALSE;

  if (!check_owner (self, exchange->link_id, exchange->town_id, error) ||
      !check_programme (self, exchange->programme_id, error))
    return FALSE;

  if (*inout_id > 0)
    stmt = ta_db_prepare (self->db,
                          "UPDATE exchange SET link_id = ?1, town_id = ?2, year = ?3, date = ?4, kind = ?5,"
                          "       participants = ?6, programme_id = ?7, description = ?8,"
                          "       source_id = '" TA_EDITOR_SOURCE_ID "'"
                          " WHERE id = ?9"
                          "   AND NOT (link_id IS ?1 AND town_id IS ?2 AND year IS ?3 AND date IS ?4"
                          "            AND kind IS ?5 AND participants IS ?6 AND programme_id IS ?7"
                          "            AND description IS ?8)",
                          error);
  else
    stmt = ta_db_prepare (self->db,
                          "INSERT INTO exchange (link_id, town_id, year, date, kind, participants,"
                          "                      programme_id, description, source_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '" TA_EDITOR_SOURCE_ID "')",
                          error);
  if (stmt == NULL)
    return FALSE;

  bind_id (stmt, 1, exchange->link_id);
  bind_id (stmt, 2, exchange->town_id);
  sqlite3_bind_int (stmt, 3, exchange->year);
  bind_text (stmt, 4, exchange->date);
  bind_text (stmt, 5, exchange->kind);
  bind_count (stmt, 6, exchange->participants);
  bind_id (stmt, 7, exchange->programme_id);
  bind_text (stmt, 8, exchange->description);
  if (*inout_id > 0)
    sqlite3_bind_int64 (stmt, 9, *inout_id);

  return finish_write (self, stmt, inout_id, error);
}

gboolean
ta_editor_save_exchange (TaEditor                *self,
                         const TaExchangeRecord  *exchange,
                         gint64                  *out_id,
                         GError                 **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (exchange != NULL, FALSE);

  if (!ta_exchange_record_validate (exchange, NULL, error))
    return FALSE;

  return ta_editor_run_edit (self, exchange_scope, exchange->id,
                             exchange->id > 0 ? _("Edit Exchange") : _("Add Exchange"), FALSE,
                             write_exchange, exchange, out_id, error);
}

static gboolean
write_exchange_deletion (TaEditor       *self,
                         gconstpointer   data,
                         gint64         *inout_id,
                         GError        **error)
{
  return delete_by_id (self, "exchange", *inout_id, error);
}

gboolean
ta_editor_delete_exchange (TaEditor  *self,
                           gint64     exchange_id,
                           GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (exchange_id > 0, FALSE);

  return ta_editor_run_edit (self, exchange_scope, exchange_id, _("Delete Exchange"), FALSE,
                             write_exchange_deletion, NULL, NULL, error);
}

static gboolean
write_funding (TaEditor       *self,
               gconstpointer   data,
               gint64         *inout_id,
               GError        **error)
{
  const TaFundingRecord *funding = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*inout_id > 0 &&
      !require_row (self, "funding", *inout_id, error))
    return FALSE;

  if (!check_owner (self, funding->link_id, funding->town_id, error) ||
      !check_programme (self, funding->programme_id, error))
    return FALSE;

  if (funding->exchange_id > 0 &&
      !require_row (self, "exchange", funding->exchange_id, error))
    return FALSE;

  if (*inout_id > 0)
    stmt = ta_db_prepare (self->db,
                          "UPDATE funding SET link_id = ?1, town_id = ?2, exchange_id = ?3, amount_minor = ?4,"
                          "       currency = ?5, year = ?6, programme_id = ?7, funder = ?8, purpose = ?9,"
                          "       source_id = '" TA_EDITOR_SOURCE_ID "'"
                          " WHERE id = ?10"
                          "   AND NOT (link_id IS ?1 AND town_id IS ?2 AND exchange_id IS ?3"
                          "            AND amount_minor IS ?4 AND currency IS ?5 AND year IS ?6"
                          "            AND programme_id IS ?7 AND funder IS ?8 AND purpose IS ?9)",
                          error);
  else
    stmt = ta_db_prepare (self->db,
                          "INSERT INTO funding (link_id, town_id, exchange_id, amount_minor, currency, year,"
                          "                     programme_id, funder, purpose, source_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '" TA_EDITOR_SOURCE_ID "')",
                          error);
  if (stmt == NULL)
    return FALSE;

  bind_id (stmt, 1, funding->link_id);
  bind_id (stmt, 2, funding->town_id);
  bind_id (stmt, 3, funding->exchange_id);
  sqlite3_bind_int64 (stmt, 4, funding->amount_minor);
  sqlite3_bind_text (stmt, 5, funding->currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, funding->year);
  bind_id (stmt, 7, funding->programme_id);
  bind_text (stmt, 8, funding->funder);
  bind_text (stmt, 9, funding->purpose);
  if (*inout_id > 0)
    sqlite3_bind_int64 (stmt, 10, *inout_id);

  return finish_write (self, stmt, inout_id, error);
}

gboolean
ta_editor_save_funding (TaEditor               *self,
                        const TaFundingRecord  *funding,
                        gint64                 *out_id,
                        GError                **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (funding != NULL, FALSE);

  if (!ta_funding_record_validate (funding, NULL, error))
    return FALSE;

  return ta_editor_run_edit (self, funding_scope, funding->id,
                             funding->id > 0 ? _("Edit Funding") : _("Add Funding"), FALSE,
                             write_funding, funding, out_id, error);
}

static gboolean
write_funding_deletion (TaEditor       *self,
                        gconstpointer   data,
                        gint64         *inout_id,
                        GError        **error)
{
  return delete_by_id (self, "funding", *inout_id, error);
}

gboolean
ta_editor_delete_funding (TaEditor  *self,
                          gint64     funding_id,
                          GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (funding_id > 0, FALSE);

  return ta_editor_run_edit (self, funding_scope, funding_id, _("Delete Funding"), FALSE,
                             write_funding_deletion, NULL, NULL, error);
}

static gboolean
write_event (TaEditor       *self,
             gconstpointer   data,
             gint64         *inout_id,
             GError        **error)
{
  const TaEventRecord *event = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (*inout_id > 0 &&
      !require_row (self, "link_event", *inout_id, error))
    return FALSE;

  if (!check_owner (self, event->link_id, 0, error))
    return FALSE;

  if (*inout_id > 0)
    stmt = ta_db_prepare (self->db,
                          "UPDATE link_event SET link_id = ?1, kind = ?2, date = ?3, note = ?4,"
                          "       source_id = '" TA_EDITOR_SOURCE_ID "'"
                          " WHERE id = ?5"
                          "   AND NOT (link_id IS ?1 AND kind IS ?2 AND date IS ?3 AND note IS ?4)",
                          error);
  else
    stmt = ta_db_prepare (self->db,
                          "INSERT INTO link_event (link_id, kind, date, note, source_id)"
                          " VALUES (?1, ?2, ?3, ?4, '" TA_EDITOR_SOURCE_ID "')",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, event->link_id);
  bind_text (stmt, 2, event->kind);
  bind_text (stmt, 3, event->date);
  bind_text (stmt, 4, event->note);
  if (*inout_id > 0)
    sqlite3_bind_int64 (stmt, 5, *inout_id);

  return finish_write (self, stmt, inout_id, error);
}

gboolean
ta_editor_save_event (TaEditor             *self,
                      const TaEventRecord  *event,
                      gint64               *out_id,
                      GError              **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!ta_event_record_validate (event, NULL, error))
    return FALSE;

  return ta_editor_run_edit (self, event_scope, event->id,
                             event->id > 0 ? _("Edit History Event") : _("Add History Event"), FALSE,
                             write_event, event, out_id, error);
}

static gboolean
write_event_deletion (TaEditor       *self,
                      gconstpointer   data,
                      gint64         *inout_id,
                      GError        **error)
{
  return delete_by_id (self, "link_event", *inout_id, error);
}

gboolean
ta_editor_delete_event (TaEditor  *self,
                        gint64     event_id,
                        GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (event_id > 0, FALSE);

  return ta_editor_run_edit (self, event_scope, event_id, _("Delete History Event"), FALSE,
                             write_event_deletion, NULL, NULL, error);
}

/* What goes with a deletion */

gboolean
ta_editor_count_town_dependents (TaEditor      *self,
                                 gint64         town_id,
                                 TaDependents  *out,
                                 GError       **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  return require_row (self, "town", town_id, error) &&
         count_rows (self, "SELECT count(*) FROM link WHERE town_a = ?1 OR town_b = ?1",
                     town_id, &out->links, error) &&
         count_rows (self, "SELECT count(*) FROM town_name WHERE town_id = ?1",
                     town_id, &out->names, error) &&
         count_rows (self, "SELECT count(*) FROM exchange WHERE town_id = ?1 OR link_id IN " LINKS_OF_TOWN,
                     town_id, &out->exchanges, error) &&
         count_rows (self, "SELECT count(*) FROM funding WHERE town_id = ?1 OR link_id IN " LINKS_OF_TOWN,
                     town_id, &out->funding, error) &&
         count_rows (self, "SELECT count(*) FROM link_event WHERE link_id IN " LINKS_OF_TOWN,
                     town_id, &out->events, error);
}

gboolean
ta_editor_count_link_dependents (TaEditor      *self,
                                 gint64         link_id,
                                 TaDependents  *out,
                                 GError       **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  return require_row (self, "link", link_id, error) &&
         count_rows (self, "SELECT count(*) FROM exchange WHERE link_id = ?1", link_id, &out->exchanges, error) &&
         count_rows (self, "SELECT count(*) FROM funding WHERE link_id = ?1", link_id, &out->funding, error) &&
         count_rows (self, "SELECT count(*) FROM link_event WHERE link_id = ?1", link_id, &out->events, error);
}

