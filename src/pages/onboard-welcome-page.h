/* onboard-welcome-page.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-client.h"
#include "onboard-page.h"
#include "onboard-progress.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_WELCOME_PAGE (onboard_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (OnboardWelcomePage, onboard_welcome_page, ONBOARD, WELCOME_PAGE, OnboardPage)

OnboardPage *onboard_welcome_page_new (OnboardClient   *client,
                                       OnboardProgress *progress);

G_END_DECLS
