/* test-network-layer.c: the overlay on a real ShumateMap, drawn offscreen
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map's basemap is a test source of plain grey tiles with one green
 * mark at a known place, so the test can see where libshumate put its
 * tiles and check that the overlay's dots sit on the same pixel grid after
 * pans and fractional zooms.  The network is synthetic.
 */

#include "config.h"

#include <math.h>
#include <shumate/shumate.h>

#include "ta-network.h"
#include "ta-network-layer.h"
#include "ta-projection.h"

#define WIDTH 800
#define HEIGHT 600

/* A basemap of grey tiles with a green 4×4 square centred on (MARK_LAT, MARK_LON),
 * south-east of the synthetic towns so that no arc hides it. */
#define MARK_LAT 34.0
#define MARK_LON 44.0

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, ShumateMapSource)

struct _TestSource
{
  ShumateMapSource parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, SHUMATE_TYPE_MAP_SOURCE)

static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
test_source_fill_tile_async (ShumateMapSource    *source,
                             ShumateTile         *tile,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  cairo_t *cr = cairo_create (surface);
  guint zoom = shumate_tile_get_zoom_level (tile);
  double world = ta_projection_world_size (zoom);
  double mx = ta_projection_lon_to_unit_x (MARK_LON) * world - shumate_tile_get_x (tile) * 256.0;
  double my = ta_projection_lat_to_unit_y (MARK_LAT) * world - shumate_tile_get_y (tile) * 256.0;
  g_autoptr(GdkTexture) texture = NULL;

  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_paint (cr);
  /* Antialiased, so its weighted centre is the place itself. */
  cairo_rectangle (cr, mx - 2, my - 2, 4, 4);
  cairo_set_source_rgb (cr, 0, 1, 0);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  texture = texture_for_surface (surface);
  cairo_surface_destroy (surface);
  shumate_tile_set_paintable (tile, GDK_PAINTABLE (texture));
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_source_fill_tile_finish (ShumateMapSource  *source,
                              GAsyncResult      *result,
                              GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_source_class_init (TestSourceClass *klass)
{
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  source_class->fill_tile_async = test_source_fill_tile_async;
  source_class->fill_tile_finish = test_source_fill_tile_finish;
}

static void
test_source_init (TestSource *self)
{
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (self);

  shumate_map_source_set_id (source, "twin-atlas-test-plain");
  shumate_map_source_set_name (source, "Test");
  shumate_map_source_set_tile_size (source, 256);
  shumate_map_source_set_min_zoom_level (source, 0);
  shumate_map_source_set_max_zoom_level (source, 18);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
}

/* The harness */

typedef struct
{
  GtkWindow       *window;
  ShumateMap      *map;
  ShumateViewport *viewport;
  TaNetworkLayer  *layer;
  TaNetwork       *network;
  guint            frames;
  guchar          *pixels;   /* last capture, WIDTH × HEIGHT, GDK_MEMORY_DEFAULT */
} Harness;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Harness *harness = user_data;

  harness->frames++;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the overlay has every tile and a few more
 * frames have been drawn (the offscreen paintable shows the last frame). */
static void
settle (Harness *harness)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint ready_at = 0;

  for (;;)
    {
      g_main_context_iteration (NULL, FALSE);
      if (!ta_network_layer_is_ready (harness->layer))
        ready_at = 0;
      else if (ready_at == 0)
        ready_at = harness->frames;
      else if (harness->frames >= ready_at + 3)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
}

static void
capture (Harness *harness)
{
  GtkWidget *widget = GTK_WIDGET (harness->map);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);

  g_free (harness->pixels);
  harness->pixels = g_malloc ((gsize) WIDTH * HEIGHT * 4);
  gdk_texture_download (texture, harness->pixels, WIDTH * 4);
}

typedef struct
{
  int r, g, b, a;
} Rgba;

static Rgba
pixel (Harness *harness,
       int      x,
       int      y)
{
  const guchar *p = harness->pixels + ((gsize) y * WIDTH + x) * 4;

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32: B, G, R, A in memory here. */
  return (Rgba) { p[2], p[1], p[0], p[3] };
}

/* How much a pixel looks like the thing looked for, 0 when not at all. */
typedef int (*PixelWeight) (Rgba p);

static int
mark_weight (Rgba p)
{
  return MAX (0, p.g - MAX (p.r, p.b) - 40);
}

/* The town dots' dark core; arcs are coloured, the basemap light. */
static int
town_weight (Rgba p)
{
  return p.r < 90 && p.g < 90 && p.b < 110 ? 255 - MAX (p.r, MAX (p.g, p.b)) : 0;
}

/* The weighted centre of the pixels within @radius of (x, y). */
static gboolean
find_blob (Harness     *harness,
           double       x,
           double       y,
           int          radius,
           PixelWeight  weight,
           double      *cx,
           double      *cy)
{
  double sx = 0, sy = 0, total = 0;

  for (int py = (int) y - radius; py <= (int) y + radius; py++)
    for (int px = (int) x - radius; px <= (int) x + radius; px++)
      if (px >= 0 && py >= 0 && px < WIDTH && py < HEIGHT)
        {
          int w = weight (pixel (harness, px, py));

          sx += w * (px + 0.5);
          sy += w * (py + 0.5);
          total += w;
        }

  if (total == 0)
    return FALSE;
  *cx = sx / total;
  *cy = sy / total;
  return TRUE;
}

/* Made-up towns over Europe, few enough that every one gets its dot, with
 * enough links each that the dots are a few pixels wide. */
static TaNetwork *
make_network (void)
{
  return ta_network_new_synthetic (400, 2000, 11);
}

static void
harness_init (Harness *harness)
{
  g_autoptr(TestSource) source = g_object_new (TEST_TYPE_SOURCE, NULL);
  ShumateMapLayer *tiles;

  memset (harness, 0, sizeof *harness);
  harness->network = make_network ();

  harness->map = shumate_map_new ();
  harness->viewport = shumate_map_get_viewport (harness->map);
  shumate_viewport_set_reference_map_source (harness->viewport, SHUMATE_MAP_SOURCE (source));
  tiles = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), harness->viewport);
  shumate_map_add_layer (harness->map, SHUMATE_LAYER (tiles));
  /* The map layer recomputes its grid from an idle that starves while
   * frames run; redraw it on every viewport change (PLATFORM-NOTES). */
  g_signal_connect_object (harness->viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), tiles,
                           G_CONNECT_SWAPPED);

  harness->layer = ta_network_layer_new (harness->viewport);
  ta_network_layer_set_network (harness->layer, harness->network);
  shumate_map_add_layer (harness->map, SHUMATE_LAYER (harness->layer));

  harness->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (harness->window, WIDTH, HEIGHT);
  gtk_window_set_child (harness->window, GTK_WIDGET (harness->map));
  gtk_widget_add_tick_callback (GTK_WIDGET (harness->map), count_frame_cb, harness, NULL);
  gtk_window_present (harness->window);
}

static void
harness_clear (Harness *harness)
{
  gtk_window_destroy (harness->window);
  g_clear_object (&harness->network);
  g_clear_pointer (&harness->pixels, g_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
go_to (Harness *harness,
       double   lat,
       double   lon,
       double   zoom)
{
  shumate_viewport_set_zoom_level (harness->viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (harness->viewport), lat, lon);
  settle (harness);
  capture (harness);
}

/* The visible town with the most links, and where it should be. */
static guint
pick_town (Harness *harness,
           double  *x,
           double  *y)
{
  TaNetwork *network = harness->network;
  int best = -1;

  for (guint i = 0; i < ta_network_get_n_towns (network); i++)
    {
      const TaNetworkTown *town = ta_network_get_town (network, i);
      double tx, ty;

      shumate_viewport_location_to_widget_coords (harness->viewport, GTK_WIDGET (harness->map),
                                                  town->lat, town->lon, &tx, &ty);
      if (tx < 50 || ty < 50 || tx > WIDTH - 50 || ty > HEIGHT - 50)
        continue;
      if (best < 0 || town->n_links > ta_network_get_town (network, best)->n_links)
        {
          best = i;
          *x = tx;
          *y = ty;
        }
    }

  g_assert_cmpint (best, >=, 0);
  return best;
}

static void
test_layer_draws (void)
{
  Harness harness;
  double x, y, cx, cy;
  guint town, n_links;
  const guint *links;
  guint coloured = 0;

  harness_init (&harness);
  go_to (&harness, 50, 15, 5);

  /* A town dot where libshumate puts the town. */
  town = pick_town (&harness, &x, &y);
  g_assert_true (find_blob (&harness, x, y, 6, town_weight, &cx, &cy));
  g_assert_cmpfloat (hypot (cx - x, cy - y), <, 2.0);

  /* Its arcs: coloured pixels along the first of them, away from dots. */
  links = ta_network_get_town_links (harness.network, town, &n_links);
  g_assert_cmpuint (n_links, >, 0);
  {
    guint n;
    const double *p = ta_network_get_link_points (harness.network, links[0], &n);

    for (guint i = 1; i + 1 < n; i++)
      {
        double lat = ta_projection_unit_y_to_lat (p[2 * i + 1]);
        double lon = ta_projection_unit_x_to_lon (p[2 * i] - floor (p[2 * i]));
        double px, py;
        Rgba c;

        shumate_viewport_location_to_widget_coords (harness.viewport, GTK_WIDGET (harness.map),
                                                    lat, lon, &px, &py);
        if (px < 1 || py < 1 || px >= WIDTH - 1 || py >= HEIGHT - 1)
          continue;
        c = pixel (&harness, (int) px, (int) py);
        /* Not the grey basemap: tinted by an arc. */
        if (ABS (c.r - c.b) > 8 || ABS (c.g - c.b) > 8 || c.r < 200)
          coloured++;
      }
    g_assert_cmpuint (coloured, >, 0);
  }

  /* Far from Europe the synthetic network has nothing: plain basemap. */
  go_to (&harness, -40, -120, 5);
  {
    Rgba c = pixel (&harness, WIDTH / 2, HEIGHT / 2);

    g_assert_cmpint (ABS (c.r - 217), <=, 2);
    g_assert_cmpint (ABS (c.g - 217), <=, 2);
    g_assert_cmpint (ABS (c.b - 217), <=, 2);
  }

  harness_clear (&harness);
}

/* Where the basemap's mark is and where a town dot is, versus where
 * libshumate says they are: the overlay must be off by no more than the
 * basemap is, whatever the pan and zoom. */
static void
check_alignment (Harness *harness)
{
  double mx, my, fx, fy, tx, ty, dx, dy;
  double err_mark_x, err_mark_y, err_town_x, err_town_y;

  shumate_viewport_location_to_widget_coords (harness->viewport, GTK_WIDGET (harness->map),
                                              MARK_LAT, MARK_LON, &mx, &my);
  g_assert_true (find_blob (harness, mx, my, 8, mark_weight, &fx, &fy));
  err_mark_x = fx - mx;
  err_mark_y = fy - my;
  g_assert_cmpfloat (fabs (err_mark_x), <, 1.0);
  g_assert_cmpfloat (fabs (err_mark_y), <, 1.0);

  pick_town (harness, &tx, &ty);
  g_assert_true (find_blob (harness, tx, ty, 6, town_weight, &dx, &dy));
  err_town_x = dx - tx;
  err_town_y = dy - ty;

  /* Both layers round the same way: their errors agree within a pixel
   * (the dot itself is stamped on whole pixels of its tile). */
  g_test_message ("mark error (%.2f, %.2f), town error (%.2f, %.2f)",
                  err_mark_x, err_mark_y, err_town_x, err_town_y);
  g_assert_cmpfloat (fabs (err_town_x - err_mark_x), <, 1.0);
  g_assert_cmpfloat (fabs (err_town_y - err_mark_y), <, 1.0);
}

static void
test_layer_alignment (void)
{
  Harness harness;

  harness_init (&harness);

  /* The view holds the mark and the south-eastern synthetic towns. */
  go_to (&harness, MARK_LAT + 3, MARK_LON - 4, 6);
  check_alignment (&harness);

  /* Pans by fractions of a pixel and fractional zooms. */
  go_to (&harness, MARK_LAT + 3.3137, MARK_LON - 4.7771, 6);
  check_alignment (&harness);
  go_to (&harness, MARK_LAT + 2.8, MARK_LON - 3.55, 6.37);
  check_alignment (&harness);
  go_to (&harness, MARK_LAT + 2.05, MARK_LON - 3.13, 6.81);
  check_alignment (&harness);
  go_to (&harness, MARK_LAT + 3.05, MARK_LON - 4.13, 5.5);
  check_alignment (&harness);

  harness_clear (&harness);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_layer_selection (void)
{
  Harness harness;
  double x, y;
  guint town, n_links, notifies = 0;
  const guint *links;
  guint other = G_MAXUINT;
  double ox = 0, oy = 0;
  Rgba before, after;

  harness_init (&harness);
  go_to (&harness, 50, 15, 5);
  town = pick_town (&harness, &x, &y);
  links = ta_network_get_town_links (harness.network, town, &n_links);

  /* A town far from the selected one and not its partner: its dot dims. */
  for (guint i = 0; i < ta_network_get_n_towns (harness.network) && other == G_MAXUINT; i++)
    {
      const TaNetworkTown *t = ta_network_get_town (harness.network, i);
      gboolean partner = FALSE;
      double cx, cy;

      if (i == town || ta_network_get_town_n_visible_links (harness.network, i) == 0)
        continue;
      for (guint l = 0; l < n_links; l++)
        {
          const TaNetworkLink *link = ta_network_get_link (harness.network, links[l]);

          partner |= link->town_a == i || link->town_b == i;
        }
      shumate_viewport_location_to_widget_coords (harness.viewport, GTK_WIDGET (harness.map),
                                                  t->lat, t->lon, &ox, &oy);
      if (partner || ox < 20 || oy < 20 || ox > WIDTH - 20 || oy > HEIGHT - 20 ||
          hypot (ox - x, oy - y) < 60 || !find_blob (&harness, ox, oy, 3, town_weight, &cx, &cy))
        continue;
      other = i;
    }
  g_assert_cmpuint (other, !=, G_MAXUINT);
  before = pixel (&harness, (int) ox, (int) oy);

  g_signal_connect (harness.layer, "notify::selected-town", G_CALLBACK (count_notify_cb), &notifies);
  ta_network_layer_set_selected_town (harness.layer, ta_network_get_town (harness.network, town)->id);
  ta_network_layer_set_selected_town (harness.layer, ta_network_get_town (harness.network, town)->id);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpint (ta_network_layer_get_selected_town (harness.layer), ==,
                   ta_network_get_town (harness.network, town)->id);

  settle (&harness);
  capture (&harness);
  after = pixel (&harness, (int) ox, (int) oy);
  /* Dimmed: much closer to the grey basemap than before. */
  g_assert_cmpint (after.r, >, before.r + 60);

  /* The selected town keeps a dark dot, now with a ring round it. */
  {
    double cx, cy;

    g_assert_true (find_blob (&harness, x, y, 4, town_weight, &cx, &cy));
  }

  /* Hit testing through the layer's own view maths finds the town. */
  {
    double ux, uy;

    ta_network_layer_widget_to_unit (harness.layer, x, y, &ux, &uy);
    g_assert_cmpint (ta_network_hit_town (harness.network, 5, ux, uy, 3), ==, (int) town);
  }

  ta_network_layer_set_selected_town (harness.layer, -1);
  g_assert_cmpuint (notifies, ==, 2);
  settle (&harness);
  capture (&harness);
  after = pixel (&harness, (int) ox, (int) oy);
  g_assert_cmpint (ABS (after.r - before.r), <=, 3);

  harness_clear (&harness);
}

/* A filtered network shows at once what the tiles of the old one showed
 * until its own tiles arrive, then only its links. */
static void
test_layer_filter (void)
{
  Harness harness;
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TaNetwork) empty = NULL;
  double x, y, cx, cy;

  harness_init (&harness);
  go_to (&harness, 50, 15, 5);
  pick_town (&harness, &x, &y);
  g_assert_true (find_blob (&harness, x, y, 4, town_weight, &cx, &cy));

  empty = ta_network_with_visible_links (harness.network, none);
  ta_network_layer_set_network (harness.layer, empty);
  settle (&harness);
  capture (&harness);
  g_assert_false (find_blob (&harness, x, y, 4, town_weight, &cx, &cy));

  harness_clear (&harness);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_printerr ("No display: skipping\n");
      return 77;
    }

  g_test_add_func ("/ta/network-layer/draws", test_layer_draws);
  g_test_add_func ("/ta/network-layer/alignment", test_layer_alignment);
  g_test_add_func ("/ta/network-layer/selection", test_layer_selection);
  g_test_add_func ("/ta/network-layer/filter", test_layer_filter);

  return g_test_run ();
}
