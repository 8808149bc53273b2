/* ta-import-rows.h: turning a row's fields into an import plan's records
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-import-plan-private.h"

G_BEGIN_DECLS

/* The fields of the current row, however the file stores them (CSV
 * columns, GeoJSON properties). */
typedef struct _TaImportFields TaImportFields;

struct _TaImportFields
{
  /* The value of @field, trimmed; NULL when empty or absent.  Valid until
   * the row is done. */
  const char * (*get)   (TaImportFields *self,
                         const char     *field);
  /* How the file names @field (a heading, a property), for messages. */
  const char * (*label) (TaImportFields *self,
                         const char     *field);
};

/* Checks the row's values and hands them to the plan.  @fallback_a/_b (or
 * NULL) stand for towns the row does not name (GeoJSON lines between
 * points).  FALSE when the row was rejected; the plan holds the reason. */
gboolean ta_import_rows_add          (TaImportPlan       *plan,
                                      TaImportRecordType  type,
                                      TaImportRow        *row,
                                      TaImportFields     *fields,
                                      const TaTownInput  *fallback_a,
                                      const TaTownInput  *fallback_b);

/* Values */
gboolean ta_import_parse_double      (const char         *text,
                                      double             *value);
/* Digits with optional thousands grouping ("12 500", "12,500"). */
gboolean ta_import_parse_count       (const char         *text,
                                      gint64             *value);
/* "Q64", "q64", "http://www.wikidata.org/entity/Q64" → "Q64"; NULL if not. */
char    *ta_import_parse_qid         (const char         *text);
/* "1990", "1990-05", "1990-05-12" (and "1990-05-12T00:00:00Z") → 1990. */
gboolean ta_import_parse_year        (const char         *text,
                                      int                *year);
/* "12500", "12500.50", "12 500,50" in @currency's minor units. */
gboolean ta_import_parse_amount      (const char         *text,
                                      const char         *currency,
                                      gint64             *minor,
                                      GError            **error);
/* Decimal places of an ISO 4217 currency. */
guint    ta_import_currency_exponent (const char         *currency);
/* A link kind ("twinning", "Städtepartnerschaft", "partnerstwo") → the
 * atlas' word, or NULL. */
const char *ta_import_link_kind      (const char         *text);

G_END_DECLS
