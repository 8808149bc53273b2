/* ta-town-merger-clusters.c: which places of the sources are one town
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Step 2 of the merge (see ta-town-merger.c): places of one country and
 * name become clusters by distance; clusters of one name placed apart by
 * two sources join when a town is linked with both; clusters whose names
 * differ by a qualifier ("Gmina X", "X Municipality") join when close and
 * not linked with each other.
 */

#include "config.h"

#include "ta-geo.h"
#include "ta-town-merger-private.h"

static guint
new_cluster (TaTownMerger *self,
             guint         place_index)
{
  Place *place = &g_array_index (self->places, Place, place_index);
  guint index = self->clusters->len;
  Cluster *cluster;

  g_array_set_size (self->clusters, index + 1);
  cluster = get_cluster (self, index);
  cluster->parent = index;
  cluster->first_place = place_index;
  cluster->lat = place->lat;
  cluster->lon = place->lon;
  cluster->country = place->country;
  cluster->full_key = place->full_key;
  cluster->strict_key = place->strict_key;
  cluster->base_key = place->base_key;
  cluster->members = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (cluster->members, index);

  return index;
}

void
ta_town_merger_join_cluster (TaTownMerger *self,
                             guint         cluster_index,
                             guint         place_index)
{
  Place *place = &g_array_index (self->places, Place, place_index);
  Cluster *cluster = get_cluster (self, cluster_index);

  place->cluster = cluster_index;
  cluster->sources |= 1u << place->source;
  cluster->rows += place->rows;
  cluster->plain |= place->plain;
}


static void
cluster_same_names (TaTownMerger *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);

  for (guint p = 0; p < self->places->len; p++)
    {
      Place *place = &g_array_index (self->places, Place, p);
      g_autofree char *key = NULL;
      GArray *group;
      guint best = NONE;
      double best_km = G_MAXDOUBLE;

      if (place->contradiction)
        continue;

      key = group_key (place->country, place->full_key);
      group = g_hash_table_lookup (groups, key);
      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }

      for (guint i = 0; i < group->len; i++)
        {
          Cluster *cluster = get_cluster (self, g_array_index (group, guint, i));
          double km = ta_geo_distance_km (cluster->lat, cluster->lon, place->lat, place->lon);

          if (km <= TA_TOWN_MERGER_SAME_NAME_KM && km < best_km)
            {
              best = g_array_index (group, guint, i);
              best_km = km;
            }
        }

      if (best == NONE)
        {
          best = new_cluster (self, p);
          g_array_append_val (group, best);
        }
      ta_town_merger_join_cluster (self, best, p);
    }
}

static void
add_cluster_partner (TaTownMerger *self,
                     guint         cluster,
                     guint         partner)
{
  GArray *list = g_hash_table_lookup (self->cluster_partners, GUINT_TO_POINTER (cluster + 1));

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->cluster_partners, GUINT_TO_POINTER (cluster + 1), list);
    }
  g_array_append_val (list, partner);
}

static void
index_linked_clusters (TaTownMerger *self)
{
  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = &g_array_index (self->rows, Row, r);
      Place *a = &g_array_index (self->places, Place, row->place_a);
      Place *b = &g_array_index (self->places, Place, row->place_b);
      gint64 key;

      if (a->cluster == NONE || b->cluster == NONE || a->cluster == b->cluster)
        continue;

      key = ((gint64) MIN (a->cluster, b->cluster) << 32) | MAX (a->cluster, b->cluster);
      if (g_hash_table_contains (self->linked_clusters, &key))
        continue;

      g_hash_table_add (self->linked_clusters, pair_key (a->cluster, b->cluster));
      add_cluster_partner (self, a->cluster, b->cluster);
      add_cluster_partner (self, b->cluster, a->cluster);
    }
}

/* Whether a source links any cluster merged into @root with @cluster. */
gboolean
ta_town_merger_linked_with_root (TaTownMerger *self,
                                 guint         root,
                                 guint         cluster)
{
  GArray *members = get_cluster (self, root)->members;
  GArray *others = get_cluster (self, cluster)->members;

  for (guint i = 0; i < members->len; i++)
    for (guint j = 0; j < others->len; j++)
      if (has_pair (self->linked_clusters, g_array_index (members, guint, i),
                    g_array_index (others, guint, j)))
        return TRUE;

  return FALSE;
}

static void
merge_into (TaTownMerger *self,
            guint         root,
            guint         cluster)
{
  Cluster *into = get_cluster (self, root);
  Cluster *from = get_cluster (self, cluster);

  from->parent = root;
  into->sources |= from->sources;
  into->rows += from->rows;
  into->plain |= from->plain;
  g_array_append_vals (into->members, from->members->data, from->members->len);
  g_array_set_size (from->members, 0);
}

/* Whether some town is linked with both @root and @other. */
static gboolean
share_partner (TaTownMerger *self,
               guint         root,
               guint         other)
{
  g_autoptr(GHashTable) partners = g_hash_table_new (g_direct_hash, g_direct_equal);
  GArray *members = get_cluster (self, root)->members;
  GArray *others = get_cluster (self, other)->members;

  for (guint i = 0; i < members->len; i++)
    {
      GArray *list = g_hash_table_lookup (self->cluster_partners,
                                          GUINT_TO_POINTER (g_array_index (members, guint, i) + 1));

      for (guint j = 0; list != NULL && j < list->len; j++)
        g_hash_table_add (partners, GUINT_TO_POINTER (find_root (self, g_array_index (list, guint, j)) + 1));
    }

  for (guint i = 0; i < others->len; i++)
    {
      GArray *list = g_hash_table_lookup (self->cluster_partners,
                                          GUINT_TO_POINTER (g_array_index (others, guint, i) + 1));

      for (guint j = 0; list != NULL && j < list->len; j++)
        if (g_hash_table_contains (partners,
                                   GUINT_TO_POINTER (find_root (self, g_array_index (list, guint, j)) + 1)))
          return TRUE;
    }

  return FALSE;
}

static void
note_same_name_merge (TaTownMerger *self,
                      guint         root,
                      guint         other,
                      double        km)
{
  Place *town = &g_array_index (self->places, Place, get_cluster (self, root)->first_place);
  Place *second = &g_array_index (self->places, Place, get_cluster (self, other)->first_place);
  g_autofree char *action = g_strdup_printf ("merged the point %s gives into it", source_id (self, second->source));
  g_autofree char *detail = NULL;
  char km_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (km_text, sizeof km_text, "%.1f", km);
  detail = g_strdup_printf ("“%s” (%s) and “%s” (%s) in %s are %s km apart, and both are "
                            "linked with the same town",
                            town->label, source_id (self, town->source),
                            second->label, source_id (self, second->source),
                            town->country != NULL ? town->country : "?", km_text);
  ta_town_merger_add_note (self, "merged-town", second->source, town->label, action, detail);
}

/* Two points of one name in one country a little too far apart to be sure
 * are one town when two sources give one each and some town is linked with
 * both (the sources place "Stargard" 26 km apart, both twinned with the
 * same German towns). */
static void
merge_same_names_with_shared_partner (TaTownMerger *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint c = 0; c < self->clusters->len; c++)
    {
      Cluster *cluster = get_cluster (self, c);
      g_autofree char *key = group_key (cluster->country, cluster->full_key);
      GArray *group = g_hash_table_lookup (groups, key);

      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (order, group);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }
      g_array_append_val (group, c);
    }

  for (guint g = 0; g < order->len; g++)
    {
      GArray *group = g_ptr_array_index (order, g);

      for (guint i = 0; i < group->len; i++)
        for (guint j = i + 1; j < group->len; j++)
          {
            guint a = find_root (self, g_array_index (group, guint, i));
            guint b = find_root (self, g_array_index (group, guint, j));
            Cluster *ca = get_cluster (self, g_array_index (group, guint, i));
            Cluster *cb = get_cluster (self, g_array_index (group, guint, j));
            double km;

            /* "Doksy" and "Doksy (Kladno District)" are two towns; so are
             * two points one source gives for one name ("Stetten" AG and
             * SH, both twinned with the German Stettens). */
            if (a == b || ca->strict_key != cb->strict_key ||
                (get_cluster (self, a)->sources & get_cluster (self, b)->sources) != 0)
              continue;
            km = ta_geo_distance_km (ca->lat, ca->lon, cb->lat, cb->lon);
            if (km > TA_TOWN_MERGER_SHARED_PARTNER_KM ||
                ta_town_merger_linked_with_root (self, a, b) || !share_partner (self, a, b))
              continue;

            note_same_name_merge (self, a, b, km);
            merge_into (self, a, b);
            self->stats.shared_partner_merges++;
          }
    }
}

/* Plain names first (the town itself), then the better attested. */
static int
compare_clusters (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  TaTownMerger *self = user_data;
  Cluster *ca = get_cluster (self, *(const guint *) a);
  Cluster *cb = get_cluster (self, *(const guint *) b);

  if (ca->plain != cb->plain)
    return ca->plain ? -1 : 1;
  if (ca->rows != cb->rows)
    return ca->rows > cb->rows ? -1 : 1;
  return (ca->first_place > cb->first_place) - (ca->first_place < cb->first_place);
}

static void
note_qualified_merge (TaTownMerger *self,
                      guint         root,
                      guint         cluster,
                      double        km)
{
  Place *town = &g_array_index (self->places, Place, get_cluster (self, root)->first_place);
  Place *other = &g_array_index (self->places, Place, get_cluster (self, cluster)->first_place);
  g_autofree char *action = g_strdup_printf ("merged “%s” into it", other->label);
  g_autofree char *detail = NULL;
  char km_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (km_text, sizeof km_text, "%.1f", km);
  detail = g_strdup_printf ("“%s” (%s) and “%s” (%s) name the same place in %s, %s km apart, "
                              "and no source links them",
                            other->label, source_id (self, other->source),
                            town->label, source_id (self, town->source),
                            town->country != NULL ? town->country : "?", km_text);
  ta_town_merger_add_note (self, "merged-town", other->source, town->label, action, detail);
}

static void
note_kept_apart (TaTownMerger *self,
                 guint         root,
                 guint         cluster)
{
  Place *town = &g_array_index (self->places, Place, get_cluster (self, root)->first_place);
  Place *other = &g_array_index (self->places, Place, get_cluster (self, cluster)->first_place);
  g_autofree char *action = g_strdup_printf ("kept “%s” as a town of its own", other->label);
  g_autofree char *detail = g_strdup_printf ("The names differ only by a qualifier and the "
                                               "places are close, but a source links “%s” "
                                               "with “%s”",
                                             other->label, town->label);

  ta_town_merger_add_note (self, "kept-apart", other->source, town->label, action, detail);
}

static void
merge_group (TaTownMerger *self,
             GArray       *group)
{
  g_autoptr(GArray) roots = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_sort_with_data (group, compare_clusters, self);

  for (guint i = 0; i < group->len; i++)
    {
      guint cluster = g_array_index (group, guint, i);
      Cluster *c = get_cluster (self, cluster);
      guint best = NONE;
      double best_km = G_MAXDOUBLE;
      guint kept_apart_from = NONE;

      for (guint j = 0; j < roots->len; j++)
        {
          guint root = g_array_index (roots, guint, j);
          Cluster *r = get_cluster (self, root);
          double km = ta_geo_distance_km (r->lat, r->lon, c->lat, c->lon);

          if (km > TA_TOWN_MERGER_QUALIFIED_NAME_KM || km >= best_km)
            continue;
          if (ta_town_merger_linked_with_root (self, root, cluster))
            {
              kept_apart_from = root;
              continue;
            }
          best = root;
          best_km = km;
        }

      if (best != NONE)
        {
          note_qualified_merge (self, best, cluster, best_km);
          merge_into (self, best, cluster);
          self->stats.qualified_merges++;
        }
      else
        {
          if (kept_apart_from != NONE)
            {
              note_kept_apart (self, kept_apart_from, cluster);
              self->stats.qualified_kept_apart++;
            }
          g_array_append_val (roots, cluster);
        }
    }
}

static void
merge_qualified_names (TaTownMerger *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint c = 0; c < self->clusters->len; c++)
    {
      Cluster *cluster = get_cluster (self, c);
      g_autofree char *key = NULL;
      GArray *group;

      if (cluster->parent != c)
        continue;

      key = group_key (cluster->country, cluster->base_key);
      group = g_hash_table_lookup (groups, key);
      if (group == NULL)
        {
          group = g_array_new (FALSE, FALSE, sizeof (guint));
          g_ptr_array_add (order, group);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }
      g_array_append_val (group, c);
    }

  for (guint i = 0; i < order->len; i++)
    {
      GArray *group = g_ptr_array_index (order, i);

      if (group->len > 1)
        merge_group (self, group);
    }
}

/**
 * ta_town_merger_cluster_places:
 *
 * Step 2: places of one name, then towns whose names differ by a
 * qualifier.
 */
void
ta_town_merger_cluster_places (TaTownMerger *self)
{
  cluster_same_names (self);
  index_linked_clusters (self);
  merge_same_names_with_shared_partner (self);
  merge_qualified_names (self);
}
