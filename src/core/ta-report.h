/* ta-report.h: pages of one or more print layouts, written to PDF, SVG or PNG
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ta-print-layout.h"

G_BEGIN_DECLS

typedef enum
{
  TA_REPORT_FORMAT_PDF,
  TA_REPORT_FORMAT_SVG,   /* the first (map) page only */
  TA_REPORT_FORMAT_PNG,   /* the first (map) page only, at a chosen resolution */
} TaReportFormat;

#define TA_TYPE_REPORT (ta_report_get_type ())
G_DECLARE_FINAL_TYPE (TaReport, ta_report, TA, REPORT, GObject)

/* From the file name's extension (.pdf, .svg, .png, any case). */
gboolean   ta_report_format_from_path (const char     *path,
                                       TaReportFormat *format,
                                       GError        **error);

TaReport  *ta_report_new              (void);
/* Appends @layout (prepared) and numbers the pages of all layouts. */
void       ta_report_add_layout       (TaReport       *self,
                                       TaPrintLayout  *layout);
guint      ta_report_get_n_layouts    (TaReport       *self);
TaPrintLayout *ta_report_get_layout   (TaReport       *self,
                                       guint           index);
guint      ta_report_get_n_pages      (TaReport       *self);

/* An atlas: one layout per admin-1 region of @country_code that the atlas
 * knows (with an ISO 3166-2 code), in order of their names, each showing
 * the links of @filter (NULL: all) that touch the region, titled with the
 * region's name.  Every layout is prepared. */
TaReport  *ta_report_new_per_region   (TaDb              *db,
                                       TaBasemap         *basemap,
                                       TaNetwork         *network,
                                       TaFilter          *filter,
                                       const char        *country_code,
                                       const TaPrintPage *page,
                                       GError           **error);

/* Writes the pages to @path through a temporary file in the same folder,
 * renamed over @path once complete: @path is never left half-written.
 * @dpi is for PNG only.  @cancellable is checked between pages. */
gboolean   ta_report_write            (TaReport       *self,
                                       const char     *path,
                                       TaReportFormat  format,
                                       double          dpi,
                                       GCancellable   *cancellable,
                                       GError        **error);

G_END_DECLS
