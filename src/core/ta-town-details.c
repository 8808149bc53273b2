/* ta-town-details.c: everything the town panel shows, loaded in one go
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A handful of indexed queries: the town with the most partners in the
 * bundled atlas (91) loads in about a millisecond, so the panel loads on
 * the main thread and shares the window's connection, which is not safe to
 * use from another thread (it is opened SQLITE_OPEN_NOMUTEX).
 */

#include "config.h"

/* PRId64 rather than G_GINT64_FORMAT in messages: xgettext knows it. */
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-geo.h"
#include "ta-search.h"
#include "ta-town-details.h"

static void
town_name_free (TaTownName *name)
{
  g_free (name->name);
  g_free (name->lang);
  g_free (name->kind);
  g_free (name);
}

static void
partner_free (TaPartner *partner)
{
  ta_link_record_clear (&partner->link);
  g_free (partner->partner_name);
  g_free (partner->partner_native);
  g_free (partner->country_code);
  g_free (partner->country_name);
  g_free (partner->name_key);
  g_free (partner->country_key);
  g_free (partner);
}

void
ta_town_details_free (TaTownDetails *details)
{
  if (details == NULL)
    return;

  ta_town_record_clear (&details->town);
  g_free (details->country_name);
  g_free (details->region_name);
  g_clear_pointer (&details->names, g_ptr_array_unref);
  g_clear_pointer (&details->sources, g_ptr_array_unref);
  g_clear_pointer (&details->partners, g_ptr_array_unref);
  g_clear_pointer (&details->activity, ta_activity_free);
  g_free (details);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
load_header (TaDb           *db,
             gint64          town_id,
             TaTownDetails  *details,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT t.id, t.name, t.name_native, t.country_code, coalesce (t.region_id, 0),"
                         "       t.lat, t.lon, coalesce (t.population, -1),"
                         "       coalesce (c.%s, c.name_en), r.name"
                         "  FROM town t"
                         "  LEFT JOIN country c ON c.code = t.country_code"
                         "  LEFT JOIN region r ON r.id = t.region_id"
                         " WHERE t.id = ?1",
                         ta_country_name_column ());
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                   _("Town %" PRId64 " does not exist"), town_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the town"));
      return FALSE;
    }

  details->town.id = sqlite3_column_int64 (stmt, 0);
  details->town.name = column_text (stmt, 1);
  details->town.name_native = column_text (stmt, 2);
  details->town.country_code = column_text (stmt, 3);
  details->town.region_id = sqlite3_column_int64 (stmt, 4);
  details->town.lat = sqlite3_column_double (stmt, 5);
  details->town.lon = sqlite3_column_double (stmt, 6);
  details->town.population = sqlite3_column_int64 (stmt, 7);
  details->country_name = column_text (stmt, 8);
  details->region_name = column_text (stmt, 9);

  return TRUE;
}

static gboolean
load_names (TaDb           *db,
            gint64          town_id,
            TaTownDetails  *details,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Exonyms first: they are what a reader of another language knows. */
  stmt = ta_db_prepare (db,
                        "SELECT name, lang, kind FROM town_name WHERE town_id = ?1"
                        " ORDER BY kind != 'exonym', kind, name",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaTownName *name = g_new0 (TaTownName, 1);

      name->name = column_text (stmt, 0);
      name->lang = column_text (stmt, 1);
      name->kind = column_text (stmt, 2);
      g_ptr_array_add (details->names, name);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the town’s names"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_partners (TaDb           *db,
               gint64          town_id,
               TaTownDetails  *details,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT l.id, l.town_a, l.town_b, l.kind, l.status,"
                         "       coalesce (l.start_year, 0), coalesce (l.end_year, 0), l.note,"
                         "       p.id, p.name, p.name_native, p.country_code, coalesce (c.%s, c.name_en),"
                         "       p.lat, p.lon,"
                         "       (SELECT count(*) FROM exchange e WHERE e.link_id = l.id)"
                         "  FROM link l"
                         "  JOIN town p ON p.id = CASE WHEN l.town_a = ?1 THEN l.town_b ELSE l.town_a END"
                         "  LEFT JOIN country c ON c.code = p.country_code"
                         " WHERE l.town_a = ?1 OR l.town_b = ?1",
                         ta_country_name_column ());
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, town_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaPartner *partner = g_new0 (TaPartner, 1);

      partner->link.id = sqlite3_column_int64 (stmt, 0);
      partner->link.town_a = sqlite3_column_int64 (stmt, 1);
      partner->link.town_b = sqlite3_column_int64 (stmt, 2);
      partner->link.kind = column_text (stmt, 3);
      partner->link.status = column_text (stmt, 4);
      partner->link.start_year = sqlite3_column_int (stmt, 5);
      partner->link.end_year = sqlite3_column_int (stmt, 6);
      partner->link.note = column_text (stmt, 7);
      partner->partner_id = sqlite3_column_int64 (stmt, 8);
      partner->partner_name = column_text (stmt, 9);
      partner->partner_native = column_text (stmt, 10);
      partner->country_code = column_text (stmt, 11);
      partner->country_name = column_text (stmt, 12);
      partner->lat = sqlite3_column_double (stmt, 13);
      partner->lon = sqlite3_column_double (stmt, 14);
      partner->n_exchanges = (guint) sqlite3_column_int (stmt, 15);
      partner->distance_km = ta_geo_distance_km (details->town.lat, details->town.lon,
                                                 partner->lat, partner->lon);
      partner->name_key = g_utf8_collate_key (partner->partner_name, -1);
      if (partner->country_name != NULL)
        partner->country_key = g_utf8_collate_key (partner->country_name, -1);
      g_ptr_array_add (details->partners, partner);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the town’s partners"));
      return FALSE;
    }

  return TRUE;
}

/**
 * ta_town_details_load:
 * @db: the atlas
 * @town_id: the town
 *
 * Returns: (transfer full): the town's header, names, sources, partners
 *   (sorted by name), exchanges, funding and history, or %NULL
 */
TaTownDetails *
ta_town_details_load (TaDb     *db,
                      gint64    town_id,
                      GError  **error)
{
  g_autoptr(TaTownDetails) details = g_new0 (TaTownDetails, 1);

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  details->town.population = -1;
  details->names = g_ptr_array_new_with_free_func ((GDestroyNotify) town_name_free);
  details->partners = g_ptr_array_new_with_free_func ((GDestroyNotify) partner_free);

  if (!load_header (db, town_id, details, error) ||
      !load_names (db, town_id, details, error) ||
      !load_partners (db, town_id, details, error))
    return NULL;

  details->sources = ta_sources_for_town (db, town_id, error);
  if (details->sources == NULL)
    return NULL;

  details->activity = ta_activity_load_for_town (db, town_id, error);
  if (details->activity == NULL)
    return NULL;

  ta_town_details_sort_partners (details, TA_PARTNER_SORT_NAME);
  return g_steal_pointer (&details);
}

/* Sorting */

static int
compare_names (const TaPartner *a,
               const TaPartner *b)
{
  int order = g_strcmp0 (a->name_key, b->name_key);

  return order != 0 ? order : (a->link.id > b->link.id) - (a->link.id < b->link.id);
}

static int
compare_by_name (gconstpointer pa,
                 gconstpointer pb)
{
  return compare_names (*(const TaPartner **) pa, *(const TaPartner **) pb);
}

static int
compare_by_country (gconstpointer pa,
                    gconstpointer pb)
{
  const TaPartner *a = *(const TaPartner **) pa;
  const TaPartner *b = *(const TaPartner **) pb;

  if ((a->country_key == NULL) != (b->country_key == NULL))
    return a->country_key == NULL ? 1 : -1;
  if (a->country_key != NULL && strcmp (a->country_key, b->country_key) != 0)
    return strcmp (a->country_key, b->country_key);

  return compare_names (a, b);
}

static int
compare_by_year (gconstpointer pa,
                 gconstpointer pb)
{
  const TaPartner *a = *(const TaPartner **) pa;
  const TaPartner *b = *(const TaPartner **) pb;

  if ((a->link.start_year == 0) != (b->link.start_year == 0))
    return a->link.start_year == 0 ? 1 : -1;
  if (a->link.start_year != b->link.start_year)
    return a->link.start_year - b->link.start_year;

  return compare_names (a, b);
}

void
ta_town_details_sort_partners (TaTownDetails *details,
                               TaPartnerSort  sort)
{
  g_return_if_fail (details != NULL);

  switch (sort)
    {
    case TA_PARTNER_SORT_NAME:
      g_ptr_array_sort (details->partners, compare_by_name);
      break;
    case TA_PARTNER_SORT_COUNTRY:
      g_ptr_array_sort (details->partners, compare_by_country);
      break;
    case TA_PARTNER_SORT_YEAR:
      g_ptr_array_sort (details->partners, compare_by_year);
      break;
    default:
      g_return_if_reached ();
    }
}

/**
 * ta_town_details_find_partner:
 *
 * Returns: (transfer none) (nullable): the partner joined by @link_id
 */
const TaPartner *
ta_town_details_find_partner (TaTownDetails *details,
                              gint64         link_id)
{
  g_return_val_if_fail (details != NULL, NULL);

  for (guint i = 0; i < details->partners->len; i++)
    {
      const TaPartner *partner = g_ptr_array_index (details->partners, i);

      if (partner->link.id == link_id)
        return partner;
    }

  return NULL;
}
