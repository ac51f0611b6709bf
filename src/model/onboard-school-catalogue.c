/* onboard-school-catalogue.c
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "onboard-client-error.h"
#include "onboard-school-catalogue.h"

/* Where the school directory comes from. The app starts it as soon as it
 * opens, so the list is ready by the time the user reaches Step 3.
 *
 * The body of GET /schools is kept in the user cache folder with its ETag.
 * At start the cached copy is read first (so a returning user searches at
 * once, even offline), and the service is asked with If-None-Match: a 304
 * costs nothing, a 200 replaces the copy on disk and the directory. Parsing
 * happens in a worker thread (OnboardSchoolDirectory), and so does writing
 * the copy, which only happens once the body has parsed: an answer that is
 * not a list of schools must not become the list read at the next start.
 */

struct _OnboardSchoolCatalogue
{
  GObject                      parent_instance;

  OnboardClient               *client;
  char                        *cache_dir;
  char                        *etag;

  OnboardSchoolCatalogueState  state;
  OnboardSchoolDirectory      *directory;
  GError                      *error;
  gboolean                     from_cache;
  guint                        downloads;
  gboolean                     loading;

  GCancellable                *cancellable;

  /* The download being parsed, to be cached once it has. */
  GBytes                      *pending_body;
  char                        *pending_etag;
};

G_DEFINE_FINAL_TYPE (OnboardSchoolCatalogue, onboard_school_catalogue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fetch (OnboardSchoolCatalogue *self);

static char *
cache_path (OnboardSchoolCatalogue *self,
            const char             *name)
{
  return g_build_filename (self->cache_dir, name, NULL);
}

static void
set_state (OnboardSchoolCatalogue      *self,
           OnboardSchoolCatalogueState  state)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
set_directory (OnboardSchoolCatalogue *self,
               OnboardSchoolDirectory *directory,
               gboolean                from_cache)
{
  self->from_cache = from_cache;
  g_clear_error (&self->error);

  if (g_set_object (&self->directory, directory))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);

  set_state (self, ONBOARD_SCHOOL_CATALOGUE_READY);
}

static void
fail (OnboardSchoolCatalogue *self,
      GError                 *error)
{
  /* A directory already in hand (from the cache) stays usable: a failed
   * refresh is no reason to take the list away from the user. */
  if (self->directory != NULL)
    {
      g_debug ("Refreshing the school directory failed: %s", error->message);
      g_error_free (error);
      return;
    }

  g_clear_error (&self->error);
  self->error = error;
  set_state (self, ONBOARD_SCHOOL_CATALOGUE_FAILED);
}

typedef struct
{
  char   *cache_dir;
  GBytes *body;
  char   *etag;
} CacheWrite;

static void
cache_write_free (gpointer data)
{
  CacheWrite *write = data;

  g_clear_pointer (&write->cache_dir, g_free);
  g_clear_pointer (&write->body, g_bytes_unref);
  g_clear_pointer (&write->etag, g_free);
  g_free (write);
}

static void
save_cache_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CacheWrite *write = task_data;
  g_autofree char *body_path = g_build_filename (write->cache_dir, "schools.json", NULL);
  g_autofree char *etag_path = g_build_filename (write->cache_dir, "schools.etag", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (write->cache_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s", g_strerror (saved_errno));
      return;
    }

  if (!g_file_set_contents (body_path, g_bytes_get_data (write->body, NULL),
                            g_bytes_get_size (write->body), &error) ||
      !g_file_set_contents (etag_path, write->etag ? write->etag : "", -1, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OnboardSchoolCatalogue) self = user_data;
  g_autoptr(OnboardSchoolDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  directory = g_object_steal_data (G_OBJECT (result), "directory");

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Only a cost next time (one more download), never a failure now. */
      g_debug ("Could not cache the school directory: %s", error->message);
    }

  self->loading = FALSE;
  g_free (self->etag);
  self->etag = g_strdup (((CacheWrite *)g_task_get_task_data (G_TASK (result)))->etag);
  set_directory (self, directory, FALSE);
}

/* Writes the parsed download to the cache in a worker thread, then shows
 * it: the copy on disk and the list in hand are then the same. */
static void
save_cache_async (OnboardSchoolCatalogue *self,
                  OnboardSchoolDirectory *directory,
                  GBytes                 *body,
                  const char             *etag)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, saved_cb, g_object_ref (self));
  CacheWrite *write = g_new0 (CacheWrite, 1);

  write->cache_dir = g_strdup (self->cache_dir);
  write->body = g_bytes_ref (body);
  write->etag = g_strdup (etag);
  g_task_set_source_tag (task, save_cache_async);
  g_task_set_task_data (task, write, cache_write_free);
  g_object_set_data_full (G_OBJECT (task), "directory", g_object_ref (directory), g_object_unref);
  g_task_run_in_thread (task, save_cache_worker);
}

static void
downloaded_directory_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(OnboardSchoolCatalogue) self = user_data;
  g_autoptr(OnboardSchoolDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_steal_pointer (&self->pending_body);
  g_autofree char *etag = g_steal_pointer (&self->pending_etag);

  directory = onboard_school_directory_new_from_bytes_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (directory == NULL)
    {
      g_autofree char *phone = onboard_client_error_dup_support_phone ();

      self->loading = FALSE;
      fail (self, g_error_new (ONBOARD_CLIENT_ERROR, ONBOARD_CLIENT_ERROR_BAD_RESPONSE,
                               _("The list of schools from Assembly could not be read. Try again; if it keeps happening, call Assembly support on %s."),
                               phone));
      return;
    }

  save_cache_async (self, directory, body, etag);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OnboardSchoolCatalogue) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gboolean not_modified = FALSE;

  body = onboard_client_fetch_schools_finish (ONBOARD_CLIENT (object), result, &etag, &not_modified, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      self->loading = FALSE;
      fail (self, g_steal_pointer (&error));
      return;
    }

  if (not_modified)
    {
      /* Our copy is current: nothing was downloaded. */
      self->loading = FALSE;
      if (self->directory != NULL)
        set_state (self, ONBOARD_SCHOOL_CATALOGUE_READY);
      return;
    }

  self->downloads++;
  g_clear_pointer (&self->pending_body, g_bytes_unref);
  g_clear_pointer (&self->pending_etag, g_free);
  self->pending_body = g_bytes_ref (body);
  self->pending_etag = g_strdup (etag);
  onboard_school_directory_new_from_bytes_async (body, self->cancellable,
                                                 downloaded_directory_cb, g_object_ref (self));
}

static void
fetch (OnboardSchoolCatalogue *self)
{
  /* Only send our ETag when we really hold the copy it names. */
  onboard_client_fetch_schools_async (self->client,
                                      self->directory != NULL ? self->etag : NULL,
                                      FALSE,
                                      self->cancellable,
                                      fetched_cb,
                                      g_object_ref (self));
}

static void
cached_directory_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OnboardSchoolCatalogue) self = user_data;
  g_autoptr(OnboardSchoolDirectory) directory = NULL;
  g_autoptr(GError) error = NULL;

  directory = onboard_school_directory_new_from_bytes_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (directory != NULL)
    set_directory (self, directory, TRUE);
  else
    g_clear_pointer (&self->etag, g_free);

  /* Now ask whether the copy is still current. */
  fetch (self);
}

static void
cache_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OnboardSchoolCatalogue) self = user_data;
  g_autofree char *contents = NULL;
  g_autofree char *etag_path = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, NULL))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      fetch (self);
      return;
    }

  etag_path = cache_path (self, "schools.etag");
  if (g_file_get_contents (etag_path, &etag, NULL, NULL) && *etag != '\0')
    {
      g_free (self->etag);
      self->etag = g_steal_pointer (&etag);
    }

  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  onboard_school_directory_new_from_bytes_async (body, self->cancellable,
                                                 cached_directory_cb, g_object_ref (self));
}

static void
onboard_school_catalogue_dispose (GObject *object)
{
  OnboardSchoolCatalogue *self = (OnboardSchoolCatalogue *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (onboard_school_catalogue_parent_class)->dispose (object);
}

static void
onboard_school_catalogue_finalize (GObject *object)
{
  OnboardSchoolCatalogue *self = (OnboardSchoolCatalogue *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->directory);
  g_clear_error (&self->error);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->pending_body, g_bytes_unref);
  g_clear_pointer (&self->pending_etag, g_free);

  G_OBJECT_CLASS (onboard_school_catalogue_parent_class)->finalize (object);
}

static void
onboard_school_catalogue_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  OnboardSchoolCatalogue *self = ONBOARD_SCHOOL_CATALOGUE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;

    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onboard_school_catalogue_class_init (OnboardSchoolCatalogueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onboard_school_catalogue_dispose;
  object_class->finalize = onboard_school_catalogue_finalize;
  object_class->get_property = onboard_school_catalogue_get_property;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL,
                       ONBOARD_SCHOOL_CATALOGUE_EMPTY, ONBOARD_SCHOOL_CATALOGUE_FAILED,
                       ONBOARD_SCHOOL_CATALOGUE_EMPTY,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL,
                         ONBOARD_TYPE_SCHOOL_DIRECTORY,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onboard_school_catalogue_init (OnboardSchoolCatalogue *self)
{
}

/**
 * onboard_school_catalogue_new:
 * @cache_dir: where the downloaded list and its ETag are kept
 */
OnboardSchoolCatalogue *
onboard_school_catalogue_new (OnboardClient *client,
                              const char    *cache_dir)
{
  OnboardSchoolCatalogue *self;

  g_return_val_if_fail (ONBOARD_IS_CLIENT (client), NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (ONBOARD_TYPE_SCHOOL_CATALOGUE, NULL);
  self->client = g_object_ref (client);
  self->cache_dir = g_strdup (cache_dir);

  return self;
}

/**
 * onboard_school_catalogue_load:
 *
 * Reads the cached list, then asks the service whether it changed. Also
 * the way to try again after a failure. Does nothing while a load runs,
 * including the refresh that follows a list read from the cache.
 */
void
onboard_school_catalogue_load (OnboardSchoolCatalogue *self)
{
  g_autofree char *body_path = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self));

  /* READY is no sign that nothing runs: the refresh may be on its way. */
  if (self->loading)
    return;

  self->loading = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->directory == NULL)
    set_state (self, ONBOARD_SCHOOL_CATALOGUE_LOADING);

  if (self->directory != NULL)
    {
      fetch (self);
      return;
    }

  body_path = cache_path (self, "schools.json");
  file = g_file_new_for_path (body_path);
  g_file_load_contents_async (file, self->cancellable, cache_read_cb, g_object_ref (self));
}

OnboardSchoolCatalogueState
onboard_school_catalogue_get_state (OnboardSchoolCatalogue *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self), ONBOARD_SCHOOL_CATALOGUE_EMPTY);

  return self->state;
}

OnboardSchoolDirectory *
onboard_school_catalogue_get_directory (OnboardSchoolCatalogue *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self), NULL);

  return self->directory;
}

/**
 * onboard_school_catalogue_get_error:
 *
 * Returns: (nullable): why there is no directory, in FAILED state
 */
const GError *
onboard_school_catalogue_get_error (OnboardSchoolCatalogue *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self), NULL);

  return self->error;
}

/**
 * onboard_school_catalogue_get_from_cache:
 *
 * Returns: %TRUE if the directory in hand was read from the cache and the
 *   service had nothing newer (or could not be asked)
 */
gboolean
onboard_school_catalogue_get_from_cache (OnboardSchoolCatalogue *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self), FALSE);

  return self->from_cache;
}

/**
 * onboard_school_catalogue_get_downloads:
 *
 * Returns: how many times a whole list was downloaded (a 200, not a 304)
 */
guint
onboard_school_catalogue_get_downloads (OnboardSchoolCatalogue *self)
{
  g_return_val_if_fail (ONBOARD_IS_SCHOOL_CATALOGUE (self), 0);

  return self->downloads;
}
