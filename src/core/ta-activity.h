/* ta-activity.h: exchanges, funding and history of a town or a link
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-records.h"

G_BEGIN_DECLS

typedef struct
{
  int        year;
  GPtrArray *exchanges;        /* TaExchangeRecord, newest first */
} TaExchangeYear;

typedef struct
{
  char      *kind;             /* TA_VOCABULARY_EXCHANGE_KIND */
  guint      count;
  gint64     participants;     /* sum of the known counts, -1 when none is known */
} TaExchangeTotal;

/* A sum in one currency: sums never mix currencies. */
typedef struct
{
  char      *label;            /* programme name or funder; NULL in per-currency totals */
  gint64     programme_id;     /* 0 for a funder outside any programme */
  char       currency[4];
  gint64     amount_minor;
  guint      count;
} TaFundingTotal;

typedef struct
{
  guint      n_exchanges;
  GPtrArray *exchange_years;   /* TaExchangeYear, newest year first */
  GPtrArray *exchange_totals;  /* TaExchangeTotal, in vocabulary order, kinds with exchanges only */
  GPtrArray *funding;          /* TaFundingRecord, newest first */
  GPtrArray *funding_by_programme; /* TaFundingTotal by label, then currency */
  GPtrArray *funding_by_currency;  /* TaFundingTotal by currency */
  GPtrArray *events;           /* TaEventRecord, newest first */
} TaActivity;

/* A town's own records and those of all its links; partner_id and
 * partner_name say which link a record belongs to. */
TaActivity *ta_activity_load_for_town (TaDb        *db,
                                       gint64       town_id,
                                       GError     **error);
/* The records of one link (partner fields unset). */
TaActivity *ta_activity_load_for_link (TaDb        *db,
                                       gint64       link_id,
                                       GError     **error);
void        ta_activity_free          (TaActivity  *activity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaActivity, ta_activity_free)

G_END_DECLS
