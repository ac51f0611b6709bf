/* onboard-field-errors.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-field-errors.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

/* Nesting deeper than this is not a form any endpoint has. */
#define MAX_DEPTH 4

struct _OnboardFieldErrors
{
  GObject     parent_instance;

  /* field name → NULL-terminated array of codes */
  GHashTable *codes;
  char      **fields;
};

G_DEFINE_FINAL_TYPE (OnboardFieldErrors, onboard_field_errors, G_TYPE_OBJECT)

static void
onboard_field_errors_finalize (GObject *object)
{
  OnboardFieldErrors *self = (OnboardFieldErrors *)object;

  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_strfreev);

  G_OBJECT_CLASS (onboard_field_errors_parent_class)->finalize (object);
}

static void
onboard_field_errors_class_init (OnboardFieldErrorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_field_errors_finalize;
}

static void
onboard_field_errors_init (OnboardFieldErrors *self)
{
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_strfreev);
}

static gboolean
collect (OnboardFieldErrors  *self,
         JsonObject          *object,
         const char          *prefix,
         guint                depth,
         GError             **error)
{
  g_autoptr(GList) members = NULL;

  if (depth > MAX_DEPTH)
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "field errors nested deeper than %d", MAX_DEPTH);
      return FALSE;
    }

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (object, member);
      g_autofree char *name = NULL;

      if (prefix != NULL)
        name = g_strconcat (prefix, ".", member, NULL);
      else
        name = g_strdup (member);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!collect (self, json_node_get_object (node), name, depth + 1, error))
            return FALSE;
        }
      else if (JSON_NODE_HOLDS_VALUE (node) &&
               json_node_get_value_type (node) == G_TYPE_STRING)
        {
          /* A single code instead of a list is read as a list of one. */
          char **codes = g_new0 (char *, 2);

          codes[0] = g_strdup (json_node_get_string (node));
          g_hash_table_replace (self->codes, g_steal_pointer (&name), codes);
        }
      else
        {
          char **codes = NULL;

          if (!onboard_json_get_strv (object, member, ONBOARD_JSON_REQUIRED, &codes, error))
            return FALSE;

          if (codes[0] == NULL)
            g_strfreev (codes);
          else
            g_hash_table_replace (self->codes, g_steal_pointer (&name), codes);
        }

      if (g_hash_table_size (self->codes) > ONBOARD_JSON_MAX_ARRAY_LENGTH)
        {
          g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                       "too many field errors");
          return FALSE;
        }
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/**
 * onboard_field_errors_new_from_json:
 * @fields: the `data.fields` member of a 422 answer
 *
 * Returns: (transfer full) (nullable): the field errors, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE when @fields is not an object of
 *   string arrays
 */
OnboardFieldErrors *
onboard_field_errors_new_from_json (JsonObject  *fields,
                                    GError     **error)
{
  g_autoptr(OnboardFieldErrors) self = NULL;
  g_autofree const char **names = NULL;
  guint n_names = 0;

  g_return_val_if_fail (fields != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_FIELD_ERRORS, NULL);

  if (!collect (self, fields, NULL, 0, error))
    return NULL;

  names = (const char **)g_hash_table_get_keys_as_array (self->codes, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);
  self->fields = g_strdupv ((char **)names);

  return g_steal_pointer (&self);
}

/**
 * onboard_field_errors_get_fields:
 *
 * Returns: (transfer none): the names of the refused fields, sorted
 */
const char * const *
onboard_field_errors_get_fields (OnboardFieldErrors *self)
{
  g_return_val_if_fail (ONBOARD_IS_FIELD_ERRORS (self), NULL);

  return (const char * const *)self->fields;
}

/**
 * onboard_field_errors_get_codes:
 *
 * Returns: (transfer none) (nullable): the codes for @field, or %NULL when
 *   the service did not refuse it
 */
const char * const *
onboard_field_errors_get_codes (OnboardFieldErrors *self,
                                const char         *field)
{
  g_return_val_if_fail (ONBOARD_IS_FIELD_ERRORS (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_hash_table_lookup (self->codes, field);
}

/**
 * onboard_field_errors_has_error:
 * @code: (nullable): a code such as "taken", or %NULL for any code
 */
gboolean
onboard_field_errors_has_error (OnboardFieldErrors *self,
                                const char         *field,
                                const char         *code)
{
  const char * const *codes;

  g_return_val_if_fail (ONBOARD_IS_FIELD_ERRORS (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  codes = onboard_field_errors_get_codes (self, field);
  if (codes == NULL)
    return FALSE;

  return code == NULL || g_strv_contains (codes, code);
}

typedef struct
{
  const char *field;
  const char *code;
  const char *message;
} FieldMessage;

/* British English sentences the page shows under the field: what is wrong
 * and what to do. A NULL code matches any code of that field. */
static const FieldMessage field_messages[] = {
  { "invite_code", "invalid",
    N_("This invite code is not valid. Check it against the email Assembly sent your school.") },
  { "invite_code", "expired",
    N_("This invite code has expired. Ask the person who invited you for a new one.") },
  { "invite_code", "already_used",
    N_("This invite code has already been used. Sign in instead, or ask for a new code.") },
  { "email", "invalid",
    N_("Enter a full email address, such as office@school.sch.uk.") },
  { "email", "taken",
    N_("An account with this email address already exists. Sign in instead.") },
  { "password", "too_short",
    N_("Use at least 10 characters.") },
  { "password", "too_common",
    N_("This password is too common. Choose one that is harder to guess.") },
  { "password", "contains_email",
    N_("The password must not contain your email address.") },
  { "accept_terms", NULL,
    N_("Accept the terms of service to continue.") },
  { "terms_version", "outdated",
    N_("The terms of service have changed. Read the new terms and accept them again.") },
  { "urn", NULL,
    N_("This school was not found. Search for it again.") },
  { "mis_provider", "unsupported",
    N_("This MIS cannot be connected through Groupcall Xporter on Demand. Check the MIS "
       "you chose.") },
  { "mis_provider", NULL,
    N_("Choose your school’s MIS from the list.") },
  { "send_to.email", NULL,
    N_("Enter your colleague’s full email address.") },
  { "send_to.name", NULL,
    N_("Enter your colleague’s name.") },
  { "accept_groupcall_usage_policy", NULL,
    N_("Accept Groupcall’s usage policy to continue.") },
};

/**
 * onboard_field_errors_describe:
 * @field: a field name such as "password"
 * @code: (nullable): a code such as "too_short"
 *
 * Returns: a translated sentence for the user
 */
const char *
onboard_field_errors_describe (const char *field,
                               const char *code)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_messages); i++)
    {
      const FieldMessage *fm = &field_messages[i];

      if (g_strcmp0 (fm->field, field) == 0 &&
          (fm->code == NULL || g_strcmp0 (fm->code, code) == 0))
        return _(fm->message);
    }

  return _("The service did not accept this. Check it and try again.");
}

/**
 * onboard_field_errors_dup_message:
 *
 * Returns: (transfer full) (nullable): a translated sentence for the first
 *   code of @field, or %NULL when the field was not refused
 */
char *
onboard_field_errors_dup_message (OnboardFieldErrors *self,
                                  const char         *field)
{
  const char * const *codes;

  g_return_val_if_fail (ONBOARD_IS_FIELD_ERRORS (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  codes = onboard_field_errors_get_codes (self, field);
  if (codes == NULL)
    return NULL;

  return g_strdup (onboard_field_errors_describe (field, codes[0]));
}

/**
 * onboard_field_errors_to_string:
 *
 * Returns: (transfer full): "email: taken; password: too_short, too_common"
 */
char *
onboard_field_errors_to_string (OnboardFieldErrors *self)
{
  g_autoptr(GString) str = g_string_new (NULL);

  g_return_val_if_fail (ONBOARD_IS_FIELD_ERRORS (self), NULL);

  for (guint i = 0; self->fields[i] != NULL; i++)
    {
      g_autofree char *codes = NULL;

      codes = g_strjoinv (", ", g_hash_table_lookup (self->codes, self->fields[i]));
      if (str->len > 0)
        g_string_append (str, "; ");
      g_string_append_printf (str, "%s: %s", self->fields[i], codes);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}
