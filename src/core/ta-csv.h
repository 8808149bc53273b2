/* ta-csv.h: a streaming reader of delimiter-separated text (RFC 4180)
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TA_CSV_ERROR (ta_csv_error_quark ())

typedef enum
{
  TA_CSV_ERROR_ENCODING,    /* not UTF-8 */
  TA_CSV_ERROR_SYNTAX,      /* a quote out of place, a quoted field never closed */
  TA_CSV_ERROR_LIMIT,       /* a field, record or column count over the reader's limits */
  TA_CSV_ERROR_NO_HEADER,   /* the file is empty where a header was expected */
  TA_CSV_ERROR_MISSING_COLUMN, /* the header lacks a column the caller needs */
} TaCsvError;

/* Defaults; a caller may lower or raise them with ta_csv_reader_set_limits(). */
#define TA_CSV_DEFAULT_MAX_FIELD_SIZE  (64 * 1024)
#define TA_CSV_DEFAULT_MAX_RECORD_SIZE (1024 * 1024)
#define TA_CSV_DEFAULT_MAX_COLUMNS     512

#define TA_TYPE_CSV_READER (ta_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (TaCsvReader, ta_csv_reader, TA, CSV_READER, GObject)

GQuark        ta_csv_error_quark            (void);

/* @name is used in error messages only (a path or a display name). */
TaCsvReader  *ta_csv_reader_new             (GInputStream  *stream,
                                             const char    *name);
TaCsvReader  *ta_csv_reader_new_for_path    (const char    *path,
                                             GError       **error);

/* ',' ';' or '\t'; 0 (the default) detects it from the first line. Call
 * before the first read. */
void          ta_csv_reader_set_delimiter   (TaCsvReader   *self,
                                             char           delimiter);
char          ta_csv_reader_get_delimiter   (TaCsvReader   *self);

void          ta_csv_reader_set_limits      (TaCsvReader   *self,
                                             gsize          max_field_size,
                                             gsize          max_record_size,
                                             guint          max_columns);

/* Reads the first record as the header. */
gboolean      ta_csv_reader_read_header     (TaCsvReader   *self,
                                             GError       **error);
const char * const *ta_csv_reader_get_header (TaCsvReader  *self);
/* The index of the first header column named @name, or -1. */
int           ta_csv_reader_get_column_index (TaCsvReader  *self,
                                              const char   *name);
/* Fills @indices with the index of each of the %NULL-terminated @names, or
 * fails naming the first column missing from the header. */
gboolean      ta_csv_reader_require_columns (TaCsvReader        *self,
                                             const char * const *names,
                                             int                *indices,
                                             GError            **error);

/* Reads the next record.  On success @fields points to a %NULL-terminated
 * array owned by the reader and valid until the next call.  Returns %FALSE
 * at the end of the input (with @error unset) or on error.  Blank lines are
 * skipped. */
gboolean      ta_csv_reader_next            (TaCsvReader   *self,
                                             GStrv         *fields,
                                             GError       **error);
guint         ta_csv_reader_get_n_fields    (TaCsvReader   *self);
/* A field of the current record, or "" when the record is shorter. */
const char   *ta_csv_reader_get_field       (TaCsvReader   *self,
                                             int            index);
/* The physical line (1-based) on which the current record starts. */
guint         ta_csv_reader_get_line        (TaCsvReader   *self);
const char   *ta_csv_reader_get_name        (TaCsvReader   *self);

G_END_DECLS
