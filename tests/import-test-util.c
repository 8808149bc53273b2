/* import-test-util.c: synthetic atlases, database queries and comparisons
 * for the core and GTK tests
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The towns below are made up (names, points and the Q999… ids), so that
 * no test states a fact about a real place.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "import-test-util.h"

static char *tmp_dir;

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmp_dir == NULL)
    return;

  dir = g_dir_open (tmp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (tmp_dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) sub = g_dir_open (child, 0, NULL);
          const char *inner;

          while (sub != NULL && (inner = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *grandchild = g_build_filename (child, inner, NULL);

              g_unlink (grandchild);
            }
          g_rmdir (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

const char *
test_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("ta-test-import-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_tmp_dir);
    }

  return tmp_dir;
}

char *
test_tmp_path (const char *name)
{
  return g_build_filename (test_tmp_dir (), name, NULL);
}

char *
test_write_file (const char *name,
                 const char *contents,
                 gssize      len)
{
  g_autofree char *path = test_tmp_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

char *
test_make_empty (const char *name)
{
  g_autofree char *path = test_tmp_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  g_unlink (path);
  db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

char *
test_make_atlas (const char *name)
{
  g_autofree char *path = test_make_empty (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);

  g_assert_no_error (error);
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution) VALUES"
              "  ('test', 'Synthetic test data', 'none', 'Twin Atlas tests'),"
              "  ('test-second', 'More synthetic test data', 'none', 'Twin Atlas tests');"
              "INSERT INTO country (code, name_en, name_pl, name_de, source_id) VALUES"
              "  ('PL', 'Poland', 'Polska', 'Polen', 'test'), ('DE', 'Germany', 'Niemcy', 'Deutschland', 'test'),"
              "  ('FR', 'France', 'Francja', 'Frankreich', 'test');"
              "INSERT INTO town (id, name, country_code, lat, lon, population, wikidata, source_id) VALUES"
              "  (1, 'Testowo', 'PL', 52.0, 19.0, 1000, 'Q999000001', 'test'),"
              "  (2, 'Probestadt', 'DE', 50.0, 10.0, NULL, NULL, 'test'),"
              "  (3, 'Exempleville', 'FR', 46.0, 2.0, NULL, 'Q999000003', 'test'),"
              "  (4, 'Neustadt-Test', 'DE', 49.0, 8.0, NULL, NULL, 'test'),"
              "  (5, 'Neustadt-Test', 'DE', 53.0, 12.0, NULL, NULL, 'test'),"
              "  (6, 'Dwojakowo', 'PL', 50.5, 20.5, NULL, NULL, 'test');"
              "INSERT INTO town_name (town_id, name, lang, kind, source_id) VALUES"
              "  (6, 'Zweifeld', 'de', 'exonym', 'test');"
              "INSERT INTO town_source (town_id, source_id, label) VALUES"
              "  (1, 'test', 'Testowo'), (1, 'test-second', 'Testowo'), (2, 'test', 'Probestadt'),"
              "  (3, 'test', 'Exempleville'), (4, 'test', 'Neustadt-Test'), (5, 'test', 'Neustadt-Test'),"
              "  (6, 'test', 'Dwojakowo');"
              "INSERT INTO link (id, town_a, town_b, kind, status, start_year, end_year, note, source_id) VALUES"
              "  (1, 1, 2, 'twinning', 'active', 1990, NULL, NULL, 'test'),"
              "  (2, 1, 3, 'twinning', 'active', NULL, NULL, 'a note, with \"quotes\"', 'test'),"
              "  (3, 2, 3, 'partnership', 'ended', 1970, 2001, NULL, 'test');"
              "INSERT INTO link_source (link_id, source_id) VALUES (1, 'test'), (1, 'test-second'), (2, 'test'), (3, 'test');"
              "INSERT INTO programme (id, name, funder, kind, source_id) VALUES"
              "  (1, 'Synthetic Exchange Programme', 'Synthetic Fund', 'other', 'test');"
              "INSERT INTO exchange (link_id, town_id, year, date, kind, participants, programme_id, description, source_id) VALUES"
              "  (1, NULL, 2019, '2019-06-01', 'youth', 24, 1, 'Synthetic summer camp', 'test'),"
              "  (NULL, 6, 2020, NULL, 'culture', NULL, NULL, NULL, 'test');"
              "INSERT INTO funding (link_id, town_id, amount_minor, currency, year, programme_id, funder, purpose, source_id) VALUES"
              "  (1, NULL, 1250050, 'EUR', 2019, 1, NULL, 'Synthetic camp costs', 'test');"
              "INSERT INTO link_event (link_id, kind, date, note, source_id) VALUES"
              "  (1, 'signed', '1990-05', NULL, 'test'), (3, 'ended', '2001', 'Synthetic ending', 'test');",
              &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The rows @sql yields, each as its columns joined by '|', sorted. */
static void
append_rows (GString    *out,
             sqlite3    *handle,
             const char *sql)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (row, "%s%s", i == 0 ? "" : "|", text != NULL ? text : "∅");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  sqlite3_finalize (stmt);

  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, i));
}

static sqlite3 *
open_read_only (const char *path)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return handle;
}

char *
test_dump_database (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *handle = open_read_only (path);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  append_rows (out, handle, "PRAGMA user_version");
  append_rows (out, handle, "SELECT type, name, sql FROM sqlite_schema");
  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                       " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (const char *) g_ptr_array_index (tables, i));

      g_string_append_printf (out, "== %s\n", (const char *) g_ptr_array_index (tables, i));
      append_rows (out, handle, sql);
    }

  sqlite3_close (handle);
  return g_string_free (out, FALSE);
}

char *
test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

gint64
test_query_int (const char *path,
                const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

char *
test_query_text (const char *path,
                 const char *sql)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);

  return value;
}

/* One row as its typed values, each followed by '|'. */
static char *
typed_row (sqlite3_stmt *rows)
{
  GString *line = g_string_new (NULL);

  for (int i = 0; i < sqlite3_column_count (rows); i++)
    {
      switch (sqlite3_column_type (rows, i))
        {
        case SQLITE_INTEGER:
          g_string_append_printf (line, "i%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (rows, i));
          break;
        case SQLITE_FLOAT:
          g_string_append_printf (line, "r%a", sqlite3_column_double (rows, i));
          break;
        case SQLITE_TEXT:
          g_string_append_printf (line, "t'%s'", sqlite3_column_text (rows, i));
          break;
        case SQLITE_NULL:
          g_string_append (line, "NULL");
          break;
        default:
          g_string_append (line, "blob");
          break;
        }
      g_string_append_c (line, '|');
    }

  return g_string_free (line, FALSE);
}

char *
test_dump_db (TaDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) tables = NULL;
  GString *out = g_string_new (NULL);

  tables = ta_db_prepare (db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'town_fts%' ORDER BY name",
                          &error);
  g_assert_no_error (error);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr(sqlite3_stmt) rows = ta_db_prepare (db, sql, &error);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

      g_assert_no_error (error);
      g_string_append_printf (out, "[%s]\n", table);
      while (sqlite3_step (rows) == SQLITE_ROW)
        g_ptr_array_add (lines, typed_row (rows));

      /* Row order is not content: sort the lines. */
      g_ptr_array_sort (lines, compare_strings);
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));
    }

  return g_string_free (out, FALSE);
}

gint64
test_db_query_int (TaDb       *db,
                   const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

char *
test_db_query_text (TaDb       *db,
                    const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

#define END_KEY(T) T ".name || '/' || coalesce (" T ".country_code, '') || '/' || " T ".lat || '/' || " T ".lon"

char *
test_canonical_atlas (const char *path,
                      gboolean    with_records)
{
  GString *out = g_string_new (NULL);
  sqlite3 *handle = open_read_only (path);

  g_string_append (out, "== towns\n");
  append_rows (out, handle,
               "SELECT t.name, t.name_native, t.country_code, t.lat, t.lon, t.population, t.wikidata, t.geonames_id,"
               "       t.source_id,"
               "       (SELECT group_concat (s, ',') FROM (SELECT source_id AS s FROM town_source WHERE town_id = t.id"
               "                                          UNION SELECT t.source_id ORDER BY 1)),"
               "       (SELECT group_concat (name, ',') FROM (SELECT name FROM town_name WHERE town_id = t.id ORDER BY 1))"
               "  FROM town t");
  g_string_append (out, "== links\n");
  append_rows (out, handle,
               "SELECT min (" END_KEY ("a") ", " END_KEY ("b") "), max (" END_KEY ("a") ", " END_KEY ("b") "),"
               "       l.kind, l.status, l.start_year, l.end_year, l.note, l.source_id,"
               "       (SELECT group_concat (s, ',') FROM (SELECT source_id AS s FROM link_source WHERE link_id = l.id"
               "                                          UNION SELECT l.source_id ORDER BY 1))"
               "  FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b");
  g_string_append (out, "== sources\n");
  append_rows (out, handle,
               "SELECT id, title, licence, attribution, url, retrieved, note FROM source WHERE id NOT LIKE 'import:%'");
  if (!with_records)
    {
      sqlite3_close (handle);
      return g_string_free (out, FALSE);
    }

  g_string_append (out, "== programmes\n");
  append_rows (out, handle, "SELECT name, funder, kind, start_year, end_year, url, note, source_id FROM programme");
  g_string_append (out, "== exchanges\n");
  append_rows (out, handle,
               "SELECT " END_KEY ("a") ", " END_KEY ("b") ", e.year, e.date, e.kind, e.participants, p.name,"
               "       e.description, e.source_id"
               "  FROM exchange e LEFT JOIN link l ON l.id = e.link_id"
               "       JOIN town a ON a.id = coalesce (l.town_a, e.town_id) LEFT JOIN town b ON b.id = l.town_b"
               "       LEFT JOIN programme p ON p.id = e.programme_id");
  g_string_append (out, "== funding\n");
  append_rows (out, handle,
               "SELECT " END_KEY ("a") ", " END_KEY ("b") ", f.amount_minor, f.currency, f.year, p.name, f.funder,"
               "       f.purpose, f.source_id"
               "  FROM funding f LEFT JOIN link l ON l.id = f.link_id"
               "       JOIN town a ON a.id = coalesce (l.town_a, f.town_id) LEFT JOIN town b ON b.id = l.town_b"
               "       LEFT JOIN programme p ON p.id = f.programme_id");
  g_string_append (out, "== events\n");
  append_rows (out, handle,
               "SELECT " END_KEY ("a") ", " END_KEY ("b") ", e.kind, e.date, e.note, e.source_id"
               "  FROM link_event e JOIN link l ON l.id = e.link_id"
               "       JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b");

  sqlite3_close (handle);
  return g_string_free (out, FALSE);
}
