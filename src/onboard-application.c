/* onboard-application.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "onboard-application.h"
#include "onboard-accessibility.h"
#include "onboard-client-error.h"
#include "onboard-client.h"
#include "onboard-credentials.h"
#include "onboard-practice.h"
#include "onboard-practice-inbox.h"
#include "onboard-practice-progress.h"
#include "onboard-report-reader.h"
#include "onboard-sandbox-scenario.h"
#include "onboard-progress.h"
#include "onboard-school-catalogue.h"
#include "onboard-secrets.h"
#include "onboard-startup.h"
#include "onboard-status-monitor.h"
#include "onboard-support-dialog.h"
#include "onboard-support-report.h"
#include "onboard-window.h"

struct _OnboardApplication
{
  AdwApplication  parent_instance;

  GSettings       *settings;
  char            *api_url;

  OnboardClient   *client;
  OnboardProgress *progress;
  OnboardSchoolCatalogue *catalogue;
  OnboardStatusMonitor *monitor;
  OnboardSecrets  *secrets;
  OnboardCredentials *credentials;
  GCancellable    *cancellable;
  guint            directory_timeout_id;

  /* Practice mode: services of its own, a window of its own; the real
   * window, if any, is hidden meanwhile and shown again as it was. */
  OnboardPractice *practice;
  OnboardWindow   *practice_window;
  GtkWindow       *practice_inbox;
  gboolean         start_in_practice;
  gboolean         leaving_practice;
  guint            real_step;       /* the page the hidden real window showed */
  /* --step or --from-report: "step" or "report", and the step's name or
   * the report's text; NULL: practice from its start. */
  char            *practice_kind;
  char            *practice_value;
  gboolean         practice_preparing;
};

G_DEFINE_FINAL_TYPE (OnboardApplication, onboard_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "api-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use this onboarding service for this run"), N_("URL") },
  { "support-report", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the support report and exit"), NULL },
  { "reset", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Forget where you got to and the saved sign-in, then exit"), NULL },
  { "debug", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Log what the app does (secrets are never logged)"), NULL },
  { "practice", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Practise the whole setup without an account: nothing is sent to Assembly"), NULL },
  { "step", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --practice: open at this step (1 to 5, 2-inbox, 4-inbox or 5-connected)"), N_("STEP") },
  { "from-report", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --practice: open at the step and in the state a caller’s support report shows"), N_("FILE") },
  { NULL }
};

static void sign_in_saved_cb (OnboardApplication *self);

/* The services the windows share; also made for the command-line tasks,
 * which run before startup. */
static void
ensure_services (OnboardApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  const char *api_url;

  if (self->client != NULL)
    return;

  api_url = onboard_application_get_api_url (self);
  self->client = onboard_client_new (api_url);

  /* A damaged progress file is set aside inside load(): the user starts
   * afresh and is told so, rather than the app failing to open. */
  self->progress = onboard_progress_new (api_url);
  if (!onboard_progress_load (self->progress, &error))
    g_message ("Starting afresh: %s", error->message);

  self->secrets = onboard_secrets_new ();
  self->credentials = onboard_credentials_new (self->client, self->progress, self->secrets);
  g_signal_connect_object (self->credentials, "notify::saved",
                           G_CALLBACK (sign_in_saved_cb), self, G_CONNECT_SWAPPED);

  cache_dir = g_build_filename (g_get_user_cache_dir (), PACKAGE_NAME, NULL);
  self->catalogue = onboard_school_catalogue_new (self->client, cache_dir);
}

static void
task_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Command-line tasks run their async work to the end on a private loop. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* The report, with the versions of the user interface libraries that the
 * support layer below does not link. */
static OnboardSupportReport *
new_support_report (OnboardApplication *self)
{
  OnboardSupportReport *report = self->practice != NULL
    ? onboard_support_report_new (onboard_practice_get_client (self->practice),
                                  onboard_practice_get_progress (self->practice))
    : onboard_support_report_new (self->client, self->progress);
  g_autofree char *toolkit = g_strdup_printf ("GTK %u.%u.%u, libadwaita %u.%u.%u",
                                              gtk_get_major_version (), gtk_get_minor_version (),
                                              gtk_get_micro_version (), adw_get_major_version (),
                                              adw_get_minor_version (), adw_get_micro_version ());

  onboard_support_report_set_toolkit (report, toolkit);

  return report;
}

static int
print_support_report (OnboardApplication *self)
{
  g_autoptr(OnboardSupportReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *text = NULL;

  ensure_services (self);
  report = new_support_report (self);
  onboard_support_report_check_async (report, NULL, task_done_cb, &result);
  text = onboard_support_report_check_finish (report, wait_for_result (&result), NULL);
  if (text == NULL)
    text = onboard_support_report_dup_text (report);

  g_print ("%s", text);

  return EXIT_SUCCESS;
}

static int
reset (OnboardApplication *self)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) damaged = NULL;
  g_autoptr(GUri) uri = NULL;
  gboolean had_file;
  guint n_damaged;

  ensure_services (self);
  summary = onboard_progress_dup_summary (self->progress);
  uri = g_uri_parse (onboard_client_get_base_url (self->client), G_URI_FLAGS_NONE, NULL);
  had_file = g_file_test (onboard_progress_get_path (self->progress), G_FILE_TEST_EXISTS);
  damaged = onboard_progress_dup_damaged_paths (self->progress);
  n_damaged = g_strv_length (damaged);

  g_print (_("This forgets, for %s:\n"), uri ? g_uri_get_host (uri) : onboard_client_get_base_url (self->client));
  g_print (_("  • where you got to (%s)\n"), summary);
  /* They were set aside because they could not be read, but they still
   * hold the email and the school. */
  if (n_damaged > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "  • %u damaged copy of where you got to, kept for support\n",
                          "  • %u damaged copies of where you got to, kept for support\n",
                          n_damaged),
             n_damaged);
  g_print (_("  • the sign-in kept in this computer’s password store\n"));
  g_print (_("Your Assembly account and your school’s connection are not changed.\n"));

  if (!onboard_progress_reset (self->progress, &error))
    {
      g_printerr (_("Could not forget where you got to: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  if (had_file)
    g_print (_("Removed %s\n"), onboard_progress_get_path (self->progress));
  for (guint i = 0; damaged[i] != NULL; i++)
    g_print (_("Removed %s\n"), damaged[i]);

  onboard_credentials_forget_async (self->credentials, NULL, task_done_cb, &result);
  if (!onboard_credentials_forget_finish (self->credentials, wait_for_result (&result), &error))
    {
      /* Without a keyring nothing was ever kept there: nothing to forget. */
      if (!g_error_matches (error, ONBOARD_SECRETS_ERROR, ONBOARD_SECRETS_ERROR_UNAVAILABLE))
        {
          g_printerr (_("Could not remove the sign-in from the password store: %s\n"), error->message);
          return EXIT_FAILURE;
        }

      g_print (_("This computer has no password store running, so no sign-in was kept in one.\n"));
    }

  g_print (_("Done. Next time the app starts at Step 1.\n"));

  return EXIT_SUCCESS;
}

static int
onboard_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  const char *api_url = NULL;

  onboard_startup_mark ("options");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "api-url", "&s", &api_url))
    {
      g_autoptr(GError) error = NULL;

      if (!onboard_client_check_base_url (api_url, &error))
        {
          g_printerr ("%s: %s\n", PACKAGE_NAME, error->message);
          return EXIT_FAILURE;
        }

      g_free (self->api_url);
      self->api_url = g_strdup (api_url);
    }

  if (g_variant_dict_contains (options, "debug"))
    g_log_set_debug_enabled (TRUE);

  if (g_variant_dict_contains (options, "support-report"))
    return print_support_report (self);

  if (g_variant_dict_contains (options, "reset"))
    return reset (self);

  if ((g_variant_dict_contains (options, "step") || g_variant_dict_contains (options, "from-report")) &&
      !g_variant_dict_contains (options, "practice"))
    {
      g_printerr ("%s\n", _("--step and --from-report open practice mode: add --practice."));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "step") && g_variant_dict_contains (options, "from-report"))
    {
      g_printerr ("%s\n", _("Give either --step or --from-report, not both."));
      return EXIT_FAILURE;
    }

  if (g_variant_dict_contains (options, "practice"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OnboardPracticeScenario) scenario = NULL;
      const char *step = NULL;
      const char *report_path = NULL;

      /* Read what the agent asked for before anything starts, so that a
       * wrong step or an unreadable report is said at once, here. */
      if (g_variant_dict_lookup (options, "step", "&s", &step))
        {
          scenario = onboard_practice_scenario_new_for_step (step, &error);
          if (scenario != NULL)
            {
              self->practice_kind = g_strdup ("step");
              self->practice_value = g_strdup (step);
            }
        }
      else if (g_variant_dict_lookup (options, "from-report", "^&ay", &report_path))
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (report_path);
          g_autofree char *text = NULL;
          gsize length = 0;

          if (g_file_load_contents (file, NULL, &text, &length, NULL, &error))
            scenario = onboard_report_reader_parse (text, length, &error);
          if (scenario != NULL)
            {
              self->practice_kind = g_strdup ("report");
              self->practice_value = g_steal_pointer (&text);
            }
        }

      if (error != NULL)
        {
          g_printerr ("%s: %s\n", PACKAGE_NAME, error->message);
          return EXIT_FAILURE;
        }

      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s: %s\n", PACKAGE_NAME, error->message);
          return EXIT_FAILURE;
        }

      /* Already running: practice opens there. */
      if (g_application_get_is_remote (application))
        {
          if (self->practice_kind != NULL)
            g_action_group_activate_action (G_ACTION_GROUP (application), "practice-at",
                                            g_variant_new ("(ss)", self->practice_kind, self->practice_value));
          else
            g_action_group_activate_action (G_ACTION_GROUP (application), "practice", NULL);
          return EXIT_SUCCESS;
        }

      self->start_in_practice = TRUE;
    }

  return G_APPLICATION_CLASS (onboard_application_parent_class)->handle_local_options (application, options);
}

/* The assistant's window of the real setup, whichever window is active: a
 * dialog (the support window, a message, the About window) often is. The
 * practice window is never it. */
static OnboardWindow *
get_window (OnboardApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (ONBOARD_IS_WINDOW (l->data) && l->data != (gpointer)self->practice_window)
        return ONBOARD_WINDOW (l->data);
    }

  return NULL;
}

static void
tell_user (OnboardApplication *self,
           const char         *heading,
           const char         *body)
{
  OnboardWindow *window = get_window (self);
  GtkWidget *dialog;

  if (window == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_in_saved_cb (OnboardApplication *self)
{
  OnboardWindow *window = get_window (self);

  if (window != NULL)
    onboard_window_set_sign_in_saved (window, onboard_credentials_get_saved (self->credentials));
}

static void
send_back_to_sign_in (OnboardApplication *self,
                      const char         *body)
{
  /* The sign-in form, with the email, not the sign-up form. */
  if (get_window (self) != NULL)
    onboard_window_show_sign_in (get_window (self));
  tell_user (self, _("Sign in to carry on"), body);
}

static void
account_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OnboardApplication) self = user_data;
  g_autoptr(OnboardAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolRegistration *registration;

  account = onboard_client_get_account_finish (ONBOARD_CLIENT (object), result, &error);

  if (error != NULL)
    {
      /* Offline or the service is down: carry on from what was saved; the
       * pages say so when they need the service. */
      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UNAUTHORISED))
        send_back_to_sign_in (self, _("Your sign-in has expired. Sign in with your email and password, and you will carry on from where you were."));
      return;
    }

  registration = onboard_account_get_school_registration (account);

  /* The service is the truth: a school released or registered elsewhere
   * since last time changes where the user stands. */
  if (registration == NULL && onboard_progress_get_registration_id (self->progress) != NULL)
    {
      g_autofree char *phone = onboard_client_error_dup_support_phone ();
      g_autofree char *text = NULL;

      onboard_progress_set_registration_id (self->progress, NULL);
      onboard_progress_set_connector_id (self->progress, NULL);
      onboard_progress_set_connector_status (self->progress, NULL);
      if (get_window (self) != NULL)
        onboard_window_resume (get_window (self));
      text = g_strdup_printf (_("Assembly no longer has a school registered for your account. Choose your school again to carry on; if you did not expect this, call Assembly support on %s."),
                              phone);
      tell_user (self, _("Choose Your School Again"), text);
    }
  else if (registration != NULL &&
           g_strcmp0 (onboard_progress_get_connector_id (self->progress),
                      onboard_school_registration_get_connector_id (registration)) != 0)
    {
      onboard_progress_set_school_urn (self->progress, onboard_school_registration_get_urn (registration));
      onboard_progress_set_school_name (self->progress, onboard_school_registration_get_school_name (registration));
      onboard_progress_set_registration_id (self->progress, onboard_school_registration_get_id (registration));
      onboard_progress_set_connector_id (self->progress, onboard_school_registration_get_connector_id (registration));
      if (get_window (self) != NULL)
        onboard_window_resume (get_window (self));
    }
}

static void
credentials_restored_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(OnboardApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean restored;

  restored = onboard_credentials_restore_finish (ONBOARD_CREDENTIALS (object), result, &error);
  onboard_startup_mark ("keyring-answered");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Past Step 2 the pages need a signed-in client. */
  if (onboard_progress_get_step (self->progress) < 3)
    return;

  if (!restored)
    {
      send_back_to_sign_in (self,
                            error != NULL
                            ? _("This computer’s password store could not give back your sign-in. Sign in with your email and password, and you will carry on from where you were.")
                            : _("Sign in with your email and password, and you will carry on from where you were."));
      return;
    }

  /* Check with the service before trusting what was saved days ago. */
  onboard_client_get_account_async (self->client, self->cancellable,
                                    account_checked_cb, g_object_ref (self));
}

/* Fetch the school list while the user reads Steps 1 and 2, but only
 * once the window is on the screen: reading and parsing 50,000 schools
 * would otherwise take the time of the first frame. */
static void
load_directory (OnboardApplication *self)
{
  g_clear_handle_id (&self->directory_timeout_id, g_source_remove);
  onboard_school_catalogue_load (self->catalogue);
  onboard_startup_mark ("directory-asked");
}

static void
window_painted_cb (GdkFrameClock      *clock,
                   OnboardApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, window_painted_cb, self);

  if (self->directory_timeout_id != 0)
    load_directory (self);
}

static void
window_realized_cb (OnboardApplication *self,
                    GtkWidget          *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (window_painted_cb), self, 0);
}

static gboolean
directory_timeout_cb (gpointer user_data)
{
  OnboardApplication *self = user_data;

  self->directory_timeout_id = 0;
  load_directory (self);

  return G_SOURCE_REMOVE;
}

static void
load_directory_after_first_frame (OnboardApplication *self,
                                  OnboardWindow      *window)
{
  if (self->directory_timeout_id != 0)
    return;

  /* After the window's first frame; and in any case within a second, for
   * a window that is not painted (minimised at start, say). */
  self->directory_timeout_id = g_timeout_add_seconds (1, directory_timeout_cb, self);
  g_signal_connect_object (window, "realize", G_CALLBACK (window_realized_cb), self, G_CONNECT_SWAPPED);
}

static void
practice_failed (OnboardApplication *self,
                 const GError       *error)
{
  g_printerr ("%s: %s\n", PACKAGE_NAME, error->message);
  tell_user (self, _("Practice Could Not Start"), error->message);
}

static void
practice_scenario_applied_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  OnboardApplication *self = user_data;
  g_autoptr(OnboardPractice) practice = g_object_steal_data (G_OBJECT (self), "onboard-practice-preparing");
  g_autoptr(OnboardPracticeSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  self->practice_preparing = FALSE;
  setup = onboard_sandbox_scenario_apply_finish (ONBOARD_SANDBOX (object), result, &error);
  if (setup == NULL)
    practice_failed (self, error);
  else
    {
      /* The practice's own progress, client and (in-memory) credentials
       * take the state as if the user had done the steps up to there. */
      onboard_practice_progress_apply (onboard_practice_get_progress (practice), setup);
      if (setup->scenario->signed_in)
        onboard_client_set_tokens (onboard_practice_get_client (practice),
                                   setup->access_token, setup->refresh_token);
      else if (setup->signup_token != NULL &&
               onboard_practice_scenario_get_wait (setup->scenario) == ONBOARD_PRACTICE_WAIT_ACTIVATION)
        onboard_credentials_keep_signup_token (onboard_practice_get_credentials (practice),
                                               setup->signup_token);
      if (g_log_get_debug_enabled ())
        {
          g_autofree char *where = onboard_practice_scenario_to_string (setup->scenario);

          g_debug ("Practice opens at %s", where);
        }
      onboard_application_start_practice (self, practice);
    }

  g_application_release (G_APPLICATION (self));
  g_object_unref (self);
}

/* Practice at a step, or where a caller's report says they are: a new
 * practice service is put into that state first. */
static void
start_practice_at (OnboardApplication *self,
                   const char         *kind,
                   const char         *value)
{
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_autoptr(OnboardSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  OnboardPractice *practice;

  if (self->practice_preparing)
    return;

  if (g_strcmp0 (kind, "step") == 0)
    scenario = onboard_practice_scenario_new_for_step (value, &error);
  else
    scenario = onboard_report_reader_parse (value, -1, &error);

  if (scenario != NULL)
    sandbox = onboard_practice_new_sandbox (&error);

  if (sandbox == NULL)
    {
      practice_failed (self, error);
      return;
    }

  /* A practice already open makes way for the one asked for. */
  if (self->practice_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->practice_window));

  practice = onboard_practice_new_for_sandbox (sandbox);
  g_object_set_data_full (G_OBJECT (self), "onboard-practice-preparing", practice, g_object_unref);
  self->practice_preparing = TRUE;
  g_application_hold (G_APPLICATION (self));
  onboard_sandbox_scenario_apply_async (sandbox, scenario, NULL, practice_scenario_applied_cb,
                                        g_object_ref (self));
}

static void
onboard_application_activate (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  OnboardWindow *window = get_window (self);

  onboard_startup_mark ("activate");

  if (self->start_in_practice)
    {
      g_autofree char *kind = g_steal_pointer (&self->practice_kind);
      g_autofree char *value = g_steal_pointer (&self->practice_value);

      self->start_in_practice = FALSE;
      if (kind != NULL)
        start_practice_at (self, kind, value);
      else
        onboard_application_start_practice (self, NULL);
      return;
    }

  /* Practising: that is the window to show. */
  if (self->practice_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->practice_window));
      return;
    }

  if (window == NULL)
    {
      window = onboard_window_new (ADW_APPLICATION (application),
                                   self->client,
                                   self->progress,
                                   self->catalogue,
                                   self->monitor,
                                   self->credentials);
      sign_in_saved_cb (self);

      onboard_startup_mark ("window-built");

      if (!onboard_client_get_signed_in (self->client))
        onboard_credentials_restore_async (self->credentials, self->cancellable,
                                           credentials_restored_cb, g_object_ref (self));
      onboard_startup_mark ("keyring-asked");
      load_directory_after_first_frame (self, window);
    }

  gtk_window_present (GTK_WINDOW (window));
  onboard_startup_mark ("presented");

  if (onboard_progress_get_recovery_message (self->progress) != NULL)
    tell_user (self, _("Starting Afresh"), onboard_progress_get_recovery_message (self->progress));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  OnboardApplication *self = user_data;
  OnboardWindow *window = get_window (self);

  /* Through the window, so that unsaved input is asked about first. */
  if (window != NULL)
    onboard_window_request_close (window);
  else
    g_application_quit (G_APPLICATION (self));
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  OnboardApplication *self = user_data;
  g_autofree char *help_url = g_settings_get_string (self->settings, "help-url");

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)),
                help_url, GDK_CURRENT_TIME);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  OnboardApplication *self = user_data;
  g_autofree char *help_url = g_settings_get_string (self->settings, "help-url");
  g_autofree char *debug_info = onboard_application_dup_debug_info (self);
  static const char *developers[] = { "Assembly Education Ltd", NULL };
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Assembly Onboard"),
                        "application-icon", APP_ID,
                        "developer-name", "Assembly Education Ltd",
                        "version", PACKAGE_VERSION,
                        "website", help_url,
                        "support-url", help_url,
                        "copyright", "© 2026 Assembly Education Ltd",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "debug-info", debug_info,
                        "debug-info-filename", "assembly-onboard-debug-info.txt",
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* Practice mode's school list. */
  adw_about_window_add_legal_section (about,
                                      _("School list used in practice"),
                                      _("Contains public sector information licensed under the Open Government Licence v3.0: Department for Education, Get Information About Schools, July 2022."),
                                      GTK_LICENSE_CUSTOM,
                                      "<a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">Open Government Licence v3.0</a>");
  gtk_window_present (GTK_WINDOW (about));
}

static void
support_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  OnboardApplication *self = user_data;
  g_autoptr(OnboardSupportReport) report = new_support_report (self);
  OnboardSupportDialog *dialog;

  dialog = onboard_support_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), report);
  /* Attached to the application, so its Help site row reaches app.help. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Practice */

static void
sync_practice_actions (OnboardApplication *self)
{
  GAction *action;
  gboolean practising = self->practice != NULL;

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "practice");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !practising);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "leave-practice");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), practising);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "practice-inbox");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), practising);
}

/* As connector_status_changed_cb(), for practice's own progress. */
static void
practice_status_changed_cb (OnboardApplication *self,
                            OnboardConnector   *connector)
{
  OnboardProgress *progress;

  if (self->practice == NULL)
    return;

  progress = onboard_practice_get_progress (self->practice);
  if (g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (progress)) == 0)
    {
      g_autofree char *status = onboard_connector_dup_status_text (connector);

      onboard_progress_set_connector_status (progress, status);
    }
}

/* Stops the practice service and forgets everything practice kept in
 * memory (its sign-in with it). */
static void
end_practice (OnboardApplication *self)
{
  if (self->practice_inbox != NULL)
    gtk_window_destroy (self->practice_inbox);

  if (self->practice_window != NULL)
    {
      OnboardWindow *window = g_steal_pointer (&self->practice_window);

      g_signal_handlers_disconnect_by_data (window, self);
      gtk_window_destroy (GTK_WINDOW (window));
    }

  if (self->practice != NULL)
    {
      OnboardProgress *progress = onboard_practice_get_progress (self->practice);
      g_autoptr(GError) error = NULL;

      if (!onboard_progress_save_sync (progress, &error))
        g_debug ("Could not save practice progress: %s", error->message);
      g_clear_object (&self->practice);
    }

  sync_practice_actions (self);
}

/* The practice window is gone: by Leave Practice, or closed. Either way
 * the real setup comes back as it was, if there is one to come back to. */
static void
practice_window_destroyed_cb (OnboardApplication *self)
{
  OnboardWindow *window;
  gboolean leaving = self->leaving_practice;

  self->practice_window = NULL;
  self->leaving_practice = FALSE;
  end_practice (self);

  window = get_window (self);
  if (window != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
      /* GtkAssistant forgets its page when hidden: the one it showed. */
      if (self->real_step != 0)
        onboard_window_go_to_step (window, self->real_step);
      gtk_window_present (GTK_WINDOW (window));
    }
  else if (leaving)
    g_application_activate (G_APPLICATION (self));
}

/**
 * onboard_application_start_practice:
 * @practice: (nullable): a practice prepared by the caller (its server
 *   running and in some state, its progress to match), or %NULL for a
 *   new one from the start
 *
 * Opens practice mode: the whole setup against the reference service
 * run in this process on a loopback port, in a window of its own with a
 * banner on every page. The real window, if any, is hidden until the user
 * leaves practice, and nothing of the real setup (its progress file, its
 * sign-in in the keyring) is read or written meanwhile.
 *
 * Returns: %FALSE if the practice service could not start (the user is
 *   told why)
 */
gboolean
onboard_application_start_practice (OnboardApplication *self,
                                    OnboardPractice    *practice)
{
  g_autoptr(OnboardPractice) owned = NULL;
  OnboardWindow *real_window;

  g_return_val_if_fail (ONBOARD_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (practice == NULL || ONBOARD_IS_PRACTICE (practice), FALSE);

  if (self->practice_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->practice_window));
      return TRUE;
    }

  if (practice == NULL)
    {
      g_autoptr(GError) error = NULL;

      owned = onboard_practice_new (&error);
      if (owned == NULL)
        {
          g_warning ("Could not start the practice service: %s", error->message);
          tell_user (self, _("Practice Could Not Start"), error->message);
          return FALSE;
        }
      practice = owned;
    }

  onboard_startup_mark ("practice-service");
  self->practice = g_object_ref (practice);
  g_signal_connect_object (onboard_practice_get_monitor (practice), "status-changed",
                           G_CALLBACK (practice_status_changed_cb), self, G_CONNECT_SWAPPED);

  self->practice_window = onboard_window_new (ADW_APPLICATION (self),
                                              onboard_practice_get_client (practice),
                                              onboard_practice_get_progress (practice),
                                              onboard_practice_get_catalogue (practice),
                                              onboard_practice_get_monitor (practice),
                                              onboard_practice_get_credentials (practice));
  onboard_window_set_practice (self->practice_window, TRUE);
  g_signal_connect_swapped (self->practice_window, "destroy",
                            G_CALLBACK (practice_window_destroyed_cb), self);
  sync_practice_actions (self);

  real_window = get_window (self);
  self->real_step = 0;
  if (real_window != NULL)
    {
      OnboardPage *page = onboard_window_get_current_page (real_window);

      self->real_step = page != NULL ? onboard_page_get_step (page) : 0;
      gtk_widget_set_visible (GTK_WIDGET (real_window), FALSE);
    }

  gtk_window_present (GTK_WINDOW (self->practice_window));
  onboard_school_catalogue_load (onboard_practice_get_catalogue (practice));

  return TRUE;
}

/**
 * onboard_application_leave_practice:
 *
 * Closes practice and shows the real setup where the user left it.
 */
void
onboard_application_leave_practice (OnboardApplication *self)
{
  g_return_if_fail (ONBOARD_IS_APPLICATION (self));

  if (self->practice_window == NULL)
    return;

  self->leaving_practice = TRUE;
  gtk_window_destroy (GTK_WINDOW (self->practice_window));
}

/**
 * onboard_application_get_practice:
 *
 * Returns: (transfer none) (nullable): the practice running, if any
 */
OnboardPractice *
onboard_application_get_practice (OnboardApplication *self)
{
  g_return_val_if_fail (ONBOARD_IS_APPLICATION (self), NULL);

  return self->practice;
}

static void
practice_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  onboard_application_start_practice (ONBOARD_APPLICATION (user_data), NULL);
}

static void
leave_practice_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  onboard_application_leave_practice (ONBOARD_APPLICATION (user_data));
}

static void
practice_inbox_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OnboardApplication *self = user_data;

  if (self->practice == NULL)
    return;

  if (self->practice_inbox == NULL)
    {
      self->practice_inbox = GTK_WINDOW (onboard_practice_inbox_new (GTK_WINDOW (self->practice_window),
                                                                    self->practice));
      g_object_add_weak_pointer (G_OBJECT (self->practice_inbox), (gpointer *)&self->practice_inbox);
      gtk_window_set_application (self->practice_inbox, GTK_APPLICATION (self));
    }

  gtk_window_present (self->practice_inbox);
}

static void
practice_at_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  const char *kind, *value;

  g_variant_get (parameter, "(&s&s)", &kind, &value);
  start_practice_at (ONBOARD_APPLICATION (user_data), kind, value);
}

static const GActionEntry app_actions[] = {
  { "practice", practice_action },
  { "practice-at", practice_at_action, "(ss)" },
  { "leave-practice", leave_practice_action },
  { "practice-inbox", practice_inbox_action },
  { "quit", quit_action },
  { "support", support_action },
  { "help", help_action },
  { "about", about_action },
};

/* The one place the connector's status reaches the progress file, so a
 * restart shows the last state known. */
static void
connector_status_changed_cb (OnboardApplication *self,
                             OnboardConnector   *connector)
{
  /* Escaped and cut: the service may send any string at all. */
  if (g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (self->progress)) == 0)
    {
      g_autofree char *status = onboard_connector_dup_status_text (connector);

      onboard_progress_set_connector_status (self->progress, status);
    }
}

static void
catalogue_state_marked_cb (OnboardApplication *self)
{
  switch (onboard_school_catalogue_get_state (self->catalogue))
    {
    case ONBOARD_SCHOOL_CATALOGUE_READY:
      onboard_startup_mark ("directory-ready");
      break;
    case ONBOARD_SCHOOL_CATALOGUE_FAILED:
      onboard_startup_mark ("directory-failed");
      break;
    case ONBOARD_SCHOOL_CATALOGUE_EMPTY:
    case ONBOARD_SCHOOL_CATALOGUE_LOADING:
    default:
      break;
    }
}

static void
onboard_application_startup (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };

  /* Registered on the session bus: GApplication emits startup once it
   * holds the name. */
  onboard_startup_mark ("registered");

  /* GtkApplication's startup would do this first; here, so that its time
   * (the display, GTK's settings) is told apart from libadwaita's. */
  gtk_init ();
  onboard_startup_mark ("gtk-init");

  G_APPLICATION_CLASS (onboard_application_parent_class)->startup (application);
  onboard_startup_mark ("adwaita-style");

  onboard_accessibility_install ();

  ensure_services (self);
  onboard_startup_mark ("services");
  if (onboard_startup_get_enabled ())
    g_signal_connect_object (self->catalogue, "notify::state",
                             G_CALLBACK (catalogue_state_marked_cb), self, G_CONNECT_SWAPPED);

  /* Steps 4 and 5 say what to watch; nothing is polled before. */
  self->monitor = onboard_status_monitor_new (self->client, NULL);
  g_signal_connect_object (self->monitor, "status-changed",
                           G_CALLBACK (connector_status_changed_cb), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  sync_practice_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
}

static void
onboard_application_shutdown (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);

  end_practice (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->directory_timeout_id, g_source_remove);

  if (self->progress != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!onboard_progress_save_sync (self->progress, &error))
        g_warning ("Could not save where you got to: %s", error->message);
    }

  G_APPLICATION_CLASS (onboard_application_parent_class)->shutdown (application);
}

static void
onboard_application_finalize (GObject *object)
{
  OnboardApplication *self = (OnboardApplication *)object;

  g_clear_pointer (&self->practice_kind, g_free);
  g_clear_pointer (&self->practice_value, g_free);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_object (&self->progress);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->monitor);
  g_clear_object (&self->credentials);
  g_clear_object (&self->secrets);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->api_url, g_free);

  G_OBJECT_CLASS (onboard_application_parent_class)->finalize (object);
}

static void
onboard_application_class_init (OnboardApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = onboard_application_finalize;

  app_class->handle_local_options = onboard_application_handle_local_options;
  app_class->startup = onboard_application_startup;
  app_class->activate = onboard_application_activate;
  app_class->shutdown = onboard_application_shutdown;
}

static void
onboard_application_init (OnboardApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Connect your school’s MIS to Assembly."));
}

OnboardApplication *
onboard_application_new (void)
{
  return g_object_new (ONBOARD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/assembly/Onboard",
                       NULL);
}

/**
 * onboard_application_get_api_url:
 *
 * Returns: the onboarding service for this run: `--api-url` when given,
 *   else the `api-base-url` setting.
 */
const char *
onboard_application_get_api_url (OnboardApplication *self)
{
  g_return_val_if_fail (ONBOARD_IS_APPLICATION (self), NULL);

  if (self->api_url == NULL)
    self->api_url = g_settings_get_string (self->settings, "api-base-url");

  return self->api_url;
}

/**
 * onboard_application_dup_debug_info:
 *
 * Returns: the versions of everything the app runs on, for the About
 *   window and for support. Never holds a secret.
 */
char *
onboard_application_dup_debug_info (OnboardApplication *self)
{
  g_autoptr(OnboardSupportReport) report = NULL;

  g_return_val_if_fail (ONBOARD_IS_APPLICATION (self), NULL);

  /* The same text as the support report, so support asks for one thing. */
  ensure_services (self);
  report = new_support_report (self);

  return onboard_support_report_dup_text (report);
}
