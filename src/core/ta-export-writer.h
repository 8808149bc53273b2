/* ta-export-writer.h: writing an export file whole or not at all
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _TaExportWriter TaExportWriter;

/* Opens a temporary file in the target's folder. */
TaExportWriter *ta_export_writer_new        (const char      *path,
                                             GError         **error);
void            ta_export_writer_append     (TaExportWriter  *self,
                                             const char      *text,
                                             gssize           len);
void            ta_export_writer_printf     (TaExportWriter  *self,
                                             const char      *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* Flushes, syncs and renames the file over the target; on any error
 * (including earlier write errors) removes it and leaves the target. */
gboolean        ta_export_writer_finish     (TaExportWriter  *self,
                                             GError         **error);
/* Removes the temporary file (after finish() this does nothing). */
void            ta_export_writer_free       (TaExportWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaExportWriter, ta_export_writer_free)

/* Binds the selection (a GArray of gint64, or NULL for all) as JSON text
 * for "?N IS NULL OR id IN (SELECT value FROM json_each (?N))". */
char           *ta_export_ids_to_json       (GArray          *link_ids);

/* The shortest decimal text that reads back as the same double. */
void            ta_export_format_double     (char            *buffer,
                                             gsize            size,
                                             double           value);
/* A minor-unit amount as a decimal in @currency ("12500.50"). */
char           *ta_export_format_amount     (gint64           minor,
                                             const char      *currency);

G_END_DECLS
