/* test-filter-panel.c: the filter panel drives the map, drawn under Xvfb
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TaWindow on a small synthetic atlas (made-up towns in the made-up
 * countries XA, XB and XC, with start and end years): clicking the panel's
 * check buttons, chips and reset button must change which links the
 * overlay holds (exactly those ta_filter_select_links() picks) and what
 * the map shows, and the filter must survive a restart through GSettings.
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "ta-db.h"
#include "ta-filter-panel.h"
#include "ta-network-layer.h"
#include "ta-stats-view.h"
#include "ta-time-bar.h"
#include "ta-window.h"
#include "ta-gtk-test-util.h"


static char *tmp_dir;
static char *atlas_path;
static char *no_years_path;

/* Fixture: all of it made up.  Links (start-end): 1 XA-XB 1990-, 2 XA-XB
 * 2005-, 3 XA-XC 1999-2004 ended, 4 XB-XC unknown year, 5 XA-XA 2010-,
 * 6 XB-XB 1980-1995 ended.  Town 7 (XB) has no link; it lies near a town
 * of XA. */
static void
create_atlas (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);

  g_assert_no_error (error);
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution)"
              "  VALUES ('test', 'Synthetic test fixture', 'CC0-1.0', 'none');"
              "INSERT INTO country (code, name_en, name_pl, name_de, source_id) VALUES"
              "  ('XA', 'Testland', 'Testlandia', 'Testland', 'test'),"
              "  ('XB', 'Probeland', 'Probelandia', 'Probeland', 'test'),"
              "  ('XC', 'Fixturia', 'Fiksturia', 'Fixturien', 'test');"
              "INSERT INTO town (id, name, country_code, lat, lon, population, source_id) VALUES"
              "  (1, 'Testburg', 'XA', 50.0, 5.0, 1000, 'test'),"
              "  (2, 'Testheim', 'XA', 52.0, 9.0, 1000, 'test'),"
              "  (3, 'Probstadt', 'XB', 48.0, 15.0, 1000, 'test'),"
              "  (4, 'Probdorf', 'XB', 54.0, 18.0, 1000, 'test'),"
              "  (5, 'Fixtureville', 'XC', 45.0, 24.0, 1000, 'test'),"
              "  (6, 'Fixturetown', 'XC', 56.0, 26.0, 1000, 'test'),"
              /* 40 km from Testheim: Probeland neighbours Testland. */
              "  (7, 'Grenzdorf', 'XB', 52.3, 9.3, 100, 'test');"
              "INSERT INTO link (id, town_a, town_b, kind, status, start_year, end_year, source_id) VALUES"
              "  (1, 1, 3, 'twinning', 'active', 1990, NULL, 'test'),"
              "  (2, 2, 4, 'partnership', 'active', 2005, NULL, 'test'),"
              "  (3, 1, 5, 'twinning', 'ended', 1999, 2004, 'test'),"
              "  (4, 3, 6, 'friendship', 'active', NULL, NULL, 'test'),"
              "  (5, 1, 2, 'twinning', 'active', 2010, NULL, 'test'),"
              "  (6, 3, 4, 'cooperation', 'ended', 1980, 1995, 'test');"
              "INSERT INTO link_source (link_id, source_id) SELECT id, 'test' FROM link;",
              &error);
  g_assert_no_error (error);
}

/* The same towns and links without any year, as in the bundled atlas. */
static void
create_atlas_without_years (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  create_atlas (path);
  db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  ta_db_exec (db, "UPDATE link SET start_year = NULL, end_year = NULL, status = 'active';", &error);
  g_assert_no_error (error);
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "filter");
  g_settings_reset (settings, "map-latitude");
  g_settings_reset (settings, "map-longitude");
  g_settings_reset (settings, "map-zoom");
  g_settings_reset (settings, "basemap");
}

/* Widgets */

static void
collect_widgets (GtkWidget  *root,
                 const char *css_class,
                 GPtrArray  *found)
{
  if (gtk_widget_has_css_class (root, css_class))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, css_class, found);
}

static gboolean
check_has_value (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (g_object_get_data (G_OBJECT (widget), "ta-filter-value"), data) == 0;
}

static gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static TaFilterPanel *
get_panel (TaWindow *window)
{
  GtkWidget *panel = ta_test_find_widget (GTK_WIDGET (window), TA_TYPE_FILTER_PANEL, NULL, NULL);

  g_assert_nonnull (panel);
  return TA_FILTER_PANEL (panel);
}

static TaNetworkLayer *
get_layer (TaWindow *window)
{
  GtkWidget *layer = ta_test_find_widget (GTK_WIDGET (ta_window_get_map (window)), TA_TYPE_NETWORK_LAYER, NULL, NULL);

  g_assert_nonnull (layer);
  return TA_NETWORK_LAYER (layer);
}

static void
toggle_value (TaWindow   *window,
              const char *value)
{
  GtkWidget *check = ta_test_find_widget (GTK_WIDGET (get_panel (window)), GTK_TYPE_CHECK_BUTTON,
                                  check_has_value, value);

  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

static GPtrArray *
get_chips (TaWindow *window)
{
  GPtrArray *chips = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (get_panel (window)), "filter-chip", chips);
  return chips;
}

/* Window */

static gboolean
map_is_shown (gpointer data)
{
  GtkWidget *map = GTK_WIDGET (ta_window_get_map (data));

  return gtk_widget_get_mapped (map) && gtk_widget_get_width (map) > 0;
}

/* The panel is idle and the map shows its view. */
static gboolean
map_follows_filter (gpointer data)
{
  TaWindow *window = data;
  TaFilterPanel *panel = get_panel (window);

  return !ta_filter_panel_get_busy (panel)
         && ta_filter_panel_get_visible_network (panel) != NULL
         && ta_network_layer_get_network (get_layer (window)) == ta_filter_panel_get_visible_network (panel)
         && ta_network_layer_is_ready (get_layer (window));
}

static TaWindow *
open_window_on (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);
  TaWindow *window;

  g_assert_no_error (error);
  window = ta_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  ta_window_set_database (window, db);
  ta_window_go_to (window, 51.0, 15.0, 4.0);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ta_test_wait_until (map_is_shown, window, 300));
  g_assert_true (ta_test_wait_until (map_follows_filter, window, 300));

  return window;
}

static TaWindow *
open_window (void)
{
  return open_window_on (atlas_path);
}

static TaTimeBar *
get_time_bar (TaWindow *window)
{
  GtkWidget *bar = ta_test_find_widget (GTK_WIDGET (window), TA_TYPE_TIME_BAR, NULL, NULL);

  g_assert_nonnull (bar);
  return TA_TIME_BAR (bar);
}

static void
close_window (TaWindow *window)
{
  gtk_window_close (GTK_WINDOW (window));
  ta_test_wait_ms (50);
}

/* What the overlay holds equals what the core selects. */
static guint
assert_map_matches_filter (TaWindow *window)
{
  TaFilterPanel *panel = get_panel (window);
  TaNetwork *shown;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;

  g_assert_true (ta_test_wait_until (map_follows_filter, window, 300));
  shown = ta_network_layer_get_network (get_layer (window));
  expected = ta_filter_select_links (ta_filter_panel_get_filter (panel),
                                     ta_window_get_database (window), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ta_network_get_n_visible_links (shown), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      int index = ta_network_find_link (shown, g_array_index (expected, gint64, i));

      g_assert_cmpint (index, >=, 0);
      g_assert_true (ta_network_is_link_visible (shown, index));
    }

  return expected->len;
}

/* Pixels */

static GdkTexture *
render_map (TaWindow *window)
{
  GdkTexture *texture = ta_test_render_widget (GTK_WIDGET (ta_window_get_map (window)));

  g_assert_nonnull (texture);
  return texture;
}

/* Pixels that differ by more than a rounding error. */
static guint
count_changed_pixels (GdkTexture *a,
                      GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *pixels_a = g_malloc (width * height * 4);
  g_autofree guchar *pixels_b = g_malloc (width * height * 4);
  guint changed = 0;

  g_assert_cmpint (width, ==, gdk_texture_get_width (b));
  g_assert_cmpint (height, ==, gdk_texture_get_height (b));
  gdk_texture_download (a, pixels_a, width * 4);
  gdk_texture_download (b, pixels_b, width * 4);

  for (int i = 0; i < width * height; i++)
    for (int c = 0; c < 3; c++)
      if (ABS ((int) pixels_a[i * 4 + c] - (int) pixels_b[i * 4 + c]) > 8)
        {
          changed++;
          break;
        }

  return changed;
}

/* Tests */

static void
test_toggle_changes_map (void)
{
  TaWindow *window;
  g_autoptr(GdkTexture) all_links = NULL;
  g_autoptr(GdkTexture) filtered = NULL;
  g_autoptr(GdkTexture) restored = NULL;

  reset_settings ();
  window = open_window ();
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);
  all_links = render_map (window);

  /* Links with an end in Fixturia: 3 and 4. */
  toggle_value (window, "XC");
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);
  filtered = render_map (window);
  g_assert_cmpuint (count_changed_pixels (all_links, filtered), >, 200);

  /* Only those with both ends in Fixturia or Probeland: 4 and 6. */
  toggle_value (window, "XB");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ta_test_find_widget (GTK_WIDGET (get_panel (window)),
                                                                GTK_TYPE_TOGGLE_BUTTON,
                                                                button_has_label,
                                                                "Between These Only")),
                                TRUE);
  g_assert_cmpint (ta_filter_get_country_mode (ta_filter_panel_get_filter (get_panel (window))),
                   ==, TA_FILTER_COUNTRIES_BETWEEN_ONLY);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);

  /* Kinds narrow further: neither is a twinning. */
  toggle_value (window, "twinning");
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 0);

  /* Unticking everything shows all again, drawn as before. */
  toggle_value (window, "twinning");
  toggle_value (window, "XB");
  toggle_value (window, "XC");
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);
  restored = render_map (window);
  g_assert_cmpuint (count_changed_pixels (all_links, restored), <, 50);

  close_window (window);
}

/* The acceptance: the command line and the map count the same
 * links for the same filter, set here through the panel. */
static void
test_cli_agrees (void)
{
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  TaWindow *window;
  guint shown;

  g_assert_nonnull (g_getenv ("TA_CLI"));
  reset_settings ();
  window = open_window ();
  toggle_value (window, "XC");
  toggle_value (window, "twinning");
  shown = assert_map_matches_filter (window);

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("TA_CLI"),
                          "--db", atlas_path, "stats", "--country", "XC", "--kind", "twinning",
                          "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "links"),
                   ==, shown);

  close_window (window);
}

static void
test_chips_and_reset (void)
{
  TaWindow *window;
  TaFilter *filter;
  g_autoptr(GPtrArray) chips = NULL;
  GtkWidget *reset;
  const char *countries[] = { "XA", NULL };
  const char *statuses[] = { "active", NULL };

  reset_settings ();
  window = open_window ();
  filter = ta_filter_panel_get_filter (get_panel (window));
  reset = ta_test_find_widget (GTK_WIDGET (get_panel (window)), GTK_TYPE_BUTTON, button_has_label, "_Reset");
  g_assert_nonnull (reset);
  g_assert_false (gtk_widget_get_sensitive (reset));

  ta_filter_set_countries (filter, countries);
  ta_filter_set_statuses (filter, statuses);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 3);
  g_assert_true (gtk_widget_get_sensitive (reset));

  /* The panel's check buttons follow a filter changed elsewhere. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (ta_test_find_widget (GTK_WIDGET (get_panel (window)),
                                                                             GTK_TYPE_CHECK_BUTTON,
                                                                             check_has_value, "XA"))));

  chips = get_chips (window);
  g_assert_cmpuint (chips->len, ==, 2);
  g_signal_emit_by_name (g_ptr_array_index (chips, 0), "clicked");
  g_clear_pointer (&chips, g_ptr_array_unref);
  chips = get_chips (window);
  g_assert_cmpuint (chips->len, ==, 1);
  /* The countries chip comes first: active links of any country remain. */
  g_assert_null (ta_filter_get_countries (filter)[0]);
  g_assert_cmpstr (ta_filter_get_statuses (filter)[0], ==, "active");
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 4);

  ta_filter_set_year_range (filter, 1995, 2010);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);

  g_signal_emit_by_name (reset, "clicked");
  g_assert_true (ta_filter_is_empty (filter));
  g_clear_pointer (&chips, g_ptr_array_unref);
  chips = get_chips (window);
  g_assert_cmpuint (chips->len, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (reset));
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);

  close_window (window);
}

static gboolean
stats_view_shown (gpointer data)
{
  TaStatsView *view = data;

  return gtk_widget_get_mapped (GTK_WIDGET (view))
         && ta_stats_view_get_chart (view, TA_CHART_STAT_LINKS_PER_COUNTRY) != NULL;
}

/* The statistics page counts the filtered links, and follows the filter. */
static void
test_stats_view (void)
{
  TaWindow *window;
  TaStatsView *view;
  TaFilter *filter;
  AdwViewStack *stack;
  TaChart *chart;
  const char *statuses[] = { "ended", NULL };

  reset_settings ();
  window = open_window ();
  view = TA_STATS_VIEW (ta_test_find_widget (GTK_WIDGET (window), TA_TYPE_STATS_VIEW, NULL, NULL));
  stack = ADW_VIEW_STACK (ta_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL, NULL));
  filter = ta_filter_panel_get_filter (get_panel (window));

  adw_view_stack_set_visible_child_name (stack, "statistics");
  g_assert_true (ta_test_wait_until (stats_view_shown, view, 300));
  chart = ta_stats_view_get_chart (view, TA_CHART_STAT_LINKS_PER_COUNTRY);
  /* XA: links 1, 2, 3, 5; XB: 1, 2, 4, 6; XC: 3, 4. */
  g_assert_cmpuint (ta_chart_get_n_bars (chart), ==, 3);
  g_assert_cmpfloat (ta_chart_get_value (chart, 2, 0), ==, 2);

  /* Ended links: 3 (XA-XC) and 6 (XB-XB). */
  ta_filter_set_statuses (filter, statuses);
  ta_test_wait_ms (200);
  chart = ta_stats_view_get_chart (view, TA_CHART_STAT_LINKS_PER_COUNTRY);
  g_assert_cmpuint (ta_chart_get_n_bars (chart), ==, 3);
  g_assert_cmpfloat (ta_chart_get_value (chart, 0, 0) + ta_chart_get_value (chart, 1, 0)
                     + ta_chart_get_value (chart, 2, 0), ==, 3);
  chart = ta_stats_view_get_chart (view, TA_CHART_STAT_LINKS_PER_YEAR);
  g_assert_cmpuint (ta_chart_get_n_bars (chart), ==, 2);

  adw_view_stack_set_visible_child_name (stack, "map");
  close_window (window);
}

/* Neighbours: countries with a town within 50 km of a chosen country's. */
static void
test_neighbours (void)
{
  TaWindow *window;
  TaFilter *filter;
  GtkWidget *button;
  const char * const *countries;

  reset_settings ();
  window = open_window ();
  filter = ta_filter_panel_get_filter (get_panel (window));
  button = ta_test_find_widget (GTK_WIDGET (get_panel (window)), GTK_TYPE_BUTTON, button_has_label, "Add _Neighbours");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));

  toggle_value (window, "XA");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  countries = ta_filter_get_countries (filter);
  g_assert_cmpstr (countries[0], ==, "XA");
  g_assert_cmpstr (countries[1], ==, "XB");
  g_assert_null (countries[2]);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);

  /* Fixturia's towns are all far from the others'. */
  ta_filter_reset (filter);
  toggle_value (window, "XC");
  g_signal_emit_by_name (button, "clicked");
  countries = ta_filter_get_countries (filter);
  g_assert_cmpstr (countries[0], ==, "XC");
  g_assert_null (countries[1]);

  close_window (window);
}

/* The year at which the network is shown: links started by then and not
 * ended before it. */
static void
test_year_at (void)
{
  TaWindow *window;
  TaFilter *filter;

  reset_settings ();
  window = open_window ();
  filter = ta_filter_panel_get_filter (get_panel (window));

  ta_filter_set_year_at (filter, 1985);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 1);
  ta_filter_set_year_at (filter, 2000);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);
  ta_filter_set_year_at (filter, 2012);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 3);

  close_window (window);
}

/* The slider at year Y shows exactly the links a filter of year Y alone
 * selects, with and without the links of unknown year. */
static void
test_time_bar (void)
{
  TaWindow *window;
  TaTimeBar *bar;
  TaFilter *filter;
  static const int years[] = { 1980, 1985, 1990, 1999, 2004, 2005, 2010 };
  int year;

  reset_settings ();
  window = open_window ();
  bar = get_time_bar (window);
  filter = ta_filter_panel_get_filter (get_panel (window));
  g_assert_cmpint (ta_time_bar_get_first_year (bar), ==, 1980);
  g_assert_cmpint (ta_time_bar_get_last_year (bar), ==, 2010);
  g_assert_cmpint (ta_filter_get_year_at (filter), ==, 0);

  ta_time_bar_set_active (bar, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autoptr(TaFilter) alone = ta_filter_new ();
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GError) error = NULL;

      ta_time_bar_set_year (bar, years[i]);
      g_assert_cmpint (ta_filter_get_year_at (filter), ==, years[i]);
      ta_filter_set_year_at (alone, years[i]);
      expected = ta_filter_select_links (alone, ta_window_get_database (window), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (assert_map_matches_filter (window), ==, expected->len);
    }

  /* 2010: links 1, 2 and 5; with the unknown year also link 4. */
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 3);
  ta_filter_set_unknown_years (filter, TRUE);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 4);
  ta_filter_set_unknown_years (filter, FALSE);

  /* Playing moves on one year per step. */
  ta_time_bar_set_year (bar, 1980);
  ta_time_bar_set_playing (bar, TRUE);
  ta_test_wait_ms (TA_TIME_BAR_STEP_MS * 3 + TA_TIME_BAR_STEP_MS / 2);
  year = ta_time_bar_get_year (bar);
  g_assert_cmpint (year, >=, 1982);
  g_assert_cmpint (year, <=, 1984);
  ta_time_bar_set_playing (bar, FALSE);
  g_assert_cmpint (ta_filter_get_year_at (filter), ==, year);
  assert_map_matches_filter (window);

  /* Closing the bar shows every link again. */
  ta_time_bar_set_active (bar, FALSE);
  g_assert_false (ta_time_bar_get_playing (bar));
  g_assert_cmpint (ta_filter_get_year_at (filter), ==, 0);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);

  close_window (window);
}

static gboolean
label_has_text (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

/* Without any start year there is nothing to play: the bar says so. */
static void
test_time_bar_without_years (void)
{
  TaWindow *window;
  TaTimeBar *bar;

  reset_settings ();
  window = open_window_on (no_years_path);
  bar = get_time_bar (window);
  g_assert_cmpint (ta_time_bar_get_first_year (bar), ==, 0);

  ta_time_bar_set_active (bar, TRUE);
  ta_time_bar_set_playing (bar, TRUE);
  g_assert_false (ta_time_bar_get_playing (bar));
  g_assert_cmpint (ta_filter_get_year_at (ta_filter_panel_get_filter (get_panel (window))), ==, 0);
  ta_test_wait_ms (600);
  g_assert_nonnull (ta_test_find_widget (GTK_WIDGET (bar), GTK_TYPE_LABEL, label_has_text, "No link"));
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 6);

  close_window (window);
}

static void
test_persisted (void)
{
  TaWindow *window;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) saved = NULL;
  g_autoptr(TaFilter) expected = ta_filter_new ();
  g_autoptr(TaFilter) restored = NULL;
  g_autoptr(GError) error = NULL;
  const char *countries[] = { "XB", NULL };

  reset_settings ();
  window = open_window ();
  toggle_value (window, "XB");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (ta_test_find_widget (GTK_WIDGET (get_panel (window)),
                                                           GTK_TYPE_SPIN_BUTTON, NULL, NULL)),
                             1985);
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);
  close_window (window);

  ta_filter_set_countries (expected, countries);
  ta_filter_set_year_range (expected, 1985, 0);
  settings = g_settings_new (APPLICATION_ID);
  saved = g_settings_get_value (settings, "filter");
  restored = ta_filter_new_from_variant (saved, &error);
  g_assert_no_error (error);
  g_assert_true (ta_filter_equal (restored, expected));

  /* A new window starts with it, and shows it. */
  window = open_window ();
  g_assert_true (ta_filter_equal (ta_filter_panel_get_filter (get_panel (window)), expected));
  g_assert_cmpuint (assert_map_matches_filter (window), ==, 2);
  close_window (window);
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = ta_test_gtk_init (&argc, &argv, "test-filter-panel");
  if (tmp_dir == NULL)
    return 77;

  atlas_path = g_build_filename (tmp_dir, "atlas.db", NULL);
  create_atlas (atlas_path);
  no_years_path = g_build_filename (tmp_dir, "no-years.db", NULL);
  create_atlas_without_years (no_years_path);

  g_test_add_func ("/ta/gui/filter-panel/toggle-changes-map", test_toggle_changes_map);
  g_test_add_func ("/ta/gui/filter-panel/chips-and-reset", test_chips_and_reset);
  g_test_add_func ("/ta/gui/filter-panel/cli-agrees", test_cli_agrees);
  g_test_add_func ("/ta/gui/filter-panel/year-at", test_year_at);
  g_test_add_func ("/ta/gui/filter-panel/neighbours", test_neighbours);
  g_test_add_func ("/ta/gui/stats-view/follows-filter", test_stats_view);
  g_test_add_func ("/ta/gui/filter-panel/persisted", test_persisted);
  g_test_add_func ("/ta/gui/time-bar/year", test_time_bar);
  g_test_add_func ("/ta/gui/time-bar/without-years", test_time_bar_without_years);

  status = g_test_run ();

  ta_test_remove_tree (tmp_dir);
  g_free (atlas_path);
  g_free (no_years_path);
  g_free (tmp_dir);

  return status;
}
