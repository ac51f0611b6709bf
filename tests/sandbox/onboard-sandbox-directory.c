/* onboard-sandbox-directory.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-directory.h"

#include <gio/gio.h>
#include <string.h>

struct _OnboardSandboxDirectory
{
  GObject                        parent_instance;

  OnboardSandboxDirectoryFormat  format;
  GStringChunk                  *strings;
  GArray                        *schools;
  GHashTable                    *by_urn;
  guint                          n_open;
  guint                          n_skipped;

  /* Bodies are built on first use and then shared by every request (and,
   * for the generated directory, by every server in the process).
   * Index: include_closed. */
  GMutex                         body_lock;
  GBytes                        *body[2];
  GBytes                        *gzip_body[2];
  char                          *etag[2];
};

G_DEFINE_FINAL_TYPE (OnboardSandboxDirectory, onboard_sandbox_directory, G_TYPE_OBJECT)

G_DEFINE_QUARK (onboard-sandbox-directory-error-quark, onboard_sandbox_directory_error)

static void
onboard_sandbox_directory_finalize (GObject *object)
{
  OnboardSandboxDirectory *self = (OnboardSandboxDirectory *)object;

  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&self->body[i], g_bytes_unref);
      g_clear_pointer (&self->gzip_body[i], g_bytes_unref);
      g_clear_pointer (&self->etag[i], g_free);
    }
  g_mutex_clear (&self->body_lock);
  g_clear_pointer (&self->by_urn, g_hash_table_unref);
  g_clear_pointer (&self->schools, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (onboard_sandbox_directory_parent_class)->finalize (object);
}

static void
onboard_sandbox_directory_class_init (OnboardSandboxDirectoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onboard_sandbox_directory_finalize;
}

static void
onboard_sandbox_directory_init (OnboardSandboxDirectory *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  self->schools = g_array_new (FALSE, TRUE, sizeof (OnboardSandboxSchool));
  self->by_urn = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&self->body_lock);
}

static const char *
intern (OnboardSandboxDirectory *self,
        const char              *value)
{
  if (value == NULL)
    return NULL;

  return g_string_chunk_insert_const (self->strings, value);
}

static gboolean
add_school (OnboardSandboxDirectory    *self,
            const OnboardSandboxSchool *school)
{
  OnboardSandboxSchool copy;

  if (g_hash_table_contains (self->by_urn, school->urn))
    return FALSE;

  copy.urn = intern (self, school->urn);
  copy.laestab = intern (self, school->laestab);
  copy.name = intern (self, school->name);
  copy.town = intern (self, school->town ? school->town : "");
  copy.postcode = intern (self, school->postcode ? school->postcode : "");
  copy.la_name = intern (self, school->la_name);
  copy.phase = intern (self, school->phase);
  copy.establishment_type = intern (self, school->establishment_type);
  copy.open = school->open;

  g_array_append_val (self->schools, copy);
  g_hash_table_insert (self->by_urn, (char *)copy.urn, GUINT_TO_POINTER (self->schools->len));
  if (copy.open)
    self->n_open++;

  return TRUE;
}

/* Postcodes and identifiers */

char *
onboard_sandbox_normalize_postcode (const char *postcode)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  if (postcode == NULL)
    return g_strdup ("");

  for (const char *p = postcode; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, g_ascii_toupper (*p));
    }

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
  gboolean pending_space = FALSE;

  if (value == NULL)
    return NULL;

  /* One space for any run of white space, line breaks included. */
  out = g_string_new (NULL);
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
      g_string_append_c (out, *p);
    }

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

  return add_school (self, &school);
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

OnboardSandboxDirectory *
onboard_sandbox_directory_new_from_file (const char  *path,
                                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  OnboardSandboxDirectory *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(mapped = g_mapped_file_new (path, FALSE, error)))
    return NULL;

  self = onboard_sandbox_directory_new_from_data (g_mapped_file_get_contents (mapped),
                                                  g_mapped_file_get_length (mapped),
                                                  error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);

  return self;
}

/* The generated directory: realistic enough to demo the search (names,
 * towns, outward codes, DfE numbers all line up), never a real school. */

typedef struct
{
  const char *town;
  const char *area;      /* postcode area */
  guint       districts;
  guint       la_code;
  const char *la_name;
  guint       weight;
  gboolean    welsh;
} TownInfo;

static const TownInfo towns[] = {
  { "London", "N", 22, 206, "Islington", 14 },
  { "London", "SE", 28, 210, "Southwark", 14 },
  { "London", "E", 18, 211, "Tower Hamlets", 14 },
  { "London", "SW", 20, 212, "Wandsworth", 14 },
  { "London", "NW", 11, 202, "Camden", 10 },
  { "London", "W", 14, 205, "Hammersmith and Fulham", 8 },
  { "Barking", "IG", 11, 301, "Barking and Dagenham", 6 },
  { "Barnet", "EN", 5, 302, "Barnet", 8 },
  { "Bexleyheath", "DA", 18, 303, "Bexley", 6 },
  { "Wembley", "HA", 9, 304, "Brent", 7 },
  { "Bromley", "BR", 8, 305, "Bromley", 8 },
  { "Croydon", "CR", 9, 306, "Croydon", 9 },
  { "Ealing", "UB", 11, 307, "Ealing", 8 },
  { "Enfield", "EN", 3, 308, "Enfield", 8 },
  { "Harrow", "HA", 3, 310, "Harrow", 6 },
  { "Romford", "RM", 20, 311, "Havering", 7 },
  { "Uxbridge", "UB", 10, 312, "Hillingdon", 8 },
  { "Hounslow", "TW", 20, 313, "Hounslow", 7 },
  { "Kingston upon Thames", "KT", 9, 314, "Kingston upon Thames", 5 },
  { "Morden", "SM", 7, 315, "Merton", 5 },
  { "Ilford", "IG", 8, 317, "Redbridge", 7 },
  { "Sutton", "SM", 6, 319, "Sutton", 5 },
  { "Birmingham", "B", 99, 330, "Birmingham", 40 },
  { "Coventry", "CV", 9, 331, "Coventry", 14 },
  { "Dudley", "DY", 13, 332, "Dudley", 10 },
  { "West Bromwich", "B", 71, 333, "Sandwell", 10 },
  { "Solihull", "B", 94, 334, "Solihull", 7 },
  { "Walsall", "WS", 15, 335, "Walsall", 10 },
  { "Wolverhampton", "WV", 14, 336, "Wolverhampton", 10 },
  { "Liverpool", "L", 38, 341, "Liverpool", 20 },
  { "St Helens", "WA", 11, 342, "St. Helens", 7 },
  { "Bootle", "L", 30, 343, "Sefton", 9 },
  { "Birkenhead", "CH", 49, 344, "Wirral", 10 },
  { "Bolton", "BL", 7, 350, "Bolton", 11 },
  { "Bury", "BL", 9, 351, "Bury", 8 },
  { "Manchester", "M", 40, 352, "Manchester", 22 },
  { "Oldham", "OL", 16, 353, "Oldham", 10 },
  { "Rochdale", "OL", 12, 354, "Rochdale", 8 },
  { "Salford", "M", 50, 355, "Salford", 9 },
  { "Stockport", "SK", 17, 356, "Stockport", 10 },
  { "Ashton-under-Lyne", "OL", 7, 357, "Tameside", 8 },
  { "Sale", "M", 33, 358, "Trafford", 8 },
  { "Wigan", "WN", 8, 359, "Wigan", 11 },
  { "Barnsley", "S", 75, 370, "Barnsley", 9 },
  { "Doncaster", "DN", 12, 371, "Doncaster", 12 },
  { "Rotherham", "S", 66, 372, "Rotherham", 10 },
  { "Sheffield", "S", 36, 373, "Sheffield", 18 },
  { "Bradford", "BD", 22, 380, "Bradford", 20 },
  { "Halifax", "HX", 7, 381, "Calderdale", 9 },
  { "Huddersfield", "HD", 9, 382, "Kirklees", 15 },
  { "Leeds", "LS", 29, 383, "Leeds", 26 },
  { "Wakefield", "WF", 17, 384, "Wakefield", 13 },
  { "Gateshead", "NE", 11, 390, "Gateshead", 8 },
  { "Newcastle upon Tyne", "NE", 7, 391, "Newcastle upon Tyne", 10 },
  { "Sunderland", "SR", 8, 394, "Sunderland", 10 },
  { "Bath", "BA", 3, 800, "Bath and North East Somerset", 7 },
  { "Bristol", "BS", 16, 801, "Bristol, City of", 16 },
  { "Weston-super-Mare", "BS", 24, 802, "North Somerset", 7 },
  { "Hartlepool", "TS", 27, 805, "Hartlepool", 5 },
  { "Middlesbrough", "TS", 8, 806, "Middlesbrough", 6 },
  { "Stockton-on-Tees", "TS", 21, 808, "Stockton-on-Tees", 7 },
  { "Hull", "HU", 9, 810, "Kingston upon Hull, City of", 10 },
  { "Beverley", "HU", 17, 811, "East Riding of Yorkshire", 10 },
  { "Grimsby", "DN", 41, 812, "North East Lincolnshire", 6 },
  { "Harrogate", "HG", 5, 815, "North Yorkshire", 16 },
  { "York", "YO", 32, 816, "York", 8 },
  { "Luton", "LU", 4, 821, "Luton", 8 },
  { "Bedford", "MK", 45, 822, "Bedford", 7 },
  { "Aylesbury", "HP", 22, 825, "Buckinghamshire", 15 },
  { "Milton Keynes", "MK", 19, 826, "Milton Keynes", 10 },
  { "Chesterfield", "S", 45, 830, "Derbyshire", 22 },
  { "Derby", "DE", 24, 831, "Derby", 9 },
  { "Dorchester", "DT", 11, 838, "Dorset", 11 },
  { "Durham", "DH", 9, 840, "County Durham", 18 },
  { "Darlington", "DL", 3, 841, "Darlington", 5 },
  { "Lewes", "BN", 8, 845, "East Sussex", 13 },
  { "Brighton", "BN", 3, 846, "Brighton and Hove", 8 },
  { "Winchester", "SO", 23, 850, "Hampshire", 32 },
  { "Portsmouth", "PO", 6, 851, "Portsmouth", 7 },
  { "Southampton", "SO", 19, 852, "Southampton", 8 },
  { "Loughborough", "LE", 12, 855, "Leicestershire", 16 },
  { "Leicester", "LE", 5, 856, "Leicester", 11 },
  { "Stafford", "ST", 21, 860, "Staffordshire", 22 },
  { "Stoke-on-Trent", "ST", 9, 861, "Stoke-on-Trent", 9 },
  { "Salisbury", "SP", 5, 865, "Wiltshire", 15 },
  { "Swindon", "SN", 6, 866, "Swindon", 8 },
  { "Reading", "RG", 9, 870, "Reading", 6 },
  { "Slough", "SL", 3, 871, "Slough", 5 },
  { "Cambridge", "CB", 25, 873, "Cambridgeshire", 17 },
  { "Peterborough", "PE", 7, 874, "Peterborough", 8 },
  { "Warrington", "WA", 5, 877, "Warrington", 7 },
  { "Exeter", "EX", 39, 878, "Devon", 24 },
  { "Plymouth", "PL", 9, 879, "Plymouth", 9 },
  { "Torquay", "TQ", 2, 880, "Torbay", 5 },
  { "Chelmsford", "CM", 9, 881, "Essex", 36 },
  { "Southend-on-Sea", "SS", 9, 882, "Southend-on-Sea", 6 },
  { "Grays", "RM", 20, 883, "Thurrock", 6 },
  { "Hereford", "HR", 9, 884, "Herefordshire", 7 },
  { "Worcester", "WR", 15, 885, "Worcestershire", 16 },
  { "Maidstone", "ME", 20, 886, "Kent", 40 },
  { "Chatham", "ME", 5, 887, "Medway", 8 },
  { "Preston", "PR", 9, 888, "Lancashire", 40 },
  { "Blackburn", "BB", 6, 889, "Blackburn with Darwen", 7 },
  { "Blackpool", "FY", 5, 890, "Blackpool", 6 },
  { "Mansfield", "NG", 25, 891, "Nottinghamshire", 24 },
  { "Nottingham", "NG", 11, 892, "Nottingham", 10 },
  { "Shrewsbury", "SY", 13, 893, "Shropshire", 11 },
  { "Telford", "TF", 11, 894, "Telford and Wrekin", 6 },
  { "Crewe", "CW", 12, 895, "Cheshire East", 11 },
  { "Chester", "CH", 4, 896, "Cheshire West and Chester", 10 },
  { "Truro", "TR", 27, 908, "Cornwall", 19 },
  { "Carlisle", "CA", 28, 909, "Cumbria", 17 },
  { "Gloucester", "GL", 20, 916, "Gloucestershire", 19 },
  { "St Albans", "AL", 10, 919, "Hertfordshire", 31 },
  { "Newport", "PO", 41, 921, "Isle of Wight", 5 },
  { "Lincoln", "LN", 13, 925, "Lincolnshire", 23 },
  { "Norwich", "NR", 35, 926, "Norfolk", 26 },
  { "Northampton", "NN", 18, 928, "Northamptonshire", 20 },
  { "Morpeth", "NE", 65, 929, "Northumberland", 10 },
  { "Oxford", "OX", 49, 931, "Oxfordshire", 18 },
  { "Taunton", "TA", 24, 933, "Somerset", 17 },
  { "Ipswich", "IP", 33, 935, "Suffolk", 20 },
  { "Guildford", "GU", 35, 936, "Surrey", 25 },
  { "Warwick", "CV", 47, 937, "Warwickshire", 16 },
  { "Chichester", "PO", 22, 938, "West Sussex", 19 },
  { "Cardiff", "CF", 24, 681, "Cardiff", 9, TRUE },
  { "Swansea", "SA", 9, 670, "Swansea", 7, TRUE },
  { "Caernarfon", "LL", 55, 661, "Gwynedd", 6, TRUE },
  { "Aberystwyth", "SY", 23, 667, "Ceredigion", 3, TRUE },
};

static const char * const name_starts[] = {
  "Oak", "Ash", "Beech", "Elm", "Birch", "Hazel", "Holly", "Maple", "Willow", "Rose",
  "Lark", "Kings", "Queens", "Church", "Mill", "Brook", "Green", "High", "Fair", "West",
  "East", "North", "South", "Spring", "Wood", "Bridge", "Stone", "Park", "Hill", "Meadow",
  "Heath", "Moor", "Manor", "Orchard", "Red", "White", "Black", "Thorn", "Cherry", "Ever",
};

static const char * const name_ends[] = {
  "field", "wood", "mead", "brook", "side", "gate", "lands", "hill", "bank", "dale",
  "croft", "way", "hurst", "leigh", "ton", "well", "grove", "ley", "combe", "lea",
};

static const char * const saints[] = {
  "Mary", "John", "Joseph", "Peter", "Paul", "Michael", "Anne", "Andrew", "George",
  "Thomas", "Francis", "Patrick", "Bernadette", "Margaret", "Catherine", "Edmund",
  "Augustine", "Bede", "Chad", "Hilda", "Cuthbert", "Teresa", "Matthew", "Mark", "Luke",
  "James", "Stephen", "Nicholas", "Lawrence", "Alban", "Wilfrid", "Aidan", "Oswald",
  "Helen", "Bartholomew", "Gregory", "Dominic", "Benedict", "Bride", "Clare",
};

static const char * const welsh_names[] = {
  "Bro Morgannwg", "Y Wern", "Pen y Garth", "Glan Morfa", "Llanishen Fach", "Melin Gruffydd",
  "Treganna", "Y Berllan Deg", "Pwll Coch", "Nant Caerau", "Awel y Môr", "Bryn Tawe",
  "Gellionnen", "Tan-y-lan", "Llwyncelyn", "Cae'r Nant", "Pen-y-bryn", "Tŷ Coch",
};

static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

typedef struct
{
  const char *phase;
  const char *type;
  guint       number_base;
} SchoolKind;

static char *
generate_place_name (GRand          *rand,
                     const TownInfo *town)
{
  if (g_rand_int_range (rand, 0, 9) == 0)
    return g_strdup (town->town);

  return g_strconcat (name_starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_starts))],
                      name_ends[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_ends))],
                      NULL);
}

/* What stands for "@" in a name rule's pattern. */
typedef enum
{
  FILL_PLACE,
  FILL_SAINT,
  FILL_TOWN,
  FILL_PLACE_AND_STAGE,        /* "Oakfield Infant" or "Oakfield Junior" */
  FILL_PLACE_AND_INDEPENDENT,  /* "Oakfield House School", "… Preparatory School", "… College" */
  FILL_FEDERATION,             /* "Oakfield & Ashby" */
} NameFill;

/* The names of English schools, by how often each kind occurs: a rule
 * applies to a roll of 0 to 99 below its bound and above the previous one. */
typedef struct
{
  guint       below;
  const char *pattern;
  NameFill    fill;
  SchoolKind  kind;
} NameRule;

static const NameRule name_rules[] = {
  { 24, "@ Primary School", FILL_PLACE, { "Primary", "Community school", 2000 } },
  { 30, "@ Primary Academy", FILL_PLACE, { "Primary", "Academy converter", 2000 } },
  { 35, "@ School", FILL_PLACE_AND_STAGE, { "Primary", "Community school", 2000 } },
  { 42, "@ Church of England Primary School", FILL_PLACE, { "Primary", "Voluntary controlled school", 3000 } },
  { 48, "St @'s Catholic Primary School", FILL_SAINT, { "Primary", "Voluntary aided school", 3300 } },
  { 52, "St @'s CofE Primary School", FILL_SAINT, { "Primary", "Voluntary aided school", 3500 } },
  { 55, "@ Community Primary School", FILL_PLACE, { "Primary", "Foundation school", 2000 } },
  { 57, "@ Free School", FILL_PLACE, { "Primary", "Free schools", 2000 } },
  { 62, "@ Academy", FILL_PLACE, { "Secondary", "Academy converter", 4000 } },
  { 66, "@ High School", FILL_PLACE, { "Secondary", "Community school", 4000 } },
  { 69, "The @ School", FILL_PLACE, { "Secondary", "Academy sponsor led", 4000 } },
  { 71, "@ Community College", FILL_PLACE, { "Secondary", "Foundation school", 5400 } },
  { 72, "@ Grammar School", FILL_PLACE, { "Secondary", "Academy converter", 5400 } },
  { 74, "St @'s Catholic High School", FILL_SAINT, { "Secondary", "Voluntary aided school", 4600 } },
  { 77, "@ Nursery School", FILL_PLACE, { "Nursery", "Local authority nursery school", 1000 } },
  { 83, "@ School", FILL_PLACE, { "Not applicable", "Community special school", 7000 } },
  { 91, "@", FILL_PLACE_AND_INDEPENDENT, { "Not applicable", "Other independent school", 6000 } },
  { 93, "@ Sixth Form College", FILL_TOWN, { "16 plus", "Academy 16-19 converter", 4900 } },
  { 95, "@ Park Academy", FILL_PLACE, { "All-through", "Academy sponsor led", 4100 } },
  { 97, "@ Pupil Referral Unit", FILL_TOWN, { "Not applicable", "Pupil referral unit", 1100 } },
  { 98, "École Française de @", FILL_TOWN, { "Primary", "Other independent school", 6000 } },
  { 100, "@ Federation Primary School", FILL_FEDERATION, { "Primary", "Academy converter", 2000 } },
};

static char *
fill_name (const NameRule *rule,
           GRand          *rand,
           const TownInfo *town,
           const char     *place,
           const char     *saint,
           guint           roll)
{
  g_autofree char *filling = NULL;
  const char *at = strchr (rule->pattern, '@');

  switch (rule->fill)
    {
    case FILL_PLACE:
      filling = g_strdup (place);
      break;
    case FILL_SAINT:
      filling = g_strdup (saint);
      break;
    case FILL_TOWN:
      filling = g_strdup (town->town);
      break;
    case FILL_PLACE_AND_STAGE:
      filling = g_strconcat (place, roll % 2 ? " Infant" : " Junior", NULL);
      break;
    case FILL_PLACE_AND_INDEPENDENT:
      filling = g_strconcat (place, roll % 3 == 0 ? " House School" :
                             roll % 3 == 1 ? " Preparatory School" : " College", NULL);
      break;
    case FILL_FEDERATION:
    default:
      filling = g_strconcat (place, " & ",
                             name_starts[g_rand_int_range (rand, 0, G_N_ELEMENTS (name_starts))], NULL);
      break;
    }

  return g_strdup_printf ("%.*s%s%s", (int)(at - rule->pattern), rule->pattern, filling, at + 1);
}

static char *
generate_name (GRand          *rand,
               const TownInfo *town,
               SchoolKind     *kind)
{
  g_autofree char *place = generate_place_name (rand, town);
  const char *saint = saints[g_rand_int_range (rand, 0, G_N_ELEMENTS (saints))];
  guint roll = g_rand_int_range (rand, 0, 100);
  guint i = 0;

  if (town->welsh && roll < 45)
    {
      const char *welsh = welsh_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (welsh_names))];

      if (roll < 30)
        {
          *kind = (SchoolKind) { "Primary", "Community school", 2000 };
          return g_strdup_printf ("Ysgol Gynradd %s", welsh);
        }
      *kind = (SchoolKind) { "Secondary", "Community school", 4000 };
      return g_strdup_printf ("Ysgol Gyfun Gymraeg %s", welsh);
    }

  while (roll >= name_rules[i].below && i + 1 < G_N_ELEMENTS (name_rules))
    i++;

  *kind = name_rules[i].kind;
  return fill_name (&name_rules[i], rand, town, place, saint, roll);
}

static char *
generate_postcode (GRand          *rand,
                   const TownInfo *town)
{
  return g_strdup_printf ("%s%u %u%c%c",
                          town->area,
                          (guint)g_rand_int_range (rand, 1, town->districts + 1),
                          (guint)g_rand_int_range (rand, 0, 10),
                          inward_letters[g_rand_int_range (rand, 0, sizeof inward_letters - 1)],
                          inward_letters[g_rand_int_range (rand, 0, sizeof inward_letters - 1)]);
}

OnboardSandboxDirectory *
onboard_sandbox_directory_new_generated (guint   n_open,
                                         guint   n_closed,
                                         guint32 seed)
{
  g_autoptr(OnboardSandboxDirectory) self = g_object_new (ONBOARD_TYPE_SANDBOX_DIRECTORY, NULL);
  g_autoptr(GHashTable) used_numbers = g_hash_table_new (NULL, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint total_weight = 0;
  guint english_urn = 100000;
  guint welsh_urn = 400000;
  guint total = n_open + n_closed;

  self->format = ONBOARD_SANDBOX_DIRECTORY_FORMAT_GENERATED;

  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    total_weight += towns[i].weight;

  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *postcode = NULL;
      g_autofree char *urn = NULL;
      g_autofree char *laestab = NULL;
      const TownInfo *town = NULL;
      OnboardSandboxSchool school = { 0 };
      SchoolKind kind;
      guint pick = g_rand_int_range (rand, 0, total_weight);
      guint number;
      guint *next_urn;

      for (guint t = 0; t < G_N_ELEMENTS (towns); t++)
        {
          if (pick < towns[t].weight)
            {
              town = &towns[t];
              break;
            }
          pick -= towns[t].weight;
        }
      g_assert (town != NULL);

      name = generate_name (rand, town, &kind);
      postcode = generate_postcode (rand, town);

      next_urn = town->welsh ? &welsh_urn : &english_urn;
      *next_urn += 1 + g_rand_int_range (rand, 0, 2);
      urn = g_strdup_printf ("%06u", *next_urn);

      number = kind.number_base + g_rand_int_range (rand, 0, 300);
      while (g_hash_table_contains (used_numbers, GUINT_TO_POINTER (town->la_code * 10000 + number)))
        number = number % 10000 == 9999 ? kind.number_base : number + 1;
      g_hash_table_add (used_numbers, GUINT_TO_POINTER (town->la_code * 10000 + number));
      laestab = g_strdup_printf ("%03u%04u", town->la_code, number);

      school.urn = urn;
      school.laestab = laestab;
      school.name = name;
      school.town = town->town;
      school.postcode = postcode;
      school.la_name = town->la_name;
      school.phase = kind.phase;
      school.establishment_type = kind.type;
      /* Spread the closed ones through the list, as in a real download. */
      school.open = (guint64)(i + 1) * n_open / total != (guint64)i * n_open / total;

      add_school (self, &school);
    }

  return g_steal_pointer (&self);
}

OnboardSandboxDirectory *
onboard_sandbox_directory_dup_default (void)
{
  static OnboardSandboxDirectory *shared;

  if (g_once_init_enter (&shared))
    {
      OnboardSandboxDirectory *directory = onboard_sandbox_directory_new_generated (30000, 2400, 20220701);

      g_once_init_leave (&shared, directory);
    }

  return g_object_ref (shared);
}

/* Accessors */

OnboardSandboxDirectoryFormat
onboard_sandbox_directory_get_format (OnboardSandboxDirectory *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), 0);

  return self->format;
}

guint
onboard_sandbox_directory_get_n_schools (OnboardSandboxDirectory *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), 0);

  return self->schools->len;
}

guint
onboard_sandbox_directory_get_n_open (OnboardSandboxDirectory *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), 0);

  return self->n_open;
}

guint
onboard_sandbox_directory_get_n_skipped (OnboardSandboxDirectory *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), 0);

  return self->n_skipped;
}

const OnboardSandboxSchool *
onboard_sandbox_directory_get_school (OnboardSandboxDirectory *self,
                                      guint                    position)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), NULL);
  g_return_val_if_fail (position < self->schools->len, NULL);

  return &g_array_index (self->schools, OnboardSandboxSchool, position);
}

const OnboardSandboxSchool *
onboard_sandbox_directory_lookup (OnboardSandboxDirectory *self,
                                  const char              *urn)
{
  guint position;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), NULL);

  if (urn == NULL)
    return NULL;

  position = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_urn, urn));
  if (position == 0)
    return NULL;

  return &g_array_index (self->schools, OnboardSandboxSchool, position - 1);
}

/* Bodies */

static void
append_json_string (GString    *out,
                    const char *value)
{
  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
  g_string_append_c (out, '"');
}

static void
append_school (GString                    *out,
               const OnboardSandboxSchool *school)
{
  g_string_append (out, "{\"urn\":");
  append_json_string (out, school->urn);
  g_string_append (out, ",\"laestab\":");
  append_json_string (out, school->laestab);
  g_string_append (out, ",\"name\":");
  append_json_string (out, school->name);
  g_string_append (out, ",\"town\":");
  append_json_string (out, school->town);
  g_string_append (out, ",\"postcode\":");
  append_json_string (out, school->postcode);
  g_string_append (out, ",\"la_name\":");
  append_json_string (out, school->la_name);
  g_string_append (out, ",\"phase\":");
  append_json_string (out, school->phase);
  g_string_append (out, ",\"establishment_type\":");
  append_json_string (out, school->establishment_type);
  g_string_append (out, school->open ? ",\"status\":\"open\"}" : ",\"status\":\"closed\"}");
}

JsonNode *
onboard_sandbox_school_to_json (const OnboardSandboxSchool *school)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (school != NULL, NULL);

  append_school (out, school);
  return json_from_string (out->str, NULL);
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *in = g_bytes_get_data (bytes, NULL);
  gsize in_left = g_bytes_get_size (bytes);
  guint8 buffer[64 * 1024];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize read = 0;
      gsize written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor),
                                    in, in_left, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END,
                                    &read, &written, &error);
      if (result == G_CONVERTER_ERROR)
        g_error ("Compressing the school list failed: %s", error->message);

      in += read;
      in_left -= read;
      g_byte_array_append (out, buffer, written);

      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
build_body (OnboardSandboxDirectory *self,
            gboolean                 include_closed)
{
  g_autoptr(GString) out = g_string_sized_new (self->schools->len * 220);
  g_autofree char *checksum = NULL;
  gboolean first = TRUE;
  GBytes *bytes;

  g_string_append_c (out, '[');
  for (guint i = 0; i < self->schools->len; i++)
    {
      const OnboardSandboxSchool *school = &g_array_index (self->schools, OnboardSandboxSchool, i);

      if (!school->open && !include_closed)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_school (out, school);
    }
  g_string_append (out, "]\n");

  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)out->str, out->len);
  bytes = g_string_free_to_bytes (g_steal_pointer (&out));

  self->etag[include_closed] = g_strdup_printf ("\"%.32s\"", checksum);
  self->gzip_body[include_closed] = gzip_bytes (bytes);
  self->body[include_closed] = bytes;
}

/**
 * onboard_sandbox_directory_get_body:
 * @include_closed: whether closed schools are listed too
 * @gzip: whether to return the gzip-compressed body
 * @etag: (out) (optional): the body's entity tag, the same for both encodings
 *
 * Returns: (transfer full): the JSON array of schools the contract describes
 */
GBytes *
onboard_sandbox_directory_get_body (OnboardSandboxDirectory  *self,
                                    gboolean                  include_closed,
                                    gboolean                  gzip,
                                    const char              **etag)
{
  GBytes *bytes;

  g_return_val_if_fail (ONBOARD_IS_SANDBOX_DIRECTORY (self), NULL);

  include_closed = !!include_closed;

  g_mutex_lock (&self->body_lock);
  if (self->body[include_closed] == NULL)
    build_body (self, include_closed);
  bytes = g_bytes_ref (gzip ? self->gzip_body[include_closed] : self->body[include_closed]);
  if (etag != NULL)
    *etag = self->etag[include_closed];
  g_mutex_unlock (&self->body_lock);

  return bytes;
}
