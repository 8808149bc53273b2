/* ta-exchange-dialog.c: adding and editing an exchange
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-exchange-dialog.h"
#include "ta-record-dialogs-private.h"

struct _TaExchangeDialog
{
  TaRecordDialog    parent_instance;

  TaExchangeRecord *exchange;      /* the record being edited, id 0 when new */
  GArray           *programme_ids; /* gint64 per programme item, 0: none */
};

G_DEFINE_FINAL_TYPE (TaExchangeDialog, ta_exchange_dialog, TA_TYPE_RECORD_DIALOG)

/* Reads the form into @record: FALSE with the field at fault otherwise. */
static gboolean
read_form (TaExchangeDialog  *self,
           TaExchangeRecord  *record,
           const char       **invalid_field,
           GError           **error)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  g_autofree char *year = ta_record_dialog_get_text (dialog, "year");
  g_autofree char *date = ta_record_dialog_get_text (dialog, "date");
  g_autofree char *participants = ta_record_dialog_get_text (dialog, "participants");
  guint kind = ta_record_dialog_get_selected (dialog, "kind");
  guint programme = ta_record_dialog_get_selected (dialog, "programme_id");

  record->id = self->exchange->id;
  ta_record_dialog_get_owner (dialog, &record->town_id, &record->link_id);
  record->kind = g_strdup (ta_vocabulary_get_id (TA_VOCABULARY_EXCHANGE_KIND, kind));
  record->date = *date != '\0' ? g_strdup (date) : NULL;
  record->description = ta_record_dialog_get_text (dialog, "description");
  record->programme_id = programme < self->programme_ids->len
                         ? g_array_index (self->programme_ids, gint64, programme) : 0;

  if (!ta_parse_year (year, _("Year"), &record->year, error))
    return ta_record_dialogs_fail (invalid_field, "year");
  if (!ta_parse_count (participants, _("Participants"), &record->participants, error))
    return ta_record_dialogs_fail (invalid_field, "participants");

  return ta_exchange_record_validate (record, invalid_field, error);
}

static gboolean
ta_exchange_dialog_validate (TaRecordDialog  *dialog,
                             const char     **invalid_field,
                             GError         **error)
{
  g_autoptr(TaExchangeRecord) record = ta_exchange_record_new ();

  return read_form (TA_EXCHANGE_DIALOG (dialog), record, invalid_field, error);
}

static gboolean
ta_exchange_dialog_save (TaRecordDialog  *dialog,
                         gint64          *out_id,
                         GError         **error)
{
  g_autoptr(TaExchangeRecord) record = ta_exchange_record_new ();

  return read_form (TA_EXCHANGE_DIALOG (dialog), record, NULL, error) &&
         ta_editor_save_exchange (ta_record_dialog_get_editor (dialog), record, out_id, error);
}

static gboolean
ta_exchange_dialog_delete_record (TaRecordDialog  *dialog,
                                  GError         **error)
{
  TaExchangeDialog *self = TA_EXCHANGE_DIALOG (dialog);

  return ta_editor_delete_exchange (ta_record_dialog_get_editor (dialog), self->exchange->id, error);
}

static void
ta_exchange_dialog_finalize (GObject *object)
{
  TaExchangeDialog *self = TA_EXCHANGE_DIALOG (object);

  g_clear_pointer (&self->exchange, ta_exchange_record_free);
  g_clear_pointer (&self->programme_ids, g_array_unref);

  G_OBJECT_CLASS (ta_exchange_dialog_parent_class)->finalize (object);
}

static void
ta_exchange_dialog_class_init (TaExchangeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TaRecordDialogClass *dialog_class = TA_RECORD_DIALOG_CLASS (klass);

  object_class->finalize = ta_exchange_dialog_finalize;

  dialog_class->validate = ta_exchange_dialog_validate;
  dialog_class->save = ta_exchange_dialog_save;
  dialog_class->delete_record = ta_exchange_dialog_delete_record;
}

static void
ta_exchange_dialog_init (TaExchangeDialog *self)
{
}

TaExchangeDialog *
ta_exchange_dialog_new (GtkWindow              *parent,
                        TaEditor               *editor,
                        gint64                  town_id,
                        gint64                  link_id,
                        const TaExchangeRecord *exchange)
{
  TaExchangeDialog *self;
  TaRecordDialog *dialog;
  g_autofree char *year = NULL;
  g_autofree char *participants = NULL;
  g_auto(GStrv) kinds = NULL;
  g_auto(GStrv) programmes = NULL;
  int kind;

  g_return_val_if_fail (TA_IS_EDITOR (editor), NULL);

  self = g_object_new (TA_TYPE_EXCHANGE_DIALOG,
                       "editor", editor,
                       "transient-for", parent,
                       "title", exchange != NULL ? _("Edit Exchange") : _("Add Exchange"),
                       NULL);
  dialog = TA_RECORD_DIALOG (self);

  if (exchange != NULL)
    self->exchange = ta_exchange_record_copy (exchange);
  else
    {
      self->exchange = ta_exchange_record_new ();
      self->exchange->year = ta_record_dialogs_this_year ();
    }

  kinds = ta_record_dialogs_vocabulary_labels (TA_VOCABULARY_EXCHANGE_KIND);
  kind = ta_vocabulary_find (TA_VOCABULARY_EXCHANGE_KIND, self->exchange->kind);
  programmes = ta_record_dialogs_programme_labels (ta_editor_get_db (editor), &self->programme_ids);
  year = self->exchange->year != 0 ? g_strdup_printf ("%d", self->exchange->year) : NULL;
  participants = self->exchange->participants >= 0
                 ? g_strdup_printf ("%" G_GINT64_FORMAT, self->exchange->participants) : NULL;

  ta_record_dialog_add_owner (dialog, town_id, link_id, self->exchange->link_id, TRUE);
  ta_record_dialog_add_combo (dialog, "kind", _("Kind"), (const char * const *) kinds, MAX (kind, 0));
  ta_record_dialog_add_entry (dialog, "year", _("Year"), year);
  ta_record_dialog_add_entry (dialog, "date", _("Date (YYYY-MM-DD, optional)"), self->exchange->date);
  ta_record_dialog_add_entry (dialog, "participants", _("Participants (optional)"), participants);
  ta_record_dialog_add_combo (dialog, "programme_id", _("Programme"), (const char * const *) programmes,
                              ta_record_dialogs_find_id (self->programme_ids, self->exchange->programme_id));
  ta_record_dialog_add_entry (dialog, "description", _("Description (optional)"), self->exchange->description);

  ta_record_dialog_set_deletable (dialog, self->exchange->id > 0);
  ta_record_dialog_revalidate (dialog);

  return self;
}
