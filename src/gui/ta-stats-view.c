/* ta-stats-view.c: the statistics page: charts of the filtered links
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One card per TaChartStat: the chart, drawn by the core's TaChart into a
 * GtkDrawingArea, and buttons that export it as PNG, SVG or CSV.  The
 * charts are built from the window's filter, but only while the page is
 * shown: a filter change on the map marks them stale, and they are rebuilt
 * when the page is mapped again.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-search.h"
#include "ta-stats.h"
#include "ta-stats-view.h"

#define CHART_HEIGHT  300
#define EXPORT_WIDTH  1000
#define EXPORT_HEIGHT 600

typedef enum
{
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_CSV,
} ExportFormat;

struct _TaStatsView
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkLabel       *description_label;
  GtkDropDown    *country_dropdown;
  GtkBox         *charts_box;

  /* borrowed: children of charts_box */
  GtkDrawingArea *areas[TA_CHART_N_STATS];

  /* owned */
  TaDb           *db;
  TaFilter       *filter;
  TaChart        *charts[TA_CHART_N_STATS];
  GPtrArray      *country_codes;      /* of the dropdown's items */

  guint           rebuild_id;
  gboolean        stale;
};

G_DEFINE_FINAL_TYPE (TaStatsView, ta_stats_view, ADW_TYPE_BIN)

static void rebuild (TaStatsView *self);
static void on_country_chosen_cb (TaStatsView *self);

/* Helpers */

static const char *
get_chosen_country (TaStatsView *self)
{
  guint position = gtk_drop_down_get_selected (self->country_dropdown);

  if (self->country_codes == NULL || position >= self->country_codes->len)
    return NULL;

  return g_ptr_array_index (self->country_codes, position);
}

static void
draw_chart_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  TaStatsView *self = user_data;
  guint stat = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "ta-chart-stat"));

  if (self->charts[stat] != NULL)
    ta_chart_render (self->charts[stat], cr, width, height);
}

static gboolean
rebuild_cb (gpointer user_data)
{
  TaStatsView *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Now if shown, else when next shown. */
static void
queue_rebuild (TaStatsView *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

/* The partners shown are those of the filter's first country, if any. */
static void
choose_filter_country (TaStatsView *self)
{
  const char * const *countries;

  if (self->filter == NULL || self->country_codes == NULL)
    return;

  countries = ta_filter_get_countries (self->filter);
  for (guint i = 0; countries[0] != NULL && i < self->country_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->country_codes, i), countries[0]))
      {
        g_signal_handlers_block_by_func (self->country_dropdown, on_country_chosen_cb, self);
        gtk_drop_down_set_selected (self->country_dropdown, i);
        g_signal_handlers_unblock_by_func (self->country_dropdown, on_country_chosen_cb, self);
        break;
      }
}

static void
rebuild (TaStatsView *self)
{
  g_autofree char *description = NULL;

  self->stale = FALSE;
  choose_filter_country (self);
  for (guint stat = 0; stat < TA_CHART_N_STATS; stat++)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->charts[stat]);
      if (self->db != NULL)
        self->charts[stat] = ta_chart_new_for_stats (stat, self->db,
                                                     self->filter != NULL && !ta_filter_is_empty (self->filter)
                                                     ? self->filter : NULL,
                                                     get_chosen_country (self), &error);
      if (error != NULL)
        g_warning ("A chart cannot be built: %s", error->message);
      gtk_widget_queue_draw (GTK_WIDGET (self->areas[stat]));
    }

  if (self->filter != NULL && self->db != NULL)
    description = ta_filter_describe (self->filter, self->db);
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
}

static void
fill_countries (TaStatsView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autofree char *sql = NULL;

  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  self->country_codes = g_ptr_array_new_with_free_func (g_free);

  if (self->db != NULL)
    {
      rows = ta_stats_links_per_country (self->db, NULL, 0, &error);
      sql = g_strdup_printf ("SELECT coalesce (%s, name_en) FROM country WHERE code = ?1",
                             ta_country_name_column ());
      statement = rows != NULL ? ta_db_prepare (self->db, sql, &error) : NULL;
      if (statement == NULL)
        g_warning ("The countries cannot be listed: %s", error->message);
    }

  for (guint i = 0; statement != NULL && i < rows->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *label = NULL;

      if (row->key == NULL)
        continue;
      sqlite3_reset (statement);
      sqlite3_bind_text (statement, 1, row->key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (statement) == SQLITE_ROW)
        label = g_strdup_printf ("%s (%s)", (const char *) sqlite3_column_text (statement, 0), row->key);
      else
        label = g_strdup (row->key);
      gtk_string_list_append (names, label);
      g_ptr_array_add (self->country_codes, g_strdup (row->key));
    }

  gtk_drop_down_set_model (self->country_dropdown, G_LIST_MODEL (names));
}

/* Export */

typedef struct
{
  TaChart      *chart;
  ExportFormat  format;
} ExportData;

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  ExportData *data = g_object_get_data (G_OBJECT (dialog), "ta-export");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL)
        {
          switch (data->format)
            {
            case EXPORT_PNG:
              ok = ta_chart_write_png (data->chart, path, EXPORT_WIDTH, EXPORT_HEIGHT, &error);
              break;
            case EXPORT_SVG:
              ok = ta_chart_write_svg (data->chart, path, EXPORT_WIDTH, EXPORT_HEIGHT, &error);
              break;
            case EXPORT_CSV:
            default:
              ok = ta_chart_write_csv (data->chart, path, &error);
              break;
            }
          if (!ok)
            {
              GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);
              GtkWidget *message = adw_message_dialog_new (parent, _("The Chart Cannot Be Saved"),
                                                           error->message);

              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (message), "close", _("_Close"));
              gtk_window_present (GTK_WINDOW (message));
            }
        }
    }

  g_object_unref (dialog);
}

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->chart);
  g_free (data);
}

static void
on_export_clicked_cb (TaStatsView *self,
                      GtkButton   *button)
{
  guint stat = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ta-chart-stat"));
  ExportFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ta-export-format"));
  static const char *extensions[] = { "png", "svg", "csv" };
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) file_filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *pattern = g_strdup_printf ("*.%s", extensions[format]);
  ExportData *data;

  if (self->charts[stat] == NULL)
    return;

  dialog = gtk_file_chooser_native_new (format == EXPORT_CSV ? _("Export Numbers") : _("Export Chart"),
                                        GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  name = g_strdup_printf ("%s.%s", ta_chart_get_title (self->charts[stat]), extensions[format]);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_add_pattern (file_filter, pattern);
  gtk_file_filter_set_name (file_filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), file_filter);

  data = g_new0 (ExportData, 1);
  data->chart = g_object_ref (self->charts[stat]);
  data->format = format;
  g_object_set_data_full (G_OBJECT (dialog), "ta-export", data, (GDestroyNotify) export_data_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response_cb), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
create_export_button (TaStatsView  *self,
                      guint         stat,
                      ExportFormat  format,
                      const char   *label,
                      const char   *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  g_object_set_data (G_OBJECT (button), "ta-chart-stat", GUINT_TO_POINTER (stat));
  g_object_set_data (G_OBJECT (button), "ta-export-format", GUINT_TO_POINTER (format));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_export_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static void
add_chart_card (TaStatsView *self,
                guint        stat)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_overflow (card, GTK_OVERFLOW_HIDDEN);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), CHART_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart_cb, self, NULL);
  g_object_set_data (G_OBJECT (area), "ta-chart-stat", GUINT_TO_POINTER (stat));
  self->areas[stat] = GTK_DRAWING_AREA (area);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_margin_bottom (buttons, 6);
  gtk_widget_set_margin_end (buttons, 6);
  gtk_box_append (GTK_BOX (buttons),
                  create_export_button (self, stat, EXPORT_PNG, _("_PNG…"), _("Save the chart as a PNG image")));
  gtk_box_append (GTK_BOX (buttons),
                  create_export_button (self, stat, EXPORT_SVG, _("_SVG…"), _("Save the chart as an SVG drawing")));
  gtk_box_append (GTK_BOX (buttons),
                  create_export_button (self, stat, EXPORT_CSV, _("_CSV…"), _("Save the chart’s numbers as CSV")));
  for (GtkWidget *child = gtk_widget_get_first_child (buttons); child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_add_css_class (child, "flat");

  gtk_box_append (GTK_BOX (card), area);
  gtk_box_append (GTK_BOX (card), buttons);
  gtk_box_append (self->charts_box, card);
}

/* Callbacks */

static void
on_map_cb (TaStatsView *self)
{
  if (self->stale)
    rebuild (self);
}

static void
on_country_chosen_cb (TaStatsView *self)
{
  g_autoptr(GError) error = NULL;
  guint stat = TA_CHART_STAT_PARTNER_COUNTRIES;

  if (self->db == NULL)
    return;

  g_clear_object (&self->charts[stat]);
  self->charts[stat] = ta_chart_new_for_stats (stat, self->db,
                                               self->filter != NULL && !ta_filter_is_empty (self->filter)
                                               ? self->filter : NULL,
                                               get_chosen_country (self), &error);
  if (error != NULL)
    g_warning ("A chart cannot be built: %s", error->message);
  gtk_widget_queue_draw (GTK_WIDGET (self->areas[stat]));
}

/* GObject */

static void
ta_stats_view_dispose (GObject *object)
{
  TaStatsView *self = TA_STATS_VIEW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->db);
  for (guint stat = 0; stat < TA_CHART_N_STATS; stat++)
    g_clear_object (&self->charts[stat]);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_STATS_VIEW);

  G_OBJECT_CLASS (ta_stats_view_parent_class)->dispose (object);
}

static void
ta_stats_view_class_init (TaStatsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_stats_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-stats-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TaStatsView, description_label);
  gtk_widget_class_bind_template_child (widget_class, TaStatsView, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaStatsView, charts_box);
}

static void
ta_stats_view_init (TaStatsView *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->country_dropdown, expression);
  for (guint stat = 0; stat < TA_CHART_N_STATS; stat++)
    add_chart_card (self, stat);

  self->stale = TRUE;
  g_signal_connect_object (self, "map", G_CALLBACK (on_map_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->country_dropdown, "notify::selected",
                           G_CALLBACK (on_country_chosen_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
ta_stats_view_new (void)
{
  return g_object_new (TA_TYPE_STATS_VIEW, NULL);
}

/**
 * ta_stats_view_set_database:
 * @db: (nullable): the atlas to count
 */
void
ta_stats_view_set_database (TaStatsView *self,
                            TaDb        *db)
{
  g_return_if_fail (TA_IS_STATS_VIEW (self));
  g_return_if_fail (db == NULL || TA_IS_DB (db));

  if (!g_set_object (&self->db, db))
    return;

  fill_countries (self);
  queue_rebuild (self);
}

/**
 * ta_stats_view_set_filter:
 * @filter: (nullable): the links to count
 */
void
ta_stats_view_set_filter (TaStatsView *self,
                          TaFilter    *filter)
{
  g_return_if_fail (TA_IS_STATS_VIEW (self));
  g_return_if_fail (filter == NULL || TA_IS_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    g_signal_connect_object (filter, "changed", G_CALLBACK (queue_rebuild), self, G_CONNECT_SWAPPED);
  queue_rebuild (self);
}

/**
 * ta_stats_view_get_chart:
 *
 * Returns: (transfer none) (nullable): the chart shown for @stat
 */
TaChart *
ta_stats_view_get_chart (TaStatsView *self,
                         TaChartStat  stat)
{
  g_return_val_if_fail (TA_IS_STATS_VIEW (self), NULL);
  g_return_val_if_fail (stat < TA_CHART_N_STATS, NULL);

  return self->charts[stat];
}
