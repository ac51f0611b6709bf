/* test-service-status.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-api-private.h"
#include "onboard-client-error.h"
#include "onboard-service-status.h"

static OnboardServiceStatus *
status_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_service_status_new_from_json (json_node_get_object (node), error);
}

static void
assert_refused (const char *json,
                const char *words)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = status_from (json, &error);
  g_assert_null (status);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_spec_example (void)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected = NULL;
  GDateTime *server_time;

  status = status_from ("{\"object\":\"service_status\",\"status\":\"ok\","
                        "\"server_time\":\"2026-09-01T08:15:30+01:00\",\"terms_version\":\"2026-09\"}",
                        &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_service_status_get_status (status), ==, "ok");
  g_assert_cmpstr (onboard_service_status_get_terms_version (status), ==, "2026-09");

  /* The offset is kept: 08:15 in London in September is 07:15 UTC. */
  server_time = onboard_service_status_get_server_time (status);
  g_assert_nonnull (server_time);
  expected = g_date_time_new_utc (2026, 9, 1, 7, 15, 30);
  g_assert_cmpint (g_date_time_compare (server_time, expected), ==, 0);

  /* The Date header is not in the body: nothing until the client sets it. */
  g_assert_null (onboard_service_status_get_date (status));
}

static void
test_date_header (void)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 9, 1, 7, 20, 0);
  g_autoptr(GDateTime) from_property = NULL;

  status = status_from ("{\"object\":\"service_status\",\"status\":\"ok\"}", &error);
  g_assert_no_error (error);

  onboard_service_status_set_date (status, date);
  g_assert_true (onboard_service_status_get_date (status) == date);
  g_object_get (status, "date", &from_property, NULL);
  g_assert_cmpint (g_date_time_compare (from_property, date), ==, 0);

  onboard_service_status_set_date (status, NULL);
  g_assert_null (onboard_service_status_get_date (status));
}

static void
test_missing_members (void)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  /* Only "status" is needed: an older service sends no time or terms. */
  status = status_from ("{\"status\":\"degraded\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_service_status_get_status (status), ==, "degraded");
  g_assert_null (onboard_service_status_get_server_time (status));
  g_assert_null (onboard_service_status_get_terms_version (status));
  g_clear_object (&status);

  status = status_from ("{\"object\":\"service_status\",\"status\":\"ok\",\"server_time\":null,"
                        "\"terms_version\":null}", &error);
  g_assert_no_error (error);
  g_assert_null (onboard_service_status_get_server_time (status));
  g_assert_null (onboard_service_status_get_terms_version (status));

  assert_refused ("{\"object\":\"service_status\"}", "status");
  assert_refused ("{\"object\":\"service_status\",\"status\":null}", "status");
}

static void
test_wrong_types (void)
{
  assert_refused ("{\"object\":\"terms\",\"status\":\"ok\"}", "service_status");
  assert_refused ("{\"object\":\"service_status\",\"status\":true}", "status");
  assert_refused ("{\"object\":\"service_status\",\"status\":\"ok\",\"server_time\":1756710930}",
                  "server_time");
  assert_refused ("{\"object\":\"service_status\",\"status\":\"ok\",\"server_time\":\"yesterday\"}",
                  "server_time");
  assert_refused ("{\"object\":\"service_status\",\"status\":\"ok\",\"terms_version\":202609}",
                  "terms_version");
}

static void
test_unknown_members (void)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = status_from ("{\"object\":\"service_status\",\"status\":\"ok\",\"terms_version\":\"2026-09\","
                        "\"region\":\"eu-west-2\",\"maintenance\":{\"from\":\"2026-09-02T01:00:00Z\"},"
                        "\"features\":[1,2,3]}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_service_status_get_status (status), ==, "ok");
  g_assert_cmpstr (onboard_service_status_get_terms_version (status), ==, "2026-09");
}

static void
test_properties (void)
{
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *terms_version = NULL;
  g_autoptr(GDateTime) server_time = NULL;

  status = status_from ("{\"status\":\"ok\",\"server_time\":\"2026-09-01T07:15:30Z\","
                        "\"terms_version\":\"2026-09\"}", &error);
  g_assert_no_error (error);
  g_object_get (status,
                "status", &state,
                "server-time", &server_time,
                "terms-version", &terms_version,
                NULL);
  g_assert_cmpstr (state, ==, "ok");
  g_assert_cmpstr (terms_version, ==, "2026-09");
  g_assert_cmpint (g_date_time_get_hour (server_time), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/service-status/spec-example", test_spec_example);
  g_test_add_func ("/onboard/service-status/date-header", test_date_header);
  g_test_add_func ("/onboard/service-status/missing-members", test_missing_members);
  g_test_add_func ("/onboard/service-status/wrong-types", test_wrong_types);
  g_test_add_func ("/onboard/service-status/unknown-members", test_unknown_members);
  g_test_add_func ("/onboard/service-status/properties", test_properties);

  return g_test_run ();
}
