/* onboard-application.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_APPLICATION (onboard_application_get_type ())

G_DECLARE_FINAL_TYPE (OnboardApplication, onboard_application, ONBOARD, APPLICATION, AdwApplication)

OnboardApplication *onboard_application_new              (void);
const char         *onboard_application_get_api_url      (OnboardApplication *self);
char               *onboard_application_dup_debug_info   (OnboardApplication *self);

G_END_DECLS
