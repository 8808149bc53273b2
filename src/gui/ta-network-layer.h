/* ta-network-layer.h: the towns-and-arcs overlay of the map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ta-network.h"

G_BEGIN_DECLS

#define TA_TYPE_NETWORK_LAYER (ta_network_layer_get_type ())
G_DECLARE_FINAL_TYPE (TaNetworkLayer, ta_network_layer, TA, NETWORK_LAYER, ShumateLayer)

TaNetworkLayer *ta_network_layer_new               (ShumateViewport *viewport);

TaNetwork      *ta_network_layer_get_network       (TaNetworkLayer  *self);
void            ta_network_layer_set_network       (TaNetworkLayer  *self,
                                                    TaNetwork       *network);

gint64          ta_network_layer_get_selected_town (TaNetworkLayer  *self);
void            ta_network_layer_set_selected_town (TaNetworkLayer  *self,
                                                    gint64           town_id);
gint64          ta_network_layer_get_selected_link (TaNetworkLayer  *self);
void            ta_network_layer_set_selected_link (TaNetworkLayer  *self,
                                                    gint64           link_id);

/* Widget coordinates to unit coordinates and back, with the same maths as
 * the basemap's ShumateMapLayer (so both line up at every zoom). */
void            ta_network_layer_widget_to_unit    (TaNetworkLayer  *self,
                                                    double           x,
                                                    double           y,
                                                    double          *unit_x,
                                                    double          *unit_y);
void            ta_network_layer_unit_to_widget    (TaNetworkLayer  *self,
                                                    double           unit_x,
                                                    double           unit_y,
                                                    double          *x,
                                                    double          *y);

/* TRUE when the last frame showed every visible tile exactly and no tile
 * is being drawn: for tests and benchmarks that wait for a settled map. */
gboolean        ta_network_layer_is_ready          (TaNetworkLayer  *self);

G_END_DECLS
