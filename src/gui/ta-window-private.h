/* ta-window-private.h: the TaWindow instance struct and what its parts share
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TaWindow is split by responsibility: ta-window.c (the type, properties,
 * loading the atlas, public API), ta-window-actions.c (the win.* actions),
 * ta-window-search.c (the search bar and its results) and
 * ta-window-basemap.c (offline and online tiles).  Only these files
 * include this header.
 */

#pragma once

#include "ta-basemap.h"
#include "ta-editor.h"
#include "ta-filter-panel.h"
#include "ta-link-view.h"
#include "ta-network-layer.h"
#include "ta-stats-view.h"
#include "ta-tile-downloader.h"
#include "ta-tile-source.h"
#include "ta-time-bar.h"
#include "ta-town-panel.h"
#include "ta-window.h"

G_BEGIN_DECLS

/* The zoom a found or newly added town is shown at. */
#define TOWN_ZOOM            9.0

struct _TaWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkToggleButton     *search_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *main_stack;
  AdwFlap             *filter_flap;
  TaFilterPanel       *filter_panel;
  TaTimeBar           *time_bar;
  TaStatsView         *stats_view;
  AdwFlap             *town_flap;
  ShumateMap          *map;
  GtkRevealer         *results_revealer;
  GtkListBox          *results_list;
  ShumateScale        *scale;
  GtkLabel            *attribution_label;
  AdwStatusPage       *error_page;
  GtkStack            *side_stack;
  TaTownPanel         *town_panel;
  TaLinkView          *link_view;

  /* borrowed: the map owns its layers */
  ShumateMapLayer     *tile_layer;
  TaNetworkLayer      *network_layer;

  /* owned */
  GSettings           *settings;
  TaDb                *db;
  char                *database_path;
  TaBasemap           *basemap;
  TaTileSource        *offline_source;
  ShumateMapSource    *online_source;
  TaTileDownloader    *downloader;
  GPtrArray           *hits;
  char                *hits_text;
  char                *basemap_name;
  TaEditor            *editor;          /* NULL for a read-only atlas */
  GTask               *pick_task;       /* a pending ta_window_pick_location_async() */
  AdwToast            *pick_toast;

  gint64               selected_town;
  gint64               selected_link;
  guint                fallback_idle_id;
  guint                hide_panel_idle_id;
  guint                snap_timeout_id;
  gboolean             online_failure_reported;
  gboolean             offline_failure_reported;
};

/* ta-window.c */
ShumateViewport *_ta_window_get_viewport          (TaWindow        *self);
void             _ta_window_show_toast            (TaWindow        *self,
                                                   const char      *title);
void             _ta_window_load_network          (TaWindow        *self);
void             _ta_window_update_side_panel     (TaWindow        *self);
void             _ta_window_finish_pick           (TaWindow        *self,
                                                   gboolean         picked,
                                                   double           lat,
                                                   double           lon);

/* ta-window-actions.c */
void             _ta_window_class_actions_init    (GtkWidgetClass  *widget_class);
void             _ta_window_update_zoom_actions   (TaWindow        *self);
void             _ta_window_update_undo_actions   (TaWindow        *self);

/* ta-window-search.c */
void             _ta_window_class_search_init     (GtkWidgetClass  *widget_class);
void             _ta_window_search_init           (TaWindow        *self);
void             _ta_window_clear_results         (TaWindow        *self);
void             _ta_window_hide_results          (TaWindow        *self);

/* ta-window-basemap.c */
void             _ta_window_basemap_init          (TaWindow        *self);
void             _ta_window_apply_basemap         (TaWindow        *self);
void             _ta_window_drop_online_source    (TaWindow        *self);

G_END_DECLS
