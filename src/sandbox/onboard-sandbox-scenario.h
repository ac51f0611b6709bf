/* onboard-sandbox-scenario.h: practice mode's starting point
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-practice-scenario.h"
#include "onboard-sandbox.h"

G_BEGIN_DECLS

void                  onboard_sandbox_scenario_apply_async  (OnboardSandbox                 *sandbox,
                                                             const OnboardPracticeScenario  *scenario,
                                                             GCancellable                   *cancellable,
                                                             GAsyncReadyCallback             callback,
                                                             gpointer                        user_data);
OnboardPracticeSetup *onboard_sandbox_scenario_apply_finish (OnboardSandbox                 *sandbox,
                                                             GAsyncResult                   *result,
                                                             GError                        **error);

G_END_DECLS
