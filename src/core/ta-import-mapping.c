/* ta-import-mapping.c: which column of a file holds which field
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spreadsheets people keep of their twinnings have headings in their own
 * language: "Miasto partnerskie", "Partnerstadt", "Rok", "Jahr".  Headings
 * are compared folded (ta_fold_key(): case, diacritics and punctuation
 * ignored, so "Town_A", "town a" and "TOWN-A" are one), first against the
 * field names, then against the aliases below.  The app lets the user
 * change the mapping before the preview (ta_import_mapping_set_field()).
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-fold.h"
#include "ta-import-mapping.h"

typedef struct
{
  TaImportField field;
  const char   *aliases;   /* folded, '|'-separated */
} FieldSpec;

#define END_FIELDS(S, N, WHICH)                                                                                   \
  { { "town_" S, WHICH, TRUE }, N },                                                                               \
  { { "country_" S, N_("the country of that town: ISO code (PL, POL) or name"), FALSE }, NULL },                 \
  { { "lat_" S, N_("its latitude in degrees (WGS84)"), FALSE }, NULL },                                           \
  { { "lon_" S, N_("its longitude in degrees (WGS84)"), FALSE }, NULL },                                          \
  { { "wikidata_" S, N_("its Wikidata id (Q…)"), FALSE }, NULL },                                                 \
  { { "geonames_" S, N_("its GeoNames id"), FALSE }, NULL }

/* Aliases of the end fields, which END_FIELDS cannot hold per language. */
static const struct
{
  const char *field;
  const char *aliases;
} end_aliases[] = {
  { "town_a", "town|city|miasto|miejscowosc|gmina|stadt|ort|gemeinde|kommune|from|town 1|city 1|name|nazwa" },
  { "country_a", "country|country code|kraj|panstwo|land|staat|country 1" },
  { "lat_a", "lat|latitude|szerokosc|szerokosc geograficzna|breite|breitengrad|lat 1" },
  { "lon_a", "lon|lng|long|longitude|dlugosc|dlugosc geograficzna|lange|langengrad|lon 1" },
  { "wikidata_a", "wikidata|qid|wikidata id|item" },
  { "geonames_a", "geonames|geonames id|geonameid" },
  { "town_b", "partner|partner town|partner city|partner name|twin|twin town|twin city|sister city|"
              "partnerstadt|partnergemeinde|partnerort|partnerkommune|miasto partnerskie|partner miasta|"
              "gmina partnerska|to|town 2|city 2" },
  { "country_b", "partner country|kraj partnera|kraj partnerski|panstwo partnera|partnerland|country 2" },
  { "lat_b", "partner lat|partner latitude|lat 2" },
  { "lon_b", "partner lon|partner lng|partner longitude|lon 2" },
  { "wikidata_b", "partner wikidata|partner qid" },
  { "geonames_b", "partner geonames" },
};

#define SOURCE_FIELDS                                                                                            \
  { { "source", N_("the id of a source in the atlas or the sources file (default: the file itself)"), FALSE },   \
    "source id|zrodlo|quelle" },                                                                                 \
  { { "sources", N_("more sources attesting the row, separated by |"), FALSE }, "zrodla|quellen" }

static const FieldSpec town_fields[] = {
  { { "id", N_("the town's id in the atlas it was exported from (not imported)"), FALSE }, NULL },
  { { "name", N_("the town's name"), TRUE },
    "town|city|place|municipality|town name|city name|miasto|miejscowosc|gmina|nazwa|stadt|ort|gemeinde|kommune" },
  { { "name_native", N_("its name in the local language"), FALSE },
    "native name|local name|nazwa oryginalna|nazwa lokalna|lokaler name|originalname|einheimischer name" },
  { { "country", N_("its country: ISO code (PL, POL) or name"), FALSE },
    "country code|kraj|panstwo|land|staat" },
  { { "lat", N_("latitude in degrees (WGS84)"), FALSE },
    "latitude|szerokosc|szerokosc geograficzna|breite|breitengrad" },
  { { "lon", N_("longitude in degrees (WGS84)"), FALSE },
    "lng|long|longitude|dlugosc|dlugosc geograficzna|lange|langengrad" },
  { { "population", N_("number of inhabitants"), FALSE },
    "inhabitants|ludnosc|liczba ludnosci|mieszkancy|liczba mieszkancow|einwohner|einwohnerzahl|bevolkerung" },
  { { "wikidata", N_("Wikidata id (Q…)"), FALSE }, "qid|wikidata id|item" },
  { { "geonames_id", N_("GeoNames id"), FALSE }, "geonames|geonameid" },
  { { "other_names", N_("other names (exonyms, former names), separated by |"), FALSE },
    "names|alternative names|alt names|inne nazwy|nazwy|andere namen|alternative namen" },
  SOURCE_FIELDS,
};

static const FieldSpec link_fields[] = {
  { { "id", N_("the link's id in the atlas it was exported from (not imported)"), FALSE }, "link id" },
  END_FIELDS ("a", NULL, N_("the name of one town")),
  END_FIELDS ("b", NULL, N_("the name of its partner town")),
  { { "kind", N_("twinning, partnership, friendship, cooperation or other"), FALSE },
    "type|rodzaj|typ|art|form" },
  { { "status", N_("active, suspended or ended"), FALSE }, "stan|state" },
  { { "start_year", N_("the year the link was made"), FALSE },
    "year|since|signed|start|rok|rok podpisania|od|od roku|data podpisania|jahr|seit|unterzeichnet|partnerschaft seit" },
  { { "end_year", N_("the year it ended"), FALSE },
    "until|ended|end|rok zakonczenia|do|do roku|bis|ende|beendet" },
  { { "note", N_("a note"), FALSE },
    "notes|comment|comments|remarks|uwagi|uwaga|komentarz|notiz|bemerkung|bemerkungen|anmerkung" },
  SOURCE_FIELDS,
};

static const FieldSpec exchange_fields[] = {
  { { "id", N_("the exchange's id in the atlas it was exported from (not imported)"), FALSE }, NULL },
  END_FIELDS ("a", NULL, N_("the town that took part")),
  END_FIELDS ("b", NULL, N_("its partner town, when the exchange belongs to a link")),
  { { "year", N_("the year of the exchange"), TRUE }, "rok|jahr" },
  { { "date", N_("its date, YYYY-MM-DD"), FALSE }, "data|datum" },
  { { "kind", N_("youth, school, civil-servants, culture, sport, business or other"), TRUE },
    "type|rodzaj|typ|art" },
  { { "participants", N_("number of participants"), FALSE },
    "number of participants|uczestnicy|liczba uczestnikow|teilnehmer|teilnehmende|teilnehmerzahl" },
  { { "programme", N_("the name of a programme in the atlas that funded it"), FALSE },
    "program|programm|funding programme" },
  { { "description", N_("what happened"), FALSE }, "title|opis|tytul|beschreibung|titel" },
  SOURCE_FIELDS,
};

static const FieldSpec funding_fields[] = {
  { { "id", N_("the grant's id in the atlas it was exported from (not imported)"), FALSE }, NULL },
  END_FIELDS ("a", NULL, N_("the town that received it")),
  END_FIELDS ("b", NULL, N_("its partner town, when the grant belongs to a link")),
  { { "year", N_("the year of the grant"), TRUE }, "rok|jahr" },
  { { "amount", N_("the amount, e.g. 12500.00"), TRUE }, "sum|kwota|suma|betrag|summe|hohe" },
  { { "currency", N_("ISO 4217 currency code, e.g. EUR"), TRUE }, "waluta|wahrung" },
  { { "programme", N_("the name of a programme in the atlas"), FALSE }, "program|programm|funding programme" },
  { { "funder", N_("who gave it (needed when no programme is named)"), FALSE },
    "funded by|donor|fundator|grantodawca|finansujacy|geldgeber|forderer|zuwendungsgeber" },
  { { "purpose", N_("what it was for"), FALSE }, "cel|zweck|verwendungszweck" },
  SOURCE_FIELDS,
};

static const FieldSpec event_fields[] = {
  { { "id", N_("the event's id in the atlas it was exported from (not imported)"), FALSE }, NULL },
  END_FIELDS ("a", NULL, N_("one town of the link")),
  END_FIELDS ("b", NULL, N_("the other town of the link")),
  { { "kind", N_("signed, renewed, suspended, resumed, ended or other"), TRUE },
    "event|type|rodzaj|zdarzenie|wydarzenie|typ|ereignis|art" },
  { { "date", N_("YYYY, YYYY-MM or YYYY-MM-DD"), TRUE }, "data|datum|year|rok|jahr" },
  { { "note", N_("a note"), FALSE }, "notes|comment|uwagi|uwaga|notiz|bemerkung|anmerkung" },
  SOURCE_FIELDS,
};

static const FieldSpec programme_fields[] = {
  { { "id", N_("the programme's id in the atlas it was exported from (not imported)"), FALSE }, NULL },
  { { "name", N_("the programme's name, which exchanges and grants name"), TRUE },
    "programme|program|programm|nazwa|nazwa programu|titel" },
  { { "funder", N_("who runs or funds it"), TRUE }, "fundator|grantodawca|geldgeber|forderer|trager" },
  { { "kind", N_("eu, bilateral, national, regional, local or other"), TRUE }, "type|rodzaj|typ|art" },
  { { "start_year", N_("the year it began"), FALSE }, "start|since|od|od roku|seit|beginn" },
  { { "end_year", N_("the year it ended"), FALSE }, "end|until|do|do roku|bis|ende" },
  { { "url", N_("its official page"), FALSE }, "link|address|adres|adresse" },
  { { "note", N_("a note"), FALSE }, "notes|uwagi|notiz" },
  SOURCE_FIELDS,
};

static const FieldSpec source_fields[] = {
  { { "id", N_("a short unique id, which rows name in their source column"), TRUE }, "source id|identifier" },
  { { "title", N_("what the source is"), TRUE }, "name|tytul|nazwa|titel" },
  { { "licence", N_("its licence"), TRUE }, "license|licencja|lizenz" },
  { { "attribution", N_("how to credit it (default: the title)"), FALSE },
    "credit|autor|autorzy|uznanie autorstwa|namensnennung|urheber" },
  { { "url", N_("where it comes from"), FALSE }, "link|address|adres|adresse" },
  { { "retrieved", N_("when it was retrieved, YYYY-MM-DD"), FALSE },
    "accessed|pobrano|data pobrania|abgerufen|abrufdatum" },
  { { "note", N_("a note"), FALSE }, "notes|uwagi|notiz" },
};

static const FieldSpec *
specs_for (TaImportRecordType  type,
           guint              *n)
{
  switch (type)
    {
    case TA_IMPORT_RECORD_TOWNS:
      *n = G_N_ELEMENTS (town_fields);
      return town_fields;
    case TA_IMPORT_RECORD_LINKS:
      *n = G_N_ELEMENTS (link_fields);
      return link_fields;
    case TA_IMPORT_RECORD_EXCHANGES:
      *n = G_N_ELEMENTS (exchange_fields);
      return exchange_fields;
    case TA_IMPORT_RECORD_FUNDING:
      *n = G_N_ELEMENTS (funding_fields);
      return funding_fields;
    case TA_IMPORT_RECORD_EVENTS:
      *n = G_N_ELEMENTS (event_fields);
      return event_fields;
    case TA_IMPORT_RECORD_PROGRAMMES:
      *n = G_N_ELEMENTS (programme_fields);
      return programme_fields;
    case TA_IMPORT_RECORD_SOURCES:
      *n = G_N_ELEMENTS (source_fields);
      return source_fields;
    case TA_IMPORT_RECORD_AUTO:
    default:
      *n = 0;
      return NULL;
    }
}

/* The field table as the API hands it out: TaImportField per spec. */
static const TaImportField *
fields_of (TaImportRecordType type)
{
  static TaImportField *tables[TA_IMPORT_RECORD_SOURCES + 1];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint t = TA_IMPORT_RECORD_TOWNS; t <= TA_IMPORT_RECORD_SOURCES; t++)
        {
          guint n;
          const FieldSpec *specs = specs_for (t, &n);

          tables[t] = g_new0 (TaImportField, n);
          for (guint i = 0; i < n; i++)
            tables[t][i] = specs[i].field;
        }
      g_once_init_leave (&initialised, 1);
    }

  return type > TA_IMPORT_RECORD_AUTO && type <= TA_IMPORT_RECORD_SOURCES ? tables[type] : NULL;
}

const TaImportField *
ta_import_get_fields (TaImportRecordType  type,
                      guint              *n_fields)
{
  guint n = 0;

  specs_for (type, &n);
  if (n_fields != NULL)
    *n_fields = n;

  return fields_of (type);
}

gboolean
ta_import_has_field (TaImportRecordType  type,
                     const char         *field)
{
  guint n;
  const FieldSpec *specs = specs_for (type, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (specs[i].field.name, field) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
alias_list_has (const char *aliases,
                const char *key)
{
  gsize len = strlen (key);

  for (const char *p = aliases; p != NULL && *p != '\0';)
    {
      const char *end = strchr (p, '|');
      gsize alias_len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (alias_len == len && strncmp (p, key, len) == 0)
        return TRUE;
      p = end != NULL ? end + 1 : NULL;
    }

  return FALSE;
}

static const char *
end_alias_list (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (end_aliases); i++)
    if (strcmp (end_aliases[i].field, field) == 0)
      return end_aliases[i].aliases;

  return NULL;
}

/* Per record type: folded field name → field (pass 0), and folded alias →
 * field (pass 1); built once, read from any thread. */
static GHashTable *key_tables[TA_IMPORT_RECORD_SOURCES + 1][2];

static void
add_aliases (GHashTable *table,
             const char *aliases,
             const char *field)
{
  g_auto(GStrv) list = NULL;

  if (aliases == NULL)
    return;

  list = g_strsplit (aliases, "|", -1);
  for (guint i = 0; list[i] != NULL; i++)
    if (!g_hash_table_contains (table, list[i]))
      g_hash_table_insert (table, g_strdup (list[i]), (gpointer) field);
}

static void
build_key_tables (void)
{
  for (guint t = TA_IMPORT_RECORD_TOWNS; t <= TA_IMPORT_RECORD_SOURCES; t++)
    {
      guint n;
      const FieldSpec *specs = specs_for (t, &n);

      key_tables[t][0] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      key_tables[t][1] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < n; i++)
        {
          g_hash_table_insert (key_tables[t][0], ta_fold_key (specs[i].field.name), (gpointer) specs[i].field.name);
          add_aliases (key_tables[t][1], specs[i].aliases, specs[i].field.name);
          add_aliases (key_tables[t][1], end_alias_list (specs[i].field.name), specs[i].field.name);
        }
    }
}

/* The field whose folded name is @key (pass 0) or that has @key as an
 * alias (pass 1). */
static const char *
field_for_key (TaImportRecordType  type,
               const char         *key,
               guint               pass)
{
  static gsize built = 0;

  if (g_once_init_enter (&built))
    {
      build_key_tables ();
      g_once_init_leave (&built, 1);
    }

  if (type <= TA_IMPORT_RECORD_AUTO || type > TA_IMPORT_RECORD_SOURCES)
    return NULL;

  return g_hash_table_lookup (key_tables[type][pass], key);
}

const char *
ta_import_field_for_header (TaImportRecordType  type,
                            const char         *header)
{
  g_autofree char *key = NULL;
  const char *field;

  if (header == NULL)
    return NULL;

  key = ta_fold_key (header);
  field = field_for_key (type, key, 0);
  return field != NULL ? field : field_for_key (type, key, 1);
}

static gboolean
header_has (const char * const *header,
            TaImportRecordType  type,
            const char         *field)
{
  for (guint i = 0; header != NULL && header[i] != NULL; i++)
    if (g_strcmp0 (ta_import_field_for_header (type, header[i]), field) == 0)
      return TRUE;

  return FALSE;
}

TaImportRecordType
ta_import_guess_record_type (const char * const *header,
                             const char         *file_name)
{
  if (file_name != NULL)
    {
      g_autofree char *basename = g_path_get_basename (file_name);
      g_autofree char *lower = g_ascii_strdown (basename, -1);

      for (TaImportRecordType t = TA_IMPORT_RECORD_TOWNS; t <= TA_IMPORT_RECORD_SOURCES; t++)
        if (g_str_has_prefix (lower, ta_import_record_type_to_string (t)))
          return t;
    }

  if (header_has (header, TA_IMPORT_RECORD_FUNDING, "amount") ||
      header_has (header, TA_IMPORT_RECORD_FUNDING, "currency"))
    return TA_IMPORT_RECORD_FUNDING;
  if (header_has (header, TA_IMPORT_RECORD_SOURCES, "licence"))
    return TA_IMPORT_RECORD_SOURCES;
  if (header_has (header, TA_IMPORT_RECORD_EXCHANGES, "participants") ||
      header_has (header, TA_IMPORT_RECORD_EXCHANGES, "description"))
    return TA_IMPORT_RECORD_EXCHANGES;
  if (header_has (header, TA_IMPORT_RECORD_PROGRAMMES, "funder") &&
      !header_has (header, TA_IMPORT_RECORD_LINKS, "town_b"))
    return TA_IMPORT_RECORD_PROGRAMMES;
  if (header_has (header, TA_IMPORT_RECORD_LINKS, "town_b") ||
      header_has (header, TA_IMPORT_RECORD_LINKS, "wikidata_b"))
    {
      /* "event" is no heading of a link file; a date without years is. */
      for (guint i = 0; header != NULL && header[i] != NULL; i++)
        {
          g_autofree char *key = ta_fold_key (header[i]);

          if (alias_list_has ("event|zdarzenie|wydarzenie|ereignis", key))
            return TA_IMPORT_RECORD_EVENTS;
        }
      if (header_has (header, TA_IMPORT_RECORD_EVENTS, "date") &&
          !header_has (header, TA_IMPORT_RECORD_LINKS, "start_year") &&
          !header_has (header, TA_IMPORT_RECORD_LINKS, "end_year"))
        return TA_IMPORT_RECORD_EVENTS;
      return TA_IMPORT_RECORD_LINKS;
    }

  return TA_IMPORT_RECORD_TOWNS;
}

/* TaImportMapping */

struct _TaImportMapping
{
  GObject             parent_instance;

  TaImportRecordType  type;
  GStrv               header;
  const char        **fields;   /* per column: a field name (static) or NULL */
  guint               n_columns;
};

G_DEFINE_FINAL_TYPE (TaImportMapping, ta_import_mapping, G_TYPE_OBJECT)

static void
ta_import_mapping_finalize (GObject *object)
{
  TaImportMapping *self = (TaImportMapping *)object;

  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->fields, g_free);

  G_OBJECT_CLASS (ta_import_mapping_parent_class)->finalize (object);
}

static void
ta_import_mapping_class_init (TaImportMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_import_mapping_finalize;
}

static void
ta_import_mapping_init (TaImportMapping *self)
{
}

/* The static name of @field in the record type's table, or NULL. */
static const char *
static_field (TaImportRecordType  type,
              const char         *field)
{
  guint n;
  const FieldSpec *specs = specs_for (type, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (specs[i].field.name, field) == 0)
      return specs[i].field.name;

  return NULL;
}

/**
 * ta_import_mapping_new:
 * @type: a record type (not %TA_IMPORT_RECORD_AUTO)
 * @header: the file's column headings
 *
 * Returns: (transfer full): the mapping the headings suggest
 */
TaImportMapping *
ta_import_mapping_new (TaImportRecordType  type,
                       const char * const *header)
{
  TaImportMapping *self;

  g_return_val_if_fail (type > TA_IMPORT_RECORD_AUTO && type <= TA_IMPORT_RECORD_SOURCES, NULL);

  self = g_object_new (TA_TYPE_IMPORT_MAPPING, NULL);
  self->type = type;
  self->header = g_strdupv ((GStrv) header);
  self->n_columns = header != NULL ? g_strv_length ((GStrv) header) : 0;
  self->fields = g_new0 (const char *, self->n_columns + 1);

  /* Exact names first, so that "town" as an alias never takes a field
   * another column names exactly. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < self->n_columns; i++)
        {
          g_autofree char *key = NULL;
          const char *field;

          if (self->fields[i] != NULL)
            continue;
          key = ta_fold_key (self->header[i]);
          field = field_for_key (type, key, pass);
          if (field != NULL && ta_import_mapping_get_column (self, field) < 0)
            self->fields[i] = field;
        }
    }

  return self;
}

TaImportRecordType
ta_import_mapping_get_record_type (TaImportMapping *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), TA_IMPORT_RECORD_AUTO);

  return self->type;
}

const char * const *
ta_import_mapping_get_header (TaImportMapping *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), NULL);

  return (const char * const *) self->header;
}

guint
ta_import_mapping_get_n_columns (TaImportMapping *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), 0);

  return self->n_columns;
}

const char *
ta_import_mapping_get_field (TaImportMapping *self,
                             guint            column)
{
  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), NULL);

  return column < self->n_columns ? self->fields[column] : NULL;
}

int
ta_import_mapping_get_column (TaImportMapping *self,
                              const char      *field)
{
  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), -1);

  for (guint i = 0; i < self->n_columns; i++)
    if (g_strcmp0 (self->fields[i], field) == 0)
      return (int) i;

  return -1;
}

gboolean
ta_import_mapping_set_field (TaImportMapping  *self,
                             guint             column,
                             const char       *field,
                             GError          **error)
{
  const char *known = NULL;
  int previous;

  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), FALSE);
  g_return_val_if_fail (column < self->n_columns, FALSE);

  if (field != NULL && (known = static_field (self->type, field)) == NULL)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_MISSING_COLUMN,
                   _("%s files have no field “%s”"),
                   ta_import_record_type_to_string (self->type), field);
      return FALSE;
    }

  previous = known != NULL ? ta_import_mapping_get_column (self, known) : -1;
  if (previous >= 0)
    self->fields[previous] = NULL;
  self->fields[column] = known;

  return TRUE;
}

static gboolean
has_end (TaImportMapping *self,
         const char      *suffix)
{
  g_autofree char *town = g_strconcat ("town_", suffix, NULL);
  g_autofree char *wikidata = g_strconcat ("wikidata_", suffix, NULL);
  g_autofree char *geonames = g_strconcat ("geonames_", suffix, NULL);

  return ta_import_mapping_get_column (self, town) >= 0 ||
         ta_import_mapping_get_column (self, wikidata) >= 0 ||
         ta_import_mapping_get_column (self, geonames) >= 0;
}

gboolean
ta_import_mapping_check (TaImportMapping  *self,
                         const char       *file_name,
                         GError          **error)
{
  guint n;
  const FieldSpec *specs;
  const char *missing = NULL;

  g_return_val_if_fail (TA_IS_IMPORT_MAPPING (self), FALSE);

  specs = specs_for (self->type, &n);
  for (guint i = 0; i < n && missing == NULL; i++)
    {
      const char *name = specs[i].field.name;

      if (!specs[i].field.required)
        continue;
      /* Exchanges and grants need the first town only. */
      if (strcmp (name, "town_b") == 0 &&
          (self->type == TA_IMPORT_RECORD_EXCHANGES || self->type == TA_IMPORT_RECORD_FUNDING))
        continue;
      if (g_str_has_prefix (name, "town_") ? !has_end (self, name + strlen ("town_"))
                                           : ta_import_mapping_get_column (self, name) < 0)
        missing = name;
    }

  if (missing != NULL)
    {
      g_autofree char *headings = g_strjoinv ("”, “", self->header);

      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_MISSING_COLUMN,
                   _("“%s”, line 1: no column gives the field “%s” of %s files (the headings are “%s”); "
                     "name a column “%s” or map one to it"),
                   file_name, missing, ta_import_record_type_to_string (self->type), headings, missing);
      return FALSE;
    }

  return TRUE;
}
