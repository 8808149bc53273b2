/* ta-print-labels.c: the towns' names on a printed map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ta-network-renderer.h"
#include "ta-paths.h"
#include "ta-print-layout-private.h"
#include "ta-print-obstacles.h"

#define MAX_MAP_LABELS 40
/* Only the towns with most links get bold names. */
#define MAX_BOLD_LABELS 8

typedef struct
{
  guint  town;
  guint  n_links;
  gboolean focus;
} LabelCandidate;

static int
label_compare (gconstpointer a,
               gconstpointer b)
{
  const LabelCandidate *la = a, *lb = b;

  if (la->focus != lb->focus)
    return la->focus ? -1 : 1;
  if (la->n_links != lb->n_links)
    return la->n_links > lb->n_links ? -1 : 1;
  return la->town < lb->town ? -1 : la->town > lb->town;
}

static gboolean
rects_overlap (const Rect *a,
               const Rect *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean
rect_is_free (const Rect *r,
              GArray     *placed,
              const Rect *frame)
{
  if (r->x0 < frame->x0 + 2 || r->x1 > frame->x1 - 2 || r->y0 < frame->y0 + 2 || r->y1 > frame->y1 - 2)
    return FALSE;
  for (guint i = 0; i < placed->len; i++)
    if (rects_overlap (r, &g_array_index (placed, Rect, i)))
      return FALSE;
  return TRUE;
}

/* Whether the basemap already names the town near where it is. */
static gboolean
named_by_basemap (GArray     *obstacles,
                  const char *name,
                  double      x,
                  double      y)
{
  g_autofree char *key = g_utf8_casefold (name, -1);

  for (guint i = 0; i < obstacles->len; i++)
    {
      const TaPrintObstacle *o = &g_array_index (obstacles, TaPrintObstacle, i);

      if (fabs (o->anchor_x - x) < 15 && fabs (o->anchor_y - y) < 15 && g_str_equal (o->key, key))
        return TRUE;
    }
  return FALSE;
}

/* Names of the towns with the most links, the mapped area's first; each
 * goes right, left, above or below its dot, wherever it collides with no
 * name, dot or map furniture placed before, else it is left out.  Names
 * the basemap prints already are neither covered nor repeated. */
void
ta_print_layout_draw_town_labels (TaPrintLayout *self,
                                  cairo_t       *cr,
                                  GArray        *placed)
{
  TaNetwork *net = self->shown;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  double zoom = ta_print_layout_map_zoom (self);
  guint min_links = ta_network_get_town_min_links (net, zoom);
  guint n_placed = 0;
  g_autofree char *basemap_path = ta_paths_get_data_file ("basemap.bin");
  g_autoptr(GArray) obstacles = NULL;

  obstacles = ta_print_obstacles_from_basemap (basemap_path, self->origin_x, self->origin_y, self->ppu,
                                               self->frame.x1 - self->frame.x0,
                                               self->frame.y1 - self->frame.y0, BASEMAP_SCALE);
  for (guint i = 0; i < obstacles->len; i++)
    {
      TaPrintObstacle *o = &g_array_index (obstacles, TaPrintObstacle, i);
      Rect r = { o->x0 + self->frame.x0, o->y0 + self->frame.y0, o->x1 + self->frame.x0, o->y1 + self->frame.y0 };

      o->anchor_x += self->frame.x0;
      o->anchor_y += self->frame.y0;
      g_array_append_val (placed, r);
    }

  for (guint i = 0; i < ta_network_get_n_towns (net); i++)
    {
      const TaNetworkTown *town = ta_network_get_town (net, i);
      guint n = ta_network_get_town_n_visible_links (net, i);
      LabelCandidate c = { i, n, ta_print_layout_town_is_home (self, town) };
      double x, y;

      if (n == 0 || n < min_links)
        continue;
      ta_print_layout_unit_to_page (self, town->x, town->y, &x, &y);
      if (x < self->frame.x0 || x > self->frame.x1 || y < self->frame.y0 || y > self->frame.y1)
        continue;
      g_array_append_val (candidates, c);

      /* Dots are obstacles for every label. */
      {
        double r = ta_network_town_radius (n, zoom) + 0.5;
        Rect dot = { x - r, y - r, x + r, y + r };

        g_array_append_val (placed, dot);
      }
    }
  g_array_sort (candidates, label_compare);

  for (guint i = 0; i < candidates->len && n_placed < MAX_MAP_LABELS; i++)
    {
      const LabelCandidate *c = &g_array_index (candidates, LabelCandidate, i);
      const TaNetworkTown *town = ta_network_get_town (net, c->town);
      gboolean bold = c->focus && i < MAX_BOLD_LABELS;
      g_autoptr(PangoLayout) layout = ta_print_text_new (cr, bold ? LABEL_FOCUS_FONT : LABEL_FONT, town->name, -1);
      double r = ta_network_town_radius (c->n_links, zoom) + 1.5;
      PangoRectangle ink, logical;
      double x, y, w, h;

      pango_layout_get_extents (layout, &ink, &logical);
      w = (double) logical.width / PANGO_SCALE;
      h = (double) logical.height / PANGO_SCALE;
      ta_print_layout_unit_to_page (self, town->x, town->y, &x, &y);
      if (named_by_basemap (obstacles, town->name, x, y))
        continue;

      {
        double places[4][2] = {
          { x + r, y - h / 2 },
          { x - r - w, y - h / 2 },
          { x - w / 2, y - r - h },
          { x - w / 2, y + r },
        };

        for (guint p = 0; p < G_N_ELEMENTS (places); p++)
          {
            Rect box = { places[p][0], places[p][1] + h * 0.12,
                         places[p][0] + w, places[p][1] + h * 0.9 };

            if (!rect_is_free (&box, placed, &self->frame))
              continue;
            g_array_append_val (placed, box);
            n_placed++;

            cairo_move_to (cr, places[p][0], places[p][1]);
            pango_cairo_layout_path (cr, layout);
            cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_line_width (cr, 2.2);
            cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
            cairo_stroke_preserve (cr);
            if (c->focus)
              ta_print_set_rgb (cr, INK_RGB);
            else
              ta_print_set_rgb (cr, GREY_RGB);
            cairo_fill (cr);
            break;
          }
      }
    }
}
