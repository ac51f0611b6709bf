/* onboard-welcome-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-preflight.h"
#include "onboard-step-header.h"
#include "onboard-welcome-page.h"
#include "onboard-literal-text.h"

/* Step 1, "Before you start": what this route supports, who provides the
 * connection, what to have ready and who to call. Nothing here blocks Next.
 */

struct _OnboardWelcomePage
{
  OnboardPage        parent_instance;

  OnboardStepHeader   *header;
  AdwPreferencesGroup *checks_group;
  AdwActionRow        *phone_row;
  AdwActionRow        *help_row;

  GSettings           *settings;
  OnboardPreflight    *preflight;
  AdwActionRow        *check_rows[ONBOARD_PREFLIGHT_N_CHECKS];
  GtkStack            *check_icons[ONBOARD_PREFLIGHT_N_CHECKS];
  gboolean             checked;
};

G_DEFINE_FINAL_TYPE (OnboardWelcomePage, onboard_welcome_page, ONBOARD_TYPE_PAGE)

static void
copy_phone_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardWelcomePage *self = ONBOARD_WELCOME_PAGE (widget);
  g_autofree char *phone = onboard_client_error_dup_support_phone ();

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), phone);
  /* The page's own child, so not a template child: disposing the template
   * would take it from the page a second time. */
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self))),
                               adw_toast_new (_("Phone number copied")));
}

static void
check_changed_cb (OnboardWelcomePage    *self,
                  OnboardPreflightCheck  check,
                  OnboardPreflight      *preflight)
{
  OnboardPreflightState state = onboard_preflight_get_state (preflight, check);
  const char *message = onboard_preflight_get_message (preflight, check);
  const char *icon;

  switch (state)
    {
    case ONBOARD_PREFLIGHT_STATE_OK:
      icon = "ok";
      break;

    case ONBOARD_PREFLIGHT_STATE_WARNING:
      icon = "warning";
      break;

    case ONBOARD_PREFLIGHT_STATE_FAILED:
      icon = "failed";
      break;

    case ONBOARD_PREFLIGHT_STATE_PENDING:
      icon = "pending";
      break;

    case ONBOARD_PREFLIGHT_STATE_RUNNING:
    default:
      icon = "running";
      break;
    }

  gtk_stack_set_visible_child_name (self->check_icons[check], icon);
  gtk_spinner_set_spinning (GTK_SPINNER (gtk_stack_get_child_by_name (self->check_icons[check], "running")),
                            g_str_equal (icon, "running"));
  /* The advice may quote what the network said, such as a certificate
   * issuer's name. */
  onboard_row_set_literal_subtitle (self->check_rows[check], message);
}

static void
running_changed_cb (OnboardWelcomePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.check-again",
                                 !onboard_preflight_get_running (self->preflight));
}

static void
check_again_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  OnboardWelcomePage *self = ONBOARD_WELCOME_PAGE (widget);

  self->checked = TRUE;
  onboard_preflight_run (self->preflight);
}

static void
onboard_welcome_page_shown (OnboardPage *page)
{
  OnboardWelcomePage *self = ONBOARD_WELCOME_PAGE (page);

  /* The checks run in the background while the user reads. */
  if (!self->checked)
    {
      self->checked = TRUE;
      onboard_preflight_run (self->preflight);
    }
}

static GtkWidget *
new_status_icon (const char *icon_name,
                 const char *style_class,
                 const char *accessible_label)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (image, style_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  return image;
}

static void
build_check_rows (OnboardWelcomePage *self)
{
  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icons = gtk_stack_new ();

      gtk_stack_add_named (GTK_STACK (icons), new_status_icon ("content-loading-symbolic", "dim-label", _("Not checked yet")), "pending");
      gtk_stack_add_named (GTK_STACK (icons), gtk_spinner_new (), "running");
      gtk_stack_add_named (GTK_STACK (icons), new_status_icon ("emblem-ok-symbolic", "success", _("Passed")), "ok");
      gtk_stack_add_named (GTK_STACK (icons), new_status_icon ("dialog-warning-symbolic", "warning", _("Warning")), "warning");
      gtk_stack_add_named (GTK_STACK (icons), new_status_icon ("dialog-error-symbolic", "error", _("Problem")), "failed");
      gtk_widget_set_valign (icons, GTK_ALIGN_CENTER);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), onboard_preflight_check_get_title (i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icons);
      gtk_widget_add_css_class (row, "preflight-row");
      adw_preferences_group_add (self->checks_group, row);

      self->check_rows[i] = ADW_ACTION_ROW (row);
      self->check_icons[i] = GTK_STACK (icons);
    }
}

static void
onboard_welcome_page_dispose (GObject *object)
{
  OnboardWelcomePage *self = (OnboardWelcomePage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_WELCOME_PAGE);
  if (self->preflight != NULL)
    onboard_preflight_cancel (self->preflight);
  g_clear_object (&self->preflight);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (onboard_welcome_page_parent_class)->dispose (object);
}

static void
onboard_welcome_page_class_init (OnboardWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_welcome_page_dispose;

  ONBOARD_PAGE_CLASS (klass)->shown = onboard_welcome_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, checks_group);
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardWelcomePage, help_row);

  gtk_widget_class_install_action (widget_class, "welcome.copy-phone", NULL, copy_phone_cb);
  gtk_widget_class_install_action (widget_class, "welcome.check-again", NULL, check_again_cb);

  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_welcome_page_init (OnboardWelcomePage *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *help_url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  phone = onboard_client_error_dup_support_phone ();
  help_url = g_settings_get_string (self->settings, "help-url");
  onboard_row_set_literal_subtitle (self->phone_row, phone);
  onboard_row_set_literal_subtitle (self->help_row, help_url);

  onboard_page_set_title (ONBOARD_PAGE (self), _("Before you start"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);
  build_check_rows (self);

  /* Reading this page is all it asks: the checks below warn, never block. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
  onboard_page_set_primary (ONBOARD_PAGE (self), _("_Next"), TRUE);
}

OnboardPage *
onboard_welcome_page_new (OnboardClient   *client,
                          OnboardProgress *progress)
{
  OnboardWelcomePage *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);

  self = g_object_new (ONBOARD_TYPE_WELCOME_PAGE, "client", client, "progress", progress, NULL);
  self->preflight = onboard_preflight_new (client);
  g_signal_connect_object (self->preflight, "check-changed", G_CALLBACK (check_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preflight, "notify::running", G_CALLBACK (running_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < ONBOARD_PREFLIGHT_N_CHECKS; i++)
    check_changed_cb (self, i, self->preflight);

  return ONBOARD_PAGE (self);
}
