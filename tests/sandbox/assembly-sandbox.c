/* assembly-sandbox.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "onboard-sandbox.h"

/* Numbers not given on the command line keep the server's defaults; NaN
 * marks them because any real number, -1 included, may be typed. */
#define UNSET NAN

static int port = 0;
static char *schools_path;
static char *state_path;
static char **invites;
static gboolean auto_mode;
static gboolean quiet;
static char *terms_version;
static double numbers[16] = { UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET,
                              UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET, UNSET };

typedef struct
{
  const char *option;
  const char *property;
  GType       type;
  const char *description;
} NumberOption;

static const NumberOption number_options[] = {
  { "signup-resend-cooldown", "signup-resend-cooldown", G_TYPE_DOUBLE,
    "Seconds before an activation email can be resent (60)" },
  { "invitation-resend-cooldown", "invitation-resend-cooldown", G_TYPE_DOUBLE,
    "Seconds before Groupcall's email can be resent (600)" },
  { "activation-lifetime", "activation-lifetime", G_TYPE_DOUBLE,
    "Seconds an activation link stays valid (259200)" },
  { "access-token-lifetime", "access-token-lifetime", G_TYPE_DOUBLE,
    "Seconds an access token lives (86400)" },
  { "auto-activation-delay", "auto-activation-delay", G_TYPE_DOUBLE,
    "With --auto: seconds until a sign-up activates itself (3)" },
  { "auto-authorisation-delay", "auto-authorisation-delay", G_TYPE_DOUBLE,
    "With --auto: seconds from Grant Access until the school authorises (4)" },
  { "invitation-delivery-delay", "invitation-delivery-delay", G_TYPE_DOUBLE,
    "Seconds from Grant Access until Groupcall's email is out (1)" },
  { "first-sync-delay", "first-sync-delay", G_TYPE_DOUBLE,
    "Seconds from authorisation until the first sync starts (5)" },
  { "sync-duration", "sync-duration", G_TYPE_DOUBLE,
    "Seconds a sync takes (3)" },
  { "poll-interval", "poll-interval", G_TYPE_UINT,
    "poll_interval_seconds given to clients (15)" },
  { "signup-retry-after", "signup-retry-after", G_TYPE_UINT,
    "Retry-After while a sign-up is pending (5)" },
  { "grant-retry-after", "grant-retry-after", G_TYPE_UINT,
    "Retry-After on Grant Access (10)" },
  { "connector-retry-after", "connector-retry-after", G_TYPE_UINT,
    "Retry-After on connector reads (10)" },
  { "rate-limit", "rate-limit", G_TYPE_UINT,
    "Requests per token per rate-limit period (600)" },
  { "rate-limit-period", "rate-limit-period", G_TYPE_DOUBLE,
    "Seconds in a rate-limit period (300)" },
  { "clock-skew", "clock-skew", G_TYPE_INT,
    "Seconds to add to the server's clock as clients see it (0)" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (number_options) <= G_N_ELEMENTS (numbers));

static const GOptionEntry main_entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 and ::1 (0: any free port)", "N" },
  { "schools", 0, 0, G_OPTION_ARG_FILENAME, &schools_path,
    "School list: a GIAS download, a urn,name,town,postcode list, the 2017 detailed list "
    "or the DENI list (default: a generated directory)", "FILE" },
  { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
    "Keep accounts, registrations and connectors in FILE across restarts", "FILE" },
  { "invite", 0, 0, G_OPTION_ARG_STRING_ARRAY, &invites,
    "Add a single-use invite code (repeatable)", "CODE[:app,app]" },
  { "auto", 0, 0, G_OPTION_ARG_NONE, &auto_mode,
    "Activate sign-ups, authorise and sync by themselves, for demos", NULL },
  { "terms-version", 0, 0, G_OPTION_ARG_STRING, &terms_version,
    "Current terms version (2026-09)", "VERSION" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each request", NULL },
  { NULL }
};

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

static void
apply_numbers (OnboardSandbox *sandbox)
{
  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    {
      const NumberOption *option = &number_options[i];

      if (isnan (numbers[i]))
        continue;

      if (option->type == G_TYPE_DOUBLE)
        g_object_set (sandbox, option->property, numbers[i], NULL);
      else if (option->type == G_TYPE_UINT)
        g_object_set (sandbox, option->property, (guint)numbers[i], NULL);
      else
        g_object_set (sandbox, option->property, (int)numbers[i], NULL);
    }
}

/* Reads the command line into the statics above.
 *
 * Returns: %FALSE, having said why, if the program is to stop */
static gboolean
parse_options (int    *argc,
               char ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GOptionGroup) timing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *timing_entries = NULL;

  timing_entries = g_new0 (GOptionEntry, G_N_ELEMENTS (number_options) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    {
      timing_entries[i].long_name = number_options[i].option;
      timing_entries[i].arg = G_OPTION_ARG_DOUBLE;
      timing_entries[i].arg_data = &numbers[i];
      timing_entries[i].description = number_options[i].description;
      timing_entries[i].arg_description = "N";
    }

  context = g_option_context_new ("— Assembly's onboarding service, played locally");
  g_option_context_set_summary (context,
                                "Serves the onboarding API under http://127.0.0.1:PORT/api/onboarding.\n"
                                "The first line of output is that base URL.");
  g_option_context_add_main_entries (context, main_entries, NULL);
  timing = g_option_group_new ("timing", "Timing and limits:", "Show timing and limit options",
                               NULL, NULL);
  g_option_group_add_entries (timing, timing_entries);
  g_option_context_add_group (context, g_steal_pointer (&timing));

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("assembly-sandbox: %s\n", error->message);
      return FALSE;
    }

  if (port < 0 || port > 65535)
    {
      g_printerr ("assembly-sandbox: --port must be between 0 and 65535\n");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (number_options); i++)
    if (!isnan (numbers[i]) && numbers[i] < 0 && number_options[i].type != G_TYPE_INT)
      {
        g_printerr ("assembly-sandbox: --%s cannot be negative\n", number_options[i].option);
        return FALSE;
      }

  return TRUE;
}

/* Sets @sandbox up as the options say, before it listens.
 *
 * Returns: %FALSE, having said why, if an option is wrong */
static gboolean
configure (OnboardSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_set_log_requests (sandbox, !quiet);
  onboard_sandbox_set_auto (sandbox, auto_mode);
  apply_numbers (sandbox);
  if (terms_version != NULL)
    onboard_sandbox_set_terms_version (sandbox, terms_version);

  for (guint i = 0; invites && invites[i]; i++)
    if (!onboard_sandbox_add_invite_spec (sandbox, invites[i], &error))
      {
        g_printerr ("assembly-sandbox: --invite: %s\n", error->message);
        return FALSE;
      }

  if (schools_path != NULL && !onboard_sandbox_load_schools (sandbox, schools_path, &error))
    {
      g_printerr ("assembly-sandbox: --schools: %s\n", error->message);
      return FALSE;
    }

  if (state_path != NULL && !onboard_sandbox_set_state_file (sandbox, state_path, &error))
    {
      g_printerr ("assembly-sandbox: --state: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OnboardSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;

  setlocale (LC_ALL, "");

  if (!parse_options (&argc, &argv))
    return EXIT_FAILURE;

  sandbox = onboard_sandbox_new ();
  if (!configure (sandbox))
    return EXIT_FAILURE;

  if (!onboard_sandbox_listen (sandbox, (guint)port, &error))
    {
      g_printerr ("assembly-sandbox: cannot listen on port %d: %s\n", port, error->message);
      return EXIT_FAILURE;
    }

  /* Scripts read the first line to find the server: it must come first
   * and must not sit in a buffer. */
  printf ("%s\n", onboard_sandbox_get_base_url (sandbox));
  fflush (stdout);

  banner = onboard_sandbox_dup_banner (sandbox);
  printf ("%s", banner);
  fflush (stdout);

  /* Requests that arrive meanwhile wait in the listen queue. */
  onboard_sandbox_warm_up (sandbox);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  return EXIT_SUCCESS;
}
