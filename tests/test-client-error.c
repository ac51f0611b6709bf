/* test-client-error.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-test-ui.h"

static OnboardErrorDetails *
details_new (guint       http_status,
             const char *server_code,
             guint       retry_after)
{
  return g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                       "method", "POST",
                       "path", "/signups",
                       "http-status", http_status,
                       "request-id", "req_abc123",
                       "server-code", server_code,
                       "server-message", "Something the service said",
                       "retry-after", retry_after,
                       NULL);
}

static void
return_stored_error (GTask *task)
{
  g_task_return_error (task, g_task_get_task_data (task));
}

static void
test_details_travel (void)
{
  g_autoptr(OnboardErrorDetails) details = details_new (503, "unavailable", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) propagated = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  error = onboard_client_error_new (ONBOARD_CLIENT_ERROR_SERVER, details, NULL);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_true (onboard_client_error_get_details (error) == details);

  /* Copies keep them... */
  copy = g_error_copy (error);
  g_assert_true (onboard_client_error_get_details (copy) == details);
  g_assert_cmpstr (copy->message, ==, error->message);

  /* ...and so does the trip through a GTask that every callback sees. */
  task = g_task_new (NULL, NULL, store_result, &result);
  g_task_set_task_data (task, g_error_copy (error), NULL);
  return_stored_error (task);
  await_result (&result);
  g_assert_false (g_task_propagate_boolean (G_TASK (result), &propagated));
  g_assert_true (onboard_client_error_get_details (propagated) == details);
  g_assert_cmpstr (onboard_error_details_get_request_id (details), ==, "req_abc123");

  /* Freeing the errors releases the details. */
  g_clear_error (&error);
  g_clear_error (&copy);
  g_clear_error (&propagated);
  g_clear_object (&result);
  g_clear_object (&task);
  g_assert_finalize_object (g_steal_pointer (&details));

  /* Errors of other domains have none. */
  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failed");
  g_assert_null (onboard_client_error_get_details (other));
  g_assert_null (onboard_client_error_get_fields (other));
  g_assert_cmpuint (onboard_client_error_get_retry_after (other), ==, 0);
  g_assert_null (onboard_client_error_get_details (NULL));
}

static void
test_messages (void)
{
  GEnumClass *klass = g_type_class_ref (ONBOARD_TYPE_CLIENT_ERROR);

  /* Every code has a sentence of its own that says what to do. */
  for (guint i = 0; i < klass->n_values; i++)
    {
      g_autoptr(GError) error = onboard_client_error_new (klass->values[i].value, NULL, NULL);

      g_test_message ("%s: %s", klass->values[i].value_nick, error->message);
      g_assert_cmpuint (strlen (error->message), >, 30);
      g_assert_true (g_str_has_suffix (error->message, "."));

      for (guint j = 0; j < i; j++)
        {
          g_autoptr(GError) earlier = onboard_client_error_new (klass->values[j].value, NULL, NULL);

          g_assert_cmpstr (earlier->message, !=, error->message);
        }
    }

  g_type_class_unref (klass);
}

/* A sentence that sends the user to support gives the number to call,
 * from the support-phone setting. */
static void
test_messages_give_support_phone (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GEnumClass *klass = g_type_class_ref (ONBOARD_TYPE_CLIENT_ERROR);
  const char *server_codes[] = { NULL, "school_already_registered", "invalid_state", "invalid_grant" };
  guint calls = 0;

  g_settings_set_string (settings, "support-phone", "01632 960123");

  for (guint i = 0; i < klass->n_values; i++)
    for (guint j = 0; j < G_N_ELEMENTS (server_codes); j++)
      {
        g_autoptr(OnboardErrorDetails) details = details_new (503, server_codes[j], 0);
        g_autoptr(GError) error = onboard_client_error_new (klass->values[i].value, details, NULL);
        g_autofree char *folded = g_utf8_strdown (error->message, -1);

        if (strstr (folded, "call") == NULL)
          continue;

        g_test_message ("%s/%s: %s", klass->values[i].value_nick, server_codes[j], error->message);
        g_assert_nonnull (strstr (error->message, "01632 960123"));
        calls++;
      }

  /* The server's 5xx, Groupcall's refusal, a bad request, a refusal and the
   * catch-all at least. */
  g_assert_cmpuint (calls, >=, 5);
  g_settings_reset (settings, "support-phone");
  g_type_class_unref (klass);
}

static void
test_message_variants (void)
{
  static const struct {
    OnboardClientError  code;
    const char         *server_code;
    guint               retry_after;
    const char         *expected;
  } cases[] = {
    { ONBOARD_CLIENT_ERROR_UNAUTHORISED, "invalid_grant", 0,
      "The email address or password is not right. Check them and try again." },
    { ONBOARD_CLIENT_ERROR_UNAUTHORISED, "invalid_token", 0,
      "You have been signed out. Please sign in again." },
    { ONBOARD_CLIENT_ERROR_CONFLICT, "school_already_registered", 0,
      "Another account has already registered this school. Call Assembly support on "
      SUPPORT_PHONE " to be given access." },
    { ONBOARD_CLIENT_ERROR_CONFLICT, "invalid_state", 0,
      "This cannot be done now, perhaps because it has already been done. Refresh to see "
      "where things stand." },
    { ONBOARD_CLIENT_ERROR_RATE_LIMITED, NULL, 1,
      "Too many attempts in a short time. Wait 1 second, then try again." },
    { ONBOARD_CLIENT_ERROR_RATE_LIMITED, NULL, 45,
      "Too many attempts in a short time. Wait 45 seconds, then try again." },
    { ONBOARD_CLIENT_ERROR_RATE_LIMITED, NULL, 601,
      "Too many attempts in a short time. Wait 11 minutes, then try again." },
    { ONBOARD_CLIENT_ERROR_RATE_LIMITED, NULL, 0,
      "Too many attempts in a short time. Wait a few minutes, then try again." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardErrorDetails) details = details_new (400, cases[i].server_code,
                                                            cases[i].retry_after);
      g_autoptr(GError) error = onboard_client_error_new (cases[i].code, details, NULL);

      g_assert_cmpstr (error->message, ==, cases[i].expected);
      g_assert_cmpuint (onboard_client_error_get_retry_after (error), ==, cases[i].retry_after);
    }
}

static void
test_report (void)
{
  g_autoptr(OnboardErrorDetails) details = details_new (503, "unavailable", 30);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) plain = NULL;
  g_autofree char *report = NULL;
  g_autofree char *plain_report = NULL;

  error = onboard_client_error_new (ONBOARD_CLIENT_ERROR_SERVER, details, "A sentence.");
  g_assert_cmpstr (error->message, ==, "A sentence.");

  report = onboard_client_error_dup_report (error);
  g_assert_true (g_str_has_prefix (report, "A sentence.\n\n"));
  g_assert_nonnull (strstr (report, "Request: POST /signups\n"));
  g_assert_nonnull (strstr (report, "HTTP status: 503\n"));
  g_assert_nonnull (strstr (report, "Request ID: req_abc123\n"));
  g_assert_nonnull (strstr (report, "Error code: unavailable\n"));
  g_assert_nonnull (strstr (report, "Service message: Something the service said\n"));
  g_assert_nonnull (strstr (report, "Retry after: 30 s\n"));
  g_assert_null (strstr (report, "Certificate issuer"));
  g_assert_null (strstr (report, "Fields"));

  plain = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Just this.");
  plain_report = onboard_client_error_dup_report (plain);
  g_assert_cmpstr (plain_report, ==, "Just this.");
}

static void
test_outcome_unknown (void)
{
  static const struct {
    OnboardClientError code;
    guint              http_status;
    gboolean           unknown;
  } cases[] = {
    { ONBOARD_CLIENT_ERROR_NETWORK, 0, TRUE },
    { ONBOARD_CLIENT_ERROR_TIMEOUT, 0, TRUE },
    { ONBOARD_CLIENT_ERROR_SERVER, 502, TRUE },
    { ONBOARD_CLIENT_ERROR_SERVER, 503, TRUE },
    { ONBOARD_CLIENT_ERROR_SERVER, 504, TRUE },
    /* The service may have acted before it failed. */
    { ONBOARD_CLIENT_ERROR_SERVER, 500, TRUE },
    /* It acted; only its answer was unreadable or too big. */
    { ONBOARD_CLIENT_ERROR_BAD_RESPONSE, 200, TRUE },
    { ONBOARD_CLIENT_ERROR_BAD_RESPONSE, 201, TRUE },
    { ONBOARD_CLIENT_ERROR_BAD_RESPONSE, 304, FALSE },
    { ONBOARD_CLIENT_ERROR_BAD_RESPONSE, 0, FALSE },
    { ONBOARD_CLIENT_ERROR_UPSTREAM, 502, FALSE },
    { ONBOARD_CLIENT_ERROR_INVALID_INPUT, 422, FALSE },
    { ONBOARD_CLIENT_ERROR_CONFLICT, 409, FALSE },
    { ONBOARD_CLIENT_ERROR_RATE_LIMITED, 429, FALSE },
    { ONBOARD_CLIENT_ERROR_INSECURE_URL, 0, FALSE },
  };
  g_autoptr(GError) cancelled = NULL;
  g_autoptr(GError) other = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardErrorDetails) details = details_new (cases[i].http_status, NULL, 0);
      g_autoptr(GError) error = onboard_client_error_new (cases[i].code, details, NULL);

      g_assert_cmpint (onboard_client_error_is_outcome_unknown (error), ==, cases[i].unknown);
    }

  /* The user gave up waiting: the request may have arrived. */
  cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_assert_true (onboard_client_error_is_outcome_unknown (cancelled));
  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failed");
  g_assert_false (onboard_client_error_is_outcome_unknown (other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/client-error/details-travel", test_details_travel);
  g_test_add_func ("/onboard/client-error/messages", test_messages);
  g_test_add_func ("/onboard/client-error/messages-give-support-phone", test_messages_give_support_phone);
  g_test_add_func ("/onboard/client-error/message-variants", test_message_variants);
  g_test_add_func ("/onboard/client-error/report", test_report);
  g_test_add_func ("/onboard/client-error/outcome-unknown", test_outcome_unknown);

  return g_test_run ();
}
