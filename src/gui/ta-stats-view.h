/* ta-stats-view.h: the statistics page: charts of the filtered links
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-chart.h"
#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

#define TA_TYPE_STATS_VIEW (ta_stats_view_get_type ())
G_DECLARE_FINAL_TYPE (TaStatsView, ta_stats_view, TA, STATS_VIEW, AdwBin)

GtkWidget *ta_stats_view_new          (void);

void       ta_stats_view_set_database (TaStatsView *self,
                                       TaDb        *db);
/* The charts follow this filter's "changed" while the view is shown. */
void       ta_stats_view_set_filter   (TaStatsView *self,
                                       TaFilter    *filter);
/* The chart shown for a TaChartStat; NULL before the view was shown. */
TaChart   *ta_stats_view_get_chart    (TaStatsView *self,
                                       TaChartStat  stat);

G_END_DECLS
