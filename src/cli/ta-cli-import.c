/* ta-cli-import.c: the import, export and wikidata commands of twin-atlas-cli
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * import and wikidata print the preview of the import plan and then commit
 * it in one transaction, or with --dry-run only say whether they could.
 * They write to --db, else to the user's atlas (made from the bundled one
 * first, as the app does); never to the bundled atlas.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ta-cli-filter.h"
#include "ta-cli-import.h"
#include "ta-exporter.h"
#include "ta-importer.h"
#include "ta-paths.h"
#include "ta-user-database.h"
#include "ta-wikidata.h"

#define EXIT_PROBLEMS 1
#define EXIT_ERROR    2

/* Rejected rows and ambiguous towns listed in the preview, at most. */
#define MAX_LISTED 50

G_GNUC_PRINTF (1, 2)
static void
print_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("twin-atlas-cli: %s\n", message);
}

static gboolean
parse_options (GOptionEntry   *entries,
               GOptionGroup   *group,
               const char     *parameters,
               const char     *summary,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (group != NULL)
    g_option_context_add_group (context, group);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* --db, else the user's atlas (copied from the bundled one if missing). */
static TaDb *
open_writable_database (GError **error)
{
  g_autofree char *user_path = NULL;
  g_autofree char *bundled = NULL;

  if (ta_cli_get_db_path () != NULL)
    return ta_db_open (ta_cli_get_db_path (), TA_DB_OPEN_READ_WRITE, error);

  user_path = ta_paths_get_user_database ();
  bundled = ta_paths_get_bundled_database ();
  if (!ta_user_database_ensure (bundled, user_path, error))
    return NULL;

  return ta_db_open (user_path, TA_DB_OPEN_READ_WRITE, error);
}

/* --db, else the user's atlas, else the bundled one (as the other commands). */
static TaDb *
open_readable_database (GError **error)
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
parse_ambiguous (const char *text,
                 int        *choice)
{
  if (text == NULL || strcmp (text, "ask") == 0)
    *choice = TA_IMPORT_CHOICE_UNDECIDED;
  else if (strcmp (text, "create") == 0)
    *choice = TA_IMPORT_CHOICE_CREATE;
  else if (strcmp (text, "skip") == 0)
    *choice = TA_IMPORT_CHOICE_SKIP;
  else
    return FALSE;

  return TRUE;
}

static int
exit_status_for (const GError *error)
{
  return error->domain == TA_IMPORT_ERROR || error->domain == TA_WIKIDATA_ERROR ? EXIT_PROBLEMS : EXIT_ERROR;
}

/* Decisions, preview, and commit (or not). */
static int
finish_import (TaImportPlan *plan,
               TaDb         *db,
               int           ambiguous_choice,
               gboolean      skip_rejected,
               gboolean      dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *preview = NULL;

  ta_import_plan_set_skip_rejected (plan, skip_rejected);
  if (ambiguous_choice != TA_IMPORT_CHOICE_UNDECIDED)
    {
      for (guint i = 0; i < ta_import_plan_get_n_ambiguities (plan); i++)
        {
          g_autoptr(GError) decision_error = NULL;

          /* A town without a point cannot be created: skip its rows. */
          if (!ta_import_plan_resolve (plan, i, ambiguous_choice, &decision_error))
            ta_import_plan_resolve (plan, i, TA_IMPORT_CHOICE_SKIP, NULL);
        }
    }

  preview = ta_import_plan_describe (plan, MAX_LISTED);
  g_print ("%s", preview);

  if (!ta_import_plan_can_commit (plan, &error))
    {
      print_error ("%s", error->message);
      return EXIT_PROBLEMS;
    }

  if (dry_run)
    {
      g_print (_("Dry run: nothing was written to “%s”; the import can be committed.\n"), ta_db_get_path (db));
      return EXIT_SUCCESS;
    }

  if (!ta_import_plan_commit (plan, &error))
    {
      print_error ("%s", error->message);
      return exit_status_for (error);
    }

  g_print (_("Imported into “%s”.\n"), ta_db_get_path (db));
  return EXIT_SUCCESS;
}

int
ta_cli_run_import (int    argc,
                   char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *ambiguous_text = NULL;
  gboolean dry_run = FALSE;
  gboolean skip_rejected = FALSE;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("csv, geojson or wikidata-json (default: from the file)"), N_("FORMAT") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text, N_("What a CSV file holds: towns, links, exchanges, funding, events, programmes or sources"), N_("TYPE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show the preview; write nothing"), NULL },
    { "skip-rejected", 0, 0, G_OPTION_ARG_NONE, &skip_rejected, N_("Import the good rows even if others were rejected"), NULL },
    { "ambiguous", 0, 0, G_OPTION_ARG_STRING, &ambiguous_text, N_("Towns several atlas towns could be: ask (refuse), create or skip"), N_("CHOICE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaImporter) importer = NULL;
  TaImportFormat format = TA_IMPORT_FORMAT_AUTO;
  TaImportRecordType type = TA_IMPORT_RECORD_AUTO;
  int ambiguous_choice;

  if (!parse_options (entries, NULL, _("import FILE…"),
                      _("Reads files into the atlas in one transaction, after a preview."), &argc, &argv))
    return EXIT_ERROR;

  if (argc < 3)
    {
      print_error (_("import needs a file, e.g. twin-atlas-cli import links.csv --dry-run"));
      return EXIT_ERROR;
    }
  if (format_text != NULL && !ta_import_format_from_string (format_text, &format))
    {
      print_error (_("--format: “%s” is not csv, geojson or wikidata-json"), format_text);
      return EXIT_ERROR;
    }
  if (type_text != NULL && (!ta_import_record_type_from_string (type_text, &type) || type == TA_IMPORT_RECORD_AUTO))
    {
      print_error (_("--type: “%s” is not towns, links, exchanges, funding, events, programmes or sources"), type_text);
      return EXIT_ERROR;
    }
  if (!parse_ambiguous (ambiguous_text, &ambiguous_choice))
    {
      print_error (_("--ambiguous: “%s” is not ask, create or skip"), ambiguous_text);
      return EXIT_ERROR;
    }

  /* A dry run opens the atlas read-only: not even the journal changes. */
  if (!(db = dry_run ? open_readable_database (&error) : open_writable_database (&error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  importer = ta_importer_new (db);
  for (int i = 2; i < argc; i++)
    {
      if (!ta_importer_add_file (importer, argv[i], format, type, NULL, &error))
        {
          print_error (_("%s; nothing was imported"), error->message);
          return exit_status_for (error);
        }
    }

  return finish_import (ta_importer_get_plan (importer), db, ambiguous_choice, skip_rejected, dry_run);
}

static gboolean
format_for_export (const char      *path,
                   const char      *text,
                   gboolean        *geojson)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (text == NULL)
    *geojson = g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json");
  else if (strcmp (text, "geojson") == 0)
    *geojson = TRUE;
  else if (strcmp (text, "csv") == 0)
    *geojson = FALSE;
  else
    return FALSE;

  return TRUE;
}

int
ta_cli_run_export (int    argc,
                   char **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *table_text = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("csv or geojson (default: from the file name)"), N_("FORMAT") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &table_text, N_("For CSV: towns, links, exchanges, funding, events, programmes or sources (default: from the file name; all of them into a folder)"), N_("TABLE") },
    { NULL }
  };
  g_autoptr(TaCliFilter) filter_options = ta_cli_filter_new ();
  g_autoptr(TaFilter) filter = NULL;
  g_autoptr(GArray) link_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autofree char *basename = NULL;
  const char *path;
  TaExportTable table = TA_EXPORT_LINKS;
  gboolean geojson = FALSE;
  gboolean to_folder = FALSE;
  gboolean ok;

  if (!parse_options (entries, ta_cli_filter_get_option_group (filter_options), _("export FILE"),
                      _("Writes the atlas, or the links the filter options select, as CSV or GeoJSON."),
                      &argc, &argv))
    return EXIT_ERROR;

  if (argc != 3)
    {
      print_error (_("export needs one file, e.g. twin-atlas-cli export links.geojson --country PL"));
      return EXIT_ERROR;
    }
  path = argv[2];
  basename = g_path_get_basename (path);

  if (!format_for_export (path, format_text, &geojson))
    {
      print_error (_("--format: “%s” is not csv or geojson"), format_text);
      return EXIT_ERROR;
    }
  if (!geojson)
    {
      to_folder = g_file_test (path, G_FILE_TEST_IS_DIR);
      if (table_text != NULL && !ta_export_table_from_string (table_text, &table))
        {
          print_error (_("--table: “%s” is not towns, links, exchanges, funding, events, programmes or sources"),
                       table_text);
          return EXIT_ERROR;
        }
      if (table_text != NULL && to_folder)
        {
          print_error (_("--table names one table: give a file name, not the folder “%s”"), path);
          return EXIT_ERROR;
        }
      if (table_text == NULL && !to_folder)
        {
          g_autofree char *stem = g_strdup (basename);
          char *dot = strrchr (stem, '.');

          if (dot != NULL)
            *dot = '\0';
          if (!ta_export_table_from_string (stem, &table))
            {
              print_error (_("say which table to export with --table, or name the file after it (links.csv) "
                             "or give a folder for all of them"));
              return EXIT_ERROR;
            }
        }
    }
  else if (table_text != NULL)
    {
      print_error (_("--table applies to CSV: GeoJSON holds the towns and links"));
      return EXIT_ERROR;
    }

  if (!(db = open_readable_database (&error)) ||
      (ta_cli_filter_is_set (filter_options) &&
       (!(filter = ta_cli_filter_build (filter_options, db, &error)) ||
        !(link_ids = ta_filter_select_links (filter, db, &error)))))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (geojson)
    ok = ta_export_geojson (db, link_ids, path, &error);
  else if (to_folder)
    ok = ta_export_csv_all (db, link_ids, path, &error);
  else
    ok = ta_export_csv (db, table, link_ids, path, &error);

  if (!ok)
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (link_ids != NULL)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u link and what belongs to it to “%s”\n",
                          "Exported %u links and what belongs to them to “%s”\n", link_ids->len),
             link_ids->len, path);
  else
    g_print (_("Exported the atlas to “%s”\n"), path);

  return EXIT_SUCCESS;
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *answer;
  GError    *error;
  gboolean   show_progress;
} FetchWait;

static void
on_progress_cb (guint64  bytes_read,
                gpointer user_data)
{
  FetchWait *wait = user_data;

  if (wait->show_progress)
    {
      /* The carriage return is not text to translate: it rewrites the line. */
      g_printerr ("\r");
      g_printerr (_("Read %llu kB"), (unsigned long long) (bytes_read / 1024));
    }
}

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  FetchWait *wait = user_data;

  wait->answer = ta_wikidata_fetch_finish (TA_WIKIDATA (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

int
ta_cli_run_wikidata (int    argc,
                     char **argv)
{
  g_autofree char *country = NULL;
  g_autofree char *town = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *ambiguous_text = NULL;
  g_autofree char *scope = NULL;
  gboolean dry_run = FALSE;
  gboolean skip_rejected = FALSE;
  int timeout = TA_WIKIDATA_DEFAULT_TIMEOUT;
  int max_mb = TA_WIKIDATA_DEFAULT_MAX_SIZE / (1024 * 1024);
  GOptionEntry entries[] = {
    { "country", 0, 0, G_OPTION_ARG_STRING, &country, N_("The twinnings of the towns of this country (ISO code, e.g. PL)"), N_("CC") },
    { "town", 0, 0, G_OPTION_ARG_STRING, &town, N_("The twinnings of this town (Wikidata id, e.g. Q270)"), N_("QID") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint, N_("SPARQL endpoint (default: https://query.wikidata.org/sparql)"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up after this many seconds"), N_("SECONDS") },
    { "max-size", 0, 0, G_OPTION_ARG_INT, &max_mb, N_("Refuse answers larger than this"), N_("MB") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show the preview; write nothing"), NULL },
    { "skip-rejected", 0, 0, G_OPTION_ARG_NONE, &skip_rejected, N_("Import the good results even if others were rejected"), NULL },
    { "ambiguous", 0, 0, G_OPTION_ARG_STRING, &ambiguous_text, N_("Towns several atlas towns could be: ask (refuse), create or skip"), N_("CHOICE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaImporter) importer = NULL;
  g_autoptr(TaWikidata) wikidata = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *query = NULL;
  FetchWait wait = { 0, };
  int ambiguous_choice;

  if (!parse_options (entries, NULL, "wikidata",
                      _("Imports twinnings (P190) with their dates from Wikidata, after a preview."), &argc, &argv))
    return EXIT_ERROR;

  if (argc > 2)
    {
      print_error (_("wikidata takes no file: use --country or --town"));
      return EXIT_ERROR;
    }
  if (country != NULL)
    {
      g_autofree char *upper = g_ascii_strup (country, -1);

      g_free (country);
      country = g_steal_pointer (&upper);
    }
  if (!(query = ta_wikidata_build_query (country, town, &error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }
  if (timeout <= 0 || max_mb <= 0)
    {
      print_error (_("--timeout and --max-size must be positive"));
      return EXIT_ERROR;
    }
  if (!parse_ambiguous (ambiguous_text, &ambiguous_choice))
    {
      print_error (_("--ambiguous: “%s” is not ask, create or skip"), ambiguous_text);
      return EXIT_ERROR;
    }

  if (!(db = dry_run ? open_readable_database (&error) : open_writable_database (&error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  wikidata = ta_wikidata_new ();
  if (endpoint != NULL)
    ta_wikidata_set_endpoint (wikidata, endpoint);
  ta_wikidata_set_timeout (wikidata, (guint) timeout);
  ta_wikidata_set_max_size (wikidata, (gsize) max_mb * 1024 * 1024);

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  wait.show_progress = isatty (STDERR_FILENO);
  ta_wikidata_fetch_async (wikidata, country, town, NULL, on_progress_cb, &wait, on_fetched_cb, &wait);
  g_main_loop_run (loop);
  if (wait.show_progress)
    g_printerr ("\n");

  if (wait.answer == NULL)
    {
      print_error (_("%s; nothing was imported"), wait.error->message);
      g_error_free (wait.error);
      return EXIT_PROBLEMS;
    }

  now = g_date_time_new_now_utc ();
  scope = ta_wikidata_describe_query (country, town);
  importer = ta_importer_new (db);
  if (!ta_importer_add_wikidata_results (importer, wait.answer, ta_wikidata_get_endpoint (wikidata), now, scope,
                                         &error))
    {
      g_bytes_unref (wait.answer);
      print_error (_("%s; nothing was imported"), error->message);
      return EXIT_PROBLEMS;
    }
  g_bytes_unref (wait.answer);

  return finish_import (ta_importer_get_plan (importer), db, ambiguous_choice, skip_rejected, dry_run);
}
