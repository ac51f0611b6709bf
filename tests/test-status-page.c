/* test-status-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-connector-page.h"
#include "onboard-error-banner.h"
#include "onboard-sandbox.h"
#include "onboard-school-catalogue.h"
#include "onboard-status-page.h"
#include "onboard-status-view.h"
#include "onboard-support-report.h"
#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"
#include "onboard-window.h"

/* Step 5 as the office worker meets it, against the reference server in
 * this process: every state of the contract in words, with its action; when
 * it was last checked; the desktop notification when the connection goes
 * live in the background, caught by a notification server this test runs
 * on its own session bus; and the whole way from Grant Access to
 * connected in the real window.
 */

#define EMAIL    "office@oakfield.sch.uk"
#define PASSWORD "violet-harbour-lantern-58"
#define URN      "100000"
#define SCHOOL   "The Aldgate School"

/* A desktop notification server (org.gtk.Notifications), to see what the
 * app sends. */

typedef struct
{
  char *id;
  char *title;
  char *body;
} Notification;

static void
notification_free (gpointer data)
{
  Notification *notification = data;

  g_free (notification->id);
  g_free (notification->title);
  g_free (notification->body);
  g_free (notification);
}

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static GPtrArray *notifications;

static void
notifications_method_call (GDBusConnection       *connection,
                           const char            *sender,
                           const char            *object_path,
                           const char            *interface_name,
                           const char            *method_name,
                           GVariant              *parameters,
                           GDBusMethodInvocation *invocation,
                           gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      Notification *notification = g_new0 (Notification, 1);
      g_autoptr(GVariant) properties = NULL;

      g_variant_get (parameters, "(ss@a{sv})", NULL, &notification->id, &properties);
      g_variant_lookup (properties, "title", "s", &notification->title);
      g_variant_lookup (properties, "body", "s", &notification->body);
      g_ptr_array_add (notifications, notification);
    }

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable notifications_vtable = {
  notifications_method_call,
  NULL,
  NULL,
};

/* Fixture ---------------------------------------------------------------- */

typedef struct
{
  OnboardSandbox         *sandbox;
  OnboardClient          *client;
  OnboardProgress        *progress;
  OnboardTestNetworkMonitor     *network;
  OnboardStatusMonitor   *monitor;
  GtkWindow              *window;
  GtkWindow              *other_window;
  OnboardPage            *page;
  OnboardWindow          *wizard;
  gboolean                had_wizard;
  OnboardSchoolCatalogue *catalogue;
  char                   *connector_id;
} Fixture;

static char *test_root;
static AdwApplication *application;

static OnboardStatusView *
status_view (Fixture *fixture)
{
  return ONBOARD_STATUS_VIEW (find_widget (GTK_WIDGET (fixture->page), ONBOARD_TYPE_STATUS_VIEW, NULL, NULL));
}

static const char *
title (Fixture *fixture)
{
  return onboard_status_view_get_title (status_view (fixture));
}

static GtkWidget *
button_for (Fixture    *fixture,
            const char *action)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_BUTTON, has_action, action);

  g_assert_nonnull (widget);

  return widget;
}

/* The page's action buttons the user can see, by action, in order. */
static char *
visible_actions (Fixture *fixture)
{
  const char * const actions[] = { "status.resend", "status.open-web", "status.call-support" };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) visible = NULL;
  GtkWidget *back_hint;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = button_for (fixture, actions[i]);

      if (gtk_widget_get_visible (button))
        g_strv_builder_add (builder, gtk_button_get_label (GTK_BUTTON (button)));
    }

  /* Grant Access is Step 4's: the page says to go Back to it. */
  back_hint = find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, label_contains, "press Back, then Grant Access");
  g_assert_nonnull (back_hint);
  if (gtk_widget_get_visible (back_hint))
    g_strv_builder_add (builder, "Back to Grant Access");

  visible = g_strv_builder_end (builder);
  return g_strjoinv (", ", visible);
}

/* Step 5 in a window of its own, standing in for the wizard's. */
static void
show_page (Fixture  *fixture,
           gboolean  focused)
{
  fixture->page = g_object_ref_sink (onboard_status_page_new (fixture->client, fixture->progress, fixture->monitor));
  /* The window numbers its pages; alone, the page is given its step. */
  onboard_page_set_step (fixture->page, ONBOARD_STEP_CHECK_CONNECTION);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 1000);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);


  gtk_window_present (fixture->window);
  onboard_page_shown (fixture->page);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
  wait_until (gtk_window_is_active (fixture->window));

  if (!focused)
    {
      /* The user is busy in another window. */
      fixture->other_window = GTK_WINDOW (gtk_window_new ());
      gtk_window_present (fixture->other_window);
      wait_until (!gtk_window_is_active (fixture->window));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "edubasealldata-sample.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (notifications, 0);

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_set_poll_interval (fixture->sandbox, 1);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_grant_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 100000);
  onboard_sandbox_set_first_sync_delay (fixture->sandbox, 100000);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->progress = onboard_progress_new (onboard_sandbox_get_base_url (fixture->sandbox));
  fixture->network = onboard_test_network_monitor_new ();
  fixture->monitor = onboard_status_monitor_new (fixture->client, G_NETWORK_MONITOR (fixture->network));

  fixture->connector_id = sign_in_and_register (fixture->sandbox, fixture->client, fixture->progress,
                                                EMAIL, PASSWORD, URN, 5);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->other_window != NULL)
    gtk_window_destroy (fixture->other_window);
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  if (fixture->wizard != NULL || fixture->had_wizard)
    {
      if (fixture->wizard != NULL)
        {
          g_object_add_weak_pointer (G_OBJECT (fixture->wizard), (gpointer *)&fixture->wizard);
          gtk_window_destroy (GTK_WINDOW (fixture->wizard));
          wait_until (fixture->wizard == NULL);
        }

      /* The window closed, so nothing is watched any more. */
      g_assert_null (onboard_status_monitor_get_connector_id (fixture->monitor));
      g_assert_null (g_main_context_find_source_by_user_data (NULL, fixture->monitor));

      /* GTK 4.8's GtkAssistant never lets go of its pages, and so of what
       * they hold (the monitor, the client, the progress): only the
       * window's own end can be checked here. */
      g_clear_object (&fixture->catalogue);
      onboard_progress_save_sync (fixture->progress, &error);
      g_assert_no_error (error);
      g_clear_object (&fixture->monitor);
      g_clear_object (&fixture->network);
      g_clear_object (&fixture->progress);
      g_clear_object (&fixture->client);
      g_clear_object (&fixture->sandbox);
      g_clear_pointer (&fixture->connector_id, g_free);
      return;
    }

  if (fixture->page != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);
      g_object_unref (fixture->page);
      wait_until (fixture->page == NULL);
    }

  onboard_status_monitor_stop (fixture->monitor);
  iterate_for (50);
  finalize_soon (fixture->monitor);
  finalize_soon (fixture->network);

  onboard_progress_save_sync (fixture->progress, &error);
  g_assert_no_error (error);
  finalize_soon (fixture->progress);
  finalize_soon (fixture->client);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->connector_id, g_free);
}

static void
event (Fixture    *fixture,
       const char *name)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_connector_event (fixture->sandbox, fixture->connector_id, name, &error);
  g_assert_no_error (error);
}

static void
authorise (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_authorise_connector (fixture->sandbox, fixture->connector_id, NULL, &error);
  g_assert_no_error (error);
}

/* Grant Access as Step 4 does: the answer goes to the monitor. */
static void
grant_access (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardConnector) granted = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_grant_access_async (fixture->client, fixture->connector_id, NULL, NULL, TRUE, NULL,
                                     NULL, store_result, &result);
  wait_until (result != NULL);
  granted = onboard_client_grant_access_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  onboard_status_monitor_update (fixture->monitor, granted);
}

static gboolean
monitor_status_is (Fixture    *fixture,
                   const char *status)
{
  OnboardConnector *connector = onboard_status_monitor_get_connector (fixture->monitor);

  return connector != NULL && g_strcmp0 (onboard_connector_get_status_string (connector), status) == 0;
}

/* Tests ------------------------------------------------------------------ */

typedef struct
{
  const char *status;
  const char *title;
  const char *actions;
} Expected;

static void
expect (Fixture        *fixture,
        const Expected *expected,
        GPtrArray      *titles)
{
  g_autofree char *actions = NULL;

  wait_until (monitor_status_is (fixture, expected->status));

  if (g_strcmp0 (title (fixture), expected->title) != 0 &&
      !(expected->title[0] == '*' && strstr (title (fixture), expected->title + 1) != NULL))
    g_error ("In %s, Step 5 says “%s”; expected “%s”", expected->status, title (fixture), expected->title);

  actions = visible_actions (fixture);
  if (g_strcmp0 (actions, expected->actions) != 0)
    g_error ("In %s, Step 5 offers “%s”; expected “%s”", expected->status, actions, expected->actions);

  /* Finish, whatever the state: the connection carries on without the
   * wizard. */
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, "_Finish");
  g_assert_true (onboard_page_get_primary_sensitive (fixture->page));

  /* What it means and what happens next are always said. */
  g_assert_cmpstr (onboard_status_view_get_description (status_view (fixture)), !=, "");
  g_assert_cmpstr (onboard_status_view_get_next_step (status_view (fixture)), !=, "");

  g_ptr_array_add (titles, g_strdup (title (fixture)));
}

static void
test_every_state (Fixture       *fixture,
                  gconstpointer  data)
{
  static const Expected states[] = {
    { "not_configured", "Access has not been granted yet", "_Open in Assembly, Back to Grant Access" },
    { "invitation_sent", "Groupcall’s email is on its way", "_Resend Email, _Open in Assembly" },
    { "awaiting_authorisation", "Waiting for someone to click Begin Authorisation", "_Resend Email, _Open in Assembly" },
    { "authorisation_paused", "Authorisation is paused while your school chooses what to share", "_Resend Email, _Open in Assembly" },
    { "authorised", "Groupcall has confirmed the authorisation", "_Open in Assembly" },
    { "syncing", "The first data transfer is running", "_Open in Assembly" },
    { "connected", "Your school is connected to Assembly", "_Open in Assembly" },
    { "sync_error", "The last data transfer failed", "_Open in Assembly, _Call Support" },
    { "revoked", "Access was withdrawn in Groupcall", "_Open in Assembly, Back to Grant Access" },
    { "invitation_failed", "Groupcall refused the request", "_Open in Assembly, Back to Grant Access" },
    { "teleporting", "*“teleporting”", "_Call Support" },
  };
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  OnboardStatusView *view;

  show_page (fixture, TRUE);
  view = status_view (fixture);
  g_assert_cmpstr (onboard_page_get_title (fixture->page), ==, "Checking the Connection has been Configured");

  expect (fixture, &states[0], titles);

  grant_access (fixture);
  expect (fixture, &states[1], titles);
  g_assert_nonnull (strstr (onboard_status_view_get_description (view), "o***@oakfield.sch.uk"));

  event (fixture, "pause");
  event (fixture, "resume");
  expect (fixture, &states[2], titles);

  event (fixture, "pause");
  expect (fixture, &states[3], titles);

  authorise (fixture);
  expect (fixture, &states[4], titles);
  g_assert_nonnull (strstr (onboard_status_view_get_next_step (view), "first data transfer"));
  g_assert_cmpstr (onboard_status_view_get_last_sync_text (view), ==, "None yet");

  event (fixture, "sync_started");
  expect (fixture, &states[5], titles);

  event (fixture, "sync_succeeded");
  expect (fixture, &states[6], titles);
  g_assert_true (g_str_has_suffix (onboard_status_view_get_last_sync_text (view), ": succeeded"));
  g_assert_nonnull (strstr (onboard_status_view_get_next_step (view), "at about 03:00"));

  event (fixture, "sync_failed");
  expect (fixture, &states[7], titles);
  g_assert_nonnull (strstr (onboard_status_view_get_description (view), "could not reach your MIS"));
  g_assert_nonnull (strstr (onboard_status_view_get_next_step (view), "020 8506 6100"));

  event (fixture, "revoke");
  expect (fixture, &states[8], titles);

  grant_access (fixture);
  event (fixture, "groupcall_reject");
  expect (fixture, &states[9], titles);

  /* A newer service with a state this version does not know. */
  add_fault_printf (fixture->sandbox,
                    "{\"path\":\"/connectors/%s\",\"status\":200,\"body\":"
                    "\"{\\\"object\\\":\\\"connector\\\",\\\"id\\\":\\\"%s\\\","
                    "\\\"status\\\":\\\"teleporting\\\",\\\"poll_interval_seconds\\\":1}\"}",
                    fixture->connector_id, fixture->connector_id);
  expect (fixture, &states[10], titles);

  /* One sentence is enough for support to know which state it is. */
  for (guint i = 0; i < titles->len; i++)
    for (guint j = i + 1; j < titles->len; j++)
      g_assert_cmpstr (g_ptr_array_index (titles, i), !=, g_ptr_array_index (titles, j));

  /* Only the support reference is called a reference: the connector's id
   * is the Connection ID, in what the user copies for support. */
  g_assert_null (find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_PREFERENCES_ROW, row_has_title, "Reference"));
  {
    g_autofree char *text = onboard_status_page_dup_support_text (ONBOARD_STATUS_PAGE (fixture->page));
    g_autofree char *expected = g_strdup_printf ("Connection ID: %s", fixture->connector_id);

    g_assert_nonnull (strstr (text, expected));
    g_assert_null (strstr (text, "Reference"));
  }
}

static void
test_last_checked_and_refresh (Fixture       *fixture,
                               gconstpointer  data)
{
  OnboardStatusView *view;
  GtkWidget *refresh;
  GDateTime *first;

  /* A slow service: nothing happens by itself for half a minute. */
  onboard_sandbox_set_poll_interval (fixture->sandbox, 30);
  show_page (fixture, TRUE);
  view = status_view (fixture);

  wait_until (onboard_status_monitor_get_last_checked (fixture->monitor) != NULL);
  g_assert_cmpstr (onboard_status_view_get_last_checked_text (view), ==, "Last checked just now");
  first = g_date_time_ref (onboard_status_monitor_get_last_checked (fixture->monitor));

  wait_until (g_strcmp0 (onboard_status_view_get_last_checked_text (view), "Last checked 5 seconds ago") == 0);

  refresh = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, button_has_label, "_Refresh Now");
  g_assert_nonnull (refresh);
  g_assert_true (gtk_widget_is_sensitive (refresh));
  g_signal_emit_by_name (refresh, "clicked");
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));

  wait_until (g_date_time_compare (onboard_status_monitor_get_last_checked (fixture->monitor), first) > 0);
  g_assert_cmpstr (onboard_status_view_get_last_checked_text (view), ==, "Last checked just now");
  g_date_time_unref (first);
}

/* Assembly asks for a long wait between two checks: the view says when it
 * will look again, so checking does not seem to have stopped. */
static void
test_long_wait_says_next_check (Fixture       *fixture,
                                gconstpointer  data)
{
  OnboardStatusView *view;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *expected = NULL;

  onboard_sandbox_set_poll_interval (fixture->sandbox, 600);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 600);
  show_page (fixture, TRUE);
  view = status_view (fixture);

  wait_until (onboard_status_monitor_get_next_check (fixture->monitor) != NULL);
  local = g_date_time_to_local (onboard_status_monitor_get_next_check (fixture->monitor));
  clock = g_date_time_format (local, "%H:%M");
  expected = g_strdup_printf ("Last checked just now\nAssembly asked us to wait; next check at %s", clock);
  g_assert_cmpstr (onboard_status_view_get_last_checked_text (view), ==, expected);
}

static void
test_problems_shown (Fixture       *fixture,
                     gconstpointer  data)
{
  OnboardStatusView *view;
  const char *problem;

  show_page (fixture, TRUE);
  view = status_view (fixture);
  wait_until (monitor_status_is (fixture, "not_configured"));
  g_assert_null (onboard_status_view_get_problem (view));

  /* The service fails: said in words, with when it tries again. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"status\":500,\"count\":1}", fixture->connector_id);
  wait_until (onboard_status_view_get_problem (view) != NULL);
  problem = onboard_status_view_get_problem (view);
  g_assert_nonnull (strstr (problem, "tries again by itself in 2 seconds"));
  g_assert_cmpstr (title (fixture), ==, "Access has not been granted yet");

  wait_until (onboard_status_view_get_problem (view) == NULL);

  /* Offline: paused, and said so. */
  onboard_test_network_monitor_set_available (fixture->network, FALSE);
  problem = onboard_status_view_get_problem (view);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "offline"));

  onboard_test_network_monitor_set_available (fixture->network, TRUE);
  g_assert_null (onboard_status_view_get_problem (view));
}

static void
test_notifies_when_unfocused (Fixture       *fixture,
                              gconstpointer  data)
{
  Notification *notification;

  grant_access (fixture);
  authorise (fixture);
  event (fixture, "sync_started");

  show_page (fixture, FALSE);
  wait_until (monitor_status_is (fixture, "syncing"));
  g_assert_cmpuint (notifications->len, ==, 0);

  event (fixture, "sync_succeeded");
  wait_until (notifications->len > 0);

  notification = g_ptr_array_index (notifications, 0);
  g_assert_cmpstr (notification->id, ==, "connected");
  g_assert_cmpstr (notification->title, ==, "Your school is connected to Assembly");
  g_assert_nonnull (strstr (notification->body, SCHOOL));

  /* Finish has nothing of the page's own to do: the window, told to go on
   * past the last step, closes the wizard (see whole-way-to-connected). */
  g_assert_false (onboard_page_activate_primary (fixture->page));
}

static void
test_quiet_when_focused (Fixture       *fixture,
                         gconstpointer  data)
{
  grant_access (fixture);
  authorise (fixture);
  event (fixture, "sync_started");

  show_page (fixture, TRUE);
  wait_until (monitor_status_is (fixture, "syncing"));

  event (fixture, "sync_succeeded");
  wait_until (monitor_status_is (fixture, "connected"));
  iterate_for (500);

  /* The user is looking at it. */
  g_assert_true (gtk_window_is_active (fixture->window));
  g_assert_cmpuint (notifications->len, ==, 0);
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, "_Finish");
}

static void
test_quiet_when_found_connected (Fixture       *fixture,
                                 gconstpointer  data)
{
  grant_access (fixture);
  authorise (fixture);
  event (fixture, "sync_succeeded");

  /* Opened days later on a school that is already connected: the app
   * starts knowing nothing. */
  onboard_status_monitor_stop (fixture->monitor);
  show_page (fixture, FALSE);
  wait_until (monitor_status_is (fixture, "connected"));
  iterate_for (500);

  g_assert_cmpuint (notifications->len, ==, 0);
}

static void
test_grant_again_goes_to_step_4 (Fixture       *fixture,
                                 gconstpointer  data)
{
  grant_access (fixture);
  authorise (fixture);
  event (fixture, "revoke");

  show_page (fixture, TRUE);
  wait_until (monitor_status_is (fixture, "revoked"));

  /* The page says where Grant Access is, and Step 4 can be changed again,
   * so the window's Back goes there. */
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL,
                                                      label_contains, "press Back, then Grant Access")));
  /* As the application records every status the monitor hears. */
  onboard_progress_set_connector_status (fixture->progress, "revoked");
  g_assert_true (onboard_progress_get_step_changeable (fixture->progress, ONBOARD_STEP_CONFIGURE_CONNECTION));
}

static void
test_call_support (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  grant_access (fixture);
  authorise (fixture);
  event (fixture, "sync_failed");

  show_page (fixture, TRUE);
  wait_until (monitor_status_is (fixture, "sync_error"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "status.call-support", NULL);
  iterate_for (100);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        dialog = ADW_MESSAGE_DIALOG (item);
    }

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Call Assembly Support");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "020 8506 6100"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The last data transfer failed"));
  /* One reference only: the support reference, which the Support button
   * shows; no connector id to confuse with it. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "support reference"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), fixture->connector_id));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_whole_way_to_connected (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (test_root, "catalogue", NULL);
  OnboardPage *page;
  GtkSwitch *policy;
  Notification *notification;

  /* The real window, opened on Step 4 where the user left off. */
  onboard_progress_set_step (fixture->progress, 4);
  fixture->catalogue = onboard_school_catalogue_new (fixture->client, cache);
  fixture->had_wizard = TRUE;
  fixture->wizard = onboard_window_new (application, fixture->client, fixture->progress,
                                        fixture->catalogue, fixture->monitor, NULL);
  gtk_window_present (GTK_WINDOW (fixture->wizard));

  page = onboard_window_get_current_page (fixture->wizard);
  g_assert_true (ONBOARD_IS_CONNECTOR_PAGE (page));
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->wizard)), ==, "Step 4 of 5 · Configuring Assembly Connection");

  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 0.3);
  policy = GTK_SWITCH (find_widget (GTK_WIDGET (page), GTK_TYPE_SWITCH, NULL, NULL));
  gtk_switch_set_active (policy, TRUE);
  /* Grant Access, in the window's button row. */
  g_assert_true (gtk_widget_get_mapped (onboard_window_get_primary_button (fixture->wizard)));
  g_signal_emit_by_name (onboard_window_get_primary_button (fixture->wizard), "clicked");
  wait_until (g_strcmp0 (onboard_connector_page_get_view (ONBOARD_CONNECTOR_PAGE (page)), "inbox") == 0);
  wait_until (monitor_status_is (fixture, "awaiting_authorisation"));

  /* The user goes off to read their email. */
  fixture->other_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->other_window);
  wait_until (!gtk_window_is_active (GTK_WINDOW (fixture->wizard)));

  /* Someone opens Groupcall's email and authorises: the wizard moves on. */
  authorise (fixture);
  wait_until (ONBOARD_IS_STATUS_PAGE (onboard_window_get_current_page (fixture->wizard)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->wizard)), ==, "Step 5 of 5 · Checking the Connection has been Configured");
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 5);

  fixture->page = onboard_window_get_current_page (fixture->wizard);
  wait_until (g_strcmp0 (title (fixture), "Groupcall has confirmed the authorisation") == 0);

  /* Tonight's data pull, early. */
  event (fixture, "sync_started");
  wait_until (g_strcmp0 (title (fixture), "The first data transfer is running") == 0);
  event (fixture, "sync_succeeded");
  wait_until (g_strcmp0 (title (fixture), "Your school is connected to Assembly") == 0);

  wait_until (notifications->len == 1);
  notification = g_ptr_array_index (notifications, 0);
  g_assert_cmpstr (notification->title, ==, "Your school is connected to Assembly");

  /* Finish, in the window's button row, closes the wizard. */
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, "_Finish");
  g_object_add_weak_pointer (G_OBJECT (fixture->wizard), (gpointer *)&fixture->wizard);
  g_signal_emit_by_name (onboard_window_get_primary_button (fixture->wizard), "clicked");
  wait_until (fixture->wizard == NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_error ("Could not own %s on the session bus", name);
}

/* A state this version does not know, however odd the string: no critical,
 * a title that says so with the state cut to a sane length and escaped, the
 * phone number, and the same text kept for the support report. */
static void
test_unknown_status (void)
{
  g_autoptr(OnboardClient) client = onboard_client_new ("http://127.0.0.1:9/api/onboarding");
  g_autoptr(OnboardProgress) progress = onboard_progress_new ("http://127.0.0.1:9/api/onboarding");
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  g_autoptr(OnboardStatusView) view = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STATUS_VIEW, NULL));
  g_autoptr(GString) long_status = g_string_new (NULL);
  struct {
    const char *json;
    const char *shown;
  } cases[] = {
    { "\"Paused\"", "Paused" },
    { "\"<b>Paused</b> & \\\\ \\u0001\\u00e9\"", "<b>Paused</b> & \\\\ \\u0001\\u00E9" },
    { NULL, NULL },
  };
  g_autofree char *cut = g_strnfill (64, 'x');
  g_autofree char *long_shown = g_strconcat (cut, "...", NULL);

  /* 5,000 characters. */
  g_string_append_c (long_status, '"');
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (long_status, 'x');
  g_string_append_c (long_status, '"');
  cases[2].json = long_status->str;
  cases[2].shown = long_shown;

  onboard_status_view_set_monitor (view, monitor);
  onboard_progress_set_connector_id (progress, "con_1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"con_1\",\"status\":%s}", cases[i].json);
      g_autoptr(JsonNode) node = json_from_string (json, NULL);
      g_autoptr(OnboardConnector) connector = NULL;
      g_autoptr(OnboardSupportReport) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected_title = NULL;
      g_autofree char *kept = NULL;
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      g_assert_nonnull (node);
      connector = onboard_connector_new_from_json (json_node_get_object (node), &error);
      g_assert_no_error (error);
      g_assert_cmpint (onboard_connector_get_status (connector), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);

      onboard_status_monitor_update (monitor, connector);

      expected_title = g_strdup_printf ("The connection is in a state this app does not know: “%s”",
                                        cases[i].shown);
      g_assert_cmpstr (onboard_status_view_get_title (view), ==, expected_title);
      g_assert_nonnull (strstr (onboard_status_view_get_next_step (view), "020 8506 6100"));

      /* What the application keeps of it, and so what support reads. */
      kept = onboard_connector_dup_status_text (connector);
      g_assert_cmpstr (kept, ==, cases[i].shown);
      onboard_progress_set_connector_status (progress, kept);
      g_assert_cmpstr (onboard_progress_get_connector_status (progress), ==, cases[i].shown);

      report = onboard_support_report_new (client, progress);
      text = onboard_support_report_dup_text (report);
      line = g_strdup_printf ("Connection ID con_1, status %s", cases[i].shown);
      g_assert_nonnull (strstr (text, line));
    }

  onboard_status_monitor_stop (monitor);
  onboard_status_view_set_monitor (view, NULL);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const xdg[] = {
    "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
  };
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;
  gboolean acquired = FALSE;
  guint owner_id;
  int ret;

  test_root = g_dir_make_tmp ("onboard-status-page-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }

  /* Notifications go to the server below, whatever the desktop has. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  /* Day names in English and the schools' clock, for the times shown. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "Europe/London", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* An application this test controls: the one the page notifies through. */
  application = adw_application_new ("org.assembly.Onboard.StatusPageTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_application_get_default () == G_APPLICATION (application));

  notifications = g_ptr_array_new_with_free_func (notification_free);
  connection = g_application_get_dbus_connection (G_APPLICATION (application));
  g_assert_nonnull (connection);
  node = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gtk/Notifications", node->interfaces[0],
                                     &notifications_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (connection, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                           name_acquired_cb, name_lost_cb, &acquired, NULL);
  wait_until (acquired);

#define ADD(path, func) \
  g_test_add ("/onboard/status-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("every-state", test_every_state);
  ADD ("last-checked-and-refresh", test_last_checked_and_refresh);
  ADD ("long-wait-says-next-check", test_long_wait_says_next_check);
  ADD ("problems-shown", test_problems_shown);
  ADD ("notifies-when-unfocused", test_notifies_when_unfocused);
  ADD ("quiet-when-focused", test_quiet_when_focused);
  ADD ("quiet-when-found-connected", test_quiet_when_found_connected);
  ADD ("grant-again-goes-to-step-4", test_grant_again_goes_to_step_4);
  ADD ("call-support", test_call_support);
  ADD ("whole-way-to-connected", test_whole_way_to_connected);
  g_test_add_func ("/onboard/status-page/unknown-status", test_unknown_status);

#undef ADD

  ret = g_test_run ();

  g_bus_unown_name (owner_id);
  g_clear_pointer (&notifications, g_ptr_array_unref);
  g_clear_object (&application);
  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);

  return ret;
}
