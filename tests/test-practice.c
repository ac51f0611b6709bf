/* test-practice.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-practice.h"
#include "onboard-test-keyring.h"
#include "onboard-test-ui.h"

/* Practice mode's services: the reference service in-process, and a
 * progress, a sign-in and a school list of practice's own that never touch
 * the real ones. */

#define EMAIL     "office@oakfield.sch.uk"
#define PASSWORD  "violet-harbour-lantern-58"
#define URN       "100000"
#define COLLEAGUE "it@oakfield.sch.uk"
#define REAL_SERVICE "https://platform.assembly.education/api/onboarding"

static OnboardPractice *
practice_new (void)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "edubasealldata-sample.csv", NULL);
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(GError) error = NULL;

  /* A prepared server, as `--step` would make one: a small list. */
  onboard_sandbox_load_schools (sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);

  return onboard_practice_new_for_sandbox (sandbox);
}

static OnboardConnector *
grant_access (OnboardPractice *practice,
              const char      *connector_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OnboardClient *client = onboard_practice_get_client (practice);
  OnboardConnector *connector;

  onboard_client_grant_access_async (client, connector_id, "Sam Patel", COLLEAGUE, TRUE, NULL,
                                     NULL, store_result, &result);
  await_result (&result);
  connector = onboard_client_grant_access_finish (client, result, &error);
  g_assert_no_error (error);

  return connector;
}

/* onboard_practice_new(): the service on loopback, with the real GIAS
 * list the app ships (read compressed), and nothing automatic. */
static void
test_practice_service (Fixture *fixture)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "data", "schools",
                                                    "gias-2022-07-all-establishments.csv.gz", NULL);
  g_autoptr(OnboardPractice) practice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  OnboardSandbox *sandbox;

  g_setenv ("ONBOARD_PRACTICE_SCHOOLS", schools, TRUE);
  practice = onboard_practice_new (&error);
  g_assert_no_error (error);

  sandbox = onboard_practice_get_sandbox (practice);
  g_assert_true (g_str_has_prefix (onboard_sandbox_get_base_url (sandbox), "http://127.0.0.1:"));
  g_assert_cmpstr (onboard_client_get_base_url (onboard_practice_get_client (practice)), ==,
                   onboard_sandbox_get_base_url (sandbox));
  g_assert_false (onboard_sandbox_get_auto (sandbox));

  /* GIAS 2022: 49,514 establishments, 27,332 of them open. */
  banner = onboard_sandbox_dup_banner (sandbox);
  g_assert_nonnull (strstr (banner, "27332 open (49514 listed"));

  /* A list that is not there is an error, not an empty directory. */
  g_clear_object (&practice);
  g_setenv ("ONBOARD_PRACTICE_SCHOOLS", "/nonexistent/schools.csv.gz", TRUE);
  practice = onboard_practice_new (&error);
  g_assert_null (practice);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* Practice's progress lives in a file of its own; the real one is left
 * byte for byte as it was, and each practice starts afresh. */
static void
test_practice_progress_apart (Fixture *fixture)
{
  g_autoptr(OnboardProgress) real = onboard_progress_new (REAL_SERVICE);
  g_autoptr(OnboardPractice) practice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *practice_path = NULL;
  OnboardProgress *progress;

  onboard_progress_set_email (real, "real@school.example");
  onboard_progress_set_step (real, 3);
  g_assert_true (onboard_progress_save_sync (real, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (onboard_progress_get_path (real), &before, NULL, NULL));

  practice = practice_new ();
  progress = onboard_practice_get_progress (practice);
  practice_path = g_strdup (onboard_progress_get_path (progress));
  g_assert_cmpstr (practice_path, !=, onboard_progress_get_path (real));
  g_assert_cmpstr (practice_path, ==, onboard_practice_dup_progress_path ());
  g_assert_cmpuint (onboard_progress_get_step (progress), ==, 1);

  g_free (sign_in_and_register (onboard_practice_get_sandbox (practice),
                                onboard_practice_get_client (practice),
                                progress, EMAIL, PASSWORD, URN, 4));
  g_assert_true (onboard_progress_save_sync (progress, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (practice_path, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_get_contents (onboard_progress_get_path (real), &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, EMAIL));

  /* The next practice starts from Step 1 again: its server is new. */
  g_clear_object (&practice);
  drain_main_context ();
  practice = practice_new ();
  g_assert_cmpuint (onboard_progress_get_step (onboard_practice_get_progress (practice)), ==, 1);
  g_assert_null (onboard_progress_get_email (onboard_practice_get_progress (practice)));
}

/* Signed in during practice, the tokens live in memory: with no keyring
 * on the bus at all the sign-in is still kept (the keyring-backed secrets
 * fail there, see secrets-in-memory below), and a restart within the
 * practice gets it back. (e2e-practice checks the keyring's files byte for
 * byte with the real app.) */
static void
test_practice_no_keyring (Fixture *fixture)
{
  g_autoptr(OnboardPractice) practice = NULL;
  g_autoptr(OnboardCredentials) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  OnboardClient *client;

  practice = practice_new ();
  g_assert_true (onboard_secrets_get_in_memory (onboard_practice_get_secrets (practice)));
  client = onboard_practice_get_client (practice);
  g_free (sign_in_and_register (onboard_practice_get_sandbox (practice), client,
                                onboard_practice_get_progress (practice), EMAIL, PASSWORD, URN, 3));
  g_assert_true (onboard_client_get_signed_in (client));
  drain_main_context ();
  g_assert_true (onboard_credentials_get_saved (onboard_practice_get_credentials (practice)));
  g_assert_true (onboard_secrets_get_available (onboard_practice_get_secrets (practice)));

  onboard_secrets_lookup_async (onboard_practice_get_secrets (practice),
                                onboard_client_get_base_url (client), EMAIL,
                                ONBOARD_TOKEN_KIND_REFRESH, NULL, store_result, &result);
  await_result (&result);
  token = onboard_secrets_lookup_finish (onboard_practice_get_secrets (practice), result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, onboard_client_get_refresh_token (client));
}

/* "Approve as the School": what the school's administrator does on
 * Groupcall's page; and the emails the practice inbox lists. */
static void
test_practice_approve (Fixture *fixture)
{
  g_autoptr(OnboardPractice) practice = practice_new ();
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *connector_id = NULL;
  g_autofree char *link = NULL;
  OnboardSandbox *sandbox = onboard_practice_get_sandbox (practice);
  const char *kind, *to, *label;
  guint mails = 0;

  g_assert_false (onboard_practice_approve_as_school (practice, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  connector_id = sign_in_and_register (sandbox, onboard_practice_get_client (practice),
                                       onboard_practice_get_progress (practice), EMAIL, PASSWORD, URN, 4);
  g_assert_cmpuint (onboard_sandbox_get_n_mails (sandbox), ==, 0);

  g_signal_connect_swapped (sandbox, "mail-sent", G_CALLBACK (g_atomic_int_inc), &mails);
  connector = grant_access (practice, connector_id);

  /* Groupcall's email goes out a moment later, to the colleague named. */
  wait_until (onboard_sandbox_get_n_mails (sandbox) > 0);
  g_assert_cmpuint (mails, ==, 1);
  g_assert_true (onboard_sandbox_get_mail (sandbox, 0, &kind, &to, NULL, NULL, &label, &link));
  g_assert_cmpstr (kind, ==, "groupcall_invitation");
  g_assert_cmpstr (to, ==, COLLEAGUE);
  g_assert_cmpstr (label, ==, "Begin Authorisation");
  g_assert_true (g_str_has_prefix (link, onboard_sandbox_get_base_url (sandbox)));
  g_assert_true (g_str_has_suffix (link, connector_id));
  g_assert_false (onboard_sandbox_get_mail (sandbox, 1, NULL, NULL, NULL, NULL, NULL, NULL));

  g_assert_true (onboard_practice_approve_as_school (practice, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_sandbox_get_connector_status (sandbox, connector_id), ==, "authorised");

  /* Once is all: the school has answered. */
  g_assert_false (onboard_practice_approve_as_school (practice, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

/* The in-memory secrets: store, lookup, remove, with no keyring at all
 * on the bus; the keyring-backed ones fail there, so this can tell. */
static void
test_practice_secrets_in_memory (Fixture *fixture)
{
  g_autoptr(OnboardSecrets) memory = onboard_secrets_new_in_memory ();
  g_autoptr(OnboardSecrets) keyring = onboard_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  onboard_secrets_store_async (keyring, REAL_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_one",
                               NULL, store_result, &result);
  await_result (&result);
  g_assert_false (onboard_secrets_store_finish (keyring, result, &error));
  g_assert_error (error, ONBOARD_SECRETS_ERROR, ONBOARD_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_clear_object (&result);

  onboard_secrets_store_async (memory, REAL_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_one",
                               NULL, store_result, &result);
  await_result (&result);
  g_assert_true (onboard_secrets_store_finish (memory, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Stored again: replaced, not added. */
  onboard_secrets_store_async (memory, REAL_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_two",
                               NULL, store_result, &result);
  await_result (&result);
  g_assert_true (onboard_secrets_store_finish (memory, result, &error));
  g_clear_object (&result);

  onboard_secrets_lookup_async (memory, REAL_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS,
                                NULL, store_result, &result);
  await_result (&result);
  token = onboard_secrets_lookup_finish (memory, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "at_two");
  g_clear_pointer (&token, onboard_secrets_token_free);
  g_clear_object (&result);

  onboard_secrets_clear_async (memory, REAL_SERVICE, NULL, store_result, &result);
  await_result (&result);
  g_assert_true (onboard_secrets_clear_finish (memory, result, &error));
  g_clear_object (&result);

  onboard_secrets_lookup_async (memory, REAL_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS,
                                NULL, store_result, &result);
  await_result (&result);
  token = onboard_secrets_lookup_finish (memory, result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

int
main (int   argc,
      char *argv[])
{
  static const KeyringTest service = { test_practice_service, FALSE };
  static const KeyringTest progress_apart = { test_practice_progress_apart, FALSE };
  static const KeyringTest no_keyring = { test_practice_no_keyring, FALSE };
  static const KeyringTest approve = { test_practice_approve, FALSE };
  static const KeyringTest secrets = { test_practice_secrets_in_memory, FALSE };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/onboard/practice/service", &service, run_keyring_test);
  g_test_add_data_func ("/onboard/practice/progress-apart", &progress_apart, run_keyring_test);
  g_test_add_data_func ("/onboard/practice/no-keyring", &no_keyring, run_keyring_test);
  g_test_add_data_func ("/onboard/practice/approve", &approve, run_keyring_test);
  g_test_add_data_func ("/onboard/practice/secrets-in-memory", &secrets, run_keyring_test);

  return g_test_run ();
}
