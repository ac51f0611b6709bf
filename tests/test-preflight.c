/* test-preflight.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "onboard-preflight.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"

typedef struct
{
  OnboardSandbox     *sandbox;
  OnboardClient      *client;
  OnboardTestNetworkMonitor *monitor;
  GProxyResolver     *resolver;
  guint               changes[ONBOARD_PREFLIGHT_N_CHECKS];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->monitor = onboard_test_network_monitor_new ();
  fixture->resolver = g_simple_proxy_resolver_new (NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_clear_object (&fixture->sandbox);
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->resolver);
}

static void
on_check_changed (OnboardPreflight      *preflight,
                  OnboardPreflightCheck  check,
                  Fixture               *fixture)
{
  g_assert_cmpuint (check, <, ONBOARD_PREFLIGHT_N_CHECKS);
  fixture->changes[check]++;
}

static OnboardPreflight *
preflight_new (Fixture *fixture)
{
  OnboardPreflight *preflight;

  preflight = g_object_new (ONBOARD_TYPE_PREFLIGHT,
                            "client", fixture->client,
                            "network-monitor", fixture->monitor,
                            "proxy-resolver", fixture->resolver,
                            NULL);
  g_signal_connect (preflight, "check-changed", G_CALLBACK (on_check_changed), fixture);

  return preflight;
}

static void
run_to_end (OnboardPreflight *preflight)
{
  onboard_preflight_run (preflight);
  g_assert_true (onboard_preflight_get_running (preflight));

  wait_until (!onboard_preflight_get_running (preflight));
}

static void
assert_state (OnboardPreflight      *preflight,
              OnboardPreflightCheck  check,
              OnboardPreflightState  state)
{
  g_test_message ("%s: %s", onboard_preflight_check_get_id (check),
                  onboard_preflight_get_message (preflight, check));
  g_assert_cmpint (onboard_preflight_get_state (preflight, check), ==, state);

  /* Every finished check explains itself in one translated sentence. */
  if (state >= ONBOARD_PREFLIGHT_STATE_OK)
    g_assert_true (g_str_has_suffix (onboard_preflight_get_message (preflight, check), "."));
}

static void
test_all_ok (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = preflight_new (fixture);
  g_autofree char *report = NULL;
  const char *message;

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    g_assert_cmpint (onboard_preflight_get_state (preflight, i), ==,
                     ONBOARD_PREFLIGHT_STATE_PENDING);
  g_assert_cmpint (onboard_preflight_get_overall_state (preflight), ==,
                   ONBOARD_PREFLIGHT_STATE_PENDING);

  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_NETWORK, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_OK);
  g_assert_cmpint (onboard_preflight_get_overall_state (preflight), ==,
                   ONBOARD_PREFLIGHT_STATE_OK);

  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY);
  g_assert_nonnull (strstr (message, "directly"));
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_TLS);
  g_assert_nonnull (strstr (message, "local test service"));

  /* Rows can follow every check: running, then its result. */
  g_assert_cmpuint (fixture->changes[ONBOARD_PREFLIGHT_CHECK_NETWORK], ==, 1);
  for (guint i = ONBOARD_PREFLIGHT_CHECK_REACHABLE; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    g_assert_cmpuint (fixture->changes[i], ==, 2);

  report = onboard_preflight_dup_report (preflight);
  g_assert_nonnull (strstr (report, "reachable: ok: "));
  g_assert_nonnull (strstr (report, "clock: ok: "));
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = preflight_new (fixture);
  const char *message;

  /* The service stops listening. */
  g_clear_object (&fixture->sandbox);

  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_NETWORK, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_FAILED);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_WARNING);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING);
  g_assert_cmpint (onboard_preflight_get_overall_state (preflight), ==,
                   ONBOARD_PREFLIGHT_STATE_FAILED);

  /* It says what to do, naming the host to allow. */
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE);
  g_assert_nonnull (strstr (message, "could not be reached"));
  g_assert_nonnull (strstr (message, "127.0.0.1"));
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK);
  g_assert_nonnull (strstr (message, "Not checked"));
}

static void
test_offline_hint (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = NULL;

  /* The system thinks there is no network; loopback still answers, and
   * the hint does not stop the real check. */
  onboard_test_network_monitor_set_available (fixture->monitor, FALSE);
  preflight = preflight_new (fixture);

  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_NETWORK, ONBOARD_PREFLIGHT_STATE_WARNING);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_OK);
  g_assert_cmpint (onboard_preflight_get_overall_state (preflight), ==,
                   ONBOARD_PREFLIGHT_STATE_WARNING);
}

static void
test_clock_skew (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = preflight_new (fixture);
  const char *message;

  /* The service's clock is 15 minutes ahead: this computer is behind. */
  onboard_sandbox_set_clock_skew (fixture->sandbox, 15 * 60);
  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING);
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK);
  g_assert_nonnull (strstr (message, "15 minutes behind"));
  g_assert_nonnull (strstr (message, "Settings"));

  /* Rerun after the "fix": the other way round, by hours. */
  onboard_sandbox_set_clock_skew (fixture->sandbox, -3 * 60 * 60);
  run_to_end (preflight);
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK);
  g_assert_nonnull (strstr (message, "3 hours ahead"));

  /* Within five minutes is fine. */
  onboard_sandbox_set_clock_skew (fixture->sandbox, 4 * 60);
  run_to_end (preflight);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_OK);
}

static void
test_clock_comparison (void)
{
  static const struct {
    int      offset;
    gboolean skewed;
  } cases[] = {
    { 0, FALSE },
    { 299, FALSE },
    { -299, FALSE },
    { 300, FALSE },
    { -300, FALSE },
    { 301, TRUE },
    { -301, TRUE },
    { 86400 * 400, TRUE },
  };
  g_autoptr(GDateTime) server = g_date_time_new_utc (2026, 9, 1, 10, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) local = g_date_time_add_seconds (server, cases[i].offset);
      GTimeSpan skew = 0;

      g_assert_cmpint (onboard_preflight_clock_is_skewed (local, server, &skew), ==,
                       cases[i].skewed);
      g_assert_cmpint (skew, ==, (GTimeSpan)cases[i].offset * G_TIME_SPAN_SECOND);
    }
}

static void
test_proxy (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = NULL;
  const char *message;

  /* Only the check's resolver knows the proxy; the requests still go
   * straight to the sandbox. */
  g_clear_object (&fixture->resolver);
  fixture->resolver = g_simple_proxy_resolver_new ("http://jo:s3cret@filter.school.example:3128",
                                                   NULL);
  preflight = preflight_new (fixture);

  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_OK);
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY);
  g_assert_nonnull (strstr (message, "filter.school.example:3128"));
  g_assert_null (strstr (message, "s3cret"));
  g_assert_null (strstr (message, "jo:"));

  /* Through a proxy, an unreachable service makes the proxy suspect. */
  g_clear_object (&fixture->sandbox);
  run_to_end (preflight);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_FAILED);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_PROXY, ONBOARD_PREFLIGHT_STATE_WARNING);
}

static void
on_running_notify (OnboardPreflight *preflight,
                   GParamSpec       *pspec,
                   guint            *count)
{
  (*count)++;
}

static void
test_rerun_and_cancel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnboardPreflight) preflight = preflight_new (fixture);
  g_autoptr(GError) error = NULL;
  guint notifies = 0;
  guint requests;

  g_signal_connect (preflight, "notify::running", G_CALLBACK (on_running_notify), &notifies);

  /* Pressing "Check again" while a run is in progress restarts it. */
  onboard_preflight_run (preflight);
  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_OK);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_OK);
  g_assert_cmpint (onboard_preflight_get_overall_state (preflight), ==,
                   ONBOARD_PREFLIGHT_STATE_OK);
  g_assert_false (onboard_preflight_get_running (preflight));
  /* on, off (cancelled), on, off */
  g_assert_cmpuint (notifies, ==, 4);

  /* A slow service, and the user leaves the page. */
  onboard_sandbox_add_fault (fixture->sandbox, "{\"path\":\"/status\",\"delay_ms\":3000}", &error);
  g_assert_no_error (error);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  onboard_preflight_run (preflight);
  wait_until (onboard_sandbox_get_request_count (fixture->sandbox) != requests);
  onboard_preflight_cancel (preflight);

  g_assert_false (onboard_preflight_get_running (preflight));
  g_assert_cmpint (onboard_preflight_get_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE), ==,
                   ONBOARD_PREFLIGHT_STATE_PENDING);
  g_assert_null (onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE));

  /* Nothing arrives late from the cancelled run. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (onboard_preflight_get_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE), ==,
                   ONBOARD_PREFLIGHT_STATE_PENDING);
}

static void
test_tls_untrusted (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardPreflight) preflight = NULL;
  g_autoptr(OnboardTestNetworkMonitor) monitor = onboard_test_network_monitor_new ();
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  const char *message;

  certificate = g_tls_certificate_new_from_pem (onboard_test_filter_certificate, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("https://127.0.0.1:%d/api/onboarding", g_uri_get_port (uris->data));

  client = onboard_client_new (base_url);
  preflight = g_object_new (ONBOARD_TYPE_PREFLIGHT,
                            "client", client,
                            "network-monitor", monitor,
                            "proxy-resolver", resolver,
                            NULL);

  run_to_end (preflight);

  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_REACHABLE, ONBOARD_PREFLIGHT_STATE_FAILED);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_TLS, ONBOARD_PREFLIGHT_STATE_FAILED);
  assert_state (preflight, ONBOARD_PREFLIGHT_CHECK_CLOCK, ONBOARD_PREFLIGHT_STATE_WARNING);

  /* The issuer tells support it is the school's filter, and the user
   * what to ask for. */
  message = onboard_preflight_get_message (preflight, ONBOARD_PREFLIGHT_CHECK_TLS);
  g_assert_nonnull (strstr (message, "Example School Web Filter"));
  g_assert_nonnull (strstr (message, "web filters"));
  g_assert_nonnull (strstr (message, "127.0.0.1"));
}

static void
test_titles (void)
{
  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    {
      g_assert_nonnull (onboard_preflight_check_get_id (i));
      g_assert_nonnull (onboard_preflight_check_get_title (i));
    }

  g_assert_cmpstr (onboard_preflight_check_get_id (ONBOARD_PREFLIGHT_CHECK_CLOCK), ==, "clock");
  g_assert_cmpstr (onboard_preflight_check_get_title (ONBOARD_PREFLIGHT_CHECK_TLS), ==,
                   "Secure connection");
}

int
main (int   argc,
      char *argv[])
{
  /* No desktop proxy settings exist in the isolated directories, and no
   * test request may leave 127.0.0.1 through a proxy anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/onboard/preflight/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("all-ok", test_all_ok);
  ADD ("unreachable", test_unreachable);
  ADD ("offline-hint", test_offline_hint);
  ADD ("clock-skew", test_clock_skew);
  ADD ("proxy", test_proxy);
  ADD ("rerun-and-cancel", test_rerun_and_cancel);

#undef ADD

  g_test_add_func ("/onboard/preflight/clock-comparison", test_clock_comparison);
  g_test_add_func ("/onboard/preflight/tls-untrusted", test_tls_untrusted);
  g_test_add_func ("/onboard/preflight/titles", test_titles);

  return g_test_run ();
}
