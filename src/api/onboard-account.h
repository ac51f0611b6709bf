/* onboard-account.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "onboard-school-registration.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_ACCOUNT (onboard_account_get_type ())

G_DECLARE_FINAL_TYPE (OnboardAccount, onboard_account, ONBOARD, ACCOUNT, GObject)

/* GET /me: where a returning user stands. */

OnboardAccount            *onboard_account_new_from_json            (JsonObject      *object,
                                                                     GError         **error);
const char                *onboard_account_get_email                (OnboardAccount  *self);
const char * const        *onboard_account_get_apps                 (OnboardAccount  *self);
OnboardSchoolRegistration *onboard_account_get_school_registration  (OnboardAccount  *self);

G_END_DECLS
