/* ta-funding-dialog.h: adding and editing a funding record
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

#define TA_TYPE_FUNDING_DIALOG (ta_funding_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaFundingDialog, ta_funding_dialog, TA, FUNDING_DIALOG, TaRecordDialog)

/* In the context of town @town_id or of link @link_id; @funding NULL for
 * a new record. */
TaFundingDialog *ta_funding_dialog_new (GtkWindow             *parent,
                                        TaEditor              *editor,
                                        gint64                 town_id,
                                        gint64                 link_id,
                                        const TaFundingRecord *funding);

G_END_DECLS
