/* fuzz-common.c: one import per fuzzer input, into a synthetic atlas in memory
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input gets a new atlas (made-up towns, as in the tests), so that a
 * commit of one input cannot change what the next one meets.  Criticals
 * and warnings abort: a g_return_if_fail() reached from a file is a bug.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static TaIsoCodes *iso_codes;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* Let AddressSanitizer see every allocation. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  iso_codes = ta_iso_codes_new (NULL, NULL, &error);
  if (iso_codes == NULL)
    g_printerr ("fuzz: no iso-codes (%s): countries the atlas lacks stay unknown\n", error->message);

  return 0;
}

static TaDb *
make_atlas (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open_memory (&error);

  g_assert_no_error (error);
  ta_db_exec (db,
              "INSERT INTO source (id, title, licence, attribution) VALUES ('test', 'Synthetic fuzzing data', 'none', 'none');"
              "INSERT INTO country (code, name_en, name_pl, name_de, source_id) VALUES"
              "  ('PL', 'Poland', 'Polska', 'Polen', 'test'), ('DE', 'Germany', 'Niemcy', 'Deutschland', 'test');"
              "INSERT INTO town (id, name, country_code, lat, lon, wikidata, source_id) VALUES"
              "  (1, 'Testowo', 'PL', 52.0, 19.0, 'Q999000001', 'test'), (2, 'Probestadt', 'DE', 50.0, 10.0, NULL, 'test'),"
              "  (3, 'Neustadt-Test', 'DE', 49.0, 8.0, NULL, 'test'), (4, 'Neustadt-Test', 'DE', 53.0, 12.0, NULL, 'test');"
              "INSERT INTO town_name (town_id, name, kind, source_id) VALUES (2, 'Probe', 'exonym', 'test');"
              "INSERT INTO link (id, town_a, town_b, start_year, source_id) VALUES (1, 1, 2, 1990, 'test');"
              "INSERT INTO link_source (link_id, source_id) VALUES (1, 'test');"
              "INSERT INTO programme (id, name, funder, kind, source_id) VALUES (1, 'Synthetic Programme', 'Synthetic Fund', 'other', 'test');",
              &error);
  g_assert_no_error (error);

  return g_steal_pointer (&db);
}

void
fuzz_import (const uint8_t  *data,
             size_t          size,
             TaImportFormat  format,
             const char     *name)
{
  g_autoptr(TaDb) db = make_atlas ();
  g_autoptr(TaImporter) importer = ta_importer_new (db);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  g_autofree char *preview = NULL;
  TaImportPlan *plan = ta_importer_get_plan (importer);
  TaImportCounts counts;

  if (iso_codes != NULL)
    ta_importer_set_iso_codes (importer, iso_codes);
  /* Small limits: the fuzzer should spend its time on the parsers. */
  ta_importer_set_csv_limits (importer, 4096, 16384, 64);
  ta_importer_set_max_json_size (importer, 1024 * 1024);

  ta_importer_add_stream (importer, stream, name, format, TA_IMPORT_RECORD_AUTO, NULL, NULL);

  ta_import_plan_get_counts (plan, &counts);
  preview = ta_import_plan_describe (plan, 20);
  for (guint i = 0; i < ta_import_plan_get_n_rejections (plan); i++)
    g_free (ta_import_rejection_to_string (ta_import_plan_get_rejection (plan, i)));

  /* Every decision in turn: candidates, a new town, skipping. */
  for (guint i = 0; i < ta_import_plan_get_n_ambiguities (plan); i++)
    {
      const TaImportAmbiguity *ambiguity = ta_import_plan_get_ambiguity (plan, i);
      int choice = (int) (i % (ambiguity->n_candidates + 2)) - 2;

      if (!ta_import_plan_resolve (plan, i, choice, NULL))
        ta_import_plan_resolve (plan, i, TA_IMPORT_CHOICE_SKIP, NULL);
    }

  ta_import_plan_set_skip_rejected (plan, TRUE);
  if (ta_import_plan_can_commit (plan, NULL))
    ta_import_plan_commit (plan, NULL);
}
