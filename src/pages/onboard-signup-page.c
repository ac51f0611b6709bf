/* onboard-signup-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-inbox-wait.h"
#include "onboard-literal-text.h"
#include "onboard-sign-in-form.h"
#include "onboard-signup-form.h"
#include "onboard-signup-page.h"

/* Step 2, "Sign up". The user types an invite code, an email and a password
 * and accepts the terms; the rest is the app's job: it checks the invite
 * code as they type, creates the account, waits on its own for the
 * activation link to be opened, signs in with the sign-up token (so the
 * password is never kept) and moves on. Returning users sign in instead.
 *
 * The step has three parts, each a widget of its own: the sign-up form
 * (OnboardSignupForm), the wait for the activation email
 * (OnboardInboxWait) and the sign-in form (OnboardSignInForm). The page
 * decides which one shows, turns what they say into its primary action
 * and hint, records in the progress store what they achieved, picks the
 * wait up again after a restart, and finishes the step. The parts never
 * talk to each other: they tell the page with signals and properties, and
 * their buttons that move between them name the page's actions.
 */

struct _OnboardSignupPage
{
  OnboardPage           parent_instance;

  /* Template children */
  OnboardStepHeader    *header;
  GtkStack             *stack;
  OnboardSignupForm    *signup_form;
  OnboardInboxWait     *inbox_wait;
  OnboardSignInForm    *sign_in_form;
  AdwStatusPage        *signed_in_status;

  /* Services */
  OnboardCredentials   *credentials;

  /* Picking the wait up again after a restart */
  gboolean              resumed;
  char                 *resume_token;
  GCancellable         *lifetime_cancellable;
};

G_DEFINE_FINAL_TYPE (OnboardSignupPage, onboard_signup_page, ONBOARD_TYPE_PAGE)

/* The primary action of the view in sight, shown by the window. Sign up and
 * Sign in can be pressed once the form is complete; until then the hint
 * beside them says what is missing. Waiting for the email there is none. */
static void
update_primary (OnboardSignupPage *self)
{
  const char *view = gtk_stack_get_visible_child_name (self->stack);
  OnboardPage *page = ONBOARD_PAGE (self);

  onboard_page_set_primary_hint (page, NULL);

  if (g_strcmp0 (view, "form") == 0)
    {
      onboard_page_set_primary (page, _("_Sign up"), onboard_signup_form_get_valid (self->signup_form));
      onboard_page_set_primary_hint (page, onboard_signup_form_get_hint (self->signup_form));
    }
  else if (g_strcmp0 (view, "sign-in") == 0)
    {
      onboard_page_set_primary (page, _("Sign _in"), onboard_sign_in_form_get_valid (self->sign_in_form));
      onboard_page_set_primary_hint (page, onboard_sign_in_form_get_hint (self->sign_in_form));
    }
  else if (g_strcmp0 (view, "expired") == 0)
    onboard_page_set_primary (page, _("_Start Again"), TRUE);
  else if (g_strcmp0 (view, "signed-in") == 0)
    onboard_page_set_primary (page, _("_Next"), TRUE);
  else
    onboard_page_set_primary (page, NULL, FALSE);
}

static void
set_view (OnboardSignupPage *self,
          const char        *view)
{
  gtk_stack_set_visible_child_name (self->stack, view);
  update_primary (self);
}

/* What quitting would lose: what is typed in the sign-up form. Once the
 * sign-up went through it is saved, and the rows still holding its invite
 * code and email lose nothing on closing; nor does anything once the step
 * is done. */
static void
update_has_input (OnboardSignupPage *self)
{
  OnboardPage *page = ONBOARD_PAGE (self);

  onboard_page_set_has_input (page,
                              onboard_signup_form_get_has_input (self->signup_form) &&
                              onboard_inbox_wait_get_signup (self->inbox_wait) == NULL &&
                              !onboard_page_get_complete (page));
}

/* Busy: a request of one of the parts is running, and the window holds
 * navigation until it answers. A step runs one request at a time: the
 * other form's rows take no input meanwhile. */
static void
update_busy (OnboardSignupPage *self)
{
  gboolean signing_up = onboard_signup_form_get_busy (self->signup_form);
  gboolean signing_in = onboard_sign_in_form_get_busy (self->sign_in_form);

  onboard_page_set_busy (ONBOARD_PAGE (self), signing_up || signing_in);
  onboard_signup_form_set_locked (self->signup_form, signing_in);
  onboard_sign_in_form_set_locked (self->sign_in_form, signing_up);
  update_primary (self);
}

static void
show_signed_in (OnboardSignupPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("You are signed in as %s."),
                                 onboard_progress_get_email (progress));
  onboard_status_page_set_literal_description (self->signed_in_status, description);
  set_view (self, "signed-in");
}

static void
finish_step (OnboardSignupPage *self)
{
  show_signed_in (self);

  onboard_page_set_has_input (ONBOARD_PAGE (self), FALSE);
  /* The window moves on, to where the account says the user is. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
}

static void
show_expired (OnboardSignupPage *self)
{
  set_view (self, "expired");
}

/* ---- What the parts achieved ------------------------------------------ */

static void
signed_up_cb (OnboardSignupPage *self,
              OnboardSignup     *signup)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  /* Only the answer to POST /signups carries the token; the wait keeps it
   * for the reads and the sign-in that follow. */
  const char *token = onboard_signup_get_signup_token (signup);

  onboard_progress_set_email (progress, onboard_signup_get_email (signup));
  onboard_progress_set_invite_code (progress, onboard_signup_form_get_invite_code (self->signup_form));
  onboard_progress_set_signup_id (progress, onboard_signup_get_id (signup));
  onboard_progress_set_apps (progress, onboard_signup_get_apps (signup));

  /* So a restart can go on waiting for the link without the password. */
  if (self->credentials != NULL && token != NULL)
    onboard_credentials_keep_signup_token (self->credentials, token);

  set_view (self, "inbox");
  onboard_inbox_wait_watch (self->inbox_wait, signup, token);

  /* The form the focus was in is gone: the keyboard (and a screen reader,
   * which says "Check Your Inbox" as the focus enters) starts at what the
   * step says now. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_child_focus (GTK_WIDGET (self->inbox_wait), GTK_DIR_TAB_FORWARD);
}

static void
signed_in_cb (OnboardSignupPage *self,
              OnboardAccount    *account)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardSchoolRegistration *registration;

  onboard_progress_set_email (progress, onboard_account_get_email (account));
  onboard_progress_set_apps (progress, onboard_account_get_apps (account));

  /* Where the school got to decides where the user carries on. */
  registration = onboard_account_get_school_registration (account);
  if (registration != NULL)
    {
      OnboardConnectorStatus status = onboard_school_registration_get_connector_status (registration);

      onboard_progress_set_school_urn (progress, onboard_school_registration_get_urn (registration));
      onboard_progress_set_school_name (progress, onboard_school_registration_get_school_name (registration));
      onboard_progress_set_mis_provider (progress, onboard_school_registration_get_mis_provider (registration));
      onboard_progress_set_registration_id (progress, onboard_school_registration_get_id (registration));
      onboard_progress_set_connector_id (progress, onboard_school_registration_get_connector_id (registration));
      onboard_progress_set_connector_status (progress, onboard_connector_status_to_string (status));
    }

  finish_step (self);
}

/* ---- Moving between the parts ----------------------------------------- */

static void
change_email_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));

  /* Back to the form with the invite code kept; the next Sign up makes a
   * new account for the corrected address. */
  onboard_inbox_wait_forget (self->inbox_wait);
  onboard_progress_set_signup_id (progress, NULL);
  set_view (self, "form");
  onboard_signup_form_start_again (self->signup_form,
                                   onboard_progress_get_invite_code (progress),
                                   onboard_progress_get_email (progress));
}

static void
show_sign_in_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *email = onboard_signup_form_dup_email (self->signup_form);

  /* The address typed for signing up; else, sent back here to sign in
   * again, the account's. */
  onboard_sign_in_form_prepare (self->sign_in_form,
                                *email != '\0' ? email : onboard_progress_get_email (progress));

  /* Signing in again (the service stopped accepting the last sign-in): the
   * step is not done until it succeeds, and then the window moves on. */
  onboard_page_set_complete (ONBOARD_PAGE (self), FALSE);
  set_view (self, "sign-in");
  gtk_widget_grab_focus (GTK_WIDGET (self->sign_in_form));
}

static void
show_sign_up_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);

  set_view (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->signup_form));
}

static gboolean
onboard_signup_page_activate_primary (OnboardPage *page)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (page);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "form") == 0)
    onboard_signup_form_sign_up (self->signup_form);
  else if (g_strcmp0 (view, "sign-in") == 0)
    onboard_sign_in_form_sign_in (self->sign_in_form);
  else if (g_strcmp0 (view, "expired") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "signup.change-email", NULL);
  else if (g_strcmp0 (view, "signed-in") == 0)
    return FALSE;

  return TRUE;
}

/* ---- Life cycle ------------------------------------------------------- */

/* Back after a restart while the activation link was still unopened. */
static void
resumed_signup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardSecretsToken) token = NULL;
  g_autoptr(GError) error = NULL;

  signup = onboard_client_get_signup_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  token = g_steal_pointer (&self->resume_token);

  if (signup == NULL)
    {
      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_GONE))
        show_expired (self);
      return;
    }

  set_view (self, "inbox");
  onboard_inbox_wait_watch (self->inbox_wait, signup, token);

  /* The form the focus was in is gone: the keyboard (and a screen reader,
   * which says "Check Your Inbox" as the focus enters) starts at what the
   * step says now. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_child_focus (GTK_WIDGET (self->inbox_wait), GTK_DIR_TAB_FORWARD);
}

static void
resumed_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardSecretsToken) token = NULL;

  token = onboard_credentials_lookup_signup_token_finish (ONBOARD_CREDENTIALS (object), result, &error);

  /* Disposed meanwhile: dispose cancelled the lookup, and has already let
   * go of the cancellable, the widgets and the client. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (token == NULL)
    {
      /* Without the token the app cannot ask about the link: once it is
       * opened, signing in with the password works just as well. */
      set_view (self, "sign-in");
      onboard_sign_in_form_ask_after_activation (self->sign_in_form,
                                                 onboard_progress_get_email (progress));
      return;
    }

  self->resume_token = g_steal_pointer (&token);
  onboard_client_get_signup_async (client,
                                   onboard_progress_get_signup_id (progress),
                                   self->resume_token,
                                   self->lifetime_cancellable,
                                   resumed_signup_cb,
                                   g_object_ref (self));
}

static void
onboard_signup_page_shown (OnboardPage *page)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (page);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (onboard_client_get_signed_in (client) &&
      onboard_progress_get_email (progress) != NULL &&
      g_strcmp0 (view, "inbox") != 0)
    {
      /* Back from a later step: the account is done; nothing to redo. */
      show_signed_in (self);
      onboard_page_set_complete (page, TRUE);
      return;
    }

  if (!self->resumed && self->credentials != NULL &&
      onboard_inbox_wait_get_signup (self->inbox_wait) == NULL &&
      !onboard_client_get_signed_in (client) &&
      onboard_progress_get_signup_id (progress) != NULL &&
      g_strcmp0 (view, "form") == 0)
    {
      self->resumed = TRUE;
      onboard_credentials_lookup_signup_token_async (self->credentials, self->lifetime_cancellable,
                                                     resumed_token_cb, g_object_ref (self));
      return;
    }

  if (g_strcmp0 (view, "form") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->signup_form));
}

static void
onboard_signup_page_constructed (GObject *object)
{
  OnboardSignupPage *self = (OnboardSignupPage *)object;
  OnboardClient *client = onboard_page_get_client (ONBOARD_PAGE (self));

  G_OBJECT_CLASS (onboard_signup_page_parent_class)->constructed (object);

  /* The parts talk to the service through the page's client. */
  onboard_signup_form_set_client (self->signup_form, client);
  onboard_inbox_wait_set_client (self->inbox_wait, client);
  onboard_sign_in_form_set_client (self->sign_in_form, client);
}

static void
onboard_signup_page_dispose (GObject *object)
{
  OnboardSignupPage *self = (OnboardSignupPage *)object;

  g_cancellable_cancel (self->lifetime_cancellable);

  /* The parts cancel their own requests when they go. One whose answer is
   * on its way is held by that request, not by the page, until it comes:
   * what the part says then reaches no one, as the page's handlers went
   * with the page. */
  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SIGNUP_PAGE);

  g_clear_object (&self->lifetime_cancellable);
  g_clear_pointer (&self->resume_token, onboard_secrets_token_free);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (onboard_signup_page_parent_class)->dispose (object);
}

static void
onboard_signup_page_class_init (OnboardSignupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OnboardPageClass *page_class = ONBOARD_PAGE_CLASS (klass);

  object_class->constructed = onboard_signup_page_constructed;
  object_class->dispose = onboard_signup_page_dispose;

  page_class->shown = onboard_signup_page_shown;
  page_class->activate_primary = onboard_signup_page_activate_primary;

  g_type_ensure (ONBOARD_TYPE_INBOX_WAIT);
  g_type_ensure (ONBOARD_TYPE_SIGN_IN_FORM);
  g_type_ensure (ONBOARD_TYPE_SIGNUP_FORM);
  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-signup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, signup_form);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, inbox_wait);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, sign_in_form);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, signed_in_status);

  gtk_widget_class_bind_template_callback (widget_class, update_primary);
  gtk_widget_class_bind_template_callback (widget_class, update_has_input);
  gtk_widget_class_bind_template_callback (widget_class, update_busy);
  gtk_widget_class_bind_template_callback (widget_class, signed_up_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, finish_step);
  gtk_widget_class_bind_template_callback (widget_class, show_expired);

  gtk_widget_class_install_action (widget_class, "signup.change-email", NULL, change_email_action);
  gtk_widget_class_install_action (widget_class, "signup.show-sign-in", NULL, show_sign_in_action);
  gtk_widget_class_install_action (widget_class, "signup.show-sign-up", NULL, show_sign_up_action);
}

static void
onboard_signup_page_init (OnboardSignupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lifetime_cancellable = g_cancellable_new ();

  onboard_page_set_title (ONBOARD_PAGE (self), _("Sign up"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  /* Done or not, the step has nothing left to lose. */
  g_signal_connect (self, "notify::complete", G_CALLBACK (update_has_input), NULL);
  update_primary (self);
}

OnboardPage *
onboard_signup_page_new (OnboardClient      *client,
                         OnboardProgress    *progress,
                         OnboardCredentials *credentials)
{
  OnboardSignupPage *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);

  self = g_object_new (ONBOARD_TYPE_SIGNUP_PAGE, "client", client, "progress", progress, NULL);
  self->credentials = credentials ? g_object_ref (credentials) : NULL;

  return ONBOARD_PAGE (self);
}

/**
 * onboard_signup_page_get_view:
 *
 * Returns: which part of the step shows: "form", "inbox", "expired",
 *   "sign-in" or "signed-in".
 */
const char *
onboard_signup_page_get_view (OnboardSignupPage *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
