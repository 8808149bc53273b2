/* ta-filter.h: which links of the atlas to show, count and print
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaFilter is a mutable model for the GUI to bind: every criterion is a
 * property (g_object_bind_property() the panel's widgets to "countries",
 * "from-year", "max-km"…), "changed" is emitted once per change, so the map
 * re-evaluates once, "is-empty" tells the reset button whether to show.
 * Persist it with ta_filter_to_variant() as an a{sv} GSettings value; show
 * it with ta_filter_get_chips() and ta_filter_describe().  Evaluation reads a
 * snapshot of the criteria; use a filter from one thread (the GUI's) and
 * ta_filter_select_links_async() to evaluate it in another.  What each
 * criterion means is written at the top of ta-filter.c.
 */

#pragma once

#include <gio/gio.h>

#include "ta-db.h"

G_BEGIN_DECLS

typedef enum
{
  TA_FILTER_COUNTRIES_TOUCHING_ANY, /* at least one end in the countries */
  TA_FILTER_COUNTRIES_BETWEEN_ONLY, /* both ends in the countries */
} TaFilterCountryMode;

#define TA_TYPE_FILTER_COUNTRY_MODE (ta_filter_country_mode_get_type ())
GType ta_filter_country_mode_get_type (void);

/* Criterion ids: of the chips, of ta_filter_remove_criterion() and of the
 * value lists of ta_filter_get_known_values(). */
#define TA_FILTER_CRITERION_COUNTRIES      "countries"      /* countries and country-mode */
#define TA_FILTER_CRITERION_REGIONS        "regions"
#define TA_FILTER_CRITERION_PROGRAMMES     "programmes"
#define TA_FILTER_CRITERION_FUNDERS        "funders"
#define TA_FILTER_CRITERION_EXCHANGE_KINDS "exchange-kinds"
#define TA_FILTER_CRITERION_LINK_KINDS     "link-kinds"
#define TA_FILTER_CRITERION_STATUSES       "statuses"
#define TA_FILTER_CRITERION_YEARS          "years"          /* from-year and to-year */
#define TA_FILTER_CRITERION_YEAR_AT        "year-at"
#define TA_FILTER_CRITERION_DISTANCE       "distance"       /* min-km and max-km */
#define TA_FILTER_CRITERION_CROSS_BORDER   "cross-border"

#define TA_FILTER_ERROR (ta_filter_error_quark ())

typedef enum
{
  TA_FILTER_ERROR_INVALID,   /* a serialised filter has a value of the wrong type */
} TaFilterError;

/* A removable chip of the filter bar: @id is a TA_FILTER_CRITERION_*. */
typedef struct
{
  char *id;
  char *label;
} TaFilterChip;

void ta_filter_chip_free (TaFilterChip *chip);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaFilterChip, ta_filter_chip_free)

#define TA_TYPE_FILTER (ta_filter_get_type ())
G_DECLARE_FINAL_TYPE (TaFilter, ta_filter, TA, FILTER, GObject)

GQuark              ta_filter_error_quark        (void);

TaFilter           *ta_filter_new                (void);
TaFilter           *ta_filter_copy               (TaFilter            *self);
gboolean            ta_filter_equal              (TaFilter            *a,
                                                  TaFilter            *b);
gboolean            ta_filter_is_empty           (TaFilter            *self);

/* Several changes, one "changed" signal: calls nest. */
void                ta_filter_freeze_changed     (TaFilter            *self);
void                ta_filter_thaw_changed       (TaFilter            *self);

void                ta_filter_reset              (TaFilter            *self);
gboolean            ta_filter_remove_criterion   (TaFilter            *self,
                                                  const char          *criterion);

/* Sets of text: NULL or empty means "no such criterion".  Setters keep a
 * sorted copy without duplicates or empty strings; country and region
 * codes are upper-cased.  Getters return (transfer none) NULL-terminated
 * arrays, never NULL. */
void                ta_filter_set_countries      (TaFilter            *self,
                                                  const char * const  *codes);
const char * const *ta_filter_get_countries      (TaFilter            *self);
void                ta_filter_set_country_mode   (TaFilter            *self,
                                                  TaFilterCountryMode  mode);
TaFilterCountryMode ta_filter_get_country_mode   (TaFilter            *self);
/* ISO 3166-2 codes ("PL-02") or region ids as decimal text ("17"). */
void                ta_filter_set_regions        (TaFilter            *self,
                                                  const char * const  *regions);
const char * const *ta_filter_get_regions        (TaFilter            *self);
/* Programme names or programme ids as decimal text. */
void                ta_filter_set_programmes     (TaFilter            *self,
                                                  const char * const  *programmes);
const char * const *ta_filter_get_programmes     (TaFilter            *self);
void                ta_filter_set_funders        (TaFilter            *self,
                                                  const char * const  *funders);
const char * const *ta_filter_get_funders        (TaFilter            *self);
void                ta_filter_set_exchange_kinds (TaFilter            *self,
                                                  const char * const  *kinds);
const char * const *ta_filter_get_exchange_kinds (TaFilter            *self);
void                ta_filter_set_link_kinds     (TaFilter            *self,
                                                  const char * const  *kinds);
const char * const *ta_filter_get_link_kinds     (TaFilter            *self);
void                ta_filter_set_statuses       (TaFilter            *self,
                                                  const char * const  *statuses);
const char * const *ta_filter_get_statuses       (TaFilter            *self);

/* Years: 0 means "not set". */
void                ta_filter_set_year_range     (TaFilter            *self,
                                                  int                  from_year,
                                                  int                  to_year);
int                 ta_filter_get_from_year      (TaFilter            *self);
int                 ta_filter_get_to_year        (TaFilter            *self);
void                ta_filter_set_unknown_years  (TaFilter            *self,
                                                  gboolean             include);
gboolean            ta_filter_get_unknown_years  (TaFilter            *self);
void                ta_filter_set_year_at        (TaFilter            *self,
                                                  int                  year);
int                 ta_filter_get_year_at        (TaFilter            *self);

/* Distances in km: 0 means "not set". */
void                ta_filter_set_distance_range (TaFilter            *self,
                                                  double               min_km,
                                                  double               max_km);
double              ta_filter_get_min_km         (TaFilter            *self);
double              ta_filter_get_max_km         (TaFilter            *self);
void                ta_filter_set_cross_border_only (TaFilter         *self,
                                                     gboolean          cross_border_only);
gboolean            ta_filter_get_cross_border_only (TaFilter         *self);

/* The values the atlas knows for "exchange-kinds", "link-kinds" and
 * "statuses" (NULL for other criteria), and their translated labels. */
const char * const *ta_filter_get_known_values   (const char          *criterion);
const char         *ta_filter_get_value_label    (const char          *criterion,
                                                  const char          *value);

/* Persistence: an a{sv} with only the criteria that are set. */
GVariant           *ta_filter_to_variant         (TaFilter            *self);
gboolean            ta_filter_set_from_variant   (TaFilter            *self,
                                                  GVariant            *criteria,
                                                  GError             **error);
TaFilter           *ta_filter_new_from_variant   (GVariant            *criteria,
                                                  GError             **error);

/* Words: names come from @db in the user's language (codes without it). */
char               *ta_filter_describe           (TaFilter            *self,
                                                  TaDb                *db);
GPtrArray          *ta_filter_get_chips          (TaFilter            *self,
                                                  TaDb                *db);

/* Evaluation: sorted GArray of gint64 ids. */
GArray             *ta_filter_select_links       (TaFilter            *self,
                                                  TaDb                *db,
                                                  GError             **error);
GArray             *ta_filter_select_towns       (TaFilter            *self,
                                                  TaDb                *db,
                                                  GError             **error);
void                ta_filter_select_links_async (TaFilter            *self,
                                                  TaDb                *db,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GArray             *ta_filter_select_links_finish (TaFilter           *self,
                                                   GAsyncResult       *result,
                                                   GError            **error);

G_END_DECLS
