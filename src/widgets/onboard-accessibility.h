/* onboard-accessibility.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       onboard_accessibility_install                 (void);
void       onboard_accessibility_name_list_item          (GtkWidget           *child,
                                                          const char          *name);
void       onboard_accessibility_prepare                 (GtkWidget           *widget);
void       onboard_accessibility_set_focus_target        (GtkWidget           *widget,
                                                          GtkWidget           *target);
GtkWidget *onboard_accessibility_get_focus_target        (GtkWidget           *widget);
gboolean   onboard_accessibility_announce                (GtkWidget           *source,
                                                          const char          *message);

G_END_DECLS
