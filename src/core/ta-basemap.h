/* ta-basemap.h: the offline basemap, drawn with cairo from a compiled file
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define TA_TYPE_BASEMAP (ta_basemap_get_type ())

G_DECLARE_FINAL_TYPE (TaBasemap, ta_basemap, TA, BASEMAP, GObject)

#define TA_BASEMAP_ERROR (ta_basemap_error_quark ())

typedef enum
{
  TA_BASEMAP_ERROR_INVALID,
  TA_BASEMAP_ERROR_VERSION,
} TaBasemapError;

GQuark      ta_basemap_error_quark     (void);

TaBasemap  *ta_basemap_new_from_file   (const char  *path,
                                        GError     **error);
TaBasemap  *ta_basemap_new_default     (GError     **error);

const char *ta_basemap_get_id          (TaBasemap   *self);

void        ta_basemap_render_tile     (TaBasemap   *self,
                                        cairo_t     *cr,
                                        guint        zoom,
                                        guint        x,
                                        guint        y,
                                        guint        tile_size,
                                        double       scale_factor);
void        ta_basemap_render_area     (TaBasemap   *self,
                                        cairo_t     *cr,
                                        double       west,
                                        double       south,
                                        double       east,
                                        double       north,
                                        double       width,
                                        double       height,
                                        double       scale_factor);

G_END_DECLS
