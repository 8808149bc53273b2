/* ta-exchange-dialog.h: adding and editing an exchange
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

#define TA_TYPE_EXCHANGE_DIALOG (ta_exchange_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaExchangeDialog, ta_exchange_dialog, TA, EXCHANGE_DIALOG, TaRecordDialog)

/* In the context of town @town_id (choosing among its partners) or of
 * link @link_id; @exchange NULL for a new one. */
TaExchangeDialog *ta_exchange_dialog_new (GtkWindow              *parent,
                                          TaEditor               *editor,
                                          gint64                  town_id,
                                          gint64                  link_id,
                                          const TaExchangeRecord *exchange);

G_END_DECLS
