/* ta-filter-panel.c: the left panel that chooses which links the map shows
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panel owns the window's TaFilter.  Its widgets write the filter; the
 * filter's "changed" writes the widgets back (chips, reset and a restored
 * filter change it from elsewhere), saves it to GSettings and evaluates it:
 * ta_filter_select_links_async() picks the link ids in a worker, then a
 * second worker builds the visible view with ta_network_with_visible_links()
 * (80–190 ms on large selections), and only the finished view is swapped in
 * on the main thread, so the map never waits.  A newer change cancels the
 * older evaluation; a result that arrives late is dropped.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ta-filter-panel.h"
#include "ta-geo.h"
#include "ta-search.h"
#include "ta-stats.h"

#define STYLE_RESOURCE "/io/github/twinatlas/TwinAtlas/ta-filter-panel.css"
#define VALUE_KEY      "ta-filter-value"
#define CRITERION_KEY  "ta-filter-criterion"
#define SEARCH_KEY     "ta-filter-search"
#define PANEL_WIDTH    340
/* Countries count as neighbours when a town of one lies this close to a
 * town of the other: the atlas has no borders, but it has towns on both
 * sides of every border it crosses. */
#define NEIGHBOUR_KM   50.0
/* Grid cells of the neighbour search, in degrees of latitude. */
#define CELL_DEGREES   0.5

struct _TaFilterPanel
{
  AdwBin           parent_instance;

  /* template widgets */
  GtkLabel        *count_label;
  GtkButton       *reset_button;
  GtkFlowBox      *chips_box;
  GtkSearchEntry  *country_search;
  GtkToggleButton *touching_button;
  GtkToggleButton *between_button;
  GtkListBox      *country_list;
  GtkButton       *neighbours_button;
  GtkLabel        *regions_hint;
  GtkListBox      *region_list;
  GtkListBox      *programme_list;
  GtkListBox      *funder_list;
  GtkListBox      *exchange_kind_list;
  GtkListBox      *link_kind_list;
  GtkListBox      *status_list;
  GtkSpinButton   *from_spin;
  GtkSpinButton   *to_spin;
  GtkCheckButton  *unknown_check;
  GtkSpinButton   *max_km_spin;
  GtkSpinButton   *min_km_spin;
  GtkSwitch       *cross_border_switch;

  /* owned */
  TaFilter        *filter;
  GSettings       *settings;
  TaDb            *db;
  TaNetwork       *network;
  TaNetwork       *visible_network;
  GCancellable    *cancellable;
  char            *region_country;   /* whose regions region_list shows */

  guint            generation;
  gboolean         busy;
  gboolean         syncing;          /* writing widgets from the filter */
};

G_DEFINE_FINAL_TYPE (TaFilterPanel, ta_filter_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_FILTER,
  PROP_NETWORK,
  PROP_VISIBLE_NETWORK,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (TaFilterPanel *self);

/* Helpers */

void
ta_filter_panel_ensure_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "ta-filter-panel-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, STYLE_RESOURCE);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "ta-filter-panel-style",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
set_busy (TaFilterPanel *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_count_label (TaFilterPanel *self)
{
  g_autofree char *text = NULL;
  guint total, shown;

  if (self->visible_network == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  total = ta_network_get_n_links (self->visible_network);
  shown = ta_network_get_n_visible_links (self->visible_network);
  if (shown == total)
    /* Translators: the filter panel's subtitle without any filter */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "All %'u link", "All %'u links", total), total);
  else
    /* Translators: the filter panel's subtitle: "12 of 3,400 links" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u link", "%'u of %'u links", total),
                            shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
set_visible_network (TaFilterPanel *self,
                     TaNetwork     *network)
{
  if (!g_set_object (&self->visible_network, network))
    return;

  update_count_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_NETWORK]);
}

/* Check lists: one row per value of a set criterion */

static GStrv
collect_checked (GtkListBox *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "ta-filter-check");

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), VALUE_KEY));
    }

  return g_strv_builder_end (builder);
}

static void
set_criterion_values (TaFilterPanel      *self,
                      const char         *criterion,
                      const char * const *values)
{
  if (g_str_equal (criterion, TA_FILTER_CRITERION_COUNTRIES))
    ta_filter_set_countries (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_REGIONS))
    ta_filter_set_regions (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_PROGRAMMES))
    ta_filter_set_programmes (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_FUNDERS))
    ta_filter_set_funders (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_EXCHANGE_KINDS))
    ta_filter_set_exchange_kinds (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_LINK_KINDS))
    ta_filter_set_link_kinds (self->filter, values);
  else if (g_str_equal (criterion, TA_FILTER_CRITERION_STATUSES))
    ta_filter_set_statuses (self->filter, values);
  else
    g_assert_not_reached ();
}

static void
on_check_toggled_cb (TaFilterPanel  *self,
                     GtkCheckButton *check)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX);
  g_auto(GStrv) values = NULL;

  if (self->syncing)
    return;

  values = collect_checked (GTK_LIST_BOX (list));
  set_criterion_values (self, g_object_get_data (G_OBJECT (list), CRITERION_KEY),
                        (const char * const *) values);
}

/* @count < 0: no count shown. */
static void
append_check_row (TaFilterPanel *self,
                  GtkListBox    *list,
                  const char    *value,
                  const char    *label,
                  const char    *search_text,
                  gint64         count)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *text = gtk_label_new (label);

  /* Long programme names wrap rather than widen the panel. */
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 24);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), text);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_box_append (GTK_BOX (box), check);
  if (count >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);
      GtkWidget *count_label = gtk_label_new (number);

      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "filter-row-count");
      gtk_box_append (GTK_BOX (box), count_label);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (check), VALUE_KEY, g_strdup (value), g_free);
  g_object_set_data (G_OBJECT (row), "ta-filter-check", check);
  if (search_text != NULL)
    g_object_set_data_full (G_OBJECT (row), SEARCH_KEY, g_utf8_casefold (search_text, -1), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (list, row);
}

static void
sync_check_list (TaFilterPanel      *self,
                 GtkListBox         *list,
                 const char * const *values)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "ta-filter-check");

      if (check != NULL)
        gtk_check_button_set_active (check,
                                     g_strv_contains (values, g_object_get_data (G_OBJECT (check), VALUE_KEY)));
    }
}

static void
fill_known_values (TaFilterPanel *self,
                   GtkListBox    *list,
                   const char    *criterion)
{
  const char * const *values = ta_filter_get_known_values (criterion);

  g_object_set_data (G_OBJECT (list), CRITERION_KEY, (gpointer) criterion);
  for (guint i = 0; values[i] != NULL; i++)
    append_check_row (self, list, values[i], ta_filter_get_value_label (criterion, values[i]), NULL, -1);
}

/* Rows read from the atlas: the statement gives value, label (and maybe a
 * count) per row. */
static void
fill_from_query (TaFilterPanel *self,
                 GtkListBox    *list,
                 const char    *sql,
                 const char    *bound_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  int status;

  clear_list (list);
  if (self->db == NULL)
    return;

  statement = ta_db_prepare (self->db, sql, &error);
  if (statement == NULL)
    {
      g_warning ("The filter panel cannot list choices: %s", error->message);
      return;
    }
  if (bound_text != NULL)
    sqlite3_bind_text (statement, 1, bound_text, -1, SQLITE_TRANSIENT);

  while ((status = sqlite3_step (statement)) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (statement, 0);
      const char *label = (const char *) sqlite3_column_text (statement, 1);
      gint64 count = sqlite3_column_count (statement) > 2 ? sqlite3_column_int64 (statement, 2) : -1;

      append_check_row (self, list, value, label, NULL, count);
    }
  if (status != SQLITE_DONE)
    g_warning ("The filter panel cannot list choices: %s",
               sqlite3_errmsg (ta_db_get_handle (self->db)));
}

/* Countries with the number of links that touch each, most first. */
static void
fill_countries (TaFilterPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autofree char *sql = NULL;

  clear_list (self->country_list);
  if (self->db == NULL)
    return;

  rows = ta_stats_links_per_country (self->db, NULL, 0, &error);
  if (rows == NULL)
    {
      g_warning ("The filter panel cannot count links per country: %s", error->message);
      return;
    }

  sql = g_strdup_printf ("SELECT coalesce (%s, name_en) FROM country WHERE code = ?1",
                         ta_country_name_column ());
  statement = ta_db_prepare (self->db, sql, &error);
  if (statement == NULL)
    {
      g_warning ("The filter panel cannot name countries: %s", error->message);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      TaStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *name = NULL;
      g_autofree char *search_text = NULL;

      if (row->key == NULL)
        continue;

      sqlite3_reset (statement);
      sqlite3_bind_text (statement, 1, row->key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (statement) == SQLITE_ROW)
        name = g_strdup ((const char *) sqlite3_column_text (statement, 0));
      else
        name = g_strdup (row->key);

      search_text = g_strdup_printf ("%s %s", name, row->key);
      append_check_row (self, self->country_list, row->key, name, search_text, row->count);
    }
}

/* The regions of the one chosen country; none with several or none. */
static void
update_region_list (TaFilterPanel *self)
{
  const char * const *countries = ta_filter_get_countries (self->filter);
  const char *country = countries[0] != NULL && countries[1] == NULL ? countries[0] : NULL;

  if (g_strcmp0 (country, self->region_country) != 0 || country == NULL)
    {
      g_free (self->region_country);
      self->region_country = g_strdup (country);
      if (country != NULL)
        fill_from_query (self, self->region_list,
                         "SELECT coalesce (r.iso_code, CAST (r.id AS TEXT)), r.name, count (l.id)"
                         "  FROM region r"
                         "  LEFT JOIN town t ON t.region_id = r.id"
                         "  LEFT JOIN link l ON l.town_a = t.id OR l.town_b = t.id"
                         "  WHERE r.country_code = ?1"
                         "  GROUP BY r.id ORDER BY r.name",
                         country);
      else
        clear_list (self->region_list);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->region_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->region_list)) != NULL);
  gtk_label_set_text (self->regions_hint,
                      country == NULL ? _("Choose one country to filter by its regions.")
                      : gtk_widget_get_visible (GTK_WIDGET (self->region_list)) ? ""
                      : _("The atlas has no regions for this country."));
  gtk_widget_set_visible (GTK_WIDGET (self->regions_hint),
                          !gtk_widget_get_visible (GTK_WIDGET (self->region_list)));
}

static gboolean
country_filter_func (GtkListBoxRow *row,
                     gpointer       user_data)
{
  TaFilterPanel *self = user_data;
  const char *haystack = g_object_get_data (G_OBJECT (row), SEARCH_KEY);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->country_search));
  g_autofree char *needle = NULL;

  if (text == NULL || *text == '\0' || haystack == NULL)
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  return strstr (haystack, needle) != NULL;
}

/* Neighbours */

static gint64
cell_key (int row,
          int column)
{
  return ((gint64) row << 32) | (guint32) column;
}

static void
add_to_cell (GHashTable *cells,
             int         row,
             int         column,
             guint       town)
{
  gint64 key = cell_key (row, column);
  GArray *towns = g_hash_table_lookup (cells, &key);

  if (towns == NULL)
    {
      gint64 *stored = g_new (gint64, 1);

      *stored = key;
      towns = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (cells, stored, towns);
    }
  g_array_append_val (towns, town);
}

/* Countries with a town within NEIGHBOUR_KM of a town of @country, by a
 * grid of CELL_DEGREES cells: each town of @country looks only at the
 * cells that can hold such a town. */
static GStrv
find_neighbours (TaNetwork  *network,
                 const char *country)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree gpointer *codes = NULL;
  guint n_towns = ta_network_get_n_towns (network);
  guint n_codes;

  for (guint i = 0; i < n_towns; i++)
    {
      const TaNetworkTown *town = ta_network_get_town (network, i);

      if (town->country[0] != '\0' && strcmp (town->country, country) != 0)
        add_to_cell (cells, (int) floor (town->lat / CELL_DEGREES),
                     (int) floor (town->lon / CELL_DEGREES), i);
    }

  for (guint i = 0; i < n_towns; i++)
    {
      const TaNetworkTown *town = ta_network_get_town (network, i);
      int row, column, row_reach, column_reach;
      double km_per_column;

      if (strcmp (town->country, country) != 0)
        continue;

      row = (int) floor (town->lat / CELL_DEGREES);
      column = (int) floor (town->lon / CELL_DEGREES);
      km_per_column = MAX (1.0, 111.2 * CELL_DEGREES * cos (town->lat * G_PI / 180));
      row_reach = (int) ceil (NEIGHBOUR_KM / (111.2 * CELL_DEGREES));
      column_reach = MIN (360, (int) ceil (NEIGHBOUR_KM / km_per_column));

      for (int r = row - row_reach; r <= row + row_reach; r++)
        for (int c = column - column_reach; c <= column + column_reach; c++)
          {
            gint64 key = cell_key (r, c);
            GArray *towns = g_hash_table_lookup (cells, &key);

            for (guint k = 0; towns != NULL && k < towns->len; k++)
              {
                const TaNetworkTown *other = ta_network_get_town (network, g_array_index (towns, guint, k));

                if (!g_hash_table_contains (found, other->country)
                    && ta_geo_distance_km (town->lat, town->lon, other->lat, other->lon) <= NEIGHBOUR_KM)
                  g_hash_table_add (found, (gpointer) other->country);
              }
          }
    }

  codes = g_hash_table_get_keys_as_array (found, &n_codes);
  for (guint i = 0; i < n_codes; i++)
    g_strv_builder_add (builder, codes[i]);
  return g_strv_builder_end (builder);
}

static void
on_neighbours_clicked_cb (TaFilterPanel *self)
{
  const char * const *countries = ta_filter_get_countries (self->filter);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) neighbours = NULL;
  g_auto(GStrv) chosen = NULL;

  if (self->network == NULL || countries[0] == NULL || countries[1] != NULL)
    return;

  neighbours = find_neighbours (self->network, countries[0]);
  g_strv_builder_add (builder, countries[0]);
  g_strv_builder_addv (builder, (const char **) neighbours);
  chosen = g_strv_builder_end (builder);
  ta_filter_set_countries (self->filter, (const char * const *) chosen);
}

static void
update_neighbours_button (TaFilterPanel *self)
{
  const char * const *countries = ta_filter_get_countries (self->filter);
  gboolean one = countries[0] != NULL && countries[1] == NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->neighbours_button), one && self->network != NULL);
  tooltip = one
    /* Translators: tooltip; %s is a country code, %d a distance in km */
    ? g_strdup_printf (_("Also choose the countries with a town less than %d km from a town of %s"),
                       (int) NEIGHBOUR_KM, countries[0])
    : g_strdup (_("Choose one country first"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->neighbours_button), tooltip);
}

/* Chips */

static void
on_chip_clicked_cb (TaFilterPanel *self,
                    GtkButton     *button)
{
  ta_filter_remove_criterion (self->filter, g_object_get_data (G_OBJECT (button), CRITERION_KEY));
}

static void
update_chips (TaFilterPanel *self)
{
  g_autoptr(GPtrArray) chips = ta_filter_get_chips (self->filter, self->db);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chips_box))) != NULL)
    gtk_flow_box_remove (self->chips_box, child);

  for (guint i = 0; i < chips->len; i++)
    {
      TaFilterChip *chip = g_ptr_array_index (chips, i);
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (chip->label);
      g_autofree char *tooltip = NULL;

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "filter-chip");
      /* Translators: tooltip of a filter chip; %s is what it filters */
      tooltip = g_strdup_printf (_("Remove “%s”"), chip->label);
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), CRITERION_KEY, g_strdup (chip->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_chip_clicked_cb), self, G_CONNECT_SWAPPED);
      gtk_flow_box_append (self->chips_box, button);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), chips->len > 0);
}

/* Widgets from the filter */

static void
sync_widgets (TaFilterPanel *self)
{
  TaFilter *filter = self->filter;

  self->syncing = TRUE;

  sync_check_list (self, self->country_list, ta_filter_get_countries (filter));
  gtk_toggle_button_set_active (ta_filter_get_country_mode (filter) == TA_FILTER_COUNTRIES_BETWEEN_ONLY
                                ? self->between_button : self->touching_button, TRUE);
  update_region_list (self);
  update_neighbours_button (self);
  sync_check_list (self, self->region_list, ta_filter_get_regions (filter));
  sync_check_list (self, self->programme_list, ta_filter_get_programmes (filter));
  sync_check_list (self, self->funder_list, ta_filter_get_funders (filter));
  sync_check_list (self, self->exchange_kind_list, ta_filter_get_exchange_kinds (filter));
  sync_check_list (self, self->link_kind_list, ta_filter_get_link_kinds (filter));
  sync_check_list (self, self->status_list, ta_filter_get_statuses (filter));
  gtk_spin_button_set_value (self->from_spin, ta_filter_get_from_year (filter));
  gtk_spin_button_set_value (self->to_spin, ta_filter_get_to_year (filter));
  gtk_check_button_set_active (self->unknown_check, ta_filter_get_unknown_years (filter));
  gtk_spin_button_set_value (self->max_km_spin, ta_filter_get_max_km (filter));
  gtk_spin_button_set_value (self->min_km_spin, ta_filter_get_min_km (filter));
  gtk_switch_set_active (self->cross_border_switch, ta_filter_get_cross_border_only (filter));

  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), !ta_filter_is_empty (filter));
  update_chips (self);

  self->syncing = FALSE;
}

/* Evaluation */

typedef struct
{
  TaFilterPanel *self;        /* owned */
  guint          generation;
} Evaluation;

static void
evaluation_free (Evaluation *evaluation)
{
  g_clear_object (&evaluation->self);
  g_free (evaluation);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Evaluation, evaluation_free)

typedef struct
{
  TaNetwork *network;
  GArray    *link_ids;
} ViewData;

static void
view_data_free (ViewData *data)
{
  g_clear_object (&data->network);
  g_clear_pointer (&data->link_ids, g_array_unref);
  g_free (data);
}

static void
build_view_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ViewData *data = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, ta_network_with_visible_links (data->network, data->link_ids),
                         g_object_unref);
}

static void
on_view_built_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TaFilterPanel *self = TA_FILTER_PANEL (object);
  g_autoptr(Evaluation) evaluation = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaNetwork) view = g_task_propagate_pointer (G_TASK (result), &error);

  if (view == NULL || evaluation->generation != self->generation)
    return;

  set_visible_network (self, view);
  set_busy (self, FALSE);
}

static void
build_view (TaFilterPanel *self,
            GArray        *link_ids,
            Evaluation    *evaluation)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_view_built_cb, evaluation);
  ViewData *data = g_new0 (ViewData, 1);

  data->network = g_object_ref (self->network);
  data->link_ids = g_array_ref (link_ids);
  g_task_set_task_data (task, data, (GDestroyNotify) view_data_free);
  g_task_set_source_tag (task, build_view);
  g_task_run_in_thread (task, build_view_thread);
}

static void
on_links_selected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Evaluation) evaluation = user_data;
  TaFilterPanel *self = evaluation->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) link_ids = ta_filter_select_links_finish (TA_FILTER (object), result, &error);

  if (evaluation->generation != self->generation)
    return;

  /* An atlas in memory (tests, scratch atlases) has no second connection
   * for a worker; it is small enough to filter here. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_clear_error (&error);
      link_ids = ta_filter_select_links (self->filter, self->db, &error);
    }

  if (link_ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("The filter cannot be applied: %s", error->message);
          set_busy (self, FALSE);
        }
      return;
    }

  build_view (self, link_ids, g_steal_pointer (&evaluation));
}

static void
refresh (TaFilterPanel *self)
{
  Evaluation *evaluation;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->network == NULL || self->db == NULL || ta_filter_is_empty (self->filter))
    {
      /* Nothing to hide: the loaded network is its own view. */
      set_visible_network (self, self->network);
      set_busy (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  evaluation = g_new0 (Evaluation, 1);
  evaluation->self = g_object_ref (self);
  evaluation->generation = self->generation;
  set_busy (self, TRUE);
  ta_filter_select_links_async (self->filter, self->db, self->cancellable,
                                on_links_selected_cb, evaluation);
}

/* Callbacks */

static void
on_filter_changed_cb (TaFilterPanel *self)
{
  sync_widgets (self);
  g_settings_set_value (self->settings, "filter", ta_filter_to_variant (self->filter));
  refresh (self);
}

static void
on_country_search_changed_cb (TaFilterPanel *self)
{
  gtk_list_box_invalidate_filter (self->country_list);
}

static void
on_reset_clicked_cb (TaFilterPanel *self)
{
  ta_filter_reset (self->filter);
}

static void
on_country_mode_toggled_cb (TaFilterPanel *self)
{
  if (self->syncing)
    return;

  ta_filter_set_country_mode (self->filter,
                              gtk_toggle_button_get_active (self->between_button)
                              ? TA_FILTER_COUNTRIES_BETWEEN_ONLY
                              : TA_FILTER_COUNTRIES_TOUCHING_ANY);
}

static void
on_years_changed_cb (TaFilterPanel *self)
{
  if (self->syncing)
    return;

  ta_filter_freeze_changed (self->filter);
  ta_filter_set_year_range (self->filter,
                            gtk_spin_button_get_value_as_int (self->from_spin),
                            gtk_spin_button_get_value_as_int (self->to_spin));
  ta_filter_set_unknown_years (self->filter, gtk_check_button_get_active (self->unknown_check));
  ta_filter_thaw_changed (self->filter);
}

static void
on_distance_changed_cb (TaFilterPanel *self)
{
  if (self->syncing)
    return;

  ta_filter_freeze_changed (self->filter);
  ta_filter_set_distance_range (self->filter,
                                gtk_spin_button_get_value (self->min_km_spin),
                                gtk_spin_button_get_value (self->max_km_spin));
  ta_filter_set_cross_border_only (self->filter, gtk_switch_get_active (self->cross_border_switch));
  ta_filter_thaw_changed (self->filter);
}

/* 0 means "not set": the spin buttons say "any" rather than 0. */
static gboolean
on_spin_output_cb (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;

  /* Translators: a year or distance field that does not filter */
  gtk_editable_set_text (GTK_EDITABLE (spin), _("any"));
  return TRUE;
}

static int
on_spin_input_cb (GtkSpinButton *spin,
                  double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  double value = g_strtod (text, &end);

  /* "any", an empty field or words: not set. */
  if (end == text)
    {
      *new_value = 0;
      return TRUE;
    }

  *new_value = value;
  return TRUE;
}

static void
setup_spin (TaFilterPanel *self,
            GtkSpinButton *spin,
            GCallback      changed)
{
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output_cb), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (on_spin_input_cb), NULL);
  g_signal_connect_object (spin, "value-changed", changed, self, G_CONNECT_SWAPPED);
}

/* GtkWidget */

/* The chips and long names ask for as much width as they have text; a
 * side panel keeps its width and wraps them instead. */
static void
ta_filter_panel_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  GTK_WIDGET_CLASS (ta_filter_panel_parent_class)->measure (widget, orientation, for_size,
                                                            minimum, natural,
                                                            minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, PANEL_WIDTH);
}

/* GObject */

static void
ta_filter_panel_dispose (GObject *object)
{
  TaFilterPanel *self = TA_FILTER_PANEL (object);

  /* Evaluations still running find a newer generation and drop out. */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_FILTER_PANEL);

  G_OBJECT_CLASS (ta_filter_panel_parent_class)->dispose (object);
}

static void
ta_filter_panel_finalize (GObject *object)
{
  TaFilterPanel *self = TA_FILTER_PANEL (object);

  g_clear_object (&self->filter);
  g_clear_object (&self->settings);
  g_clear_object (&self->db);
  g_clear_object (&self->network);
  g_clear_object (&self->visible_network);
  g_clear_pointer (&self->region_country, g_free);

  G_OBJECT_CLASS (ta_filter_panel_parent_class)->finalize (object);
}

static void
ta_filter_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TaFilterPanel *self = TA_FILTER_PANEL (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;

    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;

    case PROP_VISIBLE_NETWORK:
      g_value_set_object (value, self->visible_network);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_filter_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TaFilterPanel *self = TA_FILTER_PANEL (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      ta_filter_panel_set_network (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_filter_panel_class_init (TaFilterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_filter_panel_dispose;
  object_class->finalize = ta_filter_panel_finalize;
  object_class->get_property = ta_filter_panel_get_property;
  object_class->set_property = ta_filter_panel_set_property;

  widget_class->measure = ta_filter_panel_measure;

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         TA_TYPE_FILTER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         TA_TYPE_NETWORK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The network with only the links the filter selects visible. */
  properties[PROP_VISIBLE_NETWORK] =
    g_param_spec_object ("visible-network", NULL, NULL,
                         TA_TYPE_NETWORK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-filter-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, reset_button);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, chips_box);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, country_search);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, touching_button);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, between_button);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, country_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, neighbours_button);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, regions_hint);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, region_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, programme_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, funder_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, exchange_kind_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, link_kind_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, status_list);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, from_spin);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, to_spin);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, unknown_check);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, max_km_spin);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, min_km_spin);
  gtk_widget_class_bind_template_child (widget_class, TaFilterPanel, cross_border_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_country_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_neighbours_clicked_cb);
}

static void
ta_filter_panel_init (TaFilterPanel *self)
{
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  ta_filter_panel_ensure_style (GTK_WIDGET (self));

  self->filter = ta_filter_new ();
  self->settings = g_settings_new (APPLICATION_ID);

  /* A saved filter of an older or broken form is dropped, not fatal. */
  saved = g_settings_get_value (self->settings, "filter");
  if (!ta_filter_set_from_variant (self->filter, saved, &error))
    {
      g_debug ("The saved filter is ignored: %s", error->message);
      ta_filter_reset (self->filter);
    }

  gtk_list_box_set_filter_func (self->country_list, country_filter_func, self, NULL);
  g_object_set_data (G_OBJECT (self->country_list), CRITERION_KEY, (gpointer) TA_FILTER_CRITERION_COUNTRIES);
  g_object_set_data (G_OBJECT (self->region_list), CRITERION_KEY, (gpointer) TA_FILTER_CRITERION_REGIONS);
  g_object_set_data (G_OBJECT (self->programme_list), CRITERION_KEY, (gpointer) TA_FILTER_CRITERION_PROGRAMMES);
  g_object_set_data (G_OBJECT (self->funder_list), CRITERION_KEY, (gpointer) TA_FILTER_CRITERION_FUNDERS);
  fill_known_values (self, self->exchange_kind_list, TA_FILTER_CRITERION_EXCHANGE_KINDS);
  fill_known_values (self, self->link_kind_list, TA_FILTER_CRITERION_LINK_KINDS);
  fill_known_values (self, self->status_list, TA_FILTER_CRITERION_STATUSES);

  setup_spin (self, self->from_spin, G_CALLBACK (on_years_changed_cb));
  setup_spin (self, self->to_spin, G_CALLBACK (on_years_changed_cb));
  setup_spin (self, self->max_km_spin, G_CALLBACK (on_distance_changed_cb));
  setup_spin (self, self->min_km_spin, G_CALLBACK (on_distance_changed_cb));
  g_signal_connect_object (self->unknown_check, "toggled",
                           G_CALLBACK (on_years_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cross_border_switch, "notify::active",
                           G_CALLBACK (on_distance_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->between_button, "toggled",
                           G_CALLBACK (on_country_mode_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);

  sync_widgets (self);
}

/* Public API */

GtkWidget *
ta_filter_panel_new (void)
{
  return g_object_new (TA_TYPE_FILTER_PANEL, NULL);
}

/**
 * ta_filter_panel_get_filter:
 *
 * Returns: (transfer none): the filter the panel edits
 */
TaFilter *
ta_filter_panel_get_filter (TaFilterPanel *self)
{
  g_return_val_if_fail (TA_IS_FILTER_PANEL (self), NULL);

  return self->filter;
}

/**
 * ta_filter_panel_set_database:
 * @db: (nullable): the atlas whose countries, regions and programmes to offer
 */
void
ta_filter_panel_set_database (TaFilterPanel *self,
                              TaDb          *db)
{
  g_return_if_fail (TA_IS_FILTER_PANEL (self));
  g_return_if_fail (db == NULL || TA_IS_DB (db));

  if (!g_set_object (&self->db, db))
    return;

  fill_countries (self);
  fill_from_query (self, self->programme_list,
                   "SELECT name, name FROM programme ORDER BY name", NULL);
  fill_from_query (self, self->funder_list,
                   "SELECT funder, funder FROM programme"
                   " UNION SELECT funder, funder FROM funding WHERE funder IS NOT NULL"
                   " ORDER BY 1", NULL);
  g_clear_pointer (&self->region_country, g_free);
  sync_widgets (self);
  refresh (self);
}

/**
 * ta_filter_panel_set_network:
 * @network: (nullable): every town and link of the atlas
 */
void
ta_filter_panel_set_network (TaFilterPanel *self,
                             TaNetwork     *network)
{
  g_return_if_fail (TA_IS_FILTER_PANEL (self));
  g_return_if_fail (network == NULL || TA_IS_NETWORK (network));

  if (!g_set_object (&self->network, network))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
  update_neighbours_button (self);
  refresh (self);
}

/**
 * ta_filter_panel_get_network:
 *
 * Returns: (transfer none) (nullable): the whole network
 */
TaNetwork *
ta_filter_panel_get_network (TaFilterPanel *self)
{
  g_return_val_if_fail (TA_IS_FILTER_PANEL (self), NULL);

  return self->network;
}

/**
 * ta_filter_panel_get_visible_network:
 *
 * Returns: (transfer none) (nullable): the network as the filter shows it
 */
TaNetwork *
ta_filter_panel_get_visible_network (TaFilterPanel *self)
{
  g_return_val_if_fail (TA_IS_FILTER_PANEL (self), NULL);

  return self->visible_network;
}

gboolean
ta_filter_panel_get_busy (TaFilterPanel *self)
{
  g_return_val_if_fail (TA_IS_FILTER_PANEL (self), FALSE);

  return self->busy;
}
