/* onboard-school-results.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onboard-school-directory.h"
#include "onboard-school-filter.h"

G_BEGIN_DECLS

/*
 * What the school step lists: the schools of an OnboardSchoolDirectory
 * that an OnboardSchoolFilter matches, best matches first, as a GListModel
 * of OnboardSchool.
 *
 * First the school whose whole postcode, URN or DfE number was typed; then
 * those whose name begins with the words typed ("st marys" finds "St
 * Mary's Catholic Primary School"); then those with each word typed at the
 * start of a word of their name ("marys st"); then the rest (found by
 * their town, or part of their postcode). Within each, by name, then town.
 * An empty query lists every school by name.
 *
 * It follows the filter's query: after each change it is in order before
 * the filter's "notify::query" returns, and it emits "items-changed" only
 * over the positions whose school changed, nothing when none did. The
 * order costs about what the filter finds, never a comparison sort of it:
 * the directory keeps every school's place by name.
 */

#define ONBOARD_TYPE_SCHOOL_RESULTS (onboard_school_results_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolResults, onboard_school_results, ONBOARD, SCHOOL_RESULTS, GObject)

OnboardSchoolResults   *onboard_school_results_new           (OnboardSchoolDirectory *directory,
                                                              OnboardSchoolFilter    *filter);
OnboardSchoolDirectory *onboard_school_results_get_directory (OnboardSchoolResults   *self);
void                    onboard_school_results_set_directory (OnboardSchoolResults   *self,
                                                              OnboardSchoolDirectory *directory);
OnboardSchoolFilter    *onboard_school_results_get_filter    (OnboardSchoolResults   *self);

G_END_DECLS
