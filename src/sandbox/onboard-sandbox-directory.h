/* onboard-sandbox-directory.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ONBOARD_SANDBOX_DIRECTORY_ERROR (onboard_sandbox_directory_error_quark ())

/**
 * OnboardSandboxDirectoryError:
 * @ONBOARD_SANDBOX_DIRECTORY_ERROR_UNKNOWN_FORMAT: the header line matches no known format
 * @ONBOARD_SANDBOX_DIRECTORY_ERROR_EMPTY: the file has no header line
 */
typedef enum
{
  ONBOARD_SANDBOX_DIRECTORY_ERROR_UNKNOWN_FORMAT,
  ONBOARD_SANDBOX_DIRECTORY_ERROR_EMPTY,
} OnboardSandboxDirectoryError;

typedef enum
{
  ONBOARD_SANDBOX_DIRECTORY_FORMAT_GENERATED,
  ONBOARD_SANDBOX_DIRECTORY_FORMAT_GIAS,       /* the edubasealldata download */
  ONBOARD_SANDBOX_DIRECTORY_FORMAT_SIMPLE,     /* urn,name,town,postcode,open_date[,close_date] */
  ONBOARD_SANDBOX_DIRECTORY_FORMAT_DETAILED,   /* the 2017 subset with spaced column names */
  ONBOARD_SANDBOX_DIRECTORY_FORMAT_DENI,       /* Northern Ireland */
} OnboardSandboxDirectoryFormat;

/* Immutable once built: every field is UTF-8; the nullable ones are NULL when unknown. */
typedef struct
{
  const char *urn;
  const char *laestab;              /* nullable */
  const char *name;
  const char *town;                 /* "" when unknown */
  const char *postcode;             /* "" when unknown */
  const char *la_name;              /* nullable */
  const char *phase;                /* nullable */
  const char *establishment_type;   /* nullable */
  gboolean    open;
} OnboardSandboxSchool;

#define ONBOARD_TYPE_SANDBOX_DIRECTORY (onboard_sandbox_directory_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSandboxDirectory, onboard_sandbox_directory, ONBOARD, SANDBOX_DIRECTORY, GObject)

GQuark                         onboard_sandbox_directory_error_quark      (void);

OnboardSandboxDirectory       *onboard_sandbox_directory_new_from_file    (const char               *path,
                                                                           GError                  **error);
OnboardSandboxDirectory       *onboard_sandbox_directory_new_from_data    (const char               *data,
                                                                           gsize                     length,
                                                                           GError                  **error);
OnboardSandboxDirectory       *onboard_sandbox_directory_new_generated    (guint                     n_open,
                                                                           guint                     n_closed,
                                                                           guint32                   seed);
OnboardSandboxDirectory       *onboard_sandbox_directory_dup_default      (void);

OnboardSandboxDirectoryFormat  onboard_sandbox_directory_get_format       (OnboardSandboxDirectory  *self);
guint                          onboard_sandbox_directory_get_n_schools    (OnboardSandboxDirectory  *self);
guint                          onboard_sandbox_directory_get_n_open       (OnboardSandboxDirectory  *self);
guint                          onboard_sandbox_directory_get_n_skipped    (OnboardSandboxDirectory  *self);
const OnboardSandboxSchool    *onboard_sandbox_directory_get_school       (OnboardSandboxDirectory  *self,
                                                                           guint                     position);
const OnboardSandboxSchool    *onboard_sandbox_directory_lookup           (OnboardSandboxDirectory  *self,
                                                                           const char               *urn);
GBytes                        *onboard_sandbox_directory_get_body         (OnboardSandboxDirectory  *self,
                                                                           gboolean                  include_closed,
                                                                           gboolean                  gzip,
                                                                           const char              **etag);

JsonNode                      *onboard_sandbox_school_to_json             (const OnboardSandboxSchool *school);
char                          *onboard_sandbox_normalize_postcode         (const char               *postcode);

G_END_DECLS
