/* onboard-school-catalogue.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "onboard-client.h"
#include "onboard-school-directory.h"

G_BEGIN_DECLS

/**
 * OnboardSchoolCatalogueState:
 * @ONBOARD_SCHOOL_CATALOGUE_EMPTY: nothing loaded or asked for yet
 * @ONBOARD_SCHOOL_CATALOGUE_LOADING: no directory yet; one is on its way
 * @ONBOARD_SCHOOL_CATALOGUE_READY: a directory is there to search (it may
 *   still be refreshed from the service in the background)
 * @ONBOARD_SCHOOL_CATALOGUE_FAILED: no directory, and none could be had;
 *   see onboard_school_catalogue_get_error()
 */
typedef enum
{
  ONBOARD_SCHOOL_CATALOGUE_EMPTY,
  ONBOARD_SCHOOL_CATALOGUE_LOADING,
  ONBOARD_SCHOOL_CATALOGUE_READY,
  ONBOARD_SCHOOL_CATALOGUE_FAILED,
} OnboardSchoolCatalogueState;

#define ONBOARD_TYPE_SCHOOL_CATALOGUE (onboard_school_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolCatalogue, onboard_school_catalogue, ONBOARD, SCHOOL_CATALOGUE, GObject)

OnboardSchoolCatalogue      *onboard_school_catalogue_new           (OnboardClient          *client,
                                                                     const char             *cache_dir);
void                         onboard_school_catalogue_load          (OnboardSchoolCatalogue *self);
OnboardSchoolCatalogueState  onboard_school_catalogue_get_state     (OnboardSchoolCatalogue *self);
OnboardSchoolDirectory      *onboard_school_catalogue_get_directory (OnboardSchoolCatalogue *self);
const GError                *onboard_school_catalogue_get_error     (OnboardSchoolCatalogue *self);
gboolean                     onboard_school_catalogue_get_from_cache (OnboardSchoolCatalogue *self);
guint                        onboard_school_catalogue_get_downloads (OnboardSchoolCatalogue *self);

G_END_DECLS
