/* onboard-json.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-json.h"
#include "onboard-client-error.h"

#define set_bad_response(error, ...) \
  g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, __VA_ARGS__)

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "string";
    case G_TYPE_BOOLEAN:
      return "boolean";
    case G_TYPE_INT64:
      return "integer";
    case G_TYPE_DOUBLE:
      return "number";
    default:
      return "value";
    }
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/**
 * onboard_json_read_hex4:
 * @p: the first of the four hex digits of a \u escape
 * @end: the end of the text
 * @out: (out): the code unit they spell
 *
 * Returns: %FALSE if fewer than four hex digits stand before @end
 */
gboolean
onboard_json_read_hex4 (const char *p,
                        const char *end,
                        gunichar   *out)
{
  gunichar value = 0;

  if (end - p < 4)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      value = (value << 4) | (gunichar)g_ascii_xdigit_value (p[i]);
    }

  *out = value;

  return TRUE;
}

/* How many bytes after a backslash make one escape that JSON allows, or 0.
 * A surrogate escape only counts as the first half of a pair. */
static gsize
json_escape_length (const char *p,
                    const char *end)
{
  gunichar unit;

  if (p >= end)
    return 0;

  if (*p != '\0' && strchr ("\"\\/bfnrt", *p) != NULL)
    return 1;

  if (*p != 'u' || !onboard_json_read_hex4 (p + 1, end, &unit))
    return 0;

  if (unit < 0xD800 || unit > 0xDFFF)
    return 5;

  if (unit > 0xDBFF || end - p < 11 || p[5] != '\\' || p[6] != 'u')
    return 0;

  if (!onboard_json_read_hex4 (p + 7, end, &unit) || unit < 0xDC00 || unit > 0xDFFF)
    return 0;

  return 11;
}

/* What may stand outside strings in JSON: structure, white space, and the
 * characters of numbers, true, false and null. */
static gboolean
is_json_token_char (char c)
{
  return c != '\0' && strchr ("{}[],: \t\n\r-+.0123456789eEtrufalsn", c) != NULL;
}

/* Only white space may follow the end of the document. */
static OnboardJsonProblem
check_after_document (const char *data,
                      gsize       i,
                      gsize       size)
{
  for (; i < size; i++)
    {
      if (!is_json_space (data[i]))
        return ONBOARD_JSON_PROBLEM_TRAILING_DATA;
    }

  return ONBOARD_JSON_PROBLEM_NONE;
}

/**
 * onboard_json_find_problem:
 * @data: the body
 * @size: its length in bytes
 * @max_depth: the deepest nesting allowed, or 0 for no limit
 *
 * json-glib 1.6 leaks on some bad bodies on its way to the error: every
 * node of a second value after the document ("{}{}", "1{}"), and its
 * buffer for a string with a malformed escape ("\u12", "\x", a surrogate
 * that is not half of a pair). Every body the service sends, and every
 * body the reference server takes, is one object or array, so before
 * json-glib sees it, its brackets must close exactly at the end (white
 * space aside), its escapes be JSON's, and nothing but JSON's tokens stand
 * outside its strings, so that json-glib finds the strings where this
 * does; json-glib still judges the rest, and a body cut short is left to
 * it. json-glib 1.6 parses by recursion and has no limit of its own, so
 * @max_depth keeps 100,000 brackets from overflowing the stack.
 *
 * Returns: why the body is refused, or %ONBOARD_JSON_PROBLEM_NONE
 */
OnboardJsonProblem
onboard_json_find_problem (const char *data,
                           gsize       size,
                           guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  gsize i = 0;

  /* json-glib skips a byte order mark, so this does too. */
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < size && is_json_space (data[i]))
    i++;
  if (i == size)
    return ONBOARD_JSON_PROBLEM_NONE;

  if (data[i] != '{' && data[i] != '[')
    return ONBOARD_JSON_PROBLEM_NOT_A_CONTAINER;

  for (; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize length = json_escape_length (data + i + 1, data + size);

              if (length == 0)
                return ONBOARD_JSON_PROBLEM_BAD_ESCAPE;
              i += length;
            }
          else if (c == '"')
            {
              in_string = FALSE;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (!is_json_token_char (c))
        return ONBOARD_JSON_PROBLEM_BAD_CHARACTER;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth && max_depth > 0)
            return ONBOARD_JSON_PROBLEM_TOO_DEEP;
        }
      else if ((c == '}' || c == ']') && --depth == 0)
        return check_after_document (data, i + 1, size);
    }

  /* Cut short: json-glib says how. */
  return ONBOARD_JSON_PROBLEM_NONE;
}

static gboolean
check_one_document (const char  *data,
                    gsize        size,
                    GError     **error)
{
  switch (onboard_json_find_problem (data, size, ONBOARD_JSON_MAX_DEPTH))
    {
    case ONBOARD_JSON_PROBLEM_NONE:
      return TRUE;
    case ONBOARD_JSON_PROBLEM_NOT_A_CONTAINER:
      set_bad_response (error, "expected a JSON object or array");
      return FALSE;
    case ONBOARD_JSON_PROBLEM_BAD_ESCAPE:
      set_bad_response (error, "body is not JSON: invalid escape in a string");
      return FALSE;
    case ONBOARD_JSON_PROBLEM_BAD_CHARACTER:
      set_bad_response (error, "body is not JSON: unexpected character outside a string");
      return FALSE;
    case ONBOARD_JSON_PROBLEM_TOO_DEEP:
      set_bad_response (error, "JSON nested deeper than %d", ONBOARD_JSON_MAX_DEPTH);
      return FALSE;
    case ONBOARD_JSON_PROBLEM_TRAILING_DATA:
    default:
      set_bad_response (error, "data after the JSON document");
      return FALSE;
    }
}

JsonNode *
onboard_json_parse (GBytes  *bytes,
                    GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      set_bad_response (error, "empty body where JSON was expected");
      return NULL;
    }

  if (!check_one_document (data, size, error))
    return NULL;

  /* Immutable parsing skips building a second copy of every string. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* json-glib quotes the bytes it choked on, which need not be UTF-8,
       * and the message goes into the support details. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      set_bad_response (error, "body is not JSON: %s", message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      set_bad_response (error, "empty JSON document");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

JsonObject *
onboard_json_parse_object (GBytes  *bytes,
                           GError **error)
{
  g_autoptr(JsonNode) root = onboard_json_parse (bytes, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_bad_response (error, "expected a JSON object, got %s", node_type_name (root));
      return NULL;
    }

  return json_node_dup_object (root);
}

gboolean
onboard_json_check_object_type (JsonObject  *object,
                                const char  *expected,
                                GError     **error)
{
  g_autofree char *type = NULL;

  if (!onboard_json_get_string (object, "object", ONBOARD_JSON_OPTIONAL, &type, error))
    return FALSE;

  /* A server that omits "object" is tolerated; one that sends another
   * kind of object answered a different question. */
  if (type != NULL && g_strcmp0 (type, expected) != 0)
    {
      set_bad_response (error, "expected object \"%s\", got \"%s\"", expected, type);
      return FALSE;
    }

  return TRUE;
}

/* Returns the member's node, or NULL with no error when the flags allow it
 * to be absent or null. */
static JsonNode *
lookup (JsonObject        *object,
        const char        *member,
        OnboardJsonFlags   flags,
        gboolean          *failed,
        GError           **error)
{
  JsonNode *node;

  *failed = FALSE;

  node = json_object_get_member (object, member);
  if (node == NULL)
    {
      if ((flags & ONBOARD_JSON_OPTIONAL) == 0)
        {
          set_bad_response (error, "member \"%s\" is missing", member);
          *failed = TRUE;
        }
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if ((flags & ONBOARD_JSON_NULLABLE) == 0)
        {
          set_bad_response (error, "member \"%s\" is null", member);
          *failed = TRUE;
        }
      return NULL;
    }

  return node;
}

static gboolean
check_value_type (JsonNode    *node,
                  const char  *member,
                  GType        type,
                  const char  *type_name,
                  GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    {
      set_bad_response (error, "member \"%s\" should be %s, got %s",
                        member, type_name, node_type_name (node));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_string_length (const char  *str,
                     const char  *member,
                     GError     **error)
{
  if (strnlen (str, ONBOARD_JSON_MAX_STRING_LENGTH + 1) > ONBOARD_JSON_MAX_STRING_LENGTH)
    {
      set_bad_response (error, "member \"%s\" is longer than %d bytes",
                        member, ONBOARD_JSON_MAX_STRING_LENGTH);
      return FALSE;
    }

  /* GTK refuses text that is not UTF-8 with a critical. json-glib 1.6
   * makes such bytes from a lone surrogate escape ("\udc00"), which
   * onboard_json_parse() now refuses; this stays for any other way. */
  if (!g_utf8_validate (str, -1, NULL))
    {
      set_bad_response (error, "member \"%s\" is not valid UTF-8", member);
      return FALSE;
    }

  return TRUE;
}

gboolean
onboard_json_get_string (JsonObject        *object,
                         const char        *member,
                         OnboardJsonFlags   flags,
                         char             **value,
                         GError           **error)
{
  JsonNode *node;
  gboolean failed;
  const char *str;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if (!(node = lookup (object, member, flags, &failed, error)))
    return !failed;

  if (!check_value_type (node, member, G_TYPE_STRING, "a string", error))
    return FALSE;

  str = json_node_get_string (node);
  if (!check_string_length (str, member, error))
    return FALSE;

  *value = g_strdup (str);
  return TRUE;
}

gboolean
onboard_json_get_boolean (JsonObject        *object,
                          const char        *member,
                          OnboardJsonFlags   flags,
                          gboolean          *value,
                          GError           **error)
{
  JsonNode *node;
  gboolean failed;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = FALSE;

  if (!(node = lookup (object, member, flags, &failed, error)))
    return !failed;

  if (!check_value_type (node, member, G_TYPE_BOOLEAN, "a boolean", error))
    return FALSE;

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
onboard_json_get_int (JsonObject        *object,
                      const char        *member,
                      OnboardJsonFlags   flags,
                      gint64             minimum,
                      gint64             maximum,
                      gint64            *value,
                      GError           **error)
{
  JsonNode *node;
  gboolean failed;
  gint64 v;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = 0;

  if (!(node = lookup (object, member, flags, &failed, error)))
    return !failed;

  /* json-glib parses numbers that overflow gint64, or have a fraction,
   * as doubles, so those are refused here by type. */
  if (!check_value_type (node, member, G_TYPE_INT64, "an integer", error))
    return FALSE;

  v = json_node_get_int (node);
  if (v < minimum || v > maximum)
    {
      set_bad_response (error,
                        "member \"%s\" is %" G_GINT64_FORMAT
                        ", outside %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
                        member, v, minimum, maximum);
      return FALSE;
    }

  *value = v;
  return TRUE;
}

gboolean
onboard_json_get_date_time (JsonObject        *object,
                            const char        *member,
                            OnboardJsonFlags   flags,
                            GDateTime        **value,
                            GError           **error)
{
  g_autofree char *str = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  GDateTime *dt;

  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if (!onboard_json_get_string (object, member, flags, &str, error))
    return FALSE;

  if (str == NULL)
    return TRUE;

  /* RFC 3339 always carries an offset; the UTC default only matters for
   * a server that forgets it, which is read the way the spec means it. */
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    {
      set_bad_response (error, "member \"%s\" is not an RFC 3339 time", member);
      return FALSE;
    }

  *value = dt;
  return TRUE;
}

gboolean
onboard_json_get_strv (JsonObject         *object,
                       const char         *member,
                       OnboardJsonFlags    flags,
                       char             ***value,
                       GError            **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;
  gboolean failed;
  guint length;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if (!(node = lookup (object, member, flags, &failed, error)))
    return !failed;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_bad_response (error, "member \"%s\" should be an array, got %s",
                        member, node_type_name (node));
      return FALSE;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length > ONBOARD_JSON_MAX_ARRAY_LENGTH)
    {
      set_bad_response (error, "member \"%s\" has %u elements", member, length);
      return FALSE;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!check_value_type (element, member, G_TYPE_STRING, "an array of strings", error))
        return FALSE;
      if (!check_string_length (json_node_get_string (element), member, error))
        return FALSE;

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *value = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
onboard_json_get_object (JsonObject        *object,
                         const char        *member,
                         OnboardJsonFlags   flags,
                         JsonObject       **value,
                         GError           **error)
{
  JsonNode *node;
  gboolean failed;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  *value = NULL;

  if (!(node = lookup (object, member, flags, &failed, error)))
    return !failed;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_bad_response (error, "member \"%s\" should be an object, got %s",
                        member, node_type_name (node));
      return FALSE;
    }

  *value = json_node_get_object (node);
  return TRUE;
}

int
onboard_json_enum_from_string (GType       enum_type,
                               const char *nick,
                               int         unknown_value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev;

  if (nick == NULL)
    return unknown_value;

  ev = g_enum_get_value_by_nick (klass, nick);

  /* The unknown value's own nick is not something a server sends. */
  if (ev == NULL || ev->value == unknown_value)
    return unknown_value;

  return ev->value;
}

const char *
onboard_json_enum_to_string (GType enum_type,
                             int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  /* Nicks live in static type data, so they outlive the class ref. */
  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
onboard_json_get_enum (JsonObject        *object,
                       const char        *member,
                       OnboardJsonFlags   flags,
                       GType              enum_type,
                       int                unknown_value,
                       int                missing_value,
                       int               *value,
                       GError           **error)
{
  g_autofree char *str = NULL;

  g_return_val_if_fail (value != NULL, FALSE);

  *value = missing_value;

  if (!onboard_json_get_string (object, member, flags, &str, error))
    return FALSE;

  if (str != NULL)
    *value = onboard_json_enum_from_string (enum_type, str, unknown_value);

  return TRUE;
}
