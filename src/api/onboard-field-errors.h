/* onboard-field-errors.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_FIELD_ERRORS (onboard_field_errors_get_type ())

G_DECLARE_FINAL_TYPE (OnboardFieldErrors, onboard_field_errors, ONBOARD, FIELD_ERRORS, GObject)

/* The fields a 422 refused, each with the service's stable codes
 * ("email": ["taken"]). Nested members are flattened with dots, so the
 * colleague's address of Grant Access is "send_to.email". Immutable. */

OnboardFieldErrors  *onboard_field_errors_new_from_json (JsonObject         *fields,
                                                         GError            **error);
const char * const  *onboard_field_errors_get_fields    (OnboardFieldErrors *self);
const char * const  *onboard_field_errors_get_codes     (OnboardFieldErrors *self,
                                                         const char         *field);
gboolean             onboard_field_errors_has_error     (OnboardFieldErrors *self,
                                                         const char         *field,
                                                         const char         *code);
char                *onboard_field_errors_dup_message   (OnboardFieldErrors *self,
                                                         const char         *field);
char                *onboard_field_errors_to_string     (OnboardFieldErrors *self);
const char          *onboard_field_errors_describe      (const char         *field,
                                                         const char         *code);

G_END_DECLS
