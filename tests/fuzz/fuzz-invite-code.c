/* fuzz-invite-code.c: the body of GET /invite_codes/{code}
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-invite-code.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(OnboardInviteCode) invite = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *apps;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  invite = onboard_invite_code_new_from_json (object, &error);
  if (invite == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  onboard_fuzz_assert_text (onboard_invite_code_get_code (invite));
  onboard_fuzz_assert_text (onboard_invite_code_get_organisation (invite));
  onboard_fuzz_assert_date_time (onboard_invite_code_get_expires_at (invite));

  /* The page explains every invalid code, so one never comes without a
   * reason, and a valid one never has one. */
  if (onboard_invite_code_get_valid (invite))
    g_assert_cmpint (onboard_invite_code_get_reason (invite), ==, ONBOARD_INVITE_CODE_REASON_NONE);
  else
    g_assert_cmpint (onboard_invite_code_get_reason (invite), !=, ONBOARD_INVITE_CODE_REASON_NONE);

  apps = onboard_invite_code_get_apps (invite);
  onboard_fuzz_assert_strv (apps);
  for (guint i = 0; apps[i] != NULL; i++)
    g_assert_true (onboard_invite_code_includes_app (invite, apps[i]));

  return 0;
}
