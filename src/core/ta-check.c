/* ta-check.c: integrity checks and the atlas' own rules
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema's constraints guard every write made through Twin Atlas, but a
 * file can be edited by other tools or damaged on disk.  `twin-atlas-cli
 * check` runs SQLite's own checks and then each rule below as a query that
 * returns one row per offending record.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-check.h"

typedef struct
{
  const char *rule;
  const char *format;   /* takes the query's one text column */
  const char *sql;
} CheckRule;

static const CheckRule rules[] = {
  { "integrity", N_("SQLite integrity check: %s"),
    "SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'" },
  { "foreign-keys", N_("Broken reference: %s"),
    "SELECT \"table\" || ' row ' || coalesce (rowid, '?') || ' refers to a missing ' || parent"
    "  FROM pragma_foreign_key_check" },
  { "coordinates", N_("Town with coordinates out of range: %s"),
    "SELECT name || ' (' || id || ')' FROM town"
    " WHERE lat IS NULL OR lon IS NULL OR lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180" },
  { "self-link", N_("Link of a town to itself: %s"),
    "SELECT 'link ' || l.id || ', ' || coalesce (t.name, '?') FROM link l"
    "  LEFT JOIN town t ON t.id = l.town_a WHERE l.town_a = l.town_b" },
  { "duplicate-link", N_("Duplicate link: %s"),
    "SELECT count(*) || ' links between towns ' || min (town_a, town_b) || ' and ' || max (town_a, town_b)"
    "  FROM link GROUP BY min (town_a, town_b), max (town_a, town_b) HAVING count(*) > 1" },
  { "years", N_("Link ending before it starts: %s"),
    "SELECT 'link ' || id || ' (' || start_year || '–' || end_year || ')' FROM link"
    " WHERE end_year < start_year" },
  { "provenance", N_("Link without a source: %s"),
    "SELECT 'link ' || id FROM link l WHERE NOT EXISTS (SELECT 1 FROM link_source s WHERE s.link_id = l.id)" },
  /* What schema version 2 copies into link for the filter is kept by
   * triggers; a tool that drops them or writes the columns itself can
   * leave it stale.  The formula is migration 2's (ta-db-schema.c). */
  { "link-distance", N_("Link with a wrong stored distance: %s"),
    "SELECT 'link ' || id || ' (' || coalesce (round (distance_km, 1), 'none') || ' km, should be '"
    "  || round (km, 1) || ' km)' FROM ("
    "  SELECT l.id, l.distance_km, 2 * 6371.0088 * asin (sqrt (min (1.0,"
    "    sin (radians (b.lat - a.lat) / 2) * sin (radians (b.lat - a.lat) / 2)"
    "    + cos (radians (a.lat)) * cos (radians (b.lat))"
    "    * sin (radians (b.lon - a.lon) / 2) * sin (radians (b.lon - a.lon) / 2)))) AS km"
    "  FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b)"
    " WHERE distance_km IS NULL OR abs (distance_km - km) > 0.001" },
  { "link-countries", N_("Link with wrong stored countries: %s"),
    "SELECT 'link ' || l.id || ' (' || coalesce (l.country_a, '?') || '–' || coalesce (l.country_b, '?')"
    "  || ', should be ' || coalesce (a.country_code, '?') || '–' || coalesce (b.country_code, '?') || ')'"
    "  FROM link l JOIN town a ON a.id = l.town_a JOIN town b ON b.id = l.town_b"
    " WHERE l.country_a IS NOT a.country_code OR l.country_b IS NOT b.country_code" },
  { "search-index", N_("Town missing from the search index: %s"),
    "SELECT name || ' (' || id || ')' FROM town t WHERE NOT EXISTS (SELECT 1 FROM town_fts f WHERE f.rowid = t.id)" },
};

void
ta_check_problem_free (TaCheckProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->rule);
  g_free (problem->message);
  g_free (problem);
}

static gboolean
run_rule (TaDb             *db,
          const CheckRule  *rule,
          guint             max_problems,
          GPtrArray        *problems,
          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, rule->sql, error);
  guint n_found = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaCheckProblem *problem;

      if (n_found++ >= max_problems)
        continue;

      problem = g_new0 (TaCheckProblem, 1);
      problem->rule = g_strdup (rule->rule);
      /* The formats are the constant rule table's, translated. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      problem->message = g_strdup_printf (_(rule->format), (const char *) sqlite3_column_text (stmt, 0));
#pragma GCC diagnostic pop
      g_ptr_array_add (problems, problem);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      return FALSE;
    }

  if (n_found > max_problems)
    {
      TaCheckProblem *problem = g_new0 (TaCheckProblem, 1);

      problem->rule = g_strdup (rule->rule);
      problem->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more of this kind",
                                                       "… and %u more of this kind",
                                                       n_found - max_problems),
                                          n_found - max_problems);
      g_ptr_array_add (problems, problem);
    }

  return TRUE;
}

/**
 * ta_check_run:
 * @max_per_rule: report at most this many problems of one rule
 *
 * Returns: (transfer full) (element-type TaCheckProblem): the problems
 *   found, empty when the atlas is clean; %NULL when a check could not run
 */
GPtrArray *
ta_check_run (TaDb     *db,
              guint     max_per_rule,
              GError  **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_check_problem_free);

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (!run_rule (db, &rules[i], max_per_rule, problems, error))
      return NULL;

  return g_steal_pointer (&problems);
}
