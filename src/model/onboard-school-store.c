/* onboard-school-store.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "onboard-school-store.h"
#include "onboard-validators.h"

struct _OnboardSchoolStoreBuilder
{
  GArray     *rows;
  GByteArray *strings;
  /* Towns, local authorities, phases, types and statuses repeat thousands
   * of times: one copy each. Values are offsets + 1. */
  GHashTable *interned;
  GString    *key;
};

OnboardSchoolStoreBuilder *
onboard_school_store_builder_new (gsize size_hint)
{
  OnboardSchoolStoreBuilder *builder;
  guint rows_hint;

  /* A directory entry takes about 200 bytes of JSON, half of it strings
   * worth keeping. */
  rows_hint = (guint)MIN (size_hint / 180 + 1, G_MAXUINT / 2);

  builder = g_new0 (OnboardSchoolStoreBuilder, 1);
  builder->rows = g_array_sized_new (FALSE, TRUE, sizeof (OnboardSchoolRow), rows_hint);
  builder->strings = g_byte_array_sized_new ((guint)MIN (size_hint / 2 + 64, G_MAXUINT / 2));
  builder->interned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder->key = g_string_sized_new (ONBOARD_SCHOOL_STORE_KEY_MAX + 1);

  return builder;
}

void
onboard_school_store_builder_free (OnboardSchoolStoreBuilder *builder)
{
  if (builder == NULL)
    return;

  g_clear_pointer (&builder->rows, g_array_unref);
  g_clear_pointer (&builder->strings, g_byte_array_unref);
  g_clear_pointer (&builder->interned, g_hash_table_unref);
  if (builder->key != NULL)
    g_string_free (builder->key, TRUE);
  g_free (builder);
}

static guint32
append_string (OnboardSchoolStoreBuilder *builder,
               const char                *text)
{
  guint32 offset;

  if (text == NULL)
    return ONBOARD_SCHOOL_STORE_NO_STRING;

  offset = builder->strings->len;
  g_byte_array_append (builder->strings, (const guint8 *)text, strlen (text) + 1);

  return offset;
}

static guint32
intern_string (OnboardSchoolStoreBuilder *builder,
               const char                *text)
{
  gpointer value;
  guint32 offset;

  if (text == NULL)
    return ONBOARD_SCHOOL_STORE_NO_STRING;

  value = g_hash_table_lookup (builder->interned, text);
  if (value != NULL)
    return GPOINTER_TO_UINT (value) - 1;

  offset = append_string (builder, text);
  g_hash_table_insert (builder->interned, g_strdup (text), GUINT_TO_POINTER (offset + 1));

  return offset;
}

static guint32
parse_digits (const char *text,
              guint       n_digits)
{
  guint32 value = 0;

  if (text == NULL)
    return ONBOARD_SCHOOL_STORE_NO_NUMBER;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return ONBOARD_SCHOOL_STORE_NO_NUMBER;
      value = value * 10 + (guint32)(text[i] - '0');
    }

  if (text[n_digits] != '\0')
    return ONBOARD_SCHOOL_STORE_NO_NUMBER;

  return value;
}

static void
set_postcode_key (OnboardSchoolRow *row,
                  const char       *postcode)
{
  guint len = 0;

  memset (row->postcode_key, 0, sizeof row->postcode_key);
  row->postcode_outward_len = 0;

  if (postcode == NULL)
    return;

  for (const char *p = postcode; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        continue;

      /* Not a postcode: better no postcode match than a wrong one. */
      if (len == sizeof row->postcode_key - 1)
        {
          memset (row->postcode_key, 0, sizeof row->postcode_key);
          return;
        }

      row->postcode_key[len++] = g_ascii_toupper (*p);
    }

  if (len >= 5)
    row->postcode_outward_len = (guint8)(len - 3);
}

static void
set_search_key (OnboardSchoolStoreBuilder *builder,
                OnboardSchoolRow          *row,
                const char                *name,
                const char                *town)
{
  GString *key = builder->key;
  guint8 starts[ONBOARD_SCHOOL_STORE_KEY_MAX];
  guint8 header[2];
  guint8 n_starts = 0;
  gsize name_len;

  g_string_truncate (key, 0);
  onboard_school_store_fold (name, key);
  name_len = key->len;
  if (town != NULL)
    onboard_school_store_fold (town, key);

  if (key->len > ONBOARD_SCHOOL_STORE_KEY_MAX)
    {
      gsize cut = ONBOARD_SCHOOL_STORE_KEY_MAX;

      /* Names are never this long; cut between words all the same. */
      while (cut > 0 && key->str[cut] != ' ')
        cut--;
      g_string_truncate (key, cut);
    }

  row->initials = 0;
  row->bigrams = 0;
  row->name_words = 0;

  for (gsize i = 0; i < key->len; i++)
    {
      if (i > 0 && key->str[i - 1] != ' ')
        continue;

      starts[n_starts++] = (guint8)i;
      if (i < name_len)
        row->name_words++;

      row->initials |= onboard_school_store_initial_bit (key->str[i]);
      if (i + 1 < key->len && key->str[i + 1] != ' ')
        row->bigrams |= onboard_school_store_bigram_bit (key->str[i], key->str[i + 1]);
    }

  header[0] = n_starts;
  header[1] = (guint8)key->len;

  row->search = builder->strings->len;
  g_byte_array_append (builder->strings, header, sizeof header);
  g_byte_array_append (builder->strings, starts, n_starts);
  g_byte_array_append (builder->strings, (const guint8 *)key->str, key->len + 1);
}

void
onboard_school_store_builder_add (OnboardSchoolStoreBuilder *builder,
                                  const OnboardSchoolFields *fields)
{
  OnboardSchoolRow row;
  g_autofree char *laestab = NULL;

  g_return_if_fail (builder != NULL);
  g_return_if_fail (fields != NULL);
  g_return_if_fail (fields->urn != NULL);
  g_return_if_fail (fields->name != NULL);

  memset (&row, 0, sizeof row);

  /* The API sends seven digits; anything else that still reads as a DfE
   * number is kept in that form, and the rest is dropped rather than
   * shown wrong. */
  if (fields->laestab != NULL)
    {
      if (parse_digits (fields->laestab, 7) != ONBOARD_SCHOOL_STORE_NO_NUMBER)
        laestab = g_strdup (fields->laestab);
      else
        laestab = onboard_dfe_number_normalize (fields->laestab);
    }

  row.urn = append_string (builder, fields->urn);
  row.urn_number = parse_digits (fields->urn, 6);
  row.laestab = append_string (builder, laestab);
  row.laestab_number = parse_digits (laestab, 7);
  row.name = append_string (builder, fields->name);
  row.town = intern_string (builder, fields->town != NULL ? fields->town : "");
  row.postcode = append_string (builder, fields->postcode != NULL ? fields->postcode : "");
  row.la_name = intern_string (builder, fields->la_name);
  row.phase = intern_string (builder, fields->phase);
  row.establishment_type = intern_string (builder, fields->establishment_type);
  row.status = intern_string (builder, fields->status != NULL ? fields->status : "open");

  set_postcode_key (&row, fields->postcode);
  set_search_key (builder, &row, fields->name, fields->town);

  g_array_append_val (builder->rows, row);
}

static void
store_clear (gpointer data)
{
  OnboardSchoolStore *store = data;

  g_free (store->rows);
  g_free (store->strings);
  g_free (store->words);
  g_free (store->word_starts);
  g_free (store->by_postcode);
  g_free (store->by_urn);
  g_free (store->by_laestab);
  g_free (store->by_name);
  g_free (store->name_order);
}

/* The words are bucketed by their first two characters' twelve bits, so a
 * look-up searches a bucket rather than every word. */
#define WORD_STARTS_SHIFT (6 * (ONBOARD_SCHOOL_STORE_PREFIX_CHARS - 2))
#define WORD_STARTS       (1u << 12)

/* 1 to 36 for the characters a search key is made of, 0 for the rest. */
static inline guint
char_code (char c)
{
  if (c >= 'a' && c <= 'z')
    return (guint)(c - 'a') + 1;
  if (c >= '0' && c <= '9')
    return (guint)(c - '0') + 27;
  return 0;
}

/* The first characters of @text, up to @len of them or to the end of its
 * word, as in OnboardSchoolWord.prefix. */
static guint64
pack_prefix (const char *text,
             guint       len)
{
  guint64 packed = 0;

  for (guint i = 0; i < ONBOARD_SCHOOL_STORE_PREFIX_CHARS; i++)
    {
      guint code = i < len ? char_code (text[i]) : 0;

      if (code == 0)
        len = i;
      packed = (packed << 6) | code;
    }

  return packed;
}

/* By prefix, a byte at a time from the lowest: each pass is stable, so
 * words with the same prefix keep the order they were added in, by row.
 * Three hundred thousand words take a quarter of the time qsort() takes,
 * which the directory's parse time notices. */
static void
sort_words (OnboardSchoolWord *words,
            guint              n_words)
{
  g_autofree OnboardSchoolWord *spare = NULL;
  OnboardSchoolWord *from = words;
  OnboardSchoolWord *to;

  if (n_words < 2)
    return;

  to = spare = g_new (OnboardSchoolWord, n_words);

  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint counts[257] = { 0, };
      OnboardSchoolWord *swap;

      for (guint i = 0; i < n_words; i++)
        counts[((from[i].prefix >> shift) & 0xff) + 1]++;

      /* Every word has the same byte here: nothing moves. */
      if (counts[((from[0].prefix >> shift) & 0xff) + 1] == n_words)
        continue;

      for (guint b = 1; b < G_N_ELEMENTS (counts); b++)
        counts[b] += counts[b - 1];

      for (guint i = 0; i < n_words; i++)
        to[counts[(from[i].prefix >> shift) & 0xff]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  if (from != words)
    memcpy (words, from, n_words * sizeof (OnboardSchoolWord));
}

/* A row's place in one of the orders below. */
typedef guint64 (*RowKey) (const OnboardSchoolRow *row);

/* The key's bytes read big-endian: their numeric order is the memcmp()
 * order onboard_school_store_find_postcodes() searches in. */
static guint64
postcode_order (const OnboardSchoolRow *row)
{
  guint64 key = 0;

  for (guint i = 0; i < sizeof row->postcode_key; i++)
    key = (key << 8) | (guchar)row->postcode_key[i];

  return key;
}

static guint64
urn_order (const OnboardSchoolRow *row)
{
  return row->urn_number;
}

static guint64
laestab_order (const OnboardSchoolRow *row)
{
  return row->laestab_number;
}

typedef struct
{
  guint64 key;
  guint32 row;
} RowPlace;

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const RowPlace *place_a = a;
  const RowPlace *place_b = b;

  if (place_a->key != place_b->key)
    return place_a->key < place_b->key ? -1 : 1;

  return place_a->row < place_b->row ? -1 : place_a->row > place_b->row;
}

/* The row numbers of @store in the order of @key, then of row. */
static guint32 *
sort_rows (OnboardSchoolStore *store,
           RowKey              key)
{
  g_autofree RowPlace *places = g_new (RowPlace, MAX (store->n_rows, 1));
  guint32 *sorted = g_new (guint32, MAX (store->n_rows, 1));

  for (guint i = 0; i < store->n_rows; i++)
    {
      places[i].key = key (&store->rows[i]);
      places[i].row = i;
    }
  qsort (places, store->n_rows, sizeof (RowPlace), compare_places);

  for (guint i = 0; i < store->n_rows; i++)
    sorted[i] = places[i].row;

  return sorted;
}

/* How many characters of a search key NameHead packs. */
#define NAME_HEAD_CHARS 10

/* The first characters of a row's search key, six bits each with the
 * first highest: the key's end lowest, then a space, the digits and the
 * letters, so that their numeric order is strcmp()'s. Most rows are placed
 * by it alone. */
static guint64
name_head (const OnboardSchoolStore *store,
           guint32                   row)
{
  const guint8 *starts;
  const char *key;
  guint key_len;
  guint n_starts;
  guint64 head = 0;

  key = onboard_school_store_get_key (store, store->rows[row].search, &key_len, &starts, &n_starts);

  for (guint i = 0; i < NAME_HEAD_CHARS; i++)
    {
      guint code = 0;

      if (i < key_len)
        code = key[i] == ' ' ? 1 : key[i] <= '9' ? (guint)(key[i] - '0') + 2 : (guint)(key[i] - 'a') + 12;
      head = (head << 6) | code;
    }

  return head;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const OnboardSchoolStore *store = user_data;
  const RowPlace *place_a = a;
  const RowPlace *place_b = b;
  const guint8 *starts;
  const char *key_a;
  const char *key_b;
  guint len;
  guint n_starts;
  int cmp;

  key_a = onboard_school_store_get_key (store, store->rows[place_a->row].search, &len, &starts, &n_starts);
  key_b = onboard_school_store_get_key (store, store->rows[place_b->row].search, &len, &starts, &n_starts);
  cmp = strcmp (key_a, key_b);
  if (cmp != 0)
    return cmp;

  return place_a->row < place_b->row ? -1 : place_a->row > place_b->row;
}

/* The order a list of schools is shown in when nothing else decides: by
 * the packed heads, then, only where those are equal ("st marys c…"), by
 * the keys themselves. Comparing every pair of keys would read the arena
 * at random and cost about as much as the rest of reading the directory. */
static void
sort_by_name (OnboardSchoolStore *store)
{
  g_autofree RowPlace *places = g_new (RowPlace, MAX (store->n_rows, 1));

  for (guint i = 0; i < store->n_rows; i++)
    {
      places[i].key = name_head (store, i);
      places[i].row = i;
    }
  qsort (places, store->n_rows, sizeof (RowPlace), compare_places);

  for (guint i = 0; i < store->n_rows;)
    {
      guint end = i + 1;

      while (end < store->n_rows && places[end].key == places[i].key)
        end++;
      if (end - i > 1)
        g_qsort_with_data (places + i, (gint)(end - i), sizeof (RowPlace), compare_keys, store);
      i = end;
    }

  store->by_name = g_new (guint32, MAX (store->n_rows, 1));
  store->name_order = g_new (guint32, MAX (store->n_rows, 1));
  for (guint i = 0; i < store->n_rows; i++)
    {
      store->by_name[i] = places[i].row;
      store->name_order[places[i].row] = i;
    }
}

/* Built here, with the rest of the store in the loader's thread, so that
 * no keystroke waits for them. */
static void
build_indexes (OnboardSchoolStore *store)
{
  guint n_words = 0;
  guint k = 0;

  for (guint i = 0; i < store->n_rows; i++)
    n_words += (guchar)store->strings[store->rows[i].search];

  store->words = g_new (OnboardSchoolWord, MAX (n_words, 1));

  for (guint i = 0; i < store->n_rows; i++)
    {
      const guint8 *starts;
      const char *key;
      guint key_len;
      guint n_starts;

      key = onboard_school_store_get_key (store, store->rows[i].search, &key_len, &starts, &n_starts);

      for (guint j = 0; j < n_starts; j++)
        {
          OnboardSchoolWord *word = &store->words[k++];

          word->prefix = pack_prefix (key + starts[j], key_len - starts[j]);
          word->row = i;
          word->offset = (guint32)(key + starts[j] - store->strings);
        }
    }

  store->n_words = k;
  sort_words (store->words, store->n_words);

  store->word_starts = g_new (guint32, WORD_STARTS + 1);
  k = 0;
  for (guint top = 0; top <= WORD_STARTS; top++)
    {
      while (k < store->n_words && store->words[k].prefix >> WORD_STARTS_SHIFT < top)
        k++;
      store->word_starts[top] = k;
    }

  store->by_postcode = sort_rows (store, postcode_order);
  store->by_urn = sort_rows (store, urn_order);
  store->by_laestab = sort_rows (store, laestab_order);
  sort_by_name (store);
}

void
onboard_school_store_find_words (const OnboardSchoolStore *store,
                                 const char               *word,
                                 guint                     len,
                                 guint                    *out_first,
                                 guint                    *out_end)
{
  guint n = MIN (len, ONBOARD_SCHOOL_STORE_PREFIX_CHARS);
  guint64 lowest = pack_prefix (word, n);
  guint64 highest = lowest | ((G_GUINT64_CONSTANT (1) << (6 * (ONBOARD_SCHOOL_STORE_PREFIX_CHARS - n))) - 1);
  guint bucket_end = store->word_starts[(highest >> WORD_STARTS_SHIFT) + 1];
  guint lo = store->word_starts[lowest >> WORD_STARTS_SHIFT];
  guint hi = bucket_end;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (store->words[mid].prefix < lowest)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_first = lo;

  hi = bucket_end;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (store->words[mid].prefix <= highest)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_end = lo;
}

void
onboard_school_store_find_postcodes (const OnboardSchoolStore *store,
                                     const char               *key,
                                     guint                     len,
                                     guint                    *out_first,
                                     guint                    *out_end)
{
  guint lo = 0;
  guint hi = store->n_rows;

  len = MIN (len, sizeof store->rows[0].postcode_key);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (memcmp (store->rows[store->by_postcode[mid]].postcode_key, key, len) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_first = lo;

  hi = store->n_rows;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (memcmp (store->rows[store->by_postcode[mid]].postcode_key, key, len) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_end = lo;
}

static void
find_number (const OnboardSchoolStore *store,
             const guint32            *sorted,
             gsize                     field,
             guint32                   number,
             guint                    *out_first,
             guint                    *out_end)
{
  guint lo = 0;
  guint hi = store->n_rows;

#define NUMBER_AT(i) (*(const guint32 *)(gconstpointer)((const char *)&store->rows[sorted[i]] + field))

  if (number == ONBOARD_SCHOOL_STORE_NO_NUMBER)
    {
      *out_first = *out_end = 0;
      return;
    }

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (NUMBER_AT (mid) < number)
        lo = mid + 1;
      else
        hi = mid;
    }
  *out_first = lo;

  while (lo < store->n_rows && NUMBER_AT (lo) == number)
    lo++;
  *out_end = lo;

#undef NUMBER_AT
}

void
onboard_school_store_find_urn (const OnboardSchoolStore *store,
                               guint32                   number,
                               guint                    *out_first,
                               guint                    *out_end)
{
  find_number (store, store->by_urn, G_STRUCT_OFFSET (OnboardSchoolRow, urn_number),
               number, out_first, out_end);
}

void
onboard_school_store_find_laestab (const OnboardSchoolStore *store,
                                   guint32                   number,
                                   guint                    *out_first,
                                   guint                    *out_end)
{
  find_number (store, store->by_laestab, G_STRUCT_OFFSET (OnboardSchoolRow, laestab_number),
               number, out_first, out_end);
}

OnboardSchoolStore *
onboard_school_store_builder_finish (OnboardSchoolStoreBuilder *builder)
{
  OnboardSchoolStore *store;

  g_return_val_if_fail (builder != NULL, NULL);

  store = g_atomic_rc_box_new0 (OnboardSchoolStore);

  /* The arrays were sized from a guess; give back what the guess
   * over-reserved. */
  store->n_rows = builder->rows->len;
  store->rows = g_realloc (g_array_free (g_steal_pointer (&builder->rows), FALSE),
                           MAX (store->n_rows, 1) * sizeof (OnboardSchoolRow));
  store->strings_len = builder->strings->len;
  store->strings = g_realloc (g_byte_array_free (g_steal_pointer (&builder->strings), FALSE),
                              MAX (store->strings_len, 1));

  onboard_school_store_builder_free (builder);

  build_indexes (store);

  return store;
}

OnboardSchoolStore *
onboard_school_store_ref (OnboardSchoolStore *store)
{
  g_return_val_if_fail (store != NULL, NULL);

  return g_atomic_rc_box_acquire (store);
}

void
onboard_school_store_unref (OnboardSchoolStore *store)
{
  g_return_if_fail (store != NULL);

  g_atomic_rc_box_release_full (store, store_clear);
}

void
onboard_school_store_fold (const char *text,
                           GString    *out)
{
  g_autofree char *valid = NULL;
  g_autofree char *ascii = NULL;
  gboolean need_space;

  g_return_if_fail (text != NULL);
  g_return_if_fail (out != NULL);

  /* Nearly every name is plain ASCII: transliterate only the rest
   * ("Prévert" to "Prevert", "Môr" to "Mor", "’" to "'"). */
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar)*p >= 0x80)
        {
          if (!g_utf8_validate (text, -1, NULL))
            text = valid = g_utf8_make_valid (text, -1);
          text = ascii = g_str_to_ascii (text, "C");
          break;
        }
    }

  need_space = out->len > 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c))
        {
          if (need_space)
            g_string_append_c (out, ' ');
          need_space = FALSE;
          g_string_append_c (out, g_ascii_tolower (c));
        }
      else if (c != '\'' && c != '`')
        {
          /* Apostrophes join ("marys"); anything else separates words. */
          need_space = out->len > 0;
        }
    }
}
