/* onboard-invite-code.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-invite-code.h"
#include "onboard-json.h"

struct _OnboardInviteCode
{
  GObject                  parent_instance;

  char                    *code;
  char                    *organisation;
  char                   **apps;
  GDateTime               *expires_at;
  OnboardInviteCodeReason  reason;
  gboolean                 valid;
};

G_DEFINE_FINAL_TYPE (OnboardInviteCode, onboard_invite_code, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OnboardInviteCodeReason, onboard_invite_code_reason,
  G_DEFINE_ENUM_VALUE (ONBOARD_INVITE_CODE_REASON_NONE, "none"),
  G_DEFINE_ENUM_VALUE (ONBOARD_INVITE_CODE_REASON_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ONBOARD_INVITE_CODE_REASON_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (ONBOARD_INVITE_CODE_REASON_ALREADY_USED, "already_used"))

enum {
  PROP_0,
  PROP_CODE,
  PROP_VALID,
  PROP_REASON,
  PROP_ORGANISATION,
  PROP_APPS,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_invite_code_finalize (GObject *object)
{
  OnboardInviteCode *self = (OnboardInviteCode *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->apps, g_strfreev);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (onboard_invite_code_parent_class)->finalize (object);
}

static void
onboard_invite_code_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardInviteCode *self = ONBOARD_INVITE_CODE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    case PROP_APPS:
      g_value_set_boxed (value, self->apps);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_invite_code_class_init (OnboardInviteCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_invite_code_finalize;
  object_class->get_property = onboard_invite_code_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_VALID] = g_param_spec_boolean ("valid", NULL, NULL, FALSE, flags);
  properties[PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL,
                       ONBOARD_TYPE_INVITE_CODE_REASON,
                       ONBOARD_INVITE_CODE_REASON_NONE,
                       flags);
  properties[PROP_ORGANISATION] = g_param_spec_string ("organisation", NULL, NULL, NULL, flags);
  properties[PROP_APPS] = g_param_spec_boxed ("apps", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_invite_code_init (OnboardInviteCode *self)
{
}

/**
 * onboard_invite_code_normalise:
 * @code: an invite code as typed or pasted
 *
 * Invite codes are case-insensitive and people copy them with the spaces
 * and dashes that emails add for readability.
 *
 * Returns: (transfer full): @code in upper case without white space or
 *   dashes; may be empty
 */
char *
onboard_invite_code_normalise (const char *code)
{
  g_autofree char *valid = NULL;
  GString *str;

  g_return_val_if_fail (code != NULL, NULL);

  /* On bytes that are not UTF-8, g_utf8_next_char() can step over the
   * terminating NUL and read past the end. */
  if (!g_utf8_validate (code, -1, NULL))
    code = valid = g_utf8_make_valid (code, -1);

  str = g_string_sized_new (strlen (code));

  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* En and em dashes come from word processors that "fixed" a hyphen.
       * The sign-up page's onboard_invite_code_normalize() drops the same
       * dashes (U+2010 to U+2015, U+2212), so the code it accepted is the
       * code asked about. */
      if (g_unichar_isspace (c) || c == '-' || (c >= 0x2010 && c <= 0x2015) ||
          c == 0x2212 || c == 0x00AD || c == 0x200B)
        continue;

      g_string_append_unichar (str, g_unichar_toupper (c));
    }

  return g_string_free (str, FALSE);
}

/**
 * onboard_invite_code_new_from_json:
 *
 * Returns: (transfer full) (nullable): the invite code, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE
 */
OnboardInviteCode *
onboard_invite_code_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(OnboardInviteCode) self = NULL;
  int reason = ONBOARD_INVITE_CODE_REASON_NONE;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_INVITE_CODE, NULL);

  if (!onboard_json_check_object_type (object, "invite_code", error) ||
      !onboard_json_get_string (object, "code", ONBOARD_JSON_REQUIRED, &self->code, error) ||
      !onboard_json_get_boolean (object, "valid", ONBOARD_JSON_REQUIRED, &self->valid, error) ||
      !onboard_json_get_enum (object, "reason", ONBOARD_JSON_MAY_BE_MISSING,
                              ONBOARD_TYPE_INVITE_CODE_REASON,
                              ONBOARD_INVITE_CODE_REASON_UNKNOWN,
                              ONBOARD_INVITE_CODE_REASON_NONE,
                              &reason, error) ||
      !onboard_json_get_string (object, "organisation", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->organisation, error) ||
      !onboard_json_get_strv (object, "apps", ONBOARD_JSON_MAY_BE_MISSING, &self->apps, error) ||
      !onboard_json_get_date_time (object, "expires_at", ONBOARD_JSON_MAY_BE_MISSING,
                                   &self->expires_at, error))
    return NULL;

  /* An invalid code always has a reason the page can explain, even when
   * the service gives none. */
  if (self->valid)
    self->reason = ONBOARD_INVITE_CODE_REASON_NONE;
  else if (reason == ONBOARD_INVITE_CODE_REASON_NONE)
    self->reason = ONBOARD_INVITE_CODE_REASON_UNKNOWN;
  else
    self->reason = reason;

  if (self->apps == NULL)
    self->apps = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

const char *
onboard_invite_code_get_code (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), NULL);

  return self->code;
}

gboolean
onboard_invite_code_get_valid (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), FALSE);

  return self->valid;
}

OnboardInviteCodeReason
onboard_invite_code_get_reason (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), ONBOARD_INVITE_CODE_REASON_UNKNOWN);

  return self->reason;
}

/**
 * onboard_invite_code_get_organisation:
 *
 * Returns: (nullable): who sent the invitation
 */
const char *
onboard_invite_code_get_organisation (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), NULL);

  return self->organisation;
}

/**
 * onboard_invite_code_get_apps:
 *
 * Returns: (transfer none): the apps the invitation includes, such as
 *   "assembly" and "schoolbooking"; never %NULL
 */
const char * const *
onboard_invite_code_get_apps (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), NULL);

  return (const char * const *)self->apps;
}

gboolean
onboard_invite_code_includes_app (OnboardInviteCode *self,
                                  const char        *app)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), FALSE);
  g_return_val_if_fail (app != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->apps, app);
}

GDateTime *
onboard_invite_code_get_expires_at (OnboardInviteCode *self)
{
  g_return_val_if_fail (ONBOARD_IS_INVITE_CODE (self), NULL);

  return self->expires_at;
}
