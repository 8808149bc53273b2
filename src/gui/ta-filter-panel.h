/* ta-filter-panel.h: the left panel that chooses which links the map shows
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-db.h"
#include "ta-filter.h"
#include "ta-network.h"

G_BEGIN_DECLS

#define TA_TYPE_FILTER_PANEL (ta_filter_panel_get_type ())
G_DECLARE_FINAL_TYPE (TaFilterPanel, ta_filter_panel, TA, FILTER_PANEL, AdwBin)

GtkWidget *ta_filter_panel_new                 (void);

/* The panel's filter, restored from and saved to the "filter" key. */
TaFilter  *ta_filter_panel_get_filter          (TaFilterPanel *self);

void       ta_filter_panel_set_database        (TaFilterPanel *self,
                                                TaDb          *db);
/* The whole loaded network; "visible-network" follows it and the filter. */
void       ta_filter_panel_set_network         (TaFilterPanel *self,
                                                TaNetwork     *network);
TaNetwork *ta_filter_panel_get_network         (TaFilterPanel *self);
TaNetwork *ta_filter_panel_get_visible_network (TaFilterPanel *self);

/* TRUE while a filter change is being evaluated. */
gboolean   ta_filter_panel_get_busy            (TaFilterPanel *self);

/* Loads the style sheet of the filter panel and the time bar once per
 * display: the two sit together at the window's edges and share it. */
void       ta_filter_panel_ensure_style        (GtkWidget     *widget);

G_END_DECLS
