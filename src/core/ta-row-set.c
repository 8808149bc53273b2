/* ta-row-set.c: exact copies of table rows, to put them back later
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Undo in the editor keeps, for each edit, the rows it touched before and
 * after, as sqlite3_value copies keyed by primary key.  Putting a state
 * back cannot simply delete and re-insert: deleting a town cascades to its
 * links, and triggers recompute link.distance_km on every insert.  So rows
 * are deleted children first, inserted parents first, and then updated
 * column by column wherever a trigger or cascade left a value that is not
 * the stored one.  A final comparison proves the result exact.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ta-records.h"
#include "ta-row-set.h"

/* Parents before children: the order inserts must follow. */
static const char * const table_names[] = {
  "source",
  "town",
  "town_name",
  "town_source",
  "link",
  "link_source",
  "exchange",
  "funding",
  "link_event",
};

#define N_TABLES G_N_ELEMENTS (table_names)

typedef struct
{
  char           *key;
  guint           n_values;
  sqlite3_value **values;
} Row;

typedef struct
{
  GPtrArray  *columns;   /* char *, in table order; NULL until read */
  GArray     *pk;        /* guint column indices, in key order */
  GPtrArray  *rows;      /* Row, in capture order */
  GHashTable *by_key;    /* Row.key → Row (borrowed) */
} Table;

struct _TaRowSet
{
  Table tables[N_TABLES];
};

static void
row_free (Row *row)
{
  for (guint i = 0; i < row->n_values; i++)
    sqlite3_value_free (row->values[i]);
  g_free (row->values);
  g_free (row->key);
  g_free (row);
}

TaRowSet *
ta_row_set_new (void)
{
  TaRowSet *self = g_new0 (TaRowSet, 1);

  for (guint t = 0; t < N_TABLES; t++)
    {
      self->tables[t].rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
      self->tables[t].by_key = g_hash_table_new (g_str_hash, g_str_equal);
    }

  return self;
}

void
ta_row_set_free (TaRowSet *self)
{
  if (self == NULL)
    return;

  for (guint t = 0; t < N_TABLES; t++)
    {
      g_clear_pointer (&self->tables[t].columns, g_ptr_array_unref);
      g_clear_pointer (&self->tables[t].pk, g_array_unref);
      g_hash_table_unref (self->tables[t].by_key);
      g_ptr_array_unref (self->tables[t].rows);
    }

  g_free (self);
}

static int
find_table (const char *name)
{
  for (guint t = 0; t < N_TABLES; t++)
    if (strcmp (table_names[t], name) == 0)
      return (int) t;

  return -1;
}

static gboolean
ensure_columns (Table       *table,
                guint        index,
                TaDb        *db,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) key_positions = NULL;
  int rc;

  if (table->columns != NULL)
    return TRUE;

  sql = g_strdup_printf ("PRAGMA table_info (\"%s\")", table_names[index]);
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  table->columns = g_ptr_array_new_with_free_func (g_free);
  key_positions = g_array_new (FALSE, TRUE, sizeof (guint));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint column = table->columns->len;
      int key_position = sqlite3_column_int (stmt, 5);

      g_ptr_array_add (table->columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (key_position > 0)
        {
          if ((guint) key_position > key_positions->len)
            g_array_set_size (key_positions, key_position);
          g_array_index (key_positions, guint, key_position - 1) = column;
        }
    }

  if (rc != SQLITE_DONE || table->columns->len == 0 || key_positions->len == 0)
    {
      if (rc != SQLITE_DONE)
        ta_db_set_error_from_sqlite (db, error, NULL);
      else
        g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_INVALID,
                     _("Table “%s” has no primary key"), table_names[index]);
      g_clear_pointer (&table->columns, g_ptr_array_unref);
      return FALSE;
    }

  table->pk = g_steal_pointer (&key_positions);
  return TRUE;
}

/* A string that identifies a row by its primary key values. */
static char *
make_key (const Table     *table,
          sqlite3_value  **values)
{
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < table->pk->len; i++)
    {
      sqlite3_value *value = values[g_array_index (table->pk, guint, i)];

      switch (sqlite3_value_type (value))
        {
        case SQLITE_INTEGER:
          g_string_append_printf (key, "i%" G_GINT64_FORMAT ";", (gint64) sqlite3_value_int64 (value));
          break;
        case SQLITE_TEXT:
          g_string_append_printf (key, "t%d:", sqlite3_value_bytes (value));
          g_string_append_len (key, (const char *) sqlite3_value_text (value), sqlite3_value_bytes (value));
          g_string_append_c (key, ';');
          break;
        case SQLITE_FLOAT:
          g_string_append_printf (key, "r%a;", sqlite3_value_double (value));
          break;
        default:
          g_string_append (key, "n;");
          break;
        }
    }

  return g_string_free (key, FALSE);
}

static Row *
row_from_statement (const Table  *table,
                    sqlite3_stmt *stmt)
{
  Row *row = g_new0 (Row, 1);

  row->n_values = table->columns->len;
  row->values = g_new0 (sqlite3_value *, row->n_values);
  for (guint i = 0; i < row->n_values; i++)
    row->values[i] = sqlite3_value_dup (sqlite3_column_value (stmt, (int) i));
  row->key = make_key (table, row->values);

  return row;
}

static void
table_add_row (Table *table,
               Row   *row)
{
  if (g_hash_table_contains (table->by_key, row->key))
    {
      row_free (row);
      return;
    }

  g_ptr_array_add (table->rows, row);
  g_hash_table_insert (table->by_key, row->key, row);
}

static char *
column_list (const Table *table)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < table->columns->len; i++)
    g_string_append_printf (list, "%s\"%s\"", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (table->columns, i));

  return g_string_free (list, FALSE);
}

/* "pk1 = ?1 AND pk2 = ?2" */
static char *
key_condition (const Table *table)
{
  GString *condition = g_string_new (NULL);

  for (guint i = 0; i < table->pk->len; i++)
    g_string_append_printf (condition, "%s\"%s\" = ?%u", i > 0 ? " AND " : "",
                            (const char *) g_ptr_array_index (table->columns,
                                                              g_array_index (table->pk, guint, i)),
                            i + 1);

  return g_string_free (condition, FALSE);
}

static void
bind_key (const Table  *table,
          sqlite3_stmt *stmt,
          const Row    *row)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  for (guint i = 0; i < table->pk->len; i++)
    sqlite3_bind_value (stmt, (int) i + 1, row->values[g_array_index (table->pk, guint, i)]);
}

static sqlite3_stmt *
prepare_fetch (const Table  *table,
               guint         index,
               TaDb         *db,
               GError      **error)
{
  g_autofree char *columns = column_list (table);
  g_autofree char *condition = key_condition (table);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE %s",
                                          columns, table_names[index], condition);

  return ta_db_prepare (db, sql, error);
}

/* The row with @row's key as it is now: *out_row NULL when there is none. */
static gboolean
fetch_current (const Table   *table,
               sqlite3_stmt  *fetch,
               const Row     *row,
               TaDb          *db,
               Row          **out_row,
               GError       **error)
{
  int rc;

  *out_row = NULL;
  bind_key (table, fetch, row);
  rc = sqlite3_step (fetch);
  if (rc == SQLITE_ROW)
    *out_row = row_from_statement (table, fetch);
  else if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      sqlite3_reset (fetch);
      return FALSE;
    }

  sqlite3_reset (fetch);
  return TRUE;
}

gboolean
ta_row_set_add (TaRowSet    *self,
                TaDb        *db,
                const char  *table_name,
                const char  *where,
                gint64       param,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  int index = find_table (table_name);
  Table *table;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (TA_IS_DB (db), FALSE);
  g_return_val_if_fail (index >= 0, FALSE);

  table = &self->tables[index];
  if (!ensure_columns (table, (guint) index, db, error))
    return FALSE;

  columns = column_list (table);
  sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE %s", columns, table_name, where);
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    table_add_row (table, row_from_statement (table, stmt));

  if (rc != SQLITE_DONE)
    {
      ta_db_set_error_from_sqlite (db, error, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
ta_row_set_add_keys_of (TaRowSet        *self,
                        TaDb            *db,
                        const TaRowSet  *other,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL && other != NULL, FALSE);

  for (guint t = 0; t < N_TABLES; t++)
    {
      const Table *source = &other->tables[t];
      Table *table = &self->tables[t];
      g_autoptr(sqlite3_stmt) fetch = NULL;

      if (source->rows->len == 0)
        continue;

      if (!ensure_columns (table, t, db, error))
        return FALSE;

      fetch = prepare_fetch (table, t, db, error);
      if (fetch == NULL)
        return FALSE;

      for (guint i = 0; i < source->rows->len; i++)
        {
          Row *current = NULL;

          if (!fetch_current (table, fetch, g_ptr_array_index (source->rows, i), db, &current, error))
            return FALSE;
          if (current != NULL)
            table_add_row (table, current);
        }
    }

  return TRUE;
}

guint
ta_row_set_get_n_rows (const TaRowSet *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint t = 0; t < N_TABLES; t++)
    n += self->tables[t].rows->len;

  return n;
}

static gboolean
values_equal (sqlite3_value *a,
              sqlite3_value *b)
{
  int type = sqlite3_value_type (a);
  double da, db;

  if (type != sqlite3_value_type (b))
    return FALSE;

  switch (type)
    {
    case SQLITE_INTEGER:
      return sqlite3_value_int64 (a) == sqlite3_value_int64 (b);
    case SQLITE_FLOAT:
      da = sqlite3_value_double (a);
      db = sqlite3_value_double (b);
      return memcmp (&da, &db, sizeof da) == 0;
    case SQLITE_TEXT:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b) &&
             memcmp (sqlite3_value_text (a), sqlite3_value_text (b), sqlite3_value_bytes (a)) == 0;
    case SQLITE_BLOB:
      return sqlite3_value_bytes (a) == sqlite3_value_bytes (b) &&
             (sqlite3_value_bytes (a) == 0 ||
              memcmp (sqlite3_value_blob (a), sqlite3_value_blob (b), sqlite3_value_bytes (a)) == 0);
    default:
      return TRUE;
    }
}

static gboolean
rows_equal (const Row *a,
            const Row *b)
{
  if (a->n_values != b->n_values)
    return FALSE;

  for (guint i = 0; i < a->n_values; i++)
    if (!values_equal (a->values[i], b->values[i]))
      return FALSE;

  return TRUE;
}

gboolean
ta_row_set_equal (const TaRowSet *a,
                  const TaRowSet *b)
{
  return ta_row_set_equal_except (a, b, NULL);
}

gboolean
ta_row_set_equal_except (const TaRowSet *a,
                         const TaRowSet *b,
                         const char     *table)
{
  int skip = table != NULL ? find_table (table) : -1;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint t = 0; t < N_TABLES; t++)
    {
      const Table *ta = &a->tables[t];
      const Table *tb = &b->tables[t];

      if ((int) t == skip)
        continue;

      if (ta->rows->len != tb->rows->len)
        return FALSE;

      for (guint i = 0; i < ta->rows->len; i++)
        {
          const Row *row = g_ptr_array_index (ta->rows, i);
          const Row *other = g_hash_table_lookup (tb->by_key, row->key);

          if (other == NULL || !rows_equal (row, other))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
set_conflict (GError     **error,
              guint        index)
{
  g_set_error (error, TA_RECORD_ERROR, TA_RECORD_ERROR_CONFLICT,
               _("The rows of table “%s” were changed outside the editor"), table_names[index]);
  return FALSE;
}

gboolean
ta_row_set_is_current (const TaRowSet  *expected,
                       const TaRowSet  *other,
                       TaDb            *db,
                       GError         **error)
{
  g_return_val_if_fail (expected != NULL && other != NULL, FALSE);

  for (guint t = 0; t < N_TABLES; t++)
    {
      Table table = expected->tables[t];
      g_autoptr(sqlite3_stmt) fetch = NULL;

      if (expected->tables[t].rows->len == 0 && other->tables[t].rows->len == 0)
        continue;

      table.columns = expected->tables[t].columns != NULL ? expected->tables[t].columns : other->tables[t].columns;
      table.pk = expected->tables[t].pk != NULL ? expected->tables[t].pk : other->tables[t].pk;
      fetch = prepare_fetch (&table, t, db, error);
      if (fetch == NULL)
        return FALSE;

      for (guint i = 0; i < expected->tables[t].rows->len; i++)
        {
          const Row *row = g_ptr_array_index (expected->tables[t].rows, i);
          Row *current = NULL;
          gboolean same;

          if (!fetch_current (&table, fetch, row, db, &current, error))
            return FALSE;
          same = current != NULL && rows_equal (row, current);
          g_clear_pointer (&current, row_free);
          if (!same)
            return set_conflict (error, t);
        }

      for (guint i = 0; i < other->tables[t].rows->len; i++)
        {
          const Row *row = g_ptr_array_index (other->tables[t].rows, i);
          Row *current = NULL;
          gboolean present;

          if (g_hash_table_contains (expected->tables[t].by_key, row->key))
            continue;
          if (!fetch_current (&table, fetch, row, db, &current, error))
            return FALSE;
          present = current != NULL;
          g_clear_pointer (&current, row_free);
          if (present)
            return set_conflict (error, t);
        }
    }

  return TRUE;
}

/* Applying */

static gboolean
run (TaDb          *db,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  gboolean ok = ta_db_step_done (db, stmt, error);

  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
delete_rows (const Table  *table,
             guint         index,
             const Table  *keep,
             TaDb         *db,
             GError      **error)
{
  g_autofree char *condition = key_condition (table);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE %s", table_names[index], condition);
  g_autoptr(sqlite3_stmt) stmt = ta_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (table->rows, i);

      if (g_hash_table_contains (keep->by_key, row->key))
        continue;

      bind_key (table, stmt, row);
      if (!run (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_row (const Table  *table,
            guint         index,
            const Row    *row,
            TaDb         *db,
            GError      **error)
{
  g_autofree char *columns = column_list (table);
  g_autoptr(GString) placeholders = g_string_new (NULL);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < row->n_values; i++)
    g_string_append_printf (placeholders, "%s?%u", i > 0 ? ", " : "", i + 1);

  sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s)", table_names[index], columns, placeholders->str);
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < row->n_values; i++)
    sqlite3_bind_value (stmt, (int) i + 1, row->values[i]);

  return run (db, stmt, error);
}

/* Sets the columns of the stored row that differ from @row. */
static gboolean
update_row (const Table  *table,
            guint         index,
            const Row    *row,
            const Row    *current,
            TaDb         *db,
            GError      **error)
{
  g_autoptr(GString) assignments = g_string_new (NULL);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *condition = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n_key = table->pk->len;

  for (guint i = 0; i < row->n_values; i++)
    {
      if (values_equal (row->values[i], current->values[i]))
        continue;

      g_string_append_printf (assignments, "%s\"%s\" = ?%u", changed->len > 0 ? ", " : "",
                              (const char *) g_ptr_array_index (table->columns, i),
                              n_key + changed->len + 1);
      g_array_append_val (changed, i);
    }

  if (changed->len == 0)
    return TRUE;

  condition = key_condition (table);
  sql = g_strdup_printf ("UPDATE \"%s\" SET %s WHERE %s", table_names[index], assignments->str, condition);
  stmt = ta_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  bind_key (table, stmt, row);
  for (guint i = 0; i < changed->len; i++)
    sqlite3_bind_value (stmt, (int) (n_key + i + 1), row->values[g_array_index (changed, guint, i)]);

  return run (db, stmt, error);
}

static gboolean
restore_rows (const Table  *table,
              guint         index,
              TaDb         *db,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) fetch = prepare_fetch (table, index, db, error);

  if (fetch == NULL)
    return FALSE;

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (table->rows, i);
      Row *current = NULL;
      gboolean ok;

      if (!fetch_current (table, fetch, row, db, &current, error))
        return FALSE;

      if (current == NULL)
        {
          /* Insert triggers may change the new row at once: read it back. */
          if (!insert_row (table, index, row, db, error) ||
              !fetch_current (table, fetch, row, db, &current, error))
            return FALSE;
          if (current == NULL)
            return set_conflict (error, index);
        }

      ok = update_row (table, index, row, current, db, error);
      row_free (current);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

gboolean
ta_row_set_apply (const TaRowSet  *target,
                  const TaRowSet  *current,
                  TaDb            *db,
                  GError         **error)
{
  g_return_val_if_fail (target != NULL && current != NULL, FALSE);
  g_return_val_if_fail (TA_IS_DB (db), FALSE);

  /* Children first, so that no cascade reaches a row still to be read. */
  for (guint t = N_TABLES; t-- > 0;)
    if (current->tables[t].rows->len > 0 &&
        !delete_rows (&current->tables[t], t, &target->tables[t], db, error))
      return FALSE;

  for (guint t = 0; t < N_TABLES; t++)
    if (target->tables[t].rows->len > 0 &&
        !restore_rows (&target->tables[t], t, db, error))
      return FALSE;

  return ta_row_set_is_current (target, current, db, error);
}
