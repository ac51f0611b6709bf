/* onboard-sandbox-http.c: reading requests, and JSON answers and errors
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-http.h"

#include <math.h>
#include <string.h>

#include "onboard-json.h"

void
onboard_sandbox_request_free (OnboardSandboxRequest *request)
{
  g_clear_object (&request->msg);
  g_free (request->path);
  g_free (request->params[0]);
  g_free (request->params[1]);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request->bearer);
  g_clear_pointer (&request->json, json_node_unref);
  g_clear_pointer (&request->form, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->content_type);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_clear_pointer (&request->headers, g_ptr_array_unref);
  g_free (request);
}

/* Responses */

void
onboard_sandbox_add_header (OnboardSandboxRequest *request,
                            const char            *name,
                            const char            *value)
{
  if (request->headers == NULL)
    request->headers = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (request->headers, g_strdup (name));
  g_ptr_array_add (request->headers, g_strdup (value));
}

void
onboard_sandbox_add_retry_after (OnboardSandboxRequest *request,
                                 double                 seconds)
{
  char value[32];

  g_snprintf (value, sizeof value, "%u", (guint)MAX (0, ceil (seconds)));
  onboard_sandbox_add_header (request, "Retry-After", value);
}

void
onboard_sandbox_respond (OnboardSandboxRequest *request,
                         guint                  status,
                         const char            *content_type,
                         GBytes                *body)
{
  char *type = g_strdup (content_type);

  /* A hostile answer passes the request's own content type back in. */
  g_free (request->content_type);
  request->content_type = type;

  request->responded = TRUE;
  request->status = status;
  g_clear_pointer (&request->response, g_bytes_unref);
  request->response = body ? g_bytes_ref (body) : NULL;
}

void
onboard_sandbox_respond_json (OnboardSandboxRequest *request,
                              guint                  status,
                              JsonNode              *node)
{
  g_autoptr(GBytes) body = NULL;
  char *text = json_to_string (node, FALSE);

  body = g_bytes_new_take (text, strlen (text));
  onboard_sandbox_respond (request, status, "application/json", body);
}

void
onboard_sandbox_respond_html (OnboardSandboxRequest *request,
                              guint                  status,
                              char                  *html)
{
  g_autoptr(GBytes) body = g_bytes_new_take (html, strlen (html));

  onboard_sandbox_respond (request, status, "text/html; charset=utf-8", body);
}

gboolean
onboard_sandbox_etag_matches (const char *header,
                              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL || etag == NULL)
    return FALSE;

  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i]; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0 || strcmp (tag, etag) == 0)
        return TRUE;
    }

  return FALSE;
}

char *
onboard_sandbox_etag_for (const char *text)
{
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strdup_printf ("\"%.32s\"", checksum);
}

/**
 * onboard_sandbox_respond_cacheable:
 *
 * Answers 200 with an ETag, or 304 when the client already has this body.
 *
 * Returns: %TRUE if the answer is 304
 */
gboolean
onboard_sandbox_respond_cacheable (OnboardSandboxRequest *request,
                                   JsonNode              *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *etag = onboard_sandbox_etag_for (text);
  g_autoptr(GBytes) body = NULL;
  gsize length = strlen (text);

  onboard_sandbox_add_header (request, "ETag", etag);
  onboard_sandbox_add_header (request, "Cache-Control", "no-cache");

  if (onboard_sandbox_etag_matches (onboard_sandbox_request_header (request, "If-None-Match"), etag))
    {
      onboard_sandbox_respond (request, SOUP_STATUS_NOT_MODIFIED, NULL, NULL);
      return TRUE;
    }

  body = g_bytes_new_take (g_steal_pointer (&text), length);
  onboard_sandbox_respond (request, SOUP_STATUS_OK, "application/json", body);
  return FALSE;
}

void
onboard_sandbox_respond_error (OnboardSandboxRequest *request,
                               guint                  status,
                               const char            *error,
                               const char            *message,
                               JsonNode              *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, data);
    }
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_respond_json (request, status, node);
}

void
onboard_sandbox_respond_fields (OnboardSandboxRequest *request,
                                JsonObject            *fields)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_object_member (data, "fields", fields);
  onboard_sandbox_respond_error (request, 422, "validation_failed",
                                 "Some fields are not valid; see data.fields",
                                 json_node_init_object (json_node_alloc (), data));
}

void
onboard_sandbox_respond_too_many (OnboardSandboxRequest *request,
                                  guint                  count,
                                  double                 period,
                                  guint                  limit,
                                  double                 retry_after)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *message = NULL;
  guint seconds = (guint)MAX (0, ceil (retry_after));

  json_object_set_int_member (data, "count", count);
  json_object_set_int_member (data, "period", (gint64)ceil (period));
  json_object_set_int_member (data, "limit", limit);
  message = g_strdup_printf ("Too many requests; try again in %u seconds", seconds);

  onboard_sandbox_add_retry_after (request, retry_after);
  onboard_sandbox_respond_error (request, ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS, "too many requests", message,
                                 json_node_init_object (json_node_alloc (), data));
}

const char *
onboard_sandbox_error_code_for_status (guint status)
{
  switch (status)
    {
    case 400: return "invalid_request_body";
    case 401: return "invalid_token";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 406: return "unsupported_version";
    case 409: return "conflict";
    case 410: return "gone";
    case 422: return "validation_failed";
    case 429: return "too many requests";
    case 502: return "upstream_error";
    case 503: return "unavailable";
    case 504: return "upstream_timeout";
    default: return status >= 500 ? "server_error" : "error";
    }
}

/* Requests */

const char *
onboard_sandbox_request_header (OnboardSandboxRequest *request,
                                const char            *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg), name);
}

const char *
onboard_sandbox_form_get (OnboardSandboxRequest *request,
                          const char            *name)
{
  GPtrArray *values;

  if (request->form == NULL)
    return NULL;

  values = g_hash_table_lookup (request->form, name);
  return values ? g_ptr_array_index (values, 0) : NULL;
}

/* XoD sends lists comma-separated; a browser form sends a field once per
 * ticked box. Both arrive here as one comma-separated string. */
char *
onboard_sandbox_form_get_list (OnboardSandboxRequest *request,
                               const char            *name)
{
  GPtrArray *values;
  GString *out;

  if (request->form == NULL || !(values = g_hash_table_lookup (request->form, name)))
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (values, i));
    }

  return g_string_free (out, FALSE);
}

gboolean
onboard_sandbox_accepts_html (OnboardSandboxRequest *request)
{
  const char *accept = onboard_sandbox_request_header (request, "Accept");

  return accept != NULL && strstr (accept, "text/html") != NULL;
}

static char *
form_unescape (const char *text,
               gsize       length)
{
  g_autofree char *plus = g_strndup (text, length);

  for (char *p = plus; *p; p++)
    if (*p == '+')
      *p = ' ';

  return g_uri_unescape_string (plus, NULL);
}

static GHashTable *
form_decode (GBytes *body)
{
  GHashTable *form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  const char *end = data + length;
  const char *p = data;

  while (p != NULL && p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *pair_end = amp ? amp : end;
      const char *eq = memchr (p, '=', pair_end - p);
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      GPtrArray *values;

      if (pair_end > p)
        {
          name = form_unescape (p, (eq ? eq : pair_end) - p);
          value = eq ? form_unescape (eq + 1, pair_end - eq - 1) : g_strdup ("");

          if (name != NULL && value != NULL && g_utf8_validate (value, -1, NULL))
            {
              if (!(values = g_hash_table_lookup (form, name)))
                {
                  values = g_ptr_array_new_with_free_func (g_free);
                  g_hash_table_insert (form, g_strdup (name), values);
                }
              g_ptr_array_add (values, g_steal_pointer (&value));
            }
        }

      p = amp ? amp + 1 : end;
    }

  return form;
}

static gboolean
accept_has_version (const char *accept)
{
  g_auto(GStrv) ranges = NULL;

  if (accept == NULL)
    return FALSE;

  ranges = g_strsplit (accept, ",", -1);
  for (guint i = 0; ranges[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", -1);

      if (g_ascii_strcasecmp (g_strstrip (parts[0]), ONBOARD_SANDBOX_MEDIA_TYPE) != 0)
        continue;

      for (guint j = 1; parts[j]; j++)
        {
          char *param = g_strstrip (parts[j]);
          char *value;

          if (g_ascii_strncasecmp (param, "version", 7) != 0)
            continue;
          value = g_strstrip (param + 7);
          if (*value != '=')
            continue;
          value = g_strstrip (value + 1);
          if (*value == '"' && strlen (value) >= 2 && value[strlen (value) - 1] == '"')
            {
              value[strlen (value) - 1] = '\0';
              value++;
            }
          if (strcmp (value, ONBOARD_SANDBOX_API_VERSION) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* Every endpoint of the contract asks for its media type and version;
 * the /__dev/ hooks do not. */
gboolean
onboard_sandbox_check_accept (OnboardSandboxRequest *request)
{
  g_autoptr(JsonObject) data = NULL;
  JsonArray *supported;

  if (request->route->dev ||
      accept_has_version (onboard_sandbox_request_header (request, "Accept")))
    return TRUE;

  data = json_object_new ();
  supported = json_array_new ();
  json_array_add_string_element (supported, ONBOARD_SANDBOX_API_VERSION);
  json_object_set_array_member (data, "supported_versions", supported);
  onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_ACCEPTABLE, "unsupported_version",
                                 "Send Accept: " ONBOARD_SANDBOX_MEDIA_TYPE "; version="
                                 ONBOARD_SANDBOX_API_VERSION,
                                 json_node_init_object (json_node_alloc (), data));
  return FALSE;
}

gboolean
onboard_sandbox_route_matches (const char *pattern,
                               const char *path,
                               char      **params)
{
  guint n_params = 0;

  while (*pattern && *path)
    {
      if (*pattern == '*')
        {
          const char *slash = strchr (path, '/');
          gsize length = slash ? (gsize)(slash - path) : strlen (path);

          if (length == 0 || n_params >= 2)
            return FALSE;
          if (params != NULL)
            {
              g_free (params[n_params]);
              params[n_params] = g_uri_unescape_segment (path, path + length, NULL);
              if (params[n_params] == NULL)
                return FALSE;
            }
          n_params++;
          pattern++;
          path += length;
          continue;
        }

      if (*pattern != *path)
        return FALSE;
      pattern++;
      path++;
    }

  return *pattern == '\0' && *path == '\0';
}

static gboolean
is_json_type (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          (g_str_has_prefix (content_type, "application/") && g_str_has_suffix (content_type, "+json")));
}

/* Why the reference server refuses a body before json-glib reads it. */
static const char *
json_problem_message (OnboardJsonProblem problem)
{
  switch (problem)
    {
    case ONBOARD_JSON_PROBLEM_NONE:
      return NULL;
    case ONBOARD_JSON_PROBLEM_NOT_A_CONTAINER:
      return "The body must be a JSON object";
    case ONBOARD_JSON_PROBLEM_BAD_ESCAPE:
      return "The body is not valid JSON: a string has an escape JSON does not allow";
    case ONBOARD_JSON_PROBLEM_BAD_CHARACTER:
      return "The body is not valid JSON: a character JSON does not allow outside strings";
    case ONBOARD_JSON_PROBLEM_TOO_DEEP:
      return "The body is not valid JSON: it nests too deep";
    case ONBOARD_JSON_PROBLEM_TRAILING_DATA:
    default:
      return "The body is not valid JSON: more follows its first value";
    }
}

static gboolean
read_json_body (OnboardSandboxRequest *request,
                const char            *content_type)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (request->body, &length);
  const char *problem;

  if (!is_json_type (content_type))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid_request_body",
                                     "Send the body as application/json", NULL);
      return FALSE;
    }

  /* No limit on depth: a body may nest as deep as json-glib manages. */
  if ((problem = json_problem_message (onboard_json_find_problem (data, length, 0))))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     problem, NULL);
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_autofree char *message = g_strdup_printf ("The body is not valid JSON: %s", error->message);

      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body", message, NULL);
      return FALSE;
    }

  request->json = json_parser_steal_root (parser);
  if (request->json == NULL ||
      (!JSON_NODE_HOLDS_OBJECT (request->json) && request->route->body != ROUTE_BODY_JSON_OR_ARRAY))
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     "The body must be a JSON object", NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * onboard_sandbox_read_body:
 *
 * Reads the body the route takes into @request: its form or its JSON.
 *
 * Returns: %FALSE if the body is refused, with the answer set
 */
gboolean
onboard_sandbox_read_body (OnboardSandboxRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  RouteBody kind = request->route->body;
  gsize length;

  request->body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  length = g_bytes_get_size (request->body);

  /* Chunked uploads have no length to refuse early. */
  if (length > ONBOARD_SANDBOX_MAX_BODY)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "invalid_request_body",
                                     "The request body is larger than 1 MiB", NULL);
      return FALSE;
    }

  if (kind == ROUTE_BODY_NONE)
    return TRUE;

  if (kind == ROUTE_BODY_FORM)
    {
      if (length > 0 && g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0)
        {
          onboard_sandbox_respond_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "invalid_request_body",
                                         "Send this form as application/x-www-form-urlencoded", NULL);
          return FALSE;
        }
      request->form = form_decode (request->body);
      return TRUE;
    }

  if (length == 0)
    {
      if (kind == ROUTE_BODY_JSON_OPTIONAL)
        return TRUE;
      onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                     "This request needs a JSON body", NULL);
      return FALSE;
    }

  return read_json_body (request, content_type);
}
