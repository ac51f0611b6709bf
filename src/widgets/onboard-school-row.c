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
 * an office worker can check it by (URN, DfE number). Kept by the list
 * while a search changes the school in its place (OnboardSchoolSlot), so
 * setting a school must be cheap.
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

  object_class->dispose = onboard_school_row_dispose;
  object_class->get_property = onboard_school_row_get_property;
  object_class->set_property = onboard_school_row_set_property;

  properties[PROP_SCHOOL] =
    g_param_spec_object ("school", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GtkLabel *
add_label (GtkBox     *box,
           const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* One line each: a wrapping label lays its text out again for each
   * width it is asked about, and a search sets the text of every row on
   * every key. The whole text is the row's accessible name. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  gtk_box_append (box, label);

  return GTK_LABEL (label);
}

/* Built in code rather than from a template: GtkBuilder would parse the
 * same XML for each row the list makes. */
static void
onboard_school_row_init (OnboardSchoolRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Where and which on one line, so five or more schools fit in view at
   * 1024×768. */
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->name_label = add_label (GTK_BOX (box), "heading");
  gtk_box_append (GTK_BOX (box), line);
  self->place_label = add_label (GTK_BOX (line), NULL);
  self->numbers_label = add_label (GTK_BOX (line), "dim-label");
  /* The URN and DfE number are what the caller reads out to support: when
   * the line is short the place gives way, they do not. */
  gtk_label_set_ellipsize (self->numbers_label, PANGO_ELLIPSIZE_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->numbers_label), "caption");
  gtk_widget_set_valign (GTK_WIDGET (self->place_label), GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (GTK_WIDGET (self->numbers_label), GTK_ALIGN_BASELINE);

  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
onboard_school_row_new (void)
{
  return g_object_new (ONBOARD_TYPE_SCHOOL_ROW, NULL);
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

static void
setup_list_item_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  gtk_list_item_set_child (item, onboard_school_row_new ());
}

static void
bind_list_item_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GBinding *binding = g_object_bind_property (gtk_list_item_get_item (item), "school",
                                              gtk_list_item_get_child (item), "school",
                                              G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (item), "onboard-school-binding", binding);
}

static void
unbind_list_item_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "onboard-school-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  onboard_school_row_set_school (ONBOARD_SCHOOL_ROW (gtk_list_item_get_child (item)), NULL);
}

/**
 * onboard_school_row_factory_new:
 *
 * Returns: (transfer full): a factory for a list of #OnboardSchoolSlot:
 *   each row shows the school in its slot, and follows it when the slot
 *   gets another.
 */
GtkListItemFactory *
onboard_school_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_list_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_list_item_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_list_item_cb), NULL);

  return factory;
}
