/* test-secrets.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <libsecret/secret.h>

#include "onboard-secrets.h"
#include "onboard-test-keyring.h"
#include "onboard-test-ui.h"

/* Tokens go into a real gnome-keyring-daemon on a D-Bus session bus of the
 * test's own (GTestDBus), with its keyring files in the test's private
 * folders: nothing of the user's session or keyring is touched, and a
 * second bus with nothing on it stands for a computer without a keyring. */

#define SERVICE       "https://platform.assembly.education/api/onboarding"
#define OTHER_SERVICE "http://127.0.0.1:8123/api/onboarding"
#define EMAIL         "office@oakfield.sch.uk"
#define OTHER_EMAIL   "data.manager@oakfield.sch.uk"

#define ACCESS_TOKEN  "at_5ecRetAcce55T0ken"
#define REFRESH_TOKEN "rt_5ecRetRefre5hT0ken"
#define SIGNUP_TOKEN  "st_5ecRetS1gnupT0ken"


/* The contract: another program (or a later version of this one) finds the
 * tokens by this schema. Written out here rather than taken from the code
 * under test, so a change to it shows. */
static const SecretSchema contract_schema = {
  "org.assembly.Onboard.Token",
  SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static gboolean
store (OnboardSecrets    *secrets,
       const char        *service,
       const char        *email,
       OnboardTokenKind   kind,
       const char        *token,
       GCancellable      *cancellable,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_secrets_store_async (secrets, service, email, kind, token, cancellable,
                               store_result, &result);
  await_result (&result);

  return onboard_secrets_store_finish (secrets, result, error);
}

static char *
lookup (OnboardSecrets    *secrets,
        const char        *service,
        const char        *email,
        OnboardTokenKind   kind,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_secrets_lookup_async (secrets, service, email, kind, NULL, store_result, &result);
  await_result (&result);

  return onboard_secrets_lookup_finish (secrets, result, error);
}

static gboolean
clear (OnboardSecrets  *secrets,
       const char      *service,
       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onboard_secrets_clear_async (secrets, service, NULL, store_result, &result);
  await_result (&result);

  return onboard_secrets_clear_finish (secrets, result, error);
}

static void
assert_token (OnboardSecrets   *secrets,
              const char       *service,
              const char       *email,
              OnboardTokenKind  kind,
              const char       *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = lookup (secrets, service, email, kind, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_secrets_round_trip (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (secrets, "notify::available", G_CALLBACK (count_notify), &notified);
  g_assert_true (onboard_secrets_get_available (secrets));

  /* Nothing there yet is not an error. */
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, NULL);

  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_SIGNUP, SIGNUP_TOKEN, NULL, &error));
  g_assert_no_error (error);

  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_SIGNUP, SIGNUP_TOKEN);

  /* The same service however its URL ends; nobody else's tokens. */
  assert_token (secrets, SERVICE "/", EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN);
  assert_token (secrets, SERVICE, OTHER_EMAIL, ONBOARD_TOKEN_KIND_ACCESS, NULL);
  assert_token (secrets, OTHER_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, NULL);

  /* A new access token replaces the old one. */
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_n3wer", NULL, &error));
  g_assert_no_error (error);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_n3wer");
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN);

  g_assert_true (onboard_secrets_get_available (secrets));
  g_assert_cmpuint (notified, ==, 0);

  g_assert_finalize_object (secrets);
}

static void
search_result_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_secrets_item (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autolist(GObject) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_assert_true (store (secrets, SERVICE "/", EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN, NULL, &error));
  g_assert_no_error (error);

  /* What another program sees in the keyring. */
  secret_password_search (&contract_schema, SECRET_SEARCH_ALL, NULL, search_result_cb, &result,
                          "kind", "refresh",
                          NULL);
  await_result (&result);
  items = secret_password_search_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpuint (g_hash_table_size (attributes), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "org.assembly.Onboard.Token");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "service"), ==, SERVICE);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "email"), ==, EMAIL);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "refresh");

  /* A person can tell what it is; the label gives nothing away. */
  label = secret_retrievable_get_label (items->data);
  g_assert_nonnull (strstr (label, EMAIL));
  g_assert_null (strstr (label, REFRESH_TOKEN));

  g_assert_finalize_object (secrets);
}

static void
test_secrets_clear (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, SERVICE, OTHER_EMAIL, ONBOARD_TOKEN_KIND_SIGNUP, SIGNUP_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (store (secrets, OTHER_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_other", NULL, &error));
  g_assert_no_error (error);

  /* Every token of the service, whoever and whatever it was for… */
  g_assert_true (clear (secrets, SERVICE, &error));
  g_assert_no_error (error);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, NULL);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, NULL);
  assert_token (secrets, SERVICE, OTHER_EMAIL, ONBOARD_TOKEN_KIND_SIGNUP, NULL);

  /* …and only that service's. */
  assert_token (secrets, OTHER_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, "at_other");

  /* Nothing left to clear is fine. */
  g_assert_true (clear (secrets, SERVICE "/", &error));
  g_assert_no_error (error);
  g_assert_true (onboard_secrets_get_available (secrets));

  g_assert_finalize_object (secrets);
}

static void
assert_keyring_error (const GError *error,
                      int           code)
{
  g_assert_error (error, ONBOARD_SECRETS_ERROR, code);
  /* A sentence for the user that says what it means for them. */
  g_assert_nonnull (strstr (error->message, "sign"));
  g_assert_null (strstr (error->message, "org.freedesktop"));
  g_assert_null (strstr (error->message, ACCESS_TOKEN));
}

static void
test_secrets_no_keyring (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint notified = 0;

  g_signal_connect (secrets, "notify::available", G_CALLBACK (count_notify), &notified);

  /* Nothing answers for org.freedesktop.secrets on this bus. */
  g_assert_false (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, NULL, &error));
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (onboard_secrets_get_available (secrets));
  g_assert_cmpuint (notified, ==, 1);

  token = lookup (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, &error);
  g_assert_null (token);
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (clear (secrets, SERVICE, &error));
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (onboard_secrets_get_available (secrets));
  g_assert_cmpuint (notified, ==, 1);

  /* A keyring that turns up later is used, and the app hears of it. */
  start_keyring (fixture, TRUE);
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (onboard_secrets_get_available (secrets));
  g_assert_cmpuint (notified, ==, 2);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN);

  g_assert_finalize_object (secrets);
}

static void
test_secrets_locked (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* A login keyring with a token in it, then a new session in which
   * nobody unlocks it and no prompt can be shown. */
  g_assert_true (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, REFRESH_TOKEN, NULL, &error));
  g_assert_no_error (error);
  secret_service_disconnect ();
  drain_main_context ();
  stop_keyring (fixture);
  start_keyring (fixture, FALSE);

  g_assert_false (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, NULL, &error));
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (onboard_secrets_get_available (secrets));

  /* The token is there but cannot be read: not the same as none. */
  token = lookup (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, &error);
  g_assert_null (token);
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  /* Signing out cannot remove it either, and says so. */
  g_assert_false (clear (secrets, SERVICE, &error));
  assert_keyring_error (error, ONBOARD_SECRETS_ERROR_LOCKED);
  g_clear_error (&error);

  /* Another service's token that was never stored is simply not there. */
  assert_token (secrets, OTHER_SERVICE, EMAIL, ONBOARD_TOKEN_KIND_REFRESH, NULL);

  g_assert_finalize_object (secrets);
}

static void
test_secrets_cancelled (Fixture *fixture)
{
  OnboardSecrets *secrets = onboard_secrets_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (secrets, "notify::available", G_CALLBACK (count_notify), &notified);

  /* The app gave up (the window closed): not the keyring's fault. */
  g_cancellable_cancel (cancellable);
  g_assert_false (store (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, ACCESS_TOKEN, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (onboard_secrets_get_available (secrets));
  g_assert_cmpuint (notified, ==, 0);
  assert_token (secrets, SERVICE, EMAIL, ONBOARD_TOKEN_KIND_ACCESS, NULL);

  g_assert_finalize_object (secrets);
}

int
main (int   argc,
      char *argv[])
{
  static const KeyringTest round_trip = { test_secrets_round_trip, TRUE };
  static const KeyringTest item = { test_secrets_item, TRUE };
  static const KeyringTest clear_all = { test_secrets_clear, TRUE };
  static const KeyringTest cancelled = { test_secrets_cancelled, TRUE };
  static const KeyringTest locked = { test_secrets_locked, TRUE };
  static const KeyringTest no_keyring = { test_secrets_no_keyring, FALSE };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* libsecret must talk to the Secret Service on the test's bus, never to
   * a file of its own. */
  g_setenv ("SECRET_BACKEND", "service", TRUE);

  g_test_add_data_func ("/onboard/secrets/round-trip", &round_trip, run_keyring_test);
  g_test_add_data_func ("/onboard/secrets/item", &item, run_keyring_test);
  g_test_add_data_func ("/onboard/secrets/clear", &clear_all, run_keyring_test);
  g_test_add_data_func ("/onboard/secrets/cancelled", &cancelled, run_keyring_test);
  g_test_add_data_func ("/onboard/secrets/locked", &locked, run_keyring_test);
  g_test_add_data_func ("/onboard/secrets/no-keyring", &no_keyring, run_keyring_test);

  return g_test_run ();
}
