/* fuzz-error-body.c: what the client makes of a failed request's body
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-client.h"

/* The client reads error bodies ({error, message, data: {period, upstream,
 * fields}}) inside its response handling, so this target goes the whole
 * way: a SoupServer on 127.0.0.1 in this process answers the client's
 * GET /terms with the input.
 *
 * Input: one byte choosing the HTTP status, a line with the Retry-After
 * header (empty for none), then the body. */

static const guint statuses[] = {
  400, 401, 403, 404, 406, 409, 410, 412, 418, 422, 429, 500, 502, 503, 504,
};

typedef struct
{
  SoupServer    *server;
  OnboardClient *client;
  guint          status;
  char          *retry_after;
  GBytes        *body;
} Fixture;

static Fixture fixture;

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size;
  const char *data = g_bytes_get_data (fixture.body, &size);

  soup_server_message_set_status (msg, fixture.status, NULL);
  soup_message_headers_replace (headers, "X-Request-Id", "req_fuzz");
  if (fixture.retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", fixture.retry_after);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *base_url = NULL;

  onboard_fuzz_init ();

  fixture.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture.server, NULL, server_handler, NULL, NULL);
  if (!soup_server_listen_local (fixture.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Cannot listen on 127.0.0.1: %s", error->message);

  uris = soup_server_get_uris (fixture.server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d/api/onboarding", g_uri_get_port (uris->data));

  fixture.client = onboard_client_new (base_url);
  /* 5xx answers are retried: with no real waiting, please. */
  onboard_client_set_retry_base_ms (fixture.client, 1);

  return 0;
}

static void
got_terms (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(OnboardTerms) terms = NULL;

  terms = onboard_client_get_terms_finish (ONBOARD_CLIENT (object), result, error);
  g_assert_null (terms);
  g_assert_nonnull (*error);
}

static gboolean
is_header_value (const char *text)
{
  if (text[0] == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isprint (*p))
        return FALSE;
    }

  return TRUE;
}

/* The codes onboard-client-error.h promises for each status. */
static OnboardClientError
expected_code (guint       status,
               const char *server_code)
{
  switch (status)
    {
    case 400:
    case 418:
      return ONBOARD_CLIENT_ERROR_BAD_REQUEST;

    case 401:
      return ONBOARD_CLIENT_ERROR_UNAUTHORISED;

    case 403:
      if (g_strcmp0 (server_code, "account_not_activated") == 0)
        return ONBOARD_CLIENT_ERROR_NOT_ACTIVATED;
      return ONBOARD_CLIENT_ERROR_FORBIDDEN;

    case 404:
      return ONBOARD_CLIENT_ERROR_NOT_FOUND;

    case 406:
      return ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION;

    case 409:
    case 412:
      return ONBOARD_CLIENT_ERROR_CONFLICT;

    case 410:
      return ONBOARD_CLIENT_ERROR_GONE;

    case 422:
      return ONBOARD_CLIENT_ERROR_INVALID_INPUT;

    case 429:
      return ONBOARD_CLIENT_ERROR_RATE_LIMITED;

    case 502:
      if (g_strcmp0 (server_code, "upstream_error") == 0)
        return ONBOARD_CLIENT_ERROR_UPSTREAM;
      return ONBOARD_CLIENT_ERROR_SERVER;

    default:
      return ONBOARD_CLIENT_ERROR_SERVER;
    }
}

static void
check_fields (OnboardFieldErrors *fields)
{
  const char * const *names = onboard_field_errors_get_fields (fields);
  g_autofree char *text = onboard_field_errors_to_string (fields);

  onboard_fuzz_assert_strv (names);
  onboard_fuzz_assert_text (text);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char * const *codes = onboard_field_errors_get_codes (fields, names[i]);
      g_autofree char *message = onboard_field_errors_dup_message (fields, names[i]);

      /* The page puts a sentence under each refused field. */
      onboard_fuzz_assert_strv (codes);
      g_assert_nonnull (message);
      onboard_fuzz_assert_text (message);
      g_assert_true (onboard_field_errors_has_error (fields, names[i], NULL));
      if (codes[0] != NULL)
        g_assert_true (onboard_field_errors_has_error (fields, names[i], codes[0]));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *retry_after = NULL;
  g_autofree char *report = NULL;
  OnboardErrorDetails *details;
  OnboardFieldErrors *fields;

  if (size == 0)
    return 0;

  fixture.status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  data++;
  size--;

  retry_after = onboard_fuzz_split_line (&data, &size);
  g_clear_pointer (&fixture.retry_after, g_free);
  /* A short Retry-After makes the client wait for real, which a fuzzer
   * cannot afford: those statuses get one too long to sit through. */
  if (fixture.status == 429 || fixture.status >= 502)
    fixture.retry_after = g_strdup ("86400");
  else if (is_header_value (retry_after))
    fixture.retry_after = g_strdup (retry_after);

  g_clear_pointer (&fixture.body, g_bytes_unref);
  fixture.body = onboard_fuzz_bytes_new (data, size);

  onboard_client_get_terms_async (fixture.client, NULL, got_terms, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Whatever the body says, the user gets a sentence in this domain, and
   * support gets the status and request id. */
  g_assert_true (error->domain == ONBOARD_CLIENT_ERROR);
  onboard_fuzz_assert_text (error->message);
  g_assert_cmpstr (error->message, !=, "");

  details = onboard_client_error_get_details (error);
  g_assert_nonnull (details);
  g_assert_cmpuint (onboard_error_details_get_http_status (details), ==, fixture.status);
  g_assert_cmpstr (onboard_error_details_get_request_id (details), ==, "req_fuzz");
  onboard_fuzz_assert_text (onboard_error_details_get_server_code (details));
  onboard_fuzz_assert_text (onboard_error_details_get_server_message (details));
  onboard_fuzz_assert_text (onboard_error_details_get_debug_message (details));

  g_assert_cmpint (error->code, ==,
                   expected_code (fixture.status, onboard_error_details_get_server_code (details)));

  if ((fields = onboard_client_error_get_fields (error)))
    check_fields (fields);

  report = onboard_client_error_dup_report (error);
  onboard_fuzz_assert_text (report);

  return 0;
}
