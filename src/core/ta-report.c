/* ta-report.c: pages of one or more print layouts, written to PDF, SVG or PNG
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every format is drawn by ta_print_layout_draw_page() in points; PNG
 * scales the context by dpi / 72.  Output goes to a temporary file next to
 * the target and is renamed over it only when cairo reports success, so a
 * failed or cancelled export never leaves a half-written file behind.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <sqlite3.h>
#include <unistd.h>

#include "ta-report.h"

struct _TaReport
{
  GObject parent_instance;

  GPtrArray *layouts;   /* TaPrintLayout, owned */
};

G_DEFINE_FINAL_TYPE (TaReport, ta_report, G_TYPE_OBJECT)

static void
ta_report_finalize (GObject *object)
{
  TaReport *self = (TaReport *) object;

  g_clear_pointer (&self->layouts, g_ptr_array_unref);

  G_OBJECT_CLASS (ta_report_parent_class)->finalize (object);
}

static void
ta_report_class_init (TaReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_report_finalize;
}

static void
ta_report_init (TaReport *self)
{
  self->layouts = g_ptr_array_new_with_free_func (g_object_unref);
}

gboolean
ta_report_format_from_path (const char      *path,
                            TaReportFormat  *format,
                            GError         **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL && format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".pdf"))
    *format = TA_REPORT_FORMAT_PDF;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = TA_REPORT_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".png"))
    *format = TA_REPORT_FORMAT_PNG;
  else
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT,
                   _("%s: unknown format (the name must end in .pdf, .svg or .png)"), path);
      return FALSE;
    }
  return TRUE;
}

TaReport *
ta_report_new (void)
{
  return g_object_new (TA_TYPE_REPORT, NULL);
}

static void
renumber (TaReport *self)
{
  guint total = ta_report_get_n_pages (self);
  guint first = 1;

  for (guint i = 0; i < self->layouts->len; i++)
    {
      TaPrintLayout *layout = g_ptr_array_index (self->layouts, i);

      ta_print_layout_set_page_numbering (layout, first, total);
      first += ta_print_layout_get_n_pages (layout);
    }
}

void
ta_report_add_layout (TaReport      *self,
                      TaPrintLayout *layout)
{
  g_return_if_fail (TA_IS_REPORT (self));
  g_return_if_fail (TA_IS_PRINT_LAYOUT (layout));

  g_ptr_array_add (self->layouts, g_object_ref (layout));
  renumber (self);
}

guint
ta_report_get_n_layouts (TaReport *self)
{
  g_return_val_if_fail (TA_IS_REPORT (self), 0);

  return self->layouts->len;
}

TaPrintLayout *
ta_report_get_layout (TaReport *self,
                      guint     index)
{
  g_return_val_if_fail (TA_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < self->layouts->len, NULL);

  return g_ptr_array_index (self->layouts, index);
}

guint
ta_report_get_n_pages (TaReport *self)
{
  guint n = 0;

  g_return_val_if_fail (TA_IS_REPORT (self), 0);

  for (guint i = 0; i < self->layouts->len; i++)
    n += ta_print_layout_get_n_pages (g_ptr_array_index (self->layouts, i));
  return n;
}

TaReport *
ta_report_new_per_region (TaDb              *db,
                          TaBasemap         *basemap,
                          TaNetwork         *network,
                          TaFilter          *filter,
                          const char        *country_code,
                          const TaPrintPage *page,
                          GError           **error)
{
  g_autoptr(TaReport) self = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (country_code != NULL, NULL);
  g_return_val_if_fail (page != NULL, NULL);

  code = g_ascii_strup (country_code, -1);
  stmt = ta_db_prepare (db,
                        "SELECT iso_code FROM region WHERE country_code = ? AND iso_code IS NOT NULL "
                        "ORDER BY name COLLATE NOCASE", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, "regions");
      return NULL;
    }
  if (codes->len == 0)
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA,
                   _("The atlas knows no regions of country “%s”"), country_code);
      return NULL;
    }

  self = ta_report_new ();
  for (guint i = 0; i < codes->len; i++)
    {
      const char *region = g_ptr_array_index (codes, i);
      const char *regions[] = { region, NULL };
      g_autoptr(TaPrintLayout) layout = ta_print_layout_new (db, basemap, network);
      g_autoptr(TaFilter) region_filter = filter != NULL ? ta_filter_copy (filter) : ta_filter_new ();
      g_autofree char *name = NULL;
      TaPrintArea area;

      if (!ta_print_area_for_region (db, region, &area, &name, error))
        return NULL;
      ta_filter_set_regions (region_filter, regions);
      ta_print_layout_set_page (layout, page);
      ta_print_layout_set_area (layout, &area);
      ta_print_layout_set_filter (layout, region_filter);
      ta_print_layout_set_title (layout, name);
      if (!ta_print_layout_prepare (layout, error))
        return NULL;
      g_ptr_array_add (self->layouts, g_steal_pointer (&layout));
    }
  renumber (self);

  return g_steal_pointer (&self);
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  FILE *stream = closure;

  if (fwrite (data, 1, length, stream) != length)
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t   status,
             const char      *path,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE,
               _("%s: could not write (%s)"), path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_pages (TaReport       *self,
             FILE           *stream,
             const char     *path,
             TaReportFormat  format,
             double          dpi,
             GCancellable   *cancellable,
             GError        **error)
{
  TaPrintLayout *first = g_ptr_array_index (self->layouts, 0);
  const TaPrintPage *page = ta_print_layout_get_page (first);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case TA_REPORT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_to_stream, stream, page->width, page->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, ta_print_layout_get_title (first));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Twin Atlas");
      cr = cairo_create (surface);
      for (guint l = 0; l < self->layouts->len; l++)
        {
          TaPrintLayout *layout = g_ptr_array_index (self->layouts, l);
          const TaPrintPage *p = ta_print_layout_get_page (layout);

          for (guint i = 0; i < ta_print_layout_get_n_pages (layout); i++)
            {
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                {
                  cairo_destroy (cr);
                  cairo_surface_destroy (surface);
                  return FALSE;
                }
              cairo_pdf_surface_set_size (surface, p->width, p->height);
              ta_print_layout_draw_page (layout, cr, i);
              cairo_show_page (cr);
            }
        }
      break;

    case TA_REPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_stream, stream, page->width, page->height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      cr = cairo_create (surface);
      ta_print_layout_draw_page (first, cr, 0);
      cairo_show_page (cr);
      break;

    case TA_REPORT_FORMAT_PNG:
    default:
      {
        double scale = dpi / 72.0;
        int w = (int) ceil (page->width * scale);
        int h = (int) ceil (page->height * scale);

        if (dpi < 30 || dpi > 1200)
          {
            g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT,
                         _("Resolution %g dpi is out of range (30 to 1200)"), dpi);
            return FALSE;
          }
        surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
        cr = cairo_create (surface);
        cairo_scale (cr, scale, scale);
        ta_print_layout_draw_page (first, cr, 0);
        cairo_surface_flush (surface);
        status = cairo_status (cr);
        if (status == CAIRO_STATUS_SUCCESS)
          status = cairo_surface_write_to_png_stream (surface, write_to_stream, stream);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
        return check_cairo (status, path, error);
      }
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_cairo (status, path, error);
}

gboolean
ta_report_write (TaReport        *self,
                 const char      *path,
                 TaReportFormat   format,
                 double           dpi,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  FILE *stream;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (TA_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->layouts->len == 0)
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_EMPTY, _("%s: nothing to write"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmp_path, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE,
                   _("%s: cannot write there (%s)"), path, g_strerror (saved));
      return FALSE;
    }
  stream = fdopen (fd, "wb");
  if (stream == NULL)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp_path);
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE,
                   _("%s: cannot write there (%s)"), path, g_strerror (saved));
      return FALSE;
    }

  ok = write_pages (self, stream, path, format, dpi, cancellable, &local_error);
  /* A full disk may show only when the buffers are flushed. */
  if (fclose (stream) != 0 && ok)
    {
      int saved = errno;

      g_set_error (&local_error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE,
                   _("%s: could not write (%s)"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (ok && g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (&local_error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE,
                   _("%s: cannot write there (%s)"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}
