/* onboard-practice-scenario.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "onboard-practice-scenario.h"

/* The description lives here, in the lowest layer, because both ends use
 * it: the report reader (support/) writes it and the practice service,
 * which links this layer only, sets it up. */

G_DEFINE_QUARK (onboard-practice-scenario-error-quark, onboard_practice_scenario_error)

G_DEFINE_BOXED_TYPE (OnboardPracticeScenario, onboard_practice_scenario,
                     onboard_practice_scenario_copy, onboard_practice_scenario_free)

typedef struct
{
  const char *name;
  guint       step;
  gboolean    signed_up;
  gboolean    activated;
  const char *connector_status;  /* NULL: not registered */
} StepPreset;

/* `--practice --step NAME`: each step as a user finds it on arriving, and
 * the states in which a user waits (and calls support). */
static const StepPreset presets[] = {
  { "1",           1, FALSE, FALSE, NULL },
  { "2",           2, FALSE, FALSE, NULL },
  { "2-inbox",     2, TRUE,  FALSE, NULL },
  { "3",           3, TRUE,  TRUE,  NULL },
  { "4",           4, TRUE,  TRUE,  "not_configured" },
  { "4-inbox",     4, TRUE,  TRUE,  "awaiting_authorisation" },
  { "5",           5, TRUE,  TRUE,  "authorised" },
  { "5-connected", 5, TRUE,  TRUE,  "connected" },
};

static const char * const step_names[] = {
  "1", "2", "2-inbox", "3", "4", "4-inbox", "5", "5-connected", NULL,
};

OnboardPracticeScenario *
onboard_practice_scenario_new (void)
{
  OnboardPracticeScenario *self = g_new0 (OnboardPracticeScenario, 1);

  self->step = 1;

  return self;
}

/**
 * onboard_practice_scenario_list_step_names:
 *
 * Returns: (transfer none): the names --step accepts, in the order of the
 *   guide: "1" to "5" (each step as the user arrives on it), "2-inbox"
 *   (waiting for the activation email), "4-inbox" (waiting for the school
 *   to click Begin Authorisation) and "5-connected" (the connection live;
 *   "5" is authorised, waiting for the first data pull)
 */
const char * const *
onboard_practice_scenario_list_step_names (void)
{
  return step_names;
}

/**
 * onboard_practice_scenario_new_for_step:
 * @name: a step number, 1 to 5, or a waiting state: see
 *   onboard_practice_scenario_list_step_names()
 *
 * A plausible state at that step: an account made with a demo invite code,
 * and from Step 4 on a real school from the practice directory, chosen
 * when the scenario is set up, with SIMS as its MIS.
 *
 * Returns: (transfer full): the scenario, or %NULL with
 *   %ONBOARD_PRACTICE_SCENARIO_ERROR_UNKNOWN_STEP
 */
OnboardPracticeScenario *
onboard_practice_scenario_new_for_step (const char  *name,
                                        GError     **error)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folded = g_ascii_strdown (name ? name : "", -1);
  g_strstrip (folded);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      const StepPreset *preset = &presets[i];
      OnboardPracticeScenario *self;

      if (strcmp (folded, preset->name) != 0)
        continue;

      self = onboard_practice_scenario_new ();
      self->step = preset->step;
      self->signed_up = preset->signed_up;
      self->activated = preset->activated;
      self->signed_in = preset->activated;
      self->registered = preset->connector_status != NULL;
      self->connector_status = g_strdup (preset->connector_status);
      if (self->registered)
        self->mis_provider = g_strdup ("sims");

      return self;
    }

  {
    g_autofree char *names = g_strjoinv (", ", (char **)step_names);

    /* Translators: %s is what was typed after --step, then the list of
     * what it may be, such as "1, 2, 2-inbox, 3". */
    g_set_error (error, ONBOARD_PRACTICE_SCENARIO_ERROR, ONBOARD_PRACTICE_SCENARIO_ERROR_UNKNOWN_STEP,
                 _("There is no practice step “%s”. Choose one of: %s."), name ? name : "", names);
  }

  return NULL;
}

OnboardPracticeScenario *
onboard_practice_scenario_copy (const OnboardPracticeScenario *self)
{
  OnboardPracticeScenario *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->apps = g_strdup (self->apps);
  copy->school_urn = g_strdup (self->school_urn);
  copy->school_name = g_strdup (self->school_name);
  copy->mis_provider = g_strdup (self->mis_provider);
  copy->connector_status = g_strdup (self->connector_status);
  copy->error_method = g_strdup (self->error_method);
  copy->error_path = g_strdup (self->error_path);
  copy->error_code = g_strdup (self->error_code);
  copy->error_message = g_strdup (self->error_message);
  copy->error_request_id = g_strdup (self->error_request_id);
  copy->error_time = g_strdup (self->error_time);
  copy->error_fields = g_strdup (self->error_fields);
  copy->reference = g_strdup (self->reference);
  copy->app_version = g_strdup (self->app_version);
  copy->service_host = g_strdup (self->service_host);
  copy->report_connector_id = g_strdup (self->report_connector_id);

  return copy;
}

void
onboard_practice_scenario_free (OnboardPracticeScenario *self)
{
  if (self == NULL)
    return;

  g_free (self->apps);
  g_free (self->school_urn);
  g_free (self->school_name);
  g_free (self->mis_provider);
  g_free (self->connector_status);
  g_free (self->error_method);
  g_free (self->error_path);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->error_request_id);
  g_free (self->error_time);
  g_free (self->error_fields);
  g_free (self->reference);
  g_free (self->app_version);
  g_free (self->service_host);
  g_free (self->report_connector_id);
  g_free (self);
}

/**
 * onboard_practice_scenario_get_wait:
 *
 * Returns: what the user waits for on the scenario's step
 */
OnboardPracticeWait
onboard_practice_scenario_get_wait (const OnboardPracticeScenario *self)
{
  static const char * const awaiting_school[] = {
    "invitation_sent", "awaiting_authorisation", "authorisation_paused", NULL,
  };
  static const char * const connecting[] = {
    "authorised", "syncing", NULL,
  };

  g_return_val_if_fail (self != NULL, ONBOARD_PRACTICE_WAIT_NONE);

  if (self->step == 2 && self->signed_up && !self->activated)
    return ONBOARD_PRACTICE_WAIT_ACTIVATION;

  if (self->connector_status != NULL && g_strv_contains (awaiting_school, self->connector_status))
    return ONBOARD_PRACTICE_WAIT_AUTHORISATION;

  if (self->connector_status != NULL && g_strv_contains (connecting, self->connector_status))
    return ONBOARD_PRACTICE_WAIT_CONNECTION;

  return ONBOARD_PRACTICE_WAIT_NONE;
}

gboolean
onboard_practice_scenario_has_error (const OnboardPracticeScenario *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->error_path != NULL || self->error_http_status != 0 || self->error_code != NULL;
}

/**
 * onboard_practice_scenario_dup_field_codes:
 * @field: a field of the contract, such as "invite_code"
 *
 * What the last error said about @field: for "invite_code", whether the
 * caller's code was "invalid", "expired" or "already_used".
 *
 * Returns: (transfer full) (nullable): the codes, or %NULL when the last
 *   error did not name @field
 */
char **
onboard_practice_scenario_dup_field_codes (const OnboardPracticeScenario *self,
                                           const char                    *field)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (self->error_fields == NULL)
    return NULL;

  parts = g_strsplit (self->error_fields, "; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *colon = strstr (parts[i], ": ");

      if (colon != NULL && (gsize)(colon - parts[i]) == strlen (field) &&
          strncmp (parts[i], field, colon - parts[i]) == 0)
        return g_strsplit (colon + 2, ", ", -1);
    }

  return NULL;
}

/**
 * onboard_practice_scenario_to_string:
 *
 * Returns: one line for logs and test messages, in English: the step, what
 *   is waited for, the school, the MIS, the connection, the last error
 */
char *
onboard_practice_scenario_to_string (const OnboardPracticeScenario *self)
{
  static const char * const waits[] = {
    "nothing", "activation", "authorisation", "connection",
  };
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  g_string_append_printf (str, "step %u, waiting for %s", self->step,
                          waits[onboard_practice_scenario_get_wait (self)]);
  g_string_append_printf (str, "; %s", self->activated ? "activated" : self->signed_up ? "signed up" : "no account");
  if (self->school_urn != NULL)
    g_string_append_printf (str, "; school %s %s", self->school_urn,
                            self->school_name ? self->school_name : "(no name)");
  if (self->mis_provider != NULL)
    g_string_append_printf (str, "; MIS %s", self->mis_provider);
  if (self->connector_status != NULL)
    g_string_append_printf (str, "; connection %s", self->connector_status);
  if (onboard_practice_scenario_has_error (self))
    g_string_append_printf (str, "; last error %s %s %u %s%s%s",
                            self->error_method ? self->error_method : "-",
                            self->error_path ? self->error_path : "-",
                            self->error_http_status,
                            self->error_code ? self->error_code : "-",
                            self->error_fields ? " " : "",
                            self->error_fields ? self->error_fields : "");

  return g_string_free (str, FALSE);
}

G_DEFINE_BOXED_TYPE (OnboardPracticeSetup, onboard_practice_setup,
                     onboard_practice_setup_copy, onboard_practice_setup_free)

OnboardPracticeSetup *
onboard_practice_setup_new (void)
{
  return g_new0 (OnboardPracticeSetup, 1);
}

OnboardPracticeSetup *
onboard_practice_setup_copy (const OnboardPracticeSetup *self)
{
  OnboardPracticeSetup *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->scenario = self->scenario ? onboard_practice_scenario_copy (self->scenario) : NULL;
  copy->email = g_strdup (self->email);
  copy->password = g_strdup (self->password);
  copy->invite_code = g_strdup (self->invite_code);
  copy->apps = g_strdupv (self->apps);
  copy->signup_id = g_strdup (self->signup_id);
  copy->signup_token = g_strdup (self->signup_token);
  copy->access_token = g_strdup (self->access_token);
  copy->refresh_token = g_strdup (self->refresh_token);
  copy->registration_id = g_strdup (self->registration_id);
  copy->connector_id = g_strdup (self->connector_id);

  return copy;
}

void
onboard_practice_setup_free (OnboardPracticeSetup *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->scenario, onboard_practice_scenario_free);
  g_free (self->email);
  g_free (self->password);
  g_free (self->invite_code);
  g_strfreev (self->apps);
  g_free (self->signup_id);
  g_free (self->signup_token);
  g_free (self->access_token);
  g_free (self->refresh_token);
  g_free (self->registration_id);
  g_free (self->connector_id);
  g_free (self);
}
