/* ta-activity-rows.h: the exchanges, funding and history sections
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-activity.h"
#include "ta-editor.h"

G_BEGIN_DECLS

/* How the town panel and the link view want the sections. */
typedef struct
{
  const char *action_prefix;  /* the widget's actions: "<prefix>.add-exchange", "<prefix>.edit-exchange" (x)… */
  gboolean    show_partner;   /* seen from a town: say which partner a record is with */
  gboolean    editable;       /* rows open their edit dialog, empty states offer to add */
  gboolean    compact;        /* small empty states, for a page holding several sections */
  gboolean    has_partners;   /* history needs a link; without one, offer to add a partner */
} TaActivityRowsOptions;

/* Replace the children of @box by the section. */
void        ta_activity_rows_fill_exchanges (GtkBox                      *box,
                                             const TaActivity            *activity,
                                             const TaActivityRowsOptions *options);
void        ta_activity_rows_fill_funding   (GtkBox                      *box,
                                             const TaActivity            *activity,
                                             const TaActivityRowsOptions *options);
void        ta_activity_rows_fill_history   (GtkBox                      *box,
                                             const TaActivity            *activity,
                                             const TaActivityRowsOptions *options);

void        ta_activity_rows_clear          (GtkBox                      *box);

/* A centred icon, title, description and (with @action_name) a button. */
GtkWidget  *ta_activity_rows_empty_state    (const char                  *icon_name,
                                             const char                  *title,
                                             const char                  *description,
                                             const char                  *button_label,
                                             const char                  *action_name,
                                             gboolean                     compact);

const char *ta_activity_rows_exchange_icon  (const char                  *kind);
/* "2005", "June 2005", "31 December 2005" in the user's language. */
char       *ta_activity_rows_format_date    (const char                  *date);

/* The body of the dialog that confirms a deletion: what goes with it. */
char       *ta_activity_rows_describe_deletion (const TaDependents      *dependents);

/* The record a row's "edit-…" action names by its id, or %NULL. */
const TaExchangeRecord *ta_activity_rows_find_exchange (const TaActivity *activity,
                                                        gint64            id);
const TaFundingRecord  *ta_activity_rows_find_funding  (const TaActivity *activity,
                                                        gint64            id);
const TaEventRecord    *ta_activity_rows_find_event    (const TaActivity *activity,
                                                        gint64            id);

/* Asks whether to delete a town or link and what goes with it.  The
 * dialog carries @id under @id_key for @response_cb, which is connected
 * to its "response" with @owner as data (for as long as @owner lives). */
void        ta_activity_rows_confirm_deletion (GtkWindow          *parent,
                                               const char         *heading,
                                               const TaDependents *dependents,
                                               const char         *id_key,
                                               gint64              id,
                                               GCallback           response_cb,
                                               gpointer            owner);
/* Says that a deletion failed, and why. */
void        ta_activity_rows_report_failure   (GtkWindow          *parent,
                                               const char         *heading,
                                               const GError       *error);

/* Loads the panels' style sheet once per display. */
void        ta_activity_rows_ensure_style   (GtkWidget                   *widget);

G_END_DECLS
