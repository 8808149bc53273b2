/* ta-basemap-compiler.h: shared state of twin-atlas-compile-basemap
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include <gio/gio.h>

#include "ta-basemap-private.h"

G_BEGIN_DECLS

/* Lines are cut into chunks of at most this many points. */
#define CHUNK_POINTS 256

/* Cell size of the collision grid used while placing labels, px. */
#define COLLISION_CELL 64.0

/* Natural Earth's zoom hints have fractions (4.7); we draw whole zooms. */
#define NE_ZOOM(value) ((guint8) CLAMP (floor ((value) + 0.5), 0, 30))

typedef struct
{
  guint8  min_zoom;
  guint8  max_zoom;
  guint8  rank;
  guint8  flags;
  GPtrArray *rings;       /* GArray of TaBasemapPoint, closed; [0] is the exterior */
} SourcePolygon;

typedef struct
{
  guint8  min_zoom;
  guint8  max_zoom;
  guint8  rank;
  guint8  flags;
  gint32  bbox[4];
  GPtrArray *levels[TA_BASEMAP_N_LEVELS];  /* GArray of TaBasemapPoint */
} Feature;

typedef struct
{
  char              *name;
  TaBasemapLabelKind kind;
  double             ux;
  double             uy;
  guint              min_zoom;
  guint              max_zoom;
  gint64             population;
  guint32            id;
  double             width;
  double             height;
  guint8             position[TA_BASEMAP_N_LABEL_ZOOMS];
} Candidate;

typedef struct
{
  GPtrArray *features[TA_BASEMAP_N_LAYERS];   /* Feature */
  GPtrArray *candidates;                      /* Candidate */
  GHashTable *ne_place_zoom;                  /* geonameid → min zoom + 1 */
  gboolean   verbose;
} Compiler;

/* Small helpers */

static inline guint64
point_key (TaBasemapPoint p)
{
  return ((guint64) (guint32) p.x << 32) | (guint32) p.y;
}

/* A hash key for cell (x, y) of a grid. */
static inline gint64
cell_key (int x,
          int y)
{
  return (gint64) (((guint64) (guint32) x << 32) | (guint32) y);
}

static inline gboolean
point_equal (TaBasemapPoint a,
             TaBasemapPoint b)
{
  return a.x == b.x && a.y == b.y;
}

static inline int
point_compare (TaBasemapPoint a,
               TaBasemapPoint b)
{
  if (a.x != b.x)
    return a.x < b.x ? -1 : 1;
  if (a.y != b.y)
    return a.y < b.y ? -1 : 1;
  return 0;
}

/* ta-basemap-compiler-simplify.c */

void source_polygon_free (SourcePolygon *polygon);
void feature_free (Feature *feature);
void candidate_free (Candidate *candidate);
GArray *point_array_new (void);
TaBasemapPoint project (double lon,
                        double lat);
void append_point_dedup (GArray         *points,
                         TaBasemapPoint  p);
double ring_signed_area (const GArray *ring);
void points_bbox (const GArray *points,
                  gint32       *bbox);
double segment_distance (TaBasemapPoint p,
                         TaBasemapPoint a,
                         TaBasemapPoint b);
void build_polygon_layer (Compiler       *compiler,
                          TaBasemapLayer  layer,
                          GPtrArray      *polygons);
void polygon_add_ring (SourcePolygon *polygon,
                       GArray        *ring);
SourcePolygon *source_polygon_new (guint8 min_zoom);
void add_line_features (Compiler       *compiler,
                        TaBasemapLayer  layer,
                        const GArray   *line,
                        guint8          min_zoom,
                        guint8          rank,
                        guint8          flags);

/* ta-basemap-compiler-geojson.c */

gboolean load_countries (Compiler    *compiler,
                         const char  *dir,
                         GError     **error);
gboolean load_lakes (Compiler    *compiler,
                     const char  *dir,
                     const char  *name,
                     GError     **error);
gboolean load_lines (Compiler       *compiler,
                     const char     *dir,
                     const char     *name,
                     TaBasemapLayer  layer,
                     GError        **error);
gboolean load_ne_places (Compiler    *compiler,
                         const char  *dir,
                         GError     **error);

/* ta-basemap-compiler-admin1.c */

gboolean load_admin1 (Compiler    *compiler,
                      const char  *path,
                      GError     **error);

/* ta-basemap-compiler-cities.c */

gboolean load_cities (Compiler    *compiler,
                      const char  *path,
                      GError     **error);

/* ta-basemap-compiler-labels.c */

void measure_candidates (Compiler *compiler);
int compare_candidates (gconstpointer a,
                        gconstpointer b);
void place_labels (Compiler *compiler);

/* ta-basemap-compiler-writer.c */

gboolean write_output (Compiler    *compiler,
                       const char  *path,
                       GError     **error);

G_END_DECLS
