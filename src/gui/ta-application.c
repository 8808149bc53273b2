/* ta-application.c: the Twin Atlas application
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One instance per session.  Each atlas file gets one window: starting the
 * program again brings that window back, and --db PATH opens another atlas
 * beside it.  Without --db the user's own atlas is used, copied from the
 * bundled one on first start.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-application.h"
#include "ta-db.h"
#include "ta-paths.h"
#include "ta-user-database.h"
#include "ta-window.h"

struct _TaApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TaApplication, ta_application, ADW_TYPE_APPLICATION)

/* Atlas files */

static TaWindow *
find_window (TaApplication *self,
             const char    *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (TA_IS_WINDOW (l->data) &&
          g_strcmp0 (ta_window_get_database_path (l->data), path) == 0)
        return l->data;
    }

  return NULL;
}

static TaDb *
open_database (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  TaDb *db;

  db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &local_error);
  if (db != NULL)
    return db;

  /* An atlas one may not write to can still be looked at. */
  if (g_error_matches (local_error, TA_DB_ERROR, TA_DB_ERROR_READ_ONLY))
    {
      g_clear_error (&local_error);
      db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &local_error);
      if (db != NULL)
        return db;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * ta_application_open_atlas:
 * @self: a #TaApplication
 * @path: (nullable): the atlas file, or %NULL for the user's own atlas
 *
 * Presents the window showing @path, opening one if there is none.  Errors
 * are shown in the window.
 */
void
ta_application_open_atlas (TaApplication *self,
                           const char    *path)
{
  g_autofree char *user_path = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(GError) error = NULL;
  TaWindow *window;

  g_return_if_fail (TA_IS_APPLICATION (self));

  if (path == NULL)
    {
      g_autofree char *bundled_path = ta_paths_get_bundled_database ();

      user_path = ta_paths_get_user_database ();
      path = user_path;

      window = find_window (self, path);
      if (window == NULL && !ta_user_database_ensure (bundled_path, user_path, &error))
        {
          window = ta_window_new (GTK_APPLICATION (self));
          ta_window_show_database_error (window, user_path, error);
          gtk_window_present (GTK_WINDOW (window));
          return;
        }
    }

  window = find_window (self, path);
  if (window == NULL)
    {
      window = ta_window_new (GTK_APPLICATION (self));
      db = open_database (path, &error);
      if (db != NULL)
        ta_window_set_database (window, db);
      else
        ta_window_show_database_error (window, path, error);
    }

  gtk_window_present (GTK_WINDOW (window));
}

/* Actions */

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TaApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing rather than quitting lets each window save its view. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TaApplication *self = user_data;
  GtkWindow *about;
  g_autofree char *data_credits = NULL;
  static const char *developers[] = { "The Twin Atlas authors", NULL };

  data_credits = g_strjoin ("\n",
                            _("Twinning data: Wikidata (CC0)"),
                            _("Wikipedia contributors, CC BY-SA 4.0; geocoding © OpenStreetMap contributors, ODbL"),
                            _("Made with Natural Earth"),
                            _("Natural Earth; world_map.gpkg from QGIS"),
                            _("GeoNames (geonames.org), CC BY 4.0"),
                            _("Country names: Debian iso-codes (LGPL-2.1+)"),
                            NULL);

  about = GTK_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (about, gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Twin Atlas"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APPLICATION_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Twin Atlas authors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), _("© 2026 The Twin Atlas authors"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about), "https://github.com/twinatlas");
  /* Translators: Replace "translator-credits" with your name and email address, one per line. */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Data"), NULL, GTK_LICENSE_CUSTOM, data_credits);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("OpenStreetMap background"),
                                      _("© OpenStreetMap contributors"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Map data available under the Open Database License (ODbL); "
                                        "tiles from the OpenStreetMap Foundation’s tile servers."));

  gtk_window_present (about);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
};

/* GApplication */

static int
ta_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("twin-atlas %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Go on: the primary instance handles the command line. */
  return -1;
}

static int
ta_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  TaApplication *self = TA_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *db_arg = NULL;
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db_arg) && *db_arg != '\0')
    {
      /* Relative to where that command was started, not to this instance. */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db_arg);

      path = g_file_get_path (file);
    }

  ta_application_open_atlas (self, path);
  return 0;
}

static void
ta_application_activate (GApplication *application)
{
  ta_application_open_atlas (TA_APPLICATION (application), NULL);
}

static void
ta_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (ta_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
ta_application_class_init (TaApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->handle_local_options = ta_application_handle_local_options;
  application_class->command_line = ta_application_command_line;
  application_class->activate = ta_application_activate;
  application_class->startup = ta_application_startup;
}

static void
ta_application_init (TaApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the atlas database at PATH instead of your own"), N_("PATH") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("An atlas of twinned towns"));
}

/**
 * ta_application_new:
 *
 * Returns: (transfer full): the application
 */
TaApplication *
ta_application_new (void)
{
  return g_object_new (TA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/twinatlas/TwinAtlas",
                       NULL);
}
