/* ta-import-plan-private.h: how the file readers fill an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reader (CSV, GeoJSON, SPARQL results) turns each row into inputs,
 * checks their syntax and hands them to the plan, which matches towns,
 * checks what depends on the atlas and rejects what it cannot import.
 * Strings given to the plan are copied; the plan never writes before
 * ta_import_plan_commit().
 */

#pragma once

#include "ta-import-plan.h"
#include "ta-iso-codes.h"

G_BEGIN_DECLS

/* Same folded name and country this close: the same town (as the dataset
 * builder merges them). */
#define TA_IMPORT_MATCH_KM 25.0
/* Of several such towns, one this close while the others are farther
 * away is the one meant. */
#define TA_IMPORT_NEAR_KM  1.0
/* Closer than this is the same point, as exports write it. */
#define TA_IMPORT_SAME_POINT_KM 0.05

/* "No town" for the optional second town of an exchange or a grant. */
#define TA_IMPORT_SLOT_NONE G_MININT

typedef struct
{
  const char *name;
  const char *lang;           /* or NULL */
} TaImportName;

/* A town as a row gives it.  Only name, country, ids and point are used to
 * find it; the rest describes it (town rows, Wikidata results). */
typedef struct
{
  const char         *name;
  const char         *country;      /* ISO 3166-1 alpha-2, or NULL */
  const char         *wikidata;     /* a valid QID, or NULL */
  gint64              geonames_id;  /* 0 when not given */
  gboolean            has_point;
  double              lat;
  double              lon;
  const char         *name_native;
  gint64              population;   /* -1 when not given */
  const TaImportName *names;        /* other names */
  guint               n_names;
} TaTownInput;

/* Where a row is, and which sources it names. */
typedef struct
{
  guint               file;
  guint               line;
  const char         *record;       /* "feature 3", or NULL */
  const char         *source;       /* an atlas source id, or NULL: the file's own */
  const char * const *sources;      /* more attesting source ids, or NULL */
  const char         *source_field;
  const char         *sources_field;
  gboolean            describes_town; /* a town row: see ta_import_plan_find_town() */
} TaImportRow;

typedef struct
{
  const char *kind;                 /* a link kind, or NULL for "twinning" */
  const char *status;               /* or NULL: "active", "ended" with an end year */
  int         start_year;           /* 0 when not given */
  int         end_year;
  const char *note;
  gboolean    years_authoritative;  /* Wikidata: its years replace the atlas' */
} TaLinkInput;

typedef struct
{
  int         year;
  const char *date;                 /* YYYY-MM-DD or NULL */
  const char *kind;
  gint64      participants;         /* -1 when not given */
  const char *programme;            /* a programme's name, or NULL */
  const char *programme_field;
  const char *description;
} TaExchangeInput;

typedef struct
{
  gint64      amount_minor;
  const char *currency;
  int         year;
  const char *programme;
  const char *programme_field;
  const char *funder;
  const char *purpose;
} TaFundingInput;

typedef struct
{
  const char *kind;
  const char *date;                 /* YYYY, YYYY-MM or YYYY-MM-DD */
  const char *note;
} TaEventInput;

typedef struct
{
  const char *name;
  const char *funder;
  const char *kind;                 /* eu, bilateral, national, regional, local, other */
  int         start_year;           /* 0 when not given */
  int         end_year;
  const char *url;
  const char *note;
} TaProgrammeInput;

typedef struct
{
  const char *id;
  const char *title;
  const char *licence;
  const char *attribution;
  const char *url;
  const char *retrieved;
  const char *note;
} TaSourceInput;

void        ta_town_input_init             (TaTownInput          *input);

/* A file (or a download) read into the plan, with the source row its rows
 * get unless they name their own.  @source NULL: "import:<basename>:<time>",
 * licence "user-supplied". */
guint       ta_import_plan_add_file        (TaImportPlan         *self,
                                            const char           *display_name,
                                            const TaSourceInput  *source);
const char *ta_import_plan_get_file_name   (TaImportPlan         *self,
                                            guint                 file);
void        ta_import_plan_count_row       (TaImportPlan         *self,
                                            guint                 file);
void        ta_import_plan_reject          (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field,
                                            const char           *format,
                                            ...) G_GNUC_PRINTF (4, 5);
/* A file could not be read: the plan keeps what it read for the preview
 * but will not commit. */
void        ta_import_plan_set_failure     (TaImportPlan         *self,
                                            const GError         *error);

/* iso-codes, loaded on first use; NULL when it is not installed. */
TaIsoCodes *ta_import_plan_get_iso_codes   (TaImportPlan         *self);
/* "PL", "pol", "Poland", "Polska" → "PL"; NULL when unknown. */
const char *ta_import_plan_lookup_country  (TaImportPlan         *self,
                                            const char           *text);
/* Rejects the row when it names a source that neither the atlas nor the
 * plan holds. */
gboolean    ta_import_plan_check_sources   (TaImportPlan         *self,
                                            const TaImportRow    *row);

/* Finds the town a row names (see ta-import-plan.c for the rules), or
 * plans a new one; rejects the row (naming @field) when it can be neither. */
gboolean    ta_import_plan_find_town       (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field,
                                            const TaTownInput    *input,
                                            int                  *slot);
/* A row that describes the town at @slot: fills what the town lacks and
 * records the row's source as attesting it. */
void        ta_import_plan_add_town        (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            int                   slot,
                                            const TaTownInput    *input);
gboolean    ta_import_plan_add_link        (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field_b,
                                            int                   slot_a,
                                            int                   slot_b,
                                            const TaLinkInput    *link);
gboolean    ta_import_plan_add_exchange    (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field_b,
                                            int                   slot_a,
                                            int                   slot_b,
                                            const TaExchangeInput *exchange);
gboolean    ta_import_plan_add_funding     (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field_b,
                                            int                   slot_a,
                                            int                   slot_b,
                                            const TaFundingInput *funding);
gboolean    ta_import_plan_add_event       (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const char           *field_b,
                                            int                   slot_a,
                                            int                   slot_b,
                                            const TaEventInput   *event);
void        ta_import_plan_add_source      (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const TaSourceInput  *source);
void        ta_import_plan_add_programme   (TaImportPlan         *self,
                                            const TaImportRow    *row,
                                            const TaProgrammeInput *programme);

/* The town of the atlas or the plan nearest to a point, within @max_km:
 * fills @town with what finds it again (name, country, ids, point). */
gboolean    ta_import_plan_nearest_town    (TaImportPlan         *self,
                                            double                lat,
                                            double                lon,
                                            double                max_km,
                                            TaTownInput          *town,
                                            double               *distance_km);

G_END_DECLS
