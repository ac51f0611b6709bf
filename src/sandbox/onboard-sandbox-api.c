/* onboard-sandbox-api.c: the contract's endpoints
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-private.h"

#include <math.h>
#include <string.h>

typedef struct
{
  const char *id;
  const char *name;
  gboolean    schoolbooking;
} MisProvider;

static const MisProvider mis_providers[] = {
  { "sims", "SIMS", FALSE },
  { "cmis", "CMIS", FALSE },
  { "pupil_asset", "Pupil Asset", FALSE },
  { "isams", "iSAMS", TRUE },
  { "arbor", "Arbor", TRUE },
};

static const MisProvider *
find_mis (const char *id)
{
  for (guint i = 0; id && i < G_N_ELEMENTS (mis_providers); i++)
    if (strcmp (mis_providers[i].id, id) == 0)
      return &mis_providers[i];
  return NULL;
}

static const char terms_text[] =
  "Assembly Terms of Service (sandbox copy)\n\n"
  "1. Who we are. Assembly Education Ltd provides a data platform that connects a school's "
  "management information system (MIS) to the apps the school chooses.\n\n"
  "2. Your account. You sign up on behalf of your school and confirm that you may do so. "
  "Keep your password to yourself; tell us at once if you think someone else knows it.\n\n"
  "3. School data. The school remains the data controller. Assembly processes the data only "
  "to provide the service, under the data processing agreement at assembly.education/dpa. "
  "Data reaches Assembly through Groupcall Xporter on Demand, under Groupcall's own usage "
  "policy, which the school accepts separately.\n\n"
  "4. Ending the service. The school can withdraw access at any time in Groupcall; Assembly "
  "then stops receiving data and deletes what it holds within 30 days.\n\n"
  "5. Changes. When these terms change we show them to you again before you continue.\n";

static const char * const common_passwords[] = {
  "password", "password1", "password12", "password123", "password1234", "passw0rd",
  "1234567890", "12345678910", "0123456789", "qwertyuiop", "qwerty1234", "qwerty12345",
  "iloveyou12", "letmein123", "welcome123", "welcome1234", "abc1234567", "football12",
  "monkey1234", "sunshine12", "princess12", "trustno1234", "administrator", "changeme123",
  "school1234", "school12345", "teacher123", "assembly123", "1q2w3e4r5t", "aaaaaaaaaa",
};

/* JSON helpers */

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  g_autofree char *text = onboard_sandbox_format_time (usec);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_strv (JsonBuilder *builder,
          const char  *name,
          char       **values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values && values[i]; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
add_field_error (JsonObject *fields,
                 const char *field,
                 const char *code)
{
  JsonArray *codes = json_array_new ();

  json_array_add_string_element (codes, code);
  json_object_set_array_member (fields, field, codes);
}

static void
respond_invalid_state (OnboardSandboxRequest *request,
                       const char            *status,
                       const char            *message)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_string_member (data, "status", status);
  onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "invalid_state", message,
                                 json_node_init_object (json_node_alloc (), data));
}

static gboolean
email_is_valid (const char *email)
{
  const char *at;
  const char *domain;
  gsize length;

  if (email == NULL || (length = strlen (email)) < 3 || length > 254)
    return FALSE;

  for (const char *p = email; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  domain = at + 1;
  return strchr (domain, '.') != NULL && domain[0] != '.' &&
         domain[strlen (domain) - 1] != '.' && strstr (domain, "..") == NULL;
}

static char *
mask_email (const char *email)
{
  const char *at;

  if (email == NULL || !(at = strchr (email, '@')) || at == email)
    return g_strdup (email);

  return g_strdup_printf ("%c***%s", email[0], at);
}

/* Representations */

const char *
onboard_sandbox_signup_status (OnboardSandboxSignup *signup)
{
  if (signup->activated_at != 0)
    return "active";
  if (signup->activation_expires_at <= onboard_sandbox_now ())
    return "expired";
  return "pending_activation";
}

JsonNode *
onboard_sandbox_signup_to_json (OnboardSandboxSignup *signup,
                                gboolean              with_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "object", "signup");
  add_string (builder, "id", signup->id);
  add_string (builder, "email", signup->email);
  add_string (builder, "status", onboard_sandbox_signup_status (signup));
  add_strv (builder, "apps", signup->apps);
  add_time (builder, "created_at", signup->created_at);
  add_time (builder, "activation_expires_at", signup->activation_expires_at);
  add_time (builder, "resend_available_at", signup->resend_available_at);
  add_time (builder, "activated_at", signup->activated_at);
  if (with_token)
    add_string (builder, "signup_token", signup->token);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
onboard_sandbox_connector_to_json (OnboardSandbox          *self,
                                   OnboardSandboxConnector *connector)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *masked = mask_email (connector->invitation_sent_to);
  g_autofree char *web_url = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "object", "connector");
  add_string (builder, "id", connector->id);
  add_string (builder, "urn", connector->urn);
  add_string (builder, "estab", connector->estab);
  add_string (builder, "method", "xod");
  add_string (builder, "mis_provider", connector->mis_provider);
  add_string (builder, "status", connector->status);
  add_string (builder, "status_reason", connector->status_reason);
  add_time (builder, "status_changed_at", connector->status_changed_at);

  json_builder_set_member_name (builder, "invitation");
  json_builder_begin_object (builder);
  add_time (builder, "sent_at", connector->invitation_sent_at);
  add_string (builder, "sent_to", masked);
  add_time (builder, "resend_available_at", connector->invitation_resend_available_at);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "authorisation");
  json_builder_begin_object (builder);
  add_time (builder, "authorised_at", connector->authorised_at);
  add_strv (builder, "scopes", connector->scopes);
  add_strv (builder, "template_scopes", connector->template_scopes);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sync");
  json_builder_begin_object (builder);
  add_time (builder, "last_sync_at", connector->last_sync_at);
  add_string (builder, "last_sync_status", connector->last_sync_status);
  add_time (builder, "next_sync_at", connector->next_sync_at);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "poll_interval_seconds");
  json_builder_add_int_value (builder, self->poll_interval);

  /* Where the real service's web app shows the connector. */
  web_url = g_strdup_printf ("https://platform.assembly.education/connectors/%s", connector->id);
  add_string (builder, "web_url", web_url);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
schoolbooking_state (OnboardSandboxAccount *account,
                     const char            *mis_provider)
{
  const MisProvider *mis = find_mis (mis_provider);

  if (account == NULL || !g_strv_contains ((const char * const *)account->apps, "schoolbooking"))
    return "not_in_plan";
  if (mis == NULL || !mis->schoolbooking)
    return "unavailable_for_mis";
  return "included";
}

static JsonNode *
registration_to_json (OnboardSandbox             *self,
                      OnboardSandboxRegistration *registration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OnboardSandboxAccount *account = onboard_sandbox_store_lookup_account (self->store, registration->account_id);
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store,
                                                                              registration->connector_id);
  JsonNode *school = registration->school_json ? json_from_string (registration->school_json, NULL) : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "object", "school_registration");
  add_string (builder, "id", registration->id);
  json_builder_set_member_name (builder, "school");
  if (school != NULL)
    json_builder_add_value (builder, school);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "mis_provider", registration->mis_provider);

  json_builder_set_member_name (builder, "apps");
  json_builder_begin_object (builder);
  add_string (builder, "assembly", "included");
  add_string (builder, "schoolbooking", schoolbooking_state (account, registration->mis_provider));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "connector");
  json_builder_begin_object (builder);
  add_string (builder, "id", registration->connector_id);
  add_string (builder, "status", connector ? connector->status : "not_configured");
  json_builder_end_object (builder);

  add_time (builder, "created_at", registration->created_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Mail */

static void
send_activation_mail (OnboardSandbox       *self,
                      OnboardSandboxSignup *signup)
{
  g_autofree char *path = g_strdup_printf ("/__dev/signups/%s/activate", signup->id);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (signup->activation_expires_at / G_USEC_PER_SEC);
  g_autofree char *deadline = g_date_time_format (expires, "%-d %B %Y at %H:%M UTC");
  g_autofree char *text = NULL;

  text = g_strdup_printf ("Hello,\n\n"
                          "Someone (we hope you) signed up to Assembly with this address. "
                          "To finish, click Activate my account below before %s.\n\n"
                          "If this was not you, ignore this email and nothing will happen.\n\n"
                          "The Assembly team",
                          deadline);
  onboard_sandbox_store_add_mail (self->store, "activation", signup->email,
                                  "Activate your Assembly account", text,
                                  "Activate my account", path);
}

static void
send_invitation_mail (OnboardSandbox          *self,
                      OnboardSandboxConnector *connector)
{
  g_autofree char *path = g_strdup_printf ("/__dev/xod/authorise/%s", connector->id);
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  const MisProvider *mis = find_mis (connector->mis_provider);

  subject = g_strdup_printf ("Xporter on Demand: Assembly Education would like access to %s data",
                             connector->school_name ? connector->school_name : "your school's");
  text = g_strdup_printf ("Dear %s,\n\n"
                          "Assembly Education has asked Groupcall Xporter on Demand for access to "
                          "the data in %s's management information system (%s; URN %s).\n\n"
                          "To review the request, click Begin Authorisation. You will choose which "
                          "people and which data (scopes) Assembly may read; you can pause while you "
                          "choose and come back later. Nothing is shared until you authorise.\n\n"
                          "Groupcall Support",
                          connector->invitation_sent_to_name ? connector->invitation_sent_to_name
                                                             : "colleague",
                          connector->school_name ? connector->school_name : "your school",
                          mis ? mis->name : connector->mis_provider,
                          connector->urn);
  onboard_sandbox_store_add_mail (self->store, "groupcall_invitation", connector->invitation_sent_to,
                                  subject, text, "Begin Authorisation", path);
}

static gboolean
status_in (const char         *status,
           const char * const *allowed)
{
  return g_strv_contains (allowed, status);
}

/* Service */

static void
handle_status (OnboardSandbox        *self,
               OnboardSandboxRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "object", "service_status");
  add_string (builder, "status", "ok");
  add_time (builder, "server_time", onboard_sandbox_now () + ONBOARD_SANDBOX_USEC (self->clock_skew));
  add_string (builder, "terms_version", self->terms_version);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_add_header (request, "Cache-Control", "no-store");
  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static void
handle_terms (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "object", "terms");
  add_string (builder, "version", self->terms_version);
  add_string (builder, "title", "Assembly Terms of Service");
  add_string (builder, "url", "https://assembly.education/terms");
  add_string (builder, "text", terms_text);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_respond_cacheable (request, node);
}

/* Step 2 */

static void
handle_invite_code (OnboardSandbox        *self,
                    OnboardSandboxRequest *request)
{
  OnboardSandboxInvite *invite = onboard_sandbox_store_lookup_invite (self->store, request->params[0]);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *reason = NULL;

  if (invite == NULL)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "No invite code like that exists", NULL);
      return;
    }

  if (invite->expires_at <= onboard_sandbox_now ())
    reason = "expired";
  else if (invite->used && !invite->reusable)
    reason = "already_used";

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "object", "invite_code");
  add_string (builder, "code", invite->display_code);
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, reason == NULL);
  if (reason != NULL)
    add_string (builder, "reason", reason);
  add_string (builder, "organisation", invite->organisation);
  add_strv (builder, "apps", invite->apps);
  add_time (builder, "expires_at", invite->expires_at);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static OnboardSandboxSignup *
find_live_signup (OnboardSandbox        *self,
                  OnboardSandboxAccount *account)
{
  g_autoptr(GPtrArray) signups = onboard_sandbox_store_list_signups (self->store);

  for (guint i = 0; i < signups->len; i++)
    {
      OnboardSandboxSignup *signup = g_ptr_array_index (signups, i);

      if (g_strcmp0 (signup->account_id, account->id) == 0 &&
          strcmp (onboard_sandbox_signup_status (signup), "expired") != 0)
        return signup;
    }

  return NULL;
}

static const char *
password_problem (const char *password,
                  const char *email)
{
  g_autofree char *lower = NULL;

  if (password == NULL || !g_utf8_validate (password, -1, NULL) || g_utf8_strlen (password, -1) < 10)
    return "too_short";

  lower = g_utf8_strdown (password, -1);
  for (guint i = 0; i < G_N_ELEMENTS (common_passwords); i++)
    if (strcmp (lower, common_passwords[i]) == 0)
      return "too_common";

  /* The contract's contains_email: the whole address, ignoring case. A
   * part of it, such as "office" from office@…, is allowed. */
  if (email != NULL && *email != '\0' && g_utf8_validate (email, -1, NULL))
    {
      g_autofree char *password_folded = g_utf8_casefold (password, -1);
      g_autofree char *email_folded = g_utf8_casefold (email, -1);

      if (strstr (password_folded, email_folded) != NULL)
        return "contains_email";
    }

  return NULL;
}

OnboardSandboxSignup *
onboard_sandbox_do_create_signup (OnboardSandbox        *self,
                                  OnboardSandboxAccount *account)
{
  OnboardSandboxSignup *signup;

  signup = onboard_sandbox_store_add_signup (self->store, account,
                                             ONBOARD_SANDBOX_USEC (self->activation_lifetime),
                                             ONBOARD_SANDBOX_USEC (self->signup_resend_cooldown));
  send_activation_mail (self, signup);
  onboard_sandbox_signup_created (self, signup);
  onboard_sandbox_changed (self);

  return signup;
}

static void
handle_signup_create (OnboardSandbox        *self,
                      OnboardSandboxRequest *request)
{
  JsonObject *body = json_node_get_object (request->json);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *location = NULL;
  g_autofree char *email_key = NULL;
  const char *code = get_string_member (body, "invite_code");
  const char *email = get_string_member (body, "email");
  const char *password = get_string_member (body, "password");
  const char *terms_version = get_string_member (body, "terms_version");
  JsonNode *accept_terms = json_object_get_member (body, "accept_terms");
  OnboardSandboxInvite *invite = NULL;
  OnboardSandboxAccount *account;
  OnboardSandboxSignup *signup;
  const char *problem;

  if (email != NULL && email[0] != '\0')
    {
      g_autofree char *lower = g_ascii_strdown (email, -1);
      double retry_after;
      guint count;

      email_key = g_strconcat ("signup:", lower, NULL);
      if (!onboard_sandbox_rate_check (self, email_key, self->signup_limit, self->signup_limit_period,
                                       TRUE, &count, &retry_after))
        {
          onboard_sandbox_respond_too_many (request, count, self->signup_limit_period,
                                            self->signup_limit, retry_after);
          return;
        }
    }

  if (code == NULL || !(invite = onboard_sandbox_store_lookup_invite (self->store, code)))
    add_field_error (fields, "invite_code", "invalid");
  else if (invite->expires_at <= onboard_sandbox_now ())
    add_field_error (fields, "invite_code", "expired");
  else if (invite->used && !invite->reusable)
    add_field_error (fields, "invite_code", "already_used");

  if (!email_is_valid (email))
    add_field_error (fields, "email", "invalid");
  else if ((account = onboard_sandbox_store_lookup_account_by_email (self->store, email)))
    {
      /* A pending account whose activation lapsed frees its address. */
      if (account->active || find_live_signup (self, account) != NULL)
        add_field_error (fields, "email", "taken");
      else
        onboard_sandbox_store_remove_account (self->store, account);
    }

  if ((problem = password_problem (password, email)))
    add_field_error (fields, "password", problem);

  if (accept_terms == NULL || !JSON_NODE_HOLDS_VALUE (accept_terms) ||
      json_node_get_value_type (accept_terms) != G_TYPE_BOOLEAN || !json_node_get_boolean (accept_terms))
    add_field_error (fields, "accept_terms", "must_accept");

  if (g_strcmp0 (terms_version, self->terms_version) != 0)
    add_field_error (fields, "terms_version", "outdated");

  if (json_object_get_size (fields) > 0)
    {
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  account = onboard_sandbox_store_add_account (self->store, email, password,
                                               (const char * const *)invite->apps);
  if (!invite->reusable)
    invite->used = TRUE;
  signup = onboard_sandbox_do_create_signup (self, account);

  location = g_strdup_printf (ONBOARD_SANDBOX_API_PATH "/signups/%s", signup->id);
  onboard_sandbox_add_header (request, "Location", location);
  node = onboard_sandbox_signup_to_json (signup, TRUE);
  onboard_sandbox_respond_json (request, SOUP_STATUS_CREATED, node);
}

static OnboardSandboxSignup *
authorised_signup (OnboardSandbox        *self,
                   OnboardSandboxRequest *request)
{
  OnboardSandboxSignup *signup = onboard_sandbox_store_lookup_signup (self->store, request->params[0]);

  if (signup == NULL)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "No such sign-up", NULL);
      return NULL;
    }

  if (request->bearer == NULL || strcmp (request->bearer, signup->token) != 0)
    {
      onboard_sandbox_add_header (request, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      onboard_sandbox_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "invalid_token",
                                     "Send this sign-up's signup_token as the bearer token", NULL);
      return NULL;
    }

  return signup;
}

static void
handle_signup_get (OnboardSandbox        *self,
                   OnboardSandboxRequest *request)
{
  OnboardSandboxSignup *signup = authorised_signup (self, request);
  g_autoptr(JsonNode) node = NULL;

  if (signup == NULL)
    return;

  if (strcmp (onboard_sandbox_signup_status (signup), "pending_activation") == 0)
    onboard_sandbox_add_retry_after (request, self->signup_retry_after);

  node = onboard_sandbox_signup_to_json (signup, FALSE);
  onboard_sandbox_respond_cacheable (request, node);
}

static void
handle_signup_resend (OnboardSandbox        *self,
                      OnboardSandboxRequest *request)
{
  OnboardSandboxSignup *signup = authorised_signup (self, request);
  g_autoptr(JsonNode) node = NULL;
  const char *status;
  gint64 now = onboard_sandbox_now ();

  if (signup == NULL)
    return;

  status = onboard_sandbox_signup_status (signup);
  if (strcmp (status, "active") == 0)
    {
      respond_invalid_state (request, status, "The account is already active");
      return;
    }
  if (strcmp (status, "expired") == 0)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_GONE, "gone",
                                     "This sign-up has expired; sign up again", NULL);
      return;
    }
  if (now < signup->resend_available_at)
    {
      onboard_sandbox_respond_too_many (request, 2, self->signup_resend_cooldown, 1,
                                        (signup->resend_available_at - now) / (double)G_USEC_PER_SEC);
      return;
    }

  signup->resend_available_at = now + ONBOARD_SANDBOX_USEC (self->signup_resend_cooldown);
  send_activation_mail (self, signup);
  onboard_sandbox_changed (self);

  node = onboard_sandbox_signup_to_json (signup, FALSE);
  onboard_sandbox_respond_json (request, SOUP_STATUS_ACCEPTED, node);
}

static void
respond_tokens (OnboardSandbox        *self,
                OnboardSandboxRequest *request,
                OnboardSandboxAccount *account,
                const char            *refresh_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  OnboardSandboxToken *access;

  access = onboard_sandbox_store_issue_token (self->store, account->id, ONBOARD_SANDBOX_TOKEN_ACCESS,
                                              ONBOARD_SANDBOX_USEC (self->access_token_lifetime));
  if (refresh_token == NULL)
    refresh_token = onboard_sandbox_store_issue_token (self->store, account->id,
                                                       ONBOARD_SANDBOX_TOKEN_REFRESH, 0)->token;
  onboard_sandbox_changed (self);

  json_builder_begin_object (builder);
  add_string (builder, "access_token", access->token);
  add_string (builder, "refresh_token", refresh_token);
  add_string (builder, "token_type", "bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, (gint64)MAX (1, ceil (self->access_token_lifetime)));
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_add_header (request, "Cache-Control", "no-store");
  onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
}

static void
respond_invalid_grant (OnboardSandboxRequest *request,
                       const char            *message)
{
  onboard_sandbox_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "invalid_grant", message, NULL);
}

static void
grant_signup (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  OnboardSandboxSignup *signup;
  OnboardSandboxAccount *account;

  signup = onboard_sandbox_store_lookup_signup (self->store, onboard_sandbox_form_get (request, "signup_id"));
  if (signup == NULL || g_strcmp0 (signup->token, onboard_sandbox_form_get (request, "signup_token")) != 0)
    {
      respond_invalid_grant (request, "Unknown sign-up or wrong signup_token");
      return;
    }
  if (signup->activated_at == 0)
    {
      if (strcmp (onboard_sandbox_signup_status (signup), "expired") == 0)
        respond_invalid_grant (request, "This sign-up expired before it was activated");
      else
        onboard_sandbox_respond_error (request, SOUP_STATUS_FORBIDDEN, "account_not_activated",
                                       "Open the activation link in the email first", NULL);
      return;
    }
  if (!(account = onboard_sandbox_store_lookup_account (self->store, signup->account_id)))
    {
      respond_invalid_grant (request, "The account no longer exists");
      return;
    }
  respond_tokens (self, request, account, NULL);
}

static void
grant_password (OnboardSandbox        *self,
                OnboardSandboxRequest *request)
{
  const char *username = onboard_sandbox_form_get (request, "username");
  const char *password = onboard_sandbox_form_get (request, "password");
  g_autofree char *lower = g_ascii_strdown (username ? username : "", -1);
  g_autofree char *key = g_strconcat ("password:", lower, NULL);
  OnboardSandboxAccount *account;
  double retry_after;
  guint count;

  if (!onboard_sandbox_rate_check (self, key, self->password_failure_limit,
                                   self->password_failure_period, FALSE, &count, &retry_after))
    {
      onboard_sandbox_respond_too_many (request, count, self->password_failure_period,
                                        self->password_failure_limit, retry_after);
      return;
    }

  account = onboard_sandbox_store_lookup_account_by_email (self->store, username);
  if (!onboard_sandbox_account_check_password (account, password))
    {
      onboard_sandbox_rate_check (self, key, self->password_failure_limit,
                                  self->password_failure_period, TRUE, NULL, NULL);
      respond_invalid_grant (request, "Wrong email address or password");
      return;
    }
  if (!account->active)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_FORBIDDEN, "account_not_activated",
                                     "Open the activation link in the email first", NULL);
      return;
    }
  onboard_sandbox_rate_reset (self, key);
  respond_tokens (self, request, account, NULL);
}

static void
grant_refresh_token (OnboardSandbox        *self,
                     OnboardSandboxRequest *request)
{
  const char *refresh = onboard_sandbox_form_get (request, "refresh_token");
  OnboardSandboxToken *token = onboard_sandbox_store_lookup_token (self->store, refresh);
  OnboardSandboxAccount *account;

  if (token == NULL || token->kind != ONBOARD_SANDBOX_TOKEN_REFRESH ||
      !(account = onboard_sandbox_store_lookup_account (self->store, token->account_id)))
    {
      respond_invalid_grant (request, "Unknown refresh token");
      return;
    }
  respond_tokens (self, request, account, token->token);
}

static void
handle_token (OnboardSandbox        *self,
              OnboardSandboxRequest *request)
{
  const char *grant_type = onboard_sandbox_form_get (request, "grant_type");

  if (g_strcmp0 (grant_type, "signup") == 0)
    grant_signup (self, request);
  else if (g_strcmp0 (grant_type, "password") == 0)
    grant_password (self, request);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    grant_refresh_token (self, request);
  else
    onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_request_body",
                                   "grant_type must be signup, password or refresh_token", NULL);
}

static void
handle_me (OnboardSandbox        *self,
           OnboardSandboxRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  OnboardSandboxRegistration *registration;

  registration = onboard_sandbox_store_lookup_registration (self->store, request->account->registration_id);

  json_builder_begin_object (builder);
  add_string (builder, "object", "account");
  add_string (builder, "id", request->account->id);
  add_string (builder, "email", request->account->email);
  add_strv (builder, "apps", request->account->apps);
  json_builder_set_member_name (builder, "school_registration");
  if (registration != NULL)
    json_builder_add_value (builder, registration_to_json (self, registration));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  onboard_sandbox_respond_cacheable (request, node);
}

/* Step 3 */

static gboolean
accepts_gzip (const char *accept_encoding)
{
  g_auto(GStrv) codings = NULL;

  if (accept_encoding == NULL)
    return FALSE;

  codings = g_strsplit (accept_encoding, ",", -1);
  for (guint i = 0; codings[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (codings[i], ";", 2);
      const char *name = g_strstrip (parts[0]);

      if (g_ascii_strcasecmp (name, "gzip") != 0 && g_ascii_strcasecmp (name, "x-gzip") != 0)
        continue;

      if (parts[1] != NULL)
        {
          const char *q = g_strstrip (parts[1]);

          if (g_ascii_strncasecmp (q, "q=", 2) == 0 && g_ascii_strtod (q + 2, NULL) <= 0)
            return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}

static void
handle_schools (OnboardSandbox        *self,
                OnboardSandboxRequest *request)
{
  OnboardSandboxDirectory *directory = onboard_sandbox_get_directory (self);
  gboolean include_closed = FALSE;
  gboolean gzip;
  const char *etag = NULL;
  g_autoptr(GBytes) body = NULL;

  if (request->query != NULL)
    include_closed = g_strcmp0 (g_hash_table_lookup (request->query, "include_closed"), "true") == 0;
  gzip = accepts_gzip (onboard_sandbox_request_header (request, "Accept-Encoding"));

  body = onboard_sandbox_directory_get_body (directory, include_closed, gzip, &etag);

  onboard_sandbox_add_header (request, "ETag", etag);
  onboard_sandbox_add_header (request, "Vary", "Accept-Encoding");
  onboard_sandbox_add_header (request, "Cache-Control", "no-cache");

  if (onboard_sandbox_etag_matches (onboard_sandbox_request_header (request, "If-None-Match"), etag))
    {
      onboard_sandbox_respond (request, SOUP_STATUS_NOT_MODIFIED, NULL, NULL);
      return;
    }

  if (gzip)
    onboard_sandbox_add_header (request, "Content-Encoding", "gzip");
  onboard_sandbox_respond (request, SOUP_STATUS_OK, "application/json", body);
}

static void
handle_mis_providers (OnboardSandbox        *self,
                      OnboardSandboxRequest *request)
{
  if (self->mis_providers == NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < G_N_ELEMENTS (mis_providers); i++)
        {
          json_builder_begin_object (builder);
          add_string (builder, "id", mis_providers[i].id);
          add_string (builder, "name", mis_providers[i].name);
          json_builder_set_member_name (builder, "connection_methods");
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, "xod");
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "schoolbooking_supported");
          json_builder_add_boolean_value (builder, mis_providers[i].schoolbooking);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      self->mis_providers = json_builder_get_root (builder);
    }

  onboard_sandbox_respond_cacheable (request, self->mis_providers);
  /* The list never changes while the server runs. */
  for (guint i = 0; request->headers && i + 1 < request->headers->len; i += 2)
    if (strcmp (g_ptr_array_index (request->headers, i), "Cache-Control") == 0)
      {
        g_free (request->headers->pdata[i + 1]);
        request->headers->pdata[i + 1] = g_strdup ("max-age=3600");
      }
}

static OnboardSandboxConnector *
registration_connector (OnboardSandbox             *self,
                        OnboardSandboxRegistration *registration)
{
  return onboard_sandbox_store_lookup_connector (self->store, registration->connector_id);
}

static gboolean
connector_is_unconfigured (OnboardSandboxConnector *connector)
{
  return connector == NULL ||
         strcmp (connector->status, "not_configured") == 0 ||
         strcmp (connector->status, "invitation_failed") == 0;
}

static void
set_mis (OnboardSandboxRegistration *registration,
         OnboardSandboxConnector    *connector,
         const char                 *mis_provider)
{
  g_free (registration->mis_provider);
  registration->mis_provider = g_strdup (mis_provider);
  if (connector != NULL)
    {
      g_free (connector->mis_provider);
      connector->mis_provider = g_strdup (mis_provider);
    }
}

/* The account registered a school already: the same one again (step 3
 * again, the MIS may change until access is granted), or another one,
 * which replaces it while its connector is not yet set up.
 *
 * Returns: %FALSE if that answered the request */
static gboolean
replace_registration (OnboardSandbox             *self,
                      OnboardSandboxRequest      *request,
                      OnboardSandboxRegistration *registration,
                      const char                 *urn,
                      const char                 *mis_provider)
{
  OnboardSandboxConnector *connector = registration_connector (self, registration);
  g_autoptr(JsonNode) node = NULL;

  if (strcmp (registration->urn, urn) == 0)
    {
      /* Going back to step 3 and pressing Continue again. */
      if (g_strcmp0 (registration->mis_provider, mis_provider) != 0)
        {
          if (!connector_is_unconfigured (connector))
            {
              respond_invalid_state (request, connector->status,
                                     "Access was already granted; the MIS can no longer change");
              return FALSE;
            }
          set_mis (registration, connector, mis_provider);
          onboard_sandbox_changed (self);
        }
      node = registration_to_json (self, registration);
      onboard_sandbox_respond_json (request, SOUP_STATUS_OK, node);
      return FALSE;
    }

  if (!connector_is_unconfigured (connector))
    {
      respond_invalid_state (request, connector->status,
                             "This account's school already has a connector in progress");
      return FALSE;
    }
  onboard_sandbox_store_remove_registration (self->store, registration);

  return TRUE;
}

static void
handle_registration_create (OnboardSandbox        *self,
                            OnboardSandboxRequest *request)
{
  JsonObject *body = json_node_get_object (request->json);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) school_node = NULL;
  g_autofree char *school_json = NULL;
  g_autofree char *location = NULL;
  const char *urn = get_string_member (body, "urn");
  const char *mis_provider = get_string_member (body, "mis_provider");
  OnboardSandboxAccount *account = request->account;
  const OnboardSandboxSchool *school;
  OnboardSandboxRegistration *registration;
  OnboardSandboxRegistration *existing;

  if (urn == NULL || strlen (urn) != 6 || strspn (urn, "0123456789") != 6)
    add_field_error (fields, "urn", "invalid");
  if (find_mis (mis_provider) == NULL)
    add_field_error (fields, "mis_provider", "unsupported");
  if (json_object_get_size (fields) > 0)
    {
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  school = onboard_sandbox_directory_lookup (onboard_sandbox_get_directory (self), urn);
  if (school == NULL || !school->open)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "No open school has that URN", NULL);
      return;
    }

  existing = onboard_sandbox_store_lookup_registration_by_urn (self->store, urn);
  if (existing != NULL && g_strcmp0 (existing->account_id, account->id) != 0)
    {
      g_autoptr(JsonObject) data = json_object_new ();

      json_object_set_string_member (data, "urn", urn);
      onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "school_already_registered",
                                     "Another account has already registered this school; "
                                     "contact Assembly support",
                                     json_node_init_object (json_node_alloc (), data));
      return;
    }

  registration = onboard_sandbox_store_lookup_registration (self->store, account->registration_id);
  if (registration != NULL && !replace_registration (self, request, registration, urn, mis_provider))
    return;

  school_node = onboard_sandbox_school_to_json (school);
  school_json = json_to_string (school_node, FALSE);
  registration = onboard_sandbox_store_add_registration (self->store, account, urn, school->laestab,
                                                         school->name, school_json, mis_provider);
  onboard_sandbox_changed (self);

  location = g_strdup_printf (ONBOARD_SANDBOX_API_PATH "/school_registrations/%s", registration->id);
  onboard_sandbox_add_header (request, "Location", location);
  node = registration_to_json (self, registration);
  onboard_sandbox_respond_json (request, SOUP_STATUS_CREATED, node);
}

/* Steps 4 and 5 */

static OnboardSandboxConnector *
owned_connector (OnboardSandbox        *self,
                 OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, request->params[0]);

  if (connector == NULL)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "No such connector", NULL);
      return NULL;
    }

  if (g_strcmp0 (connector->account_id, request->account->id) != 0)
    {
      onboard_sandbox_respond_error (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                                     "This connector belongs to another account", NULL);
      return NULL;
    }

  return connector;
}

static void
handle_connector_get (OnboardSandbox        *self,
                      OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = owned_connector (self, request);
  g_autoptr(JsonNode) node = NULL;

  if (connector == NULL)
    return;

  onboard_sandbox_add_retry_after (request, self->connector_retry_after);
  node = onboard_sandbox_connector_to_json (self, connector);
  onboard_sandbox_respond_cacheable (request, node);
}

static void
handle_connector_patch (OnboardSandbox        *self,
                        OnboardSandboxRequest *request)
{
  OnboardSandboxConnector *connector = owned_connector (self, request);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  const char *if_match = onboard_sandbox_request_header (request, "If-Match");
  const char *mis_provider;

  if (connector == NULL)
    return;

  if (if_match != NULL)
    {
      g_autoptr(JsonNode) current = onboard_sandbox_connector_to_json (self, connector);
      g_autofree char *text = json_to_string (current, FALSE);
      g_autofree char *etag = onboard_sandbox_etag_for (text);

      if (!onboard_sandbox_etag_matches (if_match, etag))
        {
          g_autoptr(JsonObject) data = json_object_new ();

          json_object_set_string_member (data, "etag", etag);
          onboard_sandbox_respond_error (request, SOUP_STATUS_CONFLICT, "conflict",
                                         "The connector changed since you read it; read it again",
                                         json_node_init_object (json_node_alloc (), data));
          return;
        }
    }

  mis_provider = get_string_member (json_node_get_object (request->json), "mis_provider");
  if (find_mis (mis_provider) == NULL)
    {
      add_field_error (fields, "mis_provider", "unsupported");
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  if (!connector_is_unconfigured (connector))
    {
      respond_invalid_state (request, connector->status,
                             "Access was already granted; the MIS can no longer change");
      return;
    }

  set_mis (onboard_sandbox_store_lookup_registration (self->store, connector->registration_id),
           connector, mis_provider);
  onboard_sandbox_changed (self);

  node = onboard_sandbox_connector_to_json (self, connector);
  onboard_sandbox_respond_cacheable (request, node);
}

static void
send_invitation (OnboardSandbox          *self,
                 OnboardSandboxConnector *connector)
{
  gint64 now = onboard_sandbox_now ();

  connector->invitation_sent_at = now;
  connector->invitation_resend_available_at = now + ONBOARD_SANDBOX_USEC (self->invitation_resend_cooldown);
  send_invitation_mail (self, connector);
}

/* An injected 502 on grant_access: Groupcall refused the invitation. */
static void
respond_upstream_refused (OnboardSandbox          *self,
                          OnboardSandboxRequest   *request,
                          OnboardSandboxConnector *connector)
{
  g_autoptr(JsonObject) data = json_object_new ();

  onboard_sandbox_connector_set_status (connector, "invitation_failed", NULL);
  onboard_sandbox_changed (self);

  json_object_set_string_member (data, "upstream", "groupcall_xod");
  json_object_set_string_member (data, "upstream_message",
                                 "SchoolRegister failed: the Xporter on Demand service is unavailable");
  json_object_set_boolean_member (data, "retryable", TRUE);
  onboard_sandbox_respond_error (request, SOUP_STATUS_BAD_GATEWAY, "upstream_error",
                                 "Groupcall did not accept the invitation",
                                 json_node_init_object (json_node_alloc (), data));
}

/* Starts again from an invitation to @email: any earlier authorisation
 * is forgotten. */
static void
invite_to_groupcall (OnboardSandbox          *self,
                     OnboardSandboxConnector *connector,
                     const char              *email,
                     const char              *name)
{
  g_free (connector->invitation_sent_to);
  connector->invitation_sent_to = g_strdup (email);
  g_free (connector->invitation_sent_to_name);
  connector->invitation_sent_to_name = g_strdup (name);
  g_clear_pointer (&connector->school_secret, g_free);
  g_strfreev (connector->scopes);
  connector->scopes = g_new0 (char *, 1);
  connector->authorised_at = 0;
  connector->next_sync_at = 0;

  onboard_sandbox_connector_set_status (connector, "invitation_sent", NULL);
  send_invitation (self, connector);

  onboard_sandbox_invitation_sent (self, connector);
  onboard_sandbox_changed (self);
}

static void
handle_grant_access (OnboardSandbox        *self,
                     OnboardSandboxRequest *request)
{
  static const char * const allowed[] = {
    "not_configured", "invitation_failed", "revoked", "invitation_sent", "awaiting_authorisation", NULL
  };
  OnboardSandboxConnector *connector = owned_connector (self, request);
  JsonObject *body;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonNode *send_to;
  JsonNode *accept;
  const char *email = NULL;
  const char *name = NULL;

  if (connector == NULL)
    return;

  body = json_node_get_object (request->json);
  send_to = json_object_get_member (body, "send_to");
  accept = json_object_get_member (body, "accept_groupcall_usage_policy");

  if (send_to != NULL && !JSON_NODE_HOLDS_NULL (send_to))
    {
      if (!JSON_NODE_HOLDS_OBJECT (send_to))
        add_field_error (fields, "send_to", "invalid");
      else
        {
          email = get_string_member (json_node_get_object (send_to), "email");
          name = get_string_member (json_node_get_object (send_to), "name");
          if (!email_is_valid (email))
            add_field_error (fields, "send_to.email", "invalid");
        }
    }

  if (accept == NULL || !JSON_NODE_HOLDS_VALUE (accept) ||
      json_node_get_value_type (accept) != G_TYPE_BOOLEAN || !json_node_get_boolean (accept))
    add_field_error (fields, "accept_groupcall_usage_policy", "must_accept");

  if (json_object_get_size (fields) > 0)
    {
      onboard_sandbox_respond_fields (request, g_steal_pointer (&fields));
      return;
    }

  if (!status_in (connector->status, allowed))
    {
      respond_invalid_state (request, connector->status,
                             "Access is already granted for this connector");
      return;
    }

  if (onboard_sandbox_get_fault_hooks () != NULL &&
      onboard_sandbox_get_fault_hooks ()->take_upstream (self, request->path))
    {
      respond_upstream_refused (self, request, connector);
      return;
    }

  invite_to_groupcall (self, connector, email ? email : request->account->email, name);

  onboard_sandbox_add_retry_after (request, self->grant_retry_after);
  node = onboard_sandbox_connector_to_json (self, connector);
  onboard_sandbox_respond_json (request, SOUP_STATUS_ACCEPTED, node);
}

static void
handle_resend_invitation (OnboardSandbox        *self,
                          OnboardSandboxRequest *request)
{
  static const char * const allowed[] = {
    "invitation_sent", "awaiting_authorisation", "authorisation_paused", NULL
  };
  OnboardSandboxConnector *connector = owned_connector (self, request);
  g_autoptr(JsonNode) node = NULL;
  gint64 now = onboard_sandbox_now ();

  if (connector == NULL)
    return;

  if (!status_in (connector->status, allowed))
    {
      respond_invalid_state (request, connector->status, "There is no invitation waiting to be resent");
      return;
    }

  if (now < connector->invitation_resend_available_at)
    {
      onboard_sandbox_respond_too_many (request, 2, self->invitation_resend_cooldown, 1,
                                        (connector->invitation_resend_available_at - now) /
                                        (double)G_USEC_PER_SEC);
      return;
    }

  send_invitation (self, connector);
  onboard_sandbox_changed (self);

  node = onboard_sandbox_connector_to_json (self, connector);
  onboard_sandbox_respond_json (request, SOUP_STATUS_ACCEPTED, node);
}

const OnboardSandboxRoute onboard_sandbox_api_routes[] = {
  { "GET", "/status", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_status },
  { "GET", "/terms", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_terms },
  { "GET", "/invite_codes/*", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_invite_code },
  { "POST", "/signups", ROUTE_AUTH_NONE, ROUTE_BODY_JSON, FALSE, handle_signup_create },
  { "GET", "/signups/*", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_signup_get },
  { "POST", "/signups/*/resend_activation", ROUTE_AUTH_NONE, ROUTE_BODY_JSON_OPTIONAL, FALSE,
    handle_signup_resend },
  { "POST", "/oauth/token", ROUTE_AUTH_NONE, ROUTE_BODY_FORM, FALSE, handle_token },
  { "GET", "/me", ROUTE_AUTH_BEARER, ROUTE_BODY_NONE, FALSE, handle_me },
  { "GET", "/schools", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_schools },
  { "GET", "/mis_providers", ROUTE_AUTH_NONE, ROUTE_BODY_NONE, FALSE, handle_mis_providers },
  { "POST", "/school_registrations", ROUTE_AUTH_BEARER, ROUTE_BODY_JSON, FALSE,
    handle_registration_create },
  { "GET", "/connectors/*", ROUTE_AUTH_BEARER, ROUTE_BODY_NONE, FALSE, handle_connector_get },
  { "PATCH", "/connectors/*", ROUTE_AUTH_BEARER, ROUTE_BODY_JSON, FALSE, handle_connector_patch },
  { "POST", "/connectors/*/grant_access", ROUTE_AUTH_BEARER, ROUTE_BODY_JSON, FALSE,
    handle_grant_access },
  { "POST", "/connectors/*/resend_invitation", ROUTE_AUTH_BEARER, ROUTE_BODY_JSON_OPTIONAL, FALSE,
    handle_resend_invitation },
  { NULL }
};
