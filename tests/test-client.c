/* test-client.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "onboard-client.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-test-ui.h"

#define PASSWORD "correct horse battery 42"

/* The sandbox and the client share the default main context, as in the
 * app; every helper here iterates it until the callback has run. */

typedef struct
{
  OnboardSandbox *sandbox;
  OnboardClient  *client;
} Fixture;

/* Everything logged during the test binary's run, to prove that no secret
 * reaches a log. */
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

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  /* Retries back off by milliseconds here, not seconds. */
  onboard_client_set_retry_base_ms (fixture->client, 10);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_clear_object (&fixture->sandbox);
}

static guint
http_status_of (const GError *error)
{
  return onboard_error_details_get_http_status (onboard_client_error_get_details (error));
}

static const char *
server_code_of (const GError *error)
{
  return onboard_error_details_get_server_code (onboard_client_error_get_details (error));
}

/* Simple endpoints ----------------------------------------------------- */

static OnboardTerms *
get_terms (OnboardClient  *client,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_get_terms_async (client, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_get_terms_finish (client, result, error);
}

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  onboard_client_get_status_async (fixture->client, NULL, store_result, &result);
  await_result (&result);
  status = onboard_client_get_status_finish (fixture->client, result, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (onboard_service_status_get_status (status), ==, "ok");
  g_assert_cmpstr (onboard_service_status_get_terms_version (status), ==, "2026-09");
  g_assert_nonnull (onboard_service_status_get_server_time (status));
  g_assert_nonnull (onboard_service_status_get_date (status));
  g_assert_cmpint (ABS (g_date_time_difference (now, onboard_service_status_get_date (status))),
                   <, 60 * G_TIME_SPAN_SECOND);
}

static void
test_terms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(OnboardTerms) again = NULL;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_set_terms_version (fixture->sandbox, "2027-01");

  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_terms_get_version (terms), ==, "2027-01");
  g_assert_nonnull (onboard_terms_get_title (terms));
  g_assert_cmpuint (strlen (onboard_terms_get_text (terms)), >, 100);

  /* The second read revalidates with the ETag and gets the same terms. */
  again = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_terms_get_text (again), ==, onboard_terms_get_text (terms));
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 304"), ==, 1);
}

static OnboardInviteCode *
check_invite (OnboardClient  *client,
              const char     *code,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_check_invite_code_async (client, code, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_check_invite_code_finish (client, result, error);
}

static void
test_invite_code (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnboardInviteCode) booking = NULL;
  g_autoptr(OnboardInviteCode) expired = NULL;
  g_autoptr(OnboardInviteCode) used = NULL;
  g_autoptr(OnboardInviteCode) unknown = NULL;
  g_autoptr(OnboardInviteCode) empty = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  /* Typed in lower case with the spaces and dashes of the email. */
  booking = check_invite (fixture->client, " demo - booking ", &error);
  g_assert_no_error (error);
  g_assert_true (onboard_invite_code_get_valid (booking));
  g_assert_cmpint (onboard_invite_code_get_reason (booking), ==, ONBOARD_INVITE_CODE_REASON_NONE);
  g_assert_true (onboard_invite_code_includes_app (booking, "schoolbooking"));
  g_assert_true (onboard_invite_code_includes_app (booking, "assembly"));
  g_assert_nonnull (onboard_invite_code_get_organisation (booking));

  expired = check_invite (fixture->client, "DEMO-EXPIRED", &error);
  g_assert_no_error (error);
  g_assert_false (onboard_invite_code_get_valid (expired));
  g_assert_cmpint (onboard_invite_code_get_reason (expired), ==,
                   ONBOARD_INVITE_CODE_REASON_EXPIRED);

  used = check_invite (fixture->client, "demo-used", &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_invite_code_get_reason (used), ==,
                   ONBOARD_INVITE_CODE_REASON_ALREADY_USED);

  unknown = check_invite (fixture->client, "NOPE-NOPE-NOPE", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND);
  g_assert_null (unknown);
  g_assert_cmpuint (http_status_of (error), ==, 404);
  g_clear_error (&error);

  /* Nothing to ask about: refused without a request. */
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  empty = check_invite (fixture->client, " - ", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT);
  g_assert_true (onboard_field_errors_has_error (onboard_client_error_get_fields (error),
                                                 "invite_code", "invalid"));
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), ==, requests);

  /* The code itself never reaches the log. */
  g_assert_cmpuint (count_log_lines (fixture->client, "DEMO"), ==, 0);
  g_assert_cmpuint (count_log_lines (fixture->client, "NOPE"), ==, 0);
  g_assert_cmpuint (count_log_lines (fixture->client, "/invite_codes/{code}"), ==, 4);
}

/* Sign-up, activation, sign-in ------------------------------------------- */

static OnboardSignup *
create_signup (OnboardClient  *client,
               const char     *invite_code,
               const char     *email,
               const char     *password,
               const char     *key,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_create_signup_async (client, invite_code, email, password, TRUE, "2026-09", key,
                                      NULL, store_result, &result);
  await_result (&result);

  return onboard_client_create_signup_finish (client, result, error);
}

static OnboardSignup *
get_signup (OnboardClient  *client,
            OnboardSignup  *signup,
            const char     *token,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_get_signup_async (client, onboard_signup_get_id (signup), token,
                                   NULL, store_result, &result);
  await_result (&result);

  return onboard_client_get_signup_finish (client, result, error);
}

static gboolean
sign_in_with_signup (OnboardClient  *client,
                     OnboardSignup  *signup,
                     const char     *token,
                     GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_sign_in_with_signup_async (client, onboard_signup_get_id (signup), token,
                                            NULL, store_result, &result);
  await_result (&result);

  return onboard_client_sign_in_with_signup_finish (client, result, error);
}

static gboolean
sign_in (OnboardClient  *client,
         const char     *email,
         const char     *password,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_sign_in_async (client, email, password, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_sign_in_finish (client, result, error);
}

static OnboardAccount *
get_account (OnboardClient  *client,
             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_get_account_async (client, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_get_account_finish (client, result, error);
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

static void
test_signup_flow (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardSignup) pending = NULL;
  g_autoptr(OnboardSignup) unchanged = NULL;
  g_autoptr(OnboardSignup) active = NULL;
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint tokens_changed = 0;

  g_signal_connect (fixture->client, "tokens-changed",
                    G_CALLBACK (count_signal), &tokens_changed);

  signup = create_signup (fixture->client, "demo-booking", "office@oakfield.sch.uk", PASSWORD,
                          NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (onboard_signup_get_id (signup), "sgn_"));
  g_assert_cmpstr (onboard_signup_get_email (signup), ==, "office@oakfield.sch.uk");
  g_assert_cmpint (onboard_signup_get_status (signup), ==,
                   ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION);
  g_assert_true (g_strv_contains (onboard_signup_get_apps (signup), "schoolbooking"));
  g_assert_nonnull (onboard_signup_get_resend_available_at (signup));
  g_assert_nonnull (onboard_signup_get_activation_expires_at (signup));
  token = g_strdup (onboard_signup_get_signup_token (signup));
  g_assert_nonnull (token);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 1);

  pending = get_signup (fixture->client, signup, token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_signup_get_status (pending), ==,
                   ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION);
  g_assert_cmpuint (onboard_signup_get_retry_after (pending), ==, 5);

  /* Polling again costs a 304, answered from the cache. */
  unchanged = get_signup (fixture->client, signup, token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_signup_get_status (unchanged), ==,
                   ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION);
  g_assert_cmpstr (onboard_signup_get_id (unchanged), ==, onboard_signup_get_id (signup));
  g_assert_cmpuint (count_log_lines (fixture->client, " 304 "), ==, 1);

  /* Not activated yet: the signup grant is refused. */
  g_assert_false (sign_in_with_signup (fixture->client, signup, token, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_ACTIVATED);
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpuint (tokens_changed, ==, 0);
  g_clear_error (&error);

  onboard_sandbox_activate_signup (fixture->sandbox, onboard_signup_get_id (signup), &error);
  g_assert_no_error (error);

  active = get_signup (fixture->client, signup, token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_signup_get_status (active), ==, ONBOARD_SIGNUP_STATUS_ACTIVE);
  g_assert_nonnull (onboard_signup_get_activated_at (active));

  g_assert_true (sign_in_with_signup (fixture->client, signup, token, &error));
  g_assert_no_error (error);
  g_assert_true (onboard_client_get_signed_in (fixture->client));
  g_assert_nonnull (onboard_client_get_access_token (fixture->client));
  g_assert_nonnull (onboard_client_get_refresh_token (fixture->client));
  g_assert_cmpuint (tokens_changed, ==, 1);

  account = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (account), ==, "office@oakfield.sch.uk");
  g_assert_null (onboard_account_get_school_registration (account));

  onboard_client_sign_out (fixture->client);
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpuint (tokens_changed, ==, 2);

  /* Nothing of the password, the tokens or the invite code in any log. */
  g_assert_null (strstr (captured_log->str, PASSWORD));
  g_assert_null (strstr (captured_log->str, token));
  g_assert_null (strstr (captured_log->str, "DEMOBOOKING"));
}

static void
test_signup_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardSignup) taken = NULL;
  g_autoptr(GError) error = NULL;
  OnboardFieldErrors *fields;
  g_autofree char *message = NULL;

  signup = create_signup (fixture->client, "DEMO-EXPIRED", "not an address", "short",
                          NULL, &error);
  g_assert_null (signup);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT);

  fields = onboard_client_error_get_fields (error);
  g_assert_nonnull (fields);
  g_assert_true (onboard_field_errors_has_error (fields, "email", "invalid"));
  g_assert_true (onboard_field_errors_has_error (fields, "password", "too_short"));
  g_assert_true (onboard_field_errors_has_error (fields, "invite_code", "expired"));
  g_assert_false (onboard_field_errors_has_error (fields, "accept_terms", NULL));

  message = onboard_field_errors_dup_message (fields, "password");
  g_assert_cmpstr (message, ==, "Use at least 10 characters.");
  g_assert_cmpuint (http_status_of (error), ==, 422);
  g_assert_cmpstr (server_code_of (error), ==, "validation_failed");
  g_clear_error (&error);

  onboard_sandbox_add_account (fixture->sandbox, "head@oakfield.sch.uk", PASSWORD, &error);
  g_assert_no_error (error);

  taken = create_signup (fixture->client, "DEMO-ASSEMBLY", "head@oakfield.sch.uk", PASSWORD,
                         NULL, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT);
  g_assert_true (onboard_field_errors_has_error (onboard_client_error_get_fields (error),
                                                 "email", "taken"));
}

static void
test_signup_dropped_response (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  /* The service creates the sign-up, then the connection drops before the
   * answer arrives; the retry carries the same key and gets the first
   * answer replayed. */
  add_fault (fixture->sandbox, "{\"path\":\"/signups\",\"method\":\"POST\",\"drop\":true,\"count\":1}");

  signup = create_signup (fixture->client, "DEMO-ASSEMBLY", "bursar@oakfield.sch.uk", PASSWORD,
                          NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signup);

  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups network error"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /signups 201"), ==, 1);
}

static void
test_signup_same_key (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnboardSignup) first = NULL;
  g_autoptr(OnboardSignup) second = NULL;
  g_autoptr(OnboardSignup) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = onboard_client_new_idempotency_key ();
  g_autofree char *other_key = onboard_client_new_idempotency_key ();

  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_cmpstr (key, !=, other_key);

  /* The user pressed Sign up, saw an error, and pressed it again. */
  first = create_signup (fixture->client, "DEMO-ASSEMBLY", "clerk@oakfield.sch.uk", PASSWORD,
                         key, &error);
  g_assert_no_error (error);
  second = create_signup (fixture->client, "DEMO-ASSEMBLY", "clerk@oakfield.sch.uk", PASSWORD,
                          key, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_signup_get_id (first), ==, onboard_signup_get_id (second));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 1);

  /* A new key is a new request. */
  other = create_signup (fixture->client, "DEMO-ASSEMBLY", "clerk2@oakfield.sch.uk", PASSWORD,
                         other_key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_signup_get_id (other), !=, onboard_signup_get_id (first));
  g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, 2);
}

static OnboardSignup *
resend_activation (OnboardClient  *client,
                   OnboardSignup  *signup,
                   const char     *token,
                   GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_resend_activation_async (client, onboard_signup_get_id (signup), token, NULL,
                                          NULL, store_result, &result);
  await_result (&result);

  return onboard_client_resend_activation_finish (client, result, error);
}

static void
test_resend_activation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardSignup) resent = NULL;
  g_autoptr(OnboardSignup) too_soon = NULL;
  g_autoptr(OnboardSignup) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  onboard_sandbox_set_signup_resend_cooldown (fixture->sandbox, 0);

  signup = create_signup (fixture->client, "DEMO-ASSEMBLY", "admin@oakfield.sch.uk", PASSWORD,
                          NULL, &error);
  g_assert_no_error (error);
  token = g_strdup (onboard_signup_get_signup_token (signup));

  resent = resend_activation (fixture->client, signup, token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_signup_get_id (resent), ==, onboard_signup_get_id (signup));
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, 2);

  /* A cooldown too long to sit through is handed to the page. */
  onboard_sandbox_set_signup_resend_cooldown (fixture->sandbox, 600);
  g_clear_object (&resent);
  resent = resend_activation (fixture->client, signup, token, &error);
  g_assert_no_error (error);

  too_soon = resend_activation (fixture->client, signup, token, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (onboard_client_error_get_retry_after (error), >, 60);
  g_assert_cmpuint (onboard_client_error_get_retry_after (error), <=, 600);
  g_assert_nonnull (strstr (error->message, "minutes"));
  g_clear_error (&error);

  onboard_sandbox_activate_signup (fixture->sandbox, onboard_signup_get_id (signup), &error);
  g_assert_no_error (error);

  after = resend_activation (fixture->client, signup, token, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (server_code_of (error), ==, "invalid_state");
}

static void
test_sign_in_password (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (fixture->sandbox, "office@elm.sch.uk", PASSWORD, &error);
  g_assert_no_error (error);

  g_assert_false (sign_in (fixture->client, "office@elm.sch.uk", "wrong password!", &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED);
  g_assert_cmpstr (server_code_of (error), ==, "invalid_grant");
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_clear_error (&error);

  g_assert_true (sign_in (fixture->client, "office@elm.sch.uk", PASSWORD, &error));
  g_assert_no_error (error);

  account = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (account), ==, "office@elm.sch.uk");

  g_assert_null (strstr (captured_log->str, PASSWORD));
  g_assert_null (strstr (captured_log->str, "wrong password!"));
}

static void
signed_in_account (Fixture    *fixture,
                   const char *email)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (fixture->sandbox, email, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (sign_in (fixture->client, email, PASSWORD, &error));
  g_assert_no_error (error);
}

static void
test_token_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OnboardAccount) first = NULL;
  g_autoptr(GAsyncResult) result_a = NULL;
  g_autoptr(GAsyncResult) result_b = NULL;
  g_autoptr(OnboardAccount) account_a = NULL;
  g_autoptr(OnboardAccount) account_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_token = NULL;
  guint tokens_changed = 0;
  guint requests;

  signed_in_account (fixture, "office@ash.sch.uk");
  old_token = g_strdup (onboard_client_get_access_token (fixture->client));

  g_signal_connect (fixture->client, "tokens-changed",
                    G_CALLBACK (count_signal), &tokens_changed);

  g_assert_cmpuint (onboard_sandbox_expire_access_tokens (fixture->sandbox), ==, 1);

  /* 401 invalid_token, one refresh, the same request again. */
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  first = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (first), ==, "office@ash.sch.uk");
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 3);
  g_assert_cmpuint (tokens_changed, ==, 1);
  g_assert_cmpstr (onboard_client_get_access_token (fixture->client), !=, old_token);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /oauth/token 200"), ==, 2);

  /* Two requests failing at once share a single refresh. */
  g_assert_cmpuint (onboard_sandbox_expire_access_tokens (fixture->sandbox), ==, 1);
  onboard_client_get_account_async (fixture->client, NULL, store_result, &result_a);
  onboard_client_get_account_async (fixture->client, NULL, store_result, &result_b);
  await_result (&result_a);
  await_result (&result_b);
  account_a = onboard_client_get_account_finish (fixture->client, result_a, &error);
  g_assert_no_error (error);
  account_b = onboard_client_get_account_finish (fixture->client, result_b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tokens_changed, ==, 2);
  g_assert_cmpuint (count_log_lines (fixture->client, "POST /oauth/token 200"), ==, 3);

  g_assert_null (strstr (captured_log->str, onboard_client_get_access_token (fixture->client)));
  g_assert_null (strstr (captured_log->str, onboard_client_get_refresh_token (fixture->client)));
}

static void
test_refresh_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint tokens_changed = 0;

  /* Tokens from the keyring that the service no longer knows. */
  onboard_client_set_tokens (fixture->client, "at_stale", "rt_stale");
  g_signal_connect (fixture->client, "tokens-changed",
                    G_CALLBACK (count_signal), &tokens_changed);

  account = get_account (fixture->client, &error);
  g_assert_null (account);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED);
  g_assert_cmpstr (error->message, ==, "You have been signed out. Please sign in again.");
  g_assert_false (onboard_client_get_signed_in (fixture->client));
  g_assert_null (onboard_client_get_refresh_token (fixture->client));
  g_assert_cmpuint (tokens_changed, ==, 1);
  g_clear_error (&error);

  /* Without any token, /me is simply unauthorised. */
  g_clear_object (&account);
  account = get_account (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED);
}

/* School directory, MIS, registration, connector ------------------------ */

static GBytes *
fetch_schools (OnboardClient  *client,
               const char     *etag,
               gboolean        include_closed,
               char          **new_etag,
               gboolean       *not_modified,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_fetch_schools_async (client, etag, include_closed, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_fetch_schools_finish (client, result, new_etag, not_modified, error);
}

static char *
first_urn (GBytes *body,
           guint   index)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >, index);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (array, index),
                                                  "urn"));
}

static void
test_schools (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) open = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *same_etag = NULL;
  g_autofree char *all_etag = NULL;
  g_autofree char *urn = NULL;
  gboolean not_modified = TRUE;

  open = fetch_schools (fixture->client, NULL, FALSE, &etag, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_false (not_modified);
  g_assert_nonnull (etag);
  g_assert_cmpuint (g_bytes_get_size (open), >, 1000000);
  urn = first_urn (open, 0);
  g_assert_cmpuint (strlen (urn), ==, 6);

  /* A returning user downloads nothing. */
  again = fetch_schools (fixture->client, etag, FALSE, &same_etag, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_null (again);
  g_assert_true (not_modified);
  g_assert_cmpstr (same_etag, ==, etag);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /schools 304"), ==, 1);

  all = fetch_schools (fixture->client, NULL, TRUE, &all_etag, &not_modified, &error);
  g_assert_no_error (error);
  g_assert_false (not_modified);
  g_assert_cmpuint (g_bytes_get_size (all), >, g_bytes_get_size (open));
  g_assert_cmpstr (all_etag, !=, etag);

  /* The parameter's name helps support; its value is not kept. */
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /schools?include_closed 200"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "true"), ==, 0);
}

static void
test_mis_providers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) providers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardMisProvider) sims = NULL;
  g_autoptr(OnboardMisProvider) isams = NULL;

  onboard_client_list_mis_providers_async (fixture->client, NULL, store_result, &result);
  await_result (&result);
  providers = onboard_client_list_mis_providers_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (providers), ==, 5);
  g_assert_true (g_list_model_get_item_type (providers) == ONBOARD_TYPE_MIS_PROVIDER);

  sims = g_list_model_get_item (providers, 0);
  g_assert_cmpstr (onboard_mis_provider_get_id (sims), ==, "sims");
  g_assert_cmpstr (onboard_mis_provider_get_name (sims), ==, "SIMS");
  g_assert_false (onboard_mis_provider_get_schoolbooking_supported (sims));
  g_assert_true (g_strv_contains (onboard_mis_provider_get_connection_methods (sims), "xod"));

  isams = g_list_model_get_item (providers, 3);
  g_assert_cmpstr (onboard_mis_provider_get_id (isams), ==, "isams");
  g_assert_true (onboard_mis_provider_get_schoolbooking_supported (isams));
}

static OnboardSchoolRegistration *
register_school (OnboardClient  *client,
                 const char     *urn,
                 const char     *mis,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_create_school_registration_async (client, urn, mis, NULL,
                                                   NULL, store_result, &result);
  await_result (&result);

  return onboard_client_create_school_registration_finish (client, result, error);
}

static OnboardConnector *
get_connector (OnboardClient  *client,
               const char     *id,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_get_connector_async (client, id, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_get_connector_finish (client, result, error);
}

static OnboardConnector *
change_mis (OnboardClient  *client,
            const char     *id,
            const char     *mis,
            const char     *etag,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_change_mis_provider_async (client, id, mis, etag, NULL, store_result, &result);
  await_result (&result);

  return onboard_client_change_mis_provider_finish (client, result, error);
}

static OnboardConnector *
grant_access (OnboardClient  *client,
              const char     *id,
              const char     *name,
              const char     *email,
              gboolean        accept,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_client_grant_access_async (client, id, name, email, accept, NULL,
                                     NULL, store_result, &result);
  await_result (&result);

  return onboard_client_grant_access_finish (client, result, error);
}

static char *
school_urn (Fixture *fixture,
            guint    index)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = fetch_schools (fixture->client, NULL, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);

  return first_urn (body, index);
}

static void
test_registration_and_connector (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(OnboardConnector) cached = NULL;
  g_autoptr(OnboardConnector) changed = NULL;
  g_autoptr(OnboardConnector) stale = NULL;
  g_autoptr(OnboardConnector) granted = NULL;
  g_autoptr(OnboardConnector) too_late = NULL;
  g_autoptr(OnboardConnector) resent = NULL;
  g_autoptr(OnboardConnector) refused = NULL;
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *urn = school_urn (fixture, 0);
  g_autofree char *first_etag = NULL;
  const char *id;

  signed_in_account (fixture, "office@birch.sch.uk");

  registration = register_school (fixture->client, urn, "sims", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (onboard_school_registration_get_id (registration), "reg_"));
  g_assert_cmpstr (onboard_school_registration_get_urn (registration), ==, urn);
  g_assert_nonnull (onboard_school_registration_get_school_name (registration));
  g_assert_cmpstr (onboard_school_registration_get_mis_provider (registration), ==, "sims");
  g_assert_cmpint (onboard_school_registration_get_assembly (registration), ==,
                   ONBOARD_APP_AVAILABILITY_INCLUDED);
  g_assert_cmpint (onboard_school_registration_get_connector_status (registration), ==,
                   ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);
  id = onboard_school_registration_get_connector_id (registration);
  g_assert_true (g_str_has_prefix (id, "con_"));

  /* Where a returning user stands. */
  account = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_school_registration_get_connector_id (
                     onboard_account_get_school_registration (account)), ==, id);

  connector = get_connector (fixture->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_connector_get_id (connector), ==, id);
  g_assert_cmpint (onboard_connector_get_status (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);
  g_assert_cmpstr (onboard_connector_get_urn (connector), ==, urn);
  g_assert_cmpstr (onboard_connector_get_mis_provider (connector), ==, "sims");
  g_assert_cmpstr (onboard_connector_get_method (connector), ==, "xod");
  g_assert_cmpuint (onboard_connector_get_poll_interval (connector), ==, 15);
  g_assert_nonnull (onboard_connector_get_etag (connector));
  first_etag = g_strdup (onboard_connector_get_etag (connector));

  cached = get_connector (fixture->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (cached), ==,
                   ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);
  g_assert_cmpstr (onboard_connector_get_etag (cached), ==, first_etag);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /connectors/"), ==, 2);
  g_assert_cmpuint (count_log_lines (fixture->client, " 304 "), ==, 1);

  /* Before Grant Access the MIS can change, guarded by the ETag. */
  changed = change_mis (fixture->client, id, "cmis", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_connector_get_mis_provider (changed), ==, "cmis");

  stale = change_mis (fixture->client, id, "arbor", first_etag, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  granted = grant_access (fixture->client, id, "Jo Bloggs", "jo.bloggs@birch.sch.uk", TRUE,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (granted), ==,
                   ONBOARD_CONNECTOR_STATUS_INVITATION_SENT);
  g_assert_cmpuint (onboard_connector_get_retry_after (granted), ==, 10);
  g_assert_nonnull (onboard_connector_get_invitation_sent_at (granted));
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "groupcall_invitation"),
                    ==, 1);

  too_late = change_mis (fixture->client, id, "arbor", onboard_connector_get_etag (granted),
                         &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Resending within 10 minutes: the wait goes to the page. */
  onboard_client_resend_invitation_async (fixture->client, id, NULL, NULL, store_result, &result);
  await_result (&result);
  resent = onboard_client_resend_invitation_finish (fixture->client, result, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (onboard_client_error_get_retry_after (error), >, 500);
  g_clear_error (&error);

  refused = grant_access (fixture->client, id, NULL, "not-an-address", FALSE, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT);
  g_assert_true (onboard_field_errors_has_error (onboard_client_error_get_fields (error),
                                                 "send_to.email", "invalid"));
  g_assert_true (onboard_field_errors_has_error (onboard_client_error_get_fields (error),
                                                 "accept_groupcall_usage_policy", "must_accept"));
}

static void
test_registration_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnboardSchoolRegistration) first = NULL;
  g_autoptr(OnboardSchoolRegistration) taken = NULL;
  g_autoptr(OnboardSchoolRegistration) unknown = NULL;
  g_autoptr(OnboardSchoolRegistration) bad_mis = NULL;
  g_autoptr(OnboardConnector) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *urn = school_urn (fixture, 1);
  g_autofree char *other_urn = school_urn (fixture, 2);

  signed_in_account (fixture, "office@cedar.sch.uk");
  first = register_school (fixture->client, urn, "arbor", &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_school_registration_get_schoolbooking (first), !=,
                   ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS);

  /* Another account, the same school. */
  onboard_client_sign_out (fixture->client);
  signed_in_account (fixture, "office@cedar-two.sch.uk");
  taken = register_school (fixture->client, urn, "sims", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT);
  g_assert_cmpstr (server_code_of (error), ==, "school_already_registered");
  g_assert_nonnull (strstr (error->message, SUPPORT_PHONE));
  g_clear_error (&error);

  unknown = register_school (fixture->client, "999999", "sims", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  bad_mis = register_school (fixture->client, other_urn, "abacus", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT);
  g_assert_true (onboard_field_errors_has_error (onboard_client_error_get_fields (error),
                                                 "mis_provider", "unsupported"));
  g_clear_error (&error);

  missing = get_connector (fixture->client, "con_does/not exist", &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpstr (onboard_error_details_get_path (onboard_client_error_get_details (error)), ==,
                   "/connectors/con_does%2Fnot%20exist");
}

static void
test_grant_access_upstream (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(OnboardConnector) failed = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *urn = school_urn (fixture, 3);
  g_autofree char *path = NULL;
  g_autofree char *fault = NULL;
  const char *id;
  guint requests;

  signed_in_account (fixture, "office@oak.sch.uk");
  registration = register_school (fixture->client, urn, "isams", &error);
  g_assert_no_error (error);
  id = onboard_school_registration_get_connector_id (registration);

  path = g_strdup_printf ("/connectors/%s/grant_access", id);
  fault = g_strdup_printf ("{\"path\":\"%s\",\"status\":502}", path);
  add_fault (fixture->sandbox, fault);

  /* Groupcall's refusal is final for this key: reported, not retried. */
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  failed = grant_access (fixture->client, id, NULL, NULL, TRUE, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UPSTREAM);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 1);
  g_assert_nonnull (strstr (error->message, "Groupcall"));
  g_clear_error (&error);

  connector = get_connector (fixture->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED);
}

static void
test_unknown_connector_status (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  add_fault (fixture->sandbox,
             "{\"path\":\"/connectors/con_future\",\"status\":200,\"body\":"
             "\"{\\\"object\\\":\\\"connector\\\",\\\"id\\\":\\\"con_future\\\","
             "\\\"status\\\":\\\"teleporting\\\",\\\"status_reason\\\":\\\"solar_flare\\\","
             "\\\"sync\\\":{\\\"last_sync_status\\\":\\\"partial\\\"},"
             "\\\"poll_interval_seconds\\\":30}\"}");

  connector = get_connector (fixture->client, "con_future", &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (connector), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpstr (onboard_connector_get_status_string (connector), ==, "teleporting");
  g_assert_cmpint (onboard_connector_get_status_reason (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN);
  g_assert_cmpint (onboard_connector_get_last_sync_status (connector), ==,
                   ONBOARD_SYNC_STATUS_UNKNOWN);
  g_assert_cmpuint (onboard_connector_get_poll_interval (connector), ==, 30);
}

/* Errors, faults and retries ------------------------------------------- */

typedef struct
{
  guint               status;
  const char         *extra;
  OnboardClientError  code;
} StatusCase;

static void
test_error_codes (Fixture       *fixture,
                  gconstpointer  data)
{
  static const StatusCase cases[] = {
    { 400, NULL, ONBOARD_CLIENT_ERROR_BAD_REQUEST },
    { 401, NULL, ONBOARD_CLIENT_ERROR_UNAUTHORISED },
    { 403, NULL, ONBOARD_CLIENT_ERROR_FORBIDDEN },
    { 404, NULL, ONBOARD_CLIENT_ERROR_NOT_FOUND },
    { 406, NULL, ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION },
    { 409, NULL, ONBOARD_CLIENT_ERROR_CONFLICT },
    { 410, NULL, ONBOARD_CLIENT_ERROR_GONE },
    { 422, NULL, ONBOARD_CLIENT_ERROR_INVALID_INPUT },
    { 429, ",\"retry_after\":3600", ONBOARD_CLIENT_ERROR_RATE_LIMITED },
    { 500, NULL, ONBOARD_CLIENT_ERROR_SERVER },
    { 502, NULL, ONBOARD_CLIENT_ERROR_UPSTREAM },
    { 503, NULL, ONBOARD_CLIENT_ERROR_SERVER },
    { 504, NULL, ONBOARD_CLIENT_ERROR_SERVER },
    { 418, NULL, ONBOARD_CLIENT_ERROR_BAD_REQUEST },
    { 302, NULL, ONBOARD_CLIENT_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardTerms) terms = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *fault = NULL;
      OnboardErrorDetails *details;

      g_test_message ("HTTP %u", cases[i].status);

      /* count 0: until cleared, so every retry meets it too. */
      fault = g_strdup_printf ("{\"path\":\"/terms\",\"status\":%u,\"count\":0%s}",
                               cases[i].status, cases[i].extra ? cases[i].extra : "");
      add_fault (fixture->sandbox, fault);

      terms = get_terms (fixture->client, &error);
      g_assert_null (terms);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, (int)cases[i].code);

      /* What support needs, and a sentence for the user. */
      details = onboard_client_error_get_details (error);
      g_assert_nonnull (details);
      g_assert_cmpuint (onboard_error_details_get_http_status (details), ==, cases[i].status);
      g_assert_true (g_str_has_prefix (onboard_error_details_get_request_id (details), "req_"));
      g_assert_cmpstr (onboard_error_details_get_method (details), ==, "GET");
      g_assert_cmpstr (onboard_error_details_get_path (details), ==, "/terms");
      g_assert_true (onboard_client_get_last_error_details (fixture->client) == details);
      g_assert_cmpuint (strlen (error->message), >, 20);
      g_assert_true (g_str_has_suffix (error->message, "."));

      onboard_sandbox_clear_faults (fixture->sandbox);
    }
}

static void
test_retry_502 (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* Retried: 502, 503 and 504 are passing faults of a gateway. */
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":502,\"count\":1}");

  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (terms);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 502"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 200"), ==, 1);
}

static void
test_no_retry_500 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OnboardTerms) failed = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* Not retried, as the spec says: a 500 is a bug on the service's side
   * that asking again does not fix. */
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":500,\"count\":1}");

  failed = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_cmpstr (server_code_of (error), ==, "server_error");
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms"), ==, 1);
  g_clear_error (&error);

  /* The user's "Try again" works. */
  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
}

static void
test_retry_exhausted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnboardTerms) failed = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  guint requests = onboard_sandbox_get_request_count (fixture->sandbox);

  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":503,\"count\":3}");

  /* The first try and two retries meet the three faults. */
  failed = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 3);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 503"), ==, 3);
  g_clear_error (&error);

  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
}

static void
test_rate_limited_wait (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":429,\"retry_after\":1,\"count\":1}");

  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (terms);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 429"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 200"), ==, 1);

  /* It honoured Retry-After rather than its own 10 ms backoff. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 900 * G_TIME_SPAN_MILLISECOND);
}

static void
test_rate_limited_period (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* No Retry-After: Assembly's data.period (300 s) decides, which is too
   * long to wait silently. */
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":429,\"count\":1}");

  terms = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (onboard_client_error_get_retry_after (error), ==, 300);
  g_assert_cmpstr (error->message, ==,
                   "Too many attempts in a short time. Wait 5 minutes, then try again.");
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"path\":\"/terms\",\"body\":\"{not json\"}",
    "{\"path\":\"/terms\",\"body\":\"  \"}",
    "{\"path\":\"/terms\",\"body\":\"[1,2,3]\"}",
    "{\"path\":\"/terms\",\"body\":\"{\\\"object\\\":\\\"terms\\\",\\\"version\\\":2026}\"}",
    "{\"path\":\"/terms\",\"body\":\"{\\\"object\\\":\\\"status\\\",\\\"version\\\":\\\"1\\\"}\"}",
    "{\"path\":\"/terms\",\"body\":\"{\\\"object\\\":\\\"terms\\\",\\\"version\\\":\\\"1\\\"}\"}",
    "{\"path\":\"/terms\",\"body\":\"<html><body>Blocked by your web filter</body></html>\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(OnboardTerms) terms = NULL;
      g_autoptr(GError) error = NULL;

      add_fault (fixture->sandbox, bodies[i]);

      terms = get_terms (fixture->client, &error);
      g_assert_null (terms);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
      g_assert_nonnull (onboard_error_details_get_debug_message (
                          onboard_client_error_get_details (error)));
    }
}

static void
test_unexpected_values (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const bodies[] = {
    /* an absurd interval */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\","
    "\\\"poll_interval_seconds\\\":99999999999999}",
    /* a number too big for any integer */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\","
    "\\\"poll_interval_seconds\\\":1e400}",
    /* a fraction */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\",\\\"poll_interval_seconds\\\":1.5}",
    /* a status that is not a string */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":7}",
    /* no id */
    "{\\\"status\\\":\\\"syncing\\\"}",
    /* a time that is not a time */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\","
    "\\\"status_changed_at\\\":\\\"yesterday\\\"}",
    /* scopes that are not strings */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\","
    "\\\"authorisation\\\":{\\\"scopes\\\":[1,2]}}",
    /* a sub-object that is not an object */
    "{\\\"id\\\":\\\"con_x\\\",\\\"status\\\":\\\"syncing\\\",\\\"sync\\\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(OnboardConnector) connector = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *fault = NULL;

      fault = g_strdup_printf ("{\"path\":\"/connectors/con_x\",\"body\":\"%s\"}", bodies[i]);
      add_fault (fixture->sandbox, fault);

      connector = get_connector (fixture->client, "con_x", &error);
      g_assert_null (connector);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_dropped_connection (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(OnboardTerms) failed = NULL;
  g_autoptr(GError) error = NULL;

  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"drop\":true,\"count\":1}");

  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms network error"), ==, 1);

  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"drop\":true,\"count\":0}");
  failed = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms network error"), ==, 4);
  g_assert_cmpuint (http_status_of (error), ==, 0);
}

static void
test_server_gone (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* A client for the fixture's sandbox, which then stops listening. */
  client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (client, 10);
  g_clear_object (&fixture->sandbox);

  terms = get_terms (client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (count_log_lines (client, "network error"), ==, 3);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  guint requests = onboard_sandbox_get_request_count (fixture->sandbox);

  onboard_client_set_timeout (fixture->client, 1);
  g_assert_cmpuint (onboard_client_get_timeout (fixture->client), ==, 1);
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"delay_ms\":3000,\"count\":0}");

  terms = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TIMEOUT);

  /* Not retried: the user would wait three timeouts. */
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms timed out"), ==, 1);

  /* Let the delayed answer go before the sandbox is torn down. */
  onboard_sandbox_clear_faults (fixture->sandbox);
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel_request (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"delay_ms\":5000}");

  onboard_client_get_terms_async (fixture->client, cancellable, store_result, &result);
  g_timeout_add (100, cancel_soon, cancellable);
  await_result (&result);

  terms = onboard_client_get_terms_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Cancelling is not a failure to report. */
  g_assert_null (onboard_client_get_last_error_details (fixture->client));
}

static gboolean
cancel_when_waiting (gpointer data)
{
  Fixture *fixture = g_object_get_data (data, "fixture");

  /* The first answer (503) has arrived: the client is in its backoff. */
  if (count_log_lines (fixture->client, "GET /terms 503") == 0)
    return G_SOURCE_CONTINUE;

  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_retry_wait (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  guint requests = onboard_sandbox_get_request_count (fixture->sandbox);

  /* A long backoff: if cancelling did not end the wait, the retry would
   * succeed after 60 s instead of the request being cancelled. */
  onboard_client_set_retry_base_ms (fixture->client, 60000);
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"status\":503,\"count\":1}");

  g_object_set_data (G_OBJECT (cancellable), "fixture", fixture);
  onboard_client_get_terms_async (fixture->client, cancellable, store_result, &result);
  g_timeout_add (5, cancel_when_waiting, cancellable);
  await_result (&result);

  terms = onboard_client_get_terms_finish (fixture->client, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 1);
}

/* URLs and the wire ---------------------------------------------------- */

static void
test_check_base_url (void)
{
  static const struct {
    const char *url;
    gboolean    ok;
  } cases[] = {
    { "https://platform.assembly.education/api/onboarding", TRUE },
    { "https://10.1.2.3/api/onboarding", TRUE },
    { "http://127.0.0.1:8080/api/onboarding", TRUE },
    { "http://127.45.6.7/api", TRUE },
    { "http://[::1]:8080/api", TRUE },
    { "http://localhost:8080/api", TRUE },
    { "HTTP://LOCALHOST/api", TRUE },
    { "http://platform.assembly.education/api/onboarding", FALSE },
    { "http://localhost.example.com/api", FALSE },
    { "http://128.0.0.1/api", FALSE },
    { "http://10.0.0.1/api", FALSE },
    { "http://[::2]/api", FALSE },
    { "ftp://127.0.0.1/api", FALSE },
    { "https://user:secret@platform.assembly.education/api", FALSE },
    { "platform.assembly.education", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = onboard_client_check_base_url (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL);
    }
}

/* A proxy resolver that fails the test if anything tries to connect. */
#define TEST_TYPE_FORBIDDING_RESOLVER (test_forbidding_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestForbiddingResolver, test_forbidding_resolver,
                      TEST, FORBIDDING_RESOLVER, GObject)

struct _TestForbiddingResolver
{
  GObject parent_instance;
  guint   lookups;
};

static void test_forbidding_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestForbiddingResolver, test_forbidding_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      test_forbidding_resolver_iface_init))

static char **
forbidding_lookup (GProxyResolver  *resolver,
                   const char      *uri,
                   GCancellable    *cancellable,
                   GError         **error)
{
  TEST_FORBIDDING_RESOLVER (resolver)->lookups++;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no connection allowed");
  return NULL;
}

static void
forbidding_lookup_async (GProxyResolver      *resolver,
                         const char          *uri,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  TEST_FORBIDDING_RESOLVER (resolver)->lookups++;
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "no connection allowed");
}

static char **
forbidding_lookup_finish (GProxyResolver  *resolver,
                          GAsyncResult    *result,
                          GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_forbidding_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->lookup = forbidding_lookup;
  iface->lookup_async = forbidding_lookup_async;
  iface->lookup_finish = forbidding_lookup_finish;
}

static void
test_forbidding_resolver_class_init (TestForbiddingResolverClass *klass)
{
}

static void
test_forbidding_resolver_init (TestForbiddingResolver *self)
{
}

static void
test_insecure_url (void)
{
  g_autoptr(TestForbiddingResolver) resolver = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) log = NULL;

  resolver = g_object_new (TEST_TYPE_FORBIDDING_RESOLVER, NULL);
  client = g_object_new (ONBOARD_TYPE_CLIENT,
                         "base-url", "http://192.0.2.10/api/onboarding",
                         "proxy-resolver", resolver,
                         NULL);

  onboard_client_create_signup_async (client, "DEMO-ASSEMBLY", "office@oakfield.sch.uk",
                                      PASSWORD, TRUE, "2026-09", NULL,
                                      NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (client, result, &error);

  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL);
  g_assert_null (signup);
  g_assert_cmpuint (resolver->lookups, ==, 0);

  log = onboard_client_dup_request_log (client);
  g_assert_cmpuint (g_strv_length (log), ==, 0);
}

/* A server that records what arrives, for what the sandbox cannot show. */
typedef struct
{
  GPtrArray *requests;
  GQueue     statuses;
} Recorder;

typedef struct
{
  char               *method;
  char               *path;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Recorded;

static void
recorded_free (gpointer data)
{
  Recorded *recorded = data;

  g_free (recorded->method);
  g_free (recorded->path);
  soup_message_headers_unref (recorded->headers);
  g_bytes_unref (recorded->body);
  g_free (recorded);
}

static void
recorder_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Recorder *recorder = user_data;
  Recorded *recorded = g_new0 (Recorded, 1);
  guint status = GPOINTER_TO_UINT (g_queue_pop_head (&recorder->statuses));
  const char *body = "{\"object\":\"terms\",\"version\":\"1\",\"text\":\"Terms.\"}";

  recorded->method = g_strdup (soup_server_message_get_method (msg));
  recorded->path = g_strdup (path);
  recorded->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  recorded->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (recorder->requests, recorded);

  if (status == 0)
    status = 200;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "ETag", "\"v1\"");
  soup_server_message_set_status (msg, status, NULL);
  if (status != 304)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      body, strlen (body));
}

static void
test_wire (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(OnboardTerms) cached = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  Recorder recorder = { 0 };
  Recorded *first;
  Recorded *second;
  const char *key;

  recorder.requests = g_ptr_array_new_with_free_func (recorded_free);
  g_queue_init (&recorder.statuses);

  soup_server_add_handler (server, NULL, recorder_handler, &recorder, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d/api/onboarding/", g_uri_get_port (uris->data));

  client = onboard_client_new (base_url);
  onboard_client_set_retry_base_ms (client, 10);
  onboard_client_set_tokens (client, "at_wire", "rt_wire");

  /* A keyed POST that meets a 503 is sent again, byte for byte. */
  g_queue_push_tail (&recorder.statuses, GUINT_TO_POINTER (503));
  g_queue_push_tail (&recorder.statuses, GUINT_TO_POINTER (200));
  onboard_client_create_signup_async (client, "ark7-q4m2 zp9", "office@oakfield.sch.uk",
                                      PASSWORD, TRUE, "2026-09", NULL,
                                      NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (client, result, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  g_assert_cmpuint (recorder.requests->len, ==, 2);
  first = g_ptr_array_index (recorder.requests, 0);
  second = g_ptr_array_index (recorder.requests, 1);

  g_assert_cmpstr (first->method, ==, "POST");
  g_assert_cmpstr (first->path, ==, "/api/onboarding/signups");
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "User-Agent"), ==,
                   "assembly-onboard/" PACKAGE_VERSION);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Accept"), ==,
                   "application/vnd.assembly+json; version=1.1");
  g_assert_cmpstr (soup_message_headers_get_content_type (first->headers, NULL), ==,
                   "application/json");
  /* The school directory comes compressed. */
  g_assert_nonnull (strstr (soup_message_headers_get_one (first->headers, "Accept-Encoding"),
                            "gzip"));
  /* Sign-up needs no token: none is sent where it is not needed. */
  g_assert_null (soup_message_headers_get_one (first->headers, "Authorization"));

  key = soup_message_headers_get_one (first->headers, "Idempotency-Key");
  g_assert_true (g_uuid_string_is_valid (key));
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Idempotency-Key"), ==, key);
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (first->body, NULL),
                                  g_bytes_get_size (first->body),
                                  "\"invite_code\":\"ARK7Q4M2ZP9\""));

  /* A GET with a token, then its revalidation. */
  g_clear_object (&result);
  onboard_client_get_account_async (client, NULL, store_result, &result);
  await_result (&result);
  g_clear_object (&result);

  terms = get_terms (client, &error);
  g_assert_no_error (error);
  g_queue_push_tail (&recorder.statuses, GUINT_TO_POINTER (304));
  cached = get_terms (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_terms_get_text (cached), ==, "Terms.");

  g_assert_cmpuint (recorder.requests->len, ==, 5);
  first = g_ptr_array_index (recorder.requests, 2);
  g_assert_cmpstr (first->path, ==, "/api/onboarding/me");
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Authorization"), ==,
                   "Bearer at_wire");
  first = g_ptr_array_index (recorder.requests, 3);
  g_assert_null (soup_message_headers_get_one (first->headers, "If-None-Match"));
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotency-Key"));
  second = g_ptr_array_index (recorder.requests, 4);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "If-None-Match"), ==, "\"v1\"");

  g_assert_null (strstr (captured_log->str, "at_wire"));
  g_assert_null (strstr (captured_log->str, "ARK7"));

  g_ptr_array_unref (recorder.requests);
}

static void
test_tls_untrusted (void)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;
  Recorder recorder = { 0 };
  const char *issuer;

  recorder.requests = g_ptr_array_new_with_free_func (recorded_free);
  g_queue_init (&recorder.statuses);

  certificate = g_tls_certificate_new_from_pem (onboard_test_filter_certificate, -1, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, recorder_handler, &recorder, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("https://127.0.0.1:%d/api/onboarding", g_uri_get_port (uris->data));

  client = onboard_client_new (base_url);
  onboard_client_set_retry_base_ms (client, 10);

  terms = get_terms (client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TLS);

  /* Never bypassed: nothing reached the handler. */
  g_assert_cmpuint (recorder.requests->len, ==, 0);

  issuer = onboard_error_details_get_tls_issuer (onboard_client_error_get_details (error));
  g_assert_nonnull (issuer);
  g_assert_nonnull (strstr (issuer, "Example School Web Filter"));

  g_ptr_array_unref (recorder.requests);
}

static void
test_request_log (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(GStrv) log = NULL;
  g_autoptr(GRegex) line = NULL;

  for (guint i = 0; i < 23; i++)
    {
      g_autoptr(OnboardTerms) terms = NULL;
      g_autoptr(GError) error = NULL;

      terms = get_terms (fixture->client, &error);
      g_assert_no_error (error);
    }

  log = onboard_client_dup_request_log (fixture->client);
  g_assert_cmpuint (g_strv_length (log), ==, 20);

  /* time, method, path, status, request id */
  line = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ GET /terms (200|304) req_\\w+$",
                      0, 0, NULL);
  for (guint i = 0; log[i] != NULL; i++)
    g_assert_true (g_regex_match (line, log[i], 0, NULL));
}

/* A hostile service ------------------------------------------------------ */

static const char *
debug_message_of (const GError *error)
{
  return onboard_error_details_get_debug_message (onboard_client_error_get_details (error));
}

static void
test_refresh_without_refresh_token (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(OnboardAccount) first = NULL;
  g_autoptr(OnboardAccount) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *access_token = NULL;

  signed_in_account (fixture, "office@beech.sch.uk");
  refresh_token = g_strdup (onboard_client_get_refresh_token (fixture->client));
  access_token = g_strdup (onboard_client_get_access_token (fixture->client));
  g_assert_nonnull (refresh_token);

  /* The token answer to the refresh has no refresh_token: the one we hold
   * stays, intact (it was read after being freed). */
  g_assert_cmpuint (onboard_sandbox_expire_access_tokens (fixture->sandbox), ==, 1);
  add_fault (fixture->sandbox, "{\"path\":\"/oauth/token\",\"hostile\":\"no_refresh_token\",\"count\":1}");
  first = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (first), ==, "office@beech.sch.uk");
  g_assert_cmpstr (onboard_client_get_access_token (fixture->client), !=, access_token);
  g_assert_cmpstr (onboard_client_get_refresh_token (fixture->client), ==, refresh_token);

  /* And the service still takes it for the next refresh. */
  g_assert_cmpuint (onboard_sandbox_expire_access_tokens (fixture->sandbox), ==, 1);
  second = get_account (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_true (onboard_client_get_signed_in (fixture->client));
  g_assert_cmpstr (onboard_client_get_refresh_token (fixture->client), ==, refresh_token);
}

static void
test_bounded_bodies (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const kinds[] = { "gzip_bomb", "deflate_bomb", "endless_chunked" };
  g_autofree char *limit = g_strdup_printf ("body over %u bytes", 4 * 1024 * 1024);
  g_autofree char *schools_limit = g_strdup_printf ("body over %u bytes", 32 * 1024 * 1024);
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GBytes) schools = NULL;
  g_autoptr(GError) error = NULL;

  /* About 1 MiB on the wire, 1 GiB inflated, or no end at all: the read
   * stops at the endpoint's limit, counted after decompression. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *fault = g_strdup_printf ("{\"path\":\"/terms\",\"hostile\":\"%s\",\"count\":1}",
                                                kinds[i]);
      g_autoptr(OnboardTerms) refused = NULL;

      add_fault (fixture->sandbox, fault);
      refused = get_terms (fixture->client, &error);
      g_assert_null (refused);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (debug_message_of (error), ==, limit);
      g_assert_cmpuint (http_status_of (error), ==, 200);
      g_clear_error (&error);
    }

  /* The directory's limit is larger, and holds too. */
  add_fault (fixture->sandbox, "{\"path\":\"/schools\",\"hostile\":\"gzip_bomb\",\"count\":1}");
  schools = fetch_schools (fixture->client, NULL, FALSE, NULL, NULL, &error);
  g_assert_null (schools);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (debug_message_of (error), ==, schools_limit);
  g_clear_error (&error);

  /* An error's body is only read so far: the status decides. */
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"hostile\":\"deflate_bomb\",\"status\":503,\"count\":0}");
  terms = get_terms (fixture->client, &error);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (http_status_of (error), ==, 503);
  g_assert_cmpstr (debug_message_of (error), ==, "error body over 65536 bytes");
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms 503"), ==, 3);
  onboard_sandbox_clear_faults (fixture->sandbox);
  g_clear_error (&error);

  /* Whatever the client left unread, the next request is answered. */
  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (terms);
}

static void
test_slow_drip (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* One byte every 200 ms never leaves a read idle for the whole second
   * of the timeout, yet the terms would take minutes: the body must bring
   * 1 KiB per timeout or the request times out. */
  onboard_client_set_timeout (fixture->client, 1);
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"hostile\":\"slow_drip\",\"interval_ms\":200,\"count\":1}");

  terms = get_terms (fixture->client, &error);
  g_assert_null (terms);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpuint (count_log_lines (fixture->client, "GET /terms timed out"), ==, 1);
}

static void
test_retry_after_forms (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct {
    const char *hostile;
    guint       minimum;
    guint       maximum;
  } cases[] = {
    /* 2^64 seconds, and a date in the year 9999: an hour at most. */
    { "retry_after_huge", 3600, 3600 },
    { "retry_after_far_future", 3600, 3600 },
    /* An HTTP date two minutes ahead. */
    { "retry_after_date", 110, 120 },
  };
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *fault = NULL;
      g_autoptr(OnboardTerms) refused = NULL;

      /* A 503 with a long Retry-After is not retried at once. */
      fault = g_strdup_printf ("{\"path\":\"/terms\",\"hostile\":\"%s\",\"status\":503,\"count\":1}",
                               cases[i].hostile);
      add_fault (fixture->sandbox, fault);
      requests = onboard_sandbox_get_request_count (fixture->sandbox);
      refused = get_terms (fixture->client, &error);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
      g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox) - requests, ==, 1);
      g_assert_cmpuint (onboard_client_error_get_retry_after (error), >=, cases[i].minimum);
      g_assert_cmpuint (onboard_client_error_get_retry_after (error), <=, cases[i].maximum);
      g_clear_error (&error);
      g_clear_object (&refused);

      g_free (fault);
      fault = g_strdup_printf ("{\"path\":\"/terms\",\"hostile\":\"%s\",\"status\":429,\"count\":1}",
                               cases[i].hostile);
      add_fault (fixture->sandbox, fault);
      refused = get_terms (fixture->client, &error);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED);
      g_assert_cmpuint (onboard_client_error_get_retry_after (error), >=, cases[i].minimum);
      g_assert_cmpuint (onboard_client_error_get_retry_after (error), <=, cases[i].maximum);
      g_clear_error (&error);
    }

  /* A negative wait asks for none: the client's own short backoff, then
   * the answer. */
  add_fault (fixture->sandbox, "{\"path\":\"/terms\",\"hostile\":\"retry_after_negative\",\"status\":503,\"count\":1}");
  terms = get_terms (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (terms);
}

static void
test_may_have_taken_effect (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const kinds[] = {
    "server_error", "gzip_bomb", "deep_nesting", "captive_portal", "length_shorter",
  };

  /* The sign-up is made each time, then the answer is spoilt: the error
   * says the request may have taken effect, and Try Again with the same
   * key gets the first answer instead of a second sign-up. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *fault = g_strdup_printf ("{\"path\":\"/signups\",\"hostile\":\"%s\",\"count\":1}",
                                                kinds[i]);
      g_autofree char *email = g_strdup_printf ("office%u@larch.sch.uk", i);
      g_autofree char *key = onboard_client_new_idempotency_key ();
      g_autoptr(OnboardSignup) refused = NULL;
      g_autoptr(OnboardSignup) signup = NULL;
      g_autoptr(GError) error = NULL;

      add_fault (fixture->sandbox, fault);
      refused = create_signup (fixture->client, "DEMO-ASSEMBLY", email, PASSWORD, key, &error);
      g_assert_null (refused);
      g_assert_true (error->domain == ONBOARD_CLIENT_ERROR);
      g_assert_true (onboard_client_error_is_outcome_unknown (error));
      g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, i + 1);
      g_clear_error (&error);

      signup = create_signup (fixture->client, "DEMO-ASSEMBLY", email, PASSWORD, key, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (onboard_signup_get_email (signup), ==, email);
      g_assert_cmpuint (onboard_sandbox_get_signup_count (fixture->sandbox), ==, i + 1);
      g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "activation"), ==, i + 1);
    }
}

/* One key per service, however its URL was written: the progress file and
 * the password store both file things under it. */
static void
test_service_key (void)
{
  const struct {
    const char *url;
    const char *key;
  } cases[] = {
    { "https://api.assembly.education", "https://api.assembly.education" },
    { "https://api.assembly.education/", "https://api.assembly.education" },
    { "https://api.assembly.education/v1//", "https://api.assembly.education/v1" },
    { "/", "/" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = onboard_client_dup_service_key (cases[i].url);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* No desktop proxy settings exist in the isolated directories, and no
   * test request may leave 127.0.0.1 through a proxy anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/onboard/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("status", test_status);
  ADD ("terms", test_terms);
  ADD ("invite-code", test_invite_code);
  ADD ("signup-flow", test_signup_flow);
  ADD ("signup-fields", test_signup_fields);
  ADD ("signup-dropped-response", test_signup_dropped_response);
  ADD ("signup-same-key", test_signup_same_key);
  ADD ("resend-activation", test_resend_activation);
  ADD ("sign-in-password", test_sign_in_password);
  ADD ("token-refresh", test_token_refresh);
  ADD ("refresh-refused", test_refresh_refused);
  ADD ("schools", test_schools);
  ADD ("mis-providers", test_mis_providers);
  ADD ("registration-and-connector", test_registration_and_connector);
  ADD ("registration-errors", test_registration_errors);
  ADD ("grant-access-upstream", test_grant_access_upstream);
  ADD ("unknown-connector-status", test_unknown_connector_status);
  ADD ("error-codes", test_error_codes);
  ADD ("retry-502", test_retry_502);
  ADD ("no-retry-500", test_no_retry_500);
  ADD ("retry-exhausted", test_retry_exhausted);
  ADD ("rate-limited-wait", test_rate_limited_wait);
  ADD ("rate-limited-period", test_rate_limited_period);
  ADD ("malformed-json", test_malformed_json);
  ADD ("unexpected-values", test_unexpected_values);
  ADD ("dropped-connection", test_dropped_connection);
  ADD ("server-gone", test_server_gone);
  ADD ("timeout", test_timeout);
  ADD ("cancel-request", test_cancel_request);
  ADD ("cancel-retry-wait", test_cancel_retry_wait);
  ADD ("request-log", test_request_log);
  ADD ("refresh-without-refresh-token", test_refresh_without_refresh_token);
  ADD ("bounded-bodies", test_bounded_bodies);
  ADD ("slow-drip", test_slow_drip);
  ADD ("retry-after-forms", test_retry_after_forms);
  ADD ("may-have-taken-effect", test_may_have_taken_effect);

#undef ADD

  g_test_add_func ("/onboard/client/check-base-url", test_check_base_url);
  g_test_add_func ("/onboard/client/service-key", test_service_key);
  g_test_add_func ("/onboard/client/insecure-url", test_insecure_url);
  g_test_add_func ("/onboard/client/wire", test_wire);
  g_test_add_func ("/onboard/client/tls-untrusted", test_tls_untrusted);

  return g_test_run ();
}
