/* ta-stats.c: counts over the atlas, or over the links a filter selects
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every count runs over the filter's selected_link / selected_town tables
 * (see ta-filter-private.h), so the statistics view, the map and
 * `twin-atlas-cli stats` count exactly the links the filter selects.
 * Countries of links are link's own copies (country_a, country_b: schema
 * version 2).
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-filter-private.h"
#include "ta-stats.h"

static const double default_distance_edges[] = { 0, 50, 100, 250, 500, 1000, 2000, 5000 };

void
ta_stats_row_free (TaStatsRow *row)
{
  if (row == NULL)
    return;

  g_free (row->key);
  g_free (row->funder);
  g_free (row->currency);
  g_free (row);
}

static GPtrArray *
rows_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ta_stats_row_free);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
finish_rows (TaDb          *db,
             int            rc,
             GError       **error)
{
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not count"));
      return FALSE;
    }

  return TRUE;
}

/* Fills @row from the current result row of a statement. */
typedef void (*RowReader) (sqlite3_stmt *stmt,
                           TaStatsRow   *row);

/* Steps @stmt to its end: one row per result row, filled by @read_row. */
static GPtrArray *
read_rows (TaDb          *db,
           sqlite3_stmt  *stmt,
           RowReader      read_row,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = rows_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaStatsRow *row = g_new0 (TaStatsRow, 1);

      read_row (stmt, row);
      g_ptr_array_add (rows, row);
    }

  if (!finish_rows (db, rc, error))
    return NULL;

  return g_steal_pointer (&rows);
}

/* Runs "@with @select" of @query; one row per result row, see read_rows(). */
static GPtrArray *
select_rows (TaDb           *db,
             TaFilterQuery  *query,
             const char     *select,
             RowReader       read_row,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, select, error);

  if (stmt == NULL)
    return NULL;

  return read_rows (db, stmt, read_row, error);
}

static void
read_key_count (sqlite3_stmt *stmt,
                TaStatsRow   *row)
{
  row->key = column_text (stmt, 0);
  row->count = sqlite3_column_int64 (stmt, 1);
}

static void
read_year_count (sqlite3_stmt *stmt,
                 TaStatsRow   *row)
{
  row->year = sqlite3_column_int (stmt, 0);
  row->count = sqlite3_column_int64 (stmt, 1);
}

static void
read_key_year_count (sqlite3_stmt *stmt,
                     TaStatsRow   *row)
{
  row->key = column_text (stmt, 0);
  row->year = sqlite3_column_int (stmt, 1);
  row->count = sqlite3_column_int64 (stmt, 2);
}

static void
read_funding (sqlite3_stmt *stmt,
              TaStatsRow   *row)
{
  row->programme_id = sqlite3_column_int64 (stmt, 0);
  row->key = column_text (stmt, 1);
  row->funder = column_text (stmt, 2);
  row->currency = column_text (stmt, 3);
  row->year = sqlite3_column_int (stmt, 4);
  row->amount_minor = sqlite3_column_int64 (stmt, 5);
  row->count = sqlite3_column_int64 (stmt, 6);
}

/* Runs "@with @select"; rows of (text key, count). */
static GPtrArray *
key_counts (TaDb           *db,
            TaFilterQuery  *query,
            const char     *select,
            const char     *text_param,
            const char     *text_value,
            gint64          limit,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, select, error);

  if (stmt == NULL)
    return NULL;

  if (text_param != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, text_param), text_value, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_index (stmt, ":limit") > 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);

  return read_rows (db, stmt, read_key_count, error);
}

static GPtrArray *
links_per_country (TaDb           *db,
                   TaFilterQuery  *query,
                   guint           top_n,
                   GError        **error)
{
  return key_counts (db, query,
                     "SELECT country, count(*) AS n FROM ("
                     "  SELECT l.country_a AS country FROM link l WHERE l.id IN (SELECT id FROM selected_link)"
                     "  UNION ALL"
                     "  SELECT l.country_b FROM link l WHERE l.id IN (SELECT id FROM selected_link)"
                     "   AND l.country_b IS NOT l.country_a)"
                     " WHERE country IS NOT NULL GROUP BY country ORDER BY n DESC, country LIMIT :limit",
                     NULL, NULL, top_n > 0 ? (gint64) top_n : -1, error);
}

GPtrArray *
ta_stats_links_per_country (TaDb      *db,
                            TaFilter  *filter,
                            guint      top_n,
                            GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);

  query = ta_filter_query_new (filter);
  return links_per_country (db, query, top_n, error);
}

static GPtrArray *
partner_countries (TaDb           *db,
                   TaFilterQuery  *query,
                   const char     *country_code,
                   GError        **error)
{
  return key_counts (db, query,
                     "SELECT CASE WHEN l.country_a = :country THEN l.country_b ELSE l.country_a END AS partner,"
                     "  count(*) AS n FROM link l"
                     " WHERE l.id IN (SELECT id FROM selected_link) AND :country IN (l.country_a, l.country_b)"
                     " GROUP BY partner ORDER BY n DESC, partner IS NULL, partner",
                     ":country", country_code, -1, error);
}

GPtrArray *
ta_stats_partner_countries (TaDb        *db,
                            TaFilter    *filter,
                            const char  *country_code,
                            GError     **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);
  g_return_val_if_fail (country_code != NULL, NULL);

  query = ta_filter_query_new (filter);
  return partner_countries (db, query, country_code, error);
}

static GPtrArray *
links_per_start_year (TaDb           *db,
                      TaFilterQuery  *query,
                      GError        **error)
{
  return select_rows (db, query,
                      "SELECT l.start_year, count(*) FROM link l"
                      " WHERE l.id IN (SELECT id FROM selected_link)"
                      " GROUP BY l.start_year ORDER BY l.start_year IS NULL, l.start_year",
                      read_year_count, error);
}

GPtrArray *
ta_stats_links_per_start_year (TaDb      *db,
                               TaFilter  *filter,
                               GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);

  query = ta_filter_query_new (filter);
  return links_per_start_year (db, query, error);
}

static GPtrArray *
exchanges_per_kind_and_year (TaDb           *db,
                             TaFilterQuery  *query,
                             GError        **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT e.kind, e.year, count(*) FROM exchange e WHERE %s"
                                             " GROUP BY e.kind, e.year ORDER BY e.kind, e.year",
                                             ta_filter_query_get_exchange_condition (query));

  return select_rows (db, query, select, read_key_year_count, error);
}

GPtrArray *
ta_stats_exchanges_per_kind_and_year (TaDb      *db,
                                      TaFilter  *filter,
                                      GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);

  query = ta_filter_query_new (filter);
  return exchanges_per_kind_and_year (db, query, error);
}

static GPtrArray *
funding_per_programme_and_year (TaDb           *db,
                                TaFilterQuery  *query,
                                GError        **error)
{
  /* Funding outside programmes is grouped by its funder. */
  g_autofree char *select =
    g_strdup_printf ("SELECT p.id, p.name, coalesce (p.funder, f.funder) AS who, f.currency, f.year,"
                     "  sum (f.amount_minor), count(*)"
                     " FROM funding f LEFT JOIN programme p ON p.id = f.programme_id WHERE %s"
                     " GROUP BY p.id, who, f.currency, f.year"
                     " ORDER BY p.name IS NULL, p.name, who, f.year, f.currency",
                     ta_filter_query_get_funding_condition (query));

  return select_rows (db, query, select, read_funding, error);
}

GPtrArray *
ta_stats_funding_per_programme_and_year (TaDb      *db,
                                         TaFilter  *filter,
                                         GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);

  query = ta_filter_query_new (filter);
  return funding_per_programme_and_year (db, query, error);
}

static GPtrArray *
distance_histogram (TaDb           *db,
                    TaFilterQuery  *query,
                    const double   *edges,
                    guint           n_edges,
                    GError        **error)
{
  g_autoptr(GString) select = g_string_new ("SELECT bin, count(*) FROM (SELECT CASE");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = rows_new ();
  int rc;

  /* The edges travel as parameters :edge0… like any other value. */
  for (guint i = 1; i < n_edges; i++)
    g_string_append_printf (select, " WHEN l.distance_km < :edge%u THEN %u", i, i - 1);
  g_string_append_printf (select, " ELSE %u END AS bin FROM link l"
                                  " WHERE l.id IN (SELECT id FROM selected_link) AND l.distance_km >= :edge0)"
                                  " GROUP BY bin", n_edges - 1);

  stmt = ta_filter_query_prepare (query, db, select->str, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_edges; i++)
    {
      g_autofree char *name = g_strdup_printf (":edge%u", i);
      int index = sqlite3_bind_parameter_index (stmt, name);

      if (index > 0)
        sqlite3_bind_double (stmt, index, edges[i]);
    }

  for (guint i = 0; i < n_edges; i++)
    {
      TaStatsRow *row = g_new0 (TaStatsRow, 1);

      row->min_km = edges[i];
      row->max_km = i + 1 < n_edges ? edges[i + 1] : -1;
      g_ptr_array_add (rows, row);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int bin = sqlite3_column_int (stmt, 0);

      if (bin >= 0 && (guint) bin < n_edges)
        ((TaStatsRow *) g_ptr_array_index (rows, bin))->count = sqlite3_column_int64 (stmt, 1);
    }

  if (!finish_rows (db, rc, error))
    return NULL;

  return g_steal_pointer (&rows);
}

GPtrArray *
ta_stats_distance_histogram (TaDb          *db,
                             TaFilter      *filter,
                             const double  *edges,
                             guint          n_edges,
                             GError       **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);
  g_return_val_if_fail (edges == NULL || n_edges > 0, NULL);

  if (edges == NULL)
    {
      edges = default_distance_edges;
      n_edges = G_N_ELEMENTS (default_distance_edges);
    }

  for (guint i = 1; i < n_edges; i++)
    g_return_val_if_fail (edges[i] > edges[i - 1], NULL);

  query = ta_filter_query_new (filter);
  return distance_histogram (db, query, edges, n_edges, error);
}

/* The JSON summary */

static gboolean
add_count (JsonBuilder    *builder,
           TaDb           *db,
           TaFilterQuery  *query,
           const char     *member,
           const char     *select,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, select, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not count"));
      return FALSE;
    }

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
  return TRUE;
}

/* Like add_count() with the record conditions put into @format. */
static gboolean
add_record_count (JsonBuilder    *builder,
                  TaDb           *db,
                  TaFilterQuery  *query,
                  const char     *member,
                  const char     *format,
                  GError        **error)
{
  g_autofree char *select = NULL;

  /* The formats are this file's constants; they take the two conditions. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  select = g_strdup_printf (format, ta_filter_query_get_exchange_condition (query),
                            ta_filter_query_get_funding_condition (query));
#pragma GCC diagnostic pop

  return add_count (builder, db, query, member, select, error);
}

static void
add_key_counts (JsonBuilder *builder,
                const char  *member,
                GPtrArray   *rows)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (rows, i);

      json_builder_set_member_name (builder, row->key != NULL ? row->key : "unknown");
      json_builder_add_int_value (builder, row->count);
    }
  json_builder_end_object (builder);
}

/* @select yields (key, count) rows, sorted as they should appear. */
static gboolean
add_breakdown (JsonBuilder    *builder,
               TaDb           *db,
               TaFilterQuery  *query,
               const char     *member,
               const char     *select,
               GError        **error)
{
  g_autoptr(GPtrArray) rows = key_counts (db, query, select, NULL, NULL, -1, error);

  if (rows == NULL)
    return FALSE;

  add_key_counts (builder, member, rows);
  return TRUE;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
add_new_breakdowns (JsonBuilder    *builder,
                    TaDb           *db,
                    TaFilterQuery  *query,
                    const char     *partners_of,
                    GError        **error)
{
  g_autoptr(GPtrArray) years = links_per_start_year (db, query, error);
  g_autoptr(GPtrArray) partners = NULL;
  g_autoptr(GPtrArray) exchanges = NULL;
  g_autoptr(GPtrArray) funding = NULL;
  g_autoptr(GPtrArray) bins = NULL;

  if (years == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "links_per_start_year");
  json_builder_begin_object (builder);
  for (guint i = 0; i < years->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (years, i);
      g_autofree char *year = row->year != 0 ? g_strdup_printf ("%d", row->year) : g_strdup ("unknown");

      json_builder_set_member_name (builder, year);
      json_builder_add_int_value (builder, row->count);
    }
  json_builder_end_object (builder);

  if (partners_of != NULL)
    {
      if (!(partners = partner_countries (db, query, partners_of, error)))
        return FALSE;

      json_builder_set_member_name (builder, "partner_countries");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "country");
      json_builder_add_string_value (builder, partners_of);
      add_key_counts (builder, "partners", partners);
      json_builder_end_object (builder);
    }

  if (!(exchanges = exchanges_per_kind_and_year (db, query, error)))
    return FALSE;
  json_builder_set_member_name (builder, "exchanges_per_kind_and_year");
  json_builder_begin_array (builder);
  for (guint i = 0; i < exchanges->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (exchanges, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "kind", row->key);
      json_builder_set_member_name (builder, "year");
      json_builder_add_int_value (builder, row->year);
      json_builder_set_member_name (builder, "exchanges");
      json_builder_add_int_value (builder, row->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (!(funding = funding_per_programme_and_year (db, query, error)))
    return FALSE;
  json_builder_set_member_name (builder, "funding_per_programme_and_year");
  json_builder_begin_array (builder);
  for (guint i = 0; i < funding->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (funding, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "programme_id");
      if (row->programme_id != 0)
        json_builder_add_int_value (builder, row->programme_id);
      else
        json_builder_add_null_value (builder);
      add_nullable_string (builder, "programme", row->key);
      add_nullable_string (builder, "funder", row->funder);
      json_builder_set_member_name (builder, "year");
      json_builder_add_int_value (builder, row->year);
      add_nullable_string (builder, "currency", row->currency);
      json_builder_set_member_name (builder, "amount_minor");
      json_builder_add_int_value (builder, row->amount_minor);
      json_builder_set_member_name (builder, "records");
      json_builder_add_int_value (builder, row->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (!(bins = distance_histogram (db, query, default_distance_edges,
                                   G_N_ELEMENTS (default_distance_edges), error)))
    return FALSE;
  json_builder_set_member_name (builder, "distance_histogram");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bins->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (bins, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "min_km");
      json_builder_add_double_value (builder, row->min_km);
      json_builder_set_member_name (builder, "max_km");
      if (row->max_km >= 0)
        json_builder_add_double_value (builder, row->max_km);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "links");
      json_builder_add_int_value (builder, row->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

static gboolean
collect (JsonBuilder    *builder,
         TaDb           *db,
         TaFilter       *filter,
         TaFilterQuery  *query,
         const char     *partners_of,
         GError        **error)
{
  g_autoptr(GPtrArray) per_country = NULL;

  if (filter != NULL)
    {
      g_autofree char *description = ta_filter_describe (filter, db);
      g_autoptr(GVariant) criteria = g_variant_ref_sink (ta_filter_to_variant (filter));

      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, description);
      json_builder_set_member_name (builder, "filter");
      json_builder_add_value (builder, json_gvariant_serialize (criteria));
    }

  if (!add_count (builder, db, query, "towns", "SELECT count(*) FROM selected_town", error) ||
      !add_count (builder, db, query, "links", "SELECT count(*) FROM selected_link", error) ||
      !add_count (builder, db, query, "countries",
                  "SELECT count(DISTINCT country_code) FROM town"
                  " WHERE id IN (SELECT id FROM selected_town) AND country_code IS NOT NULL", error) ||
      !add_count (builder, db, query, "regions",
                  "SELECT count(DISTINCT region_id) FROM town"
                  " WHERE id IN (SELECT id FROM selected_town) AND region_id IS NOT NULL", error) ||
      (filter == NULL
       ? !add_count (builder, db, query, "programmes", "SELECT count(*) FROM programme", error)
       : !add_record_count (builder, db, query, "programmes",
                            "SELECT count(*) FROM ("
                            " SELECT e.programme_id AS p FROM exchange e WHERE %s"
                            " UNION SELECT f.programme_id FROM funding f WHERE %s) WHERE p IS NOT NULL",
                            error)) ||
      !add_record_count (builder, db, query, "exchanges",
                         "SELECT count(*) FROM exchange e WHERE %s%.0s", error) ||
      !add_record_count (builder, db, query, "funding",
                         "SELECT count(*) FROM funding f WHERE %.0s%s", error) ||
      !add_count (builder, db, query, "events",
                  "SELECT count(*) FROM link_event WHERE link_id IN (SELECT id FROM selected_link)", error))
    return FALSE;

  if (!(per_country = links_per_country (db, query, 0, error)))
    return FALSE;
  add_key_counts (builder, "links_per_country", per_country);

  return add_breakdown (builder, db, query, "towns_per_country",
                        "SELECT country_code, count(*) AS n FROM town"
                        " WHERE id IN (SELECT id FROM selected_town) AND country_code IS NOT NULL"
                        " GROUP BY country_code ORDER BY n DESC, country_code", error) &&
         add_breakdown (builder, db, query, "regions_with_towns",
                        "SELECT r.country_code, count(DISTINCT r.id) AS n FROM region r"
                        " JOIN town t ON t.region_id = r.id WHERE t.id IN (SELECT id FROM selected_town)"
                        " GROUP BY r.country_code ORDER BY n DESC, r.country_code", error) &&
         add_breakdown (builder, db, query, "links_per_kind",
                        "SELECT kind, count(*) AS n FROM link WHERE id IN (SELECT id FROM selected_link)"
                        " GROUP BY kind ORDER BY n DESC, kind", error) &&
         add_breakdown (builder, db, query, "links_per_status",
                        "SELECT status, count(*) AS n FROM link WHERE id IN (SELECT id FROM selected_link)"
                        " GROUP BY status ORDER BY n DESC, status", error) &&
         add_breakdown (builder, db, query, "links_per_source",
                        "SELECT source_id, count(*) AS n FROM link_source"
                        " WHERE link_id IN (SELECT id FROM selected_link)"
                        " GROUP BY source_id ORDER BY n DESC, source_id", error) &&
         add_breakdown (builder, db, query, "towns_per_source",
                        "SELECT source_id, count(DISTINCT town_id) AS n FROM town_source"
                        " WHERE town_id IN (SELECT id FROM selected_town)"
                        " GROUP BY source_id ORDER BY n DESC, source_id", error) &&
         add_new_breakdowns (builder, db, query, partners_of, error);
}

/**
 * ta_stats_collect_filtered:
 * @filter: (nullable): the filter, or %NULL for the whole atlas
 * @partners_of: (nullable): a country code for partner_countries
 *
 * A link between two towns of one country counts once for that country.
 * The filter runs once, into temporary tables of @db's connection, for all
 * the counts.
 *
 * Returns: (transfer full): the counts as a JSON object, or %NULL
 */
JsonNode *
ta_stats_collect_filtered (TaDb        *db,
                           TaFilter    *filter,
                           const char  *partners_of,
                           GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(TaFilterQuery) query = NULL;
  gboolean ok;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (filter == NULL || TA_IS_FILTER (filter), NULL);

  query = ta_filter_query_new (filter);
  json_builder_begin_object (builder);
  ok = ta_filter_query_materialize (query, db, error) &&
       collect (builder, db, filter, query, partners_of, error);
  ta_filter_query_drop_materialized (query, db);
  if (!ok)
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * ta_stats_collect:
 *
 * Returns: (transfer full): the counts of the whole atlas as a JSON object
 */
JsonNode *
ta_stats_collect (TaDb     *db,
                  GError  **error)
{
  return ta_stats_collect_filtered (db, NULL, NULL, error);
}
