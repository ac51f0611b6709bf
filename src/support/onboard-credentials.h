/* onboard-credentials.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"
#include "onboard-progress.h"
#include "onboard-secrets.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_CREDENTIALS (onboard_credentials_get_type ())

G_DECLARE_FINAL_TYPE (OnboardCredentials, onboard_credentials, ONBOARD, CREDENTIALS, GObject)

OnboardCredentials *onboard_credentials_new            (OnboardClient       *client,
                                                        OnboardProgress     *progress,
                                                        OnboardSecrets      *secrets);
gboolean            onboard_credentials_get_saved      (OnboardCredentials  *self);
void                onboard_credentials_restore_async  (OnboardCredentials  *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            onboard_credentials_restore_finish (OnboardCredentials  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                onboard_credentials_keep_signup_token          (OnboardCredentials  *self,
                                                                    const char          *token);
void                onboard_credentials_lookup_signup_token_async  (OnboardCredentials  *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
char               *onboard_credentials_lookup_signup_token_finish (OnboardCredentials  *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);
void                onboard_credentials_forget_async   (OnboardCredentials  *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            onboard_credentials_forget_finish  (OnboardCredentials  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
