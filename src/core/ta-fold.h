/* ta-fold.h: folding names for matching and search
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ta_fold     (const char *text);
char *ta_fold_key (const char *name);

G_END_DECLS
