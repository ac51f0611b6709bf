/* onboard-startup.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "onboard-startup.h"

/* Where the time goes while the app opens. With ONBOARD_DEBUG_STARTUP set,
 * each mark prints one line on standard error:
 *
 *   onboard-startup: MONOTONIC_US WHAT
 *
 * the time is g_get_monotonic_time() (CLOCK_MONOTONIC, microseconds), the
 * clock a benchmark outside the process can read too, so the marks line up
 * with the moment it started the program. Without the variable a mark
 * costs one test of a flag. */

static gsize enabled_once;
static gboolean enabled;

gboolean
onboard_startup_get_enabled (void)
{
  if (g_once_init_enter (&enabled_once))
    {
      enabled = g_getenv ("ONBOARD_DEBUG_STARTUP") != NULL;
      g_once_init_leave (&enabled_once, 1);
    }

  return enabled;
}

/**
 * onboard_startup_mark:
 * @what: a short name without spaces, as "window-built"
 *
 * Notes that start-up reached @what, when ONBOARD_DEBUG_STARTUP is set.
 */
void
onboard_startup_mark (const char *what)
{
  if (!onboard_startup_get_enabled ())
    return;

  /* Straight to the file, unbuffered, not through the log: the redactor
   * and the journal would add their own time to what is measured. */
  fprintf (stderr, "onboard-startup: %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (), what);
}
