/* test-school-catalogue.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-client.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-school-catalogue.h"
#include "onboard-test-ui.h"

/* Where Step 3's list comes from: the first run downloads it and keeps it;
 * later runs read the copy, ask the service with If-None-Match and download
 * nothing; without the service the copy still serves; without either the
 * catalogue says why and can try again.
 */

/* The fixture's open schools; one more row is closed and never served. */
#define FIXTURE_N_OPEN 15

typedef struct
{
  OnboardSandbox *sandbox;
  char           *base_url;
  guint           port;
  char           *cache_dir;
} Fixture;

static OnboardSandbox *
start_sandbox (guint port)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "schools-step3.csv", NULL);
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(GError) error = NULL;

  onboard_sandbox_load_schools (sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_listen (sandbox, port, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&sandbox);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->sandbox = start_sandbox (0);
  fixture->base_url = g_strdup (onboard_sandbox_get_base_url (fixture->sandbox));
  fixture->port = onboard_sandbox_get_port (fixture->sandbox);
  fixture->cache_dir = g_build_filename (g_get_user_cache_dir (), "assembly-onboard", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *body = g_build_filename (fixture->cache_dir, "schools.json", NULL);
  g_autofree char *etag = g_build_filename (fixture->cache_dir, "schools.etag", NULL);

  g_clear_object (&fixture->sandbox);
  g_unlink (body);
  g_unlink (etag);
  g_rmdir (fixture->cache_dir);
  g_clear_pointer (&fixture->cache_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
}

static OnboardClient *
new_client (Fixture *fixture)
{
  OnboardClient *client = onboard_client_new (fixture->base_url);

  onboard_client_set_retry_base_ms (client, 10);

  return client;
}

static gboolean
is_settled (gpointer data)
{
  OnboardSchoolCatalogueState state = onboard_school_catalogue_get_state (data);

  return state == ONBOARD_SCHOOL_CATALOGUE_READY || state == ONBOARD_SCHOOL_CATALOGUE_FAILED;
}

static gboolean
is_fresh (gpointer data)
{
  return onboard_school_catalogue_get_downloads (data) > 0 &&
         !onboard_school_catalogue_get_from_cache (data);
}

typedef struct
{
  OnboardClient *client;
  const char    *line;
} LogWait;

static gboolean
log_has_line (gpointer data)
{
  LogWait *wait = data;

  return count_log_lines (wait->client, wait->line) > 0;
}

static gboolean
log_has_two_304s (gpointer data)
{
  return count_log_lines (data, "GET /schools 304") == 2;
}

static void
wait_for_request (OnboardClient *client,
                  const char    *line)
{
  LogWait wait = { client, line };

  wait_until (log_has_line (&wait));
}

static void
load_once_from_service (Fixture *fixture)
{
  g_autoptr(OnboardClient) client = new_client (fixture);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);

  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
}

static void
test_first_run_downloads_and_caches (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(OnboardClient) client = new_client (fixture);
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autofree char *body_path = g_build_filename (fixture->cache_dir, "schools.json", NULL);
  g_autofree char *etag_path = g_build_filename (fixture->cache_dir, "schools.etag", NULL);
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  OnboardSchoolDirectory *directory;

  g_assert_false (g_file_test (body_path, G_FILE_TEST_EXISTS));

  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_EMPTY);

  onboard_school_catalogue_load (catalogue);
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_LOADING);
  wait_until (is_settled (catalogue));

  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_null (onboard_school_catalogue_get_error (catalogue));
  g_assert_false (onboard_school_catalogue_get_from_cache (catalogue));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
  g_assert_cmpuint (count_log_lines (client, "GET /schools 200"), ==, 1);

  directory = onboard_school_catalogue_get_directory (catalogue);
  g_assert_nonnull (directory);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, FIXTURE_N_OPEN);

  /* The copy on disk is the body as served, with the ETag that names it. */
  g_assert_true (g_file_get_contents (body_path, &body, NULL, NULL));
  g_assert_nonnull (strstr (body, "Rosemary Primary School"));
  g_assert_null (strstr (body, "St Mary's Infant School"));
  g_assert_true (g_file_get_contents (etag_path, &etag, NULL, NULL));
  g_assert_cmpuint (strlen (etag), >, 2);
  g_assert_true (etag[0] == '"' || g_str_has_prefix (etag, "W/\""));
}

static void
test_second_run_revalidates (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;

  load_once_from_service (fixture);

  /* A new run: a new client and catalogue over the same cache folder. */
  client = new_client (fixture);
  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  wait_for_request (client, "GET /schools 304");

  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_true (onboard_school_catalogue_get_from_cache (catalogue));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 0);
  g_assert_cmpuint (count_log_lines (client, "GET /schools 200"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onboard_school_catalogue_get_directory (catalogue))),
                    ==, FIXTURE_N_OPEN);
}

static void
load_again_cb (OnboardSchoolCatalogue *catalogue)
{
  if (onboard_school_catalogue_get_state (catalogue) == ONBOARD_SCHOOL_CATALOGUE_READY)
    onboard_school_catalogue_load (catalogue);
}

static void
test_load_during_refresh_is_ignored (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;

  load_once_from_service (fixture);

  client = new_client (fixture);
  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  /* Ready from the cache, the refresh just sent: a Try Again now (or the
   * page asking as it opens) must not send a second one. */
  g_signal_connect (catalogue, "notify::state", G_CALLBACK (load_again_cb), NULL);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  wait_for_request (client, "GET /schools 304");

  /* Long enough for a second request to the same in-process server. */
  iterate_for (250);

  g_assert_cmpuint (count_log_lines (client, "GET /schools"), ==, 1);
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);

  /* Once it is over, load() refreshes again. */
  g_signal_handlers_disconnect_by_func (catalogue, load_again_cb, NULL);
  onboard_school_catalogue_load (catalogue);
  wait_until (log_has_two_304s (client));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 0);
}

static void
test_changed_list_replaces_copy (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autofree char *other_list = g_test_build_filename (G_TEST_DIST, "fixtures", "edubasealldata-sample.csv", NULL);
  g_autofree char *etag_path = g_build_filename (fixture->cache_dir, "schools.etag", NULL);
  g_autofree char *old_etag = NULL;
  g_autofree char *new_etag = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolDirectory *directory;

  load_once_from_service (fixture);
  g_assert_true (g_file_get_contents (etag_path, &old_etag, NULL, NULL));

  /* The service's list changed since: the same port now serves another
   * one, the GIAS download sample with its five open schools. */
  g_clear_object (&fixture->sandbox);
  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, other_list, &error);
  g_assert_no_error (error);
  onboard_sandbox_listen (fixture->sandbox, fixture->port, &error);
  g_assert_no_error (error);

  client = new_client (fixture);
  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  wait_until (is_fresh (catalogue));

  directory = onboard_school_catalogue_get_directory (catalogue);
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
  g_assert_cmpuint (count_log_lines (client, "GET /schools 200"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 5);

  g_assert_true (g_file_get_contents (etag_path, &new_etag, NULL, NULL));
  g_assert_cmpstr (new_etag, !=, old_etag);
}

static void
test_offline_with_cache_is_ready (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;

  load_once_from_service (fixture);
  g_clear_object (&fixture->sandbox);

  client = new_client (fixture);
  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  wait_for_request (client, "GET /schools network error");

  /* The failed refresh takes nothing away. */
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_null (onboard_school_catalogue_get_error (catalogue));
  g_assert_true (onboard_school_catalogue_get_from_cache (catalogue));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onboard_school_catalogue_get_directory (catalogue))),
                    ==, FIXTURE_N_OPEN);
}

static void
test_offline_without_cache_fails_then_retries (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  const GError *failure;

  g_clear_object (&fixture->sandbox);

  client = new_client (fixture);
  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));

  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_FAILED);
  g_assert_null (onboard_school_catalogue_get_directory (catalogue));
  failure = onboard_school_catalogue_get_error (catalogue);
  g_assert_nonnull (failure);
  g_assert_true (failure->domain == ONBOARD_CLIENT_ERROR);
  g_assert_cmpuint (strlen (failure->message), >, 10);

  /* The service is back: load() is the Try Again. */
  fixture->sandbox = start_sandbox (fixture->port);
  onboard_school_catalogue_load (catalogue);
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_LOADING);
  wait_until (is_settled (catalogue));

  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_null (onboard_school_catalogue_get_error (catalogue));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onboard_school_catalogue_get_directory (catalogue))),
                    ==, FIXTURE_N_OPEN);
}

static void
test_damaged_cache_is_replaced (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OnboardClient) client = new_client (fixture);
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autofree char *body_path = g_build_filename (fixture->cache_dir, "schools.json", NULL);
  g_autofree char *etag_path = g_build_filename (fixture->cache_dir, "schools.etag", NULL);
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;

  load_once_from_service (fixture);

  /* Cut short, as by a full disk or a crash mid-write. */
  g_assert_true (g_file_get_contents (body_path, &body, NULL, NULL));
  g_file_set_contents (body_path, body, strlen (body) / 2, &error);
  g_assert_no_error (error);

  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));

  /* The stale ETag must not be sent for a copy we could not read: a 304
   * would leave the user with nothing. */
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_false (onboard_school_catalogue_get_from_cache (catalogue));
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
  g_assert_cmpuint (count_log_lines (client, "GET /schools 304"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (onboard_school_catalogue_get_directory (catalogue))),
                    ==, FIXTURE_N_OPEN);

  /* And the copy on disk is whole again. */
  g_clear_pointer (&body, g_free);
  g_assert_true (g_file_get_contents (body_path, &body, NULL, NULL));
  g_assert_nonnull (strstr (body, "Riverside Primary School"));
  g_assert_true (g_file_test (etag_path, G_FILE_TEST_IS_REGULAR));
}

static void
test_server_error_without_cache_fails (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(OnboardClient) client = new_client (fixture);
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  /* More 503s than the client retries. */
  onboard_sandbox_add_fault (fixture->sandbox, "{\"path\":\"/schools\",\"status\":503,\"count\":3}", &error);
  g_assert_no_error (error);

  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));

  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_FAILED);
  g_assert_error (onboard_school_catalogue_get_error (catalogue), ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (count_log_lines (client, "GET /schools 503"), ==, 3);

  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_cmpuint (onboard_school_catalogue_get_downloads (catalogue), ==, 1);
}

static void
test_unreadable_list_is_not_cached (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(OnboardClient) client = new_client (fixture);
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autofree char *body_path = g_build_filename (fixture->cache_dir, "schools.json", NULL);
  g_autofree char *etag_path = g_build_filename (fixture->cache_dir, "schools.etag", NULL);
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;

  /* A 200 that is no list of schools (a proxy's page, a broken service):
   * nothing of it reaches the disk, so the next start does not begin
   * from it. */
  onboard_sandbox_add_fault (fixture->sandbox, "{\"path\":\"/schools\",\"body\":\"[{\\\"urn\\\":\",\"count\":1}",
                             &error);
  g_assert_no_error (error);

  catalogue = onboard_school_catalogue_new (client, fixture->cache_dir);
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_FAILED);
  g_assert_false (g_file_test (body_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (etag_path, G_FILE_TEST_EXISTS));

  /* The next answer parses, and only then is it kept. */
  onboard_school_catalogue_load (catalogue);
  wait_until (is_settled (catalogue));
  g_assert_cmpint (onboard_school_catalogue_get_state (catalogue), ==, ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_true (g_file_get_contents (body_path, &body, NULL, NULL));
  g_assert_nonnull (strstr (body, "Rosemary Primary School"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/onboard/school-catalogue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("first-run-downloads-and-caches", test_first_run_downloads_and_caches);
  ADD ("second-run-revalidates", test_second_run_revalidates);
  ADD ("load-during-refresh-is-ignored", test_load_during_refresh_is_ignored);
  ADD ("changed-list-replaces-copy", test_changed_list_replaces_copy);
  ADD ("offline-with-cache-is-ready", test_offline_with_cache_is_ready);
  ADD ("offline-without-cache-fails-then-retries", test_offline_without_cache_fails_then_retries);
  ADD ("damaged-cache-is-replaced", test_damaged_cache_is_replaced);
  ADD ("server-error-without-cache-fails", test_server_error_without_cache_fails);
  ADD ("unreadable-list-is-not-cached", test_unreadable_list_is_not_cached);

#undef ADD

  return g_test_run ();
}
