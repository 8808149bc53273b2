/* ta-time-bar.c: the year slider that plays the network's growth
 *
 * Copyright 2026 The Twin Atlas authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While active, the bar sets the filter's "year-at" to the slider's year,
 * so the map shows the network as it stood in that year (links started by
 * then and not ended before it); inactive, it clears it.  Play advances one
 * year every TA_TIME_BAR_STEP_MS from the earliest to the latest start year
 * of the atlas, and stops there.  An atlas without any start year has
 * nothing to play: the bar says so instead of offering a slider.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ta-filter-panel.h"
#include "ta-time-bar.h"

struct _TaTimeBar
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkRevealer    *revealer;
  GtkStack       *stack;
  GtkButton      *play_button;
  GtkLabel       *year_label;
  GtkScale       *scale;
  GtkAdjustment  *adjustment;
  GtkCheckButton *unknown_check;

  /* owned */
  TaFilter       *filter;
  GBinding       *unknown_binding;

  int             first_year;
  int             last_year;
  guint           play_id;
  gboolean        active;
  gboolean        years_known;     /* an atlas was read */
};

G_DEFINE_FINAL_TYPE (TaTimeBar, ta_time_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_PLAYING,
  PROP_YEAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static gboolean
has_years (TaTimeBar *self)
{
  return self->first_year > 0;
}

/* The filter follows the bar: the slider's year while active. */
static void
apply_year (TaTimeBar *self)
{
  /* Before the atlas is read the years are not known: a restored year
   * stays as it is. */
  if (self->filter == NULL || !self->years_known)
    return;

  ta_filter_set_year_at (self->filter,
                         self->active && has_years (self) ? ta_time_bar_get_year (self) : 0);
}

static void
update_play_button (TaTimeBar *self)
{
  gboolean playing = self->play_id != 0;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause") : _("Play"));
}

static void
update_state (TaTimeBar *self)
{
  gtk_stack_set_visible_child_name (self->stack, has_years (self) ? "controls" : "no-years");
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), has_years (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), has_years (self));
  gtk_revealer_set_reveal_child (self->revealer, self->active);
}

static gboolean
play_step_cb (gpointer user_data)
{
  TaTimeBar *self = user_data;
  int year = ta_time_bar_get_year (self);

  if (year >= self->last_year)
    {
      self->play_id = 0;
      update_play_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
      return G_SOURCE_REMOVE;
    }

  ta_time_bar_set_year (self, year + 1);
  return G_SOURCE_CONTINUE;
}

/* Callbacks */

static void
on_value_changed_cb (TaTimeBar *self)
{
  g_autofree char *text = g_strdup_printf ("%d", ta_time_bar_get_year (self));

  gtk_label_set_text (self->year_label, has_years (self) ? text : "");
  apply_year (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

static void
on_play_clicked_cb (TaTimeBar *self)
{
  ta_time_bar_set_playing (self, self->play_id == 0);
}

/* A removed "year-at" chip ends the playback. */
static void
on_filter_year_at_cb (TaTimeBar *self)
{
  if (self->active && ta_filter_get_year_at (self->filter) == 0)
    ta_time_bar_set_active (self, FALSE);
}

/* GObject */

static void
ta_time_bar_dispose (GObject *object)
{
  TaTimeBar *self = TA_TIME_BAR (object);

  g_clear_handle_id (&self->play_id, g_source_remove);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_pointer (&self->unknown_binding, g_binding_unbind);
  g_clear_object (&self->filter);

  /* The revealer is both the bin's child and a template child: let the
   * bin drop it first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TA_TYPE_TIME_BAR);

  G_OBJECT_CLASS (ta_time_bar_parent_class)->dispose (object);
}

static void
ta_time_bar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TaTimeBar *self = TA_TIME_BAR (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->play_id != 0);
      break;

    case PROP_YEAR:
      g_value_set_int (value, ta_time_bar_get_year (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_time_bar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TaTimeBar *self = TA_TIME_BAR (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      ta_time_bar_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_PLAYING:
      ta_time_bar_set_playing (self, g_value_get_boolean (value));
      break;

    case PROP_YEAR:
      ta_time_bar_set_year (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ta_time_bar_class_init (TaTimeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ta_time_bar_dispose;
  object_class->get_property = ta_time_bar_get_property;
  object_class->set_property = ta_time_bar_set_property;

  /* Shown, and the map at the slider's year. */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/twinatlas/TwinAtlas/ta-time-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, stack);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, year_label);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, scale);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, TaTimeBar, unknown_check);
  gtk_widget_class_bind_template_callback (widget_class, on_play_clicked_cb);
}

static void
ta_time_bar_init (TaTimeBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ta_filter_panel_ensure_style (GTK_WIDGET (self));

  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
  update_play_button (self);
}

/* Public API */

GtkWidget *
ta_time_bar_new (void)
{
  return g_object_new (TA_TYPE_TIME_BAR, NULL);
}

/**
 * ta_time_bar_set_filter:
 * @filter: (nullable): the filter to play
 */
void
ta_time_bar_set_filter (TaTimeBar *self,
                        TaFilter  *filter)
{
  g_return_if_fail (TA_IS_TIME_BAR (self));
  g_return_if_fail (filter == NULL || TA_IS_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_pointer (&self->unknown_binding, g_binding_unbind);
  g_set_object (&self->filter, filter);

  if (filter != NULL)
    {
      self->unknown_binding = g_object_bind_property (filter, "unknown-years",
                                                      self->unknown_check, "active",
                                                      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      g_signal_connect_object (filter, "notify::year-at",
                               G_CALLBACK (on_filter_year_at_cb), self, G_CONNECT_SWAPPED);

      /* A filter restored at a year reopens the bar there. */
      if (ta_filter_get_year_at (filter) != 0)
        {
          int year = ta_filter_get_year_at (filter);

          ta_time_bar_set_active (self, TRUE);
          ta_time_bar_set_year (self, year);
        }
    }
}

/**
 * ta_time_bar_set_database:
 * @db: (nullable): the atlas whose start years to play
 */
void
ta_time_bar_set_database (TaTimeBar *self,
                          TaDb      *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  int year;

  g_return_if_fail (TA_IS_TIME_BAR (self));

  self->first_year = 0;
  self->last_year = 0;
  self->years_known = db != NULL;
  if (db != NULL)
    {
      statement = ta_db_prepare (db, "SELECT min (start_year), max (start_year) FROM link", &error);
      if (statement == NULL)
        g_warning ("The years of the links cannot be read: %s", error->message);
      else if (sqlite3_step (statement) == SQLITE_ROW
               && sqlite3_column_type (statement, 0) != SQLITE_NULL)
        {
          self->first_year = sqlite3_column_int (statement, 0);
          self->last_year = sqlite3_column_int (statement, 1);
        }
    }

  ta_time_bar_set_playing (self, FALSE);
  year = self->filter != NULL ? ta_filter_get_year_at (self->filter) : 0;
  gtk_adjustment_configure (self->adjustment,
                            CLAMP (year != 0 ? year : self->first_year, self->first_year, self->last_year),
                            self->first_year, self->last_year, 1, 10, 0);
  on_value_changed_cb (self);
  update_state (self);
}

gboolean
ta_time_bar_get_active (TaTimeBar *self)
{
  g_return_val_if_fail (TA_IS_TIME_BAR (self), FALSE);

  return self->active;
}

void
ta_time_bar_set_active (TaTimeBar *self,
                        gboolean   active)
{
  g_return_if_fail (TA_IS_TIME_BAR (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  if (!active)
    ta_time_bar_set_playing (self, FALSE);
  update_state (self);
  apply_year (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

gboolean
ta_time_bar_get_playing (TaTimeBar *self)
{
  g_return_val_if_fail (TA_IS_TIME_BAR (self), FALSE);

  return self->play_id != 0;
}

/* Playing from the last year starts again at the first. */
void
ta_time_bar_set_playing (TaTimeBar *self,
                         gboolean   playing)
{
  g_return_if_fail (TA_IS_TIME_BAR (self));

  playing = playing && has_years (self);
  if ((self->play_id != 0) == playing)
    return;

  if (playing)
    {
      ta_time_bar_set_active (self, TRUE);
      if (ta_time_bar_get_year (self) >= self->last_year)
        ta_time_bar_set_year (self, self->first_year);
      self->play_id = g_timeout_add (TA_TIME_BAR_STEP_MS, play_step_cb, self);
    }
  else
    g_clear_handle_id (&self->play_id, g_source_remove);

  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

int
ta_time_bar_get_first_year (TaTimeBar *self)
{
  g_return_val_if_fail (TA_IS_TIME_BAR (self), 0);

  return self->first_year;
}

int
ta_time_bar_get_last_year (TaTimeBar *self)
{
  g_return_val_if_fail (TA_IS_TIME_BAR (self), 0);

  return self->last_year;
}

int
ta_time_bar_get_year (TaTimeBar *self)
{
  g_return_val_if_fail (TA_IS_TIME_BAR (self), 0);

  return (int) gtk_adjustment_get_value (self->adjustment);
}

void
ta_time_bar_set_year (TaTimeBar *self,
                      int        year)
{
  g_return_if_fail (TA_IS_TIME_BAR (self));

  gtk_adjustment_set_value (self->adjustment, year);
}
