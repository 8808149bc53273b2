/* test-chart.c: bar charts drawn to pixels, SVG and CSV
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <locale.h>
#include <glib/gstdio.h>

#include "ta-chart.h"

/* Made-up countries XA, XB and XC; links 1, 2: XA–XB, 3: XA–XC, 4: XB–XB;
 * exchanges in 2001 and 2003. */
static const char fixture_sql[] =
  "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Synthetic test data', 'none', 'none');"
  "INSERT INTO country (code, name_en, source_id) VALUES"
  "  ('XA', 'Testland', 'test'), ('XB', 'Probeland', 'test'), ('XC', 'Fixturia', 'test');"
  "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES"
  "  (1, 'Testburg', 'XA', 50.0, 5.0, 'test'), (2, 'Probstadt', 'XB', 51.0, 6.0, 'test'),"
  "  (3, 'Probdorf', 'XB', 52.0, 7.0, 'test'), (4, 'Fixtureville', 'XC', 45.0, 20.0, 'test');"
  "INSERT INTO link (id, town_a, town_b, start_year, source_id) VALUES"
  "  (1, 1, 2, 1990, 'test'), (2, 1, 3, 1990, 'test'), (3, 1, 4, 2001, 'test'), (4, 2, 3, NULL, 'test');"
  "INSERT INTO exchange (id, link_id, year, kind, source_id) VALUES"
  "  (1, 1, 2001, 'youth', 'test'), (2, 1, 2003, 'school', 'test'), (3, 3, 2003, 'youth', 'test');";

static TaChart *
three_bars (void)
{
  TaChart *chart = ta_chart_new (TA_CHART_BARS, "Synthetic, chart");
  double a = 10, b = 20, c = 40;

  ta_chart_set_axis_labels (chart, "Thing", "Count");
  ta_chart_add_bar (chart, "first", &a);
  ta_chart_add_bar (chart, "second \"quoted\"", &b);
  ta_chart_add_bar (chart, "third", &c);
  return chart;
}

/* Rows of coloured (not white, not grey) pixels in a column. */
static int
coloured_run (cairo_surface_t *surface,
              int              x)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);
  int count = 0;

  for (int y = 0; y < height; y++)
    {
      guint32 pixel = *(guint32 *) (data + y * stride + x * 4);
      int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      if (MAX (MAX (r, g), b) - MIN (MIN (r, g), b) > 60)
        count++;
    }

  return count;
}

static void
test_bar_heights (void)
{
  g_autoptr(TaChart) chart = three_bars ();
  g_autofree char *dir = g_dir_make_tmp ("ta-chart-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  TaChartRect rects[3];

  g_assert_cmpfloat (ta_chart_get_axis_max (chart), ==, 40);
  g_assert_true (ta_chart_write_png (chart, path, 480, 320, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 480);

  for (guint i = 0; i < 3; i++)
    {
      int x;

      g_assert_true (ta_chart_get_bar_rect (chart, 480, 320, i, &rects[i]));
      x = (int) (rects[i].x + rects[i].width / 2);
      /* The drawn bar is as tall as its rectangle, to the pixel. */
      g_assert_cmpint (abs (coloured_run (surface, x) - (int) round (rects[i].height)), <=, 1);
    }
  /* Heights in proportion to the values; the largest fills the axis. */
  g_assert_cmpfloat (fabs (rects[1].height - 2 * rects[0].height), <, 0.01);
  g_assert_cmpfloat (fabs (rects[2].height - 4 * rects[0].height), <, 0.01);
  g_assert_cmpfloat (rects[2].height, >, 150);
  g_assert_false (ta_chart_get_bar_rect (chart, 480, 320, 3, &rects[0]));

  cairo_surface_destroy (surface);
  g_remove (path);
  g_rmdir (dir);
}

typedef struct
{
  guint n_elements;
  guint n_rects;
  char *root;
} SvgCount;

static void
on_start_element_cb (GMarkupParseContext  *context,
                     const char           *element,
                     const char          **names,
                     const char          **values,
                     gpointer              user_data,
                     GError              **error)
{
  SvgCount *count = user_data;

  if (count->root == NULL)
    count->root = g_strdup (element);
  if (g_str_equal (element, "rect") || g_str_equal (element, "path"))
    count->n_rects++;
  count->n_elements++;
}

static void
test_svg (void)
{
  g_autoptr(TaChart) chart = three_bars ();
  g_autofree char *dir = g_dir_make_tmp ("ta-chart-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { on_start_element_cb, NULL, NULL, NULL, NULL };
  SvgCount count = { 0, 0, NULL };
  GMarkupParseContext *context;

  g_assert_true (ta_chart_write_svg (chart, path, 480, 320, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);

  context = g_markup_parse_context_new (&parser, 0, &count, NULL);
  /* Skip the XML declaration: GMarkup does not take processing instructions
   * before the root everywhere. */
  g_assert_true (g_markup_parse_context_parse (context, strstr (text, "<svg"), -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_cmpstr (count.root, ==, "svg");
  g_assert_cmpuint (count.n_rects, >=, 3);
  g_assert_nonnull (strstr (text, "width=\"480"));
  g_free (count.root);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_csv (void)
{
  g_autoptr(TaChart) chart = three_bars ();
  g_autoptr(TaChart) stacked = ta_chart_new (TA_CHART_BARS, "Stacked");
  const char *series[] = { "youth", "school", NULL };
  double values[] = { 1, 2.5 };
  g_autofree char *csv = ta_chart_to_csv (chart);
  g_autofree char *stacked_csv = NULL;

  g_assert_cmpstr (csv, ==,
                   "Thing,Count\r\n"
                   "first,10\r\n"
                   "\"second \"\"quoted\"\"\",20\r\n"
                   "third,40\r\n");

  ta_chart_set_series (stacked, series);
  ta_chart_add_bar (stacked, "2001", values);
  stacked_csv = ta_chart_to_csv (stacked);
  g_assert_cmpstr (stacked_csv, ==, "Stacked,youth,school\r\n2001,1,2.5\r\n");
  g_assert_cmpfloat (ta_chart_get_axis_max (stacked), ==, 4);
}

static void
test_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);
  g_autoptr(TaChart) countries = NULL;
  g_autoptr(TaChart) years = NULL;
  g_autoptr(TaChart) exchanges = NULL;
  g_autoptr(TaFilter) filter = ta_filter_new ();
  const char *only_xc[] = { "XC", NULL };

  g_assert_no_error (error);
  ta_db_exec (db, fixture_sql, &error);
  g_assert_no_error (error);

  countries = ta_chart_new_for_stats (TA_CHART_STAT_LINKS_PER_COUNTRY, db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ta_chart_get_n_bars (countries), ==, 3);
  g_assert_cmpstr (ta_chart_get_bar_label (countries, 0), ==, "XA");
  g_assert_cmpfloat (ta_chart_get_value (countries, 0, 0), ==, 3);
  g_assert_cmpstr (ta_chart_get_bar_label (countries, 1), ==, "XB");
  g_assert_cmpfloat (ta_chart_get_value (countries, 1, 0), ==, 3);

  ta_filter_set_countries (filter, only_xc);
  years = ta_chart_new_for_stats (TA_CHART_STAT_LINKS_PER_YEAR, db, filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ta_chart_get_n_bars (years), ==, 1);
  g_assert_cmpstr (ta_chart_get_bar_label (years, 0), ==, "2001");

  exchanges = ta_chart_new_for_stats (TA_CHART_STAT_EXCHANGES_PER_KIND_AND_YEAR, db, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ta_chart_get_n_series (exchanges), ==, 2);
  g_assert_cmpuint (ta_chart_get_n_bars (exchanges), ==, 2);
  g_assert_cmpstr (ta_chart_get_bar_label (exchanges, 1), ==, "2003");
  g_assert_cmpfloat (ta_chart_get_value (exchanges, 1, 0) + ta_chart_get_value (exchanges, 1, 1), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/chart/bar-heights", test_bar_heights);
  g_test_add_func ("/ta/chart/svg", test_svg);
  g_test_add_func ("/ta/chart/csv", test_csv);
  g_test_add_func ("/ta/chart/stats", test_stats);

  return g_test_run ();
}
