/* test-json.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-connector.h"
#include "onboard-json.h"

static JsonObject *
object_from (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  JsonObject *object = onboard_json_parse_object (bytes, &error);

  g_assert_no_error (error);
  return object;
}

static void
test_parse (void)
{
  static const char * const invalid[] = {
    "",
    "   ",
    "{not json",
    "[1,2]",
    "\"a string\"",
    "null",
    "<html>Blocked</html>",
    "{\"\xff\xfe\":1}",
  };
  g_autoptr(JsonObject) object = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (invalid[i], strlen (invalid[i]));
      g_autoptr(JsonObject) refused = NULL;
      g_autoptr(GError) error = NULL;

      refused = onboard_json_parse_object (bytes, &error);
      g_assert_null (refused);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }

  object = object_from ("{\"a\":1}");
  g_assert_true (json_object_has_member (object, "a"));
}

static void
test_strings (void)
{
  g_autoptr(JsonObject) object = object_from ("{\"s\":\"text\",\"n\":null,\"i\":1,\"e\":\"\"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *empty = NULL;
  char *none = (char *)"untouched";

  g_assert_true (onboard_json_get_string (object, "s", ONBOARD_JSON_REQUIRED, &value, &error));
  g_assert_cmpstr (value, ==, "text");
  g_assert_true (onboard_json_get_string (object, "e", ONBOARD_JSON_REQUIRED, &empty, &error));
  g_assert_cmpstr (empty, ==, "");

  g_assert_true (onboard_json_get_string (object, "missing", ONBOARD_JSON_OPTIONAL, &none, &error));
  g_assert_null (none);
  g_assert_true (onboard_json_get_string (object, "n", ONBOARD_JSON_NULLABLE, &none, &error));
  g_assert_null (none);
  g_assert_no_error (error);

  g_assert_false (onboard_json_get_string (object, "missing", ONBOARD_JSON_REQUIRED, &none,
                                           &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (onboard_json_get_string (object, "n", ONBOARD_JSON_OPTIONAL, &none, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (onboard_json_get_string (object, "i", ONBOARD_JSON_REQUIRED, &none, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "\"i\""));
}

static void
test_huge_string (void)
{
  g_autoptr(GString) json = g_string_new ("{\"s\":\"");
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  for (guint i = 0; i <= ONBOARD_JSON_MAX_STRING_LENGTH; i += 64)
    g_string_append (json, "0123456789012345678901234567890123456789012345678901234567890123");
  g_string_append (json, "\"}");

  object = object_from (json->str);
  g_assert_false (onboard_json_get_string (object, "s", ONBOARD_JSON_REQUIRED, &value, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_null (value);
}

static void
test_integers (void)
{
  g_autoptr(JsonObject) object = object_from ("{\"ok\":15,\"big\":9223372036854775807,"
                                              "\"neg\":-1,\"frac\":1.5,\"str\":\"15\","
                                              "\"over\":1e400,\"bool\":true}");
  static const char * const refused[] = { "big", "neg", "frac", "str", "over", "bool" };
  gint64 value = -1;

  g_assert_true (onboard_json_get_int (object, "ok", ONBOARD_JSON_REQUIRED, 1, 100, &value, NULL));
  g_assert_cmpint (value, ==, 15);
  g_assert_true (onboard_json_get_int (object, "absent", ONBOARD_JSON_OPTIONAL, 1, 100, &value,
                                       NULL));
  g_assert_cmpint (value, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (onboard_json_get_int (object, refused[i], ONBOARD_JSON_REQUIRED,
                                            0, 86400, &value, &error));
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_date_times (void)
{
  g_autoptr(JsonObject) object = object_from ("{\"utc\":\"2026-09-01T10:00:00Z\","
                                              "\"offset\":\"2026-09-01T11:00:00+01:00\","
                                              "\"bad\":\"1st September\",\"num\":0}");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) offset = NULL;
  g_autoptr(GDateTime) bad = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (onboard_json_get_date_time (object, "utc", ONBOARD_JSON_REQUIRED, &utc, NULL));
  g_assert_true (onboard_json_get_date_time (object, "offset", ONBOARD_JSON_REQUIRED, &offset,
                                             NULL));
  g_assert_true (g_date_time_equal (utc, offset));

  g_assert_false (onboard_json_get_date_time (object, "bad", ONBOARD_JSON_REQUIRED, &bad, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_clear_error (&error);
  g_assert_false (onboard_json_get_date_time (object, "num", ONBOARD_JSON_REQUIRED, &bad, &error));
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
}

static void
test_arrays (void)
{
  g_autoptr(GString) json = g_string_new ("{\"ok\":[\"a\",\"b\"],\"mixed\":[\"a\",1],"
                                          "\"notarray\":\"a\",\"long\":[");
  g_autoptr(JsonObject) object = NULL;
  g_auto(GStrv) value = NULL;
  g_auto(GStrv) refused = NULL;
  static const char * const bad[] = { "mixed", "notarray", "long" };

  for (guint i = 0; i <= ONBOARD_JSON_MAX_ARRAY_LENGTH; i++)
    g_string_append (json, i ? ",\"x\"" : "\"x\"");
  g_string_append (json, "]}");
  object = object_from (json->str);

  g_assert_true (onboard_json_get_strv (object, "ok", ONBOARD_JSON_REQUIRED, &value, NULL));
  g_assert_cmpuint (g_strv_length (value), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (onboard_json_get_strv (object, bad[i], ONBOARD_JSON_REQUIRED, &refused,
                                             &error));
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
      g_assert_null (refused);
    }
}

static void
test_enums (void)
{
  g_autoptr(JsonObject) object = object_from ("{\"known\":\"syncing\",\"new\":\"beaming\","
                                              "\"null\":null}");
  int value = -1;

  g_assert_true (onboard_json_get_enum (object, "known", ONBOARD_JSON_REQUIRED,
                                        ONBOARD_TYPE_CONNECTOR_STATUS,
                                        ONBOARD_CONNECTOR_STATUS_UNKNOWN, -1, &value, NULL));
  g_assert_cmpint (value, ==, ONBOARD_CONNECTOR_STATUS_SYNCING);
  g_assert_true (onboard_json_get_enum (object, "new", ONBOARD_JSON_REQUIRED,
                                        ONBOARD_TYPE_CONNECTOR_STATUS,
                                        ONBOARD_CONNECTOR_STATUS_UNKNOWN, -1, &value, NULL));
  g_assert_cmpint (value, ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_true (onboard_json_get_enum (object, "null", ONBOARD_JSON_MAY_BE_MISSING,
                                        ONBOARD_TYPE_CONNECTOR_STATUS,
                                        ONBOARD_CONNECTOR_STATUS_UNKNOWN, 99, &value, NULL));
  g_assert_cmpint (value, ==, 99);

  /* The unknown value's own name is not something a server says. */
  g_assert_cmpint (onboard_json_enum_from_string (ONBOARD_TYPE_CONNECTOR_STATUS, "unknown",
                                                  ONBOARD_CONNECTOR_STATUS_UNKNOWN),
                   ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
}

/* Found by tests/fuzz/fuzz-terms, fuzz-account, fuzz-connector and
 * fuzz-mis-providers: json-glib turns a lone surrogate escape into bytes
 * that are not UTF-8, which GTK would refuse to show, and leaks when a
 * surrogate is followed by an escape that does not complete it. */
static void
test_surrogates (void)
{
  static const char * const refused[] = {
    "{\"low\":\"a\\udc00b\"}",
    "[\"\\ud800x\"]",
    "{\"a\":\"\\ud800\"}",
    "{\"a\":\"\\ud83d\\uee00\"}",
    "{\"a\":\"\\udd5d\\u3e00\"}",
    "{\"a\":\"\\ud8DE\\ud8DE\"}",
  };
  g_autoptr(JsonObject) object = object_from ("{\"pair\":\"\\ud83d\\ude00\"}");
  g_autofree char *value = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (refused[i], strlen (refused[i]));
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("refusing %s", refused[i]);
      root = onboard_json_parse (bytes, &error);
      g_assert_null (root);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
      /* The message goes into the support details. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  /* A surrogate pair is one character, and fine. */
  g_assert_true (onboard_json_get_string (object, "pair", ONBOARD_JSON_REQUIRED, &value, NULL));
  g_assert_cmpstr (value, ==, "\xf0\x9f\x98\x80");
}

/* Found by tests/fuzz/fuzz-terms, fuzz-connector, fuzz-invite-code and
 * fuzz-school-registration: json-glib 1.6 leaks the nodes of a second
 * value after the document, and its buffer for a string with a malformed
 * escape, so such bodies never reach it. */
static void
test_bodies_json_glib_leaks_on (void)
{
  static const char * const refused[] = {
    "{}{}",
    "{\"a\":1} {\"b\":[1,2]}",
    "[1]{\"a\":1}",
    "1{}",
    "\"xod\"{\"object\":\"terms\"}",
    "{\"a\":1} x",
    "{\"a\":\"\\ud83d\\ud\"}",
    "{\"a\":\"\\u:d77\"}",
    "{\"a\":\"\\x41\"}",
    "[\"\\",
    /* Outside a string json-glib does not see the string this would. */
    "{/\"/\"\\ud800\\ud800",
    "{\"a\":1 /* note */}",
    "{'a':\"b\"}",
  };
  static const char * const accepted[] = {
    "{\"a\":1}\r\n",
    "  [{\"a\":\"}{\"}]\n",
    "{\"a\":\"\\\"}{\"}",
    "\xef\xbb\xbf{\"a\":1}",
    "{\"a\":\"\\u00e9\\n\\/\\\\\\b\\f\\r\\t\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (refused[i], strlen (refused[i]));
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("refusing %s", refused[i]);
      root = onboard_json_parse (bytes, &error);
      g_assert_null (root);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (accepted[i], strlen (accepted[i]));
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("accepting %s", accepted[i]);
      root = onboard_json_parse (bytes, &error);
      g_assert_no_error (error);
      g_assert_nonnull (root);
    }
}

/* json-glib recurses once per level: 100,000 brackets would overflow the
 * stack. Depth 64 is accepted, 65 refused, whether objects or arrays,
 * and brackets inside strings do not count. */
static GString *
nested (guint       depth,
        const char *open,
        const char *close)
{
  GString *json = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (json, open);
  g_string_append (json, "1");
  for (guint i = 0; i < depth; i++)
    g_string_append (json, close);

  return json;
}

static void
test_nesting (void)
{
  static const guint refused_depths[] = { ONBOARD_JSON_MAX_DEPTH + 1, 1000, 100000 };
  g_autoptr(GString) deepest = nested (ONBOARD_JSON_MAX_DEPTH - 1, "{\"a\":", "}");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) strings = g_string_new ("{\"a\":\"");
  g_autoptr(GError) error = NULL;

  /* The outer object and 63 inside it: 64 levels. */
  g_string_prepend (deepest, "{\"top\":");
  g_string_append (deepest, "}");
  bytes = g_bytes_new (deepest->str, deepest->len);
  root = onboard_json_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&bytes, g_bytes_unref);

  for (guint i = 0; i < G_N_ELEMENTS (refused_depths); i++)
    for (guint kind = 0; kind < 2; kind++)
      {
        g_autoptr(GString) json = kind == 0 ? nested (refused_depths[i], "[", "]")
                                            : nested (refused_depths[i], "{\"a\":", "}");
        g_autoptr(GBytes) deep = g_bytes_new (json->str, json->len);
        g_autoptr(JsonNode) refused = NULL;

        refused = onboard_json_parse (deep, &error);
        g_assert_null (refused);
        g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
        g_assert_nonnull (strstr (error->message, "nested deeper than 64"));
        g_clear_error (&error);
      }

  for (guint i = 0; i < 100000; i++)
    g_string_append (strings, "[{");
  g_string_append (strings, "\"}");
  bytes = g_bytes_new (strings->str, strings->len);
  root = onboard_json_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/json/parse", test_parse);
  g_test_add_func ("/onboard/json/nesting", test_nesting);
  g_test_add_func ("/onboard/json/strings", test_strings);
  g_test_add_func ("/onboard/json/huge-string", test_huge_string);
  g_test_add_func ("/onboard/json/integers", test_integers);
  g_test_add_func ("/onboard/json/date-times", test_date_times);
  g_test_add_func ("/onboard/json/arrays", test_arrays);
  g_test_add_func ("/onboard/json/enums", test_enums);
  g_test_add_func ("/onboard/json/surrogates", test_surrogates);
  g_test_add_func ("/onboard/json/bodies-json-glib-leaks-on", test_bodies_json_glib_leaks_on);

  return g_test_run ();
}
