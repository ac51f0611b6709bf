/* onboard-school-page.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-client.h"
#include "onboard-page.h"
#include "onboard-progress.h"
#include "onboard-school-catalogue.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SCHOOL_PAGE (onboard_school_page_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolPage, onboard_school_page, ONBOARD, SCHOOL_PAGE, OnboardPage)

OnboardPage   *onboard_school_page_new             (OnboardClient          *client,
                                                    OnboardProgress        *progress,
                                                    OnboardSchoolCatalogue *catalogue);
OnboardSchool *onboard_school_page_get_school      (OnboardSchoolPage      *self);
GListModel    *onboard_school_page_get_results     (OnboardSchoolPage      *self);

G_END_DECLS
