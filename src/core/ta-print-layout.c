/* ta-print-layout.c: one printed map of the atlas: its pages, map frame, header and footer
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map is the screen's map: the basemap and the network renderer draw
 * into the map frame through their "area" entry points, given a box whose
 * shape is the frame's, so that both fit it the same way and the labels,
 * the scale bar and the inset (see ta-print-layout-private.h) can be placed
 * with the same transform.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ta-network-renderer.h"
#include "ta-print-layout-private.h"
#include "ta-projection.h"

G_DEFINE_FINAL_TYPE (TaPrintLayout, ta_print_layout, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-print-error-quark, ta_print_error)

/* Pages (areas: ta-print-area.c) */

void
ta_print_page_init (TaPrintPage *page,
                    TaPaperSize  paper,
                    gboolean     landscape)
{
  double w, h;

  g_return_if_fail (page != NULL);

  switch (paper)
    {
    case TA_PAPER_A3:
      w = 297 / 25.4 * 72, h = 420 / 25.4 * 72;
      break;
    case TA_PAPER_LETTER:
      w = 612.0, h = 792.0;
      break;
    case TA_PAPER_A4:
    default:
      w = 210 / 25.4 * 72, h = 297 / 25.4 * 72;
      break;
    }

  page->width = landscape ? h : w;
  page->height = landscape ? w : h;
  page->margin_top = page->margin_bottom = page->margin_left = page->margin_right = 36.0;
}

gboolean
ta_print_paper_from_string (const char   *name,
                            TaPaperSize  *paper,
                            GError      **error)
{
  g_return_val_if_fail (name != NULL && paper != NULL, FALSE);

  if (g_ascii_strcasecmp (name, "a4") == 0)
    *paper = TA_PAPER_A4;
  else if (g_ascii_strcasecmp (name, "a3") == 0)
    *paper = TA_PAPER_A3;
  else if (g_ascii_strcasecmp (name, "letter") == 0)
    *paper = TA_PAPER_LETTER;
  else
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_FORMAT,
                   _("Unknown paper “%s” (use A4, A3 or letter)"), name);
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
ta_print_layout_finalize (GObject *object)
{
  TaPrintLayout *self = (TaPrintLayout *) object;

  g_clear_object (&self->db);
  g_clear_object (&self->basemap);
  g_clear_object (&self->network);
  g_clear_object (&self->filter);
  g_clear_object (&self->shown);
  g_clear_pointer (&self->home_towns, g_hash_table_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->page_title, g_free);
  g_clear_pointer (&self->page_subtitle, g_free);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->attributions, g_ptr_array_unref);
  g_clear_pointer (&self->exchange_summary, g_ptr_array_unref);
  g_clear_pointer (&self->funding_summary, g_ptr_array_unref);

  G_OBJECT_CLASS (ta_print_layout_parent_class)->finalize (object);
}

static void
ta_print_layout_class_init (TaPrintLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ta_print_layout_finalize;
}

static void
ta_print_layout_init (TaPrintLayout *self)
{
  ta_print_page_init (&self->page, TA_PAPER_A4, FALSE);
  self->with_table = TRUE;
  self->with_inset = TRUE;
  self->first_page_number = 1;
}

TaPrintLayout *
ta_print_layout_new (TaDb      *db,
                     TaBasemap *basemap,
                     TaNetwork *network)
{
  TaPrintLayout *self;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (TA_IS_BASEMAP (basemap), NULL);
  g_return_val_if_fail (TA_IS_NETWORK (network), NULL);

  self = g_object_new (TA_TYPE_PRINT_LAYOUT, NULL);
  self->db = g_object_ref (db);
  self->basemap = g_object_ref (basemap);
  self->network = g_object_ref (network);
  return self;
}

void
ta_print_layout_set_page (TaPrintLayout     *self,
                          const TaPrintPage *page)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));
  g_return_if_fail (page != NULL && page->width > 0 && page->height > 0);

  self->page = *page;
  self->prepared = FALSE;
}

void
ta_print_layout_set_area (TaPrintLayout     *self,
                          const TaPrintArea *area)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  self->has_area = area != NULL;
  if (area != NULL)
    self->area = *area;
  self->prepared = FALSE;
}

void
ta_print_layout_set_filter (TaPrintLayout *self,
                            TaFilter      *filter)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  g_clear_object (&self->filter);
  if (filter != NULL)
    self->filter = ta_filter_copy (filter);
  self->prepared = FALSE;
}

void
ta_print_layout_set_title (TaPrintLayout *self,
                           const char    *title)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  g_free (self->title);
  self->title = title != NULL && *title != '\0' ? g_strdup (title) : NULL;
  self->prepared = FALSE;
}

void
ta_print_layout_set_with_table (TaPrintLayout *self,
                                gboolean       with_table)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  self->with_table = with_table;
  self->prepared = FALSE;
}

void
ta_print_layout_set_with_inset (TaPrintLayout *self,
                                gboolean       with_inset)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  self->with_inset = with_inset;
}

void
ta_print_layout_set_page_numbering (TaPrintLayout *self,
                                    guint          first,
                                    guint          total)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));

  self->first_page_number = MAX (first, 1);
  self->total_pages = total;
}

/* Preparing */

/* Whether the town is one the map is about: in the filter's regions, else
 * in its countries, else in the mapped area. */
gboolean
ta_print_layout_town_is_home (TaPrintLayout       *self,
                              const TaNetworkTown *town)
{
  const TaPrintArea *a = &self->area;
  const char * const *countries = self->filter != NULL ? ta_filter_get_countries (self->filter) : NULL;

  if (self->home_towns != NULL)
    return g_hash_table_contains (self->home_towns, &town->id);
  if (countries != NULL && countries[0] != NULL)
    return g_strv_contains (countries, town->country);
  if (!self->has_area)
    return TRUE;
  if (town->lat < a->south || town->lat > a->north)
    return FALSE;
  if (a->west <= a->east)
    return town->lon >= a->west && town->lon <= a->east;
  return town->lon >= a->west || town->lon <= a->east;
}

static gboolean
collect_home_towns (TaPrintLayout  *self,
                    GError        **error)
{
  const char * const *regions = self->filter != NULL ? ta_filter_get_regions (self->filter) : NULL;
  sqlite3_stmt *stmt;

  g_clear_pointer (&self->home_towns, g_hash_table_unref);
  if (regions == NULL || regions[0] == NULL)
    return TRUE;

  self->home_towns = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stmt = ta_db_prepare (self->db,
                        "SELECT t.id FROM town t JOIN region r ON r.id = t.region_id "
                        "WHERE r.iso_code = ?1 OR CAST (r.id AS TEXT) = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; regions[i] != NULL; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, regions[i], -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_add (self->home_towns, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
      if (rc != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          ta_db_set_error_from_sqlite (self->db, error, "towns of the regions");
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* The sources of the links and towns shown, and of the basemap, as their
 * attribution lines (the source table says how each wants to be credited). */
static gboolean
collect_attributions (TaPrintLayout  *self,
                      GError        **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) shown_links = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) shown_towns = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  TaNetwork *net = self->shown;
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key;
  int rc;

  for (guint i = 0; i < ta_network_get_n_links (net); i++)
    if (ta_network_is_link_visible (net, i))
      {
        const TaNetworkLink *link = ta_network_get_link (net, i);

        g_hash_table_add (shown_links, (gpointer) &link->id);
        g_hash_table_add (shown_towns, (gpointer) &ta_network_get_town (net, link->town_a)->id);
        g_hash_table_add (shown_towns, (gpointer) &ta_network_get_town (net, link->town_b)->id);
      }

  g_hash_table_add (used, g_strdup ("natural-earth"));
  stmt = ta_db_prepare (self->db,
                        "SELECT 0, id, source_id FROM link "
                        "UNION ALL SELECT 0, link_id, source_id FROM link_source "
                        "UNION ALL SELECT 1, id, source_id FROM town", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);
      GHashTable *set = sqlite3_column_int (stmt, 0) == 0 ? shown_links : shown_towns;

      if (g_hash_table_contains (set, &id) &&
          !g_hash_table_contains (used, sqlite3_column_text (stmt, 2)))
        g_hash_table_add (used, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, "sources");
      return FALSE;
    }

  g_clear_pointer (&self->attributions, g_ptr_array_unref);
  self->attributions = g_ptr_array_new_with_free_func (g_free);
  stmt = ta_db_prepare (self->db, "SELECT attribution FROM source WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, used);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *line = NULL;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        line = (const char *) sqlite3_column_text (stmt, 0);
      else if (g_str_equal (key, "natural-earth"))
        line = "Made with Natural Earth";
      if (line != NULL && *line != '\0' && !g_hash_table_contains (lines, line))
        {
          char *copy = g_strdup (line);

          g_ptr_array_add (self->attributions, copy);
          g_hash_table_add (lines, copy);
        }
    }
  sqlite3_finalize (stmt);
  g_ptr_array_sort (self->attributions, compare_strings);
  return TRUE;
}

static void
layout_frame (TaPrintLayout *self)
{
  const TaPrintPage *p = &self->page;
  double x0, x1, y0, y1, dx, dy, fw, fh, cx, cy;

  self->frame.x0 = p->margin_left;
  self->frame.x1 = p->width - p->margin_right;
  self->frame.y0 = p->margin_top + HEADER_HEIGHT;
  self->frame.y1 = p->height - p->margin_bottom - FOOTER_HEIGHT - LEGEND_HEIGHT;
  fw = self->frame.x1 - self->frame.x0;
  fh = self->frame.y1 - self->frame.y0;

  if (self->has_area)
    {
      x0 = ta_projection_lon_to_unit_x (self->area.west);
      x1 = ta_projection_lon_to_unit_x (self->area.east);
      y0 = ta_projection_lat_to_unit_y (self->area.north);
      y1 = ta_projection_lat_to_unit_y (self->area.south);
      if (x1 <= x0)
        x1 += 1.0;
    }
  else
    {
      x0 = 0, x1 = 1, y0 = 0.1, y1 = 0.8;
    }

  /* A margin of map round the area so that its edge towns and labels do
   * not touch the frame. */
  dx = (x1 - x0) * 1.12 + 1e-6;
  dy = (y1 - y0) * 1.12 + 1e-6;
  cx = (x0 + x1) / 2;
  cy = (y0 + y1) / 2;
  self->ppu = MIN (fw / dx, fh / dy);
  self->origin_x = cx - fw / 2 / self->ppu;
  self->origin_y = cy - fh / 2 / self->ppu;
}

gboolean
ta_print_layout_prepare (TaPrintLayout  *self,
                         GError        **error)
{
  g_autoptr(TaFilter) all = NULL;
  g_autoptr(GArray) ids = NULL;
  TaFilter *filter;
  double table_height;

  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), FALSE);

  filter = self->filter;
  if (filter == NULL)
    filter = all = ta_filter_new ();
  ids = ta_filter_select_links (filter, self->db, error);
  if (ids == NULL)
    return FALSE;

  g_clear_object (&self->shown);
  self->shown = ta_network_with_visible_links (self->network, ids);
  if (!collect_home_towns (self, error))
    return FALSE;
  ta_print_layout_collect_rows (self);
  if (!collect_attributions (self, error) || !ta_print_layout_collect_summaries (self, error))
    return FALSE;

  g_clear_pointer (&self->page_title, g_free);
  g_clear_pointer (&self->page_subtitle, g_free);
  if (self->title != NULL)
    {
      self->page_title = g_strdup (self->title);
      self->page_subtitle = ta_filter_describe (filter, self->db);
    }
  else
    self->page_title = ta_filter_describe (filter, self->db);

  layout_frame (self);

  table_height = self->page.height - self->page.margin_top - self->page.margin_bottom
                 - HEADER_HEIGHT - FOOTER_HEIGHT - 2 * TABLE_ROW_HEIGHT;
  self->rows_per_page = (guint) MAX (5.0, floor (table_height / TABLE_ROW_HEIGHT));
  self->n_table_pages = self->with_table && self->rows->len > 0
                        ? (self->rows->len + self->rows_per_page - 1) / self->rows_per_page : 0;
  self->n_summary_pages = self->with_table &&
                          (self->exchange_summary->len > 0 || self->funding_summary->len > 0) ? 1 : 0;
  self->prepared = TRUE;
  return TRUE;
}

guint
ta_print_layout_get_n_links (TaPrintLayout *self)
{
  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), 0);
  g_return_val_if_fail (self->prepared, 0);

  return self->rows->len;
}

guint
ta_print_layout_get_n_pages (TaPrintLayout *self)
{
  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), 0);
  g_return_val_if_fail (self->prepared, 0);

  return 1 + self->n_table_pages + self->n_summary_pages;
}

const char *
ta_print_layout_get_title (TaPrintLayout *self)
{
  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), NULL);

  return self->page_title;
}

const TaPrintPage *
ta_print_layout_get_page (TaPrintLayout *self)
{
  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), NULL);

  return &self->page;
}

gboolean
ta_print_layout_project (TaPrintLayout *self,
                         double         lon,
                         double         lat,
                         double        *x,
                         double        *y)
{
  double ux, uy;

  g_return_val_if_fail (TA_IS_PRINT_LAYOUT (self), FALSE);
  g_return_val_if_fail (self->prepared, FALSE);

  ux = ta_projection_lon_to_unit_x (lon);
  uy = ta_projection_lat_to_unit_y (lat);
  if (ux < self->origin_x)
    ux += 1.0;
  ta_print_layout_unit_to_page (self, ux, uy, x, y);
  return *x >= self->frame.x0 && *x <= self->frame.x1 && *y >= self->frame.y0 && *y <= self->frame.y1;
}

/* Drawing helpers */

void
ta_print_set_rgb (cairo_t *cr,
                  guint    r,
                  guint    g,
                  guint    b)
{
  cairo_set_source_rgb (cr, r / 255.0, g / 255.0, b / 255.0);
}

void
ta_print_set_rgb32 (cairo_t *cr,
                    guint32  rgb)
{
  ta_print_set_rgb (cr, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
}

PangoLayout *
ta_print_text_new (cairo_t    *cr,
                   const char *font,
                   const char *text,
                   double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics must not depend on the target's resolution, or a PNG and a
   * PDF of the same page would wrap differently. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @text at (@x, @y) (top-left) and returns its height. */
double
ta_print_text_draw (cairo_t    *cr,
                    const char *font,
                    const char *text,
                    double      x,
                    double      y,
                    double      width)
{
  g_autoptr(PangoLayout) layout = ta_print_text_new (cr, font, text, width);
  int w, h;

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

double
ta_print_text_width (cairo_t    *cr,
                     const char *font,
                     const char *text)
{
  g_autoptr(PangoLayout) layout = ta_print_text_new (cr, font, text, -1);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

void
ta_print_text_draw_right (cairo_t    *cr,
                          const char *font,
                          const char *text,
                          double      right,
                          double      y)
{
  ta_print_text_draw (cr, font, text, right - ta_print_text_width (cr, font, text), y, -1);
}

/* Map frame */

void
ta_print_layout_unit_to_page (TaPrintLayout *self,
                              double         ux,
                              double         uy,
                              double        *x,
                              double        *y)
{
  *x = self->frame.x0 + (ux - self->origin_x) * self->ppu;
  *y = self->frame.y0 + (uy - self->origin_y) * self->ppu;
}

double
ta_print_layout_map_zoom (TaPrintLayout *self)
{
  return log2 (self->ppu / TA_PROJECTION_TILE_SIZE);
}

void
ta_print_layout_frame_box (TaPrintLayout *self,
                           double         ox,
                           double         oy,
                           double         ppu,
                           double         w,
                           double         h,
                           TaPrintArea   *box)
{
  box->west = ta_projection_unit_x_to_lon (ox);
  box->east = ta_projection_unit_x_to_lon (ox + w / ppu);
  box->north = ta_projection_unit_y_to_lat (oy);
  box->south = ta_projection_unit_y_to_lat (oy + h / ppu);
}

static void
draw_map (TaPrintLayout *self,
          cairo_t       *cr)
{
  double fw = self->frame.x1 - self->frame.x0;
  double fh = self->frame.y1 - self->frame.y0;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Rect));
  TaNetworkRenderOptions options;
  TaPrintArea box;

  ta_print_layout_frame_box (self, self->origin_x, self->origin_y, self->ppu, fw, fh, &box);

  cairo_save (cr);
  cairo_rectangle (cr, self->frame.x0, self->frame.y0, fw, fh);
  cairo_clip (cr);

  cairo_save (cr);
  cairo_translate (cr, self->frame.x0, self->frame.y0);
  ta_basemap_render_area (self->basemap, cr, box.west, box.south, box.east, box.north, fw, fh, BASEMAP_SCALE);
  ta_network_render_options_init (&options);
  options.parts = TA_NETWORK_RENDER_LINKS | TA_NETWORK_RENDER_TOWNS;
  /* On paper the screen's arcs would hide the basemap: a group at partial
   * opacity keeps them the screen's colours, only lighter (and stays
   * vector in PDF and SVG). */
  cairo_push_group (cr);
  ta_network_render_area (self->shown, cr, box.west, box.south, box.east, box.north, fw, fh, &options);
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, 0.7);
  cairo_restore (cr);

  ta_print_layout_draw_north_arrow (self, cr, placed);
  /* One scale is only true near one latitude: a map spanning more than
   * 40° of latitude gets none rather than a wrong one. */
  if (ta_projection_unit_y_to_lat (self->origin_y) - ta_projection_unit_y_to_lat (self->origin_y + fh / self->ppu) <= 40)
    ta_print_layout_draw_scale_bar (self, cr, placed);
  /* The locator shows six times the map: useless once that is the world. */
  if (self->with_inset && MAX (fw, fh) / self->ppu * 6 < 1.0)
    ta_print_layout_draw_inset (self, cr, placed);
  ta_print_layout_draw_town_labels (self, cr, placed);

  if (self->rows->len == 0)
    {
      const char *text = _("No partnerships match this selection.");
      double w = ta_print_text_width (cr, SUBTITLE_FONT, text);

      cairo_rectangle (cr, self->frame.x0 + fw / 2 - w / 2 - 8, self->frame.y0 + fh / 2 - 14, w + 16, 26);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_fill (cr);
      ta_print_set_rgb (cr, INK_RGB);
      ta_print_text_draw (cr, SUBTITLE_FONT, text, self->frame.x0 + fw / 2 - w / 2, self->frame.y0 + fh / 2 - 9, -1);
    }
  cairo_restore (cr);

  cairo_rectangle (cr, self->frame.x0, self->frame.y0, fw, fh);
  cairo_set_line_width (cr, 0.8);
  ta_print_set_rgb (cr, GREY_RGB);
  cairo_stroke (cr);
}

/* Header and footer */

void
ta_print_layout_draw_header (TaPrintLayout *self,
                             cairo_t       *cr,
                             const char    *title,
                             const char    *subtitle)
{
  double x = self->page.margin_left;
  double y = self->page.margin_top;
  double w = self->page.width - self->page.margin_left - self->page.margin_right;

  ta_print_set_rgb (cr, INK_RGB);
  y += ta_print_text_draw (cr, TITLE_FONT, title, x, y, w);
  if (subtitle != NULL)
    {
      ta_print_set_rgb (cr, GREY_RGB);
      ta_print_text_draw (cr, SUBTITLE_FONT, subtitle, x, y + 2, w);
    }
}

static void
draw_footer (TaPrintLayout *self,
             cairo_t       *cr,
             guint          index)
{
  double x = self->page.margin_left;
  double right = self->page.width - self->page.margin_right;
  double y = self->page.height - self->page.margin_bottom - FOOTER_HEIGHT + 8;
  guint total = self->total_pages > 0 ? self->total_pages : ta_print_layout_get_n_pages (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *page = g_strdup_printf (_("Page %u of %u"), self->first_page_number + index, total);
  g_autoptr(GString) sources = g_string_new (NULL);

  for (guint i = 0; i < self->attributions->len; i++)
    {
      if (i > 0)
        g_string_append (sources, " · ");
      g_string_append (sources, g_ptr_array_index (self->attributions, i));
    }

  cairo_move_to (cr, x, y - 4);
  cairo_line_to (cr, right, y - 4);
  cairo_set_line_width (cr, 0.5);
  ta_print_set_rgb (cr, RULE_RGB);
  cairo_stroke (cr);

  ta_print_set_rgb (cr, GREY_RGB);
  ta_print_text_draw (cr, SMALL_FONT, sources->str, x, y, (right - x) * 0.75);
  ta_print_text_draw_right (cr, SMALL_FONT, date, right, y);
  ta_print_text_draw_right (cr, SMALL_FONT, page, right, y + 10);
}

void
ta_print_layout_draw_page (TaPrintLayout *self,
                           cairo_t       *cr,
                           guint          index)
{
  g_return_if_fail (TA_IS_PRINT_LAYOUT (self));
  g_return_if_fail (self->prepared);
  g_return_if_fail (index < ta_print_layout_get_n_pages (self));

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, self->page.width, self->page.height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  if (index == 0)
    {
      ta_print_layout_draw_header (self, cr, self->page_title, self->page_subtitle);
      draw_map (self, cr);
      ta_print_layout_draw_legend (self, cr);
    }
  else if (index <= self->n_table_pages)
    ta_print_layout_draw_table_page (self, cr, index - 1);
  else
    ta_print_layout_draw_summary_page (self, cr);

  draw_footer (self, cr, index);
  cairo_restore (cr);
}
