/* test-credentials.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "onboard-credentials.h"
#include "onboard-sandbox.h"
#include "onboard-test-keyring.h"
#include "onboard-test-ui.h"

/* The sign-in survives a restart through the keyring, and only there. */

#define SERVICE       "http://127.0.0.1:8123/api/onboarding"
#define EMAIL         "office@oakfield.sch.uk"
#define ACCESS_TOKEN  "at_cred3ntialsAcce55"
#define REFRESH_TOKEN "rt_cred3ntialsRefre5h"
#define SIGNUP_TOKEN  "st_cred3ntialsS1gnup"
#define OTHER_EMAIL   "bursar@oakfield.sch.uk"

typedef struct
{
  OnboardClient      *client;
  OnboardProgress    *progress;
  OnboardSecrets     *secrets;
  OnboardCredentials *credentials;
} Run;

static void
run_start (Run *run)
{
  run->client = onboard_client_new (SERVICE);
  run->progress = onboard_progress_new (SERVICE);
  onboard_progress_set_email (run->progress, EMAIL);
  run->secrets = onboard_secrets_new ();
  run->credentials = onboard_credentials_new (run->client, run->progress, run->secrets);
}

static void
run_stop (Run *run)
{
  drain_main_context ();
  g_clear_object (&run->credentials);
  g_clear_object (&run->secrets);
  g_clear_object (&run->progress);
  g_clear_object (&run->client);
}

static gboolean
restore (Run     *run,
         GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_credentials_restore_async (run->credentials, NULL, store_result, &result);
  await_result (&result);

  return onboard_credentials_restore_finish (run->credentials, result, error);
}

static const SecretSchema token_schema = {
  "org.assembly.Onboard.Token", SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* What the keyring holds, read past the app's own code. */
static char *
kept (const char *service,
      const char *email,
      const char *kind)
{
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_sync (&token_schema, NULL, &error,
                                             "service", service, "email", email,
                                             "kind", kind, NULL);

  g_assert_no_error (error);

  return token;
}

/* Stores and removals are asynchronous; the keyring answers within
 * moments. */
static void
wait_until_kept (const char *service,
                 const char *email,
                 const char *kind,
                 const char *token)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *stored = kept (service, email, kind);

      if (g_strcmp0 (stored, token) == 0)
        return;

      drain_main_context ();
    }

  g_error ("the keyring's %s token for %s is not %s", kind, email, token ? token : "gone");
}

static void
wait_until_stored (Run *run)
{
  /* Stores are asynchronous; the keyring answers within moments. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = secret_password_lookup_sync (&(const SecretSchema) {
                                                               "org.assembly.Onboard.Token", SECRET_SCHEMA_NONE,
                                                               { { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                                 { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                                 { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                                                 { NULL, 0 } } },
                                                             NULL, &error,
                                                             "service", SERVICE, "email", EMAIL,
                                                             "kind", "refresh", NULL);

      if (g_strcmp0 (stored, REFRESH_TOKEN) == 0)
        return;

      drain_main_context ();
    }

  g_assert_not_reached ();
}

static void
test_credentials_survive_restart (Fixture *fixture)
{
  Run first = { 0 }, second = { 0 };
  g_autoptr(GError) error = NULL;

  run_start (&first);
  onboard_client_set_tokens (first.client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_stored (&first);
  g_assert_true (onboard_credentials_get_saved (first.credentials));
  run_stop (&first);

  /* "Restart": new objects, same keyring. */
  run_start (&second);
  g_assert_false (onboard_client_get_signed_in (second.client));
  g_assert_true (restore (&second, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_client_get_access_token (second.client), ==, ACCESS_TOKEN);
  g_assert_cmpstr (onboard_client_get_refresh_token (second.client), ==, REFRESH_TOKEN);
  run_stop (&second);
}

static void
test_credentials_forget (Fixture *fixture)
{
  Run run = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  run_start (&run);
  onboard_client_set_tokens (run.client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_stored (&run);

  onboard_credentials_forget_async (run.credentials, NULL, store_result, &result);
  await_result (&result);
  g_assert_true (onboard_credentials_forget_finish (run.credentials, result, &error));
  g_assert_no_error (error);
  g_assert_false (onboard_client_get_signed_in (run.client));

  g_assert_false (restore (&run, &error));
  g_assert_no_error (error);
  run_stop (&run);
}

static void
test_credentials_no_keyring (Fixture *fixture)
{
  Run run = { 0 };
  g_autoptr(GError) error = NULL;

  run_start (&run);
  onboard_client_set_tokens (run.client, ACCESS_TOKEN, REFRESH_TOKEN);

  /* The app keeps working on the tokens in memory and says they were not
   * kept. */
  while (onboard_credentials_get_saved (run.credentials))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (onboard_client_get_access_token (run.client), ==, ACCESS_TOKEN);

  g_assert_false (restore (&run, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, ACCESS_TOKEN));
  run_stop (&run);
}

/* Once the sign-up token has been exchanged for tokens it must not stay in
 * the keyring: the service would let it mint new ones. */
static void
test_credentials_signup_token_removed (Fixture *fixture)
{
  Run run = { 0 };

  run_start (&run);
  onboard_credentials_keep_signup_token (run.credentials, SIGNUP_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "signup", SIGNUP_TOKEN);

  /* Signed in with it. */
  onboard_client_set_tokens (run.client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "refresh", REFRESH_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "signup", NULL);
  g_assert_true (onboard_credentials_get_saved (run.credentials));
  run_stop (&run);
}

/* The same after a restart: kept by the last run, read back and exchanged
 * in this one. */
static void
test_credentials_signup_token_removed_after_restart (Fixture *fixture)
{
  Run first = { 0 }, second = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSecretsToken) token = NULL;
  g_autoptr(GError) error = NULL;

  run_start (&first);
  onboard_credentials_keep_signup_token (first.credentials, SIGNUP_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "signup", SIGNUP_TOKEN);
  run_stop (&first);

  run_start (&second);
  onboard_credentials_lookup_signup_token_async (second.credentials, NULL, store_result, &result);
  await_result (&result);
  token = onboard_credentials_lookup_signup_token_finish (second.credentials, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, SIGNUP_TOKEN);

  onboard_client_set_tokens (second.client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "signup", NULL);
  run_stop (&second);
}

/* Signed out: every token of the account goes, and only that account's. */
static void
test_credentials_sign_out_removes_tokens (Fixture *fixture)
{
  Run run = { 0 }, other = { 0 };

  run_start (&other);
  onboard_progress_set_email (other.progress, OTHER_EMAIL);
  onboard_client_set_tokens (other.client, "at_other", "rt_other");
  wait_until_kept (SERVICE, OTHER_EMAIL, "refresh", "rt_other");
  run_stop (&other);

  run_start (&run);
  onboard_client_set_tokens (run.client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "access", ACCESS_TOKEN);
  wait_until_kept (SERVICE, EMAIL, "refresh", REFRESH_TOKEN);

  onboard_client_sign_out (run.client);
  wait_until_kept (SERVICE, EMAIL, "access", NULL);
  wait_until_kept (SERVICE, EMAIL, "refresh", NULL);
  run_stop (&run);

  wait_until_kept (SERVICE, OTHER_EMAIL, "refresh", "rt_other");
}

/* The service refuses the refresh token: the client signs out, and the
 * dead tokens leave the keyring instead of waiting to be overwritten. */
static void
test_credentials_refused_refresh_removes_tokens (Fixture *fixture)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardProgress) progress = NULL;
  g_autoptr(OnboardSecrets) secrets = onboard_secrets_new ();
  g_autoptr(OnboardCredentials) credentials = NULL;
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *service;

  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  service = onboard_sandbox_get_base_url (sandbox);
  client = onboard_client_new (service);
  onboard_client_set_retry_base_ms (client, 10);
  progress = onboard_progress_new (service);
  onboard_progress_set_email (progress, EMAIL);
  credentials = onboard_credentials_new (client, progress, secrets);

  /* Tokens the service never issued, or long since revoked. */
  onboard_client_set_tokens (client, ACCESS_TOKEN, REFRESH_TOKEN);
  wait_until_kept (service, EMAIL, "refresh", REFRESH_TOKEN);

  onboard_client_get_account_async (client, NULL, store_result, &result);
  await_result (&result);
  account = onboard_client_get_account_finish (client, result, &error);
  g_assert_null (account);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED);
  g_assert_false (onboard_client_get_signed_in (client));

  wait_until_kept (service, EMAIL, "access", NULL);
  wait_until_kept (service, EMAIL, "refresh", NULL);
  drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  static const KeyringTest survive = { test_credentials_survive_restart, TRUE };
  static const KeyringTest forget = { test_credentials_forget, TRUE };
  static const KeyringTest no_keyring = { test_credentials_no_keyring, FALSE };
  static const KeyringTest signup_removed = { test_credentials_signup_token_removed, TRUE };
  static const KeyringTest signup_removed_restart = { test_credentials_signup_token_removed_after_restart, TRUE };
  static const KeyringTest sign_out = { test_credentials_sign_out_removes_tokens, TRUE };
  static const KeyringTest refused = { test_credentials_refused_refresh_removes_tokens, TRUE };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("SECRET_BACKEND", "service", TRUE);

  g_test_add_data_func ("/onboard/credentials/survive-restart", &survive, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/forget", &forget, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/no-keyring", &no_keyring, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/signup-token-gone", &signup_removed, run_keyring_test);
  /* Short names: the keyring's control socket lives in a folder named
   * after the test, and a socket's path is limited to 107 bytes. */
  g_test_add_data_func ("/onboard/credentials/signup-token-gone-restart", &signup_removed_restart,
                        run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/sign-out-clears", &sign_out, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/refresh-refused-clears", &refused, run_keyring_test);

  return g_test_run ();
}
