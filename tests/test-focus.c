/* test-focus.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-focus.h"
#include "onboard-test-ui.h"

/* Taking the focus off a form whose rows are about to turn insensitive,
 * and giving it back: only from inside the form, only to a control that
 * can still take it, and never to one that has gone. */

typedef struct
{
  GtkWindow *window;
  GtkWidget *form;
  GtkWidget *entry;
  GtkWidget *outside;
  GtkWidget *parked;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  fixture->form = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  fixture->entry = gtk_entry_new ();
  fixture->outside = gtk_entry_new ();
  gtk_box_append (GTK_BOX (fixture->form), fixture->entry);
  gtk_box_append (GTK_BOX (box), fixture->form);
  gtk_box_append (GTK_BOX (box), fixture->outside);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, box);
  gtk_window_present (fixture->window);
  wait_until (gtk_widget_get_mapped (fixture->entry));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_weak_pointer (&fixture->parked);
  gtk_window_destroy (fixture->window);
}

static GtkWidget *
focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

static gboolean
focus_in (Fixture   *fixture,
          GtkWidget *widget)
{
  return focus (fixture) != NULL &&
         (focus (fixture) == widget || gtk_widget_is_ancestor (focus (fixture), widget));
}

static void
test_focus_park_and_restore (Fixture       *fixture,
                             gconstpointer  data)
{
  gtk_widget_grab_focus (fixture->entry);
  g_assert_true (focus_in (fixture, fixture->entry));

  onboard_focus_park (fixture->form, &fixture->parked);
  g_assert_null (focus (fixture));
  g_assert_nonnull (fixture->parked);
  g_assert_true (fixture->parked == fixture->entry || gtk_widget_is_ancestor (fixture->parked, fixture->entry));

  /* Insensitive while parked, sensitive again before it comes back. */
  gtk_widget_set_sensitive (fixture->entry, FALSE);
  gtk_widget_set_sensitive (fixture->entry, TRUE);
  onboard_focus_restore (&fixture->parked);
  g_assert_true (focus_in (fixture, fixture->entry));
  g_assert_null (fixture->parked);
}

/* The focus elsewhere in the window is not the form's to move. */
static void
test_focus_park_outside (Fixture       *fixture,
                         gconstpointer  data)
{
  gtk_widget_grab_focus (fixture->outside);

  onboard_focus_park (fixture->form, &fixture->parked);
  g_assert_true (focus_in (fixture, fixture->outside));
  g_assert_null (fixture->parked);

  onboard_focus_restore (&fixture->parked);
  g_assert_true (focus_in (fixture, fixture->outside));
}

/* Still insensitive when the answer comes (the user moved on): the focus
 * is not forced onto it, and it is forgotten. */
static void
test_focus_restore_insensitive (Fixture       *fixture,
                                gconstpointer  data)
{
  gtk_widget_grab_focus (fixture->entry);
  onboard_focus_park (fixture->form, &fixture->parked);
  gtk_widget_set_sensitive (fixture->entry, FALSE);

  onboard_focus_restore (&fixture->parked);
  g_assert_null (focus (fixture));
  g_assert_null (fixture->parked);
}

/* Gone meanwhile: nothing to give the focus back to, and no dangling
 * pointer. */
static void
test_focus_restore_gone (Fixture       *fixture,
                         gconstpointer  data)
{
  gtk_widget_grab_focus (fixture->entry);
  onboard_focus_park (fixture->form, &fixture->parked);
  g_assert_nonnull (fixture->parked);

  gtk_box_remove (GTK_BOX (fixture->form), fixture->entry);
  g_assert_null (fixture->parked);

  onboard_focus_restore (&fixture->parked);
  g_assert_null (focus (fixture));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/onboard/focus/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("park-and-restore", test_focus_park_and_restore);
  ADD ("park-outside", test_focus_park_outside);
  ADD ("restore-insensitive", test_focus_restore_insensitive);
  ADD ("restore-gone", test_focus_restore_gone);

#undef ADD

  return g_test_run ();
}
