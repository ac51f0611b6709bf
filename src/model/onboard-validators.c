/* onboard-validators.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-validators.h"

/* The pattern of the API specification, kept verbatim so the two can be
 * compared by eye. */
#define POSTCODE_PATTERN \
  "^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?" \
  "|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])" \
  " ?[0-9][ABD-HJLNP-UW-Z]{2})$"

/* The outward half of the same pattern. */
#define OUTWARD_CODE_PATTERN \
  "^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?" \
  "|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$"

#define DFE_NUMBER_PATTERN "^([0-9]{3})\\s*[/-]?\\s*([0-9]{4})$"

static GRegex *postcode_regex;
static GRegex *outward_code_regex;
static GRegex *dfe_number_regex;

static GRegex *
get_regex (GRegex     **regex,
           const char  *pattern)
{
  if (g_once_init_enter (regex))
    {
      g_autoptr(GError) error = NULL;
      GRegex *compiled;

      /* Without DOLLAR_ENDONLY, "$" also matches before a final line
       * break, and GLib counts "\v" and "\f" among those: "SW1P 3BT\n"
       * would pass the strict pattern. */
      compiled = g_regex_new (pattern, G_REGEX_OPTIMIZE | G_REGEX_DOLLAR_ENDONLY, 0, &error);
      g_assert_no_error (error);
      g_once_init_leave (regex, compiled);
    }

  return *regex;
}

/* GLib matches in UTF-8 mode and leaves the text unchecked, and PCRE2's
 * compiled matcher decodes whatever bytes it meets: a lone continuation
 * byte passed for white space, and a lead byte at the end may be read
 * past. Text from an entry is always UTF-8; a CSV file or a request body
 * need not be, and no valid value is anything else. */
static gboolean
matches (GRegex      **regex,
         const char   *pattern,
         const char   *text,
         GMatchInfo  **match_info)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  return g_regex_match (get_regex (regex, pattern), text, 0, match_info);
}

/* Returns the length of the white space character at @p, or 0. Covers the
 * no-break and other Unicode spaces that copy and paste brings along. */
static gsize
space_length (const char *p)
{
  gunichar c;

  if ((guchar)*p < 0x80)
    return g_ascii_isspace (*p) ? 1 : 0;

  c = g_utf8_get_char_validated (p, -1);
  if (c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_isspace (c))
    return 0;

  return g_utf8_next_char (p) - p;
}

static gsize
dash_length (const char *p)
{
  gunichar c;

  if (*p == '-')
    return 1;

  if ((guchar)*p < 0x80)
    return 0;

  c = g_utf8_get_char_validated (p, -1);
  if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
    return g_utf8_next_char (p) - p;

  return 0;
}

char *
onboard_postcode_normalize (const char *text)
{
  GString *out;
  gboolean pending_space = FALSE;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);

  while (*p != '\0')
    {
      gsize n = space_length (p);

      if (n > 0)
        {
          pending_space = out->len > 0;
          p += n;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }

      g_string_append_c (out, g_ascii_toupper (*p));
      p++;
    }

  if (out->len >= 5 &&
      out->len <= 7 &&
      strchr (out->str, ' ') == NULL &&
      matches (&postcode_regex, POSTCODE_PATTERN, out->str, NULL))
    g_string_insert_c (out, out->len - 3, ' ');

  return g_string_free (out, FALSE);
}

gboolean
onboard_postcode_is_valid (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return matches (&postcode_regex, POSTCODE_PATTERN, text, NULL);
}

gboolean
onboard_postcode_is_outward_code (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return matches (&outward_code_regex, OUTWARD_CODE_PATTERN, text, NULL);
}

gboolean
onboard_urn_is_valid (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return text[6] == '\0';
}

char *
onboard_dfe_number_normalize (const char *text)
{
  g_autoptr(GMatchInfo) match_info = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *la_code = NULL;
  g_autofree char *establishment = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));

  if (!matches (&dfe_number_regex, DFE_NUMBER_PATTERN, trimmed, &match_info))
    return NULL;

  la_code = g_match_info_fetch (match_info, 1);
  establishment = g_match_info_fetch (match_info, 2);

  return g_strconcat (la_code, establishment, NULL);
}

gboolean
onboard_dfe_number_is_valid (const char *text)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  digits = onboard_dfe_number_normalize (text);

  return digits != NULL;
}

char *
onboard_dfe_number_format (const char *text)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  digits = onboard_dfe_number_normalize (text);
  if (digits == NULL)
    return NULL;

  return g_strdup_printf ("%.3s/%s", digits, digits + 3);
}

gboolean
onboard_email_is_plausible (const char *text)
{
  const char *at;
  const char *domain;
  gsize domain_len;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }

  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;

  domain = at + 1;
  domain_len = strlen (domain);

  /* A dot between non-empty labels: "a.b", never ".b", "a." or "a..b". */
  if (domain_len < 3 ||
      strchr (domain, '.') == NULL ||
      domain[0] == '.' ||
      domain[domain_len - 1] == '.' ||
      strstr (domain, "..") != NULL)
    return FALSE;

  return TRUE;
}

gboolean
onboard_password_contains_email (const char *password,
                                 const char *email)
{
  g_autofree char *password_folded = NULL;
  g_autofree char *email_folded = NULL;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (email != NULL, FALSE);

  if (*email == '\0' ||
      !g_utf8_validate (password, -1, NULL) ||
      !g_utf8_validate (email, -1, NULL))
    return FALSE;

  /* Only the whole address counts: a school office's address often starts
   * with "office@", and a password may well hold "office". */
  password_folded = g_utf8_casefold (password, -1);
  email_folded = g_utf8_casefold (email, -1);

  return strstr (password_folded, email_folded) != NULL;
}

#define STRONG_PASSWORD_LENGTH 14
#define STRONG_PASSWORD_CLASSES 3

/* How many of lower case, upper case, digits and anything else @text
 * (valid UTF-8) mixes. */
static guint
count_character_classes (const char *text)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_islower (c))
        lower = TRUE;
      else if (g_unichar_isupper (c))
        upper = TRUE;
      else if (g_unichar_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  return lower + upper + digit + other;
}

OnboardPasswordVerdict
onboard_password_judge (const char *password,
                        const char *email,
                        guint      *missing)
{
  g_autofree char *valid = NULL;
  glong length;

  g_return_val_if_fail (password != NULL, ONBOARD_PASSWORD_EMPTY);
  g_return_val_if_fail (email != NULL, ONBOARD_PASSWORD_EMPTY);

  /* Bytes that are not UTF-8 count as a character each, and are never
   * read past the end. */
  valid = g_utf8_make_valid (password, -1);
  length = g_utf8_strlen (valid, -1);

  if (missing != NULL)
    *missing = length < ONBOARD_PASSWORD_MIN_LENGTH ? ONBOARD_PASSWORD_MIN_LENGTH - length : 0;

  if (length == 0)
    return ONBOARD_PASSWORD_EMPTY;
  if (length < ONBOARD_PASSWORD_MIN_LENGTH)
    return ONBOARD_PASSWORD_TOO_SHORT;
  if (onboard_password_contains_email (password, email))
    return ONBOARD_PASSWORD_CONTAINS_EMAIL;
  if (length >= STRONG_PASSWORD_LENGTH &&
      count_character_classes (valid) >= STRONG_PASSWORD_CLASSES)
    return ONBOARD_PASSWORD_STRONG;

  return ONBOARD_PASSWORD_LONG_ENOUGH;
}

char *
onboard_invite_code_normalize (const char *text)
{
  GString *out;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);

  while (*p != '\0')
    {
      gsize n = space_length (p);

      if (n == 0)
        n = dash_length (p);

      if (n > 0)
        {
          p += n;
          continue;
        }

      g_string_append_c (out, g_ascii_toupper (*p));
      p++;
    }

  return g_string_free (out, FALSE);
}

gboolean
onboard_invite_code_is_plausible (const char *code)
{
  gsize len = 0;

  g_return_val_if_fail (code != NULL, FALSE);

  for (const char *p = code; *p != '\0'; p++, len++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'A' && *p <= 'Z'))
        return FALSE;
    }

  return len >= 4 && len <= 32;
}
