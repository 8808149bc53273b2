/* ta-town-panel.h: a town's partners, exchanges, funding and history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-editor.h"
#include "ta-town-details.h"

G_BEGIN_DECLS

#define TA_TYPE_TOWN_PANEL (ta_town_panel_get_type ())
G_DECLARE_FINAL_TYPE (TaTownPanel, ta_town_panel, TA, TOWN_PANEL, AdwBin)

GtkWidget           *ta_town_panel_new          (void);

/* @editor NULL for an atlas that cannot be changed: nothing is offered
 * for editing then. */
void                 ta_town_panel_set_database (TaTownPanel *self,
                                                 TaDb        *db,
                                                 TaEditor    *editor);

gint64               ta_town_panel_get_town     (TaTownPanel *self);
/* Shows town @town_id (-1 for none), loading it at once. */
void                 ta_town_panel_set_town     (TaTownPanel *self,
                                                 gint64       town_id);
void                 ta_town_panel_reload       (TaTownPanel *self);

/* What is shown, or NULL. (transfer none) */
const TaTownDetails *ta_town_panel_get_details  (TaTownPanel *self);

G_END_DECLS
