/* onboard-json-scanner.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-json-scanner.h"
#include "onboard-json.h"

/* Deep enough for any sane document, shallow enough that a hostile one
 * cannot exhaust the worker thread's stack. */
#define MAX_DEPTH 64

void
onboard_json_scanner_init (OnboardJsonScanner *self,
                           const char         *data,
                           gsize               len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  memset (self, 0, sizeof *self);
  self->start = data;
  self->pos = data;
  self->end = data + len;
}

gboolean
onboard_json_scanner_fail (OnboardJsonScanner *self,
                           const char         *message)
{
  if (self->error == NULL)
    {
      self->error = message;
      self->error_offset = (gsize)(self->pos - self->start);
    }

  return FALSE;
}

static inline void
skip_white_space (OnboardJsonScanner *self)
{
  while (self->pos < self->end)
    {
      char c = *self->pos;

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        break;
      self->pos++;
    }
}

char
onboard_json_scanner_peek (OnboardJsonScanner *self)
{
  skip_white_space (self);

  if (self->pos == self->end)
    return '\0';

  return *self->pos;
}

gboolean
onboard_json_scanner_accept (OnboardJsonScanner *self,
                             char                c)
{
  if (onboard_json_scanner_peek (self) != c || self->pos == self->end)
    return FALSE;

  self->pos++;

  return TRUE;
}

gboolean
onboard_json_scanner_expect (OnboardJsonScanner *self,
                             char                c)
{
  if (onboard_json_scanner_accept (self, c))
    return TRUE;

  switch (c)
    {
    case ':':
      return onboard_json_scanner_fail (self, "expected ':'");
    case '{':
      return onboard_json_scanner_fail (self, "expected '{'");
    case '[':
      return onboard_json_scanner_fail (self, "expected '['");
    case '"':
      return onboard_json_scanner_fail (self, "expected a string");
    default:
      return onboard_json_scanner_fail (self, "unexpected character");
    }
}

gboolean
onboard_json_scanner_at_end (OnboardJsonScanner *self)
{
  skip_white_space (self);

  return self->pos == self->end;
}

/* What a one-character escape (\n, \", …) stands for, or 0 for none. */
static char
simple_escape (char c)
{
  switch (c)
    {
    case '"':
    case '\\':
    case '/':
      return c;
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return 0;
    }
}

/* Reads the four hex digits of a \u escape at *p, and the low surrogate
 * escape that must follow a high one. Sets *unit to the character, or to 0
 * when the escape is not text (a lone surrogate, U+0000). Returns FALSE on
 * malformed digits. */
static gboolean
read_unicode_escape (const char **p,
                     const char  *end,
                     gunichar    *unit)
{
  gunichar low;

  if (!onboard_json_read_hex4 (*p, end, unit))
    return FALSE;
  *p += 4;

  if (*unit >= 0xD800 && *unit <= 0xDBFF)
    {
      /* A high surrogate is only text together with the low one that must
       * follow; anything else leaves the next escape unread. */
      if (end - *p >= 6 && (*p)[0] == '\\' && (*p)[1] == 'u' &&
          onboard_json_read_hex4 (*p + 2, end, &low) &&
          low >= 0xDC00 && low <= 0xDFFF)
        {
          *unit = 0x10000 + ((*unit - 0xD800) << 10) + (low - 0xDC00);
          *p += 6;
        }
      else
        *unit = 0;
    }
  else if (*unit >= 0xDC00 && *unit <= 0xDFFF)
    *unit = 0;

  return TRUE;
}

/* Reads the escape whose backslash is just before *p into @out, and moves
 * *p past it. Returns FALSE, with the scanner failed, on a malformed one;
 * clears *valid for one that is not text. */
static gboolean
read_escape (OnboardJsonScanner  *self,
             const char         **p,
             GString             *out,
             gboolean            *valid)
{
  const char *q = *p;
  char simple;
  gunichar unit;

  if (q == self->end)
    {
      self->pos = q;
      return onboard_json_scanner_fail (self, "unterminated string");
    }

  if ((simple = simple_escape (*q)) != 0)
    {
      if (out != NULL)
        g_string_append_c (out, simple);
      *p = q + 1;
      return TRUE;
    }

  if (*q != 'u')
    {
      self->pos = q;
      return onboard_json_scanner_fail (self, "invalid escape in string");
    }

  q++;
  if (!read_unicode_escape (&q, self->end, &unit))
    {
      self->pos = *p;
      return onboard_json_scanner_fail (self, "invalid \\u escape in string");
    }

  if (unit == 0)
    *valid = FALSE;
  else if (out != NULL)
    g_string_append_unichar (out, unit);

  *p = q;

  return TRUE;
}

gboolean
onboard_json_scanner_read_string (OnboardJsonScanner *self,
                                  GString            *out,
                                  gboolean           *out_valid)
{
  const char *p;
  const char *end = self->end;
  gboolean valid = TRUE;

  if (out_valid != NULL)
    *out_valid = FALSE;

  if (!onboard_json_scanner_expect (self, '"'))
    return FALSE;

  if (out != NULL)
    g_string_truncate (out, 0);

  p = self->pos;

  for (;;)
    {
      const char *run = p;

      /* The plain run up to the next quote, backslash or control
       * character, in one copy. */
      while (p < end && *p != '"' && *p != '\\' && (guchar)*p >= 0x20)
        p++;

      if (out != NULL && p > run)
        g_string_append_len (out, run, p - run);

      if (p == end)
        {
          self->pos = p;
          return onboard_json_scanner_fail (self, "unterminated string");
        }

      if (*p == '"')
        {
          p++;
          break;
        }

      if ((guchar)*p < 0x20)
        {
          self->pos = p;
          return onboard_json_scanner_fail (self, "control character in string");
        }

      p++;
      if (!read_escape (self, &p, out, &valid))
        return FALSE;
    }

  self->pos = p;

  if (out != NULL && valid)
    valid = g_utf8_validate (out->str, out->len, NULL);

  if (out_valid != NULL)
    *out_valid = valid;

  return TRUE;
}

gboolean
onboard_json_scanner_read_number (OnboardJsonScanner  *self,
                                  const char         **out_start,
                                  gsize               *out_len)
{
  const char *start;
  const char *p;
  const char *end = self->end;

  skip_white_space (self);
  start = p = self->pos;

  if (p < end && *p == '-')
    p++;

  if (p < end && *p == '0')
    {
      p++;
    }
  else if (p < end && *p >= '1' && *p <= '9')
    {
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  else
    {
      self->pos = p;
      return onboard_json_scanner_fail (self, "invalid number");
    }

  if (p < end && *p == '.')
    {
      p++;
      if (p == end || !g_ascii_isdigit (*p))
        {
          self->pos = p;
          return onboard_json_scanner_fail (self, "invalid number");
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p == end || !g_ascii_isdigit (*p))
        {
          self->pos = p;
          return onboard_json_scanner_fail (self, "invalid number");
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  /* "01", "1x" or "1-": the number does not end where a token may. */
  if (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '+'))
    {
      self->pos = p;
      return onboard_json_scanner_fail (self, "invalid number");
    }

  self->pos = p;

  if (out_start != NULL)
    *out_start = start;
  if (out_len != NULL)
    *out_len = (gsize)(p - start);

  return TRUE;
}

gboolean
onboard_json_scanner_read_literal (OnboardJsonScanner *self,
                                   const char         *word)
{
  gsize len = strlen (word);

  skip_white_space (self);

  if ((gsize)(self->end - self->pos) < len ||
      memcmp (self->pos, word, len) != 0 ||
      (self->end - self->pos > (gssize)len && g_ascii_isalnum (self->pos[len])))
    return onboard_json_scanner_fail (self, "invalid literal");

  self->pos += len;

  return TRUE;
}

static gboolean
skip_container (OnboardJsonScanner *self,
                char                close)
{
  gboolean ret = FALSE;

  if (++self->depth > MAX_DEPTH)
    return onboard_json_scanner_fail (self, "nested too deeply");

  /* skip_value() only peeked at the bracket. */
  self->pos++;

  if (onboard_json_scanner_accept (self, close))
    {
      ret = TRUE;
      goto out;
    }

  for (;;)
    {
      if (close == '}')
        {
          if (!onboard_json_scanner_read_string (self, NULL, NULL) ||
              !onboard_json_scanner_expect (self, ':'))
            goto out;
        }

      if (!onboard_json_scanner_skip_value (self))
        goto out;

      if (onboard_json_scanner_accept (self, close))
        break;

      if (!onboard_json_scanner_accept (self, ','))
        {
          onboard_json_scanner_fail (self, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
          goto out;
        }
    }

  ret = TRUE;

out:
  self->depth--;

  return ret;
}

gboolean
onboard_json_scanner_skip_value (OnboardJsonScanner *self)
{
  char c = onboard_json_scanner_peek (self);

  switch (c)
    {
    case '"':
      return onboard_json_scanner_read_string (self, NULL, NULL);

    case '{':
      return skip_container (self, '}');

    case '[':
      return skip_container (self, ']');

    case 't':
      return onboard_json_scanner_read_literal (self, "true");

    case 'f':
      return onboard_json_scanner_read_literal (self, "false");

    case 'n':
      return onboard_json_scanner_read_literal (self, "null");

    case '\0':
      if (self->pos == self->end)
        return onboard_json_scanner_fail (self, "unexpected end of data");
      return onboard_json_scanner_fail (self, "unexpected character");

    default:
      if (c == '-' || g_ascii_isdigit (c))
        return onboard_json_scanner_read_number (self, NULL, NULL);
      return onboard_json_scanner_fail (self, "unexpected character");
    }
}
