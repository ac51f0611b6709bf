/* onboard-signup-form.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SIGNUP_FORM (onboard_signup_form_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSignupForm, onboard_signup_form, ONBOARD, SIGNUP_FORM, GtkBox)

GtkWidget     *onboard_signup_form_new             (OnboardClient     *client);
OnboardClient *onboard_signup_form_get_client      (OnboardSignupForm *self);
void           onboard_signup_form_set_client      (OnboardSignupForm *self,
                                                    OnboardClient     *client);
gboolean       onboard_signup_form_get_busy        (OnboardSignupForm *self);
gboolean       onboard_signup_form_get_valid       (OnboardSignupForm *self);
const char    *onboard_signup_form_get_hint        (OnboardSignupForm *self);
gboolean       onboard_signup_form_get_has_input   (OnboardSignupForm *self);
gboolean       onboard_signup_form_get_locked      (OnboardSignupForm *self);
void           onboard_signup_form_set_locked      (OnboardSignupForm *self,
                                                    gboolean           locked);
const char    *onboard_signup_form_get_invite_code (OnboardSignupForm *self);
char          *onboard_signup_form_dup_email       (OnboardSignupForm *self);
void           onboard_signup_form_sign_up         (OnboardSignupForm *self);
void           onboard_signup_form_start_again     (OnboardSignupForm *self,
                                                    const char        *invite_code,
                                                    const char        *email);

G_END_DECLS
