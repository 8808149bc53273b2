/* ta-window.h: the atlas window
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "ta-db.h"
#include "ta-editor.h"

G_BEGIN_DECLS

/* The names the "basemap" property, the win.basemap action and the GSettings
 * key of the same name use. */
#define TA_BASEMAP_OFFLINE       "offline"
#define TA_BASEMAP_OPENSTREETMAP "openstreetmap"

#define TA_TYPE_WINDOW (ta_window_get_type ())
G_DECLARE_FINAL_TYPE (TaWindow, ta_window, TA, WINDOW, AdwApplicationWindow)

TaWindow   *ta_window_new                 (GtkApplication *application);

TaDb       *ta_window_get_database        (TaWindow       *self);
void        ta_window_set_database        (TaWindow       *self,
                                           TaDb           *db);
const char *ta_window_get_database_path   (TaWindow       *self);
void        ta_window_show_database_error (TaWindow       *self,
                                           const char     *path,
                                           const GError   *error);

const char *ta_window_get_basemap         (TaWindow       *self);
void        ta_window_set_basemap         (TaWindow       *self,
                                           const char     *basemap);

gint64      ta_window_get_selected_town   (TaWindow       *self);
void        ta_window_set_selected_town   (TaWindow       *self,
                                           gint64          town_id);

gint64      ta_window_get_selected_link   (TaWindow       *self);
void        ta_window_set_selected_link   (TaWindow       *self,
                                           gint64          link_id);

TaEditor   *ta_window_get_editor          (TaWindow       *self);

/* The next click on the map, for placing a town. */
void        ta_window_pick_location_async (TaWindow            *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    ta_window_pick_location_finish (TaWindow           *self,
                                            GAsyncResult       *result,
                                            double             *out_lat,
                                            double             *out_lon,
                                            GError            **error);

void        ta_window_go_to               (TaWindow       *self,
                                           double          latitude,
                                           double          longitude,
                                           double          zoom);

ShumateMap *ta_window_get_map             (TaWindow       *self);

G_END_DECLS
