/* ta-record-dialogs-private.h: helpers the record dialogs share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-record-dialog.h"

G_BEGIN_DECLS

/* Sets *invalid_field (nullable) to @field; returns FALSE. */
gboolean  ta_record_dialogs_fail                (const char  **invalid_field,
                                                 const char   *field);
int       ta_record_dialogs_this_year           (void);
/* The translated labels of a vocabulary, in its order. */
GStrv     ta_record_dialogs_vocabulary_labels   (TaVocabulary  vocabulary);
/* "None", then the programmes by name; *out_ids their ids (0 for none). */
GStrv     ta_record_dialogs_programme_labels    (TaDb         *db,
                                                 GArray      **out_ids);
/* The index of @id in @ids (gint64), 0 when absent. */
guint     ta_record_dialogs_find_id             (GArray       *ids,
                                                 gint64        id);

G_END_DECLS
