/* onboard-page.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "onboard-client.h"
#include "onboard-progress.h"
#include "onboard-step-header.h"

G_BEGIN_DECLS

#define ONBOARD_PAGE_N_STEPS 5

#define ONBOARD_TYPE_PAGE (onboard_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (OnboardPage, onboard_page, ONBOARD, PAGE, AdwBin)

struct _OnboardPageClass
{
  AdwBinClass parent_class;

  /* Called by the window each time the page becomes the current one. */
  void     (*shown)            (OnboardPage *self);
  /* The user pressed the page's primary action in the window's button row.
   * Returns FALSE when the page has nothing of its own to do (its step is
   * complete and the action only goes on), so the window moves on. */
  gboolean (*activate_primary) (OnboardPage *self);

  /*< private >*/
  gpointer _reserved[8];
};

OnboardClient   *onboard_page_get_client   (OnboardPage *self);
OnboardProgress *onboard_page_get_progress (OnboardPage *self);
const char *onboard_page_get_title     (OnboardPage *self);
void        onboard_page_set_title     (OnboardPage *self,
                                        const char  *title);
guint       onboard_page_get_step      (OnboardPage *self);
void        onboard_page_set_step      (OnboardPage *self,
                                        guint        step);
gboolean    onboard_page_get_complete  (OnboardPage *self);
void        onboard_page_set_complete  (OnboardPage *self,
                                        gboolean     complete);
gboolean    onboard_page_get_busy      (OnboardPage *self);
void        onboard_page_set_busy      (OnboardPage *self,
                                        gboolean     busy);
gboolean    onboard_page_get_has_input (OnboardPage *self);
void        onboard_page_set_has_input (OnboardPage *self,
                                        gboolean     has_input);
const char *onboard_page_get_primary_label     (OnboardPage *self);
void        onboard_page_set_primary_label     (OnboardPage *self,
                                                const char  *label);
gboolean    onboard_page_get_primary_sensitive (OnboardPage *self);
void        onboard_page_set_primary_sensitive (OnboardPage *self,
                                                gboolean     sensitive);
void        onboard_page_set_primary           (OnboardPage *self,
                                                const char  *label,
                                                gboolean     sensitive);
gboolean    onboard_page_activate_primary      (OnboardPage *self);
const char *onboard_page_get_primary_hint      (OnboardPage *self);
void        onboard_page_set_primary_hint      (OnboardPage *self,
                                                const char  *hint);
char       *onboard_page_dup_step_label (OnboardPage *self);
void        onboard_page_shown         (OnboardPage *self);
void        onboard_page_bind_header   (OnboardPage       *self,
                                        OnboardStepHeader *header);

G_END_DECLS
