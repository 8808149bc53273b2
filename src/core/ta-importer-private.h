/* ta-importer-private.h: the readers of each import format
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ta-import-plan-private.h"
#include "ta-importer.h"

G_BEGIN_DECLS

typedef struct
{
  gsize max_field_size;
  gsize max_record_size;
  guint max_columns;
  gsize max_json_size;
} TaImportLimits;

/* ta-csv-import.c */
gboolean    ta_csv_import_stream      (TaImportPlan          *plan,
                                       GInputStream          *stream,
                                       const char            *name,
                                       TaImportRecordType     type,
                                       TaImportMapping       *mapping,
                                       const TaImportLimits  *limits,
                                       GError               **error);

/* ta-geojson-import.c */
gboolean    ta_geojson_import_bytes   (TaImportPlan          *plan,
                                       GBytes                *bytes,
                                       const char            *name,
                                       GError               **error);

/* ta-sparql-import.c: @source NULL makes the file's own source. */
gboolean    ta_sparql_import_bytes    (TaImportPlan          *plan,
                                       GBytes                *bytes,
                                       const char            *name,
                                       const TaSourceInput   *source,
                                       GError               **error);

/* JSON with the line on which each object starts (ta-json-lines.c). */
typedef struct _TaJsonDocument TaJsonDocument;

TaJsonDocument *ta_json_document_parse     (GBytes         *bytes,
                                            const char     *name,
                                            GError        **error);
JsonNode       *ta_json_document_get_root  (TaJsonDocument *document);
/* 0 when unknown. */
guint           ta_json_document_get_line  (TaJsonDocument *document,
                                            JsonObject     *object);
void            ta_json_document_free      (TaJsonDocument *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaJsonDocument, ta_json_document_free)

/* Reads a whole stream, refusing more than @max_size bytes. */
GBytes     *ta_import_read_all        (GInputStream          *stream,
                                       const char            *name,
                                       gsize                  max_size,
                                       GError               **error);

G_END_DECLS
