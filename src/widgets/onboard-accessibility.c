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
 * AdwMessageDialog's included: hidden pages, mnemonics and unnamed list
 * view rows.
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
 *
 * Stack pages. GTK 4.8 gives every page of a GtkStack a panel of its own
 * for assistive technology, named "GtkStackPage" when the page has no
 * title, and Orca says "GtkStackPage panel" as the focus moves into it. A
 * page given an empty title is a panel without a name, which Orca passes
 * over; a page whose state is worth hearing ("Check Your Inbox") is given
 * that as its title, and Orca says it as the focus enters.
 *
 * Rows of a list that selects nothing. GTK 4.8 gives every list box the
 * means to select, even one where nothing can be selected, and Orca says
 * "not selected" after the name of each of its rows. Such rows are told
 * selected, which Orca does not say.
 */

#define WATCHED_KEY "onboard-accessibility-watched"

static void
drop_mnemonic_label_property (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
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

static void
quiet_untitled_pages (GtkStack *stack)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkStackPage *page = GTK_STACK_PAGE (item);

      if (gtk_stack_page_get_title (page) == NULL)
        gtk_stack_page_set_title (page, "");
    }
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

  if (GTK_IS_STACK (object))
    quiet_untitled_pages (GTK_STACK (object));

  /* A page added to a stack already on screen (the steps after the first
   * are built after the first frame). */
  if (GTK_IS_STACK (gtk_widget_get_parent (GTK_WIDGET (object))))
    {
      GtkStackPage *page = gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (object))),
                                               GTK_WIDGET (object));

      if (page != NULL && gtk_stack_page_get_title (page) == NULL)
        gtk_stack_page_set_title (page, "");
    }

  if (GTK_IS_LIST_BOX_ROW (object) &&
      GTK_IS_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (object))) &&
      gtk_list_box_get_selection_mode (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (object)))) == GTK_SELECTION_NONE)
    gtk_accessible_update_state (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_STATE_SELECTED, TRUE, -1);

  /* An icon in a button says nothing of its own ("GtkImage Copy push
   * button"): the button's name says what it does. (GTK 4.8 then joins
   * the empty name to the button's: "Copy phone number ", which is not
   * heard.) */
  if (GTK_IS_IMAGE (object) && GTK_IS_BUTTON (gtk_widget_get_parent (GTK_WIDGET (object))))
    gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);

  /* A drop-down's list is named by the drop-down ("MIS Provider"), not
   * "GtkListView". */
  if (GTK_IS_LIST_VIEW (object) && gtk_widget_get_ancestor (GTK_WIDGET (object), ADW_TYPE_COMBO_ROW) != NULL)
    {
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (object), ADW_TYPE_COMBO_ROW);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title != NULL ? title : "", -1);
    }

  if (!GTK_IS_BUTTON (object))
    return TRUE;

  if (g_object_get_data (object, WATCHED_KEY) == NULL)
    {
      g_object_set_data (object, WATCHED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_after (object, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
      g_signal_connect_after (object, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
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

/* Entry rows. GTK 4.8 tells assistive technology nothing when the focus
 * enters an AdwEntryRow (libadwaita 1.2): the focus is on the text inside
 * the row, which GTK hides from the accessibility tree, and the row itself
 * never reports having the focus (GTK 4.10 added the way for it to). Orca
 * says nothing as the user tabs into "Invite code", and never hears its
 * error either. So the text inside is shown to assistive technology as
 * the field, named by the row's title, and the row becomes a plain
 * container, so that the field is not said twice. This has to happen
 * before assistive technology first sees the row: when the page is made.
 *
 * A boxed list holding one row is no list to its user; GTK 4.8 names it
 * "GtkListBox" and Orca says "GtkListBox, list" before the field. Such a
 * list is made a plain container too. */

#define FOCUS_TARGET_KEY "onboard-accessibility-focus-target"

static gboolean
entry_rows_need_fixing (void)
{
  return gtk_get_major_version () == 4 && gtk_get_minor_version () < 10;
}

static void
name_text_from_title (GtkWidget  *row,
                      GParamSpec *pspec,
                      GtkWidget  *text)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
}

static void
fix_entry_row (GtkWidget *row)
{
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row)));

  if (text == NULL ||
      g_object_get_data (G_OBJECT (row), FOCUS_TARGET_KEY) != NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (text)) != GTK_ACCESSIBLE_ROLE_NONE)
    return;

  g_object_set (text, "accessible-role", GTK_ACCESSIBLE_ROLE_TEXT_BOX, NULL);
  g_object_set (row, "accessible-role", GTK_ACCESSIBLE_ROLE_GENERIC, NULL);
  g_object_set_data (G_OBJECT (row), FOCUS_TARGET_KEY, text);

  name_text_from_title (row, NULL, text);
  g_signal_connect_object (row, "notify::title", G_CALLBACK (name_text_from_title), text, 0);
}

static void
fix_list_of_one (GtkListBox *list)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (list));
  guint rows = 0;

  if (gtk_list_box_get_selection_mode (list) != GTK_SELECTION_NONE ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (list)) != GTK_ACCESSIBLE_ROLE_LIST)
    return;

  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        rows++;
    }

  if (rows == 1)
    g_object_set (list, "accessible-role", GTK_ACCESSIBLE_ROLE_GENERIC, NULL);
}

static void
prepare_tree (GtkWidget *widget)
{
  if (ADW_IS_ENTRY_ROW (widget))
    fix_entry_row (widget);
  else if (GTK_IS_LIST_BOX (widget))
    fix_list_of_one (GTK_LIST_BOX (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    prepare_tree (child);
}

/**
 * onboard_accessibility_prepare:
 * @widget: a widget and its children, before they are first shown
 *
 * Puts right, for GTK 4.8, what must be put right before assistive
 * technology first sees these widgets: entry rows, which would never be
 * heard taking the focus, and boxed lists of one row.
 */
void
onboard_accessibility_prepare (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (entry_rows_need_fixing ())
    prepare_tree (widget);
}

/**
 * onboard_accessibility_set_focus_target:
 * @widget: a form field made of several widgets
 * @target: the one of them that takes the focus
 *
 * Says where @widget's state and description are heard (see
 * onboard_accessibility_get_focus_target()).
 */
void
onboard_accessibility_set_focus_target (GtkWidget *widget,
                                        GtkWidget *target)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GTK_IS_WIDGET (target));

  g_object_set_data (G_OBJECT (widget), FOCUS_TARGET_KEY, target);
}

/**
 * onboard_accessibility_get_focus_target:
 * @widget: a form field
 *
 * Returns: (transfer none): what a screen reader is told has the focus
 *   when @widget has it (the text inside an entry row, on GTK 4.8): where
 *   the field's state and description are heard
 */
GtkWidget *
onboard_accessibility_get_focus_target (GtkWidget *widget)
{
  GtkWidget *target;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  target = g_object_get_data (G_OBJECT (widget), FOCUS_TARGET_KEY);

  return target != NULL ? target : widget;
}

/* Saying something. GTK 4.8 has no way to make a screen reader say a
 * message (gtk_accessible_announce() came with GTK 4.14). What Orca 43
 * does say, unasked, is a new description of the object with the focus.
 * So a message becomes the description of what has the focus, when that
 * is on the same page as what changed, and the description it had comes
 * back when the focus leaves it. */

#define ANNOUNCED_KEY "onboard-accessibility-announced"

/* The page @widget is on: the child of the nearest stack. */
static GtkWidget *
page_of (GtkWidget *widget)
{
  for (GtkWidget *parent = gtk_widget_get_parent (widget);
       parent != NULL;
       widget = parent, parent = gtk_widget_get_parent (parent))
    {
      if (GTK_IS_STACK (parent))
        return widget;
    }

  return NULL;
}

/* The description GTK and libadwaita give these widgets themselves. */
static void
restore_description (GtkWidget *target)
{
  const char *description = NULL;

  if (ADW_IS_ACTION_ROW (target))
    description = adw_action_row_get_subtitle (ADW_ACTION_ROW (target));
  if (description == NULL || description[0] == '\0')
    description = gtk_widget_get_tooltip_text (target);

  if (description != NULL && description[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gboolean
restore_description_cb (gpointer user_data)
{
  g_autoptr(GtkWidget) target = user_data;

  if (g_object_get_data (G_OBJECT (target), ANNOUNCED_KEY) == NULL)
    restore_description (target);

  return G_SOURCE_REMOVE;
}

static void
announced_focus_changed_cb (GtkWidget  *focus,
                            GParamSpec *pspec,
                            GtkWidget  *target)
{
  if (gtk_widget_has_focus (focus))
    return;

  g_signal_handlers_disconnect_by_func (focus, announced_focus_changed_cb, target);
  g_object_set_data (G_OBJECT (target), ANNOUNCED_KEY, NULL);

  /* Once the screen reader has followed the focus elsewhere: a change to
   * what it still thinks has the focus would be said. */
  g_timeout_add (0, restore_description_cb, g_object_ref (target));
}

/**
 * onboard_accessibility_announce:
 * @source: the widget whose news @message is
 * @message: what a screen reader should say
 *
 * Has a screen reader say @message now, if the keyboard focus is on the
 * same page as @source: through the description of what has the focus,
 * which is put back when the focus leaves.
 *
 * Returns: %TRUE if the message went to the focus
 */
gboolean
onboard_accessibility_announce (GtkWidget  *source,
                                const char *message)
{
  GtkRoot *root;
  GtkWidget *focus;
  GtkWidget *page;
  GtkWidget *target;

  g_return_val_if_fail (GTK_IS_WIDGET (source), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  root = gtk_widget_get_root (source);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  page = page_of (source);

  if (focus == NULL || page == NULL || !gtk_widget_is_ancestor (focus, page))
    return FALSE;

  /* The text inside an entry is not what the screen reader sees. */
  for (target = focus;
       target != NULL && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (target)) == GTK_ACCESSIBLE_ROLE_NONE;
       target = gtk_widget_get_parent (target))
    ;
  if (target == NULL)
    return FALSE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (target), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);

  if (g_object_get_data (G_OBJECT (target), ANNOUNCED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (target), ANNOUNCED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_object (focus, "notify::has-focus", G_CALLBACK (announced_focus_changed_cb), target, 0);
    }

  return TRUE;
}
