/* onboard-school-registration.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school-registration.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

struct _OnboardSchoolRegistration
{
  GObject                 parent_instance;

  char                   *id;
  char                   *urn;
  char                   *laestab;
  char                   *school_name;
  char                   *town;
  char                   *postcode;
  char                   *mis_provider;
  char                   *connector_id;
  OnboardAppAvailability  assembly;
  OnboardAppAvailability  schoolbooking;
  OnboardConnectorStatus  connector_status;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolRegistration, onboard_school_registration, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnboardAppAvailability, onboard_app_availability,
  G_DEFINE_ENUM_VALUE (ONBOARD_APP_AVAILABILITY_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_APP_AVAILABILITY_INCLUDED, "included"),
  G_DEFINE_ENUM_VALUE (ONBOARD_APP_AVAILABILITY_NOT_IN_PLAN, "not_in_plan"),
  G_DEFINE_ENUM_VALUE (ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS, "unavailable_for_mis"))

enum {
  PROP_0,
  PROP_ID,
  PROP_URN,
  PROP_LAESTAB,
  PROP_SCHOOL_NAME,
  PROP_TOWN,
  PROP_POSTCODE,
  PROP_MIS_PROVIDER,
  PROP_ASSEMBLY,
  PROP_SCHOOLBOOKING,
  PROP_CONNECTOR_ID,
  PROP_CONNECTOR_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_school_registration_finalize (GObject *object)
{
  OnboardSchoolRegistration *self = (OnboardSchoolRegistration *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->urn, g_free);
  g_clear_pointer (&self->laestab, g_free);
  g_clear_pointer (&self->school_name, g_free);
  g_clear_pointer (&self->town, g_free);
  g_clear_pointer (&self->postcode, g_free);
  g_clear_pointer (&self->mis_provider, g_free);
  g_clear_pointer (&self->connector_id, g_free);

  G_OBJECT_CLASS (onboard_school_registration_parent_class)->finalize (object);
}

static void
onboard_school_registration_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  OnboardSchoolRegistration *self = ONBOARD_SCHOOL_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_URN:
      g_value_set_string (value, self->urn);
      break;

    case PROP_LAESTAB:
      g_value_set_string (value, self->laestab);
      break;

    case PROP_SCHOOL_NAME:
      g_value_set_string (value, self->school_name);
      break;

    case PROP_TOWN:
      g_value_set_string (value, self->town);
      break;

    case PROP_POSTCODE:
      g_value_set_string (value, self->postcode);
      break;

    case PROP_MIS_PROVIDER:
      g_value_set_string (value, self->mis_provider);
      break;

    case PROP_ASSEMBLY:
      g_value_set_enum (value, self->assembly);
      break;

    case PROP_SCHOOLBOOKING:
      g_value_set_enum (value, self->schoolbooking);
      break;

    case PROP_CONNECTOR_ID:
      g_value_set_string (value, self->connector_id);
      break;

    case PROP_CONNECTOR_STATUS:
      g_value_set_enum (value, self->connector_status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_registration_class_init (OnboardSchoolRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_school_registration_finalize;
  object_class->get_property = onboard_school_registration_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_URN] = g_param_spec_string ("urn", NULL, NULL, NULL, flags);
  properties[PROP_LAESTAB] = g_param_spec_string ("laestab", NULL, NULL, NULL, flags);
  properties[PROP_SCHOOL_NAME] = g_param_spec_string ("school-name", NULL, NULL, NULL, flags);
  properties[PROP_TOWN] = g_param_spec_string ("town", NULL, NULL, NULL, flags);
  properties[PROP_POSTCODE] = g_param_spec_string ("postcode", NULL, NULL, NULL, flags);
  properties[PROP_MIS_PROVIDER] = g_param_spec_string ("mis-provider", NULL, NULL, NULL, flags);
  properties[PROP_ASSEMBLY] =
    g_param_spec_enum ("assembly", NULL, NULL,
                       ONBOARD_TYPE_APP_AVAILABILITY,
                       ONBOARD_APP_AVAILABILITY_UNKNOWN,
                       flags);
  properties[PROP_SCHOOLBOOKING] =
    g_param_spec_enum ("schoolbooking", NULL, NULL,
                       ONBOARD_TYPE_APP_AVAILABILITY,
                       ONBOARD_APP_AVAILABILITY_UNKNOWN,
                       flags);
  properties[PROP_CONNECTOR_ID] = g_param_spec_string ("connector-id", NULL, NULL, NULL, flags);
  properties[PROP_CONNECTOR_STATUS] =
    g_param_spec_enum ("connector-status", NULL, NULL,
                       ONBOARD_TYPE_CONNECTOR_STATUS,
                       ONBOARD_CONNECTOR_STATUS_UNKNOWN,
                       flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_school_registration_init (OnboardSchoolRegistration *self)
{
}

/**
 * onboard_school_registration_new_from_json:
 *
 * Returns: (transfer full) (nullable): the registration, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE
 */
OnboardSchoolRegistration *
onboard_school_registration_new_from_json (JsonObject  *object,
                                           GError     **error)
{
  g_autoptr(OnboardSchoolRegistration) self = NULL;
  g_autofree char *connector_status = NULL;
  JsonObject *school = NULL;
  JsonObject *apps = NULL;
  JsonObject *connector = NULL;
  int assembly = ONBOARD_APP_AVAILABILITY_UNKNOWN;
  int schoolbooking = ONBOARD_APP_AVAILABILITY_UNKNOWN;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_SCHOOL_REGISTRATION, NULL);

  if (!onboard_json_check_object_type (object, "school_registration", error) ||
      !onboard_json_get_string (object, "id", ONBOARD_JSON_REQUIRED, &self->id, error) ||
      !onboard_json_get_object (object, "school", ONBOARD_JSON_REQUIRED, &school, error) ||
      !onboard_json_get_string (object, "mis_provider", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->mis_provider, error) ||
      !onboard_json_get_object (object, "apps", ONBOARD_JSON_MAY_BE_MISSING, &apps, error) ||
      !onboard_json_get_object (object, "connector", ONBOARD_JSON_REQUIRED, &connector, error))
    return NULL;

  if (!onboard_json_get_string (school, "urn", ONBOARD_JSON_REQUIRED, &self->urn, error) ||
      !onboard_json_get_string (school, "laestab", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->laestab, error) ||
      !onboard_json_get_string (school, "name", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->school_name, error) ||
      !onboard_json_get_string (school, "town", ONBOARD_JSON_MAY_BE_MISSING, &self->town, error) ||
      !onboard_json_get_string (school, "postcode", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->postcode, error))
    {
      g_prefix_error (error, "school: ");
      return NULL;
    }

  if (apps != NULL &&
      (!onboard_json_get_enum (apps, "assembly", ONBOARD_JSON_MAY_BE_MISSING,
                               ONBOARD_TYPE_APP_AVAILABILITY,
                               ONBOARD_APP_AVAILABILITY_UNKNOWN,
                               ONBOARD_APP_AVAILABILITY_UNKNOWN,
                               &assembly, error) ||
       !onboard_json_get_enum (apps, "schoolbooking", ONBOARD_JSON_MAY_BE_MISSING,
                               ONBOARD_TYPE_APP_AVAILABILITY,
                               ONBOARD_APP_AVAILABILITY_UNKNOWN,
                               ONBOARD_APP_AVAILABILITY_UNKNOWN,
                               &schoolbooking, error)))
    {
      g_prefix_error (error, "apps: ");
      return NULL;
    }

  if (!onboard_json_get_string (connector, "id", ONBOARD_JSON_REQUIRED,
                                &self->connector_id, error) ||
      !onboard_json_get_string (connector, "status", ONBOARD_JSON_MAY_BE_MISSING,
                                &connector_status, error))
    {
      g_prefix_error (error, "connector: ");
      return NULL;
    }

  if (self->id[0] == '\0' || self->connector_id[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "school registration has an empty id");
      return NULL;
    }

  self->assembly = assembly;
  self->schoolbooking = schoolbooking;
  self->connector_status = onboard_connector_status_from_string (connector_status);

  return g_steal_pointer (&self);
}

const char *
onboard_school_registration_get_id (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->id;
}

const char *
onboard_school_registration_get_urn (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->urn;
}

/**
 * onboard_school_registration_get_laestab:
 *
 * Returns: (nullable): the DfE number as 7 digits
 */
const char *
onboard_school_registration_get_laestab (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->laestab;
}

const char *
onboard_school_registration_get_school_name (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->school_name;
}

const char *
onboard_school_registration_get_town (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->town;
}

const char *
onboard_school_registration_get_postcode (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->postcode;
}

const char *
onboard_school_registration_get_mis_provider (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->mis_provider;
}

OnboardAppAvailability
onboard_school_registration_get_assembly (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), ONBOARD_APP_AVAILABILITY_UNKNOWN);

  return self->assembly;
}

OnboardAppAvailability
onboard_school_registration_get_schoolbooking (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), ONBOARD_APP_AVAILABILITY_UNKNOWN);

  return self->schoolbooking;
}

const char *
onboard_school_registration_get_connector_id (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), NULL);

  return self->connector_id;
}

OnboardConnectorStatus
onboard_school_registration_get_connector_status (OnboardSchoolRegistration *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_REGISTRATION (self), ONBOARD_CONNECTOR_STATUS_UNKNOWN);

  return self->connector_status;
}
