/* onboard-school-row.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-school.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SCHOOL_ROW (onboard_school_row_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolRow, onboard_school_row, ONBOARD, SCHOOL_ROW, AdwBin)

GtkWidget          *onboard_school_row_new         (void);
OnboardSchool      *onboard_school_row_get_school  (OnboardSchoolRow *self);
void                onboard_school_row_set_school  (OnboardSchoolRow *self,
                                                    OnboardSchool    *school);

GtkListItemFactory *onboard_school_row_factory_new (void);

G_END_DECLS
