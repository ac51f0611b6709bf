/* onboard-preflight.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_PREFLIGHT (onboard_preflight_get_type ())
#define ONBOARD_TYPE_PREFLIGHT_CHECK (onboard_preflight_check_get_type ())
#define ONBOARD_TYPE_PREFLIGHT_STATE (onboard_preflight_state_get_type ())

/**
 * OnboardPreflightCheck:
 * @ONBOARD_PREFLIGHT_CHECK_NETWORK: the system reports a network (a hint only)
 * @ONBOARD_PREFLIGHT_CHECK_REACHABLE: GET /status answers
 * @ONBOARD_PREFLIGHT_CHECK_PROXY: whether a proxy server is in the way
 * @ONBOARD_PREFLIGHT_CHECK_TLS: the service's certificate is trusted
 * @ONBOARD_PREFLIGHT_CHECK_CLOCK: the clock is within 5 minutes of the service's
 *
 * The checks of Step 1, in the order the page shows them.
 */
typedef enum
{
  ONBOARD_PREFLIGHT_CHECK_NETWORK,
  ONBOARD_PREFLIGHT_CHECK_REACHABLE,
  ONBOARD_PREFLIGHT_CHECK_PROXY,
  ONBOARD_PREFLIGHT_CHECK_TLS,
  ONBOARD_PREFLIGHT_CHECK_CLOCK,
} OnboardPreflightCheck;

#define ONBOARD_PREFLIGHT_N_CHECKS (ONBOARD_PREFLIGHT_CHECK_CLOCK + 1)

/**
 * OnboardPreflightState:
 * @ONBOARD_PREFLIGHT_STATE_PENDING: not run yet
 * @ONBOARD_PREFLIGHT_STATE_RUNNING: in progress
 * @ONBOARD_PREFLIGHT_STATE_OK: passed
 * @ONBOARD_PREFLIGHT_STATE_WARNING: may cause trouble, or could not be checked
 * @ONBOARD_PREFLIGHT_STATE_FAILED: will stop the wizard from working until fixed
 *
 * Ordered from best to worst after %ONBOARD_PREFLIGHT_STATE_RUNNING. No
 * state blocks the wizard: a failed check explains the fix and the user
 * may go on.
 */
typedef enum
{
  ONBOARD_PREFLIGHT_STATE_PENDING,
  ONBOARD_PREFLIGHT_STATE_RUNNING,
  ONBOARD_PREFLIGHT_STATE_OK,
  ONBOARD_PREFLIGHT_STATE_WARNING,
  ONBOARD_PREFLIGHT_STATE_FAILED,
} OnboardPreflightState;

/* More than this between the clocks is reported: TLS certificates and
 * tokens go wrong well before the clock is an hour out. */
#define ONBOARD_PREFLIGHT_MAX_CLOCK_SKEW (5 * G_TIME_SPAN_MINUTE)

GType                  onboard_preflight_check_get_type    (void) G_GNUC_CONST;
GType                  onboard_preflight_state_get_type    (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (OnboardPreflight, onboard_preflight, ONBOARD, PREFLIGHT, GObject)

OnboardPreflight      *onboard_preflight_new               (OnboardClient         *client);
void                   onboard_preflight_run               (OnboardPreflight      *self);
void                   onboard_preflight_cancel            (OnboardPreflight      *self);
gboolean               onboard_preflight_get_running       (OnboardPreflight      *self);
OnboardPreflightState  onboard_preflight_get_state         (OnboardPreflight      *self,
                                                            OnboardPreflightCheck  check);
const char            *onboard_preflight_get_message       (OnboardPreflight      *self,
                                                            OnboardPreflightCheck  check);
OnboardPreflightState  onboard_preflight_get_overall_state (OnboardPreflight      *self);
char                  *onboard_preflight_dup_report        (OnboardPreflight      *self);

const char            *onboard_preflight_check_get_id      (OnboardPreflightCheck  check);
const char            *onboard_preflight_check_get_title   (OnboardPreflightCheck  check);

gboolean               onboard_preflight_clock_is_skewed   (GDateTime             *local_time,
                                                            GDateTime             *server_time,
                                                            GTimeSpan             *skew);

G_END_DECLS
