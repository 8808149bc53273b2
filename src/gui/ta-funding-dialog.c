/* ta-funding-dialog.c: adding and editing a funding record
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ta-funding-dialog.h"
#include "ta-record-dialogs-private.h"

/* What a new record is paid in until the user says otherwise. */
#define DEFAULT_CURRENCY "EUR"

struct _TaFundingDialog
{
  TaRecordDialog   parent_instance;

  TaFundingRecord *funding;       /* the record being edited, id 0 when new */
  GArray          *programme_ids; /* gint64 per programme item, 0: none */
};

G_DEFINE_FINAL_TYPE (TaFundingDialog, ta_funding_dialog, TA_TYPE_RECORD_DIALOG)

/* "1500.00" for editing: no digit groups, the locale's decimal point. */
static char *
amount_to_text (gint64      amount_minor,
                const char *currency)
{
  const char *point = localeconv ()->decimal_point;
  guint digits = ta_currency_get_digits (currency);
  gint64 scale = 1;

  for (guint i = 0; i < digits; i++)
    scale *= 10;

  if (digits == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, amount_minor);

  return g_strdup_printf ("%" G_GINT64_FORMAT "%s%0*" G_GINT64_FORMAT,
                          amount_minor / scale, point != NULL && *point != '\0' ? point : ".",
                          (int) digits, amount_minor % scale);
}

static gboolean
read_form (TaFundingDialog  *self,
           TaFundingRecord  *record,
           const char      **invalid_field,
           GError          **error)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  g_autofree char *amount = ta_record_dialog_get_text (dialog, "amount_minor");
  g_autofree char *currency = ta_record_dialog_get_text (dialog, "currency");
  g_autofree char *year = ta_record_dialog_get_text (dialog, "year");
  g_autofree char *upper = g_ascii_strup (currency, -1);
  guint programme = ta_record_dialog_get_selected (dialog, "programme_id");

  record->id = self->funding->id;
  record->exchange_id = self->funding->exchange_id;
  ta_record_dialog_get_owner (dialog, &record->town_id, &record->link_id);
  record->programme_id = programme < self->programme_ids->len
                         ? g_array_index (self->programme_ids, gint64, programme) : 0;
  record->funder = ta_record_dialog_get_text (dialog, "funder");
  record->purpose = ta_record_dialog_get_text (dialog, "purpose");
  /* "EURO" must not become "EUR": only a whole code is taken. */
  if (strlen (upper) == 3)
    g_strlcpy (record->currency, upper, sizeof record->currency);

  if (strlen (upper) != 3)
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                           _("Currency must be a three-letter code such as EUR"));
      return ta_record_dialogs_fail (invalid_field, "currency");
    }
  if (!ta_parse_amount (amount, record->currency, &record->amount_minor, error))
    return ta_record_dialogs_fail (invalid_field, "amount_minor");
  if (!ta_parse_year (year, _("Year"), &record->year, error))
    return ta_record_dialogs_fail (invalid_field, "year");

  return ta_funding_record_validate (record, invalid_field, error);
}

static gboolean
ta_funding_dialog_validate (TaRecordDialog  *dialog,
                            const char     **invalid_field,
                            GError         **error)
{
  g_autoptr(TaFundingRecord) record = ta_funding_record_new ();

  return read_form (TA_FUNDING_DIALOG (dialog), record, invalid_field, error);
}

static gboolean
ta_funding_dialog_save (TaRecordDialog  *dialog,
                        gint64          *out_id,
                        GError         **error)
{
  g_autoptr(TaFundingRecord) record = ta_funding_record_new ();

  return read_form (TA_FUNDING_DIALOG (dialog), record, NULL, error) &&
         ta_editor_save_funding (ta_record_dialog_get_editor (dialog), record, out_id, error);
}

static gboolean
ta_funding_dialog_delete_record (TaRecordDialog  *dialog,
                                 GError         **error)
{
  TaFundingDialog *self = TA_FUNDING_DIALOG (dialog);

  return ta_editor_delete_funding (ta_record_dialog_get_editor (dialog), self->funding->id, error);
}

static void
ta_funding_dialog_finalize (GObject *object)
{
  TaFundingDialog *self = TA_FUNDING_DIALOG (object);

  g_clear_pointer (&self->funding, ta_funding_record_free);
  g_clear_pointer (&self->programme_ids, g_array_unref);

  G_OBJECT_CLASS (ta_funding_dialog_parent_class)->finalize (object);
}

static void
ta_funding_dialog_class_init (TaFundingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TaRecordDialogClass *dialog_class = TA_RECORD_DIALOG_CLASS (klass);

  object_class->finalize = ta_funding_dialog_finalize;

  dialog_class->validate = ta_funding_dialog_validate;
  dialog_class->save = ta_funding_dialog_save;
  dialog_class->delete_record = ta_funding_dialog_delete_record;
}

static void
ta_funding_dialog_init (TaFundingDialog *self)
{
}

TaFundingDialog *
ta_funding_dialog_new (GtkWindow             *parent,
                       TaEditor              *editor,
                       gint64                 town_id,
                       gint64                 link_id,
                       const TaFundingRecord *funding)
{
  TaFundingDialog *self;
  TaRecordDialog *dialog;
  g_autofree char *year = NULL;
  g_autofree char *amount = NULL;
  g_auto(GStrv) programmes = NULL;

  g_return_val_if_fail (TA_IS_EDITOR (editor), NULL);

  self = g_object_new (TA_TYPE_FUNDING_DIALOG,
                       "editor", editor,
                       "transient-for", parent,
                       "title", funding != NULL ? _("Edit Funding") : _("Add Funding"),
                       NULL);
  dialog = TA_RECORD_DIALOG (self);

  if (funding != NULL)
    {
      self->funding = ta_funding_record_copy (funding);
      amount = amount_to_text (funding->amount_minor, funding->currency);
    }
  else
    {
      self->funding = ta_funding_record_new ();
      self->funding->year = ta_record_dialogs_this_year ();
      g_strlcpy (self->funding->currency, DEFAULT_CURRENCY, sizeof self->funding->currency);
    }

  programmes = ta_record_dialogs_programme_labels (ta_editor_get_db (editor), &self->programme_ids);
  year = self->funding->year != 0 ? g_strdup_printf ("%d", self->funding->year) : NULL;

  ta_record_dialog_add_owner (dialog, town_id, link_id, self->funding->link_id, TRUE);
  ta_record_dialog_add_combo (dialog, "programme_id", _("Programme"), (const char * const *) programmes,
                              ta_record_dialogs_find_id (self->programme_ids, self->funding->programme_id));
  ta_record_dialog_add_entry (dialog, "funder", _("Funder (without a programme)"), self->funding->funder);
  ta_record_dialog_add_entry (dialog, "amount_minor", _("Amount"), amount);
  ta_record_dialog_add_entry (dialog, "currency", _("Currency (ISO code, e.g. EUR)"), self->funding->currency);
  ta_record_dialog_add_entry (dialog, "year", _("Year"), year);
  ta_record_dialog_add_entry (dialog, "purpose", _("Paid for (optional)"), self->funding->purpose);

  ta_record_dialog_set_deletable (dialog, self->funding->id > 0);
  ta_record_dialog_revalidate (dialog);

  return self;
}
