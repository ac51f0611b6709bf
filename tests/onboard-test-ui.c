/* onboard-test-ui.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-test-ui.h"

gint64
onboard_test_deadline_after (guint ms)
{
  return g_get_monotonic_time () + (gint64)ms * 1000;
}

void
onboard_test_wait_step (gint64      deadline,
                        guint       ms,
                        const char *file,
                        int         line,
                        const char *condition)
{
  if (g_get_monotonic_time () > deadline)
    g_error ("%s:%d: gave up after %u ms waiting for %s", file, line, ms, condition);

  /* Not blocking: the condition may change without a source in this
   * context being dispatched (a worker thread, the clock). */
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (1000);
}

void
iterate_for (guint ms)
{
  gint64 end = onboard_test_deadline_after (ms);

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
await_result (GAsyncResult **slot)
{
  wait_until (*slot != NULL);

  return *slot;
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

void
add_fault (OnboardSandbox *sandbox,
           const char     *json)
{
  g_autoptr(GError) error = NULL;

  onboard_sandbox_add_fault (sandbox, json, &error);
  g_assert_no_error (error);
}

void
add_fault_printf (OnboardSandbox *sandbox,
                  const char     *format,
                  ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);

  add_fault (sandbox, json);
}

char *
sign_in_and_register (OnboardSandbox  *sandbox,
                      OnboardClient   *client,
                      OnboardProgress *progress,
                      const char      *email,
                      const char      *password,
                      const char      *urn,
                      guint            step)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OnboardSchoolRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  const char *connector_id;

  onboard_sandbox_add_account (sandbox, email, password, &error);
  g_assert_no_error (error);
  onboard_client_sign_in_async (client, email, password, NULL, store_result, &result);
  await_result (&result);
  onboard_client_sign_in_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  onboard_client_create_school_registration_async (client, urn, "sims", NULL, NULL,
                                                   store_result, &result);
  await_result (&result);
  registration = onboard_client_create_school_registration_finish (client, result, &error);
  g_assert_no_error (error);
  connector_id = onboard_school_registration_get_connector_id (registration);

  onboard_progress_set_email (progress, email);
  onboard_progress_set_school_urn (progress, urn);
  onboard_progress_set_school_name (progress, onboard_school_registration_get_school_name (registration));
  onboard_progress_set_mis_provider (progress, "sims");
  onboard_progress_set_registration_id (progress, onboard_school_registration_get_id (registration));
  onboard_progress_set_connector_id (progress, connector_id);
  onboard_progress_set_connector_status (progress, "not_configured");
  onboard_progress_set_step (progress, step);

  return g_strdup (connector_id);
}

const char onboard_test_filter_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB8zCCAZmgAwIBAgIUZsBR+UfmWMFdDMwRhIJEIIEe8SgwCgYIKoZIzj0EAwIw\n"
  "QDEiMCAGA1UECgwZRXhhbXBsZSBTY2hvb2wgV2ViIEZpbHRlcjEaMBgGA1UEAwwR\n"
  "RXhhbXBsZSBGaWx0ZXIgQ0EwIBcNMjYxMTI5MTcyNTAwWhgPMjEyNjExMDUxNzI1\n"
  "MDBaMEAxIjAgBgNVBAoMGUV4YW1wbGUgU2Nob29sIFdlYiBGaWx0ZXIxGjAYBgNV\n"
  "BAMMEUV4YW1wbGUgRmlsdGVyIENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
  "B2g6qvhuPAtHxKroRudGeibKTXqWUNbzBZgHAuTD7FK9SqGZ/uKR1TIBJJZGvi6V\n"
  "7POu4OIKGS09opkv6wx7JKNvMG0wHQYDVR0OBBYEFLbRt7toDXE7wiX8YLxiZp2g\n"
  "dgWhMB8GA1UdIwQYMBaAFLbRt7toDXE7wiX8YLxiZp2gdgWhMA8GA1UdEwEB/wQF\n"
  "MAMBAf8wGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0gA\n"
  "MEUCIQD9AAu3C8jgsooHJzJqqvMgxTocylATHqHu3EjQ2Ep2/wIga4JBlX1m4l64\n"
  "8UI/hxivr7LF3xScvvLs726ukJMuNig=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg49r3yCNDe5P7Ijhz\n"
  "Ql7bZeimUNzqDMT5XX0eE+3740ShRANCAAQHaDqq+G48C0fEquhG50Z6JspNepZQ\n"
  "1vMFmAcC5MPsUr1KoZn+4pHVMgEklka+LpXs867g4goZLT2imS/rDHsk\n"
  "-----END PRIVATE KEY-----\n";

guint
count_log_lines (OnboardClient *client,
                 const char    *needle)
{
  g_auto(GStrv) log = onboard_client_dup_request_log (client);
  guint count = 0;

  for (guint i = 0; log[i] != NULL; i++)
    if (strstr (log[i], needle) != NULL)
      count++;

  return count;
}

GtkWidget *
find_widget (GtkWidget     *root,
             GType          type,
             WidgetMatch    match,
             gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (match == NULL || match (child, data)))
        return child;

      if ((found = find_widget (child, type, match, data)))
        return found;
    }

  return NULL;
}

gboolean
row_has_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

gboolean
label_is (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  data)
{
  return strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

gboolean
label_ends_with (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_str_has_suffix (gtk_label_get_label (GTK_LABEL (widget)), data);
}

gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return data == NULL || gtk_widget_has_css_class (widget, data);
}

gboolean
message_has_field (GtkWidget     *widget,
                   gconstpointer  data)
{
  return onboard_field_message_get_field (ONBOARD_FIELD_MESSAGE (widget)) == data;
}

GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = find_widget (root, ADW_TYPE_PREFERENCES_ROW, row_has_title, title);

  if (row == NULL)
    g_error ("No row “%s” under %s", title, G_OBJECT_TYPE_NAME (root));

  return row;
}

OnboardFieldMessage *
find_row_message (GtkWidget  *root,
                  const char *title)
{
  GtkWidget *message = find_widget (root, ONBOARD_TYPE_FIELD_MESSAGE, message_has_field,
                                    find_row (root, title));

  if (message == NULL)
    g_error ("No message for the row “%s” under %s", title, G_OBJECT_TYPE_NAME (root));

  return ONBOARD_FIELD_MESSAGE (message);
}

GtkWidget *
find_button_for_action (GtkWidget  *root,
                        const char *action)
{
  GtkWidget *button = find_widget (root, GTK_TYPE_BUTTON, has_action, action);

  if (button == NULL)
    g_error ("No button for %s under %s", action, G_OBJECT_TYPE_NAME (root));

  return button;
}

void
type_into_row (GtkWidget  *root,
               const char *title,
               const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_row (root, title)), text);
}

void
assert_field_message (OnboardFieldMessage     *message,
                      OnboardFieldMessageKind  kind,
                      const char              *contains)
{
  const char *text = onboard_field_message_get_text (message);

  if (onboard_field_message_get_kind (message) != kind || text == NULL || strstr (text, contains) == NULL)
    g_error ("The row says (kind %d) “%s”; expected (kind %d) something with “%s”",
             onboard_field_message_get_kind (message), text, kind, contains);

  /* What the row says is on screen, not just stored. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
}

gboolean
report_wide_widgets (GtkWidget *widget,
                     int        limit)
{
  gboolean child_reported = FALSE;
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= limit)
    return FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    child_reported |= report_wide_widgets (child, limit);

  if (!child_reported)
    g_test_message ("Too wide (%d px): %s %s “%s”", minimum,
                    G_OBJECT_TYPE_NAME (widget),
                    gtk_widget_get_name (widget),
                    GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) :
                    GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : "");

  return TRUE;
}
