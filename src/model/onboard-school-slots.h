/* onboard-school-slots.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_SCHOOL_SLOTS (onboard_school_slots_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolSlots, onboard_school_slots, ONBOARD, SCHOOL_SLOTS, GObject)

OnboardSchoolSlots *onboard_school_slots_new       (GListModel         *schools,
                                                    guint               limit);
GListModel         *onboard_school_slots_get_schools (OnboardSchoolSlots *self);
guint               onboard_school_slots_get_limit (OnboardSchoolSlots *self);

G_END_DECLS
