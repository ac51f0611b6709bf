/* test-support-dialog.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-support-dialog.h"
#include "onboard-test-ui.h"

/* The support window is closed whenever the user likes: while its
 * connection checks still run, and while its Save chooser is open. Nothing
 * that answers later may reach a window that is gone. */

typedef struct
{
  OnboardSandbox       *sandbox;
  OnboardClient        *client;
  OnboardProgress      *progress;
  OnboardSupportReport *report;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *url;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);
  url = onboard_sandbox_get_base_url (fixture->sandbox);

  fixture->client = onboard_client_new (url);
  onboard_client_set_timeout (fixture->client, 5);
  fixture->progress = onboard_progress_new (url);
  fixture->report = onboard_support_report_new (fixture->client, fixture->progress);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->report);
  g_clear_object (&fixture->progress);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->sandbox);
}

static void
wait_until_gone (gpointer *weak)
{
  wait_until (*weak == NULL);
}

static gboolean
report_has_checks (OnboardSupportDialog *dialog)
{
  g_autofree char *text = onboard_support_dialog_dup_report (dialog);

  return strstr (text, "\nChecks:\n") != NULL;
}

static void
wait_for_checks (OnboardSupportDialog *dialog)
{
  wait_until (report_has_checks (dialog));
}

static GtkWindow *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* The chooser checks the file it is given before it answers. */
static void
wait_for_chooser_to_close (void)
{
  wait_until (find_chooser () == NULL);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Read out to an agent, the reference is spelled for a screen reader, a
 * character at a time, where a sighted user reads "A7K2Q9". */
static void
test_support_dialog_spells_reference (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *reference = onboard_support_report_dup_reference (fixture->report);
  g_autoptr(GString) spelled = g_string_new ("Support reference: ");
  OnboardSupportDialog *dialog;
  GtkWidget *label;
  gpointer weak;

  for (const char *c = reference; *c != '\0'; c++)
    g_string_append_printf (spelled, c == reference ? "%c" : ", %c", *c);

  dialog = onboard_support_dialog_new (NULL, fixture->report);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));

  label = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_is, reference);
  g_assert_nonnull (label);
  g_assert_cmpuint (strlen (reference), ==, 6);
  gtk_test_accessible_assert_property (label, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spelled->str);

  wait_for_checks (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until_gone (&weak);
}

static void
test_support_dialog_close_while_checking (Fixture       *fixture,
                                          gconstpointer  data)
{
  OnboardSupportDialog *dialog;
  OnboardSupportDialog *second;
  g_autoptr(GError) error = NULL;
  gpointer weak;
  gpointer second_weak;

  /* The service is slow to answer, so the checks outlast the window. */
  onboard_sandbox_add_fault (fixture->sandbox, "{\"path\":\"/status\",\"delay_ms\":1500,\"count\":1}", &error);
  g_assert_no_error (error);

  dialog = onboard_support_dialog_new (NULL, fixture->report);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (report_has_checks (dialog));

  /* Closed before the checks could answer: the window goes at once, not
   * when the checks end. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (weak);

  /* A new window while that run goes on shares it; when it ends, its
   * answer reaches this window only. */
  second = onboard_support_dialog_new (NULL, fixture->report);
  second_weak = second;
  g_object_add_weak_pointer (G_OBJECT (second), &second_weak);
  gtk_window_present (GTK_WINDOW (second));
  g_assert_false (report_has_checks (second));
  wait_for_checks (second);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  gtk_window_destroy (GTK_WINDOW (second));
  wait_until_gone (&second_weak);
}

static void
test_support_dialog_close_with_chooser_open (Fixture       *fixture,
                                             gconstpointer  data)
{
  OnboardSupportDialog *dialog = onboard_support_dialog_new (NULL, fixture->report);
  g_autoptr(GtkWindow) chooser = NULL;
  g_autofree char *dir = g_dir_make_tmp ("onboard-support-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "assembly-onboard-support-report.txt", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_checks (dialog);

  /* The chooser offers the name the dialog suggests, in the current
   * folder. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "support.save-report", NULL);
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  g_object_ref (chooser);

  /* The user closes the support window and leaves the chooser open… */
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until_gone (&weak);

  /* …then answers it. There is no window left to save from, and no
   * chooser left on screen either. */
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait_for_chooser_to_close ();

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("onboard-support-dialog-XXXXXX", NULL);

  /* Private folders: the report keeps an install id in XDG_STATE_HOME. */
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/support-dialog/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("spells-reference", test_support_dialog_spells_reference);
  ADD ("close-while-checking", test_support_dialog_close_while_checking);
  ADD ("close-with-chooser-open", test_support_dialog_close_with_chooser_open);

#undef ADD

  return g_test_run ();
}
