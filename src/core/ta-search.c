/* ta-search.c: finding towns by any of their names
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * town_fts holds, per town, all its names folded by ta_fold() (name, native
 * name, exonyms, other sources' labels).  A query is folded the same way, so
 * "Lodz", "łódź" and "ŁÓDŹ" are one word, and "Stettin" finds Szczecin
 * through its exonym.  Each word of the query becomes a quoted prefix term:
 * the user's text never reaches FTS5's query syntax or SQL.
 */

#include "config.h"

#include <string.h>

#include "ta-fold.h"
#include "ta-search.h"

void
ta_town_hit_free (TaTownHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->name);
  g_free (hit->name_native);
  g_free (hit->country_code);
  g_free (hit->country_name);
  g_free (hit);
}

/**
 * ta_country_name_column:
 *
 * Returns: the column of table country with names in the user's language
 */
const char *
ta_country_name_column (void)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_has_prefix (languages[i], "pl"))
        return "name_pl";
      if (g_str_has_prefix (languages[i], "de"))
        return "name_de";
      if (g_str_has_prefix (languages[i], "en") || strcmp (languages[i], "C") == 0)
        return "name_en";
    }

  return "name_en";
}

/* "łódź  kal" → "\"lodz\"* \"kal\"*"; NULL when nothing searchable is left. */
static char *
build_match_query (const char *text)
{
  g_autofree char *folded = ta_fold_key (text);
  g_auto(GStrv) words = NULL;
  GString *query;

  if (folded == NULL || *folded == '\0')
    return NULL;

  words = g_strsplit (folded, " ", -1);
  query = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (query->len > 0)
        g_string_append_c (query, ' ');
      /* ta_fold_key leaves only letters and digits, but quote anyway. */
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * ta_search_towns:
 * @db: the atlas
 * @text: what the user typed
 * @limit: at most this many results
 *
 * Finds towns any of whose names start with the words of @text, ignoring
 * case and diacritics.  Exact name matches come first, then larger towns
 * and towns with more partners.
 *
 * Returns: (transfer full) (element-type TaTownHit): the hits, possibly empty
 */
GPtrArray *
ta_search_towns (TaDb        *db,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_town_hit_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  match = build_match_query (text);
  if (match == NULL || limit == 0)
    return g_steal_pointer (&hits);

  folded = ta_fold_key (text);
  sql = g_strdup_printf (
    "SELECT t.id, t.name, t.name_native, t.country_code, c.%s, t.lat, t.lon,"
    "       coalesce (t.population, -1),"
    "       (SELECT count(*) FROM link l WHERE l.town_a = t.id OR l.town_b = t.id) AS partners,"
    "       (ta_fold_key (t.name) = ?2 OR EXISTS (SELECT 1 FROM town_name n"
    "          WHERE n.town_id = t.id AND ta_fold_key (n.name) = ?2)) AS exact"
    "  FROM town_fts f"
    "  JOIN town t ON t.id = f.rowid"
    "  LEFT JOIN country c ON c.code = t.country_code"
    " WHERE town_fts MATCH ?1"
    " ORDER BY exact DESC, coalesce (t.population, 0) DESC, partners DESC, t.name"
    " LIMIT ?3",
    ta_country_name_column ());

  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, folded, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaTownHit *hit = g_new0 (TaTownHit, 1);

      hit->id = sqlite3_column_int64 (stmt, 0);
      hit->name = dup_column_text (stmt, 1);
      hit->name_native = dup_column_text (stmt, 2);
      hit->country_code = dup_column_text (stmt, 3);
      hit->country_name = dup_column_text (stmt, 4);
      hit->lat = sqlite3_column_double (stmt, 5);
      hit->lon = sqlite3_column_double (stmt, 6);
      hit->population = sqlite3_column_int64 (stmt, 7);
      hit->n_partners = (guint) sqlite3_column_int (stmt, 8);
      g_ptr_array_add (hits, hit);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      return NULL;
    }

  return g_steal_pointer (&hits);
}
