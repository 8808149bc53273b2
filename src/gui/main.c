/* main.c: starts Twin Atlas
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ta-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TaApplication) app = NULL;
  const char *localedir = g_getenv ("TWIN_ATLAS_LOCALE_DIR");

  /* Uninstalled runs point TWIN_ATLAS_LOCALE_DIR at build/po, where meson
   * compiles the catalogues into <lang>/LC_MESSAGES/. */
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Twin Atlas"));

  app = ta_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
