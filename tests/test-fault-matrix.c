/* test-fault-matrix.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-client.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-test-ui.h"

/* Every endpoint of the client against every hostile answer of the
 * reference server. For each cell: the client survives (no crash, and no
 * critical: G_DEBUG=fatal-warnings makes one fatal), fails, if it fails,
 * with an ONBOARD_CLIENT_ERROR a page can show, leaves what the user typed
 * as it was, and, for a request that creates something, "Try Again" (with
 * the same key when the error says the request may have taken effect)
 * leaves exactly one effect in the service's store. The peak resident
 * memory of the whole run is printed against the idle figure, and bounded.
 *
 * Each row (one fault) runs its cells at once, each against a reference
 * server of its own, so the slow faults cost their timeout once per row. */

/* A bound on memory, not a timing: the client holds at most a few bodies
 * at their limits at once, whatever the service sends. */
#define MAX_PEAK_INCREASE_KB (150 * 1024)

#define PASSWORD "correct horse battery 42"

#if defined(__SANITIZE_ADDRESS__)
/* AddressSanitizer keeps freed memory in a quarantine (256 MiB by
 * default), which would count against the bound as if the client held
 * it. A small one still catches a use after free of the last few MiB. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "quarantine_size_mb=16";
}
#endif

typedef enum
{
  STATUS,
  TERMS,
  INVITE_CODE,
  CREATE_SIGNUP,
  GET_SIGNUP,
  RESEND_ACTIVATION,
  SIGN_IN_WITH_SIGNUP,
  SIGN_IN,
  REFRESH,
  GET_ACCOUNT,
  FETCH_SCHOOLS,
  MIS_PROVIDERS,
  CREATE_REGISTRATION,
  GET_CONNECTOR,
  CHANGE_MIS_PROVIDER,
  GRANT_ACCESS,
  RESEND_INVITATION,
  N_ENDPOINTS
} Endpoint;

static const struct {
  const char *name;
  const char *method;
  gboolean    creates;
} endpoints[N_ENDPOINTS] = {
  [STATUS] = { "GET /status", "GET", FALSE },
  [TERMS] = { "GET /terms", "GET", FALSE },
  [INVITE_CODE] = { "GET /invite_codes/{code}", "GET", FALSE },
  [CREATE_SIGNUP] = { "POST /signups", "POST", TRUE },
  [GET_SIGNUP] = { "GET /signups/{id}", "GET", FALSE },
  [RESEND_ACTIVATION] = { "POST /signups/{id}/resend_activation", "POST", TRUE },
  [SIGN_IN_WITH_SIGNUP] = { "POST /oauth/token (signup)", "POST", FALSE },
  [SIGN_IN] = { "POST /oauth/token (password)", "POST", FALSE },
  [REFRESH] = { "POST /oauth/token (refresh)", "POST", FALSE },
  [GET_ACCOUNT] = { "GET /me", "GET", FALSE },
  [FETCH_SCHOOLS] = { "GET /schools", "GET", FALSE },
  [MIS_PROVIDERS] = { "GET /mis_providers", "GET", FALSE },
  [CREATE_REGISTRATION] = { "POST /school_registrations", "POST", TRUE },
  [GET_CONNECTOR] = { "GET /connectors/{id}", "GET", FALSE },
  [CHANGE_MIS_PROVIDER] = { "PATCH /connectors/{id}", "PATCH", FALSE },
  [GRANT_ACCESS] = { "POST /connectors/{id}/grant_access", "POST", TRUE },
  [RESEND_INVITATION] = { "POST /connectors/{id}/resend_invitation", "POST", TRUE },
};

/* The hostile answers, and the existing fault for a connection dropped
 * after the request was read. "extra" is added to the fault's JSON. */
static const struct {
  const char *label;
  const char *hostile;
  const char *extra;
  gboolean    slow;
} faults[] = {
  { "gzip", "gzip_bomb", NULL, FALSE },
  { "defl", "deflate_bomb", NULL, FALSE },
  { "long", "length_longer", NULL, FALSE },
  { "short", "length_shorter", NULL, FALSE },
  { "endless", "endless_chunked", NULL, FALSE },
  { "drip", "slow_drip", NULL, TRUE },
  { "deep", "deep_nesting", NULL, FALSE },
  { "portal", "captive_portal", NULL, FALSE },
  { "markup", "markup_strings", NULL, FALSE },
  { "norefr", "no_refresh_token", NULL, FALSE },
  { "RAhuge", "retry_after_huge", ",\"status\":503", FALSE },
  { "RAneg", "retry_after_negative", ",\"status\":503", FALSE },
  { "RAdate", "retry_after_date", ",\"status\":429", FALSE },
  { "RAfar", "retry_after_far_future", NULL, FALSE },
  { "enums", "unknown_enums", NULL, FALSE },
  { "500", "server_error", NULL, FALSE },
  { "drop", NULL, ",\"drop\":true", FALSE },
};

typedef struct
{
  Endpoint        endpoint;
  guint           fault;
  OnboardSandbox *sandbox;
  OnboardClient  *client;

  /* What the user typed, and a copy to compare it with afterwards. */
  GStrv           inputs;
  GStrv           typed;

  char           *key;
  char           *signup_id;
  char           *signup_token;
  char           *connector_id;
  char           *connector_etag;
  char           *refresh_token;
  char           *fault_path;

  GAsyncResult   *result;
  GError         *error;
  gboolean        tried_again;
  char            verdict[16];
} Cell;

static char *the_urn;

static guint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);

  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

/* Setting the scene ---------------------------------------------------------- */

static OnboardSandbox *
new_sandbox (void)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "schools-step3.csv", NULL);
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(GError) error = NULL;

  onboard_sandbox_load_schools (sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_set_signup_resend_cooldown (sandbox, 0);
  onboard_sandbox_set_invitation_resend_cooldown (sandbox, 0);
  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&sandbox);
}

static void
sign_in (Cell *cell)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (cell->sandbox, "office@oakfield.sch.uk", PASSWORD, &error);
  g_assert_no_error (error);
  onboard_client_sign_in_async (cell->client, "office@oakfield.sch.uk", PASSWORD, NULL,
                                store_result, &result);
  await_result (&result);
  g_assert_true (onboard_client_sign_in_finish (cell->client, result, &error));
  g_assert_no_error (error);
}

static void
make_signup (Cell *cell)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_create_signup_async (cell->client, "DEMO-ASSEMBLY", "head@oakfield.sch.uk",
                                      PASSWORD, TRUE, "2026-09", NULL, NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (cell->client, result, &error);
  g_assert_no_error (error);
  cell->signup_id = g_strdup (onboard_signup_get_id (signup));
  cell->signup_token = g_strdup (onboard_signup_get_signup_token (signup));
}

static char *
first_urn (OnboardClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *schools;

  onboard_client_fetch_schools_async (client, NULL, FALSE, NULL, store_result, &result);
  await_result (&result);
  body = onboard_client_fetch_schools_finish (client, result, NULL, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  schools = json_node_get_array (json_parser_get_root (parser));

  return g_strdup (json_object_get_string_member (json_array_get_object_element (schools, 0), "urn"));
}

static void
make_connector (Cell *cell)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_create_school_registration_async (cell->client, the_urn, "sims", NULL, NULL,
                                                   store_result, &result);
  await_result (&result);
  registration = onboard_client_create_school_registration_finish (cell->client, result, &error);
  g_assert_no_error (error);
  cell->connector_id = g_strdup (onboard_school_registration_get_connector_id (registration));

  onboard_client_get_connector_async (cell->client, cell->connector_id, NULL, store_result, &got);
  await_result (&got);
  connector = onboard_client_get_connector_finish (cell->client, got, &error);
  g_assert_no_error (error);
  cell->connector_etag = g_strdup (onboard_connector_get_etag (connector));
}

static void
grant (Cell *cell)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_grant_access_async (cell->client, cell->connector_id, NULL, NULL, TRUE, NULL,
                                     NULL, store_result, &result);
  await_result (&result);
  connector = onboard_client_grant_access_finish (cell->client, result, &error);
  g_assert_no_error (error);
}

static const char *
fault_path (Cell *cell)
{
  g_clear_pointer (&cell->fault_path, g_free);

  switch (cell->endpoint)
    {
    case STATUS: return "/status";
    case TERMS: return "/terms";
    case INVITE_CODE: return "/invite_codes/*";
    case CREATE_SIGNUP: return "/signups";
    case GET_SIGNUP:
      return cell->fault_path = g_strconcat ("/signups/", cell->signup_id, NULL);
    case RESEND_ACTIVATION:
      return cell->fault_path = g_strconcat ("/signups/", cell->signup_id, "/resend_activation", NULL);
    case SIGN_IN_WITH_SIGNUP:
    case SIGN_IN:
    case REFRESH:
      return "/oauth/token";
    case GET_ACCOUNT: return "/me";
    case FETCH_SCHOOLS: return "/schools";
    case MIS_PROVIDERS: return "/mis_providers";
    case CREATE_REGISTRATION: return "/school_registrations";
    case GET_CONNECTOR:
    case CHANGE_MIS_PROVIDER:
      return cell->fault_path = g_strconcat ("/connectors/", cell->connector_id, NULL);
    case GRANT_ACCESS:
      return cell->fault_path = g_strconcat ("/connectors/", cell->connector_id, "/grant_access", NULL);
    case RESEND_INVITATION:
      return cell->fault_path = g_strconcat ("/connectors/", cell->connector_id, "/resend_invitation", NULL);
    case N_ENDPOINTS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_inputs (Cell       *cell,
            const char *first,
            ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *input = first; input != NULL; input = va_arg (args, const char *))
    g_strv_builder_add (builder, input);
  va_end (args);

  cell->inputs = g_strv_builder_end (builder);
  cell->typed = g_strdupv (cell->inputs);
}

static Cell *
cell_new (Endpoint endpoint,
          guint    fault)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->endpoint = endpoint;
  cell->fault = fault;
  cell->sandbox = new_sandbox ();
  cell->client = onboard_client_new (onboard_sandbox_get_base_url (cell->sandbox));
  onboard_client_set_retry_base_ms (cell->client, 10);
  cell->key = onboard_client_new_idempotency_key ();

  switch (endpoint)
    {
    case GET_SIGNUP:
    case RESEND_ACTIVATION:
    case SIGN_IN_WITH_SIGNUP:
      make_signup (cell);
      if (endpoint == SIGN_IN_WITH_SIGNUP)
        {
          g_autoptr(GError) error = NULL;

          onboard_sandbox_activate_signup (cell->sandbox, cell->signup_id, &error);
          g_assert_no_error (error);
        }
      set_inputs (cell, cell->signup_id, cell->signup_token, NULL);
      break;

    case REFRESH:
    case GET_ACCOUNT:
    case CREATE_REGISTRATION:
      sign_in (cell);
      cell->refresh_token = g_strdup (onboard_client_get_refresh_token (cell->client));
      if (endpoint == REFRESH)
        g_assert_cmpuint (onboard_sandbox_expire_access_tokens (cell->sandbox), ==, 1);
      set_inputs (cell, the_urn, "sims", NULL);
      break;

    case GET_CONNECTOR:
    case CHANGE_MIS_PROVIDER:
    case GRANT_ACCESS:
    case RESEND_INVITATION:
      sign_in (cell);
      make_connector (cell);
      if (endpoint == RESEND_INVITATION)
        grant (cell);
      set_inputs (cell, cell->connector_id, cell->connector_etag, "cmis",
                  "Jo Bloggs", "jo.bloggs@oakfield.sch.uk", NULL);
      break;

    case CREATE_SIGNUP:
    case SIGN_IN:
      if (endpoint == SIGN_IN)
        {
          g_autoptr(GError) error = NULL;

          onboard_sandbox_add_account (cell->sandbox, "office@oakfield.sch.uk", PASSWORD, &error);
          g_assert_no_error (error);
        }
      set_inputs (cell, "DEMO-ASSEMBLY", "office@oakfield.sch.uk", PASSWORD, NULL);
      break;

    case STATUS:
    case TERMS:
    case INVITE_CODE:
    case FETCH_SCHOOLS:
    case MIS_PROVIDERS:
    case N_ENDPOINTS:
    default:
      set_inputs (cell, "DEMO-ASSEMBLY", NULL);
      break;
    }

  /* A drip at one byte a second gives up after a second of it. */
  if (faults[fault].slow)
    onboard_client_set_timeout (cell->client, 1);

  return cell;
}

static void
cell_free (Cell *cell)
{
  g_clear_object (&cell->result);
  g_clear_error (&cell->error);
  g_assert_finalize_object (cell->client);

  /* Whatever the server was still writing by hand stops with it. */
  g_clear_object (&cell->sandbox);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_strfreev (cell->inputs);
  g_strfreev (cell->typed);
  g_free (cell->key);
  g_free (cell->signup_id);
  g_free (cell->signup_token);
  g_free (cell->connector_id);
  g_free (cell->connector_etag);
  g_free (cell->refresh_token);
  g_free (cell->fault_path);
  g_free (cell);
}

/* The call under test --------------------------------------------------------- */

static void
start_call (Cell       *cell,
            const char *key)
{
  OnboardClient *client = cell->client;
  char **in = cell->inputs;

  g_clear_object (&cell->result);

  switch (cell->endpoint)
    {
    case STATUS:
      onboard_client_get_status_async (client, NULL, store_result, &cell->result);
      break;
    case TERMS:
      onboard_client_get_terms_async (client, NULL, store_result, &cell->result);
      break;
    case INVITE_CODE:
      onboard_client_check_invite_code_async (client, in[0], NULL, store_result, &cell->result);
      break;
    case CREATE_SIGNUP:
      onboard_client_create_signup_async (client, in[0], in[1], in[2], TRUE, "2026-09", key,
                                          NULL, store_result, &cell->result);
      break;
    case GET_SIGNUP:
      onboard_client_get_signup_async (client, in[0], in[1], NULL, store_result, &cell->result);
      break;
    case RESEND_ACTIVATION:
      onboard_client_resend_activation_async (client, in[0], in[1], key, NULL, store_result,
                                              &cell->result);
      break;
    case SIGN_IN_WITH_SIGNUP:
      onboard_client_sign_in_with_signup_async (client, in[0], in[1], NULL, store_result,
                                                &cell->result);
      break;
    case SIGN_IN:
      onboard_client_sign_in_async (client, in[1], in[2], NULL, store_result, &cell->result);
      break;
    case REFRESH:
    case GET_ACCOUNT:
      onboard_client_get_account_async (client, NULL, store_result, &cell->result);
      break;
    case FETCH_SCHOOLS:
      onboard_client_fetch_schools_async (client, NULL, TRUE, NULL, store_result, &cell->result);
      break;
    case MIS_PROVIDERS:
      onboard_client_list_mis_providers_async (client, NULL, store_result, &cell->result);
      break;
    case CREATE_REGISTRATION:
      onboard_client_create_school_registration_async (client, in[0], in[1], key, NULL,
                                                       store_result, &cell->result);
      break;
    case GET_CONNECTOR:
      onboard_client_get_connector_async (client, in[0], NULL, store_result, &cell->result);
      break;
    case CHANGE_MIS_PROVIDER:
      onboard_client_change_mis_provider_async (client, in[0], in[2], in[1], NULL, store_result,
                                                &cell->result);
      break;
    case GRANT_ACCESS:
      onboard_client_grant_access_async (client, in[0], in[3], in[4], TRUE, key, NULL,
                                         store_result, &cell->result);
      break;
    case RESEND_INVITATION:
      onboard_client_resend_invitation_async (client, in[0], key, NULL, store_result, &cell->result);
      break;
    case N_ENDPOINTS:
    default:
      g_assert_not_reached ();
    }
}

/* Finishes the call; returns whether it succeeded, with cell->error set
 * otherwise. Results are dropped: the typed results have their own tests. */
static gboolean
finish_call (Cell *cell)
{
  OnboardClient *client = cell->client;
  GAsyncResult *result = cell->result;
  GError **error = &cell->error;
  gpointer object = NULL;
  gboolean ok = FALSE;

  g_clear_error (&cell->error);

  switch (cell->endpoint)
    {
    case STATUS:
      object = onboard_client_get_status_finish (client, result, error);
      break;
    case TERMS:
      object = onboard_client_get_terms_finish (client, result, error);
      break;
    case INVITE_CODE:
      object = onboard_client_check_invite_code_finish (client, result, error);
      break;
    case CREATE_SIGNUP:
      object = onboard_client_create_signup_finish (client, result, error);
      break;
    case GET_SIGNUP:
      object = onboard_client_get_signup_finish (client, result, error);
      break;
    case RESEND_ACTIVATION:
      object = onboard_client_resend_activation_finish (client, result, error);
      break;
    case SIGN_IN_WITH_SIGNUP:
      ok = onboard_client_sign_in_with_signup_finish (client, result, error);
      break;
    case SIGN_IN:
      ok = onboard_client_sign_in_finish (client, result, error);
      break;
    case REFRESH:
    case GET_ACCOUNT:
      object = onboard_client_get_account_finish (client, result, error);
      break;
    case FETCH_SCHOOLS:
      {
        g_autoptr(GBytes) body = NULL;
        gboolean not_modified = FALSE;

        body = onboard_client_fetch_schools_finish (client, result, NULL, &not_modified, error);
        ok = body != NULL;
      }
      break;
    case MIS_PROVIDERS:
      object = onboard_client_list_mis_providers_finish (client, result, error);
      break;
    case CREATE_REGISTRATION:
      object = onboard_client_create_school_registration_finish (client, result, error);
      break;
    case GET_CONNECTOR:
      object = onboard_client_get_connector_finish (client, result, error);
      break;
    case CHANGE_MIS_PROVIDER:
      object = onboard_client_change_mis_provider_finish (client, result, error);
      break;
    case GRANT_ACCESS:
      object = onboard_client_grant_access_finish (client, result, error);
      break;
    case RESEND_INVITATION:
      object = onboard_client_resend_invitation_finish (client, result, error);
      break;
    case N_ENDPOINTS:
    default:
      g_assert_not_reached ();
    }

  if (object != NULL)
    {
      ok = TRUE;
      g_object_unref (object);
    }

  g_clear_object (&cell->result);

  return ok;
}

/* How many times the service did what the endpoint asks. */
static guint
count_effects (Cell *cell)
{
  switch (cell->endpoint)
    {
    case CREATE_SIGNUP:
      g_assert_cmpuint (onboard_sandbox_get_mail_count (cell->sandbox, "activation"), ==,
                        onboard_sandbox_get_signup_count (cell->sandbox));
      return onboard_sandbox_get_signup_count (cell->sandbox);
    case RESEND_ACTIVATION:
      /* The first email came with the sign-up. */
      return onboard_sandbox_get_mail_count (cell->sandbox, "activation") - 1;
    case CREATE_REGISTRATION:
      return onboard_sandbox_get_registration_count (cell->sandbox);
    case GRANT_ACCESS:
      return onboard_sandbox_get_mail_count (cell->sandbox, "groupcall_invitation");
    case RESEND_INVITATION:
      return onboard_sandbox_get_mail_count (cell->sandbox, "groupcall_invitation") - 1;
    default:
      g_assert_not_reached ();
    }
}

static const char *
short_code (const GError *error)
{
  if (error == NULL)
    return "ok";

  switch (error->code)
    {
    case ONBOARD_CLIENT_ERROR_NETWORK: return "net";
    case ONBOARD_CLIENT_ERROR_TIMEOUT: return "time";
    case ONBOARD_CLIENT_ERROR_UNAUTHORISED: return "auth";
    case ONBOARD_CLIENT_ERROR_RATE_LIMITED: return "429";
    case ONBOARD_CLIENT_ERROR_SERVER: return "5xx";
    case ONBOARD_CLIENT_ERROR_BAD_RESPONSE: return "bad";
    case ONBOARD_CLIENT_ERROR_CONFLICT: return "409";
    case ONBOARD_CLIENT_ERROR_INVALID_INPUT: return "422";
    default: return "err";
    }
}

static void
judge (Cell *cell)
{
  gboolean ok;

  ok = finish_call (cell);

  /* A page can show it: a typed error, with a sentence for the user. */
  if (!ok)
    {
      g_assert_nonnull (cell->error);
      g_assert_true (cell->error->domain == ONBOARD_CLIENT_ERROR);
      g_assert_true (g_utf8_validate (cell->error->message, -1, NULL));
      g_assert_cmpuint (strlen (cell->error->message), >, 0);
    }

  /* What the user typed is what they typed. */
  g_assert_cmpstrv (cell->inputs, cell->typed);

  g_snprintf (cell->verdict, sizeof cell->verdict, "%s", short_code (cell->error));

  /* The stored refresh token is never garbage: the one the client had, a
   * new one, or none after a refusal. */
  if (cell->endpoint == REFRESH && onboard_client_get_refresh_token (cell->client) != NULL)
    g_assert_cmpstr (onboard_client_get_refresh_token (cell->client), ==, cell->refresh_token);

  if (!endpoints[cell->endpoint].creates)
    return;

  /* Try Again, as the pages do: the same key when the request may have
   * taken effect, a new one otherwise. */
  if (!ok)
    {
      g_autofree char *new_key = NULL;
      g_autofree char *first = NULL;
      const char *key = cell->key;

      if (!onboard_client_error_is_outcome_unknown (cell->error))
        key = new_key = onboard_client_new_idempotency_key ();

      start_call (cell, key);
      await_result (&cell->result);
      ok = finish_call (cell);
      g_assert_cmpstrv (cell->inputs, cell->typed);
      first = g_strdup (cell->verdict);
      g_snprintf (cell->verdict, sizeof cell->verdict, "%s>%s", first,
                  ok ? "ok" : short_code (cell->error));
      if (!ok)
        g_test_message ("%s after %s, tried again: %s", endpoints[cell->endpoint].name,
                        faults[cell->fault].label, cell->error->message);
      g_assert_true (ok);
    }

  g_assert_cmpuint (count_effects (cell), ==, 1);
}

static void
add_cell_fault (Cell *cell)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;

  g_string_append_printf (json, "\"path\":\"%s\",\"method\":\"%s\",\"count\":1",
                          fault_path (cell), endpoints[cell->endpoint].method);
  if (faults[cell->fault].hostile != NULL)
    g_string_append_printf (json, ",\"hostile\":\"%s\"", faults[cell->fault].hostile);
  if (faults[cell->fault].extra != NULL)
    g_string_append (json, faults[cell->fault].extra);
  g_string_append_c (json, '}');

  onboard_sandbox_add_fault (cell->sandbox, json->str, &error);
  g_assert_no_error (error);
}

static gboolean
all_answered (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    if (((Cell *)g_ptr_array_index (cells, i))->result == NULL)
      return FALSE;

  return TRUE;
}

static void
test_matrix (void)
{
  char table[N_ENDPOINTS][G_N_ELEMENTS (faults)][16];
  g_autoptr(GString) line = g_string_new (NULL);
  guint64 idle_kb, peak_kb;
  gint64 started = g_get_monotonic_time ();

  /* The idle figure: libraries loaded, a server and a client made and
   * gone, nothing hostile yet. */
  {
    Cell *warm = cell_new (STATUS, 0);

    if (the_urn == NULL)
      the_urn = first_urn (warm->client);
    cell_free (warm);
  }
  idle_kb = read_status_kb ("VmHWM:");

  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      for (guint e = 0; e < N_ENDPOINTS; e++)
        {
          Cell *cell = cell_new (e, f);

          add_cell_fault (cell);
          start_call (cell, cell->key);
          g_ptr_array_add (cells, cell);
        }

      wait_until (all_answered (cells));

      for (guint i = 0; i < cells->len; i++)
        {
          Cell *cell = g_ptr_array_index (cells, i);

          judge (cell);
          g_strlcpy (table[cell->endpoint][f], cell->verdict, sizeof table[0][0]);
          cell_free (cell);
        }
    }

  peak_kb = read_status_kb ("VmHWM:");

  /* The table, as TAP comments. */
  g_string_printf (line, "%-40s", "endpoint \\ fault");
  for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
    g_string_append_printf (line, " %-7s", faults[f].label);
  g_test_message ("%s", line->str);
  for (guint e = 0; e < N_ENDPOINTS; e++)
    {
      g_string_printf (line, "%-40s", endpoints[e].name);
      for (guint f = 0; f < G_N_ELEMENTS (faults); f++)
        g_string_append_printf (line, " %-7s", table[e][f]);
      g_test_message ("%s", line->str);
    }
  g_test_message ("%u cells survived; a>b: the first try gave a, Try Again gave b, with one effect",
                  (guint)(N_ENDPOINTS * G_N_ELEMENTS (faults)));
  g_test_message ("peak resident memory: %" G_GUINT64_FORMAT " KiB, idle %" G_GUINT64_FORMAT
                  " KiB, increase %" G_GUINT64_FORMAT " KiB (bound %u KiB); run took %.1f s",
                  peak_kb, idle_kb, peak_kb - idle_kb, MAX_PEAK_INCREASE_KB,
                  (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  g_assert_cmpuint (peak_kb - idle_kb, <, MAX_PEAK_INCREASE_KB);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/fault-matrix/every-endpoint-every-fault", test_matrix);

  return g_test_run ();
}
