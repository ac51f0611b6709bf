/* onboard-sandbox-dev.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-private.h"

#include <string.h>

/* The /__dev/ hooks: what exists only in the reference server. They stand
 * in for the mailbox, the activation link and Groupcall's own pages. */

static void
respond_gerror (OnboardSandboxRequest *request,
                GError                *error,
                const char            *status)
{
  if (g_error_matches (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND))
    onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", error->message, NULL);
  else if (g_error_matches (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE))
    {
      g_autoptr(JsonObject) data = json_object_new ();

      if (status != NULL)
        json_object_set_string_member (data, "status", status);
      onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "invalid_state", error->message,
                                     json_node_init_object (json_node_alloc (), data));
    }
  else
    onboard_sandbox_respond_error (request, 422, "validation_failed", error->message, NULL);
}

static void
handle_outbox (OnboardSandbox        *self,
               OnboardSandboxRequest *request)
{
  onboard_sandbox_respond_html (request, SOUP_STATUS_OK, onboard_sandbox_pages_outbox (self));
}

static void
handle_outbox_json (OnboardSandbox        *self,
                    OnboardSandboxRequest *request)
{
  GPtrArray *mails = onboard_sandbox_store_get_mails (self->store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_array (builder);
  for (guint i = mails->len; i > 0; i--)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i - 1);
      g_autofree char *sent_at = onboard_sandbox_format_time (mail->sent_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mail->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, mail->kind);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, mail->to);
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, mail->subject);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, mail->text);
      json_builder_set_member_name (builder, "sent_at");
      json_builder_add_string_value (builder, sent_at);
      json_builder_set_member_name (builder, "links");
      json_builder_begin_array (builder);
      if (mail->link_path != NULL)
        {
          g_autofree char *url = onboard_sandbox_dup_link (self, mail->link_path);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, mail->link_label);
          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, url);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_add_header (request, "Cache-Control", "no-store");
  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static void
handle_activate (OnboardSandbox        *self,
                 OnboardSandboxRequest *request)
{
  OnboardSandboxSignup *signup = onboard_sandbox_store_lookup_signup (self->store, request->params[0]);
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox = onboard_sandbox_dup_link (self, "/__dev/outbox");

  if (signup == NULL)
    {
      onboard_sandbox_respond_html (request, SOUP_STATUS_NOT_FOUND,
                                    onboard_sandbox_pages_message ("Link not recognised",
                                                                   "This activation link does not match any sign-up. "
                                                                   "It may come from an earlier run of the server.",
                                                                   "Back to the mailbox", outbox));
      return;
    }

  if (signup->activated_at != 0)
    {
      onboard_sandbox_respond_html (request, SOUP_STATUS_OK,
                                    onboard_sandbox_pages_message ("Already active",
                                                                   "This account is already active. Go back to "
                                                                   "Assembly Onboard to carry on.",
                                                                   "Back to the mailbox", outbox));
      return;
    }

  if (!onboard_sandbox_do_activate (self, signup, &error))
    {
      onboard_sandbox_respond_html (request, SOUP_STATUS_GONE,
                                    onboard_sandbox_pages_message ("Link expired", error->message,
                                                                   "Back to the mailbox", outbox));
      return;
    }

  onboard_sandbox_respond_html (request, SOUP_STATUS_OK,
                                onboard_sandbox_pages_message ("Account activated",
                                                               "Your Assembly account is active. Go back to "
                                                               "Assembly Onboard: it carries on by itself.",
                                                               "Back to the mailbox", outbox));
}

static void
handle_xod_page (OnboardSandbox        *self,
                 OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, request->params[0]);
  g_autofree char *outbox = onboard_sandbox_dup_link (self, "/__dev/outbox");

  if (connector == NULL)
    {
      onboard_sandbox_respond_html (request, SOUP_STATUS_NOT_FOUND,
                                    onboard_sandbox_pages_message ("Request not found",
                                                                   "Xporter on Demand has no authorisation request "
                                                                   "for this link.",
                                                                   "Back to the mailbox", outbox));
      return;
    }

  onboard_sandbox_respond_html (request, SOUP_STATUS_OK,
                                onboard_sandbox_pages_xod_authorise (self, connector, NULL));
}

static void
handle_xod_page_post (OnboardSandbox        *self,
                      OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, request->params[0]);
  g_autoptr(GError) error = NULL;
  const char *notice;

  if (connector == NULL)
    {
      handle_xod_page (self, request);
      return;
    }

  if (g_strcmp0 (onboard_sandbox_form_get (request, "action"), "pause") != 0)
    {
      onboard_sandbox_respond_html (request, SOUP_STATUS_BAD_REQUEST,
                                    onboard_sandbox_pages_xod_authorise (self, connector,
                                                                         "That button did nothing: "
                                                                         "choose Authorise or Pause."));
      return;
    }

  if (strcmp (connector->status, "authorisation_paused") == 0 ||
      onboard_sandbox_do_event (self, connector, "pause", &error))
    notice = "Authorisation is currently paused while the school finalises the selection of people. "
             "Come back to this page to finish.";
  else
    notice = error->message;

  onboard_sandbox_respond_html (request, error ? SOUP_STATUS_CONFLICT : SOUP_STATUS_OK,
                                onboard_sandbox_pages_xod_authorise (self, connector, notice));
}

static void
add_field_code (JsonObject *fields,
                const char *name,
                const char *code)
{
  JsonArray *codes = json_array_new ();

  json_array_add_string_element (codes, code);
  json_object_set_array_member (fields, name, codes);
}

/* What is wrong with the form XoD posts back, field by field. */
static JsonObject *
check_xod_form (OnboardSandboxRequest *request)
{
  static const char * const required[] = {
    "schoolSecret", "schoolId", "schoolEmail", "schoolName", "templateScopes", "scopes",
    "thirdParty", "partnerId", NULL
  };
  JsonObject *fields = json_object_new ();

  for (guint i = 0; required[i]; i++)
    {
      const char *value = onboard_sandbox_form_get (request, required[i]);

      /* A school may tick no scope at all; every other field must have a value. */
      if (value == NULL || (value[0] == '\0' && strcmp (required[i], "scopes") != 0))
        add_field_code (fields, required[i], "required");
    }
  if (g_strcmp0 (onboard_sandbox_form_get (request, "thirdParty"), "XporterOnDemand") != 0 &&
      !json_object_has_member (fields, "thirdParty"))
    add_field_code (fields, "thirdParty", "invalid");
  if (g_strcmp0 (onboard_sandbox_form_get (request, "partnerId"), ONBOARD_SANDBOX_PARTNER_ID) != 0 &&
      !json_object_has_member (fields, "partnerId"))
    add_field_code (fields, "partnerId", "invalid");

  return fields;
}

/* The scopes ticked, each once, without blanks; NULL-terminated. */
static GPtrArray *
dup_xod_scopes (OnboardSandboxRequest *request)
{
  g_autofree char *scope_list = onboard_sandbox_form_get_list (request, "scopes");
  g_auto(GStrv) parts = g_strsplit (scope_list, ",", -1);
  GPtrArray *scopes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0' && !g_ptr_array_find_with_equal_func (scopes, parts[i], g_str_equal, NULL))
        g_ptr_array_add (scopes, g_strdup (parts[i]));
    }
  g_ptr_array_add (scopes, NULL);

  return scopes;
}

/* The page a person sees after the XoD authorisation page, or JSON. */
static void
respond_xod_outcome (OnboardSandbox          *self,
                     OnboardSandboxRequest   *request,
                     OnboardSandboxConnector *connector,
                     GError                  *error)
{
  g_autofree char *outbox = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!onboard_sandbox_accepts_html (request))
    {
      if (error != NULL)
        {
          respond_gerror (request, error, connector->status);
          return;
        }
      node = onboard_sandbox_connector_to_json (self, connector);
      onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
      return;
    }

  outbox = onboard_sandbox_dup_link (self, "/__dev/outbox");
  if (error != NULL)
    onboard_sandbox_respond_html (request, SOUP_STATUS_CONFLICT,
                                  onboard_sandbox_pages_message ("Nothing to authorise",
                                                                 error->message,
                                                                 "Back to the mailbox", outbox));
  else
    onboard_sandbox_respond_html (request, SOUP_STATUS_OK,
                                  onboard_sandbox_pages_message ("Authorised",
                                                                 "Thank you. Assembly Education can now read "
                                                                 "the data you chose; the first data pull "
                                                                 "starts shortly. You can close this page.",
                                                                 "Back to the mailbox", outbox));
}

static void
handle_xod_callback (OnboardSandbox        *self,
                     OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, request->params[0]);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scopes = NULL;
  const char *school_id;

  if (connector == NULL)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "No such connector", NULL);
      return;
    }

  fields = check_xod_form (request);
  if (json_object_get_size (fields) > 0)
    {
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  school_id = onboard_sandbox_form_get (request, "schoolId");
  if (strcmp (school_id, onboard_sandbox_expected_school_id (connector)) != 0)
    {
      g_autoptr(JsonObject) data = json_object_new ();

      json_object_set_string_member (data, "schoolId", school_id);
      onboard_sandbox_respond_error (request, 422, "estab_mismatch",
                                     "schoolId is not the establishment this connector was set up for",
                                     json_node_init_object (json_node_alloc (), data));
      return;
    }

  scopes = dup_xod_scopes (request);
  onboard_sandbox_do_authorise (self, connector, (const char * const *)scopes->pdata,
                                onboard_sandbox_form_get (request, "schoolSecret"), &error);
  respond_xod_outcome (self, request, connector, error);
}

static void
handle_events (OnboardSandbox        *self,
               OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, request->params[0]);
  JsonObject *body = json_node_get_object (request->json);
  JsonNode *event = json_object_get_member (body, "event");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (connector == NULL)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "No such connector", NULL);
      return;
    }

  if (event == NULL || !JSON_NODE_HOLDS_VALUE (event) || json_node_get_value_type (event) != G_TYPE_STRING)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      JsonArray *codes = json_array_new ();

      json_array_add_string_element (codes, "required");
      json_object_set_array_member (fields, "event", codes);
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  if (!onboard_sandbox_do_event (self, connector, json_node_get_string (event), &error))
    {
      respond_gerror (request, error, connector->status);
      return;
    }

  node = onboard_sandbox_connector_to_json (self, connector);
  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

const OnboardSandboxRoute onboard_sandbox_dev_routes[] = {
  { "GET", "/__dev/outbox", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_outbox },
  { "GET", "/__dev/outbox.json", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_outbox_json },
  { "GET", "/__dev/signups/*/activate", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_activate },
  { "GET", "/__dev/xod/authorise/*", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, TRUE, handle_xod_page },
  { "POST", "/__dev/xod/authorise/*", ROUTE_AUTH_NONE, ROUTE_BODY_FORM, TRUE, handle_xod_page_post },
  { "POST", "/__dev/connectors/*/xod_callback", ROUTE_AUTH_NONE, ROUTE_BODY_FORM, TRUE,
    handle_xod_callback },
  { "POST", "/__dev/connectors/*/events", ROUTE_AUTH_NONE, ROUTE_BODY_JSON, TRUE, handle_events },
  { NULL }
};
