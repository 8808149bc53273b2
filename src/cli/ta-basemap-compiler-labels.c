/* ta-basemap-compiler-labels.c: places the labels, per zoom, over the whole world
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ta-basemap-compiler.h"
#include "ta-projection.h"

void
measure_candidates (Compiler *compiler)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());

  ta_basemap_setup_pango_context (context);

  for (guint i = 0; i < compiler->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (compiler->candidates, i);
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle logical;

      if (candidate->min_zoom > TA_BASEMAP_MAX_LABEL_ZOOM)
        continue;

      layout = ta_basemap_label_layout_new (context, candidate->kind, candidate->name, -1, 1.0);
      pango_layout_get_extents (layout, NULL, &logical);
      /* Quarter pixels, rounded up, as stored in the file. */
      candidate->width = ceil (4.0 * logical.width / PANGO_SCALE) / 4.0;
      candidate->height = ceil (4.0 * logical.height / PANGO_SCALE) / 4.0;
    }

  g_object_unref (context);
}

/* Capitals, then country names, then towns. */
static int
kind_order (TaBasemapLabelKind kind)
{
  switch (kind)
    {
    case TA_BASEMAP_LABEL_CAPITAL:
      return 0;
    case TA_BASEMAP_LABEL_COUNTRY:
      return 1;
    case TA_BASEMAP_LABEL_LARGE_CITY:
    case TA_BASEMAP_LABEL_CITY:
    case TA_BASEMAP_LABEL_TOWN:
    case TA_BASEMAP_N_LABEL_KINDS:
    default:
      return 2;
    }
}

/* Labels that appear at lower zooms win: keeping them as the map zooms in
 * keeps it steady.  A country name covers an area and can move, a town's
 * cannot: a country competes like the towns of one zoom deeper. */
static guint
candidate_tier (const Candidate *candidate)
{
  return candidate->min_zoom + (candidate->kind == TA_BASEMAP_LABEL_COUNTRY ? 1 : 0);
}

int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;
  guint tier_a = candidate_tier (ca), tier_b = candidate_tier (cb);
  int order_a = kind_order (ca->kind), order_b = kind_order (cb->kind);

  if (tier_a != tier_b)
    return tier_a < tier_b ? -1 : 1;
  if (order_a != order_b)
    return order_a < order_b ? -1 : 1;
  if (ca->population != cb->population)
    return ca->population > cb->population ? -1 : 1;
  if (ca->id != cb->id)
    return ca->id < cb->id ? -1 : 1;
  return g_strcmp0 (ca->name, cb->name);
}

static gboolean
box_free (GHashTable         *grid,
          const TaBasemapBox *box)
{
  int x0 = (int) floor (box->x0 / COLLISION_CELL), x1 = (int) floor (box->x1 / COLLISION_CELL);
  int y0 = (int) floor (box->y0 / COLLISION_CELL), y1 = (int) floor (box->y1 / COLLISION_CELL);

  for (int cy = y0; cy <= y1; cy++)
    for (int cx = x0; cx <= x1; cx++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (grid, &key);

        for (guint i = 0; boxes != NULL && i < boxes->len; i++)
          {
            const TaBasemapBox *other = &g_array_index (boxes, TaBasemapBox, i);

            if (box->x0 < other->x1 && other->x0 < box->x1 &&
                box->y0 < other->y1 && other->y0 < box->y1)
              return FALSE;
          }
      }

  return TRUE;
}

static void
box_insert (GHashTable         *grid,
            const TaBasemapBox *box)
{
  int x0 = (int) floor (box->x0 / COLLISION_CELL), x1 = (int) floor (box->x1 / COLLISION_CELL);
  int y0 = (int) floor (box->y0 / COLLISION_CELL), y1 = (int) floor (box->y1 / COLLISION_CELL);

  for (int cy = y0; cy <= y1; cy++)
    for (int cx = x0; cx <= x1; cx++)
      {
        gint64 key = cell_key (cx, cy);
        GArray *boxes = g_hash_table_lookup (grid, &key);

        if (boxes == NULL)
          {
            boxes = g_array_new (FALSE, FALSE, sizeof (TaBasemapBox));
            g_hash_table_insert (grid, g_memdup2 (&key, sizeof key), boxes);
          }
        g_array_append_val (boxes, *box);
      }
}

void
place_labels (Compiler *compiler)
{
  static const TaBasemapPosition town_positions[] = {
    TA_BASEMAP_POSITION_RIGHT, TA_BASEMAP_POSITION_LEFT,
    TA_BASEMAP_POSITION_ABOVE, TA_BASEMAP_POSITION_BELOW,
  };
  static const TaBasemapPosition country_positions[] = {
    TA_BASEMAP_POSITION_CENTER, TA_BASEMAP_POSITION_CENTER_ABOVE, TA_BASEMAP_POSITION_CENTER_BELOW,
    TA_BASEMAP_POSITION_CENTER_LEFT, TA_BASEMAP_POSITION_CENTER_RIGHT,
  };

  g_ptr_array_sort (compiler->candidates, compare_candidates);

  for (guint zoom = 0; zoom <= TA_BASEMAP_MAX_LABEL_ZOOM; zoom++)
    {
      g_autoptr(GHashTable) grid = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                          g_free, (GDestroyNotify) g_array_unref);
      double world = ta_projection_world_size (zoom);
      guint placed = 0;

      for (guint i = 0; i < compiler->candidates->len; i++)
        {
          Candidate *candidate = g_ptr_array_index (compiler->candidates, i);
          gboolean country = candidate->kind == TA_BASEMAP_LABEL_COUNTRY;
          const TaBasemapPosition *positions = country ? country_positions : town_positions;
          guint n_positions = country ? G_N_ELEMENTS (country_positions) : G_N_ELEMENTS (town_positions);
          double ax = candidate->ux * world;
          double ay = candidate->uy * world;

          if (zoom < candidate->min_zoom || zoom > candidate->max_zoom)
            continue;

          for (guint p = 0; p < n_positions; p++)
            {
              TaBasemapBox box;

              ta_basemap_label_geometry (candidate->kind, positions[p],
                                         candidate->width, candidate->height, NULL, NULL, &box);
              box.x0 += ax;
              box.x1 += ax;
              box.y0 += ay;
              box.y1 += ay;

              /* The map does not wrap around: keep labels inside the world. */
              if (box.x0 < 0 || box.y0 < 0 || box.x1 > world || box.y1 > world)
                continue;

              if (box_free (grid, &box))
                {
                  box_insert (grid, &box);
                  candidate->position[zoom] = positions[p];
                  placed++;
                  break;
                }
            }
        }

      if (compiler->verbose)
        g_printerr ("labels at zoom %u: %u\n", zoom, placed);
    }
}

/* Output */
