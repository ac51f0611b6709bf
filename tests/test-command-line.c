/* test-command-line.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "onboard-progress.h"

/* The installed command, run as support or a script would run it. */

static GSubprocess *
spawn_app (const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
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

  /* The app must see the test's private folders; GLib's getters name them
   * even where the environment does not (XDG_STATE_HOME). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  /* The app is the program under test, not its libraries: a library's
   * warning (libsecret without a bus, inside Flatpak) must not abort it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* No keyring in this test: --reset must cope without one. */
  g_subprocess_launcher_setenv (launcher, "SECRET_BACKEND", "service", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
  subprocess = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
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

static char *
run_to_end (GSubprocess  *subprocess,
            char        **err)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (subprocess));

  return out;
}

static void
test_command_line_support_report (void)
{
  /* Nothing listens on port 9: the report says so instead of failing. */
  g_autoptr(GSubprocess) subprocess = spawn_app ("--api-url", "http://127.0.0.1:9/api/onboarding",
                                                 "--support-report", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = run_to_end (subprocess, &err);

  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 0);
  g_assert_nonnull (strstr (out, "Assembly Onboard support report"));
  g_assert_nonnull (strstr (out, "Reference: "));
  g_assert_nonnull (strstr (out, "Version: " PACKAGE_NAME " " PACKAGE_VERSION));
  g_assert_nonnull (strstr (out, "reachable: failed"));
  g_assert_nonnull (strstr (out, "Last requests"));
}

/* What the agent types to see a caller's screen is checked before
 * anything opens, and a mistake is said in one line. */
static void
test_command_line_practice_mistakes (void)
{
  g_autofree char *report = g_build_filename (g_get_user_cache_dir (), "not-a-report.txt", NULL);
  g_autoptr(GError) error = NULL;
  struct {
    const char *args[4];
    const char *says;
  } cases[] = {
    { { "--step", "3", NULL }, "add --practice" },
    { { "--from-report", report, NULL }, "add --practice" },
    { { "--practice", "--step", "9", NULL }, "There is no practice step “9”. Choose one of: 1, 2, 2-inbox, 3" },
    { { "--practice", "--step", "3", "--from-report" }, "either --step or --from-report" },
    { { "--practice", "--from-report", report, NULL }, "This is not an Assembly Onboard support report" },
    { { "--practice", "--from-report", "/nonexistent/report.txt", NULL }, "/nonexistent/report.txt" },
  };

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (report, "Hello, I am stuck on the school page.\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) subprocess = NULL;
      g_autofree char *err = NULL;
      g_autofree char *out = NULL;

      if (cases[i].args[3] != NULL)
        subprocess = spawn_app (cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3], report, NULL);
      else
        subprocess = spawn_app (cases[i].args[0], cases[i].args[1], cases[i].args[2], NULL);
      out = run_to_end (subprocess, &err);

      g_test_message ("%s %s: %s", cases[i].args[0], cases[i].args[1], err);
      g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
test_command_line_reset (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
  g_autoptr(OnboardProgress) after = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  onboard_progress_set_step (progress, 3);
  onboard_progress_set_school_urn (progress, "100000");
  onboard_progress_save_sync (progress, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (onboard_progress_get_path (progress), G_FILE_TEST_EXISTS));

  subprocess = spawn_app ("--api-url", url, "--reset", NULL);
  out = run_to_end (subprocess, &err);

  if (g_subprocess_get_exit_status (subprocess) != 0)
    g_error ("--reset failed:\n%s\n%s", out, err);
  /* It says what it forgets before it does. */
  g_assert_nonnull (strstr (out, "127.0.0.1"));
  g_assert_nonnull (strstr (out, "step 3 of 5"));
  g_assert_nonnull (strstr (out, "password store"));

  g_assert_false (g_file_test (onboard_progress_get_path (progress), G_FILE_TEST_EXISTS));
  after = onboard_progress_new (url);
  onboard_progress_load (after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onboard_progress_get_step (after), ==, 1);
  g_assert_null (onboard_progress_get_school_urn (after));
}

/* Copies set aside as damaged hold the email and the school: a reset
 * removes them as well, and names every file it removed. */
static void
test_command_line_reset_damaged (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) damaged = NULL;
  g_auto(GStrv) left = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *unrelated = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  onboard_progress_set_step (progress, 4);
  onboard_progress_set_email (progress, "office@netley.example.org");
  onboard_progress_save_sync (progress, &error);
  g_assert_no_error (error);

  /* Two copies as load() leaves them, and a file that is none of ours. */
  dir = g_path_get_dirname (onboard_progress_get_path (progress));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.damaged-20260101T00000%uZ",
                                               onboard_progress_get_path (progress), i);

      g_file_set_contents (path, "{\"email\": \"office@netley.example.org\", \"step\": ", -1, &error);
      g_assert_no_error (error);
    }
  unrelated = g_build_filename (dir, "notes.txt", NULL);
  g_file_set_contents (unrelated, "kept", -1, &error);
  g_assert_no_error (error);

  damaged = onboard_progress_dup_damaged_paths (progress);
  g_assert_cmpuint (g_strv_length (damaged), ==, 2);

  subprocess = spawn_app ("--api-url", url, "--reset", NULL);
  out = run_to_end (subprocess, &err);

  if (g_subprocess_get_exit_status (subprocess) != 0)
    g_error ("--reset failed:\n%s\n%s", out, err);

  /* Said before, and each file named after. */
  g_assert_nonnull (strstr (out, "2 damaged copies"));
  for (guint i = 0; damaged[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup_printf ("Removed %s\n", damaged[i]);

      g_assert_nonnull (strstr (out, line));
      g_assert_false (g_file_test (damaged[i], G_FILE_TEST_EXISTS));
    }
  {
    g_autofree char *line = g_strdup_printf ("Removed %s\n", onboard_progress_get_path (progress));

    g_assert_nonnull (strstr (out, line));
  }

  left = onboard_progress_dup_damaged_paths (progress);
  g_assert_cmpuint (g_strv_length (left), ==, 0);
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/command-line/version", test_command_line_version);
  g_test_add_func ("/onboard/command-line/bad-option", test_command_line_bad_option);
  g_test_add_func ("/onboard/command-line/bad-api-url", test_command_line_bad_api_url);
  g_test_add_func ("/onboard/command-line/support-report", test_command_line_support_report);
  g_test_add_func ("/onboard/command-line/practice-mistakes", test_command_line_practice_mistakes);
  g_test_add_func ("/onboard/command-line/reset", test_command_line_reset);
  g_test_add_func ("/onboard/command-line/reset-damaged", test_command_line_reset_damaged);

  return g_test_run ();
}
