#!/usr/bin/env bash
# The one script behind the README's commands. On a fresh Debian 12 machine it
# installs what is missing, builds into one folder, then runs the app against
# the local reference server, or runs every test.
#
#   build-aux/dev.sh run [APP OPTIONS]   build, start the reference server, open the app
#   build-aux/dev.sh test                build and run every test suite
#   build-aux/dev.sh bench               build and run the benchmarks (they print figures)
#   build-aux/dev.sh screenshot FILE [WIDTH HEIGHT] [APP OPTIONS]
#                                        a PNG of the app's window under Xvfb
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ONBOARD_BUILD_DIR:-"$top/_build"}

# Every Debian package the project needs to build, test and run: one list.
packages=(
  appstream
  at-spi2-core
  bubblewrap
  dbus
  dbus-x11
  debootstrap
  desktop-file-utils
  elfutils
  flatpak
  flatpak-builder
  gcc
  gettext
  gnome-keyring
  imagemagick
  libadwaita-1-dev
  libglib2.0-bin
  libglib2.0-dev
  libglib2.0-dev-bin
  libgtk-4-dev
  libjson-glib-dev
  libsecret-1-dev
  libsoup-3.0-dev
  meson
  ninja-build
  pkg-config
  python3
  wrk
  xauth
  xdotool
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

  test)
    build
    if have_display; then
      dbus-run-session -- meson test -C "$build" --print-errorlogs "$@"
    else
      xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
        meson test -C "$build" --print-errorlogs "$@"
    fi
    ;;

  bench)
    build
    xvfb-run -a dbus-run-session -- meson test -C "$build" --benchmark --verbose "$@"
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
      xvfb-run -a -s "-screen 0 ${width}x${height}x24" dbus-run-session -- bash -c '
        "$1" "${@:4}" &
        app=$!
        sleep "${ONBOARD_SHOT_DELAY:-3}"
        import -window root "$2"
        kill "$app"' _ "$build/src/assembly-onboard" "$(realpath -m "$out")" "$width" "$@"
    rm -rf "$config"
    say "Wrote $out"
    ;;

  *)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
