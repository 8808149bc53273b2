/* ta-town-merger.h: one town per place, one link per pair, across sources
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Same folded name, same country, this close: the same town. */
#define TA_TOWN_MERGER_SAME_NAME_KM      25.0
/* Same folded name, same country, this close and linked with one same
 * town: the same town, which two sources place apart. */
#define TA_TOWN_MERGER_SHARED_PARTNER_KM 100.0
/* "Gmina X", "X Municipality", "X, Y County" and "X" this close, same
 * country: the same town. */
#define TA_TOWN_MERGER_QUALIFIED_NAME_KM 15.0
/* A point this close to the country a source states is taken to be in it
 * (generalised borders, coastlines). */
#define TA_TOWN_MERGER_BORDER_KM         15.0

/* A place as one source gives it, with what the geo index says about its
 * point.  Strings are copied. */
typedef struct
{
  const char *label;
  const char *stated_country;  /* as the source wrote it, or NULL */
  const char *stated_code;     /* that name as ISO 3166-1 alpha-2, or NULL */
  const char *point_code;      /* the country at the point, or NULL (open sea) */
  double      stated_distance_km; /* from the point to the stated country */
  int         region;          /* geo index region at the point, or -1 */
  const char *region_country;  /* that region's country, or NULL */
  double      lat;
  double      lon;
  gint64      population;      /* -1 when not given */
  gboolean    stated_is_constant; /* the source states one country for a whole
                                     file, not for this place: the point decides */
} TaPlace;

/* What one source said of a merged town: a town_source row. */
typedef struct
{
  guint       source;
  const char *label;
  const char *stated_country;  /* NULL when the source states none */
  double      lat;             /* NAN when the source gives no point */
  double      lon;
  guint       rows;            /* rows of the source that name it */
} TaTownAttestation;

typedef struct
{
  const char *name;
  const char *lang;            /* NULL when not known */
  const char *kind;            /* a town_name kind: "alternative", "exonym"… */
  guint       source;
} TaTownName;

typedef struct
{
  guint       id;              /* 1-based */
  const char *name;
  const char *country_code;    /* NULL when no country is known */
  int         region;          /* geo index region, or -1 */
  double      lat;
  double      lon;
  gint64      population;      /* -1 when no source gives one */
  const char *wikidata;        /* QID, or NULL */
  guint       source;          /* the source of the name and point */
  GArray     *attestations;    /* TaTownAttestation */
  GArray     *names;           /* TaTownName: every label other than name */
} TaMergedTown;

typedef struct
{
  guint town_a;                /* town ids, town_a < town_b */
  guint town_b;
  guint first_source;          /* the source that created the link */
  guint sources;               /* bit mask of source indices */
} TaMergedLink;

typedef struct
{
  const char *kind;            /* data_note kind */
  int         source;          /* source index, or -1 */
  char       *subject;
  char       *action;
  char       *detail;
} TaMergeNote;

typedef struct
{
  guint places;                /* distinct places added */
  guint rows;                  /* links added (rows of the sources) */
  guint stated_kept_near_border; /* points just outside the stated country */
  guint stated_unknown;        /* places whose stated country has no ISO code */
  guint stated_unmapped;       /* stated countries the map has no outline for */
  guint stated_territory;      /* stated sovereign of the territory at the point */
  /* Contradictions: the point is far from the stated country. */
  guint mismatch_disputed;        /* in a disputed area: the map's country */
  guint mismatch_placed_by_point; /* a file-wide stated country: the point decides */
  guint mismatch_kept_stated;     /* the source's own point: its country is kept */
  guint mismatch_merged_stated;   /* a geocoded point: merged into the town of the stated country */
  guint mismatch_dropped;         /* a geocoded point and no such town: dropped */
  guint mismatch_dropped_rows;    /* rows dropped with them */
  guint shared_partner_merges; /* one name placed apart by two sources, one partner */
  guint qualified_merges;      /* "Gmina X" / "X" merges */
  guint qualified_kept_apart;  /* such pairs kept apart because they are linked */
  guint self_links;            /* rows dropped because both ends are one town */
  guint places_without_links;  /* merged places left with no row: not towns */
  guint duplicate_rows;        /* rows whose link another row already gave */
} TaMergeStats;

#define TA_TYPE_TOWN_MERGER (ta_town_merger_get_type ())
G_DECLARE_FINAL_TYPE (TaTownMerger, ta_town_merger, TA, TOWN_MERGER, GObject)

TaTownMerger       *ta_town_merger_new             (void);

/* Sources in order of preference: names and points of the first win. At
 * most 32.  @label_lang is the language of the source's labels, or NULL;
 * @points_geocoded tells that its points come from a geocoder rather than
 * from the source itself, so that a point far from the stated country is
 * taken to be wrong. */
guint               ta_town_merger_add_source      (TaTownMerger  *self,
                                                    const char    *source_id,
                                                    const char    *label_lang,
                                                    gboolean       points_geocoded);
const char         *ta_town_merger_get_source_id   (TaTownMerger  *self,
                                                    guint          source);
guint               ta_town_merger_get_n_sources   (TaTownMerger  *self);

/* Returns a handle for the place; the same source, label, stated country
 * and point give the same handle. */
guint               ta_town_merger_add_place       (TaTownMerger  *self,
                                                    guint          source,
                                                    const TaPlace *place);
/* A row of @source linking two places. */
void                ta_town_merger_add_row         (TaTownMerger  *self,
                                                    guint          source,
                                                    guint          place_a,
                                                    guint          place_b);
void                ta_town_merger_add_note        (TaTownMerger  *self,
                                                    const char    *kind,
                                                    int            source,
                                                    const char    *subject,
                                                    const char    *action,
                                                    const char    *detail);

/* Merges places into towns and rows into links; call once. */
void                ta_town_merger_run             (TaTownMerger  *self);

guint               ta_town_merger_get_n_towns     (TaTownMerger  *self);
const TaMergedTown *ta_town_merger_get_town        (TaTownMerger  *self,
                                                    guint          id);
guint               ta_town_merger_get_n_links     (TaTownMerger  *self);
const TaMergedLink *ta_town_merger_get_link        (TaTownMerger  *self,
                                                    guint          index);
/* The link between two towns, or NULL. */
const TaMergedLink *ta_town_merger_find_link       (TaTownMerger  *self,
                                                    guint          town_a,
                                                    guint          town_b);
guint               ta_town_merger_get_n_notes     (TaTownMerger  *self);
const TaMergeNote  *ta_town_merger_get_note        (TaTownMerger  *self,
                                                    guint          index);
const TaMergeStats *ta_town_merger_get_stats       (TaTownMerger  *self);

/* After run(): matching further sources against the merged towns. */

/* Towns with a name whose ta_fold_key() or base key is @key;
 * (transfer none), NULL when none. */
GArray             *ta_town_merger_lookup_key      (TaTownMerger  *self,
                                                    const char    *key);
gboolean            ta_town_merger_town_has_key    (TaTownMerger  *self,
                                                    guint          town,
                                                    const char    *key);
/* Ids of the towns linked to @town, sorted; (transfer none). */
GArray             *ta_town_merger_get_partners    (TaTownMerger  *self,
                                                    guint          town);
/* Gives @town its Wikidata id and records @label as what @source calls it;
 * @label becomes a name of kind @name_kind unless the town already has it. */
void                ta_town_merger_attach_wikidata (TaTownMerger  *self,
                                                    guint          town,
                                                    const char    *qid,
                                                    guint          source,
                                                    const char    *label,
                                                    const char    *name_kind);
/* Adds @source to the link between two towns, creating the link if there is
 * none.  Returns TRUE when the link is new. */
gboolean            ta_town_merger_add_link_source (TaTownMerger  *self,
                                                    guint          town_a,
                                                    guint          town_b,
                                                    guint          source);

/* The key under which "Gmina Chrzanów, Lesser Poland Voivodeship",
 * "Malmö Municipality" and "Chrzanów" match their town: ta_fold_key() of the
 * name without its qualifiers. */
char               *ta_town_merger_base_key        (const char    *label);

G_END_DECLS
