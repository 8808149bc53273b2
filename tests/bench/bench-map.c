/* bench-map.c: frame times of the map while panning and zooming
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs each scenario in a child process of its own (so each gets its own
 * peak RSS and GSK renderer) under both GSK renderers, and prints a table
 * and one last line: RATIOS overlay_vs_basemap=X stock_vs_ours=Y.
 *
 * Scenarios, in a 1200×760 window over Europe:
 *   basemap    the offline basemap (TaTileSource) alone
 *   bundled    basemap + TaNetworkLayer with the bundled atlas.db
 *   synthetic  basemap + TaNetworkLayer with 100,000 made-up towns and
 *              300,000 links (ta_network_new_synthetic)
 *   stock      stock libshumate: a ShumateMarkerLayer with a marker per
 *              town and one ShumatePathLayer per link, for a synthetic
 *              2,000 towns / 2,000 links (GL: 200 links, as each path layer
 *              costs a window-sized texture there)
 *   ours       TaNetworkLayer on exactly the same towns and links
 * The last two have no basemap, so that their ratio compares the overlays
 * and not the basemap both would share.
 *
 * How a frame is timed: from the frame clock's "update" signal (where the
 * tick callback moves the viewport) to its "after-paint" signal, so layout,
 * snapshot and GSK rendering (GL: up to the buffer swap) are all in it.
 * The overlay's tiles are drawn in worker threads; their cost shows only
 * as far as it slows the main thread.  Every scenario first waits until
 * the overlay is complete, then pans 6 px a frame diagonally, then zooms
 * in and out by 1.5 levels in steps of 0.025.  Other processes on the
 * machine disturb the timings, so every scenario but the slow stock one
 * runs twice and the run with the lower pan median counts.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <shumate/shumate.h>

#include "ta-basemap.h"
#include "ta-network.h"
#include "ta-network-layer.h"
#include "ta-paths.h"
#include "ta-tile-source.h"

#define WIDTH 1200
#define HEIGHT 760

/* Above this the child aborts itself: the GL renderer with path layers
 * can eat the machine. */
#define RSS_LIMIT_MB 4096

#define STOCK_TOWNS 2000
#define STOCK_LINKS 2000
#define STOCK_LINKS_GL 200

typedef enum
{
  PHASE_WARMUP,
  PHASE_PAN,
  PHASE_ZOOM,
  PHASE_DONE,
} Phase;

typedef struct
{
  const char      *scenario;
  GtkWidget       *window;
  ShumateMap      *map;
  ShumateViewport *viewport;
  TaNetworkLayer  *layer;
  GMainLoop       *loop;

  Phase            phase;
  guint            phase_frames;
  guint            pan_frames;
  guint            zoom_frames;
  gint64           started;
  gint64           ready_at;
  gint64           frame_start;
  GArray          *pan_times;     /* double, ms */
  GArray          *zoom_times;
  char            *note;
} Bench;

/* The plain basemap when the offline one cannot be loaded. */
#define BENCH_TYPE_PLAIN_SOURCE (bench_plain_source_get_type ())
G_DECLARE_FINAL_TYPE (BenchPlainSource, bench_plain_source, BENCH, PLAIN_SOURCE, ShumateMapSource)

struct _BenchPlainSource
{
  ShumateMapSource parent_instance;
  GdkTexture      *texture;
};

G_DEFINE_FINAL_TYPE (BenchPlainSource, bench_plain_source, SHUMATE_TYPE_MAP_SOURCE)

static void
bench_plain_source_fill_tile_async (ShumateMapSource    *source,
                                    ShumateTile         *tile,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BenchPlainSource *self = BENCH_PLAIN_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  shumate_tile_set_paintable (tile, GDK_PAINTABLE (self->texture));
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (task, TRUE);
}

static gboolean
bench_plain_source_fill_tile_finish (ShumateMapSource  *source,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
bench_plain_source_finalize (GObject *object)
{
  g_clear_object (&BENCH_PLAIN_SOURCE (object)->texture);
  G_OBJECT_CLASS (bench_plain_source_parent_class)->finalize (object);
}

static void
bench_plain_source_class_init (BenchPlainSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_plain_source_finalize;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_async = bench_plain_source_fill_tile_async;
  SHUMATE_MAP_SOURCE_CLASS (klass)->fill_tile_finish = bench_plain_source_fill_tile_finish;
}

static void
bench_plain_source_init (BenchPlainSource *self)
{
  guchar *pixels = g_malloc (256 * 256 * 4);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 256 * 256; i++)
    memcpy (pixels + 4 * i, (guchar[]) { 0xe0, 0xe8, 0xf0, 0xff }, 4);
  bytes = g_bytes_new_take (pixels, 256 * 256 * 4);
  self->texture = gdk_memory_texture_new (256, 256, GDK_MEMORY_DEFAULT, bytes, 256 * 4);

  shumate_map_source_set_id (SHUMATE_MAP_SOURCE (self), "bench-plain");
  shumate_map_source_set_tile_size (SHUMATE_MAP_SOURCE (self), 256);
  shumate_map_source_set_max_zoom_level (SHUMATE_MAP_SOURCE (self), 18);
}

/* Memory guard */

static double
current_rss_mb (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024 * 1024);
}

static gpointer
watch_memory_thread (gpointer data)
{
  for (;;)
    {
      double rss = current_rss_mb ();

      if (rss > RSS_LIMIT_MB)
        {
          g_printerr ("bench-map: RSS %.0f MB exceeds %d MB, stopping\n", rss, RSS_LIMIT_MB);
          printf ("RESULT aborted=memory rss_mb=%.0f\n", rss);
          fflush (stdout);
          _exit (3);
        }
      g_usleep (50 * 1000);
    }
  return NULL;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Statistics */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = NULL;

  if (values->len == 0)
    return NAN;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_doubles);
  return g_array_index (sorted, double, (guint) MIN (sorted->len - 1, floor (p * sorted->len)));
}

/* Scenarios */

static ShumateMapSource *
make_basemap_source (Bench *bench)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaBasemap) basemap = ta_basemap_new_default (&error);

  if (basemap == NULL)
    {
      bench->note = g_strdup_printf ("no offline basemap (%s), plain tiles", error->message);
      return g_object_new (BENCH_TYPE_PLAIN_SOURCE, NULL);
    }
  return SHUMATE_MAP_SOURCE (ta_tile_source_new (basemap));
}

static GdkTexture *
make_dot_texture (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  cairo_arc (cr, 4, 4, 3.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), 8 * cairo_image_surface_get_stride (surface));
  texture = gdk_memory_texture_new (8, 8, GDK_MEMORY_DEFAULT, bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

static gboolean
using_gl (void)
{
  return g_strcmp0 (g_getenv ("GSK_RENDERER"), "gl") == 0;
}

/* The same towns and links for both sides of the comparison. */
static TaNetwork *
make_stock_network (void)
{
  g_autoptr(TaNetwork) network = ta_network_new_synthetic (STOCK_TOWNS, STOCK_LINKS, 2026);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = using_gl () ? STOCK_LINKS_GL : STOCK_LINKS;

  if (n == STOCK_LINKS)
    return g_steal_pointer (&network);
  for (guint i = 0; i < n; i++)
    g_array_append_val (ids, ta_network_get_link (network, i)->id);
  return ta_network_with_visible_links (network, ids);
}

static void
add_stock_layers (Bench     *bench,
                  TaNetwork *network)
{
  g_autoptr(GdkTexture) dot = make_dot_texture ();
  ShumateMarkerLayer *markers = shumate_marker_layer_new (bench->viewport);
  GdkRGBA colour = { 0.65, 0.11, 0.18, 0.5 };
  guint n_paths = 0;

  for (guint i = 0; i < ta_network_get_n_links (network); i++)
    {
      ShumatePathLayer *path;
      const double *p;
      guint n;

      if (!ta_network_is_link_visible (network, i))
        continue;
      path = shumate_path_layer_new (bench->viewport);
      shumate_path_layer_set_stroke_color (path, &colour);
      shumate_path_layer_set_stroke_width (path, 1.0);
      p = ta_network_get_link_points (network, i, &n);
      for (guint k = 0; k < n; k++)
        {
          double lon = p[2 * k] * 360.0 - 180.0;
          double lat = 90.0 - 360.0 * atan (exp ((p[2 * k + 1] - 0.5) * 2.0 * G_PI)) / G_PI;
          /* A floating reference: the path layer sinks it. */
          ShumateCoordinate *c = shumate_coordinate_new_full (lat, lon - 360.0 * floor ((lon + 180.0) / 360.0));

          shumate_path_layer_add_node (path, SHUMATE_LOCATION (c));
        }
      shumate_map_add_layer (bench->map, SHUMATE_LAYER (path));
      n_paths++;
    }

  for (guint i = 0; i < ta_network_get_n_towns (network); i++)
    {
      const TaNetworkTown *town = ta_network_get_town (network, i);
      ShumateMarker *marker = shumate_marker_new ();
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (dot));

      gtk_widget_set_size_request (picture, 8, 8);
      shumate_marker_set_child (marker, picture);
      shumate_location_set_location (SHUMATE_LOCATION (marker), town->lat, town->lon);
      shumate_marker_layer_add_marker (markers, marker);
    }
  shumate_map_add_layer (bench->map, SHUMATE_LAYER (markers));

  bench->note = g_strdup_printf ("%u markers, %u path layers", ta_network_get_n_towns (network), n_paths);
}

static gboolean
setup_scenario (Bench *bench)
{
  gboolean overlays_only = g_str_equal (bench->scenario, "stock") || g_str_equal (bench->scenario, "ours");
  g_autoptr(ShumateMapSource) source = NULL;
  g_autoptr(TaNetwork) network = NULL;

  bench->map = shumate_map_new ();
  bench->viewport = shumate_map_get_viewport (bench->map);
  if (overlays_only)
    {
      /* The viewport needs a reference source; no tile layer shows it. */
      source = g_object_new (BENCH_TYPE_PLAIN_SOURCE, NULL);
      shumate_viewport_set_reference_map_source (bench->viewport, source);
    }
  else
    {
      ShumateMapLayer *tiles;

      source = make_basemap_source (bench);
      shumate_viewport_set_reference_map_source (bench->viewport, source);
      tiles = shumate_map_layer_new (source, bench->viewport);
      shumate_map_add_layer (bench->map, SHUMATE_LAYER (tiles));
      /* See PLATFORM-NOTES: keeps the basemap from lagging behind overlays. */
      g_signal_connect_object (bench->viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), tiles,
                               G_CONNECT_SWAPPED);
    }

  if (g_str_equal (bench->scenario, "bundled"))
    {
      g_autofree char *path = ta_paths_get_bundled_database ();
      g_autoptr(GError) error = NULL;
      g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_READ_ONLY, &error);

      if (db == NULL)
        {
          printf ("RESULT skipped=1 note=%s\n", error->message);
          return FALSE;
        }
      network = ta_network_load (db, &error);
      if (network == NULL)
        {
          printf ("RESULT skipped=1 note=%s\n", error->message);
          return FALSE;
        }
      bench->note = g_strdup_printf ("%u towns, %u links", ta_network_get_n_towns (network),
                                     ta_network_get_n_links (network));
    }
  else if (g_str_equal (bench->scenario, "synthetic"))
    {
      gint64 start = g_get_monotonic_time ();

      network = ta_network_new_synthetic (100000, 300000, 42);
      bench->note = g_strdup_printf ("100000 towns, 300000 links, built in %.1f s",
                                     (g_get_monotonic_time () - start) / 1e6);
    }
  else if (g_str_equal (bench->scenario, "ours"))
    {
      network = make_stock_network ();
      bench->note = g_strdup_printf ("%u towns, %u links", ta_network_get_n_towns (network),
                                     ta_network_get_n_visible_links (network));
    }
  else if (g_str_equal (bench->scenario, "stock"))
    {
      g_autoptr(TaNetwork) stock = make_stock_network ();

      add_stock_layers (bench, stock);
    }
  else if (!g_str_equal (bench->scenario, "basemap"))
    {
      g_printerr ("bench-map: unknown scenario %s\n", bench->scenario);
      return FALSE;
    }

  if (network != NULL)
    {
      bench->layer = ta_network_layer_new (bench->viewport);
      ta_network_layer_set_network (bench->layer, network);
      shumate_map_add_layer (bench->map, SHUMATE_LAYER (bench->layer));
    }

  shumate_viewport_set_zoom_level (bench->viewport, 5.0);
  shumate_location_set_location (SHUMATE_LOCATION (bench->viewport), 50.0, 10.0);
  return TRUE;
}

/* Driving frames */

static void
on_update_cb (GdkFrameClock *clock,
              Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  double ms;

  if (bench->frame_start == 0)
    return;
  ms = (g_get_monotonic_time () - bench->frame_start) / 1000.0;
  bench->frame_start = 0;

  if (bench->phase == PHASE_PAN && bench->phase_frames > 0)
    g_array_append_val (bench->pan_times, ms);
  else if (bench->phase == PHASE_ZOOM && bench->phase_frames > 0)
    g_array_append_val (bench->zoom_times, ms);
}

static void
pan_by (Bench  *bench,
        double  dx,
        double  dy)
{
  double lat, lon;

  shumate_viewport_widget_coords_to_location (bench->viewport, GTK_WIDGET (bench->map),
                                              WIDTH / 2.0 + dx, HEIGHT / 2.0 + dy, &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (bench->viewport), lat, lon);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  bench->phase_frames++;
  switch (bench->phase)
    {
    case PHASE_WARMUP:
      /* The overlay complete and the basemap given time to fill in. */
      if (bench->layer != NULL && !ta_network_layer_is_ready (bench->layer))
        bench->ready_at = 0;
      else if (bench->ready_at == 0)
        bench->ready_at = now;
      if (bench->ready_at != 0 && now - bench->ready_at > G_USEC_PER_SEC &&
          now - bench->started > 3 * G_USEC_PER_SEC && bench->phase_frames > 30)
        {
          bench->phase = PHASE_PAN;
          bench->phase_frames = 0;
        }
      else if (now - bench->started > 300 * G_USEC_PER_SEC)
        {
          bench->note = g_strdup ("overlay not ready after 300 s");
          bench->phase = PHASE_DONE;
        }
      break;

    case PHASE_PAN:
      /* 6 px a frame to the south-east, then back. */
      if (bench->phase_frames <= bench->pan_frames / 2)
        pan_by (bench, 6, 4);
      else
        pan_by (bench, -6, -4);
      if (bench->phase_frames >= bench->pan_frames)
        {
          bench->phase = PHASE_ZOOM;
          bench->phase_frames = 0;
        }
      break;

    case PHASE_ZOOM:
      {
        guint half = bench->zoom_frames / 2;
        double step = 1.5 / MAX (half, 1);
        double zoom = bench->phase_frames <= half
                      ? 5.0 + step * bench->phase_frames
                      : 5.0 + step * (bench->zoom_frames - bench->phase_frames);

        shumate_viewport_set_zoom_level (bench->viewport, zoom);
        if (bench->phase_frames >= bench->zoom_frames)
          bench->phase = PHASE_DONE;
      }
      break;

    case PHASE_DONE:
    default:
      g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }

  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
on_realize_cb (GtkWidget *widget,
               Bench     *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "update", G_CALLBACK (on_update_cb), bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), bench);
}

static int
run_child (const char *scenario)
{
  Bench bench = { 0, };
  gboolean slow = g_str_equal (scenario, "stock");

  g_thread_unref (g_thread_new ("memory-guard", watch_memory_thread, NULL));

  gtk_init ();
  /* The parent reads the numbers back. */
  setlocale (LC_NUMERIC, "C");
  bench.scenario = scenario;
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.pan_times = g_array_new (FALSE, FALSE, sizeof (double));
  bench.zoom_times = g_array_new (FALSE, FALSE, sizeof (double));
  /* The stock layers take up to seconds a frame: fewer frames. */
  bench.pan_frames = slow ? 30 : 120;
  bench.zoom_frames = slow ? 20 : 120;

  if (!setup_scenario (&bench))
    return 0;

  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (bench.window), GTK_WIDGET (bench.map));
  g_signal_connect (bench.window, "realize", G_CALLBACK (on_realize_cb), &bench);
  gtk_widget_add_tick_callback (GTK_WIDGET (bench.map), tick_cb, &bench, NULL);
  bench.started = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (bench.window));

  g_main_loop_run (bench.loop);

  printf ("RESULT pan_median=%.2f pan_p95=%.2f zoom_median=%.2f zoom_p95=%.2f frames=%u "
          "ready_s=%.1f rss_mb=%.0f note=%s\n",
          percentile (bench.pan_times, 0.5), percentile (bench.pan_times, 0.95),
          percentile (bench.zoom_times, 0.5), percentile (bench.zoom_times, 0.95),
          bench.pan_times->len + bench.zoom_times->len,
          bench.ready_at ? (bench.ready_at - bench.started) / 1e6 : NAN,
          peak_rss_mb (), bench.note ? bench.note : "");
  fflush (stdout);
  /* Exit without tearing down thousands of widgets: nothing left to measure. */
  _exit (0);
}

/* The parent: one child per scenario and renderer */

typedef struct
{
  GHashTable *values;   /* key → string */
} Result;

static Result
run_scenario (const char *self_path,
              const char *scenario,
              const char *renderer)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cache = g_dir_make_tmp ("ta-bench-XXXXXX", NULL);
  Result result = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  g_auto(GStrv) lines = NULL;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);
  g_subprocess_launcher_setenv (launcher, "GDK_BACKEND", "x11", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  if (cache != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);

  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child", scenario, NULL);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    {
      g_hash_table_insert (result.values, g_strdup ("note"), g_strdup (error->message));
      return result;
    }

  lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *note;

      if (!g_str_has_prefix (line, "RESULT "))
        continue;
      note = strstr (line, " note=");
      if (note != NULL)
        g_hash_table_insert (result.values, g_strdup ("note"), g_strdup (note + 6));
      {
        g_autofree char *fields = g_strndup (line + 7, note ? (gsize) (note - line - 7) : strlen (line + 7));
        g_auto(GStrv) pairs = g_strsplit (fields, " ", -1);

        for (guint k = 0; pairs[k] != NULL; k++)
          {
            char *eq = strchr (pairs[k], '=');

            if (eq != NULL)
              g_hash_table_insert (result.values, g_strndup (pairs[k], eq - pairs[k]), g_strdup (eq + 1));
          }
      }
    }
  if (!g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0)
    g_hash_table_insert (result.values, g_strdup ("failed"), g_strdup ("1"));

  if (cache != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", cache);

      if (system (cmd) != 0)
        g_printerr ("bench-map: could not remove %s\n", cache);
    }
  return result;
}

static double
value (Result     *result,
       const char *key)
{
  const char *v = g_hash_table_lookup (result->values, key);

  return v ? g_ascii_strtod (v, NULL) : NAN;
}

static const struct
{
  const char *id;
  const char *label;
} scenarios[] = {
  { "basemap", "(a) basemap only" },
  { "bundled", "(b) + overlay, bundled atlas" },
  { "synthetic", "(c) + overlay, 100k towns / 300k links" },
  { "stock", "(d) stock markers + path layers" },
  { "ours", "(d) TaNetworkLayer, same towns/links" },
};

static const char * const renderers[] = { "gl", "cairo" };

static int
run_parent (const char *self_path)
{
  Result results[G_N_ELEMENTS (renderers)][G_N_ELEMENTS (scenarios)];
  double overlay_ratio = NAN, stock_ratio = NAN;

  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
      {
        g_printerr ("bench-map: %s, %s\n", renderers[r], scenarios[s].id);
        results[r][s] = run_scenario (self_path, scenarios[s].id, renderers[r]);
        if (!g_str_equal (scenarios[s].id, "stock"))
          {
            Result again = run_scenario (self_path, scenarios[s].id, renderers[r]);

            if (value (&again, "pan_median") < value (&results[r][s], "pan_median"))
              {
                g_hash_table_unref (results[r][s].values);
                results[r][s] = again;
              }
            else
              g_hash_table_unref (again.values);
          }
      }

  printf ("\nFrame times in ms (median / 95th percentile), 1200x760 over Europe, zoom 5;\n"
          "a frame is timed from the frame clock's update to its after-paint; best of two\n"
          "runs (stock: one); (d) without basemap.\n\n");
  printf ("%-42s %-8s %17s %17s %9s %8s\n", "scenario", "renderer", "pan med / p95", "zoom med / p95",
          "ready s", "peak MB");
  for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
    for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
      {
        Result *res = &results[r][s];
        const char *note = g_hash_table_lookup (res->values, "note");

        if (g_hash_table_contains (res->values, "skipped"))
          printf ("%-42s %-8s skipped: %s\n", scenarios[s].label, renderers[r], note ? note : "");
        else if (g_hash_table_contains (res->values, "aborted"))
          printf ("%-42s %-8s aborted: memory above %d MB\n", scenarios[s].label, renderers[r], RSS_LIMIT_MB);
        else
          printf ("%-42s %-8s %8.1f / %6.1f %8.1f / %6.1f %9.1f %8.0f  %s%s\n",
                  scenarios[s].label, renderers[r],
                  value (res, "pan_median"), value (res, "pan_p95"),
                  value (res, "zoom_median"), value (res, "zoom_p95"),
                  value (res, "ready_s"), value (res, "rss_mb"),
                  note ? note : "",
                  g_hash_table_contains (res->values, "failed") ? " (child failed)" : "");
      }

  printf ("\n");
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    {
      double overlay = value (&results[r][1], "pan_median") / value (&results[r][0], "pan_median");
      double stock = value (&results[r][3], "pan_median") / value (&results[r][4], "pan_median");

      printf ("%s: overlay_vs_basemap=%.2f stock_vs_ours=%.1f\n", renderers[r], overlay, stock);
      /* The last line reports the worse renderer for both. */
      if (isnan (overlay_ratio) || overlay > overlay_ratio)
        overlay_ratio = overlay;
      if (isnan (stock_ratio) || stock < stock_ratio)
        stock_ratio = stock;
    }

  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    for (guint s = 0; s < G_N_ELEMENTS (scenarios); s++)
      g_hash_table_unref (results[r][s].values);

  printf ("RATIOS overlay_vs_basemap=%.2f stock_vs_ours=%.1f\n", overlay_ratio, stock_ratio);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self_path = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  /* Headless: run again under Xvfb when there is no display. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("TA_BENCH_UNDER_XVFB") == NULL)
    {
      const char *xvfb_argv[] = { "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", argv[0], NULL };

      g_setenv ("TA_BENCH_UNDER_XVFB", "1", TRUE);
      execvp ("xvfb-run", (char **) xvfb_argv);
      g_printerr ("bench-map: no display and no xvfb-run\n");
      return 77;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  return run_parent (self_path ? self_path : argv[0]);
}
