/* onboard-account.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-account.h"
#include "onboard-json.h"

struct _OnboardAccount
{
  GObject                    parent_instance;

  char                      *email;
  char                     **apps;
  OnboardSchoolRegistration *school_registration;
};

G_DEFINE_FINAL_TYPE (OnboardAccount, onboard_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMAIL,
  PROP_APPS,
  PROP_SCHOOL_REGISTRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_account_finalize (GObject *object)
{
  OnboardAccount *self = (OnboardAccount *)object;

  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->apps, g_strfreev);
  g_clear_object (&self->school_registration);

  G_OBJECT_CLASS (onboard_account_parent_class)->finalize (object);
}

static void
onboard_account_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OnboardAccount *self = ONBOARD_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_APPS:
      g_value_set_boxed (value, self->apps);
      break;

    case PROP_SCHOOL_REGISTRATION:
      g_value_set_object (value, self->school_registration);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_account_class_init (OnboardAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_account_finalize;
  object_class->get_property = onboard_account_get_property;

  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_APPS] = g_param_spec_boxed ("apps", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_SCHOOL_REGISTRATION] =
    g_param_spec_object ("school-registration", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL_REGISTRATION,
                         flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_account_init (OnboardAccount *self)
{
}

/**
 * onboard_account_new_from_json:
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %ONBOARD_CLIENT_ERROR_BAD_RESPONSE
 */
OnboardAccount *
onboard_account_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(OnboardAccount) self = NULL;
  JsonObject *registration = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_ACCOUNT, NULL);

  if (!onboard_json_check_object_type (object, "account", error) ||
      !onboard_json_get_string (object, "email", ONBOARD_JSON_REQUIRED, &self->email, error) ||
      !onboard_json_get_strv (object, "apps", ONBOARD_JSON_MAY_BE_MISSING, &self->apps, error) ||
      !onboard_json_get_object (object, "school_registration", ONBOARD_JSON_MAY_BE_MISSING,
                                &registration, error))
    return NULL;

  if (registration != NULL)
    {
      self->school_registration = onboard_school_registration_new_from_json (registration, error);
      if (self->school_registration == NULL)
        {
          g_prefix_error (error, "school_registration: ");
          return NULL;
        }
    }

  if (self->apps == NULL)
    self->apps = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

const char *
onboard_account_get_email (OnboardAccount *self)
{
  g_return_val_if_fail (ONBOARD_IS_ACCOUNT (self), NULL);

  return self->email;
}

const char * const *
onboard_account_get_apps (OnboardAccount *self)
{
  g_return_val_if_fail (ONBOARD_IS_ACCOUNT (self), NULL);

  return (const char * const *)self->apps;
}

/**
 * onboard_account_get_school_registration:
 *
 * Returns: (transfer none) (nullable): the school this account registered,
 *   or %NULL before step 3 is done
 */
OnboardSchoolRegistration *
onboard_account_get_school_registration (OnboardAccount *self)
{
  g_return_val_if_fail (ONBOARD_IS_ACCOUNT (self), NULL);

  return self->school_registration;
}
