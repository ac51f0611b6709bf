/* onboard-connector.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-connector.h"
#include "onboard-api-private.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

/* The spec's default; also what a server that omits it gets. */
#define DEFAULT_POLL_INTERVAL 15
/* A day: anything longer is a broken server, not a polling hint. */
#define MAX_POLL_INTERVAL (24 * 60 * 60)

struct _OnboardConnector
{
  GObject                       parent_instance;

  char                         *id;
  char                         *urn;
  char                         *estab;
  char                         *method;
  char                         *mis_provider;
  char                         *web_url;
  char                         *status_string;
  GDateTime                    *status_changed_at;
  GDateTime                    *invitation_sent_at;
  char                         *invitation_sent_to;
  GDateTime                    *resend_available_at;
  GDateTime                    *authorised_at;
  char                        **scopes;
  char                        **template_scopes;
  GDateTime                    *last_sync_at;
  GDateTime                    *next_sync_at;
  char                         *etag;
  OnboardConnectorStatus        status;
  OnboardConnectorStatusReason  status_reason;
  OnboardSyncStatus             last_sync_status;
  guint                         poll_interval;
  guint                         retry_after;
};

G_DEFINE_FINAL_TYPE (OnboardConnector, onboard_connector, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnboardConnectorStatus, onboard_connector_status,
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED, "not_configured"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_INVITATION_SENT, "invitation_sent"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED, "invitation_failed"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION, "awaiting_authorisation"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED, "authorisation_paused"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_AUTHORISED, "authorised"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_SYNC_ERROR, "sync_error"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REVOKED, "revoked"))

G_DEFINE_ENUM_TYPE (OnboardConnectorStatusReason, onboard_connector_status_reason,
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_GROUPCALL_REJECTED_INVITATION,
                       "groupcall_rejected_invitation"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_AUTHORISATION_PAUSED,
                       "authorisation_paused"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_SECRET_INVALID, "secret_invalid"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_MIS_UNREACHABLE, "mis_unreachable"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_REVOKED_BY_SCHOOL, "revoked_by_school"),
  G_DEFINE_ENUM_VALUE (ONBOARD_CONNECTOR_STATUS_REASON_SCOPES_INSUFFICIENT,
                       "scopes_insufficient"))

G_DEFINE_ENUM_TYPE (OnboardSyncStatus, onboard_sync_status,
  G_DEFINE_ENUM_VALUE (ONBOARD_SYNC_STATUS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SYNC_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SYNC_STATUS_SUCCESS, "success"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SYNC_STATUS_FAILURE, "failure"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SYNC_STATUS_NO_CHANGES, "no_changes"))

enum {
  PROP_0,
  PROP_ID,
  PROP_URN,
  PROP_ESTAB,
  PROP_METHOD,
  PROP_MIS_PROVIDER,
  PROP_STATUS,
  PROP_STATUS_REASON,
  PROP_STATUS_CHANGED_AT,
  PROP_INVITATION_SENT_AT,
  PROP_INVITATION_SENT_TO,
  PROP_RESEND_AVAILABLE_AT,
  PROP_AUTHORISED_AT,
  PROP_SCOPES,
  PROP_TEMPLATE_SCOPES,
  PROP_LAST_SYNC_AT,
  PROP_LAST_SYNC_STATUS,
  PROP_NEXT_SYNC_AT,
  PROP_POLL_INTERVAL,
  PROP_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * onboard_connector_status_from_string:
 * @str: (nullable): a status from the service
 *
 * Returns: the status, or %ONBOARD_CONNECTOR_STATUS_UNKNOWN for anything
 *   this version does not know
 */
OnboardConnectorStatus
onboard_connector_status_from_string (const char *str)
{
  return onboard_json_enum_from_string (ONBOARD_TYPE_CONNECTOR_STATUS, str,
                                        ONBOARD_CONNECTOR_STATUS_UNKNOWN);
}

/**
 * onboard_connector_status_to_string:
 *
 * Returns: the service's name for @status ("unknown" for the unknown one)
 */
const char *
onboard_connector_status_to_string (OnboardConnectorStatus status)
{
  const char *str = onboard_json_enum_to_string (ONBOARD_TYPE_CONNECTOR_STATUS, status);

  return str != NULL ? str : "unknown";
}

OnboardConnectorStatusReason
onboard_connector_status_reason_from_string (const char *str)
{
  if (str == NULL)
    return ONBOARD_CONNECTOR_STATUS_REASON_NONE;

  return onboard_json_enum_from_string (ONBOARD_TYPE_CONNECTOR_STATUS_REASON, str,
                                        ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN);
}

/**
 * onboard_connector_status_reason_to_string:
 *
 * Returns: (nullable): the service's name for @reason, %NULL for none
 */
const char *
onboard_connector_status_reason_to_string (OnboardConnectorStatusReason reason)
{
  if (reason == ONBOARD_CONNECTOR_STATUS_REASON_NONE)
    return NULL;

  return onboard_json_enum_to_string (ONBOARD_TYPE_CONNECTOR_STATUS_REASON, reason);
}

static void
onboard_connector_finalize (GObject *object)
{
  OnboardConnector *self = (OnboardConnector *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->urn, g_free);
  g_clear_pointer (&self->estab, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->mis_provider, g_free);
  g_clear_pointer (&self->web_url, g_free);
  g_clear_pointer (&self->status_string, g_free);
  g_clear_pointer (&self->status_changed_at, g_date_time_unref);
  g_clear_pointer (&self->invitation_sent_at, g_date_time_unref);
  g_clear_pointer (&self->invitation_sent_to, g_free);
  g_clear_pointer (&self->resend_available_at, g_date_time_unref);
  g_clear_pointer (&self->authorised_at, g_date_time_unref);
  g_clear_pointer (&self->scopes, g_strfreev);
  g_clear_pointer (&self->template_scopes, g_strfreev);
  g_clear_pointer (&self->last_sync_at, g_date_time_unref);
  g_clear_pointer (&self->next_sync_at, g_date_time_unref);
  g_clear_pointer (&self->etag, g_free);

  G_OBJECT_CLASS (onboard_connector_parent_class)->finalize (object);
}

static void
onboard_connector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OnboardConnector *self = ONBOARD_CONNECTOR (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_URN:
      g_value_set_string (value, self->urn);
      break;

    case PROP_ESTAB:
      g_value_set_string (value, self->estab);
      break;

    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_MIS_PROVIDER:
      g_value_set_string (value, self->mis_provider);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_STATUS_REASON:
      g_value_set_enum (value, self->status_reason);
      break;

    case PROP_STATUS_CHANGED_AT:
      g_value_set_boxed (value, self->status_changed_at);
      break;

    case PROP_INVITATION_SENT_AT:
      g_value_set_boxed (value, self->invitation_sent_at);
      break;

    case PROP_INVITATION_SENT_TO:
      g_value_set_string (value, self->invitation_sent_to);
      break;

    case PROP_RESEND_AVAILABLE_AT:
      g_value_set_boxed (value, self->resend_available_at);
      break;

    case PROP_AUTHORISED_AT:
      g_value_set_boxed (value, self->authorised_at);
      break;

    case PROP_SCOPES:
      g_value_set_boxed (value, self->scopes);
      break;

    case PROP_TEMPLATE_SCOPES:
      g_value_set_boxed (value, self->template_scopes);
      break;

    case PROP_LAST_SYNC_AT:
      g_value_set_boxed (value, self->last_sync_at);
      break;

    case PROP_LAST_SYNC_STATUS:
      g_value_set_enum (value, self->last_sync_status);
      break;

    case PROP_NEXT_SYNC_AT:
      g_value_set_boxed (value, self->next_sync_at);
      break;

    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval);
      break;

    case PROP_RETRY_AFTER:
      g_value_set_uint (value, self->retry_after);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_connector_class_init (OnboardConnectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_connector_finalize;
  object_class->get_property = onboard_connector_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_URN] = g_param_spec_string ("urn", NULL, NULL, NULL, flags);
  properties[PROP_ESTAB] = g_param_spec_string ("estab", NULL, NULL, NULL, flags);
  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, flags);
  properties[PROP_MIS_PROVIDER] = g_param_spec_string ("mis-provider", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       ONBOARD_TYPE_CONNECTOR_STATUS,
                       ONBOARD_CONNECTOR_STATUS_UNKNOWN,
                       flags);
  properties[PROP_STATUS_REASON] =
    g_param_spec_enum ("status-reason", NULL, NULL,
                       ONBOARD_TYPE_CONNECTOR_STATUS_REASON,
                       ONBOARD_CONNECTOR_STATUS_REASON_NONE,
                       flags);
  properties[PROP_STATUS_CHANGED_AT] =
    g_param_spec_boxed ("status-changed-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_INVITATION_SENT_AT] =
    g_param_spec_boxed ("invitation-sent-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_INVITATION_SENT_TO] =
    g_param_spec_string ("invitation-sent-to", NULL, NULL, NULL, flags);
  properties[PROP_RESEND_AVAILABLE_AT] =
    g_param_spec_boxed ("resend-available-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_AUTHORISED_AT] =
    g_param_spec_boxed ("authorised-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SCOPES] = g_param_spec_boxed ("scopes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_TEMPLATE_SCOPES] =
    g_param_spec_boxed ("template-scopes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_LAST_SYNC_AT] =
    g_param_spec_boxed ("last-sync-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LAST_SYNC_STATUS] =
    g_param_spec_enum ("last-sync-status", NULL, NULL,
                       ONBOARD_TYPE_SYNC_STATUS,
                       ONBOARD_SYNC_STATUS_NONE,
                       flags);
  properties[PROP_NEXT_SYNC_AT] =
    g_param_spec_boxed ("next-sync-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       1, MAX_POLL_INTERVAL, DEFAULT_POLL_INTERVAL,
                       flags);
  properties[PROP_RETRY_AFTER] =
    g_param_spec_uint ("retry-after", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_connector_init (OnboardConnector *self)
{
  self->poll_interval = DEFAULT_POLL_INTERVAL;
}

/* The connector's page in Assembly's web app is opened in the browser: only
 * an https address with a host and no user name, never another scheme. */
static gboolean
web_url_is_safe (const char *web_url)
{
  g_autoptr(GUri) uri = NULL;

  if (web_url == NULL)
    return FALSE;

  uri = g_uri_parse (web_url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0' &&
         g_uri_get_userinfo (uri) == NULL;
}

/* "invitation": Groupcall's email, when it went, to whom, and when it may
 * be sent again. */
static gboolean
read_invitation (OnboardConnector  *self,
                 JsonObject        *invitation,
                 GError           **error)
{
  return onboard_json_get_date_time (invitation, "sent_at", ONBOARD_JSON_MAY_BE_MISSING,
                                     &self->invitation_sent_at, error) &&
         onboard_json_get_string (invitation, "sent_to", ONBOARD_JSON_MAY_BE_MISSING,
                                  &self->invitation_sent_to, error) &&
         onboard_json_get_date_time (invitation, "resend_available_at", ONBOARD_JSON_MAY_BE_MISSING,
                                     &self->resend_available_at, error);
}

/* "authorisation": when the school approved, and what it shares. */
static gboolean
read_authorisation (OnboardConnector  *self,
                    JsonObject        *authorisation,
                    GError           **error)
{
  return onboard_json_get_date_time (authorisation, "authorised_at", ONBOARD_JSON_MAY_BE_MISSING,
                                     &self->authorised_at, error) &&
         onboard_json_get_strv (authorisation, "scopes", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->scopes, error) &&
         onboard_json_get_strv (authorisation, "template_scopes", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->template_scopes, error);
}

/* "sync": the last data transfer and the next. */
static gboolean
read_sync (OnboardConnector  *self,
           JsonObject        *sync,
           GError           **error)
{
  int last_sync_status = ONBOARD_SYNC_STATUS_NONE;

  if (!onboard_json_get_date_time (sync, "last_sync_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->last_sync_at, error) ||
      !onboard_json_get_enum (sync, "last_sync_status", ONBOARD_JSON_MAY_BE_MISSING,
                              ONBOARD_TYPE_SYNC_STATUS,
                              ONBOARD_SYNC_STATUS_UNKNOWN,
                              ONBOARD_SYNC_STATUS_NONE,
                              &last_sync_status, error) ||
      !onboard_json_get_date_time (sync, "next_sync_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->next_sync_at, error))
    return FALSE;

  self->last_sync_status = last_sync_status;

  return TRUE;
}

/**
 * onboard_connector_new_from_json:
 * @object: a connector as the service sends it
 *
 * Returns: (transfer full) (nullable): the connector, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE when @object breaks the contract; a
 *   status or reason this version does not know is not an error
 */
OnboardConnector *
onboard_connector_new_from_json (JsonObject  *object,
                                 GError     **error)
{
  g_autoptr(OnboardConnector) self = NULL;
  JsonObject *invitation = NULL;
  JsonObject *authorisation = NULL;
  JsonObject *sync = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *web_url = NULL;
  gint64 poll_interval = 0;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_CONNECTOR, NULL);

  if (!onboard_json_check_object_type (object, "connector", error) ||
      !onboard_json_get_string (object, "id", ONBOARD_JSON_REQUIRED, &self->id, error) ||
      !onboard_json_get_string (object, "status", ONBOARD_JSON_REQUIRED,
                                &self->status_string, error) ||
      !onboard_json_get_string (object, "urn", ONBOARD_JSON_MAY_BE_MISSING, &self->urn, error) ||
      !onboard_json_get_string (object, "estab", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->estab, error) ||
      !onboard_json_get_string (object, "method", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->method, error) ||
      !onboard_json_get_string (object, "mis_provider", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->mis_provider, error) ||
      !onboard_json_get_string (object, "status_reason", ONBOARD_JSON_MAY_BE_MISSING,
                                &reason, error) ||
      !onboard_json_get_string (object, "web_url", ONBOARD_JSON_MAY_BE_MISSING,
                                &web_url, error) ||
      !onboard_json_get_date_time (object, "status_changed_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->status_changed_at, error) ||
      !onboard_json_get_int (object, "poll_interval_seconds", ONBOARD_JSON_MAY_BE_MISSING,
                             1, MAX_POLL_INTERVAL, &poll_interval, error) ||
      !onboard_json_get_object (object, "invitation", ONBOARD_JSON_MAY_BE_MISSING,
                                &invitation, error) ||
      !onboard_json_get_object (object, "authorisation", ONBOARD_JSON_MAY_BE_MISSING,
                                &authorisation, error) ||
      !onboard_json_get_object (object, "sync", ONBOARD_JSON_MAY_BE_MISSING, &sync, error))
    return NULL;

  if (self->id[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "connector has an empty id");
      return NULL;
    }

  self->status = onboard_connector_status_from_string (self->status_string);
  self->status_reason = onboard_connector_status_reason_from_string (reason);
  if (web_url_is_safe (web_url))
    self->web_url = g_steal_pointer (&web_url);
  if (poll_interval > 0)
    self->poll_interval = poll_interval;

  if ((invitation != NULL && !read_invitation (self, invitation, error)) ||
      (authorisation != NULL && !read_authorisation (self, authorisation, error)) ||
      (sync != NULL && !read_sync (self, sync, error)))
    return NULL;

  /* Empty lists rather than NULL, so callers can iterate without checks. */
  if (self->scopes == NULL)
    self->scopes = g_new0 (char *, 1);
  if (self->template_scopes == NULL)
    self->template_scopes = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

void
onboard_connector_set_response_info (OnboardConnector *self,
                                     const char       *etag,
                                     guint             retry_after)
{
  g_return_if_fail (ONBOARD_IS_CONNECTOR (self));

  g_free (self->etag);
  self->etag = g_strdup (etag);
  self->retry_after = retry_after;
}

const char *
onboard_connector_get_id (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->id;
}

const char *
onboard_connector_get_urn (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->urn;
}

/**
 * onboard_connector_get_estab:
 *
 * Returns: (nullable): the DfE number (LAESTAB) as 7 digits
 */
const char *
onboard_connector_get_estab (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->estab;
}

const char *
onboard_connector_get_method (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->method;
}

const char *
onboard_connector_get_mis_provider (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->mis_provider;
}

OnboardConnectorStatus
onboard_connector_get_status (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), ONBOARD_CONNECTOR_STATUS_UNKNOWN);

  return self->status;
}

/**
 * onboard_connector_get_status_string:
 *
 * Returns: the status exactly as the service sent it, which support
 *   needs when the status is %ONBOARD_CONNECTOR_STATUS_UNKNOWN
 */
const char *
onboard_connector_get_status_string (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->status_string;
}

/* Long enough for any status the service will ever name, short enough
 * for a line of the support report and a title on screen. */
#define STATUS_TEXT_MAX 64

/**
 * onboard_connector_escape_status:
 * @status: (nullable): a status as the service sent it, any string
 *
 * Returns: (nullable): @status for people to read (on screen, in the
 *   support report, in the progress file): printable ASCII kept, a
 *   backslash doubled, anything else as \uXXXX (or \xNN for a byte that
 *   is not UTF-8), cut to 64 characters with "..." after
 */
char *
onboard_connector_escape_status (const char *status)
{
  GString *str;

  if (status == NULL)
    return NULL;

  str = g_string_new (NULL);

  for (const char *p = status; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      char piece[16];

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_snprintf (piece, sizeof piece, "\\x%02X", (guchar)*p);
          p++;
        }
      else
        {
          if (c == '\\')
            g_strlcpy (piece, "\\\\", sizeof piece);
          else if (c >= 0x20 && c < 0x7f)
            {
              piece[0] = (char)c;
              piece[1] = '\0';
            }
          else if (c <= 0xffff)
            g_snprintf (piece, sizeof piece, "\\u%04X", c);
          else
            g_snprintf (piece, sizeof piece, "\\U%08X", c);
          p = g_utf8_next_char (p);
        }

      if (str->len + strlen (piece) > STATUS_TEXT_MAX)
        {
          g_string_append (str, "...");
          break;
        }

      g_string_append (str, piece);
    }

  return g_string_free (str, FALSE);
}

/**
 * onboard_connector_dup_status_text:
 *
 * Returns: the status as the service sent it, escaped and cut by
 *   onboard_connector_escape_status(): what the app shows and keeps of a
 *   status it does not know
 */
char *
onboard_connector_dup_status_text (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return onboard_connector_escape_status (self->status_string);
}

OnboardConnectorStatusReason
onboard_connector_get_status_reason (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), ONBOARD_CONNECTOR_STATUS_REASON_NONE);

  return self->status_reason;
}

GDateTime *
onboard_connector_get_status_changed_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->status_changed_at;
}

GDateTime *
onboard_connector_get_invitation_sent_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->invitation_sent_at;
}

/**
 * onboard_connector_get_invitation_sent_to:
 *
 * Returns: (nullable): the address Groupcall wrote to, masked by the
 *   service ("j***@oakfield.sch.uk")
 */
const char *
onboard_connector_get_invitation_sent_to (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->invitation_sent_to;
}

GDateTime *
onboard_connector_get_resend_available_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->resend_available_at;
}

GDateTime *
onboard_connector_get_authorised_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->authorised_at;
}

const char * const *
onboard_connector_get_scopes (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return (const char * const *)self->scopes;
}

const char * const *
onboard_connector_get_template_scopes (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return (const char * const *)self->template_scopes;
}

GDateTime *
onboard_connector_get_last_sync_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->last_sync_at;
}

OnboardSyncStatus
onboard_connector_get_last_sync_status (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), ONBOARD_SYNC_STATUS_NONE);

  return self->last_sync_status;
}

GDateTime *
onboard_connector_get_next_sync_at (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->next_sync_at;
}

/**
 * onboard_connector_get_web_url:
 *
 * Returns: (nullable): the connector's page in Assembly's web app, where
 *   the guide says its status also shows; only ever an https address
 */
const char *
onboard_connector_get_web_url (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->web_url;
}

/**
 * onboard_connector_get_poll_interval:
 *
 * Returns: the service's `poll_interval_seconds`
 */
guint
onboard_connector_get_poll_interval (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), DEFAULT_POLL_INTERVAL);

  return self->poll_interval;
}

/**
 * onboard_connector_get_retry_after:
 *
 * Returns: the answer's `Retry-After` in seconds, or 0; a poller waits
 *   MAX (this, poll interval)
 */
guint
onboard_connector_get_retry_after (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), 0);

  return self->retry_after;
}

/**
 * onboard_connector_get_etag:
 *
 * Returns: (nullable): the answer's `ETag`
 */
const char *
onboard_connector_get_etag (OnboardConnector *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR (self), NULL);

  return self->etag;
}
