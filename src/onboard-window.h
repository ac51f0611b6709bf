/* onboard-window.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"
#include "onboard-credentials.h"
#include "onboard-page.h"
#include "onboard-progress.h"
#include "onboard-school-catalogue.h"
#include "onboard-status-monitor.h"

G_BEGIN_DECLS

/* GTK 4 keeps GtkAssistant's instance and class structures private, so the
 * usual G_DECLARE_FINAL_TYPE cannot embed them: OnboardWindow is declared by
 * hand and keeps all of its state in instance-private data.
 */
#define ONBOARD_TYPE_WINDOW    (onboard_window_get_type ())
#define ONBOARD_WINDOW(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), ONBOARD_TYPE_WINDOW, OnboardWindow))
#define ONBOARD_IS_WINDOW(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), ONBOARD_TYPE_WINDOW))

typedef struct _OnboardWindow OnboardWindow;

GType          onboard_window_get_type         (void) G_GNUC_CONST;

OnboardWindow *onboard_window_new              (AdwApplication         *application,
                                                OnboardClient          *client,
                                                OnboardProgress        *progress,
                                                OnboardSchoolCatalogue *catalogue,
                                                OnboardStatusMonitor   *monitor,
                                                OnboardCredentials     *credentials);
OnboardPage   *onboard_window_get_current_page (OnboardWindow  *self);
guint          onboard_window_get_n_steps      (OnboardWindow  *self);
OnboardPage   *onboard_window_get_page         (OnboardWindow  *self,
                                                guint           index);
gboolean       onboard_window_get_has_input    (OnboardWindow  *self);
void           onboard_window_request_close    (OnboardWindow  *self);
void           onboard_window_resume           (OnboardWindow  *self);
GtkWidget     *onboard_window_get_primary_button (OnboardWindow *self);
GtkWidget     *onboard_window_get_back_button  (OnboardWindow  *self);
void           onboard_window_show_sign_in     (OnboardWindow  *self);
gboolean       onboard_window_go_to_step       (OnboardWindow  *self,
                                                guint           step);
void           onboard_window_set_sign_in_saved (OnboardWindow *self,
                                                 gboolean       saved);
void           onboard_window_set_practice     (OnboardWindow  *self,
                                                gboolean        practice);
gboolean       onboard_window_get_practice     (OnboardWindow  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardWindow, g_object_unref)

G_END_DECLS
