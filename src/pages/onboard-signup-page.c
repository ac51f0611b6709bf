/* onboard-signup-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-activation-watcher.h"
#include "onboard-error-banner.h"
#include "onboard-resend-button.h"
#include "onboard-field-message.h"
#include "onboard-signup-page.h"
#include "onboard-validators.h"
#include "onboard-literal-text.h"

/* Step 2, "Sign up". The user types an invite code, an email and a password
 * and accepts the terms; the rest is the app's job: it checks the invite
 * code as they type, creates the account, waits on its own for the
 * activation link to be opened, signs in with the sign-up token (so the
 * password is never kept) and moves on. Returning users sign in instead.
 *
 * The password lives only in its entry and in the one request that sends
 * it: the entry is cleared as soon as that request has answered.
 */

#define INVITE_CHECK_DELAY_MS 400
#define MIN_PASSWORD_LENGTH 10

struct _OnboardSignupPage
{
  OnboardPage           parent_instance;

  /* Template children */
  OnboardStepHeader    *header;
  GtkStack             *stack;
  GtkBox               *form_box;
  OnboardErrorBanner   *form_banner;
  AdwEntryRow          *invite_row;
  OnboardFieldMessage  *invite_message;
  GtkRevealer          *no_code_revealer;
  GtkLabel             *no_code_label;
  AdwEntryRow          *email_row;
  OnboardFieldMessage  *email_message;
  GtkButton            *taken_sign_in_button;
  AdwEntryRow          *password_row;
  OnboardFieldMessage  *password_message;
  AdwActionRow         *terms_row;
  GtkSwitch            *terms_switch;
  OnboardFieldMessage  *terms_message;
  GtkButton            *cancel_button;
  GtkLabel             *inbox_address_label;
  GtkSpinner           *inbox_spinner;
  GtkLabel             *inbox_status_label;
  OnboardErrorBanner   *inbox_banner;
  OnboardResendButton  *resend_button;
  GtkButton            *change_email_button;
  OnboardErrorBanner   *sign_in_banner;
  AdwEntryRow          *sign_in_email_row;
  AdwEntryRow          *sign_in_password_row;
  OnboardFieldMessage  *sign_in_message;
  AdwStatusPage        *signed_in_status;

  /* Services */
  OnboardCredentials   *credentials;
  gboolean              resumed;

  /* State */
  GCancellable         *invite_cancellable;
  guint                 invite_check_id;
  OnboardInviteCode    *invite;
  gboolean              invite_refused;

  GCancellable         *request_cancellable;
  GtkWidget            *focus_before_busy;
  char                 *sign_up_key;
  char                 *resend_key;
  OnboardTerms         *terms;
  gboolean              sign_up_after_terms;
  gboolean              show_field_errors;
  /* Back at the form after a sign-up: its password was not kept. */
  gboolean              password_not_kept;
  gboolean              password_refused;

  OnboardSignup        *signup;
  char                 *signup_token;
  /* Asks about the sign-up until the activation link is opened. */
  OnboardActivationWatcher *watcher;
  GCancellable         *inbox_cancellable;
  GCancellable         *lifetime_cancellable;
};

G_DEFINE_FINAL_TYPE (OnboardSignupPage, onboard_signup_page, ONBOARD_TYPE_PAGE)

static void update_form_state  (OnboardSignupPage *self);
static void update_sign_in     (OnboardSignupPage *self);
static void start_sign_up      (OnboardSignupPage *self);
static void focus_first_problem (OnboardSignupPage *self);

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

static gboolean form_is_valid    (OnboardSignupPage *self);
static gboolean sign_in_is_valid (OnboardSignupPage *self);
static const char *form_hint     (OnboardSignupPage *self);

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
      onboard_page_set_primary (page, _("_Sign up"), form_is_valid (self));
      onboard_page_set_primary_hint (page, form_hint (self));
    }
  else if (g_strcmp0 (view, "sign-in") == 0)
    {
      onboard_page_set_primary (page, _("Sign _in"), sign_in_is_valid (self));
      onboard_page_set_primary_hint (page, _("To sign in, enter the email address and password of your Assembly account."));
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

/* The focus leaves the fields before they turn insensitive, and comes back
 * when the answer leaves the user on the same form. An entry that turns
 * insensitive while focused never hears that it lost the focus (GTK 4.8):
 * its cursor keeps blinking and GTK warns. Not onto Cancel: a second,
 * impatient Enter would cancel the request. */
static void
park_focus (OnboardSignupPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;

  g_set_weak_pointer (&self->focus_before_busy, focus);
  gtk_root_set_focus (root, NULL);
}

static void
restore_focus (OnboardSignupPage *self)
{
  if (self->focus_before_busy != NULL &&
      gtk_widget_get_mapped (self->focus_before_busy) &&
      gtk_widget_is_sensitive (self->focus_before_busy))
    gtk_widget_grab_focus (self->focus_before_busy);

  g_clear_weak_pointer (&self->focus_before_busy);
}

/* Busy: a request is running. The form cannot be changed under it, but it
 * can be cancelled, and the window holds navigation until it answers. */
static void
set_busy (OnboardSignupPage *self,
          gboolean           busy)
{
  gboolean was_busy = onboard_page_get_busy (ONBOARD_PAGE (self));

  if (busy && !was_busy)
    park_focus (self);

  onboard_page_set_busy (ONBOARD_PAGE (self), busy);

  gtk_widget_set_sensitive (GTK_WIDGET (self->invite_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->terms_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_password_row), !busy);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.cancel", busy);
  update_form_state (self);
  update_sign_in (self);

  if (!busy && was_busy)
    restore_focus (self);
}

static void
finish_step (OnboardSignupPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("You are signed in as %s."),
                                 onboard_progress_get_email (progress));
  onboard_status_page_set_literal_description (self->signed_in_status, description);
  set_view (self, "signed-in");

  onboard_page_set_has_input (ONBOARD_PAGE (self), FALSE);
  /* The window moves on, to where the account says the user is. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
}

/* ---- Invite code ------------------------------------------------------ */

static void
show_invite_result (OnboardSignupPage *self)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *text = NULL;

  if (self->invite == NULL)
    return;

  switch (onboard_invite_code_get_reason (self->invite))
    {
    case ONBOARD_INVITE_CODE_REASON_NONE:
      if (onboard_invite_code_get_organisation (self->invite) != NULL)
        text = g_strdup_printf (_("Valid invite for %s"), onboard_invite_code_get_organisation (self->invite));
      else
        text = g_strdup (_("Valid invite code"));
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_SUCCESS, text);
      break;

    case ONBOARD_INVITE_CODE_REASON_EXPIRED:
      text = g_strdup_printf (_("This invite code has expired. Call Assembly on %s for a new one."), phone);
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
      break;

    case ONBOARD_INVITE_CODE_REASON_ALREADY_USED:
      text = g_strdup_printf (_("This invite code has already been used. If you signed up before, sign in below; if not, call Assembly on %s."), phone);
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
      break;

    case ONBOARD_INVITE_CODE_REASON_UNKNOWN:
    default:
      text = g_strdup_printf (_("This invite code cannot be used. Call Assembly on %s."), phone);
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
      break;
    }
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
invite_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  g_autoptr(OnboardInviteCode) invite = NULL;
  g_autoptr(GError) error = NULL;

  invite = onboard_client_check_invite_code_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->invite_cancellable);

  if (error != NULL)
    {
      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND))
        onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                    _("We do not recognise this invite code. Check it against the email from Assembly."));
      else
        /* Not knowing is no reason to stop the user: Sign up checks again. */
        onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_INFO,
                                    _("The invite code could not be checked just now; it will be checked when you sign up."));

      g_clear_object (&self->invite);
      self->invite_refused = g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND);
      update_form_state (self);
      return;
    }

  g_set_object (&self->invite, invite);
  self->invite_refused = !onboard_invite_code_get_valid (invite);
  show_invite_result (self);
  update_form_state (self);
}

static gboolean
check_invite_code_cb (gpointer user_data)
{
  OnboardSignupPage *self = user_data;
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));

  self->invite_check_id = 0;

  if (!onboard_invite_code_is_plausible (code))
    {
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("An invite code is 4 to 32 letters and numbers, like DEMO-ASSEMBLY."));
      self->invite_refused = TRUE;
      update_form_state (self);
      return G_SOURCE_REMOVE;
    }

  onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_BUSY, _("Checking the invite code…"));

  self->invite_cancellable = g_cancellable_new ();
  onboard_client_check_invite_code_async (client, code, self->invite_cancellable,
                                          invite_checked_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
invite_changed_cb (OnboardSignupPage *self)
{
  /* Check shortly after typing stops; an earlier check is now stale. */
  g_cancellable_cancel (self->invite_cancellable);
  g_clear_object (&self->invite_cancellable);
  g_clear_handle_id (&self->invite_check_id, g_source_remove);
  g_clear_object (&self->invite);
  self->invite_refused = FALSE;
  g_clear_pointer (&self->sign_up_key, g_free);

  if (editable_text (self->invite_row)[0] == '\0')
    onboard_field_message_clear (self->invite_message);
  else
    self->invite_check_id = g_timeout_add (INVITE_CHECK_DELAY_MS, check_invite_code_cb, self);

  update_form_state (self);
}

static void
no_code_clicked_cb (OnboardSignupPage *self)
{
  gtk_revealer_set_reveal_child (self->no_code_revealer,
                                 !gtk_revealer_get_reveal_child (self->no_code_revealer));
}

/* ---- The form --------------------------------------------------------- */

static guint
count_character_classes (const char *text)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  return lower + upper + digit + other;
}

static void
update_password_message (OnboardSignupPage *self,
                         const char        *email)
{
  const char *password = editable_text (self->password_row);
  glong length = g_utf8_strlen (password, -1);

  /* The service's verdict (too common, say) outranks the quick checks here,
   * until the password or the email changes. */
  if (self->password_refused)
    return;

  if (length == 0 && self->password_not_kept && !self->show_field_errors)
    onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_INFO,
                                _("Type your password again: it is never kept. At least 10 characters."));
  else if (length == 0)
    {
      if (self->show_field_errors)
        onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                    _("Choose a password of at least 10 characters."));
      else
        onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_INFO,
                                    _("At least 10 characters."));
    }
  else if (length < MIN_PASSWORD_LENGTH)
    {
      g_autofree char *text = NULL;
      guint missing = MIN_PASSWORD_LENGTH - length;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Too short: %u more character needed.",
                                           "Too short: %u more characters needed.",
                                           missing),
                              missing);
      onboard_field_message_show (self->password_message,
                                  self->show_field_errors ? ONBOARD_FIELD_MESSAGE_ERROR : ONBOARD_FIELD_MESSAGE_INFO,
                                  text);
    }
  else if (onboard_password_contains_email (password, email))
    {
      g_autofree char *text = NULL;

      /* Name what was found, so that it is clear a part of the address
       * (the "office" of office@…) would be allowed. */
      text = g_strdup_printf (_("Your password contains your email address, %s. Leave the address out of it."),
                              email);
      onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
    }
  else if (length >= 14 && count_character_classes (password) >= 3)
    onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_SUCCESS,
                                _("Strong password."));
  else
    onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_SUCCESS,
                                _("Long enough. Longer, with numbers or symbols, is stronger."));
}

static gboolean
form_is_valid (OnboardSignupPage *self)
{
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);
  const char *password = editable_text (self->password_row);

  return onboard_invite_code_is_plausible (code) &&
         !self->invite_refused &&
         !self->password_refused &&
         onboard_email_is_plausible (email) &&
         g_utf8_strlen (password, -1) >= MIN_PASSWORD_LENGTH &&
         !onboard_password_contains_email (password, email) &&
         gtk_switch_get_active (self->terms_switch);
}

static void
update_form_state (OnboardSignupPage *self)
{
  g_autofree char *email = dup_trimmed (self->email_row);
  gboolean has_input;

  /* Once the sign-up went through it is saved, and the rows still holding
   * its invite code and email lose nothing on closing; a late answer (the
   * invite check, a busy spell) must not make them count again. */
  has_input = self->signup == NULL &&
              (editable_text (self->invite_row)[0] != '\0' ||
               editable_text (self->email_row)[0] != '\0' ||
               editable_text (self->password_row)[0] != '\0');
  onboard_page_set_has_input (ONBOARD_PAGE (self),
                              has_input && !onboard_page_get_complete (ONBOARD_PAGE (self)));

  /* The email's shape is checked as it is typed, gently until Sign up. */
  if (onboard_field_message_get_kind (self->email_message) != ONBOARD_FIELD_MESSAGE_ERROR ||
      onboard_email_is_plausible (email) || *email == '\0')
    {
      if (*email != '\0' && !onboard_email_is_plausible (email))
        onboard_field_message_show (self->email_message,
                                    self->show_field_errors ? ONBOARD_FIELD_MESSAGE_ERROR : ONBOARD_FIELD_MESSAGE_INFO,
                                    _("Enter your whole email address, like office@school.sch.uk."));
      else if (*email == '\0' && self->show_field_errors)
        onboard_field_message_show (self->email_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                    _("Enter your email address."));
      else if (onboard_field_message_get_kind (self->email_message) != ONBOARD_FIELD_MESSAGE_ERROR)
        onboard_field_message_clear (self->email_message);
    }

  update_password_message (self, email);

  if (self->show_field_errors && !gtk_switch_get_active (self->terms_switch))
    onboard_field_message_show (self->terms_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Read the terms of service, then switch this on to accept them."));
  else if (gtk_switch_get_active (self->terms_switch))
    onboard_field_message_clear (self->terms_message);

  update_primary (self);
}

static void
form_changed_cb (OnboardSignupPage *self)
{
  /* Something new was typed: a fresh request, not a retry of the last one. */
  g_clear_pointer (&self->sign_up_key, g_free);

  if (onboard_field_message_get_kind (self->email_message) == ONBOARD_FIELD_MESSAGE_ERROR)
    onboard_field_message_clear (self->email_message);
  gtk_widget_set_visible (GTK_WIDGET (self->taken_sign_in_button), FALSE);

  update_form_state (self);
}

static void
credentials_changed_cb (OnboardSignupPage *self)
{
  /* A password the service refused may be fine with another address, and
   * a new password deserves a new verdict. */
  self->password_refused = FALSE;
  form_changed_cb (self);
}

static void
entry_activated_cb (OnboardSignupPage *self)
{
  if (onboard_page_get_busy (ONBOARD_PAGE (self)))
    return;

  /* Enter in any field signs up once the form is complete. Before that,
   * Sign up cannot be pressed, so Enter is how the user asks what is
   * missing: the hints under the rows become errors. */
  if (form_is_valid (self))
    start_sign_up (self);
  else
    {
      self->show_field_errors = TRUE;
      update_form_state (self);
    }
}

/* ---- Terms of service ------------------------------------------------- */

static void
present_terms (OnboardSignupPage *self)
{
  GtkWidget *window, *header, *box, *scrolled, *label;
  g_autofree char *title = NULL;

  window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 560);
  gtk_window_set_title (GTK_WINDOW (window), onboard_terms_get_title (self->terms));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  label = gtk_label_new (onboard_terms_get_text (self->terms));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 18);
  gtk_widget_set_margin_end (label, 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Terms of service"),
                                  -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_box_append (GTK_BOX (box), scrolled);

  /* Translators: the version of the terms of service, e.g. "Version 2026-09" */
  title = g_strdup_printf (_("Version %s"), onboard_terms_get_version (self->terms));
  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_margin_bottom (label, 6);
  gtk_box_append (GTK_BOX (box), label);

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
terms_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  gboolean then_sign_up = self->sign_up_after_terms;

  terms = onboard_client_get_terms_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *details = dup_error_details (error);

      set_busy (self, FALSE);
      onboard_error_banner_show (self->form_banner, error->message, details, _("_Try Again"));
      return;
    }

  g_set_object (&self->terms, terms);

  if (then_sign_up)
    start_sign_up (self);
  else
    {
      set_busy (self, FALSE);
      present_terms (self);
    }
}

static void
load_terms (OnboardSignupPage *self,
            gboolean           then_sign_up)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  set_busy (self, TRUE);
  self->sign_up_after_terms = then_sign_up;
  renew_cancellable (&self->request_cancellable);
  onboard_client_get_terms_async (client, self->request_cancellable,
                                  terms_loaded_cb, g_object_ref (self));
}

static void
read_terms_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);

  if (self->terms != NULL)
    present_terms (self);
  else
    load_terms (self, FALSE);
}

/* ---- Signing up ------------------------------------------------------- */

static void
show_field_errors (OnboardSignupPage  *self,
                   OnboardFieldErrors *fields)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();

  if (onboard_field_errors_has_error (fields, "email", "taken"))
    {
      onboard_field_message_show (self->email_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("This email already has an account. Sign in with it instead, or use another address."));
      gtk_widget_set_visible (GTK_WIDGET (self->taken_sign_in_button), TRUE);
    }
  else if (onboard_field_errors_get_codes (fields, "email") != NULL)
    onboard_field_message_show (self->email_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("This email address was not accepted. Check it and try again."));

  self->password_refused = onboard_field_errors_get_codes (fields, "password") != NULL;

  if (onboard_field_errors_has_error (fields, "password", "too_common"))
    onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("This password is too common and easy to guess. Choose another."));
  else if (onboard_field_errors_has_error (fields, "password", "contains_email"))
    {
      g_autofree char *email = dup_trimmed (self->email_row);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Your password contains your email address, %s. Leave the address out of it."),
                              email);
      onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
    }
  else if (onboard_field_errors_get_codes (fields, "password") != NULL)
    onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Choose a password of at least 10 characters."));

  if (onboard_field_errors_has_error (fields, "invite_code", "expired") ||
      onboard_field_errors_has_error (fields, "invite_code", "already_used") ||
      onboard_field_errors_get_codes (fields, "invite_code") != NULL)
    {
      g_autofree char *text = NULL;

      if (onboard_field_errors_has_error (fields, "invite_code", "expired"))
        text = g_strdup_printf (_("This invite code has expired. Call Assembly on %s for a new one."), phone);
      else if (onboard_field_errors_has_error (fields, "invite_code", "already_used"))
        text = g_strdup_printf (_("This invite code has already been used. If you signed up before, sign in below; if not, call Assembly on %s."), phone);
      else
        text = g_strdup (_("We do not recognise this invite code. Check it against the email from Assembly."));

      self->invite_refused = TRUE;
      onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
    }

  if (onboard_field_errors_has_error (fields, "terms_version", "outdated"))
    {
      /* The terms changed while the user was reading: show the new ones. */
      g_clear_object (&self->terms);
      gtk_switch_set_active (self->terms_switch, FALSE);
      onboard_field_message_show (self->terms_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("The terms of service have just changed. Read them again and accept them to carry on."));
      load_terms (self, FALSE);
    }
  else if (onboard_field_errors_get_codes (fields, "accept_terms") != NULL)
    onboard_field_message_show (self->terms_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Read the terms of service, then switch this on to accept them."));
}

/* Resending is allowed once the button's count down is over. */
static void
update_resend_button (OnboardSignupPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.resend",
                                 !onboard_resend_button_get_waiting (self->resend_button));
}

static void
stop_polling (OnboardSignupPage *self)
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
show_inbox (OnboardSignupPage *self)
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
  set_view (self, "inbox");
}

static void
sign_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  signup = onboard_client_create_signup_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      g_autofree char *details = dup_error_details (error);

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT))
        {
          show_field_errors (self, onboard_client_error_get_fields (error));
          /* A corrected form is a new request. */
          g_clear_pointer (&self->sign_up_key, g_free);
          update_form_state (self);
          focus_first_problem (self);
        }
      else
        {
          /* Same key on Try Again only when the outcome is unknown: if the
           * request did reach the service, the retry returns that account
           * instead of making a second one. An answer (a 500, a 429) would
           * be replayed to the same key, so the retry needs a new one. */
          if (!onboard_client_error_is_outcome_unknown (error))
            g_clear_pointer (&self->sign_up_key, g_free);
          onboard_error_banner_show (self->form_banner, error->message, details, _("_Try Again"));
        }

      return;
    }

  /* The password has done its one job. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_clear_pointer (&self->sign_up_key, g_free);

  g_set_object (&self->signup, signup);
  /* Only the answer to POST /signups carries the token; keep it for the
   * reads and the sign-in that follow. */
  onboard_secrets_token_free (self->signup_token);
  self->signup_token = g_strdup (onboard_signup_get_signup_token (signup));
  onboard_progress_set_email (progress, onboard_signup_get_email (signup));
  onboard_progress_set_invite_code (progress, editable_text (self->invite_row));
  onboard_progress_set_signup_id (progress, onboard_signup_get_id (signup));
  onboard_progress_set_apps (progress, onboard_signup_get_apps (signup));
  onboard_page_set_has_input (ONBOARD_PAGE (self), FALSE);

  /* So a restart can go on waiting for the link without the password. */
  if (self->credentials != NULL && self->signup_token != NULL)
    onboard_credentials_keep_signup_token (self->credentials, self->signup_token);

  show_inbox (self);
  onboard_activation_watcher_watch (self->watcher, signup, self->signup_token);
}

static void
start_sign_up (OnboardSignupPage *self)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);

  onboard_error_banner_hide (self->form_banner);

  if (self->terms == NULL)
    {
      /* The request names the version of the terms the user accepted. */
      load_terms (self, TRUE);
      return;
    }

  if (self->sign_up_key == NULL)
    self->sign_up_key = onboard_client_new_idempotency_key ();

  set_busy (self, TRUE);
  renew_cancellable (&self->request_cancellable);
  onboard_client_create_signup_async (client,
                                      code,
                                      email,
                                      editable_text (self->password_row),
                                      gtk_switch_get_active (self->terms_switch),
                                      onboard_terms_get_version (self->terms),
                                      self->sign_up_key,
                                      self->request_cancellable,
                                      sign_up_cb,
                                      g_object_ref (self));
}

/* What stops Sign up now, said beside it: the first thing missing, in the
 * order of the form. */
static const char *
form_hint (OnboardSignupPage *self)
{
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);
  const char *password = editable_text (self->password_row);

  if (!onboard_invite_code_is_plausible (code))
    return _("To sign up, enter the invite code from Assembly’s email.");
  if (self->invite_refused)
    return _("To sign up, check the invite code: Assembly did not accept it.");
  if (!onboard_email_is_plausible (email))
    return _("To sign up, enter your whole email address.");
  if (g_utf8_strlen (password, -1) < MIN_PASSWORD_LENGTH)
    return _("To sign up, choose a password of at least 10 characters.");
  if (self->password_refused || onboard_password_contains_email (password, email))
    return _("To sign up, choose another password, as the message under it says.");
  if (!gtk_switch_get_active (self->terms_switch))
    return _("To sign up, switch on “I accept the terms of service”.");

  return NULL;
}

/* Pressed with a mistake in the form: the hints under the rows became
 * errors; the focus goes to the first of them. */
static void
focus_first_problem (OnboardSignupPage *self)
{
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);
  const char *password = editable_text (self->password_row);
  GtkWidget *widget;

  /* What Assembly refused (a taken email) first: the focus there makes a
   * screen reader say the field with its error. */
  if (onboard_field_message_get_kind (self->email_message) == ONBOARD_FIELD_MESSAGE_ERROR &&
      onboard_invite_code_is_plausible (code) && !self->invite_refused)
    widget = GTK_WIDGET (self->email_row);
  else if (!onboard_invite_code_is_plausible (code) || self->invite_refused)
    widget = GTK_WIDGET (self->invite_row);
  else if (!onboard_email_is_plausible (email))
    widget = GTK_WIDGET (self->email_row);
  else if (self->password_refused ||
           g_utf8_strlen (password, -1) < MIN_PASSWORD_LENGTH ||
           onboard_password_contains_email (password, email))
    widget = GTK_WIDGET (self->password_row);
  else
    widget = GTK_WIDGET (self->terms_switch);

  gtk_widget_grab_focus (widget);
}

static void
sign_up (OnboardSignupPage *self)
{
  self->show_field_errors = TRUE;
  update_form_state (self);

  if (form_is_valid (self))
    start_sign_up (self);
  else
    focus_first_problem (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  gboolean signing_up = self->sign_up_key != NULL &&
                        g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0;

  g_cancellable_cancel (self->request_cancellable);
  g_clear_object (&self->request_cancellable);
  set_busy (self, FALSE);

  /* Stopping the wait cannot call the request back: if it had reached
   * Assembly, the account is made and the email sent. Signing up again
   * carries the same key, so it gets that account back, not a second. */
  if (signing_up)
    onboard_error_banner_show (self->form_banner,
                               _("Sign-up stopped. If Assembly had already received it, the activation email is on its way: press Sign up again to carry on, and no second account will be made."),
                               NULL, NULL);
}

static void
form_banner_clicked_cb (OnboardSignupPage *self)
{
  onboard_error_banner_hide (self->form_banner);
  if (form_is_valid (self))
    start_sign_up (self);
}

/* ---- Waiting for activation ------------------------------------------- */

static void
signed_in_with_signup_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
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
  finish_step (self);
}

static void
sign_in_with_signup (OnboardSignupPage *self)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  gtk_label_set_label (self->inbox_status_label, _("Your account is active. Signing you in…"));
  onboard_error_banner_hide (self->inbox_banner);
  gtk_spinner_set_spinning (self->inbox_spinner, TRUE);

  renew_cancellable (&self->inbox_cancellable);
  onboard_client_sign_in_with_signup_async (client,
                                            onboard_signup_get_id (self->signup),
                                            self->signup_token,
                                            self->inbox_cancellable,
                                            signed_in_with_signup_cb,
                                            g_object_ref (self));
}

static void
show_expired (OnboardSignupPage *self)
{
  stop_polling (self);
  set_view (self, "expired");
}

static void
activated_cb (OnboardSignupPage *self,
              OnboardSignup     *signup)
{
  g_set_object (&self->signup, signup);
  sign_in_with_signup (self);
}

/* The watcher goes on asking, a little later each time: say why the wait
 * is longer, with Check Now. */
static void
check_failed_cb (OnboardSignupPage *self,
                 const GError      *error)
{
  g_autofree char *details = dup_error_details (error);

  onboard_error_banner_show (self->inbox_banner, error->message, details, _("_Check Now"));
}

static void
checked_cb (OnboardSignupPage *self)
{
  onboard_error_banner_hide (self->inbox_banner);
}

static void
inbox_banner_clicked_cb (OnboardSignupPage *self)
{
  onboard_error_banner_hide (self->inbox_banner);

  if (onboard_signup_get_status (self->signup) == ONBOARD_SIGNUP_STATUS_ACTIVE)
    sign_in_with_signup (self);
  else
    onboard_activation_watcher_check_now (self->watcher);
}

static void
resend_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
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

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_GONE))
        {
          show_expired (self);
          return;
        }

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
        {
          /* Already active: the link was opened while we asked. */
          onboard_activation_watcher_check_now (self->watcher);
          return;
        }

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) when = g_date_time_add_seconds (now, MAX (1, onboard_client_error_get_retry_after (error)));

          onboard_resend_button_set_available_at (self->resend_button, when);
          return;
        }

      update_resend_button (self);
      onboard_error_banner_show (self->inbox_banner, error->message, details, NULL);
      return;
    }

  g_clear_pointer (&self->resend_key, g_free);
  g_set_object (&self->signup, signup);
  gtk_label_set_label (self->inbox_status_label, _("We have sent the email again. Waiting for you to open the link…"));
  onboard_resend_button_set_available_at (self->resend_button, onboard_signup_get_resend_available_at (signup));
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  if (self->resend_key == NULL)
    self->resend_key = onboard_client_new_idempotency_key ();

  gtk_widget_action_set_enabled (widget, "signup.resend", FALSE);
  onboard_client_resend_activation_async (client,
                                          onboard_signup_get_id (self->signup),
                                          self->signup_token,
                                          self->resend_key,
                                          self->lifetime_cancellable,
                                          resend_cb,
                                          g_object_ref (self));
}

static void
change_email_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));

  /* Back to the form with the invite code kept; the next Sign up makes a
   * new account for the corrected address. After a restart the rows were
   * never typed in this run: they come from what the sign-up saved. */
  if (editable_text (self->invite_row)[0] == '\0' &&
      onboard_progress_get_invite_code (progress) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->invite_row),
                           onboard_progress_get_invite_code (progress));
  if (editable_text (self->email_row)[0] == '\0' &&
      onboard_progress_get_email (progress) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row),
                           onboard_progress_get_email (progress));
  self->password_not_kept = TRUE;

  stop_polling (self);
  g_clear_object (&self->signup);
  g_clear_pointer (&self->signup_token, onboard_secrets_token_free);
  onboard_resend_button_set_available_at (self->resend_button, NULL);
  onboard_progress_set_signup_id (progress, NULL);
  self->show_field_errors = FALSE;
  set_view (self, "form");
  update_form_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
}

/* ---- Returning users -------------------------------------------------- */

static gboolean
sign_in_is_valid (OnboardSignupPage *self)
{
  g_autofree char *email = dup_trimmed (self->sign_in_email_row);

  return onboard_email_is_plausible (email) && editable_text (self->sign_in_password_row)[0] != '\0';
}

static void
update_sign_in (OnboardSignupPage *self)
{
  update_primary (self);
}

static void
sign_in_changed_cb (OnboardSignupPage *self)
{
  if (onboard_field_message_get_kind (self->sign_in_message) == ONBOARD_FIELD_MESSAGE_ERROR)
    onboard_field_message_clear (self->sign_in_message);

  update_sign_in (self);
}

static void
account_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolRegistration *registration;

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

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnboardSignupPage) self = user_data;
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (!onboard_client_sign_in_finish (ONBOARD_CLIENT (object), result, &error))
    {
      g_autofree char *details = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

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
          guint wait = onboard_client_error_get_retry_after (error);
          g_autofree char *text = NULL;

          if (wait >= 60)
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Too many tries. Wait %u minute, then try again.",
                                                 "Too many tries. Wait %u minutes, then try again.",
                                                 (wait + 59) / 60),
                                    (wait + 59) / 60);
          else
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Too many tries. Wait %u second, then try again.",
                                                 "Too many tries. Wait %u seconds, then try again.",
                                                 MAX (wait, 1)),
                                    MAX (wait, 1));
          onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
        }
      else
        onboard_error_banner_show (self->sign_in_banner, error->message, details, NULL);

      return;
    }

  /* Signed in: the password has done its one job. */
  gtk_editable_set_text (GTK_EDITABLE (self->sign_in_password_row), "");

  renew_cancellable (&self->request_cancellable);
  onboard_client_get_account_async (client, self->request_cancellable,
                                    account_cb, g_object_ref (self));
}

static void
start_sign_in (OnboardSignupPage *self)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  g_autofree char *email = dup_trimmed (self->sign_in_email_row);

  onboard_error_banner_hide (self->sign_in_banner);
  onboard_field_message_clear (self->sign_in_message);
  set_busy (self, TRUE);

  renew_cancellable (&self->request_cancellable);
  onboard_client_sign_in_async (client,
                                email,
                                editable_text (self->sign_in_password_row),
                                self->request_cancellable,
                                signed_in_cb,
                                g_object_ref (self));
}

static void
sign_in (OnboardSignupPage *self)
{
  g_autofree char *email = dup_trimmed (self->sign_in_email_row);

  if (sign_in_is_valid (self))
    {
      start_sign_in (self);
      return;
    }

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

static gboolean
onboard_signup_page_activate_primary (OnboardPage *page)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (page);
  const char *view = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (view, "form") == 0)
    sign_up (self);
  else if (g_strcmp0 (view, "sign-in") == 0)
    sign_in (self);
  else if (g_strcmp0 (view, "expired") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "signup.change-email", NULL);
  else if (g_strcmp0 (view, "signed-in") == 0)
    return FALSE;

  return TRUE;
}

static void
sign_in_activated_cb (OnboardSignupPage *self)
{
  if (sign_in_is_valid (self) && !onboard_page_get_busy (ONBOARD_PAGE (self)))
    start_sign_in (self);
}

static void
sign_in_banner_clicked_cb (OnboardSignupPage *self)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  onboard_error_banner_hide (self->sign_in_banner);
  renew_cancellable (&self->request_cancellable);
  set_busy (self, TRUE);
  onboard_client_get_account_async (client, self->request_cancellable,
                                    account_cb, g_object_ref (self));
}

static void
show_sign_in_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *email = dup_trimmed (self->email_row);

  if (editable_text (self->sign_in_email_row)[0] == '\0' && *email != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), email);
  /* Sent back here to sign in again: the account's email is known. */
  if (editable_text (self->sign_in_email_row)[0] == '\0' && onboard_progress_get_email (progress) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row), onboard_progress_get_email (progress));

  /* Signing in again (the service stopped accepting the last sign-in): the
   * step is not done until it succeeds, and then the window moves on. */
  onboard_page_set_complete (ONBOARD_PAGE (self), FALSE);
  set_view (self, "sign-in");
  sign_in_changed_cb (self);
  gtk_widget_grab_focus (editable_text (self->sign_in_email_row)[0] == '\0'
                         ? GTK_WIDGET (self->sign_in_email_row)
                         : GTK_WIDGET (self->sign_in_password_row));
}

static void
show_sign_up_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardSignupPage *self = ONBOARD_SIGNUP_PAGE (widget);

  set_view (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (self->invite_row));
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
  g_autoptr(GError) error = NULL;

  signup = onboard_client_get_signup_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (signup == NULL)
    {
      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_GONE))
        show_expired (self);
      return;
    }

  g_set_object (&self->signup, signup);
  show_inbox (self);

  if (onboard_signup_get_status (signup) == ONBOARD_SIGNUP_STATUS_ACTIVE)
    sign_in_with_signup (self);
  else if (onboard_signup_get_status (signup) == ONBOARD_SIGNUP_STATUS_EXPIRED)
    show_expired (self);
  else
    onboard_activation_watcher_watch (self->watcher, signup, self->signup_token);
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
      gtk_editable_set_text (GTK_EDITABLE (self->sign_in_email_row),
                             onboard_progress_get_email (progress));
      set_view (self, "sign-in");
      onboard_field_message_show (self->sign_in_message, ONBOARD_FIELD_MESSAGE_INFO,
                                  _("Open the activation link in the email from Assembly, then sign in here with your password."));
      return;
    }

  self->signup_token = g_steal_pointer (&token);
  onboard_client_get_signup_async (client,
                                   onboard_progress_get_signup_id (progress),
                                   self->signup_token,
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
      g_autofree char *description = NULL;

      description = g_strdup_printf (_("You are signed in as %s."),
                                     onboard_progress_get_email (progress));
      onboard_status_page_set_literal_description (self->signed_in_status, description);
      set_view (self, "signed-in");
      onboard_page_set_complete (page, TRUE);
      return;
    }

  if (!self->resumed && self->credentials != NULL && self->signup == NULL &&
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
    gtk_widget_grab_focus (GTK_WIDGET (self->invite_row));
}

static void
onboard_signup_page_dispose (GObject *object)
{
  OnboardSignupPage *self = (OnboardSignupPage *)object;

  g_cancellable_cancel (self->lifetime_cancellable);
  g_cancellable_cancel (self->invite_cancellable);
  g_cancellable_cancel (self->request_cancellable);
  stop_polling (self);
  g_clear_handle_id (&self->invite_check_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_busy);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SIGNUP_PAGE);

  g_clear_object (&self->lifetime_cancellable);
  g_clear_object (&self->invite_cancellable);
  g_clear_object (&self->request_cancellable);
  g_clear_object (&self->invite);
  g_clear_object (&self->terms);
  g_clear_object (&self->signup);
  g_clear_pointer (&self->signup_token, onboard_secrets_token_free);
  g_clear_object (&self->credentials);
  g_clear_object (&self->watcher);
  g_clear_pointer (&self->sign_up_key, g_free);
  g_clear_pointer (&self->resend_key, g_free);

  G_OBJECT_CLASS (onboard_signup_page_parent_class)->dispose (object);
}

static void
onboard_signup_page_class_init (OnboardSignupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OnboardPageClass *page_class = ONBOARD_PAGE_CLASS (klass);

  object_class->dispose = onboard_signup_page_dispose;

  page_class->shown = onboard_signup_page_shown;
  page_class->activate_primary = onboard_signup_page_activate_primary;

  g_type_ensure (ONBOARD_TYPE_RESEND_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-signup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, form_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, invite_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, invite_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, no_code_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, no_code_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, email_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, taken_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, password_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, terms_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, terms_switch);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, terms_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, inbox_address_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, inbox_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, inbox_status_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, inbox_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, resend_button);
  gtk_widget_class_bind_template_callback (widget_class, update_resend_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, change_email_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, sign_in_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, sign_in_email_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, sign_in_password_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, sign_in_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupPage, signed_in_status);

  gtk_widget_class_bind_template_callback (widget_class, invite_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, credentials_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_code_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_banner_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, inbox_banner_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_banner_clicked_cb);

  gtk_widget_class_install_action (widget_class, "signup.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "signup.read-terms", NULL, read_terms_action);
  gtk_widget_class_install_action (widget_class, "signup.resend", NULL, resend_action);
  gtk_widget_class_install_action (widget_class, "signup.change-email", NULL, change_email_action);
  gtk_widget_class_install_action (widget_class, "signup.show-sign-in", NULL, show_sign_in_action);
  gtk_widget_class_install_action (widget_class, "signup.show-sign-up", NULL, show_sign_up_action);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_FIELD_MESSAGE);
  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_signup_page_init (OnboardSignupPage *self)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *no_code = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lifetime_cancellable = g_cancellable_new ();

  onboard_page_set_title (ONBOARD_PAGE (self), _("Sign up"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  no_code = g_strdup_printf (_("Invite codes come from Assembly. Call us on %s, or ask on the help site, and we will send your school one."),
                             phone);
  gtk_label_set_label (self->no_code_label, no_code);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.cancel", FALSE);
  update_form_state (self);
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
  self->watcher = onboard_activation_watcher_new (client);
  g_signal_connect_object (self->watcher, "activated", G_CALLBACK (activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "expired", G_CALLBACK (show_expired), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "check-failed", G_CALLBACK (check_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watcher, "checked", G_CALLBACK (checked_cb), self, G_CONNECT_SWAPPED);

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
