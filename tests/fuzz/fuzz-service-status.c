/* fuzz-service-status.c: the body of GET /status, read by the pre-flight checks
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-service-status.h"

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
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  status = onboard_service_status_new_from_json (object, &error);
  if (status == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  g_assert_nonnull (onboard_service_status_get_status (status));
  onboard_fuzz_assert_text (onboard_service_status_get_status (status));
  onboard_fuzz_assert_text (onboard_service_status_get_terms_version (status));
  /* The clock check compares it with the local clock. */
  onboard_fuzz_assert_date_time (onboard_service_status_get_server_time (status));

  return 0;
}
