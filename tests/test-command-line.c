/* test-command-line.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

/* The installed command, run as support or a script would run it. */

static GSubprocess *
spawn_app (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("ONBOARD_APP_BINARY");
  GSubprocess *subprocess;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *)binary);

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_newv ((const char * const *)argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);

  return subprocess;
}

static void
test_command_line_version (void)
{
  g_autoptr(GSubprocess) subprocess = spawn_app ("--version", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
  g_assert_cmpstr (out, ==, PACKAGE_NAME " " PACKAGE_VERSION "\n");
}

static void
test_command_line_bad_option (void)
{
  g_autoptr(GSubprocess) subprocess = spawn_app ("--no-such-option", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  g_assert_nonnull (strstr (err, "--no-such-option"));
}

static void
test_command_line_bad_api_url (void)
{
  g_autoptr(GSubprocess) subprocess = spawn_app ("--api-url", "ftp://example.invalid/", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  g_assert_nonnull (strstr (err, "https://"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/command-line/version", test_command_line_version);
  g_test_add_func ("/onboard/command-line/bad-option", test_command_line_bad_option);
  g_test_add_func ("/onboard/command-line/bad-api-url", test_command_line_bad_api_url);

  return g_test_run ();
}
