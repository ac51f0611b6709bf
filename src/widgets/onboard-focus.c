/* onboard-focus.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-focus.h"

/* A form whose rows turn insensitive while a request runs first takes the
 * focus off them, and gives it back when the answer leaves the user on the
 * same form. An entry that turns insensitive while focused never hears that
 * it lost the focus (GTK 4.8): its cursor keeps blinking and GTK warns. The
 * focus goes nowhere, not onto the form's Cancel: a second, impatient Enter
 * would cancel the request.
 */

/**
 * onboard_focus_park:
 * @within: the widget whose controls are about to turn insensitive
 * @parked: (inout): where to remember the control that had the focus; a
 *   weak pointer, which the caller clears in its dispose
 *
 * Takes the focus away when it is inside @within, and remembers where it
 * was. Otherwise does nothing.
 */
void
onboard_focus_park (GtkWidget  *within,
                    GtkWidget **parked)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (within));
  g_return_if_fail (parked != NULL);

  root = gtk_widget_get_root (within);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, within))
    return;

  g_set_weak_pointer (parked, focus);
  gtk_root_set_focus (root, NULL);
}

/**
 * onboard_focus_restore:
 * @parked: (inout): what onboard_focus_park() remembered
 *
 * Gives the focus back to the control that had it, if it is still on
 * screen and can take it, and forgets it.
 */
void
onboard_focus_restore (GtkWidget **parked)
{
  g_return_if_fail (parked != NULL);

  if (*parked != NULL &&
      gtk_widget_get_mapped (*parked) &&
      gtk_widget_is_sensitive (*parked))
    gtk_widget_grab_focus (*parked);

  g_clear_weak_pointer (parked);
}
