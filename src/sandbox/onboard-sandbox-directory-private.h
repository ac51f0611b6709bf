/* onboard-sandbox-directory-private.h: what the directory's files share
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-sandbox-directory.h"

G_BEGIN_DECLS

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

gboolean onboard_sandbox_directory_add_school (OnboardSandboxDirectory    *self,
                                               const OnboardSandboxSchool *school);

G_END_DECLS
