/* onboard-terms.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_TYPE_TERMS (onboard_terms_get_type ())

G_DECLARE_FINAL_TYPE (OnboardTerms, onboard_terms, ONBOARD, TERMS, GObject)

/* GET /terms: the terms of service the user accepts at sign-up. */

OnboardTerms *onboard_terms_new_from_json (JsonObject    *object,
                                           GError       **error);
const char   *onboard_terms_get_version   (OnboardTerms  *self);
const char   *onboard_terms_get_title     (OnboardTerms  *self);
const char   *onboard_terms_get_url       (OnboardTerms  *self);
const char   *onboard_terms_get_text      (OnboardTerms  *self);

G_END_DECLS
