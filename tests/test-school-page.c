/* test-school-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-error-banner.h"
#include "onboard-sandbox.h"
#include "onboard-sandbox-faults.h"
#include "onboard-school-page.h"
#include "onboard-school-slot.h"
#include "onboard-school-row.h"
#include "onboard-test-ui.h"

/* Step 3 as the office worker meets it: the real page in a window, the
 * school list from the reference server in this process (a sixteen-school
 * fixture, so every test is quick; the whole 2022 list where its length
 * matters), driven through the search field, the list, the MIS drop-down
 * and Continue.
 */

#define PASSWORD "violet-harbour-lantern-58"
#define EMAIL    "office@oakfield.sch.uk"
#define SUPPORT  "020 8506 6100"

/* The fixture's open schools; a sixteenth row is closed and never served. */
#define FIXTURE_N_OPEN 15

typedef struct
{
  OnboardSandbox         *sandbox;
  OnboardClient          *client;
  OnboardProgress        *progress;
  OnboardSchoolCatalogue *catalogue;
  char                   *cache_dir;
  GtkWindow              *window;
  OnboardPage            *page;
  guint                   done_count;
  char                   *searched;
  /* The list the reference server serves, when not the fixture's. */
  char                   *schools;
  int                     width;
  int                     height;
} Fixture;

static const char * const assembly_only[] = { "assembly", NULL };
static const char * const with_booking[] = { "assembly", "schoolbooking", NULL };

/* Where the test's XDG folders live. */
static char *test_root;

/* Finding what the user sees ------------------------------------------- */

static gboolean
group_has_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

static gboolean
outside_banner (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_widget_get_ancestor (widget, ONBOARD_TYPE_ERROR_BANNER) == NULL;
}

static GtkWidget *
page_widget (Fixture *fixture)
{
  return GTK_WIDGET (fixture->page);
}

static GtkEditable *
search_entry (Fixture *fixture)
{
  return GTK_EDITABLE (find_widget (page_widget (fixture), GTK_TYPE_SEARCH_ENTRY, NULL, NULL));
}

static GtkListView *
list_view (Fixture *fixture)
{
  return GTK_LIST_VIEW (find_widget (page_widget (fixture), GTK_TYPE_LIST_VIEW, NULL, NULL));
}

static AdwComboRow *
mis_row (Fixture *fixture)
{
  return ADW_COMBO_ROW (find_widget (page_widget (fixture), ADW_TYPE_COMBO_ROW, NULL, NULL));
}

/* The "Your School" group: shown once a school is chosen. */
static AdwPreferencesGroup *
chosen_group (Fixture *fixture)
{
  return ADW_PREFERENCES_GROUP (find_widget (page_widget (fixture), ADW_TYPE_PREFERENCES_GROUP,
                                             group_has_title, "Your School"));
}

static const char *
chosen_title (Fixture *fixture)
{
  GtkWidget *row = find_widget (GTK_WIDGET (chosen_group (fixture)), ADW_TYPE_ACTION_ROW, NULL, NULL);

  g_assert_nonnull (row);

  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* The SchoolBooking warning: the page's one revealer outside the banner. */
static GtkRevealer *
booking_warning (Fixture *fixture)
{
  return GTK_REVEALER (find_widget (page_widget (fixture), GTK_TYPE_REVEALER, outside_banner, NULL));
}

static OnboardErrorBanner *
banner (Fixture *fixture)
{
  return ONBOARD_ERROR_BANNER (find_widget (page_widget (fixture), ONBOARD_TYPE_ERROR_BANNER, NULL, NULL));
}

/* Continue is the page's primary action, which the window shows. */
static gboolean
can_continue (Fixture *fixture)
{
  g_assert_cmpstr (onboard_page_get_primary_label (fixture->page), ==, "C_ontinue");

  return onboard_page_get_primary_sensitive (fixture->page) && !onboard_page_get_busy (fixture->page);
}

static void
press_continue (Fixture *fixture)
{
  g_assert_true (can_continue (fixture));
  onboard_page_activate_primary (fixture->page);
}

static GListModel *
results (Fixture *fixture)
{
  return onboard_school_page_get_results (ONBOARD_SCHOOL_PAGE (fixture->page));
}

static const char *
results_view (Fixture *fixture)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (list_view (fixture)), GTK_TYPE_STACK));

  return gtk_stack_get_visible_child_name (stack);
}

static const char *
count_text (Fixture *fixture)
{
  GtkWidget *label = find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, " schools");

  if (label == NULL)
    label = find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, " school");
  if (label == NULL)
    label = find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, "narrow them.");
  g_assert_nonnull (label);

  return gtk_label_get_label (GTK_LABEL (label));
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   Fixture        *fixture)
{
  g_free (fixture->searched);
  fixture->searched = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search (Fixture    *fixture,
        const char *text)
{
  /* The entry reports the change from a timeout (of 0 ms, but under load
   * the main loop may take a while to get there); the page searched once
   * the entry says so, as this handler runs after the page's. */
  gtk_editable_set_text (search_entry (fixture), text);
  wait_until (g_strcmp0 (fixture->searched, text) == 0);
}

static char *
result_name (Fixture *fixture,
             guint    position)
{
  g_autoptr(OnboardSchool) school = g_list_model_get_item (results (fixture), position);

  return g_strdup (onboard_school_get_name (school));
}

static void
choose_mis (Fixture    *fixture,
            const char *id)
{
  GListModel *providers = adw_combo_row_get_model (mis_row (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(OnboardMisProvider) provider = g_list_model_get_item (providers, i);

      if (g_strcmp0 (onboard_mis_provider_get_id (provider), id) == 0)
        {
          adw_combo_row_set_selected (mis_row (fixture), i);
          return;
        }
    }

  g_error ("No MIS “%s” in the drop-down", id);
}

static gboolean
key_press (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  /* As the keyboard would: every key controller of the widget hears it
   * until one handles it. */
  for (guint i = g_list_model_get_n_items (controllers); i > 0 && !handled; i--)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i - 1);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }

  return handled;
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
sign_in (OnboardClient *client,
         const char    *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onboard_client_sign_in_async (client, email, PASSWORD, NULL, store_result, &result);
  wait_until (result != NULL);
  onboard_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
}

static gboolean
providers_loaded (Fixture *fixture)
{
  GListModel *providers = adw_combo_row_get_model (mis_row (fixture));

  return providers != NULL && g_list_model_get_n_items (providers) == 5;
}

/* The list the reference server has; one test needs another. */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *step3 = g_test_build_filename (G_TEST_DIST, "fixtures", "schools-step3.csv", NULL);
  const char *schools = fixture->schools != NULL ? fixture->schools : step3;
  const char * const *apps = data ? data : assembly_only;
  g_autoptr(GError) error = NULL;

  fixture->sandbox = onboard_sandbox_new ();
  onboard_sandbox_load_schools (fixture->sandbox, schools, &error);
  g_assert_no_error (error);
  onboard_sandbox_listen (fixture->sandbox, 0, &error);
  g_assert_no_error (error);
  onboard_sandbox_add_account (fixture->sandbox, EMAIL, PASSWORD, &error);
  g_assert_no_error (error);

  fixture->client = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_client_set_retry_base_ms (fixture->client, 10);
  sign_in (fixture->client, EMAIL);

  /* Where Step 2 left the user. */
  fixture->progress = onboard_progress_new (onboard_sandbox_get_base_url (fixture->sandbox));
  onboard_progress_set_email (fixture->progress, EMAIL);
  onboard_progress_set_apps (fixture->progress, apps);
  onboard_progress_set_step (fixture->progress, 3);

  fixture->cache_dir = g_dir_make_tmp ("onboard-school-page-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->catalogue = onboard_school_catalogue_new (fixture->client, fixture->cache_dir);
}

static void
show_page (Fixture *fixture)
{
  fixture->page = g_object_ref_sink (onboard_school_page_new (fixture->client, fixture->progress,
                                                              fixture->catalogue));
  /* The window numbers its pages; alone, the page is given its step. */
  onboard_page_set_step (fixture->page, ONBOARD_STEP_SCHOOL_INFORMATION);
  g_signal_connect (fixture->page, "notify::complete", G_CALLBACK (done_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window,
                               fixture->width ? fixture->width : 800,
                               fixture->height ? fixture->height : 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  onboard_page_shown (fixture->page);
  g_signal_connect (search_entry (fixture), "search-changed", G_CALLBACK (search_changed_cb), fixture);

  wait_until (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static void
fixture_set_up_shown (Fixture       *fixture,
                      gconstpointer  data)
{
  fixture_set_up (fixture, data);
  show_page (fixture);

  wait_until (onboard_school_catalogue_get_state (fixture->catalogue) == ONBOARD_SCHOOL_CATALOGUE_READY &&
              providers_loaded (fixture));
}

/* A list with a school that has an ampersand in its name. */
static void
fixture_set_up_ampersand (Fixture       *fixture,
                          gconstpointer  data)
{
  fixture->schools = g_test_build_filename (G_TEST_DIST, "fixtures", "schools-ampersand.csv", NULL);
  fixture_set_up_shown (fixture, data);
}

/* Every school in England of the 2022 GIAS list, as the real service
 * would serve them. */
static void
fixture_set_up_whole_list (Fixture       *fixture,
                           gconstpointer  data)
{
  fixture->schools = g_build_filename (g_getenv ("ONBOARD_SCHOOL_DATA"), "schools",
                                       "gias-2022-07-all-establishments.csv", NULL);
  fixture_set_up_shown (fixture, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->window != NULL)
    {
      gtk_window_destroy (fixture->window);
      /* Answers still on their way hold the page until they arrive. */
      g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);
      g_object_unref (fixture->page);
      wait_until (fixture->page == NULL);
    }

  onboard_progress_save_sync (fixture->progress, &error);
  g_assert_no_error (error);

  g_object_add_weak_pointer (G_OBJECT (fixture->catalogue), (gpointer *)&fixture->catalogue);
  g_object_unref (fixture->catalogue);
  g_object_add_weak_pointer (G_OBJECT (fixture->progress), (gpointer *)&fixture->progress);
  g_object_unref (fixture->progress);
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *)&fixture->client);
  g_object_unref (fixture->client);
  wait_until (fixture->catalogue == NULL && fixture->progress == NULL && fixture->client == NULL);

  g_clear_object (&fixture->sandbox);
  remove_tree (fixture->cache_dir);
  g_clear_pointer (&fixture->cache_dir, g_free);
  g_clear_pointer (&fixture->searched, g_free);
  g_clear_pointer (&fixture->schools, g_free);
}

/* Registers Oakfield Primary for another account, as if another member of
 * staff had got there first. */
static void
register_school_for_someone_else (Fixture *fixture)
{
  g_autoptr(OnboardClient) other = onboard_client_new (onboard_sandbox_get_base_url (fixture->sandbox));
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_account (fixture->sandbox, "head@oakfield.sch.uk", PASSWORD, &error);
  g_assert_no_error (error);
  sign_in (other, "head@oakfield.sch.uk");

  onboard_client_create_school_registration_async (other, "110008", "cmis", NULL, NULL, store_result, &result);
  wait_until (result != NULL);
  registration = onboard_client_create_school_registration_finish (other, result, &error);
  g_assert_no_error (error);
}

/* Searching ------------------------------------------------------------ */

static void
test_search_narrows_the_list (Fixture       *fixture,
                              gconstpointer  data)
{
  /* Every open school before anything is typed. */
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, FIXTURE_N_OPEN);
  g_assert_cmpstr (count_text (fixture), ==, "15 schools");
  g_assert_cmpstr (results_view (fixture), ==, "list");

  /* Apostrophe or not, curly or straight, with a full stop or without;
   * not "Rosemary", not "St Mary Magdalene", not the closed infant school. */
  search (fixture, "st marys");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 4);
  g_assert_cmpstr (count_text (fixture), ==, "4 schools");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = result_name (fixture, i);

      g_assert_true (g_str_has_prefix (name, "St Mary") || g_str_has_prefix (name, "St. Mary"));
      g_assert_null (strstr (name, "Infant"));
      g_assert_null (strstr (name, "Magdalene"));
    }

  search (fixture, "st marys oakf");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  g_assert_cmpstr (count_text (fixture), ==, "1 school");

  /* Postcode (any case or spacing, or just the outward code), URN, DfE. */
  search (fixture, "sw1p3bt");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  {
    g_autofree char *name = result_name (fixture, 0);
    g_assert_cmpstr (name, ==, "Oakfield Primary School");
  }

  search (fixture, "CB21 ");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  search (fixture, "cb2");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 2);

  search (fixture, "110013");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  {
    g_autofree char *name = result_name (fixture, 0);
    g_assert_cmpstr (name, ==, "Hackney Free and Parochial School");
  }

  search (fixture, "670/2041");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  {
    g_autofree char *name = result_name (fixture, 0);
    g_assert_cmpstr (name, ==, "Ysgol Gynradd Gymraeg Awel y Môr");
  }

  /* Nothing matches: the page says how to search, not an empty box. */
  search (fixture, "zzzz academy");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 0);
  g_assert_cmpstr (results_view (fixture), ==, "empty");
  g_assert_nonnull (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_is, "No Schools Match"));

  search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, FIXTURE_N_OPEN);
  g_assert_cmpstr (results_view (fixture), ==, "list");
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *n_frames = user_data;

  (*n_frames)++;

  return G_SOURCE_CONTINUE;
}

/* Until the list has been laid out and drawn again. */
static void
wait_for_frames (GtkWidget *widget)
{
  guint n_frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &n_frames, NULL);

  wait_until (n_frames >= 3);
  gtk_widget_remove_tick_callback (widget, id);
}

/* The school of the row at the top of the list's view. */
static OnboardSchool *
top_school (GtkWidget *scroller,
            GtkWidget *widget)
{
  OnboardSchool *top = NULL;
  float top_y = G_MAXFLOAT;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_widget (child, ONBOARD_TYPE_SCHOOL_ROW, NULL, NULL);
      graphene_rect_t bounds;

      if (row == NULL || !gtk_widget_get_mapped (row) ||
          !gtk_widget_compute_bounds (row, scroller, &bounds))
        continue;

      /* Wholly or partly in view, and highest. */
      if (bounds.origin.y + bounds.size.height > 0 &&
          bounds.origin.y < gtk_widget_get_height (scroller) &&
          bounds.origin.y < top_y)
        {
          top_y = bounds.origin.y;
          top = onboard_school_row_get_school (ONBOARD_SCHOOL_ROW (row));
        }
    }

  return top;
}

/* The school in each place of the list, as its row shows it. */
static OnboardSchool *
shown_school (Fixture *fixture,
              guint    position)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list_view (fixture)));
  g_autoptr(GObject) slot = g_list_model_get_item (shown, position);

  g_assert_nonnull (slot);
  return onboard_school_slot_get_school (ONBOARD_SCHOOL_SLOT (slot));
}

/* Of thousands of matches the list shows the best, in their order, and
 * says how many there are and how to narrow them. The list's places
 * stay while the schools in them change, so the selection must follow
 * the chosen school, and be nowhere when it is not shown. */
static void
test_shows_the_best (Fixture       *fixture,
                     gconstpointer  data)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list_view (fixture)));
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (shown);
  guint n_all = g_list_model_get_n_items (results (fixture));
  g_autofree char *expected = NULL;
  g_autoptr(OnboardSchool) chosen = NULL;
  g_autoptr(GObject) first_place = NULL;
  g_autoptr(GObject) first_place_again = NULL;
  guint n_shown;

  g_assert_cmpuint (n_all, >, 20000);
  n_shown = g_list_model_get_n_items (shown);
  g_assert_cmpuint (n_shown, >=, 10);
  g_assert_cmpuint (n_shown, <=, 50);
  expected = g_strdup_printf ("%u schools match. The best %u are shown: type more to narrow them.", n_all, n_shown);
  g_assert_cmpstr (count_text (fixture), ==, expected);

  search (fixture, "st mary");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), >, n_shown);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_shown);
  for (guint i = 0; i < n_shown; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (results (fixture), i);

      g_assert_true (shown_school (fixture, i) == school);
    }

  /* The third best is clicked, and chosen; the list's first place is
   * kept for what comes next. */
  chosen = g_list_model_get_item (results (fixture), 2);
  gtk_selection_model_select_item (selection, 2, TRUE);
  g_assert_true (onboard_school_page_get_school (ONBOARD_SCHOOL_PAGE (fixture->page)) == chosen);
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  first_place = g_list_model_get_item (shown, 0);

  /* Typing on to fewer matches than places: all of them, and the chosen
   * school still selected where it now is, or not at all. */
  search (fixture, "thomas becket");
  g_assert_cmpstr (count_text (fixture), ==, "8 schools");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 8);
  first_place_again = g_list_model_get_item (shown, 0);
  g_assert_true (first_place_again == first_place);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (results (fixture), i);

      g_assert_true (shown_school (fixture, i) == school);
      g_assert_false (gtk_selection_model_is_selected (selection, i));
    }

  /* Back to the search it came from: selected again, in its place. */
  search (fixture, "st mary");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_shown);
  g_assert_true (shown_school (fixture, 2) == chosen);
  g_assert_true (gtk_selection_model_is_selected (selection, 2));
  g_assert_true (onboard_school_page_get_school (ONBOARD_SCHOOL_PAGE (fixture->page)) == chosen);
}

/* Typed as a person types, a key at a time, over the whole list: after
 * each key, the list is at its top and its first row is the best match.
 * A GtkListView keeps its place on a school that still matches: after
 * "awel y mor", "thomas becket" used to show the last of its eight
 * schools, scrolled to the bottom, with the two the user meant out of
 * sight above. */
static void
test_best_matches_from_the_top (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char * const queries[] = { "prevert", "awel y mor", "thomas becket" };
  GtkWidget *view = GTK_WIDGET (list_view (fixture));
  GtkWidget *scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), >, 20000);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      glong len = g_utf8_strlen (queries[q], -1);

      for (glong n = 1; n <= len; n++)
        {
          g_autofree char *typed = g_utf8_substring (queries[q], 0, n);
          g_autoptr(OnboardSchool) first = NULL;

          search (fixture, typed);
          wait_for_frames (view);

          if (g_list_model_get_n_items (results (fixture)) == 0)
            continue;

          first = g_list_model_get_item (results (fixture), 0);
          g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
          g_assert_true (top_school (scroller, view) == first);
        }

      /* The user looks down the list before the next search. */
      wait_for_frames (view);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      wait_for_frames (view);
    }

  /* Thomas Becket Catholic School, the one whose name is what was typed,
   * then the St Thomas A Becket schools; none hidden above the view. */
  g_assert_cmpstr (count_text (fixture), ==, "8 schools");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = result_name (fixture, i);

      if (i == 0)
        g_assert_cmpstr (name, ==, "Thomas Becket Catholic School");
      else
        g_assert_true (g_str_has_prefix (name, "St Thomas A Becket") || g_str_has_prefix (name, "St Thomas à Becket"));
    }
  wait_for_frames (view);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
}

static void
test_keyboard_chooses_school (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkSelectionModel *selection;
  g_autoptr(OnboardSchool) second = NULL;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chosen_group (fixture))));

  /* Two schools by name, one by its town. */
  search (fixture, "oakfield");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 3);

  /* Down from the search field goes into the list, at the first school. */
  g_assert_true (key_press (GTK_WIDGET (search_entry (fixture)), GDK_KEY_Down));
  selection = gtk_list_view_get_model (list_view (fixture));
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  /* Enter on the second school chooses it and moves on to the MIS. */
  second = g_list_model_get_item (results (fixture), 1);
  g_signal_emit_by_name (list_view (fixture), "activate", 1);

  g_assert_true (onboard_school_page_get_school (ONBOARD_SCHOOL_PAGE (fixture->page)) == second);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chosen_group (fixture))));
  g_assert_cmpstr (chosen_title (fixture), ==, onboard_school_get_name (second));
  g_assert_cmpstr (onboard_progress_get_school_urn (fixture->progress), ==, onboard_school_get_urn (second));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (mis_row (fixture))));

  /* Typing on so that the school drops out of the list keeps it chosen. */
  search (fixture, "riverside");
  g_assert_true (onboard_school_page_get_school (ONBOARD_SCHOOL_PAGE (fixture->page)) == second);
  g_assert_cmpstr (chosen_title (fixture), ==, onboard_school_get_name (second));

  /* And back: it is selected again where it shows. */
  search (fixture, "oakfield");
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
}

static void
test_enter_with_one_match (Fixture       *fixture,
                           gconstpointer  data)
{
  search (fixture, "110010");
  g_signal_emit_by_name (search_entry (fixture), "activate");

  g_assert_cmpstr (chosen_title (fixture), ==, "The Aldwick School");
  g_assert_cmpstr (onboard_progress_get_school_urn (fixture->progress), ==, "110010");
  g_assert_cmpstr (onboard_progress_get_school_name (fixture->progress), ==, "The Aldwick School");

  /* Several matches: Enter does not guess. */
  search (fixture, "riverside");
  g_signal_emit_by_name (search_entry (fixture), "activate");
  g_assert_cmpstr (chosen_title (fixture), ==, "The Aldwick School");
}

/* MIS and SchoolBooking ------------------------------------------------ */

static void
test_schoolbooking_warning (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkRevealer *warning = booking_warning (fixture);
  GtkWidget *text;

  g_assert_nonnull (warning);
  g_assert_false (gtk_revealer_get_reveal_child (warning));

  choose_mis (fixture, "sims");
  g_assert_true (gtk_revealer_get_reveal_child (warning));
  text = find_widget (GTK_WIDGET (warning), GTK_TYPE_LABEL, NULL, NULL);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (text)), "SchoolBooking"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (text)), "with SIMS"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (text)), SUPPORT));
  g_assert_cmpstr (onboard_progress_get_mis_provider (fixture->progress), ==, "sims");

  choose_mis (fixture, "isams");
  g_assert_false (gtk_revealer_get_reveal_child (warning));

  choose_mis (fixture, "cmis");
  g_assert_true (gtk_revealer_get_reveal_child (warning));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (text)), "with CMIS"));

  choose_mis (fixture, "arbor");
  g_assert_false (gtk_revealer_get_reveal_child (warning));
  g_assert_cmpstr (onboard_progress_get_mis_provider (fixture->progress), ==, "arbor");
}

static void
test_no_warning_without_schoolbooking (Fixture       *fixture,
                                       gconstpointer  data)
{
  choose_mis (fixture, "sims");
  g_assert_false (gtk_revealer_get_reveal_child (booking_warning (fixture)));
  choose_mis (fixture, "pupil_asset");
  g_assert_false (gtk_revealer_get_reveal_child (booking_warning (fixture)));
}

/* Continue ------------------------------------------------------------- */

static void
choose_oakfield_primary (Fixture *fixture)
{
  search (fixture, "SW1P 3BT");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  g_signal_emit_by_name (search_entry (fixture), "activate");
  g_assert_cmpstr (chosen_title (fixture), ==, "Oakfield Primary School");
}

/* Chosen, a school with an ampersand in its name is shown as it is (it
 * was a blank title: libadwaita read it as markup). */
static void
test_school_with_ampersand (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *row;
  GtkWidget *label = NULL;

  search (fixture, "NW1 3EX");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, 1);
  g_signal_emit_by_name (search_entry (fixture), "activate");
  g_assert_cmpstr (chosen_title (fixture), ==, "Netley Primary School & Centre for Autism");

  row = find_widget (GTK_WIDGET (chosen_group (fixture)), ADW_TYPE_ACTION_ROW, NULL, NULL);
  for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL && label == NULL; )
    {
      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "title"))
        label = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Netley Primary School & Centre for Autism");
}

static void
test_continue_needs_school_and_mis (Fixture       *fixture,
                                    gconstpointer  data)
{
  /* Nothing is chosen for the user, not even the MIS. */
  g_assert_cmpuint (adw_combo_row_get_selected (mis_row (fixture)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (can_continue (fixture));

  choose_mis (fixture, "sims");
  g_assert_false (can_continue (fixture));

  choose_oakfield_primary (fixture);
  g_assert_true (can_continue (fixture));
  g_assert_cmpuint (onboard_sandbox_get_registration_count (fixture->sandbox), ==, 0);
}

static void
test_continue_registers (Fixture       *fixture,
                         gconstpointer  data)
{
  choose_oakfield_primary (fixture);
  choose_mis (fixture, "sims");

  press_continue (fixture);
  /* While it runs: a spinner, and nothing to change under it. */
  g_assert_true (onboard_page_get_busy (fixture->page));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (search_entry (fixture))));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (mis_row (fixture))));
  g_assert_false (can_continue (fixture));

  wait_until (fixture->done_count == 1);

  g_assert_true (onboard_page_get_complete (fixture->page));
  g_assert_false (onboard_page_get_busy (fixture->page));
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 4);
  g_assert_cmpstr (onboard_progress_get_school_urn (fixture->progress), ==, "110008");
  g_assert_cmpstr (onboard_progress_get_school_name (fixture->progress), ==, "Oakfield Primary School");
  g_assert_cmpstr (onboard_progress_get_mis_provider (fixture->progress), ==, "sims");
  g_assert_true (g_str_has_prefix (onboard_progress_get_registration_id (fixture->progress), "reg_"));
  g_assert_true (g_str_has_prefix (onboard_progress_get_connector_id (fixture->progress), "con_"));
  g_assert_cmpstr (onboard_progress_get_connector_status (fixture->progress), ==, "not_configured");
  g_assert_cmpuint (onboard_sandbox_get_registration_count (fixture->sandbox), ==, 1);
  g_assert_false (onboard_error_banner_get_revealed (banner (fixture)));
}

/* The service unavailable (503) on registering: the banner gives the
 * number to call, as every error that sends the user to support does. */
static void
test_register_unavailable_gives_number (Fixture       *fixture,
                                        gconstpointer  data)
{
  OnboardErrorBanner *error_banner = banner (fixture);
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_fault (fixture->sandbox,
                             "{\"path\":\"/school_registrations\",\"status\":503,\"count\":6}",
                             &error);
  g_assert_no_error (error);

  choose_oakfield_primary (fixture);
  choose_mis (fixture, "sims");
  press_continue (fixture);
  wait_until (onboard_error_banner_get_revealed (error_banner));

  g_assert_cmpuint (fixture->done_count, ==, 0);
  g_assert_nonnull (strstr (onboard_error_banner_get_message (error_banner), "call Assembly support on " SUPPORT));
}

static void
test_register_server_error_then_retry (Fixture       *fixture,
                                       gconstpointer  data)
{
  OnboardErrorBanner *error_banner = banner (fixture);
  GtkWidget *try_again;
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_fault (fixture->sandbox,
                             "{\"path\":\"/school_registrations\",\"status\":500,\"count\":1}",
                             &error);
  g_assert_no_error (error);

  choose_oakfield_primary (fixture);
  choose_mis (fixture, "sims");
  press_continue (fixture);
  wait_until (onboard_error_banner_get_revealed (error_banner));

  g_assert_false (onboard_page_get_busy (fixture->page));
  g_assert_cmpuint (fixture->done_count, ==, 0);
  g_assert_nonnull (strstr (onboard_error_banner_get_message (error_banner), "has a problem at the moment"));
  /* The choice is kept. */
  g_assert_cmpstr (chosen_title (fixture), ==, "Oakfield Primary School");
  g_assert_cmpstr (gtk_editable_get_text (search_entry (fixture)), ==, "SW1P 3BT");

  try_again = find_widget (GTK_WIDGET (error_banner), GTK_TYPE_BUTTON, NULL, NULL);
  g_assert_true (gtk_widget_get_visible (try_again));
  g_signal_emit_by_name (try_again, "clicked");
  wait_until (fixture->done_count == 1);
  g_assert_cmpuint (onboard_sandbox_get_registration_count (fixture->sandbox), ==, 1);
  g_assert_false (onboard_error_banner_get_revealed (error_banner));
}

static void
test_already_registered (Fixture       *fixture,
                         gconstpointer  data)
{
  OnboardErrorBanner *error_banner = banner (fixture);
  const char *message;

  register_school_for_someone_else (fixture);

  choose_oakfield_primary (fixture);
  choose_mis (fixture, "sims");
  press_continue (fixture);
  wait_until (onboard_error_banner_get_revealed (error_banner));

  message = onboard_error_banner_get_message (error_banner);
  g_assert_nonnull (strstr (message, "Another account has already registered this school"));
  g_assert_nonnull (strstr (message, SUPPORT));
  g_assert_nonnull (strstr (onboard_error_banner_get_details (error_banner), "school_already_registered"));

  g_assert_cmpuint (fixture->done_count, ==, 0);
  g_assert_false (onboard_page_get_complete (fixture->page));
  g_assert_null (onboard_progress_get_registration_id (fixture->progress));
  g_assert_cmpuint (onboard_progress_get_resume_step (fixture->progress), ==, 3);
  g_assert_cmpuint (onboard_sandbox_get_registration_count (fixture->sandbox), ==, 1);

  /* Another school is another request; the banner goes. */
  search (fixture, "110009");
  g_signal_emit_by_name (search_entry (fixture), "activate");
  g_assert_false (onboard_error_banner_get_revealed (error_banner));
}

/* The list cannot be had ----------------------------------------------- */

static void
test_list_failure_offers_retry (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkWidget *retry;
  g_autoptr(GError) error = NULL;

  /* More 503s than the client retries by itself. */
  onboard_sandbox_add_fault (fixture->sandbox, "{\"path\":\"/schools\",\"status\":503,\"count\":3}", &error);
  g_assert_no_error (error);
  show_page (fixture);

  wait_until (onboard_school_catalogue_get_state (fixture->catalogue) == ONBOARD_SCHOOL_CATALOGUE_FAILED);
  g_assert_cmpstr (results_view (fixture), ==, "failed");
  g_assert_nonnull (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_is,
                                 "The List of Schools Could Not Be Downloaded"));
  g_assert_nonnull (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_is,
                                 onboard_school_catalogue_get_error (fixture->catalogue)->message));

  retry = find_widget (page_widget (fixture), GTK_TYPE_BUTTON, has_action, "school.reload");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_signal_emit_by_name (retry, "clicked");

  wait_until (onboard_school_catalogue_get_state (fixture->catalogue) == ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_cmpstr (results_view (fixture), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (results (fixture)), ==, FIXTURE_N_OPEN);
  g_assert_cmpstr (count_text (fixture), ==, "15 schools");
}

/* While the list is on its way, no count of schools shows above the
 * spinner, even when the search changes (as when a restart fills it in). */
static void
test_no_count_while_loading (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_fault (fixture->sandbox,
                             "{\"path\":\"/schools\",\"delay_ms\":3000,\"count\":1}", &error);
  g_assert_no_error (error);
  show_page (fixture);

  search (fixture, "oak");
  g_assert_cmpint (onboard_school_catalogue_get_state (fixture->catalogue), ==,
                   ONBOARD_SCHOOL_CATALOGUE_LOADING);
  g_assert_null (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, " schools"));
  g_assert_null (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, " school"));

  wait_until (onboard_school_catalogue_get_state (fixture->catalogue) == ONBOARD_SCHOOL_CATALOGUE_READY);
  g_assert_cmpstr (results_view (fixture), ==, "list");
  g_assert_nonnull (find_widget (page_widget (fixture), GTK_TYPE_LABEL, label_ends_with, " schools"));
}

/* Mapped labels under @root that show @text. */
static void
collect_labels (GtkWidget  *root,
                const char *text,
                GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        g_ptr_array_add (found, child);
      collect_labels (child, text, found);
    }
}

static gboolean
shown_whole (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_labels (root, text, found);
  if (found->len == 0)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (found, i);

      if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        return FALSE;
    }

  return TRUE;
}

/* Once the window has laid the new text out: a label cut off for good
 * never gets there. */
#define assert_shown_whole(root, text) wait_until (shown_whole ((root), (text)))

/* At 600×700, and with text half as large again (Large Text, 144 dpi), the
 * search field's placeholder is shown whole. */
static void
test_placeholder_whole_when_narrow (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *placeholder = NULL;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 144 * 1024, NULL);
  fixture->width = 600;
  fixture->height = 700;
  fixture_set_up (fixture, data);
  show_page (fixture);
  wait_until (onboard_school_catalogue_get_state (fixture->catalogue) == ONBOARD_SCHOOL_CATALOGUE_READY &&
              providers_loaded (fixture));
  wait_until (gtk_widget_get_width (GTK_WIDGET (fixture->window)) <= 600);

  g_object_get (search_entry (fixture), "placeholder-text", &placeholder, NULL);
  g_assert_nonnull (placeholder);
  assert_shown_whole (GTK_WIDGET (search_entry (fixture)), placeholder);

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

/* At 600×700 and with Large Text, each MIS, once chosen, is shown whole in
 * the drop-down: not "SI…" for SIMS or "P…" for Pupil Asset. */
static void
test_chosen_mis_whole_when_narrow (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GListModel *providers;
  GtkExpression *name;
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 144 * 1024, NULL);
  fixture->width = 600;
  fixture->height = 700;
  fixture_set_up (fixture, data);
  show_page (fixture);
  wait_until (providers_loaded (fixture));
  wait_until (gtk_widget_get_width (GTK_WIDGET (fixture->window)) <= 600);

  providers = adw_combo_row_get_model (mis_row (fixture));
  name = adw_combo_row_get_expression (mis_row (fixture));
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(GObject) provider = g_list_model_get_item (providers, i);
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_true (gtk_expression_evaluate (name, provider, &value));
      adw_combo_row_set_selected (mis_row (fixture), i);
      assert_shown_whole (GTK_WIDGET (mis_row (fixture)), g_value_get_string (&value));
    }

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
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
  test_root = g_dir_make_tmp ("onboard-school-page-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (test_root, xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (xdg[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, apps) \
  g_test_add ("/onboard/school-page/" path, Fixture, apps, fixture_set_up_shown, func, fixture_tear_down)

  ADD ("search-narrows-the-list", test_search_narrows_the_list, NULL);
  ADD ("keyboard-chooses-school", test_keyboard_chooses_school, NULL);
  ADD ("enter-with-one-match", test_enter_with_one_match, NULL);
  ADD ("schoolbooking-warning", test_schoolbooking_warning, with_booking);
  ADD ("no-warning-without-schoolbooking", test_no_warning_without_schoolbooking, assembly_only);
  ADD ("continue-needs-school-and-mis", test_continue_needs_school_and_mis, NULL);
  ADD ("continue-registers", test_continue_registers, NULL);
  ADD ("register-server-error-then-retry", test_register_server_error_then_retry, NULL);
  ADD ("already-registered", test_already_registered, NULL);
  g_test_add ("/onboard/school-page/school-with-ampersand", Fixture, NULL,
              fixture_set_up_ampersand, test_school_with_ampersand, fixture_tear_down);
  ADD ("register-unavailable-gives-number", test_register_unavailable_gives_number, NULL);

#undef ADD

  g_test_add ("/onboard/school-page/best-matches-from-the-top", Fixture, NULL,
              fixture_set_up_whole_list, test_best_matches_from_the_top, fixture_tear_down);
  g_test_add ("/onboard/school-page/shows-the-best", Fixture, NULL,
              fixture_set_up_whole_list, test_shows_the_best, fixture_tear_down);
  g_test_add ("/onboard/school-page/list-failure-offers-retry", Fixture, NULL,
              fixture_set_up, test_list_failure_offers_retry, fixture_tear_down);
  g_test_add ("/onboard/school-page/placeholder-whole-when-narrow", Fixture, NULL,
              NULL, test_placeholder_whole_when_narrow, fixture_tear_down);
  g_test_add ("/onboard/school-page/chosen-mis-whole-when-narrow", Fixture, NULL,
              NULL, test_chosen_mis_whole_when_narrow, fixture_tear_down);
  g_test_add ("/onboard/school-page/no-count-while-loading", Fixture, NULL,
              fixture_set_up, test_no_count_while_loading, fixture_tear_down);

  ret = g_test_run ();

  remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);

  return ret;
}
