/* test-invite-code.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-invite-code.h"
#include "onboard-validators.h"

static OnboardInviteCode *
invite_from (const char  *json,
             GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_invite_code_new_from_json (json_node_get_object (node), error);
}

static void
test_normalise (void)
{
  static const struct {
    const char *typed;
    const char *sent;
  } cases[] = {
    { "ARK7Q4M2ZP9", "ARK7Q4M2ZP9" },
    { "ark7q4m2zp9", "ARK7Q4M2ZP9" },
    { " ARK7-Q4M2-ZP9 ", "ARK7Q4M2ZP9" },
    { "ark7 q4m2 zp9\n", "ARK7Q4M2ZP9" },
    { "ARK7\tQ4M2\u00a0ZP9", "ARK7Q4M2ZP9" },
    /* dashes a word processor "corrected" */
    { "ARK7\u2013Q4M2\u2014ZP9", "ARK7Q4M2ZP9" },
    { "- -", "" },
    { "", "" },
    /* anything else is kept, for the service to refuse */
    { "ark7/q4m2", "ARK7/Q4M2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *sent = onboard_invite_code_normalise (cases[i].typed);

      g_assert_cmpstr (sent, ==, cases[i].sent);
    }
}

/* Found by tests/fuzz/fuzz-validators: a sequence cut short at the end
 * ("\xe1" announces three bytes) made the loop read past the string. */
static void
test_normalise_not_utf8 (void)
{
  g_autofree char *cut_short = onboard_invite_code_normalise ("gir0a\xe1");
  g_autofree char *stray = onboard_invite_code_normalise ("ark7\xff-q4m2");

  g_assert_cmpstr (cut_short, ==, "GIR0A\xef\xbf\xbd");
  g_assert_cmpstr (stray, ==, "ARK7\xef\xbf\xbdQ4M2");
}

/* Found by tests/fuzz/fuzz-validators: the sign-up page accepted
 * "G\u2015IR0AA" as GIR0AA, and the client then asked the service about
 * "G\u2015IR0AA". Whatever the page accepts goes out as the page saw it. */
static void
test_normalise_like_the_page (void)
{
  static const char * const pasted[] = {
    "g\u2015ir0aa",
    "ARK7\u2010Q4M2\u2011ZP9",
    "ark7\u2012q4m2\u2013zp9\u2014",
    "\u2212ARK7 Q4M2\u00a0ZP9",
    "ARK7-Q4M2-ZP9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pasted); i++)
    {
      g_autofree char *checked = onboard_invite_code_normalize (pasted[i]);
      g_autofree char *sent = onboard_invite_code_normalise (pasted[i]);

      g_assert_true (onboard_invite_code_is_plausible (checked));
      g_assert_cmpstr (sent, ==, checked);
    }
}

static void
test_valid (void)
{
  g_autoptr(OnboardInviteCode) invite = NULL;
  g_autoptr(GError) error = NULL;

  invite = invite_from ("{\"object\":\"invite_code\",\"code\":\"ARK7Q4M2ZP9\",\"valid\":true,"
                        "\"organisation\":\"Oakfield Academy Trust\","
                        "\"apps\":[\"assembly\",\"schoolbooking\"],"
                        "\"expires_at\":\"2026-12-31T23:59:59Z\"}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (onboard_invite_code_get_code (invite), ==, "ARK7Q4M2ZP9");
  g_assert_true (onboard_invite_code_get_valid (invite));
  g_assert_cmpint (onboard_invite_code_get_reason (invite), ==, ONBOARD_INVITE_CODE_REASON_NONE);
  g_assert_cmpstr (onboard_invite_code_get_organisation (invite), ==, "Oakfield Academy Trust");
  g_assert_true (onboard_invite_code_includes_app (invite, "schoolbooking"));
  g_assert_false (onboard_invite_code_includes_app (invite, "payments"));
  g_assert_cmpint (g_date_time_get_year (onboard_invite_code_get_expires_at (invite)), ==, 2026);
}

static void
test_invalid_reasons (void)
{
  static const struct {
    const char              *json;
    OnboardInviteCodeReason  reason;
  } cases[] = {
    { "{\"code\":\"X\",\"valid\":false,\"reason\":\"expired\"}",
      ONBOARD_INVITE_CODE_REASON_EXPIRED },
    { "{\"code\":\"X\",\"valid\":false,\"reason\":\"already_used\"}",
      ONBOARD_INVITE_CODE_REASON_ALREADY_USED },
    { "{\"code\":\"X\",\"valid\":false,\"reason\":\"revoked_by_sender\"}",
      ONBOARD_INVITE_CODE_REASON_UNKNOWN },
    /* invalid without a reason still gets one the page can explain */
    { "{\"code\":\"X\",\"valid\":false}", ONBOARD_INVITE_CODE_REASON_UNKNOWN },
    /* a valid code has no reason, whatever the server adds */
    { "{\"code\":\"X\",\"valid\":true,\"reason\":\"expired\"}", ONBOARD_INVITE_CODE_REASON_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardInviteCode) invite = NULL;
      g_autoptr(GError) error = NULL;

      invite = invite_from (cases[i].json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (onboard_invite_code_get_reason (invite), ==, cases[i].reason);
      g_assert_nonnull (onboard_invite_code_get_apps (invite));
    }
}

static void
test_bad_json (void)
{
  static const char * const bad[] = {
    "{\"code\":\"X\"}",
    "{\"valid\":true}",
    "{\"code\":\"X\",\"valid\":\"yes\"}",
    "{\"code\":\"X\",\"valid\":1}",
    "{\"code\":\"X\",\"valid\":true,\"apps\":\"assembly\"}",
    "{\"code\":\"X\",\"valid\":true,\"object\":\"signup\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OnboardInviteCode) invite = NULL;
      g_autoptr(GError) error = NULL;

      invite = invite_from (bad[i], &error);
      g_assert_null (invite);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/invite-code/normalise", test_normalise);
  g_test_add_func ("/onboard/invite-code/normalise-not-utf8", test_normalise_not_utf8);
  g_test_add_func ("/onboard/invite-code/normalise-like-the-page", test_normalise_like_the_page);
  g_test_add_func ("/onboard/invite-code/valid", test_valid);
  g_test_add_func ("/onboard/invite-code/invalid-reasons", test_invalid_reasons);
  g_test_add_func ("/onboard/invite-code/bad-json", test_bad_json);

  return g_test_run ();
}
