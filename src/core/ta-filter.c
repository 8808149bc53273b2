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

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ta-filter.h"
#include "ta-filter-private.h"
#include "ta-search.h"

#define MAX_YEAR 9999
#define MAX_KM   40075.0
#define MAX_IDLE_WORKER_CONNECTIONS 2

struct _TaFilter
{
  GObject              parent_instance;

  /* Criteria; string sets are sorted, never NULL */
  char               **countries;
  TaFilterCountryMode  country_mode;
  char               **regions;
  char               **programmes;
  char               **funders;
  char               **exchange_kinds;
  char               **link_kinds;
  char               **statuses;
  int                  from_year;
  int                  to_year;
  gboolean             unknown_years;
  int                  year_at;
  double               min_km;
  double               max_km;
  gboolean             cross_border_only;

  /* Change bookkeeping */
  guint                freeze_count;
  gboolean             changed_pending;
  gboolean             was_empty;
};

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

/* The string-set criteria, handled alike: property, a{sv} key, chip. */
typedef struct
{
  const char *key;         /* property name and a{sv} key */
  const char *criterion;   /* TA_FILTER_CRITERION_* */
  gsize       offset;
  gboolean    upper;       /* codes: compared upper-cased */
  int         prop;
} SetField;

static const SetField set_fields[] = {
  { "countries", TA_FILTER_CRITERION_COUNTRIES, G_STRUCT_OFFSET (TaFilter, countries), TRUE, PROP_COUNTRIES },
  { "regions", TA_FILTER_CRITERION_REGIONS, G_STRUCT_OFFSET (TaFilter, regions), TRUE, PROP_REGIONS },
  { "programmes", TA_FILTER_CRITERION_PROGRAMMES, G_STRUCT_OFFSET (TaFilter, programmes), FALSE, PROP_PROGRAMMES },
  { "funders", TA_FILTER_CRITERION_FUNDERS, G_STRUCT_OFFSET (TaFilter, funders), FALSE, PROP_FUNDERS },
  { "exchange-kinds", TA_FILTER_CRITERION_EXCHANGE_KINDS, G_STRUCT_OFFSET (TaFilter, exchange_kinds), FALSE, PROP_EXCHANGE_KINDS },
  { "link-kinds", TA_FILTER_CRITERION_LINK_KINDS, G_STRUCT_OFFSET (TaFilter, link_kinds), FALSE, PROP_LINK_KINDS },
  { "statuses", TA_FILTER_CRITERION_STATUSES, G_STRUCT_OFFSET (TaFilter, statuses), FALSE, PROP_STATUSES },
};

#define SET_SLOT(self, field) ((char ***) G_STRUCT_MEMBER_P ((self), (field)->offset))

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

void
ta_filter_chip_free (TaFilterChip *chip)
{
  if (chip == NULL)
    return;

  g_free (chip->id);
  g_free (chip->label);
  g_free (chip);
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
  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    if ((*SET_SLOT (self, &set_fields[i]))[0] != NULL)
      return FALSE;

  return self->from_year == 0 && self->to_year == 0 && self->year_at == 0 &&
         self->min_km == 0 && self->max_km == 0 && !self->cross_border_only;
}

static void
emit_changed_now (TaFilter *self)
{
  gboolean empty = is_empty (self);

  if (empty != self->was_empty)
    {
      self->was_empty = empty;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_EMPTY]);
    }

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

static void
set_strv (TaFilter           *self,
          const SetField     *field,
          const char * const *values)
{
  g_auto(GStrv) normal = normalize_set (values, field->upper);
  char ***slot = SET_SLOT (self, field);

  if (g_strv_equal ((const char * const *) *slot, (const char * const *) normal))
    return;

  g_strfreev (*slot);
  *slot = g_steal_pointer (&normal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field->prop]);
  criteria_changed (self);
}

static const SetField *
find_set_field (int prop)
{
  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    if (set_fields[i].prop == prop)
      return &set_fields[i];

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

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    g_strfreev (*SET_SLOT (self, &set_fields[i]));

  G_OBJECT_CLASS (ta_filter_parent_class)->finalize (object);
}

static void
ta_filter_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaFilter *self = TA_FILTER (object);
  const SetField *field = find_set_field ((int) prop_id);

  if (field != NULL)
    {
      g_value_set_boxed (value, *SET_SLOT (self, field));
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
  const SetField *field = find_set_field ((int) prop_id);

  if (field != NULL)
    {
      set_strv (self, field, g_value_get_boxed (value));
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

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    properties[set_fields[i].prop] =
      g_param_spec_boxed (set_fields[i].key, NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_COUNTRY_MODE] =
    g_param_spec_enum ("country-mode", NULL, NULL,
                       TA_TYPE_FILTER_COUNTRY_MODE, TA_FILTER_COUNTRIES_TOUCHING_ANY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FROM_YEAR] =
    g_param_spec_int ("from-year", NULL, NULL, 0, MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO_YEAR] =
    g_param_spec_int ("to-year", NULL, NULL, 0, MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNKNOWN_YEARS] =
    g_param_spec_boolean ("unknown-years", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEAR_AT] =
    g_param_spec_int ("year-at", NULL, NULL, 0, MAX_YEAR, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_KM] =
    g_param_spec_double ("min-km", NULL, NULL, 0, MAX_KM, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_KM] =
    g_param_spec_double ("max-km", NULL, NULL, 0, MAX_KM, 0,
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
  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    *SET_SLOT (self, &set_fields[i]) = empty_strv ();

  self->country_mode = TA_FILTER_COUNTRIES_TOUCHING_ANY;
  self->was_empty = TRUE;
}

/* Public API: the model */

TaFilter *
ta_filter_new (void)
{
  return g_object_new (TA_TYPE_FILTER, NULL);
}

/* Makes @self's criteria those of @other, with one "changed" at most. */
static void
assign (TaFilter *self,
        TaFilter *other)
{
  ta_filter_freeze_changed (self);
  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    set_strv (self, &set_fields[i], (const char * const *) *SET_SLOT (other, &set_fields[i]));
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
  assign (copy, self);
  return copy;
}

gboolean
ta_filter_equal (TaFilter *a,
                 TaFilter *b)
{
  g_return_val_if_fail (TA_IS_FILTER (a), FALSE);
  g_return_val_if_fail (TA_IS_FILTER (b), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    if (!g_strv_equal ((const char * const *) *SET_SLOT (a, &set_fields[i]),
                       (const char * const *) *SET_SLOT (b, &set_fields[i])))
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
      gboolean empty = is_empty (self);

      self->changed_pending = FALSE;
      if (empty != self->was_empty)
        {
          self->was_empty = empty;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_EMPTY]);
        }
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

  assign (self, empty);
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

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    if (strcmp (criterion, set_fields[i].criterion) == 0)
      {
        set_strv (self, &set_fields[i], NULL);
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

#define DEFINE_SET_ACCESSORS(name, index)                                   \
  void                                                                      \
  ta_filter_set_##name (TaFilter           *self,                           \
                        const char * const *values)                         \
  {                                                                         \
    g_return_if_fail (TA_IS_FILTER (self));                                 \
    set_strv (self, &set_fields[index], values);                            \
  }                                                                         \
                                                                            \
  const char * const *                                                      \
  ta_filter_get_##name (TaFilter *self)                                     \
  {                                                                         \
    g_return_val_if_fail (TA_IS_FILTER (self), NULL);                       \
    return (const char * const *) *SET_SLOT (self, &set_fields[index]);     \
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
  g_return_if_fail (from_year >= 0 && from_year <= MAX_YEAR);
  g_return_if_fail (to_year >= 0 && to_year <= MAX_YEAR);

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

  include = !!include;
  if (self->unknown_years == include)
    return;

  self->unknown_years = include;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNKNOWN_YEARS]);
  criteria_changed (self);
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
  g_return_if_fail (year >= 0 && year <= MAX_YEAR);

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
  g_return_if_fail (min_km >= 0 && min_km <= MAX_KM);
  g_return_if_fail (max_km >= 0 && max_km <= MAX_KM);

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

  cross_border_only = !!cross_border_only;
  if (self->cross_border_only == cross_border_only)
    return;

  self->cross_border_only = cross_border_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROSS_BORDER_ONLY]);
  criteria_changed (self);
}

gboolean
ta_filter_get_cross_border_only (TaFilter *self)
{
  g_return_val_if_fail (TA_IS_FILTER (self), FALSE);

  return self->cross_border_only;
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

/* Persistence */

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

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    {
      const char * const *values = (const char * const *) *SET_SLOT (self, &set_fields[i]);

      if (values[0] != NULL)
        g_variant_builder_add (&builder, "{sv}", set_fields[i].key, g_variant_new_strv (values, -1));
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
  if (year < 0 || year > MAX_YEAR)
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
  if (!(km >= 0 && km <= MAX_KM))
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

  for (guint i = 0; i < G_N_ELEMENTS (set_fields); i++)
    {
      g_autoptr(GVariant) value = NULL;
      g_autofree const char **values = NULL;

      if (!lookup_typed (criteria, set_fields[i].key, G_VARIANT_TYPE_STRING_ARRAY, &value, error))
        return FALSE;
      if (value == NULL)
        continue;

      values = g_variant_get_strv (value, NULL);
      set_strv (parsed, &set_fields[i], values);
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

  assign (self, parsed);
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

/* Words */

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

/* Programmes by name, then funders. */
static char *
join_money_names (TaFilter *self,
                  TaDb     *db)
{
  g_autoptr(GPtrArray) names =
    lookup_names (db, "SELECT name FROM programme WHERE name = ?1"
                      " OR CAST (id AS TEXT) = ?1",
                  (const char * const *) self->programmes);

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
      g_autoptr(GPtrArray) names =
        lookup_names (db, "SELECT name FROM programme WHERE name = ?1"
                          " OR CAST (id AS TEXT) = ?1",
                      (const char * const *) self->programmes);
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

/* The query */

struct _TaFilterQuery
{
  char      *with;
  char      *ctes;       /* "WITH …, " before the selection; NULL: whole atlas */
  gboolean   materialized;
  char      *exchange_condition;
  char      *funding_condition;
  GPtrArray *names;    /* ":param" */
  GPtrArray *values;   /* GVariant: s, i or d */
};

void
ta_filter_query_free (TaFilterQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->with);
  g_free (query->ctes);
  g_free (query->exchange_condition);
  g_free (query->funding_condition);
  g_ptr_array_unref (query->names);
  g_ptr_array_unref (query->values);
  g_free (query);
}

static void
add_param (TaFilterQuery *query,
           const char    *name,
           GVariant      *value)
{
  g_ptr_array_add (query->names, g_strdup (name));
  g_ptr_array_add (query->values, g_variant_ref_sink (value));
}

/* A set is bound, never written into the SQL: up to four values as
 * parameters :name_0…, more as one JSON array text read by json_each(). */
#define MAX_SET_PARAMS 4

typedef struct
{
  const char *name;
  guint       n_values;
} BoundSet;

static BoundSet
bind_set (TaFilterQuery      *query,
          const char         *name,
          const char * const *values)
{
  BoundSet set = { name, g_strv_length ((char **) values) };
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (set.n_values <= MAX_SET_PARAMS)
    {
      for (guint i = 0; i < set.n_values; i++)
        {
          g_autofree char *param = g_strdup_printf ("%s_%u", name, i);

          add_param (query, param, g_variant_new_string (values[i]));
        }
      return set;
    }

  array = json_array_new ();
  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  add_param (query, name, g_variant_new_take_string (json_to_string (node, FALSE)));

  return set;
}

/* "@column IN (:name_0, …)" or "@column IN (SELECT value FROM json_each (:name))" */
static char *
set_test (BoundSet    set,
          const char *column)
{
  GString *test;

  if (set.n_values > MAX_SET_PARAMS)
    return g_strdup_printf ("%s IN (SELECT value FROM json_each (%s))", column, set.name);

  test = g_string_new (NULL);
  g_string_append_printf (test, "%s IN (", column);
  for (guint i = 0; i < set.n_values; i++)
    g_string_append_printf (test, "%s%s_%u", i > 0 ? ", " : "", set.name, i);
  g_string_append_c (test, ')');

  return g_string_free (test, FALSE);
}

/* Rows named by a set of names (or codes) or of ids in decimal text. */
static char *
name_or_id (BoundSet    set,
            const char *column)
{
  g_autofree char *by_name = set_test (set, column);
  g_autofree char *by_id = set_test (set, "CAST (id AS TEXT)");

  return g_strdup_printf ("(%s OR %s)", by_name, by_id);
}

/* "One end here, or the other": the query becomes two index searches,
 * "first" and "second but not first", joined by UNION ALL, which SQLite
 * runs much faster than one search with OR (no duplicates to weed out). */
typedef struct
{
  char *first;
  char *second;
  char *not_first;   /* exactly NOT first, NULLs included */
} Either;

static void
either_clear (Either *either)
{
  g_clear_pointer (&either->first, g_free);
  g_clear_pointer (&either->second, g_free);
  g_clear_pointer (&either->not_first, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Either, either_clear)

/* Countries are compared on link's own copies (schema version 2), so a
 * country criterion reads only its part of a link_filter index; regions
 * pick towns first and reach their links through the town_a and town_b
 * indexes. */
static void
add_places (TaFilter      *filter,
            TaFilterQuery *query,
            GPtrArray     *ctes,
            GPtrArray     *where,
            Either        *either)
{
  BoundSet countries = { NULL, 0 };

  if (filter->countries[0] != NULL)
    countries = bind_set (query, ":countries", (const char * const *) filter->countries);

  if (filter->regions[0] != NULL)
    {
      BoundSet regions = bind_set (query, ":regions", (const char * const *) filter->regions);
      g_autofree char *which = name_or_id (regions, "iso_code");

      g_ptr_array_add (ctes, g_strdup_printf ("region_town(id) AS (SELECT id FROM town"
                                              " WHERE region_id IN (SELECT id FROM region WHERE %s))", which));
      if (countries.n_values > 0)
        {
          g_autofree char *country_a = set_test (countries, "l.country_a");
          g_autofree char *country_b = set_test (countries, "l.country_b");

          either->first = g_strdup_printf ("l.town_a IN (SELECT id FROM region_town) AND %s", country_b);
          either->second = g_strdup_printf ("l.town_b IN (SELECT id FROM region_town) AND %s", country_a);
          either->not_first = g_strdup_printf ("(l.town_a NOT IN (SELECT id FROM region_town)"
                                               " OR l.country_b IS NULL OR NOT %s)", country_b);
        }
      else
        {
          either->first = g_strdup ("l.town_a IN (SELECT id FROM region_town)");
          either->second = g_strdup ("l.town_b IN (SELECT id FROM region_town)");
          either->not_first = g_strdup ("l.town_a NOT IN (SELECT id FROM region_town)");
        }
    }
  else if (countries.n_values > 0)
    {
      g_autofree char *country_a = set_test (countries, "l.country_a");
      g_autofree char *country_b = set_test (countries, "l.country_b");

      if (filter->country_mode == TA_FILTER_COUNTRIES_BETWEEN_ONLY)
        g_ptr_array_add (where, g_strdup_printf ("%s AND %s", country_a, country_b));
      else
        {
          either->first = g_strdup (country_a);
          either->second = g_strdup (country_b);
          either->not_first = g_strdup_printf ("(l.country_a IS NULL OR NOT %s)", country_a);
        }
    }

  if (filter->cross_border_only)
    g_ptr_array_add (where, g_strdup ("l.country_a <> l.country_b"));
}

/* Programmes, funders and exchange kinds: which records count, and the
 * links that have one. */
static void
add_records (TaFilter      *filter,
             TaFilterQuery *query,
             GPtrArray     *ctes,
             GPtrArray     *where)
{
  g_autofree char *exchange_match = NULL;
  g_autofree char *funding_match = NULL;
  BoundSet funders = { NULL, 0 };

  if (filter->funders[0] != NULL)
    funders = bind_set (query, ":funders", (const char * const *) filter->funders);

  if (filter->programmes[0] != NULL || funders.n_values > 0)
    {
      g_autoptr(GPtrArray) which = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *condition = NULL;

      if (filter->programmes[0] != NULL)
        g_ptr_array_add (which, name_or_id (bind_set (query, ":programmes",
                                                      (const char * const *) filter->programmes),
                                            "name"));
      if (funders.n_values > 0)
        g_ptr_array_add (which, set_test (funders, "funder"));
      g_ptr_array_add (which, NULL);
      condition = g_strjoinv (" OR ", (char **) which->pdata);
      g_ptr_array_add (ctes, g_strdup_printf ("chosen_programme(id) AS (SELECT id FROM programme WHERE %s)",
                                              condition));

      exchange_match = g_strdup ("e.programme_id IN (SELECT id FROM chosen_programme)");
      if (funders.n_values > 0)
        {
          g_autofree char *named = set_test (funders, "f.funder");

          funding_match = g_strdup_printf ("(f.programme_id IN (SELECT id FROM chosen_programme) OR %s)", named);
        }
      else
        funding_match = g_strdup ("f.programme_id IN (SELECT id FROM chosen_programme)");
    }

  if (filter->exchange_kinds[0] != NULL)
    {
      BoundSet kinds = bind_set (query, ":exchange_kinds", (const char * const *) filter->exchange_kinds);
      g_autofree char *kind_test = set_test (kinds, "e.kind");
      char *both = g_strdup_printf ("%s%s%s", kind_test,
                                    exchange_match ? " AND " : "", exchange_match ? exchange_match : "");

      g_free (exchange_match);
      exchange_match = both;
      g_ptr_array_add (where, g_strdup_printf ("l.id IN (SELECT e.link_id FROM exchange e WHERE %s)",
                                               exchange_match));
    }
  else if (exchange_match != NULL)
    g_ptr_array_add (where, g_strdup_printf ("l.id IN (SELECT e.link_id FROM exchange e WHERE %s"
                                             " UNION ALL SELECT f.link_id FROM funding f WHERE %s)",
                                             exchange_match, funding_match));

  query->exchange_condition =
    g_strdup_printf ("e.link_id IN (SELECT id FROM selected_link)%s%s",
                     exchange_match ? " AND " : "", exchange_match ? exchange_match : "");
  query->funding_condition =
    g_strdup_printf ("f.link_id IN (SELECT id FROM selected_link)%s%s",
                     funding_match ? " AND " : "", funding_match ? funding_match : "");
}

static void
add_link_columns (TaFilter      *filter,
                  TaFilterQuery *query,
                  GPtrArray     *where)
{
  const char *or_unknown = filter->unknown_years ? " OR l.start_year IS NULL" : "";

  if (filter->link_kinds[0] != NULL)
    g_ptr_array_add (where, set_test (bind_set (query, ":link_kinds", (const char * const *) filter->link_kinds),
                                      "l.kind"));
  if (filter->statuses[0] != NULL)
    g_ptr_array_add (where, set_test (bind_set (query, ":statuses", (const char * const *) filter->statuses),
                                      "l.status"));

  if (filter->from_year != 0)
    add_param (query, ":from_year", g_variant_new_int32 (filter->from_year));
  if (filter->to_year != 0)
    add_param (query, ":to_year", g_variant_new_int32 (filter->to_year));
  if (filter->from_year != 0 && filter->to_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year BETWEEN :from_year AND :to_year%s)", or_unknown));
  else if (filter->from_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year >= :from_year%s)", or_unknown));
  else if (filter->to_year != 0)
    g_ptr_array_add (where, g_strdup_printf ("(l.start_year <= :to_year%s)", or_unknown));

  if (filter->year_at != 0)
    {
      add_param (query, ":year_at", g_variant_new_int32 (filter->year_at));
      g_ptr_array_add (where, g_strdup_printf ("(l.start_year <= :year_at%s)"
                                               " AND (l.end_year IS NULL OR l.end_year >= :year_at)",
                                               or_unknown));
    }

  if (filter->min_km != 0)
    {
      add_param (query, ":min_km", g_variant_new_double (filter->min_km));
      g_ptr_array_add (where, g_strdup ("l.distance_km >= :min_km"));
    }
  if (filter->max_km != 0)
    {
      add_param (query, ":max_km", g_variant_new_double (filter->max_km));
      g_ptr_array_add (where, g_strdup ("l.distance_km <= :max_km"));
    }
}

#define SELECTED_TOWN                                                                  \
  " selected_town(id) AS (SELECT l.town_a FROM link l"                                 \
  "  WHERE l.id IN (SELECT id FROM selected_link)"                                     \
  "  UNION SELECT l.town_b FROM link l WHERE l.id IN (SELECT id FROM selected_link))"

/**
 * ta_filter_query_new:
 * @filter: (nullable): the filter, or %NULL for the whole atlas
 *
 * Returns: (transfer full): the filter's SQL and parameters
 */
TaFilterQuery *
ta_filter_query_new (TaFilter *filter)
{
  TaFilterQuery *query = g_new0 (TaFilterQuery, 1);
  g_autoptr(GPtrArray) ctes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *condition = NULL;
  g_auto(Either) either = { NULL, NULL, NULL };
  GString *with = g_string_new ("WITH ");

  query->names = g_ptr_array_new_with_free_func (g_free);
  query->values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  if (filter == NULL)
    {
      query->with = g_strdup ("WITH selected_link(id) AS (SELECT id FROM link),"
                              " selected_town(id) AS (SELECT id FROM town)");
      query->exchange_condition = g_strdup ("1");
      query->funding_condition = g_strdup ("1");
      g_string_free (with, TRUE);
      return query;
    }

  g_return_val_if_fail (TA_IS_FILTER (filter), query);

  add_places (filter, query, ctes, where, &either);
  add_records (filter, query, ctes, where);
  add_link_columns (filter, query, where);

  for (guint i = 0; i < ctes->len; i++)
    g_string_append_printf (with, "%s, ", (const char *) g_ptr_array_index (ctes, i));
  query->ctes = g_strdup (with->str);

  g_ptr_array_add (where, NULL);
  condition = where->len > 1 ? g_strjoinv (" AND ", (char **) where->pdata) : g_strdup ("1");
  if (either.first != NULL)
    g_string_append_printf (with,
                            "selected_link(id) AS (SELECT l.id FROM link l WHERE %s AND %s"
                            " UNION ALL SELECT l.id FROM link l WHERE %s AND %s AND %s),",
                            either.first, condition, either.second, either.not_first, condition);
  else
    g_string_append_printf (with, "selected_link(id) AS (SELECT l.id FROM link l WHERE %s),", condition);
  g_string_append (with, SELECTED_TOWN);
  query->with = g_string_free (with, FALSE);

  return query;
}

static gboolean
insert_selection (TaFilterQuery  *query,
                  TaDb           *db,
                  const char     *insert,
                  GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, insert, error);

  return stmt != NULL && ta_db_step_done (db, stmt, error);
}

/**
 * ta_filter_query_materialize:
 *
 * Evaluates the selection once into the temporary tables
 * temp.ta_selected_link and temp.ta_selected_town, which the query's later
 * statements read instead of running the filter again: for the many
 * counts of one statistics summary.  Works on read-only connections too.
 * Undo with ta_filter_query_drop_materialized().
 */
gboolean
ta_filter_query_materialize (TaFilterQuery  *query,
                             TaDb           *db,
                             GError        **error)
{
  if (query->ctes == NULL || query->materialized)
    return TRUE;

  if (!ta_db_exec (db,
                   "DROP TABLE IF EXISTS temp.ta_selected_link;"
                   "DROP TABLE IF EXISTS temp.ta_selected_town;"
                   "CREATE TEMP TABLE ta_selected_link (id INTEGER PRIMARY KEY);"
                   "CREATE TEMP TABLE ta_selected_town (id INTEGER PRIMARY KEY);", error))
    return FALSE;
  query->materialized = TRUE;

  if (!insert_selection (query, db, "INSERT INTO temp.ta_selected_link (id) SELECT id FROM selected_link", error))
    return FALSE;

  g_free (query->with);
  query->with = g_strconcat (query->ctes, "selected_link(id) AS (SELECT id FROM temp.ta_selected_link),",
                             SELECTED_TOWN, NULL);
  if (!insert_selection (query, db, "INSERT INTO temp.ta_selected_town (id) SELECT id FROM selected_town", error))
    return FALSE;

  g_free (query->with);
  query->with = g_strconcat (query->ctes, "selected_link(id) AS (SELECT id FROM temp.ta_selected_link),"
                             " selected_town(id) AS (SELECT id FROM temp.ta_selected_town)", NULL);
  return TRUE;
}

void
ta_filter_query_drop_materialized (TaFilterQuery *query,
                                   TaDb          *db)
{
  if (!query->materialized)
    return;

  ta_db_exec (db, "DROP TABLE IF EXISTS temp.ta_selected_link;"
                  "DROP TABLE IF EXISTS temp.ta_selected_town;", NULL);
  query->materialized = FALSE;
}

const char *
ta_filter_query_get_with (TaFilterQuery *query)
{
  return query->with;
}

const char *
ta_filter_query_get_exchange_condition (TaFilterQuery *query)
{
  return query->exchange_condition;
}

const char *
ta_filter_query_get_funding_condition (TaFilterQuery *query)
{
  return query->funding_condition;
}

gboolean
ta_filter_query_bind (TaFilterQuery  *query,
                      TaDb           *db,
                      sqlite3_stmt   *stmt,
                      GError        **error)
{
  for (guint i = 0; i < query->names->len; i++)
    {
      GVariant *value = g_ptr_array_index (query->values, i);
      int index = sqlite3_bind_parameter_index (stmt, g_ptr_array_index (query->names, i));
      int rc;

      if (index == 0)
        continue;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        rc = sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        rc = sqlite3_bind_int (stmt, index, g_variant_get_int32 (value));
      else
        rc = sqlite3_bind_double (stmt, index, g_variant_get_double (value));

      if (rc != SQLITE_OK)
        {
          ta_db_set_error_from_sqlite (db, error, _("Could not apply the filter"));
          return FALSE;
        }
    }

  return TRUE;
}

sqlite3_stmt *
ta_filter_query_prepare (TaFilterQuery  *query,
                         TaDb           *db,
                         const char     *select,
                         GError        **error)
{
  g_autofree char *sql = g_strconcat (query->with, " ", select, NULL);
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);

  g_debug ("Filter query: %s", sql);

  if (stmt == NULL || !ta_filter_query_bind (query, db, stmt, error))
    return NULL;

  return g_steal_pointer (&stmt);
}

/* Evaluation */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The query has no ORDER BY, so that SQLite may read the ids from whichever
 * index answers fastest; ids are unique and mostly dense, so a bitmap puts
 * them in order in linear time. */
static void
sort_ids (GArray *ids)
{
  gint64 *values = (gint64 *) (gpointer) ids->data;
  gint64 min, max;
  gboolean sorted = TRUE;
  guint64 span;

  if (ids->len < 2)
    return;

  min = max = values[0];
  for (guint i = 1; i < ids->len; i++)
    {
      sorted &= values[i] > values[i - 1];
      min = MIN (min, values[i]);
      max = MAX (max, values[i]);
    }
  if (sorted)
    return;

  /* Unsigned arithmetic: no overflow whatever the ids. */
  span = (guint64) max - (guint64) min;
  if (span / 64 < ids->len)
    {
      g_autofree guint64 *bits = g_new0 (guint64, span / 64 + 1);
      guint n = 0;

      for (guint i = 0; i < ids->len; i++)
        {
          guint64 offset = (guint64) values[i] - (guint64) min;

          bits[offset / 64] |= G_GUINT64_CONSTANT (1) << (offset % 64);
        }
      for (guint64 word = 0; word <= span / 64; word++)
        for (guint64 w = bits[word]; w != 0; w &= w - 1)
          values[n++] = (gint64) ((guint64) min + word * 64 + (guint64) __builtin_ctzll (w));
      g_array_set_size (ids, n);
    }
  else
    g_array_sort (ids, compare_ids);
}

static GArray *
run_id_query (TaFilterQuery  *query,
              TaDb           *db,
              const char     *select,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = ta_filter_query_prepare (query, db, select, error);
  g_autoptr(GArray) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not apply the filter"));
      return NULL;
    }

  sort_ids (ids);
  return g_steal_pointer (&ids);
}

/**
 * ta_filter_select_links:
 *
 * Runs the filter as one statement on @db, in the calling thread.
 *
 * Returns: (transfer full) (element-type gint64): the ids of the selected
 *   links in ascending order, or %NULL on error
 */
GArray *
ta_filter_select_links (TaFilter  *self,
                        TaDb      *db,
                        GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  query = ta_filter_query_new (self);
  return run_id_query (query, db, "SELECT id FROM selected_link", error);
}

/**
 * ta_filter_select_towns:
 *
 * Returns: (transfer full) (element-type gint64): the ids of the towns at
 *   either end of a selected link, ascending, or %NULL on error
 */
GArray *
ta_filter_select_towns (TaFilter  *self,
                        TaDb      *db,
                        GError   **error)
{
  g_autoptr(TaFilterQuery) query = NULL;

  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  query = ta_filter_query_new (self);
  return run_id_query (query, db, "SELECT id FROM selected_town", error);
}

/* Worker connections: a sqlite3 handle is used by one thread at a time, so
 * every evaluation in a worker takes a read-only connection of its own from
 * the pool of the main TaDb (opening one the first time: ta_db_open checks
 * the whole file, too slow to repeat per filter change) and gives it back. */
typedef struct
{
  char      *path;
  GMutex     lock;
  GPtrArray *idle;
} WorkerPool;

static void
worker_pool_clear (WorkerPool *pool)
{
  g_free (pool->path);
  g_mutex_clear (&pool->lock);
  g_ptr_array_unref (pool->idle);
}

static void
worker_pool_release (WorkerPool *pool)
{
  g_atomic_rc_box_release_full (pool, (GDestroyNotify) worker_pool_clear);
}

static GQuark
worker_pool_quark (void)
{
  return g_quark_from_static_string ("ta-filter-worker-pool");
}

/* Main thread only: the pool hangs on @db and dies with it. */
static WorkerPool *
worker_pool_acquire_for (TaDb *db)
{
  WorkerPool *pool = g_object_get_qdata (G_OBJECT (db), worker_pool_quark ());

  if (pool == NULL)
    {
      pool = g_atomic_rc_box_new0 (WorkerPool);
      pool->path = g_strdup (ta_db_get_path (db));
      g_mutex_init (&pool->lock);
      pool->idle = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_qdata_full (G_OBJECT (db), worker_pool_quark (), pool,
                               (GDestroyNotify) worker_pool_release);
    }

  return g_atomic_rc_box_acquire (pool);
}

static TaDb *
worker_pool_take (WorkerPool  *pool,
                  GError     **error)
{
  TaDb *db = NULL;

  g_mutex_lock (&pool->lock);
  if (pool->idle->len > 0)
    db = g_ptr_array_steal_index_fast (pool->idle, pool->idle->len - 1);
  g_mutex_unlock (&pool->lock);

  if (db == NULL)
    db = ta_db_open (pool->path, TA_DB_OPEN_READ_ONLY, error);

  return db;
}

static void
worker_pool_give_back (WorkerPool *pool,
                       TaDb       *db)
{
  g_mutex_lock (&pool->lock);
  if (pool->idle->len < MAX_IDLE_WORKER_CONNECTIONS)
    g_ptr_array_add (pool->idle, g_steal_pointer (&db));
  g_mutex_unlock (&pool->lock);

  g_clear_object (&db);
}

typedef struct
{
  TaFilterQuery *query;
  WorkerPool    *pool;
} SelectData;

static void
select_data_free (SelectData *data)
{
  ta_filter_query_free (data->query);
  worker_pool_release (data->pool);
  g_free (data);
}

static int
progress_cancelled_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
select_links_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SelectData *data = task_data;
  g_autoptr(GError) error = NULL;
  GArray *ids;
  TaDb *db;

  if (g_task_return_error_if_cancelled (task))
    return;

  db = worker_pool_take (data->pool, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (ta_db_get_handle (db), 1000, progress_cancelled_cb, cancellable);
  ids = run_id_query (data->query, db, "SELECT id FROM selected_link", &error);
  sqlite3_progress_handler (ta_db_get_handle (db), 0, NULL, NULL);
  worker_pool_give_back (data->pool, db);

  if (g_task_return_error_if_cancelled (task))
    g_clear_pointer (&ids, g_array_unref);
  else if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

/**
 * ta_filter_select_links_async:
 * @db: a database opened from a file (not ta_db_open_memory())
 *
 * Like ta_filter_select_links(), in a worker thread: the criteria are
 * taken now (later changes of @self do not affect this evaluation) and run
 * on a read-only connection of the worker's own to the file of @db, so the
 * main thread only builds the SQL.  Writes of @db not yet committed are not
 * seen.  Cancelling interrupts the query.
 */
void
ta_filter_select_links_async (TaFilter            *self,
                              TaDb                *db,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SelectData *data;

  g_return_if_fail (TA_IS_FILTER (self));
  g_return_if_fail (TA_IS_DB (db));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ta_filter_select_links_async);

  if (g_strcmp0 (ta_db_get_path (db), ":memory:") == 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("An atlas in memory cannot be filtered in another thread"));
      return;
    }

  data = g_new0 (SelectData, 1);
  data->query = ta_filter_query_new (self);
  data->pool = worker_pool_acquire_for (db);
  g_task_set_task_data (task, data, (GDestroyNotify) select_data_free);
  g_task_run_in_thread (task, select_links_thread);
}

/**
 * ta_filter_select_links_finish:
 *
 * Returns: (transfer full) (element-type gint64): as ta_filter_select_links()
 */
GArray *
ta_filter_select_links_finish (TaFilter      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (TA_IS_FILTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
