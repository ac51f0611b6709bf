/* onboard-school-store.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Private to src/model/: the packed, immutable table behind OnboardSchool,
 * OnboardSchoolDirectory and OnboardSchoolFilter.
 *
 * Fifty thousand schools as fifty thousand sets of heap strings would cost
 * far more memory than the data itself, so every string lives in one arena
 * and a row is a handful of offsets. The search keys the filter needs are
 * computed once here, in the loader's worker thread, so a keystroke never
 * folds or allocates per row.
 */

#define ONBOARD_SCHOOL_STORE_NO_STRING G_MAXUINT32
#define ONBOARD_SCHOOL_STORE_NO_NUMBER G_MAXUINT32
#define ONBOARD_SCHOOL_STORE_KEY_MAX   255

typedef struct
{
  /* One bit per first character of each key word (a-z, 0-9), and one per
   * hashed first two characters: most rows fail a query on these alone. */
  guint64 initials;
  guint64 bigrams;

  /* Offset in strings[] of the search key: see onboard_school_store_get_key(). */
  guint32 search;

  /* Upper case, letters and digits only, NUL padded: "SW1P3BT", and the
   * length of its outward code (the inward code is always three
   * characters), 0 when it is too short to tell. */
  guint8  postcode_outward_len;
  char    postcode_key[8];

  /* How many of the search key's first words are the name's: the rest
   * are the town's. */
  guint8  name_words;

  guint32 urn_number;
  guint32 laestab_number;

  /* Offsets into strings[], or ONBOARD_SCHOOL_STORE_NO_STRING for NULL. */
  guint32 urn;
  guint32 laestab;
  guint32 name;
  guint32 town;
  guint32 postcode;
  guint32 la_name;
  guint32 phase;
  guint32 establishment_type;
  guint32 status;
} OnboardSchoolRow;

/* How many characters of a word OnboardSchoolWord.prefix holds. */
#define ONBOARD_SCHOOL_STORE_PREFIX_CHARS 10

/* One word of one row's search key, for looking rows up by what a word
 * starts with. */
typedef struct
{
  /* The word's first ONBOARD_SCHOOL_STORE_PREFIX_CHARS characters, six
   * bits each with the first highest, 0 past its end: see
   * onboard_school_store_find_words(). */
  guint64 prefix;
  guint32 row;
  /* Where the word starts in strings[], for the characters past the prefix. */
  guint32 offset;
} OnboardSchoolWord;

typedef struct
{
  OnboardSchoolRow  *rows;
  guint              n_rows;
  char              *strings;
  gsize              strings_len;

  /* The indexes a query is answered from without visiting every row:
   * every word of every search key in prefix order, and the row numbers
   * in order of postcode key, of URN and of DfE number. */
  OnboardSchoolWord *words;
  guint              n_words;
  /* Where the words begin whose first two characters, as the top twelve
   * bits of their prefix, are at least each value: 4,097 entries. */
  guint32           *word_starts;
  guint32           *by_postcode;
  guint32           *by_urn;
  guint32           *by_laestab;

  /* The row numbers in order of search key, which is the order of the
   * folded name and then the town ("st marys catholic primary school
   * london"), and each row's place in that order. */
  guint32           *by_name;
  guint32           *name_order;
} OnboardSchoolStore;

/* What a row is made from; strings are UTF-8, NULL where allowed. */
typedef struct
{
  const char *urn;
  const char *laestab;
  const char *name;
  const char *town;
  const char *postcode;
  const char *la_name;
  const char *phase;
  const char *establishment_type;
  const char *status;
} OnboardSchoolFields;

typedef struct _OnboardSchoolStoreBuilder OnboardSchoolStoreBuilder;

OnboardSchoolStoreBuilder *onboard_school_store_builder_new     (gsize                      size_hint);
void                       onboard_school_store_builder_add     (OnboardSchoolStoreBuilder *builder,
                                                                 const OnboardSchoolFields *fields);
OnboardSchoolStore        *onboard_school_store_builder_finish  (OnboardSchoolStoreBuilder *builder);
void                       onboard_school_store_builder_free    (OnboardSchoolStoreBuilder *builder);

OnboardSchoolStore        *onboard_school_store_ref             (OnboardSchoolStore        *store);
void                       onboard_school_store_unref           (OnboardSchoolStore        *store);

/* Appends the search form of @text to @out: ASCII lower case, accents
 * dropped, apostrophes dropped ("St Mary's" gives "st marys"), every other
 * run of non-alphanumerics one space, never a space at either end. When
 * @out is not empty a space separates the new words from it. */
void                       onboard_school_store_fold            (const char                *text,
                                                                 GString                   *out);

/* The words in @store->words that begin with the @len characters at
 * @word (folded, as in a search key), as [*out_first, *out_end). Past
 * ONBOARD_SCHOOL_STORE_PREFIX_CHARS characters only the first ones are
 * compared: the caller checks the rest. */
void                       onboard_school_store_find_words      (const OnboardSchoolStore  *store,
                                                                 const char                *word,
                                                                 guint                      len,
                                                                 guint                     *out_first,
                                                                 guint                     *out_end);

/* The rows whose postcode key begins with the @len characters at @key,
 * as positions [*out_first, *out_end) of @store->by_postcode. */
void                       onboard_school_store_find_postcodes  (const OnboardSchoolStore  *store,
                                                                 const char                *key,
                                                                 guint                      len,
                                                                 guint                     *out_first,
                                                                 guint                     *out_end);

/* The rows with URN, or DfE number, @number, as positions
 * [*out_first, *out_end) of @store->by_urn or @store->by_laestab. */
void                       onboard_school_store_find_urn        (const OnboardSchoolStore  *store,
                                                                 guint32                    number,
                                                                 guint                     *out_first,
                                                                 guint                     *out_end);
void                       onboard_school_store_find_laestab    (const OnboardSchoolStore  *store,
                                                                 guint32                    number,
                                                                 guint                     *out_first,
                                                                 guint                     *out_end);

/* Bits for OnboardSchoolRow.initials and .bigrams. */
static inline guint64
onboard_school_store_initial_bit (char c)
{
  if (c >= 'a' && c <= 'z')
    return G_GUINT64_CONSTANT (1) << (c - 'a');
  if (c >= '0' && c <= '9')
    return G_GUINT64_CONSTANT (1) << (26 + c - '0');
  return 0;
}

static inline guint64
onboard_school_store_bigram_bit (char first,
                                 char second)
{
  return G_GUINT64_CONSTANT (1) << ((((guint)(guchar)first * 37u) ^ (guint)(guchar)second) & 63u);
}

/* The search key of a row, kept together so that matching a row reads one
 * or two cache lines: the number of words, the key's length, where each
 * word starts, then the folded name and town ("st marys catholic primary
 * school london"). */
static inline const char *
onboard_school_store_get_key (const OnboardSchoolStore  *store,
                              guint32                    search,
                              guint                     *out_len,
                              const guint8             **out_starts,
                              guint                     *out_n_starts)
{
  const guint8 *region = (const guint8 *)store->strings + search;

  *out_n_starts = region[0];
  *out_len = region[1];
  *out_starts = region + 2;

  return (const char *)region + 2 + region[0];
}

static inline const char *
onboard_school_store_get_string (const OnboardSchoolStore *store,
                                 guint32                   offset)
{
  if (offset == ONBOARD_SCHOOL_STORE_NO_STRING)
    return NULL;

  return store->strings + offset;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardSchoolStore, onboard_school_store_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnboardSchoolStoreBuilder, onboard_school_store_builder_free)

G_END_DECLS
