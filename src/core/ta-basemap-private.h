/* ta-basemap-private.h: the compiled basemap format and label metrics
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the renderer (ta-basemap.c), the compiler
 * (src/cli/ta-compile-basemap.c) and the tests; not for the GUI.
 * The format is described at the top of ta-basemap.c.
 */

#pragma once

#include <pango/pangocairo.h>

#include "ta-basemap.h"

G_BEGIN_DECLS

#define TA_BASEMAP_MAGIC           "TABASEMP"
#define TA_BASEMAP_MAGIC_LENGTH    8
#define TA_BASEMAP_FORMAT_VERSION  1

/* Fixed-point coordinates: the Web Mercator unit square times 2^30. */
#define TA_BASEMAP_FIXED_ONE       1073741824.0

/* Detail levels: zoom 0-2, 3-5, 6-8 and 9 up. */
#define TA_BASEMAP_N_LEVELS        4

/* Label placements are computed for zooms 0 to 12; deeper zooms reuse
 * zoom 12, which only spreads the labels further apart. */
#define TA_BASEMAP_MAX_LABEL_ZOOM  12
#define TA_BASEMAP_N_LABEL_ZOOMS   16

/* Labels are bucketed into a GRID x GRID grid of the unit square. */
#define TA_BASEMAP_LABEL_GRID      256

#define TA_BASEMAP_HASH_LENGTH     32

typedef enum
{
  TA_BASEMAP_LAYER_LAND,
  TA_BASEMAP_LAYER_LAKES,
  TA_BASEMAP_LAYER_RIVERS,
  TA_BASEMAP_LAYER_COASTLINE,
  TA_BASEMAP_LAYER_ADMIN1,
  TA_BASEMAP_LAYER_BORDERS,
  TA_BASEMAP_N_LAYERS
} TaBasemapLayer;

typedef enum
{
  TA_BASEMAP_FEATURE_DISPUTED = 1 << 0,
} TaBasemapFeatureFlags;

typedef enum
{
  TA_BASEMAP_LABEL_TOWN,
  TA_BASEMAP_LABEL_CITY,
  TA_BASEMAP_LABEL_LARGE_CITY,
  TA_BASEMAP_LABEL_CAPITAL,
  TA_BASEMAP_LABEL_COUNTRY,
  TA_BASEMAP_N_LABEL_KINDS
} TaBasemapLabelKind;

/* Where the text sits relative to the anchor (0: not shown). */
typedef enum
{
  TA_BASEMAP_POSITION_NONE,
  TA_BASEMAP_POSITION_RIGHT,
  TA_BASEMAP_POSITION_LEFT,
  TA_BASEMAP_POSITION_ABOVE,
  TA_BASEMAP_POSITION_BELOW,
  TA_BASEMAP_POSITION_CENTER,
  TA_BASEMAP_POSITION_CENTER_ABOVE,
  TA_BASEMAP_POSITION_CENTER_BELOW,
  TA_BASEMAP_POSITION_CENTER_LEFT,
  TA_BASEMAP_POSITION_CENTER_RIGHT,
  TA_BASEMAP_N_POSITIONS
} TaBasemapPosition;

/* All integers little-endian; every section starts 8-byte aligned. */
typedef struct
{
  char    magic[TA_BASEMAP_MAGIC_LENGTH];
  guint32 version;
  guint32 header_size;
  guint64 file_size;
  guint32 n_features;
  guint32 features_offset;
  guint32 n_parts;
  guint32 parts_offset;
  guint32 n_points;
  guint32 points_offset;
  guint32 n_labels;
  guint32 labels_offset;
  guint32 label_cells_offset;   /* GRID * GRID + 1 guint32 label indices */
  guint32 strings_offset;
  guint32 strings_size;
  guint32 max_label_extent;     /* px at scale 1: no label box reaches further from its anchor */
  guint32 layer_first[TA_BASEMAP_N_LAYERS];
  guint32 layer_count[TA_BASEMAP_N_LAYERS];
  char    data_hash[TA_BASEMAP_HASH_LENGTH];  /* hex SHA-256 prefix of everything after the header */
} TaBasemapHeader;

typedef struct
{
  gint32  bbox[4];              /* west, north, east, south in fixed units */
  guint8  min_zoom;
  guint8  max_zoom;
  guint8  rank;                 /* layer specific: river width class, border importance */
  guint8  flags;                /* TaBasemapFeatureFlags */
  guint32 first_part[TA_BASEMAP_N_LEVELS];
  guint32 n_parts[TA_BASEMAP_N_LEVELS];
} TaBasemapFeature;

typedef struct
{
  guint32 first_point;
  guint32 n_points;
} TaBasemapPart;

typedef struct
{
  gint32 x;
  gint32 y;
} TaBasemapPoint;

typedef struct
{
  gint32  x;                    /* anchor, fixed units */
  gint32  y;
  guint32 name_offset;          /* into the string table, UTF-8, not NUL-terminated */
  guint16 name_length;
  guint8  kind;                 /* TaBasemapLabelKind */
  guint8  reserved;
  guint16 width;                /* text size in 1/4 px at scale 1 */
  guint16 height;
  guint8  position[TA_BASEMAP_N_LABEL_ZOOMS];  /* TaBasemapPosition per zoom */
} TaBasemapLabel;

G_STATIC_ASSERT (sizeof (TaBasemapHeader) == 152);
G_STATIC_ASSERT (sizeof (TaBasemapFeature) == 52);
G_STATIC_ASSERT (sizeof (TaBasemapPart) == 8);
G_STATIC_ASSERT (sizeof (TaBasemapPoint) == 8);
G_STATIC_ASSERT (sizeof (TaBasemapLabel) == 36);

/* A box relative to a label's anchor, in px at scale 1. */
typedef struct
{
  double x0;
  double y0;
  double x1;
  double y1;
} TaBasemapBox;

/* The highest zoom each detail level is drawn at; levels are simplified
 * to half a pixel at that zoom. */
guint         ta_basemap_level_for_zoom      (double zoom);
guint         ta_basemap_level_max_zoom      (guint  level);

void          ta_basemap_setup_pango_context (PangoContext       *context);
PangoLayout  *ta_basemap_label_layout_new    (PangoContext       *context,
                                              TaBasemapLabelKind  kind,
                                              const char         *text,
                                              int                 length,
                                              double              scale_factor);
double        ta_basemap_label_dot_radius    (TaBasemapLabelKind  kind);

/* Where the text of a @width x @height label goes (text_x, text_y: its
 * top-left corner), and the box that must stay clear of other labels. */
void          ta_basemap_label_geometry      (TaBasemapLabelKind  kind,
                                              TaBasemapPosition   position,
                                              double              width,
                                              double              height,
                                              double             *text_x,
                                              double             *text_y,
                                              TaBasemapBox       *box);

/* Palette, exposed for the pixel tests. */
#define TA_BASEMAP_COLOR_SEA      0xa7c8e0
#define TA_BASEMAP_COLOR_LAND     0xf2efe9
#define TA_BASEMAP_COLOR_RIVER    0x93bbd9
#define TA_BASEMAP_COLOR_BORDER   0x9b87a9
#define TA_BASEMAP_COLOR_ADMIN1   0xb3a8bd
#define TA_BASEMAP_COLOR_TEXT     0x3a3a3c
#define TA_BASEMAP_COLOR_COUNTRY  0x7b6a8a

G_END_DECLS
