/* ta-network-renderer.h: drawing towns and their links with cairo
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ta-network.h"

G_BEGIN_DECLS

typedef enum
{
  TA_NETWORK_RENDER_LINKS     = 1 << 0, /* every visible link, dimmed while something is selected */
  TA_NETWORK_RENDER_TOWNS     = 1 << 1, /* a dot per town with visible links */
  TA_NETWORK_RENDER_SELECTION = 1 << 2, /* the selection's links on top, rings and labels */
  TA_NETWORK_RENDER_ALL       = 0x7,
} TaNetworkRenderParts;

typedef struct
{
  TaNetworkRenderParts  parts;
  int                   selected_town;   /* town index or -1 */
  int                   selected_link;   /* link index or -1 */
  gboolean              dim_unselected;  /* fade the rest while something is selected */
  GCancellable         *cancellable;     /* checked now and then while drawing */
} TaNetworkRenderOptions;

/* Everything, nothing selected, dimming on. */
void      ta_network_render_options_init (TaNetworkRenderOptions       *options);

/* Draws tile (@tile_x, @tile_y) of @tile_size pixels at integer @zoom: the
 * tile's top-left corner goes to @cr's origin and one pixel is
 * @scale_factor units of @cr.  Returns FALSE if cancelled. */
gboolean  ta_network_render_tile         (TaNetwork                    *network,
                                          cairo_t                      *cr,
                                          guint                         zoom,
                                          int                           tile_x,
                                          int                           tile_y,
                                          guint                         tile_size,
                                          double                        scale_factor,
                                          const TaNetworkRenderOptions *options);

/* Draws the area whose top-left is (@origin_x, @origin_y) in unit
 * coordinates, at a fractional @zoom, into @width × @height units of @cr
 * from its origin.  The device scale is read from @cr. */
gboolean  ta_network_render_view         (TaNetwork                    *network,
                                          cairo_t                      *cr,
                                          double                        zoom,
                                          double                        origin_x,
                                          double                        origin_y,
                                          double                        width,
                                          double                        height,
                                          const TaNetworkRenderOptions *options);

/* Fits the box (degrees; @west > @east crosses the antimeridian) into
 * @width × @height, centred, for print and export. */
gboolean  ta_network_render_area         (TaNetwork                    *network,
                                          cairo_t                      *cr,
                                          double                        west,
                                          double                        south,
                                          double                        east,
                                          double                        north,
                                          double                        width,
                                          double                        height,
                                          const TaNetworkRenderOptions *options);

/* The colour links of @kind are drawn in, as 0xRRGGBB. */
guint32   ta_network_render_kind_color   (TaLinkKind                    kind);

G_END_DECLS
