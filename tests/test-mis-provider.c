/* test-mis-provider.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-mis-provider.h"

/* The body of GET /mis_providers as the API documentation gives it. */
#define SPEC_EXAMPLE \
  "[{\"id\":\"sims\",\"name\":\"SIMS\",\"connection_methods\":[\"xod\"],\"schoolbooking_supported\":false}," \
  " {\"id\":\"cmis\",\"name\":\"CMIS\",\"connection_methods\":[\"xod\"],\"schoolbooking_supported\":false}," \
  " {\"id\":\"pupil_asset\",\"name\":\"Pupil Asset\",\"connection_methods\":[\"xod\"],\"schoolbooking_supported\":false}," \
  " {\"id\":\"isams\",\"name\":\"iSAMS\",\"connection_methods\":[\"xod\"],\"schoolbooking_supported\":true}," \
  " {\"id\":\"arbor\",\"name\":\"Arbor\",\"connection_methods\":[\"xod\"],\"schoolbooking_supported\":true}]"

static OnboardMisProvider *
provider_from (const char  *json,
               GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_mis_provider_new_from_json (json_node_get_object (node), error);
}

static GListModel *
list_from (const char  *json,
           GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_mis_provider_list_new_from_json (json_node_get_array (node), error);
}

static void
assert_refused (const char *json,
                const char *words)
{
  g_autoptr(OnboardMisProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = provider_from (json, &error);
  g_assert_null (provider);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, words));
}

static void
test_spec_example (void)
{
  static const struct {
    const char *id;
    const char *name;
    gboolean    schoolbooking;
  } expected[] = {
    { "sims", "SIMS", FALSE },
    { "cmis", "CMIS", FALSE },
    { "pupil_asset", "Pupil Asset", FALSE },
    { "isams", "iSAMS", TRUE },
    { "arbor", "Arbor", TRUE },
  };
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  list = list_from (SPEC_EXAMPLE, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (list) == ONBOARD_TYPE_MIS_PROVIDER);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (expected));

  /* In the service's order, not sorted. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(OnboardMisProvider) provider = g_list_model_get_item (list, i);

      g_assert_cmpstr (onboard_mis_provider_get_id (provider), ==, expected[i].id);
      g_assert_cmpstr (onboard_mis_provider_get_name (provider), ==, expected[i].name);
      g_assert_cmpstrv (onboard_mis_provider_get_connection_methods (provider),
                        ((const char * const []) { "xod", NULL }));
      g_assert_cmpint (onboard_mis_provider_get_schoolbooking_supported (provider), ==,
                       expected[i].schoolbooking);
    }
}

static void
test_properties (void)
{
  g_autoptr(OnboardMisProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) methods = NULL;
  gboolean schoolbooking = FALSE;

  provider = provider_from ("{\"id\":\"isams\",\"name\":\"iSAMS\",\"connection_methods\":[\"xod\",\"api\"],"
                            "\"schoolbooking_supported\":true}", &error);
  g_assert_no_error (error);

  /* A GtkDropDown shows the provider through "name". */
  g_object_get (provider,
                "id", &id,
                "name", &name,
                "connection-methods", &methods,
                "schoolbooking-supported", &schoolbooking,
                NULL);
  g_assert_cmpstr (id, ==, "isams");
  g_assert_cmpstr (name, ==, "iSAMS");
  g_assert_cmpstrv (methods, ((const char * const []) { "xod", "api", NULL }));
  g_assert_true (schoolbooking);
}

static void
test_missing_members (void)
{
  g_autoptr(OnboardMisProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  /* Without methods or SchoolBooking: no methods, no SchoolBooking. */
  provider = provider_from ("{\"id\":\"sims\",\"name\":\"SIMS\"}", &error);
  g_assert_no_error (error);
  g_assert_nonnull (onboard_mis_provider_get_connection_methods (provider));
  g_assert_null (onboard_mis_provider_get_connection_methods (provider)[0]);
  g_assert_false (onboard_mis_provider_get_schoolbooking_supported (provider));
  g_clear_object (&provider);

  provider = provider_from ("{\"id\":\"sims\",\"name\":\"SIMS\",\"connection_methods\":null,"
                            "\"schoolbooking_supported\":null}", &error);
  g_assert_no_error (error);
  g_assert_null (onboard_mis_provider_get_connection_methods (provider)[0]);
  g_assert_false (onboard_mis_provider_get_schoolbooking_supported (provider));

  assert_refused ("{\"name\":\"SIMS\"}", "id");
  assert_refused ("{\"id\":\"sims\"}", "name");
  assert_refused ("{\"id\":null,\"name\":\"SIMS\"}", "id");
  /* An empty id could not be sent back; an empty name could not be chosen. */
  assert_refused ("{\"id\":\"\",\"name\":\"SIMS\"}", "empty");
  assert_refused ("{\"id\":\"sims\",\"name\":\"\"}", "empty");
}

static void
test_wrong_types (void)
{
  assert_refused ("{\"id\":7,\"name\":\"SIMS\"}", "id");
  assert_refused ("{\"id\":\"sims\",\"name\":{\"en\":\"SIMS\"}}", "name");
  assert_refused ("{\"id\":\"sims\",\"name\":\"SIMS\",\"connection_methods\":\"xod\"}",
                  "connection_methods");
  assert_refused ("{\"id\":\"sims\",\"name\":\"SIMS\",\"schoolbooking_supported\":\"yes\"}",
                  "schoolbooking_supported");
  assert_refused ("{\"id\":\"sims\",\"name\":\"SIMS\",\"schoolbooking_supported\":1}",
                  "schoolbooking_supported");
}

static void
test_unknown_members (void)
{
  g_autoptr(OnboardMisProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = provider_from ("{\"id\":\"arbor\",\"name\":\"Arbor\",\"connection_methods\":[\"xod\"],"
                            "\"schoolbooking_supported\":true,\"logo\":\"https://example.org/a.png\","
                            "\"regions\":[\"england\",\"wales\"],\"beta\":{\"since\":2025}}",
                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_mis_provider_get_id (provider), ==, "arbor");
  g_assert_true (onboard_mis_provider_get_schoolbooking_supported (provider));
}

static void
test_bad_lists (void)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_list = g_string_new ("[");

  list = list_from ("[]", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_clear_object (&list);

  /* Which entry was wrong, counted from 0. */
  list = list_from ("[{\"id\":\"sims\",\"name\":\"SIMS\"},\"cmis\"]", &error);
  g_assert_null (list);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "1"));
  g_clear_error (&error);

  list = list_from ("[{\"id\":\"sims\",\"name\":\"SIMS\"},{\"id\":\"cmis\"}]", &error);
  g_assert_null (list);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_true (g_str_has_prefix (error->message, "MIS provider 1: "));
  g_clear_error (&error);

  /* A list no drop-down could show is refused whole. */
  for (guint i = 0; i <= 1024; i++)
    g_string_append_printf (long_list, "%s{\"id\":\"p%u\",\"name\":\"P %u\"}", i ? "," : "", i, i);
  g_string_append_c (long_list, ']');
  list = list_from (long_list->str, &error);
  g_assert_null (list);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/mis-provider/spec-example", test_spec_example);
  g_test_add_func ("/onboard/mis-provider/properties", test_properties);
  g_test_add_func ("/onboard/mis-provider/missing-members", test_missing_members);
  g_test_add_func ("/onboard/mis-provider/wrong-types", test_wrong_types);
  g_test_add_func ("/onboard/mis-provider/unknown-members", test_unknown_members);
  g_test_add_func ("/onboard/mis-provider/bad-lists", test_bad_lists);

  return g_test_run ();
}
