/* ta-fold.c: folding names for matching and search
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Łódź", "łódź", "LODZ" and "Lodz" must all be the same word.  SQLite's
 * lower() and LIKE only know ASCII, and FTS5's remove_diacritics cannot
 * take the stroke off "ł" (it has no Unicode decomposition), so the atlas
 * folds names itself: case-fold, then transliterate each Latin letter with
 * GLib's table.  Letters of other scripts (Cyrillic, Greek, …) are kept,
 * case-folded, so that they still match themselves.
 */

#include "config.h"

#include <string.h>

#include "ta-fold.h"

/* Letters GLib's table leaves out or spells as a reader would not type:
 * people write "Aarhus"/"Arhus" for Århus but "Skovde" for Skövde, and
 * "oe" for ø is rarer in place names than plain "o". */
static const char *
special_latin (gunichar ch)
{
  switch (ch)
    {
    case 0x00F8: return "o";   /* ø */
    case 0x0111: return "d";   /* đ */
    case 0x0131: return "i";   /* dotless ı */
    case 0x00FE: return "th";  /* þ */
    case 0x00F0: return "d";   /* ð */
    default:     return NULL;
    }
}

static void
append_folded_char (GString  *out,
                    gunichar  ch)
{
  const char *special;
  char utf8[8];
  int len;

  if (ch < 0x80)
    {
      g_string_append_c (out, g_ascii_tolower ((char) ch));
      return;
    }

  special = special_latin (ch);
  if (special != NULL)
    {
      g_string_append (out, special);
      return;
    }

  len = g_unichar_to_utf8 (ch, utf8);
  utf8[len] = '\0';

  if (g_unichar_isalpha (ch) && g_unichar_get_script (ch) == G_UNICODE_SCRIPT_LATIN)
    {
      g_autofree char *ascii = g_str_to_ascii (utf8, "C");

      if (ascii != NULL && strchr (ascii, '?') == NULL)
        {
          for (const char *p = ascii; *p; p++)
            g_string_append_c (out, g_ascii_tolower (*p));
          return;
        }
    }

  if (g_unichar_ismark (ch))
    return;

  g_string_append_len (out, utf8, len);
}

/**
 * ta_fold:
 * @text: UTF-8 text, or %NULL
 *
 * Returns: (transfer full): @text case-folded, with diacritics removed from
 *   Latin letters; an empty string for %NULL or invalid UTF-8.
 */
char *
ta_fold (const char *text)
{
  g_autofree char *casefolded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  casefolded = g_utf8_casefold (text, -1);
  /* Compose first so that a letter and its combining accent fold as one. */
  decomposed = g_utf8_normalize (casefolded, -1, G_NORMALIZE_NFC);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    append_folded_char (out, g_utf8_get_char (p));

  return g_string_free (out, FALSE);
}

/**
 * ta_fold_key:
 * @name: a place name
 *
 * A key to compare place names across sources: folded, with a trailing
 * parenthesised disambiguator dropped ("Georgia (country)"), punctuation
 * turned into single spaces ("Bielsko-Biała" → "bielsko biala").
 *
 * Returns: (transfer full): the key
 */
char *
ta_fold_key (const char *name)
{
  g_autofree char *folded = ta_fold (name);
  GString *out = g_string_sized_new (strlen (folded));
  gboolean pending_space = FALSE;
  char *paren;

  /* "Frankfurt (Oder)" names a town, "Georgia (country)" disambiguates;
   * both fold to the part before the bracket when it is at the end. */
  paren = strrchr (folded, '(');
  if (paren != NULL && paren != folded && strchr (paren, ')') != NULL &&
      strchr (paren, ')')[1] == '\0')
    *paren = '\0';

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isalnum (ch))
        {
          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_unichar (out, ch);
        }
      else if (ch != '\'' && ch != 0x2019 && ch != '.')
        {
          pending_space = TRUE;
        }
    }

  return g_string_free (out, FALSE);
}
