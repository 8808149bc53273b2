/* ta-crawl-matcher.h: Wikidata ids for merged towns from a P190 crawl
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-town-merger.h"

G_BEGIN_DECLS

typedef struct
{
  guint qids;              /* distinct QIDs named or linked */
  guint edges;             /* distinct undirected pairs */
  guint by_name;           /* QIDs attached because an edge's names match a link */
  guint by_neighbours;     /* QIDs attached through already attached neighbours */
  guint links_added;       /* crawl pairs that became new links */
  guint links_present;     /* crawl pairs the merged links already had */
  guint edges_unmatched;   /* pairs with an end that has no town */
} TaCrawlStats;

#define TA_TYPE_CRAWL_MATCHER (ta_crawl_matcher_get_type ())
G_DECLARE_FINAL_TYPE (TaCrawlMatcher, ta_crawl_matcher, TA, CRAWL_MATCHER, GObject)

TaCrawlMatcher     *ta_crawl_matcher_new       (void);

void                ta_crawl_matcher_add_name  (TaCrawlMatcher *self,
                                                const char     *qid,
                                                const char     *name);
/* A directed P190 statement; direction and repeats do not matter. */
void                ta_crawl_matcher_add_edge  (TaCrawlMatcher *self,
                                                const char     *qid_from,
                                                const char     *qid_to);

/* Attaches QIDs to the towns of @merger (after ta_town_merger_run()) and
 * adds the crawl's pairs between attached towns as links of @source. */
void                ta_crawl_matcher_run       (TaCrawlMatcher *self,
                                                TaTownMerger   *merger,
                                                guint           source);

const TaCrawlStats *ta_crawl_matcher_get_stats (TaCrawlMatcher *self);

G_END_DECLS
