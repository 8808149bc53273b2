/* ta-basemap-compiler-writer.c: writes basemap.bin in the format TaBasemap maps
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ta-basemap-compiler.h"

static void
align8 (GByteArray *out)
{
  static const guint8 zeros[8] = { 0, };

  if (out->len % 8 != 0)
    g_byte_array_append (out, zeros, 8 - out->len % 8);
}

static guint32
le32 (guint32 value)
{
  return GUINT32_TO_LE (value);
}

static gboolean
candidate_shown (const Candidate *candidate)
{
  for (guint z = 0; z < TA_BASEMAP_N_LABEL_ZOOMS; z++)
    {
      if (candidate->position[z] != TA_BASEMAP_POSITION_NONE)
        return TRUE;
    }
  return FALSE;
}

static guint
label_cell (const Candidate *candidate)
{
  int cx = CLAMP ((int) floor (candidate->ux * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);
  int cy = CLAMP ((int) floor (candidate->uy * TA_BASEMAP_LABEL_GRID), 0, TA_BASEMAP_LABEL_GRID - 1);

  return cy * TA_BASEMAP_LABEL_GRID + cx;
}

static int
compare_label_cells (gconstpointer a,
                     gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;
  guint cell_a = label_cell (ca), cell_b = label_cell (cb);

  if (cell_a != cell_b)
    return cell_a < cell_b ? -1 : 1;
  return compare_candidates (a, b);
}

static double
label_extent (const Candidate *candidate)
{
  double extent = 0.0;

  for (guint position = TA_BASEMAP_POSITION_RIGHT; position < TA_BASEMAP_N_POSITIONS; position++)
    {
      TaBasemapBox box;

      ta_basemap_label_geometry (candidate->kind, position, candidate->width, candidate->height,
                                 NULL, NULL, &box);
      extent = MAX (extent, MAX (MAX (-box.x0, box.x1), MAX (-box.y0, box.y1)));
    }

  return extent;
}

gboolean
write_output (Compiler    *compiler,
              const char  *path,
              GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TaBasemapPart));
  g_autoptr(GArray) points = point_array_new ();
  g_autoptr(GArray) features = g_array_new (FALSE, FALSE, sizeof (TaBasemapFeature));
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GString) strings = g_string_new (NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint32 *cells = g_new0 (guint32, TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID + 1);
  TaBasemapHeader header = { 0, };
  double max_extent = 0.0;

  memcpy (header.magic, TA_BASEMAP_MAGIC, TA_BASEMAP_MAGIC_LENGTH);
  header.version = le32 (TA_BASEMAP_FORMAT_VERSION);
  header.header_size = le32 (sizeof (TaBasemapHeader));

  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    {
      GPtrArray *layer_features = compiler->features[layer];

      header.layer_first[layer] = le32 (features->len);
      header.layer_count[layer] = le32 (layer_features->len);

      for (guint i = 0; i < layer_features->len; i++)
        {
          Feature *feature = g_ptr_array_index (layer_features, i);
          TaBasemapFeature record = { { 0, }, };

          for (guint b = 0; b < 4; b++)
            record.bbox[b] = GINT32_TO_LE (feature->bbox[b]);
          record.min_zoom = feature->min_zoom;
          record.max_zoom = feature->max_zoom;
          record.rank = feature->rank;
          record.flags = feature->flags;

          for (guint l = 0; l < TA_BASEMAP_N_LEVELS; l++)
            {
              GPtrArray *level = feature->levels[l];

              record.first_part[l] = le32 (parts->len);
              record.n_parts[l] = le32 (level->len);
              for (guint p = 0; p < level->len; p++)
                {
                  GArray *part_points = g_ptr_array_index (level, p);
                  TaBasemapPart part = { le32 (points->len), le32 (part_points->len) };

                  for (guint k = 0; k < part_points->len; k++)
                    {
                      TaBasemapPoint point = g_array_index (part_points, TaBasemapPoint, k);

                      point.x = GINT32_TO_LE (point.x);
                      point.y = GINT32_TO_LE (point.y);
                      g_array_append_val (points, point);
                    }
                  g_array_append_val (parts, part);
                }
            }

          g_array_append_val (features, record);
        }
    }

  for (guint i = 0; i < compiler->candidates->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (compiler->candidates, i);

      if (candidate_shown (candidate))
        g_ptr_array_add (shown, candidate);
    }
  g_ptr_array_sort (shown, compare_label_cells);

  g_byte_array_append (out, (const guint8 *) &header, sizeof header);
  align8 (out);

  header.n_features = le32 (features->len);
  header.features_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) features->data, features->len * sizeof (TaBasemapFeature));
  align8 (out);

  header.n_parts = le32 (parts->len);
  header.parts_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) parts->data, parts->len * sizeof (TaBasemapPart));
  align8 (out);

  header.n_points = le32 (points->len);
  header.points_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) points->data, points->len * sizeof (TaBasemapPoint));
  align8 (out);

  header.n_labels = le32 (shown->len);
  header.labels_offset = le32 (out->len);
  for (guint i = 0; i < shown->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (shown, i);
      TaBasemapLabel label = { 0, };
      gsize name_length = MIN (strlen (candidate->name), G_MAXUINT16);

      label.x = GINT32_TO_LE ((gint32) llround (candidate->ux * TA_BASEMAP_FIXED_ONE));
      label.y = GINT32_TO_LE ((gint32) llround (candidate->uy * TA_BASEMAP_FIXED_ONE));
      label.name_offset = le32 (strings->len);
      label.name_length = GUINT16_TO_LE ((guint16) name_length);
      label.kind = candidate->kind;
      label.width = GUINT16_TO_LE ((guint16) MIN (candidate->width * 4.0, G_MAXUINT16));
      label.height = GUINT16_TO_LE ((guint16) MIN (candidate->height * 4.0, G_MAXUINT16));
      memcpy (label.position, candidate->position, sizeof label.position);
      g_string_append_len (strings, candidate->name, name_length);

      g_byte_array_append (out, (const guint8 *) &label, sizeof label);
      cells[label_cell (candidate) + 1]++;
      max_extent = MAX (max_extent, label_extent (candidate));
    }
  align8 (out);

  for (guint c = 1; c <= TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID; c++)
    cells[c] += cells[c - 1];
  for (guint c = 0; c <= TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID; c++)
    cells[c] = le32 (cells[c]);
  header.label_cells_offset = le32 (out->len);
  g_byte_array_append (out, (const guint8 *) cells,
                       (TA_BASEMAP_LABEL_GRID * TA_BASEMAP_LABEL_GRID + 1) * sizeof (guint32));
  align8 (out);

  header.strings_offset = le32 (out->len);
  header.strings_size = le32 (strings->len);
  g_byte_array_append (out, (const guint8 *) strings->str, strings->len);
  align8 (out);

  header.max_label_extent = le32 ((guint32) ceil (max_extent));
  header.file_size = GUINT64_TO_LE (out->len);

  g_checksum_update (checksum, out->data + sizeof header, out->len - sizeof header);
  memcpy (header.data_hash, g_checksum_get_string (checksum), TA_BASEMAP_HASH_LENGTH);
  memcpy (out->data, &header, sizeof header);

  if (compiler->verbose)
    g_printerr ("%s: %u bytes, %u features, %u parts, %u points, %u labels\n",
                path, out->len, features->len, parts->len, points->len, shown->len);

  return g_file_set_contents (path, (const char *) out->data, out->len, error);
}
