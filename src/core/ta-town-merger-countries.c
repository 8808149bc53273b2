/* ta-town-merger-countries.c: which country a place of a source is in
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps 1 and 3 of the merge (see ta-town-merger.c): the rules that settle
 * a place's country from what its source states and where its point lies,
 * and what becomes of a geocoded place far from its stated country.
 */

#include "config.h"

#include <string.h>

#include "ta-town-merger-private.h"

/* ISO 3166-1 codes of dependent territories and the state they belong to:
 * sources state the sovereign ("France") where the map draws the territory
 * (New Caledonia). */
static const struct
{
  const char *territory;
  const char *state;
} territories[] = {
  { "AX", "FI" },
  { "FO", "DK" }, { "GL", "DK" },
  { "BL", "FR" }, { "GF", "FR" }, { "GP", "FR" }, { "MF", "FR" }, { "MQ", "FR" },
  { "NC", "FR" }, { "PF", "FR" }, { "PM", "FR" }, { "RE", "FR" }, { "TF", "FR" },
  { "WF", "FR" }, { "YT", "FR" },
  { "AS", "US" }, { "GU", "US" }, { "MP", "US" }, { "PR", "US" }, { "UM", "US" },
  { "VI", "US" },
  { "AW", "NL" }, { "BQ", "NL" }, { "CW", "NL" }, { "SX", "NL" },
  { "AI", "GB" }, { "BM", "GB" }, { "FK", "GB" }, { "GG", "GB" }, { "GI", "GB" },
  { "GS", "GB" }, { "IM", "GB" }, { "IO", "GB" }, { "JE", "GB" }, { "KY", "GB" },
  { "MS", "GB" }, { "PN", "GB" }, { "SH", "GB" }, { "TC", "GB" }, { "VG", "GB" },
  { "BV", "NO" }, { "SJ", "NO" },
  { "CC", "AU" }, { "CX", "AU" }, { "HM", "AU" }, { "NF", "AU" },
  { "CK", "NZ" }, { "NU", "NZ" }, { "TK", "NZ" },
  { "HK", "CN" }, { "MO", "CN" },
};

static gboolean
is_territory_of (const char *territory,
                 const char *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (territories); i++)
    if (strcmp (territories[i].territory, territory) == 0)
      return strcmp (territories[i].state, state) == 0;

  return FALSE;
}

/* Areas the sources assign to either of two countries (the Wikidata rows
 * alone state Yalta as Russia and as Ukraine).  One place must be one town,
 * so inside them the country the map draws (Natural Earth's de facto
 * borders) decides whatever the source states, and where the map draws no
 * ISO country the internationally recognised one does.  Bounding boxes in
 * degrees: south, west, north, east. */
static const struct
{
  const char *name;
  double south, west, north, east;
  const char *claimants[2];
  const char *unmapped;       /* the country where the map has none, or NULL */
} disputed_areas[] = {
  { "Crimea", 44.3, 32.4, 46.3, 36.7, { "UA", "RU" }, NULL },
  { "Western Sahara", 20.7, -17.2, 27.7, -8.6, { "EH", "MA" }, NULL },
  { "Kosovo", 41.85, 20.0, 43.3, 21.8, { "XK", "RS" }, NULL },
  { "Northern Cyprus", 35.0, 32.7, 35.75, 34.6, { "CY", NULL }, "CY" },
};

static gboolean
is_claimant (const char * const *claimants,
             const char         *code)
{
  return code != NULL &&
         ((claimants[0] != NULL && strcmp (claimants[0], code) == 0) ||
          (claimants[1] != NULL && strcmp (claimants[1], code) == 0));
}

/* The country of a place in a disputed area, or NULL when it is not in one. */
static const char *
disputed_area_country (const Place  *place,
                       const char  **area)
{
  for (guint i = 0; i < G_N_ELEMENTS (disputed_areas); i++)
    {
      const char *country;

      if (place->lat < disputed_areas[i].south || place->lat > disputed_areas[i].north ||
          place->lon < disputed_areas[i].west || place->lon > disputed_areas[i].east)
        continue;

      country = place->point_code != NULL ? place->point_code : disputed_areas[i].unmapped;
      if (country == NULL || !is_claimant (disputed_areas[i].claimants, country))
        continue;
      if (place->stated_code != NULL && !is_claimant (disputed_areas[i].claimants, place->stated_code))
        continue;

      *area = disputed_areas[i].name;
      return country;
    }

  return NULL;
}

void
ta_town_merger_settle_country (TaTownMerger *self,
                               Place        *place)
{
  g_autofree char *action = NULL;
  const char *area = NULL;
  const char *disputed = disputed_area_country (place, &area);

  if (disputed != NULL)
    {
      place->country = intern (self, disputed);
      if (place->stated_code != NULL && strcmp (place->stated_code, disputed) != 0)
        {
          action = g_strdup_printf ("placed in %s: %s, which the sources assign to either country, "
                                    "takes the country the map draws", disputed, area);
          self->stats.mismatch_disputed++;
        }
    }
  else if (place->stated_code == NULL)
    {
      if (place->stated != NULL && *place->stated != '\0')
        self->stats.stated_unknown++;
      place->country = place->point_code;
    }
  else if (place->point_code != NULL && strcmp (place->stated_code, place->point_code) == 0)
    place->country = place->stated_code;
  else if (place->point_code != NULL && is_territory_of (place->point_code, place->stated_code))
    {
      self->stats.stated_territory++;
      place->country = place->point_code;
    }
  else if (place->stated_distance_km <= TA_TOWN_MERGER_BORDER_KM)
    {
      self->stats.stated_kept_near_border++;
      place->country = place->stated_code;
    }
  else if (place->stated_distance_km == G_MAXDOUBLE)
    {
      /* A territory the map has no outline for (it draws it as part of
       * another country): nothing contradicts the source. */
      self->stats.stated_unmapped++;
      place->country = place->stated_code;
    }
  else if (place->stated_is_constant && place->point_code != NULL)
    {
      place->country = place->point_code;
      action = g_strdup_printf ("placed in %s by its point: the file states one country "
                                "for all its rows", place->point_code);
      self->stats.mismatch_placed_by_point++;
    }
  else if (!self->sources[place->source].points_geocoded)
    {
      place->country = place->stated_code;
      action = g_strdup_printf ("kept in %s at its point: the source states both", place->stated_code);
      self->stats.mismatch_kept_stated++;
    }
  else
    place->contradiction = TRUE;

  /* Noted in step 3, with the place's partners. */
  place->mismatch = intern (self, action);
}

static char *
format_point (double lat,
              double lon)
{
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (lat_text, sizeof lat_text, "%.4f", lat);
  g_ascii_formatd (lon_text, sizeof lon_text, "%.4f", lon);

  return g_strdup_printf ("(%s, %s)", lat_text, lon_text);
}

/* Root clusters by country and base key, after step 2. */
static GHashTable *
index_roots (TaTownMerger *self)
{
  GHashTable *roots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_array_unref);

  for (guint c = 0; c < self->clusters->len; c++)
    {
      Cluster *cluster = get_cluster (self, c);
      g_autofree char *key = NULL;
      GArray *group;

      if (cluster->parent != c)
        continue;

      key = group_key (cluster->country, cluster->base_key);
      group = g_hash_table_lookup (roots, key);
      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (roots, g_steal_pointer (&key), group);
        }
      g_array_append_val (group, c);
    }

  return roots;
}

/* For each place far from its stated country, the places its rows link it
 * with. */
static GHashTable *
index_partners (TaTownMerger *self)
{
  GHashTable *partners = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                (GDestroyNotify) g_array_unref);

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);

      for (guint end = 0; end < 2; end++)
        {
          guint p = end == 0 ? row->place_a : row->place_b;
          guint other = end == 0 ? row->place_b : row->place_a;
          GArray *list;

          if (!g_array_index (self->places, Place, p).contradiction &&
              g_array_index (self->places, Place, p).mismatch == NULL)
            continue;

          list = g_hash_table_lookup (partners, GUINT_TO_POINTER (p + 1));
          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (partners, GUINT_TO_POINTER (p + 1), list);
            }
          g_array_append_val (list, other);
        }
    }

  return partners;
}

/* The town of the stated country the place stands for: the one linked with
 * one of its partners, else the only one of that name. */
static guint
find_in_stated_country (TaTownMerger *self,
                        GHashTable   *roots,
                        Place        *place,
                        GArray       *partners)
{
  g_autofree char *key = group_key (place->stated_code, place->base_key);
  GArray *candidates = g_hash_table_lookup (roots, key);
  guint linked = NONE;
  guint n_linked = 0;

  if (candidates == NULL)
    return NONE;

  for (guint i = 0; i < candidates->len; i++)
    {
      guint root = g_array_index (candidates, guint, i);

      for (guint j = 0; partners != NULL && j < partners->len; j++)
        {
          Place *partner = &g_array_index (self->places, Place, g_array_index (partners, guint, j));

          if (partner->cluster != NONE &&
              ta_town_merger_linked_with_root (self, root, find_root (self, partner->cluster)))
            {
              linked = root;
              n_linked++;
              break;
            }
        }
    }

  if (n_linked == 1)
    return linked;
  if (n_linked == 0 && candidates->len == 1)
    return g_array_index (candidates, guint, 0);

  return NONE;
}

static char *
describe_partners (TaTownMerger *self,
                   GArray       *partners)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; partners != NULL && i < partners->len; i++)
    {
      Place *partner = &g_array_index (self->places, Place, g_array_index (partners, guint, i));

      if (shown == 5)
        {
          g_string_append (text, ", …");
          break;
        }
      if (shown > 0)
        g_string_append (text, ", ");
      g_string_append (text, partner->label);
      shown++;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
note_contradiction (TaTownMerger *self,
                    Place        *place,
                    GArray       *partners,
                    const char   *action)
{
  g_autofree char *point = format_point (place->lat, place->lon);
  g_autofree char *linked = describe_partners (self, partners);
  g_autofree char *detail = NULL;
  g_autofree char *distance = NULL;

  if (place->stated_distance_km == G_MAXDOUBLE)
    distance = g_strdup ("?");
  else
    distance = g_strdup_printf ("%.0f", place->stated_distance_km);

  detail = g_strdup_printf ("%s states “%s” (%s); its point %s lies in %s, %s km from %s.%s%s",
                            source_id (self, place->source), place->stated, place->stated_code,
                            point, place->point_code != NULL ? place->point_code : "no country",
                            distance, place->stated_code,
                            *linked != '\0' ? " Linked with: " : "", linked);
  ta_town_merger_add_note (self, "country-mismatch", place->source, place->label, action, detail);
}

void
ta_town_merger_settle_contradictions (TaTownMerger *self)
{
  g_autoptr(GHashTable) roots = index_roots (self);
  g_autoptr(GHashTable) partners = index_partners (self);

  for (guint p = 0; p < self->places->len; p++)
    {
      Place *place = &g_array_index (self->places, Place, p);
      GArray *linked = g_hash_table_lookup (partners, GUINT_TO_POINTER (p + 1));
      g_autofree char *action = NULL;
      guint target;

      if (place->mismatch != NULL)
        {
          note_contradiction (self, place, linked, place->mismatch);
          continue;
        }
      if (!place->contradiction)
        continue;

      target = find_in_stated_country (self, roots, place, linked);
      if (target != NONE)
        {
          Place *town = &g_array_index (self->places, Place, get_cluster (self, target)->first_place);

          action = g_strdup_printf ("merged into “%s” in %s, whose point it takes",
                                    town->label, place->stated_code);
          place->country = get_cluster (self, target)->country;
          ta_town_merger_join_cluster (self, target, p);
          self->stats.mismatch_merged_stated++;
        }
      else
        {
          action = g_strdup_printf ("dropped its %u row(s) from %s: no town of that name in %s "
                                    "gives it a point",
                                    place->rows, source_id (self, place->source), place->stated_code);
          self->stats.mismatch_dropped++;
          self->stats.mismatch_dropped_rows += place->rows;
        }

      note_contradiction (self, place, linked, action);
    }
}
