/* ta-wkb.c: a small reader for WKB and GeoPackage geometry blobs
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Well-known binary (OGC 06-103r4): a byte-order byte, a uint32 type, then
 * the coordinates.  ISO WKB adds 1000/2000/3000 to the type for Z/M/ZM, EWKB
 * sets high flag bits instead; both are understood.  A GeoPackage blob
 * (OGC 12-128r18, 2.1.3) prefixes the WKB with "GP", a version byte, a flags
 * byte (bit 0: byte order, bits 1-3: envelope kind, bit 4: empty), the
 * srs_id and an envelope of 0, 4, 6, 6 or 8 doubles.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-wkb.h"

/* Deep enough for any real collection, shallow enough to stop hostile input. */
#define MAX_NESTING 8

G_DEFINE_QUARK (ta-wkb-error-quark, ta_wkb_error)

typedef struct
{
  const guint8  *data;
  gsize          length;
  gsize          pos;
  TaWkbGeometry *geometry;
} Reader;

enum
{
  WKB_POINT = 1,
  WKB_LINESTRING,
  WKB_POLYGON,
  WKB_MULTIPOINT,
  WKB_MULTILINESTRING,
  WKB_MULTIPOLYGON,
  WKB_GEOMETRYCOLLECTION,
};

static gboolean
truncated (Reader  *reader,
           GError **error)
{
  g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID,
               _("Geometry blob is truncated at byte %zu of %zu"),
               reader->pos, reader->length);
  return FALSE;
}

static gboolean
read_uint32 (Reader   *reader,
             gboolean  little_endian,
             guint32  *value,
             GError  **error)
{
  guint32 raw;

  if (reader->length - reader->pos < 4)
    return truncated (reader, error);

  memcpy (&raw, reader->data + reader->pos, 4);
  reader->pos += 4;
  *value = little_endian ? GUINT32_FROM_LE (raw) : GUINT32_FROM_BE (raw);

  return TRUE;
}

static gboolean
read_double (Reader   *reader,
             gboolean  little_endian,
             double   *value,
             GError  **error)
{
  guint64 raw;

  if (reader->length - reader->pos < 8)
    return truncated (reader, error);

  memcpy (&raw, reader->data + reader->pos, 8);
  reader->pos += 8;
  raw = little_endian ? GUINT64_FROM_LE (raw) : GUINT64_FROM_BE (raw);
  memcpy (value, &raw, 8);

  return TRUE;
}

static gboolean
read_points (Reader   *reader,
             gboolean  little_endian,
             guint     n_ordinates,
             int       polygon,
             GError  **error)
{
  TaWkbPart part;
  guint32 n_points;

  if (!read_uint32 (reader, little_endian, &n_points, error))
    return FALSE;

  /* Check the size up front so a corrupt count cannot make us allocate. */
  if ((reader->length - reader->pos) / (8 * n_ordinates) < n_points)
    return truncated (reader, error);

  part.first_point = reader->geometry->points->len;
  part.n_points = n_points;
  part.polygon = polygon;

  for (guint32 i = 0; i < n_points; i++)
    {
      TaWkbPoint point;
      double ignored;

      read_double (reader, little_endian, &point.x, NULL);
      read_double (reader, little_endian, &point.y, NULL);
      for (guint k = 2; k < n_ordinates; k++)
        read_double (reader, little_endian, &ignored, NULL);

      g_array_append_val (reader->geometry->points, point);
    }

  g_array_append_val (reader->geometry->parts, part);

  return TRUE;
}

static gboolean read_geometry (Reader  *reader,
                               guint    depth,
                               GError **error);

static gboolean
read_polygon (Reader   *reader,
              gboolean  little_endian,
              guint     n_ordinates,
              GError  **error)
{
  int polygon = reader->geometry->n_polygons++;
  guint32 n_rings;

  if (!read_uint32 (reader, little_endian, &n_rings, error))
    return FALSE;

  for (guint32 i = 0; i < n_rings; i++)
    {
      if (!read_points (reader, little_endian, n_ordinates, polygon, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_geometry (Reader  *reader,
               guint    depth,
               GError **error)
{
  gboolean little_endian;
  guint32 type;
  guint n_ordinates = 2;
  guint32 n_members;

  if (depth > MAX_NESTING)
    {
      g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID,
                   _("Geometry collections are nested too deeply"));
      return FALSE;
    }

  if (reader->pos >= reader->length)
    return truncated (reader, error);

  little_endian = reader->data[reader->pos++] == 1;
  if (!read_uint32 (reader, little_endian, &type, error))
    return FALSE;

  /* EWKB: Z = 0x80000000, M = 0x40000000, SRID = 0x20000000 */
  if (type & 0x20000000)
    {
      guint32 srid;

      if (!read_uint32 (reader, little_endian, &srid, error))
        return FALSE;
    }
  if (type & 0x80000000)
    n_ordinates++;
  if (type & 0x40000000)
    n_ordinates++;
  type &= 0x0fffffff;

  /* ISO: 1000 Z, 2000 M, 3000 ZM */
  n_ordinates += (type / 1000 == 3) ? 2 : (type / 1000 > 0 ? 1 : 0);
  type %= 1000;

  switch (type)
    {
    case WKB_POINT:
      {
        TaWkbPart part = { reader->geometry->points->len, 1, -1 };
        TaWkbPoint point;
        double ignored;

        if (!read_double (reader, little_endian, &point.x, error) ||
            !read_double (reader, little_endian, &point.y, error))
          return FALSE;
        for (guint k = 2; k < n_ordinates; k++)
          {
            if (!read_double (reader, little_endian, &ignored, error))
              return FALSE;
          }
        g_array_append_val (reader->geometry->points, point);
        g_array_append_val (reader->geometry->parts, part);
        return TRUE;
      }

    case WKB_LINESTRING:
      return read_points (reader, little_endian, n_ordinates, -1, error);

    case WKB_POLYGON:
      return read_polygon (reader, little_endian, n_ordinates, error);

    case WKB_MULTIPOINT:
    case WKB_MULTILINESTRING:
    case WKB_MULTIPOLYGON:
    case WKB_GEOMETRYCOLLECTION:
      if (!read_uint32 (reader, little_endian, &n_members, error))
        return FALSE;
      for (guint32 i = 0; i < n_members; i++)
        {
          if (!read_geometry (reader, depth + 1, error))
            return FALSE;
        }
      return TRUE;

    default:
      g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_UNSUPPORTED,
                   _("Unsupported WKB geometry type %u"), type);
      return FALSE;
    }
}

static TaWkbGeometry *
ta_wkb_geometry_new (void)
{
  TaWkbGeometry *geometry = g_new0 (TaWkbGeometry, 1);

  geometry->points = g_array_new (FALSE, FALSE, sizeof (TaWkbPoint));
  geometry->parts = g_array_new (FALSE, FALSE, sizeof (TaWkbPart));

  return geometry;
}

void
ta_wkb_geometry_free (TaWkbGeometry *geometry)
{
  if (geometry == NULL)
    return;

  g_array_unref (geometry->points);
  g_array_unref (geometry->parts);
  g_free (geometry);
}

/**
 * ta_wkb_geometry_parse:
 * @wkb: well-known binary
 * @length: bytes in @wkb
 * @error: return location for an error
 *
 * Returns: (transfer full): the geometry, or %NULL with @error set
 */
TaWkbGeometry *
ta_wkb_geometry_parse (const guint8  *wkb,
                       gsize          length,
                       GError       **error)
{
  g_autoptr(TaWkbGeometry) geometry = ta_wkb_geometry_new ();
  Reader reader = { wkb, length, 0, geometry };

  g_return_val_if_fail (wkb != NULL || length == 0, NULL);

  if (!read_geometry (&reader, 0, error))
    return NULL;

  return g_steal_pointer (&geometry);
}

/**
 * ta_wkb_geometry_parse_gpkg:
 * @blob: a GeoPackage geometry blob
 * @length: bytes in @blob
 * @error: return location for an error
 *
 * An empty geometry (flag bit 4) gives a geometry without parts.
 *
 * Returns: (transfer full): the geometry, or %NULL with @error set
 */
TaWkbGeometry *
ta_wkb_geometry_parse_gpkg (const guint8  *blob,
                            gsize          length,
                            GError       **error)
{
  static const gsize envelope_doubles[] = { 0, 4, 6, 6, 8 };
  guint8 flags;
  guint envelope;
  gsize header_length;

  g_return_val_if_fail (blob != NULL || length == 0, NULL);

  if (length < 8 || blob[0] != 'G' || blob[1] != 'P')
    {
      g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID,
                   _("Not a GeoPackage geometry blob (no “GP” header)"));
      return NULL;
    }

  flags = blob[3];
  envelope = (flags >> 1) & 0x7;
  if (envelope >= G_N_ELEMENTS (envelope_doubles))
    {
      g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID,
                   _("GeoPackage blob has an unknown envelope kind %u"), envelope);
      return NULL;
    }

  header_length = 8 + 8 * envelope_doubles[envelope];
  if (length < header_length)
    {
      g_set_error (error, TA_WKB_ERROR, TA_WKB_ERROR_INVALID,
                   _("GeoPackage blob is shorter than its header"));
      return NULL;
    }

  if (flags & 0x10)
    return ta_wkb_geometry_new ();

  return ta_wkb_geometry_parse (blob + header_length, length - header_length, error);
}
