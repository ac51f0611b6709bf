/* onboard-secrets.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onboard-secrets"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "onboard-client.h"
#include "onboard-secrets.h"

/* Only the secret_password_*() calls are used, never SecretService
 * directly: they go through libsecret's backend, which inside a Flatpak
 * sandbox (libsecret 0.20 or later) is a file in the app's own data
 * folder encrypted with a key from the Secret portal, and outside it is
 * the Secret Service (gnome-keyring, KWallet, KeePassXC) on the session
 * bus. Nothing here needs to know which. */

struct _OnboardSecrets
{
  GObject   parent_instance;

  gboolean  available;
  /* Practice mode: the tokens live here, and no keyring is ever asked. */
  GPtrArray *memory;  /* MemoryItem */
};

typedef struct
{
  GHashTable *attributes;
  char       *token;
} MemoryItem;

static void
memory_item_free (gpointer data)
{
  MemoryItem *item = data;

  g_hash_table_unref (item->attributes);
  secret_password_wipe (item->token);
  g_free (item->token);
  g_free (item);
}

G_DEFINE_FINAL_TYPE (OnboardSecrets, onboard_secrets, G_TYPE_OBJECT)

G_DEFINE_QUARK (onboard-secrets-error-quark, onboard_secrets_error)

enum {
  PROP_0,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  OPERATION_STORE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

static const SecretSchema token_schema = {
  "org.assembly.Onboard.Token",
  SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static const char *
kind_to_string (OnboardTokenKind kind)
{
  switch (kind)
    {
    case ONBOARD_TOKEN_KIND_ACCESS:
      return "access";

    case ONBOARD_TOKEN_KIND_REFRESH:
      return "refresh";

    case ONBOARD_TOKEN_KIND_SIGNUP:
      return "signup";

    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
dup_label (OnboardTokenKind  kind,
           const char       *email)
{
  /* What the user sees in Passwords and Keys, so a person can tell the
   * items apart and delete them; never the token itself. */
  switch (kind)
    {
    case ONBOARD_TOKEN_KIND_ACCESS:
      /* Translators: a keyring item's name; %s is an email address */
      return g_strdup_printf (_("Assembly Onboard access token for %s"), email);

    case ONBOARD_TOKEN_KIND_REFRESH:
      /* Translators: a keyring item's name; %s is an email address */
      return g_strdup_printf (_("Assembly Onboard refresh token for %s"), email);

    case ONBOARD_TOKEN_KIND_SIGNUP:
      /* Translators: a keyring item's name; %s is an email address */
      return g_strdup_printf (_("Assembly Onboard sign-up token for %s"), email);

    default:
      g_return_val_if_reached (NULL);
    }
}

static OnboardSecretsError
classify_error (const GError *error)
{
  /* What libsecret says when an unlock prompt was dismissed or could not
   * be shown. */
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return ONBOARD_SECRETS_ERROR_LOCKED;

  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        /* A sandbox that may not talk to the Secret Service. */
        case G_DBUS_ERROR_ACCESS_DENIED:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return ONBOARD_SECRETS_ERROR_UNAVAILABLE;

        default:
          return ONBOARD_SECRETS_ERROR_FAILED;
        }
    }

  /* No session bus at all, its connection closed, or its setup cancelled
   * by someone else (see return_keyring_error()). */
  if (error->domain == G_IO_ERROR)
    return ONBOARD_SECRETS_ERROR_UNAVAILABLE;

  return ONBOARD_SECRETS_ERROR_FAILED;
}

static GError *
secrets_error_new (OnboardSecretsError code,
                   Operation           operation)
{
  const char *reason = NULL;
  const char *outcome = NULL;

  switch (code)
    {
    case ONBOARD_SECRETS_ERROR_UNAVAILABLE:
      reason = _("This computer has no password store for the app to use.");
      break;

    case ONBOARD_SECRETS_ERROR_LOCKED:
      reason = _("This computer’s password store is locked.");
      break;

    case ONBOARD_SECRETS_ERROR_FAILED:
    default:
      reason = _("This computer’s password store reported a problem.");
      break;
    }

  switch (operation)
    {
    case OPERATION_STORE:
      outcome = _("Your sign-in could not be saved, so you will need to sign in again "
                  "next time you open the app.");
      break;

    case OPERATION_LOOKUP:
      outcome = _("Your saved sign-in could not be read, so you will need to sign in again.");
      break;

    case OPERATION_CLEAR:
    default:
      outcome = _("Your saved sign-in could not be removed; you can remove it in the "
                  "Passwords and Keys app.");
      break;
    }

  return g_error_new (ONBOARD_SECRETS_ERROR, code, "%s %s", reason, outcome);
}

static void
set_available (OnboardSecrets *self,
               gboolean        available)
{
  available = !!available;

  if (self->available == available)
    return;

  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

static void
onboard_secrets_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnboardSecrets *self = ONBOARD_SECRETS (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, onboard_secrets_get_available (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_secrets_finalize (GObject *object)
{
  OnboardSecrets *self = ONBOARD_SECRETS (object);

  g_clear_pointer (&self->memory, g_ptr_array_unref);

  G_OBJECT_CLASS (onboard_secrets_parent_class)->finalize (object);
}

static void
onboard_secrets_class_init (OnboardSecretsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_secrets_finalize;
  object_class->get_property = onboard_secrets_get_property;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_secrets_init (OnboardSecrets *self)
{
  /* Optimistic until the keyring says otherwise: asking it up front would
   * show an unlock prompt before there is anything to keep. */
  self->available = TRUE;
}

OnboardSecrets *
onboard_secrets_new (void)
{
  return g_object_new (ONBOARD_TYPE_SECRETS, NULL);
}

/**
 * onboard_secrets_new_in_memory:
 *
 * Returns: (transfer full): secrets kept in this process's memory only,
 *   for practice mode: no keyring is ever asked, and they are gone when
 *   the object is.
 */
OnboardSecrets *
onboard_secrets_new_in_memory (void)
{
  OnboardSecrets *self = g_object_new (ONBOARD_TYPE_SECRETS, NULL);

  self->memory = g_ptr_array_new_with_free_func (memory_item_free);

  return self;
}

gboolean
onboard_secrets_get_in_memory (OnboardSecrets *self)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), FALSE);

  return self->memory != NULL;
}

gboolean
onboard_secrets_get_available (OnboardSecrets *self)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), FALSE);

  return self->available;
}

typedef struct
{
  Operation   operation;
  GHashTable *attributes;
  char       *label;
  char       *token;
  gboolean    retried;
} Request;

static void
request_free (Request *request)
{
  g_clear_pointer (&request->attributes, g_hash_table_unref);
  g_clear_pointer (&request->label, g_free);
  if (request->token != NULL)
    {
      secret_password_wipe (request->token);
      g_clear_pointer (&request->token, g_free);
    }
  g_free (request);
}

static GTask *
request_task_new (OnboardSecrets      *self,
                  Operation            operation,
                  GHashTable          *attributes,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->operation = operation;
  request->attributes = attributes;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  return task;
}

static void start_request (GTask *task);

/* Completes @task with a keyring failure, except for two cases. Our own
 * cancellation is passed on untouched and says nothing about the keyring.
 * A cancellation that is not ours comes from GIO sharing the setup of the
 * session bus connection between callers: when the first caller's setup
 * is cancelled, everyone waiting on it hears "cancelled" too. That is
 * tried once more. */
static void
return_keyring_error (GTask  *task,
                      GError *error)
{
  OnboardSecrets *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  OnboardSecretsError code;

  if (g_task_return_error_if_cancelled (task))
    {
      g_error_free (error);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->retried)
    {
      g_debug ("Keyring operation %d cancelled by someone else; trying again", request->operation);
      g_error_free (error);
      request->retried = TRUE;
      start_request (task);
      return;
    }

  code = classify_error (error);

  /* libsecret's and D-Bus's messages carry no secret (tokens travel in the
   * session's encrypted payload, never in an error), so they may go to the
   * debug log for support. */
  g_debug ("Keyring operation %d failed: %s (%s, %d)",
           request->operation, error->message, g_quark_to_string (error->domain), error->code);
  g_error_free (error);

  set_available (self, FALSE);
  g_task_return_error (task, secrets_error_new (code, request->operation));
}

static void
return_success (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  set_available (g_task_get_source_object (task), TRUE);

  if (request->operation == OPERATION_LOOKUP)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_boolean (task, TRUE);
}

/* The check for leftovers could not be made. Inside a Flatpak sandbox
 * that is expected: libsecret keeps the tokens in a file of the app's own
 * (which has no locks) when the Secret portal is there, and the sandbox
 * may not talk to the Secret Service. Anywhere else the Secret Service
 * just answered the lookup or clear, so its failing now is an error. */
static void
leftovers_unknown (GTask  *task,
                   GError *error)
{
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Cannot look for locked items: %s", error->message);
      g_error_free (error);
      return_success (task);
      return;
    }

  return_keyring_error (task, error);
}

static void
leftovers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autolist(SecretItem) items = NULL;
  gboolean locked = FALSE;
  gboolean left = FALSE;
  OnboardSecretsError code;
  GError *error = NULL;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      leftovers_unknown (task, error);
      return;
    }

  for (const GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = NULL;

      if (secret_item_get_locked (l->data))
        {
          locked = TRUE;
          continue;
        }

      /* Unlocked, the schema can be checked: another program's item with
       * the same attribute names is none of our business. */
      attributes = secret_item_get_attributes (l->data);
      if (g_strcmp0 (g_hash_table_lookup (attributes, "xdg:schema"), token_schema.name) == 0)
        left = TRUE;
    }

  if (locked)
    code = ONBOARD_SECRETS_ERROR_LOCKED;
  else if (left && request->operation == OPERATION_CLEAR)
    code = ONBOARD_SECRETS_ERROR_FAILED;
  else
    {
      return_success (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_debug ("Keyring operation %d: matching items left, %s",
           request->operation, locked ? "locked" : "not removed");
  set_available (g_task_get_source_object (task), FALSE);
  g_task_return_error (task, secrets_error_new (code, request->operation));
}

static void
leftovers_service_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      leftovers_unknown (task, error);
      return;
    }

  /* gnome-keyring cannot match "xdg:schema" on a locked item, so the
   * search goes by our attributes alone. */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  {
    GHashTableIter iter;
    gpointer key;
    gpointer value;

    g_hash_table_iter_init (&iter, request->attributes);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        if (g_strcmp0 (key, "xdg:schema") != 0)
          g_hash_table_insert (attributes, key, value);
      }
  }

  secret_service_search (service,
                         NULL,
                         attributes,
                         SECRET_SEARCH_ALL,
                         cancellable,
                         leftovers_cb,
                         g_steal_pointer (&task));
}

/* A lookup that finds nothing and a clear both skip locked items without a
 * word (the unlock prompt was dismissed or could not be shown): ask again,
 * without unlocking, whether any are still there. */
static void
check_leftovers (GTask *task)
{
  secret_service_get (SECRET_SERVICE_NONE,
                      g_task_get_cancellable (task),
                      leftovers_service_cb,
                      g_object_ref (task));
}

static void
onboard_secrets_store_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      return_keyring_error (task, error);
      return;
    }

  return_success (task);
}

static void
onboard_secrets_lookup_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  if (token == NULL)
    {
      check_leftovers (task);
      return;
    }

  set_available (g_task_get_source_object (task), TRUE);
  g_task_return_pointer (task, token, (GDestroyNotify)secret_password_free);
}

static void
onboard_secrets_clear_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      return_keyring_error (task, error);
      return;
    }

  check_leftovers (task);
}

/* Whether @item has every attribute of @attributes (the schema's name
 * aside), as libsecret matches items. */
static gboolean
memory_item_matches (MemoryItem *item,
                     GHashTable *attributes)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_strcmp0 (key, "xdg:schema") != 0 &&
          g_strcmp0 (g_hash_table_lookup (item->attributes, key), value) != 0)
        return FALSE;
    }

  return TRUE;
}

/* The same operations on the tokens kept in memory. */
static void
run_in_memory (OnboardSecrets *self,
               GTask          *task)
{
  Request *request = g_task_get_task_data (task);

  switch (request->operation)
    {
    case OPERATION_STORE:
      for (guint i = self->memory->len; i > 0; i--)
        if (memory_item_matches (g_ptr_array_index (self->memory, i - 1), request->attributes))
          g_ptr_array_remove_index (self->memory, i - 1);
      {
        MemoryItem *item = g_new0 (MemoryItem, 1);

        item->attributes = g_hash_table_ref (request->attributes);
        item->token = g_strdup (request->token);
        g_ptr_array_add (self->memory, item);
      }
      g_task_return_boolean (task, TRUE);
      break;

    case OPERATION_LOOKUP:
      for (guint i = 0; i < self->memory->len; i++)
        {
          MemoryItem *item = g_ptr_array_index (self->memory, i);

          if (memory_item_matches (item, request->attributes))
            {
              g_task_return_pointer (task, g_strdup (item->token), (GDestroyNotify)onboard_secrets_token_free);
              return;
            }
        }
      g_task_return_pointer (task, NULL, NULL);
      break;

    case OPERATION_CLEAR:
      for (guint i = self->memory->len; i > 0; i--)
        if (memory_item_matches (g_ptr_array_index (self->memory, i - 1), request->attributes))
          g_ptr_array_remove_index (self->memory, i - 1);
      g_task_return_boolean (task, TRUE);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
start_request (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  OnboardSecrets *self = g_task_get_source_object (task);

  if (self->memory != NULL)
    {
      if (!g_task_return_error_if_cancelled (task))
        run_in_memory (self, task);
      return;
    }

  /* Nothing reaches libsecret once we have given up: a cancelled
   * cancellable there could spoil the bus connection's setup for the
   * calls that come after (see return_keyring_error()). */
  if (g_task_return_error_if_cancelled (task))
    return;

  switch (request->operation)
    {
    case OPERATION_STORE:
      /* Storing with the same attributes replaces the item: one token of
       * each kind per service and email. */
      secret_password_storev (&token_schema,
                              request->attributes,
                              SECRET_COLLECTION_DEFAULT,
                              request->label,
                              request->token,
                              cancellable,
                              onboard_secrets_store_cb,
                              g_object_ref (task));
      break;

    case OPERATION_LOOKUP:
      secret_password_lookupv (&token_schema,
                               request->attributes,
                               cancellable,
                               onboard_secrets_lookup_cb,
                               g_object_ref (task));
      break;

    case OPERATION_CLEAR:
      secret_password_clearv (&token_schema,
                              request->attributes,
                              cancellable,
                              onboard_secrets_clear_cb,
                              g_object_ref (task));
      break;

    default:
      g_assert_not_reached ();
    }
}

void
onboard_secrets_store_async (OnboardSecrets      *self,
                             const char          *service,
                             const char          *email,
                             OnboardTokenKind     kind,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *service_key = NULL;
  g_autofree char *label = NULL;
  GHashTable *attributes;
  Request *request;

  g_return_if_fail (ONBOARD_IS_SECRETS (self));
  g_return_if_fail (service != NULL && *service != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (kind <= ONBOARD_TOKEN_KIND_SIGNUP);
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service_key = onboard_client_dup_service_key (service);
  label = dup_label (kind, email);
  attributes = secret_attributes_build (&token_schema,
                                        "service", service_key,
                                        "email", email,
                                        "kind", kind_to_string (kind),
                                        NULL);

  task = request_task_new (self, OPERATION_STORE, attributes, cancellable, callback, user_data,
                           onboard_secrets_store_async);
  request = g_task_get_task_data (task);
  request->label = g_steal_pointer (&label);
  request->token = g_strdup (token);

  start_request (task);
}

gboolean
onboard_secrets_store_finish (OnboardSecrets  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onboard_secrets_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
onboard_secrets_lookup_async (OnboardSecrets      *self,
                              const char          *service,
                              const char          *email,
                              OnboardTokenKind     kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *service_key = NULL;
  GHashTable *attributes;

  g_return_if_fail (ONBOARD_IS_SECRETS (self));
  g_return_if_fail (service != NULL && *service != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (kind <= ONBOARD_TOKEN_KIND_SIGNUP);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service_key = onboard_client_dup_service_key (service);
  attributes = secret_attributes_build (&token_schema,
                                        "service", service_key,
                                        "email", email,
                                        "kind", kind_to_string (kind),
                                        NULL);

  task = request_task_new (self, OPERATION_LOOKUP, attributes, cancellable, callback, user_data,
                           onboard_secrets_lookup_async);

  start_request (task);
}

char *
onboard_secrets_lookup_finish (OnboardSecrets  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onboard_secrets_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
onboard_secrets_clear_async (OnboardSecrets      *self,
                             const char          *service,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *service_key = NULL;
  GHashTable *attributes;

  g_return_if_fail (ONBOARD_IS_SECRETS (self));
  g_return_if_fail (service != NULL && *service != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service_key = onboard_client_dup_service_key (service);
  attributes = secret_attributes_build (&token_schema,
                                        "service", service_key,
                                        NULL);

  task = request_task_new (self, OPERATION_CLEAR, attributes, cancellable, callback, user_data,
                           onboard_secrets_clear_async);

  start_request (task);
}

static void
remove_matching (OnboardSecrets      *self,
                 GHashTable          *attributes,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;

  /* The same operation as a clear, on fewer items: libsecret removes
   * every item that has all of @attributes. */
  task = request_task_new (self, OPERATION_CLEAR, attributes, cancellable, callback, user_data,
                           source_tag);

  start_request (task);
}

void
onboard_secrets_remove_async (OnboardSecrets      *self,
                              const char          *service,
                              const char          *email,
                              OnboardTokenKind     kind,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *service_key = NULL;

  g_return_if_fail (ONBOARD_IS_SECRETS (self));
  g_return_if_fail (service != NULL && *service != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (kind <= ONBOARD_TOKEN_KIND_SIGNUP);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service_key = onboard_client_dup_service_key (service);
  remove_matching (self,
                   secret_attributes_build (&token_schema,
                                            "service", service_key,
                                            "email", email,
                                            "kind", kind_to_string (kind),
                                            NULL),
                   cancellable, callback, user_data, onboard_secrets_remove_async);
}

void
onboard_secrets_remove_account_async (OnboardSecrets      *self,
                                      const char          *service,
                                      const char          *email,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *service_key = NULL;

  g_return_if_fail (ONBOARD_IS_SECRETS (self));
  g_return_if_fail (service != NULL && *service != '\0');
  g_return_if_fail (email != NULL && *email != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  service_key = onboard_client_dup_service_key (service);
  remove_matching (self,
                   secret_attributes_build (&token_schema,
                                            "service", service_key,
                                            "email", email,
                                            NULL),
                   cancellable, callback, user_data, onboard_secrets_remove_account_async);
}

gboolean
onboard_secrets_remove_finish (OnboardSecrets  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onboard_secrets_remove_async ||
                        g_task_get_source_tag (G_TASK (result)) == onboard_secrets_remove_account_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
onboard_secrets_token_free (char *token)
{
  secret_password_free (token);
}

gboolean
onboard_secrets_clear_finish (OnboardSecrets  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (ONBOARD_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onboard_secrets_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
