/* onboard-field-message.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-accessibility.h"
#include "onboard-field-message.h"

/* The line under a form field: "Checking…", "Valid invite for Oakfield
 * Primary", or what is wrong and how to fix it. An error also marks its
 * field (red, and described by this line, its error message, for screen
 * readers), so the mistake is found where it was made.
 */

struct _OnboardFieldMessage
{
  GtkWidget                parent_instance;

  GtkWidget               *box;
  GtkSpinner              *spinner;
  GtkImage                *icon;
  GtkLabel                *label;

  GtkWidget               *field;
  OnboardFieldMessageKind  kind;
  gboolean                 field_marked;
  /* The error the field is described by, for assistive technology. */
  char                    *described;
  guint                    unmark_id;
};

G_DEFINE_FINAL_TYPE (OnboardFieldMessage, onboard_field_message, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Not GTK_ACCESSIBLE_STATE_INVALID: GTK 4.8 reports it as AT-SPI's
 * "invalid" state, which means an object that is gone, and Orca then
 * ignores the field as the focus enters it ("zombie"). The error is said
 * as the field's description instead. */
static void
mark_accessible (OnboardFieldMessage *self,
                 GtkWidget           *widget,
                 gboolean             invalid)
{
  if (invalid)
    {
      /* A single reference, unlike the list relations: no NULL after it. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, self->label,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_label (self->label),
                                      -1);
    }
  else
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
describe_field (OnboardFieldMessage *self,
                const char          *error)
{
  GtkWidget *target = onboard_accessibility_get_focus_target (self->field);

  mark_accessible (self, self->field, error != NULL);
  if (target != self->field)
    mark_accessible (self, target, error != NULL);

  g_free (self->described);
  self->described = g_strdup (error);
}

static gboolean
unmark_cb (gpointer user_data)
{
  OnboardFieldMessage *self = user_data;

  self->unmark_id = 0;
  if (self->field != NULL && self->kind != ONBOARD_FIELD_MESSAGE_ERROR)
    describe_field (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
update_field_state (OnboardFieldMessage *self)
{
  const char *error = self->kind == ONBOARD_FIELD_MESSAGE_ERROR ? gtk_label_get_label (self->label) : NULL;

  if (self->field == NULL)
    return;

  /* Only errors are announced with the field. Hints that change on every
   * keystroke ("3 more characters") are left out on purpose: under GTK 4.8
   * an accessible update per keystroke makes the screen reader lag behind
   * fast typing, and Orca says every one.
   *
   * The error is the description of what the screen reader is told has
   * the focus (the text inside an entry row, on GTK 4.8): Orca says a new
   * description of the focused field as it appears, and says it with the
   * field as the focus comes back to it. A page that clears an error and
   * shows it again on each key (the same "Enter your whole email address"
   * as it is typed) changes nothing for the screen reader: the error is
   * taken off only once the main loop has run without it coming back. */
  if (error != NULL)
    {
      gtk_widget_add_css_class (self->field, "error");
      g_clear_handle_id (&self->unmark_id, g_source_remove);
      if (g_strcmp0 (error, self->described) != 0)
        describe_field (self, error);
      self->field_marked = TRUE;
    }
  else if (self->field_marked)
    {
      gtk_widget_remove_css_class (self->field, "error");
      if (self->unmark_id == 0)
        self->unmark_id = g_idle_add (unmark_cb, self);
      self->field_marked = FALSE;
    }
}

static void
onboard_field_message_dispose (GObject *object)
{
  OnboardFieldMessage *self = (OnboardFieldMessage *)object;

  g_clear_handle_id (&self->unmark_id, g_source_remove);
  g_clear_pointer (&self->described, g_free);
  g_clear_weak_pointer (&self->field);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (onboard_field_message_parent_class)->dispose (object);
}

static void
onboard_field_message_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnboardFieldMessage *self = ONBOARD_FIELD_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_object (value, self->field);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_field_message_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OnboardFieldMessage *self = ONBOARD_FIELD_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      onboard_field_message_set_field (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_field_message_class_init (OnboardFieldMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_field_message_dispose;
  object_class->get_property = onboard_field_message_get_property;
  object_class->set_property = onboard_field_message_set_property;

  properties[PROP_FIELD] =
    g_param_spec_object ("field", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fieldmessage");
}

static void
onboard_field_message_init (OnboardFieldMessage *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->spinner));

  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->icon), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, NULL, -1);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->icon));

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));

  /* Empty until there is something to say. */
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
onboard_field_message_get_field (OnboardFieldMessage *self)
{
  g_return_val_if_fail (ONBOARD_IS_FIELD_MESSAGE (self), NULL);

  return self->field;
}

void
onboard_field_message_set_field (OnboardFieldMessage *self,
                                 GtkWidget           *field)
{
  g_return_if_fail (ONBOARD_IS_FIELD_MESSAGE (self));
  g_return_if_fail (!field || GTK_IS_WIDGET (field));

  if (g_set_weak_pointer (&self->field, field))
    {
      g_clear_pointer (&self->described, g_free);
      update_field_state (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
    }
}

OnboardFieldMessageKind
onboard_field_message_get_kind (OnboardFieldMessage *self)
{
  g_return_val_if_fail (ONBOARD_IS_FIELD_MESSAGE (self), ONBOARD_FIELD_MESSAGE_NONE);

  return self->kind;
}

const char *
onboard_field_message_get_text (OnboardFieldMessage *self)
{
  g_return_val_if_fail (ONBOARD_IS_FIELD_MESSAGE (self), NULL);

  return gtk_label_get_label (self->label);
}

void
onboard_field_message_show (OnboardFieldMessage     *self,
                            OnboardFieldMessageKind  kind,
                            const char              *text)
{
  static const char *icons[] = {
    [ONBOARD_FIELD_MESSAGE_NONE] = NULL,
    [ONBOARD_FIELD_MESSAGE_INFO] = "dialog-information-symbolic",
    [ONBOARD_FIELD_MESSAGE_BUSY] = NULL,
    [ONBOARD_FIELD_MESSAGE_SUCCESS] = "emblem-ok-symbolic",
    [ONBOARD_FIELD_MESSAGE_ERROR] = "dialog-error-symbolic",
  };

  g_return_if_fail (ONBOARD_IS_FIELD_MESSAGE (self));
  g_return_if_fail (kind <= ONBOARD_FIELD_MESSAGE_ERROR);

  if (text == NULL || *text == '\0')
    kind = ONBOARD_FIELD_MESSAGE_NONE;

  if (kind == self->kind && g_strcmp0 (text ? text : "", gtk_label_get_label (self->label)) == 0)
    return;

  self->kind = kind;
  gtk_label_set_label (self->label, kind == ONBOARD_FIELD_MESSAGE_NONE ? "" : text);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), kind == ONBOARD_FIELD_MESSAGE_BUSY);
  gtk_spinner_set_spinning (self->spinner, kind == ONBOARD_FIELD_MESSAGE_BUSY);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icons[kind] != NULL);
  gtk_image_set_from_icon_name (self->icon, icons[kind]);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");
  if (kind == ONBOARD_FIELD_MESSAGE_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else if (kind == ONBOARD_FIELD_MESSAGE_SUCCESS)
    gtk_widget_add_css_class (GTK_WIDGET (self), "success");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self), kind != ONBOARD_FIELD_MESSAGE_NONE);
  update_field_state (self);
}

void
onboard_field_message_clear (OnboardFieldMessage *self)
{
  onboard_field_message_show (self, ONBOARD_FIELD_MESSAGE_NONE, NULL);
}
