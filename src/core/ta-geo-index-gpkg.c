/* ta-geo-index-gpkg.c: reading the geo index's layers from a GeoPackage
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GeoPackage is SQLite with geometry blobs in the GeoPackage binary
 * format around plain WKB.  The `countries` and `states_provinces` layers
 * become the features and polygon parts of the index (ta-geo-index.c).
 * The WKB reader here is stricter than ta-wkb.c's on purpose: only WGS 84
 * polygons and multipolygons with finite coordinates are accepted, and
 * errors name the layer and fid.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ta-geo-index-private.h"

/* GeoPackage binary header: "GP", version, flags, srs_id. */
#define GPKG_HEADER_SIZE 8
#define GPKG_FLAG_LITTLE_ENDIAN 0x01
#define GPKG_FLAG_EMPTY 0x10
#define GPKG_FLAG_EXTENDED 0x20

#define WKB_POLYGON 3
#define WKB_MULTIPOLYGON 6
#define EWKB_FLAG_Z 0x80000000u
#define EWKB_FLAG_M 0x40000000u
#define EWKB_FLAG_SRID 0x20000000u

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ---- Reading GeoPackage geometry ---------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
  gboolean      big_endian;
  gboolean      overrun;
} Reader;

static gboolean
reader_has (Reader *reader,
            gsize   n_bytes)
{
  if (reader->overrun || reader->size - reader->pos < n_bytes)
    {
      reader->overrun = TRUE;
      return FALSE;
    }

  return TRUE;
}

static guint32
reader_u32 (Reader *reader)
{
  guint32 value;

  if (!reader_has (reader, 4))
    return 0;

  memcpy (&value, reader->data + reader->pos, 4);
  reader->pos += 4;
  return reader->big_endian ? GUINT32_FROM_BE (value) : GUINT32_FROM_LE (value);
}

static double
reader_double (Reader *reader)
{
  guint64 bits;
  double value;

  if (!reader_has (reader, 8))
    return 0;

  memcpy (&bits, reader->data + reader->pos, 8);
  reader->pos += 8;
  bits = reader->big_endian ? GUINT64_FROM_BE (bits) : GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, 8);
  return value;
}

/* Reads a WKB header: byte order and type.  ISO types add 1000 (Z), 2000
 * (M) or 3000 (ZM) to the base type; EWKB sets high bits instead and may
 * carry an SRID.  Returns the base type and the number of ordinates. */
static gboolean
read_wkb_header (Reader  *reader,
                 guint32 *base_type,
                 guint   *n_ordinates)
{
  guint32 type;
  guint32 iso_dimensions;

  if (!reader_has (reader, 1))
    return FALSE;

  reader->big_endian = reader->data[reader->pos++] == 0;
  type = reader_u32 (reader);
  if (reader->overrun)
    return FALSE;

  iso_dimensions = (type & 0x0fffffff) / 1000;
  *base_type = (type & 0x0fffffff) % 1000;
  *n_ordinates = 2 + (iso_dimensions == 1 || iso_dimensions == 2) + 2 * (iso_dimensions == 3) +
                 ((type & EWKB_FLAG_Z) != 0) + ((type & EWKB_FLAG_M) != 0);

  if (iso_dimensions > 3 || *n_ordinates > 4)
    return FALSE;

  if (type & EWKB_FLAG_SRID)
    reader_u32 (reader);

  return !reader->overrun;
}

static void
part_add_point (Part    *part,
                GArray  *xy,
                double   x,
                double   y)
{
  g_array_append_val (xy, x);
  g_array_append_val (xy, y);
  part->min_x = MIN (part->min_x, x);
  part->max_x = MAX (part->max_x, x);
  part->min_y = MIN (part->min_y, y);
  part->max_y = MAX (part->max_y, y);
}

/* Reads the rings of a polygon (after its header) into a new part. */
static gboolean
read_polygon (Reader *reader,
              guint   n_ordinates,
              guint   feature,
              Layer  *layer)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ring_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  Part part = { feature, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint32 n_rings = reader_u32 (reader);

  for (guint32 r = 0; r < n_rings && !reader->overrun; r++)
    {
      guint32 n_points = reader_u32 (reader);
      guint ring_start = xy->len / 2;
      guint end;

      if (!reader_has (reader, (gsize) n_points * n_ordinates * 8))
        return FALSE;

      for (guint32 i = 0; i < n_points; i++)
        {
          double x = reader_double (reader);
          double y = reader_double (reader);

          for (guint extra = 2; extra < n_ordinates; extra++)
            reader_double (reader);

          if (!isfinite (x) || !isfinite (y))
            return FALSE;

          part_add_point (&part, xy, x, y);
        }

      if (n_points == 0)
        continue;

      /* WKB rings repeat their first point at the end; be lenient with
       * writers that do not. */
      if (g_array_index (xy, double, 2 * ring_start) != g_array_index (xy, double, xy->len - 2) ||
          g_array_index (xy, double, 2 * ring_start + 1) != g_array_index (xy, double, xy->len - 1))
        part_add_point (&part, xy,
                        g_array_index (xy, double, 2 * ring_start),
                        g_array_index (xy, double, 2 * ring_start + 1));

      end = xy->len / 2;
      g_array_append_val (ring_ends, end);
    }

  if (reader->overrun)
    return FALSE;

  if (ring_ends->len == 0)
    return TRUE;

  part.n_points = xy->len / 2;
  part.n_rings = ring_ends->len;
  part.xy = (double *) (void *) g_array_free (g_steal_pointer (&xy), FALSE);
  part.ring_ends = (guint *) (void *) g_array_free (g_steal_pointer (&ring_ends), FALSE);
  ta_geo_index_part_build_bands (&part);
  g_array_append_val (layer->parts, part);

  return TRUE;
}

/* Adds the polygons of one GeoPackage geometry blob to the layer as parts
 * of the feature.  Errors name the layer and fid. */
static gboolean
read_gpkg_geometry (const guint8  *data,
                    gsize          size,
                    const char    *where,
                    guint          feature,
                    Layer         *layer,
                    GError       **error)
{
  static const gsize envelope_sizes[] = { 0, 32, 48, 48, 64 };
  Reader reader = { data, size, 0, FALSE, FALSE };
  guint envelope;
  guint32 base_type;
  guint n_ordinates;
  guint32 srs_id;

  if (size < GPKG_HEADER_SIZE || data[0] != 'G' || data[1] != 'P')
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: the geometry is not in GeoPackage binary format"), where);
      return FALSE;
    }

  if (data[3] & GPKG_FLAG_EXTENDED)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: extended GeoPackage geometries are not supported"), where);
      return FALSE;
    }

  if (data[3] & GPKG_FLAG_EMPTY)
    return TRUE;

  envelope = (data[3] >> 1) & 0x07;
  if (envelope >= G_N_ELEMENTS (envelope_sizes))
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: invalid envelope type %u in the geometry header"), where, envelope);
      return FALSE;
    }

  reader.big_endian = (data[3] & GPKG_FLAG_LITTLE_ENDIAN) == 0;
  reader.pos = 4;
  srs_id = reader_u32 (&reader);
  if (srs_id != 4326)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: coordinates in SRS %d, only WGS 84 (4326) is supported"),
                   where, (int) srs_id);
      return FALSE;
    }

  reader.pos = GPKG_HEADER_SIZE + envelope_sizes[envelope];
  if (!read_wkb_header (&reader, &base_type, &n_ordinates))
    goto malformed;

  if (base_type == WKB_POLYGON)
    {
      if (!read_polygon (&reader, n_ordinates, feature, layer))
        goto malformed;
    }
  else if (base_type == WKB_MULTIPOLYGON)
    {
      guint32 n_polygons = reader_u32 (&reader);

      for (guint32 i = 0; i < n_polygons && !reader.overrun; i++)
        {
          guint32 element_type;
          guint element_ordinates;

          if (!read_wkb_header (&reader, &element_type, &element_ordinates) ||
              element_type != WKB_POLYGON ||
              !read_polygon (&reader, element_ordinates, feature, layer))
            goto malformed;
        }
    }
  else
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: WKB geometry type %u is not a polygon or multipolygon"),
                   where, base_type);
      return FALSE;
    }

  if (reader.overrun)
    goto malformed;

  return TRUE;

malformed:
  g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
               _("%s: malformed WKB polygon geometry"), where);
  return FALSE;
}

/* ---- Reading the layers ------------------------------------------------- */

/* "pl", "PL" → "PL"; "-99", "", NULL → NULL. */
static char *
usable_alpha2 (const char *value)
{
  if (value == NULL || strlen (value) != 2 ||
      !g_ascii_isalpha (value[0]) || !g_ascii_isalpha (value[1]))
    return NULL;

  return g_ascii_strup (value, -1);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = column_text (stmt, column);

  return (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
}

/* ISO_A2 as given; Natural Earth writes "-99" where ISO has no code for
 * its unit, so fall back to the World Bank code when iso-codes knows it,
 * then to the ISO alpha-3 code.  NULL when nothing fits. */
static char *
country_code_for_row (sqlite3_stmt *stmt,
                      TaIsoCodes   *iso_codes)
{
  g_autofree char *iso_a2 = usable_alpha2 (column_text (stmt, 2));
  g_autofree char *wb_a2 = usable_alpha2 (column_text (stmt, 3));
  const char *from_a3;

  if (iso_a2 != NULL)
    return g_steal_pointer (&iso_a2);

  if (iso_codes == NULL)
    return NULL;

  if (wb_a2 != NULL && ta_iso_codes_get_country_name (iso_codes, wb_a2, NULL) != NULL)
    return g_steal_pointer (&wb_a2);

  from_a3 = ta_iso_codes_get_country_code_for_alpha3 (iso_codes, column_text (stmt, 4));
  return g_strdup (from_a3);
}

static sqlite3_stmt *
prepare_layer (sqlite3     *db,
               const char  *path,
               const char  *layer,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: cannot read layer “%s”: %s"), path, layer, sqlite3_errmsg (db));
      return NULL;
    }

  return stmt;
}

static gboolean
step_failed (sqlite3     *db,
             int          rc,
             const char  *path,
             const char  *layer,
             GError     **error)
{
  if (rc == SQLITE_DONE)
    return FALSE;

  g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
               _("%s: cannot read layer “%s”: %s"), path, layer, sqlite3_errmsg (db));
  return TRUE;
}

static gboolean
read_geometry_column (sqlite3_stmt  *stmt,
                      const char    *path,
                      const char    *layer_name,
                      guint          feature,
                      Layer         *layer,
                      GError       **error)
{
  g_autofree char *where = g_strdup_printf ("%s: %s fid %lld", path, layer_name,
                                            (long long) sqlite3_column_int64 (stmt, 0));
  const guint8 *blob = sqlite3_column_blob (stmt, 1);
  gsize size = sqlite3_column_bytes (stmt, 1);

  if (blob == NULL)
    return TRUE;

  return read_gpkg_geometry (blob, size, where, feature, layer, error);
}

gboolean
ta_geo_index_load_countries (TaGeoIndex  *self,
                             sqlite3     *db,
                             const char  *path,
                             TaIsoCodes  *iso_codes,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_layer (db, path, "countries",
                        "SELECT fid, geom, iso_a2, WB_A2, ISO_A3 FROM countries ORDER BY fid",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = country_code_for_row (stmt, iso_codes);
      guint first_part = self->country_layer.parts->len;
      gpointer slot;
      Country *country;
      guint index;

      if (code == NULL)
        {
          g_debug ("%s: countries fid %lld has no usable country code, skipped",
                   path, (long long) sqlite3_column_int64 (stmt, 0));
          continue;
        }

      slot = g_hash_table_lookup (self->countries_by_code, code);
      if (slot != NULL)
        {
          index = GPOINTER_TO_UINT (slot) - 1;
          country = g_ptr_array_index (self->countries, index);
        }
      else
        {
          index = self->countries->len;
          country = g_new0 (Country, 1);
          country->code = g_steal_pointer (&code);
          country->parts = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (self->countries, country);
          g_hash_table_insert (self->countries_by_code, country->code, GUINT_TO_POINTER (index + 1));
        }

      if (!read_geometry_column (stmt, path, "countries", index, &self->country_layer, error))
        return FALSE;

      for (guint p = first_part; p < self->country_layer.parts->len; p++)
        g_array_append_val (country->parts, p);
    }

  if (step_failed (db, rc, path, "countries", error))
    return FALSE;

  if (self->countries->len == 0)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_FORMAT,
                   _("%s: layer “countries” has no usable country"), path);
      return FALSE;
    }

  return TRUE;
}

/* Two regions of one country matched to the same subdivision cannot both
 * be it, unless they are the same region cut in two rows. */
static void
drop_shared_iso_codes (TaGeoIndex *self)
{
  g_autoptr(GHashTable) first_with_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) conflicting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->regions->len; i++)
    {
      TaGeoRegion *region = &g_array_index (self->regions, TaGeoRegion, i);
      TaGeoRegion *first;

      if (region->iso_code == NULL)
        continue;

      first = g_hash_table_lookup (first_with_code, region->iso_code);
      if (first == NULL)
        g_hash_table_insert (first_with_code, region->iso_code, region);
      else if (g_strcmp0 (first->name, region->name) != 0)
        g_hash_table_add (conflicting, g_strdup (region->iso_code));
    }

  for (guint i = 0; i < self->regions->len && g_hash_table_size (conflicting) > 0; i++)
    {
      TaGeoRegion *region = &g_array_index (self->regions, TaGeoRegion, i);

      if (region->iso_code != NULL && g_hash_table_contains (conflicting, region->iso_code))
        {
          g_debug ("Region %s (%s) shares ISO code %s with another region, dropped",
                   region->name, region->country_code, region->iso_code);
          g_clear_pointer (&region->iso_code, g_free);
        }
    }
}

gboolean
ta_geo_index_load_regions (TaGeoIndex  *self,
                           sqlite3     *db,
                           const char  *path,
                           TaIsoCodes  *iso_codes,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare_layer (db, path, "states_provinces",
                        "SELECT fid, geom, iso_a2, adm0_a3, name, gn_name, woe_name "
                        "FROM states_provinces ORDER BY fid",
                        error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = usable_alpha2 (column_text (stmt, 2));
      TaGeoRegion region = { NULL };
      gpointer slot;
      guint country_index;

      if (code == NULL && iso_codes != NULL)
        code = g_strdup (ta_iso_codes_get_country_code_for_alpha3 (iso_codes, column_text (stmt, 3)));

      slot = code != NULL ? g_hash_table_lookup (self->countries_by_code, code) : NULL;
      if (slot == NULL)
        {
          g_debug ("%s: states_provinces fid %lld belongs to no country of the index, skipped",
                   path, (long long) sqlite3_column_int64 (stmt, 0));
          continue;
        }
      country_index = GPOINTER_TO_UINT (slot) - 1;

      region.country_code = g_steal_pointer (&code);
      region.name = dup_column_text (stmt, 4);
      region.name_native = dup_column_text (stmt, 5);

      if (iso_codes != NULL)
        {
          const char *names[] = { column_text (stmt, 4), column_text (stmt, 5), column_text (stmt, 6), NULL };

          region.iso_code = g_strdup (ta_iso_codes_match_subdivision (iso_codes, region.country_code, names));
        }

      g_array_append_val (self->regions, region);
      g_array_append_val (self->region_countries, country_index);

      if (!read_geometry_column (stmt, path, "states_provinces", self->regions->len - 1,
                                 &self->region_layer, error))
        return FALSE;
    }

  if (step_failed (db, rc, path, "states_provinces", error))
    return FALSE;

  drop_shared_iso_codes (self);

  return TRUE;
}

sqlite3 *
ta_geo_index_open_gpkg (const char  *path,
                        GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *uri_immutable = NULL;
  sqlite3 *db = NULL;

  if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_OPEN,
                   _("%s: no such GeoPackage file"), path);
      return NULL;
    }

  /* immutable=1: the file is only read, and SQLite need not lock it or
   * look for a journal, which also works on read-only media. */
  uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return NULL;
  uri_immutable = g_strconcat (uri, "?immutable=1", NULL);

  if (sqlite3_open_v2 (uri_immutable, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_set_error (error, TA_GEO_INDEX_ERROR, TA_GEO_INDEX_ERROR_OPEN,
                   _("%s: cannot open GeoPackage: %s"), path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}
