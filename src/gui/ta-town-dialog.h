/* ta-town-dialog.h: adding and editing a town
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

#define TA_TYPE_TOWN_DIALOG (ta_town_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaTownDialog, ta_town_dialog, TA, TOWN_DIALOG, TaRecordDialog)

/* @town NULL for a new town.  With a TaWindow as @parent the position can
 * be picked on its map. */
TaTownDialog *ta_town_dialog_new           (GtkWindow          *parent,
                                            TaEditor           *editor,
                                            const TaTownRecord *town);

/* Puts a picked position (to five decimals) into the coordinate fields. */
void          ta_town_dialog_set_position  (TaTownDialog       *self,
                                            double              lat,
                                            double              lon);

G_END_DECLS
