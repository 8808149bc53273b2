/* ta-print.c: File → Print and Export of the map, through the core's print layout
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialogs are GTK's; every page is drawn by TaPrintLayout, the same
 * code the command line uses, so print, preview and export match.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-print.h"
#include "ta-report.h"

typedef struct
{
  TaPrintSource   source;
  TaPrintLayout  *layout;
  GtkPageSetup   *used_setup;   /* what the print dialog printed on */
  GError         *error;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->source.db);
  g_clear_object (&job->source.basemap);
  g_clear_object (&job->source.network);
  g_clear_object (&job->source.filter);
  g_clear_object (&job->source.page_setup);
  g_free ((char *) job->source.title);
  g_clear_object (&job->used_setup);
  g_clear_object (&job->layout);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrintJob, print_job_free)

static PrintJob *
print_job_new (const TaPrintSource *source)
{
  PrintJob *job = g_new0 (PrintJob, 1);

  job->source = *source;
  g_object_ref (job->source.db);
  g_object_ref (job->source.network);
  if (job->source.basemap != NULL)
    g_object_ref (job->source.basemap);
  if (job->source.filter != NULL)
    g_object_ref (job->source.filter);
  if (job->source.page_setup != NULL)
    g_object_ref (job->source.page_setup);
  job->source.title = g_strdup (source->title);
  return job;
}

TaPrintLayout *
ta_print_make_layout (const TaPrintSource *source,
                      const TaPrintPage   *page,
                      GError             **error)
{
  g_autoptr(TaPrintLayout) layout = NULL;
  g_autoptr(TaBasemap) default_basemap = NULL;
  TaBasemap *basemap = source->basemap;

  if (basemap == NULL && !(basemap = default_basemap = ta_basemap_new_default (error)))
    return NULL;

  layout = ta_print_layout_new (source->db, basemap, source->network);
  ta_print_layout_set_page (layout, page);
  ta_print_layout_set_area (layout, &source->area);
  ta_print_layout_set_filter (layout, source->filter);
  if (source->title != NULL && source->title[0] != '\0')
    ta_print_layout_set_title (layout, source->title);
  ta_print_layout_set_with_table (layout, !source->no_table);
  if (!ta_print_layout_prepare (layout, error))
    return NULL;
  return g_steal_pointer (&layout);
}

void
ta_print_page_from_setup (GtkPageSetup *setup,
                          TaPrintPage  *page)
{
  page->width = gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS);
  page->height = gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS);
  if (gtk_page_setup_get_orientation (setup) == GTK_PAGE_ORIENTATION_LANDSCAPE ||
      gtk_page_setup_get_orientation (setup) == GTK_PAGE_ORIENTATION_REVERSE_LANDSCAPE)
    {
      double w = page->width;

      page->width = page->height;
      page->height = w;
    }
  /* Never closer to the edge than most printers can print. */
  page->margin_top = MAX (gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS), 28.0);
  page->margin_bottom = MAX (gtk_page_setup_get_bottom_margin (setup, GTK_UNIT_POINTS), 28.0);
  page->margin_left = MAX (gtk_page_setup_get_left_margin (setup, GTK_UNIT_POINTS), 28.0);
  page->margin_right = MAX (gtk_page_setup_get_right_margin (setup, GTK_UNIT_POINTS), 28.0);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (context);
  TaPrintPage page;

  ta_print_page_from_setup (setup, &page);
  g_set_object (&job->used_setup, setup);
  g_clear_object (&job->layout);
  if (job->source.basemap == NULL &&
      !(job->source.basemap = ta_basemap_new_default (&job->error)))
    {
      gtk_print_operation_cancel (operation);
      return;
    }
  job->layout = ta_print_make_layout (&job->source, &page, &job->error);
  if (job->layout == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }
  gtk_print_operation_set_n_pages (operation, (int) ta_print_layout_get_n_pages (job->layout));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  const TaPrintPage *page = ta_print_layout_get_page (job->layout);
  double scale = gtk_print_context_get_width (context) / page->width;

  /* The context is in points when the page setup matches; scale if a
   * printer reports its page otherwise. */
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  ta_print_layout_draw_page (job->layout, cr, (guint) page_nr);
  cairo_restore (cr);
}

GtkPrintOperationResult
ta_print_run (GtkWindow               *parent,
              const TaPrintSource     *source,
              GtkPrintOperationAction  action,
              const char              *export_path,
              GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(PrintJob) job = NULL;
  GtkPrintOperationResult result;
  GtkPaperSize *paper;

  g_return_val_if_fail (source != NULL && TA_IS_DB (source->db) && TA_IS_NETWORK (source->network),
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  job = print_job_new (source);
  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_paper_size_free (paper);
  gtk_print_operation_set_default_page_setup (operation, source->page_setup != NULL ? source->page_setup : setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Twin Atlas map"));
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  result = gtk_print_operation_run (operation, action, parent, error);
  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return GTK_PRINT_OPERATION_RESULT_ERROR;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && parent != NULL && job->used_setup != NULL)
    ta_print_set_page_setup (parent, job->used_setup);
  return result;
}

/* The page setup kept on the window */

#define PAGE_SETUP_KEY "ta-print-page-setup"

GtkPageSetup *
ta_print_get_page_setup (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), PAGE_SETUP_KEY);
}

void
ta_print_set_page_setup (GtkWindow    *window,
                         GtkPageSetup *setup)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_PAGE_SETUP (setup));

  g_object_set_data_full (G_OBJECT (window), PAGE_SETUP_KEY, gtk_page_setup_copy (setup), g_object_unref);
}

/* Writing in a worker thread */

typedef struct
{
  TaReport       *report;
  char           *path;
  TaReportFormat  format;
  double          dpi;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->report);
  g_free (data->path);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  /* The layouts are prepared: drawing them reads no database, so the
   * report is the worker's alone until the task returns. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !ta_report_write (data->report, data->path, data->format, data->dpi, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ta_print_write_report_async (TaReport            *report,
                             const char          *path,
                             TaReportFormat       format,
                             double               dpi,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (TA_IS_REPORT (report));
  g_return_if_fail (path != NULL);

  data = g_new0 (WriteData, 1);
  data->report = g_object_ref (report);
  data->path = g_strdup (path);
  data->format = format;
  data->dpi = dpi;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_print_write_report_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
ta_print_write_report_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}


