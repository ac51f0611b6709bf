/* test-status-monitor.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-status-monitor.h"
#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"

/* The monitor against the in-process reference server on 127.0.0.1, with
 * the server's poll interval cut to a second so a test takes seconds, and
 * a network monitor the test switches off and on.
 */

#define EMAIL    "office@oakfield.sch.uk"
#define PASSWORD "correct horse battery"

/* Fixture ---------------------------------------------------------------- */

typedef struct
{
  OnboardSandbox       *sandbox;
  OnboardClient        *client;
  OnboardTestNetworkMonitor   *network;
  OnboardStatusMonitor *monitor;
  char                 *connector_id;

  /* What the monitor reported */
  GPtrArray            *statuses;
  GArray               *check_times;
  guint                 n_checked;
} Fixture;

static char *the_urn;

static void
status_changed_cb (OnboardStatusMonitor *monitor,
                   OnboardConnector     *connector,
                   Fixture              *fixture)
{
  g_assert_true (onboard_status_monitor_get_connector (monitor) == connector);
  g_ptr_array_add (fixture->statuses, g_strdup (onboard_connector_get_status_string (connector)));
}

static void
checked_cb (OnboardStatusMonitor *monitor,
            Fixture              *fixture)
{
  gint64 now = g_get_monotonic_time ();

  fixture->n_checked++;
  g_array_append_val (fixture->check_times, now);
}

static char *
first_urn (OnboardClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *schools;

  onboard_client_fetch_schools_async (client, NULL, FALSE, NULL, store_result, &result);
  wait_until_ms (result != NULL, 30000);
  body = onboard_client_fetch_schools_finish (client, result, NULL, NULL, &error);
  g_assert_no_error (error);

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  schools = json_node_get_array (json_parser_get_root (parser));

  return g_strdup (json_object_get_string_member (json_array_get_object_element (schools, 0), "urn"));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_set_poll_interval (fixture->sandbox, 1);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_grant_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 0.2);
  /* The data pull starts when the test says so. */
  onboard_sandbox_set_first_sync_delay (fixture->sandbox, 100000);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);

  onboard_sandbox_add_account (fixture->sandbox, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  onboard_client_sign_in_async (fixture->client, EMAIL, PASSWORD, NULL, store_result, &result);
  wait_until_ms (result != NULL, 10000);
  onboard_client_sign_in_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  if (the_urn == NULL)
    the_urn = first_urn (fixture->client);

  onboard_client_create_school_registration_async (fixture->client, the_urn, "sims", NULL,
                                                   NULL, store_result, &result);
  wait_until_ms (result != NULL, 10000);
  registration = onboard_client_create_school_registration_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  fixture->connector_id = g_strdup (onboard_school_registration_get_connector_id (registration));

  fixture->network = onboard_test_network_monitor_new ();
  fixture->monitor = onboard_status_monitor_new (fixture->client, G_NETWORK_MONITOR (fixture->network));

  fixture->statuses = g_ptr_array_new_with_free_func (g_free);
  fixture->check_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (fixture->monitor, "status-changed", G_CALLBACK (status_changed_cb), fixture);
  g_signal_connect (fixture->monitor, "checked", G_CALLBACK (checked_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  onboard_status_monitor_stop (fixture->monitor);
  /* Let a cancelled check hand back its reference. */
  iterate_for (50);

  g_assert_finalize_object (fixture->monitor);
  g_assert_finalize_object (fixture->network);
  g_assert_finalize_object (fixture->client);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->connector_id, g_free);
  g_clear_pointer (&fixture->statuses, g_ptr_array_unref);
  g_clear_pointer (&fixture->check_times, g_array_unref);
}

static void
event (Fixture    *fixture,
       const char *name)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_connector_event (fixture->sandbox, fixture->connector_id, name, &error);
  g_assert_no_error (error);
}

static OnboardConnector *
grant_access (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnboardConnector *connector;

  onboard_client_grant_access_async (fixture->client, fixture->connector_id, NULL, NULL, TRUE, NULL,
                                     NULL, store_result, &result);
  wait_until_ms (result != NULL, 10000);
  connector = onboard_client_grant_access_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  return connector;
}

static gboolean
status_is (Fixture    *fixture,
           const char *status)
{
  OnboardConnector *connector = onboard_status_monitor_get_connector (fixture->monitor);

  return connector != NULL && g_strcmp0 (onboard_connector_get_status_string (connector), status) == 0;
}

/* Put the connector in awaiting_authorisation and let the monitor see it. */
static void
start_waiting (Fixture *fixture)
{
  g_autoptr(OnboardConnector) granted = grant_access (fixture);

  g_assert_nonnull (granted);
  wait_until_ms (g_strcmp0 (onboard_sandbox_get_connector_status (fixture->sandbox, fixture->connector_id),
                         "awaiting_authorisation") == 0, 10000);
  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until_ms (status_is (fixture, "awaiting_authorisation"), 10000);
}

/* How many checks of the connector the client logged with @outcome. */
static guint
count_checks (Fixture    *fixture,
              const char *outcome)
{
  g_autofree char *needle = g_strdup_printf (" GET /connectors/%s %s ", fixture->connector_id, outcome);

  return count_log_lines (fixture->client, needle);
}

static gint64
gap_ms (Fixture *fixture,
        guint    i)
{
  g_assert_cmpuint (i, >, 0);
  g_assert_cmpuint (i, <, fixture->check_times->len);

  return (g_array_index (fixture->check_times, gint64, i) -
          g_array_index (fixture->check_times, gint64, i - 1)) / 1000;
}

/* Tests ------------------------------------------------------------------ */

static void
test_nothing_watched (Fixture       *fixture,
                      gconstpointer  data)
{
  guint requests = onboard_sandbox_get_request_count (fixture->sandbox);

  g_assert_null (onboard_status_monitor_get_connector_id (fixture->monitor));
  g_assert_null (onboard_status_monitor_get_connector (fixture->monitor));
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 0);
  g_assert_false (onboard_status_monitor_get_checking (fixture->monitor));
  g_assert_null (g_main_context_find_source_by_user_data (NULL, fixture->monitor));

  /* Refreshing nothing asks nothing. */
  onboard_status_monitor_refresh (fixture->monitor);
  iterate_for (1500);

  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
  g_assert_cmpuint (fixture->n_checked, ==, 0);
}

static void
test_every_transition (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const expected[] = {
    "not_configured",
    "invitation_sent",
    "awaiting_authorisation",
    "authorisation_paused",
    "awaiting_authorisation",
    "authorised",
    "syncing",
    "connected",
    "sync_error",
    "connected",
    "revoked",
    "invitation_sent",
    "invitation_failed",
    NULL
  };
  g_autoptr(OnboardConnector) granted = NULL;
  g_autoptr(OnboardConnector) regranted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *wanted = NULL;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));
  wait_until_ms (status_is (fixture, "not_configured"), 10000);
  g_assert_cmpint (onboard_status_monitor_get_status (fixture->monitor), ==,
                   ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);

  /* Grant Access answers invitation_sent; the page hands that over. */
  granted = grant_access (fixture);
  onboard_status_monitor_update (fixture->monitor, granted);
  g_assert_true (status_is (fixture, "invitation_sent"));

  /* Groupcall's email goes out: found by polling. */
  wait_until_ms (status_is (fixture, "awaiting_authorisation"), 10000);

  event (fixture, "pause");
  wait_until_ms (status_is (fixture, "authorisation_paused"), 10000);
  g_assert_cmpint (onboard_connector_get_status_reason (onboard_status_monitor_get_connector (fixture->monitor)),
                   ==, ONBOARD_CONNECTOR_STATUS_REASON_AUTHORISATION_PAUSED);

  event (fixture, "resume");
  wait_until_ms (status_is (fixture, "awaiting_authorisation"), 10000);

  onboard_sandbox_authorise_connector (fixture->sandbox, fixture->connector_id, NULL, &error);
  g_assert_no_error (error);
  wait_until_ms (status_is (fixture, "authorised"), 10000);
  g_assert_nonnull (onboard_connector_get_authorised_at (onboard_status_monitor_get_connector (fixture->monitor)));

  event (fixture, "sync_started");
  wait_until_ms (status_is (fixture, "syncing"), 10000);

  event (fixture, "sync_succeeded");
  wait_until_ms (status_is (fixture, "connected"), 10000);
  g_assert_cmpint (onboard_connector_get_last_sync_status (onboard_status_monitor_get_connector (fixture->monitor)),
                   ==, ONBOARD_SYNC_STATUS_SUCCESS);

  event (fixture, "sync_failed");
  wait_until_ms (status_is (fixture, "sync_error"), 10000);
  g_assert_cmpint (onboard_connector_get_status_reason (onboard_status_monitor_get_connector (fixture->monitor)),
                   ==, ONBOARD_CONNECTOR_STATUS_REASON_MIS_UNREACHABLE);

  event (fixture, "sync_succeeded");
  wait_until_ms (status_is (fixture, "connected"), 10000);

  event (fixture, "revoke");
  wait_until_ms (status_is (fixture, "revoked"), 10000);

  /* This time Groupcall refuses before its email goes out. */
  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 100000);
  regranted = grant_access (fixture);
  wait_until_ms (status_is (fixture, "invitation_sent"), 10000);
  event (fixture, "groupcall_reject");
  wait_until_ms (status_is (fixture, "invitation_failed"), 10000);
  g_assert_cmpint (onboard_connector_get_status_reason (onboard_status_monitor_get_connector (fixture->monitor)),
                   ==, ONBOARD_CONNECTOR_STATUS_REASON_GROUPCALL_REJECTED_INVITATION);

  g_ptr_array_add (fixture->statuses, NULL);
  seen = g_strjoinv (" → ", (char **)fixture->statuses->pdata);
  wanted = g_strjoinv (" → ", (char **)expected);
  g_assert_cmpstr (seen, ==, wanted);
  g_assert_null (onboard_status_monitor_get_error (fixture->monitor));
}

static void
test_unknown_status (Fixture       *fixture,
                     gconstpointer  data)
{
  OnboardConnector *connector;

  /* A newer service with a state this version has never heard of. */
  add_fault_printf (fixture->sandbox,
                    "{\"path\":\"/connectors/%s\",\"status\":200,\"body\":"
                    "\"{\\\"object\\\":\\\"connector\\\",\\\"id\\\":\\\"%s\\\","
                    "\\\"status\\\":\\\"teleporting\\\",\\\"poll_interval_seconds\\\":1}\"}",
                    fixture->connector_id, fixture->connector_id);

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until_ms (status_is (fixture, "teleporting"), 10000);

  connector = onboard_status_monitor_get_connector (fixture->monitor);
  g_assert_cmpint (onboard_connector_get_status (connector), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (onboard_status_monitor_get_status (fixture->monitor), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpuint (fixture->statuses->len, ==, 1);

  /* And it keeps watching: the real state comes back next time. */
  wait_until_ms (status_is (fixture, "not_configured"), 10000);
  g_assert_cmpuint (fixture->statuses->len, ==, 2);
}

static void
test_unchanged_is_304 (Fixture       *fixture,
                       gconstpointer  data)
{
  guint first;

  /* The service asks for 2 s between reads (its Retry-After says 1). */
  onboard_sandbox_set_poll_interval (fixture->sandbox, 2);
  start_waiting (fixture);
  first = fixture->n_checked;

  wait_until_ms (fixture->n_checked >= first + 3, 15000);

  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 2000);
  for (guint i = first + 1; i < fixture->check_times->len; i++)
    g_assert_cmpint (gap_ms (fixture, i), >=, 2000);

  /* Every read of the unchanged connector was revalidated, and answered
   * without a body. */
  g_assert_cmpuint (count_checks (fixture, "304"), >=, 3);
  g_assert_cmpuint (count_checks (fixture, "200"), ==, 1);
  g_assert_cmpuint (fixture->statuses->len, ==, 1);
  g_assert_nonnull (onboard_status_monitor_get_last_checked (fixture->monitor));
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  guint first;

  /* Retry-After longer than the poll interval wins. */
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 3);
  start_waiting (fixture);
  first = fixture->n_checked;

  wait_until_ms (fixture->n_checked >= first + 2, 15000);

  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 3000);
  for (guint i = first + 1; i < fixture->check_times->len; i++)
    g_assert_cmpint (gap_ms (fixture, i), >=, 3000);
}

static void
test_slows_down (Fixture       *fixture,
                 gconstpointer  data)
{
  onboard_status_monitor_set_slow_down_after (fixture->monitor, 2500);
  onboard_status_monitor_set_slow_interval (fixture->monitor, 4000);
  start_waiting (fixture);

  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 1000);

  /* Nothing changes for longer than slow-down-after. */
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) == 4000, 10000);

  /* A change brings it back to the service's pace. */
  event (fixture, "pause");
  wait_until_ms (status_is (fixture, "authorisation_paused"), 10000);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) != 0, 1000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 1000);
}

static void
test_errors_back_off (Fixture       *fixture,
                      gconstpointer  data)
{
  guint first;
  const GError *error;

  onboard_status_monitor_set_max_backoff (fixture->monitor, 3000);
  start_waiting (fixture);

  /* The service fails twice (500 is not retried by the client). */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"status\":500,\"count\":2}", fixture->connector_id);
  first = fixture->n_checked;

  wait_until_ms (onboard_status_monitor_get_n_failures (fixture->monitor) == 1, 10000);
  error = onboard_status_monitor_get_error (fixture->monitor);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  /* The user is told in words, not in codes. */
  g_assert_null (strstr (error->message, "500"));
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 2000);
  /* What was known stays known. */
  g_assert_true (status_is (fixture, "awaiting_authorisation"));

  wait_until_ms (onboard_status_monitor_get_n_failures (fixture->monitor) == 2, 10000);
  /* 4 s, but never more than max-backoff. */
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 3000);

  wait_until_ms (onboard_status_monitor_get_error (fixture->monitor) == NULL, 6000);
  g_assert_cmpuint (onboard_status_monitor_get_n_failures (fixture->monitor), ==, 0);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 1000);

  g_assert_cmpuint (fixture->check_times->len, ==, first + 3);
  g_assert_cmpint (gap_ms (fixture, first + 1), >=, 2000);
  g_assert_cmpint (gap_ms (fixture, first + 2), >=, 3000);
}

static void
assert_next_check_in (Fixture *fixture,
                      guint    seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDateTime *next_check = onboard_status_monitor_get_next_check (fixture->monitor);
  GTimeSpan ahead;

  g_assert_nonnull (next_check);
  ahead = g_date_time_difference (next_check, now);
  g_assert_cmpint (ahead, <=, (GTimeSpan)seconds * G_TIME_SPAN_SECOND);
  g_assert_cmpint (ahead, >, ((GTimeSpan)seconds - 10) * G_TIME_SPAN_SECOND);
}

static void
test_long_retry_after (Fixture       *fixture,
                       gconstpointer  data)
{
  start_waiting (fixture);
  assert_next_check_in (fixture, 1);

  /* A 200 whose Retry-After is a date in the year 9999: the next look is
   * an hour away, and the monitor says when. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"hostile\":\"retry_after_far_future\",\"count\":1}",
                    fixture->connector_id);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) > 1000, 10000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 3600 * 1000);
  assert_next_check_in (fixture, 3600);
  g_assert_null (onboard_status_monitor_get_error (fixture->monitor));

  /* A 503 asking for 2^64 seconds: honoured, up to the same hour, and
   * not hammered by the client's own retries meanwhile. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"hostile\":\"retry_after_huge\",\"status\":503,\"count\":0}",
                    fixture->connector_id);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until_ms (onboard_status_monitor_get_n_failures (fixture->monitor) == 1, 10000);
  g_assert_error (onboard_status_monitor_get_error (fixture->monitor),
                  ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (count_checks (fixture, "503"), ==, 1);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 3600 * 1000);
  assert_next_check_in (fixture, 3600);
  onboard_sandbox_clear_faults (fixture->sandbox);

  /* Back to the service's own pace once it answers normally. */
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until_ms (onboard_status_monitor_get_error (fixture->monitor) == NULL, 10000);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) != 0, 1000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 1000);

  /* A 503 with ten minutes: longer than max-backoff, and honoured. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"status\":503,\"retry_after\":600,\"count\":0}",
                    fixture->connector_id);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until_ms (onboard_status_monitor_get_n_failures (fixture->monitor) == 1, 10000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 600 * 1000);
  assert_next_check_in (fixture, 600);
  onboard_sandbox_clear_faults (fixture->sandbox);

  /* Stopped: nothing is due. */
  onboard_status_monitor_stop (fixture->monitor);
  g_assert_null (onboard_status_monitor_get_next_check (fixture->monitor));
}

static void
test_offline_pauses (Fixture       *fixture,
                     gconstpointer  data)
{
  guint requests;
  guint checks;

  start_waiting (fixture);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) != 0, 10000);

  onboard_test_network_monitor_set_available (fixture->network, FALSE);
  g_assert_true (onboard_status_monitor_get_offline (fixture->monitor));
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 0);
  g_assert_null (g_main_context_find_source_by_user_data (NULL, fixture->monitor));

  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  checks = fixture->n_checked;
  iterate_for (2500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
  g_assert_cmpuint (fixture->n_checked, ==, checks);

  /* Back online: a check at once, then the usual pace. */
  onboard_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_false (onboard_status_monitor_get_offline (fixture->monitor));
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));
  wait_until_ms (fixture->n_checked == checks + 1, 10000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 1000);
}

static void
test_offline_from_the_start (Fixture       *fixture,
                             gconstpointer  data)
{
  guint requests = onboard_sandbox_get_request_count (fixture->sandbox);

  onboard_test_network_monitor_set_available (fixture->network, FALSE);
  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  g_assert_false (onboard_status_monitor_get_checking (fixture->monitor));
  iterate_for (1500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);

  onboard_test_network_monitor_set_available (fixture->network, TRUE);
  wait_until_ms (status_is (fixture, "not_configured"), 10000);
}

static void
test_refresh_now (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) before = NULL;
  guint checks;

  /* A slow service: nothing would happen for half a minute. */
  onboard_sandbox_set_poll_interval (fixture->sandbox, 30);
  start_waiting (fixture);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) != 0, 10000);
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 30000);
  before = g_date_time_ref (onboard_status_monitor_get_last_checked (fixture->monitor));
  checks = fixture->n_checked;

  event (fixture, "pause");
  onboard_status_monitor_refresh (fixture->monitor);
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 0);

  wait_until_ms (fixture->n_checked == checks + 1, 10000);
  g_assert_true (status_is (fixture, "authorisation_paused"));
  g_assert_cmpint (g_date_time_compare (onboard_status_monitor_get_last_checked (fixture->monitor), before), >, 0);
}

static void
count_checks_cb (guint *checks)
{
  (*checks)++;
}

/* After a restart the keyring gives the tokens back a moment after the
 * pages start: the monitor waits for them instead of being refused. */
static void
test_waits_for_sign_in (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnboardClient) restarted = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (restarted, G_NETWORK_MONITOR (fixture->network));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint checks = 0;

  g_signal_connect_swapped (monitor, "checked", G_CALLBACK (count_checks_cb), &checks);

  onboard_status_monitor_watch (monitor, fixture->connector_id);
  g_assert_false (onboard_status_monitor_get_checking (monitor));
  iterate_for (300);
  g_assert_cmpuint (checks, ==, 0);
  g_assert_null (onboard_status_monitor_get_error (monitor));

  onboard_client_sign_in_async (restarted, EMAIL, PASSWORD, NULL, store_result, &result);
  wait_until_ms (result != NULL, 10000);
  onboard_client_sign_in_finish (restarted, result, &error);
  g_assert_no_error (error);

  wait_until_ms (checks == 1, 10000);
  g_assert_null (onboard_status_monitor_get_error (monitor));
  g_assert_cmpint (onboard_status_monitor_get_status (monitor), ==, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);
}

static void
test_stop_leaves_nothing (Fixture       *fixture,
                          gconstpointer  data)
{
  guint requests;

  start_waiting (fixture);
  wait_until_ms (onboard_status_monitor_get_interval (fixture->monitor) != 0, 10000);
  g_assert_nonnull (g_main_context_find_source_by_user_data (NULL, fixture->monitor));

  onboard_status_monitor_stop (fixture->monitor);
  g_assert_null (g_main_context_find_source_by_user_data (NULL, fixture->monitor));
  g_assert_null (onboard_status_monitor_get_connector_id (fixture->monitor));
  g_assert_null (onboard_status_monitor_get_connector (fixture->monitor));
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 0);

  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  iterate_for (2500);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);
}

static void
test_stop_during_check (Fixture       *fixture,
                        gconstpointer  data)
{
  guint checks;

  /* The service takes its time over the answer. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"delay_ms\":1500}", fixture->connector_id);
  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));
  checks = fixture->n_checked;
  iterate_for (200);

  onboard_status_monitor_stop (fixture->monitor);
  g_assert_false (onboard_status_monitor_get_checking (fixture->monitor));

  iterate_for (2500);
  g_assert_cmpuint (fixture->n_checked, ==, checks);
  g_assert_null (onboard_status_monitor_get_connector (fixture->monitor));
  g_assert_null (g_main_context_find_source_by_user_data (NULL, fixture->monitor));
}

static void
test_watch_another (Fixture       *fixture,
                    gconstpointer  data)
{
  /* A connector that is not this account's is refused; watching the right
   * one afterwards forgets that. */
  onboard_status_monitor_watch (fixture->monitor, "con_someone_else");
  wait_until_ms (onboard_status_monitor_get_error (fixture->monitor) != NULL, 10000);
  g_assert_error (onboard_status_monitor_get_error (fixture->monitor), ONBOARD_CLIENT_ERROR,
                  ONBOARD_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (onboard_status_monitor_get_connector (fixture->monitor));

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  g_assert_null (onboard_status_monitor_get_error (fixture->monitor));
  g_assert_cmpuint (onboard_status_monitor_get_n_failures (fixture->monitor), ==, 0);
  wait_until_ms (status_is (fixture, "not_configured"), 10000);
  g_assert_cmpstr (onboard_status_monitor_get_connector_id (fixture->monitor), ==, fixture->connector_id);
}

static void
test_update_starts_watching (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OnboardConnector) granted = NULL;

  onboard_sandbox_set_grant_retry_after (fixture->sandbox, 2);
  granted = grant_access (fixture);

  onboard_status_monitor_update (fixture->monitor, granted);
  g_assert_cmpstr (onboard_status_monitor_get_connector_id (fixture->monitor), ==, fixture->connector_id);
  g_assert_cmpint (onboard_status_monitor_get_status (fixture->monitor), ==,
                   ONBOARD_CONNECTOR_STATUS_INVITATION_SENT);
  g_assert_cmpuint (fixture->statuses->len, ==, 1);
  /* The answer to Grant Access said when to look again. */
  g_assert_cmpuint (onboard_status_monitor_get_interval (fixture->monitor), ==, 2000);
  g_assert_false (onboard_status_monitor_get_checking (fixture->monitor));
  /* The service has just answered: that is news as fresh as a check. */
  g_assert_nonnull (onboard_status_monitor_get_last_checked (fixture->monitor));

  wait_until_ms (status_is (fixture, "awaiting_authorisation"), 10000);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/onboard/status-monitor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("nothing-watched", test_nothing_watched);
  ADD ("every-transition", test_every_transition);
  ADD ("unknown-status", test_unknown_status);
  ADD ("unchanged-is-304", test_unchanged_is_304);
  ADD ("retry-after", test_retry_after);
  ADD ("slows-down", test_slows_down);
  ADD ("errors-back-off", test_errors_back_off);
  ADD ("long-retry-after", test_long_retry_after);
  ADD ("offline-pauses", test_offline_pauses);
  ADD ("offline-from-the-start", test_offline_from_the_start);
  ADD ("refresh-now", test_refresh_now);
  ADD ("waits-for-sign-in", test_waits_for_sign_in);
  ADD ("stop-leaves-nothing", test_stop_leaves_nothing);
  ADD ("stop-during-check", test_stop_during_check);
  ADD ("watch-another", test_watch_another);
  ADD ("update-starts-watching", test_update_starts_watching);

#undef ADD

  ret = g_test_run ();
  g_clear_pointer (&the_urn, g_free);

  return ret;
}
