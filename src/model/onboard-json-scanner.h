/* onboard-json-scanner.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Private to src/model/: a strict pull reader for JSON (RFC 8259) held in
 * memory. It builds no tree, which is what lets the school directory read
 * fifty thousand entries in a fraction of the time and memory a JsonNode
 * tree takes. The caller drives it value by value; every function skips
 * white space first. On a syntax error a function returns FALSE and the
 * scanner keeps the first error's message and byte offset.
 */

typedef struct
{
  const char *start;
  const char *pos;
  const char *end;
  const char *error;
  gsize       error_offset;
  guint       depth;
} OnboardJsonScanner;

void         onboard_json_scanner_init          (OnboardJsonScanner  *self,
                                                 const char          *data,
                                                 gsize                len);
/* The next significant byte, without consuming it; '\0' at the end. */
char         onboard_json_scanner_peek          (OnboardJsonScanner  *self);
/* Consumes @c, or fails. */
gboolean     onboard_json_scanner_expect        (OnboardJsonScanner  *self,
                                                 char                 c);
/* Consumes @c if it comes next. */
gboolean     onboard_json_scanner_accept        (OnboardJsonScanner  *self,
                                                 char                 c);
/* Reads a string and, when @out is not NULL, decodes it into @out (which is
 * emptied first). @out_valid is set to FALSE when the string is well formed
 * JSON but no usable text: a lone surrogate, "\u0000" or invalid UTF-8. */
gboolean     onboard_json_scanner_read_string   (OnboardJsonScanner  *self,
                                                 GString             *out,
                                                 gboolean            *out_valid);
/* Reads a number; its text is [*out_start, *out_start + *out_len). */
gboolean     onboard_json_scanner_read_number   (OnboardJsonScanner  *self,
                                                 const char         **out_start,
                                                 gsize               *out_len);
/* Reads the literal @word: "null", "true" or "false". */
gboolean     onboard_json_scanner_read_literal  (OnboardJsonScanner  *self,
                                                 const char          *word);
/* Reads any value, nested ones included, and forgets it. */
gboolean     onboard_json_scanner_skip_value    (OnboardJsonScanner  *self);
/* TRUE when nothing but white space is left. */
gboolean     onboard_json_scanner_at_end        (OnboardJsonScanner  *self);
/* Records a syntax error at the current position; returns FALSE. */
gboolean     onboard_json_scanner_fail          (OnboardJsonScanner  *self,
                                                 const char          *message);

G_END_DECLS
