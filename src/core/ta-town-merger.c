/* ta-town-merger.c: one town per place, one link per pair, across sources
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The twinning sources name towns by label and point only, in several
 * spellings and with several kinds of qualifier.  The merger decides which
 * of their places are one town, in four steps:
 *
 * 1. Country.  In a disputed area (Crimea, Western Sahara, Kosovo,
 *    Northern Cyprus) the map's country decides, since the sources
 *    themselves disagree.  Elsewhere a place is in the country its source
 *    states when its point lies in that country, in one of its dependent
 *    territories (then the territory's code counts, so that "Nouméa,
 *    France" and "Nouméa, New Caledonia" are one town), within
 *    TA_TOWN_MERGER_BORDER_KM of it (borders and coasts are generalised),
 *    or in no outline the map has.  A source that states no country the
 *    atlas knows leaves the point to decide.  Otherwise the two contradict
 *    each other, and which one is right depends on where each comes from:
 *    - a country stated once for a whole file (the Wikidata 2017 origins;
 *      denmark.tsv holds Swedish towns) says nothing of the place: the point
 *      decides;
 *    - a point the source holds itself (Wikidata's coordinates) against the
 *      country the same source states is an outdated border or an island
 *      too small for the map: the stated country is kept;
 *    - a geocoded point (the Wikipedia lists) far from the stated country is
 *      a geocoding error, settled in step 3.
 *    Every contradiction is written down as a note.
 * 2. Same town.  Places of one country with the same ta_fold_key() within
 *    TA_TOWN_MERGER_SAME_NAME_KM are one town, and within
 *    TA_TOWN_MERGER_SHARED_PARTNER_KM when two sources give one point each
 *    and some town is linked with both; homonyms further apart stay apart.
 *    Then towns whose names differ only by a qualifier ("Gmina X",
 *    "X Municipality", "X, Y County", "X (Y)") and lie within
 *    TA_TOWN_MERGER_QUALIFIED_NAME_KM are one town, unless a source links
 *    the two: a municipality twinned with its own seat is a real pair.
 * 3. Geocoding errors.  A geocoded place far from its stated country joins
 *    the town of the same name in the stated country (the one the place's
 *    partners are linked with, or the only one) and takes its point; else
 *    its rows are dropped, since the atlas has no point for it.
 * 4. Links.  Rows become one link per pair of towns whatever their
 *    direction, with every source that gives it; a row whose two ends are
 *    one town is dropped and noted, and a place left with no link is no
 *    town.
 *
 * Places are visited in the order they were added, so a build is
 * reproducible.  Notes are data stored in the atlas, written in English
 * whatever the locale of the build, like the sources' own labels.
 */

#include "config.h"

#include <math.h>
#include <string.h>


#include "ta-fold.h"
#include "ta-town-merger-private.h"

G_DEFINE_TYPE (TaTownMerger, ta_town_merger, G_TYPE_OBJECT)

static void
town_free (gpointer data)
{
  Town *town = data;

  g_array_unref (town->pub.attestations);
  g_array_unref (town->pub.names);
  g_ptr_array_unref (town->keys);
  g_array_unref (town->partners);
  g_array_unref (town->places);
  g_free (town);
}

static void
note_clear (gpointer data)
{
  TaMergeNote *note = data;

  g_free (note->subject);
  g_free (note->action);
  g_free (note->detail);
}

static void
cluster_clear (gpointer data)
{
  Cluster *cluster = data;

  g_clear_pointer (&cluster->members, g_array_unref);
}

static void
ta_town_merger_finalize (GObject *object)
{
  TaTownMerger *self = (TaTownMerger *)object;

  g_string_chunk_free (self->strings);
  g_array_unref (self->places);
  g_hash_table_unref (self->place_index);
  g_array_unref (self->rows);
  g_array_unref (self->clusters);
  g_hash_table_unref (self->linked_clusters);
  g_hash_table_unref (self->cluster_partners);
  g_ptr_array_unref (self->towns);
  g_array_unref (self->links);
  g_hash_table_unref (self->link_index);
  g_hash_table_unref (self->key_index);
  g_array_unref (self->notes);
  g_hash_table_unref (self->noted);

  G_OBJECT_CLASS (ta_town_merger_parent_class)->finalize (object);
}

static void
ta_town_merger_class_init (TaTownMergerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_town_merger_finalize;
}

static void
ta_town_merger_init (TaTownMerger *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  self->places = g_array_new (FALSE, TRUE, sizeof (Place));
  self->place_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  self->clusters = g_array_new (FALSE, TRUE, sizeof (Cluster));
  g_array_set_clear_func (self->clusters, cluster_clear);
  self->linked_clusters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->cluster_partners = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                  (GDestroyNotify) g_array_unref);
  self->towns = g_ptr_array_new_with_free_func (town_free);
  self->links = g_array_new (FALSE, TRUE, sizeof (TaMergedLink));
  self->link_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->key_index = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                           (GDestroyNotify) g_array_unref);
  self->notes = g_array_new (FALSE, TRUE, sizeof (TaMergeNote));
  g_array_set_clear_func (self->notes, note_clear);
  self->noted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TaTownMerger *
ta_town_merger_new (void)
{
  return g_object_new (TA_TYPE_TOWN_MERGER, NULL);
}

/**
 * ta_town_merger_base_key:
 * @label: a place name as a source gives it
 *
 * Drops what qualifies the name rather than names the town: a ", …" tail
 * ("Sandy, Bedfordshire", "Gmina Dobra, Police County"), a bracketed tail
 * (through ta_fold_key()), "Gmina " and "Municipality of " before it and
 * " Municipality" after it.
 *
 * Returns: (transfer full): the folded base name
 */
char *
ta_town_merger_base_key (const char *label)
{
  static const char * const prefixes[] = { "gmina ", "municipality of " };
  static const char suffix[] = " municipality";
  g_autofree char *head = NULL;
  const char *comma;
  char *key;
  gsize len;

  g_return_val_if_fail (label != NULL, NULL);

  comma = strchr (label, ',');
  head = comma != NULL && comma != label ? g_strndup (label, comma - label) : g_strdup (label);
  key = ta_fold_key (head);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      len = strlen (prefixes[i]);
      if (g_str_has_prefix (key, prefixes[i]) && key[len] != '\0')
        memmove (key, key + len, strlen (key + len) + 1);
    }

  len = strlen (key);
  if (len > strlen (suffix) && g_str_has_suffix (key, suffix))
    key[len - strlen (suffix)] = '\0';

  return key;
}

guint
ta_town_merger_add_source (TaTownMerger *self,
                           const char   *id,
                           const char   *label_lang,
                           gboolean      points_geocoded)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), 0);
  g_return_val_if_fail (id != NULL, 0);
  g_return_val_if_fail (self->n_sources < MAX_SOURCES, 0);

  self->sources[self->n_sources].id = intern (self, id);
  self->sources[self->n_sources].label_lang = intern (self, label_lang);
  self->sources[self->n_sources].points_geocoded = points_geocoded;

  return self->n_sources++;
}

const char *
ta_town_merger_get_source_id (TaTownMerger *self,
                              guint         source)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (source < self->n_sources, NULL);

  return self->sources[source].id;
}

guint
ta_town_merger_get_n_sources (TaTownMerger *self)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), 0);

  return self->n_sources;
}

guint
ta_town_merger_add_place (TaTownMerger  *self,
                          guint          source,
                          const TaPlace *place)
{
  g_autofree char *identity = NULL;
  g_autofree char *full_key = NULL;
  g_autofree char *base_key = NULL;
  g_autofree char *strict_key = NULL;
  g_autofree char *strict_key_folded = NULL;
  Place *stored;
  gpointer found;

  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NONE);
  g_return_val_if_fail (!self->ran, NONE);
  g_return_val_if_fail (source < self->n_sources, NONE);
  g_return_val_if_fail (place != NULL && place->label != NULL, NONE);

  identity = g_strdup_printf ("%u\x1f%s\x1f%s\x1f%.6f\x1f%.6f", source, place->label,
                              place->stated_country != NULL ? place->stated_country : "",
                              place->lat, place->lon);
  found = g_hash_table_lookup (self->place_index, identity);
  if (found != NULL)
    {
      stored = &g_array_index (self->places, Place, GPOINTER_TO_UINT (found) - 1);
      if (place->population > stored->population)
        stored->population = place->population;
      return GPOINTER_TO_UINT (found) - 1;
    }

  full_key = ta_fold_key (place->label);
  base_key = ta_town_merger_base_key (place->label);
  strict_key = g_strdelimit (g_strdup (place->label), "()", ' ');
  strict_key_folded = ta_fold_key (strict_key);

  g_array_set_size (self->places, self->places->len + 1);
  stored = &g_array_index (self->places, Place, self->places->len - 1);
  stored->source = source;
  stored->label = intern (self, place->label);
  stored->stated = intern (self, place->stated_country);
  stored->stated_code = intern (self, place->stated_code);
  stored->point_code = intern (self, place->point_code);
  stored->stated_distance_km = place->stated_distance_km;
  stored->region = place->region;
  stored->region_country = intern (self, place->region_country);
  stored->lat = place->lat;
  stored->lon = place->lon;
  stored->population = place->population;
  stored->stated_is_constant = place->stated_is_constant;
  stored->full_key = intern (self, full_key);
  stored->base_key = intern (self, base_key);
  stored->strict_key = intern (self, strict_key_folded);
  stored->plain = stored->full_key == stored->base_key;
  stored->cluster = NONE;

  g_hash_table_insert (self->place_index, g_steal_pointer (&identity),
                       GUINT_TO_POINTER (self->places->len));
  self->stats.places++;

  return self->places->len - 1;
}

void
ta_town_merger_add_row (TaTownMerger *self,
                        guint         source,
                        guint         place_a,
                        guint         place_b)
{
  Row row = { source, place_a, place_b };

  g_return_if_fail (TA_IS_TOWN_MERGER (self));
  g_return_if_fail (!self->ran);
  g_return_if_fail (place_a < self->places->len && place_b < self->places->len);

  g_array_append_val (self->rows, row);
  g_array_index (self->places, Place, place_a).rows++;
  g_array_index (self->places, Place, place_b).rows++;
  self->stats.rows++;
}

void
ta_town_merger_add_note (TaTownMerger *self,
                         const char   *kind,
                         int           source,
                         const char   *subject,
                         const char   *action,
                         const char   *detail)
{
  TaMergeNote note;

  g_return_if_fail (TA_IS_TOWN_MERGER (self));
  g_return_if_fail (kind != NULL && subject != NULL && action != NULL);

  note.kind = intern (self, kind);
  note.source = source;
  note.subject = g_strdup (subject);
  note.action = g_strdup (action);
  note.detail = g_strdup (detail);
  g_array_append_val (self->notes, note);
}

/* Step 4: towns and links */

static Town *
get_town (TaTownMerger *self,
          guint         id)
{
  return g_ptr_array_index (self->towns, id - 1);
}

/* The place that gives a town its name and point: a plain name over a
 * qualified one, the preferred source, the most rows; never a place whose
 * point contradicts its source. */
static gboolean
better_place (const Place *candidate,
              const Place *best)
{
  if (best == NULL)
    return TRUE;
  if (candidate->contradiction != best->contradiction)
    return !candidate->contradiction;
  if (candidate->plain != best->plain)
    return candidate->plain;
  if (candidate->source != best->source)
    return candidate->source < best->source;
  return candidate->rows > best->rows;
}

static void
add_key (TaTownMerger *self,
         Town         *town,
         const char   *key)
{
  GArray *ids;

  for (guint i = 0; i < town->keys->len; i++)
    if (g_ptr_array_index (town->keys, i) == key)
      return;

  g_ptr_array_add (town->keys, (gpointer) key);
  ids = g_hash_table_lookup (self->key_index, key);
  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->key_index, (gpointer) key, ids);
    }
  g_array_append_val (ids, town->pub.id);
}

static gboolean
town_has_name (Town       *town,
               const char *name)
{
  if (strcmp (town->pub.name, name) == 0)
    return TRUE;

  for (guint i = 0; i < town->pub.names->len; i++)
    if (strcmp (g_array_index (town->pub.names, TaTownName, i).name, name) == 0)
      return TRUE;

  return FALSE;
}

static void
add_name (Town       *town,
          const char *name,
          const char *lang,
          const char *kind,
          guint       source)
{
  TaTownName entry = { name, lang, kind, source };

  if (!town_has_name (town, name))
    g_array_append_val (town->pub.names, entry);
}

static void
add_attestation (Town       *town,
                 const Place *place)
{
  TaTownAttestation entry;

  for (guint i = 0; i < town->pub.attestations->len; i++)
    {
      TaTownAttestation *seen = &g_array_index (town->pub.attestations, TaTownAttestation, i);

      if (seen->source == place->source && seen->label == place->label)
        {
          seen->rows += place->rows;
          return;
        }
    }

  entry.source = place->source;
  entry.label = place->label;
  entry.stated_country = place->stated;
  entry.lat = place->lat;
  entry.lon = place->lon;
  entry.rows = place->rows;
  g_array_append_val (town->pub.attestations, entry);
}

static Town *
new_town (TaTownMerger *self)
{
  Town *town = g_new0 (Town, 1);

  town->pub.id = self->towns->len + 1;
  town->pub.region = -1;
  town->pub.population = -1;
  town->pub.attestations = g_array_new (FALSE, FALSE, sizeof (TaTownAttestation));
  town->pub.names = g_array_new (FALSE, FALSE, sizeof (TaTownName));
  town->keys = g_ptr_array_new ();
  town->partners = g_array_new (FALSE, FALSE, sizeof (guint));
  town->places = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (self->towns, town);

  return town;
}

static void
finish_town (TaTownMerger *self,
             Town         *town)
{
  const Place *best = NULL;

  for (guint i = 0; i < town->places->len; i++)
    {
      const Place *place = &g_array_index (self->places, Place, g_array_index (town->places, guint, i));

      if (better_place (place, best))
        best = place;
      if (place->population > town->pub.population)
        town->pub.population = place->population;
    }

  town->pub.name = best->label;
  town->pub.source = best->source;
  town->pub.lat = best->lat;
  town->pub.lon = best->lon;
  town->pub.country_code = best->country;
  if (best->region >= 0 && best->region_country != NULL && best->country != NULL &&
      strcmp (best->region_country, best->country) == 0)
    town->pub.region = best->region;

  for (guint i = 0; i < town->places->len; i++)
    {
      const Place *place = &g_array_index (self->places, Place, g_array_index (town->places, guint, i));

      add_attestation (town, place);
      if (place->label != town->pub.name)
        add_name (town, place->label, self->sources[place->source].label_lang,
                  "alternative", place->source);
      add_key (self, town, place->full_key);
      add_key (self, town, place->base_key);
    }
}

/* The root clusters some row links with another one: only they become
 * towns.  A place whose every row was dropped (the partner of a geocoding
 * error, the two ends of a self-link) is no twinned town. */
static GHashTable *
find_linked_roots (TaTownMerger *self)
{
  GHashTable *linked = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);
      Place *a = &g_array_index (self->places, Place, row->place_a);
      Place *b = &g_array_index (self->places, Place, row->place_b);
      guint root_a, root_b;

      if (a->cluster == NONE || b->cluster == NONE)
        continue;

      root_a = find_root (self, a->cluster);
      root_b = find_root (self, b->cluster);
      if (root_a == root_b)
        continue;

      g_hash_table_add (linked, GUINT_TO_POINTER (root_a + 1));
      g_hash_table_add (linked, GUINT_TO_POINTER (root_b + 1));
    }

  return linked;
}

static void
make_towns (TaTownMerger *self)
{
  g_autoptr(GHashTable) town_of_root = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) linked = find_linked_roots (self);

  for (guint p = 0; p < self->places->len; p++)
    {
      Place *place = &g_array_index (self->places, Place, p);
      guint root;
      Town *town;

      if (place->cluster == NONE)
        continue;

      root = find_root (self, place->cluster);
      if (!g_hash_table_contains (linked, GUINT_TO_POINTER (root + 1)))
        continue;

      town = g_hash_table_lookup (town_of_root, GUINT_TO_POINTER (root + 1));
      if (town == NULL)
        {
          town = new_town (self);
          g_hash_table_insert (town_of_root, GUINT_TO_POINTER (root + 1), town);
        }
      place->town = town->pub.id;
      g_array_append_val (town->places, p);
    }

  for (guint i = 0; i < self->towns->len; i++)
    finish_town (self, g_ptr_array_index (self->towns, i));

  for (guint c = 0; c < self->clusters->len; c++)
    if (get_cluster (self, c)->parent == c &&
        !g_hash_table_contains (linked, GUINT_TO_POINTER (c + 1)))
      self->stats.places_without_links++;
}

static void
insert_partner (Town  *town,
                guint  partner)
{
  guint at = 0;

  while (at < town->partners->len && g_array_index (town->partners, guint, at) < partner)
    at++;
  if (at < town->partners->len && g_array_index (town->partners, guint, at) == partner)
    return;
  g_array_insert_val (town->partners, at, partner);
}

gboolean
ta_town_merger_add_link_source (TaTownMerger *self,
                                guint         town_a,
                                guint         town_b,
                                guint         source)
{
  gint64 key = ((gint64) MIN (town_a, town_b) << 32) | MAX (town_a, town_b);
  gpointer found;
  TaMergedLink link;

  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), FALSE);
  g_return_val_if_fail (town_a != town_b, FALSE);
  g_return_val_if_fail (town_a >= 1 && town_a <= self->towns->len, FALSE);
  g_return_val_if_fail (town_b >= 1 && town_b <= self->towns->len, FALSE);
  g_return_val_if_fail (source < self->n_sources, FALSE);

  found = g_hash_table_lookup (self->link_index, &key);
  if (found != NULL)
    {
      TaMergedLink *existing = &g_array_index (self->links, TaMergedLink, GPOINTER_TO_UINT (found) - 1);

      existing->sources |= 1u << source;
      if (source < existing->first_source)
        existing->first_source = source;
      return FALSE;
    }

  link.town_a = MIN (town_a, town_b);
  link.town_b = MAX (town_a, town_b);
  link.first_source = source;
  link.sources = 1u << source;
  g_array_append_val (self->links, link);
  g_hash_table_insert (self->link_index, pair_key (town_a, town_b),
                       GUINT_TO_POINTER (self->links->len));

  insert_partner (get_town (self, town_a), town_b);
  insert_partner (get_town (self, town_b), town_a);

  return TRUE;
}

static void
note_self_link (TaTownMerger *self,
                const Row    *row)
{
  Place *a = &g_array_index (self->places, Place, row->place_a);
  Place *b = &g_array_index (self->places, Place, row->place_b);
  guint root = find_root (self, a->cluster);
  g_autofree char *seen = g_strdup_printf ("self\x1f%u\x1f%u", row->source, root);
  g_autofree char *subject = NULL;
  g_autofree char *detail = NULL;

  if (g_hash_table_contains (self->noted, seen))
    return;
  g_hash_table_add (self->noted, g_steal_pointer (&seen));

  subject = g_strdup_printf ("%s — %s", a->label, b->label);
  detail = g_strdup_printf ("Both ends of the %s row are one town in %s",
                            source_id (self, row->source),
                            a->country != NULL ? a->country : "no country");
  ta_town_merger_add_note (self, "dropped", row->source, subject,
                           "dropped: a town cannot be twinned with itself", detail);
}

static void
make_links (TaTownMerger *self)
{
  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);
      Place *a = &g_array_index (self->places, Place, row->place_a);
      Place *b = &g_array_index (self->places, Place, row->place_b);

      /* A place dropped in step 3 took its rows with it. */
      if (a->cluster == NONE || b->cluster == NONE)
        continue;

      if (find_root (self, a->cluster) == find_root (self, b->cluster))
        {
          self->stats.self_links++;
          note_self_link (self, row);
          continue;
        }

      if (!ta_town_merger_add_link_source (self, a->town, b->town, row->source))
        self->stats.duplicate_rows++;
    }
}

/**
 * ta_town_merger_run:
 *
 * Settles countries, merges places into towns and rows into links.
 */
void
ta_town_merger_run (TaTownMerger *self)
{
  g_return_if_fail (TA_IS_TOWN_MERGER (self));
  g_return_if_fail (!self->ran);

  self->ran = TRUE;

  for (guint p = 0; p < self->places->len; p++)
    ta_town_merger_settle_country (self, &g_array_index (self->places, Place, p));

  ta_town_merger_cluster_places (self);
  ta_town_merger_settle_contradictions (self);
  make_towns (self);
  make_links (self);
}

guint
ta_town_merger_get_n_towns (TaTownMerger *self)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), 0);

  return self->towns->len;
}

const TaMergedTown *
ta_town_merger_get_town (TaTownMerger *self,
                         guint         id)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (id >= 1 && id <= self->towns->len, NULL);

  return &get_town (self, id)->pub;
}

guint
ta_town_merger_get_n_links (TaTownMerger *self)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), 0);

  return self->links->len;
}

const TaMergedLink *
ta_town_merger_get_link (TaTownMerger *self,
                         guint         index)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (index < self->links->len, NULL);

  return &g_array_index (self->links, TaMergedLink, index);
}

const TaMergedLink *
ta_town_merger_find_link (TaTownMerger *self,
                          guint         town_a,
                          guint         town_b)
{
  gint64 key = ((gint64) MIN (town_a, town_b) << 32) | MAX (town_a, town_b);
  gpointer found;

  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);

  found = g_hash_table_lookup (self->link_index, &key);
  if (found == NULL)
    return NULL;

  return &g_array_index (self->links, TaMergedLink, GPOINTER_TO_UINT (found) - 1);
}

guint
ta_town_merger_get_n_notes (TaTownMerger *self)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), 0);

  return self->notes->len;
}

const TaMergeNote *
ta_town_merger_get_note (TaTownMerger *self,
                         guint         index)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (index < self->notes->len, NULL);

  return &g_array_index (self->notes, TaMergeNote, index);
}

const TaMergeStats *
ta_town_merger_get_stats (TaTownMerger *self)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);

  return &self->stats;
}

GArray *
ta_town_merger_lookup_key (TaTownMerger *self,
                           const char   *key)
{
  const char *interned;

  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  interned = g_string_chunk_insert_const (self->strings, key);

  return g_hash_table_lookup (self->key_index, interned);
}

gboolean
ta_town_merger_town_has_key (TaTownMerger *self,
                             guint         town,
                             const char   *key)
{
  GPtrArray *keys;

  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), FALSE);
  g_return_val_if_fail (town >= 1 && town <= self->towns->len, FALSE);

  keys = get_town (self, town)->keys;
  for (guint i = 0; i < keys->len; i++)
    if (strcmp (g_ptr_array_index (keys, i), key) == 0)
      return TRUE;

  return FALSE;
}

GArray *
ta_town_merger_get_partners (TaTownMerger *self,
                             guint         town)
{
  g_return_val_if_fail (TA_IS_TOWN_MERGER (self), NULL);
  g_return_val_if_fail (town >= 1 && town <= self->towns->len, NULL);

  return get_town (self, town)->partners;
}

void
ta_town_merger_attach_wikidata (TaTownMerger *self,
                                guint         id,
                                const char   *qid,
                                guint         source,
                                const char   *label,
                                const char   *name_kind)
{
  Town *town;
  TaTownAttestation entry;

  g_return_if_fail (TA_IS_TOWN_MERGER (self));
  g_return_if_fail (id >= 1 && id <= self->towns->len);
  g_return_if_fail (qid != NULL && label != NULL && name_kind != NULL);
  g_return_if_fail (source < self->n_sources);

  town = get_town (self, id);
  g_return_if_fail (town->pub.wikidata == NULL);

  town->pub.wikidata = intern (self, qid);
  entry.source = source;
  entry.label = intern (self, label);
  entry.stated_country = NULL;
  entry.lat = NAN;
  entry.lon = NAN;
  entry.rows = 1;
  g_array_append_val (town->pub.attestations, entry);

  add_name (town, entry.label, self->sources[source].label_lang, intern (self, name_kind), source);
}
