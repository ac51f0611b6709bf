/* onboard-connector-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-connector-page.h"
#include "onboard-error-banner.h"
#include "onboard-mis.h"
#include "onboard-resend-button.h"
#include "onboard-field-message.h"
#include "onboard-status-view.h"
#include "onboard-validators.h"
#include "onboard-literal-text.h"

/* Step 4, "Configure connector". The user learns what Grant Access sets in
 * motion, chooses who gets Groupcall's email (themselves, or a colleague
 * who can approve sharing the school's data), accepts Groupcall's usage
 * policy and presses Grant Access. Then the page says where the email
 * went, what to click in it, offers to send it again, and shows the live
 * state from the status monitor; once Groupcall confirms the authorisation
 * the step finishes by itself.
 *
 * The page never polls: the application's status monitor does, for both
 * this step and the next.
 */

/* Groupcall's usage policy for Xporter on Demand. */
#define GROUPCALL_POLICY_URL "https://www.groupcall.com/xporter-on-demand-usage-policy"

struct _OnboardConnectorPage
{
  OnboardPage           parent_instance;

  /* Template children */
  OnboardStepHeader    *header;
  GtkStack             *stack;
  AdwActionRow         *school_row;
  OnboardErrorBanner   *form_banner;
  AdwActionRow         *me_row;
  GtkCheckButton       *me_check;
  GtkCheckButton       *colleague_check;
  GtkRevealer          *colleague_revealer;
  AdwEntryRow          *colleague_name_row;
  AdwEntryRow          *colleague_email_row;
  OnboardFieldMessage  *colleague_message;
  GtkSwitch            *policy_switch;
  OnboardFieldMessage  *policy_message;
  GtkLabel             *recipient_label;
  OnboardStatusView    *status_view;
  OnboardErrorBanner   *inbox_banner;
  GtkLabel             *resend_status_label;
  OnboardResendButton  *resend_button;
  AdwActionRow         *server_row;

  /* Services */
  OnboardStatusMonitor *monitor;

  /* State */
  GCancellable         *cancellable;
  char                 *grant_key;
  char                 *resend_key;
  char                 *recipient;
  gboolean              show_field_errors;
};

G_DEFINE_FINAL_TYPE (OnboardConnectorPage, onboard_connector_page, ONBOARD_TYPE_PAGE)

static void update_form_state (OnboardConnectorPage *self);

static const char *
editable_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static char *
dup_trimmed (gpointer editable)
{
  return g_strstrip (g_strdup (editable_text (editable)));
}

static void
set_view (OnboardConnectorPage *self,
          const char           *view)
{
  gtk_stack_set_visible_child_name (self->stack, view);
  update_form_state (self);
}

static gboolean
is_view (OnboardConnectorPage *self,
         const char           *view)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), view) == 0;
}

/* The status as best known: the monitor's when it watches this connector,
 * else what the progress file remembers. */
static OnboardConnectorStatus
current_status (OnboardConnectorPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *id = onboard_progress_get_connector_id (progress);

  if (id != NULL &&
      g_strcmp0 (onboard_status_monitor_get_connector_id (self->monitor), id) == 0 &&
      onboard_status_monitor_get_connector (self->monitor) != NULL)
    return onboard_status_monitor_get_status (self->monitor);

  if (onboard_progress_get_connector_status (progress) == NULL)
    return ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED;

  return onboard_connector_status_from_string (onboard_progress_get_connector_status (progress));
}

static gboolean
status_is_waiting (OnboardConnectorStatus status)
{
  return status == ONBOARD_CONNECTOR_STATUS_INVITATION_SENT ||
         status == ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION ||
         status == ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED;
}

/* Groupcall has the school's authorisation: this step is done. */
static gboolean
status_is_authorised (OnboardConnectorStatus status)
{
  return status == ONBOARD_CONNECTOR_STATUS_AUTHORISED ||
         status == ONBOARD_CONNECTOR_STATUS_SYNCING ||
         status == ONBOARD_CONNECTOR_STATUS_CONNECTED ||
         status == ONBOARD_CONNECTOR_STATUS_SYNC_ERROR;
}

/* ---- The form --------------------------------------------------------- */

static gboolean
to_colleague (OnboardConnectorPage *self)
{
  return gtk_check_button_get_active (self->colleague_check);
}

static gboolean
form_is_valid (OnboardConnectorPage *self)
{
  g_autofree char *name = dup_trimmed (self->colleague_name_row);
  g_autofree char *email = dup_trimmed (self->colleague_email_row);

  if (!gtk_switch_get_active (self->policy_switch))
    return FALSE;

  return !to_colleague (self) || (*name != '\0' && onboard_email_is_plausible (email));
}

static void
update_colleague_message (OnboardConnectorPage *self)
{
  g_autofree char *name = dup_trimmed (self->colleague_name_row);
  g_autofree char *email = dup_trimmed (self->colleague_email_row);
  OnboardFieldMessageKind kind = self->show_field_errors ? ONBOARD_FIELD_MESSAGE_ERROR : ONBOARD_FIELD_MESSAGE_INFO;

  /* A refusal from the service stays until the user changes something. */
  if (onboard_field_message_get_kind (self->colleague_message) == ONBOARD_FIELD_MESSAGE_ERROR &&
      !self->show_field_errors)
    return;

  if (*email != '\0' && !onboard_email_is_plausible (email))
    onboard_field_message_show (self->colleague_message, kind,
                                _("Enter your colleague’s whole email address, like data.manager@school.sch.uk."));
  else if (self->show_field_errors && *name == '\0' && *email == '\0')
    onboard_field_message_show (self->colleague_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Enter your colleague’s name and email address."));
  else if (self->show_field_errors && *name == '\0')
    onboard_field_message_show (self->colleague_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Enter your colleague’s name."));
  else if (self->show_field_errors && *email == '\0')
    onboard_field_message_show (self->colleague_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Enter your colleague’s email address."));
  else
    onboard_field_message_clear (self->colleague_message);
}

static void
update_form_state (OnboardConnectorPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  gboolean busy = onboard_page_get_busy (ONBOARD_PAGE (self));
  gboolean colleague = to_colleague (self);
  gboolean typed;

  gtk_revealer_set_reveal_child (self->colleague_revealer, colleague);

  if (colleague)
    update_colleague_message (self);
  else
    onboard_field_message_clear (self->colleague_message);

  if (self->show_field_errors && !gtk_switch_get_active (self->policy_switch))
    onboard_field_message_show (self->policy_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                _("Read Groupcall’s usage policy, then switch this on to accept it."));
  else if (gtk_switch_get_active (self->policy_switch))
    onboard_field_message_clear (self->policy_message);

  typed = editable_text (self->colleague_name_row)[0] != '\0' ||
          editable_text (self->colleague_email_row)[0] != '\0';
  onboard_page_set_has_input (ONBOARD_PAGE (self), is_view (self, "form") && colleague && typed);

  gtk_widget_set_sensitive (GTK_WIDGET (self->me_check), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->colleague_check), !busy);
  /* Read-only rather than insensitive: the focus stays where it was. */
  gtk_editable_set_editable (GTK_EDITABLE (self->colleague_name_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->colleague_email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->policy_switch), !busy);

  /* Pressable with a mistake in the form, so that pressing says what is
   * missing; only no connector holds it (the window holds it while busy).
   * While waiting for Groupcall there is nothing to press; once Groupcall
   * confirmed, the user looking back here goes on with Next. */
  if (is_view (self, "form"))
    onboard_page_set_primary (ONBOARD_PAGE (self), _("_Grant Access"),
                              onboard_progress_get_connector_id (progress) != NULL);
  else if (onboard_page_get_complete (ONBOARD_PAGE (self)))
    onboard_page_set_primary (ONBOARD_PAGE (self), _("_Next"), TRUE);
  else
    onboard_page_set_primary (ONBOARD_PAGE (self), NULL, FALSE);
}

static void
form_changed_cb (OnboardConnectorPage *self)
{
  /* Something new was chosen: a new request, not a repeat of the last. */
  g_clear_pointer (&self->grant_key, g_free);

  if (onboard_field_message_get_kind (self->colleague_message) == ONBOARD_FIELD_MESSAGE_ERROR &&
      !self->show_field_errors)
    onboard_field_message_clear (self->colleague_message);

  update_form_state (self);
}

static void
recipient_changed_cb (OnboardConnectorPage *self)
{
  form_changed_cb (self);
}

/* ---- Granting access -------------------------------------------------- */

static void
set_busy (OnboardConnectorPage *self,
          gboolean              busy)
{
  onboard_page_set_busy (ONBOARD_PAGE (self), busy);
  update_form_state (self);
}

/* Resending is allowed while Groupcall's email waits for an answer, once
 * the button's count down is over. */
static void
update_resend_button (OnboardConnectorPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connector.resend",
                                 !onboard_resend_button_get_waiting (self->resend_button) &&
                                 status_is_waiting (current_status (self)));
}

static void
update_recipient (OnboardConnectorPage *self)
{
  OnboardConnector *connector = onboard_status_monitor_get_connector (self->monitor);
  const char *sent_to = self->recipient;
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;

  if (sent_to == NULL && connector != NULL)
    sent_to = onboard_connector_get_invitation_sent_to (connector);

  if (sent_to == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->recipient_label), FALSE);
      return;
    }

  escaped = g_markup_escape_text (sent_to, -1);
  text = g_strdup_printf (_("Assembly asked Groupcall to send it to <b>%s</b>."), escaped);
  gtk_label_set_markup (self->recipient_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_label), TRUE);
}

static void
show_inbox (OnboardConnectorPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *mis = onboard_progress_get_mis_provider (progress);
  OnboardConnector *connector = onboard_status_monitor_get_connector (self->monitor);

  /* Xporter is installed on a SIMS school server, not in the cloud. */
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), mis == NULL || g_str_equal (mis, "sims"));

  update_recipient (self);
  if (connector != NULL)
    onboard_resend_button_set_available_at (self->resend_button, onboard_connector_get_resend_available_at (connector));
  update_resend_button (self);
  onboard_error_banner_hide (self->inbox_banner);
  set_view (self, "inbox");

  /* The form the focus was in is gone: start the keyboard (and the screen
   * reader) at what the step says now. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      /* A box takes no focus itself: the first control in it does. */
      if (!gtk_widget_is_sensitive (GTK_WIDGET (self->resend_button)) ||
          !gtk_widget_grab_focus (GTK_WIDGET (self->resend_button)))
        gtk_widget_child_focus (gtk_stack_get_visible_child (self->stack), GTK_DIR_TAB_FORWARD);
    }

  onboard_status_monitor_watch (self->monitor, onboard_progress_get_connector_id (progress));
}

static void
show_form_error (OnboardConnectorPage *self,
                 const GError         *error)
{
  g_autofree char *phone = onboard_client_error_dup_support_phone ();
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;

  if (error->domain == ONBOARD_CLIENT_ERROR)
    details = onboard_client_error_dup_report (error);

  if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_UPSTREAM))
    {
      text = g_strdup_printf (_("Groupcall did not accept the request to invite your school, so no email was sent. This can happen when Groupcall is busy: try again in a few minutes. If it happens again, call Assembly on %s."),
                              phone);
      onboard_error_banner_show (self->form_banner, text, details, _("_Try Again"));
    }
  else
    onboard_error_banner_show (self->form_banner, error->message, details, _("_Try Again"));
}

static void
show_field_errors (OnboardConnectorPage *self,
                   OnboardFieldErrors   *fields)
{
  g_autofree char *email = onboard_field_errors_dup_message (fields, "send_to.email");
  g_autofree char *name = onboard_field_errors_dup_message (fields, "send_to.name");
  g_autofree char *policy = onboard_field_errors_dup_message (fields, "accept_groupcall_usage_policy");

  if (email != NULL || name != NULL)
    {
      gtk_check_button_set_active (self->colleague_check, TRUE);
      onboard_field_message_show (self->colleague_message, ONBOARD_FIELD_MESSAGE_ERROR,
                                  email != NULL ? email : name);
    }

  if (policy != NULL)
    {
      gtk_switch_set_active (self->policy_switch, FALSE);
      onboard_field_message_show (self->policy_message, ONBOARD_FIELD_MESSAGE_ERROR, policy);
    }
}

static void
granted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardConnectorPage) self = user_data;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = onboard_client_grant_access_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (error != NULL)
    {
      /* Only when the request may not have arrived is it repeated with the
       * same key; otherwise the service has answered, and would only answer
       * a repeat with the same refusal. */
      if (!onboard_client_error_is_outcome_unknown (error))
        g_clear_pointer (&self->grant_key, g_free);

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_INVALID_INPUT))
        show_field_errors (self, onboard_client_error_get_fields (error));
      else if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
        {
          /* Access was granted already (another computer, an earlier try):
           * the state says what happens now. */
          show_inbox (self);
          onboard_status_monitor_refresh (self->monitor);
        }
      else
        show_form_error (self, error);

      return;
    }

  g_clear_pointer (&self->grant_key, g_free);
  g_clear_pointer (&self->resend_key, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->resend_status_label), FALSE);

  onboard_status_monitor_update (self->monitor, connector);
  show_inbox (self);
}

static void
start_grant (OnboardConnectorPage *self)
{
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  onboard_error_banner_hide (self->form_banner);

  g_clear_pointer (&self->recipient, g_free);
  if (to_colleague (self))
    {
      name = dup_trimmed (self->colleague_name_row);
      email = dup_trimmed (self->colleague_email_row);
      /* Translators: a colleague's name and email address */
      self->recipient = g_strdup_printf (_("%s (%s)"), name, email);
    }
  else
    self->recipient = g_strdup (onboard_progress_get_email (progress));

  if (self->grant_key == NULL)
    self->grant_key = onboard_client_new_idempotency_key ();

  set_busy (self, TRUE);
  onboard_client_grant_access_async (client,
                                     onboard_progress_get_connector_id (progress),
                                     name,
                                     email,
                                     gtk_switch_get_active (self->policy_switch),
                                     self->grant_key,
                                     self->cancellable,
                                     granted_cb,
                                     g_object_ref (self));
}

static gboolean
onboard_connector_page_activate_primary (OnboardPage *page)
{
  OnboardConnectorPage *self = ONBOARD_CONNECTOR_PAGE (page);

  if (!is_view (self, "form"))
    return FALSE;

  self->show_field_errors = TRUE;
  update_form_state (self);

  if (form_is_valid (self))
    start_grant (self);
  else if (to_colleague (self) && !form_is_valid (self) && gtk_switch_get_active (self->policy_switch))
    gtk_widget_grab_focus (GTK_WIDGET (editable_text (self->colleague_name_row)[0] == '\0'
                                       ? self->colleague_name_row
                                       : self->colleague_email_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->policy_switch));

  return TRUE;
}

static void
entry_activated_cb (OnboardConnectorPage *self)
{
  if (form_is_valid (self) && !onboard_page_get_busy (ONBOARD_PAGE (self)))
    start_grant (self);
}

static void
form_banner_clicked_cb (OnboardConnectorPage *self)
{
  onboard_page_activate_primary (ONBOARD_PAGE (self));
}

static void
read_policy_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, GROUPCALL_POLICY_URL, GDK_CURRENT_TIME);
}

static void
change_recipient_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  OnboardConnectorPage *self = ONBOARD_CONNECTOR_PAGE (widget);

  /* Grant Access again, to someone else: the service allows it while the
   * invitation waits, and the new email replaces the old one. */
  g_clear_pointer (&self->grant_key, g_free);
  self->show_field_errors = FALSE;
  set_view (self, "form");
  gtk_widget_grab_focus (GTK_WIDGET (to_colleague (self) ? self->colleague_check : self->me_check));
}

/* ---- Resending -------------------------------------------------------- */

static void
resent_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OnboardConnectorPage) self = user_data;
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = onboard_client_resend_invitation_finish (ONBOARD_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *details = NULL;

      if (!onboard_client_error_is_outcome_unknown (error))
        g_clear_pointer (&self->resend_key, g_free);

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_RATE_LIMITED))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) when = g_date_time_add_seconds (now, MAX (1, onboard_client_error_get_retry_after (error)));

          onboard_resend_button_set_available_at (self->resend_button, when);
          return;
        }

      if (g_error_matches (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_CONFLICT))
        {
          /* Nothing waits to be resent any more: the state has moved on. */
          onboard_status_monitor_refresh (self->monitor);
          update_resend_button (self);
          return;
        }

      if (error->domain == ONBOARD_CLIENT_ERROR)
        details = onboard_client_error_dup_report (error);
      update_resend_button (self);
      onboard_error_banner_show (self->inbox_banner, error->message, details, _("_Try Again"));
      return;
    }

  g_clear_pointer (&self->resend_key, g_free);
  gtk_label_set_label (self->resend_status_label,
                       _("Groupcall has been asked to send the email again. Allow a few minutes for it to arrive."));
  gtk_widget_set_visible (GTK_WIDGET (self->resend_status_label), TRUE);
  onboard_status_monitor_update (self->monitor, connector);
  onboard_resend_button_set_available_at (self->resend_button, onboard_connector_get_resend_available_at (connector));
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OnboardConnectorPage *self = ONBOARD_CONNECTOR_PAGE (widget);
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  OnboardClient   *client = onboard_page_get_client (ONBOARD_PAGE (self));

  if (self->resend_key == NULL)
    self->resend_key = onboard_client_new_idempotency_key ();

  onboard_error_banner_hide (self->inbox_banner);
  gtk_widget_action_set_enabled (widget, "connector.resend", FALSE);
  onboard_client_resend_invitation_async (client,
                                          onboard_progress_get_connector_id (progress),
                                          self->resend_key,
                                          self->cancellable,
                                          resent_cb,
                                          g_object_ref (self));
}

static void
inbox_banner_clicked_cb (OnboardConnectorPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "connector.resend", NULL);
}

/* ---- Following the state ---------------------------------------------- */

static gboolean
watching_this (OnboardConnectorPage *self,
               OnboardConnector     *connector)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));

  return connector != NULL &&
         g_strcmp0 (onboard_connector_get_id (connector), onboard_progress_get_connector_id (progress)) == 0;
}

static void
connector_changed_cb (OnboardConnectorPage *self)
{
  OnboardConnector *connector = onboard_status_monitor_get_connector (self->monitor);

  if (!watching_this (self, connector))
    return;

  onboard_resend_button_set_available_at (self->resend_button, onboard_connector_get_resend_available_at (connector));
  update_recipient (self);
}

static void
status_changed_cb (OnboardConnectorPage *self,
                   OnboardConnector     *connector)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  g_autofree char *phone = NULL;
  g_autofree char *text = NULL;
  OnboardConnectorStatus status;

  if (!watching_this (self, connector))
    return;

  status = onboard_connector_get_status (connector);
  /* Recorded before the page completes: where the window goes next is
   * where the progress says the user is. */
  if (status != ONBOARD_CONNECTOR_STATUS_UNKNOWN)
    onboard_progress_set_connector_status (progress, onboard_connector_status_to_string (status));
  onboard_page_set_complete (ONBOARD_PAGE (self), status_is_authorised (status));
  update_form_state (self);
  update_resend_button (self);

  switch (status)
    {
    case ONBOARD_CONNECTOR_STATUS_AUTHORISED:
    case ONBOARD_CONNECTOR_STATUS_SYNCING:
    case ONBOARD_CONNECTOR_STATUS_CONNECTED:
    case ONBOARD_CONNECTOR_STATUS_SYNC_ERROR:
      /* Complete (above): the window moves on when this page is in view. */
      break;

    case ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED:
      if (is_view (self, "inbox"))
        {
          phone = onboard_client_error_dup_support_phone ();
          text = g_strdup_printf (_("Groupcall refused the request, so no email was sent. Check who should get it and press Grant Access to try again. If it happens again, call Assembly on %s."),
                                  phone);
          onboard_error_banner_show (self->form_banner, text, NULL, _("_Try Again"));
          set_view (self, "form");
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            gtk_widget_grab_focus (GTK_WIDGET (self->me_check));
        }
      break;

    case ONBOARD_CONNECTOR_STATUS_REVOKED:
      if (is_view (self, "inbox"))
        {
          onboard_error_banner_show (self->form_banner,
                                     _("Your school withdrew Assembly’s access in Groupcall. Grant Access again to send a new authorisation email."),
                                     NULL, NULL);
          set_view (self, "form");
          if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            gtk_widget_grab_focus (GTK_WIDGET (self->me_check));
        }
      break;

    case ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED:
    case ONBOARD_CONNECTOR_STATUS_INVITATION_SENT:
    case ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION:
    case ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED:
    case ONBOARD_CONNECTOR_STATUS_UNKNOWN:
    default:
      break;
    }
}

/* ---- Life cycle ------------------------------------------------------- */

static void
update_school (OnboardConnectorPage *self)
{
  OnboardProgress *progress = onboard_page_get_progress (ONBOARD_PAGE (self));
  const char *school = onboard_progress_get_school_name (progress);
  const char *urn = onboard_progress_get_school_urn (progress);
  const char *mis = onboard_mis_name_for_id (onboard_progress_get_mis_provider (progress));
  const char *email = onboard_progress_get_email (progress);
  g_autofree char *subtitle = NULL;

  onboard_row_set_literal_title (ADW_PREFERENCES_ROW (self->school_row),
                                 school != NULL ? school : _("Your school"));
  if (mis != NULL && urn != NULL)
    /* Translators: under the school's name: its MIS and URN */
    subtitle = g_strdup_printf (_("MIS: %s · URN %s"), mis, urn);
  else if (mis != NULL)
    subtitle = g_strdup_printf (_("MIS: %s"), mis);
  onboard_row_set_literal_subtitle (self->school_row, subtitle);

  onboard_row_set_literal_subtitle (self->me_row, email != NULL ? email : _("The address you signed up with"));
}

static void
onboard_connector_page_shown (OnboardPage *page)
{
  OnboardConnectorPage *self = ONBOARD_CONNECTOR_PAGE (page);
  OnboardConnectorStatus status = current_status (self);

  update_school (self);
  onboard_page_set_complete (page, status_is_authorised (status));
  update_form_state (self);

  if (onboard_page_get_busy (page))
    return;

  if (status_is_waiting (status) || status_is_authorised (status))
    show_inbox (self);
  else
    {
      if (status == ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED)
        onboard_error_banner_show (self->form_banner,
                                   _("Last time, Groupcall refused the request. Check who should get the email and press Grant Access to try again."),
                                   NULL, NULL);
      else if (status == ONBOARD_CONNECTOR_STATUS_REVOKED)
        onboard_error_banner_show (self->form_banner,
                                   _("Your school withdrew Assembly’s access in Groupcall. Grant Access again to send a new authorisation email."),
                                   NULL, NULL);

      set_view (self, "form");
      gtk_widget_grab_focus (GTK_WIDGET (to_colleague (self) ? self->colleague_check : self->me_check));
    }
}

static void
onboard_connector_page_dispose (GObject *object)
{
  OnboardConnectorPage *self = (OnboardConnectorPage *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_CONNECTOR_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->grant_key, g_free);
  g_clear_pointer (&self->resend_key, g_free);
  g_clear_pointer (&self->recipient, g_free);

  G_OBJECT_CLASS (onboard_connector_page_parent_class)->dispose (object);
}

static void
onboard_connector_page_class_init (OnboardConnectorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OnboardPageClass *page_class = ONBOARD_PAGE_CLASS (klass);

  object_class->dispose = onboard_connector_page_dispose;

  page_class->shown = onboard_connector_page_shown;
  page_class->activate_primary = onboard_connector_page_activate_primary;

  g_type_ensure (ONBOARD_TYPE_RESEND_BUTTON);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/pages/onboard-connector-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, header);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, school_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, form_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, me_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, me_check);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, colleague_check);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, colleague_revealer);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, colleague_name_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, colleague_email_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, colleague_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, policy_switch);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, policy_message);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, status_view);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, inbox_banner);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, resend_status_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, resend_button);
  gtk_widget_class_bind_template_callback (widget_class, update_resend_button);
  gtk_widget_class_bind_template_child (widget_class, OnboardConnectorPage, server_row);

  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recipient_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_banner_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, inbox_banner_clicked_cb);

  gtk_widget_class_install_action (widget_class, "connector.resend", NULL, resend_action);
  gtk_widget_class_install_action (widget_class, "connector.change-recipient", NULL, change_recipient_action);
  gtk_widget_class_install_action (widget_class, "connector.read-policy", NULL, read_policy_action);

  g_type_ensure (ONBOARD_TYPE_ERROR_BANNER);
  g_type_ensure (ONBOARD_TYPE_FIELD_MESSAGE);
  g_type_ensure (ONBOARD_TYPE_STATUS_VIEW);
  g_type_ensure (ONBOARD_TYPE_STEP_HEADER);
}

static void
onboard_connector_page_init (OnboardConnectorPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One for the page's life, cancelled in dispose: a request started
   * while another runs must not leave that one beyond dispose's reach. */
  self->cancellable = g_cancellable_new ();

  onboard_page_set_title (ONBOARD_PAGE (self), _("Configuring Assembly Connection"));
  onboard_page_bind_header (ONBOARD_PAGE (self), self->header);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connector.resend", FALSE);
}

OnboardPage *
onboard_connector_page_new (OnboardClient        *client,
                            OnboardProgress      *progress,
                            OnboardStatusMonitor *monitor)
{
  OnboardConnectorPage *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);
  g_return_val_if_fail (ONBOARD_IS_STATUS_MONITOR (monitor), NULL);

  self = g_object_new (ONBOARD_TYPE_CONNECTOR_PAGE, "client", client, "progress", progress, NULL);
  self->monitor = g_object_ref (monitor);

  onboard_status_view_set_monitor (self->status_view, monitor);
  g_signal_connect_object (monitor, "status-changed", G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (monitor, "notify::connector", G_CALLBACK (connector_changed_cb), self, G_CONNECT_SWAPPED);

  update_school (self);
  update_form_state (self);

  return ONBOARD_PAGE (self);
}

/**
 * onboard_connector_page_get_view:
 *
 * Returns: which part of the step shows: "form" (who gets the email, the
 *   policy, Grant Access) or "inbox" (check your inbox, the live state)
 */
const char *
onboard_connector_page_get_view (OnboardConnectorPage *self)
{
  g_return_val_if_fail (ONBOARD_IS_CONNECTOR_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
