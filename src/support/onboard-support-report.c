/* onboard-support-report.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "onboard-client-error.h"
#include "onboard-preflight.h"
#include "onboard-support-report.h"

/* What a support agent needs to help on the phone, and nothing secret:
 * the app and where it runs, where the user got to, the last requests and
 * the last error, and the state of the network. The support reference is a
 * short code the user can read aloud, the same every time for this
 * installation and account.
 *
 * The report is written in English on purpose: it is read by Assembly's
 * support staff, not by the user.
 */

/* Easy to read aloud: no 0/O, no 1/I/L. */
static const char reference_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

#define REFERENCE_LENGTH 6

struct _OnboardSupportReport
{
  GObject           parent_instance;

  OnboardClient    *client;
  OnboardProgress  *progress;
  OnboardPreflight *preflight;
  char             *preflight_report;
  /* "GTK 4.8.3, libadwaita 1.2.2": given by the layer that links them, as
   * this one has no GTK. */
  char             *toolkit;
  /* Every check_async() waiting for the one run of the checks: a second
   * support window opened meanwhile shares it. */
  GPtrArray        *pending;
};

G_DEFINE_FINAL_TYPE (OnboardSupportReport, onboard_support_report, G_TYPE_OBJECT)

static void
onboard_support_report_finalize (GObject *object)
{
  OnboardSupportReport *self = (OnboardSupportReport *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->progress);
  g_clear_object (&self->preflight);
  g_clear_pointer (&self->preflight_report, g_free);
  g_clear_pointer (&self->toolkit, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (onboard_support_report_parent_class)->finalize (object);
}

static void
onboard_support_report_class_init (OnboardSupportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = onboard_support_report_finalize;
}

static void
onboard_support_report_init (OnboardSupportReport *self)
{
}

OnboardSupportReport *
onboard_support_report_new (OnboardClient   *client,
                            OnboardProgress *progress)
{
  OnboardSupportReport *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (progress), NULL);

  self = g_object_new (ONBOARD_TYPE_SUPPORT_REPORT, NULL);
  self->client = g_object_ref (client);
  self->progress = g_object_ref (progress);

  return self;
}

/**
 * onboard_support_report_set_toolkit:
 * @toolkit: (nullable): the user interface libraries and their versions,
 *   such as "GTK 4.8.3, libadwaita 1.2.2"
 *
 * Listed with the other libraries: support asks for them when a screen
 * looks wrong.
 */
void
onboard_support_report_set_toolkit (OnboardSupportReport *self,
                                    const char           *toolkit)
{
  g_return_if_fail (ONBOARD_IS_SUPPORT_REPORT (self));

  g_free (self->toolkit);
  self->toolkit = g_strdup (toolkit);
}

/**
 * onboard_support_reference_for:
 * @install_id: a random id kept by this installation
 * @account: (nullable): the account's email, when known
 *
 * Returns: six characters from an alphabet without look-alikes
 */
char *
onboard_support_reference_for (const char *install_id,
                               const char *account)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *folded = account ? g_utf8_casefold (account, -1) : g_strdup ("");
  guint8 digest[32];
  gsize length = sizeof digest;
  char *reference = g_malloc0 (REFERENCE_LENGTH + 1);

  g_checksum_update (checksum, (const guchar *)install_id, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  g_checksum_update (checksum, (const guchar *)folded, -1);
  g_checksum_get_digest (checksum, digest, &length);

  for (guint i = 0; i < REFERENCE_LENGTH; i++)
    reference[i] = reference_alphabet[digest[i] % (sizeof reference_alphabet - 1)];

  return reference;
}

static char *
dup_install_id (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), PACKAGE_NAME, NULL);
  g_autofree char *path = g_build_filename (dir, "install-id", NULL);
  g_autofree char *id = NULL;

  if (g_file_get_contents (path, &id, NULL, NULL) && g_uuid_string_is_valid (g_strstrip (id)))
    return g_steal_pointer (&id);

  g_free (id);
  id = g_uuid_string_random ();
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_file_set_contents_full (path, id, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);

  return g_steal_pointer (&id);
}

/**
 * onboard_support_report_dup_reference:
 *
 * Returns: the support reference for this installation and account
 */
char *
onboard_support_report_dup_reference (OnboardSupportReport *self)
{
  g_autofree char *install_id = NULL;

  g_return_val_if_fail (ONBOARD_IS_SUPPORT_REPORT (self), NULL);

  install_id = dup_install_id ();

  return onboard_support_reference_for (install_id, onboard_progress_get_email (self->progress));
}

/**
 * onboard_support_redact:
 *
 * Returns: @text with anything that looks like a credential replaced:
 *   bearer tokens, token and password fields in JSON or forms. Defence in
 *   depth for logs: nothing should be there to redact in the first place.
 *   Bytes that are not UTF-8 come back as U+FFFD.
 */
char *
onboard_support_redact (const char *text)
{
  static GRegex *patterns[3];
  static gsize initialised;
  static const char *replacements[] = { "\\1[redacted]", "\\1[redacted]\"", "\\1[redacted]" };
  /* The patterns match in UTF-8 mode, which GLib leaves unchecked and
   * PCRE2 does not survive; a log line may quote any bytes. */
  g_autofree char *result = g_utf8_make_valid (text ? text : "", -1);

  if (g_once_init_enter (&initialised))
    {
      patterns[0] = g_regex_new ("(Bearer\\s+)\\S+", G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      patterns[1] = g_regex_new ("(\"(?:access_token|refresh_token|signup_token|password|token|schoolSecret)\"\\s*:\\s*\")[^\"]*\"",
                                 G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      patterns[2] = g_regex_new ("((?:access_token|refresh_token|signup_token|password|schoolSecret)=)[^&\\s]*",
                                 G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialised, 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      char *next = g_regex_replace (patterns[i], result, -1, 0, replacements[i], 0, NULL);

      if (next != NULL)
        {
          g_free (result);
          result = next;
        }
    }

  return g_steal_pointer (&result);
}

/**
 * onboard_support_log_writer:
 *
 * The app's log writer: GLib's own, after onboard_support_redact() on the
 * message, so that even a careless debug line never shows a secret.
 */
GLogWriterOutput
onboard_support_log_writer (GLogLevelFlags   log_level,
                            const GLogField *fields,
                            gsize            n_fields,
                            gpointer         user_data)
{
  g_autofree GLogField *copy = g_memdup2 (fields, n_fields * sizeof (GLogField));
  g_autofree char *redacted = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (copy[i].key, "MESSAGE") == 0 && copy[i].length < 0 && redacted == NULL)
        {
          redacted = onboard_support_redact (copy[i].value);
          copy[i].value = redacted;
        }
    }

  return g_log_writer_default (log_level, copy, n_fields, user_data);
}

static char *
dup_os_name (void)
{
  g_autofree char *name = g_get_os_info (G_OS_INFO_KEY_PRETTY_NAME);

  return g_strdup (name ? name : "unknown");
}

static void
append_install (GString *str)
{
  g_autoptr(GKeyFile) info = g_key_file_new ();

  if (g_key_file_load_from_file (info, "/.flatpak-info", G_KEY_FILE_NONE, NULL))
    {
      g_autofree char *runtime = g_key_file_get_string (info, "Application", "runtime", NULL);
      g_autofree char *version = g_key_file_get_string (info, "Instance", "flatpak-version", NULL);

      g_string_append_printf (str, "Installed: Flatpak %s, runtime %s\n",
                              version ? version : "?", runtime ? runtime : "?");
    }
  else
    g_string_append (str, "Installed: not Flatpak\n");
}

/**
 * onboard_support_report_dup_text:
 *
 * Returns: the report as it stands, without running any check
 */
char *
onboard_support_report_dup_text (OnboardSupportReport *self)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autofree char *reference = NULL;
  g_autofree char *os = dup_os_name ();
  g_autofree char *summary = NULL;
  g_auto(GStrv) requests = NULL;
  g_autoptr(GUri) uri = NULL;
  OnboardErrorDetails *last_error;
  GNetworkMonitor *network = g_network_monitor_get_default ();

  g_return_val_if_fail (ONBOARD_IS_SUPPORT_REPORT (self), NULL);

  reference = onboard_support_report_dup_reference (self);
  uri = g_uri_parse (onboard_client_get_base_url (self->client), G_URI_FLAGS_NONE, NULL);

  g_string_append_printf (str, "Assembly Onboard support report\n");
  g_string_append_printf (str, "Reference: %s\n", reference);
  g_string_append_printf (str, "Version: %s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
  append_install (str);
  g_string_append_printf (str, "System: %s\n", os);
  g_string_append_printf (str, "Libraries: GLib %u.%u.%u, %s%slibsoup %u.%u.%u, json-glib %d.%d.%d\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          self->toolkit ? self->toolkit : "", self->toolkit ? ", " : "",
                          soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
                          JSON_MAJOR_VERSION, JSON_MINOR_VERSION, JSON_MICRO_VERSION);
  g_string_append_printf (str, "Service: %s\n", uri ? g_uri_get_host (uri) : "unknown");
  g_string_append_printf (str, "Network: %s%s\n",
                          g_network_monitor_get_network_available (network) ? "available" : "not available",
                          g_network_monitor_get_network_metered (network) ? ", metered" : "");

  summary = onboard_progress_dup_summary (self->progress);
  g_string_append_printf (str, "\nWhere: %s\n", summary);
  g_string_append_printf (str, "Signed in: %s\n", onboard_client_get_signed_in (self->client) ? "yes" : "no");

  last_error = onboard_client_get_last_error_details (self->client);
  if (last_error != NULL)
    {
      g_autofree char *text = onboard_error_details_to_string (last_error);

      g_string_append_printf (str, "\nLast error:\n%s\n", text);
    }

  if (self->preflight_report != NULL)
    g_string_append_printf (str, "\nChecks:\n%s\n", self->preflight_report);

  requests = onboard_client_dup_request_log (self->client);
  g_string_append_printf (str, "\nLast requests (%u):\n", requests ? g_strv_length (requests) : 0);
  for (guint i = 0; requests != NULL && requests[i] != NULL; i++)
    g_string_append_printf (str, "  %s\n", requests[i]);

  /* Belt and braces: nothing above should hold a secret. */
  return onboard_support_redact (str->str);
}

static void
preflight_done_cb (OnboardSupportReport *self,
                   GParamSpec           *pspec,
                   OnboardPreflight     *preflight)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *text = NULL;

  if (onboard_preflight_get_running (preflight) || self->pending == NULL)
    return;

  tasks = g_steal_pointer (&self->pending);

  g_signal_handlers_disconnect_by_func (preflight, preflight_done_cb, self);
  g_free (self->preflight_report);
  self->preflight_report = onboard_preflight_dup_report (preflight);

  text = onboard_support_report_dup_text (self);
  for (guint i = 0; i < tasks->len; i++)
    g_task_return_pointer (g_ptr_array_index (tasks, i), g_strdup (text), g_free);
}

/**
 * onboard_support_report_check_async:
 *
 * Runs the pre-flight checks (network, service, proxy, TLS, clock) so the
 * report says how things stand now, then builds it. A call made while the
 * checks already run waits for that run.
 */
void
onboard_support_report_check_async (OnboardSupportReport *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ONBOARD_IS_SUPPORT_REPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_support_report_check_async);

  if (self->pending != NULL)
    {
      g_ptr_array_add (self->pending, g_steal_pointer (&task));
      return;
    }

  if (self->preflight == NULL)
    self->preflight = onboard_preflight_new (self->client);

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->pending, g_steal_pointer (&task));
  g_signal_connect_object (self->preflight, "notify::running",
                           G_CALLBACK (preflight_done_cb), self, G_CONNECT_SWAPPED);
  onboard_preflight_run (self->preflight);
}

char *
onboard_support_report_check_finish (OnboardSupportReport  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (ONBOARD_IS_SUPPORT_REPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
