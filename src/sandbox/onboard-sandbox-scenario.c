/* onboard-sandbox-scenario.c: practice mode's starting point
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-sandbox-private.h"
#include "onboard-sandbox-scenario.h"

/* Puts the practice service where a scenario says, the way a user gets
 * there, as the end-to-end runs do before they open the app at a step:
 * an account signed up with a demo invite code (the activation email is
 * in the outbox), activated, signed in, the school registered with its
 * MIS, Grant Access pressed (Groupcall's email is in the outbox), and the
 * simulated Groupcall and connector moved on with the service's own
 * events. Grant Access goes over HTTP, the contract's way, since only its
 * handler sends Groupcall's email; the rest calls the service's own store
 * and state machine.
 *
 * The caller's last error is armed as a one-off fault on the same request
 * (method and path, with the practice ids): when the practice app sends
 * it, the service answers as the real one did, and the page shows the
 * same error.
 */

#define PRACTICE_EMAIL "office@practice-school.example.org"

/* A school from the directory when the scenario names none: the first
 * URN in England's list, which the generated list has too. */
#define PREFERRED_URN "100000"

typedef struct
{
  OnboardPracticeSetup *setup;
  SoupSession          *session;
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *apply = data;

  g_clear_pointer (&apply->setup, onboard_practice_setup_free);
  g_clear_object (&apply->session);
  g_free (apply);
}

static const OnboardSandboxSchool *
choose_school (OnboardSandbox                *self,
               const OnboardPracticeScenario *scenario)
{
  OnboardSandboxDirectory *directory = onboard_sandbox_get_directory (self);
  const OnboardSandboxSchool *school;
  guint n;

  if (scenario->school_urn != NULL)
    return onboard_sandbox_directory_lookup (directory, scenario->school_urn);

  school = onboard_sandbox_directory_lookup (directory, PREFERRED_URN);
  if (school != NULL && school->open)
    return school;

  n = onboard_sandbox_directory_get_n_schools (directory);
  for (guint i = 0; i < n; i++)
    {
      school = onboard_sandbox_directory_get_school (directory, i);
      if (school->open)
        return school;
    }

  return NULL;
}

/* The caller's school may be missing from practice's directory (another
 * list, or a school opened since): it is registered as the report names
 * it, so the agent still sees the caller's school. */
static char *
school_json_from_report (const OnboardPracticeScenario *scenario)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "urn");
  json_builder_add_string_value (builder, scenario->school_urn);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, scenario->school_name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "open");
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  return json_to_string (node, FALSE);
}

static gboolean
register_school (OnboardSandbox          *self,
                 OnboardPracticeSetup    *setup,
                 OnboardSandboxAccount   *account,
                 GError                 **error)
{
  OnboardPracticeScenario *scenario = setup->scenario;
  const OnboardSandboxSchool *school = choose_school (self, scenario);
  OnboardSandboxRegistration *registration;
  g_autofree char *school_json = NULL;
  const char *estab = NULL;

  if (school != NULL)
    {
      g_autoptr(JsonNode) node = onboard_sandbox_school_to_json (school);

      school_json = json_to_string (node, FALSE);
      estab = school->laestab;
      g_free (scenario->school_urn);
      scenario->school_urn = g_strdup (school->urn);
      g_free (scenario->school_name);
      scenario->school_name = g_strdup (school->name);
    }
  else if (scenario->school_urn != NULL)
    {
      if (scenario->school_name == NULL)
        scenario->school_name = g_strdup_printf ("School %s", scenario->school_urn);
      school_json = school_json_from_report (scenario);
    }
  else
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                   "The practice directory has no open school to register");
      return FALSE;
    }

  if (scenario->mis_provider == NULL)
    scenario->mis_provider = g_strdup ("sims");

  /* Another practice account may hold the school from an earlier run. */
  registration = onboard_sandbox_store_lookup_registration_by_urn (self->store, scenario->school_urn);
  if (registration != NULL)
    onboard_sandbox_store_remove_registration (self->store, registration);

  registration = onboard_sandbox_store_add_registration (self->store, account, scenario->school_urn, estab,
                                                         scenario->school_name, school_json,
                                                         scenario->mis_provider);
  setup->registration_id = g_strdup (registration->id);
  setup->connector_id = g_strdup (registration->connector_id);
  onboard_sandbox_changed (self);

  return TRUE;
}

static gboolean
sign_up (OnboardSandbox        *self,
         OnboardPracticeSetup  *setup,
         GError               **error)
{
  OnboardPracticeScenario *scenario = setup->scenario;
  g_autofree char *random = onboard_sandbox_new_id ("", 16);
  OnboardSandboxInvite *invite;
  OnboardSandboxAccount *account;
  OnboardSandboxSignup *signup;
  gboolean booking = scenario->apps != NULL && strstr (scenario->apps, "schoolbooking") != NULL;

  setup->invite_code = g_strdup (booking ? "DEMO-BOOKING" : "DEMO-ASSEMBLY");
  invite = onboard_sandbox_store_lookup_invite (self->store, setup->invite_code);
  if (invite == NULL)
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "The practice service has no demo invite code %s", setup->invite_code);
      return FALSE;
    }

  /* A second practice run in the same service: the address is free again. */
  account = onboard_sandbox_store_lookup_account_by_email (self->store, PRACTICE_EMAIL);
  if (account != NULL)
    {
      OnboardSandboxRegistration *registration =
        onboard_sandbox_store_lookup_registration (self->store, account->registration_id);

      if (registration != NULL)
        onboard_sandbox_store_remove_registration (self->store, registration);
      onboard_sandbox_store_remove_account (self->store, account);
    }

  setup->email = g_strdup (PRACTICE_EMAIL);
  setup->password = g_strconcat ("practice-", random, NULL);
  setup->apps = g_strdupv (invite->apps);

  account = onboard_sandbox_store_add_account (self->store, setup->email, setup->password,
                                               (const char * const *)invite->apps);
  signup = onboard_sandbox_do_create_signup (self, account);
  setup->signup_id = g_strdup (signup->id);
  setup->signup_token = g_strdup (signup->token);

  if (!scenario->activated)
    return TRUE;

  if (!onboard_sandbox_do_activate (self, signup, error))
    return FALSE;

  setup->access_token = g_strdup (onboard_sandbox_store_issue_token (self->store, account->id,
                                                                     ONBOARD_SANDBOX_TOKEN_ACCESS,
                                                                     ONBOARD_SANDBOX_USEC (self->access_token_lifetime))->token);
  setup->refresh_token = g_strdup (onboard_sandbox_store_issue_token (self->store, account->id,
                                                                      ONBOARD_SANDBOX_TOKEN_REFRESH, 0)->token);
  onboard_sandbox_changed (self);

  if (scenario->registered && !register_school (self, setup, account, error))
    return FALSE;

  return TRUE;
}

/* What happens after Grant Access, to reach each state; the service's
 * own timers carry on from there as they would for a user. */
static gboolean
reach_status (OnboardSandbox        *self,
              OnboardPracticeSetup  *setup,
              GError               **error)
{
  static const struct {
    const char *status;
    gboolean    authorise;
    const char *events[2];
  } paths[] = {
    { "not_configured",         FALSE, { NULL } },
    { "invitation_sent",        FALSE, { NULL } },
    { "awaiting_authorisation", FALSE, { NULL } },
    { "authorisation_paused",   FALSE, { "pause", NULL } },
    { "invitation_failed",      FALSE, { "groupcall_reject", NULL } },
    { "authorised",             TRUE,  { NULL } },
    { "syncing",                TRUE,  { "sync_started", NULL } },
    { "connected",              TRUE,  { "sync_succeeded", NULL } },
    { "sync_error",             TRUE,  { "sync_failed", NULL } },
    { "revoked",                TRUE,  { "revoke", NULL } },
  };
  const char *status = setup->scenario->connector_status;
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, setup->connector_id);

  g_assert (connector != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      if (strcmp (paths[i].status, status) != 0)
        continue;

      /* Groupcall's email delivered, as the service's timer would. */
      if (strcmp (status, "invitation_sent") != 0 && strcmp (connector->status, "invitation_sent") == 0)
        {
          onboard_sandbox_connector_set_status (connector, "awaiting_authorisation", NULL);
          onboard_sandbox_changed (self);
        }

      if (paths[i].authorise && !onboard_sandbox_authorise_connector (self, setup->connector_id, NULL, error))
        return FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (paths[i].events) && paths[i].events[j]; j++)
        if (!onboard_sandbox_connector_event (self, setup->connector_id, paths[i].events[j], error))
          return FALSE;

      return TRUE;
    }

  g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
               "The practice service cannot put a connection in the state “%s”", status);
  return FALSE;
}

/* The report's ids are the real service's: the practice ones replace
 * them, by their prefixes. */
static char *
practice_path (const OnboardPracticeSetup *setup,
               const char                 *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *replacement = NULL;

      if (g_str_has_prefix (segments[i], "con_"))
        replacement = setup->connector_id;
      else if (g_str_has_prefix (segments[i], "reg_"))
        replacement = setup->registration_id;
      else if (g_str_has_prefix (segments[i], "sgn_"))
        replacement = setup->signup_id;

      if (replacement != NULL)
        {
          g_free (segments[i]);
          segments[i] = g_strdup (replacement);
        }
    }

  return g_strjoinv ("/", segments);
}

static void
arm_last_error (OnboardSandbox       *self,
                OnboardPracticeSetup *setup)
{
  const OnboardPracticeScenario *scenario = setup->scenario;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *path = NULL;

  if (scenario->error_path == NULL || scenario->error_path[0] != '/' ||
      scenario->error_http_status < 400 || scenario->error_http_status > 599)
    return;

  path = practice_path (setup, scenario->error_path);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, scenario->error_code ? scenario->error_code
                                                               : onboard_sandbox_error_code_for_status (scenario->error_http_status));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, scenario->error_message ? scenario->error_message
                                                                  : "The same error as in the support report");
  if (scenario->error_fields != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (scenario->error_fields, "; ", -1);

      /* "invite_code: expired; email: taken" → data.fields */
      json_builder_set_member_name (builder, "data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_auto(GStrv) field = g_strsplit (parts[i], ": ", 2);
          g_auto(GStrv) codes = NULL;

          if (field[0] == NULL || field[1] == NULL)
            continue;

          codes = g_strsplit (field[1], ", ", -1);
          json_builder_set_member_name (builder, field[0]);
          json_builder_begin_array (builder);
          for (guint j = 0; codes[j] != NULL; j++)
            json_builder_add_string_value (builder, codes[j]);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  body_text = json_to_string (body, FALSE);

  onboard_sandbox_answer_once (self, scenario->error_method, path, scenario->error_http_status, body_text,
                               scenario->error_retry_after > 0 ? scenario->error_retry_after : -1);
  setup->error_armed = TRUE;
}

static void
finish (GTask *task)
{
  OnboardSandbox *self = g_task_get_source_object (task);
  ApplyData *apply = g_task_get_task_data (task);
  OnboardPracticeSetup *setup = apply->setup;
  OnboardSandboxConnector *connector;
  GError *error = NULL;

  if (setup->connector_id != NULL && !reach_status (self, setup, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The state reached, which a timer may already have moved on. */
  if (setup->connector_id != NULL &&
      (connector = onboard_sandbox_store_lookup_connector (self->store, setup->connector_id)) != NULL)
    {
      g_free (setup->scenario->connector_status);
      setup->scenario->connector_status = g_strdup (connector->status);
    }

  arm_last_error (self, setup);
  g_task_return_pointer (task, g_steal_pointer (&apply->setup), (GDestroyNotify)onboard_practice_setup_free);
}

static void
grant_access_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  SoupMessage *message;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_ACCEPTED)
    {
      g_task_return_new_error (task, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                               "Grant Access answered %u: %.*s", status,
                               (int)MIN (g_bytes_get_size (body), 200),
                               (const char *)g_bytes_get_data (body, NULL));
      return;
    }

  finish (task);
}

static void
grant_access (GTask *task)
{
  OnboardSandbox *self = g_task_get_source_object (task);
  ApplyData *apply = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  static const char json[] = "{\"accept_groupcall_usage_policy\":true}";

  url = g_strdup_printf ("%s/connectors/%s/grant_access", onboard_sandbox_get_base_url (self),
                         apply->setup->connector_id);
  message = soup_message_new ("POST", url);
  authorization = g_strconcat ("Bearer ", apply->setup->access_token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Idempotency-Key", key);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                ONBOARD_SANDBOX_MEDIA_TYPE "; version=" ONBOARD_SANDBOX_API_VERSION);
  body = g_bytes_new_static (json, sizeof json - 1);
  soup_message_set_request_body_from_bytes (message, "application/json", body);

  apply->session = soup_session_new ();
  soup_session_send_and_read_async (apply->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), grant_access_cb, g_object_ref (task));
}

/**
 * onboard_sandbox_scenario_apply_async:
 * @sandbox: the practice service, listening
 * @scenario: where practice should start, from
 *   onboard_practice_scenario_new_for_step() or a support report
 *
 * Sets the practice service up as @scenario says. Each call makes a fresh
 * practice account (the one an earlier call made is removed), so a
 * service can be set up again for another step.
 */
void
onboard_sandbox_scenario_apply_async (OnboardSandbox                *sandbox,
                                      const OnboardPracticeScenario *scenario,
                                      GCancellable                  *cancellable,
                                      GAsyncReadyCallback            callback,
                                      gpointer                       user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyData *apply;
  OnboardPracticeScenario *copy;
  GError *error = NULL;

  g_return_if_fail (ONBOARD_IS_SANDBOX (sandbox));
  g_return_if_fail (scenario != NULL);

  task = g_task_new (sandbox, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_sandbox_scenario_apply_async);

  apply = g_new0 (ApplyData, 1);
  apply->setup = onboard_practice_setup_new ();
  apply->setup->scenario = copy = onboard_practice_scenario_copy (scenario);
  g_task_set_task_data (task, apply, apply_data_free);

  if (onboard_sandbox_get_base_url (sandbox) == NULL)
    {
      g_task_return_new_error (task, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                               "The practice service is not listening");
      return;
    }

  /* What a step implies, whatever the scenario left out. */
  if (copy->step >= 3 || copy->registered)
    copy->signed_up = copy->activated = TRUE;
  if (copy->connector_status != NULL)
    copy->registered = TRUE;
  if (copy->registered && copy->connector_status == NULL)
    copy->connector_status = g_strdup ("not_configured");

  if (copy->signed_up && !sign_up (sandbox, apply->setup, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (copy->registered && strcmp (copy->connector_status, "not_configured") != 0)
    grant_access (task);
  else
    finish (task);
}

/**
 * onboard_sandbox_scenario_apply_finish:
 *
 * Returns: (transfer full): what was set up: give it to
 *   onboard_practice_progress_apply(), and its tokens to the client
 */
OnboardPracticeSetup *
onboard_sandbox_scenario_apply_finish (OnboardSandbox  *sandbox,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (sandbox), NULL);
  g_return_val_if_fail (g_task_is_valid (result, sandbox), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
