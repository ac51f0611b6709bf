/* test-report-reader.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-practice-progress.h"
#include "onboard-report-reader.h"
#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-scenario.h"
#include "onboard-support-report.h"
#include "onboard-test-ui.h"

/* A caller's app at each step and waiting state, driven as the pages drive
 * it against a service of its own; the support report it writes; that
 * report read back; practice set up from it on another service; and the
 * practice app's progress and service compared with the caller's. */

#define CALLER_EMAIL    "office@caller-school.example.org"
#define CALLER_PASSWORD "correct horse battery staple"
#define CALLER_INVITE   "DEMO-BOOKING"
/* Not the school practice picks when it is free to choose, nor its MIS. */
#define CALLER_MIS      "arbor"

typedef struct
{
  OnboardSandbox  *sandbox;
  OnboardClient   *client;
  OnboardProgress *progress;
  char            *signup_id;
  char            *signup_token;
  char            *connector_id;
  char            *school_urn;
} Caller;

static void
caller_free (Caller *caller)
{
  g_clear_object (&caller->client);
  g_clear_object (&caller->progress);
  g_clear_object (&caller->sandbox);
  g_free (caller->signup_id);
  g_free (caller->signup_token);
  g_free (caller->connector_id);
  g_free (caller->school_urn);
  g_free (caller);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Caller, caller_free)

/* An open school some way down the list: never the one practice picks. */
static char *
caller_school_urn (void)
{
  g_autoptr(OnboardSandboxDirectory) directory = onboard_sandbox_directory_dup_default ();
  guint seen = 0;

  for (guint i = 0; i < onboard_sandbox_directory_get_n_schools (directory); i++)
    {
      const OnboardSandboxSchool *school = onboard_sandbox_directory_get_school (directory, i);

      if (school->open && ++seen == 25)
        return g_strdup (school->urn);
    }

  g_assert_not_reached ();
}

static void
caller_refresh_connector (Caller *caller)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_get_connector_async (caller->client, caller->connector_id, NULL, store_result, &result);
  await_result (&result);
  connector = onboard_client_get_connector_finish (caller->client, result, &error);
  g_assert_no_error (error);
  onboard_progress_set_connector_status (caller->progress,
                                         onboard_connector_status_to_string (onboard_connector_get_status (connector)));
}

/* What the user does to get to @name, one of the --step names, with the
 * client's own requests, and what the pages then write to the progress. */
static Caller *
caller_new (const char *name)
{
  g_autoptr(Caller) caller = g_new0 (Caller, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more;

  caller->sandbox = onboard_sandbox_new ();
  /* Groupcall's email arrives at once; the first pull waits, as overnight. */
  onboard_sandbox_set_invitation_delivery_delay (caller->sandbox, 0);
  onboard_sandbox_set_first_sync_delay (caller->sandbox, 3600);
  onboard_sandbox_listen (caller->sandbox, 0, &error);
  g_assert_no_error (error);
  caller->client = onboard_client_new (onboard_sandbox_get_base_url (caller->sandbox));
  caller->progress = onboard_progress_new (onboard_sandbox_get_base_url (caller->sandbox));

  /* Step 1's checks. */
  {
    g_autoptr(OnboardServiceStatus) status = NULL;

    onboard_client_get_status_async (caller->client, NULL, store_result, &result);
    await_result (&result);
    status = onboard_client_get_status_finish (caller->client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
  }
  onboard_progress_set_step (caller->progress, 1);
  if (strcmp (name, "1") == 0)
    return g_steal_pointer (&caller);

  onboard_progress_set_step (caller->progress, 2);
  if (strcmp (name, "2") == 0)
    return g_steal_pointer (&caller);

  /* Sign up, and the inbox wait's first look at the sign-up. */
  {
    g_autoptr(OnboardSignup) signup = NULL;
    g_autoptr(OnboardSignup) polled = NULL;

    onboard_client_create_signup_async (caller->client, CALLER_INVITE, CALLER_EMAIL, CALLER_PASSWORD,
                                        TRUE, "2026-09", NULL, NULL, store_result, &result);
    await_result (&result);
    signup = onboard_client_create_signup_finish (caller->client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);

    caller->signup_id = g_strdup (onboard_signup_get_id (signup));
    caller->signup_token = g_strdup (onboard_signup_get_signup_token (signup));
    onboard_progress_set_email (caller->progress, onboard_signup_get_email (signup));
    onboard_progress_set_invite_code (caller->progress, CALLER_INVITE);
    onboard_progress_set_signup_id (caller->progress, caller->signup_id);
    onboard_progress_set_apps (caller->progress, onboard_signup_get_apps (signup));

    onboard_client_get_signup_async (caller->client, caller->signup_id, caller->signup_token, NULL,
                                     store_result, &result);
    await_result (&result);
    polled = onboard_client_get_signup_finish (caller->client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
  }
  if (strcmp (name, "2-inbox") == 0)
    return g_steal_pointer (&caller);

  /* The activation link, and the sign-in the inbox wait does then. */
  onboard_sandbox_activate_signup (caller->sandbox, caller->signup_id, &error);
  g_assert_no_error (error);
  onboard_client_sign_in_with_signup_async (caller->client, caller->signup_id, caller->signup_token,
                                            NULL, store_result, &result);
  await_result (&result);
  onboard_client_sign_in_with_signup_finish (caller->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  onboard_progress_set_step (caller->progress, 3);
  if (strcmp (name, "3") == 0)
    return g_steal_pointer (&caller);

  /* Continue on School Information. */
  {
    g_autoptr(OnboardSchoolRegistration) registration = NULL;

    caller->school_urn = caller_school_urn ();
    onboard_client_create_school_registration_async (caller->client, caller->school_urn, CALLER_MIS,
                                                     NULL, NULL, store_result, &result);
    await_result (&result);
    registration = onboard_client_create_school_registration_finish (caller->client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);

    caller->connector_id = g_strdup (onboard_school_registration_get_connector_id (registration));
    onboard_progress_set_school_urn (caller->progress, onboard_school_registration_get_urn (registration));
    onboard_progress_set_school_name (caller->progress, onboard_school_registration_get_school_name (registration));
    onboard_progress_set_mis_provider (caller->progress, onboard_school_registration_get_mis_provider (registration));
    onboard_progress_set_registration_id (caller->progress, onboard_school_registration_get_id (registration));
    onboard_progress_set_connector_id (caller->progress, caller->connector_id);
    onboard_progress_set_connector_status (caller->progress,
                                           onboard_connector_status_to_string (onboard_school_registration_get_connector_status (registration)));
    onboard_progress_set_step (caller->progress, 4);
  }
  if (strcmp (name, "4") == 0)
    return g_steal_pointer (&caller);

  /* Grant Access, and Groupcall's email delivered. */
  {
    g_autoptr(OnboardConnector) connector = NULL;

    onboard_client_grant_access_async (caller->client, caller->connector_id, NULL, NULL, TRUE, NULL,
                                       NULL, store_result, &result);
    await_result (&result);
    connector = onboard_client_grant_access_finish (caller->client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    wait_until (g_strcmp0 (onboard_sandbox_get_connector_status (caller->sandbox, caller->connector_id),
                           "awaiting_authorisation") == 0);
    caller_refresh_connector (caller);
  }
  if (strcmp (name, "4-inbox") == 0)
    return g_steal_pointer (&caller);

  /* The school authorises in Groupcall. */
  onboard_sandbox_authorise_connector (caller->sandbox, caller->connector_id, NULL, &error);
  g_assert_no_error (error);
  caller_refresh_connector (caller);
  onboard_progress_set_step (caller->progress, 5);
  more = strcmp (name, "5") != 0;
  if (!more)
    return g_steal_pointer (&caller);

  /* The first data pull. */
  g_assert_cmpstr (name, ==, "5-connected");
  onboard_sandbox_connector_event (caller->sandbox, caller->connector_id, "sync_succeeded", &error);
  g_assert_no_error (error);
  caller_refresh_connector (caller);

  return g_steal_pointer (&caller);
}

static char *
caller_report (Caller *caller)
{
  g_autoptr(OnboardSupportReport) report = onboard_support_report_new (caller->client, caller->progress);

  onboard_support_report_set_toolkit (report, "GTK 4.8.3, libadwaita 1.2.2");

  return onboard_support_report_dup_text (report);
}

/* Parses the caller's report as support would paste it, and shows it in
 * the test's log. */
static OnboardPracticeScenario *
read_caller_report (Caller  *caller,
                    char   **text_out)
{
  g_autofree char *text = caller_report (caller);
  g_autoptr(GError) error = NULL;
  OnboardPracticeScenario *scenario;

  g_test_message ("The caller's report:\n%s", text);
  scenario = onboard_report_reader_parse (text, -1, &error);
  g_assert_no_error (error);

  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);

  return scenario;
}

typedef struct
{
  OnboardSandbox       *sandbox;
  OnboardPracticeSetup *setup;
  OnboardProgress      *progress;
  OnboardClient        *client;
} Practice;

static void
practice_clear (Practice *practice)
{
  g_clear_pointer (&practice->setup, onboard_practice_setup_free);
  g_clear_object (&practice->client);
  g_clear_object (&practice->progress);
  g_clear_object (&practice->sandbox);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Practice, practice_clear)

/* What the application does for --practice --step or --from-report. */
static void
practice_start (Practice                      *practice,
                const OnboardPracticeScenario *scenario)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  practice->sandbox = onboard_sandbox_new ();
  onboard_sandbox_set_first_sync_delay (practice->sandbox, 3600);
  onboard_sandbox_listen (practice->sandbox, 0, &error);
  g_assert_no_error (error);

  onboard_sandbox_scenario_apply_async (practice->sandbox, scenario, NULL, store_result, &result);
  await_result (&result);
  practice->setup = onboard_sandbox_scenario_apply_finish (practice->sandbox, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (practice->setup);

  practice->progress = onboard_progress_new (onboard_sandbox_get_base_url (practice->sandbox));
  onboard_practice_progress_apply (practice->progress, practice->setup);

  practice->client = onboard_client_new (onboard_sandbox_get_base_url (practice->sandbox));
  if (practice->setup->scenario->signed_in)
    onboard_client_set_tokens (practice->client, practice->setup->access_token, practice->setup->refresh_token);
}

/* The practice service and app agree with each other, and with what the
 * step says, whatever led to it. */
static void
assert_practice_consistent (Practice *practice)
{
  OnboardPracticeSetup *setup = practice->setup;
  OnboardPracticeScenario *scenario = setup->scenario;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (onboard_practice_scenario_get_wait (scenario) == ONBOARD_PRACTICE_WAIT_ACTIVATION)
    {
      g_autoptr(OnboardSignup) signup = NULL;

      /* The inbox has the activation email; the sign-up waits for it. */
      g_assert_cmpuint (onboard_sandbox_get_mail_count (practice->sandbox, "activation"), ==, 1);
      g_assert_nonnull (onboard_progress_get_signup_id (practice->progress));
      onboard_client_get_signup_async (practice->client, onboard_progress_get_signup_id (practice->progress),
                                       setup->signup_token, NULL, store_result, &result);
      await_result (&result);
      signup = onboard_client_get_signup_finish (practice->client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (onboard_signup_get_status (signup), ==, ONBOARD_SIGNUP_STATUS_PENDING_ACTIVATION);
      g_clear_object (&result);
    }

  if (scenario->activated)
    {
      g_autoptr(OnboardAccount) account = NULL;
      OnboardSchoolRegistration *registration;

      /* The practice tokens are good, and the service knows what the
       * progress says. */
      onboard_client_get_account_async (practice->client, NULL, store_result, &result);
      await_result (&result);
      account = onboard_client_get_account_finish (practice->client, result, &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      g_assert_cmpstr (onboard_account_get_email (account), ==, onboard_progress_get_email (practice->progress));

      registration = onboard_account_get_school_registration (account);
      if (scenario->registered)
        {
          g_assert_nonnull (registration);
          g_assert_cmpstr (onboard_school_registration_get_urn (registration), ==,
                           onboard_progress_get_school_urn (practice->progress));
          g_assert_cmpstr (onboard_school_registration_get_mis_provider (registration), ==,
                           onboard_progress_get_mis_provider (practice->progress));
          g_assert_cmpstr (onboard_school_registration_get_connector_id (registration), ==,
                           onboard_progress_get_connector_id (practice->progress));
          g_assert_cmpstr (onboard_sandbox_get_connector_status (practice->sandbox,
                                                                 onboard_progress_get_connector_id (practice->progress)),
                           ==, onboard_progress_get_connector_status (practice->progress));
        }
      else
        g_assert_null (registration);
    }
  else
    g_assert_cmpuint (onboard_sandbox_get_account_count (practice->sandbox), ==, scenario->signed_up ? 1 : 0);

  if (onboard_practice_scenario_get_wait (scenario) == ONBOARD_PRACTICE_WAIT_AUTHORISATION)
    g_assert_cmpuint (onboard_sandbox_get_mail_count (practice->sandbox, "groupcall_invitation"), ==, 1);
}

static void
test_report_reader_step (gconstpointer data)
{
  const char *name = data;
  g_autoptr(Caller) caller = caller_new (name);
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_autoptr(OnboardPracticeScenario) preset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = caller_report (caller);
  g_autofree char *described = NULL;
  g_auto(Practice) practice = { 0 };

  g_test_message ("The caller's report at %s:\n%s", name, text);

  scenario = onboard_report_reader_parse (text, -1, &error);
  g_assert_no_error (error);
  described = onboard_practice_scenario_to_string (scenario);
  g_test_message ("Read as: %s", described);

  /* The report says what --step says for the same place. */
  preset = onboard_practice_scenario_new_for_step (name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scenario->step, ==, preset->step);
  g_assert_cmpint (onboard_practice_scenario_get_wait (scenario), ==, onboard_practice_scenario_get_wait (preset));
  g_assert_cmpint (scenario->signed_up, ==, preset->signed_up);
  g_assert_cmpint (scenario->activated, ==, preset->activated);
  g_assert_cmpint (scenario->registered, ==, preset->registered);
  g_assert_cmpstr (scenario->connector_status, ==, preset->connector_status);
  g_assert_cmpint (scenario->signed_in, ==, onboard_client_get_signed_in (caller->client));
  g_assert_cmpstr (scenario->school_urn, ==, onboard_progress_get_school_urn (caller->progress));
  g_assert_cmpstr (scenario->school_name, ==, onboard_progress_get_school_name (caller->progress));
  g_assert_cmpstr (scenario->mis_provider, ==, onboard_progress_get_mis_provider (caller->progress));
  g_assert_cmpstr (scenario->report_connector_id, ==, caller->connector_id);
  g_assert_false (onboard_practice_scenario_has_error (scenario));

  practice_start (&practice, scenario);

  /* The practice app opens where the caller's does, in the same state. */
  g_assert_cmpuint (onboard_progress_get_step (practice.progress), ==, onboard_progress_get_step (caller->progress));
  g_assert_cmpint (onboard_progress_get_resume_step (practice.progress), ==,
                   onboard_progress_get_resume_step (caller->progress));
  for (guint step = ONBOARD_PROGRESS_FIRST_STEP; step <= ONBOARD_PROGRESS_LAST_STEP; step++)
    g_assert_cmpint (onboard_progress_get_step_changeable (practice.progress, step), ==,
                     onboard_progress_get_step_changeable (caller->progress, step));
  g_assert_cmpstr (onboard_progress_get_school_urn (practice.progress), ==,
                   onboard_progress_get_school_urn (caller->progress));
  g_assert_cmpstr (onboard_progress_get_school_name (practice.progress), ==,
                   onboard_progress_get_school_name (caller->progress));
  g_assert_cmpstr (onboard_progress_get_mis_provider (practice.progress), ==,
                   onboard_progress_get_mis_provider (caller->progress));
  g_assert_cmpstr (onboard_progress_get_connector_status (practice.progress), ==,
                   onboard_progress_get_connector_status (caller->progress));
  g_assert_cmpint (onboard_progress_get_signup_id (practice.progress) != NULL, ==,
                   onboard_progress_get_signup_id (caller->progress) != NULL);
  g_assert_cmpint (onboard_client_get_signed_in (practice.client), ==, onboard_client_get_signed_in (caller->client));
  if (caller->connector_id != NULL)
    g_assert_cmpstr (onboard_sandbox_get_connector_status (practice.sandbox, practice.setup->connector_id), ==,
                     onboard_sandbox_get_connector_status (caller->sandbox, caller->connector_id));

  assert_practice_consistent (&practice);

  /* Nothing of the caller's beyond the report: not their address, nor
   * their ids. */
  g_assert_cmpstr (onboard_progress_get_email (practice.progress), !=, CALLER_EMAIL);
  if (caller->connector_id != NULL)
    g_assert_cmpstr (practice.setup->connector_id, !=, caller->connector_id);
}

/* The practice step is what `--practice --step NAME` opens at. */
static void
test_report_reader_for_step (void)
{
  static const struct {
    const char          *name;
    OnboardStep          step;
    OnboardPracticeWait  wait;
    const char          *status;
  } cases[] = {
    { "1",           ONBOARD_STEP_BEFORE_YOU_START,      ONBOARD_PRACTICE_WAIT_NONE,          NULL },
    { "2",           ONBOARD_STEP_SIGN_UP,               ONBOARD_PRACTICE_WAIT_NONE,          NULL },
    { "2-inbox",     ONBOARD_STEP_SIGN_UP,               ONBOARD_PRACTICE_WAIT_ACTIVATION,    NULL },
    { "3",           ONBOARD_STEP_SCHOOL_INFORMATION,    ONBOARD_PRACTICE_WAIT_NONE,          NULL },
    { "4",           ONBOARD_STEP_CONFIGURE_CONNECTION,  ONBOARD_PRACTICE_WAIT_NONE,          "not_configured" },
    { "4-inbox",     ONBOARD_STEP_CONFIGURE_CONNECTION,  ONBOARD_PRACTICE_WAIT_AUTHORISATION, "awaiting_authorisation" },
    { "5",           ONBOARD_STEP_CHECK_CONNECTION,      ONBOARD_PRACTICE_WAIT_CONNECTION,    "authorised" },
    { "5-connected", ONBOARD_STEP_CHECK_CONNECTION,      ONBOARD_PRACTICE_WAIT_NONE,          "connected" },
  };
  const char * const *names = onboard_practice_scenario_list_step_names ();

  g_assert_cmpuint (g_strv_length ((char **)names), ==, G_N_ELEMENTS (cases));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardPracticeScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Practice) practice = { 0 };

      g_assert_cmpstr (names[i], ==, cases[i].name);
      scenario = onboard_practice_scenario_new_for_step (cases[i].name, &error);
      g_assert_no_error (error);

      practice_start (&practice, scenario);

      g_assert_cmpint (onboard_progress_get_resume_step (practice.progress), ==, cases[i].step);
      g_assert_cmpint (onboard_practice_scenario_get_wait (practice.setup->scenario), ==, cases[i].wait);
      g_assert_cmpstr (onboard_progress_get_connector_status (practice.progress), ==, cases[i].status);
      g_assert_cmpint (onboard_client_get_signed_in (practice.client), ==, cases[i].step >= 3);
      if (cases[i].status != NULL)
        {
          /* A real school from the directory, and an MIS. */
          g_assert_nonnull (onboard_progress_get_school_name (practice.progress));
          g_assert_cmpstr (onboard_progress_get_mis_provider (practice.progress), ==, "sims");
        }
      else
        g_assert_null (onboard_progress_get_school_urn (practice.progress));

      assert_practice_consistent (&practice);
    }

  /* Spaces and capitals as typed on a command line. */
  {
    g_autoptr(OnboardPracticeScenario) scenario = onboard_practice_scenario_new_for_step (" 4-INBOX ", NULL);

    g_assert_nonnull (scenario);
    g_assert_cmpstr (scenario->connector_status, ==, "awaiting_authorisation");
  }

  for (guint i = 0; i < 5; i++)
    {
      static const char * const wrong[] = { "0", "6", "", "two", "4-outbox" };
      g_autoptr(GError) error = NULL;
      g_autoptr(OnboardPracticeScenario) scenario = onboard_practice_scenario_new_for_step (wrong[i], &error);

      g_assert_null (scenario);
      g_assert_error (error, ONBOARD_PRACTICE_SCENARIO_ERROR, ONBOARD_PRACTICE_SCENARIO_ERROR_UNKNOWN_STEP);
      g_assert_nonnull (strstr (error->message, "2-inbox"));
    }
}

/* Practice set up twice in one service, as when the agent opens another
 * step: the second replaces the first. */
static void
test_report_reader_again (void)
{
  g_autoptr(OnboardPracticeScenario) first = onboard_practice_scenario_new_for_step ("5-connected", NULL);
  g_autoptr(OnboardPracticeScenario) second = onboard_practice_scenario_new_for_step ("4", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardPracticeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Practice) practice = { 0 };

  practice_start (&practice, first);
  onboard_sandbox_scenario_apply_async (practice.sandbox, second, NULL, store_result, &result);
  await_result (&result);
  setup = onboard_sandbox_scenario_apply_finish (practice.sandbox, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (onboard_sandbox_get_account_count (practice.sandbox), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_registration_count (practice.sandbox), ==, 1);
  g_assert_cmpstr (onboard_sandbox_get_connector_status (practice.sandbox, setup->connector_id), ==,
                   "not_configured");
}

/* The caller's last error happens again in practice, on the same request. */
static void
test_report_reader_last_error (void)
{
  g_autoptr(Caller) caller = caller_new ("3");
  g_autofree char *urn = caller_school_urn ();
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *welsh = NULL;
  g_auto(Practice) practice = { 0 };

  /* Another account holds the school the caller chooses. */
  onboard_sandbox_add_account (caller->sandbox, "head@other-school.example.org", CALLER_PASSWORD, &error);
  g_assert_no_error (error);
  {
    g_autoptr(OnboardClient) client = onboard_client_new (onboard_sandbox_get_base_url (caller->sandbox));
    g_autoptr(OnboardSchoolRegistration) held = NULL;

    onboard_client_sign_in_async (client, "head@other-school.example.org", CALLER_PASSWORD, NULL,
                                  store_result, &result);
    await_result (&result);
    onboard_client_sign_in_finish (client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    onboard_client_create_school_registration_async (client, urn, "sims", NULL, NULL,
                                                     store_result, &result);
    await_result (&result);
    held = onboard_client_create_school_registration_finish (client, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
  }
  onboard_client_create_school_registration_async (caller->client, urn, "sims", NULL, NULL,
                                                   store_result, &result);
  await_result (&result);
  registration = onboard_client_create_school_registration_finish (caller->client, result, &error);
  g_assert_null (registration);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&result);

  scenario = read_caller_report (caller, &text);

  g_assert_cmpuint (scenario->step, ==, 3);
  g_assert_true (onboard_practice_scenario_has_error (scenario));
  g_assert_cmpstr (scenario->error_method, ==, "POST");
  g_assert_cmpstr (scenario->error_path, ==, "/school_registrations");
  g_assert_cmpuint (scenario->error_http_status, ==, 409);
  g_assert_cmpstr (scenario->error_code, ==, "school_already_registered");
  g_assert_nonnull (scenario->error_message);
  g_assert_nonnull (scenario->error_request_id);
  g_assert_nonnull (scenario->error_time);

  /* The labels of the last error follow the caller's language: a Welsh
   * caller's report still gives the request, status and code. */
  {
    g_autoptr(GString) str = g_string_new (text);
    g_autoptr(OnboardPracticeScenario) cy = NULL;

    g_string_replace (str, "\nTime: ", "\nAmser: ", 1);
    g_string_replace (str, "\nRequest: ", "\nCais: ", 1);
    g_string_replace (str, "\nHTTP status: ", "\nStatws HTTP: ", 1);
    g_string_replace (str, "\nError code: ", "\nCod gwall: ", 1);
    welsh = g_string_free (g_steal_pointer (&str), FALSE);
    g_assert_null (strstr (welsh, "\nError code: "));
    cy = onboard_report_reader_parse (welsh, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cy->error_path, ==, "/school_registrations");
    g_assert_cmpuint (cy->error_http_status, ==, 409);
    g_assert_cmpstr (cy->error_code, ==, "school_already_registered");
    g_assert_cmpstr (cy->error_time, ==, scenario->error_time);
  }

  practice_start (&practice, scenario);
  g_assert_true (practice.setup->error_armed);

  /* Continue, as the caller pressed it: the same answer, once. */
  {
    g_autoptr(OnboardSchoolRegistration) again = NULL;
    g_autoptr(OnboardSchoolRegistration) retried = NULL;
    OnboardErrorDetails *details;

    onboard_client_create_school_registration_async (practice.client, urn, "sims", NULL, NULL,
                                                     store_result, &result);
    await_result (&result);
    again = onboard_client_create_school_registration_finish (practice.client, result, &error);
    g_assert_null (again);
    g_assert_nonnull (error);
    g_clear_object (&result);
    details = onboard_client_get_last_error_details (practice.client);
    g_assert_cmpuint (onboard_error_details_get_http_status (details), ==, 409);
    g_assert_cmpstr (onboard_error_details_get_server_code (details), ==, "school_already_registered");
    g_assert_cmpstr (onboard_error_details_get_server_message (details), ==, scenario->error_message);
    g_clear_error (&error);

    onboard_client_create_school_registration_async (practice.client, urn, "sims", NULL, NULL,
                                                     store_result, &result);
    await_result (&result);
    retried = onboard_client_create_school_registration_finish (practice.client, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (retried);
  }
}

/* A refused invite code: the kind of problem comes through, and Sign up
 * in practice is refused the same way, on the same field. */
static void
test_report_reader_invite_error (void)
{
  g_autoptr(Caller) caller = caller_new ("2");
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_autoptr(OnboardSignup) signup = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  g_autofree char *fields = NULL;
  g_auto(Practice) practice = { 0 };

  onboard_client_create_signup_async (caller->client, "DEMO-EXPIRED", CALLER_EMAIL, CALLER_PASSWORD,
                                      TRUE, "2026-09", NULL, NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (caller->client, result, &error);
  g_assert_null (signup);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&result);

  scenario = read_caller_report (caller, NULL);

  /* Refused: still on Sign up, with no account. */
  g_assert_cmpuint (scenario->step, ==, 2);
  g_assert_false (scenario->signed_up);
  g_assert_cmpint (onboard_practice_scenario_get_wait (scenario), ==, ONBOARD_PRACTICE_WAIT_NONE);
  g_assert_cmpstr (scenario->error_path, ==, "/signups");
  g_assert_cmpuint (scenario->error_http_status, ==, 422);
  codes = onboard_practice_scenario_dup_field_codes (scenario, "invite_code");
  g_assert_nonnull (codes);
  g_assert_cmpstr (codes[0], ==, "expired");
  g_assert_null (codes[1]);
  g_assert_null (onboard_practice_scenario_dup_field_codes (scenario, "invite"));

  practice_start (&practice, scenario);
  g_assert_true (practice.setup->error_armed);
  g_assert_cmpuint (onboard_sandbox_get_account_count (practice.sandbox), ==, 0);

  onboard_client_create_signup_async (practice.client, "DEMO-ASSEMBLY", CALLER_EMAIL, CALLER_PASSWORD,
                                      TRUE, "2026-09", NULL, NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (practice.client, result, &error);
  g_assert_null (signup);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&result);
  fields = onboard_field_errors_to_string (onboard_error_details_get_fields (onboard_client_get_last_error_details (practice.client)));
  g_assert_cmpstr (fields, ==, "invite_code: expired");

  onboard_client_create_signup_async (practice.client, "DEMO-ASSEMBLY", CALLER_EMAIL, CALLER_PASSWORD,
                                      TRUE, "2026-09", NULL, NULL, store_result, &result);
  await_result (&result);
  signup = onboard_client_create_signup_finish (practice.client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signup);
}

/* What copying and pasting does to the text changes nothing. */
static void
test_report_reader_pasted (void)
{
  g_autoptr(Caller) caller = caller_new ("4-inbox");
  g_autofree char *text = caller_report (caller);
  g_autoptr(OnboardPracticeScenario) clean = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) crlf = g_string_new ("\r\n\r\n");
  g_autoptr(GString) quoted = g_string_new ("Hello,\n\nHere is what the app says:\n\nOn Friday, Jo wrote:\n");
  g_autoptr(GString) indented = g_string_new ("\n\n");
  const char *variants[3];
  g_autofree char *clean_text = NULL;

  clean = onboard_report_reader_parse (text, -1, &error);
  g_assert_no_error (error);
  clean_text = onboard_practice_scenario_to_string (clean);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_string_append_printf (crlf, "%s\r\n", lines[i]);
      g_string_append_printf (quoted, "> %s\n", lines[i]);
      g_string_append_printf (indented, "\t  %s   \n", lines[i]);
    }
  g_string_append (crlf, "\r\n\r\n");
  g_string_append (quoted, ">\n> -- \n> Sent from my phone\n\nThanks\n");
  g_string_append (indented, "\n \n");

  variants[0] = crlf->str;
  variants[1] = quoted->str;
  variants[2] = indented->str;

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(OnboardPracticeScenario) pasted = onboard_report_reader_parse (variants[i], -1, &error);
      g_autofree char *pasted_text = NULL;

      g_assert_no_error (error);
      pasted_text = onboard_practice_scenario_to_string (pasted);
      g_assert_cmpstr (pasted_text, ==, clean_text);
      g_assert_cmpstr (pasted->school_name, ==, clean->school_name);
      g_assert_cmpstr (pasted->reference, ==, clean->reference);
    }

  /* Saved to a file, and read with --from-report. */
  {
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "support-report.txt", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) missing = g_file_new_for_path ("no-such-report.txt");
    g_autoptr(OnboardPracticeScenario) loaded = NULL;
    g_autoptr(OnboardPracticeScenario) none = NULL;
    g_autofree char *loaded_text = NULL;

    g_file_set_contents (path, crlf->str, -1, &error);
    g_assert_no_error (error);
    loaded = onboard_report_reader_load (file, NULL, &error);
    g_assert_no_error (error);
    loaded_text = onboard_practice_scenario_to_string (loaded);
    g_assert_cmpstr (loaded_text, ==, clean_text);

    none = onboard_report_reader_load (missing, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-report.txt"));
  }
}

static void
assert_fails (const char *text,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardPracticeScenario) scenario = onboard_report_reader_parse (text, -1, &error);

  if (scenario != NULL)
    g_error ("Read as a report:\n%s", text);
  g_assert_error (error, ONBOARD_REPORT_READER_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 20);
}

/* Unknown, cut and damaged text: each says what is wrong. */
static void
test_report_reader_errors (void)
{
  g_autoptr(Caller) caller = caller_new ("5");
  g_autofree char *text = caller_report (caller);
  const char *where = strstr (text, "Where: ");
  const char *signed_in = strstr (text, "Signed in: ");
  g_autofree char *line = NULL;

  g_assert_nonnull (where);
  g_assert_nonnull (signed_in);

  assert_fails ("", ONBOARD_REPORT_READER_ERROR_EMPTY);
  assert_fails ("\r\n  \n\t\n", ONBOARD_REPORT_READER_ERROR_EMPTY);
  assert_fails ("Dear support, the app does not work. Jo", ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT);
  assert_fails ("GNOME Software support report\nWhere: step 4 of 5", ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT);
  assert_fails ("{\"step\": 4}", ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT);

  /* Cut anywhere before the end of "Signed in": too short to tell. */
  for (const char *cut = text; cut < signed_in + strlen ("Signed in: "); cut++)
    {
      g_autofree char *part = g_strndup (text, cut - text);

      if (strstr (part, "Assembly Onboard support report") == NULL)
        assert_fails (part, part[0] ? ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT
                                    : ONBOARD_REPORT_READER_ERROR_EMPTY);
      else if (cut < where + strlen ("Where: step 5 of 5"))
        {
          /* "Where: step 5 of" cut mid-number reads as another step. */
          g_autoptr(GError) error = NULL;
          g_autoptr(OnboardPracticeScenario) scenario = onboard_report_reader_parse (part, -1, &error);

          g_assert_null (scenario);
          g_assert_true (g_error_matches (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_TRUNCATED) ||
                         g_error_matches (error, ONBOARD_REPORT_READER_ERROR, ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE));
        }
      else
        assert_fails (part, ONBOARD_REPORT_READER_ERROR_TRUNCATED);
    }

  /* Damaged lines. */
  {
    struct {
      const char *from;
      const char *to;
      int         code;
    } cases[] = {
      { "Where: step 5 of 5", "Where: stop 5 of 5", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "Where: step 5 of 5", "Where: step five of 5", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "Where: step 5 of 5", "Where: step 7 of 5", ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE },
      { "Where: step 5 of 5", "Where: step 5 of 6", ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE },
      { "; school ", "; school 12x456 ", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "; MIS arbor", "; MIS capita_sims_9", ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE },
      { ", status authorised", ", status teleported", ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE },
      { ", status authorised", " status authorised", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "; Connection ID", "; Connexion ID", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "Signed in: yes", "Signed in: perhaps", ONBOARD_REPORT_READER_ERROR_DAMAGED },
      { "Signed in: yes", "Signed on: yes", ONBOARD_REPORT_READER_ERROR_TRUNCATED },
      { "Where: ", "Wear: ", ONBOARD_REPORT_READER_ERROR_TRUNCATED },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GString) str = g_string_new (text);
        guint n = g_string_replace (str, cases[i].from, cases[i].to, 1);

        g_assert_cmpuint (n, ==, 1);
        assert_fails (str->str, cases[i].code);
      }
  }

  /* A line cut short: no connection part at all. */
  line = g_strndup (where, strstr (where, "; MIS") - where);
  {
    g_autofree char *cut = g_strdup_printf ("Assembly Onboard support report\n%s\nSigned in: yes\n", line);

    assert_fails (cut, ONBOARD_REPORT_READER_ERROR_TRUNCATED);
  }

  /* Binary junk after the header is damaged, not a crash. */
  {
    static const char junk[] = "Assembly Onboard support report\nWhere: step \xff\xfe 4\x01 of 5\n";

    assert_fails (junk, ONBOARD_REPORT_READER_ERROR_DAMAGED);
  }
}

int
main (int   argc,
      char *argv[])
{
  const char * const *names = onboard_practice_scenario_list_step_names ();

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/onboard/report-reader/step/%s", names[i]);

      g_test_add_data_func (path, names[i], test_report_reader_step);
    }
  g_test_add_func ("/onboard/report-reader/for-step", test_report_reader_for_step);
  g_test_add_func ("/onboard/report-reader/again", test_report_reader_again);
  g_test_add_func ("/onboard/report-reader/last-error", test_report_reader_last_error);
  g_test_add_func ("/onboard/report-reader/invite-error", test_report_reader_invite_error);
  g_test_add_func ("/onboard/report-reader/pasted", test_report_reader_pasted);
  g_test_add_func ("/onboard/report-reader/errors", test_report_reader_errors);

  return g_test_run ();
}
