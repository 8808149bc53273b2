/* ta-import-plan-report.c: the plan's rejections and its preview text
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "ta-import-plan-state.h"

/* Rejections */

guint
ta_import_plan_get_n_rejections (TaImportPlan *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), 0);

  return self->rejections->len;
}

const TaImportRejection *
ta_import_plan_get_rejection (TaImportPlan *self,
                              guint         index)
{
  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), NULL);
  g_return_val_if_fail (index < self->rejections->len, NULL);

  return &g_array_index (self->rejections, TaImportRejection, index);
}

char *
ta_import_rejection_to_string (const TaImportRejection *rejection)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "“%s”", rejection->file);
  if (rejection->line > 0)
    g_string_append_printf (text, _(", line %u"), rejection->line);
  if (rejection->record != NULL)
    g_string_append_printf (text, ", %s", rejection->record);
  if (rejection->field != NULL)
    g_string_append_printf (text, _(", field “%s”"), rejection->field);
  g_string_append_printf (text, ": %s", rejection->reason);

  return g_string_free (text, FALSE);
}

void
ta_import_plan_set_skip_rejected (TaImportPlan *self,
                                  gboolean      skip)
{
  g_return_if_fail (TA_IS_IMPORT_PLAN (self));

  self->skip_rejected = !!skip;
}

gboolean
ta_import_plan_get_skip_rejected (TaImportPlan *self)
{
  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), FALSE);

  return self->skip_rejected;
}

/* The preview */

static void
append_count (GString    *text,
              const char *label,
              guint       value)
{
  g_string_append_printf (text, "  %-34s %u\n", label, value);
}

char *
ta_import_plan_describe (TaImportPlan *self,
                         guint         max_listed)
{
  TaImportCounts counts;
  GString *text = g_string_new (NULL);
  guint listed = 0;

  g_return_val_if_fail (TA_IS_IMPORT_PLAN (self), NULL);

  ta_import_plan_get_counts (self, &counts);

  g_string_append (text, _("Import preview:\n"));
  for (guint i = 0; i < self->files->len; i++)
    {
      const PlanFile *file = &g_array_index (self->files, PlanFile, i);

      g_string_append_printf (text, _("  File “%s”: %u rows, source “%s”\n"),
                              file->display_name, file->rows, file->source.id);
    }
  append_count (text, _("Rows read:"), counts.rows_read);
  append_count (text, _("Rows rejected:"), counts.rows_rejected);
  append_count (text, _("Towns matched in the atlas:"), counts.towns_matched);
  append_count (text, _("  of which gain missing values:"), counts.towns_updated);
  append_count (text, _("Towns to create:"), counts.towns_created);
  append_count (text, _("Ambiguous towns to decide:"), counts.towns_ambiguous);
  if (counts.rows_waiting > 0)
    append_count (text, _("Rows waiting for a decision:"), counts.rows_waiting);
  if (counts.rows_skipped > 0)
    append_count (text, _("Rows skipped by a decision:"), counts.rows_skipped);
  append_count (text, _("Links to add:"), counts.links_added);
  append_count (text, _("Links already in the atlas:"), counts.links_matched);
  append_count (text, _("  of which get years:"), counts.links_updated);
  append_count (text, _("Exchanges to add:"), counts.exchanges_added);
  append_count (text, _("Grants to add:"), counts.funding_added);
  append_count (text, _("History events to add:"), counts.events_added);
  append_count (text, _("Programmes to add:"), counts.programmes_added);
  append_count (text, _("Sources to add:"), counts.sources_added);
  append_count (text, _("Duplicates left out:"), counts.duplicates);

  if (self->rejections->len > 0)
    g_string_append (text, _("Rejected rows:\n"));
  for (guint i = 0; i < self->rejections->len && listed < max_listed; i++, listed++)
    {
      g_autofree char *line = ta_import_rejection_to_string (ta_import_plan_get_rejection (self, i));

      g_string_append_printf (text, "  %s\n", line);
    }
  if (self->rejections->len > listed)
    g_string_append_printf (text, _("  … and %u more\n"), self->rejections->len - listed);

  if (self->ambiguities->len > 0)
    g_string_append (text, _("Ambiguous towns:\n"));
  for (guint i = 0; i < self->ambiguities->len && i < max_listed; i++)
    {
      const TaImportAmbiguity *ambiguity = ta_import_plan_get_ambiguity (self, i);

      g_string_append_printf (text, _("  “%s”%s%s%s, line %u, field “%s”: %u candidates, named by %u rows\n"),
                              ambiguity->name,
                              ambiguity->country ? " (" : "", ambiguity->country ? ambiguity->country : "",
                              ambiguity->country ? ")" : "",
                              ambiguity->line, ambiguity->field, ambiguity->n_candidates, ambiguity->n_rows);
      for (guint c = 0; c < ambiguity->n_candidates; c++)
        {
          const TaImportCandidate *candidate = &ambiguity->candidates[c];

          g_string_append_printf (text, "    %u. %s (%s) %.4f, %.4f", c + 1, candidate->name,
                                  candidate->country ? candidate->country : "–", candidate->lat, candidate->lon);
          if (!isnan (candidate->distance_km))
            g_string_append_printf (text, _(", %.1f km away"), candidate->distance_km);
          if (candidate->wikidata != NULL)
            g_string_append_printf (text, ", %s", candidate->wikidata);
          g_string_append_c (text, '\n');
        }
    }

  return g_string_free (text, FALSE);
}
