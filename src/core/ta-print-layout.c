/* ta-print-layout.c: one printed map of the atlas, with its legend and table pages
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map is the screen's map: the basemap and the network renderer draw
 * into the map frame through their "area" entry points, given a box whose
 * shape is the frame's, so that both fit it the same way and this file can
 * place labels, the scale bar and the inset with the same transform.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <sqlite3.h>

#include "ta-network-renderer.h"
#include "ta-paths.h"
#include "ta-print-obstacles.h"
#include "ta-print-layout.h"
#include "ta-projection.h"

/* Labels of the basemap are drawn at this scale: a little smaller than on
 * screen, as print is read closer. */
#define BASEMAP_SCALE 0.8

#define TITLE_FONT     "Cantarell Bold 18"
#define SUBTITLE_FONT  "Cantarell 10.5"
#define HEADING_FONT   "Cantarell Bold 9"
#define BODY_FONT      "Cantarell 8.5"
#define SMALL_FONT     "Cantarell 7"
#define LABEL_FONT     "Cantarell 7.5"
#define LABEL_FOCUS_FONT "Cantarell Bold 7.5"

#define INK_RGB        0x24, 0x1f, 0x31
#define GREY_RGB       0x5e, 0x5c, 0x64
#define RULE_RGB       0xc0, 0xbf, 0xbc

/* Metres per Web Mercator unit at the equator (the world's circumference). */
#define EARTH_CIRCUMFERENCE_M 40075016.686

#define MAX_MAP_LABELS 40
/* Only the towns with most links get bold names. */
#define MAX_BOLD_LABELS 8
#define TABLE_ROW_HEIGHT 13.0

typedef struct
{
  double x0, y0, x1, y1;
} Rect;

typedef struct
{
  const char *town;
  const char *partner;
  const char *country;
  TaLinkKind  kind;
  TaLinkStatus status;
  int         since;
} TableRow;

typedef struct
{
  char   *label;
  guint   count;
  gint64  total;          /* participants, or the amount in minor units */
} Summary;

struct _TaPrintLayout
{
  GObject parent_instance;

  /* owned references */
  TaDb          *db;
  TaBasemap     *basemap;
  TaNetwork     *network;
  TaFilter      *filter;
  TaNetwork     *shown;          /* the filter's links, after prepare */
  GHashTable    *home_towns;     /* gint64 ids of the filter's regions' towns, or NULL */

  /* settings */
  TaPrintPage    page;
  TaPrintArea    area;
  gboolean       has_area;
  char          *title;
  gboolean       with_table;
  gboolean       with_inset;
  guint          first_page_number;
  guint          total_pages;

  /* laid out by prepare */
  char          *page_title;
  char          *page_subtitle;
  GArray        *rows;           /* TableRow, borrowing names from the network */
  GPtrArray     *attributions;   /* char *, sorted */
  GPtrArray     *exchange_summary;  /* Summary * */
  GPtrArray     *funding_summary;   /* Summary * */
  guint          kind_counts[TA_N_LINK_KINDS];
  guint          status_counts[TA_N_LINK_STATUSES];
  guint          max_town_links;
  guint          rows_per_page;
  guint          n_table_pages;
  guint          n_summary_pages;
  gboolean       prepared;

  /* the map frame on the page and its projection */
  Rect           frame;
  double         origin_x;       /* unit coordinates of the frame's corner */
  double         origin_y;
  double         ppu;            /* points per unit */
};

G_DEFINE_FINAL_TYPE (TaPrintLayout, ta_print_layout, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-print-error-quark, ta_print_error)

static void
summary_free (gpointer data)
{
  Summary *summary = data;

  g_free (summary->label);
  g_free (summary);
}

/* Pages and areas */

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

gboolean
ta_print_area_parse (const char   *text,
                     TaPrintArea  *area,
                     GError      **error)
{
  g_auto(GStrv) parts = NULL;
  double v[4];

  g_return_val_if_fail (text != NULL && area != NULL, FALSE);

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    goto bad;
  for (guint i = 0; i < 4; i++)
    {
      char *end = NULL;

      v[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (v[i]))
        goto bad;
    }
  if (v[0] < -180 || v[0] > 180 || v[2] < -180 || v[2] > 180 ||
      v[1] < -90 || v[1] > 90 || v[3] < -90 || v[3] > 90 || v[1] >= v[3] || v[0] == v[2])
    goto bad;

  area->west = v[0];
  area->south = v[1];
  area->east = v[2];
  area->north = v[3];
  return TRUE;

bad:
  g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA,
               _("Bad box “%s”: expected WEST,SOUTH,EAST,NORTH in degrees, south below north"), text);
  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

/* The towns' extent, without the far outliers: points further from the
 * median than four times the spread of the middle 80 % (and 3°) are
 * overseas territories or misplaced towns, not the country's map. */
static gboolean
area_from_points (GArray      *lons,
                  GArray      *lats,
                  TaPrintArea *area)
{
  g_autoptr(GArray) sorted_lon = NULL;
  g_autoptr(GArray) sorted_lat = NULL;
  double mlon, mlat, slon, slat;
  guint n = lons->len;
  gboolean any = FALSE;

  if (n == 0)
    return FALSE;

  sorted_lon = g_array_copy (lons);
  sorted_lat = g_array_copy (lats);
  g_array_sort (sorted_lon, compare_doubles);
  g_array_sort (sorted_lat, compare_doubles);
  mlon = g_array_index (sorted_lon, double, n / 2);
  mlat = g_array_index (sorted_lat, double, n / 2);
  slon = MAX (3.0, 4 * (g_array_index (sorted_lon, double, n * 9 / 10) - g_array_index (sorted_lon, double, n / 10)));
  slat = MAX (3.0, 4 * (g_array_index (sorted_lat, double, n * 9 / 10) - g_array_index (sorted_lat, double, n / 10)));

  for (guint i = 0; i < n; i++)
    {
      double lon = g_array_index (lons, double, i);
      double lat = g_array_index (lats, double, i);

      if (fabs (lon - mlon) > slon || fabs (lat - mlat) > slat)
        continue;
      if (!any)
        {
          area->west = area->east = lon;
          area->south = area->north = lat;
          any = TRUE;
        }
      area->west = MIN (area->west, lon);
      area->east = MAX (area->east, lon);
      area->south = MIN (area->south, lat);
      area->north = MAX (area->north, lat);
    }

  /* A lone town still gets a map round it. */
  if (area->east - area->west < 0.5)
    area->west -= 0.25, area->east += 0.25;
  if (area->north - area->south < 0.3)
    area->south -= 0.15, area->north += 0.15;
  return any;
}

static gboolean
area_from_query (TaDb        *db,
                 const char  *sql,
                 const char  *code,
                 TaPrintArea *area,
                 GError     **error)
{
  sqlite3_stmt *stmt = ta_db_prepare (db, sql, error);
  g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lats = g_array_new (FALSE, FALSE, sizeof (double));
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double lon = sqlite3_column_double (stmt, 0);
      double lat = sqlite3_column_double (stmt, 1);

      g_array_append_val (lons, lon);
      g_array_append_val (lats, lat);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, "town extent");
      return FALSE;
    }
  if (!area_from_points (lons, lats, area))
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA,
                   _("The atlas has no towns in “%s”"), code);
      return FALSE;
    }
  return TRUE;
}

static char *
lookup_name (TaDb       *db,
             const char *sql,
             const char *code)
{
  sqlite3_stmt *stmt = ta_db_prepare (db, sql, NULL);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return name;
}

gboolean
ta_print_area_for_region (TaDb         *db,
                          const char   *iso_code,
                          TaPrintArea  *area,
                          char        **name,
                          GError      **error)
{
  g_autofree char *code = NULL;
  g_autofree char *found = NULL;

  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (iso_code != NULL && area != NULL, FALSE);

  code = g_ascii_strup (iso_code, -1);
  found = lookup_name (db, "SELECT name FROM region WHERE iso_code = ?", code);
  if (found == NULL)
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA,
                   _("Unknown region “%s” (expected an ISO 3166-2 code such as PL-02)"), iso_code);
      return FALSE;
    }
  if (!area_from_query (db,
                        "SELECT t.lon, t.lat FROM town t JOIN region r ON r.id = t.region_id "
                        "WHERE r.iso_code = ?", code, area, error))
    return FALSE;

  if (name != NULL)
    *name = g_steal_pointer (&found);
  return TRUE;
}

gboolean
ta_print_area_for_country (TaDb         *db,
                           const char   *country_code,
                           TaPrintArea  *area,
                           char        **name,
                           GError      **error)
{
  g_autofree char *code = NULL;
  g_autofree char *found = NULL;
  const char *const *langs = g_get_language_names ();
  const char *column = "name_en";

  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (country_code != NULL && area != NULL, FALSE);

  /* The country's name in the user's language where the atlas has it. */
  for (guint i = 0; langs[i] != NULL; i++)
    {
      if (g_str_has_prefix (langs[i], "pl"))
        column = "name_pl";
      else if (g_str_has_prefix (langs[i], "de"))
        column = "name_de";
      else if (!g_str_has_prefix (langs[i], "en"))
        continue;
      break;
    }

  code = g_ascii_strup (country_code, -1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, name_en) FROM country WHERE code = ?", column);
    found = lookup_name (db, sql, code);
  }
  if (found == NULL)
    {
      g_set_error (error, TA_PRINT_ERROR, TA_PRINT_ERROR_UNKNOWN_AREA,
                   _("Unknown country “%s” (expected an ISO 3166-1 code such as PL)"), country_code);
      return FALSE;
    }
  if (!area_from_query (db, "SELECT lon, lat FROM town WHERE country_code = ?", code, area, error))
    return FALSE;

  if (name != NULL)
    *name = g_steal_pointer (&found);
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
static gboolean
town_is_home (TaPrintLayout       *self,
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

static const char *
town_country (const TaNetworkTown *town)
{
  if (town->country_name != NULL)
    return town->country_name;
  return town->country[0] != '\0' ? town->country : "—";
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
row_compare (gconstpointer a,
             gconstpointer b)
{
  const TableRow *ra = a, *rb = b;
  int c = g_utf8_collate (ra->town, rb->town);

  if (c != 0)
    return c;
  return g_utf8_collate (ra->partner, rb->partner);
}

static void
collect_rows (TaPrintLayout *self)
{
  TaNetwork *net = self->shown;
  guint n = ta_network_get_n_links (net);

  g_clear_pointer (&self->rows, g_array_unref);
  self->rows = g_array_new (FALSE, FALSE, sizeof (TableRow));
  memset (self->kind_counts, 0, sizeof self->kind_counts);
  memset (self->status_counts, 0, sizeof self->status_counts);
  self->max_town_links = 0;

  for (guint i = 0; i < n; i++)
    {
      const TaNetworkLink *link;
      const TaNetworkTown *a, *b;
      TableRow row;

      if (!ta_network_is_link_visible (net, i))
        continue;
      link = ta_network_get_link (net, i);
      a = ta_network_get_town (net, link->town_a);
      b = ta_network_get_town (net, link->town_b);
      /* The town of the mapped area first, its partner second. */
      if (!town_is_home (self, a) && town_is_home (self, b))
        {
          const TaNetworkTown *t = a;
          a = b;
          b = t;
        }
      row.town = a->name;
      row.partner = b->name;
      row.country = town_country (b);
      row.kind = MIN (link->kind, TA_LINK_KIND_OTHER);
      row.status = MIN (link->status, TA_LINK_STATUS_ENDED);
      row.since = link->start_year;
      g_array_append_val (self->rows, row);

      if (row.status == TA_LINK_STATUS_ACTIVE)
        self->kind_counts[row.kind]++;
      self->status_counts[row.status]++;
    }
  g_array_sort (self->rows, row_compare);

  for (guint i = 0; i < ta_network_get_n_towns (net); i++)
    self->max_town_links = MAX (self->max_town_links, ta_network_get_town_n_visible_links (net, i));
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

static Summary *
summary_get (GHashTable *by_label,
             GPtrArray  *list,
             const char *label)
{
  Summary *summary = g_hash_table_lookup (by_label, label);

  if (summary == NULL)
    {
      summary = g_new0 (Summary, 1);
      summary->label = g_strdup (label);
      g_ptr_array_add (list, summary);
      g_hash_table_insert (by_label, summary->label, summary);
    }
  return summary;
}

static int
summary_compare (gconstpointer a,
                 gconstpointer b)
{
  const Summary *sa = *(Summary * const *) a, *sb = *(Summary * const *) b;

  return g_utf8_collate (sa->label, sb->label);
}

/* Exchanges by kind and funding by currency of the links shown. */
static gboolean
collect_summaries (TaPrintLayout  *self,
                   GError        **error)
{
  g_autoptr(GHashTable) exchanges = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) funding = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  g_clear_pointer (&self->exchange_summary, g_ptr_array_unref);
  g_clear_pointer (&self->funding_summary, g_ptr_array_unref);
  self->exchange_summary = g_ptr_array_new_with_free_func (summary_free);
  self->funding_summary = g_ptr_array_new_with_free_func (summary_free);

  stmt = ta_db_prepare (self->db,
                        "SELECT 0, link_id, kind, coalesce (participants, 0) FROM exchange WHERE link_id IS NOT NULL "
                        "UNION ALL SELECT 1, link_id, currency, amount_minor FROM funding WHERE link_id IS NOT NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int index = ta_network_find_link (self->shown, sqlite3_column_int64 (stmt, 1));
      const char *value = (const char *) sqlite3_column_text (stmt, 2);
      Summary *summary;

      if (index < 0 || !ta_network_is_link_visible (self->shown, index))
        continue;
      if (sqlite3_column_int (stmt, 0) == 0)
        summary = summary_get (exchanges, self->exchange_summary,
                               ta_filter_get_value_label (TA_FILTER_CRITERION_EXCHANGE_KINDS, value));
      else
        summary = summary_get (funding, self->funding_summary, value);
      summary->count++;
      summary->total += sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (self->db, error, "exchanges and funding");
      return FALSE;
    }
  g_ptr_array_sort (self->exchange_summary, summary_compare);
  g_ptr_array_sort (self->funding_summary, summary_compare);
  return TRUE;
}

/* Header, map frame and footer heights are fixed so that every page of a
 * report has its map in the same place. */
#define HEADER_HEIGHT 58.0
#define LEGEND_HEIGHT 78.0
#define FOOTER_HEIGHT 34.0

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
  collect_rows (self);
  if (!collect_attributions (self, error) || !collect_summaries (self, error))
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
  *x = self->frame.x0 + (ux - self->origin_x) * self->ppu;
  *y = self->frame.y0 + (uy - self->origin_y) * self->ppu;
  return *x >= self->frame.x0 && *x <= self->frame.x1 && *y >= self->frame.y0 && *y <= self->frame.y1;
}

/* Drawing helpers */

static void
set_rgb (cairo_t *cr,
         guint    r,
         guint    g,
         guint    b)
{
  cairo_set_source_rgb (cr, r / 255.0, g / 255.0, b / 255.0);
}

static void
set_rgb32 (cairo_t *cr,
           guint32  rgb)
{
  set_rgb (cr, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
}

static PangoLayout *
make_text (cairo_t    *cr,
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
static double
draw_text (cairo_t    *cr,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      width)
{
  g_autoptr(PangoLayout) layout = make_text (cr, font, text, width);
  int w, h;

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
text_width (cairo_t    *cr,
            const char *font,
            const char *text)
{
  g_autoptr(PangoLayout) layout = make_text (cr, font, text, -1);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
draw_text_right (cairo_t    *cr,
                 const char *font,
                 const char *text,
                 double      right,
                 double      y)
{
  draw_text (cr, font, text, right - text_width (cr, font, text), y, -1);
}

/* Map frame */

static void
unit_to_page (TaPrintLayout *self,
              double         ux,
              double         uy,
              double        *x,
              double        *y)
{
  *x = self->frame.x0 + (ux - self->origin_x) * self->ppu;
  *y = self->frame.y0 + (uy - self->origin_y) * self->ppu;
}

static double
map_zoom (TaPrintLayout *self)
{
  return log2 (self->ppu / TA_PROJECTION_TILE_SIZE);
}

static void
frame_box (TaPrintLayout *self,
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

typedef struct
{
  guint  town;
  guint  n_links;
  gboolean focus;
} LabelCandidate;

static int
label_compare (gconstpointer a,
               gconstpointer b)
{
  const LabelCandidate *la = a, *lb = b;

  if (la->focus != lb->focus)
    return la->focus ? -1 : 1;
  if (la->n_links != lb->n_links)
    return la->n_links > lb->n_links ? -1 : 1;
  return la->town < lb->town ? -1 : la->town > lb->town;
}

static gboolean
rects_overlap (const Rect *a,
               const Rect *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean
rect_is_free (const Rect *r,
              GArray     *placed,
              const Rect *frame)
{
  if (r->x0 < frame->x0 + 2 || r->x1 > frame->x1 - 2 || r->y0 < frame->y0 + 2 || r->y1 > frame->y1 - 2)
    return FALSE;
  for (guint i = 0; i < placed->len; i++)
    if (rects_overlap (r, &g_array_index (placed, Rect, i)))
      return FALSE;
  return TRUE;
}

/* Whether the basemap already names the town near where it is. */
static gboolean
named_by_basemap (GArray     *obstacles,
                  const char *name,
                  double      x,
                  double      y)
{
  g_autofree char *key = g_utf8_casefold (name, -1);

  for (guint i = 0; i < obstacles->len; i++)
    {
      const TaPrintObstacle *o = &g_array_index (obstacles, TaPrintObstacle, i);

      if (fabs (o->anchor_x - x) < 15 && fabs (o->anchor_y - y) < 15 && g_str_equal (o->key, key))
        return TRUE;
    }
  return FALSE;
}

/* Names of the towns with the most links, the mapped area's first; each
 * goes right, left, above or below its dot, wherever it collides with no
 * name, dot or map furniture placed before, else it is left out.  Names
 * the basemap prints already are neither covered nor repeated. */
static void
draw_town_labels (TaPrintLayout *self,
                  cairo_t       *cr,
                  GArray        *placed)
{
  TaNetwork *net = self->shown;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  double zoom = map_zoom (self);
  guint min_links = ta_network_get_town_min_links (net, zoom);
  guint n_placed = 0;
  g_autofree char *basemap_path = ta_paths_get_data_file ("basemap.bin");
  g_autoptr(GArray) obstacles = NULL;

  obstacles = ta_print_obstacles_from_basemap (basemap_path, self->origin_x, self->origin_y, self->ppu,
                                               self->frame.x1 - self->frame.x0,
                                               self->frame.y1 - self->frame.y0, BASEMAP_SCALE);
  for (guint i = 0; i < obstacles->len; i++)
    {
      TaPrintObstacle *o = &g_array_index (obstacles, TaPrintObstacle, i);
      Rect r = { o->x0 + self->frame.x0, o->y0 + self->frame.y0, o->x1 + self->frame.x0, o->y1 + self->frame.y0 };

      o->anchor_x += self->frame.x0;
      o->anchor_y += self->frame.y0;
      g_array_append_val (placed, r);
    }

  for (guint i = 0; i < ta_network_get_n_towns (net); i++)
    {
      const TaNetworkTown *town = ta_network_get_town (net, i);
      guint n = ta_network_get_town_n_visible_links (net, i);
      LabelCandidate c = { i, n, town_is_home (self, town) };
      double x, y;

      if (n == 0 || n < min_links)
        continue;
      unit_to_page (self, town->x, town->y, &x, &y);
      if (x < self->frame.x0 || x > self->frame.x1 || y < self->frame.y0 || y > self->frame.y1)
        continue;
      g_array_append_val (candidates, c);

      /* Dots are obstacles for every label. */
      {
        double r = ta_network_town_radius (n, zoom) + 0.5;
        Rect dot = { x - r, y - r, x + r, y + r };

        g_array_append_val (placed, dot);
      }
    }
  g_array_sort (candidates, label_compare);

  for (guint i = 0; i < candidates->len && n_placed < MAX_MAP_LABELS; i++)
    {
      const LabelCandidate *c = &g_array_index (candidates, LabelCandidate, i);
      const TaNetworkTown *town = ta_network_get_town (net, c->town);
      gboolean bold = c->focus && i < MAX_BOLD_LABELS;
      g_autoptr(PangoLayout) layout = make_text (cr, bold ? LABEL_FOCUS_FONT : LABEL_FONT, town->name, -1);
      double r = ta_network_town_radius (c->n_links, zoom) + 1.5;
      PangoRectangle ink, logical;
      double x, y, w, h;

      pango_layout_get_extents (layout, &ink, &logical);
      w = (double) logical.width / PANGO_SCALE;
      h = (double) logical.height / PANGO_SCALE;
      unit_to_page (self, town->x, town->y, &x, &y);
      if (named_by_basemap (obstacles, town->name, x, y))
        continue;

      {
        double places[4][2] = {
          { x + r, y - h / 2 },
          { x - r - w, y - h / 2 },
          { x - w / 2, y - r - h },
          { x - w / 2, y + r },
        };

        for (guint p = 0; p < G_N_ELEMENTS (places); p++)
          {
            Rect box = { places[p][0], places[p][1] + h * 0.12,
                         places[p][0] + w, places[p][1] + h * 0.9 };

            if (!rect_is_free (&box, placed, &self->frame))
              continue;
            g_array_append_val (placed, box);
            n_placed++;

            cairo_move_to (cr, places[p][0], places[p][1]);
            pango_cairo_layout_path (cr, layout);
            cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
            cairo_set_line_width (cr, 2.2);
            cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
            cairo_stroke_preserve (cr);
            if (c->focus)
              set_rgb (cr, INK_RGB);
            else
              set_rgb (cr, GREY_RGB);
            cairo_fill (cr);
            break;
          }
      }
    }
}

static double
nice_length_km (double max_km)
{
  double p = pow (10, floor (log10 (max_km)));

  if (5 * p <= max_km)
    return 5 * p;
  if (2 * p <= max_km)
    return 2 * p;
  return p;
}

/* A scale bar for the map's middle latitude: Web Mercator stretches
 * distances by 1 / cos (latitude). */
static void
draw_scale_bar (TaPrintLayout *self,
                cairo_t       *cr,
                GArray        *placed)
{
  double fw = self->frame.x1 - self->frame.x0;
  double fh = self->frame.y1 - self->frame.y0;
  double lat = ta_projection_unit_y_to_lat (self->origin_y + fh / 2 / self->ppu);
  double km_per_pt = EARTH_CIRCUMFERENCE_M * cos (lat * G_PI / 180) / self->ppu / 1000;
  double km = nice_length_km (fw * 0.22 * km_per_pt);
  double len = km / km_per_pt;
  double x = self->frame.x0 + 10, y = self->frame.y1 - 12;
  g_autofree char *label = NULL;
  Rect box = { x - 5, y - 22, x + len + 26, y + 6 };

  if (km >= 1)
    label = g_strdup_printf (_("%g km"), km);
  else
    label = g_strdup_printf (_("%g m"), km * 1000);

  cairo_save (cr);
  cairo_rectangle (cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);
  g_array_append_val (placed, box);

  /* Two halves, black and white, as on survey maps. */
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, x, y - 3, len / 2, 3);
  set_rgb (cr, INK_RGB);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  cairo_rectangle (cr, x + len / 2, y - 3, len / 2, 3);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, INK_RGB);
  cairo_stroke (cr);

  draw_text (cr, SMALL_FONT, "0", x - 2, y - 14, -1);
  draw_text (cr, SMALL_FONT, label, x + len - 3, y - 14, -1);
  cairo_restore (cr);
}

static void
draw_north_arrow (TaPrintLayout *self,
                  cairo_t       *cr,
                  GArray        *placed)
{
  double cx = self->frame.x1 - 18, top = self->frame.y0 + 8;
  Rect box = { cx - 11, top - 2, cx + 11, top + 34 };

  cairo_save (cr);
  cairo_arc (cr, cx, top + 22, 10, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_fill (cr);

  /* A split arrowhead: dark west half, light east half. */
  cairo_move_to (cr, cx, top + 13);
  cairo_line_to (cr, cx - 5, top + 30);
  cairo_line_to (cr, cx, top + 26);
  cairo_close_path (cr);
  set_rgb (cr, INK_RGB);
  cairo_fill (cr);
  cairo_move_to (cr, cx, top + 13);
  cairo_line_to (cr, cx + 5, top + 30);
  cairo_line_to (cr, cx, top + 26);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, INK_RGB);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);

  {
    /* TRANSLATORS: the letter of the north arrow */
    const char *n = C_("compass", "N");
    double w = text_width (cr, HEADING_FONT, n);

    set_rgb (cr, INK_RGB);
    draw_text (cr, HEADING_FONT, n, cx - w / 2, top - 1, -1);
  }
  cairo_restore (cr);
  g_array_append_val (placed, box);
}

/* A small map of the surroundings with the printed area outlined. */
static void
draw_inset (TaPrintLayout *self,
            cairo_t       *cr,
            GArray        *placed)
{
  double fw = self->frame.x1 - self->frame.x0;
  double fh = self->frame.y1 - self->frame.y0;
  double w = MIN (fw, fh) * 0.26, h = w * 0.8;
  double x = self->frame.x1 - w - 6, y = self->frame.y1 - h - 6;
  double span = MAX (fw, fh) / self->ppu * 6;
  double cx = self->origin_x + fw / 2 / self->ppu;
  double cy = self->origin_y + fh / 2 / self->ppu;
  double ppu, ox, oy;
  TaPrintArea box;
  Rect r = { x, y, x + w, y + h };

  ppu = MAX (w, h) / span;
  ox = cx - w / 2 / ppu;
  oy = CLAMP (cy - h / 2 / ppu, 0.0, MAX (0.0, 1.0 - h / ppu));
  frame_box (self, ox, oy, ppu, w, h, &box);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  ta_basemap_render_area (self->basemap, cr, box.west, box.south, box.east, box.north, w, h, 0.55);
  cairo_set_line_width (cr, 1.2);
  cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
  cairo_rectangle (cr, (self->origin_x - ox) * ppu, (self->origin_y - oy) * ppu,
                   MAX (2.0, fw / self->ppu * ppu), MAX (2.0, fh / self->ppu * ppu));
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_line_width (cr, 0.75);
  set_rgb (cr, GREY_RGB);
  cairo_stroke (cr);
  g_array_append_val (placed, r);
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

  frame_box (self, self->origin_x, self->origin_y, self->ppu, fw, fh, &box);

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

  draw_north_arrow (self, cr, placed);
  /* One scale is only true near one latitude: a map spanning more than
   * 40° of latitude gets none rather than a wrong one. */
  if (ta_projection_unit_y_to_lat (self->origin_y) - ta_projection_unit_y_to_lat (self->origin_y + fh / self->ppu) <= 40)
    draw_scale_bar (self, cr, placed);
  /* The locator shows six times the map: useless once that is the world. */
  if (self->with_inset && MAX (fw, fh) / self->ppu * 6 < 1.0)
    draw_inset (self, cr, placed);
  draw_town_labels (self, cr, placed);

  if (self->rows->len == 0)
    {
      const char *text = _("No partnerships match this selection.");
      double w = text_width (cr, SUBTITLE_FONT, text);

      cairo_rectangle (cr, self->frame.x0 + fw / 2 - w / 2 - 8, self->frame.y0 + fh / 2 - 14, w + 16, 26);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_fill (cr);
      set_rgb (cr, INK_RGB);
      draw_text (cr, SUBTITLE_FONT, text, self->frame.x0 + fw / 2 - w / 2, self->frame.y0 + fh / 2 - 9, -1);
    }
  cairo_restore (cr);

  cairo_rectangle (cr, self->frame.x0, self->frame.y0, fw, fh);
  cairo_set_line_width (cr, 0.8);
  set_rgb (cr, GREY_RGB);
  cairo_stroke (cr);
}

/* Legend */

typedef struct
{
  cairo_t *cr;
  double   x;
  double   y;
  double   left;
  double   right;
} Flow;

/* Places an entry of @symbol_width plus its label on the current line,
 * or on the next one if it does not fit; returns the symbol's left x. */
static double
flow_entry (Flow       *flow,
            double      symbol_width,
            const char *label)
{
  double w = symbol_width + 4 + text_width (flow->cr, BODY_FONT, label);
  double sx;

  if (flow->x + w > flow->right && flow->x > flow->left)
    {
      flow->x = flow->left;
      flow->y += 14;
    }
  sx = flow->x;
  set_rgb (flow->cr, INK_RGB);
  draw_text (flow->cr, BODY_FONT, label, sx + symbol_width + 4, flow->y, -1);
  flow->x += w + 14;
  return sx;
}

static void
legend_line (cairo_t      *cr,
             double        x,
             double        y,
             guint32       rgb,
             TaLinkStatus  status)
{
  cairo_save (cr);
  cairo_set_line_width (cr, 1.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (status == TA_LINK_STATUS_ENDED)
    {
      double dashes[] = { 2.0, 3.0 };

      cairo_set_source_rgb (cr, 0x77 / 255.0, 0x76 / 255.0, 0x7b / 255.0);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else if (status == TA_LINK_STATUS_SUSPENDED)
    {
      double dashes[] = { 5.0, 3.5 };

      set_rgb32 (cr, rgb);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    set_rgb32 (cr, rgb);
  cairo_move_to (cr, x, y + 6);
  cairo_line_to (cr, x + 20, y + 6);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_legend (TaPrintLayout *self,
             cairo_t       *cr)
{
  double top = self->frame.y1 + 10;
  double zoom = map_zoom (self);
  /* Entries start right of the longer heading, in whatever language. */
  double indent = MAX (text_width (cr, HEADING_FONT, _("Links")), text_width (cr, HEADING_FONT, _("Towns"))) + 14;
  Flow flow = { cr, self->frame.x0 + indent, top, self->frame.x0 + indent, self->frame.x1 };
  guint sizes[3] = { 1, 0, 0 };
  guint n_sizes = 1;

  set_rgb (cr, INK_RGB);
  draw_text (cr, HEADING_FONT, _("Links"), self->frame.x0, top, -1);
  for (guint k = 0; k < TA_N_LINK_KINDS; k++)
    if (self->kind_counts[k] > 0)
      {
        g_autofree char *label = g_strdup_printf ("%s (%u)",
                                                  ta_filter_get_value_label (TA_FILTER_CRITERION_LINK_KINDS,
                                                                             ta_link_kind_to_string (k)),
                                                  self->kind_counts[k]);
        double sx = flow_entry (&flow, 20, label);

        legend_line (cr, sx, flow.y, ta_network_render_kind_color (k), TA_LINK_STATUS_ACTIVE);
      }
  for (guint s = TA_LINK_STATUS_SUSPENDED; s < TA_N_LINK_STATUSES; s++)
    if (self->status_counts[s] > 0)
      {
        g_autofree char *label = g_strdup_printf ("%s (%u)",
                                                  ta_filter_get_value_label (TA_FILTER_CRITERION_STATUSES,
                                                                             ta_link_status_to_string (s)),
                                                  self->status_counts[s]);
        double sx = flow_entry (&flow, 20, label);

        legend_line (cr, sx, flow.y, ta_network_render_kind_color (TA_LINK_KIND_TWINNING), s);
      }
  if (self->rows->len == 0)
    flow_entry (&flow, 0, _("none"));

  /* Dot sizes that occur on this map: one link, the most, one between. */
  if (self->max_town_links >= 4)
    sizes[n_sizes++] = (guint) round (sqrt (self->max_town_links));
  if (self->max_town_links > 1)
    sizes[n_sizes++] = self->max_town_links;

  flow.y += 20;
  flow.x = flow.left;
  set_rgb (cr, INK_RGB);
  draw_text (cr, HEADING_FONT, _("Towns"), self->frame.x0, flow.y, -1);
  for (guint i = 0; i < n_sizes; i++)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u link", "%u links", sizes[i]),
                                                sizes[i]);
      double r = ta_network_town_radius (sizes[i], zoom);
      double sx = flow_entry (&flow, 2 * MAX (r, 2.5), label);

      cairo_arc (cr, sx + MAX (r, 2.5), flow.y + 6, r, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_new_path (cr);
      cairo_arc (cr, sx + MAX (r, 2.5), flow.y + 6, MAX (r - 0.75, 0.5), 0, 2 * G_PI);
      set_rgb (cr, INK_RGB);
      cairo_fill (cr);
    }
  set_rgb (cr, GREY_RGB);
  flow_entry (&flow, 0, _("(dot size: links shown)"));
}

/* Header and footer */

static void
draw_header (TaPrintLayout *self,
             cairo_t       *cr,
             const char    *title,
             const char    *subtitle)
{
  double x = self->page.margin_left;
  double y = self->page.margin_top;
  double w = self->page.width - self->page.margin_left - self->page.margin_right;

  set_rgb (cr, INK_RGB);
  y += draw_text (cr, TITLE_FONT, title, x, y, w);
  if (subtitle != NULL)
    {
      set_rgb (cr, GREY_RGB);
      draw_text (cr, SUBTITLE_FONT, subtitle, x, y + 2, w);
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
  set_rgb (cr, RULE_RGB);
  cairo_stroke (cr);

  set_rgb (cr, GREY_RGB);
  draw_text (cr, SMALL_FONT, sources->str, x, y, (right - x) * 0.75);
  draw_text_right (cr, SMALL_FONT, date, right, y);
  draw_text_right (cr, SMALL_FONT, page, right, y + 10);
}

/* Table and summary pages */

static void
draw_table_page (TaPrintLayout *self,
                 cairo_t       *cr,
                 guint          table_page)
{
  double left = self->page.margin_left;
  double right = self->page.width - self->page.margin_right;
  double w = right - left;
  double y = self->page.margin_top + HEADER_HEIGHT;
  double cols[5] = { left, left + w * 0.27, left + w * 0.54, left + w * 0.72, left + w * 0.90 };
  const char *heads[5] = { _("Town"), _("Partner"), _("Country"), _("Kind"), _("Since") };
  guint first = table_page * self->rows_per_page;
  guint last = MIN (first + self->rows_per_page, self->rows->len);
  g_autofree char *title = g_strdup_printf (_("%s: partnerships"), self->page_title);

  draw_header (self, cr, title, self->page_subtitle);

  set_rgb (cr, INK_RGB);
  for (guint c = 0; c < 5; c++)
    draw_text (cr, HEADING_FONT, heads[c], cols[c], y, -1);
  y += TABLE_ROW_HEIGHT + 5;
  cairo_move_to (cr, left, y - 3.5);
  cairo_line_to (cr, right, y - 3.5);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);

  /* Every other row shaded, all before any text so that no shade covers
   * the descenders of the row above. */
  for (guint i = first + 1; i < last; i += 2)
    cairo_rectangle (cr, left, y + (i - first) * TABLE_ROW_HEIGHT - 1.5, w, TABLE_ROW_HEIGHT);
  cairo_set_source_rgb (cr, 0.965, 0.961, 0.957);
  cairo_fill (cr);

  for (guint i = first; i < last; i++, y += TABLE_ROW_HEIGHT)
    {
      const TableRow *row = &g_array_index (self->rows, TableRow, i);
      g_autofree char *since = row->since > 0 ? g_strdup_printf ("%d", row->since) : g_strdup ("—");
      g_autofree char *kind = NULL;
      const char *texts[5];

      if (row->status == TA_LINK_STATUS_ACTIVE)
        kind = g_strdup (ta_filter_get_value_label (TA_FILTER_CRITERION_LINK_KINDS, ta_link_kind_to_string (row->kind)));
      else
        kind = g_strdup_printf ("%s (%s)",
                                ta_filter_get_value_label (TA_FILTER_CRITERION_LINK_KINDS, ta_link_kind_to_string (row->kind)),
                                ta_filter_get_value_label (TA_FILTER_CRITERION_STATUSES, ta_link_status_to_string (row->status)));
      texts[0] = row->town;
      texts[1] = row->partner;
      texts[2] = row->country;
      texts[3] = kind;
      texts[4] = since;

      set_rgb (cr, INK_RGB);
      for (guint c = 0; c < 5; c++)
        {
          g_autoptr(PangoLayout) layout = make_text (cr, BODY_FONT, texts[c], -1);
          double cw = (c < 4 ? cols[c + 1] : right) - cols[c] - 6;

          pango_layout_set_width (layout, (int) (cw * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          cairo_move_to (cr, cols[c], y);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
draw_summary_page (TaPrintLayout *self,
                   cairo_t       *cr)
{
  double left = self->page.margin_left;
  double y = self->page.margin_top + HEADER_HEIGHT;
  g_autofree char *title = g_strdup_printf (_("%s: exchanges and funding"), self->page_title);

  draw_header (self, cr, title, self->page_subtitle);
  set_rgb (cr, INK_RGB);

  if (self->exchange_summary->len > 0)
    {
      y += draw_text (cr, HEADING_FONT, _("Exchanges by kind"), left, y, -1) + 4;
      for (guint i = 0; i < self->exchange_summary->len; i++, y += TABLE_ROW_HEIGHT)
        {
          Summary *s = g_ptr_array_index (self->exchange_summary, i);
          g_autofree char *participants = g_strdup_printf ("%" G_GINT64_FORMAT, s->total);
          /* Translators: an exchange kind, how many, how many people took part */
          g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s: %u exchange, %s participants",
                                                                "%s: %u exchanges, %s participants",
                                                                s->count),
                                                   s->label, s->count, participants);

          draw_text (cr, BODY_FONT, line, left + 8, y, -1);
        }
      y += 12;
    }
  if (self->funding_summary->len > 0)
    {
      y += draw_text (cr, HEADING_FONT, _("Funding by currency"), left, y, -1) + 4;
      for (guint i = 0; i < self->funding_summary->len; i++, y += TABLE_ROW_HEIGHT)
        {
          Summary *s = g_ptr_array_index (self->funding_summary, i);
          /* The minor unit is the hundredth for the currencies the atlas
           * records (EUR, PLN, USD…). */
          g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s %.2f in %u grant",
                                                                "%s %.2f in %u grants",
                                                                s->count),
                                                   s->label, s->total / 100.0, s->count);

          draw_text (cr, BODY_FONT, line, left + 8, y, -1);
        }
    }
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
      draw_header (self, cr, self->page_title, self->page_subtitle);
      draw_map (self, cr);
      draw_legend (self, cr);
    }
  else if (index <= self->n_table_pages)
    draw_table_page (self, cr, index - 1);
  else
    draw_summary_page (self, cr);

  draw_footer (self, cr, index);
  cairo_restore (cr);
}
