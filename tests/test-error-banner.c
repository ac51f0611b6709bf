/* test-error-banner.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-error-banner.h"
#include "onboard-test-ui.h"

/* What went wrong, in one sentence the user reads as it was given, a
 * button out (usually "Try Again") and, one click away, the details for
 * support. */

static GtkLabel *
message_label (OnboardErrorBanner *banner)
{
  /* The sentence comes first, before the button and the details. */
  GtkWidget *label = find_widget (GTK_WIDGET (banner), GTK_TYPE_LABEL, NULL, NULL);

  g_assert_nonnull (label);
  g_assert_false (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON));
  g_assert_false (gtk_widget_get_ancestor (label, GTK_TYPE_EXPANDER));

  return GTK_LABEL (label);
}

static GtkExpander *
details_expander (OnboardErrorBanner *banner)
{
  GtkWidget *expander = find_widget (GTK_WIDGET (banner), GTK_TYPE_EXPANDER, NULL, NULL);

  g_assert_nonnull (expander);

  return GTK_EXPANDER (expander);
}

static GtkButton *
banner_button (OnboardErrorBanner *banner)
{
  GtkWidget *button = find_widget (GTK_WIDGET (banner), GTK_TYPE_BUTTON, NULL, NULL);

  g_assert_nonnull (button);

  return GTK_BUTTON (button);
}

static void
count_clicks (OnboardErrorBanner *banner,
              guint              *count)
{
  (*count)++;
}

static GtkWindow *
window_with (OnboardErrorBanner *banner)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, GTK_WIDGET (banner));
  gtk_window_present (window);
  wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));

  return window;
}

static void
test_hidden_at_first (void)
{
  OnboardErrorBanner *banner = g_object_ref_sink (g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL));
  GtkRevealer *revealer = GTK_REVEALER (find_widget (GTK_WIDGET (banner), GTK_TYPE_REVEALER, NULL, NULL));

  g_assert_nonnull (revealer);
  g_assert_false (onboard_error_banner_get_revealed (banner));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  g_assert_finalize_object (banner);
}

static void
test_show_and_hide (void)
{
  OnboardErrorBanner *banner = g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL);
  GtkWindow *window = window_with (banner);
  GtkRevealer *revealer = GTK_REVEALER (find_widget (GTK_WIDGET (banner), GTK_TYPE_REVEALER, NULL, NULL));

  onboard_error_banner_show (banner, "Could not reach Assembly. Check your internet connection.",
                             "Request: GET /status", "Try _Again");
  g_assert_true (onboard_error_banner_get_revealed (banner));
  wait_until (gtk_revealer_get_child_revealed (revealer));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (message_label (banner))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (banner_button (banner))));

  onboard_error_banner_hide (banner);
  g_assert_false (onboard_error_banner_get_revealed (banner));
  wait_until (!gtk_revealer_get_child_revealed (revealer));

  /* Shown again, it comes back. */
  onboard_error_banner_show (banner, "Again", NULL, NULL);
  g_assert_true (onboard_error_banner_get_revealed (banner));
  wait_until (gtk_revealer_get_child_revealed (revealer));

  gtk_window_destroy (window);
}

static void
test_text_literal (void)
{
  OnboardErrorBanner *banner = g_object_ref_sink (g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL));
  /* Words from the service or the user can look like markup or mnemonics. */
  const char *message = "Oakfield <Primary> & St_Mary's: <b>not</b> found &amp; 100%";
  const char *details = "Service message: <i>down</i> & _out_";
  GtkLabel *label = message_label (banner);
  GtkLabel *details_label = NULL;

  onboard_error_banner_show (banner, message, details, NULL);

  g_assert_cmpstr (onboard_error_banner_get_message (banner), ==, message);
  g_assert_cmpstr (onboard_error_banner_get_details (banner), ==, details);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_false (gtk_label_get_use_underline (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, message);

  details_label = GTK_LABEL (gtk_expander_get_child (details_expander (banner)));
  g_assert_false (gtk_label_get_use_markup (details_label));
  g_assert_cmpstr (gtk_label_get_text (details_label), ==, details);

  /* Support reads the words out: both can be selected and copied. */
  g_assert_true (gtk_label_get_selectable (label));
  g_assert_true (gtk_label_get_selectable (details_label));

  g_assert_finalize_object (banner);
}

static void
test_details (void)
{
  OnboardErrorBanner *banner = g_object_ref_sink (g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL));
  GtkExpander *expander = details_expander (banner);

  onboard_error_banner_show (banner, "Something went wrong.", "Request ID: req_1", "Try Again");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (expander)));
  /* One click away, not in the user's face. */
  g_assert_false (gtk_expander_get_expanded (expander));

  gtk_expander_set_expanded (expander, TRUE);

  /* A new error starts folded again, and with no details has no expander. */
  onboard_error_banner_show (banner, "Something else went wrong.", "Request ID: req_2", "Try Again");
  g_assert_false (gtk_expander_get_expanded (expander));
  g_assert_cmpstr (onboard_error_banner_get_details (banner), ==, "Request ID: req_2");

  onboard_error_banner_show (banner, "No details.", NULL, "Try Again");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (expander)));
  g_assert_cmpstr (onboard_error_banner_get_details (banner), ==, "");

  onboard_error_banner_show (banner, "Empty details.", "", "Try Again");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (expander)));

  g_assert_finalize_object (banner);
}

static void
test_button (void)
{
  OnboardErrorBanner *banner = g_object_ref_sink (g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL));
  GtkButton *button = banner_button (banner);
  guint clicks = 0;

  g_signal_connect (banner, "button-clicked", G_CALLBACK (count_clicks), &clicks);

  onboard_error_banner_show (banner, "Could not sign in.", NULL, "Try _Again");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "Try _Again");
  g_assert_true (gtk_button_get_use_underline (button));

  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (clicks, ==, 1);
  /* One signal per click. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (clicks, ==, 2);

  /* The label follows each error. */
  onboard_error_banner_show (banner, "Could not save.", NULL, "_Save Again");
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Save Again");

  /* No way out offered: no button. */
  onboard_error_banner_show (banner, "The school is registered to another account.", NULL, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));

  g_assert_cmpuint (clicks, ==, 2);

  g_assert_finalize_object (banner);
}

static void
test_accessible (void)
{
  OnboardErrorBanner *banner = g_object_ref_sink (g_object_new (ONBOARD_TYPE_ERROR_BANNER, NULL));
  GtkWidget *label = GTK_WIDGET (message_label (banner));
  GtkWidget *box;
  GtkWidget *image = find_widget (GTK_WIDGET (banner), GTK_TYPE_IMAGE, NULL, NULL);

  /* A screen reader announces the error when it comes: the box around
   * message, button and details is an alert. */
  box = find_widget (GTK_WIDGET (banner), GTK_TYPE_BOX, has_css_class, "error-banner");
  g_assert_nonnull (box);
  gtk_test_accessible_assert_role (box, GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (gtk_widget_is_ancestor (label, box));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (banner_button (banner)), box));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (details_expander (banner)), box));

  /* The warning sign says nothing the sentence does not. */
  g_assert_nonnull (image);
  gtk_test_accessible_assert_role (image, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  /* The expander is named for what it holds. */
  gtk_test_accessible_assert_property (details_expander (banner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Details for support");

  g_assert_finalize_object (banner);
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

  g_test_add_func ("/onboard/error-banner/hidden-at-first", test_hidden_at_first);
  g_test_add_func ("/onboard/error-banner/show-and-hide", test_show_and_hide);
  g_test_add_func ("/onboard/error-banner/text-literal", test_text_literal);
  g_test_add_func ("/onboard/error-banner/details", test_details);
  g_test_add_func ("/onboard/error-banner/button", test_button);
  g_test_add_func ("/onboard/error-banner/accessible", test_accessible);

  return g_test_run ();
}
