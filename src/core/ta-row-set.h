/* ta-row-set.h: exact copies of table rows, to put them back later
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ta-db.h"

G_BEGIN_DECLS

typedef struct _TaRowSet TaRowSet;

TaRowSet *ta_row_set_new          (void);
void      ta_row_set_free         (TaRowSet        *self);

/* Copies the rows of @table that match @where, an SQL condition in which
 * ?1 is @param.  @table must be one of the atlas' editable tables. */
gboolean  ta_row_set_add          (TaRowSet        *self,
                                   TaDb            *db,
                                   const char      *table,
                                   const char      *where,
                                   gint64           param,
                                   GError         **error);
/* Copies the present rows that have the keys of @other's rows (rows since
 * deleted are left out). */
gboolean  ta_row_set_add_keys_of  (TaRowSet        *self,
                                   TaDb            *db,
                                   const TaRowSet  *other,
                                   GError         **error);

guint     ta_row_set_get_n_rows   (const TaRowSet  *self);
gboolean  ta_row_set_equal        (const TaRowSet  *a,
                                   const TaRowSet  *b);
/* The same, ignoring the rows of @table. */
gboolean  ta_row_set_equal_except (const TaRowSet  *a,
                                   const TaRowSet  *b,
                                   const char      *table);

/* TRUE when the database holds exactly @expected's rows and none of the
 * rows @other has beyond them: the state @expected was taken in. */
gboolean  ta_row_set_is_current   (const TaRowSet  *expected,
                                   const TaRowSet  *other,
                                   TaDb            *db,
                                   GError         **error);

/* Brings the database from state @current (which it must be in) to
 * @target: deletes the rows only @current has, inserts or updates the
 * others column by column, parents before children, and checks that the
 * result is @target to the byte.  Call inside a transaction. */
gboolean  ta_row_set_apply        (const TaRowSet  *target,
                                   const TaRowSet  *current,
                                   TaDb            *db,
                                   GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaRowSet, ta_row_set_free)

G_END_DECLS
