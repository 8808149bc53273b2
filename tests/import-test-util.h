/* import-test-util.h: synthetic atlases, database queries and comparisons
 * for the core and GTK tests
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ta-db.h"

G_BEGIN_DECLS

/* Town ids of the synthetic atlas (all names and ids are made up). */
enum
{
  TEST_TOWN_TESTOWO = 1,       /* PL, Q999000001 */
  TEST_TOWN_PROBESTADT = 2,    /* DE, no QID */
  TEST_TOWN_EXEMPLEVILLE = 3,  /* FR, Q999000003 */
  TEST_TOWN_NEUSTADT_WEST = 4, /* DE, "Neustadt-Test" */
  TEST_TOWN_NEUSTADT_EAST = 5, /* DE, "Neustadt-Test" too, 500 km away */
  TEST_TOWN_DWOJAKOWO = 6,     /* PL, exonym "Zweifeld" */
};

/* A temporary folder, removed (with its files) at exit. */
const char *test_tmp_dir        (void);
char       *test_tmp_path       (const char *name);
char       *test_write_file     (const char *name,
                                 const char *contents,
                                 gssize      len);

/* A file atlas with the synthetic towns and links, closed again. */
char       *test_make_atlas     (const char *name);
/* An empty atlas at the current schema, closed again. */
char       *test_make_empty     (const char *name);

/* Every row of every table, sorted: equal dumps, equal databases. */
char       *test_dump_database  (const char *path);
char       *test_file_sha256    (const char *path);

/* The first column of the first row of @sql on the file at @path,
 * opened read-only; the query must yield a row. */
gint64      test_query_int      (const char *path,
                                 const char *sql);
char       *test_query_text     (const char *path,
                                 const char *sql);

/* Every row of every table of @db (search index aside), with exact typed
 * values (doubles in hexadecimal) and rows sorted: "unchanged" checks. */
char       *test_dump_db        (TaDb       *db);
/* The first column of the first row of @sql on @db: the integer (a row
 * is asserted), or the text (NULL without a row). */
gint64      test_db_query_int   (TaDb       *db,
                                 const char *sql);
char       *test_db_query_text  (TaDb       *db,
                                 const char *sql);

/* Towns, links and provenance (and with @with_records programmes,
 * exchanges, grants and events) in a form that does not depend on ids:
 * what a round trip must keep. */
char       *test_canonical_atlas (const char *path,
                                  gboolean    with_records);

G_END_DECLS
