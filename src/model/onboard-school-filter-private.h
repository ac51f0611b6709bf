/* onboard-school-filter-private.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onboard-school-filter.h"
#include "onboard-school-store.h"

G_BEGIN_DECLS

/* How well a school the query matches fits it, best first: what orders
 * the results (OnboardSchoolResults). */
typedef enum
{
  /* Its whole postcode, its URN or its DfE number. */
  ONBOARD_SCHOOL_RANK_CODE,
  /* Its name begins with the query's words, in the order typed. */
  ONBOARD_SCHOOL_RANK_NAME_START,
  /* Each word of the query starts a word of its name. */
  ONBOARD_SCHOOL_RANK_NAME_WORDS,
  /* Any other match, through its town or part of its postcode; and every
   * school when the query is empty. */
  ONBOARD_SCHOOL_RANK_OTHER,
} OnboardSchoolRank;

#define ONBOARD_SCHOOL_N_RANKS (ONBOARD_SCHOOL_RANK_OTHER + 1)

/* The rows of @store the query matches, in no order, and a bit per row
 * for each (as row / 64, row % 64), worked out now if need be. FALSE when
 * the query matches every school, or when the filter answers for the
 * schools of another store first: ask gtk_filter_match() then. */
gboolean          onboard_school_filter_peek_matches (OnboardSchoolFilter       *self,
                                                      OnboardSchoolStore        *store,
                                                      const guint32            **out_rows,
                                                      guint                     *out_n_rows,
                                                      const guint64            **out_bits);

/* The rank of row @row of @store, a row the query matches. */
OnboardSchoolRank onboard_school_filter_rank_row     (OnboardSchoolFilter       *self,
                                                      const OnboardSchoolStore  *store,
                                                      guint                      row);

G_END_DECLS
