/* ta-cli-map.c: the map and report commands, printed maps without a display
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * twin-atlas-cli map --output FILE.(pdf|svg|png) [--bbox W,S,E,N] [filters]
 *   [--title T] [--paper A4|A3|letter] [--landscape] [--dpi N] [--no-table]
 * twin-atlas-cli report --output FILE.pdf --per-region CC [filters]
 *
 * The filter's --region and --country choose the links and, without
 * --bbox, the area too: the map is fitted to the regions, else to the
 * countries.  Nothing is ever left half-written at --output.
 */

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "ta-basemap.h"
#include "ta-cli-filter.h"
#include "ta-cli-import.h"
#include "ta-cli-map.h"
#include "ta-network.h"
#include "ta-paths.h"
#include "ta-report.h"

#define EXIT_EMPTY 1
#define EXIT_ERROR 2

typedef struct
{
  char     *output;
  char     *bbox;
  char     *title;
  char     *paper;
  char     *per_region;
  gboolean  landscape;
  gboolean  no_table;
  double    dpi;
} MapOptions;

static void
map_options_clear (MapOptions *options)
{
  g_free (options->output);
  g_free (options->bbox);
  g_free (options->title);
  g_free (options->paper);
  g_free (options->per_region);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MapOptions, map_options_clear)

static int
fail (int         status,
      const char *message)
{
  g_printerr ("twin-atlas-cli: %s\n", message);
  return status;
}

static TaDb *
open_database (GError **error)
{
  g_autofree char *user_path = NULL;
  g_autofree char *bundled = NULL;

  if (ta_cli_get_db_path () != NULL)
    return ta_db_open (ta_cli_get_db_path (), TA_DB_OPEN_READ_ONLY, error);

  user_path = ta_paths_get_user_database ();
  if (g_file_test (user_path, G_FILE_TEST_EXISTS))
    return ta_db_open (user_path, TA_DB_OPEN_READ_ONLY, error);

  bundled = ta_paths_get_bundled_database ();
  return ta_db_open (bundled, TA_DB_OPEN_READ_ONLY, error);
}

static gboolean
parse (MapOptions   *options,
       TaCliFilter  *filter,
       gboolean      report,
       int          *argc,
       char       ***argv,
       GError      **error)
{
  GOptionEntry map_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("Write to FILE (.pdf, .svg or .png)"), N_("FILE") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &options->bbox,
      N_("Map the box WEST,SOUTH,EAST,NORTH (degrees)"), N_("W,S,E,N") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &options->title,
      N_("Title of the page"), N_("TEXT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &options->paper,
      N_("Paper size: A4 (default), A3 or letter"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &options->landscape,
      N_("Landscape orientation"), NULL },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &options->dpi,
      N_("Resolution of PNG output (default 150)"), N_("N") },
    { "no-table", 0, 0, G_OPTION_ARG_NONE, &options->no_table,
      N_("Only the map page, no table of partnerships"), NULL },
    { NULL }
  };
  GOptionEntry report_entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("Write the report to FILE.pdf"), N_("FILE") },
    { "per-region", 0, 0, G_OPTION_ARG_STRING, &options->per_region,
      N_("One map page per region of country CC"), N_("CC") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &options->paper,
      N_("Paper size: A4 (default), A3 or letter"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &options->landscape,
      N_("Landscape orientation"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (report ? _("— one PDF page per region") : _("— a printable map"));

  g_option_context_add_main_entries (context, report ? report_entries : map_entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, ta_cli_filter_get_option_group (filter));
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 2)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unexpected argument “%s”"), (*argv)[2]);
      return FALSE;
    }
  if (options->output == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--output FILE is required"));
      return FALSE;
    }
  if (report && options->per_region == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--per-region CC is required"));
      return FALSE;
    }
  return TRUE;
}

static void
area_union (TaPrintArea       *area,
            const TaPrintArea *other,
            gboolean           first)
{
  if (first)
    {
      *area = *other;
      return;
    }
  area->west = MIN (area->west, other->west);
  area->east = MAX (area->east, other->east);
  area->south = MIN (area->south, other->south);
  area->north = MAX (area->north, other->north);
}

/* --bbox, else the filter's regions, else its countries; FALSE with
 * *has_area FALSE for the whole world. */
static gboolean
choose_area (TaDb         *db,
             TaFilter     *filter,
             const char   *bbox,
             TaPrintArea  *area,
             gboolean     *has_area,
             char        **name,
             GError      **error)
{
  const char * const *regions = ta_filter_get_regions (filter);
  const char * const *countries = ta_filter_get_countries (filter);
  const char * const *codes = regions[0] != NULL ? regions : countries;

  *has_area = FALSE;
  if (bbox != NULL)
    return (*has_area = ta_print_area_parse (bbox, area, error));

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *one_name = NULL;
      TaPrintArea one;
      gboolean ok = regions[0] != NULL
                    ? ta_print_area_for_region (db, codes[i], &one, &one_name, error)
                    : ta_print_area_for_country (db, codes[i], &one, &one_name, error);

      if (!ok)
        return FALSE;
      area_union (area, &one, i == 0);
      *has_area = TRUE;
      if (i == 0 && codes[1] == NULL)
        *name = g_steal_pointer (&one_name);
    }
  return TRUE;
}

static gboolean
load_common (TaCliFilter  *filter_options,
             MapOptions   *options,
             TaDb        **db,
             TaBasemap   **basemap,
             TaNetwork   **network,
             TaFilter    **filter,
             TaPrintPage  *page,
             GError      **error)
{
  TaPaperSize paper = TA_PAPER_A4;

  if (options->paper != NULL && !ta_print_paper_from_string (options->paper, &paper, error))
    return FALSE;
  ta_print_page_init (page, paper, options->landscape);

  if (!(*db = open_database (error)))
    return FALSE;
  if (!(*filter = ta_cli_filter_build (filter_options, *db, error)))
    return FALSE;
  if (!(*basemap = ta_basemap_new_default (error)))
    return FALSE;
  if (!(*network = ta_network_load (*db, error)))
    return FALSE;
  return TRUE;
}

int
ta_cli_run_map (int    argc,
                char **argv)
{
  g_auto(MapOptions) options = { 0 };
  g_autoptr(TaCliFilter) filter_options = ta_cli_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaBasemap) basemap = NULL;
  g_autoptr(TaNetwork) network = NULL;
  g_autoptr(TaFilter) filter = NULL;
  g_autoptr(TaPrintLayout) layout = NULL;
  g_autoptr(TaReport) report = NULL;
  g_autofree char *name = NULL;
  TaReportFormat format;
  TaPrintPage page;
  TaPrintArea area;
  gboolean has_area;

  options.dpi = 150;
  if (!parse (&options, filter_options, FALSE, &argc, &argv, &error) ||
      !ta_report_format_from_path (options.output, &format, &error) ||
      !load_common (filter_options, &options, &db, &basemap, &network, &filter, &page, &error) ||
      !choose_area (db, filter, options.bbox, &area, &has_area, &name, &error))
    return fail (EXIT_ERROR, error->message);

  layout = ta_print_layout_new (db, basemap, network);
  ta_print_layout_set_page (layout, &page);
  ta_print_layout_set_area (layout, has_area ? &area : NULL);
  ta_print_layout_set_filter (layout, filter);
  ta_print_layout_set_title (layout, options.title != NULL ? options.title : name);
  ta_print_layout_set_with_table (layout, !options.no_table);
  if (!ta_print_layout_prepare (layout, &error))
    return fail (EXIT_ERROR, error->message);
  if (ta_print_layout_get_n_links (layout) == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s: no links match, nothing written"), options.output);
      return fail (EXIT_EMPTY, message);
    }

  report = ta_report_new ();
  ta_report_add_layout (report, layout);
  if (!ta_report_write (report, options.output, format, options.dpi, NULL, &error))
    return fail (EXIT_ERROR, error->message);

  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u page, %u links\n", "%s: %u pages, %u links\n",
                        ta_report_get_n_pages (report)),
           options.output, format == TA_REPORT_FORMAT_PDF ? ta_report_get_n_pages (report) : 1,
           ta_print_layout_get_n_links (layout));
  return EXIT_SUCCESS;
}

int
ta_cli_run_report (int    argc,
                   char **argv)
{
  g_auto(MapOptions) options = { 0 };
  g_autoptr(TaCliFilter) filter_options = ta_cli_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaBasemap) basemap = NULL;
  g_autoptr(TaNetwork) network = NULL;
  g_autoptr(TaFilter) filter = NULL;
  g_autoptr(TaReport) report = NULL;
  TaReportFormat format;
  TaPrintPage page;
  guint n_links = 0;

  if (!parse (&options, filter_options, TRUE, &argc, &argv, &error) ||
      !ta_report_format_from_path (options.output, &format, &error))
    return fail (EXIT_ERROR, error->message);
  if (format != TA_REPORT_FORMAT_PDF)
    {
      g_autofree char *message = g_strdup_printf (_("%s: a report is a PDF (the name must end in .pdf)"),
                                                  options.output);
      return fail (EXIT_ERROR, message);
    }
  if (!load_common (filter_options, &options, &db, &basemap, &network, &filter, &page, &error) ||
      !(report = ta_report_new_per_region (db, basemap, network, filter, options.per_region, &page, &error)))
    return fail (EXIT_ERROR, error->message);

  for (guint i = 0; i < ta_report_get_n_layouts (report); i++)
    n_links += ta_print_layout_get_n_links (ta_report_get_layout (report, i));
  if (n_links == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s: no links match, nothing written"), options.output);
      return fail (EXIT_EMPTY, message);
    }

  if (!ta_report_write (report, options.output, format, 72, NULL, &error))
    return fail (EXIT_ERROR, error->message);

  g_print (_("%s: %u regions, %u pages\n"), options.output,
           ta_report_get_n_layouts (report), ta_report_get_n_pages (report));
  return EXIT_SUCCESS;
}
