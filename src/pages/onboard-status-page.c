/* onboard-status-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-error-banner.h"
#include "onboard-mis.h"
#include "onboard-status-page.h"
#include "onboard-status-view.h"
#include "onboard-literal-text.h"

/* Step 5, "Connection status". The connector's state in words, what happens
 * next and when, and the one thing the user can do about it: send
 * Groupcall's email again, grant access again (on Step 4, where the choice
 * of who gets the email is), call support, or, once connected, finish.
 * When the connection goes live while the user is in another window, a
 * desktop notification says so.
 *
 * Like Step 4 it only listens to the status monitor.
 */

struct _OnboardStatusPage
{
  OnboardPage           parent_instance;

  /* Template children */
  OnboardStepHeader    *header;
  OnboardStatusView    *status_view;
  GtkBox               *actions_box;
  GtkButton            *resend_button;
  GtkLabel             *grant_hint_label;
  GtkButton            *web_button;
  GtkButton            *support_button;
  GtkLabel             *resend_status_label;
  OnboardErrorBanner   *banner;
  AdwActionRow         *school_row;

  /* Services */
  OnboardStatusMonitor *monitor;

  /* State */
  GCancellable         *cancellable;
  char                 *resend_key;
  char                 *last_status;
  gboolean              resending;
};

G_DEFINE_FINAL_TYPE (OnboardStatusPage, onboard_status_page, ONBOARD_TYPE_PAGE)

/* The monitor's connector, if it is this school's. */
static OnboardConnector *
get_connector (OnboardStatusPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardConnector *connector = onboard_status_monitor_get_connector (self->monitor);

  if (connector == NULL ||
      g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (progress)) != 0)
    return NULL;

  return connector;
}

static void
update_actions (OnboardStatusPage *self)
{
  OnboardConnector *connector = get_connector (self);
  OnboardConnectorStatus status;
  gboolean resend = FALSE, grant = FALSE, support = FALSE, web;

  status = connector ? onboard_connector_get_status (connector) : ONBOARD_CONNECTOR_STATUS_UNKNOWN;

  switch (status)
    {
    case ONBOARD_CONNECTOR_STATUS_INVITATION_SENT:
    case ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION:
    case ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED:
      resend = TRUE;
      break;

    /* Grant Access belongs to Step 4: Back goes there. */
    case ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED:
    case ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED:
    case ONBOARD_CONNECTOR_STATUS_REVOKED:
      grant = TRUE;
      break;

    case ONBOARD_CONNECTOR_STATUS_SYNC_ERROR:
      support = TRUE;
      break;

    case ONBOARD_CONNECTOR_STATUS_UNKNOWN:
      /* A state from a newer service: support can read it. */
      support = connector != NULL;
      break;

    case ONBOARD_CONNECTOR_STATUS_AUTHORISED:
    case ONBOARD_CONNECTOR_STATUS_SYNCING:
    case ONBOARD_CONNECTOR_STATUS_CONNECTED:
    default:
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->resend_button), resend);
  /* The guide: the status also shows on the connector's page in Assembly. */
  web = connector != NULL && onboard_connector_get_web_url (connector) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->grant_hint_label), grant);
  gtk_widget_set_visible (GTK_WIDGET (self->support_button), support);
  gtk_widget_set_visible (GTK_WIDGET (self->web_button), web);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), resend || support || web);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.open-web", web);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.resend", resend && !self->resending);

  if (!resend)
    gtk_widget_set_visible (GTK_WIDGET (self->resend_status_label), FALSE);
}

static void
update_school (OnboardStatusPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *school = onboard_progress_get_school_name (progress);
  const char *urn = onboard_progress_get_school_urn (progress);
  const char *mis = onboard_mis_name_for_id (onboard_progress_get_mis_provider (progress));
  g_autofree char *subtitle = NULL;

  onboard_row_set_literal_title (ADW_PREFERENCES_ROW (self->school_row),
                                 school != NULL ? school : _("Your school"));
  if (mis != NULL && urn != NULL)
    subtitle = g_strdup_printf (_("MIS: %s · URN %s"), mis, urn);
  else if (mis != NULL)
    subtitle = g_strdup_printf (_("MIS: %s"), mis);
  onboard_row_set_literal_subtitle (self->school_row, subtitle);
}

/* ---- The desktop notification ----------------------------------------- */

static void
notify_connected (OnboardStatusPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  GApplication *application = g_application_get_default ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *school = onboard_progress_get_school_name (progress);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *body = NULL;

  /* Someone looking at the window sees it already. */
  if (GTK_IS_WINDOW (root) && gtk_window_is_active (GTK_WINDOW (root)))
    return;

  if (application == NULL || !g_application_get_is_registered (application))
    return;

  /* Never in practice: the desktop would say a school is connected. */
  if (root != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (root), "practice") != NULL)
    {
      gboolean practice = FALSE;

      g_object_get (root, "practice", &practice, NULL);
      if (practice)
        return;
    }

  if (school != NULL)
    body = g_strdup_printf (_("%s’s data is now reaching Assembly. Groupcall brings it up to date every night."), school);
  else
    body = g_strdup (_("Your school’s data is now reaching Assembly. Groupcall brings it up to date every night."));

  notification = g_notification_new (_("Your school is connected to Assembly"));
  g_notification_set_body (notification, body);
  icon = g_themed_icon_new (APP_ID);
  g_notification_set_icon (notification, icon);

  g_application_send_notification (application, "connected", notification);
}

static void
status_changed_cb (OnboardStatusPage *self,
                   OnboardConnector  *connector)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *status = onboard_connector_get_status_string (connector);
  g_autofree char *previous = NULL;

  if (g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (progress)) != 0)
    return;

  previous = g_steal_pointer (&self->last_status);
  self->last_status = g_strdup (status);

  /* A change seen happening, not a school found connected at start-up. */
  if (previous != NULL &&
      g_strcmp0 (previous, "connected") != 0 &&
      onboard_connector_get_status (connector) == ONBOARD_CONNECTOR_STATUS_CONNECTED)
    notify_connected (self);

  update_actions (self);
}

/* ---- Actions ---------------------------------------------------------- */

static void
resent_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardStatusPage) self = user_data;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = onboard_client_resend_invitation_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->resending = FALSE;

  if (error != NULL)
    {
      g_autofree char *details = NULL;

      if (!onboard_client_error_is_outcome_unknown (error))
        g_clear_pointer (&self->resend_key, g_free);

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
        {
          /* Nothing waits to be resent any more: the state has moved on. */
          onboard_status_monitor_refresh (self->monitor);
          update_actions (self);
          return;
        }

      if (error->domain == ONBOARD_CLIENT_ERROR)
        details = onboard_client_error_dup_report (error);
      onboard_error_banner_show (self->banner, error->message, details, NULL);
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->resend_key, g_free);
  onboard_status_monitor_update (self->monitor, connector);
  gtk_label_set_label (self->resend_status_label,
                       _("Groupcall has been asked to send the email again. Allow a few minutes for it to arrive."));
  update_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->resend_status_label), TRUE);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardStatusPage *self = ONBOARD_STATUS_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  if (self->resend_key == NULL)
    self->resend_key = onboard_client_new_idempotency_key ();

  onboard_error_banner_hide (self->banner);
  self->resending = TRUE;
  update_actions (self);

  onboard_client_resend_invitation_async (client,
                                          onboard_progress_get_connector_id (progress),
                                          self->resend_key,
                                          self->cancellable,
                                          resent_cb,
                                          g_object_ref (self));
}

char *
onboard_status_page_dup_support_text (OnboardStatusPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *school = onboard_progress_get_school_name (progress);
  const char *urn = onboard_progress_get_school_urn (progress);
  const char *id = onboard_progress_get_connector_id (progress);

  g_return_val_if_fail (ONBOARD_IS_STATUS_PAGE (self), NULL);

  return g_strdup_printf ("%s\n%s%s%s\n%s: %s\n",
                          onboard_status_view_get_title (self->status_view),
                          school ? school : "",
                          urn ? ", URN " : "",
                          urn ? urn : "",
                          /* Translators: the connector's id, in what the user copies for support */
                          _("Connection ID"),
                          id ? id : "-");
}

static void
support_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     OnboardStatusPage *self)
{
  if (g_strcmp0 (response, "copy") == 0)
    {
      g_autofree char *text = onboard_status_page_dup_support_text (self);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
    }
}

static void
call_support_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OnboardStatusPage *self = ONBOARD_STATUS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  body = g_strdup_printf (_("Call Assembly on %s. Tell them what this page says: “%s”. The Support button at the top left shows your support reference to read out."),
                          phone,
                          onboard_status_view_get_title (self->status_view));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Call Assembly Support"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "copy", _("_Copy Details"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (support_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_details_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  g_autofree char *text = onboard_status_page_dup_support_text (ONBOARD_STATUS_PAGE (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
open_web_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  OnboardStatusPage *self = ONBOARD_STATUS_PAGE (widget);
  OnboardConnector *connector = get_connector (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (connector == NULL || onboard_connector_get_web_url (connector) == NULL)
    return;

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                onboard_connector_get_web_url (connector), GDK_CURRENT_TIME);
}

/* ---- Life cycle ------------------------------------------------------- */

static void
onboard_status_page_shown (OnboardPage *page)
{
  OnboardStatusPage *self = ONBOARD_STATUS_PAGE (page);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *id = onboard_progress_get_connector_id (progress);

  update_school (self);
  update_actions (self);

  if (id != NULL)
    onboard_status_monitor_watch (self->monitor, id);
}

static void
onboard_status_page_dispose (GObject *object)
{
  OnboardStatusPage *self = (OnboardStatusPage *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_STATUS_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->resend_key, g_free);
  g_clear_pointer (&self->last_status, g_free);

  G_OBJECT_CLASS (onboard_status_page_parent_class)->dispose (object);
}

static void
onboard_status_page_class_init (OnboardStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OnboardPageClass *page_class = ONBOARD_PAGE_CLASS (klass);

  object_class->dispose = onboard_status_page_dispose;

  page_class->shown = onboard_status_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, status_view);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, resend_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, grant_hint_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, web_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, support_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, resend_status_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardStatusPage, school_row);

  gtk_widget_class_install_action (widget_class, "status.resend", NULL, resend_action);
  gtk_widget_class_install_action (widget_class, "status.call-support", NULL, call_support_action);
  gtk_widget_class_install_action (widget_class, "status.copy-details", NULL, copy_details_action);
  gtk_widget_class_install_action (widget_class, "status.open-web", NULL, open_web_action);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_STATUS_VIEW);
  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_status_page_init (OnboardStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One for the page's life, cancelled in dispose: a request started
   * while another runs must not leave that one beyond dispose's reach. */
  self->cancellable = g_cancellable_new ();

  onboard_page_set_title (ONBOARD_PAGE (self), _("Checking the Connection has been Configured"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  /* The last step: the connection carries on without the wizard, so
   * Finish (which closes it) can be pressed whatever the state. */
  onboard_page_set_complete (ONBOARD_PAGE (self), TRUE);
  onboard_page_set_primary (ONBOARD_PAGE (self), _("_Finish"), TRUE);
}

OnboardPage *
onboard_status_page_new (OnboardClient        *client,
                         OnboardProgress      *progress,
                         OnboardStatusMonitor *monitor)
{
  OnboardStatusPage *self;
  OnboardConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (monitor), NULL);

  self = g_object_new (ONBOARD_TYPE_STATUS_PAGE, "client", client, "progress", progress, NULL);
  self->monitor = g_object_ref (monitor);

  if ((connector = get_connector (self)) != NULL)
    self->last_status = g_strdup (onboard_connector_get_status_string (connector));

  onboard_status_view_set_monitor (self->status_view, monitor);
  g_signal_connect_object (monitor, "status-changed", G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "notify::connector", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (progress, "notify::connector-id", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  update_school (self);
  update_actions (self);

  return ONBOARD_PAGE (self);
}
