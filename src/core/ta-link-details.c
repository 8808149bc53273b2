/* ta-link-details.c: everything the link view shows, loaded in one go
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* PRId64 rather than G_GINT64_FORMAT in messages: xgettext knows it. */
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ta-geo.h"
#include "ta-link-details.h"
#include "ta-search.h"

static void
town_summary_clear (TaTownSummary *town)
{
  g_clear_pointer (&town->name, g_free);
  g_clear_pointer (&town->name_native, g_free);
  g_clear_pointer (&town->country_code, g_free);
  g_clear_pointer (&town->country_name, g_free);
}

void
ta_link_details_free (TaLinkDetails *details)
{
  if (details == NULL)
    return;

  ta_link_record_clear (&details->link);
  town_summary_clear (&details->town_a);
  town_summary_clear (&details->town_b);
  g_clear_pointer (&details->sources, g_ptr_array_unref);
  g_clear_pointer (&details->activity, ta_activity_free);
  g_free (details);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
read_town (sqlite3_stmt  *stmt,
           int            first_column,
           TaTownSummary *town)
{
  town->id = sqlite3_column_int64 (stmt, first_column);
  town->name = column_text (stmt, first_column + 1);
  town->name_native = column_text (stmt, first_column + 2);
  town->country_code = column_text (stmt, first_column + 3);
  town->country_name = column_text (stmt, first_column + 4);
  town->lat = sqlite3_column_double (stmt, first_column + 5);
  town->lon = sqlite3_column_double (stmt, first_column + 6);
}

static gboolean
load_link (TaDb           *db,
           gint64          link_id,
           TaLinkDetails  *details,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  const char *country_column = ta_country_name_column ();
  int rc;

  sql = g_strdup_printf ("SELECT l.id, l.town_a, l.town_b, l.kind, l.status,"
                         "       coalesce (l.start_year, 0), coalesce (l.end_year, 0), l.note,"
                         "       a.id, a.name, a.name_native, a.country_code, coalesce (ca.%s, ca.name_en), a.lat, a.lon,"
                         "       b.id, b.name, b.name_native, b.country_code, coalesce (cb.%s, cb.name_en), b.lat, b.lon"
                         "  FROM link l"
                         "  JOIN town a ON a.id = l.town_a"
                         "  JOIN town b ON b.id = l.town_b"
                         "  LEFT JOIN country ca ON ca.code = a.country_code"
                         "  LEFT JOIN country cb ON cb.code = b.country_code"
                         " WHERE l.id = ?1",
                         country_column, country_column);
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, link_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_NOT_FOUND,
                   _("Link %" PRId64 " does not exist"), link_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the link"));
      return FALSE;
    }

  details->link.id = sqlite3_column_int64 (stmt, 0);
  details->link.town_a = sqlite3_column_int64 (stmt, 1);
  details->link.town_b = sqlite3_column_int64 (stmt, 2);
  details->link.kind = column_text (stmt, 3);
  details->link.status = column_text (stmt, 4);
  details->link.start_year = sqlite3_column_int (stmt, 5);
  details->link.end_year = sqlite3_column_int (stmt, 6);
  details->link.note = column_text (stmt, 7);
  read_town (stmt, 8, &details->town_a);
  read_town (stmt, 15, &details->town_b);
  details->distance_km = ta_geo_distance_km (details->town_a.lat, details->town_a.lon,
                                             details->town_b.lat, details->town_b.lon);

  return TRUE;
}

/**
 * ta_link_details_load:
 * @db: the atlas
 * @link_id: the link
 *
 * Returns: (transfer full): both towns, the link's fields, distance,
 *   sources, exchanges, funding and history, or %NULL
 */
TaLinkDetails *
ta_link_details_load (TaDb     *db,
                      gint64    link_id,
                      GError  **error)
{
  g_autoptr(TaLinkDetails) details = g_new0 (TaLinkDetails, 1);

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  if (!load_link (db, link_id, details, error))
    return NULL;

  details->sources = ta_sources_for_link (db, link_id, error);
  if (details->sources == NULL)
    return NULL;

  details->activity = ta_activity_load_for_link (db, link_id, error);
  if (details->activity == NULL)
    return NULL;

  return g_steal_pointer (&details);
}
