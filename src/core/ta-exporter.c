/* ta-exporter.c: the atlas' tables as CSV
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The columns are the import's field names (ta-import-mapping.c), so an
 * exported file imports back as it is.  Towns are written with what finds
 * them again in another atlas (name, country, point, ids), links and
 * records with their two towns spelt out the same way, and every row with
 * its source and the further sources that attest it ("a|b").
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-export-writer.h"
#include "ta-exporter-private.h"

static const char * const table_names[TA_EXPORT_N_TABLES] = {
  [TA_EXPORT_TOWNS] = "towns",
  [TA_EXPORT_LINKS] = "links",
  [TA_EXPORT_EXCHANGES] = "exchanges",
  [TA_EXPORT_FUNDING] = "funding",
  [TA_EXPORT_EVENTS] = "events",
  [TA_EXPORT_PROGRAMMES] = "programmes",
  [TA_EXPORT_SOURCES] = "sources",
};

#define SELECTED_LINKS "SELECT value FROM json_each (?1)"
#define SELECTED_TOWNS \
  "SELECT town_a FROM link WHERE id IN (" SELECTED_LINKS ") UNION SELECT town_b FROM link WHERE id IN (" SELECTED_LINKS ")"

#define END_COLUMNS(T) \
  T ".name, " T ".country_code, " T ".lat, " T ".lon, " T ".wikidata, " T ".geonames_id"

#define END_HEADERS(S) "town_" S, "country_" S, "lat_" S, "lon_" S, "wikidata_" S, "geonames_" S

static const char * const town_headers[] = {
  "id", "name", "name_native", "country", "lat", "lon", "population", "wikidata", "geonames_id",
  "other_names", "source", "sources", NULL
};

static const char * const link_headers[] = {
  "id", END_HEADERS ("a"), END_HEADERS ("b"), "kind", "status", "start_year", "end_year", "note",
  "source", "sources", NULL
};

static const char * const exchange_headers[] = {
  "id", END_HEADERS ("a"), END_HEADERS ("b"), "year", "date", "kind", "participants", "programme",
  "description", "source", NULL
};

static const char * const funding_headers[] = {
  "id", END_HEADERS ("a"), END_HEADERS ("b"), "year", "amount", "currency", "programme", "funder",
  "purpose", "source", NULL
};

static const char * const event_headers[] = {
  "id", END_HEADERS ("a"), END_HEADERS ("b"), "kind", "date", "note", "source", NULL
};

static const char * const programme_headers[] = {
  "id", "name", "funder", "kind", "start_year", "end_year", "url", "note", "source", NULL
};

static const char * const source_headers[] = {
  "id", "title", "licence", "attribution", "url", "retrieved", "note", NULL
};

static const TaExportTableSpec specs[TA_EXPORT_N_TABLES] = {
  [TA_EXPORT_TOWNS] = { town_headers,
    "SELECT t.id, t.name, t.name_native, t.country_code, t.lat, t.lon, t.population, t.wikidata,"
    "       t.geonames_id,"
    "       (SELECT group_concat (name, '|') FROM (SELECT name FROM town_name n WHERE n.town_id = t.id ORDER BY name)),"
    "       t.source_id,"
    "       (SELECT group_concat (source_id, '|') FROM"
    "          (SELECT source_id FROM town_source s WHERE s.town_id = t.id UNION SELECT t.source_id ORDER BY 1))"
    "  FROM town t"
    " WHERE ?1 IS NULL OR t.id IN (" SELECTED_TOWNS ")"
    " ORDER BY t.id" },
  [TA_EXPORT_LINKS] = { link_headers,
    "SELECT l.id, " END_COLUMNS ("a") ", " END_COLUMNS ("b") ","
    "       l.kind, l.status, l.start_year, l.end_year, l.note, l.source_id,"
    "       (SELECT group_concat (source_id, '|') FROM"
    "          (SELECT source_id FROM link_source s WHERE s.link_id = l.id UNION SELECT l.source_id ORDER BY 1))"
    "  FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b"
    " WHERE ?1 IS NULL OR l.id IN (" SELECTED_LINKS ")"
    " ORDER BY l.id" },
  [TA_EXPORT_EXCHANGES] = { exchange_headers,
    "SELECT e.id, " END_COLUMNS ("a") ", " END_COLUMNS ("b") ","
    "       e.year, e.date, e.kind, e.participants, p.name, e.description, e.source_id"
    "  FROM exchange e LEFT JOIN link l ON l.id = e.link_id"
    "       JOIN town a ON a.id = coalesce (l.town_a, e.town_id) LEFT JOIN town b ON b.id = l.town_b"
    "       LEFT JOIN programme p ON p.id = e.programme_id"
    " WHERE ?1 IS NULL OR e.link_id IN (" SELECTED_LINKS ")"
    "       OR (e.link_id IS NULL AND e.town_id IN (" SELECTED_TOWNS "))"
    " ORDER BY e.id" },
  [TA_EXPORT_FUNDING] = { funding_headers,
    "SELECT f.id, " END_COLUMNS ("a") ", " END_COLUMNS ("b") ","
    "       f.year, f.amount_minor, f.currency, p.name, f.funder, f.purpose, f.source_id"
    "  FROM funding f LEFT JOIN link l ON l.id = f.link_id"
    "       JOIN town a ON a.id = coalesce (l.town_a, f.town_id) LEFT JOIN town b ON b.id = l.town_b"
    "       LEFT JOIN programme p ON p.id = f.programme_id"
    " WHERE ?1 IS NULL OR f.link_id IN (" SELECTED_LINKS ")"
    "       OR (f.link_id IS NULL AND f.town_id IN (" SELECTED_TOWNS "))"
    " ORDER BY f.id" },
  [TA_EXPORT_EVENTS] = { event_headers,
    "SELECT e.id, " END_COLUMNS ("a") ", " END_COLUMNS ("b") ", e.kind, e.date, e.note, e.source_id"
    "  FROM link_event e JOIN link l ON l.id = e.link_id"
    "       JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b"
    " WHERE ?1 IS NULL OR e.link_id IN (" SELECTED_LINKS ")"
    " ORDER BY e.id" },
  [TA_EXPORT_PROGRAMMES] = { programme_headers,
    "SELECT id, name, funder, kind, start_year, end_year, url, note, source_id FROM programme ORDER BY id" },
  [TA_EXPORT_SOURCES] = { source_headers,
    "SELECT id, title, licence, attribution, url, retrieved, note FROM source ORDER BY id" },
};

const char *
ta_export_table_to_string (TaExportTable table)
{
  g_return_val_if_fail (table < TA_EXPORT_N_TABLES, NULL);

  return table_names[table];
}

gboolean
ta_export_table_from_string (const char    *text,
                             TaExportTable *table)
{
  for (guint i = 0; i < TA_EXPORT_N_TABLES; i++)
    {
      if (g_strcmp0 (text, table_names[i]) == 0)
        {
          *table = i;
          return TRUE;
        }
    }

  return FALSE;
}

const TaExportTableSpec *
ta_export_get_table_spec (TaExportTable table)
{
  return &specs[table];
}

sqlite3_stmt *
ta_export_select (TaDb           *db,
                  TaExportTable   table,
                  const char     *ids_json,
                  GError        **error)
{
  sqlite3_stmt *stmt = ta_db_prepare (db, specs[table].sql, error);

  if (stmt == NULL)
    return NULL;

  /* Programmes and sources are exported whole. */
  if (sqlite3_bind_parameter_count (stmt) == 0)
    return stmt;

  if (ids_json != NULL)
    sqlite3_bind_text (stmt, 1, ids_json, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);

  return stmt;
}

static gboolean
needs_quotes (const char *text)
{
  gsize len = strlen (text);

  if (len == 0)
    return FALSE;
  if (text[0] == ' ' || text[len - 1] == ' ')
    return TRUE;

  return strpbrk (text, ",\"\r\n\t;") != NULL;
}

static void
write_csv_text (TaExportWriter *writer,
                const char     *text)
{
  if (!needs_quotes (text))
    {
      ta_export_writer_append (writer, text, -1);
      return;
    }

  ta_export_writer_append (writer, "\"", 1);
  for (const char *p = text; *p != '\0';)
    {
      const char *quote = strchr (p, '"');

      if (quote == NULL)
        {
          ta_export_writer_append (writer, p, -1);
          break;
        }
      ta_export_writer_append (writer, p, quote - p + 1);
      ta_export_writer_append (writer, "\"", 1);
      p = quote + 1;
    }
  ta_export_writer_append (writer, "\"", 1);
}

static void
write_csv_value (TaExportWriter *writer,
                 sqlite3_stmt   *stmt,
                 int             column,
                 const char     *header)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      break;
    case SQLITE_INTEGER:
      if (g_strcmp0 (header, "amount") == 0)
        {
          g_autofree char *amount = ta_export_format_amount (sqlite3_column_int64 (stmt, column),
                                                             (const char *) sqlite3_column_text (stmt, column + 1));

          ta_export_writer_append (writer, amount, -1);
        }
      else
        ta_export_writer_printf (writer, "%lld", (long long) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      ta_export_format_double (buffer, sizeof buffer, sqlite3_column_double (stmt, column));
      ta_export_writer_append (writer, buffer, -1);
      break;
    default:
      write_csv_text (writer, (const char *) sqlite3_column_text (stmt, column));
      break;
    }
}

gboolean
ta_export_csv (TaDb           *db,
               TaExportTable   table,
               GArray         *link_ids,
               const char     *path,
               GError        **error)
{
  g_autoptr(TaExportWriter) writer = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *ids_json = NULL;
  const char * const *headers;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (table < TA_EXPORT_N_TABLES, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ids_json = ta_export_ids_to_json (link_ids);
  if (!(stmt = ta_export_select (db, table, ids_json, error)) ||
      !(writer = ta_export_writer_new (path, error)))
    return FALSE;

  headers = specs[table].headers;
  for (guint i = 0; headers[i] != NULL; i++)
    ta_export_writer_printf (writer, "%s%s", i == 0 ? "" : ",", headers[i]);
  ta_export_writer_append (writer, "\r\n", 2);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; headers[i] != NULL; i++)
        {
          if (i > 0)
            ta_export_writer_append (writer, ",", 1);
          write_csv_value (writer, stmt, i, headers[i]);
        }
      ta_export_writer_append (writer, "\r\n", 2);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Exporting"));
      return FALSE;
    }

  return ta_export_writer_finish (writer, error);
}

gboolean
ta_export_csv_all (TaDb        *db,
                   GArray      *link_ids,
                   const char  *directory,
                   GError     **error)
{
  g_return_val_if_fail (TA_IS_DB (db), FALSE);

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, _("“%s” is not a folder"), directory);
      return FALSE;
    }

  for (guint i = 0; i < TA_EXPORT_N_TABLES; i++)
    {
      g_autofree char *name = g_strconcat (table_names[i], ".csv", NULL);
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (!ta_export_csv (db, i, link_ids, path, error))
        return FALSE;
    }

  return TRUE;
}
