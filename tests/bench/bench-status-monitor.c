/* bench-status-monitor.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "onboard-status-monitor.h"

/* What an hour of waiting in awaiting_authorisation costs: requests, bytes
 * on the wire and CPU time, with the status monitor watching a connector on
 * the reference server (run as its own process, so its CPU time is not
 * counted here). Every byte passes through a relay in this process that
 * counts it, headers included.
 *
 * The server's poll interval is cut from 15 s to 1 s, and the monitor's
 * slow-down (after 10 minutes, every 60 s) by the same factor of 15, so the
 * measured minute stands for a quarter of an hour at the real pace.
 *
 * Usage: bench-status-monitor ASSEMBLY-SANDBOX [SECONDS]
 */

#define REAL_POLL_INTERVAL 15
#define TIME_SCALE         15
#define EMAIL              "bench@oakfield.sch.uk"
#define PASSWORD           "violet-harbour-lantern-58"
#define URN                "100000"

/* Targets for an hour of waiting. */
#define MAX_REQUESTS_PER_HOUR 240
#define MAX_BYTES_PER_HOUR    (100 * 1000)
#define MIN_NOT_MODIFIED      0.90
#define MAX_CPU_PER_HOUR      1.0

/* The byte-counting relay ------------------------------------------------ */

static gssize bytes_sent;
static gssize bytes_received;
static guint16 sandbox_port;

typedef struct
{
  GSocketConnection *from;
  GSocketConnection *to;
  gssize            *counter;
} Pump;

static gpointer
pump_thread (gpointer data)
{
  Pump *pump = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (pump->from));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (pump->to));
  char buffer[16384];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      if (!g_output_stream_write_all (out, buffer, n, NULL, NULL, NULL))
        break;
      g_atomic_pointer_add (pump->counter, n);
    }

  g_socket_shutdown (g_socket_connection_get_socket (pump->to), FALSE, TRUE, NULL);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);

  return NULL;
}

static void
start_pump (GSocketConnection *from,
            GSocketConnection *to,
            gssize            *counter)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  pump->counter = counter;
  g_thread_unref (g_thread_new ("relay-pump", pump_thread, pump));
}

static gpointer
relay_thread (gpointer data)
{
  GSocketListener *listener = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  for (;;)
    {
      g_autoptr(GSocketConnection) downstream = NULL;
      g_autoptr(GSocketConnection) upstream = NULL;
      g_autoptr(GError) error = NULL;

      downstream = g_socket_listener_accept (listener, NULL, NULL, &error);
      if (downstream == NULL)
        g_error ("Relay: %s", error->message);

      upstream = g_socket_client_connect_to_host (client, "127.0.0.1", sandbox_port, NULL, &error);
      if (upstream == NULL)
        g_error ("Relay: %s", error->message);

      start_pump (downstream, upstream, &bytes_sent);
      start_pump (upstream, downstream, &bytes_received);
    }

  return NULL;
}

static guint16
start_relay (void)
{
  GSocketListener *listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, &error))
    g_error ("Relay: %s", error->message);

  g_thread_unref (g_thread_new ("relay", relay_thread, listener));

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The reference server ----------------------------------------------------- */

static gpointer
drain_thread (gpointer data)
{
  g_autoptr(GInputStream) stream = data;
  char buffer[4096];

  /* Its banner and log, read so that it never blocks on a full pipe. */
  while (g_input_stream_read (stream, buffer, sizeof buffer, NULL, NULL) > 0)
    ;

  return NULL;
}

static GSubprocess *
start_sandbox (const char  *program,
               char       **base_url)
{
  g_autofree char *schools = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : ".",
                                               "fixtures", "edubasealldata-sample.csv", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  GSubprocess *sandbox;

  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--port", "0", "--quiet",
                              "--schools", schools,
                              /* Accounts activate by themselves; nobody authorises. */
                              "--auto", "--auto-activation-delay", "0.1",
                              "--auto-authorisation-delay", "1000000",
                              "--invitation-delivery-delay", "0.2",
                              "--poll-interval", "1",
                              /* The real 10 s, scaled and rounded up. */
                              "--connector-retry-after", "1",
                              NULL);
  if (sandbox == NULL)
    g_error ("Could not start %s: %s", program, error->message);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  *base_url = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (*base_url == NULL)
    g_error ("The reference server did not say where it listens: %s", error ? error->message : "no output");

  g_thread_unref (g_thread_new ("sandbox-output", drain_thread,
                                g_object_ref (g_subprocess_get_stdout_pipe (sandbox))));

  uri = g_uri_parse (*base_url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  sandbox_port = g_uri_get_port (uri);

  return sandbox;
}

/* Setting up a connector that waits ------------------------------------- */

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, sleeping in between: polling it would cost
 * the CPU time this measures. */
static void
sleep_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
set_up_waiting_connector (OnboardClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  char *connector_id;

  onboard_client_get_terms_async (client, NULL, store_result, &result);
  terms = onboard_client_get_terms_finish (client, await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  onboard_client_create_signup_async (client, "DEMO-ASSEMBLY", EMAIL, PASSWORD, TRUE,
                                      onboard_terms_get_version (terms), NULL,
                                      NULL, store_result, &result);
  signup = onboard_client_create_signup_finish (client, await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  for (;;)
    {
      onboard_client_sign_in_with_signup_async (client, onboard_signup_get_id (signup),
                                                onboard_signup_get_signup_token (signup),
                                                NULL, store_result, &result);
      if (onboard_client_sign_in_with_signup_finish (client, await (&result), &error))
        break;
      if (!g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_NOT_ACTIVATED))
        g_error ("Signing in: %s", error->message);
      g_clear_error (&error);
      g_clear_object (&result);
      sleep_ms (200);
    }
  g_clear_object (&result);

  onboard_client_create_school_registration_async (client, URN, "sims", NULL, NULL, store_result, &result);
  registration = onboard_client_create_school_registration_finish (client, await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  connector_id = g_strdup (onboard_school_registration_get_connector_id (registration));

  onboard_client_grant_access_async (client, connector_id, NULL, NULL, TRUE, NULL, NULL, store_result, &result);
  connector = onboard_client_grant_access_finish (client, await (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  while (onboard_connector_get_status (connector) != ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION)
    {
      sleep_ms (300);
      g_clear_object (&connector);
      onboard_client_get_connector_async (client, connector_id, NULL, store_result, &result);
      connector = onboard_client_get_connector_finish (client, await (&result), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
    }

  return connector_id;
}

/* The measurement -------------------------------------------------------- */

typedef struct
{
  OnboardClient *client;
  gint64         started;
  gint64         slow_after;
  guint          requests;
  guint          not_modified;
  guint          fast_requests;
  guint          failures;
} Count;

static void
checked_cb (OnboardStatusMonitor *monitor,
            Count                *count)
{
  g_auto(GStrv) log = onboard_client_dup_request_log (count->client);
  guint n = g_strv_length (log);
  g_auto(GStrv) fields = NULL;

  g_assert_cmpuint (n, >, 0);
  fields = g_strsplit (log[n - 1], " ", -1);

  count->requests++;
  if (g_strcmp0 (fields[3], "304") == 0)
    count->not_modified++;
  else if (g_strcmp0 (fields[3], "200") != 0)
    count->failures++;

  if (g_get_monotonic_time () - count->started < count->slow_after)
    count->fast_requests++;
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
process_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "NOT MET";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(OnboardClient) setup = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardStatusMonitor) monitor = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *relay_url = NULL;
  g_autofree char *connector_id = NULL;
  g_autoptr(GUri) uri = NULL;
  Count count = { 0 };
  guint seconds = argc > 2 ? (guint)atoi (argv[2]) : 60;
  double thread_cpu, process_cpu, per_request_bytes, per_request_cpu;
  double real_minutes, slow_real_minutes, slow_rate, hour_requests, worst_requests;
  gssize sent, received;
  guint16 relay_port;

  if (argc < 2)
    {
      g_printerr ("Usage: %s ASSEMBLY-SANDBOX [SECONDS]\n", argv[0]);
      return EXIT_FAILURE;
    }

  sandbox = start_sandbox (argv[1], &base_url);
  setup = onboard_client_new (base_url);
  connector_id = set_up_waiting_connector (setup);

  /* The monitor's client talks through the relay, with the same sign-in. */
  relay_port = start_relay ();
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  relay_url = g_strdup_printf ("http://127.0.0.1:%u%s", relay_port, g_uri_get_path (uri));
  client = onboard_client_new (relay_url);
  onboard_client_set_tokens (client,
                             onboard_client_get_access_token (setup),
                             onboard_client_get_refresh_token (setup));

  /* NULL: the machine's own network monitor, as in the app. */
  monitor = onboard_status_monitor_new (client, NULL);
  onboard_status_monitor_set_slow_down_after (monitor, ONBOARD_STATUS_MONITOR_SLOW_DOWN_AFTER / TIME_SCALE);
  onboard_status_monitor_set_slow_interval (monitor, ONBOARD_STATUS_MONITOR_SLOW_INTERVAL / TIME_SCALE);
  if (onboard_status_monitor_get_offline (monitor))
    g_error ("This machine's network monitor says it is offline: the monitor would not poll");

  count.client = client;
  count.slow_after = (gint64)ONBOARD_STATUS_MONITOR_SLOW_DOWN_AFTER / TIME_SCALE * 1000;
  g_signal_connect (monitor, "checked", G_CALLBACK (checked_cb), &count);

  thread_cpu = thread_cpu_seconds ();
  process_cpu = process_cpu_seconds ();
  count.started = g_get_monotonic_time ();

  onboard_status_monitor_watch (monitor, connector_id);
  sleep_ms (seconds * 1000);

  thread_cpu = thread_cpu_seconds () - thread_cpu;
  process_cpu = process_cpu_seconds () - process_cpu;
  onboard_status_monitor_stop (monitor);
  sent = g_atomic_pointer_get (&bytes_sent);
  received = g_atomic_pointer_get (&bytes_received);

  g_assert_cmpuint (count.failures, ==, 0);
  g_assert_cmpuint (count.requests, >, 0);

  per_request_bytes = (double)(sent + received) / count.requests;
  per_request_cpu = thread_cpu / count.requests;

  /* Scale to the real pace: the first 10 minutes at one request per 15 s,
   * then the measured slow rate for the rest of the hour. */
  real_minutes = seconds * TIME_SCALE / 60.0;
  slow_real_minutes = real_minutes - 10.0;
  slow_rate = slow_real_minutes > 0 ? (count.requests - count.fast_requests) / slow_real_minutes : 1.0;
  hour_requests = count.fast_requests * (real_minutes >= 10.0 ? 1.0 : 10.0 / real_minutes) + slow_rate * 50.0;
  worst_requests = 3600.0 / REAL_POLL_INTERVAL;

  g_print ("Status monitor waiting in awaiting_authorisation, measured against the reference server\n");
  g_print ("  %u s at a 1 s poll interval, time scale %u (= %.0f minutes at the real 15 s)\n",
           seconds, TIME_SCALE, real_minutes);
  g_print ("  requests:      %u (%u in the first 10 scaled minutes); 304: %u = %.1f %%\n",
           count.requests, count.fast_requests, count.not_modified,
           100.0 * count.not_modified / count.requests);
  g_print ("  on the wire:   %" G_GSSIZE_FORMAT " bytes sent, %" G_GSSIZE_FORMAT " received: %.0f bytes a request\n",
           sent, received, per_request_bytes);
  g_print ("  CPU time:      %.1f ms in the client and monitor's thread (%.3f ms a request); "
           "%.1f ms in the whole process, relay included\n",
           thread_cpu * 1000, per_request_cpu * 1000, process_cpu * 1000);
  g_print ("An hour of waiting at the real pace\n");
  g_print ("  as scheduled (15 s for 10 minutes, then 60 s): %.0f requests, %.1f KB, %.3f s CPU\n",
           hour_requests, hour_requests * per_request_bytes / 1000, hour_requests * per_request_cpu);
  g_print ("  never slowing down (every 15 s):               %.0f requests, %.1f KB, %.3f s CPU\n",
           worst_requests, worst_requests * per_request_bytes / 1000, worst_requests * per_request_cpu);
  g_print ("Targets (for the hour as scheduled)\n");
  g_print ("  at most %u requests: %s\n", MAX_REQUESTS_PER_HOUR, verdict (hour_requests <= MAX_REQUESTS_PER_HOUR));
  g_print ("  under %u KB:        %s\n", MAX_BYTES_PER_HOUR / 1000,
           verdict (hour_requests * per_request_bytes < MAX_BYTES_PER_HOUR));
  g_print ("  at least %.0f %% 304: %s\n", MIN_NOT_MODIFIED * 100,
           verdict ((double)count.not_modified / count.requests >= MIN_NOT_MODIFIED));
  g_print ("  under %.0f s CPU:      %s\n", MAX_CPU_PER_HOUR, verdict (hour_requests * per_request_cpu < MAX_CPU_PER_HOUR));

  g_subprocess_force_exit (sandbox);

  return EXIT_SUCCESS;
}
