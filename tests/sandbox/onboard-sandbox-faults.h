/* onboard-sandbox-faults.h: the faults /__dev/faults injects
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-sandbox-private.h"
#include "onboard-sandbox-hostile.h"

G_BEGIN_DECLS

/* One fault, as POST /__dev/faults describes it; the README lists the
 * members. */
struct _OnboardSandboxFault
{
  char    *path;
  char    *method;       /* nullable: any */
  int      remaining;    /* -1: until cleared */
  guint    status;       /* 0: none */
  guint    delay_ms;
  char    *body;
  int      retry_after;  /* -1: none */
  gboolean drop;
  OnboardSandboxHostile hostile;
  guint    interval_ms;  /* slow_drip: between two bytes */
};

/* In-process conveniences for tests: the same effects as /__dev/faults. */
gboolean             onboard_sandbox_add_fault           (OnboardSandbox        *self,
                                                          const char            *json,
                                                          GError               **error);
void                 onboard_sandbox_clear_faults        (OnboardSandbox        *self);
guint                onboard_sandbox_get_hostile_count   (OnboardSandbox        *self);

extern const OnboardSandboxRoute onboard_sandbox_fault_routes[];

void                 onboard_sandbox_fault_free          (gpointer               data);
OnboardSandboxFault *onboard_sandbox_take_fault          (OnboardSandbox        *self,
                                                          const char            *method,
                                                          const char            *path);
gboolean             onboard_sandbox_take_upstream_fault (OnboardSandbox        *self,
                                                          const char            *path);
gboolean             onboard_sandbox_fault_apply         (OnboardSandbox        *self,
                                                          OnboardSandboxRequest *request,
                                                          OnboardSandboxFault   *fault);

G_END_DECLS
