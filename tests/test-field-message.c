/* test-field-message.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-field-message.h"
#include "onboard-test-ui.h"

/* The line under a form field: a hint, "Checking…", a success or what is
 * wrong. An error also marks its field, red and invalid, with the line as
 * its error message for a screen reader. */

static GtkLabel *
text_label (OnboardFieldMessage *message)
{
  GtkWidget *label = find_widget (GTK_WIDGET (message), GTK_TYPE_LABEL, NULL, NULL);

  g_assert_nonnull (label);

  return GTK_LABEL (label);
}

static GtkWidget *
shown_icon (OnboardFieldMessage *message)
{
  GtkWidget *image = find_widget (GTK_WIDGET (message), GTK_TYPE_IMAGE, NULL, NULL);

  g_assert_nonnull (image);

  return gtk_widget_get_visible (image) ? image : NULL;
}

static const char *
icon_name (OnboardFieldMessage *message)
{
  GtkWidget *image = shown_icon (message);

  return image != NULL ? gtk_image_get_icon_name (GTK_IMAGE (image)) : NULL;
}

static GtkSpinner *
spinner (OnboardFieldMessage *message)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (message), GTK_TYPE_SPINNER, NULL, NULL);

  g_assert_nonnull (widget);

  return GTK_SPINNER (widget);
}

static gboolean
field_is_marked (GtkWidget *field)
{
  /* Not the invalid state: GTK 4.8 tells AT-SPI "invalid", which Orca
   * takes for an object that is gone, and then says nothing of the field. */
  return gtk_widget_has_css_class (field, "error") &&
         !gtk_test_accessible_has_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID) &&
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE) &&
         gtk_test_accessible_has_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* The field's description goes once the main loop has run without the
 * error coming back. */
static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
field_is_clean (GtkWidget *field)
{
  return !gtk_widget_has_css_class (field, "error") &&
         !gtk_test_accessible_has_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID) &&
         !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE) &&
         !gtk_test_accessible_has_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
test_empty_at_first (void)
{
  OnboardFieldMessage *message = g_object_ref_sink (g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, NULL));

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_NONE);
  g_assert_cmpstr (onboard_field_message_get_text (message), ==, "");
  g_assert_null (onboard_field_message_get_field (message));
  g_assert_null (shown_icon (message));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (spinner (message))));

  g_assert_finalize_object (message);
}

static void
test_kinds (void)
{
  OnboardFieldMessage *message = g_object_ref_sink (g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, NULL));
  GtkWidget *widget = GTK_WIDGET (message);

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_INFO, "At least 10 characters");
  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_INFO);
  g_assert_cmpstr (onboard_field_message_get_text (message), ==, "At least 10 characters");
  g_assert_cmpstr (icon_name (message), ==, "dialog-information-symbolic");
  g_assert_true (gtk_widget_has_css_class (widget, "dim-label"));
  g_assert_false (gtk_widget_has_css_class (widget, "error"));

  /* Busy: a spinning spinner, no icon. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_BUSY, "Checking…");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (spinner (message))));
  g_assert_true (gtk_spinner_get_spinning (spinner (message)));
  g_assert_null (shown_icon (message));
  g_assert_true (gtk_widget_has_css_class (widget, "dim-label"));

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Valid invite for Oakfield Primary");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (spinner (message))));
  g_assert_false (gtk_spinner_get_spinning (spinner (message)));
  g_assert_cmpstr (icon_name (message), ==, "emblem-ok-symbolic");
  g_assert_true (gtk_widget_has_css_class (widget, "success"));
  g_assert_false (gtk_widget_has_css_class (widget, "dim-label"));

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "This invite code has expired");
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_ERROR);
  g_assert_cmpstr (icon_name (message), ==, "dialog-error-symbolic");
  g_assert_true (gtk_widget_has_css_class (widget, "error"));
  g_assert_false (gtk_widget_has_css_class (widget, "success"));
  g_assert_false (gtk_widget_has_css_class (widget, "dim-label"));

  /* Nothing to say: gone. */
  onboard_field_message_clear (message);
  g_assert_false (gtk_widget_get_visible (widget));
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_NONE);
  g_assert_cmpstr (onboard_field_message_get_text (message), ==, "");
  g_assert_false (gtk_widget_has_css_class (widget, "error"));

  /* An empty text is nothing to say, whatever its kind. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "");
  g_assert_false (gtk_widget_get_visible (widget));
  g_assert_cmpint (onboard_field_message_get_kind (message), ==, ONBOARD_FIELD_MESSAGE_NONE);
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_INFO, NULL);
  g_assert_false (gtk_widget_get_visible (widget));

  g_assert_finalize_object (message);
}

static void
test_text_literal (void)
{
  OnboardFieldMessage *message = g_object_ref_sink (g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, NULL));
  const char *text = "No school called <St Mary & St_John's> found: try &amp; again";

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, text);
  g_assert_cmpstr (onboard_field_message_get_text (message), ==, text);
  g_assert_false (gtk_label_get_use_markup (text_label (message)));
  g_assert_false (gtk_label_get_use_underline (text_label (message)));
  g_assert_cmpstr (gtk_label_get_text (text_label (message)), ==, text);

  g_assert_finalize_object (message);
}

static void
test_error_marks_field (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *field = adw_entry_row_new ();
  OnboardFieldMessage *message = g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, "field", field, NULL);

  gtk_box_append (GTK_BOX (box), field);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (message));
  g_assert_true (onboard_field_message_get_field (message) == field);
  g_assert_true (field_is_clean (field));

  /* Hints and successes leave the field alone. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_INFO, "3 more characters");
  g_assert_true (field_is_clean (field));
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_SUCCESS, "Looks good");
  g_assert_true (field_is_clean (field));

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Enter an email address like name@school.sch.uk");
  g_assert_true (field_is_marked (field));
  gtk_test_accessible_assert_relation (field, GTK_ACCESSIBLE_RELATION_ERROR_MESSAGE, text_label (message));
  gtk_test_accessible_assert_property (field, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Enter an email address like name@school.sch.uk");

  /* A new error is described anew. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "That email address already has an account");
  gtk_test_accessible_assert_property (field, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "That email address already has an account");

  /* Busy again (checking the corrected address): no longer marked. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_BUSY, "Checking…");
  settle ();
  g_assert_true (field_is_clean (field));

  /* Taken away and given back before the main loop runs (a form checked
   * on every key): the screen reader is told nothing new. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Wrong");
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_INFO, "3 more characters");
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Wrong");
  settle ();
  g_assert_true (field_is_marked (field));
  gtk_test_accessible_assert_property (field, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Wrong");

  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Wrong");
  g_assert_true (field_is_marked (field));
  onboard_field_message_clear (message);
  settle ();
  g_assert_true (field_is_clean (field));

  g_assert_finalize_object (box);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_set_field (void)
{
  GtkWidget *first = g_object_ref_sink (adw_entry_row_new ());
  GtkWidget *second = g_object_ref_sink (adw_password_entry_row_new ());
  OnboardFieldMessage *message = g_object_ref_sink (g_object_new (ONBOARD_TYPE_FIELD_MESSAGE, NULL));
  guint notifies = 0;

  g_signal_connect (message, "notify::field", G_CALLBACK (count_notify), &notifies);

  /* An error shown before the field is known marks it once it is. */
  onboard_field_message_show (message, ONBOARD_FIELD_MESSAGE_ERROR, "Too short");
  onboard_field_message_set_field (message, first);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_true (field_is_marked (first));

  /* The same field again: no notification. */
  onboard_field_message_set_field (message, first);
  g_assert_cmpuint (notifies, ==, 1);

  g_object_set (message, "field", second, NULL);
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_true (onboard_field_message_get_field (message) == second);
  g_assert_true (field_is_marked (second));

  /* A field that goes is forgotten, not kept alive. */
  g_assert_finalize_object (second);
  g_assert_null (onboard_field_message_get_field (message));
  onboard_field_message_clear (message);

  g_assert_finalize_object (message);
  g_assert_finalize_object (first);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's own test backend for assistive technology, so the test reads
   * what a screen reader would be told, without one on the bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/field-message/empty-at-first", test_empty_at_first);
  g_test_add_func ("/onboard/field-message/kinds", test_kinds);
  g_test_add_func ("/onboard/field-message/text-literal", test_text_literal);
  g_test_add_func ("/onboard/field-message/error-marks-field", test_error_marks_field);
  g_test_add_func ("/onboard/field-message/set-field", test_set_field);

  return g_test_run ();
}
