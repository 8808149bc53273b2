/* ta-town-chooser.h: an entry row that finds and picks one town
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-db.h"

G_BEGIN_DECLS

#define TA_TYPE_TOWN_CHOOSER (ta_town_chooser_get_type ())
G_DECLARE_FINAL_TYPE (TaTownChooser, ta_town_chooser, TA, TOWN_CHOOSER, AdwEntryRow)

GtkWidget *ta_town_chooser_new          (TaDb          *db);

gint64     ta_town_chooser_get_town_id  (TaTownChooser *self);
/* Shows town @town_id (0 for none) as chosen. */
void       ta_town_chooser_set_town_id  (TaTownChooser *self,
                                         gint64         town_id);
/* The towns found for the text typed: (element-type TaTownHit) (transfer none). */
GPtrArray *ta_town_chooser_get_hits     (TaTownChooser *self);
/* Chooses hit @index, as a click on it does. */
void       ta_town_chooser_choose_hit   (TaTownChooser *self,
                                         guint          index);

G_END_DECLS
