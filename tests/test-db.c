/* test-db.c: the atlas database, its schema, search, stats and checks
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "ta-check.h"
#include "ta-db.h"
#include "ta-search.h"
#include "ta-stats.h"
#include "ta-user-database.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ta-test-db-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_chmod (path, 0600);
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_chmod (child, 0700);
      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
exec_ok (TaDb       *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  ta_db_exec (db, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (TaDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* A clearly synthetic atlas: three towns with made-up names at real-looking
 * places, two links. */
static void
insert_synthetic_towns (TaDb *db)
{
  exec_ok (db,
           "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Synthetic test data', 'none', 'none');"
           "INSERT INTO country (code, name_en, name_pl, name_de, source_id) VALUES"
           "  ('PL', 'Poland', 'Polska', 'Polen', 'test'), ('DE', 'Germany', 'Niemcy', 'Deutschland', 'test');"
           "INSERT INTO town (id, name, name_native, country_code, lat, lon, population, source_id) VALUES"
           "  (1, 'Testowo Łódzkie', NULL, 'PL', 51.76, 19.46, 600000, 'test'),"
           "  (2, 'Probestadt', NULL, 'DE', 53.55, 10.0, 1800000, 'test'),"
           "  (3, 'Szczecinek Testowy', NULL, 'PL', 53.43, 14.55, 390000, 'test');"
           "INSERT INTO town_name (town_id, name, kind, source_id) VALUES (3, 'Stettinchen', 'exonym', 'test');"
           "INSERT INTO link (id, town_a, town_b, source_id) VALUES (1, 1, 2, 'test'), (2, 2, 3, 'test');"
           "INSERT INTO link_source (link_id, source_id) VALUES (1, 'test'), (2, 'test');");
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "new.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ta_db_get_schema_version (db), ==, TA_DB_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, TA_DB_APPLICATION_ID);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);

  stmt = ta_db_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");

  /* Every table is STRICT: a text in an INTEGER column is refused. */
  insert_synthetic_towns (db);
  g_assert_false (ta_db_exec (db, "UPDATE town SET population = 'many' WHERE id = 1", &error));
  g_assert_error (error, TA_DB_ERROR, TA_DB_ERROR_INVALID);
}

/* Makes a database at @version as the migrations left it, with rows that
 * version can hold, so that every later step runs over real content.
 * Version 0 is an empty SQLite file, as a first start finds it. */
static void
make_database_at_version (const char *path,
                          int         version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE | TA_DB_OPEN_NO_MIGRATE, &error);

  g_assert_no_error (error);
  g_assert_true (ta_db_migrate (db, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ta_db_get_schema_version (db), ==, version);

  if (version >= 1)
    insert_synthetic_towns (db);
}

static void
test_migrate_from_every_version (Fixture       *fixture,
                                 gconstpointer  data)
{
  for (int version = 0; version < TA_DB_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("v%d.db", version);
      g_autofree char *path = fixture_path (fixture, name);
      g_autoptr(GError) error = NULL;
      g_autoptr(TaDb) db = NULL;

      make_database_at_version (path, version);
      db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ta_db_get_schema_version (db), ==, TA_DB_SCHEMA_VERSION);
      g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, TA_DB_APPLICATION_ID);
      if (version == 0)
        insert_synthetic_towns (db);
      /* What the old version held is all there, and searchable. */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM link"), ==, 2);
      /* Version 2 stored the distance of every link, old or new. */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM link WHERE distance_km > 100"), ==, 2);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM town_fts WHERE town_fts MATCH 'probestadt'"), ==, 1);
    }
}

static void
test_migrate_read_only_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "old.db");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  make_database_at_version (path, 0);
  before = file_checksum (path);
  db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_null (db);
  g_assert_error (error, TA_DB_ERROR, TA_DB_ERROR_READ_ONLY);
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_transaction_rollback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);

  g_assert_no_error (error);
  insert_synthetic_towns (db);

  g_assert_true (ta_db_begin (db, &error));
  exec_ok (db, "DELETE FROM link");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM link"), ==, 0);
  ta_db_rollback (db);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM link"), ==, 2);

  /* Deleting a town takes its links and names with it. */
  exec_ok (db, "DELETE FROM town WHERE id = 2");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM link"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM town_fts"), ==, 2);

  /* One pair is one link, stored in one direction only. */
  g_assert_false (ta_db_exec (db, "INSERT INTO link (town_a, town_b, source_id) VALUES (3, 1, 'test')", &error));
  g_assert_error (error, TA_DB_ERROR, TA_DB_ERROR_INVALID);
}

typedef struct
{
  const char *name;
  const char *contents;     /* NULL: leave the file absent */
  int         mode;
  TaDbOpenFlags flags;
  TaDbError   code;
} BadCase;

static void
write_atlas (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  insert_synthetic_towns (db);
  /* Leave a single file with no WAL beside it. */
  exec_ok (db, "PRAGMA journal_mode = DELETE");
}

static void
assert_refused (const char    *path,
                TaDbOpenFlags  flags,
                TaDbError      code)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, flags, &error);

  g_assert_null (db);
  g_assert_error (error, TA_DB_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_missing (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "absent.db");

  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_NOT_FOUND);
  assert_refused (path, TA_DB_OPEN_READ_ONLY, TA_DB_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_bad_unreadable (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "secret.db");

  write_atlas (path);
  g_chmod (path, 0000);
  assert_refused (path, TA_DB_OPEN_READ_ONLY, TA_DB_ERROR_UNREADABLE);
}

static void
test_bad_read_only (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "locked.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  write_atlas (path);
  g_chmod (path, 0444);
  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_READ_ONLY);

  /* Reading it is still fine. */
  db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM town"), ==, 3);
}

static void
test_bad_not_sqlite (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = fixture_path (fixture, "notes.db");
  g_autofree char *empty = fixture_path (fixture, "empty.db");
  g_autofree char *folder = fixture_path (fixture, "folder.db");

  g_assert_true (g_file_set_contents (text, "town,partner\nKraków,Nürnberg\n", -1, NULL));
  assert_refused (text, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_NOT_DATABASE);
  assert_refused (text, TA_DB_OPEN_CREATE, TA_DB_ERROR_NOT_DATABASE);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_NOT_DATABASE);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_refused (folder, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_NOT_DATABASE);
}

static void
test_bad_other_program (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "places.sqlite");
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_NOT_ATLAS);
}

static void
test_bad_too_new (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "future.db");
  g_autofree char *sql = NULL;
  sqlite3 *handle = NULL;

  write_atlas (path);
  sql = g_strdup_printf ("PRAGMA user_version = %d", TA_DB_SCHEMA_VERSION + 1);
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_TOO_NEW);
  assert_refused (path, TA_DB_OPEN_READ_ONLY, TA_DB_ERROR_TOO_NEW);
}

static void
test_bad_corrupt (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "damaged.db");
  g_autofree char *contents = NULL;
  gsize length = 0;

  write_atlas (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);

  /* Scribble over everything after the first page, as a bad disk would. */
  for (gsize i = 4096; i < length; i++)
    contents[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_CORRUPT);
}

static void
test_bad_corrupt_header (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "truncated.db");
  g_autofree char *contents = NULL;
  gsize length = 0;

  write_atlas (path);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* A file cut short after its header: SQLite itself calls it damaged. */
  g_assert_true (g_file_set_contents (path, contents, 100, NULL));

  assert_refused (path, TA_DB_OPEN_READ_WRITE, TA_DB_ERROR_CORRUPT);
}

static void
assert_search_finds (TaDb       *db,
                     const char *text,
                     gint64      town_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ta_search_towns (db, text, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpint (((TaTownHit *) g_ptr_array_index (hits, 0))->id, ==, town_id);
}

static void
test_search_folded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);
  g_autoptr(GPtrArray) hits = NULL;
  TaTownHit *hit;

  g_assert_no_error (error);
  insert_synthetic_towns (db);

  assert_search_finds (db, "Testowo Łódzkie", 1);
  assert_search_finds (db, "lodzkie", 1);
  assert_search_finds (db, "ŁÓDZKIE", 1);
  assert_search_finds (db, "łódz", 1);
  assert_search_finds (db, "probe", 2);
  assert_search_finds (db, "stettinchen", 3);

  hits = ta_search_towns (db, "testowo", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->country_code, ==, "PL");
  g_assert_cmpuint (hit->n_partners, ==, 1);

  /* Removing the exonym removes it from search. */
  exec_ok (db, "DELETE FROM town_name WHERE name = 'Stettinchen'");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = ta_search_towns (db, "stettinchen", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);

  /* Renaming is seen at once. */
  exec_ok (db, "UPDATE town SET name = 'Nowe Testowo' WHERE id = 1");
  assert_search_finds (db, "nowe", 1);
}

static void
test_search_hostile (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *inputs[] = {
    "\"", "'", "%", "_", ";", "*", "\"; DROP TABLE town; --", "' OR 1=1 --",
    "NEAR(a b)", "a AND OR NOT", "^", "()", "Łódź\" OR \"x", "", "   ", "\xff\xfe",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);

  g_assert_no_error (error);
  insert_synthetic_towns (db);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) hits = ta_search_towns (db, inputs[i], 10, &error);

      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM town"), ==, 3);
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *stats, *per_country;

  g_assert_no_error (error);
  insert_synthetic_towns (db);
  exec_ok (db, "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES (4, 'Drugie Testowo', 'PL', 52.0, 20.0, 'test');"
               "INSERT INTO link (town_a, town_b, source_id) VALUES (1, 4, 'test');");

  node = ta_stats_collect (db, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (stats, "towns"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (stats, "links"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stats, "countries"), ==, 2);

  /* The PL–PL link counts once for Poland. */
  per_country = json_object_get_object_member (stats, "links_per_country");
  g_assert_cmpint (json_object_get_int_member (per_country, "PL"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (per_country, "DE"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "links_per_kind"),
                                               "twinning"), ==, 3);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *rule)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((TaCheckProblem *) g_ptr_array_index (problems, i))->rule, rule))
      return TRUE;

  return FALSE;
}

static void
test_check (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);
  g_autoptr(GPtrArray) clean = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  insert_synthetic_towns (db);

  clean = ta_check_run (db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clean->len, ==, 0);

  /* What another tool could write past the schema's guards. */
  exec_ok (db, "PRAGMA ignore_check_constraints = ON;"
               "PRAGMA foreign_keys = OFF;"
               "INSERT INTO link (town_a, town_b, source_id) VALUES (1, 1, 'test');"
               "INSERT INTO link (town_a, town_b, source_id) VALUES (3, 2, 'test');"
               "UPDATE town SET lat = 123 WHERE id = 3;"
               "INSERT INTO town_name (town_id, name, source_id) VALUES (99, 'Nowhere', 'test');");

  problems = ta_check_run (db, 10, &error);
  g_assert_no_error (error);
  g_assert_true (has_problem (problems, "self-link"));
  g_assert_true (has_problem (problems, "duplicate-link"));
  g_assert_true (has_problem (problems, "coordinates"));
  g_assert_true (has_problem (problems, "foreign-keys"));
  g_assert_true (has_problem (problems, "provenance"));
  g_assert_false (has_problem (problems, "integrity"));
}

static void
test_user_database (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *bundled = fixture_path (fixture, "bundled.db");
  g_autofree char *user = fixture_path (fixture, "home/twin-atlas/atlas.db");
  g_autofree char *missing = fixture_path (fixture, "nothing.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  write_atlas (bundled);

  g_assert_true (ta_user_database_ensure (bundled, user, &error));
  g_assert_no_error (error);
  db = ta_db_open (user, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  exec_ok (db, "DELETE FROM link WHERE id = 1");
  g_clear_object (&db);

  /* An existing user atlas is never replaced. */
  g_assert_true (ta_user_database_ensure (bundled, user, &error));
  db = ta_db_open (user, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM link"), ==, 1);

  g_assert_false (ta_user_database_ensure (missing, fixture_path (fixture, "other/atlas.db"), &error));
  g_assert_error (error, TA_DB_ERROR, TA_DB_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ta/db/create", test_create);
  ADD ("/ta/db/migrate/from-every-version", test_migrate_from_every_version);
  ADD ("/ta/db/migrate/read-only-refused", test_migrate_read_only_refused);
  ADD ("/ta/db/transaction/rollback", test_transaction_rollback);
  ADD ("/ta/db/bad/missing", test_bad_missing);
  ADD ("/ta/db/bad/unreadable", test_bad_unreadable);
  ADD ("/ta/db/bad/read-only", test_bad_read_only);
  ADD ("/ta/db/bad/not-sqlite", test_bad_not_sqlite);
  ADD ("/ta/db/bad/other-program", test_bad_other_program);
  ADD ("/ta/db/bad/too-new", test_bad_too_new);
  ADD ("/ta/db/bad/corrupt", test_bad_corrupt);
  ADD ("/ta/db/bad/corrupt-header", test_bad_corrupt_header);
  ADD ("/ta/db/search/folded", test_search_folded);
  ADD ("/ta/db/search/hostile", test_search_hostile);
  ADD ("/ta/db/stats", test_stats);
  ADD ("/ta/db/check", test_check);
  ADD ("/ta/db/user-database", test_user_database);
#undef ADD

  return g_test_run ();
}
