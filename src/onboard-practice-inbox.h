/* onboard-practice-inbox.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-practice.h"

G_BEGIN_DECLS

#define ONBOARD_TYPE_PRACTICE_INBOX (onboard_practice_inbox_get_type ())

G_DECLARE_FINAL_TYPE (OnboardPracticeInbox, onboard_practice_inbox, ONBOARD, PRACTICE_INBOX, AdwWindow)

OnboardPracticeInbox *onboard_practice_inbox_new          (GtkWindow            *parent,
                                                           OnboardPractice      *practice);
guint                 onboard_practice_inbox_get_n_mails  (OnboardPracticeInbox *self);

G_END_DECLS
