/* onboard-sandbox-directory.c: the schools the server knows, and the
 * bodies of GET /schools
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "onboard-sandbox-directory.h"
#include "onboard-sandbox-directory-private.h"

#include <gio/gio.h>
#include <string.h>

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

/* Copies @school in, unless its URN is there already.
 *
 * Returns: whether it was added */
gboolean
onboard_sandbox_directory_add_school (OnboardSandboxDirectory    *self,
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
