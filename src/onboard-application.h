/* onboard-application.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-practice.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_APPLICATION (onboard_application_get_type ())

G_DECLARE_FINAL_TYPE (OnboardApplication, onboard_application, ONBOARD, APPLICATION, AdwApplication)

OnboardApplication *onboard_application_new              (void);
const char         *onboard_application_get_api_url      (OnboardApplication *self);
char               *onboard_application_dup_debug_info   (OnboardApplication *self);

gboolean            onboard_application_start_practice   (OnboardApplication *self,
                                                          OnboardPractice    *practice);
void                onboard_application_leave_practice   (OnboardApplication *self);
OnboardPractice    *onboard_application_get_practice     (OnboardApplication *self);

G_END_DECLS
