/* onboard-activation-watcher.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-activation-watcher.h"
#include "onboard-client-error.h"

/* Step 2's wait for the activation link: it asks the service about the
 * sign-up (GET /signups/{id}) as often as the service says, until the
 * account is active or the sign-up has expired. A failed check is not the
 * end: it keeps asking, a little later each time, and says why, so the
 * page can show it. Beside OnboardStatusMonitor, which does the same for
 * Step 5's connection.
 *
 * Signals: "activated" (the active sign-up), "expired", "check-failed"
 * (the error; the watcher goes on) and "checked" (a check worked: any
 * shown failure can go).
 */

struct _OnboardActivationWatcher
{
  GObject        parent_instance;

  OnboardClient *client;
  OnboardSignup *signup;
  char          *signup_token;
  GCancellable  *cancellable;
  guint          timeout_id;
  guint          n_failures;
};

G_DEFINE_FINAL_TYPE (OnboardActivationWatcher, onboard_activation_watcher, G_TYPE_OBJECT)

enum {
  ACTIVATED,
  EXPIRED,
  CHECK_FAILED,
  CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (OnboardActivationWatcher *self,
                      guint                     seconds);

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardActivationWatcher) self = user_data;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  signup = onboard_client_get_signup_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_GONE))
    {
      onboard_activation_watcher_stop (self);
      g_signal_emit (self, signals[EXPIRED], 0);
      return;
    }

  if (error != NULL)
    {
      guint delay;

      /* Keep waiting, a little longer each time. A rate limit (at most an
       * hour) says how long to keep away. */
      self->n_failures++;
      delay = MIN (ONBOARD_ACTIVATION_WATCHER_INTERVAL << MIN (self->n_failures, 4),
                   ONBOARD_ACTIVATION_WATCHER_MAX_BACKOFF);
      delay = MAX (delay, onboard_client_error_get_retry_after (error));
      schedule (self, delay);
      g_signal_emit (self, signals[CHECK_FAILED], 0, error);
      return;
    }

  self->n_failures = 0;
  g_signal_emit (self, signals[CHECKED], 0);

  switch (onboard_signup_get_status (signup))
    {
    case ONBOARD_SIGNUP_STATUS_ACTIVE:
      onboard_activation_watcher_stop (self);
      g_signal_emit (self, signals[ACTIVATED], 0, signup);
      break;

    case ONBOARD_SIGNUP_STATUS_EXPIRED:
      onboard_activation_watcher_stop (self);
      g_signal_emit (self, signals[EXPIRED], 0);
      break;

    case ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION:
    case ONBOARD_SIGNUP_STATUS_UNKNOWN:
    default:
      schedule (self, onboard_signup_get_retry_after (signup) ?: ONBOARD_ACTIVATION_WATCHER_INTERVAL);
      break;
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  OnboardActivationWatcher *self = user_data;

  self->timeout_id = 0;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  onboard_client_get_signup_async (self->client,
                                   onboard_signup_get_id (self->signup),
                                   self->signup_token,
                                   self->cancellable,
                                   checked_cb,
                                   g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
schedule (OnboardActivationWatcher *self,
          guint                     seconds)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (seconds, timeout_cb, self);
}

static void
onboard_activation_watcher_dispose (GObject *object)
{
  OnboardActivationWatcher *self = (OnboardActivationWatcher *)object;

  onboard_activation_watcher_stop (self);
  g_clear_object (&self->signup);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (onboard_activation_watcher_parent_class)->dispose (object);
}

static void
onboard_activation_watcher_class_init (OnboardActivationWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_activation_watcher_dispose;

  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ONBOARD_TYPE_SIGNUP);
  signals[EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[CHECK_FAILED] =
    g_signal_new ("check-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onboard_activation_watcher_init (OnboardActivationWatcher *self)
{
}

OnboardActivationWatcher *
onboard_activation_watcher_new (OnboardClient *client)
{
  OnboardActivationWatcher *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);

  self = g_object_new (ONBOARD_TYPE_ACTIVATION_WATCHER, NULL);
  self->client = g_object_ref (client);

  return self;
}

/**
 * onboard_activation_watcher_watch:
 * @signup: the sign-up as the service last gave it
 * @signup_token: (nullable): the token POST /signups gave, to read it with
 *
 * Starts asking about @signup, first when the service said to (its
 * Retry-After), instead of anything watched before.
 */
void
onboard_activation_watcher_watch (OnboardActivationWatcher *self,
                                  OnboardSignup            *signup,
                                  const char               *signup_token)
{
  g_return_if_fail (ONBOARD_IS_ACTIVATION_WATCHER (self));
  g_return_if_fail (ONBOARD_IS_SIGNUP (signup));

  onboard_activation_watcher_stop (self);
  g_set_object (&self->signup, signup);
  self->signup_token = g_strdup (signup_token);
  self->n_failures = 0;
  schedule (self, onboard_signup_get_retry_after (signup) ?: ONBOARD_ACTIVATION_WATCHER_INTERVAL);
}

/**
 * onboard_activation_watcher_check_now:
 *
 * Asks at once, as after the user pressed Check Now, or when the service
 * said the account is already active.
 */
void
onboard_activation_watcher_check_now (OnboardActivationWatcher *self)
{
  g_return_if_fail (ONBOARD_IS_ACTIVATION_WATCHER (self));
  g_return_if_fail (self->signup != NULL);

  schedule (self, 0);
}

void
onboard_activation_watcher_stop (OnboardActivationWatcher *self)
{
  g_return_if_fail (ONBOARD_IS_ACTIVATION_WATCHER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* The token is a secret: wiped, not only freed. */
  if (self->signup_token != NULL)
    explicit_bzero (self->signup_token, strlen (self->signup_token));
  g_clear_pointer (&self->signup_token, g_free);
}

gboolean
onboard_activation_watcher_get_watching (OnboardActivationWatcher *self)
{
  g_return_val_if_fail (ONBOARD_IS_ACTIVATION_WATCHER (self), FALSE);

  return self->timeout_id != 0 || self->cancellable != NULL;
}

guint
onboard_activation_watcher_get_n_failures (OnboardActivationWatcher *self)
{
  g_return_val_if_fail (ONBOARD_IS_ACTIVATION_WATCHER (self), 0);

  return self->n_failures;
}
