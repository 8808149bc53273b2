/* ta-event-dialog.c: adding and editing an event of a link's history
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-event-dialog.h"
#include "ta-record-dialogs-private.h"

struct _TaEventDialog
{
  TaRecordDialog  parent_instance;

  TaEventRecord  *event;   /* the record being edited, id 0 when new */
};

G_DEFINE_FINAL_TYPE (TaEventDialog, ta_event_dialog, TA_TYPE_RECORD_DIALOG)

static gboolean
read_form (TaEventDialog  *self,
           TaEventRecord  *record,
           const char    **invalid_field,
           GError        **error)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  guint kind = ta_record_dialog_get_selected (dialog, "kind");
  gint64 town_id = 0;

  record->id = self->event->id;
  ta_record_dialog_get_owner (dialog, &town_id, &record->link_id);
  record->kind = g_strdup (ta_vocabulary_get_id (TA_VOCABULARY_EVENT_KIND, kind));
  record->date = ta_record_dialog_get_text (dialog, "date");
  record->note = ta_record_dialog_get_text (dialog, "note");

  return ta_event_record_validate (record, invalid_field, error);
}

static gboolean
ta_event_dialog_validate (TaRecordDialog  *dialog,
                          const char     **invalid_field,
                          GError         **error)
{
  g_autoptr(TaEventRecord) record = ta_event_record_new ();

  return read_form (TA_EVENT_DIALOG (dialog), record, invalid_field, error);
}

static gboolean
ta_event_dialog_save (TaRecordDialog  *dialog,
                      gint64          *out_id,
                      GError         **error)
{
  g_autoptr(TaEventRecord) record = ta_event_record_new ();

  return read_form (TA_EVENT_DIALOG (dialog), record, NULL, error) &&
         ta_editor_save_event (ta_record_dialog_get_editor (dialog), record, out_id, error);
}

static gboolean
ta_event_dialog_delete_record (TaRecordDialog  *dialog,
                               GError         **error)
{
  TaEventDialog *self = TA_EVENT_DIALOG (dialog);

  return ta_editor_delete_event (ta_record_dialog_get_editor (dialog), self->event->id, error);
}

static void
ta_event_dialog_finalize (GObject *object)
{
  TaEventDialog *self = TA_EVENT_DIALOG (object);

  g_clear_pointer (&self->event, ta_event_record_free);

  G_OBJECT_CLASS (ta_event_dialog_parent_class)->finalize (object);
}

static void
ta_event_dialog_class_init (TaEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TaRecordDialogClass *dialog_class = TA_RECORD_DIALOG_CLASS (klass);

  object_class->finalize = ta_event_dialog_finalize;

  dialog_class->validate = ta_event_dialog_validate;
  dialog_class->save = ta_event_dialog_save;
  dialog_class->delete_record = ta_event_dialog_delete_record;
}

static void
ta_event_dialog_init (TaEventDialog *self)
{
}

TaEventDialog *
ta_event_dialog_new (GtkWindow           *parent,
                     TaEditor            *editor,
                     gint64               town_id,
                     gint64               link_id,
                     const TaEventRecord *event)
{
  TaEventDialog *self;
  TaRecordDialog *dialog;
  g_auto(GStrv) kinds = NULL;
  int kind;

  g_return_val_if_fail (TA_IS_EDITOR (editor), NULL);

  self = g_object_new (TA_TYPE_EVENT_DIALOG,
                       "editor", editor,
                       "transient-for", parent,
                       "title", event != NULL ? _("Edit History Event") : _("Add History Event"),
                       NULL);
  dialog = TA_RECORD_DIALOG (self);

  self->event = event != NULL ? ta_event_record_copy (event) : ta_event_record_new ();
  kinds = ta_record_dialogs_vocabulary_labels (TA_VOCABULARY_EVENT_KIND);
  kind = ta_vocabulary_find (TA_VOCABULARY_EVENT_KIND, self->event->kind);

  ta_record_dialog_add_owner (dialog, town_id, link_id, self->event->link_id, FALSE);
  ta_record_dialog_add_combo (dialog, "kind", _("Event"), (const char * const *) kinds, MAX (kind, 0));
  ta_record_dialog_add_entry (dialog, "date", _("Date (YYYY, YYYY-MM or YYYY-MM-DD)"), self->event->date);
  ta_record_dialog_add_entry (dialog, "note", _("Note (optional)"), self->event->note);

  ta_record_dialog_set_deletable (dialog, self->event->id > 0);
  ta_record_dialog_revalidate (dialog);

  return self;
}
