/* onboard-sandbox-directory-import.c: reading the school lists people download
 * (GIAS, the older detailed list, DENI, or urn,name,town,postcode)
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-directory-private.h"

#include <string.h>

/* Postcodes and identifiers */

/* One space for any run of white space, line breaks included, and none
 * at either end; upper case if @upper. */
static GString *
collapse_spaces (const char *value,
                 gboolean    upper)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
    }

  return out;
}

char *
onboard_sandbox_normalize_postcode (const char *postcode)
{
  g_autoptr(GString) out = NULL;

  if (postcode == NULL)
    return g_strdup ("");

  out = collapse_spaces (postcode, TRUE);

  /* Northern Irish files drop the space ("BT96GW"); the inward code is
   * always the last three characters. Bytes are characters only in ASCII:
   * a stray "‚" (0x82 in Windows-1252) would be cut in two. */
  if (strchr (out->str, ' ') == NULL && out->len >= 5 && out->len <= 7 && g_str_is_ascii (out->str))
    g_string_insert_c (out, out->len - 3, ' ');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_digits (const char *s,
           gsize       n)
{
  if (s == NULL || strlen (s) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Encoding: the real GIAS download is Windows-1252; the lists in tests/data/schools/ are UTF-8. */

/* The five bytes Windows-1252 leaves undefined, which iconv refuses. */
static gboolean
is_undefined_in_cp1252 (guchar c)
{
  return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

/* Converts with iconv, run by run between undefined bytes, each of which
 * becomes U+FFFD: one stray byte does not cost the whole list. */
static char *
cp1252_to_utf8 (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (length + length / 16);
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i < length && !is_undefined_in_cp1252 ((guchar)data[i]))
        continue;

      if (i > start)
        {
          g_autofree char *run = NULL;
          gsize written = 0;

          run = g_convert (data + start, i - start, "UTF-8", "WINDOWS-1252", NULL, &written, error);
          if (run == NULL)
            return NULL;
          g_string_append_len (out, run, written);
        }

      if (i < length)
        g_string_append_unichar (out, 0xFFFD);
      start = i + 1;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* RFC 4180 reader. Fields are reused between records to keep a
 * 130-column GIAS file from allocating millions of strings. */

typedef struct
{
  const char *pos;
  const char *end;
  GPtrArray  *fields;   /* GString, reused */
  guint       n_fields;
} CsvReader;

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
csv_reader_init (CsvReader  *reader,
                 const char *data,
                 gsize       length)
{
  reader->pos = data;
  reader->end = data + length;
  reader->fields = g_ptr_array_new_with_free_func (free_gstring);
  reader->n_fields = 0;
}

static GString *
csv_reader_next_field (CsvReader *reader)
{
  GString *field;

  if (reader->n_fields == reader->fields->len)
    g_ptr_array_add (reader->fields, g_string_new (NULL));

  field = g_ptr_array_index (reader->fields, reader->n_fields++);
  g_string_truncate (field, 0);
  return field;
}

static const char *
csv_reader_field (CsvReader *reader,
                  int        column)
{
  if (column < 0 || (guint)column >= reader->n_fields)
    return NULL;

  return ((GString *)g_ptr_array_index (reader->fields, column))->str;
}

/* Returns FALSE at end of input. A record with an unterminated quote
 * swallows the rest of the input and is reported as malformed. */
static gboolean
csv_reader_next (CsvReader *reader,
                 gboolean  *malformed)
{
  const char *p = reader->pos;
  GString *field;

  *malformed = FALSE;
  reader->n_fields = 0;

  if (p >= reader->end)
    return FALSE;

  field = csv_reader_next_field (reader);

  while (p < reader->end)
    {
      char c = *p;

      if (c == '"' && field->len == 0)
        {
          gboolean closed = FALSE;

          p++;
          while (p < reader->end)
            {
              if (*p == '"')
                {
                  if (p + 1 < reader->end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  closed = TRUE;
                  break;
                }
              g_string_append_c (field, *p++);
            }
          if (!closed)
            *malformed = TRUE;
          continue;
        }

      if (c == ',')
        {
          field = csv_reader_next_field (reader);
          p++;
          continue;
        }

      if (c == '\r' || c == '\n')
        {
          if (c == '\r' && p + 1 < reader->end && p[1] == '\n')
            p++;
          p++;
          break;
        }

      g_string_append_c (field, c);
      p++;
    }

  reader->pos = p;
  return TRUE;
}

static gboolean
csv_reader_is_blank (CsvReader *reader)
{
  return reader->n_fields == 1 && csv_reader_field (reader, 0)[0] == '\0';
}

/* Import */

enum {
  COL_URN,
  COL_NAME,
  COL_TOWN,
  COL_POSTCODE,
  COL_LA_CODE,
  COL_LA_NAME,
  COL_ESTAB_NUMBER,
  COL_TYPE,
  COL_STATUS,
  COL_PHASE,
  COL_CLOSE_DATE,
  COL_DENI_REF,
  COL_DENI_TYPE,
  COL_DENI_MANAGEMENT,
  N_COLS
};

static const char * const column_aliases[N_COLS][3] = {
  [COL_URN] = { "URN", NULL },
  [COL_NAME] = { "EstablishmentName", "Establishment name", "name" },
  [COL_TOWN] = { "Town", NULL },
  [COL_POSTCODE] = { "Postcode", NULL },
  [COL_LA_CODE] = { "LA (code)", "Local authority (code)", NULL },
  [COL_LA_NAME] = { "LA (name)", "Local authority (name)", NULL },
  [COL_ESTAB_NUMBER] = { "EstablishmentNumber", "Establishment number", NULL },
  [COL_TYPE] = { "TypeOfEstablishment (name)", "Type of establishment", NULL },
  [COL_STATUS] = { "EstablishmentStatus (name)", "Establishment status", NULL },
  [COL_PHASE] = { "PhaseOfEducation (name)", "Phase of education", NULL },
  [COL_CLOSE_DATE] = { "close_date", "CloseDate", NULL },
  [COL_DENI_REF] = { "DE_REF", NULL },
  [COL_DENI_TYPE] = { "SCHOOL_TYPE", NULL },
  [COL_DENI_MANAGEMENT] = { "MANAGEMENT", NULL },
};

static char *
clean_value (const char *value)
{
  g_autoptr(GString) out = NULL;

  if (value == NULL)
    return NULL;

  out = collapse_spaces (value, FALSE);

  /* The 2017 subset writes missing values as NA. */
  if (out->len == 0 || strcmp (out->str, "NA") == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
deni_phase (const char *school_type)
{
  if (school_type == NULL)
    return NULL;
  if (g_ascii_strcasecmp (school_type, "Primary") == 0 ||
      g_ascii_strcasecmp (school_type, "prep dept") == 0)
    return g_strdup ("Primary");
  if (g_ascii_strcasecmp (school_type, "Secondary") == 0 ||
      g_ascii_strcasecmp (school_type, "Grammar") == 0)
    return g_strdup ("Secondary");
  if (g_ascii_strcasecmp (school_type, "Nursery") == 0)
    return g_strdup ("Nursery");
  return g_strdup ("Not applicable");
}

/* One row's values, cleaned, before they become a school. */
typedef struct
{
  char     *urn;
  char     *name;
  char     *town;
  char     *postcode;
  char     *laestab;
  char     *la_name;
  char     *phase;
  char     *type;
  gboolean  open;
} Record;

static void
record_clear (Record *record)
{
  g_free (record->urn);
  g_free (record->name);
  g_free (record->town);
  g_free (record->postcode);
  g_free (record->laestab);
  g_free (record->la_name);
  g_free (record->phase);
  g_free (record->type);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

/* Northern Ireland's list: a DE reference, and no URN. */
static gboolean
read_deni_record (OnboardSandboxDirectory *self,
                  CsvReader               *reader,
                  const int               *cols,
                  Record                  *record)
{
  g_autofree char *ref = clean_value (csv_reader_field (reader, cols[COL_DENI_REF]));
  g_autofree char *school_type = clean_value (csv_reader_field (reader, cols[COL_DENI_TYPE]));

  if (ref == NULL || strlen (ref) != 7)
    return FALSE;

  /* Northern Ireland has no URNs; the wizard needs six digits, so these
   * get a stable made-up one in a range England and Wales do not use. */
  record->urn = g_strdup_printf ("9%05u", self->schools->len + 1);
  if (is_digits (ref, 7))
    record->laestab = g_strdup (ref);
  record->phase = deni_phase (school_type);
  g_free (record->type);
  record->type = clean_value (csv_reader_field (reader, cols[COL_DENI_MANAGEMENT]));
  if (record->la_name == NULL)
    record->la_name = g_strdup ("Northern Ireland");
  record->open = TRUE;

  return TRUE;
}

/* England's and Wales's lists (GIAS, and the older detailed one). */
static gboolean
read_gias_record (CsvReader *reader,
                  const int *cols,
                  Record    *record)
{
  g_autofree char *la_code = clean_value (csv_reader_field (reader, cols[COL_LA_CODE]));
  g_autofree char *number = clean_value (csv_reader_field (reader, cols[COL_ESTAB_NUMBER]));
  g_autofree char *status = clean_value (csv_reader_field (reader, cols[COL_STATUS]));
  g_autofree char *close_date = clean_value (csv_reader_field (reader, cols[COL_CLOSE_DATE]));

  record->urn = clean_value (csv_reader_field (reader, cols[COL_URN]));
  if (!is_digits (record->urn, 6))
    return FALSE;

  if (is_digits (la_code, 3) && number != NULL && strlen (number) <= 4 &&
      is_digits (number, strlen (number)))
    record->laestab = g_strdup_printf ("%s%04u", la_code, (guint)g_ascii_strtoull (number, NULL, 10));

  record->phase = clean_value (csv_reader_field (reader, cols[COL_PHASE]));

  if (cols[COL_STATUS] >= 0)
    /* "Open" and "Open, but proposed to close" are open; "Proposed to
     * open" is not yet. */
    record->open = status != NULL && g_ascii_strncasecmp (status, "Open", 4) == 0;
  else if (cols[COL_CLOSE_DATE] >= 0)
    record->open = close_date == NULL;
  else
    record->open = TRUE;

  return TRUE;
}

static gboolean
import_record (OnboardSandboxDirectory *self,
               CsvReader               *reader,
               const int               *cols,
               guint                    n_columns)
{
  g_auto(Record) record = { 0 };
  OnboardSandboxSchool school = { 0 };

  if (reader->n_fields != n_columns)
    return FALSE;

  record.name = clean_value (csv_reader_field (reader, cols[COL_NAME]));
  record.town = clean_value (csv_reader_field (reader, cols[COL_TOWN]));
  record.postcode = onboard_sandbox_normalize_postcode (csv_reader_field (reader, cols[COL_POSTCODE]));
  record.la_name = clean_value (csv_reader_field (reader, cols[COL_LA_NAME]));
  record.type = clean_value (csv_reader_field (reader, cols[COL_TYPE]));
  if (g_strcmp0 (record.postcode, "NA") == 0)
    g_clear_pointer (&record.postcode, g_free);

  if (self->format == ONBOARD_SANDBOX_DIRECTORY_FORMAT_DENI
      ? !read_deni_record (self, reader, cols, &record)
      : !read_gias_record (reader, cols, &record))
    return FALSE;

  if (record.name == NULL)
    return FALSE;

  school.urn = record.urn;
  school.name = record.name;
  school.town = record.town;
  school.postcode = record.postcode;
  school.laestab = record.laestab;
  school.la_name = record.la_name;
  school.phase = record.phase;
  school.establishment_type = record.type;
  school.open = record.open;

  return onboard_sandbox_directory_add_school (self, &school);
}

static gboolean
detect_columns (OnboardSandboxDirectory  *self,
                CsvReader                *reader,
                int                      *cols,
                GError                  **error)
{
  for (guint c = 0; c < N_COLS; c++)
    {
      cols[c] = -1;
      for (guint h = 0; h < reader->n_fields && cols[c] < 0; h++)
        {
          g_autofree char *header = g_strstrip (g_strdup (csv_reader_field (reader, h)));

          for (guint a = 0; a < G_N_ELEMENTS (column_aliases[c]) && column_aliases[c][a]; a++)
            if (g_ascii_strcasecmp (header, column_aliases[c][a]) == 0)
              {
                cols[c] = (int)h;
                break;
              }
        }
    }

  if (cols[COL_DENI_REF] >= 0 && cols[COL_NAME] < 0)
    {
      for (guint h = 0; h < reader->n_fields; h++)
        if (g_ascii_strcasecmp (csv_reader_field (reader, h), "CENTRE_NAME") == 0)
          cols[COL_NAME] = (int)h;
      self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_DENI;
    }
  else if (cols[COL_URN] >= 0 && cols[COL_NAME] >= 0)
    {
      const char *name_header = csv_reader_field (reader, cols[COL_NAME]);

      if (g_ascii_strcasecmp (name_header, "EstablishmentName") == 0)
        self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_GIAS;
      else if (g_ascii_strcasecmp (name_header, "Establishment name") == 0)
        self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_DETAILED;
      else
        self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_SIMPLE;
    }
  else
    {
      g_set_error (error,
                   ONBOARD_SANDBOX_DIRECTORY_ERROR,
                   ONBOARD_SANDBOX_DIRECTORY_ERROR_UNKNOWN_FORMAT,
                   "The header line names no school list format this server knows "
                   "(it needs URN and a name column, or DE_REF and CENTRE_NAME)");
      return FALSE;
    }

  if (cols[COL_NAME] < 0)
    {
      g_set_error (error,
                   ONBOARD_SANDBOX_DIRECTORY_ERROR,
                   ONBOARD_SANDBOX_DIRECTORY_ERROR_UNKNOWN_FORMAT,
                   "The header line has no school name column");
      return FALSE;
    }

  return TRUE;
}

OnboardSandboxDirectory *
onboard_sandbox_directory_new_from_data (const char  *data,
                                         gsize        length,
                                         GError     **error)
{
  g_autoptr(OnboardSandboxDirectory) self = NULL;
  g_autofree char *converted = NULL;
  int cols[N_COLS];
  guint n_columns;
  gboolean malformed;
  CsvReader reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!g_utf8_validate (data, length, NULL))
    {
      if (!(converted = cp1252_to_utf8 (data, length, error)))
        return NULL;
      data = converted;
      length = strlen (converted);
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  self = g_object_new (ONBOARD_TYPE_SANDBOX_DIRECTORY, NULL);
  csv_reader_init (&reader, data, length);

  do
    {
      if (!csv_reader_next (&reader, &malformed))
        {
          g_ptr_array_unref (reader.fields);
          g_set_error (error,
                       ONBOARD_SANDBOX_DIRECTORY_ERROR,
                       ONBOARD_SANDBOX_DIRECTORY_ERROR_EMPTY,
                       "The school list is empty");
          return NULL;
        }
    }
  while (csv_reader_is_blank (&reader));

  if (!detect_columns (self, &reader, cols, error))
    {
      g_ptr_array_unref (reader.fields);
      return NULL;
    }
  n_columns = reader.n_fields;

  while (csv_reader_next (&reader, &malformed))
    {
      if (!malformed && csv_reader_is_blank (&reader))
        continue;
      if (malformed || !import_record (self, &reader, cols, n_columns))
        self->n_skipped++;
    }

  g_ptr_array_unref (reader.fields);

  return g_steal_pointer (&self);
}

/* The whole of a gzip file, inflated. */
static GBytes *
inflate_gzip (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/**
 * onboard_sandbox_directory_new_from_file:
 *
 * Reads a school list, plain or gzip-compressed (as the app ships the
 * GIAS list for practice mode).
 */
OnboardSandboxDirectory *
onboard_sandbox_directory_new_from_file (const char  *path,
                                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) inflated = NULL;
  OnboardSandboxDirectory *self;
  const char *data;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(mapped = g_mapped_file_new (path, FALSE, error)))
    return NULL;

  data = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  if (length >= 2 && (guchar)data[0] == 0x1f && (guchar)data[1] == 0x8b)
    {
      if (!(inflated = inflate_gzip (data, length, error)))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
      data = g_bytes_get_data (inflated, &length);
    }

  self = onboard_sandbox_directory_new_from_data (data, length, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);

  return self;
}
