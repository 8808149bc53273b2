/* ta-iso-codes.c: country and subdivision codes and names from iso-codes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The translations live in gettext catalogues (.mo).  dgettext() would
 * need setlocale() and an installed locale for every language asked for,
 * and would change process-wide state, so the catalogues are read here
 * with a small parser of the documented .mo layout instead.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ta-fold.h"
#include "ta-iso-codes.h"

#define MO_MAGIC 0x950412de
#define MO_HEADER_SIZE 28

/* Shortest subdivision key that may match with a generic word before or
 * after it; shorter ones ("Ain") only match exactly. */
#define MIN_AFFIX_KEY_LEN 4

typedef struct
{
  char *alpha2;
  char *alpha3;
  char *name;
  char *official_name;
  char *common_name;
} IsoCountry;

typedef struct
{
  char  *code;
  char  *name;
  char **keys;    /* folded variants of the name, see add_subdivision_keys() */
} IsoSubdivision;

typedef struct
{
  GBytes     *data;
  GHashTable *messages;   /* msgid → msgstr, both pointing into data; NULL when missing */
} MoCatalog;

struct _TaIsoCodes
{
  GObject     parent_instance;

  char       *json_dir;
  char       *locale_dir;

  /* Owned data */
  GPtrArray  *countries;                 /* IsoCountry, file order */
  GPtrArray  *subdivisions;              /* IsoSubdivision, file order */
  GHashTable *country_codes_by_key;      /* folded name → alpha2 ("" = no single code) */
  GHashTable *subdivisions_by_country;   /* alpha2 → GPtrArray of borrowed IsoSubdivision */
  GHashTable *catalogs;                  /* "domain/lang" → MoCatalog */

  /* Indexes into the above, borrowed */
  GHashTable *countries_by_alpha2;
  GHashTable *countries_by_alpha3;
  GHashTable *subdivisions_by_code;
};

G_DEFINE_FINAL_TYPE (TaIsoCodes, ta_iso_codes, G_TYPE_OBJECT)

G_DEFINE_QUARK (ta-iso-codes-error-quark, ta_iso_codes_error)

/* Names the twinning sources use that iso-codes does not know.  A NULL code
 * marks places without an ISO 3166-1 code (de-facto states, historical
 * states): they are known, but must not resolve to any country.  The
 * constituent countries of the United Kingdom resolve to GB. */
static const struct
{
  const char *name;
  const char *alpha2;
} country_aliases[] = {
  { "England", "GB" },
  { "Scotland", "GB" },
  { "Wales", "GB" },
  { "Northern Ireland", "GB" },
  { "Great Britain", "GB" },
  { "UK", "GB" },
  { "USA", "US" },
  { "United States of America", "US" },
  { "Russia", "RU" },
  { "Czech Republic", "CZ" },
  { "Republic of Korea", "KR" },
  { "Kosovo", "XK" },
  { "Ivory Coast", "CI" },
  { "Cape Verde", "CV" },
  { "Republic of Ireland", "IE" },
  { "Democratic Republic of the Congo", "CD" },
  { "Republic of the Congo", "CG" },
  { "Palestine", "PS" },
  { "Palestinian territories", "PS" },
  { "Palestinian National Authority", "PS" },
  { "West Bank", "PS" },
  { "Gaza Strip", "PS" },
  { "Macedonia", "MK" },
  { "Republic of Macedonia", "MK" },
  { "Turkey", "TR" },
  { "Brunei", "BN" },
  { "East Timor", "TL" },
  { "Vatican City", "VA" },
  { "Vatican", "VA" },
  { "Swaziland", "SZ" },
  { "Micronesia", "FM" },
  { "Bosnia and Hercegovina", "BA" },
  { "Burma", "MM" },
  { "Macau", "MO" },
  { "Surinam", "SR" },
  { "Northern Cyprus", NULL },
  { "Turkish Republic of Northern Cyprus", NULL },
  { "Abkhazia", NULL },
  { "South Ossetia", NULL },
  { "Transnistria", NULL },
  { "Somaliland", NULL },
  { "Donetsk People's Republic", NULL },
  { "Luhansk People's Republic", NULL },
  { "Austria-Hungary", NULL },
  { "Austrian Empire", NULL },
  { "Kingdom of Hungary", NULL },
  { "Prussia", NULL },
  { "Soviet Union", NULL },
  { "Yugoslavia", NULL },
  { "Czechoslovakia", NULL },
};

/* Countries with one national official language, and the catalogue
 * language that names the country in it.  Countries with two or more
 * official languages on an equal footing (BE, CH, FI, IE, LU, BY, CY, CA…)
 * are deliberately missing. */
static const struct
{
  const char *alpha2;
  const char *lang;
} national_languages[] = {
  { "AD", "ca" }, { "AL", "sq" }, { "AT", "de" }, { "BG", "bg" },
  { "BR", "pt" }, { "CN", "zh_CN" }, { "CU", "es" }, { "CZ", "cs" },
  { "DE", "de" }, { "DK", "da" }, { "EE", "et" }, { "ES", "es" },
  { "FR", "fr" }, { "GE", "ka" }, { "GR", "el" }, { "HR", "hr" },
  { "HU", "hu" }, { "IS", "is" }, { "IT", "it" }, { "JP", "ja" },
  { "KR", "ko" }, { "LI", "de" }, { "LT", "lt" }, { "LV", "lv" },
  { "MC", "fr" }, { "MK", "mk" }, { "NL", "nl" }, { "NO", "nb" },
  { "PL", "pl" }, { "PT", "pt" }, { "RO", "ro" }, { "RS", "sr" },
  { "RU", "ru" }, { "SE", "sv" }, { "SI", "sl" }, { "SK", "sk" },
  { "TR", "tr" }, { "UA", "uk" }, { "VN", "vi" },
};

/* XK is the user-assigned code the EU and Natural Earth use for Kosovo;
 * ISO 3166-1 has no entry, so iso-codes has none either. */
static const IsoCountry user_assigned_countries[] = {
  { (char *) "XK", NULL, (char *) "Kosovo", NULL, NULL },
};

/* Marks a key or a match that leads to more than one place. */
static const char ambiguous_code[] = "";
static IsoSubdivision ambiguous_subdivision;

static void
iso_country_free (gpointer data)
{
  IsoCountry *country = data;

  g_free (country->alpha2);
  g_free (country->alpha3);
  g_free (country->name);
  g_free (country->official_name);
  g_free (country->common_name);
  g_free (country);
}

static void
iso_subdivision_free (gpointer data)
{
  IsoSubdivision *subdivision = data;

  g_free (subdivision->code);
  g_free (subdivision->name);
  g_strfreev (subdivision->keys);
  g_free (subdivision);
}

static void
mo_catalog_free (gpointer data)
{
  MoCatalog *catalog = data;

  g_clear_pointer (&catalog->messages, g_hash_table_unref);
  g_clear_pointer (&catalog->data, g_bytes_unref);
  g_free (catalog);
}

/* ---- gettext catalogues ------------------------------------------------ */

static guint32
read_u32 (const guint8 *data,
          gsize         offset,
          gboolean      big_endian)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);
  return big_endian ? GUINT32_FROM_BE (value) : GUINT32_FROM_LE (value);
}

/* A string of a .mo table: in bounds and NUL-terminated, as msgfmt writes. */
static const char *
mo_table_string (const guint8 *data,
                 gsize         size,
                 gsize         entry,
                 gboolean      big_endian)
{
  guint32 length;
  guint32 offset;

  if (entry + 8 > size)
    return NULL;

  length = read_u32 (data, entry, big_endian);
  offset = read_u32 (data, entry + 4, big_endian);

  if ((guint64) offset + length >= size || data[(gsize) offset + length] != '\0')
    return NULL;

  return (const char *) data + offset;
}

static GHashTable *
parse_mo (GBytes      *bytes,
          const char  *path,
          GError     **error)
{
  g_autoptr(GHashTable) messages = NULL;
  const guint8 *data;
  gsize size;
  gboolean big_endian;
  guint32 n_strings;
  guint32 originals;
  guint32 translations;

  data = g_bytes_get_data (bytes, &size);

  if (size < MO_HEADER_SIZE)
    goto bad_header;

  if (read_u32 (data, 0, FALSE) == MO_MAGIC)
    big_endian = FALSE;
  else if (read_u32 (data, 0, TRUE) == MO_MAGIC)
    big_endian = TRUE;
  else
    goto bad_header;

  /* Major revision 0 is the only one gettext defines; minor ones only
   * add optional tables after the ones read here. */
  if (read_u32 (data, 4, big_endian) >> 16 != 0)
    goto bad_header;

  n_strings = read_u32 (data, 8, big_endian);
  originals = read_u32 (data, 12, big_endian);
  translations = read_u32 (data, 16, big_endian);

  if ((guint64) originals + (guint64) n_strings * 8 > size ||
      (guint64) translations + (guint64) n_strings * 8 > size)
    goto bad_header;

  messages = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint32 i = 0; i < n_strings; i++)
    {
      const char *msgid = mo_table_string (data, size, originals + (gsize) i * 8, big_endian);
      const char *msgstr = mo_table_string (data, size, translations + (gsize) i * 8, big_endian);

      if (msgid == NULL || msgstr == NULL)
        {
          g_set_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT,
                       _("%s: string %u lies outside the file"), path, i);
          return NULL;
        }

      /* The header has an empty msgid; entries with a context carry an
       * EOT between context and msgid and are not names we look up.  For
       * plural entries the strings up to the first NUL are the singulars. */
      if (*msgid == '\0' || strchr (msgid, '\x04') != NULL || *msgstr == '\0')
        continue;

      if (!g_utf8_validate (msgstr, -1, NULL))
        continue;

      g_hash_table_insert (messages, (char *) msgid, (char *) msgstr);
    }

  return g_steal_pointer (&messages);

bad_header:
  g_set_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT,
               _("%s: not a gettext message catalogue"), path);
  return NULL;
}

static MoCatalog *
load_catalog (TaIsoCodes *self,
              const char *domain,
              const char *lang)
{
  g_autofree char *basename = g_strconcat (domain, ".mo", NULL);
  g_autofree char *path = g_build_filename (self->locale_dir, lang, "LC_MESSAGES", basename, NULL);
  g_autoptr(GError) error = NULL;
  MoCatalog *catalog = g_new0 (MoCatalog, 1);
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      /* A language without a catalogue simply has no translations. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Cannot read %s: %s", path, error->message);
      return catalog;
    }

  catalog->data = g_bytes_new_take (contents, length);
  catalog->messages = parse_mo (catalog->data, path, &error);

  if (catalog->messages == NULL)
    g_warning ("%s", error->message);

  return catalog;
}

/* Looks up msgid in the catalogue of lang, then of the bare language
 * ("pt_BR" → "pt"), loading each catalogue once. */
static const char *
translate (TaIsoCodes *self,
           const char *domain,
           const char *lang,
           const char *msgid)
{
  g_autofree char *base_lang = NULL;
  g_autofree char *key = NULL;
  MoCatalog *catalog;
  const char *translation = NULL;
  gsize base_len;

  if (lang == NULL || *lang == '\0' || strchr (lang, '/') != NULL)
    return NULL;

  key = g_strconcat (domain, "/", lang, NULL);
  catalog = g_hash_table_lookup (self->catalogs, key);

  if (catalog == NULL)
    {
      catalog = load_catalog (self, domain, lang);
      g_hash_table_insert (self->catalogs, g_steal_pointer (&key), catalog);
    }

  if (catalog->messages != NULL)
    translation = g_hash_table_lookup (catalog->messages, msgid);

  if (translation != NULL)
    return translation;

  base_len = strcspn (lang, "_@.");
  if (lang[base_len] == '\0' || base_len == 0)
    return NULL;

  base_lang = g_strndup (lang, base_len);
  return translate (self, domain, base_lang, msgid);
}

/* ---- JSON files -------------------------------------------------------- */

static JsonArray *
load_json_array (JsonParser  *parser,
                 const char  *path,
                 const char  *member,
                 GError     **error)
{
  JsonNode *root;
  JsonObject *object;
  JsonNode *array;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto bad_shape;

  object = json_node_get_object (root);
  array = json_object_get_member (object, member);
  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    goto bad_shape;

  return json_node_get_array (array);

bad_shape:
  g_set_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT,
               _("%s: no “%s” list at the top level"), path, member);
  return NULL;
}

static char *
dup_member (JsonObject *object,
            const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  return (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

/* Keys for country names: folded, and without a leading article so that
 * "The Gambia" finds "Gambia" and "State of Palestine" finds "the State of
 * Palestine". */
static char *
country_key (const char *name)
{
  g_autofree char *key = ta_fold_key (name);

  if (g_str_has_prefix (key, "the "))
    return g_strdup (key + 4);

  return g_steal_pointer (&key);
}

static void
add_country_key (TaIsoCodes *self,
                 const char *name,
                 const char *alpha2)
{
  g_autofree char *key = NULL;
  const char *existing;

  if (name == NULL)
    return;

  key = country_key (name);
  if (*key == '\0')
    return;

  existing = g_hash_table_lookup (self->country_codes_by_key, key);
  if (existing == NULL)
    g_hash_table_insert (self->country_codes_by_key, g_steal_pointer (&key), (char *) alpha2);
  else if (strcmp (existing, alpha2) != 0)
    g_hash_table_replace (self->country_codes_by_key, g_steal_pointer (&key), (char *) ambiguous_code);
}

static void
add_country (TaIsoCodes *self,
             IsoCountry *country)
{
  g_ptr_array_add (self->countries, country);
  g_hash_table_insert (self->countries_by_alpha2, country->alpha2, country);
  if (country->alpha3 != NULL)
    g_hash_table_insert (self->countries_by_alpha3, country->alpha3, country);

  add_country_key (self, country->name, country->alpha2);
  add_country_key (self, country->official_name, country->alpha2);
  add_country_key (self, country->common_name, country->alpha2);
}

static IsoCountry *
country_from_json (JsonObject *object)
{
  IsoCountry *country = g_new0 (IsoCountry, 1);

  country->alpha2 = dup_member (object, "alpha_2");
  country->alpha3 = dup_member (object, "alpha_3");
  country->name = dup_member (object, "name");
  country->official_name = dup_member (object, "official_name");
  country->common_name = dup_member (object, "common_name");

  if (country->alpha2 == NULL || strlen (country->alpha2) != 2 || country->name == NULL)
    {
      iso_country_free (country);
      return NULL;
    }

  return country;
}

static gboolean
load_countries (TaIsoCodes  *self,
                GError     **error)
{
  g_autofree char *path = g_build_filename (self->json_dir, "iso_3166-1.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  guint n;

  array = load_json_array (parser, path, "3166-1", error);
  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      IsoCountry *country = object != NULL ? country_from_json (object) : NULL;

      if (country == NULL)
        {
          g_set_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT,
                       _("%s: entry %u has no alpha_2 code or name"), path, i + 1);
          return FALSE;
        }

      add_country (self, country);
    }

  for (guint i = 0; i < G_N_ELEMENTS (user_assigned_countries); i++)
    {
      const IsoCountry *extra = &user_assigned_countries[i];
      IsoCountry *country;

      if (g_hash_table_contains (self->countries_by_alpha2, extra->alpha2))
        continue;

      country = g_new0 (IsoCountry, 1);
      country->alpha2 = g_strdup (extra->alpha2);
      country->name = g_strdup (extra->name);
      add_country (self, country);
    }

  /* Aliases come last so that they settle names iso-codes leaves
   * ambiguous. */
  for (guint i = 0; i < G_N_ELEMENTS (country_aliases); i++)
    {
      IsoCountry *country = NULL;
      const char *code = ambiguous_code;

      if (country_aliases[i].alpha2 != NULL)
        {
          country = g_hash_table_lookup (self->countries_by_alpha2, country_aliases[i].alpha2);
          if (country == NULL)
            continue;
          code = country->alpha2;
        }

      g_hash_table_replace (self->country_codes_by_key,
                            country_key (country_aliases[i].name),
                            (char *) code);
    }

  return TRUE;
}

static gboolean
is_code_token (const char *token)
{
  const char *dash = strchr (token, '-');

  return dash != NULL && dash - token == 2 &&
         g_ascii_isupper (token[0]) && g_ascii_isupper (token[1]);
}

static void
add_key (GPtrArray  *keys,
         const char *name)
{
  g_autofree char *key = ta_fold_key (name);

  if (*key == '\0')
    return;

  for (guint i = 0; i < keys->len; i++)
    if (strcmp (g_ptr_array_index (keys, i), key) == 0)
      return;

  g_ptr_array_add (keys, g_steal_pointer (&key));
}

/* "Asturias, Principado de" is also "Principado de Asturias" and
 * "Asturias"; "Bristol, City of" is also "Bristol". */
static void
add_name_and_inversion (GPtrArray  *keys,
                        const char *name)
{
  const char *comma = strrchr (name, ',');

  add_key (keys, name);

  if (comma != NULL && comma != name)
    {
      g_autofree char *head = g_strstrip (g_strndup (name, comma - name));
      g_autofree char *tail = g_strstrip (g_strdup (comma + 1));
      g_autofree char *inverted = g_strconcat (tail, " ", head, NULL);

      add_key (keys, head);
      add_key (keys, inverted);
    }
}

/* iso-codes names carry variants in brackets: "Girona [Gerona]",
 * "Cardiff [Caerdydd GB-CRD]"; codes and lowercase notes ("[city]") in
 * there are not names. */
static char **
subdivision_keys (const char *name)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  const char *open = strstr (name, " [");

  add_name_and_inversion (keys, name);

  if (open != NULL && g_str_has_suffix (open, "]"))
    {
      g_autofree char *outside = g_strndup (name, open - name);
      g_autofree char *inside = g_strndup (open + 2, strlen (open + 2) - 1);
      g_auto(GStrv) tokens = g_strsplit (inside, " ", -1);
      g_autoptr(GString) words = g_string_new (NULL);

      add_name_and_inversion (keys, outside);

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          if (*tokens[i] == '\0' || is_code_token (tokens[i]))
            continue;
          if (words->len > 0)
            g_string_append_c (words, ' ');
          g_string_append (words, tokens[i]);
        }

      if (words->len > 0 && !g_unichar_islower (g_utf8_get_char (words->str)))
        add_name_and_inversion (keys, words->str);
    }

  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

/* Codes look like "PL-12": two letters of the country, a dash, the rest. */
static IsoSubdivision *
subdivision_from_json (JsonObject *object)
{
  IsoSubdivision *subdivision = g_new0 (IsoSubdivision, 1);
  const char *dash;

  subdivision->code = dup_member (object, "code");
  subdivision->name = dup_member (object, "name");

  dash = subdivision->code != NULL ? strchr (subdivision->code, '-') : NULL;
  if (dash == NULL || dash - subdivision->code != 2 || dash[1] == '\0' || subdivision->name == NULL)
    {
      iso_subdivision_free (subdivision);
      return NULL;
    }

  subdivision->keys = subdivision_keys (subdivision->name);
  return subdivision;
}

static gboolean
load_subdivisions (TaIsoCodes  *self,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (self->json_dir, "iso_3166-2.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  guint n;

  array = load_json_array (parser, path, "3166-2", error);
  if (array == NULL)
    return FALSE;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      IsoSubdivision *subdivision = object != NULL ? subdivision_from_json (object) : NULL;
      g_autofree char *country_code = NULL;
      GPtrArray *of_country;

      if (subdivision == NULL)
        {
          g_set_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT,
                       _("%s: entry %u has no valid code or name"), path, i + 1);
          return FALSE;
        }

      g_ptr_array_add (self->subdivisions, subdivision);
      g_hash_table_insert (self->subdivisions_by_code, subdivision->code, subdivision);

      country_code = g_strndup (subdivision->code, 2);
      of_country = g_hash_table_lookup (self->subdivisions_by_country, country_code);
      if (of_country == NULL)
        {
          of_country = g_ptr_array_new ();
          g_hash_table_insert (self->subdivisions_by_country, g_steal_pointer (&country_code), of_country);
        }
      g_ptr_array_add (of_country, subdivision);
    }

  return TRUE;
}

/* ---- GObject ----------------------------------------------------------- */

static void
ta_iso_codes_finalize (GObject *object)
{
  TaIsoCodes *self = (TaIsoCodes *) object;

  g_clear_pointer (&self->countries_by_alpha2, g_hash_table_unref);
  g_clear_pointer (&self->countries_by_alpha3, g_hash_table_unref);
  g_clear_pointer (&self->subdivisions_by_code, g_hash_table_unref);
  g_clear_pointer (&self->country_codes_by_key, g_hash_table_unref);
  g_clear_pointer (&self->subdivisions_by_country, g_hash_table_unref);
  g_clear_pointer (&self->catalogs, g_hash_table_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  g_clear_pointer (&self->subdivisions, g_ptr_array_unref);
  g_clear_pointer (&self->json_dir, g_free);
  g_clear_pointer (&self->locale_dir, g_free);

  G_OBJECT_CLASS (ta_iso_codes_parent_class)->finalize (object);
}

static void
ta_iso_codes_class_init (TaIsoCodesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_iso_codes_finalize;
}

static void
ta_iso_codes_init (TaIsoCodes *self)
{
  self->countries = g_ptr_array_new_with_free_func (iso_country_free);
  self->subdivisions = g_ptr_array_new_with_free_func (iso_subdivision_free);
  self->countries_by_alpha2 = g_hash_table_new (g_str_hash, g_str_equal);
  self->countries_by_alpha3 = g_hash_table_new (g_str_hash, g_str_equal);
  self->subdivisions_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->country_codes_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->subdivisions_by_country = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  self->catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, mo_catalog_free);
}

/* ---- Public API -------------------------------------------------------- */

/**
 * ta_iso_codes_new:
 * @json_dir: (nullable): directory of iso_3166-1.json and iso_3166-2.json
 * @locale_dir: (nullable): directory holding <lang>/LC_MESSAGES/iso_3166-1.mo
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the codes, or %NULL when a JSON file cannot be
 *   read
 */
TaIsoCodes *
ta_iso_codes_new (const char  *json_dir,
                  const char  *locale_dir,
                  GError     **error)
{
  g_autoptr(TaIsoCodes) self = g_object_new (TA_TYPE_ISO_CODES, NULL);

  self->json_dir = g_strdup (json_dir != NULL ? json_dir : TA_ISO_CODES_DEFAULT_JSON_DIR);
  self->locale_dir = g_strdup (locale_dir != NULL ? locale_dir : TA_ISO_CODES_DEFAULT_LOCALE_DIR);

  if (!load_countries (self, error) || !load_subdivisions (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static IsoCountry *
lookup_country (TaIsoCodes *self,
                const char *alpha2)
{
  char upper[3];

  if (alpha2 == NULL || strlen (alpha2) != 2)
    return NULL;

  upper[0] = g_ascii_toupper (alpha2[0]);
  upper[1] = g_ascii_toupper (alpha2[1]);
  upper[2] = '\0';

  return g_hash_table_lookup (self->countries_by_alpha2, upper);
}

const char *
ta_iso_codes_get_country_name (TaIsoCodes *self,
                               const char *alpha2,
                               const char *lang)
{
  IsoCountry *country;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  country = lookup_country (self, alpha2);
  if (country == NULL)
    return NULL;

  if (lang == NULL || strcmp (lang, "en") == 0 || g_str_has_prefix (lang, "en_"))
    return country->name;

  return translate (self, "iso_3166-1", lang, country->name);
}

const char *
ta_iso_codes_get_country_language (TaIsoCodes *self,
                                   const char *alpha2)
{
  IsoCountry *country;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  country = lookup_country (self, alpha2);
  if (country == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (national_languages); i++)
    if (strcmp (national_languages[i].alpha2, country->alpha2) == 0)
      return national_languages[i].lang;

  return NULL;
}

const char *
ta_iso_codes_get_country_native_name (TaIsoCodes *self,
                                      const char *alpha2)
{
  const char *lang;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  lang = ta_iso_codes_get_country_language (self, alpha2);
  if (lang == NULL)
    return NULL;

  return ta_iso_codes_get_country_name (self, alpha2, lang);
}

static const char *
lookup_country_key (TaIsoCodes *self,
                    const char *name)
{
  g_autofree char *key = country_key (name);
  const char *code = g_hash_table_lookup (self->country_codes_by_key, key);

  return (code != NULL && *code != '\0') ? code : NULL;
}

const char *
ta_iso_codes_get_country_code (TaIsoCodes *self,
                               const char *name)
{
  g_autofree char *key = NULL;
  const char *comma;
  const char *code;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  if (name == NULL)
    return NULL;

  key = country_key (name);
  if (*key == '\0')
    return NULL;

  /* Known names first, so that "Korea, Republic of" is read whole and
   * "Northern Cyprus" stays without a code. */
  if (g_hash_table_lookup_extended (self->country_codes_by_key, key, NULL, (gpointer *) &code))
    return *code != '\0' ? code : NULL;

  /* "England, United Kingdom", "Réunion, France", "Rauma, Norway": the
   * part after the last comma names the sovereign country, which is what
   * the sources mean by "country". */
  comma = strrchr (name, ',');
  if (comma != NULL && comma != name)
    return lookup_country_key (self, comma + 1);

  return NULL;
}

const char *
ta_iso_codes_get_country_code_for_alpha3 (TaIsoCodes *self,
                                          const char *alpha3)
{
  char upper[4];
  IsoCountry *country;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  if (alpha3 == NULL || strlen (alpha3) != 3)
    return NULL;

  for (guint i = 0; i < 3; i++)
    upper[i] = g_ascii_toupper (alpha3[i]);
  upper[3] = '\0';

  country = g_hash_table_lookup (self->countries_by_alpha3, upper);
  return country != NULL ? country->alpha2 : NULL;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
ta_iso_codes_get_country_codes (TaIsoCodes *self)
{
  GPtrArray *codes;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  codes = g_ptr_array_sized_new (self->countries->len);
  for (guint i = 0; i < self->countries->len; i++)
    {
      IsoCountry *country = g_ptr_array_index (self->countries, i);
      g_ptr_array_add (codes, country->alpha2);
    }
  g_ptr_array_sort (codes, compare_codes);

  return codes;
}

/* "wojewodztwo malopolskie" contains "malopolskie" as its last word(s),
 * "principado de asturias" contains "asturias": a generic word before or
 * after the name. */
static gboolean
has_word_affix (const char *key,
                const char *name_key)
{
  gsize key_len = strlen (key);
  gsize name_len = strlen (name_key);

  if (name_len < MIN_AFFIX_KEY_LEN || key_len <= name_len + 1)
    return FALSE;

  if (strncmp (key, name_key, name_len) == 0 && key[name_len] == ' ')
    return TRUE;

  return strcmp (key + key_len - name_len, name_key) == 0 &&
         key[key_len - name_len - 1] == ' ';
}

/* Remembers the subdivision with the longest matching key: in
 * "wojewodztwo kujawsko pomorskie" both "kujawsko pomorskie" and
 * "pomorskie" are trailing words, and the longer one is meant.  Two
 * subdivisions matching equally well leave the match ambiguous. */
typedef struct
{
  IsoSubdivision *subdivision;
  gsize           key_length;
} Match;

static void
note_match (Match          *match,
            IsoSubdivision *subdivision,
            const char     *key)
{
  gsize key_length = strlen (key);

  if (match->subdivision == NULL || key_length > match->key_length)
    {
      match->subdivision = subdivision;
      match->key_length = key_length;
    }
  else if (key_length == match->key_length && match->subdivision != subdivision)
    {
      match->subdivision = &ambiguous_subdivision;
    }
}

const char *
ta_iso_codes_match_subdivision (TaIsoCodes         *self,
                                const char         *country_code,
                                const char * const *names)
{
  Match exact = { NULL, 0 };
  Match affixed = { NULL, 0 };
  IsoSubdivision *found;
  IsoCountry *country;
  GPtrArray *subdivisions;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  country = lookup_country (self, country_code);
  if (country == NULL || names == NULL)
    return NULL;

  subdivisions = g_hash_table_lookup (self->subdivisions_by_country, country->alpha2);
  if (subdivisions == NULL)
    return NULL;

  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autofree char *key = ta_fold_key (names[n]);

      if (*key == '\0')
        continue;

      for (guint i = 0; i < subdivisions->len; i++)
        {
          IsoSubdivision *subdivision = g_ptr_array_index (subdivisions, i);

          for (guint k = 0; subdivision->keys[k] != NULL; k++)
            {
              /* All exact matches count as equally good. */
              if (strcmp (key, subdivision->keys[k]) == 0)
                note_match (&exact, subdivision, "");
              else if (has_word_affix (key, subdivision->keys[k]))
                note_match (&affixed, subdivision, subdivision->keys[k]);
            }
        }
    }

  found = exact.subdivision != NULL ? exact.subdivision : affixed.subdivision;

  if (found == NULL || found == &ambiguous_subdivision)
    return NULL;

  return found->code;
}

const char *
ta_iso_codes_get_subdivision_code (TaIsoCodes *self,
                                   const char *country_code,
                                   const char *name)
{
  const char *names[] = { name, NULL };

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  return ta_iso_codes_match_subdivision (self, country_code, names);
}

const char *
ta_iso_codes_get_subdivision_name (TaIsoCodes *self,
                                   const char *code,
                                   const char *lang)
{
  IsoSubdivision *subdivision;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  if (code == NULL)
    return NULL;

  subdivision = g_hash_table_lookup (self->subdivisions_by_code, code);
  if (subdivision == NULL)
    return NULL;

  if (lang == NULL)
    return subdivision->name;

  return translate (self, "iso_3166-2", lang, subdivision->name);
}

GPtrArray *
ta_iso_codes_get_subdivision_codes (TaIsoCodes *self,
                                    const char *country_code)
{
  GPtrArray *codes;
  IsoCountry *country;
  GPtrArray *subdivisions;

  g_return_val_if_fail (TA_IS_ISO_CODES (self), NULL);

  codes = g_ptr_array_new ();

  country = lookup_country (self, country_code);
  subdivisions = country != NULL ? g_hash_table_lookup (self->subdivisions_by_country, country->alpha2) : NULL;

  for (guint i = 0; subdivisions != NULL && i < subdivisions->len; i++)
    {
      IsoSubdivision *subdivision = g_ptr_array_index (subdivisions, i);
      g_ptr_array_add (codes, subdivision->code);
    }

  return codes;
}
