/* onboard-practice-progress.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-practice-progress.h"

/**
 * onboard_practice_progress_apply:
 * @progress: practice's own progress, for the practice service's URL
 *   (never the real one)
 * @setup: what onboard_sandbox_scenario_apply_finish() gave
 *
 * Puts @progress where the practice service now is, as the app would have
 * written it had the user got there: the step, the sign-up, the school,
 * the MIS and the connection. Every field is set, so whatever an earlier
 * practice left is replaced. The tokens are not progress: the caller gives
 * them to the client (onboard_client_set_tokens()) when the scenario is
 * signed in.
 */
void
onboard_practice_progress_apply (OnboardProgress            *progress,
                                 const OnboardPracticeSetup *setup)
{
  const OnboardPracticeScenario *scenario;

  g_return_if_fail (ONBOARD_IS_PROGRESS (progress));
  g_return_if_fail (setup != NULL && setup->scenario != NULL);

  scenario = setup->scenario;

  onboard_progress_set_step (progress, scenario->step);
  onboard_progress_set_email (progress, scenario->signed_up ? setup->email : NULL);
  onboard_progress_set_invite_code (progress, scenario->signed_up ? setup->invite_code : NULL);
  onboard_progress_set_signup_id (progress, scenario->signed_up ? setup->signup_id : NULL);
  onboard_progress_set_apps (progress, scenario->signed_up ? (const char * const *)setup->apps : NULL);
  onboard_progress_set_school_urn (progress, scenario->school_urn);
  onboard_progress_set_school_name (progress, scenario->school_name);
  onboard_progress_set_mis_provider (progress, scenario->mis_provider);
  onboard_progress_set_registration_id (progress, scenario->registered ? setup->registration_id : NULL);
  onboard_progress_set_connector_id (progress, scenario->registered ? setup->connector_id : NULL);
  onboard_progress_set_connector_status (progress, scenario->registered ? scenario->connector_status : NULL);
}
