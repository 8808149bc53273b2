/* ta-print-legend.c: a printed map's legend: link kinds, statuses and dot sizes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ta-network-renderer.h"
#include "ta-print-layout-private.h"

typedef struct
{
  cairo_t *cr;
  double   x;
  double   y;
  double   left;
  double   right;
} Flow;

/* Places an entry of @symbol_width plus its label on the current line,
 * or on the next one if it does not fit; returns the symbol's left x. */
static double
flow_entry (Flow       *flow,
            double      symbol_width,
            const char *label)
{
  double w = symbol_width + 4 + ta_print_text_width (flow->cr, BODY_FONT, label);
  double sx;

  if (flow->x + w > flow->right && flow->x > flow->left)
    {
      flow->x = flow->left;
      flow->y += 14;
    }
  sx = flow->x;
  ta_print_set_rgb (flow->cr, INK_RGB);
  ta_print_text_draw (flow->cr, BODY_FONT, label, sx + symbol_width + 4, flow->y, -1);
  flow->x += w + 14;
  return sx;
}

static void
legend_line (cairo_t      *cr,
             double        x,
             double        y,
             guint32       rgb,
             TaLinkStatus  status)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (status == TA_LINK_STATUS_ENDED)
    {
      double dashes[] = { 2.0, 3.0 };

      cairo_set_source_rgb (cr, 0x77 / 255.0, 0x76 / 255.0, 0x7b / 255.0);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else if (status == TA_LINK_STATUS_SUSPENDED)
    {
      double dashes[] = { 5.0, 3.5 };

      ta_print_set_rgb32 (cr, rgb);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    ta_print_set_rgb32 (cr, rgb);
  cairo_move_to (cr, x, y + 6);
  cairo_line_to (cr, x + 20, y + 6);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A line of the link's colour and dashes, then "value (count)". */
static void
legend_link_entry (Flow         *flow,
                   const char   *criterion,
                   const char   *value,
                   guint         count,
                   guint32       rgb,
                   TaLinkStatus  status)
{
  g_autofree char *label = g_strdup_printf ("%s (%u)", ta_filter_get_value_label (criterion, value), count);
  double sx = flow_entry (flow, 20, label);

  legend_line (flow->cr, sx, flow->y, rgb, status);
}

void
ta_print_layout_draw_legend (TaPrintLayout *self,
                             cairo_t       *cr)
{
  double top = self->frame.y1 + 10;
  double zoom = ta_print_layout_map_zoom (self);
  /* Entries start right of the longer heading, in whatever language. */
  double indent = MAX (ta_print_text_width (cr, HEADING_FONT, _("Links")),
                       ta_print_text_width (cr, HEADING_FONT, _("Towns"))) + 14;
  Flow flow = { cr, self->frame.x0 + indent, top, self->frame.x0 + indent, self->frame.x1 };
  guint sizes[3] = { 1, 0, 0 };
  guint n_sizes = 1;

  ta_print_set_rgb (cr, INK_RGB);
  ta_print_text_draw (cr, HEADING_FONT, _("Links"), self->frame.x0, top, -1);
  for (guint k = 0; k < TA_N_LINK_KINDS; k++)
    if (self->kind_counts[k] > 0)
      legend_link_entry (&flow, TA_FILTER_CRITERION_LINK_KINDS, ta_link_kind_to_string (k),
                         self->kind_counts[k], ta_network_render_kind_color (k), TA_LINK_STATUS_ACTIVE);
  for (guint s = TA_LINK_STATUS_SUSPENDED; s < TA_N_LINK_STATUSES; s++)
    if (self->status_counts[s] > 0)
      legend_link_entry (&flow, TA_FILTER_CRITERION_STATUSES, ta_link_status_to_string (s),
                         self->status_counts[s], ta_network_render_kind_color (TA_LINK_KIND_TWINNING), s);
  if (self->rows->len == 0)
    flow_entry (&flow, 0, _("none"));

  /* Dot sizes that occur on this map: one link, the most, one between. */
  if (self->max_town_links >= 4)
    sizes[n_sizes++] = (guint) round (sqrt (self->max_town_links));
  if (self->max_town_links > 1)
    sizes[n_sizes++] = self->max_town_links;

  flow.y += 20;
  flow.x = flow.left;
  ta_print_set_rgb (cr, INK_RGB);
  ta_print_text_draw (cr, HEADING_FONT, _("Towns"), self->frame.x0, flow.y, -1);
  for (guint i = 0; i < n_sizes; i++)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", sizes[i]),
                                                sizes[i]);
      double r = ta_network_town_radius (sizes[i], zoom);
      double sx = flow_entry (&flow, 2 * MAX (r, 2.5), label);

      cairo_arc (cr, sx + MAX (r, 2.5), flow.y + 6, r, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_new_path (cr);
      cairo_arc (cr, sx + MAX (r, 2.5), flow.y + 6, MAX (r - 0.75, 0.5), 0, 2 * G_PI);
      ta_print_set_rgb (cr, INK_RGB);
      cairo_fill (cr);
    }
  ta_print_set_rgb (cr, GREY_RGB);
  flow_entry (&flow, 0, _("(dot size: links shown)"));
}
