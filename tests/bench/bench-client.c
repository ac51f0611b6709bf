/* bench-client.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client.h"
#include "onboard-sandbox.h"

/* What one request costs the client against the in-process reference
 * server, so a slow change to the request path shows up as a number. */

#define ROUNDS 200

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        gint64     *times,
        guint       n)
{
  qsort (times, n, sizeof *times, compare_times);
  g_print ("%-44s median %7.3f ms   p95 %7.3f ms   max %7.3f ms\n",
           what,
           times[n / 2] / 1000.0,
           times[n * 95 / 100] / 1000.0,
           times[n - 1] / 1000.0);
}

static void
bench_status (OnboardClient *client)
{
  gint64 times[ROUNDS];

  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(OnboardServiceStatus) status = NULL;
      gint64 start = g_get_monotonic_time ();

      onboard_client_get_status_async (client, NULL, store_result, &result);
      await (&result);
      status = onboard_client_get_status_finish (client, result, NULL);
      g_assert_nonnull (status);
      times[i] = g_get_monotonic_time () - start;
    }

  report ("GET /status (parse + validate)", times, ROUNDS);
}

static char *
register_connector (OnboardSandbox *sandbox,
                    OnboardClient  *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) schools = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gint64 start;

  onboard_sandbox_add_account (sandbox, "bench@oakfield.sch.uk", "correct horse battery 42",
                               &error);
  g_assert_no_error (error);
  onboard_client_sign_in_async (client, "bench@oakfield.sch.uk", "correct horse battery 42",
                                NULL, store_result, &result);
  await (&result);
  g_assert_true (onboard_client_sign_in_finish (client, result, &error));
  g_clear_object (&result);

  start = g_get_monotonic_time ();
  onboard_client_fetch_schools_async (client, NULL, FALSE, NULL, store_result, &result);
  await (&result);
  schools = onboard_client_fetch_schools_finish (client, result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_print ("%-44s %7.1f ms for %" G_GSIZE_FORMAT " bytes\n",
           "GET /schools (download only, no parse)",
           (g_get_monotonic_time () - start) / 1000.0,
           g_bytes_get_size (schools));
  g_clear_object (&result);

  root = json_from_string (g_bytes_get_data (schools, NULL), &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);

  onboard_client_create_school_registration_async (client,
                                                   json_object_get_string_member (
                                                     json_array_get_object_element (array, 0),
                                                     "urn"),
                                                   "sims", NULL, NULL, store_result, &result);
  await (&result);
  registration = onboard_client_create_school_registration_finish (client, result, &error);
  g_assert_no_error (error);

  return g_strdup (onboard_school_registration_get_connector_id (registration));
}

static void
bench_connector (OnboardClient *client,
                 const char    *id)
{
  gint64 times[ROUNDS];

  /* After the first read every poll is a 304 answered from the cache,
   * which is what the status page does every 15 s. */
  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(OnboardConnector) connector = NULL;
      gint64 start = g_get_monotonic_time ();

      onboard_client_get_connector_async (client, id, NULL, store_result, &result);
      await (&result);
      connector = onboard_client_get_connector_finish (client, result, NULL);
      g_assert_nonnull (connector);
      times[i] = g_get_monotonic_time () - start;
    }

  report ("GET /connectors/{id} (304, from the cache)", times, ROUNDS);
}

static void
bench_parse (void)
{
  static const char example[] =
    "{\"object\":\"connector\",\"id\":\"con_8Hq2\",\"urn\":\"100000\",\"estab\":\"2016005\","
    "\"method\":\"xod\",\"mis_provider\":\"sims\",\"status\":\"awaiting_authorisation\","
    "\"status_reason\":null,\"status_changed_at\":\"2026-09-01T10:15:00Z\","
    "\"invitation\":{\"sent_at\":\"2026-09-01T10:14:00Z\",\"sent_to\":\"j***@oakfield.sch.uk\","
    "\"resend_available_at\":\"2026-09-01T10:24:00Z\"},"
    "\"authorisation\":{\"authorised_at\":null,\"scopes\":[],"
    "\"template_scopes\":[\"School\",\"Student\",\"Attendance\"]},"
    "\"sync\":{\"last_sync_at\":null,\"last_sync_status\":null,\"next_sync_at\":null},"
    "\"poll_interval_seconds\":15}";
  g_autoptr(JsonNode) node = json_from_string (example, NULL);
  const guint n = 20000;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnboardConnector) connector = NULL;

      connector = onboard_connector_new_from_json (json_node_get_object (node), NULL);
      g_assert_nonnull (connector);
    }

  g_print ("%-44s %7.2f us per connector\n",
           "Validate the spec's connector JSON",
           (double)(g_get_monotonic_time () - start) / n);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OnboardSandbox) sandbox = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *connector_id = NULL;

  /* Straight to 127.0.0.1: no desktop proxy settings in a benchmark. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  client = onboard_client_new (onboard_sandbox_get_base_url (sandbox));

  bench_parse ();
  bench_status (client);
  connector_id = register_connector (sandbox, client);
  bench_connector (client, connector_id);

  return EXIT_SUCCESS;
}
