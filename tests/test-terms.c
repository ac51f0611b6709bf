/* test-terms.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-terms.h"

static OnboardTerms *
terms_from (const char  *json,
            GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_terms_new_from_json (json_node_get_object (node), error);
}

static void
assert_refused (const char *json,
                const char *words)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  terms = terms_from (json, &error);
  g_assert_null (terms);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_spec_example (void)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  terms = terms_from ("{\"object\":\"terms\",\"version\":\"2026-09\","
                      "\"title\":\"Assembly Terms of Service\","
                      "\"url\":\"https://assembly.education/terms\","
                      "\"text\":\"1. About these terms\\n\\nThese terms apply to <your school> & us.\"}",
                      &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_terms_get_version (terms), ==, "2026-09");
  g_assert_cmpstr (onboard_terms_get_title (terms), ==, "Assembly Terms of Service");
  g_assert_cmpstr (onboard_terms_get_url (terms), ==, "https://assembly.education/terms");
  /* Plain text, kept as it came: no markup read, no escapes added. */
  g_assert_cmpstr (onboard_terms_get_text (terms), ==,
                   "1. About these terms\n\nThese terms apply to <your school> & us.");
}

static void
test_missing_members (void)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  /* Title and address may be left out; the version and the text may not. */
  terms = terms_from ("{\"version\":\"2026-09\",\"text\":\"Terms\"}", &error);
  g_assert_no_error (error);
  g_assert_null (onboard_terms_get_title (terms));
  g_assert_null (onboard_terms_get_url (terms));
  g_assert_cmpstr (onboard_terms_get_text (terms), ==, "Terms");
  g_clear_object (&terms);

  terms = terms_from ("{\"object\":\"terms\",\"version\":\"2026-09\",\"title\":null,\"url\":null,"
                      "\"text\":\"Terms\"}", &error);
  g_assert_no_error (error);
  g_assert_null (onboard_terms_get_title (terms));
  g_assert_null (onboard_terms_get_url (terms));

  assert_refused ("{\"object\":\"terms\",\"text\":\"Terms\"}", "version");
  assert_refused ("{\"object\":\"terms\",\"version\":null,\"text\":\"Terms\"}", "version");
  assert_refused ("{\"object\":\"terms\",\"version\":\"2026-09\"}", "text");
  assert_refused ("{\"object\":\"terms\",\"version\":\"2026-09\",\"text\":null}", "text");
  /* Sent back with the sign-up, an empty version would make it fail. */
  assert_refused ("{\"object\":\"terms\",\"version\":\"\",\"text\":\"Terms\"}", "empty version");
}

static void
test_wrong_types (void)
{
  assert_refused ("{\"object\":\"service_status\",\"version\":\"2026-09\",\"text\":\"Terms\"}",
                  "terms");
  assert_refused ("{\"object\":\"terms\",\"version\":202609,\"text\":\"Terms\"}", "version");
  assert_refused ("{\"object\":\"terms\",\"version\":\"2026-09\",\"text\":[\"Terms\"]}", "text");
  assert_refused ("{\"object\":\"terms\",\"version\":\"2026-09\",\"title\":false,\"text\":\"T\"}",
                  "title");
  assert_refused ("{\"object\":\"terms\",\"version\":\"2026-09\",\"url\":{},\"text\":\"T\"}", "url");
}

static void
test_unknown_members (void)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;

  terms = terms_from ("{\"object\":\"terms\",\"version\":\"2026-09\",\"text\":\"Terms\","
                      "\"html\":\"<p>Terms</p>\",\"effective_from\":\"2026-09-01\","
                      "\"languages\":[\"en\",\"cy\"]}",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_terms_get_version (terms), ==, "2026-09");
  g_assert_cmpstr (onboard_terms_get_text (terms), ==, "Terms");
}

static void
test_properties (void)
{
  g_autoptr(OnboardTerms) terms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *title = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;

  terms = terms_from ("{\"version\":\"2026-09\",\"title\":\"T\",\"url\":\"https://a.example/t\","
                      "\"text\":\"Terms\"}", &error);
  g_assert_no_error (error);
  g_object_get (terms, "version", &version, "title", &title, "url", &url, "text", &text, NULL);
  g_assert_cmpstr (version, ==, "2026-09");
  g_assert_cmpstr (title, ==, "T");
  g_assert_cmpstr (url, ==, "https://a.example/t");
  g_assert_cmpstr (text, ==, "Terms");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/terms/spec-example", test_spec_example);
  g_test_add_func ("/onboard/terms/missing-members", test_missing_members);
  g_test_add_func ("/onboard/terms/wrong-types", test_wrong_types);
  g_test_add_func ("/onboard/terms/unknown-members", test_unknown_members);
  g_test_add_func ("/onboard/terms/properties", test_properties);

  return g_test_run ();
}
