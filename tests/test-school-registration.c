/* test-school-registration.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-account.h"
#include "onboard-client-error.h"
#include "onboard-school-registration.h"

#define SCHOOL "{\"urn\":\"100000\",\"laestab\":\"2016005\",\"name\":\"The Aldgate School\"," \
               "\"town\":\"London\",\"postcode\":\"EC3A 5DE\",\"la_name\":\"City of London\"," \
               "\"phase\":\"Primary\",\"establishment_type\":null,\"status\":\"open\"}"

static OnboardSchoolRegistration *
registration_from (const char  *json,
                   GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_school_registration_new_from_json (json_node_get_object (node), error);
}

static void
test_spec_example (void)
{
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = registration_from ("{\"object\":\"school_registration\",\"id\":\"reg_9\","
                                    "\"school\":" SCHOOL ",\"mis_provider\":\"sims\","
                                    "\"apps\":{\"assembly\":\"included\","
                                    "\"schoolbooking\":\"unavailable_for_mis\"},"
                                    "\"connector\":{\"id\":\"con_4\","
                                    "\"status\":\"not_configured\"}}",
                                    &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_school_registration_get_id (registration), ==, "reg_9");
  g_assert_cmpstr (onboard_school_registration_get_urn (registration), ==, "100000");
  g_assert_cmpstr (onboard_school_registration_get_laestab (registration), ==, "2016005");
  g_assert_cmpstr (onboard_school_registration_get_school_name (registration), ==,
                   "The Aldgate School");
  g_assert_cmpstr (onboard_school_registration_get_town (registration), ==, "London");
  g_assert_cmpstr (onboard_school_registration_get_postcode (registration), ==, "EC3A 5DE");
  g_assert_cmpstr (onboard_school_registration_get_mis_provider (registration), ==, "sims");
  g_assert_cmpint (onboard_school_registration_get_assembly (registration), ==,
                   ONBOARD_APP_AVAILABILITY_INCLUDED);
  g_assert_cmpint (onboard_school_registration_get_schoolbooking (registration), ==,
                   ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS);
  g_assert_cmpstr (onboard_school_registration_get_connector_id (registration), ==, "con_4");
  g_assert_cmpint (onboard_school_registration_get_connector_status (registration), ==,
                   ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED);
}

static void
test_unknown_values (void)
{
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;

  registration = registration_from ("{\"id\":\"reg_9\",\"school\":{\"urn\":\"100000\"},"
                                    "\"apps\":{\"schoolbooking\":\"trial\"},"
                                    "\"connector\":{\"id\":\"con_4\",\"status\":\"hibernating\"}}",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_school_registration_get_assembly (registration), ==,
                   ONBOARD_APP_AVAILABILITY_UNKNOWN);
  g_assert_cmpint (onboard_school_registration_get_schoolbooking (registration), ==,
                   ONBOARD_APP_AVAILABILITY_UNKNOWN);
  g_assert_cmpint (onboard_school_registration_get_connector_status (registration), ==,
                   ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_null (onboard_school_registration_get_school_name (registration));
}

static void
test_bad_json (void)
{
  static const char * const bad[] = {
    "{\"school\":" SCHOOL ",\"connector\":{\"id\":\"con_4\"}}",
    "{\"id\":\"reg_9\",\"connector\":{\"id\":\"con_4\"}}",
    "{\"id\":\"reg_9\",\"school\":" SCHOOL "}",
    "{\"id\":\"reg_9\",\"school\":{},\"connector\":{\"id\":\"con_4\"}}",
    "{\"id\":\"reg_9\",\"school\":" SCHOOL ",\"connector\":{}}",
    "{\"id\":\"reg_9\",\"school\":" SCHOOL ",\"connector\":{\"id\":\"\"}}",
    "{\"id\":\"reg_9\",\"school\":\"100000\",\"connector\":{\"id\":\"con_4\"}}",
    "{\"id\":\"reg_9\",\"school\":" SCHOOL ",\"apps\":[],\"connector\":{\"id\":\"con_4\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OnboardSchoolRegistration) registration = NULL;
      g_autoptr(GError) error = NULL;

      registration = registration_from (bad[i], &error);
      g_assert_null (registration);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_in_account (void)
{
  g_autoptr(JsonNode) with = NULL;
  g_autoptr(JsonNode) without = NULL;
  g_autoptr(JsonNode) broken = NULL;
  g_autoptr(OnboardAccount) returning = NULL;
  g_autoptr(OnboardAccount) fresh = NULL;
  g_autoptr(OnboardAccount) refused = NULL;
  g_autoptr(GError) error = NULL;

  /* GET /me tells a returning user where they stand. */
  with = json_from_string ("{\"object\":\"account\",\"email\":\"office@oakfield.sch.uk\","
                           "\"apps\":[\"assembly\"],\"school_registration\":{\"id\":\"reg_9\","
                           "\"school\":" SCHOOL ",\"connector\":{\"id\":\"con_4\","
                           "\"status\":\"connected\"}}}", NULL);
  returning = onboard_account_new_from_json (json_node_get_object (with), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (returning), ==, "office@oakfield.sch.uk");
  g_assert_cmpint (onboard_school_registration_get_connector_status (
                     onboard_account_get_school_registration (returning)), ==,
                   ONBOARD_CONNECTOR_STATUS_CONNECTED);

  without = json_from_string ("{\"object\":\"account\",\"email\":\"office@oakfield.sch.uk\","
                              "\"school_registration\":null}", NULL);
  fresh = onboard_account_new_from_json (json_node_get_object (without), &error);
  g_assert_no_error (error);
  g_assert_null (onboard_account_get_school_registration (fresh));
  g_assert_nonnull (onboard_account_get_apps (fresh));

  broken = json_from_string ("{\"email\":\"office@oakfield.sch.uk\","
                             "\"school_registration\":{\"id\":\"reg_9\"}}", NULL);
  refused = onboard_account_new_from_json (json_node_get_object (broken), &error);
  g_assert_null (refused);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, "school_registration: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school-registration/spec-example", test_spec_example);
  g_test_add_func ("/onboard/school-registration/unknown-values", test_unknown_values);
  g_test_add_func ("/onboard/school-registration/bad-json", test_bad_json);
  g_test_add_func ("/onboard/school-registration/in-account", test_in_account);

  return g_test_run ();
}
