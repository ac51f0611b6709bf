/* test-school-filter.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>

#include "onboard-school-directory.h"
#include "onboard-school-filter.h"

/* Real schools, copied from the GIAS and EduBase lists of tests/data/schools/. */
static OnboardSchoolDirectory *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autofree char *path = NULL;
  OnboardSchoolDirectory *directory;
  char *contents = NULL;
  gsize len = 0;

  path = g_test_build_filename (G_TEST_DIST, "fixtures", "model", "schools.json", NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  json = g_bytes_new_take (contents, len);
  directory = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 45);

  return directory;
}

/* The URNs a model shows, in order, space separated. */
static char *
dup_urns (GListModel *model)
{
  GString *urns = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

      if (urns->len > 0)
        g_string_append_c (urns, ' ');
      g_string_append (urns, onboard_school_get_urn (school));
    }

  return g_string_free (urns, FALSE);
}

/* What a fresh filter over a fresh model shows for @query: no history. */
static char *
dup_urns_fresh (GListModel *directory,
                const char *query)
{
  g_autoptr(GtkFilterListModel) model = NULL;
  OnboardSchoolFilter *filter = onboard_school_filter_new ();

  onboard_school_filter_set_query (filter, query);
  model = gtk_filter_list_model_new (g_object_ref (directory), GTK_FILTER (filter));

  return dup_urns (G_LIST_MODEL (model));
}

#define ALL_SCHOOLS \
  "100000 100018 100020 100042 100050 100350 100371 100471 100499 100518 100605 101109 " \
  "101113 101122 101137 101159 101162 101573 102036 102684 103122 104802 106180 108040 " \
  "108618 108898 109215 110611 110839 110841 110911 110912 114566 115993 117763 123912 " \
  "126416 132065 138545 141126 146833 400085 402323 402390 402424"

#define ST_MARYS "100042 100350 102036 104802 108040 108618 110912 114566"

static const struct {
  const char *query;
  const char *urns;
} match_cases[] = {
  /* Every typed word starts a word of the name or town, in any order. */
  { "st marys", ST_MARYS },
  { "St Mary's", ST_MARYS },
  { "ST MARYS", ST_MARYS },
  { "st. mary's", ST_MARYS },
  { "st mary’s", ST_MARYS },
  { "marys st", ST_MARYS },
  { "mary prim st", "100042 100350 101137 102036 104802 108040 108618 114566" },
  { "primary st marys catholic", "100350 102036 104802 108040 108618 114566" },
  { "mary", "100042 100350 100499 101137 102036 104802 108040 108618 110912 114566" },
  { "marys kilburn", "100042" },
  { "saint", "100499" },
  { "angels", "101137" },
  /* "marys" starts no word of "Rosemary", and "hill" none of "Churchill". */
  { "marys", "100042 100350 100499 102036 104802 108040 108618 110912 114566" },
  { "rosemary school", "100471 108898 132065" },
  { "hill", "100020 100050 100518 100605" },
  { "churchill", "101109 109215" },
  { "ill", "" },
  /* Accents, case and punctuation do not matter. */
  { "prevert", "100371" },
  { "Prévert", "100371" },
  { "ECOLE FRANCAISE", "100371" },
  { "française londres", "100371" },
  { "ysgol gymraeg", "101573 400085" },
  { "Ysgol Gymraeg", "101573 400085" },
  { "gymraeg ysgol", "101573 400085" },
  { "ysgol", "101573 400085 402390" },
  { "llundain", "101573" },
  { "awel y mor", "402323" },
  { "Awel Y Môr", "402323" },
  { "awel y", "402323 402390" },
  { "llechan lan", "402424" },
  { "thomas à becket", "126416" },
  { "st thomas a", "126416" },
  { "St Stephen’s", "146833" },
  { "stephens", "146833" },
  { "burdett-coutts", "101122" },
  { "burdett coutts", "101122" },
  { "netley & centre", "100018" },
  { "king's college", "102684 110911 123912" },
  { "kings coll", "102684 110911 123912" },
  { "college king", "102684 110911 123912" },
  { "oakfield primary", "106180 115993 117763" },
  { "academy trust", "138545 141126" },
  /* The town counts as words of the name. */
  { "oakfield primary southampton", "115993" },
  { "cambridge st", "110839 110841 110912" },
  { "bangkok", "146833" },
  { "london welsh", "101573" },
  /* Postcodes, full or outward, any case or spacing. */
  { "sw1p", "101113 101122 101159 101162" },
  { "SW1P", "101113 101122 101159 101162" },
  { "sw1p 3", "101159 101162" },
  { "SW1P 3NY", "101159" },
  { "sw1p3ny", "101159" },
  { "  sw1p   3ny ", "101159" },
  { "Sw1P 4hR", "101113" },
  { "SW1P 3BT", "" },
  { "sw1", "100518 101109 101113 101122 101159 101162 102684" },
  { "sw19", "102684" },
  { "w6 7be", "100371" },
  { "W6", "100371" },
  { "cb2", "110611 110839 110841 110912" },
  { "cb21", "110611 110839 110841 110912" },
  { "cb21 ", "110611" },
  { "CB21 6AE", "110611" },
  { "cb2 1", "110839 110841 110912" },
  { "cb2 1hj", "110839" },
  { "cb21hj", "110839" },
  /* URNs and DfE numbers, exactly. */
  { "100000", "100000" },
  { " 100371 ", "100371" },
  { "10000", "" },
  { "1000000", "" },
  { "330/1006", "103122" },
  { "3301006", "103122" },
  { "330-1006", "103122" },
  { "330 1006", "103122" },
  { "202/3517", "100042" },
  { "330/100", "" },
  { "330/2005", "" },
  /* Nothing to search for: everything. */
  { "", ALL_SCHOOLS },
  { "   ", ALL_SCHOOLS },
  { "'", ALL_SCHOOLS },
  { "zzz", "" },
  { "st marys zzz", "" },
};

static void
test_matches (void)
{
  OnboardSchoolDirectory *directory = load_fixture ();

  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *urns = NULL;

      g_test_message ("query \"%s\"", match_cases[i].query);

      urns = dup_urns_fresh (G_LIST_MODEL (directory), match_cases[i].query);
      g_assert_cmpstr (urns, ==, match_cases[i].urns);
    }

  g_assert_finalize_object (directory);
}

static void
test_postcode_near_miss (void)
{
  OnboardSchool *downing_street;
  OnboardSchool *millbank;
  OnboardSchoolFilter *filter = onboard_school_filter_new ();

  downing_street = onboard_school_new ("100999", NULL, "Downing Street School", "London", "SW1A 2AA",
                                       NULL, NULL, NULL, "open");
  millbank = onboard_school_new ("101113", NULL, "Millbank Primary School", "London", "SW1P 4HR",
                                 NULL, NULL, NULL, "closed");

  onboard_school_filter_set_query (filter, "sw1p");
  g_assert_false (gtk_filter_match (GTK_FILTER (filter), downing_street));
  g_assert_true (gtk_filter_match (GTK_FILTER (filter), millbank));

  onboard_school_filter_set_query (filter, "sw1a");
  g_assert_true (gtk_filter_match (GTK_FILTER (filter), downing_street));
  g_assert_false (gtk_filter_match (GTK_FILTER (filter), millbank));

  onboard_school_filter_set_query (filter, "sw1a2aa");
  g_assert_true (gtk_filter_match (GTK_FILTER (filter), downing_street));

  onboard_school_filter_set_query (filter, "sw1a 2ab");
  g_assert_false (gtk_filter_match (GTK_FILTER (filter), downing_street));

  g_assert_finalize_object (filter);
  g_assert_finalize_object (downing_street);
  g_assert_finalize_object (millbank);
}

static void
test_not_a_school (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  GtkStringObject *string = gtk_string_object_new ("St Mary's Catholic Primary School");

  /* Nothing to look at in other items: they never match a query. */
  onboard_school_filter_set_query (filter, "st marys");
  g_assert_false (gtk_filter_match (GTK_FILTER (filter), string));

  onboard_school_filter_set_query (filter, "");
  g_assert_true (gtk_filter_match (GTK_FILTER (filter), string));

  g_assert_finalize_object (filter);
  g_assert_finalize_object (string);
}

static void
test_strictness (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();

  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);
  g_assert_null (onboard_school_filter_get_query (filter));

  onboard_school_filter_set_query (filter, "st");
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_SOME);
  g_assert_cmpstr (onboard_school_filter_get_query (filter), ==, "st");

  onboard_school_filter_set_query (filter, " - ");
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);

  onboard_school_filter_set_query (filter, NULL);
  g_assert_cmpint (gtk_filter_get_strictness (GTK_FILTER (filter)), ==, GTK_FILTER_MATCH_ALL);

  g_assert_finalize_object (filter);
}

typedef struct
{
  guint           n_changed;
  GtkFilterChange change;
  guint           n_notify;
} ChangeLog;

static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   ChangeLog       *log)
{
  log->n_changed++;
  log->change = change;
}

static void
query_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 ChangeLog  *log)
{
  log->n_notify++;
}

#define NO_SIGNAL ((GtkFilterChange)-1)

static void
test_changes (void)
{
  static const struct {
    const char      *from;
    const char      *to;
    GtkFilterChange  change;
  } cases[] = {
    /* Typing narrows. */
    { "", "s", GTK_FILTER_CHANGE_MORE_STRICT },
    { "s", "st", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st", "st m", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st m", "st ma", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st mary", "st mary's", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st marys", "st marys c", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st marys", "marys st", GTK_FILTER_CHANGE_MORE_STRICT },
    { "prevert", "Prévert", NO_SIGNAL },
    { "mary", "st mary", GTK_FILTER_CHANGE_MORE_STRICT },
    { "sw1", "sw1p", GTK_FILTER_CHANGE_MORE_STRICT },
    { "sw1p", "sw1p ", GTK_FILTER_CHANGE_MORE_STRICT },
    { "sw1p ", "sw1p 3", GTK_FILTER_CHANGE_MORE_STRICT },
    { "sw1p 3", "sw1p 3b", GTK_FILTER_CHANGE_MORE_STRICT },
    { "cb21", "cb21 ", GTK_FILTER_CHANGE_MORE_STRICT },
    /* Nothing that could change the results. */
    { "st", "st ", NO_SIGNAL },
    { "st", "ST", NO_SIGNAL },
    { "st marys", "st mary's", NO_SIGNAL },
    { "", "   ", NO_SIGNAL },
    { "", "'", NO_SIGNAL },
    /* Deleting widens. */
    { "st", "s", GTK_FILTER_CHANGE_LESS_STRICT },
    { "s", "", GTK_FILTER_CHANGE_LESS_STRICT },
    { "st marys", "st mary", GTK_FILTER_CHANGE_LESS_STRICT },
    { "st marys", "marys", GTK_FILTER_CHANGE_LESS_STRICT },
    { "st m", "st ", GTK_FILTER_CHANGE_LESS_STRICT },
    { "sw1p 3", "sw1p", GTK_FILTER_CHANGE_LESS_STRICT },
    { "sw1p", "sw1", GTK_FILTER_CHANGE_LESS_STRICT },
    /* Anything else. */
    { "oak", "hill", GTK_FILTER_CHANGE_DIFFERENT },
    { "st marys", "st johns", GTK_FILTER_CHANGE_DIFFERENT },
    /* "SW1…" postcodes match "sw1" but not necessarily "sw". */
    { "sw", "sw1", GTK_FILTER_CHANGE_DIFFERENT },
    { "sw1", "sw", GTK_FILTER_CHANGE_DIFFERENT },
    /* School 100000 matches "100000" by URN, not "10000" or "1000000". */
    { "10000", "100000", GTK_FILTER_CHANGE_DIFFERENT },
    { "100000", "10000", GTK_FILTER_CHANGE_DIFFERENT },
    { "100000", "1000000", GTK_FILTER_CHANGE_DIFFERENT },
    { "330/100", "330/1006", GTK_FILTER_CHANGE_DIFFERENT },
    /* "CB2 1…" matches "cb21" but not "cb21 ". */
    { "cb21 ", "cb21", GTK_FILTER_CHANGE_LESS_STRICT },
    { "cb21 ", "cb2 1", GTK_FILTER_CHANGE_DIFFERENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OnboardSchoolFilter *filter = onboard_school_filter_new ();
      ChangeLog log = { 0, NO_SIGNAL, 0 };

      g_test_message ("\"%s\" to \"%s\"", cases[i].from, cases[i].to);

      onboard_school_filter_set_query (filter, cases[i].from);
      g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), &log);
      g_signal_connect (filter, "notify::query", G_CALLBACK (query_notify_cb), &log);

      onboard_school_filter_set_query (filter, cases[i].to);

      g_assert_cmpuint (log.n_notify, ==, 1);
      if (cases[i].change == NO_SIGNAL)
        {
          g_assert_cmpuint (log.n_changed, ==, 0);
        }
      else
        {
          g_assert_cmpuint (log.n_changed, ==, 1);
          g_assert_cmpint (log.change, ==, cases[i].change);
        }

      /* Setting the same text again is no change at all. */
      onboard_school_filter_set_query (filter, cases[i].to);
      g_assert_cmpuint (log.n_notify, ==, 1);

      g_assert_finalize_object (filter);
    }
}

static void
test_property (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autofree char *query = NULL;
  ChangeLog log = { 0, NO_SIGNAL, 0 };

  g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), &log);

  g_object_set (filter, "query", "awel", NULL);
  g_object_get (filter, "query", &query, NULL);

  g_assert_cmpstr (query, ==, "awel");
  g_assert_cmpuint (log.n_changed, ==, 1);
  g_assert_cmpint (log.change, ==, GTK_FILTER_CHANGE_MORE_STRICT);

  g_assert_finalize_object (filter);
}

/* Types each query a key at a time, then deletes it a key at a time, and
 * checks after every key that the list GtkFilterListModel keeps up to
 * date from the change hints is the list a fresh search gives: a hint
 * that claims too much would show stale results here. */
static void
test_typing (void)
{
  static const char * const queries[] = {
    "st mary's prim",
    "mary prim st",
    "Ysgol Gymraeg",
    "Prévert",
    "king's college",
    "oakfield primary",
    "hill",
    "academy trust",
    "SW1P 3NY",
    "sw1p3ny",
    "cb21 6ae",
    "cb2 1hj",
    "100000",
    "330/1006",
    "330-1006",
    "3301006",
    "sw19 4tt",
  };
  OnboardSchoolDirectory *directory = load_fixture ();
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(GtkFilterListModel) model = NULL;

  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (directory)),
                                     GTK_FILTER (g_object_ref (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      glong len = g_utf8_strlen (queries[i], -1);

      for (glong n = 1; n <= 2 * len; n++)
        {
          g_autofree char *typed = g_utf8_substring (queries[i], 0, n <= len ? n : 2 * len - n);
          g_autofree char *shown = NULL;
          g_autofree char *expected = NULL;

          onboard_school_filter_set_query (filter, typed);

          shown = dup_urns (G_LIST_MODEL (model));
          expected = dup_urns_fresh (G_LIST_MODEL (directory), typed);

          if (g_strcmp0 (shown, expected) != 0)
            g_test_message ("after typing \"%s\"", typed);
          g_assert_cmpstr (shown, ==, expected);
        }
    }

  g_clear_object (&model);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (directory);
}

static void
append_json_string (GString    *json,
                    const char *text)
{
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json, '\\');
      g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* The 2022 GIAS list of tests/data/schools/ (urn, name, town,
 * postcode, open_date, close_date; RFC 4180) as a GET /schools body. */
static GBytes *
load_shared_schools (GPtrArray **out_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *school_data;
  GString *json;
  gsize len = 0;

  school_data = g_getenv ("ONBOARD_SCHOOL_DATA");
  g_assert_nonnull (school_data);
  path = g_build_filename (school_data, "schools", "gias-2022-07-all-establishments.csv", NULL);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < len; i++)
    {
      if (contents[i] == '"' && field->len == 0)
        {
          for (i++; i < len && !(contents[i] == '"' && (i + 1 == len || contents[i + 1] != '"')); i++)
            {
              if (contents[i] == '"')
                i++;
              g_string_append_c (field, contents[i]);
            }
        }
      else if (contents[i] == ',' || contents[i] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (contents[i] == '\n')
            {
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
            }
        }
      else
        {
          g_string_append_c (field, contents[i]);
        }
    }

  /* The header goes; every row has its six columns. */
  g_ptr_array_remove_index (rows, 0);
  g_assert_cmpuint (rows->len, ==, 49514);

  json = g_string_new ("[");
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (g_strv_length (row), ==, 6);
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append (json, "{\"urn\":");
      append_json_string (json, row[0]);
      g_string_append (json, ",\"name\":");
      append_json_string (json, row[1]);
      g_string_append (json, ",\"town\":");
      append_json_string (json, row[2]);
      g_string_append (json, ",\"postcode\":");
      append_json_string (json, row[3]);
      g_string_append (json, ",\"status\":");
      append_json_string (json, row[5][0] != '\0' ? "closed" : "open");
      g_string_append_c (json, '}');
    }
  g_string_append_c (json, ']');

  *out_rows = g_steal_pointer (&rows);

  return g_string_free_to_bytes (json);
}

/* The words of @text the slow, obvious way, for checking the fast one. */
static GStrv
reference_words (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  g_autoptr(GString) cleaned = g_string_new (NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_auto(GStrv) parts = NULL;

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (cleaned, *p);
      else if (*p != '\'')
        g_string_append_c (cleaned, ' ');
    }

  parts = g_strsplit (cleaned->str, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_ptr_array_add (words, g_strdup (parts[i]));
    }
  g_ptr_array_add (words, NULL);

  return (GStrv)g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

static gboolean
reference_match (GStrv       query_words,
                 const char *name,
                 const char *town)
{
  g_autofree char *text = g_strconcat (name, " ", town, NULL);
  g_auto(GStrv) words = reference_words (text);

  for (guint i = 0; query_words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; words[j] != NULL && !found; j++)
        found = g_str_has_prefix (words[j], query_words[i]);

      if (!found)
        return FALSE;
    }

  return TRUE;
}

/* All 49,514 schools of the 2022 list: the precomputed keys and quick
 * rejections find exactly what a plain word-by-word comparison finds, and
 * typing through a GtkFilterListModel keeps showing exactly that. */
static void
test_real_lists (void)
{
  static const char * const queries[] = {
    "st marys",
    "mary prim st",
    "prevert",
    "ysgol gymraeg",
    "awel y mor",
    "king's college",
    "oakfield primary",
    "hill",
    "academy trust",
    "thomas a becket",
    "london welsh",
    "ab",
    "q",
  };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GBytes) json = load_shared_schools (&rows);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFilterListModel) model = NULL;
  OnboardSchoolDirectory *directory;
  OnboardSchoolFilter *filter;

  directory = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, rows->len);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (directory), ==, 0);

  filter = onboard_school_filter_new ();
  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (directory)),
                                     GTK_FILTER (g_object_ref (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_auto(GStrv) query_words = reference_words (queries[q]);
      g_autoptr(GString) expected = g_string_new (NULL);
      g_autofree char *shown = NULL;
      glong len = g_utf8_strlen (queries[q], -1);

      g_test_message ("query \"%s\"", queries[q]);

      for (guint i = 0; i < rows->len; i++)
        {
          GStrv row = g_ptr_array_index (rows, i);

          if (reference_match (query_words, row[1], row[2]))
            g_string_append_printf (expected, "%s%s", expected->len > 0 ? " " : "", row[0]);
        }

      for (glong n = 1; n <= len; n++)
        {
          g_autofree char *typed = g_utf8_substring (queries[q], 0, n);

          onboard_school_filter_set_query (filter, typed);
        }

      shown = dup_urns (G_LIST_MODEL (model));
      g_assert_cmpstr (shown, ==, expected->str);
      g_assert_cmpuint (strlen (shown), >, 0);

      onboard_school_filter_set_query (filter, "");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, rows->len);
    }

  g_clear_object (&model);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (directory);
}

/* The URNs of @directory's schools @filter matches, in order. */
static char *
dup_urns_matched (GtkFilter  *filter,
                  GListModel *directory)
{
  GString *urns = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (directory); i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (directory, i);

      if (!gtk_filter_match (filter, school))
        continue;

      if (urns->len > 0)
        g_string_append_c (urns, ' ');
      g_string_append (urns, onboard_school_get_urn (school));
    }

  return g_string_free (urns, FALSE);
}

/* A filter answers a list's schools from its indexes, and any other
 * school from the school alone. Over all 49,514 schools of the 2022 list,
 * after every key typed and deleted, the list kept up to date from the
 * index (and the change hints worked out from it) shows exactly the
 * schools a school-by-school look finds. The second look is at a copy of
 * the directory, which a filter that has seen another store first can
 * only answer one school at a time. */
static void
test_index_agrees (void)
{
  static const char * const queries[] = {
    "st marys",
    "mary prim st",
    "st st",
    "a b c",
    "ysgol gymraeg",
    "king's college",
    "oakfield primary",
    "academy trust",
    "international",
    "northamptonshire",
    /* Longer than the index's ten characters, and sharing those with
     * "independence", "middlethorne" and "mathematical". */
    "independent",
    "middlethorpe",
    "mathematics",
    "comprehensive school",
    "SW1P 3BT",
    "sw1p3bt",
    "b26 ",
    "cb2 1",
    "100000",
    "330/2005",
    "3302005",
    "x",
  };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GBytes) json = load_shared_schools (&rows);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFilterListModel) model = NULL;
  g_autoptr(OnboardSchool) elsewhere = NULL;
  OnboardSchoolDirectory *directory;
  OnboardSchoolDirectory *copy;
  OnboardSchoolFilter *filter;
  OnboardSchoolFilter *one_by_one;
  guint n_checked = 0;

  directory = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);
  copy = onboard_school_directory_new_from_bytes (json, &error);
  g_assert_no_error (error);
  elsewhere = onboard_school_new ("999999", NULL, "Elsewhere School", "Nowhere", "ZZ1 1ZZ",
                                  NULL, NULL, NULL, "open");

  filter = onboard_school_filter_new ();
  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (directory)),
                                     GTK_FILTER (g_object_ref (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);
  one_by_one = onboard_school_filter_new ();

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      glong len = g_utf8_strlen (queries[q], -1);

      for (glong n = 1; n <= 2 * len; n++)
        {
          g_autofree char *typed = g_utf8_substring (queries[q], 0, n <= len ? n : 2 * len - n);
          g_autofree char *shown = NULL;
          g_autofree char *expected = NULL;

          onboard_school_filter_set_query (filter, typed);
          onboard_school_filter_set_query (one_by_one, typed);

          /* The first school it sees gives a filter its store. */
          gtk_filter_match (GTK_FILTER (one_by_one), elsewhere);

          shown = dup_urns (G_LIST_MODEL (model));
          expected = dup_urns_matched (GTK_FILTER (one_by_one), G_LIST_MODEL (copy));

          if (g_strcmp0 (shown, expected) != 0)
            g_test_message ("after \"%s\"", typed);
          g_assert_cmpstr (shown, ==, expected);
          n_checked += strlen (shown) > 0;
        }
    }

  /* Most keys found something: the comparison is not of empty lists. */
  g_assert_cmpuint (n_checked, >, 150);

  g_clear_object (&model);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (one_by_one);
  g_assert_finalize_object (directory);
  g_assert_finalize_object (copy);
}

/* A key that changes no school's answer tells the list nothing; one that
 * does tells it exactly how. */
static void
test_quiet_keys (void)
{
  static const struct {
    const char      *from;
    const char      *to;
    GtkFilterChange  change;
  } cases[] = {
    /* Only "Churchill" starts "churchil", only "Rosemary" "rose", and
     * only Millbank's postcode "SW1P 4". */
    { "churchil", "churchill", NO_SIGNAL },
    { "rose", "rosemary", NO_SIGNAL },
    { "rosemary s", "rosemary sc", NO_SIGNAL },
    { "sw1p 4", "sw1p 4h", NO_SIGNAL },
    { "churchill", "churchil", NO_SIGNAL },
    /* "Primary" starts "prim" but not "primr". */
    { "prim", "primr", GTK_FILTER_CHANGE_MORE_STRICT },
    { "st marys", "st mary", GTK_FILTER_CHANGE_LESS_STRICT },
    /* By the DfE number of Garretts Green, and the URN of Aldgate. */
    { "330/100", "330/1006", GTK_FILTER_CHANGE_LESS_STRICT },
    { "10000", "100000", GTK_FILTER_CHANGE_LESS_STRICT },
    { "oak", "hill", GTK_FILTER_CHANGE_DIFFERENT },
  };
  OnboardSchoolDirectory *directory = load_fixture ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OnboardSchoolFilter *filter = onboard_school_filter_new ();
      g_autoptr(GtkFilterListModel) model = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *expected = NULL;
      ChangeLog log = { 0, NO_SIGNAL, 0 };

      g_test_message ("\"%s\" to \"%s\"", cases[i].from, cases[i].to);

      model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (directory)),
                                         GTK_FILTER (g_object_ref (filter)));
      onboard_school_filter_set_query (filter, cases[i].from);
      before = dup_urns (G_LIST_MODEL (model));

      g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), &log);
      onboard_school_filter_set_query (filter, cases[i].to);
      after = dup_urns (G_LIST_MODEL (model));
      expected = dup_urns_fresh (G_LIST_MODEL (directory), cases[i].to);

      g_assert_cmpstr (after, ==, expected);
      if (cases[i].change == NO_SIGNAL)
        {
          g_assert_cmpuint (log.n_changed, ==, 0);
          g_assert_cmpstr (after, ==, before);
        }
      else
        {
          g_assert_cmpuint (log.n_changed, ==, 1);
          g_assert_cmpint (log.change, ==, cases[i].change);
        }

      g_clear_object (&model);
      g_assert_finalize_object (filter);
    }

  g_assert_finalize_object (directory);
}

/* A fresher directory replaces the list's: the filter answers for the new
 * one from the next key on, and shows the right schools meanwhile. */
static void
test_new_directory (void)
{
  static const char * const typed[] = { "st", "st m", "st mar", "st marys", "st mary", "hill", "sw1p" };
  OnboardSchoolDirectory *first = load_fixture ();
  OnboardSchoolDirectory *second = load_fixture ();
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(GtkFilterListModel) model = NULL;

  model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (first)),
                                     GTK_FILTER (g_object_ref (filter)));
  gtk_filter_list_model_set_incremental (model, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *shown = NULL;
      g_autofree char *expected = NULL;

      onboard_school_filter_set_query (filter, typed[i]);

      /* Halfway, the list changes directory. */
      if (i == 2)
        gtk_filter_list_model_set_model (model, G_LIST_MODEL (second));

      shown = dup_urns (G_LIST_MODEL (model));
      expected = dup_urns_fresh (G_LIST_MODEL (second), typed[i]);
      g_assert_cmpstr (shown, ==, expected);
    }

  g_clear_object (&model);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school-filter/matches", test_matches);
  g_test_add_func ("/onboard/school-filter/postcode-near-miss", test_postcode_near_miss);
  g_test_add_func ("/onboard/school-filter/not-a-school", test_not_a_school);
  g_test_add_func ("/onboard/school-filter/strictness", test_strictness);
  g_test_add_func ("/onboard/school-filter/changes", test_changes);
  g_test_add_func ("/onboard/school-filter/property", test_property);
  g_test_add_func ("/onboard/school-filter/typing", test_typing);
  g_test_add_func ("/onboard/school-filter/real-lists", test_real_lists);
  g_test_add_func ("/onboard/school-filter/index-agrees", test_index_agrees);
  g_test_add_func ("/onboard/school-filter/quiet-keys", test_quiet_keys);
  g_test_add_func ("/onboard/school-filter/new-directory", test_new_directory);

  return g_test_run ();
}
