/* onboard-resend-button.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_RESEND_BUTTON (onboard_resend_button_get_type ())

G_DECLARE_FINAL_TYPE (OnboardResendButton, onboard_resend_button, ONBOARD, RESEND_BUTTON, GtkButton)

GtkWidget *onboard_resend_button_new              (void);
void       onboard_resend_button_set_available_at (OnboardResendButton *self,
                                                   GDateTime           *when);
gboolean   onboard_resend_button_get_waiting      (OnboardResendButton *self);

G_END_DECLS
