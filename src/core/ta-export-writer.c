/* ta-export-writer.c: writing an export file whole or not at all
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A QGIS project or a spreadsheet may have the target open; a half-written
 * file would break it.  The export goes to a temporary file in the same
 * folder (so that rename() is atomic), is synced, and only then replaces
 * the target.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ta-export-writer.h"
#include "ta-import-rows.h"

struct _TaExportWriter
{
  char     *path;
  char     *tmp_path;
  FILE     *file;
  int       write_errno;   /* the first write error, or 0 */
  gboolean  finished;
};

TaExportWriter *
ta_export_writer_new (const char  *path,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  TaExportWriter *self;
  int fd;

  self = g_new0 (TaExportWriter, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  fd = g_mkstemp_full (self->tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_clear_pointer (&self->tmp_path, g_free);
      ta_export_writer_free (self);
      return NULL;
    }

  self->file = fdopen (fd, "w");
  if (self->file == NULL)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      ta_export_writer_free (self);
      return NULL;
    }

  return self;
}

void
ta_export_writer_append (TaExportWriter *self,
                         const char     *text,
                         gssize          len)
{
  gsize n = len < 0 ? strlen (text) : (gsize) len;

  if (self->write_errno == 0 && n > 0 && fwrite (text, 1, n, self->file) != n)
    self->write_errno = errno != 0 ? errno : EIO;
}

void
ta_export_writer_printf (TaExportWriter *self,
                         const char     *format,
                         ...)
{
  va_list args;

  if (self->write_errno != 0)
    return;

  va_start (args, format);
  if (vfprintf (self->file, format, args) < 0)
    self->write_errno = errno != 0 ? errno : EIO;
  va_end (args);
}

gboolean
ta_export_writer_finish (TaExportWriter  *self,
                         GError         **error)
{
  int saved = self->write_errno;

  if (saved == 0 && (fflush (self->file) != 0 || fsync (fileno (self->file)) != 0))
    saved = errno;
  if (fclose (self->file) != 0 && saved == 0)
    saved = errno;
  self->file = NULL;

  if (saved == 0 && g_rename (self->tmp_path, self->path) != 0)
    saved = errno;

  if (saved != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not write “%s”: %s; the file was left as it was"), self->path, g_strerror (saved));
      g_unlink (self->tmp_path);
      self->finished = TRUE;
      return FALSE;
    }

  self->finished = TRUE;
  return TRUE;
}

void
ta_export_writer_free (TaExportWriter *self)
{
  if (self == NULL)
    return;

  if (self->file != NULL)
    fclose (self->file);
  if (!self->finished && self->tmp_path != NULL)
    g_unlink (self->tmp_path);

  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self);
}

char *
ta_export_ids_to_json (GArray *link_ids)
{
  GString *json;

  if (link_ids == NULL)
    return NULL;

  json = g_string_sized_new (link_ids->len * 8 + 2);
  g_string_append_c (json, '[');
  for (guint i = 0; i < link_ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i == 0 ? "" : ",", g_array_index (link_ids, gint64, i));
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

void
ta_export_format_double (char   *buffer,
                         gsize   size,
                         double  value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, (int) size, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

char *
ta_export_format_amount (gint64      minor,
                         const char *currency)
{
  guint exponent = ta_import_currency_exponent (currency);
  gint64 scale = 1;

  for (guint i = 0; i < exponent; i++)
    scale *= 10;

  if (exponent == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, minor / scale, (int) exponent,
                          minor % scale);
}
