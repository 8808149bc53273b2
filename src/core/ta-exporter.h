/* ta-exporter.h: the atlas as CSV tables and as GeoJSON for QGIS
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every export writes a temporary file next to the target and renames it
 * over the target only when it is complete, so a failure never leaves a
 * half-written file.  @link_ids (a GArray of gint64, or NULL for all)
 * selects what is exported, as the filter (TaFilter) selects links:
 * the links, the towns at their ends, the exchanges, grants and events of
 * those links and towns; programmes and sources are exported whole.
 * The files import back (ta-importer.h) into the same towns, links and
 * provenance.
 */

#pragma once

#include "ta-db.h"

G_BEGIN_DECLS

typedef enum
{
  TA_EXPORT_TOWNS,
  TA_EXPORT_LINKS,
  TA_EXPORT_EXCHANGES,
  TA_EXPORT_FUNDING,
  TA_EXPORT_EVENTS,
  TA_EXPORT_PROGRAMMES,
  TA_EXPORT_SOURCES,
  TA_EXPORT_N_TABLES
} TaExportTable;

const char *ta_export_table_to_string   (TaExportTable   table);
gboolean    ta_export_table_from_string (const char     *text,
                                         TaExportTable  *table);

/* One table as CSV (UTF-8, comma, CRLF, RFC 4180 quoting), with the
 * column names of README.md's "Import file formats". */
gboolean    ta_export_csv               (TaDb           *db,
                                         TaExportTable   table,
                                         GArray         *link_ids,
                                         const char     *path,
                                         GError        **error);
/* Every table, as <directory>/<table>.csv; the directory must exist. */
gboolean    ta_export_csv_all           (TaDb           *db,
                                         GArray         *link_ids,
                                         const char     *directory,
                                         GError        **error);
/* RFC 7946 GeoJSON: towns as Points, links as great-circle LineStrings
 * (MultiLineStrings where they cross the antimeridian), sources in the
 * foreign member "twin_atlas_sources". */
gboolean    ta_export_geojson           (TaDb           *db,
                                         GArray         *link_ids,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS
