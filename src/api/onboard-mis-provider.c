/* onboard-mis-provider.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "onboard-mis-provider.h"
#include "onboard-client-error.h"
#include "onboard-json.h"

struct _OnboardMisProvider
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char    **connection_methods;
  gboolean  schoolbooking_supported;
};

G_DEFINE_FINAL_TYPE (OnboardMisProvider, onboard_mis_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CONNECTION_METHODS,
  PROP_SCHOOLBOOKING_SUPPORTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_mis_provider_finalize (GObject *object)
{
  OnboardMisProvider *self = (OnboardMisProvider *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->connection_methods, g_strfreev);

  G_OBJECT_CLASS (onboard_mis_provider_parent_class)->finalize (object);
}

static void
onboard_mis_provider_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnboardMisProvider *self = ONBOARD_MIS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CONNECTION_METHODS:
      g_value_set_boxed (value, self->connection_methods);
      break;

    case PROP_SCHOOLBOOKING_SUPPORTED:
      g_value_set_boolean (value, self->schoolbooking_supported);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_mis_provider_class_init (OnboardMisProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onboard_mis_provider_finalize;
  object_class->get_property = onboard_mis_provider_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /* "name" lets a GtkDropDown show the provider with a property expression. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CONNECTION_METHODS] =
    g_param_spec_boxed ("connection-methods", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_SCHOOLBOOKING_SUPPORTED] =
    g_param_spec_boolean ("schoolbooking-supported", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_mis_provider_init (OnboardMisProvider *self)
{
}

OnboardMisProvider *
onboard_mis_provider_new_from_json (JsonObject  *object,
                                    GError     **error)
{
  g_autoptr(OnboardMisProvider) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_MIS_PROVIDER, NULL);

  if (!onboard_json_get_string (object, "id", ONBOARD_JSON_REQUIRED, &self->id, error) ||
      !onboard_json_get_string (object, "name", ONBOARD_JSON_REQUIRED, &self->name, error) ||
      !onboard_json_get_strv (object, "connection_methods", ONBOARD_JSON_MAY_BE_MISSING,
                              &self->connection_methods, error) ||
      !onboard_json_get_boolean (object, "schoolbooking_supported", ONBOARD_JSON_MAY_BE_MISSING,
                                 &self->schoolbooking_supported, error))
    return NULL;

  if (self->id[0] == '\0' || self->name[0] == '\0')
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "MIS provider with an empty id or name");
      return NULL;
    }

  if (self->connection_methods == NULL)
    self->connection_methods = g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

/**
 * onboard_mis_provider_list_new_from_json:
 * @array: the body of GET /mis_providers
 *
 * Returns: (transfer full) (nullable): a list of #OnboardMisProvider in the
 *   service's order, or %NULL with %ONBOARD_CLIENT_ERROR_BAD_RESPONSE
 */
GListModel *
onboard_mis_provider_list_new_from_json (JsonArray  *array,
                                         GError    **error)
{
  g_autoptr(GListStore) store = NULL;
  guint length;

  g_return_val_if_fail (array != NULL, NULL);

  length = json_array_get_length (array);
  if (length > ONBOARD_JSON_MAX_ARRAY_LENGTH)
    {
      g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                   "%u MIS providers", length);
      return NULL;
    }

  store = g_list_store_new (ONBOARD_TYPE_MIS_PROVIDER);

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(OnboardMisProvider) provider = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                       "MIS provider %u is not an object", i);
          return NULL;
        }

      provider = onboard_mis_provider_new_from_json (json_node_get_object (node), error);
      if (provider == NULL)
        {
          g_prefix_error (error, "MIS provider %u: ", i);
          return NULL;
        }

      g_list_store_append (store, provider);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

const char *
onboard_mis_provider_get_id (OnboardMisProvider *self)
{
  g_return_val_if_fail (ONBOARD_IS_MIS_PROVIDER (self), NULL);

  return self->id;
}

const char *
onboard_mis_provider_get_name (OnboardMisProvider *self)
{
  g_return_val_if_fail (ONBOARD_IS_MIS_PROVIDER (self), NULL);

  return self->name;
}

const char * const *
onboard_mis_provider_get_connection_methods (OnboardMisProvider *self)
{
  g_return_val_if_fail (ONBOARD_IS_MIS_PROVIDER (self), NULL);

  return (const char * const *)self->connection_methods;
}

/**
 * onboard_mis_provider_get_schoolbooking_supported:
 *
 * Returns: whether SchoolBooking works through XoD for this MIS
 */
gboolean
onboard_mis_provider_get_schoolbooking_supported (OnboardMisProvider *self)
{
  g_return_val_if_fail (ONBOARD_IS_MIS_PROVIDER (self), FALSE);

  return self->schoolbooking_supported;
}
