/* ta-filter-query.c: a filter as one SQL statement, and its evaluation
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaFilterQuery snapshots the criteria as SQL with named parameters (what
 * each criterion means is written at the top of ta-filter.c); the
 * statistics read it too.  ta_filter_select_links() and _towns() run it in
 * this thread, ta_filter_select_links_async() in a worker on a pooled
 * read-only connection.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ta-filter-private.h"

#define MAX_IDLE_WORKER_CONNECTIONS 2

struct _TaFilterQuery
{
  char      *with;
  char      *ctes;       /* "WITH …, " before the selection; NULL: whole atlas */
  gboolean   materialized;
  char      *exchange_condition;
  char      *funding_condition;
  GPtrArray *names;    /* ":param" */
  GPtrArray *values;   /* GVariant: s, i or d */
};

void
ta_filter_query_free (TaFilterQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->with);
  g_free (query->ctes);
  g_free (query->exchange_condition);
  g_free (query->funding_condition);
  g_ptr_array_unref (query->names);
  g_ptr_array_unref (query->values);
  g_free (query);
}

static void
add_param (TaFilterQuery *query,
           const char    *name,
           GVariant      *value)
{
  g_ptr_array_add (query->names, g_strdup (name));
  g_ptr_array_add (query->values, g_variant_ref_sink (value));
}

/* A set is bound, never written into the SQL: up to four values as
 * parameters :name_0…, more as one JSON array text read by json_each(). */
#define MAX_SET_PARAMS 4

typedef struct
{
  const char *name;
  guint       n_values;
} BoundSet;

static BoundSet
bind_set (TaFilterQuery      *query,
          const char         *name,
          const char * const *values)
{
  BoundSet set = { name, g_strv_length ((char **) values) };
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (set.n_values <= MAX_SET_PARAMS)
    {
      for (guint i = 0; i < set.n_values; i++)
        {
          g_autofree char *param = g_strdup_printf ("%s_%u", name, i);

          add_param (query, param, g_variant_new_string (values[i]));
        }
      return set;
    }

  array = json_array_new ();
  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  add_param (query, name, g_variant_new_take_string (json_to_string (node, FALSE)));

  return set;
}

/* "@column IN (:name_0, …)" or "@column IN (SELECT value FROM json_each (:name))" */
static char *
set_test (BoundSet    set,
          const char *column)
{
  GString *test;

  if (set.n_values > MAX_SET_PARAMS)
    return g_strdup_printf ("%s IN (SELECT value FROM json_each (%s))", column, set.name);

  test = g_string_new (NULL);
  g_string_append_printf (test, "%s IN (", column);
  for (guint i = 0; i < set.n_values; i++)
    g_string_append_printf (test, "%s%s_%u", i > 0 ? ", " : "", set.name, i);
  g_string_append_c (test, ')');

  return g_string_free (test, FALSE);
}

/* Rows named by a set of names (or codes) or of ids in decimal text. */
static char *
name_or_id (BoundSet    set,
            const char *column)
{
  g_autofree char *by_name = set_test (set, column);
  g_autofree char *by_id = set_test (set, "CAST (id AS TEXT)");

  return g_strdup_printf ("(%s OR %s)", by_name, by_id);
}

/* "@first AND @second", or @first alone when there is no @second. */
static char *
and_also (const char *first,
          const char *second)
{
  if (second == NULL)
    return g_strdup (first);

  return g_strconcat (first, " AND ", second, NULL);
}

/* "One end here, or the other": the query becomes two index searches,
 * "first" and "second but not first", joined by UNION ALL, which SQLite
 * runs much faster than one search with OR (no duplicates to weed out). */
typedef struct
{
  char *first;
  char *second;
  char *not_first;   /* exactly NOT first, NULLs included */
} Either;

static void
either_clear (Either *either)
{
  g_clear_pointer (&either->first, g_free);
  g_clear_pointer (&either->second, g_free);
  g_clear_pointer (&either->not_first, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Either, either_clear)

/* Countries are compared on link's own copies (schema version 2), so a
 * country criterion reads only its part of a link_filter index; regions
 * pick towns first and reach their links through the town_a and town_b
 * indexes. */
static void
add_places (TaFilter      *filter,
            TaFilterQuery *query,
            GPtrArray     *ctes,
            GPtrArray     *where,
            Either        *either)
{
  BoundSet countries = { NULL, 0 };

  if (filter->countries[0] != NULL)
    countries = bind_set (query, ":countries", (const char * const *) filter->countries);

  if (filter->regions[0] != NULL)
    {
      BoundSet regions = bind_set (query, ":regions", (const char * const *) filter->regions);
      g_autofree char *which = name_or_id (regions, "iso_code");

      g_ptr_array_add (ctes, g_strdup_printf ("region_town(id) AS (SELECT id FROM town"
                                              " WHERE region_id IN (SELECT id FROM region WHERE %s))", which));
      if (countries.n_values > 0)
        {
          g_autofree char *country_a = set_test (countries, "l.country_a");
          g_autofree char *country_b = set_test (countries, "l.country_b");

          either->first = g_strdup_printf ("l.town_a IN (SELECT id FROM region_town) AND %s", country_b);
          either->second = g_strdup_printf ("l.town_b IN (SELECT id FROM region_town) AND %s", country_a);
          either->not_first = g_strdup_printf ("(l.town_a NOT IN (SELECT id FROM region_town)"
                                               " OR l.country_b IS NULL OR NOT %s)", country_b);
        }
      else
        {
          either->first = g_strdup ("l.town_a IN (SELECT id FROM region_town)");
          either->second = g_strdup ("l.town_b IN (SELECT id FROM region_town)");
          either->not_first = g_strdup ("l.town_a NOT IN (SELECT id FROM region_town)");
        }
    }
  else if (countries.n_values > 0)
    {
      g_autofree char *country_a = set_test (countries, "l.country_a");
      g_autofree char *country_b = set_test (countries, "l.country_b");

      if (filter->country_mode == TA_FILTER_COUNTRIES_BETWEEN_ONLY)
        g_ptr_array_add (where, g_strdup_printf ("%s AND %s", country_a, country_b));
      else
        {
          either->first = g_strdup (country_a);
          either->second = g_strdup (country_b);
          either->not_first = g_strdup_printf ("(l.country_a IS NULL OR NOT %s)", country_a);
        }
    }

  if (filter->cross_border_only)
    g_ptr_array_add (where, g_strdup ("l.country_a <> l.country_b"));
}

/* Programmes, funders and exchange kinds: which records count, and the
 * links that have one. */
static void
add_records (TaFilter      *filter,
             TaFilterQuery *query,
             GPtrArray     *ctes,
             GPtrArray     *where)
{
  g_autofree char *exchange_match = NULL;
  g_autofree char *funding_match = NULL;
  BoundSet funders = { NULL, 0 };

  if (filter->funders[0] != NULL)
    funders = bind_set (query, ":funders", (const char * const *) filter->funders);

  if (filter->programmes[0] != NULL || funders.n_values > 0)
    {
      g_autoptr(GPtrArray) which = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *condition = NULL;

      if (filter->programmes[0] != NULL)
        g_ptr_array_add (which, name_or_id (bind_set (query, ":programmes",
                                                      (const char * const *) filter->programmes),
                                            "name"));
      if (funders.n_values > 0)
        g_ptr_array_add (which, set_test (funders, "funder"));
      g_ptr_array_add (which, NULL);
      condition = g_strjoinv (" OR ", (char **) which->pdata);
      g_ptr_array_add (ctes, g_strdup_printf ("chosen_programme(id) AS (SELECT id FROM programme WHERE %s)",
                                              condition));

      exchange_match = g_strdup ("e.programme_id IN (SELECT id FROM chosen_programme)");
      if (funders.n_values > 0)
        {
          g_autofree char *named = set_test (funders, "f.funder");

          funding_match = g_strdup_printf ("(f.programme_id IN (SELECT id FROM chosen_programme) OR %s)", named);
        }
      else
        funding_match = g_strdup ("f.programme_id IN (SELECT id FROM chosen_programme)");
    }

  if (filter->exchange_kinds[0] != NULL)
    {
      BoundSet kinds = bind_set (query, ":exchange_kinds", (const char * const *) filter->exchange_kinds);
      g_autofree char *kind_test = set_test (kinds, "e.kind");
      char *both = and_also (kind_test, exchange_match);

      g_free (exchange_match);
      exchange_match = both;
      g_ptr_array_add (where, g_strdup_printf ("l.id IN (SELECT e.link_id FROM exchange e WHERE %s)",
                                               exchange_match));
    }
  else if (exchange_match != NULL)
    g_ptr_array_add (where, g_strdup_printf ("l.id IN (SELECT e.link_id FROM exchange e WHERE %s"
                                             " UNION ALL SELECT f.link_id FROM funding f WHERE %s)",
                                             exchange_match, funding_match));

  query->exchange_condition = and_also ("e.link_id IN (SELECT id FROM selected_link)", exchange_match);
  query->funding_condition = and_also ("f.link_id IN (SELECT id FROM selected_link)", funding_match);
}

static void
add_link_columns (TaFilter      *filter,
                  TaFilterQuery *query,
                  GPtrArray     *where)
{
  const char *or_unknown = filter->unknown_years ? " OR l.start_year IS NULL" : "";

  if (filter->link_kinds[0] != NULL)
    g_ptr_array_add (where, set_test (bind_set (query, ":link_kinds", (const char * const *) filter->link_kinds),
                                      "l.kind"));
  if (filter->statuses[0] != NULL)
    g_ptr_array_add (where, set_test (bind_set (query, ":statuses", (const char * const *) filter->statuses),
                                      "l.status"));

  if (filter->from_year != 0)
    add_param (query, ":from_year", g_variant_new_int32 (filter->from_year));
  if (filter->to_year != 0)
    add_param (query, ":to_year", g_variant_new_int32 (filter->to_year));
  if (filter->from_year != 0 && filter->to_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year BETWEEN :from_year AND :to_year%s)", or_unknown));
  else if (filter->from_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year >= :from_year%s)", or_unknown));
  else if (filter->to_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year <= :to_year%s)", or_unknown));

  if (filter->year_at != 0)
    {
      add_param (query, ":year_at", g_variant_new_int32 (filter->year_at));
      g_ptr_array_add (where, g_strdup_printf ("(l.start_year <= :year_at%s)"
                                               " AND (l.end_year IS NULL OR l.end_year >= :year_at)",
                                               or_unknown));
    }

  if (filter->min_km != 0)
    {
      add_param (query, ":min_km", g_variant_new_double (filter->min_km));
      g_ptr_array_add (where, g_strdup ("l.distance_km >= :min_km"));
    }
  if (filter->max_km != 0)
    {
      add_param (query, ":max_km", g_variant_new_double (filter->max_km));
      g_ptr_array_add (where, g_strdup ("l.distance_km <= :max_km"));
    }
}

#define SELECTED_TOWN                                                                  \
  " selected_town(id) AS (SELECT l.town_a FROM link l"                                 \
  "  WHERE l.id IN (SELECT id FROM selected_link)"                                     \
  "  UNION SELECT l.town_b FROM link l WHERE l.id IN (SELECT id FROM selected_link))"

/**
 * ta_filter_query_new:
 * @filter: (nullable): the filter, or %NULL for the whole atlas
 *
 * Returns: (transfer full): the filter's SQL and parameters
 */
TaFilterQuery *
ta_filter_query_new (TaFilter *filter)
{
  TaFilterQuery *query = g_new0 (TaFilterQuery, 1);
  g_autoptr(GPtrArray) ctes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *condition = NULL;
  g_auto(Either) either = { NULL, NULL, NULL };
  GString *with = g_string_new ("WITH ");

  query->names = g_ptr_array_new_with_free_func (g_free);
  query->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  if (filter == NULL)
    {
      query->with = g_strdup ("WITH selected_link(id) AS (SELECT id FROM link),"
                              " selected_town(id) AS (SELECT id FROM town)");
      query->exchange_condition = g_strdup ("1");
      query->funding_condition = g_strdup ("1");
      g_string_free (with, TRUE);
      return query;
    }

  g_return_val_if_fail (TA_IS_FILTER (filter), query);

  add_places (filter, query, ctes, where, &either);
  add_records (filter, query, ctes, where);
  add_link_columns (filter, query, where);

  for (guint i = 0; i < ctes->len; i++)
    g_string_append_printf (with, "%s, ", (const char *) g_ptr_array_index (ctes, i));
  query->ctes = g_strdup (with->str);

  g_ptr_array_add (where, NULL);
  condition = where->len > 1 ? g_strjoinv (" AND ", (char **) where->pdata) : g_strdup ("1");
  if (either.first != NULL)
    g_string_append_printf (with,
                            "selected_link(id) AS (SELECT l.id FROM link l WHERE %s AND %s"
                            " UNION ALL SELECT l.id FROM link l WHERE %s AND %s AND %s),",
                            either.first, condition, either.second, either.not_first, condition);
  else
    g_string_append_printf (with, "selected_link(id) AS (SELECT l.id FROM link l WHERE %s),", condition);
  g_string_append (with, SELECTED_TOWN);
  query->with = g_string_free (with, FALSE);

  return query;
}

static gboolean
insert_selection (TaFilterQuery  *query,
                  TaDb           *db,
                  const char     *insert,
                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, insert, error);

  return stmt != NULL && ta_db_step_done (db, stmt, error);
}

/**
 * ta_filter_query_materialize:
 *
 * Evaluates the selection once into the temporary tables
 * temp.ta_selected_link and temp.ta_selected_town, which the query's later
 * statements read instead of running the filter again: for the many
 * counts of one statistics summary.  Works on read-only connections too.
 * Undo with ta_filter_query_drop_materialized().
 */
gboolean
ta_filter_query_materialize (TaFilterQuery  *query,
                             TaDb           *db,
                             GError        **error)
{
  if (query->ctes == NULL || query->materialized)
    return TRUE;

  if (!ta_db_exec (db,
                   "DROP TABLE IF EXISTS temp.ta_selected_link;"
                   "DROP TABLE IF EXISTS temp.ta_selected_town;"
                   "CREATE TEMP TABLE ta_selected_link (id INTEGER PRIMARY KEY);"
                   "CREATE TEMP TABLE ta_selected_town (id INTEGER PRIMARY KEY);", error))
    return FALSE;
  query->materialized = TRUE;

  if (!insert_selection (query, db, "INSERT INTO temp.ta_selected_link (id) SELECT id FROM selected_link", error))
    return FALSE;

  g_free (query->with);
  query->with = g_strconcat (query->ctes, "selected_link(id) AS (SELECT id FROM temp.ta_selected_link),",
                             SELECTED_TOWN, NULL);
  if (!insert_selection (query, db, "INSERT INTO temp.ta_selected_town (id) SELECT id FROM selected_town", error))
    return FALSE;

  g_free (query->with);
  query->with = g_strconcat (query->ctes, "selected_link(id) AS (SELECT id FROM temp.ta_selected_link),"
                             " selected_town(id) AS (SELECT id FROM temp.ta_selected_town)", NULL);
  return TRUE;
}

void
ta_filter_query_drop_materialized (TaFilterQuery *query,
                                   TaDb          *db)
{
  if (!query->materialized)
    return;

  ta_db_exec (db, "DROP TABLE IF EXISTS temp.ta_selected_link;"
                  "DROP TABLE IF EXISTS temp.ta_selected_town;", NULL);
  query->materialized = FALSE;
}

const char *
ta_filter_query_get_with (TaFilterQuery *query)
{
  return query->with;
}

const char *
ta_filter_query_get_exchange_condition (TaFilterQuery *query)
{
  return query->exchange_condition;
}

const char *
ta_filter_query_get_funding_condition (TaFilterQuery *query)
{
  return query->funding_condition;
}

gboolean
ta_filter_query_bind (TaFilterQuery  *query,
                      TaDb           *db,
                      sqlite3_stmt   *stmt,
                      GError        **error)
{
  for (guint i = 0; i < query->names->len; i++)
    {
      GVariant *value = g_ptr_array_index (query->values, i);
      int index = sqlite3_bind_parameter_index (stmt, g_ptr_array_index (query->names, i));
      int rc;

      if (index == 0)
        continue;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        rc = sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        rc = sqlite3_bind_int (stmt, index, g_variant_get_int32 (value));
      else
        rc = sqlite3_bind_double (stmt, index, g_variant_get_double (value));

      if (rc != SQLITE_OK)
        {
          ta_db_set_error_from_sqlite (db, error, _("Could not apply the filter"));
          return FALSE;
        }
    }

  return TRUE;
}

sqlite3_stmt *
ta_filter_query_prepare (TaFilterQuery  *query,
                         TaDb           *db,
                         const char     *select,
                         GError        **error)
{
  g_autofree char *sql = g_strconcat (query->with, " ", select, NULL);
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);

  g_debug ("Filter query: %s", sql);

  if (stmt == NULL || !ta_filter_query_bind (query, db, stmt, error))
    return NULL;

  return g_steal_pointer (&stmt);
}

/* Evaluation */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The query has no ORDER BY, so that SQLite may read the ids from whichever
 * index answers fastest; ids are unique and mostly dense, so a bitmap puts
 * them in order in linear time. */
static void
sort_ids (GArray *ids)
{
  gint64 *values = (gint64 *) (gpointer) ids->data;
  gint64 min, max;
  gboolean sorted = TRUE;
  guint64 span;

  if (ids->len < 2)
    return;

  min = max = values[0];
  for (guint i = 1; i < ids->len; i++)
    {
      sorted &= values[i] > values[i - 1];
      min = MIN (min, values[i]);
      max = MAX (max, values[i]);
    }
  if (sorted)
    return;

  /* Unsigned arithmetic: no overflow whatever the ids. */
  span = (guint64) max - (guint64) min;
  if (span / 64 < ids->len)
    {
      g_autofree guint64 *bits = g_new0 (guint64, span / 64 + 1);
      guint n = 0;

      for (guint i = 0; i < ids->len; i++)
        {
          guint64 offset = (guint64) values[i] - (guint64) min;

          bits[offset / 64] |= G_GUINT64_CONSTANT (1) << (offset % 64);
        }
      for (guint64 word = 0; word <= span / 64; word++)
        for (guint64 w = bits[word]; w != 0; w &= w - 1)
          values[n++] = (gint64) ((guint64) min + word * 64 + (guint64) __builtin_ctzll (w));
      g_array_set_size (ids, n);
    }
  else
    g_array_sort (ids, compare_ids);
}

static GArray *
run_id_query (TaFilterQuery  *query,
              TaDb           *db,
              const char     *select,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, select, error);
  g_autoptr(GArray) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not apply the filter"));
      return NULL;
    }

  sort_ids (ids);
  return g_steal_pointer (&ids);
}

/**
 * ta_filter_select_links:
 *
 * Runs the filter as one statement on @db, in the calling thread.
 *
 * Returns: (transfer full) (element-type gint64): the ids of the selected
 *   links in ascending order, or %NULL on error
 */
GArray *
ta_filter_select_links (TaFilter  *self,
                        TaDb      *db,
                        GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  query = ta_filter_query_new (self);
  return run_id_query (query, db, "SELECT id FROM selected_link", error);
}

/**
 * ta_filter_select_towns:
 *
 * Returns: (transfer full) (element-type gint64): the ids of the towns at
 *   either end of a selected link, ascending, or %NULL on error
 */
GArray *
ta_filter_select_towns (TaFilter  *self,
                        TaDb      *db,
                        GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  query = ta_filter_query_new (self);
  return run_id_query (query, db, "SELECT id FROM selected_town", error);
}

/* Worker connections: a sqlite3 handle is used by one thread at a time, so
 * every evaluation in a worker takes a read-only connection of its own from
 * the pool of the main TaDb (opening one the first time: ta_db_open checks
 * the whole file, too slow to repeat per filter change) and gives it back. */
typedef struct
{
  char      *path;
  GMutex     lock;
  GPtrArray *idle;
} WorkerPool;

static void
worker_pool_clear (WorkerPool *pool)
{
  g_free (pool->path);
  g_mutex_clear (&pool->lock);
  g_ptr_array_unref (pool->idle);
}

static void
worker_pool_release (WorkerPool *pool)
{
  g_atomic_rc_box_release_full (pool, (GDestroyNotify) worker_pool_clear);
}

static GQuark
worker_pool_quark (void)
{
  return g_quark_from_static_string ("ta-filter-worker-pool");
}

/* Main thread only: the pool hangs on @db and dies with it. */
static WorkerPool *
worker_pool_acquire_for (TaDb *db)
{
  WorkerPool *pool = g_object_get_qdata (G_OBJECT (db), worker_pool_quark ());

  if (pool == NULL)
    {
      pool = g_atomic_rc_box_new0 (WorkerPool);
      pool->path = g_strdup (ta_db_get_path (db));
      g_mutex_init (&pool->lock);
      pool->idle = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_qdata_full (G_OBJECT (db), worker_pool_quark (), pool,
                               (GDestroyNotify) worker_pool_release);
    }

  return g_atomic_rc_box_acquire (pool);
}

static TaDb *
worker_pool_take (WorkerPool  *pool,
                  GError     **error)
{
  TaDb *db = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->idle->len > 0)
    db = g_ptr_array_steal_index_fast (pool->idle, pool->idle->len - 1);
  g_mutex_unlock (&pool->lock);

  if (db == NULL)
    db = ta_db_open (pool->path, TA_DB_OPEN_READ_ONLY, error);

  return db;
}

static void
worker_pool_give_back (WorkerPool *pool,
                       TaDb       *db)
{
  g_mutex_lock (&pool->lock);
  if (pool->idle->len < MAX_IDLE_WORKER_CONNECTIONS)
    g_ptr_array_add (pool->idle, g_steal_pointer (&db));
  g_mutex_unlock (&pool->lock);

  g_clear_object (&db);
}

typedef struct
{
  TaFilterQuery *query;
  WorkerPool    *pool;
} SelectData;

static void
select_data_free (SelectData *data)
{
  ta_filter_query_free (data->query);
  worker_pool_release (data->pool);
  g_free (data);
}

static int
progress_cancelled_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
select_links_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SelectData *data = task_data;
  g_autoptr(GError) error = NULL;
  GArray *ids;
  TaDb *db;

  if (g_task_return_error_if_cancelled (task))
    return;

  db = worker_pool_take (data->pool, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (ta_db_get_handle (db), 1000, progress_cancelled_cb, cancellable);
  ids = run_id_query (data->query, db, "SELECT id FROM selected_link", &error);
  sqlite3_progress_handler (ta_db_get_handle (db), 0, NULL, NULL);
  worker_pool_give_back (data->pool, db);

  if (g_task_return_error_if_cancelled (task))
    g_clear_pointer (&ids, g_array_unref);
  else if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

/**
 * ta_filter_select_links_async:
 * @db: a database opened from a file (not ta_db_open_memory())
 *
 * Like ta_filter_select_links(), in a worker thread: the criteria are
 * taken now (later changes of @self do not affect this evaluation) and run
 * on a read-only connection of the worker's own to the file of @db, so the
 * main thread only builds the SQL.  Writes of @db not yet committed are not
 * seen.  Cancelling interrupts the query.
 */
void
ta_filter_select_links_async (TaFilter            *self,
                              TaDb                *db,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SelectData *data;

  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (TA_IS_DB (db));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_filter_select_links_async);

  if (g_strcmp0 (ta_db_get_path (db), ":memory:") == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("An atlas in memory cannot be filtered in another thread"));
      return;
    }

  data = g_new0 (SelectData, 1);
  data->query = ta_filter_query_new (self);
  data->pool = worker_pool_acquire_for (db);
  g_task_set_task_data (task, data, (GDestroyNotify) select_data_free);
  g_task_run_in_thread (task, select_links_thread);
}

/**
 * ta_filter_select_links_finish:
 *
 * Returns: (transfer full) (element-type gint64): as ta_filter_select_links()
 */
GArray *
ta_filter_select_links_finish (TaFilter      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
