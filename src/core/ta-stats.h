/* ta-stats.h: counts over the atlas, or over the links a filter selects
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

/* One bar or point of a chart; each function says which fields it fills. */
typedef struct
{
  char   *key;           /* country code, exchange kind or programme name; NULL: unknown / none */
  char   *funder;        /* funding: the programme's funder, or the record's own */
  char   *currency;      /* funding: ISO 4217 code */
  gint64  programme_id;  /* funding: 0 for funding outside any programme */
  int     year;          /* per-year rows: the year, 0 when unknown */
  double  min_km;        /* histogram: the bin [min_km, max_km) */
  double  max_km;        /*   max_km < 0: the last bin, open-ended */
  gint64  count;         /* links, exchanges or funding records */
  gint64  amount_minor;  /* funding: the sum, in minor units of the currency */
} TaStatsRow;

void       ta_stats_row_free                       (TaStatsRow  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaStatsRow, ta_stats_row_free)

/* In every function @filter NULL means the whole atlas.  With a filter,
 * exchanges and funding count when they belong to a selected link and
 * match the filter's programmes, funders and exchange kinds; a record of a
 * town without a partner counts only for the whole atlas.  All return
 * (transfer full) GPtrArray of TaStatsRow, or NULL on error. */

/* key: country code, count: links with an end in it (a link inside one
 * country counts once); most first, at most @top_n (0: all). */
GPtrArray *ta_stats_links_per_country              (TaDb        *db,
                                                    TaFilter    *filter,
                                                    guint        top_n,
                                                    GError     **error);
/* Links of @country_code: key, the partner's country (the country itself
 * for links inside it; NULL when unknown), count; most first. */
GPtrArray *ta_stats_partner_countries              (TaDb        *db,
                                                    TaFilter    *filter,
                                                    const char  *country_code,
                                                    GError     **error);
/* year (0: unknown, last), count: links started in it. */
GPtrArray *ta_stats_links_per_start_year           (TaDb        *db,
                                                    TaFilter    *filter,
                                                    GError     **error);
/* key: exchange kind, year, count: exchanges; by kind, then year. */
GPtrArray *ta_stats_exchanges_per_kind_and_year    (TaDb        *db,
                                                    TaFilter    *filter,
                                                    GError     **error);
/* key: programme name (NULL outside a programme), programme_id, funder,
 * year, currency, amount_minor and count: one row per programme (or funder
 * without a programme), year and currency; sums never mix currencies. */
GPtrArray *ta_stats_funding_per_programme_and_year (TaDb        *db,
                                                    TaFilter    *filter,
                                                    GError     **error);
/* min_km, max_km, count: links per distance bin.  @edges: ascending bin
 * starts (NULL: 0, 50, 100, 250, 500, 1000, 2000, 5000); links shorter
 * than the first are not counted, the last bin has no end. */
GPtrArray *ta_stats_distance_histogram             (TaDb        *db,
                                                    TaFilter    *filter,
                                                    const double *edges,
                                                    guint        n_edges,
                                                    GError     **error);

/* A JSON object: towns, links, countries, regions, programmes, exchanges,
 * funding, events, links_per_country, towns_per_country,
 * regions_with_towns (per country), links_per_kind, links_per_status,
 * links_per_source, towns_per_source, links_per_start_year,
 * exchanges_per_kind_and_year, funding_per_programme_and_year,
 * distance_histogram; with a filter also "description" and "filter" (its
 * criteria), with @partners_of also partner_countries.  With a filter,
 * towns are the ends of the selected links and programmes those of the
 * counted records. */
JsonNode  *ta_stats_collect_filtered               (TaDb        *db,
                                                    TaFilter    *filter,
                                                    const char  *partners_of,
                                                    GError     **error);

/* The whole atlas: ta_stats_collect_filtered (db, NULL, NULL, error). */
JsonNode  *ta_stats_collect                        (TaDb        *db,
                                                    GError     **error);

G_END_DECLS
