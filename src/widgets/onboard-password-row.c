/* onboard-password-row.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-accessibility.h"
#include "onboard-password-row.h"

/* A password field in a boxed list, in place of libadwaita's password
 * row. On GTK 4.8 only a GtkPasswordEntry is "password text" to a screen
 * reader; the text inside AdwPasswordEntryRow is plain "text", and Orca,
 * with its default key echo, says every letter of the password as it is
 * typed. Here the field is a GtkPasswordEntry, so Orca says "star"
 * instead, with a "Show Text" button that can be reached from the
 * keyboard, as the libadwaita row has.
 *
 * It is an editable (delegating to the entry), with the row's "changed"
 * and "entry-activated" signals, so forms use it as they use entry rows.
 */

struct _OnboardPasswordRow
{
  AdwActionRow     parent_instance;

  GtkWidget       *entry;
  GtkToggleButton *show_button;
  gpointer         muted_text_data[2];  /* GTK's, see mute_typed_text() */
};

static void onboard_password_row_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnboardPasswordRow, onboard_password_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE, onboard_password_row_editable_init))

enum {
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};

enum {
  ENTRY_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkEditable *
onboard_password_row_get_delegate (GtkEditable *editable)
{
  return GTK_EDITABLE (ONBOARD_PASSWORD_ROW (editable)->entry);
}

static void
onboard_password_row_editable_init (GtkEditableInterface *iface)
{
  iface->get_delegate = onboard_password_row_get_delegate;
}

/* The field is named as the row is titled. */
static void
title_changed_cb (OnboardPasswordRow *self)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title != NULL ? title : "",
                                  -1);
}

/* A field message marks the row as an error; the entry shows it. */
static void
css_classes_changed_cb (OnboardPasswordRow *self)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (self), "error"))
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");
}

/* GTK 4.8 tells assistive technology what is typed into a password
 * entry: each insertion goes out as a "text-changed:insert" event with
 * the characters themselves, and Orca 43 with its default key echo says
 * them aloud, letter by letter, to anyone in the room. GTK keeps its
 * bookkeeping of an accessible's text as the object data
 * "accessible-text-data" and connects the insert and delete handlers
 * that send those events with that data; the field blocks just those
 * handlers, on the entry and on its text, once GTK has connected them
 * (the accessibility bus connects them when it first sees the entry, and
 * again if the entry is realized anew). The screen reader still hears the
 * field, its name, its role "password text" and the focus moves. */
static void
mute_typed_text (OnboardPasswordRow *self)
{
  static guint insert_id, delete_id;
  GObject *objects[2];

  if (insert_id == 0)
    {
      insert_id = g_signal_lookup ("insert-text", GTK_TYPE_EDITABLE);
      delete_id = g_signal_lookup ("delete-text", GTK_TYPE_EDITABLE);
    }

  /* The entry and the text inside it are both accessible: either may
   * carry the data, and the handlers may sit on either. */
  objects[0] = G_OBJECT (self->entry);
  objects[1] = G_OBJECT (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)));
  for (guint d = 0; d < G_N_ELEMENTS (objects); d++)
    {
      gpointer data = g_object_get_data (objects[d], "accessible-text-data");

      if (data == NULL || data == self->muted_text_data[d])
        continue;

      for (guint t = 0; t < G_N_ELEMENTS (objects); t++)
        {
          g_signal_handlers_block_matched (objects[t], G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                           insert_id, 0, NULL, NULL, data);
          g_signal_handlers_block_matched (objects[t], G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                           delete_id, 0, NULL, NULL, data);
        }
      self->muted_text_data[d] = data;
    }
}

static void
entry_activated_cb (OnboardPasswordRow *self)
{
  g_signal_emit (self, signals[ENTRY_ACTIVATED], 0);
}

static void
show_toggled_cb (OnboardPasswordRow *self)
{
  gboolean revealed = gtk_toggle_button_get_active (self->show_button);
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->entry));

  /* The entry stays a password entry to assistive technology while its
   * text shows: a screen reader still says nothing of what is typed. */
  gtk_text_set_visibility (GTK_TEXT (text), revealed);
  gtk_button_set_icon_name (GTK_BUTTON (self->show_button),
                            revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static gboolean
onboard_password_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (ONBOARD_PASSWORD_ROW (widget)->entry);
}

/* Tab goes into the entry, then to Show Text, then on out of the row;
 * Shift+Tab the other way; the arrow keys move between rows. */
static gboolean
onboard_password_row_focus (GtkWidget        *widget,
                            GtkDirectionType  direction)
{
  OnboardPasswordRow *self = ONBOARD_PASSWORD_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *button = GTK_WIDGET (self->show_button);
  gboolean in_entry = focus != NULL && (focus == self->entry || gtk_widget_is_ancestor (focus, self->entry));
  gboolean in_button = focus != NULL && focus == button;

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
      if (in_button)
        return FALSE;
      if (in_entry)
        return gtk_widget_child_focus (button, direction);
      return gtk_widget_child_focus (self->entry, direction);

    case GTK_DIR_TAB_BACKWARD:
      if (in_entry)
        return FALSE;
      if (in_button)
        return gtk_widget_child_focus (self->entry, direction);
      return gtk_widget_child_focus (button, direction);

    case GTK_DIR_UP:
    case GTK_DIR_DOWN:
    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
    default:
      if (in_entry || in_button)
        return FALSE;
      return gtk_widget_child_focus (self->entry, direction);
    }
}

static void
onboard_password_row_dispose (GObject *object)
{
  OnboardPasswordRow *self = (OnboardPasswordRow *)object;

  if (self->entry != NULL)
    gtk_editable_finish_delegate (GTK_EDITABLE (self));
  self->entry = NULL;
  self->show_button = NULL;

  G_OBJECT_CLASS (onboard_password_row_parent_class)->dispose (object);
}

static void
onboard_password_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnboardPasswordRow *self = ONBOARD_PASSWORD_ROW (object);

  if (gtk_editable_delegate_get_property (object, prop_id, value, pspec))
    return;

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, onboard_password_row_get_revealed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_password_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OnboardPasswordRow *self = ONBOARD_PASSWORD_ROW (object);

  if (gtk_editable_delegate_set_property (object, prop_id, value, pspec))
    return;

  switch (prop_id)
    {
    case PROP_REVEALED:
      onboard_password_row_set_revealed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_password_row_class_init (OnboardPasswordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_password_row_dispose;
  object_class->get_property = onboard_password_row_get_property;
  object_class->set_property = onboard_password_row_set_property;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_editable_install_properties (object_class, N_PROPS);

  widget_class->grab_focus = onboard_password_row_grab_focus;
  widget_class->focus = onboard_password_row_focus;

  /**
   * OnboardPasswordRow::entry-activated:
   *
   * Enter was pressed in the field, as AdwEntryRow's signal of that name.
   */
  signals[ENTRY_ACTIVATED] =
    g_signal_new ("entry-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onboard_password_row_init (OnboardPasswordRow *self)
{
  self->entry = gtk_password_entry_new ();
  gtk_widget_set_valign (self->entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->entry, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->entry);

  self->show_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->show_button), "view-reveal-symbolic");
  gtk_widget_set_valign (GTK_WIDGET (self->show_button), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->show_button), _("Show Text"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->show_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show Text"),
                                  -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->show_button), "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->show_button));

  gtk_editable_init_delegate (GTK_EDITABLE (self));

  /* The row is only the field's frame: the Tab key goes straight to the
   * entry, and a screen reader hears the entry, not a row around it. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  g_object_set (self, "accessible-role", GTK_ACCESSIBLE_ROLE_GENERIC, NULL);
  onboard_accessibility_set_focus_target (GTK_WIDGET (self), self->entry);

  g_signal_connect_object (self->entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  /* Before any text goes in, and before GTK's handlers (connected after). */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)), "insert-text",
                           G_CALLBACK (mute_typed_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "map", G_CALLBACK (mute_typed_text), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->show_button, "toggled", G_CALLBACK (show_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::title", G_CALLBACK (title_changed_cb), NULL);
  g_signal_connect (self, "notify::css-classes", G_CALLBACK (css_classes_changed_cb), NULL);
  title_changed_cb (self);
}

/**
 * onboard_password_row_get_entry:
 *
 * Returns: (transfer none): the password entry, what has the focus
 */
GtkWidget *
onboard_password_row_get_entry (OnboardPasswordRow *self)
{
  g_return_val_if_fail (ONBOARD_IS_PASSWORD_ROW (self), NULL);

  return self->entry;
}

gboolean
onboard_password_row_get_revealed (OnboardPasswordRow *self)
{
  g_return_val_if_fail (ONBOARD_IS_PASSWORD_ROW (self), FALSE);

  return gtk_toggle_button_get_active (self->show_button);
}

/**
 * onboard_password_row_set_revealed:
 *
 * Shows the password as text, or hides it again (as "Show Text" does).
 */
void
onboard_password_row_set_revealed (OnboardPasswordRow *self,
                                   gboolean            revealed)
{
  g_return_if_fail (ONBOARD_IS_PASSWORD_ROW (self));

  gtk_toggle_button_set_active (self->show_button, revealed);
}
