/* onboard-startup.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean onboard_startup_get_enabled (void);
void     onboard_startup_mark        (const char *what);

G_END_DECLS
