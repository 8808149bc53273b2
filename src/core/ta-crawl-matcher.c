/* ta-crawl-matcher.c: Wikidata ids for merged towns from a P190 crawl
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 2016 crawl knows each town by QID and by its first label among de,
 * en, fr, it and es, so most names are German exonyms ("Breslau",
 * "Stettin") and it has no point or country.  Names alone would pin few
 * towns and mismatch homonyms, so the matcher trusts the network:
 *
 * (a) A crawl pair whose two names fold to names of the two ends of a
 *     merged link (and of no other link) votes for both assignments; a QID
 *     gets the town most of its pairs vote for, when no other town has as
 *     many votes and no other QID claims that town as strongly.
 * (b) Then, repeatedly: a QID with at least two assigned crawl neighbours
 *     gets the town when exactly one town without a QID is a merged partner
 *     of all those neighbours' towns.  Its crawl name becomes a name of
 *     the town ("Stettin" for Szczecin): an exonym, of no language the
 *     crawl records, unless it folds to one of the town's names.
 *
 * Finally the crawl pairs between two assigned towns become links or add
 * the crawl to the links already there.
 */

#include "config.h"

#include <string.h>

#include "ta-crawl-matcher.h"
#include "ta-fold.h"

typedef struct
{
  char *qid;
  char *name;               /* NULL when the crawl has none */
  char *full_key;
  char *base_key;
  GArray *neighbours;       /* guint indices */
  guint town;               /* 0 while unassigned */
} Item;

struct _TaCrawlMatcher
{
  GObject parent_instance;

  GArray *items;            /* Item */
  GHashTable *item_index;   /* qid → index + 1 */
  GArray *edges;            /* guint64: smaller index << 32 | larger */
  GHashTable *edge_set;     /* guint64 → TRUE */
  TaCrawlStats stats;
};

G_DEFINE_TYPE (TaCrawlMatcher, ta_crawl_matcher, G_TYPE_OBJECT)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->qid);
  g_free (item->name);
  g_free (item->full_key);
  g_free (item->base_key);
  g_clear_pointer (&item->neighbours, g_array_unref);
}

static void
ta_crawl_matcher_finalize (GObject *object)
{
  TaCrawlMatcher *self = (TaCrawlMatcher *)object;

  g_array_unref (self->items);
  g_hash_table_unref (self->item_index);
  g_array_unref (self->edges);
  g_hash_table_unref (self->edge_set);

  G_OBJECT_CLASS (ta_crawl_matcher_parent_class)->finalize (object);
}

static void
ta_crawl_matcher_class_init (TaCrawlMatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ta_crawl_matcher_finalize;
}

static void
ta_crawl_matcher_init (TaCrawlMatcher *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  self->item_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->edges = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->edge_set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

TaCrawlMatcher *
ta_crawl_matcher_new (void)
{
  return g_object_new (TA_TYPE_CRAWL_MATCHER, NULL);
}

static Item *
get_item (TaCrawlMatcher *self,
          guint           index)
{
  return &g_array_index (self->items, Item, index);
}

static guint
ensure_item (TaCrawlMatcher *self,
             const char     *qid)
{
  gpointer found = g_hash_table_lookup (self->item_index, qid);
  Item *item;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  g_array_set_size (self->items, self->items->len + 1);
  item = get_item (self, self->items->len - 1);
  item->qid = g_strdup (qid);
  item->neighbours = g_array_new (FALSE, FALSE, sizeof (guint));
  /* The key points into the item's own copy; items are never removed. */
  g_hash_table_insert (self->item_index, item->qid, GUINT_TO_POINTER (self->items->len));
  self->stats.qids++;

  return self->items->len - 1;
}

void
ta_crawl_matcher_add_name (TaCrawlMatcher *self,
                           const char     *qid,
                           const char     *name)
{
  Item *item;

  g_return_if_fail (TA_IS_CRAWL_MATCHER (self));
  g_return_if_fail (qid != NULL && name != NULL);

  item = get_item (self, ensure_item (self, qid));
  if (item->name != NULL)
    return;

  item->name = g_strdup (name);
  item->full_key = ta_fold_key (name);
  item->base_key = ta_town_merger_base_key (name);
}

void
ta_crawl_matcher_add_edge (TaCrawlMatcher *self,
                           const char     *qid_from,
                           const char     *qid_to)
{
  guint a, b;
  guint64 key;

  g_return_if_fail (TA_IS_CRAWL_MATCHER (self));
  g_return_if_fail (qid_from != NULL && qid_to != NULL);

  a = ensure_item (self, qid_from);
  b = ensure_item (self, qid_to);
  if (a == b)
    return;

  key = ((guint64) MIN (a, b) << 32) | MAX (a, b);
  if (g_hash_table_contains (self->edge_set, &key))
    return;

  g_hash_table_add (self->edge_set, g_memdup2 (&key, sizeof key));
  g_array_append_val (self->edges, key);
  g_array_append_val (get_item (self, a)->neighbours, b);
  g_array_append_val (get_item (self, b)->neighbours, a);
  self->stats.edges++;
}

static gboolean
town_has_name_of (TaTownMerger *merger,
                  guint         town,
                  Item         *item)
{
  return ta_town_merger_town_has_key (merger, town, item->full_key) ||
         ta_town_merger_town_has_key (merger, town, item->base_key);
}

/* Towns one of whose names is the item's name. */
static void
collect_named_towns (TaTownMerger *merger,
                     Item         *item,
                     GArray       *towns)
{
  const char *keys[] = { item->full_key, item->base_key };

  g_array_set_size (towns, 0);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      GArray *found = ta_town_merger_lookup_key (merger, keys[k]);

      if (k == 1 && strcmp (keys[0], keys[1]) == 0)
        break;

      for (guint i = 0; found != NULL && i < found->len; i++)
        {
          guint town = g_array_index (found, guint, i);
          gboolean seen = FALSE;

          for (guint j = 0; j < towns->len && !seen; j++)
            seen = g_array_index (towns, guint, j) == town;
          if (!seen)
            g_array_append_val (towns, town);
        }
    }
}

static void
add_vote (GHashTable *votes,
          guint       item,
          guint       town)
{
  guint64 key = ((guint64) item << 32) | town;
  gpointer count = g_hash_table_lookup (votes, &key);

  if (count == NULL)
    g_hash_table_insert (votes, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (1));
  else
    g_hash_table_insert (votes, g_memdup2 (&key, sizeof key),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
}

static void
vote_by_names (TaCrawlMatcher *self,
               TaTownMerger   *merger,
               GHashTable     *votes)
{
  g_autoptr(GArray) towns = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint e = 0; e < self->edges->len; e++)
    {
      guint64 edge = g_array_index (self->edges, guint64, e);
      Item *a = get_item (self, edge >> 32);
      Item *b = get_item (self, edge & G_MAXUINT32);
      guint match_a = 0, match_b = 0, n_matches = 0;

      if (a->name == NULL || b->name == NULL)
        continue;

      collect_named_towns (merger, a, towns);
      for (guint i = 0; i < towns->len && n_matches < 2; i++)
        {
          guint town = g_array_index (towns, guint, i);
          GArray *partners = ta_town_merger_get_partners (merger, town);

          for (guint j = 0; j < partners->len && n_matches < 2; j++)
            {
              guint partner = g_array_index (partners, guint, j);

              if (town_has_name_of (merger, partner, b))
                {
                  match_a = town;
                  match_b = partner;
                  n_matches++;
                }
            }
        }

      /* Two links fit the names: homonyms, no evidence either way. */
      if (n_matches != 1)
        continue;

      add_vote (votes, edge >> 32, match_a);
      add_vote (votes, edge & G_MAXUINT32, match_b);
    }
}

typedef struct
{
  guint item;
  guint town;
  guint votes;
  guint runner_up;          /* votes of the item's next best town */
} Vote;

/* Accepts for each QID its best town when it beats every other town, and
 * for each town the QID that claims it most strongly when no other QID
 * claims it as strongly. */
static void
assign_by_votes (TaCrawlMatcher *self,
                 TaTownMerger   *merger,
                 guint           source,
                 GHashTable     *votes)
{
  g_autoptr(GHashTable) best_of_item = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                              NULL, g_free);
  g_autoptr(GHashTable) best_of_town = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) contested = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, votes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 pair = *(guint64 *) key;
      guint item = pair >> 32;
      guint town = pair & G_MAXUINT32;
      guint count = GPOINTER_TO_UINT (value);
      Vote *vote = g_hash_table_lookup (best_of_item, GUINT_TO_POINTER (item + 1));

      if (vote == NULL)
        {
          vote = g_new0 (Vote, 1);
          vote->item = item;
          vote->town = town;
          vote->votes = count;
          g_hash_table_insert (best_of_item, GUINT_TO_POINTER (item + 1), vote);
        }
      else if (count > vote->votes)
        {
          vote->runner_up = vote->votes;
          vote->town = town;
          vote->votes = count;
        }
      else
        vote->runner_up = MAX (vote->runner_up, count);
    }

  g_hash_table_iter_init (&iter, best_of_item);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Vote *vote = value;
      Vote *rival;

      if (vote->votes == vote->runner_up)
        continue;

      rival = g_hash_table_lookup (best_of_town, GUINT_TO_POINTER (vote->town));
      if (rival == NULL || vote->votes > rival->votes)
        {
          g_hash_table_insert (best_of_town, GUINT_TO_POINTER (vote->town), vote);
          g_hash_table_remove (contested, GUINT_TO_POINTER (vote->town));
        }
      else if (vote->votes == rival->votes)
        g_hash_table_add (contested, GUINT_TO_POINTER (vote->town));
    }

  /* Attach in QID order so that a build is reproducible. */
  for (guint i = 0; i < self->items->len; i++)
    {
      Vote *vote = g_hash_table_lookup (best_of_item, GUINT_TO_POINTER (i + 1));
      Item *item = get_item (self, i);

      if (vote == NULL ||
          g_hash_table_lookup (best_of_town, GUINT_TO_POINTER (vote->town)) != vote ||
          g_hash_table_contains (contested, GUINT_TO_POINTER (vote->town)))
        continue;

      item->town = vote->town;
      ta_town_merger_attach_wikidata (merger, vote->town, item->qid, source,
                                      item->name, "alternative");
      self->stats.by_name++;
    }
}

/* Keeps in @common only the towns also in the sorted @partners. */
static void
intersect (GArray *common,
           GArray *partners)
{
  guint kept = 0;
  guint j = 0;

  for (guint i = 0; i < common->len; i++)
    {
      guint town = g_array_index (common, guint, i);

      while (j < partners->len && g_array_index (partners, guint, j) < town)
        j++;
      if (j < partners->len && g_array_index (partners, guint, j) == town)
        g_array_index (common, guint, kept++) = town;
    }
  g_array_set_size (common, kept);
}

/* The one town without a QID that is a partner of the towns of all of the
 * item's assigned neighbours (at least two), or 0. */
static guint
town_by_neighbours (TaCrawlMatcher *self,
                    TaTownMerger   *merger,
                    Item           *item,
                    GArray         *common)
{
  guint n_assigned = 0;
  guint found = 0;

  for (guint i = 0; i < item->neighbours->len; i++)
    {
      Item *neighbour = get_item (self, g_array_index (item->neighbours, guint, i));
      GArray *partners;

      if (neighbour->town == 0)
        continue;

      partners = ta_town_merger_get_partners (merger, neighbour->town);
      if (n_assigned == 0)
        g_array_append_vals (common, partners->data, partners->len);
      else
        intersect (common, partners);
      n_assigned++;
    }

  if (n_assigned < 2)
    return 0;

  for (guint i = 0; i < common->len; i++)
    {
      guint town = g_array_index (common, guint, i);

      if (ta_town_merger_get_town (merger, town)->wikidata != NULL)
        continue;
      if (found != 0)
        return 0;
      found = town;
    }

  return found;
}

static void
assign_by_neighbours (TaCrawlMatcher *self,
                      TaTownMerger   *merger,
                      guint           source)
{
  g_autoptr(GArray) common = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean changed = TRUE;

  while (changed)
    {
      g_autoptr(GHashTable) claims = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

      changed = FALSE;

      for (guint i = 0; i < self->items->len; i++)
        {
          Item *item = get_item (self, i);
          guint town;

          if (item->town != 0)
            continue;

          g_array_set_size (common, 0);
          town = town_by_neighbours (self, merger, item, common);
          if (town == 0)
            continue;

          /* Two QIDs for one town in the same round: neither is sure. */
          if (g_hash_table_contains (claims, GUINT_TO_POINTER (town)))
            g_hash_table_insert (claims, GUINT_TO_POINTER (town), GUINT_TO_POINTER (0));
          else
            {
              g_hash_table_insert (claims, GUINT_TO_POINTER (town), GUINT_TO_POINTER (i + 1));
              g_array_append_val (order, town);
            }
        }

      for (guint k = 0; k < order->len; k++)
        {
          guint town = g_array_index (order, guint, k);
          guint claim = GPOINTER_TO_UINT (g_hash_table_lookup (claims, GUINT_TO_POINTER (town)));
          Item *item;

          if (claim == 0)
            continue;

          item = get_item (self, claim - 1);
          item->town = town;
          ta_town_merger_attach_wikidata (merger, town, item->qid, source,
                                          item->name != NULL ? item->name : item->qid,
                                          item->name != NULL && town_has_name_of (merger, town, item)
                                            ? "alternative" : "exonym");
          self->stats.by_neighbours++;
          changed = TRUE;
        }
    }
}

static void
add_links (TaCrawlMatcher *self,
           TaTownMerger   *merger,
           guint           source)
{
  for (guint e = 0; e < self->edges->len; e++)
    {
      guint64 edge = g_array_index (self->edges, guint64, e);
      Item *a = get_item (self, edge >> 32);
      Item *b = get_item (self, edge & G_MAXUINT32);

      if (a->town == 0 || b->town == 0)
        {
          self->stats.edges_unmatched++;
          continue;
        }

      if (ta_town_merger_add_link_source (merger, a->town, b->town, source))
        self->stats.links_added++;
      else
        self->stats.links_present++;
    }
}

void
ta_crawl_matcher_run (TaCrawlMatcher *self,
                      TaTownMerger   *merger,
                      guint           source)
{
  g_autoptr(GHashTable) votes = NULL;

  g_return_if_fail (TA_IS_CRAWL_MATCHER (self));
  g_return_if_fail (TA_IS_TOWN_MERGER (merger));

  votes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  vote_by_names (self, merger, votes);
  assign_by_votes (self, merger, source, votes);
  assign_by_neighbours (self, merger, source);
  add_links (self, merger, source);
}

const TaCrawlStats *
ta_crawl_matcher_get_stats (TaCrawlMatcher *self)
{
  g_return_val_if_fail (TA_IS_CRAWL_MATCHER (self), NULL);

  return &self->stats;
}
