/* onboard-practice-scenario.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ONBOARD_PRACTICE_SCENARIO_ERROR (onboard_practice_scenario_error_quark ())

/**
 * OnboardPracticeScenarioError:
 * @ONBOARD_PRACTICE_SCENARIO_ERROR_UNKNOWN_STEP: the name given to --step is
 *   not one of onboard_practice_scenario_list_step_names()
 */
typedef enum
{
  ONBOARD_PRACTICE_SCENARIO_ERROR_UNKNOWN_STEP,
} OnboardPracticeScenarioError;

/* What the user waits for on a step, if anything. */
typedef enum
{
  ONBOARD_PRACTICE_WAIT_NONE,
  ONBOARD_PRACTICE_WAIT_ACTIVATION,     /* Step 2: "Check your inbox", the activation email */
  ONBOARD_PRACTICE_WAIT_AUTHORISATION,  /* Step 4: Groupcall's email, Begin Authorisation */
  ONBOARD_PRACTICE_WAIT_CONNECTION,     /* Step 5: authorised, the connection not yet live */
} OnboardPracticeWait;

/*
 * Where practice mode should put the user: the step and what the service
 * knows by then. Made for `--practice --step NAME`
 * (onboard_practice_scenario_new_for_step()) or read from a support report
 * (onboard_report_reader_parse(), in support/), then set up on the
 * practice service by onboard_sandbox_scenario_apply_async().
 *
 * A plain boxed struct: every string is owned, NULL when unknown. Nothing
 * secret is ever in it: no email, password, invite code the user typed, or
 * token.
 */
typedef struct
{
  guint     step;                 /* 1 to 5 */
  gboolean  signed_up;            /* the account exists (Sign up was pressed) */
  gboolean  activated;            /* the activation link was followed */
  gboolean  signed_in;            /* the app holds tokens */
  char     *apps;                 /* "assembly" or "assembly,schoolbooking"; NULL: Assembly only */
  char     *school_urn;           /* NULL: any real school from the directory (from step 4 on) */
  char     *school_name;
  char     *mis_provider;         /* an id such as "sims"; NULL: SIMS from step 4 on */
  gboolean  registered;           /* Continue was pressed on School Information */
  char     *connector_status;     /* NULL when not registered; "not_configured" before Grant Access */

  /* The last error the caller's app saw, NULL or 0 when none. */
  char     *error_method;
  char     *error_path;           /* relative to the API, such as "/school_registrations" */
  guint     error_http_status;
  char     *error_code;           /* the service's "error", such as "school_already_registered" */
  char     *error_message;        /* the service's message */
  char     *error_request_id;
  char     *error_time;           /* ISO 8601, as the report gave it */
  char     *error_fields;         /* the fields refused: "invite_code: expired; email: taken" */
  guint     error_retry_after;    /* seconds */

  /* Only what the report said, for the agent to read: never set up. */
  char     *reference;
  char     *app_version;
  char     *service_host;
  char     *report_connector_id;
} OnboardPracticeScenario;

#define ONBOARD_TYPE_PRACTICE_SCENARIO (onboard_practice_scenario_get_type ())

GType                    onboard_practice_scenario_get_type          (void) G_GNUC_CONST;
GQuark                   onboard_practice_scenario_error_quark       (void);

OnboardPracticeScenario *onboard_practice_scenario_new               (void);
OnboardPracticeScenario *onboard_practice_scenario_new_for_step      (const char                    *name,
                                                                      GError                       **error);
const char * const      *onboard_practice_scenario_list_step_names   (void);
OnboardPracticeScenario *onboard_practice_scenario_copy              (const OnboardPracticeScenario *self);
void                     onboard_practice_scenario_free              (OnboardPracticeScenario       *self);
OnboardPracticeWait      onboard_practice_scenario_get_wait          (const OnboardPracticeScenario *self);
gboolean                 onboard_practice_scenario_has_error         (const OnboardPracticeScenario *self);
char                   **onboard_practice_scenario_dup_field_codes   (const OnboardPracticeScenario *self,
                                                                      const char                    *field);
char                    *onboard_practice_scenario_to_string         (const OnboardPracticeScenario *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardPracticeScenario, onboard_practice_scenario_free)

/*
 * What the practice service set up for a scenario: what the app's
 * progress needs and the practice account's tokens, which the app gives
 * its client in memory only (practice uses no keyring). The practice
 * account and its password exist only in the practice service; they are
 * here so that practice can sign in again, as a user would.
 */
typedef struct
{
  OnboardPracticeScenario *scenario;   /* as set up: the school and the connection state reached */
  char                    *email;
  char                    *password;
  char                    *invite_code;
  char                   **apps;
  char                    *signup_id;
  char                    *signup_token;
  char                    *access_token;
  char                    *refresh_token;
  char                    *registration_id;
  char                    *connector_id;
  gboolean                 error_armed;  /* the last error happens again on its request */
} OnboardPracticeSetup;

#define ONBOARD_TYPE_PRACTICE_SETUP (onboard_practice_setup_get_type ())

GType                    onboard_practice_setup_get_type             (void) G_GNUC_CONST;
OnboardPracticeSetup    *onboard_practice_setup_new                  (void);
OnboardPracticeSetup    *onboard_practice_setup_copy                 (const OnboardPracticeSetup    *self);
void                     onboard_practice_setup_free                 (OnboardPracticeSetup          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardPracticeSetup, onboard_practice_setup_free)

G_END_DECLS
