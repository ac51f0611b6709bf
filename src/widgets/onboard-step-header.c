/* onboard-step-header.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-step-header.h"

/* "Step 2 of 5" above the step's name, at the top of every page: the two
 * things a support agent asks first on the phone.
 */

struct _OnboardStepHeader
{
  AdwBin    parent_instance;

  GtkLabel *step_label;
  GtkLabel *title_label;
};

G_DEFINE_FINAL_TYPE (OnboardStepHeader, onboard_step_header, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STEP_LABEL,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
onboard_step_header_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ONBOARD_TYPE_STEP_HEADER);

  G_OBJECT_CLASS (onboard_step_header_parent_class)->dispose (object);
}

static void
onboard_step_header_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnboardStepHeader *self = ONBOARD_STEP_HEADER (object);

  switch (prop_id)
    {
    case PROP_STEP_LABEL:
      g_value_set_string (value, onboard_step_header_get_step_label (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, onboard_step_header_get_title (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_step_header_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnboardStepHeader *self = ONBOARD_STEP_HEADER (object);

  switch (prop_id)
    {
    case PROP_STEP_LABEL:
      onboard_step_header_set_step_label (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      onboard_step_header_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_step_header_class_init (OnboardStepHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_step_header_dispose;
  object_class->get_property = onboard_step_header_get_property;
  object_class->set_property = onboard_step_header_set_property;

  properties[PROP_STEP_LABEL] =
    g_param_spec_string ("step-label", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/widgets/onboard-step-header.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardStepHeader, step_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStepHeader, title_label);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
onboard_step_header_init (OnboardStepHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
onboard_step_header_get_step_label (OnboardStepHeader *self)
{
  g_return_val_if_fail (ONBOARD_IS_STEP_HEADER (self), NULL);

  return gtk_label_get_label (self->step_label);
}

void
onboard_step_header_set_step_label (OnboardStepHeader *self,
                                    const char        *step_label)
{
  g_return_if_fail (ONBOARD_IS_STEP_HEADER (self));

  if (g_strcmp0 (step_label, gtk_label_get_label (self->step_label)) == 0)
    return;

  gtk_label_set_label (self->step_label, step_label ? step_label : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_LABEL]);
}

const char *
onboard_step_header_get_title (OnboardStepHeader *self)
{
  g_return_val_if_fail (ONBOARD_IS_STEP_HEADER (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
onboard_step_header_set_title (OnboardStepHeader *self,
                               const char        *title)
{
  g_return_if_fail (ONBOARD_IS_STEP_HEADER (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
