/* onboard-practice.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"
#include "onboard-credentials.h"
#include "onboard-progress.h"
#include "onboard-sandbox.h"
#include "onboard-school-catalogue.h"
#include "onboard-secrets.h"
#include "onboard-status-monitor.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_PRACTICE (onboard_practice_get_type ())

G_DECLARE_FINAL_TYPE (OnboardPractice, onboard_practice, ONBOARD, PRACTICE, GObject)

OnboardPractice        *onboard_practice_new                  (GError          **error);
OnboardPractice        *onboard_practice_new_for_sandbox      (OnboardSandbox   *sandbox);
OnboardSandbox         *onboard_practice_new_sandbox          (GError          **error);
char                   *onboard_practice_dup_schools_path     (void);
char                   *onboard_practice_dup_progress_path    (void);

OnboardSandbox         *onboard_practice_get_sandbox          (OnboardPractice  *self);
OnboardClient          *onboard_practice_get_client           (OnboardPractice  *self);
OnboardProgress        *onboard_practice_get_progress         (OnboardPractice  *self);
OnboardSecrets         *onboard_practice_get_secrets          (OnboardPractice  *self);
OnboardCredentials     *onboard_practice_get_credentials      (OnboardPractice  *self);
OnboardSchoolCatalogue *onboard_practice_get_catalogue        (OnboardPractice  *self);
OnboardStatusMonitor   *onboard_practice_get_monitor          (OnboardPractice  *self);

gboolean                onboard_practice_approve_as_school    (OnboardPractice  *self,
                                                               GError          **error);

G_END_DECLS
