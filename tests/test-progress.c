/* test-progress.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "onboard-progress.h"
#include "onboard-test-ui.h"

#define SERVICE       "https://platform.assembly.education/api/onboarding"
#define OTHER_SERVICE "http://127.0.0.1:8123/api/onboarding"

/* What a user types or the service hands out on the way, none of which may
 * reach the progress file. */
#define PASSWORD      "Correct-Horse-Battery-9!"
#define SIGNUP_TOKEN  "st_5ecRetS1gnupT0ken"
#define ACCESS_TOKEN  "at_5ecRetAcce55T0ken"
#define REFRESH_TOKEN "rt_5ecRetRefre5hT0ken"

static char *
dup_state_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "assembly-onboard", NULL);
}

static char *
dup_progress_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "assembly-onboard", "progress.json", NULL);
}

static GPtrArray *
list_state_dir (void)
{
  g_autofree char *dir_path = dup_state_dir ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    }

  return g_steal_pointer (&names);
}

static void
remove_state_dir_contents (void)
{
  g_autofree char *dir_path = dup_state_dir ();
  g_autoptr(GPtrArray) names = list_state_dir ();

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      g_assert_no_errno (g_remove (path));
    }
}

static void
write_progress_file (const char *contents,
                     gssize      length)
{
  g_autofree char *dir_path = dup_state_dir ();
  g_autofree char *path = dup_progress_path ();
  g_autoptr(GError) error = NULL;

  g_assert_no_errno (g_mkdir_with_parents (dir_path, 0700));
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Lets the main loop run until every change made so far is on disk and
 * nothing more is queued, then checks how many writes that took. */
static void
settle (OnboardProgress *progress,
        guint            expected_writes)
{
  wait_until_ms (onboard_progress_get_write_count (progress) >= expected_writes, 10000);

  /* Anything still queued would show up as a further write. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (onboard_progress_get_write_count (progress), ==, expected_writes);
}

static OnboardProgress *
load_progress (const char *service_url)
{
  g_autoptr(OnboardProgress) progress = onboard_progress_new (service_url);
  g_autoptr(GError) error = NULL;

  g_assert_true (onboard_progress_load (progress, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&progress);
}

static void
fill_progress (OnboardProgress *progress)
{
  const char * const apps[] = { "assembly", "schoolbooking", NULL };

  onboard_progress_set_step (progress, 4);
  onboard_progress_set_email (progress, "office@oakfield.sch.uk");
  onboard_progress_set_signup_id (progress, "sgn_8f2a61c0");
  onboard_progress_set_apps (progress, apps);
  onboard_progress_set_school_urn (progress, "100000");
  onboard_progress_set_school_name (progress, "The Aldgate School");
  onboard_progress_set_mis_provider (progress, "isams");
  onboard_progress_set_registration_id (progress, "reg_27c1");
  onboard_progress_set_connector_id (progress, "con_9d04");
  onboard_progress_set_connector_status (progress, "awaiting_authorisation");
}

static void
assert_fresh (OnboardProgress *progress)
{
  g_assert_cmpuint (onboard_progress_get_step (progress), ==, 1);
  g_assert_null (onboard_progress_get_email (progress));
  g_assert_null (onboard_progress_get_signup_id (progress));
  g_assert_null (onboard_progress_get_apps (progress));
  g_assert_null (onboard_progress_get_school_urn (progress));
  g_assert_null (onboard_progress_get_school_name (progress));
  g_assert_null (onboard_progress_get_mis_provider (progress));
  g_assert_null (onboard_progress_get_registration_id (progress));
  g_assert_null (onboard_progress_get_connector_id (progress));
  g_assert_null (onboard_progress_get_connector_status (progress));
  g_assert_null (onboard_progress_get_updated_at (progress));
}

static void
test_progress_fresh_start (void)
{
  OnboardProgress *progress = load_progress (SERVICE);
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *path = dup_progress_path ();

  assert_fresh (progress);
  g_assert_null (onboard_progress_get_recovery_message (progress));
  g_assert_cmpstr (onboard_progress_get_path (progress), ==, path);

  /* Reading, or saving with nothing changed, creates nothing. */
  g_assert_true (onboard_progress_save_sync (progress, NULL));
  names = list_state_dir ();
  g_assert_cmpuint (names->len, ==, 0);

  g_assert_finalize_object (progress);
}

static void
test_progress_round_trip (void)
{
  OnboardProgress *written = onboard_progress_new (SERVICE);
  OnboardProgress *read;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *path = dup_progress_path ();
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char * const *apps;
  JsonObject *root;
  GStatBuf st;

  fill_progress (written);
  g_assert_nonnull (onboard_progress_get_updated_at (written));
  updated_at = g_date_time_ref (onboard_progress_get_updated_at (written));
  settle (written, 1);
  g_assert_finalize_object (written);

  read = load_progress (SERVICE);
  g_assert_null (onboard_progress_get_recovery_message (read));
  g_assert_cmpuint (onboard_progress_get_step (read), ==, 4);
  g_assert_cmpstr (onboard_progress_get_email (read), ==, "office@oakfield.sch.uk");
  g_assert_cmpstr (onboard_progress_get_signup_id (read), ==, "sgn_8f2a61c0");
  apps = onboard_progress_get_apps (read);
  g_assert_nonnull (apps);
  g_assert_cmpstr (apps[0], ==, "assembly");
  g_assert_cmpstr (apps[1], ==, "schoolbooking");
  g_assert_null (apps[2]);
  g_assert_cmpstr (onboard_progress_get_school_urn (read), ==, "100000");
  g_assert_cmpstr (onboard_progress_get_school_name (read), ==, "The Aldgate School");
  g_assert_cmpstr (onboard_progress_get_mis_provider (read), ==, "isams");
  g_assert_cmpstr (onboard_progress_get_registration_id (read), ==, "reg_27c1");
  g_assert_cmpstr (onboard_progress_get_connector_id (read), ==, "con_9d04");
  g_assert_cmpstr (onboard_progress_get_connector_status (read), ==, "awaiting_authorisation");
  g_assert_nonnull (onboard_progress_get_updated_at (read));
  g_assert_true (g_date_time_equal (onboard_progress_get_updated_at (read), updated_at));
  g_assert_cmpstr (onboard_progress_get_service_url (read), ==, SERVICE);
  /* Reading is not a change: nothing is written back. */
  settle (read, 0);
  g_assert_finalize_object (read);

  /* Only the owner may read where a school's onboarding stands. */
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, contents, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "services"), SERVICE));
}

static void
test_progress_atomic (void)
{
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  g_autoptr(GPtrArray) names = NULL;

  for (guint step = 2; step <= 5; step++)
    {
      onboard_progress_set_step (progress, step);
      settle (progress, step - 1);
    }

  onboard_progress_set_school_name (progress, "Oakfield Primary School");
  g_assert_true (onboard_progress_save_sync (progress, NULL));
  g_assert_cmpuint (onboard_progress_get_write_count (progress), ==, 5);
  settle (progress, 5);

  /* g_file_set_contents() writes progress.json.XXXXXX and renames it: no
   * such file may be left behind, and nothing else either. */
  names = list_state_dir ();
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "progress.json");

  g_assert_finalize_object (progress);
}

static void
test_progress_coalesce (void)
{
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  OnboardProgress *read;

  /* Ten changes in one main-loop iteration: one write. */
  fill_progress (progress);
  g_assert_cmpuint (onboard_progress_get_write_count (progress), ==, 0);
  settle (progress, 1);

  /* Setting what is already there is not a change. */
  onboard_progress_set_step (progress, 4);
  onboard_progress_set_school_urn (progress, "100000");
  settle (progress, 1);

  onboard_progress_set_connector_status (progress, "authorised");
  onboard_progress_set_step (progress, 5);
  settle (progress, 2);

  read = load_progress (SERVICE);
  g_assert_cmpuint (onboard_progress_get_step (read), ==, 5);
  g_assert_cmpstr (onboard_progress_get_connector_status (read), ==, "authorised");
  g_assert_finalize_object (read);

  g_assert_finalize_object (progress);
}

static void
test_progress_flush_on_dispose (void)
{
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  OnboardProgress *read;

  /* Quit straight after a change, with no main-loop iteration between. */
  onboard_progress_set_step (progress, 3);
  g_assert_finalize_object (progress);

  read = load_progress (SERVICE);
  g_assert_cmpuint (onboard_progress_get_step (read), ==, 3);
  g_assert_finalize_object (read);
}

static void
test_progress_damaged (void)
{
  g_autofree char *huge = NULL;
  g_autofree char *long_name = g_strnfill (2000, 'a');
  g_autofree char *long_name_file = NULL;
  const struct {
    const char *what;
    const char *contents;
  } cases[] = {
    { "empty", "" },
    { "not JSON", "this is not JSON" },
    { "truncated", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":4," },
    { "invalid UTF-8", "{\"version\":1,\"services\":{\"\xff\xfe\":{\"step\":2}}}" },
    { "an array", "[1,2,3]" },
    { "no version", "{\"services\":{}}" },
    { "version as a string", "{\"version\":\"1\",\"services\":{}}" },
    { "a newer version", "{\"version\":2,\"services\":{}}" },
    { "no services", "{\"version\":1}" },
    { "services as an array", "{\"version\":1,\"services\":[]}" },
    { "an entry that is a string", "{\"version\":1,\"services\":{\"" SERVICE "\":\"step 4\"}}" },
    { "no step", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"email\":\"a@b.uk\"}}}" },
    { "step as a string", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":\"4\"}}}" },
    { "step as a fraction", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":4.5}}}" },
    { "step 0", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":0}}}" },
    { "step 99", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":99}}}" },
    { "step -3", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":-3}}}" },
    { "email as a number", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2,\"email\":42}}}" },
    { "a control character", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2,\"email\":\"a\\u0007@b.uk\"}}}" },
    { "a URN of letters", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":3,\"school_urn\":\"ABC123\"}}}" },
    { "a seven-digit URN", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":3,\"school_urn\":\"1000000\"}}}" },
    { "an MIS with spaces", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":3,\"mis_provider\":\"rm; rf\"}}}" },
    { "apps as a string", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2,\"apps\":\"assembly\"}}}" },
    { "apps holding numbers", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2,\"apps\":[1,2]}}}" },
    { "updated_at not a time", "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2,\"updated_at\":\"yesterday\"}}}" },
    { "another service's entry damaged",
      "{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":2},\"" OTHER_SERVICE "\":{\"step\":77}}}" },
    { "an absurdly long school name", NULL },
    { "a file far too big to be ours", NULL },
  };

  long_name_file = g_strdup_printf ("{\"version\":1,\"services\":{\"" SERVICE "\":{\"step\":3,\"school_name\":\"%s\"}}}",
                                    long_name);
  huge = g_strnfill (2 * 1024 * 1024, ' ');
  memcpy (huge, "{\"version\":1,\"services\":{}", strlen ("{\"version\":1,\"services\":{}"));
  huge[2 * 1024 * 1024 - 1] = '}';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *contents = cases[i].contents;
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *damaged_path = NULL;
      g_autofree char *damaged = NULL;
      g_autoptr(GError) error = NULL;
      OnboardProgress *progress;
      OnboardProgress *again;

      g_test_message ("Damaged file: %s", cases[i].what);

      if (contents == NULL)
        contents = i == G_N_ELEMENTS (cases) - 1 ? huge : long_name_file;

      write_progress_file (contents, -1);

      progress = onboard_progress_new (SERVICE);
      g_assert_true (onboard_progress_load (progress, &error));
      g_assert_no_error (error);

      /* A fresh start, with a sentence saying so. */
      assert_fresh (progress);
      g_assert_nonnull (onboard_progress_get_recovery_message (progress));
      g_assert_cmpuint (strlen (onboard_progress_get_recovery_message (progress)), >, 20);

      /* Set aside, as it was, for support. */
      names = list_state_dir ();
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (names, 0), "progress.json.damaged-"));
      damaged_path = g_build_filename (g_get_user_state_dir (), "assembly-onboard",
                                       g_ptr_array_index (names, 0), NULL);
      g_file_get_contents (damaged_path, &damaged, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (damaged, ==, contents);

      /* The app carries on and its next start is a normal one. */
      onboard_progress_set_step (progress, 2);
      settle (progress, 1);
      g_assert_finalize_object (progress);

      again = load_progress (SERVICE);
      g_assert_null (onboard_progress_get_recovery_message (again));
      g_assert_cmpuint (onboard_progress_get_step (again), ==, 2);
      g_assert_finalize_object (again);

      remove_state_dir_contents ();
    }
}

static void
test_progress_unreadable (void)
{
  g_autofree char *path = dup_progress_path ();
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  g_autoptr(GError) error = NULL;

  /* Not a damaged file but no file at all: nothing to set aside. */
  g_assert_no_errno (g_mkdir_with_parents (path, 0700));

  g_assert_false (onboard_progress_load (progress, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_null (onboard_progress_get_recovery_message (progress));
  assert_fresh (progress);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));

  g_assert_finalize_object (progress);
}

static void
test_progress_other_service (void)
{
  OnboardProgress *real = onboard_progress_new (SERVICE);
  OnboardProgress *test_service;
  OnboardProgress *again;

  fill_progress (real);
  settle (real, 1);
  g_assert_finalize_object (real);

  /* A run against a test service starts fresh… */
  test_service = load_progress (OTHER_SERVICE);
  assert_fresh (test_service);
  g_assert_null (onboard_progress_get_recovery_message (test_service));
  onboard_progress_set_step (test_service, 2);
  onboard_progress_set_email (test_service, "tester@example.org");
  settle (test_service, 1);
  g_assert_finalize_object (test_service);

  /* …and leaves the real progress alone; a trailing slash is the same
   * service. */
  again = load_progress (SERVICE "/");
  g_assert_cmpuint (onboard_progress_get_step (again), ==, 4);
  g_assert_cmpstr (onboard_progress_get_email (again), ==, "office@oakfield.sch.uk");
  g_assert_cmpstr (onboard_progress_get_connector_id (again), ==, "con_9d04");
  onboard_progress_set_step (again, 5);
  settle (again, 1);
  g_assert_finalize_object (again);

  test_service = load_progress (OTHER_SERVICE);
  g_assert_cmpuint (onboard_progress_get_step (test_service), ==, 2);
  g_assert_cmpstr (onboard_progress_get_email (test_service), ==, "tester@example.org");
  g_assert_null (onboard_progress_get_connector_id (test_service));
  g_assert_finalize_object (test_service);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  GHashTable *counts = user_data;
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer)name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
notify_count (GHashTable *counts,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_progress_reset (void)
{
  g_autofree char *path = dup_progress_path ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  OnboardProgress *other = onboard_progress_new (OTHER_SERVICE);
  OnboardProgress *read;

  onboard_progress_set_step (other, 2);
  settle (other, 1);
  g_assert_finalize_object (other);

  g_assert_true (onboard_progress_load (progress, NULL));
  fill_progress (progress);
  settle (progress, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_signal_connect (progress, "notify", G_CALLBACK (count_notify), counts);
  g_assert_true (onboard_progress_reset (progress, &error));
  g_assert_no_error (error);

  assert_fresh (progress);
  g_assert_cmpuint (notify_count (counts, "step"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "school-urn"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "connector-id"), ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A write already queued or in flight must not bring the file back. */
  onboard_progress_set_step (progress, 3);
  g_main_context_iteration (NULL, FALSE);
  g_assert_true (onboard_progress_reset (progress, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (G_USEC_PER_SEC / 10);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_finalize_object (progress);

  /* Everything is forgotten, for every service. */
  read = load_progress (SERVICE);
  assert_fresh (read);
  g_assert_finalize_object (read);
  read = load_progress (OTHER_SERVICE);
  assert_fresh (read);
  g_assert_finalize_object (read);
}

static void
test_progress_notify (void)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  const char * const apps[] = { "assembly", NULL };
  const char * const same_apps[] = { "assembly", NULL };

  g_signal_connect (progress, "notify", G_CALLBACK (count_notify), counts);

  onboard_progress_set_school_urn (progress, "100000");
  onboard_progress_set_school_urn (progress, "100000");
  g_assert_cmpuint (notify_count (counts, "school-urn"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "updated-at"), ==, 1);

  onboard_progress_set_apps (progress, apps);
  onboard_progress_set_apps (progress, same_apps);
  g_assert_cmpuint (notify_count (counts, "apps"), ==, 1);

  /* "" is the same as nothing. */
  onboard_progress_set_email (progress, "");
  g_assert_cmpuint (notify_count (counts, "email"), ==, 0);
  g_assert_null (onboard_progress_get_email (progress));

  g_object_set (progress, "step", 2, "connector-status", "syncing", NULL);
  g_assert_cmpuint (notify_count (counts, "step"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "connector-status"), ==, 1);
  g_assert_cmpuint (onboard_progress_get_step (progress), ==, 2);
  g_assert_cmpstr (onboard_progress_get_connector_status (progress), ==, "syncing");

  settle (progress, 1);
  g_assert_finalize_object (progress);
}

static void
test_progress_refuses_absurd (void)
{
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  g_autofree char *long_name = g_strnfill (600, 'x');
  const char * const bad_apps[] = { "Assembly App", NULL };

  onboard_progress_set_school_urn (progress, "100000");
  onboard_progress_set_step (progress, 3);

  /* Each would make a file the next start sets aside as damaged. */
  g_test_expect_message ("onboard-progress", G_LOG_LEVEL_CRITICAL, "*field_value_is_valid*");
  onboard_progress_set_school_urn (progress, "12345");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (onboard_progress_get_school_urn (progress), ==, "100000");

  g_test_expect_message ("onboard-progress", G_LOG_LEVEL_CRITICAL, "*step_is_valid*");
  onboard_progress_set_step (progress, 6);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (onboard_progress_get_step (progress), ==, 3);

  g_test_expect_message ("onboard-progress", G_LOG_LEVEL_CRITICAL, "*field_value_is_valid*");
  onboard_progress_set_school_name (progress, long_name);
  g_test_assert_expected_messages ();
  g_assert_null (onboard_progress_get_school_name (progress));

  g_test_expect_message ("onboard-progress", G_LOG_LEVEL_CRITICAL, "*apps_are_valid*");
  onboard_progress_set_apps (progress, bad_apps);
  g_test_assert_expected_messages ();
  g_assert_null (onboard_progress_get_apps (progress));

  settle (progress, 1);
  g_assert_finalize_object (progress);
}

static void
test_progress_summary (void)
{
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  before = onboard_progress_dup_summary (progress);
  g_assert_cmpstr (before, ==, "step 1 of 5; no school yet; no Connection ID yet");

  fill_progress (progress);
  after = onboard_progress_dup_summary (progress);
  g_assert_true (g_str_has_prefix (after, "step 4 of 5; school 100000 The Aldgate School; MIS isams; "
                                          "Connection ID con_9d04, status awaiting_authorisation; updated 20"));
  g_assert_null (strchr (after, '\n'));
  g_assert_null (strstr (after, "oakfield.sch.uk"));
  g_assert_null (strstr (after, "sgn_"));

  settle (progress, 1);
  g_assert_finalize_object (progress);
}

/* Where the window carries on, and where Back may go, come from what the
 * service said, not only from the furthest step reached. */
static void
test_progress_resume_step (void)
{
  const char *url = "https://resume.example.org/api/onboarding";
  g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
  static const struct {
    guint       step;
    const char *registration;
    const char *status;
    guint       resume;
    gboolean    changeable[5];
  } cases[] = {
    { 1, NULL, NULL, 1, { TRUE, TRUE, TRUE, FALSE, FALSE } },
    { 2, NULL, NULL, 2, { TRUE, TRUE, TRUE, FALSE, FALSE } },
    { 3, NULL, NULL, 3, { TRUE, FALSE, TRUE, FALSE, FALSE } },
    /* The service forgot the school: back to choosing it. */
    { 5, NULL, NULL, 3, { TRUE, FALSE, TRUE, FALSE, FALSE } },
    /* Registered on another computer: on to Step 4. */
    { 3, "reg_1", "not_configured", 4, { TRUE, FALSE, TRUE, TRUE, FALSE } },
    { 4, "reg_1", "invitation_failed", 4, { TRUE, FALSE, TRUE, TRUE, FALSE } },
    { 4, "reg_1", "awaiting_authorisation", 4, { TRUE, FALSE, FALSE, FALSE, FALSE } },
    { 4, "reg_1", "authorised", 5, { TRUE, FALSE, FALSE, FALSE, FALSE } },
    { 4, "reg_1", "connected", 5, { TRUE, FALSE, FALSE, FALSE, FALSE } },
    /* Withdrawn in Groupcall: Step 4 can be done again. */
    { 5, "reg_1", "revoked", 5, { TRUE, FALSE, TRUE, TRUE, FALSE } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      onboard_progress_set_step (progress, cases[i].step);
      onboard_progress_set_registration_id (progress, cases[i].registration);
      onboard_progress_set_connector_status (progress, cases[i].status);

      g_test_message ("step %u, %s, %s", cases[i].step, cases[i].registration, cases[i].status);
      g_assert_cmpuint (onboard_progress_get_resume_step (progress), ==, cases[i].resume);
      for (guint step = 1; step <= 5; step++)
        g_assert_cmpint (onboard_progress_get_step_changeable (progress, step), ==, cases[i].changeable[step - 1]);
    }

  settle (progress, 1);
}

static void
scan_for_secrets (const char *path)
{
  static const char *forbidden[] = {
    PASSWORD, SIGNUP_TOKEN, ACCESS_TOKEN, REFRESH_TOKEN, "password", "token", "secret", "bearer",
  };
  g_autoptr(GDir) dir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, &error);
      g_assert_no_error (error);

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          scan_for_secrets (child);
        }
      return;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  folded = g_ascii_strdown (contents, -1);

  g_test_message ("Scanned %s", path);
  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *needle = g_ascii_strdown (forbidden[i], -1);

      if (strstr (folded, needle) != NULL)
        g_error ("%s holds “%s”", path, forbidden[i]);
    }
}

static void
test_progress_no_secrets (void)
{
  static const char *allowed[] = {
    "service-url", "updated-at", "step", "apps", "email", "signup-id", "school-urn",
    "school-name", "mis-provider", "registration-id", "connector-id", "connector-status",
    /* Not a secret: the code from the school's invite email, kept only
     * so that Change Email after a restart can offer it again. */
    "invite-code",
    /* Where the file is: practice mode keeps one of its own. */
    "path",
  };
  g_autofree GParamSpec **pspecs = NULL;
  g_autofree char *path = dup_progress_path ();
  OnboardProgress *progress = onboard_progress_new (SERVICE);
  OnboardProgress *other = onboard_progress_new (OTHER_SERVICE);
  const char *dirs[] = {
    g_get_home_dir (),
    g_get_user_state_dir (),
    g_get_user_data_dir (),
    g_get_user_config_dir (),
    g_get_user_cache_dir (),
    g_get_user_runtime_dir (),
  };
  guint n_pspecs;

  /* There is nowhere to put a secret: every property is one of these, so
   * adding one makes this test fail until it is looked at. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (progress), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, G_N_ELEMENTS (allowed));
  for (guint i = 0; i < n_pspecs; i++)
    g_assert_true (g_strv_contains (allowed, g_param_spec_get_name (pspecs[i])));

  /* Everything set, as after a sign-up with the password and tokens above,
   * for two services, written both ways. */
  fill_progress (progress);
  fill_progress (other);
  onboard_progress_set_connector_status (other, "connected");
  settle (progress, 1);
  settle (other, 1);
  g_assert_finalize_object (other);
  onboard_progress_set_step (progress, 5);
  g_assert_true (onboard_progress_save_sync (progress, NULL));
  g_assert_finalize_object (progress);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    scan_for_secrets (dirs[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/progress/fresh-start", test_progress_fresh_start);
  g_test_add_func ("/onboard/progress/round-trip", test_progress_round_trip);
  g_test_add_func ("/onboard/progress/atomic", test_progress_atomic);
  g_test_add_func ("/onboard/progress/coalesce", test_progress_coalesce);
  g_test_add_func ("/onboard/progress/flush-on-dispose", test_progress_flush_on_dispose);
  g_test_add_func ("/onboard/progress/damaged", test_progress_damaged);
  g_test_add_func ("/onboard/progress/unreadable", test_progress_unreadable);
  g_test_add_func ("/onboard/progress/other-service", test_progress_other_service);
  g_test_add_func ("/onboard/progress/reset", test_progress_reset);
  g_test_add_func ("/onboard/progress/notify", test_progress_notify);
  g_test_add_func ("/onboard/progress/refuses-absurd", test_progress_refuses_absurd);
  g_test_add_func ("/onboard/progress/summary", test_progress_summary);
  g_test_add_func ("/onboard/progress/resume-step", test_progress_resume_step);
  g_test_add_func ("/onboard/progress/no-secrets", test_progress_no_secrets);

  return g_test_run ();
}
