/* ta-record-dialog.h: the frame of the dialogs that add and edit records
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-editor.h"

G_BEGIN_DECLS

#define TA_TYPE_RECORD_DIALOG (ta_record_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (TaRecordDialog, ta_record_dialog, TA, RECORD_DIALOG, AdwWindow)

struct _TaRecordDialogClass
{
  AdwWindowClass parent_class;

  /* Reads the fields into a record and checks it: on failure sets the
   * field at fault (a name given to ta_record_dialog_add_field()). */
  gboolean (*validate)      (TaRecordDialog  *self,
                             const char     **invalid_field,
                             GError         **error);
  /* Writes the record through the editor; *out_id its id. */
  gboolean (*save)          (TaRecordDialog  *self,
                             gint64          *out_id,
                             GError         **error);
  /* Deletes the record shown; only offered when the dialog is deletable. */
  gboolean (*delete_record) (TaRecordDialog  *self,
                             GError         **error);
};

TaEditor   *ta_record_dialog_get_editor     (TaRecordDialog *self);
TaDb       *ta_record_dialog_get_db         (TaRecordDialog *self);

/* Appends @row to the form under the name @field and revalidates the
 * form whenever it changes. */
void        ta_record_dialog_add_field      (TaRecordDialog *self,
                                             const char     *field,
                                             GtkWidget      *row);
GtkWidget  *ta_record_dialog_add_entry      (TaRecordDialog *self,
                                             const char     *field,
                                             const char     *title,
                                             const char     *text);
GtkWidget  *ta_record_dialog_add_combo      (TaRecordDialog *self,
                                             const char     *field,
                                             const char     *title,
                                             const char * const *labels,
                                             guint           selected);
GtkWidget  *ta_record_dialog_get_field      (TaRecordDialog *self,
                                             const char     *field);
/* The text of an entry field, stripped; "" when empty. */
char       *ta_record_dialog_get_text       (TaRecordDialog *self,
                                             const char     *field);
guint       ta_record_dialog_get_selected   (TaRecordDialog *self,
                                             const char     *field);

/* The "owner" field of exchanges, funding and history: in a town's
 * context a choice among its partners (and the town alone when
 * @allow_town_only), in a link's context that link. */
void        ta_record_dialog_add_owner      (TaRecordDialog *self,
                                             gint64          town_id,
                                             gint64          link_id,
                                             gint64          selected_link_id,
                                             gboolean        allow_town_only);
void        ta_record_dialog_get_owner      (TaRecordDialog *self,
                                             gint64         *out_town_id,
                                             gint64         *out_link_id);

void        ta_record_dialog_set_deletable  (TaRecordDialog *self,
                                             gboolean        deletable);
void        ta_record_dialog_revalidate     (TaRecordDialog *self);

/* What Save and Delete do: TRUE and the dialog closes, or FALSE and the
 * message is shown in it. */
gboolean    ta_record_dialog_save           (TaRecordDialog *self,
                                             GError        **error);
gboolean    ta_record_dialog_delete         (TaRecordDialog *self,
                                             GError        **error);

gboolean    ta_record_dialog_get_can_save   (TaRecordDialog *self);
/* The validation or save message shown, or NULL. */
const char *ta_record_dialog_get_message    (TaRecordDialog *self);

G_END_DECLS
