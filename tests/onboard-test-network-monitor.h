/* onboard-test-network-monitor.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GNetworkMonitor whose answer the test decides, so that no test depends
 * on the routes of the machine it runs on. Online until told otherwise;
 * offline, it says the network is local only and can reach nothing. */

#define ONBOARD_TYPE_TEST_NETWORK_MONITOR (onboard_test_network_monitor_get_type ())

G_DECLARE_FINAL_TYPE (OnboardTestNetworkMonitor, onboard_test_network_monitor, ONBOARD, TEST_NETWORK_MONITOR, GObject)

OnboardTestNetworkMonitor *onboard_test_network_monitor_new           (void);
/* Notifies network-available and emits network-changed, as GIO's own
 * monitors do when the network comes and goes. */
void                       onboard_test_network_monitor_set_available (OnboardTestNetworkMonitor *self,
                                                                       gboolean                   available);

G_END_DECLS
