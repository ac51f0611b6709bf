/* test-field-errors.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-field-errors.h"

static OnboardFieldErrors *
fields_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_field_errors_new_from_json (json_node_get_object (node), error);
}

static void
test_parse (void)
{
  g_autoptr(OnboardFieldErrors) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  const char * const *names;
  const char * const *codes;

  fields = fields_from ("{\"password\":[\"too_short\",\"too_common\"],\"email\":[\"taken\"],"
                        "\"send_to\":{\"email\":[\"invalid\"]},\"accept_terms\":\"must_accept\","
                        "\"invite_code\":[]}",
                        &error);
  g_assert_no_error (error);

  /* Sorted; nested members flattened; an empty list is no error. */
  names = onboard_field_errors_get_fields (fields);
  g_assert_cmpuint (g_strv_length ((char **)names), ==, 4);
  g_assert_cmpstr (names[0], ==, "accept_terms");
  g_assert_cmpstr (names[1], ==, "email");
  g_assert_cmpstr (names[2], ==, "password");
  g_assert_cmpstr (names[3], ==, "send_to.email");

  codes = onboard_field_errors_get_codes (fields, "password");
  g_assert_cmpuint (g_strv_length ((char **)codes), ==, 2);
  g_assert_cmpstr (codes[1], ==, "too_common");
  g_assert_null (onboard_field_errors_get_codes (fields, "invite_code"));
  g_assert_null (onboard_field_errors_get_codes (fields, "send_to"));

  g_assert_true (onboard_field_errors_has_error (fields, "email", "taken"));
  g_assert_true (onboard_field_errors_has_error (fields, "email", NULL));
  g_assert_false (onboard_field_errors_has_error (fields, "email", "invalid"));
  g_assert_true (onboard_field_errors_has_error (fields, "accept_terms", "must_accept"));
  g_assert_true (onboard_field_errors_has_error (fields, "send_to.email", "invalid"));
  g_assert_false (onboard_field_errors_has_error (fields, "invite_code", NULL));

  message = onboard_field_errors_dup_message (fields, "email");
  g_assert_cmpstr (message, ==, "An account with this email address already exists. Sign in "
                                "instead.");
  g_assert_null (onboard_field_errors_dup_message (fields, "invite_code"));

  text = onboard_field_errors_to_string (fields);
  g_assert_cmpstr (text, ==, "accept_terms: must_accept; email: taken; "
                             "password: too_short, too_common; send_to.email: invalid");
}

static void
test_invalid (void)
{
  static const char * const invalid[] = {
    "{\"email\":[1]}",
    "{\"email\":42}",
    "{\"email\":true}",
    "{\"email\":[[\"taken\"]]}",
    "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":[\"deep\"]}}}}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(OnboardFieldErrors) fields = NULL;
      g_autoptr(GError) error = NULL;

      fields = fields_from (invalid[i], &error);
      g_assert_null (fields);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_describe (void)
{
  g_assert_cmpstr (onboard_field_errors_describe ("password", "too_short"), ==,
                   "Use at least 10 characters.");
  g_assert_cmpstr (onboard_field_errors_describe ("invite_code", "already_used"), ==,
                   "This invite code has already been used. Sign in instead, or ask for a new "
                   "code.");
  /* Any code of a field with a single meaning. */
  g_assert_cmpstr (onboard_field_errors_describe ("accept_groupcall_usage_policy", "whatever"),
                   ==, "Accept Groupcall’s usage policy to continue.");
  /* A field this version does not know still gets a sentence. */
  g_assert_cmpstr (onboard_field_errors_describe ("favourite_colour", "too_blue"), ==,
                   "The service did not accept this. Check it and try again.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/field-errors/parse", test_parse);
  g_test_add_func ("/onboard/field-errors/invalid", test_invalid);
  g_test_add_func ("/onboard/field-errors/describe", test_describe);

  return g_test_run ();
}
