/* onboard-school-private.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-school.h"
#include "onboard-school-store.h"

G_BEGIN_DECLS

/* Visible to src/model/ so that the filter reaches a school's row
 * without a function call per row and keystroke. */
struct _OnboardSchool
{
  GObject             parent_instance;

  OnboardSchoolStore *store;
  guint               index;
};

OnboardSchool *onboard_school_new_for_row (OnboardSchoolStore *store,
                                           guint               index);

static inline const OnboardSchoolRow *
onboard_school_peek_row (OnboardSchool *self)
{
  return &self->store->rows[self->index];
}

G_END_DECLS
