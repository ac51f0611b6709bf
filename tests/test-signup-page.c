/* test-signup-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "onboard-credentials.h"
#include "onboard-error-banner.h"
#include "onboard-field-message.h"
#include "onboard-sandbox.h"
#include "onboard-signup-page.h"
#include "onboard-test-ui.h"

/* Step 2 as the office worker meets it: the real page in a window, driven
 * through its actions and the widgets it shows, against the reference
 * server in this process. Every assertion is about what the user sees or
 * what went over the wire.
 */

#define PASSWORD   "violet-harbour-lantern-58"
#define EMAIL      "office@oakfield.sch.uk"
#define SUPPORT    "020 8506 6100"

typedef struct
{
  OnboardSandbox  *sandbox;
  OnboardClient   *client;
  OnboardProgress *progress;
  GtkWindow       *window;
  OnboardPage     *page;
  guint            done_count;
} Fixture;

/* Where the test's XDG folders live; scanned for the password at the end. */
static char *test_root;
/* Everything logged while the tests ran. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize)strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }

  /* Debug output is only kept, not printed: it would drown the TAP. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Finding what the user sees ------------------------------------------- */

/* The part of the step on screen: the form, the inbox, sign in… */
static GtkWidget *
view (Fixture *fixture)
{
  GtkStack *stack = GTK_STACK (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_STACK, NULL, NULL));

  g_assert_nonnull (stack);

  return gtk_stack_get_visible_child (stack);
}

static const char *
view_name (Fixture *fixture)
{
  return onboard_signup_page_get_view (ONBOARD_SIGNUP_PAGE (fixture->page));
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *widget = find_widget (view (fixture), ADW_TYPE_PREFERENCES_ROW, row_has_title, title);

  if (widget == NULL)
    g_error ("No row “%s” in the “%s” view", title, view_name (fixture));

  return widget;
}

static OnboardFieldMessage *
message_for (Fixture    *fixture,
             const char *title)
{
  GtkWidget *field = row (fixture, title);
  GtkWidget *widget = find_widget (view (fixture), ONBOARD_TYPE_FIELD_MESSAGE, message_has_field, field);

  g_assert_nonnull (widget);

  return ONBOARD_FIELD_MESSAGE (widget);
}

static GtkWidget *
button_for_action (Fixture    *fixture,
                   const char *action)
{
  GtkWidget *widget = find_widget (view (fixture), GTK_TYPE_BUTTON, has_action, action);

  if (widget == NULL)
    g_error ("No button for %s in the “%s” view", action, view_name (fixture));

  return widget;
}

static OnboardErrorBanner *
banner (Fixture *fixture)
{
  GtkWidget *widget = find_widget (view (fixture), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL);

  g_assert_nonnull (widget);

  return ONBOARD_ERROR_BANNER (widget);
}

static GtkSwitch *
terms_switch (Fixture *fixture)
{
  return GTK_SWITCH (find_widget (view (fixture), GTK_TYPE_SWITCH, NULL, NULL));
}

static const char *
text_of (Fixture    *fixture,
         const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (row (fixture, title)));
}

static void
type_into (Fixture    *fixture,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, title)), text);
}

static gboolean
message_is (OnboardFieldMessage     *message,
            OnboardFieldMessageKind  kind)
{
  return onboard_field_message_get_kind (message) == kind;
}

static void
assert_message (OnboardFieldMessage     *message,
                OnboardFieldMessageKind  kind,
                const char              *contains)
{
  const char *text = onboard_field_message_get_text (message);

  if (onboard_field_message_get_kind (message) != kind || strstr (text, contains) == NULL)
    g_error ("The row says (kind %d) “%s”; expected (kind %d) something with “%s”",
             onboard_field_message_get_kind (message), text, kind, contains);

  /* What the row says is on screen, not just stored. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
}

static gboolean
has_text (GtkWidget     *widget,
          gconstpointer  data)
{
  return gtk_editable_get_text (GTK_EDITABLE (widget))[0] != '\0';
}

/* In every part of the step, shown or not. */
static void
assert_password_entries_empty (Fixture *fixture)
{
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_PASSWORD_ENTRY, NULL, NULL));
  g_assert_null (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_PASSWORD_ENTRY, has_text, NULL));
}

/* Sign up and Sign in are the page's primary action, which the window
 * shows; "enabled" is what the window makes of it. */
static gboolean
primary_enabled (Fixture    *fixture,
                 const char *label)
{
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, label);

  return onboard_page_get_primary_sensitive (fixture->page) && !onboard_page_get_busy (fixture->page);
}

static gboolean
sign_up_enabled (Fixture *fixture)
{
  return primary_enabled (fixture, "_Sign up");
}

/* Set-up --------------------------------------------------------------- */

/* The page's step finished: the window would move on now. */
static void
done_cb (OnboardPage *page,
         GParamSpec  *pspec,
         Fixture     *fixture)
{
  if (onboard_page_get_complete (page))
    fixture->done_count++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "schools-step3.csv", NULL);
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, schools, &error);
  g_assert_no_error (error);
  /* The page polls at the service's Retry-After: keep the waits short. */
  onboard_sandbox_set_signup_retry_after (fixture->sandbox, 1);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->progress = onboard_progress_new (onboard_sandbox_get_base_url (fixture->sandbox));

  fixture->page = g_object_ref_sink (onboard_signup_page_new (fixture->client, fixture->progress, NULL));
  /* The window numbers its pages; alone, the page is given its step. */
  onboard_page_set_step (fixture->page, ONBOARD_STEP_SIGN_UP);
  g_signal_connect (fixture->page, "notify::complete", G_CALLBACK (done_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  onboard_page_shown (fixture->page);

  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
  g_assert_cmpstr (view_name (fixture), ==, "form");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (fixture->window);
  /* Answers still on their way hold the page until they arrive. */
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);
  g_object_unref (fixture->page);
  wait_until (fixture->page == NULL);

  onboard_progress_save_sync (fixture->progress, &error);
  g_assert_no_error (error);

  /* A write in its worker thread holds the progress until it is done; a
   * cancelled request lets go of the client once libsoup has wound it
   * down, a little after the page heard "cancelled". */
  g_object_add_weak_pointer (G_OBJECT (fixture->progress), (gpointer *)&fixture->progress);
  g_object_unref (fixture->progress);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *)&fixture->client);
  g_object_unref (fixture->client);
  wait_until (fixture->progress == NULL && fixture->client == NULL);

  g_clear_object (&fixture->sandbox);
}

static void
add_account (Fixture    *fixture,
             const char *email,
             const char *password)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (fixture->sandbox, email, password, &error);
  g_assert_no_error (error);
}

static void
wait_for_invite_check (Fixture *fixture)
{
  OnboardFieldMessage *message = message_for (fixture, "Invite code");

  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_SUCCESS) ||
              message_is (message, ONBOARD_FIELD_MESSAGE_ERROR) ||
              message_is (message, ONBOARD_FIELD_MESSAGE_INFO));
}

static void
fill_form (Fixture    *fixture,
           const char *code,
           const char *email,
           const char *password)
{
  type_into (fixture, "Invite code", code);
  type_into (fixture, "Email", email);
  type_into (fixture, "Password", password);
  gtk_switch_set_active (terms_switch (fixture), TRUE);
  wait_for_invite_check (fixture);
}

static void
assert_form_kept (Fixture    *fixture,
                  const char *code,
                  const char *email,
                  const char *password)
{
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_cmpstr (text_of (fixture, "Invite code"), ==, code);
  g_assert_cmpstr (text_of (fixture, "Email"), ==, email);
  g_assert_cmpstr (text_of (fixture, "Password"), ==, password);
  g_assert_true (gtk_switch_get_active (terms_switch (fixture)));
}

static void
sign_up (Fixture *fixture)
{
  g_assert_true (sign_up_enabled (fixture));
  onboard_page_activate_primary (fixture->page);
}

static void
wait_until_idle (Fixture *fixture)
{
  wait_until (!onboard_page_get_busy (fixture->page));
}

/* Signs up and waits for "Check your inbox". */
static void
sign_up_to_inbox (Fixture    *fixture,
                  const char *email)
{
  fill_form (fixture, "DEMO-BOOKING", email, PASSWORD);
  sign_up (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
}

/* The invite code ------------------------------------------------------ */

static void
test_invite_code_valid (Fixture       *fixture,
                        gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Invite code");

  /* Typed a key at a time, quicker than the check's delay: one check, for
   * the whole code, once typing stops. */
  for (const char *code = "demo-assembly"; *code; code++)
    {
      g_autofree char *typed = g_strndup ("demo-assembly", code - "demo-assembly" + 1);

      type_into (fixture, "Invite code", typed);
      iterate_for (20);
    }
  g_assert_cmpuint (count_log_lines (fixture->client, "/invite_codes/"), ==, 0);

  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_SUCCESS));
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Valid invite for Assembly demo school");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Invite code"), "error"));
  g_assert_cmpuint (count_log_lines (fixture->client, "/invite_codes/"), ==, 1);
}

static void
test_invite_code_stale_check_cancelled (Fixture       *fixture,
                                        gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Invite code");

  /* The first check is slow to answer; the user corrects the code meanwhile. */
  add_fault (fixture->sandbox, "{\"path\":\"/invite_codes/*\",\"delay_ms\":1500,\"count\":1}");

  type_into (fixture, "Invite code", "DEMO-USED");
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_BUSY));
  assert_message (message, ONBOARD_FIELD_MESSAGE_BUSY, "Checking");

  type_into (fixture, "Invite code", "DEMO-ASSEMBLY");
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_SUCCESS));
  g_assert_cmpuint (count_log_lines (fixture->client, "cancelled"), ==, 1);

  /* The first answer ("already used") would have arrived by now; it must
   * not replace the answer for what the row says now. */
  iterate_for (1800);
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Valid invite");
}

static void
check_refused_code (Fixture    *fixture,
                    const char *code,
                    const char *says)
{
  OnboardFieldMessage *message = message_for (fixture, "Invite code");

  fill_form (fixture, code, EMAIL, PASSWORD);
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, says);
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Invite code"), "error"));
  g_assert_false (sign_up_enabled (fixture));

  /* Corrected, the row says so and Sign up is possible. */
  type_into (fixture, "Invite code", "DEMO-ASSEMBLY");
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_SUCCESS));
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Invite code"), "error"));
  g_assert_true (sign_up_enabled (fixture));
}

static void
test_invite_code_expired (Fixture       *fixture,
                          gconstpointer  data)
{
  check_refused_code (fixture, "DEMO-EXPIRED", "has expired. Call Assembly on " SUPPORT);
}

static void
test_invite_code_used (Fixture       *fixture,
                       gconstpointer  data)
{
  check_refused_code (fixture, "demo-used", "has already been used");
}

static void
test_invite_code_unknown (Fixture       *fixture,
                          gconstpointer  data)
{
  check_refused_code (fixture, "NOSUCHCODE42", "We do not recognise this invite code");
}

static void
test_invite_code_malformed (Fixture       *fixture,
                            gconstpointer  data)
{
  check_refused_code (fixture, "A!", "4 to 32 letters and numbers");
  /* Never asked about: the shape alone rules it out. */
  g_assert_cmpuint (count_log_lines (fixture->client, "/invite_codes/"), ==, 1);
}

/* When the check itself cannot be made, Sign up checks again: the
 * service's verdict then lands on the invite code's row. */
static void
check_code_refused_at_sign_up (Fixture    *fixture,
                               const char *code,
                               const char *says)
{
  OnboardFieldMessage *message = message_for (fixture, "Invite code");

  add_fault (fixture->sandbox, "{\"path\":\"/invite_codes/*\",\"status\":500}");
  fill_form (fixture, code, EMAIL, PASSWORD);
  assert_message (message, ONBOARD_FIELD_MESSAGE_INFO, "will be checked when you sign up");

  sign_up (fixture);
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_ERROR));
  wait_until_idle (fixture);

  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, says);
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Invite code"), "error"));
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_false (sign_up_enabled (fixture));
  assert_form_kept (fixture, code, EMAIL, PASSWORD);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 0);
}

static void
test_sign_up_refuses_expired_code (Fixture       *fixture,
                                   gconstpointer  data)
{
  check_code_refused_at_sign_up (fixture, "DEMO-EXPIRED", "has expired");
}

static void
test_sign_up_refuses_used_code (Fixture       *fixture,
                                gconstpointer  data)
{
  check_code_refused_at_sign_up (fixture, "DEMO-USED", "has already been used");
}

static void
test_sign_up_refuses_wrong_code (Fixture       *fixture,
                                 gconstpointer  data)
{
  check_code_refused_at_sign_up (fixture, "WRONG-CODE-1", "We do not recognise this invite code");
}

static void
test_no_invite_code (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *button = find_widget (view (fixture), GTK_TYPE_BUTTON, button_has_label, "No invite code?");
  GtkWidget *how = find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, SUPPORT);
  GtkWidget *revealer;

  g_assert_nonnull (button);
  g_assert_nonnull (how);
  revealer = gtk_widget_get_ancestor (how, GTK_TYPE_REVEALER);
  g_assert_nonnull (revealer);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (how)), "Invite codes come from Assembly"));
}

/* Email, password, terms ----------------------------------------------- */

static void
test_email_validation (Fixture       *fixture,
                       gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Email");

  fill_form (fixture, "DEMO-ASSEMBLY", "office@", PASSWORD);

  /* A gentle hint while typing… */
  assert_message (message, ONBOARD_FIELD_MESSAGE_INFO, "Enter your whole email address");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Email"), "error"));
  g_assert_false (sign_up_enabled (fixture));

  /* …an error once the user tries to go on: Enter, as Sign up cannot be
   * pressed yet. */
  g_signal_emit_by_name (row (fixture, "Email"), "entry-activated");
  iterate_for (50);
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "Enter your whole email address");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Email"), "error"));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 0);

  type_into (fixture, "Email", "office@oakfield.sch.uk");
  g_assert_false (message_is (message, ONBOARD_FIELD_MESSAGE_ERROR));
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Email"), "error"));
  g_assert_true (sign_up_enabled (fixture));
}

static void
test_password_validation (Fixture       *fixture,
                          gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Password");

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, "short1");
  assert_message (message, ONBOARD_FIELD_MESSAGE_INFO, "Too short: 4 more characters needed.");
  g_assert_false (sign_up_enabled (fixture));

  type_into (fixture, "Password", "short12");
  assert_message (message, ONBOARD_FIELD_MESSAGE_INFO, "Too short: 3 more characters needed.");

  /* Long enough, but it gives the whole email away; the message says what
   * it found. */
  type_into (fixture, "Password", "my-Office@Oakfield.sch.uk");
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR,
                  "Your password contains your email address, " EMAIL ".");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_false (sign_up_enabled (fixture));

  /* A part of the address, the "office" before the @, is allowed. */
  type_into (fixture, "Password", "Oakfield-Office-2026!");
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Strong password.");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_true (sign_up_enabled (fixture));

  type_into (fixture, "Password", "tenletters");
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Long enough");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_true (sign_up_enabled (fixture));

  type_into (fixture, "Password", PASSWORD);
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Strong password.");
}

static void
test_short_password_on_sign_up (Fixture       *fixture,
                                gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Password");

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, "abc");
  g_assert_false (sign_up_enabled (fixture));

  /* Enter in a field tries to sign up: nothing is sent, the row says why. */
  g_signal_emit_by_name (row (fixture, "Password"), "entry-activated");
  iterate_for (50);
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "Too short: 7 more characters needed.");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups"), ==, 0);
}

static void
test_password_too_common (Fixture       *fixture,
                          gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Password");

  /* Long enough for the app, but on the service's list of common ones. */
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, "welcome123");
  sign_up (fixture);
  wait_until (count_log_lines (fixture->client, "POST /signups 422") == 1);
  wait_until_idle (fixture);

  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "too common");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
  assert_form_kept (fixture, "DEMO-ASSEMBLY", EMAIL, "welcome123");
  /* The same password would only be refused again. */
  g_assert_false (sign_up_enabled (fixture));

  type_into (fixture, "Password", PASSWORD);
  assert_message (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Strong password.");
  g_assert_false (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_true (sign_up_enabled (fixture));
}

static void
test_password_part_of_email_accepted (Fixture       *fixture,
                                      gconstpointer  data)
{
  /* The app and the service follow one rule: only the whole address
   * counts, so a password holding "office" from office@… goes through. */
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, "Oakfield-Office-2026!");
  g_assert_true (sign_up_enabled (fixture));
  sign_up (fixture);
  wait_until (count_log_lines (fixture->client, "POST /signups 201") == 1);
  wait_until_idle (fixture);

  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups 422"), ==, 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
}

static void
test_terms_not_accepted (Fixture       *fixture,
                         gconstpointer  data)
{
  OnboardFieldMessage *message;

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  gtk_switch_set_active (terms_switch (fixture), FALSE);

  g_assert_false (sign_up_enabled (fixture));

  /* Enter in the password field does not get round it; it says why. */
  g_signal_emit_by_name (row (fixture, "Password"), "entry-activated");
  iterate_for (100);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups"), ==, 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 0);
  g_assert_cmpstr (view_name (fixture), ==, "form");
  message = message_for (fixture, "I accept the terms of service");
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "switch this on to accept them");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "I accept the terms of service"), "error"));

  gtk_switch_set_active (terms_switch (fixture), TRUE);
  g_assert_true (sign_up_enabled (fixture));
  g_assert_false (message_is (message, ONBOARD_FIELD_MESSAGE_ERROR));
  g_assert_false (gtk_widget_has_css_class (row (fixture, "I accept the terms of service"), "error"));
}

/* Answers from the service --------------------------------------------- */

static void
test_email_taken (Fixture       *fixture,
                  gconstpointer  data)
{
  OnboardFieldMessage *message = message_for (fixture, "Email");
  GtkWidget *sign_in;

  add_account (fixture, EMAIL, "an-older-password-1");

  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  sign_up (fixture);
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_ERROR));
  wait_until_idle (fixture);

  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "This email already has an account");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Email"), "error"));
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
  assert_form_kept (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);

  /* Sign in is offered, with the address carried over. */
  sign_in = find_widget (view (fixture), GTK_TYPE_BUTTON, button_has_label, "Sign in with this email");
  g_assert_nonnull (sign_in);
  g_assert_true (gtk_widget_get_visible (sign_in));
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_cmpstr (view_name (fixture), ==, "sign-in");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
}

/* The service fails the first sign-up (set up by the caller), then
 * recovers by @recover. */
static void
check_retry_after_failure (Fixture    *fixture,
                           const char *says,
                           void      (*recover) (Fixture *fixture))
{
  OnboardErrorBanner *form_banner;
  GtkWidget *try_again;

  fill_form (fixture, "DEMO-BOOKING", EMAIL, PASSWORD);
  sign_up (fixture);

  form_banner = banner (fixture);
  wait_until (onboard_error_banner_get_revealed (form_banner));
  wait_until_idle (fixture);

  g_assert_nonnull (strstr (onboard_error_banner_get_message (form_banner), says));
  /* What support asks for is one click away. */
  g_assert_nonnull (strstr (onboard_error_banner_get_details (form_banner), "/signups"));
  assert_form_kept (fixture, "DEMO-BOOKING", EMAIL, PASSWORD);
  g_assert_true (sign_up_enabled (fixture));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 0);

  if (recover != NULL)
    recover (fixture);

  try_again = find_widget (GTK_WIDGET (form_banner), GTK_TYPE_BUTTON, button_has_label, "_Try Again");
  g_assert_nonnull (try_again);
  g_assert_true (gtk_widget_get_visible (try_again));
  g_signal_emit_by_name (try_again, "clicked");

  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_account_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 1);
}

static void
test_server_error_then_retry (Fixture       *fixture,
                              gconstpointer  data)
{
  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"status\":500,\"count\":1}");
  check_retry_after_failure (fixture, "has a problem at the moment", NULL);
}

static void
test_answer_lost_after_sign_up (Fixture       *fixture,
                                gconstpointer  data)
{
  OnboardErrorBanner *form_banner;
  GtkWidget *try_again;

  /* The service makes the sign-up, then fails with a plain 500 before
   * answering: Try Again must send the same key, and get that sign-up
   * back rather than a second one (or "email taken"). */
  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"hostile\":\"server_error\",\"count\":1}");
  fill_form (fixture, "DEMO-BOOKING", EMAIL, PASSWORD);
  sign_up (fixture);

  form_banner = banner (fixture);
  wait_until (onboard_error_banner_get_revealed (form_banner));
  wait_until_idle (fixture);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  assert_form_kept (fixture, "DEMO-BOOKING", EMAIL, PASSWORD);

  try_again = find_widget (GTK_WIDGET (form_banner), GTK_TYPE_BUTTON, button_has_label, "_Try Again");
  g_assert_nonnull (try_again);
  g_signal_emit_by_name (try_again, "clicked");

  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups 201"), ==, 1);
}

static void
lift_signup_limit (Fixture *fixture)
{
  onboard_sandbox_set_signup_limit (fixture->sandbox, 10, 600);
}

static void
test_rate_limited_then_retry (Fixture       *fixture,
                              gconstpointer  data)
{
  /* The service's own per-address limit, with a wait longer than the
   * client waits by itself: the user is told. The service keeps that
   * answer for the request's key, so Try Again must not reuse it. */
  onboard_sandbox_set_signup_limit (fixture->sandbox, 0, 300);
  check_retry_after_failure (fixture, "Too many attempts", lift_signup_limit);
}

static void
test_busy_while_signing_up (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *cancel;

  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"delay_ms\":1500,\"count\":1}");
  fill_form (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  sign_up (fixture);
  wait_until (count_log_lines (fixture->client, "GET /terms") == 1 &&
              onboard_page_get_busy (fixture->page));
  iterate_for (100);

  cancel = button_for_action (fixture, "signup.cancel");

  /* Busy: the window shows a spinner in Sign up and holds it. */
  g_assert_true (onboard_page_get_busy (fixture->page));
  g_assert_false (sign_up_enabled (fixture));
  g_assert_false (gtk_widget_is_sensitive (row (fixture, "Invite code")));
  g_assert_false (gtk_widget_is_sensitive (row (fixture, "Email")));
  g_assert_false (gtk_widget_is_sensitive (row (fixture, "Password")));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (terms_switch (fixture))));
  g_assert_true (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (cancel));

  g_signal_emit_by_name (cancel, "clicked");

  g_assert_false (onboard_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_get_visible (cancel));
  g_assert_true (gtk_widget_is_sensitive (row (fixture, "Email")));
  /* The request may have gone through: the form says the email may be on
   * its way, and that signing up again makes no second account. */
  g_assert_true (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (banner (fixture)),
                            "the activation email is on its way"));
  assert_form_kept (fixture, "DEMO-ASSEMBLY", EMAIL, PASSWORD);
  g_assert_true (sign_up_enabled (fixture));

  /* The service finishes the first request anyway; signing up again
   * carries the same key and gets that one account back, not a second. */
  wait_until (onboard_sandbox_get_signup_count (fixture->sandbox) == 1);
  sign_up (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_account_count (fixture->sandbox), ==, 1);
}

/* After signing up ----------------------------------------------------- */

static void
open_activation_link (Fixture *fixture)
{
  g_autofree char *link = onboard_sandbox_dup_last_mail_link (fixture->sandbox, "activation");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link, "http://127.0.0.1:"));

  /* As the browser would. The page is not told: it finds out by itself. */
  message = soup_message_new ("GET", link);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, store_result, &result);
  wait_until (result != NULL);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
}

static void
test_activation_moves_on_by_itself (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWidget *address;
  GtkSwitch *form_switch;
  const char * const *apps;

  sign_up_to_inbox (fixture, EMAIL);

  /* Check your inbox: the address, and the password gone from its entry. */
  /* The sign-up is saved: closing now would lose nothing, even when the
   * form's state is worked out again (a late answer does so). */
  g_assert_false (onboard_page_get_has_input (fixture->page));
  form_switch = GTK_SWITCH (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_SWITCH, NULL, NULL));
  gtk_switch_set_active (form_switch, FALSE);
  gtk_switch_set_active (form_switch, TRUE);
  g_assert_false (onboard_page_get_has_input (fixture->page));

  address = find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, EMAIL);
  g_assert_nonnull (address);
  g_assert_true (gtk_widget_get_mapped (address));
  /* The focus moving into the view, as when it opens, leaves the paragraph
   * as it is instead of selecting all of it. */
  gtk_widget_child_focus (view (fixture), GTK_DIR_TAB_FORWARD);
  iterate_for (50);
  g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (address), NULL, NULL));
  g_assert_cmpuint (fixture->done_count, ==, 0);
  g_assert_false (onboard_page_get_complete (fixture->page));
  iterate_for (1500);
  g_assert_cmpstr (view_name (fixture), ==, "inbox");

  open_activation_link (fixture);
  wait_until (fixture->done_count == 1);

  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_cmpstr (view_name (fixture), ==, "signed-in");
  g_assert_true (onboard_client_get_signed_in (fixture->client));
  /* Complete with no school registered: the window goes on to Step 3. */
  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_null (onboard_progress_get_registration_id (fixture->progress));
  g_assert_cmpstr (onboard_progress_get_email (fixture->progress), ==, EMAIL);
  apps = onboard_progress_get_apps (fixture->progress);
  g_assert_nonnull (apps);
  g_assert_true (g_strv_contains (apps, "schoolbooking"));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  /* Signed in with the sign-up token: the password went over the wire once. */
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups 201"), ==, 1);
}

static void
test_polling_honours_rate_limit (Fixture       *fixture,
                                 gconstpointer  data)
{
  OnboardErrorBanner *inbox_banner;
  GtkWidget *check_now;
  guint requests;

  sign_up_to_inbox (fixture, EMAIL);

  /* While the page waits for the activation, the service asks for two
   * minutes of quiet: longer than the client sits through by itself. */
  add_fault (fixture->sandbox, "{\"path\":\"/signups/*\",\"method\":\"GET\",\"status\":429,\"retry_after\":120,\"count\":1}");
  inbox_banner = banner (fixture);
  wait_until (onboard_error_banner_get_revealed (inbox_banner));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (inbox_banner), "Too many attempts"));
  requests = onboard_sandbox_get_request_count (fixture->sandbox);

  /* Past the page's own wait after one failure (10 s): still quiet. */
  iterate_for (11000);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
  g_assert_cmpstr (view_name (fixture), ==, "inbox");

  /* The user may still ask at once, and the page then moves on. */
  open_activation_link (fixture);
  check_now = find_widget (GTK_WIDGET (inbox_banner), GTK_TYPE_BUTTON, button_has_label, "_Check Now");
  g_assert_nonnull (check_now);
  g_signal_emit_by_name (check_now, "clicked");
  wait_until (fixture->done_count == 1);
  g_assert_cmpstr (view_name (fixture), ==, "signed-in");
}

static gboolean
resend_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (button_for_action (fixture, "signup.resend"));
}

static void
test_resend_cooldown (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *resend;
  GtkWidget *status;

  onboard_sandbox_set_signup_resend_cooldown (fixture->sandbox, 2);
  sign_up_to_inbox (fixture, EMAIL);

  /* Straight after the first email, Resend waits, and says for how long. */
  resend = button_for_action (fixture, "signup.resend");
  g_assert_false (resend_enabled (fixture));
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (0:0"));

  wait_until (resend_enabled (fixture));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (resend)), ==, "_Resend Email");

  g_signal_emit_by_name (resend, "clicked");
  wait_until (onboard_sandbox_get_mail_count (fixture->sandbox, "activation") == 2);
  wait_until (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (0:0"));
  g_assert_false (resend_enabled (fixture));

  status = find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, "We have sent the email again");
  g_assert_nonnull (status);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);

  wait_until (resend_enabled (fixture));
}

static void
test_change_email (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *first = NULL;

  sign_up_to_inbox (fixture, "ofice@oakfield.sch.uk");
  first = g_strdup (onboard_progress_get_signup_id (fixture->progress));
  g_assert_nonnull (first);

  g_signal_emit_by_name (button_for_action (fixture, "signup.change-email"), "clicked");

  /* Back to the form: the invite code kept, the address there to correct. */
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_cmpstr (text_of (fixture, "Invite code"), ==, "DEMO-BOOKING");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, "ofice@oakfield.sch.uk");
  g_assert_true (gtk_widget_has_focus (row (fixture, "Email")) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)),
                                         row (fixture, "Email")));

  type_into (fixture, "Email", EMAIL);
  type_into (fixture, "Password", PASSWORD);
  sign_up (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);

  g_assert_nonnull (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, EMAIL));
  g_assert_null (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, "ofice@"));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 2);
  g_assert_nonnull (onboard_progress_get_signup_id (fixture->progress));
  g_assert_cmpstr (onboard_progress_get_signup_id (fixture->progress), !=, first);
}

/* After a restart the page shows the inbox from what the sign-up saved,
 * with nothing typed in this run: Change Email still keeps the invite code
 * and the email, and says the password must be typed again. */
static void
test_change_email_after_restart (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OnboardProgress) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  OnboardFieldMessage *message;

  sign_up_to_inbox (fixture, "ofice@oakfield.sch.uk");

  /* What the sign-up saved survives the restart. */
  onboard_progress_save_sync (fixture->progress, &error);
  g_assert_no_error (error);
  reloaded = onboard_progress_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_progress_load (reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_progress_get_invite_code (reloaded), ==, "DEMO-BOOKING");
  g_assert_cmpstr (onboard_progress_get_email (reloaded), ==, "ofice@oakfield.sch.uk");

  /* The rows as a restart leaves them: never typed in this run. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *form_row = find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_PREFERENCES_ROW,
                                         row_has_title, i == 0 ? "Invite code" : "Email");

      g_assert_nonnull (form_row);
      gtk_editable_set_text (GTK_EDITABLE (form_row), "");
    }

  g_signal_emit_by_name (button_for_action (fixture, "signup.change-email"), "clicked");

  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_cmpstr (text_of (fixture, "Invite code"), ==, "DEMO-BOOKING");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, "ofice@oakfield.sch.uk");
  g_assert_cmpstr (text_of (fixture, "Password"), ==, "");
  message = message_for (fixture, "Password");
  assert_message (message, ONBOARD_FIELD_MESSAGE_INFO, "Type your password again: it is never kept.");
}

static void
test_expired_activation_starts_again (Fixture       *fixture,
                                      gconstpointer  data)
{

  onboard_sandbox_set_activation_lifetime (fixture->sandbox, 1.5);
  sign_up_to_inbox (fixture, EMAIL);

  wait_until (g_strcmp0 (view_name (fixture), "expired") == 0);
  g_assert_nonnull (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains,
                                 "The Activation Link Has Expired"));
  /* Start Again is the page's primary action now. */
  g_assert_true (primary_enabled (fixture, "_Start Again"));
  g_assert_cmpuint (fixture->done_count, ==, 0);

  onboard_page_activate_primary (fixture->page);
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_cmpstr (text_of (fixture, "Invite code"), ==, "DEMO-BOOKING");
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);

  /* The lapsed sign-up frees the address for a new one. */
  onboard_sandbox_set_activation_lifetime (fixture->sandbox, 3600);
  type_into (fixture, "Password", PASSWORD);
  sign_up (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 2);
}

/* Returning users ------------------------------------------------------ */

static void
sign_in_on_page (Fixture    *fixture,
                 const char *email,
                 const char *password)
{
  if (g_strcmp0 (view_name (fixture), "sign-in") != 0)
    {
      GtkWidget *link = find_widget (view (fixture), GTK_TYPE_BUTTON, button_has_label, "Sign in");

      g_assert_nonnull (link);
      g_signal_emit_by_name (link, "clicked");
    }
  g_assert_cmpstr (view_name (fixture), ==, "sign-in");

  type_into (fixture, "Email", email);
  type_into (fixture, "Password", password);
  g_assert_true (primary_enabled (fixture, "Sign _in"));
  onboard_page_activate_primary (fixture->page);
}

static void
test_sign_in_wrong_then_right (Fixture       *fixture,
                               gconstpointer  data)
{
  OnboardFieldMessage *message;

  add_account (fixture, EMAIL, PASSWORD);

  sign_in_on_page (fixture, EMAIL, "not-my-password-1");
  message = message_for (fixture, "Password");
  wait_until (message_is (message, ONBOARD_FIELD_MESSAGE_ERROR));
  wait_until_idle (fixture);

  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "do not match an account");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Password"), "error"));
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  g_assert_false (onboard_page_get_complete (fixture->page));
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpuint (fixture->done_count, ==, 0);

  sign_in_on_page (fixture, EMAIL, PASSWORD);
  wait_until (fixture->done_count == 1);

  g_assert_cmpstr (view_name (fixture), ==, "signed-in");
  g_assert_true (onboard_client_get_signed_in (fixture->client));
  /* Complete with no school registered: the window goes on to Step 3. */
  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_null (onboard_progress_get_registration_id (fixture->progress));
  g_assert_cmpstr (onboard_progress_get_email (fixture->progress), ==, EMAIL);
  g_assert_null (onboard_progress_get_school_urn (fixture->progress));
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /me 200"), ==, 1);
  /* Neither password is left in an entry. */
  assert_password_entries_empty (fixture);
}

/* Registers Oakfield Primary (and grants access when asked) for an
 * account, from another computer as it were. */
static void
register_school_elsewhere (Fixture    *fixture,
                           const char *email,
                           gboolean    grant_access)
{
  g_autoptr(OnboardClient) other = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_sign_in_async (other, email, PASSWORD, NULL, store_result, &result);
  wait_until (result != NULL);
  onboard_client_sign_in_finish (other, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  onboard_client_create_school_registration_async (other, "110008", "sims", NULL, NULL, store_result, &result);
  wait_until (result != NULL);
  registration = onboard_client_create_school_registration_finish (other, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  if (grant_access)
    {
      g_autoptr(OnboardConnector) connector = NULL;

      onboard_client_grant_access_async (other, onboard_school_registration_get_connector_id (registration),
                                         NULL, NULL, TRUE, NULL, NULL, store_result, &result);
      wait_until (result != NULL);
      connector = onboard_client_grant_access_finish (other, result, &error);
      g_assert_no_error (error);
    }
}

static void
test_sign_in_with_registered_school (Fixture       *fixture,
                                     gconstpointer  data)
{
  add_account (fixture, EMAIL, PASSWORD);
  register_school_elsewhere (fixture, EMAIL, FALSE);

  sign_in_on_page (fixture, EMAIL, PASSWORD);
  wait_until (fixture->done_count == 1);

  /* Registered, access not yet granted: carry on at Configure connector. */
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 4);
  g_assert_cmpstr (onboard_progress_get_school_urn (fixture->progress), ==, "110008");
  g_assert_cmpstr (onboard_progress_get_school_name (fixture->progress), ==, "Oakfield Primary School");
  g_assert_cmpstr (onboard_progress_get_mis_provider (fixture->progress), ==, "sims");
  g_assert_nonnull (onboard_progress_get_registration_id (fixture->progress));
  g_assert_nonnull (onboard_progress_get_connector_id (fixture->progress));
  g_assert_cmpstr (onboard_progress_get_connector_status (fixture->progress), ==, "not_configured");
}

static void
test_sign_in_after_grant_access (Fixture       *fixture,
                                 gconstpointer  data)
{
  add_account (fixture, EMAIL, PASSWORD);
  register_school_elsewhere (fixture, EMAIL, TRUE);

  sign_in_on_page (fixture, EMAIL, PASSWORD);
  wait_until (fixture->done_count == 1);

  /* Access asked for already but not yet given: Step 4, where the user
   * waits for Groupcall's email, as within one run. */
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 4);
  g_assert_cmpstr (onboard_progress_get_connector_status (fixture->progress), !=, "not_configured");
}

static void
test_sign_in_server_error_keeps_input (Fixture       *fixture,
                                       gconstpointer  data)
{
  OnboardErrorBanner *sign_in_banner;

  add_account (fixture, EMAIL, PASSWORD);
  add_fault (fixture->sandbox, "{\"path\":\"/oauth/token\",\"status\":500,\"count\":1}");

  sign_in_on_page (fixture, EMAIL, PASSWORD);
  sign_in_banner = banner (fixture);
  wait_until (onboard_error_banner_get_revealed (sign_in_banner));
  wait_until_idle (fixture);

  g_assert_nonnull (strstr (onboard_error_banner_get_message (sign_in_banner), "has a problem at the moment"));
  /* Nothing the user typed is lost: signing in again is one click. */
  g_assert_cmpstr (text_of (fixture, "Email"), ==, EMAIL);
  g_assert_cmpstr (text_of (fixture, "Password"), ==, PASSWORD);
  g_assert_true (primary_enabled (fixture, "Sign _in"));

  onboard_page_activate_primary (fixture->page);
  wait_until (fixture->done_count == 1);
  /* Complete with no school registered: the window goes on to Step 3. */
  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_null (onboard_progress_get_registration_id (fixture->progress));
}

/* The password is never kept ------------------------------------------- */

static void
scan_for_password (const char *path,
                   guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return;

      (*n_files)++;
      if (g_strstr_len (contents, length, PASSWORD) != NULL)
        g_error ("The password was written to %s", path);
      return;
    }

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        scan_for_password (child, n_files);
    }
}

static void
test_password_never_kept (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) request_log = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *summary = NULL;
  guint n_files = 0;

  /* The whole step: sign up, activate, and a sign in on a second page. */
  sign_up_to_inbox (fixture, EMAIL);
  assert_password_entries_empty (fixture);
  open_activation_link (fixture);
  wait_until (fixture->done_count == 1);

  onboard_client_sign_out (fixture->client);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "signup.show-sign-in", NULL);
  sign_in_on_page (fixture, EMAIL, PASSWORD);
  wait_until (fixture->done_count == 2);
  assert_password_entries_empty (fixture);

  onboard_progress_save_sync (fixture->progress, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (onboard_progress_get_path (fixture->progress), G_FILE_TEST_IS_REGULAR));

  /* Every file this process wrote in its own folders, the progress file
   * among them. */
  scan_for_password (test_root, &n_files);
  g_assert_cmpuint (n_files, >=, 1);

  /* The log caught the requests (so it was listening), not the password. */
  g_assert_nonnull (strstr (captured_log->str, "POST /signups"));
  g_assert_nonnull (strstr (captured_log->str, "POST /oauth/token"));
  g_assert_null (strstr (captured_log->str, PASSWORD));

  /* Nor what the support report is made from. */
  request_log = onboard_client_dup_request_log (fixture->client);
  joined = g_strjoinv ("\n", request_log);
  g_assert_null (strstr (joined, PASSWORD));
  summary = onboard_progress_dup_summary (fixture->progress);
  g_assert_null (strstr (summary, PASSWORD));
}

/* ---------------------------------------------------------------------- */

/* Back after a restart, still waiting for the activation link: the page
 * asks the keyring for the sign-up token. When the page is disposed before
 * the keyring answers (the window closed, the page rebuilt), the answer
 * must find nothing of it to touch. */
static void
test_resume_disposed_before_keyring_answers (void)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardProgress) progress = NULL;
  g_autoptr(OnboardSecrets) secrets = onboard_secrets_new ();
  g_autoptr(OnboardCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  OnboardPage *page;
  GtkWindow *window;
  gpointer weak;

  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  client = onboard_client_new (onboard_sandbox_get_base_url (sandbox));
  progress = onboard_progress_new (onboard_sandbox_get_base_url (sandbox));
  onboard_progress_set_email (progress, EMAIL);
  onboard_progress_set_signup_id (progress, "sgn_waiting");
  onboard_progress_set_step (progress, 2);
  credentials = onboard_credentials_new (client, progress, secrets);

  page = g_object_ref_sink (onboard_signup_page_new (client, progress, credentials));
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  onboard_page_shown (page);

  /* The lookup is on its way; the page goes first. */
  gtk_window_destroy (window);
  g_object_run_dispose (G_OBJECT (page));

  weak = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak);
  g_object_unref (page);
  wait_until (weak == NULL);

  /* Nothing was asked of the service on the page's behalf. */
  g_assert_cmpuint (onboard_sandbox_get_request_count (sandbox), ==, 0);
}

/* The text the label shows, markup taken away. */
static gboolean
label_text_is (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* Back on Step 2 once signed in: the email is shown as it is, whatever
 * characters it has. */
static void
test_signed_in_email_shown_literally (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  const char *email = "o'brien&<office>@oakfield.sch.uk";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
  g_autofree char *expected = g_strdup_printf ("You are signed in as %s.", email);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OnboardPage *page;

  onboard_client_set_tokens (client, "at_literal", "rt_literal");
  onboard_progress_set_email (progress, email);
  page = onboard_signup_page_new (client, progress, NULL);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  onboard_page_shown (page);

  g_assert_cmpstr (onboard_signup_page_get_view (ONBOARD_SIGNUP_PAGE (page)), ==, "signed-in");
  g_assert_nonnull (find_widget (GTK_WIDGET (page), GTK_TYPE_LABEL, label_text_is, expected));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const xdg[] = {
    "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
  };
  g_autoptr(GError) error = NULL;
  int ret;

  /* gtk_test_init() cannot isolate the folders: do it before anything
   * reads them. */
  test_root = g_dir_make_tmp ("onboard-signup-page-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/signup-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("invite-code-valid", test_invite_code_valid);
  ADD ("invite-code-stale-check-cancelled", test_invite_code_stale_check_cancelled);
  ADD ("invite-code-expired", test_invite_code_expired);
  ADD ("invite-code-used", test_invite_code_used);
  ADD ("invite-code-unknown", test_invite_code_unknown);
  ADD ("invite-code-malformed", test_invite_code_malformed);
  ADD ("sign-up-refuses-expired-code", test_sign_up_refuses_expired_code);
  ADD ("sign-up-refuses-used-code", test_sign_up_refuses_used_code);
  ADD ("sign-up-refuses-wrong-code", test_sign_up_refuses_wrong_code);
  ADD ("no-invite-code", test_no_invite_code);
  ADD ("email-validation", test_email_validation);
  ADD ("password-validation", test_password_validation);
  ADD ("short-password-on-sign-up", test_short_password_on_sign_up);
  ADD ("password-too-common", test_password_too_common);
  ADD ("password-part-of-email-accepted", test_password_part_of_email_accepted);
  ADD ("terms-not-accepted", test_terms_not_accepted);
  ADD ("email-taken", test_email_taken);
  ADD ("server-error-then-retry", test_server_error_then_retry);
  ADD ("rate-limited-then-retry", test_rate_limited_then_retry);
  ADD ("busy-while-signing-up", test_busy_while_signing_up);
  ADD ("activation-moves-on-by-itself", test_activation_moves_on_by_itself);
  ADD ("polling-honours-rate-limit", test_polling_honours_rate_limit);
  ADD ("answer-lost-after-sign-up", test_answer_lost_after_sign_up);
  ADD ("resend-cooldown", test_resend_cooldown);
  ADD ("change-email", test_change_email);
  ADD ("change-email-after-restart", test_change_email_after_restart);
  ADD ("expired-activation-starts-again", test_expired_activation_starts_again);
  ADD ("sign-in-wrong-then-right", test_sign_in_wrong_then_right);
  ADD ("sign-in-with-registered-school", test_sign_in_with_registered_school);
  ADD ("sign-in-after-grant-access", test_sign_in_after_grant_access);
  ADD ("sign-in-server-error-keeps-input", test_sign_in_server_error_keeps_input);
  ADD ("password-never-kept", test_password_never_kept);
  g_test_add_func ("/onboard/signup-page/signed-in-email-shown-literally",
                   test_signed_in_email_shown_literally);
  g_test_add_func ("/onboard/signup-page/resume-disposed-before-keyring-answers",
                   test_resume_disposed_before_keyring_answers);

#undef ADD

  ret = g_test_run ();

  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);
  g_string_free (captured_log, TRUE);

  return ret;
}
