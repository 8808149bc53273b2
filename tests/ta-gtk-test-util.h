/* ta-gtk-test-util.h: main loop, widget tree and rendering helpers for the GTK tests
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* How long ta_test_wait_until() waits for its condition. */
#define TA_TEST_TIMEOUT_MS 20000

typedef gboolean (*TaTestCondition) (gpointer data);
typedef gboolean (*TaTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

/* Iterates the default main context for @ms milliseconds. */
void        ta_test_wait_ms        (guint              ms);
/* Iterates the main loop until @condition holds (FALSE after
 * TA_TEST_TIMEOUT_MS), then @settle_ms more and asks once again. */
gboolean    ta_test_wait_until     (TaTestCondition    condition,
                                    gpointer           data,
                                    guint              settle_ms);

/* The first widget under @root (itself included, depth first) of @type
 * for which @match (if not NULL) holds. */
GtkWidget  *ta_test_find_widget    (GtkWidget         *root,
                                    GType              type,
                                    TaTestWidgetMatch  match,
                                    gconstpointer      data);

/* @widget as drawn, at its size; NULL while it has drawn nothing. */
GdkTexture *ta_test_render_widget  (GtkWidget         *widget);

/* Removes @path and everything below it (symbolic links, not their targets). */
void        ta_test_remove_tree    (const char        *path);

/* Points XDG_DATA_HOME and XDG_CACHE_HOME into a new temporary folder
 * (before anything asks GLib for them: it remembers them), uses memory
 * GSettings, binds the translations, runs g_test_init() and initialises
 * GTK and libadwaita.  Returns the folder (free it after
 * ta_test_remove_tree()), or NULL without a display, having removed it. */
char       *ta_test_gtk_init       (int               *argc,
                                    char            ***argv,
                                    const char        *name);

G_END_DECLS
