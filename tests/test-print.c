/* test-print.c: printed maps and atlas reports as PDF, SVG and PNG, headless
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-print BASEMAP.bin ATLAS.db (the build's own, see meson.build).
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ta-basemap.h"
#include "ta-db.h"
#include "ta-network.h"
#include "ta-print-layout.h"
#include "ta-projection.h"
#include "ta-report.h"

/* Lubusz: a small voivodeship with both domestic and foreign links. */
#define REGION_CODE "PL-08"

static TaBasemap *basemap;
static TaDb *db;
static TaNetwork *network;

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-print-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static TaPrintLayout *
region_layout (const char *code)
{
  g_autoptr(TaPrintLayout) layout = ta_print_layout_new (db, basemap, network);
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *regions[] = { code, NULL };
  TaPrintArea area;

  g_assert_true (ta_print_area_for_region (db, code, &area, &name, &error));
  g_assert_no_error (error);
  ta_filter_set_regions (filter, regions);
  ta_print_layout_set_area (layout, &area);
  ta_print_layout_set_filter (layout, filter);
  ta_print_layout_set_title (layout, name);
  g_assert_true (ta_print_layout_prepare (layout, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ta_print_layout_get_n_links (layout), >, 0);
  return g_steal_pointer (&layout);
}

static void
write_layout (TaPrintLayout  *layout,
              const char     *path,
              TaReportFormat  format,
              double          dpi)
{
  g_autoptr(TaReport) report = ta_report_new ();
  g_autoptr(GError) error = NULL;

  ta_report_add_layout (report, layout);
  g_assert_true (ta_report_write (report, path, format, dpi, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* pdftotext of one page (0: all), or NULL when poppler-utils are missing. */
static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *first = g_strdup_printf ("%d", page);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (tool == NULL)
    return NULL;
  g_ptr_array_add (args, tool);
  if (page > 0)
    {
      g_ptr_array_add (args, (char *) "-f");
      g_ptr_array_add (args, first);
      g_ptr_array_add (args, (char *) "-l");
      g_ptr_array_add (args, first);
    }
  g_ptr_array_add (args, (char *) path);
  g_ptr_array_add (args, (char *) "-");
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in the page's text", needle);
}

static void
test_print_pdf (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lubusz.pdf", NULL);
  g_autoptr(TaPrintLayout) layout = region_layout (REGION_CODE);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length;

  write_layout (layout, path, TA_REPORT_FORMAT_PDF, 72);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* The map and at least one table page. */
  g_assert_cmpuint (ta_print_layout_get_n_pages (layout), >=, 2);

  text = pdf_text (path, 1);
  if (text == NULL)
    {
      g_test_message ("pdftotext not found: the page's text is not checked");
    }
  else
    {
      assert_contains (text, "Lubusz");
      assert_contains (text, "Links of towns in Lubusz");
      assert_contains (text, "twinning (");
      assert_contains (text, "Made with Natural Earth");
      assert_contains (text, "Twinning data: Wikidata (CC0)");
      assert_contains (text, "km");
      assert_contains (text, "Page 1 of");
    }

  g_clear_pointer (&text, g_free);
  text = pdf_text (path, 2);
  if (text != NULL)
    {
      assert_contains (text, "Partner");
      assert_contains (text, "Since");
      assert_contains (text, "Page 2 of");
    }
  remove_dir (dir);
}

typedef struct
{
  guint elements;
  guint paths;
  gboolean root_is_svg;
} SvgCount;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgCount *count = user_data;

  if (count->elements++ == 0)
    count->root_is_svg = g_str_equal (element, "svg");
  if (g_str_equal (element, "path"))
    count->paths++;
}

static void
test_print_svg (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lubusz.svg", NULL);
  g_autoptr(TaPrintLayout) layout = region_layout (REGION_CODE);
  const GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SvgCount count = { 0 };
  gsize length;

  write_layout (layout, path, TA_REPORT_FORMAT_SVG, 72);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  context = g_markup_parse_context_new (&parser, 0, &count, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (count.root_is_svg);
  /* Basemap, arcs, dots and glyphs are vectors. */
  g_assert_cmpuint (count.paths, >, 100);
  remove_dir (dir);
}

static void
pixel_at (cairo_surface_t *image,
          int              x,
          int              y,
          int             *r,
          int             *g,
          int             *b)
{
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint32 p;

  g_assert_true (x >= 0 && y >= 0 &&
                 x < cairo_image_surface_get_width (image) && y < cairo_image_surface_get_height (image));
  memcpy (&p, data + y * stride + 4 * x, 4);
  *r = (p >> 16) & 0xff;
  *g = (p >> 8) & 0xff;
  *b = p & 0xff;
}

/* Whether a pixel within @radius of (@x, @y) matches @rgb within 4 a
 * channel (@rgb = 0: one much redder than green, an arc's). */
static gboolean
find_pixel_near (cairo_surface_t *image,
                 double           x,
                 double           y,
                 int              radius,
                 guint32          rgb)
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        int r, g, b;

        pixel_at (image, (int) x + dx, (int) y + dy, &r, &g, &b);
        if (rgb == 0 && r - g > 25 && r - b > 15)
          return TRUE;
        if (rgb != 0 && ABS (r - (int) (rgb >> 16)) <= 4 && ABS (g - (int) ((rgb >> 8) & 0xff)) <= 4 &&
            ABS (b - (int) (rgb & 0xff)) <= 4)
          return TRUE;
      }
  return FALSE;
}

/* The midpoint of the shortest visible twinning arc whose two towns are
 * on the map, as a point on the page. */
static gboolean
find_arc_midpoint (TaPrintLayout *layout,
                   const char    *code,
                   double        *x,
                   double        *y)
{
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *regions[] = { code, NULL };
  float best = G_MAXFLOAT;

  ta_filter_set_regions (filter, regions);
  ids = ta_filter_select_links (filter, db, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    {
      int index = ta_network_find_link (network, g_array_index (ids, gint64, i));
      const TaNetworkLink *link;
      const TaNetworkTown *a, *b;
      const double *points;
      guint n_points;
      double ax, ay, bx, by, mx, my;

      if (index < 0)
        continue;
      link = ta_network_get_link (network, index);
      a = ta_network_get_town (network, link->town_a);
      b = ta_network_get_town (network, link->town_b);
      if (link->kind != TA_LINK_KIND_TWINNING || link->status != TA_LINK_STATUS_ACTIVE ||
          link->length >= best ||
          !ta_print_layout_project (layout, a->lon, a->lat, &ax, &ay) ||
          !ta_print_layout_project (layout, b->lon, b->lat, &bx, &by) ||
          hypot (ax - bx, ay - by) < 60)
        continue;
      points = ta_network_get_link_points (network, index, &n_points);
      if (!ta_print_layout_project (layout,
                                    ta_projection_unit_x_to_lon (points[2 * (n_points / 2)]),
                                    ta_projection_unit_y_to_lat (points[2 * (n_points / 2) + 1]),
                                    &mx, &my))
        continue;
      best = link->length;
      *x = mx;
      *y = my;
    }
  return best < G_MAXFLOAT;
}

static void
test_print_png (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lubusz.png", NULL);
  g_autoptr(TaPrintLayout) layout = region_layout (REGION_CODE);
  const TaPrintPage *page = ta_print_layout_get_page (layout);
  const double dpi = 100, scale = dpi / 72;
  cairo_surface_t *image;
  double x, y;

  write_layout (layout, path, TA_REPORT_FORMAT_PNG, dpi);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (page->width * scale));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (page->height * scale));

  /* White paper in the margin. */
  g_assert_true (find_pixel_near (image, 5, 5, 0, 0xffffff));

  /* Land in the middle of the region's map (Zielona Góra's surroundings),
   * a lake or sea pixel is not expected there. */
  g_assert_true (ta_print_layout_project (layout, 15.3, 52.3, &x, &y));
  g_assert_true (find_pixel_near (image, x * scale, y * scale, 12, 0xf2efe9));

  /* Sea: the Baltic north of Pomerania, on a map of Poland. */
  {
    g_autoptr(TaPrintLayout) poland = ta_print_layout_new (db, basemap, network);
    g_autofree char *png = g_build_filename (dir, "poland.png", NULL);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *poland_image;
    TaPrintArea area;

    g_assert_true (ta_print_area_for_country (db, "PL", &area, NULL, &error));
    g_assert_no_error (error);
    ta_print_layout_set_area (poland, &area);
    ta_print_layout_set_with_table (poland, FALSE);
    g_assert_true (ta_print_layout_prepare (poland, &error));
    g_assert_no_error (error);
    write_layout (poland, png, TA_REPORT_FORMAT_PNG, dpi);
    poland_image = cairo_image_surface_create_from_png (png);
    g_assert_true (ta_print_layout_project (poland, 17.0, 55.3, &x, &y));
    g_assert_true (find_pixel_near (poland_image, x * scale, y * scale, 6, 0xa7c8e0));
    cairo_surface_destroy (poland_image);
  }

  /* An arc: reddish pixels in the middle of a twinning link. */
  g_assert_true (find_arc_midpoint (layout, REGION_CODE, &x, &y));
  g_assert_true (find_pixel_near (image, x * scale, y * scale, 2, 0));
  /* …which the bare basemap does not have there. */
  g_assert_false (find_pixel_near (image, 5 * scale, 5 * scale, 2, 0));

  cairo_surface_destroy (image);
  remove_dir (dir);
}

static void
test_print_atlas (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "poland.pdf", NULL);
  g_autoptr(TaReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  TaPrintPage page;
  sqlite3_stmt *stmt;
  guint first_page = 1;

  stmt = ta_db_prepare (db, "SELECT name FROM region WHERE country_code = 'PL' AND iso_code IS NOT NULL "
                            "ORDER BY name COLLATE NOCASE", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (names->len, ==, 16);

  ta_print_page_init (&page, TA_PAPER_A4, FALSE);
  report = ta_report_new_per_region (db, basemap, network, NULL, "pl", &page, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ta_report_get_n_layouts (report), ==, 16);
  g_assert_true (ta_report_write (report, path, TA_REPORT_FORMAT_PDF, 72, NULL, &error));
  g_assert_no_error (error);

  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      g_autofree char *out = NULL;
      g_autofree char *expected = g_strdup_printf ("Pages: %u", ta_report_get_n_pages (report));
      g_autoptr(GRegex) spaces = g_regex_new ("Pages: +", 0, 0, NULL);
      g_autofree char *squeezed = NULL;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, &error);
      g_assert_no_error (error);
      squeezed = g_regex_replace_literal (spaces, out, -1, 0, "Pages: ", 0, NULL);
      assert_contains (squeezed, expected);
    }

  /* Each region's map page is titled with its name. */
  for (guint i = 0; i < ta_report_get_n_layouts (report); i++)
    {
      TaPrintLayout *layout = ta_report_get_layout (report, i);
      g_autofree char *text = pdf_text (path, first_page);

      g_assert_cmpstr (ta_print_layout_get_title (layout), ==, g_ptr_array_index (names, i));
      if (text != NULL)
        {
          g_autofree char *title_line = g_strdup_printf ("%s\n", (char *) g_ptr_array_index (names, i));

          g_assert_true (g_str_has_prefix (text, title_line));
        }
      first_page += ta_print_layout_get_n_pages (layout);
    }
  g_assert_cmpuint (first_page - 1, ==, ta_report_get_n_pages (report));
  remove_dir (dir);
}

static void
test_print_never_half_written (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "map.pdf", NULL);
  g_autoptr(TaPrintLayout) layout = region_layout (REGION_CODE);
  g_autoptr(TaReport) report = ta_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  ta_report_add_layout (report, layout);

  /* A failed export leaves the old file as it was and no temporary file. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_false (ta_report_write (report, path, TA_REPORT_FORMAT_PNG, 5, NULL, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_false (ta_report_write (report, missing, TA_REPORT_FORMAT_PDF, 72, NULL, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* Cancelled between pages: nothing written either. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);

    g_cancellable_cancel (cancellable);
    g_assert_false (ta_report_write (report, pdf, TA_REPORT_FORMAT_PDF, 72, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_files (dir), ==, 1);
  }
  remove_dir (dir);
}

static void
test_print_areas (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  TaPrintArea area;
  TaPaperSize paper;
  TaPrintPage page;
  TaReportFormat format;

  g_assert_true (ta_print_area_parse ("14.1, 49.0,24.2,54.9", &area, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (area.west, 14.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (area.north, 54.9, 1e-9);
  g_assert_false (ta_print_area_parse ("14,55,24,49", &area, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA);
  g_clear_error (&error);
  g_assert_false (ta_print_area_parse ("14,49,24", &area, &error));
  g_clear_error (&error);
  g_assert_false (ta_print_area_parse ("a,b,c,d", &area, &error));
  g_clear_error (&error);

  /* Lower Silesia lies within these bounds (degrees). */
  g_assert_true (ta_print_area_for_region (db, "pl-02", &area, &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Lower Silesian");
  g_assert_true (area.west > 14.5 && area.east < 17.9 && area.south > 50.0 && area.north < 51.9);
  g_assert_false (ta_print_area_for_region (db, "PL-99", &area, NULL, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA);
  g_clear_error (&error);

  /* France without its overseas departments. */
  g_assert_true (ta_print_area_for_country (db, "FR", &area, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (area.west > -6 && area.east < 10 && area.south > 41 && area.north < 52);
  g_assert_false (ta_print_area_for_country (db, "XX", &area, NULL, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA);
  g_clear_error (&error);

  g_assert_true (ta_print_paper_from_string ("Letter", &paper, NULL));
  g_assert_cmpint (paper, ==, TA_PAPER_LETTER);
  g_assert_false (ta_print_paper_from_string ("A5", &paper, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT);
  g_clear_error (&error);
  ta_print_page_init (&page, TA_PAPER_A3, TRUE);
  g_assert_cmpfloat (page.width, >, page.height);

  g_assert_true (ta_report_format_from_path ("x/Map.SVG", &format, NULL));
  g_assert_cmpint (format, ==, TA_REPORT_FORMAT_SVG);
  g_assert_false (ta_report_format_from_path ("map.jpg", &format, &error));
  g_assert_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT);
}
/* With exchange and funding records (clearly synthetic, added to a copy of
 * the atlas) the report gains a summary page after the table. */
static void
test_print_summary (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *copy = g_build_filename (dir, "atlas.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "summary.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  TaDb *saved_db = db;
  TaNetwork *saved_network = network;
  g_autoptr(TaDb) records_db = NULL;
  g_autoptr(TaNetwork) records_network = NULL;
  g_autoptr(TaPrintLayout) layout = NULL;

  g_assert_true (g_file_get_contents (ta_db_get_path (db), &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  records_db = ta_db_open (copy, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  g_assert_true (ta_db_exec (records_db,
    "INSERT INTO source (id, title, licence, attribution)"
    "  VALUES ('test-synthetic', 'Synthetic test records', 'none', 'none');"
    "INSERT INTO exchange (link_id, year, kind, participants, description, source_id)"
    "  SELECT l.id, 2019, 'youth', 24, 'Synthetic test exchange', 'test-synthetic'"
    "  FROM link l JOIN town t ON t.id IN (l.town_a, l.town_b) JOIN region r ON r.id = t.region_id"
    "  WHERE r.iso_code = '" REGION_CODE "' ORDER BY l.id LIMIT 1;"
    "INSERT INTO funding (link_id, amount_minor, currency, year, funder, purpose, source_id)"
    "  SELECT link_id, 500000, 'EUR', 2019, 'Synthetic Test Fund', 'Synthetic test grant', 'test-synthetic'"
    "  FROM exchange;",
    &error));
  g_assert_no_error (error);
  records_network = ta_network_load (records_db, &error);
  g_assert_no_error (error);

  db = records_db;
  network = records_network;
  layout = region_layout (REGION_CODE);
  db = saved_db;
  network = saved_network;

  write_layout (layout, pdf, TA_REPORT_FORMAT_PDF, 72);
  text = pdf_text (pdf, 0);
  if (text == NULL)
    g_test_message ("pdftotext not found: the summary's text is not checked");
  else
    {
      assert_contains (text, "exchanges and funding");
      assert_contains (text, "Exchanges by kind");
      assert_contains (text, "Funding by currency");
      assert_contains (text, "EUR");
    }

  g_clear_object (&layout);
  g_clear_object (&records_network);
  g_clear_object (&records_db);
  {
    const char *suffixes[] = { "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *side = g_strconcat (copy, suffixes[i], NULL);
        g_unlink (side);
      }
  }
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    {
      g_printerr ("Usage: %s BASEMAP.bin ATLAS.db\n", argv[0]);
      return 2;
    }

  basemap = ta_basemap_new_from_file (argv[1], &error);
  g_assert_no_error (error);
  db = ta_db_open (argv[2], TA_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  network = ta_network_load (db, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ta/print/areas", test_print_areas);
  g_test_add_func ("/ta/print/pdf", test_print_pdf);
  g_test_add_func ("/ta/print/svg", test_print_svg);
  g_test_add_func ("/ta/print/png", test_print_png);
  g_test_add_func ("/ta/print/atlas", test_print_atlas);
  g_test_add_func ("/ta/print/never-half-written", test_print_never_half_written);
  g_test_add_func ("/ta/print/summary", test_print_summary);

  status = g_test_run ();
  g_clear_object (&network);
  g_clear_object (&db);
  g_clear_object (&basemap);
  return status;
}
