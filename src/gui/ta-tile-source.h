/* ta-tile-source.h: the offline basemap as a libshumate map source
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

#include "ta-basemap.h"

G_BEGIN_DECLS

#define TA_TYPE_TILE_SOURCE (ta_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (TaTileSource, ta_tile_source, TA, TILE_SOURCE, ShumateMapSource)

TaTileSource *ta_tile_source_new              (TaBasemap    *basemap);

TaBasemap    *ta_tile_source_get_basemap      (TaTileSource *self);
int           ta_tile_source_get_scale_factor (TaTileSource *self);
void          ta_tile_source_set_scale_factor (TaTileSource *self,
                                               int           scale_factor);

G_END_DECLS
