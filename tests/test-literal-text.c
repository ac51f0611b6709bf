/* test-literal-text.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-connector-page.h"
#include "onboard-literal-text.h"
#include "onboard-school-row.h"
#include "onboard-status-page.h"
#include "onboard-test-ui.h"

/* What came from the service or the user is shown exactly as it is, never
 * read as markup: every school name of the real list, and a school with an
 * ampersand on Steps 4 and 5. */

#define NETLEY "Netley Primary School & Centre for Autism"

/* The first label under @root with @css_class (any, when NULL): what the user reads. */
#define find_label(root, css_class) GTK_LABEL (find_widget ((root), GTK_TYPE_LABEL, has_css_class, (css_class)))
#define find_row_titled(root, title) find_widget ((root), ADW_TYPE_ACTION_ROW, row_has_title, (title))

/* The names of the 2022 GIAS list of tests/data/schools/ (UTF-8,
 * RFC 4180: urn, name, town, postcode, open_date, close_date). */
static GPtrArray *
load_gias_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *school_data = g_getenv ("ONBOARD_SCHOOL_DATA");
  guint column = 0;
  gsize len = 0;

  g_assert_nonnull (school_data);
  path = g_build_filename (school_data, "schools", "gias-2022-07-all-establishments.csv", NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < len; i++)
    {
      if (contents[i] == '"' && field->len == 0)
        {
          for (i++; i < len && !(contents[i] == '"' && (i + 1 == len || contents[i + 1] != '"')); i++)
            {
              if (contents[i] == '"')
                i++;
              g_string_append_c (field, contents[i]);
            }
        }
      else if (contents[i] == ',' || contents[i] == '\n')
        {
          if (column == 1)
            g_ptr_array_add (names, g_strdup (field->str));
          g_string_truncate (field, 0);
          column = contents[i] == '\n' ? 0 : column + 1;
        }
      else
        g_string_append_c (field, contents[i]);
    }

  /* The header's "name" goes. */
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "name");
  g_ptr_array_remove_index (names, 0);

  return names;
}

/* Every name of the list through the row that lists schools on Step 3 and
 * through the rows that show the chosen one on Steps 3, 4 and 5: the text
 * on screen is the name. One row of each, reused, or this takes minutes. */
static void
test_literal_text_gias_names (void)
{
  g_autoptr(GPtrArray) names = load_gias_names ();
  OnboardSchoolRow *school_row = g_object_ref_sink (g_object_new (ONBOARD_TYPE_SCHOOL_ROW, NULL));
  AdwActionRow *action_row = g_object_ref_sink (ADW_ACTION_ROW (adw_action_row_new ()));
  GtkLabel *name_label;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  guint ampersands = 0;

  g_assert_cmpuint (names->len, ==, 49514);

  title_label = find_label (GTK_WIDGET (action_row), "title");
  subtitle_label = find_label (GTK_WIDGET (action_row), "subtitle");
  g_assert_nonnull (title_label);
  g_assert_nonnull (subtitle_label);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *urn = g_strdup_printf ("%u", 100000 + i);
      g_autoptr(OnboardSchool) school = onboard_school_new (urn, NULL, name, "Town", "AB1 2CD",
                                                            NULL, NULL, NULL, NULL);

      onboard_school_row_set_school (school_row, school);
      if (i == 0)
        name_label = find_label (GTK_WIDGET (school_row), NULL);
      g_assert_cmpstr (gtk_label_get_text (name_label), ==, name);

      onboard_row_set_literal_title (ADW_PREFERENCES_ROW (action_row), name);
      g_assert_cmpstr (gtk_label_get_text (title_label), ==, name);
      onboard_row_set_literal_subtitle (action_row, name);
      g_assert_cmpstr (gtk_label_get_text (subtitle_label), ==, name);

      ampersands += strchr (name, '&') != NULL;
    }

  /* The names the old code showed blank were among them. */
  g_test_message ("%u names, %u with an ampersand", names->len, ampersands);
  g_assert_cmpuint (ampersands, >=, 316);

  g_assert_finalize_object (school_row);
  g_assert_finalize_object (action_row);
}

static OnboardProgress *
netley_progress (const char *url)
{
  OnboardProgress *progress = onboard_progress_new (url);

  onboard_progress_set_email (progress, "office&admin@netley.example.org");
  onboard_progress_set_school_urn (progress, "100018");
  onboard_progress_set_school_name (progress, NETLEY);
  onboard_progress_set_mis_provider (progress, "sims");
  onboard_progress_set_registration_id (progress, "reg_1");
  onboard_progress_set_connector_id (progress, "con_1");

  return progress;
}

static void
assert_school_shown (OnboardPage *page)
{
  GtkWidget *row = find_row_titled (GTK_WIDGET (page), NETLEY);

  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_label_get_text (find_label (row, "title")), ==, NETLEY);
}

/* Step 4: the school and the email, as they are. */
static void
test_literal_text_step_four (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autoptr(OnboardProgress) progress = netley_progress (url);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OnboardPage *page = onboard_connector_page_new (client, progress, monitor);
  GtkWidget *me_row;

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  onboard_page_shown (page);

  assert_school_shown (page);

  me_row = find_row_titled (GTK_WIDGET (page), "Send it to me");
  g_assert_nonnull (me_row);
  g_assert_cmpstr (gtk_label_get_text (find_label (me_row, "subtitle")), ==,
                   "office&admin@netley.example.org");

  onboard_status_monitor_stop (monitor);
  gtk_window_destroy (window);
}

/* Step 5: the school as it is. */
static void
test_literal_text_step_five (void)
{
  const char *url = "http://127.0.0.1:9/api/onboarding";
  g_autoptr(OnboardClient) client = onboard_client_new (url);
  g_autoptr(OnboardProgress) progress = netley_progress (url);
  g_autoptr(OnboardStatusMonitor) monitor = onboard_status_monitor_new (client, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OnboardPage *page = onboard_status_page_new (client, progress, monitor);

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  onboard_page_shown (page);

  assert_school_shown (page);

  onboard_status_monitor_stop (monitor);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("onboard-literal-text-XXXXXX", NULL);

  /* Private folders: progress writes into XDG_STATE_HOME. */
  g_setenv ("XDG_STATE_HOME", tmp, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/literal-text/gias-names", test_literal_text_gias_names);
  g_test_add_func ("/onboard/literal-text/step-four", test_literal_text_step_four);
  g_test_add_func ("/onboard/literal-text/step-five", test_literal_text_step_five);

  return g_test_run ();
}
