/* test-accessibility.c
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

/* What GTK 4.8 and libadwaita 1.2 tell a screen reader wrongly, put right
 * for every widget of the process: hidden pages, mnemonic underscores,
 * unnamed list view rows and the password row's unnamed button. */

static GtkWindow *
present (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, child);
  gtk_window_present (window);
  wait_until (gtk_widget_get_mapped (child));

  return window;
}

static void
test_install_twice (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Next");
  GtkWindow *window;

  onboard_accessibility_install ();
  onboard_accessibility_install ();

  /* Installed twice, it works as once, without a warning. */
  window = present (button);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));

  gtk_window_destroy (window);
}

static void
test_mnemonic_buttons (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *mnemonic = gtk_button_new_with_mnemonic ("Check _Again");
  GtkWidget *plain = gtk_button_new_with_label ("Cancel");
  GtkWidget *icon = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWindow *window;

  onboard_accessibility_install ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy", -1);
  gtk_box_append (GTK_BOX (box), mnemonic);
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), icon);
  window = present (box);

  /* Named by the label inside alone, without "underscore". */
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (mnemonic), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_role (mnemonic, GTK_ACCESSIBLE_ROLE_BUTTON);

  /* A new label ("Resend in 30 s" becoming "_Resend Email") too. */
  gtk_button_set_label (GTK_BUTTON (mnemonic), "_Resend Email");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (mnemonic), GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* An underscore turned on after the label was set. */
  gtk_button_set_use_underline (GTK_BUTTON (plain), TRUE);
  gtk_button_set_label (GTK_BUTTON (plain), "_Cancel");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (plain), GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* A button with no label keeps the name it was given. */
  gtk_test_accessible_assert_property (icon, GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy");

  gtk_window_destroy (window);
}

static void
test_hidden_pages (void)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *first = gtk_label_new ("Step 1: Welcome");
  GtkWidget *second = gtk_label_new ("Step 3: Your school");
  GtkWindow *window;

  onboard_accessibility_install ();

  gtk_stack_add_named (GTK_STACK (stack), first, "first");
  gtk_stack_add_named (GTK_STACK (stack), second, "second");
  window = present (stack);

  g_assert_true (gtk_widget_get_mapped (first));
  gtk_test_accessible_assert_state (first, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);

  /* Turned away from: hidden from a screen reader's review, though GTK
   * still calls it visible. */
  gtk_stack_set_visible_child (GTK_STACK (stack), second);
  wait_until (!gtk_widget_get_mapped (first) && gtk_widget_get_mapped (second));
  g_assert_true (gtk_widget_get_visible (first));
  gtk_test_accessible_assert_state (first, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);
  gtk_test_accessible_assert_state (second, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);

  /* And back. */
  gtk_stack_set_visible_child (GTK_STACK (stack), first);
  wait_until (gtk_widget_get_mapped (first) && !gtk_widget_get_mapped (second));
  gtk_test_accessible_assert_state (first, GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
  gtk_test_accessible_assert_state (second, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE);

  gtk_window_destroy (window);
}

/* A list view's row as the MIS drop-down and the school results make
 * them: a few labels, one of them not shown. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *hidden = gtk_label_new ("Not shown");

  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), gtk_label_new ("XoD"));
  gtk_widget_set_visible (hidden, FALSE);
  gtk_box_append (GTK_BOX (box), hidden);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkStringObject *string = gtk_list_item_get_item (item);
  const char *name = gtk_string_object_get_string (string);

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), name);

  /* The widget inside may name its row better. */
  if (g_str_equal (name, "iSAMS"))
    onboard_accessibility_name_list_item (box, "iSAMS, with SchoolBooking");
}

static GtkWidget *
row_showing (GtkWidget  *list,
             const char *name)
{
  GtkWidget *label = find_widget (list, GTK_TYPE_LABEL, label_is, name);

  g_assert_nonnull (label);

  return gtk_widget_get_parent (gtk_widget_get_parent (label));
}

static void
test_list_rows (void)
{
  const char * const names[] = { "SIMS", "Arbor", "iSAMS", NULL };
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *model = NULL;
  GtkWidget *list;
  GtkWidget *row;
  GtkWindow *window;

  onboard_accessibility_install ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  model = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (gtk_string_list_new (names))));
  list = gtk_list_view_new (model, factory);
  window = present (list);
  wait_until (find_widget (list, GTK_TYPE_LABEL, label_is, "iSAMS") != NULL);

  /* Each row named by the text it shows, hidden labels left out. */
  row = row_showing (list, "SIMS");
  gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "SIMS, XoD");
  gtk_test_accessible_assert_property (row_showing (list, "Arbor"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Arbor, XoD");

  /* A name given by the row's widget is kept. */
  gtk_test_accessible_assert_property (row_showing (list, "iSAMS"), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "iSAMS, with SchoolBooking");

  /* Outside a list view, naming a list item names nothing. */
  row = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  gtk_box_append (GTK_BOX (row), gtk_image_new ());
  onboard_accessibility_name_list_item (gtk_widget_get_first_child (row), "Ignored");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_finalize_object (row);

  gtk_window_destroy (window);
}

/* The password field: its entry named as the row is titled, and its
 * icon-only Show Text button named too, whichever way it is toggled. */
static void
test_password_peek_button (void)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = g_object_new (ONBOARD_TYPE_PASSWORD_ROW, "title", "Password", NULL);
  GtkWidget *button;
  GtkWindow *window;

  onboard_accessibility_install ();

  gtk_list_box_append (GTK_LIST_BOX (list), row);
  window = present (list);

  button = find_widget (row, GTK_TYPE_TOGGLE_BUTTON, NULL, NULL);
  g_assert_nonnull (button);
  g_assert_null (gtk_button_get_label (GTK_BUTTON (button)));
  wait_until (gtk_widget_get_mapped (button));

  gtk_test_accessible_assert_property (onboard_password_row_get_entry (ONBOARD_PASSWORD_ROW (row)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Password");
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show Text");
  onboard_password_row_set_revealed (ONBOARD_PASSWORD_ROW (row), TRUE);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show Text");
  gtk_test_accessible_assert_state (button, GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_TRUE);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told, without one on the bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/accessibility/install-twice", test_install_twice);
  g_test_add_func ("/onboard/accessibility/mnemonic-buttons", test_mnemonic_buttons);
  g_test_add_func ("/onboard/accessibility/hidden-pages", test_hidden_pages);
  g_test_add_func ("/onboard/accessibility/list-rows", test_list_rows);
  g_test_add_func ("/onboard/accessibility/password-peek-button", test_password_peek_button);

  return g_test_run ();
}
