/* ta-import-dialog.h: the preview and column mapping of a file import, and data export
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

#define TA_TYPE_IMPORT_DIALOG (ta_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaImportDialog, ta_import_dialog, TA, IMPORT_DIALOG, AdwWindow)

/* Emits "imported" (a translated summary, "Imported 3 towns…") after a
 * committed import; the atlas has changed then. */
TaImportDialog *ta_import_dialog_new        (GtkWindow      *parent,
                                             TaDb           *db);
/* Reads @path into a new plan (nothing is written) and shows its preview;
 * FALSE when the file cannot be read (the dialog shows why). */
gboolean        ta_import_dialog_load_file  (TaImportDialog *self,
                                             const char     *path,
                                             GError        **error);

/* File → Import…: asks for a CSV or GeoJSON file and shows its preview
 * in a new dialog; @done gets the "imported" summary after a commit. */
typedef void (*TaDataDoneFunc) (const char *message,
                                  gpointer    user_data);
void            ta_import_dialog_run        (GtkWindow      *parent,
                                             TaDb           *db,
                                             TaDataDoneFunc done,
                                             gpointer        user_data);

/* File → Export…: asks for a file and a format (GeoJSON or one CSV table)
 * and writes the links @filter selects (NULL: all), telling success with
 * @done (a translated message) and failure in a message dialog. */
void            ta_export_data_run          (GtkWindow      *parent,
                                             TaDb           *db,
                                             TaFilter       *filter,
                                             TaDataDoneFunc done,
                                             gpointer        user_data);
/* What ta_export_data_run() writes for the choice @format ("geojson" or a
 * table name of ta_export_table_to_string()). */
gboolean        ta_export_data_write        (TaDb           *db,
                                             TaFilter       *filter,
                                             const char     *format,
                                             const char     *path,
                                             GError        **error);

G_END_DECLS
