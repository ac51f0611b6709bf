/* onboard-terms.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-terms.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

struct _OnboardTerms
{
  GObject  parent_instance;

  char    *version;
  char    *title;
  char    *url;
  char    *text;
};

G_DEFINE_FINAL_TYPE (OnboardTerms, onboard_terms, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERSION,
  PROP_TITLE,
  PROP_URL,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_terms_finalize (GObject *object)
{
  OnboardTerms *self = (OnboardTerms *)object;

  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (onboard_terms_parent_class)->finalize (object);
}

static void
onboard_terms_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OnboardTerms *self = ONBOARD_TERMS (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_terms_class_init (OnboardTermsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_terms_finalize;
  object_class->get_property = onboard_terms_get_property;

  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_terms_init (OnboardTerms *self)
{
}

OnboardTerms *
onboard_terms_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(OnboardTerms) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_TERMS, NULL);

  if (!onboard_json_check_object_type (object, "terms", error) ||
      !onboard_json_get_string (object, "version", ONBOARD_JSON_REQUIRED, &self->version, error) ||
      !onboard_json_get_string (object, "title", ONBOARD_JSON_MAY_BE_MISSING,
                                &self->title, error) ||
      !onboard_json_get_string (object, "url", ONBOARD_JSON_MAY_BE_MISSING, &self->url, error) ||
      !onboard_json_get_string (object, "text", ONBOARD_JSON_REQUIRED, &self->text, error))
    return NULL;

  /* The version is sent back with the sign-up; an empty one would make
   * every sign-up fail with "outdated". */
  if (self->version[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "terms have an empty version");
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * onboard_terms_get_version:
 *
 * Returns: the version to send as `terms_version` with the sign-up
 */
const char *
onboard_terms_get_version (OnboardTerms *self)
{
  g_return_val_if_fail (ONBOARD_IS_TERMS (self), NULL);

  return self->version;
}

const char *
onboard_terms_get_title (OnboardTerms *self)
{
  g_return_val_if_fail (ONBOARD_IS_TERMS (self), NULL);

  return self->title;
}

/**
 * onboard_terms_get_url:
 *
 * Returns: (nullable): where the terms are published on the web
 */
const char *
onboard_terms_get_url (OnboardTerms *self)
{
  g_return_val_if_fail (ONBOARD_IS_TERMS (self), NULL);

  return self->url;
}

/**
 * onboard_terms_get_text:
 *
 * Returns: the terms as plain text
 */
const char *
onboard_terms_get_text (OnboardTerms *self)
{
  g_return_val_if_fail (ONBOARD_IS_TERMS (self), NULL);

  return self->text;
}
