/* ta-tile-downloader.h: raster tiles from the network, cached on disk
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define TA_TYPE_TILE_DOWNLOADER (ta_tile_downloader_get_type ())
G_DECLARE_FINAL_TYPE (TaTileDownloader, ta_tile_downloader, TA, TILE_DOWNLOADER, ShumateDataSource)

TaTileDownloader *ta_tile_downloader_new              (const char       *url_template);

const char       *ta_tile_downloader_get_url_template (TaTileDownloader *self);
const char       *ta_tile_downloader_get_user_agent   (void);
char             *ta_tile_downloader_get_tile_uri     (TaTileDownloader *self,
                                                       int               x,
                                                       int               y,
                                                       int               zoom);

G_END_DECLS
