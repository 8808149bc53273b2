/* ta-wikidata.h: twinnings (P190) from the Wikidata SPARQL endpoint
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ta_wikidata_fetch_async (wikidata, "PL", NULL, cancellable, progress, NULL, done, data);
 *   … json = ta_wikidata_fetch_finish (wikidata, result, &error);
 *   ta_importer_add_wikidata_results (importer, json, endpoint, now, scope, &error);
 *
 * The answer goes into the same import plan as files, so the preview and
 * the one-transaction commit are the same; towns are matched by QID first.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TA_WIKIDATA_DEFAULT_ENDPOINT "https://query.wikidata.org/sparql"
#define TA_WIKIDATA_DEFAULT_TIMEOUT  120                 /* seconds */
#define TA_WIKIDATA_DEFAULT_MAX_SIZE (64 * 1024 * 1024)  /* bytes */

#define TA_WIKIDATA_ERROR (ta_wikidata_error_quark ())

typedef enum
{
  TA_WIKIDATA_ERROR_INVALID_QUERY,   /* not a country code or a QID */
  TA_WIKIDATA_ERROR_NETWORK,         /* the endpoint cannot be reached */
  TA_WIKIDATA_ERROR_TIMED_OUT,       /* no whole answer within the timeout */
  TA_WIKIDATA_ERROR_RATE_LIMITED,    /* HTTP 429 */
  TA_WIKIDATA_ERROR_HTTP,            /* any other HTTP error status */
  TA_WIKIDATA_ERROR_NOT_SPARQL,      /* an answer that is not SPARQL results JSON */
  TA_WIKIDATA_ERROR_TOO_LARGE,       /* an answer over the size cap */
} TaWikidataError;

/* Bytes of the answer read so far. */
typedef void (*TaWikidataProgress) (guint64  bytes_read,
                                    gpointer user_data);

#define TA_TYPE_WIKIDATA (ta_wikidata_get_type ())
G_DECLARE_FINAL_TYPE (TaWikidata, ta_wikidata, TA, WIKIDATA, GObject)

GQuark       ta_wikidata_error_quark      (void);

/* "TwinAtlas/<version> (https://github.com/twinatlas/twin-atlas)" */
const char  *ta_wikidata_get_user_agent   (void);

/* The SPARQL query for P190 twinnings of the towns of a country (ISO
 * 3166-1 alpha-2, found through P297) or of one town (a QID), or both.
 * NULL with @error when neither is valid. */
char        *ta_wikidata_build_query      (const char          *country_code,
                                           const char          *town_qid,
                                           GError             **error);
/* "P190 twinnings of towns in PL": for the source's note. */
char        *ta_wikidata_describe_query   (const char          *country_code,
                                           const char          *town_qid);

TaWikidata  *ta_wikidata_new              (void);
void         ta_wikidata_set_endpoint     (TaWikidata          *self,
                                           const char          *endpoint);
const char  *ta_wikidata_get_endpoint     (TaWikidata          *self);
void         ta_wikidata_set_timeout      (TaWikidata          *self,
                                           guint                seconds);
void         ta_wikidata_set_max_size     (TaWikidata          *self,
                                           gsize                max_size);

/* POSTs the query and reads the answer, at most max-size bytes, within
 * the timeout.  Errors name the endpoint and the problem. */
void         ta_wikidata_fetch_async      (TaWikidata          *self,
                                           const char          *country_code,
                                           const char          *town_qid,
                                           GCancellable        *cancellable,
                                           TaWikidataProgress   progress,
                                           gpointer             progress_data,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GBytes      *ta_wikidata_fetch_finish     (TaWikidata          *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
