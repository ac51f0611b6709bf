/* onboard-status-page.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-client.h"
#include "onboard-page.h"
#include "onboard-progress.h"
#include "onboard-status-monitor.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_STATUS_PAGE (onboard_status_page_get_type ())

G_DECLARE_FINAL_TYPE (OnboardStatusPage, onboard_status_page, ONBOARD, STATUS_PAGE, OnboardPage)

OnboardPage *onboard_status_page_new               (OnboardClient        *client,
                                                    OnboardProgress      *progress,
                                                    OnboardStatusMonitor *monitor);
char        *onboard_status_page_dup_support_text  (OnboardStatusPage    *self);

G_END_DECLS
