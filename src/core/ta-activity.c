/* ta-activity.c: exchanges, funding and history of a town or a link
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A town's activity is what it recorded without a partner plus what was
 * recorded on each of its links, so the same queries serve the town panel
 * and the link view; only the WHERE clause and the partner column differ.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-activity.h"

typedef enum
{
  SCOPE_TOWN,
  SCOPE_LINK,
} Scope;

/* Seen from town ?1, the other town of link l. */
#define PARTNER_OF_TOWN "CASE WHEN l.id IS NULL THEN NULL WHEN l.town_a = ?1 THEN l.town_b ELSE l.town_a END"

static void
exchange_year_free (TaExchangeYear *year)
{
  g_ptr_array_unref (year->exchanges);
  g_free (year);
}

static void
exchange_total_free (TaExchangeTotal *total)
{
  g_free (total->kind);
  g_free (total);
}

static void
funding_total_free (TaFundingTotal *total)
{
  g_free (total->label);
  g_free (total);
}

void
ta_activity_free (TaActivity *activity)
{
  if (activity == NULL)
    return;

  g_clear_pointer (&activity->exchange_years, g_ptr_array_unref);
  g_clear_pointer (&activity->exchange_totals, g_ptr_array_unref);
  g_clear_pointer (&activity->funding, g_ptr_array_unref);
  g_clear_pointer (&activity->funding_by_programme, g_ptr_array_unref);
  g_clear_pointer (&activity->funding_by_currency, g_ptr_array_unref);
  g_clear_pointer (&activity->events, g_ptr_array_unref);
  g_free (activity);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* "@head (partner id expression) WHERE (condition) @order" */
static sqlite3_stmt *
prepare_scoped (TaDb        *db,
                const char  *head,
                const char  *order,
                Scope        scope,
                const char  *town_where,
                const char  *link_where,
                gint64       id,
                GError     **error)
{
  g_autofree char *sql = g_strconcat (head,
                                      " LEFT JOIN town pt ON pt.id = (",
                                      scope == SCOPE_TOWN ? PARTNER_OF_TOWN : "NULL",
                                      ") WHERE (",
                                      scope == SCOPE_TOWN ? town_where : link_where,
                                      ") ", order, NULL);
  sqlite3_stmt *stmt = ta_db_prepare (db, sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);

  return stmt;
}

/* Exchanges */

static gboolean
load_exchanges (TaDb        *db,
                Scope        scope,
                gint64       id,
                TaActivity  *activity,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint counts[16] = { 0 };
  gint64 participants[16];
  TaExchangeYear *current = NULL;
  guint n_kinds = ta_vocabulary_get_n_items (TA_VOCABULARY_EXCHANGE_KIND);
  int rc;

  g_assert (n_kinds <= G_N_ELEMENTS (counts));

  stmt = prepare_scoped (db,
                         "SELECT e.id, coalesce (e.link_id, 0), coalesce (e.town_id, 0), e.year, e.date,"
                         "       e.kind, coalesce (e.participants, -1), coalesce (e.programme_id, 0),"
                         "       e.description, p.name, coalesce (pt.id, 0), pt.name"
                         "  FROM exchange e"
                         "  LEFT JOIN link l ON l.id = e.link_id"
                         "  LEFT JOIN programme p ON p.id = e.programme_id",
                         "ORDER BY e.year DESC, coalesce (e.date, '') DESC, e.id DESC",
                         scope,
                         "e.town_id = ?1 OR e.link_id IN (SELECT id FROM link WHERE town_a = ?1 OR town_b = ?1)",
                         "e.link_id = ?1",
                         id, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n_kinds; i++)
    participants[i] = -1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaExchangeRecord *exchange = ta_exchange_record_new ();
      int kind;

      exchange->id = sqlite3_column_int64 (stmt, 0);
      exchange->link_id = sqlite3_column_int64 (stmt, 1);
      exchange->town_id = sqlite3_column_int64 (stmt, 2);
      exchange->year = sqlite3_column_int (stmt, 3);
      exchange->date = column_text (stmt, 4);
      exchange->kind = column_text (stmt, 5);
      exchange->participants = sqlite3_column_int64 (stmt, 6);
      exchange->programme_id = sqlite3_column_int64 (stmt, 7);
      exchange->description = column_text (stmt, 8);
      exchange->programme_name = column_text (stmt, 9);
      exchange->partner_id = sqlite3_column_int64 (stmt, 10);
      exchange->partner_name = column_text (stmt, 11);

      if (current == NULL || current->year != exchange->year)
        {
          current = g_new0 (TaExchangeYear, 1);
          current->year = exchange->year;
          current->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_exchange_record_free);
          g_ptr_array_add (activity->exchange_years, current);
        }

      kind = ta_vocabulary_find (TA_VOCABULARY_EXCHANGE_KIND, exchange->kind);
      if (kind >= 0)
        {
          counts[kind]++;
          if (exchange->participants >= 0)
            participants[kind] = MAX (participants[kind], 0) + exchange->participants;
        }

      activity->n_exchanges++;
      g_ptr_array_add (current->exchanges, exchange);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the exchanges"));
      return FALSE;
    }

  for (guint i = 0; i < n_kinds; i++)
    {
      TaExchangeTotal *total;

      if (counts[i] == 0)
        continue;

      total = g_new0 (TaExchangeTotal, 1);
      total->kind = g_strdup (ta_vocabulary_get_id (TA_VOCABULARY_EXCHANGE_KIND, i));
      total->count = counts[i];
      total->participants = participants[i];
      g_ptr_array_add (activity->exchange_totals, total);
    }

  return TRUE;
}

/* Funding */

static TaFundingTotal *
find_or_add_total (GPtrArray   *totals,
                   const char  *label,
                   gint64       programme_id,
                   const char  *currency)
{
  TaFundingTotal *total;

  for (guint i = 0; i < totals->len; i++)
    {
      total = g_ptr_array_index (totals, i);
      if (total->programme_id == programme_id &&
          g_strcmp0 (total->label, label) == 0 &&
          strcmp (total->currency, currency) == 0)
        return total;
    }

  total = g_new0 (TaFundingTotal, 1);
  total->label = g_strdup (label);
  total->programme_id = programme_id;
  g_strlcpy (total->currency, currency, sizeof total->currency);
  g_ptr_array_add (totals, total);
  return total;
}

static int
compare_funding_totals (gconstpointer a,
                        gconstpointer b)
{
  const TaFundingTotal *ta = *(const TaFundingTotal **) a;
  const TaFundingTotal *tb = *(const TaFundingTotal **) b;
  int order = 0;

  if (ta->label != NULL && tb->label != NULL)
    order = g_utf8_collate (ta->label, tb->label);

  return order != 0 ? order : strcmp (ta->currency, tb->currency);
}

static gboolean
load_funding (TaDb        *db,
              Scope        scope,
              gint64       id,
              TaActivity  *activity,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_scoped (db,
                         "SELECT f.id, coalesce (f.link_id, 0), coalesce (f.town_id, 0),"
                         "       coalesce (f.exchange_id, 0), f.amount_minor, f.currency, f.year,"
                         "       coalesce (f.programme_id, 0), f.funder, f.purpose, p.name,"
                         "       coalesce (pt.id, 0), pt.name"
                         "  FROM funding f"
                         "  LEFT JOIN link l ON l.id = f.link_id"
                         "  LEFT JOIN programme p ON p.id = f.programme_id",
                         "ORDER BY f.year DESC, f.id DESC",
                         scope,
                         "f.town_id = ?1 OR f.link_id IN (SELECT id FROM link WHERE town_a = ?1 OR town_b = ?1)",
                         "f.link_id = ?1",
                         id, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaFundingRecord *funding = ta_funding_record_new ();
      TaFundingTotal *total;

      funding->id = sqlite3_column_int64 (stmt, 0);
      funding->link_id = sqlite3_column_int64 (stmt, 1);
      funding->town_id = sqlite3_column_int64 (stmt, 2);
      funding->exchange_id = sqlite3_column_int64 (stmt, 3);
      funding->amount_minor = sqlite3_column_int64 (stmt, 4);
      g_strlcpy (funding->currency, (const char *) sqlite3_column_text (stmt, 5), sizeof funding->currency);
      funding->year = sqlite3_column_int (stmt, 6);
      funding->programme_id = sqlite3_column_int64 (stmt, 7);
      funding->funder = column_text (stmt, 8);
      funding->purpose = column_text (stmt, 9);
      funding->programme_name = column_text (stmt, 10);
      funding->partner_id = sqlite3_column_int64 (stmt, 11);
      funding->partner_name = column_text (stmt, 12);

      total = find_or_add_total (activity->funding_by_programme,
                                 funding->programme_name != NULL ? funding->programme_name : funding->funder,
                                 funding->programme_id, funding->currency);
      total->amount_minor += funding->amount_minor;
      total->count++;

      total = find_or_add_total (activity->funding_by_currency, NULL, 0, funding->currency);
      total->amount_minor += funding->amount_minor;
      total->count++;

      g_ptr_array_add (activity->funding, funding);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the funding"));
      return FALSE;
    }

  g_ptr_array_sort (activity->funding_by_programme, compare_funding_totals);
  g_ptr_array_sort (activity->funding_by_currency, compare_funding_totals);
  return TRUE;
}

/* History */

static gboolean
load_events (TaDb        *db,
             Scope        scope,
             gint64       id,
             TaActivity  *activity,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_scoped (db,
                         "SELECT ev.id, ev.link_id, ev.kind, ev.date, ev.note, coalesce (pt.id, 0), pt.name"
                         "  FROM link_event ev"
                         "  JOIN link l ON l.id = ev.link_id",
                         "ORDER BY ev.date DESC, ev.id DESC",
                         scope,
                         "l.town_a = ?1 OR l.town_b = ?1",
                         "ev.link_id = ?1",
                         id, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaEventRecord *event = ta_event_record_new ();

      event->id = sqlite3_column_int64 (stmt, 0);
      event->link_id = sqlite3_column_int64 (stmt, 1);
      event->kind = column_text (stmt, 2);
      event->date = column_text (stmt, 3);
      event->note = column_text (stmt, 4);
      event->partner_id = sqlite3_column_int64 (stmt, 5);
      event->partner_name = column_text (stmt, 6);
      g_ptr_array_add (activity->events, event);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the history"));
      return FALSE;
    }

  return TRUE;
}

static TaActivity *
load (TaDb     *db,
      Scope     scope,
      gint64    id,
      GError  **error)
{
  g_autoptr(TaActivity) activity = g_new0 (TaActivity, 1);

  activity->exchange_years = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_year_free);
  activity->exchange_totals = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_total_free);
  activity->funding = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_funding_record_free);
  activity->funding_by_programme = g_ptr_array_new_with_free_func ((GDestroyNotify) funding_total_free);
  activity->funding_by_currency = g_ptr_array_new_with_free_func ((GDestroyNotify) funding_total_free);
  activity->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_event_record_free);

  if (!load_exchanges (db, scope, id, activity, error) ||
      !load_funding (db, scope, id, activity, error) ||
      !load_events (db, scope, id, activity, error))
    return NULL;

  return g_steal_pointer (&activity);
}

/**
 * ta_activity_load_for_town:
 *
 * Returns: (transfer full): the exchanges, funding and history of the town
 *   and of all its links
 */
TaActivity *
ta_activity_load_for_town (TaDb     *db,
                           gint64    town_id,
                           GError  **error)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return load (db, SCOPE_TOWN, town_id, error);
}

/**
 * ta_activity_load_for_link:
 *
 * Returns: (transfer full): the exchanges, funding and history of the link
 */
TaActivity *
ta_activity_load_for_link (TaDb     *db,
                           gint64    link_id,
                           GError  **error)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return load (db, SCOPE_LINK, link_id, error);
}
