/* onboard-secrets.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ONBOARD_SECRETS_ERROR (onboard_secrets_error_quark ())

/**
 * OnboardSecretsError:
 * @ONBOARD_SECRETS_ERROR_UNAVAILABLE: there is no keyring to talk to: no
 *   Secret Service on the session bus (or no session bus), no Secret portal
 * @ONBOARD_SECRETS_ERROR_LOCKED: the keyring is locked and was not unlocked:
 *   the user dismissed the unlock prompt, or no prompt could be shown
 * @ONBOARD_SECRETS_ERROR_FAILED: the keyring answered, but with an error
 *
 * Whatever the code, the GError's message is a translated sentence for the
 * user that ends with what it means for them (they will need to sign in
 * again next time). It never contains a token. Cancellation is reported as
 * G_IO_ERROR_CANCELLED, never in this domain.
 */
typedef enum
{
  ONBOARD_SECRETS_ERROR_UNAVAILABLE,
  ONBOARD_SECRETS_ERROR_LOCKED,
  ONBOARD_SECRETS_ERROR_FAILED,
} OnboardSecretsError;

/**
 * OnboardTokenKind:
 * @ONBOARD_TOKEN_KIND_ACCESS: the bearer token from POST /oauth/token
 * @ONBOARD_TOKEN_KIND_REFRESH: the refresh token from POST /oauth/token
 * @ONBOARD_TOKEN_KIND_SIGNUP: the signup_token of a pending sign-up
 *
 * Stored as the item's "kind" attribute: "access", "refresh", "signup".
 */
typedef enum
{
  ONBOARD_TOKEN_KIND_ACCESS,
  ONBOARD_TOKEN_KIND_REFRESH,
  ONBOARD_TOKEN_KIND_SIGNUP,
} OnboardTokenKind;

#define ONBOARD_TYPE_SECRETS (onboard_secrets_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSecrets, onboard_secrets, ONBOARD, SECRETS, GObject)

/*
 * The service's tokens, kept in the user's keyring with libsecret under the
 * schema "org.assembly.Onboard.Token" (attributes "service", "email",
 * "kind"). One item per service, email and kind: storing again replaces it.
 *
 * @service is the onboarding service's base URL; trailing slashes are
 * ignored, so "https://host/api/onboarding/" and ".../onboarding" are the
 * same service.
 *
 * The "available" property (boolean, read-only) starts TRUE and turns FALSE
 * when an operation fails for any reason but cancellation, so the app can
 * tell the user they will need to sign in next time; it turns TRUE again
 * when a later operation succeeds (the user unlocked the keyring, say).
 *
 * Nothing here logs a token, and no error message contains one.
 */

GQuark          onboard_secrets_error_quark    (void);

OnboardSecrets *onboard_secrets_new            (void);
OnboardSecrets *onboard_secrets_new_in_memory  (void);
gboolean        onboard_secrets_get_in_memory  (OnboardSecrets       *self);
gboolean        onboard_secrets_get_available  (OnboardSecrets       *self);

void            onboard_secrets_store_async    (OnboardSecrets       *self,
                                                const char           *service,
                                                const char           *email,
                                                OnboardTokenKind      kind,
                                                const char           *token,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        onboard_secrets_store_finish   (OnboardSecrets       *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The token, or NULL with no error when none is stored. Free it with
 * onboard_secrets_token_free(): libsecret may keep it in memory of its
 * own that is wiped when freed. */
void            onboard_secrets_lookup_async   (OnboardSecrets       *self,
                                                const char           *service,
                                                const char           *email,
                                                OnboardTokenKind      kind,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
char           *onboard_secrets_lookup_finish  (OnboardSecrets       *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Removes every token of @service, whatever its email and kind; succeeds
 * when there was nothing to remove. */
void            onboard_secrets_clear_async    (OnboardSecrets       *self,
                                                const char           *service,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        onboard_secrets_clear_finish   (OnboardSecrets       *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Removes one token of one account; succeeds when there was none. */
void            onboard_secrets_remove_async   (OnboardSecrets       *self,
                                                const char           *service,
                                                const char           *email,
                                                OnboardTokenKind      kind,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* Removes every token of one account, whatever its kind. */
void            onboard_secrets_remove_account_async (OnboardSecrets *self,
                                                      const char     *service,
                                                      const char     *email,
                                                      GCancellable   *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer        user_data);
/* Finishes either of the two above. */
gboolean        onboard_secrets_remove_finish  (OnboardSecrets       *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Wipes and frees a token from onboard_secrets_lookup_finish() (or any
 * other copy of a token); NULL is allowed. */
void            onboard_secrets_token_free     (char                 *token);

/* For g_autoptr(OnboardSecretsToken): a char * freed as above. */
typedef char OnboardSecretsToken;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardSecretsToken, onboard_secrets_token_free)

G_END_DECLS
