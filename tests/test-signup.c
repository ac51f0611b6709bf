/* test-signup.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-signup.h"

static OnboardSignup *
signup_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_signup_new_from_json (json_node_get_object (node), error);
}

static void
test_created (void)
{
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) resend = NULL;
  GParamSpec *token_property;

  signup = signup_from ("{\"object\":\"signup\",\"id\":\"sgn_2b7\","
                        "\"email\":\"office@oakfield.sch.uk\","
                        "\"status\":\"pending_activation\","
                        "\"apps\":[\"assembly\",\"schoolbooking\"],"
                        "\"created_at\":\"2026-09-01T10:00:00Z\","
                        "\"activation_expires_at\":\"2026-09-04T10:00:00Z\","
                        "\"resend_available_at\":\"2026-09-01T10:01:00Z\","
                        "\"signup_token\":\"st_secret\"}",
                        &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_signup_get_id (signup), ==, "sgn_2b7");
  g_assert_cmpstr (onboard_signup_get_email (signup), ==, "office@oakfield.sch.uk");
  g_assert_cmpint (onboard_signup_get_status (signup), ==,
                   ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION);
  g_assert_true (g_strv_contains (onboard_signup_get_apps (signup), "schoolbooking"));
  g_assert_cmpstr (onboard_signup_get_signup_token (signup), ==, "st_secret");
  g_assert_null (onboard_signup_get_activated_at (signup));
  g_assert_cmpuint (onboard_signup_get_retry_after (signup), ==, 0);

  resend = g_date_time_new_utc (2026, 9, 1, 10, 1, 0);
  g_assert_true (g_date_time_equal (onboard_signup_get_resend_available_at (signup), resend));
  g_assert_cmpint (g_date_time_difference (onboard_signup_get_activation_expires_at (signup),
                                           onboard_signup_get_created_at (signup)),
                   ==, 72 * G_TIME_SPAN_HOUR);

  /* The secret is no property, so no inspector or dump shows it. */
  token_property = g_object_class_find_property (G_OBJECT_GET_CLASS (signup), "signup-token");
  g_assert_null (token_property);
}

static void
test_statuses (void)
{
  static const struct {
    const char          *status;
    OnboardSignupStatus  expected;
  } cases[] = {
    { "pending_activation", ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION },
    { "active", ONBOARD_SIGNUP_STATUS_ACTIVE },
    { "expired", ONBOARD_SIGNUP_STATUS_EXPIRED },
    { "suspended", ONBOARD_SIGNUP_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"sgn_1\",\"email\":\"a@b.uk\","
                                               "\"status\":\"%s\"}", cases[i].status);
      g_autoptr(OnboardSignup) signup = NULL;
      g_autoptr(GError) error = NULL;

      signup = signup_from (json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (onboard_signup_get_status (signup), ==, cases[i].expected);
      g_assert_null (onboard_signup_get_signup_token (signup));
    }
}

static void
test_bad_json (void)
{
  static const char * const bad[] = {
    "{\"email\":\"a@b.uk\",\"status\":\"active\"}",
    "{\"id\":\"\",\"email\":\"a@b.uk\",\"status\":\"active\"}",
    "{\"id\":\"sgn_1\",\"status\":\"active\"}",
    "{\"id\":\"sgn_1\",\"email\":\"a@b.uk\"}",
    "{\"id\":\"sgn_1\",\"email\":\"a@b.uk\",\"status\":null}",
    "{\"id\":\"sgn_1\",\"email\":\"a@b.uk\",\"status\":\"active\",\"activated_at\":true}",
    "{\"id\":\"sgn_1\",\"email\":\"a@b.uk\",\"status\":\"active\",\"object\":\"account\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OnboardSignup) signup = NULL;
      g_autoptr(GError) error = NULL;

      signup = signup_from (bad[i], &error);
      g_assert_null (signup);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/signup/created", test_created);
  g_test_add_func ("/onboard/signup/statuses", test_statuses);
  g_test_add_func ("/onboard/signup/bad-json", test_bad_json);

  return g_test_run ();
}
