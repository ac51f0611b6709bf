/* onboard-progress.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onboard-progress"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "onboard-client.h"
#include "onboard-progress.h"
#include "onboard-validators.h"

#define FILE_VERSION 1
/* A real file is well under 4 KiB; anything this big is not ours. */
#define MAX_FILE_SIZE (1024 * 1024)
#define MAX_APPS 16

typedef enum
{
  CHECK_TEXT,   /* printable UTF-8 up to a length */
  CHECK_ID,     /* printable, no white space, up to a length */
  CHECK_TOKEN,  /* [a-z0-9_-], 1 to 64 characters: ids like "sims" */
  CHECK_URN,
} Check;

typedef enum
{
  FIELD_EMAIL,
  FIELD_SIGNUP_ID,
  FIELD_SCHOOL_URN,
  FIELD_SCHOOL_NAME,
  FIELD_MIS_PROVIDER,
  FIELD_REGISTRATION_ID,
  FIELD_CONNECTOR_ID,
  FIELD_CONNECTOR_STATUS,
  FIELD_INVITE_CODE,
  N_FIELDS
} Field;

enum {
  PROP_0,
  PROP_SERVICE_URL,
  PROP_PATH,
  PROP_UPDATED_AT,
  PROP_STEP,
  PROP_APPS,
  PROP_EMAIL,
  PROP_SIGNUP_ID,
  PROP_SCHOOL_URN,
  PROP_SCHOOL_NAME,
  PROP_MIS_PROVIDER,
  PROP_REGISTRATION_ID,
  PROP_CONNECTOR_ID,
  PROP_CONNECTOR_STATUS,
  PROP_INVITE_CODE,
  N_PROPS
};

static const struct {
  const char *member;
  guint       prop_id;
  Check       check;
  gsize       max_len;
} fields[N_FIELDS] = {
  [FIELD_EMAIL]            = { "email", PROP_EMAIL, CHECK_TEXT, 320 },
  [FIELD_SIGNUP_ID]        = { "signup_id", PROP_SIGNUP_ID, CHECK_ID, 256 },
  [FIELD_SCHOOL_URN]       = { "school_urn", PROP_SCHOOL_URN, CHECK_URN, 6 },
  [FIELD_SCHOOL_NAME]      = { "school_name", PROP_SCHOOL_NAME, CHECK_TEXT, 512 },
  [FIELD_MIS_PROVIDER]     = { "mis_provider", PROP_MIS_PROVIDER, CHECK_TOKEN, 64 },
  [FIELD_REGISTRATION_ID]  = { "registration_id", PROP_REGISTRATION_ID, CHECK_ID, 256 },
  [FIELD_CONNECTOR_ID]     = { "connector_id", PROP_CONNECTOR_ID, CHECK_ID, 256 },
  /* Text, not a token: a status this version does not know is kept as
   * onboard_connector_escape_status() gives it, for support to read. */
  [FIELD_CONNECTOR_STATUS] = { "connector_status", PROP_CONNECTOR_STATUS, CHECK_TEXT, 128 },
  [FIELD_INVITE_CODE]      = { "invite_code", PROP_INVITE_CODE, CHECK_TEXT, 64 },
};

/* What one service's entry holds: what is read from the file before it is
 * applied, and what is written. */
typedef struct
{
  guint       step;
  char      **apps;
  char       *strings[N_FIELDS];
  GDateTime  *updated_at;
} Snapshot;

struct _OnboardProgress
{
  GObject      parent_instance;

  char        *service_url;
  char        *path;
  char        *recovery_message;

  Snapshot     state;

  guint        save_source;
  /* Bumped by every change; a write carries the generation it saves. */
  guint64      generation;
  guint        write_count;

  /* Under the file lock. Writes run in worker threads and may finish out
   * of order: one older than what is already on disk (or than a reset) is
   * dropped, so the newest state always wins. */
  guint64      written_generation;
};

/* Held while reading, writing or deleting the file, by every object: each
 * write reads the file and puts its own service's entry in, and two of
 * those at once would lose one. */
G_LOCK_DEFINE_STATIC (progress_file);

G_DEFINE_FINAL_TYPE (OnboardProgress, onboard_progress, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->apps, g_strfreev);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&snapshot->strings[i], g_free);
  g_clear_pointer (&snapshot->updated_at, g_date_time_unref);
  snapshot->step = ONBOARD_PROGRESS_FIRST_STEP;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Snapshot, snapshot_clear)

static gboolean
text_is_sane (const char *text,
              gsize       max_len,
              gboolean    allow_space)
{
  gsize len = strlen (text);

  if (len == 0 || len > max_len || !g_utf8_validate (text, len, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (!allow_space && g_unichar_isspace (c)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
token_is_sane (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
field_value_is_valid (Field       field,
                      const char *value)
{
  if (value == NULL)
    return TRUE;

  switch (fields[field].check)
    {
    case CHECK_TEXT:
      return text_is_sane (value, fields[field].max_len, TRUE);

    case CHECK_ID:
      return text_is_sane (value, fields[field].max_len, FALSE);

    case CHECK_TOKEN:
      return token_is_sane (value);

    case CHECK_URN:
      return onboard_urn_is_valid (value);

    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
apps_are_valid (const char * const *apps)
{
  guint n = 0;

  if (apps == NULL)
    return TRUE;

  for (; apps[n] != NULL; n++)
    {
      if (n >= MAX_APPS || !token_is_sane (apps[n]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
step_is_valid (guint step)
{
  return step >= ONBOARD_PROGRESS_FIRST_STEP && step <= ONBOARD_PROGRESS_LAST_STEP;
}

/* Reading the file */

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not a string", member);
      return FALSE;
    }

  /* "" is written as nothing, so it is not something the app wrote. */
  *out = g_strdup (json_node_get_string (node));
  if (**out == '\0')
    {
      g_clear_pointer (out, g_free);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is empty", member);
      return FALSE;
    }

  return TRUE;
}

/* "step": a whole number from 1 to 5. */
static gboolean
read_step (JsonObject  *object,
           Snapshot    *snapshot,
           GError     **error)
{
  JsonNode *member = json_object_get_member (object, "step");

  if (member == NULL ||
      !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64 ||
      json_node_get_int (member) < ONBOARD_PROGRESS_FIRST_STEP ||
      json_node_get_int (member) > ONBOARD_PROGRESS_LAST_STEP)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no step from 1 to 5");
      return FALSE;
    }

  snapshot->step = (guint)json_node_get_int (member);

  return TRUE;
}

/* "apps": null, or an array of the apps the invite code includes. */
static gboolean
read_apps (JsonObject  *object,
           Snapshot    *snapshot,
           GError     **error)
{
  JsonNode *member = json_object_get_member (object, "apps");
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“apps” is not an array");
      return FALSE;
    }

  builder = g_strv_builder_new ();
  array = json_node_get_array (member);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“apps” holds a non-string");
          return FALSE;
        }

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  if (n > 0)
    snapshot->apps = g_strv_builder_end (builder);

  if (!apps_are_valid ((const char * const *)snapshot->apps))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“apps” has an impossible value");
      return FALSE;
    }

  return TRUE;
}

/* "updated_at": absent, or an ISO 8601 time. */
static gboolean
read_updated_at (JsonObject  *object,
                 Snapshot    *snapshot,
                 GError     **error)
{
  g_autofree char *updated_at = NULL;

  if (!read_optional_string (object, "updated_at", &updated_at, error))
    return FALSE;

  if (updated_at == NULL)
    return TRUE;

  snapshot->updated_at = g_date_time_new_from_iso8601 (updated_at, NULL);
  if (snapshot->updated_at == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“updated_at” is not a time");
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_entry (JsonNode  *node,
            Snapshot  *snapshot,
            GError   **error)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an entry is not an object");
      return FALSE;
    }

  object = json_node_get_object (node);

  if (!read_step (object, snapshot, error))
    return FALSE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (!read_optional_string (object, fields[i].member, &snapshot->strings[i], error))
        return FALSE;

      if (!field_value_is_valid (i, snapshot->strings[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "“%s” has an impossible value", fields[i].member);
          return FALSE;
        }
    }

  return read_apps (object, snapshot, error) && read_updated_at (object, snapshot, error);
}

/* Checks the frame of the file and returns its "services" object, which
 * belongs to @parser. */
static JsonObject *
parse_services (JsonParser  *parser,
                const char  *contents,
                gsize        length,
                GError     **error)
{
  JsonObject *root;
  JsonNode *node;

  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%" G_GSIZE_FORMAT " bytes", length);
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, error))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a JSON object");
      return NULL;
    }
  root = json_node_get_object (node);

  node = json_object_get_member (root, "version");
  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != FILE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not version %d", FILE_VERSION);
      return NULL;
    }

  node = json_object_get_member (root, "services");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no “services” object");
      return NULL;
    }

  return json_node_get_object (node);
}

/* Reads the whole file and this service's entry into @snapshot. */
static gboolean
parse_file (const char  *contents,
            gsize        length,
            const char  *service_key,
            Snapshot    *snapshot,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) names = NULL;
  JsonObject *services;

  services = parse_services (parser, contents, length, error);
  if (services == NULL)
    return FALSE;

  names = json_object_get_members (services);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_auto(Snapshot) entry = { 0 };

      /* Every entry is checked, not only this service's: a file that is
       * damaged anywhere cannot be trusted anywhere. */
      if (!text_is_sane (name, 2048, FALSE))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an impossible service URL");
          return FALSE;
        }

      if (!read_entry (json_object_get_member (services, name), &entry, error))
        {
          g_prefix_error (error, "service %d: ", g_list_position (names, (GList *)l));
          return FALSE;
        }

      if (g_strcmp0 (name, service_key) == 0)
        {
          *snapshot = entry;
          memset (&entry, 0, sizeof entry);
        }
    }

  return TRUE;
}

/* Writing the file */

static JsonNode *
build_entry (const Snapshot *snapshot)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, snapshot->step);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (snapshot->strings[i] == NULL)
        continue;

      json_builder_set_member_name (builder, fields[i].member);
      json_builder_add_string_value (builder, snapshot->strings[i]);
    }

  if (snapshot->apps != NULL)
    {
      json_builder_set_member_name (builder, "apps");
      json_builder_begin_array (builder);
      for (guint i = 0; snapshot->apps[i] != NULL; i++)
        json_builder_add_string_value (builder, snapshot->apps[i]);
      json_builder_end_array (builder);
    }

  if (snapshot->updated_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (snapshot->updated_at);

      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, text);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct
{
  char     *service_key;
  JsonNode *entry;
  guint64   generation;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->service_key);
  json_node_unref (job->entry);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WriteJob, write_job_free)

/* Taken on the main thread: from here on the job is all the writer needs. */
static WriteJob *
write_job_new (OnboardProgress *self)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->service_key = g_strdup (self->service_url);
  job->entry = build_entry (&self->state);
  job->generation = self->generation;

  return job;
}

/* The file as it should be after @job: the other services' entries as they
 * are on disk now (those still sound), and this service's from @job. Called
 * with the file lock held. */
static GBytes *
merge_locked (const char *path,
              WriteJob   *job)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *contents = NULL;
  JsonObject *services = NULL;
  char *data;
  gsize length;

  if (g_file_get_contents (path, &contents, &length, NULL))
    services = parse_services (parser, contents, length, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_object (builder);

  if (services != NULL)
    names = json_object_get_members (services);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *entry = json_object_get_member (services, name);
      g_auto(Snapshot) unused = { 0 };

      if (g_strcmp0 (name, job->service_key) == 0 ||
          !text_is_sane (name, 2048, FALSE) ||
          !read_entry (entry, &unused, NULL))
        continue;

      json_builder_set_member_name (builder, name);
      json_builder_add_value (builder, json_node_copy (entry));
    }

  json_builder_set_member_name (builder, job->service_key);
  json_builder_add_value (builder, json_node_ref (job->entry));

  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}

/* Any thread. */
static gboolean
write_job_run (OnboardProgress  *self,
               WriteJob         *job,
               gboolean         *wrote,
               GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  gboolean ok = FALSE;
  const char *data;
  gsize length;

  *wrote = FALSE;

  G_LOCK (progress_file);

  if (job->generation <= self->written_generation)
    {
      ok = TRUE;
      goto out;
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      goto out;
    }

  bytes = merge_locked (self->path, job);
  data = g_bytes_get_data (bytes, &length);

  /* A temporary file renamed over the old one: a crash or power cut
   * leaves the old progress or the new, never half of one. */
  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    goto out;

  self->written_generation = job->generation;
  *wrote = TRUE;
  ok = TRUE;

out:
  G_UNLOCK (progress_file);

  return ok;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean wrote;

  if (!write_job_run (source_object, task_data, &wrote, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, wrote);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OnboardProgress *self = ONBOARD_PROGRESS (object);
  g_autoptr(GError) error = NULL;
  gboolean wrote;

  wrote = g_task_propagate_boolean (G_TASK (result), &error);

  /* The next change or save_sync() tries again. */
  if (error != NULL)
    g_debug ("Could not save progress: %s", error->message);
  else if (wrote)
    self->write_count++;
}

static gboolean
save_idle_cb (gpointer user_data)
{
  OnboardProgress *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->save_source = 0;

  task = g_task_new (self, NULL, write_done_cb, NULL);
  g_task_set_source_tag (task, save_idle_cb);
  g_task_set_task_data (task, write_job_new (self), (GDestroyNotify)write_job_free);
  g_task_run_in_thread (task, write_thread);

  return G_SOURCE_REMOVE;
}

/* Every change ends here: one write for all the changes made in one pass
 * of the main loop. A zero timeout rather than an idle: while a spinner
 * animates, GTK can keep the loop busy enough that idles never run, and
 * progress must reach the disk even then. */
static void
changed (OnboardProgress *self)
{
  g_clear_pointer (&self->state.updated_at, g_date_time_unref);
  self->state.updated_at = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);

  self->generation++;

  if (self->save_source == 0)
    self->save_source = g_timeout_add (0, save_idle_cb, self);
}

static void
set_field (OnboardProgress *self,
           Field            field,
           const char      *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  g_return_if_fail (field_value_is_valid (field, value));

  if (g_strcmp0 (self->state.strings[field], value) == 0)
    return;

  g_free (self->state.strings[field]);
  self->state.strings[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[fields[field].prop_id]);
  changed (self);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/* Puts what was read in place, notifying what differs, without writing it
 * back. */
static void
apply_snapshot (OnboardProgress *self,
                Snapshot        *snapshot)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state.step != snapshot->step)
    {
      self->state.step = snapshot->step;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }

  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (g_strcmp0 (self->state.strings[i], snapshot->strings[i]) != 0)
        {
          g_free (self->state.strings[i]);
          self->state.strings[i] = g_steal_pointer (&snapshot->strings[i]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[fields[i].prop_id]);
        }
    }

  if (!strv_equal ((const char * const *)self->state.apps, (const char * const *)snapshot->apps))
    {
      g_strfreev (self->state.apps);
      self->state.apps = g_steal_pointer (&snapshot->apps);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPS]);
    }

  if (self->state.updated_at != snapshot->updated_at &&
      (self->state.updated_at == NULL ||
       snapshot->updated_at == NULL ||
       !g_date_time_equal (self->state.updated_at, snapshot->updated_at)))
    {
      g_clear_pointer (&self->state.updated_at, g_date_time_unref);
      self->state.updated_at = g_steal_pointer (&snapshot->updated_at);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static int
compare_paths (const char **a,
               const char **b)
{
  return strcmp (*a, *b);
}

static void
set_aside_damaged (OnboardProgress *self,
                   const GError    *why)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", self->path, stamp);

  /* Two damaged files in the same second: keep both. */
  for (guint i = 2; g_file_test (target, G_FILE_TEST_EXISTS) && i < 100; i++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.damaged-%s-%u", self->path, stamp, i);
    }

  /* Kept rather than deleted so support can see what went wrong. This is
   * not a warning: the user gets a sentence, the app carries on. */
  g_debug ("Saved progress is damaged (%s); moving it to %s", why->message, target);

  if (g_rename (self->path, target) != 0)
    {
      int saved_errno = errno;

      /* The next save overwrites it instead; starting fresh still holds. */
      g_debug ("Could not move the damaged progress aside: %s", g_strerror (saved_errno));
    }

  g_free (self->recovery_message);
  self->recovery_message =
    g_strdup (_("The record of your progress on this computer could not be read, so the assistant "
                "has started again from the beginning. Nothing you already did with Assembly is "
                "lost: sign in to carry on."));
}

static void
onboard_progress_constructed (GObject *object)
{
  OnboardProgress *self = (OnboardProgress *)object;

  G_OBJECT_CLASS (onboard_progress_parent_class)->constructed (object);

  if (self->service_url == NULL)
    self->service_url = g_strdup ("");

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_state_dir (),
                                   "assembly-onboard", "progress.json",
                                   NULL);
}

static void
onboard_progress_dispose (GObject *object)
{
  OnboardProgress *self = (OnboardProgress *)object;

  /* A last change the app did not flush: better late than lost. */
  if (self->save_source != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!onboard_progress_save_sync (self, &error))
        g_debug ("Could not save progress: %s", error->message);
    }

  G_OBJECT_CLASS (onboard_progress_parent_class)->dispose (object);
}

static void
onboard_progress_finalize (GObject *object)
{
  OnboardProgress *self = (OnboardProgress *)object;

  g_clear_pointer (&self->service_url, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);
  snapshot_clear (&self->state);

  G_OBJECT_CLASS (onboard_progress_parent_class)->finalize (object);
}

static void
onboard_progress_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OnboardProgress *self = ONBOARD_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SERVICE_URL:
      g_value_set_string (value, self->service_url);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->state.updated_at);
      break;

    case PROP_STEP:
      g_value_set_uint (value, self->state.step);
      break;

    case PROP_APPS:
      g_value_set_boxed (value, self->state.apps);
      break;

    default:
      for (guint i = 0; i < N_FIELDS; i++)
        {
          if (fields[i].prop_id == prop_id)
            {
              g_value_set_string (value, self->state.strings[i]);
              return;
            }
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_progress_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OnboardProgress *self = ONBOARD_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_SERVICE_URL:
      self->service_url = onboard_client_dup_service_key (g_value_get_string (value));
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case PROP_STEP:
      onboard_progress_set_step (self, g_value_get_uint (value));
      break;

    case PROP_APPS:
      onboard_progress_set_apps (self, g_value_get_boxed (value));
      break;

    default:
      for (guint i = 0; i < N_FIELDS; i++)
        {
          if (fields[i].prop_id == prop_id)
            {
              set_field (self, i, g_value_get_string (value));
              return;
            }
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_progress_class_init (OnboardProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onboard_progress_constructed;
  object_class->dispose = onboard_progress_dispose;
  object_class->finalize = onboard_progress_finalize;
  object_class->get_property = onboard_progress_get_property;
  object_class->set_property = onboard_progress_set_property;

  /* Where the file is: by default progress.json in the user's state
   * folder; practice mode keeps a file of its own. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERVICE_URL] =
    g_param_spec_string ("service-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       ONBOARD_PROGRESS_FIRST_STEP, ONBOARD_PROGRESS_LAST_STEP,
                       ONBOARD_PROGRESS_FIRST_STEP,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_APPS] =
    g_param_spec_boxed ("apps", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SIGNUP_ID] =
    g_param_spec_string ("signup-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHOOL_URN] =
    g_param_spec_string ("school-urn", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCHOOL_NAME] =
    g_param_spec_string ("school-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MIS_PROVIDER] =
    g_param_spec_string ("mis-provider", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REGISTRATION_ID] =
    g_param_spec_string ("registration-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTOR_ID] =
    g_param_spec_string ("connector-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONNECTOR_STATUS] =
    g_param_spec_string ("connector-status", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INVITE_CODE] =
    g_param_spec_string ("invite-code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_progress_init (OnboardProgress *self)
{
  self->state.step = ONBOARD_PROGRESS_FIRST_STEP;
}

/**
 * onboard_progress_new_at:
 * @service_url: the service the progress is kept for
 * @path: the file to keep it in, instead of the user's progress.json
 *
 * Returns: (transfer full): a progress kept in @path, as practice mode
 *   does, so that it never touches the real one.
 */
OnboardProgress *
onboard_progress_new_at (const char *service_url,
                         const char *path)
{
  g_return_val_if_fail (service_url != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (ONBOARD_TYPE_PROGRESS,
                       "service-url", service_url,
                       "path", path,
                       NULL);
}

OnboardProgress *
onboard_progress_new (const char *service_url)
{
  g_return_val_if_fail (service_url != NULL, NULL);

  return g_object_new (ONBOARD_TYPE_PROGRESS,
                       "service-url", service_url,
                       NULL);
}

gboolean
onboard_progress_load (OnboardProgress  *self,
                       GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(Snapshot) snapshot = { .step = ONBOARD_PROGRESS_FIRST_STEP };
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->recovery_message, g_free);

  G_LOCK (progress_file);
  g_file_get_contents (self->path, &contents, &length, &local_error);
  G_UNLOCK (progress_file);

  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return TRUE;

  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s",
                                  _("Your saved progress could not be read: "));
      return FALSE;
    }

  if (!parse_file (contents, length, self->service_url, &snapshot, &local_error))
    {
      set_aside_damaged (self, local_error);
      snapshot_clear (&snapshot);
      apply_snapshot (self, &snapshot);
      return TRUE;
    }

  /* Progress made with another service is not applied: ours is a fresh
   * start, theirs stays in the file. */
  apply_snapshot (self, &snapshot);

  return TRUE;
}

gboolean
onboard_progress_save_sync (OnboardProgress  *self,
                            GError          **error)
{
  g_autoptr(WriteJob) job = NULL;
  gboolean wrote = FALSE;
  gboolean ok;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);

  job = write_job_new (self);
  ok = write_job_run (self, job, &wrote, error);

  if (wrote)
    self->write_count++;

  return ok;
}

/**
 * onboard_progress_dup_damaged_paths:
 *
 * Returns: (transfer full): the copies that load() set aside beside the
 *   file (progress.json.damaged-*), sorted; an empty array when there are
 *   none. They hold the email and the school, so a reset removes them too.
 */
char **
onboard_progress_dup_damaged_paths (OnboardProgress *self)
{
  g_autofree char *dirname = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *paths;
  const char *name;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  paths = g_ptr_array_new ();
  dirname = g_path_get_dirname (self->path);
  basename = g_path_get_basename (self->path);
  prefix = g_strconcat (basename, ".damaged-", NULL);
  dir = g_dir_open (dirname, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        g_ptr_array_add (paths, g_build_filename (dirname, name, NULL));
    }

  g_ptr_array_sort (paths, (GCompareFunc)compare_paths);
  g_ptr_array_add (paths, NULL);

  return (char **)g_ptr_array_free (paths, FALSE);
}

gboolean
onboard_progress_reset (OnboardProgress  *self,
                        GError          **error)
{
  g_auto(GStrv) damaged = NULL;
  g_auto(Snapshot) fresh = { .step = ONBOARD_PROGRESS_FIRST_STEP };
  gboolean ok = TRUE;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_pointer (&self->recovery_message, g_free);

  apply_snapshot (self, &fresh);

  /* Writes still in flight carry older generations and are dropped. */
  self->generation++;

  G_LOCK (progress_file);
  self->written_generation = self->generation;
  if (g_unlink (self->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Your saved progress could not be deleted: %s"), g_strerror (saved_errno));
      ok = FALSE;
    }
  G_UNLOCK (progress_file);

  /* The copies set aside by load() hold the same email and school. */
  damaged = onboard_progress_dup_damaged_paths (self);
  for (guint i = 0; ok && damaged[i] != NULL; i++)
    {
      if (g_unlink (damaged[i]) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Your saved progress could not be deleted: %s"), g_strerror (saved_errno));
          ok = FALSE;
        }
    }

  return ok;
}

const char *
onboard_progress_get_recovery_message (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->recovery_message;
}

char *
onboard_progress_dup_summary (OnboardProgress *self)
{
  const char * const *strings;
  GString *str;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  strings = (const char * const *)self->state.strings;

  /* English on purpose: support reads it, whatever the user's language. */
  str = g_string_new (NULL);
  g_string_append_printf (str, "step %u of %u", self->state.step, ONBOARD_PROGRESS_LAST_STEP);

  if (strings[FIELD_SCHOOL_URN] != NULL)
    g_string_append_printf (str, "; school %s %s",
                            strings[FIELD_SCHOOL_URN],
                            strings[FIELD_SCHOOL_NAME] ? strings[FIELD_SCHOOL_NAME] : "(no name)");
  else
    g_string_append (str, "; no school yet");

  if (strings[FIELD_MIS_PROVIDER] != NULL)
    g_string_append_printf (str, "; MIS %s", strings[FIELD_MIS_PROVIDER]);

  if (strings[FIELD_CONNECTOR_ID] != NULL)
    g_string_append_printf (str, "; Connection ID %s, status %s",
                            strings[FIELD_CONNECTOR_ID],
                            strings[FIELD_CONNECTOR_STATUS] ? strings[FIELD_CONNECTOR_STATUS]
                                                            : "(status unknown)");
  else
    g_string_append (str, "; no Connection ID yet");

  if (self->state.updated_at != NULL)
    {
      g_autofree char *when = g_date_time_format (self->state.updated_at, "%Y-%m-%dT%H:%M:%SZ");

      g_string_append_printf (str, "; updated %s", when);
    }

  return g_string_free (str, FALSE);
}

const char *
onboard_progress_get_path (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->path;
}

guint
onboard_progress_get_write_count (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), 0);

  return self->write_count;
}

const char *
onboard_progress_get_service_url (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->service_url;
}

GDateTime *
onboard_progress_get_updated_at (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.updated_at;
}

guint
onboard_progress_get_step (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), ONBOARD_PROGRESS_FIRST_STEP);

  return self->state.step;
}

/* Statuses after which Grant Access cannot be pressed again. */
static gboolean
connector_granted (const char *status)
{
  static const char * const granted[] = {
    "invitation_sent", "awaiting_authorisation", "authorisation_paused",
    "authorised", "syncing", "connected", "sync_error", NULL,
  };

  return status != NULL && g_strv_contains (granted, status);
}

/* Statuses in which Groupcall has confirmed the school's authorisation. */
static gboolean
connector_authorised (const char *status)
{
  static const char * const authorised[] = {
    "authorised", "syncing", "connected", "sync_error", NULL,
  };

  return status != NULL && g_strv_contains (authorised, status);
}

OnboardStep
onboard_progress_get_resume_step (OnboardProgress *self)
{
  guint step;

  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), ONBOARD_STEP_BEFORE_YOU_START);

  step = self->state.step;

  if (self->state.strings[FIELD_REGISTRATION_ID] == NULL)
    return MIN (step, ONBOARD_STEP_SCHOOL_INFORMATION);

  if (connector_authorised (self->state.strings[FIELD_CONNECTOR_STATUS]))
    return ONBOARD_STEP_CHECK_CONNECTION;

  return MAX (step, ONBOARD_STEP_CONFIGURE_CONNECTION);
}

gboolean
onboard_progress_get_step_changeable (OnboardProgress *self,
                                      OnboardStep      step)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), FALSE);

  switch (step)
    {
    case ONBOARD_STEP_BEFORE_YOU_START:
      return TRUE;

    case ONBOARD_STEP_SIGN_UP:
      return self->state.step <= ONBOARD_STEP_SIGN_UP;

    case ONBOARD_STEP_SCHOOL_INFORMATION:
      return !connector_granted (self->state.strings[FIELD_CONNECTOR_STATUS]);

    case ONBOARD_STEP_CONFIGURE_CONNECTION:
      return self->state.strings[FIELD_REGISTRATION_ID] != NULL &&
             !connector_granted (self->state.strings[FIELD_CONNECTOR_STATUS]);

    case ONBOARD_STEP_CHECK_CONNECTION:
    default:
      return FALSE;
    }
}

void
onboard_progress_set_step (OnboardProgress *self,
                           guint            step)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));
  g_return_if_fail (step_is_valid (step));

  if (self->state.step == step)
    return;

  self->state.step = step;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  changed (self);
}

const char * const *
onboard_progress_get_apps (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return (const char * const *)self->state.apps;
}

void
onboard_progress_set_apps (OnboardProgress    *self,
                           const char * const *apps)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));
  g_return_if_fail (apps_are_valid (apps));

  /* No apps is written as nothing, like an empty string. */
  if (apps != NULL && apps[0] == NULL)
    apps = NULL;

  if (strv_equal ((const char * const *)self->state.apps, apps))
    return;

  g_strfreev (self->state.apps);
  self->state.apps = g_strdupv ((char **)apps);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPS]);
  changed (self);
}

const char *
onboard_progress_get_email (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_EMAIL];
}

void
onboard_progress_set_email (OnboardProgress *self,
                            const char      *email)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_EMAIL, email);
}

const char *
onboard_progress_get_signup_id (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_SIGNUP_ID];
}

void
onboard_progress_set_signup_id (OnboardProgress *self,
                                const char      *signup_id)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_SIGNUP_ID, signup_id);
}

const char *
onboard_progress_get_school_urn (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_SCHOOL_URN];
}

void
onboard_progress_set_school_urn (OnboardProgress *self,
                                 const char      *school_urn)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_SCHOOL_URN, school_urn);
}

const char *
onboard_progress_get_school_name (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_SCHOOL_NAME];
}

void
onboard_progress_set_school_name (OnboardProgress *self,
                                  const char      *school_name)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_SCHOOL_NAME, school_name);
}

const char *
onboard_progress_get_mis_provider (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_MIS_PROVIDER];
}

void
onboard_progress_set_mis_provider (OnboardProgress *self,
                                   const char      *mis_provider)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_MIS_PROVIDER, mis_provider);
}

const char *
onboard_progress_get_registration_id (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_REGISTRATION_ID];
}

void
onboard_progress_set_registration_id (OnboardProgress *self,
                                      const char      *registration_id)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_REGISTRATION_ID, registration_id);
}

const char *
onboard_progress_get_connector_id (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_CONNECTOR_ID];
}

void
onboard_progress_set_connector_id (OnboardProgress *self,
                                   const char      *connector_id)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_CONNECTOR_ID, connector_id);
}

const char *
onboard_progress_get_connector_status (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_CONNECTOR_STATUS];
}

void
onboard_progress_set_connector_status (OnboardProgress *self,
                                       const char      *connector_status)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_CONNECTOR_STATUS, connector_status);
}

const char *
onboard_progress_get_invite_code (OnboardProgress *self)
{
  g_return_val_if_fail (ONBOARD_IS_PROGRESS (self), NULL);

  return self->state.strings[FIELD_INVITE_CODE];
}

/* The invite code of the sign-up waiting for its activation link, so that
 * "Change Email" after a restart keeps it as it does within a run. */
void
onboard_progress_set_invite_code (OnboardProgress *self,
                                  const char      *invite_code)
{
  g_return_if_fail (ONBOARD_IS_PROGRESS (self));

  set_field (self, FIELD_INVITE_CODE, invite_code);
}
