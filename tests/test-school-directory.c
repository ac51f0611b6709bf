/* test-school-directory.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "onboard-school-directory.h"

static GBytes *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize len = 0;

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "model", "schools.json", NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static OnboardSchoolDirectory *
directory_from_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  OnboardSchoolDirectory *directory;

  directory = onboard_school_directory_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (directory);

  return directory;
}

static OnboardSchool *
get_school (OnboardSchoolDirectory *directory,
            guint                   position)
{
  return g_list_model_get_item (G_LIST_MODEL (directory), position);
}

static void
test_fixture (void)
{
  g_autoptr(GBytes) json = load_fixture ();
  g_autoptr(GError) error = NULL;
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) aldgate = NULL;
  g_autoptr(OnboardSchool) kilburn = NULL;
  g_autoptr(OnboardSchool) awel_y_mor = NULL;
  g_autofree char *dfe_number = NULL;

  directory = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (directory)) == ONBOARD_TYPE_SCHOOL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 45);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 0);

  aldgate = get_school (directory, 0);
  g_assert_cmpstr (onboard_school_get_urn (aldgate), ==, "100000");
  g_assert_cmpstr (onboard_school_get_name (aldgate), ==, "The Aldgate School");
  g_assert_cmpstr (onboard_school_get_town (aldgate), ==, "London");
  g_assert_cmpstr (onboard_school_get_postcode (aldgate), ==, "EC3A 5DE");
  g_assert_null (onboard_school_get_laestab (aldgate));
  g_assert_null (onboard_school_get_la_name (aldgate));
  g_assert_null (onboard_school_get_phase (aldgate));
  g_assert_null (onboard_school_get_establishment_type (aldgate));
  g_assert_cmpstr (onboard_school_get_status (aldgate), ==, "open");

  kilburn = get_school (directory, 3);
  g_assert_cmpstr (onboard_school_get_urn (kilburn), ==, "100042");
  g_assert_cmpstr (onboard_school_get_name (kilburn), ==, "St Mary's Kilburn Church of England Primary School");
  g_assert_cmpstr (onboard_school_get_laestab (kilburn), ==, "2023517");
  g_assert_cmpstr (onboard_school_get_la_name (kilburn), ==, "Camden");
  g_assert_cmpstr (onboard_school_get_phase (kilburn), ==, "Primary");
  g_assert_cmpstr (onboard_school_get_establishment_type (kilburn), ==, "Voluntary Aided School");
  dfe_number = onboard_school_dup_dfe_number (kilburn);
  g_assert_cmpstr (dfe_number, ==, "202/3517");

  awel_y_mor = get_school (directory, 42);
  g_assert_cmpstr (onboard_school_get_urn (awel_y_mor), ==, "402323");
  g_assert_cmpstr (onboard_school_get_name (awel_y_mor), ==, "Awel Y Môr Primary School");
  g_assert_cmpstr (onboard_school_get_town (awel_y_mor), ==, "Port Talbot");

  g_assert_null (get_school (directory, 45));

  g_assert_finalize_object (directory);
}

static void
test_nulls (void)
{
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) school = NULL;

  directory = directory_from_string (
    "[{\"urn\":\"146834\",\"laestab\":null,\"name\":\"St Saviour’s Ikoyi\",\"town\":null,"
    "\"postcode\":null,\"la_name\":null,\"phase\":null,\"establishment_type\":null,"
    "\"status\":null}]");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 1);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 0);

  school = get_school (directory, 0);
  g_assert_cmpstr (onboard_school_get_urn (school), ==, "146834");
  g_assert_null (onboard_school_get_laestab (school));
  g_assert_null (onboard_school_dup_dfe_number (school));
  g_assert_cmpstr (onboard_school_get_town (school), ==, "");
  g_assert_cmpstr (onboard_school_get_postcode (school), ==, "");
  g_assert_null (onboard_school_get_la_name (school));
  g_assert_null (onboard_school_get_phase (school));
  g_assert_null (onboard_school_get_establishment_type (school));
  g_assert_cmpstr (onboard_school_get_status (school), ==, "open");

  g_clear_object (&school);
  g_assert_finalize_object (directory);
}

static void
test_missing_fields (void)
{
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) school = NULL;

  /* Only "urn" and "name" are required. */
  directory = directory_from_string ("[{\"name\":\"The Aldgate School\",\"urn\":\"100000\"}]");

  school = get_school (directory, 0);
  g_assert_cmpstr (onboard_school_get_name (school), ==, "The Aldgate School");
  g_assert_cmpstr (onboard_school_get_town (school), ==, "");
  g_assert_cmpstr (onboard_school_get_postcode (school), ==, "");
  g_assert_null (onboard_school_get_laestab (school));
  g_assert_cmpstr (onboard_school_get_status (school), ==, "open");

  g_clear_object (&school);
  g_assert_finalize_object (directory);
}

static void
test_malformed_entries (void)
{
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) first = NULL;
  g_autoptr(OnboardSchool) second = NULL;
  g_autoptr(OnboardSchool) third = NULL;

  directory = directory_from_string (
    "[\n"
    "  1,\n"
    "  \"The Aldgate School\",\n"
    "  null,\n"
    "  true,\n"
    "  [\"100000\", \"The Aldgate School\"],\n"
    "  {},\n"
    "  {\"urn\":\"100001\"},\n"
    "  {\"name\":\"City of London School for Girls\"},\n"
    "  {\"urn\":\"\",\"name\":\"City of London School for Girls\"},\n"
    "  {\"urn\":\"100001\",\"name\":\"\"},\n"
    "  {\"urn\":\"100001\",\"name\":null},\n"
    "  {\"urn\":null,\"name\":\"City of London School for Girls\"},\n"
    "  {\"urn\":\"100002\",\"name\":42},\n"
    "  {\"urn\":\"100002\",\"name\":\"St Paul's Cathedral School\",\"town\":[\"London\"]},\n"
    "  {\"urn\":\"100002\",\"name\":\"St Paul's Cathedral School\",\"laestab\":{\"la\":201}},\n"
    "  {\"urn\":\"100002\",\"name\":\"St Paul's Cathedral School\",\"status\":false},\n"
    "  {\"urn\":1.5,\"name\":\"St Paul's Cathedral School\"},\n"
    "  {\"urn\":-100002,\"name\":\"St Paul's Cathedral School\"},\n"
    "  {\"urn\":\"100003\",\"name\":\"City of London School \\ud800\"},\n"
    "  {\"urn\":\"100003\",\"name\":\"City of London School \\udc00\"},\n"
    "  {\"urn\":\"100003\",\"name\":\"City of London \\u0000School\"},\n"
    "  {\"urn\":\"100003\",\"name\":\"City of London School \xff\"},\n"
    "  {\"urn\":\"100000\",\"name\":\"The Aldgate School\",\"town\":\"London\"},\n"
    "  {\"urn\":100005,\"laestab\":2026005,\"name\":\"Thomas Coram Centre\"},\n"
    "  {\"urn\":\"100006\",\"name\":\"Heath School\",\"ofsted\":{\"rating\":[1,2,{\"x\":null}],"
    "\"ok\":true,\"score\":-1.5e3,\"note\":\"\\\"\\u00e9\\\"\"},\"tags\":[],\"extra\":{}}\n"
    "]");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 3);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 22);

  first = get_school (directory, 0);
  g_assert_cmpstr (onboard_school_get_urn (first), ==, "100000");
  g_assert_cmpstr (onboard_school_get_town (first), ==, "London");

  /* Numbers are taken for the identifiers, as their digits. */
  second = get_school (directory, 1);
  g_assert_cmpstr (onboard_school_get_urn (second), ==, "100005");
  g_assert_cmpstr (onboard_school_get_laestab (second), ==, "2026005");
  g_assert_cmpstr (onboard_school_get_name (second), ==, "Thomas Coram Centre");

  third = get_school (directory, 2);
  g_assert_cmpstr (onboard_school_get_urn (third), ==, "100006");
  g_assert_cmpstr (onboard_school_get_name (third), ==, "Heath School");

  g_clear_object (&first);
  g_clear_object (&second);
  g_clear_object (&third);
  g_assert_finalize_object (directory);
}

static void
test_not_an_array (void)
{
  const char * const bodies[] = {
    "",
    "   \n",
    "{}",
    "{\"schools\":[]}",
    "\"[]\"",
    "null",
    "42",
    "<html><body>Service unavailable</body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(OnboardSchoolDirectory) directory = NULL;

      g_test_message ("body \"%s\"", bodies[i]);

      directory = onboard_school_directory_new_from_bytes (bytes, &error);
      g_assert_error (error, ONBOARD_SCHOOL_DIRECTORY_ERROR, ONBOARD_SCHOOL_DIRECTORY_ERROR_NOT_AN_ARRAY);
      g_assert_null (directory);
    }
}

static void
test_invalid_json (void)
{
  const char * const bodies[] = {
    "[",
    "[{\"urn\":\"100000\",",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\"}",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\"},]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\"}] []",
    "[{\"urn\":\"100000\" \"name\":\"The Aldgate School\"}]",
    "[{\"urn\" \"100000\"}]",
    "[{urn:\"100000\"}]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School}]",
    "[{\"urn\":\"100000\",\"name\":\"The \\x41ldgate School\"}]",
    "[{\"urn\":\"100000\",\"name\":\"The \\u00g1ldgate School\"}]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate\nSchool\"}]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\",}]",
    "[01]",
    "[1.]",
    "[-]",
    "[1e]",
    "[tru]",
    "[nul]",
    "[truex]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\",\"x\":[1 2]}]",
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\",\"x\":{\"a\":1,}}]",
    "[1 2]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(OnboardSchoolDirectory) directory = NULL;

      g_test_message ("body \"%s\"", bodies[i]);

      directory = onboard_school_directory_new_from_bytes (bytes, &error);
      g_assert_error (error, ONBOARD_SCHOOL_DIRECTORY_ERROR, ONBOARD_SCHOOL_DIRECTORY_ERROR_INVALID_JSON);
      g_assert_null (directory);
    }
}

static void
test_too_deep (void)
{
  g_autoptr(GString) json = g_string_new ("[{\"urn\":\"100000\",\"name\":\"The Aldgate School\",\"x\":");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardSchoolDirectory) directory = NULL;

  /* A hostile body must not exhaust the stack. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}]");

  bytes = g_bytes_new (json->str, json->len);
  directory = onboard_school_directory_new_from_bytes (bytes, &error);
  g_assert_error (error, ONBOARD_SCHOOL_DIRECTORY_ERROR, ONBOARD_SCHOOL_DIRECTORY_ERROR_INVALID_JSON);
  g_assert_null (directory);
}

static void
test_escapes (void)
{
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) prevert = NULL;
  g_autoptr(OnboardSchool) escaped = NULL;
  g_autoptr(OnboardSchool) emoji = NULL;
  g_autoptr(OnboardSchool) welsh = NULL;

  /* With a byte order mark, and white space everywhere it may be. */
  directory = directory_from_string (
    "\xEF\xBB\xBF \r\n\t[ {\"urn\" : \"100371\" , \"name\":"
    "\"Ecole Fran\\u00e7aise de Londres Jacques Pr\\u00E9vert\", \"town\":\"London\"} ,\n"
    "{\"urn\":\"100001\",\"name\":\"\\\"Quoted\\\" \\\\ back\\/slash\\ttab\\nline\\r\\b\\f\"},\n"
    "{\"urn\":\"100002\",\"name\":\"School \\ud83c\\udfeb \\u2019s\"},\n"
    "{\"urn\":\"402323\",\"name\":\"Awel Y Môr Primary School\",\"town\":\"Port Talbot\"}\n"
    "] \n");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 4);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 0);

  prevert = get_school (directory, 0);
  g_assert_cmpstr (onboard_school_get_name (prevert), ==, "Ecole Française de Londres Jacques Prévert");

  escaped = get_school (directory, 1);
  g_assert_cmpstr (onboard_school_get_name (escaped), ==, "\"Quoted\" \\ back/slash\ttab\nline\r\b\f");

  emoji = get_school (directory, 2);
  g_assert_cmpstr (onboard_school_get_name (emoji), ==, "School \xF0\x9F\x8F\xAB \xE2\x80\x99s");

  welsh = get_school (directory, 3);
  g_assert_cmpstr (onboard_school_get_name (welsh), ==, "Awel Y Môr Primary School");

  g_clear_object (&prevert);
  g_clear_object (&escaped);
  g_clear_object (&emoji);
  g_clear_object (&welsh);
  g_assert_finalize_object (directory);
}

static void
test_empty (void)
{
  OnboardSchoolDirectory *directory = directory_from_string (" [ ] ");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 0);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 0);
  g_assert_null (get_school (directory, 0));
  g_assert_null (onboard_school_directory_find_by_urn (directory, "100000"));

  g_assert_finalize_object (directory);
}

static void
test_find_by_urn (void)
{
  g_autoptr(GBytes) json = load_fixture ();
  g_autoptr(GError) error = NULL;
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) found = NULL;
  g_autoptr(OnboardSchool) item = NULL;

  directory = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);

  found = onboard_school_directory_find_by_urn (directory, "103122");
  g_assert_nonnull (found);
  g_assert_cmpstr (onboard_school_get_name (found), ==, "Garretts Green Nursery School");
  g_assert_cmpstr (onboard_school_get_laestab (found), ==, "3301006");

  /* The very object the list holds, so a selection and a lookup agree. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (directory)); i++)
    {
      g_autoptr(OnboardSchool) school = get_school (directory, i);

      if (g_str_equal (onboard_school_get_urn (school), "103122"))
        item = g_steal_pointer (&school);
    }
  g_assert_true (found == item);

  g_assert_null (onboard_school_directory_find_by_urn (directory, "103123"));
  g_assert_null (onboard_school_directory_find_by_urn (directory, "10312"));
  g_assert_null (onboard_school_directory_find_by_urn (directory, "000000"));
  g_assert_null (onboard_school_directory_find_by_urn (directory, "999999"));
  g_assert_null (onboard_school_directory_find_by_urn (directory, ""));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (directory)); i++)
    {
      g_autoptr(OnboardSchool) school = get_school (directory, i);
      g_autoptr(OnboardSchool) again = onboard_school_directory_find_by_urn (directory, onboard_school_get_urn (school));

      g_assert_true (school == again);
    }

  g_clear_object (&found);
  g_clear_object (&item);
  g_assert_finalize_object (directory);
}

static void
test_find_by_urn_unsorted (void)
{
  OnboardSchoolDirectory *directory;
  g_autoptr(OnboardSchool) aldgate = NULL;
  g_autoptr(OnboardSchool) heath = NULL;
  g_autoptr(OnboardSchool) duplicate = NULL;

  directory = directory_from_string (
    "[{\"urn\":\"402323\",\"name\":\"Awel Y Môr Primary School\"},"
    " {\"urn\":\"100006\",\"name\":\"Heath School\"},"
    " {\"urn\":\"132791\",\"name\":\"Rosemary Works School\",\"status\":\"open\"},"
    " {\"urn\":\"100000\",\"name\":\"The Aldgate School\"},"
    " {\"urn\":\"132791\",\"name\":\"Rosemary Works School (duplicate)\"}]");

  aldgate = onboard_school_directory_find_by_urn (directory, "100000");
  g_assert_cmpstr (onboard_school_get_name (aldgate), ==, "The Aldgate School");

  heath = onboard_school_directory_find_by_urn (directory, "100006");
  g_assert_cmpstr (onboard_school_get_name (heath), ==, "Heath School");

  /* Of two entries with one URN, the first is found. */
  duplicate = onboard_school_directory_find_by_urn (directory, "132791");
  g_assert_cmpstr (onboard_school_get_name (duplicate), ==, "Rosemary Works School");

  g_assert_null (onboard_school_directory_find_by_urn (directory, "100001"));

  g_clear_object (&aldgate);
  g_clear_object (&heath);
  g_clear_object (&duplicate);
  g_assert_finalize_object (directory);
}

static void
test_items_kept (void)
{
  OnboardSchoolDirectory *directory;
  OnboardSchool *first;
  OnboardSchool *again;

  directory = directory_from_string (
    "[{\"urn\":\"100000\",\"name\":\"The Aldgate School\",\"town\":\"London\"}]");

  first = get_school (directory, 0);
  again = get_school (directory, 0);
  g_assert_true (first == again);
  g_object_unref (again);

  /* A school outlives its directory, strings and all. */
  g_assert_finalize_object (directory);
  g_assert_cmpstr (onboard_school_get_name (first), ==, "The Aldgate School");
  g_assert_cmpstr (onboard_school_get_town (first), ==, "London");

  g_assert_finalize_object (first);
}

typedef struct
{
  GMainLoop              *loop;
  OnboardSchoolDirectory *directory;
  GError                 *error;
} AsyncData;

static void
new_from_bytes_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_null (source_object);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  data->directory = onboard_school_directory_new_from_bytes_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (void)
{
  g_autoptr(GBytes) json = load_fixture ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(OnboardSchool) school = NULL;
  AsyncData data = { loop, NULL, NULL };

  onboard_school_directory_new_from_bytes_async (json, NULL, new_from_bytes_cb, &data);
  g_main_loop_run (loop);

  g_assert_no_error (data.error);
  g_assert_nonnull (data.directory);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (data.directory)), ==, 45);

  school = onboard_school_directory_find_by_urn (data.directory, "100371");
  g_assert_cmpstr (onboard_school_get_name (school), ==, "Ecole Française de Londres Jacques Prévert");

  g_clear_object (&school);
  g_assert_finalize_object (data.directory);
}

static void
test_async_error (void)
{
  g_autoptr(GBytes) json = g_bytes_new_static ("{\"error\":\"server_error\"}", 24);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncData data = { loop, NULL, NULL };

  onboard_school_directory_new_from_bytes_async (json, NULL, new_from_bytes_cb, &data);
  g_main_loop_run (loop);

  g_assert_error (data.error, ONBOARD_SCHOOL_DIRECTORY_ERROR, ONBOARD_SCHOOL_DIRECTORY_ERROR_NOT_AN_ARRAY);
  g_assert_null (data.directory);
  g_clear_error (&data.error);
}

static void
test_async_cancelled (void)
{
  g_autoptr(GBytes) json = load_fixture ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { loop, NULL, NULL };

  g_cancellable_cancel (cancellable);
  onboard_school_directory_new_from_bytes_async (json, cancellable, new_from_bytes_cb, &data);
  g_main_loop_run (loop);

  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data.directory);
  g_clear_error (&data.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school-directory/fixture", test_fixture);
  g_test_add_func ("/onboard/school-directory/nulls", test_nulls);
  g_test_add_func ("/onboard/school-directory/missing-fields", test_missing_fields);
  g_test_add_func ("/onboard/school-directory/malformed-entries", test_malformed_entries);
  g_test_add_func ("/onboard/school-directory/not-an-array", test_not_an_array);
  g_test_add_func ("/onboard/school-directory/invalid-json", test_invalid_json);
  g_test_add_func ("/onboard/school-directory/too-deep", test_too_deep);
  g_test_add_func ("/onboard/school-directory/escapes", test_escapes);
  g_test_add_func ("/onboard/school-directory/empty", test_empty);
  g_test_add_func ("/onboard/school-directory/find-by-urn", test_find_by_urn);
  g_test_add_func ("/onboard/school-directory/find-by-urn-unsorted", test_find_by_urn_unsorted);
  g_test_add_func ("/onboard/school-directory/items-kept", test_items_kept);
  g_test_add_func ("/onboard/school-directory/async", test_async);
  g_test_add_func ("/onboard/school-directory/async-error", test_async_error);
  g_test_add_func ("/onboard/school-directory/async-cancelled", test_async_cancelled);

  return g_test_run ();
}
