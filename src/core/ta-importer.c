/* ta-importer.c: reading CSV, GeoJSON and Wikidata files into an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-csv.h"
#include "ta-import-plan-state.h"
#include "ta-importer-private.h"

struct _TaImporter
{
  GObject         parent_instance;

  TaDb           *db;
  TaImportPlan   *plan;
  TaImportLimits  limits;
};

G_DEFINE_FINAL_TYPE (TaImporter, ta_importer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DB,
  PROP_PLAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const format_names[] = {
  [TA_IMPORT_FORMAT_AUTO] = "auto",
  [TA_IMPORT_FORMAT_CSV] = "csv",
  [TA_IMPORT_FORMAT_GEOJSON] = "geojson",
  [TA_IMPORT_FORMAT_WIKIDATA_JSON] = "wikidata-json",
};

static void
ta_importer_constructed (GObject *object)
{
  TaImporter *self = (TaImporter *)object;

  G_OBJECT_CLASS (ta_importer_parent_class)->constructed (object);

  g_assert (TA_IS_DB (self->db));
  self->plan = ta_import_plan_new (self->db);
}

static void
ta_importer_finalize (GObject *object)
{
  TaImporter *self = (TaImporter *)object;

  g_clear_object (&self->plan);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ta_importer_parent_class)->finalize (object);
}

static void
ta_importer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TaImporter *self = TA_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_importer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TaImporter *self = TA_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_importer_class_init (TaImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ta_importer_constructed;
  object_class->finalize = ta_importer_finalize;
  object_class->get_property = ta_importer_get_property;
  object_class->set_property = ta_importer_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL, TA_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, TA_TYPE_IMPORT_PLAN,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ta_importer_init (TaImporter *self)
{
  self->limits.max_field_size = TA_CSV_DEFAULT_MAX_FIELD_SIZE;
  self->limits.max_record_size = TA_CSV_DEFAULT_MAX_RECORD_SIZE;
  self->limits.max_columns = TA_CSV_DEFAULT_MAX_COLUMNS;
  self->limits.max_json_size = TA_IMPORT_DEFAULT_MAX_JSON_SIZE;
}

const char *
ta_import_format_to_string (TaImportFormat format)
{
  g_return_val_if_fail (format <= TA_IMPORT_FORMAT_WIKIDATA_JSON, NULL);

  return format_names[format];
}

gboolean
ta_import_format_from_string (const char     *text,
                              TaImportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_strcmp0 (text, format_names[i]) == 0)
        {
          *format = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * ta_importer_new:
 * @db: the atlas to import into (writable when the plan is committed)
 *
 * Returns: (transfer full): an importer with an empty plan
 */
TaImporter *
ta_importer_new (TaDb *db)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return g_object_new (TA_TYPE_IMPORTER, "db", db, NULL);
}

TaDb *
ta_importer_get_db (TaImporter *self)
{
  g_return_val_if_fail (TA_IS_IMPORTER (self), NULL);

  return self->db;
}

TaImportPlan *
ta_importer_get_plan (TaImporter *self)
{
  g_return_val_if_fail (TA_IS_IMPORTER (self), NULL);

  return self->plan;
}

void
ta_importer_set_iso_codes (TaImporter *self,
                           TaIsoCodes *iso_codes)
{
  g_return_if_fail (TA_IS_IMPORTER (self));
  g_return_if_fail (TA_IS_ISO_CODES (iso_codes));

  g_set_object (&self->plan->iso_codes, iso_codes);
}

void
ta_importer_set_csv_limits (TaImporter *self,
                            gsize       max_field_size,
                            gsize       max_record_size,
                            guint       max_columns)
{
  g_return_if_fail (TA_IS_IMPORTER (self));
  g_return_if_fail (max_field_size > 0 && max_record_size > 0 && max_columns > 0);

  self->limits.max_field_size = max_field_size;
  self->limits.max_record_size = max_record_size;
  self->limits.max_columns = max_columns;
}

void
ta_importer_set_max_json_size (TaImporter *self,
                               gsize       max_size)
{
  g_return_if_fail (TA_IS_IMPORTER (self));
  g_return_if_fail (max_size > 0);

  self->limits.max_json_size = max_size;
}

GBytes *
ta_import_read_all (GInputStream  *stream,
                    const char    *name,
                    gsize          max_size,
                    GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint8 buffer[64 * 1024];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT, _("Could not read “%s”: %s"),
                       name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_size)
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_LIMIT,
                       _("“%s” is larger than %zu MB, the most a JSON file may have"),
                       name, max_size / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (data, buffer, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* From the name, and for .json from the first bytes: SPARQL results
 * begin with "head" where GeoJSON has "type". */
static TaImportFormat
guess_format (const char   *name,
              GInputStream *stream)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".geojson"))
    return TA_IMPORT_FORMAT_GEOJSON;
  if (g_str_has_suffix (lower, ".srj"))
    return TA_IMPORT_FORMAT_WIKIDATA_JSON;
  if (g_str_has_suffix (lower, ".json") && G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      char head[4097];
      gsize n = 0;
      gboolean sparql;

      g_input_stream_read_all (stream, head, sizeof head - 1, &n, NULL, NULL);
      head[n] = '\0';
      sparql = strstr (head, "\"head\"") != NULL && strstr (head, "\"vars\"") != NULL;
      g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, NULL);
      return sparql ? TA_IMPORT_FORMAT_WIKIDATA_JSON : TA_IMPORT_FORMAT_GEOJSON;
    }
  if (g_str_has_suffix (lower, ".json"))
    return TA_IMPORT_FORMAT_GEOJSON;

  return TA_IMPORT_FORMAT_CSV;
}

static gboolean
read_stream (TaImporter          *self,
             GInputStream        *stream,
             const char          *name,
             TaImportFormat       format,
             TaImportRecordType   type,
             TaImportMapping     *mapping,
             GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (format == TA_IMPORT_FORMAT_AUTO)
    format = guess_format (name, stream);

  if (format == TA_IMPORT_FORMAT_CSV)
    return ta_csv_import_stream (self->plan, stream, name, type, mapping, &self->limits, error);

  if (type != TA_IMPORT_RECORD_AUTO || mapping != NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”: record types and column mappings apply to CSV files only"), name);
      return FALSE;
    }

  bytes = ta_import_read_all (stream, name, self->limits.max_json_size, error);
  if (bytes == NULL)
    return FALSE;

  if (format == TA_IMPORT_FORMAT_GEOJSON)
    return ta_geojson_import_bytes (self->plan, bytes, name, error);

  return ta_sparql_import_bytes (self->plan, bytes, name, NULL, error);
}

gboolean
ta_importer_add_stream (TaImporter          *self,
                        GInputStream        *stream,
                        const char          *name,
                        TaImportFormat       format,
                        TaImportRecordType   type,
                        TaImportMapping     *mapping,
                        GError             **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (TA_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!ta_import_plan_load_index (self->plan, &local_error) ||
      !read_stream (self, stream, name, format, type, mapping, &local_error))
    {
      ta_import_plan_set_failure (self->plan, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
ta_importer_add_file (TaImporter          *self,
                      const char          *path,
                      TaImportFormat       format,
                      TaImportRecordType   type,
                      TaImportMapping     *mapping,
                      GError             **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TA_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT, _("Cannot open “%s”: %s"),
                   path, local_error->message);
      ta_import_plan_set_failure (self->plan, *error);
      return FALSE;
    }

  return ta_importer_add_stream (self, G_INPUT_STREAM (stream), path, format, type, mapping, error);
}

GStrv
ta_importer_read_csv_header (TaImporter  *self,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(TaCsvReader) reader = NULL;

  g_return_val_if_fail (TA_IS_IMPORTER (self), NULL);

  reader = ta_csv_reader_new_for_path (path, error);
  if (reader == NULL)
    return NULL;

  ta_csv_reader_set_limits (reader, self->limits.max_field_size, self->limits.max_record_size,
                            self->limits.max_columns);
  if (!ta_csv_reader_read_header (reader, error))
    return NULL;

  return g_strdupv ((GStrv) ta_csv_reader_get_header (reader));
}

gboolean
ta_importer_add_wikidata_results (TaImporter  *self,
                                  GBytes      *json,
                                  const char  *endpoint,
                                  GDateTime   *retrieved,
                                  const char  *scope,
                                  GError     **error)
{
  g_autofree char *date = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  GError *local_error = NULL;
  TaSourceInput source = { 0, };

  g_return_val_if_fail (TA_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (json != NULL && endpoint != NULL && retrieved != NULL, FALSE);

  date = g_date_time_format (retrieved, "%Y-%m-%d");
  id = g_strdup_printf ("wikidata-live:%s", date);
  title = g_strdup_printf ("Wikidata, retrieved %s", date);
  source.id = id;
  source.title = title;
  source.licence = "CC0-1.0";
  source.attribution = "Wikidata contributors";
  source.url = endpoint;
  source.retrieved = date;
  source.note = scope;

  if (!ta_import_plan_load_index (self->plan, &local_error) ||
      !ta_sparql_import_bytes (self->plan, json, endpoint, &source, &local_error))
    {
      ta_import_plan_set_failure (self->plan, local_error);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}
