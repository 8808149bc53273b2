/* ta-iso-codes.h: country and subdivision codes and names from iso-codes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads Debian's iso-codes package (LGPL-2.1+): the ISO 3166-1 and 3166-2
 * JSON files and their gettext catalogues.  The catalogues are parsed
 * directly, so names never depend on the locales installed or selected.
 * Catalogues are loaded on first use, so one TaIsoCodes must not be used
 * from several threads at once.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TA_ISO_CODES_DEFAULT_JSON_DIR   "/usr/share/iso-codes/json"
#define TA_ISO_CODES_DEFAULT_LOCALE_DIR "/usr/share/locale"

#define TA_ISO_CODES_ERROR (ta_iso_codes_error_quark ())

typedef enum
{
  TA_ISO_CODES_ERROR_FORMAT,   /* a JSON file is not shaped as iso-codes writes it */
} TaIsoCodesError;

#define TA_TYPE_ISO_CODES (ta_iso_codes_get_type ())
G_DECLARE_FINAL_TYPE (TaIsoCodes, ta_iso_codes, TA, ISO_CODES, GObject)

GQuark       ta_iso_codes_error_quark              (void);

/* NULL directories mean the Debian defaults above.  Fails when
 * iso_3166-1.json or iso_3166-2.json cannot be read; missing translations
 * only make the translated lookups return NULL. */
TaIsoCodes  *ta_iso_codes_new                      (const char  *json_dir,
                                                    const char  *locale_dir,
                                                    GError     **error);

/* Name of a country: lang "en" (or NULL) is iso-codes' English "name",
 * other languages ("pl", "de", "pt_BR"…) its translation from the
 * iso_3166-1 catalogue.  NULL when the code is unknown or untranslated. */
const char  *ta_iso_codes_get_country_name         (TaIsoCodes  *self,
                                                    const char  *alpha2,
                                                    const char  *lang);

/* The country's name in its one national language ("DE" → "Deutschland"),
 * for the countries listed in ta-iso-codes.c; NULL for multilingual ones. */
const char  *ta_iso_codes_get_country_native_name  (TaIsoCodes  *self,
                                                    const char  *alpha2);

/* The language code used by get_country_native_name(), or NULL. */
const char  *ta_iso_codes_get_country_language     (TaIsoCodes  *self,
                                                    const char  *alpha2);

/* A country name as twinning sources write it ("Czech Republic",
 * "England, United Kingdom", "Georgia (country)") → ISO 3166-1 alpha-2.
 * NULL for unknown names and for places without an ISO code
 * ("Northern Cyprus", "Transnistria", historical states). */
const char  *ta_iso_codes_get_country_code         (TaIsoCodes  *self,
                                                    const char  *name);

/* "POL" → "PL"; NULL when unknown. */
const char  *ta_iso_codes_get_country_code_for_alpha3 (TaIsoCodes *self,
                                                       const char *alpha3);

/* Every alpha-2 code iso-codes knows, sorted; (transfer container). */
GPtrArray   *ta_iso_codes_get_country_codes        (TaIsoCodes  *self);

/* A subdivision name ("Małopolskie", "Wojewodztwo Malopolskie",
 * "Asturias") of the country → its ISO 3166-2 code ("PL-12"), when exactly
 * one subdivision matches after folding; NULL otherwise. */
const char  *ta_iso_codes_get_subdivision_code     (TaIsoCodes  *self,
                                                    const char  *country_code,
                                                    const char  *name);

/* Like get_subdivision_code() for several names of the same place (English,
 * native, GeoNames…), NULL-terminated: exact matches of any name win over
 * matches with a generic word before or after ("Freistaat Bayern"); the
 * result must be one subdivision. */
const char  *ta_iso_codes_match_subdivision        (TaIsoCodes         *self,
                                                    const char         *country_code,
                                                    const char * const *names);

/* Name of a subdivision ("PL-12"): lang NULL gives iso-codes' name (usually
 * in the local language, "Małopolskie"), otherwise its translation from the
 * iso_3166-2 catalogue, or NULL. */
const char  *ta_iso_codes_get_subdivision_name     (TaIsoCodes  *self,
                                                    const char  *code,
                                                    const char  *lang);

/* ISO 3166-2 codes of a country's subdivisions, in file order;
 * (transfer container), empty for unknown countries. */
GPtrArray   *ta_iso_codes_get_subdivision_codes    (TaIsoCodes  *self,
                                                    const char  *country_code);

G_END_DECLS
