/* onboard-literal-text.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-literal-text.h"

/* Text that came from the service or the user (a school's name, an email,
 * a certificate issuer, a state the app does not know) is shown exactly as
 * it is. libadwaita reads a row's title and subtitle, and a status page's
 * description, as Pango markup: "Netley Primary School & Centre for
 * Autism" is not valid markup, so it showed as nothing at all, and
 * "<b>" would have been taken as an instruction. These set the text with
 * markup off, or escaped where the widget has no such switch.
 */

void
onboard_row_set_literal_title (AdwPreferencesRow *row,
                               const char        *title)
{
  g_return_if_fail (ADW_IS_PREFERENCES_ROW (row));

  adw_preferences_row_set_use_markup (row, FALSE);
  adw_preferences_row_set_title (row, title ? title : "");
}

void
onboard_row_set_literal_subtitle (AdwActionRow *row,
                                  const char   *subtitle)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  /* One switch for both: an action row's subtitle follows its title's. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, subtitle ? subtitle : "");
}

void
onboard_status_page_set_literal_description (AdwStatusPage *page,
                                             const char    *description)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  /* libadwaita 1.2 has no switch for the description: escape it. */
  escaped = description ? g_markup_escape_text (description, -1) : NULL;
  adw_status_page_set_description (page, escaped);
}
