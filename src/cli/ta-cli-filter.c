/* ta-cli-filter.c: the filter options every command that selects links takes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line builds the same TaFilter the GUI's filter panel edits,
 * so `twin-atlas-cli stats --country PL` and the map count the same links.
 * Values are checked here, where a mistake can be named: the core filter
 * itself accepts any text and simply matches nothing.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ta-cli-filter.h"

/* The years the schema accepts for link.start_year. */
#define FIRST_YEAR 800
#define LAST_YEAR  2200
#define MAX_KM     40075.0
#define UNSET_YEAR G_MININT

struct _TaCliFilter
{
  char     **countries;
  gboolean   between;
  char     **regions;
  char     **programmes;
  char     **funders;
  char     **exchange_kinds;
  char     **kinds;
  char     **statuses;
  int        from_year;
  int        to_year;
  gboolean   unknown_years;
  int        year;
  double     max_km;
  double     min_km;
  gboolean   cross_border;
};

TaCliFilter *
ta_cli_filter_new (void)
{
  TaCliFilter *self = g_new0 (TaCliFilter, 1);

  self->from_year = UNSET_YEAR;
  self->to_year = UNSET_YEAR;
  self->year = UNSET_YEAR;
  self->max_km = NAN;
  self->min_km = NAN;

  return self;
}

void
ta_cli_filter_free (TaCliFilter *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->countries);
  g_strfreev (self->regions);
  g_strfreev (self->programmes);
  g_strfreev (self->funders);
  g_strfreev (self->exchange_kinds);
  g_strfreev (self->kinds);
  g_strfreev (self->statuses);
  g_free (self);
}

GOptionGroup *
ta_cli_filter_get_option_group (TaCliFilter *self)
{
  const GOptionEntry entries[] = {
    { "country", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->countries,
      N_("Links touching these countries (repeat or separate with commas)"), N_("CC") },
    { "between", 0, 0, G_OPTION_ARG_NONE, &self->between,
      N_("Only links between the countries given"), NULL },
    { "region", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->regions,
      N_("Links of towns in a region (ISO 3166-2 code or region id); with --country, to those countries"),
      N_("CODE") },
    { "programme", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->programmes,
      N_("Links with an exchange or funding of the programme"), N_("NAME|ID") },
    { "funder", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->funders,
      N_("Links with an exchange or funding of the funder"), N_("NAME") },
    { "exchange-kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->exchange_kinds,
      N_("Links with an exchange of this kind"), N_("KIND") },
    { "kind", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->kinds,
      N_("Links of this kind (twinning, partnership, friendship, cooperation, other)"), N_("KIND") },
    { "status", 0, 0, G_OPTION_ARG_STRING_ARRAY, &self->statuses,
      N_("Links of this status (active, suspended, ended)"), N_("STATUS") },
    { "from", 0, 0, G_OPTION_ARG_INT, &self->from_year,
      N_("Links started in this year or later"), N_("YEAR") },
    { "to", 0, 0, G_OPTION_ARG_INT, &self->to_year,
      N_("Links started in this year or earlier"), N_("YEAR") },
    { "unknown-years", 0, 0, G_OPTION_ARG_NONE, &self->unknown_years,
      N_("With --from, --to or --year: also links of unknown start year"), NULL },
    { "year", 0, 0, G_OPTION_ARG_INT, &self->year,
      N_("The links as they stood in this year"), N_("YEAR") },
    { "max-km", 0, 0, G_OPTION_ARG_DOUBLE, &self->max_km,
      N_("Links between towns at most N km apart"), N_("N") },
    { "min-km", 0, 0, G_OPTION_ARG_DOUBLE, &self->min_km,
      N_("Links between towns at least N km apart"), N_("N") },
    { "cross-border", 0, 0, G_OPTION_ARG_NONE, &self->cross_border,
      N_("Only links between towns of two countries"), NULL },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("filter", _("Filter options:"),
                                            _("Show the options that choose links"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);

  return group;
}

gboolean
ta_cli_filter_is_set (TaCliFilter *self)
{
  return self->countries != NULL || self->between || self->regions != NULL ||
         self->programmes != NULL || self->funders != NULL || self->exchange_kinds != NULL ||
         self->kinds != NULL || self->statuses != NULL ||
         self->from_year != UNSET_YEAR || self->to_year != UNSET_YEAR || self->unknown_years ||
         self->year != UNSET_YEAR || !isnan (self->max_km) || !isnan (self->min_km) ||
         self->cross_border;
}

/* "PL,DE" "CZ" → "PL" "DE" "CZ", trimmed, empty items dropped. */
static GPtrArray *
split_commas (char **values)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *item = g_strstrip (g_strdup (parts[j]));

          if (*item != '\0')
            g_ptr_array_add (items, item);
          else
            g_free (item);
        }
    }

  g_ptr_array_add (items, NULL);
  return items;
}

static gboolean
bad_value (GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_value (GError     **error,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
check_countries (GPtrArray  *codes,
                 GError    **error)
{
  for (guint i = 0; i + 1 < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (strlen (code) != 2 || !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]))
        return bad_value (error, _("--country: “%s” is not a two-letter country code such as PL"), code);
    }

  return TRUE;
}

static gboolean
check_known (GPtrArray   *values,
             const char  *option,
             const char  *criterion,
             GError     **error)
{
  const char * const *known = ta_filter_get_known_values (criterion);

  for (guint i = 0; i + 1 < values->len; i++)
    if (!g_strv_contains (known, g_ptr_array_index (values, i)))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);

        return bad_value (error, _("%s: “%s” is not one of %s"),
                          option, (const char *) g_ptr_array_index (values, i), list);
      }

  return TRUE;
}

/* Each value must name a row: @sql takes it as ?1 and returns a row if so;
 * @missing takes the value and the database's file name. */
static gboolean
check_exist (TaDb        *db,
             char       **values,
             const char  *missing,
             const char  *sql,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (values == NULL)
    return TRUE;

  if (!(stmt = ta_db_prepare (db, sql, error)))
    return FALSE;

  for (guint i = 0; values[i] != NULL; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, values[i], -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          /* The formats are this file's own, translated. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          return bad_value (error, missing, values[i], ta_db_get_path (db));
#pragma GCC diagnostic pop
        }
      if (rc != SQLITE_ROW)
        {
          ta_db_set_error_from_sqlite (db, error, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_year (int          year,
            const char  *option,
            GError     **error)
{
  if (year != UNSET_YEAR && (year < FIRST_YEAR || year > LAST_YEAR))
    return bad_value (error, _("%s: %d is not a year between %d and %d"), option, year, FIRST_YEAR, LAST_YEAR);

  return TRUE;
}

static gboolean
check_km (double       km,
          const char  *option,
          GError     **error)
{
  if (!isnan (km) && !(km > 0 && km <= MAX_KM))
    return bad_value (error, _("%s: %g is not a distance above 0 and up to %.0f km"), option, km, MAX_KM);

  return TRUE;
}

static gboolean
check_values (TaCliFilter  *self,
              TaDb         *db,
              GPtrArray    *countries,
              GPtrArray    *regions,
              GPtrArray    *exchange_kinds,
              GPtrArray    *kinds,
              GPtrArray    *statuses,
              GError      **error)
{
  if (!check_countries (countries, error) ||
      !check_known (exchange_kinds, "--exchange-kind", TA_FILTER_CRITERION_EXCHANGE_KINDS, error) ||
      !check_known (kinds, "--kind", TA_FILTER_CRITERION_LINK_KINDS, error) ||
      !check_known (statuses, "--status", TA_FILTER_CRITERION_STATUSES, error) ||
      !check_year (self->from_year, "--from", error) ||
      !check_year (self->to_year, "--to", error) ||
      !check_year (self->year, "--year", error) ||
      !check_km (self->max_km, "--max-km", error) ||
      !check_km (self->min_km, "--min-km", error))
    return FALSE;

  if (self->between && countries->len < 2)
    return bad_value (error, _("--between needs --country"));
  if (self->from_year != UNSET_YEAR && self->to_year != UNSET_YEAR && self->from_year > self->to_year)
    return bad_value (error, _("--from %d is after --to %d"), self->from_year, self->to_year);
  if (!isnan (self->min_km) && !isnan (self->max_km) && self->min_km > self->max_km)
    return bad_value (error, _("--min-km %g is more than --max-km %g"), self->min_km, self->max_km);

  return check_exist (db, (char **) regions->pdata, _("--region: no region “%s” in “%s”"),
                      "SELECT 1 FROM region WHERE iso_code = upper (?1)"
                      " OR CAST (id AS TEXT) = ?1", error) &&
         check_exist (db, self->programmes, _("--programme: no programme “%s” in “%s”"),
                      "SELECT 1 FROM programme WHERE name = ?1"
                      " OR CAST (id AS TEXT) = ?1", error) &&
         check_exist (db, self->funders, _("--funder: no funder “%s” in “%s”"),
                      "SELECT 1 FROM programme WHERE funder = ?1"
                      " UNION ALL SELECT 1 FROM funding WHERE funder = ?1 LIMIT 1", error);
}

TaFilter *
ta_cli_filter_build (TaCliFilter  *self,
                     TaDb         *db,
                     GError      **error)
{
  g_autoptr(GPtrArray) countries = split_commas (self->countries);
  g_autoptr(GPtrArray) regions = split_commas (self->regions);
  g_autoptr(GPtrArray) exchange_kinds = split_commas (self->exchange_kinds);
  g_autoptr(GPtrArray) kinds = split_commas (self->kinds);
  g_autoptr(GPtrArray) statuses = split_commas (self->statuses);
  g_autoptr(TaFilter) filter = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  if (!check_values (self, db, countries, regions, exchange_kinds, kinds, statuses, error))
    return NULL;

  filter = ta_filter_new ();
  ta_filter_set_countries (filter, (const char * const *) countries->pdata);
  ta_filter_set_country_mode (filter, self->between ? TA_FILTER_COUNTRIES_BETWEEN_ONLY
                                                    : TA_FILTER_COUNTRIES_TOUCHING_ANY);
  ta_filter_set_regions (filter, (const char * const *) regions->pdata);
  ta_filter_set_programmes (filter, (const char * const *) self->programmes);
  ta_filter_set_funders (filter, (const char * const *) self->funders);
  ta_filter_set_exchange_kinds (filter, (const char * const *) exchange_kinds->pdata);
  ta_filter_set_link_kinds (filter, (const char * const *) kinds->pdata);
  ta_filter_set_statuses (filter, (const char * const *) statuses->pdata);
  ta_filter_set_year_range (filter,
                            self->from_year != UNSET_YEAR ? self->from_year : 0,
                            self->to_year != UNSET_YEAR ? self->to_year : 0);
  ta_filter_set_year_at (filter, self->year != UNSET_YEAR ? self->year : 0);
  ta_filter_set_unknown_years (filter, self->unknown_years);
  ta_filter_set_distance_range (filter,
                                isnan (self->min_km) ? 0 : self->min_km,
                                isnan (self->max_km) ? 0 : self->max_km);
  ta_filter_set_cross_border_only (filter, self->cross_border);

  return g_steal_pointer (&filter);
}
