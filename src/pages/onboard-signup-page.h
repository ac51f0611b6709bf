/* onboard-signup-page.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-client.h"
#include "onboard-credentials.h"
#include "onboard-page.h"
#include "onboard-progress.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SIGNUP_PAGE (onboard_signup_page_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSignupPage, onboard_signup_page, ONBOARD, SIGNUP_PAGE, OnboardPage)

OnboardPage *onboard_signup_page_new      (OnboardClient      *client,
                                           OnboardProgress    *progress,
                                           OnboardCredentials *credentials);
const char  *onboard_signup_page_get_view (OnboardSignupPage *self);

G_END_DECLS
