/* fuzz-common.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

void
onboard_fuzz_init (void)
{
  /* g_log_writer_default() honours this for structured logging too. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  /* Nothing here may read the user's settings or reach a session bus. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  /* Everything here talks to 127.0.0.1; GNOME's resolver needs settings
   * schemas, and libproxy spawns helpers. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
}

GBytes *
onboard_fuzz_bytes_new (const guint8 *data,
                        gsize         size)
{
  /* g_bytes_new() keeps a NULL pointer for an empty input, which is not
   * what a server ever hands over. */
  return g_bytes_new_take (g_memdup2 (data, size), size);
}

char *
onboard_fuzz_strndup (const guint8 *data,
                      gsize         size)
{
  char *str = g_malloc (size + 1);

  memcpy (str, data, size);
  str[size] = '\0';

  return str;
}

char *
onboard_fuzz_split_line (const guint8 **data,
                         gsize         *size)
{
  const guint8 *newline = memchr (*data, '\n', *size);
  gsize line_length = newline != NULL ? (gsize)(newline - *data) : *size;
  char *line = onboard_fuzz_strndup (*data, line_length);

  if (newline != NULL)
    line_length++;

  *data += line_length;
  *size -= line_length;

  return line;
}

JsonObject *
onboard_fuzz_parse_object (const guint8 *data,
                           gsize         size)
{
  g_autoptr(GBytes) bytes = onboard_fuzz_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = onboard_json_parse_object (bytes, &error);
  if (object == NULL)
    onboard_fuzz_assert_bad_response (error);
  else
    g_assert_no_error (error);

  return object;
}

void
onboard_fuzz_assert_bad_response (const GError *error)
{
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

void
onboard_fuzz_assert_text (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

void
onboard_fuzz_assert_strv (const char * const *strv)
{
  g_assert_nonnull (strv);

  for (guint i = 0; strv[i] != NULL; i++)
    onboard_fuzz_assert_text (strv[i]);
}

void
onboard_fuzz_assert_date_time (GDateTime *date_time)
{
  g_autofree char *text = NULL;

  if (date_time == NULL)
    return;

  /* What the pages do with a time: show it, and count down to it. */
  text = g_date_time_format_iso8601 (date_time);
  g_assert_nonnull (text);
  (void)g_date_time_to_unix (date_time);
}

void
onboard_fuzz_check_school_registration (OnboardSchoolRegistration *registration)
{
  OnboardConnectorStatus status;

  /* Both ids go into URLs. */
  g_assert_cmpstr (onboard_school_registration_get_id (registration), !=, "");
  g_assert_cmpstr (onboard_school_registration_get_connector_id (registration), !=, "");
  g_assert_nonnull (onboard_school_registration_get_urn (registration));

  onboard_fuzz_assert_text (onboard_school_registration_get_id (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_urn (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_laestab (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_school_name (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_town (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_postcode (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_mis_provider (registration));
  onboard_fuzz_assert_text (onboard_school_registration_get_connector_id (registration));

  g_assert_cmpint (onboard_school_registration_get_assembly (registration), <=,
                   ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS);
  g_assert_cmpint (onboard_school_registration_get_schoolbooking (registration), <=,
                   ONBOARD_APP_AVAILABILITY_UNAVAILABLE_FOR_MIS);

  status = onboard_school_registration_get_connector_status (registration);
  g_assert_cmpint (status, >=, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (status, <=, ONBOARD_CONNECTOR_STATUS_REVOKED);
}

void
onboard_fuzz_iterate_until (gboolean *done)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (!*done)
    g_main_context_iteration (context, TRUE);
}

SoupSession *
onboard_fuzz_session_new (void)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  SoupSession *session;

  session = soup_session_new_with_options ("proxy-resolver", direct,
                                           "timeout", 30,
                                           NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  return session;
}
