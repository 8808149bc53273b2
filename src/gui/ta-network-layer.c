/* ta-network-layer.c: the towns-and-arcs overlay of the map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rasterising thousands of arcs takes cairo hundreds of milliseconds, so a
 * frame must never do it.  The overlay is cut into 512-pixel tiles at
 * whole zoom levels (the nearest one), drawn by low-priority worker threads
 * and kept in an LRU cache (ta-overlay-tile-cache.c); a frame only places
 * them, scaled for the fractional zoom the way ShumateMapLayer scales the
 * basemap's tiles, so both stay aligned.  While a tile is being drawn its
 * place shows the tile of a nearby zoom level, or the one of the previous
 * network.  Tiles around the view are drawn ahead, and jobs for tiles that
 * left it are cancelled.
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

#include "ta-network-layer.h"
#include "ta-network-renderer.h"
#include "ta-overlay-tile-cache.h"

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

struct _TaNetworkLayer
{
  ShumateLayer        parent_instance;

  /* Owned */
  TaNetwork          *network;
  gint64              selected_town;
  gint64              selected_link;
  guint               generation;
  int                 scale;
  gboolean            last_frame_complete;
  TaOverlayTileCache *tile_cache;

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
view_map_tile_range (const ViewMap      *map,
                     int                 margin,
                     TaOverlayTileRange *range)
{
  double scale = tile_world (map->tile_zoom) / TA_OVERLAY_TILE_SIZE;
  int rows = ta_overlay_tile_count (map->tile_zoom);

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
  double size = TA_OVERLAY_TILE_SIZE / tile_world (zoom) * map->world;

  return view_map_place (map, x * size + map->offset_x, y * size + map->offset_y, size, size);
}

/* Snapshot */

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
             TaOverlayTile   *tile,
             graphene_rect_t *rect)
{
  ta_overlay_tile_cache_touch (self->tile_cache, tile);
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
  TaOverlayTile *tile = ta_overlay_tile_cache_lookup (self->tile_cache, zoom, x, y);

  if (tile != NULL)
    {
      append_tile (self, snapshot, tile, &rect);
      return;
    }

  for (int up = 1; up <= 4 && zoom - up >= 0; up++)
    {
      int px = x >> up, py = y >> up;

      tile = ta_overlay_tile_cache_lookup (self->tile_cache, zoom - up, px, py);
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

      tile = ta_overlay_tile_cache_lookup (self->tile_cache, zoom + 1, cx, cy);
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
  TaOverlayTileRange visible, wanted;
  double centre_x = (map->min_x + map->max_x) / 2 * tile_world (map->tile_zoom) / TA_OVERLAY_TILE_SIZE;
  double centre_y = (map->min_y + map->max_y) / 2 * tile_world (map->tile_zoom) / TA_OVERLAY_TILE_SIZE;
  gboolean complete = TRUE;

  view_map_tile_range (map, 0, &visible);
  view_map_tile_range (map, PREFETCH_MARGIN, &wanted);
  /* Twice what the view and its margin need. */
  ta_overlay_tile_cache_set_limit (self->tile_cache,
                                   2 * (gsize) (wanted.x1 - wanted.x0 + 1) * (wanted.y1 - wanted.y0 + 1) *
                                   TA_OVERLAY_TILE_SIZE * TA_OVERLAY_TILE_SIZE * 4 * self->scale * self->scale);

  for (int y = wanted.y0; y <= wanted.y1; y++)
    for (int x = wanted.x0; x <= wanted.x1; x++)
      {
        TaOverlayTileKey key = { wanted.zoom, x, y };
        TaOverlayTile *tile = ta_overlay_tile_cache_lookup (self->tile_cache, wanted.zoom, x, y);
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

            ta_overlay_tile_cache_request (self->tile_cache, &key, self->network, self->generation,
                                           self->scale, shown ? distance : 1000 + distance);
            if (shown)
              complete = FALSE;
          }
      }

  ta_overlay_tile_cache_cancel_outside (self->tile_cache, &wanted);
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

  self->selection_texture = ta_overlay_texture_new_for_surface (surface);
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
  ta_overlay_tile_cache_begin_frame (self->tile_cache);
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
  ta_overlay_tile_cache_trim (self->tile_cache);
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

  /* The cache waits for its workers, so that none outlives the layer. */
  g_clear_object (&self->tile_cache);
  g_clear_object (&self->selection_texture);
  g_clear_pointer (&self->selection_surface, cairo_surface_destroy);
  g_clear_object (&self->network);

  G_OBJECT_CLASS (ta_network_layer_parent_class)->dispose (object);
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
  self->tile_cache = ta_overlay_tile_cache_new ();
  g_signal_connect_object (self->tile_cache, "tile-ready", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);

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
  ta_overlay_tile_cache_cancel_all (self->tile_cache);
  if (network == NULL)
    ta_overlay_tile_cache_clear (self->tile_cache);

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
         ta_overlay_tile_cache_get_n_jobs (self->tile_cache) == 0;
}
