/* test-connector.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-client-error.h"
#include "onboard-connector.h"

/* The example of the API spec, as the service sends it. */
static const char spec_example[] =
  "{\"object\":\"connector\",\"id\":\"con_8Hq2\",\"urn\":\"100000\",\"estab\":\"2016005\","
  "\"method\":\"xod\",\"mis_provider\":\"sims\",\"status\":\"awaiting_authorisation\","
  "\"status_reason\":null,\"status_changed_at\":\"2026-09-01T10:15:00Z\","
  "\"invitation\":{\"sent_at\":\"2026-09-01T10:14:00Z\",\"sent_to\":\"j***@oakfield.sch.uk\","
  "\"resend_available_at\":\"2026-09-01T10:24:00Z\"},"
  "\"authorisation\":{\"authorised_at\":null,\"scopes\":[],"
  "\"template_scopes\":[\"School\",\"Student\",\"Attendance\"]},"
  "\"sync\":{\"last_sync_at\":null,\"last_sync_status\":null,\"next_sync_at\":null},"
  "\"poll_interval_seconds\":15}";

static OnboardConnector *
connector_from (const char  *json,
                GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return onboard_connector_new_from_json (json_node_get_object (node), error);
}

static void
test_spec_example (void)
{
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  OnboardConnectorStatus status;

  connector = connector_from (spec_example, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (onboard_connector_get_id (connector), ==, "con_8Hq2");
  g_assert_cmpstr (onboard_connector_get_urn (connector), ==, "100000");
  g_assert_cmpstr (onboard_connector_get_estab (connector), ==, "2016005");
  g_assert_cmpstr (onboard_connector_get_method (connector), ==, "xod");
  g_assert_cmpstr (onboard_connector_get_mis_provider (connector), ==, "sims");
  g_assert_cmpint (onboard_connector_get_status (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION);
  g_assert_cmpint (onboard_connector_get_status_reason (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_NONE);
  changed = g_date_time_format_iso8601 (onboard_connector_get_status_changed_at (connector));
  g_assert_cmpstr (changed, ==, "2026-09-01T10:15:00Z");
  g_assert_cmpstr (onboard_connector_get_invitation_sent_to (connector), ==,
                   "j***@oakfield.sch.uk");
  g_assert_nonnull (onboard_connector_get_invitation_sent_at (connector));
  g_assert_nonnull (onboard_connector_get_resend_available_at (connector));
  g_assert_null (onboard_connector_get_authorised_at (connector));
  g_assert_cmpuint (g_strv_length ((char **)onboard_connector_get_scopes (connector)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)onboard_connector_get_template_scopes (connector)),
                    ==, 3);
  g_assert_null (onboard_connector_get_last_sync_at (connector));
  g_assert_cmpint (onboard_connector_get_last_sync_status (connector), ==,
                   ONBOARD_SYNC_STATUS_NONE);
  g_assert_cmpuint (onboard_connector_get_poll_interval (connector), ==, 15);

  /* The same through properties, as a page binds them. */
  g_object_get (connector, "status", &status, NULL);
  g_assert_cmpint (status, ==, ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION);
}

static void
test_status_strings (void)
{
  static const struct {
    const char             *str;
    OnboardConnectorStatus  status;
  } known[] = {
    { "not_configured", ONBOARD_CONNECTOR_STATUS_NOT_CONFIGURED },
    { "invitation_sent", ONBOARD_CONNECTOR_STATUS_INVITATION_SENT },
    { "invitation_failed", ONBOARD_CONNECTOR_STATUS_INVITATION_FAILED },
    { "awaiting_authorisation", ONBOARD_CONNECTOR_STATUS_AWAITING_AUTHORISATION },
    { "authorisation_paused", ONBOARD_CONNECTOR_STATUS_AUTHORISATION_PAUSED },
    { "authorised", ONBOARD_CONNECTOR_STATUS_AUTHORISED },
    { "syncing", ONBOARD_CONNECTOR_STATUS_SYNCING },
    { "connected", ONBOARD_CONNECTOR_STATUS_CONNECTED },
    { "sync_error", ONBOARD_CONNECTOR_STATUS_SYNC_ERROR },
    { "revoked", ONBOARD_CONNECTOR_STATUS_REVOKED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_assert_cmpint (onboard_connector_status_from_string (known[i].str), ==, known[i].status);
      g_assert_cmpstr (onboard_connector_status_to_string (known[i].status), ==, known[i].str);
    }

  /* A newer service's state, a differently cased one, and nonsense. */
  g_assert_cmpint (onboard_connector_status_from_string ("awaiting_second_factor"), ==,
                   ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (onboard_connector_status_from_string ("CONNECTED"), ==,
                   ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (onboard_connector_status_from_string (""), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpint (onboard_connector_status_from_string (NULL), ==,
                   ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpstr (onboard_connector_status_to_string (ONBOARD_CONNECTOR_STATUS_UNKNOWN), ==,
                   "unknown");
  g_assert_cmpstr (onboard_connector_status_to_string (1000), ==, "unknown");

  g_assert_cmpint (onboard_connector_status_reason_from_string ("revoked_by_school"), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_REVOKED_BY_SCHOOL);
  g_assert_cmpint (onboard_connector_status_reason_from_string ("cosmic_rays"), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN);
  g_assert_cmpint (onboard_connector_status_reason_from_string (NULL), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_NONE);
  g_assert_null (onboard_connector_status_reason_to_string (ONBOARD_CONNECTOR_STATUS_REASON_NONE));
  g_assert_cmpstr (onboard_connector_status_reason_to_string (
                     ONBOARD_CONNECTOR_STATUS_REASON_SECRET_INVALID), ==, "secret_invalid");
}

static void
test_unknown_values (void)
{
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = connector_from ("{\"id\":\"con_1\",\"status\":\"quarantined\","
                              "\"status_reason\":\"audit\",\"method\":\"carrier_pigeon\","
                              "\"sync\":{\"last_sync_status\":\"partial\"},"
                              "\"extra_member\":{\"from\":\"the future\"}}",
                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (connector), ==, ONBOARD_CONNECTOR_STATUS_UNKNOWN);
  g_assert_cmpstr (onboard_connector_get_status_string (connector), ==, "quarantined");
  g_assert_cmpint (onboard_connector_get_status_reason (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_REASON_UNKNOWN);
  g_assert_cmpint (onboard_connector_get_last_sync_status (connector), ==,
                   ONBOARD_SYNC_STATUS_UNKNOWN);
  g_assert_cmpstr (onboard_connector_get_method (connector), ==, "carrier_pigeon");
}

static void
test_minimal (void)
{
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  connector = connector_from ("{\"id\":\"con_1\",\"status\":\"connected\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (onboard_connector_get_status (connector), ==,
                   ONBOARD_CONNECTOR_STATUS_CONNECTED);
  g_assert_cmpuint (onboard_connector_get_poll_interval (connector), ==, 15);
  g_assert_cmpuint (onboard_connector_get_retry_after (connector), ==, 0);
  g_assert_null (onboard_connector_get_etag (connector));
  g_assert_nonnull (onboard_connector_get_scopes (connector));
  g_assert_null (onboard_connector_get_scopes (connector)[0]);
  g_assert_null (onboard_connector_get_urn (connector));
}

/* The connector's page in Assembly's web app is opened in a browser: only
 * an https address is kept, whatever else the service sends. */
static void
test_web_url (void)
{
  static const struct { const char *value; const char *kept; } cases[] = {
    { "\"https://platform.assembly.education/connectors/con_1\"",
      "https://platform.assembly.education/connectors/con_1" },
    { "\"HTTPS://platform.assembly.education/c\"", "HTTPS://platform.assembly.education/c" },
    { "\"http://platform.assembly.education/connectors/con_1\"", NULL },
    { "\"javascript:alert(1)\"", NULL },
    { "\"file:///etc/passwd\"", NULL },
    { "\"https://user:secret@platform.assembly.education/\"", NULL },
    { "\"https:///no-host\"", NULL },
    { "\"not a url\"", NULL },
    { "\"\"", NULL },
    { "null", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OnboardConnector) connector = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf ("{\"id\":\"con_1\",\"status\":\"connected\",\"web_url\":%s}",
                                               cases[i].value);

      connector = connector_from (json, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (onboard_connector_get_web_url (connector), ==, cases[i].kept);
    }
}

static void
test_invalid (void)
{
  static const char * const invalid[] = {
    "{}",
    "{\"status\":\"connected\"}",
    "{\"id\":\"con_1\"}",
    "{\"id\":\"\",\"status\":\"connected\"}",
    "{\"id\":null,\"status\":\"connected\"}",
    "{\"id\":42,\"status\":\"connected\"}",
    "{\"id\":\"con_1\",\"status\":[\"connected\"]}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"object\":\"signup\"}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":0}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":-5}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":86401}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":9223372036854775807}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":\"15\"}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"poll_interval_seconds\":true}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"status_changed_at\":\"01/09/2026\"}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"status_changed_at\":1780000000}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"invitation\":\"sent\"}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"invitation\":{\"sent_to\":7}}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"authorisation\":{\"scopes\":\"School\"}}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"authorisation\":{\"scopes\":[null]}}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"sync\":{\"last_sync_status\":1}}",
    "{\"id\":\"con_1\",\"status\":\"connected\",\"sync\":{\"next_sync_at\":\"soon\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(OnboardConnector) connector = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", invalid[i]);
      connector = connector_from (invalid[i], &error);
      g_assert_null (connector);
      g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
    }
}

static void
test_huge_scopes (void)
{
  g_autoptr(GString) json = g_string_new ("{\"id\":\"con_1\",\"status\":\"authorised\","
                                          "\"authorisation\":{\"scopes\":[");
  g_autoptr(OnboardConnector) connector = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (json, "%s\"scope%u\"", i ? "," : "", i);
  g_string_append (json, "]}}");

  connector = connector_from (json->str, &error);
  g_assert_null (connector);
  g_assert_error (error, ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/connector/spec-example", test_spec_example);
  g_test_add_func ("/onboard/connector/status-strings", test_status_strings);
  g_test_add_func ("/onboard/connector/unknown-values", test_unknown_values);
  g_test_add_func ("/onboard/connector/minimal", test_minimal);
  g_test_add_func ("/onboard/connector/invalid", test_invalid);
  g_test_add_func ("/onboard/connector/web-url", test_web_url);
  g_test_add_func ("/onboard/connector/huge-scopes", test_huge_scopes);

  return g_test_run ();
}
