/* onboard-school-filter.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * The search of the school step, as a GtkFilter of the OnboardSchool items
 * of an OnboardSchoolDirectory. Bind the search entry's text to "query" and
 * put the directory and this filter into an OnboardSchoolResults, which
 * lists the matches best first (the filter also ranks them: see
 * onboard-school-filter-private.h), or into a GtkFilterListModel.
 *
 * A school matches when:
 *  - every word of the query starts a word of its name or town, in any
 *    order, ignoring case, accents and punctuation ("mary prim st" finds
 *    "St Mary's Catholic Primary School", "prevert" finds "Prévert", "marys"
 *    does not find "Rosemary");
 *  - or the query, in any case and spacing, starts its postcode and begins
 *    like one (one or two letters then a digit): "SW1P 3BT", "sw1p3bt",
 *    "sw1p" (not "SW1A 2AA"), "sw1" (SW1A to SW1Y and SW10 to SW19).
 *    Without a space "CB21" reads as "CB21 …" or "CB2 1…" and finds both;
 *    a space after the outward code ("CB21 ", "CB2 1") tells them apart;
 *  - or the query is its URN (six digits) or its DfE number ("330/2005",
 *    "330-2005", "3302005").
 * An empty query, or one with no letters or digits, matches every school.
 *
 * Changing the query emits GtkFilter::changed with MORE_STRICT when the
 * new query can only narrow the results (a letter or a word typed), with
 * LESS_STRICT when it can only widen them (one deleted), DIFFERENT
 * otherwise, and nothing when the results cannot change ("st" to "st ").
 * Matching allocates nothing and reads keys the directory computed when it
 * was loaded.
 */

#define ONBOARD_TYPE_SCHOOL_FILTER (onboard_school_filter_get_type ())

G_DECLARE_FINAL_TYPE (OnboardSchoolFilter, onboard_school_filter, ONBOARD, SCHOOL_FILTER, GtkFilter)

OnboardSchoolFilter *onboard_school_filter_new        (void);
const char          *onboard_school_filter_get_query  (OnboardSchoolFilter *self);
void                 onboard_school_filter_set_query  (OnboardSchoolFilter *self,
                                                       const char          *query);

G_END_DECLS
