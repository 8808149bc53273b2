/* ta-print-dialog.c: what to print or export: region, title, paper, resolution
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown before GTK's print dialog or the file chooser.  Print takes its
 * paper from the print dialog; Export and the atlas report choose it here.
 * Writing runs in a worker thread while the dialog shows a progress bar
 * with Cancel; the core writes through a temporary file, so a cancelled
 * export leaves nothing at the target.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "ta-print-dialog.h"
#include "ta-projection.h"

struct _TaPrintDialog
{
  AdwWindow          parent_instance;

  /* widgets */
  GtkStack          *stack;
  GtkWidget         *primary_button;
  AdwComboRow       *kind_row;
  AdwComboRow       *country_row;
  AdwComboRow       *region_row;
  AdwEntryRow       *title_row;
  GtkWidget         *table_row;
  GtkSwitch         *table_switch;
  GtkWidget         *page_group;
  AdwComboRow       *paper_row;
  AdwComboRow       *orientation_row;
  AdwComboRow       *dpi_row;
  AdwStatusPage     *progress_page;
  GtkProgressBar    *progress_bar;

  /* borrowed */
  GtkWindow         *parent;

  /* owned */
  TaPrintSource      source;        /* db, basemap, network, filter, page setup referenced */
  GPtrArray         *country_codes;
  GPtrArray         *region_codes;
  GCancellable      *cancellable;
  guint              pulse_id;

  TaPrintDialogMode  mode;
  gboolean           disposed;      /* closed while writing */
};

G_DEFINE_FINAL_TYPE (TaPrintDialog, ta_print_dialog, ADW_TYPE_WINDOW)

static const char *paper_names[] = { GTK_PAPER_NAME_A4, GTK_PAPER_NAME_A3, GTK_PAPER_NAME_LETTER };
static const TaPaperSize paper_sizes[] = { TA_PAPER_A4, TA_PAPER_A3, TA_PAPER_LETTER };
static const double dpi_values[] = { 96, 150, 300 };

/* Lists from the atlas */

/* The country name column in the user's language, as the core names
 * countries on the page. */
static const char *
country_name_column (void)
{
  const char * const *langs = g_get_language_names ();

  for (guint i = 0; langs[i] != NULL; i++)
    {
      if (g_str_has_prefix (langs[i], "pl"))
        return "name_pl";
      if (g_str_has_prefix (langs[i], "de"))
        return "name_de";
      if (g_str_has_prefix (langs[i], "en"))
        break;
    }
  return "name_en";
}

/* Fills @names and @codes from a statement whose columns are code, name. */
static void
fill_list (TaDb          *db,
           sqlite3_stmt  *stmt,
           GtkStringList *names,
           GPtrArray     *codes)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      gtk_string_list_append (names, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      g_autoptr(GError) error = NULL;

      ta_db_set_error_from_sqlite (db, &error, "print regions");
      g_warning ("%s", error->message);
    }
  sqlite3_finalize (stmt);
}

static void
load_countries (TaPrintDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  /* A report needs regions with ISO codes; a map needs towns. */
  sql = g_strdup_printf ("SELECT c.code, coalesce (c.%s, c.name_en) AS name FROM country c WHERE %s "
                         "ORDER BY name",
                         country_name_column (),
                         self->mode == TA_PRINT_DIALOG_REPORT
                         ? "EXISTS (SELECT 1 FROM region r WHERE r.country_code = c.code AND r.iso_code IS NOT NULL "
                           "AND EXISTS (SELECT 1 FROM town t WHERE t.region_id = r.id))"
                         : "EXISTS (SELECT 1 FROM town t WHERE t.country_code = c.code)");
  g_ptr_array_set_size (self->country_codes, 0);
  if ((stmt = ta_db_prepare (self->source.db, sql, &error)) == NULL)
    g_warning ("%s", error->message);
  else
    fill_list (self->source.db, stmt, names, self->country_codes);
  adw_combo_row_set_model (self->country_row, G_LIST_MODEL (names));
}

static const char *
selected_code (AdwComboRow *row,
               GPtrArray   *codes)
{
  guint i = adw_combo_row_get_selected (row);

  return i < codes->len ? g_ptr_array_index (codes, i) : NULL;
}

static void
load_regions (TaPrintDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *country = selected_code (self->country_row, self->country_codes);
  sqlite3_stmt *stmt;

  g_ptr_array_set_size (self->region_codes, 0);
  if (country != NULL)
    {
      stmt = ta_db_prepare (self->source.db,
                            "SELECT r.iso_code, r.name FROM region r WHERE r.country_code = ? "
                            "AND r.iso_code IS NOT NULL AND EXISTS (SELECT 1 FROM town t WHERE t.region_id = r.id) "
                            "ORDER BY r.name COLLATE NOCASE", &error);
      if (stmt == NULL)
        g_warning ("%s", error->message);
      else
        {
          sqlite3_bind_text (stmt, 1, country, -1, SQLITE_TRANSIENT);
          fill_list (self->source.db, stmt, names, self->region_codes);
        }
    }
  adw_combo_row_set_model (self->region_row, G_LIST_MODEL (names));
}

static gboolean
select_code (AdwComboRow *row,
             GPtrArray   *codes,
             const char  *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (codes, i), code) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

/* The area of every town the filter's links join. */
static gboolean
selection_area (TaPrintDialog  *self,
                TaPrintArea    *area,
                GError        **error)
{
  g_autoptr(TaFilter) all = ta_filter_new ();
  g_autoptr(GArray) ids = NULL;
  double x0 = 1, x1 = 0, y0 = 1, y1 = 0;

  ids = ta_filter_select_links (self->source.filter != NULL ? self->source.filter : all, self->source.db, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      int index = ta_network_find_link (self->source.network, g_array_index (ids, gint64, i));
      const TaNetworkLink *link;
      guint ends[2];

      if (index < 0)
        continue;
      link = ta_network_get_link (self->source.network, (guint) index);
      ends[0] = link->town_a;
      ends[1] = link->town_b;
      for (guint e = 0; e < 2; e++)
        {
          const TaNetworkTown *town = ta_network_get_town (self->source.network, ends[e]);

          x0 = MIN (x0, town->x);
          x1 = MAX (x1, town->x);
          y0 = MIN (y0, town->y);
          y1 = MAX (y1, town->y);
        }
    }
  if (x1 < x0)
    {
      g_set_error_literal (error, TA_PRINT_ERROR, TA_PRINT_ERROR_EMPTY, _("The filter selects no partnerships"));
      return FALSE;
    }
  area->west = ta_projection_unit_x_to_lon (x0);
  area->east = ta_projection_unit_x_to_lon (x1);
  area->north = ta_projection_unit_y_to_lat (y0);
  area->south = ta_projection_unit_y_to_lat (y1);
  return TRUE;
}

/* Rows shown for the chosen kind and mode */

static void
update_rows (TaPrintDialog *self)
{
  TaPrintRegionKind kind = ta_print_dialog_get_region_kind (self);
  gboolean report = self->mode == TA_PRINT_DIALOG_REPORT;

  gtk_widget_set_visible (GTK_WIDGET (self->kind_row), !report);
  gtk_widget_set_visible (GTK_WIDGET (self->country_row),
                          report || kind == TA_PRINT_REGION_COUNTRY || kind == TA_PRINT_REGION_ADMIN1);
  gtk_widget_set_visible (GTK_WIDGET (self->region_row), !report && kind == TA_PRINT_REGION_ADMIN1);
}

static void
on_kind_selected_cb (TaPrintDialog *self)
{
  update_rows (self);
}

static void
on_country_selected_cb (TaPrintDialog *self)
{
  load_regions (self);
}

/* Settings to page and source */

static void
get_page (TaPrintDialog *self,
          TaPrintPage   *page)
{
  guint paper = MIN (adw_combo_row_get_selected (self->paper_row), G_N_ELEMENTS (paper_sizes) - 1);

  ta_print_page_init (page, paper_sizes[paper], adw_combo_row_get_selected (self->orientation_row) == 1);
}

static void
keep_page_setup (TaPrintDialog *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  guint paper = MIN (adw_combo_row_get_selected (self->paper_row), G_N_ELEMENTS (paper_names) - 1);
  GtkPaperSize *size = gtk_paper_size_new (paper_names[paper]);

  gtk_page_setup_set_paper_size_and_default_margins (setup, size);
  gtk_paper_size_free (size);
  gtk_page_setup_set_orientation (setup, adw_combo_row_get_selected (self->orientation_row) == 1
                                         ? GTK_PAGE_ORIENTATION_LANDSCAPE : GTK_PAGE_ORIENTATION_PORTRAIT);
  if (self->parent != NULL)
    ta_print_set_page_setup (self->parent, setup);
}

/* @source borrows from the dialog. */
static gboolean
get_source (TaPrintDialog *self,
            TaPrintSource *source,
            GError       **error)
{
  *source = self->source;
  source->title = ta_print_dialog_get_title (self);
  source->no_table = !gtk_switch_get_active (self->table_switch);
  return ta_print_dialog_get_area (self, &source->area, error);
}

/* Errors and progress */

static void
show_error (GtkWindow  *parent,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Cannot Export"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
pulse_cb (gpointer user_data)
{
  TaPrintDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
show_progress (TaPrintDialog *self,
               gboolean       busy)
{
  gtk_stack_set_visible_child_name (self->stack, busy ? "progress" : "settings");
  gtk_widget_set_visible (self->primary_button, !busy);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (busy)
    self->pulse_id = g_timeout_add (120, pulse_cb, self);
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TaPrintDialog *self = TA_PRINT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gboolean written = ta_print_dialog_write_finish (self, result, &error);

  if (self->disposed)
    return;
  show_progress (self, FALSE);
  g_clear_object (&self->cancellable);
  if (written)
    gtk_window_destroy (GTK_WINDOW (self));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (GTK_WINDOW (self), error->message);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        TaPrintDialog   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
    }
  g_object_unref (chooser);
  if (response != GTK_RESPONSE_ACCEPT)
    return;
  if (path == NULL)
    {
      show_error (GTK_WINDOW (self), _("Choose a local folder."));
      return;
    }

  basename = g_path_get_basename (path);
  adw_status_page_set_description (self->progress_page, basename);
  show_progress (self, TRUE);
  self->cancellable = g_cancellable_new ();
  ta_print_dialog_write_async (self, path, self->cancellable, on_written_cb, NULL);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose_file (TaPrintDialog *self)
{
  gboolean report = self->mode == TA_PRINT_DIALOG_REPORT;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (report ? _("Export Atlas Report") : _("Export Map"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), report ? _("atlas-report.pdf") : _("map.pdf"));
  add_filter (GTK_FILE_CHOOSER (chooser), _("PDF document"), "pdf");
  if (!report)
    {
      add_filter (GTK_FILE_CHOOSER (chooser), _("SVG image"), "svg");
      add_filter (GTK_FILE_CHOOSER (chooser), _("PNG image"), "png");
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print (TaPrintDialog *self)
{
  g_autoptr(TaPrintDialog) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  TaPrintSource source;

  if (!get_source (self, &source, &error))
    {
      show_error (GTK_WINDOW (self), error->message);
      return;
    }
  if (source.page_setup == NULL && self->parent != NULL)
    source.page_setup = ta_print_get_page_setup (self->parent);

  /* GTK's print dialog takes over: its paper and preview. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (ta_print_run (self->parent, &source, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    show_error (self->parent, error->message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_primary_clicked_cb (TaPrintDialog *self)
{
  if (self->mode == TA_PRINT_DIALOG_PRINT)
    print (self);
  else
    choose_file (self);
}

static void
on_cancel_clicked_cb (TaPrintDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
ta_print_dialog_close_request (GtkWindow *window)
{
  TaPrintDialog *self = TA_PRINT_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ta_print_dialog_parent_class)->close_request (window);
}

/* Building the dialog */

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char * const  *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static GtkWidget *
build_settings (TaPrintDialog *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *area = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *content = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *paper = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const char *kinds[] = { _("Current View"), _("Country"), _("Region"), _("Filter Selection"), NULL };
  const char *papers[] = { _("A4"), _("A3"), _("Letter"), NULL };
  const char *orientations[] = { _("Portrait"), _("Landscape"), NULL };
  const char *dpis[] = { _("96 dpi (screen)"), _("150 dpi"), _("300 dpi (print)"), NULL };

  adw_preferences_group_set_title (area, _("Area"));
  if (self->mode == TA_PRINT_DIALOG_REPORT)
    adw_preferences_group_set_description (area, _("One page per region of the country, with the "
                                                   "partnerships the filter shows"));
  self->kind_row = combo_row (area, _("_Map"), kinds);
  self->country_row = combo_row (area, _("C_ountry"), NULL);
  adw_combo_row_set_use_subtitle (self->country_row, FALSE);
  self->region_row = combo_row (area, _("_Region"), NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), area);

  adw_preferences_group_set_title (content, _("Content"));
  if (self->mode == TA_PRINT_DIALOG_PRINT)
    adw_preferences_group_set_description (content, _("Paper and orientation are chosen in the print dialog"));
  self->title_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Title"));
  adw_preferences_group_add (content, GTK_WIDGET (self->title_row));
  self->table_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->table_row), _("_Table of Partnerships"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->table_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->table_row), _("Town, partner, country, kind and year, "
                                                                   "on the following pages"));
  self->table_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->table_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->table_switch), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->table_row), GTK_WIDGET (self->table_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->table_row), GTK_WIDGET (self->table_switch));
  adw_preferences_group_add (content, self->table_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), content);
  /* Each page of a report is titled with its region's name. */
  gtk_widget_set_visible (GTK_WIDGET (self->title_row), self->mode != TA_PRINT_DIALOG_REPORT);

  adw_preferences_group_set_title (paper, _("Page"));
  self->paper_row = combo_row (paper, _("_Paper"), papers);
  self->orientation_row = combo_row (paper, _("_Orientation"), orientations);
  self->dpi_row = combo_row (paper, _("PNG _Resolution"), dpis);
  adw_combo_row_set_selected (self->dpi_row, 1);
  gtk_widget_set_visible (GTK_WIDGET (self->dpi_row), self->mode == TA_PRINT_DIALOG_EXPORT);
  self->page_group = GTK_WIDGET (paper);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), paper);
  /* Print takes paper and orientation from GTK's print dialog. */
  gtk_widget_set_visible (self->page_group, self->mode != TA_PRINT_DIALOG_PRINT);

  return page;
}

static GtkWidget *
build_progress (TaPrintDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  self->progress_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->progress_page, "document-save-symbolic");
  adw_status_page_set_title (self->progress_page, self->mode == TA_PRINT_DIALOG_REPORT
                                                  ? _("Exporting Atlas Report…") : _("Exporting Map…"));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_pulse_step (self->progress_bar, 0.08);
  gtk_widget_set_size_request (GTK_WIDGET (self->progress_bar), 240, -1);
  gtk_widget_set_halign (GTK_WIDGET (self->progress_bar), GTK_ALIGN_CENTER);
  gtk_widget_set_halign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel, "pill");
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (box), cancel);
  adw_status_page_set_child (self->progress_page, box);
  return GTK_WIDGET (self->progress_page);
}

static void
build (TaPrintDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  const char *heading = self->mode == TA_PRINT_DIALOG_PRINT ? _("Print Map")
                        : self->mode == TA_PRINT_DIALOG_EXPORT ? _("Export Map") : _("Export Atlas Report");

  gtk_window_set_title (GTK_WINDOW (self), heading);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->primary_button = gtk_button_new_with_mnemonic (self->mode == TA_PRINT_DIALOG_PRINT ? _("_Print…") : _("_Export…"));
  gtk_widget_add_css_class (self->primary_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->primary_button);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (on_cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->primary_button, "clicked", G_CALLBACK (on_primary_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->primary_button);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, build_settings (self), "settings");
  gtk_stack_add_named (self->stack, build_progress (self), "progress");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->country_row, "notify::selected", G_CALLBACK (on_country_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The page setup's paper and orientation as the combo rows' choices. */
static void
apply_page_setup (TaPrintDialog *self,
                  GtkPageSetup  *setup)
{
  const char *name = gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup));
  GtkPageOrientation orientation = gtk_page_setup_get_orientation (setup);

  for (guint i = 0; i < G_N_ELEMENTS (paper_names); i++)
    if (g_strcmp0 (name, paper_names[i]) == 0)
      adw_combo_row_set_selected (self->paper_row, i);
  adw_combo_row_set_selected (self->orientation_row,
                              orientation == GTK_PAGE_ORIENTATION_LANDSCAPE ||
                              orientation == GTK_PAGE_ORIENTATION_REVERSE_LANDSCAPE ? 1 : 0);
}

/* Where the filter points: its region, else its country, else the view. */
static void
choose_initial_region (TaPrintDialog *self)
{
  const char * const *regions = self->source.filter != NULL ? ta_filter_get_regions (self->source.filter) : NULL;
  const char * const *countries = self->source.filter != NULL ? ta_filter_get_countries (self->source.filter) : NULL;

  if (regions != NULL && regions[0] != NULL && ta_print_dialog_select_region (self, regions[0]))
    ta_print_dialog_set_region_kind (self, regions[1] == NULL ? TA_PRINT_REGION_ADMIN1 : TA_PRINT_REGION_SELECTION);
  else if (countries != NULL && countries[0] != NULL && ta_print_dialog_select_country (self, countries[0]))
    ta_print_dialog_set_region_kind (self, countries[1] == NULL ? TA_PRINT_REGION_COUNTRY : TA_PRINT_REGION_SELECTION);
  else
    ta_print_dialog_set_region_kind (self, TA_PRINT_REGION_VIEW);
}

static void
ta_print_dialog_dispose (GObject *object)
{
  TaPrintDialog *self = TA_PRINT_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  G_OBJECT_CLASS (ta_print_dialog_parent_class)->dispose (object);
}

static void
ta_print_dialog_finalize (GObject *object)
{
  TaPrintDialog *self = TA_PRINT_DIALOG (object);

  g_clear_object (&self->source.db);
  g_clear_object (&self->source.basemap);
  g_clear_object (&self->source.network);
  g_clear_object (&self->source.filter);
  g_clear_object (&self->source.page_setup);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  g_clear_pointer (&self->region_codes, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ta_print_dialog_parent_class)->finalize (object);
}

static void
ta_print_dialog_class_init (TaPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ta_print_dialog_dispose;
  object_class->finalize = ta_print_dialog_finalize;
  window_class->close_request = ta_print_dialog_close_request;

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ta_print_dialog_init (TaPrintDialog *self)
{
  self->country_codes = g_ptr_array_new_with_free_func (g_free);
  self->region_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 460, -1);
}

/* Public API */

TaPrintDialog *
ta_print_dialog_new (GtkWindow           *parent,
                     const TaPrintSource *source,
                     TaPrintDialogMode    mode)
{
  TaPrintDialog *self;
  GtkPageSetup *setup;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (source != NULL && TA_IS_DB (source->db) && TA_IS_NETWORK (source->network), NULL);

  self = g_object_new (TA_TYPE_PRINT_DIALOG, NULL);
  self->mode = mode;
  self->parent = parent;
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  self->source.db = g_object_ref (source->db);
  self->source.basemap = source->basemap != NULL ? g_object_ref (source->basemap) : NULL;
  self->source.network = g_object_ref (source->network);
  self->source.filter = source->filter != NULL ? g_object_ref (source->filter) : NULL;
  self->source.area = source->area;
  setup = source->page_setup != NULL ? source->page_setup
          : parent != NULL ? ta_print_get_page_setup (parent) : NULL;
  self->source.page_setup = setup != NULL ? g_object_ref (setup) : NULL;

  build (self);
  if (setup != NULL)
    apply_page_setup (self, setup);
  load_countries (self);
  load_regions (self);
  choose_initial_region (self);
  update_rows (self);

  title = self->source.filter != NULL ? ta_filter_describe (self->source.filter, self->source.db) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");

  return self;
}

void
ta_print_dialog_set_region_kind (TaPrintDialog     *self,
                                 TaPrintRegionKind  kind)
{
  g_return_if_fail (TA_IS_PRINT_DIALOG (self));
  g_return_if_fail (kind <= TA_PRINT_REGION_SELECTION);

  adw_combo_row_set_selected (self->kind_row, kind);
}

TaPrintRegionKind
ta_print_dialog_get_region_kind (TaPrintDialog *self)
{
  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), TA_PRINT_REGION_VIEW);

  if (self->mode == TA_PRINT_DIALOG_REPORT)
    return TA_PRINT_REGION_COUNTRY;
  return MIN (adw_combo_row_get_selected (self->kind_row), TA_PRINT_REGION_SELECTION);
}

gboolean
ta_print_dialog_select_country (TaPrintDialog *self,
                                const char    *country_code)
{
  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (country_code != NULL, FALSE);

  return select_code (self->country_row, self->country_codes, country_code);
}

gboolean
ta_print_dialog_select_region (TaPrintDialog *self,
                               const char    *iso_code)
{
  g_autofree char *country = NULL;
  const char *dash;

  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (iso_code != NULL, FALSE);

  /* ISO 3166-2 codes start with their country's code. */
  if ((dash = strchr (iso_code, '-')) == NULL)
    return FALSE;
  country = g_strndup (iso_code, dash - iso_code);
  return ta_print_dialog_select_country (self, country) &&
         select_code (self->region_row, self->region_codes, iso_code);
}

void
ta_print_dialog_set_title (TaPrintDialog *self,
                           const char    *title)
{
  g_return_if_fail (TA_IS_PRINT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
}

const char *
ta_print_dialog_get_title (TaPrintDialog *self)
{
  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->title_row));
}

void
ta_print_dialog_set_with_table (TaPrintDialog *self,
                                gboolean       with_table)
{
  g_return_if_fail (TA_IS_PRINT_DIALOG (self));

  gtk_switch_set_active (self->table_switch, with_table);
}

gboolean
ta_print_dialog_get_area (TaPrintDialog  *self,
                          TaPrintArea    *area,
                          GError        **error)
{
  const char *code;

  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  switch (ta_print_dialog_get_region_kind (self))
    {
    case TA_PRINT_REGION_VIEW:
      *area = self->source.area;
      return TRUE;

    case TA_PRINT_REGION_COUNTRY:
      if ((code = selected_code (self->country_row, self->country_codes)) != NULL)
        return ta_print_area_for_country (self->source.db, code, area, NULL, error);
      break;

    case TA_PRINT_REGION_ADMIN1:
      if ((code = selected_code (self->region_row, self->region_codes)) != NULL)
        return ta_print_area_for_region (self->source.db, code, area, NULL, error);
      break;

    case TA_PRINT_REGION_SELECTION:
    default:
      return selection_area (self, area, error);
    }

  g_set_error_literal (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA, _("Choose a country or region"));
  return FALSE;
}

static void
on_report_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ta_print_write_report_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The maps of @report alone, laid out again and numbered afresh. */
static TaReport *
without_tables (TaReport  *report,
                GError   **error)
{
  g_autoptr(TaReport) maps = ta_report_new ();

  for (guint i = 0; i < ta_report_get_n_layouts (report); i++)
    {
      TaPrintLayout *layout = ta_report_get_layout (report, i);

      ta_print_layout_set_with_table (layout, FALSE);
      if (!ta_print_layout_prepare (layout, error))
        return NULL;
      ta_report_add_layout (maps, layout);
    }
  return g_steal_pointer (&maps);
}

/* The pages to write, laid out on the main thread: preparing reads the
 * database, whose connection belongs to this thread. */
static TaReport *
make_report (TaPrintDialog  *self,
             GError        **error)
{
  g_autoptr(TaReport) report = NULL;
  g_autoptr(TaPrintLayout) layout = NULL;
  TaPrintSource source;
  TaPrintPage page;

  if (self->source.basemap == NULL && !(self->source.basemap = ta_basemap_new_default (error)))
    return NULL;
  get_page (self, &page);
  if (self->mode == TA_PRINT_DIALOG_REPORT)
    {
      const char *country = selected_code (self->country_row, self->country_codes);

      if (country == NULL)
        {
          g_set_error_literal (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA, _("Choose a country"));
          return NULL;
        }
      report = ta_report_new_per_region (self->source.db, self->source.basemap, self->source.network,
                                         self->source.filter, country, &page, error);
      if (report == NULL || gtk_switch_get_active (self->table_switch))
        return g_steal_pointer (&report);
      return without_tables (report, error);
    }

  if (!get_source (self, &source, error) || !(layout = ta_print_make_layout (&source, &page, error)))
    return NULL;
  report = ta_report_new ();
  ta_report_add_layout (report, layout);
  return g_steal_pointer (&report);
}

void
ta_print_dialog_write_async (TaPrintDialog       *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(TaReport) report = NULL;
  GError *error = NULL;
  TaReportFormat format = TA_REPORT_FORMAT_PDF;
  guint dpi = MIN (adw_combo_row_get_selected (self->dpi_row), G_N_ELEMENTS (dpi_values) - 1);

  g_return_if_fail (TA_IS_PRINT_DIALOG (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_print_dialog_write_async);

  if ((self->mode != TA_PRINT_DIALOG_REPORT && !ta_report_format_from_path (path, &format, &error)) ||
      !(report = make_report (self, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  keep_page_setup (self);
  ta_print_write_report_async (report, path, format, dpi_values[dpi], cancellable, on_report_written_cb,
                               g_steal_pointer (&task));
}

gboolean
ta_print_dialog_write_finish (TaPrintDialog  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (TA_IS_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
