/* ta-print-inset.c: a printed map's locator inset
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ta-print-layout-private.h"

/* A small map of the surroundings with the printed area outlined. */
void
ta_print_layout_draw_inset (TaPrintLayout *self,
                            cairo_t       *cr,
                            GArray        *placed)
{
  double fw = self->frame.x1 - self->frame.x0;
  double fh = self->frame.y1 - self->frame.y0;
  double w = MIN (fw, fh) * 0.26, h = w * 0.8;
  double x = self->frame.x1 - w - 6, y = self->frame.y1 - h - 6;
  double span = MAX (fw, fh) / self->ppu * 6;
  double cx = self->origin_x + fw / 2 / self->ppu;
  double cy = self->origin_y + fh / 2 / self->ppu;
  double ppu, ox, oy;
  TaPrintArea box;
  Rect r = { x, y, x + w, y + h };

  ppu = MAX (w, h) / span;
  ox = cx - w / 2 / ppu;
  oy = CLAMP (cy - h / 2 / ppu, 0.0, MAX (0.0, 1.0 - h / ppu));
  ta_print_layout_frame_box (self, ox, oy, ppu, w, h, &box);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  ta_basemap_render_area (self->basemap, cr, box.west, box.south, box.east, box.north, w, h, 0.55);
  cairo_set_line_width (cr, 1.2);
  cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  cairo_rectangle (cr, (self->origin_x - ox) * ppu, (self->origin_y - oy) * ppu,
                   MAX (2.0, fw / self->ppu * ppu), MAX (2.0, fh / self->ppu * ppu));
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_line_width (cr, 0.75);
  ta_print_set_rgb (cr, GREY_RGB);
  cairo_stroke (cr);
  g_array_append_val (placed, r);
}
