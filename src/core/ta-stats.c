/* ta-stats.c: counts over the atlas
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ta-stats.h"

static gboolean
add_count (JsonBuilder  *builder,
           TaDb         *db,
           const char   *member,
           const char   *sql,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      return FALSE;
    }

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  return TRUE;
}

/* @sql yields (key, count) rows, sorted as they should appear. */
static gboolean
add_breakdown (JsonBuilder  *builder,
               TaDb         *db,
               const char   *member,
               const char   *sql,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      json_builder_set_member_name (builder, key ? key : "unknown");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
    }

  json_builder_end_object (builder);

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * ta_stats_collect:
 *
 * A link between two towns of one country counts once for that country.
 *
 * Returns: (transfer full): the counts as a JSON object
 */
JsonNode *
ta_stats_collect (TaDb     *db,
                  GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  json_builder_begin_object (builder);

  if (!add_count (builder, db, "towns", "SELECT count(*) FROM town", error) ||
      !add_count (builder, db, "links", "SELECT count(*) FROM link", error) ||
      !add_count (builder, db, "countries",
                  "SELECT count(DISTINCT country_code) FROM town WHERE country_code IS NOT NULL", error) ||
      !add_count (builder, db, "regions",
                  "SELECT count(DISTINCT region_id) FROM town WHERE region_id IS NOT NULL", error) ||
      !add_count (builder, db, "programmes", "SELECT count(*) FROM programme", error) ||
      !add_count (builder, db, "exchanges", "SELECT count(*) FROM exchange", error) ||
      !add_count (builder, db, "funding", "SELECT count(*) FROM funding", error) ||
      !add_count (builder, db, "events", "SELECT count(*) FROM link_event", error) ||
      !add_breakdown (builder, db, "links_per_country",
                      "SELECT country, count(*) AS n FROM ("
                      "  SELECT l.id, ta.country_code AS country FROM link l JOIN town ta ON ta.id = l.town_a"
                      "  UNION"
                      "  SELECT l.id, tb.country_code FROM link l JOIN town tb ON tb.id = l.town_b)"
                      " WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country", error) ||
      !add_breakdown (builder, db, "towns_per_country",
                      "SELECT country_code, count(*) AS n FROM town WHERE country_code IS NOT NULL"
                      " GROUP BY country_code ORDER BY n DESC, country_code", error) ||
      !add_breakdown (builder, db, "regions_with_towns",
                      "SELECT r.country_code, count(DISTINCT r.id) AS n FROM region r"
                      " JOIN town t ON t.region_id = r.id GROUP BY r.country_code"
                      " ORDER BY n DESC, r.country_code", error) ||
      !add_breakdown (builder, db, "links_per_kind",
                      "SELECT kind, count(*) AS n FROM link GROUP BY kind ORDER BY n DESC, kind", error) ||
      !add_breakdown (builder, db, "links_per_status",
                      "SELECT status, count(*) AS n FROM link GROUP BY status ORDER BY n DESC, status", error) ||
      !add_breakdown (builder, db, "links_per_source",
                      "SELECT source_id, count(*) AS n FROM link_source GROUP BY source_id"
                      " ORDER BY n DESC, source_id", error) ||
      !add_breakdown (builder, db, "towns_per_source",
                      "SELECT source_id, count(DISTINCT town_id) AS n FROM town_source GROUP BY source_id"
                      " ORDER BY n DESC, source_id", error))
    return NULL;

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
