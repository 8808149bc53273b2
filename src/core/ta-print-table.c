/* ta-print-table.c: the partnership table pages and the exchanges and funding summary
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ta-print-layout-private.h"

static void
summary_free (gpointer data)
{
  Summary *summary = data;

  g_free (summary->label);
  g_free (summary);
}

static const char *
town_country (const TaNetworkTown *town)
{
  if (town->country_name != NULL)
    return town->country_name;
  return town->country[0] != '\0' ? town->country : "—";
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

void
ta_print_layout_collect_rows (TaPrintLayout *self)
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
      if (!ta_print_layout_town_is_home (self, a) && ta_print_layout_town_is_home (self, b))
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
gboolean
ta_print_layout_collect_summaries (TaPrintLayout  *self,
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

void
ta_print_layout_draw_table_page (TaPrintLayout *self,
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

  ta_print_layout_draw_header (self, cr, title, self->page_subtitle);

  ta_print_set_rgb (cr, INK_RGB);
  for (guint c = 0; c < 5; c++)
    ta_print_text_draw (cr, HEADING_FONT, heads[c], cols[c], y, -1);
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
      const char *kind_label = ta_filter_get_value_label (TA_FILTER_CRITERION_LINK_KINDS,
                                                          ta_link_kind_to_string (row->kind));
      g_autofree char *kind = NULL;
      const char *texts[5];

      if (row->status == TA_LINK_STATUS_ACTIVE)
        kind = g_strdup (kind_label);
      else
        kind = g_strdup_printf ("%s (%s)", kind_label,
                                ta_filter_get_value_label (TA_FILTER_CRITERION_STATUSES,
                                                           ta_link_status_to_string (row->status)));
      texts[0] = row->town;
      texts[1] = row->partner;
      texts[2] = row->country;
      texts[3] = kind;
      texts[4] = since;

      ta_print_set_rgb (cr, INK_RGB);
      for (guint c = 0; c < 5; c++)
        {
          g_autoptr(PangoLayout) layout = ta_print_text_new (cr, BODY_FONT, texts[c], -1);
          double cw = (c < 4 ? cols[c + 1] : right) - cols[c] - 6;

          pango_layout_set_width (layout, (int) (cw * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          cairo_move_to (cr, cols[c], y);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

void
ta_print_layout_draw_summary_page (TaPrintLayout *self,
                                   cairo_t       *cr)
{
  double left = self->page.margin_left;
  double y = self->page.margin_top + HEADER_HEIGHT;
  g_autofree char *title = g_strdup_printf (_("%s: exchanges and funding"), self->page_title);

  ta_print_layout_draw_header (self, cr, title, self->page_subtitle);
  ta_print_set_rgb (cr, INK_RGB);

  if (self->exchange_summary->len > 0)
    {
      y += ta_print_text_draw (cr, HEADING_FONT, _("Exchanges by kind"), left, y, -1) + 4;
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

          ta_print_text_draw (cr, BODY_FONT, line, left + 8, y, -1);
        }
      y += 12;
    }
  if (self->funding_summary->len > 0)
    {
      y += ta_print_text_draw (cr, HEADING_FONT, _("Funding by currency"), left, y, -1) + 4;
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

          ta_print_text_draw (cr, BODY_FONT, line, left + 8, y, -1);
        }
    }
}
