/* ta-db-schema.c: the atlas schema and its forward migrations
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entry of `migrations` takes a database from version i to i + 1.  They
 * run in one transaction, so an interrupted migration leaves the file as it
 * was.  Never edit a released step: append a new one and bump
 * TA_DB_SCHEMA_VERSION.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ta-db.h"

/* Version 0 → 1: the whole first schema.
 *
 * Every table has a source_id: the source that created the row.  Towns and
 * links may be attested by several sources; town_source and link_source keep
 * all of them with the label each source used.  Folded names for search live
 * in town_fts, kept in step by triggers that call ta_fold(), a function every
 * TaDb connection registers.
 */
static const char migration_1[] =
  "CREATE TABLE source ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  title       TEXT NOT NULL,"
  "  licence     TEXT NOT NULL,"
  "  attribution TEXT NOT NULL,"
  "  url         TEXT,"
  "  retrieved   TEXT,"
  "  note        TEXT"
  ") STRICT;"

  "CREATE TABLE country ("
  "  code        TEXT PRIMARY KEY NOT NULL CHECK (length (code) = 2 AND code = upper (code)),"
  "  name_en     TEXT NOT NULL,"
  "  name_pl     TEXT,"
  "  name_de     TEXT,"
  "  name_native TEXT,"
  "  source_id   TEXT NOT NULL REFERENCES source (id)"
  ") STRICT;"

  "CREATE TABLE region ("
  "  id           INTEGER PRIMARY KEY,"
  "  country_code TEXT NOT NULL REFERENCES country (code),"
  "  name         TEXT NOT NULL,"
  "  name_native  TEXT,"
  "  iso_code     TEXT UNIQUE,"
  "  source_id    TEXT NOT NULL REFERENCES source (id),"
  "  UNIQUE (country_code, name)"
  ") STRICT;"

  "CREATE TABLE town ("
  "  id           INTEGER PRIMARY KEY,"
  "  name         TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  name_native  TEXT,"
  "  country_code TEXT REFERENCES country (code),"
  "  region_id    INTEGER REFERENCES region (id) ON DELETE SET NULL,"
  "  lat          REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),"
  "  lon          REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),"
  "  population   INTEGER CHECK (population >= 0),"
  "  wikidata     TEXT UNIQUE CHECK (wikidata GLOB 'Q[1-9]*'),"
  "  geonames_id  INTEGER UNIQUE CHECK (geonames_id > 0),"
  "  source_id    TEXT NOT NULL REFERENCES source (id)"
  ") STRICT;"
  "CREATE INDEX town_country ON town (country_code);"
  "CREATE INDEX town_region ON town (region_id);"

  /* Alternative names: exonyms, native spellings, labels of other sources. */
  "CREATE TABLE town_name ("
  "  town_id   INTEGER NOT NULL REFERENCES town (id) ON DELETE CASCADE,"
  "  name      TEXT NOT NULL,"
  "  lang      TEXT,"
  "  kind      TEXT NOT NULL DEFAULT 'alternative'"
  "            CHECK (kind IN ('alternative', 'exonym', 'official', 'former')),"
  "  source_id TEXT NOT NULL REFERENCES source (id),"
  "  PRIMARY KEY (town_id, name)"
  ") STRICT, WITHOUT ROWID;"

  /* Every source that attests a town, with what that source said of it. */
  "CREATE TABLE town_source ("
  "  town_id        INTEGER NOT NULL REFERENCES town (id) ON DELETE CASCADE,"
  "  source_id      TEXT NOT NULL REFERENCES source (id),"
  "  label          TEXT NOT NULL,"
  "  stated_country TEXT,"
  "  lat            REAL,"
  "  lon            REAL,"
  "  PRIMARY KEY (town_id, source_id, label)"
  ") STRICT, WITHOUT ROWID;"

  /* One row per pair of towns, whatever the direction: town_a < town_b. */
  "CREATE TABLE link ("
  "  id         INTEGER PRIMARY KEY,"
  "  town_a     INTEGER NOT NULL REFERENCES town (id) ON DELETE CASCADE,"
  "  town_b     INTEGER NOT NULL REFERENCES town (id) ON DELETE CASCADE,"
  "  kind       TEXT NOT NULL DEFAULT 'twinning'"
  "             CHECK (kind IN ('twinning', 'partnership', 'friendship', 'cooperation', 'other')),"
  "  status     TEXT NOT NULL DEFAULT 'active'"
  "             CHECK (status IN ('active', 'suspended', 'ended')),"
  "  start_year INTEGER CHECK (start_year BETWEEN 800 AND 2200),"
  "  end_year   INTEGER CHECK (end_year BETWEEN 800 AND 2200),"
  "  note       TEXT,"
  "  source_id  TEXT NOT NULL REFERENCES source (id),"
  "  CHECK (town_a < town_b),"
  "  CHECK (end_year IS NULL OR start_year IS NULL OR end_year >= start_year),"
  "  UNIQUE (town_a, town_b)"
  ") STRICT;"
  "CREATE INDEX link_town_b ON link (town_b);"

  "CREATE TABLE link_source ("
  "  link_id   INTEGER NOT NULL REFERENCES link (id) ON DELETE CASCADE,"
  "  source_id TEXT NOT NULL REFERENCES source (id),"
  "  PRIMARY KEY (link_id, source_id)"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TABLE programme ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  funder     TEXT NOT NULL,"
  "  kind       TEXT NOT NULL"
  "             CHECK (kind IN ('eu', 'bilateral', 'national', 'regional', 'local', 'other')),"
  "  start_year INTEGER CHECK (start_year BETWEEN 1900 AND 2200),"
  "  end_year   INTEGER CHECK (end_year BETWEEN 1900 AND 2200),"
  "  url        TEXT,"
  "  note       TEXT,"
  "  source_id  TEXT NOT NULL REFERENCES source (id),"
  "  CHECK (end_year IS NULL OR start_year IS NULL OR end_year >= start_year)"
  ") STRICT;"

  /* An exchange belongs to a link, or to one town when no partner is known. */
  "CREATE TABLE exchange ("
  "  id           INTEGER PRIMARY KEY,"
  "  link_id      INTEGER REFERENCES link (id) ON DELETE CASCADE,"
  "  town_id      INTEGER REFERENCES town (id) ON DELETE CASCADE,"
  "  year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),"
  "  date         TEXT CHECK (date IS NULL OR date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
  "  kind         TEXT NOT NULL"
  "               CHECK (kind IN ('youth', 'school', 'civil-servants', 'culture', 'sport', 'business', 'other')),"
  "  participants INTEGER CHECK (participants >= 0),"
  "  programme_id INTEGER REFERENCES programme (id) ON DELETE SET NULL,"
  "  description  TEXT,"
  "  source_id    TEXT NOT NULL REFERENCES source (id),"
  "  CHECK (link_id IS NOT NULL OR town_id IS NOT NULL)"
  ") STRICT;"
  "CREATE INDEX exchange_link ON exchange (link_id);"
  "CREATE INDEX exchange_town ON exchange (town_id);"

  /* Money in minor units (cents) so sums are exact; never mixed across currencies. */
  "CREATE TABLE funding ("
  "  id           INTEGER PRIMARY KEY,"
  "  link_id      INTEGER REFERENCES link (id) ON DELETE CASCADE,"
  "  town_id      INTEGER REFERENCES town (id) ON DELETE CASCADE,"
  "  exchange_id  INTEGER REFERENCES exchange (id) ON DELETE SET NULL,"
  "  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),"
  "  currency     TEXT NOT NULL CHECK (length (currency) = 3 AND currency = upper (currency)),"
  "  year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),"
  "  programme_id INTEGER REFERENCES programme (id) ON DELETE SET NULL,"
  "  funder       TEXT,"
  "  purpose      TEXT,"
  "  source_id    TEXT NOT NULL REFERENCES source (id),"
  "  CHECK (link_id IS NOT NULL OR town_id IS NOT NULL),"
  "  CHECK (programme_id IS NOT NULL OR funder IS NOT NULL)"
  ") STRICT;"
  "CREATE INDEX funding_link ON funding (link_id);"
  "CREATE INDEX funding_town ON funding (town_id);"

  /* Dates as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  "CREATE TABLE link_event ("
  "  id        INTEGER PRIMARY KEY,"
  "  link_id   INTEGER NOT NULL REFERENCES link (id) ON DELETE CASCADE,"
  "  kind      TEXT NOT NULL"
  "            CHECK (kind IN ('signed', 'renewed', 'suspended', 'resumed', 'ended', 'other')),"
  "  date      TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]'"
  "                              OR date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'"
  "                              OR date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
  "  note      TEXT,"
  "  source_id TEXT NOT NULL REFERENCES source (id)"
  ") STRICT;"
  "CREATE INDEX link_event_link ON link_event (link_id);"

  /* What the dataset builder (or an import) decided and why: merged towns,
   * countries corrected from coordinates, rows dropped. */
  "CREATE TABLE data_note ("
  "  id        INTEGER PRIMARY KEY,"
  "  kind      TEXT NOT NULL,"
  "  source_id TEXT REFERENCES source (id),"
  "  subject   TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  detail    TEXT"
  ") STRICT;"
  "CREATE INDEX data_note_kind ON data_note (kind);"

  /* Search: one document per town with all its names folded (see ta-fold.c). */
  "CREATE VIRTUAL TABLE town_fts USING fts5 ("
  "  names, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
  ");"
  "CREATE TRIGGER town_fts_insert AFTER INSERT ON town BEGIN"
  "  INSERT INTO town_fts (rowid, names)"
  "    VALUES (new.id, ta_fold (new.name || ' ' || coalesce (new.name_native, '')));"
  "END;"
  "CREATE TRIGGER town_fts_update AFTER UPDATE OF name, name_native ON town BEGIN"
  "  UPDATE town_fts SET names = ta_fold (new.name || ' ' || coalesce (new.name_native, '') || ' ' ||"
  "    coalesce ((SELECT group_concat (name, ' ') FROM town_name WHERE town_id = new.id), ''))"
  "    WHERE rowid = new.id;"
  "END;"
  "CREATE TRIGGER town_fts_delete AFTER DELETE ON town BEGIN"
  "  DELETE FROM town_fts WHERE rowid = old.id;"
  "END;"
  "CREATE TRIGGER town_name_fts_insert AFTER INSERT ON town_name BEGIN"
  "  UPDATE town_fts SET names = names || ' ' || ta_fold (new.name) WHERE rowid = new.town_id;"
  "END;"
  "CREATE TRIGGER town_name_fts_delete AFTER DELETE ON town_name BEGIN"
  "  UPDATE town_fts SET names = (SELECT ta_fold (t.name || ' ' || coalesce (t.name_native, '') || ' ' ||"
  "    coalesce ((SELECT group_concat (n.name, ' ') FROM town_name n WHERE n.town_id = t.id), ''))"
  "    FROM town t WHERE t.id = old.town_id) WHERE rowid = old.town_id;"
  "END;";

/* Version 1 → 2: what the link filter (ta-filter.c) needs to stay fast.
 *
 * A filter scans the link table once, so link carries what it asks of the
 * towns: distance_km, the great-circle distance between them ("under N
 * km", "over N km"), and country_a / country_b, the countries of town_a
 * and town_b (countries, cross-border).  Triggers keep them right when a
 * link is inserted (also by writers that name their columns and know
 * nothing of them), when its towns change and when a town moves or changes
 * country; `twin-atlas-cli check` reports values that went stale anyway.
 * The distance is ta_geo_distance_km()'s haversine written with SQLite's
 * built-in math functions (in every default build since 3.35), so other
 * tools can still write links.  The two link_filter indexes hold every
 * column a filter compares, led by a country: a country criterion reads
 * only its part of one (touching: of both), and the other criteria are
 * checked in the index without visiting the table.  The other indexes serve
 * the programme criteria. */
#define MIGRATION_2_DISTANCE_KM(a, b)                                                        \
  "2 * 6371.0088 * asin (sqrt (min (1.0,"                                                    \
  " sin (radians (" b ".lat - " a ".lat) / 2) * sin (radians (" b ".lat - " a ".lat) / 2)"   \
  " + cos (radians (" a ".lat)) * cos (radians (" b ".lat))"                                 \
  " * sin (radians (" b ".lon - " a ".lon) / 2) * sin (radians (" b ".lon - " a ".lon) / 2))))"

/* Sets the three columns of the links that @where picks; "link" is the row. */
#define MIGRATION_2_UPDATE_LINKS(where)                                                      \
  "UPDATE link SET"                                                                          \
  " distance_km = (SELECT " MIGRATION_2_DISTANCE_KM ("a", "b") " FROM town a, town b"        \
  "   WHERE a.id = link.town_a AND b.id = link.town_b),"                                     \
  " country_a = (SELECT country_code FROM town WHERE id = link.town_a),"                     \
  " country_b = (SELECT country_code FROM town WHERE id = link.town_b)"                      \
  " WHERE " where ";"

static const char migration_2[] =
  "ALTER TABLE link ADD COLUMN distance_km REAL CHECK (distance_km >= 0);"
  "ALTER TABLE link ADD COLUMN country_a TEXT;"
  "ALTER TABLE link ADD COLUMN country_b TEXT;"
  MIGRATION_2_UPDATE_LINKS ("1")
  "CREATE TRIGGER link_filter_insert AFTER INSERT ON link BEGIN "
  MIGRATION_2_UPDATE_LINKS ("id = new.id")
  "END;"
  "CREATE TRIGGER link_filter_update AFTER UPDATE OF town_a, town_b ON link BEGIN "
  MIGRATION_2_UPDATE_LINKS ("id = new.id")
  "END;"
  "CREATE TRIGGER town_filter_update AFTER UPDATE OF lat, lon, country_code ON town BEGIN "
  MIGRATION_2_UPDATE_LINKS ("town_a = new.id OR town_b = new.id")
  "END;"
  "CREATE INDEX link_filter_a ON link (country_a, country_b, kind, status, start_year, end_year, distance_km);"
  "CREATE INDEX link_filter_b ON link (country_b, country_a, kind, status, start_year, end_year, distance_km);"
  "CREATE INDEX exchange_programme ON exchange (programme_id);"
  "CREATE INDEX funding_programme ON funding (programme_id);";

#undef MIGRATION_2_UPDATE_LINKS
#undef MIGRATION_2_DISTANCE_KM

static const char * const migrations[] = {
  migration_1,
  migration_2,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == TA_DB_SCHEMA_VERSION);

static gboolean
set_user_version (TaDb    *self,
                  int      version,
                  GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return ta_db_exec (self, sql, error);
}

/**
 * ta_db_migrate:
 * @self: an open, writable database
 * @target_version: the version to reach, at most %TA_DB_SCHEMA_VERSION
 *
 * Runs the forward migrations from the file's version up to @target_version
 * in one transaction.  Tests use a @target_version below the current one to
 * make databases of earlier versions.
 */
gboolean
ta_db_migrate (TaDb    *self,
               int      target_version,
               GError **error)
{
  int version;

  g_return_val_if_fail (TA_IS_DB (self), FALSE);
  g_return_val_if_fail (target_version >= 0 && target_version <= TA_DB_SCHEMA_VERSION, FALSE);

  version = ta_db_get_schema_version (self);
  if (version > target_version)
    {
      g_set_error (error, TA_DB_ERROR, TA_DB_ERROR_TOO_NEW,
                   _("“%s” uses schema version %d, newer than %d"),
                   ta_db_get_path (self), version, target_version);
      return FALSE;
    }
  if (version == target_version)
    return TRUE;

  if (!ta_db_begin (self, error))
    return FALSE;

  for (int v = version; v < target_version; v++)
    {
      if (!ta_db_exec (self, migrations[v], error) ||
          !set_user_version (self, v + 1, error))
        {
          ta_db_rollback (self);
          g_prefix_error (error, _("Could not update “%s” to schema version %d: "),
                          ta_db_get_path (self), v + 1);
          return FALSE;
        }
    }

  if (version == 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", TA_DB_APPLICATION_ID);

      if (!ta_db_exec (self, sql, error))
        {
          ta_db_rollback (self);
          return FALSE;
        }
    }

  return ta_db_commit (self, error);
}
