/* test-welcome-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include <libsoup/soup.h>

#include "onboard-preflight.h"
#include "onboard-sandbox.h"
#include "onboard-test-ui.h"
#include "onboard-welcome-page.h"

/* Step 1 as the user sees it: the pre-flight rows against the reference
 * server, and what they say when the service cannot be reached. */

typedef struct
{
  OnboardSandbox  *sandbox;
  OnboardClient   *client;
  OnboardProgress *progress;
  GtkWindow       *window;
  OnboardPage     *page;
} Fixture;

/* What the row of @check shows: its icon ("ok", "warning", "failed",
 * "running", "pending") and its sentence. */
static const char *
row_state (Fixture                *fixture,
           OnboardPreflightCheck   check,
           const char            **message)
{
  AdwActionRow *row = ADW_ACTION_ROW (find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_ACTION_ROW, row_has_title,
                                                   onboard_preflight_check_get_title (check)));

  g_assert_nonnull (row);
  if (message != NULL)
    *message = adw_action_row_get_subtitle (row);

  return gtk_stack_get_visible_child_name (GTK_STACK (find_widget (GTK_WIDGET (row), GTK_TYPE_STACK, NULL, NULL)));
}

static gboolean
checks_finished (Fixture *fixture)
{
  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    {
      const char *state = row_state (fixture, i, NULL);

      if (g_str_equal (state, "running") || g_str_equal (state, "pending"))
        return FALSE;
    }

  return TRUE;
}

static void
wait_for_checks (Fixture *fixture)
{
  wait_until (checks_finished (fixture));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);
  url = g_strdup (onboard_sandbox_get_base_url (fixture->sandbox));

  /* "Stopped": the server is gone before the page asks anything. */
  if (GPOINTER_TO_INT (data))
    g_clear_object (&fixture->sandbox);

  fixture->client = onboard_client_new (url);
  onboard_client_set_timeout (fixture->client, 5);
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->progress = onboard_progress_new (url);
  fixture->page = onboard_welcome_page_new (fixture->client, fixture->progress);
  /* The window numbers its pages; alone, the page is given its step. */
  onboard_page_set_step (fixture->page, ONBOARD_STEP_BEFORE_YOU_START);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);

  onboard_page_shown (fixture->page);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->progress);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->sandbox);
}

static void
test_welcome_page_checks_pass (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *message = NULL;

  wait_for_checks (fixture);

  g_assert_cmpstr (row_state (fixture, ONBOARD_PREFLIGHT_CHECK_REACHABLE, &message), ==, "ok");
  g_assert_nonnull (message);
  g_assert_cmpstr (row_state (fixture, ONBOARD_PREFLIGHT_CHECK_CLOCK, NULL), ==, "ok");
  g_assert_cmpstr (row_state (fixture, ONBOARD_PREFLIGHT_CHECK_PROXY, NULL), ==, "ok");

  /* Step 1 never blocks: Next stays available whatever the checks say. */
  g_assert_true (onboard_page_get_complete (fixture->page));
}

static gboolean
label_is_shown (GtkWidget     *widget,
                gconstpointer  data)
{
  return label_is (widget, data) && gtk_widget_get_mapped (widget);
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  return find_widget (root, GTK_TYPE_LABEL, label_is_shown, text) != NULL;
}

/* "Copy phone number" copies the number and says so. */
static void
test_welcome_page_copy_phone_says_so (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_assert_false (has_label (GTK_WIDGET (fixture->page), "Phone number copied"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "welcome.copy-phone", NULL);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (has_label (GTK_WIDGET (fixture->page), "Phone number copied"));
}

static void
test_welcome_page_service_stopped (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *message = NULL;

  wait_for_checks (fixture);

  g_assert_cmpstr (row_state (fixture, ONBOARD_PREFLIGHT_CHECK_REACHABLE, &message), ==, "failed");
  /* A sentence a person can act on, not an error code. */
  g_assert_nonnull (message);
  g_assert_cmpint (strlen (message), >, 20);
  g_assert_true (onboard_page_get_complete (fixture->page));
}

static void
test_welcome_page_check_again (Fixture       *fixture,
                               gconstpointer  data)
{
  wait_for_checks (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "welcome.check-again", NULL);
  g_assert_false (checks_finished (fixture));
  wait_for_checks (fixture);

  g_assert_cmpstr (row_state (fixture, ONBOARD_PREFLIGHT_CHECK_REACHABLE, NULL), ==, "ok");
}

/* A web filter's own certificate, its issuer named with "<", ">" and "&".
 * Self-signed for 127.0.0.1; a test fixture, not a secret. */
static const char odd_issuer_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB8TCCAZegAwIBAgIUCS/Qir1CbTpR6YdjEaQoSmKLnr8wCgYIKoZIzj0EAwIw\n"
  "PzEjMCEGA1UECgwaU21pdGggJiBKb25lcyA8V2ViIEZpbHRlcj4xGDAWBgNVBAMM\n"
  "D0ZpbHRlciBDQSA+ICYgPDAgFw0yNjEyMDMyMzI1MjVaGA8yMTI2MTEwOTIzMjUy\n"
  "NVowPzEjMCEGA1UECgwaU21pdGggJiBKb25lcyA8V2ViIEZpbHRlcj4xGDAWBgNV\n"
  "BAMMD0ZpbHRlciBDQSA+ICYgPDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFEz\n"
  "yruOTEiqNIvYsf2eBgJNDO4S5JlMddXK8HR5yqhBxC5M78bqqvYjy87kJy/WOqsy\n"
  "qQPJUdfPPB/6Jn4R3majbzBtMB0GA1UdDgQWBBQWX9n7gzOEWTab93smlD4VIplm\n"
  "KjAfBgNVHSMEGDAWgBQWX9n7gzOEWTab93smlD4VIplmKjAPBgNVHRMBAf8EBTAD\n"
  "AQH/MBoGA1UdEQQTMBGHBH8AAAGCCWxvY2FsaG9zdDAKBggqhkjOPQQDAgNIADBF\n"
  "AiEA9cQwCVSkoCNQ2tp8wpoStS28gl9qhe93YEyl8vNkdhACIG9WOyDbK00iAWtx\n"
  "hOufCmbWJsIJIKRGK5B/+teflDhZ\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgflMiMqa0uwRiQ8qu\n"
  "PF6LohVBE6Po+0a0gPZ7wdipusqhRANCAARRM8q7jkxIqjSL2LH9ngYCTQzuEuSZ\n"
  "THXVyvB0ecqoQcQuTO/G6qr2I8vO5Ccv1jqrMqkDyVHXzzwf+iZ+Ed5m\n"
  "-----END PRIVATE KEY-----\n";

/* The advice quotes the certificate's issuer as the network gave it: shown
 * as it is, not read as markup. */
static void
test_welcome_page_issuer_shown_literally (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardProgress) progress = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  Fixture fixture = { NULL };
  AdwActionRow *row;
  const char *message = NULL;
  const char *shown;

  certificate = g_tls_certificate_new_from_pem (odd_issuer_certificate, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("https://127.0.0.1:%d/api/onboarding", g_uri_get_port (uris->data));

  client = onboard_client_new (base_url);
  onboard_client_set_timeout (client, 5);
  progress = onboard_progress_new (base_url);
  fixture.page = onboard_welcome_page_new (client, progress);
  fixture.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture.window, GTK_WIDGET (fixture.page));
  gtk_window_present (fixture.window);
  onboard_page_shown (fixture.page);

  wait_for_checks (&fixture);

  g_assert_cmpstr (row_state (&fixture, ONBOARD_PREFLIGHT_CHECK_TLS, &message), ==, "failed");
  /* As GnuTLS writes a name (RFC 4514), with "<" and ">" escaped for it,
   * not for Pango. */
  g_assert_nonnull (strstr (message, "Smith & Jones \\<Web Filter\\>"));
  g_assert_nonnull (strstr (message, "CN=Filter CA \\> & \\<"));

  row = ADW_ACTION_ROW (find_widget (GTK_WIDGET (fixture.page), ADW_TYPE_ACTION_ROW, row_has_title,
                                    onboard_preflight_check_get_title (ONBOARD_PREFLIGHT_CHECK_TLS)));
  shown = gtk_label_get_text (GTK_LABEL (find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, has_css_class, "subtitle")));
  g_assert_cmpstr (shown, ==, message);

  gtk_window_destroy (fixture.window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("onboard-welcome-XXXXXX", NULL);

  /* Private folders: progress writes into XDG_STATE_HOME. */
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/onboard/welcome-page/checks-pass", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_welcome_page_checks_pass, fixture_tear_down);
  g_test_add ("/onboard/welcome-page/copy-phone-says-so", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_welcome_page_copy_phone_says_so, fixture_tear_down);
  g_test_add ("/onboard/welcome-page/service-stopped", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_welcome_page_service_stopped, fixture_tear_down);
  g_test_add ("/onboard/welcome-page/check-again", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_welcome_page_check_again, fixture_tear_down);

  g_test_add_func ("/onboard/welcome-page/issuer-shown-literally", test_welcome_page_issuer_shown_literally);

  return g_test_run ();
}
