/* onboard-sandbox-inspect.c: what tests in the same process look at and
 * do, as the /__dev/ hooks let a program in another one
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox.h"
#include "onboard-sandbox-private.h"

guint
onboard_sandbox_get_request_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return self->request_count;
}

guint
onboard_sandbox_get_signup_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_signups (self->store);
}

guint
onboard_sandbox_get_account_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_accounts (self->store);
}

guint
onboard_sandbox_get_registration_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_n_registrations (self->store);
}

/**
 * onboard_sandbox_get_mail_count:
 * @kind: (nullable): "activation", "groupcall_invitation", or %NULL for all
 */
guint
onboard_sandbox_get_mail_count (OnboardSandbox *self,
                                const char     *kind)
{
  GPtrArray *mails;
  guint count = 0;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  mails = onboard_sandbox_store_get_mails (self->store);
  for (guint i = 0; i < mails->len; i++)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i);

      if (kind == NULL || g_strcmp0 (mail->kind, kind) == 0)
        count++;
    }

  return count;
}

/**
 * onboard_sandbox_dup_last_mail_link:
 * @kind: (nullable): "activation", "groupcall_invitation", or %NULL for any
 *
 * Returns: (nullable): the absolute link in the newest such mail
 */
char *
onboard_sandbox_dup_last_mail_link (OnboardSandbox *self,
                                    const char     *kind)
{
  GPtrArray *mails;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  mails = onboard_sandbox_store_get_mails (self->store);
  for (guint i = mails->len; i > 0; i--)
    {
      OnboardSandboxMail *mail = g_ptr_array_index (mails, i - 1);

      if ((kind == NULL || g_strcmp0 (mail->kind, kind) == 0) && mail->link_path != NULL)
        return onboard_sandbox_dup_link (self, mail->link_path);
    }

  return NULL;
}

/**
 * onboard_sandbox_add_account:
 *
 * Creates an active account (app: assembly), for tests that start at
 * "Sign in" rather than at sign-up.
 */
gboolean
onboard_sandbox_add_account (OnboardSandbox  *self,
                             const char      *email,
                             const char      *password,
                             GError         **error)
{
  static const char * const apps[] = { "assembly", NULL };
  OnboardSandboxAccount *account;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (onboard_sandbox_store_lookup_account_by_email (self->store, email) != NULL)
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_TAKEN,
                   "%s already has an account", email);
      return FALSE;
    }

  account = onboard_sandbox_store_add_account (self->store, email, password, apps);
  account->active = TRUE;
  onboard_sandbox_changed (self);

  return TRUE;
}

gboolean
onboard_sandbox_activate_signup (OnboardSandbox  *self,
                                 const char      *signup_id,
                                 GError         **error)
{
  OnboardSandboxSignup *signup;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  if (!(signup = onboard_sandbox_store_lookup_signup (self->store, signup_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No sign-up %s", signup_id);
      return FALSE;
    }

  return onboard_sandbox_do_activate (self, signup, error);
}

gboolean
onboard_sandbox_authorise_connector (OnboardSandbox      *self,
                                     const char          *connector_id,
                                     const char * const  *scopes,
                                     GError             **error)
{
  g_autofree char *secret = onboard_sandbox_new_id ("", 32);
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  if (!(connector = onboard_sandbox_store_lookup_connector (self->store, connector_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No connector %s", connector_id);
      return FALSE;
    }

  return onboard_sandbox_do_authorise (self, connector,
                                       scopes ? scopes : (const char * const *)connector->template_scopes,
                                       secret, error);
}

gboolean
onboard_sandbox_connector_event (OnboardSandbox  *self,
                                 const char      *connector_id,
                                 const char      *event,
                                 GError         **error)
{
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!(connector = onboard_sandbox_store_lookup_connector (self->store, connector_id)))
    {
      g_set_error (error, ONBOARD_SANDBOX_ERROR, ONBOARD_SANDBOX_ERROR_NOT_FOUND,
                   "No connector %s", connector_id);
      return FALSE;
    }

  return onboard_sandbox_do_event (self, connector, event, error);
}

const char *
onboard_sandbox_get_connector_status (OnboardSandbox *self,
                                      const char     *connector_id)
{
  OnboardSandboxConnector *connector;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), NULL);

  connector = onboard_sandbox_store_lookup_connector (self->store, connector_id);
  return connector ? connector->status : NULL;
}

/**
 * onboard_sandbox_expire_access_tokens:
 *
 * Makes every access token expire now, so a test can see 401
 * invalid_token and the client's refresh without waiting.
 *
 * Returns: how many tokens expired
 */
guint
onboard_sandbox_expire_access_tokens (OnboardSandbox *self)
{
  guint count;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  count = onboard_sandbox_store_expire_tokens (self->store, ONBOARD_SANDBOX_TOKEN_ACCESS,
                                               onboard_sandbox_now ());
  if (count > 0)
    onboard_sandbox_changed (self);

  return count;
}

guint
onboard_sandbox_get_n_mails (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return onboard_sandbox_store_get_mails (self->store)->len;
}

/**
 * onboard_sandbox_get_mail:
 * @index: 0 for the oldest
 * @kind: (out) (optional): "activation" or "groupcall_invitation"
 * @to: (out) (optional): the address it was sent to
 * @subject: (out) (optional):
 * @text: (out) (optional): the body, plain text
 * @link_label: (out) (optional) (nullable): the button in it, as the mail names it
 * @link: (out) (optional) (nullable) (transfer full): the absolute address behind it
 *
 * One email the service "sent", as a mailbox would show it.
 *
 * Returns: %FALSE when there is no such mail
 */
gboolean
onboard_sandbox_get_mail (OnboardSandbox  *self,
                          guint            index,
                          const char     **kind,
                          const char     **to,
                          const char     **subject,
                          const char     **text,
                          const char     **link_label,
                          char           **link)
{
  GPtrArray *mails;
  OnboardSandboxMail *mail;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), FALSE);

  mails = onboard_sandbox_store_get_mails (self->store);
  if (index >= mails->len)
    return FALSE;

  mail = g_ptr_array_index (mails, index);
  if (kind != NULL)
    *kind = mail->kind;
  if (to != NULL)
    *to = mail->to;
  if (subject != NULL)
    *subject = mail->subject;
  if (text != NULL)
    *text = mail->text;
  if (link_label != NULL)
    *link_label = mail->link_label;
  if (link != NULL)
    *link = mail->link_path != NULL ? onboard_sandbox_dup_link (self, mail->link_path) : NULL;

  return TRUE;
}
