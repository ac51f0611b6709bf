/* onboard-literal-text.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void onboard_row_set_literal_title    (AdwPreferencesRow *row,
                                       const char        *title);
void onboard_row_set_literal_subtitle (AdwActionRow      *row,
                                       const char        *subtitle);
void onboard_status_page_set_literal_description (AdwStatusPage *page,
                                                  const char    *description);

G_END_DECLS
