#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzzing build, each for a fixed time, and
# prints libFuzzer's figures for each. Exits 1 when a target crashed, hung,
# leaked or broke one of its checks; the input that did it is kept under
# <build-dir>/artifacts/<target>/ (add it to regressions/<target>/ once fixed).
#
#   run-fuzzers.sh --build-dir DIR [--seconds N] [--parallel N] [TARGET...]
#
#   --build-dir  tests/fuzz inside a build configured with CC=clang
#                -Dfuzzing=true -Db_sanitize=address,undefined
#   --seconds    per target; default $ONBOARD_FUZZ_SECONDS, else 30
#   --parallel   targets at a time; default 1
#   TARGET       e.g. signup or fuzz-signup; default: all of them
#
# New inputs go to <build-dir>/corpus/<target>/, so a later run starts from
# where this one stopped; the committed seeds are only read.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=
seconds=${ONBOARD_FUZZ_SECONDS:-30}
parallel=1
targets=()

usage() { sed -n '6,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?}; shift 2 ;;
    --seconds) seconds=${2:?}; shift 2 ;;
    --parallel) parallel=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    -*) usage ;;
    *) targets+=("${1#fuzz-}"); shift ;;
  esac
done

[ -n "$build_dir" ] || usage
build_dir=$(cd "$build_dir" && pwd)

if [ ${#targets[@]} -eq 0 ]; then
  for dir in "$here"/corpus/*/; do
    targets+=("$(basename "$dir")")
  done
fi

# Which dictionary helps which target.
dictionary_for() {
  case "$1" in
    sandbox-csv) echo "$here/dict/csv.dict" ;;
    validators) echo "$here/dict/validators.dict" ;;
    *) echo "$here/dict/json.dict" ;;
  esac
}

# Reports must stop the run, and GLib's slices must be visible to ASan.
# LSan's __tls_get_addr tracking misreads glibc 2.36's dynamic TLS (Debian
# 12) and crashes its tracer; the blocks are malloc'ed and found anyway.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export NO_AT_BRIDGE=1
# The leaks of the libraries themselves, each explained there.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}

# How ASan runs one target.
asan_options_for() {
  case "$1" in
    # It starts a fresh reference server now and then, and libsoup 3.2
    # leaks what each one accepted: the suppressions match function names
    # that only the slow unwinder sees through Debian's GLib and libsoup.
    sandbox-request) echo "$ASAN_OPTIONS:fast_unwind_on_malloc=0:malloc_context_size=16" ;;
    *) echo "$ASAN_OPTIONS" ;;
  esac
}

run_one() {
  local target=$1 exe="$build_dir/fuzz-$1" work="$build_dir/corpus/$1"
  local artifacts="$build_dir/artifacts/$1" log="$build_dir/logs/$1.log"
  local dict status=0

  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dict=$(dictionary_for "$target")

  ASAN_OPTIONS=$(asan_options_for "$target") \
  "$exe" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
         -dict="$dict" -artifact_prefix="$artifacts/" \
         "$work" "$here/corpus/$target" >"$log" 2>&1 || status=$?

  # "#123456 DONE cov: 1234 ft: 5678 corp: 90/12Kb …", and the final stats.
  local done_line execs rate
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ] && [ -n "$done_line" ]; then
    printf '%-22s ok     %10s execs %7s/s  %s\n' "$target" "${execs:-?}" "${rate:-?}" \
      "$(sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//' <<<"$done_line")"
  else
    printf '%-22s FAILED (exit %d): see %s\n' "$target" "$status" "$log"
    grep -E 'ERROR: |SUMMARY: |ERROR:|Test unit written|assertion|\*\*' "$log" | head -n 12 | sed 's/^/    /'
    return 1
  fi
}

printf 'Fuzzing %d targets for %ss each (%d at a time)\n' "${#targets[@]}" "$seconds" "$parallel"

failed=0
running=0
for target in "${targets[@]}"; do
  if [ ! -x "$build_dir/fuzz-$target" ]; then
    printf '%-22s MISSING: %s is not built\n' "$target" "$build_dir/fuzz-$target"
    failed=1
    continue
  fi
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done

exit "$failed"
