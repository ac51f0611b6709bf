/* onboard-application.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "onboard-application.h"
#include "onboard-client.h"
#include "onboard-progress.h"
#include "onboard-school-catalogue.h"
#include "onboard-status-monitor.h"
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
};

G_DEFINE_FINAL_TYPE (OnboardApplication, onboard_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "api-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use this onboarding service for this run"), N_("URL") },
  { NULL }
};

static int
onboard_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  const char *api_url = NULL;

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

  return G_APPLICATION_CLASS (onboard_application_parent_class)->handle_local_options (application, options);
}

static void
onboard_application_activate (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (onboard_window_new (ADW_APPLICATION (application),
                                             self->client,
                                             self->progress,
                                             self->catalogue,
                                             self->monitor));

  gtk_window_present (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  OnboardApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Through the window, so that unsaved input is asked about first. */
  if (ONBOARD_IS_WINDOW (window))
    onboard_window_request_close (ONBOARD_WINDOW (window));
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

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "help", help_action },
  { "about", about_action },
};

/* The one place the connector's status reaches the progress file, so a
 * restart shows the last state known. */
static void
connector_status_changed_cb (OnboardApplication *self,
                             OnboardConnector   *connector)
{
  if (g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (self->progress)) == 0)
    onboard_progress_set_connector_status (self->progress, onboard_connector_get_status_string (connector));
}

static void
onboard_application_startup (GApplication *application)
{
  OnboardApplication *self = ONBOARD_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };

  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  const char *api_url = onboard_application_get_api_url (self);

  G_APPLICATION_CLASS (onboard_application_parent_class)->startup (application);

  self->client = onboard_client_new (api_url);

  /* A damaged progress file is set aside inside load(): the user starts
   * afresh and is told so, rather than the app failing to open. */
  self->progress = onboard_progress_new (api_url);
  if (!onboard_progress_load (self->progress, &error))
    g_message ("Starting afresh: %s", error->message);

  /* Fetch the school list now, while the user reads Steps 1 and 2. */
  cache_dir = g_build_filename (g_get_user_cache_dir (), PACKAGE_NAME, NULL);
  self->catalogue = onboard_school_catalogue_new (self->client, cache_dir);
  onboard_school_catalogue_load (self->catalogue);

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
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (ONBOARD_IS_APPLICATION (self), NULL);

  g_string_append_printf (str, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
  g_string_append_printf (str, "Flatpak: %s\n",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");
  g_string_append (str, "\nLibraries (running):\n");
  g_string_append_printf (str, "GLib %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  g_string_append_printf (str, "GTK %u.%u.%u\n", gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version ());
  g_string_append_printf (str, "libadwaita %u.%u.%u\n", adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());
  g_string_append_printf (str, "libsoup %u.%u.%u\n", soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version ());
  /* json-glib and libsecret have no run-time version call: these are the
   * versions the app was built against. */
  g_string_append_printf (str, "json-glib %d.%d.%d (built with)\n", JSON_MAJOR_VERSION, JSON_MINOR_VERSION, JSON_MICRO_VERSION);
  g_string_append_printf (str, "libsecret %d.%d.%d (built with)\n", SECRET_MAJOR_VERSION, SECRET_MINOR_VERSION, SECRET_MICRO_VERSION);
  g_string_append_printf (str, "\nService: %s\n", onboard_application_get_api_url (self));

  return g_string_free (str, FALSE);
}
