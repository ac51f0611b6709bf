/* onboard-sandbox-store.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Times are microseconds since the Unix epoch (g_get_real_time()); 0 means "not yet". */

typedef struct
{
  char     *code;            /* normalised: upper case, no spaces or dashes */
  char     *display_code;
  char     *organisation;
  GStrv     apps;
  gint64    expires_at;
  gboolean  reusable;
  gboolean  used;
} OnboardSandboxInvite;

typedef struct
{
  char     *id;
  char     *email;           /* lower case */
  char     *password_hash;
  GStrv     apps;
  gint64    created_at;
  gboolean  active;
  char     *registration_id; /* nullable */
} OnboardSandboxAccount;

typedef struct
{
  char     *id;
  char     *account_id;
  char     *email;
  char     *token;
  GStrv     apps;
  gint64    created_at;
  gint64    activation_expires_at;
  gint64    resend_available_at;
  gint64    activated_at;
} OnboardSandboxSignup;

typedef enum
{
  ONBOARD_SANDBOX_TOKEN_ACCESS,
  ONBOARD_SANDBOX_TOKEN_REFRESH,
} OnboardSandboxTokenKind;

typedef struct
{
  char                    *token;
  char                    *account_id;
  OnboardSandboxTokenKind  kind;
  gint64                   expires_at; /* 0: never */
} OnboardSandboxToken;

typedef struct
{
  char   *id;
  char   *account_id;
  char   *urn;
  char   *mis_provider;
  char   *connector_id;
  char   *school_json;     /* the school as it was when registered */
  gint64  created_at;
} OnboardSandboxRegistration;

typedef struct
{
  char   *id;
  char   *registration_id;
  char   *account_id;
  char   *urn;
  char   *estab;           /* nullable: lists without DfE numbers */
  char   *school_name;
  char   *mis_provider;
  char   *status;
  char   *status_reason;   /* nullable */
  gint64  status_changed_at;
  gint64  invitation_sent_at;
  char   *invitation_sent_to;
  char   *invitation_sent_to_name;
  gint64  invitation_resend_available_at;
  gint64  authorised_at;
  GStrv   scopes;
  GStrv   template_scopes;
  char   *school_secret;
  gint64  last_sync_at;
  char   *last_sync_status;
  gint64  next_sync_at;
} OnboardSandboxConnector;

typedef struct
{
  char   *id;
  char   *kind;            /* "activation" or "groupcall_invitation" */
  char   *to;
  char   *subject;
  char   *text;
  char   *link_label;
  char   *link_path;       /* relative to the base URL, so it survives a new port */
  gint64  sent_at;
} OnboardSandboxMail;

#define ONBOARD_TYPE_SANDBOX_STORE (onboard_sandbox_store_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSandboxStore, onboard_sandbox_store, ONBOARD, SANDBOX_STORE, GObject)

OnboardSandboxStore        *onboard_sandbox_store_new                   (void);

char                       *onboard_sandbox_normalize_invite_code       (const char           *code);
char                       *onboard_sandbox_new_id                      (const char           *prefix,
                                                                         guint                 length);

OnboardSandboxInvite       *onboard_sandbox_store_add_invite            (OnboardSandboxStore  *self,
                                                                         const char           *display_code,
                                                                         const char           *organisation,
                                                                         const char * const   *apps,
                                                                         gint64                expires_at,
                                                                         gboolean              reusable);
OnboardSandboxInvite       *onboard_sandbox_store_lookup_invite         (OnboardSandboxStore  *self,
                                                                         const char           *code);
GPtrArray                  *onboard_sandbox_store_list_invites          (OnboardSandboxStore  *self);

OnboardSandboxAccount      *onboard_sandbox_store_add_account           (OnboardSandboxStore  *self,
                                                                         const char           *email,
                                                                         const char           *password,
                                                                         const char * const   *apps);
OnboardSandboxAccount      *onboard_sandbox_store_lookup_account        (OnboardSandboxStore  *self,
                                                                         const char           *id);
OnboardSandboxAccount      *onboard_sandbox_store_lookup_account_by_email (OnboardSandboxStore *self,
                                                                         const char           *email);
void                        onboard_sandbox_store_remove_account        (OnboardSandboxStore  *self,
                                                                         OnboardSandboxAccount *account);
gboolean                    onboard_sandbox_account_check_password      (OnboardSandboxAccount *account,
                                                                         const char           *password);
guint                       onboard_sandbox_store_get_n_accounts        (OnboardSandboxStore  *self);

OnboardSandboxSignup       *onboard_sandbox_store_add_signup            (OnboardSandboxStore  *self,
                                                                         OnboardSandboxAccount *account,
                                                                         gint64                activation_lifetime,
                                                                         gint64                resend_cooldown);
OnboardSandboxSignup       *onboard_sandbox_store_lookup_signup         (OnboardSandboxStore  *self,
                                                                         const char           *id);
GPtrArray                  *onboard_sandbox_store_list_signups          (OnboardSandboxStore  *self);
guint                       onboard_sandbox_store_get_n_signups         (OnboardSandboxStore  *self);

OnboardSandboxToken        *onboard_sandbox_store_issue_token           (OnboardSandboxStore  *self,
                                                                         const char           *account_id,
                                                                         OnboardSandboxTokenKind kind,
                                                                         gint64                lifetime);
OnboardSandboxToken        *onboard_sandbox_store_lookup_token          (OnboardSandboxStore  *self,
                                                                         const char           *token);
guint                       onboard_sandbox_store_expire_tokens         (OnboardSandboxStore  *self,
                                                                         OnboardSandboxTokenKind kind,
                                                                         gint64                when);

OnboardSandboxRegistration *onboard_sandbox_store_add_registration      (OnboardSandboxStore  *self,
                                                                         OnboardSandboxAccount *account,
                                                                         const char           *urn,
                                                                         const char           *estab,
                                                                         const char           *school_name,
                                                                         const char           *school_json,
                                                                         const char           *mis_provider);
OnboardSandboxRegistration *onboard_sandbox_store_lookup_registration   (OnboardSandboxStore  *self,
                                                                         const char           *id);
OnboardSandboxRegistration *onboard_sandbox_store_lookup_registration_by_urn (OnboardSandboxStore *self,
                                                                         const char           *urn);
void                        onboard_sandbox_store_remove_registration   (OnboardSandboxStore  *self,
                                                                         OnboardSandboxRegistration *registration);
guint                       onboard_sandbox_store_get_n_registrations   (OnboardSandboxStore  *self);

OnboardSandboxConnector    *onboard_sandbox_store_lookup_connector      (OnboardSandboxStore  *self,
                                                                         const char           *id);
GPtrArray                  *onboard_sandbox_store_list_connectors       (OnboardSandboxStore  *self);
void                        onboard_sandbox_connector_set_status        (OnboardSandboxConnector *connector,
                                                                         const char           *status,
                                                                         const char           *reason);

OnboardSandboxMail         *onboard_sandbox_store_add_mail              (OnboardSandboxStore  *self,
                                                                         const char           *kind,
                                                                         const char           *to,
                                                                         const char           *subject,
                                                                         const char           *text,
                                                                         const char           *link_label,
                                                                         const char           *link_path);
GPtrArray                  *onboard_sandbox_store_get_mails             (OnboardSandboxStore  *self);

gboolean                    onboard_sandbox_store_save                  (OnboardSandboxStore  *self,
                                                                         const char           *path,
                                                                         GError              **error);
gboolean                    onboard_sandbox_store_load                  (OnboardSandboxStore  *self,
                                                                         const char           *path,
                                                                         GError              **error);

G_END_DECLS
