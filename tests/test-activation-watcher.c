/* test-activation-watcher.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-activation-watcher.h"
#include "onboard-client-error.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-test-ui.h"

#define PASSWORD "Correct-Horse-Battery-9"

typedef struct
{
  OnboardSandbox           *sandbox;
  OnboardClient            *client;
  OnboardActivationWatcher *watcher;
  OnboardSignup            *signup;
  OnboardSignup            *activated;
  guint                     n_expired;
  guint                     n_failed;
  guint                     n_checked;
} Fixture;

static void
activated_cb (OnboardActivationWatcher *watcher,
              OnboardSignup            *signup,
              Fixture                  *fixture)
{
  g_set_object (&fixture->activated, signup);
}

static void
expired_cb (OnboardActivationWatcher *watcher,
            Fixture                  *fixture)
{
  fixture->n_expired++;
}

static void
check_failed_cb (OnboardActivationWatcher *watcher,
                 const GError             *error,
                 Fixture                  *fixture)
{
  g_assert_nonnull (error);
  fixture->n_failed++;
}

static void
checked_cb (OnboardActivationWatcher *watcher,
            Fixture                  *fixture)
{
  fixture->n_checked++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double lifetime = data != NULL ? *(const double *) data : 0;

  fixture->sandbox = onboard_sandbox_new ();
  /* The service asks to be asked again after a second. */
  onboard_sandbox_set_signup_retry_after (fixture->sandbox, 1);
  if (lifetime > 0)
    onboard_sandbox_set_activation_lifetime (fixture->sandbox, lifetime);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  onboard_client_create_signup_async (fixture->client, "DEMO-ASSEMBLY", "office@oakfield.sch.uk",
                                      PASSWORD, TRUE, "2026-09", NULL, NULL, store_result, &result);
  wait_until_ms (result != NULL, 10000);
  fixture->signup = onboard_client_create_signup_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  fixture->watcher = onboard_activation_watcher_new (fixture->client);
  g_signal_connect (fixture->watcher, "activated", G_CALLBACK (activated_cb), fixture);
  g_signal_connect (fixture->watcher, "expired", G_CALLBACK (expired_cb), fixture);
  g_signal_connect (fixture->watcher, "check-failed", G_CALLBACK (check_failed_cb), fixture);
  g_signal_connect (fixture->watcher, "checked", G_CALLBACK (checked_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onboard_activation_watcher_stop (fixture->watcher);
  /* Let a cancelled check hand back its reference. */
  iterate_for (50);

  g_assert_finalize_object (fixture->watcher);
  g_clear_object (&fixture->signup);
  g_clear_object (&fixture->activated);
  g_assert_finalize_object (fixture->client);
  g_clear_object (&fixture->sandbox);
}

/* It asks until the link is opened, then says so once, and stops. */
static void
test_activation_watcher_activated (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onboard_activation_watcher_watch (fixture->watcher, fixture->signup,
                                    onboard_signup_get_signup_token (fixture->signup));
  g_assert_true (onboard_activation_watcher_get_watching (fixture->watcher));

  /* Still pending: it goes on asking. */
  wait_until_ms (fixture->n_checked >= 1, 10000);
  g_assert_null (fixture->activated);

  onboard_sandbox_activate_signup (fixture->sandbox, onboard_signup_get_id (fixture->signup), &error);
  g_assert_no_error (error);
  wait_until_ms (fixture->activated != NULL, 10000);

  g_assert_cmpint (onboard_signup_get_status (fixture->activated), ==, ONBOARD_SIGNUP_STATUS_ACTIVE);
  g_assert_false (onboard_activation_watcher_get_watching (fixture->watcher));
  g_assert_cmpuint (fixture->n_expired, ==, 0);
  g_assert_cmpuint (fixture->n_failed, ==, 0);
}

/* A link never opened: the sign-up expires, and the watcher says so. */
static void
test_activation_watcher_expired (Fixture       *fixture,
                                 gconstpointer  data)
{
  onboard_activation_watcher_watch (fixture->watcher, fixture->signup,
                                    onboard_signup_get_signup_token (fixture->signup));

  wait_until_ms (fixture->n_expired == 1, 10000);
  g_assert_null (fixture->activated);
  g_assert_false (onboard_activation_watcher_get_watching (fixture->watcher));
}

/* A check that fails is not the end: the watcher says why and goes on,
 * and Check Now asks again at once. */
static void
test_activation_watcher_failure_goes_on (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *fault = g_strdup_printf ("{\"path\":\"/signups/%s\",\"method\":\"GET\",\"status\":403,\"count\":1}",
                                            onboard_signup_get_id (fixture->signup));
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_fault (fixture->sandbox, fault, &error);
  g_assert_no_error (error);

  onboard_activation_watcher_watch (fixture->watcher, fixture->signup,
                                    onboard_signup_get_signup_token (fixture->signup));
  wait_until_ms (fixture->n_failed == 1, 10000);
  g_assert_cmpuint (onboard_activation_watcher_get_n_failures (fixture->watcher), ==, 1);
  g_assert_true (onboard_activation_watcher_get_watching (fixture->watcher));

  onboard_activation_watcher_check_now (fixture->watcher);
  wait_until_ms (fixture->n_checked == 1, 5000);
  g_assert_cmpuint (onboard_activation_watcher_get_n_failures (fixture->watcher), ==, 0);

  onboard_sandbox_activate_signup (fixture->sandbox, onboard_signup_get_id (fixture->signup), &error);
  g_assert_no_error (error);
  onboard_activation_watcher_check_now (fixture->watcher);
  wait_until_ms (fixture->activated != NULL, 5000);
}

/* Stopped, or gone, while a check is on its way: nothing more is said. */
static void
test_activation_watcher_stop (Fixture       *fixture,
                              gconstpointer  data)
{
  onboard_activation_watcher_watch (fixture->watcher, fixture->signup,
                                    onboard_signup_get_signup_token (fixture->signup));
  onboard_activation_watcher_check_now (fixture->watcher);
  g_main_context_iteration (NULL, FALSE);
  onboard_activation_watcher_stop (fixture->watcher);
  g_assert_false (onboard_activation_watcher_get_watching (fixture->watcher));

  iterate_for (1500);

  g_assert_cmpuint (fixture->n_checked, ==, 0);
  g_assert_cmpuint (fixture->n_failed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const double short_lifetime = 1.5;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/onboard/activation-watcher/activated", Fixture, NULL,
              fixture_set_up, test_activation_watcher_activated, fixture_tear_down);
  g_test_add ("/onboard/activation-watcher/expired", Fixture, &short_lifetime,
              fixture_set_up, test_activation_watcher_expired, fixture_tear_down);
  g_test_add ("/onboard/activation-watcher/failure-goes-on", Fixture, NULL,
              fixture_set_up, test_activation_watcher_failure_goes_on, fixture_tear_down);
  g_test_add ("/onboard/activation-watcher/stop", Fixture, NULL,
              fixture_set_up, test_activation_watcher_stop, fixture_tear_down);

  return g_test_run ();
}
