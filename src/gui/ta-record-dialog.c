/* ta-record-dialog.c: the frame of the dialogs that add and edit records
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change of a field runs the subclass' validate(): Save is enabled
 * only for a valid form, the field at fault is marked and, once the user
 * has touched the form, the reason is shown above it in words.  Save runs
 * the same check again before the editor writes, so an invalid record is
 * never written, whatever path leads to Save.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-link-details.h"
#include "ta-record-dialog.h"
#include "ta-record-dialogs-private.h"
#include "ta-town-details.h"

typedef struct
{
  /* template widgets */
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *delete_group;

  /* owned */
  TaEditor            *editor;
  GHashTable          *fields;        /* name → row (borrowed: the group owns it) */
  GArray              *owner_links;   /* gint64 link id per owner item, 0: the town alone */
  gint64               owner_town;
  char                *message;

  gboolean             valid;
  gboolean             touched;       /* show messages only once the user has typed */
} TaRecordDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TaRecordDialog, ta_record_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_EDITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Validation */

static void
show_message (TaRecordDialog *self,
              const char     *message)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_free (priv->message);
  priv->message = g_strdup (message);

  if (message != NULL)
    gtk_label_set_label (priv->message_label, message);
  gtk_revealer_set_reveal_child (priv->message_revealer, message != NULL);
}

static void
mark_field (TaRecordDialog *self,
            const char     *invalid_field)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  GHashTableIter iter;
  gpointer name, row;

  g_hash_table_iter_init (&iter, priv->fields);
  while (g_hash_table_iter_next (&iter, &name, &row))
    {
      if (g_strcmp0 (name, invalid_field) == 0)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

void
ta_record_dialog_revalidate (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  const char *invalid_field = NULL;

  g_return_if_fail (TA_IS_RECORD_DIALOG (self));

  priv->valid = TA_RECORD_DIALOG_GET_CLASS (self)->validate (self, &invalid_field, &error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", priv->valid && priv->editor != NULL);

  /* A fresh form is not wrong, only incomplete: mark nothing yet. */
  mark_field (self, priv->touched && !priv->valid ? invalid_field : NULL);
  show_message (self, priv->touched && !priv->valid && error != NULL ? error->message : NULL);
}

static void
on_field_changed_cb (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  priv->touched = TRUE;
  ta_record_dialog_revalidate (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ta_record_dialog_save (TA_RECORD_DIALOG (widget), NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ta_record_dialog_delete (TA_RECORD_DIALOG (widget), NULL);
}

/* GObject */

static gboolean
ta_record_dialog_real_validate (TaRecordDialog  *self,
                                const char     **invalid_field,
                                GError         **error)
{
  return TRUE;
}

static void
ta_record_dialog_dispose (GObject *object)
{
  TaRecordDialog *self = TA_RECORD_DIALOG (object);
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_clear_object (&priv->editor);

  G_OBJECT_CLASS (ta_record_dialog_parent_class)->dispose (object);
}

static void
ta_record_dialog_finalize (GObject *object)
{
  TaRecordDialog *self = TA_RECORD_DIALOG (object);
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_clear_pointer (&priv->fields, g_hash_table_unref);
  g_clear_pointer (&priv->owner_links, g_array_unref);
  g_clear_pointer (&priv->message, g_free);

  G_OBJECT_CLASS (ta_record_dialog_parent_class)->finalize (object);
}

static void
ta_record_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TaRecordDialog *self = TA_RECORD_DIALOG (object);
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_EDITOR:
      g_value_set_object (value, priv->editor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_record_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TaRecordDialog *self = TA_RECORD_DIALOG (object);
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_EDITOR:
      priv->editor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_record_dialog_class_init (TaRecordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_record_dialog_dispose;
  object_class->finalize = ta_record_dialog_finalize;
  object_class->get_property = ta_record_dialog_get_property;
  object_class->set_property = ta_record_dialog_set_property;

  klass->validate = ta_record_dialog_real_validate;

  properties[PROP_EDITOR] =
    g_param_spec_object ("editor", NULL, NULL,
                         TA_TYPE_EDITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaRecordDialog::saved:
   * @id: the id of the record saved
   *
   * The record was written; the dialog closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-record-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, TaRecordDialog, message_revealer);
  gtk_widget_class_bind_template_child_private (widget_class, TaRecordDialog, message_label);
  gtk_widget_class_bind_template_child_private (widget_class, TaRecordDialog, fields_group);
  gtk_widget_class_bind_template_child_private (widget_class, TaRecordDialog, delete_group);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "dialog.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "dialog.save", NULL);
}

static void
ta_record_dialog_init (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  priv->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->owner_links = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
}

/* Public API */

/**
 * ta_record_dialog_get_editor:
 *
 * Returns: (transfer none): the editor the dialog saves through
 */
TaEditor *
ta_record_dialog_get_editor (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), NULL);

  return priv->editor;
}

/**
 * ta_record_dialog_get_db:
 *
 * Returns: (transfer none): the atlas being edited
 */
TaDb *
ta_record_dialog_get_db (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), NULL);

  return priv->editor != NULL ? ta_editor_get_db (priv->editor) : NULL;
}

void
ta_record_dialog_add_field (TaRecordDialog *self,
                            const char     *field,
                            GtkWidget      *row)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_if_fail (TA_IS_RECORD_DIALOG (self));
  g_return_if_fail (field != NULL);
  g_return_if_fail (GTK_IS_WIDGET (row));

  adw_preferences_group_add (priv->fields_group, row);
  g_hash_table_replace (priv->fields, g_strdup (field), row);

  if (GTK_IS_EDITABLE (row))
    g_signal_connect_object (row, "changed", G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  else if (ADW_IS_COMBO_ROW (row))
    g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * ta_record_dialog_add_entry:
 *
 * Returns: (transfer none): a new AdwEntryRow
 */
GtkWidget *
ta_record_dialog_add_entry (TaRecordDialog *self,
                            const char     *field,
                            const char     *title,
                            const char     *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  ta_record_dialog_add_field (self, field, row);

  return row;
}

/**
 * ta_record_dialog_add_combo:
 * @labels: (array zero-terminated=1): the choices
 *
 * Returns: (transfer none): a new AdwComboRow
 */
GtkWidget *
ta_record_dialog_add_combo (TaRecordDialog      *self,
                            const char          *field,
                            const char          *title,
                            const char * const  *labels,
                            guint                selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  ta_record_dialog_add_field (self, field, row);

  return row;
}

/**
 * ta_record_dialog_get_field:
 *
 * Returns: (transfer none) (nullable): the row of @field
 */
GtkWidget *
ta_record_dialog_get_field (TaRecordDialog *self,
                            const char     *field)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), NULL);

  return g_hash_table_lookup (priv->fields, field);
}

char *
ta_record_dialog_get_text (TaRecordDialog *self,
                           const char     *field)
{
  GtkWidget *row = ta_record_dialog_get_field (self, field);

  g_return_val_if_fail (GTK_IS_EDITABLE (row), g_strdup (""));

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

guint
ta_record_dialog_get_selected (TaRecordDialog *self,
                               const char     *field)
{
  GtkWidget *row = ta_record_dialog_get_field (self, field);

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), GTK_INVALID_LIST_POSITION);

  return adw_combo_row_get_selected (ADW_COMBO_ROW (row));
}

static char *
describe_partner (const char *name,
                  const char *country)
{
  /* Translators: a partner town and its country, e.g. "Lyon (France)". */
  return country != NULL ? g_strdup_printf (_("%s (%s)"), name, country) : g_strdup (name);
}

void
ta_record_dialog_add_owner (TaRecordDialog *self,
                            gint64          town_id,
                            gint64          link_id,
                            gint64          selected_link_id,
                            gboolean        allow_town_only)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;
  gint64 none = 0;

  g_return_if_fail (TA_IS_RECORD_DIALOG (self));

  g_array_set_size (priv->owner_links, 0);
  priv->owner_town = 0;

  if (link_id > 0)
    {
      g_autoptr(TaLinkDetails) link = ta_link_details_load (ta_record_dialog_get_db (self), link_id, &error);
      g_autofree char *label = NULL;

      if (link != NULL)
        /* Translators: the two towns of a link, e.g. "Kraków – Nuremberg". */
        label = g_strdup_printf (_("%s – %s"), link->town_a.name, link->town_b.name);
      else
        label = g_strdup (error->message);

      gtk_string_list_append (labels, label);
      g_array_append_val (priv->owner_links, link_id);
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    {
      g_autoptr(TaTownDetails) town = ta_town_details_load (ta_record_dialog_get_db (self), town_id, &error);

      if (town == NULL)
        g_warning ("Cannot list the partners of town %" G_GINT64_FORMAT ": %s", town_id, error->message);

      priv->owner_town = town_id;
      if (allow_town_only && town != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("No partner, only %s"), town->town.name);

          gtk_string_list_append (labels, label);
          g_array_append_val (priv->owner_links, none);
        }

      for (guint i = 0; town != NULL && i < town->partners->len; i++)
        {
          const TaPartner *partner = g_ptr_array_index (town->partners, i);
          g_autofree char *label = describe_partner (partner->partner_name, partner->country_name);

          if (partner->link.id == selected_link_id)
            selected = priv->owner_links->len;
          gtk_string_list_append (labels, label);
          g_array_append_val (priv->owner_links, partner->link.id);
        }
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Partner"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  ta_record_dialog_add_field (self, "link_id", row);
}

void
ta_record_dialog_get_owner (TaRecordDialog *self,
                            gint64         *out_town_id,
                            gint64         *out_link_id)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  guint selected = ta_record_dialog_get_selected (self, "link_id");

  *out_town_id = 0;
  *out_link_id = 0;

  if (selected >= priv->owner_links->len)
    return;

  *out_link_id = g_array_index (priv->owner_links, gint64, selected);
  /* Without a partner, the record is the town's own. */
  if (*out_link_id == 0)
    *out_town_id = priv->owner_town;
}

void
ta_record_dialog_set_deletable (TaRecordDialog *self,
                                gboolean        deletable)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_if_fail (TA_IS_RECORD_DIALOG (self));

  gtk_widget_set_visible (GTK_WIDGET (priv->delete_group),
                          deletable && TA_RECORD_DIALOG_GET_CLASS (self)->delete_record != NULL);
}

gboolean
ta_record_dialog_save (TaRecordDialog  *self,
                       GError         **error)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  g_autoptr(GError) local_error = NULL;
  const char *invalid_field = NULL;
  gint64 id = 0;

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), FALSE);

  priv->touched = TRUE;
  if (priv->editor == NULL)
    {
      g_set_error_literal (&local_error, TA_RECORD_ERROR, TA_RECORD_ERROR_READ_ONLY,
                           _("This atlas cannot be changed"));
    }
  else if (TA_RECORD_DIALOG_GET_CLASS (self)->validate (self, &invalid_field, &local_error) &&
           TA_RECORD_DIALOG_GET_CLASS (self)->save (self, &id, &local_error))
    {
      g_signal_emit (self, signals[SAVED], 0, id);
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }

  mark_field (self, invalid_field);
  show_message (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
ta_record_dialog_delete (TaRecordDialog  *self,
                         GError         **error)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), FALSE);
  g_return_val_if_fail (TA_RECORD_DIALOG_GET_CLASS (self)->delete_record != NULL, FALSE);

  if (priv->editor != NULL && TA_RECORD_DIALOG_GET_CLASS (self)->delete_record (self, &local_error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }

  if (local_error == NULL)
    g_set_error_literal (&local_error, TA_RECORD_ERROR, TA_RECORD_ERROR_READ_ONLY,
                         _("This atlas cannot be changed"));

  show_message (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
ta_record_dialog_get_can_save (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), FALSE);

  return priv->valid && priv->editor != NULL;
}

/**
 * ta_record_dialog_get_message:
 *
 * Returns: (nullable): the message shown above the form
 */
const char *
ta_record_dialog_get_message (TaRecordDialog *self)
{
  TaRecordDialogPrivate *priv = ta_record_dialog_get_instance_private (self);

  g_return_val_if_fail (TA_IS_RECORD_DIALOG (self), NULL);

  return priv->message;
}

/* Helpers of the record dialogs (ta-record-dialogs-private.h) */

gboolean
ta_record_dialogs_fail (const char **invalid_field,
                        const char  *field)
{
  if (invalid_field != NULL)
    *invalid_field = field;

  return FALSE;
}

int
ta_record_dialogs_this_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

GStrv
ta_record_dialogs_vocabulary_labels (TaVocabulary vocabulary)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = ta_vocabulary_get_n_items (vocabulary);

  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, ta_vocabulary_get_label (vocabulary, ta_vocabulary_get_id (vocabulary, i)));

  return g_strv_builder_end (builder);
}

GStrv
ta_record_dialogs_programme_labels (TaDb    *db,
                                    GArray **out_ids)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) programmes = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 none = 0;

  /* Translators: no funding programme. */
  g_strv_builder_add (builder, C_("programme", "None"));
  g_array_append_val (ids, none);

  programmes = ta_programmes_list (db, &error);
  if (programmes == NULL)
    g_warning ("Cannot list the programmes: %s", error->message);

  for (guint i = 0; programmes != NULL && i < programmes->len; i++)
    {
      const TaProgramme *programme = g_ptr_array_index (programmes, i);

      g_strv_builder_add (builder, programme->name);
      g_array_append_val (ids, programme->id);
    }

  *out_ids = ids;
  return g_strv_builder_end (builder);
}

guint
ta_record_dialogs_find_id (GArray *ids,
                           gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;

  return 0;
}
