/* ta-geojson-export.c: towns and links as GeoJSON for QGIS
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 7946: WGS84, [longitude, latitude].  Links are drawn as the map
 * draws them, along the great circle, and cut where they cross the
 * antimeridian (RFC 7946 section 3.1.9) into a MultiLineString, so that
 * QGIS never draws a line across the whole world.  The file is streamed
 * row by row: the bundled atlas makes some 30 MB.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-export-writer.h"
#include "ta-exporter-private.h"
#include "ta-geo.h"

/* Arc points: one per this many kilometres, within these bounds. */
#define KM_PER_POINT 100.0
#define MIN_POINTS   2
#define MAX_POINTS   128

static void
write_json_string (TaExportWriter *writer,
                   const char     *text)
{
  ta_export_writer_append (writer, "\"", 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *run = p;

      while (*p != '\0' && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      ta_export_writer_append (writer, run, p - run);
      if (*p == '\0')
        break;
      if (*p == '"' || *p == '\\')
        ta_export_writer_printf (writer, "\\%c", *p);
      else
        ta_export_writer_printf (writer, "\\u%04x", (guint) (guchar) *p);
    }
  ta_export_writer_append (writer, "\"", 1);
}

static void
write_number (TaExportWriter *writer,
              double          value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  ta_export_format_double (buffer, sizeof buffer, value);
  ta_export_writer_append (writer, buffer, -1);
}

static void
write_json_value (TaExportWriter *writer,
                  sqlite3_stmt   *stmt,
                  int             column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      ta_export_writer_append (writer, "null", 4);
      break;
    case SQLITE_INTEGER:
      ta_export_writer_printf (writer, "%lld", (long long) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      write_number (writer, sqlite3_column_double (stmt, column));
      break;
    default:
      write_json_string (writer, (const char *) sqlite3_column_text (stmt, column));
      break;
    }
}

/* Every column as a property, but those in @skip (NULL-terminated). */
static void
write_properties (TaExportWriter     *writer,
                  sqlite3_stmt       *stmt,
                  const char * const *headers,
                  const char * const *skip)
{
  gboolean first = TRUE;

  ta_export_writer_append (writer, "\"properties\":{", -1);
  for (int i = 0; headers[i] != NULL; i++)
    {
      if (skip != NULL && g_strv_contains (skip, headers[i]))
        continue;
      if (!first)
        ta_export_writer_append (writer, ",", 1);
      first = FALSE;
      write_json_string (writer, headers[i]);
      ta_export_writer_append (writer, ":", 1);
      write_json_value (writer, stmt, i);
    }
  ta_export_writer_append (writer, "}", 1);
}

static void
write_position (TaExportWriter *writer,
                double          lat,
                double          lon)
{
  ta_export_writer_append (writer, "[", 1);
  write_number (writer, lon);
  ta_export_writer_append (writer, ",", 1);
  write_number (writer, lat);
  ta_export_writer_append (writer, "]", 1);
}

static void
write_arc_point (TaExportWriter *writer,
                 double          lat,
                 double          lon)
{
  char x[G_ASCII_DTOSTR_BUF_SIZE];
  char y[G_ASCII_DTOSTR_BUF_SIZE];

  /* Six decimals are 0.1 m: enough for a drawn arc.  (Not printf: the
   * user's locale may write decimal commas.) */
  g_ascii_formatd (x, sizeof x, "%.6f", lon);
  g_ascii_formatd (y, sizeof y, "%.6f", lat);
  ta_export_writer_printf (writer, "[%s,%s]", x, y);
}

static void
write_piece (TaExportWriter *writer,
             GArray         *piece,
             gboolean        first_piece,
             gboolean        last_piece,
             double          lat_a,
             double          lon_a,
             double          lat_b,
             double          lon_b)
{
  ta_export_writer_append (writer, "[", 1);
  for (guint i = 0; i < piece->len; i++)
    {
      const TaGeoPoint *point = &g_array_index (piece, TaGeoPoint, i);

      if (i > 0)
        ta_export_writer_append (writer, ",", 1);
      /* The ends are the towns' own points, exactly. */
      if (first_piece && i == 0)
        write_position (writer, lat_a, lon_a);
      else if (last_piece && i == piece->len - 1)
        write_position (writer, lat_b, lon_b);
      else
        write_arc_point (writer, point->lat, point->lon);
    }
  ta_export_writer_append (writer, "]", 1);
}

static void
write_arc (TaExportWriter *writer,
           double          lat_a,
           double          lon_a,
           double          lat_b,
           double          lon_b)
{
  double km = ta_geo_distance_km (lat_a, lon_a, lat_b, lon_b);
  guint n = (guint) CLAMP (ceil (km / KM_PER_POINT) + 1, MIN_POINTS, MAX_POINTS);
  g_autoptr(GPtrArray) pieces = ta_geo_great_circle_segments (lat_a, lon_a, lat_b, lon_b, n);

  if (pieces->len == 1)
    {
      ta_export_writer_append (writer, "\"geometry\":{\"type\":\"LineString\",\"coordinates\":", -1);
      write_piece (writer, g_ptr_array_index (pieces, 0), TRUE, TRUE, lat_a, lon_a, lat_b, lon_b);
      ta_export_writer_append (writer, "}", 1);
      return;
    }

  ta_export_writer_append (writer, "\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[", -1);
  for (guint i = 0; i < pieces->len; i++)
    {
      if (i > 0)
        ta_export_writer_append (writer, ",", 1);
      write_piece (writer, g_ptr_array_index (pieces, i), i == 0, i == pieces->len - 1,
                   lat_a, lon_a, lat_b, lon_b);
    }
  ta_export_writer_append (writer, "]}", 2);
}

static gboolean
write_sources (TaExportWriter  *writer,
               TaDb            *db,
               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_export_select (db, TA_EXPORT_SOURCES, NULL, error);
  const char * const *headers = ta_export_get_table_spec (TA_EXPORT_SOURCES)->headers;
  gboolean first = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;

  ta_export_writer_append (writer, "\"twin_atlas_sources\":[\n", -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ta_export_writer_append (writer, first ? "{" : ",\n{", -1);
      first = FALSE;
      for (int i = 0; headers[i] != NULL; i++)
        {
          if (i > 0)
            ta_export_writer_append (writer, ",", 1);
          write_json_string (writer, headers[i]);
          ta_export_writer_append (writer, ":", 1);
          write_json_value (writer, stmt, i);
        }
      ta_export_writer_append (writer, "}", 1);
    }
  ta_export_writer_append (writer, "\n],\n", -1);

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Exporting the sources"));
      return FALSE;
    }

  return TRUE;
}

static int
column_of (const char * const *headers,
           const char         *name)
{
  for (int i = 0; headers[i] != NULL; i++)
    if (strcmp (headers[i], name) == 0)
      return i;

  g_assert_not_reached ();
}

gboolean
ta_export_geojson (TaDb        *db,
                   GArray      *link_ids,
                   const char  *path,
                   GError     **error)
{
  static const char * const town_skip[] = { "lat", "lon", NULL };
  g_autoptr(TaExportWriter) writer = NULL;
  g_autoptr(sqlite3_stmt) towns = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autofree char *ids_json = NULL;
  const char * const *town_headers = ta_export_get_table_spec (TA_EXPORT_TOWNS)->headers;
  const char * const *link_headers = ta_export_get_table_spec (TA_EXPORT_LINKS)->headers;
  int town_lat = column_of (town_headers, "lat");
  int town_lon = column_of (town_headers, "lon");
  int lat_a = column_of (link_headers, "lat_a");
  int lon_a = column_of (link_headers, "lon_a");
  int lat_b = column_of (link_headers, "lat_b");
  int lon_b = column_of (link_headers, "lon_b");
  gboolean first = TRUE;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ids_json = ta_export_ids_to_json (link_ids);
  if (!(towns = ta_export_select (db, TA_EXPORT_TOWNS, ids_json, error)) ||
      !(links = ta_export_select (db, TA_EXPORT_LINKS, ids_json, error)) ||
      !(writer = ta_export_writer_new (path, error)))
    return FALSE;

  ta_export_writer_append (writer, "{\"type\":\"FeatureCollection\",\n", -1);
  if (!write_sources (writer, db, error))
    return FALSE;
  ta_export_writer_append (writer, "\"features\":[\n", -1);

  while ((rc = sqlite3_step (towns)) == SQLITE_ROW)
    {
      ta_export_writer_printf (writer, "%s{\"type\":\"Feature\",\"id\":\"town/%lld\",\"geometry\":{\"type\":\"Point\",\"coordinates\":",
                               first ? "" : ",\n", (long long) sqlite3_column_int64 (towns, 0));
      first = FALSE;
      write_position (writer, sqlite3_column_double (towns, town_lat), sqlite3_column_double (towns, town_lon));
      ta_export_writer_append (writer, "},", 2);
      write_properties (writer, towns, town_headers, town_skip);
      ta_export_writer_append (writer, "}", 1);
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Exporting the towns"));
      return FALSE;
    }

  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      ta_export_writer_printf (writer, "%s{\"type\":\"Feature\",\"id\":\"link/%lld\",",
                               first ? "" : ",\n", (long long) sqlite3_column_int64 (links, 0));
      first = FALSE;
      write_arc (writer, sqlite3_column_double (links, lat_a), sqlite3_column_double (links, lon_a),
                 sqlite3_column_double (links, lat_b), sqlite3_column_double (links, lon_b));
      ta_export_writer_append (writer, ",", 1);
      write_properties (writer, links, link_headers, NULL);
      ta_export_writer_append (writer, "}", 1);
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Exporting the links"));
      return FALSE;
    }

  ta_export_writer_append (writer, "\n]}\n", -1);
  return ta_export_writer_finish (writer, error);
}
