/* onboard-sandbox-limits.c: rate limits and Idempotency-Key replays
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-limits.h"
#include "onboard-sandbox-private.h"

#include <string.h>

typedef struct
{
  char    *fingerprint;
  guint    status;
  char    *content_type;
  GBytes  *body;
  GPtrArray *headers;
  gint64   created_at;
} Replay;

typedef struct
{
  gint64  started_at;
  guint   count;
} Window;

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_free (replay->fingerprint);
  g_free (replay->content_type);
  g_clear_pointer (&replay->body, g_bytes_unref);
  g_clear_pointer (&replay->headers, g_ptr_array_unref);
  g_free (replay);
}


/**
 * onboard_sandbox_limits_init:
 *
 * Creates the tables the limits keep in @self: the rate-limit windows and
 * the answers kept for Idempotency-Key replays.
 */
void
onboard_sandbox_limits_init (OnboardSandbox *self)
{
  self->replays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, replay_free);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Rate limits: fixed windows, one per key. */

gboolean
onboard_sandbox_rate_check (OnboardSandbox *self,
                            const char     *key,
                            guint           limit,
                            double          period,
                            gboolean        count,
                            guint          *out_count,
                            double         *out_retry_after)
{
  gint64 now = onboard_sandbox_now ();
  Window *window = g_hash_table_lookup (self->windows, key);

  if (window == NULL || now - window->started_at >= ONBOARD_SANDBOX_USEC (period))
    {
      if (window == NULL)
        {
          window = g_new0 (Window, 1);
          g_hash_table_insert (self->windows, g_strdup (key), window);
        }
      window->started_at = now;
      window->count = 0;
    }

  if (count)
    window->count++;

  if (out_count != NULL)
    *out_count = window->count;
  if (out_retry_after != NULL)
    *out_retry_after = (window->started_at + ONBOARD_SANDBOX_USEC (period) - now) / (double)G_USEC_PER_SEC;

  return count ? window->count <= limit : window->count < limit;
}

void
onboard_sandbox_rate_reset (OnboardSandbox *self,
                            const char     *key)
{
  g_hash_table_remove (self->windows, key);
}

static char *
replay_scope (OnboardSandboxRequest *request,
              const char            *key)
{
  return g_strdup_printf ("%s %s %s %s",
                          soup_server_message_get_method (request->msg),
                          request->path,
                          request->account ? request->account->id : "-",
                          key);
}

static char *
replay_fingerprint (OnboardSandboxRequest *request)
{
  gsize length = 0;
  const guchar *data = request->body ? g_bytes_get_data (request->body, &length) : NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *)"", length);
}

static void
store_replay (OnboardSandbox        *self,
              OnboardSandboxRequest *request,
              char                  *scope,
              char                  *fingerprint)
{
  Replay *replay = g_new0 (Replay, 1);

  replay->fingerprint = fingerprint;
  replay->status = request->status;
  replay->content_type = g_strdup (request->content_type);
  replay->body = request->response ? g_bytes_ref (request->response) : NULL;
  replay->headers = request->headers ? g_ptr_array_ref (request->headers) : NULL;
  replay->created_at = onboard_sandbox_now ();

  g_hash_table_replace (self->replays, scope, replay);

  /* Keys are only promised for a day; forget older ones now and then. */
  if (++self->replay_inserts % 256 == 0)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->replays);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (replay->created_at - ((Replay *)value)->created_at > ONBOARD_SANDBOX_USEC (86400))
          g_hash_table_iter_remove (&iter);
    }
}

/**
 * onboard_sandbox_check_token_rate:
 *
 * Counts @request against its access token's window.
 *
 * Returns: %FALSE if the token has used up its requests, with a 429 set
 */
gboolean
onboard_sandbox_check_token_rate (OnboardSandbox        *self,
                                  OnboardSandboxRequest *request)
{
  g_autofree char *window = NULL;
  double retry_after;
  guint count;

  if (request->bearer == NULL || request->route->dev)
    return TRUE;

  window = g_strconcat ("token:", request->bearer, NULL);
  if (onboard_sandbox_rate_check (self, window, self->rate_limit, self->rate_limit_period,
                                  TRUE, &count, &retry_after))
    return TRUE;

  onboard_sandbox_respond_too_many (request, count, self->rate_limit_period,
                                    self->rate_limit, retry_after);
  return FALSE;
}

/* Answers @request with the one kept for its key, if there is one. */
static gboolean
replay (OnboardSandbox        *self,
        OnboardSandboxRequest *request,
        const char            *scope,
        const char            *fingerprint)
{
  Replay *kept = g_hash_table_lookup (self->replays, scope);

  if (kept == NULL)
    return FALSE;

  if (strcmp (kept->fingerprint, fingerprint) != 0)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "conflict",
                                     "This Idempotency-Key was used with a different request body",
                                     NULL);
      return TRUE;
    }

  onboard_sandbox_respond (request, kept->status, kept->content_type, kept->body);
  for (guint i = 0; kept->headers && i + 1 < kept->headers->len; i += 2)
    onboard_sandbox_add_header (request,
                                g_ptr_array_index (kept->headers, i),
                                g_ptr_array_index (kept->headers, i + 1));
  onboard_sandbox_add_header (request, "Idempotent-Replayed", "true");
  return TRUE;
}

/**
 * onboard_sandbox_run_idempotent:
 *
 * Runs the route's handler on @request, unless the request is a POST whose
 * Idempotency-Key has an answer kept, which it then gets again.
 */
void
onboard_sandbox_run_idempotent (OnboardSandbox        *self,
                                OnboardSandboxRequest *request)
{
  const char *key = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *fingerprint = NULL;

  if (strcmp (request->route->method, "POST") == 0 && !request->route->dev)
    key = onboard_sandbox_request_header (request, "Idempotency-Key");

  if (key == NULL)
    {
      request->route->handler (self, request);
      return;
    }

  scope = replay_scope (request, key);
  fingerprint = replay_fingerprint (request);
  if (replay (self, request, scope, fingerprint))
    return;

  request->route->handler (self, request);

  /* Only answers that did something are replayed. A 429 or a 5xx changed
   * nothing, so the same key tried again later must really be tried again
   * (as payment APIs with idempotency keys do); replaying the refusal would
   * make the client's patient retry of a rate-limited request pointless. */
  if (request->responded &&
      request->status != ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS &&
      request->status < 500)
    store_replay (self, request, g_steal_pointer (&scope), g_steal_pointer (&fingerprint));
}
