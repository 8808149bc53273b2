/* ta-town-merger-private.h: what the town merger's files share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ta-town-merger.c holds the object, its API and step 4 (towns and links);
 * ta-town-merger-countries.c steps 1 and 3 (which country a place is in);
 * ta-town-merger-clusters.c step 2 (which places are one town).  The steps
 * are described at the top of ta-town-merger.c.
 */

#pragma once

#include "ta-town-merger.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT
#define MAX_SOURCES 32

typedef struct
{
  const char *id;
  const char *label_lang;
  gboolean points_geocoded;
} Source;

typedef struct
{
  guint source;
  const char *label;
  const char *stated;
  const char *stated_code;
  const char *point_code;
  double stated_distance_km;
  int region;
  const char *region_country;
  double lat;
  double lon;
  gint64 population;
  gboolean stated_is_constant;
  const char *full_key;
  const char *base_key;
  const char *strict_key;   /* the full key with a bracketed qualifier kept */
  const char *country;      /* as settled in step 1 or 3 */
  gboolean plain;           /* no qualifier: full key is the base key */
  gboolean contradiction;   /* geocoded far from the stated country: settled in step 3 */
  const char *mismatch;     /* what step 1 did with a point far from the stated country */
  guint rows;
  guint cluster;            /* NONE while unsettled or dropped */
  guint town;               /* 0 while unsettled or dropped */
} Place;

typedef struct
{
  guint parent;             /* union-find */
  guint first_place;
  guint rows;
  gboolean plain;
  double lat;               /* of the first place */
  double lon;
  const char *country;
  const char *full_key;
  const char *base_key;
  const char *strict_key;
  guint sources;            /* bit mask of the sources of its places */
  GArray *members;          /* guint: clusters merged into this root */
} Cluster;

typedef struct
{
  guint source;
  guint place_a;
  guint place_b;
} Row;

typedef struct
{
  TaMergedTown pub;
  GPtrArray *keys;          /* interned keys of all names */
  GArray *partners;         /* guint town ids, sorted */
  GArray *places;           /* guint */
} Town;

struct _TaTownMerger
{
  GObject parent_instance;

  GStringChunk *strings;    /* every string; insert_const makes equal ones one pointer */
  Source sources[MAX_SOURCES];
  guint n_sources;

  GArray *places;           /* Place */
  GHashTable *place_index;  /* identity string → place index + 1 */
  GArray *rows;             /* Row */
  GArray *clusters;         /* Cluster */
  GHashTable *linked_clusters; /* pair key of two clusters → TRUE */
  GHashTable *cluster_partners; /* cluster + 1 → GArray of linked clusters */

  GPtrArray *towns;         /* Town *, index id - 1 */
  GArray *links;            /* TaMergedLink */
  GHashTable *link_index;   /* pair key of two towns → link index + 1 */
  GHashTable *key_index;    /* interned key → GArray of town ids */
  GArray *notes;            /* TaMergeNote */
  GHashTable *noted;        /* strings of notes already written, to write each once */

  TaMergeStats stats;
  gboolean ran;
};

static inline const char *
intern (TaTownMerger *self,
        const char   *text)
{
  if (text == NULL)
    return NULL;
  return g_string_chunk_insert_const (self->strings, text);
}

static inline gint64 *
pair_key (guint a,
          guint b)
{
  gint64 *key = g_new (gint64, 1);

  *key = ((gint64) MIN (a, b) << 32) | MAX (a, b);
  return key;
}

static inline gboolean
has_pair (GHashTable *table,
          guint       a,
          guint       b)
{
  gint64 key = ((gint64) MIN (a, b) << 32) | MAX (a, b);

  return g_hash_table_contains (table, &key);
}

static inline const char *
source_id (TaTownMerger *self,
           guint         source)
{
  return self->sources[source].id;
}

static inline Cluster *
get_cluster (TaTownMerger *self,
             guint         index)
{
  return &g_array_index (self->clusters, Cluster, index);
}

static inline guint
find_root (TaTownMerger *self,
           guint         cluster)
{
  while (g_array_index (self->clusters, Cluster, cluster).parent != cluster)
    cluster = g_array_index (self->clusters, Cluster, cluster).parent;

  return cluster;
}

static inline char *
group_key (const char *country,
           const char *key)
{
  return g_strconcat (country != NULL ? country : "", "\x1f", key, NULL);
}

/* ta-town-merger-countries.c */
void     ta_town_merger_settle_country        (TaTownMerger *self,
                                               Place        *place);
void     ta_town_merger_settle_contradictions (TaTownMerger *self);

/* ta-town-merger-clusters.c */
void     ta_town_merger_cluster_places        (TaTownMerger *self);
void     ta_town_merger_join_cluster          (TaTownMerger *self,
                                               guint         cluster_index,
                                               guint         place_index);
gboolean ta_town_merger_linked_with_root      (TaTownMerger *self,
                                               guint         root,
                                               guint         cluster);

G_END_DECLS
