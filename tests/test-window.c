/* test-window.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-application.h"
#include "onboard-practice.h"
#include "onboard-status-monitor.h"
#include "onboard-support-report.h"
#include "onboard-test-ui.h"
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

#define find_button_with_label(root, label) find_widget ((root), GTK_TYPE_BUTTON, button_has_label, (label))
#define find_label_containing(root, text) GTK_LABEL (find_widget ((root), GTK_TYPE_LABEL, label_contains, (text)))
#define find_actionable(root, action) find_widget ((root), GTK_TYPE_ACTIONABLE, has_action, (action))


/* The label a button shows, with its mnemonic: its own, or its child's. */
static const char *
button_label (GtkWidget *button)
{
  GtkWidget *widget = button;

  if (gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (button));

  while (widget != NULL && !GTK_IS_LABEL (widget))
    {
      GtkWidget *next = gtk_widget_get_first_child (widget);

      while (next != NULL && !gtk_widget_get_visible (next))
        next = gtk_widget_get_next_sibling (next);
      if (next == NULL || (GTK_IS_SPINNER (next) && gtk_widget_get_next_sibling (next) != NULL))
        next = next ? gtk_widget_get_next_sibling (next) : NULL;
      widget = next;
    }

  return widget != NULL ? gtk_label_get_label (GTK_LABEL (widget)) : NULL;
}

/* Every blue button the user can see in @root. */
static void
collect_suggested (GtkWidget *root,
                   GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;

      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "suggested-action"))
        g_ptr_array_add (found, child);

      collect_suggested (child, found);
    }
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
  iterate_for (200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_destroy (l->data);

  iterate_for (50);

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
  GtkWidget *next, *cancel;
  const char *title;

  g_assert_nonnull (page);
  g_assert_cmpuint (onboard_page_get_step (page), ==, 1);
  g_assert_cmpstr (onboard_page_get_title (page), ==, "Before you start");

  title = gtk_window_get_title (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (title, ==, "Step 1 of 5 · Before you start");

  next = onboard_window_get_primary_button (fixture->window);
  g_assert_nonnull (next);
  g_assert_true (gtk_widget_get_mapped (next));
  g_assert_true (gtk_widget_is_sensitive (next));
  g_assert_cmpstr (button_label (next), ==, "_Next");

  /* Nothing before Step 1: no Back, and no Cancel beside the close button. */
  g_assert_false (gtk_widget_get_mapped (onboard_window_get_back_button (fixture->window)));
  cancel = find_button_with_label (GTK_WIDGET (fixture->window), "_Cancel");
  g_assert_true (cancel == NULL || !gtk_widget_get_mapped (cancel));
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
  iterate_for (100);

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
  iterate_for (100);

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
  iterate_for (100);

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
  iterate_for (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));

  /* Closing the window with the title bar's button asks too. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  iterate_for (100);
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
  iterate_for (100);
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (fixture->app)) == dialog);

  /* Started again from the menu or the command line: the same window, not
   * a second one. */
  g_application_activate (G_APPLICATION (fixture->app));
  iterate_for (100);
  g_assert_cmpuint (count_onboard_windows (fixture->app), ==, 1);

  /* Quit still asks before losing what was typed. */
  onboard_page_set_has_input (page, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  iterate_for (100);
  asked = find_message_dialog ();
  g_assert_nonnull (asked);
  g_assert_cmpstr (adw_message_dialog_get_heading (asked), ==, "Stop Setting Up?");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  adw_message_dialog_response (asked, "cancel");
  iterate_for (100);

  onboard_page_set_has_input (page, FALSE);
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

/* What the progress file holds for a user who reached @step. */
static void
put_progress_at_step (OnboardProgress *progress,
                      guint            step)
{
  onboard_progress_set_step (progress, step);
  if (step >= ONBOARD_STEP_CONFIGURE_CONNECTION)
    {
      onboard_progress_set_email (progress, "office@oakfield.sch.uk");
      onboard_progress_set_school_urn (progress, "100018");
      onboard_progress_set_school_name (progress, "Netley Primary School & Centre for Autism");
      onboard_progress_set_mis_provider (progress, "sims");
      onboard_progress_set_registration_id (progress, "reg_1");
      onboard_progress_set_connector_id (progress, "con_1");
      onboard_progress_set_connector_status (progress, "not_configured");
    }
  if (step >= ONBOARD_STEP_CHECK_CONNECTION)
    onboard_progress_set_connector_status (progress, "connected");
}

/* Copy Report says where the report can go: an email address only when
 * there is one to give, never a bare "email support". */
static void
test_window_support_report_says_where_to_send (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *addresses[] = { "", "help@assembly.example" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      GtkWidget *dialog = NULL;
      GtkLabel *status;

      g_settings_set_string (settings, "support-email", addresses[i]);
      g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "support", NULL);
      iterate_for (200);

      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (toplevels, j);

          if (g_str_equal (G_OBJECT_TYPE_NAME (item), "OnboardSupportDialog"))
            dialog = GTK_WIDGET (item);
        }
      g_assert_nonnull (dialog);

      gtk_widget_activate_action (dialog, "support.copy-report", NULL);
      iterate_for (50);
      status = find_label_containing (dialog, "The report is copied");
      g_assert_nonnull (status);

      if (addresses[i][0] == '\0')
        g_assert_null (strstr (gtk_label_get_label (status), "email"));
      else
        g_assert_nonnull (strstr (gtk_label_get_label (status), addresses[i]));

      gtk_window_destroy (GTK_WINDOW (dialog));
      iterate_for (50);
    }

  g_settings_reset (settings, "support-email");
}

/* The Support window's Help site row opens the help site: it can reach the
 * application's help action, so it is not greyed out. */
static void
test_window_support_help_site (Fixture       *fixture,
                               gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *dialog = NULL;
  GtkWidget *help;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "support", NULL);
  iterate_for (200);

  for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, j);

      if (g_str_equal (G_OBJECT_TYPE_NAME (item), "OnboardSupportDialog"))
        dialog = GTK_WIDGET (item);
    }
  g_assert_nonnull (dialog);

  help = find_actionable (dialog, "app.help");
  g_assert_nonnull (help);
  g_assert_true (gtk_widget_get_mapped (help));
  g_assert_true (gtk_widget_is_sensitive (help));

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (50);
}

/* The Support dialog's copy buttons say that they worked, with a toast. */
static void
test_window_support_copies_say_so (Fixture       *fixture,
                                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  const struct {
    const char *action;
    const char *toast;
  } copies[] = {
    { "support.copy-phone", "Phone number copied" },
    { "support.copy-reference", "Support reference copied" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      GtkWidget *dialog = NULL;

      g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "support", NULL);
      iterate_for (200);

      for (guint j = 0; j < g_list_model_get_n_items (toplevels); j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (toplevels, j);

          if (g_str_equal (G_OBJECT_TYPE_NAME (item), "OnboardSupportDialog"))
            dialog = GTK_WIDGET (item);
        }
      g_assert_nonnull (dialog);
      g_assert_null (find_label_containing (dialog, copies[i].toast));

      gtk_widget_activate_action (dialog, copies[i].action, NULL);
      iterate_for (50);
      g_assert_nonnull (find_label_containing (dialog, copies[i].toast));

      gtk_window_destroy (GTK_WINDOW (dialog));
      iterate_for (50);
    }
}

/* GTK on Wayland, and GNOME's settings on X, ask dialogs for header bars.
 * GtkAssistant then puts the action widgets into a header bar of its own,
 * which the window's title bar replaces: the blue button must still be in
 * the window, in view. */
static void
test_window_button_row_when_dialogs_use_header_bars (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  OnboardWindow *window;
  GtkWidget *next;

  g_object_set (settings, "gtk-dialogs-use-header", TRUE, NULL);

  g_application_activate (G_APPLICATION (the_app));
  window = ONBOARD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (the_app)));
  g_assert_true (ONBOARD_IS_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  iterate_for (200);

  next = onboard_window_get_primary_button (window);
  g_assert_true (gtk_widget_get_root (next) == GTK_ROOT (window));
  g_assert_true (gtk_widget_get_mapped (next));
  g_assert_cmpstr (button_label (next), ==, "_Next");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
  g_assert_null (window);
  gtk_settings_reset_property (settings, "gtk-dialogs-use-header");
}

/* Days later, the app opens where the user left off: at every step, with
 * the step's title on the window and on the page. */
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

      put_progress_at_step (progress, step);
      window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
      gtk_window_present (GTK_WINDOW (window));
      iterate_for (100);

      page = onboard_window_get_current_page (window);
      g_assert_cmpuint (onboard_page_get_step (page), ==, step);
      expected = g_strdup_printf ("Step %u of 5 · %s", step, onboard_page_get_title (page));
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expected);

      /* What a screen reader says as the focus moves into the step: the
       * page is a group named as the window is. */
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (page)), ==,
                       GTK_ACCESSIBLE_ROLE_GROUP);
      gtk_test_accessible_assert_property (page, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

      gtk_window_destroy (GTK_WINDOW (window));
      iterate_for (50);
    }
}

/* Practice: a window of its own with the banner and "Practice" in its
 * title, the real window hidden meanwhile; Leave Practice shows the real
 * one again, on the page it showed. */
static void
test_window_practice (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardPractice) practice = NULL;
  g_autoptr(GError) error = NULL;
  OnboardWindow *real = fixture->window;
  OnboardWindow *window = NULL;
  GtkWidget *banner;
  GAction *action;

  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);
  practice = onboard_practice_new_for_sandbox (sandbox);

  g_assert_false (onboard_window_get_practice (real));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (real)));
  banner = find_widget (GTK_WIDGET (real), GTK_TYPE_LABEL, label_is, "Practice — nothing is sent to Assembly");
  g_assert_nonnull (banner);
  g_assert_false (gtk_widget_is_visible (banner));
  onboard_window_go_to_step (real, 2);
  iterate_for (100);

  g_assert_true (onboard_application_start_practice (fixture->app, practice));
  iterate_for (200);
  g_assert_true (onboard_application_get_practice (fixture->app) == practice);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; l = l->next)
    if (ONBOARD_IS_WINDOW (l->data) && l->data != (gpointer)real)
      window = l->data;
  g_assert_nonnull (window);
  g_assert_true (onboard_window_get_practice (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Practice · Step 1 of 5 · Before you start");
  banner = find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is, "Practice — nothing is sent to Assembly");
  g_assert_true (gtk_widget_is_visible (banner));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (real)));

  /* The practice pages talk to the practice service only. */
  g_assert_true (onboard_window_get_current_page (window) != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (fixture->app), "practice");
  g_assert_false (g_action_get_enabled (action));
  action = g_action_map_lookup_action (G_ACTION_MAP (fixture->app), "leave-practice");
  g_assert_true (g_action_get_enabled (action));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "leave-practice", NULL);
  iterate_for (200);
  g_assert_null (window);
  g_assert_null (onboard_application_get_practice (fixture->app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (real)));
  g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (real)), ==, 2);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (real)), "Step 2 of 5"));
  action = g_action_map_lookup_action (G_ACTION_MAP (fixture->app), "practice");
  g_assert_true (g_action_get_enabled (action));

  /* The tests after this one start afresh at Step 1: going to Step 2 was
   * remembered as the furthest step reached. */
  onboard_window_go_to_step (real, 1);
  iterate_for (100);
  onboard_progress_reset (onboard_page_get_progress (onboard_window_get_current_page (real)), &error);
  g_assert_no_error (error);
}

static gboolean
any_window_says (OnboardApplication *app,
                        const char         *text)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  /* A message is a dialog over the window, not one of the app's own. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (find_label_containing (toplevel, text) != NULL)
        return TRUE;
    }

  return FALSE;
}

static OnboardWindow *
find_practice_window (OnboardApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (ONBOARD_IS_WINDOW (l->data) && onboard_window_get_practice (l->data))
      return l->data;

  return NULL;
}

static gboolean
practice_shows (OnboardApplication *app,
                guint               step,
                const char         *title)
{
  OnboardWindow *window = find_practice_window (app);
  OnboardPage *page = window != NULL ? onboard_window_get_current_page (window) : NULL;

  return page != NULL && onboard_page_get_step (page) == step &&
         g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)), title) == 0;
}

/* What --practice --step and --practice --from-report do, also when the
 * app is running already: the agent opens practice at Step 5, connected,
 * copies that practice's support report, and opens practice from it: the
 * same step and state come back. A report that is not one opens nothing
 * and says why. */
static void
test_window_practice_at (Fixture       *fixture,
                         gconstpointer  data)
{
  OnboardWindow *real = fixture->window;
  g_autoptr(OnboardSupportReport) report = NULL;
  g_autofree char *text = NULL;
  OnboardPractice *practice;
  OnboardWindow *window;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "practice-at",
                                  g_variant_new ("(ss)", "step", "5-connected"));
  wait_until (practice_shows (fixture->app, 5, "Practice · Step 5 of 5 · Checking the Connection has been Configured"));
  window = find_practice_window (fixture->app);
  wait_until (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is, "Your school is connected to Assembly") != NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (real)));

  practice = onboard_application_get_practice (fixture->app);
  report = onboard_support_report_new (onboard_practice_get_client (practice), onboard_practice_get_progress (practice));
  text = onboard_support_report_dup_text (report);
  g_clear_object (&report);

  /* A new practice takes the place of the one open. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "practice-at",
                                  g_variant_new ("(ss)", "step", "3"));
  wait_until (practice_shows (fixture->app, 3, "Practice · Step 3 of 5 · School information"));
  g_assert_null (window);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "practice-at",
                                  g_variant_new ("(ss)", "report", text));
  wait_until (practice_shows (fixture->app, 5, "Practice · Step 5 of 5 · Checking the Connection has been Configured"));
  window = find_practice_window (fixture->app);
  wait_until (find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, label_is, "Your school is connected to Assembly") != NULL);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "leave-practice", NULL);
  wait_until (find_practice_window (fixture->app) == NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (real)));

  /* Not a report: the real window says so, and practice does not open. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "practice-at",
                                  g_variant_new ("(ss)", "report", "Hello, I am stuck."));
  wait_until (any_window_says (fixture->app, "This is not an Assembly Onboard support report"));
  iterate_for (100);
  g_assert_null (find_practice_window (fixture->app));
  g_assert_null (onboard_application_get_practice (fixture->app));
}

static guint
count_built_pages (GtkAssistant *assistant)
{
  guint n = 0;

  for (int i = 0; i < gtk_assistant_get_n_pages (assistant); i++)
    n += ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, i));

  return n;
}

/* A new user's first frame needs Step 1 only: the other pages are built
 * after it, one a frame, while the sidebar names all five steps from the
 * start, in the same words. Asked for, a page is built at once. */
static void
test_window_builds_later_pages_after_first_frame (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autofree char *cache = g_dir_make_tmp ("onboard-lazy-XXXXXX", NULL);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, cache);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
  g_autoptr(OnboardProgress) progress2 = onboard_progress_new (url);
  char *titles[ONBOARD_PAGE_N_STEPS];
  OnboardWindow *window;
  GtkAssistant *assistant;

  put_progress_at_step (progress, 1);
  window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
  assistant = GTK_ASSISTANT (window);

  g_assert_cmpint (gtk_assistant_get_n_pages (assistant), ==, ONBOARD_PAGE_N_STEPS);
  g_assert_true (ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, 0)));
  for (int i = 1; i < ONBOARD_PAGE_N_STEPS; i++)
    g_assert_false (ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, i)));
  for (int i = 0; i < ONBOARD_PAGE_N_STEPS; i++)
    titles[i] = g_strdup (gtk_assistant_get_page_title (assistant, gtk_assistant_get_nth_page (assistant, i)));
  g_assert_cmpstr (titles[1], ==, "Sign up");
  g_assert_cmpstr (titles[4], ==, "Checking the\nConnection\nhas been\nConfigured");

  gtk_window_present (GTK_WINDOW (window));
  wait_until (count_built_pages (assistant) == ONBOARD_PAGE_N_STEPS);

  for (int i = 0; i < ONBOARD_PAGE_N_STEPS; i++)
    {
      OnboardPage *page = ONBOARD_PAGE (gtk_assistant_get_nth_page (assistant, i));

      g_assert_true (onboard_window_get_page (window, i) == page);
      g_assert_cmpuint (onboard_page_get_step (page), ==, i + 1);
      g_assert_cmpstr (gtk_assistant_get_page_title (assistant, GTK_WIDGET (page)), ==, titles[i]);
      g_free (titles[i]);
    }
  g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);

  /* Never shown, asked for Step 4: built on the spot, and those before it. */
  put_progress_at_step (progress2, 1);
  window = onboard_window_new (ADW_APPLICATION (the_app), client, progress2, catalogue, monitor, NULL);
  assistant = GTK_ASSISTANT (window);
  g_assert_false (ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, 3)));
  g_assert_cmpuint (onboard_page_get_step (onboard_window_get_page (window, 3)), ==, 4);
  for (int i = 0; i < 4; i++)
    g_assert_true (ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, i)));
  g_assert_false (ONBOARD_IS_PAGE (gtk_assistant_get_nth_page (assistant, 4)));
  g_assert_cmpuint (onboard_window_get_n_steps (window), ==, ONBOARD_PAGE_N_STEPS);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
}

/* The guide's names for each step's one primary action. */
static const char * const primary_labels[] = {
  NULL, "_Next", "_Sign up", "C_ontinue", "_Grant Access", "_Finish",
};

/* At every step, at the default size and in a 600 px window, with normal and
 * large text: exactly one blue button, the primary action the guide names,
 * wholly inside the window at its bottom right, whatever the page's length. */
static void
test_window_one_primary_action_in_view (gconstpointer data)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autofree char *cache = g_dir_make_tmp ("onboard-primary-XXXXXX", NULL);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, cache);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  static const struct { int width, height, dpi; } sizes[] = {
    { 1024, 768, 96 }, { 600, 700, 96 }, { 600, 700, 144 },
  };
  GtkSettings *settings = gtk_settings_get_default ();
  int old_dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &old_dpi, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_object_set (settings, "gtk-xft-dpi", sizes[s].dpi * 1024, NULL);

      for (guint step = 1; step <= ONBOARD_PAGE_N_STEPS; step++)
        {
          g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
          g_autoptr(GPtrArray) blue = g_ptr_array_new ();
          graphene_rect_t bounds;
          OnboardWindow *window;
          GtkWidget *primary;

          put_progress_at_step (progress, step);
          window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
          gtk_window_set_default_size (GTK_WINDOW (window), sizes[s].width, sizes[s].height);
          gtk_window_present (GTK_WINDOW (window));
          iterate_for (300);

          g_test_message ("Step %u, %d×%d at %d dpi", step, sizes[s].width, sizes[s].height, sizes[s].dpi);
          g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (window)), ==, step);

          collect_suggested (GTK_WIDGET (window), blue);
          g_assert_cmpuint (blue->len, ==, 1);

          primary = g_ptr_array_index (blue, 0);
          g_assert_true (primary == onboard_window_get_primary_button (window));
          g_assert_cmpstr (button_label (primary), ==, primary_labels[step]);

          g_assert_true (gtk_widget_compute_bounds (primary, GTK_WIDGET (window), &bounds));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.y, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
          g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
          /* At the bottom right, where the agent says it is, with a hint
           * beside it or none: only the row's margin to its right. */
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, gtk_widget_get_width (GTK_WIDGET (window)) - 40);
          g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >=, gtk_widget_get_height (GTK_WIDGET (window)) - 40);
          /* With text half as large again, the window may need a little more
           * than 600 px: the button is still inside it. */
          if (sizes[s].dpi == 96)
            {
              g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, sizes[s].width);
              g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, sizes[s].height);
            }

          gtk_window_destroy (GTK_WINDOW (window));
          iterate_for (50);
        }
    }

  g_object_set (settings, "gtk-xft-dpi", old_dpi, NULL);
}

/* Back goes only where something can still be changed: Step 1 from Step 2,
 * Step 3 from Step 4 before Grant Access; nowhere from Step 3, once the
 * account exists, nor from Step 4 once Groupcall's email was asked for. */
static void
test_window_back_goes_where_changes_are_possible (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autofree char *cache = g_dir_make_tmp ("onboard-back-XXXXXX", NULL);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, cache);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  static const struct { guint step; const char *status; guint back_to; } cases[] = {
    { 2, NULL, 1 },
    { 3, NULL, 0 },
    { 4, "not_configured", 3 },
    { 4, "invitation_failed", 3 },
    { 4, "awaiting_authorisation", 0 },
    { 5, "connected", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
      OnboardWindow *window;
      GtkWidget *back;

      put_progress_at_step (progress, cases[i].step);
      if (cases[i].status != NULL && cases[i].step == 4)
        onboard_progress_set_connector_status (progress, cases[i].status);
      window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
      gtk_window_present (GTK_WINDOW (window));
      iterate_for (200);

      g_test_message ("Step %u, connector %s", cases[i].step, cases[i].status);
      g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (window)), ==, cases[i].step);
      back = onboard_window_get_back_button (window);
      g_assert_cmpint (gtk_widget_get_mapped (back), ==, cases[i].back_to != 0);

      if (cases[i].back_to != 0)
        {
          g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (back)), ==, "_Back");
          g_signal_emit_by_name (back, "clicked");
          iterate_for (100);
          g_assert_cmpuint (onboard_page_get_step (onboard_window_get_current_page (window)), ==, cases[i].back_to);
          /* Going back does not forget how far the user got. */
          g_assert_cmpuint (onboard_progress_get_step (progress), ==, cases[i].step);
        }

      gtk_window_destroy (GTK_WINDOW (window));
      iterate_for (50);
    }
}

/* A primary action that cannot be pressed yet says beside it what is
 * missing: Sign up on an empty form, Continue before a school is chosen. */
static void
test_window_greyed_out_says_why (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autofree char *cache = g_dir_make_tmp ("onboard-hint-XXXXXX", NULL);
  g_autoptr(OnboardSchoolCatalogue) catalogue = onboard_school_catalogue_new (client, cache);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  static const struct { guint step; const char *hint; } cases[] = {
    { 1, NULL },
    { 2, "To sign up, enter the invite code" },
    { 3, "To continue, choose your school" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardProgress) progress = onboard_progress_new (url);
      OnboardWindow *window;
      GtkWidget *primary;
      GtkLabel *hint;

      put_progress_at_step (progress, cases[i].step);
      window = onboard_window_new (ADW_APPLICATION (the_app), client, progress, catalogue, monitor, NULL);
      gtk_window_present (GTK_WINDOW (window));
      iterate_for (200);

      primary = onboard_window_get_primary_button (window);
      hint = find_label_containing (GTK_WIDGET (window), "To ");
      if (cases[i].hint == NULL)
        {
          g_assert_true (gtk_widget_is_sensitive (primary));
          g_assert_true (hint == NULL || !gtk_widget_get_mapped (GTK_WIDGET (hint)));
        }
      else
        {
          g_assert_false (gtk_widget_is_sensitive (primary));
          hint = find_label_containing (GTK_WIDGET (window), cases[i].hint);
          g_assert_nonnull (hint);
          g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (hint)));
          /* Beside the button, on the same row: just before the box that
           * holds Back and the button. */
          g_assert_true (gtk_widget_get_next_sibling (GTK_WIDGET (hint)) ==
                         gtk_widget_get_parent (primary));
        }

      gtk_window_destroy (GTK_WINDOW (window));
      iterate_for (50);
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
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told. */
  g_setenv ("GTK_A11Y", "test", TRUE);

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

  g_test_add ("/onboard/window/support-report-says-where-to-send", Fixture, NULL,
              fixture_set_up, test_window_support_report_says_where_to_send, fixture_tear_down);
  g_test_add ("/onboard/window/found-behind-a-dialog", Fixture, NULL,
              fixture_set_up, test_window_found_behind_a_dialog, fixture_tear_down);

  g_test_add ("/onboard/window/practice", Fixture, NULL,
              fixture_set_up, test_window_practice, fixture_tear_down);
  g_test_add ("/onboard/window/practice-at", Fixture, NULL,
              fixture_set_up, test_window_practice_at, fixture_tear_down);
  g_test_add ("/onboard/window/support-help-site", Fixture, NULL,
              fixture_set_up, test_window_support_help_site, fixture_tear_down);
  g_test_add ("/onboard/window/support-copies-say-so", Fixture, NULL,
              fixture_set_up, test_window_support_copies_say_so, fixture_tear_down);
  g_test_add_func ("/onboard/window/button-row-when-dialogs-use-header-bars",
                   test_window_button_row_when_dialogs_use_header_bars);
  g_test_add_func ("/onboard/window/resumes-at-saved-step", test_window_resumes_at_saved_step);
  g_test_add_func ("/onboard/window/builds-later-pages-after-first-frame",
                   test_window_builds_later_pages_after_first_frame);
  g_test_add_data_func ("/onboard/window/one-primary-action-in-view", NULL,
                        test_window_one_primary_action_in_view);
  g_test_add_func ("/onboard/window/greyed-out-says-why", test_window_greyed_out_says_why);
  g_test_add_func ("/onboard/window/back-goes-where-changes-are-possible",
                   test_window_back_goes_where_changes_are_possible);

  ret = g_test_run ();
  g_clear_object (&the_app);

  return ret;
}
