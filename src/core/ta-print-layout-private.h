/* ta-print-layout-private.h: what the parts of a printed map share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaPrintLayout is split by what it draws: the page and its map frame
 * (ta-print-layout.c), the town names (ta-print-labels.c), the scale bar
 * and north arrow (ta-print-scale-bar.c), the locator inset
 * (ta-print-inset.c), the legend (ta-print-legend.c) and the table pages
 * (ta-print-table.c).  They all draw with the frame's transform and the
 * text helpers declared here.
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "ta-print-layout.h"

G_BEGIN_DECLS

/* Labels of the basemap are drawn at this scale: a little smaller than on
 * screen, as print is read closer. */
#define BASEMAP_SCALE 0.8

#define TITLE_FONT     "Cantarell Bold 18"
#define SUBTITLE_FONT  "Cantarell 10.5"
#define HEADING_FONT   "Cantarell Bold 9"
#define BODY_FONT      "Cantarell 8.5"
#define SMALL_FONT     "Cantarell 7"
#define LABEL_FONT     "Cantarell 7.5"
#define LABEL_FOCUS_FONT "Cantarell Bold 7.5"

#define INK_RGB        0x24, 0x1f, 0x31
#define GREY_RGB       0x5e, 0x5c, 0x64
#define RULE_RGB       0xc0, 0xbf, 0xbc

#define TABLE_ROW_HEIGHT 13.0

/* Header, map frame and footer heights are fixed so that every page of a
 * report has its map in the same place. */
#define HEADER_HEIGHT 58.0
#define LEGEND_HEIGHT 78.0
#define FOOTER_HEIGHT 34.0

typedef struct
{
  double x0, y0, x1, y1;
} Rect;

typedef struct
{
  const char *town;
  const char *partner;
  const char *country;
  TaLinkKind  kind;
  TaLinkStatus status;
  int         since;
} TableRow;

typedef struct
{
  char   *label;
  guint   count;
  gint64  total;          /* participants, or the amount in minor units */
} Summary;

struct _TaPrintLayout
{
  GObject parent_instance;

  /* owned references */
  TaDb          *db;
  TaBasemap     *basemap;
  TaNetwork     *network;
  TaFilter      *filter;
  TaNetwork     *shown;          /* the filter's links, after prepare */
  GHashTable    *home_towns;     /* gint64 ids of the filter's regions' towns, or NULL */

  /* settings */
  TaPrintPage    page;
  TaPrintArea    area;
  gboolean       has_area;
  char          *title;
  gboolean       with_table;
  gboolean       with_inset;
  guint          first_page_number;
  guint          total_pages;

  /* laid out by prepare */
  char          *page_title;
  char          *page_subtitle;
  GArray        *rows;           /* TableRow, borrowing names from the network */
  GPtrArray     *attributions;   /* char *, sorted */
  GPtrArray     *exchange_summary;  /* Summary * */
  GPtrArray     *funding_summary;   /* Summary * */
  guint          kind_counts[TA_N_LINK_KINDS];
  guint          status_counts[TA_N_LINK_STATUSES];
  guint          max_town_links;
  guint          rows_per_page;
  guint          n_table_pages;
  guint          n_summary_pages;
  gboolean       prepared;

  /* the map frame on the page and its projection */
  Rect           frame;
  double         origin_x;       /* unit coordinates of the frame's corner */
  double         origin_y;
  double         ppu;            /* points per unit */
};

/* Text and colours (ta-print-layout.c) */
void         ta_print_set_rgb              (cairo_t    *cr,
                                            guint       r,
                                            guint       g,
                                            guint       b);
void         ta_print_set_rgb32            (cairo_t    *cr,
                                            guint32     rgb);
PangoLayout *ta_print_text_new             (cairo_t    *cr,
                                            const char *font,
                                            const char *text,
                                            double      width);
/* Draws @text at (@x, @y) (top-left) and returns its height. */
double       ta_print_text_draw            (cairo_t    *cr,
                                            const char *font,
                                            const char *text,
                                            double      x,
                                            double      y,
                                            double      width);
void         ta_print_text_draw_right      (cairo_t    *cr,
                                            const char *font,
                                            const char *text,
                                            double      right,
                                            double      y);
double       ta_print_text_width           (cairo_t    *cr,
                                            const char *font,
                                            const char *text);

/* The map frame's transform (ta-print-layout.c) */
void         ta_print_layout_unit_to_page  (TaPrintLayout *self,
                                            double         ux,
                                            double         uy,
                                            double        *x,
                                            double        *y);
double       ta_print_layout_map_zoom      (TaPrintLayout *self);
void         ta_print_layout_frame_box     (TaPrintLayout *self,
                                            double         ox,
                                            double         oy,
                                            double         ppu,
                                            double         w,
                                            double         h,
                                            TaPrintArea   *box);
gboolean     ta_print_layout_town_is_home  (TaPrintLayout       *self,
                                            const TaNetworkTown *town);
void         ta_print_layout_draw_header   (TaPrintLayout *self,
                                            cairo_t       *cr,
                                            const char    *title,
                                            const char    *subtitle);

/* Map furniture: each adds the box it covers to @placed (Rect), so that
 * the town names drawn last avoid it. */
void         ta_print_layout_draw_town_labels (TaPrintLayout *self,
                                               cairo_t       *cr,
                                               GArray        *placed);
void         ta_print_layout_draw_scale_bar   (TaPrintLayout *self,
                                               cairo_t       *cr,
                                               GArray        *placed);
void         ta_print_layout_draw_north_arrow (TaPrintLayout *self,
                                               cairo_t       *cr,
                                               GArray        *placed);
void         ta_print_layout_draw_inset       (TaPrintLayout *self,
                                               cairo_t       *cr,
                                               GArray        *placed);

void         ta_print_layout_draw_legend      (TaPrintLayout *self,
                                               cairo_t       *cr);

/* Table and summary pages (ta-print-table.c) */
void         ta_print_layout_collect_rows      (TaPrintLayout  *self);
gboolean     ta_print_layout_collect_summaries (TaPrintLayout  *self,
                                                GError        **error);
void         ta_print_layout_draw_table_page   (TaPrintLayout  *self,
                                                cairo_t        *cr,
                                                guint           table_page);
void         ta_print_layout_draw_summary_page (TaPrintLayout  *self,
                                                cairo_t        *cr);

G_END_DECLS
