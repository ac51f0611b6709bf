/* onboard-client.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_LOG_DOMAIN "onboard-client"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "onboard-client.h"
#include "onboard-api-private.h"
#include "onboard-json.h"

#define ACCEPT_HEADER            "application/vnd.assembly+json; version=1.1"
#define USER_AGENT               PACKAGE_NAME "/" PACKAGE_VERSION
#define DEFAULT_TIMEOUT          30
#define DEFAULT_RETRY_BASE_MS    2000
#define MAX_BACKOFF_MS           60000
#define MAX_RETRIES              2
#define MAX_RATE_LIMIT_WAITS     2
/* A longer wait is shown to the user instead of sat through silently. */
#define MAX_RATE_LIMIT_WAIT      60
#define REQUEST_LOG_LENGTH       20
/* Bodies are read in pieces of this size and counted as they arrive,
 * after decompression: a 1 MiB gzip body can inflate to 1 GiB. */
#define READ_CHUNK_SIZE          (64 * 1024)
#define MAX_BODY_SIZE            (4 * 1024 * 1024)
/* An error's JSON is a few hundred bytes; a proxy's HTML page a few KiB. */
#define MAX_ERROR_BODY_SIZE      (64 * 1024)
/* The largest list we have, GIAS 2022 with the closed schools (49,514
 * establishments), is 8,954,768 bytes as the reference server writes it
 * with include_closed: this leaves room for three times as many. */
#define MAX_SCHOOLS_BODY_SIZE    (32 * 1024 * 1024)
/* A body that brings less than this in a whole timeout is a drip, not a
 * slow network: without a floor, one byte a second would never time out. */
#define MIN_BYTES_PER_TIMEOUT    1024
/* libsoup 3.2 predates its own name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  AUTH_NONE,
  AUTH_ACCESS_TOKEN,
  AUTH_BEARER,
} AuthKind;

typedef struct _Request Request;

/* Turns a 2xx (or a 304 answered from the cache) body into the result. */
typedef gpointer (*ParseFunc) (Request  *request,
                               GBytes   *body,
                               GError  **error);

struct _Request
{
  OnboardClient        *client;
  char                 *method;
  char                 *path;
  char                 *log_path;
  GBytes               *body;
  char                 *content_type;
  char                 *bearer;
  char                 *idempotency_key;
  char                 *if_match;
  char                 *if_none_match;
  char                 *sent_access_token;
  const char           *not_found_message;
  ParseFunc             parse;
  GDestroyNotify        result_free;
  AuthKind              auth;
  gsize                 max_body_size;
  guint                 use_cache : 1;
  guint                 retryable : 1;
  guint                 refreshed : 1;
  guint                 waiting_for_refresh : 1;
  guint                 new_identity : 1;
  guint                 attempts;
  guint                 rate_limit_waits;

  SoupMessage          *message;
  GInputStream         *stream;
  GByteArray           *buffer;
  guint8               *read_buffer;
  gsize                 body_size;
  gsize                 body_limit;
  GCancellable         *read_cancellable;
  gulong                read_cancelled_id;
  GSource              *watchdog_source;
  gsize                 watchdog_mark;
  guint                 too_slow : 1;
  GSource              *wait_source;
  GSource              *cancel_source;
  GTlsCertificate      *peer_certificate;
  GTlsCertificateFlags  peer_errors;

  /* From the last answer. */
  guint                 status;
  char                 *request_id;
  char                 *etag;
  guint                 retry_after;
  GDateTime            *date;
};

typedef struct
{
  GDateTime *time;
  char      *method;
  char      *path;
  char      *outcome;
  char      *request_id;
} LogEntry;

typedef struct
{
  char   *etag;
  GBytes *body;
} CacheEntry;

typedef struct
{
  char *access_token;
  char *refresh_token;
} Tokens;

typedef struct
{
  GBytes   *body;
  char     *etag;
  gboolean  not_modified;
} SchoolsResult;

struct _OnboardClient
{
  GObject              parent_instance;

  SoupSession         *session;
  GProxyResolver      *proxy_resolver;
  GCancellable        *cancellable;
  char                *base_url;
  char                *access_token;
  char                *refresh_token;
  GHashTable          *cache;
  GQueue               log;
  OnboardErrorDetails *last_error_details;
  GPtrArray           *refresh_waiters;
  guint                timeout;
  guint                retry_base_ms;
  guint                refreshing : 1;
};

G_DEFINE_FINAL_TYPE (OnboardClient, onboard_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_PROXY_RESOLVER,
  PROP_TIMEOUT,
  PROP_RETRY_BASE_MS,
  PROP_SIGNED_IN,
  N_PROPS
};

enum {
  TOKENS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void send_attempt (GTask *task);

/* Helpers ------------------------------------------------------------ */

static void
wipe_string (gpointer data)
{
  char *str = data;

  /* A body can hold a password: leave nothing of it in freed memory. */
  explicit_bzero (str, strlen (str));
  g_free (str);
}

static GBytes *
bytes_new_wiped (char *str)
{
  return g_bytes_new_with_free_func (str, strlen (str), wipe_string, str);
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return bytes_new_wiped (json_generator_to_data (generator, NULL));
}

static char *
escape_segment (const char *segment)
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

static void
tokens_free (gpointer data)
{
  Tokens *tokens = data;

  g_clear_pointer (&tokens->access_token, wipe_string);
  g_clear_pointer (&tokens->refresh_token, wipe_string);
  g_free (tokens);
}

static void
schools_result_free (gpointer data)
{
  SchoolsResult *result = data;

  g_clear_pointer (&result->body, g_bytes_unref);
  g_clear_pointer (&result->etag, g_free);
  g_free (result);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_pointer (&entry->etag, g_free);
  g_clear_pointer (&entry->body, g_bytes_unref);
  g_free (entry);
}

static void
log_entry_free (gpointer data)
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
  g_clear_pointer (&request->bearer, wipe_string);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_pointer (&request->if_match, g_free);
  g_clear_pointer (&request->if_none_match, g_free);
  g_clear_pointer (&request->sent_access_token, wipe_string);
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
    log_entry_free (g_queue_pop_head (&self->log));

  g_debug ("%s %s → %s (attempt %u, request %s)",
           request->method, request->log_path, outcome, request->attempts,
           request->request_id ? request->request_id : "-");
}

static void
set_tokens_internal (OnboardClient *self,
                     const char    *access_token,
                     const char    *refresh_token)
{
  gboolean was_signed_in = self->access_token != NULL;
  char *new_access_token;
  char *new_refresh_token;

  if (g_strcmp0 (self->access_token, access_token) == 0 &&
      g_strcmp0 (self->refresh_token, refresh_token) == 0)
    return;

  /* Copied before the old ones are wiped: a caller may pass the token we
   * hold, as a refresh that rotates nothing does. */
  new_access_token = g_strdup (access_token);
  new_refresh_token = g_strdup (refresh_token);
  g_clear_pointer (&self->access_token, wipe_string);
  g_clear_pointer (&self->refresh_token, wipe_string);
  self->access_token = new_access_token;
  self->refresh_token = new_refresh_token;

  g_signal_emit (self, signals[TOKENS_CHANGED], 0);

  if (was_signed_in != (self->access_token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
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

static void
request_fail (GTask               *task,
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

static GTask *request_new (OnboardClient       *self,
                           const char          *method,
                           const char          *path,
                           ParseFunc            parse,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data,
                           gpointer             source_tag);
static void request_start (GTask *task);
static gpointer parse_tokens (Request  *request,
                              GBytes   *body,
                              GError  **error);

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
  g_clear_pointer (&tokens, tokens_free);

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
      set_tokens_internal (self, NULL, NULL);
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
          request_fail (task, ONBOARD_CLIENT_ERROR_UNAUTHORISED, "invalid_token", NULL, NULL,
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

      refresh = request_new (self, "POST", "/oauth/token", parse_tokens, tokens_free,
                             self->cancellable, on_refresh_done, NULL, wait_for_refresh);
      refresh_request = g_task_get_task_data (refresh);
      form = soup_form_encode ("grant_type", "refresh_token",
                               "refresh_token", self->refresh_token,
                               NULL);
      refresh_request->body = bytes_new_wiped (g_steal_pointer (&form));
      refresh_request->content_type = g_strdup ("application/x-www-form-urlencoded");
      request_start (refresh);
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
      request_fail (task, ONBOARD_CLIENT_ERROR_TLS, NULL, NULL, NULL, error->message, NULL);
      return;
    }

  /* Not retried: a service too slow to answer once is unlikely to answer
   * a second time, and the user would wait three timeouts for nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      record (request->client, request, "timed out");
      request_fail (task, ONBOARD_CLIENT_ERROR_TIMEOUT, NULL, NULL, NULL, error->message, NULL);
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

  request_fail (task, ONBOARD_CLIENT_ERROR_NETWORK, NULL, NULL, NULL, error->message, message);
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
      request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL, debug, NULL);
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

  request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL,
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

  request_fail (task,
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

      request_fail (task, ONBOARD_CLIENT_ERROR_BAD_RESPONSE, NULL, NULL, NULL, debug, NULL);
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
      request_fail (task, ONBOARD_CLIENT_ERROR_INSECURE_URL, NULL, NULL, NULL,
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

  g_clear_pointer (&request->sent_access_token, wipe_string);
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

static GTask *
request_new (OnboardClient       *self,
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

static void
request_set_idempotency_key (GTask      *task,
                             const char *key)
{
  Request *request = g_task_get_task_data (task);

  request->idempotency_key = key != NULL ? g_strdup (key) : onboard_client_new_idempotency_key ();

  /* The service answers a repeat of the key with its first answer, which
   * is what makes retrying a POST safe. */
  request->retryable = TRUE;
}

static void
request_set_json_body (GTask       *task,
                       JsonBuilder *builder)
{
  Request *request = g_task_get_task_data (task);

  request->body = json_body (builder);
  request->content_type = g_strdup ("application/json");
}

static void
request_start (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Checked on every request, before any connection is made. */
  if (!onboard_client_check_base_url (request->client->base_url, &error))
    {
      request_fail (task, ONBOARD_CLIENT_ERROR_INSECURE_URL, NULL, NULL, NULL,
                    error->message, NULL);
      return;
    }

  send_attempt (task);
}

static gpointer
request_finish (OnboardClient  *self,
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

static JsonObject *
parse_body_object (GBytes  *body,
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

static gpointer
parse_service_status (Request  *request,
                      GBytes   *body,
                      GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  OnboardServiceStatus *status;

  if (object == NULL || !(status = onboard_service_status_new_from_json (object, error)))
    return NULL;

  onboard_service_status_set_date (status, request->date);
  return status;
}

static gpointer
parse_terms (Request  *request,
             GBytes   *body,
             GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);

  return object ? onboard_terms_new_from_json (object, error) : NULL;
}

static gpointer
parse_invite_code (Request  *request,
                   GBytes   *body,
                   GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);

  return object ? onboard_invite_code_new_from_json (object, error) : NULL;
}

static gpointer
parse_signup (Request  *request,
              GBytes   *body,
              GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  OnboardSignup *signup;

  if (object == NULL || !(signup = onboard_signup_new_from_json (object, error)))
    return NULL;

  onboard_signup_set_retry_after (signup, request->retry_after);
  return signup;
}

static gpointer
parse_account (Request  *request,
               GBytes   *body,
               GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);

  return object ? onboard_account_new_from_json (object, error) : NULL;
}

static gpointer
parse_school_registration (Request  *request,
                           GBytes   *body,
                           GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);

  return object ? onboard_school_registration_new_from_json (object, error) : NULL;
}

static gpointer
parse_connector (Request  *request,
                 GBytes   *body,
                 GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
  OnboardConnector *connector;

  if (object == NULL || !(connector = onboard_connector_new_from_json (object, error)))
    return NULL;

  onboard_connector_set_response_info (connector, request->etag, request->retry_after);
  return connector;
}

static gpointer
parse_mis_providers (Request  *request,
                     GBytes   *body,
                     GError  **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (body == NULL)
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "no body where JSON was expected");
      return NULL;
    }

  if (!(root = onboard_json_parse (body, error)))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "expected an array of MIS providers");
      return NULL;
    }

  return onboard_mis_provider_list_new_from_json (json_node_get_array (root), error);
}

static gpointer
parse_schools (Request  *request,
               GBytes   *body,
               GError  **error)
{
  SchoolsResult *result = g_new0 (SchoolsResult, 1);

  /* Parsed by the directory in a worker thread, not here. */
  result->not_modified = body == NULL;
  result->body = body != NULL ? g_bytes_ref (body) : NULL;
  result->etag = g_strdup (body != NULL ? request->etag : request->if_none_match);

  return result;
}

static gpointer
parse_tokens (Request  *request,
              GBytes   *body,
              GError  **error)
{
  g_autoptr(JsonObject) object = parse_body_object (body, error);
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
      tokens_free (tokens);
      return NULL;
    }

  if (tokens->access_token[0] == '\0' ||
      (token_type != NULL && g_ascii_strcasecmp (token_type, "bearer") != 0))
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "not a bearer token");
      tokens_free (tokens);
      return NULL;
    }

  /* Answers cached for whoever was signed in before are not this user's. */
  if (request->new_identity)
    g_hash_table_remove_all (request->client->cache);

  /* Held from the moment they arrive, so "tokens-changed" reaches the
   * keyring even if the caller is gone by the time the callback runs. A
   * refresh that rotates nothing keeps the refresh token we had. */
  set_tokens_internal (request->client,
                       tokens->access_token,
                       tokens->refresh_token ? tokens->refresh_token
                                             : request->client->refresh_token);

  return tokens;
}

/* GObject ---------------------------------------------------------------- */

static void
onboard_client_constructed (GObject *object)
{
  OnboardClient *self = (OnboardClient *)object;

  G_OBJECT_CLASS (onboard_client_parent_class)->constructed (object);

  if (self->proxy_resolver == NULL)
    self->proxy_resolver = g_object_ref (g_proxy_resolver_get_default ());

  /* The default resolver follows the desktop's proxy settings, and the
   * proxy portal inside Flatpak. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", self->timeout,
                                                 "proxy-resolver", self->proxy_resolver,
                                                 NULL);
}

static void
onboard_client_dispose (GObject *object)
{
  OnboardClient *self = (OnboardClient *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (onboard_client_parent_class)->dispose (object);
}

static void
onboard_client_finalize (GObject *object)
{
  OnboardClient *self = (OnboardClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->proxy_resolver);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->access_token, wipe_string);
  g_clear_pointer (&self->refresh_token, wipe_string);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->log, log_entry_free);
  g_clear_object (&self->last_error_details);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (onboard_client_parent_class)->finalize (object);
}

static void
onboard_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnboardClient *self = ONBOARD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_PROXY_RESOLVER:
      g_value_set_object (value, self->proxy_resolver);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_RETRY_BASE_MS:
      g_value_set_uint (value, self->retry_base_ms);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, onboard_client_get_signed_in (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OnboardClient *self = ONBOARD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len;

        if (url == NULL)
          url = ONBOARD_CLIENT_DEFAULT_URL;

        /* Paths start with "/", so a trailing one would double up. */
        len = strlen (url);
        while (len > 0 && url[len - 1] == '/')
          len--;
        self->base_url = g_strndup (url, len);
      }
      break;

    case PROP_PROXY_RESOLVER:
      self->proxy_resolver = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      onboard_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_RETRY_BASE_MS:
      onboard_client_set_retry_base_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_client_class_init (OnboardClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onboard_client_constructed;
  object_class->dispose = onboard_client_dispose;
  object_class->finalize = onboard_client_finalize;
  object_class->get_property = onboard_client_get_property;
  object_class->set_property = onboard_client_set_property;

  /**
   * OnboardClient:base-url:
   *
   * The onboarding API, such as `https://platform.assembly.education/api/onboarding`.
   * Requests fail with %ONBOARD_CLIENT_ERROR_INSECURE_URL, without any
   * connection, when it is plain http:// to a host other than loopback.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         ONBOARD_CLIENT_DEFAULT_URL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * OnboardClient:proxy-resolver:
   *
   * The proxy resolver, by default the desktop's.
   */
  properties[PROP_PROXY_RESOLVER] =
    g_param_spec_object ("proxy-resolver", NULL, NULL,
                         G_TYPE_PROXY_RESOLVER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * OnboardClient:timeout:
   *
   * Seconds of silence from the service before a request fails with
   * %ONBOARD_CLIENT_ERROR_TIMEOUT.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 600, DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * OnboardClient:retry-base-ms:
   *
   * The first backoff before retrying, doubled for each further retry and
   * capped at 60 s. Tests shorten it.
   */
  properties[PROP_RETRY_BASE_MS] =
    g_param_spec_uint ("retry-base-ms", NULL, NULL,
                       0, MAX_BACKOFF_MS, DEFAULT_RETRY_BASE_MS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnboardClient::tokens-changed:
   *
   * The access or refresh token changed: after signing in, a refresh, or
   * signing out. The application stores them in the keyring.
   */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
onboard_client_init (OnboardClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->timeout = DEFAULT_TIMEOUT;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
  g_queue_init (&self->log);
}

/* Public ------------------------------------------------------------------ */

/**
 * onboard_client_check_base_url:
 * @base_url: a base URL for the API
 *
 * Plain http:// is accepted only to loopback (127.0.0.0/8, ::1 and
 * localhost), where the reference server runs.
 *
 * Returns: %TRUE if the client would use @base_url; otherwise %FALSE with
 *   %ONBOARD_CLIENT_ERROR_INSECURE_URL and a translated message
 */
gboolean
onboard_client_check_base_url (const char  *base_url,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (base_url != NULL, FALSE);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || (host = g_uri_get_host (uri)) == NULL || host[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL,
                   _("“%s” is not a web address. Use an address that starts with https://."),
                   base_url);
      return FALSE;
    }

  /* Credentials in the address would end up in logs and reports. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL,
                           _("The service address must not contain a user name or password."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (g_ascii_strcasecmp (host, "localhost") == 0)
        return TRUE;

      address = g_inet_address_new_from_string (host);
      if (address != NULL && g_inet_address_get_is_loopback (address))
        return TRUE;

      g_set_error_literal (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL,
                           _("The service address is not secure. Use an address that starts "
                             "with https://."));
      return FALSE;
    }

  g_set_error_literal (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INSECURE_URL,
                       _("The service address must start with https://."));
  return FALSE;
}

/**
 * onboard_client_dup_service_key:
 * @base_url: (nullable): a service's base URL, as the app was given it
 *
 * The same service whether or not its URL was written with a trailing
 * slash: what the progress file and the password store file things under,
 * so they are found whichever spelling the app was given.
 *
 * Returns: (transfer full): @base_url without trailing slashes, or "" for
 *   %NULL
 */
char *
onboard_client_dup_service_key (const char *base_url)
{
  gsize len;

  if (base_url == NULL)
    return g_strdup ("");

  len = strlen (base_url);
  while (len > 1 && base_url[len - 1] == '/')
    len--;

  return g_strndup (base_url, len);
}

/**
 * onboard_client_new_idempotency_key:
 *
 * Returns: (transfer full): a new random key for a request that creates
 *   something
 */
char *
onboard_client_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/**
 * onboard_client_new:
 * @base_url: (nullable): the API's base URL, or %NULL for production
 *
 * Returns: (transfer full): a new client
 */
OnboardClient *
onboard_client_new (const char *base_url)
{
  return g_object_new (ONBOARD_TYPE_CLIENT,
                       "base-url", base_url,
                       NULL);
}

const char *
onboard_client_get_base_url (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  return self->base_url;
}

guint
onboard_client_get_timeout (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), 0);

  return self->timeout;
}

void
onboard_client_set_timeout (OnboardClient *self,
                            guint          seconds)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
onboard_client_get_retry_base_ms (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), 0);

  return self->retry_base_ms;
}

void
onboard_client_set_retry_base_ms (OnboardClient *self,
                                  guint          retry_base_ms)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));

  retry_base_ms = MIN (retry_base_ms, MAX_BACKOFF_MS);
  if (self->retry_base_ms == retry_base_ms)
    return;

  self->retry_base_ms = retry_base_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_BASE_MS]);
}

/**
 * onboard_client_get_proxy_resolver:
 *
 * Returns: (transfer none): the proxy resolver the client's session uses
 */
GProxyResolver *
onboard_client_get_proxy_resolver (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  return self->proxy_resolver;
}

gboolean
onboard_client_get_signed_in (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), FALSE);

  return self->access_token != NULL;
}

/**
 * onboard_client_get_access_token:
 *
 * Returns: (nullable): the access token, for the keyring only
 */
const char *
onboard_client_get_access_token (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  return self->access_token;
}

/**
 * onboard_client_get_refresh_token:
 *
 * Returns: (nullable): the refresh token, for the keyring only
 */
const char *
onboard_client_get_refresh_token (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  return self->refresh_token;
}

/**
 * onboard_client_set_tokens:
 * @access_token: (nullable): an access token from the keyring
 * @refresh_token: (nullable): its refresh token
 *
 * Restores the tokens of an earlier run.
 */
void
onboard_client_set_tokens (OnboardClient *self,
                           const char    *access_token,
                           const char    *refresh_token)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));

  /* Cached answers may belong to whoever was signed in before. */
  g_hash_table_remove_all (self->cache);
  set_tokens_internal (self, access_token, refresh_token);
}

/**
 * onboard_client_sign_out:
 *
 * Forgets the tokens and every cached answer.
 */
void
onboard_client_sign_out (OnboardClient *self)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));

  onboard_client_set_tokens (self, NULL, NULL);
}

/**
 * onboard_client_get_last_error_details:
 *
 * Returns: (transfer none) (nullable): the details of the last request
 *   that failed, for the support report; each error also carries its own,
 *   see onboard_client_error_get_details()
 */
OnboardErrorDetails *
onboard_client_get_last_error_details (OnboardClient *self)
{
  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  return self->last_error_details;
}

/**
 * onboard_client_dup_request_log:
 *
 * Returns: (transfer full): the last 20 exchanges, oldest first, one line
 *   each: time, method, path, status or failure, request id. No query
 *   values, no bodies, no invite codes.
 */
char **
onboard_client_dup_request_log (OnboardClient *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (self), NULL);

  builder = g_strv_builder_new ();
  for (const GList *l = self->log.head; l != NULL; l = l->next)
    {
      const LogEntry *entry = l->data;
      g_autofree char *time = g_date_time_format (entry->time, "%Y-%m-%dT%H:%M:%SZ");

      g_autofree char *line = NULL;

      line = g_strdup_printf ("%s %s %s %s %s",
                              time,
                              entry->method,
                              entry->path,
                              entry->outcome,
                              entry->request_id ? entry->request_id : "-");
      g_strv_builder_add (builder, line);
    }

  return g_strv_builder_end (builder);
}

/* Endpoints ------------------------------------------------------------- */

/**
 * onboard_client_get_status_async:
 *
 * GET /status: reachability and the service's clock, for the pre-flight
 * checks.
 */
void
onboard_client_get_status_async (OnboardClient       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, "GET", "/status", parse_service_status, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_status_async);
  /* Never answered from the cache: the check is about the live service
   * and its clock now. */
  ((Request *)g_task_get_task_data (task))->use_cache = FALSE;
  request_start (task);
}

/**
 * onboard_client_get_status_finish:
 *
 * Returns: (transfer full): the service status
 */
OnboardServiceStatus *
onboard_client_get_status_finish (OnboardClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return request_finish (self, result, onboard_client_get_status_async, error);
}

void
onboard_client_get_terms_async (OnboardClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, "GET", "/terms", parse_terms, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_terms_async);
  request_start (task);
}

/**
 * onboard_client_get_terms_finish:
 *
 * Returns: (transfer full): the terms of service
 */
OnboardTerms *
onboard_client_get_terms_finish (OnboardClient  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  return request_finish (self, result, onboard_client_get_terms_async, error);
}

/**
 * onboard_client_check_invite_code_async:
 * @code: the code as the user typed it; normalised before it is sent
 *
 * An unknown code fails with %ONBOARD_CLIENT_ERROR_NOT_FOUND; an expired or
 * used one succeeds with onboard_invite_code_get_valid() %FALSE.
 */
void
onboard_client_check_invite_code_async (OnboardClient       *self,
                                        const char          *code,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  Request *request;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  normalised = onboard_invite_code_normalise (code);
  escaped = escape_segment (normalised);
  path = g_strconcat ("/invite_codes/", escaped, NULL);

  task = request_new (self, "GET", path, parse_invite_code, g_object_unref,
                      cancellable, callback, user_data, onboard_client_check_invite_code_async);
  request = g_task_get_task_data (task);
  g_free (request->log_path);
  request->log_path = g_strdup ("/invite_codes/{code}");
  request->not_found_message = _("Assembly has no invite code like this. Check the code in the "
                                 "email Assembly sent your school and try again.");

  if (normalised[0] == '\0')
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonArray) codes = json_array_new ();
      g_autoptr(OnboardFieldErrors) fields = NULL;

      /* Asking the service about "" would ask about the collection. */
      json_array_add_string_element (codes, "invalid");
      json_object_set_array_member (object, "invite_code", g_steal_pointer (&codes));
      fields = onboard_field_errors_new_from_json (object, NULL);
      request_fail (task, ONBOARD_CLIENT_ERROR_INVALID_INPUT, NULL, NULL, fields,
                    "empty invite code", NULL);
      return;
    }

  request_start (task);
}

/**
 * onboard_client_check_invite_code_finish:
 *
 * Returns: (transfer full): the invite code
 */
OnboardInviteCode *
onboard_client_check_invite_code_finish (OnboardClient  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  return request_finish (self, result, onboard_client_check_invite_code_async, error);
}

/**
 * onboard_client_create_signup_async:
 * @password: used for this one request and not kept
 * @terms_version: the version of the terms the user accepted
 * @idempotency_key: (nullable): see the top of onboard-client.h
 *
 * Refused fields come back as %ONBOARD_CLIENT_ERROR_INVALID_INPUT, see
 * onboard_client_error_get_fields().
 */
void
onboard_client_create_signup_async (OnboardClient       *self,
                                    const char          *invite_code,
                                    const char          *email,
                                    const char          *password,
                                    gboolean             accept_terms,
                                    const char          *terms_version,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *normalised = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (invite_code != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (terms_version != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  normalised = onboard_invite_code_normalise (invite_code);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "invite_code");
  json_builder_add_string_value (builder, normalised);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "accept_terms");
  json_builder_add_boolean_value (builder, accept_terms);
  json_builder_set_member_name (builder, "terms_version");
  json_builder_add_string_value (builder, terms_version);
  json_builder_end_object (builder);

  task = request_new (self, "POST", "/signups", parse_signup, g_object_unref,
                      cancellable, callback, user_data, onboard_client_create_signup_async);
  request_set_json_body (task, builder);
  request_set_idempotency_key (task, idempotency_key);
  request_start (task);
}

/**
 * onboard_client_create_signup_finish:
 *
 * Returns: (transfer full): the sign-up, with its signup token
 */
OnboardSignup *
onboard_client_create_signup_finish (OnboardClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return request_finish (self, result, onboard_client_create_signup_async, error);
}

static GTask *
signup_request_new (OnboardClient       *self,
                    const char          *method,
                    const char          *signup_id,
                    const char          *suffix,
                    const char          *signup_token,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag)
{
  g_autofree char *escaped = escape_segment (signup_id);
  g_autofree char *path = g_strconcat ("/signups/", escaped, suffix, NULL);
  GTask *task;
  Request *request;

  task = request_new (self, method, path, parse_signup, g_object_unref,
                      cancellable, callback, user_data, source_tag);
  request = g_task_get_task_data (task);
  request->auth = AUTH_BEARER;
  request->bearer = g_strdup (signup_token);
  request->not_found_message = _("This sign-up no longer exists. Please sign up again.");

  return task;
}

/**
 * onboard_client_get_signup_async:
 *
 * GET /signups/{id}, revalidated with the ETag of the last answer: the page
 * waiting for activation polls this every onboard_signup_get_retry_after()
 * seconds.
 */
void
onboard_client_get_signup_async (OnboardClient       *self,
                                 const char          *signup_id,
                                 const char          *signup_token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (signup_id != NULL);
  g_return_if_fail (signup_token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = signup_request_new (self, "GET", signup_id, NULL, signup_token,
                             cancellable, callback, user_data, onboard_client_get_signup_async);
  request_start (task);
}

/**
 * onboard_client_get_signup_finish:
 *
 * Returns: (transfer full): the sign-up
 */
OnboardSignup *
onboard_client_get_signup_finish (OnboardClient  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  return request_finish (self, result, onboard_client_get_signup_async, error);
}

/**
 * onboard_client_resend_activation_async:
 *
 * Before the sign-up's `resend_available_at` this fails with
 * %ONBOARD_CLIENT_ERROR_RATE_LIMITED (when the wait is long) and the
 * seconds to wait in the error's details.
 */
void
onboard_client_resend_activation_async (OnboardClient       *self,
                                        const char          *signup_id,
                                        const char          *signup_token,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (signup_id != NULL);
  g_return_if_fail (signup_token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = signup_request_new (self, "POST", signup_id, "/resend_activation", signup_token,
                             cancellable, callback, user_data,
                             onboard_client_resend_activation_async);
  request_set_idempotency_key (task, idempotency_key);
  request_start (task);
}

/**
 * onboard_client_resend_activation_finish:
 *
 * Returns: (transfer full): the sign-up with its new `resend_available_at`
 */
OnboardSignup *
onboard_client_resend_activation_finish (OnboardClient  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  return request_finish (self, result, onboard_client_resend_activation_async, error);
}

static void
sign_in_request_start (OnboardClient       *self,
                       char                *form,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data,
                       gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = request_new (self, "POST", "/oauth/token", parse_tokens, tokens_free,
                      cancellable, callback, user_data, source_tag);
  request = g_task_get_task_data (task);
  request->body = bytes_new_wiped (form);
  request->content_type = g_strdup ("application/x-www-form-urlencoded");
  request->new_identity = TRUE;

  /* A grant has no idempotency key, and repeating a password grant whose
   * answer was lost would count twice towards the lock-out; the user
   * presses the button again instead. */
  request->retryable = FALSE;

  request_start (task);
}

/**
 * onboard_client_sign_in_with_signup_async:
 *
 * The signup grant: signs in after activation without asking for the
 * password again. Before activation it fails with
 * %ONBOARD_CLIENT_ERROR_NOT_ACTIVATED.
 */
void
onboard_client_sign_in_with_signup_async (OnboardClient       *self,
                                          const char          *signup_id,
                                          const char          *signup_token,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (signup_id != NULL);
  g_return_if_fail (signup_token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  sign_in_request_start (self,
                         soup_form_encode ("grant_type", "signup",
                                           "signup_id", signup_id,
                                           "signup_token", signup_token,
                                           NULL),
                         cancellable, callback, user_data,
                         onboard_client_sign_in_with_signup_async);
}

/**
 * onboard_client_sign_in_with_signup_finish:
 *
 * Returns: %TRUE once the client holds tokens (and has emitted
 *   #OnboardClient::tokens-changed)
 */
gboolean
onboard_client_sign_in_with_signup_finish (OnboardClient  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  gpointer tokens = request_finish (self, result, onboard_client_sign_in_with_signup_async,
                                    error);

  g_clear_pointer (&tokens, tokens_free);
  return !g_task_had_error (G_TASK (result));
}

/**
 * onboard_client_sign_in_async:
 * @password: used for this one request and not kept
 *
 * The password grant, for an existing account. A wrong password fails with
 * %ONBOARD_CLIENT_ERROR_UNAUTHORISED.
 */
void
onboard_client_sign_in_async (OnboardClient       *self,
                              const char          *email,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  sign_in_request_start (self,
                         soup_form_encode ("grant_type", "password",
                                           "username", email,
                                           "password", password,
                                           NULL),
                         cancellable, callback, user_data,
                         onboard_client_sign_in_async);
}

gboolean
onboard_client_sign_in_finish (OnboardClient  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  gpointer tokens = request_finish (self, result, onboard_client_sign_in_async, error);

  g_clear_pointer (&tokens, tokens_free);
  return !g_task_had_error (G_TASK (result));
}

void
onboard_client_get_account_async (OnboardClient       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, "GET", "/me", parse_account, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_account_async);
  ((Request *)g_task_get_task_data (task))->auth = AUTH_ACCESS_TOKEN;
  request_start (task);
}

/**
 * onboard_client_get_account_finish:
 *
 * Returns: (transfer full): the signed-in account
 */
OnboardAccount *
onboard_client_get_account_finish (OnboardClient  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  return request_finish (self, result, onboard_client_get_account_async, error);
}

/**
 * onboard_client_fetch_schools_async:
 * @etag: (nullable): the ETag of the copy the caller already has
 * @include_closed: whether to include closed schools
 *
 * Downloads the school directory, compressed on the wire. The body is
 * handed over unparsed so that the directory can parse it in a worker
 * thread and cache it on disk.
 */
void
onboard_client_fetch_schools_async (OnboardClient       *self,
                                    const char          *etag,
                                    gboolean             include_closed,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, "GET",
                      include_closed ? "/schools?include_closed=true" : "/schools",
                      parse_schools, schools_result_free,
                      cancellable, callback, user_data, onboard_client_fetch_schools_async);
  request = g_task_get_task_data (task);
  request->use_cache = FALSE;
  request->if_none_match = g_strdup (etag);
  request->max_body_size = MAX_SCHOOLS_BODY_SIZE;
  request_start (task);
}

/**
 * onboard_client_fetch_schools_finish:
 * @new_etag: (out) (optional) (transfer full): the ETag to store with the
 *   body (the one passed in when not modified)
 * @not_modified: (out) (optional): set to %TRUE when the caller's copy is
 *   current; %NULL is then returned without an error
 *
 * Returns: (transfer full) (nullable): the JSON array of schools
 */
GBytes *
onboard_client_fetch_schools_finish (OnboardClient  *self,
                                     GAsyncResult   *result,
                                     char          **new_etag,
                                     gboolean       *not_modified,
                                     GError        **error)
{
  SchoolsResult *schools;
  GBytes *body;

  if (new_etag != NULL)
    *new_etag = NULL;
  if (not_modified != NULL)
    *not_modified = FALSE;

  schools = request_finish (self, result, onboard_client_fetch_schools_async, error);
  if (schools == NULL)
    return NULL;

  if (new_etag != NULL)
    *new_etag = g_steal_pointer (&schools->etag);
  if (not_modified != NULL)
    *not_modified = schools->not_modified;
  body = g_steal_pointer (&schools->body);
  schools_result_free (schools);

  return body;
}

void
onboard_client_list_mis_providers_async (OnboardClient       *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_new (self, "GET", "/mis_providers", parse_mis_providers, g_object_unref,
                      cancellable, callback, user_data, onboard_client_list_mis_providers_async);
  request_start (task);
}

/**
 * onboard_client_list_mis_providers_finish:
 *
 * Returns: (transfer full): a #GListModel of #OnboardMisProvider
 */
GListModel *
onboard_client_list_mis_providers_finish (OnboardClient  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  return request_finish (self, result, onboard_client_list_mis_providers_async, error);
}

/**
 * onboard_client_create_school_registration_async:
 * @urn: the school's URN
 * @mis_provider: an id from GET /mis_providers, such as "sims"
 *
 * A school another account holds fails with %ONBOARD_CLIENT_ERROR_CONFLICT
 * and the server code `school_already_registered`.
 */
void
onboard_client_create_school_registration_async (OnboardClient       *self,
                                                 const char          *urn,
                                                 const char          *mis_provider,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  Request *request;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (urn != NULL);
  g_return_if_fail (mis_provider != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "urn");
  json_builder_add_string_value (builder, urn);
  json_builder_set_member_name (builder, "mis_provider");
  json_builder_add_string_value (builder, mis_provider);
  json_builder_end_object (builder);

  task = request_new (self, "POST", "/school_registrations", parse_school_registration,
                      g_object_unref, cancellable, callback, user_data,
                      onboard_client_create_school_registration_async);
  request = g_task_get_task_data (task);
  request->auth = AUTH_ACCESS_TOKEN;
  request->not_found_message = _("This school is not in Assembly’s list. Search for it again, "
                                 "or call Assembly support.");
  request_set_json_body (task, builder);
  request_set_idempotency_key (task, idempotency_key);
  request_start (task);
}

/**
 * onboard_client_create_school_registration_finish:
 *
 * Returns: (transfer full): the registration, with its connector's id
 */
OnboardSchoolRegistration *
onboard_client_create_school_registration_finish (OnboardClient  *self,
                                                  GAsyncResult   *result,
                                                  GError        **error)
{
  return request_finish (self, result, onboard_client_create_school_registration_async, error);
}

static GTask *
connector_request_new (OnboardClient       *self,
                       const char          *method,
                       const char          *connector_id,
                       const char          *suffix,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data,
                       gpointer             source_tag)
{
  g_autofree char *escaped = escape_segment (connector_id);
  g_autofree char *path = g_strconcat ("/connectors/", escaped, suffix, NULL);
  GTask *task;
  Request *request;

  task = request_new (self, method, path, parse_connector, g_object_unref,
                      cancellable, callback, user_data, source_tag);
  request = g_task_get_task_data (task);
  request->auth = AUTH_ACCESS_TOKEN;
  request->not_found_message = _("This connection no longer exists. Choose your school again.");

  return task;
}

/**
 * onboard_client_get_connector_async:
 *
 * GET /connectors/{id}, revalidated with the ETag of the last answer, so
 * polling an unchanged connector costs a 304.
 */
void
onboard_client_get_connector_async (OnboardClient       *self,
                                    const char          *connector_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (connector_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = connector_request_new (self, "GET", connector_id, NULL,
                                cancellable, callback, user_data,
                                onboard_client_get_connector_async);
  request_start (task);
}

/**
 * onboard_client_get_connector_finish:
 *
 * Returns: (transfer full): the connector
 */
OnboardConnector *
onboard_client_get_connector_finish (OnboardClient  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return request_finish (self, result, onboard_client_get_connector_async, error);
}

/**
 * onboard_client_change_mis_provider_async:
 * @etag: (nullable): the connector's ETag (onboard_connector_get_etag());
 *   %NULL uses the one of the last GET /connectors/{id}, if any
 *
 * Only before Grant Access; afterwards, or when the connector changed since
 * @etag, it fails with %ONBOARD_CLIENT_ERROR_CONFLICT.
 */
void
onboard_client_change_mis_provider_async (OnboardClient       *self,
                                          const char          *connector_id,
                                          const char          *mis_provider,
                                          const char          *etag,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  Request *request;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (connector_id != NULL);
  g_return_if_fail (mis_provider != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mis_provider");
  json_builder_add_string_value (builder, mis_provider);
  json_builder_end_object (builder);

  task = connector_request_new (self, "PATCH", connector_id, NULL,
                                cancellable, callback, user_data,
                                onboard_client_change_mis_provider_async);
  request = g_task_get_task_data (task);
  request_set_json_body (task, builder);

  if (etag == NULL)
    {
      CacheEntry *entry = g_hash_table_lookup (self->cache, request->path);

      if (entry != NULL)
        etag = entry->etag;
    }
  request->if_match = g_strdup (etag);

  /* With If-Match a repeat is harmless: the second one finds the first
   * one's change and is refused, never applied twice. */
  request->retryable = etag != NULL;

  request_start (task);
}

/**
 * onboard_client_change_mis_provider_finish:
 *
 * Returns: (transfer full): the connector with its new MIS
 */
OnboardConnector *
onboard_client_change_mis_provider_finish (OnboardClient  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  return request_finish (self, result, onboard_client_change_mis_provider_async, error);
}

/**
 * onboard_client_grant_access_async:
 * @send_to_name: (nullable): a colleague to receive Groupcall's email, or
 *   %NULL for the account's own address
 * @send_to_email: (nullable): that colleague's address
 * @accept_usage_policy: whether the user accepted Groupcall's usage policy
 *
 * Asks Groupcall to invite the school. If Groupcall refuses it fails with
 * %ONBOARD_CLIENT_ERROR_UPSTREAM.
 */
void
onboard_client_grant_access_async (OnboardClient       *self,
                                   const char          *connector_id,
                                   const char          *send_to_name,
                                   const char          *send_to_email,
                                   gboolean             accept_usage_policy,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (connector_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  if (send_to_email != NULL)
    {
      json_builder_set_member_name (builder, "send_to");
      json_builder_begin_object (builder);
      if (send_to_name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, send_to_name);
        }
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, send_to_email);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "accept_groupcall_usage_policy");
  json_builder_add_boolean_value (builder, accept_usage_policy);
  json_builder_end_object (builder);

  task = connector_request_new (self, "POST", connector_id, "/grant_access",
                                cancellable, callback, user_data,
                                onboard_client_grant_access_async);
  request_set_json_body (task, builder);
  request_set_idempotency_key (task, idempotency_key);
  request_start (task);
}

/**
 * onboard_client_grant_access_finish:
 *
 * Returns: (transfer full): the connector, normally `invitation_sent`
 */
OnboardConnector *
onboard_client_grant_access_finish (OnboardClient  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return request_finish (self, result, onboard_client_grant_access_async, error);
}

void
onboard_client_resend_invitation_async (OnboardClient       *self,
                                        const char          *connector_id,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CLIENT (self));
  g_return_if_fail (connector_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = connector_request_new (self, "POST", connector_id, "/resend_invitation",
                                cancellable, callback, user_data,
                                onboard_client_resend_invitation_async);
  request_set_idempotency_key (task, idempotency_key);
  request_start (task);
}

/**
 * onboard_client_resend_invitation_finish:
 *
 * Returns: (transfer full): the connector
 */
OnboardConnector *
onboard_client_resend_invitation_finish (OnboardClient  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  return request_finish (self, result, onboard_client_resend_invitation_async, error);
}
