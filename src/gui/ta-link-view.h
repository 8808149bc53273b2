/* ta-link-view.h: one link: both towns, its facts, records and history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-editor.h"
#include "ta-link-details.h"

G_BEGIN_DECLS

#define TA_TYPE_LINK_VIEW (ta_link_view_get_type ())
G_DECLARE_FINAL_TYPE (TaLinkView, ta_link_view, TA, LINK_VIEW, AdwBin)

GtkWidget           *ta_link_view_new             (void);

/* @editor NULL for an atlas that cannot be changed. */
void                 ta_link_view_set_database    (TaLinkView *self,
                                                   TaDb       *db,
                                                   TaEditor   *editor);

gint64               ta_link_view_get_link        (TaLinkView *self);
/* Shows link @link_id (-1 for none), loading it at once. */
void                 ta_link_view_set_link        (TaLinkView *self,
                                                   gint64      link_id);
void                 ta_link_view_reload          (TaLinkView *self);
/* Whether a back button leads to the town the link was opened from. */
void                 ta_link_view_set_can_go_back (TaLinkView *self,
                                                   gboolean    can_go_back);

/* What is shown, or NULL. (transfer none) */
const TaLinkDetails *ta_link_view_get_details     (TaLinkView *self);

G_END_DECLS
