/* onboard-activation-watcher.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"
#include "onboard-signup.h"

G_BEGIN_DECLS

/* When the service gives no Retry-After, and the longest wait between two
 * failed checks. */
#define ONBOARD_ACTIVATION_WATCHER_INTERVAL    5
#define ONBOARD_ACTIVATION_WATCHER_MAX_BACKOFF 60

#define ONBOARD_TYPE_ACTIVATION_WATCHER (onboard_activation_watcher_get_type ())

G_DECLARE_FINAL_TYPE (OnboardActivationWatcher, onboard_activation_watcher, ONBOARD, ACTIVATION_WATCHER, GObject)

OnboardActivationWatcher *onboard_activation_watcher_new       (OnboardClient            *client);
void                      onboard_activation_watcher_watch     (OnboardActivationWatcher *self,
                                                                OnboardSignup            *signup,
                                                                const char               *signup_token);
void                      onboard_activation_watcher_check_now (OnboardActivationWatcher *self);
void                      onboard_activation_watcher_stop      (OnboardActivationWatcher *self);
gboolean                  onboard_activation_watcher_get_watching (OnboardActivationWatcher *self);
guint                     onboard_activation_watcher_get_n_failures (OnboardActivationWatcher *self);

G_END_DECLS
