/* ta-cli-filter.h: the filter options every command that selects links takes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

/* --country CC (repeatable or comma-separated), --between, --region CODE,
 * --programme NAME|ID, --funder NAME, --exchange-kind K, --kind K,
 * --status S, --from YEAR, --to YEAR, --unknown-years, --year Y,
 * --max-km N, --min-km N, --cross-border.
 *
 * Use: add ta_cli_filter_get_option_group() to the command's
 * GOptionContext, parse, open the database, then ta_cli_filter_build().
 * The TaCliFilter must outlive the parsing. */
typedef struct _TaCliFilter TaCliFilter;

TaCliFilter  *ta_cli_filter_new              (void);
void          ta_cli_filter_free             (TaCliFilter  *self);

/* (transfer full): for g_option_context_add_group(). */
GOptionGroup *ta_cli_filter_get_option_group (TaCliFilter  *self);

/* Whether any filter option was given. */
gboolean      ta_cli_filter_is_set           (TaCliFilter  *self);

/* Checks every value (codes, known kinds, years, distances; regions and
 * programmes must exist in @db) and returns the filter, or NULL with an
 * error that names the option. */
TaFilter     *ta_cli_filter_build            (TaCliFilter  *self,
                                              TaDb         *db,
                                              GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaCliFilter, ta_cli_filter_free)

G_END_DECLS
