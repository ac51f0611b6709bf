/* onboard-school-directory.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-school.h"

G_BEGIN_DECLS

/*
 * Every school of a `GET /schools` body, as an immutable GListModel of
 * OnboardSchool in the order of the body.
 *
 * Reading the body (about 11 MB for 50,000 schools) happens in a worker
 * thread with onboard_school_directory_new_from_bytes_async(); the result
 * never changes, so it emits no "items-changed". Put it in an
 * OnboardSchoolResults with an OnboardSchoolFilter to search it, best
 * matches first, or in a GtkFilterListModel for the matches in its order.
 *
 * An entry that is valid JSON but not a usable school (not an object, no
 * "urn" or "name", a field of the wrong type, text that is not UTF-8) is
 * skipped and counted, never fatal; a body that is not a JSON array, or not
 * JSON, is an error.
 *
 * Asking twice for one position gives the same OnboardSchool. Nothing in a
 * directory changes after it is made, so any thread may read it.
 */

#define ONBOARD_SCHOOL_DIRECTORY_ERROR (onboard_school_directory_error_quark ())

typedef enum
{
  /* The body is not JSON, or is cut short. */
  ONBOARD_SCHOOL_DIRECTORY_ERROR_INVALID_JSON,
  /* The body is JSON but not an array. */
  ONBOARD_SCHOOL_DIRECTORY_ERROR_NOT_AN_ARRAY,
} OnboardSchoolDirectoryError;

#define ONBOARD_TYPE_SCHOOL_DIRECTORY (onboard_school_directory_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolDirectory, onboard_school_directory, ONBOARD, SCHOOL_DIRECTORY, GObject)

GQuark                  onboard_school_directory_error_quark            (void);

void                    onboard_school_directory_new_from_bytes_async   (GBytes                  *json,
                                                                         GCancellable            *cancellable,
                                                                         GAsyncReadyCallback      callback,
                                                                         gpointer                 user_data);
OnboardSchoolDirectory *onboard_school_directory_new_from_bytes_finish  (GAsyncResult            *result,
                                                                         GError                 **error);
/* Blocks while it reads @json: for tests and tools, not the main thread. */
OnboardSchoolDirectory *onboard_school_directory_new_from_bytes         (GBytes                  *json,
                                                                         GError                 **error);

/* The school with this URN (transfer full), or NULL. */
OnboardSchool          *onboard_school_directory_find_by_urn            (OnboardSchoolDirectory  *self,
                                                                         const char              *urn);
/* How many entries of the body were skipped as unusable. */
guint                   onboard_school_directory_get_n_skipped          (OnboardSchoolDirectory  *self);

G_END_DECLS
