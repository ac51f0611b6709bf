/* fuzz-school-registration.c: the body of POST /school_registrations
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-school-registration.h"

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
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  registration = onboard_school_registration_new_from_json (object, &error);
  if (registration == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  onboard_fuzz_check_school_registration (registration);

  return 0;
}
