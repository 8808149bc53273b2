/* test-cli.c: twin-atlas-cli as a user runs it
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>

#include "ta-db.h"
#include "ta-filter.h"

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

/* import, export and wikidata */

static char *
write_tmp_file (const char *name,
                const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* The fixture as the app leaves an atlas: in WAL mode, which every
 * writable open sets, so that a later open changes no byte by itself. */
static char *
make_wal_fixture (const char *name)
{
  char *path = make_fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);

  g_assert_no_error (error);
  return path;
}

static gint64
count_rows (const char *db_path,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (db_path, TA_DB_OPEN_READ_ONLY, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = ta_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_import_commit (void)
{
  g_autofree char *db = make_fixture ("import.db");
  g_autofree char *file = write_tmp_file ("import-links.csv",
                                          "town_a,country_a,town_b,country_b,lat_b,lon_b,start_year\n"
                                          "Probestadt,DE,Drugie Testowo,PL,,,2001\n"
                                          "Probestadt,DE,Nowe Testowo,PL,50.0,20.0,2010\n");
  g_autofree char *before = file_checksum (db);
  g_autofree char *after_dry_run = NULL;
  g_auto(Run) dry = { 0 };
  g_auto(Run) real = { 0 };
  g_auto(Run) stats = { 0 };

  run_cli (&dry, "--db", db, "import", file, "--dry-run", NULL);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_nonnull (strstr (dry.out, "Links to add:                      2"));
  g_assert_nonnull (strstr (dry.out, "Towns to create:                   1"));
  g_assert_nonnull (strstr (dry.out, "Dry run"));
  after_dry_run = file_checksum (db);
  g_assert_cmpstr (after_dry_run, ==, before);

  run_cli (&real, "--db", db, "import", file, NULL);
  g_assert_cmpint (real.status, ==, 0);
  g_assert_cmpstr (real.err, ==, "");
  g_assert_nonnull (strstr (real.out, "Imported into"));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM link"), ==, 4);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM source WHERE id LIKE 'import:import-links.csv:%'"), ==, 1);

  run_cli (&stats, "--db", db, "check", NULL);
  g_assert_cmpint (stats.status, ==, 0);
}

static void
test_import_bad_files (void)
{
  g_autofree char *db = make_wal_fixture ("import-bad.db");
  g_autofree char *rows = write_tmp_file ("bad-rows.csv",
                                          "town_a,country_a,town_b,country_b,lat_b,lon_b\n"
                                          "Probestadt,DE,Nowe Testowo,PL,fifty,20.0\n");
  g_autofree char *quotes = write_tmp_file ("bad-quotes.csv",
                                            "town_a,town_b,note\n"
                                            "Probestadt,Drugie Testowo,\"never closed\n");
  g_autofree char *before = file_checksum (db);
  g_autofree char *after = NULL;
  g_auto(Run) rejected = { 0 };
  g_auto(Run) broken = { 0 };
  g_auto(Run) unknown = { 0 };

  run_cli (&rejected, "--db", db, "import", rows, NULL);
  g_assert_cmpint (rejected.status, ==, 1);
  g_assert_nonnull (strstr (rejected.out, "Rows rejected:                     1"));
  g_assert_nonnull (strstr (rejected.err, "bad-rows.csv"));
  g_assert_nonnull (strstr (rejected.err, "line 2"));
  g_assert_nonnull (strstr (rejected.err, "lat_b"));
  g_assert_nonnull (strstr (rejected.err, "nothing was imported"));

  run_cli (&broken, "--db", db, "import", quotes, NULL);
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_cmpstr (broken.out, ==, "");
  g_assert_nonnull (strstr (broken.err, "bad-quotes.csv"));
  g_assert_nonnull (strstr (broken.err, "line 2"));
  g_assert_nonnull (strstr (broken.err, "note"));

  run_cli (&unknown, "--db", db, "import", rows, "--type", "parks", NULL);
  assert_one_error_line (&unknown, "--type");

  after = file_checksum (db);
  g_assert_cmpstr (after, ==, before);
}

static void
test_export (void)
{
  g_autofree char *db = make_fixture ("export.db");
  g_autofree char *geojson = g_build_filename (tmp_dir, "export.geojson", NULL);
  g_autofree char *towns = g_build_filename (tmp_dir, "towns.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) json_run = { 0 };
  g_auto(Run) csv_run = { 0 };
  g_auto(Run) no_table = { 0 };

  run_cli (&json_run, "--db", db, "export", geojson, "--country", "DE", NULL);
  g_assert_cmpint (json_run.status, ==, 0);
  g_assert_nonnull (strstr (json_run.out, "Exported 1 link"));
  json_parser_load_from_file (parser, geojson, &error);
  g_assert_no_error (error);
  /* Two towns and the one link that touches Germany. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                          "features")), ==, 3);

  run_cli (&csv_run, "--db", db, "export", towns, NULL);
  g_assert_cmpint (csv_run.status, ==, 0);
  g_assert_true (g_file_get_contents (towns, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "id,name,name_native,country,lat,lon,"));
  g_assert_nonnull (strstr (contents, "Testowo Łódzkie"));

  run_cli (&no_table, "--db", db, "export", geojson, "--table", "towns", NULL);
  assert_one_error_line (&no_table, "--table");
}

typedef struct
{
  gboolean done;
  Run     *run;
} AsyncRun;

static void
on_communicated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncRun *async = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &async->run->out, &async->run->err, &error);
  g_assert_no_error (error);
  async->run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  async->done = TRUE;
}

/* run_cli() that keeps the main loop turning, for a server in this process. */
static void
run_cli_async (Run                *run,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun async = { FALSE, run };

  g_ptr_array_add (argv, (gpointer) g_getenv ("TA_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_sparql_request_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  GBytes *fixture = user_data;

  if (strcmp (path, "/sparql") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/sparql-results+json", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "down", 4);
    }
}

static void
test_wikidata (void)
{
  g_autofree char *db = make_wal_fixture ("wikidata.db");
  g_autofree char *fixture_path = g_test_build_filename (G_TEST_DIST, "fixtures", "wikidata", "p190-synthetic.srj", NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GBytes) fixture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *ok_endpoint = NULL;
  g_autofree char *down_endpoint = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) down = { 0 };
  g_auto(Run) dry = { 0 };
  g_auto(Run) real = { 0 };
  g_auto(Run) no_country = { 0 };
  g_auto(Run) bad_country = { 0 };
  gsize len = 0;
  GSList *uris;

  g_assert_true (g_file_get_contents (fixture_path, &contents, &len, NULL));
  fixture = g_bytes_new_take (g_steal_pointer (&contents), len);
  soup_server_add_handler (server, NULL, on_sparql_request_cb, fixture, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  ok_endpoint = g_strconcat (uri, "sparql", NULL);
  down_endpoint = g_strconcat (uri, "down", NULL);
  before = file_checksum (db);

  {
    const char * const args[] = { "--db", db, "wikidata", "--country", "PL", "--endpoint", down_endpoint, NULL };

    run_cli_async (&down, args);
    g_assert_cmpint (down.status, ==, 1);
    g_assert_nonnull (strstr (down.err, down_endpoint));
    g_assert_nonnull (strstr (down.err, "HTTP 500"));
  }
  {
    const char * const args[] = { "--db", db, "wikidata", "--country", "pl", "--endpoint", ok_endpoint,
                                  "--skip-rejected", "--dry-run", NULL };

    run_cli_async (&dry, args);
    g_assert_cmpint (dry.status, ==, 0);
    g_assert_nonnull (strstr (dry.out, "Rows rejected:                     2"));
  }
  after = file_checksum (db);
  g_assert_cmpstr (after, ==, before);

  {
    const char * const args[] = { "--db", db, "wikidata", "--country", "PL", "--endpoint", ok_endpoint,
                                  "--skip-rejected", NULL };

    run_cli_async (&real, args);
    g_assert_cmpint (real.status, ==, 0);
    g_assert_cmpint (count_rows (db, "SELECT count(*) FROM source WHERE id LIKE 'wikidata-live:%' AND licence = 'CC0-1.0'"), ==, 1);
    g_assert_cmpint (count_rows (db, "SELECT count(*) FROM town WHERE wikidata = 'Q999000011'"), ==, 1);
  }

  run_cli (&no_country, "--db", db, "wikidata", NULL);
  assert_one_error_line (&no_country, "country");
  run_cli (&bad_country, "--db", db, "wikidata", "--country", "POL", NULL);
  assert_one_error_line (&bad_country, "POL");
}

/* Filter options of `stats` (issue 5): a clearly synthetic atlas over five
 * countries with years, kinds, a region and a programme. */
static char *
make_filter_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Synthetic test data', 'none', 'none');"
              "INSERT INTO country (code, name_en, source_id) VALUES"
              "  ('PL', 'Poland', 'test'), ('DE', 'Germany', 'test'), ('CZ', 'Czechia', 'test'),"
              "  ('FR', 'France', 'test'), ('UA', 'Ukraine', 'test');"
              "INSERT INTO region (id, country_code, name, iso_code, source_id) VALUES"
              "  (1, 'PL', 'Lower Silesia', 'PL-02', 'test');"
              "INSERT INTO town (id, name, country_code, region_id, lat, lon, source_id) VALUES"
              "  (1, 'Testowo Dolne', 'PL', 1, 51.10, 17.03, 'test'), (2, 'Testowo Górne', 'PL', 1, 50.90, 15.73, 'test'),"
              "  (3, 'Testowo Mazowieckie', 'PL', NULL, 52.23, 21.01, 'test'),"
              "  (4, 'Teststadt an der Elbe', 'DE', NULL, 51.05, 13.74, 'test'),"
              "  (5, 'Teststadt an der Grenze', 'DE', NULL, 51.15, 14.99, 'test'),"
              "  (6, 'Testov', 'CZ', NULL, 50.77, 15.06, 'test'), (7, 'Testville', 'FR', NULL, 48.85, 2.35, 'test'),"
              "  (8, 'Testivka', 'UA', NULL, 49.84, 24.03, 'test');"
              "INSERT INTO link (id, town_a, town_b, kind, status, start_year, end_year, source_id) VALUES"
              "  (1, 1, 4, 'twinning', 'active', 1992, NULL, 'test'), (2, 1, 7, 'partnership', 'active', 2005, NULL, 'test'),"
              "  (3, 3, 8, 'friendship', 'suspended', 1999, NULL, 'test'), (4, 2, 6, 'twinning', 'active', NULL, NULL, 'test'),"
              "  (5, 2, 5, 'cooperation', 'active', 2010, NULL, 'test'), (6, 4, 5, 'twinning', 'ended', 1988, 2001, 'test'),"
              "  (7, 5, 7, 'twinning', 'active', 1975, NULL, 'test'), (8, 6, 8, 'other', 'active', NULL, NULL, 'test'),"
              "  (9, 1, 3, 'friendship', 'active', 2015, NULL, 'test');"
              "INSERT INTO link_source (link_id, source_id) SELECT id, 'test' FROM link;"
              "INSERT INTO programme (id, name, funder, kind, source_id) VALUES"
              "  (1, 'Synthetic Twinning Fund', 'Synthetic Union', 'eu', 'test');"
              "INSERT INTO exchange (link_id, year, kind, programme_id, source_id) VALUES (1, 2001, 'youth', 1, 'test');"
              "INSERT INTO funding (link_id, amount_minor, currency, year, programme_id, source_id) VALUES"
              "  (3, 500000, 'PLN', 2000, 1, 'test');"
              "PRAGMA journal_mode = DELETE;",
              &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* The CLI's counts are ta_filter_select_links()'s: the GUI's. */
static void
assert_stats_agree (const char *db_path,
                    TaFilter   *filter,
                    ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(GArray) links = NULL;
  g_autoptr(GArray) towns = NULL;
  g_autofree char *out = NULL;
  g_autofree char *title = NULL;
  JsonObject *stats;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("TA_CLI"));
  g_ptr_array_add (args, (gpointer) "--db");
  g_ptr_array_add (args, (gpointer) db_path);
  g_ptr_array_add (args, (gpointer) "stats");
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, filter);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));

  db = ta_db_open (db_path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  links = ta_filter_select_links (filter, db, &error);
  g_assert_no_error (error);
  towns = ta_filter_select_towns (filter, db, &error);
  g_assert_no_error (error);
  title = ta_filter_describe (filter, db);

  g_test_message ("%s: %u links, %u towns", title, links->len, towns->len);
  g_assert_cmpint (json_object_get_int_member (stats, "links"), ==, links->len);
  g_assert_cmpint (json_object_get_int_member (stats, "towns"), ==, towns->len);
  g_assert_cmpstr (json_object_get_string_member (stats, "description"), ==, title);
}

static void
test_stats_filter (void)
{
  g_autofree char *db = make_filter_fixture ("filter.db");
  g_autoptr(TaFilter) pl = ta_filter_new ();
  g_autoptr(TaFilter) combined = ta_filter_new ();
  g_autoptr(TaFilter) region = ta_filter_new ();
  g_autoptr(TaFilter) playback = ta_filter_new ();
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *stats, *partners;

  /* The acceptance: `stats --country PL --json` and the GUI agree. */
  ta_filter_set_countries (pl, (const char *[]) { "PL", NULL });
  assert_stats_agree (db, pl, "--country", "PL", NULL);

  run_cli (&run, "--db", db, "stats", "--country", "pl", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (stats, "links"), ==, 6);
  partners = json_object_get_object_member (json_object_get_object_member (stats, "partner_countries"), "partners");
  g_assert_cmpint (json_object_get_int_member (partners, "DE"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (partners, "PL"), ==, 1);
  g_assert_true (json_object_has_member (stats, "links_per_start_year"));
  g_assert_true (json_object_has_member (stats, "distance_histogram"));
  g_assert_true (json_object_has_member (stats, "funding_per_programme_and_year"));

  ta_filter_set_countries (combined, (const char *[]) { "DE", "PL", NULL });
  ta_filter_set_country_mode (combined, TA_FILTER_COUNTRIES_BETWEEN_ONLY);
  ta_filter_set_year_range (combined, 1980, 2020);
  ta_filter_set_unknown_years (combined, TRUE);
  ta_filter_set_link_kinds (combined, (const char *[]) { "twinning", "cooperation", NULL });
  ta_filter_set_statuses (combined, (const char *[]) { "active", NULL });
  ta_filter_set_distance_range (combined, 0, 800);
  assert_stats_agree (db, combined, "--country", "PL,DE", "--between", "--from", "1980", "--to", "2020",
                      "--unknown-years", "--kind", "twinning", "--kind", "cooperation", "--status", "active",
                      "--max-km", "800", NULL);

  ta_filter_set_regions (region, (const char *[]) { "PL-02", NULL });
  ta_filter_set_programmes (region, (const char *[]) { "Synthetic Twinning Fund", NULL });
  assert_stats_agree (db, region, "--region", "PL-02", "--programme", "Synthetic Twinning Fund", NULL);

  ta_filter_set_year_at (playback, 2000);
  ta_filter_set_distance_range (playback, 100, 0);
  ta_filter_set_cross_border_only (playback, TRUE);
  assert_stats_agree (db, playback, "--year", "2000", "--min-km", "100", "--cross-border", NULL);
}

static void
test_stats_filter_text (void)
{
  g_autofree char *db = make_filter_fixture ("filter-text.db");
  g_auto(Run) run = { 0 };

  run_cli (&run, "--db", db, "stats", "--region", "PL-02", "--country", "DE", "--from", "1990", "--to", "2024", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Filter:     Links of towns in Lower Silesia to Germany, 1990–2024\n"));
  g_assert_nonnull (strstr (run.out, "Links:      2\n"));
}

static void
test_stats_filter_bad_values (void)
{
  const char *cases[][4] = {
    { "--country", "POL", NULL, "--country" },
    { "--country", "' OR 1=1 --", NULL, "--country" },
    { "--from", "abc", NULL, "--from" },
    { "--from", "3000", NULL, "--from" },
    { "--year", "0", NULL, "--year" },
    { "--kind", "sister", NULL, "--kind" },
    { "--status", "dormant", NULL, "--status" },
    { "--exchange-kind", "chess", NULL, "--exchange-kind" },
    { "--max-km", "-5", NULL, "--max-km" },
    { "--min-km", "abc", NULL, "--min-km" },
    { "--region", "PL-99", NULL, "--region" },
    { "--region", "1 OR 1=1", NULL, "--region" },
    { "--programme", "Nowhere Fund'; DROP TABLE link; --", NULL, "--programme" },
    { "--funder", "%", NULL, "--funder" },
    { "--between", NULL, NULL, "--between" },
    { "--partners-of", "Poland", NULL, "--partners-of" },
  };
  g_autofree char *db = make_filter_fixture ("filter-bad.db");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, "--db", db, "stats", cases[i][0], cases[i][1], NULL);
      g_test_message ("%s %s → %s", cases[i][0], cases[i][1] ? cases[i][1] : "", run.err);
      assert_one_error_line (&run, cases[i][3]);
    }

  /* Values that contradict each other. */
  {
    g_auto(Run) range = { 0 };
    g_auto(Run) km = { 0 };

    run_cli (&range, "--db", db, "stats", "--from", "2000", "--to", "1990", NULL);
    assert_one_error_line (&range, "--from");
    run_cli (&km, "--db", db, "stats", "--min-km", "900", "--max-km", "100", NULL);
    assert_one_error_line (&km, "--min-km");
  }
}

/* map and report (issue 6): printed maps of the synthetic filter atlas. */
static void
assert_no_output_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *base = g_path_get_basename (path);
  const char *name;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Nor a temporary file left next to it. */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_assert_null (strstr (name, base));
}

static void
test_map (void)
{
  g_autofree char *db = make_filter_fixture ("map.db");
  g_autofree char *basemap = g_build_filename (g_getenv ("TWIN_ATLAS_DATA_DIR"), "basemap.bin", NULL);
  g_autofree char *pdf = g_build_filename (tmp_dir, "map.pdf", NULL);
  g_autofree char *png = g_build_filename (tmp_dir, "map.png", NULL);
  g_autofree char *svg = g_build_filename (tmp_dir, "map.svg", NULL);
  g_autofree char *report = g_build_filename (tmp_dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) run_pdf = { 0 };
  g_auto(Run) run_png = { 0 };
  g_auto(Run) run_svg = { 0 };
  g_auto(Run) run_report = { 0 };

  if (!g_file_test (basemap, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("basemap.bin is not built");
      return;
    }

  run_cli (&run_pdf, "--db", db, "map", "--region", "PL-02", "--output", pdf, "--title", "Test map", NULL);
  g_assert_cmpint (run_pdf.status, ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  run_cli (&run_png, "--db", db, "map", "--bbox", "10,47,25,55", "--output", png, "--dpi", "40",
           "--paper", "letter", "--landscape", NULL);
  g_assert_cmpint (run_png.status, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (png, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\x89PNG"));

  run_cli (&run_svg, "--db", db, "map", "--country", "DE", "--output", svg, NULL);
  g_assert_cmpint (run_svg.status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));

  run_cli (&run_report, "--db", db, "report", "--per-region", "PL", "--output", report, NULL);
  g_assert_cmpint (run_report.status, ==, 0);
  g_assert_nonnull (strstr (run_report.out, "1 regions"));
  g_assert_true (g_file_test (report, G_FILE_TEST_IS_REGULAR));
}

static void
test_map_bad_arguments (void)
{
  g_autofree char *db = make_filter_fixture ("map-bad.db");
  g_autofree char *basemap = g_build_filename (g_getenv ("TWIN_ATLAS_DATA_DIR"), "basemap.bin", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "bad-map.pdf", NULL);
  g_autofree char *kept = g_build_filename (tmp_dir, "kept.pdf", NULL);
  g_autofree char *unwritable = g_build_filename (tmp_dir, "no-such-dir", "map.pdf", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) region = { 0 };
  g_auto(Run) path = { 0 };
  g_auto(Run) empty = { 0 };
  g_auto(Run) paper = { 0 };
  g_auto(Run) format = { 0 };
  g_auto(Run) bbox = { 0 };
  g_auto(Run) no_output = { 0 };
  g_auto(Run) country = { 0 };
  g_auto(Run) report_svg = { 0 };

  if (!g_file_test (basemap, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("basemap.bin is not built");
      return;
    }

  run_cli (&region, "--db", db, "map", "--region", "PL-99", "--output", out, NULL);
  assert_one_error_line (&region, "PL-99");
  assert_no_output_file (out);

  run_cli (&path, "--db", db, "map", "--region", "PL-02", "--output", unwritable, NULL);
  assert_one_error_line (&path, unwritable);

  /* An empty selection is not an error of the arguments: status 1. */
  run_cli (&empty, "--db", db, "map", "--region", "PL-02", "--kind", "other", "--output", out, NULL);
  g_assert_cmpint (empty.status, ==, 1);
  g_assert_true (g_str_has_prefix (empty.err, "twin-atlas-cli: "));
  g_assert_nonnull (strstr (empty.err, "no links"));
  g_assert_null (strchr (empty.err, '\n') + 1 == empty.err + strlen (empty.err) ? NULL : "more lines");
  assert_no_output_file (out);

  /* A failure leaves an existing file untouched. */
  g_assert_true (g_file_set_contents (kept, "old", -1, NULL));
  run_cli (&paper, "--db", db, "map", "--output", kept, "--paper", "A5", NULL);
  assert_one_error_line (&paper, "A5");
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");

  run_cli (&format, "--db", db, "map", "--output", "map.jpg", NULL);
  assert_one_error_line (&format, "map.jpg");
  run_cli (&bbox, "--db", db, "map", "--output", out, "--bbox", "20,55,10,47", NULL);
  assert_one_error_line (&bbox, "20,55,10,47");
  run_cli (&no_output, "--db", db, "map", "--region", "PL-02", NULL);
  assert_one_error_line (&no_output, "--output");
  run_cli (&country, "--db", db, "report", "--per-region", "XX", "--output", out, NULL);
  assert_one_error_line (&country, "XX");
  run_cli (&report_svg, "--db", db, "report", "--per-region", "PL", "--output", "r.svg", NULL);
  assert_one_error_line (&report_svg, "r.svg");
  assert_no_output_file (out);
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
  g_test_add_func ("/ta/cli/stats/filter", test_stats_filter);
  g_test_add_func ("/ta/cli/stats/filter-text", test_stats_filter_text);
  g_test_add_func ("/ta/cli/stats/filter-bad-values", test_stats_filter_bad_values);
  g_test_add_func ("/ta/cli/import/commit", test_import_commit);
  g_test_add_func ("/ta/cli/import/bad-files", test_import_bad_files);
  g_test_add_func ("/ta/cli/export", test_export);
  g_test_add_func ("/ta/cli/wikidata", test_wikidata);
  g_test_add_func ("/ta/cli/map", test_map);
  g_test_add_func ("/ta/cli/map/bad-arguments", test_map_bad_arguments);

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
