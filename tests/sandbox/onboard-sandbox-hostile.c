/* onboard-sandbox-hostile.c: answers that a misbehaving service, a proxy
 * or a captive portal could send, for proving the client
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <zlib.h>

#include "onboard-sandbox-private.h"
#include "onboard-sandbox-faults.h"

/* A hostile fault lets the endpoint do its work first (a sign-up is made,
 * an invitation sent), then spoils the answer on its way out: that is what
 * proves a client keeps its Idempotency-Key when the request may have taken
 * effect. The answer stored for replay is the real one, so a retry with
 * the same key gets it. Only a Retry-After fault that names a status
 * answers instead of the endpoint, as a gateway would.
 *
 * The answers that no well-behaved HTTP server can send (a body longer or
 * shorter than its Content-Length, a body that never ends or drips, a
 * compression bomb) are written by hand on the connection taken from
 * libsoup, which then has no part in it. */

typedef struct
{
  const char           *name;
  OnboardSandboxHostile kind;
} HostileName;

static const HostileName hostile_names[] = {
  { "gzip_bomb", ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB },
  { "deflate_bomb", ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB },
  { "length_longer", ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER },
  { "length_shorter", ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER },
  { "endless_chunked", ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED },
  { "slow_drip", ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP },
  { "deep_nesting", ONBOARD_SANDBOX_HOSTILE_DEEP_NESTING },
  { "captive_portal", ONBOARD_SANDBOX_HOSTILE_CAPTIVE_PORTAL },
  { "markup_strings", ONBOARD_SANDBOX_HOSTILE_MARKUP_STRINGS },
  { "no_refresh_token", ONBOARD_SANDBOX_HOSTILE_NO_REFRESH_TOKEN },
  { "retry_after_huge", ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_HUGE },
  { "retry_after_negative", ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_NEGATIVE },
  { "retry_after_date", ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_DATE },
  { "retry_after_far_future", ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_FAR_FUTURE },
  { "unknown_enums", ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS },
  { "server_error", ONBOARD_SANDBOX_HOSTILE_SERVER_ERROR },
};

/* Nesting far beyond any parser's sense of proportion. */
#define DEEP_NESTING_DEPTH 100000

/* The bombs: 1 GiB of JSON ("[", spaces, "]") in 1 MiB pieces. */
#define BOMB_PIECE_SIZE    (1024 * 1024)
#define BOMB_PIECES        1024

/* Written into every string by markup_strings: Pango markup, an entity,
 * control characters, an escape sequence and a right-to-left override. */
#define MARKUP_SUFFIX " <b>bold</b> & <span foreground=\"red\">&amp;</span> <i \x01\x07\x1b[31m\x7f\xe2\x80\xae"

#define UNKNOWN_ENUM_VALUE "hostile_value_from_a_newer_service"

const char *
onboard_sandbox_hostile_to_string (OnboardSandboxHostile kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_names); i++)
    if (hostile_names[i].kind == kind)
      return hostile_names[i].name;

  return NULL;
}

OnboardSandboxHostile
onboard_sandbox_hostile_from_string (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (hostile_names); i++)
    if (strcmp (hostile_names[i].name, name) == 0)
      return hostile_names[i].kind;

  return ONBOARD_SANDBOX_HOSTILE_NONE;
}

static gboolean
is_retry_after (OnboardSandboxHostile kind)
{
  return kind == ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_HUGE ||
         kind == ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_NEGATIVE ||
         kind == ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_DATE ||
         kind == ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_FAR_FUTURE;
}

/**
 * onboard_sandbox_hostile_answers_first:
 *
 * Whether the fault answers instead of the endpoint: only a Retry-After
 * with a status of its own does (a 503 or a 429 from a gateway).
 */
gboolean
onboard_sandbox_hostile_answers_first (OnboardSandboxHostile kind,
                                       guint                 status)
{
  return is_retry_after (kind) && status != 0;
}

/* JSON rewriting ----------------------------------------------------------- */

static const char * const enum_members[] = {
  "status", "status_reason", "last_sync_status", "mis_provider", "method",
  "reason", "assembly", "schoolbooking", "token_type",
};

static void rewrite_node (JsonNode              *node,
                          OnboardSandboxHostile  kind);

static void
rewrite_object (JsonObject            *object,
                OnboardSandboxHostile  kind)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *member = json_object_get_member (object, name);

      if (kind == ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS &&
          JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING &&
          g_strv_contains (enum_members, name))
        {
          json_node_set_string (member, UNKNOWN_ENUM_VALUE);
          continue;
        }

      if (kind == ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS &&
          JSON_NODE_HOLDS_ARRAY (member) &&
          (g_str_equal (name, "apps") || g_str_equal (name, "connection_methods")))
        {
          json_array_add_string_element (json_node_get_array (member), UNKNOWN_ENUM_VALUE);
          continue;
        }

      rewrite_node (member, kind);
    }
}

static void
rewrite_node (JsonNode              *node,
              OnboardSandboxHostile  kind)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      rewrite_object (json_node_get_object (node), kind);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        rewrite_node (json_array_get_element (array, i), kind);
    }
  else if (kind == ONBOARD_SANDBOX_HOSTILE_MARKUP_STRINGS &&
           JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *value = g_strconcat (json_node_get_string (node), MARKUP_SUFFIX, NULL);

      json_node_set_string (node, value);
    }
}

static void
rewrite_json (OnboardSandboxRequest *request,
              OnboardSandboxHostile  kind)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  JsonNode *root;
  char *text;

  if (request->response == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (request->response, NULL),
                                   g_bytes_get_size (request->response), NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return;

  if (kind == ONBOARD_SANDBOX_HOSTILE_NO_REFRESH_TOKEN)
    {
      if (JSON_NODE_HOLDS_OBJECT (root))
        json_object_remove_member (json_node_get_object (root), "refresh_token");
    }
  else
    {
      rewrite_node (root, kind);
    }

  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));
  onboard_sandbox_respond (request, request->status, request->content_type, body);
}

/* The headers stored for replay are shared with the request: a spoiled
 * answer gets its own. */
static void
own_headers (OnboardSandboxRequest *request)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; request->headers != NULL && i < request->headers->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (request->headers, i)));

  g_clear_pointer (&request->headers, g_ptr_array_unref);
  request->headers = copy;
}

static void
set_retry_after (OnboardSandboxRequest *request,
                 const char            *value)
{
  own_headers (request);

  for (guint i = 0; i + 1 < request->headers->len; i += 2)
    if (g_ascii_strcasecmp (g_ptr_array_index (request->headers, i), "Retry-After") == 0)
      {
        g_ptr_array_remove_range (request->headers, i, 2);
        break;
      }

  onboard_sandbox_add_header (request, "Retry-After", value);
}

static char *
http_date_in (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, seconds);

  return soup_date_time_to_string (when, SOUP_DATE_HTTP);
}

static guint
spoilt_status (OnboardSandboxRequest *request,
               guint                  status)
{
  if (status != 0)
    return status;

  /* A 304 or a 204 has no body to spoil. */
  if (request->status == SOUP_STATUS_NOT_MODIFIED || request->status == SOUP_STATUS_NO_CONTENT ||
      request->status == 0)
    return SOUP_STATUS_OK;

  return request->status;
}

/* An object whose one member nests arrays DEEP_NESTING_DEPTH deep. */
static void
respond_deep_nesting (OnboardSandboxRequest *request,
                      guint                  status)
{
  GString *json = g_string_sized_new (2 * DEEP_NESTING_DEPTH);
  g_autoptr(GBytes) body = NULL;
  gsize length;

  g_string_append_c_inline (json, '{');
  g_string_append (json, "\"a\":");
  for (guint i = 1; i < DEEP_NESTING_DEPTH; i++)
    g_string_append_c (json, '[');
  for (guint i = 1; i < DEEP_NESTING_DEPTH; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  length = json->len;
  body = g_bytes_new_take (g_string_free (json, FALSE), length);
  onboard_sandbox_respond (request, spoilt_status (request, status), "application/json", body);
}

/* What a school's filtering appliance or a hotel's portal sends in place
 * of whatever was asked for. */
static void
respond_captive_portal (OnboardSandboxRequest *request)
{
  own_headers (request);
  g_ptr_array_set_size (request->headers, 0);
  onboard_sandbox_respond_html (request, SOUP_STATUS_OK,
                                g_strdup ("<!DOCTYPE html>\n<html><head><title>SchoolNet: sign in</title></head>\n"
                                          "<body><h1>This site is blocked</h1>\n"
                                          "<p>Sign in to SchoolNet Wi-Fi to continue, or ask your IT "
                                          "technician.</p><form action=\"/login\" method=\"post\">"
                                          "<input name=\"user\"><input name=\"password\" type=\"password\">"
                                          "</form></body></html>\n"));
}

/**
 * onboard_sandbox_hostile_apply:
 * @status: the fault's status, or 0 for the endpoint's own
 *
 * Spoils the answer the endpoint (or the fault) gave. Kinds that need the
 * wire itself set request->hostile for onboard_sandbox_hostile_write().
 */
void
onboard_sandbox_hostile_apply (OnboardSandbox        *self,
                               OnboardSandboxRequest *request,
                               OnboardSandboxHostile  kind,
                               guint                  status,
                               guint                  interval_ms)
{
  g_autofree char *value = NULL;

  switch (kind)
    {
    case ONBOARD_SANDBOX_HOSTILE_MARKUP_STRINGS:
    case ONBOARD_SANDBOX_HOSTILE_UNKNOWN_ENUMS:
    case ONBOARD_SANDBOX_HOSTILE_NO_REFRESH_TOKEN:
      rewrite_json (request, kind);
      break;

    case ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_HUGE:
      /* 2^64: more than 2^32, and more than 64 bits hold. */
      set_retry_after (request, "18446744073709551616");
      break;

    case ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_NEGATIVE:
      set_retry_after (request, "-120");
      break;

    case ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_DATE:
      value = http_date_in (120);
      set_retry_after (request, value);
      break;

    case ONBOARD_SANDBOX_HOSTILE_RETRY_AFTER_FAR_FUTURE:
      set_retry_after (request, "Fri, 31 Dec 9999 23:59:59 GMT");
      break;

    case ONBOARD_SANDBOX_HOSTILE_DEEP_NESTING:
      respond_deep_nesting (request, status);
      break;

    case ONBOARD_SANDBOX_HOSTILE_CAPTIVE_PORTAL:
      respond_captive_portal (request);
      break;

    case ONBOARD_SANDBOX_HOSTILE_SERVER_ERROR:
      /* The work is done, then the service falls over before answering. */
      own_headers (request);
      g_ptr_array_set_size (request->headers, 0);
      onboard_sandbox_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error",
                                     "Injected fault: failed after the work was done", NULL);
      break;

    case ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB:
    case ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB:
    case ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER:
    case ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER:
    case ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED:
    case ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP:
      request->hostile = kind;
      request->hostile_interval_ms = interval_ms > 0 ? interval_ms : 1000;
      request->status = spoilt_status (request, status);
      break;

    case ONBOARD_SANDBOX_HOSTILE_NONE:
    default:
      break;
    }
}

/* The bombs ----------------------------------------------------------------- */

typedef struct
{
  GBytes  *first;     /* "[" and spaces */
  GBytes  *middle;    /* spaces: the same bytes for every middle piece */
  GBytes  *last;      /* spaces and "]", ending the deflate stream */
  guint32  crc;       /* of the whole 1 GiB */
  guint32  adler;
} Bomb;

static GBytes *
deflate_piece (z_stream   *zs,
               const char *data,
               gsize       size,
               int         flush)
{
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[16384];

  zs->next_in = (Bytef *)data;
  zs->avail_in = size;

  do
    {
      zs->next_out = buffer;
      zs->avail_out = sizeof buffer;
      deflate (zs, flush);
      g_byte_array_append (out, buffer, sizeof buffer - zs->avail_out);
    }
  while (zs->avail_out == 0 || zs->avail_in > 0);

  return g_byte_array_free_to_bytes (out);
}

/* Made once, from three pieces of input: with a sync flush after each
 * MiB of spaces, every middle MiB compresses to the very same bytes, so
 * the server never holds, nor compresses, the gibibyte it sends. */
static const Bomb *
get_bomb (void)
{
  static Bomb bomb;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      g_autofree char *input = g_malloc (BOMB_PIECE_SIZE);
      z_stream zs = { 0 };
      guint32 crc_middle, adler_middle;

      deflateInit2 (&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);

      memset (input, ' ', BOMB_PIECE_SIZE);
      input[0] = '[';
      bomb.first = deflate_piece (&zs, input, BOMB_PIECE_SIZE, Z_SYNC_FLUSH);
      bomb.crc = crc32 (crc32 (0, NULL, 0), (Bytef *)input, BOMB_PIECE_SIZE);
      bomb.adler = adler32 (adler32 (0, NULL, 0), (Bytef *)input, BOMB_PIECE_SIZE);

      input[0] = ' ';
      bomb.middle = deflate_piece (&zs, input, BOMB_PIECE_SIZE, Z_SYNC_FLUSH);
      crc_middle = crc32 (crc32 (0, NULL, 0), (Bytef *)input, BOMB_PIECE_SIZE);
      adler_middle = adler32 (adler32 (0, NULL, 0), (Bytef *)input, BOMB_PIECE_SIZE);
      for (guint i = 1; i < BOMB_PIECES - 1; i++)
        {
          bomb.crc = crc32_combine (bomb.crc, crc_middle, BOMB_PIECE_SIZE);
          bomb.adler = adler32_combine (bomb.adler, adler_middle, BOMB_PIECE_SIZE);
        }

      input[BOMB_PIECE_SIZE - 1] = ']';
      bomb.last = deflate_piece (&zs, input, BOMB_PIECE_SIZE, Z_FINISH);
      bomb.crc = crc32 (bomb.crc, (Bytef *)input, BOMB_PIECE_SIZE);
      bomb.adler = adler32 (bomb.adler, (Bytef *)input, BOMB_PIECE_SIZE);

      deflateEnd (&zs);
      g_once_init_leave (&made, 1);
    }

  return &bomb;
}

static GBytes *
bomb_header (gboolean gzip)
{
  static const guint8 gzip_header[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  static const guint8 zlib_header[] = { 0x78, 0xda };

  return gzip ? g_bytes_new_static (gzip_header, sizeof gzip_header)
              : g_bytes_new_static (zlib_header, sizeof zlib_header);
}

static GBytes *
bomb_trailer (gboolean gzip)
{
  const Bomb *bomb = get_bomb ();
  guint8 trailer[8];
  guint32 size = (guint32)((guint64)BOMB_PIECE_SIZE * BOMB_PIECES);

  if (gzip)
    {
      for (guint i = 0; i < 4; i++)
        {
          trailer[i] = (bomb->crc >> (8 * i)) & 0xff;
          trailer[4 + i] = (size >> (8 * i)) & 0xff;
        }
      return g_bytes_new (trailer, 8);
    }

  for (guint i = 0; i < 4; i++)
    trailer[i] = (bomb->adler >> (24 - 8 * i)) & 0xff;
  return g_bytes_new (trailer, 4);
}

static gsize
bomb_size (gboolean gzip)
{
  const Bomb *bomb = get_bomb ();

  return (gzip ? 10 + 8 : 2 + 4) +
         g_bytes_get_size (bomb->first) +
         (BOMB_PIECES - 2) * g_bytes_get_size (bomb->middle) +
         g_bytes_get_size (bomb->last);
}

/* Writing by hand -------------------------------------------------------------- */

struct _OnboardSandboxRawWriter
{
  OnboardSandbox        *sandbox;      /* NULL once it is disposed */
  OnboardSandboxHostile  kind;
  GIOStream             *stream;
  GCancellable          *cancellable;
  GMainContext          *context;
  GBytes                *body;
  GBytes                *pending;
  GSource               *drip_source;
  gsize                  offset;
  guint                  piece;
  guint                  interval_ms;
  gboolean               writing;
};

static void write_next (OnboardSandboxRawWriter *writer);

static void
raw_writer_free (OnboardSandboxRawWriter *writer)
{
  if (writer->sandbox != NULL)
    g_hash_table_remove (writer->sandbox->raw_writers, writer);

  if (writer->drip_source != NULL)
    {
      g_source_destroy (writer->drip_source);
      g_clear_pointer (&writer->drip_source, g_source_unref);
    }

  /* Closing a socket is immediate; nothing is left to wait for. */
  if (writer->stream != NULL)
    g_io_stream_close (writer->stream, NULL, NULL);

  g_clear_object (&writer->stream);
  g_clear_object (&writer->cancellable);
  g_clear_pointer (&writer->context, g_main_context_unref);
  g_clear_pointer (&writer->body, g_bytes_unref);
  g_clear_pointer (&writer->pending, g_bytes_unref);
  g_free (writer);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OnboardSandboxRawWriter *writer = user_data;
  g_autoptr(GError) error = NULL;

  writer->writing = FALSE;
  g_clear_pointer (&writer->pending, g_bytes_unref);

  /* The client went away (as it should, sooner or later), or the server
   * is being disposed. */
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error) ||
      g_cancellable_is_cancelled (writer->cancellable))
    {
      raw_writer_free (writer);
      return;
    }

  write_next (writer);
}

static void
write_bytes (OnboardSandboxRawWriter *writer,
             GBytes                  *bytes)
{
  gsize size;
  gconstpointer data;

  writer->pending = bytes;
  writer->writing = TRUE;
  data = g_bytes_get_data (bytes, &size);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (writer->stream),
                                   data, size, G_PRIORITY_DEFAULT, writer->cancellable,
                                   written_cb, writer);
}

static gboolean
drip_cb (gpointer user_data)
{
  OnboardSandboxRawWriter *writer = user_data;

  g_clear_pointer (&writer->drip_source, g_source_unref);
  write_bytes (writer, g_bytes_new_from_bytes (writer->body, writer->offset++, 1));

  return G_SOURCE_REMOVE;
}

static void
write_next (OnboardSandboxRawWriter *writer)
{
  gsize body_size = writer->body != NULL ? g_bytes_get_size (writer->body) : 0;
  guint piece = writer->piece++;

  switch (writer->kind)
    {
    case ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER:
    case ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER:
      if (piece == 0)
        {
          write_bytes (writer, g_bytes_ref (writer->body));
          return;
        }
      break;

    case ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP:
      if (writer->offset < body_size)
        {
          writer->drip_source = g_timeout_source_new (writer->interval_ms);
          g_source_set_name (writer->drip_source, "[onboard-sandbox] drip");
          g_source_set_callback (writer->drip_source, drip_cb, writer, NULL);
          g_source_attach (writer->drip_source, writer->context);
          return;
        }
      break;

    case ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED:
      {
        GString *chunk = g_string_new (NULL);
        gsize length;

        if (piece == 0)
          g_string_append (chunk, "1\r\n[\r\n");
        /* One 16 KiB chunk of array elements at a time, for ever. */
        g_string_append_printf (chunk, "%x\r\n", 16 * 1024);
        for (guint i = 0; i < 16 * 1024 / 16; i++)
          g_string_append (chunk, "\"hostile_data\", ");
        g_string_append (chunk, "\r\n");
        length = chunk->len;
        write_bytes (writer, g_bytes_new_take (g_string_free (chunk, FALSE), length));
      }
      return;

    case ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB:
    case ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB:
      {
        gboolean gzip = writer->kind == ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB;
        const Bomb *bomb = get_bomb ();

        if (piece == 0)
          write_bytes (writer, bomb_header (gzip));
        else if (piece == 1)
          write_bytes (writer, g_bytes_ref (bomb->first));
        else if (piece < BOMB_PIECES)
          write_bytes (writer, g_bytes_ref (bomb->middle));
        else if (piece == BOMB_PIECES)
          write_bytes (writer, g_bytes_ref (bomb->last));
        else if (piece == BOMB_PIECES + 1)
          write_bytes (writer, bomb_trailer (gzip));
        else
          break;
      }
      return;

    case ONBOARD_SANDBOX_HOSTILE_NONE:
    default:
      break;
    }

  /* All written: a body cut short ends here, as when a proxy drops it. */
  raw_writer_free (writer);
}

static void
append_framing (GString               *head,
                OnboardSandboxHostile  kind,
                gsize                  body_size)
{
  switch (kind)
    {
    case ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER:
      g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_size + 1000);
      break;

    case ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER:
      g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_size / 2);
      break;

    case ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP:
      g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_size);
      break;

    case ONBOARD_SANDBOX_HOSTILE_ENDLESS_CHUNKED:
      g_string_append (head, "Transfer-Encoding: chunked\r\n");
      break;

    case ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB:
    case ONBOARD_SANDBOX_HOSTILE_DEFLATE_BOMB:
      g_string_append_printf (head, "Content-Encoding: %s\r\n",
                              kind == ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB ? "gzip" : "deflate");
      g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
                              bomb_size (kind == ONBOARD_SANDBOX_HOSTILE_GZIP_BOMB));
      break;

    case ONBOARD_SANDBOX_HOSTILE_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* The status line and headers of a hostile answer: the endpoint's own,
 * with the framing the fault makes up. */
static void
append_head (GString               *head,
             OnboardSandboxRequest *request,
             const char            *request_id,
             OnboardSandboxHostile  kind,
             gsize                  body_size)
{
  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", request->status,
                          soup_status_get_phrase (request->status));
  g_string_append (head, "Connection: close\r\n");
  if (request_id != NULL)
    g_string_append_printf (head, "X-Request-Id: %s\r\n", request_id);
  g_string_append_printf (head, "Content-Type: %s\r\n",
                          request->content_type ? request->content_type : "application/json");
  for (guint i = 0; request->headers != NULL && i + 1 < request->headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (request->headers, i);

      /* The framing is this fault's own. The endpoint's compression (the
       * directory is served gzip when asked) stays with the body it
       * compressed, and goes where the body is replaced. */
      if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
          g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
          g_ascii_strcasecmp (name, "Connection") == 0 ||
          g_ascii_strcasecmp (name, "Content-Type") == 0 ||
          (g_ascii_strcasecmp (name, "Content-Encoding") == 0 &&
           kind != ONBOARD_SANDBOX_HOSTILE_LENGTH_LONGER &&
           kind != ONBOARD_SANDBOX_HOSTILE_LENGTH_SHORTER &&
           kind != ONBOARD_SANDBOX_HOSTILE_SLOW_DRIP))
        continue;

      g_string_append_printf (head, "%s: %s\r\n", name,
                              (const char *)g_ptr_array_index (request->headers, i + 1));
    }

  append_framing (head, kind, body_size);
  g_string_append (head, "\r\n");
}

/**
 * onboard_sandbox_hostile_write:
 *
 * Takes the connection from libsoup and writes the answer to it by hand,
 * then closes it; every answer says "Connection: close", so no client
 * reads what follows as another answer.
 */
void
onboard_sandbox_hostile_write (OnboardSandbox        *self,
                               OnboardSandboxRequest *request)
{
  OnboardSandboxRawWriter *writer;
  const char *request_id = soup_message_headers_get_one (soup_server_message_get_response_headers (request->msg),
                                                         "X-Request-Id");
  g_autoptr(GString) head = g_string_new (NULL);
  GBytes *body = request->response;
  gsize body_size = body != NULL ? g_bytes_get_size (body) : 0;
  gsize length;

  writer = g_new0 (OnboardSandboxRawWriter, 1);
  writer->kind = request->hostile;
  writer->interval_ms = request->hostile_interval_ms;
  writer->cancellable = g_object_ref (self->raw_cancellable);
  writer->context = self->context ? g_main_context_ref (self->context) : g_main_context_ref_thread_default ();

  if (body == NULL || body_size == 0)
    writer->body = g_bytes_new_static ("{}", 2);
  else
    writer->body = g_bytes_ref (body);
  body_size = g_bytes_get_size (writer->body);

  append_head (head, request, request_id, writer->kind, body_size);

  writer->stream = soup_server_message_steal_connection (request->msg);
  if (writer->stream == NULL)
    {
      raw_writer_free (writer);
      return;
    }

  writer->sandbox = self;
  g_hash_table_add (self->raw_writers, writer);

  length = head->len;
  write_bytes (writer, g_bytes_new_take (g_string_free (g_steal_pointer (&head), FALSE), length));
}

/**
 * onboard_sandbox_hostile_dispose:
 *
 * Stops every answer still being written. One waiting for its write to
 * finish frees itself when the write comes back cancelled.
 */
void
onboard_sandbox_hostile_dispose (OnboardSandbox *self)
{
  GHashTableIter iter;
  gpointer key;

  g_cancellable_cancel (self->raw_cancellable);

  g_hash_table_iter_init (&iter, self->raw_writers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      OnboardSandboxRawWriter *writer = key;

      writer->sandbox = NULL;
      g_hash_table_iter_remove (&iter);

      if (!writer->writing)
        raw_writer_free (writer);
    }
}

guint
onboard_sandbox_get_hostile_count (OnboardSandbox *self)
{
  g_return_val_if_fail (ONBOARD_IS_SANDBOX (self), 0);

  return g_hash_table_size (self->raw_writers);
}
