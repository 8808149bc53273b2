/* ta-chart.c: bar charts and histograms drawn with cairo and Pango
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout, from the outside in: the title on top, the legend under it (two
 * or more series), the value axis on the left with round ticks (1, 2 or 5
 * times a power of ten), the category labels below the plot, thinned out
 * when they would overlap.  All sizes are in the units of the cairo_t, so
 * the same drawing serves a widget, a PNG and an SVG.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "ta-chart.h"
#include "ta-stats.h"

#define MARGIN        12.0
#define GAP           8.0
#define TITLE_FONT    "Sans Bold 13"
#define LABEL_FONT    "Sans 9"
#define LEGEND_SWATCH 10.0
#define TARGET_TICKS  5
/* Beyond this many series the smallest are summed as "Other". */
#define MAX_SERIES    6
#define MAX_BAR_WIDTH 64.0

/* Tango-like colours that stay apart on white and for most colour vision. */
static const double palette[][3] = {
  { 0.208, 0.518, 0.894 },
  { 0.902, 0.380, 0.000 },
  { 0.180, 0.620, 0.310 },
  { 0.753, 0.110, 0.157 },
  { 0.569, 0.255, 0.675 },
  { 0.533, 0.533, 0.533 },
  { 0.800, 0.680, 0.000 },
};

typedef struct
{
  char   *label;
  double *values;
} Bar;

struct _TaChart
{
  GObject      parent_instance;

  TaChartKind  kind;
  char        *title;
  char        *x_label;
  char        *y_label;
  GStrv        series;     /* NULL: one unnamed series */
  GPtrArray   *bars;       /* of Bar */
};

G_DEFINE_FINAL_TYPE (TaChart, ta_chart, G_TYPE_OBJECT)

/* The parts of the drawing, from ta_chart_render()'s layout. */
typedef struct
{
  double plot_x;
  double plot_y;
  double plot_width;
  double plot_height;
  double axis_max;
} Layout;

static void
bar_free (Bar *bar)
{
  g_free (bar->label);
  g_free (bar->values);
  g_free (bar);
}

/* Helpers */

static double
bar_total (TaChart *self,
           Bar     *bar)
{
  double total = 0;

  for (guint s = 0; s < ta_chart_get_n_series (self); s++)
    total += bar->values[s];

  return total;
}

static double
nice_step (double max)
{
  double raw = max / TARGET_TICKS;
  double power = pow (10, floor (log10 (raw)));
  double fraction = raw / power;

  if (fraction <= 1)
    return power;
  if (fraction <= 2)
    return 2 * power;
  if (fraction <= 5)
    return 5 * power;
  return 10 * power;
}

static double
axis_step (TaChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, bar_total (self, g_ptr_array_index (self->bars, i)));

  return max <= 0 ? 1 : nice_step (max);
}

static PangoLayout *
create_layout (cairo_t    *cr,
               const char *font,
               const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static void
text_size (cairo_t    *cr,
           const char *font,
           const char *text,
           double     *width,
           double     *height)
{
  g_autoptr(PangoLayout) layout = create_layout (cr, font, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

static void
draw_text (cairo_t    *cr,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      max_width,
           double      xalign)
{
  g_autoptr(PangoLayout) layout = create_layout (cr, font, text);
  int w, h;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_value (double value)
{
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%g", value);
}

static double
legend_height (TaChart *self,
               cairo_t *cr,
               double   width)
{
  double line, x = MARGIN, rows = 1;

  if (ta_chart_get_n_series (self) < 2)
    return 0;

  text_size (cr, LABEL_FONT, "Mg", NULL, &line);
  for (guint s = 0; self->series[s] != NULL; s++)
    {
      double w;

      text_size (cr, LABEL_FONT, self->series[s], &w, NULL);
      w += LEGEND_SWATCH + 4 + 2 * GAP;
      if (x + w > width - MARGIN && x > MARGIN)
        {
          rows++;
          x = MARGIN;
        }
      x += w;
    }

  return rows * (line + 2) + GAP;
}

static void
compute_layout (TaChart *self,
                cairo_t *cr,
                double   width,
                double   height,
                Layout  *layout)
{
  double title_height, label_height, axis_width = 0;
  double step = axis_step (self);
  double axis_max = 0;

  while (axis_max + 1e-9 < ta_chart_get_axis_max (self))
    axis_max += step;
  axis_max = MAX (axis_max, step);

  text_size (cr, TITLE_FONT, self->title, NULL, &title_height);
  text_size (cr, LABEL_FONT, "Mg", NULL, &label_height);
  for (double tick = 0; tick <= axis_max + 1e-9; tick += step)
    {
      g_autofree char *text = format_value (tick);
      double w;

      text_size (cr, LABEL_FONT, text, &w, NULL);
      axis_width = MAX (axis_width, w);
    }

  layout->axis_max = axis_max;
  layout->plot_x = MARGIN + (self->y_label != NULL ? label_height + GAP : 0) + axis_width + GAP;
  layout->plot_y = MARGIN + title_height + GAP + legend_height (self, cr, width) + label_height / 2;
  layout->plot_width = MAX (1, width - layout->plot_x - MARGIN);
  layout->plot_height = MAX (1, height - layout->plot_y - MARGIN - label_height - GAP
                                - (self->x_label != NULL ? label_height + GAP : 0));
}

static void
bar_geometry (TaChart      *self,
              const Layout *layout,
              guint         index,
              double       *x,
              double       *width)
{
  double slot = layout->plot_width / MAX (1, self->bars->len);

  if (self->kind == TA_CHART_HISTOGRAM)
    {
      *x = layout->plot_x + index * slot + 0.5;
      *width = slot - 1;
    }
  else
    {
      /* A few bars stay bars, not walls. */
      *width = MIN (slot * 0.7, MAX_BAR_WIDTH);
      *x = layout->plot_x + index * slot + (slot - *width) / 2;
    }
}

static void
draw_axes (TaChart      *self,
           cairo_t      *cr,
           const Layout *layout)
{
  double step = nice_step (layout->axis_max);
  double label_height;

  text_size (cr, LABEL_FONT, "Mg", NULL, &label_height);
  cairo_set_line_width (cr, 1);
  for (double tick = 0; tick <= layout->axis_max + 1e-9; tick += step)
    {
      g_autofree char *text = format_value (tick);
      double y = round (layout->plot_y + layout->plot_height * (1 - tick / layout->axis_max)) + 0.5;

      cairo_set_source_rgba (cr, 0, 0, 0, tick == 0 ? 0.6 : 0.12);
      cairo_move_to (cr, layout->plot_x, y);
      cairo_line_to (cr, layout->plot_x + layout->plot_width, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
      draw_text (cr, LABEL_FONT, text, layout->plot_x - GAP, y - label_height / 2, 0, 1);
    }

  if (self->y_label != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN, layout->plot_y + layout->plot_height / 2);
      cairo_rotate (cr, -G_PI / 2);
      draw_text (cr, LABEL_FONT, self->y_label, 0, 0, layout->plot_height, 0.5);
      cairo_restore (cr);
    }
}

/* Every n-th category label, so that none overlap. */
static void
draw_categories (TaChart      *self,
                 cairo_t      *cr,
                 const Layout *layout,
                 double        height)
{
  double slot = layout->plot_width / MAX (1, self->bars->len);
  double widest = 0, label_height;
  guint every;
  double y = layout->plot_y + layout->plot_height + 4;

  text_size (cr, LABEL_FONT, "Mg", NULL, &label_height);
  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      double w;

      text_size (cr, LABEL_FONT, bar->label, &w, NULL);
      widest = MAX (widest, MIN (w, 120));
    }
  every = MAX (1, (guint) ceil ((widest + 6) / slot));

  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  for (guint i = 0; i < self->bars->len; i += every)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);

      draw_text (cr, LABEL_FONT, bar->label, layout->plot_x + (i + 0.5) * slot, y,
                 slot * every - 4, 0.5);
    }

  if (self->x_label != NULL)
    draw_text (cr, LABEL_FONT, self->x_label, layout->plot_x + layout->plot_width / 2,
               height - MARGIN - label_height, layout->plot_width, 0.5);
}

static void
draw_legend (TaChart *self,
             cairo_t *cr,
             double   width,
             double   top)
{
  double x = MARGIN, y = top, line;

  if (ta_chart_get_n_series (self) < 2)
    return;

  text_size (cr, LABEL_FONT, "Mg", NULL, &line);
  for (guint s = 0; self->series[s] != NULL; s++)
    {
      const double *rgb = palette[s % G_N_ELEMENTS (palette)];
      double w;

      text_size (cr, LABEL_FONT, self->series[s], &w, NULL);
      if (x + w + LEGEND_SWATCH + 4 + 2 * GAP > width - MARGIN && x > MARGIN)
        {
          x = MARGIN;
          y += line + 2;
        }
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (cr, x, y + (line - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      draw_text (cr, LABEL_FONT, self->series[s], x + LEGEND_SWATCH + 4, y, 0, 0);
      x += w + LEGEND_SWATCH + 4 + 2 * GAP;
    }
}

static gboolean
write_surface (cairo_surface_t *surface,
               const char      *path,
               GError         **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the chart to “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static void
append_csv_field (GString    *csv,
                  const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* GObject */

static void
ta_chart_finalize (GObject *object)
{
  TaChart *self = TA_CHART (object);

  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_strfreev (self->series);
  g_ptr_array_unref (self->bars);

  G_OBJECT_CLASS (ta_chart_parent_class)->finalize (object);
}

static void
ta_chart_class_init (TaChartClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_chart_finalize;
}

static void
ta_chart_init (TaChart *self)
{
  self->bars = g_ptr_array_new_with_free_func ((GDestroyNotify) bar_free);
}

/* Public API */

TaChart *
ta_chart_new (TaChartKind  kind,
              const char  *title)
{
  TaChart *self = g_object_new (TA_TYPE_CHART, NULL);

  self->kind = kind;
  self->title = g_strdup (title);
  return self;
}

const char *
ta_chart_get_title (TaChart *self)
{
  g_return_val_if_fail (TA_IS_CHART (self), NULL);

  return self->title;
}

void
ta_chart_set_axis_labels (TaChart    *self,
                          const char *x_label,
                          const char *y_label)
{
  g_return_if_fail (TA_IS_CHART (self));

  g_free (self->x_label);
  g_free (self->y_label);
  self->x_label = g_strdup (x_label);
  self->y_label = g_strdup (y_label);
}

/* Only before the first bar: bars hold one value per series. */
void
ta_chart_set_series (TaChart            *self,
                     const char * const *names)
{
  g_return_if_fail (TA_IS_CHART (self));
  g_return_if_fail (self->bars->len == 0);

  g_strfreev (self->series);
  self->series = names != NULL && names[0] != NULL ? g_strdupv ((char **) names) : NULL;
}

guint
ta_chart_get_n_series (TaChart *self)
{
  g_return_val_if_fail (TA_IS_CHART (self), 0);

  return self->series != NULL ? g_strv_length (self->series) : 1;
}

void
ta_chart_add_bar (TaChart      *self,
                  const char   *label,
                  const double *values)
{
  Bar *bar;

  g_return_if_fail (TA_IS_CHART (self));
  g_return_if_fail (values != NULL);

  bar = g_new0 (Bar, 1);
  bar->label = g_strdup (label);
  bar->values = g_memdup2 (values, sizeof (double) * ta_chart_get_n_series (self));
  g_ptr_array_add (self->bars, bar);
}

guint
ta_chart_get_n_bars (TaChart *self)
{
  g_return_val_if_fail (TA_IS_CHART (self), 0);

  return self->bars->len;
}

const char *
ta_chart_get_bar_label (TaChart *self,
                        guint    bar)
{
  g_return_val_if_fail (TA_IS_CHART (self), NULL);
  g_return_val_if_fail (bar < self->bars->len, NULL);

  return ((Bar *) g_ptr_array_index (self->bars, bar))->label;
}

double
ta_chart_get_value (TaChart *self,
                    guint    bar,
                    guint    series)
{
  g_return_val_if_fail (TA_IS_CHART (self), 0);
  g_return_val_if_fail (bar < self->bars->len, 0);
  g_return_val_if_fail (series < ta_chart_get_n_series (self), 0);

  return ((Bar *) g_ptr_array_index (self->bars, bar))->values[series];
}

double
ta_chart_get_axis_max (TaChart *self)
{
  double step, max = 0, axis = 0;

  g_return_val_if_fail (TA_IS_CHART (self), 0);

  step = axis_step (self);
  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, bar_total (self, g_ptr_array_index (self->bars, i)));
  while (axis + 1e-9 < max)
    axis += step;

  return MAX (axis, step);
}

void
ta_chart_render (TaChart *self,
                 cairo_t *cr,
                 double   width,
                 double   height)
{
  Layout layout;
  double title_height;

  g_return_if_fail (TA_IS_CHART (self));

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  compute_layout (self, cr, width, height, &layout);
  text_size (cr, TITLE_FONT, self->title, NULL, &title_height);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  draw_text (cr, TITLE_FONT, self->title, MARGIN, MARGIN, width - 2 * MARGIN, 0);
  draw_legend (self, cr, width, MARGIN + title_height + GAP);
  draw_axes (self, cr, &layout);

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);
      double x, w, base = 0;

      bar_geometry (self, &layout, i, &x, &w);
      for (guint s = 0; s < ta_chart_get_n_series (self); s++)
        {
          const double *rgb = palette[s % G_N_ELEMENTS (palette)];
          double y0 = layout.plot_y + layout.plot_height * (1 - base / layout.axis_max);
          double y1 = layout.plot_y + layout.plot_height * (1 - (base + bar->values[s]) / layout.axis_max);

          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_rectangle (cr, x, y1, w, y0 - y1);
          cairo_fill (cr);
          base += bar->values[s];
        }
    }

  if (self->bars->len == 0)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
      draw_text (cr, LABEL_FONT, _("Nothing to show for this filter"),
                 layout.plot_x + layout.plot_width / 2, layout.plot_y + layout.plot_height / 2,
                 layout.plot_width, 0.5);
    }

  draw_categories (self, cr, &layout, height);
  cairo_restore (cr);
}

gboolean
ta_chart_get_bar_rect (TaChart     *self,
                       double       width,
                       double       height,
                       guint        bar,
                       TaChartRect *rect)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  Layout layout;
  double total;

  g_return_val_if_fail (TA_IS_CHART (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (bar >= self->bars->len)
    return FALSE;

  /* Text is measured the same way on any surface. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  compute_layout (self, cr, width, height, &layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  total = bar_total (self, g_ptr_array_index (self->bars, bar));
  bar_geometry (self, &layout, bar, &rect->x, &rect->width);
  rect->height = layout.plot_height * total / layout.axis_max;
  rect->y = layout.plot_y + layout.plot_height - rect->height;
  return TRUE;
}

gboolean
ta_chart_write_png (TaChart     *self,
                    const char  *path,
                    int          width,
                    int          height,
                    GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (TA_IS_CHART (self), FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  ta_chart_render (self, cr, width, height);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write the chart to “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
ta_chart_write_svg (TaChart     *self,
                    const char  *path,
                    int          width,
                    int          height,
                    GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  g_return_val_if_fail (TA_IS_CHART (self), FALSE);

  surface = cairo_svg_surface_create (path, width, height);
  cr = cairo_create (surface);
  ta_chart_render (self, cr, width, height);
  cairo_destroy (cr);
  ok = write_surface (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

char *
ta_chart_to_csv (TaChart *self)
{
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (TA_IS_CHART (self), NULL);

  append_csv_field (csv, self->x_label != NULL ? self->x_label : self->title);
  if (self->series != NULL)
    for (guint s = 0; self->series[s] != NULL; s++)
      {
        g_string_append_c (csv, ',');
        append_csv_field (csv, self->series[s]);
      }
  else
    {
      g_string_append_c (csv, ',');
      append_csv_field (csv, self->y_label != NULL ? self->y_label : _("Value"));
    }
  g_string_append (csv, "\r\n");

  for (guint i = 0; i < self->bars->len; i++)
    {
      Bar *bar = g_ptr_array_index (self->bars, i);

      append_csv_field (csv, bar->label);
      for (guint s = 0; s < ta_chart_get_n_series (self); s++)
        {
          g_autofree char *value = format_value (bar->values[s]);

          g_string_append_printf (csv, ",%s", value);
        }
      g_string_append (csv, "\r\n");
    }

  return g_string_free (csv, FALSE);
}

gboolean
ta_chart_write_csv (TaChart     *self,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *csv = ta_chart_to_csv (self);

  return g_file_set_contents (path, csv, -1, error);
}

/* Statistics */

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Rows with key, year and count as stacked bars: one bar per known year,
 * one series per key (the largest MAX_SERIES - 1, then "Other"). */
static void
add_stacked_years (TaChart    *chart,
                   GPtrArray  *rows,
                   const char *none_label)
{
  g_autoptr(GHashTable) key_totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) series = NULL;
  gboolean other = FALSE;
  guint n_series;

  for (guint i = 0; i < rows->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (rows, i);
      const char *key = row->key != NULL ? row->key : none_label;
      gint64 *total = g_hash_table_lookup (key_totals, key);
      gboolean seen = FALSE;

      if (total == NULL)
        {
          total = g_new0 (gint64, 1);
          g_hash_table_insert (key_totals, g_strdup (key), total);
        }
      *total += row->count;

      for (guint y = 0; y < years->len && !seen; y++)
        seen = g_array_index (years, int, y) == row->year;
      if (!seen && row->year > 0)
        g_array_append_val (years, row->year);
    }
  g_array_sort (years, compare_ints);

  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, key_totals);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (keys, key);
  }
  /* Largest first, ties by name, so colours stay put between runs. */
  for (guint i = 1; i < keys->len; i++)
    for (guint j = i; j > 0; j--)
      {
        gint64 a = *(gint64 *) g_hash_table_lookup (key_totals, keys->pdata[j - 1]);
        gint64 b = *(gint64 *) g_hash_table_lookup (key_totals, keys->pdata[j]);

        if (a > b || (a == b && g_strcmp0 (keys->pdata[j - 1], keys->pdata[j]) <= 0))
          break;
        {
          gpointer swap = keys->pdata[j];

          keys->pdata[j] = keys->pdata[j - 1];
          keys->pdata[j - 1] = swap;
        }
      }

  if (keys->len > MAX_SERIES)
    {
      g_ptr_array_set_size (keys, MAX_SERIES - 1);
      other = TRUE;
    }
  for (guint k = 0; k < keys->len; k++)
    g_strv_builder_add (names, keys->pdata[k]);
  if (other)
    /* Translators: a chart series summing the smaller ones */
    g_strv_builder_add (names, _("Other"));
  series = g_strv_builder_end (names);
  ta_chart_set_series (chart, (const char * const *) series);
  n_series = g_strv_length (series);

  for (guint y = 0; y < years->len; y++)
    {
      int year = g_array_index (years, int, y);
      g_autofree double *values = g_new0 (double, n_series);
      g_autofree char *label = g_strdup_printf ("%d", year);

      for (guint i = 0; i < rows->len; i++)
        {
          TaStatsRow *row = g_ptr_array_index (rows, i);
          const char *key = row->key != NULL ? row->key : none_label;
          guint s = other ? n_series - 1 : 0;

          if (row->year != year)
            continue;
          for (guint k = 0; k < keys->len; k++)
            if (g_str_equal (keys->pdata[k], key))
              s = k;
          values[s] += row->count;
        }
      ta_chart_add_bar (chart, label, values);
    }
}

static void
add_single_bars (TaChart   *chart,
                 GPtrArray *rows,
                 const char *none_label)
{
  for (guint i = 0; i < rows->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (rows, i);
      double value = row->count;

      ta_chart_add_bar (chart, row->key != NULL ? row->key : none_label, &value);
    }
}

/**
 * ta_chart_new_for_stats:
 * @filter: (nullable): the links to count; NULL for the whole atlas
 *
 * Returns: (transfer full): the chart, or NULL with @error set
 */
TaChart *
ta_chart_new_for_stats (TaChartStat   stat,
                        TaDb         *db,
                        TaFilter     *filter,
                        const char   *country,
                        GError      **error)
{
  g_autoptr(TaChart) chart = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  switch (stat)
    {
    case TA_CHART_STAT_LINKS_PER_COUNTRY:
      rows = ta_stats_links_per_country (db, filter, 15, error);
      chart = ta_chart_new (TA_CHART_BARS, _("Links per country (top 15)"));
      ta_chart_set_axis_labels (chart, _("Country"), _("Links"));
      if (rows != NULL)
        add_single_bars (chart, rows, _("unknown"));
      break;

    case TA_CHART_STAT_PARTNER_COUNTRIES:
      {
        g_autofree char *title = NULL;

        rows = country != NULL ? ta_stats_partner_countries (db, filter, country, error)
                               : g_ptr_array_new ();
        /* Translators: a chart title; %s is a country code */
        title = country != NULL ? g_strdup_printf (_("Partner countries of %s"), country)
                                : g_strdup (_("Partner countries"));
        chart = ta_chart_new (TA_CHART_BARS, title);
        ta_chart_set_axis_labels (chart, _("Country"), _("Links"));
        if (rows != NULL && rows->len > 20)
          g_ptr_array_set_size (rows, 20);
        if (rows != NULL)
          add_single_bars (chart, rows, _("unknown"));
      }
      break;

    case TA_CHART_STAT_LINKS_PER_YEAR:
      rows = ta_stats_links_per_start_year (db, filter, error);
      chart = ta_chart_new (TA_CHART_BARS, _("Links started per year"));
      ta_chart_set_axis_labels (chart, _("Start year"), _("Links"));
      if (rows != NULL)
        for (guint i = 0; i < rows->len; i++)
          {
            TaStatsRow *row = g_ptr_array_index (rows, i);
            g_autofree char *label = row->year > 0 ? g_strdup_printf ("%d", row->year) : g_strdup (_("unknown"));
            double value = row->count;

            ta_chart_add_bar (chart, label, &value);
          }
      break;

    case TA_CHART_STAT_EXCHANGES_PER_KIND_AND_YEAR:
      rows = ta_stats_exchanges_per_kind_and_year (db, filter, error);
      chart = ta_chart_new (TA_CHART_BARS, _("Exchanges per kind and year"));
      ta_chart_set_axis_labels (chart, _("Year"), _("Exchanges"));
      if (rows != NULL)
        {
          for (guint i = 0; i < rows->len; i++)
            {
              TaStatsRow *row = g_ptr_array_index (rows, i);
              const char *label = ta_filter_get_value_label (TA_FILTER_CRITERION_EXCHANGE_KINDS, row->key);

              if (row->key != NULL && label != row->key)
                {
                  g_free (row->key);
                  row->key = g_strdup (label);
                }
            }
          add_stacked_years (chart, rows, _("unknown"));
        }
      break;

    case TA_CHART_STAT_FUNDING_PER_PROGRAMME_AND_YEAR:
      /* Records, not sums: amounts in different currencies do not add up. */
      rows = ta_stats_funding_per_programme_and_year (db, filter, error);
      chart = ta_chart_new (TA_CHART_BARS, _("Funding records per programme and year"));
      ta_chart_set_axis_labels (chart, _("Year"), _("Funding records"));
      if (rows != NULL)
        add_stacked_years (chart, rows, _("No programme"));
      break;

    case TA_CHART_STAT_DISTANCES:
      rows = ta_stats_distance_histogram (db, filter, NULL, 0, error);
      chart = ta_chart_new (TA_CHART_HISTOGRAM, _("Distances between partner towns"));
      ta_chart_set_axis_labels (chart, _("Distance (km)"), _("Links"));
      if (rows != NULL)
        for (guint i = 0; i < rows->len; i++)
          {
            TaStatsRow *row = g_ptr_array_index (rows, i);
            g_autofree char *label = row->max_km < 0 ? g_strdup_printf ("%.0f+", row->min_km)
                                                     : g_strdup_printf ("%.0f–%.0f", row->min_km, row->max_km);
            double value = row->count;

            ta_chart_add_bar (chart, label, &value);
          }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  if (rows == NULL)
    return NULL;

  return g_steal_pointer (&chart);
}
