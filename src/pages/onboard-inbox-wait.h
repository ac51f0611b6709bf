/* onboard-inbox-wait.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_INBOX_WAIT (onboard_inbox_wait_get_type ())

G_DECLARE_FINAL_TYPE (OnboardInboxWait, onboard_inbox_wait, ONBOARD, INBOX_WAIT, GtkBox)

GtkWidget     *onboard_inbox_wait_new        (OnboardClient    *client);
OnboardClient *onboard_inbox_wait_get_client (OnboardInboxWait *self);
void           onboard_inbox_wait_set_client (OnboardInboxWait *self,
                                              OnboardClient    *client);
OnboardSignup *onboard_inbox_wait_get_signup (OnboardInboxWait *self);
void           onboard_inbox_wait_watch      (OnboardInboxWait *self,
                                              OnboardSignup    *signup,
                                              const char       *signup_token);
void           onboard_inbox_wait_forget     (OnboardInboxWait *self);

G_END_DECLS
