/* panel-shot.c: a PNG of the window with the side panel open, for review
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   panel-shot ATLAS.db TOWN OUT.png [PAGE [FIELD=TEXT]]
 *
 * Opens the atlas (use a copy: a dialog's Save would write to it), selects
 * the first town the search finds for TOWN, shows PAGE of the town panel
 * (partners, exchanges, funding, history; "link" for the link view of its
 * first partner) and saves the window as drawn.  A PAGE naming a panel
 * action (add-exchange, edit-town…) saves the dialog it opens instead,
 * after typing TEXT into FIELD if given.  Not a test: a tool to look at
 * the panel, run under Xvfb with the test environment.
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ta-record-dialog.h"
#include "ta-search.h"
#include "ta-town-panel.h"
#include "ta-window.h"
#include "ta-gtk-test-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *localedir = g_getenv ("TWIN_ATLAS_LOCALE_DIR");
  const char *page = argc > 4 ? argv[4] : "partners";
  TaWindow *window;
  GtkWidget *panel;
  GtkWidget *shown;

  if (argc < 4)
    {
      g_printerr ("Usage: %s ATLAS.db TOWN OUT.png [PAGE [FIELD=TEXT]]\n", argv[0]);
      return 2;
    }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_printerr ("No display\n");
      return 2;
    }
  adw_init ();

  db = ta_db_open (argv[1], TA_DB_OPEN_READ_WRITE, &error);
  if (db == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  hits = ta_search_towns (db, argv[2], 1, &error);
  if (hits == NULL || hits->len == 0)
    {
      g_printerr ("No town “%s”\n", argv[2]);
      return 1;
    }

  window = ta_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  ta_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  ta_test_wait_ms (500);

  ta_window_set_selected_town (window, ((TaTownHit *) g_ptr_array_index (hits, 0))->id);
  ta_window_go_to (window, ((TaTownHit *) g_ptr_array_index (hits, 0))->lat,
                   ((TaTownHit *) g_ptr_array_index (hits, 0))->lon, 5);

  panel = ta_test_find_widget (GTK_WIDGET (window), TA_TYPE_TOWN_PANEL, NULL, NULL);
  shown = GTK_WIDGET (window);
  if (g_str_has_prefix (page, "add-") || g_str_has_prefix (page, "edit-"))
    {
      g_autofree char *action = g_strconcat ("panel.", page, NULL);
      g_autoptr(GListModel) toplevels = NULL;

      gtk_widget_activate_action (panel, action, NULL);
      toplevels = g_object_ref (gtk_window_get_toplevels ());
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (TA_IS_RECORD_DIALOG (toplevel))
            shown = toplevel;
        }

      if (argc > 5 && strchr (argv[5], '=') != NULL && shown != GTK_WIDGET (window))
        {
          g_auto(GStrv) field = g_strsplit (argv[5], "=", 2);

          gtk_editable_set_text (GTK_EDITABLE (ta_record_dialog_get_field (TA_RECORD_DIALOG (shown), field[0])),
                                 field[1]);
        }
    }
  else if (g_strcmp0 (page, "link") == 0)
    {
      const TaTownDetails *details = ta_town_panel_get_details (TA_TOWN_PANEL (panel));

      if (details != NULL && details->partners->len > 0)
        ta_window_set_selected_link (window, ((TaPartner *) g_ptr_array_index (details->partners, 0))->link.id);
    }
  else
    {
      AdwViewStack *stack = ADW_VIEW_STACK (ta_test_find_widget (panel, ADW_TYPE_VIEW_STACK, NULL, NULL));

      adw_view_stack_set_visible_child_name (stack, page);
    }

  /* Let the map tiles and the panel settle. */
  ta_test_wait_ms (3000);

  texture = ta_test_render_widget (shown);
  if (texture == NULL || !gdk_texture_save_to_png (texture, argv[3]))
    {
      g_printerr ("Cannot write %s\n", argv[3]);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
