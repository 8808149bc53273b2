/* test-basemap.c: tests of the projection, the WKB reader and the offline basemap
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The basemap tests render real tiles from the basemap.bin the build made
 * (its path is the first argument; tests/meson.build passes it) and check
 * pixels at places whose geography is not in doubt.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "ta-basemap-private.h"
#include "ta-projection.h"
#include "ta-wkb.h"

static char *basemap_path;
static TaBasemap *basemap;

/* Pixels */

typedef struct
{
  int r;
  int g;
  int b;
} Rgb;

static Rgb
rgb_from_hex (guint32 hex)
{
  Rgb c = { (hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff };

  return c;
}

static Rgb
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data;
  guint32 value;
  Rgb c;

  cairo_surface_flush (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  data = cairo_image_surface_get_data (surface);
  value = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);
  c.r = (value >> 16) & 0xff;
  c.g = (value >> 8) & 0xff;
  c.b = value & 0xff;

  return c;
}

static int
color_distance (Rgb a,
                Rgb b)
{
  return ABS (a.r - b.r) + ABS (a.g - b.g) + ABS (a.b - b.b);
}

static gboolean
color_near (Rgb      c,
            guint32  hex,
            int      tolerance)
{
  return color_distance (c, rgb_from_hex (hex)) <= tolerance;
}

/* Which drawn thing a pixel most looks like. */
typedef enum
{
  CLASS_SEA,
  CLASS_LAND,
  CLASS_RIVER,
  CLASS_BORDER,
  CLASS_ADMIN1,
  CLASS_TEXT,
  N_CLASSES
} PixelClass;

static PixelClass
classify (Rgb c)
{
  static const guint32 palette[N_CLASSES] = {
    [CLASS_SEA] = TA_BASEMAP_COLOR_SEA,
    [CLASS_LAND] = TA_BASEMAP_COLOR_LAND,
    [CLASS_RIVER] = TA_BASEMAP_COLOR_RIVER,
    [CLASS_BORDER] = TA_BASEMAP_COLOR_BORDER,
    [CLASS_ADMIN1] = TA_BASEMAP_COLOR_ADMIN1,
    [CLASS_TEXT] = TA_BASEMAP_COLOR_TEXT,
  };
  PixelClass best = CLASS_SEA;

  for (PixelClass k = 0; k < N_CLASSES; k++)
    {
      if (color_distance (c, rgb_from_hex (palette[k])) < color_distance (c, rgb_from_hex (palette[best])))
        best = k;
    }

  return best;
}

/* Rendering tiles */

static cairo_surface_t *
render_tile (guint  zoom,
             guint  x,
             guint  y,
             double scale_factor)
{
  int size = (int) (TA_PROJECTION_TILE_SIZE * scale_factor);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);

  ta_basemap_render_tile (basemap, cr, zoom, x, y, TA_PROJECTION_TILE_SIZE, scale_factor);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  return surface;
}

/* The 3 x 3 tiles around the one holding (lat, lon), each rendered on its
 * own and put side by side as a map view would; (*px, *py) is where the
 * point is in the result. */
static cairo_surface_t *
render_block (guint   zoom,
              double  lat,
              double  lon,
              int    *px,
              int    *py)
{
  cairo_surface_t *block = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 768, 768);
  cairo_t *cr = cairo_create (block);
  double wx, wy;
  guint tx, ty;

  ta_projection_latlon_to_world (lat, lon, zoom, &wx, &wy);
  tx = (guint) floor (wx / TA_PROJECTION_TILE_SIZE);
  ty = (guint) floor (wy / TA_PROJECTION_TILE_SIZE);
  g_assert_cmpuint (tx, >, 0);
  g_assert_cmpuint (ty, >, 0);

  for (int j = -1; j <= 1; j++)
    for (int i = -1; i <= 1; i++)
      {
        cairo_surface_t *tile = render_tile (zoom, tx + i, ty + j, 1.0);

        cairo_set_source_surface (cr, tile, (i + 1) * 256, (j + 1) * 256);
        cairo_paint (cr);
        cairo_surface_destroy (tile);
      }
  cairo_destroy (cr);

  *px = (int) floor (wx - (tx - 1.0) * TA_PROJECTION_TILE_SIZE);
  *py = (int) floor (wy - (ty - 1.0) * TA_PROJECTION_TILE_SIZE);

  return block;
}

/* How many of 16 points on a circle around (x, y) are of class @k. */
static guint
count_ring (cairo_surface_t *surface,
            int              x,
            int              y,
            double           radius,
            PixelClass       k)
{
  guint count = 0;

  for (guint i = 0; i < 16; i++)
    {
      double angle = i * G_PI / 8.0;
      Rgb c = pixel_at (surface, x + (int) lround (radius * cos (angle)), y + (int) lround (radius * sin (angle)));

      if (classify (c) == k)
        count++;
    }

  return count;
}

static guint
count_class_in_window (cairo_surface_t *surface,
                       int              x,
                       int              y,
                       int              half,
                       PixelClass       k)
{
  guint count = 0;

  for (int dy = -half; dy <= half; dy++)
    for (int dx = -half; dx <= half; dx++)
      {
        if (classify (pixel_at (surface, x + dx, y + dy)) == k)
          count++;
      }

  return count;
}

static guint
count_dark_in_rect (cairo_surface_t *surface,
                    int              x0,
                    int              y0,
                    int              x1,
                    int              y1)
{
  guint count = 0;

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        Rgb c = pixel_at (surface, x, y);

        if (c.r + c.g + c.b < 3 * 110)
          count++;
      }

  return count;
}

/* Projection */

static void
test_projection_known_values (void)
{
  double x, y, lat, lon;
  TaTileRange range;

  g_assert_cmpfloat_with_epsilon (ta_projection_lon_to_unit_x (0.0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ta_projection_lon_to_unit_x (-180.0), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ta_projection_lat_to_unit_y (0.0), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (ta_projection_lat_to_unit_y (TA_PROJECTION_MAX_LATITUDE), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ta_projection_lat_to_unit_y (-89.0), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ta_projection_world_size (0), 256.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ta_projection_world_size (2.5), 256.0 * pow (2, 2.5), 1e-6);
  g_assert_cmpuint (ta_projection_tile_count (8), ==, 256);

  /* Warsaw (52.2298 N, 21.0118 E) is in slippy tile 8/142/84. */
  ta_projection_latlon_to_world (52.2298, 21.0118, 8, &x, &y);
  g_assert_cmpint ((int) floor (x / 256), ==, 142);
  g_assert_cmpint ((int) floor (y / 256), ==, 84);

  ta_projection_world_to_latlon (x, y, 8, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 52.2298, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 21.0118, 1e-9);

  ta_projection_tile_to_latlon (1, 1, 1, &lat, &lon);
  g_assert_cmpfloat_with_epsilon (lat, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 0.0, 1e-9);

  /* Poland's box at zoom 5 fits one row; down to 45°N it takes two. */
  ta_projection_tile_range (14.0, 49.0, 24.2, 54.9, 5, &range);
  g_assert_cmpuint (range.x_min, ==, 17);
  g_assert_cmpuint (range.x_max, ==, 18);
  g_assert_cmpuint (range.y_min, ==, 10);
  g_assert_cmpuint (range.y_max, ==, 10);
  ta_projection_tile_range (14.0, 45.0, 24.2, 54.9, 5, &range);
  g_assert_cmpuint (range.y_max, ==, 11);

  /* Across the antimeridian the range widens to the whole row. */
  ta_projection_tile_range (170.0, -20.0, -170.0, -10.0, 3, &range);
  g_assert_cmpuint (range.x_min, ==, 0);
  g_assert_cmpuint (range.x_max, ==, 7);
}

static void
test_projection_round_trip (void)
{
  for (double lat = -85.0; lat <= 85.0; lat += 8.5)
    for (double lon = -180.0; lon <= 180.0; lon += 22.5)
      {
        double x, y, back_lat, back_lon;

        ta_projection_latlon_to_world (lat, lon, 6.3, &x, &y);
        ta_projection_world_to_latlon (x, y, 6.3, &back_lat, &back_lon);
        g_assert_cmpfloat_with_epsilon (back_lat, lat, 1e-9);
        g_assert_cmpfloat_with_epsilon (back_lon, lon, 1e-9);
      }
}

/* WKB, with synthetic geometries */

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 4);
}

static void
put_double (GByteArray *out,
            double      value)
{
  guint64 raw;

  memcpy (&raw, &value, 8);
  raw = GUINT64_TO_LE (raw);
  g_byte_array_append (out, (const guint8 *) &raw, 8);
}

static void
put_header (GByteArray *out,
            guint32     type)
{
  const guint8 little_endian = 1;

  g_byte_array_append (out, &little_endian, 1);
  put_u32 (out, type);
}

/* A square with a square hole, inside a multipolygon with a triangle. */
static GByteArray *
synthetic_multipolygon (void)
{
  GByteArray *out = g_byte_array_new ();
  const double outer[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
  const double hole[] = { 2, 2, 2, 4, 4, 4, 4, 2, 2, 2 };
  const double triangle[] = { 20, 0, 30, 0, 25, 5, 20, 0 };

  put_header (out, 6);
  put_u32 (out, 2);

  put_header (out, 3);
  put_u32 (out, 2);
  put_u32 (out, 5);
  for (guint i = 0; i < G_N_ELEMENTS (outer); i++)
    put_double (out, outer[i]);
  put_u32 (out, 5);
  for (guint i = 0; i < G_N_ELEMENTS (hole); i++)
    put_double (out, hole[i]);

  put_header (out, 3);
  put_u32 (out, 1);
  put_u32 (out, 4);
  for (guint i = 0; i < G_N_ELEMENTS (triangle); i++)
    put_double (out, triangle[i]);

  return out;
}

static void
test_wkb_multipolygon (void)
{
  g_autoptr(GByteArray) wkb = synthetic_multipolygon ();
  g_autoptr(TaWkbGeometry) geometry = NULL;
  g_autoptr(GError) error = NULL;
  const TaWkbPart *part;

  geometry = ta_wkb_geometry_parse (wkb->data, wkb->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (geometry);
  g_assert_cmpuint (geometry->n_polygons, ==, 2);
  g_assert_cmpuint (geometry->parts->len, ==, 3);
  g_assert_cmpuint (geometry->points->len, ==, 14);

  part = &g_array_index (geometry->parts, TaWkbPart, 1);
  g_assert_cmpint (part->polygon, ==, 0);
  g_assert_cmpuint (part->first_point, ==, 5);
  g_assert_cmpfloat (g_array_index (geometry->points, TaWkbPoint, 6).y, ==, 4.0);

  part = &g_array_index (geometry->parts, TaWkbPart, 2);
  g_assert_cmpint (part->polygon, ==, 1);
  g_assert_cmpfloat (g_array_index (geometry->points, TaWkbPoint, part->first_point + 2).x, ==, 25.0);
}

static void
test_wkb_gpkg_blob (void)
{
  g_autoptr(GByteArray) wkb = synthetic_multipolygon ();
  g_autoptr(GByteArray) blob = g_byte_array_new ();
  g_autoptr(TaWkbGeometry) geometry = NULL;
  g_autoptr(GError) error = NULL;
  /* "GP", version 0, flags: little-endian with an xy envelope (kind 1) */
  const guint8 header[4] = { 'G', 'P', 0, 0x03 };

  g_byte_array_append (blob, header, 4);
  put_u32 (blob, 4326);
  put_double (blob, 0);
  put_double (blob, 30);
  put_double (blob, 0);
  put_double (blob, 10);
  g_byte_array_append (blob, wkb->data, wkb->len);

  geometry = ta_wkb_geometry_parse_gpkg (blob->data, blob->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (geometry->points->len, ==, 14);

  g_clear_pointer (&geometry, ta_wkb_geometry_free);
  geometry = ta_wkb_geometry_parse_gpkg (wkb->data, wkb->len, &error);
  g_assert_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID);
  g_assert_null (geometry);
}

static void
test_wkb_errors (void)
{
  g_autoptr(GByteArray) wkb = synthetic_multipolygon ();
  g_autoptr(GByteArray) unknown = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  TaWkbGeometry *geometry;

  for (guint cut = 0; cut < wkb->len; cut += 7)
    {
      geometry = ta_wkb_geometry_parse (wkb->data, cut, &error);
      g_assert_null (geometry);
      g_assert_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID);
      g_clear_error (&error);
    }

  put_header (unknown, 17);
  geometry = ta_wkb_geometry_parse (unknown->data, unknown->len, &error);
  g_assert_null (geometry);
  g_assert_error (error, TA_WKB_ERROR, TA_WKB_ERROR_UNSUPPORTED);
}

/* Loading */

static void
test_basemap_load (void)
{
  g_autoptr(TaBasemap) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;

  again = ta_basemap_new_from_file (basemap_path, &error);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  g_test_message ("loading %s took %.2f ms", basemap_path, ms);

  g_assert_true (g_str_has_prefix (ta_basemap_get_id (again), "twin-atlas-basemap-"));
  g_assert_cmpstr (ta_basemap_get_id (again), ==, ta_basemap_get_id (basemap));

  if (g_getenv ("TWIN_ATLAS_DATA_DIR") != NULL)
    {
      g_autoptr(TaBasemap) by_default = ta_basemap_new_default (&error);

      g_assert_no_error (error);
      g_assert_cmpstr (ta_basemap_get_id (by_default), ==, ta_basemap_get_id (basemap));
    }
}

static char *
write_temp_copy (const char *contents,
                 gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("test-basemap-XXXXXX.bin", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

static void
expect_load_error (const char *contents,
                   gsize       length,
                   int         code)
{
  g_autofree char *path = write_temp_copy (contents, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaBasemap) broken = ta_basemap_new_from_file (path, &error);

  g_assert_null (broken);
  g_assert_error (error, TA_BASEMAP_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_unlink (path);
}

static void
test_basemap_load_errors (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaBasemap) missing = NULL;
  TaBasemapHeader *header;
  gsize length;

  missing = ta_basemap_new_from_file ("/nonexistent/basemap.bin", &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  g_file_get_contents (basemap_path, &contents, &length, NULL);
  g_assert_nonnull (contents);
  header = (TaBasemapHeader *) contents;

  expect_load_error ("not a basemap at all, just some text", 36, TA_BASEMAP_ERROR_INVALID);

  /* Truncated */
  expect_load_error (contents, length - 4096, TA_BASEMAP_ERROR_INVALID);

  /* A future version */
  header->version = GUINT32_TO_LE (TA_BASEMAP_FORMAT_VERSION + 1);
  expect_load_error (contents, length, TA_BASEMAP_ERROR_VERSION);
  header->version = GUINT32_TO_LE (TA_BASEMAP_FORMAT_VERSION);

  /* Fewer points than the parts refer to */
  header->n_points = GUINT32_TO_LE (10);
  expect_load_error (contents, length, TA_BASEMAP_ERROR_INVALID);
}

/* What the tiles show */

static void
test_basemap_sea_and_land (void)
{
  cairo_surface_t *block;
  int x, y;

  /* The Baltic between Gotland and the Polish coast */
  block = render_block (5, 55.5, 17.5, &x, &y);
  g_assert_true (color_near (pixel_at (block, x, y), TA_BASEMAP_COLOR_SEA, 6));
  g_assert_cmpuint (count_class_in_window (block, x, y, 4, CLASS_SEA), ==, 81);
  cairo_surface_destroy (block);

  /* Around Warsaw: land, though its dot, its name and the Vistula are
   * drawn there too. */
  block = render_block (5, 52.2298, 21.0118, &x, &y);
  g_assert_cmpuint (count_ring (block, x, y, 14, CLASS_LAND), >=, 10);
  cairo_surface_destroy (block);

  block = render_block (8, 52.2298, 21.0118, &x, &y);
  g_assert_cmpuint (count_ring (block, x, y, 14, CLASS_LAND), >=, 10);
  cairo_surface_destroy (block);
}

static void
test_basemap_lake (void)
{
  cairo_surface_t *block;
  int x, y;

  /* Lake Constance (Bodensee), between Friedrichshafen and Romanshorn:
   * lakes are drawn in the sea colour. */
  block = render_block (8, 47.59, 9.43, &x, &y);
  g_assert_cmpuint (count_class_in_window (block, x, y, 3, CLASS_SEA), >=, 45);

  /* ... while 25 km north, in Upper Swabia, is land. */
  cairo_surface_destroy (block);
  block = render_block (8, 47.85, 9.60, &x, &y);
  g_assert_cmpuint (count_class_in_window (block, x, y, 3, CLASS_SEA), ==, 0);
  cairo_surface_destroy (block);
}

static void
test_basemap_border (void)
{
  /* Points on the Oder-Neisse line, the Polish-German border. */
  static const double border[][2] = {
    { 52.345, 14.553 },   /* Frankfurt (Oder) / Słubice */
    { 51.955, 14.716 },   /* Guben / Gubin */
    { 51.152, 14.993 },   /* Görlitz / Zgorzelec */
  };

  for (guint i = 0; i < G_N_ELEMENTS (border); i++)
    {
      int x, y;
      cairo_surface_t *block = render_block (7, border[i][0], border[i][1], &x, &y);

      g_assert_cmpuint (count_class_in_window (block, x, y, 5, CLASS_BORDER), >, 0);
      cairo_surface_destroy (block);
    }

  /* No border pixel in the open Baltic */
  {
    int x, y;
    cairo_surface_t *block = render_block (7, 55.5, 17.5, &x, &y);

    g_assert_cmpuint (count_class_in_window (block, x, y, 5, CLASS_BORDER), ==, 0);
    cairo_surface_destroy (block);
  }
}

static void
test_basemap_labels (void)
{
  cairo_surface_t *block;
  int x, y;
  guint dark;

  /* Warsaw's name at zoom 6, on whichever side of its dot it went */
  block = render_block (6, 52.2298, 21.0118, &x, &y);
  dark = count_dark_in_rect (block, x - 90, y - 24, x + 90, y + 24);
  g_test_message ("dark pixels around Warsaw at zoom 6: %u", dark);
  g_assert_cmpuint (dark, >=, 60);
  cairo_surface_destroy (block);

  /* ... and nothing dark in the middle of the Baltic */
  block = render_block (6, 55.5, 17.5, &x, &y);
  g_assert_cmpuint (count_dark_in_rect (block, x - 30, y - 10, x + 30, y + 10), ==, 0);
  cairo_surface_destroy (block);
}

/* Tiles put side by side must give the same picture as the area drawn in
 * one go: a label cut at a tile edge, or geometry that does not meet,
 * shows up as a difference. */
static void
test_basemap_tiles_meet (void)
{
  const guint zoom = 6, tx = 35, ty = 20;   /* around Poznań and Wrocław */
  cairo_surface_t *stitched = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 768, 768);
  cairo_surface_t *whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 768, 768);
  cairo_t *cr = cairo_create (stitched);
  double north, west, south, east;
  guint differing = 0;
  guint64 total = 0;

  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++)
      {
        cairo_surface_t *tile = render_tile (zoom, tx + i, ty + j, 1.0);

        cairo_set_source_surface (cr, tile, i * 256, j * 256);
        cairo_paint (cr);
        cairo_surface_destroy (tile);
      }
  cairo_destroy (cr);

  ta_projection_tile_to_latlon (zoom, tx, ty, &north, &west);
  ta_projection_tile_to_latlon (zoom, tx + 3, ty + 3, &south, &east);
  cr = cairo_create (whole);
  ta_basemap_render_area (basemap, cr, west, south, east, north, 768, 768, 1.0);
  cairo_destroy (cr);

  for (int y = 0; y < 768; y++)
    for (int x = 0; x < 768; x++)
      {
        int d = color_distance (pixel_at (stitched, x, y), pixel_at (whole, x, y));

        total += d;
        if (d > 24)
          differing++;
      }

  g_test_message ("tiles vs area: %u pixels differ, mean difference %.3f",
                  differing, (double) total / (768 * 768));
  g_assert_cmpuint (differing, <, 50);

  cairo_surface_destroy (stitched);
  cairo_surface_destroy (whole);
}

static void
test_basemap_hidpi (void)
{
  cairo_surface_t *normal = render_tile (6, 35, 21, 1.0);
  cairo_surface_t *hidpi = render_tile (6, 35, 21, 2.0);
  guint64 total = 0;
  guint far_off = 0;

  g_assert_cmpint (cairo_image_surface_get_width (hidpi), ==, 512);
  /* Painted to the very corner */
  g_assert_true (color_near (pixel_at (hidpi, 511, 511), TA_BASEMAP_COLOR_LAND, 60) ||
                 color_near (pixel_at (hidpi, 511, 511), TA_BASEMAP_COLOR_SEA, 60));

  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        Rgb a = pixel_at (hidpi, 2 * x, 2 * y), b = pixel_at (hidpi, 2 * x + 1, 2 * y);
        Rgb c = pixel_at (hidpi, 2 * x, 2 * y + 1), d = pixel_at (hidpi, 2 * x + 1, 2 * y + 1);
        Rgb mean = { (a.r + b.r + c.r + d.r) / 4, (a.g + b.g + c.g + d.g) / 4, (a.b + b.b + c.b + d.b) / 4 };
        int diff = color_distance (mean, pixel_at (normal, x, y));

        total += diff;
        if (diff > 90)
          far_off++;
      }

  g_test_message ("scale 2 downscaled vs scale 1: mean difference %.2f, %u pixels far off",
                  total / 65536.0, far_off);
  g_assert_cmpfloat (total / 65536.0, <, 8.0);
  /* Text antialiases differently at twice the size; everything else matches. */
  g_assert_cmpuint (far_off, <, 65536 / 25);

  cairo_surface_destroy (normal);
  cairo_surface_destroy (hidpi);
}

static void
render_poland_to (cairo_surface_t *surface,
                  double           width,
                  double           height)
{
  cairo_t *cr = cairo_create (surface);

  ta_basemap_render_area (basemap, cr, 14.0, 49.0, 24.2, 54.9, width, height, 1.0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
}

static void
test_basemap_vector_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-basemap-XXXXXX", &error);
  g_autofree char *pdf_path = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  cairo_surface_t *surface;
  GStatBuf st;

  g_assert_no_error (error);
  pdf_path = g_build_filename (dir, "poland.pdf", NULL);
  svg_path = g_build_filename (dir, "poland.svg", NULL);

  /* A4 landscape, in points */
  surface = cairo_pdf_surface_create (pdf_path, 842, 595);
  render_poland_to (surface, 842, 595);
  cairo_surface_destroy (surface);
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);

  surface = cairo_svg_surface_create (svg_path, 600, 400);
  render_poland_to (surface, 600, 400);
  cairo_surface_destroy (surface);
  g_file_get_contents (svg_path, &svg, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "<path"));
  /* cairo writes text as glyph symbols */
  g_assert_nonnull (strstr (svg, "glyph"));

  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, pdf_path, "-", NULL };
      g_autofree char *text = NULL;
      int wait_status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    &text, NULL, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (text, "Warsaw"));
      g_assert_nonnull (strstr (text, "Kraków"));
      g_assert_nonnull (strstr (text, "Poland"));
    }
  else
    {
      g_test_message ("pdftotext not found: the PDF's text was not checked");
    }

  g_unlink (pdf_path);
  g_unlink (svg_path);
  g_rmdir (dir);
}

/* The whole world in less than a tile, as a print overview might want. */
static void
test_basemap_small_world (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 180, 180);
  cairo_t *cr = cairo_create (surface);
  double x, y;

  ta_basemap_render_area (basemap, cr, -180, -85, 180, 85, 180, 180, 1.0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* Central Siberia and central Australia are land, the middle of the
   * Pacific is sea. */
  ta_projection_latlon_to_world (62.0, 100.0, log2 (180.0 / 256.0), &x, &y);
  g_assert_cmpint (classify (pixel_at (surface, (int) x, (int) y)), ==, CLASS_LAND);
  ta_projection_latlon_to_world (-25.0, 134.0, log2 (180.0 / 256.0), &x, &y);
  g_assert_cmpint (classify (pixel_at (surface, (int) x, (int) y)), ==, CLASS_LAND);
  ta_projection_latlon_to_world (0.0, -150.0, log2 (180.0 / 256.0), &x, &y);
  g_assert_cmpint (classify (pixel_at (surface, (int) x, (int) y)), ==, CLASS_SEA);

  cairo_surface_destroy (surface);
}

/* Threads */

typedef struct
{
  guint zoom;
  guint x;
  guint y;
} TileId;

static const TileId thread_tiles[] = {
  { 5, 17, 10 }, { 5, 18, 10 }, { 6, 35, 21 }, { 6, 36, 20 },
  { 7, 70, 42 }, { 7, 71, 41 }, { 8, 142, 84 }, { 8, 141, 85 },
};

static GBytes *
tile_bytes (const TileId *id)
{
  cairo_surface_t *surface = render_tile (id->zoom, id->x, id->y, 1.0);
  GBytes *bytes;

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface));
  cairo_surface_destroy (surface);

  return bytes;
}

static gpointer
render_all_tiles (gpointer data)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (thread_tiles); i++)
      g_ptr_array_add (results, tile_bytes (&thread_tiles[(i + GPOINTER_TO_UINT (data)) % G_N_ELEMENTS (thread_tiles)]));

  return results;
}

static void
test_basemap_threads (void)
{
  GBytes *expected[G_N_ELEMENTS (thread_tiles)];
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (thread_tiles); i++)
    expected[i] = tile_bytes (&thread_tiles[i]);

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("render", render_all_tiles, GUINT_TO_POINTER (t));

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_autoptr(GPtrArray) results = g_thread_join (threads[t]);

      g_assert_cmpuint (results->len, ==, 3 * G_N_ELEMENTS (thread_tiles));
      for (guint i = 0; i < results->len; i++)
        {
          guint tile = (i % G_N_ELEMENTS (thread_tiles) + t) % G_N_ELEMENTS (thread_tiles);

          g_assert_true (g_bytes_equal (g_ptr_array_index (results, i), expected[tile]));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (thread_tiles); i++)
    g_bytes_unref (expected[i]);
}

/* Speed: measured and printed, not asserted */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static void
measure_zoom (guint zoom)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  double wx, wy, total = 0.0;
  guint cx, cy;

  /* 5 x 5 tiles around Łódź, the middle of Poland */
  ta_projection_latlon_to_world (51.77, 19.46, zoom, &wx, &wy);
  cx = (guint) (wx / 256);
  cy = (guint) (wy / 256);

  for (guint j = 0; j < 5; j++)
    for (guint i = 0; i < 5; i++)
      {
        cairo_t *cr = cairo_create (surface);
        gint64 start = g_get_monotonic_time ();
        double ms;

        ta_basemap_render_tile (basemap, cr, zoom, cx + i - MIN (cx, 2), cy + j - MIN (cy, 2), 256, 1.0);
        cairo_surface_flush (surface);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        cairo_destroy (cr);
        g_array_append_val (times, ms);
        total += ms;
      }

  g_array_sort (times, compare_doubles);
  g_test_message ("zoom %u: median %.2f ms per tile, %.0f tiles per second",
                  zoom, g_array_index (times, double, times->len / 2), times->len / (total / 1000.0));
  cairo_surface_destroy (surface);
}

static void
test_basemap_throughput (void)
{
  for (guint zoom = 3; zoom <= 9; zoom++)
    measure_zoom (zoom);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/projection/known-values", test_projection_known_values);
  g_test_add_func ("/ta/projection/round-trip", test_projection_round_trip);
  g_test_add_func ("/ta/wkb/multipolygon", test_wkb_multipolygon);
  g_test_add_func ("/ta/wkb/gpkg-blob", test_wkb_gpkg_blob);
  g_test_add_func ("/ta/wkb/errors", test_wkb_errors);

  /* The compiled basemap: argv[1], or the data directory's. */
  if (argc > 1)
    basemap_path = g_strdup (argv[1]);
  else
    basemap_path = g_build_filename (g_getenv ("TWIN_ATLAS_DATA_DIR") ? g_getenv ("TWIN_ATLAS_DATA_DIR") : ".",
                                     "basemap.bin", NULL);
  basemap = ta_basemap_new_from_file (basemap_path, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ta/basemap/load", test_basemap_load);
  g_test_add_func ("/ta/basemap/load-errors", test_basemap_load_errors);
  g_test_add_func ("/ta/basemap/sea-and-land", test_basemap_sea_and_land);
  g_test_add_func ("/ta/basemap/lake", test_basemap_lake);
  g_test_add_func ("/ta/basemap/border", test_basemap_border);
  g_test_add_func ("/ta/basemap/labels", test_basemap_labels);
  g_test_add_func ("/ta/basemap/tiles-meet", test_basemap_tiles_meet);
  g_test_add_func ("/ta/basemap/hidpi", test_basemap_hidpi);
  g_test_add_func ("/ta/basemap/vector-export", test_basemap_vector_export);
  g_test_add_func ("/ta/basemap/small-world", test_basemap_small_world);
  g_test_add_func ("/ta/basemap/threads", test_basemap_threads);
  g_test_add_func ("/ta/basemap/throughput", test_basemap_throughput);

  status = g_test_run ();
  g_clear_object (&basemap);
  g_free (basemap_path);

  return status;
}
