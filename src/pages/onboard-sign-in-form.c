/* onboard-sign-in-form.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-error-banner.h"
#include "onboard-field-message.h"
#include "onboard-password-row.h"
#include "onboard-focus.h"
#include "onboard-sign-in-form.h"
#include "onboard-validators.h"

/* Step 2's sign-in, for returning users: the email and password of an
 * Assembly account. It signs in, then reads the account, whose school
 * registration says where the user carries on, and hands it over with
 * "signed-in"; recording it is the page's business. A wrong password is
 * said under the rows, and so is a wait the service asks for; any other
 * failure keeps what the user typed, so that trying again is one click.
 *
 * The page reads "valid" for its Sign in action and "busy" while the
 * request runs; it "locks" the rows while another part of the step has a
 * request running. Back to Sign up names the page's action
 * signup.show-sign-up.
 *
 * The password lives only in its entry and in the one request that sends
 * it: the entry is cleared once the service has accepted it, or refused it.
 */

struct _OnboardSignInForm
{
  GtkBox                parent_instance;

  /* Template children */
  OnboardErrorBanner   *sign_in_banner;
  AdwEntryRow          *sign_in_email_row;
  OnboardPasswordRow   *sign_in_password_row;
  OnboardFieldMessage  *sign_in_message;

  OnboardClient        *client;

  /* What the page reads */
  gboolean              valid;
  gboolean              busy;
  gboolean              locked;

  GCancellable         *request_cancellable;
  GtkWidget            *focus_before_busy;
};

G_DEFINE_FINAL_TYPE (OnboardSignInForm, onboard_sign_in_form, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_BUSY,
  PROP_VALID,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
dup_trimmed (gpointer editable)
{
  return g_strstrip (g_strdup (editable_text (editable)));
}

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

static gboolean
sign_in_is_valid (OnboardSignInForm *self)
{
  g_autofree char *email = dup_trimmed (self->sign_in_email_row);

  return onboard_email_is_plausible (email) && editable_text (self->sign_in_password_row)[0] != '\0';
}

static void
update_valid (OnboardSignInForm *self)
{
  gboolean valid = sign_in_is_valid (self);

  if (self->valid == valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

/* The rows take no input while a request of the step runs. */
static void
update_sensitivity (OnboardSignInForm *self)
{
  gboolean sensitive = !self->busy && !self->locked;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_email_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_password_row), sensitive);
}

/* Busy: the request is running; the page holds navigation until it
 * answers. The focus leaves the rows before they turn insensitive, and
 * comes back when the answer leaves the user on the form. */
static void
set_busy (OnboardSignInForm *self,
          gboolean           busy)
{
  gboolean was_busy = self->busy;

  if (busy && !was_busy)
    onboard_focus_park (GTK_WIDGET (self), &self->focus_before_busy);

  self->busy = busy;
  if (busy != was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  update_sensitivity (self);
  update_valid (self);

  if (!busy && was_busy)
    onboard_focus_restore (&self->focus_before_busy);
}

static void
sign_in_changed_cb (OnboardSignInForm *self)
{
  if (onboard_field_message_get_kind (self->sign_in_message) == ONBOARD_FIELD_MESSAGE_ERROR)
    onboard_field_message_clear (self->sign_in_message);

  update_valid (self);
}

/* ---- The account ------------------------------------------------------ */

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardSignInForm) self = user_data;
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = onboard_client_get_account_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *details = dup_error_details (error);

      onboard_error_banner_show (self->sign_in_banner, error->message, details, _("_Try Again"));
      return;
    }

  g_signal_emit (self, signals[SIGNED_IN], 0, account);
}

static void
read_account (OnboardSignInForm *self)
{
  renew_cancellable (&self->request_cancellable);
  onboard_client_get_account_async (self->client, self->request_cancellable,
                                    account_cb, g_object_ref (self));
}

static void
sign_in_banner_clicked_cb (OnboardSignInForm *self)
{
  onboard_error_banner_hide (self->sign_in_banner);
  set_busy (self, TRUE);
  read_account (self);
}

/* ---- Signing in ------------------------------------------------------- */

static char *
dup_wait_text (guint wait)
{
  if (wait >= 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Too many tries. Wait %u minute, then try again.",
                                         "Too many tries. Wait %u minutes, then try again.",
                                         (wait + 59) / 60),
                            (wait + 59) / 60);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Too many tries. Wait %u second, then try again.",
                                       "Too many tries. Wait %u seconds, then try again.",
                                       MAX (wait, 1)),
                          MAX (wait, 1));
}

static void
sign_in_failed (OnboardSignInForm *self,
                const GError      *error)
{
  g_autofree char *details = NULL;

  /* A wrong password is retyped; after any other failure what the
   * user typed stays, so that signing in again is one click. */
  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED))
    gtk_editable_set_text (GTK_EDITABLE (self->sign_in_password_row), "");

  set_busy (self, FALSE);
  details = dup_error_details (error);

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED))
    {
      onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("That email and password do not match an account. Check them and try again."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_password_row));
    }
  else if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED))
    {
      g_autofree char *text = dup_wait_text (onboard_client_error_get_retry_after (error));

      onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
    }
  else
    onboard_error_banner_show (self->sign_in_banner, error->message, details, NULL);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnboardSignInForm) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onboard_client_sign_in_finish (ONBOARD_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sign_in_failed (self, error);
      return;
    }

  /* Signed in: the password has done its one job. */
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_password_row), "");

  /* Where the school got to decides where the user carries on. */
  read_account (self);
}

static void
start_sign_in (OnboardSignInForm *self)
{
  g_autofree char *email = dup_trimmed (self->sign_in_email_row);

  onboard_error_banner_hide (self->sign_in_banner);
  onboard_field_message_clear (self->sign_in_message);
  set_busy (self, TRUE);

  renew_cancellable (&self->request_cancellable);
  onboard_client_sign_in_async (self->client,
                                email,
                                editable_text (self->sign_in_password_row),
                                self->request_cancellable,
                                signed_in_cb,
                                g_object_ref (self));
}

static void
sign_in_activated_cb (OnboardSignInForm *self)
{
  if (sign_in_is_valid (self) && !self->busy && !self->locked)
    start_sign_in (self);
}

/* ---- Life cycle ------------------------------------------------------- */

static gboolean
onboard_sign_in_form_grab_focus (GtkWidget *widget)
{
  OnboardSignInForm *self = ONBOARD_SIGN_IN_FORM (widget);

  if (self->sign_in_email_row == NULL)
    return FALSE;

  return gtk_widget_grab_focus (editable_text (self->sign_in_email_row)[0] == '\0'
                                ? GTK_WIDGET (self->sign_in_email_row)
                                : GTK_WIDGET (self->sign_in_password_row));
}

static void
onboard_sign_in_form_dispose (GObject *object)
{
  OnboardSignInForm *self = (OnboardSignInForm *)object;

  g_cancellable_cancel (self->request_cancellable);
  g_clear_weak_pointer (&self->focus_before_busy);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SIGN_IN_FORM);

  g_clear_object (&self->request_cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (onboard_sign_in_form_parent_class)->dispose (object);
}

static void
onboard_sign_in_form_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnboardSignInForm *self = ONBOARD_SIGN_IN_FORM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_sign_in_form_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OnboardSignInForm *self = ONBOARD_SIGN_IN_FORM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      onboard_sign_in_form_set_client (self, g_value_get_object (value));
      break;

    case PROP_LOCKED:
      onboard_sign_in_form_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_sign_in_form_class_init (OnboardSignInFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_sign_in_form_dispose;
  object_class->get_property = onboard_sign_in_form_get_property;
  object_class->set_property = onboard_sign_in_form_set_property;
  widget_class->grab_focus = onboard_sign_in_form_grab_focus;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         ONBOARD_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardSignInForm::signed-in:
   * @account: the account signed in to, with its school's registration
   *
   * The service accepted the email and password.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ONBOARD_TYPE_ACCOUNT);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_FIELD_MESSAGE);
  g_type_ensure (ONBOARD_TYPE_PASSWORD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-sign-in-form.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSignInForm, sign_in_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignInForm, sign_in_email_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignInForm, sign_in_password_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignInForm, sign_in_message);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_banner_clicked_cb);
}

static void
onboard_sign_in_form_init (OnboardSignInForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- Public API ------------------------------------------------------- */

GtkWidget *
onboard_sign_in_form_new (OnboardClient *client)
{
  g_return_val_if_fail (client == NULL || ONBOARD_IS_CLIENT (client), NULL);

  return g_object_new (ONBOARD_TYPE_SIGN_IN_FORM, "client", client, NULL);
}

/**
 * onboard_sign_in_form_get_client:
 *
 * Returns: (transfer none) (nullable): the client the form signs in with
 */
OnboardClient *
onboard_sign_in_form_get_client (OnboardSignInForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGN_IN_FORM (self), NULL);

  return self->client;
}

/**
 * onboard_sign_in_form_set_client:
 *
 * Sets the client the form signs in with, before the user can type (its
 * page gives it its own once it has been made).
 */
void
onboard_sign_in_form_set_client (OnboardSignInForm *self,
                                 OnboardClient     *client)
{
  g_return_if_fail (ONBOARD_IS_SIGN_IN_FORM (self));
  g_return_if_fail (client == NULL || ONBOARD_IS_CLIENT (client));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * onboard_sign_in_form_get_busy:
 *
 * Returns: whether the sign-in (or the account read after it) runs
 */
gboolean
onboard_sign_in_form_get_busy (OnboardSignInForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGN_IN_FORM (self), FALSE);

  return self->busy;
}

/**
 * onboard_sign_in_form_get_valid:
 *
 * Returns: whether a whole email address and a password are typed, so
 *   that Sign in can be pressed
 */
gboolean
onboard_sign_in_form_get_valid (OnboardSignInForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGN_IN_FORM (self), FALSE);

  return self->valid;
}

/**
 * onboard_sign_in_form_get_hint:
 *
 * Returns: what signing in needs, as a sentence to show beside Sign in
 *   while it cannot be pressed
 */
const char *
onboard_sign_in_form_get_hint (OnboardSignInForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGN_IN_FORM (self), NULL);

  return _("To sign in, enter the email address and password of your Assembly account.");
}

gboolean
onboard_sign_in_form_get_locked (OnboardSignInForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGN_IN_FORM (self), FALSE);

  return self->locked;
}

/**
 * onboard_sign_in_form_set_locked:
 * @locked: whether another request of the step is running
 *
 * A step runs one request at a time: while another part of it waits for
 * an answer, the rows take no input and Enter sends nothing.
 */
void
onboard_sign_in_form_set_locked (OnboardSignInForm *self,
                                 gboolean           locked)
{
  g_return_if_fail (ONBOARD_IS_SIGN_IN_FORM (self));

  locked = !!locked;

  if (self->locked == locked)
    return;

  /* As while busy, the focus leaves rows about to turn insensitive. */
  if (locked && !self->busy)
    onboard_focus_park (GTK_WIDGET (self), &self->focus_before_busy);

  self->locked = locked;
  update_sensitivity (self);

  if (!locked && !self->busy)
    onboard_focus_restore (&self->focus_before_busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/**
 * onboard_sign_in_form_prepare:
 * @email: (nullable): the address the user is known by, if any
 *
 * Readies the form as it comes into view: an empty email row gets @email,
 * and the error the last try left goes.
 */
void
onboard_sign_in_form_prepare (OnboardSignInForm *self,
                              const char        *email)
{
  g_return_if_fail (ONBOARD_IS_SIGN_IN_FORM (self));

  if (editable_text (self->sign_in_email_row)[0] == '\0' && email != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), email);

  sign_in_changed_cb (self);
}

/**
 * onboard_sign_in_form_sign_in:
 *
 * What Sign in does: signs in when the form is complete; otherwise says
 * what is missing under the rows, and puts the focus there.
 */
void
onboard_sign_in_form_sign_in (OnboardSignInForm *self)
{
  g_autofree char *email = NULL;

  g_return_if_fail (ONBOARD_IS_SIGN_IN_FORM (self));

  if (self->busy || self->locked)
    return;

  if (sign_in_is_valid (self))
    {
      start_sign_in (self);
      return;
    }

  email = dup_trimmed (self->sign_in_email_row);

  if (!onboard_email_is_plausible (email))
    {
      onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("Enter the email address of your Assembly account."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_email_row));
    }
  else
    {
      onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_password_row));
    }
}

/**
 * onboard_sign_in_form_ask_after_activation:
 * @email: the address signed up with
 *
 * After a restart, when the sign-up's token could not be read: the app
 * cannot ask whether the activation link was opened, but once it has been,
 * signing in with the password works just as well. Fills in @email and
 * says so.
 */
void
onboard_sign_in_form_ask_after_activation (OnboardSignInForm *self,
                                           const char        *email)
{
  g_return_if_fail (ONBOARD_IS_SIGN_IN_FORM (self));

  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), email != NULL ? email : "");
  onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_INFO,
                              _("Open the activation link in the email from Assembly, then sign in here with your password."));
}
