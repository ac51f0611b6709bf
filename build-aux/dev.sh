#!/usr/bin/env bash
# The one script behind the README's commands. On a fresh Debian 12 machine it
# installs what is missing, builds into one folder, then runs the app against
# the local reference server, or runs every test.
#
#   build-aux/dev.sh run [APP OPTIONS]   build, start the reference server, open the app
#   build-aux/dev.sh test [--quick] [MESON TEST OPTIONS]
#                                        build and run every test suite, then the sanitizer
#                                        build's suites and 30 s of each fuzz target;
#                                        --quick: the first build's suites only
#   build-aux/dev.sh sanitize [MESON TEST OPTIONS]
#                                        build with ASan and UBSan (_build-asan), run every suite
#   build-aux/dev.sh fuzz [SECONDS] [TARGET...]
#                                        build the libFuzzer targets with clang (_build-fuzz),
#                                        run each for SECONDS (30)
#   build-aux/dev.sh bench               build and run the benchmarks (they print figures)
#   build-aux/dev.sh screenshot FILE [WIDTH HEIGHT] [APP OPTIONS]
#                                        a PNG of the app's window under Xvfb
#   build-aux/dev.sh screenshots         one PNG per step at 1024x768, from the real app
#                                        against the reference server, into data/screenshots/
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ONBOARD_BUILD_DIR:-"$top/_build"}
asan_build=${ONBOARD_ASAN_BUILD_DIR:-"$top/_build-asan"}
fuzz_build=${ONBOARD_FUZZ_BUILD_DIR:-"$top/_build-fuzz"}

# Every Debian package the project needs to build, test and run: one list.
packages=(
  appstream
  at-spi2-core
  bubblewrap
  clang
  dbus
  dbus-x11
  debootstrap
  desktop-file-utils
  elfutils
  flatpak
  flatpak-builder
  gcc
  gettext
  gir1.2-pango-1.0
  gnome-keyring
  gnome-text-editor
  imagemagick
  libadwaita-1-dev
  libclang-rt-14-dev
  libglib2.0-bin
  libglib2.0-dev
  libglib2.0-dev-bin
  libgtk-4-dev
  libjson-glib-dev
  libsecret-1-dev
  libsoup-3.0-dev
  libweston-10-dev
  libx11-dev
  libxtst-dev
  llvm
  meson
  ninja-build
  openbox
  orca
  pkg-config
  python3
  python3-pyatspi
  weston
  wl-clipboard
  wrk
  xauth
  xdotool
  xsettingsd
  xvfb
)

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }

install_missing() {
  local missing=() pkg sudo=()

  for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "Missing packages: ${missing[*]}; install them as root."; exit 1; }
    sudo=(sudo)
  fi
  say "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  install_missing
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top" --werror
  fi
  meson compile -C "$build"
}

have_display() { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }

# A display and a session bus, as the UI suites need. -noreset: by default
# Xvfb starts over each time its last client leaves, and a test that
# connects just then is told "cannot open display" (seen once in CI).
in_session() {
  if have_display; then
    dbus-run-session -- "$@"
  else
    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" dbus-run-session -- "$@"
  fi
}

sanitize_build() {
  install_missing
  if [ ! -f "$asan_build/build.ninja" ]; then
    meson setup "$asan_build" "$top" --werror -Db_sanitize=address,undefined \
      -Dc_args=-fno-sanitize-recover=all
  fi
  meson compile -C "$asan_build"
}

# Every suite but flatpak and e2e (slow, and not about memory) in the sanitizer
# build. Any report fails the run: UBSan stops at the first error
# (-fno-sanitize-recover), ASan and LSan abort. Leaks are checked in every
# suite but ui, whose GTK and Mesa keep memory until exit; tests/lsan.supp
# says why each of its entries is there.
sanitize_test() {
  local started=$SECONDS status=0 asan_options

  # fast_unwind_on_malloc=0: Debian's GLib has no frame pointers, and the
  # suppressions need the whole allocation stack. intercept_tls_get_addr=0:
  # LSan misreads glibc 2.36's dynamic TLS and crashes without it.
  asan_options=abort_on_error=1:fast_unwind_on_malloc=0:malloc_context_size=16:intercept_tls_get_addr=0
  export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
  # GLib's slice allocator would hide overflows and leaks inside its slabs.
  export G_SLICE=always-malloc

  ASAN_OPTIONS="$asan_options:detect_leaks=1" in_session \
    meson test -C "$asan_build" --no-rebuild --print-errorlogs --timeout-multiplier 6 \
    --no-suite ui --no-suite flatpak --no-suite keyring --no-suite e2e "$@" || status=$?
  # The keyring tests run each case in a child whose private bus cannot be
  # torn down: libsecret 0.20 keeps a reference to its D-Bus connection per
  # call, with the messages it received (see tests/onboard-test-keyring.c),
  # so the child exits with them on purpose. Memory errors still abort.
  # With no leak check there are no suppressions to match, so the fast
  # unwinder does: the slow one deadlocks in libgcc's unwinder when GTK's
  # and Mesa's threads unwind at the same time.
  ASAN_OPTIONS="${asan_options/fast_unwind_on_malloc=0:/}:detect_leaks=0" in_session \
    meson test -C "$asan_build" --no-rebuild --print-errorlogs --timeout-multiplier 6 \
    --suite ui --suite keyring "$@" || status=$?

  say "Sanitizer suites: $((SECONDS - started)) s"
  return "$status"
}

fuzz_targets() {
  local dir

  for dir in "$top"/tests/fuzz/corpus/*/; do
    printf 'fuzz-%s\n' "$(basename "$dir")"
  done
}

fuzz_build() {
  install_missing
  if [ ! -f "$fuzz_build/build.ninja" ]; then
    CC=clang meson setup "$fuzz_build" "$top" --werror -Dfuzzing=true \
      -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all
  fi
  # The fuzz targets only: the other two builds compile and test the rest.
  meson compile -C "$fuzz_build" $(fuzz_targets)
}

fuzz_run() {
  local seconds=$1 started=$SECONDS status=0
  shift

  "$top/tests/fuzz/run-fuzzers.sh" --build-dir "$fuzz_build/tests/fuzz" --seconds "$seconds" "$@" \
    || status=$?
  say "Fuzzing: $((SECONDS - started)) s"
  return "$status"
}

# Uninstalled runs find the compiled GSettings schema in the build folder.
export GSETTINGS_SCHEMA_DIR="$build/data"

start_sandbox() {
  local fifo
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  "$build/tests/sandbox/assembly-sandbox" --port 0 "$@" >"$fifo" &
  sandbox_pid=$!
  exec 3<"$fifo"
  rm -f "$fifo"
  # The server's first line is its base URL; the rest is its banner and log.
  IFS= read -r -t 30 api_url <&3 || { say "The reference server did not start."; exit 1; }
  cat <&3 >&2 &
  trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
}

cmd=${1:-}
[ $# -gt 0 ] && shift

case "$cmd" in
  run)
    build
    start_sandbox ${ONBOARD_SANDBOX_ARGS:-}
    say "Reference server: $api_url"
    say "Mailbox (activation and Groupcall emails): ${api_url}/__dev/outbox"
    say "Demo invite codes: DEMO-ASSEMBLY, DEMO-BOOKING"
    if have_display; then
      "$build/src/assembly-onboard" --api-url "$api_url" "$@"
    else
      say "No display here: running the app under Xvfb."
      xvfb-run -a dbus-run-session -- "$build/src/assembly-onboard" --api-url "$api_url" "$@"
    fi
    ;;

  practice)
    # The app in practice mode: the reference service inside it, the real
    # school list (an installed app finds it in its data folder).
    build
    export ONBOARD_PRACTICE_SCHOOLS="$top/tests/data/schools/gias-2022-07-all-establishments.csv.gz"
    if have_display; then
      "$build/src/assembly-onboard" --practice "$@"
    else
      say "No display here: running the app under Xvfb."
      xvfb-run -a dbus-run-session -- "$build/src/assembly-onboard" --practice "$@"
    fi
    ;;

  test)
    # Every stage unless asked for the quick loop; CI runs every stage.
    run_sanitize=true run_fuzz=true
    meson_args=()
    for arg in "$@"; do
      case "$arg" in
        --quick) run_sanitize=false run_fuzz=false ;;
        *) meson_args+=("$arg") ;;
      esac
    done
    build
    if have_display; then
      dbus-run-session -- meson test -C "$build" --print-errorlogs "${meson_args[@]}"
    else
      xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" dbus-run-session -- \
        meson test -C "$build" --print-errorlogs "${meson_args[@]}"
    fi
    if $run_sanitize; then
      sanitize_build
      sanitize_test "${meson_args[@]}"
    fi
    if $run_fuzz; then
      fuzz_build
      # Two at a time: each target is one process on one core.
      fuzz_run 30 --parallel 2
    fi
    ;;

  sanitize)
    sanitize_build
    sanitize_test "$@"
    ;;

  fuzz)
    seconds=30
    if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
      seconds=$1
      shift
    fi
    fuzz_build
    fuzz_run "$seconds" "$@"
    ;;

  bench)
    build
    # A 24-bit screen, as the UI suites have: the benchmarks that draw
    # (first-window, key-to-frame) measure real windows on it.
    xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" dbus-run-session -- \
      meson test -C "$build" --benchmark --verbose "$@"
    ;;

  screenshot)
    out=${1:?usage: dev.sh screenshot FILE [WIDTH HEIGHT] [APP OPTIONS]}
    shift
    width=1024 height=768
    if [ $# -ge 2 ] && [[ $1 =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]]; then
      width=$1 height=$2
      shift 2
    fi
    build
    config=$(mktemp -d)
    # A settings file of its own so the window opens at the asked size.
    mkdir -p "$config/glib-2.0/settings"
    printf '[org/assembly/Onboard]\nwindow-size=(%d, %d)\n' "$width" "$height" \
      >"$config/glib-2.0/settings/keyfile"
    XDG_CONFIG_HOME="$config" GSETTINGS_BACKEND=keyfile \
      xvfb-run -a -s "-screen 0 ${width}x${height}x24 -noreset" dbus-run-session -- bash -c '
        "$1" "${@:4}" &
        app=$!
        sleep "${ONBOARD_SHOT_DELAY:-3}"
        import -window root "$2"
        kill "$app"' _ "$build/src/assembly-onboard" "$(realpath -m "$out")" "$width" "$@"
    rm -rf "$config"
    say "Wrote $out"
    ;;

  screenshots)
    # The keyboard run goes through every step on a 1024x768 screen against
    # the reference server and keeps a picture of each page; these are the
    # ones the README and the metainfo show.
    build
    shots=$(mktemp -d)
    /usr/bin/python3 "$top/tests/e2e/test-e2e.py" --run keyboard --build-dir "$build" \
      --output-dir "$shots" --window-size 1024x768
    for pair in step-1:step-1 step-2-filled:step-2 step-3-chosen:step-3 \
                step-4-filled:step-4 step-5-connected:step-5; do
      from=$(ls "$shots"/keyboard/*-"${pair%%:*}".png | head -n 1)
      cp "$from" "$top/data/screenshots/${pair##*:}.png"
      say "Wrote data/screenshots/${pair##*:}.png"
    done
    rm -rf "$shots"
    ;;

  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
