/* onboard-practice-inbox.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onboard-practice"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "onboard-practice-inbox.h"

/* The mailbox of practice mode: every email the practice service "sent"
 * (the activation email, Groupcall's Begin Authorisation, the copy for a
 * named colleague), newest first. Their buttons do what they would do in
 * a real mailbox: the activation link is opened in the background, as a
 * browser would, and Begin Authorisation opens the simulated Groupcall
 * page in the user's browser (the portal does it inside Flatpak, and
 * loopback is shared there). "Approve as the School" does what the
 * school's MIS administrator does there, so one person can rehearse alone.
 */

struct _OnboardPracticeInbox
{
  AdwWindow        parent_instance;

  OnboardPractice *practice;
  SoupSession     *session;
  GCancellable    *cancellable;

  AdwToastOverlay *toasts;
  GtkStack        *stack;
  GtkBox          *list;
  GtkButton       *approve_button;
  guint            n_mails;
};

G_DEFINE_FINAL_TYPE (OnboardPracticeInbox, onboard_practice_inbox, ADW_TYPE_WINDOW)

static void
toast (OnboardPracticeInbox *self,
       const char           *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
activation_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OnboardPracticeInbox) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    {
      g_debug ("Activation link: %s", error ? error->message : soup_message_get_reason_phrase (msg));
      toast (self, _("The activation link did not work. It may have expired: press Resend Email in the app."));
      return;
    }

  toast (self, _("Account activated. The app carries on by itself."));
}

static void
uri_shown_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OnboardPracticeInbox) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not open the link: %s", error->message);
      toast (self, _("No web browser could open Groupcall’s page. Use Approve as the School instead."));
    }
}

static void
link_clicked_cb (GtkButton            *button,
                 OnboardPracticeInbox *self)
{
  const char *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char *link = g_object_get_data (G_OBJECT (button), "link");

  if (g_strcmp0 (kind, "activation") == 0)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, link);

      if (msg == NULL)
        return;

      soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                        activation_opened_cb, g_object_ref (self));
      return;
    }

  gtk_show_uri_full (GTK_WINDOW (self), link, GDK_CURRENT_TIME, self->cancellable,
                     uri_shown_cb, g_object_ref (self));
}

static GtkWidget *
label_new (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);

  return label;
}

static GtkWidget *
mail_new (OnboardPracticeInbox *self,
          guint                 index)
{
  const char *kind, *to, *subject, *text, *link_label;
  g_autofree char *link = NULL;
  g_autofree char *to_text = NULL;
  GtkWidget *box;
  GtkWidget *body;

  if (!onboard_sandbox_get_mail (onboard_practice_get_sandbox (self->practice), index,
                                 &kind, &to, &subject, &text, &link_label, &link))
    return NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_bottom (box, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, subject,
                                  -1);

  body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_box_append (GTK_BOX (box), body);

  gtk_box_append (GTK_BOX (body), label_new (subject, "heading"));
  /* Translators: who a practice email was sent to; %s is an address */
  to_text = g_strdup_printf (_("To: %s"), to);
  gtk_box_append (GTK_BOX (body), label_new (to_text, "dim-label"));
  /* The service's own words, as the email says them. */
  gtk_box_append (GTK_BOX (body), label_new (text, NULL));

  if (link != NULL && link_label != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (link_label);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data_full (G_OBJECT (button), "kind", g_strdup (kind), g_free);
      g_object_set_data_full (G_OBJECT (button), "link", g_steal_pointer (&link), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (link_clicked_cb), self);
      gtk_box_append (GTK_BOX (body), button);
    }

  return box;
}

static void
refresh (OnboardPracticeInbox *self)
{
  OnboardSandbox *sandbox = onboard_practice_get_sandbox (self->practice);
  guint n = onboard_sandbox_get_n_mails (sandbox);

  /* Newest first: new ones go on top. */
  for (guint i = self->n_mails; i < n; i++)
    {
      GtkWidget *mail = mail_new (self, i);

      if (mail != NULL)
        gtk_box_prepend (self->list, mail);
    }
  self->n_mails = n;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "mails" : "empty");
}

static void
approve_clicked_cb (OnboardPracticeInbox *self)
{
  g_autoptr(GError) error = NULL;

  if (!onboard_practice_approve_as_school (self->practice, &error))
    {
      toast (self, error->message);
      return;
    }

  toast (self, _("Approved as the school: Step 5 shows it soon."));
}

static void
onboard_practice_inbox_dispose (GObject *object)
{
  OnboardPracticeInbox *self = (OnboardPracticeInbox *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->practice);

  G_OBJECT_CLASS (onboard_practice_inbox_parent_class)->dispose (object);
}

static void
onboard_practice_inbox_class_init (OnboardPracticeInboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_practice_inbox_dispose;

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
onboard_practice_inbox_init (OnboardPracticeInbox *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", 30, NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Practice Inbox"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 560);

  self->approve_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Approve as the School")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->approve_button),
                               _("Do what the school’s MIS administrator does on Groupcall’s page"));
  g_signal_connect_swapped (self->approve_button, "clicked", G_CALLBACK (approve_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), GTK_WIDGET (self->approve_button));
  gtk_box_append (GTK_BOX (content), header);

  self->list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "mail-unread-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Emails Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("The emails the practice service sends you, such as the activation email and Groupcall’s email, arrive here."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_stack_add_named (self->stack, scrolled, "mails");

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toasts));

  adw_window_set_content (ADW_WINDOW (self), content);
}

OnboardPracticeInbox *
onboard_practice_inbox_new (GtkWindow       *parent,
                            OnboardPractice *practice)
{
  OnboardPracticeInbox *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ONBOARD_IS_PRACTICE (practice), NULL);

  self = g_object_new (ONBOARD_TYPE_PRACTICE_INBOX,
                       "transient-for", parent,
                       NULL);
  self->practice = g_object_ref (practice);
  g_signal_connect_object (onboard_practice_get_sandbox (practice), "mail-sent",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);

  return self;
}

guint
onboard_practice_inbox_get_n_mails (OnboardPracticeInbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_PRACTICE_INBOX (self), 0);

  return self->n_mails;
}
