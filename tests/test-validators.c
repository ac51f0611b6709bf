/* test-validators.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "onboard-validators.h"

typedef struct
{
  const char *input;
  const char *expected;
} NormalizeCase;

typedef struct
{
  const char *input;
  gboolean    expected;
} CheckCase;

static void
test_postcode_normalize (void)
{
  static const NormalizeCase cases[] = {
    { "SW1P 3BT", "SW1P 3BT" },
    { "sw1p 3bt", "SW1P 3BT" },
    { "  sw1p   3bt  ", "SW1P 3BT" },
    { "sw1p\t3bt\n", "SW1P 3BT" },
    { "sw1p3bt", "SW1P 3BT" },
    { "ec3a5de", "EC3A 5DE" },
    { "w67be", "W6 7BE" },
    { "b262jl", "B26 2JL" },
    { "BT96GW", "BT9 6GW" },
    { "gir0aa", "GIR 0AA" },
    /* A no-break space from a pasted address counts as white space. */
    { "SW1P\xc2\xa0" "3BT", "SW1P 3BT" },
    /* Outward codes and partial input stay as typed, only tidied. */
    { "cb21", "CB21" },
    { " sw1a ", "SW1A" },
    { "sw1p 3", "SW1P 3" },
    /* Not a postcode: no space is invented. */
    { "hello", "HELLO" },
    { "QQ12ABC", "QQ12ABC" },
    { "sw1 p3bt", "SW1 P3BT" },
    { "", "" },
    { "   ", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = onboard_postcode_normalize (cases[i].input);

      g_test_message ("normalising \"%s\"", cases[i].input);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
    }
}

static void
test_postcode_valid (void)
{
  static const CheckCase cases[] = {
    { "SW1P 3BT", TRUE },
    { "SW1P3BT", TRUE },
    { "EC3A 5DE", TRUE },
    { "W6 7BE", TRUE },
    { "B26 2JL", TRUE },
    { "CB21 6AE", TRUE },
    { "SA12 6TP", TRUE },
    { "BT9 6GW", TRUE },
    { "GIR 0AA", TRUE },
    { "sw1p 3bt", FALSE },
    { "SW1P  3BT", FALSE },
    { " SW1P 3BT", FALSE },
    { "SW1P", FALSE },
    { "SW1P 3", FALSE },
    /* Q, V and X never start a postcode; C, I, K, M, O and V never end one. */
    { "QW1P 3BT", FALSE },
    { "SW1P 3BC", FALSE },
    { "SW1P 3BI", FALSE },
    { "SW1P 33T", FALSE },
    { "SW1PP 3BT", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("checking \"%s\"", cases[i].input);
      g_assert_cmpint (onboard_postcode_is_valid (cases[i].input), ==, cases[i].expected);
    }
}

static void
test_postcode_outward (void)
{
  static const CheckCase cases[] = {
    { "CB21", TRUE },
    { "SW1A", TRUE },
    { "SW1P", TRUE },
    { "B1", TRUE },
    { "B26", TRUE },
    { "W6", TRUE },
    { "EC3A", TRUE },
    { "W1A", TRUE },
    { "BT9", TRUE },
    { "cb21", FALSE },
    { "CB", FALSE },
    { "C", FALSE },
    { "CB211", FALSE },
    { "SW1P 3BT", FALSE },
    { "SW1P3BT", FALSE },
    { "QB1", FALSE },
    { "1AB", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("checking \"%s\"", cases[i].input);
      g_assert_cmpint (onboard_postcode_is_outward_code (cases[i].input), ==, cases[i].expected);
    }
}

static void
test_urn (void)
{
  static const CheckCase cases[] = {
    { "100000", TRUE },
    { "402323", TRUE },
    { "012345", TRUE },
    { "10000", FALSE },
    { "1000000", FALSE },
    { " 100000", FALSE },
    { "100000 ", FALSE },
    { "10000a", FALSE },
    { "-10000", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("checking \"%s\"", cases[i].input);
      g_assert_cmpint (onboard_urn_is_valid (cases[i].input), ==, cases[i].expected);
    }
}

static void
test_dfe_number_normalize (void)
{
  static const NormalizeCase cases[] = {
    { "330/2005", "3302005" },
    { "3302005", "3302005" },
    { "330-2005", "3302005" },
    { "330 2005", "3302005" },
    { "330 / 2005", "3302005" },
    { " 330/2005 ", "3302005" },
    { "201\t6005", "2016005" },
    { "330//2005", NULL },
    { "330/-2005", NULL },
    { "33/2005", NULL },
    { "330/205", NULL },
    { "3302/005", NULL },
    { "33020055", NULL },
    { "330.2005", NULL },
    { "abc/defg", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = onboard_dfe_number_normalize (cases[i].input);

      g_test_message ("normalising \"%s\"", cases[i].input);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
      g_assert_cmpint (onboard_dfe_number_is_valid (cases[i].input), ==, cases[i].expected != NULL);
    }
}

static void
test_dfe_number_format (void)
{
  static const NormalizeCase cases[] = {
    { "3302005", "330/2005" },
    { "330/2005", "330/2005" },
    { "330-2005", "330/2005" },
    { "2016005", "201/6005" },
    { "0010001", "001/0001" },
    { "330200", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = onboard_dfe_number_format (cases[i].input);

      g_test_message ("formatting \"%s\"", cases[i].input);
      g_assert_cmpstr (formatted, ==, cases[i].expected);
    }
}

static void
test_email (void)
{
  static const CheckCase cases[] = {
    { "office@oakfield.sch.uk", TRUE },
    { "jo.bloggs@oakfield.sch.uk", TRUE },
    { "j+test@example.org", TRUE },
    { "x@y.z", TRUE },
    { "swyddfa@ysgol-gymraeg.cymru", TRUE },
    { "élève@école.fr", TRUE },
    { "", FALSE },
    { "office", FALSE },
    { "office@", FALSE },
    { "@oakfield.sch.uk", FALSE },
    { "office@oakfield", FALSE },
    { "office@@oakfield.sch.uk", FALSE },
    { "office@oak@field.sch.uk", FALSE },
    { "office@.oakfield.sch.uk", FALSE },
    { "office@oakfield.sch.uk.", FALSE },
    { "office@oakfield..sch.uk", FALSE },
    { "office @oakfield.sch.uk", FALSE },
    { "office@oakfield.sch.uk ", FALSE },
    { " office@oakfield.sch.uk", FALSE },
    { "office@oak\tfield.sch.uk", FALSE },
    { "office@oakfield.sch.uk\n", FALSE },
    { "office\xc2\xa0@oakfield.sch.uk", FALSE },
    { "office@\xff.uk", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Escaped: one input is not UTF-8, and the TAP log is read as text. */
      g_autofree char *shown = g_strescape (cases[i].input, NULL);

      g_test_message ("checking \"%s\"", shown);
      g_assert_cmpint (onboard_email_is_plausible (cases[i].input), ==, cases[i].expected);
    }
}

static void
test_invite_code_normalize (void)
{
  static const NormalizeCase cases[] = {
    { "ARK7Q4M2ZP9", "ARK7Q4M2ZP9" },
    { "ark7q4m2zp9", "ARK7Q4M2ZP9" },
    { "ark7-q4m2-zp9", "ARK7Q4M2ZP9" },
    { " ARK7 Q4M2 ZP9 ", "ARK7Q4M2ZP9" },
    { "ARK7\xe2\x80\x93Q4M2", "ARK7Q4M2" },
    { "ark7_q4m2", "ARK7_Q4M2" },
    { "- -", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = onboard_invite_code_normalize (cases[i].input);

      g_test_message ("normalising \"%s\"", cases[i].input);
      g_assert_cmpstr (normalized, ==, cases[i].expected);
    }
}

static void
test_invite_code_plausible (void)
{
  static const CheckCase cases[] = {
    { "ARK7Q4M2ZP9", TRUE },
    { "ABCD", TRUE },
    { "12345678901234567890123456789012", TRUE },
    { "ABC", FALSE },
    { "123456789012345678901234567890123", FALSE },
    { "ark7q4m2zp9", FALSE },
    { "ARK7-Q4M2", FALSE },
    { "ARK7 Q4M2", FALSE },
    { "ARK7_Q4M2", FALSE },
    { "ÉCOLE", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("checking \"%s\"", cases[i].input);
      g_assert_cmpint (onboard_invite_code_is_plausible (cases[i].input), ==, cases[i].expected);
    }
}

static void
test_invite_code_round_trip (void)
{
  g_autofree char *typed = onboard_invite_code_normalize ("ark7-q4m2 zp9");

  g_assert_true (onboard_invite_code_is_plausible (typed));
}

static gpointer
normalize_in_thread (gpointer data)
{
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *postcode = onboard_postcode_normalize ("sw1p3bt");
      g_autofree char *dfe = onboard_dfe_number_normalize ("330/2005");

      if (g_strcmp0 (postcode, "SW1P 3BT") != 0 || g_strcmp0 (dfe, "3302005") != 0)
        return GINT_TO_POINTER (FALSE);
    }

  return GINT_TO_POINTER (TRUE);
}

/* The regular expressions are compiled once, on first use, from whichever
 * thread gets there first. */
static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validators", normalize_in_thread, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

/* The service's contains_email: the whole address, in any case; a part of
 * it, such as the "office" of office@oakfield.sch.uk, is allowed. */
static void
test_password_contains_email (void)
{
  const struct {
    const char *password;
    const char *email;
    gboolean expected;
  } cases[] = {
    { "Oakfield-Office-2026!", "office@oakfield.sch.uk", FALSE },
    { "office-oakfield-2026", "office@oakfield.sch.uk", FALSE },
    { "office@oakfield", "office@oakfield.sch.uk", FALSE },
    { "oakfield.sch.uk-2026", "office@oakfield.sch.uk", FALSE },
    { "office@oakfield.sch.uk", "office@oakfield.sch.uk", TRUE },
    { "my-office@oakfield.sch.uk-2026", "office@oakfield.sch.uk", TRUE },
    { "X-OFFICE@OAKFIELD.SCH.UK-X", "office@oakfield.sch.uk", TRUE },
    { "x-office@oakfield.sch.uk-x", "Office@Oakfield.SCH.UK", TRUE },
    { "a-long-password", "", FALSE },
    { "", "office@oakfield.sch.uk", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s in %s", cases[i].email, cases[i].password);
      g_assert_cmpint (onboard_password_contains_email (cases[i].password, cases[i].email),
                       ==, cases[i].expected);
    }
}

/* The password rules the sign-up form words: at least ten characters,
 * never the whole email, strong from fourteen of three kinds. */
static void
test_password_judge (void)
{
  const char *email = "office@oakfield.sch.uk";
  const struct {
    const char *password;
    OnboardPasswordVerdict verdict;
    guint missing;
  } cases[] = {
    { "", ONBOARD_PASSWORD_EMPTY, 10 },
    { "a", ONBOARD_PASSWORD_TOO_SHORT, 9 },
    { "short1", ONBOARD_PASSWORD_TOO_SHORT, 4 },
    { "short12", ONBOARD_PASSWORD_TOO_SHORT, 3 },
    { "ninechars", ONBOARD_PASSWORD_TOO_SHORT, 1 },
    /* Characters, not bytes: nine letters, eighteen bytes. */
    { "ŵŷŵŷŵŷŵŷŵ", ONBOARD_PASSWORD_TOO_SHORT, 1 },
    { "ŵŷŵŷŵŷŵŷŵŷ", ONBOARD_PASSWORD_LONG_ENOUGH, 0 },
    { "tenletters", ONBOARD_PASSWORD_LONG_ENOUGH, 0 },
    /* Long, but of one or two kinds only. */
    { "abcdefghijklmnopqrstuvwxyz", ONBOARD_PASSWORD_LONG_ENOUGH, 0 },
    { "violetharbour58", ONBOARD_PASSWORD_LONG_ENOUGH, 0 },
    /* Three kinds, but 13 characters. */
    { "Violet-harbou", ONBOARD_PASSWORD_LONG_ENOUGH, 0 },
    { "Violet-harbour", ONBOARD_PASSWORD_STRONG, 0 },
    { "violet-harbour-lantern-58", ONBOARD_PASSWORD_STRONG, 0 },
    { "Oakfield-Office-2026!", ONBOARD_PASSWORD_STRONG, 0 },
    /* The whole address outranks strength… */
    { "my-Office@Oakfield.sch.uk", ONBOARD_PASSWORD_CONTAINS_EMAIL, 0 },
    { "office@oakfield.sch.uk", ONBOARD_PASSWORD_CONTAINS_EMAIL, 0 },
    /* …and shortness outranks the address (a short address fits in a
     * short password: see below). */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint missing = 99;

      g_test_message ("password \"%s\"", cases[i].password);
      g_assert_cmpint (onboard_password_judge (cases[i].password, email, &missing), ==, cases[i].verdict);
      g_assert_cmpuint (missing, ==, cases[i].missing);
      g_assert_cmpint (onboard_password_judge (cases[i].password, email, NULL), ==, cases[i].verdict);
    }

  g_assert_cmpint (onboard_password_judge ("xa@b.co", "a@b.co", NULL), ==, ONBOARD_PASSWORD_TOO_SHORT);
  g_assert_cmpint (onboard_password_judge ("xyz-a@b.co-1", "a@b.co", NULL), ==, ONBOARD_PASSWORD_CONTAINS_EMAIL);
  /* No email yet: nothing to hold. */
  g_assert_cmpint (onboard_password_judge ("Office@oakfield.sch.uk", "", NULL), ==, ONBOARD_PASSWORD_STRONG);
  /* What the service accepts, in the order of the enum. */
  g_assert_cmpint (ONBOARD_PASSWORD_LONG_ENOUGH, >, ONBOARD_PASSWORD_CONTAINS_EMAIL);
  g_assert_cmpint (ONBOARD_PASSWORD_STRONG, >, ONBOARD_PASSWORD_LONG_ENOUGH);
  g_assert_cmpint (ONBOARD_PASSWORD_MIN_LENGTH, ==, 10);
}

/* Bytes that are not UTF-8 (never from an entry) are judged without
 * reading past the end: each counts as one character. */
static void
test_password_judge_not_utf8 (void)
{
  guint missing = 0;

  /* A lead byte that promises three more, at the very end. */
  g_assert_cmpint (onboard_password_judge ("abc\xf0", "", &missing), ==, ONBOARD_PASSWORD_TOO_SHORT);
  g_assert_cmpuint (missing, ==, 6);
  g_assert_cmpint (onboard_password_judge ("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6", "", &missing),
                   ==, ONBOARD_PASSWORD_LONG_ENOUGH);
  g_assert_cmpuint (missing, ==, 0);
}

/* Found by tests/fuzz/fuzz-validators: "$" in the patterns also matched
 * before a final line break, and GLib's white space has no "\v", so
 * " sw1p3bt\v" was tidied to a "valid" postcode without its space. */
static void
test_line_break_at_end (void)
{
  g_autofree char *normalized = onboard_postcode_normalize (" sw1p3bt\v");
  g_autofree char *dfe_number = onboard_dfe_number_normalize ("330/2005\v");

  g_assert_false (onboard_postcode_is_valid ("SW1P 3BT\n"));
  g_assert_false (onboard_postcode_is_valid ("SW1P3BT\v"));
  g_assert_false (onboard_postcode_is_outward_code ("CB21\n"));
  g_assert_false (onboard_postcode_is_valid (normalized));
  g_assert_null (dfe_number);
  g_assert_true (onboard_postcode_is_valid ("SW1P 3BT"));
}

/* Found by tests/fuzz/fuzz-validators: GLib matches in UTF-8 mode without
 * checking the text, and PCRE2's compiled matcher then decodes whatever
 * bytes it meets: "330\xa0" "2005" passed as a DfE number, and a lead byte
 * at the very end may make it read past the terminating NUL. The text here ends on the
 * last byte of a page whose neighbour may not be read: a read past it
 * faults instead of going unseen. */
static char *
text_before_guard_page (const char *text,
                        gpointer   *mapping,
                        gsize      *mapping_size)
{
  gsize page = (gsize)sysconf (_SC_PAGESIZE);
  gsize size = strlen (text) + 1;
  guint8 *pages = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  g_assert_true (pages != MAP_FAILED);
  g_assert_cmpint (mprotect (pages + page, page, PROT_NONE), ==, 0);
  memcpy (pages + page - size, text, size);

  *mapping = pages;
  *mapping_size = 2 * page;

  return (char *)(pages + page - size);
}

static void
test_not_utf8 (void)
{
  /* Lead bytes that promise one, two and three more bytes, where the
   * patterns look for white space, a digit or a letter next. */
  const char *inputs[] = {
    /* A lone continuation byte, which the matcher took for white space. */
    "330\xa0" "2005", "SW1P\xa0" "3BT",
    "330\xc2", "330\xe2", "330\xf0", "330 \xf4", "330/200\xf0",
    "SW1P\xe2", "SW1P \xf0", "SW1P3B\xf0", "CB2\xf0", "\xf0", "\xe2\x80",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      gpointer mapping;
      gsize mapping_size;
      const char *text = text_before_guard_page (inputs[i], &mapping, &mapping_size);
      g_autofree char *normalized = onboard_postcode_normalize (text);
      g_autofree char *dfe_number = onboard_dfe_number_normalize (text);
      g_autofree char *formatted = onboard_dfe_number_format (text);

      g_test_message ("input %zu", i);
      g_assert_false (onboard_postcode_is_valid (text));
      g_assert_false (onboard_postcode_is_outward_code (text));
      g_assert_false (onboard_dfe_number_is_valid (text));
      g_assert_null (dfe_number);
      g_assert_null (formatted);
      g_assert_false (onboard_postcode_is_valid (normalized));

      g_assert_cmpint (munmap (mapping, mapping_size), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/validators/postcode-normalize", test_postcode_normalize);
  g_test_add_func ("/onboard/validators/postcode-valid", test_postcode_valid);
  g_test_add_func ("/onboard/validators/postcode-outward", test_postcode_outward);
  g_test_add_func ("/onboard/validators/urn", test_urn);
  g_test_add_func ("/onboard/validators/dfe-number-normalize", test_dfe_number_normalize);
  g_test_add_func ("/onboard/validators/dfe-number-format", test_dfe_number_format);
  g_test_add_func ("/onboard/validators/email", test_email);
  g_test_add_func ("/onboard/validators/password-contains-email", test_password_contains_email);
  g_test_add_func ("/onboard/validators/password-judge", test_password_judge);
  g_test_add_func ("/onboard/validators/password-judge-not-utf8", test_password_judge_not_utf8);
  g_test_add_func ("/onboard/validators/invite-code-normalize", test_invite_code_normalize);
  g_test_add_func ("/onboard/validators/invite-code-plausible", test_invite_code_plausible);
  g_test_add_func ("/onboard/validators/invite-code-round-trip", test_invite_code_round_trip);
  g_test_add_func ("/onboard/validators/threads", test_threads);
  g_test_add_func ("/onboard/validators/line-break-at-end", test_line_break_at_end);
  g_test_add_func ("/onboard/validators/not-utf8", test_not_utf8);

  return g_test_run ();
}
