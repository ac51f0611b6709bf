/* onboard-resend-button.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-resend-button.h"

/* "Resend Email", which counts down to the moment the service allows
 * another email ("Resend Email (0:42)"). Step 2's activation email and
 * Step 4's Groupcall email share it, so both count the same way.
 *
 * The button only shows the wait: whether resending is allowed at all is
 * the page's, through the button's action. Pages enable that action when
 * the wait is over, watching :waiting.
 */

struct _OnboardResendButton
{
  GtkButton  parent_instance;

  GDateTime *available_at;
  guint      tick_id;
  gboolean   waiting;
};

G_DEFINE_FINAL_TYPE (OnboardResendButton, onboard_resend_button, GTK_TYPE_BUTTON)

enum {
  PROP_0,
  PROP_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whole seconds left, rounded up: "0:00" while the service still says no
 * would be a lie. */
static GTimeSpan
seconds_left (OnboardResendButton *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->available_at == NULL)
    return 0;

  now = g_date_time_new_now_utc ();

  return MAX (0, (g_date_time_difference (self->available_at, now) + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND);
}

static void
update (OnboardResendButton *self)
{
  GTimeSpan wait = seconds_left (self);
  gboolean waiting = wait > 0;

  if (waiting)
    {
      g_autofree char *label = NULL;

      /* Translators: the button while it waits, e.g. "Resend Email (9:42)" */
      label = g_strdup_printf (_("Resend Email (%d:%02d)"), (int)(wait / 60), (int)(wait % 60));
      gtk_button_set_label (GTK_BUTTON (self), label);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self), _("_Resend Email"));
    }

  if (self->waiting != waiting)
    {
      self->waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  OnboardResendButton *self = user_data;

  update (self);
  if (self->waiting)
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;

  return G_SOURCE_REMOVE;
}

static void
onboard_resend_button_dispose (GObject *object)
{
  OnboardResendButton *self = (OnboardResendButton *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->available_at, g_date_time_unref);

  G_OBJECT_CLASS (onboard_resend_button_parent_class)->dispose (object);
}

static void
onboard_resend_button_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnboardResendButton *self = ONBOARD_RESEND_BUTTON (object);

  switch (prop_id)
    {
    case PROP_WAITING:
      g_value_set_boolean (value, self->waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_resend_button_class_init (OnboardResendButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_resend_button_dispose;
  object_class->get_property = onboard_resend_button_get_property;

  /**
   * OnboardResendButton:waiting:
   *
   * Whether the service does not allow another email yet.
   */
  properties[PROP_WAITING] =
    g_param_spec_boolean ("waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_resend_button_init (OnboardResendButton *self)
{
  gtk_button_set_use_underline (GTK_BUTTON (self), TRUE);
  update (self);
}

GtkWidget *
onboard_resend_button_new (void)
{
  return g_object_new (ONBOARD_TYPE_RESEND_BUTTON, NULL);
}

/**
 * onboard_resend_button_set_available_at:
 * @when: (nullable): when the service allows another email, or %NULL for now
 *
 * Counts down to @when, once a second.
 */
void
onboard_resend_button_set_available_at (OnboardResendButton *self,
                                        GDateTime           *when)
{
  g_autoptr(GDateTime) moment = NULL;

  g_return_if_fail (ONBOARD_IS_RESEND_BUTTON (self));

  /* A time given to the second is some moment within that second: wait
   * for its end, or the first press could still be too early. */
  if (when != NULL && g_date_time_get_microsecond (when) == 0)
    moment = g_date_time_add_seconds (when, 1);
  else if (when != NULL)
    moment = g_date_time_ref (when);

  /* The same answer again (a status poll repeats it) keeps the count going
   * rather than restarting its second. */
  if (moment != NULL && self->available_at != NULL && g_date_time_equal (moment, self->available_at))
    return;

  g_clear_pointer (&self->available_at, g_date_time_unref);
  self->available_at = g_steal_pointer (&moment);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  update (self);
  if (self->waiting)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

gboolean
onboard_resend_button_get_waiting (OnboardResendButton *self)
{
  g_return_val_if_fail (ONBOARD_IS_RESEND_BUTTON (self), FALSE);

  return self->waiting;
}
