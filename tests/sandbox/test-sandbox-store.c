/* test-sandbox-store.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "onboard-sandbox-store.h"

static const char * const booking_apps[] = { "assembly", "schoolbooking", NULL };

typedef struct
{
  char *dir;
  char *path;
} TempFile;

static void
temp_file_init (TempFile *temp)
{
  temp->dir = g_dir_make_tmp ("sandbox-store-XXXXXX", NULL);
  g_assert_nonnull (temp->dir);
  temp->path = g_build_filename (temp->dir, "state.json", NULL);
}

static void
temp_file_clear (TempFile *temp)
{
  g_unlink (temp->path);
  g_assert_cmpint (g_rmdir (temp->dir), ==, 0);
  g_clear_pointer (&temp->dir, g_free);
  g_clear_pointer (&temp->path, g_free);
}

static void
test_invite_codes (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  g_autofree char *normalised = onboard_sandbox_normalize_invite_code (" ark7-q4m2 zp9 ");
  OnboardSandboxInvite *invite;

  g_assert_cmpstr (normalised, ==, "ARK7Q4M2ZP9");

  invite = onboard_sandbox_store_add_invite (store, "Ark7-Q4M2-ZP9", "Oakfield Trust", booking_apps,
                                             g_get_real_time () + G_USEC_PER_SEC, FALSE);
  g_assert_cmpstr (invite->code, ==, "ARK7Q4M2ZP9");
  g_assert_cmpstr (invite->display_code, ==, "ARK7-Q4M2-ZP9");
  g_assert_true (onboard_sandbox_store_lookup_invite (store, "ark7q4m2zp9") == invite);
  g_assert_true (onboard_sandbox_store_lookup_invite (store, "ARK7 Q4M2 ZP9") == invite);
  g_assert_null (onboard_sandbox_store_lookup_invite (store, "ARK7Q4M2ZP8"));
  g_assert_null (onboard_sandbox_store_lookup_invite (store, NULL));
}

static void
test_passwords (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  OnboardSandboxAccount *account;
  OnboardSandboxAccount *other;

  account = onboard_sandbox_store_add_account (store, "Office@Oakfield.sch.uk", "correct horse battery",
                                               booking_apps);
  other = onboard_sandbox_store_add_account (store, "head@oakfield.sch.uk", "correct horse battery",
                                             booking_apps);

  g_assert_cmpstr (account->email, ==, "office@oakfield.sch.uk");
  g_assert_null (strstr (account->password_hash, "correct"));
  /* Salted: one password, two different hashes. */
  g_assert_cmpstr (account->password_hash, !=, other->password_hash);
  g_assert_true (onboard_sandbox_account_check_password (account, "correct horse battery"));
  g_assert_false (onboard_sandbox_account_check_password (account, "correct horse batter"));
  g_assert_false (onboard_sandbox_account_check_password (account, NULL));
  g_assert_false (onboard_sandbox_account_check_password (NULL, "correct horse battery"));

  g_assert_true (onboard_sandbox_store_lookup_account_by_email (store, "OFFICE@oakfield.sch.uk") == account);
  g_assert_cmpuint (onboard_sandbox_store_get_n_accounts (store), ==, 2);

  onboard_sandbox_store_remove_account (store, account);
  g_assert_null (onboard_sandbox_store_lookup_account_by_email (store, "office@oakfield.sch.uk"));
  g_assert_cmpuint (onboard_sandbox_store_get_n_accounts (store), ==, 1);
}

static void
test_registrations (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  OnboardSandboxAccount *account = onboard_sandbox_store_add_account (store, "office@oakfield.sch.uk",
                                                                      "correct horse battery", booking_apps);
  OnboardSandboxRegistration *registration;
  OnboardSandboxConnector *connector;
  g_autofree char *connector_id = NULL;

  registration = onboard_sandbox_store_add_registration (store, account, "100000", "2016005",
                                                         "The Aldgate School", "{\"urn\":\"100000\"}", "sims");
  connector = onboard_sandbox_store_lookup_connector (store, registration->connector_id);
  connector_id = g_strdup (registration->connector_id);

  g_assert_true (g_str_has_prefix (registration->id, "reg_"));
  g_assert_true (g_str_has_prefix (connector->id, "con_"));
  g_assert_cmpstr (account->registration_id, ==, registration->id);
  g_assert_cmpstr (connector->status, ==, "not_configured");
  g_assert_cmpstr (connector->estab, ==, "2016005");
  g_assert_cmpuint (g_strv_length (connector->template_scopes), ==, 3);
  g_assert_true (onboard_sandbox_store_lookup_registration_by_urn (store, "100000") == registration);

  onboard_sandbox_connector_set_status (connector, "authorisation_paused", "authorisation_paused");
  g_assert_cmpstr (connector->status, ==, "authorisation_paused");
  g_assert_cmpstr (connector->status_reason, ==, "authorisation_paused");
  g_assert_cmpint (connector->status_changed_at, >, 0);

  onboard_sandbox_store_remove_registration (store, registration);
  g_assert_null (account->registration_id);
  g_assert_null (onboard_sandbox_store_lookup_registration_by_urn (store, "100000"));
  g_assert_null (onboard_sandbox_store_lookup_connector (store, connector_id));
  g_assert_cmpuint (onboard_sandbox_store_get_n_registrations (store), ==, 0);
}

static void
test_tokens (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  OnboardSandboxToken *access = onboard_sandbox_store_issue_token (store, "acc_1", ONBOARD_SANDBOX_TOKEN_ACCESS,
                                                                   (gint64)3600 * G_USEC_PER_SEC);
  OnboardSandboxToken *refresh = onboard_sandbox_store_issue_token (store, "acc_1", ONBOARD_SANDBOX_TOKEN_REFRESH, 0);
  gint64 now = g_get_real_time ();

  g_assert_true (g_str_has_prefix (access->token, "at_"));
  g_assert_true (g_str_has_prefix (refresh->token, "rt_"));
  g_assert_cmpint (refresh->expires_at, ==, 0);
  g_assert_cmpint (access->expires_at, >, now);

  g_assert_cmpuint (onboard_sandbox_store_expire_tokens (store, ONBOARD_SANDBOX_TOKEN_ACCESS, now), ==, 1);
  g_assert_cmpint (access->expires_at, ==, now);
  g_assert_cmpint (refresh->expires_at, ==, 0);
  /* Already expired tokens are left as they are. */
  g_assert_cmpuint (onboard_sandbox_store_expire_tokens (store, ONBOARD_SANDBOX_TOKEN_ACCESS, now + 1), ==, 0);
}

/* Saving again replaces the file and leaves no temporary file behind;
 * no password is written. */
static void
save_twice (OnboardSandboxStore *store,
            TempFile            *temp)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n_files = 0;

  g_assert_true (onboard_sandbox_store_save (store, temp->path, &error));
  g_assert_no_error (error);
  g_assert_true (onboard_sandbox_store_save (store, temp->path, &error));
  dir = g_dir_open (temp->dir, 0, NULL);
  while (g_dir_read_name (dir))
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_true (g_file_get_contents (temp->path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "correct horse battery"));
}

static void
check_connector_copy (OnboardSandboxStore     *loaded,
                      OnboardSandboxConnector *connector)
{
  OnboardSandboxConnector *copy = onboard_sandbox_store_lookup_connector (loaded, connector->id);

  g_assert_nonnull (copy);
  g_assert_cmpstr (copy->status, ==, "sync_error");
  g_assert_cmpstr (copy->status_reason, ==, "mis_unreachable");
  g_assert_null (copy->estab);
  g_assert_cmpstr (copy->mis_provider, ==, "arbor");
  g_assert_cmpstr (copy->invitation_sent_to, ==, "jo.bloggs@oakfield.sch.uk");
  g_assert_cmpuint (g_strv_length (copy->scopes), ==, 2);
  g_assert_cmpstr (copy->scopes[1], ==, "Student");
  g_assert_cmpint (copy->last_sync_at, ==, 99);
  g_assert_cmpint (copy->status_changed_at, ==, connector->status_changed_at);
}

static void
test_round_trip (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  g_autoptr(OnboardSandboxStore) loaded = onboard_sandbox_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *signup_id = NULL;
  g_autofree char *token = NULL;
  OnboardSandboxInvite *invite;
  OnboardSandboxAccount *account;
  OnboardSandboxSignup *signup;
  OnboardSandboxRegistration *registration;
  OnboardSandboxConnector *connector;
  OnboardSandboxSignup *signup_copy;
  OnboardSandboxAccount *account_copy;
  GPtrArray *mails;
  TempFile temp;

  temp_file_init (&temp);

  invite = onboard_sandbox_store_add_invite (store, "ONE-TIME", "Oakfield Trust", booking_apps,
                                             1234567890123456, FALSE);
  invite->used = TRUE;
  account = onboard_sandbox_store_add_account (store, "office@oakfield.sch.uk", "correct horse battery",
                                               booking_apps);
  account->active = TRUE;
  signup = onboard_sandbox_store_add_signup (store, account, (gint64)72 * 3600 * G_USEC_PER_SEC,
                                             (gint64)60 * G_USEC_PER_SEC);
  signup->activated_at = 42;
  signup_id = g_strdup (signup->id);
  token = g_strdup (onboard_sandbox_store_issue_token (store, account->id, ONBOARD_SANDBOX_TOKEN_REFRESH, 0)->token);
  registration = onboard_sandbox_store_add_registration (store, account, "100000", NULL, "The Aldgate School",
                                                         "{\"urn\":\"100000\",\"name\":\"The Aldgate School\"}",
                                                         "arbor");
  connector = onboard_sandbox_store_lookup_connector (store, registration->connector_id);
  onboard_sandbox_connector_set_status (connector, "sync_error", "mis_unreachable");
  g_strfreev (connector->scopes);
  connector->scopes = g_strsplit ("School,Student", ",", -1);
  connector->invitation_sent_to = g_strdup ("jo.bloggs@oakfield.sch.uk");
  connector->last_sync_at = 99;
  onboard_sandbox_store_add_mail (store, "activation", "office@oakfield.sch.uk", "Activate", "Hello\n\"quoted\"",
                                  "Activate my account", "/__dev/signups/x/activate");

  save_twice (store, &temp);

  g_assert_true (onboard_sandbox_store_load (loaded, temp.path, &error));
  g_assert_no_error (error);

  invite = onboard_sandbox_store_lookup_invite (loaded, "one-time");
  g_assert_nonnull (invite);
  g_assert_cmpstr (invite->display_code, ==, "ONE-TIME");
  g_assert_true (invite->used);
  g_assert_false (invite->reusable);
  g_assert_cmpint (invite->expires_at, ==, 1234567890123456);
  g_assert_cmpuint (g_strv_length (invite->apps), ==, 2);

  account_copy = onboard_sandbox_store_lookup_account_by_email (loaded, "office@oakfield.sch.uk");
  g_assert_nonnull (account_copy);
  g_assert_true (account_copy->active);
  g_assert_cmpstr (account_copy->registration_id, ==, registration->id);
  g_assert_true (onboard_sandbox_account_check_password (account_copy, "correct horse battery"));

  signup_copy = onboard_sandbox_store_lookup_signup (loaded, signup_id);
  g_assert_nonnull (signup_copy);
  g_assert_cmpstr (signup_copy->token, ==, signup->token);
  g_assert_cmpint (signup_copy->activated_at, ==, 42);
  g_assert_cmpint (signup_copy->activation_expires_at, ==, signup->activation_expires_at);

  g_assert_cmpint (onboard_sandbox_store_lookup_token (loaded, token)->kind, ==, ONBOARD_SANDBOX_TOKEN_REFRESH);

  g_assert_nonnull (onboard_sandbox_store_lookup_registration_by_urn (loaded, "100000"));
  check_connector_copy (loaded, connector);

  mails = onboard_sandbox_store_get_mails (loaded);
  g_assert_cmpuint (mails->len, ==, 1);
  g_assert_cmpstr (((OnboardSandboxMail *)g_ptr_array_index (mails, 0))->text, ==, "Hello\n\"quoted\"");
  g_assert_cmpstr (((OnboardSandboxMail *)g_ptr_array_index (mails, 0))->link_path, ==,
                   "/__dev/signups/x/activate");

  temp_file_clear (&temp);
}

static void
test_load_errors (void)
{
  g_autoptr(OnboardSandboxStore) store = onboard_sandbox_store_new ();
  g_autoptr(GError) error = NULL;
  TempFile temp;

  temp_file_init (&temp);

  g_assert_false (onboard_sandbox_store_load (store, temp.path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (temp.path, "[1, 2, 3]", -1, NULL));
  g_assert_false (onboard_sandbox_store_load (store, temp.path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (temp.path, "{\"accounts\": [", -1, NULL));
  g_assert_false (onboard_sandbox_store_load (store, temp.path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Records without their key, or of the wrong shape, are left out. */
  g_assert_true (g_file_set_contents (temp.path,
                                      "{\"accounts\": [{\"email\": \"a@b.uk\"}, 7, "
                                      "{\"id\": \"acc_1\", \"email\": \"c@d.uk\", \"active\": true}],"
                                      " \"connectors\": {\"not\": \"an array\"}}",
                                      -1, NULL));
  g_assert_true (onboard_sandbox_store_load (store, temp.path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (onboard_sandbox_store_get_n_accounts (store), ==, 1);
  g_assert_true (onboard_sandbox_store_lookup_account_by_email (store, "c@d.uk")->active);

  temp_file_clear (&temp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/sandbox-store/invite-codes", test_invite_codes);
  g_test_add_func ("/onboard/sandbox-store/passwords", test_passwords);
  g_test_add_func ("/onboard/sandbox-store/registrations", test_registrations);
  g_test_add_func ("/onboard/sandbox-store/tokens", test_tokens);
  g_test_add_func ("/onboard/sandbox-store/round-trip", test_round_trip);
  g_test_add_func ("/onboard/sandbox-store/load-errors", test_load_errors);

  return g_test_run ();
}
