/* ta-records.h: the records a user edits, their vocabularies and rules
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-db.h"

G_BEGIN_DECLS

#define TA_RECORD_ERROR (ta_record_error_quark ())

typedef enum
{
  TA_RECORD_ERROR_INVALID,    /* a field breaks a rule; the message names it */
  TA_RECORD_ERROR_NOT_FOUND,  /* the record (or one it refers to) is gone */
  TA_RECORD_ERROR_DUPLICATE,  /* the two towns are linked already */
  TA_RECORD_ERROR_READ_ONLY,  /* the atlas cannot be written */
  TA_RECORD_ERROR_CONFLICT,   /* the rows changed behind the editor's back */
} TaRecordError;

/* The closed lists of the schema's CHECK constraints. */
typedef enum
{
  TA_VOCABULARY_LINK_KIND,
  TA_VOCABULARY_LINK_STATUS,
  TA_VOCABULARY_EXCHANGE_KIND,
  TA_VOCABULARY_EVENT_KIND,
  TA_VOCABULARY_NAME_KIND,
} TaVocabulary;

/* Year ranges of the schema. */
#define TA_LINK_YEAR_MIN     800
#define TA_LINK_YEAR_MAX     2200
#define TA_RECORD_YEAR_MIN   1900
#define TA_RECORD_YEAR_MAX   2200

/* Integers are 0 (ids, years) or -1 (counts) when unknown, strings NULL. */
typedef struct
{
  gint64  id;              /* 0: a new town */
  char   *name;
  char   *name_native;
  char   *country_code;    /* ISO 3166-1 alpha-2 */
  gint64  region_id;
  double  lat;
  double  lon;
  gint64  population;
} TaTownRecord;

typedef struct
{
  gint64  id;              /* 0: a new link */
  gint64  town_a;
  gint64  town_b;
  char   *kind;            /* TA_VOCABULARY_LINK_KIND */
  char   *status;          /* TA_VOCABULARY_LINK_STATUS */
  int     start_year;
  int     end_year;
  char   *note;
} TaLinkRecord;

/* An exchange or funding record belongs to a link, or to a town when it
 * has no partner.  The fields after the comment are filled by the loaders
 * (ta-activity.c) for display and ignored when saving. */
typedef struct
{
  gint64  id;
  gint64  link_id;
  gint64  town_id;
  int     year;
  char   *date;            /* YYYY-MM-DD within year */
  char   *kind;            /* TA_VOCABULARY_EXCHANGE_KIND */
  gint64  participants;
  gint64  programme_id;
  char   *description;

  char   *programme_name;
  gint64  partner_id;      /* the other town of the link, seen from a town */
  char   *partner_name;
} TaExchangeRecord;

typedef struct
{
  gint64  id;
  gint64  link_id;
  gint64  town_id;
  gint64  exchange_id;
  gint64  amount_minor;    /* in the currency's minor units (cents) */
  char    currency[4];     /* ISO 4217, "" when missing */
  int     year;
  gint64  programme_id;
  char   *funder;          /* required without a programme */
  char   *purpose;

  char   *programme_name;
  gint64  partner_id;
  char   *partner_name;
} TaFundingRecord;

typedef struct
{
  gint64  id;
  gint64  link_id;
  char   *kind;            /* TA_VOCABULARY_EVENT_KIND */
  char   *date;            /* YYYY, YYYY-MM or YYYY-MM-DD */
  char   *note;

  gint64  partner_id;
  char   *partner_name;
} TaEventRecord;

typedef struct
{
  gint64  id;
  char   *name;
  char   *funder;
  int     start_year;
  int     end_year;
} TaProgramme;

typedef struct
{
  char   *code;
  char   *name;              /* in the user's language where the atlas has it */
} TaCountry;

/* A source that attests a town or a link, with what the app must show. */
typedef struct
{
  char   *id;
  char   *title;
  char   *licence;
  char   *attribution;
  char   *url;
} TaSourceInfo;

GQuark            ta_record_error_quark        (void);

guint             ta_vocabulary_get_n_items    (TaVocabulary  vocabulary);
const char       *ta_vocabulary_get_id         (TaVocabulary  vocabulary,
                                                guint         index);
int               ta_vocabulary_find           (TaVocabulary  vocabulary,
                                                const char   *id);
const char       *ta_vocabulary_get_label      (TaVocabulary  vocabulary,
                                                const char   *id);

TaTownRecord     *ta_town_record_new           (void);
TaTownRecord     *ta_town_record_copy          (const TaTownRecord     *record);
void              ta_town_record_clear         (TaTownRecord           *record);
void              ta_town_record_free          (TaTownRecord           *record);
TaLinkRecord     *ta_link_record_new           (void);
TaLinkRecord     *ta_link_record_copy          (const TaLinkRecord     *record);
void              ta_link_record_clear         (TaLinkRecord           *record);
void              ta_link_record_free          (TaLinkRecord           *record);
TaExchangeRecord *ta_exchange_record_new       (void);
TaExchangeRecord *ta_exchange_record_copy      (const TaExchangeRecord *record);
void              ta_exchange_record_free      (TaExchangeRecord       *record);
TaFundingRecord  *ta_funding_record_new        (void);
TaFundingRecord  *ta_funding_record_copy       (const TaFundingRecord  *record);
void              ta_funding_record_free       (TaFundingRecord        *record);
TaEventRecord    *ta_event_record_new          (void);
TaEventRecord    *ta_event_record_copy         (const TaEventRecord    *record);
void              ta_event_record_free         (TaEventRecord          *record);
void              ta_programme_free            (TaProgramme            *programme);
void              ta_source_info_free          (TaSourceInfo           *source);
void              ta_country_free              (TaCountry              *country);

/* The rules a record must meet by itself (the editor checks those that
 * need the database).  On failure @invalid_field (nullable) is set to the
 * column at fault and @error says what is wrong, naming the field. */
gboolean          ta_town_record_validate      (const TaTownRecord     *record,
                                                const char            **invalid_field,
                                                GError                **error);
gboolean          ta_link_record_validate      (const TaLinkRecord     *record,
                                                const char            **invalid_field,
                                                GError                **error);
gboolean          ta_exchange_record_validate  (const TaExchangeRecord *record,
                                                const char            **invalid_field,
                                                GError                **error);
gboolean          ta_funding_record_validate   (const TaFundingRecord  *record,
                                                const char            **invalid_field,
                                                GError                **error);
gboolean          ta_event_record_validate     (const TaEventRecord    *record,
                                                const char            **invalid_field,
                                                GError                **error);

/* What people type.  Empty text gives 0 (or -1 for counts) where the value
 * is optional.  @field_label names the field in messages. */
gboolean          ta_parse_year                (const char  *text,
                                                const char  *field_label,
                                                int         *out_year,
                                                GError     **error);
gboolean          ta_parse_count               (const char  *text,
                                                const char  *field_label,
                                                gint64      *out_count,
                                                GError     **error);
gboolean          ta_parse_coordinate          (const char  *text,
                                                gboolean     latitude,
                                                double      *out_degrees,
                                                GError     **error);
gboolean          ta_parse_amount              (const char  *text,
                                                const char  *currency,
                                                gint64      *out_minor,
                                                GError     **error);

/* Decimal digits of an ISO 4217 currency's minor unit (2 unless listed). */
guint             ta_currency_get_digits       (const char  *currency);
/* "1,234.50 EUR" in the user's locale; never mixes currencies. */
char             *ta_format_amount             (gint64       amount_minor,
                                                const char  *currency);
/* "1 234" with the locale's thousands separator. */
char             *ta_format_count              (gint64       count);
/* "50.0667° N, 19.9500° E" */
char             *ta_format_coordinates        (double       lat,
                                                double       lon);

/* All programmes, by name: (transfer full) GPtrArray of TaProgramme. */
GPtrArray        *ta_programmes_list           (TaDb        *db,
                                                GError     **error);

/* All countries, by name in the user's language: GPtrArray of TaCountry. */
GPtrArray        *ta_countries_list            (TaDb        *db,
                                                GError     **error);

/* The sources of a town or link, the one that created it first:
 * (transfer full) GPtrArray of TaSourceInfo. */
GPtrArray        *ta_sources_for_town          (TaDb        *db,
                                                gint64       town_id,
                                                GError     **error);
GPtrArray        *ta_sources_for_link          (TaDb        *db,
                                                gint64       link_id,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaTownRecord, ta_town_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaLinkRecord, ta_link_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaExchangeRecord, ta_exchange_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaFundingRecord, ta_funding_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaEventRecord, ta_event_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaProgramme, ta_programme_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaSourceInfo, ta_source_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaCountry, ta_country_free)

G_END_DECLS
