/* ta-overlay-tile-cache.c: the network overlay's tiles, drawn by worker threads
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rasterising thousands of arcs takes cairo hundreds of milliseconds, so a
 * frame must never do it.  Tiles are drawn by low-priority worker threads
 * (ta_network_render_tile()) and kept in an LRU cache as image surfaces
 * with textures sharing their pixels.  Tiles depend only on the network
 * and the zoom level; a generation number tells a network's tiles from
 * those of the one before, which stay as placeholders until replaced.
 */

#include "config.h"

#ifdef __linux__
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "ta-network-renderer.h"
#include "ta-overlay-tile-cache.h"

/* The tile cache keeps twice what the view and its margin need (a
 * 1200×760 view: 20 tiles of 1 MB), and at least this much.  Under GL each
 * tile has a second copy in the texture, so the cache must stay small. */
#define MIN_CACHE_BYTES ((gsize) 32 * 1024 * 1024)

typedef struct
{
  TaOverlayTileKey key;
  guint            generation;
  int              scale;
  double           priority;
  TaNetwork       *network;
  GCancellable    *cancellable;
  GMainContext    *context;
  GWeakRef         cache;

  /* Set by the worker. */
  cairo_surface_t *surface;
  gboolean         empty;
} TileJob;

struct _TaOverlayTileCache
{
  GObject             parent_instance;

  /* Owned */
  GHashTable         *tiles;          /* TaOverlayTileKey → TaOverlayTile */
  GQueue              lru;            /* most recently used first */
  gsize               cache_bytes;
  gsize               cache_limit;
  guint64             frame;
  GHashTable         *jobs;           /* TaOverlayTileKey → TileJob, queued or running */
  GThreadPool        *pool;
};

G_DEFINE_FINAL_TYPE (TaOverlayTileCache, ta_overlay_tile_cache, G_TYPE_OBJECT)

enum {
  TILE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Tile keys */

static guint
tile_key_hash (gconstpointer data)
{
  const TaOverlayTileKey *key = data;

  return (guint) key->zoom * 0x9e3779b1u ^ (guint) key->x * 0x85ebca6bu ^ (guint) key->y * 0xc2b2ae35u;
}

static gboolean
tile_key_equal (gconstpointer a,
                gconstpointer b)
{
  const TaOverlayTileKey *ka = a;
  const TaOverlayTileKey *kb = b;

  return ka->zoom == kb->zoom && ka->x == kb->x && ka->y == kb->y;
}

int
ta_overlay_tile_count (int zoom)
{
  return MAX (1, (256 << zoom) / TA_OVERLAY_TILE_SIZE);
}

static int
wrap_column (int x,
             int zoom)
{
  int n = ta_overlay_tile_count (zoom);

  return ((x % n) + n) % n;
}

GdkTexture *
ta_overlay_texture_new_for_surface (cairo_surface_t *surface)
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

/* Cached tiles */

static void
cached_tile_free (gpointer data)
{
  TaOverlayTile *tile = data;

  g_clear_object (&tile->texture);
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_free (tile);
}

static void
cache_remove (TaOverlayTileCache *self,
              TaOverlayTile      *tile)
{
  g_queue_unlink (&self->lru, &tile->lru_link);
  self->cache_bytes -= tile->bytes;
  g_hash_table_remove (self->tiles, &tile->key);
}

static void
cache_store (TaOverlayTileCache     *self,
             const TaOverlayTileKey *key,
             guint                   generation,
             cairo_surface_t        *surface)
{
  TaOverlayTile *tile = g_hash_table_lookup (self->tiles, key);

  if (tile != NULL)
    {
      /* A late tile of an older network must not replace a newer one. */
      if ((int) (tile->generation - generation) > 0)
        return;
      cache_remove (self, tile);
    }

  tile = g_new0 (TaOverlayTile, 1);
  tile->key = *key;
  tile->generation = generation;
  if (surface != NULL)
    {
      tile->surface = cairo_surface_reference (surface);
      tile->texture = ta_overlay_texture_new_for_surface (surface);
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

/* Jobs */

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->network);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->surface, cairo_surface_destroy);
  g_weak_ref_clear (&job->cache);
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

static gboolean
tile_job_done_cb (gpointer data)
{
  TileJob *job = data;
  g_autoptr(TaOverlayTileCache) self = g_weak_ref_get (&job->cache);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  if (g_hash_table_lookup (self->jobs, &job->key) == job)
    g_hash_table_remove (self->jobs, &job->key);

  if (g_cancellable_is_cancelled (job->cancellable) || (job->surface == NULL && !job->empty))
    return G_SOURCE_REMOVE;

  cache_store (self, &job->key, job->generation, job->surface);
  ta_overlay_tile_cache_trim (self);
  g_signal_emit (self, signals[TILE_READY], 0);

  return G_SOURCE_REMOVE;
}

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
                                            TA_OVERLAY_TILE_SIZE * job->scale,
                                            TA_OVERLAY_TILE_SIZE * job->scale);
      cr = cairo_create (surface);
      ta_network_render_options_init (&options);
      options.parts = TA_NETWORK_RENDER_LINKS | TA_NETWORK_RENDER_TOWNS;
      options.cancellable = job->cancellable;
      ok = ta_network_render_tile (job->network, cr, job->key.zoom, job->key.x, job->key.y,
                                   TA_OVERLAY_TILE_SIZE, job->scale, &options);
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

static gboolean
tile_range_contains (const TaOverlayTileRange *range,
                     const TaOverlayTileKey   *key)
{
  int span = range->x1 - range->x0 + 1;

  if (key->zoom != range->zoom || key->y < range->y0 || key->y > range->y1)
    return FALSE;
  if (span >= range->columns)
    return TRUE;
  return (((key->x - range->x0) % range->columns) + range->columns) % range->columns < span;
}

/* GObject */

static void
ta_overlay_tile_cache_dispose (GObject *object)
{
  TaOverlayTileCache *self = (TaOverlayTileCache *) object;

  if (self->pool != NULL)
    {
      /* Cancelled jobs return at once; wait for them so none outlives us. */
      ta_overlay_tile_cache_cancel_all (self);
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  if (self->tiles != NULL)
    ta_overlay_tile_cache_clear (self);

  G_OBJECT_CLASS (ta_overlay_tile_cache_parent_class)->dispose (object);
}

static void
ta_overlay_tile_cache_finalize (GObject *object)
{
  TaOverlayTileCache *self = (TaOverlayTileCache *) object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->tiles, g_hash_table_unref);

  G_OBJECT_CLASS (ta_overlay_tile_cache_parent_class)->finalize (object);
}

static void
ta_overlay_tile_cache_class_init (TaOverlayTileCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ta_overlay_tile_cache_dispose;
  object_class->finalize = ta_overlay_tile_cache_finalize;

  /**
   * TaOverlayTileCache::tile-ready:
   *
   * A worker's tile is in the cache, on the main thread.
   */
  signals[TILE_READY] =
    g_signal_new ("tile-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ta_overlay_tile_cache_init (TaOverlayTileCache *self)
{
  self->tiles = g_hash_table_new_full (tile_key_hash, tile_key_equal, NULL, cached_tile_free);
  self->cache_limit = MIN_CACHE_BYTES;
  self->jobs = g_hash_table_new_full (tile_key_hash, tile_key_equal, NULL, tile_job_unref);

  /* One core stays with the main thread so frames keep coming. */
  self->pool = g_thread_pool_new (render_tile_in_thread, NULL,
                                  CLAMP ((int) g_get_num_processors () - 1, 1, 4),
                                  FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, tile_job_compare, NULL);
}

/* Public API */

TaOverlayTileCache *
ta_overlay_tile_cache_new (void)
{
  return g_object_new (TA_TYPE_OVERLAY_TILE_CACHE, NULL);
}

void
ta_overlay_tile_cache_begin_frame (TaOverlayTileCache *self)
{
  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  self->frame++;
}

void
ta_overlay_tile_cache_set_limit (TaOverlayTileCache *self,
                                 gsize               bytes)
{
  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  self->cache_limit = MAX (MIN_CACHE_BYTES, bytes);
}

TaOverlayTile *
ta_overlay_tile_cache_lookup (TaOverlayTileCache *self,
                              int                 zoom,
                              int                 x,
                              int                 y)
{
  TaOverlayTileKey key = { zoom, wrap_column (x, zoom), y };

  g_return_val_if_fail (TA_IS_OVERLAY_TILE_CACHE (self), NULL);

  if (zoom < 0 || y < 0 || y >= ta_overlay_tile_count (zoom))
    return NULL;
  return g_hash_table_lookup (self->tiles, &key);
}

void
ta_overlay_tile_cache_touch (TaOverlayTileCache *self,
                             TaOverlayTile      *tile)
{
  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  tile->last_frame = self->frame;
  g_queue_unlink (&self->lru, &tile->lru_link);
  g_queue_push_head_link (&self->lru, &tile->lru_link);
}

/* Drops least recently used tiles beyond the budget, never one the last
 * frame showed. */
void
ta_overlay_tile_cache_trim (TaOverlayTileCache *self)
{
  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  while (self->cache_bytes > self->cache_limit && self->lru.tail != NULL)
    {
      TaOverlayTile *tile = self->lru.tail->data;

      if (tile->last_frame == self->frame)
        break;
      cache_remove (self, tile);
    }
}

void
ta_overlay_tile_cache_clear (TaOverlayTileCache *self)
{
  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  while (self->lru.head != NULL)
    cache_remove (self, self->lru.head->data);
}

void
ta_overlay_tile_cache_request (TaOverlayTileCache     *self,
                               const TaOverlayTileKey *key,
                               TaNetwork              *network,
                               guint                   generation,
                               int                     scale,
                               double                  priority)
{
  TaOverlayTileKey wrapped = { key->zoom, wrap_column (key->x, key->zoom), key->y };
  TileJob *job;

  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));
  g_return_if_fail (TA_IS_NETWORK (network));

  job = g_hash_table_lookup (self->jobs, &wrapped);
  if (job != NULL)
    {
      if (job->generation == generation)
        return;
      g_cancellable_cancel (job->cancellable);
      g_hash_table_remove (self->jobs, &wrapped);
    }

  job = g_atomic_rc_box_new0 (TileJob);
  job->key = wrapped;
  job->generation = generation;
  job->scale = scale;
  job->priority = priority;
  job->network = g_object_ref (network);
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->cache, self);

  g_hash_table_insert (self->jobs, &job->key, tile_job_ref (job));
  g_thread_pool_push (self->pool, job, NULL);
}

/* Jobs for tiles the view no longer needs are dropped (a running one stops
 * at its next check). */
void
ta_overlay_tile_cache_cancel_outside (TaOverlayTileCache       *self,
                                      const TaOverlayTileRange *range)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

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

void
ta_overlay_tile_cache_cancel_all (TaOverlayTileCache *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (TA_IS_OVERLAY_TILE_CACHE (self));

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (((TileJob *) value)->cancellable);
  g_hash_table_remove_all (self->jobs);
}

guint
ta_overlay_tile_cache_get_n_jobs (TaOverlayTileCache *self)
{
  g_return_val_if_fail (TA_IS_OVERLAY_TILE_CACHE (self), 0);

  return g_hash_table_size (self->jobs);
}
