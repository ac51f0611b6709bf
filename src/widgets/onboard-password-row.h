/* onboard-password-row.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_PASSWORD_ROW (onboard_password_row_get_type ())

G_DECLARE_FINAL_TYPE (OnboardPasswordRow, onboard_password_row, ONBOARD, PASSWORD_ROW, AdwActionRow)

GtkWidget *onboard_password_row_get_entry     (OnboardPasswordRow *self);
gboolean   onboard_password_row_get_revealed  (OnboardPasswordRow *self);
void       onboard_password_row_set_revealed  (OnboardPasswordRow *self,
                                               gboolean            revealed);

G_END_DECLS
