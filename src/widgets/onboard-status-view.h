/* onboard-status-view.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-status-monitor.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_STATUS_VIEW (onboard_status_view_get_type ())

G_DECLARE_FINAL_TYPE (OnboardStatusView, onboard_status_view, ONBOARD, STATUS_VIEW, AdwBin)

OnboardStatusMonitor *onboard_status_view_get_monitor           (OnboardStatusView    *self);
void                  onboard_status_view_set_monitor           (OnboardStatusView    *self,
                                                                 OnboardStatusMonitor *monitor);
gboolean              onboard_status_view_get_compact           (OnboardStatusView    *self);
void                  onboard_status_view_set_compact           (OnboardStatusView    *self,
                                                                 gboolean              compact);

/* What the view shows, as the user reads it. */
const char           *onboard_status_view_get_icon_name         (OnboardStatusView    *self);
const char           *onboard_status_view_get_title             (OnboardStatusView    *self);
const char           *onboard_status_view_get_description       (OnboardStatusView    *self);
const char           *onboard_status_view_get_next_step         (OnboardStatusView    *self);
const char           *onboard_status_view_get_last_checked_text (OnboardStatusView    *self);
const char           *onboard_status_view_get_last_sync_text    (OnboardStatusView    *self);
const char           *onboard_status_view_get_problem           (OnboardStatusView    *self);


G_END_DECLS
