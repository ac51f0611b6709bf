/* onboard-json.h: validating accessors for the service's JSON
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Internal to src/api/: every typed result reads the service's JSON through
 * these so that a missing member, a wrong type or an absurd value becomes an
 * ONBOARD_CLIENT_ERROR_BAD_RESPONSE instead of a crash or a silent default.
 * Their error messages are for developers; the client replaces them with
 * a translated sentence before a user sees anything. */

typedef enum
{
  ONBOARD_JSON_REQUIRED = 0,
  /* the member may be absent */
  ONBOARD_JSON_OPTIONAL = 1 << 0,
  /* the member may be null */
  ONBOARD_JSON_NULLABLE = 1 << 1,
} OnboardJsonFlags;

#define ONBOARD_JSON_MAY_BE_MISSING (ONBOARD_JSON_OPTIONAL | ONBOARD_JSON_NULLABLE)

/* Longest string accepted anywhere: the terms of service are the longest
 * legitimate text and stay far below this. */
#define ONBOARD_JSON_MAX_STRING_LENGTH (1024 * 1024)
#define ONBOARD_JSON_MAX_ARRAY_LENGTH  1024
/* Deepest nesting of objects and arrays in any body; the service's deepest
 * is four. */
#define ONBOARD_JSON_MAX_DEPTH         64

/* The check every body passes before json-glib reads it, shared with the
 * reference server; see onboard_json_find_problem(). */
typedef enum
{
  ONBOARD_JSON_PROBLEM_NONE,
  /* neither an object nor an array */
  ONBOARD_JSON_PROBLEM_NOT_A_CONTAINER,
  /* an escape in a string that JSON does not allow */
  ONBOARD_JSON_PROBLEM_BAD_ESCAPE,
  /* a character outside strings that no JSON token has */
  ONBOARD_JSON_PROBLEM_BAD_CHARACTER,
  /* nested deeper than the limit given */
  ONBOARD_JSON_PROBLEM_TOO_DEEP,
  /* more than white space after the document */
  ONBOARD_JSON_PROBLEM_TRAILING_DATA,
} OnboardJsonProblem;

OnboardJsonProblem onboard_json_find_problem (const char   *data,
                                              gsize         size,
                                              guint         max_depth);
gboolean    onboard_json_read_hex4         (const char        *p,
                                            const char        *end,
                                            gunichar          *out);

JsonNode   *onboard_json_parse             (GBytes            *bytes,
                                            GError           **error);
JsonObject *onboard_json_parse_object      (GBytes            *bytes,
                                            GError           **error);
gboolean    onboard_json_check_object_type (JsonObject        *object,
                                            const char        *expected,
                                            GError           **error);
gboolean    onboard_json_get_string        (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            char             **value,
                                            GError           **error);
gboolean    onboard_json_get_boolean       (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            gboolean          *value,
                                            GError           **error);
gboolean    onboard_json_get_int           (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            gint64             minimum,
                                            gint64             maximum,
                                            gint64            *value,
                                            GError           **error);
gboolean    onboard_json_get_date_time     (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            GDateTime        **value,
                                            GError           **error);
gboolean    onboard_json_get_strv          (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            char            ***value,
                                            GError           **error);
gboolean    onboard_json_get_object        (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            JsonObject       **value,
                                            GError           **error);
gboolean    onboard_json_get_enum          (JsonObject        *object,
                                            const char        *member,
                                            OnboardJsonFlags   flags,
                                            GType              enum_type,
                                            int                unknown_value,
                                            int                missing_value,
                                            int               *value,
                                            GError           **error);
int         onboard_json_enum_from_string  (GType              enum_type,
                                            const char        *nick,
                                            int                unknown_value);
const char *onboard_json_enum_to_string    (GType              enum_type,
                                            int                value);

G_END_DECLS
