/* onboard-school-filter.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "onboard-school-filter.h"
#include "onboard-school-filter-private.h"
#include "onboard-school-private.h"
#include "onboard-validators.h"

/* Nobody types more to find a school; words past these are ignored. */
#define MAX_WORDS 16

typedef struct
{
  guint start;
  guint len;
} Word;

/* A query as the matcher needs it, worked out once per change. */
typedef struct
{
  /* The folded words, "st marys", and where each starts, longest first so
   * the most telling word is tried first. */
  char    *folded;
  Word     words[MAX_WORDS];
  guint    n_words;
  /* What a row's OnboardSchoolRow.initials and .bigrams must include. */
  guint64  initials;
  guint64  bigrams;
  /* Letters and digits of a query that begins like a postcode, or "";
   * and when a space marks where its outward code ends, that length. */
  char     postcode_key[8];
  guint    postcode_len;
  guint    postcode_outward_len;
  guint32  urn;
  guint32  laestab;
  /* Whether any of the three above is set. */
  gboolean has_codes;
} Query;

/* Rows of one store: a bit each, for match(), and a list, to visit them
 * without looking at the others. */
typedef struct
{
  guint64 *bits;
  guint32 *rows;
  guint    n_rows;
} RowSet;

/* Looking at a row again reads its row and its key, two cache misses
 * when cold; taking one from the word index reads a few sequential bytes:
 * about this many times less. */
#define ROW_COST 16

struct _OnboardSchoolFilter
{
  GtkFilter           parent_instance;

  char               *query_text;
  Query               query;

  /* The store the filtered list's schools come from, and, a bit per row,
   * which rows the query matches: worked out once per query from the
   * store's indexes, so that a keystroke costs what it finds rather than
   * a look at every school, and one that changes no row's answer changes
   * nothing. match() then only reads a bit. Until a school is matched
   * there is no store; schools of another store are matched one by one,
   * and make the next query start again from whichever store comes. */
  OnboardSchoolStore *store;
  RowSet              matches;
  RowSet              scratch;
  gboolean            matches_valid;
  gboolean            other_store_seen;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolFilter, onboard_school_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_QUERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Read once in class_init: match() runs too often to call get_type(). */
static GType school_type;

static void
query_clear (Query *query)
{
  g_clear_pointer (&query->folded, g_free);
  memset (query, 0, sizeof *query);
  query->urn = ONBOARD_SCHOOL_STORE_NO_NUMBER;
  query->laestab = ONBOARD_SCHOOL_STORE_NO_NUMBER;
}

static int
compare_words_longest_first (gconstpointer a,
                             gconstpointer b)
{
  const Word *word_a = a;
  const Word *word_b = b;

  if (word_a->len != word_b->len)
    return word_a->len > word_b->len ? -1 : 1;

  return word_a->start < word_b->start ? -1 : word_a->start > word_b->start;
}

/* Letters and digits only, upper case, when @text is nothing else (white
 * space aside) and begins like a postcode: "sw1p 3bt" gives "SW1P3BT".
 * Without a space "CB21" may be "CB21 …" or "CB2 1…", so both match; a
 * space after an outward code ("CB21 ", "CB2 1") settles which. */
static void
query_set_postcode (Query      *query,
                    const char *text)
{
  char key[sizeof query->postcode_key] = { 0 };
  guint len = 0;
  guint letters = 0;
  guint space_at = 0;
  gboolean spaced_once = TRUE;
  gboolean in_space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          in_space = len > 0;
          continue;
        }

      if (!g_ascii_isalnum (*p) || len == sizeof key - 1)
        return;

      if (in_space)
        {
          if (space_at == 0)
            space_at = len;
          else
            spaced_once = FALSE;
          in_space = FALSE;
        }

      key[len++] = g_ascii_toupper (*p);
    }

  /* A trailing space ends the outward code too. */
  if (in_space && space_at == 0)
    space_at = len;

  while (letters < len && g_ascii_isalpha (key[letters]))
    letters++;

  if (letters < 1 || letters > 2 || letters == len || !g_ascii_isdigit (key[letters]))
    return;

  memcpy (query->postcode_key, key, sizeof key);
  query->postcode_len = len;

  if (space_at > 0 && spaced_once && len - space_at <= 3)
    {
      char outward[sizeof key] = { 0 };

      memcpy (outward, key, space_at);
      if (onboard_postcode_is_outward_code (outward))
        query->postcode_outward_len = space_at;
    }
}

/* The digits of @text, or 0 when it holds anything but digits, white
 * space, "/" and "-". */
static guint
count_digits (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
      else if (!g_ascii_isspace (*p) && *p != '/' && *p != '-')
        return 0;
    }

  return n;
}

static guint32
parse_number (const char *digits)
{
  guint32 value = 0;

  for (const char *p = digits; *p != '\0'; p++)
    value = value * 10 + (guint32)(*p - '0');

  return value;
}

static void
query_init (Query      *query,
            const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *laestab = NULL;
  GString *folded;
  const char *p;

  memset (query, 0, sizeof *query);
  query->urn = ONBOARD_SCHOOL_STORE_NO_NUMBER;
  query->laestab = ONBOARD_SCHOOL_STORE_NO_NUMBER;

  if (text == NULL)
    return;

  folded = g_string_new (NULL);
  onboard_school_store_fold (text, folded);
  query->folded = g_string_free (folded, FALSE);

  p = query->folded;
  while (*p != '\0' && query->n_words < MAX_WORDS)
    {
      Word *word = &query->words[query->n_words++];
      const char *space = strchr (p, ' ');
      gsize len = space != NULL ? (gsize)(space - p) : strlen (p);

      word->start = (guint)(p - query->folded);
      word->len = (guint)len;

      query->initials |= onboard_school_store_initial_bit (p[0]);
      if (len > 1)
        query->bigrams |= onboard_school_store_bigram_bit (p[0], p[1]);

      p += len;
      if (*p == ' ')
        p++;
    }

  qsort (query->words, query->n_words, sizeof (Word), compare_words_longest_first);


  /* Postcodes, URNs and DfE numbers are all letters and digits, so a query
   * without words has none of them either. */
  if (query->n_words == 0)
    return;

  query_set_postcode (query, text);

  /* A URN is six digits, a DfE number seven with separators allowed;
   * anything else need not be looked at closer. */
  switch (count_digits (text))
    {
    case 6:
      trimmed = g_strstrip (g_strdup (text));
      if (onboard_urn_is_valid (trimmed))
        query->urn = parse_number (trimmed);
      break;

    case 7:
      laestab = onboard_dfe_number_normalize (text);
      if (laestab != NULL)
        query->laestab = parse_number (laestab);
      break;

    default:
      break;
    }

  query->has_codes = query->postcode_len > 0 ||
                     query->urn != ONBOARD_SCHOOL_STORE_NO_NUMBER ||
                     query->laestab != ONBOARD_SCHOOL_STORE_NO_NUMBER;
}

static gboolean
query_equal (const Query *a,
             const Query *b)
{
  return g_strcmp0 (a->folded != NULL ? a->folded : "", b->folded != NULL ? b->folded : "") == 0 &&
         a->postcode_len == b->postcode_len &&
         a->postcode_outward_len == b->postcode_outward_len &&
         memcmp (a->postcode_key, b->postcode_key, sizeof a->postcode_key) == 0 &&
         a->urn == b->urn &&
         a->laestab == b->laestab;
}

/* TRUE when every school @narrow matches is sure to match @wide too. Both
 * match something (have words). */
static gboolean
query_narrows (const Query *narrow,
               const Query *wide)
{
  /* A school matching every word of @narrow has, for each word of @wide
   * that starts some word of @narrow, a word starting with it. */
  for (guint i = 0; i < wide->n_words; i++)
    {
      const Word *w = &wide->words[i];
      gboolean found = FALSE;

      for (guint j = 0; j < narrow->n_words && !found; j++)
        {
          const Word *n = &narrow->words[j];

          found = n->len >= w->len &&
                  memcmp (narrow->folded + n->start, wide->folded + w->start, w->len) == 0;
        }

      if (!found)
        return FALSE;
    }

  if (narrow->postcode_len > 0 &&
      (wide->postcode_len == 0 ||
       wide->postcode_len > narrow->postcode_len ||
       memcmp (wide->postcode_key, narrow->postcode_key, wide->postcode_len) != 0 ||
       (wide->postcode_outward_len != 0 &&
        wide->postcode_outward_len != narrow->postcode_outward_len)))
    return FALSE;

  if (narrow->urn != ONBOARD_SCHOOL_STORE_NO_NUMBER && narrow->urn != wide->urn)
    return FALSE;

  if (narrow->laestab != ONBOARD_SCHOOL_STORE_NO_NUMBER && narrow->laestab != wide->laestab)
    return FALSE;

  return TRUE;
}

/* Whether a word of the key starting at @search begins with each word of
 * @query but the one at @skip. */
static gboolean
key_has_other_words (const OnboardSchoolStore *store,
                     guint32                   search,
                     const Query              *query,
                     guint                     skip)
{
  const guint8 *starts;
  const char *key;
  guint key_len;
  guint n_starts;

  key = onboard_school_store_get_key (store, search, &key_len, &starts, &n_starts);

  for (guint i = 0; i < query->n_words; i++)
    {
      const char *word = query->folded + query->words[i].start;
      guint len = query->words[i].len;
      gboolean found = FALSE;

      if (i == skip)
        continue;

      for (guint j = 0; j < n_starts && !found; j++)
        found = starts[j] + len <= key_len && memcmp (key + starts[j], word, len) == 0;

      if (!found)
        return FALSE;
    }

  return TRUE;
}

static guint
n_bit_words (const OnboardSchoolStore *store)
{
  return MAX ((store->n_rows + 63) / 64, 1);
}

static void
row_set_init (RowSet                   *set,
              const OnboardSchoolStore *store)
{
  set->bits = g_new0 (guint64, n_bit_words (store));
  set->rows = g_new (guint32, MAX (store->n_rows, 1));
  set->n_rows = 0;
}

static void
row_set_clear (RowSet *set)
{
  g_clear_pointer (&set->bits, g_free);
  g_clear_pointer (&set->rows, g_free);
  set->n_rows = 0;
}

/* Clearing only the words with bits set costs what was found, not 6 KB. */
static void
row_set_empty (RowSet                   *set,
               const OnboardSchoolStore *store)
{
  if (set->n_rows > n_bit_words (store))
    {
      memset (set->bits, 0, n_bit_words (store) * sizeof (guint64));
    }
  else
    {
      for (guint i = 0; i < set->n_rows; i++)
        set->bits[set->rows[i] / 64] = 0;
    }

  set->n_rows = 0;
}

static inline gboolean
row_set_contains (const RowSet *set,
                  guint         row)
{
  return (set->bits[row / 64] >> (row % 64)) & 1;
}

static inline void
row_set_add (RowSet *set,
             guint   row)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (row % 64);

  if ((set->bits[row / 64] & bit) == 0)
    {
      set->bits[row / 64] |= bit;
      set->rows[set->n_rows++] = row;
    }
}

/* Whether row @index of @store matches, from the row alone. */
static gboolean
row_matches (const OnboardSchoolStore *store,
             guint                     index,
             const Query              *query)
{
  const OnboardSchoolRow *row = &store->rows[index];

  if ((row->initials & query->initials) == query->initials &&
      (row->bigrams & query->bigrams) == query->bigrams &&
      key_has_other_words (store, row->search, query, G_MAXUINT))
    return TRUE;

  if G_LIKELY (!query->has_codes)
    return FALSE;

  return (query->postcode_len > 0 &&
          memcmp (row->postcode_key, query->postcode_key, query->postcode_len) == 0 &&
          (query->postcode_outward_len == 0 || query->postcode_outward_len == row->postcode_outward_len)) ||
         (query->urn != ONBOARD_SCHOOL_STORE_NO_NUMBER && row->urn_number == query->urn) ||
         (query->laestab != ONBOARD_SCHOOL_STORE_NO_NUMBER && row->laestab_number == query->laestab);
}

/* Whether the key word at @key, which starts like @word, goes on as its
 * @len characters do. The key's space or NUL, unlike any character of a
 * query word, stops a shorter word before its end: no memcmp(), which
 * may read on past the arena's last key. */
static inline gboolean
word_goes_on_as (const char *key,
                 const char *word,
                 guint       len)
{
  for (guint i = ONBOARD_SCHOOL_STORE_PREFIX_CHARS; i < len; i++)
    {
      if (key[i] != word[i])
        return FALSE;
    }

  return TRUE;
}

/* Sets @into to the rows of the store the query matches: those found in
 * the word index under the query's rarest word that start the others
 * too, and those its postcode, URN or DfE number finds. When the query
 * only narrows one whose matches are @narrowed, and those are fewer, they
 * are looked at instead. The same answers as row_matches() gives row by
 * row, which test-school-filter holds them to. */
/* The query's rarest word in the word index: the one whose rows are the
 * fewest to look at. */
typedef struct
{
  const char *word;
  guint       len;
  guint       index;
  guint       first;
  guint       end;
} Driver;

static void
find_driver (const OnboardSchoolStore *store,
             const Query              *query,
             Driver                   *driver)
{
  memset (driver, 0, sizeof *driver);

  for (guint i = 0; i < query->n_words; i++)
    {
      const char *word = query->folded + query->words[i].start;
      guint len = query->words[i].len;
      guint first;
      guint end;

      onboard_school_store_find_words (store, word, len, &first, &end);

      if (driver->word == NULL || end - first < driver->end - driver->first)
        *driver = (Driver) { word, len, i, first, end };
    }
}

/* The rows the driver word finds that start the query's other words too. */
static void
add_word_matches (const OnboardSchoolStore *store,
                  const Query              *query,
                  const Driver             *driver,
                  RowSet                   *into)
{
  for (guint k = driver->first; k < driver->end; k++)
    {
      const OnboardSchoolWord *entry = &store->words[k];

      if (row_set_contains (into, entry->row))
        continue;

      /* The index holds ten characters; a longer word is checked on. */
      if (driver->len > ONBOARD_SCHOOL_STORE_PREFIX_CHARS &&
          !word_goes_on_as (store->strings + entry->offset, driver->word, driver->len))
        continue;

      if (query->n_words > 1 &&
          !key_has_other_words (store, store->rows[entry->row].search, query, driver->index))
        continue;

      row_set_add (into, entry->row);
    }
}

/* The rows the query's postcode, URN or DfE number finds. */
static void
add_code_matches (const OnboardSchoolStore *store,
                  const Query              *query,
                  RowSet                   *into)
{
  guint first;
  guint end;

  if (query->postcode_len > 0)
    {
      onboard_school_store_find_postcodes (store, query->postcode_key, query->postcode_len, &first, &end);

      for (guint k = first; k < end; k++)
        {
          guint32 row = store->by_postcode[k];

          if (query->postcode_outward_len == 0 ||
              query->postcode_outward_len == store->rows[row].postcode_outward_len)
            row_set_add (into, row);
        }
    }

  onboard_school_store_find_urn (store, query->urn, &first, &end);
  for (guint k = first; k < end; k++)
    row_set_add (into, store->by_urn[k]);

  onboard_school_store_find_laestab (store, query->laestab, &first, &end);
  for (guint k = first; k < end; k++)
    row_set_add (into, store->by_laestab[k]);
}

static void
compute_matches (OnboardSchoolFilter *self,
                 RowSet              *into,
                 const RowSet        *narrowed)
{
  const OnboardSchoolStore *store = self->store;
  const Query *query = &self->query;
  Driver driver = { 0 };

  row_set_empty (into, store);

  /* Fewer rows than that would cost less than the index look-ups. */
  if (narrowed == NULL || narrowed->n_rows > ROW_COST)
    find_driver (store, query, &driver);

  /* Each row the index finds is looked at too when other words must be
   * checked. */
  if (narrowed != NULL &&
      (driver.word == NULL ||
       narrowed->n_rows * ROW_COST < (driver.end - driver.first) * (query->n_words > 1 ? ROW_COST : 1)))
    {
      for (guint i = 0; i < narrowed->n_rows; i++)
        {
          if (row_matches (store, narrowed->rows[i], query))
            row_set_add (into, narrowed->rows[i]);
        }

      return;
    }

  add_word_matches (store, query, &driver, into);

  if G_UNLIKELY (query->has_codes)
    add_code_matches (store, query, into);
}

/* TRUE when @query differs from @old in one word only, typed on but still
 * starting just the same words of the index, so both match the same rows.
 * Typing on in a word mostly changes nothing once few words are left, and
 * this tells so without looking at any row. */
static gboolean
query_finds_same_words (const OnboardSchoolStore *store,
                        const Query              *query,
                        const Query              *old)
{
  gboolean used[MAX_WORDS] = { FALSE, };
  const Word *typed = NULL;
  const Word *was = NULL;
  guint first, end, old_first, old_end;

  if (query->has_codes || old->has_codes || query->n_words != old->n_words)
    return FALSE;

  for (guint i = 0; i < query->n_words; i++)
    {
      const Word *word = &query->words[i];
      gboolean found = FALSE;

      for (guint j = 0; j < old->n_words && !found; j++)
        {
          found = !used[j] &&
                  old->words[j].len == word->len &&
                  memcmp (old->folded + old->words[j].start, query->folded + word->start, word->len) == 0;
          used[j] = used[j] || found;
        }

      if (!found)
        {
          if (typed != NULL)
            return FALSE;
          typed = word;
        }
    }

  for (guint j = 0; j < old->n_words; j++)
    {
      if (!used[j])
        was = &old->words[j];
    }

  if (typed == NULL || was == NULL ||
      typed->len <= was->len || typed->len > ONBOARD_SCHOOL_STORE_PREFIX_CHARS ||
      memcmp (query->folded + typed->start, old->folded + was->start, was->len) != 0)
    return FALSE;

  onboard_school_store_find_words (store, query->folded + typed->start, typed->len, &first, &end);
  onboard_school_store_find_words (store, old->folded + was->start, was->len, &old_first, &old_end);

  return first == old_first && end == old_end;
}

static void
forget_store (OnboardSchoolFilter *self)
{
  g_clear_pointer (&self->store, onboard_school_store_unref);
  row_set_clear (&self->matches);
  row_set_clear (&self->scratch);
  self->matches_valid = FALSE;
  self->other_store_seen = FALSE;
}

static void
adopt_store (OnboardSchoolFilter *self,
             OnboardSchoolStore  *store)
{
  self->store = onboard_school_store_ref (store);
  row_set_init (&self->matches, store);
  row_set_init (&self->scratch, store);
  self->matches_valid = FALSE;
}

static gboolean
onboard_school_filter_match (GtkFilter *filter,
                             gpointer   item)
{
  OnboardSchoolFilter *self = (OnboardSchoolFilter *)filter;
  OnboardSchool *school = item;

  if (self->query.n_words == 0)
    return TRUE;

  if G_UNLIKELY (G_TYPE_FROM_INSTANCE (item) != school_type || school->store == NULL)
    return FALSE;

  if G_LIKELY (school->store == self->store && self->matches_valid)
    return row_set_contains (&self->matches, school->index);

  if (self->store == NULL)
    adopt_store (self, school->store);

  if (school->store == self->store)
    {
      compute_matches (self, &self->matches, NULL);
      self->matches_valid = TRUE;

      return row_set_contains (&self->matches, school->index);
    }

  self->other_store_seen = TRUE;

  return row_matches (school->store, school->index, &self->query);
}

gboolean
onboard_school_filter_peek_matches (OnboardSchoolFilter  *self,
                                    OnboardSchoolStore   *store,
                                    const guint32       **out_rows,
                                    guint                *out_n_rows,
                                    const guint64       **out_bits)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_FILTER (self), FALSE);
  g_return_val_if_fail (store != NULL, FALSE);

  if (self->query.n_words == 0)
    return FALSE;

  if (self->store == NULL)
    adopt_store (self, store);

  if (self->store != store)
    return FALSE;

  if (!self->matches_valid)
    {
      compute_matches (self, &self->matches, NULL);
      self->matches_valid = TRUE;
    }

  *out_rows = self->matches.rows;
  *out_n_rows = self->matches.n_rows;
  *out_bits = self->matches.bits;

  return TRUE;
}

/* Whether a word of the name in the key at @key starts with each word of
 * the query. */
static gboolean
name_has_words (const char   *key,
                guint         key_len,
                const guint8 *starts,
                guint         n_name_words,
                const Query  *query)
{
  for (guint i = 0; i < query->n_words; i++)
    {
      const char *word = query->folded + query->words[i].start;
      guint len = query->words[i].len;
      gboolean found = FALSE;

      for (guint j = 0; j < n_name_words && !found; j++)
        found = starts[j] + len <= key_len && memcmp (key + starts[j], word, len) == 0;

      if (!found)
        return FALSE;
    }

  return TRUE;
}

OnboardSchoolRank
onboard_school_filter_rank_row (OnboardSchoolFilter      *self,
                                const OnboardSchoolStore *store,
                                guint                     row)
{
  const Query *query = &self->query;
  const OnboardSchoolRow *r = &store->rows[row];
  const guint8 *starts;
  const char *key;
  guint key_len;
  guint n_starts;
  gsize folded_len;

  if (query->n_words == 0)
    return ONBOARD_SCHOOL_RANK_OTHER;

  /* A code names one school: "SW1P 3BT" is not "SW1P 3BU"'s too, so only
   * a whole postcode counts. */
  if G_UNLIKELY (query->has_codes)
    {
      if ((query->urn != ONBOARD_SCHOOL_STORE_NO_NUMBER && r->urn_number == query->urn) ||
          (query->laestab != ONBOARD_SCHOOL_STORE_NO_NUMBER && r->laestab_number == query->laestab))
        return ONBOARD_SCHOOL_RANK_CODE;

      if (query->postcode_len >= 5 &&
          query->postcode_len == strnlen (r->postcode_key, sizeof r->postcode_key) &&
          memcmp (r->postcode_key, query->postcode_key, query->postcode_len) == 0 &&
          (query->postcode_outward_len == 0 || query->postcode_outward_len == r->postcode_outward_len))
        return ONBOARD_SCHOOL_RANK_CODE;
    }

  key = onboard_school_store_get_key (store, r->search, &key_len, &starts, &n_starts);

  /* The key begins with the name, so a key beginning with the query is a
   * name beginning with it (and, if the query goes on, the town after). */
  folded_len = strlen (query->folded);
  if (folded_len <= key_len && memcmp (key, query->folded, folded_len) == 0)
    return ONBOARD_SCHOOL_RANK_NAME_START;

  if (name_has_words (key, key_len, starts, MIN (r->name_words, n_starts), query))
    return ONBOARD_SCHOOL_RANK_NAME_WORDS;

  return ONBOARD_SCHOOL_RANK_OTHER;
}

static GtkFilterMatch
onboard_school_filter_get_strictness (GtkFilter *filter)
{
  OnboardSchoolFilter *self = (OnboardSchoolFilter *)filter;

  if (self->query.n_words == 0)
    return GTK_FILTER_MATCH_ALL;

  return GTK_FILTER_MATCH_SOME;
}

static void
onboard_school_filter_finalize (GObject *object)
{
  OnboardSchoolFilter *self = (OnboardSchoolFilter *)object;

  g_clear_pointer (&self->query_text, g_free);
  query_clear (&self->query);
  forget_store (self);

  G_OBJECT_CLASS (onboard_school_filter_parent_class)->finalize (object);
}

static void
onboard_school_filter_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  OnboardSchoolFilter *self = ONBOARD_SCHOOL_FILTER (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_string (value, onboard_school_filter_get_query (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_filter_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  OnboardSchoolFilter *self = ONBOARD_SCHOOL_FILTER (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      onboard_school_filter_set_query (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_filter_class_init (OnboardSchoolFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = onboard_school_filter_finalize;
  object_class->get_property = onboard_school_filter_get_property;
  object_class->set_property = onboard_school_filter_set_property;

  filter_class->match = onboard_school_filter_match;
  filter_class->get_strictness = onboard_school_filter_get_strictness;

  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  school_type = ONBOARD_TYPE_SCHOOL;
}

static void
onboard_school_filter_init (OnboardSchoolFilter *self)
{
  query_init (&self->query, NULL);
}

OnboardSchoolFilter *
onboard_school_filter_new (void)
{
  return g_object_new (ONBOARD_TYPE_SCHOOL_FILTER, NULL);
}

const char *
onboard_school_filter_get_query (OnboardSchoolFilter *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_FILTER (self), NULL);

  return self->query_text;
}

/* Which rows a new query may have lost and gained against @old. */
typedef struct
{
  gboolean known;
  gboolean lost;
  gboolean gained;
} Change;

/* Works out the new query's matches, and, when both queries' matches are
 * known, exactly which rows came and went. */
static void
update_matches (OnboardSchoolFilter *self,
                const Query         *old,
                Change              *change)
{
  gboolean had_matches = old->n_words > 0 && self->matches_valid;
  gboolean has_words = self->query.n_words > 0;
  RowSet previous;
  guint n_kept = 0;

  self->matches_valid = FALSE;

  if (had_matches && has_words && query_finds_same_words (self->store, &self->query, old))
    {
      self->matches_valid = TRUE;
      *change = (Change) { TRUE, FALSE, FALSE };
      return;
    }

  if (self->store == NULL || !has_words)
    return;

  previous = self->matches;
  compute_matches (self, &self->scratch,
                   had_matches && query_narrows (&self->query, old) ? &previous : NULL);
  self->matches = self->scratch;
  self->scratch = previous;
  self->matches_valid = TRUE;

  if (!had_matches)
    return;

  for (guint i = 0; i < self->matches.n_rows; i++)
    n_kept += row_set_contains (&previous, self->matches.rows[i]);

  *change = (Change) { TRUE, n_kept < previous.n_rows, n_kept < self->matches.n_rows };
}

/* Tells the list how the answers changed: nothing to tell a list whose
 * every row keeps its answer. Without both queries' matches, the queries
 * alone say it. */
static void
tell_change (OnboardSchoolFilter *self,
             const Query         *old,
             Change               change)
{
  gboolean had_words = old->n_words > 0;
  gboolean has_words = self->query.n_words > 0;

  if (!change.known)
    {
      if (!had_words || (has_words && query_narrows (&self->query, old)))
        change.gained = FALSE;
      else if (!has_words || query_narrows (old, &self->query))
        change.lost = FALSE;
    }

  if (change.lost && change.gained)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
  else if (change.gained)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);
  else if (change.lost)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
}

void
onboard_school_filter_set_query (OnboardSchoolFilter *self,
                                 const char          *query)
{
  Query old;

  g_return_if_fail (ONBOARD_IS_SCHOOL_FILTER (self));

  if (g_strcmp0 (self->query_text, query) == 0)
    return;

  g_free (self->query_text);
  self->query_text = g_strdup (query);

  old = self->query;
  query_init (&self->query, query);

  if (!query_equal (&old, &self->query))
    {
      Change change = { FALSE, TRUE, TRUE };

      if (self->other_store_seen)
        forget_store (self);

      update_matches (self, &old, &change);
      tell_change (self, &old, change);
    }

  query_clear (&old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}
