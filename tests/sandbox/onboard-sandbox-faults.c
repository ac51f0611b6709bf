/* onboard-sandbox-faults.c: the faults /__dev/faults injects
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-faults.h"
#include "onboard-sandbox-private.h"

#include <math.h>
#include <string.h>


void
onboard_sandbox_fault_free (gpointer data)
{
  OnboardSandboxFault *fault = data;

  g_free (fault->path);
  g_free (fault->method);
  g_free (fault->body);
  g_free (fault);
}

static gboolean
fault_is_upstream (const OnboardSandboxFault *fault)
{
  return fault->status == 502 && fault->body == NULL && fault->delay_ms == 0 &&
         !fault->drop && g_str_has_suffix (fault->path, "/grant_access");
}

static gboolean
fault_matches (const OnboardSandboxFault *fault,
               const char                *method,
               const char                *path)
{
  if (fault->method != NULL && g_ascii_strcasecmp (fault->method, method) != 0)
    return FALSE;

  if (g_str_has_suffix (fault->path, "*"))
    return strncmp (fault->path, path, strlen (fault->path) - 1) == 0;

  return strcmp (fault->path, path) == 0;
}

static OnboardSandboxFault *
take_fault (OnboardSandbox *self,
            const char     *method,
            const char     *path,
            gboolean        upstream)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      OnboardSandboxFault *fault = g_ptr_array_index (self->faults, i);
      OnboardSandboxFault *copy;

      if (fault_is_upstream (fault) != upstream || !fault_matches (fault, method, path))
        continue;

      copy = g_memdup2 (fault, sizeof *fault);
      copy->path = g_strdup (fault->path);
      copy->method = g_strdup (fault->method);
      copy->body = g_strdup (fault->body);

      if (fault->remaining > 0 && --fault->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);

      return copy;
    }

  return NULL;
}

/**
 * onboard_sandbox_take_fault:
 *
 * Returns: (transfer full) (nullable): a copy of the first fault that
 *   matches, counted as used
 */
OnboardSandboxFault *
onboard_sandbox_take_fault (OnboardSandbox *self,
                            const char     *method,
                            const char     *path)
{
  return take_fault (self, method, path, FALSE);
}

/**
 * onboard_sandbox_take_upstream_fault:
 *
 * A 502 injected on a grant_access path stands for Groupcall refusing the
 * invitation, so the handler (not the fault layer) answers it and leaves
 * the connector in invitation_failed, as the contract says.
 */
gboolean
onboard_sandbox_take_upstream_fault (OnboardSandbox *self,
                                     const char     *path)
{
  OnboardSandboxFault *fault = take_fault (self, "POST", path, TRUE);

  if (fault == NULL)
    return FALSE;

  onboard_sandbox_fault_free (fault);
  return TRUE;
}

static gboolean
member_is (JsonObject *object,
           const char *name,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* What is wrong with a fault, each reason followed by "; ". */
static void
find_fault_problems (JsonObject *object,
                     GString    *problems)
{
  if (!member_is (object, "path", G_TYPE_STRING) ||
      json_object_get_string_member (object, "path")[0] != '/')
    g_string_append (problems, "path must be a string starting with /; ");
  if (json_object_has_member (object, "status") &&
      (!member_is (object, "status", G_TYPE_INT64) ||
       json_object_get_int_member (object, "status") < 100 ||
       json_object_get_int_member (object, "status") > 599))
    g_string_append (problems, "status must be an HTTP status code; ");
  if (json_object_has_member (object, "count") &&
      (!member_is (object, "count", G_TYPE_INT64) || json_object_get_int_member (object, "count") < 0))
    g_string_append (problems, "count must be 0 (until cleared) or more; ");
  if (json_object_has_member (object, "delay_ms") &&
      (!member_is (object, "delay_ms", G_TYPE_INT64) ||
       json_object_get_int_member (object, "delay_ms") < 0 ||
       json_object_get_int_member (object, "delay_ms") > 600000))
    g_string_append (problems, "delay_ms must be between 0 and 600000; ");
  if (json_object_has_member (object, "body") && !member_is (object, "body", G_TYPE_STRING))
    g_string_append (problems, "body must be a string; ");
  if (json_object_has_member (object, "retry_after") &&
      (!member_is (object, "retry_after", G_TYPE_INT64) ||
       json_object_get_int_member (object, "retry_after") < 0))
    g_string_append (problems, "retry_after must be a number of seconds; ");
  if (json_object_has_member (object, "drop") && !member_is (object, "drop", G_TYPE_BOOLEAN))
    g_string_append (problems, "drop must be true or false; ");
  if (json_object_has_member (object, "method") && !member_is (object, "method", G_TYPE_STRING))
    g_string_append (problems, "method must be a string; ");
  if (json_object_has_member (object, "hostile") &&
      (!member_is (object, "hostile", G_TYPE_STRING) ||
       onboard_sandbox_hostile_from_string (json_object_get_string_member (object, "hostile")) ==
         ONBOARD_SANDBOX_HOSTILE_NONE))
    g_string_append (problems, "hostile must name one of the hostile answers the README lists; ");
  if (json_object_has_member (object, "interval_ms") &&
      (!member_is (object, "interval_ms", G_TYPE_INT64) ||
       json_object_get_int_member (object, "interval_ms") < 1 ||
       json_object_get_int_member (object, "interval_ms") > 60000))
    g_string_append (problems, "interval_ms must be between 1 and 60000; ");
  if (json_object_has_member (object, "hostile") &&
      (json_object_has_member (object, "body") || json_object_has_member (object, "drop")))
    g_string_append (problems, "hostile goes with neither body nor drop; ");

  if (problems->len == 0 &&
      !json_object_has_member (object, "status") &&
      !json_object_has_member (object, "delay_ms") &&
      !json_object_has_member (object, "body") &&
      !json_object_has_member (object, "hostile") &&
      !json_object_get_boolean_member_with_default (object, "drop", FALSE))
    g_string_append (problems, "give at least one of status, delay_ms, body, drop or hostile; ");
}

static OnboardSandboxFault *
fault_new_from_object (JsonObject *object)
{
  OnboardSandboxFault *fault = g_new0 (OnboardSandboxFault, 1);

  fault->path = g_strdup (json_object_get_string_member (object, "path"));
  fault->method = g_strdup (json_object_get_string_member_with_default (object, "method", NULL));
  fault->remaining = (int)json_object_get_int_member_with_default (object, "count", 1);
  if (fault->remaining == 0)
    fault->remaining = -1;
  fault->status = (guint)json_object_get_int_member_with_default (object, "status", 0);
  fault->delay_ms = (guint)json_object_get_int_member_with_default (object, "delay_ms", 0);
  fault->body = g_strdup (json_object_get_string_member_with_default (object, "body", NULL));
  fault->retry_after = (int)json_object_get_int_member_with_default (object, "retry_after", -1);
  fault->drop = json_object_get_boolean_member_with_default (object, "drop", FALSE);
  fault->hostile = onboard_sandbox_hostile_from_string (json_object_get_string_member_with_default (object, "hostile", NULL));
  fault->interval_ms = (guint)json_object_get_int_member_with_default (object, "interval_ms", 0);

  return fault;
}

static gboolean
add_fault_from_json (OnboardSandbox  *self,
                     JsonNode        *node,
                     GError         **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
                   "A fault is a JSON object");
      return FALSE;
    }
  object = json_node_get_object (node);

  find_fault_problems (object, problems);
  if (problems->len > 0)
    {
      g_string_truncate (problems, problems->len - 2);
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID, "%s", problems->str);
      return FALSE;
    }

  g_ptr_array_add (self->faults, fault_new_from_object (object));

  return TRUE;
}

gboolean
onboard_sandbox_add_fault (OnboardSandbox  *self,
                           const char      *json,
                           GError         **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (!(node = json_from_string (json, error)))
    return FALSE;

  return add_fault_from_json (self, node, error);
}

void
onboard_sandbox_clear_faults (OnboardSandbox *self)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX (self));

  g_ptr_array_set_size (self->faults, 0);
}

static JsonNode *
faults_to_json (OnboardSandbox *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < self->faults->len; i++)
    {
      OnboardSandboxFault *fault = g_ptr_array_index (self->faults, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "path", fault->path);
      if (fault->method)
        json_object_set_string_member (object, "method", fault->method);
      json_object_set_int_member (object, "count", MAX (fault->remaining, 0));
      if (fault->status)
        json_object_set_int_member (object, "status", fault->status);
      if (fault->delay_ms)
        json_object_set_int_member (object, "delay_ms", fault->delay_ms);
      if (fault->body)
        json_object_set_string_member (object, "body", fault->body);
      if (fault->retry_after >= 0)
        json_object_set_int_member (object, "retry_after", fault->retry_after);
      if (fault->drop)
        json_object_set_boolean_member (object, "drop", TRUE);
      if (fault->hostile)
        json_object_set_string_member (object, "hostile", onboard_sandbox_hostile_to_string (fault->hostile));
      if (fault->interval_ms)
        json_object_set_int_member (object, "interval_ms", fault->interval_ms);
      json_array_add_object_element (array, object);
    }

  /* json_node_init_array() takes its own reference. */
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  return node;
}

static void
handle_faults_list (OnboardSandbox        *self,
                    OnboardSandboxRequest *request)
{
  g_autoptr(JsonNode) node = faults_to_json (self);

  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static void
handle_faults_add (OnboardSandbox        *self,
                   OnboardSandboxRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonNode *body = request->json;

  /* One fault or an array of them. */
  if (JSON_NODE_HOLDS_ARRAY (body))
    {
      JsonArray *array = json_node_get_array (body);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!add_fault_from_json (self, json_array_get_element (array, i), &error))
          break;
    }
  else
    add_fault_from_json (self, body, &error);

  if (error != NULL)
    {
      onboard_sandbox_respond_error (request, 422, "validation_failed", error->message, NULL);
      return;
    }

  node = faults_to_json (self);
  onboard_sandbox_respond_json (request, SOUP_STATUS_CREATED, node);
}

static void
handle_faults_clear (OnboardSandbox        *self,
                     OnboardSandboxRequest *request)
{
  onboard_sandbox_clear_faults (self);
  onboard_sandbox_respond (request, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

const OnboardSandboxRoute onboard_sandbox_fault_routes[] = {
  { "GET", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_faults_list },
  { "POST", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_JSON_OR_ARRAY, TRUE, handle_faults_add },
  { "DELETE", "/__dev/faults", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_faults_clear },
  { NULL }
};

/**
 * onboard_sandbox_fault_apply:
 *
 * Answers @request as @fault says, where the fault makes the whole answer.
 *
 * Returns: %TRUE if the endpoint is not to run
 */
gboolean
onboard_sandbox_fault_apply (OnboardSandbox        *self,
                             OnboardSandboxRequest *request,
                             OnboardSandboxFault   *fault)
{
  if (fault->drop)
    {
      request->drop = TRUE;
      return FALSE;
    }

  /* A hostile answer is the endpoint's own, spoilt afterwards. */
  if (fault->hostile != ONBOARD_SANDBOX_HOSTILE_NONE &&
      !onboard_sandbox_hostile_answers_first (fault->hostile, fault->status))
    return FALSE;

  if (fault->status == 0 && fault->body == NULL)
    return FALSE;

  if (fault->retry_after >= 0)
    onboard_sandbox_add_retry_after (request, fault->retry_after);

  if (fault->body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (fault->body, strlen (fault->body));

      onboard_sandbox_respond (request, fault->status ? fault->status : SOUP_STATUS_OK,
                               "application/json", body);
    }
  else if (fault->status == ONBOARD_SANDBOX_STATUS_TOO_MANY_REQUESTS)
    {
      g_autoptr(JsonObject) data = json_object_new ();

      json_object_set_int_member (data, "count", self->rate_limit + 1);
      json_object_set_int_member (data, "period", (gint64)ceil (self->rate_limit_period));
      json_object_set_int_member (data, "limit", self->rate_limit);
      onboard_sandbox_respond_error (request, fault->status, "too many requests",
                                     "Too many requests (injected fault)",
                                     json_node_init_object (json_node_alloc (), data));
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("Injected fault: HTTP %u", fault->status);

      onboard_sandbox_respond_error (request, fault->status, onboard_sandbox_error_code_for_status (fault->status),
                                     message, NULL);
    }

  return TRUE;
}


/* The hooks through which the server core (src/sandbox/) reaches the
 * faults: installed as the program starts, so every server a test makes
 * takes faults. The app does not link this file, so it never does. */

static guint
fault_get_delay_ms (OnboardSandboxFault *fault)
{
  return fault->delay_ms;
}

static void
fault_spoil (OnboardSandbox        *self,
             OnboardSandboxRequest *request,
             OnboardSandboxFault   *fault)
{
  if (fault->hostile != ONBOARD_SANDBOX_HOSTILE_NONE)
    onboard_sandbox_hostile_apply (self, request, fault->hostile, fault->status, fault->interval_ms);
}

static const char *
fault_spoilt_name (OnboardSandboxRequest *request)
{
  return onboard_sandbox_hostile_to_string (request->hostile);
}

static void
fault_free (OnboardSandboxFault *fault)
{
  onboard_sandbox_fault_free (fault);
}

static const OnboardSandboxFaultHooks hooks = {
  .routes = onboard_sandbox_fault_routes,
  .take = onboard_sandbox_take_fault,
  .get_delay_ms = fault_get_delay_ms,
  .apply = onboard_sandbox_fault_apply,
  .spoil = fault_spoil,
  .free = fault_free,
  .take_upstream = onboard_sandbox_take_upstream_fault,
  .write_spoilt = onboard_sandbox_hostile_write,
  .spoilt_name = fault_spoilt_name,
  .dispose = onboard_sandbox_hostile_dispose,
};

__attribute__((constructor)) static void
install_hooks (void)
{
  onboard_sandbox_set_fault_hooks (&hooks);
}
