/* test-support-report.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox.h"
#include "onboard-support-report.h"
#include "onboard-test-ui.h"

/* What support sees, and what it must never see. */

#define ACCESS_TOKEN  "at_rep0rtAcce55T0ken"
#define REFRESH_TOKEN "rt_rep0rtRefre5hT0ken"
#define PASSWORD      "correct horse battery staple"
#define INVITE_CODE   "DEMO-BOOKING"

static void
test_support_report_reference (void)
{
  g_autofree char *a = onboard_support_reference_for ("install-1", "office@oakfield.sch.uk");
  g_autofree char *a_again = onboard_support_reference_for ("install-1", "OFFICE@oakfield.sch.uk");
  g_autofree char *b = onboard_support_reference_for ("install-1", "head@oakfield.sch.uk");
  g_autofree char *c = onboard_support_reference_for ("install-2", "office@oakfield.sch.uk");

  g_assert_cmpuint (strlen (a), ==, 6);
  /* Nothing that can be misheard or misread on the phone. */
  g_assert_null (strpbrk (a, "01OIL"));
  g_assert_null (strpbrk (b, "01OIL"));
  g_assert_cmpstr (a, ==, a_again);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_support_report_redact (void)
{
  struct {
    const char *in;
    const char *secret;
  } cases[] = {
    { "Authorization: Bearer " ACCESS_TOKEN, ACCESS_TOKEN },
    { "{\"access_token\":\"" ACCESS_TOKEN "\",\"token_type\":\"bearer\"}", ACCESS_TOKEN },
    { "{\"refresh_token\": \"" REFRESH_TOKEN "\"}", REFRESH_TOKEN },
    { "grant_type=password&username=a%40b&password=hunter2hunter2", "hunter2hunter2" },
    { "{\"password\":\"" PASSWORD "\"}", PASSWORD },
    { "schoolSecret=xod-s3cret&schoolId=3302005", "xod-s3cret" },
    /* A log line may quote bytes from the network that are not UTF-8. */
    { "{\"token\":\"\xff\xfe" ACCESS_TOKEN "\"} \xc3", ACCESS_TOKEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = onboard_support_redact (cases[i].in);

      g_assert_null (strstr (out, cases[i].secret));
      g_assert_nonnull (strstr (out, "[redacted]"));
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

static void
test_support_report_log_writer (void)
{
  if (g_test_subprocess ())
    {
      g_log_set_writer_func (onboard_support_log_writer, NULL, NULL);
      g_message ("Sending Authorization: Bearer %s", ACCESS_TOKEN);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Bearer [redacted]*");
  g_test_trap_assert_stderr_unmatched ("*" ACCESS_TOKEN "*");
}

static void
test_support_report_contents (void)
{
  g_autoptr(OnboardSandbox) sandbox = onboard_sandbox_new ();
  g_autoptr(OnboardClient) client = NULL;
  g_autoptr(OnboardProgress) progress = NULL;
  g_autoptr(OnboardSupportReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardServiceStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *reference = NULL;

  onboard_sandbox_listen (sandbox, 0, &error);
  g_assert_no_error (error);

  client = onboard_client_new (onboard_sandbox_get_base_url (sandbox));
  progress = onboard_progress_new (onboard_sandbox_get_base_url (sandbox));
  onboard_progress_set_email (progress, "office@oakfield.sch.uk");
  onboard_progress_set_step (progress, 4);
  onboard_progress_set_school_urn (progress, "100000");
  onboard_progress_set_school_name (progress, "The Aldgate School");
  onboard_progress_set_connector_id (progress, "con_123");
  onboard_progress_set_connector_status (progress, "awaiting_authorisation");
  onboard_client_set_tokens (client, ACCESS_TOKEN, REFRESH_TOKEN);

  /* One real exchange, so the request log has something in it. */
  onboard_client_get_status_async (client, NULL, store_result, &result);
  await_result (&result);
  status = onboard_client_get_status_finish (client, result, &error);
  g_assert_no_error (error);

  report = onboard_support_report_new (client, progress);
  /* What the application gives: this layer has no GTK to ask. */
  onboard_support_report_set_toolkit (report, "GTK 4.8.3, libadwaita 1.2.2");
  text = onboard_support_report_dup_text (report);
  reference = onboard_support_report_dup_reference (report);

  g_assert_nonnull (strstr (text, reference));
  g_assert_nonnull (strstr (text, PACKAGE_VERSION));
  g_assert_nonnull (strstr (text, ", GTK 4.8.3, libadwaita 1.2.2, libsoup 3."));
  g_assert_nonnull (strstr (text, "Service: 127.0.0.1"));
  g_assert_nonnull (strstr (text, "step 4 of 5"));
  g_assert_nonnull (strstr (text, "100000"));
  g_assert_nonnull (strstr (text, "con_123"));
  g_assert_nonnull (strstr (text, "awaiting_authorisation"));
  g_assert_nonnull (strstr (text, "GET /status 200"));

  /* Never a secret, nor who the user is beyond the reference. */
  g_assert_null (strstr (text, ACCESS_TOKEN));
  g_assert_null (strstr (text, REFRESH_TOKEN));
  g_assert_null (strstr (text, "office@oakfield.sch.uk"));

  g_clear_object (&result);
  onboard_support_report_check_async (report, NULL, store_result, &result);
  await_result (&result);
  checked = onboard_support_report_check_finish (report, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (checked, "Checks:"));
  g_assert_nonnull (strstr (checked, "reachable: ok"));
  g_assert_null (strstr (checked, ACCESS_TOKEN));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/support-report/reference", test_support_report_reference);
  g_test_add_func ("/onboard/support-report/redact", test_support_report_redact);
  g_test_add_func ("/onboard/support-report/log-writer", test_support_report_log_writer);
  g_test_add_func ("/onboard/support-report/contents", test_support_report_contents);

  return g_test_run ();
}
