/* bench-sandbox.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast the reference server is: importing the 2022 GIAS list, building
 * the generated directory and the /schools bodies, and answering requests
 * in-process (client and server on one thread, so the figures are a floor;
 * wrk against assembly-sandbox measures the server alone).
 *
 * It prints its figures; it fails only when it cannot run. */

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <unistd.h>

#include "onboard-sandbox.h"
#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-test-util.h"

#define IMPORT_RUNS   5
#define N_REQUESTS    5000
#define N_DOWNLOADS   20
#define MEDIA_TYPE    "application/vnd.assembly+json; version=1.1"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
rss_kb (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0;
  unsigned long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0.0;

  return (double)resident * (double)sysconf (_SC_PAGESIZE) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return (da > db) - (da < db);
}

static guint
fetch (SoupSession  *session,
       const char   *url,
       const char   *if_none_match,
       gboolean      gzip,
       gsize        *size,
       char        **etag)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (headers, "Accept", MEDIA_TYPE);
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);
  if (gzip)
    soup_message_headers_replace (headers, "Accept-Encoding", "gzip");

  body = onboard_sandbox_test_send (session, msg, &error);
  if (error != NULL)
    g_error ("%s: %s", url, error->message);
  if (size != NULL)
    *size = g_bytes_get_size (body);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));

  return soup_message_get_status (msg);
}

static void
bench_import (void)
{
  g_autofree char *path = NULL;
  double times[IMPORT_RUNS];
  guint n_schools = 0;

  if (g_getenv ("ONBOARD_SCHOOL_DATA") == NULL)
    {
      printf ("import: ONBOARD_SCHOOL_DATA is not set; skipping the GIAS import figure\n");
      return;
    }

  path = g_build_filename (g_getenv ("ONBOARD_SCHOOL_DATA"), "schools",
                           "gias-2022-07-all-establishments.csv", NULL);
  for (guint i = 0; i < IMPORT_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnboardSandboxDirectory) directory = NULL;
      double start = now_ms ();

      directory = onboard_sandbox_directory_new_from_file (path, &error);
      if (directory == NULL)
        g_error ("%s", error->message);
      times[i] = now_ms () - start;
      n_schools = onboard_sandbox_directory_get_n_schools (directory);
    }

  qsort (times, IMPORT_RUNS, sizeof (double), compare_doubles);
  printf ("import: %u rows of the 2022 GIAS list in %.1f ms (median of %u; fastest %.1f ms)\n",
          n_schools, times[IMPORT_RUNS / 2], IMPORT_RUNS, times[0]);
}

static void
bench_generated (void)
{
  g_autoptr(OnboardSandboxDirectory) directory = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) compressed = NULL;
  double start = now_ms ();
  double generated;
  double bodies;

  directory = onboard_sandbox_directory_new_generated (30000, 2400, 20220701);
  generated = now_ms () - start;

  start = now_ms ();
  plain = onboard_sandbox_directory_get_body (directory, FALSE, FALSE, NULL);
  compressed = onboard_sandbox_directory_get_body (directory, FALSE, TRUE, NULL);
  bodies = now_ms () - start;

  printf ("generated directory: %u schools in %.1f ms\n",
          onboard_sandbox_directory_get_n_schools (directory), generated);
  printf ("/schools body: %.2f MB JSON, %.2f MB gzip, built once in %.1f ms\n",
          g_bytes_get_size (plain) / 1e6, g_bytes_get_size (compressed) / 1e6, bodies);
}

static void
bench_requests (void)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status_url = NULL;
  g_autofree char *schools_url = NULL;
  g_autofree char *etag = NULL;
  double start;
  double elapsed;
  double rss_before;
  gsize size = 0;

  if (!onboard_sandbox_listen (sandbox, 0, &error))
    g_error ("%s", error->message);
  onboard_sandbox_warm_up (sandbox);
  /* Count the bytes on the wire, not the decoded ones. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  status_url = g_strconcat (onboard_sandbox_get_base_url (sandbox), "/status", NULL);
  schools_url = g_strconcat (onboard_sandbox_get_base_url (sandbox), "/schools", NULL);

  /* Warm up the connection and learn the ETag. */
  fetch (session, schools_url, NULL, FALSE, NULL, &etag);
  for (guint i = 0; i < 200; i++)
    fetch (session, status_url, NULL, FALSE, NULL, NULL);

  rss_before = rss_kb ();
  start = now_ms ();
  for (guint i = 0; i < N_REQUESTS; i++)
    if (fetch (session, status_url, NULL, FALSE, NULL, NULL) != 200)
      g_error ("GET /status failed");
  elapsed = now_ms () - start;
  printf ("GET /status: %u requests in %.0f ms, %.0f requests/s in-process, RSS %+.0f kB\n",
          N_REQUESTS, elapsed, N_REQUESTS / (elapsed / 1000.0), rss_kb () - rss_before);

  rss_before = rss_kb ();
  start = now_ms ();
  for (guint i = 0; i < N_REQUESTS; i++)
    if (fetch (session, schools_url, etag, FALSE, NULL, NULL) != 304)
      g_error ("GET /schools with If-None-Match did not answer 304");
  elapsed = now_ms () - start;
  printf ("GET /schools, If-None-Match: %u requests in %.0f ms, %.0f requests/s in-process, RSS %+.0f kB\n",
          N_REQUESTS, elapsed, N_REQUESTS / (elapsed / 1000.0), rss_kb () - rss_before);

  start = now_ms ();
  for (guint i = 0; i < N_DOWNLOADS; i++)
    fetch (session, schools_url, NULL, TRUE, &size, NULL);
  elapsed = now_ms () - start;
  printf ("GET /schools, gzip: %.2f MB on the wire, %.1f ms each (mean of %u)\n",
          size / 1e6, elapsed / N_DOWNLOADS, N_DOWNLOADS);
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback only: GNOME's proxy resolver would want a GSettings schema. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  bench_import ();
  bench_generated ();
  bench_requests ();

  return 0;
}
