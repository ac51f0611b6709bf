/* test-signup-form.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-error-banner.h"
#include "onboard-sandbox.h"
#include "onboard-signup-form.h"
#include "onboard-test-ui.h"

/* Step 2's sign-up form on its own, in a window, against the reference
 * server in this process: what it tells its page (valid, hint, busy,
 * has-input, signed-up), what it shows under its rows, and what goes over
 * the wire. How the page turns that into its Sign up action and the inbox
 * is tests/test-signup-page.c's business.
 */

#define PASSWORD "violet-harbour-lantern-58"
#define EMAIL    "office@oakfield.sch.uk"

typedef struct
{
  OnboardSandbox    *sandbox;
  OnboardClient     *client;
  GtkWindow         *window;
  OnboardSignupForm *form;
  OnboardSignup     *signup;
  guint              n_signed_up;
  guint              n_valid;
  guint              n_has_input;
} Fixture;

static void
signed_up_cb (OnboardSignupForm *form,
              OnboardSignup     *signup,
              Fixture           *fixture)
{
  g_assert_true (ONBOARD_IS_SIGNUP (signup));
  g_set_object (&fixture->signup, signup);
  fixture->n_signed_up++;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *scrolled;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);

  fixture->form = g_object_ref_sink (ONBOARD_SIGNUP_FORM (onboard_signup_form_new (fixture->client)));
  g_signal_connect (fixture->form, "signed-up", G_CALLBACK (signed_up_cb), fixture);
  g_signal_connect (fixture->form, "notify::valid", G_CALLBACK (count_cb), &fixture->n_valid);
  g_signal_connect (fixture->form, "notify::has-input", G_CALLBACK (count_cb), &fixture->n_has_input);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 900);
  /* In a scrolled window, as on its page. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (fixture->form));
  gtk_window_set_child (fixture->window, scrolled);
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->form)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* An answer still on its way holds the form until it arrives. */
  finalize_soon (fixture->form);
  g_clear_object (&fixture->signup);
  finalize_soon (fixture->client);
  g_clear_object (&fixture->sandbox);
}

static GtkWidget *
form_widget (Fixture *fixture)
{
  return GTK_WIDGET (fixture->form);
}

static void
fill_form (Fixture    *fixture,
           const char *code,
           const char *email,
           const char *password)
{
  OnboardFieldMessage *invite = find_row_message (form_widget (fixture), "Invite code");

  type_into_row (form_widget (fixture), "Invite code", code);
  type_into_row (form_widget (fixture), "Email", email);
  type_into_row (form_widget (fixture), "Password", password);
  gtk_switch_set_active (GTK_SWITCH (find_widget (form_widget (fixture), GTK_TYPE_SWITCH, NULL, NULL)), TRUE);

  /* The invite code's check has answered. */
  wait_until (onboard_field_message_get_kind (invite) == ONBOARD_FIELD_MESSAGE_SUCCESS ||
              onboard_field_message_get_kind (invite) == ONBOARD_FIELD_MESSAGE_ERROR ||
              onboard_field_message_get_kind (invite) == ONBOARD_FIELD_MESSAGE_INFO);
}

static OnboardErrorBanner *
banner (Fixture *fixture)
{
  return ONBOARD_ERROR_BANNER (find_widget (form_widget (fixture), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL));
}

static gboolean
is_focused (Fixture    *fixture,
            const char *title)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *row = find_row (form_widget (fixture), title);

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

/* ---------------------------------------------------------------------- */

/* Empty, the form is a group, as the box it replaced was, and says that
 * the invite code comes first. */
static void
test_signup_form_empty (Fixture       *fixture,
                        gconstpointer  data)
{
  g_assert_true (onboard_signup_form_get_client (fixture->form) == fixture->client);
  g_assert_false (onboard_signup_form_get_valid (fixture->form));
  g_assert_false (onboard_signup_form_get_busy (fixture->form));
  g_assert_false (onboard_signup_form_get_has_input (fixture->form));
  g_assert_false (onboard_signup_form_get_locked (fixture->form));
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==,
                   "To sign up, enter the invite code from Assembly’s email.");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->form)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);
  assert_field_message (find_row_message (form_widget (fixture), "Password"),
                        ONBOARD_FIELD_MESSAGE_INFO, "At least 10 characters.");

  /* Its focus goes to the first row. */
  g_assert_true (gtk_widget_grab_focus (form_widget (fixture)));
  g_assert_true (is_focused (fixture, "Invite code"));
}

/* The hint names the first thing missing, in the order of the form, until
 * nothing is and Sign up can be pressed. */
static void
test_signup_form_hint (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);
  GtkSwitch *terms = GTK_SWITCH (find_widget (form, GTK_TYPE_SWITCH, NULL, NULL));

  type_into_row (form, "Invite code", "DEMO-ASSEMBLY");
  wait_until (onboard_field_message_get_kind (find_row_message (form, "Invite code")) == ONBOARD_FIELD_MESSAGE_SUCCESS);
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==, "To sign up, enter your whole email address.");

  type_into_row (form, "Email", EMAIL);
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==,
                   "To sign up, choose a password of at least 10 characters.");

  type_into_row (form, "Password", "short1");
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==,
                   "To sign up, choose a password of at least 10 characters.");
  assert_field_message (find_row_message (form, "Password"), ONBOARD_FIELD_MESSAGE_INFO,
                        "Too short: 4 more characters needed.");

  type_into_row (form, "Password", "my-office@oakfield.sch.uk");
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==,
                   "To sign up, choose another password, as the message under it says.");

  type_into_row (form, "Password", PASSWORD);
  g_assert_cmpstr (onboard_signup_form_get_hint (fixture->form), ==,
                   "To sign up, switch on “I accept the terms of service”.");
  g_assert_false (onboard_signup_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_valid, ==, 0);

  gtk_switch_set_active (terms, TRUE);
  g_assert_null (onboard_signup_form_get_hint (fixture->form));
  g_assert_true (onboard_signup_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_valid, ==, 1);

  gtk_switch_set_active (terms, FALSE);
  g_assert_false (onboard_signup_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_valid, ==, 2);
}

/* Anything typed in a row counts; the terms switch alone does not. */
static void
test_signup_form_has_input (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);

  gtk_switch_set_active (GTK_SWITCH (find_widget (form, GTK_TYPE_SWITCH, NULL, NULL)), TRUE);
  g_assert_false (onboard_signup_form_get_has_input (fixture->form));

  type_into_row (form, "Password", "x");
  g_assert_true (onboard_signup_form_get_has_input (fixture->form));
  type_into_row (form, "Email", "o");
  g_assert_cmpuint (fixture->n_has_input, ==, 1);

  type_into_row (form, "Password", "");
  type_into_row (form, "Email", "");
  g_assert_false (onboard_signup_form_get_has_input (fixture->form));
  g_assert_cmpuint (fixture->n_has_input, ==, 2);
}

/* Signed up: the sign-up is handed over, once; the password has left its
 * entry; what the page saves can be read. */
static void
test_signup_form_signed_up (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);
  g_autofree char *email = NULL;

  fill_form (fixture, "demo-booking", "  " EMAIL " ", PASSWORD);
  g_assert_true (onboard_signup_form_get_valid (fixture->form));

  onboard_signup_form_sign_up (fixture->form);
  g_assert_true (onboard_signup_form_get_busy (fixture->form));
  wait_until (fixture->n_signed_up == 1);

  g_assert_false (onboard_signup_form_get_busy (fixture->form));
  g_assert_cmpstr (onboard_signup_get_email (fixture->signup), ==, EMAIL);
  g_assert_nonnull (onboard_signup_get_signup_token (fixture->signup));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Password"))), ==, "");
  g_assert_cmpstr (onboard_signup_form_get_invite_code (fixture->form), ==, "demo-booking");
  email = onboard_signup_form_dup_email (fixture->form);
  g_assert_cmpstr (email, ==, EMAIL);

  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups 201"), ==, 1);
  iterate_for (100);
  g_assert_cmpuint (fixture->n_signed_up, ==, 1);
}

/* Sign up on an incomplete form: nothing is sent, the hints under the
 * rows become errors, and the focus goes to the first of them. */
static void
test_signup_form_incomplete (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);

  fill_form (fixture, "DEMO-ASSEMBLY", "office@", "abc");
  onboard_signup_form_sign_up (fixture->form);
  iterate_for (50);

  assert_field_message (find_row_message (form, "Email"), ONBOARD_FIELD_MESSAGE_ERROR,
                        "Enter your whole email address");
  assert_field_message (find_row_message (form, "Password"), ONBOARD_FIELD_MESSAGE_ERROR,
                        "Too short: 7 more characters needed.");
  g_assert_true (is_focused (fixture, "Email"));
  g_assert_false (onboard_signup_form_get_busy (fixture->form));
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups"), ==, 0);
  g_assert_cmpuint (fixture->n_signed_up, ==, 0);
}

/* The service's objections land under their rows, and Sign up waits for
 * a change. */
static void
test_signup_form_field_errors (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);
  GtkWidget *sign_in;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (fixture->sandbox, EMAIL, "an-older-password-1", &error);
  g_assert_no_error (error);

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, "welcome123");
  onboard_signup_form_sign_up (fixture->form);
  wait_until (count_log_lines (fixture->client, "POST /signups 422") == 1);
  wait_until (!onboard_signup_form_get_busy (fixture->form));

  assert_field_message (find_row_message (form, "Password"), ONBOARD_FIELD_MESSAGE_ERROR, "too common");
  g_assert_false (onboard_signup_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_signed_up, ==, 0);

  /* Another password: the address is the service's next objection, with
   * a way to sign in that names the page's action. */
  type_into_row (form, "Password", PASSWORD);
  g_assert_true (onboard_signup_form_get_valid (fixture->form));
  onboard_signup_form_sign_up (fixture->form);
  wait_until (count_log_lines (fixture->client, "POST /signups 422") == 2);
  wait_until (!onboard_signup_form_get_busy (fixture->form));

  assert_field_message (find_row_message (form, "Email"), ONBOARD_FIELD_MESSAGE_ERROR,
                        "This email already has an account");
  sign_in = find_widget (form, GTK_TYPE_BUTTON, button_has_label, "Sign in with this email");
  g_assert_nonnull (sign_in);
  g_assert_true (gtk_widget_get_visible (sign_in));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (sign_in)), ==, "signup.show-sign-in");
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
}

/* While the request runs the rows take no input and no focus, and Cancel
 * shows; the focus comes back where it was when the answer leaves the
 * user on the form. */
static void
test_signup_form_busy (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);
  GtkWidget *cancel;

  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"status\":500,\"delay_ms\":800,\"count\":1}");
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  gtk_widget_grab_focus (find_row (form, "Password"));
  g_assert_true (is_focused (fixture, "Password"));

  /* Enter in the password row. */
  g_signal_emit_by_name (find_row (form, "Password"), "entry-activated");
  wait_until (count_log_lines (fixture->client, "GET /terms") == 1 && onboard_signup_form_get_busy (fixture->form));

  cancel = find_button_for_action (form, "signup.cancel");
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (cancel));
  g_assert_false (gtk_widget_is_sensitive (find_row (form, "Email")));
  g_assert_null (gtk_root_get_focus (GTK_ROOT (fixture->window)));

  wait_until (!onboard_signup_form_get_busy (fixture->form));
  g_assert_true (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (find_row (form, "Email")));
  g_assert_true (is_focused (fixture, "Password"));
  g_assert_cmpuint (fixture->n_signed_up, ==, 0);
}

/* Cancel stops the wait, and says that signing up again makes no second
 * account. */
static void
test_signup_form_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);

  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"delay_ms\":1500,\"count\":1}");
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  onboard_signup_form_sign_up (fixture->form);
  wait_until (count_log_lines (fixture->client, "GET /terms") == 1 && onboard_signup_form_get_busy (fixture->form));
  iterate_for (100);

  g_signal_emit_by_name (find_button_for_action (form, "signup.cancel"), "clicked");
  g_assert_false (onboard_signup_form_get_busy (fixture->form));
  g_assert_true (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (banner (fixture)),
                            "the activation email is on its way"));

  /* The service made it anyway; the form never hears of it. */
  wait_until (onboard_sandbox_get_signup_count (fixture->sandbox) == 1);
  iterate_for (200);
  g_assert_cmpuint (fixture->n_signed_up, ==, 0);
}

/* Locked while another part of the step has a request running: the rows
 * take no input, and neither Enter nor Sign up sends anything. */
static void
test_signup_form_locked (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  gtk_widget_grab_focus (find_row (form, "Password"));
  onboard_signup_form_set_locked (fixture->form, TRUE);
  g_assert_true (onboard_signup_form_get_locked (fixture->form));
  g_assert_false (gtk_widget_is_sensitive (find_row (form, "Invite code")));
  g_assert_false (gtk_widget_is_sensitive (find_row (form, "Password")));
  /* The focus left the rows before they turned insensitive. */
  g_assert_null (gtk_root_get_focus (GTK_ROOT (fixture->window)));

  g_signal_emit_by_name (find_row (form, "Password"), "entry-activated");
  onboard_signup_form_sign_up (fixture->form);
  iterate_for (100);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms"), ==, 0);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups"), ==, 0);
  g_assert_false (onboard_signup_form_get_busy (fixture->form));

  onboard_signup_form_set_locked (fixture->form, FALSE);
  g_assert_true (gtk_widget_is_sensitive (find_row (form, "Password")));
  g_assert_true (is_focused (fixture, "Password"));
  onboard_signup_form_sign_up (fixture->form);
  wait_until (fixture->n_signed_up == 1);
}

/* Back from the inbox to change the email: empty rows get what the
 * sign-up saved, typed ones stay, and the password is asked for again. */
static void
test_signup_form_start_again (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *form = form_widget (fixture);

  onboard_signup_form_start_again (fixture->form, "DEMO-BOOKING", "ofice@oakfield.sch.uk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Invite code"))), ==, "DEMO-BOOKING");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Email"))), ==, "ofice@oakfield.sch.uk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Password"))), ==, "");
  assert_field_message (find_row_message (form, "Password"), ONBOARD_FIELD_MESSAGE_INFO,
                        "Type your password again: it is never kept.");
  g_assert_true (is_focused (fixture, "Email"));

  type_into_row (form, "Email", EMAIL);
  onboard_signup_form_start_again (fixture->form, "OTHER-CODE", "other@oakfield.sch.uk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Invite code"))), ==, "DEMO-BOOKING");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (form, "Email"))), ==, EMAIL);
}

/* Read the terms: they are loaded once, and shown in a window of their
 * own over the form's. */
static void
test_signup_form_read_terms (Fixture       *fixture,
                             gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  g_autoptr(GtkWindow) terms = NULL;

  gtk_widget_activate_action (form_widget (fixture), "signup.read-terms", NULL);
  wait_until (g_list_model_get_n_items (toplevels) == before + 1);

  terms = g_list_model_get_item (toplevels, before);
  g_assert_true (gtk_window_get_transient_for (terms) == fixture->window);
  g_assert_true (gtk_window_get_modal (terms));
  g_assert_nonnull (find_widget (GTK_WIDGET (terms), GTK_TYPE_LABEL, label_contains, "Version "));
  g_assert_false (onboard_signup_form_get_busy (fixture->form));
  gtk_window_destroy (terms);

  /* Already loaded: the second time asks the service nothing. */
  gtk_widget_activate_action (form_widget (fixture), "signup.read-terms", NULL);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms"), ==, 1);
  g_clear_object (&terms);
  terms = g_list_model_get_item (toplevels, before);
  gtk_window_destroy (terms);
}

/* Disposed while the sign-up is on its way: the request is cancelled and
 * its answer finds nothing of the form to touch. */
static void
test_signup_form_disposed_while_signing_up (Fixture       *fixture,
                                            gconstpointer  data)
{
  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"delay_ms\":500,\"count\":1}");
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  onboard_signup_form_sign_up (fixture->form);
  wait_until (count_log_lines (fixture->client, "GET /terms") == 1 && onboard_signup_form_get_busy (fixture->form));
  iterate_for (50);

  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_run_dispose (G_OBJECT (fixture->form));

  wait_until (count_log_lines (fixture->client, "cancelled") >= 1);
  iterate_for (700);
  g_assert_cmpuint (fixture->n_signed_up, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/signup-form/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("empty", test_signup_form_empty);
  ADD ("hint", test_signup_form_hint);
  ADD ("has-input", test_signup_form_has_input);
  ADD ("signed-up", test_signup_form_signed_up);
  ADD ("incomplete", test_signup_form_incomplete);
  ADD ("field-errors", test_signup_form_field_errors);
  ADD ("busy", test_signup_form_busy);
  ADD ("cancel", test_signup_form_cancel);
  ADD ("locked", test_signup_form_locked);
  ADD ("start-again", test_signup_form_start_again);
  ADD ("read-terms", test_signup_form_read_terms);
  ADD ("disposed-while-signing-up", test_signup_form_disposed_while_signing_up);

#undef ADD

  return g_test_run ();
}
