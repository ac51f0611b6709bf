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
  OnboardSupportReport *report = onboard_support_report_new (self->client, self->progress);
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

  return G_APPLICATION_CLASS (onboard_application_parent_class)->handle_local_options (application, options);
}

/* The assistant's window, whichever window is active: a dialog (the
 * support window, a message, the About window) often is. */
static OnboardWindow *
get_window (OnboardApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (ONBOARD_IS_WINDOW (l->data))
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
onboard_application_activate (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  OnboardWindow *window = get_window (self);

  onboard_startup_mark ("activate");

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

static const GActionEntry app_actions[] = {
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
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
}

static void
onboard_application_shutdown (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);

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
