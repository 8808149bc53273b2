/* ta-link-details.h: everything the link view shows, loaded in one go
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-activity.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;
  char   *name_native;         /* or NULL */
  char   *country_code;        /* or NULL */
  char   *country_name;        /* in the user's language, or NULL */
  double  lat;
  double  lon;
} TaTownSummary;

typedef struct
{
  TaLinkRecord   link;
  TaTownSummary  town_a;
  TaTownSummary  town_b;
  double         distance_km;  /* great circle between the two towns */
  GPtrArray     *sources;      /* TaSourceInfo */
  TaActivity    *activity;
} TaLinkDetails;

/* Fails with TA_RECORD_ERROR_NOT_FOUND when the link does not exist. */
TaLinkDetails *ta_link_details_load (TaDb           *db,
                                     gint64          link_id,
                                     GError        **error);
void           ta_link_details_free (TaLinkDetails  *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaLinkDetails, ta_link_details_free)

G_END_DECLS
