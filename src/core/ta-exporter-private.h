/* ta-exporter-private.h: the exported tables, shared by the CSV and GeoJSON writers
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-exporter.h"

G_BEGIN_DECLS

typedef struct
{
  const char * const *headers;   /* the columns of the query, in order */
  const char         *sql;       /* ?1: the selected link ids as JSON, or NULL */
} TaExportTableSpec;

const TaExportTableSpec *ta_export_get_table_spec (TaExportTable   table);
/* The table's rows for the selection (ta_export_ids_to_json()). */
sqlite3_stmt            *ta_export_select         (TaDb           *db,
                                                   TaExportTable   table,
                                                   const char     *ids_json,
                                                   GError        **error);

G_END_DECLS
