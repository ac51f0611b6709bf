/* onboard-status-monitor.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"

G_BEGIN_DECLS

/* Defaults of the tunable properties, in milliseconds. */
#define ONBOARD_STATUS_MONITOR_SLOW_DOWN_AFTER (10 * 60 * 1000)
#define ONBOARD_STATUS_MONITOR_SLOW_INTERVAL   (60 * 1000)
#define ONBOARD_STATUS_MONITOR_MAX_BACKOFF     (5 * 60 * 1000)
/* The longest wait between two checks, in seconds, whatever the service
 * asks for. */
#define ONBOARD_STATUS_MONITOR_MAX_WAIT        ONBOARD_CLIENT_MAX_RETRY_AFTER

#define ONBOARD_TYPE_STATUS_MONITOR (onboard_status_monitor_get_type ())

G_DECLARE_FINAL_TYPE (OnboardStatusMonitor, onboard_status_monitor, ONBOARD, STATUS_MONITOR, GObject)

/*
 * Watches one connector for the pages of Steps 4 and 5: GET /connectors/{id}
 * with If-None-Match, every max(Retry-After, poll_interval_seconds); every
 * "slow-interval" once nothing has changed for "slow-down-after"; after a
 * failure, twice as long each time up to "max-backoff", with the error
 * kept in "error" until a check succeeds; nothing while the network monitor
 * says the computer is offline, and a check at once when it comes back.
 *
 * No timer and no request exists while nothing is watched: after
 * onboard_status_monitor_stop(), or before the first watch().
 *
 * Signals: "status-changed" (OnboardConnector *connector) when the status
 * differs from the last one seen, the first answer included; "checked"
 * after every check, answered or failed. Properties notify as they change.
 */

OnboardStatusMonitor   *onboard_status_monitor_new                 (OnboardClient        *client,
                                                                    GNetworkMonitor      *network_monitor);
OnboardClient          *onboard_status_monitor_get_client          (OnboardStatusMonitor *self);
GNetworkMonitor        *onboard_status_monitor_get_network_monitor (OnboardStatusMonitor *self);

void                    onboard_status_monitor_watch               (OnboardStatusMonitor *self,
                                                                    const char           *connector_id);
void                    onboard_status_monitor_update              (OnboardStatusMonitor *self,
                                                                    OnboardConnector     *connector);
void                    onboard_status_monitor_refresh             (OnboardStatusMonitor *self);
void                    onboard_status_monitor_stop                (OnboardStatusMonitor *self);

const char             *onboard_status_monitor_get_connector_id    (OnboardStatusMonitor *self);
OnboardConnector       *onboard_status_monitor_get_connector       (OnboardStatusMonitor *self);
OnboardConnectorStatus  onboard_status_monitor_get_status          (OnboardStatusMonitor *self);
const GError           *onboard_status_monitor_get_error           (OnboardStatusMonitor *self);
GDateTime              *onboard_status_monitor_get_last_checked    (OnboardStatusMonitor *self);
gboolean                onboard_status_monitor_get_checking        (OnboardStatusMonitor *self);
gboolean                onboard_status_monitor_get_offline         (OnboardStatusMonitor *self);
guint                   onboard_status_monitor_get_interval        (OnboardStatusMonitor *self);
GDateTime              *onboard_status_monitor_get_next_check      (OnboardStatusMonitor *self);
guint                   onboard_status_monitor_get_n_failures      (OnboardStatusMonitor *self);

guint                   onboard_status_monitor_get_slow_down_after (OnboardStatusMonitor *self);
void                    onboard_status_monitor_set_slow_down_after (OnboardStatusMonitor *self,
                                                                    guint                 ms);
guint                   onboard_status_monitor_get_slow_interval   (OnboardStatusMonitor *self);
void                    onboard_status_monitor_set_slow_interval   (OnboardStatusMonitor *self,
                                                                    guint                 ms);
guint                   onboard_status_monitor_get_max_backoff     (OnboardStatusMonitor *self);
void                    onboard_status_monitor_set_max_backoff     (OnboardStatusMonitor *self,
                                                                    guint                 ms);

G_END_DECLS
