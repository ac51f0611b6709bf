/* test-page.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-page.h"
#include "onboard-test-ui.h"

/* A page of the smallest kind: it counts how often its primary action ran
 * and says whether it had anything of its own to do. */
#define TEST_TYPE_PAGE (test_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, OnboardPage)

struct _TestPage
{
  OnboardPage parent_instance;
  guint       n_activated;
  gboolean    has_own_work;
};

G_DEFINE_FINAL_TYPE (TestPage, test_page, ONBOARD_TYPE_PAGE)

static gboolean
test_page_activate_primary (OnboardPage *page)
{
  TestPage *self = TEST_PAGE (page);

  self->n_activated++;

  return self->has_own_work;
}

static void
test_page_class_init (TestPageClass *klass)
{
  ONBOARD_PAGE_CLASS (klass)->activate_primary = test_page_activate_primary;
}

static void
test_page_init (TestPage *self)
{
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static TestPage *
new_page (OnboardClient   *client,
          OnboardProgress *progress)
{
  return g_object_ref_sink (g_object_new (TEST_TYPE_PAGE, "client", client, "progress", progress, NULL));
}

/* The client and the progress store are given once and held until the
 * page goes; nothing else can set them. */
static void
test_page_holds_client_and_progress (void)
{
  g_autoptr(OnboardClient) client = onboard_client_new ("https://api.assembly.education");
  g_autoptr(OnboardProgress) progress = onboard_progress_new ("https://api.assembly.education");
  TestPage *page = new_page (client, progress);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (page), "client");

  g_assert_true (onboard_page_get_client (ONBOARD_PAGE (page)) == client);
  g_assert_true (onboard_page_get_progress (ONBOARD_PAGE (page)) == progress);
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);

  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *)&client);
  g_object_unref (client);
  g_assert_nonnull (client);
  g_object_unref (page);
  g_assert_null (client);
}

/* The primary action: an empty label is none; one notification per real
 * change; set_primary() changes label and sensitivity together. */
static void
test_page_primary_action (void)
{
  TestPage *page = new_page (NULL, NULL);
  OnboardPage *base = ONBOARD_PAGE (page);
  guint n_label = 0;
  guint n_sensitive = 0;
  guint n_hint = 0;

  g_signal_connect (page, "notify::primary-label", G_CALLBACK (count_cb), &n_label);
  g_signal_connect (page, "notify::primary-sensitive", G_CALLBACK (count_cb), &n_sensitive);
  g_signal_connect (page, "notify::primary-hint", G_CALLBACK (count_cb), &n_hint);

  onboard_page_set_primary (base, "_Sign up", FALSE);
  g_assert_cmpstr (onboard_page_get_primary_label (base), ==, "_Sign up");
  g_assert_false (onboard_page_get_primary_sensitive (base));
  g_assert_cmpuint (n_label, ==, 1);
  g_assert_cmpuint (n_sensitive, ==, 0);

  onboard_page_set_primary (base, "_Sign up", TRUE);
  g_assert_cmpuint (n_label, ==, 1);
  g_assert_cmpuint (n_sensitive, ==, 1);

  onboard_page_set_primary_label (base, "");
  g_assert_null (onboard_page_get_primary_label (base));
  g_assert_cmpuint (n_label, ==, 2);

  onboard_page_set_primary_hint (base, "To sign up, switch on “I accept the terms of service”.");
  onboard_page_set_primary_hint (base, "To sign up, switch on “I accept the terms of service”.");
  g_assert_cmpuint (n_hint, ==, 1);
  onboard_page_set_primary_hint (base, "");
  g_assert_null (onboard_page_get_primary_hint (base));
  g_assert_cmpuint (n_hint, ==, 2);

  g_object_unref (page);
}

/* Pressing the primary action: nothing while there is none, it cannot be
 * pressed or the page is busy; the page's own work when it has some; and
 * "go on" (FALSE) only from a complete page with nothing of its own to do. */
static void
test_page_pressing_primary (void)
{
  TestPage *page = new_page (NULL, NULL);
  OnboardPage *base = ONBOARD_PAGE (page);

  g_assert_true (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 0);

  onboard_page_set_primary (base, "C_ontinue", FALSE);
  g_assert_true (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 0);

  onboard_page_set_primary_sensitive (base, TRUE);
  onboard_page_set_busy (base, TRUE);
  g_assert_true (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 0);

  onboard_page_set_busy (base, FALSE);
  page->has_own_work = TRUE;
  g_assert_true (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 1);

  /* Nothing of its own, but not complete: the window must not move on. */
  page->has_own_work = FALSE;
  g_assert_true (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 2);

  onboard_page_set_complete (base, TRUE);
  g_assert_false (onboard_page_activate_primary (base));
  g_assert_cmpuint (page->n_activated, ==, 3);

  g_object_unref (page);
}

/* Complete, busy and holding input: each says so once per change. */
static void
test_page_state_notifies_once (void)
{
  TestPage *page = new_page (NULL, NULL);
  OnboardPage *base = ONBOARD_PAGE (page);
  guint n_complete = 0;
  guint n_busy = 0;
  guint n_input = 0;

  g_signal_connect (page, "notify::complete", G_CALLBACK (count_cb), &n_complete);
  g_signal_connect (page, "notify::busy", G_CALLBACK (count_cb), &n_busy);
  g_signal_connect (page, "notify::has-input", G_CALLBACK (count_cb), &n_input);

  for (guint i = 0; i < 2; i++)
    {
      onboard_page_set_complete (base, TRUE);
      onboard_page_set_busy (base, 42);
      onboard_page_set_has_input (base, TRUE);
    }

  g_assert_true (onboard_page_get_complete (base));
  g_assert_true (onboard_page_get_busy (base));
  g_assert_true (onboard_page_get_has_input (base));
  g_assert_cmpuint (n_complete, ==, 1);
  g_assert_cmpuint (n_busy, ==, 1);
  g_assert_cmpuint (n_input, ==, 1);

  g_object_unref (page);
}

/* The header shows the page's step and title, whoever sets them later:
 * the window numbers the pages after it made them. */
static void
test_page_header_follows (void)
{
  TestPage *page = new_page (NULL, NULL);
  OnboardStepHeader *header = g_object_ref_sink (g_object_new (ONBOARD_TYPE_STEP_HEADER, NULL));
  g_autofree char *label = NULL;

  onboard_page_bind_header (ONBOARD_PAGE (page), header);
  onboard_page_set_step (ONBOARD_PAGE (page), 3);
  onboard_page_set_title (ONBOARD_PAGE (page), "School information");

  label = onboard_page_dup_step_label (ONBOARD_PAGE (page));
  g_assert_cmpstr (label, ==, "Step 3 of 5");
  g_assert_cmpstr (onboard_step_header_get_step_label (header), ==, "Step 3 of 5");
  g_assert_cmpstr (onboard_step_header_get_title (header), ==, "School information");

  g_object_unref (page);
  g_object_unref (header);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/page/holds-client-and-progress", test_page_holds_client_and_progress);
  g_test_add_func ("/onboard/page/primary-action", test_page_primary_action);
  g_test_add_func ("/onboard/page/activate-primary", test_page_pressing_primary);
  g_test_add_func ("/onboard/page/state-notifies-once", test_page_state_notifies_once);
  g_test_add_func ("/onboard/page/header-follows", test_page_header_follows);

  return g_test_run ();
}
