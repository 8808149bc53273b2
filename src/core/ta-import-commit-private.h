/* ta-import-commit-private.h: the walk shared by the files of ta-import-commit
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ta-import-plan-state.h"

G_BEGIN_DECLS

/* The walk's statements, prepared once: see statement_sql in
 * ta-import-commit.c. */
enum
{
  STMT_SOURCE,
  STMT_SOURCE_IF_NEW,
  STMT_COUNTRY,
  STMT_TOWN,
  STMT_TOWN_FILL,
  STMT_TOWN_SOURCE,
  STMT_TOWN_NAME,
  STMT_LINK,
  STMT_LINK_UPDATE,
  STMT_LINK_SOURCE,
  STMT_EXCHANGE,
  STMT_EXCHANGE_EXISTS,
  STMT_FUNDING,
  STMT_FUNDING_EXISTS,
  STMT_EVENT,
  STMT_EVENT_EXISTS,
  STMT_NOTE,
  STMT_PROGRAMME,
  N_STMTS
};

/* A link as the walk has met it. */
typedef struct
{
  gint64      id;           /* 0 while counting a new link */
  int         start_year;
  int         end_year;
  const char *status;
  gboolean    in_atlas;
  gboolean    named;        /* counted as matched */
  gboolean    updated;
} WalkLink;

typedef struct
{
  TaImportPlan   *plan;
  gboolean        write;
  TaImportCounts  counts;
  GPtrArray      *conflicts;     /* char * */
  guint8         *used;          /* per entry */
  guint          *fills;         /* per entry: values it would gain (counting) */
  GHashTable     *links;         /* guint64 pair → WalkLink */
  GHashTable     *seen;          /* record keys: duplicates within the plan */
  GHashTable     *waiting;       /* places of rows waiting or skipped */
  GHashTable     *skipped;
  GHashTable     *programme_ids; /* key of a programme this import adds → gint64 id */
  sqlite3_stmt   *stmts[N_STMTS];
  int             this_year;
} Walk;

static inline TownEntry *
ta_import_walk_entry_at (TaImportPlan *plan,
                         guint         index)
{
  return &g_array_index (plan->entries, TownEntry, index);
}

G_GNUC_PRINTF (3, 4)
void
ta_import_walk_add_conflict (Walk           *walk,
                             const RowPlace *place,
                             const char     *format,
                             ...);

gboolean
ta_import_walk_resolve_record (Walk           *walk,
                               const RowPlace *place,
                               int             a,
                               int             b,
                               int            *entry_a,
                               int            *entry_b);

sqlite3_stmt *
ta_import_walk_statement (Walk     *walk,
                          guint     which,
                          GError  **error);

void
ta_import_walk_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text);

void
ta_import_walk_bind_positive (sqlite3_stmt *stmt,
                              int           index,
                              gint64        value);

void
ta_import_walk_bind_count (sqlite3_stmt *stmt,
                           int           index,
                           gint64        value);

gboolean
ta_import_walk_step_record (Walk           *walk,
                            sqlite3_stmt   *stmt,
                            int             source_column,
                            const RowPlace *place,
                            const char     *source,
                            GError        **error);

gboolean
ta_import_walk_exists (Walk          *walk,
                       sqlite3_stmt  *stmt,
                       gboolean      *found,
                       GError       **error);

gint64
ta_import_walk_programme_id (Walk       *walk,
                             gint64      id,
                             const char *key);

WalkLink *
ta_import_walk_lookup_link (Walk     *walk,
                            int       entry_a,
                            int       entry_b,
                            gboolean  named);

gboolean
ta_import_walk_owned_records (Walk     *walk,
                              GError  **error);

G_END_DECLS
