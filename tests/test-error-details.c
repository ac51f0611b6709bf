/* test-error-details.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-error-details.h"
#include "onboard-test-ui.h"

static OnboardFieldErrors *
fields_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  OnboardFieldErrors *fields;

  g_assert_nonnull (node);
  fields = onboard_field_errors_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  return fields;
}

static void
test_to_string_all (void)
{
  g_autoptr(OnboardFieldErrors) fields = fields_from ("{\"email\":[\"invalid\",\"taken\"],"
                                                      "\"password\":[\"too_short\"]}");
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 9, 1, 7, 15, 30);
  g_autoptr(OnboardErrorDetails) details = NULL;
  g_autofree char *text = NULL;

  details = g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                          "method", "POST",
                          "path", "/signups",
                          "http-status", 422,
                          "request-id", "req_7f3a",
                          "server-code", "validation_failed",
                          "server-message", "Some fields are not valid",
                          "debug-message", "member \"email\" refused",
                          "retry-after", 30,
                          "tls-issuer", "CN=Example Web Filter",
                          "fields", fields,
                          "time", time,
                          NULL);

  /* One "Label: value" line each, in the order support reads them out. */
  text = onboard_error_details_to_string (details);
  g_assert_cmpstr (text, ==,
                   "Time: 2026-09-01T07:15:30Z\n"
                   "Request: POST /signups\n"
                   "HTTP status: 422\n"
                   "Request ID: req_7f3a\n"
                   "Error code: validation_failed\n"
                   "Service message: Some fields are not valid\n"
                   "Certificate issuer: CN=Example Web Filter\n"
                   "Retry after: 30 s\n"
                   "Fields: email: invalid, taken; password: too_short\n"
                   "Technical details: member \"email\" refused\n");
}

static void
test_to_string_sparse (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 9, 1, 7, 15, 30);
  g_autoptr(OnboardErrorDetails) details = NULL;
  g_autoptr(OnboardErrorDetails) no_answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *no_answer_text = NULL;

  /* Nothing but the time: no empty or zero lines. */
  details = g_object_new (ONBOARD_TYPE_ERROR_DETAILS, "time", time, NULL);
  text = onboard_error_details_to_string (details);
  g_assert_cmpstr (text, ==, "Time: 2026-09-01T07:15:30Z\n");

  /* No answer came (HTTP status 0): the request and what went wrong; a
   * method without a path is no request line. */
  no_answer = g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                            "method", "GET",
                            "path", "/status",
                            "debug-message", "Could not connect: Connection refused",
                            "time", time,
                            NULL);
  no_answer_text = onboard_error_details_to_string (no_answer);
  g_assert_cmpstr (no_answer_text, ==,
                   "Time: 2026-09-01T07:15:30Z\n"
                   "Request: GET /status\n"
                   "Technical details: Could not connect: Connection refused\n");
  g_clear_object (&no_answer);
  g_clear_pointer (&no_answer_text, g_free);

  no_answer = g_object_new (ONBOARD_TYPE_ERROR_DETAILS, "method", "GET", "time", time, NULL);
  no_answer_text = onboard_error_details_to_string (no_answer);
  g_assert_null (strstr (no_answer_text, "Request"));
}

static void
test_values_literal (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 9, 1, 7, 15, 30);
  g_autoptr(OnboardErrorDetails) details = NULL;
  g_autofree char *text = NULL;

  /* What the service said is printed as it came, format directives and
   * markup included: the report is plain text. */
  details = g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                          "server-message", "100% <b>down</b> %s %n",
                          "time", time,
                          NULL);
  text = onboard_error_details_to_string (details);
  g_assert_nonnull (strstr (text, "Service message: 100% <b>down</b> %s %n\n"));
}

static void
test_getters (void)
{
  g_autoptr(OnboardFieldErrors) fields = fields_from ("{\"email\":[\"taken\"]}");
  g_autoptr(OnboardErrorDetails) details = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *server_code = NULL;
  guint http_status = 0;

  details = g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                          "method", "POST",
                          "path", "/signups",
                          "http-status", 429,
                          "request-id", "req_1",
                          "server-code", "rate_limited",
                          "server-message", "Slow down",
                          "debug-message", "HTTP 429",
                          "retry-after", 60,
                          "tls-issuer", "CN=Filter",
                          "fields", fields,
                          NULL);
  after = g_date_time_new_now_utc ();

  g_assert_cmpstr (onboard_error_details_get_method (details), ==, "POST");
  g_assert_cmpstr (onboard_error_details_get_path (details), ==, "/signups");
  g_assert_cmpuint (onboard_error_details_get_http_status (details), ==, 429);
  g_assert_cmpstr (onboard_error_details_get_request_id (details), ==, "req_1");
  g_assert_cmpstr (onboard_error_details_get_server_code (details), ==, "rate_limited");
  g_assert_cmpstr (onboard_error_details_get_server_message (details), ==, "Slow down");
  g_assert_cmpstr (onboard_error_details_get_debug_message (details), ==, "HTTP 429");
  g_assert_cmpuint (onboard_error_details_get_retry_after (details), ==, 60);
  g_assert_cmpstr (onboard_error_details_get_tls_issuer (details), ==, "CN=Filter");
  g_assert_true (onboard_error_details_get_fields (details) == fields);

  /* Without a time, the details are stamped when they are made. */
  g_assert_nonnull (onboard_error_details_get_time (details));
  g_assert_cmpint (g_date_time_compare (before, onboard_error_details_get_time (details)), <=, 0);
  g_assert_cmpint (g_date_time_compare (onboard_error_details_get_time (details), after), <=, 0);

  g_object_get (details, "http-status", &http_status, "server-code", &server_code, NULL);
  g_assert_cmpuint (http_status, ==, 429);
  g_assert_cmpstr (server_code, ==, "rate_limited");
}

/* The details of real failed requests, made by the client against the
 * reference server: the secrets the request carried (a password in the
 * body, a token, an invite code in the path) are in neither the details
 * nor the text support is given. */

static void
assert_no_secret (OnboardErrorDetails *details,
                  const char          *secret)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (details);
  text = onboard_error_details_to_string (details);
  g_test_message ("%s", text);
  g_assert_null (strstr (text, secret));
  g_assert_null (strstr (onboard_error_details_get_path (details), secret));
  if (onboard_error_details_get_debug_message (details) != NULL)
    g_assert_null (strstr (onboard_error_details_get_debug_message (details), secret));
}

static void
test_no_secrets (void)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardInviteCode) invite = NULL;
  OnboardErrorDetails *details;
  g_autofree char *text = NULL;

  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  client = onboard_client_new (onboard_sandbox_get_base_url (sandbox));
  onboard_client_set_retry_base_ms (client, 10);

  /* A wrong password: 401 invalid_grant. */
  onboard_client_sign_in_async (client, "office@oakfield.sch.uk", "Pa55word-Lemon-Tree",
                                NULL, store_result, &result);
  g_assert_false (onboard_client_sign_in_finish (client, await_result (&result), &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED);
  details = onboard_client_error_get_details (error);
  g_assert_cmpuint (onboard_error_details_get_http_status (details), ==, 401);
  g_assert_cmpstr (onboard_error_details_get_method (details), ==, "POST");
  g_assert_cmpstr (onboard_error_details_get_path (details), ==, "/oauth/token");
  text = onboard_error_details_to_string (details);
  g_assert_nonnull (strstr (text, "Error code: invalid_grant\n"));
  assert_no_secret (details, "Pa55word-Lemon-Tree");
  assert_no_secret (details, "password=");
  g_clear_error (&error);
  g_clear_object (&result);

  /* A sign-in token that the service does not know. */
  onboard_client_sign_in_with_signup_async (client, "sgn_0000", "st_Secret-Token-9981",
                                            NULL, store_result, &result);
  g_assert_false (onboard_client_sign_in_with_signup_finish (client, await_result (&result), &error));
  g_assert_nonnull (onboard_client_error_get_details (error));
  assert_no_secret (onboard_client_error_get_details (error), "st_Secret-Token-9981");
  g_clear_error (&error);
  g_clear_object (&result);

  /* An invite code nobody issued: 404, its code out of the path. */
  onboard_client_check_invite_code_async (client, "QX7KM2ZP9AB", NULL, store_result, &result);
  invite = onboard_client_check_invite_code_finish (client, await_result (&result), &error);
  g_assert_null (invite);
  g_assert_nonnull (onboard_client_error_get_details (error));
  g_assert_cmpuint (onboard_error_details_get_http_status (onboard_client_error_get_details (error)),
                    ==, 404);
  assert_no_secret (onboard_client_error_get_details (error), "QX7KM2ZP9AB");
  g_clear_error (&error);
  g_clear_object (&result);

  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/error-details/to-string-all", test_to_string_all);
  g_test_add_func ("/onboard/error-details/to-string-sparse", test_to_string_sparse);
  g_test_add_func ("/onboard/error-details/values-literal", test_values_literal);
  g_test_add_func ("/onboard/error-details/getters", test_getters);
  g_test_add_func ("/onboard/error-details/no-secrets", test_no_secrets);

  return g_test_run ();
}
