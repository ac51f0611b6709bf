/* fuzz-terms.c: the body of GET /terms
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-terms.h"

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
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  terms = onboard_terms_new_from_json (object, &error);
  if (terms == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  /* The version goes back to the service with the sign-up; the rest is
   * shown in the terms dialog. */
  onboard_fuzz_assert_text (onboard_terms_get_version (terms));
  onboard_fuzz_assert_text (onboard_terms_get_title (terms));
  onboard_fuzz_assert_text (onboard_terms_get_url (terms));
  onboard_fuzz_assert_text (onboard_terms_get_text (terms));

  return 0;
}
