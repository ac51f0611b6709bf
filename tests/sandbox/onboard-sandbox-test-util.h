/* onboard-sandbox-test-util.h: what the sandbox's tests and benchmark share
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

GBytes *onboard_sandbox_test_send   (SoupSession  *session,
                                     SoupMessage  *msg,
                                     GError      **error);
GBytes *onboard_sandbox_test_gunzip (GBytes       *bytes);

G_END_DECLS
