/* ta-importer.h: reading CSV, GeoJSON and Wikidata files into an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import has two phases.  1: files are read into a TaImportPlan, which
 * matches the towns they name against the atlas and writes nothing; the
 * user sees the preview (ta_import_plan_get_counts(), the rejected rows,
 * the ambiguous towns to decide).  2: ta_import_plan_commit() writes all
 * of it in one transaction, with a source row for each file.
 *
 *   g_autoptr(TaImporter) importer = ta_importer_new (db);
 *   if (!ta_importer_add_file (importer, "links.csv", TA_IMPORT_FORMAT_AUTO,
 *                              TA_IMPORT_RECORD_AUTO, NULL, &error))
 *     … the file cannot be read: error names file, line and field …
 *   plan = ta_importer_get_plan (importer);
 *   … show the preview, resolve ambiguities …
 *   ta_import_plan_commit (plan, &error);
 */

#pragma once

#include <gio/gio.h>

#include "ta-db.h"
#include "ta-import-mapping.h"
#include "ta-import-plan.h"
#include "ta-iso-codes.h"

G_BEGIN_DECLS

typedef enum
{
  TA_IMPORT_FORMAT_AUTO = 0,       /* from the file name and its first bytes */
  TA_IMPORT_FORMAT_CSV,            /* comma, semicolon or tab separated, UTF-8 */
  TA_IMPORT_FORMAT_GEOJSON,        /* RFC 7946: Points are towns, LineStrings links */
  TA_IMPORT_FORMAT_WIKIDATA_JSON,  /* SPARQL results JSON of ta_wikidata_build_query() */
} TaImportFormat;

/* JSON files are parsed whole: refuse bigger ones. */
#define TA_IMPORT_DEFAULT_MAX_JSON_SIZE (256 * 1024 * 1024)

#define TA_TYPE_IMPORTER (ta_importer_get_type ())
G_DECLARE_FINAL_TYPE (TaImporter, ta_importer, TA, IMPORTER, GObject)

const char     *ta_import_format_to_string     (TaImportFormat      format);
gboolean        ta_import_format_from_string   (const char         *text,
                                                TaImportFormat     *format);

TaImporter     *ta_importer_new                (TaDb               *db);
TaDb           *ta_importer_get_db             (TaImporter         *self);
TaImportPlan   *ta_importer_get_plan           (TaImporter         *self);

/* The country names to use; by default the plan loads iso-codes itself
 * when a file names a country the atlas lacks. */
void            ta_importer_set_iso_codes      (TaImporter         *self,
                                                TaIsoCodes         *iso_codes);

/* Limits for CSV files (see ta_csv_reader_set_limits()) and JSON files. */
void            ta_importer_set_csv_limits     (TaImporter         *self,
                                                gsize               max_field_size,
                                                gsize               max_record_size,
                                                guint               max_columns);
void            ta_importer_set_max_json_size  (TaImporter         *self,
                                                gsize               max_size);

/* The headings of a CSV file, for the column-mapping step. */
GStrv           ta_importer_read_csv_header    (TaImporter         *self,
                                                const char         *path,
                                                GError            **error);

/* Reads a file into the plan.  @type and @mapping apply to CSV (AUTO and
 * NULL: guessed from the file name and headings).  On failure @error names
 * the file, line and field, and the plan will refuse to commit. */
gboolean        ta_importer_add_file           (TaImporter         *self,
                                                const char         *path,
                                                TaImportFormat      format,
                                                TaImportRecordType  type,
                                                TaImportMapping    *mapping,
                                                GError            **error);
/* The same for a stream; @name is how messages name it. */
gboolean        ta_importer_add_stream         (TaImporter         *self,
                                                GInputStream       *stream,
                                                const char         *name,
                                                TaImportFormat      format,
                                                TaImportRecordType  type,
                                                TaImportMapping    *mapping,
                                                GError            **error);
/* A Wikidata SPARQL answer fetched from @endpoint at @retrieved: its rows
 * get the source "wikidata-live:<date>" (CC0-1.0).  @scope says what was
 * asked ("P190 twinnings of towns in PL"). */
gboolean        ta_importer_add_wikidata_results (TaImporter       *self,
                                                  GBytes           *json,
                                                  const char       *endpoint,
                                                  GDateTime        *retrieved,
                                                  const char       *scope,
                                                  GError          **error);

G_END_DECLS
