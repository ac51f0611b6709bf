/* onboard-status-words.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "onboard-connector.h"

G_BEGIN_DECLS

/* What Step 5 says about a connection: an icon, its colour, a title, what
 * it means and what happens next, in the words of a school office. */
typedef struct
{
  const char *icon_name;
  const char *style;        /* "success", "warning", "error" or NULL */
  char       *title;
  char       *description;
  char       *next;
} OnboardStatusWords;

void  onboard_status_words_clear       (OnboardStatusWords *words);
void  onboard_status_words_describe    (OnboardStatusWords *words,
                                        OnboardConnector   *connector,
                                        GDateTime          *now);
char *onboard_status_words_format_when (GDateTime          *time,
                                        GDateTime          *now);
char *onboard_status_words_format_past (GDateTime          *time,
                                        GDateTime          *now);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OnboardStatusWords, onboard_status_words_clear)

G_END_DECLS
