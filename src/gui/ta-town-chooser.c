/* ta-town-chooser.c: an entry row that finds and picks one town
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Typing searches the atlas with ta_search_towns() (names, native names
 * and exonyms, diacritics ignored) and lists the hits in a popover under
 * the row; Enter or a click chooses one.  Typing again forgets the choice,
 * so the row never shows one town while meaning another.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-search.h"
#include "ta-town-chooser.h"
#include "ta-town-details.h"

#define MAX_HITS 6

struct _TaTownChooser
{
  AdwEntryRow  parent_instance;

  /* owned */
  TaDb        *db;
  GPtrArray   *hits;
  GtkPopover  *popover;     /* a child of the row: unparented in dispose */
  GtkListBox  *hits_list;

  gint64       town_id;
  gboolean     setting_text;
};

G_DEFINE_FINAL_TYPE (TaTownChooser, ta_town_chooser, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_TOWN_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe_town (const char *name,
               const char *country)
{
  /* Translators: a town and its country, e.g. "Lyon (France)". */
  return country != NULL ? g_strdup_printf (_("%s (%s)"), name, country) : g_strdup (name);
}

static void
set_text_quietly (TaTownChooser *self,
                  const char    *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self), text);
  self->setting_text = FALSE;
}

static void
set_town (TaTownChooser *self,
          gint64         town_id)
{
  if (self->town_id == town_id)
    return;

  self->town_id = town_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN_ID]);
}

static GtkWidget *
create_hit_row (const TaTownHit *hit)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_markup_escape_text (hit->name, -1);
  g_autofree char *country = hit->country_name != NULL ? g_markup_escape_text (hit->country_name, -1) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (country != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), country);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static void
update_hits (TaTownChooser *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hits_list))) != NULL)
    gtk_list_box_remove (self->hits_list, child);
  g_clear_pointer (&self->hits, g_ptr_array_unref);

  if (self->db == NULL || *text == '\0')
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  self->hits = ta_search_towns (self->db, text, MAX_HITS, &error);
  if (self->hits == NULL)
    {
      g_warning ("Searching towns failed: %s", error->message);
      gtk_popover_popdown (self->popover);
      return;
    }

  for (guint i = 0; i < self->hits->len; i++)
    gtk_list_box_append (self->hits_list, create_hit_row (g_ptr_array_index (self->hits, i)));

  if (self->hits->len > 0)
    gtk_popover_popup (self->popover);
  else
    gtk_popover_popdown (self->popover);
}

static void
on_changed_cb (TaTownChooser *self)
{
  if (self->setting_text)
    return;

  set_town (self, 0);
  update_hits (self);
}

static void
on_entry_activated_cb (TaTownChooser *self)
{
  if (self->hits != NULL && self->hits->len > 0)
    ta_town_chooser_choose_hit (self, 0);
}

static void
on_hit_activated_cb (TaTownChooser *self,
                     GtkListBoxRow *row)
{
  ta_town_chooser_choose_hit (self, (guint) gtk_list_box_row_get_index (row));
}

static gboolean
on_key_pressed_cb (TaTownChooser   *self,
                   guint            keyval,
                   guint            keycode,
                   GdkModifierType  state)
{
  if (keyval != GDK_KEY_Escape || !gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return GDK_EVENT_PROPAGATE;

  /* Escape closes the list first, the dialog only on a second press. */
  gtk_popover_popdown (self->popover);
  return GDK_EVENT_STOP;
}

/* GtkWidget */

static void
ta_town_chooser_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  TaTownChooser *self = TA_TOWN_CHOOSER (widget);

  GTK_WIDGET_CLASS (ta_town_chooser_parent_class)->size_allocate (widget, width, height, baseline);

  gtk_widget_set_size_request (GTK_WIDGET (self->popover), width, -1);
  gtk_popover_present (self->popover);
}

static void
ta_town_chooser_dispose (GObject *object)
{
  TaTownChooser *self = TA_TOWN_CHOOSER (object);

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
      self->hits_list = NULL;
    }
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ta_town_chooser_parent_class)->dispose (object);
}

static void
ta_town_chooser_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TaTownChooser *self = TA_TOWN_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      g_value_set_int64 (value, self->town_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_town_chooser_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TaTownChooser *self = TA_TOWN_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_TOWN_ID:
      ta_town_chooser_set_town_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_town_chooser_class_init (TaTownChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_town_chooser_dispose;
  object_class->get_property = ta_town_chooser_get_property;
  object_class->set_property = ta_town_chooser_set_property;

  widget_class->size_allocate = ta_town_chooser_size_allocate;

  /* The chosen town, 0 for none. */
  properties[PROP_TOWN_ID] =
    g_param_spec_int64 ("town-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ta_town_chooser_init (TaTownChooser *self)
{
  GtkWidget *scrolled;
  GtkEventController *keys;

  self->hits_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->hits_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->hits_list), "navigation-sidebar");
  g_signal_connect_object (self->hits_list, "row-activated",
                           G_CALLBACK (on_hit_activated_cb), self, G_CONNECT_SWAPPED);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->hits_list));

  /* Typing goes on in the row while the list is open. */
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->popover, FALSE);
  gtk_popover_set_has_arrow (self->popover, FALSE);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self->popover), GTK_ALIGN_FILL);
  gtk_popover_set_child (self->popover, scrolled);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self, "changed", G_CALLBACK (on_changed_cb), NULL);
  g_signal_connect (self, "entry-activated", G_CALLBACK (on_entry_activated_cb), NULL);
}

/* Public API */

/**
 * ta_town_chooser_new:
 * @db: the atlas to search
 *
 * Returns: (transfer floating): a new chooser with no town chosen
 */
GtkWidget *
ta_town_chooser_new (TaDb *db)
{
  TaTownChooser *self;

  g_return_val_if_fail (TA_IS_DB (db), NULL);

  self = g_object_new (TA_TYPE_TOWN_CHOOSER, NULL);
  self->db = g_object_ref (db);

  return GTK_WIDGET (self);
}

gint64
ta_town_chooser_get_town_id (TaTownChooser *self)
{
  g_return_val_if_fail (TA_IS_TOWN_CHOOSER (self), 0);

  return self->town_id;
}

void
ta_town_chooser_set_town_id (TaTownChooser *self,
                             gint64         town_id)
{
  g_autoptr(TaTownDetails) town = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (TA_IS_TOWN_CHOOSER (self));

  if (town_id > 0 && self->db != NULL)
    town = ta_town_details_load (self->db, town_id, NULL);
  if (town != NULL)
    label = describe_town (town->town.name, town->country_name);

  set_text_quietly (self, label != NULL ? label : "");
  gtk_popover_popdown (self->popover);
  set_town (self, label != NULL ? town_id : 0);
}

/**
 * ta_town_chooser_get_hits:
 *
 * Returns: (transfer none) (nullable) (element-type TaTownHit): the towns listed
 */
GPtrArray *
ta_town_chooser_get_hits (TaTownChooser *self)
{
  g_return_val_if_fail (TA_IS_TOWN_CHOOSER (self), NULL);

  return self->hits;
}

void
ta_town_chooser_choose_hit (TaTownChooser *self,
                            guint          index)
{
  const TaTownHit *hit;
  g_autofree char *label = NULL;

  g_return_if_fail (TA_IS_TOWN_CHOOSER (self));
  g_return_if_fail (self->hits != NULL && index < self->hits->len);

  hit = g_ptr_array_index (self->hits, index);
  label = describe_town (hit->name, hit->country_name);

  /* The id first: the row's "changed" makes the dialog revalidate. */
  self->town_id = hit->id;
  set_text_quietly (self, label);
  gtk_popover_popdown (self->popover);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOWN_ID]);
}
