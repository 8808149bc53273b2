/* ta-print-scale-bar.c: a printed map's scale bar and north arrow
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ta-print-layout-private.h"
#include "ta-projection.h"

/* Metres per Web Mercator unit at the equator (the world's circumference). */
#define EARTH_CIRCUMFERENCE_M 40075016.686

static double
nice_length_km (double max_km)
{
  double p = pow (10, floor (log10 (max_km)));

  if (5 * p <= max_km)
    return 5 * p;
  if (2 * p <= max_km)
    return 2 * p;
  return p;
}

/* A scale bar for the map's middle latitude: Web Mercator stretches
 * distances by 1 / cos (latitude). */
void
ta_print_layout_draw_scale_bar (TaPrintLayout *self,
                                cairo_t       *cr,
                                GArray        *placed)
{
  double fw = self->frame.x1 - self->frame.x0;
  double fh = self->frame.y1 - self->frame.y0;
  double lat = ta_projection_unit_y_to_lat (self->origin_y + fh / 2 / self->ppu);
  double km_per_pt = EARTH_CIRCUMFERENCE_M * cos (lat * G_PI / 180) / self->ppu / 1000;
  double km = nice_length_km (fw * 0.22 * km_per_pt);
  double len = km / km_per_pt;
  double x = self->frame.x0 + 10, y = self->frame.y1 - 12;
  g_autofree char *label = NULL;
  Rect box = { x - 5, y - 22, x + len + 26, y + 6 };

  if (km >= 1)
    label = g_strdup_printf (_("%g km"), km);
  else
    label = g_strdup_printf (_("%g m"), km * 1000);

  cairo_save (cr);
  cairo_rectangle (cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);
  g_array_append_val (placed, box);

  /* Two halves, black and white, as on survey maps. */
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, x, y - 3, len / 2, 3);
  ta_print_set_rgb (cr, INK_RGB);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  cairo_rectangle (cr, x + len / 2, y - 3, len / 2, 3);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  ta_print_set_rgb (cr, INK_RGB);
  cairo_stroke (cr);

  ta_print_text_draw (cr, SMALL_FONT, "0", x - 2, y - 14, -1);
  ta_print_text_draw (cr, SMALL_FONT, label, x + len - 3, y - 14, -1);
  cairo_restore (cr);
}

void
ta_print_layout_draw_north_arrow (TaPrintLayout *self,
                                  cairo_t       *cr,
                                  GArray        *placed)
{
  double cx = self->frame.x1 - 18, top = self->frame.y0 + 8;
  Rect box = { cx - 11, top - 2, cx + 11, top + 34 };

  cairo_save (cr);
  cairo_arc (cr, cx, top + 22, 10, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);

  /* A split arrowhead: dark west half, light east half. */
  cairo_move_to (cr, cx, top + 13);
  cairo_line_to (cr, cx - 5, top + 30);
  cairo_line_to (cr, cx, top + 26);
  cairo_close_path (cr);
  ta_print_set_rgb (cr, INK_RGB);
  cairo_fill (cr);
  cairo_move_to (cr, cx, top + 13);
  cairo_line_to (cr, cx + 5, top + 30);
  cairo_line_to (cr, cx, top + 26);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  ta_print_set_rgb (cr, INK_RGB);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);

  {
    /* TRANSLATORS: the letter of the north arrow */
    const char *n = C_("compass", "N");
    double w = ta_print_text_width (cr, HEADING_FONT, n);

    ta_print_set_rgb (cr, INK_RGB);
    ta_print_text_draw (cr, HEADING_FONT, n, cx - w / 2, top - 1, -1);
  }
  cairo_restore (cr);
  g_array_append_val (placed, box);
}
