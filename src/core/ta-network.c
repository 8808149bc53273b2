/* ta-network.c: the towns and links of an atlas, in memory, for drawing
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A TaNetwork is built once and never changes, so worker threads may read
 * it while the GUI holds it.  The loaded rows (towns, links, arc polylines)
 * live in a reference-counted TaNetworkData that every view shares; a view
 * adds what depends on which links are visible: per-town link lists and
 * two static spatial indices.
 *
 * The indices are packed Hilbert R-trees (the "flatbush" layout): items are
 * sorted along a Hilbert curve and grouped sixteen at a time into boxes,
 * level after level.  Unlike a uniform grid this copes with arcs that span
 * a continent and with towns crowded into one region, and it is built in
 * one sort.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-network.h"
#include "ta-projection.h"

#define NODE_SIZE 16

/* Towns counted by number of visible links up to this many. */
#define TOWN_HISTOGRAM_SIZE 256

/* At low zoom, keep about one town dot per this many square pixels of the
 * busy area: the best-linked towns. */
#define PIXELS_PER_TOWN 80.0

/* Cells per side of the grid that measures where towns crowd. */
#define BUSY_GRID 1024

/* Cells per side of the grid that measures how crowded arcs are. */
#define CROWDING_GRID 256

/* A region some 1,000 km across: the least a network is said to crowd. */
#define MIN_BUSY_AREA 1e-3

/* Arcs get one segment per this many degrees of great circle. */
#define DEGREES_PER_SEGMENT 1.5
#define MAX_SEGMENTS 120

typedef struct
{
  guint   n_items;
  guint   n_nodes;
  guint   n_levels;
  float  *boxes;          /* 4 per node: min_x, min_y, max_x, max_y */
  guint  *indices;        /* leaf: item; inner node: first child node */
  guint  *level_ends;     /* node index one past each level's end */
} BoxTree;

typedef struct
{
  TaNetworkTown *towns;
  guint          n_towns;
  TaNetworkLink *links;
  guint          n_links;
  double        *points;  /* 2 per point */
  guint          n_points;
  double        *link_bounds;  /* 4 per link */
  GStringChunk  *names;
} TaNetworkData;

struct _TaNetwork
{
  GObject        parent_instance;

  /* Shared with every view of the same load. */
  TaNetworkData *data;

  /* This view: NULL means every link is visible. */
  guint8        *visible;
  guint          n_visible;
  guint         *town_n_visible;
  guint         *town_link_start;   /* n_towns + 1 */
  guint         *town_link_items;
  BoxTree       *town_tree;
  BoxTree       *link_tree;
  double         total_length;
  double         busy_area;
  float         *crowding;          /* per link, see ta_network_get_link_crowding() */
  guint          towns_with_at_least[TOWN_HISTOGRAM_SIZE];
};

G_DEFINE_FINAL_TYPE (TaNetwork, ta_network, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-network-error-quark, ta_network_error)

static const char * const kind_names[TA_N_LINK_KINDS] = {
  "twinning", "partnership", "friendship", "cooperation", "other",
};

static const char * const status_names[TA_N_LINK_STATUSES] = {
  "active", "suspended", "ended",
};

/* Box tree */

static guint32
hilbert_index (guint32 x,
               guint32 y)
{
  const guint32 n = 1u << 16;
  guint32 d = 0;

  for (guint32 s = n / 2; s > 0; s /= 2)
    {
      guint32 rx = (x & s) > 0;
      guint32 ry = (y & s) > 0;

      d += s * s * ((3 * rx) ^ ry);
      if (ry == 0)
        {
          guint32 t;

          if (rx == 1)
            {
              x = n - 1 - x;
              y = n - 1 - y;
            }
          t = x;
          x = y;
          y = t;
        }
    }

  return d;
}

typedef struct
{
  guint32 key;
  guint   item;
} SortEntry;

static int
sort_entry_compare (gconstpointer a,
                    gconstpointer b)
{
  const SortEntry *ea = a;
  const SortEntry *eb = b;

  if (ea->key != eb->key)
    return ea->key < eb->key ? -1 : 1;
  return ea->item < eb->item ? -1 : ea->item > eb->item;
}

static void
box_tree_free (BoxTree *tree)
{
  if (tree == NULL)
    return;
  g_free (tree->boxes);
  g_free (tree->indices);
  g_free (tree->level_ends);
  g_free (tree);
}

/* Floats keep the tree small; rounding outwards keeps it conservative. */
static void
store_box (float  *out,
           double  min_x,
           double  min_y,
           double  max_x,
           double  max_y)
{
  out[0] = nextafterf ((float) min_x, -INFINITY);
  out[1] = nextafterf ((float) min_y, -INFINITY);
  out[2] = nextafterf ((float) max_x, INFINITY);
  out[3] = nextafterf ((float) max_y, INFINITY);
}

/* @boxes holds 4 doubles for each of @n items; @items lists which of them to
 * index (all when NULL). */
static BoxTree *
box_tree_new (const double *boxes,
              const guint  *items,
              guint         n)
{
  BoxTree *tree = g_new0 (BoxTree, 1);
  g_autofree SortEntry *entries = NULL;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE;
  double max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double width, height;
  guint n_nodes, count, level;

  tree->n_items = n;
  if (n == 0)
    return tree;

  /* Count the nodes of all levels. */
  n_nodes = n;
  count = n;
  tree->n_levels = 1;
  while (count > 1)
    {
      count = (count + NODE_SIZE - 1) / NODE_SIZE;
      n_nodes += count;
      tree->n_levels++;
    }
  tree->n_nodes = n_nodes;
  tree->boxes = g_new (float, 4 * (gsize) n_nodes);
  tree->indices = g_new (guint, n_nodes);
  tree->level_ends = g_new (guint, tree->n_levels);

  for (guint i = 0; i < n; i++)
    {
      const double *b = boxes + 4 * (gsize) (items ? items[i] : i);

      min_x = MIN (min_x, b[0]);
      min_y = MIN (min_y, b[1]);
      max_x = MAX (max_x, b[2]);
      max_y = MAX (max_y, b[3]);
    }
  width = MAX (max_x - min_x, 1e-12);
  height = MAX (max_y - min_y, 1e-12);

  entries = g_new (SortEntry, n);
  for (guint i = 0; i < n; i++)
    {
      guint item = items ? items[i] : i;
      const double *b = boxes + 4 * (gsize) item;
      double cx = ((b[0] + b[2]) / 2 - min_x) / width;
      double cy = ((b[1] + b[3]) / 2 - min_y) / height;

      entries[i].key = hilbert_index ((guint32) (CLAMP (cx, 0.0, 1.0) * 65535),
                                      (guint32) (CLAMP (cy, 0.0, 1.0) * 65535));
      entries[i].item = item;
    }
  qsort (entries, n, sizeof (SortEntry), sort_entry_compare);

  for (guint i = 0; i < n; i++)
    {
      const double *b = boxes + 4 * (gsize) entries[i].item;

      store_box (tree->boxes + 4 * (gsize) i, b[0], b[1], b[2], b[3]);
      tree->indices[i] = entries[i].item;
    }

  /* Each level groups NODE_SIZE nodes of the one below into a parent. */
  level = 0;
  tree->level_ends[level++] = n;
  {
    guint start = 0, end = n, pos = n;

    while (end - start > 1)
      {
        for (guint child = start; child < end; child += NODE_SIZE)
          {
            guint last = MIN (child + NODE_SIZE, end);
            float *out = tree->boxes + 4 * (gsize) pos;

            out[0] = out[1] = G_MAXFLOAT;
            out[2] = out[3] = -G_MAXFLOAT;
            for (guint c = child; c < last; c++)
              {
                const float *cb = tree->boxes + 4 * (gsize) c;

                out[0] = MIN (out[0], cb[0]);
                out[1] = MIN (out[1], cb[1]);
                out[2] = MAX (out[2], cb[2]);
                out[3] = MAX (out[3], cb[3]);
              }
            tree->indices[pos] = child;
            pos++;
          }
        start = end;
        end = pos;
        tree->level_ends[level++] = end;
      }
    g_assert (pos == n_nodes);
  }

  return tree;
}

static void
box_tree_search (const BoxTree      *tree,
                 double              min_x,
                 double              min_y,
                 double              max_x,
                 double              max_y,
                 TaNetworkVisitFunc  func,
                 gpointer            user_data)
{
  guint stack[64 * NODE_SIZE];
  guint depth = 0;
  guint node;

  if (tree->n_items == 0)
    return;

  node = tree->n_nodes - 1;
  for (;;)
    {
      guint level_end = tree->n_nodes;
      guint end;

      for (guint l = 0; l < tree->n_levels; l++)
        if (node < tree->level_ends[l])
          {
            level_end = tree->level_ends[l];
            break;
          }
      end = MIN (node + NODE_SIZE, level_end);

      for (guint pos = node; pos < end; pos++)
        {
          const float *b = tree->boxes + 4 * (gsize) pos;

          if (b[2] < min_x || b[3] < min_y || b[0] > max_x || b[1] > max_y)
            continue;

          if (node < tree->n_items)
            {
              if (!func (tree->indices[pos], user_data))
                return;
            }
          else
            {
              g_assert (depth < G_N_ELEMENTS (stack));
              stack[depth++] = tree->indices[pos];
            }
        }

      if (depth == 0)
        break;
      node = stack[--depth];
    }
}

/* Shared data */

static TaNetworkData *
network_data_new (void)
{
  TaNetworkData *data = g_atomic_rc_box_new0 (TaNetworkData);

  data->names = g_string_chunk_new (64 * 1024);
  return data;
}

static void
network_data_clear (TaNetworkData *data)
{
  g_free (data->towns);
  g_free (data->links);
  g_free (data->points);
  g_free (data->link_bounds);
  g_string_chunk_free (data->names);
}

static void
network_data_unref (TaNetworkData *data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) network_data_clear);
}

static void
town_set_position (TaNetworkTown *town,
                   double         lat,
                   double         lon)
{
  town->lat = lat;
  town->lon = lon;
  town->x = ta_projection_lon_to_unit_x (lon);
  town->y = ta_projection_lat_to_unit_y (lat);
}

static void
latlon_to_vector (double  lat,
                  double  lon,
                  double *v)
{
  double phi = lat * G_PI / 180.0;
  double lambda = lon * G_PI / 180.0;

  v[0] = cos (phi) * cos (lambda);
  v[1] = cos (phi) * sin (lambda);
  v[2] = sin (phi);
}

/* Appends the great circle from town a to town b as unit coordinates.  Each
 * point's x is moved by whole worlds to stay next to the one before, so an
 * arc across the antimeridian continues past 0 or 1 instead of jumping. */
static guint
append_arc (GArray              *points,
            const TaNetworkTown *a,
            const TaNetworkTown *b,
            double              *bounds,
            float               *length)
{
  double va[3], vb[3];
  double dot, omega, sin_omega;
  double prev_x = a->x, prev_y = a->y;
  double total = 0;
  guint n_segments;

  latlon_to_vector (a->lat, a->lon, va);
  latlon_to_vector (b->lat, b->lon, vb);
  dot = CLAMP (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2], -1.0, 1.0);
  omega = acos (dot);
  sin_omega = sin (omega);
  n_segments = (guint) ceil (omega * 180.0 / G_PI / DEGREES_PER_SEGMENT);
  n_segments = CLAMP (n_segments, 1, MAX_SEGMENTS);
  /* Antipodes have no single great circle; a straight line is as good. */
  if (sin_omega < 1e-9)
    n_segments = 1;

  bounds[0] = bounds[2] = a->x;
  bounds[1] = bounds[3] = a->y;

  for (guint i = 0; i <= n_segments; i++)
    {
      double p[2];

      if (i == 0)
        {
          p[0] = a->x;
          p[1] = a->y;
        }
      else if (n_segments == 1 || i == n_segments)
        {
          p[0] = b->x;
          p[1] = b->y;
        }
      else
        {
          double t = (double) i / n_segments;
          double wa = sin ((1 - t) * omega) / sin_omega;
          double wb = sin (t * omega) / sin_omega;
          double v[3] = {
            wa * va[0] + wb * vb[0],
            wa * va[1] + wb * vb[1],
            wa * va[2] + wb * vb[2],
          };
          double lat = atan2 (v[2], hypot (v[0], v[1])) * 180.0 / G_PI;
          double lon = atan2 (v[1], v[0]) * 180.0 / G_PI;

          p[0] = ta_projection_lon_to_unit_x (lon);
          p[1] = ta_projection_lat_to_unit_y (lat);
        }

      if (i > 0)
        {
          p[0] += round (prev_x - p[0]);
          total += hypot (p[0] - prev_x, p[1] - prev_y);
        }

      bounds[0] = MIN (bounds[0], p[0]);
      bounds[1] = MIN (bounds[1], p[1]);
      bounds[2] = MAX (bounds[2], p[0]);
      bounds[3] = MAX (bounds[3], p[1]);
      g_array_append_vals (points, p, 2);
      prev_x = p[0];
      prev_y = p[1];
    }

  *length = (float) total;
  return n_segments + 1;
}

/* Computes arcs and per-town counts once all rows are in. */
static void
network_data_finish (TaNetworkData *data)
{
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (double),
                                                (guint) MIN ((gsize) data->n_links * 16, G_MAXUINT / 2));

  data->link_bounds = g_new (double, 4 * (gsize) MAX (data->n_links, 1));
  for (guint i = 0; i < data->n_links; i++)
    {
      TaNetworkLink *link = &data->links[i];

      link->first_point = points->len / 2;
      link->n_points = append_arc (points,
                                   &data->towns[link->town_a],
                                   &data->towns[link->town_b],
                                   data->link_bounds + 4 * (gsize) i,
                                   &link->length);
      data->towns[link->town_a].n_links++;
      data->towns[link->town_b].n_links++;
    }

  data->n_points = points->len / 2;
  data->points = (double *) (gpointer) g_array_free (g_steal_pointer (&points), FALSE);
}

/* Views */

static void
ta_network_finalize (GObject *object)
{
  TaNetwork *self = (TaNetwork *)object;

  g_clear_pointer (&self->data, network_data_unref);
  g_clear_pointer (&self->visible, g_free);
  g_clear_pointer (&self->town_n_visible, g_free);
  g_clear_pointer (&self->town_link_start, g_free);
  g_clear_pointer (&self->town_link_items, g_free);
  g_clear_pointer (&self->town_tree, box_tree_free);
  g_clear_pointer (&self->crowding, g_free);
  g_clear_pointer (&self->link_tree, box_tree_free);

  G_OBJECT_CLASS (ta_network_parent_class)->finalize (object);
}

static void
ta_network_class_init (TaNetworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_network_finalize;
}

static void
ta_network_init (TaNetwork *self)
{
}

static int
compare_uints_descending (gconstpointer a,
                          gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return (ua < ub) - (ua > ub);
}

/* The area of the crowded part of the map: on a grid of cells about 40 km
 * wide, the fewest cells that hold half of the drawn towns.  The renderer
 * sizes the thinning of arcs and the number of town dots at low zoom by
 * it; a few partners on other continents must not make Europe look
 * empty. */
static double
compute_busy_area (TaNetwork *self)
{
  TaNetworkData *data = self->data;
  g_autoptr(GHashTable) cells = g_hash_table_new (NULL, NULL);
  g_autofree guint *counts = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n = 0, n_cells = 0, taken = 0, used = 0;

  for (guint i = 0; i < data->n_towns; i++)
    {
      guint cx, cy;
      gpointer key;

      if (self->town_n_visible[i] == 0)
        continue;
      cx = (guint) CLAMP (data->towns[i].x * BUSY_GRID, 0, BUSY_GRID - 1);
      cy = (guint) CLAMP (data->towns[i].y * BUSY_GRID, 0, BUSY_GRID - 1);
      key = GUINT_TO_POINTER (cy * BUSY_GRID + cx + 1);
      g_hash_table_insert (cells, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (cells, key)) + 1));
      n++;
    }
  if (n < 2)
    return MIN_BUSY_AREA;

  counts = g_new (guint, g_hash_table_size (cells));
  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    counts[n_cells++] = GPOINTER_TO_UINT (value);
  qsort (counts, n_cells, sizeof (guint), compare_uints_descending);

  while (used < n_cells && taken < n / 2)
    taken += counts[used++];

  return MAX (used / (double) (BUSY_GRID * BUSY_GRID), MIN_BUSY_AREA);
}

static guint
crowding_cell (double x,
               double y)
{
  double cx = (x - floor (x)) * CROWDING_GRID;
  double cy = CLAMP (y, 0.0, 1.0) * CROWDING_GRID;

  return (guint) MIN (cy, CROWDING_GRID - 1) * CROWDING_GRID + (guint) MIN (cx, CROWDING_GRID - 1);
}

/* How crowded each visible arc's surroundings are: the length of all arcs
 * per square unit in cells about 150 km wide, taken where the arc is most
 * crowded among its two ends and its average along the way.  The renderer
 * makes arcs in crowded places fainter, so dense regions stay readable
 * without washing out sparse ones, and, as it is a property of the arc,
 * every tile draws an arc alike. */
static void
compute_crowding (TaNetwork   *self,
                  const guint *links,
                  guint        n_links)
{
  TaNetworkData *data = self->data;
  g_autofree float *grid = g_new0 (float, CROWDING_GRID * CROWDING_GRID);
  double cell_area = 1.0 / (CROWDING_GRID * CROWDING_GRID);

  self->crowding = g_new0 (float, MAX (data->n_links, 1));

  for (guint i = 0; i < n_links; i++)
    {
      const TaNetworkLink *link = &data->links[links[i]];
      const double *p = data->points + 2 * (gsize) link->first_point;

      for (guint k = 0; k + 1 < link->n_points; k++)
        grid[crowding_cell ((p[2 * k] + p[2 * k + 2]) / 2, (p[2 * k + 1] + p[2 * k + 3]) / 2)] +=
          (float) hypot (p[2 * k + 2] - p[2 * k], p[2 * k + 3] - p[2 * k + 1]);
    }

  for (guint i = 0; i < n_links; i++)
    {
      const TaNetworkLink *link = &data->links[links[i]];
      const double *p = data->points + 2 * (gsize) link->first_point;
      guint last = link->n_points - 1;
      double along = 0, ends;

      for (guint k = 0; k < last; k++)
        along += grid[crowding_cell ((p[2 * k] + p[2 * k + 2]) / 2, (p[2 * k + 1] + p[2 * k + 3]) / 2)] *
                 hypot (p[2 * k + 2] - p[2 * k], p[2 * k + 3] - p[2 * k + 1]);
      along = link->length > 0 ? along / link->length : 0;
      ends = MAX (grid[crowding_cell (p[0], p[1])], grid[crowding_cell (p[2 * last], p[2 * last + 1])]);

      self->crowding[links[i]] = (float) (MAX (along, ends) / cell_area);
    }
}

static void
build_view (TaNetwork *self)
{
  TaNetworkData *data = self->data;
  g_autofree double *town_boxes = NULL;
  g_autofree guint *towns = NULL;
  g_autofree guint *links = NULL;
  g_autofree guint *fill = NULL;
  guint n_towns = 0, n_links = 0;

  self->town_n_visible = g_new0 (guint, MAX (data->n_towns, 1));
  self->town_link_start = g_new0 (guint, data->n_towns + 1);
  links = g_new (guint, MAX (data->n_links, 1));
  self->total_length = 0;

  for (guint i = 0; i < data->n_links; i++)
    {
      if (self->visible != NULL && !self->visible[i])
        continue;
      links[n_links++] = i;
      self->town_n_visible[data->links[i].town_a]++;
      self->town_n_visible[data->links[i].town_b]++;
      self->total_length += data->links[i].length;
    }
  self->n_visible = n_links;

  /* Per-town link lists, in CSR form. */
  for (guint i = 0; i < data->n_towns; i++)
    self->town_link_start[i + 1] = self->town_link_start[i] + self->town_n_visible[i];
  self->town_link_items = g_new (guint, MAX (2 * (gsize) n_links, 1));
  fill = g_memdup2 (self->town_link_start, sizeof (guint) * (data->n_towns + 1));
  for (guint i = 0; i < n_links; i++)
    {
      const TaNetworkLink *link = &data->links[links[i]];

      self->town_link_items[fill[link->town_a]++] = links[i];
      self->town_link_items[fill[link->town_b]++] = links[i];
    }

  town_boxes = g_new (double, 4 * (gsize) MAX (data->n_towns, 1));
  towns = g_new (guint, MAX (data->n_towns, 1));
  for (guint i = 0; i < data->n_towns; i++)
    {
      double *b = town_boxes + 4 * (gsize) i;

      b[0] = b[2] = data->towns[i].x;
      b[1] = b[3] = data->towns[i].y;
      if (self->town_n_visible[i] > 0)
        towns[n_towns++] = i;
    }

  /* towns_with_at_least[k]: towns with k or more visible links. */
  for (guint i = 0; i < data->n_towns; i++)
    self->towns_with_at_least[MIN (self->town_n_visible[i], TOWN_HISTOGRAM_SIZE - 1)]++;
  for (guint k = TOWN_HISTOGRAM_SIZE - 1; k > 0; k--)
    self->towns_with_at_least[k - 1] += self->towns_with_at_least[k];

  self->town_tree = box_tree_new (town_boxes, towns, n_towns);
  self->link_tree = box_tree_new (data->link_bounds, links, n_links);
  self->busy_area = compute_busy_area (self);
  compute_crowding (self, links, n_links);
}

static TaNetwork *
network_new_for_data (TaNetworkData *data,
                      guint8        *visible)
{
  TaNetwork *self = g_object_new (TA_TYPE_NETWORK, NULL);

  self->data = data;
  self->visible = visible;
  build_view (self);

  return self;
}

/* Loading */

static int
compare_town_ids (gconstpointer key,
                  gconstpointer element)
{
  gint64 id = *(const gint64 *) key;
  const TaNetworkTown *town = element;

  return (id > town->id) - (id < town->id);
}

static int
compare_link_ids (gconstpointer key,
                  gconstpointer element)
{
  gint64 id = *(const gint64 *) key;
  const TaNetworkLink *link = element;

  return (id > link->id) - (id < link->id);
}

static int
lookup_name (const char * const *names,
             guint               n_names,
             const char         *value)
{
  for (guint i = 0; value != NULL && i < n_names; i++)
    if (g_str_equal (names[i], value))
      return (int) i;
  return -1;
}

/* Which of the country table's name columns suits the user's language:
 * 1 = name_pl, 2 = name_de, 0 = name_en. */
static int
country_name_column (void)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_has_prefix (languages[i], "pl"))
        return 1;
      if (g_str_has_prefix (languages[i], "de"))
        return 2;
      if (g_str_has_prefix (languages[i], "en") || g_str_equal (languages[i], "C"))
        return 0;
    }
  return 0;
}

static GHashTable *
load_country_names (TaDb           *db,
                    TaNetworkData  *data,
                    GError        **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int column = country_name_column ();
  int rc;

  stmt = ta_db_prepare (db, "SELECT code, name_en, name_pl, name_de FROM country", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 1 + column);

      if (name == NULL)
        name = (const char *) sqlite3_column_text (stmt, 1);
      g_hash_table_insert (names,
                           g_string_chunk_insert_const (data->names, code),
                           g_string_chunk_insert_const (data->names, name));
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, "country");
      return NULL;
    }

  return g_steal_pointer (&names);
}

static gboolean
load_towns (TaDb           *db,
            TaNetworkData  *data,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) count_stmt = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) country_names = NULL;
  guint capacity;
  int rc;

  country_names = load_country_names (db, data, error);
  if (country_names == NULL)
    return FALSE;

  count_stmt = ta_db_prepare (db, "SELECT count(*) FROM town", error);
  if (count_stmt == NULL)
    return FALSE;
  if (sqlite3_step (count_stmt) != SQLITE_ROW)
    {
      ta_db_set_error_from_sqlite (db, error, "town");
      return FALSE;
    }
  capacity = (guint) sqlite3_column_int64 (count_stmt, 0);

  stmt = ta_db_prepare (db,
                        "SELECT id, name, coalesce (country_code, ''), lat, lon,"
                        "       coalesce (population, -1)"
                        "  FROM town ORDER BY id",
                        error);
  if (stmt == NULL)
    return FALSE;

  data->towns = g_new0 (TaNetworkTown, MAX (capacity, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaNetworkTown *town;

      /* Rows added between the count and this query are left for the
       * next load rather than overrunning the array. */
      if (data->n_towns == capacity)
        break;

      town = &data->towns[data->n_towns++];
      town->id = sqlite3_column_int64 (stmt, 0);
      town->name = g_string_chunk_insert (data->names, (const char *) sqlite3_column_text (stmt, 1));
      g_strlcpy (town->country, (const char *) sqlite3_column_text (stmt, 2), sizeof town->country);
      town->country_name = g_hash_table_lookup (country_names, town->country);
      town_set_position (town, sqlite3_column_double (stmt, 3), sqlite3_column_double (stmt, 4));
      town->population = sqlite3_column_int64 (stmt, 5);
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, "town");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_links (TaDb           *db,
            TaNetworkData  *data,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) links = g_array_new (FALSE, TRUE, sizeof (TaNetworkLink));
  int rc;

  stmt = ta_db_prepare (db,
                        "SELECT id, town_a, town_b, kind, status,"
                        "       coalesce (start_year, 0), coalesce (end_year, 0)"
                        "  FROM link ORDER BY id",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaNetworkLink link = { 0, };
      gint64 town_ids[2] = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2) };
      const TaNetworkTown *towns[2];
      int kind, status;

      link.id = sqlite3_column_int64 (stmt, 0);
      for (guint i = 0; i < 2; i++)
        {
          towns[i] = bsearch (&town_ids[i], data->towns, data->n_towns,
                              sizeof (TaNetworkTown), compare_town_ids);
          /* Towns inserted after load_towns() ran; the link waits for
           * the next load like they do. */
          if (towns[i] == NULL)
            break;
        }
      if (towns[0] == NULL || towns[1] == NULL)
        continue;

      kind = lookup_name (kind_names, TA_N_LINK_KINDS, (const char *) sqlite3_column_text (stmt, 3));
      status = lookup_name (status_names, TA_N_LINK_STATUSES, (const char *) sqlite3_column_text (stmt, 4));
      if (kind < 0 || status < 0)
        {
          g_set_error (error, TA_NETWORK_ERROR, TA_NETWORK_ERROR_INVALID,
                       _("“%s”: link %lld has an unknown kind or status"),
                       ta_db_get_path (db), (long long) link.id);
          return FALSE;
        }

      link.town_a = (guint) (towns[0] - data->towns);
      link.town_b = (guint) (towns[1] - data->towns);
      link.kind = (guint8) kind;
      link.status = (guint8) status;
      link.start_year = (gint16) sqlite3_column_int (stmt, 5);
      link.end_year = (gint16) sqlite3_column_int (stmt, 6);
      g_array_append_val (links, link);
    }
  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, "link");
      return FALSE;
    }

  data->n_links = links->len;
  data->links = (TaNetworkLink *) (gpointer) g_array_free (g_steal_pointer (&links), FALSE);
  return TRUE;
}

/**
 * ta_network_load:
 * @db: an open atlas
 * @error: return location for a #GError
 *
 * Reads every town and link of @db and computes the links' arcs.  Runs in
 * a worker thread if @db is not used elsewhere meanwhile.
 *
 * Returns: (transfer full): a new network with every link visible
 */
TaNetwork *
ta_network_load (TaDb    *db,
                 GError **error)
{
  TaNetworkData *data;

  g_return_val_if_fail (TA_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = network_data_new ();
  if (!load_towns (db, data, error) || !load_links (db, data, error))
    {
      network_data_unref (data);
      return NULL;
    }
  network_data_finish (data);

  return network_new_for_data (data, NULL);
}

/* Synthetic networks, for benchmarks */

static const char * const synthetic_kinds_weights = "TTTTTTTTTTTTTTTTPPFCO";

/**
 * ta_network_new_synthetic:
 * @n_towns: how many towns (at least 2)
 * @n_links: how many links; capped at what distinct pairs allow
 * @seed: the random seed, so runs are repeatable
 *
 * Makes up a network for benchmarks: towns called "Synthetic town N"
 * scattered over the box from 10°W 36°N to 40°E 70°N, denser around a few
 * dozen made-up centres, and links between random pairs with a share of
 * them going to a few hub towns.  No value in it describes a real place.
 *
 * Returns: (transfer full): a new network
 */
TaNetwork *
ta_network_new_synthetic (guint   n_towns,
                          guint   n_links,
                          guint32 seed)
{
  TaNetworkData *data = network_data_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) pairs = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *pair_keys = NULL;
  double centres[48][2];
  guint n_hubs;
  guint64 max_pairs;

  g_return_val_if_fail (n_towns >= 2, NULL);

  max_pairs = (guint64) n_towns * (n_towns - 1) / 2;
  n_links = (guint) MIN ((guint64) n_links, max_pairs / 2);
  n_hubs = MAX (2, n_towns / 50);

  for (guint i = 0; i < G_N_ELEMENTS (centres); i++)
    {
      centres[i][0] = g_rand_double_range (rand, 38.0, 66.0);
      centres[i][1] = g_rand_double_range (rand, -8.0, 36.0);
    }

  data->n_towns = n_towns;
  data->towns = g_new0 (TaNetworkTown, n_towns);
  for (guint i = 0; i < n_towns; i++)
    {
      TaNetworkTown *town = &data->towns[i];
      char name[64];
      double lat, lon;

      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          lat = g_rand_double_range (rand, 36.0, 70.0);
          lon = g_rand_double_range (rand, -10.0, 40.0);
        }
      else
        {
          const double *c = centres[g_rand_int_range (rand, 0, G_N_ELEMENTS (centres))];
          double r = g_rand_double_range (rand, 0.0, 3.0);
          double a = g_rand_double_range (rand, 0.0, 2 * G_PI);

          lat = CLAMP (c[0] + r * sin (a), 36.0, 70.0);
          lon = CLAMP (c[1] + 1.6 * r * cos (a), -10.0, 40.0);
        }

      g_snprintf (name, sizeof name, "Synthetic town %u", i + 1);
      town->id = i + 1;
      town->name = g_string_chunk_insert (data->names, name);
      town->population = -1;
      town_set_position (town, lat, lon);
    }

  data->links = g_new0 (TaNetworkLink, MAX (n_links, 1));
  pair_keys = g_new (gint64, MAX (n_links, 1));
  while (data->n_links < n_links)
    {
      TaNetworkLink *link;
      guint a = g_rand_int_range (rand, 0, n_towns);
      guint b = g_rand_boolean (rand)
                ? (guint) g_rand_int_range (rand, 0, n_hubs)
                : (guint) g_rand_int_range (rand, 0, n_towns);
      gint64 *key = &pair_keys[data->n_links];
      guint weight;

      if (a == b)
        continue;
      if (a > b)
        {
          guint t = a;
          a = b;
          b = t;
        }
      *key = (gint64) a * n_towns + b;
      if (g_hash_table_contains (pairs, key))
        continue;
      g_hash_table_add (pairs, key);

      link = &data->links[data->n_links];
      link->id = data->n_links + 1;
      link->town_a = a;
      link->town_b = b;
      weight = g_rand_int_range (rand, 0, strlen (synthetic_kinds_weights));
      link->kind = synthetic_kinds_weights[weight] == 'T' ? TA_LINK_KIND_TWINNING :
                   synthetic_kinds_weights[weight] == 'P' ? TA_LINK_KIND_PARTNERSHIP :
                   synthetic_kinds_weights[weight] == 'F' ? TA_LINK_KIND_FRIENDSHIP :
                   synthetic_kinds_weights[weight] == 'C' ? TA_LINK_KIND_COOPERATION :
                   TA_LINK_KIND_OTHER;
      weight = g_rand_int_range (rand, 0, 50);
      link->status = weight < 2 ? TA_LINK_STATUS_ENDED :
                     weight < 4 ? TA_LINK_STATUS_SUSPENDED :
                     TA_LINK_STATUS_ACTIVE;
      if (g_rand_int_range (rand, 0, 3) > 0)
        link->start_year = (gint16) g_rand_int_range (rand, 1950, 2021);
      if (link->status == TA_LINK_STATUS_ENDED && link->start_year > 0)
        link->end_year = (gint16) g_rand_int_range (rand, link->start_year, 2023);
      data->n_links++;
    }

  network_data_finish (data);

  return network_new_for_data (data, NULL);
}

/**
 * ta_network_with_visible_links:
 * @self: a network
 * @link_ids: (element-type gint64) (nullable): ids of the links to show
 *
 * Returns: (transfer full): a view of @self's data showing only @link_ids
 */
TaNetwork *
ta_network_with_visible_links (TaNetwork *self,
                               GArray    *link_ids)
{
  guint8 *visible = NULL;

  g_return_val_if_fail (TA_IS_NETWORK (self), NULL);
  g_return_val_if_fail (link_ids == NULL || g_array_get_element_size (link_ids) == sizeof (gint64), NULL);

  if (link_ids != NULL)
    {
      visible = g_new0 (guint8, MAX (self->data->n_links, 1));
      for (guint i = 0; i < link_ids->len; i++)
        {
          int index = ta_network_find_link (self, g_array_index (link_ids, gint64, i));

          if (index >= 0)
            visible[index] = 1;
        }
    }

  return network_new_for_data (g_atomic_rc_box_acquire (self->data), visible);
}

/* Accessors */

guint
ta_network_get_n_towns (TaNetwork *self)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);

  return self->data->n_towns;
}

guint
ta_network_get_n_links (TaNetwork *self)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);

  return self->data->n_links;
}

const TaNetworkTown *
ta_network_get_town (TaNetwork *self,
                     guint      index)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), NULL);
  g_return_val_if_fail (index < self->data->n_towns, NULL);

  return &self->data->towns[index];
}

const TaNetworkLink *
ta_network_get_link (TaNetwork *self,
                     guint      index)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), NULL);
  g_return_val_if_fail (index < self->data->n_links, NULL);

  return &self->data->links[index];
}

/* Returns: the index of the town with id @town_id, or -1 */
int
ta_network_find_town (TaNetwork *self,
                      gint64     town_id)
{
  const TaNetworkTown *town;

  g_return_val_if_fail (TA_IS_NETWORK (self), -1);

  town = bsearch (&town_id, self->data->towns, self->data->n_towns,
                  sizeof (TaNetworkTown), compare_town_ids);
  return town ? (int) (town - self->data->towns) : -1;
}

/* Returns: the index of the link with id @link_id, or -1 */
int
ta_network_find_link (TaNetwork *self,
                      gint64     link_id)
{
  const TaNetworkLink *link;

  g_return_val_if_fail (TA_IS_NETWORK (self), -1);

  link = bsearch (&link_id, self->data->links, self->data->n_links,
                  sizeof (TaNetworkLink), compare_link_ids);
  return link ? (int) (link - self->data->links) : -1;
}

guint
ta_network_get_n_visible_links (TaNetwork *self)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);

  return self->n_visible;
}

gboolean
ta_network_is_link_visible (TaNetwork *self,
                            guint      index)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), FALSE);
  g_return_val_if_fail (index < self->data->n_links, FALSE);

  return self->visible == NULL || self->visible[index];
}

guint
ta_network_get_town_n_visible_links (TaNetwork *self,
                                     guint      index)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);
  g_return_val_if_fail (index < self->data->n_towns, 0);

  return self->town_n_visible[index];
}

const guint *
ta_network_get_town_links (TaNetwork *self,
                           guint      index,
                           guint     *n_links)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), NULL);
  g_return_val_if_fail (index < self->data->n_towns, NULL);
  g_return_val_if_fail (n_links != NULL, NULL);

  *n_links = self->town_link_start[index + 1] - self->town_link_start[index];
  return self->town_link_items + self->town_link_start[index];
}

const double *
ta_network_get_link_points (TaNetwork *self,
                            guint      index,
                            guint     *n_points)
{
  const TaNetworkLink *link;

  g_return_val_if_fail (TA_IS_NETWORK (self), NULL);
  g_return_val_if_fail (index < self->data->n_links, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  link = &self->data->links[index];
  *n_points = link->n_points;
  return self->data->points + 2 * (gsize) link->first_point;
}

void
ta_network_get_link_bounds (TaNetwork *self,
                            guint      index,
                            double    *min_x,
                            double    *min_y,
                            double    *max_x,
                            double    *max_y)
{
  const double *b;

  g_return_if_fail (TA_IS_NETWORK (self));
  g_return_if_fail (index < self->data->n_links);

  b = self->data->link_bounds + 4 * (gsize) index;
  *min_x = b[0];
  *min_y = b[1];
  *max_x = b[2];
  *max_y = b[3];
}

double
ta_network_get_total_length (TaNetwork *self)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);

  return self->total_length;
}

double
ta_network_get_busy_area (TaNetwork *self)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);

  return self->busy_area;
}

/**
 * ta_network_get_link_crowding:
 * @self: a network
 * @index: a link index
 *
 * How crowded the map is along a visible link: the length of all visible
 * arcs per square unit round its ends and along its way (0 for hidden
 * links).
 */
double
ta_network_get_link_crowding (TaNetwork *self,
                              guint      index)
{
  g_return_val_if_fail (TA_IS_NETWORK (self), 0);
  g_return_val_if_fail (index < self->data->n_links, 0);

  return self->crowding[index];
}

/**
 * ta_network_get_town_min_links:
 * @self: a network
 * @zoom: the zoom level
 *
 * Where towns would crowd into a grey mass, only the best-linked ones get
 * a dot (and can be hit): those with at least this many visible links.
 *
 * Returns: the least number of visible links of a town drawn at @zoom
 */
guint
ta_network_get_town_min_links (TaNetwork *self,
                               double     zoom)
{
  double ppu = ta_projection_world_size (zoom);
  double budget;

  g_return_val_if_fail (TA_IS_NETWORK (self), 1);

  budget = self->busy_area * ppu * ppu / PIXELS_PER_TOWN;
  for (guint k = 1; k < TOWN_HISTOGRAM_SIZE; k++)
    if (self->towns_with_at_least[k] <= budget)
      return k;
  return TOWN_HISTOGRAM_SIZE - 1;
}

/* Spatial queries */

void
ta_network_foreach_town_in_box (TaNetwork          *self,
                                double              min_x,
                                double              min_y,
                                double              max_x,
                                double              max_y,
                                TaNetworkVisitFunc  func,
                                gpointer            user_data)
{
  g_return_if_fail (TA_IS_NETWORK (self));
  g_return_if_fail (func != NULL);

  box_tree_search (self->town_tree, min_x, min_y, max_x, max_y, func, user_data);
}

void
ta_network_foreach_link_in_box (TaNetwork          *self,
                                double              min_x,
                                double              min_y,
                                double              max_x,
                                double              max_y,
                                TaNetworkVisitFunc  func,
                                gpointer            user_data)
{
  g_return_if_fail (TA_IS_NETWORK (self));
  g_return_if_fail (func != NULL);

  box_tree_search (self->link_tree, min_x, min_y, max_x, max_y, func, user_data);
}

typedef struct
{
  TaNetwork *self;
  double     x;
  double     y;
  double     shift;
  double     ppu;        /* pixels per unit */
  double     radius_px;
  guint      min_links;
  double     best;       /* distance in pixels */
  int        best_index;
} HitSearch;

/**
 * ta_network_town_radius:
 * @n_links: the town's number of visible links
 * @zoom: the zoom level
 *
 * The radius in pixels of a town's dot: it grows with the number of links
 * and shrinks at low zoom, where towns crowd.  Drawing and hit testing
 * share it.
 */
double
ta_network_town_radius (guint  n_links,
                        double zoom)
{
  double r = 1.3 + 0.7 * log2 (MAX (n_links, 1));
  double f = zoom < 4.5 ? 0.6 : zoom < 5.5 ? 0.7 : zoom < 6.5 ? 0.8 : zoom < 7.5 ? 0.9 : 1.0;

  return MIN (r, 6.0) * f;
}

static gboolean
hit_town_visit (guint    index,
                gpointer user_data)
{
  HitSearch *search = user_data;
  const TaNetworkTown *town = &search->self->data->towns[index];
  double d = hypot (town->x + search->shift - search->x, town->y - search->y) * search->ppu;
  double dot = ta_network_town_radius (search->self->town_n_visible[index], log2 (search->ppu / 256.0));

  if (search->self->town_n_visible[index] < search->min_links)
    return TRUE;

  /* Inside a dot counts as distance zero so a big dot wins over a
   * small one whose centre is nearer. */
  d = MAX (d - dot, 0.0);
  if (d <= search->radius_px && (d < search->best || (d == search->best && (int) index < search->best_index)))
    {
      search->best = d;
      search->best_index = (int) index;
    }
  return TRUE;
}

int
ta_network_hit_town (TaNetwork *self,
                     double     zoom,
                     double     x,
                     double     y,
                     double     radius_px)
{
  HitSearch search = { self, 0, y, 0, 256.0 * exp2 (zoom), radius_px, 1, G_MAXDOUBLE, -1 };
  double reach;

  g_return_val_if_fail (TA_IS_NETWORK (self), -1);

  search.x = x - floor (x);
  search.min_links = ta_network_get_town_min_links (self, zoom);
  reach = (radius_px + ta_network_town_radius (G_MAXUINT, zoom)) / search.ppu;
  for (int k = -1; k <= 1; k++)
    {
      search.shift = k;
      box_tree_search (self->town_tree,
                       search.x - k - reach, y - reach, search.x - k + reach, y + reach,
                       hit_town_visit, &search);
    }

  return search.best_index;
}

static double
point_segment_distance (double px,
                        double py,
                        double ax,
                        double ay,
                        double bx,
                        double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static gboolean
hit_link_visit (guint    index,
                gpointer user_data)
{
  HitSearch *search = user_data;
  guint n_points;
  const double *p = ta_network_get_link_points (search->self, index, &n_points);
  double px = search->x - search->shift;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i + 1 < n_points; i++)
    best = MIN (best, point_segment_distance (px, search->y,
                                              p[2 * i], p[2 * i + 1],
                                              p[2 * i + 2], p[2 * i + 3]));
  best *= search->ppu;

  if (best <= search->radius_px && (best < search->best || (best == search->best && (int) index < search->best_index)))
    {
      search->best = best;
      search->best_index = (int) index;
    }
  return TRUE;
}

int
ta_network_hit_link (TaNetwork *self,
                     double     zoom,
                     double     x,
                     double     y,
                     double     radius_px)
{
  HitSearch search = { self, 0, y, 0, 256.0 * exp2 (zoom), radius_px, 1, G_MAXDOUBLE, -1 };
  double reach;

  g_return_val_if_fail (TA_IS_NETWORK (self), -1);

  search.x = x - floor (x);
  reach = radius_px / search.ppu;
  /* Arcs run up to half a world beyond [0, 1]: look at the point as it
   * is and one world to either side. */
  for (int k = -1; k <= 1; k++)
    {
      search.shift = k;
      box_tree_search (self->link_tree,
                       search.x - k - reach, y - reach, search.x - k + reach, y + reach,
                       hit_link_visit, &search);
    }

  return search.best_index;
}

const char *
ta_link_kind_to_string (TaLinkKind kind)
{
  g_return_val_if_fail (kind < TA_N_LINK_KINDS, NULL);

  return kind_names[kind];
}

const char *
ta_link_status_to_string (TaLinkStatus status)
{
  g_return_val_if_fail (status < TA_N_LINK_STATUSES, NULL);

  return status_names[status];
}
