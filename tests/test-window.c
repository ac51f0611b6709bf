/* test-window.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-application.h"
#include "onboard-status-monitor.h"
#include "onboard-window.h"

/* What a user sees when the app starts: the real application, the real
 * window, under a display.
 */

typedef struct
{
  OnboardApplication *app;
  OnboardWindow      *window;
} Fixture;

/* One application per process, as in real use; each test gets a new window. */
static OnboardApplication *the_app;

static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;

      if ((found = find_button_with_label (child, label)))
        return found;
    }

  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->app = g_object_ref (the_app);
  g_application_activate (G_APPLICATION (fixture->app));
  fixture->window = ONBOARD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)));
  g_assert_true (ONBOARD_IS_WINDOW (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  iterate (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_destroy (l->data);

  iterate (50);

  /* Nothing may keep the window alive once it is closed. The application
   * itself stays registered on the bus until the process ends. */
  g_assert_null (fixture->window);
  g_clear_object (&fixture->app);
}

static void
test_window_opens_on_step_one (Fixture       *fixture,
                               gconstpointer  data)
{
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  GtkWidget *next;
  const char *title;

  g_assert_nonnull (page);
  g_assert_cmpuint (onboard_page_get_step (page), ==, 1);
  g_assert_cmpstr (onboard_page_get_title (page), ==, "Before you start");

  title = gtk_window_get_title (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (title, ==, "Step 1 of 5 · Before you start");

  next = find_button_with_label (GTK_WIDGET (fixture->window), "_Next");
  g_assert_nonnull (next);
  g_assert_true (gtk_widget_get_mapped (next));
  g_assert_true (gtk_widget_is_sensitive (next));
}

static void
test_window_step_one_says_what_is_supported (Fixture       *fixture,
                                             gconstpointer  data)
{
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *widget = GTK_WIDGET (page);
  const char *expected[] = {
    "SIMS", "CMIS", "Pupil Asset", "iSAMS", "Arbor",
    "Groupcall Xporter on Demand", "SchoolBooking", "020 8506 6100",
  };

  /* Gather every label and row the page shows, as a reader would. */
  while (widget != NULL)
    {
      if (GTK_IS_LABEL (widget))
        g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));

      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != GTK_WIDGET (page) && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == GTK_WIDGET (page) ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (strstr (text->str, expected[i]) == NULL)
        g_error ("Step 1 does not mention “%s”; it shows:\n%s", expected[i], text->str);
    }
}

static void
test_window_about_names_library_versions (Fixture       *fixture,
                                          gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *gtk_version = NULL;
  g_autofree char *debug_info = NULL;
  AdwAboutWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  iterate (100);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (item))
        about = ADW_ABOUT_WINDOW (item);
    }

  g_assert_nonnull (about);
  g_assert_nonnull (fixture->window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (about)));
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);

  debug_info = g_strdup (adw_about_window_get_debug_info (about));
  gtk_version = g_strdup_printf ("GTK %u.%u.%u", gtk_get_major_version (),
                                 gtk_get_minor_version (), gtk_get_micro_version ());
  g_assert_nonnull (strstr (debug_info, gtk_version));
  g_assert_nonnull (strstr (debug_info, "GLib 2."));
  g_assert_nonnull (strstr (debug_info, "libadwaita 1."));
  g_assert_nonnull (strstr (debug_info, "libsoup 3."));
  g_assert_nonnull (strstr (debug_info, "json-glib 1."));

  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_window_closes_at_once_without_input (Fixture       *fixture,
                                          gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  onboard_window_request_close (fixture->window);
  iterate (100);

  g_assert_null (fixture->window);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);
      g_assert_false (ADW_IS_MESSAGE_DIALOG (item));
    }
}

static void
test_window_asks_before_losing_input (Fixture       *fixture,
                                      gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  AdwMessageDialog *dialog = NULL;

  onboard_page_set_has_input (page, TRUE);
  onboard_window_request_close (fixture->window);
  iterate (100);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        dialog = ADW_MESSAGE_DIALOG (item);
    }

  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop Setting Up?");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* "Keep Going" leaves the window as it was. */
  adw_message_dialog_response (dialog, "cancel");
  iterate (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* Closing the window with the title bar's button asks too. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  iterate (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
}

static guint
count_onboard_windows (OnboardApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += ONBOARD_IS_WINDOW (l->data);

  return n;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return ADW_MESSAGE_DIALOG (item);
    }

  return NULL;
}

/* A dialog of the application is the active window (the support window,
 * a message): the app's actions still find the assistant's window. */
static void
test_window_found_behind_a_dialog (Fixture       *fixture,
                                   gconstpointer  data)
{
  OnboardPage *page = onboard_window_get_current_page (fixture->window);
  GtkWindow *dialog = GTK_WINDOW (adw_window_new ());
  AdwMessageDialog *asked;

  gtk_window_set_transient_for (dialog, GTK_WINDOW (fixture->window));
  gtk_window_set_application (dialog, GTK_APPLICATION (fixture->app));
  gtk_window_present (dialog);
  iterate (100);
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)) == dialog);

  /* Started again from the menu or the command line: the same window, not
   * a second one. */
  g_application_activate (G_APPLICATION (fixture->app));
  iterate (100);
  g_assert_cmpuint (count_onboard_windows (fixture->app), ==, 1);

  /* Quit still asks before losing what was typed. */
  onboard_page_set_has_input (page, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  iterate (100);
  asked = find_message_dialog ();
  g_assert_nonnull (asked);
  g_assert_cmpstr (adw_message_dialog_get_heading (asked), ==, "Stop Setting Up?");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  adw_message_dialog_response (asked, "cancel");
  iterate (100);

  onboard_page_set_has_input (page, FALSE);
}

/* Names the innermost widgets that are too wide, so a failure says where. */
static gboolean
report_wide_widgets (GtkWidget *widget,
                     int        limit)
{
  gboolean child_reported = FALSE;
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= limit)
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    child_reported |= report_wide_widgets (child, limit);

  if (!child_reported)
    g_test_message ("Too wide (%d px): %s %s “%s”", minimum,
                    G_OBJECT_TYPE_NAME (widget),
                    gtk_widget_get_name (widget),
                    GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) :
                    GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : "");

  return TRUE;
}

static void
test_window_every_page_fits_narrow_screens (Fixture       *fixture,
                                            gconstpointer  data)
{
  /* 600 px wide screens exist in schools; the assistant's step list takes
   * about 160 of them, so a page may need at most 420. */
  for (guint i = 0; i < onboard_window_get_n_steps (fixture->window); i++)
    {
      OnboardPage *page = onboard_window_get_page (fixture->window, i);
      int minimum = 0;

      gtk_widget_measure (GTK_WIDGET (page), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_test_message ("Step %u needs %d px", onboard_page_get_step (page), minimum);
      report_wide_widgets (GTK_WIDGET (page), 420);
      g_assert_cmpint (minimum, <=, 420);
    }
}

/* Days later, the app opens where the user left off: at every step. */
static void
test_window_resumes_at_saved_step (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autofree char *cache = g_dir_make_tmp ("onboard-resume-XXXXXX", NULL);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, cache);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);

  for (guint step = 1; step <= ONBOARD_PAGE_N_STEPS; step++)
    {
      g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
      OnboardWindow *window;
      OnboardPage *page;
      g_autofree char *expected = NULL;

      onboard_progress_set_step (progress, step);
      window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
      gtk_window_present (GTK_WINDOW (window));
      iterate (100);

      page = onboard_window_get_current_page (window);
      g_assert_cmpuint (onboard_page_get_step (page), ==, step);
      expected = g_strdup_printf ("Step %u of 5 · %s", step, onboard_page_get_title (page));
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expected);

      gtk_window_destroy (GTK_WINDOW (window));
      iterate (50);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("onboard-window-XXXXXX", NULL);
  int ret;

  /* The application saves progress and caches schools: into private
   * folders, never the user's. */
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

  g_test_add ("/onboard/window/opens-on-step-one", Fixture, NULL,
              fixture_set_up, test_window_opens_on_step_one, fixture_tear_down);
  g_test_add ("/onboard/window/step-one-says-what-is-supported", Fixture, NULL,
              fixture_set_up, test_window_step_one_says_what_is_supported, fixture_tear_down);
  g_test_add ("/onboard/window/every-page-fits-narrow-screens", Fixture, NULL,
              fixture_set_up, test_window_every_page_fits_narrow_screens, fixture_tear_down);
  g_test_add ("/onboard/window/about-names-library-versions", Fixture, NULL,
              fixture_set_up, test_window_about_names_library_versions, fixture_tear_down);
  g_test_add ("/onboard/window/closes-at-once-without-input", Fixture, NULL,
              fixture_set_up, test_window_closes_at_once_without_input, fixture_tear_down);
  g_test_add ("/onboard/window/asks-before-losing-input", Fixture, NULL,
              fixture_set_up, test_window_asks_before_losing_input, fixture_tear_down);

  g_test_add ("/onboard/window/found-behind-a-dialog", Fixture, NULL,
              fixture_set_up, test_window_found_behind_a_dialog, fixture_tear_down);

  g_test_add_func ("/onboard/window/resumes-at-saved-step", test_window_resumes_at_saved_step);

  ret = g_test_run ();
  g_clear_object (&the_app);

  return ret;
}
