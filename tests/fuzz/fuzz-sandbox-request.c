/* fuzz-sandbox-request.c: the reference server's reading of request bodies
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-sandbox-directory.h"

/* The reference server reads bodies inside its request handling (size
 * limit, media type, JSON or form decoding, then each handler's members),
 * so the body goes to it over HTTP on 127.0.0.1, from a session in this
 * process, to every route that takes one.
 *
 * Input: one byte choosing the route, one byte choosing the Content-Type
 * (low bits) and whether to send a fixed Idempotency-Key (high bit), then
 * the body. One account with a school registration exists from the start,
 * so the routes behind a token reach their handlers. */

#define MEDIA_TYPE "application/vnd.assembly+json; version=1.1"
#define EMAIL      "office@fuzz.sch.uk"
#define PASSWORD   "correct horse battery staple"

typedef enum
{
  AUTH_NONE,
  AUTH_ACCESS,
  AUTH_SIGNUP,
} Auth;

typedef struct
{
  const char *method;
  const char *path;          /* {id}: the sign-up or connector id */
  const char *content_type;
  Auth        auth;
  gboolean    connector;
} Route;

static const Route routes[] = {
  { "POST", "/signups", "application/json", AUTH_NONE, FALSE },
  { "POST", "/signups/{id}/resend_activation", "application/json", AUTH_SIGNUP, FALSE },
  { "POST", "/oauth/token", "application/x-www-form-urlencoded", AUTH_NONE, FALSE },
  { "POST", "/school_registrations", "application/json", AUTH_ACCESS, FALSE },
  { "PATCH", "/connectors/{id}", "application/json", AUTH_ACCESS, TRUE },
  { "POST", "/connectors/{id}/grant_access", "application/json", AUTH_ACCESS, TRUE },
  { "POST", "/connectors/{id}/resend_invitation", "application/json", AUTH_ACCESS, TRUE },
  { "POST", "/__dev/connectors/{id}/xod_callback", "application/x-www-form-urlencoded", AUTH_NONE, TRUE },
  { "POST", "/__dev/connectors/{id}/events", "application/json", AUTH_NONE, TRUE },
  { "POST", "/__dev/xod/authorise/{id}", "application/x-www-form-urlencoded", AUTH_NONE, TRUE },
  { "POST", "/__dev/faults", "application/json", AUTH_NONE, FALSE },
};

/* NULL: the route's own type. */
static const char * const content_types[] = {
  NULL,
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  MEDIA_TYPE,
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "",
};

typedef struct
{
  OnboardSandbox *sandbox;
  SoupSession    *session;
  char           *base_url;
  char           *access_token;
  char           *signup_id;
  char           *signup_token;
  char           *connector_id;
} Fixture;

static Fixture fixture;
static guint n_inputs;

#define INPUTS_PER_SANDBOX 2000

typedef struct
{
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Response;

static void
sent (GObject      *object,
      GAsyncResult *result,
      gpointer      user_data)
{
  Response *response = user_data;

  response->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                      &response->error);
  response->done = TRUE;
}

/* Returns the status; *out_json is the answer when it is JSON, NULL for
 * the HTML pages of the /__dev/ hooks. */
static guint
send_request (const char  *method,
              const char  *path,
              const char  *content_type,
              const char  *bearer,
              const char  *idempotency_key,
              GBytes      *body,
              JsonNode   **out_json)
{
  g_autofree char *uri = g_strconcat (fixture.base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;
  Response response = { 0 };

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", MEDIA_TYPE);
  if (bearer != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", bearer, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  /* "": no Content-Type at all. */
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type[0] != '\0' ? content_type : NULL, body);

  soup_session_send_and_read_async (fixture.session, msg, G_PRIORITY_DEFAULT, NULL,
                                    sent, &response);
  onboard_fuzz_iterate_until (&response.done);

  g_assert_no_error (response.error);
  g_assert_nonnull (response.body);

  if (out_json != NULL)
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                                NULL);
      g_autofree char *text = NULL;
      gsize size;
      const char *data = g_bytes_get_data (response.body, &size);

      *out_json = NULL;
      if (type != NULL && g_str_has_suffix (type, "json"))
        {
          text = g_strndup (data, size);
          *out_json = json_from_string (text, NULL);
          g_assert_nonnull (*out_json);
        }
    }

  g_bytes_unref (response.body);

  return soup_message_get_status (msg);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static char *
dup_member (JsonNode   *node,
            const char *member)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  return g_strdup (json_object_get_string_member (json_node_get_object (node), member));
}

static void
set_up_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autoptr(GBytes) registration = NULL;
  g_autoptr(GBytes) signup = NULL;
  g_autoptr(JsonNode) tokens = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) pending = NULL;
  g_autoptr(OnboardSandboxDirectory) directory = onboard_sandbox_directory_dup_default ();
  g_autofree char *school = NULL;
  const char *urn = NULL;
  JsonObject *connector;
  guint status;

  /* An active account with a registered school, for the routes behind a
   * token. */
  if (!onboard_sandbox_add_account (fixture.sandbox, EMAIL, PASSWORD, &error))
    g_error ("%s", error->message);

  form = bytes_from_string ("grant_type=password&username=office%40fuzz.sch.uk"
                            "&password=correct+horse+battery+staple");
  status = send_request ("POST", "/oauth/token", "application/x-www-form-urlencoded",
                         NULL, NULL, form, &tokens);
  g_assert_cmpuint (status, ==, 200);
  fixture.access_token = dup_member (tokens, "access_token");

  for (guint i = 0; urn == NULL; i++)
    {
      const OnboardSandboxSchool *candidate = onboard_sandbox_directory_get_school (directory, i);

      if (candidate->open)
        urn = candidate->urn;
    }
  school = g_strdup_printf ("{\"urn\":\"%s\",\"mis_provider\":\"sims\"}", urn);
  registration = bytes_from_string (school);
  status = send_request ("POST", "/school_registrations", "application/json",
                        fixture.access_token, NULL, registration, &created);
  g_assert_cmpuint (status, ==, 201);
  connector = json_object_get_object_member (json_node_get_object (created), "connector");
  fixture.connector_id = g_strdup (json_object_get_string_member (connector, "id"));

  /* And a sign-up waiting for activation, for Resend. */
  signup = bytes_from_string ("{\"invite_code\":\"DEMO-ASSEMBLY\",\"email\":\"new@fuzz.sch.uk\","
                              "\"password\":\"" PASSWORD "\",\"accept_terms\":true,"
                              "\"terms_version\":\"2026-09\"}");
  status = send_request ("POST", "/signups", "application/json", NULL, NULL, signup, &pending);
  g_assert_cmpuint (status, ==, 201);
  fixture.signup_id = dup_member (pending, "id");
  fixture.signup_token = dup_member (pending, "signup_token");
}

static void
start_sandbox (void)
{
  g_autoptr(GError) error = NULL;

  fixture.sandbox = onboard_sandbox_new ();
  /* Limits would soon answer 429 to everything. */
  onboard_sandbox_set_rate_limit (fixture.sandbox, G_MAXUINT, 1);
  onboard_sandbox_set_signup_limit (fixture.sandbox, G_MAXUINT, 1);
  onboard_sandbox_set_password_failure_limit (fixture.sandbox, G_MAXUINT, 1);
  onboard_sandbox_set_terms_version (fixture.sandbox, "2026-09");
  if (!onboard_sandbox_listen (fixture.sandbox, 0, &error))
    g_error ("Cannot listen on 127.0.0.1: %s", error->message);

  fixture.base_url = g_strdup (onboard_sandbox_get_base_url (fixture.sandbox));
  fixture.session = onboard_fuzz_session_new ();

  set_up_account ();
}

static void
stop_sandbox (void)
{
  g_clear_object (&fixture.session);
  g_clear_object (&fixture.sandbox);
  g_clear_pointer (&fixture.base_url, g_free);
  g_clear_pointer (&fixture.access_token, g_free);
  g_clear_pointer (&fixture.signup_id, g_free);
  g_clear_pointer (&fixture.signup_token, g_free);
  g_clear_pointer (&fixture.connector_id, g_free);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  start_sandbox ();

  return 0;
}

static char *
expand_path (const char *template,
             const char *id)
{
  g_auto(GStrv) parts = g_strsplit (template, "{id}", 2);

  return g_strjoinv (id, parts);
}

static void
check_answer (guint     status,
              JsonNode *json)
{
  JsonObject *object;

  /* A body, however wrong, is the client's mistake: never a 5xx. */
  g_assert_cmpuint (status, >=, 200);
  g_assert_cmpuint (status, <, 500);

  if (status < 400 || json == NULL)
    return;

  /* Every refusal is the contract's {error, message, data}. */
  g_assert_nonnull (json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json));
  object = json_node_get_object (json);
  g_assert_true (json_object_has_member (object, "error"));
  g_assert_nonnull (json_object_get_string_member (object, "error"));
  g_assert_true (g_utf8_validate (json_object_get_string_member (object, "error"), -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *path = NULL;
  const Route *route;
  const char *content_type;
  const char *bearer = NULL;
  guint status;

  if (size < 2)
    return 0;

  /* Every input that succeeds adds an account, a sign-up or a stored
   * answer, and a server holding tens of thousands of them answers too
   * slowly for the run to mean anything: a fresh one now and then. */
  if (++n_inputs % INPUTS_PER_SANDBOX == 0)
    {
      stop_sandbox ();
      start_sandbox ();
    }

  route = &routes[data[0] % G_N_ELEMENTS (routes)];
  content_type = content_types[(data[1] & 0x7f) % G_N_ELEMENTS (content_types)];
  if (content_type == NULL)
    content_type = route->content_type;

  path = expand_path (route->path, route->connector ? fixture.connector_id : fixture.signup_id);
  if (route->auth == AUTH_ACCESS)
    bearer = fixture.access_token;
  else if (route->auth == AUTH_SIGNUP)
    bearer = fixture.signup_token;

  body = onboard_fuzz_bytes_new (data + 2, size - 2);
  status = send_request (route->method, path, content_type, bearer,
                         (data[1] & 0x80) != 0 ? "fuzz-idempotency-key" : NULL,
                         body, &json);
  check_answer (status, json);

  /* A fault only applies to later requests: none is wanted here. */
  onboard_sandbox_clear_faults (fixture.sandbox);

  return 0;
}
