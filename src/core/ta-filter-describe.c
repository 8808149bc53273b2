/* ta-filter-describe.c: a filter in words: its title, chips and value labels
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-filter-private.h"
#include "ta-search.h"

/* The values the schema's CHECK constraints allow, with their labels. */
typedef struct
{
  const char *value;
  const char *label;
} KnownValue;

static const KnownValue link_kind_values[] = {
  { "twinning", NC_("link kind", "twinning") },
  { "partnership", NC_("link kind", "partnership") },
  { "friendship", NC_("link kind", "friendship") },
  { "cooperation", NC_("link kind", "cooperation") },
  { "other", NC_("link kind", "other") },
};

static const KnownValue status_values[] = {
  { "active", NC_("link status", "active") },
  { "suspended", NC_("link status", "suspended") },
  { "ended", NC_("link status", "ended") },
};

static const KnownValue exchange_kind_values[] = {
  { "youth", NC_("exchange kind", "youth") },
  { "school", NC_("exchange kind", "school") },
  { "civil-servants", NC_("exchange kind", "civil servants") },
  { "culture", NC_("exchange kind", "culture") },
  { "sport", NC_("exchange kind", "sport") },
  { "business", NC_("exchange kind", "business") },
  { "other", NC_("exchange kind", "other") },
};

static const char * const link_kind_names[] = {
  "twinning", "partnership", "friendship", "cooperation", "other", NULL
};
static const char * const status_names[] = {
  "active", "suspended", "ended", NULL
};
static const char * const exchange_kind_names[] = {
  "youth", "school", "civil-servants", "culture", "sport", "business", "other", NULL
};

void
ta_filter_chip_free (TaFilterChip *chip)
{
  if (chip == NULL)
    return;

  g_free (chip->id);
  g_free (chip->label);
  g_free (chip);
}

/**
 * ta_filter_get_known_values:
 * @criterion: "link-kinds", "statuses" or "exchange-kinds"
 *
 * Returns: (transfer none) (nullable): the values the atlas' schema allows
 */
const char * const *
ta_filter_get_known_values (const char *criterion)
{
  g_return_val_if_fail (criterion != NULL, NULL);

  if (strcmp (criterion, TA_FILTER_CRITERION_LINK_KINDS) == 0)
    return link_kind_names;
  if (strcmp (criterion, TA_FILTER_CRITERION_STATUSES) == 0)
    return status_names;
  if (strcmp (criterion, TA_FILTER_CRITERION_EXCHANGE_KINDS) == 0)
    return exchange_kind_names;

  return NULL;
}

static const char *
find_label (const KnownValue *values,
            guint             n_values,
            const char       *context,
            const char       *value)
{
  for (guint i = 0; i < n_values; i++)
    if (strcmp (values[i].value, value) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, context, values[i].label);

  return value;
}

/**
 * ta_filter_get_value_label:
 *
 * Returns: (transfer none): the translated label of a known value, else
 *   @value itself
 */
const char *
ta_filter_get_value_label (const char *criterion,
                           const char *value)
{
  g_return_val_if_fail (criterion != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (strcmp (criterion, TA_FILTER_CRITERION_LINK_KINDS) == 0)
    return find_label (link_kind_values, G_N_ELEMENTS (link_kind_values), "link kind", value);
  if (strcmp (criterion, TA_FILTER_CRITERION_STATUSES) == 0)
    return find_label (status_values, G_N_ELEMENTS (status_values), "link status", value);
  if (strcmp (criterion, TA_FILTER_CRITERION_EXCHANGE_KINDS) == 0)
    return find_label (exchange_kind_values, G_N_ELEMENTS (exchange_kind_values), "exchange kind", value);

  return value;
}

/* "A", "A or B", "A, B or C" (and with @and: "A, B and C"). */
static char *
join_labels (GPtrArray *labels,
             gboolean   and)
{
  char *text;

  if (labels->len == 0)
    return g_strdup ("");

  text = g_strdup (g_ptr_array_index (labels, 0));
  for (guint i = 1; i < labels->len; i++)
    {
      const char *next = g_ptr_array_index (labels, i);
      char *joined;

      if (i + 1 < labels->len)
        /* Translators: joins the items of a list but the last two: "Poland, Germany" */
        joined = g_strdup_printf (_("%s, %s"), text, next);
      else if (and)
        /* Translators: joins the last two items of a list: "Poland and Germany" */
        joined = g_strdup_printf (_("%s and %s"), text, next);
      else
        /* Translators: joins the last two alternatives of a list: "Poland or Germany" */
        joined = g_strdup_printf (_("%s or %s"), text, next);

      g_free (text);
      text = joined;
    }

  return text;
}

/* The name of each value from @sql (one parameter, one text column), or
 * the value itself when @db is NULL or does not know it. */
static GPtrArray *
lookup_names (TaDb               *db,
              const char         *sql,
              const char * const *values)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = db != NULL ? ta_db_prepare (db, sql, NULL) : NULL;

  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *name = NULL;

      if (stmt != NULL)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, values[i], -1, SQLITE_TRANSIENT);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            name = (const char *) sqlite3_column_text (stmt, 0);
        }
      g_ptr_array_add (names, g_strdup (name != NULL ? name : values[i]));
    }

  return g_steal_pointer (&names);
}

static char *
join_country_names (TaFilter *self,
                    TaDb     *db,
                    gboolean  and)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (%s, name_en) FROM country WHERE code = ?1",
                                          ta_country_name_column ());
  g_autoptr(GPtrArray) names = lookup_names (db, sql, (const char * const *) self->countries);

  return join_labels (names, and);
}

static char *
join_region_names (TaFilter *self,
                   TaDb     *db)
{
  g_autoptr(GPtrArray) names =
    lookup_names (db, "SELECT name FROM region WHERE iso_code = ?1"
                      " OR CAST (id AS TEXT) = ?1",
                  (const char * const *) self->regions);

  return join_labels (names, FALSE);
}

static GPtrArray *
lookup_programme_names (TaFilter *self,
                        TaDb     *db)
{
  return lookup_names (db, "SELECT name FROM programme WHERE name = ?1"
                           " OR CAST (id AS TEXT) = ?1",
                       (const char * const *) self->programmes);
}

/* Programmes by name, then funders. */
static char *
join_money_names (TaFilter *self,
                  TaDb     *db)
{
  g_autoptr(GPtrArray) names = lookup_programme_names (self, db);

  for (guint i = 0; self->funders[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (self->funders[i]));

  return join_labels (names, FALSE);
}

static char *
join_value_labels (const char         *criterion,
                   const char * const *values)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  for (guint i = 0; values[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) ta_filter_get_value_label (criterion, values[i]));

  return join_labels (labels, FALSE);
}

static char *
format_km (double km)
{
  if (km == floor (km))
    return g_strdup_printf ("%.0f", km);

  return g_strdup_printf ("%.1f", km);
}

/* The title's subject, or NULL without countries and regions. */
static char *
describe_places (TaFilter *self,
                 TaDb     *db)
{
  g_autofree char *countries = NULL;
  g_autofree char *regions = NULL;

  if (self->regions[0] != NULL)
    {
      regions = join_region_names (self, db);
      if (self->countries[0] == NULL)
        /* Translators: a title; %s are regions, "Lower Silesia or Saxony" */
        return g_strdup_printf (_("Links of towns in %s"), regions);

      countries = join_country_names (self, db, FALSE);
      /* Translators: a title; regions, then partner countries:
       * "Links of towns in Lower Silesia to Germany" */
      return g_strdup_printf (_("Links of towns in %s to %s"), regions, countries);
    }

  if (self->countries[0] == NULL)
    return NULL;

  if (self->country_mode == TA_FILTER_COUNTRIES_TOUCHING_ANY)
    {
      countries = join_country_names (self, db, FALSE);
      /* Translators: a title; %s are countries, "Poland or Germany" */
      return g_strdup_printf (_("Links of towns in %s"), countries);
    }

  countries = join_country_names (self, db, TRUE);
  if (self->countries[1] == NULL)
    /* Translators: a title: links whose both towns are in one country */
    return g_strdup_printf (_("Links within %s"), countries);

  /* Translators: a title; %s are countries, "Poland and Germany" */
  return g_strdup_printf (_("Links between towns in %s"), countries);
}

static char *
or_undated (TaFilter *self,
            char     *phrase,
            gboolean  chip)
{
  char *text;

  if (!self->unknown_years)
    return phrase;

  if (chip)
    /* Translators: a filter chip: a year criterion that also lets links of unknown start year pass */
    text = g_strdup_printf (_("%s, or undated"), phrase);
  else
    /* Translators: part of a title: a year criterion that also lets links of unknown start year pass */
    text = g_strdup_printf (_("%s or undated"), phrase);
  g_free (phrase);
  return text;
}

static char *
describe_years (TaFilter *self,
                gboolean  chip)
{
  char *phrase;

  if (self->from_year != 0 && self->to_year != 0)
    phrase = chip
      /* Translators: a filter chip: links that started in these years */
      ? g_strdup_printf (_("Started %d–%d"), self->from_year, self->to_year)
      /* Translators: part of a title: a range of start years */
      : g_strdup_printf (_("%d–%d"), self->from_year, self->to_year);
  else if (self->from_year != 0)
    phrase = chip
      ? g_strdup_printf (_("Started %d or later"), self->from_year)
      /* Translators: part of a title: links started in this year or later */
      : g_strdup_printf (_("since %d"), self->from_year);
  else if (self->to_year != 0)
    phrase = chip
      ? g_strdup_printf (_("Started %d or earlier"), self->to_year)
      /* Translators: part of a title: links started in this year or earlier */
      : g_strdup_printf (_("until %d"), self->to_year);
  else
    return NULL;

  return or_undated (self, phrase, chip);
}

static char *
describe_year_at (TaFilter *self,
                  gboolean  chip)
{
  if (self->year_at == 0)
    return NULL;

  return or_undated (self,
                     chip
                     /* Translators: a filter chip: the network as it stood in this year */
                     ? g_strdup_printf (_("As of %d"), self->year_at)
                     /* Translators: part of a title: the network as it stood in this year */
                     : g_strdup_printf (_("as of %d"), self->year_at),
                     chip);
}

static char *
describe_distance (TaFilter *self,
                   gboolean  chip)
{
  g_autofree char *min = format_km (self->min_km);
  g_autofree char *max = format_km (self->max_km);

  if (self->min_km != 0 && self->max_km != 0)
    /* Translators: a distance range in kilometres */
    return g_strdup_printf (_("%s to %s km"), min, max);
  if (self->max_km != 0)
    return g_strdup_printf (chip ? _("Under %s km") : _("under %s km"), max);
  if (self->min_km != 0)
    return g_strdup_printf (chip ? _("Over %s km") : _("over %s km"), min);

  return NULL;
}

static char *
describe_money (TaFilter *self,
                TaDb     *db)
{
  g_autofree char *money = NULL;
  g_autofree char *kinds = NULL;

  if (self->programmes[0] != NULL || self->funders[0] != NULL)
    money = join_money_names (self, db);
  if (self->exchange_kinds[0] != NULL)
    kinds = join_value_labels (TA_FILTER_CRITERION_EXCHANGE_KINDS,
                               (const char * const *) self->exchange_kinds);

  if (money != NULL && kinds != NULL)
    /* Translators: part of a title: "with youth exchanges from Erasmus+" */
    return g_strdup_printf (_("with %s exchanges from %s"), kinds, money);
  if (kinds != NULL)
    /* Translators: part of a title: "with youth or school exchanges" */
    return g_strdup_printf (_("with %s exchanges"), kinds);
  if (money != NULL)
    /* Translators: part of a title: programmes or funders, "Erasmus+ or European Union" */
    return g_strdup_printf (_("with exchanges or funding from %s"), money);

  return NULL;
}

static void
add_part (GPtrArray *parts,
          char      *part)
{
  if (part != NULL)
    g_ptr_array_add (parts, part);
}

/**
 * ta_filter_describe:
 * @db: (nullable): the atlas, for the names of countries, regions and
 *   programmes in the user's language
 *
 * A title for printouts and exports: "Links of towns in Lower Silesia to
 * Germany, 1990–2024".
 *
 * Returns: (transfer full): the title, translated
 */
char *
ta_filter_describe (TaFilter *self,
                    TaDb     *db)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subject = NULL;
  GString *title;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);

  subject = describe_places (self, db);
  if (self->link_kinds[0] != NULL)
    add_part (parts, join_value_labels (TA_FILTER_CRITERION_LINK_KINDS, (const char * const *) self->link_kinds));
  if (self->statuses[0] != NULL)
    add_part (parts, join_value_labels (TA_FILTER_CRITERION_STATUSES, (const char * const *) self->statuses));
  add_part (parts, describe_money (self, db));
  add_part (parts, describe_distance (self, FALSE));
  if (self->cross_border_only)
    /* Translators: part of a title: links between towns of two countries */
    add_part (parts, g_strdup (_("cross-border")));
  add_part (parts, describe_years (self, FALSE));
  add_part (parts, describe_year_at (self, FALSE));

  if (subject == NULL && parts->len == 0)
    return g_strdup (_("All links"));

  /* Translators: the subject of a title when no country or region is chosen */
  title = g_string_new (subject != NULL ? subject : _("Links"));
  for (guint i = 0; i < parts->len; i++)
    {
      /* Translators: separates the parts of a title: "Links of towns in Poland, 1990–2024" */
      g_string_append (title, _(", "));
      g_string_append (title, g_ptr_array_index (parts, i));
    }

  return g_string_free (title, FALSE);
}

static void
add_chip (GPtrArray  *chips,
          const char *id,
          char       *label)
{
  TaFilterChip *chip;

  if (label == NULL)
    return;

  chip = g_new0 (TaFilterChip, 1);
  chip->id = g_strdup (id);
  chip->label = label;
  g_ptr_array_add (chips, chip);
}

/**
 * ta_filter_get_chips:
 * @db: (nullable): the atlas, for names
 *
 * One chip per criterion that is set, in a stable order; pass a chip's id
 * to ta_filter_remove_criterion() to remove it.
 *
 * Returns: (transfer full) (element-type TaFilterChip): the chips
 */
GPtrArray *
ta_filter_get_chips (TaFilter *self,
                     TaDb     *db)
{
  g_autoptr(GPtrArray) chips = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_filter_chip_free);

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);

  if (self->countries[0] != NULL)
    {
      g_autofree char *names = NULL;

      if (self->country_mode == TA_FILTER_COUNTRIES_TOUCHING_ANY || self->regions[0] != NULL)
        {
          names = join_country_names (self, db, FALSE);
          add_chip (chips, TA_FILTER_CRITERION_COUNTRIES,
                    self->regions[0] != NULL
                    /* Translators: a filter chip: the partners' countries of the chosen regions */
                    ? g_strdup_printf (_("To %s"), names)
                    /* Translators: a filter chip: links with a town in one of the countries */
                    : g_strdup_printf (_("Touching %s"), names));
        }
      else
        {
          names = join_country_names (self, db, TRUE);
          add_chip (chips, TA_FILTER_CRITERION_COUNTRIES,
                    self->countries[1] == NULL
                    /* Translators: a filter chip: links inside one country */
                    ? g_strdup_printf (_("Within %s"), names)
                    /* Translators: a filter chip: links whose both towns are in the countries */
                    : g_strdup_printf (_("Between %s"), names));
        }
    }

  if (self->regions[0] != NULL)
    {
      g_autofree char *names = join_region_names (self, db);

      /* Translators: a filter chip: links of towns in the regions */
      add_chip (chips, TA_FILTER_CRITERION_REGIONS, g_strdup_printf (_("Towns in %s"), names));
    }

  if (self->programmes[0] != NULL)
    {
      g_autoptr(GPtrArray) names = lookup_programme_names (self, db);
      g_autofree char *joined = join_labels (names, FALSE);

      /* Translators: a filter chip */
      add_chip (chips, TA_FILTER_CRITERION_PROGRAMMES, g_strdup_printf (_("Programme: %s"), joined));
    }

  if (self->funders[0] != NULL)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint i = 0; self->funders[i] != NULL; i++)
        g_ptr_array_add (names, self->funders[i]);
      joined = join_labels (names, FALSE);
      /* Translators: a filter chip */
      add_chip (chips, TA_FILTER_CRITERION_FUNDERS, g_strdup_printf (_("Funder: %s"), joined));
    }

  if (self->exchange_kinds[0] != NULL)
    {
      g_autofree char *labels = join_value_labels (TA_FILTER_CRITERION_EXCHANGE_KINDS,
                                                   (const char * const *) self->exchange_kinds);

      /* Translators: a filter chip: kinds of exchange */
      add_chip (chips, TA_FILTER_CRITERION_EXCHANGE_KINDS, g_strdup_printf (_("Exchanges: %s"), labels));
    }

  if (self->link_kinds[0] != NULL)
    {
      g_autofree char *labels = join_value_labels (TA_FILTER_CRITERION_LINK_KINDS,
                                                   (const char * const *) self->link_kinds);

      /* Translators: a filter chip: kinds of link */
      add_chip (chips, TA_FILTER_CRITERION_LINK_KINDS, g_strdup_printf (_("Kind: %s"), labels));
    }

  if (self->statuses[0] != NULL)
    {
      g_autofree char *labels = join_value_labels (TA_FILTER_CRITERION_STATUSES,
                                                   (const char * const *) self->statuses);

      /* Translators: a filter chip */
      add_chip (chips, TA_FILTER_CRITERION_STATUSES, g_strdup_printf (_("Status: %s"), labels));
    }

  add_chip (chips, TA_FILTER_CRITERION_YEARS, describe_years (self, TRUE));
  add_chip (chips, TA_FILTER_CRITERION_YEAR_AT, describe_year_at (self, TRUE));
  add_chip (chips, TA_FILTER_CRITERION_DISTANCE, describe_distance (self, TRUE));
  if (self->cross_border_only)
    /* Translators: a filter chip: links between towns of two countries */
    add_chip (chips, TA_FILTER_CRITERION_CROSS_BORDER, g_strdup (_("Cross-border")));

  return g_steal_pointer (&chips);
}
