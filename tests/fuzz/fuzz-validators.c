/* fuzz-validators.c: postcodes, URNs, DfE numbers, email addresses,
 * passwords and invite codes as a user may type or paste them
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-invite-code.h"
#include "onboard-validators.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  return 0;
}

static gboolean
is_digits (const char *text,
           gsize       length)
{
  if (strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

static void
check_postcode (const char *text,
                gboolean    from_entry)
{
  g_autofree char *normalized = onboard_postcode_normalize (text);
  gsize length = strlen (normalized);

  (void)onboard_postcode_is_valid (text);
  (void)onboard_postcode_is_outward_code (text);

  if (!from_entry)
    return;

  /* The canonical form: trimmed, single spaces, and stable. */
  if (length > 0)
    {
      g_autofree char *again = onboard_postcode_normalize (normalized);

      g_assert_false (g_ascii_isspace (normalized[0]));
      g_assert_false (g_ascii_isspace (normalized[length - 1]));
      g_assert_null (strstr (normalized, "  "));
      g_assert_cmpstr (again, ==, normalized);
    }

  if (onboard_postcode_is_valid (normalized))
    g_assert_nonnull (strchr (normalized, ' '));
}

static void
check_dfe_number (const char *text)
{
  g_autofree char *digits = onboard_dfe_number_normalize (text);
  g_autofree char *formatted = onboard_dfe_number_format (text);

  g_assert_cmpint (onboard_dfe_number_is_valid (text), ==, digits != NULL);

  if (digits == NULL)
    {
      g_assert_null (formatted);
      return;
    }

  /* Stored as seven digits, shown as "330/2005", and both read back. */
  g_assert_true (is_digits (digits, 7));
  g_assert_nonnull (formatted);
  g_assert_cmpuint (strlen (formatted), ==, 8);
  g_assert_cmpint (formatted[3], ==, '/');
  g_assert_true (onboard_dfe_number_is_valid (digits));
  g_assert_true (onboard_dfe_number_is_valid (formatted));

  {
    g_autofree char *again = onboard_dfe_number_normalize (formatted);

    g_assert_cmpstr (again, ==, digits);
  }
}

static void
check_invite_code (const char *text,
                   gboolean    from_entry)
{
  g_autofree char *normalized = onboard_invite_code_normalize (text);
  g_autofree char *normalised = onboard_invite_code_normalise (text);

  if (onboard_invite_code_is_plausible (normalized))
    {
      for (const char *p = normalized; *p != '\0'; p++)
        g_assert_true (g_ascii_isdigit (*p) || (*p >= 'A' && *p <= 'Z'));
    }

  if (!from_entry)
    return;

  {
    g_autofree char *again = onboard_invite_code_normalize (normalized);

    g_assert_cmpstr (again, ==, normalized);
  }

  /* A code the sign-up page accepts goes into GET /invite_codes/{code}
   * exactly as the page checked it. */
  if (onboard_invite_code_is_plausible (normalized))
    g_assert_cmpstr (normalised, ==, normalized);
}

static void
check_password (const char *text,
                gboolean    from_entry)
{
  guint missing = 99;
  OnboardPasswordVerdict verdict = onboard_password_judge (text, "office@oakfield.sch.uk", &missing);

  /* Characters are missing exactly while the password is too short. */
  g_assert_cmpuint (missing, <=, ONBOARD_PASSWORD_MIN_LENGTH);
  g_assert_cmpint (missing > 0, ==, verdict <= ONBOARD_PASSWORD_TOO_SHORT);
  g_assert_cmpint (missing == ONBOARD_PASSWORD_MIN_LENGTH, ==, verdict == ONBOARD_PASSWORD_EMPTY);

  if (from_entry && verdict >= ONBOARD_PASSWORD_LONG_ENOUGH)
    g_assert_cmpint (g_utf8_strlen (text, -1), >=, ONBOARD_PASSWORD_MIN_LENGTH);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = onboard_fuzz_strndup (data, size);
  /* Text from a GtkEditable is always UTF-8 without NULs; pasted bytes
   * reach the checks only through it. The stricter promises hold for
   * that text; any bytes at all must still be safe. */
  gboolean from_entry = g_utf8_validate (text, size, NULL);

  check_postcode (text, from_entry);
  check_dfe_number (text);
  check_invite_code (text, from_entry);
  check_password (text, from_entry);

  g_assert_cmpint (onboard_urn_is_valid (text), ==, is_digits (text, 6));

  if (onboard_email_is_plausible (text))
    {
      const char *at = strchr (text, '@');

      /* Exactly one "@", not first: the last one is the first one. */
      g_assert_nonnull (at);
      g_assert_true (strrchr (text, '@') == at);
      g_assert_true (at != text);
    }

  return 0;
}
