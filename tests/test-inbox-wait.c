/* test-inbox-wait.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-error-banner.h"
#include "onboard-inbox-wait.h"
#include "onboard-sandbox.h"
#include "onboard-test-ui.h"

/* Step 2's wait for the activation email on its own, in a window, against
 * the reference server in this process: what it shows, Resend and its
 * cooldown, and what it tells its page (signed-in, expired, signup) as the
 * service answers. */

#define PASSWORD "violet-harbour-lantern-58"
#define EMAIL    "office@oakfield.sch.uk"

typedef struct
{
  OnboardSandbox   *sandbox;
  OnboardClient    *client;
  GtkWindow        *window;
  OnboardInboxWait *inbox;
  OnboardSignup    *signup;
  guint             n_signed_in;
  guint             n_expired;
  guint             n_signup;
} Fixture;

static void
signed_in_cb (OnboardInboxWait *inbox,
              Fixture          *fixture)
{
  fixture->n_signed_in++;
}

static void
expired_cb (OnboardInboxWait *inbox,
            Fixture          *fixture)
{
  fixture->n_expired++;
}

static void
signup_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  Fixture    *fixture)
{
  fixture->n_signup++;
}

/* A sign-up made as the form makes it. */
static OnboardSignup *
create_signup (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSignup *signup;

  onboard_client_create_signup_async (fixture->client, "DEMO-ASSEMBLY", EMAIL, PASSWORD, TRUE,
                                      "2026-09", NULL, NULL, store_result, &result);
  signup = onboard_client_create_signup_finish (fixture->client, await_result (&result), &error);
  g_assert_no_error (error);

  return signup;
}

/* The sign-up as a restarted app reads it back. */
static OnboardSignup *
read_signup (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSignup *signup;

  onboard_client_get_signup_async (fixture->client, onboard_signup_get_id (fixture->signup),
                                   onboard_signup_get_signup_token (fixture->signup),
                                   NULL, store_result, &result);
  signup = onboard_client_get_signup_finish (fixture->client, await_result (&result), &error);
  g_assert_no_error (error);

  return signup;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *scrolled;
  double lifetime = data != NULL ? *(const double *)data : 0;

  fixture->sandbox = onboard_sandbox_new ();
  /* The wait asks again at the service's Retry-After: keep it short. */
  onboard_sandbox_set_signup_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_signup_resend_cooldown (fixture->sandbox, 1);
  if (lifetime > 0)
    onboard_sandbox_set_activation_lifetime (fixture->sandbox, lifetime);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->signup = create_signup (fixture);

  fixture->inbox = g_object_ref_sink (ONBOARD_INBOX_WAIT (onboard_inbox_wait_new (fixture->client)));
  g_signal_connect (fixture->inbox, "signed-in", G_CALLBACK (signed_in_cb), fixture);
  g_signal_connect (fixture->inbox, "expired", G_CALLBACK (expired_cb), fixture);
  g_signal_connect (fixture->inbox, "notify::signup", G_CALLBACK (signup_notify_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 800);
  /* In a scrolled window, as on its page. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (fixture->inbox));
  gtk_window_set_child (fixture->window, scrolled);
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->inbox)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  /* An answer still on its way holds the wait until it arrives. */
  finalize_soon (fixture->inbox);
  g_clear_object (&fixture->signup);
  finalize_soon (fixture->client);
  g_clear_object (&fixture->sandbox);
}

static void
watch (Fixture *fixture)
{
  onboard_inbox_wait_watch (fixture->inbox, fixture->signup,
                            onboard_signup_get_signup_token (fixture->signup));
}

static GtkWidget *
label_with (Fixture    *fixture,
            const char *text)
{
  return find_widget (GTK_WIDGET (fixture->inbox), GTK_TYPE_LABEL, label_contains, text);
}

static gboolean
spinning (Fixture *fixture)
{
  return gtk_spinner_get_spinning (GTK_SPINNER (find_widget (GTK_WIDGET (fixture->inbox),
                                                             GTK_TYPE_SPINNER, NULL, NULL)));
}

static OnboardErrorBanner *
banner (Fixture *fixture)
{
  return ONBOARD_ERROR_BANNER (find_widget (GTK_WIDGET (fixture->inbox), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL));
}

static void
activate_signup (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_activate_signup (fixture->sandbox, onboard_signup_get_id (fixture->signup), &error);
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------------- */

/* Where the link went, the address shown as it is, and the wait. */
static void
test_inbox_wait_shows_address (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *address;

  g_assert_null (onboard_inbox_wait_get_signup (fixture->inbox));
  g_assert_true (onboard_inbox_wait_get_client (fixture->inbox) == fixture->client);

  watch (fixture);
  g_assert_true (onboard_inbox_wait_get_signup (fixture->inbox) == fixture->signup);
  g_assert_cmpuint (fixture->n_signup, ==, 1);

  address = label_with (fixture, "We have sent an activation link to <b>" EMAIL "</b>");
  g_assert_nonnull (address);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (address)), ==,
                   "We have sent an activation link to " EMAIL ". Open the email from Assembly "
                   "and click the link. This step then finishes by itself.");
  g_assert_nonnull (label_with (fixture, "Waiting for you to open the link…"));
  g_assert_true (spinning (fixture));
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));

  /* Change Email is the page's to do: the button names its action. */
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->inbox), GTK_TYPE_BUTTON, has_action, "signup.change-email"));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->inbox)), ==,
                   GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The link opened: the wait finds out by itself, signs in with the
 * sign-up token, and says so once. */
static void
test_inbox_wait_signs_in (Fixture       *fixture,
                          gconstpointer  data)
{
  watch (fixture);
  wait_until (count_log_lines (fixture->client, "GET /signups/") >= 1);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);

  activate_signup (fixture);
  wait_until (fixture->n_signed_in == 1);

  g_assert_true (onboard_client_get_signed_in (fixture->client));
  g_assert_false (spinning (fixture));
  g_assert_nonnull (label_with (fixture, "Your account is active. Signing you in…"));
  g_assert_cmpint (onboard_signup_get_status (onboard_inbox_wait_get_signup (fixture->inbox)), ==,
                   ONBOARD_SIGNUP_STATUS_ACTIVE);
  g_assert_cmpuint (fixture->n_expired, ==, 0);
  /* One sign-in, with the sign-up token: the wait never had a password. */
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /oauth/token"), ==, 1);
}

/* Back after a restart, the link opened meanwhile: it signs in at once. */
static void
test_inbox_wait_already_active (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OnboardSignup) active = NULL;

  activate_signup (fixture);
  active = read_signup (fixture);
  g_assert_cmpint (onboard_signup_get_status (active), ==, ONBOARD_SIGNUP_STATUS_ACTIVE);

  onboard_inbox_wait_watch (fixture->inbox, active, onboard_signup_get_signup_token (fixture->signup));
  wait_until (fixture->n_signed_in == 1);
  g_assert_true (onboard_client_get_signed_in (fixture->client));
}

/* The link lapsed unopened: "expired", and the asking stops. */
static void
test_inbox_wait_expired (Fixture       *fixture,
                         gconstpointer  data)
{
  guint requests;

  watch (fixture);
  wait_until (fixture->n_expired == 1);

  g_assert_false (spinning (fixture));
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  iterate_for (1500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);

  /* Read back after a restart as expired: said at once. */
  {
    g_autoptr(OnboardSignup) expired = read_signup (fixture);

    onboard_inbox_wait_watch (fixture->inbox, expired, onboard_signup_get_signup_token (fixture->signup));
    g_assert_cmpuint (fixture->n_expired, ==, 2);
  }
}

/* Resend waits for the service's cooldown, then sends the email again. */
static void
test_inbox_wait_resend (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *resend;

  watch (fixture);
  resend = find_button_for_action (GTK_WIDGET (fixture->inbox), "signup.resend");
  g_assert_false (gtk_widget_is_sensitive (resend));

  wait_until (gtk_widget_is_sensitive (resend));
  g_signal_emit_by_name (resend, "clicked");
  g_assert_false (gtk_widget_is_sensitive (resend));

  wait_until (onboard_sandbox_get_mail_count (fixture->sandbox, "activation") == 2);
  wait_until (label_with (fixture, "We have sent the email again") != NULL);
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "/resend_activation"), ==, 1);
}

/* The service asks for quiet for longer than the client waits: the
 * banner says so, with Check Now. */
static void
test_inbox_wait_check_failed (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *check_now;

  add_fault (fixture->sandbox, "{\"path\":\"/signups/*\",\"method\":\"GET\",\"status\":429,\"retry_after\":120,\"count\":1}");
  watch (fixture);
  wait_until (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (banner (fixture)), "Too many attempts"));

  activate_signup (fixture);
  check_now = find_widget (GTK_WIDGET (banner (fixture)), GTK_TYPE_BUTTON, button_has_label, "_Check Now");
  g_assert_nonnull (check_now);
  g_signal_emit_by_name (check_now, "clicked");
  wait_until (fixture->n_signed_in == 1);
}

/* Forgotten (the user went back to change the email): no sign-up, no
 * token, no more asking. */
static void
test_inbox_wait_forget (Fixture       *fixture,
                        gconstpointer  data)
{
  guint requests;

  watch (fixture);
  wait_until (count_log_lines (fixture->client, "GET /signups/") >= 1);

  onboard_inbox_wait_forget (fixture->inbox);
  g_assert_null (onboard_inbox_wait_get_signup (fixture->inbox));
  g_assert_cmpuint (fixture->n_signup, ==, 2);
  g_assert_false (spinning (fixture));

  iterate_for (100);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  iterate_for (1500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
  g_assert_cmpuint (fixture->n_signed_in + fixture->n_expired, ==, 0);
}

/* Disposed while waiting: the asking stops, and nothing is said after. */
static void
test_inbox_wait_disposed_while_waiting (Fixture       *fixture,
                                        gconstpointer  data)
{
  guint requests;

  watch (fixture);
  wait_until (count_log_lines (fixture->client, "GET /signups/") >= 1);

  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  g_object_run_dispose (G_OBJECT (fixture->inbox));
  activate_signup (fixture);

  iterate_for (100);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  iterate_for (1500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
  g_assert_cmpuint (fixture->n_signed_in, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const double short_lifetime = 1.5;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, func) \
  g_test_add ("/onboard/inbox-wait/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("shows-address", NULL, test_inbox_wait_shows_address);
  ADD ("signs-in", NULL, test_inbox_wait_signs_in);
  ADD ("already-active", NULL, test_inbox_wait_already_active);
  ADD ("expired", &short_lifetime, test_inbox_wait_expired);
  ADD ("resend", NULL, test_inbox_wait_resend);
  ADD ("check-failed", NULL, test_inbox_wait_check_failed);
  ADD ("forget", NULL, test_inbox_wait_forget);
  ADD ("disposed-while-waiting", NULL, test_inbox_wait_disposed_while_waiting);

#undef ADD

  return g_test_run ();
}
