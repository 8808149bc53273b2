/* ta-application.h: the Twin Atlas application
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TA_TYPE_APPLICATION (ta_application_get_type ())
G_DECLARE_FINAL_TYPE (TaApplication, ta_application, TA, APPLICATION, AdwApplication)

TaApplication *ta_application_new         (void);

void           ta_application_open_atlas  (TaApplication *self,
                                           const char    *path);

G_END_DECLS
