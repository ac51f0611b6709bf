/* test-school-results.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "onboard-school-directory.h"
#include "onboard-school-filter.h"
#include "onboard-school-results.h"

/* ---- The 2022 GIAS list, with DfE numbers from the 2017 EduBase subset -- */

/* RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
static GPtrArray *
read_csv (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  const char *school_data = g_getenv ("ONBOARD_SCHOOL_DATA");
  gsize len = 0;

  g_assert_nonnull (school_data);
  path = g_build_filename (school_data, "schools", name, NULL);
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
      else if (contents[i] != '\r')
        {
          g_string_append_c (field, contents[i]);
        }
    }

  return rows;
}

static void
append_json_string (GString    *json,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (json, "null");
      return;
    }

  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (json, '\\');
      g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

/* Every school of the 2022 list (49,514, closed ones too), the way the
 * service sends them, those in the 2017 subset with their DfE number. */
static OnboardSchoolDirectory *
load_shared_directory (void)
{
  g_autoptr(GPtrArray) gias = read_csv ("gias-2022-07-all-establishments.csv");
  g_autoptr(GPtrArray) edubase = read_csv ("edubase-2017-07-england-open-subset-detailed.csv");
  g_autoptr(GHashTable) laestabs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  OnboardSchoolDirectory *directory;

  /* URN, LA code, LA name, establishment number, … */
  for (guint i = 1; i < edubase->len; i++)
    {
      GStrv row = g_ptr_array_index (edubase, i);

      if (g_strv_length (row) > 3)
        g_hash_table_insert (laestabs, row[0], g_strconcat (row[1], row[3], NULL));
    }

  /* urn, name, town, postcode, open_date, close_date */
  for (guint i = 1; i < gias->len; i++)
    {
      GStrv row = g_ptr_array_index (gias, i);

      g_assert_cmpuint (g_strv_length (row), ==, 6);
      if (i > 1)
        g_string_append_c (json, ',');
      g_string_append (json, "{\"urn\":");
      append_json_string (json, row[0]);
      g_string_append (json, ",\"laestab\":");
      append_json_string (json, g_hash_table_lookup (laestabs, row[0]));
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

  bytes = g_bytes_new (json->str, json->len);
  directory = onboard_school_directory_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 49514);

  return directory;
}

static OnboardSchoolDirectory *shared_directory;

static OnboardSchoolDirectory *
get_shared_directory (void)
{
  if (shared_directory == NULL)
    shared_directory = load_shared_directory ();

  return shared_directory;
}

/* Types @query into @filter a character at a time, as a user would. */
static void
type_query (OnboardSchoolFilter *filter,
            const char          *query)
{
  glong len = g_utf8_strlen (query, -1);

  for (glong n = 0; n <= len; n++)
    {
      g_autofree char *typed = g_utf8_substring (query, 0, n);

      onboard_school_filter_set_query (filter, typed);
    }
}

static char *
dup_first (GListModel *model,
           guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < MIN (n, g_list_model_get_n_items (model)); i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s %s (%s)", i > 0 ? "; " : "",
                              onboard_school_get_urn (school),
                              onboard_school_get_name (school),
                              onboard_school_get_town (school));
    }

  return g_string_free (text, FALSE);
}

static char *fold (const char *text);

/* ---- The school a person means is among the first three ------------- */

static const struct {
  const char *query;
  const char *urn;
} meant[] = {
  /* Names, whole and begun. */
  { "the aldgate school", "100000" },
  { "aldgate", "100000" },
  { "thomas becket", "142747" },
  { "thomas becket catholic", "142747" },
  { "ecole francaise de l", "100371" },
  { "oakfield primary school southampton", "115993" },
  { "st thomas a becket eastbourne", "114577" },
  /* A town that is a word of school names too. */
  { "ely college", "143404" },
  { "sheffield high", "107166" },
  /* Codes: a postcode in any spacing and case, an outward code with few
   * schools, a URN, a DfE number with and without its slash. */
  { "NN3 6HT", "142747" },
  { "nn36ht", "142747" },
  { "w6 7be", "100371" },
  { "142747", "142747" },
  { "928/4703", "142747" },
  { "9284703", "142747" },
  { "205/6359", "100371" },
  /* Accents, Welsh names, ampersands and apostrophes. */
  { "prevert", "100371" },
  { "jacques prévert", "100371" },
  { "awel y mor", "402323" },
  { "ysgol awel y mynydd", "402390" },
  { "st peter & st paul", "113016" },
  { "st peter st paul chesterfield", "113016" },
  { "st mary's & st peter's", "107329" },
  { "st johns & st peters", "138883" },
};

static void
test_meant (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (get_shared_directory (), filter);

  for (guint q = 0; q < G_N_ELEMENTS (meant); q++)
    {
      GListModel *model = G_LIST_MODEL (results);
      g_autofree char *first = NULL;
      gboolean found = FALSE;

      type_query (filter, meant[q].query);
      first = dup_first (model, 3);
      g_test_message ("\"%s\" (%u schools): %s", meant[q].query, g_list_model_get_n_items (model), first);

      for (guint i = 0; i < MIN (3, g_list_model_get_n_items (model)); i++)
        {
          g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

          found = found || g_str_equal (onboard_school_get_urn (school), meant[q].urn);
        }

      if (!found)
        g_error ("\"%s\": %s is not among the first three: %s", meant[q].query, meant[q].urn, first);

      onboard_school_filter_set_query (filter, "");
    }

  g_clear_object (&results);
  g_assert_finalize_object (filter);
}

/* "st marys" finds hundreds of schools; those named "St Mary's …" (or
 * "St. Mary's", "St Marys") come first, and "St Mary and St …" or one in
 * St Mary's Bay do not. */
static void
test_st_marys (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (get_shared_directory (), filter);
  GListModel *model = G_LIST_MODEL (results);
  guint n_named = 0;
  gboolean in_named = TRUE;

  type_query (filter, "st marys");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 300);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);
      g_autofree char *name = fold (onboard_school_get_name (school));
      gboolean named = g_str_has_prefix (name, "st marys");

      /* Once past them, none comes later. */
      if (named)
        g_assert_true (in_named);
      else
        in_named = FALSE;
      n_named += named;
    }
  g_assert_cmpuint (n_named, >, 100);

  g_clear_object (&results);
  g_assert_finalize_object (filter);
}

/* A town's name is a word of many schools' names and the town of many
 * more: the schools named after it come before those only in it. */
static void
test_town (void)
{
  static const char * const towns[] = { "sheffield", "ely", "leeds", "northampton" };
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (get_shared_directory (), filter);
  GListModel *model = G_LIST_MODEL (results);

  for (guint t = 0; t < G_N_ELEMENTS (towns); t++)
    {
      guint n_named = 0;
      guint n_in_town = 0;
      gboolean in_named = TRUE;

      type_query (filter, towns[t]);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);
          gboolean named = g_ascii_strncasecmp (onboard_school_get_name (school), towns[t], strlen (towns[t])) == 0;

          if (named)
            g_assert_true (in_named);
          else
            in_named = FALSE;
          n_named += named;
          n_in_town += g_ascii_strcasecmp (onboard_school_get_town (school), towns[t]) == 0;
        }

      g_test_message ("\"%s\": %u named after it first, %u in it", towns[t], n_named, n_in_town);
      g_assert_cmpuint (n_named, >, 0);
      g_assert_cmpuint (n_in_town, >, n_named);
    }

  g_clear_object (&results);
  g_assert_finalize_object (filter);
}

/* ---- The order, against a slow and obvious one ------------------------ */

static char *
fold (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  GString *folded = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (space && folded->len > 0)
            g_string_append_c (folded, ' ');
          space = FALSE;
          g_string_append_c (folded, *p);
        }
      else if (*p != '\'' && *p != '`')
        space = TRUE;
    }

  return g_string_free (folded, FALSE);
}

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_toupper (*p));
      else if (*p != '/' && *p != '-' && !g_ascii_isspace (*p))
        {
          g_string_truncate (out, 0);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* 0 a whole code, 1 a name beginning with the query, 2 each word
 * starting a word of the name, 3 the rest. */
static guint
reference_rank (OnboardSchool *school,
                const char    *query)
{
  g_autofree char *code = squeeze (query);
  g_autofree char *postcode = squeeze (onboard_school_get_postcode (school));
  g_autofree char *folded = fold (query);
  g_autofree char *name = fold (onboard_school_get_name (school));
  g_autofree char *town = fold (onboard_school_get_town (school));
  g_autofree char *key = g_strconcat (name, " ", town, NULL);
  const char *laestab = onboard_school_get_laestab (school);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_auto(GStrv) name_words = g_strsplit (name, " ", -1);
  gboolean all = TRUE;

  if (code[0] != '\0' &&
      ((strlen (code) >= 5 && g_str_equal (code, postcode)) ||
       g_str_equal (code, onboard_school_get_urn (school)) ||
       (laestab != NULL && g_str_equal (code, laestab))))
    return 0;

  if (g_str_has_prefix (g_strstrip (key), folded))
    return 1;

  for (guint i = 0; words[i] != NULL && all; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; name_words[j] != NULL && !found; j++)
        found = g_str_has_prefix (name_words[j], words[i]);
      all = found;
    }

  return all ? 2 : 3;
}

static char *
dup_key (OnboardSchool *school)
{
  g_autofree char *name = fold (onboard_school_get_name (school));
  g_autofree char *town = fold (onboard_school_get_town (school));

  return town[0] != '\0' ? g_strconcat (name, " ", town, NULL) : g_strdup (name);
}

/* Follows "items-changed" in a copy, to check that what the signal says
 * is exactly what changed. */
typedef struct
{
  GPtrArray *copy;
  guint      n_signals;
} Mirror;

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->copy->len);
  g_assert_true (removed > 0 || added > 0);

  g_ptr_array_remove_range (mirror->copy, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->copy, (gint)(position + i), g_list_model_get_item (model, position + i));
  mirror->n_signals++;
}

static void
assert_mirrors (Mirror     *mirror,
                GListModel *model)
{
  g_assert_cmpuint (mirror->copy->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->copy->len; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

      g_assert_true (g_ptr_array_index (mirror->copy, i) == school);
    }
}

/* Over the whole list, after every key typed and erased: the results are
 * exactly the filter's matches, in order of rank then name, and the
 * signals tell a list exactly what changed. */
static void
test_order (void)
{
  static const char * const queries[] = {
    "st marys", "thomas becket", "sw1p 3bt", "nn3 6ht", "142747", "928/4703",
    "awel y mor", "hill", "s", "prevert", "ely college",
  };
  OnboardSchoolDirectory *directory = get_shared_directory ();
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (directory, filter);
  g_autoptr(GtkFilterListModel) matches = NULL;
  GListModel *model = G_LIST_MODEL (results);
  Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref), 0 };

  matches = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (directory)), GTK_FILTER (g_object_ref (filter)));
  gtk_filter_list_model_set_incremental (matches, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror.copy, g_list_model_get_item (model, i));
  g_signal_connect (results, "items-changed", G_CALLBACK (mirror_items_changed_cb), &mirror);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      glong len = g_utf8_strlen (queries[q], -1);

      for (glong step = 1; step <= 2 * len; step++)
        {
          glong n = step <= len ? step : 2 * len - step;
          g_autofree char *typed = g_utf8_substring (queries[q], 0, n);
          g_autoptr(GHashTable) matched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
          g_autofree char *last_key = NULL;
          guint last_rank = 0;

          onboard_school_filter_set_query (filter, typed);
          assert_mirrors (&mirror, model);

          g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                            g_list_model_get_n_items (G_LIST_MODEL (matches)));
          for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (matches)); i++)
            g_hash_table_add (matched, g_list_model_get_item (G_LIST_MODEL (matches), i));

          for (guint i = 0; i < g_list_model_get_n_items (model); i++)
            {
              g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);

              g_assert_true (g_hash_table_contains (matched, school));
            }

          /* The first rows' order, the slow way: all of them would take
           * minutes. */
          for (guint i = 0; i < MIN (g_list_model_get_n_items (model), 400); i++)
            {
              g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);
              g_autofree char *key = dup_key (school);
              guint rank = reference_rank (school, typed);

              if (i > 0)
                {
                  if (rank == last_rank)
                    g_assert_cmpstr (last_key, <=, key);
                  else
                    g_assert_cmpuint (last_rank, <, rank);
                }
              last_rank = rank;
              g_free (last_key);
              last_key = g_steal_pointer (&key);
            }

        }
    }

  g_clear_object (&matches);
  g_clear_object (&results);
  g_ptr_array_unref (mirror.copy);
  g_assert_finalize_object (filter);
}

static void
count_cb (GListModel *model,
          guint       position,
          guint       removed,
          guint       added,
          guint      *n_signals)
{
  (*n_signals)++;
}

/* A key that changes no school's place says nothing: "st" and "st " are
 * the same search, and "thomas beck" to "thomas becke" finds the same
 * schools in the same order. A key that only moves schools says so. */
static void
test_quiet (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (get_shared_directory (), filter);
  guint n_signals = 0;

  g_signal_connect (results, "items-changed", G_CALLBACK (count_cb), &n_signals);

  onboard_school_filter_set_query (filter, "st");
  g_assert_cmpuint (n_signals, ==, 1);
  onboard_school_filter_set_query (filter, "st ");
  g_assert_cmpuint (n_signals, ==, 1);
  onboard_school_filter_set_query (filter, "St");
  g_assert_cmpuint (n_signals, ==, 1);

  onboard_school_filter_set_query (filter, "thomas beck");
  g_assert_cmpuint (n_signals, ==, 2);
  onboard_school_filter_set_query (filter, "thomas becke");
  g_assert_cmpuint (n_signals, ==, 2);

  g_clear_object (&results);
  g_assert_finalize_object (filter);
}

/* Without a directory nothing is listed; with one and no query, every
 * school by name; a new directory replaces the old one's schools. */
static void
test_directory (void)
{
  OnboardSchoolFilter *filter = onboard_school_filter_new ();
  g_autoptr(OnboardSchoolResults) results = onboard_school_results_new (NULL, filter);
  GListModel *model = G_LIST_MODEL (results);
  g_autofree char *previous = NULL;
  guint n_signals = 0;

  g_assert_true (g_list_model_get_item_type (model) == ONBOARD_TYPE_SCHOOL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));
  g_assert_true (onboard_school_results_get_filter (results) == filter);

  g_signal_connect (results, "items-changed", G_CALLBACK (count_cb), &n_signals);
  onboard_school_results_set_directory (results, get_shared_directory ());
  g_assert_true (onboard_school_results_get_directory (results) == get_shared_directory ());
  g_assert_cmpuint (n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 49514);

  for (guint i = 0; i < g_list_model_get_n_items (model); i += 97)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (model, i);
      g_autofree char *key = dup_key (school);

      if (previous != NULL)
        g_assert_cmpstr (previous, <=, key);
      g_free (previous);
      previous = g_steal_pointer (&key);
    }

  onboard_school_results_set_directory (results, NULL);
  g_assert_cmpuint (n_signals, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  g_clear_object (&results);
  g_assert_finalize_object (filter);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school-results/meant", test_meant);
  g_test_add_func ("/onboard/school-results/st-marys", test_st_marys);
  g_test_add_func ("/onboard/school-results/town", test_town);
  g_test_add_func ("/onboard/school-results/order", test_order);
  g_test_add_func ("/onboard/school-results/quiet", test_quiet);
  g_test_add_func ("/onboard/school-results/directory", test_directory);

  status = g_test_run ();

  if (shared_directory != NULL)
    g_assert_finalize_object (shared_directory);

  return status;
}
