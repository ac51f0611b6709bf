/* test-sign-in-form.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-error-banner.h"
#include "onboard-sandbox.h"
#include "onboard-sign-in-form.h"
#include "onboard-test-ui.h"

/* Step 2's sign-in form on its own, in a window, against the reference
 * server in this process: what it tells its page (valid, busy, signed-in
 * with the account), what it says under its rows, and what goes over the
 * wire. */

#define PASSWORD "violet-harbour-lantern-58"
#define EMAIL    "office@oakfield.sch.uk"

typedef struct
{
  OnboardSandbox    *sandbox;
  OnboardClient     *client;
  GtkWindow         *window;
  OnboardSignInForm *form;
  OnboardAccount    *account;
  guint              n_signed_in;
  guint              n_valid;
} Fixture;

static void
signed_in_cb (OnboardSignInForm *form,
              OnboardAccount    *account,
              Fixture           *fixture)
{
  g_assert_true (ONBOARD_IS_ACCOUNT (account));
  g_set_object (&fixture->account, account);
  fixture->n_signed_in++;
}

static void
valid_cb (GObject    *object,
          GParamSpec *pspec,
          Fixture    *fixture)
{
  fixture->n_valid++;
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
  onboard_sandbox_add_account (fixture->sandbox, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);

  fixture->form = g_object_ref_sink (ONBOARD_SIGN_IN_FORM (onboard_sign_in_form_new (fixture->client)));
  g_signal_connect (fixture->form, "signed-in", G_CALLBACK (signed_in_cb), fixture);
  g_signal_connect (fixture->form, "notify::valid", G_CALLBACK (valid_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 700);
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
  g_clear_object (&fixture->account);
  finalize_soon (fixture->client);
  g_clear_object (&fixture->sandbox);
}

static GtkWidget *
form_widget (Fixture *fixture)
{
  return GTK_WIDGET (fixture->form);
}

static const char *
text_of (Fixture    *fixture,
         const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_row (form_widget (fixture), title)));
}

static OnboardFieldMessage *
message (Fixture *fixture)
{
  /* One message, under the password: the form's two rows share it. */
  return find_row_message (form_widget (fixture), "Password");
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

static void
type_credentials (Fixture    *fixture,
                  const char *email,
                  const char *password)
{
  type_into_row (form_widget (fixture), "Email", email);
  type_into_row (form_widget (fixture), "Password", password);
}

/* ---------------------------------------------------------------------- */

/* Sign in can be pressed once a whole address and a password are typed;
 * the hint says what it needs. */
static void
test_sign_in_form_valid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_assert_true (onboard_sign_in_form_get_client (fixture->form) == fixture->client);
  g_assert_false (onboard_sign_in_form_get_valid (fixture->form));
  g_assert_false (onboard_sign_in_form_get_busy (fixture->form));
  g_assert_cmpstr (onboard_sign_in_form_get_hint (fixture->form), ==,
                   "To sign in, enter the email address and password of your Assembly account.");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->form)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);

  type_credentials (fixture, "office@", PASSWORD);
  g_assert_false (onboard_sign_in_form_get_valid (fixture->form));
  type_into_row (form_widget (fixture), "Email", EMAIL);
  g_assert_true (onboard_sign_in_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_valid, ==, 1);
  type_into_row (form_widget (fixture), "Password", "");
  g_assert_false (onboard_sign_in_form_get_valid (fixture->form));
  g_assert_cmpuint (fixture->n_valid, ==, 2);
}

/* Signed in: the account is handed over once, the password has left its
 * entry, and the address stays. */
static void
test_sign_in_form_signed_in (Fixture       *fixture,
                             gconstpointer  data)
{
  type_credentials (fixture, " " EMAIL " ", PASSWORD);
  onboard_sign_in_form_sign_in (fixture->form);
  g_assert_true (onboard_sign_in_form_get_busy (fixture->form));
  g_assert_false (gtk_widget_is_sensitive (find_row (form_widget (fixture), "Email")));

  wait_until (fixture->n_signed_in == 1);
  g_assert_false (onboard_sign_in_form_get_busy (fixture->form));
  g_assert_cmpstr (onboard_account_get_email (fixture->account), ==, EMAIL);
  g_assert_null (onboard_account_get_school_registration (fixture->account));
  g_assert_true (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, " " EMAIL " ");
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /oauth/token 200"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /me 200"), ==, 1);
}

/* A wrong password is said under the rows and typed again; nothing is
 * handed over. */
static void
test_sign_in_form_wrong_password (Fixture       *fixture,
                                  gconstpointer  data)
{
  type_credentials (fixture, EMAIL, "not-my-password-1");
  gtk_widget_grab_focus (find_row (form_widget (fixture), "Email"));
  onboard_sign_in_form_sign_in (fixture->form);
  wait_until (onboard_field_message_get_kind (message (fixture)) == ONBOARD_FIELD_MESSAGE_ERROR);

  assert_field_message (message (fixture), ONBOARD_FIELD_MESSAGE_ERROR, "do not match an account");
  g_assert_false (onboard_sign_in_form_get_busy (fixture->form));
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  g_assert_true (is_focused (fixture, "Password"));
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  /* Typing again takes the error away. */
  type_into_row (form_widget (fixture), "Password", "p");
  g_assert_cmpint (onboard_field_message_get_kind (message (fixture)), ==, ONBOARD_FIELD_MESSAGE_NONE);
}

/* Too many tries: the wait the service asks for, in minutes. */
static void
test_sign_in_form_rate_limited (Fixture       *fixture,
                                gconstpointer  data)
{
  add_fault (fixture->sandbox, "{\"path\":\"/oauth/token\",\"status\":429,\"retry_after\":120,\"count\":1}");
  type_credentials (fixture, EMAIL, PASSWORD);
  onboard_sign_in_form_sign_in (fixture->form);
  wait_until (onboard_field_message_get_kind (message (fixture)) == ONBOARD_FIELD_MESSAGE_ERROR);

  assert_field_message (message (fixture), ONBOARD_FIELD_MESSAGE_ERROR,
                        "Too many tries. Wait 2 minutes, then try again.");
  /* Not a wrong password: what was typed stays. */
  g_assert_cmpstr (text_of (fixture, "Password"), ==, PASSWORD);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
}

/* Pressed with something missing: nothing is sent, the message says
 * what, and the focus goes there. */
static void
test_sign_in_form_incomplete (Fixture       *fixture,
                              gconstpointer  data)
{
  onboard_sign_in_form_sign_in (fixture->form);
  assert_field_message (message (fixture), ONBOARD_FIELD_MESSAGE_ERROR,
                        "Enter the email address of your Assembly account.");
  g_assert_true (is_focused (fixture, "Email"));

  type_into_row (form_widget (fixture), "Email", EMAIL);
  onboard_sign_in_form_sign_in (fixture->form);
  assert_field_message (message (fixture), ONBOARD_FIELD_MESSAGE_ERROR, "Enter your password.");
  g_assert_true (is_focused (fixture, "Password"));

  iterate_for (50);
  g_assert_cmpuint (count_log_lines (fixture->client, "/oauth/token"), ==, 0);
  g_assert_false (onboard_sign_in_form_get_busy (fixture->form));
}

/* The account could not be read after signing in: the banner offers to
 * try again, which reads it without a second sign-in. */
static void
test_sign_in_form_account_failed (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *try_again;

  add_fault (fixture->sandbox, "{\"path\":\"/me\",\"status\":500,\"count\":1}");
  type_credentials (fixture, EMAIL, PASSWORD);
  /* Enter in the password row. */
  g_signal_emit_by_name (find_row (form_widget (fixture), "Password"), "entry-activated");
  wait_until (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_false (onboard_sign_in_form_get_busy (fixture->form));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  try_again = find_widget (GTK_WIDGET (banner (fixture)), GTK_TYPE_BUTTON, button_has_label, "_Try Again");
  g_assert_nonnull (try_again);
  g_signal_emit_by_name (try_again, "clicked");
  wait_until (fixture->n_signed_in == 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /oauth/token 200"), ==, 1);
}

/* As it comes into view: an empty email row gets the known address, a
 * typed one stays, the last error goes, and the focus lands on the first
 * empty row. */
static void
test_sign_in_form_prepare (Fixture       *fixture,
                           gconstpointer  data)
{
  onboard_sign_in_form_sign_in (fixture->form);
  g_assert_cmpint (onboard_field_message_get_kind (message (fixture)), ==, ONBOARD_FIELD_MESSAGE_ERROR);
  g_assert_true (gtk_widget_grab_focus (form_widget (fixture)));
  g_assert_true (is_focused (fixture, "Email"));

  onboard_sign_in_form_prepare (fixture->form, EMAIL);
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  g_assert_cmpint (onboard_field_message_get_kind (message (fixture)), ==, ONBOARD_FIELD_MESSAGE_NONE);
  g_assert_true (gtk_widget_grab_focus (form_widget (fixture)));
  g_assert_true (is_focused (fixture, "Password"));

  onboard_sign_in_form_prepare (fixture->form, "other@oakfield.sch.uk");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  onboard_sign_in_form_prepare (fixture->form, NULL);
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
}

/* After a restart without the sign-up's token: the address, and what to
 * do before signing in. */
static void
test_sign_in_form_ask_after_activation (Fixture       *fixture,
                                        gconstpointer  data)
{
  onboard_sign_in_form_ask_after_activation (fixture->form, EMAIL);
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  assert_field_message (message (fixture), ONBOARD_FIELD_MESSAGE_INFO,
                        "Open the activation link in the email from Assembly, then sign in here with your password.");
}

/* Locked while another part of the step has a request running. */
static void
test_sign_in_form_locked (Fixture       *fixture,
                          gconstpointer  data)
{
  type_credentials (fixture, EMAIL, PASSWORD);
  gtk_widget_grab_focus (find_row (form_widget (fixture), "Email"));
  onboard_sign_in_form_set_locked (fixture->form, TRUE);
  g_assert_true (onboard_sign_in_form_get_locked (fixture->form));
  g_assert_false (gtk_widget_is_sensitive (find_row (form_widget (fixture), "Email")));
  g_assert_false (gtk_widget_is_sensitive (find_row (form_widget (fixture), "Password")));
  /* The focus left the rows before they turned insensitive. */
  g_assert_null (gtk_root_get_focus (GTK_ROOT (fixture->window)));

  g_signal_emit_by_name (find_row (form_widget (fixture), "Password"), "entry-activated");
  onboard_sign_in_form_sign_in (fixture->form);
  iterate_for (100);
  g_assert_cmpuint (count_log_lines (fixture->client, "/oauth/token"), ==, 0);

  onboard_sign_in_form_set_locked (fixture->form, FALSE);
  g_assert_true (gtk_widget_is_sensitive (find_row (form_widget (fixture), "Password")));
  g_assert_true (is_focused (fixture, "Email"));
  /* Back to Sign up is the page's to do: the button names its action. */
  g_assert_nonnull (find_button_for_action (form_widget (fixture), "signup.show-sign-up"));
}

/* Disposed while signing in: the request is cancelled and its answer
 * finds nothing of the form to touch. */
static void
test_sign_in_form_disposed_while_signing_in (Fixture       *fixture,
                                             gconstpointer  data)
{
  add_fault (fixture->sandbox, "{\"path\":\"/oauth/token\",\"delay_ms\":500,\"count\":1}");
  type_credentials (fixture, EMAIL, PASSWORD);
  onboard_sign_in_form_sign_in (fixture->form);
  iterate_for (50);

  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_run_dispose (G_OBJECT (fixture->form));

  wait_until (count_log_lines (fixture->client, "cancelled") >= 1);
  iterate_for (700);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  g_assert_cmpuint (count_log_lines (fixture->client, "/me"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/sign-in-form/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("valid", test_sign_in_form_valid);
  ADD ("signed-in", test_sign_in_form_signed_in);
  ADD ("wrong-password", test_sign_in_form_wrong_password);
  ADD ("rate-limited", test_sign_in_form_rate_limited);
  ADD ("incomplete", test_sign_in_form_incomplete);
  ADD ("account-failed", test_sign_in_form_account_failed);
  ADD ("prepare", test_sign_in_form_prepare);
  ADD ("ask-after-activation", test_sign_in_form_ask_after_activation);
  ADD ("locked", test_sign_in_form_locked);
  ADD ("disposed-while-signing-in", test_sign_in_form_disposed_while_signing_in);

#undef ADD

  return g_test_run ();
}
