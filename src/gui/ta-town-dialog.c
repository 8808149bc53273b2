/* ta-town-dialog.c: adding and editing a town
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The position is typed (decimal degrees, "50,06", "50.06 N" and "−3.5"
 * all work) or picked: the dialog steps aside, the next click on the map
 * fills both fields, and the dialog comes back.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-record-dialogs-private.h"
#include "ta-town-dialog.h"
#include "ta-window.h"

struct _TaTownDialog
{
  TaRecordDialog  parent_instance;

  /* borrowed: a field row owns it */
  GtkDropDown    *country_dropdown;

  /* owned */
  TaTownRecord   *town;             /* the record being edited, id 0 when new */
  GPtrArray      *country_codes;    /* char * per country item, NULL: unknown */
  GCancellable   *pick_cancellable;
};

G_DEFINE_FINAL_TYPE (TaTownDialog, ta_town_dialog, TA_TYPE_RECORD_DIALOG)

static gboolean
read_form (TaTownDialog  *self,
           TaTownRecord  *record,
           const char   **invalid_field,
           GError       **error)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  g_autofree char *lat = ta_record_dialog_get_text (dialog, "lat");
  g_autofree char *lon = ta_record_dialog_get_text (dialog, "lon");
  g_autofree char *population = ta_record_dialog_get_text (dialog, "population");
  guint country = gtk_drop_down_get_selected (self->country_dropdown);

  record->id = self->town->id;
  record->region_id = self->town->region_id;
  record->name = ta_record_dialog_get_text (dialog, "name");
  record->name_native = ta_record_dialog_get_text (dialog, "name_native");
  if (*record->name_native == '\0')
    g_clear_pointer (&record->name_native, g_free);
  if (country < self->country_codes->len)
    record->country_code = g_strdup (g_ptr_array_index (self->country_codes, country));

  if (*record->name == '\0')
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, _("Name is required"));
      return ta_record_dialogs_fail (invalid_field, "name");
    }
  if (!ta_parse_coordinate (lat, TRUE, &record->lat, error))
    return ta_record_dialogs_fail (invalid_field, "lat");
  if (!ta_parse_coordinate (lon, FALSE, &record->lon, error))
    return ta_record_dialogs_fail (invalid_field, "lon");
  if (!ta_parse_count (population, _("Population"), &record->population, error))
    return ta_record_dialogs_fail (invalid_field, "population");

  return ta_town_record_validate (record, invalid_field, error);
}

static gboolean
ta_town_dialog_validate (TaRecordDialog  *dialog,
                         const char     **invalid_field,
                         GError         **error)
{
  g_autoptr(TaTownRecord) record = ta_town_record_new ();

  return read_form (TA_TOWN_DIALOG (dialog), record, invalid_field, error);
}

static gboolean
ta_town_dialog_save (TaRecordDialog  *dialog,
                     gint64          *out_id,
                     GError         **error)
{
  g_autoptr(TaTownRecord) record = ta_town_record_new ();

  return read_form (TA_TOWN_DIALOG (dialog), record, NULL, error) &&
         ta_editor_save_town (ta_record_dialog_get_editor (dialog), record, out_id, error);
}

/* Picking the position */

static void
on_location_picked_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TaTownDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean dialog_gone;
  double lat, lon;

  g_assert (TA_IS_TOWN_DIALOG (self));

  if (ta_window_pick_location_finish (TA_WINDOW (source), result, &lat, &lon, &error))
    ta_town_dialog_set_position (self, lat, lon);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Picking a position failed: %s", error->message);

  /* Cancelled by our own dispose: the dialog is being destroyed.  Escape
   * on the map cancels too, and then the dialog comes back unchanged. */
  dialog_gone = g_cancellable_is_cancelled (self->pick_cancellable);
  g_clear_object (&self->pick_cancellable);
  if (!dialog_gone)
    gtk_window_present (GTK_WINDOW (self));
}

static void
on_pick_clicked_cb (TaTownDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!TA_IS_WINDOW (parent) || self->pick_cancellable != NULL)
    return;

  /* Out of the way of the map until the click. */
  self->pick_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  ta_window_pick_location_async (TA_WINDOW (parent), self->pick_cancellable,
                                 on_location_picked_cb, g_object_ref (self));
}

static void
add_pick_row (TaTownDialog *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Pick on Map"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Position"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Click the map to fill in both coordinates"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_pick_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  ta_record_dialog_add_field (TA_RECORD_DIALOG (self), "pick", row);
}

static void
add_country_row (TaTownDialog *self,
                 TaDb         *db)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) countries = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dropdown;
  guint selected = 0;

  self->country_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, C_("country", "Unknown"));
  g_ptr_array_add (self->country_codes, NULL);

  countries = ta_countries_list (db, &error);
  if (countries == NULL)
    g_warning ("Cannot list the countries: %s", error->message);

  for (guint i = 0; countries != NULL && i < countries->len; i++)
    {
      const TaCountry *country = g_ptr_array_index (countries, i);

      if (g_strcmp0 (country->code, self->town->country_code) == 0)
        selected = self->country_codes->len;
      gtk_string_list_append (labels, country->name);
      g_ptr_array_add (self->country_codes, g_strdup (country->code));
    }

  /* Two hundred countries: the list can be searched by typing. */
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown), TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  self->country_dropdown = GTK_DROP_DOWN (dropdown);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Country"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), dropdown);
  ta_record_dialog_add_field (TA_RECORD_DIALOG (self), "country_code", row);
  g_signal_connect_object (dropdown, "notify::selected",
                           G_CALLBACK (ta_record_dialog_revalidate), self, G_CONNECT_SWAPPED);
}

/* GObject */

static void
ta_town_dialog_dispose (GObject *object)
{
  TaTownDialog *self = TA_TOWN_DIALOG (object);

  g_cancellable_cancel (self->pick_cancellable);

  G_OBJECT_CLASS (ta_town_dialog_parent_class)->dispose (object);
}

static void
ta_town_dialog_finalize (GObject *object)
{
  TaTownDialog *self = TA_TOWN_DIALOG (object);

  g_clear_pointer (&self->town, ta_town_record_free);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  g_clear_object (&self->pick_cancellable);

  G_OBJECT_CLASS (ta_town_dialog_parent_class)->finalize (object);
}

static void
ta_town_dialog_class_init (TaTownDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TaRecordDialogClass *dialog_class = TA_RECORD_DIALOG_CLASS (klass);

  object_class->dispose = ta_town_dialog_dispose;
  object_class->finalize = ta_town_dialog_finalize;

  dialog_class->validate = ta_town_dialog_validate;
  dialog_class->save = ta_town_dialog_save;
}

static void
ta_town_dialog_init (TaTownDialog *self)
{
}

/* Public API */

TaTownDialog *
ta_town_dialog_new (GtkWindow          *parent,
                    TaEditor           *editor,
                    const TaTownRecord *town)
{
  TaTownDialog *self;
  TaRecordDialog *dialog;
  g_autofree char *population = NULL;

  g_return_val_if_fail (TA_IS_EDITOR (editor), NULL);

  self = g_object_new (TA_TYPE_TOWN_DIALOG,
                       "editor", editor,
                       "transient-for", parent,
                       "title", town != NULL ? _("Edit Town") : _("Add Town"),
                       NULL);
  dialog = TA_RECORD_DIALOG (self);
  self->town = town != NULL ? ta_town_record_copy (town) : ta_town_record_new ();

  if (self->town->population >= 0)
    population = g_strdup_printf ("%" G_GINT64_FORMAT, self->town->population);

  ta_record_dialog_add_entry (dialog, "name", _("Name"), self->town->name);
  ta_record_dialog_add_entry (dialog, "name_native", _("Native name (optional)"), self->town->name_native);
  add_country_row (self, ta_editor_get_db (editor));
  ta_record_dialog_add_entry (dialog, "lat", _("Latitude (°, south negative)"), NULL);
  ta_record_dialog_add_entry (dialog, "lon", _("Longitude (°, west negative)"), NULL);
  if (TA_IS_WINDOW (parent))
    add_pick_row (self);
  ta_record_dialog_add_entry (dialog, "population", _("Population (optional)"), population);

  /* The stored values exactly: a rounded text would move the town on any
   * save. */
  if (town != NULL)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      char lon[G_ASCII_DTOSTR_BUF_SIZE];

      gtk_editable_set_text (GTK_EDITABLE (ta_record_dialog_get_field (dialog, "lat")),
                             g_ascii_dtostr (lat, sizeof lat, town->lat));
      gtk_editable_set_text (GTK_EDITABLE (ta_record_dialog_get_field (dialog, "lon")),
                             g_ascii_dtostr (lon, sizeof lon, town->lon));
    }

  ta_record_dialog_revalidate (dialog);

  return self;
}

void
ta_town_dialog_set_position (TaTownDialog *self,
                             double        lat,
                             double        lon)
{
  TaRecordDialog *dialog = TA_RECORD_DIALOG (self);
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (TA_IS_TOWN_DIALOG (self));

  /* Five decimals are about a metre: more than a click can mean. */
  g_ascii_formatd (lat_text, sizeof lat_text, "%.5f", lat);
  g_ascii_formatd (lon_text, sizeof lon_text, "%.5f", lon);

  gtk_editable_set_text (GTK_EDITABLE (ta_record_dialog_get_field (dialog, "lat")), lat_text);
  gtk_editable_set_text (GTK_EDITABLE (ta_record_dialog_get_field (dialog, "lon")), lon_text);
}
