/* ta-cli-import.h: the import, export and wikidata commands of twin-atlas-cli
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the command's argv (argv[1] is the command) and returns the
 * exit status: 0 done (or, with --dry-run, could be done), 1 the input has
 * problems and nothing was written, 2 the command could not run. */
int         ta_cli_run_import   (int    argc,
                                 char **argv);
int         ta_cli_run_export   (int    argc,
                                 char **argv);
int         ta_cli_run_wikidata (int    argc,
                                 char **argv);

/* --db as given on the command line, or NULL (defined in ta-cli.c). */
const char *ta_cli_get_db_path  (void);

G_END_DECLS
