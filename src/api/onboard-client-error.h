/* onboard-client-error.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onboard-error-details.h"
#include "onboard-field-errors.h"

G_BEGIN_DECLS

#define ONBOARD_CLIENT_ERROR (onboard_client_error_quark ())
#define ONBOARD_TYPE_CLIENT_ERROR (onboard_client_error_get_type ())

/**
 * OnboardClientError:
 * @ONBOARD_CLIENT_ERROR_NETWORK: no network, the service could not be reached,
 *   or the connection broke before an answer came; retried by the client
 *   for safe requests before it is reported
 * @ONBOARD_CLIENT_ERROR_TIMEOUT: the service accepted the connection but did
 *   not answer in time
 * @ONBOARD_CLIENT_ERROR_TLS: the service's certificate is not trusted; the
 *   details name its issuer
 * @ONBOARD_CLIENT_ERROR_INSECURE_URL: the base URL is plain http:// to a host
 *   that is not loopback, or not a URL at all; nothing was sent
 * @ONBOARD_CLIENT_ERROR_INVALID_INPUT: 422: some fields were refused; see
 *   onboard_client_error_get_fields()
 * @ONBOARD_CLIENT_ERROR_BAD_REQUEST: 400 or another 4xx the app did not
 *   expect: a defect in the app or a changed service
 * @ONBOARD_CLIENT_ERROR_UNAUTHORISED: 401 after one token refresh, or a wrong
 *   email and password: the user must sign in (again)
 * @ONBOARD_CLIENT_ERROR_NOT_ACTIVATED: 403 `account_not_activated`: the
 *   activation link has not been opened yet
 * @ONBOARD_CLIENT_ERROR_FORBIDDEN: any other 403
 * @ONBOARD_CLIENT_ERROR_NOT_FOUND: 404
 * @ONBOARD_CLIENT_ERROR_CONFLICT: 409 (`conflict`, `invalid_state`,
 *   `school_already_registered`: the server code is in the details)
 * @ONBOARD_CLIENT_ERROR_GONE: 410: the sign-up expired
 * @ONBOARD_CLIENT_ERROR_RATE_LIMITED: 429 whose wait is too long to sit
 *   through; the details say how long to wait
 * @ONBOARD_CLIENT_ERROR_SERVER: 500, or 502/503/504 still failing after the
 *   retries
 * @ONBOARD_CLIENT_ERROR_UPSTREAM: 502 `upstream_error`: Groupcall refused or
 *   failed
 * @ONBOARD_CLIENT_ERROR_BAD_RESPONSE: the answer was not the JSON the
 *   contract promises (unparseable, missing members, wrong types, absurd
 *   values, or an unexpected status)
 * @ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION: 406: this app is too old for
 *   the service
 *
 * Codes a page can act on. The GError's message is always a translated
 * sentence for the user (what happened, what to do); the request id, HTTP
 * status and server code for support travel with the error, see
 * onboard_client_error_get_details().
 *
 * Cancellation is reported as G_IO_ERROR_CANCELLED, never in this domain.
 */
typedef enum
{
  ONBOARD_CLIENT_ERROR_NETWORK,
  ONBOARD_CLIENT_ERROR_TIMEOUT,
  ONBOARD_CLIENT_ERROR_TLS,
  ONBOARD_CLIENT_ERROR_INSECURE_URL,
  ONBOARD_CLIENT_ERROR_INVALID_INPUT,
  ONBOARD_CLIENT_ERROR_BAD_REQUEST,
  ONBOARD_CLIENT_ERROR_UNAUTHORISED,
  ONBOARD_CLIENT_ERROR_NOT_ACTIVATED,
  ONBOARD_CLIENT_ERROR_FORBIDDEN,
  ONBOARD_CLIENT_ERROR_NOT_FOUND,
  ONBOARD_CLIENT_ERROR_CONFLICT,
  ONBOARD_CLIENT_ERROR_GONE,
  ONBOARD_CLIENT_ERROR_RATE_LIMITED,
  ONBOARD_CLIENT_ERROR_SERVER,
  ONBOARD_CLIENT_ERROR_UPSTREAM,
  ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
  ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION,
} OnboardClientError;

GType                onboard_client_error_get_type           (void) G_GNUC_CONST;
GQuark               onboard_client_error_quark              (void);
GError              *onboard_client_error_new                (OnboardClientError   code,
                                                              OnboardErrorDetails *details,
                                                              const char          *message);
OnboardErrorDetails *onboard_client_error_get_details        (const GError        *error);
OnboardFieldErrors  *onboard_client_error_get_fields         (const GError        *error);
guint                onboard_client_error_get_retry_after    (const GError        *error);
gboolean             onboard_client_error_is_outcome_unknown (const GError        *error);
char                *onboard_client_error_dup_report         (const GError        *error);
char                *onboard_client_error_dup_support_phone  (void);

G_END_DECLS
