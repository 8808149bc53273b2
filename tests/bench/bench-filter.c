/* bench-filter.c: how long a filter change takes on 300,000 links
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a clearly synthetic atlas in a temporary file ("Synthetic town
 * 123" at random points inside rough boxes around real countries; 100,000
 * towns, 300,000 links, programmes, exchanges and funding), then for each
 * filter prints the median of:
 *   query      ta_filter_select_links() in the calling thread, wall clock
 *   cpu        the same, CPU time of the thread (what other processes on a
 *              busy machine do not inflate)
 *   async      ta_filter_select_links_async() until its callback
 *   main       the main thread's own share of that, CPU time (building the
 *              SQL, starting the task, finishing)
 *   view       ta_network_with_visible_links() on the loaded network: the
 *              rest of the way to the data of a new overlay
 * The target is a query under 30 ms.  Numbers only, no verdicts:
 *   meson test -C build --benchmark --verbose filter
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>

#include "ta-db.h"
#include "ta-filter.h"
#include "ta-network.h"

#define N_TOWNS    100000
#define N_LINKS    300000
#define N_REGIONS  8          /* per country */
#define N_PROGRAMMES 12
#define N_EXCHANGES 30000
#define N_FUNDING  20000
#define RUNS       15

/* Rough boxes (lat, lon) around countries, for places that look real. */
static const struct
{
  const char *code;
  double      lat_min, lat_max, lon_min, lon_max;
  guint       weight;
} countries[] = {
  { "PL", 49.3, 54.6, 14.3, 23.9, 12 },
  { "DE", 47.4, 54.9, 6.0, 14.9, 20 },
  { "FR", 43.0, 50.9, -1.5, 7.5, 18 },
  { "CZ", 48.7, 50.9, 12.2, 18.8, 5 },
  { "SK", 47.8, 49.5, 17.0, 22.5, 3 },
  { "UA", 45.5, 52.3, 23.0, 40.0, 6 },
  { "IT", 38.0, 46.5, 7.5, 16.5, 10 },
  { "ES", 37.0, 43.5, -8.5, 2.5, 8 },
  { "NL", 51.3, 53.4, 4.0, 7.1, 4 },
  { "AT", 46.5, 48.9, 9.6, 17.0, 3 },
  { "HU", 45.8, 48.5, 16.2, 22.8, 3 },
  { "LT", 54.0, 56.4, 21.1, 26.7, 2 },
  { "SE", 55.4, 63.0, 11.5, 19.0, 3 },
  { "GB", 50.3, 56.5, -5.5, 1.5, 6 },
  { "US", 30.0, 47.0, -120.0, -75.0, 2 },
  { "JP", 33.0, 40.0, 130.0, 141.0, 1 },
};

static const char *link_kinds[] = { "twinning", "twinning", "twinning", "partnership", "friendship", "cooperation", "other" };
static const char *statuses[] = { "active", "active", "active", "active", "active", "active", "suspended", "ended" };
static const char *exchange_kinds[] = { "youth", "school", "civil-servants", "culture", "sport", "business", "other" };

static void
exec_or_die (TaDb       *db,
             const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!ta_db_exec (db, sql, &error))
    g_error ("%s", error->message);
}

static sqlite3_stmt *
prepare_or_die (TaDb       *db,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = ta_db_prepare (db, sql, &error);

  if (stmt == NULL)
    g_error ("%s", error->message);

  return stmt;
}

static void
step_or_die (TaDb         *db,
             sqlite3_stmt *stmt)
{
  g_autoptr(GError) error = NULL;

  if (!ta_db_step_done (db, stmt, &error))
    g_error ("%s", error->message);
}

static guint
pick_country (GRand *rand)
{
  guint total = 0, pick;

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    total += countries[i].weight;

  pick = g_rand_int_range (rand, 0, (gint32) total);
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (pick < countries[i].weight)
        return i;
      pick -= countries[i].weight;
    }

  return 0;
}

static void
insert_places (TaDb  *db,
               GRand *rand,
               guint *town_country)
{
  g_autoptr(sqlite3_stmt) country = prepare_or_die (db,
    "INSERT INTO country (code, name_en, source_id) VALUES (?1, 'Synthetic country ' || ?1, 'bench')");
  g_autoptr(sqlite3_stmt) region = prepare_or_die (db,
    "INSERT INTO region (id, country_code, name, iso_code, source_id) VALUES (?1, ?2, ?3, ?4, 'bench')");
  g_autoptr(sqlite3_stmt) town = prepare_or_die (db,
    "INSERT INTO town (id, name, country_code, region_id, lat, lon, source_id)"
    " VALUES (?1, 'Synthetic town ' || ?1, ?2, ?3, ?4, ?5, 'bench')");

  for (guint c = 0; c < G_N_ELEMENTS (countries); c++)
    {
      sqlite3_bind_text (country, 1, countries[c].code, -1, SQLITE_STATIC);
      step_or_die (db, country);

      for (guint r = 0; r < N_REGIONS; r++)
        {
          g_autofree char *name = g_strdup_printf ("Synthetic region %u of %s", r + 1, countries[c].code);
          g_autofree char *code = g_strdup_printf ("%s-Z%02u", countries[c].code, r + 1);

          sqlite3_bind_int (region, 1, (int) (c * N_REGIONS + r + 1));
          sqlite3_bind_text (region, 2, countries[c].code, -1, SQLITE_STATIC);
          sqlite3_bind_text (region, 3, name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (region, 4, code, -1, SQLITE_TRANSIENT);
          step_or_die (db, region);
        }
    }

  for (guint t = 0; t < N_TOWNS; t++)
    {
      guint c = pick_country (rand);
      double lat = g_rand_double_range (rand, countries[c].lat_min, countries[c].lat_max);
      double lon = g_rand_double_range (rand, countries[c].lon_min, countries[c].lon_max);
      /* Regions are bands of longitude, so that they are contiguous. */
      guint r = (guint) ((lon - countries[c].lon_min) / (countries[c].lon_max - countries[c].lon_min) * N_REGIONS);

      town_country[t] = c;
      sqlite3_bind_int (town, 1, (int) t + 1);
      sqlite3_bind_text (town, 2, countries[c].code, -1, SQLITE_STATIC);
      sqlite3_bind_int (town, 3, (int) (c * N_REGIONS + MIN (r, N_REGIONS - 1) + 1));
      sqlite3_bind_double (town, 4, lat);
      sqlite3_bind_double (town, 5, lon);
      step_or_die (db, town);
    }
}

/* Half the partners are near (towns of nearby ids are not near, so pick
 * among a few random candidates the closest), half anywhere. */
static void
insert_links (TaDb  *db,
              GRand *rand)
{
  g_autoptr(sqlite3_stmt) link = prepare_or_die (db,
    "INSERT OR IGNORE INTO link (town_a, town_b, kind, status, start_year, end_year, source_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'bench')");
  g_autoptr(sqlite3_stmt) town = prepare_or_die (db, "SELECT lat, lon FROM town WHERE id = ?1");
  g_autofree double *lat = g_new (double, N_TOWNS + 1);
  g_autofree double *lon = g_new (double, N_TOWNS + 1);
  guint n = 0;

  for (guint t = 1; t <= N_TOWNS; t++)
    {
      sqlite3_bind_int (town, 1, (int) t);
      if (sqlite3_step (town) != SQLITE_ROW)
        g_error ("town %u missing", t);
      lat[t] = sqlite3_column_double (town, 0);
      lon[t] = sqlite3_column_double (town, 1);
      sqlite3_reset (town);
    }

  while (n < N_LINKS)
    {
      guint a = (guint) g_rand_int_range (rand, 1, N_TOWNS + 1);
      guint b = (guint) g_rand_int_range (rand, 1, N_TOWNS + 1);
      int start = g_rand_int_range (rand, 1950, 2025);
      const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

      if (g_rand_boolean (rand))
        for (int k = 0; k < 40; k++)
          {
            guint c = (guint) g_rand_int_range (rand, 1, N_TOWNS + 1);
            double dc = (lat[c] - lat[a]) * (lat[c] - lat[a]) + (lon[c] - lon[a]) * (lon[c] - lon[a]);
            double db_ = (lat[b] - lat[a]) * (lat[b] - lat[a]) + (lon[b] - lon[a]) * (lon[b] - lon[a]);

            if (c != a && dc < db_)
              b = c;
          }
      if (a == b)
        continue;

      sqlite3_bind_int (link, 1, (int) MIN (a, b));
      sqlite3_bind_int (link, 2, (int) MAX (a, b));
      sqlite3_bind_text (link, 3, link_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (link_kinds))], -1, SQLITE_STATIC);
      sqlite3_bind_text (link, 4, status, -1, SQLITE_STATIC);
      /* A third of the start years are unknown, as in the real sources. */
      if (g_rand_int_range (rand, 0, 3) == 0)
        sqlite3_bind_null (link, 5);
      else
        sqlite3_bind_int (link, 5, start);
      if (g_str_equal (status, "ended"))
        sqlite3_bind_int (link, 6, MIN (2024, start + g_rand_int_range (rand, 1, 40)));
      else
        sqlite3_bind_null (link, 6);
      step_or_die (db, link);
      if (sqlite3_changes (ta_db_get_handle (db)) > 0)
        n++;
    }

  exec_or_die (db, "INSERT INTO link_source (link_id, source_id) SELECT id, 'bench' FROM link");
}

static void
insert_records (TaDb  *db,
                GRand *rand)
{
  g_autoptr(sqlite3_stmt) programme = prepare_or_die (db,
    "INSERT INTO programme (id, name, funder, kind, source_id)"
    " VALUES (?1, 'Synthetic programme ' || ?1, 'Synthetic funder ' || (?1 % 3), 'other', 'bench')");
  g_autoptr(sqlite3_stmt) exchange = prepare_or_die (db,
    "INSERT INTO exchange (link_id, year, kind, programme_id, source_id) VALUES (?1, ?2, ?3, ?4, 'bench')");
  g_autoptr(sqlite3_stmt) funding = prepare_or_die (db,
    "INSERT INTO funding (link_id, amount_minor, currency, year, programme_id, source_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, 'bench')");

  for (int p = 1; p <= N_PROGRAMMES; p++)
    {
      sqlite3_bind_int (programme, 1, p);
      step_or_die (db, programme);
    }

  for (guint i = 0; i < N_EXCHANGES; i++)
    {
      sqlite3_bind_int (exchange, 1, g_rand_int_range (rand, 1, N_LINKS + 1));
      sqlite3_bind_int (exchange, 2, g_rand_int_range (rand, 1990, 2025));
      sqlite3_bind_text (exchange, 3, exchange_kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (exchange_kinds))],
                         -1, SQLITE_STATIC);
      sqlite3_bind_int (exchange, 4, g_rand_int_range (rand, 1, N_PROGRAMMES + 1));
      step_or_die (db, exchange);
    }

  for (guint i = 0; i < N_FUNDING; i++)
    {
      sqlite3_bind_int (funding, 1, g_rand_int_range (rand, 1, N_LINKS + 1));
      sqlite3_bind_int (funding, 2, g_rand_int_range (rand, 10000, 5000000));
      sqlite3_bind_text (funding, 3, g_rand_boolean (rand) ? "EUR" : "PLN", -1, SQLITE_STATIC);
      sqlite3_bind_int (funding, 4, g_rand_int_range (rand, 1990, 2025));
      sqlite3_bind_int (funding, 5, g_rand_int_range (rand, 1, N_PROGRAMMES + 1));
      step_or_die (db, funding);
    }
}

static TaDb *
make_atlas (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autofree guint *town_country = g_new0 (guint, N_TOWNS);
  gint64 start = g_get_monotonic_time ();

  if (db == NULL)
    g_error ("%s", error->message);

  exec_or_die (db, "INSERT INTO source (id, title, licence, attribution)"
                   " VALUES ('bench', 'Synthetic benchmark data', 'none', 'none')");
  if (!ta_db_begin (db, &error))
    g_error ("%s", error->message);
  insert_places (db, rand, town_country);
  insert_links (db, rand);
  insert_records (db, rand);
  if (!ta_db_commit (db, &error))
    g_error ("%s", error->message);
  exec_or_die (db, "ANALYZE");

  g_print ("synthetic atlas: %d towns, %d links, %d exchanges, %d funding records in %.1f s\n",
           N_TOWNS, N_LINKS, N_EXCHANGES, N_FUNDING, (g_get_monotonic_time () - start) / 1e6);

  return g_steal_pointer (&db);
}

typedef struct
{
  const char *name;
  void      (*setup) (TaFilter *filter);
} Case;

#define STRV(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
setup_all (TaFilter *f)
{
}

static void
setup_de (TaFilter *f)
{
  ta_filter_set_countries (f, STRV ("DE"));
}

static void
setup_lt (TaFilter *f)
{
  ta_filter_set_countries (f, STRV ("LT"));
}

static void
setup_three (TaFilter *f)
{
  ta_filter_set_countries (f, STRV ("PL", "CZ", "SK"));
}

static void
setup_between (TaFilter *f)
{
  ta_filter_set_countries (f, STRV ("PL", "DE"));
  ta_filter_set_country_mode (f, TA_FILTER_COUNTRIES_BETWEEN_ONLY);
}

static void
setup_region (TaFilter *f)
{
  ta_filter_set_regions (f, STRV ("PL-Z01"));
}

static void
setup_region_to (TaFilter *f)
{
  ta_filter_set_regions (f, STRV ("PL-Z01"));
  ta_filter_set_countries (f, STRV ("DE"));
}

static void
setup_years (TaFilter *f)
{
  ta_filter_set_year_range (f, 1990, 2000);
}

static void
setup_year_at (TaFilter *f)
{
  ta_filter_set_year_at (f, 2000);
}

static void
setup_year_at_unknown (TaFilter *f)
{
  ta_filter_set_year_at (f, 2000);
  ta_filter_set_unknown_years (f, TRUE);
}

static void
setup_near (TaFilter *f)
{
  ta_filter_set_distance_range (f, 0, 100);
}

static void
setup_far (TaFilter *f)
{
  ta_filter_set_distance_range (f, 1500, 0);
}

static void
setup_cross_border (TaFilter *f)
{
  ta_filter_set_cross_border_only (f, TRUE);
}

static void
setup_programme (TaFilter *f)
{
  ta_filter_set_programmes (f, STRV ("Synthetic programme 3"));
}

static void
setup_youth (TaFilter *f)
{
  ta_filter_set_exchange_kinds (f, STRV ("youth"));
}

static void
setup_kind_status (TaFilter *f)
{
  ta_filter_set_link_kinds (f, STRV ("twinning"));
  ta_filter_set_statuses (f, STRV ("active"));
}

static void
setup_combined (TaFilter *f)
{
  ta_filter_set_countries (f, STRV ("PL"));
  ta_filter_set_year_range (f, 1990, 2024);
  ta_filter_set_link_kinds (f, STRV ("twinning", "partnership"));
  ta_filter_set_distance_range (f, 0, 500);
  ta_filter_set_cross_border_only (f, TRUE);
}

static const Case cases[] = {
  { "all links", setup_all },
  { "country DE (20%)", setup_de },
  { "country LT (2%)", setup_lt },
  { "countries PL, CZ, SK", setup_three },
  { "between PL and DE", setup_between },
  { "region PL-Z01", setup_region },
  { "region PL-Z01 to DE", setup_region_to },
  { "start 1990-2000", setup_years },
  { "year-at 2000", setup_year_at },
  { "year-at 2000 + unknown", setup_year_at_unknown },
  { "under 100 km", setup_near },
  { "over 1500 km", setup_far },
  { "cross-border", setup_cross_border },
  { "programme", setup_programme },
  { "youth exchanges", setup_youth },
  { "twinning, active", setup_kind_status },
  { "PL+years+kinds+500km+border", setup_combined },
};

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

typedef struct
{
  GMainLoop *loop;
  GArray    *ids;
  double     finish_cpu_ms;
} Async;

static void
selected_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Async *async = user_data;
  g_autoptr(GError) error = NULL;
  double start = thread_cpu_ms ();

  async->ids = ta_filter_select_links_finish (TA_FILTER (source), result, &error);
  if (async->ids == NULL)
    g_error ("%s", error->message);
  async->finish_cpu_ms = thread_cpu_ms () - start;
  g_main_loop_quit (async->loop);
}

static void
run_case (const Case *c,
          TaDb       *db,
          TaNetwork  *network)
{
  g_autoptr(TaFilter) filter = ta_filter_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  double query_ms[RUNS], cpu_ms[RUNS], async_ms[RUNS], main_ms[RUNS], view_ms[RUNS];
  guint n_links = 0;

  c->setup (filter);

  for (int run = -2; run < RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autoptr(TaNetwork) view = NULL;
      Async async = { loop, NULL, 0 };
      gint64 t0, t1, t2;
      double cpu0;

      cpu0 = thread_cpu_ms ();
      t0 = g_get_monotonic_time ();
      ids = ta_filter_select_links (filter, db, &error);
      t1 = g_get_monotonic_time ();
      cpu_ms[MAX (run, 0)] = thread_cpu_ms () - cpu0;
      if (ids == NULL)
        g_error ("%s", error->message);
      n_links = ids->len;

      t2 = g_get_monotonic_time ();
      cpu0 = thread_cpu_ms ();
      ta_filter_select_links_async (filter, db, NULL, selected_cb, &async);
      main_ms[MAX (run, 0)] = thread_cpu_ms () - cpu0;
      g_main_loop_run (loop);
      async_ms[MAX (run, 0)] = (g_get_monotonic_time () - t2) / 1000.0;
      main_ms[MAX (run, 0)] += async.finish_cpu_ms;
      if (async.ids->len != ids->len)
        g_error ("%s: async selected %u links, sync %u", c->name, async.ids->len, ids->len);
      g_array_unref (async.ids);

      t2 = g_get_monotonic_time ();
      view = ta_network_with_visible_links (network, ids);
      view_ms[MAX (run, 0)] = (g_get_monotonic_time () - t2) / 1000.0;
      query_ms[MAX (run, 0)] = (t1 - t0) / 1000.0;
    }

  g_print ("%-28s %8u %9.1f %9.1f %9.1f %9.2f %9.1f\n", c->name, n_links,
           median (query_ms, RUNS), median (cpu_ms, RUNS), median (async_ms, RUNS), median (main_ms, RUNS),
           median (view_ms, RUNS));
}

/* bench-filter [FILE]: with FILE, the synthetic atlas is kept there and
 * reused by the next run (to study query plans); else it is temporary. */
int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaNetwork) network = NULL;
  gint64 start;

  setlocale (LC_ALL, "C.UTF-8");

  if (argc > 1)
    path = g_strdup (argv[1]);
  else
    {
      dir = g_dir_make_tmp ("ta-bench-filter-XXXXXX", NULL);
      path = g_build_filename (dir, "synthetic.db", NULL);
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      db = ta_db_open (path, TA_DB_OPEN_READ_WRITE, &error);
      if (db == NULL)
        g_error ("%s", error->message);
      g_print ("synthetic atlas: reusing %s\n", path);
    }
  else
    db = make_atlas (path);

  start = g_get_monotonic_time ();
  network = ta_network_load (db, &error);
  if (network == NULL)
    g_error ("%s", error->message);
  g_print ("network loaded in %.1f s\n\n", (g_get_monotonic_time () - start) / 1e6);

  g_print ("median of %d runs, ms (target: query < 30 ms)\n", RUNS);
  g_print ("%-28s %8s %9s %9s %9s %9s %9s\n", "filter", "links", "query", "cpu", "async", "main", "view");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (&cases[i], db, network);

  g_clear_object (&network);
  g_clear_object (&db);
  if (dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
          g_unlink (file);
        }
      g_rmdir (dir);
    }

  return EXIT_SUCCESS;
}
