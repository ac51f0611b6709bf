/* test-connector-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-connector-page.h"
#include "onboard-error-banner.h"
#include "onboard-field-message.h"
#include "onboard-sandbox.h"
#include "onboard-status-view.h"
#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"

/* Step 4 as the office worker meets it: the real page in a window, with the
 * real client and status monitor, against the reference server in this
 * process, driven through the page's actions and the widgets it shows.
 */

#define EMAIL    "office@oakfield.sch.uk"
#define PASSWORD "violet-harbour-lantern-58"
#define URN      "100000"

/* Fixture ---------------------------------------------------------------- */

typedef struct
{
  OnboardSandbox       *sandbox;
  OnboardClient        *client;
  OnboardProgress      *progress;
  /* Always online: the tests must not depend on the routes of the
   * machine they run on. */
  GNetworkMonitor      *network;
  OnboardStatusMonitor *monitor;
  GtkWindow            *window;
  OnboardPage          *page;
  char                 *connector_id;
  guint                 done_count;
} Fixture;

static char *test_root;

/* Finding what the user sees ------------------------------------------- */

static const char *
view_name (Fixture *fixture)
{
  return onboard_connector_page_get_view (ONBOARD_CONNECTOR_PAGE (fixture->page));
}

static GtkWidget *
view (Fixture *fixture)
{
  GtkStack *stack = GTK_STACK (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_STACK, NULL, NULL));

  return gtk_stack_get_visible_child (stack);
}

static GtkWidget *
row (Fixture    *fixture,
     const char *title)
{
  GtkWidget *widget = find_widget (view (fixture), ADW_TYPE_PREFERENCES_ROW, row_has_title, title);

  if (widget == NULL)
    g_error ("No row “%s” in the “%s” view", title, view_name (fixture));

  return widget;
}

static GtkWidget *
button_for (Fixture    *fixture,
            const char *action)
{
  GtkWidget *widget = find_widget (view (fixture), GTK_TYPE_BUTTON, has_action, action);

  if (widget == NULL)
    g_error ("No button for %s in the “%s” view", action, view_name (fixture));

  return widget;
}

static OnboardFieldMessage *
message_for (Fixture    *fixture,
             const char *title)
{
  GtkWidget *widget = find_widget (view (fixture), ONBOARD_TYPE_FIELD_MESSAGE, message_has_field, row (fixture, title));

  g_assert_nonnull (widget);

  return ONBOARD_FIELD_MESSAGE (widget);
}

static OnboardErrorBanner *
banner (Fixture *fixture)
{
  GtkWidget *widget = find_widget (view (fixture), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL);

  g_assert_nonnull (widget);

  return ONBOARD_ERROR_BANNER (widget);
}

static OnboardStatusView *
status_view (Fixture *fixture)
{
  GtkWidget *widget = find_widget (view (fixture), ONBOARD_TYPE_STATUS_VIEW, NULL, NULL);

  g_assert_nonnull (widget);

  return ONBOARD_STATUS_VIEW (widget);
}

static gboolean
shows_text (Fixture    *fixture,
            const char *text)
{
  return find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, text) != NULL;
}

static GtkCheckButton *
check_in_row (Fixture    *fixture,
              const char *title)
{
  GtkWidget *widget = find_widget (row (fixture, title), GTK_TYPE_CHECK_BUTTON, NULL, NULL);

  g_assert_nonnull (widget);

  return GTK_CHECK_BUTTON (widget);
}

static GtkSwitch *
policy_switch (Fixture *fixture)
{
  GtkWidget *widget = find_widget (row (fixture, "I accept Groupcall’s usage policy"), GTK_TYPE_SWITCH, NULL, NULL);

  g_assert_nonnull (widget);

  return GTK_SWITCH (widget);
}

static void
type_into (Fixture    *fixture,
           const char *title,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, title)), text);
}

static void
assert_message (OnboardFieldMessage     *message,
                OnboardFieldMessageKind  kind,
                const char              *contains)
{
  const char *text = onboard_field_message_get_text (message);

  if (onboard_field_message_get_kind (message) != kind || strstr (text, contains) == NULL)
    g_error ("The field says (kind %d) “%s”; expected (kind %d) something with “%s”",
             onboard_field_message_get_kind (message), text, kind, contains);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
}

static const char *
sandbox_status (Fixture *fixture)
{
  return onboard_sandbox_get_connector_status (fixture->sandbox, fixture->connector_id);
}

/* Set-up --------------------------------------------------------------- */

/* The page's step finished: the window would move on now. */
static void
done_cb (OnboardPage *page,
         GParamSpec  *pspec,
         Fixture     *fixture)
{
  if (onboard_page_get_complete (page))
    fixture->done_count++;
}

static void
show_page (Fixture *fixture)
{
  fixture->page = g_object_ref_sink (onboard_connector_page_new (fixture->client, fixture->progress, fixture->monitor));
  /* The window numbers its pages; alone, the page is given its step. */
  onboard_page_set_step (fixture->page, ONBOARD_STEP_CONFIGURE_CONNECTION);
  g_signal_connect (fixture->page, "notify::complete", G_CALLBACK (done_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 1000);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  onboard_page_shown (fixture->page);

  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *schools = g_test_build_filename (G_TEST_DIST, "fixtures", "edubasealldata-sample.csv", NULL);
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, schools, &error);
  g_assert_no_error (error);
  /* The monitor checks at the service's pace: keep it to a second. */
  onboard_sandbox_set_poll_interval (fixture->sandbox, 1);
  onboard_sandbox_set_connector_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_grant_retry_after (fixture->sandbox, 1);
  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 0.3);
  onboard_sandbox_set_first_sync_delay (fixture->sandbox, 100000);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  fixture->progress = onboard_progress_new (onboard_sandbox_get_base_url (fixture->sandbox));
  fixture->network = G_NETWORK_MONITOR (onboard_test_network_monitor_new ());
  fixture->monitor = onboard_status_monitor_new (fixture->client, fixture->network);

  fixture->connector_id = sign_in_and_register (fixture->sandbox, fixture->client, fixture->progress,
                                                EMAIL, PASSWORD, URN, 4);

  /* Tests that start elsewhere call show_page() themselves. */
  if (data == NULL)
    show_page (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
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
grant_access (Fixture *fixture)
{
  onboard_page_activate_primary (fixture->page);
}

static void
grant_access_to_me (Fixture *fixture)
{
  gtk_switch_set_active (policy_switch (fixture), TRUE);
  grant_access (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
}

/* Tests ---------------------------------------------------------------- */

static void
test_says_what_happens (Fixture       *fixture,
                        gconstpointer  data)
{
  const char * const expected[] = {
    "Groupcall emails an authorisation link",
    "approves sharing",
    "Begin Authorisation",
    "chooses what to share, in Groupcall",
    "data manager",
  };
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_cmpstr (onboard_page_get_title (fixture->page), ==, "Configuring Assembly Connection");
  /* The guide's "pressing Configure Connector": the first thing the user
   * who has just registered the school reads on this step. */
  g_assert_nonnull (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, "Configure Connector"));
  g_assert_nonnull (find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LABEL, label_contains, "Step 4 of 5"));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *found = find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, expected[i]);

      if (found == NULL)
        g_error ("Step 4 does not say “%s”", expected[i]);
    }

  /* The school it is about, and Groupcall's email to the account's own
   * address by default. */
  g_assert_nonnull (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, "The Aldgate School"));
  g_assert_nonnull (find_widget (view (fixture), GTK_TYPE_LABEL, label_contains, "MIS: SIMS"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (fixture, "Send it to me"))), ==, EMAIL);
  g_assert_true (gtk_check_button_get_active (check_in_row (fixture, "Send it to me")));
  g_assert_false (gtk_switch_get_active (policy_switch (fixture)));

  /* The guide's button, written as the guide writes it: the page's primary
   * action, which the window shows. */
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, "_Grant Access");
  g_assert_true (onboard_page_get_primary_sensitive (fixture->page));
  g_assert_false (onboard_page_get_complete (fixture->page));
}

static void
test_policy_required (Fixture       *fixture,
                      gconstpointer  data)
{
  grant_access (fixture);
  iterate_for (300);

  g_assert_cmpstr (view_name (fixture), ==, "form");
  assert_message (message_for (fixture, "I accept Groupcall’s usage policy"),
                  ONBOARD_FIELD_MESSAGE_ERROR, "usage policy");
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access"), ==, 0);
  g_assert_cmpstr (sandbox_status (fixture), ==, "not_configured");

  /* Switching it on clears the complaint. */
  gtk_switch_set_active (policy_switch (fixture), TRUE);
  g_assert_cmpint (onboard_field_message_get_kind (message_for (fixture, "I accept Groupcall’s usage policy")),
                   ==, ONBOARD_FIELD_MESSAGE_NONE);
}

static void
test_grant_access_to_me (Fixture       *fixture,
                         gconstpointer  data)
{
  OnboardStatusView *status;

  grant_access_to_me (fixture);

  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access 202"), ==, 1);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "groupcall_invitation"), ==, 1);

  /* Where it went and what to click, in the guide's words. */
  g_assert_true (shows_text (fixture, "Check your inbox for an email from Groupcall and click <b>Begin Authorisation</b>"));
  g_assert_true (shows_text (fixture, EMAIL));
  g_assert_false (onboard_page_get_has_input (fixture->page));
  g_assert_false (onboard_page_get_busy (fixture->page));

  /* The live state follows Groupcall. */
  status = status_view (fixture);
  wait_until (g_strcmp0 (onboard_status_view_get_title (status), "Waiting for someone to click Begin Authorisation") == 0);
  g_assert_nonnull (strstr (onboard_status_view_get_description (status), "o***@oakfield.sch.uk"));
  g_assert_cmpstr (onboard_status_monitor_get_connector_id (fixture->monitor), ==, fixture->connector_id);
  g_assert_false (onboard_page_get_complete (fixture->page));
}

static void
test_grant_access_to_colleague (Fixture       *fixture,
                                gconstpointer  data)
{
  OnboardFieldMessage *message;
  GtkRevealer *revealer;

  gtk_check_button_set_active (check_in_row (fixture, "Send it to a colleague"), TRUE);
  revealer = GTK_REVEALER (gtk_widget_get_ancestor (row (fixture, "Colleague’s email"), GTK_TYPE_REVEALER));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  gtk_switch_set_active (policy_switch (fixture), TRUE);
  type_into (fixture, "Colleague’s name", "Jo Bloggs");
  type_into (fixture, "Colleague’s email", "jo.bloggs@");
  g_assert_true (onboard_page_get_has_input (fixture->page));

  /* A half-typed address is refused here, before anything is sent. */
  message = message_for (fixture, "Colleague’s email");
  grant_access (fixture);
  iterate_for (300);
  g_assert_cmpstr (view_name (fixture), ==, "form");
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "whole email address");
  g_assert_true (gtk_widget_has_css_class (row (fixture, "Colleague’s email"), "error"));
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access"), ==, 0);

  type_into (fixture, "Colleague’s email", "jo.bloggs@oakfield.sch.uk");
  grant_access (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);

  g_assert_true (shows_text (fixture, "Jo Bloggs (jo.bloggs@oakfield.sch.uk)"));
  g_assert_false (onboard_page_get_has_input (fixture->page));
  wait_until (g_strcmp0 (onboard_status_view_get_title (status_view (fixture)),
                         "Waiting for someone to click Begin Authorisation") == 0);
  g_assert_nonnull (strstr (onboard_status_view_get_description (status_view (fixture)), "j***@oakfield.sch.uk"));
}

static void
test_colleague_refused_by_service (Fixture       *fixture,
                                   gconstpointer  data)
{
  OnboardFieldMessage *message;

  /* An address that looks right here, which Groupcall's side refuses. */
  add_fault_printf (fixture->sandbox,
                    "{\"path\":\"/connectors/%s/grant_access\",\"status\":422,\"body\":"
                    "\"{\\\"error\\\":\\\"validation_failed\\\",\\\"message\\\":\\\"Invalid\\\","
                    "\\\"data\\\":{\\\"fields\\\":{\\\"send_to.email\\\":[\\\"invalid\\\"]}}}\"}",
                    fixture->connector_id);

  gtk_check_button_set_active (check_in_row (fixture, "Send it to a colleague"), TRUE);
  gtk_switch_set_active (policy_switch (fixture), TRUE);
  type_into (fixture, "Colleague’s name", "Jo Bloggs");
  type_into (fixture, "Colleague’s email", "jo.bloggs@oakfield.sch.uk");
  grant_access (fixture);

  message = message_for (fixture, "Colleague’s email");
  wait_until (onboard_field_message_get_kind (message) == ONBOARD_FIELD_MESSAGE_ERROR);
  assert_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "colleague’s full email address");
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_false (onboard_page_get_busy (fixture->page));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Colleague’s name"))), ==, "Jo Bloggs");
  g_assert_cmpstr (sandbox_status (fixture), ==, "not_configured");

  /* Corrected, it goes. */
  type_into (fixture, "Colleague’s email", "jo@oakfield.sch.uk");
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_NONE);
  grant_access (fixture);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
}

static void
test_resend_cooldown (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *resend;

  onboard_sandbox_set_invitation_resend_cooldown (fixture->sandbox, 3);
  grant_access_to_me (fixture);

  /* Groupcall's email can be sent again only after the cooldown. */
  resend = button_for (fixture, "connector.resend");
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (0:0"));
  g_assert_false (gtk_widget_is_sensitive (resend));

  wait_until (gtk_widget_is_sensitive (resend));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (resend)), ==, "_Resend Email");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "connector.resend", NULL);
  wait_until (shows_text (fixture, "send the email again"));
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "groupcall_invitation"), ==, 2);
  g_assert_cmpuint (count_log_lines (fixture->client, "resend_invitation 202"), ==, 1);

  /* And the wait starts again. */
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (0:0"));
  g_assert_false (gtk_widget_is_sensitive (resend));
}

static void
test_resend_refused_early (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *resend;

  onboard_sandbox_set_invitation_resend_cooldown (fixture->sandbox, 1);
  grant_access_to_me (fixture);
  resend = button_for (fixture, "connector.resend");
  wait_until (gtk_widget_is_sensitive (resend));

  /* The service's clock says otherwise: its wait is shown on the button. */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s/resend_invitation\",\"status\":429,\"retry_after\":120,\"count\":3}",
                    fixture->connector_id);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "connector.resend", NULL);
  wait_until (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (2:0") ||
              g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (resend)), "Resend Email (1:5"));
  g_assert_false (gtk_widget_is_sensitive (resend));
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
}

static void
test_upstream_refusal_then_retry (Fixture       *fixture,
                                  gconstpointer  data)
{
  OnboardErrorBanner *form_banner;

  /* Groupcall turns the invitation down (502 upstream_error). */
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s/grant_access\",\"status\":502}", fixture->connector_id);

  gtk_check_button_set_active (check_in_row (fixture, "Send it to a colleague"), TRUE);
  type_into (fixture, "Colleague’s name", "Jo Bloggs");
  type_into (fixture, "Colleague’s email", "jo.bloggs@oakfield.sch.uk");
  gtk_switch_set_active (policy_switch (fixture), TRUE);
  grant_access (fixture);

  form_banner = banner (fixture);
  wait_until (onboard_error_banner_get_revealed (form_banner));
  g_assert_cmpstr (view_name (fixture), ==, "form");
  g_assert_nonnull (strstr (onboard_error_banner_get_message (form_banner), "Groupcall did not accept"));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (form_banner), "020 8506 6100"));
  g_assert_nonnull (strstr (onboard_error_banner_get_details (form_banner), "upstream_error"));
  g_assert_cmpstr (sandbox_status (fixture), ==, "invitation_failed");

  /* What was typed is kept, and the retry is a new request: the same key
   * would only replay Groupcall's refusal. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "Colleague’s email"))), ==,
                   "jo.bloggs@oakfield.sch.uk");
  g_signal_emit_by_name (form_banner, "button-clicked");
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access 502"), ==, 1);
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access 202"), ==, 1);
  g_assert_true (shows_text (fixture, "Jo Bloggs"));
}

static void
test_refused_after_sending (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_set_invitation_delivery_delay (fixture->sandbox, 100000);
  grant_access_to_me (fixture);

  /* Groupcall refuses after accepting the request. */
  onboard_sandbox_connector_event (fixture->sandbox, fixture->connector_id, "groupcall_reject", &error);
  g_assert_no_error (error);

  wait_until (g_strcmp0 (view_name (fixture), "form") == 0);
  g_assert_true (onboard_error_banner_get_revealed (banner (fixture)));
  g_assert_nonnull (strstr (onboard_error_banner_get_message (banner (fixture)), "Groupcall refused the request"));

  onboard_page_activate_primary (fixture->page);
  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_cmpstr (sandbox_status (fixture), ==, "invitation_sent");
}

static void
test_busy_while_granting (Fixture       *fixture,
                          gconstpointer  data)
{
  add_fault_printf (fixture->sandbox, "{\"path\":\"/connectors/%s/grant_access\",\"delay_ms\":1000}", fixture->connector_id);

  gtk_switch_set_active (policy_switch (fixture), TRUE);
  grant_access (fixture);

  /* The window holds navigation, and nothing can be sent twice. */
  g_assert_true (onboard_page_get_busy (fixture->page));
  g_assert_true (onboard_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (policy_switch (fixture))));

  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_false (onboard_page_get_busy (fixture->page));
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access"), ==, 1);
}

static void
test_moves_on_when_authorised (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  grant_access_to_me (fixture);
  wait_until (g_strcmp0 (sandbox_status (fixture), "awaiting_authorisation") == 0);
  g_assert_cmpuint (fixture->done_count, ==, 0);

  /* Someone at the school opens the email and authorises. */
  onboard_sandbox_authorise_connector (fixture->sandbox, fixture->connector_id, NULL, &error);
  g_assert_no_error (error);

  wait_until (fixture->done_count == 1);
  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 5);
  g_assert_cmpstr (onboard_status_view_get_title (status_view (fixture)), ==,
                   "Groupcall has confirmed the authorisation");
}

static void
test_change_recipient (Fixture       *fixture,
                       gconstpointer  data)
{
  grant_access_to_me (fixture);

  /* Sent to the wrong person: choose again, and it goes again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "connector.change-recipient", NULL);
  g_assert_cmpstr (view_name (fixture), ==, "form");
  gtk_check_button_set_active (check_in_row (fixture, "Send it to a colleague"), TRUE);
  type_into (fixture, "Colleague’s name", "Sam Data");
  type_into (fixture, "Colleague’s email", "sam.data@oakfield.sch.uk");
  grant_access (fixture);

  wait_until (g_strcmp0 (view_name (fixture), "inbox") == 0);
  g_assert_true (shows_text (fixture, "Sam Data (sam.data@oakfield.sch.uk)"));
  g_assert_cmpuint (count_log_lines (fixture->client, "grant_access 202"), ==, 2);
  g_assert_cmpuint (onboard_sandbox_get_mail_count (fixture->sandbox, "groupcall_invitation"), ==, 2);
}

static void
test_returning_user_waiting (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardConnector) granted = NULL;
  g_autoptr(GError) error = NULL;

  /* Access was granted days ago, before the app was closed. */
  onboard_client_grant_access_async (fixture->client, fixture->connector_id, NULL, NULL, TRUE, NULL,
                                     NULL, store_result, &result);
  wait_until (result != NULL);
  granted = onboard_client_grant_access_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  onboard_progress_set_connector_status (fixture->progress, "invitation_sent");

  show_page (fixture);

  g_assert_cmpstr (view_name (fixture), ==, "inbox");
  g_assert_cmpstr (onboard_status_monitor_get_connector_id (fixture->monitor), ==, fixture->connector_id);
  wait_until (g_strcmp0 (onboard_status_view_get_title (status_view (fixture)),
                         "Waiting for someone to click Begin Authorisation") == 0);
  /* The address comes from the service, masked, as it was not typed here. */
  g_assert_true (shows_text (fixture, "o***@oakfield.sch.uk"));
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

  /* gtk_test_init() cannot isolate the folders: do it before anything
   * reads them. */
  test_root = g_dir_make_tmp ("onboard-connector-page-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/connector-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_UNSHOWN(path, func) \
  g_test_add ("/onboard/connector-page/" path, Fixture, "unshown", fixture_set_up, func, fixture_tear_down)

  ADD ("says-what-happens", test_says_what_happens);
  ADD ("policy-required", test_policy_required);
  ADD ("grant-access-to-me", test_grant_access_to_me);
  ADD ("grant-access-to-colleague", test_grant_access_to_colleague);
  ADD ("colleague-refused-by-service", test_colleague_refused_by_service);
  ADD ("resend-cooldown", test_resend_cooldown);
  ADD ("resend-refused-early", test_resend_refused_early);
  ADD ("upstream-refusal-then-retry", test_upstream_refusal_then_retry);
  ADD ("refused-after-sending", test_refused_after_sending);
  ADD ("busy-while-granting", test_busy_while_granting);
  ADD ("moves-on-when-authorised", test_moves_on_when_authorised);
  ADD ("change-recipient", test_change_recipient);
  ADD_UNSHOWN ("returning-user-waiting", test_returning_user_waiting);

#undef ADD
#undef ADD_UNSHOWN

  ret = g_test_run ();

  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);

  return ret;
}
