/* ta-csv-import.c: CSV rows into an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The delimiter, the byte order mark, quotes and line breaks inside fields
 * are TaCsvReader's; here each record's columns are read as the fields
 * the mapping gives them.  Problems of the file itself (encoding, quotes,
 * limits) stop the import of the file; problems of a row reject that row.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-csv.h"
#include "ta-import-rows.h"
#include "ta-importer-private.h"

typedef struct
{
  TaImportFields   parent;
  TaCsvReader     *reader;
  TaImportMapping *mapping;
  GHashTable      *columns;   /* field → column + 1 */
  GPtrArray       *values;    /* trimmed copies made for this row */
} CsvFields;

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
csv_get (TaImportFields *fields,
         const char     *field)
{
  CsvFields *self = (CsvFields *) fields;
  gpointer column = g_hash_table_lookup (self->columns, field);
  const char *value;
  gsize len;
  char *copy;

  if (column == NULL)
    return NULL;

  value = ta_csv_reader_get_field (self->reader, GPOINTER_TO_INT (column) - 1);
  while (is_space (*value))
    value++;
  len = strlen (value);
  if (len == 0)
    return NULL;
  if (!is_space (value[len - 1]))
    return value;

  while (len > 0 && is_space (value[len - 1]))
    len--;
  copy = g_strndup (value, len);
  g_ptr_array_add (self->values, copy);
  return copy;
}

static const char *
csv_label (TaImportFields *fields,
           const char     *field)
{
  CsvFields *self = (CsvFields *) fields;
  gpointer column = g_hash_table_lookup (self->columns, field);

  if (column == NULL)
    return field;

  return ta_import_mapping_get_header (self->mapping)[GPOINTER_TO_INT (column) - 1];
}

/* The reader's errors keep their message (file, line, column) and become
 * import errors. */
static void
propagate_csv_error (GError **error,
                     GError  *csv_error)
{
  int code = TA_IMPORT_ERROR_FORMAT;

  if (csv_error->domain == TA_CSV_ERROR)
    {
      switch (csv_error->code)
        {
        case TA_CSV_ERROR_LIMIT:
          code = TA_IMPORT_ERROR_LIMIT;
          break;
        case TA_CSV_ERROR_NO_HEADER:
          code = TA_IMPORT_ERROR_EMPTY;
          break;
        case TA_CSV_ERROR_MISSING_COLUMN:
          code = TA_IMPORT_ERROR_MISSING_COLUMN;
          break;
        default:
          code = TA_IMPORT_ERROR_FORMAT;
          break;
        }
    }

  g_set_error_literal (error, TA_IMPORT_ERROR, code, csv_error->message);
  g_error_free (csv_error);
}

static gboolean
same_header (const char * const *a,
             const char * const *b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;

  return a[i] == NULL && b[i] == NULL;
}

static gboolean
read_rows (TaImportPlan        *plan,
           TaCsvReader         *reader,
           TaImportMapping     *mapping,
           TaImportRecordType   type,
           guint                file,
           GError             **error)
{
  g_autoptr(GHashTable) columns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  CsvFields fields = { { csv_get, csv_label }, reader, mapping, columns, values };
  GError *local_error = NULL;

  for (guint i = 0; i < ta_import_mapping_get_n_columns (mapping); i++)
    {
      const char *field = ta_import_mapping_get_field (mapping, i);

      if (field != NULL)
        g_hash_table_insert (columns, (gpointer) field, GINT_TO_POINTER (i + 1));
    }

  while (ta_csv_reader_next (reader, NULL, &local_error))
    {
      TaImportRow row = { 0, };

      row.file = file;
      row.line = ta_csv_reader_get_line (reader);
      ta_import_plan_count_row (plan, file);
      ta_import_rows_add (plan, type, &row, &fields.parent, NULL, NULL);
      g_ptr_array_set_size (values, 0);
    }

  if (local_error != NULL)
    {
      propagate_csv_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
ta_csv_import_stream (TaImportPlan          *plan,
                      GInputStream          *stream,
                      const char            *name,
                      TaImportRecordType     type,
                      TaImportMapping       *mapping,
                      const TaImportLimits  *limits,
                      GError               **error)
{
  g_autoptr(TaCsvReader) reader = ta_csv_reader_new (stream, name);
  g_autoptr(TaImportMapping) own_mapping = NULL;
  GError *local_error = NULL;
  const char * const *header;
  guint file;

  ta_csv_reader_set_limits (reader, limits->max_field_size, limits->max_record_size, limits->max_columns);
  if (!ta_csv_reader_read_header (reader, &local_error))
    {
      propagate_csv_error (error, local_error);
      return FALSE;
    }
  header = ta_csv_reader_get_header (reader);

  if (mapping != NULL)
    {
      if (!same_header (ta_import_mapping_get_header (mapping), header))
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_MISSING_COLUMN,
                       _("“%s”, line 1: the column mapping was made for other headings"), name);
          return FALSE;
        }
      type = ta_import_mapping_get_record_type (mapping);
    }
  else
    {
      if (type == TA_IMPORT_RECORD_AUTO)
        type = ta_import_guess_record_type (header, name);
      mapping = own_mapping = ta_import_mapping_new (type, header);
    }

  if (!ta_import_mapping_check (mapping, name, error))
    return FALSE;

  file = ta_import_plan_add_file (plan, name, NULL);
  return read_rows (plan, reader, mapping, type, file, error);
}
