/* ta-import-plan.h: what an import would change, before it changes it
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-db.h"

G_BEGIN_DECLS

#define TA_IMPORT_ERROR (ta_import_error_quark ())

typedef enum
{
  TA_IMPORT_ERROR_FORMAT,          /* not readable as the format: encoding, syntax, JSON, geometry */
  TA_IMPORT_ERROR_LIMIT,           /* a field, line, column count or file size over the limits */
  TA_IMPORT_ERROR_MISSING_COLUMN,  /* a field the record type needs has no column */
  TA_IMPORT_ERROR_REJECTED,        /* rows were rejected and the plan does not skip them */
  TA_IMPORT_ERROR_AMBIGUOUS,       /* towns wait for the user to decide */
  TA_IMPORT_ERROR_EMPTY,           /* nothing to import */
  TA_IMPORT_ERROR_CONFLICT,        /* a decision or a change of the atlas breaks a row */
  TA_IMPORT_ERROR_FAILED,          /* the plan cannot be committed (read failure, committed before) */
} TaImportError;

typedef enum
{
  TA_IMPORT_RECORD_AUTO = 0,       /* guessed from the file name and the header */
  TA_IMPORT_RECORD_TOWNS,
  TA_IMPORT_RECORD_LINKS,
  TA_IMPORT_RECORD_EXCHANGES,
  TA_IMPORT_RECORD_FUNDING,
  TA_IMPORT_RECORD_EVENTS,
  TA_IMPORT_RECORD_PROGRAMMES,
  TA_IMPORT_RECORD_SOURCES,
} TaImportRecordType;

/* What committing the plan would do, as it stands (decisions included). */
typedef struct
{
  guint files;
  guint rows_read;
  guint rows_rejected;
  guint rows_waiting;        /* rows that name an undecided ambiguous town */
  guint rows_skipped;        /* rows dropped by a "skip" decision */
  guint towns_matched;       /* towns of the atlas the import names */
  guint towns_updated;       /* of those, towns that gain a value they lack */
  guint towns_created;
  guint towns_ambiguous;     /* undecided */
  guint links_added;
  guint links_matched;       /* already in the atlas: they gain the import's source */
  guint links_updated;       /* of those, links whose years change */
  guint exchanges_added;
  guint funding_added;
  guint events_added;
  guint programmes_added;
  guint sources_added;
  guint duplicates;          /* records the atlas or an earlier row already holds */
} TaImportCounts;

/* A row that will not be imported, and why. */
typedef struct
{
  const char *file;          /* as shown to the user */
  guint       line;          /* 1-based; 0 when unknown */
  const char *record;        /* "feature 3", "result 12", or NULL for CSV rows */
  const char *field;         /* column or property, or NULL */
  const char *reason;
} TaImportRejection;

typedef struct
{
  gint64      town_id;       /* in the atlas; 0 for a town this import creates */
  const char *name;
  const char *country;       /* ISO 3166-1 alpha-2, or NULL */
  double      lat;
  double      lon;
  double      distance_km;   /* from the point the file gives; NAN without one */
  const char *wikidata;      /* or NULL */
} TaImportCandidate;

/* Choices for ta_import_plan_resolve() besides a candidate's index. */
#define TA_IMPORT_CHOICE_UNDECIDED (-3)
#define TA_IMPORT_CHOICE_SKIP      (-2)  /* drop the rows that name this town */
#define TA_IMPORT_CHOICE_CREATE    (-1)  /* a new town (the file must give a point) */

/* A town the file names that several towns of the atlas could be. */
typedef struct
{
  const char              *name;
  const char              *country;    /* or NULL */
  gboolean                 has_point;
  double                   lat;
  double                   lon;
  const char              *file;
  guint                    line;       /* where it is first named */
  const char              *field;
  guint                    n_rows;     /* rows that name it */
  guint                    n_candidates;
  const TaImportCandidate *candidates; /* nearest first when the file gives a point */
  int                      choice;     /* a candidate index or TA_IMPORT_CHOICE_* */
} TaImportAmbiguity;

#define TA_TYPE_IMPORT_PLAN (ta_import_plan_get_type ())
G_DECLARE_FINAL_TYPE (TaImportPlan, ta_import_plan, TA, IMPORT_PLAN, GObject)

GQuark                   ta_import_error_quark               (void);

const char              *ta_import_record_type_to_string     (TaImportRecordType  type);
gboolean                 ta_import_record_type_from_string   (const char         *text,
                                                              TaImportRecordType *type);

TaImportPlan            *ta_import_plan_new                  (TaDb               *db);
TaDb                    *ta_import_plan_get_db               (TaImportPlan       *self);

void                     ta_import_plan_get_counts           (TaImportPlan       *self,
                                                              TaImportCounts     *counts);
guint                    ta_import_plan_get_n_rejections     (TaImportPlan       *self);
const TaImportRejection *ta_import_plan_get_rejection        (TaImportPlan       *self,
                                                              guint               index);
/* One line: "“f.csv”, line 3, column “lat”: reason". */
char                    *ta_import_rejection_to_string       (const TaImportRejection *rejection);

guint                    ta_import_plan_get_n_ambiguities    (TaImportPlan       *self);
const TaImportAmbiguity *ta_import_plan_get_ambiguity        (TaImportPlan       *self,
                                                              guint               index);
/* Decides an ambiguous town: a candidate index, TA_IMPORT_CHOICE_CREATE,
 * TA_IMPORT_CHOICE_SKIP or TA_IMPORT_CHOICE_UNDECIDED (to take a decision
 * back).  Fails for CREATE when the file gives no point to place the town. */
gboolean                 ta_import_plan_resolve              (TaImportPlan       *self,
                                                              guint               ambiguity,
                                                              int                 choice,
                                                              GError            **error);

/* Rows rejected keep the plan from being committed unless they are to be
 * skipped (the user has seen them in the preview and agreed). */
void                     ta_import_plan_set_skip_rejected    (TaImportPlan       *self,
                                                              gboolean            skip);
gboolean                 ta_import_plan_get_skip_rejected    (TaImportPlan       *self);

/* Whether commit() would be attempted; @error says why not. */
gboolean                 ta_import_plan_can_commit           (TaImportPlan       *self,
                                                              GError            **error);
/* Writes the whole plan in one transaction with its provenance: all of it
 * or, on any error, nothing.  A plan is committed once. */
gboolean                 ta_import_plan_commit               (TaImportPlan       *self,
                                                              GError            **error);

/* The preview as text (translated), as the command line prints it. */
char                    *ta_import_plan_describe             (TaImportPlan       *self,
                                                              guint               max_listed);

G_END_DECLS
