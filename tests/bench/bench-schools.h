/* bench-schools.h
 *
 * Copyright 2026 Assembly Education Ltd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "onboard-school.h"

G_BEGIN_DECLS

/* The searches typed, a key at a time, by the school benchmarks. */
#define BENCH_N_QUERIES 11
extern const char * const bench_queries[BENCH_N_QUERIES];

typedef struct
{
  double median;
  double p99;
  double max;
} BenchFigures;

GBytes       *bench_json_from_shared_data (char          **out_source);
GBytes       *bench_json_generated        (char          **out_source);
BenchFigures  bench_summarise             (GArray         *times);
char         *bench_dup_searchable_text   (OnboardSchool  *school);
GtkFilter    *bench_string_filter_new     (GtkExpression  *expression);

G_END_DECLS
