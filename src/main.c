/* main.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-application.h"
#include "onboard-startup.h"
#include "onboard-support-report.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OnboardApplication) app = NULL;

  onboard_startup_mark ("main");

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before anything logs: every message passes through the redactor. */
  g_log_set_writer_func (onboard_support_log_writer, NULL, NULL);

  app = onboard_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
