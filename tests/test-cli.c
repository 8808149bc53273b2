/* test-cli.c: twin-atlas-cli as a user runs it
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "ta-db.h"

static char *tmp_dir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run *run,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("TA_CLI"));
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
make_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  /* Clearly synthetic towns. */
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Synthetic test data', 'none', 'none');"
              "INSERT INTO country (code, name_en, name_pl, name_de, source_id) VALUES"
              "  ('PL', 'Poland', 'Polska', 'Polen', 'test'), ('DE', 'Germany', 'Niemcy', 'Deutschland', 'test');"
              "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES"
              "  (1, 'Testowo Łódzkie', 'PL', 51.76, 19.46, 'test'), (2, 'Probestadt', 'DE', 53.55, 10.0, 'test'),"
              "  (3, 'Drugie Testowo', 'PL', 52.0, 20.0, 'test');"
              "INSERT INTO link (id, town_a, town_b, source_id) VALUES (1, 1, 2, 'test'), (2, 1, 3, 'test');"
              "INSERT INTO link_source (link_id, source_id) VALUES (1, 'test'), (2, 'test');"
              "PRAGMA journal_mode = DELETE;",
              &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
assert_one_error_line (Run        *run,
                       const char *must_contain)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "twin-atlas-cli: "));
  g_assert_nonnull (strstr (run->err, must_contain));
  /* Exactly one line. */
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_null (strchr (run->err, '\n') + 1 == run->err + strlen (run->err) ? NULL : "more lines");
}

static void
test_stats_json (void)
{
  g_autofree char *db = make_fixture ("stats.db");
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *stats;

  run_cli (&run, "--db", db, "stats", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (stats, "towns"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (stats, "links"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "links_per_country"), "PL"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "links_per_source"), "test"), ==, 2);
}

static void
test_stats_text (void)
{
  g_autofree char *db = make_fixture ("text.db");
  g_auto(Run) run = { 0 };

  run_cli (&run, "stats", "--db", db, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Towns:      3"));
  g_assert_nonnull (strstr (run.out, "Links:      2"));
}

static void
test_check (void)
{
  g_autofree char *db = make_fixture ("check.db");
  g_auto(Run) clean = { 0 };
  g_auto(Run) dirty = { 0 };
  sqlite3 *handle = NULL;

  run_cli (&clean, "--db", db, "check", NULL);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_nonnull (strstr (clean.out, "is clean"));

  /* Another tool writes a self-link past the schema's guards. */
  g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA ignore_check_constraints = ON;"
                                 "INSERT INTO link (town_a, town_b, source_id) VALUES (2, 2, 'test');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  run_cli (&dirty, "--db", db, "check", NULL);
  g_assert_cmpint (dirty.status, ==, 1);
  g_assert_nonnull (strstr (dirty.out, "self-link"));
  g_assert_nonnull (strstr (dirty.out, "provenance"));
}

static void
test_search (void)
{
  g_autofree char *db = make_fixture ("search.db");
  g_auto(Run) run = { 0 };
  g_auto(Run) none = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *hits;

  run_cli (&run, "--db", db, "search", "LODZKIE", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  hits = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (hits), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hits, 0), "name"), ==,
                   "Testowo Łódzkie");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (hits, 0), "partners"), ==, 2);

  run_cli (&none, "--db", db, "search", "\"; DROP TABLE town; --", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_nonnull (strstr (none.out, "No town matches"));
}

static void
test_bad_databases (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.db", NULL);
  g_autofree char *text = g_build_filename (tmp_dir, "notes.txt", NULL);
  g_auto(Run) run_missing = { 0 };
  g_auto(Run) run_text = { 0 };

  run_cli (&run_missing, "--db", missing, "stats", NULL);
  assert_one_error_line (&run_missing, missing);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (text, "not a database\n", -1, NULL));
  run_cli (&run_text, "--db", text, "check", NULL);
  assert_one_error_line (&run_text, "not an atlas database");
}

static void
test_bad_arguments (void)
{
  g_auto(Run) unknown = { 0 };
  g_auto(Run) no_db = { 0 };
  g_auto(Run) bad_option = { 0 };
  g_auto(Run) no_text = { 0 };

  run_cli (&unknown, "frobnicate", NULL);
  assert_one_error_line (&unknown, "frobnicate");

  run_cli (&no_db, "stats", "--db", NULL);
  assert_one_error_line (&no_db, "--db");

  run_cli (&bad_option, "--db", "x.db", "stats", "--colour", NULL);
  assert_one_error_line (&bad_option, "--colour");

  run_cli (&no_text, "--db", "x.db", "search", NULL);
  assert_one_error_line (&no_text, "search");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("TA_CLI"));

  tmp_dir = g_dir_make_tmp ("ta-test-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ta/cli/stats/json", test_stats_json);
  g_test_add_func ("/ta/cli/stats/text", test_stats_text);
  g_test_add_func ("/ta/cli/check", test_check);
  g_test_add_func ("/ta/cli/search", test_search);
  g_test_add_func ("/ta/cli/bad-databases", test_bad_databases);
  g_test_add_func ("/ta/cli/bad-arguments", test_bad_arguments);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp_dir);
  }

  return status;
}
