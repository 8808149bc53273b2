/* ta-json-document.c: JSON that remembers where each object starts
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JsonNode keeps no position, but a rejected GeoJSON feature or SPARQL
 * result should be reported with its line.  The parser's object-start and
 * object-end signals bracket each object while json_parser_get_current_line()
 * tells where the parser is, so a stack of start lines gives every object
 * its own.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-importer-private.h"

struct _TaJsonDocument
{
  JsonParser *parser;
  GHashTable *lines;    /* JsonObject → line */
  GArray     *starts;   /* guint: lines of the objects being parsed */
};

static void
on_object_start (JsonParser     *parser,
                 TaJsonDocument *document)
{
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (document->starts, line);
}

static void
on_object_end (JsonParser     *parser,
               JsonObject     *object,
               TaJsonDocument *document)
{
  guint line;

  if (document->starts->len == 0)
    return;

  line = g_array_index (document->starts, guint, document->starts->len - 1);
  g_array_set_size (document->starts, document->starts->len - 1);
  g_hash_table_insert (document->lines, object, GUINT_TO_POINTER (line));
}

void
ta_json_document_free (TaJsonDocument *document)
{
  if (document == NULL)
    return;

  g_clear_object (&document->parser);
  g_clear_pointer (&document->lines, g_hash_table_unref);
  g_clear_pointer (&document->starts, g_array_unref);
  g_free (document);
}

static guint
line_at (const char *text,
         const char *position)
{
  guint line = 1;

  for (const char *p = text; p < position; p++)
    if (*p == '\n')
      line++;

  return line;
}

/* json-glib parses recursively and has no depth limit: "[[[[…" 100,000
 * deep overflows the stack.  GeoJSON and SPARQL results nest some six
 * levels; refuse anything past MAX_DEPTH before parsing.  Returns the
 * position where the limit is passed, or NULL. */
#define MAX_DEPTH 256

static const char *
too_deep (const char *data,
          gsize       len)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return data + i;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return NULL;
}

/* json-glib says "<data>:3:14: Parse error: …"; users read "line 3". */
static char *
readable_parse_error (const char *message)
{
  const char *rest = message;
  guint line = 0, column = 0;

  if (g_str_has_prefix (rest, "<data>:"))
    {
      char *end = NULL;

      rest += strlen ("<data>:");
      line = (guint) g_ascii_strtoull (rest, &end, 10);
      if (end != NULL && *end == ':')
        {
          rest = end + 1;
          column = (guint) g_ascii_strtoull (rest, &end, 10);
          if (end != NULL && *end == ':')
            rest = end + 1;
        }
      while (*rest == ' ')
        rest++;
    }

  if (line > 0)
    return g_strdup_printf (_("line %u, column %u: %s"), line, column, rest);

  return g_strdup (message);
}

/**
 * ta_json_document_parse:
 * @name: how messages name the input
 *
 * Returns: (transfer full): the document, or %NULL with @error naming
 *   @name and the line
 */
TaJsonDocument *
ta_json_document_parse (GBytes      *bytes,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(TaJsonDocument) document = g_new0 (TaJsonDocument, 1);
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *invalid = NULL;

  if (len >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe) ||
                   ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”, line 1: the file is UTF-16 text; save it as UTF-8"), name);
      return NULL;
    }
  if (len >= 3 && (guchar) data[0] == 0xef && (guchar) data[1] == 0xbb && (guchar) data[2] == 0xbf)
    {
      data += 3;
      len -= 3;
    }
  if (!g_utf8_validate_len (data, len, &invalid))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”, line %u: the text is not valid UTF-8"), name, line_at (data, invalid));
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_EMPTY, _("“%s” is empty"), name);
      return NULL;
    }
  if ((invalid = too_deep (data, len)) != NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_LIMIT,
                   _("“%s”, line %u: arrays and objects nested more than %u deep"),
                   name, line_at (data, invalid), MAX_DEPTH);
      return NULL;
    }

  document->parser = json_parser_new_immutable ();
  document->lines = g_hash_table_new (NULL, NULL);
  document->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (document->parser, "object-start", G_CALLBACK (on_object_start), document);
  g_signal_connect (document->parser, "object-end", G_CALLBACK (on_object_end), document);

  if (!json_parser_load_from_data (document->parser, data, (gssize) len, &local_error))
    {
      g_autofree char *readable = readable_parse_error (local_error->message);

      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT, _("“%s”: invalid JSON, %s"), name, readable);
      return NULL;
    }

  if (json_parser_get_root (document->parser) == NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_EMPTY, _("“%s” holds no JSON value"), name);
      return NULL;
    }

  g_signal_handlers_disconnect_by_data (document->parser, document);
  return g_steal_pointer (&document);
}

JsonNode *
ta_json_document_get_root (TaJsonDocument *document)
{
  return json_parser_get_root (document->parser);
}

guint
ta_json_document_get_line (TaJsonDocument *document,
                           JsonObject     *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (document->lines, object));
}
