/* onboard-error-details.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onboard-field-errors.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_ERROR_DETAILS (onboard_error_details_get_type ())

G_DECLARE_FINAL_TYPE (OnboardErrorDetails, onboard_error_details, ONBOARD, ERROR_DETAILS, GObject)

/* What support needs to find a failed request in the service's logs.
 * Immutable; never holds a body, a token, a password or an invite code. */

const char         *onboard_error_details_get_method         (OnboardErrorDetails *self);
const char         *onboard_error_details_get_path           (OnboardErrorDetails *self);
guint               onboard_error_details_get_http_status    (OnboardErrorDetails *self);
const char         *onboard_error_details_get_request_id     (OnboardErrorDetails *self);
const char         *onboard_error_details_get_server_code    (OnboardErrorDetails *self);
const char         *onboard_error_details_get_server_message (OnboardErrorDetails *self);
const char         *onboard_error_details_get_debug_message  (OnboardErrorDetails *self);
guint               onboard_error_details_get_retry_after    (OnboardErrorDetails *self);
const char         *onboard_error_details_get_tls_issuer     (OnboardErrorDetails *self);
OnboardFieldErrors *onboard_error_details_get_fields         (OnboardErrorDetails *self);
GDateTime          *onboard_error_details_get_time           (OnboardErrorDetails *self);
char               *onboard_error_details_to_string          (OnboardErrorDetails *self);

G_END_DECLS
