/* ta-print-layout.h: one printed map of the atlas, with its legend and table pages
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TaPrintLayout draws a map page (title, subtitle, the map fitted to its
 * frame, legend, scale bar, north arrow, locator inset, attribution, date,
 * page number) and, optionally, table pages listing the partnerships shown,
 * on any cairo_t whose user unit is the PostScript point (1/72 inch) and
 * whose origin is the page's top-left corner.  Print, PDF, SVG and PNG all
 * go through the same drawing (see ta-report.h for the writers).
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ta-basemap.h"
#include "ta-db.h"
#include "ta-filter.h"
#include "ta-network.h"

G_BEGIN_DECLS

typedef enum
{
  TA_PAPER_A4,
  TA_PAPER_A3,
  TA_PAPER_LETTER,
} TaPaperSize;

/* A page in points, orientation applied: plain numbers so that the GUI can
 * fill it from a GtkPageSetup (gtk_page_setup_get_paper_width (…,
 * GTK_UNIT_POINTS) and the four margins). */
typedef struct
{
  double width;
  double height;
  double margin_top;
  double margin_bottom;
  double margin_left;
  double margin_right;
} TaPrintPage;

/* Longitudes and latitudes in degrees; @west > @east crosses the antimeridian. */
typedef struct
{
  double west;
  double south;
  double east;
  double north;
} TaPrintArea;

#define TA_PRINT_ERROR (ta_print_error_quark ())

typedef enum
{
  TA_PRINT_ERROR_UNKNOWN_AREA,    /* no such region or country, or a bad box */
  TA_PRINT_ERROR_EMPTY,           /* the filter selects no link */
  TA_PRINT_ERROR_WRITE,           /* the output could not be written */
  TA_PRINT_ERROR_FORMAT,          /* unknown paper or file format */
} TaPrintError;

GQuark       ta_print_error_quark        (void);

/* 12.7 mm margins (half an inch) all round. */
void         ta_print_page_init          (TaPrintPage  *page,
                                          TaPaperSize   paper,
                                          gboolean      landscape);
/* "A4", "a3", "letter"… */
gboolean     ta_print_paper_from_string  (const char   *name,
                                          TaPaperSize  *paper,
                                          GError      **error);

/* "W,S,E,N" in degrees. */
gboolean     ta_print_area_parse         (const char   *text,
                                          TaPrintArea  *area,
                                          GError      **error);
/* The extent of an admin-1 region (ISO 3166-2 code, "PL-02") or a country
 * (ISO 3166-1 alpha-2, "PL") from where the atlas places its towns; far
 * outliers (overseas territories) are left out of a country's extent.
 * @name, when not NULL, receives the region's or country's name. */
gboolean     ta_print_area_for_region    (TaDb         *db,
                                          const char   *iso_code,
                                          TaPrintArea  *area,
                                          char        **name,
                                          GError      **error);
gboolean     ta_print_area_for_country   (TaDb         *db,
                                          const char   *country_code,
                                          TaPrintArea  *area,
                                          char        **name,
                                          GError      **error);

#define TA_TYPE_PRINT_LAYOUT (ta_print_layout_get_type ())
G_DECLARE_FINAL_TYPE (TaPrintLayout, ta_print_layout, TA, PRINT_LAYOUT, GObject)

/* @network is the whole atlas (ta_network_load()); the layout shows the
 * links its filter selects. */
TaPrintLayout *ta_print_layout_new       (TaDb          *db,
                                          TaBasemap     *basemap,
                                          TaNetwork     *network);

void         ta_print_layout_set_page    (TaPrintLayout     *self,
                                          const TaPrintPage *page);
void         ta_print_layout_set_area    (TaPrintLayout     *self,
                                          const TaPrintArea *area);
/* NULL shows every link; the layout keeps a copy. */
void         ta_print_layout_set_filter  (TaPrintLayout     *self,
                                          TaFilter          *filter);
/* NULL: the title is the filter in words and there is no subtitle. */
void         ta_print_layout_set_title   (TaPrintLayout     *self,
                                          const char        *title);
void         ta_print_layout_set_with_table (TaPrintLayout  *self,
                                             gboolean        with_table);
void         ta_print_layout_set_with_inset (TaPrintLayout  *self,
                                             gboolean        with_inset);
/* The page number printed on the first page and the total, for reports
 * of several layouts (default 1 and this layout's own page count). */
void         ta_print_layout_set_page_numbering (TaPrintLayout *self,
                                                 guint          first,
                                                 guint          total);

/* Selects the links and lays the pages out.  Call after the setters and
 * before drawing.  An empty selection is not an error here: the map says
 * so (see ta_print_layout_get_n_links()). */
gboolean     ta_print_layout_prepare     (TaPrintLayout  *self,
                                          GError        **error);

guint        ta_print_layout_get_n_links (TaPrintLayout  *self);
guint        ta_print_layout_get_n_pages (TaPrintLayout  *self);
const char  *ta_print_layout_get_title   (TaPrintLayout  *self);
const TaPrintPage *ta_print_layout_get_page (TaPrintLayout *self);

/* Page @index (0: the map) into @cr in points, origin at the page corner. */
void         ta_print_layout_draw_page   (TaPrintLayout  *self,
                                          cairo_t        *cr,
                                          guint           index);

/* Where a point lands on the map page, in points; FALSE outside the map
 * frame. */
gboolean     ta_print_layout_project     (TaPrintLayout  *self,
                                          double          lon,
                                          double          lat,
                                          double         *x,
                                          double         *y);

G_END_DECLS
