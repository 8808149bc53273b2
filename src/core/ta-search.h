/* ta-search.h: finding towns by any of their names
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *name;
  char   *name_native;     /* or NULL */
  char   *country_code;    /* or NULL */
  char   *country_name;    /* in the user's language where known, or NULL */
  double  lat;
  double  lon;
  gint64  population;      /* -1 when unknown */
  guint   n_partners;
} TaTownHit;

void        ta_town_hit_free           (TaTownHit   *hit);
const char *ta_country_name_column     (void);

GPtrArray  *ta_search_towns            (TaDb        *db,
                                        const char  *text,
                                        guint        limit,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaTownHit, ta_town_hit_free)

G_END_DECLS
