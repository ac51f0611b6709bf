/* onboard-error-banner.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-error-banner.h"

/* What went wrong with a request, in one sentence, with the way out (a
 * button, usually "Try Again") and, one click away, the details support asks
 * for on the phone: request id, HTTP status, the service's error code.
 */

struct _OnboardErrorBanner
{
  AdwBin       parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *message_label;
  GtkExpander *details_expander;
  GtkLabel    *details_label;
  GtkButton   *button;
  /* The button takes the focus as soon as it is on screen. */
  gboolean     focus_pending;
};

G_DEFINE_FINAL_TYPE (OnboardErrorBanner, onboard_error_banner, ADW_TYPE_BIN)

enum {
  BUTTON_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
button_clicked_cb (OnboardErrorBanner *self)
{
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
}

static void
take_focus (OnboardErrorBanner *self)
{
  if (!self->focus_pending || !gtk_widget_get_mapped (GTK_WIDGET (self->button)))
    return;

  self->focus_pending = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->button));
}

static void
onboard_error_banner_dispose (GObject *object)
{
  /* The revealer is both a template child and the bin's child: left to
   * dispose_template() it would be unparented behind AdwBin's back, and
   * AdwBin's own dispose would then unparent a freed widget. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ONBOARD_TYPE_ERROR_BANNER);

  G_OBJECT_CLASS (onboard_error_banner_parent_class)->dispose (object);
}

static void
onboard_error_banner_class_init (OnboardErrorBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_error_banner_dispose;

  /**
   * OnboardErrorBanner::button-clicked:
   *
   * The user pressed the banner's button (for example "Try Again").
   */
  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/widgets/onboard-error-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardErrorBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, OnboardErrorBanner, message_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardErrorBanner, details_expander);
  gtk_widget_class_bind_template_child (widget_class, OnboardErrorBanner, details_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardErrorBanner, button);
  gtk_widget_class_bind_template_callback (widget_class, button_clicked_cb);
}

static void
onboard_error_banner_init (OnboardErrorBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->button, "map", G_CALLBACK (take_focus), self, G_CONNECT_SWAPPED);
}

/**
 * onboard_error_banner_show:
 * @message: what happened and what to do, for the user
 * @details: (nullable): what support needs; never a secret
 * @button_label: (nullable): the way out, or %NULL for no button
 */
void
onboard_error_banner_show (OnboardErrorBanner *self,
                           const char         *message,
                           const char         *details,
                           const char         *button_label)
{
  g_return_if_fail (ONBOARD_IS_ERROR_BANNER (self));
  g_return_if_fail (message != NULL);

  gtk_label_set_label (self->message_label, message);
  gtk_label_set_label (self->details_label, details ? details : "");
  gtk_expander_set_expanded (self->details_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), details != NULL && *details != '\0');

  gtk_widget_set_visible (GTK_WIDGET (self->button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (self->button, button_label);

  gtk_revealer_set_reveal_child (self->revealer, TRUE);

  /* GTK 4.8 cannot make a screen reader say that something appeared. The
   * way out takes the focus instead, described by what went wrong: the
   * user hears "Try Again, button: Assembly's service could not be
   * reached…" without hunting for it, and Enter tries again. The button
   * is on screen once the banner starts sliding in. */
  self->focus_pending = button_label != NULL;
  if (button_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  take_focus (self);
}

void
onboard_error_banner_hide (OnboardErrorBanner *self)
{
  g_return_if_fail (ONBOARD_IS_ERROR_BANNER (self));

  self->focus_pending = FALSE;
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

gboolean
onboard_error_banner_get_revealed (OnboardErrorBanner *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
onboard_error_banner_get_message (OnboardErrorBanner *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_BANNER (self), NULL);

  return gtk_label_get_label (self->message_label);
}

const char *
onboard_error_banner_get_details (OnboardErrorBanner *self)
{
  g_return_val_if_fail (ONBOARD_IS_ERROR_BANNER (self), NULL);

  return gtk_label_get_label (self->details_label);
}
