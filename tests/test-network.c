/* test-network.c: the in-memory network, its spatial index and its renderer
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixture atlas is made up: towns called "Testtown A" … "Testtown F"
 * at plausible coordinates, with invented links between them.
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "ta-db.h"
#include "ta-network.h"
#include "ta-network-renderer.h"
#include "ta-projection.h"

typedef struct
{
  char      *dir;
  char      *path;
  TaNetwork *network;
} Fixture;

/* Town ids are not 1…n on purpose, so indices and ids differ. */
static const char fixture_sql[] =
  "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Test fixture', 'none', 'none');"
  "INSERT INTO country (code, name_en, source_id) VALUES"
  "  ('PL', 'Poland', 'test'), ('DE', 'Germany', 'test'), ('FR', 'France', 'test');"
  "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES"
  "  (11, 'Testtown A', 'PL', 52.0, 21.0, 'test'),"
  "  (12, 'Testtown B', 'DE', 50.0, 8.0, 'test'),"
  "  (13, 'Testtown C', 'FR', 48.0, 2.0, 'test'),"
  "  (14, 'Testtown D', NULL, 65.0, 175.0, 'test'),"
  "  (15, 'Testtown E', NULL, 64.0, -165.0, 'test'),"
  "  (16, 'Testtown F', NULL, 40.0, 10.0, 'test');"
  "INSERT INTO link (id, town_a, town_b, kind, status, start_year, end_year, source_id) VALUES"
  "  (101, 11, 12, 'twinning', 'active', 1990, NULL, 'test'),"
  "  (102, 11, 13, 'partnership', 'suspended', NULL, NULL, 'test'),"
  "  (103, 12, 13, 'friendship', 'ended', 1960, 2000, 'test'),"
  "  (104, 14, 15, 'cooperation', 'active', NULL, NULL, 'test');";

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;

  fixture->dir = g_dir_make_tmp ("ta-test-network-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "atlas.db", NULL);

  db = ta_db_open (fixture->path, TA_DB_OPEN_CREATE, &error);
  g_assert_no_error (error);
  ta_db_exec (db, fixture_sql, &error);
  g_assert_no_error (error);

  fixture->network = ta_network_load (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->network);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->network);
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static guint
town_index (TaNetwork *network,
            gint64     id)
{
  int index = ta_network_find_town (network, id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static guint
link_index (TaNetwork *network,
            gint64     id)
{
  int index = ta_network_find_link (network, id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

/* The middle vertex of a link's arc, in unit coordinates. */
static void
link_middle (TaNetwork *network,
             gint64     id,
             double    *x,
             double    *y)
{
  guint n;
  const double *p = ta_network_get_link_points (network, link_index (network, id), &n);

  *x = p[2 * (n / 2)];
  *y = p[2 * (n / 2) + 1];
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  const TaNetworkTown *a, *f;
  const TaNetworkLink *link;
  const double *p;
  guint n;

  g_assert_cmpuint (ta_network_get_n_towns (network), ==, 6);
  g_assert_cmpuint (ta_network_get_n_links (network), ==, 4);
  g_assert_cmpuint (ta_network_get_n_visible_links (network), ==, 4);
  g_assert_cmpint (ta_network_find_town (network, 99), ==, -1);
  g_assert_cmpint (ta_network_find_link (network, 99), ==, -1);

  a = ta_network_get_town (network, town_index (network, 11));
  g_assert_cmpstr (a->name, ==, "Testtown A");
  g_assert_cmpstr (a->country, ==, "PL");
  g_assert_cmpstr (a->country_name, ==, "Poland");
  g_assert_cmpuint (a->n_links, ==, 2);
  g_assert_cmpfloat_with_epsilon (a->x, (21.0 + 180.0) / 360.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (a->y, ta_projection_lat_to_unit_y (52.0), 1e-12);

  f = ta_network_get_town (network, town_index (network, 16));
  g_assert_cmpuint (f->n_links, ==, 0);
  g_assert_cmpstr (f->country, ==, "");
  g_assert_null (f->country_name);

  link = ta_network_get_link (network, link_index (network, 103));
  g_assert_cmpint (link->kind, ==, TA_LINK_KIND_FRIENDSHIP);
  g_assert_cmpint (link->status, ==, TA_LINK_STATUS_ENDED);
  g_assert_cmpint (link->start_year, ==, 1960);
  g_assert_cmpint (link->end_year, ==, 2000);
  g_assert_cmpuint (link->town_a, ==, town_index (network, 12));
  g_assert_cmpuint (link->town_b, ==, town_index (network, 13));

  link = ta_network_get_link (network, link_index (network, 102));
  g_assert_cmpint (link->kind, ==, TA_LINK_KIND_PARTNERSHIP);
  g_assert_cmpint (link->status, ==, TA_LINK_STATUS_SUSPENDED);
  g_assert_cmpint (link->start_year, ==, 0);

  /* The arc runs from town a to town b along a great circle, which in
   * Mercator bulges towards the pole: its middle lies north of the
   * straight line between the towns. */
  p = ta_network_get_link_points (network, link_index (network, 102), &n);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpfloat_with_epsilon (p[0], a->x, 1e-12);
  g_assert_cmpfloat_with_epsilon (p[1], a->y, 1e-12);
  {
    const TaNetworkTown *c = ta_network_get_town (network, town_index (network, 13));
    double mx, my;

    g_assert_cmpfloat_with_epsilon (p[2 * (n - 1)], c->x, 1e-12);
    g_assert_cmpfloat_with_epsilon (p[2 * (n - 1) + 1], c->y, 1e-12);
    link_middle (network, 102, &mx, &my);
    g_assert_cmpfloat (my, <, (a->y + c->y) / 2);
  }

  /* Per-town lists of visible links. */
  {
    const guint *links = ta_network_get_town_links (network, town_index (network, 11), &n);

    g_assert_cmpuint (n, ==, 2);
    g_assert_true ((links[0] == link_index (network, 101) && links[1] == link_index (network, 102)) ||
                   (links[1] == link_index (network, 101) && links[0] == link_index (network, 102)));
  }
}

static void
test_antimeridian_arc (Fixture       *fixture,
                       gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  double min_x, min_y, max_x, max_y;
  const double *p;
  guint n;

  /* 175°E to 165°W: 20° across the antimeridian, not 340° the other way. */
  p = ta_network_get_link_points (network, link_index (network, 104), &n);
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (fabs (p[2 * i] - p[2 * i - 2]), <, 0.05);

  ta_network_get_link_bounds (network, link_index (network, 104), &min_x, &min_y, &max_x, &max_y);
  g_assert_cmpfloat (max_x - min_x, <, 0.1);
  g_assert_cmpfloat (min_x, <, 1.0);
  g_assert_cmpfloat (max_x, >, 1.0);
}

static void
test_hit (Fixture       *fixture,
          gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  const TaNetworkTown *a = ta_network_get_town (network, town_index (network, 11));
  const TaNetworkTown *e = ta_network_get_town (network, town_index (network, 15));
  double pixel = 1.0 / ta_projection_world_size (6);
  double mx, my;

  g_assert_cmpint (ta_network_hit_town (network, 6, a->x, a->y, 4), ==, (int) town_index (network, 11));
  g_assert_cmpint (ta_network_hit_town (network, 6, a->x + 3 * pixel, a->y, 4), ==, (int) town_index (network, 11));
  g_assert_cmpint (ta_network_hit_town (network, 6, a->x + 100 * pixel, a->y, 4), ==, -1);
  /* The same place one world to the east. */
  g_assert_cmpint (ta_network_hit_town (network, 6, a->x + 1.0, a->y, 4), ==, (int) town_index (network, 11));
  /* Towns without links are not drawn, so not hit. */
  {
    const TaNetworkTown *f = ta_network_get_town (network, town_index (network, 16));

    g_assert_cmpint (ta_network_hit_town (network, 6, f->x, f->y, 4), ==, -1);
  }

  link_middle (network, 101, &mx, &my);
  g_assert_cmpint (ta_network_hit_link (network, 6, mx, my + 2 * pixel, 4), ==, (int) link_index (network, 101));
  g_assert_cmpint (ta_network_hit_link (network, 6, mx, my + 30 * pixel, 4), ==, -1);

  /* Both sides of the antimeridian hit the arc. */
  g_assert_cmpint (ta_network_hit_link (network, 4, 0.999, 0.0, 1000), ==, -1);
  {
    guint n;
    const double *p = ta_network_get_link_points (network, link_index (network, 104), &n);
    guint east = 0;

    for (guint i = 0; i < n; i++)
      if (p[2 * i] > 1.0)
        {
          east = i;
          break;
        }
    g_assert_cmpuint (east, >, 0);
    g_assert_cmpint (ta_network_hit_link (network, 6, p[2 * east] - 1.0, p[2 * east + 1], 2), ==,
                     (int) link_index (network, 104));
    g_assert_cmpint (ta_network_hit_link (network, 6, p[2 * east - 2], p[2 * east - 1], 2), ==,
                     (int) link_index (network, 104));
  }
  g_assert_cmpint (ta_network_hit_town (network, 6, e->x, e->y, 2), ==, (int) town_index (network, 15));
}

static void
test_visible_links (Fixture       *fixture,
                    gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(TaNetwork) view = NULL;
  const TaNetworkTown *c;
  gint64 id = 101, unknown = 999;
  double mx, my;

  g_array_append_val (ids, id);
  g_array_append_val (ids, unknown);
  view = ta_network_with_visible_links (network, ids);

  g_assert_cmpuint (ta_network_get_n_links (view), ==, 4);
  g_assert_cmpuint (ta_network_get_n_visible_links (view), ==, 1);
  g_assert_true (ta_network_is_link_visible (view, link_index (view, 101)));
  g_assert_false (ta_network_is_link_visible (view, link_index (view, 102)));
  g_assert_cmpuint (ta_network_get_town_n_visible_links (view, town_index (view, 11)), ==, 1);
  g_assert_cmpuint (ta_network_get_town_n_visible_links (view, town_index (view, 13)), ==, 0);
  /* The full count stays what the atlas says. */
  g_assert_cmpuint (ta_network_get_town (view, town_index (view, 13))->n_links, ==, 2);

  c = ta_network_get_town (view, town_index (view, 13));
  g_assert_cmpint (ta_network_hit_town (view, 6, c->x, c->y, 4), ==, -1);
  g_assert_cmpint (ta_network_hit_town (network, 6, c->x, c->y, 4), ==, (int) town_index (network, 13));
  link_middle (view, 102, &mx, &my);
  g_assert_cmpint (ta_network_hit_link (view, 6, mx, my, 4), ==, -1);

  /* The original is untouched. */
  g_assert_cmpuint (ta_network_get_n_visible_links (network), ==, 4);
}

static void
test_synthetic (void)
{
  g_autoptr(TaNetwork) network = ta_network_new_synthetic (1000, 3000, 7);
  g_autoptr(TaNetwork) again = ta_network_new_synthetic (1000, 3000, 7);
  guint total = 0;

  g_assert_cmpuint (ta_network_get_n_towns (network), ==, 1000);
  g_assert_cmpuint (ta_network_get_n_links (network), ==, 3000);
  g_assert_true (g_str_has_prefix (ta_network_get_town (network, 0)->name, "Synthetic town "));

  for (guint i = 0; i < 1000; i++)
    {
      const TaNetworkTown *town = ta_network_get_town (network, i);

      g_assert_cmpfloat (town->lat, >=, 36.0);
      g_assert_cmpfloat (town->lat, <=, 70.0);
      g_assert_cmpfloat (town->lon, >=, -10.0);
      g_assert_cmpfloat (town->lon, <=, 40.0);
      total += town->n_links;
    }
  g_assert_cmpuint (total, ==, 2 * 3000);

  /* The same seed makes the same network. */
  for (guint i = 0; i < 3000; i += 100)
    {
      g_assert_cmpuint (ta_network_get_link (network, i)->town_a, ==, ta_network_get_link (again, i)->town_a);
      g_assert_cmpuint (ta_network_get_link (network, i)->town_b, ==, ta_network_get_link (again, i)->town_b);
    }
}

/* Rendering */

typedef struct
{
  guint8 a, r, g, b;   /* premultiplied, as cairo stores them */
} Pixel;

static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 v;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  v = *(const guint32 *) (gconstpointer) (data + (gsize) y * cairo_image_surface_get_stride (surface) + 4 * x);
  return (Pixel) { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
}

/* The most opaque pixel within @radius of (x, y). */
static Pixel
strongest_near (cairo_surface_t *surface,
                double           x,
                double           y,
                int              radius)
{
  Pixel best = { 0, 0, 0, 0 };
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int px = (int) floor (x) + dx, py = (int) floor (y) + dy;
        Pixel p;

        if (px < 0 || py < 0 || px >= w || py >= h)
          continue;
        p = pixel_at (surface, px, py);
        if (p.a > best.a)
          best = p;
      }
  return best;
}

static cairo_surface_t *
render_tile (TaNetwork                    *network,
             guint                         zoom,
             int                           x,
             int                           y,
             const TaNetworkRenderOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 512, 512);
  cairo_t *cr = cairo_create (surface);

  g_assert_true (ta_network_render_tile (network, cr, zoom, x, y, 512, 1.0, options));
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Which 512-pixel tile a unit point falls in at @zoom, and where in it. */
static void
locate (double  ux,
        double  uy,
        guint   zoom,
        int    *tx,
        int    *ty,
        double *px,
        double *py)
{
  double world = ta_projection_world_size (zoom);

  ux -= floor (ux);
  *tx = (int) floor (ux * world / 512);
  *ty = (int) floor (uy * world / 512);
  *px = ux * world - *tx * 512.0;
  *py = uy * world - *ty * 512.0;
}

static void
test_render_arc (Fixture       *fixture,
                 gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  cairo_surface_t *surface;
  double mx, my, px, py;
  int tx, ty;
  Pixel p;

  link_middle (network, 101, &mx, &my);
  locate (mx, my, 5, &tx, &ty, &px, &py);
  surface = render_tile (network, 5, tx, ty, NULL);

  /* On the twinning arc: opaque enough and red (its kind's colour). */
  p = strongest_near (surface, px, py, 1);
  g_assert_cmpuint (p.a, >, 100);
  g_assert_cmpuint (p.r, >, 2 * p.b);
  g_assert_cmpuint (p.r, >, 2 * p.g);

  /* 40 px off it, nothing. */
  p = strongest_near (surface, px, py + 40, 2);
  g_assert_cmpuint (p.a, ==, 0);

  /* Town A has a dot: dark with a light rim. */
  {
    const TaNetworkTown *a = ta_network_get_town (network, town_index (network, 11));
    int ax, ay;
    double apx, apy;

    locate (a->x, a->y, 5, &ax, &ay, &apx, &apy);
    if (ax == tx && ay == ty)
      {
        p = pixel_at (surface, (int) apx, (int) apy);
        g_assert_cmpuint (p.a, ==, 255);
        g_assert_cmpuint (p.r, <, 80);
      }
  }
  cairo_surface_destroy (surface);
}

/* Samples the straight piece between two arc vertices every pixel and
 * counts the empty samples: a dashed line has gaps, a solid one none. */
static guint
gaps_along (TaNetwork *network,
            gint64     link_id,
            double     zoom)
{
  guint n, gaps = 0;
  const double *p = ta_network_get_link_points (network, link_index (network, link_id), &n);
  guint i = n / 2;
  double world = ta_projection_world_size (zoom);
  double origin_x, origin_y, x0, y0, x1, y1, length;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpuint (n, >=, 3);
  origin_x = MIN (p[2 * i - 2], p[2 * i]) - 20 / world;
  origin_y = MIN (p[2 * i - 1], p[2 * i + 1]) - 20 / world;
  x0 = (p[2 * i - 2] - origin_x) * world;
  y0 = (p[2 * i - 1] - origin_y) * world;
  x1 = (p[2 * i] - origin_x) * world;
  y1 = (p[2 * i + 1] - origin_y) * world;
  length = hypot (x1 - x0, y1 - y0);
  g_assert_cmpfloat (length, >, 20);
  g_assert_cmpfloat (MAX (x0, x1), <, 1000);
  g_assert_cmpfloat (MAX (y0, y1), <, 1000);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1024, 1024);
  cr = cairo_create (surface);
  g_assert_true (ta_network_render_view (network, cr, zoom, origin_x, origin_y, 1024, 1024, NULL));
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (double t = 0.2; t <= 0.8; t += 1.0 / length)
    {
      Pixel px = pixel_at (surface, (int) (x0 + t * (x1 - x0)), (int) (y0 + t * (y1 - y0)));

      if (px.a < 20)
        gaps++;
    }
  cairo_surface_destroy (surface);

  return gaps;
}

static void
test_render_status (Fixture       *fixture,
                    gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  cairo_surface_t *surface;
  double mx, my, px, py;
  int tx, ty;
  Pixel p;

  g_assert_cmpuint (gaps_along (fixture->network, 101, 7), ==, 0);
  g_assert_cmpuint (gaps_along (fixture->network, 102, 7), >, 3);
  g_assert_cmpuint (gaps_along (fixture->network, 103, 7), >, 3);

  /* Ended links are grey whatever their kind. */
  link_middle (network, 103, &mx, &my);
  locate (mx, my, 7, &tx, &ty, &px, &py);
  surface = render_tile (network, 7, tx, ty, NULL);
  p = strongest_near (surface, px, py, 4);
  g_assert_cmpuint (p.a, >, 50);
  g_assert_cmpint (ABS ((int) p.r - (int) p.b), <, 12);
  g_assert_cmpint (ABS ((int) p.g - (int) p.b), <, 12);
  cairo_surface_destroy (surface);
}

static void
test_render_selection (Fixture       *fixture,
                       gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  TaNetworkRenderOptions options;
  cairo_surface_t *plain, *other, *own;
  double mx, my, px, py;
  int tx, ty;
  Pixel p_plain, p_other, p_own;

  link_middle (network, 101, &mx, &my);
  locate (mx, my, 5, &tx, &ty, &px, &py);

  plain = render_tile (network, 5, tx, ty, NULL);

  /* Town D is selected: the A–B arc is dimmed. */
  ta_network_render_options_init (&options);
  options.selected_town = town_index (network, 14);
  other = render_tile (network, 5, tx, ty, &options);

  /* Town A is selected: its A–B arc is emphasised. */
  options.selected_town = town_index (network, 11);
  own = render_tile (network, 5, tx, ty, &options);

  p_plain = strongest_near (plain, px, py, 1);
  p_other = strongest_near (other, px, py, 1);
  p_own = strongest_near (own, px, py, 1);
  g_assert_cmpuint (p_other.a, <, p_plain.a / 2);
  g_assert_cmpuint (p_own.a, >=, p_plain.a);
  /* The emphasised arc is wider. */
  g_assert_cmpuint (strongest_near (own, px, py + 2, 0).a, >, strongest_near (plain, px, py + 2, 0).a);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (other);
  cairo_surface_destroy (own);
}

static void
test_render_antimeridian (Fixture       *fixture,
                          gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  const double *p;
  guint n, east = 0;
  cairo_surface_t *west_tile, *east_tile;
  double px, py;
  int tx, ty;
  Pixel pixel;

  p = ta_network_get_link_points (network, link_index (network, 104), &n);
  for (guint i = 0; i < n; i++)
    if (p[2 * i] > 1.0)
      {
        east = i;
        break;
      }
  g_assert_cmpuint (east, >, 0);

  /* At zoom 3 the world is four tiles wide: the arc's start is in the
   * last column, its end (beyond 1, wrapped) in the first. */
  locate (p[2 * east - 2], p[2 * east - 1], 3, &tx, &ty, &px, &py);
  g_assert_cmpint (tx, ==, 3);
  east_tile = render_tile (network, 3, tx, ty, NULL);
  pixel = strongest_near (east_tile, px, py, 1);
  g_assert_cmpuint (pixel.a, >, 60);
  /* Cooperation is orange: more red than blue. */
  g_assert_cmpuint (pixel.r, >, pixel.b);

  locate (p[2 * east], p[2 * east + 1], 3, &tx, &ty, &px, &py);
  g_assert_cmpint (tx, ==, 0);
  west_tile = render_tile (network, 3, tx, ty, NULL);
  pixel = strongest_near (west_tile, px, py, 1);
  g_assert_cmpuint (pixel.a, >, 60);

  /* The same tile one world further east is the same drawing. */
  {
    cairo_surface_t *again = render_tile (network, 3, tx + 4, ty, NULL);

    g_assert_cmpuint (strongest_near (again, px, py, 1).a, ==, pixel.a);
    cairo_surface_destroy (again);
  }

  cairo_surface_destroy (west_tile);
  cairo_surface_destroy (east_tile);
}

static void
test_render_area_and_cancel (Fixture       *fixture,
                             gconstpointer  data)
{
  TaNetwork *network = fixture->network;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TaNetworkRenderOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const TaNetworkTown *a = ta_network_get_town (network, town_index (network, 11));
  double ax, ay;
  guint opaque = 0;

  /* Europe, 10°W 35°N to 30°E 60°N. */
  g_assert_true (ta_network_render_area (network, cr, -10, 35, 30, 60, 400, 300, NULL));
  cairo_surface_flush (surface);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 400; x++)
      if (pixel_at (surface, x, y).a > 0)
        opaque++;
  g_assert_cmpuint (opaque, >, 100);

  /* Town A (21°E 52°N) lies where the fitted box puts it. */
  {
    double x0 = ta_projection_lon_to_unit_x (-10), x1 = ta_projection_lon_to_unit_x (30);
    double y0 = ta_projection_lat_to_unit_y (60), y1 = ta_projection_lat_to_unit_y (35);
    double ppu = MIN (400 / (x1 - x0), 300 / (y1 - y0));

    ax = 200 + (a->x - (x0 + x1) / 2) * ppu;
    ay = 150 + (a->y - (y0 + y1) / 2) * ppu;
    g_assert_cmpuint (strongest_near (surface, ax, ay, 1).a, ==, 255);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (surface);
  g_cancellable_cancel (cancellable);
  ta_network_render_options_init (&options);
  options.cancellable = cancellable;
  g_assert_false (ta_network_render_area (network, cr, -10, 35, 30, 60, 400, 300, &options));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_render_synthetic_dense (void)
{
  g_autoptr(TaNetwork) network = ta_network_new_synthetic (20000, 60000, 3);
  cairo_surface_t *surface;
  double ux = ta_projection_lon_to_unit_x (15), uy = ta_projection_lat_to_unit_y (52);
  double px, py;
  int tx, ty;
  gint64 start;
  guint covered = 0;

  /* A crowded tile at low zoom: thinned, so drawn in well under a second
   * (generous bound for slow test machines), and not left empty. */
  locate (ux, uy, 4, &tx, &ty, &px, &py);
  start = g_get_monotonic_time ();
  surface = render_tile (network, 4, tx, ty, NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  for (int y = 0; y < 512; y += 4)
    for (int x = 0; x < 512; x += 4)
      if (pixel_at (surface, x, y).a > 0)
        covered++;
  g_assert_cmpuint (covered, >, 128 * 128 / 4);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ta/network/load", test_load);
  ADD ("/ta/network/antimeridian-arc", test_antimeridian_arc);
  ADD ("/ta/network/hit", test_hit);
  ADD ("/ta/network/visible-links", test_visible_links);
  g_test_add_func ("/ta/network/synthetic", test_synthetic);
  ADD ("/ta/network/render/arc", test_render_arc);
  ADD ("/ta/network/render/status", test_render_status);
  ADD ("/ta/network/render/selection", test_render_selection);
  ADD ("/ta/network/render/antimeridian", test_render_antimeridian);
  ADD ("/ta/network/render/area-and-cancel", test_render_area_and_cancel);
  g_test_add_func ("/ta/network/render/synthetic-dense", test_render_synthetic_dense);

#undef ADD

  return g_test_run ();
}
