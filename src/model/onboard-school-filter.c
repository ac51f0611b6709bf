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
  /* How many have two letters or more, and so are not settled by the
   * initials alone. */
  guint    n_long_words;
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

struct _OnboardSchoolFilter
{
  GtkFilter  parent_instance;

  char      *query_text;
  Query      query;
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

  while (query->n_long_words < query->n_words && query->words[query->n_long_words].len > 1)
    query->n_long_words++;

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

static inline gboolean
school_has_words (OnboardSchool *school,
                  const Query   *query)
{
  const guint8 *starts;
  const char *key;
  guint key_len;
  guint n_starts;

  /* One-letter words are settled by the initials already. */
  if (query->n_long_words == 0)
    return TRUE;

  key = onboard_school_store_get_key (school->store, school->search, &key_len, &starts, &n_starts);

  /* The words are sorted longest first: the long ones come first. */
  for (guint i = 0; i < query->n_long_words; i++)
    {
      const char *word = query->folded + query->words[i].start;
      guint len = query->words[i].len;
      gboolean found = FALSE;

      for (guint j = 0; j < n_starts; j++)
        {
          guint start = starts[j];

          if (start + len <= key_len &&
              key[start] == word[0] &&
              key[start + 1] == word[1] &&
              memcmp (key + start + 2, word + 2, len - 2) == 0)
            {
              found = TRUE;
              break;
            }
        }

      if (!found)
        return FALSE;
    }

  return TRUE;
}

static gboolean
onboard_school_filter_match (GtkFilter *filter,
                             gpointer   item)
{
  OnboardSchoolFilter *self = (OnboardSchoolFilter *)filter;
  const Query *query = &self->query;
  OnboardSchool *school = item;
  const OnboardSchoolRow *row;

  if (query->n_words == 0)
    return TRUE;

  if G_UNLIKELY (G_TYPE_FROM_INSTANCE (item) != school_type || school->store == NULL)
    return FALSE;

  if ((school->initials & query->initials) == query->initials &&
      (school->bigrams & query->bigrams) == query->bigrams &&
      school_has_words (school, query))
    return TRUE;

  if G_LIKELY (!query->has_codes)
    return FALSE;

  row = &school->store->rows[school->index];

  if (query->postcode_len > 0 &&
      memcmp (row->postcode_key, query->postcode_key, query->postcode_len) == 0 &&
      (query->postcode_outward_len == 0 || query->postcode_outward_len == row->postcode_outward_len))
    return TRUE;

  if (query->urn != ONBOARD_SCHOOL_STORE_NO_NUMBER && row->urn_number == query->urn)
    return TRUE;

  if (query->laestab != ONBOARD_SCHOOL_STORE_NO_NUMBER && row->laestab_number == query->laestab)
    return TRUE;

  return FALSE;
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

void
onboard_school_filter_set_query (OnboardSchoolFilter *self,
                                 const char          *query)
{
  Query old;
  gboolean had_words;
  gboolean has_words;

  g_return_if_fail (ONBOARD_IS_SCHOOL_FILTER (self));

  if (g_strcmp0 (self->query_text, query) == 0)
    return;

  g_free (self->query_text);
  self->query_text = g_strdup (query);

  old = self->query;
  query_init (&self->query, query);

  had_words = old.n_words > 0;
  has_words = self->query.n_words > 0;

  if (!query_equal (&old, &self->query))
    {
      GtkFilterChange change;

      if (!had_words || (has_words && query_narrows (&self->query, &old)))
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (!has_words || query_narrows (&old, &self->query))
        change = GTK_FILTER_CHANGE_LESS_STRICT;
      else
        change = GTK_FILTER_CHANGE_DIFFERENT;

      gtk_filter_changed (GTK_FILTER (self), change);
    }

  query_clear (&old);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}
