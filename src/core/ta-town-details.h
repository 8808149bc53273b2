/* ta-town-details.h: everything the town panel shows, loaded in one go
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-activity.h"

G_BEGIN_DECLS

typedef struct
{
  char   *name;
  char   *lang;                /* or NULL */
  char   *kind;                /* TA_VOCABULARY_NAME_KIND */
} TaTownName;

/* One link of the town, seen from it. */
typedef struct
{
  TaLinkRecord link;
  gint64  partner_id;
  char   *partner_name;
  char   *partner_native;      /* or NULL */
  char   *country_code;        /* or NULL */
  char   *country_name;        /* in the user's language, or NULL */
  double  lat;
  double  lon;
  double  distance_km;
  guint   n_exchanges;         /* exchanges recorded on this link */

  /* private: collation keys for sorting */
  char   *name_key;
  char   *country_key;
} TaPartner;

typedef enum
{
  TA_PARTNER_SORT_NAME,        /* partner name */
  TA_PARTNER_SORT_COUNTRY,     /* country name, then partner name; unknown last */
  TA_PARTNER_SORT_YEAR,        /* start year, oldest first; unknown last */
} TaPartnerSort;

typedef struct
{
  TaTownRecord  town;
  char         *country_name;  /* in the user's language, or NULL */
  char         *region_name;   /* or NULL */
  GPtrArray    *names;         /* TaTownName: exonyms and other names */
  GPtrArray    *sources;       /* TaSourceInfo */
  GPtrArray    *partners;      /* TaPartner, sorted by name */
  TaActivity   *activity;
} TaTownDetails;

/* Fails with TA_RECORD_ERROR_NOT_FOUND when the town does not exist. */
TaTownDetails *ta_town_details_load          (TaDb           *db,
                                              gint64          town_id,
                                              GError        **error);
void           ta_town_details_free          (TaTownDetails  *details);
void           ta_town_details_sort_partners (TaTownDetails  *details,
                                              TaPartnerSort   sort);
/* The partner row of @link_id, or NULL. */
const TaPartner *ta_town_details_find_partner (TaTownDetails *details,
                                               gint64         link_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaTownDetails, ta_town_details_free)

G_END_DECLS
