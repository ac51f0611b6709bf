/* onboard-client-private.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onboard-client.h"
#include "onboard-field-errors.h"

G_BEGIN_DECLS

/* What the client's two halves share: the request engine
 * (onboard-client-request.c: sending, retries and back-off, 429 waits,
 * token refresh, the ETag cache, the request log) and the endpoints
 * (onboard-client.c: one async pair each, and the GObject). */

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

/* The request engine: make a request, say what it sends, start it, and
 * read its result in the endpoint's _finish(). */
GTask      *onboard_client_request_new                 (OnboardClient        *self,
                                                        const char           *method,
                                                        const char           *path,
                                                        ParseFunc             parse,
                                                        GDestroyNotify        result_free,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data,
                                                        gpointer              source_tag);
void        onboard_client_request_set_idempotency_key (GTask                *task,
                                                        const char           *key);
void        onboard_client_request_set_json_body       (GTask                *task,
                                                        JsonBuilder          *builder);
void        onboard_client_request_start               (GTask                *task);
gpointer    onboard_client_request_finish              (OnboardClient        *self,
                                                        GAsyncResult         *result,
                                                        gpointer              source_tag,
                                                        GError              **error);
void        onboard_client_request_fail                (GTask                *task,
                                                        OnboardClientError    code,
                                                        const char           *server_code,
                                                        const char           *server_message,
                                                        OnboardFieldErrors   *fields,
                                                        const char           *debug_message,
                                                        const char           *message);

/* Reading a 2xx body, and the tokens every sign-in and refresh gives. */
JsonObject *onboard_client_parse_body_object           (GBytes               *body,
                                                        GError              **error);
gpointer    onboard_client_parse_tokens                (Request              *request,
                                                        GBytes               *body,
                                                        GError              **error);

/* Secrets are wiped from memory when they are freed. */
void        onboard_client_wipe_string                 (gpointer              data);
GBytes     *onboard_client_bytes_new_wiped             (char                 *str);
char       *onboard_client_escape_segment              (const char           *segment);

void        onboard_client_cache_entry_free            (gpointer              data);
void        onboard_client_log_entry_free              (gpointer              data);
void        onboard_client_tokens_free                 (gpointer              data);
void        onboard_client_schools_result_free         (gpointer              data);

/* The client, for the engine: a token refresh sets the new tokens. */
void        onboard_client_set_tokens_internal         (OnboardClient        *self,
                                                        const char           *access_token,
                                                        const char           *refresh_token);

G_END_DECLS
