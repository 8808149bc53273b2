/* ta-records.c: the records a user edits, their vocabularies and rules
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules here are those of the schema's CHECK constraints, said in
 * words a user can act on before SQLite would refuse the row, plus the
 * atlas' own (a link joins two different towns, a date lies in its
 * record's year).  Dialogs call them on every keystroke, the editor once
 * more before it writes.
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-records.h"
#include "ta-search.h"

G_DEFINE_QUARK (ta-record-error-quark, ta_record_error)

typedef struct
{
  const char *id;
  const char *context;
  const char *label;
} Term;

static const Term link_kinds[] = {
  { "twinning", "link kind", NC_("link kind", "Twinning") },
  { "partnership", "link kind", NC_("link kind", "Partnership") },
  { "friendship", "link kind", NC_("link kind", "Friendship") },
  { "cooperation", "link kind", NC_("link kind", "Cooperation") },
  { "other", "link kind", NC_("link kind", "Other") },
};

static const Term link_statuses[] = {
  { "active", "link status", NC_("link status", "Active") },
  { "suspended", "link status", NC_("link status", "Suspended") },
  { "ended", "link status", NC_("link status", "Ended") },
};

static const Term exchange_kinds[] = {
  { "youth", "exchange kind", NC_("exchange kind", "Youth") },
  { "school", "exchange kind", NC_("exchange kind", "School") },
  { "civil-servants", "exchange kind", NC_("exchange kind", "Civil servants") },
  { "culture", "exchange kind", NC_("exchange kind", "Culture") },
  { "sport", "exchange kind", NC_("exchange kind", "Sport") },
  { "business", "exchange kind", NC_("exchange kind", "Business") },
  { "other", "exchange kind", NC_("exchange kind", "Other") },
};

static const Term event_kinds[] = {
  { "signed", "history event", NC_("history event", "Signed") },
  { "renewed", "history event", NC_("history event", "Renewed") },
  { "suspended", "history event", NC_("history event", "Suspended") },
  { "resumed", "history event", NC_("history event", "Resumed") },
  { "ended", "history event", NC_("history event", "Ended") },
  { "other", "history event", NC_("history event", "Other") },
};

static const Term name_kinds[] = {
  { "alternative", "town name kind", NC_("town name kind", "Alternative name") },
  { "exonym", "town name kind", NC_("town name kind", "Exonym") },
  { "official", "town name kind", NC_("town name kind", "Official name") },
  { "former", "town name kind", NC_("town name kind", "Former name") },
};

/* ISO 4217 currencies whose minor unit is not a hundredth. */
static const struct
{
  const char *code;
  guint       digits;
} currency_digits[] = {
  { "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 }, { "DJF", 0 },
  { "GNF", 0 }, { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 },
  { "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 },
  { "PYG", 0 }, { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "UYI", 0 },
  { "UYW", 4 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 },
  { "XPF", 0 },
};

/* Vocabularies */

static const Term *
get_terms (TaVocabulary  vocabulary,
           guint        *n_terms)
{
  switch (vocabulary)
    {
    case TA_VOCABULARY_LINK_KIND:
      *n_terms = G_N_ELEMENTS (link_kinds);
      return link_kinds;
    case TA_VOCABULARY_LINK_STATUS:
      *n_terms = G_N_ELEMENTS (link_statuses);
      return link_statuses;
    case TA_VOCABULARY_EXCHANGE_KIND:
      *n_terms = G_N_ELEMENTS (exchange_kinds);
      return exchange_kinds;
    case TA_VOCABULARY_EVENT_KIND:
      *n_terms = G_N_ELEMENTS (event_kinds);
      return event_kinds;
    case TA_VOCABULARY_NAME_KIND:
      *n_terms = G_N_ELEMENTS (name_kinds);
      return name_kinds;
    default:
      g_return_val_if_reached (NULL);
    }
}

guint
ta_vocabulary_get_n_items (TaVocabulary vocabulary)
{
  guint n = 0;

  get_terms (vocabulary, &n);
  return n;
}

/**
 * ta_vocabulary_get_id:
 *
 * Returns: (nullable): the value stored in the database for item @index
 */
const char *
ta_vocabulary_get_id (TaVocabulary vocabulary,
                      guint        index)
{
  guint n = 0;
  const Term *terms = get_terms (vocabulary, &n);

  g_return_val_if_fail (index < n, NULL);

  return terms[index].id;
}

/**
 * ta_vocabulary_find:
 *
 * Returns: the index of @id, or -1 when it is not in the vocabulary
 */
int
ta_vocabulary_find (TaVocabulary  vocabulary,
                    const char   *id)
{
  guint n = 0;
  const Term *terms = get_terms (vocabulary, &n);

  if (id == NULL)
    return -1;

  for (guint i = 0; i < n; i++)
    if (strcmp (terms[i].id, id) == 0)
      return (int) i;

  return -1;
}

/**
 * ta_vocabulary_get_label:
 *
 * Returns: the translated label of @id; @id itself when unknown
 */
const char *
ta_vocabulary_get_label (TaVocabulary  vocabulary,
                         const char   *id)
{
  guint n = 0;
  const Term *terms = get_terms (vocabulary, &n);
  int index = ta_vocabulary_find (vocabulary, id);

  if (index < 0)
    return id;

  return g_dpgettext2 (GETTEXT_PACKAGE, terms[index].context, terms[index].label);
}

/* Records */

TaTownRecord *
ta_town_record_new (void)
{
  TaTownRecord *record = g_new0 (TaTownRecord, 1);

  record->population = -1;
  return record;
}

TaTownRecord *
ta_town_record_copy (const TaTownRecord *record)
{
  TaTownRecord *copy = g_memdup2 (record, sizeof *record);

  copy->name = g_strdup (record->name);
  copy->name_native = g_strdup (record->name_native);
  copy->country_code = g_strdup (record->country_code);
  return copy;
}

/* Frees the strings of a record embedded in another struct. */
void
ta_town_record_clear (TaTownRecord *record)
{
  g_clear_pointer (&record->name, g_free);
  g_clear_pointer (&record->name_native, g_free);
  g_clear_pointer (&record->country_code, g_free);
}

void
ta_town_record_free (TaTownRecord *record)
{
  if (record == NULL)
    return;

  ta_town_record_clear (record);
  g_free (record);
}

TaLinkRecord *
ta_link_record_new (void)
{
  TaLinkRecord *record = g_new0 (TaLinkRecord, 1);

  record->kind = g_strdup ("twinning");
  record->status = g_strdup ("active");
  return record;
}

TaLinkRecord *
ta_link_record_copy (const TaLinkRecord *record)
{
  TaLinkRecord *copy = g_memdup2 (record, sizeof *record);

  copy->kind = g_strdup (record->kind);
  copy->status = g_strdup (record->status);
  copy->note = g_strdup (record->note);
  return copy;
}

void
ta_link_record_clear (TaLinkRecord *record)
{
  g_clear_pointer (&record->kind, g_free);
  g_clear_pointer (&record->status, g_free);
  g_clear_pointer (&record->note, g_free);
}

void
ta_link_record_free (TaLinkRecord *record)
{
  if (record == NULL)
    return;

  ta_link_record_clear (record);
  g_free (record);
}

TaExchangeRecord *
ta_exchange_record_new (void)
{
  TaExchangeRecord *record = g_new0 (TaExchangeRecord, 1);

  record->participants = -1;
  return record;
}

TaExchangeRecord *
ta_exchange_record_copy (const TaExchangeRecord *record)
{
  TaExchangeRecord *copy = g_memdup2 (record, sizeof *record);

  copy->date = g_strdup (record->date);
  copy->kind = g_strdup (record->kind);
  copy->description = g_strdup (record->description);
  copy->programme_name = g_strdup (record->programme_name);
  copy->partner_name = g_strdup (record->partner_name);
  return copy;
}

void
ta_exchange_record_free (TaExchangeRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->date);
  g_free (record->kind);
  g_free (record->description);
  g_free (record->programme_name);
  g_free (record->partner_name);
  g_free (record);
}

TaFundingRecord *
ta_funding_record_new (void)
{
  return g_new0 (TaFundingRecord, 1);
}

TaFundingRecord *
ta_funding_record_copy (const TaFundingRecord *record)
{
  TaFundingRecord *copy = g_memdup2 (record, sizeof *record);

  copy->funder = g_strdup (record->funder);
  copy->purpose = g_strdup (record->purpose);
  copy->programme_name = g_strdup (record->programme_name);
  copy->partner_name = g_strdup (record->partner_name);
  return copy;
}

void
ta_funding_record_free (TaFundingRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->funder);
  g_free (record->purpose);
  g_free (record->programme_name);
  g_free (record->partner_name);
  g_free (record);
}

TaEventRecord *
ta_event_record_new (void)
{
  return g_new0 (TaEventRecord, 1);
}

TaEventRecord *
ta_event_record_copy (const TaEventRecord *record)
{
  TaEventRecord *copy = g_memdup2 (record, sizeof *record);

  copy->kind = g_strdup (record->kind);
  copy->date = g_strdup (record->date);
  copy->note = g_strdup (record->note);
  copy->partner_name = g_strdup (record->partner_name);
  return copy;
}

void
ta_event_record_free (TaEventRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->kind);
  g_free (record->date);
  g_free (record->note);
  g_free (record->partner_name);
  g_free (record);
}

void
ta_programme_free (TaProgramme *programme)
{
  if (programme == NULL)
    return;

  g_free (programme->name);
  g_free (programme->funder);
  g_free (programme);
}

void
ta_source_info_free (TaSourceInfo *source)
{
  if (source == NULL)
    return;

  g_free (source->id);
  g_free (source->title);
  g_free (source->licence);
  g_free (source->attribution);
  g_free (source->url);
  g_free (source);
}

void
ta_country_free (TaCountry *country)
{
  if (country == NULL)
    return;

  g_free (country->code);
  g_free (country->name);
  g_free (country);
}

/* Validation */

static gboolean
refuse (const char  *field,
        const char **invalid_field,
        GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (4, 5);

static gboolean
refuse (const char  *field,
        const char **invalid_field,
        GError     **error,
        const char  *format,
        ...)
{
  va_list args;

  if (invalid_field != NULL)
    *invalid_field = field;

  if (error != NULL)
    {
      va_start (args, format);
      *error = g_error_new_valist (TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, format, args);
      va_end (args);
    }

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
year_in_range (int year,
               int min,
               int max)
{
  return year >= min && year <= max;
}

/* Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (as allowed by @max_parts);
 * month and day are 0 when absent.  FALSE when the form is wrong. */
static gboolean
split_date (const char *date,
            guint       max_parts,
            int        *year,
            int        *month,
            int        *day)
{
  gsize length = strlen (date);
  guint parts = length == 4 ? 1 : length == 7 ? 2 : length == 10 ? 3 : 0;

  if (parts == 0 || parts > max_parts)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if ((i == 4 || i == 7) ? date[i] != '-' : !g_ascii_isdigit (date[i]))
      return FALSE;

  *year = atoi (date);
  *month = parts >= 2 ? atoi (date + 5) : 0;
  *day = parts == 3 ? atoi (date + 8) : 0;
  return TRUE;
}

static gboolean
date_exists (int year,
             int month,
             int day)
{
  if (month == 0)
    return TRUE;
  if (month < 1 || month > 12)
    return FALSE;
  if (day == 0)
    return TRUE;

  return year >= 1 && year <= G_MAXUINT16 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
in_vocabulary (TaVocabulary  vocabulary,
               const char   *id)
{
  return ta_vocabulary_find (vocabulary, id) >= 0;
}

gboolean
ta_town_record_validate (const TaTownRecord  *record,
                         const char         **invalid_field,
                         GError             **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (is_blank (record->name))
    return refuse ("name", invalid_field, error, _("Name is required"));

  if (record->country_code != NULL &&
      (strlen (record->country_code) != 2 ||
       !g_ascii_isupper (record->country_code[0]) || !g_ascii_isupper (record->country_code[1])))
    return refuse ("country_code", invalid_field, error,
                   _("Country must be a two-letter code such as PL, not “%s”"), record->country_code);

  if (!isfinite (record->lat) || record->lat < -90.0 || record->lat > 90.0)
    return refuse ("lat", invalid_field, error, _("Latitude must be between −90 and 90 degrees"));

  if (!isfinite (record->lon) || record->lon < -180.0 || record->lon > 180.0)
    return refuse ("lon", invalid_field, error, _("Longitude must be between −180 and 180 degrees"));

  if (record->population < -1)
    return refuse ("population", invalid_field, error, _("Population cannot be negative"));

  return TRUE;
}

gboolean
ta_link_record_validate (const TaLinkRecord  *record,
                         const char         **invalid_field,
                         GError             **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->town_a <= 0)
    return refuse ("town_a", invalid_field, error, _("Town: choose the first town of the link"));

  if (record->town_b <= 0)
    return refuse ("town_b", invalid_field, error, _("Partner town: choose the second town of the link"));

  if (record->town_a == record->town_b)
    return refuse ("town_b", invalid_field, error, _("Partner town: a link needs two different towns"));

  if (!in_vocabulary (TA_VOCABULARY_LINK_KIND, record->kind))
    return refuse ("kind", invalid_field, error, _("Kind: choose the kind of link"));

  if (!in_vocabulary (TA_VOCABULARY_LINK_STATUS, record->status))
    return refuse ("status", invalid_field, error, _("Status: choose the status of the link"));

  if (record->start_year != 0 && !year_in_range (record->start_year, TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX))
    return refuse ("start_year", invalid_field, error,
                   _("Start year must be between %d and %d"), TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX);

  if (record->end_year != 0 && !year_in_range (record->end_year, TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX))
    return refuse ("end_year", invalid_field, error,
                   _("End year must be between %d and %d"), TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX);

  if (record->start_year != 0 && record->end_year != 0 && record->end_year < record->start_year)
    return refuse ("end_year", invalid_field, error, _("End year cannot be before the start year"));

  return TRUE;
}

static gboolean
validate_record_year (int          year,
                      const char **invalid_field,
                      GError     **error)
{
  if (year == 0)
    return refuse ("year", invalid_field, error, _("Year is required"));

  if (!year_in_range (year, TA_RECORD_YEAR_MIN, TA_RECORD_YEAR_MAX))
    return refuse ("year", invalid_field, error,
                   _("Year must be between %d and %d"), TA_RECORD_YEAR_MIN, TA_RECORD_YEAR_MAX);

  return TRUE;
}

gboolean
ta_exchange_record_validate (const TaExchangeRecord  *record,
                             const char             **invalid_field,
                             GError                 **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->link_id <= 0 && record->town_id <= 0)
    return refuse ("link_id", invalid_field, error, _("Partner: an exchange belongs to a town or a link"));

  if (!validate_record_year (record->year, invalid_field, error))
    return FALSE;

  if (record->date != NULL)
    {
      int year, month, day;

      if (!split_date (record->date, 3, &year, &month, &day) || day == 0)
        return refuse ("date", invalid_field, error, _("Date must be written YYYY-MM-DD"));
      if (!date_exists (year, month, day))
        return refuse ("date", invalid_field, error, _("Date %s does not exist"), record->date);
      if (year != record->year)
        return refuse ("date", invalid_field, error, _("Date must lie in the year %d"), record->year);
    }

  if (!in_vocabulary (TA_VOCABULARY_EXCHANGE_KIND, record->kind))
    return refuse ("kind", invalid_field, error, _("Kind: choose the kind of exchange"));

  if (record->participants < -1)
    return refuse ("participants", invalid_field, error, _("Participants cannot be negative"));

  return TRUE;
}

static gboolean
currency_is_valid (const char *currency)
{
  if (strlen (currency) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;

  return TRUE;
}

gboolean
ta_funding_record_validate (const TaFundingRecord  *record,
                            const char            **invalid_field,
                            GError                **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (record->link_id <= 0 && record->town_id <= 0)
    return refuse ("link_id", invalid_field, error, _("Partner: funding belongs to a town or a link"));

  if (record->amount_minor < 0)
    return refuse ("amount_minor", invalid_field, error, _("Amount cannot be negative"));

  if (!currency_is_valid (record->currency))
    return refuse ("currency", invalid_field, error,
                   _("Currency must be a three-letter code such as EUR"));

  if (!validate_record_year (record->year, invalid_field, error))
    return FALSE;

  if (record->programme_id <= 0 && is_blank (record->funder))
    return refuse ("funder", invalid_field, error, _("Funder: choose a programme or name the funder"));

  return TRUE;
}

gboolean
ta_event_record_validate (const TaEventRecord  *record,
                          const char          **invalid_field,
                          GError              **error)
{
  int year, month, day;

  g_return_val_if_fail (record != NULL, FALSE);

  if (record->link_id <= 0)
    return refuse ("link_id", invalid_field, error, _("Partner: choose the link the event belongs to"));

  if (!in_vocabulary (TA_VOCABULARY_EVENT_KIND, record->kind))
    return refuse ("kind", invalid_field, error, _("Event: choose what happened"));

  if (is_blank (record->date))
    return refuse ("date", invalid_field, error, _("Date is required"));

  if (!split_date (record->date, 3, &year, &month, &day))
    return refuse ("date", invalid_field, error, _("Date must be written YYYY, YYYY-MM or YYYY-MM-DD"));

  if (!date_exists (year, month, day))
    return refuse ("date", invalid_field, error, _("Date %s does not exist"), record->date);

  if (!year_in_range (year, TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX))
    return refuse ("date", invalid_field, error,
                   _("Date must lie between the years %d and %d"), TA_LINK_YEAR_MIN, TA_LINK_YEAR_MAX);

  return TRUE;
}

/* Parsing what people type */

/* Copies @text without spaces of any kind (digit groups) and with "−"
 * (U+2212) as "-". */
static char *
squeeze_number (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f || c == 0x2009 || c == '\'')
        continue;
      if (c == 0x2212)
        g_string_append_c (out, '-');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

gboolean
ta_parse_year (const char  *text,
               const char  *field_label,
               int         *out_year,
               GError     **error)
{
  g_autofree char *squeezed = squeeze_number (text != NULL ? text : "");

  *out_year = 0;
  if (*squeezed == '\0')
    return TRUE;

  if (!all_digits (squeezed) || strlen (squeezed) > 4 || atoi (squeezed) == 0)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("%s: “%s” is not a year"), field_label, text);
      return FALSE;
    }

  *out_year = atoi (squeezed);
  return TRUE;
}

gboolean
ta_parse_count (const char  *text,
                const char  *field_label,
                gint64      *out_count,
                GError     **error)
{
  g_autofree char *squeezed = squeeze_number (text != NULL ? text : "");
  const char *digits = squeezed;
  guint64 value = 0;

  *out_count = -1;
  if (*squeezed == '\0')
    return TRUE;

  if (*squeezed == '-' && all_digits (squeezed + 1))
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("%s cannot be negative"), field_label);
      return FALSE;
    }

  if (!all_digits (digits) || !g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("%s: “%s” is not a whole number"), field_label, text);
      return FALSE;
    }

  *out_count = (gint64) value;
  return TRUE;
}

gboolean
ta_parse_coordinate (const char  *text,
                     gboolean     latitude,
                     double      *out_degrees,
                     GError     **error)
{
  g_autofree char *squeezed = squeeze_number (text != NULL ? text : "");
  const char *field = latitude ? _("Latitude") : _("Longitude");
  const char *positive = latitude ? "Nn" : "Ee";
  const char *negative = latitude ? "Ss" : "Ww";
  gsize length;
  double sign = 1.0;
  double value;
  char *end = NULL;

  *out_degrees = 0.0;
  if (*squeezed == '\0')
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, _("%s is required"), field);
      return FALSE;
    }

  /* "50.06° N", "19,95E": a hemisphere letter gives the sign. */
  length = strlen (squeezed);
  if (strchr (positive, squeezed[length - 1]) != NULL)
    squeezed[--length] = '\0';
  else if (strchr (negative, squeezed[length - 1]) != NULL)
    {
      squeezed[--length] = '\0';
      sign = -1.0;
    }
  if (g_str_has_suffix (squeezed, "°"))
    squeezed[length - strlen ("°")] = '\0';

  g_strdelimit (squeezed, ",", '.');
  errno = 0;
  value = g_ascii_strtod (squeezed, &end);
  if (*squeezed == '\0' || end == squeezed || *end != '\0' || errno != 0 || !isfinite (value) ||
      (sign < 0 && value < 0))
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("%s: “%s” is not a number of degrees"), field, text);
      return FALSE;
    }

  value *= sign;
  if (latitude ? fabs (value) > 90.0 : fabs (value) > 180.0)
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                           latitude ? _("Latitude must be between −90 and 90 degrees")
                                    : _("Longitude must be between −180 and 180 degrees"));
      return FALSE;
    }

  *out_degrees = value;
  return TRUE;
}

guint
ta_currency_get_digits (const char *currency)
{
  for (guint i = 0; currency != NULL && i < G_N_ELEMENTS (currency_digits); i++)
    if (g_ascii_strcasecmp (currency_digits[i].code, currency) == 0)
      return currency_digits[i].digits;

  return 2;
}

/* "1.234,5", "1,234.5", "1234,50", "1 234.5": the last separator followed
 * by at most the currency's digits is the decimal point when the text has
 * both kinds or only one of them once; others group digits. */
gboolean
ta_parse_amount (const char  *text,
                 const char  *currency,
                 gint64      *out_minor,
                 GError     **error)
{
  g_autofree char *squeezed = squeeze_number (text != NULL ? text : "");
  g_autoptr(GString) integer = g_string_new (NULL);
  g_autoptr(GString) fraction = g_string_new (NULL);
  guint digits = ta_currency_get_digits (currency);
  const char *decimal = NULL;
  guint n_dots = 0, n_commas = 0;
  guint64 major = 0, minor = 0, scale = 1;

  *out_minor = 0;
  if (*squeezed == '\0')
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, _("Amount is required"));
      return FALSE;
    }

  if (*squeezed == '-')
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, _("Amount cannot be negative"));
      return FALSE;
    }

  for (const char *p = squeezed; *p; p++)
    {
      if (*p == '.')
        n_dots++;
      else if (*p == ',')
        n_commas++;
      else if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                       _("Amount: “%s” is not a number"), text);
          return FALSE;
        }
    }

  if (n_dots > 0 && n_commas > 0)
    decimal = strrchr (squeezed, '.') > strrchr (squeezed, ',') ? strrchr (squeezed, '.') : strrchr (squeezed, ',');
  else if (n_dots == 1)
    decimal = strchr (squeezed, '.');
  else if (n_commas == 1)
    decimal = strchr (squeezed, ',');

  for (const char *p = squeezed; *p; p++)
    {
      if (p == decimal)
        continue;
      if (g_ascii_isdigit (*p))
        g_string_append_c (decimal != NULL && p > decimal ? fraction : integer, *p);
      else if (decimal != NULL && p > decimal)
        {
          g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                       _("Amount: “%s” is not a number"), text);
          return FALSE;
        }
    }

  if (fraction->len > 0 && digits == 0)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("Amount: %s has no decimal places"), currency);
      return FALSE;
    }

  if (fraction->len > digits)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Amount: %s has at most %u decimal place",
                                "Amount: %s has at most %u decimal places", digits),
                   currency != NULL && *currency != '\0' ? currency : "EUR", digits);
      return FALSE;
    }

  if (integer->len == 0 && fraction->len == 0)
    {
      g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID,
                   _("Amount: “%s” is not a number"), text);
      return FALSE;
    }

  while (fraction->len < digits)
    g_string_append_c (fraction, '0');
  for (guint i = 0; i < digits; i++)
    scale *= 10;

  if ((integer->len > 0 && !g_ascii_string_to_unsigned (integer->str, 10, 0, G_MAXINT64 / scale, &major, NULL)) ||
      (fraction->len > 0 && !g_ascii_string_to_unsigned (fraction->str, 10, 0, scale - 1, &minor, NULL)))
    {
      g_set_error_literal (error, TA_RECORD_ERROR, TA_RECORD_ERROR_INVALID, _("Amount is too large"));
      return FALSE;
    }

  *out_minor = (gint64) (major * scale + minor);
  return TRUE;
}

/* Formatting */

/* Digits of @value in groups of three with the locale's separator. */
static void
append_grouped (GString *out,
                guint64  value)
{
  const char *separator = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  gsize length = strlen (digits);

  if (separator == NULL || *separator == '\0')
    separator = length > 4 ? "\u202f" : "";

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
ta_format_count (gint64 count)
{
  GString *out = g_string_new (NULL);

  if (count < 0)
    g_string_append (out, "−");
  append_grouped (out, (guint64) ABS (count));
  return g_string_free (out, FALSE);
}

char *
ta_format_amount (gint64      amount_minor,
                  const char *currency)
{
  GString *out = g_string_new (NULL);
  guint digits = ta_currency_get_digits (currency);
  guint64 scale = 1;
  guint64 magnitude = (guint64) ABS (amount_minor);
  const char *point = localeconv ()->decimal_point;

  for (guint i = 0; i < digits; i++)
    scale *= 10;

  if (amount_minor < 0)
    g_string_append (out, "−");
  append_grouped (out, magnitude / scale);
  if (digits > 0)
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT,
                            point != NULL && *point != '\0' ? point : ".",
                            (int) digits, magnitude % scale);
  g_string_append_printf (out, " %s", currency);

  return g_string_free (out, FALSE);
}

char *
ta_format_coordinates (double lat,
                       double lon)
{
  /* Translators: %s is a latitude in degrees, N or S the hemisphere. */
  g_autofree char *lat_text = g_strdup_printf ("%.4f° %s", fabs (lat), lat >= 0 ? C_("compass", "N") : C_("compass", "S"));
  g_autofree char *lon_text = g_strdup_printf ("%.4f° %s", fabs (lon), lon >= 0 ? C_("compass", "E") : C_("compass", "W"));

  return g_strdup_printf ("%s, %s", lat_text, lon_text);
}

/* Programmes */

GPtrArray *
ta_programmes_list (TaDb    *db,
                    GError **error)
{
  g_autoptr(GPtrArray) programmes = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_programme_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  stmt = ta_db_prepare (db,
                        "SELECT id, name, funder, coalesce (start_year, 0), coalesce (end_year, 0)"
                        "  FROM programme ORDER BY name COLLATE NOCASE, id",
                        error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaProgramme *programme = g_new0 (TaProgramme, 1);

      programme->id = sqlite3_column_int64 (stmt, 0);
      programme->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      programme->funder = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      programme->start_year = sqlite3_column_int (stmt, 3);
      programme->end_year = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (programmes, programme);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the programmes"));
      return NULL;
    }

  return g_steal_pointer (&programmes);
}

/* Countries */

static int
compare_countries (gconstpointer a,
                   gconstpointer b)
{
  const TaCountry *ca = *(const TaCountry **) a;
  const TaCountry *cb = *(const TaCountry **) b;

  return g_utf8_collate (ca->name, cb->name);
}

GPtrArray *
ta_countries_list (TaDb    *db,
                   GError **error)
{
  g_autoptr(GPtrArray) countries = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_country_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  sql = g_strdup_printf ("SELECT code, coalesce (%s, name_en) FROM country", ta_country_name_column ());
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaCountry *country = g_new0 (TaCountry, 1);

      country->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      country->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (countries, country);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the countries"));
      return NULL;
    }

  /* By name as the user reads it, not by code. */
  g_ptr_array_sort (countries, compare_countries);
  return g_steal_pointer (&countries);
}

/* Sources */

static GPtrArray *
load_sources (TaDb        *db,
              const char  *sql,
              gint64       id,
              GError     **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) ta_source_info_free);
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TaSourceInfo *source = g_new0 (TaSourceInfo, 1);

      source->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      source->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      source->licence = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      source->attribution = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      source->url = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (sources, source);
    }

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, _("Could not read the sources"));
      return NULL;
    }

  return g_steal_pointer (&sources);
}

GPtrArray *
ta_sources_for_town (TaDb    *db,
                     gint64   town_id,
                     GError **error)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return load_sources (db,
                       "SELECT s.id, s.title, s.licence, s.attribution, s.url FROM source s"
                       " WHERE s.id = (SELECT source_id FROM town WHERE id = ?1)"
                       "    OR s.id IN (SELECT source_id FROM town_source WHERE town_id = ?1)"
                       " ORDER BY s.id = (SELECT source_id FROM town WHERE id = ?1) DESC, s.title",
                       town_id, error);
}

GPtrArray *
ta_sources_for_link (TaDb    *db,
                     gint64   link_id,
                     GError **error)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return load_sources (db,
                       "SELECT s.id, s.title, s.licence, s.attribution, s.url FROM source s"
                       " WHERE s.id = (SELECT source_id FROM link WHERE id = ?1)"
                       "    OR s.id IN (SELECT source_id FROM link_source WHERE link_id = ?1)"
                       " ORDER BY s.id = (SELECT source_id FROM link WHERE id = ?1) DESC, s.title",
                       link_id, error);
}
