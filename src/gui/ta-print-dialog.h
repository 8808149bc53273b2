/* ta-print-dialog.h: what to print or export: region, title, paper, resolution
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-print.h"

G_BEGIN_DECLS

typedef enum
{
  TA_PRINT_DIALOG_PRINT,    /* then GTK's print dialog, which has the paper */
  TA_PRINT_DIALOG_EXPORT,   /* one map as PDF, SVG or PNG */
  TA_PRINT_DIALOG_REPORT,   /* one PDF, a page per region of a country */
} TaPrintDialogMode;

typedef enum
{
  TA_PRINT_REGION_VIEW,       /* the area the window shows */
  TA_PRINT_REGION_COUNTRY,
  TA_PRINT_REGION_ADMIN1,     /* a region of the atlas' region table */
  TA_PRINT_REGION_SELECTION,  /* every town of the links the filter shows */
} TaPrintRegionKind;

#define TA_TYPE_PRINT_DIALOG (ta_print_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaPrintDialog, ta_print_dialog, TA, PRINT_DIALOG, AdwWindow)

/* @source is copied; its page setup, when NULL, is the one @parent kept
 * from the last print or export (see ta_print_get_page_setup()). */
TaPrintDialog *ta_print_dialog_new             (GtkWindow           *parent,
                                                const TaPrintSource *source,
                                                TaPrintDialogMode    mode);

void           ta_print_dialog_set_region_kind (TaPrintDialog       *self,
                                                TaPrintRegionKind    kind);
TaPrintRegionKind ta_print_dialog_get_region_kind (TaPrintDialog    *self);
/* FALSE when the list has no such country or region.  Selecting a region
 * selects its country first. */
gboolean       ta_print_dialog_select_country  (TaPrintDialog       *self,
                                                const char          *country_code);
gboolean       ta_print_dialog_select_region   (TaPrintDialog       *self,
                                                const char          *iso_code);
void           ta_print_dialog_set_title       (TaPrintDialog       *self,
                                                const char          *title);
const char    *ta_print_dialog_get_title       (TaPrintDialog       *self);
/* The "Table of Partnerships" switch: table pages after each map. */
void           ta_print_dialog_set_with_table  (TaPrintDialog       *self,
                                                gboolean             with_table);

/* The area the chosen region gives the layout. */
gboolean       ta_print_dialog_get_area        (TaPrintDialog       *self,
                                                TaPrintArea         *area,
                                                GError             **error);

/* Writes what the dialog describes to @path (PDF, SVG or PNG from the
 * extension; a report is always PDF) in a worker thread.  This is what
 * the Export button does once the file is chosen. */
void           ta_print_dialog_write_async     (TaPrintDialog       *self,
                                                const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       ta_print_dialog_write_finish    (TaPrintDialog       *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
