/* test-account.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-account.h"
#include "onboard-client-error.h"

#define REGISTRATION "{\"object\":\"school_registration\",\"id\":\"reg_9\"," \
                     "\"school\":{\"urn\":\"100000\",\"laestab\":\"2016005\"," \
                     "\"name\":\"The Aldgate School\",\"town\":\"London\"," \
                     "\"postcode\":\"EC3A 5DE\",\"la_name\":\"City of London\"," \
                     "\"phase\":\"Primary\",\"establishment_type\":null,\"status\":\"open\"}," \
                     "\"mis_provider\":\"sims\"," \
                     "\"apps\":{\"assembly\":\"included\",\"schoolbooking\":\"unavailable_for_mis\"}," \
                     "\"connector\":{\"id\":\"con_4\",\"status\":\"not_configured\"}}"

static OnboardAccount *
account_from (const char  *json,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_account_new_from_json (json_node_get_object (node), error);
}

static void
assert_refused (const char *json,
                const char *member)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = account_from (json, &error);
  g_assert_null (account);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  /* Support reads which member was wrong in the details. */
  if (member != NULL)
    g_assert_nonnull (strstr (error->message, member));
}

static void
test_spec_example (void)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *apps;

  /* A user who has not registered a school yet. */
  account = account_from ("{\"object\":\"account\",\"email\":\"office@oakfield.sch.uk\","
                          "\"apps\":[\"assembly\",\"schoolbooking\"],"
                          "\"school_registration\":null}",
                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);

  g_assert_cmpstr (onboard_account_get_email (account), ==, "office@oakfield.sch.uk");
  apps = onboard_account_get_apps (account);
  g_assert_nonnull (apps);
  g_assert_cmpuint (g_strv_length ((char **)apps), ==, 2);
  g_assert_cmpstr (apps[0], ==, "assembly");
  g_assert_cmpstr (apps[1], ==, "schoolbooking");
  g_assert_null (onboard_account_get_school_registration (account));
}

static void
test_with_registration (void)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolRegistration *registration;
  g_autoptr(OnboardSchoolRegistration) from_property = NULL;

  account = account_from ("{\"object\":\"account\",\"email\":\"office@oakfield.sch.uk\","
                          "\"apps\":[\"assembly\"],\"school_registration\":" REGISTRATION "}",
                          &error);
  g_assert_no_error (error);

  registration = onboard_account_get_school_registration (account);
  g_assert_nonnull (registration);
  g_assert_cmpstr (onboard_school_registration_get_id (registration), ==, "reg_9");
  g_assert_cmpstr (onboard_school_registration_get_urn (registration), ==, "100000");
  g_assert_cmpstr (onboard_school_registration_get_connector_id (registration), ==, "con_4");

  /* The property hands out the same object. */
  g_object_get (account, "school-registration", &from_property, NULL);
  g_assert_true (from_property == registration);
}

static void
test_missing_members (void)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* "apps" and "school_registration" may be left out, and "object" too:
   * the apps are then an empty list, never NULL. */
  account = account_from ("{\"email\":\"office@oakfield.sch.uk\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (account), ==, "office@oakfield.sch.uk");
  g_assert_nonnull (onboard_account_get_apps (account));
  g_assert_null (onboard_account_get_apps (account)[0]);
  g_assert_null (onboard_account_get_school_registration (account));
  g_clear_object (&account);

  account = account_from ("{\"object\":\"account\",\"email\":\"a@b.sch.uk\",\"apps\":null}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (onboard_account_get_apps (account));
  g_assert_null (onboard_account_get_apps (account)[0]);

  /* The email is not optional. */
  assert_refused ("{\"object\":\"account\",\"apps\":[]}", "email");
  assert_refused ("{\"object\":\"account\",\"email\":null,\"apps\":[]}", "email");
}

static void
test_wrong_types (void)
{
  assert_refused ("{\"object\":\"signup\",\"email\":\"a@b.sch.uk\"}", "account");
  assert_refused ("{\"object\":\"account\",\"email\":42}", "email");
  assert_refused ("{\"object\":\"account\",\"email\":[\"a@b.sch.uk\"]}", "email");
  assert_refused ("{\"object\":\"account\",\"email\":\"a@b.sch.uk\",\"apps\":\"assembly\"}", "apps");
  assert_refused ("{\"object\":\"account\",\"email\":\"a@b.sch.uk\",\"apps\":[\"assembly\",3]}", "apps");
  assert_refused ("{\"object\":\"account\",\"email\":\"a@b.sch.uk\",\"school_registration\":\"reg_9\"}",
                  "school_registration");
  /* A registration that is itself wrong says where it was found. */
  assert_refused ("{\"object\":\"account\",\"email\":\"a@b.sch.uk\","
                  "\"school_registration\":{\"object\":\"school_registration\",\"id\":7}}",
                  "school_registration: ");
}

static void
test_unknown_members (void)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* A newer service may add members; this client ignores them. */
  account = account_from ("{\"object\":\"account\",\"email\":\"office@oakfield.sch.uk\","
                          "\"apps\":[\"assembly\",\"homework\"],\"school_registration\":null,"
                          "\"display_name\":\"Office\",\"roles\":[\"admin\"],"
                          "\"preferences\":{\"language\":\"cy\"}}",
                          &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_account_get_email (account), ==, "office@oakfield.sch.uk");
  /* An app this client does not know is kept as it came. */
  g_assert_cmpstr (onboard_account_get_apps (account)[1], ==, "homework");
}

static void
test_properties (void)
{
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_auto(GStrv) apps = NULL;

  account = account_from ("{\"email\":\"office@oakfield.sch.uk\",\"apps\":[\"assembly\"]}", &error);
  g_assert_no_error (error);
  g_object_get (account, "email", &email, "apps", &apps, NULL);
  g_assert_cmpstr (email, ==, "office@oakfield.sch.uk");
  g_assert_cmpstrv (apps, ((const char * const []) { "assembly", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/account/spec-example", test_spec_example);
  g_test_add_func ("/onboard/account/with-registration", test_with_registration);
  g_test_add_func ("/onboard/account/missing-members", test_missing_members);
  g_test_add_func ("/onboard/account/wrong-types", test_wrong_types);
  g_test_add_func ("/onboard/account/unknown-members", test_unknown_members);
  g_test_add_func ("/onboard/account/properties", test_properties);

  return g_test_run ();
}
