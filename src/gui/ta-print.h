/* ta-print.h: File → Print and Export of the map, through the core's print layout
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ta-print-layout.h"
#include "ta-report.h"

G_BEGIN_DECLS

/* What the window shows: the atlas, its filter and the area in view. */
typedef struct
{
  TaDb        *db;
  TaBasemap   *basemap;   /* NULL: the default basemap is loaded */
  TaNetwork   *network;   /* the whole atlas, as ta_network_load() */
  TaFilter    *filter;    /* NULL: every link */
  TaPrintArea  area;
  GtkPageSetup *page_setup;  /* the dialog's default, NULL: A4 portrait */
  const char  *title;       /* NULL: the filter in words */
  gboolean     no_table;    /* without the table pages of the partnerships */
} TaPrintSource;

/* Runs a GtkPrintOperation whose pages are drawn by TaPrintLayout:
 * GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG shows the dialog with its
 * preview; GTK_PRINT_OPERATION_ACTION_EXPORT writes @export_path (PDF)
 * without a dialog. */
GtkPrintOperationResult ta_print_run     (GtkWindow               *parent,
                                          const TaPrintSource     *source,
                                          GtkPrintOperationAction  action,
                                          const char              *export_path,
                                          GError                 **error);

/* A prepared layout of @source on @page. */
TaPrintLayout          *ta_print_make_layout (const TaPrintSource *source,
                                              const TaPrintPage   *page,
                                              GError             **error);

/* The paper, orientation and margins of @setup in points. */
void                    ta_print_page_from_setup (GtkPageSetup *setup,
                                                  TaPrintPage  *page);

/* The page setup of the last print or export from @window (kept on the
 * window, so each window remembers its own), or NULL. */
GtkPageSetup           *ta_print_get_page_setup (GtkWindow    *window);
void                    ta_print_set_page_setup (GtkWindow    *window,
                                                 GtkPageSetup *setup);

/* ta_report_write() in a worker thread; @report must not be touched until
 * @callback runs.  Cancelling leaves nothing at @path. */
void                    ta_print_write_report_async  (TaReport            *report,
                                                      const char          *path,
                                                      TaReportFormat       format,
                                                      double               dpi,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean                ta_print_write_report_finish (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
