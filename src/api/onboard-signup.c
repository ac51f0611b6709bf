/* onboard-signup.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-signup.h"
#include "onboard-api-private.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

struct _OnboardSignup
{
  GObject              parent_instance;

  char                *id;
  char                *email;
  char               **apps;
  GDateTime           *created_at;
  GDateTime           *activation_expires_at;
  GDateTime           *resend_available_at;
  GDateTime           *activated_at;
  char                *signup_token;
  OnboardSignupStatus  status;
  guint                retry_after;
};

G_DEFINE_FINAL_TYPE (OnboardSignup, onboard_signup, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnboardSignupStatus, onboard_signup_status,
  G_DEFINE_ENUM_VALUE (ONBOARD_SIGNUP_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION, "pending_activation"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SIGNUP_STATUS_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (ONBOARD_SIGNUP_STATUS_EXPIRED, "expired"))

/* The token is deliberately not a property: properties end up in debug
 * dumps and inspectors. */
enum {
  PROP_0,
  PROP_ID,
  PROP_EMAIL,
  PROP_STATUS,
  PROP_APPS,
  PROP_CREATED_AT,
  PROP_ACTIVATION_EXPIRES_AT,
  PROP_RESEND_AVAILABLE_AT,
  PROP_ACTIVATED_AT,
  PROP_RETRY_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_signup_finalize (GObject *object)
{
  OnboardSignup *self = (OnboardSignup *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->apps, g_strfreev);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->activation_expires_at, g_date_time_unref);
  g_clear_pointer (&self->resend_available_at, g_date_time_unref);
  g_clear_pointer (&self->activated_at, g_date_time_unref);
  g_clear_pointer (&self->signup_token, g_free);

  G_OBJECT_CLASS (onboard_signup_parent_class)->finalize (object);
}

static void
onboard_signup_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnboardSignup *self = ONBOARD_SIGNUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_APPS:
      g_value_set_boxed (value, self->apps);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_ACTIVATION_EXPIRES_AT:
      g_value_set_boxed (value, self->activation_expires_at);
      break;

    case PROP_RESEND_AVAILABLE_AT:
      g_value_set_boxed (value, self->resend_available_at);
      break;

    case PROP_ACTIVATED_AT:
      g_value_set_boxed (value, self->activated_at);
      break;

    case PROP_RETRY_AFTER:
      g_value_set_uint (value, self->retry_after);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_signup_class_init (OnboardSignupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_signup_finalize;
  object_class->get_property = onboard_signup_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       ONBOARD_TYPE_SIGNUP_STATUS,
                       ONBOARD_SIGNUP_STATUS_UNKNOWN,
                       flags);
  properties[PROP_APPS] = g_param_spec_boxed ("apps", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ACTIVATION_EXPIRES_AT] =
    g_param_spec_boxed ("activation-expires-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_RESEND_AVAILABLE_AT] =
    g_param_spec_boxed ("resend-available-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ACTIVATED_AT] =
    g_param_spec_boxed ("activated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_RETRY_AFTER] =
    g_param_spec_uint ("retry-after", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_signup_init (OnboardSignup *self)
{
}

/**
 * onboard_signup_new_from_json:
 *
 * Returns: (transfer full) (nullable): the sign-up, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE
 */
OnboardSignup *
onboard_signup_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(OnboardSignup) self = NULL;
  int status = ONBOARD_SIGNUP_STATUS_UNKNOWN;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_SIGNUP, NULL);

  if (!onboard_json_check_object_type (object, "signup", error) ||
      !onboard_json_get_string (object, "id", ONBOARD_JSON_REQUIRED, &self->id, error) ||
      !onboard_json_get_string (object, "email", ONBOARD_JSON_REQUIRED, &self->email, error) ||
      !onboard_json_get_enum (object, "status", ONBOARD_JSON_REQUIRED,
                              ONBOARD_TYPE_SIGNUP_STATUS,
                              ONBOARD_SIGNUP_STATUS_UNKNOWN,
                              ONBOARD_SIGNUP_STATUS_UNKNOWN,
                              &status, error) ||
      !onboard_json_get_strv (object, "apps", ONBOARD_JSON_MAY_BE_MISSING, &self->apps, error) ||
      !onboard_json_get_date_time (object, "created_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->created_at, error) ||
      !onboard_json_get_date_time (object, "activation_expires_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->activation_expires_at, error) ||
      !onboard_json_get_date_time (object, "resend_available_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->resend_available_at, error) ||
      !onboard_json_get_date_time (object, "activated_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->activated_at, error) ||
      !onboard_json_get_string (object, "signup_token", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->signup_token, error))
    return NULL;

  /* The id goes into URLs: an empty one would address the collection. */
  if (self->id[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "signup has an empty id");
      return NULL;
    }

  self->status = status;
  if (self->apps == NULL)
    self->apps = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

void
onboard_signup_set_retry_after (OnboardSignup *self,
                                guint          retry_after)
{
  g_return_if_fail (ONBOARD_IS_SIGNUP (self));

  self->retry_after = retry_after;
}

const char *
onboard_signup_get_id (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->id;
}

const char *
onboard_signup_get_email (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->email;
}

OnboardSignupStatus
onboard_signup_get_status (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), ONBOARD_SIGNUP_STATUS_UNKNOWN);

  return self->status;
}

const char * const *
onboard_signup_get_apps (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return (const char * const *)self->apps;
}

GDateTime *
onboard_signup_get_created_at (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->created_at;
}

GDateTime *
onboard_signup_get_activation_expires_at (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->activation_expires_at;
}

/**
 * onboard_signup_get_resend_available_at:
 *
 * Returns: (nullable): when Resend may be pressed again
 */
GDateTime *
onboard_signup_get_resend_available_at (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->resend_available_at;
}

GDateTime *
onboard_signup_get_activated_at (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->activated_at;
}

/**
 * onboard_signup_get_signup_token:
 *
 * Returns: (nullable): the secret that authorises GET /signups/{id} and the
 *   signup grant; only the answer to POST /signups carries it. Keep it in
 *   the keyring, never in a log or the progress file.
 */
const char *
onboard_signup_get_signup_token (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), NULL);

  return self->signup_token;
}

/**
 * onboard_signup_get_retry_after:
 *
 * Returns: the answer's `Retry-After` in seconds (5 while pending), or 0
 */
guint
onboard_signup_get_retry_after (OnboardSignup *self)
{
  g_return_val_if_fail (ONBOARD_IS_SIGNUP (self), 0);

  return self->retry_after;
}
