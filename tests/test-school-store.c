/* test-school-store.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "onboard-school-store.h"

/* The packed table behind the school directory and the search: what goes
 * in comes out, the search keys are folded as the search folds a query,
 * and each index finds exactly the rows it should, in the order the list
 * shows them. */

typedef struct
{
  const char *urn;
  const char *laestab;
  const char *name;
  const char *town;
  const char *postcode;
} Row;

static OnboardSchoolStore *
store_from (const Row *rows,
            guint      n_rows)
{
  OnboardSchoolStoreBuilder *builder = onboard_school_store_builder_new (0);

  for (guint i = 0; i < n_rows; i++)
    {
      OnboardSchoolFields fields = {
        .urn = rows[i].urn,
        .laestab = rows[i].laestab,
        .name = rows[i].name,
        .town = rows[i].town,
        .postcode = rows[i].postcode,
      };

      onboard_school_store_builder_add (builder, &fields);
    }

  return onboard_school_store_builder_finish (builder);
}

static char *
fold (const char *start,
      const char *text)
{
  GString *out = g_string_new (start);

  onboard_school_store_fold (text, out);

  return g_string_free (out, FALSE);
}

static const char *
urn_of (const OnboardSchoolStore *store,
        guint32                   row)
{
  return onboard_school_store_get_string (store, store->rows[row].urn);
}

/* The URNs of @rows[@first, @end), or of @rows themselves when NULL, in
 * that order, space separated. */
static char *
urns_between (const OnboardSchoolStore *store,
              const guint32            *rows,
              guint                     first,
              guint                     end)
{
  GString *urns = g_string_new (NULL);

  for (guint i = first; i < end; i++)
    g_string_append_printf (urns, "%s%s", urns->len ? " " : "", urn_of (store, rows ? rows[i] : i));

  return g_string_free (urns, FALSE);
}

/* The URNs of the rows with a word that begins with @word, each once, in
 * row order. */
static char *
urns_with_word (const OnboardSchoolStore *store,
                const char               *word)
{
  g_autofree gboolean *seen = g_new0 (gboolean, store->n_rows + 1);
  GString *urns = g_string_new (NULL);
  guint first, end;

  onboard_school_store_find_words (store, word, strlen (word), &first, &end);

  for (guint i = first; i < end; i++)
    {
      const OnboardSchoolWord *found = &store->words[i];

      /* What the index says is a word of that row that does begin so. */
      g_assert_cmpuint (found->row, <, store->n_rows);
      g_assert_true (strncmp (store->strings + found->offset, word, strlen (word)) == 0);
      seen[found->row] = TRUE;
    }

  for (guint row = 0; row < store->n_rows; row++)
    if (seen[row])
      g_string_append_printf (urns, "%s%s", urns->len ? " " : "", urn_of (store, row));

  return g_string_free (urns, FALSE);
}

static void
test_fold (void)
{
  struct {
    const char *start;
    const char *text;
    const char *folded;
  } cases[] = {
    { "", "St Mary's Catholic Primary School", "st marys catholic primary school" },
    /* Typographic apostrophes and back-ticks join as the plain one does. */
    { "", "St Mary\xe2\x80\x99s", "st marys" },
    { "", "O`Neill House", "oneill house" },
    /* Accents go; Welsh and French names are searched without them. */
    { "", "Ysgol Gymraeg Bro M\xc3\xb4r", "ysgol gymraeg bro mor" },
    { "", "\xc3\x89" "cole Jacques Pr\xc3\xa9vert", "ecole jacques prevert" },
    /* Every other run of punctuation is one space, none at either end. */
    { "", "  --Netley Primary School & Centre (for Autism)!! ", "netley primary school centre for autism" },
    { "", "Bishop's Stortford, Herts.", "bishops stortford herts" },
    { "", "Year 7-11 Academy", "year 7 11 academy" },
    { "", "", "" },
    { "", "&&", "" },
    /* Added to what is there, one space between. */
    { "st marys", "London", "st marys london" },
    { "st marys", " (London) ", "st marys london" },
    { "st marys", "", "st marys" },
    /* Bytes that are not UTF-8 are not a word. */
    { "", "Caf\xff Bar", "caf bar" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = fold (cases[i].start, cases[i].text);

      g_test_message ("folding case %u", i);
      g_assert_cmpstr (folded, ==, cases[i].folded);
    }
}

static void
test_fields (void)
{
  OnboardSchoolStoreBuilder *builder = onboard_school_store_builder_new (4096);
  g_autoptr(OnboardSchoolStore) store = NULL;
  OnboardSchoolFields full = {
    .urn = "100000",
    .laestab = "2016005",
    .name = "The Aldgate School",
    .town = "London",
    .postcode = "EC3A 5DE",
    .la_name = "City of London",
    .phase = "Primary",
    .establishment_type = "Voluntary aided school",
    .status = "open",
  };
  OnboardSchoolFields sparse = {
    .urn = "100001",
    .name = "City of London School",
    .town = "London",
  };
  const OnboardSchoolRow *row;

  onboard_school_store_builder_add (builder, &full);
  onboard_school_store_builder_add (builder, &sparse);
  store = onboard_school_store_builder_finish (builder);

  g_assert_cmpuint (store->n_rows, ==, 2);

  row = &store->rows[0];
  g_assert_cmpstr (onboard_school_store_get_string (store, row->urn), ==, "100000");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->laestab), ==, "2016005");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->name), ==, "The Aldgate School");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->town), ==, "London");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->postcode), ==, "EC3A 5DE");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->la_name), ==, "City of London");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->phase), ==, "Primary");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->establishment_type), ==, "Voluntary aided school");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->status), ==, "open");
  g_assert_cmpuint (row->urn_number, ==, 100000);
  g_assert_cmpuint (row->laestab_number, ==, 2016005);

  /* What the list leaves out: no DfE number, no local authority, phase
   * or type; an empty town or postcode; and a school that is open. */
  row = &store->rows[1];
  g_assert_cmpuint (row->laestab, ==, ONBOARD_SCHOOL_STORE_NO_STRING);
  g_assert_null (onboard_school_store_get_string (store, row->laestab));
  g_assert_cmpuint (row->laestab_number, ==, ONBOARD_SCHOOL_STORE_NO_NUMBER);
  g_assert_null (onboard_school_store_get_string (store, row->la_name));
  g_assert_null (onboard_school_store_get_string (store, row->phase));
  g_assert_null (onboard_school_store_get_string (store, row->establishment_type));
  g_assert_cmpstr (onboard_school_store_get_string (store, row->postcode), ==, "");
  g_assert_cmpstr (onboard_school_store_get_string (store, row->status), ==, "open");

  /* A town that repeats is kept once. */
  g_assert_cmpuint (store->rows[0].town, ==, store->rows[1].town);
  g_assert_cmpuint (store->rows[0].status, ==, store->rows[1].status);
}

static void
test_numbers (void)
{
  const Row rows[] = {
    { "100000", "2016005", "Six Digits", NULL, NULL },
    /* A DfE number in another spelling is kept as the API sends it. */
    { "100001", "201/6005", "Slashed", NULL, NULL },
    /* Neither a URN nor a DfE number: kept as text, never a number. */
    { "99999", "85", "Short", NULL, NULL },
    { "1000000", "20160051", "Long", NULL, NULL },
    { "10000a", NULL, "Letters", NULL, NULL },
  };
  g_autoptr(OnboardSchoolStore) store = store_from (rows, G_N_ELEMENTS (rows));

  g_assert_cmpuint (store->rows[0].urn_number, ==, 100000);
  g_assert_cmpuint (store->rows[0].laestab_number, ==, 2016005);

  g_assert_cmpuint (store->rows[1].urn_number, ==, 100001);
  g_assert_cmpstr (onboard_school_store_get_string (store, store->rows[1].laestab), ==, "2016005");
  g_assert_cmpuint (store->rows[1].laestab_number, ==, 2016005);

  for (guint i = 2; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %u", i);
      g_assert_cmpstr (urn_of (store, i), ==, rows[i].urn);
      g_assert_cmpuint (store->rows[i].urn_number, ==, ONBOARD_SCHOOL_STORE_NO_NUMBER);
      g_assert_cmpuint (store->rows[i].laestab_number, ==, ONBOARD_SCHOOL_STORE_NO_NUMBER);
    }
  g_assert_null (onboard_school_store_get_string (store, store->rows[2].laestab));
}

static void
test_postcode_keys (void)
{
  const Row rows[] = {
    { "100000", NULL, "A", NULL, "so31 5fb" },
    { "100001", NULL, "B", NULL, "W1A 1AA" },
    { "100002", NULL, "C", NULL, "N1" },
    { "100003", NULL, "D", NULL, "Not a postcode" },
    { "100004", NULL, "E", NULL, NULL },
    { "100005", NULL, "F", NULL, "E1 6AN" },
    { "100006", NULL, "G", NULL, "SW1A" },
  };
  g_autoptr(OnboardSchoolStore) store = store_from (rows, G_N_ELEMENTS (rows));

  g_assert_cmpstr (store->rows[0].postcode_key, ==, "SO315FB");
  g_assert_cmpuint (store->rows[0].postcode_outward_len, ==, 4);
  /* Shown as it came. */
  g_assert_cmpstr (onboard_school_store_get_string (store, store->rows[0].postcode), ==, "so31 5fb");

  g_assert_cmpstr (store->rows[1].postcode_key, ==, "W1A1AA");
  g_assert_cmpuint (store->rows[1].postcode_outward_len, ==, 3);

  /* Too short to tell the outward code from the inward one. */
  g_assert_cmpstr (store->rows[2].postcode_key, ==, "N1");
  g_assert_cmpuint (store->rows[2].postcode_outward_len, ==, 0);

  /* Better no postcode match than a wrong one. */
  g_assert_cmpstr (store->rows[3].postcode_key, ==, "");
  g_assert_cmpuint (store->rows[3].postcode_outward_len, ==, 0);
  g_assert_cmpstr (store->rows[4].postcode_key, ==, "");

  /* The inward code is always three characters: the rest is outward. */
  g_assert_cmpstr (store->rows[5].postcode_key, ==, "E16AN");
  g_assert_cmpuint (store->rows[5].postcode_outward_len, ==, 2);
  g_assert_cmpstr (store->rows[6].postcode_key, ==, "SW1A");
  g_assert_cmpuint (store->rows[6].postcode_outward_len, ==, 0);
}

static void
test_search_keys (void)
{
  const Row rows[] = {
    { "100000", NULL, "St Mary's School", "London", NULL },
    { "100001", NULL, "Oakfield", NULL, NULL },
  };
  g_autoptr(OnboardSchoolStore) store = store_from (rows, G_N_ELEMENTS (rows));
  const guint8 *starts;
  const char *key;
  guint len;
  guint n_starts;
  guint64 initials;

  key = onboard_school_store_get_key (store, store->rows[0].search, &len, &starts, &n_starts);
  g_assert_cmpstr (key, ==, "st marys school london");
  g_assert_cmpuint (len, ==, strlen ("st marys school london"));
  g_assert_cmpuint (n_starts, ==, 4);
  g_assert_cmpuint (starts[0], ==, 0);
  g_assert_cmpuint (starts[1], ==, 3);
  g_assert_cmpuint (starts[2], ==, 9);
  g_assert_cmpuint (starts[3], ==, 16);
  /* The name's words come first, then the town's. */
  g_assert_cmpuint (store->rows[0].name_words, ==, 3);

  initials = onboard_school_store_initial_bit ('s') | onboard_school_store_initial_bit ('m') |
             onboard_school_store_initial_bit ('l');
  g_assert_cmphex (store->rows[0].initials, ==, initials);
  g_assert_true (store->rows[0].bigrams & onboard_school_store_bigram_bit ('m', 'a'));
  g_assert_true (store->rows[0].bigrams & onboard_school_store_bigram_bit ('l', 'o'));

  key = onboard_school_store_get_key (store, store->rows[1].search, &len, &starts, &n_starts);
  g_assert_cmpstr (key, ==, "oakfield");
  g_assert_cmpuint (n_starts, ==, 1);
  g_assert_cmpuint (store->rows[1].name_words, ==, 1);
  g_assert_cmphex (store->rows[1].initials, ==, onboard_school_store_initial_bit ('o'));

  /* Letters and digits only have a bit. */
  g_assert_cmphex (onboard_school_store_initial_bit ('a'), ==, 1);
  g_assert_cmphex (onboard_school_store_initial_bit ('9'), ==, G_GUINT64_CONSTANT (1) << 35);
  g_assert_cmphex (onboard_school_store_initial_bit (' '), ==, 0);
}

static void
test_long_key (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(OnboardSchoolStore) store = NULL;
  Row row = { "100000", NULL, NULL, "Town", NULL };
  const guint8 *starts;
  const char *key;
  guint len;
  guint n_starts;

  /* 60 words of five letters: 359 characters folded. */
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (name, "%sword%c", i ? " " : "", 'a' + i % 26);
  row.name = name->str;
  store = store_from (&row, 1);

  /* Cut between words, within the key's limit. */
  key = onboard_school_store_get_key (store, store->rows[0].search, &len, &starts, &n_starts);
  g_assert_cmpuint (len, <=, ONBOARD_SCHOOL_STORE_KEY_MAX);
  g_assert_cmpuint (len, ==, strlen (key));
  g_assert_cmpuint (len % 6, ==, 5);
  g_assert_true (strncmp (key, name->str, len) == 0);
  g_assert_cmpuint (n_starts, ==, (len + 1) / 6);
  g_assert_cmpuint (store->rows[0].name_words, ==, n_starts);
}

static const Row directory[] = {
  { "100010", "2012000", "Zeta School", "Leeds", "LS1 4AP" },
  { "100011", "2012001", "St Mary's Catholic Primary School", "London", "SW1P 3BT" },
  { "100012", "8522001", "St Marys Catholic Primary School", "Bristol", "BS1 5TR" },
  { "100013", "8522002", "\xc3\x85lesund Academy", "Southampton", "SO31 5FB" },
  { "100014", "8522003", "alpha school", "Southampton", "SO30 2HS" },
  { "100015", "8522004", "St Marys Catholic College", "Leeds", "LS2 9JT" },
  /* The same URN twice, as a list served twice over may have it. */
  { "100011", "2012001", "St Mary's Catholic Primary School", "London", "SW1P 3BT" },
  { "100016", NULL, "Marlborough Academy", "Marlow", "SL7 1AA" },
};

static void
test_find_words (void)
{
  g_autoptr(OnboardSchoolStore) store = store_from (directory, G_N_ELEMENTS (directory));
  struct {
    const char *word;
    const char *urns;
  } cases[] = {
    { "mar", "100011 100012 100015 100011 100016" },
    { "marys", "100011 100012 100015 100011" },
    { "marl", "100016" },
    { "marlow", "100016" },
    { "s", "100010 100011 100012 100013 100014 100015 100011" },
    { "school", "100010 100011 100012 100014 100011" },
    { "a", "100013 100014 100016" },
    { "alesund", "100013" },
    { "southampton", "100013 100014" },
    { "z", "100010" },
    { "marysx", "" },
    { "q", "" },
    { "9", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *urns = urns_with_word (store, cases[i].word);

      g_test_message ("words beginning '%s'", cases[i].word);
      g_assert_cmpstr (urns, ==, cases[i].urns);
    }

  /* Every word of every key is in the index once. */
  {
    guint n_words = 0;

    for (guint i = 0; i < store->n_rows; i++)
      n_words += (guchar)store->strings[store->rows[i].search];
    g_assert_cmpuint (store->n_words, ==, n_words);
  }

  /* In prefix order, which is what the search's halving relies on. */
  for (guint i = 1; i < store->n_words; i++)
    g_assert_cmpuint (store->words[i - 1].prefix, <=, store->words[i].prefix);
}

static void
test_find_postcodes (void)
{
  g_autoptr(OnboardSchoolStore) store = store_from (directory, G_N_ELEMENTS (directory));
  struct {
    const char *key;
    const char *urns;
  } cases[] = {
    { "SO3", "100014 100013" },
    { "SO31", "100013" },
    { "SO315FB", "100013" },
    { "LS", "100010 100015" },
    { "SW1P3BT", "100011 100011" },
    { "SW1P3BX", "" },
    { "E", "" },
    { "ZZ", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *urns = NULL;
      guint first, end;

      onboard_school_store_find_postcodes (store, cases[i].key, strlen (cases[i].key), &first, &end);
      urns = urns_between (store, store->by_postcode, first, end);
      g_test_message ("postcodes beginning '%s'", cases[i].key);
      g_assert_cmpstr (urns, ==, cases[i].urns);
    }
}

static void
test_find_numbers (void)
{
  g_autoptr(OnboardSchoolStore) store = store_from (directory, G_N_ELEMENTS (directory));
  g_autofree char *urns = NULL;
  guint first, end;

  onboard_school_store_find_urn (store, 100011, &first, &end);
  g_assert_cmpuint (end - first, ==, 2);
  g_assert_cmpuint (store->by_urn[first], ==, 1);
  g_assert_cmpuint (store->by_urn[first + 1], ==, 6);

  onboard_school_store_find_urn (store, 100016, &first, &end);
  urns = urns_between (store, store->by_urn, first, end);
  g_assert_cmpstr (urns, ==, "100016");
  g_clear_pointer (&urns, g_free);

  onboard_school_store_find_urn (store, 100017, &first, &end);
  g_assert_cmpuint (first, ==, end);
  onboard_school_store_find_urn (store, 99, &first, &end);
  g_assert_cmpuint (first, ==, end);
  onboard_school_store_find_urn (store, ONBOARD_SCHOOL_STORE_NO_NUMBER, &first, &end);
  g_assert_cmpuint (first, ==, end);

  onboard_school_store_find_laestab (store, 8522002, &first, &end);
  urns = urns_between (store, store->by_laestab, first, end);
  g_assert_cmpstr (urns, ==, "100013");
  g_clear_pointer (&urns, g_free);

  onboard_school_store_find_laestab (store, 2012001, &first, &end);
  urns = urns_between (store, store->by_laestab, first, end);
  g_assert_cmpstr (urns, ==, "100011 100011");
  g_clear_pointer (&urns, g_free);

  /* A school without a DfE number is not found by its absence. */
  onboard_school_store_find_laestab (store, ONBOARD_SCHOOL_STORE_NO_NUMBER, &first, &end);
  g_assert_cmpuint (first, ==, end);

  /* The orders themselves. */
  urns = urns_between (store, store->by_urn, 0, store->n_rows);
  g_assert_cmpstr (urns, ==, "100010 100011 100011 100012 100013 100014 100015 100016");
}

static void
test_name_order (void)
{
  g_autoptr(OnboardSchoolStore) store = store_from (directory, G_N_ELEMENTS (directory));
  g_autofree char *urns = urns_between (store, store->by_name, 0, store->n_rows);

  /* By folded name, then town; accents and case play no part, and the
   * same key keeps the order of the list. The Catholic schools share their
   * first ten characters ("st marys c"), so the whole key decides. */
  g_assert_cmpstr (urns, ==, "100013 100014 100016 100015 100012 100011 100011 100010");

  for (guint i = 0; i < store->n_rows; i++)
    g_assert_cmpuint (store->name_order[store->by_name[i]], ==, i);
  g_assert_cmpuint (store->by_name[5], <, store->by_name[6]);
}

static void
test_empty_and_refs (void)
{
  OnboardSchoolStore *store = store_from (NULL, 0);
  guint first = 1, end = 1;

  g_assert_cmpuint (store->n_rows, ==, 0);
  g_assert_cmpuint (store->n_words, ==, 0);

  onboard_school_store_find_words (store, "school", 6, &first, &end);
  g_assert_cmpuint (first, ==, end);
  onboard_school_store_find_postcodes (store, "SO31", 4, &first, &end);
  g_assert_cmpuint (first, ==, end);
  onboard_school_store_find_urn (store, 100000, &first, &end);
  g_assert_cmpuint (first, ==, end);

  /* Shared between the directory and its filters: freed with the last. */
  g_assert_true (onboard_school_store_ref (store) == store);
  onboard_school_store_unref (store);
  g_assert_cmpuint (store->n_rows, ==, 0);
  onboard_school_store_unref (store);

  /* A builder that is never finished lets go of what it holds. */
  {
    g_autoptr(OnboardSchoolStoreBuilder) builder = onboard_school_store_builder_new (1 << 20);
    OnboardSchoolFields fields = { .urn = "100000", .name = "Unfinished" };

    onboard_school_store_builder_add (builder, &fields);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/onboard/school-store/fold", test_fold);
  g_test_add_func ("/onboard/school-store/fields", test_fields);
  g_test_add_func ("/onboard/school-store/numbers", test_numbers);
  g_test_add_func ("/onboard/school-store/postcode-keys", test_postcode_keys);
  g_test_add_func ("/onboard/school-store/search-keys", test_search_keys);
  g_test_add_func ("/onboard/school-store/long-key", test_long_key);
  g_test_add_func ("/onboard/school-store/find-words", test_find_words);
  g_test_add_func ("/onboard/school-store/find-postcodes", test_find_postcodes);
  g_test_add_func ("/onboard/school-store/find-numbers", test_find_numbers);
  g_test_add_func ("/onboard/school-store/name-order", test_name_order);
  g_test_add_func ("/onboard/school-store/empty-and-refs", test_empty_and_refs);

  return g_test_run ();
}
