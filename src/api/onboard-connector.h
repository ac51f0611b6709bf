/* onboard-connector.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_CONNECTOR (onboard_connector_get_type ())
#define ONBOARD_TYPE_CONNECTOR_STATUS (onboard_connector_status_get_type ())
#define ONBOARD_TYPE_CONNECTOR_STATUS_REASON (onboard_connector_status_reason_get_type ())
#define ONBOARD_TYPE_SYNC_STATUS (onboard_sync_status_get_type ())

/**
 * OnboardConnectorStatus:
 * @ONBOARD_CONNECTOR_STATUS_UNKNOWN: a status this version does not know,
 *   from a newer service
 *
 * The states of the API spec's connector table, in the order a connection
 * normally goes through them.
 */
typedef enum
{
  ONBOARD_CONNECTOR_STATUS_UNKNOWN,
  ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED,
  ONBOARD_CONNECTOR_STATUS_INVITATION_SENT,
  ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED,
  ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION,
  ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED,
  ONBOARD_CONNECTOR_STATUS_AUTHORISED,
  ONBOARD_CONNECTOR_STATUS_SYNCING,
  ONBOARD_CONNECTOR_STATUS_CONNECTED,
  ONBOARD_CONNECTOR_STATUS_SYNC_ERROR,
  ONBOARD_CONNECTOR_STATUS_REVOKED,
} OnboardConnectorStatus;

typedef enum
{
  ONBOARD_CONNECTOR_STATUS_REASON_NONE,
  ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN,
  ONBOARD_CONNECTOR_STATUS_REASON_GROUPCALL_REJECTED_INVITATION,
  ONBOARD_CONNECTOR_STATUS_REASON_AUTHORISATION_PAUSED,
  ONBOARD_CONNECTOR_STATUS_REASON_SECRET_INVALID,
  ONBOARD_CONNECTOR_STATUS_REASON_MIS_UNREACHABLE,
  ONBOARD_CONNECTOR_STATUS_REASON_REVOKED_BY_SCHOOL,
  ONBOARD_CONNECTOR_STATUS_REASON_SCOPES_INSUFFICIENT,
} OnboardConnectorStatusReason;

/**
 * OnboardSyncStatus:
 * @ONBOARD_SYNC_STATUS_NONE: no data pull has finished yet
 */
typedef enum
{
  ONBOARD_SYNC_STATUS_NONE,
  ONBOARD_SYNC_STATUS_UNKNOWN,
  ONBOARD_SYNC_STATUS_SUCCESS,
  ONBOARD_SYNC_STATUS_FAILURE,
  ONBOARD_SYNC_STATUS_NO_CHANGES,
} OnboardSyncStatus;

GType                         onboard_connector_status_get_type           (void) G_GNUC_CONST;
GType                         onboard_connector_status_reason_get_type    (void) G_GNUC_CONST;
GType                         onboard_sync_status_get_type                (void) G_GNUC_CONST;

OnboardConnectorStatus        onboard_connector_status_from_string        (const char *str);
const char                   *onboard_connector_status_to_string          (OnboardConnectorStatus status);
OnboardConnectorStatusReason  onboard_connector_status_reason_from_string (const char *str);
const char                   *onboard_connector_status_reason_to_string   (OnboardConnectorStatusReason reason);

G_DECLARE_FINAL_TYPE (OnboardConnector, onboard_connector, ONBOARD, CONNECTOR, GObject)

/* The connector of GET /connectors/{id}: immutable; a newer state is a new
 * object. */

OnboardConnector            *onboard_connector_new_from_json          (JsonObject       *object,
                                                                       GError          **error);
const char                  *onboard_connector_get_id                 (OnboardConnector *self);
const char                  *onboard_connector_get_urn                (OnboardConnector *self);
const char                  *onboard_connector_get_estab              (OnboardConnector *self);
const char                  *onboard_connector_get_method             (OnboardConnector *self);
const char                  *onboard_connector_get_mis_provider       (OnboardConnector *self);
OnboardConnectorStatus       onboard_connector_get_status             (OnboardConnector *self);
const char                  *onboard_connector_get_status_string      (OnboardConnector *self);
char                        *onboard_connector_dup_status_text        (OnboardConnector *self);
char                        *onboard_connector_escape_status          (const char       *status);
OnboardConnectorStatusReason onboard_connector_get_status_reason      (OnboardConnector *self);
GDateTime                   *onboard_connector_get_status_changed_at  (OnboardConnector *self);
GDateTime                   *onboard_connector_get_invitation_sent_at (OnboardConnector *self);
const char                  *onboard_connector_get_invitation_sent_to (OnboardConnector *self);
GDateTime                   *onboard_connector_get_resend_available_at (OnboardConnector *self);
GDateTime                   *onboard_connector_get_authorised_at      (OnboardConnector *self);
const char * const          *onboard_connector_get_scopes             (OnboardConnector *self);
const char * const          *onboard_connector_get_template_scopes    (OnboardConnector *self);
GDateTime                   *onboard_connector_get_last_sync_at       (OnboardConnector *self);
OnboardSyncStatus            onboard_connector_get_last_sync_status   (OnboardConnector *self);
GDateTime                   *onboard_connector_get_next_sync_at       (OnboardConnector *self);
guint                        onboard_connector_get_poll_interval      (OnboardConnector *self);
const char                  *onboard_connector_get_web_url            (OnboardConnector *self);
guint                        onboard_connector_get_retry_after        (OnboardConnector *self);
const char                  *onboard_connector_get_etag               (OnboardConnector *self);

G_END_DECLS
