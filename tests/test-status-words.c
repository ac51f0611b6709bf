/* test-status-words.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include <string.h>

#include "onboard-client-error.h"
#include "onboard-status-words.h"

/* A connector as the service sends it, in the given state. */
static OnboardConnector *
connector_in (const char *status,
              const char *reason,
              const char *sent_to,
              const char *last_sync_at,
              const char *next_sync_at)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  OnboardConnector *connector;

#define QUOTED(s) ((s) ? g_strdup_printf ("\"%s\"", (s)) : g_strdup ("null"))
  {
    g_autofree char *reason_json = QUOTED (reason);
    g_autofree char *sent_to_json = QUOTED (sent_to);
    g_autofree char *last_json = QUOTED (last_sync_at);
    g_autofree char *next_json = QUOTED (next_sync_at);

    json = g_strdup_printf ("{\"object\":\"connector\",\"id\":\"con_8Hq2\",\"urn\":\"100000\","
                            "\"estab\":\"2016005\",\"method\":\"xod\",\"mis_provider\":\"sims\","
                            "\"status\":\"%s\",\"status_reason\":%s,"
                            "\"status_changed_at\":\"2026-03-10T10:15:00Z\","
                            "\"invitation\":{\"sent_at\":\"2026-03-10T10:14:00Z\",\"sent_to\":%s,"
                            "\"resend_available_at\":null},"
                            "\"authorisation\":{\"authorised_at\":null,\"scopes\":[],\"template_scopes\":[]},"
                            "\"sync\":{\"last_sync_at\":%s,\"last_sync_status\":null,\"next_sync_at\":%s},"
                            "\"poll_interval_seconds\":15}",
                            status, reason_json, sent_to_json, last_json, next_json);
  }
#undef QUOTED

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  connector = onboard_connector_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);

  return connector;
}

static void
test_status_words_format_when (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) afternoon = g_date_time_new (zone, 2026, 3, 10, 15, 0, 0);
  struct {
    int         day, hour;
    const char *expected;
  } cases[] = {
    { 11, 3, "tonight at about 03:00" },
    { 10, 16, "today at about 16:00" },
    { 10, 20, "this evening at about 20:00" },
    { 11, 9, "tomorrow at about 09:00" },
    { 13, 3, "on Friday at about 03:00" },
    { 25, 3, "on 25 March at about 03:00" },
    { 10, 14, "any time now" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, 3, cases[i].day, cases[i].hour, 0, 0);
      g_autofree char *text = onboard_status_words_format_when (time, afternoon);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_status_words_format_past (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) afternoon = g_date_time_new (zone, 2026, 3, 10, 15, 0, 0);
  struct {
    int         day, hour;
    const char *expected;
  } cases[] = {
    { 10, 3, "today at 03:00" },
    { 9, 3, "yesterday at 03:00" },
    { 6, 3, "on Friday at 03:00" },
    { 1, 3, "on 1 March at 03:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, 3, cases[i].day, cases[i].hour, 0, 0);
      g_autofree char *text = onboard_status_words_format_past (time, afternoon);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Every state the contract names has its own title, an icon and the next
 * thing to happen; the ones that send the user to support give the
 * number. */
static void
test_status_words_every_state (void)
{
  static const struct {
    const char *status;
    const char *title;
    const char *style;
    gboolean    gives_number;
  } states[] = {
    { "not_configured", "Access has not been granted yet", NULL, FALSE },
    { "invitation_sent", "Groupcall’s email is on its way", NULL, FALSE },
    { "invitation_failed", "Groupcall refused the request", "error", TRUE },
    { "awaiting_authorisation", "Waiting for someone to click Begin Authorisation", NULL, FALSE },
    { "authorisation_paused", "Authorisation is paused while your school chooses what to share", NULL, FALSE },
    { "authorised", "Groupcall has confirmed the authorisation", NULL, FALSE },
    { "syncing", "The first data transfer is running", NULL, FALSE },
    { "connected", "Your school is connected to Assembly", "success", FALSE },
    { "sync_error", "The last data transfer failed", "warning", TRUE },
    { "revoked", "Access was withdrawn in Groupcall", "error", FALSE },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 10, 15, 0, 0);
  g_autofree char *phone = onboard_client_error_dup_support_phone ();

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(OnboardConnector) connector = connector_in (states[i].status, NULL, NULL, NULL, NULL);
      g_auto(OnboardStatusWords) words = { 0 };

      onboard_status_words_describe (&words, connector, now);
      g_assert_cmpstr (words.title, ==, states[i].title);
      g_assert_cmpstr (words.style, ==, states[i].style);
      g_assert_nonnull (words.icon_name);
      g_assert_nonnull (words.description);
      g_assert_nonnull (words.next);
      g_assert_cmpint (strstr (words.next, phone) != NULL, ==, states[i].gives_number);
    }
}

/* The address Groupcall's email went to, as the service masked it, or a
 * plain phrase without one. */
static void
test_status_words_names_the_address (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 10, 15, 0, 0);
  g_autoptr(OnboardConnector) with = connector_in ("awaiting_authorisation", NULL, "j***@oakfield.sch.uk", NULL, NULL);
  g_autoptr(OnboardConnector) without = connector_in ("invitation_sent", NULL, NULL, NULL, NULL);
  g_auto(OnboardStatusWords) a = { 0 };
  g_auto(OnboardStatusWords) b = { 0 };

  onboard_status_words_describe (&a, with, now);
  g_assert_nonnull (strstr (a.description, "j***@oakfield.sch.uk"));
  onboard_status_words_describe (&b, without, now);
  g_assert_nonnull (strstr (b.description, "the address you chose"));
}

/* Connected: when the last transfer finished and when the next is due. */
static void
test_status_words_connected_times (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 3, 10, 15, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new (zone, 2026, 3, 10, 3, 12, 0);
  g_autoptr(GDateTime) next = g_date_time_new (zone, 2026, 3, 11, 3, 0, 0);
  g_autofree char *last_text = g_date_time_format_iso8601 (last);
  g_autofree char *next_text = g_date_time_format_iso8601 (next);
  g_autoptr(OnboardConnector) connector = connector_in ("connected", NULL, NULL, last_text, next_text);
  g_auto(OnboardStatusWords) words = { 0 };

  onboard_status_words_describe (&words, connector, now);
  g_assert_cmpstr (words.description, ==,
                   "Your school’s data is reaching Assembly. The last data transfer finished today at 03:12.");
  g_assert_cmpstr (words.next, ==,
                   "Groupcall brings Assembly up to date every night; the next transfer is due tonight at about 03:00.");
}

/* A failed transfer says why, in the words of the reason the service gave. */
static void
test_status_words_sync_error_reasons (void)
{
  static const struct {
    const char *reason;
    const char *says;
  } reasons[] = {
    { "mis_unreachable", "could not reach your MIS" },
    { "secret_invalid", "no longer valid" },
    { "scopes_insufficient", "some people or some of the information were left out" },
    { NULL, "could not copy your school’s data" },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 10, 15, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(OnboardConnector) connector = connector_in ("sync_error", reasons[i].reason, NULL, NULL, NULL);
      g_auto(OnboardStatusWords) words = { 0 };

      onboard_status_words_describe (&words, connector, now);
      g_assert_nonnull (strstr (words.description, reasons[i].says));
    }
}

/* A state from a newer service is named, literally, for support. */
static void
test_status_words_unknown_state (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 10, 15, 0, 0);
  g_autoptr(OnboardConnector) connector = connector_in ("paused_by_dfe", NULL, NULL, NULL, NULL);
  g_auto(OnboardStatusWords) words = { 0 };

  onboard_status_words_describe (&words, connector, now);
  g_assert_nonnull (strstr (words.title, "“paused_by_dfe”"));
  g_assert_cmpstr (words.icon_name, ==, "dialog-question-symbolic");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onboard/status-words/format-when", test_status_words_format_when);
  g_test_add_func ("/onboard/status-words/format-past", test_status_words_format_past);
  g_test_add_func ("/onboard/status-words/every-state", test_status_words_every_state);
  g_test_add_func ("/onboard/status-words/names-the-address", test_status_words_names_the_address);
  g_test_add_func ("/onboard/status-words/connected-times", test_status_words_connected_times);
  g_test_add_func ("/onboard/status-words/sync-error-reasons", test_status_words_sync_error_reasons);
  g_test_add_func ("/onboard/status-words/unknown-state", test_status_words_unknown_state);

  return g_test_run ();
}
