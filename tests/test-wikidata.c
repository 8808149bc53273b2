/* test-wikidata.c: the SPARQL client and the Wikidata import, against a
 * loopback server
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server in this process answers as the Wikidata Query Service does,
 * with the synthetic fixture tests/fixtures/wikidata/p190-synthetic.srj,
 * and as it does on a bad day: an HTML error page, a truncated answer,
 * HTTP 429 and 500, no answer in time, an answer too large.  The client
 * is asynchronous (a synchronous call to a server on the same thread
 * would wait for itself).
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <libsoup/soup.h>

#include "import-test-util.h"
#include "ta-check.h"
#include "ta-importer.h"
#include "ta-wikidata.h"

static SoupServer *server;
static char *base_uri;
static GBytes *fixture;
static char *last_user_agent;
static char *last_accept;
static char *last_query;
static char *last_method;
static GPtrArray *paused;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body,
       gsize              len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, len);
}

static void
serve_chunked (SoupServerMessage *msg,
               gsize              size)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autofree char *chunk = g_malloc (64 * 1024);

  memset (chunk, ' ', 64 * 1024);
  chunk[0] = '[';
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/sparql-results+json", NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  for (gsize sent = 0; sent < size; sent += 64 * 1024)
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 64 * 1024);
  soup_message_body_complete (body);
}

static void
on_request_cb (SoupServer        *srv,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  gsize len = 0;
  const char *data = g_bytes_get_data (fixture, &len);

  g_free (last_user_agent);
  last_user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  g_free (last_accept);
  last_accept = g_strdup (soup_message_headers_get_one (request, "Accept"));
  g_free (last_method);
  last_method = g_strdup (soup_server_message_get_method (msg));
  {
    g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
    g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    g_autoptr(GHashTable) form = soup_form_decode (text);

    g_free (last_query);
    last_query = g_strdup (g_hash_table_lookup (form, "query"));
  }

  if (strcmp (path, "/sparql") == 0)
    reply (msg, SOUP_STATUS_OK, "application/sparql-results+json", data, len);
  else if (strcmp (path, "/html") == 0)
    {
      static const char page[] = "<!DOCTYPE html><html><head><title>Query timeout</title></head>"
                                 "<body>java.util.concurrent.TimeoutException</body></html>";

      reply (msg, SOUP_STATUS_OK, "text/html; charset=UTF-8", page, strlen (page));
    }
  else if (strcmp (path, "/truncated") == 0)
    reply (msg, SOUP_STATUS_OK, "application/sparql-results+json", data, len / 2);
  else if (strcmp (path, "/429") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "120");
      reply (msg, 429, "text/plain", "Too Many Requests", 17);
    }
  else if (strcmp (path, "/500") == 0)
    reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html", "<html>error</html>", 18);
  else if (strcmp (path, "/slow") == 0)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (paused, g_object_ref (msg));
    }
  else if (strcmp (path, "/big") == 0)
    {
      g_autofree char *big = g_malloc0 (3 * 1024 * 1024);

      memset (big, ' ', 3 * 1024 * 1024);
      reply (msg, SOUP_STATUS_OK, "application/sparql-results+json", big, 3 * 1024 * 1024);
    }
  else if (strcmp (path, "/big-chunked") == 0)
    serve_chunked (msg, 3 * 1024 * 1024);
  else
    reply (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "not found", 9);
}

static void
start_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture_path = g_test_build_filename (G_TEST_DIST, "fixtures", "wikidata", "p190-synthetic.srj", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;
  GSList *uris;
  g_autofree char *uri = NULL;

  g_file_get_contents (fixture_path, &contents, &len, &error);
  g_assert_no_error (error);
  fixture = g_bytes_new_take (g_steal_pointer (&contents), len);

  paused = g_ptr_array_new_with_free_func (g_object_unref);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, on_request_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  base_uri = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
stop_server (void)
{
  for (guint i = 0; i < paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (paused, i);

      reply (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain", "late", 4);
      soup_server_message_unpause (msg);
    }
  g_clear_pointer (&paused, g_ptr_array_unref);
  soup_server_disconnect (server);
  g_clear_object (&server);
  g_clear_pointer (&base_uri, g_free);
  g_clear_pointer (&fixture, g_bytes_unref);
  g_clear_pointer (&last_user_agent, g_free);
  g_clear_pointer (&last_accept, g_free);
  g_clear_pointer (&last_query, g_free);
  g_clear_pointer (&last_method, g_free);
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *answer;
  GError    *error;
  guint64    progress;
  guint      progress_calls;
} Fetch;

static void
on_progress_cb (guint64  bytes_read,
                gpointer user_data)
{
  Fetch *fetch = user_data;

  g_assert_cmpuint (bytes_read, >, fetch->progress);
  fetch->progress = bytes_read;
  fetch->progress_calls++;
}

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->answer = ta_wikidata_fetch_finish (TA_WIKIDATA (object), result, &fetch->error);
  g_main_loop_quit (fetch->loop);
}

static char *
endpoint (const char *path)
{
  return g_strconcat (base_uri, path, NULL);
}

/* Fetches from @path; the result is in @fetch. */
static void
fetch_from (TaWikidata   *wikidata,
            const char   *path,
            GCancellable *cancellable,
            Fetch        *fetch)
{
  g_autofree char *uri = endpoint (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  memset (fetch, 0, sizeof *fetch);
  fetch->loop = loop;
  ta_wikidata_set_endpoint (wikidata, uri);
  ta_wikidata_fetch_async (wikidata, "PL", NULL, cancellable, on_progress_cb, fetch, on_fetched_cb, fetch);
  g_main_loop_run (loop);
  fetch->loop = NULL;
}

static void
test_query (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *country = ta_wikidata_build_query ("pl", NULL, &error);
  g_autofree char *town = ta_wikidata_build_query (NULL, "Q999000001", &error);
  static const char * const bad[][2] = { { "POL", NULL }, { "P1", NULL }, { NULL, "Q0" }, { NULL, "999" }, { NULL, NULL } };

  g_assert_no_error (error);
  g_assert_nonnull (strstr (country, "?countryItem wdt:P297 \"PL\""));
  g_assert_nonnull (strstr (country, "?town p:P190 ?statement"));
  g_assert_nonnull (strstr (country, "pq:P580 ?start"));
  g_assert_nonnull (strstr (country, "pq:P582 ?end"));
  g_assert_nonnull (strstr (country, "?town wdt:P625 ?townCoord"));
  g_assert_nonnull (strstr (country, "?partner wdt:P1082 ?partnerPop"));
  g_assert_nonnull (strstr (country, "lang (?partnerLabel_de) = \"de\""));
  g_assert_nonnull (strstr (country, "lang (?townLabel_pl) = \"pl\""));
  g_assert_nonnull (strstr (country, "DeprecatedRank"));
  g_assert_nonnull (strstr (town, "VALUES ?town { wd:Q999000001 }"));
  g_assert_null (strstr (town, "P297 \""));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *query = ta_wikidata_build_query (bad[i][0], bad[i][1], &error);

      g_assert_null (query);
      g_assert_error (error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_INVALID_QUERY);
      g_clear_error (&error);
    }

  g_assert_true (g_str_has_prefix (ta_wikidata_get_user_agent (), "TwinAtlas/" PACKAGE_VERSION " ("));
}

static void
test_import (void)
{
  g_autofree char *atlas = test_make_atlas ("wikidata.db");
  g_autofree char *uri = endpoint ("/sparql");
  g_autofree char *source_id = NULL;
  g_autoptr(TaWikidata) wikidata = ta_wikidata_new ();
  g_autoptr(GDateTime) retrieved = g_date_time_new_utc (2026, 3, 14, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  Fetch fetch;
  TaImportCounts counts;

  fetch_from (wikidata, "/sparql", NULL, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_nonnull (fetch.answer);
  g_assert_cmpuint (fetch.progress, ==, g_bytes_get_size (fixture));
  g_assert_cmpuint (fetch.progress_calls, >=, 1);
  g_assert_cmpstr (last_method, ==, "POST");
  g_assert_cmpstr (last_user_agent, ==, ta_wikidata_get_user_agent ());
  g_assert_cmpstr (last_accept, ==, "application/sparql-results+json");
  g_assert_nonnull (last_query);
  g_assert_nonnull (strstr (last_query, "wdt:P297 \"PL\""));

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
      g_autoptr(TaImporter) importer = ta_importer_new (db);
      TaImportPlan *plan = ta_importer_get_plan (importer);

      g_assert_true (ta_importer_add_wikidata_results (importer, fetch.answer, uri, retrieved,
                                                       "P190 twinnings of towns in PL", &error));
      g_assert_no_error (error);
      ta_import_plan_get_counts (plan, &counts);
      g_assert_cmpuint (counts.rows_read, ==, 6);
      g_assert_cmpuint (counts.rows_rejected, ==, 2);
      g_assert_cmpuint (counts.towns_ambiguous, ==, 0);

      if (round == 0)
        {
          const TaImportRejection *nowhere = ta_import_plan_get_rejection (plan, 0);
          const TaImportRejection *self = ta_import_plan_get_rejection (plan, 1);

          g_assert_cmpuint (counts.towns_matched, ==, 3);
          g_assert_cmpuint (counts.towns_updated, ==, 1);
          g_assert_cmpuint (counts.towns_created, ==, 1);
          g_assert_cmpuint (counts.links_added, ==, 1);
          g_assert_cmpuint (counts.links_matched, ==, 2);
          g_assert_cmpuint (counts.links_updated, ==, 2);

          g_assert_cmpstr (nowhere->file, ==, uri);
          g_assert_cmpstr (nowhere->record, ==, "result 5");
          g_assert_cmpstr (nowhere->field, ==, "partner");
          g_assert_nonnull (strstr (nowhere->reason, "Nowhere-on-Sea"));
          g_assert_cmpuint (nowhere->line, >, 1);
          g_assert_cmpstr (self->field, ==, "partner");
          g_assert_nonnull (strstr (self->reason, "itself"));
        }
      else
        {
          /* The same answer again: nothing new, no duplicates. */
          g_assert_cmpuint (counts.towns_matched, ==, 4);
          g_assert_cmpuint (counts.towns_updated, ==, 0);
          g_assert_cmpuint (counts.towns_created, ==, 0);
          g_assert_cmpuint (counts.links_added, ==, 0);
          g_assert_cmpuint (counts.links_matched, ==, 3);
          g_assert_cmpuint (counts.links_updated, ==, 0);
        }

      g_assert_false (ta_import_plan_can_commit (plan, &error));
      g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_REJECTED);
      g_clear_error (&error);
      ta_import_plan_set_skip_rejected (plan, TRUE);
      g_assert_true (ta_import_plan_commit (plan, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link"), ==, 4);
  /* Wikidata's years replace the atlas': 1990 → 1991, and the end. */
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link WHERE id = 1 AND start_year = 1991 AND end_year = 2020"
                                     " AND status = 'ended'"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT start_year FROM link WHERE id = 2"), ==, 1992);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE id = 2 AND wikidata = 'Q999000002'"
                                     " AND population = 42000"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT population FROM town WHERE id = 1"), ==, 1000);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town WHERE wikidata = 'Q999000011' AND name = 'Syntheticburg'"
                                     " AND name_native = 'Synthesenburg' AND country_code = 'DE' AND population = 250000"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town_name WHERE name = 'Syntetyczny Gród' AND lang = 'pl'"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM town_name WHERE town_id = 1 AND name = 'Testau'"), ==, 1);
  /* Provenance: one source for the day, attesting every link it named. */
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM source WHERE id = 'wikidata-live:2026-03-14'"
                                     " AND licence = 'CC0-1.0' AND retrieved = '2026-03-14'"), ==, 1);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM link_source WHERE source_id = 'wikidata-live:2026-03-14'"), ==, 3);
  g_assert_cmpint (test_query_int (atlas, "SELECT count(*) FROM data_note WHERE source_id = 'wikidata-live:2026-03-14'"), ==, 2);

  {
    g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) problems = ta_check_run (db, 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
  }

  g_bytes_unref (fetch.answer);
}

typedef struct
{
  const char *path;
  guint       timeout;
  gsize       max_size;
  int         code;          /* a TaWikidataError, or -1: the answer is fetched but is no SPARQL JSON */
  const char *expected;
} BrokenCase;

static const BrokenCase broken_cases[] = {
  { "/html", 5, 0, TA_WIKIDATA_ERROR_NOT_SPARQL, "text/html" },
  { "/truncated", 5, 0, -1, "invalid JSON" },
  { "/429", 5, 0, TA_WIKIDATA_ERROR_RATE_LIMITED, "try again after 120 seconds" },
  { "/500", 5, 0, TA_WIKIDATA_ERROR_HTTP, "HTTP 500 Internal Server Error" },
  { "/slow", 1, 0, TA_WIKIDATA_ERROR_TIMED_OUT, "did not answer within 1 second" },
  { "/big", 5, 1024 * 1024, TA_WIKIDATA_ERROR_TOO_LARGE, "larger than 1048576 bytes" },
  { "/big-chunked", 5, 1024 * 1024, TA_WIKIDATA_ERROR_TOO_LARGE, "larger than 1048576 bytes" },
  { "/missing", 5, 0, TA_WIKIDATA_ERROR_HTTP, "HTTP 404" },
};

static void
test_broken_answers (void)
{
  g_autofree char *atlas = test_make_atlas ("wikidata-broken.db");
  g_autofree char *sha_before = test_file_sha256 (atlas);
  g_autofree char *dump_before = test_dump_database (atlas);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      const BrokenCase *broken = &broken_cases[i];
      g_autofree char *uri = endpoint (broken->path);
      g_autofree char *sha_after = NULL;
      g_autofree char *dump_after = NULL;
      g_autoptr(TaWikidata) wikidata = ta_wikidata_new ();
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 start = g_get_monotonic_time ();
      Fetch fetch;

      g_test_message ("Case %s", broken->path);
      ta_wikidata_set_timeout (wikidata, broken->timeout);
      if (broken->max_size > 0)
        ta_wikidata_set_max_size (wikidata, broken->max_size);

      fetch_from (wikidata, broken->path, NULL, &fetch);
      if (broken->code >= 0)
        {
          g_assert_null (fetch.answer);
          g_assert_error (fetch.error, TA_WIKIDATA_ERROR, broken->code);
          error = g_steal_pointer (&fetch.error);
        }
      else
        {
          g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
          g_autoptr(TaImporter) importer = ta_importer_new (db);

          g_assert_no_error (fetch.error);
          g_assert_false (ta_importer_add_wikidata_results (importer, fetch.answer, uri, now, "test", &error));
          g_assert_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT);
          g_assert_false (ta_import_plan_commit (ta_importer_get_plan (importer), NULL));
          g_bytes_unref (fetch.answer);
        }

      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, uri));
      g_assert_nonnull (strstr (error->message, broken->expected));
      g_clear_error (&error);
      if (broken->timeout == 1)
        g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);

      sha_after = test_file_sha256 (atlas);
      dump_after = test_dump_database (atlas);
      g_assert_cmpstr (sha_after, ==, sha_before);
      g_assert_cmpstr (dump_after, ==, dump_before);
    }
}

static void
test_unreachable_and_cancelled (void)
{
  g_autoptr(TaWikidata) wikidata = ta_wikidata_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Fetch fetch = { 0, };

  /* Port 1 on the loopback: nothing listens there. */
  ta_wikidata_set_timeout (wikidata, 5);
  fetch.loop = loop;
  ta_wikidata_set_endpoint (wikidata, "http://127.0.0.1:1/sparql");
  ta_wikidata_fetch_async (wikidata, "PL", NULL, NULL, NULL, NULL, on_fetched_cb, &fetch);
  g_main_loop_run (loop);
  g_assert_error (fetch.error, TA_WIKIDATA_ERROR, TA_WIKIDATA_ERROR_NETWORK);
  g_assert_nonnull (strstr (fetch.error->message, "http://127.0.0.1:1/sparql"));
  g_clear_error (&fetch.error);

  /* The user cancels while the server thinks: at once, not at the timeout. */
  {
    g_autoptr(GCancellable) soon = g_cancellable_new ();
    gint64 start = g_get_monotonic_time ();

    g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, soon);
    fetch_from (wikidata, "/slow", soon, &fetch);
    g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&fetch.error);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  }

  g_cancellable_cancel (cancellable);
  fetch_from (wikidata, "/sparql", cancellable, &fetch);
  g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&fetch.error);

  /* A file with a Wikidata answer imports like a download. */
  {
    g_autofree char *atlas = test_make_atlas ("wikidata-file.db");
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "wikidata", "p190-synthetic.srj", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
    g_autoptr(TaImporter) importer = ta_importer_new (db);
    TaImportCounts counts;

    g_assert_true (ta_importer_add_file (importer, path, TA_IMPORT_FORMAT_AUTO, TA_IMPORT_RECORD_AUTO, NULL, &error));
    g_assert_no_error (error);
    ta_import_plan_get_counts (ta_importer_get_plan (importer), &counts);
    g_assert_cmpuint (counts.links_added, ==, 1);
    g_assert_cmpuint (counts.links_updated, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  start_server ();

  g_test_add_func ("/ta/wikidata/query", test_query);
  g_test_add_func ("/ta/wikidata/import", test_import);
  g_test_add_func ("/ta/wikidata/broken-answers", test_broken_answers);
  g_test_add_func ("/ta/wikidata/unreachable-and-cancelled", test_unreachable_and_cancelled);

  status = g_test_run ();
  stop_server ();

  return status;
}
