/* test-password-row.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-accessibility.h"
#include "onboard-password-row.h"
#include "onboard-test-ui.h"

/* The password field of Step 2's forms: a password entry (so a screen
 * reader does not say what is typed) that forms use as an entry row. */

typedef struct
{
  GtkWindow *window;
  GtkWidget *before;
  GtkWidget *row;
  GtkWidget *after;
  guint      activated;
  guint      changed;
} Fixture;

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static GtkWidget *
boxed_list_of (GtkWidget *row)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);

  return list;
}

/* As Step 2's form has it: each field in a boxed list of its own. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  fixture->before = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fixture->before), "Email");
  fixture->row = g_object_new (ONBOARD_TYPE_PASSWORD_ROW, "title", "Password", NULL);
  fixture->after = gtk_check_button_new_with_label ("I accept");
  gtk_box_append (GTK_BOX (box), boxed_list_of (fixture->before));
  gtk_box_append (GTK_BOX (box), boxed_list_of (fixture->row));
  gtk_box_append (GTK_BOX (box), fixture->after);

  g_signal_connect_swapped (fixture->row, "entry-activated", G_CALLBACK (count_cb), &fixture->activated);
  g_signal_connect_swapped (fixture->row, "changed", G_CALLBACK (count_cb), &fixture->changed);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, box);
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (fixture->row));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
}

static GtkWidget *
entry (Fixture *fixture)
{
  return onboard_password_row_get_entry (ONBOARD_PASSWORD_ROW (fixture->row));
}

static GtkWidget *
show_button (Fixture *fixture)
{
  GtkWidget *button = find_widget (fixture->row, GTK_TYPE_TOGGLE_BUTTON, NULL, NULL);

  g_assert_nonnull (button);
  return button;
}

static gboolean
focus_in (Fixture   *fixture,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* What GTK 4.8 reports as "password text": nothing but a GtkPasswordEntry,
 * named as the row is titled, with the row itself silent around it. */
static void
test_password_row_is_a_password_entry (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry (fixture)));
  g_assert_true (gtk_widget_is_ancestor (entry (fixture), fixture->row));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (entry (fixture))), ==,
                   GTK_ACCESSIBLE_ROLE_TEXT_BOX);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->row)), ==,
                   GTK_ACCESSIBLE_ROLE_GENERIC);
  g_assert_true (onboard_accessibility_get_focus_target (fixture->row) == entry (fixture));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (fixture->row)), ==, "Password");
}

/* Forms use it as an entry row: its text, "changed", "entry-activated". */
static void
test_password_row_is_editable (Fixture       *fixture,
                               gconstpointer  data)
{
  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "correct horse");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry (fixture))), ==, "correct horse");
  g_assert_cmpuint (fixture->changed, >, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry (fixture)), "battery staple");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->row)), ==, "battery staple");

  gtk_widget_grab_focus (fixture->row);
  g_assert_true (focus_in (fixture, entry (fixture)));
  /* What Enter does in the text. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (entry (fixture))), "activate");
  g_assert_cmpuint (fixture->activated, ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry (fixture))), ==, "");
}

/* Tab: the email, the password, Show Text, then on; Shift+Tab back. */
static void
test_password_row_tab_order (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->window);

  gtk_widget_grab_focus (fixture->before);
  g_assert_true (focus_in (fixture, fixture->before));

  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (fixture, entry (fixture)));
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (fixture, show_button (fixture)));
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in (fixture, fixture->after));

  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in (fixture, show_button (fixture)));
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in (fixture, entry (fixture)));
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in (fixture, fixture->before));
}

/* Show Text shows the password, and hides it again; a field message's
 * error mark reaches the entry, where it shows. */
static void
test_password_row_show_text_and_error (Fixture       *fixture,
                                       gconstpointer  data)
{
  GtkText *text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (entry (fixture))));

  g_assert_false (gtk_text_get_visibility (text));
  g_assert_true (gtk_widget_get_focusable (show_button (fixture)));
  /* A button pressed from the keyboard is clicked once it has shown
   * itself pressed, a moment later. */
  gtk_widget_activate (show_button (fixture));
  wait_until (onboard_password_row_get_revealed (ONBOARD_PASSWORD_ROW (fixture->row)));
  g_assert_true (gtk_text_get_visibility (text));
  gtk_widget_activate (show_button (fixture));
  wait_until (!onboard_password_row_get_revealed (ONBOARD_PASSWORD_ROW (fixture->row)));
  g_assert_false (gtk_text_get_visibility (text));

  gtk_widget_add_css_class (fixture->row, "error");
  g_assert_true (gtk_widget_has_css_class (entry (fixture), "error"));
  gtk_widget_remove_css_class (fixture->row, "error");
  g_assert_false (gtk_widget_has_css_class (entry (fixture), "error"));
}

/* How many of GTK's handlers that report an accessible's text changes
 * (connected with its "accessible-text-data") to assistive technology
 * are connected to the entry and the text inside it: all of them, and
 * those of them not blocked. */
static void
count_text_reporters (GtkWidget *widget,
                      guint     *n_connected,
                      guint     *n_unblocked)
{
  GObject *objects[2] = { G_OBJECT (widget), G_OBJECT (gtk_editable_get_delegate (GTK_EDITABLE (widget))) };
  const char *signal_names[] = { "insert-text", "delete-text" };

  *n_connected = *n_unblocked = 0;
  for (guint d = 0; d < G_N_ELEMENTS (objects); d++)
    {
      gpointer data = g_object_get_data (objects[d], "accessible-text-data");

      if (data == NULL)
        continue;
      for (guint t = 0; t < G_N_ELEMENTS (objects); t++)
        for (guint s = 0; s < G_N_ELEMENTS (signal_names); s++)
          {
            guint id = g_signal_lookup (signal_names[s], GTK_TYPE_EDITABLE);

            *n_connected += g_signal_handlers_block_matched (objects[t], G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                                             id, 0, NULL, NULL, data);
            g_signal_handlers_unblock_matched (objects[t], G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                               id, 0, NULL, NULL, data);
            *n_unblocked += g_signal_handler_find (objects[t],
                                                   G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA | G_SIGNAL_MATCH_UNBLOCKED,
                                                   id, 0, NULL, NULL, data) != 0;
          }
    }
}

/* GTK 4.8 sends the characters typed into a password entry to the screen
 * reader, which says them aloud; the row stops just those reports. The
 * email field beside it keeps them (a screen reader says what is typed
 * there). Runs on the real accessibility bus (GTK_A11Y=atspi, below). */
static void
test_password_row_typed_text_unsent (Fixture       *fixture,
                                     gconstpointer  data)
{
  guint n_connected, n_unblocked;

  gtk_widget_grab_focus (entry (fixture));
  iterate_for (200);

  /* GTK connects its reporters once the accessibility bus sees the field:
   * if it never does, there is nothing to test here, and the test says so. */
  count_text_reporters (fixture->before, &n_connected, &n_unblocked);
  if (n_connected == 0)
    g_error ("GTK connected no text reporters to the email field: is the accessibility bus (at-spi2-core) there?");
  g_assert_cmpuint (n_unblocked, >, 0);

  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "correct horse");
  gtk_editable_insert_text (GTK_EDITABLE (entry (fixture)), " battery", -1, (int[]){ 13 });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->row)), ==, "correct horse battery");

  count_text_reporters (entry (fixture), &n_connected, &n_unblocked);
  g_assert_cmpuint (n_connected, >, 0);
  g_assert_cmpuint (n_unblocked, ==, 0);

  /* Realized anew (a new accessible context): still unsent. */
  gtk_widget_hide (GTK_WIDGET (fixture->window));
  gtk_widget_unrealize (GTK_WIDGET (fixture->window));
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (fixture->row));
  iterate_for (200);
  gtk_editable_set_text (GTK_EDITABLE (fixture->row), "staple");
  count_text_reporters (entry (fixture), &n_connected, &n_unblocked);
  g_assert_cmpuint (n_unblocked, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* The accessibility bus itself, as a desktop has it: what is tested is
   * what GTK sends on it. */
  g_setenv ("GTK_A11Y", "atspi", TRUE);
  g_unsetenv ("NO_AT_BRIDGE");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/onboard/password-row/is-a-password-entry", Fixture, NULL,
              fixture_set_up, test_password_row_is_a_password_entry, fixture_tear_down);
  g_test_add ("/onboard/password-row/is-editable", Fixture, NULL,
              fixture_set_up, test_password_row_is_editable, fixture_tear_down);
  g_test_add ("/onboard/password-row/tab-order", Fixture, NULL,
              fixture_set_up, test_password_row_tab_order, fixture_tear_down);
  g_test_add ("/onboard/password-row/show-text-and-error", Fixture, NULL,
              fixture_set_up, test_password_row_show_text_and_error, fixture_tear_down);
  g_test_add ("/onboard/password-row/typed-text-unsent", Fixture, NULL,
              fixture_set_up, test_password_row_typed_text_unsent, fixture_tear_down);

  return g_test_run ();
}
