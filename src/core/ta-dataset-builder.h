/* ta-dataset-builder.h: the bundled atlas from the twinning sources
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-crawl-matcher.h"
#include "ta-db.h"
#include "ta-geo-index.h"
#include "ta-iso-codes.h"
#include "ta-town-merger.h"

G_BEGIN_DECLS

/* Ids of the rows of the source table. */
#define TA_SOURCE_WIKIDATA_EU_2017      "wikidata-eu-2017"
#define TA_SOURCE_WIKIPEDIA_LISTS_2026  "wikipedia-lists-2026"
#define TA_SOURCE_WIKIDATA_CRAWL_2016   "wikidata-crawl-2016"
#define TA_SOURCE_NATURAL_EARTH         "natural-earth"
#define TA_SOURCE_QGIS_WORLD_MAP        "qgis-world-map"
#define TA_SOURCE_ISO_CODES             "iso-codes"
#define TA_SOURCE_PROGRAMME_CATALOGUE   "programme-catalogue"
#define TA_SOURCE_USER                  "user"

/* Within a sources directory (data/sources in the tree). */
#define TA_DATASET_WIKIDATA_EU_DIR      "twinning-wikidata-eu-2017"
#define TA_DATASET_WIKIPEDIA_FILE       "twinning-wikipedia-lists-2026/twin_cities.csv"
#define TA_DATASET_CRAWL_NAMES_FILE     "twinning-wikidata-crawl-2016/names.tsv"
#define TA_DATASET_CRAWL_RELATIONS_FILE "twinning-wikidata-crawl-2016/relations.tsv"
#define TA_DATASET_PROGRAMMES_FILE      "programmes.csv"

#define TA_DATASET_BUILDER_ERROR (ta_dataset_builder_error_quark ())

typedef enum
{
  TA_DATASET_BUILDER_ERROR_SOURCE,   /* a source file is not as expected */
  TA_DATASET_BUILDER_ERROR_COUNTRY,  /* a country the atlas needs has no name */
} TaDatasetBuilderError;

typedef struct
{
  guint wikidata_eu_files;
  guint wikidata_eu_rows;
  guint wikipedia_rows;
  guint crawl_names;
  guint crawl_relations;
  guint rows_dropped;          /* rows without a usable name or point */
  guint programmes;

  /* What was written, counted in the database. */
  guint towns;
  guint links;
  guint countries;
  guint regions;
  guint town_names;
  guint notes;
  guint towns_with_wikidata;
  guint pl_towns;
  guint pl_links;
  guint pl_regions_with_towns;

  TaMergeStats merge;
  TaCrawlStats crawl;
} TaDatasetStats;

#define TA_TYPE_DATASET_BUILDER (ta_dataset_builder_get_type ())
G_DECLARE_FINAL_TYPE (TaDatasetBuilder, ta_dataset_builder, TA, DATASET_BUILDER, GObject)

GQuark                ta_dataset_builder_error_quark (void);

TaDatasetBuilder     *ta_dataset_builder_new         (const char        *sources_dir,
                                                      TaGeoIndex        *geo_index,
                                                      TaIsoCodes        *iso_codes);

/* Reads every source and writes the atlas into @db, an empty database at
 * the current schema, in one transaction.  Call once. */
gboolean              ta_dataset_builder_build       (TaDatasetBuilder  *self,
                                                      TaDb              *db,
                                                      GError           **error);

const TaDatasetStats *ta_dataset_builder_get_stats   (TaDatasetBuilder  *self);

G_END_DECLS
