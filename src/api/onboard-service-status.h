/* onboard-service-status.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_SERVICE_STATUS (onboard_service_status_get_type ())

G_DECLARE_FINAL_TYPE (OnboardServiceStatus, onboard_service_status,
                      ONBOARD, SERVICE_STATUS, GObject)

/* GET /status: what the pre-flight checks need to know about the service. */

OnboardServiceStatus *onboard_service_status_new_from_json     (JsonObject           *object,
                                                                GError              **error);
const char           *onboard_service_status_get_status        (OnboardServiceStatus *self);
GDateTime            *onboard_service_status_get_server_time   (OnboardServiceStatus *self);
GDateTime            *onboard_service_status_get_date          (OnboardServiceStatus *self);
const char           *onboard_service_status_get_terms_version (OnboardServiceStatus *self);

G_END_DECLS
