/* test-status-view.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-error-banner.h"
#include "onboard-sandbox.h"
#include "onboard-status-view.h"
#include "onboard-status-words.h"
#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"

/* The connection's state in words, as OnboardStatusWords puts it for the
 * connector the monitor last saw, the time of the last check, a way to
 * ask again now, and why the service could not be asked. Every connector
 * here is a real one of the reference server, moved on by its events. */

#define EMAIL    "office@oakfield.sch.uk"
#define PASSWORD "violet-harbour-lantern-58"
#define URN      "100000"

static char *test_root;

typedef struct
{
  OnboardSandbox            *sandbox;
  OnboardClient             *client;
  OnboardProgress           *progress;
  OnboardTestNetworkMonitor *network;
  OnboardStatusMonitor      *monitor;
  OnboardStatusView         *view;
  GtkWindow                 *window;
  char                      *connector_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "edubasealldata-sample.csv", NULL);
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_set_poll_interval (fixture->sandbox, 1);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_grant_retry_after (fixture->sandbox, 1);
  /* Nothing moves on by itself: the test's events move it. */
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

  fixture->view = g_object_new (ONBOARD_TYPE_STATUS_VIEW, "monitor", fixture->monitor, NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 600, 800);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *)&fixture->view);
  gtk_window_destroy (fixture->window);
  wait_until (fixture->view == NULL);

  onboard_status_monitor_stop (fixture->monitor);
  iterate_for (50);
  finalize_soon (fixture->monitor);
  finalize_soon (fixture->network);
  finalize_soon (fixture->progress);
  finalize_soon (fixture->client);
  g_clear_object (&fixture->sandbox);
  g_clear_pointer (&fixture->connector_id, g_free);
}

static gboolean
status_is (Fixture                *fixture,
           OnboardConnectorStatus  status)
{
  return onboard_status_monitor_get_connector (fixture->monitor) != NULL &&
         onboard_status_monitor_get_status (fixture->monitor) == status &&
         !onboard_status_monitor_get_checking (fixture->monitor);
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
grant_access (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardConnector) granted = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_grant_access_async (fixture->client, fixture->connector_id, NULL, NULL, TRUE, NULL,
                                     NULL, store_result, &result);
  granted = onboard_client_grant_access_finish (fixture->client, await_result (&result), &error);
  g_assert_no_error (error);
}

static GtkWidget *
label_showing (OnboardStatusView *view,
               const char        *text)
{
  return find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_is, text);
}

/* The view says what OnboardStatusWords says for the connector the
 * monitor holds, each sentence in a label that is shown. */
static void
assert_shows_words (Fixture *fixture)
{
  OnboardConnector *connector = onboard_status_monitor_get_connector (fixture->monitor);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_auto(OnboardStatusWords) words = { 0 };
  GtkWidget *image;
  const char *texts[3];

  g_assert_nonnull (connector);
  onboard_status_words_describe (&words, connector, now);

  g_assert_cmpstr (onboard_status_view_get_icon_name (fixture->view), ==, words.icon_name);
  g_assert_cmpstr (onboard_status_view_get_title (fixture->view), ==, words.title);
  g_assert_cmpstr (onboard_status_view_get_description (fixture->view), ==,
                   words.description ? words.description : "");
  g_assert_cmpstr (onboard_status_view_get_next_step (fixture->view), ==, words.next ? words.next : "");

  texts[0] = words.title;
  texts[1] = words.description;
  texts[2] = words.next;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && *texts[i] != '\0')
      {
        GtkWidget *label = label_showing (fixture->view, texts[i]);

        g_assert_nonnull (label);
        g_assert_true (gtk_widget_get_mapped (label));
        g_assert_false (gtk_label_get_use_markup (GTK_LABEL (label)));
      }

  image = find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_IMAGE, has_css_class, NULL);
  g_assert_nonnull (image);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, words.icon_name);
  if (words.style != NULL)
    g_assert_true (gtk_widget_has_css_class (image, words.style));
  for (guint i = 0; i < 3; i++)
    {
      const char *style = (const char *[]) { "success", "warning", "error" }[i];

      if (g_strcmp0 (style, words.style) != 0)
        g_assert_false (gtk_widget_has_css_class (image, style));
    }
}

static void
test_no_monitor (void)
{
  OnboardStatusView *view = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STATUS_VIEW, NULL));

  g_assert_null (onboard_status_view_get_monitor (view));
  g_assert_cmpstr (onboard_status_view_get_icon_name (view), ==, "content-loading-symbolic");
  g_assert_cmpstr (onboard_status_view_get_title (view), ==, "Checking the connection…");
  g_assert_cmpstr (onboard_status_view_get_description (view), ==, "");
  g_assert_null (onboard_status_view_get_problem (view));
  g_assert_null (onboard_status_view_get_last_sync_text (view));

  g_assert_finalize_object (view);
}

static void
test_follows_connector (Fixture       *fixture,
                        gconstpointer  data)
{
  static const struct {
    const char             *event;
    OnboardConnectorStatus  status;
  } steps[] = {
    { "sync_started", ONBOARD_CONNECTOR_STATUS_SYNCING },
    { "sync_succeeded", ONBOARD_CONNECTOR_STATUS_CONNECTED },
    { "sync_failed", ONBOARD_CONNECTOR_STATUS_SYNC_ERROR },
    { "revoke", ONBOARD_CONNECTOR_STATUS_REVOKED },
  };
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  /* Before the first answer. */
  g_assert_cmpstr (onboard_status_view_get_title (fixture->view), ==, "Checking the connection…");

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));
  assert_shows_words (fixture);
  g_ptr_array_add (titles, g_strdup (onboard_status_view_get_title (fixture->view)));

  grant_access (fixture);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_INVITATION_SENT));
  assert_shows_words (fixture);
  g_ptr_array_add (titles, g_strdup (onboard_status_view_get_title (fixture->view)));

  onboard_sandbox_authorise_connector (fixture->sandbox, fixture->connector_id, NULL, &error);
  g_assert_no_error (error);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_AUTHORISED));
  assert_shows_words (fixture);
  g_ptr_array_add (titles, g_strdup (onboard_status_view_get_title (fixture->view)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      event (fixture, steps[i].event);
      onboard_status_monitor_refresh (fixture->monitor);
      wait_until (status_is (fixture, steps[i].status));
      assert_shows_words (fixture);
      g_ptr_array_add (titles, g_strdup (onboard_status_view_get_title (fixture->view)));
    }

  /* A support agent knows the state from the sentence read out. */
  for (guint i = 0; i < titles->len; i++)
    for (guint j = i + 1; j < titles->len; j++)
      g_assert_cmpstr (g_ptr_array_index (titles, i), !=, g_ptr_array_index (titles, j));
}

static void
test_last_sync (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));
  /* Nothing to say about data pulls before access is granted. */
  g_assert_null (onboard_status_view_get_last_sync_text (fixture->view));

  grant_access (fixture);
  onboard_sandbox_authorise_connector (fixture->sandbox, fixture->connector_id, NULL, &error);
  g_assert_no_error (error);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_AUTHORISED));
  g_assert_cmpstr (onboard_status_view_get_last_sync_text (fixture->view), ==, "None yet");

  event (fixture, "sync_started");
  event (fixture, "sync_succeeded");
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_CONNECTED));
  g_assert_nonnull (onboard_status_view_get_last_sync_text (fixture->view));
  g_assert_true (g_str_has_suffix (onboard_status_view_get_last_sync_text (fixture->view), ": succeeded"));

  event (fixture, "sync_failed");
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_SYNC_ERROR));
  g_assert_true (g_str_has_suffix (onboard_status_view_get_last_sync_text (fixture->view), ": failed"));

  /* The compact view, beside the connector form, leaves it out. */
  onboard_status_view_set_compact (fixture->view, TRUE);
  g_assert_null (onboard_status_view_get_last_sync_text (fixture->view));
}

static void
test_refresh_now (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_BUTTON, button_has_label, "_Refresh Now");
  GDateTime *first;
  g_autoptr(GDateTime) first_checked = NULL;
  guint requests;

  g_assert_nonnull (button);
  /* Nothing watched: nothing to refresh. */
  g_assert_false (gtk_widget_get_mapped (button));
  g_assert_cmpstr (onboard_status_view_get_last_checked_text (fixture->view), ==, "Not checked yet");

  onboard_sandbox_set_poll_interval (fixture->sandbox, 600);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 600);
  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  /* Ten minutes is a long wait: it says when the next look is, lest
   * checking look stopped. */
  g_assert_true (g_str_has_prefix (onboard_status_view_get_last_checked_text (fixture->view),
                                   "Last checked just now\nAssembly asked us to wait; next check at "));

  first = onboard_status_monitor_get_last_checked (fixture->monitor);
  g_assert_nonnull (first);
  first_checked = g_date_time_ref (first);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);

  /* The press asks the service at once, not in ten minutes. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (onboard_status_monitor_get_checking (fixture->monitor));
  g_assert_false (gtk_widget_get_sensitive (button));
  wait_until (!onboard_status_monitor_get_checking (fixture->monitor));
  g_assert_cmpuint (onboard_sandbox_get_request_count (fixture->sandbox), >, requests);
  g_assert_cmpint (g_date_time_compare (onboard_status_monitor_get_last_checked (fixture->monitor),
                                        first_checked), >, 0);
  g_assert_true (gtk_widget_get_sensitive (button));
}

static void
test_problem (Fixture       *fixture,
              gconstpointer  data)
{
  const GError *error;
  GtkWidget *banner;
  GtkWidget *check_now;
  guint requests;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));
  g_assert_null (onboard_status_view_get_problem (fixture->view));
  banner = find_widget (GTK_WIDGET (fixture->view), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL);
  g_assert_nonnull (banner);
  g_assert_false (gtk_widget_get_visible (banner));

  /* The service fails: the view says so, with what the monitor was told,
   * and keeps the last state it knew. */
  onboard_sandbox_set_poll_interval (fixture->sandbox, 600);
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s\",\"status\":503,\"count\":100}",
                    fixture->connector_id);
  onboard_status_monitor_refresh (fixture->monitor);
  wait_until (onboard_status_monitor_get_error (fixture->monitor) != NULL &&
              !onboard_status_monitor_get_checking (fixture->monitor));
  error = onboard_status_monitor_get_error (fixture->monitor);
  g_assert_nonnull (onboard_status_view_get_problem (fixture->view));
  g_assert_true (g_str_has_prefix (onboard_status_view_get_problem (fixture->view), error->message));
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_cmpstr (onboard_error_banner_get_message (ONBOARD_ERROR_BANNER (banner)), ==,
                   onboard_status_view_get_problem (fixture->view));
  assert_shows_words (fixture);

  /* Its button asks again. */
  check_now = find_widget (banner, GTK_TYPE_BUTTON, button_has_label, "_Check Now");
  g_assert_nonnull (check_now);
  requests = onboard_sandbox_get_request_count (fixture->sandbox);
  g_signal_emit_by_name (check_now, "clicked");
  wait_until (onboard_sandbox_get_request_count (fixture->sandbox) > requests &&
              !onboard_status_monitor_get_checking (fixture->monitor));

  /* Offline, the view says that instead, and needs no button. */
  onboard_test_network_monitor_set_available (fixture->network, FALSE);
  wait_until (onboard_status_monitor_get_offline (fixture->monitor));
  g_assert_cmpstr (onboard_status_view_get_problem (fixture->view), ==,
                   "This computer is offline, so the connection cannot be checked. "
                   "Checking starts again by itself when it is back online.");
  g_assert_false (gtk_widget_get_visible (find_widget (banner, GTK_TYPE_BUTTON, NULL, NULL)));
}

static void
test_compact (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *title;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));
  title = label_showing (fixture->view, onboard_status_view_get_title (fixture->view));
  g_assert_nonnull (title);

  g_assert_false (onboard_status_view_get_compact (fixture->view));
  g_assert_true (gtk_widget_has_css_class (title, "title-2"));

  g_object_set (fixture->view, "compact", TRUE, NULL);
  g_assert_true (onboard_status_view_get_compact (fixture->view));
  g_assert_true (gtk_widget_has_css_class (title, "heading"));
  g_assert_false (gtk_widget_has_css_class (title, "title-2"));
  /* The same words, smaller. */
  assert_shows_words (fixture);

  onboard_status_view_set_compact (fixture->view, FALSE);
  g_assert_true (gtk_widget_has_css_class (title, "title-2"));
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *title;
  GtkWidget *image;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));

  /* A change of state is announced: the title is a status. */
  title = label_showing (fixture->view, onboard_status_view_get_title (fixture->view));
  g_assert_nonnull (title);
  gtk_test_accessible_assert_role (title, GTK_ACCESSIBLE_ROLE_STATUS);

  /* The icon repeats the title: a screen reader skips it. */
  image = find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_IMAGE, NULL, NULL);
  g_assert_nonnull (image);
  gtk_test_accessible_assert_role (image, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
test_monitor_property (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OnboardStatusMonitor) from_property = NULL;

  onboard_status_monitor_watch (fixture->monitor, fixture->connector_id);
  wait_until (status_is (fixture, ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED));

  g_object_get (fixture->view, "monitor", &from_property, NULL);
  g_assert_true (from_property == fixture->monitor);

  /* Without its monitor the view stops listening and says it is checking. */
  onboard_status_view_set_monitor (fixture->view, NULL);
  g_assert_null (onboard_status_view_get_monitor (fixture->view));
  g_assert_cmpstr (onboard_status_view_get_title (fixture->view), ==, "Checking the connection…");

  onboard_status_view_set_monitor (fixture->view, fixture->monitor);
  assert_shows_words (fixture);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const xdg[] = {
    "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
  };
  g_autoptr(GError) error = NULL;
  int ret;

  test_root = g_dir_make_tmp ("onboard-status-view-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }

  /* Day names in English and the schools' clock, for the times shown. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "Europe/London", TRUE);
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told, without one on the bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/status-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/onboard/status-view/no-monitor", test_no_monitor);
  ADD ("follows-connector", test_follows_connector);
  ADD ("last-sync", test_last_sync);
  ADD ("refresh-now", test_refresh_now);
  ADD ("problem", test_problem);
  ADD ("compact", test_compact);
  ADD ("accessible", test_accessible);
  ADD ("monitor-property", test_monitor_property);

#undef ADD

  ret = g_test_run ();

  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);

  return ret;
}
