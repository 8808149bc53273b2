/* ta-filter-private.h: the SQL of a filter, for the statistics
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-filter.h"

G_BEGIN_DECLS

/* A snapshot of a filter as SQL with named parameters.  It is immutable,
 * so it may be built on the main thread and run in a worker. */
typedef struct _TaFilterQuery TaFilterQuery;

/* @filter NULL: the whole atlas (every link, every town, every record). */
TaFilterQuery *ta_filter_query_new                (TaFilter      *filter);
void           ta_filter_query_free               (TaFilterQuery *query);

/* "WITH …, selected_link(id) AS (…), selected_town(id) AS (…)": append one
 * SELECT that uses those two tables. */
const char    *ta_filter_query_get_with           (TaFilterQuery *query);

/* Whether exchange e / funding f counts: it belongs to a selected link
 * (for the whole atlas: always) and matches the record criteria. */
const char    *ta_filter_query_get_exchange_condition (TaFilterQuery *query);
const char    *ta_filter_query_get_funding_condition  (TaFilterQuery *query);

/* Binds the query's parameters that @stmt uses. */
gboolean       ta_filter_query_bind               (TaFilterQuery *query,
                                                   TaDb          *db,
                                                   sqlite3_stmt  *stmt,
                                                   GError       **error);

/* Runs the filter once into temporary tables that the query then reads;
 * for many statements over one selection on one connection.  After it, the
 * query belongs to @db: drop the tables before freeing it. */
gboolean       ta_filter_query_materialize        (TaFilterQuery *query,
                                                   TaDb          *db,
                                                   GError       **error);
void           ta_filter_query_drop_materialized  (TaFilterQuery *query,
                                                   TaDb          *db);

/* Prepares "WITH … @select" and binds it. */
sqlite3_stmt  *ta_filter_query_prepare            (TaFilterQuery *query,
                                                   TaDb          *db,
                                                   const char    *select,
                                                   GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaFilterQuery, ta_filter_query_free)

G_END_DECLS
