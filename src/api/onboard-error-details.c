/* onboard-error-details.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-error-details.h"

struct _OnboardErrorDetails
{
  GObject             parent_instance;

  char               *method;
  char               *path;
  char               *request_id;
  char               *server_code;
  char               *server_message;
  char               *debug_message;
  char               *tls_issuer;
  OnboardFieldErrors *fields;
  GDateTime          *time;
  guint               http_status;
  guint               retry_after;
};

G_DEFINE_FINAL_TYPE (OnboardErrorDetails, onboard_error_details, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_METHOD,
  PROP_PATH,
  PROP_HTTP_STATUS,
  PROP_REQUEST_ID,
  PROP_SERVER_CODE,
  PROP_SERVER_MESSAGE,
  PROP_DEBUG_MESSAGE,
  PROP_RETRY_AFTER,
  PROP_TLS_ISSUER,
  PROP_FIELDS,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_error_details_constructed (GObject *object)
{
  OnboardErrorDetails *self = (OnboardErrorDetails *)object;

  G_OBJECT_CLASS (onboard_error_details_parent_class)->constructed (object);

  if (self->time == NULL)
    self->time = g_date_time_new_now_utc ();
}

static void
onboard_error_details_finalize (GObject *object)
{
  OnboardErrorDetails *self = (OnboardErrorDetails *)object;

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->server_code, g_free);
  g_clear_pointer (&self->server_message, g_free);
  g_clear_pointer (&self->debug_message, g_free);
  g_clear_pointer (&self->tls_issuer, g_free);
  g_clear_object (&self->fields);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (onboard_error_details_parent_class)->finalize (object);
}

static void
onboard_error_details_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnboardErrorDetails *self = ONBOARD_ERROR_DETAILS (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_HTTP_STATUS:
      g_value_set_uint (value, self->http_status);
      break;

    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;

    case PROP_SERVER_CODE:
      g_value_set_string (value, self->server_code);
      break;

    case PROP_SERVER_MESSAGE:
      g_value_set_string (value, self->server_message);
      break;

    case PROP_DEBUG_MESSAGE:
      g_value_set_string (value, self->debug_message);
      break;

    case PROP_RETRY_AFTER:
      g_value_set_uint (value, self->retry_after);
      break;

    case PROP_TLS_ISSUER:
      g_value_set_string (value, self->tls_issuer);
      break;

    case PROP_FIELDS:
      g_value_set_object (value, self->fields);
      break;

    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_error_details_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OnboardErrorDetails *self = ONBOARD_ERROR_DETAILS (object);

  switch (prop_id)
    {
    case PROP_METHOD:
      self->method = g_value_dup_string (value);
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_HTTP_STATUS:
      self->http_status = g_value_get_uint (value);
      break;

    case PROP_REQUEST_ID:
      self->request_id = g_value_dup_string (value);
      break;

    case PROP_SERVER_CODE:
      self->server_code = g_value_dup_string (value);
      break;

    case PROP_SERVER_MESSAGE:
      self->server_message = g_value_dup_string (value);
      break;

    case PROP_DEBUG_MESSAGE:
      self->debug_message = g_value_dup_string (value);
      break;

    case PROP_RETRY_AFTER:
      self->retry_after = g_value_get_uint (value);
      break;

    case PROP_TLS_ISSUER:
      self->tls_issuer = g_value_dup_string (value);
      break;

    case PROP_FIELDS:
      self->fields = g_value_dup_object (value);
      break;

    case PROP_TIME:
      self->time = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_error_details_class_init (OnboardErrorDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = onboard_error_details_constructed;
  object_class->finalize = onboard_error_details_finalize;
  object_class->get_property = onboard_error_details_get_property;
  object_class->set_property = onboard_error_details_set_property;

  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_HTTP_STATUS] = g_param_spec_uint ("http-status", NULL, NULL,
                                                    0, 999, 0, flags);
  properties[PROP_REQUEST_ID] = g_param_spec_string ("request-id", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_CODE] = g_param_spec_string ("server-code", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_MESSAGE] = g_param_spec_string ("server-message", NULL, NULL,
                                                         NULL, flags);
  properties[PROP_DEBUG_MESSAGE] = g_param_spec_string ("debug-message", NULL, NULL,
                                                        NULL, flags);
  properties[PROP_RETRY_AFTER] = g_param_spec_uint ("retry-after", NULL, NULL,
                                                    0, G_MAXUINT, 0, flags);
  properties[PROP_TLS_ISSUER] = g_param_spec_string ("tls-issuer", NULL, NULL, NULL, flags);
  properties[PROP_FIELDS] = g_param_spec_object ("fields", NULL, NULL,
                                                 ONBOARD_TYPE_FIELD_ERRORS, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_error_details_init (OnboardErrorDetails *self)
{
}

const char *
onboard_error_details_get_method (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->method;
}

/**
 * onboard_error_details_get_path:
 *
 * Returns: the request path relative to the base URL, with query values
 *   and invite codes removed
 */
const char *
onboard_error_details_get_path (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->path;
}

/**
 * onboard_error_details_get_http_status:
 *
 * Returns: the HTTP status, or 0 when no answer came
 */
guint
onboard_error_details_get_http_status (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), 0);

  return self->http_status;
}

const char *
onboard_error_details_get_request_id (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->request_id;
}

/**
 * onboard_error_details_get_server_code:
 *
 * Returns: (nullable): the `error` member of the service's answer,
 *   such as `invalid_state`
 */
const char *
onboard_error_details_get_server_code (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->server_code;
}

/**
 * onboard_error_details_get_server_message:
 *
 * Returns: (nullable): the service's English `message`, for support only
 */
const char *
onboard_error_details_get_server_message (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->server_message;
}

/**
 * onboard_error_details_get_debug_message:
 *
 * Returns: (nullable): what went wrong in developer terms, such as the
 *   JSON member that failed validation or the network error
 */
const char *
onboard_error_details_get_debug_message (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->debug_message;
}

/**
 * onboard_error_details_get_retry_after:
 *
 * Returns: seconds the service asked to wait, or 0
 */
guint
onboard_error_details_get_retry_after (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), 0);

  return self->retry_after;
}

/**
 * onboard_error_details_get_tls_issuer:
 *
 * Returns: (nullable): the issuer of a certificate that was not trusted,
 *   which tells support whether a school web filter intercepted the
 *   connection
 */
const char *
onboard_error_details_get_tls_issuer (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->tls_issuer;
}

/**
 * onboard_error_details_get_fields:
 *
 * Returns: (transfer none) (nullable): the refused fields of a 422
 */
OnboardFieldErrors *
onboard_error_details_get_fields (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->fields;
}

GDateTime *
onboard_error_details_get_time (OnboardErrorDetails *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  return self->time;
}

/**
 * onboard_error_details_to_string:
 *
 * Returns: (transfer full): the details as lines of "Label: value" for the
 *   support report; labels are translated, values are not
 */
char *
onboard_error_details_to_string (OnboardErrorDetails *self)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autofree char *when = NULL;

  g_return_val_if_fail (ONBOARD_IS_ERROR_DETAILS (self), NULL);

  when = g_date_time_format_iso8601 (self->time);
  g_string_append_printf (str, "%s: %s\n", _("Time"), when);

  if (self->method != NULL && self->path != NULL)
    g_string_append_printf (str, "%s: %s %s\n", _("Request"), self->method, self->path);
  if (self->http_status != 0)
    g_string_append_printf (str, "%s: %u\n", _("HTTP status"), self->http_status);
  if (self->request_id != NULL)
    g_string_append_printf (str, "%s: %s\n", _("Request ID"), self->request_id);
  if (self->server_code != NULL)
    g_string_append_printf (str, "%s: %s\n", _("Error code"), self->server_code);
  if (self->server_message != NULL)
    g_string_append_printf (str, "%s: %s\n", _("Service message"), self->server_message);
  if (self->tls_issuer != NULL)
    g_string_append_printf (str, "%s: %s\n", _("Certificate issuer"), self->tls_issuer);
  if (self->retry_after != 0)
    g_string_append_printf (str, "%s: %u s\n", _("Retry after"), self->retry_after);
  if (self->fields != NULL)
    {
      g_autofree char *fields = onboard_field_errors_to_string (self->fields);

      g_string_append_printf (str, "%s: %s\n", _("Fields"), fields);
    }
  if (self->debug_message != NULL)
    g_string_append_printf (str, "%s: %s\n", _("Technical details"), self->debug_message);

  return g_string_free (g_steal_pointer (&str), FALSE);
}
