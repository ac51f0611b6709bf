/* onboard-school.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * One school of the directory, immutable. Every property is read-only and
 * has a getter; the strings belong to the school and live as long as it
 * does. Schools from an OnboardSchoolDirectory share its storage, so holding
 * one is cheap.
 *
 * Properties (all strings): "urn", "laestab" (seven digits, or NULL),
 * "dfe-number" ("330/2005", or NULL), "name", "town" and "postcode" (""
 * when unknown), "la-name", "phase", "establishment-type" (each may be
 * NULL), "status" ("open" or "closed").
 */

#define ONBOARD_TYPE_SCHOOL (onboard_school_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchool, onboard_school, ONBOARD, SCHOOL, GObject)

/* For a school that does not come from a directory, such as the one a
 * registration returns. @urn and @name are required; @status NULL means
 * "open"; @laestab takes any spelling onboard_dfe_number_normalize()
 * accepts and is dropped when it is not a DfE number. */
OnboardSchool *onboard_school_new                     (const char    *urn,
                                                       const char    *laestab,
                                                       const char    *name,
                                                       const char    *town,
                                                       const char    *postcode,
                                                       const char    *la_name,
                                                       const char    *phase,
                                                       const char    *establishment_type,
                                                       const char    *status);
const char    *onboard_school_get_urn                 (OnboardSchool *self);
const char    *onboard_school_get_laestab             (OnboardSchool *self);
const char    *onboard_school_get_name                (OnboardSchool *self);
const char    *onboard_school_get_town                (OnboardSchool *self);
const char    *onboard_school_get_postcode            (OnboardSchool *self);
const char    *onboard_school_get_la_name             (OnboardSchool *self);
const char    *onboard_school_get_phase               (OnboardSchool *self);
const char    *onboard_school_get_establishment_type  (OnboardSchool *self);
const char    *onboard_school_get_status              (OnboardSchool *self);
/* The DfE number for display, "330/2005", or NULL without a LAESTAB. */
char          *onboard_school_dup_dfe_number          (OnboardSchool *self);

G_END_DECLS
