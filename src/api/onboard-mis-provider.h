/* onboard-mis-provider.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_MIS_PROVIDER (onboard_mis_provider_get_type ())

G_DECLARE_FINAL_TYPE (OnboardMisProvider, onboard_mis_provider, ONBOARD, MIS_PROVIDER, GObject)

/* One entry of GET /mis_providers. */

OnboardMisProvider *onboard_mis_provider_new_from_json              (JsonObject         *object,
                                                                     GError            **error);
GListModel         *onboard_mis_provider_list_new_from_json         (JsonArray          *array,
                                                                     GError            **error);
const char         *onboard_mis_provider_get_id                     (OnboardMisProvider *self);
const char         *onboard_mis_provider_get_name                   (OnboardMisProvider *self);
const char * const *onboard_mis_provider_get_connection_methods     (OnboardMisProvider *self);
gboolean            onboard_mis_provider_get_schoolbooking_supported (OnboardMisProvider *self);

G_END_DECLS
