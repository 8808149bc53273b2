/* ta-user-database.h: the user's own copy of the atlas
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ta_user_database_ensure (const char  *bundled_path,
                                  const char  *user_path,
                                  GError     **error);

G_END_DECLS
