/* ta-dataset-builder-private.h: what the dataset builder's files share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-dataset-builder.h"

G_BEGIN_DECLS

/* A point on land is looked up as is; one this far off a generalised
 * coastline still gets the nearest country. */
#define TA_DATASET_COAST_KM 10.0

struct _TaDatasetBuilder
{
  GObject parent_instance;

  /* owned */
  char *sources_dir;
  TaGeoIndex *geo_index;
  TaIsoCodes *iso_codes;
  TaTownMerger *merger;
  TaCrawlMatcher *crawl;
  GHashTable *points;        /* PointKey → PointInfo: geo lookups done */

  /* merger source indices */
  guint source_wikidata_eu;
  guint source_wikipedia;
  guint source_crawl;

  TaDatasetStats stats;
  gboolean built;
};

/* ta-dataset-builder-sources.c */
GHashTable *ta_dataset_builder_new_point_cache  (void);
gboolean    ta_dataset_builder_read_wikidata_eu (TaDatasetBuilder  *self,
                                                 GError           **error);
gboolean    ta_dataset_builder_read_wikipedia   (TaDatasetBuilder  *self,
                                                 GError           **error);
gboolean    ta_dataset_builder_read_crawl       (TaDatasetBuilder  *self,
                                                 GError           **error);

G_END_DECLS
