/* ta-check.h: integrity checks and the atlas' own rules
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-db.h"

G_BEGIN_DECLS

typedef struct
{
  char *rule;      /* e.g. "integrity", "foreign-keys", "self-link" */
  char *message;   /* one line, translated */
} TaCheckProblem;

void       ta_check_problem_free (TaCheckProblem *problem);

GPtrArray *ta_check_run          (TaDb     *db,
                                  guint     max_per_rule,
                                  GError  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaCheckProblem, ta_check_problem_free)

G_END_DECLS
