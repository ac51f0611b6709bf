/* onboard-invite-code.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_INVITE_CODE (onboard_invite_code_get_type ())
#define ONBOARD_TYPE_INVITE_CODE_REASON (onboard_invite_code_reason_get_type ())

/**
 * OnboardInviteCodeReason:
 * @ONBOARD_INVITE_CODE_REASON_NONE: the code is valid
 * @ONBOARD_INVITE_CODE_REASON_UNKNOWN: invalid for a reason this version
 *   does not know
 */
typedef enum
{
  ONBOARD_INVITE_CODE_REASON_NONE,
  ONBOARD_INVITE_CODE_REASON_UNKNOWN,
  ONBOARD_INVITE_CODE_REASON_EXPIRED,
  ONBOARD_INVITE_CODE_REASON_ALREADY_USED,
} OnboardInviteCodeReason;

GType onboard_invite_code_reason_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (OnboardInviteCode, onboard_invite_code, ONBOARD, INVITE_CODE, GObject)

/* GET /invite_codes/{code}: who invited the user and to which apps. */

char                    *onboard_invite_code_normalise        (const char        *code);
OnboardInviteCode       *onboard_invite_code_new_from_json    (JsonObject        *object,
                                                               GError           **error);
const char              *onboard_invite_code_get_code         (OnboardInviteCode *self);
gboolean                 onboard_invite_code_get_valid        (OnboardInviteCode *self);
OnboardInviteCodeReason  onboard_invite_code_get_reason       (OnboardInviteCode *self);
const char              *onboard_invite_code_get_organisation (OnboardInviteCode *self);
const char * const      *onboard_invite_code_get_apps         (OnboardInviteCode *self);
gboolean                 onboard_invite_code_includes_app     (OnboardInviteCode *self,
                                                               const char        *app);
GDateTime               *onboard_invite_code_get_expires_at   (OnboardInviteCode *self);

G_END_DECLS
