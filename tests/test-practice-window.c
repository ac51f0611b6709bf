/* test-practice-window.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-application.h"
#include "onboard-page.h"
#include "onboard-practice-progress.h"
#include "onboard-sandbox-scenario.h"
#include "onboard-school-catalogue.h"
#include "onboard-status-monitor.h"
#include "onboard-test-ui.h"
#include "onboard-window.h"

/* `--practice --step NAME`: the window opened on practice's progress and
 * client, as the application does, is at that step and shows what the
 * practice service says there. */

static OnboardApplication *the_app;

static const char *
button_label (GtkWidget *button)
{
  GtkWidget *child;

  if (gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (button));

  /* A label beside a spinner, as the window's primary button has. */
  for (child = gtk_widget_get_first_child (button); child != NULL; child = gtk_widget_get_first_child (child))
    {
      for (GtkWidget *sibling = child; sibling != NULL; sibling = gtk_widget_get_next_sibling (sibling))
        if (GTK_IS_LABEL (sibling) && gtk_widget_get_visible (sibling))
          return gtk_label_get_label (GTK_LABEL (sibling));
    }

  return NULL;
}

/* The same words may be on a page not shown: step 4's and step 5's
 * pages both show the connection's state. */
static gboolean
label_is_showing (GtkWidget     *widget,
                  gconstpointer  data)
{
  return label_is (widget, data) && gtk_widget_is_drawable (widget);
}

static GtkWidget *
find_showing_label (GtkWidget  *root,
                    const char *text)
{
  return find_widget (root, GTK_TYPE_LABEL, label_is_showing, text);
}

static void
test_practice_window_step (gconstpointer data)
{
  static const struct {
    const char *name;
    guint       step;
    const char *primary;   /* NULL: not checked */
    const char *says;      /* what the page shows from the practice service */
  } cases[] = {
    { "1",           1, "_Next",         NULL },
    { "2",           2, "_Sign up",      NULL },
    { "2-inbox",     2, NULL,            NULL },
    { "3",           3, "C_ontinue",     NULL },
    { "4",           4, "_Grant Access", NULL },
    { "4-inbox",     4, NULL,            "Waiting for someone to click Begin Authorisation" },
    { "5",           5, NULL,            "Groupcall has confirmed the authorisation" },
    { "5-connected", 5, "_Finish",       "Your school is connected to Assembly" },
  };
  const char *name = data;
  g_autoptr(OnboardPracticeScenario) scenario = NULL;
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardPracticeSetup) setup = NULL;
  g_autoptr(OnboardProgress) progress = NULL;
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardSchoolCatalogue) catalogue = NULL;
  g_autoptr(OnboardStatusMonitor) monitor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = g_dir_make_tmp ("onboard-practice-XXXXXX", NULL);
  OnboardWindow *window;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    if (strcmp (cases[i].name, name) == 0)
      break;
  g_assert_cmpuint (i, <, G_N_ELEMENTS (cases));

  /* What the application does, in this order. */
  scenario = onboard_practice_scenario_new_for_step (name, &error);
  g_assert_no_error (error);

  onboard_sandbox_set_first_sync_delay (sandbox, 3600);
  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  onboard_sandbox_scenario_apply_async (sandbox, scenario, NULL, store_result, &result);
  await_result (&result);
  setup = onboard_sandbox_scenario_apply_finish (sandbox, result, &error);
  g_assert_no_error (error);

  client = onboard_client_new (onboard_sandbox_get_base_url (sandbox));
  progress = onboard_progress_new (onboard_sandbox_get_base_url (sandbox));
  onboard_practice_progress_apply (progress, setup);
  if (setup->scenario->signed_in)
    onboard_client_set_tokens (client, setup->access_token, setup->refresh_token);

  catalogue = onboard_school_catalogue_new (client, cache);
  monitor = onboard_status_monitor_new (client, NULL);
  window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
  gtk_window_present (GTK_WINDOW (window));

  wait_until (onboard_window_get_current_page (window) != NULL &&
              onboard_page_get_step (onboard_window_get_current_page (window)) == cases[i].step);
  if (cases[i].says != NULL)
    wait_until (find_showing_label (GTK_WIDGET (window), cases[i].says) != NULL);
  if (cases[i].primary != NULL)
    wait_until (g_strcmp0 (button_label (onboard_window_get_primary_button (window)), cases[i].primary) == 0);

  /* Still there once the page has talked to the practice service. */
  iterate_for (300);
  g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (window)), ==, cases[i].step);
  if (cases[i].says != NULL)
    g_assert_nonnull (find_showing_label (GTK_WIDGET (window), cases[i].says));
  /* Nothing failed on the way. */
  g_assert_null (onboard_client_get_last_error_details (client));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
  remove_tree (cache);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("onboard-practice-window-XXXXXX", NULL);
  const char * const *names = onboard_practice_scenario_list_step_names ();
  int ret;

  g_setenv ("XDG_STATE_HOME", tmp, TRUE);
  g_setenv ("XDG_CACHE_HOME", tmp, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Nothing may leave this machine: a loopback port where no one listens. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_string (settings, "api-base-url", "http://127.0.0.1:9/api/onboarding");
  }

  the_app = onboard_application_new ();
  g_application_set_flags (G_APPLICATION (the_app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/onboard/practice-window/step/%s", names[i]);

      g_test_add_data_func (path, names[i], test_practice_window_step);
    }

  ret = g_test_run ();
  g_clear_object (&the_app);
  remove_tree (tmp);

  return ret;
}
