/* test-sandbox-directory.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-test-util.h"

#define POSTCODE_PATTERN \
  "^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKSTUW]|" \
  "[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"

static char *
shared_file (const char *name)
{
  const char *root = g_getenv ("ONBOARD_SCHOOL_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, "schools", name, NULL);
}

static char *
fixture_file (const char *name)
{
  return g_build_filename (ONBOARD_TEST_FIXTURES, name, NULL);
}

static OnboardSandboxDirectory *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  OnboardSandboxDirectory *directory;

  directory = onboard_sandbox_directory_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (directory);

  return directory;
}

static OnboardSandboxDirectory *
load_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  OnboardSandboxDirectory *directory;

  directory = onboard_sandbox_directory_new_from_data (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (directory);

  return directory;
}

static JsonArray *
parse_body (GBytes    *bytes,
            JsonNode **root)
{
  g_autoptr(GError) error = NULL;

  *root = json_from_string (g_bytes_get_data (bytes, NULL) ? g_bytes_get_data (bytes, NULL) : "", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));

  return json_node_get_array (*root);
}

static void
test_gias_2022 (void)
{
  g_autofree char *path = shared_file ("gias-2022-07-all-establishments.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);
  g_autoptr(GBytes) open_body = NULL;
  g_autoptr(GBytes) all_body = NULL;
  g_autoptr(JsonNode) open_root = NULL;
  g_autoptr(JsonNode) all_root = NULL;
  const OnboardSandboxSchool *school;
  JsonArray *array;
  guint closed = 0;

  g_assert_cmpint (onboard_sandbox_directory_get_format (directory), ==, ONBOARD_SANDBOX_DIRECTORY_FORMAT_SIMPLE);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 49514);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 27332);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 0);

  school = onboard_sandbox_directory_lookup (directory, "100000");
  g_assert_nonnull (school);
  g_assert_cmpstr (school->name, ==, "The Aldgate School");
  g_assert_cmpstr (school->town, ==, "London");
  g_assert_cmpstr (school->postcode, ==, "EC3A 5DE");
  g_assert_null (school->laestab);
  g_assert_true (school->open);

  open_body = onboard_sandbox_directory_get_body (directory, FALSE, FALSE, NULL);
  array = parse_body (open_body, &open_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 27332);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i), "status"), ==, "open");

  all_body = onboard_sandbox_directory_get_body (directory, TRUE, FALSE, NULL);
  array = parse_body (all_body, &all_root);
  g_assert_cmpuint (json_array_get_length (array), ==, 49514);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, i), "status"), "closed") == 0)
      closed++;
  g_assert_cmpuint (closed, ==, 22182);
}

static void
test_gias_2025 (void)
{
  g_autofree char *path = shared_file ("gias-2025-07-open-state-funded.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);

  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 22010);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 22010);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 0);
}

static void
test_detailed_2017 (void)
{
  g_autofree char *path = shared_file ("edubase-2017-07-england-open-subset-detailed.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);
  const OnboardSandboxSchool *school;

  g_assert_cmpint (onboard_sandbox_directory_get_format (directory), ==,
                   ONBOARD_SANDBOX_DIRECTORY_FORMAT_DETAILED);
  /* One row in the file has NA for every value, URN included. */
  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 6022);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 1);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 6022);

  school = onboard_sandbox_directory_lookup (directory, "100001");
  g_assert_nonnull (school);
  g_assert_cmpstr (school->name, ==, "City of London School for Girls");
  g_assert_cmpstr (school->laestab, ==, "2016005");
  g_assert_cmpstr (school->la_name, ==, "City of London");
  g_assert_cmpstr (school->phase, ==, "Not applicable");
  g_assert_cmpstr (school->establishment_type, ==, "Other Independent School");
  g_assert_cmpstr (school->postcode, ==, "EC2Y 8BB");
}

static void
test_deni (void)
{
  g_autofree char *path = shared_file ("deni-2016-northern-ireland.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);
  g_autoptr(GHashTable) urns = g_hash_table_new (g_str_hash, g_str_equal);
  guint with_laestab = 0;

  g_assert_cmpint (onboard_sandbox_directory_get_format (directory), ==, ONBOARD_SANDBOX_DIRECTORY_FORMAT_DENI);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 1580);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 0);

  for (guint i = 0; i < onboard_sandbox_directory_get_n_schools (directory); i++)
    {
      const OnboardSandboxSchool *school = onboard_sandbox_directory_get_school (directory, i);

      g_assert_cmpuint (strlen (school->urn), ==, 6);
      g_assert_true (g_hash_table_add (urns, (char *)school->urn));
      g_assert_cmpstr (school->la_name, ==, "Northern Ireland");
      if (school->laestab != NULL)
        {
          g_assert_cmpuint (strlen (school->laestab), ==, 7);
          with_laestab++;
        }
    }
  /* DE_REF values with letters (playgroups) are not DfE numbers. */
  g_assert_cmpuint (with_laestab, ==, 1179);

  /* "BT96GW" in the file. */
  g_assert_cmpstr (onboard_sandbox_directory_get_school (directory, 0)->postcode, ==, "BT9 6GW");
  g_assert_cmpstr (onboard_sandbox_directory_get_school (directory, 0)->name, ==, "Malone Nursery School");
}

static void
test_cp1252_download (void)
{
  g_autofree char *path = fixture_file ("edubasealldata-sample.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);
  g_autofree char *raw = NULL;
  const OnboardSandboxSchool *school;
  gsize length;

  /* The fixture really is Windows-1252: É is one byte, 0xC9. */
  g_assert_true (g_file_get_contents (path, &raw, &length, NULL));
  g_assert_false (g_utf8_validate (raw, length, NULL));
  g_assert_nonnull (memchr (raw, 0xC9, length));

  g_assert_cmpint (onboard_sandbox_directory_get_format (directory), ==, ONBOARD_SANDBOX_DIRECTORY_FORMAT_GIAS);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 7);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 0);
  /* Closed and "Proposed to open" are not open; "Open, but proposed to close" is. */
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 5);

  school = onboard_sandbox_directory_lookup (directory, "100007");
  g_assert_cmpstr (school->name, ==, "École Française de Londres Jacques Prévert");
  g_assert_true (g_utf8_validate (school->name, -1, NULL));
  g_assert_cmpstr (school->laestab, ==, "2026039");
  g_assert_cmpstr (school->la_name, ==, "Camden");
  g_assert_cmpstr (school->phase, ==, "Primary");
  g_assert_cmpstr (school->establishment_type, ==, "Other independent school");

  school = onboard_sandbox_directory_lookup (directory, "401234");
  g_assert_cmpstr (school->name, ==, "Ysgol Gynradd Gymraeg Awel y Môr");
  g_assert_cmpstr (school->town, ==, "Abertawe");

  /* 0x92 is a right single quotation mark in Windows-1252. */
  school = onboard_sandbox_directory_lookup (directory, "100010");
  g_assert_cmpstr (school->name, ==, "St Mary’s Kilburn, Church of England Primary School");
  g_assert_cmpstr (school->postcode, ==, "NW6 4PG");
  g_assert_true (school->open);

  g_assert_false (onboard_sandbox_directory_lookup (directory, "100011")->open);
  g_assert_false (onboard_sandbox_directory_lookup (directory, "150001")->open);
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "150001")->name, ==, "Riverside “New” Academy");

  school = onboard_sandbox_directory_lookup (directory, "100012");
  g_assert_null (school->laestab);
  g_assert_cmpstr (school->postcode, ==, "");
}

/* Every byte Windows-1252 defines becomes its character, and the five it
 * leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), which iconv refuses,
 * each become U+FFFD instead of the whole list being refused. */
static void
test_cp1252_every_byte (void)
{
  static const guchar undefined[] = { 0x81, 0x8D, 0x8F, 0x90, 0x9D };
  g_autoptr(OnboardSandboxDirectory) directory =
    load_text ("urn,name,town,postcode,open_date\n"
               "100001,\x80 \x81\x8D\x8F\x90\x9D \x9F \xA0\xFF School,Ely,CB7 4DL,\n"
               "100002,Caf\xE9 \x93Quoted\x94 School,Ely,CB7 4DL,\n");
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(OnboardSandboxDirectory) every = NULL;
  const char *name;

  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 2);
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "100001")->name, ==,
                   "\u20AC \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \u0178 \u00A0\u00FF School");
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "100002")->name, ==,
                   "Caf\u00E9 \u201CQuoted\u201D School");

  /* All 128 high bytes in one name, against what GLib's own table says. */
  g_string_append (all, "urn,name,town,postcode,open_date\n100003,");
  for (guint c = 0x80; c <= 0xFF; c++)
    g_string_append_c (all, (char)c);
  g_string_append (all, ",Ely,CB7 4DL,\n");
  every = load_text (all->str);
  name = onboard_sandbox_directory_lookup (every, "100003")->name;
  for (guint c = 0x80; c <= 0xFF; c++, name = g_utf8_next_char (name))
    {
      char byte = (char)c;
      g_autofree char *expected = NULL;

      if (memchr (undefined, c, sizeof undefined) != NULL)
        expected = g_strdup ("\uFFFD");
      else
        expected = g_convert (&byte, 1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      g_assert_nonnull (expected);
      g_assert_cmpuint (g_utf8_get_char (name), ==, g_utf8_get_char (expected));
    }
  g_assert_cmpstr (name, ==, "");
}

static void
test_broken_rows (void)
{
  g_autofree char *path = fixture_file ("schools-broken.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);

  /* Short row, bad URN, empty name, duplicate URN, extra field and an
   * unterminated quote that swallows the rest of the file. */
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 6);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 4);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 3);

  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "100100")->name, ==, "Good One Primary School");
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "100101")->name, ==, "Good, Two \"Quoted\" School");
  g_assert_false (onboard_sandbox_directory_lookup (directory, "100106")->open);
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "100107")->name, ==, "Multi-line Name School");
  g_assert_null (onboard_sandbox_directory_lookup (directory, "100102"));
  g_assert_null (onboard_sandbox_directory_lookup (directory, "100104"));
  g_assert_null (onboard_sandbox_directory_lookup (directory, "100105"));
  g_assert_null (onboard_sandbox_directory_lookup (directory, "100108"));
  g_assert_null (onboard_sandbox_directory_lookup (directory, "100109"));
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OnboardSandboxDirectory) directory = NULL;
  g_autofree char *missing = fixture_file ("no-such-list.csv");

  directory = onboard_sandbox_directory_new_from_data ("colour,size\nred,large\n", 22, &error);
  g_assert_error (error, ONBOARD_SANDBOX_DIRECTORY_ERROR, ONBOARD_SANDBOX_DIRECTORY_ERROR_UNKNOWN_FORMAT);
  g_assert_null (directory);
  g_clear_error (&error);

  directory = onboard_sandbox_directory_new_from_data ("\n\n", 2, &error);
  g_assert_error (error, ONBOARD_SANDBOX_DIRECTORY_ERROR, ONBOARD_SANDBOX_DIRECTORY_ERROR_EMPTY);
  g_assert_null (directory);
  g_clear_error (&error);

  directory = onboard_sandbox_directory_new_from_file (missing, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (directory);
}

static void
test_bom_and_crlf (void)
{
  g_autoptr(OnboardSandboxDirectory) directory =
    load_text ("\xEF\xBB\xBFurn,name,town,postcode,open_date\r\n"
               "123456,\"Crlf, School\",Ely,cb7  4dl,\r\n"
               "123457,Tail School,Ely,CB74DL,");

  g_assert_cmpuint (onboard_sandbox_directory_get_n_schools (directory), ==, 2);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_skipped (directory), ==, 0);
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "123456")->name, ==, "Crlf, School");
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "123456")->postcode, ==, "CB7 4DL");
  g_assert_cmpstr (onboard_sandbox_directory_lookup (directory, "123457")->postcode, ==, "CB7 4DL");
}

static void
test_normalize_postcode (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "ec3a 5de", "EC3A 5DE" },
    { "  SW1A   1AA ", "SW1A 1AA" },
    { "BT96GW", "BT9 6GW" },
    { "M11AE", "M1 1AE" },
    { "", "" },
    { "CB21", "CB21" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = onboard_sandbox_normalize_postcode (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* Found by tests/fuzz/fuzz-sandbox-csv: the space went in three bytes
 * from the end, in the middle of a character, and GET /schools served a
 * postcode that was not UTF-8 (the client then dropped the school). */
static void
test_postcode_not_ascii (void)
{
  g_autoptr(OnboardSandboxDirectory) directory =
    load_text ("urn,name,town,postcode,open_date\n"
               "100067,St Mary's School,London,6P\x82G,01-01-1951\n");
  g_autofree char *typed = onboard_sandbox_normalize_postcode ("6p\xe2\x80\x9ag");
  const OnboardSandboxSchool *school = onboard_sandbox_directory_lookup (directory, "100067");

  g_assert_cmpstr (typed, ==, "6P\xe2\x80\x9aG");
  g_assert_nonnull (school);
  g_assert_true (g_utf8_validate (school->postcode, -1, NULL));
  g_assert_cmpstr (school->postcode, ==, "6P\xe2\x80\x9aG");
}

static void
test_generated (void)
{
  g_autoptr(OnboardSandboxDirectory) directory = onboard_sandbox_directory_dup_default ();
  g_autoptr(OnboardSandboxDirectory) again = onboard_sandbox_directory_new_generated (30000, 2400, 20220701);
  g_autoptr(GRegex) postcode = g_regex_new (POSTCODE_PATTERN, 0, 0, NULL);
  g_autoptr(GHashTable) urns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) towns = g_hash_table_new (g_str_hash, g_str_equal);
  const char *etag = NULL;
  const char *etag_again = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) body_again = NULL;
  guint n = onboard_sandbox_directory_get_n_schools (directory);

  g_assert_cmpint (onboard_sandbox_directory_get_format (directory), ==,
                   ONBOARD_SANDBOX_DIRECTORY_FORMAT_GENERATED);
  g_assert_cmpuint (onboard_sandbox_directory_get_n_open (directory), ==, 30000);
  g_assert_cmpuint (n, ==, 32400);

  for (guint i = 0; i < n; i++)
    {
      const OnboardSandboxSchool *school = onboard_sandbox_directory_get_school (directory, i);

      g_assert_true (g_regex_match (postcode, school->postcode, 0, NULL));
      g_assert_cmpuint (strlen (school->urn), ==, 6);
      g_assert_cmpuint (strspn (school->urn, "0123456789"), ==, 6);
      g_assert_true (g_hash_table_add (urns, (char *)school->urn));
      g_assert_nonnull (school->laestab);
      g_assert_cmpuint (strspn (school->laestab, "0123456789"), ==, 7);
      g_assert_nonnull (school->phase);
      g_assert_nonnull (school->establishment_type);
      g_assert_nonnull (school->la_name);
      g_assert_true (g_utf8_validate (school->name, -1, NULL));
      g_hash_table_add (names, (char *)school->name);
      g_hash_table_add (towns, (char *)school->town);
    }

  /* Varied enough for a search demo. */
  g_assert_cmpuint (g_hash_table_size (names), >, 5000);
  g_assert_cmpuint (g_hash_table_size (towns), >, 100);

  /* Deterministic: the same seed gives the same directory, byte for byte. */
  body = onboard_sandbox_directory_get_body (directory, TRUE, FALSE, &etag);
  body_again = onboard_sandbox_directory_get_body (again, TRUE, FALSE, &etag_again);
  g_assert_cmpstr (etag, ==, etag_again);
  g_assert_true (g_bytes_equal (body, body_again));
}

static void
test_body (void)
{
  g_autofree char *path = fixture_file ("edubasealldata-sample.csv");
  g_autoptr(OnboardSandboxDirectory) directory = load (path);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *etag = NULL;
  const char *gzip_etag = NULL;
  const char *all_etag = NULL;
  JsonArray *array;
  JsonObject *first;

  body = onboard_sandbox_directory_get_body (directory, FALSE, FALSE, &etag);
  compressed = onboard_sandbox_directory_get_body (directory, FALSE, TRUE, &gzip_etag);
  all = onboard_sandbox_directory_get_body (directory, TRUE, FALSE, &all_etag);

  g_assert_cmpstr (etag, ==, gzip_etag);
  g_assert_cmpstr (etag, !=, all_etag);
  g_assert_true (etag[0] == '"' && etag[strlen (etag) - 1] == '"');

  inflated = onboard_sandbox_test_gunzip (compressed);
  g_assert_true (g_bytes_equal (inflated, body));

  array = parse_body (body, &root);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "urn"), ==, "100000");
  g_assert_cmpstr (json_object_get_string_member (first, "laestab"), ==, "2013614");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "The Aldgate School");
  g_assert_cmpstr (json_object_get_string_member (first, "town"), ==, "London");
  g_assert_cmpstr (json_object_get_string_member (first, "postcode"), ==, "EC3A 5DE");
  g_assert_cmpstr (json_object_get_string_member (first, "la_name"), ==, "City of London");
  g_assert_cmpstr (json_object_get_string_member (first, "phase"), ==, "Primary");
  g_assert_cmpstr (json_object_get_string_member (first, "establishment_type"), ==, "Voluntary aided school");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "open");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (array, 4), "laestab"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/sandbox-directory/gias-2022", test_gias_2022);
  g_test_add_func ("/onboard/sandbox-directory/gias-2025", test_gias_2025);
  g_test_add_func ("/onboard/sandbox-directory/detailed-2017", test_detailed_2017);
  g_test_add_func ("/onboard/sandbox-directory/deni", test_deni);
  g_test_add_func ("/onboard/sandbox-directory/cp1252-download", test_cp1252_download);
  g_test_add_func ("/onboard/sandbox-directory/cp1252-every-byte", test_cp1252_every_byte);
  g_test_add_func ("/onboard/sandbox-directory/broken-rows", test_broken_rows);
  g_test_add_func ("/onboard/sandbox-directory/bad-files", test_bad_files);
  g_test_add_func ("/onboard/sandbox-directory/bom-and-crlf", test_bom_and_crlf);
  g_test_add_func ("/onboard/sandbox-directory/normalize-postcode", test_normalize_postcode);
  g_test_add_func ("/onboard/sandbox-directory/postcode-not-ascii", test_postcode_not_ascii);
  g_test_add_func ("/onboard/sandbox-directory/generated", test_generated);
  g_test_add_func ("/onboard/sandbox-directory/body", test_body);

  return g_test_run ();
}
