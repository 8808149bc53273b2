/* ta-import-mapping.h: which column of a file holds which field
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-import-plan.h"

G_BEGIN_DECLS

/* A field of a record type, named as exports write it (README.md,
 * "Import file formats"). */
typedef struct
{
  const char *name;          /* "town_a" */
  const char *description;   /* translated on use: _(description) */
  gboolean    required;      /* some field of its group must be mapped */
} TaImportField;

const TaImportField *ta_import_get_fields          (TaImportRecordType  type,
                                                    guint              *n_fields);
gboolean             ta_import_has_field           (TaImportRecordType  type,
                                                    const char         *field);
/* The field a column heading names by its name or a known alias ("miasto",
 * "Partnerstadt", "Jahr"…), or NULL. */
const char          *ta_import_field_for_header    (TaImportRecordType  type,
                                                    const char         *header);
/* From the file name ("links.csv", "towns-2024.csv") or else the headings. */
TaImportRecordType   ta_import_guess_record_type   (const char * const *header,
                                                    const char         *file_name);

#define TA_TYPE_IMPORT_MAPPING (ta_import_mapping_get_type ())
G_DECLARE_FINAL_TYPE (TaImportMapping, ta_import_mapping, TA, IMPORT_MAPPING, GObject)

/* Maps each heading to the field it names, the first heading winning. */
TaImportMapping     *ta_import_mapping_new         (TaImportRecordType  type,
                                                    const char * const *header);
TaImportRecordType   ta_import_mapping_get_record_type (TaImportMapping *self);
const char * const  *ta_import_mapping_get_header  (TaImportMapping    *self);
guint                ta_import_mapping_get_n_columns (TaImportMapping  *self);
/* The field of a column, or NULL when the column is left out. */
const char          *ta_import_mapping_get_field   (TaImportMapping    *self,
                                                    guint               column);
/* The column of a field, or -1. */
int                  ta_import_mapping_get_column  (TaImportMapping    *self,
                                                    const char         *field);
/* Maps @column to @field (NULL: leave it out); a column that had @field
 * loses it.  Fails for a field the record type does not have. */
gboolean             ta_import_mapping_set_field   (TaImportMapping    *self,
                                                    guint               column,
                                                    const char         *field,
                                                    GError            **error);
/* Fails, naming @file_name and the field, when a field the record type
 * needs has no column. */
gboolean             ta_import_mapping_check       (TaImportMapping    *self,
                                                    const char         *file_name,
                                                    GError            **error);

G_END_DECLS
