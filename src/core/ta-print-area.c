/* ta-print-area.c: the areas a printed map can show: a box, a region, a country
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ta-print-layout.h"

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
