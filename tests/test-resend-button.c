/* test-resend-button.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "onboard-resend-button.h"
#include "onboard-test-ui.h"

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* The label the button shows, without its mnemonic. */
static const char *
label_of (OnboardResendButton *button)
{
  return gtk_button_get_label (GTK_BUTTON (button));
}

/* With nothing to wait for, the button says "Resend Email" and waits for
 * nothing. */
static void
test_resend_button_ready (void)
{
  OnboardResendButton *button = g_object_ref_sink (ONBOARD_RESEND_BUTTON (onboard_resend_button_new ()));

  g_assert_false (onboard_resend_button_get_waiting (button));
  g_assert_cmpstr (label_of (button), ==, "_Resend Email");
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));

  g_object_unref (button);
}

/* A time to the second means some moment within it: the count runs to the
 * end of that second, and rounds up, so it never shows 0:00 while the
 * service still says no. */
static void
test_resend_button_counts_down_rounded_up (void)
{
  OnboardResendButton *button = g_object_ref_sink (ONBOARD_RESEND_BUTTON (onboard_resend_button_new ()));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) whole = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now),
                                                    g_date_time_get_hour (now), g_date_time_get_minute (now),
                                                    g_date_time_get_second (now));
  g_autoptr(GDateTime) when = g_date_time_add_seconds (whole, 61);
  guint notified = 0;

  g_signal_connect (button, "notify::waiting", G_CALLBACK (notify_cb), &notified);

  /* 61 s from the start of this second, plus the second itself: between
   * 61 and 62 s from now, rounded up to 1:02 or, late in the second, 1:01. */
  onboard_resend_button_set_available_at (button, when);
  g_assert_true (onboard_resend_button_get_waiting (button));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (g_str_equal (label_of (button), "Resend Email (1:02)") ||
                 g_str_equal (label_of (button), "Resend Email (1:01)"));

  /* The same answer again, as a status poll gives it, changes nothing. */
  onboard_resend_button_set_available_at (button, when);
  g_assert_cmpuint (notified, ==, 1);

  /* Allowed now after all. */
  onboard_resend_button_set_available_at (button, NULL);
  g_assert_false (onboard_resend_button_get_waiting (button));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (label_of (button), ==, "_Resend Email");

  g_object_unref (button);
}

/* A time already past: nothing to wait for. */
static void
test_resend_button_past (void)
{
  OnboardResendButton *button = g_object_ref_sink (ONBOARD_RESEND_BUTTON (onboard_resend_button_new ()));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_minutes (now, -5);

  onboard_resend_button_set_available_at (button, past);
  g_assert_false (onboard_resend_button_get_waiting (button));
  g_assert_cmpstr (label_of (button), ==, "_Resend Email");

  g_object_unref (button);
}

/* The count ends on its own, and says so through :waiting, which the pages
 * watch to allow the resend again. */
static void
test_resend_button_wait_ends (void)
{
  OnboardResendButton *button = g_object_ref_sink (ONBOARD_RESEND_BUTTON (onboard_resend_button_new ()));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add (now, G_TIME_SPAN_MILLISECOND * 1500);
  guint notified = 0;

  g_signal_connect (button, "notify::waiting", G_CALLBACK (notify_cb), &notified);
  onboard_resend_button_set_available_at (button, soon);
  g_assert_true (onboard_resend_button_get_waiting (button));
  g_assert_cmpstr (label_of (button), ==, "Resend Email (0:02)");

  wait_until (!onboard_resend_button_get_waiting (button));

  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (label_of (button), ==, "_Resend Email");

  g_object_unref (button);
}

/* Gone while counting: its once-a-second tick must not outlive it (the
 * sanitizer build sees a tick on a freed button). */
static void
test_resend_button_disposed_while_waiting (void)
{
  OnboardResendButton *button = g_object_ref_sink (ONBOARD_RESEND_BUTTON (onboard_resend_button_new ()));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 5.5);
  onboard_resend_button_set_available_at (button, later);
  g_assert_true (onboard_resend_button_get_waiting (button));
  g_object_unref (button);

  /* Past the moment the first tick would have come. */
  iterate_for (1500);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/onboard/resend-button/ready", test_resend_button_ready);
  g_test_add_func ("/onboard/resend-button/counts-down-rounded-up", test_resend_button_counts_down_rounded_up);
  g_test_add_func ("/onboard/resend-button/past", test_resend_button_past);
  g_test_add_func ("/onboard/resend-button/wait-ends", test_resend_button_wait_ends);
  g_test_add_func ("/onboard/resend-button/disposed-while-waiting", test_resend_button_disposed_while_waiting);

  return g_test_run ();
}
