/* ta-editor.c: every change a user makes to the atlas, undoable
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor is the only writer of user changes.  Each change runs in one
 * transaction: the rows it may touch (its "scope": a town brings its names,
 * attestations, links and all their records) are copied before and after
 * the write, and the pair becomes one step of undo.  Undo and redo put the
 * copied rows back exactly, ids included (see ta-row-set.c), after checking
 * that nothing else changed them in between.
 *
 * New rows name the source "user".  Towns and links keep the source that
 * created them and gain a "user" attestation (town_source, link_source)
 * when the user changes them; exchanges, funding and history are the
 * user's own and are marked "user" when edited.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-editor-private.h"
#include "ta-row-set.h"

/* Sessions are long; older steps than this are forgotten. */
#define MAX_UNDO_STEPS 200

typedef struct
{
  char     *label;
  gboolean  network_changed;
  TaRowSet *before;
  TaRowSet *after;
} Edit;

G_DEFINE_FINAL_TYPE (TaEditor, ta_editor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DB,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
edit_free (Edit *edit)
{
  g_free (edit->label);
  ta_row_set_free (edit->before);
  ta_row_set_free (edit->after);
  g_free (edit);
}

static gboolean
ensure_user_source (TaEditor  *self,
                    GError   **error)
{
  /* The same row as the dataset builder writes; stored data, not UI text. */
  return ta_db_exec (self->db,
                     "INSERT OR IGNORE INTO source (id, title, licence, attribution)"
                     " VALUES ('" TA_EDITOR_SOURCE_ID "', 'Added by the user',"
                     "         'The user''s own data', 'Added by the user')",
                     error);
}

/* Undo stack */

static void
notify_stacks (TaEditor *self,
               gboolean  could_undo,
               gboolean  could_redo)
{
  if (could_undo != ta_editor_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != ta_editor_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
clear_stack (GQueue *stack)
{
  Edit *edit;

  while ((edit = g_queue_pop_head (stack)) != NULL)
    edit_free (edit);
}

static void
push_edit (TaEditor *self,
           Edit     *edit)
{
  gboolean could_undo = ta_editor_get_can_undo (self);
  gboolean could_redo = ta_editor_get_can_redo (self);

  clear_stack (&self->redo_stack);
  g_queue_push_head (&self->undo_stack, edit);
  while (g_queue_get_length (&self->undo_stack) > MAX_UNDO_STEPS)
    edit_free (g_queue_pop_tail (&self->undo_stack));

  notify_stacks (self, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0, edit->network_changed);
}

/* Edits */

static gboolean
capture (TaEditor         *self,
         const ScopePart  *scope,
         gint64            id,
         TaRowSet         *rows,
         GError          **error)
{
  if (!ta_row_set_add (rows, self->db, "source", "id = '" TA_EDITOR_SOURCE_ID "'", 0, error))
    return FALSE;

  if (id <= 0)
    return TRUE;

  for (guint i = 0; scope[i].table != NULL; i++)
    if (!ta_row_set_add (rows, self->db, scope[i].table, scope[i].where, id, error))
      return FALSE;

  return TRUE;
}

static gboolean
check_writable (TaEditor  *self,
                GError   **error)
{
  if (!ta_db_is_read_only (self->db))
    return TRUE;

  g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_READ_ONLY,
               _("The atlas “%s” is read-only"), ta_db_get_path (self->db));
  return FALSE;
}

/* Runs @write in a transaction and records the rows of @scope around it
 * as one undo step named @label. */
gboolean
ta_editor_run_edit (TaEditor         *self,
                    const ScopePart  *scope,
                    gint64            id,
                    const char       *label,
                    gboolean          network_changed,
                    WriteFunc         write,
                    gconstpointer     record,
                    gint64           *out_id,
                    GError          **error)
{
  g_autoptr(TaRowSet) before = ta_row_set_new ();
  g_autoptr(TaRowSet) after = ta_row_set_new ();
  gint64 new_id = id;
  Edit *edit;

  if (!check_writable (self, error) || !ta_db_begin (self->db, error))
    return FALSE;

  if (!capture (self, scope, id, before, error) ||
      !ensure_user_source (self, error) ||
      !write (self, record, &new_id, error) ||
      !capture (self, scope, new_id, after, error) ||
      !ta_row_set_add_keys_of (after, self->db, before, error))
    {
      ta_db_rollback (self->db);
      return FALSE;
    }

  if (out_id != NULL)
    *out_id = new_id;

  /* Saved unchanged: nothing to keep, nothing to undo (not even the
   * 'user' source row ensure_user_source() may have added). */
  if (ta_row_set_equal_except (before, after, "source"))
    {
      ta_db_rollback (self->db);
      return TRUE;
    }

  if (!ta_db_commit (self->db, error))
    return FALSE;

  edit = g_new0 (Edit, 1);
  edit->label = g_strdup (label);
  edit->network_changed = network_changed;
  edit->before = g_steal_pointer (&before);
  edit->after = g_steal_pointer (&after);
  push_edit (self, edit);

  return TRUE;
}

/* Undo and redo */

/* Moves the newest step of @from to @to after putting back its @undo
 * (before) or redo (after) rows. */
static gboolean
replay (TaEditor  *self,
        GQueue    *from,
        GQueue    *to,
        gboolean   undo,
        GError   **error)
{
  gboolean could_undo = ta_editor_get_can_undo (self);
  gboolean could_redo = ta_editor_get_can_redo (self);
  Edit *edit = g_queue_peek_head (from);
  const TaRowSet *target = undo ? edit->before : edit->after;
  const TaRowSet *current = undo ? edit->after : edit->before;
  g_autoptr(GError) local_error = NULL;

  if (!check_writable (self, error) || !ta_db_begin (self->db, error))
    return FALSE;

  if (!ta_row_set_is_current (current, target, self->db, &local_error) ||
      !ta_row_set_apply (target, current, self->db, &local_error) ||
      !ta_db_commit (self->db, &local_error))
    {
      ta_db_rollback (self->db);

      /* Rows changed behind the editor: its history no longer fits them. */
      if (g_error_matches (local_error, TA_RECORD_ERROR, TA_RECORD_ERROR_CONFLICT))
        {
          clear_stack (&self->undo_stack);
          clear_stack (&self->redo_stack);
          notify_stacks (self, could_undo, could_redo);
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_queue_push_head (to, g_queue_pop_head (from));
  notify_stacks (self, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0, edit->network_changed);

  return TRUE;
}

gboolean
ta_editor_undo (TaEditor  *self,
                GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (ta_editor_get_can_undo (self), FALSE);

  return replay (self, &self->undo_stack, &self->redo_stack, TRUE, error);
}

gboolean
ta_editor_redo (TaEditor  *self,
                GError   **error)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);
  g_return_val_if_fail (ta_editor_get_can_redo (self), FALSE);

  return replay (self, &self->redo_stack, &self->undo_stack, FALSE, error);
}

gboolean
ta_editor_get_can_undo (TaEditor *self)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);

  return !g_queue_is_empty (&self->undo_stack);
}

gboolean
ta_editor_get_can_redo (TaEditor *self)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), FALSE);

  return !g_queue_is_empty (&self->redo_stack);
}

/**
 * ta_editor_get_undo_label:
 *
 * Returns: (nullable): the name of the step undo would take back
 */
const char *
ta_editor_get_undo_label (TaEditor *self)
{
  Edit *edit;

  g_return_val_if_fail (TA_IS_EDITOR (self), NULL);

  edit = g_queue_peek_head (&self->undo_stack);
  return edit != NULL ? edit->label : NULL;
}

/**
 * ta_editor_get_redo_label:
 *
 * Returns: (nullable): the name of the step redo would make again
 */
const char *
ta_editor_get_redo_label (TaEditor *self)
{
  Edit *edit;

  g_return_val_if_fail (TA_IS_EDITOR (self), NULL);

  edit = g_queue_peek_head (&self->redo_stack);
  return edit != NULL ? edit->label : NULL;
}

/* GObject */

static void
ta_editor_finalize (GObject *object)
{
  TaEditor *self = TA_EDITOR (object);

  clear_stack (&self->undo_stack);
  clear_stack (&self->redo_stack);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ta_editor_parent_class)->finalize (object);
}

static void
ta_editor_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TaEditor *self = TA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ta_editor_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, ta_editor_get_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_editor_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TaEditor *self = TA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DB:
      self->db = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_editor_class_init (TaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_editor_finalize;
  object_class->get_property = ta_editor_get_property;
  object_class->set_property = ta_editor_set_property;

  properties[PROP_DB] =
    g_param_spec_object ("db", NULL, NULL,
                         TA_TYPE_DB,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TaEditor::changed:
   * @network_changed: whether towns or links changed (the map must reload)
   *
   * The atlas changed: an edit, an undo or a redo was saved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
ta_editor_init (TaEditor *self)
{
  g_queue_init (&self->undo_stack);
  g_queue_init (&self->redo_stack);
}

/**
 * ta_editor_new:
 * @db: the atlas to edit
 *
 * Returns: (transfer full): an editor with empty undo and redo stacks
 */
TaEditor *
ta_editor_new (TaDb *db)
{
  g_return_val_if_fail (TA_IS_DB (db), NULL);

  return g_object_new (TA_TYPE_EDITOR, "db", db, NULL);
}

TaDb *
ta_editor_get_db (TaEditor *self)
{
  g_return_val_if_fail (TA_IS_EDITOR (self), NULL);

  return self->db;
}

