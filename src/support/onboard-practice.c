/* onboard-practice.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onboard-practice"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>

#include <glib/gstdio.h>

#include "onboard-practice.h"

/* Practice mode: the whole setup against the reference service, run in
 * this process on a loopback port, with services of its own that never
 * touch the real ones. Its progress lives in a file of its own (started
 * afresh each time), its sign-in in memory only (no keyring is ever
 * asked), its school list in a cache folder of its own.
 *
 * A practice is made from a listening server: onboard_practice_new()
 * makes the usual one (demo invite codes, the school list the app ships,
 * nothing automatic: the practice inbox is the user's mailbox), and
 * onboard_practice_new_for_sandbox() takes one prepared by the caller,
 * already put into some state, together with the progress to match
 * (see onboard_practice_get_progress()).
 */

struct _OnboardPractice
{
  GObject                 parent_instance;

  OnboardSandbox         *sandbox;
  OnboardClient          *client;
  OnboardProgress        *progress;
  OnboardSecrets         *secrets;
  OnboardCredentials     *credentials;
  OnboardSchoolCatalogue *catalogue;
  OnboardStatusMonitor   *monitor;
};

G_DEFINE_FINAL_TYPE (OnboardPractice, onboard_practice, G_TYPE_OBJECT)

static void
onboard_practice_dispose (GObject *object)
{
  OnboardPractice *self = (OnboardPractice *)object;

  g_clear_object (&self->monitor);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->credentials);
  g_clear_object (&self->secrets);
  g_clear_object (&self->progress);
  g_clear_object (&self->client);
  g_clear_object (&self->sandbox);

  G_OBJECT_CLASS (onboard_practice_parent_class)->dispose (object);
}

static void
onboard_practice_class_init (OnboardPracticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_practice_dispose;
}

static void
onboard_practice_init (OnboardPractice *self)
{
}

/**
 * onboard_practice_dup_schools_path:
 *
 * Returns: (nullable): the school list practice serves: the real GIAS
 *   list the app ships (compressed, Open Government Licence), or
 *   %NULL when it is not installed, for the generated one.
 *   `ONBOARD_PRACTICE_SCHOOLS` names another file (uninstalled runs).
 */
char *
onboard_practice_dup_schools_path (void)
{
  const char *override = g_getenv ("ONBOARD_PRACTICE_SCHOOLS");
  g_autofree char *path = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  path = g_build_filename (PKGDATADIR, "schools", "gias-2022-07-all-establishments.csv.gz", NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  return NULL;
}

/**
 * onboard_practice_dup_progress_path:
 *
 * Returns: practice's own progress file, beside the real one but never it
 */
char *
onboard_practice_dup_progress_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "assembly-onboard", "practice",
                           "progress.json", NULL);
}

/**
 * onboard_practice_new_sandbox:
 *
 * Returns: (transfer full): the reference service as practice runs it,
 *   listening on a loopback port: the demo invite codes, the school list,
 *   and no `--auto`: emails wait in the practice inbox for the user.
 */
OnboardSandbox *
onboard_practice_new_sandbox (GError **error)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autofree char *schools = onboard_practice_dup_schools_path ();

  onboard_sandbox_set_auto (sandbox, FALSE);

  if (schools != NULL && !onboard_sandbox_load_schools (sandbox, schools, error))
    return NULL;

  if (!onboard_sandbox_listen (sandbox, 0, error))
    return NULL;

  return g_steal_pointer (&sandbox);
}

/**
 * onboard_practice_new_for_sandbox:
 * @sandbox: a listening server
 *
 * Returns: (transfer full): a practice against @sandbox, starting from
 *   an empty progress of its own (its file is removed first).
 */
OnboardPractice *
onboard_practice_new_for_sandbox (OnboardSandbox *sandbox)
{
  OnboardPractice *self;
  g_autofree char *progress_path = onboard_practice_dup_progress_path ();
  g_autofree char *cache_dir = NULL;
  const char *base_url;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (sandbox), NULL);
  g_return_val_if_fail (onboard_sandbox_get_base_url (sandbox) != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_PRACTICE, NULL);
  self->sandbox = g_object_ref (sandbox);
  base_url = onboard_sandbox_get_base_url (sandbox);

  self->client = onboard_client_new (base_url);

  /* Every practice starts afresh: the server behind it is new. */
  if (g_unlink (progress_path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", progress_path, g_strerror (errno));
  self->progress = onboard_progress_new_at (base_url, progress_path);

  self->secrets = onboard_secrets_new_in_memory ();
  self->credentials = onboard_credentials_new (self->client, self->progress, self->secrets);

  cache_dir = g_build_filename (g_get_user_cache_dir (), PACKAGE_NAME, "practice", NULL);
  self->catalogue = onboard_school_catalogue_new (self->client, cache_dir);
  self->monitor = onboard_status_monitor_new (self->client, NULL);

  return self;
}

/**
 * onboard_practice_new:
 *
 * Returns: (transfer full): a practice against a new server from
 *   onboard_practice_new_sandbox()
 */
OnboardPractice *
onboard_practice_new (GError **error)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_practice_new_sandbox (error);

  if (sandbox == NULL)
    return NULL;

  return onboard_practice_new_for_sandbox (sandbox);
}

OnboardSandbox *
onboard_practice_get_sandbox (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->sandbox;
}

OnboardClient *
onboard_practice_get_client (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->client;
}

OnboardProgress *
onboard_practice_get_progress (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->progress;
}

OnboardSecrets *
onboard_practice_get_secrets (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->secrets;
}

OnboardCredentials *
onboard_practice_get_credentials (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->credentials;
}

OnboardSchoolCatalogue *
onboard_practice_get_catalogue (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->catalogue;
}

OnboardStatusMonitor *
onboard_practice_get_monitor (OnboardPractice *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), NULL);
  return self->monitor;
}

/**
 * onboard_practice_approve_as_school:
 *
 * Does what the school's MIS administrator does on Groupcall's page:
 * authorises the practice's connector with the scopes asked for, so that
 * one person can rehearse alone.
 *
 * Returns: %FALSE with @error when there is nothing to approve yet
 */
gboolean
onboard_practice_approve_as_school (OnboardPractice  *self,
                                    GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *connector_id;

  g_return_val_if_fail (ONBOARD_IS_PRACTICE (self), FALSE);

  connector_id = onboard_progress_get_connector_id (self->progress);
  if (connector_id == NULL ||
      onboard_sandbox_get_connector_status (self->sandbox, connector_id) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is nothing to approve yet: press Grant Access at Step 4 first."));
      return FALSE;
    }

  if (!onboard_sandbox_authorise_connector (self->sandbox, connector_id, NULL, &local_error))
    {
      g_debug ("Could not approve: %s", local_error->message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                           _("The school has already answered Groupcall’s request."));
      return FALSE;
    }

  return TRUE;
}
