/* test-school.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-school.h"

static void
test_getters (void)
{
  OnboardSchool *school;
  g_autofree char *dfe_number = NULL;

  school = onboard_school_new ("100350", "2053529",
                               "St Mary's Catholic Primary School", "London", "W14 0LT",
                               "Hammersmith and Fulham", "Primary", "Voluntary Aided School",
                               "open");

  g_assert_cmpstr (onboard_school_get_urn (school), ==, "100350");
  g_assert_cmpstr (onboard_school_get_laestab (school), ==, "2053529");
  g_assert_cmpstr (onboard_school_get_name (school), ==, "St Mary's Catholic Primary School");
  g_assert_cmpstr (onboard_school_get_town (school), ==, "London");
  g_assert_cmpstr (onboard_school_get_postcode (school), ==, "W14 0LT");
  g_assert_cmpstr (onboard_school_get_la_name (school), ==, "Hammersmith and Fulham");
  g_assert_cmpstr (onboard_school_get_phase (school), ==, "Primary");
  g_assert_cmpstr (onboard_school_get_establishment_type (school), ==, "Voluntary Aided School");
  g_assert_cmpstr (onboard_school_get_status (school), ==, "open");

  dfe_number = onboard_school_dup_dfe_number (school);
  g_assert_cmpstr (dfe_number, ==, "205/3529");

  g_assert_finalize_object (school);
}

static void
test_nulls (void)
{
  OnboardSchool *school;

  /* A closed record from the 2022 list: no LAESTAB, town or postcode. */
  school = onboard_school_new ("146834", NULL, "St Saviour’s Ikoyi", NULL, NULL,
                               NULL, NULL, NULL, NULL);

  g_assert_cmpstr (onboard_school_get_urn (school), ==, "146834");
  g_assert_null (onboard_school_get_laestab (school));
  g_assert_null (onboard_school_dup_dfe_number (school));
  g_assert_cmpstr (onboard_school_get_name (school), ==, "St Saviour’s Ikoyi");
  g_assert_cmpstr (onboard_school_get_town (school), ==, "");
  g_assert_cmpstr (onboard_school_get_postcode (school), ==, "");
  g_assert_null (onboard_school_get_la_name (school));
  g_assert_null (onboard_school_get_phase (school));
  g_assert_null (onboard_school_get_establishment_type (school));
  g_assert_cmpstr (onboard_school_get_status (school), ==, "open");

  g_assert_finalize_object (school);
}

static void
test_laestab_spellings (void)
{
  static const struct {
    const char *laestab;
    const char *stored;
    const char *dfe_number;
  } cases[] = {
    { "3301006", "3301006", "330/1006" },
    { "330/1006", "3301006", "330/1006" },
    { "330-1006", "3301006", "330/1006" },
    { "330 1006", "3301006", "330/1006" },
    { "33/1006", NULL, NULL },
    { "unknown", NULL, NULL },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OnboardSchool *school;
      g_autofree char *dfe_number = NULL;

      g_test_message ("laestab \"%s\"", cases[i].laestab);

      school = onboard_school_new ("103122", cases[i].laestab,
                                   "Garretts Green Nursery School", "Birmingham", "B26 2JL",
                                   "Birmingham", "Nursery", "LA Nursery School", "open");
      dfe_number = onboard_school_dup_dfe_number (school);

      g_assert_cmpstr (onboard_school_get_laestab (school), ==, cases[i].stored);
      g_assert_cmpstr (dfe_number, ==, cases[i].dfe_number);

      g_assert_finalize_object (school);
    }
}

static void
test_properties (void)
{
  OnboardSchool *school;
  g_autofree char *urn = NULL;
  g_autofree char *laestab = NULL;
  g_autofree char *dfe_number = NULL;
  g_autofree char *name = NULL;
  g_autofree char *town = NULL;
  g_autofree char *postcode = NULL;
  g_autofree char *la_name = NULL;
  g_autofree char *phase = NULL;
  g_autofree char *establishment_type = NULL;
  g_autofree char *status = NULL;

  school = onboard_school_new ("100371", "2056359",
                               "Ecole Française de Londres Jacques Prévert", "London", "W6 7BE",
                               "Hammersmith and Fulham", NULL, "Other Independent School",
                               "open");

  g_object_get (school,
                "urn", &urn,
                "laestab", &laestab,
                "dfe-number", &dfe_number,
                "name", &name,
                "town", &town,
                "postcode", &postcode,
                "la-name", &la_name,
                "phase", &phase,
                "establishment-type", &establishment_type,
                "status", &status,
                NULL);

  g_assert_cmpstr (urn, ==, "100371");
  g_assert_cmpstr (laestab, ==, "2056359");
  g_assert_cmpstr (dfe_number, ==, "205/6359");
  g_assert_cmpstr (name, ==, "Ecole Française de Londres Jacques Prévert");
  g_assert_cmpstr (town, ==, "London");
  g_assert_cmpstr (postcode, ==, "W6 7BE");
  g_assert_cmpstr (la_name, ==, "Hammersmith and Fulham");
  g_assert_null (phase);
  g_assert_cmpstr (establishment_type, ==, "Other Independent School");
  g_assert_cmpstr (status, ==, "open");

  g_assert_finalize_object (school);
}

static void
test_read_only (void)
{
  OnboardSchool *school;
  GParamSpec *pspec;
  const char * const names[] = {
    "urn", "laestab", "dfe-number", "name", "town", "postcode",
    "la-name", "phase", "establishment-type", "status",
  };

  school = onboard_school_new ("100471", NULL, "Rosemary Sld School", "London", "N1 8PW",
                               NULL, NULL, NULL, "closed");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (school), names[i]);

      g_assert_nonnull (pspec);
      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_false (pspec->flags & G_PARAM_WRITABLE);
      g_assert_true (pspec->value_type == G_TYPE_STRING);
    }

  g_assert_cmpstr (onboard_school_get_status (school), ==, "closed");

  g_assert_finalize_object (school);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school/getters", test_getters);
  g_test_add_func ("/onboard/school/nulls", test_nulls);
  g_test_add_func ("/onboard/school/laestab-spellings", test_laestab_spellings);
  g_test_add_func ("/onboard/school/properties", test_properties);
  g_test_add_func ("/onboard/school/read-only", test_read_only);

  return g_test_run ();
}
