/* onboard-accessibility.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-accessibility.h"

/* What GTK 4.8 and libadwaita 1.2 tell assistive technology wrongly, put
 * right once for every widget of the app, GtkAssistant's and
 * AdwMessageDialog's included: hidden pages, mnemonics, unnamed list view
 * rows and the password row's unnamed button.
 *
 * Hidden pages. A page of a GtkStack (the assistant's steps, the states of
 * a step) that is not shown stays "visible" with its last position, so a
 * screen reader's review would read Step 1 while the user is on Step 3.
 * A widget that is not mapped is not on screen: it is marked hidden.
 *
 * Mnemonics. GTK 4.8 gives a button with a mnemonic ("Check _Again") two
 * names at once: its accessible label keeps the underscore, and the mnemonic label
 * inside it names it again, so a screen reader says "Check underscore
 * Again Check Again". Without the accessible label, the name comes from
 * the label inside alone: "Check Again".
 */

#define WATCHED_KEY "onboard-accessibility-watched"

static void
drop_mnemonic_label_property (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* libadwaita 1.2's password row has an icon-only button to show the
 * password, named by nothing but its tooltip ("Show Text"), which it
 * changes as the button toggles. */
static void
name_from_tooltip (GtkWidget *button)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
button_tooltip_changed_cb (GtkWidget  *button,
                           GParamSpec *pspec,
                           gpointer    user_data)
{
  name_from_tooltip (button);
}

static void
button_label_changed_cb (GtkButton  *button,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  /* gtk_button_set_label() sets the property again on every change
   * ("Resend in 30 s" becoming "_Resend Email"). */
  drop_mnemonic_label_property (button);
}

/* GTK 4.8's list views give their rows no name (GtkListItem has no
 * accessible label until GTK 4.12), so a screen reader moving through the
 * MIS drop-down hears nothing. A row is named by the text it shows, unless
 * the widget inside named it better (onboard_accessibility_name_list_item). */
#define NAMED_KEY "onboard-accessibility-named"

static void
append_label_text (GtkWidget *widget,
                   GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_label_text (child, text);
}

static void
name_list_item_from_labels (GtkWidget *row)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_object_get_data (G_OBJECT (row), NAMED_KEY) != NULL)
    return;

  append_label_text (row, text);
  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

/**
 * onboard_accessibility_name_list_item:
 * @child: the widget a list view's factory put in a row
 * @name: what a screen reader should say for the row
 *
 * Names the list view's row that holds @child.
 */
void
onboard_accessibility_name_list_item (GtkWidget  *child,
                                      const char *name)
{
  GtkWidget *row = gtk_widget_get_parent (child);

  if (row == NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (row)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return;

  g_object_set_data (G_OBJECT (row), NAMED_KEY, GINT_TO_POINTER (TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static gboolean
widget_unmapped_hook (GSignalInvocationHint *hint,
                      guint                  n_param_values,
                      const GValue          *param_values,
                      gpointer               user_data)
{
  GtkAccessible *accessible = g_value_get_object (&param_values[0]);

  gtk_accessible_update_state (accessible, GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return TRUE;
}

static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_param_values,
                    const GValue          *param_values,
                    gpointer               user_data)
{
  GObject *object = g_value_get_object (&param_values[0]);

  gtk_accessible_update_state (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);

  /* Rows of list boxes (AdwActionRow and the like) name themselves. */
  if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (GTK_WIDGET (object))))
    name_list_item_from_labels (GTK_WIDGET (object));

  if (!GTK_IS_BUTTON (object))
    return TRUE;

  if (g_object_get_data (object, WATCHED_KEY) == NULL)
    {
      g_object_set_data (object, WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_after (object, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
      g_signal_connect_after (object, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);

      if (gtk_button_get_label (GTK_BUTTON (object)) == NULL &&
          gtk_widget_get_ancestor (GTK_WIDGET (object), ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
        {
          g_signal_connect_after (object, "notify::tooltip-text", G_CALLBACK (button_tooltip_changed_cb), NULL);
          name_from_tooltip (GTK_WIDGET (object));
        }
    }

  drop_mnemonic_label_property (GTK_BUTTON (object));

  return TRUE;
}

/**
 * onboard_accessibility_install:
 *
 * Gives every button of the process, from now on, the accessible name a
 * screen reader should say: its label without the mnemonic underscore.
 * Safe to call more than once.
 */
void
onboard_accessibility_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* Signals exist once their class does; it stays for the process. */
      g_type_class_ref (GTK_TYPE_BUTTON);

      /* Not "notify::label": GLib skips notify emissions nobody connected
       * to, emission hooks included. */
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  widget_mapped_hook, NULL, NULL);
      g_signal_add_emission_hook (g_signal_lookup ("unmap", GTK_TYPE_WIDGET), 0,
                                  widget_unmapped_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
