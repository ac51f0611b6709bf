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
#include "onboard-client-private.h"
#include "onboard-json.h"

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


void
onboard_client_set_tokens_internal (OnboardClient *self,
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
  g_clear_pointer (&self->access_token, onboard_client_wipe_string);
  g_clear_pointer (&self->refresh_token, onboard_client_wipe_string);
  self->access_token = new_access_token;
  self->refresh_token = new_refresh_token;

  g_signal_emit (self, signals[TOKENS_CHANGED], 0);

  if (was_signed_in != (self->access_token != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}


static gpointer
parse_service_status (Request  *request,
                      GBytes   *body,
                      GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);
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
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);

  return object ? onboard_terms_new_from_json (object, error) : NULL;
}

static gpointer
parse_invite_code (Request  *request,
                   GBytes   *body,
                   GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);

  return object ? onboard_invite_code_new_from_json (object, error) : NULL;
}

static gpointer
parse_signup (Request  *request,
              GBytes   *body,
              GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);
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
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);

  return object ? onboard_account_new_from_json (object, error) : NULL;
}

static gpointer
parse_school_registration (Request  *request,
                           GBytes   *body,
                           GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);

  return object ? onboard_school_registration_new_from_json (object, error) : NULL;
}

static gpointer
parse_connector (Request  *request,
                 GBytes   *body,
                 GError  **error)
{
  g_autoptr(JsonObject) object = onboard_client_parse_body_object (body, error);
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
  g_clear_pointer (&self->access_token, onboard_client_wipe_string);
  g_clear_pointer (&self->refresh_token, onboard_client_wipe_string);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_queue_clear_full (&self->log, onboard_client_log_entry_free);
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
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, onboard_client_cache_entry_free);
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
  onboard_client_set_tokens_internal (self, access_token, refresh_token);
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

  task = onboard_client_request_new (self, "GET", "/status", parse_service_status, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_status_async);
  /* Never answered from the cache: the check is about the live service
   * and its clock now. */
  ((Request *)g_task_get_task_data (task))->use_cache = FALSE;
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_get_status_async, error);
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

  task = onboard_client_request_new (self, "GET", "/terms", parse_terms, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_terms_async);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_get_terms_async, error);
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
  escaped = onboard_client_escape_segment (normalised);
  path = g_strconcat ("/invite_codes/", escaped, NULL);

  task = onboard_client_request_new (self, "GET", path, parse_invite_code, g_object_unref,
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
      onboard_client_request_fail (task, ONBOARD_CLIENT_ERROR_INVALID_INPUT, NULL, NULL, fields,
                    "empty invite code", NULL);
      return;
    }

  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_check_invite_code_async, error);
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

  task = onboard_client_request_new (self, "POST", "/signups", parse_signup, g_object_unref,
                      cancellable, callback, user_data, onboard_client_create_signup_async);
  onboard_client_request_set_json_body (task, builder);
  onboard_client_request_set_idempotency_key (task, idempotency_key);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_create_signup_async, error);
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
  g_autofree char *escaped = onboard_client_escape_segment (signup_id);
  g_autofree char *path = g_strconcat ("/signups/", escaped, suffix, NULL);
  GTask *task;
  Request *request;

  task = onboard_client_request_new (self, method, path, parse_signup, g_object_unref,
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
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_get_signup_async, error);
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
  onboard_client_request_set_idempotency_key (task, idempotency_key);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_resend_activation_async, error);
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

  task = onboard_client_request_new (self, "POST", "/oauth/token", onboard_client_parse_tokens, onboard_client_tokens_free,
                      cancellable, callback, user_data, source_tag);
  request = g_task_get_task_data (task);
  request->body = onboard_client_bytes_new_wiped (form);
  request->content_type = g_strdup ("application/x-www-form-urlencoded");
  request->new_identity = TRUE;

  /* A grant has no idempotency key, and repeating a password grant whose
   * answer was lost would count twice towards the lock-out; the user
   * presses the button again instead. */
  request->retryable = FALSE;

  onboard_client_request_start (task);
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
  gpointer tokens = onboard_client_request_finish (self, result, onboard_client_sign_in_with_signup_async,
                                    error);

  g_clear_pointer (&tokens, onboard_client_tokens_free);
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
  gpointer tokens = onboard_client_request_finish (self, result, onboard_client_sign_in_async, error);

  g_clear_pointer (&tokens, onboard_client_tokens_free);
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

  task = onboard_client_request_new (self, "GET", "/me", parse_account, g_object_unref,
                      cancellable, callback, user_data, onboard_client_get_account_async);
  ((Request *)g_task_get_task_data (task))->auth = AUTH_ACCESS_TOKEN;
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_get_account_async, error);
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

  task = onboard_client_request_new (self, "GET",
                      include_closed ? "/schools?include_closed=true" : "/schools",
                      parse_schools, onboard_client_schools_result_free,
                      cancellable, callback, user_data, onboard_client_fetch_schools_async);
  request = g_task_get_task_data (task);
  request->use_cache = FALSE;
  request->if_none_match = g_strdup (etag);
  request->max_body_size = MAX_SCHOOLS_BODY_SIZE;
  onboard_client_request_start (task);
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

  schools = onboard_client_request_finish (self, result, onboard_client_fetch_schools_async, error);
  if (schools == NULL)
    return NULL;

  if (new_etag != NULL)
    *new_etag = g_steal_pointer (&schools->etag);
  if (not_modified != NULL)
    *not_modified = schools->not_modified;
  body = g_steal_pointer (&schools->body);
  onboard_client_schools_result_free (schools);

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

  task = onboard_client_request_new (self, "GET", "/mis_providers", parse_mis_providers, g_object_unref,
                      cancellable, callback, user_data, onboard_client_list_mis_providers_async);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_list_mis_providers_async, error);
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

  task = onboard_client_request_new (self, "POST", "/school_registrations", parse_school_registration,
                      g_object_unref, cancellable, callback, user_data,
                      onboard_client_create_school_registration_async);
  request = g_task_get_task_data (task);
  request->auth = AUTH_ACCESS_TOKEN;
  request->not_found_message = _("This school is not in Assembly’s list. Search for it again, "
                                 "or call Assembly support.");
  onboard_client_request_set_json_body (task, builder);
  onboard_client_request_set_idempotency_key (task, idempotency_key);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_create_school_registration_async, error);
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
  g_autofree char *escaped = onboard_client_escape_segment (connector_id);
  g_autofree char *path = g_strconcat ("/connectors/", escaped, suffix, NULL);
  GTask *task;
  Request *request;

  task = onboard_client_request_new (self, method, path, parse_connector, g_object_unref,
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
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_get_connector_async, error);
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
  onboard_client_request_set_json_body (task, builder);

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

  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_change_mis_provider_async, error);
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
  onboard_client_request_set_json_body (task, builder);
  onboard_client_request_set_idempotency_key (task, idempotency_key);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_grant_access_async, error);
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
  onboard_client_request_set_idempotency_key (task, idempotency_key);
  onboard_client_request_start (task);
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
  return onboard_client_request_finish (self, result, onboard_client_resend_invitation_async, error);
}
