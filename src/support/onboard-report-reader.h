/* onboard-report-reader.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-practice-scenario.h"

G_BEGIN_DECLS

#define ONBOARD_REPORT_READER_ERROR (onboard_report_reader_error_quark ())

/**
 * OnboardReportReaderError:
 * @ONBOARD_REPORT_READER_ERROR_EMPTY: there is no text at all
 * @ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT: the text is not a support
 *   report of this app (another app's, an email without the report, …)
 * @ONBOARD_REPORT_READER_ERROR_TRUNCATED: the report stops before the
 *   line that says where the user is, or in the middle of it
 * @ONBOARD_REPORT_READER_ERROR_DAMAGED: a line is there but cannot be read
 * @ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE: a step, MIS or connection
 *   state this version does not know, as from a newer version
 */
typedef enum
{
  ONBOARD_REPORT_READER_ERROR_EMPTY,
  ONBOARD_REPORT_READER_ERROR_NOT_A_REPORT,
  ONBOARD_REPORT_READER_ERROR_TRUNCATED,
  ONBOARD_REPORT_READER_ERROR_DAMAGED,
  ONBOARD_REPORT_READER_ERROR_UNKNOWN_STATE,
} OnboardReportReaderError;

GQuark                   onboard_report_reader_error_quark (void);

OnboardPracticeScenario *onboard_report_reader_parse       (const char  *text,
                                                            gssize       length,
                                                            GError     **error);
OnboardPracticeScenario *onboard_report_reader_load        (GFile       *file,
                                                            GCancellable *cancellable,
                                                            GError     **error);

G_END_DECLS
