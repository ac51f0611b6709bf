/* onboard-validators.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Checks and canonical forms for what the user types: UK postcodes, URNs,
 * DfE numbers (LAESTAB), e-mail addresses, passwords and invite codes.
 *
 * The `_normalize` functions return a newly allocated string (free it with
 * g_free()); the `_is_*` functions check their argument exactly as given, so
 * pass them the normalised form. All functions are thread-safe.
 */

/* Trims, upper-cases and collapses runs of white space to one space; a full
 * postcode typed without its space ("sw1p3bt") gets one before its last three
 * characters ("SW1P 3BT"). Anything else is returned trimmed and upper-cased,
 * valid or not. */
char     *onboard_postcode_normalize        (const char *text);

/* TRUE if @text is a full postcode by the strict pattern of the API
 * specification (upper case, single optional space: "SW1P 3BT", "GIR 0AA"). */
gboolean  onboard_postcode_is_valid         (const char *text);

/* TRUE if @text is an outward code alone, the part before the space
 * ("CB21", "SW1A", "B1"), upper case. */
gboolean  onboard_postcode_is_outward_code  (const char *text);

/* TRUE if @text is a URN: exactly six digits. */
gboolean  onboard_urn_is_valid              (const char *text);

/* Reads a DfE number in any usual spelling ("330/2005", "330-2005",
 * "330 2005", "3302005", surrounding white space allowed) and returns its
 * seven digits ("3302005"), or NULL when @text is not a DfE number. */
char     *onboard_dfe_number_normalize      (const char *text);

/* TRUE if onboard_dfe_number_normalize() accepts @text. */
gboolean  onboard_dfe_number_is_valid       (const char *text);

/* Formats a DfE number for display, "330/2005", from any spelling that
 * onboard_dfe_number_normalize() accepts; NULL when @text is not one. */
char     *onboard_dfe_number_format         (const char *text);

/* A deliberately simple shape check: one "@", a non-empty local part, a
 * domain with a dot between non-empty labels, no white space or control
 * characters. The server has the final word. */
gboolean  onboard_email_is_plausible        (const char *text);

/* TRUE if @password holds the whole of @email, ignoring case, as the
 * service's `contains_email` means: "Office@Oakfield.sch.uk!2026" does,
 * "Oakfield-Office-2026!" (only the part before the "@") does not. An
 * empty @email is in no password. */
gboolean  onboard_password_contains_email   (const char *password,
                                             const char *email);

/* The shortest password the service accepts, in characters. */
#define ONBOARD_PASSWORD_MIN_LENGTH 10

/* What a password is worth, by the service's rules and the app's advice.
 * In this order: from ONBOARD_PASSWORD_LONG_ENOUGH on, the service takes
 * it (unless it is on its list of common passwords, which only it has). */
typedef enum
{
  ONBOARD_PASSWORD_EMPTY,
  ONBOARD_PASSWORD_TOO_SHORT,        /* fewer than ONBOARD_PASSWORD_MIN_LENGTH */
  ONBOARD_PASSWORD_CONTAINS_EMAIL,   /* long enough, but holds the email */
  ONBOARD_PASSWORD_LONG_ENOUGH,
  ONBOARD_PASSWORD_STRONG,           /* 14 or more, of three kinds or more */
} OnboardPasswordVerdict;

/* Judges @password (UTF-8; other bytes count as one character each) for
 * the account @email: too short first, then holding the whole @email (see
 * onboard_password_contains_email()), then strong when it is 14 characters
 * or longer and mixes three of lower case, upper case, digits and anything
 * else. @missing (nullable) is set to the number of characters still
 * needed: 0 unless the verdict is EMPTY or TOO_SHORT. */
OnboardPasswordVerdict onboard_password_judge (const char *password,
                                               const char *email,
                                               guint      *missing);

/* Upper-cases and removes spaces and dashes: "ark7-q4m2 zp9" gives
 * "ARK7Q4M2ZP9". */
char     *onboard_invite_code_normalize     (const char *text);

/* TRUE if @code (normalised) is 4 to 32 characters of A-Z and 0-9. */
gboolean  onboard_invite_code_is_plausible  (const char *code);

G_END_DECLS
