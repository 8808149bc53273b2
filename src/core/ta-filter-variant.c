/* ta-filter-variant.c: a filter as an a{sv} for GSettings, and back
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-filter-private.h"

/**
 * ta_filter_to_variant:
 *
 * The criteria as an a{sv} for GSettings: keys are the property names,
 * values "as" for sets, "s" for "country-mode" ("touching-any",
 * "between-only"), "i" for years, "d" for kilometres, "b" for flags.
 * Only what differs from a new filter is written.
 *
 * Returns: (transfer floating): the criteria
 */
GVariant *
ta_filter_to_variant (TaFilter *self)
{
  GVariantBuilder builder;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    {
      const char * const *values = (const char * const *) *TA_FILTER_SET_SLOT (self, &ta_filter_set_fields[i]);

      if (values[0] != NULL)
        g_variant_builder_add (&builder, "{sv}", ta_filter_set_fields[i].key, g_variant_new_strv (values, -1));
    }

  if (self->country_mode != TA_FILTER_COUNTRIES_TOUCHING_ANY)
    g_variant_builder_add (&builder, "{sv}", "country-mode", g_variant_new_string ("between-only"));
  if (self->from_year != 0)
    g_variant_builder_add (&builder, "{sv}", "from-year", g_variant_new_int32 (self->from_year));
  if (self->to_year != 0)
    g_variant_builder_add (&builder, "{sv}", "to-year", g_variant_new_int32 (self->to_year));
  if (self->unknown_years)
    g_variant_builder_add (&builder, "{sv}", "unknown-years", g_variant_new_boolean (TRUE));
  if (self->year_at != 0)
    g_variant_builder_add (&builder, "{sv}", "year-at", g_variant_new_int32 (self->year_at));
  if (self->min_km != 0)
    g_variant_builder_add (&builder, "{sv}", "min-km", g_variant_new_double (self->min_km));
  if (self->max_km != 0)
    g_variant_builder_add (&builder, "{sv}", "max-km", g_variant_new_double (self->max_km));
  if (self->cross_border_only)
    g_variant_builder_add (&builder, "{sv}", "cross-border-only", g_variant_new_boolean (TRUE));

  return g_variant_builder_end (&builder);
}

/* FALSE on a value of the wrong type; *out_value NULL when @key is absent. */
static gboolean
lookup_typed (GVariant            *criteria,
              const char          *key,
              const GVariantType  *type,
              GVariant           **out_value,
              GError             **error)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (criteria, key, NULL);

  *out_value = NULL;
  if (value == NULL)
    return TRUE;

  if (!g_variant_is_of_type (value, type))
    {
      g_set_error (error, TA_FILTER_ERROR, TA_FILTER_ERROR_INVALID,
                   _("Filter criterion “%s” has type “%s” instead of “%s”"),
                   key, g_variant_get_type_string (value), g_variant_type_peek_string (type));
      return FALSE;
    }

  *out_value = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
lookup_year (GVariant   *criteria,
             const char *key,
             int        *out_year,
             GError    **error)
{
  g_autoptr(GVariant) value = NULL;
  int year;

  if (!lookup_typed (criteria, key, G_VARIANT_TYPE_INT32, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  year = g_variant_get_int32 (value);
  if (year < 0 || year > TA_FILTER_MAX_YEAR)
    {
      g_set_error (error, TA_FILTER_ERROR, TA_FILTER_ERROR_INVALID,
                   _("Filter criterion “%s” is %d, not a year"), key, year);
      return FALSE;
    }

  *out_year = year;
  return TRUE;
}

static gboolean
lookup_km (GVariant    *criteria,
           const char  *key,
           double      *out_km,
           GError     **error)
{
  g_autoptr(GVariant) value = NULL;
  double km;

  if (!lookup_typed (criteria, key, G_VARIANT_TYPE_DOUBLE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  km = g_variant_get_double (value);
  if (!(km >= 0 && km <= TA_FILTER_MAX_KM))
    {
      g_set_error (error, TA_FILTER_ERROR, TA_FILTER_ERROR_INVALID,
                   _("Filter criterion “%s” is %g, not a distance in km"), key, km);
      return FALSE;
    }

  *out_km = km;
  return TRUE;
}

static gboolean
lookup_flag (GVariant    *criteria,
             const char  *key,
             gboolean    *out_flag,
             GError     **error)
{
  g_autoptr(GVariant) value = NULL;

  if (!lookup_typed (criteria, key, G_VARIANT_TYPE_BOOLEAN, &value, error))
    return FALSE;
  if (value != NULL)
    *out_flag = g_variant_get_boolean (value);

  return TRUE;
}

/* Reads @criteria into the new filter @parsed; keys it does not know are
 * skipped, so that a newer version's settings still load. */
static gboolean
parse_variant (TaFilter  *parsed,
               GVariant  *criteria,
               GError   **error)
{
  g_autoptr(GVariant) mode = NULL;
  int from_year = 0, to_year = 0, year_at = 0;
  double min_km = 0, max_km = 0;
  gboolean unknown_years = FALSE, cross_border_only = FALSE;

  if (!g_variant_is_of_type (criteria, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, TA_FILTER_ERROR, TA_FILTER_ERROR_INVALID,
                   _("A filter is stored as “a{sv}”, not as “%s”"), g_variant_get_type_string (criteria));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    {
      g_autoptr(GVariant) value = NULL;
      g_autofree const char **values = NULL;

      if (!lookup_typed (criteria, ta_filter_set_fields[i].key, G_VARIANT_TYPE_STRING_ARRAY, &value, error))
        return FALSE;
      if (value == NULL)
        continue;

      values = g_variant_get_strv (value, NULL);
      ta_filter_set_strv_field (parsed, &ta_filter_set_fields[i], values);
    }

  if (!lookup_typed (criteria, "country-mode", G_VARIANT_TYPE_STRING, &mode, error))
    return FALSE;
  if (mode != NULL)
    {
      const char *nick = g_variant_get_string (mode, NULL);

      if (strcmp (nick, "between-only") == 0)
        ta_filter_set_country_mode (parsed, TA_FILTER_COUNTRIES_BETWEEN_ONLY);
      else if (strcmp (nick, "touching-any") != 0)
        {
          g_set_error (error, TA_FILTER_ERROR, TA_FILTER_ERROR_INVALID,
                       _("Filter criterion “country-mode” is “%s”, not “touching-any” or “between-only”"),
                       nick);
          return FALSE;
        }
    }

  if (!lookup_year (criteria, "from-year", &from_year, error) ||
      !lookup_year (criteria, "to-year", &to_year, error) ||
      !lookup_year (criteria, "year-at", &year_at, error) ||
      !lookup_km (criteria, "min-km", &min_km, error) ||
      !lookup_km (criteria, "max-km", &max_km, error) ||
      !lookup_flag (criteria, "unknown-years", &unknown_years, error) ||
      !lookup_flag (criteria, "cross-border-only", &cross_border_only, error))
    return FALSE;

  ta_filter_set_year_range (parsed, from_year, to_year);
  ta_filter_set_year_at (parsed, year_at);
  ta_filter_set_distance_range (parsed, min_km, max_km);
  ta_filter_set_unknown_years (parsed, unknown_years);
  ta_filter_set_cross_border_only (parsed, cross_border_only);

  return TRUE;
}

/**
 * ta_filter_set_from_variant:
 * @criteria: an a{sv} from ta_filter_to_variant()
 *
 * Replaces all criteria, emitting "changed" once if anything changed.
 * Unknown keys are ignored; on error the filter is left as it was.
 */
gboolean
ta_filter_set_from_variant (TaFilter  *self,
                            GVariant  *criteria,
                            GError   **error)
{
  g_autoptr(TaFilter) parsed = ta_filter_new ();

  g_return_val_if_fail (TA_IS_FILTER (self), FALSE);
  g_return_val_if_fail (criteria != NULL, FALSE);

  if (!parse_variant (parsed, criteria, error))
    return FALSE;

  ta_filter_assign (self, parsed);
  return TRUE;
}

/**
 * ta_filter_new_from_variant:
 *
 * Returns: (transfer full) (nullable): the filter stored in @criteria
 */
TaFilter *
ta_filter_new_from_variant (GVariant  *criteria,
                            GError   **error)
{
  g_autoptr(TaFilter) self = ta_filter_new ();

  g_return_val_if_fail (criteria != NULL, NULL);

  if (!parse_variant (self, criteria, error))
    return NULL;

  return g_steal_pointer (&self);
}
