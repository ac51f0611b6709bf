/* onboard-progress.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The five steps of the published guide, in its order. */
typedef enum
{
  ONBOARD_STEP_BEFORE_YOU_START = 1,
  ONBOARD_STEP_SIGN_UP,
  ONBOARD_STEP_SCHOOL_INFORMATION,
  ONBOARD_STEP_CONFIGURE_CONNECTION,
  ONBOARD_STEP_CHECK_CONNECTION,
} OnboardStep;

#define ONBOARD_PROGRESS_FIRST_STEP ONBOARD_STEP_BEFORE_YOU_START
#define ONBOARD_PROGRESS_LAST_STEP  ONBOARD_STEP_CHECK_CONNECTION

#define ONBOARD_TYPE_PROGRESS (onboard_progress_get_type ())

G_DECLARE_FINAL_TYPE (OnboardProgress, onboard_progress, ONBOARD, PROGRESS, GObject)

/*
 * Where the user is in the five steps, kept on disk so that quitting and
 * coming back days later returns them to the same place.
 *
 * Properties (read-write unless said): "step" (uint, 1 to 5), "email",
 * "signup-id", "invite-code" (as typed for that sign-up), "apps" (strv: "assembly", "schoolbooking"), "school-urn"
 * (six digits), "school-name", "mis-provider" (an id such as "sims"),
 * "registration-id", "connector-id", "connector-status" (the last status
 * string the service gave), "service-url" (construct-only) and
 * "updated-at" (GDateTime, read-only, the time of the last change).
 * Strings are NULL when unknown; setting "" is the same as setting NULL.
 *
 * The file is $XDG_STATE_HOME/assembly-onboard/progress.json, mode 0600:
 *
 *   { "version": 1,
 *     "services": { "<service URL>": { "step": 4, "email": "…", … } } }
 *
 * It keeps one entry per service URL (trailing slashes ignored), so a run
 * against a test service neither sees nor disturbs the progress made with
 * the real one. An object reads and writes only its own service's entry and
 * leaves the others as they are.
 *
 * Every change is written within one main-loop iteration: changes made
 * together give one write, done in a worker thread, atomically (a temporary
 * file renamed over the old one). Call onboard_progress_save_sync() before
 * the application exits.
 *
 * There is no field for a password or a token, on purpose: those live in
 * the keyring (OnboardSecrets) or nowhere.
 *
 * A setter given a value no loader would accept back (a step outside 1 to
 * 5, a URN that is not six digits, a string with control characters or of
 * absurd length) refuses it with a critical warning and keeps the old one,
 * so the app never writes a file it would then reject.
 */

OnboardProgress     *onboard_progress_new                   (const char          *service_url);
OnboardProgress     *onboard_progress_new_at                (const char          *service_url,
                                                             const char          *path);

/* Reads the file. A missing file is a fresh start and not an error. A
 * damaged one (not JSON, wrong types, absurd values) is renamed to
 * progress.json.damaged-<UTC time> beside it, the object starts fresh and
 * onboard_progress_get_recovery_message() says so; this also returns TRUE.
 * FALSE only when the file exists but cannot be read at all. */
gboolean             onboard_progress_load                  (OnboardProgress     *self,
                                                             GError             **error);
/* Writes any change not yet on disk, now, in this thread. */
gboolean             onboard_progress_save_sync             (OnboardProgress     *self,
                                                             GError             **error);
/* Forgets everything, for every service: the fields go back to a fresh
 * start (step 1) and the file is deleted, with the damaged copies that
 * load() set aside beside it. */
gboolean             onboard_progress_reset                 (OnboardProgress     *self,
                                                             GError             **error);

/* A translated sentence for the user after load() set a damaged file
 * aside, else NULL. */
const char          *onboard_progress_get_recovery_message  (OnboardProgress     *self);
/* One line for the support report: step, school URN and name, MIS,
 * connector id and status, time of the last change. Never the email. */
char                *onboard_progress_dup_summary           (OnboardProgress     *self);
/* The damaged copies set aside beside the file, full paths, sorted. */
char               **onboard_progress_dup_damaged_paths     (OnboardProgress     *self);
/* The file this object reads and writes. */
const char          *onboard_progress_get_path              (OnboardProgress     *self);
/* How many times the file has been written by this object; for tests. */
guint                onboard_progress_get_write_count       (OnboardProgress     *self);

const char          *onboard_progress_get_service_url       (OnboardProgress     *self);
GDateTime           *onboard_progress_get_updated_at        (OnboardProgress     *self);

guint                onboard_progress_get_step              (OnboardProgress     *self);
/* Where the user carries on: the furthest step reached ("step"), moved by
 * what the service said. A registered school puts the user at least on
 * Configuring Assembly Connection, an authorised connector on Checking
 * the Connection; with no school registered the user is on School
 * Information at the most. */
OnboardStep          onboard_progress_get_resume_step       (OnboardProgress     *self);
/* Whether the step can still be changed: Sign up not once the account
 * exists, School Information not once Grant Access was pressed, and
 * Configuring Assembly Connection only before it or after Groupcall
 * refused or the school withdrew access. */
gboolean             onboard_progress_get_step_changeable   (OnboardProgress     *self,
                                                             OnboardStep          step);
void                 onboard_progress_set_step              (OnboardProgress     *self,
                                                             guint                step);
const char          *onboard_progress_get_email             (OnboardProgress     *self);
void                 onboard_progress_set_email             (OnboardProgress     *self,
                                                             const char          *email);
const char          *onboard_progress_get_invite_code       (OnboardProgress     *self);
void                 onboard_progress_set_invite_code       (OnboardProgress     *self,
                                                             const char          *invite_code);
const char          *onboard_progress_get_signup_id         (OnboardProgress     *self);
void                 onboard_progress_set_signup_id         (OnboardProgress     *self,
                                                             const char          *signup_id);
const char * const  *onboard_progress_get_apps              (OnboardProgress     *self);
void                 onboard_progress_set_apps              (OnboardProgress     *self,
                                                             const char * const  *apps);
const char          *onboard_progress_get_school_urn        (OnboardProgress     *self);
void                 onboard_progress_set_school_urn        (OnboardProgress     *self,
                                                             const char          *school_urn);
const char          *onboard_progress_get_school_name       (OnboardProgress     *self);
void                 onboard_progress_set_school_name       (OnboardProgress     *self,
                                                             const char          *school_name);
const char          *onboard_progress_get_mis_provider      (OnboardProgress     *self);
void                 onboard_progress_set_mis_provider      (OnboardProgress     *self,
                                                             const char          *mis_provider);
const char          *onboard_progress_get_registration_id   (OnboardProgress     *self);
void                 onboard_progress_set_registration_id   (OnboardProgress     *self,
                                                             const char          *registration_id);
const char          *onboard_progress_get_connector_id      (OnboardProgress     *self);
void                 onboard_progress_set_connector_id      (OnboardProgress     *self,
                                                             const char          *connector_id);
const char          *onboard_progress_get_connector_status  (OnboardProgress     *self);
void                 onboard_progress_set_connector_status  (OnboardProgress     *self,
                                                             const char          *connector_status);

G_END_DECLS
