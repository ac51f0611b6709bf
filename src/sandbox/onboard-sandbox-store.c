/* onboard-sandbox-store.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-store.h"

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <string.h>

/* Every record is a plain struct described by a field table, so one pair of
 * functions frees, saves and loads all of them. */

typedef enum
{
  FIELD_STRING,
  FIELD_STRV,
  FIELD_INT64,
  FIELD_BOOLEAN,
  FIELD_INT,
} FieldType;

typedef struct
{
  const char *name;
  FieldType   type;
  gsize       offset;
} Field;

#define F(T, member, kind) { #member, kind, offsetof (T, member) }

static const Field invite_fields[] = {
  F (OnboardSandboxInvite, code, FIELD_STRING),
  F (OnboardSandboxInvite, display_code, FIELD_STRING),
  F (OnboardSandboxInvite, organisation, FIELD_STRING),
  F (OnboardSandboxInvite, apps, FIELD_STRV),
  F (OnboardSandboxInvite, expires_at, FIELD_INT64),
  F (OnboardSandboxInvite, reusable, FIELD_BOOLEAN),
  F (OnboardSandboxInvite, used, FIELD_BOOLEAN),
  { NULL }
};

static const Field account_fields[] = {
  F (OnboardSandboxAccount, id, FIELD_STRING),
  F (OnboardSandboxAccount, email, FIELD_STRING),
  F (OnboardSandboxAccount, password_hash, FIELD_STRING),
  F (OnboardSandboxAccount, apps, FIELD_STRV),
  F (OnboardSandboxAccount, created_at, FIELD_INT64),
  F (OnboardSandboxAccount, active, FIELD_BOOLEAN),
  F (OnboardSandboxAccount, registration_id, FIELD_STRING),
  { NULL }
};

static const Field signup_fields[] = {
  F (OnboardSandboxSignup, id, FIELD_STRING),
  F (OnboardSandboxSignup, account_id, FIELD_STRING),
  F (OnboardSandboxSignup, email, FIELD_STRING),
  F (OnboardSandboxSignup, token, FIELD_STRING),
  F (OnboardSandboxSignup, apps, FIELD_STRV),
  F (OnboardSandboxSignup, created_at, FIELD_INT64),
  F (OnboardSandboxSignup, activation_expires_at, FIELD_INT64),
  F (OnboardSandboxSignup, resend_available_at, FIELD_INT64),
  F (OnboardSandboxSignup, activated_at, FIELD_INT64),
  { NULL }
};

static const Field token_fields[] = {
  F (OnboardSandboxToken, token, FIELD_STRING),
  F (OnboardSandboxToken, account_id, FIELD_STRING),
  F (OnboardSandboxToken, kind, FIELD_INT),
  F (OnboardSandboxToken, expires_at, FIELD_INT64),
  { NULL }
};

static const Field registration_fields[] = {
  F (OnboardSandboxRegistration, id, FIELD_STRING),
  F (OnboardSandboxRegistration, account_id, FIELD_STRING),
  F (OnboardSandboxRegistration, urn, FIELD_STRING),
  F (OnboardSandboxRegistration, mis_provider, FIELD_STRING),
  F (OnboardSandboxRegistration, connector_id, FIELD_STRING),
  F (OnboardSandboxRegistration, school_json, FIELD_STRING),
  F (OnboardSandboxRegistration, created_at, FIELD_INT64),
  { NULL }
};

static const Field connector_fields[] = {
  F (OnboardSandboxConnector, id, FIELD_STRING),
  F (OnboardSandboxConnector, registration_id, FIELD_STRING),
  F (OnboardSandboxConnector, account_id, FIELD_STRING),
  F (OnboardSandboxConnector, urn, FIELD_STRING),
  F (OnboardSandboxConnector, estab, FIELD_STRING),
  F (OnboardSandboxConnector, school_name, FIELD_STRING),
  F (OnboardSandboxConnector, mis_provider, FIELD_STRING),
  F (OnboardSandboxConnector, status, FIELD_STRING),
  F (OnboardSandboxConnector, status_reason, FIELD_STRING),
  F (OnboardSandboxConnector, status_changed_at, FIELD_INT64),
  F (OnboardSandboxConnector, invitation_sent_at, FIELD_INT64),
  F (OnboardSandboxConnector, invitation_sent_to, FIELD_STRING),
  F (OnboardSandboxConnector, invitation_sent_to_name, FIELD_STRING),
  F (OnboardSandboxConnector, invitation_resend_available_at, FIELD_INT64),
  F (OnboardSandboxConnector, authorised_at, FIELD_INT64),
  F (OnboardSandboxConnector, scopes, FIELD_STRV),
  F (OnboardSandboxConnector, template_scopes, FIELD_STRV),
  F (OnboardSandboxConnector, school_secret, FIELD_STRING),
  F (OnboardSandboxConnector, last_sync_at, FIELD_INT64),
  F (OnboardSandboxConnector, last_sync_status, FIELD_STRING),
  F (OnboardSandboxConnector, next_sync_at, FIELD_INT64),
  { NULL }
};

static const Field mail_fields[] = {
  F (OnboardSandboxMail, id, FIELD_STRING),
  F (OnboardSandboxMail, kind, FIELD_STRING),
  F (OnboardSandboxMail, to, FIELD_STRING),
  F (OnboardSandboxMail, subject, FIELD_STRING),
  F (OnboardSandboxMail, text, FIELD_STRING),
  F (OnboardSandboxMail, link_label, FIELD_STRING),
  F (OnboardSandboxMail, link_path, FIELD_STRING),
  F (OnboardSandboxMail, sent_at, FIELD_INT64),
  { NULL }
};

#undef F

#define MEMBER(record, field, T) ((T *)((guint8 *)(record) + (field)->offset))

static void
record_free (const Field *fields,
             gpointer     record)
{
  if (record == NULL)
    return;

  for (const Field *f = fields; f->name; f++)
    {
      if (f->type == FIELD_STRING)
        g_free (*MEMBER (record, f, char *));
      else if (f->type == FIELD_STRV)
        g_strfreev (*MEMBER (record, f, char **));
    }
  g_free (record);
}

static JsonNode *
record_to_json (const Field   *fields,
                gconstpointer  record)
{
  g_autoptr(JsonObject) object = json_object_new ();

  for (const Field *f = fields; f->name; f++)
    {
      switch (f->type)
        {
        case FIELD_STRING:
          {
            const char *value = *MEMBER (record, f, char *);

            if (value != NULL)
              json_object_set_string_member (object, f->name, value);
            else
              json_object_set_null_member (object, f->name);
          }
          break;

        case FIELD_STRV:
          {
            char **value = *MEMBER (record, f, char **);
            JsonArray *array = json_array_new ();

            for (guint i = 0; value && value[i]; i++)
              json_array_add_string_element (array, value[i]);
            json_object_set_array_member (object, f->name, array);
          }
          break;

        case FIELD_INT64:
          json_object_set_int_member (object, f->name, *MEMBER (record, f, gint64));
          break;

        case FIELD_BOOLEAN:
          json_object_set_boolean_member (object, f->name, *MEMBER (record, f, gboolean));
          break;

        case FIELD_INT:
          json_object_set_int_member (object, f->name, *MEMBER (record, f, int));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return json_node_init_object (json_node_alloc (), object);
}

static gpointer
record_from_json (const Field *fields,
                  gsize        size,
                  JsonNode    *node)
{
  gpointer record;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  record = g_malloc0 (size);

  for (const Field *f = fields; f->name; f++)
    {
      JsonNode *member = json_object_get_member (object, f->name);

      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        continue;

      switch (f->type)
        {
        case FIELD_STRING:
          if (json_node_get_value_type (member) == G_TYPE_STRING)
            *MEMBER (record, f, char *) = json_node_dup_string (member);
          break;

        case FIELD_STRV:
          if (JSON_NODE_HOLDS_ARRAY (member))
            {
              JsonArray *array = json_node_get_array (member);
              g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

              for (guint i = 0; i < json_array_get_length (array); i++)
                {
                  JsonNode *element = json_array_get_element (array, i);

                  if (json_node_get_value_type (element) == G_TYPE_STRING)
                    g_strv_builder_add (builder, json_node_get_string (element));
                }
              *MEMBER (record, f, char **) = g_strv_builder_end (builder);
            }
          break;

        case FIELD_INT64:
          if (JSON_NODE_HOLDS_VALUE (member))
            *MEMBER (record, f, gint64) = json_node_get_int (member);
          break;

        case FIELD_BOOLEAN:
          if (JSON_NODE_HOLDS_VALUE (member))
            *MEMBER (record, f, gboolean) = json_node_get_boolean (member);
          break;

        case FIELD_INT:
          if (JSON_NODE_HOLDS_VALUE (member))
            *MEMBER (record, f, int) = (int)json_node_get_int (member);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* Every record is keyed by its first field; one without it is unusable. */
  if (*MEMBER (record, &fields[0], char *) == NULL)
    {
      record_free (fields, record);
      return NULL;
    }

  return record;
}

#define DEFINE_FREE(Type, fields) \
  static void Type##_free (gpointer record) { record_free (fields, record); }

DEFINE_FREE (invite, invite_fields)
DEFINE_FREE (account, account_fields)
DEFINE_FREE (signup, signup_fields)
DEFINE_FREE (token, token_fields)
DEFINE_FREE (registration, registration_fields)
DEFINE_FREE (connector, connector_fields)
DEFINE_FREE (mail, mail_fields)

#undef DEFINE_FREE

struct _OnboardSandboxStore
{
  GObject     parent_instance;

  GHashTable *invites;           /* normalised code → invite */
  GHashTable *accounts;          /* id → account */
  GHashTable *accounts_by_email; /* email → account (borrowed) */
  GHashTable *signups;           /* id → signup */
  GHashTable *tokens;            /* token → token */
  GHashTable *registrations;     /* id → registration */
  GHashTable *registrations_by_urn;
  GHashTable *connectors;        /* id → connector */
  GPtrArray  *mails;             /* oldest first */
};

G_DEFINE_FINAL_TYPE (OnboardSandboxStore, onboard_sandbox_store, G_TYPE_OBJECT)

static void
onboard_sandbox_store_finalize (GObject *object)
{
  OnboardSandboxStore *self = (OnboardSandboxStore *)object;

  g_clear_pointer (&self->accounts_by_email, g_hash_table_unref);
  g_clear_pointer (&self->registrations_by_urn, g_hash_table_unref);
  g_clear_pointer (&self->invites, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);
  g_clear_pointer (&self->signups, g_hash_table_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->registrations, g_hash_table_unref);
  g_clear_pointer (&self->connectors, g_hash_table_unref);
  g_clear_pointer (&self->mails, g_ptr_array_unref);

  G_OBJECT_CLASS (onboard_sandbox_store_parent_class)->finalize (object);
}

static guint mail_added_signal;

static void
onboard_sandbox_store_class_init (OnboardSandboxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_sandbox_store_finalize;

  /* A mail was "sent": practice mode's inbox shows it. */
  mail_added_signal = g_signal_new ("mail-added",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);
}

static void
onboard_sandbox_store_init (OnboardSandboxStore *self)
{
  /* Keys point into the records, so the records own them. */
  self->invites = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, invite_free);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, account_free);
  self->accounts_by_email = g_hash_table_new (g_str_hash, g_str_equal);
  self->signups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, signup_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, token_free);
  self->registrations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, registration_free);
  self->registrations_by_urn = g_hash_table_new (g_str_hash, g_str_equal);
  self->connectors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, connector_free);
  self->mails = g_ptr_array_new_with_free_func (mail_free);
}

OnboardSandboxStore *
onboard_sandbox_store_new (void)
{
  return g_object_new (ONBOARD_TYPE_SANDBOX_STORE, NULL);
}

char *
onboard_sandbox_new_id (const char *prefix,
                        guint       length)
{
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  GString *out = g_string_new (prefix);

  for (guint i = 0; i < length; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);

  return g_string_free (out, FALSE);
}

char *
onboard_sandbox_normalize_invite_code (const char *code)
{
  GString *out;

  if (code == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = code; *p; p++)
    {
      if (*p == '-' || g_ascii_isspace (*p))
        continue;
      g_string_append_c (out, g_ascii_toupper (*p));
    }

  return g_string_free (out, FALSE);
}

/* g_hash_table_get_values_as_ptr_array() is newer than GLib 2.74. */
static GPtrArray *
table_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);

  return values;
}

/* Invites */

OnboardSandboxInvite *
onboard_sandbox_store_add_invite (OnboardSandboxStore *self,
                                  const char          *display_code,
                                  const char          *organisation,
                                  const char * const  *apps,
                                  gint64               expires_at,
                                  gboolean             reusable)
{
  OnboardSandboxInvite *invite;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (display_code != NULL, NULL);

  invite = g_new0 (OnboardSandboxInvite, 1);
  invite->code = onboard_sandbox_normalize_invite_code (display_code);
  invite->display_code = g_ascii_strup (display_code, -1);
  invite->organisation = g_strdup (organisation);
  invite->apps = g_strdupv ((char **)apps);
  invite->expires_at = expires_at;
  invite->reusable = reusable;

  g_hash_table_replace (self->invites, invite->code, invite);

  return invite;
}

OnboardSandboxInvite *
onboard_sandbox_store_lookup_invite (OnboardSandboxStore *self,
                                     const char          *code)
{
  g_autofree char *normalised = onboard_sandbox_normalize_invite_code (code);

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  if (normalised == NULL)
    return NULL;

  return g_hash_table_lookup (self->invites, normalised);
}

static int
compare_invites (gconstpointer a,
                 gconstpointer b)
{
  const OnboardSandboxInvite *ia = *(OnboardSandboxInvite **)a;
  const OnboardSandboxInvite *ib = *(OnboardSandboxInvite **)b;

  return strcmp (ia->display_code, ib->display_code);
}

/**
 * onboard_sandbox_store_list_invites:
 *
 * Returns: (transfer container): the invites, by code
 */
GPtrArray *
onboard_sandbox_store_list_invites (OnboardSandboxStore *self)
{
  GPtrArray *invites;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  invites = table_values (self->invites);
  g_ptr_array_sort (invites, compare_invites);
  return invites;
}

/* Accounts */

static char *
hash_password (const char *salt,
               const char *password)
{
  g_autofree char *digest = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                                       (const guchar *)salt, strlen (salt),
                                                       password, -1);

  return g_strdup_printf ("%s$%s", salt, digest);
}

gboolean
onboard_sandbox_account_check_password (OnboardSandboxAccount *account,
                                        const char            *password)
{
  g_autofree char *salt = NULL;
  g_autofree char *expected = NULL;
  const char *dollar;

  if (account == NULL || password == NULL || account->password_hash == NULL)
    return FALSE;

  dollar = strchr (account->password_hash, '$');
  if (dollar == NULL)
    return FALSE;

  salt = g_strndup (account->password_hash, dollar - account->password_hash);
  expected = hash_password (salt, password);

  return strcmp (expected, account->password_hash) == 0;
}

OnboardSandboxAccount *
onboard_sandbox_store_add_account (OnboardSandboxStore *self,
                                   const char          *email,
                                   const char          *password,
                                   const char * const  *apps)
{
  g_autofree char *salt = onboard_sandbox_new_id ("", 16);
  OnboardSandboxAccount *account;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  account = g_new0 (OnboardSandboxAccount, 1);
  account->id = onboard_sandbox_new_id ("acc_", 16);
  account->email = g_ascii_strdown (email, -1);
  account->password_hash = hash_password (salt, password);
  account->apps = g_strdupv ((char **)apps);
  account->created_at = g_get_real_time ();

  g_hash_table_replace (self->accounts, account->id, account);
  g_hash_table_replace (self->accounts_by_email, account->email, account);

  return account;
}

OnboardSandboxAccount *
onboard_sandbox_store_lookup_account (OnboardSandboxStore *self,
                                      const char          *id)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return id ? g_hash_table_lookup (self->accounts, id) : NULL;
}

OnboardSandboxAccount *
onboard_sandbox_store_lookup_account_by_email (OnboardSandboxStore *self,
                                               const char          *email)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  if (email == NULL)
    return NULL;

  lower = g_ascii_strdown (email, -1);
  return g_hash_table_lookup (self->accounts_by_email, lower);
}

void
onboard_sandbox_store_remove_account (OnboardSandboxStore   *self,
                                      OnboardSandboxAccount *account)
{
  g_return_if_fail (ONBOARD_IS_SANDBOX_STORE (self));
  g_return_if_fail (account != NULL);

  if (g_hash_table_lookup (self->accounts_by_email, account->email) == account)
    g_hash_table_remove (self->accounts_by_email, account->email);
  g_hash_table_remove (self->accounts, account->id);
}

guint
onboard_sandbox_store_get_n_accounts (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), 0);

  return g_hash_table_size (self->accounts);
}

/* Sign-ups */

OnboardSandboxSignup *
onboard_sandbox_store_add_signup (OnboardSandboxStore   *self,
                                  OnboardSandboxAccount *account,
                                  gint64                 activation_lifetime,
                                  gint64                 resend_cooldown)
{
  OnboardSandboxSignup *signup;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  signup = g_new0 (OnboardSandboxSignup, 1);
  signup->id = onboard_sandbox_new_id ("sgn_", 16);
  signup->account_id = g_strdup (account->id);
  signup->email = g_strdup (account->email);
  signup->token = onboard_sandbox_new_id ("st_", 32);
  signup->apps = g_strdupv (account->apps);
  signup->created_at = g_get_real_time ();
  signup->activation_expires_at = signup->created_at + activation_lifetime;
  signup->resend_available_at = signup->created_at + resend_cooldown;

  g_hash_table_replace (self->signups, signup->id, signup);

  return signup;
}

OnboardSandboxSignup *
onboard_sandbox_store_lookup_signup (OnboardSandboxStore *self,
                                     const char          *id)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return id ? g_hash_table_lookup (self->signups, id) : NULL;
}

/**
 * onboard_sandbox_store_list_signups:
 *
 * Returns: (transfer container): the sign-ups, in no particular order
 */
GPtrArray *
onboard_sandbox_store_list_signups (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return table_values (self->signups);
}

guint
onboard_sandbox_store_get_n_signups (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), 0);

  return g_hash_table_size (self->signups);
}

/* Tokens */

OnboardSandboxToken *
onboard_sandbox_store_issue_token (OnboardSandboxStore     *self,
                                   const char              *account_id,
                                   OnboardSandboxTokenKind  kind,
                                   gint64                   lifetime)
{
  OnboardSandboxToken *token;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  token = g_new0 (OnboardSandboxToken, 1);
  token->token = onboard_sandbox_new_id (kind == ONBOARD_SANDBOX_TOKEN_ACCESS ? "at_" : "rt_", 40);
  token->account_id = g_strdup (account_id);
  token->kind = kind;
  token->expires_at = lifetime > 0 ? g_get_real_time () + lifetime : 0;

  g_hash_table_replace (self->tokens, token->token, token);

  return token;
}

OnboardSandboxToken *
onboard_sandbox_store_lookup_token (OnboardSandboxStore *self,
                                    const char          *token)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return token ? g_hash_table_lookup (self->tokens, token) : NULL;
}

guint
onboard_sandbox_store_expire_tokens (OnboardSandboxStore     *self,
                                     OnboardSandboxTokenKind  kind,
                                     gint64                   when)
{
  GHashTableIter iter;
  gpointer value;
  guint count = 0;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), 0);

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      OnboardSandboxToken *token = value;

      if (token->kind == kind && (token->expires_at == 0 || token->expires_at > when))
        {
          token->expires_at = when;
          count++;
        }
    }

  return count;
}

/* Registrations and connectors */

OnboardSandboxRegistration *
onboard_sandbox_store_add_registration (OnboardSandboxStore   *self,
                                        OnboardSandboxAccount *account,
                                        const char            *urn,
                                        const char            *estab,
                                        const char            *school_name,
                                        const char            *school_json,
                                        const char            *mis_provider)
{
  static const char * const template_scopes[] = { "School", "Student", "Attendance", NULL };
  OnboardSandboxRegistration *registration;
  OnboardSandboxConnector *connector;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (urn != NULL, NULL);

  registration = g_new0 (OnboardSandboxRegistration, 1);
  registration->id = onboard_sandbox_new_id ("reg_", 16);
  registration->account_id = g_strdup (account->id);
  registration->urn = g_strdup (urn);
  registration->mis_provider = g_strdup (mis_provider);
  registration->school_json = g_strdup (school_json);
  registration->created_at = now;

  connector = g_new0 (OnboardSandboxConnector, 1);
  connector->id = onboard_sandbox_new_id ("con_", 16);
  connector->registration_id = g_strdup (registration->id);
  connector->account_id = g_strdup (account->id);
  connector->urn = g_strdup (urn);
  connector->estab = g_strdup (estab);
  connector->school_name = g_strdup (school_name);
  connector->mis_provider = g_strdup (mis_provider);
  connector->status = g_strdup ("not_configured");
  connector->status_changed_at = now;
  connector->scopes = g_new0 (char *, 1);
  connector->template_scopes = g_strdupv ((char **)template_scopes);

  registration->connector_id = g_strdup (connector->id);

  g_hash_table_replace (self->registrations, registration->id, registration);
  g_hash_table_replace (self->registrations_by_urn, registration->urn, registration);
  g_hash_table_replace (self->connectors, connector->id, connector);

  g_free (account->registration_id);
  account->registration_id = g_strdup (registration->id);

  return registration;
}

OnboardSandboxRegistration *
onboard_sandbox_store_lookup_registration (OnboardSandboxStore *self,
                                           const char          *id)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return id ? g_hash_table_lookup (self->registrations, id) : NULL;
}

OnboardSandboxRegistration *
onboard_sandbox_store_lookup_registration_by_urn (OnboardSandboxStore *self,
                                                  const char          *urn)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return urn ? g_hash_table_lookup (self->registrations_by_urn, urn) : NULL;
}

void
onboard_sandbox_store_remove_registration (OnboardSandboxStore        *self,
                                           OnboardSandboxRegistration *registration)
{
  OnboardSandboxAccount *account;

  g_return_if_fail (ONBOARD_IS_SANDBOX_STORE (self));
  g_return_if_fail (registration != NULL);

  account = onboard_sandbox_store_lookup_account (self, registration->account_id);
  if (account != NULL && g_strcmp0 (account->registration_id, registration->id) == 0)
    g_clear_pointer (&account->registration_id, g_free);

  if (g_hash_table_lookup (self->registrations_by_urn, registration->urn) == registration)
    g_hash_table_remove (self->registrations_by_urn, registration->urn);
  if (registration->connector_id != NULL)
    g_hash_table_remove (self->connectors, registration->connector_id);
  g_hash_table_remove (self->registrations, registration->id);
}

guint
onboard_sandbox_store_get_n_registrations (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), 0);

  return g_hash_table_size (self->registrations);
}

OnboardSandboxConnector *
onboard_sandbox_store_lookup_connector (OnboardSandboxStore *self,
                                        const char          *id)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return id ? g_hash_table_lookup (self->connectors, id) : NULL;
}

/**
 * onboard_sandbox_store_list_connectors:
 *
 * Returns: (transfer container): the connectors, in no particular order
 */
GPtrArray *
onboard_sandbox_store_list_connectors (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return table_values (self->connectors);
}

void
onboard_sandbox_connector_set_status (OnboardSandboxConnector *connector,
                                      const char              *status,
                                      const char              *reason)
{
  g_return_if_fail (connector != NULL);
  g_return_if_fail (status != NULL);

  g_free (connector->status);
  connector->status = g_strdup (status);
  g_free (connector->status_reason);
  connector->status_reason = g_strdup (reason);
  connector->status_changed_at = g_get_real_time ();
}

/* Mail */

OnboardSandboxMail *
onboard_sandbox_store_add_mail (OnboardSandboxStore *self,
                                const char          *kind,
                                const char          *to,
                                const char          *subject,
                                const char          *text,
                                const char          *link_label,
                                const char          *link_path)
{
  OnboardSandboxMail *mail;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  mail = g_new0 (OnboardSandboxMail, 1);
  mail->id = onboard_sandbox_new_id ("msg_", 12);
  mail->kind = g_strdup (kind);
  mail->to = g_strdup (to);
  mail->subject = g_strdup (subject);
  mail->text = g_strdup (text);
  mail->link_label = g_strdup (link_label);
  mail->link_path = g_strdup (link_path);
  mail->sent_at = g_get_real_time ();

  g_ptr_array_add (self->mails, mail);
  g_signal_emit (self, mail_added_signal, 0);

  return mail;
}

/**
 * onboard_sandbox_store_get_mails:
 *
 * Returns: (transfer none): every mail sent, oldest first
 */
GPtrArray *
onboard_sandbox_store_get_mails (OnboardSandboxStore *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), NULL);

  return self->mails;
}

/* Persistence */

static JsonArray *
table_to_json (GHashTable  *table,
               const Field *fields)
{
  JsonArray *array = json_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    json_array_add_element (array, record_to_json (fields, value));

  return array;
}

gboolean
onboard_sandbox_store_save (OnboardSandboxStore  *self,
                            const char           *path,
                            GError              **error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonArray *mails;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json_object_set_int_member (root, "version", 1);
  json_object_set_array_member (root, "invites", table_to_json (self->invites, invite_fields));
  json_object_set_array_member (root, "accounts", table_to_json (self->accounts, account_fields));
  json_object_set_array_member (root, "signups", table_to_json (self->signups, signup_fields));
  json_object_set_array_member (root, "tokens", table_to_json (self->tokens, token_fields));
  json_object_set_array_member (root, "registrations",
                                table_to_json (self->registrations, registration_fields));
  json_object_set_array_member (root, "connectors", table_to_json (self->connectors, connector_fields));

  mails = json_array_new ();
  for (guint i = 0; i < self->mails->len; i++)
    json_array_add_element (mails, record_to_json (mail_fields, g_ptr_array_index (self->mails, i)));
  json_object_set_array_member (root, "mails", mails);

  node = json_node_init_object (json_node_alloc (), root);
  text = json_to_string (node, TRUE);

  /* g_file_set_contents() writes a temporary file and renames it over the
   * old one, so a crash mid-write never leaves half a state file. */
  return g_file_set_contents (path, text, -1, error);
}

typedef void (*LoadFunc) (OnboardSandboxStore *self,
                          gpointer             record);

static void
load_array (OnboardSandboxStore *self,
            JsonObject          *root,
            const char          *member,
            const Field         *fields,
            gsize                size,
            LoadFunc             insert)
{
  JsonArray *array;

  if (!json_object_has_member (root, member))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, member)))
    return;

  array = json_object_get_array_member (root, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer record = record_from_json (fields, size, json_array_get_element (array, i));

      if (record != NULL)
        insert (self, record);
    }
}

static void
insert_invite (OnboardSandboxStore *self,
               gpointer             record)
{
  OnboardSandboxInvite *invite = record;

  if (invite->display_code == NULL)
    invite->display_code = g_strdup (invite->code);
  g_hash_table_replace (self->invites, invite->code, invite);
}

static void
insert_account (OnboardSandboxStore *self,
                gpointer             record)
{
  OnboardSandboxAccount *account = record;

  if (account->email == NULL)
    {
      account_free (account);
      return;
    }
  g_hash_table_replace (self->accounts, account->id, account);
  g_hash_table_replace (self->accounts_by_email, account->email, account);
}

static void
insert_signup (OnboardSandboxStore *self,
               gpointer             record)
{
  OnboardSandboxSignup *signup = record;

  g_hash_table_replace (self->signups, signup->id, signup);
}

static void
insert_token (OnboardSandboxStore *self,
              gpointer             record)
{
  OnboardSandboxToken *token = record;

  g_hash_table_replace (self->tokens, token->token, token);
}

static void
insert_registration (OnboardSandboxStore *self,
                     gpointer             record)
{
  OnboardSandboxRegistration *registration = record;

  if (registration->urn == NULL)
    {
      registration_free (registration);
      return;
    }
  g_hash_table_replace (self->registrations, registration->id, registration);
  g_hash_table_replace (self->registrations_by_urn, registration->urn, registration);
}

static void
insert_connector (OnboardSandboxStore *self,
                  gpointer             record)
{
  OnboardSandboxConnector *connector = record;

  if (connector->status == NULL)
    connector->status = g_strdup ("not_configured");
  if (connector->scopes == NULL)
    connector->scopes = g_new0 (char *, 1);
  if (connector->template_scopes == NULL)
    connector->template_scopes = g_new0 (char *, 1);
  g_hash_table_replace (self->connectors, connector->id, connector);
}

static void
insert_mail (OnboardSandboxStore *self,
             gpointer             record)
{
  g_ptr_array_add (self->mails, record);
}

gboolean
onboard_sandbox_store_load (OnboardSandboxStore  *self,
                            const char           *path,
                            GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: not a state file (expected a JSON object)", path);
      return FALSE;
    }

  load_array (self, json_node_get_object (root), "invites",
              invite_fields, sizeof (OnboardSandboxInvite), insert_invite);
  load_array (self, json_node_get_object (root), "accounts",
              account_fields, sizeof (OnboardSandboxAccount), insert_account);
  load_array (self, json_node_get_object (root), "signups",
              signup_fields, sizeof (OnboardSandboxSignup), insert_signup);
  load_array (self, json_node_get_object (root), "tokens",
              token_fields, sizeof (OnboardSandboxToken), insert_token);
  load_array (self, json_node_get_object (root), "registrations",
              registration_fields, sizeof (OnboardSandboxRegistration), insert_registration);
  load_array (self, json_node_get_object (root), "connectors",
              connector_fields, sizeof (OnboardSandboxConnector), insert_connector);
  load_array (self, json_node_get_object (root), "mails",
              mail_fields, sizeof (OnboardSandboxMail), insert_mail);

  return TRUE;
}
