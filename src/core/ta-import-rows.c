/* ta-import-rows.c: turning a row's fields into an import plan's records
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every check of a value happens here, for every format alike, and every
 * rejection names the field as the file names it.  Numbers are read as
 * spreadsheets write them in English, Polish and German: a decimal comma
 * is fine ("51,76"), thousands may be grouped ("12 500"), but an amount
 * like "12.500" could be either and is refused rather than guessed.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-fold.h"
#include "ta-import-rows.h"

typedef struct
{
  const char *name;
  const char *country;
  const char *lat;
  const char *lon;
  const char *wikidata;
  const char *geonames;
} EndFields;

static const EndFields end_a = { "town_a", "country_a", "lat_a", "lon_a", "wikidata_a", "geonames_a" };
static const EndFields end_b = { "town_b", "country_b", "lat_b", "lon_b", "wikidata_b", "geonames_b" };
static const EndFields end_town = { "name", "country", "lat", "lon", "wikidata", "geonames_id" };

typedef struct
{
  const char *word;      /* the atlas' word */
  const char *synonyms;  /* folded, '|'-separated */
} Vocabulary;

static const Vocabulary link_kinds[] = {
  { "twinning", "twinning|twin|twinned|twin town|twin towns|sister city|sister cities|partnerstwo miast|"
                "miasto blizniacze|miasta blizniacze|miasta partnerskie|stadtepartnerschaft|jumelage" },
  { "partnership", "partnership|partner|partnerstwo|umowa partnerska|partnerschaft" },
  { "friendship", "friendship|friendship city|przyjazn|freundschaft|freundschaftsvertrag" },
  { "cooperation", "cooperation|co operation|wspolpraca|umowa o wspolpracy|kooperation|zusammenarbeit" },
  { "other", "other|inne|inny|sonstige|andere" },
};

static const Vocabulary link_statuses[] = {
  { "active", "active|current|aktywne|aktywny|aktywna|obowiazuje|aktiv|bestehend" },
  { "suspended", "suspended|zawieszone|zawieszony|zawieszona|ausgesetzt|ruhend" },
  { "ended", "ended|former|zakonczone|zakonczony|zakonczona|beendet|ehemalig" },
};

static const Vocabulary exchange_kinds[] = {
  { "youth", "youth|mlodziez|mlodziezowa|mlodziezowy|jugend|jugendaustausch" },
  { "school", "school|szkola|szkolna|szkolny|schule|schuler|schuleraustausch" },
  { "civil-servants", "civil servants|officials|urzednicy|samorzad|administracja|verwaltung|beamte" },
  { "culture", "culture|cultural|kultura|kulturalna|kultur" },
  { "sport", "sport|sports|sportowa|sportowy" },
  { "business", "business|economy|biznes|gospodarka|gospodarcza|wirtschaft" },
  { "other", "other|inne|inna|sonstige|andere" },
};

static const Vocabulary event_kinds[] = {
  { "signed", "signed|signing|podpisanie|podpisano|unterzeichnet|unterzeichnung" },
  { "renewed", "renewed|renewal|odnowienie|odnowiono|erneuert|erneuerung" },
  { "suspended", "suspended|zawieszenie|zawieszono|ausgesetzt|aussetzung" },
  { "resumed", "resumed|wznowienie|wznowiono|wiederaufgenommen|wiederaufnahme" },
  { "ended", "ended|end|zakonczenie|zakonczono|beendet|beendigung" },
  { "other", "other|inne|sonstige|andere" },
};

static gboolean
list_has (const char *list,
          const char *key)
{
  gsize len = strlen (key);

  for (const char *p = list; p != NULL;)
    {
      const char *end = strchr (p, '|');
      gsize item_len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (item_len == len && strncmp (p, key, len) == 0)
        return TRUE;
      p = end != NULL ? end + 1 : NULL;
    }

  return FALSE;
}

static const char *
lookup_word (const Vocabulary *vocabulary,
             guint             n,
             const char       *text)
{
  g_autofree char *key = ta_fold_key (text);

  for (guint i = 0; i < n; i++)
    if (strcmp (vocabulary[i].word, text) == 0 || list_has (vocabulary[i].synonyms, key))
      return vocabulary[i].word;

  return NULL;
}

static char *
words_of (const Vocabulary *vocabulary,
          guint             n)
{
  GString *words = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (words, "%s%s", i == 0 ? "" : ", ", vocabulary[i].word);

  return g_string_free (words, FALSE);
}

const char *
ta_import_link_kind (const char *text)
{
  return lookup_word (link_kinds, G_N_ELEMENTS (link_kinds), text);
}

/* Values */

/* Removes the spaces, no-break spaces and apostrophes people group digits
 * with. */
static char *
without_grouping_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == ' ' || ch == 0x00a0 || ch == 0x202f || ch == 0x2009 || ch == '\'' || ch == 0x2019)
        continue;
      g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

gboolean
ta_import_parse_double (const char *text,
                        double     *value)
{
  g_autofree char *copy = NULL;
  char *comma;
  char *end = NULL;

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return FALSE;

  copy = g_strdup (text);
  comma = strchr (copy, ',');
  if (comma != NULL)
    {
      /* One decimal comma, and no point besides. */
      if (strchr (comma + 1, ',') != NULL || strchr (copy, '.') != NULL)
        return FALSE;
      *comma = '.';
    }

  for (const char *p = copy; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+' && *p != 'e' && *p != 'E')
      return FALSE;

  *value = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*value);
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Digits grouped in threes by @separator after the first group. */
static gboolean
grouped_digits (const char *text,
                char        separator)
{
  const char *p = text;
  guint run = 0;
  gboolean grouped = FALSE;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        run++;
      else if (*p == separator)
        {
          if ((grouped && run != 3) || run == 0 || run > 3)
            return FALSE;
          grouped = TRUE;
          run = 0;
        }
      else
        return FALSE;
    }

  return !grouped || run == 3;
}

gboolean
ta_import_parse_count (const char *text,
                       gint64     *value)
{
  g_autofree char *bare = NULL;
  GString *digits;
  guint64 parsed;
  gboolean ok;

  if (text == NULL || *text == '\0')
    return FALSE;

  bare = without_grouping_spaces (text);
  if (strchr (bare, ',') != NULL && !grouped_digits (bare, ','))
    return FALSE;
  if (strchr (bare, '.') != NULL && !grouped_digits (bare, '.'))
    return FALSE;

  digits = g_string_new (NULL);
  for (const char *p = bare; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ',' && *p != '.')
        {
          g_string_free (digits, TRUE);
          return FALSE;
        }
    }

  ok = digits->len > 0 && digits->len <= 18 &&
       g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &parsed, NULL);
  g_string_free (digits, TRUE);
  if (ok)
    *value = (gint64) parsed;

  return ok;
}

char *
ta_import_parse_qid (const char *text)
{
  const char *id;
  const char *slash;

  if (text == NULL)
    return NULL;

  slash = strrchr (text, '/');
  id = slash != NULL && (g_str_has_prefix (text, "http://www.wikidata.org/") ||
                         g_str_has_prefix (text, "https://www.wikidata.org/"))
       ? slash + 1 : text;

  if ((id[0] != 'Q' && id[0] != 'q') || id[1] < '1' || id[1] > '9' || strlen (id) > 12)
    return NULL;
  for (const char *p = id + 2; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;

  return g_strdup_printf ("Q%s", id + 1);
}

/* YYYY, YYYY-MM or YYYY-MM-DD with a real month and day; @parts says
 * how many of them there are. */
static gboolean
parse_date (const char *text,
            guint      *parts)
{
  gsize len = text != NULL ? strlen (text) : 0;
  int year, month, day;

  if (len == 4 && all_digits (text, 4))
    {
      *parts = 1;
      return TRUE;
    }
  if ((len != 7 && len != 10) || !all_digits (text, 4) || text[4] != '-' || !all_digits (text + 5, 2))
    return FALSE;

  year = atoi (text);
  month = atoi (text + 5);
  if (month < 1 || month > 12)
    return FALSE;
  if (len == 7)
    {
      *parts = 2;
      return TRUE;
    }

  if (text[7] != '-' || !all_digits (text + 8, 2))
    return FALSE;
  day = atoi (text + 8);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  *parts = 3;
  return TRUE;
}

gboolean
ta_import_parse_year (const char *text,
                      int        *year)
{
  g_autofree char *date = NULL;
  guint parts;

  if (text == NULL || strlen (text) < 4)
    return FALSE;

  /* A timestamp as Wikidata writes it: its date part. */
  date = strlen (text) > 10 && text[10] == 'T' ? g_strndup (text, 10) : g_strdup (text);
  if (!parse_date (date, &parts))
    return FALSE;

  *year = atoi (date);
  return TRUE;
}

guint
ta_import_currency_exponent (const char *currency)
{
  static const char none[] = "BIF|CLP|DJF|GNF|ISK|JPY|KMF|KRW|PYG|RWF|UGX|UYI|VND|VUV|XAF|XOF|XPF";
  static const char three[] = "BHD|IQD|JOD|KWD|LYD|OMR|TND";

  if (list_has (none, currency))
    return 0;
  if (list_has (three, currency))
    return 3;
  return 2;
}

gboolean
ta_import_parse_amount (const char  *text,
                        const char  *currency,
                        gint64      *minor,
                        GError     **error)
{
  g_autofree char *bare = without_grouping_spaces (text);
  g_autofree char *integer = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  guint exponent = ta_import_currency_exponent (currency);
  const char *last_comma = strrchr (bare, ',');
  const char *last_point = strrchr (bare, '.');
  const char *decimal = NULL;
  const char *fraction = "";
  guint64 value;

  if (last_comma != NULL && last_point != NULL)
    decimal = MAX (last_comma, last_point);
  else if (last_comma != NULL || last_point != NULL)
    {
      const char *separator = last_comma != NULL ? last_comma : last_point;
      gboolean single = strchr (bare, *separator) == separator;

      if (single && strlen (separator + 1) == 3 && exponent != 3)
        {
          g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                       _("“%s” could be a thousands separator or a decimal: write 12500 or 12500.00"), text);
          return FALSE;
        }
      decimal = single ? separator : NULL;
    }

  if (decimal != NULL)
    {
      integer = g_strndup (bare, decimal - bare);
      fraction = decimal + 1;
    }
  else
    integer = g_strdup (bare);

  /* The whole part: digits, perhaps grouped by the other separator. */
  if (*integer == '\0' ||
      (strchr (integer, ',') != NULL && (strchr (integer, '.') != NULL || !grouped_digits (integer, ','))) ||
      (strchr (integer, '.') != NULL && !grouped_digits (integer, '.')) ||
      !all_digits (fraction, strlen (fraction)))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT, _("“%s” is not an amount"), text);
      return FALSE;
    }
  if (strlen (fraction) > exponent)
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT,
                   _("“%s” has more decimals than %s has (%u)"), text, currency, exponent);
      return FALSE;
    }

  for (const char *p = integer; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  g_string_append (digits, fraction);
  for (gsize i = strlen (fraction); i < exponent; i++)
    g_string_append_c (digits, '0');

  if (digits->len == 0 || digits->len > 18 ||
      !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, TA_IMPORT_ERROR, TA_IMPORT_ERROR_FORMAT, _("“%s” is not an amount"), text);
      return FALSE;
    }

  *minor = (gint64) value;
  return TRUE;
}

/* Rows */

typedef struct
{
  TaImportPlan   *plan;
  TaImportRow    *row;
  TaImportFields *fields;
} Ctx;

static const char *
get (Ctx        *ctx,
     const char *field)
{
  return ctx->fields->get (ctx->fields, field);
}

static const char *
label (Ctx        *ctx,
       const char *field)
{
  return ctx->fields->label (ctx->fields, field);
}

G_GNUC_PRINTF (3, 4)
static gboolean
reject (Ctx        *ctx,
        const char *field,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ta_import_plan_reject (ctx->plan, ctx->row, field != NULL ? label (ctx, field) : NULL, "%s", message);
  return FALSE;
}

static gboolean
read_coordinate (Ctx        *ctx,
                 const char *field,
                 double      limit,
                 double     *value)
{
  const char *text = get (ctx, field);

  if (!ta_import_parse_double (text, value))
    return reject (ctx, field, _("“%s” is not a number"), text);
  if (*value < -limit || *value > limit)
    return reject (ctx, field, limit == 90.0 ? _("latitude %s is out of range (−90 to 90)")
                                             : _("longitude %s is out of range (−180 to 180)"), text);

  return TRUE;
}

static gboolean
read_year (Ctx        *ctx,
           const char *field,
           int         min,
           int         max,
           gboolean    required,
           int        *year)
{
  const char *text = get (ctx, field);

  *year = 0;
  if (text == NULL)
    return !required || reject (ctx, field, _("the year is missing"));

  if (!ta_import_parse_year (text, year))
    return reject (ctx, field, _("“%s” is not a year"), text);
  if (*year < min || *year > max)
    return reject (ctx, field, _("the year %d is out of range (%d to %d)"), *year, min, max);

  return TRUE;
}

static gboolean
read_word (Ctx              *ctx,
           const char       *field,
           const Vocabulary *vocabulary,
           guint             n,
           gboolean          required,
           const char      **word)
{
  const char *text = get (ctx, field);

  *word = NULL;
  if (text == NULL)
    return !required || reject (ctx, field, _("the value is missing"));

  *word = lookup_word (vocabulary, n, text);
  if (*word == NULL)
    {
      g_autofree char *words = words_of (vocabulary, n);

      return reject (ctx, field, _("unknown value “%s”; use one of %s"), text, words);
    }

  return TRUE;
}

/* Reads the fields that name a town.  *given is FALSE (and the row is not
 * rejected) when the row names no such town. */
static gboolean
read_end (Ctx             *ctx,
          const EndFields *names,
          TaTownInput     *town,
          gboolean        *given,
          char           **qid_out)
{
  const char *country = get (ctx, names->country);
  const char *lat = get (ctx, names->lat);
  const char *lon = get (ctx, names->lon);
  const char *wikidata = get (ctx, names->wikidata);
  const char *geonames = get (ctx, names->geonames);

  ta_town_input_init (town);
  town->name = get (ctx, names->name);
  *given = town->name != NULL || wikidata != NULL || geonames != NULL;
  *qid_out = NULL;

  if (country != NULL)
    {
      town->country = ta_import_plan_lookup_country (ctx->plan, country);
      if (town->country == NULL)
        return reject (ctx, names->country, _("unknown country “%s” (use an ISO 3166 code such as PL or DEU)"),
                       country);
    }

  if ((lat != NULL) != (lon != NULL))
    return reject (ctx, lat != NULL ? names->lon : names->lat,
                   _("a point needs both latitude and longitude"));
  if (lat != NULL)
    {
      if (!read_coordinate (ctx, names->lat, 90.0, &town->lat) ||
          !read_coordinate (ctx, names->lon, 180.0, &town->lon))
        return FALSE;
      town->has_point = TRUE;
    }

  if (wikidata != NULL)
    {
      *qid_out = ta_import_parse_qid (wikidata);
      if (*qid_out == NULL)
        return reject (ctx, names->wikidata, _("“%s” is not a Wikidata id (Q followed by digits)"), wikidata);
      town->wikidata = *qid_out;
    }

  if (geonames != NULL && (!ta_import_parse_count (geonames, &town->geonames_id) || town->geonames_id <= 0))
    return reject (ctx, names->geonames, _("“%s” is not a GeoNames id"), geonames);

  return TRUE;
}

/* Finds (or plans) the town a row names; @fallback stands for it when the
 * row names none. */
static gboolean
find_end (Ctx               *ctx,
          const EndFields   *names,
          gboolean           required,
          const TaTownInput *fallback,
          int               *slot)
{
  g_autofree char *qid = NULL;
  TaTownInput town;
  gboolean given;

  if (!read_end (ctx, names, &town, &given, &qid))
    return FALSE;

  if (!given && fallback != NULL)
    return ta_import_plan_find_town (ctx->plan, ctx->row, label (ctx, names->name), fallback, slot);

  if (!given)
    {
      *slot = TA_IMPORT_SLOT_NONE;
      return !required || reject (ctx, names->name, _("the town is missing"));
    }

  return ta_import_plan_find_town (ctx->plan, ctx->row, label (ctx, names->name), &town, slot);
}

static gboolean
add_town_row (Ctx *ctx)
{
  g_autofree char *qid = NULL;
  g_auto(GStrv) other_names = NULL;
  g_autofree TaImportName *names = NULL;
  TaTownInput town;
  const char *population;
  const char *names_text;
  gboolean given;
  int slot;

  if (!read_end (ctx, &end_town, &town, &given, &qid))
    return FALSE;
  if (town.name == NULL)
    return reject (ctx, "name", _("the town's name is missing"));

  town.name_native = get (ctx, "name_native");
  population = get (ctx, "population");
  if (population != NULL && !ta_import_parse_count (population, &town.population))
    return reject (ctx, "population", _("“%s” is not a number of inhabitants"), population);

  names_text = get (ctx, "other_names");
  if (names_text != NULL)
    {
      other_names = g_strsplit (names_text, "|", -1);
      names = g_new0 (TaImportName, g_strv_length (other_names));
      for (guint i = 0; other_names[i] != NULL; i++)
        {
          g_strstrip (other_names[i]);
          if (*other_names[i] != '\0')
            names[town.n_names++].name = other_names[i];
        }
      town.names = names;
    }

  ctx->row->describes_town = TRUE;
  if (!ta_import_plan_find_town (ctx->plan, ctx->row, label (ctx, "name"), &town, &slot))
    return FALSE;

  ta_import_plan_add_town (ctx->plan, ctx->row, slot, &town);
  return TRUE;
}

static gboolean
add_link_row (Ctx               *ctx,
              const TaTownInput *fallback_a,
              const TaTownInput *fallback_b)
{
  TaLinkInput link = { 0, };
  int a, b;

  if (!read_word (ctx, "kind", link_kinds, G_N_ELEMENTS (link_kinds), FALSE, &link.kind) ||
      !read_word (ctx, "status", link_statuses, G_N_ELEMENTS (link_statuses), FALSE, &link.status) ||
      !read_year (ctx, "start_year", 800, 2200, FALSE, &link.start_year) ||
      !read_year (ctx, "end_year", 800, 2200, FALSE, &link.end_year))
    return FALSE;
  if (link.start_year > 0 && link.end_year > 0 && link.end_year < link.start_year)
    return reject (ctx, "end_year", _("the link ends (%d) before it starts (%d)"), link.end_year, link.start_year);
  link.note = get (ctx, "note");

  if (!find_end (ctx, &end_a, TRUE, fallback_a, &a) ||
      !find_end (ctx, &end_b, TRUE, fallback_b, &b))
    return FALSE;

  return ta_import_plan_add_link (ctx->plan, ctx->row, label (ctx, "town_b"), a, b, &link);
}

static gboolean
read_participants (Ctx    *ctx,
                   gint64 *participants)
{
  const char *text = get (ctx, "participants");

  *participants = -1;
  if (text != NULL && !ta_import_parse_count (text, participants))
    return reject (ctx, "participants", _("“%s” is not a number of participants"), text);

  return TRUE;
}

static gboolean
add_exchange_row (Ctx *ctx)
{
  TaExchangeInput exchange = { 0, };
  const char *date = get (ctx, "date");
  guint parts;
  int a, b;

  if (date != NULL && (!parse_date (date, &parts) || parts != 3))
    return reject (ctx, "date", _("“%s” is not a date (YYYY-MM-DD)"), date);
  if (!read_year (ctx, "year", 1900, 2200, date == NULL, &exchange.year) ||
      !read_word (ctx, "kind", exchange_kinds, G_N_ELEMENTS (exchange_kinds), TRUE, &exchange.kind) ||
      !read_participants (ctx, &exchange.participants))
    return FALSE;
  if (exchange.year == 0 && !read_year (ctx, "date", 1900, 2200, TRUE, &exchange.year))
    return FALSE;
  if (date != NULL && atoi (date) != exchange.year)
    return reject (ctx, "date", _("the date %s is not in the year %d"), date, exchange.year);

  exchange.date = date;
  exchange.programme = get (ctx, "programme");
  exchange.programme_field = label (ctx, "programme");
  exchange.description = get (ctx, "description");

  if (!find_end (ctx, &end_a, TRUE, NULL, &a) ||
      !find_end (ctx, &end_b, FALSE, NULL, &b))
    return FALSE;

  return ta_import_plan_add_exchange (ctx->plan, ctx->row, label (ctx, "town_b"), a, b, &exchange);
}

static gboolean
add_funding_row (Ctx *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;
  TaFundingInput funding = { 0, };
  const char *amount = get (ctx, "amount");
  const char *currency_text = get (ctx, "currency");
  int a, b;

  if (currency_text == NULL)
    return reject (ctx, "currency", _("the currency is missing"));
  currency = g_ascii_strup (currency_text, -1);
  if (strlen (currency) != 3 || !g_ascii_isalpha (currency[0]) || !g_ascii_isalpha (currency[1]) ||
      !g_ascii_isalpha (currency[2]))
    return reject (ctx, "currency", _("“%s” is not an ISO 4217 currency code such as EUR"), currency_text);
  if (amount == NULL)
    return reject (ctx, "amount", _("the amount is missing"));
  if (!ta_import_parse_amount (amount, currency, &funding.amount_minor, &error))
    return reject (ctx, "amount", "%s", error->message);
  if (!read_year (ctx, "year", 1900, 2200, TRUE, &funding.year))
    return FALSE;

  funding.currency = currency;
  funding.programme = get (ctx, "programme");
  funding.programme_field = label (ctx, "programme");
  funding.funder = get (ctx, "funder");
  funding.purpose = get (ctx, "purpose");
  if (funding.programme == NULL && funding.funder == NULL)
    return reject (ctx, "funder", _("a grant needs a programme or a funder"));

  if (!find_end (ctx, &end_a, TRUE, NULL, &a) ||
      !find_end (ctx, &end_b, FALSE, NULL, &b))
    return FALSE;

  return ta_import_plan_add_funding (ctx->plan, ctx->row, label (ctx, "town_b"), a, b, &funding);
}

static gboolean
add_event_row (Ctx *ctx)
{
  TaEventInput event = { 0, };
  guint parts;
  int a, b;

  if (!read_word (ctx, "kind", event_kinds, G_N_ELEMENTS (event_kinds), TRUE, &event.kind))
    return FALSE;
  event.date = get (ctx, "date");
  if (event.date == NULL)
    return reject (ctx, "date", _("the date is missing"));
  if (!parse_date (event.date, &parts))
    return reject (ctx, "date", _("“%s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"), event.date);
  event.note = get (ctx, "note");

  if (!find_end (ctx, &end_a, TRUE, NULL, &a) ||
      !find_end (ctx, &end_b, TRUE, NULL, &b))
    return FALSE;

  return ta_import_plan_add_event (ctx->plan, ctx->row, label (ctx, "town_b"), a, b, &event);
}

static const Vocabulary programme_kinds[] = {
  { "eu", "eu|european union|european|unia europejska|ue|europaische union" },
  { "bilateral", "bilateral|dwustronny|dwustronna" },
  { "national", "national|krajowy|krajowa|narodowy" },
  { "regional", "regional|regionalny|regionalna" },
  { "local", "local|lokalny|lokalna|gminny|lokal|kommunal" },
  { "other", "other|inny|inne|sonstige|andere" },
};

static gboolean
add_programme_row (Ctx *ctx)
{
  TaProgrammeInput programme = { 0, };

  programme.name = get (ctx, "name");
  programme.funder = get (ctx, "funder");
  if (programme.name == NULL)
    return reject (ctx, "name", _("the programme's name is missing"));
  if (programme.funder == NULL)
    return reject (ctx, "funder", _("the programme's funder is missing"));
  if (!read_word (ctx, "kind", programme_kinds, G_N_ELEMENTS (programme_kinds), TRUE, &programme.kind) ||
      !read_year (ctx, "start_year", 1900, 2200, FALSE, &programme.start_year) ||
      !read_year (ctx, "end_year", 1900, 2200, FALSE, &programme.end_year))
    return FALSE;
  if (programme.start_year > 0 && programme.end_year > 0 && programme.end_year < programme.start_year)
    return reject (ctx, "end_year", _("the programme ends (%d) before it starts (%d)"),
                   programme.end_year, programme.start_year);
  programme.url = get (ctx, "url");
  programme.note = get (ctx, "note");

  ta_import_plan_add_programme (ctx->plan, ctx->row, &programme);
  return TRUE;
}

static gboolean
add_source_row (Ctx *ctx)
{
  TaSourceInput source = { 0, };

  source.id = get (ctx, "id");
  source.title = get (ctx, "title");
  source.licence = get (ctx, "licence");
  if (source.id == NULL)
    return reject (ctx, "id", _("the source's id is missing"));
  if (strchr (source.id, '|') != NULL)
    return reject (ctx, "id", _("a source's id cannot contain “|”"));
  if (source.title == NULL)
    return reject (ctx, "title", _("the source's title is missing"));
  if (source.licence == NULL)
    return reject (ctx, "licence", _("the source's licence is missing"));

  source.attribution = get (ctx, "attribution");
  source.url = get (ctx, "url");
  source.retrieved = get (ctx, "retrieved");
  source.note = get (ctx, "note");

  ta_import_plan_add_source (ctx->plan, ctx->row, &source);
  return TRUE;
}

gboolean
ta_import_rows_add (TaImportPlan       *plan,
                    TaImportRecordType  type,
                    TaImportRow        *row,
                    TaImportFields     *fields,
                    const TaTownInput  *fallback_a,
                    const TaTownInput  *fallback_b)
{
  g_auto(GStrv) sources = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  const char *sources_text;
  Ctx ctx = { plan, row, fields };

  if (type != TA_IMPORT_RECORD_SOURCES)
    {
      row->source = get (&ctx, "source");
      row->source_field = label (&ctx, "source");
      row->sources_field = label (&ctx, "sources");
      sources_text = get (&ctx, "sources");
      if (sources_text != NULL)
        {
          sources = g_strsplit (sources_text, "|", -1);
          kept = g_ptr_array_new ();
          for (guint i = 0; sources[i] != NULL; i++)
            if (*g_strstrip (sources[i]) != '\0')
              g_ptr_array_add (kept, sources[i]);
          g_ptr_array_add (kept, NULL);
          row->sources = (const char * const *) kept->pdata;
        }
      if (!ta_import_plan_check_sources (plan, row))
        return FALSE;
    }

  switch (type)
    {
    case TA_IMPORT_RECORD_TOWNS:
      return add_town_row (&ctx);
    case TA_IMPORT_RECORD_LINKS:
      return add_link_row (&ctx, fallback_a, fallback_b);
    case TA_IMPORT_RECORD_EXCHANGES:
      return add_exchange_row (&ctx);
    case TA_IMPORT_RECORD_FUNDING:
      return add_funding_row (&ctx);
    case TA_IMPORT_RECORD_EVENTS:
      return add_event_row (&ctx);
    case TA_IMPORT_RECORD_PROGRAMMES:
      return add_programme_row (&ctx);
    case TA_IMPORT_RECORD_SOURCES:
      return add_source_row (&ctx);
    case TA_IMPORT_RECORD_AUTO:
    default:
      g_return_val_if_reached (FALSE);
    }
}
