/* bench-import.c: importing 100,000 links from CSV, next to sqlite3 .import
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same synthetic file (towns "Benchtown 00001"… with made-up points)
 * is read by the importer (matching both towns of every row against the
 * atlas, preview, one transaction with link, provenance and checks) and
 * by the sqlite3 shell's .import (text into one table without
 * constraints): the floor of what SQLite can do with the file.  The issue
 * asks for no more than twice its time.
 *
 *   meson test -C build --benchmark --suite import --verbose
 *   build/tests/bench/bench-import [LINKS] [TOWNS]
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "ta-importer.h"

#define DEFAULT_LINKS 100000
#define DEFAULT_TOWNS 20000
#define RUNS 3

static const char * const countries[] = { "PL", "DE", "FR", "CZ", "IT", "UA", "SE", "ES" };

static char *tmp_dir;

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

static void
town_point (guint   town,
            double *lat,
            double *lon)
{
  /* A made-up grid over Europe: no two towns share a point. */
  *lat = 36.0 + (town % 200) * 0.12;
  *lon = -9.0 + (town / 200) * 0.4 + (town % 7) * 0.01;
}

/* An atlas with @n_towns synthetic towns, closed. */
static char *
make_atlas (guint n_towns)
{
  g_autofree char *path = g_build_filename (tmp_dir, "base.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (path, TA_DB_OPEN_CREATE, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  ta_db_exec (db, "BEGIN;"
                  "INSERT INTO source (id, title, licence, attribution) VALUES ('bench', 'Synthetic benchmark data', 'none', 'none');"
                  "INSERT INTO country (code, name_en, source_id) VALUES ('PL', 'Poland', 'bench'), ('DE', 'Germany', 'bench'),"
                  "  ('FR', 'France', 'bench'), ('CZ', 'Czechia', 'bench'), ('IT', 'Italy', 'bench'), ('UA', 'Ukraine', 'bench'),"
                  "  ('SE', 'Sweden', 'bench'), ('ES', 'Spain', 'bench');", &error);
  g_assert_no_error (error);
  stmt = ta_db_prepare (db, "INSERT INTO town (id, name, country_code, lat, lon, source_id) VALUES (?, ?, ?, ?, ?, 'bench')",
                        &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n_towns; i++)
    {
      g_autofree char *name = g_strdup_printf ("Benchtown %05u", i);
      double lat, lon;

      town_point (i, &lat, &lon);
      sqlite3_bind_int (stmt, 1, (int) i);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, countries[i % G_N_ELEMENTS (countries)], -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 4, lat);
      sqlite3_bind_double (stmt, 5, lon);
      g_assert_true (ta_db_step_done (db, stmt, &error));
    }
  ta_db_exec (db, "COMMIT", &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* @n_links distinct pairs of the @n_towns towns, also kept in @pairs. */
static char *
make_links_file (guint   n_links,
                 guint   n_towns,
                 GArray *pairs_out)
{
  g_autofree char *path = g_build_filename (tmp_dir, "links.csv", NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260307);
  FILE *file = fopen (path, "w");
  guint written = 0;

  g_assert_nonnull (file);
  fputs ("town_a,country_a,lat_a,lon_a,town_b,country_b,lat_b,lon_b,kind,start_year\n", file);
  while (written < n_links)
    {
      guint a = (guint) g_rand_int_range (rand, 1, (gint32) n_towns + 1);
      guint b = (guint) g_rand_int_range (rand, 1, (gint32) n_towns + 1);
      gint64 *key;
      double lat_a, lon_a, lat_b, lon_b;
      char buffers[4][G_ASCII_DTOSTR_BUF_SIZE];

      if (a == b)
        continue;
      key = g_new (gint64, 1);
      *key = (gint64) MIN (a, b) << 32 | MAX (a, b);
      if (!g_hash_table_add (pairs, key))
        continue;

      g_array_append_val (pairs_out, *key);
      town_point (a, &lat_a, &lon_a);
      town_point (b, &lat_b, &lon_b);
      fprintf (file, "Benchtown %05u,%s,%s,%s,Benchtown %05u,%s,%s,%s,twinning,%u\n",
               a, countries[a % G_N_ELEMENTS (countries)],
               g_ascii_dtostr (buffers[0], sizeof buffers[0], lat_a), g_ascii_dtostr (buffers[1], sizeof buffers[1], lon_a),
               b, countries[b % G_N_ELEMENTS (countries)],
               g_ascii_dtostr (buffers[2], sizeof buffers[2], lat_b), g_ascii_dtostr (buffers[3], sizeof buffers[3], lon_b),
               1950 + (a + b) % 70);
      written++;
    }
  g_assert_cmpint (fclose (file), ==, 0);

  return g_steal_pointer (&path);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Twin Atlas: open, read and match (the preview), commit. */
static double
time_importer (const char *atlas,
               const char *links,
               guint       n_links,
               double     *preview_seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(TaImporter) importer = NULL;
  TaImportCounts counts;
  gint64 start = g_get_monotonic_time ();

  db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  importer = ta_importer_new (db);
  g_assert_true (ta_importer_add_file (importer, links, TA_IMPORT_FORMAT_CSV, TA_IMPORT_RECORD_LINKS, NULL, &error));
  g_assert_no_error (error);
  ta_import_plan_get_counts (ta_importer_get_plan (importer), &counts);
  *preview_seconds = seconds_since (start);
  g_assert_cmpuint (counts.links_added, ==, n_links);
  g_assert_cmpuint (counts.rows_rejected, ==, 0);
  g_assert_true (ta_import_plan_commit (ta_importer_get_plan (importer), &error));
  g_assert_no_error (error);
  g_clear_object (&importer);
  g_clear_object (&db);

  return seconds_since (start);
}

/* What the atlas' schema costs by itself: the same links and their
 * link_source rows written with prepared INSERTs, nothing matched or
 * checked, in one transaction. */
static double
time_schema_floor (const char *atlas,
                   GArray     *pairs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  g_autoptr(sqlite3_stmt) link_source = NULL;
  gint64 start = g_get_monotonic_time ();

  db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);
  g_assert_no_error (error);
  link = ta_db_prepare (db, "INSERT INTO link (town_a, town_b, kind, start_year, source_id) VALUES (?, ?, 'twinning', ?, 'bench')", &error);
  link_source = ta_db_prepare (db, "INSERT INTO link_source (link_id, source_id) VALUES (?, 'bench')", &error);
  g_assert_no_error (error);
  g_assert_true (ta_db_begin (db, &error));
  for (guint i = 0; i < pairs->len; i++)
    {
      gint64 pair = g_array_index (pairs, gint64, i);
      gint64 a = pair >> 32, b = pair & G_MAXUINT32;

      sqlite3_bind_int64 (link, 1, a);
      sqlite3_bind_int64 (link, 2, b);
      sqlite3_bind_int (link, 3, 1950 + (int) ((a + b) % 70));
      g_assert_true (ta_db_step_done (db, link, &error));
      sqlite3_bind_int64 (link_source, 1, sqlite3_last_insert_rowid (ta_db_get_handle (db)));
      g_assert_true (ta_db_step_done (db, link_source, &error));
    }
  g_assert_true (ta_db_commit (db, &error));
  g_assert_no_error (error);
  g_clear_pointer (&link, sqlite3_finalize);
  g_clear_pointer (&link_source, sqlite3_finalize);
  g_clear_object (&db);

  return seconds_since (start);
}

static void
drop_filter_trigger (const char *atlas)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TaDb) db = ta_db_open (atlas, TA_DB_OPEN_READ_WRITE, &error);

  g_assert_no_error (error);
  ta_db_exec (db, "DROP TRIGGER IF EXISTS link_filter_insert", &error);
  g_assert_no_error (error);
}

/* The sqlite3 shell: a new database, .import into a new table. */
static double
time_sqlite3 (const char *links,
              guint       n_links)
{
  g_autofree char *raw = g_build_filename (tmp_dir, "raw.db", NULL);
  g_autofree char *import = g_strdup_printf (".import '%s' link_raw", links);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *count = NULL;
  gint64 start;

  g_unlink (raw);
  start = g_get_monotonic_time ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "sqlite3", raw, "-cmd", ".mode csv", import, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  {
    double elapsed = seconds_since (start);
    g_autoptr(GSubprocess) check = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                     "sqlite3", raw, "SELECT count(*) FROM link_raw", NULL);

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (check, NULL, NULL, &out, NULL, &error);
    g_assert_no_error (error);
    count = g_strdup_printf ("%u\n", n_links);
    g_assert_cmpstr (out, ==, count);
    return elapsed;
  }
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (tmp_dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  guint n_links = argc > 1 ? (guint) atoi (argv[1]) : DEFAULT_LINKS;
  guint n_towns = argc > 2 ? (guint) atoi (argv[2]) : DEFAULT_TOWNS;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *links = NULL;
  g_autofree char *work = NULL;
  g_autofree char *sqlite3 = g_find_program_in_path ("sqlite3");
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  double ours[RUNS], ours_empty[RUNS], preview[RUNS], preview_empty[RUNS], theirs[RUNS], floor_[RUNS];
  double untriggered[RUNS], preview_untriggered[RUNS];
  double ratio;

  setlocale (LC_ALL, "C.UTF-8");
  if (sqlite3 == NULL)
    {
      g_printerr ("bench-import: the sqlite3 shell is not installed (apt-get install sqlite3)\n");
      return 77;
    }
  if (n_links == 0 || n_towns < 2 || (guint64) n_links > (guint64) n_towns * (n_towns - 1) / 4)
    {
      g_printerr ("bench-import: need more towns for %u distinct links\n", n_links);
      return 2;
    }

  tmp_dir = g_dir_make_tmp ("ta-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  base = make_atlas (n_towns);
  links = make_links_file (n_links, n_towns, pairs);
  work = g_build_filename (tmp_dir, "work.db", NULL);
  empty = g_build_filename (tmp_dir, "empty.db", NULL);
  {
    g_autoptr(TaDb) db = ta_db_open (empty, TA_DB_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }

  g_print ("Import of %u synthetic links (CSV, %u towns), median of %u runs\n", n_links, n_towns, RUNS);
  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *wal = g_strconcat (work, "-wal", NULL);

      copy_file (base, work);
      ours[run] = time_importer (work, links, n_links, &preview[run]);
      copy_file (empty, work);
      ours_empty[run] = time_importer (work, links, n_links, &preview_empty[run]);
      theirs[run] = time_sqlite3 (links, n_links);
      copy_file (base, work);
      floor_[run] = time_schema_floor (work, pairs);
      /* For comparison only, on a scratch copy: the same import without the
       * trigger that fills link.distance_km and the countries per row. */
      copy_file (base, work);
      drop_filter_trigger (work);
      untriggered[run] = time_importer (work, links, n_links, &preview_untriggered[run]);
      g_unlink (wal);
    }

  ratio = median (ours) / median (theirs);
  g_print ("  sqlite3 .import (one plain table):            %7.3f s\n", median (theirs));
  g_print ("  twin-atlas import, towns in the atlas:        %7.3f s  (preview %.3f s)  %.2f× sqlite3\n",
           median (ours), median (preview), ratio);
  g_print ("  twin-atlas import, empty atlas (towns made):  %7.3f s  (preview %.3f s)  %.2f× sqlite3\n",
           median (ours_empty), median (preview_empty), median (ours_empty) / median (theirs));
  g_print ("  the atlas schema alone (prepared INSERTs of the same links, no matching): %.3f s  %.2f× sqlite3\n",
           median (floor_), median (floor_) / median (theirs));
  g_print ("  twin-atlas import without the link_filter_insert trigger (scratch copy): %.3f s  %.2f× sqlite3\n",
           median (untriggered), median (untriggered) / median (theirs));
  g_print ("  target ≤ 2.00×: %s\n", ratio <= 2.0 ? "met" : "NOT met");

  remove_tmp_dir ();
  return 0;
}
