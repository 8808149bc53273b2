/* ta-event-dialog.h: adding and editing an event of a link's history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

#define TA_TYPE_EVENT_DIALOG (ta_event_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaEventDialog, ta_event_dialog, TA, EVENT_DIALOG, TaRecordDialog)

/* In the context of town @town_id (one of its links) or of link @link_id;
 * @event NULL for a new one. */
TaEventDialog *ta_event_dialog_new (GtkWindow           *parent,
                                    TaEditor            *editor,
                                    gint64               town_id,
                                    gint64               link_id,
                                    const TaEventRecord *event);

G_END_DECLS
