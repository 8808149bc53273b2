/* ta-print-obstacles.h: where the basemap puts its own labels on a printed map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Private to the print layout: its town names must neither cover the
 * basemap's place names nor repeat them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *key;         /* the name, case-folded */
  double  anchor_x;    /* the place, in the frame's coordinates */
  double  anchor_y;
  double  x0, y0, x1, y1;   /* the label's box */
} TaPrintObstacle;

/* The labels the basemap at @basemap_path draws into a @width × @height
 * frame whose corner is (@origin_x, @origin_y) in unit coordinates, at
 * @ppu frame units per unit and label scale @scale_factor.  An empty
 * array when the file cannot be read (the labels then just risk overlap). */
GArray *ta_print_obstacles_from_basemap (const char *basemap_path,
                                         double      origin_x,
                                         double      origin_y,
                                         double      ppu,
                                         double      width,
                                         double      height,
                                         double      scale_factor);

G_END_DECLS
