/* fuzz-account.c: the body of GET /me
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-account.h"

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
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolRegistration *registration;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  account = onboard_account_new_from_json (object, &error);
  if (account == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  g_assert_nonnull (onboard_account_get_email (account));
  onboard_fuzz_assert_text (onboard_account_get_email (account));
  onboard_fuzz_assert_strv (onboard_account_get_apps (account));

  /* A returning user's registration is read exactly as a new one. */
  if ((registration = onboard_account_get_school_registration (account)))
    onboard_fuzz_check_school_registration (registration);

  return 0;
}
