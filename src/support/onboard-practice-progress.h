/* onboard-practice-progress.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-practice-scenario.h"
#include "onboard-progress.h"

G_BEGIN_DECLS

void onboard_practice_progress_apply (OnboardProgress            *progress,
                                      const OnboardPracticeSetup *setup);

G_END_DECLS
