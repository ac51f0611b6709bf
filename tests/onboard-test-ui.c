/* onboard-test-ui.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "onboard-test-ui.h"

#include "onboard-field-message.h"

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
