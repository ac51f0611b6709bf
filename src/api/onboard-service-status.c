/* onboard-service-status.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-service-status.h"
#include "onboard-api-private.h"
#include "onboard-json.h"

struct _OnboardServiceStatus
{
  GObject    parent_instance;

  char      *status;
  GDateTime *server_time;
  GDateTime *date;
  char      *terms_version;
};

G_DEFINE_FINAL_TYPE (OnboardServiceStatus, onboard_service_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_SERVER_TIME,
  PROP_DATE,
  PROP_TERMS_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_service_status_finalize (GObject *object)
{
  OnboardServiceStatus *self = (OnboardServiceStatus *)object;

  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->server_time, g_date_time_unref);
  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->terms_version, g_free);

  G_OBJECT_CLASS (onboard_service_status_parent_class)->finalize (object);
}

static void
onboard_service_status_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OnboardServiceStatus *self = ONBOARD_SERVICE_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_SERVER_TIME:
      g_value_set_boxed (value, self->server_time);
      break;

    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    case PROP_TERMS_VERSION:
      g_value_set_string (value, self->terms_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_service_status_class_init (OnboardServiceStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_service_status_finalize;
  object_class->get_property = onboard_service_status_get_property;

  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_TIME] =
    g_param_spec_boxed ("server-time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DATE] = g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_TERMS_VERSION] =
    g_param_spec_string ("terms-version", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_service_status_init (OnboardServiceStatus *self)
{
}

OnboardServiceStatus *
onboard_service_status_new_from_json (JsonObject  *object,
                                      GError     **error)
{
  g_autoptr(OnboardServiceStatus) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_SERVICE_STATUS, NULL);

  if (!onboard_json_check_object_type (object, "service_status", error) ||
      !onboard_json_get_string (object, "status", ONBOARD_JSON_REQUIRED, &self->status, error) ||
      !onboard_json_get_date_time (object, "server_time", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->server_time, error) ||
      !onboard_json_get_string (object, "terms_version", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->terms_version, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
onboard_service_status_set_date (OnboardServiceStatus *self,
                                 GDateTime            *date)
{
  g_return_if_fail (ONBOARD_IS_SERVICE_STATUS (self));

  g_clear_pointer (&self->date, g_date_time_unref);
  if (date != NULL)
    self->date = g_date_time_ref (date);
}

/**
 * onboard_service_status_get_status:
 *
 * Returns: "ok" when the service is healthy
 */
const char *
onboard_service_status_get_status (OnboardServiceStatus *self)
{
  g_return_val_if_fail (ONBOARD_IS_SERVICE_STATUS (self), NULL);

  return self->status;
}

/**
 * onboard_service_status_get_server_time:
 *
 * Returns: (nullable): the service's clock from the body
 */
GDateTime *
onboard_service_status_get_server_time (OnboardServiceStatus *self)
{
  g_return_val_if_fail (ONBOARD_IS_SERVICE_STATUS (self), NULL);

  return self->server_time;
}

/**
 * onboard_service_status_get_date:
 *
 * Returns: (nullable): the service's clock from the `Date` header
 */
GDateTime *
onboard_service_status_get_date (OnboardServiceStatus *self)
{
  g_return_val_if_fail (ONBOARD_IS_SERVICE_STATUS (self), NULL);

  return self->date;
}

const char *
onboard_service_status_get_terms_version (OnboardServiceStatus *self)
{
  g_return_val_if_fail (ONBOARD_IS_SERVICE_STATUS (self), NULL);

  return self->terms_version;
}
