/* fuzz-school-directory.c: the body of GET /schools, and searching it
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-school-directory.h"
#include "onboard-school-filter.h"
#include "onboard-school-results.h"
#include "onboard-validators.h"

/* The input is two search queries, a line each, then the body:
 *
 *   st mary
 *   st marys
 *   [{"urn":"100000","name":"St Mary's", …}]
 *
 * Besides reading the body safely, the filter must keep the promise
 * GtkFilterListModel relies on: after a change it calls MORE_STRICT it
 * re-checks only the schools that matched, after LESS_STRICT only those
 * that did not, and after no signal none at all. A broken promise shows
 * the office worker a wrong list. And the answers it works out from the
 * directory's indexes must be those it gives a school at a time; the
 * ranked results the school step shows must list exactly those schools,
 * in the same order whatever was searched before. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  return 0;
}

static void
on_changed (GtkFilter       *filter,
            GtkFilterChange  change,
            gpointer         user_data)
{
  int *last_change = user_data;

  *last_change = change;
}

/* What a search entry can hand over: always UTF-8. */
static char *
query_from_line (const char *line)
{
  return g_utf8_make_valid (line, -1);
}

static void
check_school (OnboardSchoolDirectory *directory,
              OnboardSchool          *school)
{
  g_autoptr(OnboardSchool) found = NULL;
  g_autofree char *dfe_number = NULL;
  const char *urn = onboard_school_get_urn (school);
  const char *laestab = onboard_school_get_laestab (school);

  /* Rows show all of these, so all must be text. */
  g_assert_nonnull (urn);
  g_assert_cmpstr (urn, !=, "");
  g_assert_nonnull (onboard_school_get_name (school));
  g_assert_cmpstr (onboard_school_get_name (school), !=, "");
  g_assert_nonnull (onboard_school_get_town (school));
  g_assert_nonnull (onboard_school_get_postcode (school));
  g_assert_nonnull (onboard_school_get_status (school));
  onboard_fuzz_assert_text (urn);
  onboard_fuzz_assert_text (laestab);
  onboard_fuzz_assert_text (onboard_school_get_name (school));
  onboard_fuzz_assert_text (onboard_school_get_town (school));
  onboard_fuzz_assert_text (onboard_school_get_postcode (school));
  onboard_fuzz_assert_text (onboard_school_get_la_name (school));
  onboard_fuzz_assert_text (onboard_school_get_phase (school));
  onboard_fuzz_assert_text (onboard_school_get_establishment_type (school));
  onboard_fuzz_assert_text (onboard_school_get_status (school));

  /* A LAESTAB is kept only as its seven digits. */
  dfe_number = onboard_school_dup_dfe_number (school);
  if (laestab != NULL)
    {
      g_assert_cmpuint (strlen (laestab), ==, 7);
      g_assert_true (onboard_dfe_number_is_valid (laestab));
      g_assert_nonnull (dfe_number);
      g_assert_cmpuint (strlen (dfe_number), ==, 8);
      g_assert_cmpint (dfe_number[3], ==, '/');
    }
  else
    {
      g_assert_null (dfe_number);
    }

  /* Duplicates are allowed; the one found has the same URN. */
  found = onboard_school_directory_find_by_urn (directory, urn);
  g_assert_nonnull (found);
  g_assert_cmpstr (onboard_school_get_urn (found), ==, urn);
}

/* What a filter that has answered for another store first says of each
 * school of @model: worked out from each school alone. */
static gboolean *
match_one_by_one (const char *query,
                  GListModel *model)
{
  g_autoptr(OnboardSchoolFilter) filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchool) elsewhere = NULL;
  guint n_items = g_list_model_get_n_items (model);
  gboolean *matches = g_new0 (gboolean, MAX (n_items, 1));

  elsewhere = onboard_school_new ("999999", NULL, "Elsewhere", "Nowhere", "ZZ1 1ZZ",
                                  NULL, NULL, NULL, "open");
  onboard_school_filter_set_query (filter, query);
  gtk_filter_match (GTK_FILTER (filter), elsewhere);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

      matches[i] = gtk_filter_match (GTK_FILTER (filter), school);
    }

  return matches;
}

static gboolean *
match_all (OnboardSchoolFilter *filter,
           GListModel          *model)
{
  guint n_items = g_list_model_get_n_items (model);
  gboolean *matches = g_new0 (gboolean, MAX (n_items, 1));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

      matches[i] = gtk_filter_match (GTK_FILTER (filter), school);
    }

  return matches;
}

/* The ranked results list each school @expected says matches, once,
 * and in the order a fresh list for the same query has: what came before
 * changes nothing. */
static void
check_results (OnboardSchoolResults *results,
               const char           *query,
               const gboolean       *expected,
               GListModel           *model)
{
  g_autoptr(OnboardSchoolFilter) fresh_filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) fresh = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  guint n_expected = 0;

  onboard_school_filter_set_query (fresh_filter, query);
  fresh = onboard_school_results_new (ONBOARD_SCHOOL_DIRECTORY (model), fresh_filter);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    n_expected += expected[i] ? 1 : 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (results)), ==, n_expected);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      OnboardSchool *school = g_list_model_get_item (G_LIST_MODEL (results), i);
      g_autoptr(OnboardSchool) fresh_school = g_list_model_get_item (G_LIST_MODEL (fresh), i);
      gboolean found = FALSE;

      g_assert_true (school == fresh_school);
      g_assert_false (g_hash_table_contains (seen, school));
      g_hash_table_add (seen, school);

      for (guint j = 0; j < g_list_model_get_n_items (model) && !found; j++)
        {
          g_autoptr(OnboardSchool) listed = g_list_model_get_item (model, j);

          found = listed == school && expected[j];
        }
      g_assert_true (found);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *line1 = onboard_fuzz_split_line (&data, &size);
  g_autofree char *line2 = onboard_fuzz_split_line (&data, &size);
  g_autofree char *query1 = query_from_line (line1);
  g_autofree char *query2 = query_from_line (line2);
  g_autoptr(GBytes) body = onboard_fuzz_bytes_new (data, size);
  g_autoptr(OnboardSchoolDirectory) directory = NULL;
  g_autoptr(OnboardSchoolFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *before = NULL;
  g_autofree gboolean *after = NULL;
  g_autofree gboolean *expected_before = NULL;
  g_autofree gboolean *expected_after = NULL;
  g_autoptr(OnboardSchoolFilter) ranked_filter = NULL;
  g_autoptr(OnboardSchoolResults) results = NULL;
  GListModel *model;
  int change = -1;
  guint n_items;

  directory = onboard_school_directory_new_from_bytes (body, &error);
  if (directory == NULL)
    {
      g_assert_true (error->domain == ONBOARD_SCHOOL_DIRECTORY_ERROR);
      g_assert_true (error->code == ONBOARD_SCHOOL_DIRECTORY_ERROR_INVALID_JSON ||
                     error->code == ONBOARD_SCHOOL_DIRECTORY_ERROR_NOT_AN_ARRAY);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  model = G_LIST_MODEL (directory);
  n_items = g_list_model_get_n_items (model);
  g_assert_true (g_list_model_get_item_type (model) == ONBOARD_TYPE_SCHOOL);
  g_assert_null (g_list_model_get_item (model, n_items));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);
      g_autoptr(OnboardSchool) again = g_list_model_get_item (model, i);

      g_assert_true (school == again);
      check_school (directory, school);
    }

  filter = onboard_school_filter_new ();

  /* No query shows every school. */
  before = match_all (filter, model);
  for (guint i = 0; i < n_items; i++)
    g_assert_true (before[i]);
  g_clear_pointer (&before, g_free);

  onboard_school_filter_set_query (filter, query1);
  before = match_all (filter, model);

  g_signal_connect (filter, "changed", G_CALLBACK (on_changed), &change);
  onboard_school_filter_set_query (filter, query2);
  after = match_all (filter, model);

  expected_before = match_one_by_one (query1, model);
  expected_after = match_one_by_one (query2, model);

  for (guint i = 0; i < n_items; i++)
    {
      g_assert_cmpint (before[i], ==, expected_before[i]);
      g_assert_cmpint (after[i], ==, expected_after[i]);

      switch (change)
        {
        case -1:
          g_assert_cmpint (before[i], ==, after[i]);
          break;

        case GTK_FILTER_CHANGE_MORE_STRICT:
          g_assert_true (before[i] || !after[i]);
          break;

        case GTK_FILTER_CHANGE_LESS_STRICT:
          g_assert_true (after[i] || !before[i]);
          break;

        default:
          break;
        }
    }

  ranked_filter = onboard_school_filter_new ();
  results = onboard_school_results_new (directory, ranked_filter);
  onboard_school_filter_set_query (ranked_filter, query1);
  check_results (results, query1, expected_before, model);
  onboard_school_filter_set_query (ranked_filter, query2);
  check_results (results, query2, expected_after, model);

  return 0;
}
