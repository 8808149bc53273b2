/* ta-overlay-tile-cache.h: the network overlay's tiles, drawn by worker threads
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ta-network.h"

G_BEGIN_DECLS

/* Overlay tile side in logical pixels: two basemap tiles. */
#define TA_OVERLAY_TILE_SIZE 512

typedef struct
{
  int zoom;
  int x;
  int y;
} TaOverlayTileKey;

/* Owned by the cache; read-only for its users, and valid until the cache
 * is next trimmed, cleared or given a tile. */
typedef struct
{
  TaOverlayTileKey key;
  guint            generation;
  cairo_surface_t *surface; /* NULL: the tile has nothing on it */
  GdkTexture      *texture; /* the same pixels, for GL */
  gsize            bytes;
  guint64          last_frame;
  GList            lru_link;
} TaOverlayTile;

typedef struct
{
  int zoom;
  int x0, x1;             /* unwrapped */
  int y0, y1;
  int columns;
} TaOverlayTileRange;

#define TA_TYPE_OVERLAY_TILE_CACHE (ta_overlay_tile_cache_get_type ())
G_DECLARE_FINAL_TYPE (TaOverlayTileCache, ta_overlay_tile_cache, TA, OVERLAY_TILE_CACHE, GObject)

/* Tiles per row (and column) at @zoom; zoom 0 is one tile with the world
 * twice in it. */
int                 ta_overlay_tile_count               (int                 zoom);

/* A texture sharing @surface's pixels (no copy). */
GdkTexture         *ta_overlay_texture_new_for_surface  (cairo_surface_t    *surface);

TaOverlayTileCache *ta_overlay_tile_cache_new           (void);

/* A frame starts: tiles looked up or stored from now on count as shown by
 * it, and ta_overlay_tile_cache_trim() keeps them. */
void                ta_overlay_tile_cache_begin_frame   (TaOverlayTileCache *self);
/* The budget in bytes; never less than a fixed minimum. */
void                ta_overlay_tile_cache_set_limit     (TaOverlayTileCache *self,
                                                         gsize               bytes);
/* @x is wrapped round the world; NULL for a tile not cached or off the map. */
TaOverlayTile      *ta_overlay_tile_cache_lookup        (TaOverlayTileCache *self,
                                                         int                 zoom,
                                                         int                 x,
                                                         int                 y);
/* Marks @tile as shown by this frame and most recently used. */
void                ta_overlay_tile_cache_touch         (TaOverlayTileCache *self,
                                                         TaOverlayTile      *tile);
void                ta_overlay_tile_cache_trim          (TaOverlayTileCache *self);
void                ta_overlay_tile_cache_clear         (TaOverlayTileCache *self);

/* Queues a worker job drawing the tile @key (x is wrapped) of @network, unless
 * one for the same @generation is queued already; lower @priority first.
 * The cache emits ::tile-ready once the tile is stored. */
void                ta_overlay_tile_cache_request       (TaOverlayTileCache     *self,
                                                         const TaOverlayTileKey *key,
                                                         TaNetwork              *network,
                                                         guint                   generation,
                                                         int                     scale,
                                                         double                  priority);
void                ta_overlay_tile_cache_cancel_outside (TaOverlayTileCache       *self,
                                                          const TaOverlayTileRange *range);
void                ta_overlay_tile_cache_cancel_all    (TaOverlayTileCache *self);
guint               ta_overlay_tile_cache_get_n_jobs    (TaOverlayTileCache *self);

G_END_DECLS
