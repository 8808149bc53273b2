/* ta-editor.h: every change a user makes to the atlas, undoable
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-records.h"

G_BEGIN_DECLS

/* The source every row the user writes names (the bundled atlas has it;
 * the editor creates it in atlases that lack it). */
#define TA_EDITOR_SOURCE_ID "user"

/* What goes with a town or a link when it is deleted. */
typedef struct
{
  guint links;
  guint names;
  guint exchanges;
  guint funding;
  guint events;
} TaDependents;

#define TA_TYPE_EDITOR (ta_editor_get_type ())
G_DECLARE_FINAL_TYPE (TaEditor, ta_editor, TA, EDITOR, GObject)

TaEditor   *ta_editor_new                    (TaDb                   *db);
TaDb       *ta_editor_get_db                 (TaEditor               *self);

/* Each call below is one transaction, committed before it returns, and one
 * step of undo.  A record with id 0 is added (its new id in @out_id),
 * otherwise the stored one is replaced; saving a record unchanged does
 * nothing.  Invalid records are refused with TA_RECORD_ERROR_INVALID, a
 * message naming the field, and no change. */
gboolean    ta_editor_save_town              (TaEditor               *self,
                                              const TaTownRecord     *town,
                                              gint64                 *out_id,
                                              GError                **error);
gboolean    ta_editor_delete_town            (TaEditor               *self,
                                              gint64                  town_id,
                                              GError                **error);
gboolean    ta_editor_save_link              (TaEditor               *self,
                                              const TaLinkRecord     *link,
                                              gint64                 *out_id,
                                              GError                **error);
/* The checks of ta_editor_save_link() that need the atlas (both towns
 * exist, the pair is not linked yet), without writing: for forms. */
gboolean    ta_editor_check_link             (TaEditor               *self,
                                              const TaLinkRecord     *link,
                                              const char            **invalid_field,
                                              GError                **error);
gboolean    ta_editor_delete_link            (TaEditor               *self,
                                              gint64                  link_id,
                                              GError                **error);
gboolean    ta_editor_save_exchange          (TaEditor               *self,
                                              const TaExchangeRecord *exchange,
                                              gint64                 *out_id,
                                              GError                **error);
gboolean    ta_editor_delete_exchange        (TaEditor               *self,
                                              gint64                  exchange_id,
                                              GError                **error);
gboolean    ta_editor_save_funding           (TaEditor               *self,
                                              const TaFundingRecord  *funding,
                                              gint64                 *out_id,
                                              GError                **error);
gboolean    ta_editor_delete_funding         (TaEditor               *self,
                                              gint64                  funding_id,
                                              GError                **error);
gboolean    ta_editor_save_event             (TaEditor               *self,
                                              const TaEventRecord    *event,
                                              gint64                 *out_id,
                                              GError                **error);
gboolean    ta_editor_delete_event           (TaEditor               *self,
                                              gint64                  event_id,
                                              GError                **error);

/* Links, names, exchanges, funding rows and events deleted with the town
 * (links and names stay 0 for a link). */
gboolean    ta_editor_count_town_dependents  (TaEditor               *self,
                                              gint64                  town_id,
                                              TaDependents           *out_dependents,
                                              GError                **error);
gboolean    ta_editor_count_link_dependents  (TaEditor               *self,
                                              gint64                  link_id,
                                              TaDependents           *out_dependents,
                                              GError                **error);

gboolean    ta_editor_get_can_undo           (TaEditor               *self);
gboolean    ta_editor_get_can_redo           (TaEditor               *self);
/* "Add Exchange", "Delete Town"…: what undo or redo would do, or NULL. */
const char *ta_editor_get_undo_label         (TaEditor               *self);
const char *ta_editor_get_redo_label         (TaEditor               *self);
gboolean    ta_editor_undo                   (TaEditor               *self,
                                              GError                **error);
gboolean    ta_editor_redo                   (TaEditor               *self,
                                              GError                **error);

G_END_DECLS
