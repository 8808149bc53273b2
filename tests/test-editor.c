/* test-editor.c: the undoable write path, its rules and what people type
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On tests/fixtures/panels-atlas.sql, a synthetic atlas.  "Unchanged" is
 * checked on a dump of every table (search index aside) with exact values:
 * doubles in hexadecimal, so a distance recomputed differently would show.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "import-test-util.h"
#include "ta-editor.h"
#include "ta-search.h"
#include "ta-town-details.h"

typedef struct
{
  TaDb     *db;
  TaEditor *editor;
  guint     n_changed;
  gboolean  last_network_changed;
} Fixture;

static void
on_changed_cb (TaEditor *editor,
               gboolean  network_changed,
               Fixture  *fixture)
{
  fixture->n_changed++;
  fixture->last_network_changed = network_changed;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "panels-atlas.sql", NULL);
  g_autofree char *sql = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);

  fixture->db = ta_db_open_memory (&error);
  g_assert_no_error (error);
  ta_db_exec (fixture->db, sql, &error);
  g_assert_no_error (error);

  fixture->editor = ta_editor_new (fixture->db);
  g_signal_connect (fixture->editor, "changed", G_CALLBACK (on_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->editor);
  g_clear_object (&fixture->db);
}

static void
undo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_editor_undo (fixture->editor, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ta_editor_redo (fixture->editor, &error));
  g_assert_no_error (error);
}

/* Towns */

static void
test_town_add (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownRecord) town = ta_town_record_new ();
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *again = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 id = 0;

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
  town->name = g_strdup ("  Zetaford ");
  town->country_code = g_strdup ("XB");
  town->lat = 53.25;
  town->lon = -2.5;
  town->population = 3000;

  g_assert_true (ta_editor_save_town (fixture->editor, town, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 5);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_true (fixture->last_network_changed);
  g_assert_true (ta_editor_get_can_undo (fixture->editor));
  g_assert_cmpstr (ta_editor_get_undo_label (fixture->editor), ==, "Add Town");

  /* Trimmed, written by the user, who is now a source of the atlas. */
  source = test_db_query_text (fixture->db, "SELECT source_id || '/' || name FROM town ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (source, ==, "user/Zetaford");
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM source WHERE id = 'user'"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town_source WHERE source_id = 'user'"), ==, 1);
  hits = ta_search_towns (fixture->db, "zetaf", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  added = test_dump_db (fixture->db);
  undo (fixture);
  again = test_dump_db (fixture->db);
  /* The whole atlas as before, the 'user' source row included. */
  g_assert_cmpstr (again, ==, original);
  g_assert_false (ta_editor_get_can_undo (fixture->editor));
  g_assert_true (ta_editor_get_can_redo (fixture->editor));
  g_assert_cmpstr (ta_editor_get_redo_label (fixture->editor), ==, "Add Town");

  redo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, added);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT max(id) FROM town"), ==, id);
}

static void
test_town_move (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (fixture->db, 1, &error);
  g_autoptr(TaTownRecord) town = NULL;
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *moved = NULL;
  g_autofree char *again = NULL;
  double distance;

  g_assert_no_error (error);
  town = ta_town_record_copy (&details->town);
  distance = (double) test_db_query_int (fixture->db, "SELECT distance_km * 1000 FROM link WHERE id = 10");

  /* Saving it unchanged is no edit. */
  g_assert_true (ta_editor_save_town (fixture->editor, town, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ta_editor_get_can_undo (fixture->editor));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_free (moved);
  moved = test_dump_db (fixture->db);
  g_assert_cmpstr (moved, ==, original);

  town->lat = 49.0;
  town->lon = 8.0;
  g_assert_true (ta_editor_save_town (fixture->editor, town, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ta_editor_get_undo_label (fixture->editor), ==, "Edit Town");

  /* The link distances followed; the town keeps its creating source and
   * gains the user's statement. */
  g_assert_cmpfloat ((double) test_db_query_int (fixture->db, "SELECT distance_km * 1000 FROM link WHERE id = 10"), !=, distance);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town WHERE id = 1 AND source_id = 'test'"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town_source WHERE town_id = 1"), ==, 3);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT region_id FROM town WHERE id = 1"), ==, 1);

  g_free (moved);
  moved = test_dump_db (fixture->db);
  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);
  redo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, moved);

  /* A new country drops the region of the old one. */
  g_free (town->country_code);
  town->country_code = g_strdup ("XB");
  g_assert_true (ta_editor_save_town (fixture->editor, town, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT region_id IS NULL FROM town WHERE id = 1"), ==, 1);
}

static void
test_town_delete (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *deleted = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  TaDependents dependents;

  g_assert_true (ta_editor_count_town_dependents (fixture->editor, 1, &dependents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dependents.links, ==, 3);
  g_assert_cmpuint (dependents.names, ==, 2);
  g_assert_cmpuint (dependents.exchanges, ==, 4);
  g_assert_cmpuint (dependents.funding, ==, 5);
  g_assert_cmpuint (dependents.events, ==, 4);

  g_assert_true (ta_editor_delete_town (fixture->editor, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town WHERE id = 1"), ==, 0);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM exchange"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM funding"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link_event"), ==, 1);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM town_name"), ==, 0);
  g_assert_true (fixture->last_network_changed);

  deleted = test_dump_db (fixture->db);
  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);

  /* The search index follows: the exonym finds the town again. */
  hits = ta_search_towns (fixture->db, "Alfagrad", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((TaTownHit *) g_ptr_array_index (hits, 0))->id, ==, 1);

  redo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, deleted);

  /* Undo after redo: still exact. */
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);

  g_assert_false (ta_editor_count_town_dependents (fixture->editor, 99, &dependents, &error));
  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND);
}

/* @error is read through a pointer: the order in which a call's
 * arguments are evaluated is unspecified, and the save call sets it. */
static void
assert_refused (Fixture     *fixture,
                gboolean     saved,
                GError     **error,
                int          code,
                const char  *words,
                const char  *original)
{
  g_autofree char *now = test_dump_db (fixture->db);

  g_assert_false (saved);
  g_assert_error (*error, TA_RECORD_ERROR, code);
  g_assert_nonnull (strstr ((*error)->message, words));
  g_assert_cmpstr (now, ==, original);
  g_clear_error (error);
}

static void
test_town_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autoptr(TaTownRecord) town = ta_town_record_new ();
  const char *field = NULL;
  GError *error = NULL;

  town->name = g_strdup ("   ");
  g_assert_false (ta_town_record_validate (town, &field, NULL));
  g_assert_cmpstr (field, ==, "name");
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Name", original);

  g_free (town->name);
  town->name = g_strdup ("Omegaburg");
  town->lat = 91;
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Latitude", original);

  town->lat = 10;
  town->lon = -181;
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Longitude", original);

  town->lon = 10;
  town->population = -5;
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Population", original);

  /* A code of the right form the atlas does not know: checked in SQL. */
  town->population = -1;
  town->country_code = g_strdup ("QQ");
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "QQ", original);

  town->id = 99;
  g_clear_pointer (&town->country_code, g_free);
  assert_refused (fixture, ta_editor_save_town (fixture->editor, town, NULL, &error), &error,
                  TA_RECORD_ERROR_NOT_FOUND, "99", original);

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

/* Links */

static TaLinkRecord *
new_link (gint64 town_a,
          gint64 town_b)
{
  TaLinkRecord *link = ta_link_record_new ();

  link->town_a = town_a;
  link->town_b = town_b;
  return link;
}

static void
test_link_add_edit_delete (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaLinkRecord) link = new_link (4, 2);
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *step = NULL;
  g_autofree char *again = NULL;
  g_autofree char *row = NULL;
  TaDependents dependents;
  gint64 id = 0;

  link->start_year = 1999;
  g_assert_true (ta_editor_save_link (fixture->editor, link, &id, &error));
  g_assert_no_error (error);

  /* Stored once, lower id first, with its distance and the user as source. */
  row = test_db_query_text (fixture->db, "SELECT town_a || '-' || town_b || ' ' || source_id || ' ' || start_year"
                                 " || ' ' || (distance_km > 0) FROM link ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (row, ==, "2-4 user 1999 1");
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link_source WHERE source_id = 'user'"), ==, 1);

  step = test_dump_db (fixture->db);
  g_free (link->status);
  link->status = g_strdup ("suspended");
  link->id = id;
  g_assert_true (ta_editor_save_link (fixture->editor, link, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT status = 'suspended' FROM link ORDER BY id DESC LIMIT 1"), ==, 1);

  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, step);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);

  /* Deleting a link takes its records. */
  g_assert_true (ta_editor_count_link_dependents (fixture->editor, 11, &dependents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dependents.exchanges, ==, 1);
  g_assert_cmpuint (dependents.funding, ==, 1);
  g_assert_cmpuint (dependents.events, ==, 2);

  g_assert_true (ta_editor_delete_link (fixture->editor, 11, &error));
  g_assert_no_error (error);
  /* A new edit forgets what could be redone. */
  g_assert_false (ta_editor_get_can_redo (fixture->editor));
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM link_event WHERE link_id = 11"), ==, 0);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);
}

static void
test_link_invalid (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autoptr(TaLinkRecord) link = new_link (2, 1);
  const char *field = NULL;
  GError *error = NULL;

  /* Alphaburg and Betaville are linked already (link 10). */
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_DUPLICATE, "linked already", original);
  /* Forms ask the same without saving. */
  g_assert_false (ta_editor_check_link (fixture->editor, link, &field, &error));
  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_DUPLICATE);
  g_assert_cmpstr (field, ==, "town_b");
  g_clear_error (&error);
  link->town_a = 5;
  g_assert_true (ta_editor_check_link (fixture->editor, link, &field, &error));
  g_assert_no_error (error);
  link->town_a = 2;

  link->town_a = 2;
  link->town_b = 2;
  g_assert_false (ta_link_record_validate (link, &field, NULL));
  g_assert_cmpstr (field, ==, "town_b");
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "two different towns", original);

  link->town_b = 0;
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Partner town", original);

  link->town_b = 5;
  link->start_year = 2000;
  link->end_year = 1999;
  g_assert_false (ta_link_record_validate (link, &field, NULL));
  g_assert_cmpstr (field, ==, "end_year");
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "End year", original);

  link->end_year = 0;
  link->start_year = 2500;
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Start year", original);

  link->start_year = 0;
  link->town_b = 77;
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_NOT_FOUND, "77", original);

  /* Editing link 13 into the pair of link 10 is a duplicate too. */
  link->id = 13;
  link->town_a = 1;
  link->town_b = 2;
  assert_refused (fixture, ta_editor_save_link (fixture->editor, link, NULL, &error), &error,
                  TA_RECORD_ERROR_DUPLICATE, "Alphaburg and Betaville", original);

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
}

/* Exchanges, funding and history */

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaExchangeRecord) exchange = ta_exchange_record_new ();
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *again = NULL;
  gint64 id = 0;

  exchange->link_id = 12;
  exchange->year = 2022;
  exchange->date = g_strdup ("2022-07-01");
  exchange->kind = g_strdup ("business");
  exchange->participants = 8;
  exchange->programme_id = 2;
  exchange->description = g_strdup ("Trade fair");
  g_assert_true (ta_editor_save_exchange (fixture->editor, exchange, &id, &error));
  g_assert_no_error (error);
  g_assert_false (fixture->last_network_changed);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT count(*) FROM exchange WHERE link_id = 12 AND source_id = 'user'"), ==, 1);
  added = test_dump_db (fixture->db);

  exchange->id = id;
  exchange->participants = -1;
  g_assert_true (ta_editor_save_exchange (fixture->editor, exchange, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT participants IS NULL FROM exchange ORDER BY id DESC LIMIT 1"), ==, 1);
  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, added);

  /* Deleting exchange 103 empties the exchange of funding 203; undo
   * brings both back. */
  g_assert_true (ta_editor_delete_exchange (fixture->editor, 103, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT exchange_id IS NULL FROM funding WHERE id = 203"), ==, 1);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, added);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);
}

static void
test_exchange_invalid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autoptr(TaExchangeRecord) exchange = ta_exchange_record_new ();
  GError *error = NULL;

  exchange->year = 2020;
  exchange->kind = g_strdup ("youth");
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Partner", original);

  exchange->town_id = 1;
  exchange->year = 1850;
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Year", original);

  exchange->year = 2020;
  exchange->date = g_strdup ("2021-01-05");
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "2020", original);

  g_free (exchange->date);
  exchange->date = g_strdup ("2020-02-30");
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "does not exist", original);

  g_clear_pointer (&exchange->date, g_free);
  g_free (exchange->kind);
  exchange->kind = g_strdup ("picnic");
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Kind", original);

  g_free (exchange->kind);
  exchange->kind = g_strdup ("sport");
  exchange->participants = -3;
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Participants", original);

  exchange->participants = 3;
  exchange->programme_id = 42;
  assert_refused (fixture, ta_editor_save_exchange (fixture->editor, exchange, NULL, &error), &error,
                  TA_RECORD_ERROR_NOT_FOUND, "Programme", original);

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
}

static void
test_funding (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaFundingRecord) funding = ta_funding_record_new ();
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *again = NULL;
  g_autoptr(TaTownDetails) details = NULL;
  gint64 id = 0;

  funding->town_id = 5;
  funding->amount_minor = 123456;
  g_strlcpy (funding->currency, "CHF", sizeof funding->currency);
  funding->year = 2024;
  funding->funder = g_strdup ("Epsilonia foundation");
  g_assert_true (ta_editor_save_funding (fixture->editor, funding, &id, &error));
  g_assert_no_error (error);
  added = test_dump_db (fixture->db);

  details = ta_town_details_load (fixture->db, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (details->activity->funding_by_currency->len, ==, 1);
  g_assert_cmpint (((TaFundingTotal *) g_ptr_array_index (details->activity->funding_by_currency, 0))->amount_minor, ==, 123456);

  funding->id = id;
  funding->amount_minor = 0;
  g_assert_true (ta_editor_save_funding (fixture->editor, funding, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_db_query_int (fixture->db, "SELECT amount_minor FROM funding ORDER BY id DESC LIMIT 1"), ==, 0);

  g_assert_true (ta_editor_delete_funding (fixture->editor, id, &error));
  g_assert_no_error (error);
  undo (fixture);
  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, added);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);
}

static void
test_funding_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autoptr(TaFundingRecord) funding = ta_funding_record_new ();
  const char *field = NULL;
  GError *error = NULL;

  funding->link_id = 10;
  funding->amount_minor = -1;
  g_strlcpy (funding->currency, "EUR", sizeof funding->currency);
  funding->year = 2020;
  funding->programme_id = 1;
  g_assert_false (ta_funding_record_validate (funding, &field, NULL));
  g_assert_cmpstr (field, ==, "amount_minor");
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Amount", original);

  funding->amount_minor = 100;
  g_strlcpy (funding->currency, "eu", sizeof funding->currency);
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Currency", original);

  g_strlcpy (funding->currency, "eur", sizeof funding->currency);
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Currency", original);

  g_strlcpy (funding->currency, "EUR", sizeof funding->currency);
  funding->programme_id = 0;
  funding->funder = g_strdup (" ");
  g_assert_false (ta_funding_record_validate (funding, &field, NULL));
  g_assert_cmpstr (field, ==, "funder");
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Funder", original);

  funding->programme_id = 1;
  funding->year = 0;
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Year", original);

  funding->year = 2020;
  funding->link_id = 55;
  assert_refused (fixture, ta_editor_save_funding (fixture->editor, funding, NULL, &error), &error,
                  TA_RECORD_ERROR_NOT_FOUND, "55", original);

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
}

static void
test_event (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaEventRecord) event = ta_event_record_new ();
  g_autofree char *original = test_dump_db (fixture->db);
  g_autofree char *added = NULL;
  g_autofree char *again = NULL;
  gint64 id = 0;

  event->link_id = 10;
  event->kind = g_strdup ("suspended");
  event->date = g_strdup ("2020-02-29");
  event->note = g_strdup ("Pandemic");
  g_assert_true (ta_editor_save_event (fixture->editor, event, &id, &error));
  g_assert_no_error (error);
  added = test_dump_db (fixture->db);

  event->id = id;
  g_free (event->kind);
  event->kind = g_strdup ("resumed");
  g_free (event->date);
  event->date = g_strdup ("2022");
  g_assert_true (ta_editor_save_event (fixture->editor, event, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ta_editor_get_undo_label (fixture->editor), ==, "Edit History Event");

  g_assert_true (ta_editor_delete_event (fixture->editor, 300, &error));
  g_assert_no_error (error);
  undo (fixture);
  undo (fixture);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, added);
  undo (fixture);
  g_free (again);
  again = test_dump_db (fixture->db);
  g_assert_cmpstr (again, ==, original);
  g_assert_cmpuint (fixture->n_changed, ==, 6);
}

static void
test_event_invalid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *original = test_dump_db (fixture->db);
  g_autoptr(TaEventRecord) event = ta_event_record_new ();
  static const char *bad_dates[] = { "", "20-1-1", "2019-13", "2019-02-30", "0500", "2019/05/01" };
  GError *error = NULL;

  event->kind = g_strdup ("signed");
  event->date = g_strdup ("2001");
  assert_refused (fixture, ta_editor_save_event (fixture->editor, event, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Partner", original);

  event->link_id = 10;
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_free (event->date);
      event->date = g_strdup (bad_dates[i]);
      assert_refused (fixture, ta_editor_save_event (fixture->editor, event, NULL, &error), &error,
                      TA_RECORD_ERROR_INVALID, "Date", original);
    }

  g_free (event->date);
  event->date = g_strdup ("2001");
  g_free (event->kind);
  event->kind = g_strdup ("exploded");
  assert_refused (fixture, ta_editor_save_event (fixture->editor, event, NULL, &error), &error,
                  TA_RECORD_ERROR_INVALID, "Event", original);

  g_assert_false (ta_editor_get_can_undo (fixture->editor));
}

/* Undo safety */

static void
test_undo_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaEventRecord) event = ta_event_record_new ();
  g_autofree char *changed = NULL;
  g_autofree char *after = NULL;

  event->link_id = 10;
  event->kind = g_strdup ("renewed");
  event->date = g_strdup ("2023");
  g_assert_true (ta_editor_save_event (fixture->editor, event, NULL, &error));
  g_assert_no_error (error);

  /* Someone else edits the same row: undo must not overwrite it. */
  ta_db_exec (fixture->db, "UPDATE link_event SET note = 'elsewhere' WHERE date = '2023'", &error);
  g_assert_no_error (error);
  changed = test_dump_db (fixture->db);

  g_assert_false (ta_editor_undo (fixture->editor, &error));
  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_CONFLICT);
  after = test_dump_db (fixture->db);
  g_assert_cmpstr (after, ==, changed);
  g_assert_false (ta_editor_get_can_undo (fixture->editor));
  g_assert_false (ta_editor_get_can_redo (fixture->editor));
}

static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ta-test-editor-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "atlas.db", NULL);
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaEditor) editor = NULL;
  g_autoptr(TaEventRecord) event = ta_event_record_new ();

  g_assert_no_error (error);
  db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  editor = ta_editor_new (db);
  event->link_id = 1;
  event->kind = g_strdup ("signed");
  event->date = g_strdup ("2001");
  g_assert_false (ta_editor_save_event (editor, event, NULL, &error));
  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_READ_ONLY);

  g_clear_object (&editor);
  g_clear_object (&db);
  g_unlink (path);
  g_rmdir (dir);
}

/* What people type */

static void
test_parse (void)
{
  static const struct
  {
    const char *text;
    const char *currency;
    gint64      minor;
  } amounts[] = {
    { "1234", "EUR", 123400 },
    { "1234,5", "EUR", 123450 },
    { "1.234,50", "EUR", 123450 },
    { "1,234.50", "EUR", 123450 },
    { "1 234,50", "PLN", 123450 },
    { "1\u202f234.5", "PLN", 123450 },
    { "0", "EUR", 0 },
    { ".5", "EUR", 50 },
    { "1.000.000", "EUR", 100000000 },
    { "500", "JPY", 500 },
    { "1.234", "KWD", 1234 },
  };
  static const char *bad_amounts[] = { "", "-3", "abc", "1,234", "1.5 JPY", "12e3", "99999999999999999999" };
  g_autoptr(GError) error = NULL;
  gint64 minor;
  double degrees;
  int year;
  gint64 count;

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_assert_true (ta_parse_amount (amounts[i].text, amounts[i].currency, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, amounts[i].minor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_amounts); i++)
    {
      g_assert_false (ta_parse_amount (bad_amounts[i], "EUR", &minor, &error));
      g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "Amount"));
      g_clear_error (&error);
    }
  g_assert_false (ta_parse_amount ("1.5", "JPY", &minor, &error));
  g_assert_nonnull (strstr (error->message, "JPY"));
  g_clear_error (&error);

  g_assert_true (ta_parse_coordinate ("50,5 N", TRUE, &degrees, &error));
  g_assert_cmpfloat (degrees, ==, 50.5);
  g_assert_true (ta_parse_coordinate ("12.25° S", TRUE, &degrees, &error));
  g_assert_cmpfloat (degrees, ==, -12.25);
  g_assert_true (ta_parse_coordinate ("\u22123.5", FALSE, &degrees, &error));
  g_assert_cmpfloat (degrees, ==, -3.5);
  g_assert_true (ta_parse_coordinate ("19.95E", FALSE, &degrees, &error));
  g_assert_cmpfloat (degrees, ==, 19.95);
  g_assert_no_error (error);
  g_assert_false (ta_parse_coordinate ("91", TRUE, &degrees, &error));
  g_assert_nonnull (strstr (error->message, "Latitude"));
  g_clear_error (&error);
  g_assert_false (ta_parse_coordinate ("10 E", TRUE, &degrees, &error));
  g_clear_error (&error);
  g_assert_false (ta_parse_coordinate ("", FALSE, &degrees, &error));
  g_assert_nonnull (strstr (error->message, "Longitude"));
  g_clear_error (&error);

  g_assert_true (ta_parse_year (" ", "Start year", &year, &error));
  g_assert_cmpint (year, ==, 0);
  g_assert_true (ta_parse_year ("1991", "Start year", &year, &error));
  g_assert_cmpint (year, ==, 1991);
  g_assert_false (ta_parse_year ("19x1", "Start year", &year, &error));
  g_assert_nonnull (strstr (error->message, "Start year"));
  g_clear_error (&error);

  g_assert_true (ta_parse_count ("1 200", "Participants", &count, &error));
  g_assert_cmpint (count, ==, 1200);
  g_assert_true (ta_parse_count ("", "Participants", &count, &error));
  g_assert_cmpint (count, ==, -1);
  g_assert_false (ta_parse_count ("-4", "Participants", &count, &error));
  g_assert_nonnull (strstr (error->message, "negative"));
  g_clear_error (&error);
  g_assert_false (ta_parse_count ("many", "Participants", &count, &error));
  g_clear_error (&error);
}

static void
test_format (void)
{
  g_autofree char *a = ta_format_amount (299950, "EUR");
  g_autofree char *b = ta_format_amount (1234567, "PLN");
  g_autofree char *c = ta_format_amount (500, "JPY");
  g_autofree char *d = ta_format_amount (1234, "KWD");
  g_autofree char *e = ta_format_amount (5, "EUR");
  g_autofree char *n = ta_format_count (761900);

  /* The C locale has no thousands separator: a narrow space groups
   * numbers of five digits and more. */
  g_assert_cmpstr (a, ==, "2999.50 EUR");
  g_assert_cmpstr (b, ==, "12\u202f345.67 PLN");
  g_assert_cmpstr (c, ==, "500 JPY");
  g_assert_cmpstr (d, ==, "1.234 KWD");
  g_assert_cmpstr (e, ==, "0.05 EUR");
  g_assert_cmpstr (n, ==, "761\u202f900");

  g_assert_cmpstr (ta_vocabulary_get_label (TA_VOCABULARY_EXCHANGE_KIND, "civil-servants"), ==, "Civil servants");
  g_assert_cmpstr (ta_vocabulary_get_label (TA_VOCABULARY_LINK_STATUS, "unknown-id"), ==, "unknown-id");
  g_assert_cmpint (ta_vocabulary_find (TA_VOCABULARY_EVENT_KIND, "resumed"), ==, 3);
  g_assert_cmpuint (ta_vocabulary_get_n_items (TA_VOCABULARY_LINK_KIND), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ta/editor/town/add", test_town_add);
  ADD ("/ta/editor/town/move", test_town_move);
  ADD ("/ta/editor/town/delete", test_town_delete);
  ADD ("/ta/editor/town/invalid", test_town_invalid);
  ADD ("/ta/editor/link/add-edit-delete", test_link_add_edit_delete);
  ADD ("/ta/editor/link/invalid", test_link_invalid);
  ADD ("/ta/editor/exchange/add-edit-delete", test_exchange);
  ADD ("/ta/editor/exchange/invalid", test_exchange_invalid);
  ADD ("/ta/editor/funding/add-edit-delete", test_funding);
  ADD ("/ta/editor/funding/invalid", test_funding_invalid);
  ADD ("/ta/editor/event/add-edit-delete", test_event);
  ADD ("/ta/editor/event/invalid", test_event_invalid);
  ADD ("/ta/editor/undo/conflict", test_undo_conflict);
#undef ADD
  g_test_add_func ("/ta/editor/read-only", test_read_only);
  g_test_add_func ("/ta/records/parse", test_parse);
  g_test_add_func ("/ta/records/format", test_format);

  return g_test_run ();
}
