/* ta-import-dialog.c: the preview and column mapping of a file import, and data export
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog reads the file into a TaImportPlan, which writes nothing, and
 * shows what committing it would do.  Every change of the record type or
 * of a column's field reads the file again into a new plan.  The file is
 * read in the main thread: the plan matches towns through the window's
 * TaDb, whose SQLite connection must not be used by two threads at once,
 * and the files users import are small.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ta-exporter.h"
#include "ta-import-dialog.h"
#include "ta-importer.h"

/* Rejected rows listed one by one; the count says how many there are. */
#define MAX_LISTED_REJECTIONS 200

struct _TaImportDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkWidget           *import_button;
  AdwPreferencesGroup *file_group;
  AdwComboRow         *record_type_row;
  AdwActionRow        *error_row;
  AdwPreferencesGroup *mapping_group;
  AdwPreferencesGroup *preview_group;
  GtkLabel            *rows_read_label;
  GtkLabel            *towns_matched_label;
  GtkLabel            *towns_created_label;
  GtkLabel            *towns_ambiguous_label;
  GtkLabel            *links_added_label;
  GtkLabel            *records_added_label;
  GtkLabel            *rows_rejected_label;
  AdwPreferencesGroup *ambiguity_group;
  AdwPreferencesGroup *rejection_group;
  GtkSwitch           *skip_rejected_switch;

  /* Owned references */
  TaDb                *db;
  char                *path;
  GStrv                header;        /* CSV files only */
  TaImportMapping     *mapping;       /* CSV files only */
  TaImporter          *importer;      /* NULL until a file is read */
  GPtrArray           *mapping_rows;  /* rows added to mapping_group */
  GPtrArray           *ambiguity_rows;
  GPtrArray           *rejection_rows;

  gboolean             is_csv;
  gboolean             updating;      /* rows are being filled: ignore their signals */
};

G_DEFINE_FINAL_TYPE (TaImportDialog, ta_import_dialog, ADW_TYPE_WINDOW)

enum
{
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  TaImportRecordType  type;
  const char         *label;
} record_types[] = {
  { TA_IMPORT_RECORD_TOWNS, N_("Towns") },
  { TA_IMPORT_RECORD_LINKS, N_("Links") },
  { TA_IMPORT_RECORD_EXCHANGES, N_("Exchanges") },
  { TA_IMPORT_RECORD_FUNDING, N_("Funding") },
  { TA_IMPORT_RECORD_EVENTS, N_("Events") },
  { TA_IMPORT_RECORD_PROGRAMMES, N_("Programmes") },
  { TA_IMPORT_RECORD_SOURCES, N_("Sources") },
};

static gboolean reread_plan (TaImportDialog  *self,
                             GError         **error);

/* Helpers */

static TaImportPlan *
get_plan (TaImportDialog *self)
{
  return self->importer != NULL ? ta_importer_get_plan (self->importer) : NULL;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* Rows show text from the file: never parse it as markup. */
static GtkWidget *
plain_row_new (GType       type,
               const char *title,
               const char *subtitle)
{
  GtkWidget *row = g_object_new (type, "use-markup", FALSE, "title", title, NULL);

  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (label, text);
}

static void
show_error (TaImportDialog *self,
            const GError   *error)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error != NULL);
  adw_action_row_set_subtitle (self->error_row, error != NULL ? error->message : "");
}

static gboolean
is_json_file_name (const char *name)
{
  g_autofree char *folded = g_ascii_strdown (name, -1);

  return g_str_has_suffix (folded, ".json") || g_str_has_suffix (folded, ".geojson");
}

/* The counts, the reason the plan cannot be committed and the import action. */
static void
update_preview (TaImportDialog *self)
{
  TaImportPlan *plan = get_plan (self);
  TaImportCounts counts = { 0 };
  g_autoptr(GError) why = NULL;
  gboolean can_commit = FALSE;

  if (plan != NULL)
    {
      ta_import_plan_get_counts (plan, &counts);
      can_commit = ta_import_plan_can_commit (plan, &why);
    }

  set_count (self->rows_read_label, counts.rows_read);
  set_count (self->towns_matched_label, counts.towns_matched);
  set_count (self->towns_created_label, counts.towns_created);
  set_count (self->towns_ambiguous_label, counts.towns_ambiguous);
  set_count (self->links_added_label, counts.links_added);
  set_count (self->records_added_label,
             counts.exchanges_added + counts.funding_added + counts.events_added
             + counts.programmes_added + counts.sources_added);
  set_count (self->rows_rejected_label, counts.rows_rejected);

  adw_preferences_group_set_description (self->preview_group, why != NULL ? why->message : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit", can_commit);
}

/* Column mapping */

static void
update_mapping_selection (TaImportDialog *self)
{
  TaImportRecordType type = ta_import_mapping_get_record_type (self->mapping);
  guint n_fields = 0;
  const TaImportField *fields = ta_import_get_fields (type, &n_fields);

  self->updating = TRUE;
  for (guint column = 0; column < self->mapping_rows->len; column++)
    {
      AdwComboRow *row = g_ptr_array_index (self->mapping_rows, column);
      const char *field = ta_import_mapping_get_field (self->mapping, column);
      guint selected = 0;

      for (guint i = 0; field != NULL && i < n_fields; i++)
        if (g_strcmp0 (fields[i].name, field) == 0)
          selected = i + 1;

      adw_combo_row_set_selected (row, selected);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   selected > 0 ? _(fields[selected - 1].description)
                                                : _("Not imported"));
    }
  self->updating = FALSE;
}

static void
on_mapping_selected_cb (AdwComboRow    *row,
                        GParamSpec     *pspec,
                        TaImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ta-column"));
  guint selected = adw_combo_row_get_selected (row);
  TaImportRecordType type;
  const TaImportField *fields;
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  type = ta_import_mapping_get_record_type (self->mapping);
  fields = ta_import_get_fields (type, NULL);
  if (!ta_import_mapping_set_field (self->mapping, column,
                                    selected > 0 ? fields[selected - 1].name : NULL, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));

  /* A column that had the field has lost it. */
  update_mapping_selection (self);
  reread_plan (self, NULL);
}

static void
rebuild_mapping_rows (TaImportDialog *self)
{
  TaImportRecordType type = ta_import_mapping_get_record_type (self->mapping);
  guint n_fields = 0;
  const TaImportField *fields = ta_import_get_fields (type, &n_fields);

  clear_rows (self->mapping_group, self->mapping_rows);

  for (guint column = 0; self->header[column] != NULL; column++)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      g_autofree char *title = NULL;
      GtkWidget *row;

      gtk_string_list_append (model, _("Not imported"));
      for (guint i = 0; i < n_fields; i++)
        gtk_string_list_append (model, fields[i].name);

      if (*self->header[column] == '\0')
        title = g_strdup_printf (_("Column %u"), column + 1);
      else
        title = g_strdup (self->header[column]);

      row = plain_row_new (ADW_TYPE_COMBO_ROW, title, NULL);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      g_object_set_data (G_OBJECT (row), "ta-column", GUINT_TO_POINTER (column));
      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->mapping_rows, row);
    }

  update_mapping_selection (self);
  for (guint column = 0; column < self->mapping_rows->len; column++)
    g_signal_connect (g_ptr_array_index (self->mapping_rows, column), "notify::selected",
                      G_CALLBACK (on_mapping_selected_cb), self);
}

static void
on_record_type_selected_cb (TaImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->record_type_row);

  if (self->updating || self->header == NULL || selected >= G_N_ELEMENTS (record_types))
    return;

  g_clear_object (&self->mapping);
  self->mapping = ta_import_mapping_new (record_types[selected].type,
                                         (const char * const *) self->header);
  rebuild_mapping_rows (self);
  reread_plan (self, NULL);
}

/* Ambiguous towns */

static char *
candidate_label (const TaImportCandidate *candidate)
{
  const char *country = candidate->country != NULL ? candidate->country : "?";

  if (isnan (candidate->distance_km))
    return g_strdup_printf ("%s (%s)", candidate->name, country);

  /* TRANSLATORS: a town, its country code and its distance from the point the file gives */
  return g_strdup_printf (_("%s (%s), %.0f km away"), candidate->name, country, candidate->distance_km);
}

static int
choice_for_selected (const TaImportAmbiguity *ambiguity,
                     guint                    selected)
{
  if (selected == 0)
    return TA_IMPORT_CHOICE_UNDECIDED;
  if (selected <= ambiguity->n_candidates)
    return selected - 1;
  if (ambiguity->has_point && selected == ambiguity->n_candidates + 1)
    return TA_IMPORT_CHOICE_CREATE;
  return TA_IMPORT_CHOICE_SKIP;
}

static void
on_ambiguity_selected_cb (AdwComboRow    *row,
                          GParamSpec     *pspec,
                          TaImportDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ta-ambiguity"));
  TaImportPlan *plan = get_plan (self);
  const TaImportAmbiguity *ambiguity;
  g_autoptr(GError) error = NULL;

  if (self->updating || plan == NULL)
    return;

  ambiguity = ta_import_plan_get_ambiguity (plan, index);
  if (!ta_import_plan_resolve (plan, index,
                               choice_for_selected (ambiguity, adw_combo_row_get_selected (row)),
                               &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      self->updating = TRUE;
      adw_combo_row_set_selected (row, 0);
      self->updating = FALSE;
      ta_import_plan_resolve (plan, index, TA_IMPORT_CHOICE_UNDECIDED, NULL);
    }

  update_preview (self);
}

static void
rebuild_ambiguity_rows (TaImportDialog *self)
{
  TaImportPlan *plan = get_plan (self);
  guint n = plan != NULL ? ta_import_plan_get_n_ambiguities (plan) : 0;

  clear_rows (self->ambiguity_group, self->ambiguity_rows);

  for (guint i = 0; i < n; i++)
    {
      const TaImportAmbiguity *ambiguity = ta_import_plan_get_ambiguity (plan, i);
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      gtk_string_list_append (model, _("Undecided"));
      for (guint c = 0; c < ambiguity->n_candidates; c++)
        {
          g_autofree char *label = candidate_label (&ambiguity->candidates[c]);

          gtk_string_list_append (model, label);
        }
      if (ambiguity->has_point)
        gtk_string_list_append (model, _("Create a new town"));
      gtk_string_list_append (model, _("Skip its rows"));

      title = ambiguity->country != NULL ? g_strdup_printf ("%s (%s)", ambiguity->name, ambiguity->country)
                                         : g_strdup (ambiguity->name);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Line %u, named in %u row",
                                               "Line %u, named in %u rows", ambiguity->n_rows),
                                  ambiguity->line, ambiguity->n_rows);
      row = plain_row_new (ADW_TYPE_COMBO_ROW, title, subtitle);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      g_object_set_data (G_OBJECT (row), "ta-ambiguity", GUINT_TO_POINTER (i));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_ambiguity_selected_cb), self);
      adw_preferences_group_add (self->ambiguity_group, row);
      g_ptr_array_add (self->ambiguity_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->ambiguity_group), n > 0);
}

/* Rejected rows */

static char *
rejection_place (const TaImportRejection *rejection)
{
  if (rejection->record != NULL && rejection->field != NULL)
    return g_strdup_printf (_("%s, field “%s”"), rejection->record, rejection->field);
  if (rejection->record != NULL)
    return g_strdup (rejection->record);
  if (rejection->line > 0 && rejection->field != NULL)
    return g_strdup_printf (_("Line %u, column “%s”"), rejection->line, rejection->field);
  if (rejection->line > 0)
    return g_strdup_printf (_("Line %u"), rejection->line);
  return g_strdup (rejection->file);
}

static void
rebuild_rejection_rows (TaImportDialog *self)
{
  TaImportPlan *plan = get_plan (self);
  guint n = plan != NULL ? ta_import_plan_get_n_rejections (plan) : 0;

  clear_rows (self->rejection_group, self->rejection_rows);

  for (guint i = 0; i < MIN (n, MAX_LISTED_REJECTIONS); i++)
    {
      const TaImportRejection *rejection = ta_import_plan_get_rejection (plan, i);
      g_autofree char *place = rejection_place (rejection);
      GtkWidget *row = plain_row_new (ADW_TYPE_ACTION_ROW, rejection->reason, place);

      adw_preferences_group_add (self->rejection_group, row);
      g_ptr_array_add (self->rejection_rows, row);
    }

  if (n > MAX_LISTED_REJECTIONS)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more row",
                                                             "and %u more rows", n - MAX_LISTED_REJECTIONS),
                                                n - MAX_LISTED_REJECTIONS);
      GtkWidget *row = plain_row_new (ADW_TYPE_ACTION_ROW, title, NULL);

      adw_preferences_group_add (self->rejection_group, row);
      g_ptr_array_add (self->rejection_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->rejection_group), n > 0);
}

/* Reading */

/* A new plan from the file as the record type and mapping now say;
 * FALSE (and the dialog shows why) when the file cannot be read so. */
static gboolean
reread_plan (TaImportDialog  *self,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  TaImportFormat format = self->is_csv ? TA_IMPORT_FORMAT_CSV : TA_IMPORT_FORMAT_AUTO;
  TaImportRecordType type = self->mapping != NULL ? ta_import_mapping_get_record_type (self->mapping)
                                                  : TA_IMPORT_RECORD_AUTO;

  g_clear_object (&self->importer);
  self->importer = ta_importer_new (self->db);
  ta_importer_add_file (self->importer, self->path, format, type, self->mapping, &local_error);
  show_error (self, local_error);
  ta_import_plan_set_skip_rejected (get_plan (self), gtk_switch_get_active (self->skip_rejected_switch));

  rebuild_ambiguity_rows (self);
  rebuild_rejection_rows (self);
  update_preview (self);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Callbacks and actions */

static void
on_skip_rejected_cb (TaImportDialog *self)
{
  TaImportPlan *plan = get_plan (self);

  if (plan == NULL)
    return;

  ta_import_plan_set_skip_rejected (plan, gtk_switch_get_active (self->skip_rejected_switch));
  update_preview (self);
}

static char *
describe_import (const TaImportCounts *counts)
{
  guint records = counts->exchanges_added + counts->funding_added + counts->events_added
                  + counts->programmes_added + counts->sources_added;

  /* TRANSLATORS: the toast after an import: new towns, new links, other new records */
  return g_strdup_printf (_("Imported: new towns %u, links %u, other records %u"),
                          counts->towns_created, counts->links_added, records);
}

static void
commit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaImportDialog *self = TA_IMPORT_DIALOG (widget);
  TaImportPlan *plan = get_plan (self);
  TaImportCounts counts;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (plan == NULL)
    return;

  ta_import_plan_get_counts (plan, &counts);
  if (!ta_import_plan_commit (plan, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Nothing was imported: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
      update_preview (self);
      return;
    }

  message = describe_import (&counts);
  g_signal_emit (self, signals[IMPORTED], 0, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static void
ta_import_dialog_dispose (GObject *object)
{
  TaImportDialog *self = TA_IMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->importer);
  g_clear_object (&self->mapping);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ta_import_dialog_parent_class)->dispose (object);
}

static void
ta_import_dialog_finalize (GObject *object)
{
  TaImportDialog *self = TA_IMPORT_DIALOG (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->ambiguity_rows, g_ptr_array_unref);
  g_clear_pointer (&self->rejection_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ta_import_dialog_parent_class)->finalize (object);
}

static void
ta_import_dialog_class_init (TaImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_import_dialog_dispose;
  object_class->finalize = ta_import_dialog_finalize;

  /**
   * TaImportDialog::imported:
   * @message: a translated summary of what was imported
   *
   * The plan was committed: the atlas has changed.
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/twinatlas/TwinAtlas/ta-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, file_group);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, record_type_row);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, error_row);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, rows_read_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, towns_matched_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, towns_created_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, towns_ambiguous_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, links_added_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, records_added_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, rows_rejected_label);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, ambiguity_group);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, rejection_group);
  gtk_widget_class_bind_template_child (widget_class, TaImportDialog, skip_rejected_switch);

  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ta_import_dialog_init (TaImportDialog *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->mapping_rows = g_ptr_array_new ();
  self->ambiguity_rows = g_ptr_array_new ();
  self->rejection_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (record_types); i++)
    gtk_string_list_append (types, _(record_types[i].label));
  adw_combo_row_set_model (self->record_type_row, G_LIST_MODEL (types));

  g_signal_connect_swapped (self->record_type_row, "notify::selected",
                            G_CALLBACK (on_record_type_selected_cb), self);
  g_signal_connect_swapped (self->skip_rejected_switch, "notify::active",
                            G_CALLBACK (on_skip_rejected_cb), self);

  gtk_widget_set_visible (GTK_WIDGET (self->ambiguity_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->rejection_group), FALSE);
  update_preview (self);
}

/* Public API */

TaImportDialog *
ta_import_dialog_new (GtkWindow *parent,
                      TaDb      *db)
{
  TaImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (db != NULL, NULL);

  self = g_object_new (TA_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->db = g_object_ref (db);

  return self;
}

gboolean
ta_import_dialog_load_file (TaImportDialog *self,
                            const char     *path,
                            GError        **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  TaImportRecordType type;

  g_return_val_if_fail (TA_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_clear_object (&self->importer);
  g_clear_object (&self->mapping);
  g_clear_pointer (&self->header, g_strfreev);
  g_free (self->path);
  self->path = g_strdup (path);
  clear_rows (self->mapping_group, self->mapping_rows);

  name = g_path_get_basename (path);
  adw_preferences_group_set_title (self->file_group, name);
  self->is_csv = !is_json_file_name (name);
  gtk_widget_set_visible (GTK_WIDGET (self->record_type_row), self->is_csv);
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_group), self->is_csv);

  if (self->is_csv)
    {
      g_autoptr(TaImporter) header_reader = ta_importer_new (self->db);

      self->header = ta_importer_read_csv_header (header_reader, path, &local_error);
      if (self->header == NULL)
        {
          show_error (self, local_error);
          gtk_widget_set_visible (GTK_WIDGET (self->mapping_group), FALSE);
          rebuild_ambiguity_rows (self);
          rebuild_rejection_rows (self);
          update_preview (self);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      type = ta_import_guess_record_type ((const char * const *) self->header, name);
      if (type == TA_IMPORT_RECORD_AUTO)
        type = TA_IMPORT_RECORD_LINKS;
      self->mapping = ta_import_mapping_new (type, (const char * const *) self->header);

      self->updating = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (record_types); i++)
        if (record_types[i].type == type)
          adw_combo_row_set_selected (self->record_type_row, i);
      self->updating = FALSE;
      rebuild_mapping_rows (self);
    }

  return reread_plan (self, error);
}

/* Export */

gboolean
ta_export_data_write (TaDb        *db,
                      TaFilter    *filter,
                      const char  *format,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GArray) link_ids = NULL;
  TaExportTable table;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (format != NULL && path != NULL, FALSE);

  if (filter != NULL)
    {
      link_ids = ta_filter_select_links (filter, db, error);
      if (link_ids == NULL)
        return FALSE;
    }

  if (g_strcmp0 (format, "geojson") == 0)
    return ta_export_geojson (db, link_ids, path, error);

  if (!ta_export_table_from_string (format, &table))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an export format"), format);
      return FALSE;
    }

  return ta_export_csv (db, table, link_ids, path, error);
}

typedef struct
{
  GtkWindow        *parent;
  TaDb             *db;
  TaFilter         *filter;       /* or NULL */
  TaDataDoneFunc  done;
  gpointer          user_data;
} DataRequest;

static void
data_request_free (DataRequest *request)
{
  g_clear_object (&request->parent);
  g_clear_object (&request->db);
  g_clear_object (&request->filter);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DataRequest, data_request_free)

static DataRequest *
data_request_new (GtkWindow        *parent,
                  TaDb             *db,
                  TaFilter         *filter,
                  TaDataDoneFunc  done,
                  gpointer          user_data)
{
  DataRequest *request = g_new0 (DataRequest, 1);

  request->parent = parent != NULL ? g_object_ref (parent) : NULL;
  request->db = g_object_ref (db);
  request->filter = filter != NULL ? g_object_ref (filter) : NULL;
  request->done = done;
  request->user_data = user_data;

  return request;
}

static void
show_export_error (GtkWindow    *parent,
                   const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Export Failed"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       gpointer         user_data)
{
  g_autoptr(DataRequest) request = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *format;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "format");
  if (path != NULL)
    {
      if (!ta_export_data_write (request->db, request->filter, format != NULL ? format : "geojson",
                                 path, &error))
        show_export_error (request->parent, error);
      else if (request->done != NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), name);

          request->done (message, request->user_data);
        }
    }

  g_object_unref (native);
}

void
ta_export_data_run (GtkWindow        *parent,
                    TaDb             *db,
                    TaFilter         *filter,
                    TaDataDoneFunc  done,
                    gpointer          user_data)
{
  const char *ids[TA_EXPORT_N_TABLES + 2] = { "geojson", NULL };
  const char *labels[TA_EXPORT_N_TABLES + 2] = { NULL };
  /* The table names, for translators; ids are ta_export_table_to_string(). */
  const char *table_labels[TA_EXPORT_N_TABLES] = {
    N_("CSV: towns"), N_("CSV: links"), N_("CSV: exchanges"), N_("CSV: funding"),
    N_("CSV: events"), N_("CSV: programmes"), N_("CSV: sources"),
  };
  GtkFileChooserNative *native;

  g_return_if_fail (db != NULL);

  labels[0] = _("GeoJSON: towns and links");
  for (guint i = 0; i < TA_EXPORT_N_TABLES; i++)
    {
      ids[i + 1] = ta_export_table_to_string (i);
      labels[i + 1] = _(table_labels[i]);
    }

  native = gtk_file_chooser_native_new (_("Export Data"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "format", "geojson");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "twin-atlas.geojson");
  g_signal_connect (native, "response", G_CALLBACK (on_export_response_cb),
                    data_request_new (parent, db, filter, done, user_data));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_imported_cb (TaImportDialog *dialog,
                const char     *message,
                gpointer        user_data)
{
  DataRequest *request = user_data;

  if (request->done != NULL)
    request->done (message, request->user_data);
}

static void
on_import_response_cb (GtkNativeDialog *native,
                       int              response,
                       gpointer         user_data)
{
  DataRequest *request = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  TaImportDialog *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }
  g_object_unref (native);

  if (path == NULL)
    {
      data_request_free (request);
      return;
    }

  /* The dialog shows why a file cannot be read: no need for the error here. */
  dialog = ta_import_dialog_new (request->parent, request->db);
  ta_import_dialog_load_file (dialog, path, NULL);
  g_signal_connect_data (dialog, "imported", G_CALLBACK (on_imported_cb), request,
                         (GClosureNotify) (void (*) (void)) data_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

void
ta_import_dialog_run (GtkWindow        *parent,
                      TaDb             *db,
                      TaDataDoneFunc  done,
                      gpointer          user_data)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (db != NULL);

  native = gtk_file_chooser_native_new (_("Import Data"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (all, _("CSV and GeoJSON files"));
  gtk_file_filter_add_pattern (all, "*.[cC][sS][vV]");
  gtk_file_filter_add_pattern (all, "*.[tT][sS][vV]");
  gtk_file_filter_add_pattern (all, "*.[gG][eE][oO][jJ][sS][oO][nN]");
  gtk_file_filter_add_pattern (all, "*.[jJ][sS][oO][nN]");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  add_filter (GTK_FILE_CHOOSER (native), _("CSV files"), "*.[cC][sS][vV]", "text/csv");
  add_filter (GTK_FILE_CHOOSER (native), _("GeoJSON files"), "*.[gG][eE][oO][jJ][sS][oO][nN]",
              "application/geo+json");
  g_signal_connect (native, "response", G_CALLBACK (on_import_response_cb),
                    data_request_new (parent, db, NULL, done, user_data));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
