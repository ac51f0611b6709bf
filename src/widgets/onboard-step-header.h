/* onboard-step-header.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_STEP_HEADER (onboard_step_header_get_type ())

G_DECLARE_FINAL_TYPE (OnboardStepHeader, onboard_step_header, ONBOARD, STEP_HEADER, AdwBin)

const char *onboard_step_header_get_step_label (OnboardStepHeader *self);
void        onboard_step_header_set_step_label (OnboardStepHeader *self,
                                                const char        *step_label);
const char *onboard_step_header_get_title      (OnboardStepHeader *self);
void        onboard_step_header_set_title      (OnboardStepHeader *self,
                                                const char        *title);

G_END_DECLS
