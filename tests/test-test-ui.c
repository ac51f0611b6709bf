/* test-test-ui.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-test-network-monitor.h"
#include "onboard-test-ui.h"

/* The helpers every test leans on: a wait that gives up says where and on
 * what, a second answer to one call is caught, and find_widget finds what
 * it is asked for and nothing else. */

static gboolean
set_flag_cb (gpointer data)
{
  *(int *)data = 42;

  return G_SOURCE_REMOVE;
}

static void
test_wait_until_returns (void)
{
  int flag = 0;

  g_timeout_add (20, set_flag_cb, &flag);
  wait_until (flag == 42);
  g_assert_cmpint (flag, ==, 42);

  /* Already true: no waiting at all. */
  wait_until_ms (flag == 42, 0);
}

static void
test_wait_until_names_condition (void)
{
  if (g_test_subprocess ())
    {
      int flag = 0;

      wait_until_ms (flag == 42, 50);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*test-test-ui.c:*: gave up after 50 ms waiting for flag == 42*");
}

static void
test_iterate_for (void)
{
  int flag = 0;

  g_timeout_add (10, set_flag_cb, &flag);
  iterate_for (100);

  /* It ran what came due in the meantime. */
  g_assert_cmpint (flag, ==, 42);
}

static void
test_store_result (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, store_result, &result);

  g_task_return_boolean (task, TRUE);
  g_assert_true (await_result (&result) == G_ASYNC_RESULT (task));
}

static void
test_store_result_twice (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GTask) task = g_task_new (NULL, NULL, store_result, &result);

      g_task_return_boolean (task, TRUE);
      await_result (&result);

      /* A callback that comes a second time is a bug in the code under
       * test, and the test must say so. */
      store_result (NULL, G_ASYNC_RESULT (task), &result);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*'*slot' should be NULL*");
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static void
test_find_widget (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *deep = gtk_label_new ("Deep");
  GtkWidget *later = gtk_label_new ("Later");
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Continue");
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (box, "root");
  gtk_box_append (GTK_BOX (inner), deep);
  gtk_box_append (GTK_BOX (box), inner);
  gtk_box_append (GTK_BOX (box), later);
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Invite code");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "signup.continue");
  gtk_widget_add_css_class (later, "subtitle");

  /* Depth first: the label inside the first child comes first. */
  g_assert_true (find_widget (box, GTK_TYPE_LABEL, NULL, NULL) == deep);
  g_assert_true (find_widget (box, GTK_TYPE_LABEL, label_is, "Later") == later);
  g_assert_true (find_widget (box, GTK_TYPE_LABEL, label_contains, "ate") == later);
  g_assert_true (find_widget (box, GTK_TYPE_LABEL, label_ends_with, "eep") == deep);
  g_assert_true (find_widget (box, GTK_TYPE_LABEL, has_css_class, "subtitle") == later);
  g_assert_true (find_widget (box, GTK_TYPE_BUTTON, button_has_label, "_Continue") == button);
  g_assert_true (find_widget (box, GTK_TYPE_ACTIONABLE, has_action, "signup.continue") == button);
  g_assert_true (find_widget (box, ADW_TYPE_PREFERENCES_ROW, row_has_title, "Invite code") == row);

  /* Only below the root, and only what matches. */
  g_assert_null (find_widget (box, GTK_TYPE_BUTTON, button_has_label, "Later"));
  g_assert_null (find_widget (box, GTK_TYPE_WIDGET, is_named, "root"));
  g_assert_null (find_widget (box, GTK_TYPE_LABEL, label_is, "Nowhere"));

  g_assert_finalize_object (box);
}

/* A row with its message and a button, as the forms have them. */
static GtkWidget *
new_form (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *other = adw_entry_row_new ();
  GtkWidget *message = g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, NULL);
  GtkWidget *button = gtk_button_new_with_label ("Resend");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Email");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (other), "Password");
  gtk_list_box_append (GTK_LIST_BOX (list), other);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_box_append (GTK_BOX (box), list);
  onboard_field_message_set_field (ONBOARD_FIELD_MESSAGE (message), row);
  gtk_box_append (GTK_BOX (box), message);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "signup.resend");
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

static void
test_find_row (void)
{
  GtkWidget *box = new_form ();
  GtkWidget *row = find_row (box, "Email");
  OnboardFieldMessage *message = find_row_message (box, "Email");

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Email");
  g_assert_true (onboard_field_message_get_field (message) == row);
  /* The button appended last, not one inside the rows. */
  g_assert_true (find_button_for_action (box, "signup.resend") == gtk_widget_get_last_child (box));

  type_into_row (box, "Email", "office@oakfield.sch.uk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "office@oakfield.sch.uk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (box, "Password"))), ==, "");

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Enter your whole email address.");
  assert_field_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "whole email");

  g_assert_finalize_object (box);
}

/* What is not there fails the test, and says what was looked for. */
static void
test_find_row_missing (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *box = new_form ();

      find_row (box, "Invite code");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*No row ?Invite code? under GtkBox*");
}

static void
test_find_button_missing (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *box = new_form ();

      find_button_for_action (box, "signup.cancel");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*No button for signup.cancel under GtkBox*");
}

static void
test_field_message_mismatch (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *box = new_form ();
      OnboardFieldMessage *message = find_row_message (box, "Email");

      onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_INFO, "Enter your whole email address.");
      assert_field_message (message, ONBOARD_FIELD_MESSAGE_ERROR, "whole email");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*The row says (kind 1) ?Enter your whole email address.?; expected (kind 4)*");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *)user_data)++;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  *(int *)user_data = available ? 1 : 0;
}

static void
test_network_monitor (void)
{
  g_autoptr(OnboardTestNetworkMonitor) monitor = onboard_test_network_monitor_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new ("127.0.0.1", 80);
  g_autoptr(GError) error = NULL;
  guint notified = 0;
  int changed = -1;

  g_assert_true (g_network_monitor_get_network_available (G_NETWORK_MONITOR (monitor)));
  g_assert_false (g_network_monitor_get_network_metered (G_NETWORK_MONITOR (monitor)));
  g_assert_cmpint (g_network_monitor_get_connectivity (G_NETWORK_MONITOR (monitor)), ==, G_NETWORK_CONNECTIVITY_FULL);
  g_assert_true (g_network_monitor_can_reach (G_NETWORK_MONITOR (monitor), address, NULL, &error));
  g_assert_no_error (error);

  g_signal_connect (monitor, "notify::network-available", G_CALLBACK (count_notify), &notified);
  g_signal_connect (monitor, "network-changed", G_CALLBACK (network_changed_cb), &changed);

  onboard_test_network_monitor_set_available (monitor, FALSE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (changed, ==, 0);
  g_assert_false (g_network_monitor_get_network_available (G_NETWORK_MONITOR (monitor)));
  g_assert_cmpint (g_network_monitor_get_connectivity (G_NETWORK_MONITOR (monitor)), ==, G_NETWORK_CONNECTIVITY_LOCAL);
  g_assert_false (g_network_monitor_can_reach (G_NETWORK_MONITOR (monitor), address, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);

  onboard_test_network_monitor_set_available (monitor, TRUE);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (changed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/test-ui/wait-until-returns", test_wait_until_returns);
  g_test_add_func ("/onboard/test-ui/wait-until-names-condition", test_wait_until_names_condition);
  g_test_add_func ("/onboard/test-ui/iterate-for", test_iterate_for);
  g_test_add_func ("/onboard/test-ui/store-result", test_store_result);
  g_test_add_func ("/onboard/test-ui/store-result-twice", test_store_result_twice);
  g_test_add_func ("/onboard/test-ui/find-widget", test_find_widget);
  g_test_add_func ("/onboard/test-ui/find-row", test_find_row);
  g_test_add_func ("/onboard/test-ui/find-row-missing", test_find_row_missing);
  g_test_add_func ("/onboard/test-ui/find-button-missing", test_find_button_missing);
  g_test_add_func ("/onboard/test-ui/field-message-mismatch", test_field_message_mismatch);
  g_test_add_func ("/onboard/test-ui/network-monitor", test_network_monitor);

  return g_test_run ();
}
