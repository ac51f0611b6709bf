/* onboard-credentials.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-credentials.h"

/* Keeps the client's sign-in across restarts: every new access and refresh
 * token goes to the keyring (OnboardSecrets), keyed by the service and the
 * account's email, and at start they are read back into the client. Tokens
 * live nowhere else. Without a keyring the app still works for this run;
 * "saved" turns FALSE so the window can say the user will need to sign in
 * next time.
 */

struct _OnboardCredentials
{
  GObject          parent_instance;

  OnboardClient   *client;
  OnboardProgress *progress;
  OnboardSecrets  *secrets;
  GCancellable    *cancellable;
  gboolean         saved;
  /* A sign-up token is kept (keep_signup_token()) and not yet removed. */
  gboolean         signup_token_kept;
};

G_DEFINE_FINAL_TYPE (OnboardCredentials, onboard_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_saved (OnboardCredentials *self,
           gboolean            saved)
{
  saved = !!saved;

  if (self->saved != saved)
    {
      self->saved = saved;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
    }
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardCredentials) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!onboard_secrets_store_finish (ONBOARD_SECRETS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* The message never holds the token (OnboardSecrets promises it). */
      g_message ("Sign-in not kept in the keyring: %s", error->message);
      set_saved (self, FALSE);
      return;
    }

  set_saved (self, TRUE);
}

static void
store (OnboardCredentials *self,
       OnboardTokenKind    kind,
       const char         *token)
{
  onboard_secrets_store_async (self->secrets,
                               onboard_client_get_base_url (self->client),
                               onboard_progress_get_email (self->progress),
                               kind, token,
                               self->cancellable,
                               stored_cb, g_object_ref (self));
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!onboard_secrets_remove_finish (ONBOARD_SECRETS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Old sign-in not removed from the keyring: %s", error->message);

  /* The reference taken when the removal started kept self alive until now. */
  g_object_unref (user_data);
}

/* The client's tokens were set or dropped. Dropped means signed out: by the
 * user, or because the service refused the refresh token; either way the
 * kept tokens are dead and are removed, so nothing stale stays in the
 * keyring. Set means signed in, which exchanged the sign-up token if there
 * was one: the service would let it mint new tokens, so it goes. */
static void
client_tokens_changed_cb (OnboardCredentials *self)
{
  const char *email = onboard_progress_get_email (self->progress);

  if (email == NULL)
    return;

  if (!onboard_client_get_signed_in (self->client))
    {
      self->signup_token_kept = FALSE;
      onboard_secrets_remove_account_async (self->secrets,
                                            onboard_client_get_base_url (self->client),
                                            email,
                                            self->cancellable,
                                            removed_cb, g_object_ref (self));
      return;
    }

  if (self->signup_token_kept && onboard_client_get_access_token (self->client) != NULL)
    {
      self->signup_token_kept = FALSE;
      onboard_secrets_remove_async (self->secrets,
                                    onboard_client_get_base_url (self->client),
                                    email,
                                    ONBOARD_TOKEN_KIND_SIGNUP,
                                    self->cancellable,
                                    removed_cb, g_object_ref (self));
    }
}

static void
tokens_changed_cb (OnboardCredentials *self)
{
  const char *access = onboard_client_get_access_token (self->client);
  const char *refresh = onboard_client_get_refresh_token (self->client);

  /* Tokens are filed under the account's email; a sign-in always records
   * it in the progress, but the order of the two is not promised. */
  if (onboard_progress_get_email (self->progress) == NULL)
    return;

  if (access != NULL)
    store (self, ONBOARD_TOKEN_KIND_ACCESS, access);
  if (refresh != NULL)
    store (self, ONBOARD_TOKEN_KIND_REFRESH, refresh);
}

static void
onboard_credentials_dispose (GObject *object)
{
  OnboardCredentials *self = (OnboardCredentials *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (onboard_credentials_parent_class)->dispose (object);
}

static void
onboard_credentials_finalize (GObject *object)
{
  OnboardCredentials *self = (OnboardCredentials *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->progress);
  g_clear_object (&self->secrets);

  G_OBJECT_CLASS (onboard_credentials_parent_class)->finalize (object);
}

static void
onboard_credentials_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardCredentials *self = ONBOARD_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_credentials_class_init (OnboardCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_credentials_dispose;
  object_class->finalize = onboard_credentials_finalize;
  object_class->get_property = onboard_credentials_get_property;

  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_credentials_init (OnboardCredentials *self)
{
  self->saved = TRUE;
  self->cancellable = g_cancellable_new ();
}

OnboardCredentials *
onboard_credentials_new (OnboardClient   *client,
                         OnboardProgress *progress,
                         OnboardSecrets  *secrets)
{
  OnboardCredentials *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ONBOARD_IS_SECRETS (secrets), NULL);

  self = g_object_new (ONBOARD_TYPE_CREDENTIALS, NULL);
  self->client = g_object_ref (client);
  self->progress = g_object_ref (progress);
  self->secrets = g_object_ref (secrets);

  g_signal_connect_object (client, "tokens-changed", G_CALLBACK (tokens_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "tokens-changed", G_CALLBACK (client_tokens_changed_cb), self, G_CONNECT_SWAPPED);
  /* The email may arrive just after the tokens (sign in, then GET /me). */
  g_signal_connect_object (progress, "notify::email", G_CALLBACK (tokens_changed_cb), self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * onboard_credentials_get_saved:
 *
 * Returns: %FALSE once the keyring refused or was missing: the user will
 *   have to sign in again next time
 */
gboolean
onboard_credentials_get_saved (OnboardCredentials *self)
{
  g_return_val_if_fail (ONBOARD_IS_CREDENTIALS (self), FALSE);

  return self->saved;
}

/**
 * onboard_credentials_keep_signup_token:
 *
 * Keeps the sign-up token of an account waiting for its activation link,
 * so that after a restart the app can go on waiting (and then sign in)
 * without asking for the password.
 */
void
onboard_credentials_keep_signup_token (OnboardCredentials *self,
                                       const char         *token)
{
  g_return_if_fail (ONBOARD_IS_CREDENTIALS (self));
  g_return_if_fail (token != NULL);

  if (onboard_progress_get_email (self->progress) != NULL)
    {
      store (self, ONBOARD_TOKEN_KIND_SIGNUP, token);
      self->signup_token_kept = TRUE;
    }
}

static void
signup_token_looked_up_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnboardCredentials *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token;

  token = onboard_secrets_lookup_finish (ONBOARD_SECRETS (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* Kept by an earlier run: remove it once it is exchanged in this one. */
      if (token != NULL)
        self->signup_token_kept = TRUE;
      g_task_return_pointer (task, token, (GDestroyNotify)onboard_secrets_token_free);
    }
}

void
onboard_credentials_lookup_signup_token_async (OnboardCredentials  *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_credentials_lookup_signup_token_async);

  if (onboard_progress_get_email (self->progress) == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  onboard_secrets_lookup_async (self->secrets,
                                onboard_client_get_base_url (self->client),
                                onboard_progress_get_email (self->progress),
                                ONBOARD_TOKEN_KIND_SIGNUP,
                                cancellable,
                                signup_token_looked_up_cb,
                                g_steal_pointer (&task));
}

/**
 * onboard_credentials_lookup_signup_token_finish:
 *
 * Returns: (nullable): the kept sign-up token, or %NULL when there is none;
 *   free it with onboard_secrets_token_free()
 */
char *
onboard_credentials_lookup_signup_token_finish (OnboardCredentials  *self,
                                                GAsyncResult        *result,
                                                GError             **error)
{
  g_return_val_if_fail (ONBOARD_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *access;
  guint pending;
} RestoreData;

static void
restore_data_free (RestoreData *data)
{
  onboard_secrets_token_free (data->access);
  g_free (data);
}

static void
refresh_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnboardCredentials *self = g_task_get_source_object (task);
  RestoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardSecretsToken) refresh = NULL;

  refresh = onboard_secrets_lookup_finish (ONBOARD_SECRETS (object), result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_saved (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->access == NULL && refresh == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* Setting them must not store them again. */
  g_signal_handlers_block_by_func (self->client, tokens_changed_cb, self);
  g_signal_handlers_block_by_func (self->client, client_tokens_changed_cb, self);
  onboard_client_set_tokens (self->client, data->access, refresh);
  g_signal_handlers_unblock_by_func (self->client, client_tokens_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->client, tokens_changed_cb, self);

  g_task_return_boolean (task, TRUE);
}

static void
access_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnboardCredentials *self = g_task_get_source_object (task);
  RestoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->access = onboard_secrets_lookup_finish (ONBOARD_SECRETS (object), result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_saved (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  onboard_secrets_lookup_async (self->secrets,
                                onboard_client_get_base_url (self->client),
                                onboard_progress_get_email (self->progress),
                                ONBOARD_TOKEN_KIND_REFRESH,
                                g_task_get_cancellable (task),
                                refresh_looked_up_cb,
                                g_object_ref (task));
}

/**
 * onboard_credentials_restore_async:
 *
 * Reads the tokens kept for this service and account back into the
 * client. Finishes with %TRUE when there were some.
 */
void
onboard_credentials_restore_async (OnboardCredentials  *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_credentials_restore_async);
  g_task_set_task_data (task, g_new0 (RestoreData, 1), (GDestroyNotify)restore_data_free);

  if (onboard_progress_get_email (self->progress) == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  onboard_secrets_lookup_async (self->secrets,
                                onboard_client_get_base_url (self->client),
                                onboard_progress_get_email (self->progress),
                                ONBOARD_TOKEN_KIND_ACCESS,
                                cancellable,
                                access_looked_up_cb,
                                g_steal_pointer (&task));
}

gboolean
onboard_credentials_restore_finish (OnboardCredentials  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (ONBOARD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!onboard_secrets_clear_finish (ONBOARD_SECRETS (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * onboard_credentials_forget_async:
 *
 * Signs the client out and removes every token kept for this service.
 */
void
onboard_credentials_forget_async (OnboardCredentials  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_CREDENTIALS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_credentials_forget_async);

  /* The clear below removes every token of the service at once. */
  g_signal_handlers_block_by_func (self->client, tokens_changed_cb, self);
  g_signal_handlers_block_by_func (self->client, client_tokens_changed_cb, self);
  onboard_client_sign_out (self->client);
  g_signal_handlers_unblock_by_func (self->client, client_tokens_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->client, tokens_changed_cb, self);

  onboard_secrets_clear_async (self->secrets,
                               onboard_client_get_base_url (self->client),
                               cancellable,
                               cleared_cb,
                               g_steal_pointer (&task));
}

gboolean
onboard_credentials_forget_finish (OnboardCredentials  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (ONBOARD_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
