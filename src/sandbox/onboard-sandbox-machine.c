/* onboard-sandbox-machine.c: what happens to sign-ups and connectors, by
 * request, by the /__dev/ hooks and by the clock
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-machine.h"
#include "onboard-sandbox-private.h"

#include <string.h>

/* When XoD next syncs after @after. */
static gint64
next_nightly_sync (gint64 after)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (after / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  now = g_date_time_to_timezone (utc, zone);

  /* XoD caches school data nightly at about 03:00. */
  today = g_date_time_new (zone, g_date_time_get_year (now), g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 3, 0, 0);
  if (g_date_time_to_unix (today) * G_USEC_PER_SEC > after)
    return g_date_time_to_unix (today) * G_USEC_PER_SEC;

  tomorrow = g_date_time_add_days (today, 1);
  return g_date_time_to_unix (tomorrow) * G_USEC_PER_SEC;
}

static void
auto_activate (OnboardSandbox *self,
               const char     *signup_id)
{
  OnboardSandboxSignup *signup = onboard_sandbox_store_lookup_signup (self->store, signup_id);

  if (signup != NULL && signup->activated_at == 0)
    onboard_sandbox_do_activate (self, signup, NULL);
}

static void
deliver_invitation (OnboardSandbox *self,
                    const char     *connector_id)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);

  /* Groupcall accepted the invitation and its email has gone out. */
  if (connector != NULL && g_strcmp0 (connector->status, "invitation_sent") == 0)
    {
      onboard_sandbox_connector_set_status (connector, "awaiting_authorisation", NULL);
      onboard_sandbox_changed (self);
    }
}

static void
auto_authorise (OnboardSandbox *self,
                const char     *connector_id)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);
  g_autofree char *secret = onboard_sandbox_new_id ("", 32);

  if (connector != NULL)
    onboard_sandbox_do_authorise (self, connector, (const char * const *)connector->template_scopes,
                                  secret, NULL);
}

static void finish_sync (OnboardSandbox *self,
                         const char     *connector_id);

static void
start_sync (OnboardSandbox *self,
            const char     *connector_id)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);

  if (connector == NULL || g_strcmp0 (connector->status, "authorised") != 0)
    return;

  onboard_sandbox_connector_set_status (connector, "syncing", NULL);
  onboard_sandbox_schedule (self, self->sync_duration, finish_sync, connector->id);
  onboard_sandbox_changed (self);
}

static gboolean
scopes_cover_template (OnboardSandboxConnector *connector)
{
  for (guint i = 0; connector->template_scopes && connector->template_scopes[i]; i++)
    if (!g_strv_contains ((const char * const *)connector->scopes, connector->template_scopes[i]))
      return FALSE;
  return TRUE;
}

static void
complete_sync (OnboardSandboxConnector *connector,
               gboolean                 success,
               const char              *reason)
{
  gint64 now = onboard_sandbox_now ();

  connector->last_sync_at = now;
  g_free (connector->last_sync_status);
  connector->last_sync_status = g_strdup (success ? "success" : "failure");
  connector->next_sync_at = next_nightly_sync (now);
  onboard_sandbox_connector_set_status (connector, success ? "connected" : "sync_error",
                                        success ? NULL : reason);
}

static void
finish_sync (OnboardSandbox *self,
             const char     *connector_id)
{
  OnboardSandboxConnector *connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);

  if (connector == NULL || g_strcmp0 (connector->status, "syncing") != 0)
    return;

  /* Without every scope it asked for, the pull cannot complete. */
  if (scopes_cover_template (connector))
    complete_sync (connector, TRUE, NULL);
  else
    complete_sync (connector, FALSE, "scopes_insufficient");
  onboard_sandbox_changed (self);
}

gboolean
onboard_sandbox_do_activate (OnboardSandbox        *self,
                             OnboardSandboxSignup  *signup,
                             GError               **error)
{
  OnboardSandboxAccount *account;

  if (signup->activated_at != 0)
    return TRUE;

  if (signup->activation_expires_at <= onboard_sandbox_now ())
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                   "The activation link has expired; sign up again");
      return FALSE;
    }

  signup->activated_at = onboard_sandbox_now ();
  if ((account = onboard_sandbox_store_lookup_account (self->store, signup->account_id)))
    account->active = TRUE;
  onboard_sandbox_changed (self);

  return TRUE;
}

gboolean
onboard_sandbox_do_authorise (OnboardSandbox           *self,
                              OnboardSandboxConnector  *connector,
                              const char * const       *scopes,
                              const char               *secret,
                              GError                  **error)
{
  static const char * const allowed[] = {
    "invitation_sent", "awaiting_authorisation", "authorisation_paused", NULL
  };
  gint64 now = onboard_sandbox_now ();

  if (!g_strv_contains (allowed, connector->status))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                   "The connector is %s; only an invited connector can be authorised",
                   connector->status);
      return FALSE;
    }

  g_strfreev (connector->scopes);
  connector->scopes = g_strdupv ((char **)scopes);
  g_free (connector->school_secret);
  connector->school_secret = g_strdup (secret);
  connector->authorised_at = now;
  connector->next_sync_at = now + ONBOARD_SANDBOX_USEC (self->first_sync_delay);
  onboard_sandbox_connector_set_status (connector, "authorised", NULL);

  onboard_sandbox_schedule (self, self->first_sync_delay, start_sync, connector->id);
  onboard_sandbox_changed (self);

  return TRUE;
}

typedef struct
{
  const char *event;
  const char *to;
  const char *reason;
  const char *from[7];
} Transition;

static const Transition transitions[] = {
  { "pause", "authorisation_paused", "authorisation_paused",
    { "invitation_sent", "awaiting_authorisation", NULL } },
  { "resume", "awaiting_authorisation", NULL,
    { "authorisation_paused", NULL } },
  { "sync_started", "syncing", NULL,
    { "authorised", "connected", "sync_error", NULL } },
  { "sync_succeeded", "connected", NULL,
    { "syncing", "authorised", "connected", "sync_error", NULL } },
  { "sync_failed", "sync_error", "mis_unreachable",
    { "syncing", "authorised", "connected", "sync_error", NULL } },
  { "revoke", "revoked", "revoked_by_school",
    { "awaiting_authorisation", "authorisation_paused", "authorised", "syncing", "connected",
      "sync_error", NULL } },
  { "groupcall_reject", "invitation_failed", "groupcall_rejected_invitation",
    { "invitation_sent", "awaiting_authorisation", NULL } },
};

gboolean
onboard_sandbox_do_event (OnboardSandbox           *self,
                          OnboardSandboxConnector  *connector,
                          const char               *event,
                          GError                  **error)
{
  const Transition *transition = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (strcmp (transitions[i].event, event) == 0)
      transition = &transitions[i];

  if (transition == NULL)
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID,
                   "Unknown event “%s” (pause, resume, sync_started, sync_succeeded, "
                   "sync_failed, revoke, groupcall_reject)", event);
      return FALSE;
    }

  if (!g_strv_contains (transition->from, connector->status))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_INVALID_STATE,
                   "“%s” does not apply to a connector that is %s", event, connector->status);
      return FALSE;
    }

  if (strcmp (transition->to, "connected") == 0)
    complete_sync (connector, TRUE, NULL);
  else if (strcmp (transition->to, "sync_error") == 0)
    complete_sync (connector, FALSE, transition->reason);
  else
    onboard_sandbox_connector_set_status (connector, transition->to, transition->reason);

  if (strcmp (transition->to, "revoked") == 0)
    {
      g_clear_pointer (&connector->school_secret, g_free);
      connector->next_sync_at = 0;
    }

  onboard_sandbox_changed (self);

  return TRUE;
}

const char *
onboard_sandbox_expected_school_id (OnboardSandboxConnector *connector)
{
  /* Lists without DfE numbers (the simple GIAS extract) have no estab; the
   * simulated XoD then identifies the school by its URN. */
  return connector->estab ? connector->estab : connector->urn;
}

void
onboard_sandbox_resume_timers (OnboardSandbox *self)
{
  g_autoptr(GPtrArray) connectors = onboard_sandbox_store_list_connectors (self->store);
  g_autoptr(GPtrArray) signups = onboard_sandbox_store_list_signups (self->store);

  /* After a restart with --state, pick up what was under way. */
  for (guint i = 0; i < connectors->len; i++)
    {
      OnboardSandboxConnector *connector = g_ptr_array_index (connectors, i);

      if (strcmp (connector->status, "invitation_sent") == 0)
        onboard_sandbox_schedule (self, self->invitation_delivery_delay, deliver_invitation, connector->id);
      else if (strcmp (connector->status, "authorised") == 0)
        onboard_sandbox_schedule (self, self->first_sync_delay, start_sync, connector->id);
      else if (strcmp (connector->status, "syncing") == 0)
        onboard_sandbox_schedule (self, self->sync_duration, finish_sync, connector->id);

      if (self->auto_mode &&
          (strcmp (connector->status, "invitation_sent") == 0 ||
           strcmp (connector->status, "awaiting_authorisation") == 0))
        onboard_sandbox_schedule (self, self->auto_authorisation_delay, auto_authorise, connector->id);
    }

  if (self->auto_mode)
    for (guint i = 0; i < signups->len; i++)
      {
        OnboardSandboxSignup *signup = g_ptr_array_index (signups, i);

        if (strcmp (onboard_sandbox_signup_status (signup), "pending_activation") == 0)
          onboard_sandbox_schedule (self, self->auto_activation_delay, auto_activate, signup->id);
      }
}

/**
 * onboard_sandbox_signup_created:
 *
 * In auto mode, a new sign-up activates itself after a while.
 */
void
onboard_sandbox_signup_created (OnboardSandbox       *self,
                                OnboardSandboxSignup *signup)
{
  if (self->auto_mode)
    onboard_sandbox_schedule (self, self->auto_activation_delay, auto_activate, signup->id);
}

/**
 * onboard_sandbox_invitation_sent:
 *
 * After Grant Access, Groupcall's email goes out after a while, and in
 * auto mode the school then authorises by itself.
 */
void
onboard_sandbox_invitation_sent (OnboardSandbox          *self,
                                 OnboardSandboxConnector *connector)
{
  onboard_sandbox_schedule (self, self->invitation_delivery_delay, deliver_invitation, connector->id);
  if (self->auto_mode)
    onboard_sandbox_schedule (self, self->auto_authorisation_delay, auto_authorise, connector->id);
}
