/* ta-import-commit-records.c: the walk over exchanges, grants and events
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-import-commit-private.h"

/* Exchanges, grants and events */

/* What a record hangs on: a link (both towns) or one town.  Counting does
 * not know the ids of new links and towns, so the walk keys on entries. */
typedef struct
{
  gint64   link_id;
  gint64   town_id;
  gboolean in_atlas;   /* both exist before the import: the atlas may hold a duplicate */
  char    *key;
} Owner;

static gboolean
find_owner (Walk           *walk,
            const RowPlace *place,
            int             a,
            int             b,
            Owner          *owner)
{
  memset (owner, 0, sizeof *owner);

  if (b == TA_IMPORT_SLOT_NONE)
    {
      const TownEntry *town = ta_import_walk_entry_at (walk->plan, (guint) a);

      owner->town_id = town->db_id;
      owner->in_atlas = (guint) a < walk->plan->n_db_entries;
      owner->key = g_strdup_printf ("t%d", a);
      return TRUE;
    }
  else
    {
      WalkLink *link;

      if (a == b)
        {
          ta_import_walk_add_conflict (walk, place, _("after the decisions on ambiguous towns, both towns are “%s”"),
                                       ta_import_walk_entry_at (walk->plan, (guint) a)->name);
          return FALSE;
        }

      link = ta_import_walk_lookup_link (walk, a, b, FALSE);
      if (link == NULL)
        {
          ta_import_walk_add_conflict (walk, place, _("“%s” and “%s” are not linked in the atlas or in this import"),
                                       ta_import_walk_entry_at (walk->plan, (guint) a)->name,
                                       ta_import_walk_entry_at (walk->plan, (guint) b)->name);
          return FALSE;
        }

      owner->link_id = link->id;
      owner->in_atlas = link->in_atlas;
      owner->key = g_strdup_printf ("l%u:%u", MIN (a, b), MAX (a, b));
      return TRUE;
    }
}

static void
bind_owner (sqlite3_stmt *stmt,
            const Owner  *owner)
{
  ta_import_walk_bind_positive (stmt, 1, owner->link_id);
  ta_import_walk_bind_positive (stmt, 2, owner->town_id);
}

/* Whether the plan or the atlas already has the record; @key identifies
 * it in the plan, @probe (bound) in the atlas. */
static gboolean
is_duplicate (Walk          *walk,
              const Owner   *owner,
              char          *key,
              sqlite3_stmt  *probe,
              gboolean      *duplicate,
              GError       **error)
{
  *duplicate = !g_hash_table_add (walk->seen, key);
  if (*duplicate || !owner->in_atlas)
    return TRUE;

  return ta_import_walk_exists (walk, probe, duplicate, error);
}

/* One kind of record that hangs on a link or a town: its statements, its
 * counter and how it binds its columns.  Every such record starts with its
 * RowPlace and the slots a and b.  @bind binds the columns the probe and
 * the insert share and returns how many; the insert adds the source after
 * them. */
typedef struct
{
  guint   exists_stmt;
  guint   insert_stmt;
  gsize   added_offset;           /* of its counter in TaImportCounts */
  gsize   source_offset;          /* of the record's source */
  gssize  programme_key_offset;   /* of the record's programme key, -1: none */
  int   (*bind) (Walk          *walk,
                 sqlite3_stmt  *stmt,
                 const Owner   *owner,
                 gconstpointer  record,
                 gboolean       insert);
  char *(*key)  (const Owner   *owner,
                 gconstpointer  record);
} RecordKind;

static int
exchange_bind (Walk          *walk,
               sqlite3_stmt  *stmt,
               const Owner   *owner,
               gconstpointer  data,
               gboolean       insert)
{
  const ExchangeRecord *record = data;

  bind_owner (stmt, owner);
  sqlite3_bind_int (stmt, 3, record->year);
  ta_import_walk_bind_text (stmt, 4, record->date);
  ta_import_walk_bind_text (stmt, 5, record->kind);
  ta_import_walk_bind_count (stmt, 6, record->participants);
  ta_import_walk_bind_positive (stmt, 7, ta_import_walk_programme_id (walk, record->programme_id, record->programme_key));
  ta_import_walk_bind_text (stmt, 8, record->description);
  return 8;
}

static char *
exchange_key (const Owner   *owner,
              gconstpointer  data)
{
  const ExchangeRecord *record = data;

  return g_strdup_printf ("exchange\x1f%s\x1f%d\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s",
                          owner->key, record->year, record->date ? record->date : "", record->kind,
                          record->participants, record->programme_id,
                          record->programme_key ? record->programme_key : "",
                          record->description ? record->description : "");
}

static int
funding_bind (Walk          *walk,
              sqlite3_stmt  *stmt,
              const Owner   *owner,
              gconstpointer  data,
              gboolean       insert)
{
  const FundingRecord *record = data;

  bind_owner (stmt, owner);
  sqlite3_bind_int64 (stmt, 3, record->amount_minor);
  ta_import_walk_bind_text (stmt, 4, record->currency);
  sqlite3_bind_int (stmt, 5, record->year);
  ta_import_walk_bind_positive (stmt, 6, ta_import_walk_programme_id (walk, record->programme_id, record->programme_key));
  ta_import_walk_bind_text (stmt, 7, record->funder);
  ta_import_walk_bind_text (stmt, 8, record->purpose);
  return 8;
}

static char *
funding_key (const Owner   *owner,
             gconstpointer  data)
{
  const FundingRecord *record = data;

  return g_strdup_printf ("funding\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%d\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s",
                          owner->key, record->amount_minor, record->currency, record->year,
                          record->programme_id, record->programme_key ? record->programme_key : "",
                          record->funder ? record->funder : "",
                          record->purpose ? record->purpose : "");
}

static int
event_bind (Walk          *walk,
            sqlite3_stmt  *stmt,
            const Owner   *owner,
            gconstpointer  data,
            gboolean       insert)
{
  const EventRecord *record = data;

  /* The probe matches nothing for a link without an id (NULL); the insert
   * binds the id as it is. */
  if (insert)
    sqlite3_bind_int64 (stmt, 1, owner->link_id);
  else
    ta_import_walk_bind_positive (stmt, 1, owner->link_id);
  ta_import_walk_bind_text (stmt, 2, record->kind);
  ta_import_walk_bind_text (stmt, 3, record->date);
  ta_import_walk_bind_text (stmt, 4, record->note);
  return 4;
}

static char *
event_key (const Owner   *owner,
           gconstpointer  data)
{
  const EventRecord *record = data;

  return g_strdup_printf ("event\x1f%s\x1f%s\x1f%s\x1f%s", owner->key, record->kind, record->date,
                          record->note ? record->note : "");
}

/* walk_records() reads place, a and b through an ExchangeRecord. */
G_STATIC_ASSERT (G_STRUCT_OFFSET (FundingRecord, a) == G_STRUCT_OFFSET (ExchangeRecord, a));
G_STATIC_ASSERT (G_STRUCT_OFFSET (FundingRecord, b) == G_STRUCT_OFFSET (ExchangeRecord, b));
G_STATIC_ASSERT (G_STRUCT_OFFSET (EventRecord, a) == G_STRUCT_OFFSET (ExchangeRecord, a));
G_STATIC_ASSERT (G_STRUCT_OFFSET (EventRecord, b) == G_STRUCT_OFFSET (ExchangeRecord, b));

static const RecordKind exchange_kind = {
  STMT_EXCHANGE_EXISTS, STMT_EXCHANGE, G_STRUCT_OFFSET (TaImportCounts, exchanges_added),
  G_STRUCT_OFFSET (ExchangeRecord, source), G_STRUCT_OFFSET (ExchangeRecord, programme_key),
  exchange_bind, exchange_key,
};

static const RecordKind funding_kind = {
  STMT_FUNDING_EXISTS, STMT_FUNDING, G_STRUCT_OFFSET (TaImportCounts, funding_added),
  G_STRUCT_OFFSET (FundingRecord, source), G_STRUCT_OFFSET (FundingRecord, programme_key),
  funding_bind, funding_key,
};

static const RecordKind event_kind = {
  STMT_EVENT_EXISTS, STMT_EVENT, G_STRUCT_OFFSET (TaImportCounts, events_added),
  G_STRUCT_OFFSET (EventRecord, source), -1,   /* events name no programme */
  event_bind, event_key,
};

/* Counts, and when writing inserts, the records of @records that are
 * neither in the atlas nor earlier in the plan. */
static gboolean
walk_records (Walk              *walk,
              GArray            *records,
              const RecordKind  *kind,
              GError           **error)
{
  for (guint i = 0; i < records->len; i++)
    {
      gconstpointer record = records->data + (gsize) i * g_array_get_element_size (records);
      /* The fields every such record starts with (see RecordKind). */
      const ExchangeRecord *head = record;
      const char *source = G_STRUCT_MEMBER (const char *, record, kind->source_offset);
      const char *programme_key = NULL;
      Owner owner;
      sqlite3_stmt *stmt;
      gboolean duplicate;
      int a, b;
      int n_columns;

      if (kind->programme_key_offset >= 0)
        programme_key = G_STRUCT_MEMBER (const char *, record, kind->programme_key_offset);
      if (!ta_import_walk_resolve_record (walk, &head->place, head->a, head->b, &a, &b) ||
                         !find_owner (walk, &head->place, a, b, &owner))
        continue;
      /* Nothing in the atlas names a programme this import adds. */
      owner.in_atlas = owner.in_atlas && programme_key == NULL;

      if (!(stmt = ta_import_walk_statement (walk, kind->exists_stmt, error)))
        {
          g_free (owner.key);
          return FALSE;
        }
      kind->bind (walk, stmt, &owner, record, FALSE);
      if (!is_duplicate (walk, &owner, kind->key (&owner, record), stmt, &duplicate, error))
        {
          g_free (owner.key);
          return FALSE;
        }
      g_free (owner.key);

      if (duplicate)
        {
          walk->counts.duplicates++;
          continue;
        }
      G_STRUCT_MEMBER (guint, &walk->counts, kind->added_offset)++;
      if (!walk->write)
        continue;

      if (!(stmt = ta_import_walk_statement (walk, kind->insert_stmt, error)))
        return FALSE;
      n_columns = kind->bind (walk, stmt, &owner, record, TRUE);
      if (!ta_import_walk_step_record (walk, stmt, n_columns + 1, &head->place, source, error))
        return FALSE;
    }

  return TRUE;
}

/* Exchanges, then grants, then events: those of a link the walk adds come
 * after it. */
gboolean
ta_import_walk_owned_records (Walk     *walk,
                              GError  **error)
{
  TaImportPlan *plan = walk->plan;

  return walk_records (walk, plan->exchange_records, &exchange_kind, error) &&
         walk_records (walk, plan->funding_records, &funding_kind, error) &&
         walk_records (walk, plan->event_records, &event_kind, error);
}
