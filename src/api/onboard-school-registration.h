/* onboard-school-registration.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "onboard-connector.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SCHOOL_REGISTRATION (onboard_school_registration_get_type ())
#define ONBOARD_TYPE_APP_AVAILABILITY (onboard_app_availability_get_type ())

/**
 * OnboardAppAvailability:
 * @ONBOARD_APP_AVAILABILITY_UNKNOWN: not said, or a value this version
 *   does not know
 * @ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS: XoD carries SchoolBooking
 *   only for iSAMS and Arbor
 */
typedef enum
{
  ONBOARD_APP_AVAILABILITY_UNKNOWN,
  ONBOARD_APP_AVAILABILITY_INCLUDED,
  ONBOARD_APP_AVAILABILITY_NOT_IN_PLAN,
  ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS,
} OnboardAppAvailability;

GType onboard_app_availability_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (OnboardSchoolRegistration, onboard_school_registration,
                      ONBOARD, SCHOOL_REGISTRATION, GObject)

/* POST /school_registrations, and GET /me's `school_registration`. */

OnboardSchoolRegistration *
onboard_school_registration_new_from_json (JsonObject  *object,
                                           GError     **error);

const char             *onboard_school_registration_get_id               (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_urn              (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_laestab          (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_school_name      (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_town             (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_postcode         (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_mis_provider     (OnboardSchoolRegistration *self);
OnboardAppAvailability  onboard_school_registration_get_assembly         (OnboardSchoolRegistration *self);
OnboardAppAvailability  onboard_school_registration_get_schoolbooking    (OnboardSchoolRegistration *self);
const char             *onboard_school_registration_get_connector_id     (OnboardSchoolRegistration *self);
OnboardConnectorStatus  onboard_school_registration_get_connector_status (OnboardSchoolRegistration *self);

G_END_DECLS
