/* ta-paths.h: where the atlas finds its data
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bundled, read-only data: $TWIN_ATLAS_DATA_DIR when set (uninstalled runs
 * and tests point it at build/data), else the installed pkgdatadir. */
const char *ta_paths_get_data_dir          (void);
char       *ta_paths_get_data_file         (const char *name);

/* The bundled dataset, data dir/atlas.db. */
char       *ta_paths_get_bundled_database  (void);

/* The user's database, $XDG_DATA_HOME/twin-atlas/atlas.db. */
char       *ta_paths_get_user_database     (void);

G_END_DECLS
