/* ta-link-dialog.h: adding and editing a link between two towns
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

#define TA_TYPE_LINK_DIALOG (ta_link_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaLinkDialog, ta_link_dialog, TA, LINK_DIALOG, TaRecordDialog)

/* @link NULL for a new link, whose first town is then @town_id (0: none). */
TaLinkDialog *ta_link_dialog_new (GtkWindow          *parent,
                                  TaEditor           *editor,
                                  const TaLinkRecord *link,
                                  gint64              town_id);

G_END_DECLS
