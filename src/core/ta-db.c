/* ta-db.c: the atlas database (SQLite)
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a database is where a user's data is most at risk, so TaDb checks
 * the file before SQLite may write to it: it must exist (unless creation was
 * asked for), be readable, be an SQLite file, belong to Twin Atlas and not
 * come from a newer version.  Any failure names the file and leaves it
 * untouched.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-db.h"
#include "ta-fold.h"

struct _TaDb
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *handle;
  gboolean  read_only;
};

G_DEFINE_FINAL_TYPE (TaDb, ta_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-db-error-quark, ta_db_error)

static const char sqlite_magic[16] = "SQLite format 3";

static void
ta_db_finalize (GObject *object)
{
  TaDb *self = (TaDb *)object;

  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ta_db_parent_class)->finalize (object);
}

static void
ta_db_class_init (TaDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_db_finalize;
}

static void
ta_db_init (TaDb *self)
{
}

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
      return TA_DB_ERROR_CORRUPT;
    case SQLITE_NOTADB:
      return TA_DB_ERROR_NOT_DATABASE;
    case SQLITE_READONLY:
      return TA_DB_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return TA_DB_ERROR_UNREADABLE;
    case SQLITE_CONSTRAINT:
      return TA_DB_ERROR_INVALID;
    default:
      return TA_DB_ERROR_FAILED;
    }
}

/**
 * ta_db_set_error_from_sqlite:
 * @what: (nullable): what was being done, for the message
 *
 * Sets @error from the connection's last SQLite error, naming the file.
 */
void
ta_db_set_error_from_sqlite (TaDb        *self,
                             GError     **error,
                             const char  *what)
{
  int rc = sqlite3_extended_errcode (self->handle);

  if (what != NULL)
    g_set_error (error, TA_DB_ERROR, error_code_for_sqlite (rc),
                 _("%s in “%s”: %s"), what, self->path, sqlite3_errmsg (self->handle));
  else
    g_set_error (error, TA_DB_ERROR, error_code_for_sqlite (rc),
                 _("Database “%s”: %s"), self->path, sqlite3_errmsg (self->handle));
}

/* SQL function ta_fold(text): used by the search triggers. */
static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = ta_fold (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

/* SQL function ta_fold_key(text): compares names across punctuation. */
static void
sql_fold_key (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, ta_fold_key (text), -1, g_free);
}

/* Checks what can be checked without SQLite touching the file. */
static gboolean
check_file_before_open (const char     *path,
                        TaDbOpenFlags   flags,
                        gboolean       *out_is_new,
                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  GStatBuf st;
  gsize n_read = 0;

  *out_is_new = FALSE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (flags & TA_DB_OPEN_CREATE && !(flags & TA_DB_OPEN_READ_ONLY))
        {
          *out_is_new = TRUE;
          return TRUE;
        }
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_FOUND,
                   _("Database “%s” does not exist"), path);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_DATABASE,
                   _("“%s” is a folder, not an atlas database"), path);
      return FALSE;
    }

  /* Mode bits count as well as access(): root may read and write
   * anything, but a file its owner made read-only is meant to stay so. */
  if (g_stat (path, &st) != 0 || g_access (path, R_OK) != 0 || (st.st_mode & S_IRUSR) == 0)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_UNREADABLE,
                   _("Database “%s” cannot be read: permission denied"), path);
      return FALSE;
    }

  if (!(flags & TA_DB_OPEN_READ_ONLY) && (g_access (path, W_OK) != 0 || (st.st_mode & S_IWUSR) == 0))
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_READ_ONLY,
                   _("Database “%s” is read-only"), path);
      return FALSE;
    }

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  header = g_malloc0 (sizeof sqlite_magic);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), header, sizeof sqlite_magic,
                                &n_read, NULL, &local_error))
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_UNREADABLE,
                   _("Database “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }

  if (n_read == 0)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_DATABASE,
                   _("“%s” is an empty file, not an atlas database"), path);
      return FALSE;
    }

  if (n_read < sizeof sqlite_magic || memcmp (header, sqlite_magic, sizeof sqlite_magic) != 0)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_DATABASE,
                   _("“%s” is not an atlas database (not an SQLite file)"), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (TaDb        *self,
           const char  *sql,
           int         *out_value,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (self, error, NULL);
      return FALSE;
    }

  *out_value = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* After SQLite has opened the file: whose is it, and which version? */
static gboolean
check_identity (TaDb     *self,
                GError  **error)
{
  int application_id = 0;
  int version = 0;
  int n_tables = 0;

  if (!query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return FALSE;

  if (application_id != TA_DB_APPLICATION_ID && (n_tables > 0 || version != 0))
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_ATLAS,
                   _("“%s” is an SQLite database of another program, not an atlas database"),
                   self->path);
      return FALSE;
    }

  if (version > TA_DB_SCHEMA_VERSION)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Twin Atlas (schema version %d; this version reads up to %d)"),
                   self->path, version, TA_DB_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* SQLite reports most damage lazily; a quick check at open turns it into
 * one clear message instead of failures scattered over the session. */
static gboolean
check_integrity (TaDb     *self,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA quick_check(1)", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_CORRUPT,
                   _("Database “%s” is damaged: %s"), self->path, sqlite3_errmsg (self->handle));
      return FALSE;
    }

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_CORRUPT,
                   _("Database “%s” is damaged: %s"), self->path, result);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (TaDb     *self,
                      GError  **error)
{
  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_extended_result_codes (self->handle, 1);

  if (sqlite3_create_function (self->handle, "ta_fold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, sql_fold, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (self->handle, "ta_fold_key", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, sql_fold_key, NULL, NULL) != SQLITE_OK)
    {
      ta_db_set_error_from_sqlite (self, error, NULL);
      return FALSE;
    }

  return ta_db_exec (self, "PRAGMA foreign_keys = ON", error);
}

static TaDb *
open_handle (const char     *path,
             const char     *uri,
             TaDbOpenFlags   flags,
             GError        **error)
{
  g_autoptr(TaDb) self = g_object_new (TA_TYPE_DB, NULL);
  int sqlite_flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc;

  self->path = g_strdup (path);
  self->read_only = (flags & TA_DB_OPEN_READ_ONLY) != 0;

  if (self->read_only)
    sqlite_flags |= SQLITE_OPEN_READONLY;
  else
    sqlite_flags |= SQLITE_OPEN_READWRITE | ((flags & TA_DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);

  rc = sqlite3_open_v2 (uri, &self->handle, sqlite_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TA_DB_ERROR, error_code_for_sqlite (rc),
                   _("Cannot open database “%s”: %s"), path,
                   self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!configure_connection (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ta_db_open:
 * @path: a file name
 * @flags: how to open it
 *
 * Opens an atlas database, migrating it to the current schema when it is
 * older (and writable).  A file that is missing (without
 * %TA_DB_OPEN_CREATE), unreadable, read-only when writing was asked for,
 * not SQLite, of another program, damaged or newer than this build is
 * refused with a #TaDbError naming the file, and is left as it was.
 *
 * Returns: (transfer full): the database, or %NULL
 */
TaDb *
ta_db_open (const char     *path,
            TaDbOpenFlags   flags,
            GError        **error)
{
  g_autoptr(TaDb) self = NULL;
  g_autofree char *uri = NULL;
  gboolean is_new = FALSE;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_file_before_open (path, flags, &is_new, error))
    return NULL;

  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);
      uri = g_filename_to_uri (absolute, NULL, NULL);
    }
  if (uri == NULL)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_FOUND,
                   _("“%s” is not a valid file name"), path);
      return NULL;
    }

  self = open_handle (path, uri, flags, error);
  if (self == NULL)
    return NULL;

  if (!is_new && (!check_integrity (self, error) || !check_identity (self, error)))
    return NULL;

  version = ta_db_get_schema_version (self);
  if (version < TA_DB_SCHEMA_VERSION && !(flags & TA_DB_OPEN_NO_MIGRATE))
    {
      if (self->read_only)
        {
          g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_READ_ONLY,
                       _("Database “%s” uses the older schema version %d and is opened read-only, so it cannot be updated"),
                       path, version);
          return NULL;
        }
      if (!ta_db_migrate (self, TA_DB_SCHEMA_VERSION, error))
        return NULL;
    }

  /* Only now, when the file is known to be ours: WAL changes its header. */
  if (!self->read_only && !ta_db_exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ta_db_open_memory:
 *
 * Returns: (transfer full): a new, empty atlas in memory, at the current schema
 */
TaDb *
ta_db_open_memory (GError **error)
{
  g_autoptr(TaDb) self = open_handle (":memory:", ":memory:", TA_DB_OPEN_CREATE, error);

  if (self == NULL || !ta_db_migrate (self, TA_DB_SCHEMA_VERSION, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ta_db_get_path (TaDb *self)
{
  g_return_val_if_fail (TA_IS_DB (self), NULL);

  return self->path;
}

sqlite3 *
ta_db_get_handle (TaDb *self)
{
  g_return_val_if_fail (TA_IS_DB (self), NULL);

  return self->handle;
}

gboolean
ta_db_is_read_only (TaDb *self)
{
  g_return_val_if_fail (TA_IS_DB (self), TRUE);

  return self->read_only;
}

int
ta_db_get_schema_version (TaDb *self)
{
  int version = -1;

  g_return_val_if_fail (TA_IS_DB (self), -1);

  if (!query_int (self, "PRAGMA user_version", &version, NULL))
    return -1;

  return version;
}

gboolean
ta_db_exec (TaDb        *self,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (TA_IS_DB (self), FALSE);

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, TA_DB_ERROR, error_code_for_sqlite (sqlite3_extended_errcode (self->handle)),
                   _("Database “%s”: %s"), self->path, message ? message : sqlite3_errmsg (self->handle));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/**
 * ta_db_prepare:
 *
 * Returns: (transfer full) (nullable): a statement to free with
 *   sqlite3_finalize() (or g_autoptr)
 */
sqlite3_stmt *
ta_db_prepare (TaDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (TA_IS_DB (self), NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      ta_db_set_error_from_sqlite (self, error, NULL);
      return NULL;
    }

  return stmt;
}

/**
 * ta_db_step_done:
 *
 * Steps a statement that returns no rows (INSERT, UPDATE, DELETE) and
 * resets it for the next use.
 */
gboolean
ta_db_step_done (TaDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (self, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ta_db_begin (TaDb     *self,
             GError  **error)
{
  return ta_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
ta_db_commit (TaDb     *self,
              GError  **error)
{
  if (!ta_db_exec (self, "COMMIT", error))
    {
      ta_db_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
ta_db_rollback (TaDb *self)
{
  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}
