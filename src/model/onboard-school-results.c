/* onboard-school-results.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "onboard-school-filter-private.h"
#include "onboard-school-private.h"
#include "onboard-school-results.h"

/* Below this many matches per row of the directory, sorting the matches
 * costs less than walking every row in name order and picking them out. */
#define SORT_BELOW_SHARE 32

struct _OnboardSchoolResults
{
  GObject                 parent_instance;

  OnboardSchoolDirectory *directory;
  OnboardSchoolFilter    *filter;

  /* The directory's store, while it has one. */
  OnboardSchoolStore     *store;

  /* The positions in the directory shown, in order; and a second array to
   * build the next order in, so that no keystroke allocates. */
  guint32                *shown;
  guint                   n_shown;
  guint32                *next;
  /* A rank per row, only meaningful for the rows being ordered; and a
   * sort key per match when they are sorted. */
  guint8                 *ranks;
  guint64                *keys;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnboardSchoolResults, onboard_school_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
onboard_school_results_get_item_type (GListModel *model)
{
  return ONBOARD_TYPE_SCHOOL;
}

static guint
onboard_school_results_get_n_items (GListModel *model)
{
  OnboardSchoolResults *self = (OnboardSchoolResults *)model;

  return self->n_shown;
}

static gpointer
onboard_school_results_get_item (GListModel *model,
                                 guint       position)
{
  OnboardSchoolResults *self = (OnboardSchoolResults *)model;

  if (position >= self->n_shown)
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->directory), self->shown[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onboard_school_results_get_item_type;
  iface->get_n_items = onboard_school_results_get_n_items;
  iface->get_item = onboard_school_results_get_item;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  guint64 key_a = *(const guint64 *)a;
  guint64 key_b = *(const guint64 *)b;

  return key_a < key_b ? -1 : key_a > key_b;
}

/* Few matches: each one's rank and place by name make one number, and
 * those are sorted. */
static guint
order_by_sorting (OnboardSchoolResults *self,
                  const guint32        *rows,
                  guint                 n_rows)
{
  const OnboardSchoolStore *store = self->store;

  for (guint i = 0; i < n_rows; i++)
    {
      guint64 rank = onboard_school_filter_rank_row (self->filter, store, rows[i]);

      self->keys[i] = (rank << 32) | store->name_order[rows[i]];
    }

  qsort (self->keys, n_rows, sizeof (guint64), compare_keys);

  for (guint i = 0; i < n_rows; i++)
    self->next[i] = store->by_name[(guint32)self->keys[i]];

  return n_rows;
}

/* Many matches: their ranks are counted, then every row is visited in
 * name order and each match put in its rank's next place. */
static guint
order_by_walking (OnboardSchoolResults *self,
                  const guint32        *rows,
                  guint                 n_rows,
                  const guint64        *bits)
{
  const OnboardSchoolStore *store = self->store;
  guint places[ONBOARD_SCHOOL_N_RANKS] = { 0, };
  guint total = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      guint8 rank = (guint8)onboard_school_filter_rank_row (self->filter, store, rows[i]);

      self->ranks[rows[i]] = rank;
      places[rank]++;
    }

  for (guint r = 0; r < ONBOARD_SCHOOL_N_RANKS; r++)
    {
      guint n = places[r];

      places[r] = total;
      total += n;
    }

  for (guint i = 0; i < store->n_rows; i++)
    {
      guint32 row = store->by_name[i];

      if ((bits[row / 64] >> (row % 64)) & 1)
        self->next[places[self->ranks[row]]++] = row;
    }

  return n_rows;
}

/* The filter answers for another store first: each school is asked. */
static guint
order_by_asking (OnboardSchoolResults *self)
{
  const OnboardSchoolStore *store = self->store;
  GListModel *directory = G_LIST_MODEL (self->directory);
  guint places[ONBOARD_SCHOOL_N_RANKS] = { 0, };
  guint total = 0;

  for (guint i = 0; i < store->n_rows; i++)
    {
      g_autoptr(OnboardSchool) school = g_list_model_get_item (directory, i);

      if (gtk_filter_match (GTK_FILTER (self->filter), school))
        {
          self->ranks[i] = (guint8)onboard_school_filter_rank_row (self->filter, store, i);
          places[self->ranks[i]]++;
        }
      else
        {
          self->ranks[i] = ONBOARD_SCHOOL_N_RANKS;
        }
    }

  for (guint r = 0; r < ONBOARD_SCHOOL_N_RANKS; r++)
    {
      guint n = places[r];

      places[r] = total;
      total += n;
    }

  for (guint i = 0; i < store->n_rows; i++)
    {
      guint32 row = store->by_name[i];

      if (self->ranks[row] < ONBOARD_SCHOOL_N_RANKS)
        self->next[places[self->ranks[row]]++] = row;
    }

  return total;
}

/* Works out the order for the filter's query into next[], swaps it in,
 * and tells the list which positions changed. */
static void
update (OnboardSchoolResults *self)
{
  const guint32 *rows = NULL;
  const guint64 *bits = NULL;
  guint32 *swap;
  guint n_next = 0;
  guint n_rows = 0;
  guint first = 0;
  guint last = 0;

  if (self->store == NULL)
    n_next = 0;
  else if (gtk_filter_get_strictness (GTK_FILTER (self->filter)) == GTK_FILTER_MATCH_ALL)
    {
      memcpy (self->next, self->store->by_name, self->store->n_rows * sizeof (guint32));
      n_next = self->store->n_rows;
    }
  else if (onboard_school_filter_peek_matches (self->filter, self->store, &rows, &n_rows, &bits))
    {
      if ((guint64)n_rows * SORT_BELOW_SHARE < self->store->n_rows)
        n_next = order_by_sorting (self, rows, n_rows);
      else
        n_next = order_by_walking (self, rows, n_rows, bits);
    }
  else
    n_next = order_by_asking (self);

  /* Only what lies between the unchanged ends changed. */
  while (first < n_next && first < self->n_shown && self->next[first] == self->shown[first])
    first++;
  while (last < n_next - first && last < self->n_shown - first &&
         self->next[n_next - 1 - last] == self->shown[self->n_shown - 1 - last])
    last++;

  swap = self->shown;
  self->shown = self->next;
  self->next = swap;

  if (first + last < MAX (n_next, self->n_shown))
    {
      guint removed = self->n_shown - first - last;
      guint added = n_next - first - last;

      self->n_shown = n_next;
      g_list_model_items_changed (G_LIST_MODEL (self), first, removed, added);
    }
  else
    self->n_shown = n_next;
}

static void
query_changed_cb (OnboardSchoolResults *self)
{
  update (self);
}

static void
clear_store (OnboardSchoolResults *self)
{
  g_clear_pointer (&self->store, onboard_school_store_unref);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->next, g_free);
  g_clear_pointer (&self->ranks, g_free);
  g_clear_pointer (&self->keys, g_free);
}

static void
set_filter (OnboardSchoolResults *self,
            OnboardSchoolFilter  *filter)
{
  self->filter = filter != NULL ? g_object_ref (filter) : onboard_school_filter_new ();
  g_signal_connect_object (self->filter, "notify::query", G_CALLBACK (query_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
onboard_school_results_dispose (GObject *object)
{
  OnboardSchoolResults *self = (OnboardSchoolResults *)object;

  g_clear_object (&self->directory);
  g_clear_object (&self->filter);
  clear_store (self);
  self->n_shown = 0;

  G_OBJECT_CLASS (onboard_school_results_parent_class)->dispose (object);
}

static void
onboard_school_results_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OnboardSchoolResults *self = ONBOARD_SCHOOL_RESULTS (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_results_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OnboardSchoolResults *self = ONBOARD_SCHOOL_RESULTS (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      onboard_school_results_set_directory (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      set_filter (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_results_constructed (GObject *object)
{
  OnboardSchoolResults *self = (OnboardSchoolResults *)object;

  G_OBJECT_CLASS (onboard_school_results_parent_class)->constructed (object);

  if (self->filter == NULL)
    set_filter (self, NULL);
}

static void
onboard_school_results_class_init (OnboardSchoolResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onboard_school_results_constructed;
  object_class->dispose = onboard_school_results_dispose;
  object_class->get_property = onboard_school_results_get_property;
  object_class->set_property = onboard_school_results_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL_DIRECTORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL_FILTER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_school_results_init (OnboardSchoolResults *self)
{
}

/**
 * onboard_school_results_new:
 * @directory: (nullable): the schools
 * @filter: (nullable): the search; a new one when %NULL
 */
OnboardSchoolResults *
onboard_school_results_new (OnboardSchoolDirectory *directory,
                            OnboardSchoolFilter    *filter)
{
  g_return_val_if_fail (directory == NULL || ONBOARD_IS_SCHOOL_DIRECTORY (directory), NULL);
  g_return_val_if_fail (filter == NULL || ONBOARD_IS_SCHOOL_FILTER (filter), NULL);

  return g_object_new (ONBOARD_TYPE_SCHOOL_RESULTS,
                       "filter", filter,
                       "directory", directory,
                       NULL);
}

OnboardSchoolDirectory *
onboard_school_results_get_directory (OnboardSchoolResults *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_RESULTS (self), NULL);

  return self->directory;
}

OnboardSchoolFilter *
onboard_school_results_get_filter (OnboardSchoolResults *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_RESULTS (self), NULL);

  return self->filter;
}

void
onboard_school_results_set_directory (OnboardSchoolResults   *self,
                                      OnboardSchoolDirectory *directory)
{
  guint removed;

  g_return_if_fail (ONBOARD_IS_SCHOOL_RESULTS (self));
  g_return_if_fail (directory == NULL || ONBOARD_IS_SCHOOL_DIRECTORY (directory));

  if (self->directory == directory)
    return;

  removed = self->n_shown;
  clear_store (self);
  self->n_shown = 0;
  g_set_object (&self->directory, directory);

  if (directory != NULL && g_list_model_get_n_items (G_LIST_MODEL (directory)) > 0)
    {
      g_autoptr(OnboardSchool) first = g_list_model_get_item (G_LIST_MODEL (directory), 0);
      guint n_rows = first->store->n_rows;

      self->store = onboard_school_store_ref (first->store);
      self->shown = g_new (guint32, n_rows);
      self->next = g_new (guint32, n_rows);
      self->ranks = g_new (guint8, n_rows);
      self->keys = g_new (guint64, n_rows / SORT_BELOW_SHARE + 1);
    }

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);
}
