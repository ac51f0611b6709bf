/* onboard-sandbox-machine.h: what happens to sign-ups and connectors
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-sandbox.h"
#include "onboard-sandbox-store.h"

G_BEGIN_DECLS

gboolean     onboard_sandbox_do_activate            (OnboardSandbox        *self,
                                                     OnboardSandboxSignup  *signup,
                                                     GError               **error);
gboolean     onboard_sandbox_do_authorise           (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector,
                                                     const char * const    *scopes,
                                                     const char            *secret,
                                                     GError               **error);
gboolean     onboard_sandbox_do_event               (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector,
                                                     const char            *event,
                                                     GError               **error);
void         onboard_sandbox_resume_timers          (OnboardSandbox        *self);
const char  *onboard_sandbox_expected_school_id     (OnboardSandboxConnector *connector);
void         onboard_sandbox_signup_created         (OnboardSandbox        *self,
                                                     OnboardSandboxSignup  *signup);
void         onboard_sandbox_invitation_sent        (OnboardSandbox        *self,
                                                     OnboardSandboxConnector *connector);

G_END_DECLS
