/* onboard-connector-page.h
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

#define ONBOARD_TYPE_CONNECTOR_PAGE (onboard_connector_page_get_type ())

G_DECLARE_FINAL_TYPE (OnboardConnectorPage, onboard_connector_page, ONBOARD, CONNECTOR_PAGE, OnboardPage)

OnboardPage *onboard_connector_page_new      (OnboardClient        *client,
                                              OnboardProgress      *progress,
                                              OnboardStatusMonitor *monitor);
const char  *onboard_connector_page_get_view (OnboardConnectorPage *self);

G_END_DECLS
