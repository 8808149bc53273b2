/* ta-stats.h: counts over the atlas
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ta-db.h"

G_BEGIN_DECLS

/* A JSON object: towns, links, countries, exchanges, funding, events,
 * links_per_country, towns_per_country, regions_with_towns (per country),
 * links_per_kind, links_per_status, links_per_source, towns_per_source. */
JsonNode *ta_stats_collect (TaDb     *db,
                            GError  **error);

G_END_DECLS
