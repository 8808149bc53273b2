/* test-fold.c: folding names for matching and search
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ta-fold.h"

static void
assert_fold (const char *(*fold) (const char *),
             const char *input,
             const char *expected)
{
  g_autofree char *folded = (char *) fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static const char *
fold_plain (const char *text)
{
  return ta_fold (text);
}

static const char *
fold_key (const char *text)
{
  return ta_fold_key (text);
}

static void
test_fold_polish (void)
{
  assert_fold (fold_plain, "Łódź", "lodz");
  assert_fold (fold_plain, "łódź", "lodz");
  assert_fold (fold_plain, "ŁÓDŹ", "lodz");
  assert_fold (fold_plain, "Lodz", "lodz");
  assert_fold (fold_plain, "Gorzów Wielkopolski", "gorzow wielkopolski");
  assert_fold (fold_plain, "Świętokrzyskie", "swietokrzyskie");
  assert_fold (fold_plain, "Żagań", "zagan");
}

static void
test_fold_other_latin (void)
{
  assert_fold (fold_plain, "Nürnberg", "nurnberg");
  assert_fold (fold_plain, "Straße", "strasse");
  assert_fold (fold_plain, "Ærøskøbing", "aeroskobing");
  assert_fold (fold_plain, "İzmir", "izmir");
  assert_fold (fold_plain, "Diyarbakır", "diyarbakir");
  assert_fold (fold_plain, "Hódmezővásárhely", "hodmezovasarhely");
  assert_fold (fold_plain, "Île-de-France", "ile-de-france");
  /* A combining accent folds like the precomposed letter. */
  assert_fold (fold_plain, "Lo\xcc\x81" "dz", "lodz");
}

static void
test_fold_other_scripts (void)
{
  /* Cyrillic and Greek keep their letters, case-folded. */
  assert_fold (fold_plain, "Львів", "львів");
  assert_fold (fold_plain, "ΑΘΗΝΑ", "αθηνα");
  assert_fold (fold_plain, NULL, "");
  assert_fold (fold_plain, "\xff", "");
}

static void
test_fold_key (void)
{
  assert_fold (fold_key, "Bielsko-Biała", "bielsko biala");
  assert_fold (fold_key, "  Kędzierzyn–Koźle ", "kedzierzyn kozle");
  assert_fold (fold_key, "Georgia (country)", "georgia");
  assert_fold (fold_key, "Frankfurt (Oder)", "frankfurt");
  assert_fold (fold_key, "St. Pölten", "st polten");
  assert_fold (fold_key, "L'Aquila", "laquila");
  assert_fold (fold_key, "(Oder)", "oder");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ta/fold/polish", test_fold_polish);
  g_test_add_func ("/ta/fold/other-latin", test_fold_other_latin);
  g_test_add_func ("/ta/fold/other-scripts", test_fold_other_scripts);
  g_test_add_func ("/ta/fold/key", test_fold_key);

  return g_test_run ();
}
