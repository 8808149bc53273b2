/* ta-db.h: the atlas database (SQLite)
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The schema version this build writes; PRAGMA user_version holds it. */
#define TA_DB_SCHEMA_VERSION 2

/* PRAGMA application_id of an atlas database: "TAtl". */
#define TA_DB_APPLICATION_ID 0x5441746c

#define TA_DB_ERROR (ta_db_error_quark ())

typedef enum
{
  TA_DB_ERROR_NOT_FOUND,     /* the file does not exist */
  TA_DB_ERROR_UNREADABLE,    /* no permission to read it */
  TA_DB_ERROR_READ_ONLY,     /* writing was asked for but is not allowed */
  TA_DB_ERROR_NOT_DATABASE,  /* not an SQLite file, or an empty one */
  TA_DB_ERROR_NOT_ATLAS,     /* an SQLite file of some other program */
  TA_DB_ERROR_CORRUPT,       /* integrity problems SQLite itself reports */
  TA_DB_ERROR_TOO_NEW,       /* written by a newer Twin Atlas */
  TA_DB_ERROR_INVALID,       /* a value breaks the atlas' rules */
  TA_DB_ERROR_FAILED,        /* any other SQLite failure */
} TaDbError;

typedef enum
{
  TA_DB_OPEN_READ_WRITE = 0,
  TA_DB_OPEN_READ_ONLY  = 1 << 0,
  TA_DB_OPEN_CREATE     = 1 << 1, /* create a new, empty atlas if missing */
  TA_DB_OPEN_NO_MIGRATE = 1 << 2, /* leave the schema as it is (tests, tools) */
} TaDbOpenFlags;

#define TA_TYPE_DB (ta_db_get_type ())
G_DECLARE_FINAL_TYPE (TaDb, ta_db, TA, DB, GObject)

GQuark       ta_db_error_quark        (void);

TaDb        *ta_db_open               (const char     *path,
                                       TaDbOpenFlags   flags,
                                       GError        **error);
TaDb        *ta_db_open_memory        (GError        **error);

const char  *ta_db_get_path           (TaDb           *self);
sqlite3     *ta_db_get_handle         (TaDb           *self);
gboolean     ta_db_is_read_only       (TaDb           *self);
int          ta_db_get_schema_version (TaDb           *self);

gboolean     ta_db_exec               (TaDb           *self,
                                       const char     *sql,
                                       GError        **error);
sqlite3_stmt *ta_db_prepare           (TaDb           *self,
                                       const char     *sql,
                                       GError        **error);
gboolean     ta_db_step_done          (TaDb           *self,
                                       sqlite3_stmt   *stmt,
                                       GError        **error);

gboolean     ta_db_begin              (TaDb           *self,
                                       GError        **error);
gboolean     ta_db_commit             (TaDb           *self,
                                       GError        **error);
void         ta_db_rollback           (TaDb           *self);

void         ta_db_set_error_from_sqlite (TaDb        *self,
                                          GError     **error,
                                          const char  *what);

/* Schema and migrations (ta-db-schema.c) */
gboolean     ta_db_migrate            (TaDb           *self,
                                       int             target_version,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
