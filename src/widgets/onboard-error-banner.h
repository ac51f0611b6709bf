/* onboard-error-banner.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_ERROR_BANNER (onboard_error_banner_get_type ())

G_DECLARE_FINAL_TYPE (OnboardErrorBanner, onboard_error_banner, ONBOARD, ERROR_BANNER, AdwBin)

void        onboard_error_banner_show         (OnboardErrorBanner *self,
                                               const char         *message,
                                               const char         *details,
                                               const char         *button_label);
void        onboard_error_banner_hide         (OnboardErrorBanner *self);
gboolean    onboard_error_banner_get_revealed (OnboardErrorBanner *self);
const char *onboard_error_banner_get_message  (OnboardErrorBanner *self);
const char *onboard_error_banner_get_details  (OnboardErrorBanner *self);

G_END_DECLS
