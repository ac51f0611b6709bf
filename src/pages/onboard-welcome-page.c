/* onboard-welcome-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-step-header.h"
#include "onboard-welcome-page.h"

/* Step 1, "Before you start": what this route supports, who provides the
 * connection, what to have ready and who to call. Nothing here blocks Next.
 */

struct _OnboardWelcomePage
{
  OnboardPage        parent_instance;

  OnboardStepHeader *header;
  AdwActionRow      *phone_row;
  AdwActionRow      *help_row;

  GSettings         *settings;
  OnboardClient     *client;
};

G_DEFINE_FINAL_TYPE (OnboardWelcomePage, onboard_welcome_page, ONBOARD_TYPE_PAGE)

static void
copy_phone_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardWelcomePage *self = ONBOARD_WELCOME_PAGE (widget);
  g_autofree char *phone = g_settings_get_string (self->settings, "support-phone");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), phone);
}

static void
onboard_welcome_page_dispose (GObject *object)
{
  OnboardWelcomePage *self = (OnboardWelcomePage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_WELCOME_PAGE);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (onboard_welcome_page_parent_class)->dispose (object);
}

static void
onboard_welcome_page_class_init (OnboardWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, help_row);

  gtk_widget_class_install_action (widget_class, "welcome.copy-phone", NULL, copy_phone_cb);

  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_welcome_page_init (OnboardWelcomePage *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *help_url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  phone = g_settings_get_string (self->settings, "support-phone");
  help_url = g_settings_get_string (self->settings, "help-url");
  adw_action_row_set_subtitle (self->phone_row, phone);
  adw_action_row_set_subtitle (self->help_row, help_url);

  onboard_page_set_title (ONBOARD_PAGE (self), _("Before you start"));
  onboard_page_set_step (ONBOARD_PAGE (self), 1);
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  /* Reading this page is all it asks: the checks below warn, never block. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
}

OnboardPage *
onboard_welcome_page_new (OnboardClient   *client,
                          OnboardProgress *progress)
{
  OnboardWelcomePage *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);

  self = g_object_new (ONBOARD_TYPE_WELCOME_PAGE, NULL);
  self->client = g_object_ref (client);

  return ONBOARD_PAGE (self);
}
