/* ta-filter.c: which links of the atlas to show, count and print
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One filter model for the map, the side panels, the statistics, printing
 * and the command line, so that all of them select exactly the same links.
 *
 * A TaFilter is a mutable GObject: every criterion is a property (bind the
 * filter panel's widgets to them), and "changed" is emitted once per change
 * (once per ta_filter_freeze_changed()/thaw_changed() pair), when the map
 * should re-evaluate.  Evaluation turns a snapshot of the criteria into ONE
 * SQL statement with named parameters; user text only ever travels as a
 * bound parameter (a set of more than four values as one JSON array text
 * read by json_each()).
 *
 * The model is this file; the rest of TaFilter is split by what it does:
 * ta-filter-variant.c (the a{sv} for GSettings), ta-filter-describe.c
 * (titles, chips and value labels) and ta-filter-query.c (the SQL and its
 * evaluation, in this thread or a worker's), sharing ta-filter-private.h.
 *
 * Semantics, criterion by criterion (all of them must hold):
 * - countries: TOUCHING_ANY, at least one end in the countries;
 *   BETWEEN_ONLY, both ends in them (links inside one of them included).
 * - regions pick home towns: one end in the regions.  With countries as
 *   well, the other end must be in the countries ("links of towns in Lower
 *   Silesia to Germany") and the country mode plays no part.
 * - programmes and funders (either matches): the link has an exchange or a
 *   funding record of those programmes (or of a programme of those
 *   funders, or a funding record naming the funder).  Exchange kinds: the
 *   link has an exchange of one of the kinds, of the programmes if they are
 *   set too.  Records of a town without a partner select no link.
 * - link kinds, statuses: one of them.
 * - years: from ≤ start_year ≤ to (either end open).  The year-at
 *   criterion (playback): start_year ≤ Y and (end_year unknown or ≥ Y).
 *   Links of unknown start year pass these two only when "unknown-years"
 *   is set; without a year criterion they always pass.
 * - distance: min-km ≤ great-circle distance ≤ max-km (link.distance_km);
 *   cross-border: both countries known and different.
 * Towns selected are the ends of the selected links: a town without a
 * selected link is not part of the filtered network, whatever its country.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-filter.h"
#include "ta-filter-private.h"

G_DEFINE_FINAL_TYPE (TaFilter, ta_filter, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-filter-error-quark, ta_filter_error)

enum {
  PROP_0,
  PROP_COUNTRIES,
  PROP_COUNTRY_MODE,
  PROP_REGIONS,
  PROP_PROGRAMMES,
  PROP_FUNDERS,
  PROP_EXCHANGE_KINDS,
  PROP_LINK_KINDS,
  PROP_STATUSES,
  PROP_FROM_YEAR,
  PROP_TO_YEAR,
  PROP_UNKNOWN_YEARS,
  PROP_YEAR_AT,
  PROP_MIN_KM,
  PROP_MAX_KM,
  PROP_CROSS_BORDER_ONLY,
  PROP_IS_EMPTY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of the set accessors below (their index). */
const TaFilterSetField ta_filter_set_fields[TA_FILTER_N_SET_FIELDS] = {
  { "countries", TA_FILTER_CRITERION_COUNTRIES, G_STRUCT_OFFSET (TaFilter, countries), TRUE, PROP_COUNTRIES },
  { "regions", TA_FILTER_CRITERION_REGIONS, G_STRUCT_OFFSET (TaFilter, regions), TRUE, PROP_REGIONS },
  { "programmes", TA_FILTER_CRITERION_PROGRAMMES, G_STRUCT_OFFSET (TaFilter, programmes), FALSE, PROP_PROGRAMMES },
  { "funders", TA_FILTER_CRITERION_FUNDERS, G_STRUCT_OFFSET (TaFilter, funders), FALSE, PROP_FUNDERS },
  { "exchange-kinds", TA_FILTER_CRITERION_EXCHANGE_KINDS, G_STRUCT_OFFSET (TaFilter, exchange_kinds), FALSE, PROP_EXCHANGE_KINDS },
  { "link-kinds", TA_FILTER_CRITERION_LINK_KINDS, G_STRUCT_OFFSET (TaFilter, link_kinds), FALSE, PROP_LINK_KINDS },
  { "statuses", TA_FILTER_CRITERION_STATUSES, G_STRUCT_OFFSET (TaFilter, statuses), FALSE, PROP_STATUSES },
};

GType
ta_filter_country_mode_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { TA_FILTER_COUNTRIES_TOUCHING_ANY, "TA_FILTER_COUNTRIES_TOUCHING_ANY", "touching-any" },
        { TA_FILTER_COUNTRIES_BETWEEN_ONLY, "TA_FILTER_COUNTRIES_BETWEEN_ONLY", "between-only" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static (g_intern_static_string ("TaFilterCountryMode"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* Helpers */

static char **
empty_strv (void)
{
  return g_new0 (char *, 1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A sorted copy without duplicates or blank entries. */
static char **
normalize_set (const char * const *values,
               gboolean            upper)
{
  g_autoptr(GPtrArray) set = g_ptr_array_new_with_free_func (g_free);
  guint out = 0;

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      char *value = g_strstrip (upper ? g_ascii_strup (values[i], -1) : g_strdup (values[i]));

      if (*value == '\0' || !g_utf8_validate (value, -1, NULL))
        g_free (value);
      else
        g_ptr_array_add (set, value);
    }

  g_ptr_array_sort (set, compare_strings);
  for (guint i = 0; i < set->len; i++)
    {
      if (out > 0 && strcmp (g_ptr_array_index (set, out - 1), g_ptr_array_index (set, i)) == 0)
        continue;
      if (out != i)
        {
          g_free (g_ptr_array_index (set, out));
          set->pdata[out] = set->pdata[i];
          set->pdata[i] = NULL;
        }
      out++;
    }
  g_ptr_array_set_size (set, out);
  g_ptr_array_add (set, NULL);
  g_ptr_array_set_free_func (set, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&set), FALSE);
}

static gboolean
is_empty (TaFilter *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    if ((*TA_FILTER_SET_SLOT (self, &ta_filter_set_fields[i]))[0] != NULL)
      return FALSE;

  return self->from_year == 0 && self->to_year == 0 && self->year_at == 0 &&
         self->min_km == 0 && self->max_km == 0 && !self->cross_border_only;
}

/* "is-empty" is computed, so it is notified here, when it really changed. */
static void
notify_is_empty (TaFilter *self)
{
  gboolean empty = is_empty (self);

  if (empty != self->was_empty)
    {
      self->was_empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_EMPTY]);
    }
}

static void
emit_changed_now (TaFilter *self)
{
  notify_is_empty (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
criteria_changed (TaFilter *self)
{
  if (self->freeze_count > 0)
    self->changed_pending = TRUE;
  else
    emit_changed_now (self);
}

void
ta_filter_set_strv_field (TaFilter               *self,
                          const TaFilterSetField *field,
                          const char * const     *values)
{
  g_auto(GStrv) normal = normalize_set (values, field->upper);
  char ***slot = TA_FILTER_SET_SLOT (self, field);

  if (g_strv_equal ((const char * const *) *slot, (const char * const *) normal))
    return;

  g_strfreev (*slot);
  *slot = g_steal_pointer (&normal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field->prop]);
  criteria_changed (self);
}

static const TaFilterSetField *
find_set_field (int prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    if (ta_filter_set_fields[i].prop == prop)
      return &ta_filter_set_fields[i];

  return NULL;
}

static gboolean
set_int (TaFilter *self,
         int      *slot,
         int       value,
         int       prop)
{
  if (*slot == value)
    return FALSE;

  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/* Sets a flag criterion, notifying and emitting "changed" on a real change. */
static void
set_flag (TaFilter *self,
          gboolean *slot,
          gboolean  value,
          int       prop)
{
  value = !!value;
  if (*slot == value)
    return;

  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  criteria_changed (self);
}

static gboolean
set_double (TaFilter *self,
            double   *slot,
            double    value,
            int       prop)
{
  if (*slot == value)
    return FALSE;

  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/* GObject */

static void
ta_filter_finalize (GObject *object)
{
  TaFilter *self = (TaFilter *)object;

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    g_strfreev (*TA_FILTER_SET_SLOT (self, &ta_filter_set_fields[i]));

  G_OBJECT_CLASS (ta_filter_parent_class)->finalize (object);
}

static void
ta_filter_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaFilter *self = TA_FILTER (object);
  const TaFilterSetField *field = find_set_field ((int) prop_id);

  if (field != NULL)
    {
      g_value_set_boxed (value, *TA_FILTER_SET_SLOT (self, field));
      return;
    }

  switch (prop_id)
    {
    case PROP_COUNTRY_MODE:
      g_value_set_enum (value, self->country_mode);
      break;
    case PROP_FROM_YEAR:
      g_value_set_int (value, self->from_year);
      break;
    case PROP_TO_YEAR:
      g_value_set_int (value, self->to_year);
      break;
    case PROP_UNKNOWN_YEARS:
      g_value_set_boolean (value, self->unknown_years);
      break;
    case PROP_YEAR_AT:
      g_value_set_int (value, self->year_at);
      break;
    case PROP_MIN_KM:
      g_value_set_double (value, self->min_km);
      break;
    case PROP_MAX_KM:
      g_value_set_double (value, self->max_km);
      break;
    case PROP_CROSS_BORDER_ONLY:
      g_value_set_boolean (value, self->cross_border_only);
      break;
    case PROP_IS_EMPTY:
      g_value_set_boolean (value, is_empty (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_filter_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TaFilter *self = TA_FILTER (object);
  const TaFilterSetField *field = find_set_field ((int) prop_id);

  if (field != NULL)
    {
      ta_filter_set_strv_field (self, field, g_value_get_boxed (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_COUNTRY_MODE:
      ta_filter_set_country_mode (self, g_value_get_enum (value));
      break;
    case PROP_FROM_YEAR:
      ta_filter_set_year_range (self, g_value_get_int (value), self->to_year);
      break;
    case PROP_TO_YEAR:
      ta_filter_set_year_range (self, self->from_year, g_value_get_int (value));
      break;
    case PROP_UNKNOWN_YEARS:
      ta_filter_set_unknown_years (self, g_value_get_boolean (value));
      break;
    case PROP_YEAR_AT:
      ta_filter_set_year_at (self, g_value_get_int (value));
      break;
    case PROP_MIN_KM:
      ta_filter_set_distance_range (self, g_value_get_double (value), self->max_km);
      break;
    case PROP_MAX_KM:
      ta_filter_set_distance_range (self, self->min_km, g_value_get_double (value));
      break;
    case PROP_CROSS_BORDER_ONLY:
      ta_filter_set_cross_border_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_filter_class_init (TaFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_filter_finalize;
  object_class->get_property = ta_filter_get_property;
  object_class->set_property = ta_filter_set_property;

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    properties[ta_filter_set_fields[i].prop] =
      g_param_spec_boxed (ta_filter_set_fields[i].key, NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COUNTRY_MODE] =
    g_param_spec_enum ("country-mode", NULL, NULL,
                       TA_TYPE_FILTER_COUNTRY_MODE, TA_FILTER_COUNTRIES_TOUCHING_ANY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_YEAR] =
    g_param_spec_int ("from-year", NULL, NULL, 0, TA_FILTER_MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO_YEAR] =
    g_param_spec_int ("to-year", NULL, NULL, 0, TA_FILTER_MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNKNOWN_YEARS] =
    g_param_spec_boolean ("unknown-years", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEAR_AT] =
    g_param_spec_int ("year-at", NULL, NULL, 0, TA_FILTER_MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_KM] =
    g_param_spec_double ("min-km", NULL, NULL, 0, TA_FILTER_MAX_KM, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_KM] =
    g_param_spec_double ("max-km", NULL, NULL, 0, TA_FILTER_MAX_KM, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CROSS_BORDER_ONLY] =
    g_param_spec_boolean ("cross-border-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_EMPTY] =
    g_param_spec_boolean ("is-empty", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaFilter::changed:
   *
   * The selection may have changed: once per setter call that changed a
   * criterion, or once per outermost freeze/thaw pair.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ta_filter_init (TaFilter *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    *TA_FILTER_SET_SLOT (self, &ta_filter_set_fields[i]) = empty_strv ();

  self->country_mode = TA_FILTER_COUNTRIES_TOUCHING_ANY;
  self->was_empty = TRUE;
}

/* Public API: the model */

TaFilter *
ta_filter_new (void)
{
  return g_object_new (TA_TYPE_FILTER, NULL);
}

void
ta_filter_assign (TaFilter *self,
                  TaFilter *other)
{
  ta_filter_freeze_changed (self);
  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    {
      const TaFilterSetField *field = &ta_filter_set_fields[i];

      ta_filter_set_strv_field (self, field, (const char * const *) *TA_FILTER_SET_SLOT (other, field));
    }
  ta_filter_set_country_mode (self, other->country_mode);
  ta_filter_set_year_range (self, other->from_year, other->to_year);
  ta_filter_set_unknown_years (self, other->unknown_years);
  ta_filter_set_year_at (self, other->year_at);
  ta_filter_set_distance_range (self, other->min_km, other->max_km);
  ta_filter_set_cross_border_only (self, other->cross_border_only);
  ta_filter_thaw_changed (self);
}

/**
 * ta_filter_copy:
 *
 * Returns: (transfer full): a new filter with the same criteria
 */
TaFilter *
ta_filter_copy (TaFilter *self)
{
  TaFilter *copy;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);

  copy = ta_filter_new ();
  ta_filter_assign (copy, self);
  return copy;
}

gboolean
ta_filter_equal (TaFilter *a,
                 TaFilter *b)
{
  g_return_val_if_fail (TA_IS_FILTER (a), FALSE);
  g_return_val_if_fail (TA_IS_FILTER (b), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    if (!g_strv_equal ((const char * const *) *TA_FILTER_SET_SLOT (a, &ta_filter_set_fields[i]),
                       (const char * const *) *TA_FILTER_SET_SLOT (b, &ta_filter_set_fields[i])))
      return FALSE;

  return a->country_mode == b->country_mode &&
         a->from_year == b->from_year && a->to_year == b->to_year &&
         a->unknown_years == b->unknown_years && a->year_at == b->year_at &&
         a->min_km == b->min_km && a->max_km == b->max_km &&
         a->cross_border_only == b->cross_border_only;
}

/**
 * ta_filter_is_empty:
 *
 * Returns: whether the filter selects every link.  The country mode and
 *   "unknown-years" only qualify other criteria and do not count.
 */
gboolean
ta_filter_is_empty (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), TRUE);

  return is_empty (self);
}

void
ta_filter_freeze_changed (TaFilter *self)
{
  g_return_if_fail (TA_IS_FILTER (self));

  self->freeze_count++;
  g_object_freeze_notify (G_OBJECT (self));
}

void
ta_filter_thaw_changed (TaFilter *self)
{
  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (self->freeze_count > 0);

  self->freeze_count--;
  if (self->freeze_count == 0 && self->changed_pending)
    {
      self->changed_pending = FALSE;
      notify_is_empty (self);
      g_object_thaw_notify (G_OBJECT (self));
      g_signal_emit (self, signals[CHANGED], 0);
    }
  else
    g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ta_filter_reset:
 *
 * Clears every criterion and modifier: the filter selects every link.
 */
void
ta_filter_reset (TaFilter *self)
{
  g_autoptr(TaFilter) empty = ta_filter_new ();

  g_return_if_fail (TA_IS_FILTER (self));

  ta_filter_assign (self, empty);
}

/**
 * ta_filter_remove_criterion:
 * @criterion: a TA_FILTER_CRITERION_*, as a chip's id
 *
 * Clears one criterion.  Its modifiers (the country mode, "unknown-years")
 * are the user's preferences and stay.
 *
 * Returns: %FALSE when @criterion is not a criterion id
 */
gboolean
ta_filter_remove_criterion (TaFilter   *self,
                            const char *criterion)
{
  g_return_val_if_fail (TA_IS_FILTER (self), FALSE);
  g_return_val_if_fail (criterion != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (ta_filter_set_fields); i++)
    if (strcmp (criterion, ta_filter_set_fields[i].criterion) == 0)
      {
        ta_filter_set_strv_field (self, &ta_filter_set_fields[i], NULL);
        return TRUE;
      }

  if (strcmp (criterion, TA_FILTER_CRITERION_YEARS) == 0)
    ta_filter_set_year_range (self, 0, 0);
  else if (strcmp (criterion, TA_FILTER_CRITERION_YEAR_AT) == 0)
    ta_filter_set_year_at (self, 0);
  else if (strcmp (criterion, TA_FILTER_CRITERION_DISTANCE) == 0)
    ta_filter_set_distance_range (self, 0, 0);
  else if (strcmp (criterion, TA_FILTER_CRITERION_CROSS_BORDER) == 0)
    ta_filter_set_cross_border_only (self, FALSE);
  else
    return FALSE;

  return TRUE;
}

#define DEFINE_SET_ACCESSORS(name, index)                                                   \
  void                                                                                      \
  ta_filter_set_##name (TaFilter           *self,                                           \
                        const char * const *values)                                         \
  {                                                                                         \
    g_return_if_fail (TA_IS_FILTER (self));                                                 \
    ta_filter_set_strv_field (self, &ta_filter_set_fields[index], values);                  \
  }                                                                                         \
                                                                                            \
  const char * const *                                                                      \
  ta_filter_get_##name (TaFilter *self)                                                     \
  {                                                                                         \
    g_return_val_if_fail (TA_IS_FILTER (self), NULL);                                       \
    return (const char * const *) *TA_FILTER_SET_SLOT (self, &ta_filter_set_fields[index]); \
  }

DEFINE_SET_ACCESSORS (countries, 0)
DEFINE_SET_ACCESSORS (regions, 1)
DEFINE_SET_ACCESSORS (programmes, 2)
DEFINE_SET_ACCESSORS (funders, 3)
DEFINE_SET_ACCESSORS (exchange_kinds, 4)
DEFINE_SET_ACCESSORS (link_kinds, 5)
DEFINE_SET_ACCESSORS (statuses, 6)

#undef DEFINE_SET_ACCESSORS

void
ta_filter_set_country_mode (TaFilter            *self,
                            TaFilterCountryMode  mode)
{
  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (mode == TA_FILTER_COUNTRIES_TOUCHING_ANY || mode == TA_FILTER_COUNTRIES_BETWEEN_ONLY);

  if (self->country_mode == mode)
    return;

  self->country_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTRY_MODE]);
  criteria_changed (self);
}

TaFilterCountryMode
ta_filter_get_country_mode (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), TA_FILTER_COUNTRIES_TOUCHING_ANY);

  return self->country_mode;
}

/**
 * ta_filter_set_year_range:
 * @from_year: the first start year, or 0
 * @to_year: the last start year, or 0
 *
 * A range with @from_year after @to_year selects nothing.
 */
void
ta_filter_set_year_range (TaFilter *self,
                          int       from_year,
                          int       to_year)
{
  gboolean changed;

  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (from_year >= 0 && from_year <= TA_FILTER_MAX_YEAR);
  g_return_if_fail (to_year >= 0 && to_year <= TA_FILTER_MAX_YEAR);

  changed = set_int (self, &self->from_year, from_year, PROP_FROM_YEAR);
  changed |= set_int (self, &self->to_year, to_year, PROP_TO_YEAR);
  if (changed)
    criteria_changed (self);
}

int
ta_filter_get_from_year (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), 0);

  return self->from_year;
}

int
ta_filter_get_to_year (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), 0);

  return self->to_year;
}

/**
 * ta_filter_set_unknown_years:
 * @include: whether links of unknown start year pass the year range and
 *   the year-at criterion (without either, they always pass)
 */
void
ta_filter_set_unknown_years (TaFilter *self,
                             gboolean  include)
{
  g_return_if_fail (TA_IS_FILTER (self));

  set_flag (self, &self->unknown_years, include, PROP_UNKNOWN_YEARS);
}

gboolean
ta_filter_get_unknown_years (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), FALSE);

  return self->unknown_years;
}

/**
 * ta_filter_set_year_at:
 * @year: the year of the playback, or 0
 *
 * The network as it stood in @year: links that started in or before it
 * and had not ended before it.
 */
void
ta_filter_set_year_at (TaFilter *self,
                       int       year)
{
  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (year >= 0 && year <= TA_FILTER_MAX_YEAR);

  if (set_int (self, &self->year_at, year, PROP_YEAR_AT))
    criteria_changed (self);
}

int
ta_filter_get_year_at (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), 0);

  return self->year_at;
}

/**
 * ta_filter_set_distance_range:
 * @min_km: the shortest distance, or 0 (distant partners: "over N km")
 * @max_km: the longest distance, or 0 (neighbours: "under N km")
 *
 * Both bounds are inclusive.
 */
void
ta_filter_set_distance_range (TaFilter *self,
                              double    min_km,
                              double    max_km)
{
  gboolean changed;

  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (min_km >= 0 && min_km <= TA_FILTER_MAX_KM);
  g_return_if_fail (max_km >= 0 && max_km <= TA_FILTER_MAX_KM);

  changed = set_double (self, &self->min_km, min_km, PROP_MIN_KM);
  changed |= set_double (self, &self->max_km, max_km, PROP_MAX_KM);
  if (changed)
    criteria_changed (self);
}

double
ta_filter_get_min_km (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), 0);

  return self->min_km;
}

double
ta_filter_get_max_km (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), 0);

  return self->max_km;
}

void
ta_filter_set_cross_border_only (TaFilter *self,
                                 gboolean  cross_border_only)
{
  g_return_if_fail (TA_IS_FILTER (self));

  set_flag (self, &self->cross_border_only, cross_border_only, PROP_CROSS_BORDER_ONLY);
}

gboolean
ta_filter_get_cross_border_only (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), FALSE);

  return self->cross_border_only;
}
