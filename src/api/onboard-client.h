/* onboard-client.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-account.h"
#include "onboard-client-error.h"
#include "onboard-connector.h"
#include "onboard-invite-code.h"
#include "onboard-mis-provider.h"
#include "onboard-school-registration.h"
#include "onboard-service-status.h"
#include "onboard-signup.h"
#include "onboard-terms.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_CLIENT (onboard_client_get_type ())

#define ONBOARD_CLIENT_DEFAULT_URL "https://platform.assembly.education/api/onboarding"

/* The longest wait, in seconds, that a Retry-After can ask of the client
 * and of whatever polls through it: longer, negative or far-future values
 * are cut to this. */
#define ONBOARD_CLIENT_MAX_RETRY_AFTER (60 * 60)

G_DECLARE_FINAL_TYPE (OnboardClient, onboard_client, ONBOARD, CLIENT, GObject)

/*
 * The one client the application shares. Every call is asynchronous, on the
 * main thread, and cancellable; cancellation is G_IO_ERROR_CANCELLED, every
 * other failure an ONBOARD_CLIENT_ERROR carrying its details.
 *
 * Calls that create or trigger something take an @idempotency_key. Pass
 * %NULL and the client makes one for its own retries. Or make one with
 * onboard_client_new_idempotency_key() when the user first presses the
 * button, and pass it again when they press the button after an error for
 * which onboard_client_error_is_outcome_unknown() is %TRUE, so that nothing
 * is created twice. After any other error the service has answered, and
 * replays that answer for the same key: make a new key for the next try.
 */

gboolean  onboard_client_check_base_url      (const char  *base_url,
                                              GError     **error);
char     *onboard_client_new_idempotency_key (void);
char     *onboard_client_dup_service_key     (const char *base_url);

OnboardClient        *onboard_client_new                    (const char    *base_url);
const char           *onboard_client_get_base_url           (OnboardClient *self);
guint                 onboard_client_get_timeout            (OnboardClient *self);
void                  onboard_client_set_timeout            (OnboardClient *self,
                                                             guint          seconds);
guint                 onboard_client_get_retry_base_ms      (OnboardClient *self);
void                  onboard_client_set_retry_base_ms      (OnboardClient *self,
                                                             guint          retry_base_ms);
GProxyResolver       *onboard_client_get_proxy_resolver     (OnboardClient *self);
gboolean              onboard_client_get_signed_in          (OnboardClient *self);
const char           *onboard_client_get_access_token       (OnboardClient *self);
const char           *onboard_client_get_refresh_token      (OnboardClient *self);
void                  onboard_client_set_tokens             (OnboardClient *self,
                                                             const char    *access_token,
                                                             const char    *refresh_token);
void                  onboard_client_sign_out               (OnboardClient *self);
OnboardErrorDetails  *onboard_client_get_last_error_details (OnboardClient *self);
char                **onboard_client_dup_request_log        (OnboardClient *self);

/* GET /status */
void                  onboard_client_get_status_async  (OnboardClient        *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
OnboardServiceStatus *onboard_client_get_status_finish (OnboardClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* GET /terms */
void          onboard_client_get_terms_async  (OnboardClient        *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
OnboardTerms *onboard_client_get_terms_finish (OnboardClient        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* GET /invite_codes/{code} */
void               onboard_client_check_invite_code_async  (OnboardClient        *self,
                                                            const char           *code,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
OnboardInviteCode *onboard_client_check_invite_code_finish (OnboardClient        *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

/* POST /signups */
void           onboard_client_create_signup_async  (OnboardClient        *self,
                                                    const char           *invite_code,
                                                    const char           *email,
                                                    const char           *password,
                                                    gboolean              accept_terms,
                                                    const char           *terms_version,
                                                    const char           *idempotency_key,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
OnboardSignup *onboard_client_create_signup_finish (OnboardClient        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* GET /signups/{id} */
void           onboard_client_get_signup_async  (OnboardClient        *self,
                                                 const char           *signup_id,
                                                 const char           *signup_token,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
OnboardSignup *onboard_client_get_signup_finish (OnboardClient        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* POST /signups/{id}/resend_activation */
void           onboard_client_resend_activation_async  (OnboardClient        *self,
                                                        const char           *signup_id,
                                                        const char           *signup_token,
                                                        const char           *idempotency_key,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
OnboardSignup *onboard_client_resend_activation_finish (OnboardClient        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* POST /oauth/token, grant_type=signup */
void     onboard_client_sign_in_with_signup_async  (OnboardClient        *self,
                                                    const char           *signup_id,
                                                    const char           *signup_token,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean onboard_client_sign_in_with_signup_finish (OnboardClient        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* POST /oauth/token, grant_type=password */
void     onboard_client_sign_in_async  (OnboardClient        *self,
                                        const char           *email,
                                        const char           *password,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean onboard_client_sign_in_finish (OnboardClient        *self,
                                        GAsyncResult         *result,
                                        GError              **error);

/* GET /me */
void            onboard_client_get_account_async  (OnboardClient        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
OnboardAccount *onboard_client_get_account_finish (OnboardClient        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /schools: the raw (decompressed) body, for the directory to cache */
void    onboard_client_fetch_schools_async  (OnboardClient        *self,
                                             const char           *etag,
                                             gboolean              include_closed,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GBytes *onboard_client_fetch_schools_finish (OnboardClient        *self,
                                             GAsyncResult         *result,
                                             char                **new_etag,
                                             gboolean             *not_modified,
                                             GError              **error);

/* GET /mis_providers: a GListModel of OnboardMisProvider */
void        onboard_client_list_mis_providers_async  (OnboardClient        *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GListModel *onboard_client_list_mis_providers_finish (OnboardClient        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* POST /school_registrations */
void
onboard_client_create_school_registration_async  (OnboardClient        *self,
                                                  const char           *urn,
                                                  const char           *mis_provider,
                                                  const char           *idempotency_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
OnboardSchoolRegistration *
onboard_client_create_school_registration_finish (OnboardClient        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

/* GET /connectors/{id} */
void              onboard_client_get_connector_async  (OnboardClient        *self,
                                                       const char           *connector_id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
OnboardConnector *onboard_client_get_connector_finish (OnboardClient        *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* PATCH /connectors/{id} with If-Match */
void              onboard_client_change_mis_provider_async  (OnboardClient        *self,
                                                             const char           *connector_id,
                                                             const char           *mis_provider,
                                                             const char           *etag,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
OnboardConnector *onboard_client_change_mis_provider_finish (OnboardClient        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* POST /connectors/{id}/grant_access */
void              onboard_client_grant_access_async  (OnboardClient        *self,
                                                      const char           *connector_id,
                                                      const char           *send_to_name,
                                                      const char           *send_to_email,
                                                      gboolean              accept_usage_policy,
                                                      const char           *idempotency_key,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
OnboardConnector *onboard_client_grant_access_finish (OnboardClient        *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* POST /connectors/{id}/resend_invitation */
void              onboard_client_resend_invitation_async  (OnboardClient        *self,
                                                           const char           *connector_id,
                                                           const char           *idempotency_key,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
OnboardConnector *onboard_client_resend_invitation_finish (OnboardClient        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
