/* ta-import-plan-state.h: the storage of an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by ta-import-plan.c (reading rows, matching towns) and
 * ta-import-commit.c (counting and writing).  Rows become records that
 * refer to towns by slot: a slot >= 0 is an entry (a town of the atlas or
 * one the plan creates), a slot < 0 is ambiguity -slot - 1, decided by the
 * user.  Counting and committing walk the same records the same way, so
 * the preview says exactly what the commit does.
 */

#pragma once

#include "ta-import-plan-private.h"
#include "ta-iso-codes.h"

G_BEGIN_DECLS

typedef struct
{
  guint       file;
  guint       line;
  const char *record;
} RowPlace;

enum
{
  FILL_WIKIDATA   = 1 << 0,
  FILL_GEONAMES   = 1 << 1,
  FILL_POPULATION = 1 << 2,
  FILL_NATIVE     = 1 << 3,
};

typedef struct
{
  gint64      db_id;          /* 0: created by this import (until committed) */
  const char *name;
  const char *name_native;
  const char *country;
  const char *wikidata;
  gint64      geonames_id;
  gint64      population;     /* -1 when unknown */
  double      lat;
  double      lon;
  guint       fills;          /* FILL_*: values an atlas town gains */
  RowPlace    place;          /* where a new town is first named */
  const char *source;         /* a new town's own source, or NULL: the file's */
} TownEntry;

typedef struct
{
  RowPlace    place;
  int         slot;
  const char *label;
  const char *country;
  const char *wikidata;
  gint64      geonames_id;
  const char *name_native;
  gint64      population;
  gboolean    has_point;
  double      lat;
  double      lon;
  guint       names_first;    /* into names */
  guint       n_names;
  const char *source;
  guint       sources_first;  /* into source_lists */
  guint       n_sources;
} TownRecord;

typedef struct
{
  RowPlace    place;
  int         a;
  int         b;
  const char *kind;
  const char *status;
  const char *note;
  int         start_year;
  int         end_year;
  gboolean    authoritative;
  const char *source;
  guint       sources_first;
  guint       n_sources;
} LinkRecord;

typedef struct
{
  RowPlace    place;
  int         a;
  int         b;              /* TA_IMPORT_SLOT_NONE: an exchange of one town */
  int         year;
  const char *date;
  const char *kind;
  gint64      participants;
  gint64      programme_id;   /* 0: none, or one this import adds (programme_key) */
  const char *programme_key;  /* folded name of a programme this import adds */
  const char *description;
  const char *source;
} ExchangeRecord;

typedef struct
{
  RowPlace    place;
  int         a;
  int         b;
  gint64      amount_minor;
  const char *currency;
  int         year;
  gint64      programme_id;
  const char *programme_key;
  const char *funder;
  const char *purpose;
  const char *source;
} FundingRecord;

typedef struct
{
  RowPlace    place;
  int         a;
  int         b;
  const char *kind;
  const char *date;
  const char *note;
  const char *source;
} EventRecord;

typedef struct
{
  RowPlace      place;
  TaSourceInput source;
  gboolean      in_atlas;
} SourceRecord;

typedef struct
{
  RowPlace          place;
  TaProgrammeInput  programme;
  const char       *key;      /* folded name */
  const char       *source;
  gboolean          in_atlas;
} ProgrammeRecord;

typedef struct
{
  char          *display_name;
  TaSourceInput  source;      /* interned */
  gboolean       may_exist;   /* a shared source (wikidata-live of a day) */
  guint          rows;
} PlanFile;

typedef struct
{
  TaImportAmbiguity  pub;
  GArray            *candidates;        /* TaImportCandidate */
  GArray            *candidate_entries; /* guint */
  const char        *wikidata;
  gint64             geonames_id;
  int                created_entry;     /* TA_IMPORT_CHOICE_CREATE: its entry, else -1 */
  RowPlace           place;
} Ambiguity;

typedef struct
{
  gint64      id;
  int         start_year;
  int         end_year;
  const char *status;
} DbLink;

struct _TaImportPlan
{
  GObject       parent_instance;

  TaDb         *db;
  TaIsoCodes   *iso_codes;
  gboolean      iso_codes_failed;
  GStringChunk *strings;

  GArray       *files;              /* PlanFile */
  GArray       *rejections;         /* TaImportRejection, interned strings */
  GError       *failure;
  gboolean      skip_rejected;
  gboolean      committed;

  /* Towns: the atlas' (loaded on first use) and the new ones. */
  gboolean      index_loaded;
  GArray       *entries;            /* TownEntry */
  guint         n_db_entries;       /* entries[0, n) are the atlas', by id */
  GHashTable   *by_key;             /* folded name → GArray of guint entry */
  GHashTable   *by_qid;             /* QID → entry + 1 */
  GHashTable   *by_geonames;        /* "id" → entry + 1 */
  GHashTable   *key_cache;          /* name as written → folded key */
  GHashTable   *grid;               /* cell → GArray of guint entry, for nearest */
  GHashTable   *db_links;           /* guint64 pair of entries → DbLink index + 1 */
  GArray       *db_link_rows;       /* DbLink */
  GHashTable   *planned_pairs;      /* guint64 pair of entries → 1 */
  GHashTable   *known_sources;      /* id → 1 in the atlas, 2 planned */
  GHashTable   *countries;          /* text → code, or "" when unknown */
  GHashTable   *country_names;      /* folded name in the atlas → code */
  GHashTable   *atlas_countries;    /* code → 1 */
  GHashTable   *programmes;         /* folded name → gint64 id */
  GHashTable   *planned_programmes; /* folded name → 1 */

  GPtrArray    *ambiguities;        /* Ambiguity */
  GHashTable   *ambiguity_index;    /* key → index + 1 */

  GArray       *town_records;
  GArray       *link_records;
  GArray       *exchange_records;
  GArray       *funding_records;
  GArray       *event_records;
  GArray       *source_records;
  GArray       *programme_records;
  GArray       *names;              /* TaImportName */
  GPtrArray    *source_lists;       /* const char *, interned */
};

static inline guint64
pair_key (guint a,
          guint b)
{
  return a < b ? ((guint64) a << 32) | b : ((guint64) b << 32) | a;
}

/* ta-import-plan.c */
gboolean ta_import_plan_load_index   (TaImportPlan *self,
                                      GError      **error);
int      ta_import_plan_resolve_slot (TaImportPlan *self,
                                      int           slot);
void     ta_import_plan_fill_entry   (TaImportPlan *self,
                                      TownEntry    *entry,
                                      guint         entry_index,
                                      const TownRecord *record,
                                      guint        *fills);
guint    ta_import_plan_record_fills (TaImportPlan *self,
                                      guint         entry_index,
                                      const TownRecord *record);

/* Resolved slots: entries, or these. */
#define SLOT_UNDECIDED (-1)
#define SLOT_SKIPPED   (-2)

G_END_DECLS
