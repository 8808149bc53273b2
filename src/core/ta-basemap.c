/* ta-basemap.c: the offline basemap, drawn with cairo from a compiled file
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The basemap is compiled at build time by twin-atlas-compile-basemap from
 * Natural Earth, the QGIS world map (admin-1) and GeoNames into one file,
 * basemap.bin, which is mapped read-only here.  Nothing is parsed or
 * built at load time beyond a bounds check of every index, so loading takes
 * a few milliseconds, and a TaBasemap never changes afterwards: any number
 * of threads may render from it at once (every render call keeps its state
 * on its own stack, Pango's default font map is per thread).
 *
 * File format, version 1.  All integers are little-endian, every section
 * starts at an 8-byte aligned offset, structs are in ta-basemap-private.h:
 *
 *   TaBasemapHeader   "TABASEMP", version, sizes and section offsets, the
 *                     feature range of each layer, and a hash of the rest
 *                     of the file (part of the basemap id, so tile caches
 *                     notice new data).
 *   features          TaBasemapFeature[n_features], grouped by layer:
 *                     land, lakes, rivers, coastline, admin-1 lines,
 *                     country borders.  Each has its full-detail bounding
 *                     box, a zoom range, a rank (river width class) and,
 *                     per detail level, a range of parts.  A polygon
 *                     feature is one polygon: its exterior ring and holes,
 *                     exteriors counter-clockwise (y down), holes clockwise,
 *                     so the non-zero fill rule handles holes and enclaves
 *                     even when many polygons share one path.
 *   parts             TaBasemapPart[n_parts]: a ring or a line string, a
 *                     range of points.
 *   points            TaBasemapPoint[n_points]: Web Mercator unit square
 *                     (0,0 = 180°W 85.05°N) times 2^30, as int32.
 *   labels            TaBasemapLabel[n_labels]: anchor, name, kind, text
 *                     size, and for each zoom 0..15 where the text goes,
 *                     or nothing.  Placement is done by the compiler, once
 *                     for the whole world per zoom (greedy by rank), so
 *                     every tile agrees about it and a label crossing a
 *                     tile edge is drawn by both tiles, halves meeting.
 *                     Sorted by the grid cell of their anchor.
 *   label cells       guint32[GRID * GRID + 1]: the first label of each
 *                     cell of a GRID x GRID grid over the unit square, row
 *                     by row; the last entry is n_labels.
 *   strings           UTF-8 label names, not NUL-terminated.
 *
 * Detail levels: each feature is stored four times, simplified with
 * Douglas-Peucker to half a pixel at zoom 2, 5 and 8, and at full detail.
 * Polygons are simplified arc by arc between the vertices shared by three
 * or more rings, so neighbouring countries keep identical borders and no
 * sea shows through between them.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-basemap-private.h"
#include "ta-paths.h"
#include "ta-projection.h"

/* Bump when the drawing changes, so tile caches keyed by the id expire. */
#define STYLE_VERSION 1

#define FONT_FAMILY "Cantarell, Nimbus Sans, Noto Sans, DejaVu Sans, sans-serif"

/* Room around the view for line widths and halos, in px at scale 1. */
#define CLIP_MARGIN 8.0

/* Text halo width, in px at scale 1. */
#define HALO_WIDTH 3.0

#define LE32(v)  GUINT32_FROM_LE (v)
#define LEI32(v) GINT32_FROM_LE (v)
#define LE16(v)  GUINT16_FROM_LE (v)

struct _TaBasemap
{
  GObject                 parent_instance;

  /* Owned */
  GMappedFile            *file;
  char                   *id;

  /* Borrowed from the mapped file */
  const TaBasemapHeader  *header;
  const TaBasemapFeature *features;
  const TaBasemapPart    *parts;
  const TaBasemapPoint   *points;
  const TaBasemapLabel   *labels;
  const guint32          *label_cells;
  const char             *strings;
  guint32                 n_features;
  guint32                 n_parts;
  guint32                 n_points;
  guint32                 n_labels;
};

G_DEFINE_FINAL_TYPE (TaBasemap, ta_basemap, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-basemap-error-quark, ta_basemap_error)

typedef struct
{
  double      size;
  PangoWeight weight;
  guint32     color;
  double      dot_radius;
} LabelStyle;

static const LabelStyle label_styles[TA_BASEMAP_N_LABEL_KINDS] = {
  [TA_BASEMAP_LABEL_TOWN] = { 11.0, PANGO_WEIGHT_NORMAL, 0x4b4b4e, 2.0 },
  [TA_BASEMAP_LABEL_CITY] = { 12.0, PANGO_WEIGHT_NORMAL, TA_BASEMAP_COLOR_TEXT, 2.5 },
  [TA_BASEMAP_LABEL_LARGE_CITY] = { 13.0, PANGO_WEIGHT_MEDIUM, TA_BASEMAP_COLOR_TEXT, 3.0 },
  [TA_BASEMAP_LABEL_CAPITAL] = { 13.0, PANGO_WEIGHT_BOLD, TA_BASEMAP_COLOR_TEXT, 3.5 },
  [TA_BASEMAP_LABEL_COUNTRY] = { 13.0, PANGO_WEIGHT_BOLD, TA_BASEMAP_COLOR_COUNTRY, 0.0 },
};

/* One render: where the view is and scratch space, all on the caller's
 * stack so that threads never share anything mutable. */
typedef struct
{
  cairo_t *cr;
  double   origin_x;       /* unit square coordinates of user (0, 0) */
  double   origin_y;
  double   k;              /* user units per unit-square unit */
  double   width;          /* of the view, user units */
  double   height;
  double   sf;             /* scale factor: line widths and text */
  double   zoom;           /* logical zoom: what the styles depend on */
  int      zoom_step;      /* floor of it, for zoom ranges */
  guint    level;
  double   clip[4];        /* x0, y0, x1, y1 in user units */
  gint32   cull[4];        /* the clip rectangle in fixed units */
  GArray  *scratch_a;      /* doubles, x y pairs */
  GArray  *scratch_b;
} View;

/* Style helpers */

static void
set_source_hex (cairo_t *cr,
                guint32  rgb,
                double   alpha)
{
  cairo_set_source_rgba (cr,
                         ((rgb >> 16) & 0xff) / 255.0,
                         ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0,
                         alpha);
}

guint
ta_basemap_level_for_zoom (double zoom)
{
  double step = floor (zoom + 0.25);

  if (step <= 2)
    return 0;
  if (step <= 5)
    return 1;
  if (step <= 8)
    return 2;
  return 3;
}

guint
ta_basemap_level_max_zoom (guint level)
{
  static const guint max_zoom[TA_BASEMAP_N_LEVELS] = { 2, 5, 8, 14 };

  g_return_val_if_fail (level < TA_BASEMAP_N_LEVELS, 14);

  return max_zoom[level];
}

void
ta_basemap_setup_pango_context (PangoContext *context)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: text must lay out the same at every scale and at
   * every subpixel offset, or label halves would not meet at tile edges. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
}

PangoLayout *
ta_basemap_label_layout_new (PangoContext       *context,
                             TaBasemapLabelKind  kind,
                             const char         *text,
                             int                 length,
                             double              scale_factor)
{
  const LabelStyle *style;
  PangoLayout *layout;
  PangoFontDescription *font;

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (kind < TA_BASEMAP_N_LABEL_KINDS, NULL);

  style = &label_styles[kind];
  layout = pango_layout_new (context);

  font = pango_font_description_from_string (FONT_FAMILY);
  pango_font_description_set_absolute_size (font, style->size * scale_factor * PANGO_SCALE);
  pango_font_description_set_weight (font, style->weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_text (layout, text, length);

  if (kind == TA_BASEMAP_LABEL_COUNTRY)
    {
      PangoRectangle logical;

      /* Long country names ("Central African Rep.") wrap into a centred
       * block; the block is then narrowed to its widest line so that its
       * logical rectangle starts at x = 0 like every other label's. */
      pango_layout_set_width (layout, (int) (120.0 * scale_factor * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_extents (layout, NULL, &logical);
      pango_layout_set_width (layout, logical.width + 1);
    }

  return layout;
}

double
ta_basemap_label_dot_radius (TaBasemapLabelKind kind)
{
  g_return_val_if_fail (kind < TA_BASEMAP_N_LABEL_KINDS, 0.0);

  return label_styles[kind].dot_radius;
}

void
ta_basemap_label_geometry (TaBasemapLabelKind  kind,
                           TaBasemapPosition   position,
                           double              width,
                           double              height,
                           double             *text_x,
                           double             *text_y,
                           TaBasemapBox       *box)
{
  const double gap = 2.5;
  const double padding = 2.0;
  double r = ta_basemap_label_dot_radius (kind);
  double x = -width / 2.0;
  double y = -height / 2.0;

  switch (position)
    {
    case TA_BASEMAP_POSITION_RIGHT:
      x = r + gap;
      break;
    case TA_BASEMAP_POSITION_LEFT:
      x = -r - gap - width;
      break;
    case TA_BASEMAP_POSITION_ABOVE:
      y = -r - 1.0 - height;
      break;
    case TA_BASEMAP_POSITION_BELOW:
      y = r + 1.0;
      break;
    case TA_BASEMAP_POSITION_CENTER_ABOVE:
      y -= height * 0.75;
      break;
    case TA_BASEMAP_POSITION_CENTER_BELOW:
      y += height * 0.75;
      break;
    case TA_BASEMAP_POSITION_CENTER_LEFT:
      x -= width * 0.4;
      break;
    case TA_BASEMAP_POSITION_CENTER_RIGHT:
      x += width * 0.4;
      break;
    case TA_BASEMAP_POSITION_CENTER:
    case TA_BASEMAP_POSITION_NONE:
    case TA_BASEMAP_N_POSITIONS:
    default:
      break;
    }

  if (text_x != NULL)
    *text_x = x;
  if (text_y != NULL)
    *text_y = y;

  if (box != NULL)
    {
      box->x0 = MIN (x, -r) - padding;
      box->y0 = MIN (y, -r) - padding;
      box->x1 = MAX (x + width, r) + padding;
      box->y1 = MAX (y + height, r) + padding;
    }
}

/* Geometry: transform, clip and add to the current path */

static inline double
fixed_to_user_x (const View *view,
                 gint32      x)
{
  return (x / TA_BASEMAP_FIXED_ONE - view->origin_x) * view->k;
}

static inline double
fixed_to_user_y (const View *view,
                 gint32      y)
{
  return (y / TA_BASEMAP_FIXED_ONE - view->origin_y) * view->k;
}

static gboolean
feature_visible (const View             *view,
                 const TaBasemapFeature *feature)
{
  if (view->zoom_step < feature->min_zoom || view->zoom_step > feature->max_zoom)
    return FALSE;

  return LEI32 (feature->bbox[0]) <= view->cull[2] &&
         LEI32 (feature->bbox[2]) >= view->cull[0] &&
         LEI32 (feature->bbox[1]) <= view->cull[3] &&
         LEI32 (feature->bbox[3]) >= view->cull[1];
}

static gboolean
feature_inside_clip (const View             *view,
                     const TaBasemapFeature *feature)
{
  return LEI32 (feature->bbox[0]) >= view->cull[0] &&
         LEI32 (feature->bbox[2]) <= view->cull[2] &&
         LEI32 (feature->bbox[1]) >= view->cull[1] &&
         LEI32 (feature->bbox[3]) <= view->cull[3];
}

static void
load_part (TaBasemap           *self,
           const View          *view,
           const TaBasemapPart *part,
           GArray              *out)
{
  const TaBasemapPoint *point = self->points + LE32 (part->first_point);
  guint32 n = LE32 (part->n_points);

  g_array_set_size (out, 2 * n);
  for (guint32 i = 0; i < n; i++)
    {
      g_array_index (out, double, 2 * i) = fixed_to_user_x (view, LEI32 (point[i].x));
      g_array_index (out, double, 2 * i + 1) = fixed_to_user_y (view, LEI32 (point[i].y));
    }
}

/* One Sutherland-Hodgman pass: keep the side of the line where
 * coordinate @axis is >= @limit (sign 1) or <= @limit (sign -1). */
static void
clip_ring_edge (const GArray *in,
                GArray       *out,
                guint         axis,
                double        limit,
                double        sign)
{
  guint n = in->len / 2;

  g_array_set_size (out, 0);
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &g_array_index (in, double, 2 * ((i + n - 1) % n));
      const double *b = &g_array_index (in, double, 2 * i);
      gboolean a_in = (a[axis] - limit) * sign >= 0;
      gboolean b_in = (b[axis] - limit) * sign >= 0;

      if (a_in != b_in)
        {
          double t = (limit - a[axis]) / (b[axis] - a[axis]);
          double p[2];

          p[0] = a[0] + t * (b[0] - a[0]);
          p[1] = a[1] + t * (b[1] - a[1]);
          p[axis] = limit;
          g_array_append_vals (out, p, 2);
        }
      if (b_in)
        g_array_append_vals (out, b, 2);
    }
}

static void
path_from_points (cairo_t      *cr,
                  const GArray *points,
                  gboolean      close)
{
  guint n = points->len / 2;

  if (n < 2)
    return;

  cairo_move_to (cr, g_array_index (points, double, 0), g_array_index (points, double, 1));
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, g_array_index (points, double, 2 * i), g_array_index (points, double, 2 * i + 1));
  if (close)
    cairo_close_path (cr);
}

static void
add_polygon (TaBasemap              *self,
             View                   *view,
             const TaBasemapFeature *feature)
{
  guint32 first = LE32 (feature->first_part[view->level]);
  guint32 n_parts = LE32 (feature->n_parts[view->level]);
  gboolean inside = feature_inside_clip (view, feature);

  for (guint32 p = first; p < first + n_parts; p++)
    {
      load_part (self, view, &self->parts[p], view->scratch_a);

      /* Clipping keeps coordinates inside cairo's fixed-point range at
       * deep zooms and spares it the edges far outside the view. */
      if (!inside)
        {
          clip_ring_edge (view->scratch_a, view->scratch_b, 0, view->clip[0], 1);
          clip_ring_edge (view->scratch_b, view->scratch_a, 0, view->clip[2], -1);
          clip_ring_edge (view->scratch_a, view->scratch_b, 1, view->clip[1], 1);
          clip_ring_edge (view->scratch_b, view->scratch_a, 1, view->clip[3], -1);
        }

      if (view->scratch_a->len >= 6)
        path_from_points (view->cr, view->scratch_a, TRUE);
    }
}

/* Liang-Barsky: the part [t0, t1] of segment a-b inside the clip box. */
static gboolean
clip_segment (const View *view,
              const double *a,
              const double *b,
              double       *t0,
              double       *t1)
{
  double d[2] = { b[0] - a[0], b[1] - a[1] };

  *t0 = 0.0;
  *t1 = 1.0;

  for (guint axis = 0; axis < 2; axis++)
    {
      double lo = view->clip[axis];
      double hi = view->clip[axis + 2];

      if (d[axis] == 0.0)
        {
          if (a[axis] < lo || a[axis] > hi)
            return FALSE;
          continue;
        }

      {
        double ta = (lo - a[axis]) / d[axis];
        double tb = (hi - a[axis]) / d[axis];

        if (ta > tb)
          {
            double swap = ta;
            ta = tb;
            tb = swap;
          }
        *t0 = MAX (*t0, ta);
        *t1 = MIN (*t1, tb);
        if (*t0 > *t1)
          return FALSE;
      }
    }

  return TRUE;
}

/* Adds the visible pieces of a line.  With @dash_period > 0 every piece
 * starts a whole number of periods before the point where it enters the
 * view (measured from the start of the line, outside the view), because
 * cairo restarts the dash pattern at each sub-path: so the pattern runs on
 * unbroken across tile edges. */
static void
add_line (TaBasemap              *self,
          View                   *view,
          const TaBasemapFeature *feature,
          double                  dash_period)
{
  guint32 first = LE32 (feature->first_part[view->level]);
  guint32 n_parts = LE32 (feature->n_parts[view->level]);

  for (guint32 p = first; p < first + n_parts; p++)
    {
      const GArray *pts = view->scratch_a;
      gboolean pen_down = FALSE;
      double length = 0.0;
      guint n;

      load_part (self, view, &self->parts[p], view->scratch_a);
      n = pts->len / 2;

      for (guint i = 1; i < n; i++)
        {
          const double *a = &g_array_index (pts, double, 2 * (i - 1));
          const double *b = &g_array_index (pts, double, 2 * i);
          double dx = b[0] - a[0];
          double dy = b[1] - a[1];
          double seg = hypot (dx, dy);
          double t0, t1;

          if (seg == 0.0)
            continue;

          if (!clip_segment (view, a, b, &t0, &t1))
            {
              pen_down = FALSE;
              length += seg;
              continue;
            }

          if (!pen_down || t0 > 0.0)
            {
              double back = 0.0;

              if (dash_period > 0.0)
                back = fmod (length + t0 * seg, dash_period);
              cairo_move_to (view->cr,
                             a[0] + dx * t0 - dx / seg * back,
                             a[1] + dy * t0 - dy / seg * back);
              pen_down = TRUE;
            }

          cairo_line_to (view->cr, a[0] + dx * t1, a[1] + dy * t1);
          if (t1 < 1.0)
            pen_down = FALSE;

          length += seg;
        }
    }
}

static void
fill_layer (TaBasemap      *self,
            View           *view,
            TaBasemapLayer  layer,
            guint32         rgb)
{
  guint32 first = LE32 (self->header->layer_first[layer]);
  guint32 count = LE32 (self->header->layer_count[layer]);

  cairo_new_path (view->cr);
  for (guint32 i = first; i < first + count; i++)
    {
      if (feature_visible (view, &self->features[i]))
        add_polygon (self, view, &self->features[i]);
    }

  /* One fill for the whole layer: countries sharing a border must not
   * show antialiasing seams between them. */
  cairo_set_fill_rule (view->cr, CAIRO_FILL_RULE_WINDING);
  set_source_hex (view->cr, rgb, 1.0);
  cairo_fill (view->cr);
}

/* Adds the features of @layer with rank @rank (or any rank, if -1) and
 * with flags & @flag_mask == @flags. */
static gboolean
add_lines (TaBasemap      *self,
           View           *view,
           TaBasemapLayer  layer,
           int             rank,
           guint8          flag_mask,
           guint8          flags,
           double          dash_period)
{
  guint32 first = LE32 (self->header->layer_first[layer]);
  guint32 count = LE32 (self->header->layer_count[layer]);
  gboolean any = FALSE;

  cairo_new_path (view->cr);
  for (guint32 i = first; i < first + count; i++)
    {
      const TaBasemapFeature *feature = &self->features[i];

      if ((rank >= 0 && feature->rank != rank) ||
          (feature->flags & flag_mask) != flags ||
          !feature_visible (view, feature))
        continue;

      add_line (self, view, feature, dash_period);
      any = TRUE;
    }

  return any;
}

static void
stroke_path (View    *view,
             double   width,
             guint32  rgb,
             double   alpha)
{
  cairo_set_line_width (view->cr, width * view->sf);
  set_source_hex (view->cr, rgb, alpha);
  cairo_stroke_preserve (view->cr);
}

/* Layers */

static double
zoom_ramp (const View   *view,
           const double *widths,
           guint         n_widths)
{
  int step = CLAMP (view->zoom_step, 0, (int) n_widths - 1);

  return widths[step];
}

static void
draw_rivers (TaBasemap *self,
             View      *view)
{
  /* Width of a rank-0 (major) river per zoom; lesser ranks are thinner. */
  static const double widths[] = { 0.5, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.4, 1.7, 2.0, 2.3, 2.6, 3.0 };
  static const double rank_factor[] = { 1.0, 0.8, 0.65, 0.5 };

  cairo_set_line_cap (view->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (view->cr, CAIRO_LINE_JOIN_ROUND);

  for (int rank = G_N_ELEMENTS (rank_factor) - 1; rank >= 0; rank--)
    {
      double width = zoom_ramp (view, widths, G_N_ELEMENTS (widths)) * rank_factor[rank];

      if (add_lines (self, view, TA_BASEMAP_LAYER_RIVERS, rank, 0, 0, 0.0))
        stroke_path (view, MAX (width, 0.45), TA_BASEMAP_COLOR_RIVER, 1.0);
      cairo_new_path (view->cr);
    }
}

static void
draw_coastline (TaBasemap *self,
                View      *view)
{
  static const double widths[] = { 0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.7, 0.7, 0.8 };

  if (add_lines (self, view, TA_BASEMAP_LAYER_COASTLINE, -1, 0, 0, 0.0))
    stroke_path (view, zoom_ramp (view, widths, G_N_ELEMENTS (widths)), 0x86aac6, 0.9);
  cairo_new_path (view->cr);
}

static void
draw_admin1 (TaBasemap *self,
             View      *view)
{
  static const double widths[] = { 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3 };
  double width = zoom_ramp (view, widths, G_N_ELEMENTS (widths));
  double dashes[2] = { 0.0, 3.0 * width * view->sf };

  if (add_lines (self, view, TA_BASEMAP_LAYER_ADMIN1, -1, 0, 0, dashes[1]))
    {
      cairo_set_line_cap (view->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (view->cr, dashes, 2, 0.0);
      stroke_path (view, width, TA_BASEMAP_COLOR_ADMIN1, 1.0);
      cairo_set_dash (view->cr, NULL, 0, 0.0);
    }
  cairo_new_path (view->cr);
}

static void
draw_borders (TaBasemap *self,
              View      *view)
{
  static const double widths[] = { 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5 };
  static const double halos[] = { 0.0, 0.0, 0.0, 0.0, 2.5, 4.0, 5.0, 6.0, 6.0, 7.0, 7.0 };
  double width = zoom_ramp (view, widths, G_N_ELEMENTS (widths));
  double halo = zoom_ramp (view, halos, G_N_ELEMENTS (halos));
  double dashes[2] = { 4.0 * view->sf, 2.5 * view->sf };

  cairo_set_line_cap (view->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (view->cr, CAIRO_LINE_JOIN_ROUND);

  /* Settled borders: a soft halo under a solid line. */
  if (add_lines (self, view, TA_BASEMAP_LAYER_BORDERS, -1, TA_BASEMAP_FEATURE_DISPUTED, 0, 0.0))
    {
      if (halo > 0.0)
        stroke_path (view, halo, 0xcdbfd8, 0.45);
      stroke_path (view, width, TA_BASEMAP_COLOR_BORDER, 1.0);
    }
  cairo_new_path (view->cr);

  /* Disputed lines and lines of control: dashed, without a halo. */
  if (add_lines (self, view, TA_BASEMAP_LAYER_BORDERS, -1, TA_BASEMAP_FEATURE_DISPUTED,
                 TA_BASEMAP_FEATURE_DISPUTED, dashes[0] + dashes[1]))
    {
      cairo_set_line_cap (view->cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (view->cr, dashes, 2, 0.0);
      stroke_path (view, width, TA_BASEMAP_COLOR_BORDER, 0.9);
      cairo_set_dash (view->cr, NULL, 0, 0.0);
    }
  cairo_new_path (view->cr);
}

/* Labels */

static void
draw_dot (cairo_t            *cr,
          TaBasemapLabelKind  kind,
          double              x,
          double              y,
          double              sf)
{
  double r = ta_basemap_label_dot_radius (kind) * sf;

  if (r <= 0.0)
    return;

  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0.0, 2 * G_PI);

  if (kind == TA_BASEMAP_LABEL_CAPITAL)
    {
      /* A ring with a centre, as atlases mark capitals. */
      set_source_hex (cr, 0xffffff, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.2 * sf);
      set_source_hex (cr, 0x3a3a3c, 1.0);
      cairo_stroke (cr);
      cairo_arc (cr, x, y, r * 0.42, 0.0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    {
      set_source_hex (cr, 0x55555a, 1.0);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 0.8 * sf);
      set_source_hex (cr, 0xffffff, 0.9);
      cairo_stroke (cr);
    }
}

static void
draw_label (TaBasemap            *self,
            View                 *view,
            PangoContext         *context,
            const TaBasemapLabel *label,
            TaBasemapPosition     position)
{
  TaBasemapLabelKind kind = label->kind;
  double sf = view->sf;
  double ax = fixed_to_user_x (view, LEI32 (label->x));
  double ay = fixed_to_user_y (view, LEI32 (label->y));
  double text_x, text_y;
  double halo = HALO_WIDTH;
  TaBasemapBox box;
  g_autoptr(PangoLayout) layout = NULL;

  ta_basemap_label_geometry (kind, position, LE16 (label->width) / 4.0, LE16 (label->height) / 4.0,
                             &text_x, &text_y, &box);

  /* Only labels that reach into the view; the others are drawn by the
   * tiles they do reach. */
  if (ax + (box.x1 + halo) * sf < 0 || ax + (box.x0 - halo) * sf > view->width ||
      ay + (box.y1 + halo) * sf < 0 || ay + (box.y0 - halo) * sf > view->height)
    return;

  draw_dot (view->cr, kind, ax, ay, sf);

  layout = ta_basemap_label_layout_new (context, kind,
                                        self->strings + LE32 (label->name_offset),
                                        LE16 (label->name_length), sf);

  cairo_new_path (view->cr);
  cairo_move_to (view->cr, ax + text_x * sf, ay + text_y * sf);
  pango_cairo_layout_path (view->cr, layout);
  cairo_set_line_width (view->cr, halo * sf);
  cairo_set_line_join (view->cr, CAIRO_LINE_JOIN_ROUND);
  set_source_hex (view->cr, 0xfdfcfa, 0.85);
  cairo_stroke (view->cr);

  cairo_move_to (view->cr, ax + text_x * sf, ay + text_y * sf);
  set_source_hex (view->cr, label_styles[kind].color, 1.0);
  pango_cairo_show_layout (view->cr, layout);
}

static void
draw_labels (TaBasemap *self,
             View      *view)
{
  PangoContext *context;
  double extent;
  double x0, y0, x1, y1;
  int cx0, cy0, cx1, cy1;
  guint label_zoom;

  /* Placements are made for whole zooms; below zoom 0 they would collide. */
  if (view->zoom < -0.01)
    return;
  label_zoom = MIN (view->zoom_step, TA_BASEMAP_MAX_LABEL_ZOOM);

  extent = (LE32 (self->header->max_label_extent) + HALO_WIDTH) * view->sf / view->k;
  x0 = view->origin_x - extent;
  y0 = view->origin_y - extent;
  x1 = view->origin_x + view->width / view->k + extent;
  y1 = view->origin_y + view->height / view->k + extent;

  cx0 = CLAMP ((int) floor (x0 * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  cx1 = CLAMP ((int) floor (x1 * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  cy0 = CLAMP ((int) floor (y0 * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  cy1 = CLAMP ((int) floor (y1 * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  if (x1 < 0 || y1 < 0 || x0 > 1 || y0 > 1)
    return;

  context = pango_cairo_create_context (view->cr);
  ta_basemap_setup_pango_context (context);

  for (int cy = cy0; cy <= cy1; cy++)
    {
      guint32 start = LE32 (self->label_cells[cy * TA_BASEMAP_LABEL_GRID + cx0]);
      guint32 end = LE32 (self->label_cells[cy * TA_BASEMAP_LABEL_GRID + cx1 + 1]);

      for (guint32 i = start; i < end; i++)
        {
          const TaBasemapLabel *label = &self->labels[i];
          TaBasemapPosition position = label->position[label_zoom];

          if (position != TA_BASEMAP_POSITION_NONE)
            draw_label (self, view, context, label, position);
        }
    }

  g_object_unref (context);
}

static void
render_view (TaBasemap *self,
             cairo_t   *cr,
             double     origin_x,
             double     origin_y,
             double     k,
             double     width,
             double     height,
             double     scale_factor)
{
  View view = { 0, };
  double margin = CLIP_MARGIN * scale_factor;

  view.cr = cr;
  view.origin_x = origin_x;
  view.origin_y = origin_y;
  view.k = k;
  view.width = width;
  view.height = height;
  view.sf = scale_factor;
  view.zoom = log2 (k / (TA_PROJECTION_TILE_SIZE * scale_factor));
  /* Below zoom 0 (a world map smaller than a tile) draw what zoom 0 has. */
  view.zoom_step = MAX (0, (int) floor (view.zoom + 1e-6));
  /* HiDPI output gets the detail of the zoom its pixels correspond to. */
  view.level = ta_basemap_level_for_zoom (log2 (k / TA_PROJECTION_TILE_SIZE));
  view.clip[0] = -margin;
  view.clip[1] = -margin;
  view.clip[2] = width + margin;
  view.clip[3] = height + margin;
  for (guint i = 0; i < 4; i++)
    {
      double unit = (i % 2 == 0 ? origin_x : origin_y) + view.clip[i] / k;

      view.cull[i] = (gint32) CLAMP (unit * TA_BASEMAP_FIXED_ONE, (double) G_MININT32, (double) G_MAXINT32);
    }
  view.scratch_a = g_array_new (FALSE, FALSE, sizeof (double));
  view.scratch_b = g_array_new (FALSE, FALSE, sizeof (double));

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  set_source_hex (cr, TA_BASEMAP_COLOR_SEA, 1.0);
  cairo_paint (cr);

  fill_layer (self, &view, TA_BASEMAP_LAYER_LAND, TA_BASEMAP_COLOR_LAND);
  fill_layer (self, &view, TA_BASEMAP_LAYER_LAKES, TA_BASEMAP_COLOR_SEA);
  draw_rivers (self, &view);
  draw_coastline (self, &view);
  draw_admin1 (self, &view);
  draw_borders (self, &view);
  draw_labels (self, &view);

  cairo_restore (cr);

  g_array_unref (view.scratch_a);
  g_array_unref (view.scratch_b);
}

/* Loading */

static gboolean
section_fits (gsize    file_size,
              guint32  offset,
              guint32  count,
              gsize    item_size)
{
  return offset % 8 == 0 && offset <= file_size && count <= (file_size - offset) / item_size;
}

static gboolean
invalid (const char  *path,
         const char  *what,
         GError     **error)
{
  g_set_error (error, TA_BASEMAP_ERROR, TA_BASEMAP_ERROR_INVALID,
               _("Basemap file “%s” is damaged: %s"), path, what);
  return FALSE;
}

static gboolean
check_indices (TaBasemap   *self,
               const char  *path,
               GError     **error)
{
  const TaBasemapHeader *header = self->header;

  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    {
      guint32 first = LE32 (header->layer_first[layer]);
      guint32 count = LE32 (header->layer_count[layer]);

      if (first > self->n_features || count > self->n_features - first)
        return invalid (path, _("a layer lies outside the feature table"), error);
    }

  for (guint32 i = 0; i < self->n_features; i++)
    {
      for (guint level = 0; level < TA_BASEMAP_N_LEVELS; level++)
        {
          guint32 first = LE32 (self->features[i].first_part[level]);
          guint32 count = LE32 (self->features[i].n_parts[level]);

          if (first > self->n_parts || count > self->n_parts - first)
            return invalid (path, _("a feature lies outside the part table"), error);
        }
    }

  for (guint32 i = 0; i < self->n_parts; i++)
    {
      guint32 first = LE32 (self->parts[i].first_point);
      guint32 count = LE32 (self->parts[i].n_points);

      if (first > self->n_points || count > self->n_points - first)
        return invalid (path, _("a part lies outside the point table"), error);
    }

  for (guint32 i = 0; i < self->n_labels; i++)
    {
      const TaBasemapLabel *label = &self->labels[i];
      guint32 offset = LE32 (label->name_offset);
      guint32 strings_size = LE32 (header->strings_size);

      if (offset > strings_size || LE16 (label->name_length) > strings_size - offset)
        return invalid (path, _("a label name lies outside the string table"), error);
      if (label->kind >= TA_BASEMAP_N_LABEL_KINDS)
        return invalid (path, _("a label has an unknown kind"), error);
      for (guint z = 0; z < TA_BASEMAP_N_LABEL_ZOOMS; z++)
        {
          if (label->position[z] >= TA_BASEMAP_N_POSITIONS)
            return invalid (path, _("a label has an unknown position"), error);
        }
    }

  for (guint i = 0; i < TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID; i++)
    {
      if (LE32 (self->label_cells[i]) > LE32 (self->label_cells[i + 1]))
        return invalid (path, _("the label grid is not sorted"), error);
    }
  if (LE32 (self->label_cells[0]) != 0 ||
      LE32 (self->label_cells[TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID]) != self->n_labels)
    return invalid (path, _("the label grid does not cover all labels"), error);

  return TRUE;
}

static gboolean
ta_basemap_load (TaBasemap   *self,
                 const char  *path,
                 GError     **error)
{
  const TaBasemapHeader *header;
  const char *data;
  gsize size;
  guint32 strings_offset, strings_size;

  self->file = g_mapped_file_new (path, FALSE, error);
  if (self->file == NULL)
    return FALSE;

  data = g_mapped_file_get_contents (self->file);
  size = g_mapped_file_get_length (self->file);

  if (size < sizeof (TaBasemapHeader) || memcmp (data, TA_BASEMAP_MAGIC, TA_BASEMAP_MAGIC_LENGTH) != 0)
    {
      g_set_error (error, TA_BASEMAP_ERROR, TA_BASEMAP_ERROR_INVALID,
                   _("“%s” is not a Twin Atlas basemap file"), path);
      return FALSE;
    }

  header = (const TaBasemapHeader *) data;
  if (LE32 (header->version) != TA_BASEMAP_FORMAT_VERSION ||
      LE32 (header->header_size) != sizeof (TaBasemapHeader))
    {
      g_set_error (error, TA_BASEMAP_ERROR, TA_BASEMAP_ERROR_VERSION,
                   _("Basemap file “%s” has format version %u, this program reads version %u"),
                   path, LE32 (header->version), TA_BASEMAP_FORMAT_VERSION);
      return FALSE;
    }

  if (GUINT64_FROM_LE (header->file_size) != size)
    return invalid (path, _("its length does not match its header (truncated?)"), error);

  self->header = header;
  self->n_features = LE32 (header->n_features);
  self->n_parts = LE32 (header->n_parts);
  self->n_points = LE32 (header->n_points);
  self->n_labels = LE32 (header->n_labels);
  strings_offset = LE32 (header->strings_offset);
  strings_size = LE32 (header->strings_size);

  if (!section_fits (size, LE32 (header->features_offset), self->n_features, sizeof (TaBasemapFeature)) ||
      !section_fits (size, LE32 (header->parts_offset), self->n_parts, sizeof (TaBasemapPart)) ||
      !section_fits (size, LE32 (header->points_offset), self->n_points, sizeof (TaBasemapPoint)) ||
      !section_fits (size, LE32 (header->labels_offset), self->n_labels, sizeof (TaBasemapLabel)) ||
      !section_fits (size, LE32 (header->label_cells_offset),
                     TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID + 1, sizeof (guint32)) ||
      !section_fits (size, strings_offset, strings_size, 1))
    return invalid (path, _("a section lies outside the file"), error);

  self->features = (const TaBasemapFeature *) (data + LE32 (header->features_offset));
  self->parts = (const TaBasemapPart *) (data + LE32 (header->parts_offset));
  self->points = (const TaBasemapPoint *) (data + LE32 (header->points_offset));
  self->labels = (const TaBasemapLabel *) (data + LE32 (header->labels_offset));
  self->label_cells = (const guint32 *) (data + LE32 (header->label_cells_offset));
  self->strings = data + strings_offset;

  if (!check_indices (self, path, error))
    return FALSE;

  self->id = g_strdup_printf ("twin-atlas-basemap-%u-%.*s", STYLE_VERSION,
                              16, header->data_hash);
  g_strcanon (self->id, "abcdefghijklmnopqrstuvwxyz0123456789-", '_');

  return TRUE;
}

/* GObject */

static void
ta_basemap_finalize (GObject *object)
{
  TaBasemap *self = (TaBasemap *) object;

  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (ta_basemap_parent_class)->finalize (object);
}

static void
ta_basemap_class_init (TaBasemapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_basemap_finalize;
}

static void
ta_basemap_init (TaBasemap *self)
{
}

/* Public API */

/**
 * ta_basemap_new_from_file:
 * @path: a basemap.bin written by twin-atlas-compile-basemap
 * @error: return location for an error
 *
 * Maps the file; it stays mapped for the life of the basemap.
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set
 */
TaBasemap *
ta_basemap_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(TaBasemap) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TA_TYPE_BASEMAP, NULL);
  if (!ta_basemap_load (self, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ta_basemap_new_default:
 * @error: return location for an error
 *
 * Loads basemap.bin from the data directory (see ta_paths_get_data_dir()).
 *
 * Returns: (transfer full): the basemap, or %NULL with @error set
 */
TaBasemap *
ta_basemap_new_default (GError **error)
{
  g_autofree char *path = ta_paths_get_data_file ("basemap.bin");

  return ta_basemap_new_from_file (path, error);
}

/**
 * ta_basemap_get_id:
 * @self: a #TaBasemap
 *
 * An identifier that changes whenever the data or the style change; use it
 * as (part of) a tile cache key.
 *
 * Returns: the id, owned by @self
 */
const char *
ta_basemap_get_id (TaBasemap *self)
{
  g_return_val_if_fail (TA_IS_BASEMAP (self), NULL);

  return self->id;
}

/**
 * ta_basemap_render_tile:
 * @self: a #TaBasemap
 * @cr: where to draw
 * @zoom: tile zoom level
 * @x: tile column, 0 at 180°W
 * @y: tile row, 0 at 85.05°N
 * @tile_size: tile side in logical pixels (256 for slippy maps)
 * @scale_factor: device pixels per logical pixel (2 on HiDPI)
 *
 * Draws the whole tile, labels included, into the square
 * (0, 0)-(@tile_size × @scale_factor) of @cr's user space.  Labels that
 * cross the tile's edges are drawn in part, the neighbouring tile draws the
 * rest.  Safe to call from several threads at once, with different @cr.
 */
void
ta_basemap_render_tile (TaBasemap *self,
                        cairo_t   *cr,
                        guint      zoom,
                        guint      x,
                        guint      y,
                        guint      tile_size,
                        double     scale_factor)
{
  double tiles, size;

  g_return_if_fail (TA_IS_BASEMAP (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (zoom <= 30);
  g_return_if_fail (tile_size > 0);
  g_return_if_fail (scale_factor > 0.0);

  tiles = exp2 (zoom);
  g_return_if_fail (x < tiles && y < tiles);

  size = tile_size * scale_factor;
  render_view (self, cr, x / tiles, y / tiles, size * tiles, size, size, scale_factor);
}

/**
 * ta_basemap_render_area:
 * @self: a #TaBasemap
 * @cr: where to draw
 * @west: longitude of the left edge of the area
 * @south: latitude of the bottom edge
 * @east: longitude of the right edge (less than @west across the antimeridian)
 * @north: latitude of the top edge
 * @width: width of the target rectangle in @cr's user units
 * @height: height of the target rectangle
 * @scale_factor: multiplies line widths and text sizes
 *
 * Draws the area in Web Mercator into (0, 0)-(@width, @height) of @cr as
 * vectors (suitable for PDF and SVG).  The area is scaled uniformly to fit
 * and centred; the rest of the rectangle shows the surrounding map.  The
 * detail and the labels follow the zoom level this scale corresponds to.
 */
void
ta_basemap_render_area (TaBasemap *self,
                        cairo_t   *cr,
                        double     west,
                        double     south,
                        double     east,
                        double     north,
                        double     width,
                        double     height,
                        double     scale_factor)
{
  double x0, x1, y0, y1, k;

  g_return_if_fail (TA_IS_BASEMAP (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0.0 && height > 0.0);
  g_return_if_fail (scale_factor > 0.0);

  x0 = ta_projection_lon_to_unit_x (west);
  x1 = ta_projection_lon_to_unit_x (east);
  if (x1 <= x0)
    x1 += 1.0;
  y0 = ta_projection_lat_to_unit_y (MAX (north, south));
  y1 = ta_projection_lat_to_unit_y (MIN (north, south));
  g_return_if_fail (y1 > y0);

  k = MIN (width / (x1 - x0), height / (y1 - y0));
  render_view (self, cr,
               (x0 + x1) / 2.0 - width / (2.0 * k),
               (y0 + y1) / 2.0 - height / (2.0 * k),
               k, width, height, scale_factor);
}
