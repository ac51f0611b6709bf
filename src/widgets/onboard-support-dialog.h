/* onboard-support-dialog.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-support-report.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SUPPORT_DIALOG (onboard_support_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSupportDialog, onboard_support_dialog, ONBOARD, SUPPORT_DIALOG, AdwWindow)

OnboardSupportDialog *onboard_support_dialog_new           (GtkWindow            *parent,
                                                            OnboardSupportReport *report);
const char           *onboard_support_dialog_get_reference (OnboardSupportDialog *self);
char                 *onboard_support_dialog_dup_report    (OnboardSupportDialog *self);

G_END_DECLS
