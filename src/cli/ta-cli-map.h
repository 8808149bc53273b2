/* ta-cli-map.h: the map and report commands, printed maps without a display
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the command's argv (argv[1] is the command) and returns the
 * exit status: 0 written, 1 nothing to print (empty selection), 2 the
 * command could not run (bad arguments, unknown area, unwritable path). */
int ta_cli_run_map    (int    argc,
                       char **argv);
int ta_cli_run_report (int    argc,
                       char **argv);

G_END_DECLS
