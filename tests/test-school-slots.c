/* test-school-slots.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school-slot.h"
#include "onboard-school-slots.h"

/* A list of schools that changes as search results do, and what the slots
 * over it tell their list and their rows. */
typedef struct
{
  GListStore         *schools;
  OnboardSchoolSlots *slots;
  /* items-changed of the slots, as "position removed added" */
  GPtrArray          *changes;
  /* notify::school of any slot */
  guint               n_notified;
} Fixture;

static OnboardSchool *
school_new (guint number)
{
  g_autofree char *urn = g_strdup_printf ("%06u", 100000 + number);
  g_autofree char *name = g_strdup_printf ("School %u", number);

  return onboard_school_new (urn, NULL, name, "Leeds", "LS1 1AA", NULL, NULL, NULL, "Open");
}

/* Replaces the whole list with schools first..first+n-1, as a new search
 * whose results share nothing with the last. */
static void
show_schools (Fixture *fixture,
              guint    first,
              guint    n)
{
  g_autoptr(GPtrArray) schools = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (schools, school_new (first + i));

  g_list_store_splice (fixture->schools, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture->schools)),
                       schools->pdata, schools->len);
}

static void
slot_notified_cb (OnboardSchoolSlot *slot,
                  GParamSpec        *pspec,
                  Fixture           *fixture)
{
  fixture->n_notified++;
}

static void
slots_changed_cb (GListModel *slots,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_ptr_array_add (fixture->changes, g_strdup_printf ("%u %u %u", position, removed, added));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OnboardSchoolSlot) slot = g_list_model_get_item (slots, i);

      g_signal_connect (slot, "notify::school", G_CALLBACK (slot_notified_cb), fixture);
    }
}

/* Each slot holds the school at its place, and there are no more slots
 * than the limit. */
static void
assert_follows (Fixture *fixture)
{
  GListModel *slots = G_LIST_MODEL (fixture->slots);
  guint n_schools = g_list_model_get_n_items (G_LIST_MODEL (fixture->schools));
  guint n = g_list_model_get_n_items (slots);

  g_assert_cmpuint (n, ==, MIN (n_schools, onboard_school_slots_get_limit (fixture->slots)));
  g_assert_null (g_list_model_get_item (slots, n));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnboardSchoolSlot) slot = g_list_model_get_item (slots, i);
      g_autoptr(OnboardSchool) school = g_list_model_get_item (G_LIST_MODEL (fixture->schools), i);

      g_assert_true (onboard_school_slot_get_school (slot) == school);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->schools = g_list_store_new (ONBOARD_TYPE_SCHOOL);
  show_schools (fixture, 0, 50);
  fixture->slots = onboard_school_slots_new (G_LIST_MODEL (fixture->schools), 20);
  fixture->changes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->slots, "items-changed", G_CALLBACK (slots_changed_cb), fixture);
  slots_changed_cb (G_LIST_MODEL (fixture->slots), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture->slots)), fixture);
  g_ptr_array_set_size (fixture->changes, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->slots);
  g_clear_object (&fixture->schools);
  g_clear_pointer (&fixture->changes, g_ptr_array_unref);
}

static void
test_limit (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_true (onboard_school_slots_get_schools (fixture->slots) == G_LIST_MODEL (fixture->schools));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->slots)) == ONBOARD_TYPE_SCHOOL_SLOT);
  assert_follows (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->slots)), ==, 20);
}

/* A new search: the same slot objects, each with its new school; the list
 * hears of no change at all while there are as many. */
static void
test_places_stay (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (fixture->slots), i));

  show_schools (fixture, 1000, 30);
  assert_follows (fixture);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
  g_assert_cmpuint (fixture->n_notified, ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(OnboardSchoolSlot) slot = g_list_model_get_item (G_LIST_MODEL (fixture->slots), i);

      g_assert_true (slot == g_ptr_array_index (before, i));
    }
}

/* Fewer matches, then more: the list shrinks and grows at its end only. */
static void
test_ends_change (Fixture       *fixture,
                  gconstpointer  data)
{
  show_schools (fixture, 2000, 5);
  assert_follows (fixture);
  g_assert_cmpuint (fixture->changes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 0), ==, "5 15 0");

  show_schools (fixture, 0, 0);
  assert_follows (fixture);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 1), ==, "0 5 0");

  show_schools (fixture, 3000, 8);
  assert_follows (fixture);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 2), ==, "0 0 8");

  show_schools (fixture, 4000, 400);
  assert_follows (fixture);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 3), ==, "8 0 12");
  g_assert_cmpuint (fixture->changes->len, ==, 4);
}

/* Only the slots whose school changed say so: a row is laid out again
 * only when its text changes. */
static void
test_only_changed_slots_notify (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OnboardSchool) inserted = school_new (9000);
  g_autoptr(OnboardSchool) replacement = school_new (9001);

  /* Past the shown places: nothing. */
  g_list_store_remove (fixture->schools, 30);
  g_list_store_insert (fixture->schools, 25, inserted);
  g_assert_cmpuint (fixture->n_notified, ==, 0);
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* One school replaced by another: one slot. */
  g_list_store_splice (fixture->schools, 3, 1, (gpointer *)&replacement, 1);
  assert_follows (fixture);
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* One inserted near the top: every slot from there on moves down. */
  fixture->n_notified = 0;
  g_list_store_insert (fixture->schools, 17, inserted);
  assert_follows (fixture);
  g_assert_cmpuint (fixture->n_notified, ==, 3);
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/onboard/school-slots/limit", Fixture, NULL,
              fixture_set_up, test_limit, fixture_tear_down);
  g_test_add ("/onboard/school-slots/places-stay", Fixture, NULL,
              fixture_set_up, test_places_stay, fixture_tear_down);
  g_test_add ("/onboard/school-slots/ends-change", Fixture, NULL,
              fixture_set_up, test_ends_change, fixture_tear_down);
  g_test_add ("/onboard/school-slots/only-changed-slots-notify", Fixture, NULL,
              fixture_set_up, test_only_changed_slots_notify, fixture_tear_down);

  return g_test_run ();
}
