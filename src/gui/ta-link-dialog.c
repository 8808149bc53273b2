/* ta-link-dialog.c: adding and editing a link between two towns
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-link-dialog.h"
#include "ta-record-dialogs-private.h"
#include "ta-town-chooser.h"

struct _TaLinkDialog
{
  TaRecordDialog  parent_instance;

  TaLinkRecord   *link;    /* the record being edited, id 0 when new */
};

G_DEFINE_FINAL_TYPE (TaLinkDialog, ta_link_dialog, TA_TYPE_RECORD_DIALOG)

static gboolean
read_form (TaLinkDialog  *self,
           TaLinkRecord  *record,
           const char   **invalid_field,
           GError       **error)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  g_autofree char *start_year = ta_record_dialog_get_text (dialog, "start_year");
  g_autofree char *end_year = ta_record_dialog_get_text (dialog, "end_year");
  guint kind = ta_record_dialog_get_selected (dialog, "kind");
  guint status = ta_record_dialog_get_selected (dialog, "status");

  record->id = self->link->id;
  record->town_a = ta_town_chooser_get_town_id (TA_TOWN_CHOOSER (ta_record_dialog_get_field (dialog, "town_a")));
  record->town_b = ta_town_chooser_get_town_id (TA_TOWN_CHOOSER (ta_record_dialog_get_field (dialog, "town_b")));
  g_free (record->kind);
  record->kind = g_strdup (ta_vocabulary_get_id (TA_VOCABULARY_LINK_KIND, kind));
  g_free (record->status);
  record->status = g_strdup (ta_vocabulary_get_id (TA_VOCABULARY_LINK_STATUS, status));
  record->note = ta_record_dialog_get_text (dialog, "note");

  if (!ta_parse_year (start_year, _("Start year"), &record->start_year, error))
    return ta_record_dialogs_fail (invalid_field, "start_year");
  if (!ta_parse_year (end_year, _("End year"), &record->end_year, error))
    return ta_record_dialogs_fail (invalid_field, "end_year");

  /* Also what only the atlas knows: a pair already linked. */
  return ta_editor_check_link (ta_record_dialog_get_editor (dialog), record, invalid_field, error);
}

static gboolean
ta_link_dialog_validate (TaRecordDialog  *dialog,
                         const char     **invalid_field,
                         GError         **error)
{
  g_autoptr(TaLinkRecord) record = ta_link_record_new ();

  return read_form (TA_LINK_DIALOG (dialog), record, invalid_field, error);
}

static gboolean
ta_link_dialog_save (TaRecordDialog  *dialog,
                     gint64          *out_id,
                     GError         **error)
{
  g_autoptr(TaLinkRecord) record = ta_link_record_new ();

  return read_form (TA_LINK_DIALOG (dialog), record, NULL, error) &&
         ta_editor_save_link (ta_record_dialog_get_editor (dialog), record, out_id, error);
}

static void
ta_link_dialog_finalize (GObject *object)
{
  TaLinkDialog *self = TA_LINK_DIALOG (object);

  g_clear_pointer (&self->link, ta_link_record_free);

  G_OBJECT_CLASS (ta_link_dialog_parent_class)->finalize (object);
}

static void
ta_link_dialog_class_init (TaLinkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TaRecordDialogClass *dialog_class = TA_RECORD_DIALOG_CLASS (klass);

  object_class->finalize = ta_link_dialog_finalize;

  dialog_class->validate = ta_link_dialog_validate;
  dialog_class->save = ta_link_dialog_save;
}

static void
ta_link_dialog_init (TaLinkDialog *self)
{
}

static void
add_town_chooser (TaLinkDialog *self,
                  const char   *field,
                  const char   *title,
                  gint64        town_id)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  GtkWidget *chooser = ta_town_chooser_new (ta_record_dialog_get_db (dialog));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (chooser), title);
  ta_town_chooser_set_town_id (TA_TOWN_CHOOSER (chooser), town_id);
  ta_record_dialog_add_field (dialog, field, chooser);

  /* A chosen town changes the form as much as a typed letter. */
  g_signal_connect_object (chooser, "notify::town-id",
                           G_CALLBACK (ta_record_dialog_revalidate), self, G_CONNECT_SWAPPED);
}

TaLinkDialog *
ta_link_dialog_new (GtkWindow          *parent,
                    TaEditor           *editor,
                    const TaLinkRecord *link,
                    gint64              town_id)
{
  TaLinkDialog *self;
  TaRecordDialog *dialog;
  g_autofree char *start_year = NULL;
  g_autofree char *end_year = NULL;
  g_auto(GStrv) kinds = NULL;
  g_auto(GStrv) statuses = NULL;

  g_return_val_if_fail (TA_IS_EDITOR (editor), NULL);

  self = g_object_new (TA_TYPE_LINK_DIALOG,
                       "editor", editor,
                       "transient-for", parent,
                       "title", link != NULL ? _("Edit Link") : _("Add Partner Town"),
                       NULL);
  dialog = TA_RECORD_DIALOG (self);

  if (link != NULL)
    self->link = ta_link_record_copy (link);
  else
    {
      self->link = ta_link_record_new ();
      self->link->town_a = town_id;
    }

  kinds = ta_record_dialogs_vocabulary_labels (TA_VOCABULARY_LINK_KIND);
  statuses = ta_record_dialogs_vocabulary_labels (TA_VOCABULARY_LINK_STATUS);
  start_year = self->link->start_year != 0 ? g_strdup_printf ("%d", self->link->start_year) : NULL;
  end_year = self->link->end_year != 0 ? g_strdup_printf ("%d", self->link->end_year) : NULL;

  add_town_chooser (self, "town_a", _("Town"), self->link->town_a);
  add_town_chooser (self, "town_b", _("Partner town"), self->link->town_b);
  ta_record_dialog_add_combo (dialog, "kind", _("Kind"), (const char * const *) kinds,
                              MAX (ta_vocabulary_find (TA_VOCABULARY_LINK_KIND, self->link->kind), 0));
  ta_record_dialog_add_combo (dialog, "status", _("Status"), (const char * const *) statuses,
                              MAX (ta_vocabulary_find (TA_VOCABULARY_LINK_STATUS, self->link->status), 0));
  ta_record_dialog_add_entry (dialog, "start_year", _("Since (year, optional)"), start_year);
  ta_record_dialog_add_entry (dialog, "end_year", _("Until (year, optional)"), end_year);
  ta_record_dialog_add_entry (dialog, "note", _("Note (optional)"), self->link->note);

  ta_record_dialog_revalidate (dialog);

  return self;
}
