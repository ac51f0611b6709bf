/* onboard-sandbox.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ONBOARD_SANDBOX_ERROR (onboard_sandbox_error_quark ())

/**
 * OnboardSandboxError:
 * @ONBOARD_SANDBOX_ERROR_NOT_FOUND: no sign-up, connector or school with that id
 * @ONBOARD_SANDBOX_ERROR_INVALID_STATE: the transition is not allowed from the current state
 * @ONBOARD_SANDBOX_ERROR_INVALID: the argument is malformed (unknown event, bad fault)
 * @ONBOARD_SANDBOX_ERROR_TAKEN: the email address already has an account
 */
typedef enum
{
  ONBOARD_SANDBOX_ERROR_NOT_FOUND,
  ONBOARD_SANDBOX_ERROR_INVALID_STATE,
  ONBOARD_SANDBOX_ERROR_INVALID,
  ONBOARD_SANDBOX_ERROR_TAKEN,
} OnboardSandboxError;

#define ONBOARD_TYPE_SANDBOX (onboard_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSandbox, onboard_sandbox, ONBOARD, SANDBOX, GObject)

GQuark          onboard_sandbox_error_quark                  (void);

OnboardSandbox *onboard_sandbox_new                          (void);

/* Setup: call before onboard_sandbox_listen(). */
gboolean        onboard_sandbox_load_schools                 (OnboardSandbox      *self,
                                                              const char          *path,
                                                              GError             **error);
gboolean        onboard_sandbox_set_state_file               (OnboardSandbox      *self,
                                                              const char          *path,
                                                              GError             **error);
void            onboard_sandbox_add_invite                   (OnboardSandbox      *self,
                                                              const char          *code,
                                                              const char * const  *apps);
gboolean        onboard_sandbox_add_invite_spec              (OnboardSandbox      *self,
                                                              const char          *spec,
                                                              GError             **error);
gboolean        onboard_sandbox_listen                       (OnboardSandbox      *self,
                                                              guint                port,
                                                              GError             **error);
const char     *onboard_sandbox_get_base_url                 (OnboardSandbox      *self);
guint           onboard_sandbox_get_port                     (OnboardSandbox      *self);
char           *onboard_sandbox_dup_banner                   (OnboardSandbox      *self);
void            onboard_sandbox_warm_up                      (OnboardSandbox      *self);

/* Behaviour. Durations are in seconds and may be fractions. */
gboolean        onboard_sandbox_get_auto                     (OnboardSandbox      *self);
void            onboard_sandbox_set_auto                     (OnboardSandbox      *self,
                                                              gboolean             auto_mode);
void            onboard_sandbox_set_log_requests             (OnboardSandbox      *self,
                                                              gboolean             log_requests);
void            onboard_sandbox_set_signup_resend_cooldown   (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_invitation_resend_cooldown (OnboardSandbox    *self,
                                                              double               seconds);
void            onboard_sandbox_set_activation_lifetime      (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_access_token_lifetime    (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_auto_activation_delay    (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_auto_authorisation_delay (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_invitation_delivery_delay (OnboardSandbox     *self,
                                                              double               seconds);
void            onboard_sandbox_set_first_sync_delay         (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_sync_duration            (OnboardSandbox      *self,
                                                              double               seconds);
void            onboard_sandbox_set_poll_interval            (OnboardSandbox      *self,
                                                              guint                seconds);
void            onboard_sandbox_set_signup_retry_after       (OnboardSandbox      *self,
                                                              guint                seconds);
void            onboard_sandbox_set_grant_retry_after        (OnboardSandbox      *self,
                                                              guint                seconds);
void            onboard_sandbox_set_connector_retry_after    (OnboardSandbox      *self,
                                                              guint                seconds);
void            onboard_sandbox_set_rate_limit               (OnboardSandbox      *self,
                                                              guint                requests,
                                                              double               period);
void            onboard_sandbox_set_signup_limit             (OnboardSandbox      *self,
                                                              guint                signups,
                                                              double               period);
void            onboard_sandbox_set_password_failure_limit   (OnboardSandbox      *self,
                                                              guint                failures,
                                                              double               period);
void            onboard_sandbox_set_terms_version            (OnboardSandbox      *self,
                                                              const char          *version);
void            onboard_sandbox_set_clock_skew               (OnboardSandbox      *self,
                                                              int                  seconds);

/* Practice from a support report: the caller's last error, answered
 * once more to the same request, then the contract again. */
void            onboard_sandbox_answer_once                  (OnboardSandbox      *self,
                                                              const char          *method,
                                                              const char          *path,
                                                              guint                status,
                                                              const char          *json_body,
                                                              int                  retry_after);

/* In-process conveniences for tests: the same effects as the HTTP hooks. */
guint           onboard_sandbox_get_request_count            (OnboardSandbox      *self);
guint           onboard_sandbox_get_signup_count             (OnboardSandbox      *self);
guint           onboard_sandbox_get_account_count            (OnboardSandbox      *self);
guint           onboard_sandbox_get_registration_count       (OnboardSandbox      *self);
guint           onboard_sandbox_get_mail_count               (OnboardSandbox      *self,
                                                              const char          *kind);
char           *onboard_sandbox_dup_last_mail_link           (OnboardSandbox      *self,
                                                              const char          *kind);
guint           onboard_sandbox_get_n_mails                  (OnboardSandbox      *self);
gboolean        onboard_sandbox_get_mail                     (OnboardSandbox      *self,
                                                              guint                index,
                                                              const char         **kind,
                                                              const char         **to,
                                                              const char         **subject,
                                                              const char         **text,
                                                              const char         **link_label,
                                                              char               **link);
gboolean        onboard_sandbox_add_account                  (OnboardSandbox      *self,
                                                              const char          *email,
                                                              const char          *password,
                                                              GError             **error);
gboolean        onboard_sandbox_activate_signup              (OnboardSandbox      *self,
                                                              const char          *signup_id,
                                                              GError             **error);
gboolean        onboard_sandbox_authorise_connector          (OnboardSandbox      *self,
                                                              const char          *connector_id,
                                                              const char * const  *scopes,
                                                              GError             **error);
gboolean        onboard_sandbox_connector_event              (OnboardSandbox      *self,
                                                              const char          *connector_id,
                                                              const char          *event,
                                                              GError             **error);
const char     *onboard_sandbox_get_connector_status         (OnboardSandbox      *self,
                                                              const char          *connector_id);
guint           onboard_sandbox_expire_access_tokens         (OnboardSandbox      *self);

G_END_DECLS
