/* onboard-support-dialog.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-support-dialog.h"
#include "onboard-literal-text.h"

/* Everything a user needs when they phone for help, one click from any
 * page: the number, the help site, a short reference to read out, and the
 * report (no secrets) to copy into an email or save.
 */

struct _OnboardSupportDialog
{
  AdwWindow             parent_instance;

  AdwActionRow         *phone_row;
  AdwActionRow         *help_row;
  GtkLabel             *reference_label;
  GtkTextView          *report_view;
  GtkLabel             *report_status;
  GtkSpinner           *report_spinner;
  AdwToastOverlay      *toast_overlay;

  OnboardSupportReport *report;
  GSettings            *settings;
  GCancellable         *cancellable;
  /* Not modal: the user can close this window while it is open. */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (OnboardSupportDialog, onboard_support_dialog, ADW_TYPE_WINDOW)

static void
set_report_text (OnboardSupportDialog *self,
                 const char           *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->report_view), text, -1);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OnboardSupportDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = onboard_support_report_check_finish (ONBOARD_SUPPORT_REPORT (object), result, &error);

  /* Closed while the checks ran: dispose cancelled them, and self may be
   * gone. Holding a reference instead would keep a closed window alive
   * for as long as a slow check takes. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->report_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->report_spinner), FALSE);
  gtk_label_set_label (self->report_status, _("Up to date, with this computer’s connection checked just now."));

  if (text != NULL)
    set_report_text (self, text);
}

static void
copy_text (OnboardSupportDialog *self,
           const char           *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_phone_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  OnboardSupportDialog *self = ONBOARD_SUPPORT_DIALOG (widget);

  copy_text (self, adw_action_row_get_subtitle (self->phone_row));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Phone number copied")));
}

/* Read out to a support agent, the reference is spelled: a screen reader
 * would say "A7K2Q9" as a word. Its description spells it, character by
 * character, a comma between each for a pause. */
static void
describe_reference (GtkLabel   *label,
                    const char *reference)
{
  g_autoptr(GString) spelled = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (const char *c = reference; c != NULL && *c != '\0'; c = g_utf8_next_char (c))
    {
      if (spelled->len > 0)
        g_string_append (spelled, ", ");
      g_string_append_unichar (spelled, g_utf8_get_char (c));
    }

  /* Translators: what a screen reader says of the support reference,
   * spelled out, as in "Support reference: A, 7, K, 2, Q, 9" */
  description = g_strdup_printf (_("Support reference: %s"), spelled->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
copy_reference_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  OnboardSupportDialog *self = ONBOARD_SUPPORT_DIALOG (widget);

  copy_text (self, gtk_label_get_label (self->reference_label));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Support reference copied")));
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  OnboardSupportDialog *self = ONBOARD_SUPPORT_DIALOG (widget);
  g_autofree char *text = onboard_support_dialog_dup_report (self);
  g_autofree char *email = g_settings_get_string (self->settings, "support-email");
  g_autofree char *status = NULL;

  copy_text (self, text);

  /* Only an address the user can write to: never "email support" alone. */
  if (email[0] != '\0')
    status = g_strdup_printf (_("The report is copied. Paste it into an email to %s."), email);
  else
    status = g_strdup (_("The report is copied. Paste it wherever the support agent asks, or keep it open to read from when you call."));
  gtk_label_set_label (self->report_status, status);
}

static void
close_chooser (OnboardSupportDialog *self)
{
  g_autoptr(GtkFileChooserNative) chooser = g_steal_pointer (&self->chooser);

  if (chooser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
}

static void
save_response_cb (GtkNativeDialog      *chooser,
                  int                   response,
                  OnboardSupportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *text = onboard_support_dialog_dup_report (self);
      g_autoptr(GError) error = NULL;

      if (g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                   G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
        gtk_label_set_label (self->report_status, _("The report is saved."));
      else
        {
          g_autofree char *message = g_strdup_printf (_("The report could not be saved: %s"), error->message);

          gtk_label_set_label (self->report_status, message);
        }
    }

  close_chooser (self);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  OnboardSupportDialog *self = ONBOARD_SUPPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;

  /* One chooser at a time: the newest one wins. */
  close_chooser (self);

  chooser = gtk_file_chooser_native_new (_("Save Support Report"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"),
                                         _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "assembly-onboard-support-report.txt");
  /* Owned by self and closed in dispose, so an answer never reaches a
   * window that is gone. */
  self->chooser = chooser;
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
onboard_support_dialog_dispose (GObject *object)
{
  OnboardSupportDialog *self = (OnboardSupportDialog *)object;

  g_cancellable_cancel (self->cancellable);
  close_chooser (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ONBOARD_TYPE_SUPPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (onboard_support_dialog_parent_class)->dispose (object);
}

static void
onboard_support_dialog_class_init (OnboardSupportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = onboard_support_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/assembly/Onboard/widgets/onboard-support-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, help_row);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, reference_label);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, report_view);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, report_status);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, report_spinner);
  gtk_widget_class_bind_template_child (widget_class, OnboardSupportDialog, toast_overlay);

  gtk_widget_class_install_action (widget_class, "support.copy-phone", NULL, copy_phone_action);
  gtk_widget_class_install_action (widget_class, "support.copy-reference", NULL, copy_reference_action);
  gtk_widget_class_install_action (widget_class, "support.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "support.save-report", NULL, save_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onboard_support_dialog_init (OnboardSupportDialog *self)
{
  g_autofree char *phone = NULL;
  g_autofree char *help = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  phone = onboard_client_error_dup_support_phone ();
  help = g_settings_get_string (self->settings, "help-url");
  onboard_row_set_literal_subtitle (self->phone_row, phone);
  onboard_row_set_literal_subtitle (self->help_row, help);
}

OnboardSupportDialog *
onboard_support_dialog_new (GtkWindow            *parent,
                            OnboardSupportReport *report)
{
  OnboardSupportDialog *self;
  g_autofree char *reference = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ONBOARD_IS_SUPPORT_REPORT (report), NULL);

  self = g_object_new (ONBOARD_TYPE_SUPPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->report = g_object_ref (report);

  reference = onboard_support_report_dup_reference (report);
  gtk_label_set_label (self->reference_label, reference);
  describe_reference (self->reference_label, reference);

  /* Show what is known at once; the connection checks fill in the rest. */
  text = onboard_support_report_dup_text (report);
  set_report_text (self, text);
  gtk_spinner_set_spinning (self->report_spinner, TRUE);
  onboard_support_report_check_async (report, self->cancellable, checked_cb, self);

  return self;
}

const char *
onboard_support_dialog_get_reference (OnboardSupportDialog *self)
{
  g_return_val_if_fail (ONBOARD_IS_SUPPORT_DIALOG (self), NULL);

  return gtk_label_get_label (self->reference_label);
}

char *
onboard_support_dialog_dup_report (OnboardSupportDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (ONBOARD_IS_SUPPORT_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->report_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
