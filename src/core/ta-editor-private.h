/* ta-editor-private.h: what the editor's files share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ta-editor.c holds the object, its undo and redo stacks, the transaction
 * around each edit and the "changed" signal; ta-editor-records.c checks,
 * saves and deletes each record type through ta_editor_run_edit().
 */

#pragma once

#include "ta-editor.h"

G_BEGIN_DECLS

typedef struct
{
  const char *table;
  const char *where;     /* ?1: the id of the edited record */
} ScopePart;

/* Checks and writes one record; *inout_id is 0 for a new record and is
 * set to its id. */
typedef gboolean (*WriteFunc) (TaEditor       *self,
                               gconstpointer   record,
                               gint64         *inout_id,
                               GError        **error);

struct _TaEditor
{
  GObject  parent_instance;

  TaDb    *db;
  GQueue   undo_stack;   /* Edit, newest first */
  GQueue   redo_stack;
};

/* Runs @write in a transaction and records the rows of @scope around it
 * as one undo step named @label. */
gboolean ta_editor_run_edit (TaEditor         *self,
                             const ScopePart  *scope,
                             gint64            id,
                             const char       *label,
                             gboolean          network_changed,
                             WriteFunc         write,
                             gconstpointer     record,
                             gint64           *out_id,
                             GError          **error);

G_END_DECLS
