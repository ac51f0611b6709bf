/* fuzz-sandbox-csv.c: the reference server's school list importer
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "onboard-sandbox-directory.h"
#include "onboard-school-directory.h"

/* Any CSV file: the four formats of the school lists in tests/data/schools/, the real
 * Windows-1252 GIAS download, and anything else. What the importer keeps,
 * it serves as GET /schools, and the client must read that body back in
 * full: a school the server lists but the wizard drops is one an office
 * worker cannot find. */

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  onboard_fuzz_init ();
  return 0;
}

static void
check_body (OnboardSandboxDirectory *directory,
            gboolean                 include_closed)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(OnboardSchoolDirectory) read_back = NULL;
  g_autoptr(GError) error = NULL;
  const char *etag = NULL;
  guint expected;

  body = onboard_sandbox_directory_get_body (directory, include_closed, FALSE, &etag);
  g_assert_nonnull (etag);

  read_back = onboard_school_directory_new_from_bytes (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read_back);

  expected = include_closed ? onboard_sandbox_directory_get_n_schools (directory)
                            : onboard_sandbox_directory_get_n_open (directory);
  g_assert_cmpuint (onboard_school_directory_get_n_skipped (read_back), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (read_back)), ==, expected);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *copy = onboard_fuzz_strndup (data, size);
  g_autoptr(OnboardSandboxDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;
  guint n_schools;

  directory = onboard_sandbox_directory_new_from_data (copy, size, &error);
  if (directory == NULL)
    {
      g_assert_true (error->domain == ONBOARD_SANDBOX_DIRECTORY_ERROR);
      return 0;
    }
  g_assert_no_error (error);

  n_schools = onboard_sandbox_directory_get_n_schools (directory);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), <=, n_schools);

  for (guint i = 0; i < n_schools; i++)
    {
      const OnboardSandboxSchool *school = onboard_sandbox_directory_get_school (directory, i);

      /* "Every field is UTF-8" (the header's promise), and the URN is the
       * six digits the wizard searches for. */
      g_assert_nonnull (school->urn);
      g_assert_cmpuint (strlen (school->urn), ==, 6);
      g_assert_nonnull (school->name);
      g_assert_cmpstr (school->name, !=, "");
      g_assert_nonnull (school->town);
      g_assert_nonnull (school->postcode);
      onboard_fuzz_assert_text (school->urn);
      onboard_fuzz_assert_text (school->laestab);
      onboard_fuzz_assert_text (school->name);
      onboard_fuzz_assert_text (school->town);
      onboard_fuzz_assert_text (school->postcode);
      onboard_fuzz_assert_text (school->la_name);
      onboard_fuzz_assert_text (school->phase);
      onboard_fuzz_assert_text (school->establishment_type);

      g_assert_true (onboard_sandbox_directory_lookup (directory, school->urn) == school);
    }

  check_body (directory, FALSE);
  check_body (directory, TRUE);

  return 0;
}
