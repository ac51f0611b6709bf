/* onboard-school.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school-private.h"
#include "onboard-validators.h"

G_DEFINE_FINAL_TYPE (OnboardSchool, onboard_school, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URN,
  PROP_LAESTAB,
  PROP_DFE_NUMBER,
  PROP_NAME,
  PROP_TOWN,
  PROP_POSTCODE,
  PROP_LA_NAME,
  PROP_PHASE,
  PROP_ESTABLISHMENT_TYPE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline const char *
get_string (OnboardSchool *self,
            gsize          field_offset)
{
  const OnboardSchoolRow *row;

  /* Made with g_object_new() alone: nothing to show. */
  if G_UNLIKELY (self->store == NULL)
    return NULL;

  row = onboard_school_peek_row (self);

  return onboard_school_store_get_string (self->store, G_STRUCT_MEMBER (guint32, row, field_offset));
}

static void
onboard_school_finalize (GObject *object)
{
  OnboardSchool *self = (OnboardSchool *)object;

  g_clear_pointer (&self->store, onboard_school_store_unref);

  G_OBJECT_CLASS (onboard_school_parent_class)->finalize (object);
}

static void
onboard_school_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnboardSchool *self = ONBOARD_SCHOOL (object);

  switch (prop_id)
    {
    case PROP_URN:
      g_value_set_string (value, onboard_school_get_urn (self));
      break;

    case PROP_LAESTAB:
      g_value_set_string (value, onboard_school_get_laestab (self));
      break;

    case PROP_DFE_NUMBER:
      g_value_take_string (value, onboard_school_dup_dfe_number (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, onboard_school_get_name (self));
      break;

    case PROP_TOWN:
      g_value_set_string (value, onboard_school_get_town (self));
      break;

    case PROP_POSTCODE:
      g_value_set_string (value, onboard_school_get_postcode (self));
      break;

    case PROP_LA_NAME:
      g_value_set_string (value, onboard_school_get_la_name (self));
      break;

    case PROP_PHASE:
      g_value_set_string (value, onboard_school_get_phase (self));
      break;

    case PROP_ESTABLISHMENT_TYPE:
      g_value_set_string (value, onboard_school_get_establishment_type (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, onboard_school_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_class_init (OnboardSchoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_school_finalize;
  object_class->get_property = onboard_school_get_property;

  properties[PROP_URN] =
    g_param_spec_string ("urn", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAESTAB] =
    g_param_spec_string ("laestab", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DFE_NUMBER] =
    g_param_spec_string ("dfe-number", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOWN] =
    g_param_spec_string ("town", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_POSTCODE] =
    g_param_spec_string ("postcode", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LA_NAME] =
    g_param_spec_string ("la-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_string ("phase", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ESTABLISHMENT_TYPE] =
    g_param_spec_string ("establishment-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_school_init (OnboardSchool *self)
{
}

OnboardSchool *
onboard_school_new_for_row (OnboardSchoolStore *store,
                            guint               index)
{
  OnboardSchool *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (index < store->n_rows, NULL);

  self = g_object_new (ONBOARD_TYPE_SCHOOL, NULL);
  self->store = onboard_school_store_ref (store);
  self->index = index;

  return self;
}

OnboardSchool *
onboard_school_new (const char *urn,
                    const char *laestab,
                    const char *name,
                    const char *town,
                    const char *postcode,
                    const char *la_name,
                    const char *phase,
                    const char *establishment_type,
                    const char *status)
{
  g_autoptr(OnboardSchoolStoreBuilder) builder = NULL;
  g_autoptr(OnboardSchoolStore) store = NULL;
  OnboardSchoolFields fields = {
    .urn = urn,
    .laestab = laestab,
    .name = name,
    .town = town,
    .postcode = postcode,
    .la_name = la_name,
    .phase = phase,
    .establishment_type = establishment_type,
    .status = status,
  };

  g_return_val_if_fail (urn != NULL && g_utf8_validate (urn, -1, NULL), NULL);
  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), NULL);
  g_return_val_if_fail (town == NULL || g_utf8_validate (town, -1, NULL), NULL);

  builder = onboard_school_store_builder_new (0);
  onboard_school_store_builder_add (builder, &fields);
  store = onboard_school_store_builder_finish (g_steal_pointer (&builder));

  return onboard_school_new_for_row (store, 0);
}

const char *
onboard_school_get_urn (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, urn));
}

const char *
onboard_school_get_laestab (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, laestab));
}

const char *
onboard_school_get_name (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, name));
}

const char *
onboard_school_get_town (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, town));
}

const char *
onboard_school_get_postcode (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, postcode));
}

const char *
onboard_school_get_la_name (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, la_name));
}

const char *
onboard_school_get_phase (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, phase));
}

const char *
onboard_school_get_establishment_type (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, establishment_type));
}

const char *
onboard_school_get_status (OnboardSchool *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  return get_string (self, G_STRUCT_OFFSET (OnboardSchoolRow, status));
}

char *
onboard_school_dup_dfe_number (OnboardSchool *self)
{
  const char *laestab;

  g_return_val_if_fail (ONBOARD_IS_SCHOOL (self), NULL);

  laestab = onboard_school_get_laestab (self);
  if (laestab == NULL)
    return NULL;

  return onboard_dfe_number_format (laestab);
}
