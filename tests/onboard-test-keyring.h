/* onboard-test-keyring.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real gnome-keyring-daemon on a D-Bus session bus of the test's own
 * (GTestDBus), its keyring files in the test's private folders. */

/* gnome-keyring-daemon --unlock takes an empty line as "no password" and
 * then neither creates nor unlocks the login keyring, so the test keyring
 * gets a password of its own. It guards nothing but files in a temporary
 * folder. */
#define KEYRING_PASSWORD "onboard-test-keyring"

typedef struct
{
  GTestDBus   *bus;
  GSubprocess *keyring;
} Fixture;

typedef struct
{
  void     (*func) (Fixture *fixture);
  gboolean   with_keyring;
} KeyringTest;

void start_keyring    (Fixture       *fixture,
                       gboolean       unlock);
void stop_keyring     (Fixture       *fixture);
void drain_main_context (void);
void run_keyring_test (gconstpointer  data);

G_END_DECLS
