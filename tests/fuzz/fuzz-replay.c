/* fuzz-replay.c: a fuzz target's committed inputs as a test suite
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

/* Linked with one fuzz-<target>.c in place of libFuzzer's main(): feeds
 * it every file of corpus/<target>/ (the seeds) and regressions/<target>/
 * (inputs that once crashed it), one test case each, so that every build
 * and the sanitizer build check them without clang or libFuzzer. */

#ifndef FUZZ_TARGET
# error "FUZZ_TARGET must name the target, such as \"signup\""
#endif

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  /* An exact-size copy, as libFuzzer gives it. */
  {
    g_autofree guint8 *input = g_memdup2 (contents, length);

    LLVMFuzzerTestOneInput (input, length);
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static guint
add_folder (const char *kind,
            gboolean    required)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "fuzz", kind, FUZZ_TARGET, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  if (dir == NULL && !required && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return 0;
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/onboard/fuzz-%s/%s/%s", FUZZ_TARGET, kind, file);

      g_test_add_data_func_full (test_path, g_build_filename (folder, file, NULL), replay, g_free);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  LLVMFuzzerInitialize (&argc, &argv);

  /* A target without seeds is a mistake in the tree, not an empty pass. */
  g_assert_cmpuint (add_folder ("corpus", TRUE), >, 0);
  add_folder ("regressions", FALSE);

  return g_test_run ();
}
