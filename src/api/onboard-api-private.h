/* onboard-api-private.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-connector.h"
#include "onboard-service-status.h"
#include "onboard-signup.h"

G_BEGIN_DECLS

/* Only the client calls these, once, before a result leaves it: they add
 * what the HTTP headers said to a result built from the JSON body. */

void onboard_connector_set_response_info (OnboardConnector     *self,
                                          const char           *etag,
                                          guint                 retry_after);
void onboard_signup_set_retry_after      (OnboardSignup        *self,
                                          guint                 retry_after);
void onboard_service_status_set_date     (OnboardServiceStatus *self,
                                          GDateTime            *date);

G_END_DECLS
