/* fuzz-signup.c: the body of POST /signups and GET /signups/{id}
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-signup.h"

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
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  signup = onboard_signup_new_from_json (object, &error);
  if (signup == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  /* The id goes into URLs, the address onto the "Check your inbox" page. */
  g_assert_nonnull (onboard_signup_get_id (signup));
  g_assert_cmpstr (onboard_signup_get_id (signup), !=, "");
  g_assert_nonnull (onboard_signup_get_email (signup));
  onboard_fuzz_assert_text (onboard_signup_get_id (signup));
  onboard_fuzz_assert_text (onboard_signup_get_email (signup));
  onboard_fuzz_assert_text (onboard_signup_get_signup_token (signup));
  onboard_fuzz_assert_strv (onboard_signup_get_apps (signup));
  g_assert_cmpint (onboard_signup_get_status (signup), >=, ONBOARD_SIGNUP_STATUS_UNKNOWN);
  g_assert_cmpint (onboard_signup_get_status (signup), <=, ONBOARD_SIGNUP_STATUS_EXPIRED);
  onboard_fuzz_assert_date_time (onboard_signup_get_created_at (signup));
  onboard_fuzz_assert_date_time (onboard_signup_get_activation_expires_at (signup));
  onboard_fuzz_assert_date_time (onboard_signup_get_resend_available_at (signup));
  onboard_fuzz_assert_date_time (onboard_signup_get_activated_at (signup));

  return 0;
}
