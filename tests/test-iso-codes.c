/* test-iso-codes.c: country and subdivision names and codes
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most tests read the system's iso-codes (a build dependency); the
 * catalogue tests write a synthetic iso-codes tree with made-up countries
 * ("Testland", XA) and .mo files of both byte orders.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ta-iso-codes.h"

static TaIsoCodes *iso;

static void
test_country_names (void)
{
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "PL", "en"), ==, "Poland");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "PL", NULL), ==, "Poland");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "PL", "pl"), ==, "Polska");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "PL", "de"), ==, "Polen");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "pl", "de"), ==, "Polen");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "DE", "pl"), ==, "Niemcy");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "DE", "de_AT"), ==, "Deutschland");
  g_assert_cmpstr (ta_iso_codes_get_country_name (iso, "XK", "en"), ==, "Kosovo");

  g_assert_null (ta_iso_codes_get_country_name (iso, "QQ", "en"));
  g_assert_null (ta_iso_codes_get_country_name (iso, NULL, "en"));
  g_assert_null (ta_iso_codes_get_country_name (iso, "PL", "no-such-language"));
  g_assert_null (ta_iso_codes_get_country_name (iso, "PL", "../pl"));
}

static void
test_native_names (void)
{
  g_assert_cmpstr (ta_iso_codes_get_country_native_name (iso, "DE"), ==, "Deutschland");
  g_assert_cmpstr (ta_iso_codes_get_country_native_name (iso, "PL"), ==, "Polska");
  g_assert_cmpstr (ta_iso_codes_get_country_native_name (iso, "AT"), ==, "Österreich");
  g_assert_cmpstr (ta_iso_codes_get_country_language (iso, "CZ"), ==, "cs");

  /* Countries with several official languages have no single native name. */
  g_assert_null (ta_iso_codes_get_country_native_name (iso, "CH"));
  g_assert_null (ta_iso_codes_get_country_native_name (iso, "BE"));
  g_assert_null (ta_iso_codes_get_country_native_name (iso, "FI"));
  g_assert_null (ta_iso_codes_get_country_native_name (iso, "QQ"));
}

static void
test_country_codes_from_names (void)
{
  static const struct
  {
    const char *name;
    const char *code;
  } cases[] = {
    { "Poland", "PL" },
    { "POLAND", "PL" },
    { "England", "GB" },
    { "Scotland", "GB" },
    { "England, United Kingdom", "GB" },
    { "Northern Ireland, United Kingdom", "GB" },
    { "United Kingdom", "GB" },
    { "Czech Republic", "CZ" },
    { "Czechia", "CZ" },
    { "Georgia (country)", "GE" },
    { "People's Republic of China", "CN" },
    { "People’s Republic of China", "CN" },
    { "China", "CN" },
    { "United States of America", "US" },
    { "USA", "US" },
    { "New York, United States", "US" },
    { "Russia", "RU" },
    { "South Korea", "KR" },
    { "Korea, Republic of", "KR" },
    { "North Korea", "KP" },
    { "Kosovo", "XK" },
    { "Ivory Coast", "CI" },
    { "Côte d'Ivoire", "CI" },
    { "Cote d'Ivoire", "CI" },
    { "The Gambia", "GM" },
    { "The Bahamas", "BS" },
    { "Republic of Ireland", "IE" },
    { "Republic of the Congo", "CG" },
    { "Democratic Republic of the Congo", "CD" },
    { "State of Palestine", "PS" },
    { "Palestine", "PS" },
    { "North Macedonia", "MK" },
    { "Republic of Macedonia", "MK" },
    { "Turkey", "TR" },
    { "Türkiye", "TR" },
    { "Vatican City", "VA" },
    { "Kingdom of the Netherlands", "NL" },
    { "Swaziland", "SZ" },
    { "Federated States of Micronesia", "FM" },
    { "Curaçao", "CW" },
    { "Curacao", "CW" },
    { "Sint Maarten", "SX" },
    { "Faroe Islands", "FO" },
    { "Sao Tomé and Príncipe", "ST" },
    { "Réunion, France", "FR" },
  };
  static const char * const no_code[] = {
    "Northern Cyprus", "Abkhazia", "South Ossetia", "Transnistria", "Austria-Hungary",
    "Nowhere", "", "   ", "Korea", "Unknown, Nowhere",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *code = ta_iso_codes_get_country_code (iso, cases[i].name);

      if (g_strcmp0 (code, cases[i].code) != 0)
        g_error ("“%s” gave %s, expected %s", cases[i].name, code, cases[i].code);
    }

  for (guint i = 0; i < G_N_ELEMENTS (no_code); i++)
    {
      const char *code = ta_iso_codes_get_country_code (iso, no_code[i]);

      if (code != NULL)
        g_error ("“%s” gave %s, expected none", no_code[i], code);
    }

  g_assert_null (ta_iso_codes_get_country_code (iso, NULL));
}

static void
test_alpha3 (void)
{
  g_assert_cmpstr (ta_iso_codes_get_country_code_for_alpha3 (iso, "POL"), ==, "PL");
  g_assert_cmpstr (ta_iso_codes_get_country_code_for_alpha3 (iso, "deu"), ==, "DE");
  g_assert_null (ta_iso_codes_get_country_code_for_alpha3 (iso, "-99"));
  g_assert_null (ta_iso_codes_get_country_code_for_alpha3 (iso, "PL"));
  g_assert_null (ta_iso_codes_get_country_code_for_alpha3 (iso, NULL));
}

static void
test_country_code_list (void)
{
  g_autoptr(GPtrArray) codes = ta_iso_codes_get_country_codes (iso);
  gboolean has_xk = FALSE;

  g_assert_cmpuint (codes->len, >=, 249);
  for (guint i = 0; i < codes->len; i++)
    {
      if (i > 0)
        g_assert_cmpstr (g_ptr_array_index (codes, i - 1), <, g_ptr_array_index (codes, i));
      has_xk |= strcmp (g_ptr_array_index (codes, i), "XK") == 0;
    }
  g_assert_true (has_xk);
}

static void
test_subdivisions (void)
{
  g_autoptr(GPtrArray) polish = ta_iso_codes_get_subdivision_codes (iso, "PL");
  g_autoptr(GPtrArray) none = ta_iso_codes_get_subdivision_codes (iso, "QQ");

  g_assert_cmpuint (polish->len, ==, 16);
  g_assert_cmpuint (none->len, ==, 0);

  /* iso-codes 4.15 (Debian 12) uses the numeric Polish codes. */
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "Małopolskie"), ==, "PL-12");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "MALOPOLSKIE"), ==, "PL-12");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "Wojewodztwo Malopolskie"), ==, "PL-12");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "Pomorskie"), ==, "PL-22");
  /* The longer trailing name wins over "Pomorskie". */
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "Wojewodztwo Kujawsko-Pomorskie"), ==, "PL-04");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "PL", "Łódzkie"), ==, "PL-10");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "DE", "Bayern"), ==, "DE-BY");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "DE", "Freistaat Bayern"), ==, "DE-BY");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "DE", "Freistaat Thuringen"), ==, "DE-TH");
  /* "Asturias, Principado de" (ES-AS, the community) and "Girona
   * [Gerona]" in iso-codes.  Plain "Asturias" is also the name of the
   * community's one province, ES-O, so it matches nothing uniquely. */
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "ES", "Principado de Asturias"), ==, "ES-AS");
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "ES", "Asturias"));
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (iso, "ES", "Gerona"), ==, "ES-GI");

  /* "Sofia" is both BG-22 "Sofia (stolitsa)" and BG-23 "Sofia". */
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "BG", "Sofia"));
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "PL", "Bayern"));
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "PL", "Masovian"));
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "QQ", "Bayern"));
  g_assert_null (ta_iso_codes_get_subdivision_code (iso, "PL", NULL));

  g_assert_cmpstr (ta_iso_codes_get_subdivision_name (iso, "PL-12", NULL), ==, "Małopolskie");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_name (iso, "PL-12", "de"), ==, "Kleinpolen");
  g_assert_null (ta_iso_codes_get_subdivision_name (iso, "PL-99", NULL));
}

static void
test_match_subdivision (void)
{
  const char * const bavaria[] = { "Bavaria", "Freistaat Bayern", "Bayern", NULL };
  const char * const unknown[] = { "Atlantis", NULL };

  g_assert_cmpstr (ta_iso_codes_match_subdivision (iso, "DE", bavaria), ==, "DE-BY");
  g_assert_null (ta_iso_codes_match_subdivision (iso, "DE", unknown));
}

/* ---- Synthetic iso-codes tree ------------------------------------------- */

typedef struct
{
  const char *msgid;
  const char *msgstr;
} Message;

static void
append_u32 (GByteArray *bytes,
            guint32     value,
            gboolean    big_endian)
{
  value = big_endian ? GUINT32_TO_BE (value) : GUINT32_TO_LE (value);
  g_byte_array_append (bytes, (const guint8 *) &value, 4);
}

/* A .mo file as msgfmt lays it out: header, the two tables of (length,
 * offset), then the NUL-terminated strings.  msgids may contain NULs
 * (plurals) or an EOT (contexts), so their lengths are given. */
static GBytes *
build_mo (const Message *messages,
          const gsize   *msgid_lengths,
          guint          n,
          gboolean       big_endian)
{
  GByteArray *bytes = g_byte_array_new ();
  guint32 strings = 28 + 16 * n;
  guint32 offset = strings;

  append_u32 (bytes, 0x950412de, big_endian);
  append_u32 (bytes, 0, big_endian);
  append_u32 (bytes, n, big_endian);
  append_u32 (bytes, 28, big_endian);
  append_u32 (bytes, 28 + 8 * n, big_endian);
  append_u32 (bytes, 0, big_endian);
  append_u32 (bytes, 0, big_endian);

  for (guint i = 0; i < n; i++)
    {
      append_u32 (bytes, msgid_lengths[i], big_endian);
      append_u32 (bytes, offset, big_endian);
      offset += msgid_lengths[i] + 1;
    }
  for (guint i = 0; i < n; i++)
    {
      append_u32 (bytes, strlen (messages[i].msgstr), big_endian);
      append_u32 (bytes, offset, big_endian);
      offset += strlen (messages[i].msgstr) + 1;
    }

  for (guint i = 0; i < n; i++)
    g_byte_array_append (bytes, (const guint8 *) messages[i].msgid, msgid_lengths[i] + 1);
  for (guint i = 0; i < n; i++)
    g_byte_array_append (bytes, (const guint8 *) messages[i].msgstr, strlen (messages[i].msgstr) + 1);

  return g_byte_array_free_to_bytes (bytes);
}

static void
write_catalogue (const char *locale_dir,
                 const char *lang,
                 GBytes     *contents)
{
  g_autofree char *dir = g_build_filename (locale_dir, lang, "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (dir, "iso_3166-1.mo", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
  g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
  g_assert_no_error (error);
}

static const char synthetic_countries[] =
  "{ \"3166-1\": ["
  "  { \"alpha_2\": \"XA\", \"alpha_3\": \"XAA\", \"name\": \"Testland\","
  "    \"official_name\": \"Republic of Testland\" },"
  "  { \"alpha_2\": \"XB\", \"alpha_3\": \"XBB\", \"name\": \"Otherland, Kingdom of\","
  "    \"common_name\": \"Otherland\" } ] }";

static const char synthetic_subdivisions[] =
  "{ \"3166-2\": ["
  "  { \"code\": \"XA-N\", \"name\": \"Nordprovinz [North Province]\", \"type\": \"Province\" },"
  "  { \"code\": \"XA-S\", \"name\": \"Süd, Bezirk\", \"type\": \"District\" } ] }";

static char *
write_synthetic_tree (void)
{
  char *root = g_dir_make_tmp ("ta-iso-codes-XXXXXX", NULL);
  g_autofree char *json_dir = g_build_filename (root, "json", NULL);
  g_autofree char *countries = g_build_filename (json_dir, "iso_3166-1.json", NULL);
  g_autofree char *subdivisions = g_build_filename (json_dir, "iso_3166-2.json", NULL);
  g_autofree char *locale_dir = g_build_filename (root, "locale", NULL);
  static const char context_msgid[] = "menu\004Otherland, Kingdom of";
  static const char plural_msgid[] = "Republic of Testland\0Republics of Testland";
  const Message little[] = {
    { "", "Content-Type: text/plain; charset=UTF-8\n" },
    { context_msgid, "Wrong" },
    { "Testland", "Probeland" },
  };
  const gsize little_lengths[] = { 0, sizeof context_msgid - 1, strlen ("Testland") };
  const Message big[] = {
    { plural_msgid, "Testlandia" },
    { "Testland", "Testlandia" },
  };
  const gsize big_lengths[] = { sizeof plural_msgid - 1, strlen ("Testland") };
  g_autoptr(GBytes) little_mo = build_mo (little, little_lengths, G_N_ELEMENTS (little), FALSE);
  g_autoptr(GBytes) big_mo = build_mo (big, big_lengths, G_N_ELEMENTS (big), TRUE);

  g_assert_no_errno (g_mkdir_with_parents (json_dir, 0700));
  g_assert_true (g_file_set_contents (countries, synthetic_countries, -1, NULL));
  g_assert_true (g_file_set_contents (subdivisions, synthetic_subdivisions, -1, NULL));
  write_catalogue (locale_dir, "xx", little_mo);
  write_catalogue (locale_dir, "yy", big_mo);

  return root;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
      g_assert_no_errno (g_rmdir (path));
    }
  else
    {
      g_assert_no_errno (g_remove (path));
    }
}

static void
test_synthetic_catalogues (void)
{
  g_autofree char *root = write_synthetic_tree ();
  g_autofree char *json_dir = g_build_filename (root, "json", NULL);
  g_autofree char *locale_dir = g_build_filename (root, "locale", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaIsoCodes) codes = ta_iso_codes_new (json_dir, locale_dir, &error);

  g_assert_no_error (error);

  g_assert_cmpstr (ta_iso_codes_get_country_name (codes, "XA", "en"), ==, "Testland");
  /* Little-endian catalogue, and the fallback from a regional variant. */
  g_assert_cmpstr (ta_iso_codes_get_country_name (codes, "XA", "xx"), ==, "Probeland");
  g_assert_cmpstr (ta_iso_codes_get_country_name (codes, "XA", "xx_ZZ"), ==, "Probeland");
  /* Big-endian catalogue. */
  g_assert_cmpstr (ta_iso_codes_get_country_name (codes, "XA", "yy"), ==, "Testlandia");
  /* Entries with a context are not plain names. */
  g_assert_null (ta_iso_codes_get_country_name (codes, "XB", "xx"));
  g_assert_null (ta_iso_codes_get_country_name (codes, "XA", "zz"));

  g_assert_cmpstr (ta_iso_codes_get_country_code (codes, "Republic of Testland"), ==, "XA");
  g_assert_cmpstr (ta_iso_codes_get_country_code (codes, "Otherland"), ==, "XB");
  g_assert_cmpstr (ta_iso_codes_get_country_code (codes, "Otherland, Kingdom of"), ==, "XB");
  g_assert_cmpstr (ta_iso_codes_get_country_code_for_alpha3 (codes, "XBB"), ==, "XB");

  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (codes, "XA", "North Province"), ==, "XA-N");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (codes, "XA", "Nordprovinz"), ==, "XA-N");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (codes, "XA", "Bezirk Süd"), ==, "XA-S");
  g_assert_cmpstr (ta_iso_codes_get_subdivision_code (codes, "XA", "Sud"), ==, "XA-S");

  remove_tree (root);
}

static void
test_missing_files (void)
{
  g_autofree char *root = g_dir_make_tmp ("ta-iso-codes-XXXXXX", NULL);
  g_autofree char *countries = g_build_filename (root, "iso_3166-1.json", NULL);
  g_autoptr(GError) error = NULL;
  TaIsoCodes *codes;

  codes = ta_iso_codes_new (root, root, &error);
  g_assert_null (codes);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "iso_3166-1.json"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (countries, "{ \"3166-1\": [ { \"name\": \"No code\" } ] }", -1, NULL));
  codes = ta_iso_codes_new (root, root, &error);
  g_assert_null (codes);
  g_assert_error (error, TA_ISO_CODES_ERROR, TA_ISO_CODES_ERROR_FORMAT);
  g_clear_error (&error);

  remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  iso = ta_iso_codes_new (NULL, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ta/iso-codes/country/names", test_country_names);
  g_test_add_func ("/ta/iso-codes/country/native-names", test_native_names);
  g_test_add_func ("/ta/iso-codes/country/codes-from-names", test_country_codes_from_names);
  g_test_add_func ("/ta/iso-codes/country/alpha3", test_alpha3);
  g_test_add_func ("/ta/iso-codes/country/list", test_country_code_list);
  g_test_add_func ("/ta/iso-codes/subdivision/codes", test_subdivisions);
  g_test_add_func ("/ta/iso-codes/subdivision/match", test_match_subdivision);
  g_test_add_func ("/ta/iso-codes/synthetic/catalogues", test_synthetic_catalogues);
  g_test_add_func ("/ta/iso-codes/synthetic/missing-files", test_missing_files);

  status = g_test_run ();

  g_clear_object (&iso);

  return status;
}
