/* ta-paths.c: where the atlas finds its data
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ta-paths.h"

const char *
ta_paths_get_data_dir (void)
{
  const char *dir = g_getenv ("TWIN_ATLAS_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return dir;

  return PKGDATADIR;
}

char *
ta_paths_get_data_file (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_build_filename (ta_paths_get_data_dir (), name, NULL);
}

char *
ta_paths_get_bundled_database (void)
{
  return ta_paths_get_data_file ("atlas.db");
}

char *
ta_paths_get_user_database (void)
{
  return g_build_filename (g_get_user_data_dir (), "twin-atlas", "atlas.db", NULL);
}
