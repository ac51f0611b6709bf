/* fuzz-common.h: what every fuzz target shares
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onboard-school-registration.h"

G_BEGIN_DECLS

/* libFuzzer's entry points. Each fuzz-<target>.c defines both; the same
 * file also links into the replay test (fuzz-replay.c), which calls them
 * with the committed corpus and past crashes. */
int          LLVMFuzzerInitialize                   (int                        *argc,
                                                     char                     ***argv);
int          LLVMFuzzerTestOneInput                 (const guint8               *data,
                                                     size_t                      size);

/* Makes warnings and criticals abort, so that a g_return_if_fail() that an
 * input can reach counts as a crash, not as a line in a log. */
void         onboard_fuzz_init                      (void);

/* Copies of the input in blocks of exactly its size, so that AddressSanitizer
 * sees a read one byte past the end: libFuzzer's own buffer may be reused. */
GBytes      *onboard_fuzz_bytes_new                 (const guint8               *data,
                                                     gsize                       size);
char        *onboard_fuzz_strndup                   (const guint8               *data,
                                                     gsize                       size);

/* Splits "first line\nrest" at the first newline; either part may be
 * empty. The line is a NUL-terminated copy. */
char        *onboard_fuzz_split_line                (const guint8              **data,
                                                     gsize                      *size);

/* Parses the input as the client parses a response body; NULL (after
 * checking that the error is the one the client expects) when it is not a
 * JSON object. */
JsonObject  *onboard_fuzz_parse_object              (const guint8               *data,
                                                     gsize                       size);

/* Checks what a parser hands on to the pages: a failure is always
 * ONBOARD_CLIENT_ERROR_BAD_RESPONSE, and every string is UTF-8 that a
 * GtkLabel can show. NULL is allowed where the API allows it. */
void         onboard_fuzz_assert_bad_response       (const GError               *error);
void         onboard_fuzz_assert_text               (const char                 *text);
void         onboard_fuzz_assert_strv               (const char * const         *strv);
void         onboard_fuzz_assert_date_time          (GDateTime                  *date_time);

/* The checks above for a registration, which both POST
 * /school_registrations and GET /me carry. */
void         onboard_fuzz_check_school_registration (OnboardSchoolRegistration  *registration);

/* Runs the thread-default main context until *done is TRUE. */
void         onboard_fuzz_iterate_until             (gboolean                   *done);

/* A session for talking to servers in this process on 127.0.0.1 only:
 * no proxy whatever the environment says, and no content decoding so the
 * bytes seen are the bytes sent. */
SoupSession *onboard_fuzz_session_new               (void);

G_END_DECLS
