/* onboard-focus.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void onboard_focus_park    (GtkWidget  *within,
                            GtkWidget **parked);
void onboard_focus_restore (GtkWidget **parked);

G_END_DECLS
