/* onboard-sandbox-limits.h: rate limits and Idempotency-Key replays
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-sandbox-http.h"

G_BEGIN_DECLS

void         onboard_sandbox_limits_init            (OnboardSandbox        *self);
gboolean     onboard_sandbox_rate_check             (OnboardSandbox        *self,
                                                     const char            *key,
                                                     guint                  limit,
                                                     double                 period,
                                                     gboolean               count,
                                                     guint                 *out_count,
                                                     double                *out_retry_after);
void         onboard_sandbox_rate_reset             (OnboardSandbox        *self,
                                                     const char            *key);
gboolean     onboard_sandbox_check_token_rate       (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request);
void         onboard_sandbox_run_idempotent         (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request);

G_END_DECLS
