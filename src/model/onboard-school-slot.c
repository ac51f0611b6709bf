/* onboard-school-slot.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school-slot.h"

/* One place in the shown search results, holding whichever school is there
 * now (see OnboardSchoolSlots). The row bound to it follows its "school". */

struct _OnboardSchoolSlot
{
  GObject        parent_instance;

  OnboardSchool *school;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolSlot, onboard_school_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHOOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_school_slot_dispose (GObject *object)
{
  OnboardSchoolSlot *self = (OnboardSchoolSlot *)object;

  g_clear_object (&self->school);

  G_OBJECT_CLASS (onboard_school_slot_parent_class)->dispose (object);
}

static void
onboard_school_slot_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardSchoolSlot *self = ONBOARD_SCHOOL_SLOT (object);

  switch (prop_id)
    {
    case PROP_SCHOOL:
      g_value_set_object (value, self->school);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_slot_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnboardSchoolSlot *self = ONBOARD_SCHOOL_SLOT (object);

  switch (prop_id)
    {
    case PROP_SCHOOL:
      onboard_school_slot_set_school (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_slot_class_init (OnboardSchoolSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_school_slot_dispose;
  object_class->get_property = onboard_school_slot_get_property;
  object_class->set_property = onboard_school_slot_set_property;

  properties[PROP_SCHOOL] =
    g_param_spec_object ("school", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_school_slot_init (OnboardSchoolSlot *self)
{
}

OnboardSchoolSlot *
onboard_school_slot_new (OnboardSchool *school)
{
  g_return_val_if_fail (!school || ONBOARD_IS_SCHOOL (school), NULL);

  return g_object_new (ONBOARD_TYPE_SCHOOL_SLOT, "school", school, NULL);
}

OnboardSchool *
onboard_school_slot_get_school (OnboardSchoolSlot *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_SLOT (self), NULL);

  return self->school;
}

void
onboard_school_slot_set_school (OnboardSchoolSlot *self,
                                OnboardSchool     *school)
{
  g_return_if_fail (ONBOARD_IS_SCHOOL_SLOT (self));
  g_return_if_fail (!school || ONBOARD_IS_SCHOOL (school));

  if (g_set_object (&self->school, school))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHOOL]);
}
