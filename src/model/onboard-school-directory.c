/* onboard-school-directory.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "onboard-json-scanner.h"
#include "onboard-school-directory.h"
#include "onboard-school-private.h"

struct _OnboardSchoolDirectory
{
  GObject              parent_instance;

  OnboardSchoolStore  *store;
  /* One thin object per row, all made by the worker thread: a keystroke
   * makes GtkFilterListModel ask for every item, and making 50,000 objects
   * then took the first keystroke about 10 ms of the main thread, to save
   * about 3 MB that any search needs anyway. */
  OnboardSchool      **items;
  /* Row indices in URN order, for find_by_urn(). */
  guint32             *by_urn;
  guint                n_skipped;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnboardSchoolDirectory, onboard_school_directory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (onboard-school-directory-error-quark, onboard_school_directory_error)

/* How often the reader looks at its cancellable, in entries. */
#define CANCEL_CHECK_INTERVAL 1024

typedef enum
{
  FIELD_URN,
  FIELD_LAESTAB,
  FIELD_NAME,
  FIELD_TOWN,
  FIELD_POSTCODE,
  FIELD_LA_NAME,
  FIELD_PHASE,
  FIELD_ESTABLISHMENT_TYPE,
  FIELD_STATUS,
  N_FIELDS,
  FIELD_UNKNOWN = N_FIELDS,
} Field;

static const struct {
  const char *name;
  gsize       len;
} field_names[N_FIELDS] = {
  [FIELD_URN] = { "urn", 3 },
  [FIELD_LAESTAB] = { "laestab", 7 },
  [FIELD_NAME] = { "name", 4 },
  [FIELD_TOWN] = { "town", 4 },
  [FIELD_POSTCODE] = { "postcode", 8 },
  [FIELD_LA_NAME] = { "la_name", 7 },
  [FIELD_PHASE] = { "phase", 5 },
  [FIELD_ESTABLISHMENT_TYPE] = { "establishment_type", 18 },
  [FIELD_STATUS] = { "status", 6 },
};

typedef enum
{
  VALUE_ABSENT,
  VALUE_NULL,
  VALUE_STRING,
} ValueKind;

typedef struct
{
  OnboardJsonScanner  scanner;
  GString            *key;
  GString            *values[N_FIELDS];
  ValueKind           kinds[N_FIELDS];
} Reader;

static Field
lookup_field (const GString *key)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (key->len == field_names[i].len && memcmp (key->str, field_names[i].name, key->len) == 0)
        return i;
    }

  return FIELD_UNKNOWN;
}

static gboolean
is_all_digits (const char *text,
               gsize       len)
{
  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return TRUE;
}

/* Reads one member value into the reader. Returns FALSE on a syntax error
 * only; a value of the wrong type clears *usable. */
static gboolean
read_field_value (Reader   *reader,
                  Field     field,
                  gboolean *usable)
{
  OnboardJsonScanner *scanner = &reader->scanner;
  char c = onboard_json_scanner_peek (scanner);

  if (c == '"')
    {
      gboolean valid;

      if (!onboard_json_scanner_read_string (scanner, reader->values[field], &valid))
        return FALSE;

      reader->kinds[field] = VALUE_STRING;
      if (!valid)
        *usable = FALSE;

      return TRUE;
    }

  if (c == 'n')
    {
      if (!onboard_json_scanner_read_literal (scanner, "null"))
        return FALSE;

      reader->kinds[field] = VALUE_NULL;

      return TRUE;
    }

  /* Some feeds send the identifiers as numbers: take plain digits. */
  if ((field == FIELD_URN || field == FIELD_LAESTAB) && (c == '-' || g_ascii_isdigit (c)))
    {
      const char *start;
      gsize len;

      if (!onboard_json_scanner_read_number (scanner, &start, &len))
        return FALSE;

      if (is_all_digits (start, len))
        {
          g_string_truncate (reader->values[field], 0);
          g_string_append_len (reader->values[field], start, len);
          reader->kinds[field] = VALUE_STRING;
        }
      else
        {
          *usable = FALSE;
        }

      return TRUE;
    }

  *usable = FALSE;

  return onboard_json_scanner_skip_value (scanner);
}

static const char *
get_value (Reader *reader,
           Field   field)
{
  if (reader->kinds[field] != VALUE_STRING)
    return NULL;

  return reader->values[field]->str;
}

/* Reads the object at the scanner into *fields. Returns FALSE on a syntax
 * error; *usable says whether the object makes a school. */
static gboolean
read_entry (Reader              *reader,
            OnboardSchoolFields *fields,
            gboolean            *usable)
{
  OnboardJsonScanner *scanner = &reader->scanner;

  *usable = TRUE;
  for (guint i = 0; i < N_FIELDS; i++)
    reader->kinds[i] = VALUE_ABSENT;

  if (!onboard_json_scanner_expect (scanner, '{'))
    return FALSE;

  if (!onboard_json_scanner_accept (scanner, '}'))
    {
      for (;;)
        {
          Field field;

          if (!onboard_json_scanner_read_string (scanner, reader->key, NULL) ||
              !onboard_json_scanner_expect (scanner, ':'))
            return FALSE;

          field = lookup_field (reader->key);

          if (field == FIELD_UNKNOWN)
            {
              if (!onboard_json_scanner_skip_value (scanner))
                return FALSE;
            }
          else if (!read_field_value (reader, field, usable))
            {
              return FALSE;
            }

          if (onboard_json_scanner_accept (scanner, '}'))
            break;

          if (!onboard_json_scanner_accept (scanner, ','))
            return onboard_json_scanner_fail (scanner, "expected ',' or '}'");
        }
    }

  fields->urn = get_value (reader, FIELD_URN);
  fields->laestab = get_value (reader, FIELD_LAESTAB);
  fields->name = get_value (reader, FIELD_NAME);
  fields->town = get_value (reader, FIELD_TOWN);
  fields->postcode = get_value (reader, FIELD_POSTCODE);
  fields->la_name = get_value (reader, FIELD_LA_NAME);
  fields->phase = get_value (reader, FIELD_PHASE);
  fields->establishment_type = get_value (reader, FIELD_ESTABLISHMENT_TYPE);
  fields->status = get_value (reader, FIELD_STATUS);

  if (fields->urn == NULL || fields->urn[0] == '\0' ||
      fields->name == NULL || fields->name[0] == '\0')
    *usable = FALSE;

  return TRUE;
}

static int
compare_by_urn (const void *a,
                const void *b,
                void       *user_data)
{
  const OnboardSchoolStore *store = user_data;
  guint32 row_a = *(const guint32 *)a;
  guint32 row_b = *(const guint32 *)b;
  int cmp;

  cmp = strcmp (store->strings + store->rows[row_a].urn, store->strings + store->rows[row_b].urn);
  if (cmp != 0)
    return cmp;

  /* Keep the first of two entries with one URN first. */
  return row_a < row_b ? -1 : row_a > row_b;
}

static guint32 *
index_by_urn (OnboardSchoolStore *store)
{
  guint32 *by_urn = g_new (guint32, MAX (store->n_rows, 1));
  gboolean sorted = TRUE;

  for (guint i = 0; i < store->n_rows; i++)
    {
      by_urn[i] = i;
      if (i > 0 && sorted &&
          strcmp (store->strings + store->rows[i - 1].urn, store->strings + store->rows[i].urn) > 0)
        sorted = FALSE;
    }

  /* The service sends the list in URN order: then there is nothing to do. */
  if (!sorted)
    g_qsort_with_data (by_urn, store->n_rows, sizeof (guint32), compare_by_urn, store);

  return by_urn;
}

static void
reader_init (Reader     *reader,
             const char *data,
             gsize       len)
{
  memset (reader, 0, sizeof *reader);
  onboard_json_scanner_init (&reader->scanner, data, len);
  reader->key = g_string_sized_new (32);
  for (guint i = 0; i < N_FIELDS; i++)
    reader->values[i] = g_string_sized_new (64);
}

static void
reader_clear (Reader *reader)
{
  g_string_free (reader->key, TRUE);
  for (guint i = 0; i < N_FIELDS; i++)
    g_string_free (reader->values[i], TRUE);
}

/* Reads the array's entries into @builder, skipping those that make no
 * school. A syntax error is left in the scanner; FALSE only when
 * cancelled. */
static gboolean
read_entries (Reader                     *reader,
              OnboardSchoolStoreBuilder  *builder,
              guint                      *n_skipped,
              GCancellable               *cancellable,
              GError                    **error)
{
  OnboardJsonScanner *scanner = &reader->scanner;
  guint n_entries = 0;

  onboard_json_scanner_expect (scanner, '[');
  if (onboard_json_scanner_accept (scanner, ']'))
    return TRUE;

  for (;;)
    {
      OnboardSchoolFields fields;
      gboolean usable = FALSE;

      if (++n_entries % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (onboard_json_scanner_peek (scanner) == '{')
        {
          if (!read_entry (reader, &fields, &usable))
            return TRUE;
        }
      else if (!onboard_json_scanner_skip_value (scanner))
        {
          return TRUE;
        }

      if (usable)
        onboard_school_store_builder_add (builder, &fields);
      else
        (*n_skipped)++;

      if (onboard_json_scanner_accept (scanner, ']'))
        return TRUE;

      if (!onboard_json_scanner_accept (scanner, ','))
        {
          onboard_json_scanner_fail (scanner, "expected ',' or ']'");
          return TRUE;
        }
    }
}

/* The directory for a finished store: its schools, made once, and the
 * index by URN. */
static OnboardSchoolDirectory *
new_directory (OnboardSchoolStore  *store,
               guint                n_skipped,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(OnboardSchoolDirectory) self = g_object_new (ONBOARD_TYPE_SCHOOL_DIRECTORY, NULL);

  self->store = store;
  self->items = g_new0 (OnboardSchool *, MAX (self->store->n_rows, 1));
  self->by_urn = index_by_urn (self->store);
  self->n_skipped = n_skipped;

  for (guint i = 0; i < self->store->n_rows; i++)
    {
      if (i % (CANCEL_CHECK_INTERVAL * 8) == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      self->items[i] = onboard_school_new_for_row (self->store, i);
    }

  return g_steal_pointer (&self);
}

static OnboardSchoolDirectory *
read_directory (GBytes        *json,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(OnboardSchoolStoreBuilder) builder = NULL;
  const char *data;
  gsize len;
  guint n_skipped = 0;
  Reader reader;

  data = g_bytes_get_data (json, &len);
  if (data == NULL)
    data = "";

  /* A byte order mark is not JSON, but some servers and editors add one. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  reader_init (&reader, data, len);

  if (onboard_json_scanner_peek (&reader.scanner) != '[')
    {
      g_set_error_literal (error,
                           ONBOARD_SCHOOL_DIRECTORY_ERROR,
                           ONBOARD_SCHOOL_DIRECTORY_ERROR_NOT_AN_ARRAY,
                           _("The list of schools is not a JSON array"));
      reader_clear (&reader);
      return NULL;
    }

  builder = onboard_school_store_builder_new (len);
  if (!read_entries (&reader, builder, &n_skipped, cancellable, error))
    {
      reader_clear (&reader);
      return NULL;
    }

  if (reader.scanner.error == NULL && !onboard_json_scanner_at_end (&reader.scanner))
    onboard_json_scanner_fail (&reader.scanner, "unexpected data after the array");

  if (reader.scanner.error != NULL)
    {
      g_set_error (error,
                   ONBOARD_SCHOOL_DIRECTORY_ERROR,
                   ONBOARD_SCHOOL_DIRECTORY_ERROR_INVALID_JSON,
                   /* Not G_GSIZE_FORMAT: xgettext would cut the msgid at the macro. */
                   _("The list of schools is not valid JSON (byte %lu: %s)"),
                   (unsigned long) reader.scanner.error_offset,
                   reader.scanner.error);
      reader_clear (&reader);
      return NULL;
    }

  reader_clear (&reader);

  return new_directory (onboard_school_store_builder_finish (g_steal_pointer (&builder)),
                        n_skipped, cancellable, error);
}

static void
onboard_school_directory_finalize (GObject *object)
{
  OnboardSchoolDirectory *self = (OnboardSchoolDirectory *)object;

  if (self->items != NULL)
    {
      for (guint i = 0; i < self->store->n_rows; i++)
        g_clear_object (&self->items[i]);
      g_clear_pointer (&self->items, g_free);
    }
  g_clear_pointer (&self->by_urn, g_free);
  g_clear_pointer (&self->store, onboard_school_store_unref);

  G_OBJECT_CLASS (onboard_school_directory_parent_class)->finalize (object);
}

static void
onboard_school_directory_class_init (OnboardSchoolDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_school_directory_finalize;
}

static void
onboard_school_directory_init (OnboardSchoolDirectory *self)
{
}

static GType
onboard_school_directory_get_item_type (GListModel *model)
{
  return ONBOARD_TYPE_SCHOOL;
}

static guint
onboard_school_directory_get_n_items (GListModel *model)
{
  OnboardSchoolDirectory *self = (OnboardSchoolDirectory *)model;

  return self->store != NULL ? self->store->n_rows : 0;
}

static inline OnboardSchool *
get_school (OnboardSchoolDirectory *self,
            guint                   position)
{
  return g_object_ref (self->items[position]);
}

static gpointer
onboard_school_directory_get_item (GListModel *model,
                                   guint       position)
{
  OnboardSchoolDirectory *self = (OnboardSchoolDirectory *)model;

  if (self->store == NULL || position >= self->store->n_rows)
    return NULL;

  return get_school (self, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onboard_school_directory_get_item_type;
  iface->get_n_items = onboard_school_directory_get_n_items;
  iface->get_item = onboard_school_directory_get_item;
}

static void
read_directory_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GBytes *json = task_data;
  OnboardSchoolDirectory *self;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  self = read_directory (json, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, g_object_unref);
}

void
onboard_school_directory_new_from_bytes_async (GBytes              *json,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (json != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, onboard_school_directory_new_from_bytes_async);
  g_task_set_name (task, "[onboard] read school directory");
  g_task_set_task_data (task, g_bytes_ref (json), (GDestroyNotify)g_bytes_unref);
  g_task_run_in_thread (task, read_directory_worker);
}

OnboardSchoolDirectory *
onboard_school_directory_new_from_bytes_finish (GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onboard_school_directory_new_from_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

OnboardSchoolDirectory *
onboard_school_directory_new_from_bytes (GBytes  *json,
                                         GError **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_directory (json, NULL, error);
}

OnboardSchool *
onboard_school_directory_find_by_urn (OnboardSchoolDirectory *self,
                                      const char             *urn)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (ONBOARD_IS_SCHOOL_DIRECTORY (self), NULL);
  g_return_val_if_fail (urn != NULL, NULL);

  if (self->store == NULL)
    return NULL;

  hi = self->store->n_rows;

  /* The leftmost match, so a repeated URN finds its first entry. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const OnboardSchoolRow *row = &self->store->rows[self->by_urn[mid]];

      if (strcmp (self->store->strings + row->urn, urn) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < self->store->n_rows &&
      strcmp (self->store->strings + self->store->rows[self->by_urn[lo]].urn, urn) == 0)
    return get_school (self, self->by_urn[lo]);

  return NULL;
}

guint
onboard_school_directory_get_n_skipped (OnboardSchoolDirectory *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_DIRECTORY (self), 0);

  return self->n_skipped;
}
