/* ta-csv.c: a streaming reader of delimiter-separated text (RFC 4180)
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader serves the bundled sources (tab- and comma-separated) and the
 * files users import, which come from spreadsheets in every local habit:
 * semicolons, a UTF-8 byte order mark, CRLF line ends, quoted fields with
 * line breaks inside.  It reads the input in blocks and keeps only the
 * current record, so memory stays bounded by the limits whatever the file
 * holds; a file that breaks a limit fails with the line and column instead.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-csv.h"

#define BLOCK_SIZE (64 * 1024)

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} ParseState;

struct _TaCsvReader
{
  GObject parent_instance;

  /* owned */
  GInputStream *stream;
  char *name;
  guint8 *block;
  GString *record;        /* the fields of the current record, NUL-separated */
  GArray *offsets;        /* gsize: where each field starts in record */
  GPtrArray *fields;      /* char *, into record, NULL-terminated */
  GStrv header;
  GHashTable *header_index;  /* column name → index + 1 */
  GError *failure;        /* set once reading failed; every later call repeats it */

  gsize block_len;
  gsize block_pos;
  gboolean at_eof;
  gboolean started;       /* BOM and delimiter handled */

  char delimiter;
  gsize max_field_size;
  gsize max_record_size;
  guint max_columns;

  guint line;             /* physical line of the next byte, 1-based */
  guint record_line;      /* line on which the current record starts */
  guint field_line;       /* line on which the current field starts */
  gsize field_start;      /* offset of the current field in record */
};

G_DEFINE_TYPE (TaCsvReader, ta_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-csv-error-quark, ta_csv_error)

static void
ta_csv_reader_finalize (GObject *object)
{
  TaCsvReader *self = (TaCsvReader *)object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->block, g_free);
  g_string_free (self->record, TRUE);
  g_clear_pointer (&self->offsets, g_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->header_index, g_hash_table_unref);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (ta_csv_reader_parent_class)->finalize (object);
}

static void
ta_csv_reader_class_init (TaCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_csv_reader_finalize;
}

static void
ta_csv_reader_init (TaCsvReader *self)
{
  self->block = g_malloc (BLOCK_SIZE);
  self->record = g_string_sized_new (256);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->fields = g_ptr_array_new ();
  self->max_field_size = TA_CSV_DEFAULT_MAX_FIELD_SIZE;
  self->max_record_size = TA_CSV_DEFAULT_MAX_RECORD_SIZE;
  self->max_columns = TA_CSV_DEFAULT_MAX_COLUMNS;
  self->line = 1;
  g_ptr_array_add (self->fields, NULL);
}

/**
 * ta_csv_reader_new:
 * @stream: the input
 * @name: how error messages name the input (a path, a display name)
 *
 * Returns: (transfer full): a reader of @stream
 */
TaCsvReader *
ta_csv_reader_new (GInputStream *stream,
                   const char   *name)
{
  TaCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (TA_TYPE_CSV_READER, NULL);
  self->stream = g_object_ref (stream);
  self->name = g_strdup (name != NULL ? name : "");

  return self;
}

/**
 * ta_csv_reader_new_for_path:
 * @path: a file name
 *
 * Returns: (transfer full): a reader of the file, or %NULL if it cannot be
 *   opened
 */
TaCsvReader *
ta_csv_reader_new_for_path (const char  *path,
                            GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  return ta_csv_reader_new (G_INPUT_STREAM (stream), path);
}

void
ta_csv_reader_set_delimiter (TaCsvReader *self,
                             char         delimiter)
{
  g_return_if_fail (TA_IS_CSV_READER (self));
  g_return_if_fail (delimiter == 0 || delimiter == ',' || delimiter == ';' || delimiter == '\t');
  g_return_if_fail (!self->started);

  self->delimiter = delimiter;
}

/* The delimiter in use: the one set, or the detected one once reading began. */
char
ta_csv_reader_get_delimiter (TaCsvReader *self)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), 0);

  return self->delimiter;
}

void
ta_csv_reader_set_limits (TaCsvReader *self,
                          gsize        max_field_size,
                          gsize        max_record_size,
                          guint        max_columns)
{
  g_return_if_fail (TA_IS_CSV_READER (self));
  g_return_if_fail (max_field_size > 0 && max_record_size > 0 && max_columns > 0);

  self->max_field_size = max_field_size;
  self->max_record_size = max_record_size;
  self->max_columns = max_columns;
}

const char *
ta_csv_reader_get_name (TaCsvReader *self)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), NULL);

  return self->name;
}

guint
ta_csv_reader_get_line (TaCsvReader *self)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), 0);

  return self->record_line;
}

guint
ta_csv_reader_get_n_fields (TaCsvReader *self)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), 0);

  return self->fields->len - 1;
}

const char *
ta_csv_reader_get_field (TaCsvReader *self,
                         int          index)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), NULL);

  if (index < 0 || (guint) index >= self->fields->len - 1)
    return "";

  return g_ptr_array_index (self->fields, index);
}

static const char *
column_name (TaCsvReader *self,
             guint        column)
{
  if (self->header != NULL && column < g_strv_length (self->header))
    return self->header[column];
  return NULL;
}

/* Records the failure so that later calls repeat it rather than read on from
 * an unknown point, and hands a copy to the caller. */
G_GNUC_PRINTF (5, 6)
static gboolean
fail (TaCsvReader  *self,
      GError      **error,
      TaCsvError    code,
      guint         line,
      const char   *format,
      ...)
{
  g_autofree char *message = NULL;
  guint column = self->offsets->len + 1;
  const char *heading = column_name (self, column - 1);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (heading != NULL && *heading != '\0')
    self->failure = g_error_new (TA_CSV_ERROR, code,
                                 _("“%s”, line %u, column %u (“%s”): %s"),
                                 self->name, line, column, heading, message);
  else
    self->failure = g_error_new (TA_CSV_ERROR, code,
                                 _("“%s”, line %u, column %u: %s"),
                                 self->name, line, column, message);

  g_propagate_error (error, g_error_copy (self->failure));
  return FALSE;
}

static gboolean
fill_block (TaCsvReader  *self,
            GError      **error)
{
  gsize n_read = 0;
  g_autoptr(GError) local_error = NULL;

  if (!g_input_stream_read_all (self->stream, self->block, BLOCK_SIZE, &n_read, NULL, &local_error))
    {
      self->failure = g_error_new (local_error->domain, local_error->code,
                                   _("Could not read “%s”: %s"), self->name, local_error->message);
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }

  self->block_len = n_read;
  self->block_pos = 0;
  if (n_read < BLOCK_SIZE)
    self->at_eof = TRUE;

  return TRUE;
}

/* Returns the next byte, -1 at the end of the input, -2 on a read error. */
static inline int
next_byte (TaCsvReader  *self,
           GError      **error)
{
  if (self->block_pos == self->block_len)
    {
      if (self->at_eof)
        return -1;
      if (!fill_block (self, error))
        return -2;
      if (self->block_len == 0)
        return -1;
    }

  return self->block[self->block_pos++];
}

/* After a '\r': consumes the '\n' of a CRLF pair.  Returns 1 if there was
 * one, 0 if not, -1 on a read error. */
static int
skip_lf_after_cr (TaCsvReader  *self,
                  GError      **error)
{
  if (self->block_pos == self->block_len && !self->at_eof)
    {
      if (!fill_block (self, error))
        return -1;
    }

  if (self->block_pos < self->block_len && self->block[self->block_pos] == '\n')
    {
      self->block_pos++;
      return 1;
    }

  return 0;
}

static char
detect_delimiter (const guint8 *data,
                  gsize         len)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0, };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (!quoted && (data[i] == '\n' || data[i] == '\r'))
        break;
      else if (!quoted)
        {
          for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
            if (data[i] == (guint8) candidates[c])
              counts[c]++;
        }
    }

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      if (counts[c] > best_count)
        {
          best = candidates[c];
          best_count = counts[c];
        }
    }

  return best;
}

/* Skips a byte order mark and settles the delimiter, on the first read. */
static gboolean
start (TaCsvReader  *self,
       GError      **error)
{
  if (self->started)
    return TRUE;
  self->started = TRUE;

  if (!fill_block (self, error))
    return FALSE;

  if (self->block_len >= 2 &&
      ((self->block[0] == 0xff && self->block[1] == 0xfe) ||
       (self->block[0] == 0xfe && self->block[1] == 0xff)))
    return fail (self, error, TA_CSV_ERROR_ENCODING, 1,
                 _("the file is UTF-16 text; save it as UTF-8"));

  if (self->block_len >= 3 &&
      self->block[0] == 0xef && self->block[1] == 0xbb && self->block[2] == 0xbf)
    self->block_pos = 3;

  if (self->delimiter == 0)
    self->delimiter = detect_delimiter (self->block + self->block_pos,
                                        self->block_len - self->block_pos);

  return TRUE;
}

static gboolean
append_byte (TaCsvReader  *self,
             guint8        byte,
             GError      **error)
{
  if (self->record->len - self->field_start >= self->max_field_size)
    return fail (self, error, TA_CSV_ERROR_LIMIT, self->field_line,
                 _("field longer than %zu bytes"), self->max_field_size);
  if (self->record->len >= self->max_record_size)
    return fail (self, error, TA_CSV_ERROR_LIMIT, self->record_line,
                 _("record longer than %zu bytes"), self->max_record_size);

  g_string_append_c (self->record, (char) byte);
  return TRUE;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint lines = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n')))
        lines++;
    }

  return lines;
}

static gboolean
end_field (TaCsvReader  *self,
           GError      **error)
{
  const char *field = self->record->str + self->field_start;
  gsize len = self->record->len - self->field_start;
  const char *invalid = NULL;

  if (!g_utf8_validate_len (field, len, &invalid))
    return fail (self, error, TA_CSV_ERROR_ENCODING,
                 self->field_line + count_lines (field, invalid - field),
                 _("the text is not valid UTF-8"));

  if (self->offsets->len + 1 > self->max_columns)
    return fail (self, error, TA_CSV_ERROR_LIMIT, self->record_line,
                 _("more than %u columns"), self->max_columns);

  g_array_append_val (self->offsets, self->field_start);
  g_string_append_c (self->record, '\0');
  self->field_start = self->record->len;
  self->field_line = self->line;

  return TRUE;
}

static void
publish_fields (TaCsvReader *self)
{
  g_ptr_array_set_size (self->fields, 0);
  for (guint i = 0; i < self->offsets->len; i++)
    g_ptr_array_add (self->fields, self->record->str + g_array_index (self->offsets, gsize, i));
  g_ptr_array_add (self->fields, NULL);
}

static void
reset_record (TaCsvReader *self)
{
  g_string_truncate (self->record, 0);
  g_array_set_size (self->offsets, 0);
  g_ptr_array_set_size (self->fields, 0);
  g_ptr_array_add (self->fields, NULL);
  self->field_start = 0;
  self->record_line = self->line;
  self->field_line = self->line;
}

/* Reads one record into self->record.  Returns TRUE when a record was read;
 * FALSE with @error unset at the end of the input. */
static gboolean
read_record (TaCsvReader  *self,
             GError      **error)
{
  ParseState state = STATE_FIELD_START;
  gboolean in_record = FALSE;
  int c;

  reset_record (self);

  for (;;)
    {
      gboolean newline;
      int crlf = 0;

      c = next_byte (self, error);
      if (c == -2)
        return FALSE;
      if (c == -1)
        break;

      newline = (c == '\n' || c == '\r');
      if (c == '\r')
        {
          crlf = skip_lf_after_cr (self, error);
          if (crlf < 0)
            return FALSE;
        }

      if (!in_record)
        {
          if (newline)
            {
              /* A blank line holds no record. */
              self->line++;
              reset_record (self);
              continue;
            }
          in_record = TRUE;
        }

      switch (state)
        {
        case STATE_FIELD_START:
        case STATE_UNQUOTED:
          if (state == STATE_FIELD_START && c == '"')
            state = STATE_QUOTED;
          else if (c == self->delimiter)
            {
              if (!end_field (self, error))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (newline)
            {
              self->line++;
              goto end_of_record;
            }
          else
            {
              /* A quote inside an unquoted field is kept as it is, as
               * spreadsheets read it. */
              if (!append_byte (self, (guint8) c, error))
                return FALSE;
              state = STATE_UNQUOTED;
            }
          break;

        case STATE_QUOTED:
          if (c == '"')
            state = STATE_QUOTE_IN_QUOTED;
          else
            {
              if (newline)
                self->line++;
              if (!append_byte (self, (guint8) c, error))
                return FALSE;
              /* Line breaks inside a field are kept as the file has them. */
              if (crlf && !append_byte (self, '\n', error))
                return FALSE;
            }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              if (!append_byte (self, '"', error))
                return FALSE;
              state = STATE_QUOTED;
            }
          else if (c == self->delimiter)
            {
              if (!end_field (self, error))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (newline)
            {
              self->line++;
              goto end_of_record;
            }
          else
            return fail (self, error, TA_CSV_ERROR_SYNTAX, self->line,
                         _("unexpected text after a closing quote (a quote inside a quoted field must be doubled)"));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* The end of the input. */
  if (!in_record)
    return FALSE;
  if (state == STATE_QUOTED)
    return fail (self, error, TA_CSV_ERROR_SYNTAX, self->field_line,
                 _("a quoted field is never closed"));

end_of_record:
  if (!end_field (self, error))
    return FALSE;
  publish_fields (self);

  return TRUE;
}

/**
 * ta_csv_reader_next:
 * @fields: (out) (transfer none): the fields of the record
 *
 * Returns: %TRUE if a record was read; %FALSE at the end of the input or on
 *   error (then @error is set)
 */
gboolean
ta_csv_reader_next (TaCsvReader  *self,
                    GStrv        *fields,
                    GError      **error)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), FALSE);

  if (fields != NULL)
    *fields = NULL;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }

  if (!start (self, error) || !read_record (self, error))
    {
      reset_record (self);
      return FALSE;
    }

  if (fields != NULL)
    *fields = (GStrv) self->fields->pdata;

  return TRUE;
}

/**
 * ta_csv_reader_read_header:
 *
 * Reads the first record as column names (surrounding spaces removed).
 */
gboolean
ta_csv_reader_read_header (TaCsvReader  *self,
                           GError      **error)
{
  GStrv fields = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TA_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (self->header == NULL, FALSE);

  if (!ta_csv_reader_next (self, &fields, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, TA_CSV_ERROR, TA_CSV_ERROR_NO_HEADER,
                     _("“%s” is empty: a header line was expected"), self->name);
      return FALSE;
    }

  self->header = g_strdupv (fields);
  self->header_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; self->header[i] != NULL; i++)
    {
      g_strstrip (self->header[i]);
      if (!g_hash_table_contains (self->header_index, self->header[i]))
        g_hash_table_insert (self->header_index, self->header[i], GUINT_TO_POINTER (i + 1));
    }

  return TRUE;
}

const char * const *
ta_csv_reader_get_header (TaCsvReader *self)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), NULL);

  return (const char * const *) self->header;
}

int
ta_csv_reader_get_column_index (TaCsvReader *self,
                                const char  *name)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  if (self->header_index == NULL)
    return -1;

  return GPOINTER_TO_INT (g_hash_table_lookup (self->header_index, name)) - 1;
}

gboolean
ta_csv_reader_require_columns (TaCsvReader        *self,
                               const char * const *names,
                               int                *indices,
                               GError            **error)
{
  g_return_val_if_fail (TA_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (names != NULL && indices != NULL, FALSE);

  for (guint i = 0; names[i] != NULL; i++)
    {
      indices[i] = ta_csv_reader_get_column_index (self, names[i]);
      if (indices[i] < 0)
        {
          g_set_error (error, TA_CSV_ERROR, TA_CSV_ERROR_MISSING_COLUMN,
                       _("“%s” has no column “%s”"), self->name, names[i]);
          return FALSE;
        }
    }

  return TRUE;
}
