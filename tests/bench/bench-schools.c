/* bench-schools.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the school benchmarks share: the directory's JSON from the real
 * lists (or generated), the queries typed, the GtkStringFilter compared
 * with, and percentiles. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "onboard-school.h"

#include "bench-schools.h"

#define N_GENERATED_SCHOOLS 49514

const char * const bench_queries[BENCH_N_QUERIES] = {
  "st marys",
  "oakfield primary",
  "sw1p 3bt",
  "100000",
  "330/2005",
  "330/1006",
  "ysgol gymraeg",
  "prevert",
  "king's college",
  "hill",
  "academy trust",
};

/* RFC 4180: quoted fields may hold commas, quotes ("") and newlines. */
static GPtrArray *
read_csv (const char  *path,
          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gsize len;
  gsize i = 0;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  while (i < len)
    {
      char c = contents[i];

      if (c == '"' && field->len == 0)
        {
          for (i++; i < len; i++)
            {
              if (contents[i] == '"')
                {
                  if (i + 1 < len && contents[i + 1] == '"')
                    i++;
                  else
                    break;
                }
              g_string_append_c (field, contents[i]);
            }
          i++;
          continue;
        }

      if (c == ',' || c == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (c == '\n')
            {
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
            }
          i++;
          continue;
        }

      if (c != '\r')
        g_string_append_c (field, c);
      i++;
    }

  if (field->len > 0 || fields->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
    }

  return g_steal_pointer (&rows);
}

static int
find_column (GStrv       header,
             const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], name))
        return (int)i;
    }

  g_error ("No column \"%s\"", name);
}

static void
append_json_string (GString    *json,
                    const char *text)
{
  if (text == NULL || g_str_equal (text, "NA"))
    {
      g_string_append (json, "null");
      return;
    }

  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (json, "\\%c", *p);
      else if ((guchar)*p < 0x20)
        g_string_append_printf (json, "\\u%04x", (guint)(guchar)*p);
      else
        g_string_append_c (json, *p);
    }
  g_string_append_c (json, '"');
}

static void
append_school (GString    *json,
               const char *urn,
               const char *laestab,
               const char *name,
               const char *town,
               const char *postcode,
               const char *la_name,
               const char *phase,
               const char *establishment_type,
               const char *status)
{
  g_string_append (json, json->len > 1 ? ",\n{\"urn\":" : "{\"urn\":");
  append_json_string (json, urn);
  g_string_append (json, ",\"laestab\":");
  append_json_string (json, laestab);
  g_string_append (json, ",\"name\":");
  append_json_string (json, name);
  g_string_append (json, ",\"town\":");
  append_json_string (json, town);
  g_string_append (json, ",\"postcode\":");
  append_json_string (json, postcode);
  g_string_append (json, ",\"la_name\":");
  append_json_string (json, la_name);
  g_string_append (json, ",\"phase\":");
  append_json_string (json, phase);
  g_string_append (json, ",\"establishment_type\":");
  append_json_string (json, establishment_type);
  g_string_append (json, ",\"status\":");
  append_json_string (json, status);
  g_string_append_c (json, '}');
}

/* The GET /schools body for the real lists, or NULL without them. */
GBytes *
bench_json_from_shared_data (char **out_source)
{
  const char *school_data = g_getenv ("ONBOARD_SCHOOL_DATA");
  g_autofree char *gias_path = NULL;
  g_autofree char *edubase_path = NULL;
  g_autoptr(GPtrArray) gias = NULL;
  g_autoptr(GPtrArray) edubase = NULL;
  g_autoptr(GHashTable) details = NULL;
  g_autoptr(GError) error = NULL;
  GString *json;
  guint n_detailed = 0;
  int urn, name, town, postcode, close_date;

  if (school_data == NULL)
    return NULL;

  gias_path = g_build_filename (school_data, "schools", "gias-2022-07-all-establishments.csv", NULL);
  edubase_path = g_build_filename (school_data, "schools", "edubase-2017-07-england-open-subset-detailed.csv", NULL);

  gias = read_csv (gias_path, &error);
  if (gias == NULL)
    {
      g_printerr ("Cannot read %s (%s): using a generated directory\n", gias_path, error->message);
      return NULL;
    }

  /* URN to its EduBase row, for the DfE number and the rest. */
  details = g_hash_table_new (g_str_hash, g_str_equal);
  edubase = read_csv (edubase_path, NULL);
  if (edubase != NULL && edubase->len > 1)
    {
      GStrv header = g_ptr_array_index (edubase, 0);
      int column = find_column (header, "URN");

      for (guint i = 1; i < edubase->len; i++)
        {
          GStrv row = g_ptr_array_index (edubase, i);

          if (g_strv_length (row) == g_strv_length (header))
            g_hash_table_insert (details, row[column], row);
        }
    }

  urn = find_column (g_ptr_array_index (gias, 0), "urn");
  name = find_column (g_ptr_array_index (gias, 0), "name");
  town = find_column (g_ptr_array_index (gias, 0), "town");
  postcode = find_column (g_ptr_array_index (gias, 0), "postcode");
  close_date = find_column (g_ptr_array_index (gias, 0), "close_date");

  json = g_string_sized_new (12 * 1024 * 1024);
  g_string_append_c (json, '[');

  for (guint i = 1; i < gias->len; i++)
    {
      GStrv row = g_ptr_array_index (gias, i);
      GStrv detail = g_hash_table_lookup (details, row[urn]);
      g_autofree char *laestab = NULL;
      const char *la_name = NULL;
      const char *phase = NULL;
      const char *establishment_type = NULL;

      if (detail != NULL)
        {
          GStrv header = g_ptr_array_index (edubase, 0);

          laestab = g_strconcat (detail[find_column (header, "Local authority (code)")],
                                 detail[find_column (header, "Establishment number")],
                                 NULL);
          la_name = detail[find_column (header, "Local authority (name)")];
          phase = detail[find_column (header, "Phase of education")];
          establishment_type = detail[find_column (header, "Type of establishment")];
          n_detailed++;
        }

      append_school (json, row[urn], laestab, row[name], row[town], row[postcode],
                     la_name, phase, establishment_type,
                     row[close_date][0] != '\0' ? "closed" : "open");
    }

  g_string_append (json, "]\n");

  *out_source = g_strdup_printf ("the 2022 GIAS list, %u rows (%u with details from the 2017 EduBase subset)",
                                 gias->len - 1, n_detailed);

  return g_string_free_to_bytes (json);
}

/* The same size and shape without the real lists, always the same. */
GBytes *
bench_json_generated (char **out_source)
{
  static const char * const saints[] = {
    "St Mary's", "St John's", "St Peter's", "St Paul's", "Holy Trinity", "Christ Church",
    "St Joseph's", "Our Lady of Lourdes", "St Thomas à Becket", "All Saints",
  };
  static const char * const places[] = {
    "Oakfield", "Hillside", "Meadowbank", "Riverside", "Westfield", "Kingsway", "Ashford",
    "Brookfield", "Churchill", "Rosemary", "Greenhill", "Parkside", "Ysgol Gymraeg Aberystwyth",
    "Awel Y Môr", "Prévert",
  };
  static const char * const kinds[] = {
    "Primary School", "Infant School", "Junior School", "Academy", "High School",
    "Church of England Primary School", "Catholic Primary School", "Nursery School",
    "College", "Academy Trust",
  };
  static const char * const towns[] = {
    "London", "Birmingham", "Leeds", "Sheffield", "Bristol", "Cambridge", "Southampton",
    "Port Talbot", "Conwy", "Manchester", "Liverpool", "Newcastle upon Tyne",
  };
  static const char * const areas[] = {
    "SW1P", "SW19", "CB21", "CB2", "B26", "LS9", "S8", "BS2", "SO40", "SA12", "LL31", "M1", "L23", "NE30",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20220701);
  GString *json = g_string_sized_new (12 * 1024 * 1024);

  g_string_append_c (json, '[');

  for (guint i = 0; i < N_GENERATED_SCHOOLS; i++)
    {
      g_autofree char *urn = g_strdup_printf ("%06u", 100000 + i);
      g_autofree char *laestab = NULL;
      g_autofree char *name = NULL;
      g_autofree char *postcode = NULL;

      if (g_rand_int_range (rand, 0, 8) == 0)
        laestab = g_strdup_printf ("%03d%04d", g_rand_int_range (rand, 201, 940), g_rand_int_range (rand, 1000, 7000));

      if (g_rand_boolean (rand))
        name = g_strdup_printf ("%s %s", saints[g_rand_int_range (rand, 0, G_N_ELEMENTS (saints))],
                                kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))]);
      else
        name = g_strdup_printf ("%s %s", places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))],
                                kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))]);

      postcode = g_strdup_printf ("%s %d%c%c", areas[g_rand_int_range (rand, 0, G_N_ELEMENTS (areas))],
                                  g_rand_int_range (rand, 0, 10),
                                  "ABDEFGHJLNPQRSTUWXYZ"[g_rand_int_range (rand, 0, 20)],
                                  "ABDEFGHJLNPQRSTUWXYZ"[g_rand_int_range (rand, 0, 20)]);

      append_school (json, urn, laestab, name, towns[g_rand_int_range (rand, 0, G_N_ELEMENTS (towns))],
                     postcode, NULL, NULL, NULL, g_rand_int_range (rand, 0, 9) < 5 ? "open" : "closed");
    }

  g_string_append (json, "]\n");

  *out_source = g_strdup_printf ("a generated directory of %u schools", N_GENERATED_SCHOOLS);

  return g_string_free_to_bytes (json);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}


/* Nearest-rank percentiles. */
BenchFigures
bench_summarise (GArray *times)
{
  g_autoptr(GArray) sorted = g_array_copy (times);
  BenchFigures figures = { 0, 0, 0 };
  guint n = sorted->len;

  if (n == 0)
    return figures;

  g_array_sort (sorted, compare_doubles);
  figures.median = g_array_index (sorted, double, (n + 1) / 2 - 1);
  figures.p99 = g_array_index (sorted, double, MIN (n - 1, (guint)((n * 99 + 99) / 100) - 1));
  figures.max = g_array_index (sorted, double, n - 1);

  return figures;
}

/* What a GtkStringFilter must look through to offer the search the
 * field offers: the name, town, postcode, URN and DfE number. */
char *
bench_dup_searchable_text (OnboardSchool *school)
{
  const char *laestab = onboard_school_get_laestab (school);

  return g_strjoin (" ",
                    onboard_school_get_name (school),
                    onboard_school_get_town (school),
                    onboard_school_get_postcode (school),
                    onboard_school_get_urn (school),
                    laestab != NULL ? laestab : "",
                    NULL);
}

GtkFilter *
bench_string_filter_new (GtkExpression *expression)
{
  GtkStringFilter *filter = gtk_string_filter_new (expression);

  gtk_string_filter_set_ignore_case (filter, TRUE);
  gtk_string_filter_set_match_mode (filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);

  return GTK_FILTER (filter);
}
