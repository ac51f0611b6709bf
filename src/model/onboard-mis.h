/* onboard-mis.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

const char *onboard_mis_name_for_id    (const char *id);
GListModel *onboard_mis_new_known_list (void);

G_END_DECLS
