/* onboard-signup-form.c
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
#include "onboard-signup-form.h"
#include "onboard-validators.h"

/* Step 2's sign-up form: the invite code (checked as it is typed), the
 * email, the password and the terms of service with their switch. It says
 * under each row what is missing, gently until the user tries to go on,
 * loads the terms (to read them, and to name their version in the
 * request), sends the sign-up and puts the service's objections under the
 * rows they are about. When the service has made the sign-up, the form
 * says so with "signed-up"; what follows is the page's business.
 *
 * The page reads "valid" and "hint" for its Sign up action, "busy" while a
 * request runs and "has-input" for what quitting would lose; it "locks" the
 * rows while another part of the step has a request running. The buttons
 * that leave the form name the page's action signup.show-sign-in.
 *
 * The password lives only in its entry and in the one request that sends
 * it: the entry is cleared as soon as that request has answered.
 */

#define INVITE_CHECK_DELAY_MS 400

struct _OnboardSignupForm
{
  GtkBox                parent_instance;

  /* Template children */
  OnboardErrorBanner   *form_banner;
  AdwEntryRow          *invite_row;
  OnboardFieldMessage  *invite_message;
  GtkRevealer          *no_code_revealer;
  GtkLabel             *no_code_label;
  AdwEntryRow          *email_row;
  OnboardFieldMessage  *email_message;
  GtkButton            *taken_sign_in_button;
  OnboardPasswordRow   *password_row;
  OnboardFieldMessage  *password_message;
  AdwActionRow         *terms_row;
  GtkSwitch            *terms_switch;
  OnboardFieldMessage  *terms_message;
  GtkButton            *cancel_button;

  OnboardClient        *client;

  /* What the page reads */
  const char           *hint;
  gboolean              valid;
  gboolean              has_input;
  gboolean              busy;
  gboolean              locked;

  /* State */
  GCancellable         *invite_cancellable;
  guint                 invite_check_id;
  OnboardInviteCode    *invite;
  gboolean              invite_refused;

  GCancellable         *request_cancellable;
  GtkWidget            *focus_before_busy;
  char                 *sign_up_key;
  OnboardTerms         *terms;
  gboolean              sign_up_after_terms;
  gboolean              show_field_errors;
  /* Back at the form after a sign-up: its password was not kept. */
  gboolean              password_not_kept;
  gboolean              password_refused;
};

G_DEFINE_FINAL_TYPE (OnboardSignupForm, onboard_signup_form, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_BUSY,
  PROP_VALID,
  PROP_HINT,
  PROP_HAS_INPUT,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNED_UP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_form_state (OnboardSignupForm *self);
static void focus_first_problem (OnboardSignupForm *self);
static void start_sign_up     (OnboardSignupForm *self);

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

/* The rows take no input while a request of the step runs. */
static void
update_sensitivity (OnboardSignupForm *self)
{
  gboolean sensitive = !self->busy && !self->locked;

  gtk_widget_set_sensitive (GTK_WIDGET (self->invite_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), sensitive);
  gtk_widget_set_sensitive (GTK_WIDGET (self->terms_row), sensitive);
}

/* Busy: a request is running. The form cannot be changed under it, but it
 * can be cancelled, and the page holds navigation until it answers. The
 * focus leaves the rows before they turn insensitive, and comes back when
 * the answer leaves the user on the form. */
static void
set_busy (OnboardSignupForm *self,
          gboolean           busy)
{
  gboolean was_busy = self->busy;

  if (busy && !was_busy)
    onboard_focus_park (GTK_WIDGET (self), &self->focus_before_busy);

  self->busy = busy;
  if (busy != was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  update_sensitivity (self);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.cancel", busy);
  update_form_state (self);

  if (!busy && was_busy)
    onboard_focus_restore (&self->focus_before_busy);
}

/* ---- Invite code ------------------------------------------------------ */

static void
show_invite_result (OnboardSignupForm *self)
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

static void
invite_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OnboardSignupForm) self = user_data;
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
  OnboardSignupForm *self = user_data;
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
  onboard_client_check_invite_code_async (self->client, code, self->invite_cancellable,
                                          invite_checked_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
invite_changed_cb (OnboardSignupForm *self)
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
no_code_clicked_cb (OnboardSignupForm *self)
{
  gtk_revealer_set_reveal_child (self->no_code_revealer,
                                 !gtk_revealer_get_reveal_child (self->no_code_revealer));
}

/* ---- The form --------------------------------------------------------- */

/* The validators judge the password; this says what they found. */
static void
update_password_message (OnboardSignupForm *self,
                         const char        *email)
{
  guint missing = 0;
  OnboardPasswordVerdict verdict = onboard_password_judge (editable_text (self->password_row), email, &missing);
  g_autofree char *text = NULL;

  /* The service's verdict (too common, say) outranks the quick checks here,
   * until the password or the email changes. */
  if (self->password_refused)
    return;

  switch (verdict)
    {
    case ONBOARD_PASSWORD_EMPTY:
      if (self->password_not_kept && !self->show_field_errors)
        onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_INFO,
                                    _("Type your password again: it is never kept. At least 10 characters."));
      else if (self->show_field_errors)
        onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                    _("Choose a password of at least 10 characters."));
      else
        onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_INFO,
                                    _("At least 10 characters."));
      break;

    case ONBOARD_PASSWORD_TOO_SHORT:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Too short: %u more character needed.",
                                           "Too short: %u more characters needed.",
                                           missing),
                              missing);
      onboard_field_message_show (self->password_message,
                                  self->show_field_errors ? ONBOARD_FIELD_MESSAGE_ERROR : ONBOARD_FIELD_MESSAGE_INFO,
                                  text);
      break;

    case ONBOARD_PASSWORD_CONTAINS_EMAIL:
      /* Name what was found, so that it is clear a part of the address
       * (the "office" of office@…) would be allowed. */
      text = g_strdup_printf (_("Your password contains your email address, %s. Leave the address out of it."),
                              email);
      onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
      break;

    case ONBOARD_PASSWORD_STRONG:
      onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_SUCCESS,
                                  _("Strong password."));
      break;

    case ONBOARD_PASSWORD_LONG_ENOUGH:
    default:
      onboard_field_message_show (self->password_message, ONBOARD_FIELD_MESSAGE_SUCCESS,
                                  _("Long enough. Longer, with numbers or symbols, is stronger."));
      break;
    }
}

/* The email's shape is checked as it is typed, gently until Sign up. */
static void
update_email_message (OnboardSignupForm *self,
                      const char        *email)
{
  if (onboard_field_message_get_kind (self->email_message) == ONBOARD_FIELD_MESSAGE_ERROR &&
      !onboard_email_is_plausible (email) && *email != '\0')
    return;

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

static void
update_terms_message (OnboardSignupForm *self)
{
  if (self->show_field_errors && !gtk_switch_get_active (self->terms_switch))
    onboard_field_message_show (self->terms_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Read the terms of service, then switch this on to accept them."));
  else if (gtk_switch_get_active (self->terms_switch))
    onboard_field_message_clear (self->terms_message);
}

static gboolean
form_is_valid (OnboardSignupForm *self)
{
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);
  const char *password = editable_text (self->password_row);

  return onboard_invite_code_is_plausible (code) &&
         !self->invite_refused &&
         !self->password_refused &&
         onboard_email_is_plausible (email) &&
         onboard_password_judge (password, email, NULL) >= ONBOARD_PASSWORD_LONG_ENOUGH &&
         gtk_switch_get_active (self->terms_switch);
}

/* What stops Sign up now, said beside it: the first thing missing, in the
 * order of the form. */
static const char *
form_hint (OnboardSignupForm *self)
{
  g_autofree char *code = onboard_invite_code_normalize (editable_text (self->invite_row));
  g_autofree char *email = dup_trimmed (self->email_row);
  OnboardPasswordVerdict verdict = onboard_password_judge (editable_text (self->password_row), email, NULL);

  if (!onboard_invite_code_is_plausible (code))
    return _("To sign up, enter the invite code from Assembly’s email.");
  if (self->invite_refused)
    return _("To sign up, check the invite code: Assembly did not accept it.");
  if (!onboard_email_is_plausible (email))
    return _("To sign up, enter your whole email address.");
  if (verdict < ONBOARD_PASSWORD_CONTAINS_EMAIL)
    return _("To sign up, choose a password of at least 10 characters.");
  if (self->password_refused || verdict == ONBOARD_PASSWORD_CONTAINS_EMAIL)
    return _("To sign up, choose another password, as the message under it says.");
  if (!gtk_switch_get_active (self->terms_switch))
    return _("To sign up, switch on “I accept the terms of service”.");

  return NULL;
}

/* What the page reads: whether Sign up can be pressed, what stops it, and
 * whether anything is typed. */
static void
update_readiness (OnboardSignupForm *self)
{
  gboolean valid = form_is_valid (self);
  const char *hint = form_hint (self);
  gboolean has_input = editable_text (self->invite_row)[0] != '\0' ||
                       editable_text (self->email_row)[0] != '\0' ||
                       editable_text (self->password_row)[0] != '\0';

  g_object_freeze_notify (G_OBJECT (self));

  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }

  if (g_strcmp0 (self->hint, hint) != 0)
    {
      /* Translated messages live as long as the program. */
      self->hint = hint;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
    }

  if (self->has_input != has_input)
    {
      self->has_input = has_input;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_INPUT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
update_form_state (OnboardSignupForm *self)
{
  g_autofree char *email = dup_trimmed (self->email_row);

  update_email_message (self, email);
  update_password_message (self, email);
  update_terms_message (self);
  update_readiness (self);
}

static void
form_changed_cb (OnboardSignupForm *self)
{
  /* Something new was typed: a fresh request, not a retry of the last one. */
  g_clear_pointer (&self->sign_up_key, g_free);

  if (onboard_field_message_get_kind (self->email_message) == ONBOARD_FIELD_MESSAGE_ERROR)
    onboard_field_message_clear (self->email_message);
  gtk_widget_set_visible (GTK_WIDGET (self->taken_sign_in_button), FALSE);

  update_form_state (self);
}

static void
credentials_changed_cb (OnboardSignupForm *self)
{
  /* A password the service refused may be fine with another address, and
   * a new password deserves a new verdict. */
  self->password_refused = FALSE;
  form_changed_cb (self);
}

static void
entry_activated_cb (OnboardSignupForm *self)
{
  if (self->busy || self->locked)
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
present_terms (OnboardSignupForm *self)
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
  g_autoptr(OnboardSignupForm) self = user_data;
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
load_terms (OnboardSignupForm *self,
            gboolean           then_sign_up)
{
  set_busy (self, TRUE);
  self->sign_up_after_terms = then_sign_up;
  renew_cancellable (&self->request_cancellable);
  onboard_client_get_terms_async (self->client, self->request_cancellable,
                                  terms_loaded_cb, g_object_ref (self));
}

static void
read_terms_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  OnboardSignupForm *self = ONBOARD_SIGNUP_FORM (widget);

  if (self->terms != NULL)
    present_terms (self);
  else
    load_terms (self, FALSE);
}

/* ---- Signing up ------------------------------------------------------- */

static void
show_email_errors (OnboardSignupForm  *self,
                   OnboardFieldErrors *fields)
{
  if (onboard_field_errors_has_error (fields, "email", "taken"))
    {
      onboard_field_message_show (self->email_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  _("This email already has an account. Sign in with it instead, or use another address."));
      gtk_widget_set_visible (GTK_WIDGET (self->taken_sign_in_button), TRUE);
    }
  else if (onboard_field_errors_get_codes (fields, "email") != NULL)
    onboard_field_message_show (self->email_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("This email address was not accepted. Check it and try again."));
}

static void
show_password_errors (OnboardSignupForm  *self,
                      OnboardFieldErrors *fields)
{
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
}

static void
show_invite_errors (OnboardSignupForm  *self,
                    OnboardFieldErrors *fields)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *text = NULL;

  if (onboard_field_errors_get_codes (fields, "invite_code") == NULL)
    return;

  if (onboard_field_errors_has_error (fields, "invite_code", "expired"))
    text = g_strdup_printf (_("This invite code has expired. Call Assembly on %s for a new one."), phone);
  else if (onboard_field_errors_has_error (fields, "invite_code", "already_used"))
    text = g_strdup_printf (_("This invite code has already been used. If you signed up before, sign in below; if not, call Assembly on %s."), phone);
  else
    text = g_strdup (_("We do not recognise this invite code. Check it against the email from Assembly."));

  self->invite_refused = TRUE;
  onboard_field_message_show (self->invite_message, ONBOARD_FIELD_MESSAGE_ERROR, text);
}

static void
show_terms_errors (OnboardSignupForm  *self,
                   OnboardFieldErrors *fields)
{
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

/* The service's objections, each under the row it is about. */
static void
show_field_errors (OnboardSignupForm  *self,
                   OnboardFieldErrors *fields)
{
  show_email_errors (self, fields);
  show_password_errors (self, fields);
  show_invite_errors (self, fields);
  show_terms_errors (self, fields);
}

static void
sign_up_failed (OnboardSignupForm *self,
                const GError      *error)
{
  g_autofree char *details = dup_error_details (error);

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT))
    {
      show_field_errors (self, onboard_client_error_get_fields (error));
      /* A corrected form is a new request. */
      g_clear_pointer (&self->sign_up_key, g_free);
      update_form_state (self);
      focus_first_problem (self);
      return;
    }

  /* Same key on Try Again only when the outcome is unknown: if the
   * request did reach the service, the retry returns that account
   * instead of making a second one. An answer (a 500, a 429) would
   * be replayed to the same key, so the retry needs a new one. */
  if (!onboard_client_error_is_outcome_unknown (error))
    g_clear_pointer (&self->sign_up_key, g_free);
  onboard_error_banner_show (self->form_banner, error->message, details, _("_Try Again"));
}

static void
sign_up_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardSignupForm) self = user_data;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  signup = onboard_client_create_signup_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      sign_up_failed (self, error);
      return;
    }

  /* The password has done its one job. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_clear_pointer (&self->sign_up_key, g_free);

  g_signal_emit (self, signals[SIGNED_UP], 0, signup);
}

static void
start_sign_up (OnboardSignupForm *self)
{
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
  onboard_client_create_signup_async (self->client,
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

/* Pressed with a mistake in the form: the hints under the rows became
 * errors; the focus goes to the first of them. */
static void
focus_first_problem (OnboardSignupForm *self)
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
           onboard_password_judge (password, email, NULL) < ONBOARD_PASSWORD_LONG_ENOUGH)
    widget = GTK_WIDGET (self->password_row);
  else
    widget = GTK_WIDGET (self->terms_switch);

  gtk_widget_grab_focus (widget);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardSignupForm *self = ONBOARD_SIGNUP_FORM (widget);
  gboolean signing_up = self->sign_up_key != NULL;

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
form_banner_clicked_cb (OnboardSignupForm *self)
{
  onboard_error_banner_hide (self->form_banner);
  if (form_is_valid (self))
    start_sign_up (self);
}

/* ---- Life cycle ------------------------------------------------------- */

static gboolean
onboard_signup_form_grab_focus (GtkWidget *widget)
{
  OnboardSignupForm *self = ONBOARD_SIGNUP_FORM (widget);

  if (self->invite_row == NULL)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (self->invite_row));
}

static void
onboard_signup_form_dispose (GObject *object)
{
  OnboardSignupForm *self = (OnboardSignupForm *)object;

  g_cancellable_cancel (self->invite_cancellable);
  g_cancellable_cancel (self->request_cancellable);
  g_clear_handle_id (&self->invite_check_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_busy);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SIGNUP_FORM);

  g_clear_object (&self->invite_cancellable);
  g_clear_object (&self->request_cancellable);
  g_clear_object (&self->invite);
  g_clear_object (&self->terms);
  g_clear_object (&self->client);
  g_clear_pointer (&self->sign_up_key, g_free);

  G_OBJECT_CLASS (onboard_signup_form_parent_class)->dispose (object);
}

static void
onboard_signup_form_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardSignupForm *self = ONBOARD_SIGNUP_FORM (object);

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

    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;

    case PROP_HAS_INPUT:
      g_value_set_boolean (value, self->has_input);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_signup_form_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnboardSignupForm *self = ONBOARD_SIGNUP_FORM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      onboard_signup_form_set_client (self, g_value_get_object (value));
      break;

    case PROP_LOCKED:
      onboard_signup_form_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
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

  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HAS_INPUT] =
    g_param_spec_boolean ("has-input", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_signup_form_class_init (OnboardSignupFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_signup_form_dispose;
  object_class->get_property = onboard_signup_form_get_property;
  object_class->set_property = onboard_signup_form_set_property;
  widget_class->grab_focus = onboard_signup_form_grab_focus;

  install_properties (object_class);

  /**
   * OnboardSignupForm::signed-up:
   * @signup: the sign-up the service made; its token is in it
   *
   * The service has made the sign-up and sent the activation email.
   */
  signals[SIGNED_UP] =
    g_signal_new ("signed-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ONBOARD_TYPE_SIGNUP);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_FIELD_MESSAGE);
  g_type_ensure (ONBOARD_TYPE_PASSWORD_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-signup-form.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, form_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, invite_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, invite_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, no_code_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, no_code_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, email_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, taken_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, password_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, password_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, terms_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, terms_switch);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, terms_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardSignupForm, cancel_button);

  gtk_widget_class_bind_template_callback (widget_class, invite_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, credentials_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, no_code_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_banner_clicked_cb);

  gtk_widget_class_install_action (widget_class, "signup.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "signup.read-terms", NULL, read_terms_action);
}

static void
onboard_signup_form_init (OnboardSignupForm *self)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *no_code = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  no_code = g_strdup_printf (_("Invite codes come from Assembly. Call us on %s, or ask on the help site, and we will send your school one."),
                             phone);
  gtk_label_set_label (self->no_code_label, no_code);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signup.cancel", FALSE);
  update_form_state (self);
}

/* ---- Public API ------------------------------------------------------- */

GtkWidget *
onboard_signup_form_new (OnboardClient *client)
{
  g_return_val_if_fail (client == NULL || ONBOARD_IS_CLIENT (client), NULL);

  return g_object_new (ONBOARD_TYPE_SIGNUP_FORM, "client", client, NULL);
}

/**
 * onboard_signup_form_get_client:
 *
 * Returns: (transfer none) (nullable): the client the form talks to the
 *   service with
 */
OnboardClient *
onboard_signup_form_get_client (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), NULL);

  return self->client;
}

/**
 * onboard_signup_form_set_client:
 *
 * Sets the client the form talks to the service with, before the user can
 * type (its page gives it its own once it has been made).
 */
void
onboard_signup_form_set_client (OnboardSignupForm *self,
                                OnboardClient     *client)
{
  g_return_if_fail (ONBOARD_IS_SIGNUP_FORM (self));
  g_return_if_fail (client == NULL || ONBOARD_IS_CLIENT (client));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * onboard_signup_form_get_busy:
 *
 * Returns: whether a request of the form (the terms, the sign-up) runs
 */
gboolean
onboard_signup_form_get_busy (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), FALSE);

  return self->busy;
}

/**
 * onboard_signup_form_get_valid:
 *
 * Returns: whether the form is complete, as far as the app can tell, so
 *   that Sign up can be pressed
 */
gboolean
onboard_signup_form_get_valid (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), FALSE);

  return self->valid;
}

/**
 * onboard_signup_form_get_hint:
 *
 * Returns: (nullable): the first thing that stops Sign up, as a sentence
 *   to show beside it, or %NULL when nothing does
 */
const char *
onboard_signup_form_get_hint (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), NULL);

  return self->hint;
}

/**
 * onboard_signup_form_get_has_input:
 *
 * Returns: whether the invite code, email or password row holds anything
 */
gboolean
onboard_signup_form_get_has_input (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), FALSE);

  return self->has_input;
}

gboolean
onboard_signup_form_get_locked (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), FALSE);

  return self->locked;
}

/**
 * onboard_signup_form_set_locked:
 * @locked: whether another request of the step is running
 *
 * A step runs one request at a time: while another part of it waits for
 * an answer, the rows take no input and Enter sends nothing.
 */
void
onboard_signup_form_set_locked (OnboardSignupForm *self,
                                gboolean           locked)
{
  g_return_if_fail (ONBOARD_IS_SIGNUP_FORM (self));

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
 * onboard_signup_form_get_invite_code:
 *
 * Returns: the invite code as the user typed it
 */
const char *
onboard_signup_form_get_invite_code (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), NULL);

  return editable_text (self->invite_row);
}

/**
 * onboard_signup_form_dup_email:
 *
 * Returns: (transfer full): the email typed, without surrounding spaces
 */
char *
onboard_signup_form_dup_email (OnboardSignupForm *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP_FORM (self), NULL);

  return dup_trimmed (self->email_row);
}

/**
 * onboard_signup_form_sign_up:
 *
 * What Sign up does: the hints under the rows become errors; a complete
 * form is sent, and otherwise the focus goes to the first mistake.
 */
void
onboard_signup_form_sign_up (OnboardSignupForm *self)
{
  g_return_if_fail (ONBOARD_IS_SIGNUP_FORM (self));

  if (self->busy || self->locked)
    return;

  self->show_field_errors = TRUE;
  update_form_state (self);

  if (form_is_valid (self))
    start_sign_up (self);
  else
    focus_first_problem (self);
}

/**
 * onboard_signup_form_start_again:
 * @invite_code: (nullable): the invite code the last sign-up saved
 * @email: (nullable): the email the last sign-up saved
 *
 * Back to the form after a sign-up, to correct its email or because its
 * link expired: the invite code is kept, and the next Sign up makes a new
 * sign-up. After a restart the rows were never typed in this run: empty
 * ones get what the last sign-up saved. The password must be typed again,
 * as it is never kept; the focus goes to the email.
 */
void
onboard_signup_form_start_again (OnboardSignupForm *self,
                                 const char        *invite_code,
                                 const char        *email)
{
  g_return_if_fail (ONBOARD_IS_SIGNUP_FORM (self));

  if (editable_text (self->invite_row)[0] == '\0' && invite_code != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->invite_row), invite_code);
  if (editable_text (self->email_row)[0] == '\0' && email != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), email);
  self->password_not_kept = TRUE;
  self->show_field_errors = FALSE;

  update_form_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
}
