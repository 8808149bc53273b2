/* ta-time-bar.h: the year slider that plays the network's growth
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ta-db.h"
#include "ta-filter.h"

G_BEGIN_DECLS

/* How long each year of the playback is shown. */
#define TA_TIME_BAR_STEP_MS 400

#define TA_TYPE_TIME_BAR (ta_time_bar_get_type ())
G_DECLARE_FINAL_TYPE (TaTimeBar, ta_time_bar, TA, TIME_BAR, AdwBin)

GtkWidget *ta_time_bar_new            (void);

/* The filter whose "year-at" the slider sets while the bar is active. */
void       ta_time_bar_set_filter     (TaTimeBar *self,
                                       TaFilter  *filter);
/* Reads the earliest and latest start year of the atlas's links. */
void       ta_time_bar_set_database   (TaTimeBar *self,
                                       TaDb      *db);

gboolean   ta_time_bar_get_active     (TaTimeBar *self);
void       ta_time_bar_set_active     (TaTimeBar *self,
                                       gboolean   active);
gboolean   ta_time_bar_get_playing    (TaTimeBar *self);
void       ta_time_bar_set_playing    (TaTimeBar *self,
                                       gboolean   playing);
/* 0 when the atlas has no link with a start year. */
int        ta_time_bar_get_first_year (TaTimeBar *self);
int        ta_time_bar_get_last_year  (TaTimeBar *self);
int        ta_time_bar_get_year       (TaTimeBar *self);
void       ta_time_bar_set_year       (TaTimeBar *self,
                                       int        year);

G_END_DECLS
