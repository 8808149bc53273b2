/* ta-cli.c: twin-atlas-cli, the headless command line
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command prints its result on stdout and, on failure, one clear line
 * on stderr with a non-zero exit status: 1 when the command ran and found
 * problems, 2 when it could not run (bad arguments, unusable database).
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ta-check.h"
#include "ta-cli-filter.h"
#include "ta-cli-import.h"
#include "ta-cli-map.h"
#include "ta-db.h"
#include "ta-paths.h"
#include "ta-search.h"
#include "ta-stats.h"

#define EXIT_PROBLEMS 1
#define EXIT_ERROR    2

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static char *db_path;

/* For the commands of ta-cli-import.c. */
const char *
ta_cli_get_db_path (void)
{
  return db_path;
}

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

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

/* --db, else the user's atlas, else the bundled one. */
static TaDb *
open_database (GError **error)
{
  g_autofree char *user_path = NULL;

  if (db_path != NULL)
    return ta_db_open (db_path, TA_DB_OPEN_READ_ONLY, error);

  user_path = ta_paths_get_user_database ();
  if (g_file_test (user_path, G_FILE_TEST_EXISTS))
    return ta_db_open (user_path, TA_DB_OPEN_READ_ONLY, error);
  else
    {
      g_autofree char *bundled = ta_paths_get_bundled_database ();
      return ta_db_open (bundled, TA_DB_OPEN_READ_ONLY, error);
    }
}

static gboolean
parse_options (GOptionEntry   *entries,
               const char     *parameters,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* parse_options() for a command that selects links: the filter options too. */
static gboolean
parse_options_with_filter (GOptionEntry   *entries,
                           const char     *parameters,
                           TaCliFilter    *filter,
                           int            *argc,
                           char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, ta_cli_filter_get_option_group (filter));
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      print_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

static void
print_breakdown (JsonObject *stats,
                 const char *member,
                 const char *title,
                 guint       limit)
{
  JsonObject *breakdown = json_object_get_object_member (stats, member);
  g_autoptr(GList) keys = json_object_get_members (breakdown);
  guint shown = 0;

  g_print ("%s\n", title);
  for (GList *l = keys; l != NULL && shown < limit; l = l->next, shown++)
    g_print ("  %-24s %8" G_GINT64_FORMAT "\n", (const char *) l->data,
             json_object_get_int_member (breakdown, l->data));
  if (g_list_length (keys) > limit)
    g_print (_("  … %u more\n"), g_list_length (keys) - limit);
}

static int
run_stats (int    argc,
           char **argv)
{
  gboolean as_json = FALSE;
  g_autofree char *partners_of = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "partners-of", 0, 0, G_OPTION_ARG_STRING, &partners_of,
      N_("Count the partner countries of a country (default: the one --country)"), N_("CC") },
    { NULL }
  };
  g_autoptr(TaCliFilter) filter_options = ta_cli_filter_new ();
  g_autoptr(TaFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(TaDb) db = NULL;
  JsonObject *stats;

  if (!parse_options_with_filter (entries, "stats", filter_options, &argc, &argv))
    return EXIT_ERROR;

  if (partners_of != NULL)
    {
      if (strlen (partners_of) != 2 || !g_ascii_isalpha (partners_of[0]) || !g_ascii_isalpha (partners_of[1]))
        {
          print_error (_("--partners-of: “%s” is not a two-letter country code such as PL"), partners_of);
          return EXIT_ERROR;
        }
      partners_of[0] = g_ascii_toupper (partners_of[0]);
      partners_of[1] = g_ascii_toupper (partners_of[1]);
    }

  if (!(db = open_database (&error)) ||
      (ta_cli_filter_is_set (filter_options) && !(filter = ta_cli_filter_build (filter_options, db, &error))))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (partners_of == NULL && filter != NULL &&
      g_strv_length ((char **) ta_filter_get_countries (filter)) == 1)
    partners_of = g_strdup (ta_filter_get_countries (filter)[0]);

  if (!(node = ta_stats_collect_filtered (db, filter, partners_of, &error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (as_json)
    {
      print_json (node);
      return EXIT_SUCCESS;
    }

  stats = json_node_get_object (node);
  if (filter != NULL)
    g_print (_("Filter:     %s\n"), json_object_get_string_member (stats, "description"));
  g_print (_("Towns:      %lld\n"), (long long) json_object_get_int_member (stats, "towns"));
  g_print (_("Links:      %lld\n"), (long long) json_object_get_int_member (stats, "links"));
  g_print (_("Countries:  %lld\n"), (long long) json_object_get_int_member (stats, "countries"));
  g_print (_("Regions:    %lld\n"), (long long) json_object_get_int_member (stats, "regions"));
  g_print (_("Programmes: %lld\n"), (long long) json_object_get_int_member (stats, "programmes"));
  g_print (_("Exchanges:  %lld\n"), (long long) json_object_get_int_member (stats, "exchanges"));
  g_print (_("Funding:    %lld\n"), (long long) json_object_get_int_member (stats, "funding"));
  g_print (_("Events:     %lld\n"), (long long) json_object_get_int_member (stats, "events"));
  print_breakdown (stats, "links_per_country", _("Links per country (top 20):"), 20);
  if (json_object_has_member (stats, "partner_countries"))
    {
      JsonObject *partners = json_object_get_object_member (stats, "partner_countries");
      g_autofree char *title = g_strdup_printf (_("Partner countries of %s (top 20):"),
                                                json_object_get_string_member (partners, "country"));

      print_breakdown (partners, "partners", title, 20);
    }
  print_breakdown (stats, "links_per_kind", _("Links per kind:"), G_MAXUINT);
  print_breakdown (stats, "links_per_status", _("Links per status:"), G_MAXUINT);
  print_breakdown (stats, "links_per_source", _("Links per source:"), G_MAXUINT);

  return EXIT_SUCCESS;
}

static int
run_check (int    argc,
           char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(TaDb) db = NULL;

  if (!parse_options (entries, "check", &argc, &argv))
    return EXIT_ERROR;

  if (!(db = open_database (&error)) || !(problems = ta_check_run (db, 20, &error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  for (guint i = 0; i < problems->len; i++)
    {
      TaCheckProblem *problem = g_ptr_array_index (problems, i);

      g_print ("%s: %s\n", problem->rule, problem->message);
    }

  if (problems->len > 0)
    {
      print_error (g_dngettext (GETTEXT_PACKAGE, "“%s”: %u problem found",
                                "“%s”: %u problems found", problems->len),
                   ta_db_get_path (db), problems->len);
      return EXIT_PROBLEMS;
    }

  g_print (_("“%s” is clean\n"), ta_db_get_path (db));
  return EXIT_SUCCESS;
}

static void
add_hit_to_json (JsonBuilder *builder,
                 TaTownHit   *hit)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, hit->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, hit->name);
  json_builder_set_member_name (builder, "name_native");
  if (hit->name_native)
    json_builder_add_string_value (builder, hit->name_native);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "country");
  json_builder_add_string_value (builder, hit->country_code);
  json_builder_set_member_name (builder, "country_name");
  json_builder_add_string_value (builder, hit->country_name);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_double_value (builder, hit->lat);
  json_builder_set_member_name (builder, "lon");
  json_builder_add_double_value (builder, hit->lon);
  json_builder_set_member_name (builder, "partners");
  json_builder_add_int_value (builder, hit->n_partners);
  json_builder_end_object (builder);
}

static int
run_search (int    argc,
            char **argv)
{
  gboolean as_json = FALSE;
  int limit = 20;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N towns (default 20)"), N_("N") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autofree char *text = NULL;

  if (!parse_options (entries, _("search TEXT"), &argc, &argv))
    return EXIT_ERROR;

  if (argc < 3 || limit <= 0)
    {
      print_error (_("search needs the text to look for, e.g. twin-atlas-cli search Łódź"));
      return EXIT_ERROR;
    }

  text = g_strjoinv (" ", argv + 2);
  if (!(db = open_database (&error)) || !(hits = ta_search_towns (db, text, (guint) limit, &error)))
    {
      print_error ("%s", error->message);
      return EXIT_ERROR;
    }

  if (as_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < hits->len; i++)
        add_hit_to_json (builder, g_ptr_array_index (hits, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < hits->len; i++)
        {
          TaTownHit *hit = g_ptr_array_index (hits, i);

          g_print ("%s%s%s%s\t%s\t%.4f, %.4f\t",
                   hit->name,
                   hit->name_native ? " (" : "", hit->name_native ? hit->name_native : "",
                   hit->name_native ? ")" : "",
                   hit->country_name ? hit->country_name : (hit->country_code ? hit->country_code : "–"),
                   hit->lat, hit->lon);
          g_print (g_dngettext (GETTEXT_PACKAGE, "%u partner\n", "%u partners\n", hit->n_partners),
                   hit->n_partners);
        }
      if (hits->len == 0)
        g_print (_("No town matches “%s”\n"), text);
    }

  return EXIT_SUCCESS;
}

static const Command commands[] = {
  { "stats", N_("Count towns, links and countries"), run_stats },
  { "check", N_("Check the database's integrity and the atlas' rules"), run_check },
  { "search", N_("Find towns by name, native name or exonym"), run_search },
  { "import", N_("Import CSV, GeoJSON or Wikidata files, after a preview"), ta_cli_run_import },
  { "export", N_("Export the atlas or a filtered part as CSV or GeoJSON"), ta_cli_run_export },
  { "wikidata", N_("Import twinnings from Wikidata's SPARQL endpoint"), ta_cli_run_wikidata },
  { "map", N_("Print a map of the selected links to PDF, SVG or PNG"), ta_cli_run_map },
  { "report", N_("Print a PDF atlas with one map page per region of a country"), ta_cli_run_report },
};

static void
print_usage (void)
{
  g_print (_("Usage: twin-atlas-cli [--db PATH] COMMAND [OPTIONS…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\nRun “twin-atlas-cli COMMAND --help” for a command's options.\n"));
}

/* Takes "--db PATH" / "--db=PATH" out of argv wherever it stands. */
static gboolean
take_db_option (int    *argc,
                char  **argv)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (strcmp (argv[i], "--db") == 0)
        {
          if (i + 1 >= *argc)
            {
              print_error (_("--db needs a file name"));
              return FALSE;
            }
          g_free (db_path);
          db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_path);
          db_path = g_strdup (argv[i] + strlen ("--db="));
        }
      else
        argv[out++] = argv[i];
    }

  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  const char *locale_dir = g_getenv ("TWIN_ATLAS_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!take_db_option (&argc, argv))
    return EXIT_ERROR;

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage ();
      return argc < 2 ? EXIT_ERROR : EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc, argv);

  print_error (_("unknown command “%s”; try “twin-atlas-cli --help”"), argv[1]);
  return EXIT_ERROR;
}
