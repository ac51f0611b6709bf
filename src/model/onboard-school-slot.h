/* onboard-school-slot.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "onboard-school.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SCHOOL_SLOT (onboard_school_slot_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolSlot, onboard_school_slot, ONBOARD, SCHOOL_SLOT, GObject)

OnboardSchoolSlot *onboard_school_slot_new        (OnboardSchool     *school);
OnboardSchool     *onboard_school_slot_get_school (OnboardSchoolSlot *self);
void               onboard_school_slot_set_school (OnboardSchoolSlot *self,
                                                   OnboardSchool     *school);

G_END_DECLS
