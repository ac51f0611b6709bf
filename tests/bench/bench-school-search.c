/* bench-school-search.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How fast the school step's search is on a national-sized directory:
 * reading the GET /schools body, the memory the directory keeps, and the
 * time of each keystroke through the step's own OnboardSchoolResults (the
 * matches ranked, best first) and through a real GtkFilterListModel (the
 * matches unranked, in the directory's order), compared with
 * GTK's own GtkStringFilter on the same rows in the same run: one looking
 * through the same fields as the search (the target's comparison), and
 * one through the name alone.
 *
 * The rows are the 49,514 establishments of the 2022 GIAS list in
 * $ONBOARD_SCHOOL_DATA/schools/ (closed ones too), with the LAESTAB, local
 * authority, phase and type of those also in the 2017 EduBase subset;
 * without that folder, a generated directory of the same size.
 *
 * It prints its figures and whether each target is met; it fails only
 * when it cannot run. No display is needed. */

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "onboard-school-directory.h"
#include "onboard-school-filter.h"
#include "onboard-school-private.h"
#include "onboard-school-results.h"
#include "onboard-school-store.h"

#include "bench-schools.h"

#define PARSE_RUNS          5
#define KEYSTROKE_RUNS      5

#define TARGET_PARSE_MS       250.0
#define TARGET_RSS_MB         30.0
#define TARGET_P99_MS         3.0
#define TARGET_MEDIAN_RATIO   20.0

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0;
  unsigned long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0.0;

  return (double)resident * (double)sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Bytes malloc() has handed out and not had back: unlike the resident
 * set, not blurred by memory freed earlier and reused. */
static double
heap_mb (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (double)(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
}

typedef void (*SetQuery) (gpointer    filter,
                          const char *query);

static void
set_school_filter_query (gpointer    filter,
                         const char *query)
{
  onboard_school_filter_set_query (filter, query);
}

static void
set_string_filter_query (gpointer    filter,
                         const char *query)
{
  gtk_string_filter_set_search (filter, query);
}

typedef struct
{
  const char *label;
  /* Per keystroke, the fastest of its KEYSTROKE_RUNS timings. */
  GArray     *typing;
  GArray     *erasing;
  guint       n_found[BENCH_N_QUERIES];
  double      query_ms[BENCH_N_QUERIES];
} Run;

/* One keystroke: the new text reaches the filter, the model is up to date
 * (incremental is off) and the list length is read, as a list view would. */
static double
keystroke (GListModel *model,
           SetQuery    set_query,
           gpointer    filter,
           const char *text,
           guint      *out_n_items)
{
  double start = now_ms ();

  set_query (filter, text);
  *out_n_items = g_list_model_get_n_items (model);

  return now_ms () - start;
}

static double
min_of (double *values,
        guint   n)
{
  double min = values[0];

  for (guint i = 1; i < n; i++)
    min = MIN (min, values[i]);

  return min;
}

/* Types every query a key at a time and erases it again, KEYSTROKE_RUNS
 * times over. Other work on the machine can only add time to a keystroke,
 * so the fastest of a few timings is what the keystroke itself costs; both
 * filters are measured the same way. */
static void
run_queries (Run        *run,
             GListModel *directory,
             GtkFilter  *filter,
             SetQuery    set_query,
             gboolean    ranked)
{
  g_autoptr(GListModel) model = NULL;
  GArray *typing[KEYSTROKE_RUNS];
  GArray *erasing[KEYSTROKE_RUNS];

  if (ranked)
    {
      model = G_LIST_MODEL (onboard_school_results_new (ONBOARD_SCHOOL_DIRECTORY (directory),
                                                        ONBOARD_SCHOOL_FILTER (filter)));
    }
  else
    {
      GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (directory), g_object_ref (filter));

      gtk_filter_list_model_set_incremental (filtered, FALSE);
      model = G_LIST_MODEL (filtered);
    }

  for (guint r = 0; r < KEYSTROKE_RUNS; r++)
    {
      typing[r] = g_array_new (FALSE, FALSE, sizeof (double));
      erasing[r] = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < BENCH_N_QUERIES; i++)
        {
          glong len = g_utf8_strlen (bench_queries[i], -1);
          guint n_items = 0;

          for (glong n = 1; n <= len; n++)
            {
              g_autofree char *typed = g_utf8_substring (bench_queries[i], 0, n);
              double ms = keystroke (G_LIST_MODEL (model), set_query, filter, typed, &n_items);

              g_array_append_val (typing[r], ms);
            }

          run->n_found[i] = n_items;

          for (glong n = len - 1; n >= 0; n--)
            {
              g_autofree char *typed = g_utf8_substring (bench_queries[i], 0, n);
              double ms = keystroke (G_LIST_MODEL (model), set_query, filter, typed, &n_items);

              g_array_append_val (erasing[r], ms);
            }
        }
    }

  run->typing = g_array_new (FALSE, FALSE, sizeof (double));
  run->erasing = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint k = 0; k < typing[0]->len; k++)
    {
      double samples[KEYSTROKE_RUNS];
      double ms;

      for (guint r = 0; r < KEYSTROKE_RUNS; r++)
        samples[r] = g_array_index (typing[r], double, k);
      ms = min_of (samples, KEYSTROKE_RUNS);
      g_array_append_val (run->typing, ms);
    }

  for (guint k = 0; k < erasing[0]->len; k++)
    {
      double samples[KEYSTROKE_RUNS];
      double ms;

      for (guint r = 0; r < KEYSTROKE_RUNS; r++)
        samples[r] = g_array_index (erasing[r], double, k);
      ms = min_of (samples, KEYSTROKE_RUNS);
      g_array_append_val (run->erasing, ms);
    }

  for (guint r = 0; r < KEYSTROKE_RUNS; r++)
    {
      g_array_unref (typing[r]);
      g_array_unref (erasing[r]);
    }

  /* Time to type each query, from the keystrokes' times. */
  for (guint i = 0, k = 0; i < BENCH_N_QUERIES; i++)
    {
      glong len = g_utf8_strlen (bench_queries[i], -1);

      run->query_ms[i] = 0;
      for (glong n = 0; n < len; n++, k++)
        run->query_ms[i] += g_array_index (run->typing, double, k);
    }
}

static double
total_of (GArray *times)
{
  double total = 0;

  for (guint i = 0; i < times->len; i++)
    total += g_array_index (times, double, i);

  return total;
}

static GArray *
concat (GArray *a,
        GArray *b)
{
  GArray *all = g_array_copy (a);

  g_array_append_vals (all, b->data, b->len);

  return all;
}

static void
print_figures (const char *what,
               Run        *run,
               GArray     *times)
{
  BenchFigures figures = bench_summarise (times);

  g_print ("  %-8s %-20s %4u keys  median %7.3f ms  p99 %7.3f ms  max %7.3f ms  total %8.1f ms\n",
           what, run->label, times->len, figures.median, figures.p99, figures.max, total_of (times));
}

static const char *
met (gboolean ok)
{
  return ok ? "met" : "NOT MET";
}


static double
median_ratio (GArray *theirs,
              GArray *ours)
{
  BenchFigures figures = bench_summarise (ours);

  return figures.median > 0 ? bench_summarise (theirs).median / figures.median : 0;
}

/* ---- The hand-written scanner against json-glib ------------------------ */

/* The same directory from the same bytes, read by json-glib: JsonParser
 * builds the tree, JsonReader walks each entry, and the fields go into the
 * same store, with an OnboardSchool for each row, as the scanner's do. */
static OnboardSchoolStore *
read_with_json_glib (GBytes     *json,
                     GPtrArray **schools)
{
  static const char * const members[] = {
    "urn", "laestab", "name", "town", "postcode", "la_name", "phase", "establishment_type", "status",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonReader) reader = NULL;
  g_autoptr(OnboardSchoolStoreBuilder) builder = onboard_school_store_builder_new (g_bytes_get_size (json));
  g_autoptr(GError) error = NULL;
  OnboardSchoolStore *store;
  int n;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error))
    g_error ("json-glib cannot read the list: %s", error->message);

  reader = json_reader_new (json_parser_get_root (parser));
  n = json_reader_count_elements (reader);
  for (int i = 0; i < n; i++)
    {
      const char *values[G_N_ELEMENTS (members)] = { NULL };
      OnboardSchoolFields fields;

      json_reader_read_element (reader, i);
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          if (json_reader_read_member (reader, members[m]) && json_reader_is_value (reader) &&
              json_node_get_value_type (json_reader_get_value (reader)) == G_TYPE_STRING)
            values[m] = json_reader_get_string_value (reader);
          json_reader_end_member (reader);
        }
      json_reader_end_element (reader);

      fields = (OnboardSchoolFields) {
        .urn = values[0], .laestab = values[1], .name = values[2], .town = values[3],
        .postcode = values[4], .la_name = values[5], .phase = values[6],
        .establishment_type = values[7], .status = values[8],
      };
      if (fields.urn != NULL && fields.urn[0] != '\0' && fields.name != NULL && fields.name[0] != '\0')
        onboard_school_store_builder_add (builder, &fields);
    }

  store = onboard_school_store_builder_finish (g_steal_pointer (&builder));
  *schools = g_ptr_array_new_full (store->n_rows, g_object_unref);
  for (guint i = 0; i < store->n_rows; i++)
    g_ptr_array_add (*schools, onboard_school_new_for_row (store, i));

  return store;
}

static double
status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return 0;

  return g_ascii_strtod (line + strlen (key), NULL);
}

typedef struct
{
  double median_ms;
  double peak_mb;
  guint  n_schools;
} ParserFigures;

/* One arm in a child process of its own, so its peak memory is its own:
 * the peak is reset (clear_refs 5) at the start, read (VmHWM) after the
 * first read, and sent back with the median time of PARSE_RUNS reads. */
static ParserFigures
measure_parser (GBytes   *json,
                gboolean  json_glib)
{
  ParserFigures figures = { 0 };
  int fds[2];
  pid_t pid;

  if (pipe (fds) != 0 || (pid = fork ()) < 0)
    g_error ("Cannot start a child to measure in");

  if (pid == 0)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      double base_kb;

      close (fds[0]);
      /* Memory the parent freed goes back first, so neither arm hides in it. */
      malloc_trim (0);
      g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
      base_kb = status_kb ("VmRSS:");

      for (guint run = 0; run < PARSE_RUNS; run++)
        {
          double start = now_ms (), ms;

          if (json_glib)
            {
              g_autoptr(GPtrArray) schools = NULL;
              OnboardSchoolStore *store = read_with_json_glib (json, &schools);

              figures.n_schools = store->n_rows;
              g_clear_pointer (&schools, g_ptr_array_unref);
              onboard_school_store_unref (store);
            }
          else
            {
              g_autoptr(OnboardSchoolDirectory) directory = onboard_school_directory_new_from_bytes (json, NULL);

              figures.n_schools = g_list_model_get_n_items (G_LIST_MODEL (directory));
            }
          ms = now_ms () - start;
          g_array_append_val (times, ms);
          if (run == 0)
            figures.peak_mb = (status_kb ("VmHWM:") - base_kb) / 1024.0;
        }

      figures.median_ms = bench_summarise (times).median;
      if (write (fds[1], &figures, sizeof figures) != sizeof figures)
        _exit (1);
      _exit (0);
    }

  close (fds[1]);
  if (read (fds[0], &figures, sizeof figures) != sizeof figures)
    g_error ("The child measuring the parser failed");
  close (fds[0]);
  waitpid (pid, NULL, 0);

  return figures;
}

static void
compare_parsers (GBytes *json)
{
  ParserFigures scanner = measure_parser (json, FALSE);
  ParserFigures json_glib = measure_parser (json, TRUE);

  g_print ("\nThe same directory from the same bytes: the app's scanner against json-glib\n"
           "(JsonParser and JsonReader into the same store and schools); each in a child\n"
           "process, median of %u reads, peak memory of the first over the child's start\n",
           PARSE_RUNS);
  g_print ("  scanner:   %7.1f ms, peak %6.1f MB (%u schools)\n",
           scanner.median_ms, scanner.peak_mb, scanner.n_schools);
  g_print ("  json-glib: %7.1f ms, peak %6.1f MB (%u schools)\n",
           json_glib.median_ms, json_glib.peak_mb, json_glib.n_schools);
  g_print ("  json-glib / scanner: %.1fx the time, %.1fx the peak memory\n",
           json_glib.median_ms / MAX (scanner.median_ms, 1e-9),
           json_glib.peak_mb / MAX (scanner.peak_mb, 1e-9));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardSchoolDirectory) directory = NULL;
  g_autoptr(OnboardSchoolFilter) school_filter = NULL;
  g_autoptr(OnboardSchoolFilter) ranked_filter = NULL;
  g_autoptr(GtkFilter) string_filter = NULL;
  g_autoptr(GtkFilter) name_filter = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GArray) parse_times = g_array_new (FALSE, FALSE, sizeof (double));
  double rss_before, rss_added, heap_before, heap_added;
  double parse_first, parse_median, parse_fastest;
  BenchFigures ours_typing;
  BenchFigures unranked_typing;
  /* The comparison the target is about: the same search, done by GTK's
   * filter. The name alone, as a GtkStringFilter is often set up, finds
   * no postcode, URN or DfE number, so it skips the work those keys ask
   * for; it is measured too, for reference. */
  Run ours = { "ranked results" };
  Run unranked = { "OnboardSchoolFilter" };
  Run runs[] = {
    { "GtkStringFilter" },
    { "(name only)" },
  };
  Run *theirs = &runs[0];
  double ratio, name_ratio;
  double start;

  setlocale (LC_ALL, "");

  json = bench_json_from_shared_data (&source);
  if (json == NULL)
    json = bench_json_generated (&source);

  g_print ("School search benchmark\n");
  g_print ("  rows: %s\n", source);
  g_print ("  GET /schools body: %.1f MB of JSON\n", (double)g_bytes_get_size (json) / (1024.0 * 1024.0));

  compare_parsers (json);

  /* The directory measured is the first one read. Memory freed while
   * making the JSON goes back first, so the directory cannot hide in it. */
  malloc_trim (0);
  rss_before = rss_mb ();
  heap_before = heap_mb ();
  start = now_ms ();
  directory = onboard_school_directory_new_from_bytes (json, &error);
  parse_first = now_ms () - start;
  if (directory == NULL)
    g_error ("Cannot read the directory: %s", error->message);
  rss_added = rss_mb () - rss_before;
  heap_added = heap_mb () - heap_before;
  g_array_append_val (parse_times, parse_first);

  for (guint i = 1; i < PARSE_RUNS; i++)
    {
      g_autoptr(OnboardSchoolDirectory) again = NULL;
      double ms;

      start = now_ms ();
      again = onboard_school_directory_new_from_bytes (json, &error);
      ms = now_ms () - start;
      g_assert_no_error (error);
      g_array_append_val (parse_times, ms);
    }
  parse_median = bench_summarise (parse_times).median;
  parse_fastest = min_of ((double *)(gpointer)parse_times->data, parse_times->len);

  g_print ("  schools: %u read, %u skipped\n",
           g_list_model_get_n_items (G_LIST_MODEL (directory)),
           onboard_school_directory_get_n_skipped (directory));

  ranked_filter = onboard_school_filter_new ();
  run_queries (&ours, G_LIST_MODEL (directory), GTK_FILTER (ranked_filter), set_school_filter_query, TRUE);

  school_filter = onboard_school_filter_new ();
  run_queries (&unranked, G_LIST_MODEL (directory), GTK_FILTER (school_filter), set_school_filter_query, FALSE);

  string_filter = bench_string_filter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                  G_CALLBACK (bench_dup_searchable_text),
                                                                  NULL, NULL));
  run_queries (&runs[0], G_LIST_MODEL (directory), string_filter, set_string_filter_query, FALSE);

  name_filter = bench_string_filter_new (gtk_property_expression_new (ONBOARD_TYPE_SCHOOL, NULL, "name"));
  run_queries (&runs[1], G_LIST_MODEL (directory), name_filter, set_string_filter_query, FALSE);

  ours_typing = bench_summarise (ours.typing);
  unranked_typing = bench_summarise (unranked.typing);
  ratio = median_ratio (theirs->typing, ours.typing);
  name_ratio = median_ratio (runs[1].typing, ours.typing);

  g_print ("\nReading the JSON into the directory (onboard_school_directory_new_from_bytes)\n");
  g_print ("  first run %.1f ms; of %u runs: median %.1f ms, fastest %.1f ms\n",
           parse_first, PARSE_RUNS, parse_median, parse_fastest);

  g_print ("\nMemory the loaded directory adds (all %u OnboardSchool objects included)\n",
           g_list_model_get_n_items (G_LIST_MODEL (directory)));
  g_print ("  resident set (/proc/self/statm): %.1f MB\n", rss_added);
  g_print ("  heap in use (mallinfo2): %.1f MB\n", heap_added);

  g_print ("\nKeystrokes: set the query, the list model up to date, n_items read; the ranked\n"
           "results are what the school step shows, the others a GtkFilterListModel (not\n"
           "incremental); each keystroke timed %u times, its time the fastest of those.\n"
           "GtkStringFilter (substring, ignore case) looks through the name, town, postcode,\n"
           "URN and DfE number, joined, as the search field does; (name only) through the name.\n",
           KEYSTROKE_RUNS);

  print_figures ("typing", &ours, ours.typing);
  print_figures ("typing", &unranked, unranked.typing);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    print_figures ("typing", &runs[i], runs[i].typing);
  print_figures ("erasing", &ours, ours.erasing);
  print_figures ("erasing", &unranked, unranked.erasing);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    print_figures ("erasing", &runs[i], runs[i].erasing);

  {
    g_autoptr(GArray) ours_all = concat (ours.typing, ours.erasing);

    print_figures ("all", &ours, ours_all);
    {
      g_autoptr(GArray) unranked_all = concat (unranked.typing, unranked.erasing);

      print_figures ("all", &unranked, unranked_all);
    }
    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_autoptr(GArray) theirs_all = concat (runs[i].typing, runs[i].erasing);

        print_figures ("all", &runs[i], theirs_all);
      }

    for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
      {
        g_autoptr(GArray) theirs_all = concat (runs[i].typing, runs[i].erasing);

        g_print ("  %s / ours: median typing %.1fx, all keystrokes %.1fx; total time typing %.1fx\n",
                 runs[i].label,
                 median_ratio (runs[i].typing, ours.typing),
                 median_ratio (theirs_all, ours_all),
                 total_of (runs[i].typing) / MAX (total_of (ours.typing), 1e-9));
      }
  }

  g_print ("\nPer query (schools found once typed, time to type it, ranked and not)\n");
  for (guint i = 0; i < BENCH_N_QUERIES; i++)
    {
      g_print ("  %-16s %6u found %6.2f ms (unranked %6.2f ms)", bench_queries[i], ours.n_found[i], ours.query_ms[i],
               unranked.query_ms[i]);
      for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
        g_print ("   %s %5u found %7.2f ms", runs[r].label, runs[r].n_found[i], runs[r].query_ms[i]);
      g_print ("\n");
    }

  g_print ("\nTargets\n");
  g_print ("  parse under %.0f ms: %s (fastest %.1f ms; first %.1f ms, median %.1f ms)\n",
           TARGET_PARSE_MS, met (parse_fastest < TARGET_PARSE_MS),
           parse_fastest, parse_first, parse_median);
  g_print ("  directory under %.0f MB: %s (resident %.1f MB, heap %.1f MB)\n",
           TARGET_RSS_MB, met (rss_added < TARGET_RSS_MB && heap_added < TARGET_RSS_MB),
           rss_added, heap_added);
  g_print ("  typing p99 under %.0f ms: %s (%.3f ms ranked; %.3f ms unranked)\n",
           TARGET_P99_MS, met (ours_typing.p99 < TARGET_P99_MS), ours_typing.p99, unranked_typing.p99);
  g_print ("  typing median %.0fx faster than GtkStringFilter: %s (%.1fx; %.1fx against the name only)\n",
           TARGET_MEDIAN_RATIO, met (ratio >= TARGET_MEDIAN_RATIO), ratio, name_ratio);

  g_array_unref (ours.typing);
  g_array_unref (ours.erasing);
  g_array_unref (unranked.typing);
  g_array_unref (unranked.erasing);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_array_unref (runs[i].typing);
      g_array_unref (runs[i].erasing);
    }

  return EXIT_SUCCESS;
}
