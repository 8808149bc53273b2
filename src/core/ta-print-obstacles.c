/* ta-print-obstacles.c: where the basemap puts its own labels on a printed map
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaBasemap draws its labels without telling where; this reads the same
 * compiled placements (the format of ta-basemap-private.h) and applies the
 * rule the renderer uses: the placement of the whole zoom below the view's.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ta-basemap-private.h"
#include "ta-print-obstacles.h"
#include "ta-projection.h"

static void
obstacle_clear (gpointer data)
{
  TaPrintObstacle *obstacle = data;

  g_free (obstacle->key);
}

GArray *
ta_print_obstacles_from_basemap (const char *basemap_path,
                                 double      origin_x,
                                 double      origin_y,
                                 double      ppu,
                                 double      width,
                                 double      height,
                                 double      scale_factor)
{
  GArray *obstacles = g_array_new (FALSE, FALSE, sizeof (TaPrintObstacle));
  g_autoptr(GMappedFile) file = NULL;
  const TaBasemapHeader *header;
  const TaBasemapLabel *labels;
  const char *strings;
  const char *data;
  gsize size;
  guint32 n_labels, strings_size;
  guint label_zoom;
  double zoom;

  g_array_set_clear_func (obstacles, obstacle_clear);

  file = g_mapped_file_new (basemap_path, FALSE, NULL);
  if (file == NULL)
    return obstacles;
  data = g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  header = (const TaBasemapHeader *) data;
  if (size < sizeof *header ||
      memcmp (header->magic, TA_BASEMAP_MAGIC, TA_BASEMAP_MAGIC_LENGTH) != 0 ||
      GUINT32_FROM_LE (header->version) != TA_BASEMAP_FORMAT_VERSION)
    return obstacles;

  n_labels = GUINT32_FROM_LE (header->n_labels);
  strings_size = GUINT32_FROM_LE (header->strings_size);
  if ((guint64) GUINT32_FROM_LE (header->labels_offset) + (guint64) n_labels * sizeof (TaBasemapLabel) > size ||
      (guint64) GUINT32_FROM_LE (header->strings_offset) + strings_size > size)
    return obstacles;
  labels = (const TaBasemapLabel *) (data + GUINT32_FROM_LE (header->labels_offset));
  strings = data + GUINT32_FROM_LE (header->strings_offset);

  zoom = log2 (ppu / (TA_PROJECTION_TILE_SIZE * scale_factor));
  if (zoom < -0.01)
    return obstacles;
  label_zoom = MIN ((guint) MAX (0, (int) floor (zoom + 1e-6)), TA_BASEMAP_MAX_LABEL_ZOOM);

  for (guint32 i = 0; i < n_labels; i++)
    {
      const TaBasemapLabel *label = &labels[i];
      TaBasemapPosition position = label->position[label_zoom];
      guint32 offset = GUINT32_FROM_LE (label->name_offset);
      guint16 length = GUINT16_FROM_LE (label->name_length);
      double ax, ay, tx, ty;
      TaBasemapBox box;
      TaPrintObstacle obstacle;

      if (position == TA_BASEMAP_POSITION_NONE || position >= TA_BASEMAP_N_POSITIONS ||
          label->kind >= TA_BASEMAP_N_LABEL_KINDS || (guint64) offset + length > strings_size)
        continue;
      ax = ((gint32) GUINT32_FROM_LE (label->x) / TA_BASEMAP_FIXED_ONE - origin_x) * ppu;
      ay = ((gint32) GUINT32_FROM_LE (label->y) / TA_BASEMAP_FIXED_ONE - origin_y) * ppu;
      if (ax < -200 || ay < -200 || ax > width + 200 || ay > height + 200)
        continue;

      ta_basemap_label_geometry (label->kind, position,
                                 GUINT16_FROM_LE (label->width) / 4.0,
                                 GUINT16_FROM_LE (label->height) / 4.0,
                                 &tx, &ty, &box);
      obstacle.key = g_utf8_casefold (strings + offset, length);
      obstacle.anchor_x = ax;
      obstacle.anchor_y = ay;
      obstacle.x0 = ax + box.x0 * scale_factor;
      obstacle.y0 = ay + box.y0 * scale_factor;
      obstacle.x1 = ax + box.x1 * scale_factor;
      obstacle.y1 = ay + box.y1 * scale_factor;
      g_array_append_val (obstacles, obstacle);
    }

  return obstacles;
}
