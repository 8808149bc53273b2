/* ta-filter-private.h: what the ta-filter*.c files share, and the SQL of a
 * filter for the statistics
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-filter.h"

G_BEGIN_DECLS

#define TA_FILTER_MAX_YEAR 9999
#define TA_FILTER_MAX_KM   40075.0

/* The instance, shared by ta-filter.c (the model), ta-filter-variant.c,
 * ta-filter-describe.c and ta-filter-query.c. */
struct _TaFilter
{
  GObject              parent_instance;

  /* Criteria; string sets are sorted, never NULL */
  char               **countries;
  TaFilterCountryMode  country_mode;
  char               **regions;
  char               **programmes;
  char               **funders;
  char               **exchange_kinds;
  char               **link_kinds;
  char               **statuses;
  int                  from_year;
  int                  to_year;
  gboolean             unknown_years;
  int                  year_at;
  double               min_km;
  double               max_km;
  gboolean             cross_border_only;

  /* Change bookkeeping */
  guint                freeze_count;
  gboolean             changed_pending;
  gboolean             was_empty;
};

/* The string-set criteria, handled alike: property, a{sv} key, chip. */
typedef struct
{
  const char *key;         /* property name and a{sv} key */
  const char *criterion;   /* TA_FILTER_CRITERION_* */
  gsize       offset;
  gboolean    upper;       /* codes: compared upper-cased */
  int         prop;
} TaFilterSetField;

#define TA_FILTER_N_SET_FIELDS 7

extern const TaFilterSetField ta_filter_set_fields[TA_FILTER_N_SET_FIELDS];

#define TA_FILTER_SET_SLOT(self, field) ((char ***) G_STRUCT_MEMBER_P ((self), (field)->offset))

/* Normalizes @values (sorted, no duplicates or blanks) into @field,
 * notifying and emitting "changed" only on a real change. */
void           ta_filter_set_strv_field           (TaFilter               *self,
                                                   const TaFilterSetField *field,
                                                   const char * const     *values);

/* Makes @self's criteria those of @other, with one "changed" at most. */
void           ta_filter_assign                   (TaFilter      *self,
                                                   TaFilter      *other);

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
