/* onboard-signup.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_SIGNUP (onboard_signup_get_type ())
#define ONBOARD_TYPE_SIGNUP_STATUS (onboard_signup_status_get_type ())

typedef enum
{
  ONBOARD_SIGNUP_STATUS_UNKNOWN,
  ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION,
  ONBOARD_SIGNUP_STATUS_ACTIVE,
  ONBOARD_SIGNUP_STATUS_EXPIRED,
} OnboardSignupStatus;

GType onboard_signup_status_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (OnboardSignup, onboard_signup, ONBOARD, SIGNUP, GObject)

/* POST /signups and GET /signups/{id}: an account waiting for its
 * activation link to be opened. */

OnboardSignup       *onboard_signup_new_from_json              (JsonObject     *object,
                                                                GError        **error);
const char          *onboard_signup_get_id                     (OnboardSignup  *self);
const char          *onboard_signup_get_email                  (OnboardSignup  *self);
OnboardSignupStatus  onboard_signup_get_status                 (OnboardSignup  *self);
const char * const  *onboard_signup_get_apps                   (OnboardSignup  *self);
GDateTime           *onboard_signup_get_created_at             (OnboardSignup  *self);
GDateTime           *onboard_signup_get_activation_expires_at  (OnboardSignup  *self);
GDateTime           *onboard_signup_get_resend_available_at    (OnboardSignup  *self);
GDateTime           *onboard_signup_get_activated_at           (OnboardSignup  *self);
const char          *onboard_signup_get_signup_token           (OnboardSignup  *self);
guint                onboard_signup_get_retry_after            (OnboardSignup  *self);

G_END_DECLS
