/* onboard-school-row.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-school-row.h"
#include "onboard-accessibility.h"

/* One school in the search results: its name, where it is, and the numbers
 * an office worker can check it by (URN, DfE number). Recycled by the list
 * view as the user scrolls, so setting a school must be cheap.
 */

struct _OnboardSchoolRow
{
  AdwBin         parent_instance;

  GtkLabel      *name_label;
  GtkLabel      *place_label;
  GtkLabel      *numbers_label;

  OnboardSchool *school;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolRow, onboard_school_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SCHOOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (OnboardSchoolRow *self)
{
  g_autoptr(GString) place = g_string_new (NULL);
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autofree char *dfe = NULL;
  g_autofree char *accessible = NULL;
  const char *town, *postcode, *phase;

  if (self->school == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->place_label, "");
      gtk_label_set_label (self->numbers_label, "");
      return;
    }

  town = onboard_school_get_town (self->school);
  postcode = onboard_school_get_postcode (self->school);
  phase = onboard_school_get_phase (self->school);
  dfe = onboard_school_dup_dfe_number (self->school);

  if (town != NULL && *town != '\0')
    g_string_append (place, town);
  if (postcode != NULL && *postcode != '\0')
    g_string_append_printf (place, "%s%s", place->len ? " · " : "", postcode);
  if (phase != NULL && *phase != '\0')
    g_string_append_printf (place, "%s%s", place->len ? " · " : "", phase);

  /* Translators: the school's unique reference number, e.g. "URN 100000" */
  g_string_append_printf (numbers, _("URN %s"), onboard_school_get_urn (self->school));
  if (dfe != NULL)
    {
      g_string_append (numbers, "  ·  ");
      /* Translators: the DfE establishment number, e.g. "DfE 330/2005" */
      g_string_append_printf (numbers, _("DfE %s"), dfe);
    }

  gtk_label_set_label (self->name_label, onboard_school_get_name (self->school));
  gtk_label_set_label (self->place_label, place->str);
  gtk_label_set_label (self->numbers_label, numbers->str);

  /* One sentence for a screen reader, in the order the eye reads it. */
  accessible = g_strdup_printf ("%s, %s, %s", onboard_school_get_name (self->school), place->str, numbers->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  /* A screen reader moves over the list view's rows, not this widget. */
  onboard_accessibility_name_list_item (GTK_WIDGET (self), accessible);
}

static void
onboard_school_row_dispose (GObject *object)
{
  OnboardSchoolRow *self = (OnboardSchoolRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SCHOOL_ROW);
  g_clear_object (&self->school);

  G_OBJECT_CLASS (onboard_school_row_parent_class)->dispose (object);
}

static void
onboard_school_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnboardSchoolRow *self = ONBOARD_SCHOOL_ROW (object);

  switch (prop_id)
    {
    case PROP_SCHOOL:
      g_value_set_object (value, self->school);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OnboardSchoolRow *self = ONBOARD_SCHOOL_ROW (object);

  switch (prop_id)
    {
    case PROP_SCHOOL:
      onboard_school_row_set_school (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_row_class_init (OnboardSchoolRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_school_row_dispose;
  object_class->get_property = onboard_school_row_get_property;
  object_class->set_property = onboard_school_row_set_property;

  properties[PROP_SCHOOL] =
    g_param_spec_object ("school", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/widgets/onboard-school-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolRow, place_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSchoolRow, numbers_label);
}

static void
onboard_school_row_init (OnboardSchoolRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OnboardSchool *
onboard_school_row_get_school (OnboardSchoolRow *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_ROW (self), NULL);

  return self->school;
}

void
onboard_school_row_set_school (OnboardSchoolRow *self,
                               OnboardSchool    *school)
{
  g_return_if_fail (ONBOARD_IS_SCHOOL_ROW (self));
  g_return_if_fail (!school || ONBOARD_IS_SCHOOL (school));

  if (g_set_object (&self->school, school))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHOOL]);
    }
}
