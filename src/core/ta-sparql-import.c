/* ta-sparql-import.c: Wikidata SPARQL results into an import plan
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the "application/sparql-results+json" answer to the query of
 * ta_wikidata_build_query(): one result per P190 statement, with the
 * variables
 *
 *   town, partner                      the two items (URIs)
 *   townLabel_en/_pl/_de, partner…     labels
 *   townCountry, partnerCountry        ISO 3166-1 alpha-2 (P17 → P297)
 *   townCoord, partnerCoord            "Point(lon lat)" (P625)
 *   townPop, partnerPop                population (P1082)
 *   start, end                         the statement's P580 and P582
 *
 * Towns are matched by QID first, then by folded name, country and
 * distance (ta-import-plan.c); Wikidata's years replace the atlas'.
 * The same statement given twice (A → B and B → A, or once per
 * coordinate) becomes one link.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-import-rows.h"
#include "ta-importer-private.h"

typedef struct
{
  TaImportPlan   *plan;
  TaJsonDocument *document;
  guint           file;
} Reader;

/* What one end of a result says; strings point into the JSON. */
typedef struct
{
  TaTownInput  town;
  TaImportName names[3];
  char        *qid;
} End;

static void
end_clear (End *end)
{
  g_clear_pointer (&end->qid, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (End, end_clear)

static const char *
binding_value (JsonObject *binding,
               const char *variable,
               const char *type)
{
  JsonNode *node = json_object_get_member (binding, variable);
  JsonObject *term;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  term = json_node_get_object (node);
  if (type != NULL && g_strcmp0 (json_object_get_string_member_with_default (term, "type", NULL), type) != 0)
    return NULL;

  value = json_object_get_member (term, "value");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (value);
}

static gboolean
has_variable (JsonObject *binding,
              const char *variable)
{
  return json_object_has_member (binding, variable);
}

/* "Point(19.46 51.76)": longitude first. */
static gboolean
parse_wkt_point (const char *text,
                 double     *lat,
                 double     *lon)
{
  g_autofree char *inner = NULL;
  g_auto(GStrv) parts = NULL;
  const char *close;

  if (text == NULL || !g_str_has_prefix (text, "Point(") || (close = strchr (text, ')')) == NULL ||
      close[1] != '\0')
    return FALSE;

  inner = g_strndup (text + strlen ("Point("), close - text - strlen ("Point("));
  parts = g_strsplit (g_strstrip (inner), " ", -1);
  if (g_strv_length (parts) != 2 ||
      !ta_import_parse_double (parts[0], lon) || !ta_import_parse_double (parts[1], lat))
    return FALSE;

  return *lat >= -90.0 && *lat <= 90.0 && *lon >= -180.0 && *lon <= 180.0;
}

static gboolean
parse_population (const char *text,
                  gint64     *population)
{
  double value;

  if (ta_import_parse_count (text, population))
    return TRUE;

  /* xsd:decimal may come as "12345.0". */
  if (ta_import_parse_double (text, &value) && value >= 0 && value < 1e15 && value == floor (value))
    {
      *population = (gint64) value;
      return TRUE;
    }

  return FALSE;
}

G_GNUC_PRINTF (4, 5)
static gboolean
reject (Reader      *reader,
        TaImportRow *row,
        const char  *field,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ta_import_plan_reject (reader->plan, row, field, "%s", message);
  return FALSE;
}

static gboolean
read_end (Reader      *reader,
          TaImportRow *row,
          JsonObject  *binding,
          const char  *prefix,
          End         *end)
{
  static const char * const langs[] = { "en", "pl", "de" };
  g_autofree char *coord_var = g_strconcat (prefix, "Coord", NULL);
  g_autofree char *pop_var = g_strconcat (prefix, "Pop", NULL);
  g_autofree char *country_var = g_strconcat (prefix, "Country", NULL);
  const char *labels[G_N_ELEMENTS (langs)];
  const char *uri = binding_value (binding, prefix, "uri");
  const char *coord = binding_value (binding, coord_var, NULL);
  const char *population = binding_value (binding, pop_var, NULL);
  const char *country = binding_value (binding, country_var, NULL);
  const char *native_lang = NULL;

  ta_town_input_init (&end->town);

  end->qid = ta_import_parse_qid (uri);
  if (end->qid == NULL)
    return reject (reader, row, prefix, uri != NULL ? _("“%s” is not a Wikidata item") : _("the item is missing"),
                   uri);
  end->town.wikidata = end->qid;

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *variable = g_strdup_printf ("%sLabel_%s", prefix, langs[i]);

      labels[i] = binding_value (binding, variable, "literal");
      if (end->town.name == NULL)
        end->town.name = labels[i];
    }
  if (end->town.name == NULL)
    return reject (reader, row, prefix, _("%s has no label in English, Polish or German"), end->qid);

  if (country != NULL)
    {
      end->town.country = ta_import_plan_lookup_country (reader->plan, country);
      if (end->town.country != NULL && ta_import_plan_get_iso_codes (reader->plan) != NULL)
        native_lang = ta_iso_codes_get_country_language (ta_import_plan_get_iso_codes (reader->plan),
                                                         end->town.country);
    }

  if (coord != NULL)
    {
      if (!parse_wkt_point (coord, &end->town.lat, &end->town.lon))
        return reject (reader, row, coord_var, _("“%s” is not a point on Earth"), coord);
      end->town.has_point = TRUE;
    }

  if (population != NULL && !parse_population (population, &end->town.population))
    return reject (reader, row, pop_var, _("“%s” is not a number of inhabitants"), population);

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      if (labels[i] == NULL || strcmp (labels[i], end->town.name) == 0)
        continue;
      if (g_strcmp0 (native_lang, langs[i]) == 0 && end->town.name_native == NULL)
        end->town.name_native = labels[i];
      else
        {
          end->names[end->town.n_names].name = labels[i];
          end->names[end->town.n_names].lang = langs[i];
          end->town.n_names++;
        }
    }
  end->town.names = end->names;

  return TRUE;
}

static gboolean
read_year (Reader      *reader,
           TaImportRow *row,
           JsonObject  *binding,
           const char  *variable,
           int         *year)
{
  const char *text = binding_value (binding, variable, "literal");

  *year = 0;
  if (text == NULL)
    return TRUE;
  if (!ta_import_parse_year (text, year))
    return reject (reader, row, variable, _("“%s” is not a date"), text);
  if (*year < 800 || *year > 2200)
    return reject (reader, row, variable, _("the year %d is out of range (800 to 2200)"), *year);

  return TRUE;
}

static void
read_result (Reader     *reader,
             JsonNode   *node,
             guint       index)
{
  g_autofree char *record = g_strdup_printf (_("result %u"), index + 1);
  g_auto(End) town = { 0, };
  g_auto(End) partner = { 0, };
  TaImportRow row = { 0, };
  TaLinkInput link = { 0, };
  JsonObject *binding;
  int a, b;

  row.file = reader->file;
  row.record = record;
  ta_import_plan_count_row (reader->plan, reader->file);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      reject (reader, &row, NULL, _("a result must be an object"));
      return;
    }
  binding = json_node_get_object (node);
  row.line = ta_json_document_get_line (reader->document, binding);

  if (!read_end (reader, &row, binding, "town", &town) ||
      !read_end (reader, &row, binding, "partner", &partner) ||
      !read_year (reader, &row, binding, "start", &link.start_year) ||
      !read_year (reader, &row, binding, "end", &link.end_year))
    return;
  if (link.start_year > 0 && link.end_year > 0 && link.end_year < link.start_year)
    {
      reject (reader, &row, "end", _("the twinning ends (%d) before it starts (%d)"), link.end_year, link.start_year);
      return;
    }
  link.years_authoritative = TRUE;

  if (!ta_import_plan_find_town (reader->plan, &row, "town", &town.town, &a) ||
      !ta_import_plan_find_town (reader->plan, &row, "partner", &partner.town, &b))
    return;

  if (ta_import_plan_add_link (reader->plan, &row, "partner", a, b, &link))
    {
      ta_import_plan_add_town (reader->plan, &row, a, &town.town);
      ta_import_plan_add_town (reader->plan, &row, b, &partner.town);
    }
}

gboolean
ta_sparql_import_bytes (TaImportPlan         *plan,
                        GBytes               *bytes,
                        const char           *name,
                        const TaSourceInput  *source,
                        GError              **error)
{
  g_autoptr(TaJsonDocument) document = ta_json_document_parse (bytes, name, error);
  Reader reader = { plan, NULL, 0 };
  JsonNode *root;
  JsonObject *results;
  JsonNode *bindings;
  JsonArray *array;

  if (document == NULL)
    return FALSE;
  reader.document = document;

  root = ta_json_document_get_root (document);
  results = JSON_NODE_HOLDS_OBJECT (root) && json_object_has_member (json_node_get_object (root), "results") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "results"))
            ? json_object_get_object_member (json_node_get_object (root), "results") : NULL;
  bindings = results != NULL ? json_object_get_member (results, "bindings") : NULL;
  if (bindings == NULL || !JSON_NODE_HOLDS_ARRAY (bindings))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s”, line 1: not SPARQL results in JSON (there is no “results” object with “bindings”)"),
                   name);
      return FALSE;
    }

  array = json_node_get_array (bindings);
  if (json_array_get_length (array) > 0 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
    {
      JsonObject *first = json_node_get_object (json_array_get_element (array, 0));

      if (!has_variable (first, "town") || !has_variable (first, "partner"))
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                       _("“%s”, line %u: the results have no ?town and ?partner: they do not answer Twin Atlas' twinning query"),
                       name, MAX (ta_json_document_get_line (document, first), 1));
          return FALSE;
        }
    }

  reader.file = ta_import_plan_add_file (plan, name, source);
  for (guint i = 0; i < json_array_get_length (array); i++)
    read_result (&reader, json_array_get_element (array, i), i);

  return TRUE;
}
