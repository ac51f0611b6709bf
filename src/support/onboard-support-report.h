/* onboard-support-report.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"
#include "onboard-progress.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_SUPPORT_REPORT (onboard_support_report_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSupportReport, onboard_support_report, ONBOARD, SUPPORT_REPORT, GObject)

OnboardSupportReport *onboard_support_report_new            (OnboardClient         *client,
                                                             OnboardProgress       *progress);
void                  onboard_support_report_set_toolkit    (OnboardSupportReport  *self,
                                                             const char            *toolkit);
char                 *onboard_support_report_dup_reference  (OnboardSupportReport  *self);
char                 *onboard_support_report_dup_text       (OnboardSupportReport  *self);
void                  onboard_support_report_check_async    (OnboardSupportReport  *self,
                                                             GCancellable          *cancellable,
                                                             GAsyncReadyCallback    callback,
                                                             gpointer               user_data);
char                 *onboard_support_report_check_finish   (OnboardSupportReport  *self,
                                                             GAsyncResult          *result,
                                                             GError               **error);

char                 *onboard_support_reference_for         (const char            *install_id,
                                                             const char            *account);
char                 *onboard_support_redact                (const char            *text);
GLogWriterOutput      onboard_support_log_writer            (GLogLevelFlags         log_level,
                                                             const GLogField       *fields,
                                                             gsize                  n_fields,
                                                             gpointer               user_data);

G_END_DECLS
