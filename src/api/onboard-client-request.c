/* onboard-client-request.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "onboard-client"

#include <string.h>

#include <glib/gi18n.h>

#include "onboard-api-private.h"
#include "onboard-client-private.h"
#include "onboard-json.h"

/* The request engine behind every endpoint of OnboardClient: it sends a
 * request, reads the answer within its size limit, retries a passing fault
 * with back-off, sits through a short 429, refreshes an expired access
 * token once for every request waiting on it, answers 304s from the ETag
 * cache, and keeps the log the support report shows. The endpoints only
 * say what to send and how to read a 2xx. */

static void send_attempt (GTask *task);

/* Helpers ------------------------------------------------------------ */

void
onboard_client_wipe_string (gpointer data)
{
  char *str = data;

  /* A body can hold a password: leave nothing of it in freed memory. */
  explicit_bzero (str, strlen (str));
  g_free (str);
}

GBytes *
onboard_client_bytes_new_wiped (char *str)
{
  return g_bytes_new_with_free_func (str, strlen (str), onboard_client_wipe_string, str);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return onboard_client_bytes_new_wiped (json_generator_to_data (generator, NULL));
}

char *
onboard_client_escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* "/schools?include_closed=true" → "/schools?include_closed": the names
 * of query parameters help support, their values may identify someone. */
static char *
strip_query_values (const char *path)
{
  const char *query = strchr (path, '?');
  g_auto(GStrv) params = NULL;
  GString *str;

  if (query == NULL)
    return g_strdup (path);

  str = g_string_new_len (path, query - path);
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      char *eq = strchr (params[i], '=');

      if (eq != NULL)
        *eq = '\0';
      g_string_append_c (str, i == 0 ? '?' : '&');
      g_string_append (str, params[i]);
    }

  return g_string_free (str, FALSE);
}

/* Retry-After is a number of seconds or an HTTP date. Whatever a service
 * (or something between it and us) sends, the wait stays between 0 (none
 * asked for: a negative number, a date gone by, or nonsense) and
 * ONBOARD_CLIENT_MAX_RETRY_AFTER, so that neither "hammer at once" nor
 * "come back in 136 years" can come out of it. */
static guint
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  const char *digits;
  GTimeSpan span;

  if (value == NULL)
    return 0;

  text = g_strstrip (g_strdup (value));
  digits = text[0] == '-' || text[0] == '+' ? text + 1 : text;

  if (digits[0] != '\0' && strspn (digits, "0123456789") == strlen (digits))
    {
      guint64 seconds;

      if (text[0] == '-')
        return 0;

      /* Too many digits for 64 bits is still "a very long time". */
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &seconds, NULL))
        return ONBOARD_CLIENT_MAX_RETRY_AFTER;

      return MIN (seconds, ONBOARD_CLIENT_MAX_RETRY_AFTER);
    }

  when = soup_date_time_new_from_http_string (text);
  if (when == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (when, now);
  if (span <= 0)
    return 0;

  return MIN ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, ONBOARD_CLIENT_MAX_RETRY_AFTER);
}

static guint
backoff_ms (OnboardClient *self,
            guint          retry)
{
  guint64 delay = self->retry_base_ms;

  for (guint i = 1; i < retry && delay < MAX_BACKOFF_MS; i++)
    delay *= 2;

  /* Up to a quarter either way, so that the many PCs of a school that lost
   * its connection at once do not all come back at the same instant. */
  delay = delay * g_random_int_range (75, 126) / 100;

  return MIN (delay, MAX_BACKOFF_MS);
}

void
onboard_client_tokens_free (gpointer data)
{
  Tokens *tokens = data;

  g_clear_pointer (&tokens->access_token, onboard_client_wipe_string);
  g_clear_pointer (&tokens->refresh_token, onboard_client_wipe_string);
  g_free (tokens);
}

void
onboard_client_schools_result_free (gpointer data)
{
  SchoolsResult *result = data;

  g_clear_pointer (&result->body, g_bytes_unref);
  g_clear_pointer (&result->etag, g_free);
  g_free (result);
}

void
onboard_client_cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_pointer (&entry->etag, g_free);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry);
}

void
onboard_client_log_entry_free (gpointer data)
{
  LogEntry *entry = data;

  g_clear_pointer (&entry->time, g_date_time_unref);
  g_clear_pointer (&entry->method, g_free);
  g_clear_pointer (&entry->path, g_free);
  g_clear_pointer (&entry->outcome, g_free);
  g_clear_pointer (&entry->request_id, g_free);
  g_free (entry);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_assert (request->wait_source == NULL);
  g_assert (request->cancel_source == NULL);
  g_assert (request->watchdog_source == NULL);
  g_assert (request->read_cancelled_id == 0);

  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->log_path, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->bearer, onboard_client_wipe_string);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->if_match, g_free);
  g_clear_pointer (&request->if_none_match, g_free);
  g_clear_pointer (&request->sent_access_token, onboard_client_wipe_string);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  /* The last piece read of a token answer holds the tokens. */
  if (request->read_buffer != NULL)
    explicit_bzero (request->read_buffer, READ_CHUNK_SIZE);
  g_clear_pointer (&request->read_buffer, g_free);
  g_clear_object (&request->read_cancellable);
  g_clear_object (&request->peer_certificate);
  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->etag, g_free);
  g_clear_pointer (&request->date, g_date_time_unref);
  g_free (request);
}

static void
record (OnboardClient *self,
        Request       *request,
        const char    *outcome)
{
  LogEntry *entry = g_new0 (LogEntry, 1);

  entry->time = g_date_time_new_now_utc ();
  entry->method = g_strdup (request->method);
  entry->path = g_strdup (request->log_path);
  entry->outcome = g_strdup (outcome);
  entry->request_id = g_strdup (request->request_id);

  g_queue_push_tail (&self->log, entry);
  while (self->log.length > REQUEST_LOG_LENGTH)
    onboard_client_log_entry_free (g_queue_pop_head (&self->log));

  g_debug ("%s %s → %s (attempt %u, request %s)",
           request->method, request->log_path, outcome, request->attempts,
           request->request_id ? request->request_id : "-");
}


/* Completion ------------------------------------------------------------ */

static void
clear_wait (Request *request)
{
  if (request->wait_source != NULL)
    {
      g_source_destroy (request->wait_source);
      g_clear_pointer (&request->wait_source, g_source_unref);
    }

  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }
}

static void
request_return (GTask    *task,
                gpointer  result)
{
  Request *request = g_task_get_task_data (task);

  clear_wait (request);
  g_task_return_pointer (task, result, request->result_free);
}

static void
request_return_error (GTask  *task,
                      GError *error)
{
  Request *request = g_task_get_task_data (task);
  OnboardErrorDetails *details = onboard_client_error_get_details (error);

  clear_wait (request);

  if (details != NULL)
    g_set_object (&request->client->last_error_details, details);

  g_task_return_error (task, error);
}

void
onboard_client_request_fail (GTask               *task,
              OnboardClientError   code,
              const char          *server_code,
              const char          *server_message,
              OnboardFieldErrors  *fields,
              const char          *debug_message,
              const char          *message)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(OnboardErrorDetails) details = NULL;
  g_autofree char *tls_issuer = NULL;

  if (request->peer_certificate != NULL && code == ONBOARD_CLIENT_ERROR_TLS)
    tls_issuer = g_tls_certificate_get_issuer_name (request->peer_certificate);

  details = g_object_new (ONBOARD_TYPE_ERROR_DETAILS,
                          "method", request->method,
                          "path", request->log_path,
                          "http-status", request->status,
                          "request-id", request->request_id,
                          "server-code", server_code,
                          "server-message", server_message,
                          "debug-message", debug_message,
                          "retry-after", request->retry_after,
                          "tls-issuer", tls_issuer,
                          "fields", fields,
                          NULL);

  request_return_error (task, onboard_client_error_new (code, details, message));
}

/* Waiting --------------------------------------------------------------- */

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;

  clear_wait (g_task_get_task_data (task));
  g_task_return_error_if_cancelled (task);

  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;

  clear_wait (g_task_get_task_data (task));
  send_attempt (task);

  return G_SOURCE_REMOVE;
}

static void
watch_cancellable (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable == NULL)
    return;

  /* A source rather than the "cancelled" signal, so the callback never
   * runs inside the caller's g_cancellable_cancel(). */
  request->cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (request->cancel_source,
                         G_SOURCE_FUNC (on_wait_cancelled),
                         g_object_ref (task),
                         g_object_unref);
  g_source_attach (request->cancel_source, g_task_get_context (task));
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  Request *request = g_task_get_task_data (task);

  g_debug ("%s %s: trying again in %u ms", request->method, request->log_path, delay_ms);

  request->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (request->wait_source,
                         on_wait_done,
                         g_object_ref (task),
                         g_object_unref);
  g_source_attach (request->wait_source, g_task_get_context (task));

  watch_cancellable (task);
}

/* Token refresh --------------------------------------------------------- */


static void
on_refresh_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OnboardClient *self = ONBOARD_CLIENT (object);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  gpointer tokens;

  tokens = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_pointer (&tokens, onboard_client_tokens_free);

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED) ||
       g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_REQUEST) ||
       g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_FORBIDDEN)))
    {
      /* The refresh token itself was refused: only signing in again helps. */
      g_debug ("Refreshing the access token was refused; signing out");
      onboard_client_set_tokens_internal (self, NULL, NULL);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Request *request = g_task_get_task_data (task);

      clear_wait (request);
      request->waiting_for_refresh = FALSE;

      if (g_task_return_error_if_cancelled (task))
        continue;

      if (error == NULL)
        {
          send_attempt (task);
        }
      else if (self->access_token == NULL)
        {
          onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_UNAUTHORISED, "invalid_token", NULL, NULL,
                        "the refresh token was refused", NULL);
        }
      else
        {
          request_return_error (task, g_error_copy (error));
        }
    }
}

static gboolean
on_refresh_wait_cancelled (GCancellable *cancellable,
                           gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  OnboardClient *self = request->client;

  clear_wait (request);
  request->waiting_for_refresh = FALSE;
  g_task_return_error_if_cancelled (task);

  /* Last: this may drop the array's reference to the task. */
  g_ptr_array_remove (self->refresh_waiters, task);

  return G_SOURCE_REMOVE;
}

static void
wait_for_refresh (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  OnboardClient *self = request->client;
  GCancellable *cancellable = g_task_get_cancellable (task);

  request->refreshed = TRUE;
  request->waiting_for_refresh = TRUE;
  g_ptr_array_add (self->refresh_waiters, g_object_ref (task));

  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source,
                             G_SOURCE_FUNC (on_refresh_wait_cancelled),
                             g_object_ref (task),
                             g_object_unref);
      g_source_attach (request->cancel_source, g_task_get_context (task));
    }

  if (!self->refreshing)
    {
      g_autoptr(GTask) refresh = NULL;
      Request *refresh_request;
      g_autofree char *form = NULL;

      self->refreshing = TRUE;

      g_debug ("Access token refused; refreshing it once");

      refresh = onboard_client_request_new (self, "POST", "/oauth/token", onboard_client_parse_tokens, onboard_client_tokens_free,
                             self->cancellable, on_refresh_done, NULL, wait_for_refresh);
      refresh_request = g_task_get_task_data (refresh);
      form = soup_form_encode ("grant_type", "refresh_token",
                               "refresh_token", self->refresh_token,
                               NULL);
      refresh_request->body = onboard_client_bytes_new_wiped (g_steal_pointer (&form));
      refresh_request->content_type = g_strdup ("application/x-www-form-urlencoded");
      onboard_client_request_start (refresh);
    }
}

/* The exchange ---------------------------------------------------------- */

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;

  /* Only remembered, for the issuer in the error: an untrusted certificate
   * is never accepted. */
  g_set_object (&request->peer_certificate, certificate);
  request->peer_errors = errors;

  return FALSE;
}

static gboolean
is_retryable_status (guint status)
{
  return status == SOUP_STATUS_BAD_GATEWAY ||
         status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

static OnboardClientError
error_code_for_status (guint       status,
                       const char *server_code)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return ONBOARD_CLIENT_ERROR_BAD_REQUEST;

    case SOUP_STATUS_UNAUTHORIZED:
      return ONBOARD_CLIENT_ERROR_UNAUTHORISED;

    case SOUP_STATUS_FORBIDDEN:
      if (g_strcmp0 (server_code, "account_not_activated") == 0)
        return ONBOARD_CLIENT_ERROR_NOT_ACTIVATED;
      return ONBOARD_CLIENT_ERROR_FORBIDDEN;

    case SOUP_STATUS_NOT_FOUND:
      return ONBOARD_CLIENT_ERROR_NOT_FOUND;

    case SOUP_STATUS_NOT_ACCEPTABLE:
      return ONBOARD_CLIENT_ERROR_UNSUPPORTED_VERSION;

    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_PRECONDITION_FAILED:
      return ONBOARD_CLIENT_ERROR_CONFLICT;

    case SOUP_STATUS_GONE:
      return ONBOARD_CLIENT_ERROR_GONE;

    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return ONBOARD_CLIENT_ERROR_INVALID_INPUT;

    case STATUS_TOO_MANY_REQUESTS:
      return ONBOARD_CLIENT_ERROR_RATE_LIMITED;

    case SOUP_STATUS_BAD_GATEWAY:
      if (g_strcmp0 (server_code, "upstream_error") == 0)
        return ONBOARD_CLIENT_ERROR_UPSTREAM;
      return ONBOARD_CLIENT_ERROR_SERVER;

    default:
      if (status >= 500 && status < 600)
        return ONBOARD_CLIENT_ERROR_SERVER;
      if (status >= 400 && status < 500)
        return ONBOARD_CLIENT_ERROR_BAD_REQUEST;
      return ONBOARD_CLIENT_ERROR_BAD_RESPONSE;
    }
}

static void
handle_transport_error (GTask  *task,
                        GError *error)
{
  Request *request = g_task_get_task_data (task);
  GNetworkMonitor *monitor;
  const char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      record (request->client, request, "cancelled");
      request_return_error (task, g_error_copy (error));
      return;
    }

  if (error->domain == G_TLS_ERROR)
    {
      record (request->client, request, "TLS error");
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_TLS, NULL, NULL, NULL, error->message, NULL);
      return;
    }

  /* Not retried: a service too slow to answer once is unlikely to answer
   * a second time, and the user would wait three timeouts for nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      record (request->client, request, "timed out");
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_TIMEOUT, NULL, NULL, NULL, error->message, NULL);
      return;
    }

  record (request->client, request, "network error");

  if (request->retryable && request->attempts <= MAX_RETRIES)
    {
      schedule_retry (task, backoff_ms (request->client, request->attempts));
      return;
    }

  monitor = g_network_monitor_get_default ();
  if (error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_PROXY_FAILED ||
       error->code == G_IO_ERROR_PROXY_AUTH_FAILED ||
       error->code == G_IO_ERROR_PROXY_NEED_AUTH ||
       error->code == G_IO_ERROR_PROXY_NOT_ALLOWED))
    message = _("The school’s proxy server did not let this app through. Ask your IT support "
                "to allow connections to Assembly, then try again.");
  else if (!g_network_monitor_get_network_available (monitor) &&
           (error->domain == G_RESOLVER_ERROR ||
            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)))
    message = _("This computer is not connected to a network. Connect it to the internet, "
                "then try again.");

  onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_NETWORK, NULL, NULL, NULL, error->message, message);
}

static void
read_error_body (GBytes              *body,
                 char               **server_code,
                 char               **server_message,
                 guint               *period,
                 char               **upstream,
                 OnboardFieldErrors **fields,
                 char               **debug_message)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data = NULL;
  JsonObject *fields_object = NULL;
  gint64 period64 = 0;

  *server_code = NULL;
  *server_message = NULL;
  *period = 0;
  *upstream = NULL;
  *fields = NULL;
  *debug_message = NULL;

  /* A proxy's or gateway's HTML error page is not the service's JSON:
   * the status alone then decides. */
  if (body == NULL || g_bytes_get_size (body) == 0)
    return;

  if (!(object = onboard_json_parse_object (body, &error)) ||
      !onboard_json_get_string (object, "error", ONBOARD_JSON_MAY_BE_MISSING,
                                server_code, &error) ||
      !onboard_json_get_string (object, "message", ONBOARD_JSON_MAY_BE_MISSING,
                                server_message, &error) ||
      !onboard_json_get_object (object, "data", ONBOARD_JSON_MAY_BE_MISSING, &data, &error))
    {
      *debug_message = g_strdup_printf ("error body: %s", error->message);
      return;
    }

  if (data == NULL)
    return;

  if (!onboard_json_get_int (data, "period", ONBOARD_JSON_MAY_BE_MISSING,
                             0, G_MAXUINT, &period64, &error) ||
      !onboard_json_get_string (data, "upstream", ONBOARD_JSON_MAY_BE_MISSING,
                                upstream, &error) ||
      !onboard_json_get_object (data, "fields", ONBOARD_JSON_MAY_BE_MISSING,
                                &fields_object, &error))
    {
      *debug_message = g_strdup_printf ("error body: %s", error->message);
      return;
    }

  *period = period64;

  if (fields_object != NULL &&
      !(*fields = onboard_field_errors_new_from_json (fields_object, &error)))
    *debug_message = g_strdup_printf ("error fields: %s", error->message);
}

static void
handle_success (GTask  *task,
                GBytes *body)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer result;

  result = request->parse (request, body, &error);
  if (result == NULL)
    {
      g_autofree char *debug = g_strdup (error->message);

      g_debug ("%s %s: unusable answer: %s", request->method, request->log_path, debug);
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL, debug, NULL);
      return;
    }

  if (request->use_cache && request->etag != NULL && request->status == SOUP_STATUS_OK)
    {
      CacheEntry *entry = g_new0 (CacheEntry, 1);

      entry->etag = g_strdup (request->etag);
      entry->body = g_bytes_ref (body);
      g_hash_table_replace (request->client->cache, g_strdup (request->path), entry);
    }

  request_return (task, result);
}

/* Reading the body ------------------------------------------------------ */

static void process_response (GTask  *task,
                              GBytes *body,
                              gboolean too_big);

static void
on_read_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
on_watchdog (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (request->body_size - request->watchdog_mark >= MIN_BYTES_PER_TIMEOUT)
    {
      request->watchdog_mark = request->body_size;
      return G_SOURCE_CONTINUE;
    }

  g_debug ("%s %s: the body comes too slowly", request->method, request->log_path);
  request->too_slow = TRUE;
  g_cancellable_cancel (request->read_cancellable);
  g_clear_pointer (&request->watchdog_source, g_source_unref);

  return G_SOURCE_REMOVE;
}

/* Ends the read of this attempt's body, whichever way it ended. */
static void
finish_reading (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (request->watchdog_source != NULL)
    {
      g_source_destroy (request->watchdog_source);
      g_clear_pointer (&request->watchdog_source, g_source_unref);
    }

  if (request->read_cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), request->read_cancelled_id);
      request->read_cancelled_id = 0;
    }

  /* A body left unread closes the connection rather than reading on. */
  if (request->stream != NULL)
    {
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&request->stream);
    }

  g_clear_object (&request->read_cancellable);
}

static void read_more (GTask *task);

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n_read < 0)
    {
      gboolean too_slow = request->too_slow;

      finish_reading (task);
      g_clear_pointer (&request->buffer, g_byte_array_unref);

      if (too_slow)
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "the body came too slowly");
        }

      handle_transport_error (task, error);
      return;
    }

  if (n_read > 0)
    {
      request->body_size += n_read;

      /* Stopped at the limit, whatever the rest would have been. */
      if (request->body_size > request->body_limit)
        {
          finish_reading (task);
          g_clear_pointer (&request->buffer, g_byte_array_unref);
          process_response (task, NULL, TRUE);
          return;
        }

      g_byte_array_append (request->buffer, request->read_buffer, n_read);
      read_more (task);
      return;
    }

  finish_reading (task);
  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));
  process_response (task, body, FALSE);
}

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_async (request->stream,
                             request->read_buffer,
                             READ_CHUNK_SIZE,
                             G_PRIORITY_DEFAULT,
                             request->read_cancellable,
                             on_read,
                             g_object_ref (task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  OnboardClient *self = request->client;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;
  const char *date;
  goffset content_length;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  g_signal_handlers_disconnect_by_func (request->message, on_accept_certificate, request);

  if (stream == NULL)
    {
      handle_transport_error (task, error);
      return;
    }

  request->status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);

  g_clear_pointer (&request->request_id, g_free);
  g_clear_pointer (&request->etag, g_free);
  g_clear_pointer (&request->date, g_date_time_unref);
  request->request_id = g_strdup (soup_message_headers_get_one (headers, "X-Request-Id"));
  request->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  request->retry_after = parse_retry_after (soup_message_headers_get_one (headers,
                                                                          "Retry-After"));
  if ((date = soup_message_headers_get_one (headers, "Date")) != NULL)
    request->date = soup_date_time_new_from_http_string (date);

  outcome = g_strdup_printf ("%u", request->status);
  record (self, request, outcome);

  /* The stream is the decoded body: what is counted is what would be held
   * in memory, however small it was on the wire. */
  request->stream = g_steal_pointer (&stream);
  request->body_size = 0;
  request->body_limit = SOUP_STATUS_IS_SUCCESSFUL (request->status)
                          ? request->max_body_size
                          : MIN (request->max_body_size, MAX_ERROR_BODY_SIZE);
  /* Held exactly: a body that says its length gets that much at once
   * (never beyond the limit); pieces of a body that does not are copied
   * out of one read buffer, so a 16 KiB chunk costs 16 KiB. */
  content_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
                   soup_message_headers_get_one (headers, "Content-Encoding") == NULL
                     ? soup_message_headers_get_content_length (headers) : 0;
  request->buffer = g_byte_array_sized_new (MIN (content_length, request->body_limit));
  if (request->read_buffer == NULL)
    request->read_buffer = g_malloc (READ_CHUNK_SIZE);
  request->too_slow = FALSE;
  request->watchdog_mark = 0;
  request->read_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    request->read_cancelled_id = g_cancellable_connect (cancellable,
                                                        G_CALLBACK (on_read_cancelled),
                                                        g_object_ref (request->read_cancellable),
                                                        g_object_unref);

  request->watchdog_source = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (request->watchdog_source, on_watchdog, task, NULL);
  g_source_attach (request->watchdog_source, g_task_get_context (task));

  read_more (task);
}

/* 304 Not Modified: the copy we asked about, or the one in our cache. */
static void
handle_not_modified (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  CacheEntry *entry;

  if (request->if_none_match != NULL)
    {
      handle_success (task, NULL);
      return;
    }

  entry = g_hash_table_lookup (request->client->cache, request->path);
  if (request->use_cache && entry != NULL)
    {
      g_autoptr(GBytes) cached = g_bytes_ref (entry->body);

      g_clear_pointer (&request->etag, g_free);
      request->etag = g_strdup (entry->etag);
      handle_success (task, cached);
      return;
    }

  onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL,
                "304 Not Modified for a request that had no cached copy", NULL);
}

/* 401 invalid_token: send again with a token another request has just
 * refreshed, or refresh it. Returns TRUE when the request goes on. */
static gboolean
retry_with_fresh_token (GTask      *task,
                        const char *server_code)
{
  Request *request = g_task_get_task_data (task);
  OnboardClient *self = request->client;

  if (request->status != SOUP_STATUS_UNAUTHORIZED ||
      g_strcmp0 (server_code, "invalid_token") != 0 ||
      request->auth != AUTH_ACCESS_TOKEN ||
      request->refreshed)
    return FALSE;

  /* Another request may have refreshed the token meanwhile. */
  if (self->access_token != NULL &&
      g_strcmp0 (self->access_token, request->sent_access_token) != 0)
    {
      request->refreshed = TRUE;
      send_attempt (task);
      return TRUE;
    }

  if (self->refresh_token != NULL)
    {
      wait_for_refresh (task);
      return TRUE;
    }

  return FALSE;
}

/* 429: wait as long as the service asks, within reason, and try again.
 * Returns TRUE when the request waits; either way the wait is kept for the
 * error to carry. */
static gboolean
wait_when_rate_limited (GTask *task,
                        guint  period)
{
  Request *request = g_task_get_task_data (task);
  guint64 wait_ms;

  if (request->status != STATUS_TOO_MANY_REQUESTS)
    return FALSE;

  /* Retry-After, else Assembly's data.period, else our own backoff. */
  if (request->retry_after > 0)
    wait_ms = (guint64)request->retry_after * 1000;
  else if (period > 0)
    wait_ms = (guint64)period * 1000;
  else
    wait_ms = backoff_ms (request->client, request->rate_limit_waits + 1);

  request->retry_after = MAX (1, (wait_ms + 999) / 1000);

  if (wait_ms > MAX_RATE_LIMIT_WAIT * 1000 || request->rate_limit_waits >= MAX_RATE_LIMIT_WAITS)
    return FALSE;

  request->rate_limit_waits++;
  schedule_retry (task, wait_ms);

  return TRUE;
}

/* A passing fault (5xx, a dropped connection) on a request that may be
 * repeated: try again after a backoff. Returns TRUE when it will. */
static gboolean
retry_passing_fault (GTask      *task,
                     const char *upstream)
{
  Request *request = g_task_get_task_data (task);
  guint delay;

  /* A 502 that names the upstream is Groupcall's own refusal, passed on by
   * the service: not a passing fault, and a repeat with the same key would
   * only get the same answer replayed. */
  if (!is_retryable_status (request->status) || !request->retryable ||
      request->attempts > MAX_RETRIES ||
      (request->status == SOUP_STATUS_BAD_GATEWAY && upstream != NULL))
    return FALSE;

  /* A longer wait than the user would sit through is honoured by not
   * trying again now: the error carries it, for whoever polls. */
  if (request->retry_after > MAX_RATE_LIMIT_WAIT)
    return FALSE;

  delay = MAX (backoff_ms (request->client, request->attempts), request->retry_after * 1000);
  schedule_retry (task, delay);

  return TRUE;
}

/* An answer that is not a success: read the service's error, then try
 * again where that can help, else fail with what it said. */
static void
handle_error_answer (GTask    *task,
                     GBytes   *body,
                     gboolean  too_big)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(OnboardFieldErrors) fields = NULL;
  g_autofree char *server_code = NULL;
  g_autofree char *server_message = NULL;
  g_autofree char *upstream = NULL;
  g_autofree char *debug_message = NULL;
  guint period;

  read_error_body (body, &server_code, &server_message, &period, &upstream,
                   &fields, &debug_message);
  if (too_big)
    {
      g_free (debug_message);
      debug_message = g_strdup_printf ("error body over %" G_GSIZE_FORMAT " bytes",
                                       request->body_limit);
    }

  if (retry_with_fresh_token (task, server_code) ||
      wait_when_rate_limited (task, period) ||
      retry_passing_fault (task, upstream))
    return;

  onboard_client_request_fail (task,
                error_code_for_status (request->status, server_code),
                server_code,
                server_message,
                fields,
                debug_message,
                request->status == SOUP_STATUS_NOT_FOUND ? request->not_found_message : NULL);
}

static void
process_response (GTask    *task,
                  GBytes   *body,
                  gboolean  too_big)
{
  Request *request = g_task_get_task_data (task);

  if (too_big && SOUP_STATUS_IS_SUCCESSFUL (request->status))
    {
      g_autofree char *debug = g_strdup_printf ("body over %" G_GSIZE_FORMAT " bytes",
                                                request->body_limit);

      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL, debug, NULL);
    }
  else if (request->status == SOUP_STATUS_NOT_MODIFIED)
    handle_not_modified (task);
  else if (SOUP_STATUS_IS_SUCCESSFUL (request->status))
    handle_success (task, body);
  else
    handle_error_answer (task, body, too_big);
}

static void
send_attempt (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  OnboardClient *self = request->client;
  g_autofree char *uri = NULL;
  SoupMessageHeaders *headers;
  const char *token = NULL;
  CacheEntry *entry;

  if (g_task_return_error_if_cancelled (task))
    return;

  request->attempts++;
  request->status = 0;
  g_clear_pointer (&request->request_id, g_free);
  g_clear_object (&request->peer_certificate);

  uri = g_strconcat (self->base_url, request->path, NULL);

  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, uri);
  if (request->message == NULL)
    {
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_INSECURE_URL, NULL, NULL, NULL,
                    "the request URL is not valid", NULL);
      return;
    }

  /* The API never redirects; following one could carry the token to
   * another host or downgrade to plain HTTP. */
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", ACCEPT_HEADER);

  if (request->auth == AUTH_ACCESS_TOKEN)
    token = self->access_token;
  else if (request->auth == AUTH_BEARER)
    token = request->bearer;

  g_clear_pointer (&request->sent_access_token, onboard_client_wipe_string);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      explicit_bzero (authorization, strlen (authorization));
      if (request->auth == AUTH_ACCESS_TOKEN)
        request->sent_access_token = g_strdup (token);
    }

  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);

  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);

  if (request->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", request->if_none_match);
  else if (request->use_cache &&
           (entry = g_hash_table_lookup (self->cache, request->path)) != NULL)
    soup_message_headers_replace (headers, "If-None-Match", entry->etag);

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message,
                                              request->content_type,
                                              request->body);

  g_signal_connect (request->message,
                    "accept-certificate",
                    G_CALLBACK (on_accept_certificate),
                    request);

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           on_sent,
                           g_object_ref (task));
}

GTask *
onboard_client_request_new (OnboardClient       *self,
             const char          *method,
             const char          *path,
             ParseFunc            parse,
             GDestroyNotify       result_free,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  request = g_new0 (Request, 1);
  request->client = self;
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->log_path = strip_query_values (path);
  request->parse = parse;
  request->result_free = result_free;
  request->max_body_size = MAX_BODY_SIZE;
  request->retryable = g_str_equal (method, "GET");
  request->use_cache = g_str_equal (method, "GET");
  g_task_set_task_data (task, request, request_free);

  return task;
}

void
onboard_client_request_set_idempotency_key (GTask      *task,
                             const char *key)
{
  Request *request = g_task_get_task_data (task);

  request->idempotency_key = key != NULL ? g_strdup (key) : onboard_client_new_idempotency_key ();

  /* The service answers a repeat of the key with its first answer, which
   * is what makes retrying a POST safe. */
  request->retryable = TRUE;
}

void
onboard_client_request_set_json_body (GTask       *task,
                       JsonBuilder *builder)
{
  Request *request = g_task_get_task_data (task);

  request->body = json_body (builder);
  request->content_type = g_strdup ("application/json");
}

void
onboard_client_request_start (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Checked on every request, before any connection is made. */
  if (!onboard_client_check_base_url (request->client->base_url, &error))
    {
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_INSECURE_URL, NULL, NULL, NULL,
                    error->message, NULL);
      return;
    }

  send_attempt (task);
}

gpointer
onboard_client_request_finish (OnboardClient  *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Parsers ---------------------------------------------------------------- */


JsonObject *
onboard_client_parse_body_object (GBytes  *body,
                   GError **error)
{
  if (body == NULL)
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "no body where JSON was expected");
      return NULL;
    }

  return onboard_json_parse_object (body, error);
}

gpointer
onboard_client_parse_tokens (Request  *request,
              GBytes   *body,
              GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);
  g_autofree char *token_type = NULL;
  Tokens *tokens;
  gint64 expires_in;

  if (object == NULL)
    return NULL;

  tokens = g_new0 (Tokens, 1);

  if (!onboard_json_get_string (object, "access_token", ONBOARD_JSON_REQUIRED,
                                &tokens->access_token, error) ||
      !onboard_json_get_string (object, "refresh_token", ONBOARD_JSON_MAY_BE_MISSING,
                                &tokens->refresh_token, error) ||
      !onboard_json_get_string (object, "token_type", ONBOARD_JSON_MAY_BE_MISSING,
                                &token_type, error) ||
      !onboard_json_get_int (object, "expires_in", ONBOARD_JSON_MAY_BE_MISSING,
                             0, G_MAXINT32, &expires_in, error))
    {
      onboard_client_tokens_free (tokens);
      return NULL;
    }

  if (tokens->access_token[0] == '\0' ||
      (token_type != NULL && g_ascii_strcasecmp (token_type, "bearer") != 0))
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "not a bearer token");
      onboard_client_tokens_free (tokens);
      return NULL;
    }

  /* Answers cached for whoever was signed in before are not this user's. */
  if (request->new_identity)
    g_hash_table_remove_all (request->client->cache);

  /* Held from the moment they arrive, so "tokens-changed" reaches the
   * keyring even if the caller is gone by the time the callback runs. A
   * refresh that rotates nothing keeps the refresh token we had. */
  onboard_client_set_tokens_internal (request->client,
                       tokens->access_token,
                       tokens->refresh_token ? tokens->refresh_token
                                             : request->client->refresh_token);

  return tokens;
}