/* test-step-header.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-step-header.h"
#include "onboard-test-ui.h"

/* The top of every step: "Step 3 of 5" small and dim above the step's
 * title, both shown as they are given, and one group for a screen reader. */

static GtkLabel *
step_label (OnboardStepHeader *header)
{
  GtkWidget *label = find_widget (GTK_WIDGET (header), GTK_TYPE_LABEL, has_css_class, "step-label");

  g_assert_nonnull (label);

  return GTK_LABEL (label);
}

static GtkLabel *
title_label (OnboardStepHeader *header)
{
  GtkWidget *label = find_widget (GTK_WIDGET (header), GTK_TYPE_LABEL, has_css_class, "title-1");

  g_assert_nonnull (label);

  return GTK_LABEL (label);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *counts = user_data;

  if (g_str_equal (pspec->name, "step-label"))
    counts[0]++;
  else if (g_str_equal (pspec->name, "title"))
    counts[1]++;
}

static void
test_step_header_shows_step (void)
{
  OnboardStepHeader *header = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STEP_HEADER,
                                                               "step-label", "Step 3 of 5",
                                                               "title", "School Information",
                                                               NULL));
  g_autofree char *step = NULL;
  g_autofree char *title = NULL;

  g_assert_cmpstr (onboard_step_header_get_step_label (header), ==, "Step 3 of 5");
  g_assert_cmpstr (onboard_step_header_get_title (header), ==, "School Information");
  g_object_get (header, "step-label", &step, "title", &title, NULL);
  g_assert_cmpstr (step, ==, "Step 3 of 5");
  g_assert_cmpstr (title, ==, "School Information");

  /* What the user reads: the step small and dim above, the title large
   * below it, wrapping rather than cut in a narrow window. */
  g_assert_cmpstr (gtk_label_get_text (step_label (header)), ==, "Step 3 of 5");
  g_assert_cmpstr (gtk_label_get_text (title_label (header)), ==, "School Information");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (step_label (header)), "dim-label"));
  g_assert_true (gtk_label_get_wrap (title_label (header)));
  g_assert_true (find_widget (GTK_WIDGET (header), GTK_TYPE_LABEL, NULL, NULL) == GTK_WIDGET (step_label (header)));

  g_assert_finalize_object (header);
}

/* A title is text, never markup: a step named after a school with an
 * ampersand, or anything with angle brackets, is shown as it is. */
static void
test_step_header_literal (void)
{
  OnboardStepHeader *header = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STEP_HEADER, NULL));

  onboard_step_header_set_title (header, "Netley Primary School & Centre for <Autism>");
  onboard_step_header_set_step_label (header, "Cam 3 o 5 <b>");

  g_assert_false (gtk_label_get_use_markup (title_label (header)));
  g_assert_cmpstr (gtk_label_get_text (title_label (header)), ==, "Netley Primary School & Centre for <Autism>");
  g_assert_cmpstr (onboard_step_header_get_title (header), ==, "Netley Primary School & Centre for <Autism>");
  g_assert_false (gtk_label_get_use_markup (step_label (header)));
  g_assert_cmpstr (gtk_label_get_text (step_label (header)), ==, "Cam 3 o 5 <b>");

  g_assert_finalize_object (header);
}

static void
test_step_header_notify (void)
{
  OnboardStepHeader *header = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STEP_HEADER,
                                                               "step-label", "Step 1 of 5",
                                                               "title", "Before You Begin",
                                                               NULL));
  guint counts[2] = { 0, 0 };

  g_signal_connect (header, "notify", G_CALLBACK (count_notify), counts);

  /* The same text again tells nobody anything. */
  onboard_step_header_set_step_label (header, "Step 1 of 5");
  onboard_step_header_set_title (header, "Before You Begin");
  g_object_set (header, "title", "Before You Begin", NULL);
  g_assert_cmpuint (counts[0], ==, 0);
  g_assert_cmpuint (counts[1], ==, 0);

  /* A change is said once, for the property that changed. */
  onboard_step_header_set_step_label (header, "Step 2 of 5");
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 0);
  g_object_set (header, "title", "Sign Up", NULL);
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpstr (gtk_label_get_text (title_label (header)), ==, "Sign Up");

  /* No text is an empty line, not a crash. */
  onboard_step_header_set_title (header, NULL);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpstr (onboard_step_header_get_title (header), ==, "");
  g_assert_cmpstr (gtk_label_get_text (title_label (header)), ==, "");

  g_assert_finalize_object (header);
}

/* A screen reader meets the step and its title as one group. */
static void
test_step_header_accessible (void)
{
  OnboardStepHeader *header = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STEP_HEADER,
                                                               "step-label", "Step 4 of 5",
                                                               "title", "Configure the Assembly Connection",
                                                               NULL));

  gtk_test_accessible_assert_role (header, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_role (step_label (header), GTK_ACCESSIBLE_ROLE_LABEL);
  gtk_test_accessible_assert_role (title_label (header), GTK_ACCESSIBLE_ROLE_LABEL);

  g_assert_finalize_object (header);
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

  g_test_add_func ("/onboard/step-header/shows-step", test_step_header_shows_step);
  g_test_add_func ("/onboard/step-header/literal", test_step_header_literal);
  g_test_add_func ("/onboard/step-header/notify", test_step_header_notify);
  g_test_add_func ("/onboard/step-header/accessible", test_step_header_accessible);

  return g_test_run ();
}
