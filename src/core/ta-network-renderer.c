/* ta-network-renderer.c: drawing towns and their links with cairo
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cairo's cost is rasterisation, so the renderer draws as little as reads:
 * arcs whose box misses the area are never looked at (spatial index),
 * arcs shorter than a pixel are left to the dots, arcs get fewer points
 * when small, and dots are stamped from small pre-drawn images instead of
 * being filled as circles one by one.
 *
 * How dense the map looks depends on each arc and the zoom, never on the
 * tile, so that neighbouring tiles match at their seams: an arc's opacity
 * follows how crowded its surroundings are (ta_network_get_link_crowding())
 * and fades with its length, and where a tile would meet more than
 * ARC_BUDGET arcs at some zoom only every k-th arc is drawn (the same arcs
 * on every tile), with the opacity of k stacked arcs.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ta-network-renderer.h"
#include "ta-projection.h"

/* Most arcs a tile draws one by one; a cairo stroke costs 5-20 µs. */
#define ARC_BUDGET 20000

/* Arcs longer than this, in pixels, fade with length. */
#define LONG_ARC_PIXELS 1500.0

/* Cap for labels of a selected town's partners. */
#define MAX_LABELS 200

#define TOWN_RGB 0x24, 0x1f, 0x31
#define ENDED_RGB 0x77, 0x76, 0x7b
#define RING_RGB 0x1c, 0x71, 0xd8
#define LABEL_RGB 0x24, 0x1f, 0x31

static const guint32 kind_colors[TA_N_LINK_KINDS] = {
  0xa51d2d, /* twinning: red */
  0x1a5fb4, /* partnership: blue */
  0x26a269, /* friendship: green */
  0xc64600, /* cooperation: orange */
  0x613583, /* other: purple */
};

typedef struct
{
  TaNetwork                    *network;
  const TaNetworkRenderOptions *options;
  cairo_t                      *cr;
  double                        origin_x;   /* unit coordinates of (0, 0) */
  double                        origin_y;
  double                        ppu;        /* pixels per unit */
  double                        zoom;
  double                        width;
  double                        height;
  double                        scale;      /* device pixels per pixel */
  gboolean                      raster;     /* an image surface: stamp dots */
  gboolean                      dimmed;
  double                        line_width;
  guint                         thinning;   /* draw every k-th arc */
  cairo_surface_t              *sprites[64];
} View;

typedef struct
{
  float  neg_length;
  guint8 status_order;
  gint8  shift;
  guint  link;
} Candidate;

typedef struct
{
  GArray *candidates;
  View   *view;
  int     shift;
} Collect;

void
ta_network_render_options_init (TaNetworkRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  options->parts = TA_NETWORK_RENDER_ALL;
  options->selected_town = -1;
  options->selected_link = -1;
  options->dim_unselected = TRUE;
  options->cancellable = NULL;
}

guint32
ta_network_render_kind_color (TaLinkKind kind)
{
  g_return_val_if_fail (kind < TA_N_LINK_KINDS, 0);

  return kind_colors[kind];
}

static gboolean
view_cancelled (View *view)
{
  return view->options->cancellable != NULL &&
         g_cancellable_is_cancelled (view->options->cancellable);
}

static void
set_rgba (cairo_t *cr,
          guint    r,
          guint    g,
          guint    b,
          double   alpha)
{
  cairo_set_source_rgba (cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

static void
set_rgb32 (cairo_t *cr,
           guint32  rgb,
           double   alpha)
{
  set_rgba (cr, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
}

static double
base_line_width (double zoom)
{
  if (zoom < 3.5)
    return 0.8;
  if (zoom < 5.5)
    return 1.0;
  if (zoom < 7.5)
    return 1.2;
  return 1.6;
}

/* How many arcs a tile meets at this zoom, for the whole network: arcs
 * starting in a tile-sized square of the busy area plus those passing
 * through, roughly n * (side + mean length)^2 / busy area.  Beyond
 * ARC_BUDGET only every k-th arc is drawn. */
static void
view_set_density (View   *view,
                  double  area_size)
{
  TaNetwork *network = view->network;
  double total = ta_network_get_total_length (network);
  double busy = ta_network_get_busy_area (network);
  guint n = ta_network_get_n_visible_links (network);
  double mean, side, expected;

  view->line_width = base_line_width (view->zoom);
  mean = n > 0 ? total / n : 0;
  side = area_size / view->ppu;
  expected = n * MIN (1.0, (side + mean) * (side + mean) / busy);
  view->thinning = (guint) MAX (1.0, ceil (expected / ARC_BUDGET));
}

static void
view_init (View                         *view,
           TaNetwork                    *network,
           cairo_t                      *cr,
           double                        zoom,
           double                        origin_x,
           double                        origin_y,
           double                        width,
           double                        height,
           double                        scale,
           double                        area_size,
           const TaNetworkRenderOptions *options)
{
  cairo_surface_t *target = cairo_get_target (cr);

  memset (view, 0, sizeof *view);
  view->network = network;
  view->options = options;
  view->cr = cr;
  view->zoom = zoom;
  view->ppu = ta_projection_world_size (zoom);
  view->origin_x = origin_x;
  view->origin_y = origin_y;
  view->width = width;
  view->height = height;
  view->scale = scale;
  view->raster = cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE;
  view->dimmed = options->dim_unselected &&
                 (options->selected_town >= 0 || options->selected_link >= 0);
  view_set_density (view, area_size);
}

static void
view_clear (View *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (view->sprites); i++)
    g_clear_pointer (&view->sprites[i], cairo_surface_destroy);
}

/* World shifts at which something within [-0.5, 1.5] shows in the view. */
static void
view_shifts (View   *view,
             double  pad,
             int    *first,
             int    *last)
{
  double x0 = view->origin_x - pad;
  double x1 = view->origin_x + view->width / view->ppu + pad;

  *first = (int) ceil (x0 - 1.5);
  *last = (int) floor (x1 + 0.5);
}

/* Links */

static gboolean
collect_link (guint    index,
              gpointer user_data)
{
  Collect *collect = user_data;
  View *view = collect->view;
  const TaNetworkLink *link = ta_network_get_link (view->network, index);
  double min_x, min_y, max_x, max_y;
  Candidate c;

  /* Thinning keeps the same arcs on every tile: pick by link id. */
  if (view->thinning > 1 && (guint) (link->id % view->thinning) != 0)
    return TRUE;

  ta_network_get_link_bounds (view->network, index, &min_x, &min_y, &max_x, &max_y);
  if (MAX (max_x - min_x, max_y - min_y) * view->ppu < 1.0)
    return TRUE;

  c.neg_length = -link->length;
  c.status_order = link->status == TA_LINK_STATUS_ENDED ? 0 :
                   link->status == TA_LINK_STATUS_SUSPENDED ? 1 : 2;
  c.shift = (gint8) collect->shift;
  c.link = index;
  g_array_append_val (collect->candidates, c);
  return TRUE;
}

/* Ended and suspended links go below active ones and long arcs below short
 * ones, so local links read on top of the long-distance haze. */
static int
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->status_order != cb->status_order)
    return ca->status_order < cb->status_order ? -1 : 1;
  if (ca->neg_length != cb->neg_length)
    return ca->neg_length < cb->neg_length ? -1 : 1;
  if (ca->link != cb->link)
    return ca->link < cb->link ? -1 : 1;
  return ca->shift - cb->shift;
}

/* Long-distance arcs fade so that they do not hide the regional ones.
 * "Long" is measured twice: against the size of the busy area (the same at
 * every zoom), and in pixels, since an arc crossing the view many times
 * over tells little there but covers much. */
static double
length_fade (View                *view,
             const TaNetworkLink *link)
{
  double long_arc = 2 * sqrt (ta_network_get_busy_area (view->network));
  double fade = 1.0;

  if (link->length > long_arc)
    fade *= sqrt (long_arc / link->length);
  if (link->length * view->ppu > LONG_ARC_PIXELS)
    fade *= sqrt (LONG_ARC_PIXELS / (link->length * view->ppu));

  return MAX (fade, 0.2);
}

/* An arc's opacity: low where arcs crowd, so that a dense region shows as
 * a dense region and not as a solid patch, yet a lone arc stays clear.
 * The crowding times the line width over the pixel size is how many times
 * over the arcs there would cover the map, C; an opacity of about 1/C
 * keeps the ink of crowded places near half.  Thinned arcs stand for k
 * arcs each. */
static double
link_alpha (View                *view,
            guint                index,
            const TaNetworkLink *link)
{
  double coverage = ta_network_get_link_crowding (view->network, index) * view->line_width / view->ppu;
  double alpha = CLAMP (0.85 / (1.0 + coverage), 0.008, 0.85);

  if (view->thinning > 1)
    alpha = 1.0 - pow (1.0 - alpha, view->thinning);
  return alpha * length_fade (view, link);
}

static void
arc_path (View                *view,
          guint                index,
          int                  shift)
{
  cairo_t *cr = view->cr;
  guint n_points, n_draw, stride;
  const double *p = ta_network_get_link_points (view->network, index, &n_points);
  const TaNetworkLink *link = ta_network_get_link (view->network, index);
  double dx = (shift - view->origin_x) * view->ppu;
  double dy = -view->origin_y * view->ppu;
  double length_px = link->length * view->ppu;

  /* Segments of about 6 px are smooth enough; far fewer points than the
   * stored arc at low zoom. */
  n_draw = (guint) CLAMP (ceil (length_px / 6.0), 1.0, (double) (n_points - 1));
  stride = MAX (1u, (n_points - 1) / n_draw);

  cairo_move_to (cr, p[0] * view->ppu + dx, p[1] * view->ppu + dy);
  for (guint i = stride; i < n_points - 1; i += stride)
    cairo_line_to (cr, p[2 * i] * view->ppu + dx, p[2 * i + 1] * view->ppu + dy);
  cairo_line_to (cr,
                 p[2 * (n_points - 1)] * view->ppu + dx,
                 p[2 * (n_points - 1) + 1] * view->ppu + dy);
}

static void
set_link_style (View                *view,
                const TaNetworkLink *link,
                double               width,
                double               alpha)
{
  cairo_t *cr = view->cr;

  cairo_set_line_width (cr, width);
  switch (link->status)
    {
    case TA_LINK_STATUS_ENDED:
      {
        double dashes[] = { 1.5 * width, 2.5 * width };

        set_rgba (cr, ENDED_RGB, alpha);
        cairo_set_dash (cr, dashes, 2, 0);
      }
      break;

    case TA_LINK_STATUS_SUSPENDED:
      {
        double dashes[] = { 4 * width, 3 * width };

        set_rgb32 (cr, kind_colors[link->kind], alpha);
        cairo_set_dash (cr, dashes, 2, 0);
      }
      break;

    case TA_LINK_STATUS_ACTIVE:
    default:
      set_rgb32 (cr, kind_colors[link->kind < TA_N_LINK_KINDS ? link->kind : TA_LINK_KIND_OTHER], alpha);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

static gboolean
draw_links (View *view)
{
  cairo_t *cr = view->cr;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  Collect collect = { candidates, view, 0 };
  double pad = (view->line_width + 1) / view->ppu;
  double x0 = view->origin_x - pad;
  double y0 = view->origin_y - pad;
  double x1 = view->origin_x + view->width / view->ppu + pad;
  double y1 = view->origin_y + view->height / view->ppu + pad;
  double dim = view->dimmed ? 0.25 : 1.0;
  int first, last;

  view_shifts (view, pad, &first, &last);
  for (int shift = first; shift <= last; shift++)
    {
      collect.shift = shift;
      ta_network_foreach_link_in_box (view->network, x0 - shift, y0, x1 - shift, y1,
                                      collect_link, &collect);
    }
  g_array_sort (candidates, candidate_compare);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Thinned haze at low zoom shows no jaggies and strokes twice as fast
   * without antialiasing. */
  if (view->raster && view->thinning > 1)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      const TaNetworkLink *link = ta_network_get_link (view->network, c->link);
      double width = view->line_width;

      if ((i & 511) == 511 && view_cancelled (view))
        {
          cairo_restore (cr);
          return FALSE;
        }

      if (link->status == TA_LINK_STATUS_ENDED)
        width *= 0.8;
      set_link_style (view, link, width, link_alpha (view, c->link, link) * dim);
      arc_path (view, c->link, c->shift);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
  return TRUE;
}

/* Towns */

/* A dot pre-drawn at device resolution: white rim, dark core.  Odd sizes,
 * so the centre is a pixel's centre and stamping needs no resampling. */
static cairo_surface_t *
make_sprite (double radius,
             double scale,
             double alpha)
{
  int size = 2 * (int) ceil (radius + 1) + 1;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);
  double c = size / 2.0;
  double rim = MAX (0.8, 0.75 * scale);

  if (radius >= 2.5 * scale)
    {
      cairo_arc (cr, c, c, radius, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
      cairo_fill (cr);
      cairo_arc (cr, c, c, radius - rim, 0, 2 * G_PI);
    }
  else
    cairo_arc (cr, c, c, radius, 0, 2 * G_PI);
  set_rgba (cr, TOWN_RGB, alpha);
  cairo_fill (cr);
  cairo_destroy (cr);

  return surface;
}

static void
stamp_town (View   *view,
            double  x,
            double  y,
            double  radius)
{
  cairo_t *cr = view->cr;
  double alpha = view->dimmed ? 0.35 : 1.0;

  if (!view->raster)
    {
      cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9 * alpha);
      cairo_fill_preserve (cr);
      set_rgba (cr, TOWN_RGB, alpha);
      cairo_new_path (cr);
      cairo_arc (cr, x, y, MAX (radius - 0.75, 0.5), 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }
  else
    {
      double device_radius = radius * view->scale;
      guint slot = (guint) CLAMP (round (device_radius * 2), 1, G_N_ELEMENTS (view->sprites) - 1);
      cairo_surface_t *sprite = view->sprites[slot];
      int size;
      double dx = x, dy = y;

      if (sprite == NULL)
        sprite = view->sprites[slot] = make_sprite (slot / 2.0, view->scale, alpha);
      size = cairo_image_surface_get_width (sprite);

      cairo_user_to_device (cr, &dx, &dy);
      dx = floor (dx) - size / 2;
      dy = floor (dy) - size / 2;

      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_set_source_surface (cr, sprite, dx, dy);
      cairo_rectangle (cr, dx, dy, size, size);
      cairo_fill (cr);
      cairo_restore (cr);
    }
}

typedef struct
{
  View     *view;
  int       shift;
  guint     min_links;
  guint     count;
  gboolean  cancelled;
} TownDraw;

static gboolean
draw_town_visit (guint    index,
                 gpointer user_data)
{
  TownDraw *draw = user_data;
  View *view = draw->view;
  const TaNetworkTown *town = ta_network_get_town (view->network, index);
  guint n = ta_network_get_town_n_visible_links (view->network, index);

  if ((++draw->count & 2047) == 0 && view_cancelled (view))
    {
      draw->cancelled = TRUE;
      return FALSE;
    }
  if (n < draw->min_links)
    return TRUE;

  stamp_town (view,
              (town->x + draw->shift - view->origin_x) * view->ppu,
              (town->y - view->origin_y) * view->ppu,
              ta_network_town_radius (n, view->zoom));
  return TRUE;
}

static gboolean
draw_towns (View *view)
{
  TownDraw draw = { view, 0, ta_network_get_town_min_links (view->network, view->zoom), 0, FALSE };
  double pad = (ta_network_town_radius (G_MAXUINT, view->zoom) + 2) / view->ppu;
  int first, last;

  view_shifts (view, pad, &first, &last);
  for (int shift = first; shift <= last && !draw.cancelled; shift++)
    {
      draw.shift = shift;
      ta_network_foreach_town_in_box (view->network,
                                      view->origin_x - pad - shift,
                                      view->origin_y - pad,
                                      view->origin_x + view->width / view->ppu + pad - shift,
                                      view->origin_y + view->height / view->ppu + pad,
                                      draw_town_visit, &draw);
    }

  return !draw.cancelled;
}

/* Selection */

static gboolean
link_shows_at (View *view,
               guint index,
               int   shift)
{
  double min_x, min_y, max_x, max_y;
  double pad = 8 / view->ppu;

  ta_network_get_link_bounds (view->network, index, &min_x, &min_y, &max_x, &max_y);
  return max_x + shift >= view->origin_x - pad &&
         min_x + shift <= view->origin_x + view->width / view->ppu + pad &&
         max_y >= view->origin_y - pad &&
         min_y <= view->origin_y + view->height / view->ppu + pad;
}

static void
draw_emphasised_link (View  *view,
                      guint  index)
{
  cairo_t *cr = view->cr;
  const TaNetworkLink *link = ta_network_get_link (view->network, index);
  double width = MAX (2.0, 1.8 * view->line_width);
  int first, last;

  view_shifts (view, 8 / view->ppu, &first, &last);
  for (int shift = first; shift <= last; shift++)
    {
      if (!link_shows_at (view, index, shift))
        continue;

      /* A light casing keeps the arc readable over the dimmed haze and
       * over any basemap colour. */
      arc_path (view, index, shift);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, width + 2.5);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
      cairo_stroke (cr);

      arc_path (view, index, shift);
      set_link_style (view, link, width, 0.95);
      cairo_stroke (cr);
    }
}

/* The x positions at which a town shows, one per world shift. */
static void
town_positions (View   *view,
                guint   index,
                double *xs,
                guint  *n)
{
  const TaNetworkTown *town = ta_network_get_town (view->network, index);
  int first, last;

  *n = 0;
  view_shifts (view, 0, &first, &last);
  for (int shift = first; shift <= last && *n < 4; shift++)
    {
      double x = (town->x + shift - view->origin_x) * view->ppu;

      if (x >= -200 && x <= view->width + 200)
        xs[(*n)++] = x;
    }
}

static void
draw_vector_town (View     *view,
                  guint     index,
                  gboolean  ring)
{
  cairo_t *cr = view->cr;
  const TaNetworkTown *town = ta_network_get_town (view->network, index);
  double radius = ta_network_town_radius (ta_network_get_town_n_visible_links (view->network, index),
                                          view->zoom);
  double y = (town->y - view->origin_y) * view->ppu;
  double xs[4];
  guint n;

  radius = MAX (radius, 2.5);
  town_positions (view, index, xs, &n);
  for (guint i = 0; i < n; i++)
    {
      cairo_new_path (cr);
      cairo_arc (cr, xs[i], y, radius, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      cairo_arc (cr, xs[i], y, radius - 0.9, 0, 2 * G_PI);
      set_rgba (cr, TOWN_RGB, 1.0);
      cairo_fill (cr);

      if (ring)
        {
          cairo_arc (cr, xs[i], y, radius + 4, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
          cairo_set_line_width (cr, 5);
          cairo_stroke_preserve (cr);
          set_rgba (cr, RING_RGB, 1.0);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
        }
    }
}

typedef struct
{
  double x0, y0, x1, y1;
} Box;

static gboolean
boxes_overlap (const Box *a,
               const Box *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Puts a label right of, left of, above or below the dot, the first place
 * that overlaps no label placed before; skips it when none is free. */
static void
draw_label (View       *view,
            GArray     *placed,
            guint       index,
            gboolean    main_town)
{
  cairo_t *cr = view->cr;
  const TaNetworkTown *town = ta_network_get_town (view->network, index);
  double radius = MAX (2.5, ta_network_town_radius (ta_network_get_town_n_visible_links (view->network, index),
                                                    view->zoom)) + (main_town ? 5 : 2);
  double y = (town->y - view->origin_y) * view->ppu;
  cairo_text_extents_t ext;
  double xs[4];
  guint n;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          main_town ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, main_town ? 14 : 11.5);
  cairo_text_extents (cr, town->name, &ext);

  town_positions (view, index, xs, &n);
  for (guint i = 0; i < n; i++)
    {
      /* Baseline origins that put the ink right, left, above, below. */
      double middle = y - (ext.y_bearing + ext.height / 2);
      double centre = xs[i] - (ext.x_bearing + ext.width / 2);
      double places[4][2] = {
        { xs[i] + radius + 1 - ext.x_bearing, middle },
        { xs[i] - radius - 1 - (ext.x_bearing + ext.width), middle },
        { centre, y - radius - 2 - (ext.y_bearing + ext.height) },
        { centre, y + radius + 2 - ext.y_bearing },
      };

      for (guint c = 0; c < G_N_ELEMENTS (places); c++)
        {
          double tx = places[c][0];
          double ty = places[c][1];
          Box box = { tx + ext.x_bearing - 2, ty + ext.y_bearing - 2,
                      tx + ext.x_bearing + ext.width + 2, ty + ext.y_bearing + ext.height + 2 };
          gboolean free_place = TRUE;

          for (guint p = 0; p < placed->len && free_place; p++)
            free_place = !boxes_overlap (&box, &g_array_index (placed, Box, p));
          if (!free_place)
            continue;

          g_array_append_val (placed, box);
          cairo_new_path (cr);
          cairo_move_to (cr, tx, ty);
          cairo_text_path (cr, town->name);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_width (cr, 3.5);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
          cairo_stroke_preserve (cr);
          set_rgba (cr, LABEL_RGB, 1.0);
          cairo_fill (cr);
          break;
        }
    }
}

/* The selected town's links (or the selected link) over everything, their
 * towns as full dots, a ring round the selection and names. */
static void
draw_selection (View *view)
{
  TaNetwork *network = view->network;
  int town = view->options->selected_town;
  int link = view->options->selected_link;
  g_autoptr(GArray) partners = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Box));
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  cairo_t *cr = view->cr;

  if (town >= (int) ta_network_get_n_towns (network))
    town = -1;
  if (link >= (int) ta_network_get_n_links (network))
    link = -1;
  if (town < 0 && link < 0)
    return;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  if (town >= 0)
    {
      guint n_links;
      const guint *links = ta_network_get_town_links (network, town, &n_links);

      for (guint i = 0; i < n_links; i++)
        {
          const TaNetworkLink *l = ta_network_get_link (network, links[i]);
          guint partner = l->town_a == (guint) town ? l->town_b : l->town_a;

          draw_emphasised_link (view, links[i]);
          g_array_append_val (partners, partner);
        }
      g_array_append_val (rings, town);
    }

  if (link >= 0)
    {
      const TaNetworkLink *l = ta_network_get_link (network, link);

      draw_emphasised_link (view, link);
      g_array_append_val (rings, l->town_a);
      g_array_append_val (rings, l->town_b);
    }

  for (guint i = 0; i < partners->len; i++)
    draw_vector_town (view, g_array_index (partners, guint, i), FALSE);
  for (guint i = 0; i < rings->len; i++)
    draw_vector_town (view, g_array_index (rings, guint, i), TRUE);

  /* Names: the selection first, so it always gets its place. */
  for (guint i = 0; i < rings->len; i++)
    draw_label (view, placed, g_array_index (rings, guint, i), TRUE);
  for (guint i = 0; i < partners->len && i < MAX_LABELS; i++)
    draw_label (view, placed, g_array_index (partners, guint, i), FALSE);

  cairo_restore (cr);
}

static gboolean
render (View *view)
{
  TaNetworkRenderParts parts = view->options->parts;
  gboolean ok = TRUE;

  cairo_save (view->cr);
  cairo_rectangle (view->cr, 0, 0, view->width, view->height);
  cairo_clip (view->cr);

  if ((parts & TA_NETWORK_RENDER_LINKS) && !view_cancelled (view))
    ok = draw_links (view);
  if (ok && (parts & TA_NETWORK_RENDER_TOWNS) && !view_cancelled (view))
    ok = draw_towns (view);
  if (ok && (parts & TA_NETWORK_RENDER_SELECTION))
    draw_selection (view);

  cairo_restore (view->cr);
  return ok && !view_cancelled (view);
}

gboolean
ta_network_render_tile (TaNetwork                    *network,
                        cairo_t                      *cr,
                        guint                         zoom,
                        int                           tile_x,
                        int                           tile_y,
                        guint                         tile_size,
                        double                        scale_factor,
                        const TaNetworkRenderOptions *options)
{
  TaNetworkRenderOptions defaults;
  double world;
  gboolean ok;
  View view;

  g_return_val_if_fail (TA_IS_NETWORK (network), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (tile_size > 0 && scale_factor > 0, FALSE);

  if (options == NULL)
    {
      ta_network_render_options_init (&defaults);
      options = &defaults;
    }

  world = ta_projection_world_size (zoom);
  cairo_save (cr);
  cairo_scale (cr, scale_factor, scale_factor);
  view_init (&view, network, cr, zoom,
             (double) tile_x * tile_size / world, (double) tile_y * tile_size / world,
             tile_size, tile_size, scale_factor, tile_size, options);
  ok = render (&view);
  view_clear (&view);
  cairo_restore (cr);

  return ok;
}

gboolean
ta_network_render_view (TaNetwork                    *network,
                        cairo_t                      *cr,
                        double                        zoom,
                        double                        origin_x,
                        double                        origin_y,
                        double                        width,
                        double                        height,
                        const TaNetworkRenderOptions *options)
{
  TaNetworkRenderOptions defaults;
  double sx = 1, sy = 0;
  gboolean ok;
  View view;

  g_return_val_if_fail (TA_IS_NETWORK (network), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  if (options == NULL)
    {
      ta_network_render_options_init (&defaults);
      options = &defaults;
    }

  cairo_user_to_device_distance (cr, &sx, &sy);
  /* Density is tuned for 512-pixel tiles; a bigger view must not thin
   * more than the tiles around it would. */
  view_init (&view, network, cr, zoom, origin_x, origin_y, width, height,
             MAX (hypot (sx, sy), 0.01), 512, options);
  ok = render (&view);
  view_clear (&view);

  return ok;
}

gboolean
ta_network_render_area (TaNetwork                    *network,
                        cairo_t                      *cr,
                        double                        west,
                        double                        south,
                        double                        east,
                        double                        north,
                        double                        width,
                        double                        height,
                        const TaNetworkRenderOptions *options)
{
  double x0 = ta_projection_lon_to_unit_x (west);
  double x1 = ta_projection_lon_to_unit_x (east);
  double y0 = ta_projection_lat_to_unit_y (MAX (north, south));
  double y1 = ta_projection_lat_to_unit_y (MIN (north, south));
  double ppu, zoom;

  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (x1 <= x0)
    x1 += 1.0;
  ppu = MIN (width / MAX (x1 - x0, 1e-9), height / MAX (y1 - y0, 1e-9));
  zoom = log2 (ppu / TA_PROJECTION_TILE_SIZE);

  return ta_network_render_view (network, cr, zoom,
                                 (x0 + x1) / 2 - width / 2 / ppu,
                                 (y0 + y1) / 2 - height / 2 / ppu,
                                 width, height, options);
}
