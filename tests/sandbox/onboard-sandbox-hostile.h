/* onboard-sandbox-hostile.h: answers that prove the client
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-sandbox.h"
#include "onboard-sandbox-http.h"

G_BEGIN_DECLS


/* The hostile faults (onboard-sandbox-hostile.c); the README lists them. */
typedef enum
{
  ONBOARD_SANDBOX_HOSTILE_NONE,
  ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB,
  ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB,
  ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER,
  ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER,
  ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED,
  ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP,
  ONBOARD_SANDBOX_HOSTILE_DEEP_NESTING,
  ONBOARD_SANDBOX_HOSTILE_CAPTIVE_PORTAL,
  ONBOARD_SANDBOX_HOSTILE_MARKUP_STRINGS,
  ONBOARD_SANDBOX_HOSTILE_NO_REFRESH_TOKEN,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_HUGE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_NEGATIVE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_DATE,
  ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_FAR_FUTURE,
  ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS,
  ONBOARD_SANDBOX_HOSTILE_SERVER_ERROR,
} OnboardSandboxHostile;

const char  *onboard_sandbox_hostile_to_string      (OnboardSandboxHostile  kind);
OnboardSandboxHostile onboard_sandbox_hostile_from_string (const char      *name);
gboolean     onboard_sandbox_hostile_answers_first  (OnboardSandboxHostile  kind,
                                                     guint                  status);
void         onboard_sandbox_hostile_apply          (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request,
                                                     OnboardSandboxHostile  kind,
                                                     guint                  status,
                                                     guint                  interval_ms);
void         onboard_sandbox_hostile_write          (OnboardSandbox        *self,
                                                     OnboardSandboxRequest *request);
void         onboard_sandbox_hostile_dispose        (OnboardSandbox        *self);

G_END_DECLS
