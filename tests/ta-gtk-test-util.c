/* ta-gtk-test-util.c: main loop, widget tree and rendering helpers for the GTK tests
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ta-gtk-test-util.h"

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
ta_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
ta_test_wait_until (TaTestCondition condition,
                    gpointer        data,
                    guint           settle_ms)
{
  gint64 deadline = g_get_monotonic_time () + TA_TEST_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      ta_test_wait_ms (50);
    }

  /* Widget paintables show the last frame drawn: let more come. */
  ta_test_wait_ms (settle_ms);
  return condition (data);
}

GtkWidget *
ta_test_find_widget (GtkWidget         *root,
                     GType              type,
                     TaTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ta_test_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GdkTexture *
ta_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;

  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
ta_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            ta_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

char *
ta_test_gtk_init (int         *argc,
                  char      ***argv,
                  const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat ("twin-atlas-", name, "-XXXXXX", NULL);
  g_autofree char *tmp_dir = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *cache_home = NULL;
  const char *localedir = g_getenv ("TWIN_ATLAS_LOCALE_DIR");

  tmp_dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  cache_home = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);

  /* Without a display (no xvfb-run) there is nothing to test: skip. */
  if (!gtk_init_check ())
    {
      ta_test_remove_tree (tmp_dir);
      return NULL;
    }
  adw_init ();

  return g_steal_pointer (&tmp_dir);
}
