/* onboard-test-keyring.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <libsecret/secret.h>

#include "onboard-test-keyring.h"


#ifdef __linux__
static void
die_with_parent (gpointer user_data)
{
  /* A test that aborts half-way must not leave a daemon behind. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

static gboolean
bus_name_has_owner (GDBusConnection *connection,
                    const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (connection,
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

static gboolean
default_collection_exists (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;

  reply = g_dbus_connection_call_sync (connection,
                                       "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(&o)", &path);

  return g_strcmp0 (path, "/") != 0;
}

/* Starts gnome-keyring-daemon's Secret Service on the fixture's bus, its
 * keyrings under the test's private data folder. With @unlock, the login
 * keyring is created (or unlocked) with KEYRING_PASSWORD; without, an
 * existing one stays locked. */
void
start_keyring (Fixture  *fixture,
               gboolean  unlock)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  const char *argv[] = {
    "gnome-keyring-daemon", "--foreground", "--components=secrets",
    unlock ? "--unlock" : NULL,
    NULL,
  };

  g_assert_null (fixture->keyring);

  launcher = g_subprocess_launcher_new (unlock ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE);
  /* Under G_TEST_OPTION_ISOLATE_DIRS the environment still names the
   * real folders; GLib's getters give the private ones. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (fixture->bus), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");
  /* The daemon warns about things it recovers from (gnome-keyring 42
   * re-registers a replaced item); the tests' fatal-warnings is for us. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif

  fixture->keyring = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  if (unlock)
    {
      GOutputStream *input = g_subprocess_get_stdin_pipe (fixture->keyring);

      g_output_stream_write_all (input, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (input, NULL, &error);
      g_assert_no_error (error);
    }

  /* A connection of its own, so the process-wide one that libsecret uses
   * is made by libsecret. */
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (fixture->bus),
                                                       (G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                        G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
                                                       NULL, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!bus_name_has_owner (connection, "org.freedesktop.secrets") ||
         (unlock && !default_collection_exists (connection)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 50);
    }

  g_dbus_connection_close_sync (connection, NULL, NULL);
}

void
stop_keyring (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->keyring == NULL)
    return;

  g_subprocess_send_signal (fixture->keyring, SIGTERM);
  g_subprocess_wait (fixture->keyring, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->keyring);
}

void
drain_main_context (void)
{
  /* Replies and unwatch notifications arrive from GDBus's worker thread
   * a little later, not all within one iteration. */
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (G_USEC_PER_SEC / 200);
    }
}


/* Each test runs in a process of its own. libsecret 0.20 keeps one
 * reference to its Secret Service connection per secret_password_*() call
 * after the first (secret_backend_get_finish()'s result is never
 * released), so the session bus connection outlives any test that makes
 * two calls, and g_test_dbus_down() would wait for it in vain. A process
 * per test gives each one a fresh libsecret and a fresh bus; the daemon
 * and the bus die with the process whatever happens. */
void
run_keyring_test (gconstpointer data)
{
  const KeyringTest *test = data;
  Fixture fixture = { NULL, NULL };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  fixture.bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture.bus);

  if (test->with_keyring)
    start_keyring (&fixture, TRUE);

  test->func (&fixture);

  secret_service_disconnect ();
  drain_main_context ();
  stop_keyring (&fixture);

  /* Not g_test_dbus_down(), for the reason above; the bus object stays
   * until the process exits, which is now. */
  g_test_dbus_stop (fixture.bus);
}

