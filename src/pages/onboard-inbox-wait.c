/* onboard-inbox-wait.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-activation-watcher.h"
#include "onboard-client-error.h"
#include "onboard-error-banner.h"
#include "onboard-inbox-wait.h"
#include "onboard-resend-button.h"
#include "onboard-secrets.h"

/* Step 2's "Check your inbox": after signing up, the address the
 * activation link went to, Resend (with the service's cooldown) and
 * Change Email, while the activation watcher asks the service, on its own,
 * whether the link has been opened. Once it has, the sign-up token signs
 * the user in (so the password is never kept) and "signed-in" says the
 * step is done; a link that lapsed gives "expired".
 *
 * Change Email names the page's action signup.change-email: going back to
 * the form is the page's business. The sign-up token lives here only while
 * the wait lasts, and is wiped when it goes.
 */

struct _OnboardInboxWait
{
  GtkBox                    parent_instance;

  /* Template children */
  GtkLabel                 *inbox_address_label;
  GtkSpinner               *inbox_spinner;
  GtkLabel                 *inbox_status_label;
  OnboardErrorBanner       *inbox_banner;
  OnboardResendButton      *resend_button;

  OnboardClient            *client;

  /* State */
  OnboardSignup            *signup;
  char                     *signup_token;
  char                     *resend_key;
  /* Asks about the sign-up until the activation link is opened. */
  OnboardActivationWatcher *watcher;
  GCancellable             *inbox_cancellable;
  GCancellable             *lifetime_cancellable;
};

G_DEFINE_FINAL_TYPE (OnboardInboxWait, onboard_inbox_wait, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SIGNUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_IN,
  EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_error_details (const GError *error)
{
  if (error->domain == ONBOARD_CLIENT_ERROR)
    return onboard_client_error_dup_report (error);

  return NULL;
}

/* A request that replaces another cancels it: otherwise the older one
 * would be beyond the reach of dispose's cancel. */
static void
renew_cancellable (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
}

static void
set_signup (OnboardInboxWait *self,
            OnboardSignup    *signup)
{
  if (g_set_object (&self->signup, signup))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNUP]);
}

/* Resending is allowed once the button's count down is over. */
static void
update_resend_button (OnboardInboxWait *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.resend",
                                 !onboard_resend_button_get_waiting (self->resend_button));
}

static void
stop_polling (OnboardInboxWait *self)
{
  if (self->watcher != NULL)
    onboard_activation_watcher_stop (self->watcher);
  g_cancellable_cancel (self->inbox_cancellable);
  g_clear_object (&self->inbox_cancellable);
  /* Dispose may run twice (g_object_run_dispose(), then the last unref);
   * the second time the template's widgets are gone. */
  if (self->inbox_spinner != NULL)
    gtk_spinner_set_spinning (self->inbox_spinner, FALSE);
}

static void
show_inbox (OnboardInboxWait *self)
{
  g_autofree char *escaped = g_markup_escape_text (onboard_signup_get_email (self->signup), -1);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("We have sent an activation link to <b>%s</b>. Open the email from Assembly and click the link. This step then finishes by itself."),
                          escaped);
  gtk_label_set_markup (self->inbox_address_label, text);
  gtk_label_set_label (self->inbox_status_label, _("Waiting for you to open the link…"));
  gtk_spinner_set_spinning (self->inbox_spinner, TRUE);
  onboard_error_banner_hide (self->inbox_banner);
  onboard_resend_button_set_available_at (self->resend_button, onboard_signup_get_resend_available_at (self->signup));
}

static void
show_expired (OnboardInboxWait *self)
{
  stop_polling (self);
  g_signal_emit (self, signals[EXPIRED], 0);
}

/* ---- Signing in once the link is opened ------------------------------- */

static void
signed_in_with_signup_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(OnboardInboxWait) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onboard_client_sign_in_with_signup_finish (ONBOARD_CLIENT (object), result, &error))
    {
      g_autofree char *details = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      details = dup_error_details (error);
      gtk_spinner_set_spinning (self->inbox_spinner, FALSE);
      onboard_error_banner_show (self->inbox_banner, error->message, details, _("_Try Again"));
      return;
    }

  gtk_spinner_set_spinning (self->inbox_spinner, FALSE);
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
sign_in_with_signup (OnboardInboxWait *self)
{
  gtk_label_set_label (self->inbox_status_label, _("Your account is active. Signing you in…"));
  onboard_error_banner_hide (self->inbox_banner);
  gtk_spinner_set_spinning (self->inbox_spinner, TRUE);

  renew_cancellable (&self->inbox_cancellable);
  onboard_client_sign_in_with_signup_async (self->client,
                                            onboard_signup_get_id (self->signup),
                                            self->signup_token,
                                            self->inbox_cancellable,
                                            signed_in_with_signup_cb,
                                            g_object_ref (self));
}

static void
activated_cb (OnboardInboxWait *self,
              OnboardSignup    *signup)
{
  set_signup (self, signup);
  sign_in_with_signup (self);
}

/* The watcher goes on asking, a little later each time: say why the wait
 * is longer, with Check Now. */
static void
check_failed_cb (OnboardInboxWait *self,
                 const GError     *error)
{
  g_autofree char *details = dup_error_details (error);

  onboard_error_banner_show (self->inbox_banner, error->message, details, _("_Check Now"));
}

static void
checked_cb (OnboardInboxWait *self)
{
  onboard_error_banner_hide (self->inbox_banner);
}

static void
inbox_banner_clicked_cb (OnboardInboxWait *self)
{
  onboard_error_banner_hide (self->inbox_banner);

  if (onboard_signup_get_status (self->signup) == ONBOARD_SIGNUP_STATUS_ACTIVE)
    sign_in_with_signup (self);
  else
    onboard_activation_watcher_check_now (self->watcher);
}

/* ---- Resend ----------------------------------------------------------- */

/* Returns whether the failure was dealt with without a banner. */
static gboolean
resend_failed_quietly (OnboardInboxWait *self,
                       const GError     *error)
{
  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_GONE))
    {
      show_expired (self);
      return TRUE;
    }

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
    {
      /* Already active: the link was opened while we asked. */
      onboard_activation_watcher_check_now (self->watcher);
      return TRUE;
    }

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, MAX (1, onboard_client_error_get_retry_after (error)));

      onboard_resend_button_set_available_at (self->resend_button, when);
      return TRUE;
    }

  return FALSE;
}

static void
resend_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardInboxWait) self = user_data;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  signup = onboard_client_resend_activation_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *details = dup_error_details (error);

      /* The service answered, and would replay that answer to the same
       * key: the next press is a new request. */
      if (!onboard_client_error_is_outcome_unknown (error))
        g_clear_pointer (&self->resend_key, g_free);

      if (resend_failed_quietly (self, error))
        return;

      update_resend_button (self);
      onboard_error_banner_show (self->inbox_banner, error->message, details, NULL);
      return;
    }

  g_clear_pointer (&self->resend_key, g_free);
  set_signup (self, signup);
  gtk_label_set_label (self->inbox_status_label, _("We have sent the email again. Waiting for you to open the link…"));
  onboard_resend_button_set_available_at (self->resend_button, onboard_signup_get_resend_available_at (signup));
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardInboxWait *self = ONBOARD_INBOX_WAIT (widget);

  if (self->resend_key == NULL)
    self->resend_key = onboard_client_new_idempotency_key ();

  gtk_widget_action_set_enabled (widget, "signup.resend", FALSE);
  onboard_client_resend_activation_async (self->client,
                                          onboard_signup_get_id (self->signup),
                                          self->signup_token,
                                          self->resend_key,
                                          self->lifetime_cancellable,
                                          resend_cb,
                                          g_object_ref (self));
}

/* ---- Life cycle ------------------------------------------------------- */

static void
onboard_inbox_wait_dispose (GObject *object)
{
  OnboardInboxWait *self = (OnboardInboxWait *)object;

  g_cancellable_cancel (self->lifetime_cancellable);
  stop_polling (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_INBOX_WAIT);

  g_clear_object (&self->lifetime_cancellable);
  g_clear_object (&self->signup);
  g_clear_pointer (&self->signup_token, onboard_secrets_token_free);
  g_clear_object (&self->watcher);
  g_clear_object (&self->client);
  g_clear_pointer (&self->resend_key, g_free);

  G_OBJECT_CLASS (onboard_inbox_wait_parent_class)->dispose (object);
}

static void
onboard_inbox_wait_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnboardInboxWait *self = ONBOARD_INBOX_WAIT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_SIGNUP:
      g_value_set_object (value, self->signup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_inbox_wait_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OnboardInboxWait *self = ONBOARD_INBOX_WAIT (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      onboard_inbox_wait_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_inbox_wait_class_init (OnboardInboxWaitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_inbox_wait_dispose;
  object_class->get_property = onboard_inbox_wait_get_property;
  object_class->set_property = onboard_inbox_wait_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         ONBOARD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIGNUP] =
    g_param_spec_object ("signup", NULL, NULL,
                         ONBOARD_TYPE_SIGNUP,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardInboxWait::signed-in:
   *
   * The link was opened and the sign-up token signed the user in.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * OnboardInboxWait::expired:
   *
   * The activation link lapsed unopened; the wait has stopped.
   */
  signals[EXPIRED] =
    g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_RESEND_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-inbox-wait.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardInboxWait, inbox_address_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardInboxWait, inbox_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnboardInboxWait, inbox_status_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardInboxWait, inbox_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardInboxWait, resend_button);
  gtk_widget_class_bind_template_callback (widget_class, update_resend_button);
  gtk_widget_class_bind_template_callback (widget_class, inbox_banner_clicked_cb);

  gtk_widget_class_install_action (widget_class, "signup.resend", NULL, resend_action);
}

static void
onboard_inbox_wait_init (OnboardInboxWait *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lifetime_cancellable = g_cancellable_new ();
}

/* ---- Public API ------------------------------------------------------- */

GtkWidget *
onboard_inbox_wait_new (OnboardClient *client)
{
  g_return_val_if_fail (client == NULL || ONBOARD_IS_CLIENT (client), NULL);

  return g_object_new (ONBOARD_TYPE_INBOX_WAIT, "client", client, NULL);
}

/**
 * onboard_inbox_wait_get_client:
 *
 * Returns: (transfer none) (nullable): the client the wait asks the
 *   service with
 */
OnboardClient *
onboard_inbox_wait_get_client (OnboardInboxWait *self)
{
  g_return_val_if_fail (ONBOARD_IS_INBOX_WAIT (self), NULL);

  return self->client;
}

/**
 * onboard_inbox_wait_set_client:
 *
 * Sets the client the wait asks the service with, before it watches a
 * sign-up (its page gives it its own once it has been made).
 */
void
onboard_inbox_wait_set_client (OnboardInboxWait *self,
                               OnboardClient    *client)
{
  g_return_if_fail (ONBOARD_IS_INBOX_WAIT (self));
  g_return_if_fail (client == NULL || ONBOARD_IS_CLIENT (client));

  if (!g_set_object (&self->client, client))
    return;

  if (self->watcher != NULL)
    {
      onboard_activation_watcher_stop (self->watcher);
      g_signal_handlers_disconnect_by_data (self->watcher, self);
      g_clear_object (&self->watcher);
    }

  if (client != NULL)
    {
      self->watcher = onboard_activation_watcher_new (client);
      g_signal_connect_object (self->watcher, "activated", G_CALLBACK (activated_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "expired", G_CALLBACK (show_expired), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "check-failed", G_CALLBACK (check_failed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->watcher, "checked", G_CALLBACK (checked_cb), self, G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * onboard_inbox_wait_get_signup:
 *
 * Returns: (transfer none) (nullable): the sign-up whose link is awaited,
 *   as the service last described it
 */
OnboardSignup *
onboard_inbox_wait_get_signup (OnboardInboxWait *self)
{
  g_return_val_if_fail (ONBOARD_IS_INBOX_WAIT (self), NULL);

  return self->signup;
}

/**
 * onboard_inbox_wait_watch:
 * @signup: the sign-up, new or as the service describes it after a restart
 * @signup_token: (nullable): the token its creation gave, for the reads,
 *   Resend and the sign-in that follow
 *
 * Shows where the activation link went, and waits for it to be opened.
 * A sign-up already active signs in at once; one that lapsed is
 * "expired".
 */
void
onboard_inbox_wait_watch (OnboardInboxWait *self,
                          OnboardSignup    *signup,
                          const char       *signup_token)
{
  g_return_if_fail (ONBOARD_IS_INBOX_WAIT (self));
  g_return_if_fail (ONBOARD_IS_SIGNUP (signup));
  g_return_if_fail (self->watcher != NULL);

  set_signup (self, signup);
  if (self->signup_token != signup_token)
    {
      onboard_secrets_token_free (self->signup_token);
      self->signup_token = g_strdup (signup_token);
    }

  show_inbox (self);

  if (onboard_signup_get_status (signup) == ONBOARD_SIGNUP_STATUS_ACTIVE)
    sign_in_with_signup (self);
  else if (onboard_signup_get_status (signup) == ONBOARD_SIGNUP_STATUS_EXPIRED)
    show_expired (self);
  else
    onboard_activation_watcher_watch (self->watcher, signup, self->signup_token);
}

/**
 * onboard_inbox_wait_forget:
 *
 * Stops waiting, and lets go of the sign-up and its token: the user is
 * going back to the form to sign up again.
 */
void
onboard_inbox_wait_forget (OnboardInboxWait *self)
{
  g_return_if_fail (ONBOARD_IS_INBOX_WAIT (self));

  stop_polling (self);
  set_signup (self, NULL);
  g_clear_pointer (&self->signup_token, onboard_secrets_token_free);
  onboard_resend_button_set_available_at (self->resend_button, NULL);
}
