/* fuzz-connector.c: the body of GET /connectors/{id} and Grant Access
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "onboard-connector.h"

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
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  OnboardConnectorStatus status;
  OnboardConnectorStatusReason reason;

  if (!(object = onboard_fuzz_parse_object (data, size)))
    return 0;

  connector = onboard_connector_new_from_json (object, &error);
  if (connector == NULL)
    {
      onboard_fuzz_assert_bad_response (error);
      return 0;
    }
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_connector_get_id (connector), !=, "");
  onboard_fuzz_assert_text (onboard_connector_get_id (connector));
  onboard_fuzz_assert_text (onboard_connector_get_urn (connector));
  onboard_fuzz_assert_text (onboard_connector_get_estab (connector));
  onboard_fuzz_assert_text (onboard_connector_get_method (connector));
  onboard_fuzz_assert_text (onboard_connector_get_mis_provider (connector));
  onboard_fuzz_assert_text (onboard_connector_get_status_string (connector));
  onboard_fuzz_assert_text (onboard_connector_get_invitation_sent_to (connector));
  onboard_fuzz_assert_strv (onboard_connector_get_scopes (connector));
  onboard_fuzz_assert_strv (onboard_connector_get_template_scopes (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_status_changed_at (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_invitation_sent_at (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_resend_available_at (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_authorised_at (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_last_sync_at (connector));
  onboard_fuzz_assert_date_time (onboard_connector_get_next_sync_at (connector));

  /* An unknown status from a newer service is shown as "unknown": the
   * names go round trip, and anything else maps to UNKNOWN. */
  status = onboard_connector_get_status (connector);
  g_assert_cmpint (status, >=, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (status, <=, ONBOARD_CONNECTOR_STATUS_REVOKED);
  if (status != ONBOARD_CONNECTOR_STATUS_UNKNOWN)
    g_assert_cmpstr (onboard_connector_status_to_string (status), ==,
                     onboard_connector_get_status_string (connector));

  reason = onboard_connector_get_status_reason (connector);
  g_assert_cmpint (reason, >=, ONBOARD_CONNECTOR_STATUS_REASON_NONE);
  g_assert_cmpint (reason, <=, ONBOARD_CONNECTOR_STATUS_REASON_SCOPES_INSUFFICIENT);
  onboard_fuzz_assert_text (onboard_connector_status_reason_to_string (reason));

  g_assert_cmpint (onboard_connector_get_last_sync_status (connector), >=, ONBOARD_SYNC_STATUS_NONE);
  g_assert_cmpint (onboard_connector_get_last_sync_status (connector), <=, ONBOARD_SYNC_STATUS_NO_CHANGES);

  /* The client polls at this interval: never 0, never absurd. */
  g_assert_cmpuint (onboard_connector_get_poll_interval (connector), >, 0);

  return 0;
}
