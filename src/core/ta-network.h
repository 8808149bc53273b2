/* ta-network.h: the towns and links of an atlas, in memory, for drawing
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ta-db.h"

G_BEGIN_DECLS

typedef enum
{
  TA_LINK_KIND_TWINNING,
  TA_LINK_KIND_PARTNERSHIP,
  TA_LINK_KIND_FRIENDSHIP,
  TA_LINK_KIND_COOPERATION,
  TA_LINK_KIND_OTHER,
  TA_N_LINK_KINDS
} TaLinkKind;

typedef enum
{
  TA_LINK_STATUS_ACTIVE,
  TA_LINK_STATUS_SUSPENDED,
  TA_LINK_STATUS_ENDED,
  TA_N_LINK_STATUSES
} TaLinkStatus;

/* Positions are Web Mercator "unit" coordinates: x from 0 (180°W) to 1
 * (180°E), y from 0 (85.05°N) to 1 (85.05°S); a pixel at zoom z is
 * 1 / (256 * 2^z) of a unit. */
typedef struct
{
  gint64      id;
  const char *name;
  char        country[3];     /* ISO 3166-1 alpha-2, "" when unknown */
  const char *country_name;   /* in the user's language if the atlas has it, or NULL */
  double      lat;
  double      lon;
  double      x;
  double      y;
  gint64      population;     /* -1 when unknown */
  guint       n_links;        /* all links of the town in the database */
} TaNetworkTown;

typedef struct
{
  gint64 id;
  guint  town_a;              /* town indices, see ta_network_get_town() */
  guint  town_b;
  guint8 kind;                /* TaLinkKind */
  guint8 status;              /* TaLinkStatus */
  gint16 start_year;          /* 0 when unknown */
  gint16 end_year;            /* 0 when unknown */
  guint  first_point;         /* arc polyline, see ta_network_get_link_points() */
  guint  n_points;
  float  length;              /* polyline length in units */
} TaNetworkLink;

#define TA_NETWORK_ERROR (ta_network_error_quark ())

typedef enum
{
  TA_NETWORK_ERROR_INVALID,   /* a row breaks what the schema promises */
} TaNetworkError;

#define TA_TYPE_NETWORK (ta_network_get_type ())
G_DECLARE_FINAL_TYPE (TaNetwork, ta_network, TA, NETWORK, GObject)

GQuark               ta_network_error_quark      (void);

TaNetwork           *ta_network_load             (TaDb        *db,
                                                  GError     **error);
TaNetwork           *ta_network_new_synthetic    (guint        n_towns,
                                                  guint        n_links,
                                                  guint32      seed);

/* A view of the same towns and links in which only @link_ids (gint64 link
 * ids; unknown ids are ignored) are visible; NULL shows every link.  The
 * result shares the loaded data and has its own spatial index. */
TaNetwork           *ta_network_with_visible_links (TaNetwork *self,
                                                    GArray    *link_ids);

guint                ta_network_get_n_towns      (TaNetwork   *self);
guint                ta_network_get_n_links      (TaNetwork   *self);
const TaNetworkTown *ta_network_get_town         (TaNetwork   *self,
                                                  guint        index);
const TaNetworkLink *ta_network_get_link         (TaNetwork   *self,
                                                  guint        index);
int                  ta_network_find_town        (TaNetwork   *self,
                                                  gint64       town_id);
int                  ta_network_find_link        (TaNetwork   *self,
                                                  gint64       link_id);

/* The visible subset: links shown, and for each town how many of its
 * links are shown (towns without any are not drawn and not hit). */
guint                ta_network_get_n_visible_links (TaNetwork *self);
gboolean             ta_network_is_link_visible  (TaNetwork   *self,
                                                  guint        index);
guint                ta_network_get_town_n_visible_links (TaNetwork *self,
                                                          guint      index);

/* Indices of the visible links of a town; (transfer none), n_links set. */
const guint         *ta_network_get_town_links   (TaNetwork   *self,
                                                  guint        index,
                                                  guint       *n_links);

/* The great-circle arc of a link as n_points (x, y) pairs in unit
 * coordinates.  Arcs are unwrapped: crossing the antimeridian they go on
 * beyond 0 or 1, and drawing them again shifted by one world draws the
 * other side.  (transfer none) */
const double        *ta_network_get_link_points  (TaNetwork   *self,
                                                  guint        index,
                                                  guint       *n_points);
void                 ta_network_get_link_bounds  (TaNetwork   *self,
                                                  guint        index,
                                                  double      *min_x,
                                                  double      *min_y,
                                                  double      *max_x,
                                                  double      *max_y);

/* Spatial queries on the visible part.  Boxes are in unit coordinates and
 * are not wrapped (callers shift them by whole worlds).  The callback
 * returns FALSE to stop. */
typedef gboolean   (*TaNetworkVisitFunc)         (guint        index,
                                                  gpointer     user_data);
void                 ta_network_foreach_town_in_box (TaNetwork          *self,
                                                     double              min_x,
                                                     double              min_y,
                                                     double              max_x,
                                                     double              max_y,
                                                     TaNetworkVisitFunc  func,
                                                     gpointer            user_data);
void                 ta_network_foreach_link_in_box (TaNetwork          *self,
                                                     double              min_x,
                                                     double              min_y,
                                                     double              max_x,
                                                     double              max_y,
                                                     TaNetworkVisitFunc  func,
                                                     gpointer            user_data);

/* Hit testing at a (possibly fractional) zoom: @x, @y in unit coordinates
 * (wrapped or not), @radius_px in pixels at that zoom.  The town's own dot
 * counts as hit too; towns not drawn at that zoom (see
 * ta_network_get_town_min_links()) are not hit.  Return the index of the
 * nearest town / link, or -1. */
int                  ta_network_hit_town         (TaNetwork   *self,
                                                  double       zoom,
                                                  double       x,
                                                  double       y,
                                                  double       radius_px);
int                  ta_network_hit_link         (TaNetwork   *self,
                                                  double       zoom,
                                                  double       x,
                                                  double       y,
                                                  double       radius_px);

double               ta_network_town_radius      (guint        n_links,
                                                  double       zoom);
guint                ta_network_get_town_min_links (TaNetwork *self,
                                                    double     zoom);

/* How crowded the map is, for drawing, computed once per view: the sum of
 * the visible arcs' lengths (units), the area (square units) of the
 * fewest grid cells holding half the drawn towns, and per link the length
 * of arcs per square unit round it. */
double               ta_network_get_total_length (TaNetwork   *self);
double               ta_network_get_busy_area    (TaNetwork   *self);
double               ta_network_get_link_crowding (TaNetwork  *self,
                                                   guint       index);

const char          *ta_link_kind_to_string      (TaLinkKind   kind);
const char          *ta_link_status_to_string    (TaLinkStatus status);

G_END_DECLS
