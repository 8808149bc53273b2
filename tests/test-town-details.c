/* test-town-details.c: what the town panel and the link view load
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All on tests/fixtures/panels-atlas.sql, a synthetic atlas.
 */

#include "config.h"

#include "ta-geo.h"
#include "ta-link-details.h"
#include "ta-town-details.h"

static TaDb *
open_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "panels-atlas.sql", NULL);
  g_autofree char *sql = NULL;
  TaDb *db;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);

  db = ta_db_open_memory (&error);
  g_assert_no_error (error);
  ta_db_exec (db, sql, &error);
  g_assert_no_error (error);

  return db;
}

static const char *
partner_name (TaTownDetails *details,
              guint          index)
{
  return ((TaPartner *) g_ptr_array_index (details->partners, index))->partner_name;
}

static void
test_header (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 1, &error);
  TaTownName *name;
  TaSourceInfo *source;

  g_assert_no_error (error);
  g_assert_cmpstr (details->town.name, ==, "Alphaburg");
  g_assert_cmpstr (details->town.name_native, ==, "Alphaburg an der Test");
  g_assert_cmpstr (details->town.country_code, ==, "XA");
  g_assert_cmpstr (details->country_name, ==, "Testland");
  g_assert_cmpstr (details->region_name, ==, "Nordmark");
  g_assert_cmpint (details->town.population, ==, 120000);
  g_assert_cmpfloat (details->town.lat, ==, 50.0);
  g_assert_cmpfloat (details->town.lon, ==, 10.0);

  g_assert_cmpuint (details->names->len, ==, 2);
  name = g_ptr_array_index (details->names, 0);
  g_assert_cmpstr (name->name, ==, "Alfagrad");
  g_assert_cmpstr (name->lang, ==, "pl");
  g_assert_cmpstr (name->kind, ==, "exonym");

  /* The source that created the town first, then the others. */
  g_assert_cmpuint (details->sources->len, ==, 2);
  source = g_ptr_array_index (details->sources, 0);
  g_assert_cmpstr (source->id, ==, "test");
  g_assert_cmpstr (source->attribution, ==, "Test attribution A");
  source = g_ptr_array_index (details->sources, 1);
  g_assert_cmpstr (source->id, ==, "test-b");
}

static void
test_partners (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 1, &error);
  const TaPartner *partner;

  g_assert_no_error (error);
  /* Link 13 (Betaville–Gammastadt) is not Alphaburg's. */
  g_assert_cmpuint (details->partners->len, ==, 3);

  g_assert_cmpstr (partner_name (details, 0), ==, "Betaville");
  g_assert_cmpstr (partner_name (details, 1), ==, "Deltaton");
  g_assert_cmpstr (partner_name (details, 2), ==, "Gammastadt");

  partner = ta_town_details_find_partner (details, 11);
  g_assert_nonnull (partner);
  g_assert_cmpint (partner->partner_id, ==, 3);
  g_assert_cmpstr (partner->country_code, ==, "XB");
  g_assert_cmpstr (partner->country_name, ==, "Probeland");
  g_assert_cmpstr (partner->link.kind, ==, "partnership");
  g_assert_cmpstr (partner->link.status, ==, "ended");
  g_assert_cmpint (partner->link.start_year, ==, 1990);
  g_assert_cmpint (partner->link.end_year, ==, 2005);
  g_assert_cmpuint (partner->n_exchanges, ==, 1);
  g_assert_cmpfloat_with_epsilon (partner->distance_km, ta_geo_distance_km (50, 10, 52, 13), 1e-9);

  g_assert_cmpuint (ta_town_details_find_partner (details, 10)->n_exchanges, ==, 2);
  g_assert_cmpuint (ta_town_details_find_partner (details, 12)->n_exchanges, ==, 0);
  g_assert_cmpint (ta_town_details_find_partner (details, 12)->link.start_year, ==, 0);
  g_assert_null (ta_town_details_find_partner (details, 13));

  /* Probeland before Testland; within Testland by name. */
  ta_town_details_sort_partners (details, TA_PARTNER_SORT_COUNTRY);
  g_assert_cmpstr (partner_name (details, 0), ==, "Gammastadt");
  g_assert_cmpstr (partner_name (details, 1), ==, "Betaville");
  g_assert_cmpstr (partner_name (details, 2), ==, "Deltaton");

  /* Oldest first, the unknown year last. */
  ta_town_details_sort_partners (details, TA_PARTNER_SORT_YEAR);
  g_assert_cmpstr (partner_name (details, 0), ==, "Betaville");
  g_assert_cmpstr (partner_name (details, 1), ==, "Gammastadt");
  g_assert_cmpstr (partner_name (details, 2), ==, "Deltaton");

  ta_town_details_sort_partners (details, TA_PARTNER_SORT_NAME);
  g_assert_cmpstr (partner_name (details, 0), ==, "Betaville");
}

static void
test_exchanges (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 1, &error);
  TaActivity *activity;
  TaExchangeYear *year;
  TaExchangeRecord *exchange;
  TaExchangeTotal *total;

  g_assert_no_error (error);
  activity = details->activity;

  /* 100, 101 and 102 on its links, 103 its own; not 104. */
  g_assert_cmpuint (activity->n_exchanges, ==, 4);
  g_assert_cmpuint (activity->exchange_years->len, ==, 3);

  year = g_ptr_array_index (activity->exchange_years, 0);
  g_assert_cmpint (year->year, ==, 2021);
  g_assert_cmpuint (year->exchanges->len, ==, 1);
  exchange = g_ptr_array_index (year->exchanges, 0);
  g_assert_cmpint (exchange->id, ==, 103);
  g_assert_cmpint (exchange->partner_id, ==, 0);
  g_assert_null (exchange->partner_name);

  year = g_ptr_array_index (activity->exchange_years, 1);
  g_assert_cmpint (year->year, ==, 2019);
  g_assert_cmpuint (year->exchanges->len, ==, 2);
  exchange = g_ptr_array_index (year->exchanges, 0);
  g_assert_cmpint (exchange->id, ==, 100);
  g_assert_cmpstr (exchange->kind, ==, "youth");
  g_assert_cmpint (exchange->participants, ==, 24);
  g_assert_cmpstr (exchange->programme_name, ==, "Synthetic Youth Fund");
  g_assert_cmpstr (exchange->partner_name, ==, "Betaville");
  g_assert_cmpstr (exchange->date, ==, "2019-05-04");
  exchange = g_ptr_array_index (year->exchanges, 1);
  g_assert_cmpint (exchange->id, ==, 101);
  g_assert_null (exchange->programme_name);

  year = g_ptr_array_index (activity->exchange_years, 2);
  g_assert_cmpint (year->year, ==, 2003);
  exchange = g_ptr_array_index (year->exchanges, 0);
  g_assert_cmpint (exchange->participants, ==, -1);
  g_assert_cmpstr (exchange->partner_name, ==, "Gammastadt");

  /* Totals in vocabulary order: youth, school, culture, sport. */
  g_assert_cmpuint (activity->exchange_totals->len, ==, 4);
  total = g_ptr_array_index (activity->exchange_totals, 0);
  g_assert_cmpstr (total->kind, ==, "youth");
  g_assert_cmpuint (total->count, ==, 1);
  g_assert_cmpint (total->participants, ==, 24);
  total = g_ptr_array_index (activity->exchange_totals, 2);
  g_assert_cmpstr (total->kind, ==, "culture");
  g_assert_cmpint (total->participants, ==, -1);
  total = g_ptr_array_index (activity->exchange_totals, 3);
  g_assert_cmpstr (total->kind, ==, "sport");
  g_assert_cmpint (total->participants, ==, 12);
}

static void
assert_total (GPtrArray  *totals,
              guint       index,
              const char *label,
              const char *currency,
              gint64      amount_minor,
              guint       count)
{
  TaFundingTotal *total;

  g_assert_cmpuint (index, <, totals->len);
  total = g_ptr_array_index (totals, index);
  g_assert_cmpstr (total->label, ==, label);
  g_assert_cmpstr (total->currency, ==, currency);
  g_assert_cmpint (total->amount_minor, ==, amount_minor);
  g_assert_cmpuint (total->count, ==, count);
}

static void
test_funding (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 1, &error);
  TaActivity *activity;
  TaFundingRecord *funding;

  g_assert_no_error (error);
  activity = details->activity;

  /* Newest first: 205 (2021), 203 (2021), 201, 200, 202; not 204. */
  g_assert_cmpuint (activity->funding->len, ==, 5);
  funding = g_ptr_array_index (activity->funding, 0);
  g_assert_cmpint (funding->id, ==, 205);
  funding = g_ptr_array_index (activity->funding, 1);
  g_assert_cmpint (funding->id, ==, 203);
  g_assert_cmpstr (funding->funder, ==, "Alphaburg council");
  g_assert_null (funding->programme_name);
  g_assert_cmpint (funding->exchange_id, ==, 103);
  funding = g_ptr_array_index (activity->funding, 4);
  g_assert_cmpint (funding->id, ==, 202);
  g_assert_cmpstr (funding->currency, ==, "PLN");
  g_assert_cmpstr (funding->partner_name, ==, "Gammastadt");

  /* Per currency: never mixed. */
  g_assert_cmpuint (activity->funding_by_currency->len, ==, 2);
  assert_total (activity->funding_by_currency, 0, NULL, "EUR", 150000 + 50050 + 99900, 3);
  assert_total (activity->funding_by_currency, 1, NULL, "PLN", 300000 + 70000, 2);

  /* Per programme (or funder) and currency: the Youth Fund paid in two. */
  g_assert_cmpuint (activity->funding_by_programme->len, ==, 4);
  assert_total (activity->funding_by_programme, 0, "Alphaburg council", "EUR", 99900, 1);
  assert_total (activity->funding_by_programme, 1, "Synthetic Culture Grant", "PLN", 300000, 1);
  assert_total (activity->funding_by_programme, 2, "Synthetic Youth Fund", "EUR", 200050, 2);
  assert_total (activity->funding_by_programme, 3, "Synthetic Youth Fund", "PLN", 70000, 1);
}

static void
test_history (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 1, &error);
  GPtrArray *events;
  static const gint64 expected_ids[] = { 303, 302, 301, 300 };
  static const char *expected_partners[] = { "Betaville", "Gammastadt", "Gammastadt", "Betaville" };

  g_assert_no_error (error);
  events = details->activity->events;

  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected_ids));
  for (guint i = 0; i < events->len; i++)
    {
      TaEventRecord *event = g_ptr_array_index (events, i);

      g_assert_cmpint (event->id, ==, expected_ids[i]);
      g_assert_cmpstr (event->partner_name, ==, expected_partners[i]);
    }
  g_assert_cmpstr (((TaEventRecord *) g_ptr_array_index (events, 1))->note, ==, "By mutual consent");
}

static void
test_empty_town (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 5, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (details->town.name, ==, "Epsilonia");
  g_assert_null (details->country_name);
  g_assert_null (details->region_name);
  g_assert_cmpint (details->town.population, ==, -1);
  g_assert_cmpuint (details->names->len, ==, 0);
  g_assert_cmpuint (details->sources->len, ==, 1);
  g_assert_cmpuint (details->partners->len, ==, 0);
  g_assert_cmpuint (details->activity->n_exchanges, ==, 0);
  g_assert_cmpuint (details->activity->exchange_years->len, ==, 0);
  g_assert_cmpuint (details->activity->exchange_totals->len, ==, 0);
  g_assert_cmpuint (details->activity->funding->len, ==, 0);
  g_assert_cmpuint (details->activity->funding_by_currency->len, ==, 0);
  g_assert_cmpuint (details->activity->events->len, ==, 0);
}

static void
test_missing_town (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaTownDetails) details = ta_town_details_load (db, 999, &error);

  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND);
  g_assert_null (details);
}

static void
test_link (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaLinkDetails) details = ta_link_details_load (db, 11, &error);
  TaSourceInfo *source;

  g_assert_no_error (error);
  g_assert_cmpint (details->link.id, ==, 11);
  g_assert_cmpstr (details->town_a.name, ==, "Alphaburg");
  g_assert_cmpstr (details->town_a.country_name, ==, "Testland");
  g_assert_cmpstr (details->town_b.name, ==, "Gammastadt");
  g_assert_cmpstr (details->town_b.country_name, ==, "Probeland");
  g_assert_cmpstr (details->link.kind, ==, "partnership");
  g_assert_cmpstr (details->link.status, ==, "ended");
  g_assert_cmpint (details->link.start_year, ==, 1990);
  g_assert_cmpint (details->link.end_year, ==, 2005);
  g_assert_cmpfloat_with_epsilon (details->distance_km, ta_geo_distance_km (50, 10, 52, 13), 1e-9);
  g_assert_cmpfloat (details->distance_km, >, 250);
  g_assert_cmpfloat (details->distance_km, <, 350);

  g_assert_cmpuint (details->sources->len, ==, 1);
  source = g_ptr_array_index (details->sources, 0);
  g_assert_cmpstr (source->id, ==, "test");

  g_assert_cmpuint (details->activity->n_exchanges, ==, 1);
  g_assert_cmpuint (details->activity->funding->len, ==, 1);
  assert_total (details->activity->funding_by_currency, 0, NULL, "PLN", 300000, 1);
  g_assert_cmpuint (details->activity->events->len, ==, 2);
  g_assert_cmpint (((TaEventRecord *) g_ptr_array_index (details->activity->events, 0))->id, ==, 302);
  /* Seen from the link itself, a record has no "partner". */
  g_assert_null (((TaEventRecord *) g_ptr_array_index (details->activity->events, 0))->partner_name);

  g_clear_pointer (&details, ta_link_details_free);
  details = ta_link_details_load (db, 99, &error);
  g_assert_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND);
  g_assert_null (details);
}

static void
test_lists (void)
{
  g_autoptr(TaDb) db = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) countries = ta_countries_list (db, &error);
  g_autoptr(GPtrArray) programmes = NULL;

  /* By name, not by code: Probeland (XB) before Testland (XA). */
  g_assert_no_error (error);
  g_assert_cmpuint (countries->len, ==, 2);
  g_assert_cmpstr (((TaCountry *) g_ptr_array_index (countries, 0))->code, ==, "XB");
  g_assert_cmpstr (((TaCountry *) g_ptr_array_index (countries, 1))->name, ==, "Testland");

  programmes = ta_programmes_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (programmes->len, ==, 2);
  g_assert_cmpstr (((TaProgramme *) g_ptr_array_index (programmes, 0))->name, ==, "Synthetic Culture Grant");
  g_assert_cmpint (((TaProgramme *) g_ptr_array_index (programmes, 1))->start_year, ==, 1990);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/town-details/header", test_header);
  g_test_add_func ("/ta/town-details/partners", test_partners);
  g_test_add_func ("/ta/town-details/exchanges", test_exchanges);
  g_test_add_func ("/ta/town-details/funding", test_funding);
  g_test_add_func ("/ta/town-details/history", test_history);
  g_test_add_func ("/ta/town-details/empty-town", test_empty_town);
  g_test_add_func ("/ta/town-details/missing-town", test_missing_town);
  g_test_add_func ("/ta/link-details/load", test_link);
  g_test_add_func ("/ta/records/lists", test_lists);

  return g_test_run ();
}
