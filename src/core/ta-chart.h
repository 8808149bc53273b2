/* ta-chart.h: bar charts and histograms drawn with cairo and Pango
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TaChart holds labelled bars, each a stack of one value per series, and
 * draws them with a title, axes, ticks and a legend onto any cairo_t: the
 * GUI's drawing area, and PNG and SVG files.  Its numbers export as CSV.
 * ta_chart_new_for_stats() builds the charts of the statistics view from
 * ta-stats.h, for a filter, so the GUI and exports agree.
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

typedef enum
{
  TA_CHART_BARS,        /* separate bars, one per category */
  TA_CHART_HISTOGRAM,   /* adjoining bars, one per bin */
} TaChartKind;

typedef enum
{
  TA_CHART_STAT_LINKS_PER_COUNTRY,
  TA_CHART_STAT_PARTNER_COUNTRIES,
  TA_CHART_STAT_LINKS_PER_YEAR,
  TA_CHART_STAT_EXCHANGES_PER_KIND_AND_YEAR,
  TA_CHART_STAT_FUNDING_PER_PROGRAMME_AND_YEAR,
  TA_CHART_STAT_DISTANCES,
} TaChartStat;

#define TA_CHART_N_STATS 6

/* Where the plot area ends and the bars begin, for callers that need to
 * find a bar (tests, tooltips). */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} TaChartRect;

#define TA_TYPE_CHART (ta_chart_get_type ())
G_DECLARE_FINAL_TYPE (TaChart, ta_chart, TA, CHART, GObject)

TaChart    *ta_chart_new              (TaChartKind          kind,
                                       const char          *title);
const char *ta_chart_get_title        (TaChart             *self);
void        ta_chart_set_axis_labels  (TaChart             *self,
                                       const char          *x_label,
                                       const char          *y_label);
/* Names of the stacked series (a legend is drawn for two or more);
 * without, each bar has one value. */
void        ta_chart_set_series       (TaChart             *self,
                                       const char * const  *names);
guint       ta_chart_get_n_series     (TaChart             *self);
/* @values: one per series. */
void        ta_chart_add_bar          (TaChart             *self,
                                       const char          *label,
                                       const double        *values);
guint       ta_chart_get_n_bars       (TaChart             *self);
const char *ta_chart_get_bar_label    (TaChart             *self,
                                       guint                bar);
double      ta_chart_get_value        (TaChart             *self,
                                       guint                bar,
                                       guint                series);
/* The top of the value axis: a round number at or above every stack. */
double      ta_chart_get_axis_max     (TaChart             *self);

void        ta_chart_render           (TaChart             *self,
                                       cairo_t             *cr,
                                       double               width,
                                       double               height);
/* The rectangle of a whole bar (all its series) when drawn at that size;
 * FALSE when @bar does not exist. */
gboolean    ta_chart_get_bar_rect     (TaChart             *self,
                                       double               width,
                                       double               height,
                                       guint                bar,
                                       TaChartRect         *rect);

gboolean    ta_chart_write_png        (TaChart             *self,
                                       const char          *path,
                                       int                  width,
                                       int                  height,
                                       GError             **error);
gboolean    ta_chart_write_svg        (TaChart             *self,
                                       const char          *path,
                                       int                  width,
                                       int                  height,
                                       GError             **error);
/* A header row (the x label, then the series) and one row per bar;
 * RFC 4180 quoting. */
char       *ta_chart_to_csv           (TaChart             *self);
gboolean    ta_chart_write_csv        (TaChart             *self,
                                       const char          *path,
                                       GError             **error);

/* @country: for TA_CHART_STAT_PARTNER_COUNTRIES, whose partners. */
TaChart    *ta_chart_new_for_stats    (TaChartStat          stat,
                                       TaDb                *db,
                                       TaFilter            *filter,
                                       const char          *country,
                                       GError             **error);

G_END_DECLS
