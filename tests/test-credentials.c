/* test-credentials.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "onboard-credentials.h"
#include "onboard-test-keyring.h"

/* The sign-in survives a restart through the keyring, and only there. */

#define SERVICE       "http://127.0.0.1:8123/api/onboarding"
#define EMAIL         "office@oakfield.sch.uk"
#define ACCESS_TOKEN  "at_cred3ntialsAcce55"
#define REFRESH_TOKEN "rt_cred3ntialsRefre5h"

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

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
restore (Run     *run,
         GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_credentials_restore_async (run->credentials, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return onboard_credentials_restore_finish (run->credentials, result, error);
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

  onboard_credentials_forget_async (run.credentials, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
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

int
main (int   argc,
      char *argv[])
{
  static const KeyringTest survive = { test_credentials_survive_restart, TRUE };
  static const KeyringTest forget = { test_credentials_forget, TRUE };
  static const KeyringTest no_keyring = { test_credentials_no_keyring, FALSE };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("SECRET_BACKEND", "service", TRUE);

  g_test_add_data_func ("/onboard/credentials/survive-restart", &survive, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/forget", &forget, run_keyring_test);
  g_test_add_data_func ("/onboard/credentials/no-keyring", &no_keyring, run_keyring_test);

  return g_test_run ();
}
