/* test-json-scanner.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-json-scanner.h"

/* The pull reader the school directory is read with: what each call
 * consumes, what it decodes, and where and why it stops on bad input. */

static void
scanner_init (OnboardJsonScanner *scanner,
              const char         *json)
{
  onboard_json_scanner_init (scanner, json, strlen (json));
}

/* The decoded text of the one string in @json, which must be well formed
 * JSON; *@valid says whether it is usable text. */
static char *
read_string (const char *json,
             gboolean   *valid)
{
  OnboardJsonScanner scanner;
  g_autoptr(GString) out = g_string_new ("left from before");

  scanner_init (&scanner, json);
  g_assert_true (onboard_json_scanner_read_string (&scanner, out, valid));
  g_assert_null (scanner.error);
  g_assert_true (onboard_json_scanner_at_end (&scanner));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether the one string in @json is usable text, read without keeping
 * its text: the answer must not depend on the text being kept. */
static gboolean
is_valid_unkept (const char *json)
{
  OnboardJsonScanner scanner;
  gboolean valid = FALSE;

  scanner_init (&scanner, json);
  g_assert_true (onboard_json_scanner_read_string (&scanner, NULL, &valid));
  g_assert_true (onboard_json_scanner_at_end (&scanner));

  return valid;
}

/* The message and byte offset of the error that reading @json with @read
 * stops on. */
static void
assert_fails (const char  *json,
              gboolean   (*read) (OnboardJsonScanner *scanner),
              const char  *message,
              gsize        offset)
{
  OnboardJsonScanner scanner;

  scanner_init (&scanner, json);
  g_assert_false (read (&scanner));
  g_assert_cmpstr (scanner.error, ==, message);
  g_assert_cmpuint (scanner.error_offset, ==, offset);
}

static gboolean
read_string_only (OnboardJsonScanner *scanner)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean valid = TRUE;
  gboolean ret = onboard_json_scanner_read_string (scanner, out, &valid);

  /* A string that is not JSON is no text either. */
  if (!ret)
    g_assert_false (valid);

  return ret;
}

static gboolean
read_number_only (OnboardJsonScanner *scanner)
{
  return onboard_json_scanner_read_number (scanner, NULL, NULL);
}

static void
test_peek_accept_expect (void)
{
  OnboardJsonScanner scanner;

  scanner_init (&scanner, " \t\r\n{ \"a\" :1 } ");

  /* Peeking skips white space and consumes nothing. */
  g_assert_cmpint (onboard_json_scanner_peek (&scanner), ==, '{');
  g_assert_cmpint (onboard_json_scanner_peek (&scanner), ==, '{');
  g_assert_false (onboard_json_scanner_accept (&scanner, '['));
  g_assert_true (onboard_json_scanner_accept (&scanner, '{'));
  g_assert_false (onboard_json_scanner_at_end (&scanner));
  g_assert_true (onboard_json_scanner_read_string (&scanner, NULL, NULL));
  g_assert_true (onboard_json_scanner_expect (&scanner, ':'));
  g_assert_true (onboard_json_scanner_skip_value (&scanner));
  g_assert_true (onboard_json_scanner_expect (&scanner, '}'));
  g_assert_true (onboard_json_scanner_at_end (&scanner));
  g_assert_cmpint (onboard_json_scanner_peek (&scanner), ==, '\0');
  g_assert_false (onboard_json_scanner_accept (&scanner, '\0'));
  g_assert_null (scanner.error);

  /* What was expected is what the error says; the offset is where. */
  scanner_init (&scanner, "  x");
  g_assert_false (onboard_json_scanner_expect (&scanner, ':'));
  g_assert_cmpstr (scanner.error, ==, "expected ':'");
  g_assert_cmpuint (scanner.error_offset, ==, 2);

  scanner_init (&scanner, "x");
  g_assert_false (onboard_json_scanner_expect (&scanner, '{'));
  g_assert_cmpstr (scanner.error, ==, "expected '{'");

  scanner_init (&scanner, "x");
  g_assert_false (onboard_json_scanner_expect (&scanner, '['));
  g_assert_cmpstr (scanner.error, ==, "expected '['");

  scanner_init (&scanner, "x");
  g_assert_false (onboard_json_scanner_expect (&scanner, '"'));
  g_assert_cmpstr (scanner.error, ==, "expected a string");

  scanner_init (&scanner, "x");
  g_assert_false (onboard_json_scanner_expect (&scanner, ','));
  g_assert_cmpstr (scanner.error, ==, "unexpected character");

  /* The first error is the one kept. */
  scanner_init (&scanner, "ab");
  g_assert_false (onboard_json_scanner_fail (&scanner, "first"));
  scanner.pos++;
  g_assert_false (onboard_json_scanner_fail (&scanner, "second"));
  g_assert_cmpstr (scanner.error, ==, "first");
  g_assert_cmpuint (scanner.error_offset, ==, 0);

  /* Nothing at all is at its end at once. */
  onboard_json_scanner_init (&scanner, NULL, 0);
  g_assert_true (onboard_json_scanner_at_end (&scanner));
  g_assert_cmpint (onboard_json_scanner_peek (&scanner), ==, '\0');
}

static void
test_strings (void)
{
  OnboardJsonScanner scanner;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean valid = FALSE;
  char *text;

  text = read_string ("\"Netley Primary School & Centre for Autism\"", &valid);
  g_assert_cmpstr (text, ==, "Netley Primary School & Centre for Autism");
  g_assert_true (valid);
  g_free (text);

  /* Every escape RFC 8259 has, decoded; the old contents are gone. */
  text = read_string ("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"", &valid);
  g_assert_cmpstr (text, ==, "q\" b\\ s/ \b\f\n\r\t end");
  g_assert_true (valid);
  g_free (text);

  text = read_string ("\"\"", &valid);
  g_assert_cmpstr (text, ==, "");
  g_assert_true (valid);
  g_free (text);

  /* \u escapes, in either case, and UTF-8 as it is. */
  text = read_string ("\"Pr\\u00e9vert Ysgol Gymraeg Bro M\\u00F4r, Caf\xc3\xa9\"", &valid);
  g_assert_cmpstr (text, ==, "Pr\xc3\xa9vert Ysgol Gymraeg Bro M\xc3\xb4r, Caf\xc3\xa9");
  g_assert_true (valid);
  g_free (text);

  /* Without a GString the string is read all the same, up to its end. */
  scanner_init (&scanner, "\"skipped \\\" \\u0041\" , 1");
  g_assert_true (onboard_json_scanner_read_string (&scanner, NULL, NULL));
  g_assert_true (onboard_json_scanner_accept (&scanner, ','));

  /* A string stops at its own quote, and the next one is read fresh. */
  scanner_init (&scanner, "\"one\" \"two\"");
  g_assert_true (onboard_json_scanner_read_string (&scanner, out, &valid));
  g_assert_cmpstr (out->str, ==, "one");
  g_assert_true (onboard_json_scanner_read_string (&scanner, out, &valid));
  g_assert_cmpstr (out->str, ==, "two");
  g_assert_true (onboard_json_scanner_at_end (&scanner));

  /* Well-formed JSON that is not text: bytes that are not UTF-8. */
  text = read_string ("\"Caf\xe9\"", &valid);
  g_assert_false (valid);
  g_free (text);
}

static void
test_surrogates (void)
{
  gboolean valid = FALSE;
  char *text;

  /* A pair is one character: U+1F3EB, a school. */
  text = read_string ("\"\\ud83c\\udfeb Oakfield\"", &valid);
  g_assert_cmpstr (text, ==, "\xf0\x9f\x8f\xab Oakfield");
  g_assert_true (valid);
  g_free (text);

  text = read_string ("\"\\uD83C\\uDFEB\"", &valid);
  g_assert_cmpstr (text, ==, "\xf0\x9f\x8f\xab");
  g_assert_true (valid);
  g_free (text);

  /* The highest pair: U+10FFFF. */
  text = read_string ("\"\\udbff\\udfff\"", &valid);
  g_assert_cmpstr (text, ==, "\xf4\x8f\xbf\xbf");
  g_assert_true (valid);
  g_free (text);

  /* Read to the end, but no usable text: a lone high surrogate... */
  text = read_string ("\"a\\ud83cb\"", &valid);
  g_assert_false (valid);
  g_free (text);

  /* ...at the very end... */
  text = read_string ("\"\\ud83c\"", &valid);
  g_assert_false (valid);
  g_free (text);

  /* ...a lone low one... */
  text = read_string ("\"\\udfeb\"", &valid);
  g_assert_false (valid);
  g_free (text);

  /* ...two high ones... */
  text = read_string ("\"\\ud83c\\ud83c\"", &valid);
  g_assert_false (valid);
  g_free (text);

  /* ...a high one before an escape that is no low one, which is still
   * read as itself... */
  text = read_string ("\"\\ud83c\\u0041\"", &valid);
  g_assert_nonnull (strchr (text, 'A'));
  g_assert_false (valid);
  g_free (text);

  /* ...and NUL, which no C string can hold. */
  text = read_string ("\"a\\u0000b\"", &valid);
  g_assert_false (valid);
  g_free (text);

  /* The same without the text kept. */
  g_assert_true (is_valid_unkept ("\"\\ud83c\\udfeb\""));
  g_assert_true (is_valid_unkept ("\"\\u00e9\""));
  g_assert_false (is_valid_unkept ("\"\\ud83c\""));
  g_assert_false (is_valid_unkept ("\"\\udfeb\""));
  g_assert_false (is_valid_unkept ("\"a\\u0000b\""));
}

static void
test_bad_strings (void)
{
  /* The offset is of the byte that is wrong. */
  assert_fails ("\"a\\x\"", read_string_only, "invalid escape in string", 3);
  assert_fails ("\"a\\'\"", read_string_only, "invalid escape in string", 3);
  assert_fails ("\"\\U0041\"", read_string_only, "invalid escape in string", 2);
  assert_fails ("\"\\u12\"", read_string_only, "invalid \\u escape in string", 2);
  assert_fails ("\"\\u12G4\"", read_string_only, "invalid \\u escape in string", 2);
  assert_fails ("\"\\u004", read_string_only, "invalid \\u escape in string", 2);
  assert_fails ("\"unterminated", read_string_only, "unterminated string", 13);
  assert_fails ("\"ends in a backslash\\", read_string_only, "unterminated string", 21);
  assert_fails ("\"line\nbreak\"", read_string_only, "control character in string", 5);
  assert_fails ("\"tab\there\"", read_string_only, "control character in string", 4);
  assert_fails ("  'single'", read_string_only, "expected a string", 2);
  assert_fails ("", read_string_only, "expected a string", 0);

  /* A high surrogate with a broken escape after it: the escape is read on
   * its own, and is wrong. */
  assert_fails ("\"\\ud83c\\uZZZZ\"", read_string_only, "invalid \\u escape in string", 8);
}

static void
test_numbers (void)
{
  const char *good[] = {
    "0", "-0", "7", "100000", "-12", "0.5", "-0.25", "12.50", "1e5", "1E5",
    "1e+5", "1e-5", "-12.5e+3", "6.02E23",
  };
  struct {
    const char *json;
    gsize       offset;
  } bad[] = {
    { "01", 1 },
    { "-01", 2 },
    { "1.", 2 },
    { ".5", 0 },
    { "-", 1 },
    { "+1", 0 },
    { "1e", 2 },
    { "1e+", 3 },
    { "1x", 1 },
    { "1-", 1 },
    { "1.2.3", 3 },
    { "0x10", 1 },
    { "- 1", 1 },
    { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *json = g_strdup_printf (" %s ,", good[i]);
      OnboardJsonScanner scanner;
      const char *start = NULL;
      gsize len = 0;

      g_test_message ("number %s", good[i]);
      scanner_init (&scanner, json);
      g_assert_true (onboard_json_scanner_read_number (&scanner, &start, &len));
      g_assert_true (start == json + 1);
      g_assert_cmpuint (len, ==, strlen (good[i]));
      g_assert_true (onboard_json_scanner_accept (&scanner, ','));

      /* Skipping reads it the same. */
      scanner_init (&scanner, json);
      g_assert_true (onboard_json_scanner_skip_value (&scanner));
      g_assert_true (onboard_json_scanner_accept (&scanner, ','));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("not a number: %s", bad[i].json);
      assert_fails (bad[i].json, read_number_only, "invalid number", bad[i].offset);
    }

  /* A number may end where a token does. */
  {
    OnboardJsonScanner scanner;

    scanner_init (&scanner, "[1,2]");
    g_assert_true (onboard_json_scanner_skip_value (&scanner));
    g_assert_true (onboard_json_scanner_at_end (&scanner));
  }
}

static void
test_literals (void)
{
  OnboardJsonScanner scanner;

  scanner_init (&scanner, " true false null");
  g_assert_true (onboard_json_scanner_read_literal (&scanner, "true"));
  g_assert_true (onboard_json_scanner_read_literal (&scanner, "false"));
  g_assert_true (onboard_json_scanner_read_literal (&scanner, "null"));
  g_assert_true (onboard_json_scanner_at_end (&scanner));

  scanner_init (&scanner, "null,");
  g_assert_true (onboard_json_scanner_skip_value (&scanner));
  g_assert_true (onboard_json_scanner_accept (&scanner, ','));

  scanner_init (&scanner, "nul");
  g_assert_false (onboard_json_scanner_read_literal (&scanner, "null"));
  g_assert_cmpstr (scanner.error, ==, "invalid literal");

  scanner_init (&scanner, "nullx");
  g_assert_false (onboard_json_scanner_read_literal (&scanner, "null"));
  g_assert_cmpstr (scanner.error, ==, "invalid literal");

  scanner_init (&scanner, "True");
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "unexpected character");

  scanner_init (&scanner, "fals");
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "invalid literal");
}

/* @depth arrays one inside the other, and a string in the middle. */
static char *
nested_arrays (guint depth)
{
  GString *json = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  g_string_append (json, "\"deep\"");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *deep_enough = nested_arrays (64);
  g_autofree char *too_deep = nested_arrays (65);
  g_autoptr(GString) objects = g_string_new (NULL);
  OnboardJsonScanner scanner;

  scanner_init (&scanner, deep_enough);
  g_assert_true (onboard_json_scanner_skip_value (&scanner));
  g_assert_true (onboard_json_scanner_at_end (&scanner));
  g_assert_cmpuint (scanner.depth, ==, 0);

  scanner_init (&scanner, too_deep);
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "nested too deeply");
  g_assert_cmpuint (scanner.error_offset, ==, 64);

  /* Objects count as arrays do. */
  for (guint i = 0; i < 65; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "1");
  for (guint i = 0; i < 65; i++)
    g_string_append_c (objects, '}');
  scanner_init (&scanner, objects->str);
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "nested too deeply");

  /* The depth is the scanner's, not the call's: a caller that went into
   * an object itself has that much less. */
  scanner_init (&scanner, deep_enough);
  scanner.depth = 1;
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "nested too deeply");
}

static void
test_skipping (void)
{
  static const char json[] =
    "{ \"schools\": [ {\"urn\": \"100000\", \"name\": \"The \\\"Aldgate\\\" ] } School\","
    " \"open\": true, \"closed\": null, \"pupils\": 1.5e2, \"tags\": [], \"more\": {} } ],"
    " \"count\": -1 }  [\"next\"]";
  struct {
    const char *json;
    const char *message;
    gsize       offset;
  } bad[] = {
    { "[1 2]", "expected ',' or ']'", 3 },
    { "{\"a\":1 \"b\":2}", "expected ',' or '}'", 7 },
    { "{\"a\" 1}", "expected ':'", 5 },
    { "{1:2}", "expected a string", 1 },
    { "[1,]", "unexpected character", 3 },
    { "[", "unexpected end of data", 1 },
    { "{\"a\":", "unexpected end of data", 5 },
    { "", "unexpected end of data", 0 },
    { "   ", "unexpected end of data", 3 },
    { "]", "unexpected character", 0 },
    { "@", "unexpected character", 0 },
    { "[\"a\" , \"b\\q\"]", "invalid escape in string", 10 },
  };
  OnboardJsonScanner scanner;
  g_autoptr(GString) out = g_string_new (NULL);

  /* A whole document is one value, brackets inside strings included; the
   * scanner stops right after it. */
  scanner_init (&scanner, json);
  g_assert_true (onboard_json_scanner_skip_value (&scanner));
  g_assert_null (scanner.error);
  g_assert_false (onboard_json_scanner_at_end (&scanner));
  g_assert_true (onboard_json_scanner_expect (&scanner, '['));
  g_assert_true (onboard_json_scanner_read_string (&scanner, out, NULL));
  g_assert_cmpstr (out->str, ==, "next");
  g_assert_true (onboard_json_scanner_expect (&scanner, ']'));
  g_assert_true (onboard_json_scanner_at_end (&scanner));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("skipping %s", bad[i].json);
      assert_fails (bad[i].json, onboard_json_scanner_skip_value, bad[i].message, bad[i].offset);
    }

  /* A NUL byte inside the data is not its end. */
  onboard_json_scanner_init (&scanner, "[\0]", 3);
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "unexpected character");
  g_assert_cmpuint (scanner.error_offset, ==, 1);

  /* Only the bytes given are read, not what follows them in memory. */
  onboard_json_scanner_init (&scanner, "[1]]", 2);
  g_assert_false (onboard_json_scanner_skip_value (&scanner));
  g_assert_cmpstr (scanner.error, ==, "expected ',' or ']'");
  g_assert_cmpuint (scanner.error_offset, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/json-scanner/peek-accept-expect", test_peek_accept_expect);
  g_test_add_func ("/onboard/json-scanner/strings", test_strings);
  g_test_add_func ("/onboard/json-scanner/surrogates", test_surrogates);
  g_test_add_func ("/onboard/json-scanner/bad-strings", test_bad_strings);
  g_test_add_func ("/onboard/json-scanner/numbers", test_numbers);
  g_test_add_func ("/onboard/json-scanner/literals", test_literals);
  g_test_add_func ("/onboard/json-scanner/depth", test_depth);
  g_test_add_func ("/onboard/json-scanner/skipping", test_skipping);

  return g_test_run ();
}
