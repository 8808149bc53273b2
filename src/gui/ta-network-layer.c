/* ta-network-layer.c: the towns-and-arcs overlay of the map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rasterising thousands of arcs takes cairo hundreds of milliseconds, so a
 * frame must never do it.  The overlay is cut into 512-pixel tiles at
 * whole zoom levels (the nearest one), drawn by low-priority worker threads
 * (ta_network_render_tile()) and kept in an LRU cache as image surfaces
 * with textures sharing their pixels; a frame only places them, scaled for
 * the fractional zoom the way ShumateMapLayer scales the basemap's tiles,
 * so both stay aligned.  While a tile is being drawn its place shows the
 * tile of a nearby zoom level, or the one of the previous network.  Tiles
 * around the view are drawn ahead, and jobs for tiles that left it are
 * cancelled.
 *
 * Tiles depend only on the network and the zoom level.  A selection does
 * not redraw them: the tiles are shown faded and the selected town's links,
 * rings and names, few by nature, are drawn into one more image on the
 * main thread, again only when the zoom level or the selection changes or
 * the view leaves the part it covers.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ta-network-layer.h"
#include "ta-network-renderer.h"

/* Overlay tile side in logical pixels: two basemap tiles. */
#define TILE_SIZE 512

/* The tile cache keeps twice what the view and its margin need (a
 * 1200×760 view: 20 tiles of 1 MB), and at least this much.  Under GL each
 * tile has a second copy in the texture, so the cache must stay small. */
#define MIN_CACHE_BYTES ((gsize) 32 * 1024 * 1024)

/* Tiles drawn ahead around the view, so panning finds them ready. */
#define PREFETCH_MARGIN 1

/* How far the pointer may be from a dot or an arc to hit it, in pixels. */
#define HIT_RADIUS 4.0

/* Opacity of the overlay behind a selection. */
#define DIMMED_OPACITY 0.3

/* The selection texture reaches this share of the view beyond each edge. */
#define SELECTION_MARGIN 0.25

/* Room for the names round the selection's arcs, in pixels. */
#define LABEL_MARGIN 220.0

typedef struct
{
  int zoom;
  int x;
  int y;
} TileKey;

typedef struct
{
  TileKey     key;
  guint       generation;
  cairo_surface_t *surface; /* NULL: the tile has nothing on it */
  GdkTexture *texture;      /* the same pixels, for GL */
  gsize       bytes;
  guint64     last_frame;
  GList       lru_link;
} CachedTile;

typedef struct
{
  TileKey       key;
  guint         generation;
  int           scale;
  double        priority;
  TaNetwork    *network;
  GCancellable *cancellable;
  GMainContext *context;
  GWeakRef      layer;

  /* Set by the worker. */
  cairo_surface_t *surface;
  gboolean         empty;
} TileJob;

/* Where the view is, computed the way ShumateMapLayer does: tiles sit on
 * the pixel grid of the whole zoom level below, centred on the viewport's
 * location, then everything is scaled by 2^(zoom fraction) round the
 * centre.  (libshumate 1.0.3 keeps the centre's fractional pixel; the
 * alignment test measures it.) */
typedef struct
{
  double width;
  double height;
  double zoom;
  int    base_zoom;       /* floor (zoom) */
  double extra;           /* 2^(zoom - base_zoom) */
  double rotation;
  double world;           /* pixels per unit at base_zoom */
  double offset_x;        /* where unit 0 is before scaling */
  double offset_y;
  int    tile_zoom;       /* the overlay tiles' zoom: round (zoom) */
  double min_x;           /* the view in unit coordinates */
  double min_y;
  double max_x;
  double max_y;
  gboolean transformed;   /* the snapshot scales and rotates, see view_map_place() */
} ViewMap;

typedef struct
{
  int zoom;
  int x0, x1;             /* unwrapped */
  int y0, y1;
  int columns;
} TileRange;

struct _TaNetworkLayer
{
  ShumateLayer        parent_instance;

  /* Owned */
  TaNetwork          *network;
  gint64              selected_town;
  gint64              selected_link;
  guint               generation;
  int                 scale;
  guint64             frame;
  gboolean            last_frame_complete;

  GHashTable         *tiles;          /* TileKey → CachedTile */
  GQueue              lru;            /* most recently used first */
  gsize               cache_bytes;
  gsize               cache_limit;
  GHashTable         *jobs;           /* TileKey → TileJob, queued or running */
  GThreadPool        *pool;

  /* The selection's texture and the part of the world it covers. */
  cairo_surface_t    *selection_surface;
  GdkTexture         *selection_texture;
  gboolean            selection_valid;
  int                 selection_zoom;
  double              selection_box[4];
  double              selection_covers[4];

  int                 hover_town;
  int                 hover_link;
  gboolean            cairo_nodes;    /* drawing with GSK's cairo renderer */
};

G_DEFINE_FINAL_TYPE (TaNetworkLayer, ta_network_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_NETWORK,
  PROP_SELECTED_TOWN,
  PROP_SELECTED_LINK,
  N_PROPS
};

enum {
  TOWN_ACTIVATED,
  LINK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Tile keys */

static guint
tile_key_hash (gconstpointer data)
{
  const TileKey *key = data;

  return (guint) key->zoom * 0x9e3779b1u ^ (guint) key->x * 0x85ebca6bu ^ (guint) key->y * 0xc2b2ae35u;
}

static gboolean
tile_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TileKey *ka = a;
  const TileKey *kb = b;

  return ka->zoom == kb->zoom && ka->x == kb->x && ka->y == kb->y;
}

/* Tiles per row (and column) at @zoom; zoom 0 is one tile with the world
 * twice in it. */
static int
tile_count (int zoom)
{
  return MAX (1, (256 << zoom) / TILE_SIZE);
}

static int
wrap_column (int x,
             int zoom)
{
  int n = tile_count (zoom);

  return ((x % n) + n) % n;
}

/* Cached tiles */

static void
cached_tile_free (gpointer data)
{
  CachedTile *tile = data;

  g_clear_object (&tile->texture);
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

static void
cache_remove (TaNetworkLayer *self,
              CachedTile     *tile)
{
  g_queue_unlink (&self->lru, &tile->lru_link);
  self->cache_bytes -= tile->bytes;
  g_hash_table_remove (self->tiles, &tile->key);
}

static void
cache_touch (TaNetworkLayer *self,
             CachedTile     *tile)
{
  tile->last_frame = self->frame;
  g_queue_unlink (&self->lru, &tile->lru_link);
  g_queue_push_head_link (&self->lru, &tile->lru_link);
}

static GdkTexture *texture_for_surface (cairo_surface_t *surface);

static void
cache_store (TaNetworkLayer  *self,
             const TileKey   *key,
             guint            generation,
             cairo_surface_t *surface)
{
  CachedTile *tile = g_hash_table_lookup (self->tiles, key);

  if (tile != NULL)
    {
      /* A late tile of an older network must not replace a newer one. */
      if ((int) (tile->generation - generation) > 0)
        return;
      cache_remove (self, tile);
    }

  tile = g_new0 (CachedTile, 1);
  tile->key = *key;
  tile->generation = generation;
  if (surface != NULL)
    {
      tile->surface = cairo_surface_reference (surface);
      tile->texture = texture_for_surface (surface);
      tile->bytes = (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
    }
  else
    tile->bytes = 64;
  tile->lru_link.data = tile;
  tile->last_frame = self->frame;
  g_queue_push_head_link (&self->lru, &tile->lru_link);
  self->cache_bytes += tile->bytes;
  g_hash_table_insert (self->tiles, &tile->key, tile);
}

/* Drops least recently used tiles beyond the budget, never one the last
 * frame showed. */
static void
cache_trim (TaNetworkLayer *self)
{
  while (self->cache_bytes > self->cache_limit && self->lru.tail != NULL)
    {
      CachedTile *tile = self->lru.tail->data;

      if (tile->last_frame == self->frame)
        break;
      cache_remove (self, tile);
    }
}

static void
cache_clear (TaNetworkLayer *self)
{
  while (self->lru.head != NULL)
    cache_remove (self, self->lru.head->data);
}

/* Jobs */

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->network);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_weak_ref_clear (&job->layer);
}

static TileJob *
tile_job_ref (TileJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
tile_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) tile_job_free);
}

static gint
tile_job_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const TileJob *ja = a;
  const TileJob *jb = b;

  return (ja->priority > jb->priority) - (ja->priority < jb->priority);
}

static gboolean
surface_is_blank (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if (row[x] != 0)
          return FALSE;
    }
  return TRUE;
}

static gboolean tile_job_done_cb (gpointer data);

/* Tiles are drawn ahead of need and while frames run; on a machine with
 * few cores (and a software GL that renders on them) the frames must win,
 * so workers run at a lower priority.  Linux gives each thread its own
 * nice value. */
static void
lower_thread_priority (void)
{
#ifdef __linux__
  static GPrivate lowered;

  if (g_private_get (&lowered) != NULL)
    return;
  g_private_set (&lowered, GINT_TO_POINTER (1));
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Could not lower the priority of a tile thread: %s", g_strerror (errno));
#endif
}

/* Runs in a worker thread: touches only the job and the immutable network. */
static void
render_tile_in_thread (gpointer data,
                       gpointer user_data)
{
  TileJob *job = data;
  TaNetworkRenderOptions options;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  lower_thread_priority ();

  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            TILE_SIZE * job->scale, TILE_SIZE * job->scale);
      cr = cairo_create (surface);
      ta_network_render_options_init (&options);
      options.parts = TA_NETWORK_RENDER_LINKS | TA_NETWORK_RENDER_TOWNS;
      options.cancellable = job->cancellable;
      ok = ta_network_render_tile (job->network, cr, job->key.zoom, job->key.x, job->key.y,
                                   TILE_SIZE, job->scale, &options);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      if (ok && surface_is_blank (surface))
        job->empty = TRUE;
      else if (ok)
        job->surface = g_steal_pointer (&surface);
      g_clear_pointer (&surface, cairo_surface_destroy);
    }

  /* The pool's reference goes to the main-thread callback. */
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT,
                              tile_job_done_cb, job, tile_job_unref);
}

static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);

  /* No copy: the bytes keep the surface alive. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static gboolean
tile_job_done_cb (gpointer data)
{
  TileJob *job = data;
  g_autoptr(TaNetworkLayer) self = g_weak_ref_get (&job->layer);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (g_hash_table_lookup (self->jobs, &job->key) == job)
    g_hash_table_remove (self->jobs, &job->key);

  if (g_cancellable_is_cancelled (job->cancellable) || (job->surface == NULL && !job->empty))
    return G_SOURCE_REMOVE;

  cache_store (self, &job->key, job->generation, job->surface);
  cache_trim (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

static void
request_tile (TaNetworkLayer *self,
              const TileKey  *key,
              double          priority)
{
  TileJob *job = g_hash_table_lookup (self->jobs, key);

  if (job != NULL)
    {
      if (job->generation == self->generation)
        return;
      g_cancellable_cancel (job->cancellable);
      g_hash_table_remove (self->jobs, key);
    }

  job = g_atomic_rc_box_new0 (TileJob);
  job->key = *key;
  job->generation = self->generation;
  job->scale = self->scale;
  job->priority = priority;
  job->network = g_object_ref (self->network);
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->layer, self);

  g_hash_table_insert (self->jobs, &job->key, tile_job_ref (job));
  g_thread_pool_push (self->pool, job, NULL);
}

static gboolean
tile_range_contains (const TileRange *range,
                     const TileKey   *key)
{
  int span = range->x1 - range->x0 + 1;

  if (key->zoom != range->zoom || key->y < range->y0 || key->y > range->y1)
    return FALSE;
  if (span >= range->columns)
    return TRUE;
  return (((key->x - range->x0) % range->columns) + range->columns) % range->columns < span;
}

/* Jobs for tiles the view no longer needs are dropped (a running one stops
 * at its next check). */
static void
cancel_jobs_outside (TaNetworkLayer  *self,
                     const TileRange *range)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TileJob *job = value;

      if (!tile_range_contains (range, &job->key))
        {
          g_cancellable_cancel (job->cancellable);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static void
cancel_all_jobs (TaNetworkLayer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (((TileJob *) value)->cancellable);
  g_hash_table_remove_all (self->jobs);
}

/* View maths */

static void
rotate (double *x,
        double *y,
        double  cx,
        double  cy,
        double  angle)
{
  double dx = *x - cx, dy = *y - cy;

  *x = cx + cos (angle) * dx - sin (angle) * dy;
  *y = cy + sin (angle) * dx + cos (angle) * dy;
}

/* Widget → pre-scale pixels, undoing the scale and rotation round the centre. */
static void
view_map_unproject (const ViewMap *map,
                    double         x,
                    double         y,
                    double        *unit_x,
                    double        *unit_y)
{
  double cx = map->width / 2.0, cy = map->height / 2.0;

  x = cx + (x - cx) / map->extra;
  y = cy + (y - cy) / map->extra;
  rotate (&x, &y, cx, cy, -map->rotation);
  *unit_x = (x - map->offset_x) / map->world;
  *unit_y = (y - map->offset_y) / map->world;
}

static void
view_map_project (const ViewMap *map,
                  double         unit_x,
                  double         unit_y,
                  double        *x,
                  double        *y)
{
  double cx = map->width / 2.0, cy = map->height / 2.0;

  *x = unit_x * map->world + map->offset_x;
  *y = unit_y * map->world + map->offset_y;
  rotate (x, y, cx, cy, map->rotation);
  *x = cx + (*x - cx) * map->extra;
  *y = cy + (*y - cy) * map->extra;
}

static void
view_map_init (TaNetworkLayer *self,
               ViewMap        *map)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  double lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double tile_size = source ? shumate_map_source_get_tile_size (source) : 256;
  double center_x, center_y;
  double corners[4][2] = { { 0, 0 }, { width, 0 }, { 0, height }, { width, height } };

  map->width = width;
  map->height = height;
  map->zoom = shumate_viewport_get_zoom_level (viewport);
  map->base_zoom = (int) map->zoom;
  map->extra = exp2 (fmod (map->zoom, 1.0));
  map->rotation = shumate_viewport_get_rotation (viewport);
  map->world = tile_size * exp2 (map->base_zoom);

  if (source != NULL)
    {
      center_x = shumate_map_source_get_x (source, map->base_zoom, lon);
      center_y = shumate_map_source_get_y (source, map->base_zoom, lat);
    }
  else
    {
      double sin_lat = sin (CLAMP (lat, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE) * G_PI / 180.0);

      center_x = (lon + 180.0) / 360.0 * map->world;
      center_y = (0.5 - log ((1 + sin_lat) / (1 - sin_lat)) / (4 * G_PI)) * map->world;
    }

  map->offset_x = -center_x + width / 2.0;
  map->offset_y = -center_y + height / 2.0;

  /* Tiles of the nearest whole zoom: scaled by 0.71 to 1.41, never
   * blurred by more than half a level. */
  map->tile_zoom = (int) CLAMP (round (map->zoom + log2 (tile_size / 256.0)), 0, 24);

  map->min_x = map->min_y = G_MAXDOUBLE;
  map->max_x = map->max_y = -G_MAXDOUBLE;
  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      double ux, uy;

      view_map_unproject (map, corners[i][0], corners[i][1], &ux, &uy);
      map->min_x = MIN (map->min_x, ux);
      map->min_y = MIN (map->min_y, uy);
      map->max_x = MAX (map->max_x, ux);
      map->max_y = MAX (map->max_y, uy);
    }
}

/* Pixels of overlay tiles at @zoom per unit. */
static double
tile_world (int zoom)
{
  return 256.0 * exp2 (zoom);
}

static void
view_map_tile_range (const ViewMap *map,
                     int            margin,
                     TileRange     *range)
{
  double scale = tile_world (map->tile_zoom) / TILE_SIZE;
  int rows = tile_count (map->tile_zoom);

  range->zoom = map->tile_zoom;
  range->columns = rows;
  range->x0 = (int) floor (map->min_x * scale) - margin;
  range->x1 = (int) floor (map->max_x * scale) + margin;
  range->y0 = MAX (0, (int) floor (map->min_y * scale) - margin);
  range->y1 = MIN (rows - 1, (int) floor (map->max_y * scale) + margin);
}

/* A rectangle given before the fractional scale, where to draw it: as it
 * is when the snapshot itself scales (and rotates), else scaled round the
 * centre here. */
static graphene_rect_t
view_map_place (const ViewMap *map,
                double         x,
                double         y,
                double         width,
                double         height)
{
  double cx = map->width / 2.0, cy = map->height / 2.0;

  if (map->transformed)
    return GRAPHENE_RECT_INIT (x, y, width, height);
  return GRAPHENE_RECT_INIT (cx + (x - cx) * map->extra, cy + (y - cy) * map->extra,
                             width * map->extra, height * map->extra);
}

/* Where tile (x, y) at @zoom goes. */
static graphene_rect_t
tile_rect (const ViewMap *map,
           int            zoom,
           int            x,
           int            y)
{
  double size = TILE_SIZE / tile_world (zoom) * map->world;

  return view_map_place (map, x * size + map->offset_x, y * size + map->offset_y, size, size);
}

/* Snapshot */

static CachedTile *
lookup_tile (TaNetworkLayer *self,
             int             zoom,
             int             x,
             int             y)
{
  TileKey key = { zoom, wrap_column (x, zoom), y };

  if (zoom < 0 || y < 0 || y >= tile_count (zoom))
    return NULL;
  return g_hash_table_lookup (self->tiles, &key);
}

/* GTK 4.8's cairo renderer converts a texture's every pixel through floats
 * each frame it is drawn (most of a frame's time, measured with perf);
 * a cairo node that paints the image surface is composited by pixman
 * directly.  The GL renderer uploads a texture once and keeps it. */
static void
append_image (TaNetworkLayer        *self,
              GtkSnapshot           *snapshot,
              cairo_surface_t       *surface,
              GdkTexture            *texture,
              const graphene_rect_t *rect)
{
  cairo_t *cr;
  double sx, sy;

  if (!self->cairo_nodes)
    {
      gtk_snapshot_append_texture (snapshot, texture, rect);
      return;
    }

  sx = rect->size.width / cairo_image_surface_get_width (surface);
  sy = rect->size.height / cairo_image_surface_get_height (surface);
  cr = gtk_snapshot_append_cairo (snapshot, rect);
  cairo_translate (cr, rect->origin.x, rect->origin.y);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
append_tile (TaNetworkLayer  *self,
             GtkSnapshot     *snapshot,
             CachedTile      *tile,
             graphene_rect_t *rect)
{
  cache_touch (self, tile);
  if (tile->surface != NULL)
    append_image (self, snapshot, tile->surface, tile->texture, rect);
}

/* Something for a tile still being drawn: its tile from before a network
 * change, else an ancestor (clipped to the tile), else what children
 * there are. */
static void
append_placeholder (TaNetworkLayer *self,
                    GtkSnapshot    *snapshot,
                    const ViewMap  *map,
                    int             zoom,
                    int             x,
                    int             y)
{
  graphene_rect_t rect = tile_rect (map, zoom, x, y);
  CachedTile *tile = lookup_tile (self, zoom, x, y);

  if (tile != NULL)
    {
      append_tile (self, snapshot, tile, &rect);
      return;
    }

  for (int up = 1; up <= 4 && zoom - up >= 0; up++)
    {
      int px = x >> up, py = y >> up;

      tile = lookup_tile (self, zoom - up, px, py);
      if (tile != NULL)
        {
          graphene_rect_t parent = tile_rect (map, zoom - up, px, py);

          gtk_snapshot_push_clip (snapshot, &rect);
          append_tile (self, snapshot, tile, &parent);
          gtk_snapshot_pop (snapshot);
          return;
        }
    }

  for (int i = 0; i < 4; i++)
    {
      int cx = 2 * x + (i & 1), cy = 2 * y + (i >> 1);

      tile = lookup_tile (self, zoom + 1, cx, cy);
      if (tile != NULL)
        {
          graphene_rect_t child = tile_rect (map, zoom + 1, cx, cy);

          append_tile (self, snapshot, tile, &child);
        }
    }
}

static gboolean
append_tiles (TaNetworkLayer *self,
              GtkSnapshot    *snapshot,
              const ViewMap  *map)
{
  TileRange visible, wanted;
  double centre_x = (map->min_x + map->max_x) / 2 * tile_world (map->tile_zoom) / TILE_SIZE;
  double centre_y = (map->min_y + map->max_y) / 2 * tile_world (map->tile_zoom) / TILE_SIZE;
  gboolean complete = TRUE;

  view_map_tile_range (map, 0, &visible);
  view_map_tile_range (map, PREFETCH_MARGIN, &wanted);
  self->cache_limit = MAX (MIN_CACHE_BYTES,
                           2 * (gsize) (wanted.x1 - wanted.x0 + 1) * (wanted.y1 - wanted.y0 + 1) *
                           TILE_SIZE * TILE_SIZE * 4 * self->scale * self->scale);

  for (int y = wanted.y0; y <= wanted.y1; y++)
    for (int x = wanted.x0; x <= wanted.x1; x++)
      {
        TileKey key = { wanted.zoom, wrap_column (x, wanted.zoom), y };
        CachedTile *tile = g_hash_table_lookup (self->tiles, &key);
        gboolean shown = x >= visible.x0 && x <= visible.x1 && y >= visible.y0 && y <= visible.y1;
        gboolean current = tile != NULL && tile->generation == self->generation;

        if (shown && current)
          {
            graphene_rect_t rect = tile_rect (map, wanted.zoom, x, y);

            append_tile (self, snapshot, tile, &rect);
          }
        else if (shown)
          append_placeholder (self, snapshot, map, wanted.zoom, x, y);

        if (!current)
          {
            /* Visible tiles first, nearest the centre first. */
            double distance = hypot (x + 0.5 - centre_x, y + 0.5 - centre_y);

            request_tile (self, &key, shown ? distance : 1000 + distance);
            if (shown)
              complete = FALSE;
          }
      }

  cancel_jobs_outside (self, &wanted);
  return complete;
}

static int
selected_town_index (TaNetworkLayer *self)
{
  return self->network && self->selected_town >= 0
         ? ta_network_find_town (self->network, self->selected_town) : -1;
}

static int
selected_link_index (TaNetworkLayer *self)
{
  return self->network && self->selected_link >= 0
         ? ta_network_find_link (self->network, self->selected_link) : -1;
}

static void
expand_box (double       *box,
            double        x0,
            double        y0,
            double        x1,
            double        y1)
{
  box[0] = MIN (box[0], x0);
  box[1] = MIN (box[1], y0);
  box[2] = MAX (box[2], x1);
  box[3] = MAX (box[3], y1);
}

/* The box of the selection's arcs and towns, unwrapped. */
static gboolean
selection_bounds (TaNetworkLayer *self,
                  double         *box)
{
  int town = selected_town_index (self);
  int link = selected_link_index (self);
  double b[4];

  box[0] = box[1] = G_MAXDOUBLE;
  box[2] = box[3] = -G_MAXDOUBLE;

  if (town >= 0)
    {
      const TaNetworkTown *t = ta_network_get_town (self->network, town);
      guint n_links;
      const guint *links = ta_network_get_town_links (self->network, town, &n_links);

      expand_box (box, t->x, t->y, t->x, t->y);
      for (guint i = 0; i < n_links; i++)
        {
          ta_network_get_link_bounds (self->network, links[i], &b[0], &b[1], &b[2], &b[3]);
          expand_box (box, b[0], b[1], b[2], b[3]);
        }
    }
  if (link >= 0)
    {
      ta_network_get_link_bounds (self->network, link, &b[0], &b[1], &b[2], &b[3]);
      expand_box (box, b[0], b[1], b[2], b[3]);
    }

  return box[0] <= box[2];
}

/* Draws the selection for the view plus a margin, clipped to where the
 * selection is, at the tile zoom; on the main thread, as it is small. */
static void
update_selection_texture (TaNetworkLayer *self,
                          const ViewMap  *map)
{
  TaNetworkRenderOptions options;
  double ppu = tile_world (map->tile_zoom);
  double margin_x = (map->max_x - map->min_x) * SELECTION_MARGIN;
  double margin_y = (map->max_y - map->min_y) * SELECTION_MARGIN;
  double label = LABEL_MARGIN / ppu;
  double sel[4], box[4];
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;

  g_clear_object (&self->selection_texture);
  g_clear_pointer (&self->selection_surface, cairo_surface_destroy);
  self->selection_valid = TRUE;
  self->selection_zoom = map->tile_zoom;
  self->selection_covers[0] = map->min_x - margin_x;
  self->selection_covers[1] = map->min_y - margin_y;
  self->selection_covers[2] = map->max_x + margin_x;
  self->selection_covers[3] = map->max_y + margin_y;

  if (!selection_bounds (self, sel))
    return;

  /* Clip to the selection in y, and in x for each world copy that shows. */
  box[0] = box[1] = G_MAXDOUBLE;
  box[2] = box[3] = -G_MAXDOUBLE;
  for (int shift = (int) floor (self->selection_covers[0]) - 1;
       shift <= (int) ceil (self->selection_covers[2]) + 1; shift++)
    {
      double x0 = MAX (sel[0] + shift - label, self->selection_covers[0]);
      double x1 = MIN (sel[2] + shift + label, self->selection_covers[2]);

      if (x0 < x1)
        expand_box (box, x0, 0, x1, 0);
    }
  box[1] = MAX (sel[1] - label, self->selection_covers[1]);
  box[3] = MIN (sel[3] + label, self->selection_covers[3]);
  if (box[0] >= box[2] || box[1] >= box[3])
    return;

  width = (int) MIN (ceil ((box[2] - box[0]) * ppu), 8192 / self->scale);
  height = (int) MIN (ceil ((box[3] - box[1]) * ppu), 8192 / self->scale);
  box[2] = box[0] + width / ppu;
  box[3] = box[1] + height / ppu;
  memcpy (self->selection_box, box, sizeof box);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * self->scale, height * self->scale);
  cr = cairo_create (surface);
  cairo_scale (cr, self->scale, self->scale);
  ta_network_render_options_init (&options);
  options.parts = TA_NETWORK_RENDER_SELECTION;
  options.selected_town = selected_town_index (self);
  options.selected_link = selected_link_index (self);
  ta_network_render_view (self->network, cr, map->tile_zoom, box[0], box[1], width, height, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  self->selection_texture = texture_for_surface (surface);
  self->selection_surface = surface;
}

static void
append_selection (TaNetworkLayer *self,
                  GtkSnapshot    *snapshot,
                  const ViewMap  *map)
{
  const double *covers = self->selection_covers;
  graphene_rect_t rect;
  double scale;

  if (!self->selection_valid ||
      self->selection_zoom != map->tile_zoom ||
      map->min_x < covers[0] || map->min_y < covers[1] ||
      map->max_x > covers[2] || map->max_y > covers[3])
    update_selection_texture (self, map);

  if (self->selection_texture == NULL)
    return;

  scale = map->world;
  rect = view_map_place (map,
                         self->selection_box[0] * scale + map->offset_x,
                         self->selection_box[1] * scale + map->offset_y,
                         (self->selection_box[2] - self->selection_box[0]) * scale,
                         (self->selection_box[3] - self->selection_box[1]) * scale);
  append_image (self, snapshot, self->selection_surface, self->selection_texture, &rect);
}

static void
ta_network_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TaNetworkLayer *self = TA_NETWORK_LAYER (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;
  gboolean selection;
  ViewMap map;

  if (self->network == NULL || gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;

  self->cairo_nodes = renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
  self->frame++;
  view_map_init (self, &map);
  selection = selected_town_index (self) >= 0 || selected_link_index (self) >= 0;

  /* The same transformation as ShumateMapLayer's snapshot.  Cairo nodes
   * under a scaling transform came out wrong with GTK 4.8 (the layer test
   * saw it), so unrotated cairo drawing places its rectangles itself. */
  map.transformed = !self->cairo_nodes || map.rotation != 0;
  gtk_snapshot_save (snapshot);
  if (map.transformed)
    {
      /* No identity scale or rotation nodes: a renderer may take any
       * transformation beyond a translation as a reason to draw offscreen. */
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (map.width / 2.0, map.height / 2.0));
      if (map.extra != 1.0)
        gtk_snapshot_scale (snapshot, map.extra, map.extra);
      if (map.rotation != 0.0)
        gtk_snapshot_rotate (snapshot, map.rotation * 180 / G_PI);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-map.width / 2.0, -map.height / 2.0));
    }

  if (selection)
    gtk_snapshot_push_opacity (snapshot, DIMMED_OPACITY);
  self->last_frame_complete = append_tiles (self, snapshot, &map);
  if (selection)
    {
      gtk_snapshot_pop (snapshot);
      append_selection (self, snapshot, &map);
    }

  gtk_snapshot_restore (snapshot);
  cache_trim (self);
}

/* Hit testing, tooltips, clicks */

/* Hits at the zoom the tiles were drawn at, so what is hit is what shows. */
static void
hit (TaNetworkLayer *self,
     double          x,
     double          y,
     int            *town,
     int            *link)
{
  ViewMap map;
  double ux, uy, radius;

  *town = *link = -1;
  if (self->network == NULL)
    return;

  view_map_init (self, &map);
  view_map_unproject (&map, x, y, &ux, &uy);
  radius = HIT_RADIUS / (map.world * map.extra / tile_world (map.tile_zoom));

  *town = ta_network_hit_town (self->network, map.tile_zoom, ux, uy, radius);
  if (*town < 0)
    *link = ta_network_hit_link (self->network, map.tile_zoom, ux, uy, radius);
}

static const char *
kind_label (TaLinkKind kind)
{
  switch (kind)
    {
    case TA_LINK_KIND_TWINNING:
      return _("Twinning");
    case TA_LINK_KIND_PARTNERSHIP:
      return _("Partnership");
    case TA_LINK_KIND_FRIENDSHIP:
      return _("Friendship");
    case TA_LINK_KIND_COOPERATION:
      return _("Cooperation");
    case TA_LINK_KIND_OTHER:
    case TA_N_LINK_KINDS:
    default:
      return _("Other link");
    }
}

static char *
link_years (const TaNetworkLink *link)
{
  if (link->start_year > 0 && link->end_year > 0)
    /* Translators: the years a link began and ended */
    return g_strdup_printf (_("%d–%d"), link->start_year, link->end_year);
  if (link->start_year > 0)
    return g_strdup_printf ("%d", link->start_year);
  return g_strdup (_("year unknown"));
}

static char *
town_tooltip (TaNetworkLayer *self,
              guint           index)
{
  const TaNetworkTown *town = ta_network_get_town (self->network, index);
  const char *country = town->country_name ? town->country_name : town->country;
  g_autofree char *partners = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partner", "%u partners",
                                                            town->n_links),
                                               town->n_links);

  if (country[0] == '\0')
    return g_markup_printf_escaped ("<b>%s</b>\n%s", town->name, partners);
  return g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", town->name, country, partners);
}

static char *
link_tooltip (TaNetworkLayer *self,
              guint           index)
{
  const TaNetworkLink *link = ta_network_get_link (self->network, index);
  const TaNetworkTown *a = ta_network_get_town (self->network, link->town_a);
  const TaNetworkTown *b = ta_network_get_town (self->network, link->town_b);
  g_autofree char *years = link_years (link);
  const char *status = link->status == TA_LINK_STATUS_SUSPENDED ? _("suspended")
                     : link->status == TA_LINK_STATUS_ENDED ? _("ended")
                     : NULL;

  if (status != NULL)
    /* Translators: kind of link, years, status, e.g. "Twinning, 1965–2014, ended" */
    return g_markup_printf_escaped (_("<b>%s</b> – <b>%s</b>\n%s, %s, %s"),
                                    a->name, b->name, kind_label (link->kind), years, status);
  return g_markup_printf_escaped (_("<b>%s</b> – <b>%s</b>\n%s, %s"),
                                  a->name, b->name, kind_label (link->kind), years);
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  TaNetworkLayer *self = TA_NETWORK_LAYER (widget);
  g_autofree char *markup = NULL;
  int town, link;

  if (keyboard_mode)
    return FALSE;

  hit (self, x, y, &town, &link);
  if (town >= 0)
    markup = town_tooltip (self, town);
  else if (link >= 0)
    markup = link_tooltip (self, link);
  else
    return FALSE;

  gtk_tooltip_set_markup (tooltip, markup);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x - 4, y - 4, 8, 8 });
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              TaNetworkLayer           *self)
{
  int town, link;

  hit (self, x, y, &town, &link);
  if (town == self->hover_town && link == self->hover_link)
    return;

  self->hover_town = town;
  self->hover_link = link;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), town >= 0 || link >= 0 ? "pointer" : NULL);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             TaNetworkLayer           *self)
{
  self->hover_town = self->hover_link = -1;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      TaNetworkLayer  *self)
{
  int town, link;

  /* A second press belongs to the map's double-click zoom. */
  if (n_press != 1 || self->network == NULL)
    return;

  hit (self, x, y, &town, &link);
  if (town >= 0)
    {
      gint64 id = ta_network_get_town (self->network, town)->id;

      ta_network_layer_set_selected_link (self, -1);
      ta_network_layer_set_selected_town (self, id);
      g_signal_emit (self, signals[TOWN_ACTIVATED], 0, id);
    }
  else if (link >= 0)
    {
      gint64 id = ta_network_get_link (self->network, link)->id;

      ta_network_layer_set_selected_town (self, -1);
      ta_network_layer_set_selected_link (self, id);
      g_signal_emit (self, signals[LINK_ACTIVATED], 0, id);
    }
  else
    {
      ta_network_layer_set_selected_town (self, -1);
      ta_network_layer_set_selected_link (self, -1);
    }
}

static void
on_scale_factor_changed_cb (TaNetworkLayer *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (scale == self->scale)
    return;

  /* Old tiles stay as placeholders until the sharper ones arrive. */
  self->scale = scale;
  self->generation++;
  self->selection_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GObject */

static void
ta_network_layer_constructed (GObject *object)
{
  TaNetworkLayer *self = (TaNetworkLayer *)object;
  ShumateViewport *viewport;

  G_OBJECT_CLASS (ta_network_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
}

static void
ta_network_layer_dispose (GObject *object)
{
  TaNetworkLayer *self = (TaNetworkLayer *)object;

  if (self->pool != NULL)
    {
      /* Cancelled jobs return at once; wait for them so none outlives us. */
      cancel_all_jobs (self);
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  if (self->tiles != NULL)
    cache_clear (self);
  g_clear_object (&self->selection_texture);
  g_clear_pointer (&self->selection_surface, cairo_surface_destroy);
  g_clear_object (&self->network);

  G_OBJECT_CLASS (ta_network_layer_parent_class)->dispose (object);
}

static void
ta_network_layer_finalize (GObject *object)
{
  TaNetworkLayer *self = (TaNetworkLayer *)object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->tiles, g_hash_table_unref);

  G_OBJECT_CLASS (ta_network_layer_parent_class)->finalize (object);
}

static void
ta_network_layer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TaNetworkLayer *self = TA_NETWORK_LAYER (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      g_value_set_object (value, self->network);
      break;

    case PROP_SELECTED_TOWN:
      g_value_set_int64 (value, self->selected_town);
      break;

    case PROP_SELECTED_LINK:
      g_value_set_int64 (value, self->selected_link);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_network_layer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TaNetworkLayer *self = TA_NETWORK_LAYER (object);

  switch (prop_id)
    {
    case PROP_NETWORK:
      ta_network_layer_set_network (self, g_value_get_object (value));
      break;

    case PROP_SELECTED_TOWN:
      ta_network_layer_set_selected_town (self, g_value_get_int64 (value));
      break;

    case PROP_SELECTED_LINK:
      ta_network_layer_set_selected_link (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_network_layer_class_init (TaNetworkLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ta_network_layer_constructed;
  object_class->dispose = ta_network_layer_dispose;
  object_class->finalize = ta_network_layer_finalize;
  object_class->get_property = ta_network_layer_get_property;
  object_class->set_property = ta_network_layer_set_property;

  widget_class->snapshot = ta_network_layer_snapshot;

  properties[PROP_NETWORK] =
    g_param_spec_object ("network", NULL, NULL,
                         TA_TYPE_NETWORK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TaNetworkLayer:selected-town:
   *
   * The id of the town whose links are emphasised, or -1.
   */
  properties[PROP_SELECTED_TOWN] =
    g_param_spec_int64 ("selected-town", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TaNetworkLayer:selected-link:
   *
   * The id of the emphasised link, or -1.
   */
  properties[PROP_SELECTED_LINK] =
    g_param_spec_int64 ("selected-link", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaNetworkLayer::town-activated:
   * @town_id: the town clicked
   *
   * A town was clicked (and selected).
   */
  signals[TOWN_ACTIVATED] =
    g_signal_new ("town-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * TaNetworkLayer::link-activated:
   * @link_id: the link clicked
   *
   * An arc was clicked (and selected).
   */
  signals[LINK_ACTIVATED] =
    g_signal_new ("link-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
ta_network_layer_init (TaNetworkLayer *self)
{
  GtkEventController *motion;
  GtkGesture *click;

  self->selected_town = -1;
  self->selected_link = -1;
  self->hover_town = self->hover_link = -1;
  self->scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  self->tiles = g_hash_table_new_full (tile_key_hash, tile_key_equal, NULL, cached_tile_free);
  self->cache_limit = MIN_CACHE_BYTES;
  self->jobs = g_hash_table_new_full (tile_key_hash, tile_key_equal, NULL, tile_job_unref);

  /* One core stays with the main thread so frames keep coming. */
  self->pool = g_thread_pool_new (render_tile_in_thread, NULL,
                                  CLAMP ((int) g_get_num_processors () - 1, 1, 4),
                                  FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, tile_job_compare, NULL);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor_changed_cb), NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* Public API */

TaNetworkLayer *
ta_network_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (TA_TYPE_NETWORK_LAYER, "viewport", viewport, NULL);
}

TaNetwork *
ta_network_layer_get_network (TaNetworkLayer *self)
{
  g_return_val_if_fail (TA_IS_NETWORK_LAYER (self), NULL);

  return self->network;
}

/**
 * ta_network_layer_set_network:
 * @self: a layer
 * @network: (nullable): the network to show, e.g. a filtered view
 *
 * Tiles of the previous network stay on screen until the new ones are
 * drawn, so switching filters does not flash.
 */
void
ta_network_layer_set_network (TaNetworkLayer *self,
                              TaNetwork      *network)
{
  g_return_if_fail (TA_IS_NETWORK_LAYER (self));
  g_return_if_fail (network == NULL || TA_IS_NETWORK (network));

  if (!g_set_object (&self->network, network))
    return;

  self->generation++;
  self->selection_valid = FALSE;
  self->hover_town = self->hover_link = -1;
  cancel_all_jobs (self);
  if (network == NULL)
    cache_clear (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK]);
}

gint64
ta_network_layer_get_selected_town (TaNetworkLayer *self)
{
  g_return_val_if_fail (TA_IS_NETWORK_LAYER (self), -1);

  return self->selected_town;
}

void
ta_network_layer_set_selected_town (TaNetworkLayer *self,
                                    gint64          town_id)
{
  g_return_if_fail (TA_IS_NETWORK_LAYER (self));
  g_return_if_fail (town_id >= -1);

  if (self->selected_town == town_id)
    return;

  self->selected_town = town_id;
  self->selection_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_TOWN]);
}

gint64
ta_network_layer_get_selected_link (TaNetworkLayer *self)
{
  g_return_val_if_fail (TA_IS_NETWORK_LAYER (self), -1);

  return self->selected_link;
}

void
ta_network_layer_set_selected_link (TaNetworkLayer *self,
                                    gint64          link_id)
{
  g_return_if_fail (TA_IS_NETWORK_LAYER (self));
  g_return_if_fail (link_id >= -1);

  if (self->selected_link == link_id)
    return;

  self->selected_link = link_id;
  self->selection_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LINK]);
}

void
ta_network_layer_widget_to_unit (TaNetworkLayer *self,
                                 double          x,
                                 double          y,
                                 double         *unit_x,
                                 double         *unit_y)
{
  ViewMap map;

  g_return_if_fail (TA_IS_NETWORK_LAYER (self));
  g_return_if_fail (unit_x != NULL && unit_y != NULL);

  view_map_init (self, &map);
  view_map_unproject (&map, x, y, unit_x, unit_y);
}

void
ta_network_layer_unit_to_widget (TaNetworkLayer *self,
                                 double          unit_x,
                                 double          unit_y,
                                 double         *x,
                                 double         *y)
{
  ViewMap map;

  g_return_if_fail (TA_IS_NETWORK_LAYER (self));
  g_return_if_fail (x != NULL && y != NULL);

  view_map_init (self, &map);
  view_map_project (&map, unit_x, unit_y, x, y);
}

gboolean
ta_network_layer_is_ready (TaNetworkLayer *self)
{
  g_return_val_if_fail (TA_IS_NETWORK_LAYER (self), FALSE);

  return self->network != NULL &&
         self->last_frame_complete &&
         g_hash_table_size (self->jobs) == 0;
}
