/* onboard-sign-in-form.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SIGN_IN_FORM (onboard_sign_in_form_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSignInForm, onboard_sign_in_form, ONBOARD, SIGN_IN_FORM, GtkBox)

GtkWidget     *onboard_sign_in_form_new        (OnboardClient     *client);
OnboardClient *onboard_sign_in_form_get_client (OnboardSignInForm *self);
void           onboard_sign_in_form_set_client (OnboardSignInForm *self,
                                                OnboardClient     *client);
gboolean       onboard_sign_in_form_get_busy   (OnboardSignInForm *self);
gboolean       onboard_sign_in_form_get_valid  (OnboardSignInForm *self);
const char    *onboard_sign_in_form_get_hint   (OnboardSignInForm *self);
gboolean       onboard_sign_in_form_get_locked (OnboardSignInForm *self);
void           onboard_sign_in_form_set_locked (OnboardSignInForm *self,
                                                gboolean           locked);
void           onboard_sign_in_form_prepare    (OnboardSignInForm *self,
                                                const char        *email);
void           onboard_sign_in_form_sign_in    (OnboardSignInForm *self);
void           onboard_sign_in_form_ask_after_activation (OnboardSignInForm *self,
                                                          const char        *email);

G_END_DECLS
