#!/usr/bin/env bash
# Proves the Flatpak manifest on a Debian 12 machine. The GNOME runtime cannot
# be downloaded everywhere the project is built, so the script assembles a
# runtime and SDK of its own from Debian 12 packages, then builds the app from
# the real manifest's modules, build options, cleanup and finish-args (only
# runtime, sdk and runtime-version differ), installs it, runs it in the
# sandbox, and writes a single-file bundle.
#
#   build-aux/flatpak-proof.sh [OPTIONS]
#
#   --rebuild-runtime   build the Debian runtime again even if it is cached
#   --build-dir DIR     the host build that holds the reference server
#                       (default: $ONBOARD_BUILD_DIR or _build; set up if missing)
#   --sandbox PROGRAM   the reference server (default: DIR/tests/sandbox/assembly-sandbox)
#   --output-dir DIR    where the bundle, the screenshot and the logs go
#                       (default: DIR/flatpak)
#   --commit REV        prove a commit rather than the working tree
#
# The runtime (1 GB; 5 to 20 minutes to build, mostly downloading) is cached
# in ${XDG_CACHE_HOME:-~/.cache}/assembly-onboard/flatpak-runtime, keyed by
# its package list and recipe, so later runs only build and run the app.
# Building it needs root (debootstrap); everything else runs as the calling
# user and uses the user's Flatpak installation.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app_id=org.assembly.Onboard
manifest=$top/$app_id.json
expected_title="Step 1 of 5 · Before you start"

# The runtime. One tree serves as both Platform and Sdk: the proof is about
# the app's manifest, not about keeping compilers out of the runtime.
suite=bookworm
runtime_branch=12
platform_id=org.debian.Platform
sdk_id=org.debian.Sdk
remote=onboard-debian
runtime_packages=(
  adwaita-icon-theme
  appstream
  appstream-util
  ca-certificates
  dbus
  desktop-file-utils
  fontconfig
  fonts-cantarell
  fonts-dejavu-core
  gcc
  gettext
  glib-networking
  hicolor-icon-theme
  libadwaita-1-dev
  libc6-dev
  libgl1-mesa-dri
  libglib2.0-bin
  libglib2.0-dev
  libglib2.0-dev-bin
  libgtk-4-bin
  libgtk-4-dev
  libjson-glib-dev
  librsvg2-common
  libsecret-1-dev
  libsoup-3.0-dev
  libxml2-utils
  locales
  meson
  ninja-build
  pkg-config
  python3
  shared-mime-info
)
# flatpak-builder runs the build with LC_ALL=en_US.utf8; users here run en_GB.
runtime_locales=(
  en_GB.UTF-8
  en_US.UTF-8
)

build=${ONBOARD_BUILD_DIR:-"$top/_build"}
sandbox_program=
out=
commit=
rebuild_runtime=false

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf '\033[1;31mflatpak-proof: %s\033[0m\n' "$*" >&2; exit 1; }
usage() { sed -n '9,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild-runtime) rebuild_runtime=true ;;
    --build-dir) build=$(realpath -m "${2:?}"); shift ;;
    --sandbox) sandbox_program=$(realpath -m "${2:?}"); shift ;;
    --output-dir) out=$(realpath -m "${2:?}"); shift ;;
    --commit) commit=${2:?}; shift ;;
    -h|--help) usage ;;
    *) printf 'Unknown option %s\n' "$1" >&2; usage ;;
  esac
  shift
done

sandbox_program=${sandbox_program:-"$build/tests/sandbox/assembly-sandbox"}
out=${out:-"$build/flatpak"}

# flatpak-builder strips the app with the host's eu-strip (elfutils).
for tool in flatpak flatpak-builder bwrap eu-strip python3 xvfb-run dbus-run-session xdotool import; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing: build-aux/dev.sh test installs every package this needs"
done

arch=$(flatpak --default-arch)
cache_root=${XDG_CACHE_HOME:-"$HOME/.cache"}/assembly-onboard/flatpak-runtime
mkdir -p "$cache_root" "$out"

work=$(mktemp -d "${TMPDIR:-/tmp}/onboard-flatpak-proof.XXXXXX")
sandbox_pid=

cleanup() {
  local status=$?

  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  # The debootstrapped tree holds root-owned files and read-only directories.
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
  [ $status -eq 0 ] || printf '\033[1;31mflatpak-proof: failed (logs in %s)\033[0m\n' "$out" >&2
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two runs at once would share the cache and the user installation.
exec 9>"$cache_root/lock"
flock 9

started=$SECONDS
declare -A took

# ---------------------------------------------------------------- runtime

# The host's own Debian mirror for a suite, so the runtime comes from where
# apt already fetches; deb.debian.org when apt knows none.
host_mirror() {
  apt-get indextargets --no-release-info --format '$(RELEASE) $(REPO_URI)' \
    'Identifier: Packages' 2>/dev/null | awk -v suite="$1" '$1 == suite { print $2; exit }'
}

in_tree() {
  bwrap --bind "$tree" / --proc /proc --dev /dev \
    --ro-bind /etc/resolv.conf /etc/resolv.conf \
    --unshare-pid --die-with-parent \
    --setenv DEBIAN_FRONTEND noninteractive --setenv LC_ALL C.UTF-8 \
    --setenv PATH /usr/sbin:/usr/bin \
    "$@"
}

# Runs a step of the runtime build with its output in the log, shown on failure.
logged() {
  printf '+ %s\n' "$*" >>"$runtime_log"
  "$@" >>"$runtime_log" 2>&1 || { tail -30 "$runtime_log" >&2; die "$* failed (log: $runtime_log)"; }
}

# Debootstraps Debian 12 into $tree and installs the SDK packages there.
build_runtime_tree() {
  local mirror updates security

  mirror=$(host_mirror "$suite")
  mirror=${mirror:-http://deb.debian.org/debian/}
  updates=$(host_mirror "$suite-updates")
  security=$(host_mirror "$suite-security")

  logged debootstrap --variant=minbase "$suite" "$tree" "$mirror"

  {
    printf 'deb %s %s main\n' "$mirror" "$suite"
    [ -z "$updates" ] || printf 'deb %s %s-updates main\n' "$updates" "$suite"
    [ -z "$security" ] || printf 'deb %s %s-security main\n' "$security" "$suite"
  } >"$tree/etc/apt/sources.list"

  # Documentation only makes the runtime slower to export.
  cat >"$tree/etc/dpkg/dpkg.cfg.d/01-runtime-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
EOF

  printf '%s UTF-8\n' "${runtime_locales[@]}" >"$tree/etc/locale.gen"

  logged in_tree apt-get update -q
  logged in_tree apt-get install -y -q --no-install-recommends "${runtime_packages[@]}"
  logged in_tree locale-gen

  # Flatpak checks files out with every mtime at 0 and gives each app its own
  # /var, so a font cache is only found if it lives in /usr and was made for
  # font folders whose mtime is 0. Caches made for the old mtimes go first, or
  # fc-cache trips over them.
  mkdir -p "$tree/usr/lib/fontconfig/cache"
  cat >"$tree/etc/fonts/conf.d/05-runtime-cache.conf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>/usr/lib/fontconfig/cache</cachedir>
</fontconfig>
EOF
  rm -rf "$tree/var/cache/fontconfig"
  find "$tree/usr/share/fonts" "$tree/usr/local/share/fonts" -type d -exec touch -d @0 {} +
  logged in_tree fc-cache -s -f -v

  logged in_tree ldconfig
  logged in_tree apt-get clean
}

# Turns $tree into a Flatpak runtime build folder: the tree as usr/, its /etc
# as usr/etc (Flatpak builds the sandbox's /etc from it), an empty files/.
export_runtime() {
  local rt=$work/runtime id

  mkdir -p "$rt/files"
  mv "$tree/usr" "$rt/usr"
  mv "$tree/etc" "$rt/usr/etc"
  rm -f "$rt/usr/etc/resolv.conf" "$rt/usr/etc/hostname" "$rt/usr/etc/hosts"

  for id in "$platform_id" "$sdk_id"; do
    cat >"$work/metadata.$id" <<EOF
[Runtime]
name=$id
runtime=$platform_id/$arch/$runtime_branch
sdk=$sdk_id/$arch/$runtime_branch
EOF
    logged flatpak build-export --runtime --disable-fsync --no-update-summary --arch="$arch" \
      --metadata="$work/metadata.$id" --subject="Debian $runtime_branch ($suite) for $app_id" \
      "$repo" "$rt" "$runtime_branch"
  done
  logged flatpak build-update-repo "$repo"
}

# The key changes with the package list and with the recipe that uses it.
runtime_key=$({ declare -p suite runtime_branch runtime_packages runtime_locales arch
                declare -f build_runtime_tree export_runtime; } | sha256sum | cut -c1-16)
cache=$cache_root/$runtime_key
repo=$cache/repo
tree=$work/tree
runtime_log=$out/runtime.log

if $rebuild_runtime || [ ! -f "$cache/complete" ]; then
  [ "$(id -u)" -eq 0 ] || die "building the runtime needs root (debootstrap); run once as root"
  command -v debootstrap >/dev/null || die "debootstrap is missing"
  say "Building the Debian $runtime_branch runtime ($runtime_key): takes a few minutes, once"
  rm -rf "$cache"
  mkdir -p "$cache"
  : >"$runtime_log"
  build_runtime_tree
  export_runtime
  printf '%s\n' "${runtime_packages[@]}" >"$cache/packages"
  touch "$cache/complete"
  # Only the current key is worth its gigabyte.
  find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name "$runtime_key" -exec rm -rf {} +
else
  say "Using the cached runtime $runtime_key"
fi

flatpak remote-add --user --no-gpg-verify --if-not-exists "$remote" "file://$repo"
flatpak remote-modify --user --no-gpg-verify --url="file://$repo" "$remote"

for id in "$platform_id" "$sdk_id"; do
  ref=runtime/$id/$arch/$runtime_branch
  want=$(flatpak remote-info --user --show-commit "$remote" "$ref")
  have=$(flatpak info --user --show-commit "$ref" 2>/dev/null || true)
  if [ -z "$have" ]; then
    flatpak install --user --noninteractive "$remote" "$ref"
  elif [ "$have" != "$want" ]; then
    flatpak update --user --noninteractive --commit="$want" "$ref"
  fi
done
took[runtime]=$((SECONDS - started))

# -------------------------------------------------------------------- app

step=$SECONDS
say "Building $app_id from the manifest's modules"

# The manifest's dir source copies its folder: give it a copy of the tree
# without build folders (which CI and developers keep inside the clone).
src=$work/src
mkdir -p "$src"
if [ -n "$commit" ]; then
  git -C "$top" archive "$commit" | tar -C "$src" -xf -
elif git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
     xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
     tar --null -T - -cf -) | tar -C "$src" -xf -
else
  tar -C "$top" --exclude='./_build*' --exclude=./.flatpak-builder -cf - . | tar -C "$src" -xf -
fi

# The derived manifest sits beside the real one (which the data suite checks
# during the build) and may differ from it in exactly three keys.
derived=$src/$app_id.debian-proof.json
python3 - "$src/$app_id.json" "$derived" "$platform_id" "$sdk_id" "$runtime_branch" <<'EOF'
import json
import sys

source, target, platform, sdk, branch = sys.argv[1:]
with open(source, encoding="utf-8") as f:
    real = json.load(f)
derived = dict(real, runtime=platform, sdk=sdk, **{"runtime-version": branch})
changed = sorted(k for k in set(real) | set(derived) if real.get(k) != derived.get(k))
assert set(changed) <= {"runtime", "sdk", "runtime-version"}, changed
with open(target, "w", encoding="utf-8") as f:
    json.dump(derived, f, indent=2, ensure_ascii=False)
EOF

apprepo=$work/repo
if ! (cd "$work" && flatpak-builder --user --disable-rofiles-fuse --force-clean \
        --state-dir="$work/state" --repo="$apprepo" --install \
        "$work/app" "$derived") >"$out/flatpak-builder.log" 2>&1; then
  grep -v '^\[[0-9]*/[0-9]*\]' "$out/flatpak-builder.log" | tail -60 >&2
  die "flatpak-builder failed"
fi
took[app]=$((SECONDS - step))

# ----------------------------------------------------------------- bundle

step=$SECONDS
bundle=$out/$app_id.flatpak
say "Writing $bundle and installing the app from it"
flatpak build-bundle --arch="$arch" "$apprepo" "$bundle" "$app_id" master
# The self-hosted route: what a school gets is the bundle, so the checks and
# the run below are of the app as installed from it. A bundle cannot replace
# an installed app (--reinstall is refused), hence the uninstall, which keeps
# the app's data as a school's update would.
flatpak uninstall --user --noninteractive "$app_id"
flatpak install --user --noninteractive --bundle "$bundle"
took[bundle]=$((SECONDS - step))

# ----------------------------------------------------------------- checks

step=$SECONDS
say "Checking what Flatpak installed and exported"

location=$(flatpak info --user --show-location "$app_id")
installation=${location%/app/"$app_id"/*}

# A home of its own for every run of the app, so it starts as on a new
# computer (at Step 1, with no cache) whatever earlier runs left in ~/.var/app.
mkdir -p "$work/home"
run_app() { HOME=$work/home FLATPAK_USER_DIR=$installation flatpak run --user "$@"; }
exports=$installation/exports/share
flatpak info --user "$app_id" | tee "$out/info.txt" >&2

check() {
  local what=$1
  shift
  if "$@"; then
    printf 'ok - %s\n' "$what" >&2
  else
    die "not ok - $what"
  fi
}

runtime_ref=$(flatpak info --user --show-runtime "$app_id")
check "the app runs on $platform_id" test "$runtime_ref" = "$platform_id/$arch/$runtime_branch"

version=$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$top/meson.build" | head -1)
shown=$(run_app "$app_id" --version 2>"$out/version.log")
check "flatpak run $app_id --version prints $version" test "$shown" = "assembly-onboard $version"

desktop=$exports/applications/$app_id.desktop
check "the desktop file is exported" test -f "$desktop"
check "the exported desktop file validates" desktop-file-validate "$desktop"
check "the exported desktop file starts the app through flatpak" \
  grep -q "^Exec=.*flatpak run .*--command=assembly-onboard $app_id" "$desktop"
check "the exported desktop file names the app's icon" grep -qx "Icon=$app_id" "$desktop"
check "the app icon is exported" test -f "$exports/icons/hicolor/scalable/apps/$app_id.svg"
check "the symbolic icon is exported" \
  test -f "$exports/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
# flatpak-builder 1.2 exports the metainfo under its older appdata name.
metainfo=$(ls "$exports/metainfo/$app_id".{metainfo,appdata}.xml 2>/dev/null | head -1 || true)
check "the metainfo is exported" grep -q "<id>$app_id</id>" "${metainfo:-/nonexistent}"
check "appstream-compose wrote the catalogue entry" \
  sh -c "gzip -dc '$location/files/share/app-info/xmls/$app_id.xml.gz' | grep -q '<id>$app_id</id>'"
check "appstream-compose wrote the catalogue icon" \
  test -f "$location/files/share/app-info/icons/flatpak/128x128/$app_id.png"

flatpak info --user --show-permissions "$app_id" >"$out/permissions.txt"
check "the permissions are exactly the manifest's finish-args" \
  python3 - "$manifest" "$out/permissions.txt" <<'EOF'
import configparser
import json
import sys

# How flatpak build-finish records each kind of finish-arg.
KINDS = {"--share": "shared", "--socket": "sockets", "--device": "devices",
         "--filesystem": "filesystems"}

with open(sys.argv[1], encoding="utf-8") as f:
    finish_args = json.load(f)["finish-args"]
expected = {}
for arg in finish_args:
    kind, _, value = arg.partition("=")
    expected.setdefault(KINDS[kind], set()).add(value)
    # Flatpak writes fallback-x11 with a plain x11 beside it, for versions
    # that predate fallback-x11; newer ones drop x11 when Wayland is there.
    if arg == "--socket=fallback-x11":
        expected[KINDS[kind]].add("x11")

shown = configparser.ConfigParser(delimiters=("=",))
shown.optionxform = str
with open(sys.argv[2], encoding="utf-8") as f:
    shown.read_file(f)
actual = {}
for group in shown.sections():
    for key, value in shown[group].items():
        if group != "Context":
            actual.setdefault(f"[{group}] {key}", set()).add(value)
            continue
        actual[key] = {v for v in value.split(";") if v}

if actual != expected:
    print(f"expected {expected}\n  shown {actual}", file=sys.stderr)
    sys.exit(1)
EOF
took[checks]=$((SECONDS - step))

# -------------------------------------------------------------------- run

step=$SECONDS
say "Running $app_id in the sandbox against the reference server"

if [ ! -x "$sandbox_program" ]; then
  [ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
  meson compile -C "$build" tests/sandbox/assembly-sandbox >/dev/null
fi

fifo=$work/sandbox.fifo
mkfifo "$fifo"
# Both streams append, so neither writes over the other.
: >"$out/sandbox.log"
"$sandbox_program" --port 0 >"$fifo" 2>>"$out/sandbox.log" &
sandbox_pid=$!
exec 3<"$fifo"
IFS= read -r -t 30 api_url <&3 || die "the reference server did not start"
cat <&3 >>"$out/sandbox.log" &
say "Reference server: $api_url"

# --share=network is what lets the sandbox reach the host's loopback.
check "the app's sandbox reaches the reference server" \
  run_app --command=python3 "$app_id" -c '
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/status",
                                 headers={"Accept": "application/vnd.assembly+json; version=1.1"})
with urllib.request.urlopen(request, timeout=10) as r:
    sys.exit(0 if json.load(r)["status"] == "ok" else 1)' "$api_url"

served() { grep -c " /api/onboarding/" "$out/sandbox.log" || true; }
served_before_app=$(served)

# Prints the id of the first visible window whose title matches PATTERN,
# waiting up to a minute while the app (PID) runs. The X sessions below run
# their own shells, through xvfb-run's sh, which drops exported functions:
# they are handed its definition instead.
wait_for_window() {
  local pattern=$1 pid=$2 window
  for _ in $(seq 120); do
    window=$(xdotool search --onlyvisible --name "$pattern" 2>/dev/null | head -1)
    [ -n "$window" ] && { echo "$window"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "the app exited early" >&2; return 1; }
    sleep 0.5
  done
  echo "no window titled \"$pattern\" within a minute" >&2
  return 1
}
window_helpers=$(declare -f wait_for_window)

shot=$out/step-1.png
rm -f "$shot" "$work/title"
# The same private home as run_app.
HOME=$work/home FLATPAK_USER_DIR=$installation xvfb-run -a -s "-screen 0 1024x768x24" dbus-run-session -- bash -c "$window_helpers"'
  set -u
  app_id=$1 api_url=$2 shot=$3 title_file=$4 ps_file=$5
  flatpak run --user "$app_id" --api-url "$api_url" &
  app=$!
  trap "flatpak kill $app_id 2>/dev/null; kill $app 2>/dev/null" EXIT
  window=$(wait_for_window "^Step 1 of 5" $app) || exit 1
  # Give GTK time to draw the page it has mapped.
  sleep 2
  xdotool getwindowname "$window" >"$title_file"
  flatpak ps --columns=application,runtime >"$ps_file"
  import -window root "$shot"
' _ "$app_id" "$api_url" "$shot" "$work/title" "$work/ps" >"$out/app.log" 2>&1 ||
  { tail -30 "$out/app.log" >&2; die "the app did not show Step 1"; }

check "the window's title is \"$expected_title\"" \
  test "$(cat "$work/title")" = "$expected_title"
check "the window belongs to the Flatpak instance on $platform_id" \
  grep -q "^${app_id}[[:space:]]*${platform_id}" "$work/ps"
check "the screenshot was taken" test -s "$shot"
# Step 1 checks that the service answers (and starts fetching the schools).
check "the app's requests reached the reference server" \
  test "$(served)" -gt "$served_before_app"

# Practice mode: the service inside the app, on the sandbox's own loopback.
say "Running $app_id --practice in the sandbox"
check "the practice school list is installed" \
  run_app --command=test "$app_id" -s /app/share/assembly-onboard/schools/gias-2022-07-all-establishments.csv.gz
practice_shot=$out/practice-step-1.png
rm -f "$practice_shot" "$work/practice-title" "$work/practice-banner"
HOME=$work/home FLATPAK_USER_DIR=$installation xvfb-run -a -s "-screen 0 1024x768x24" dbus-run-session -- bash -c "$window_helpers"'
  set -u
  app_id=$1 shot=$2 title_file=$3 banner_file=$4
  flatpak run --user "$app_id" --practice --debug &
  app=$!
  trap "flatpak kill $app_id 2>/dev/null; kill $app 2>/dev/null" EXIT
  window=$(wait_for_window "^Practice · Step 1 of 5" $app) || exit 1
  # Step 1 runs its checks against the practice service; time to draw them.
  sleep 3
  xdotool getwindowname "$window" >"$title_file"
  import -window root "$shot"
  # The banner under the title bar, in libadwaita'"'"'s warning colour.
  convert "$shot" -crop 1x1+10+75 -depth 8 txt:- | tail -1 >"$banner_file"
' _ "$app_id" "$practice_shot" "$work/practice-title" "$work/practice-banner" >"$out/practice.log" 2>&1 ||
  { tail -30 "$out/practice.log" >&2; die "the app did not show practice Step 1"; }

check "the practice window's title is \"Practice · $expected_title\"" \
  test "$(cat "$work/practice-title")" = "Practice · $expected_title"
check "the practice banner is drawn under the title bar ($(cat "$work/practice-banner"))" \
  grep -qi "#E5A50A\|#E5A50AFF\|#CD9309" "$work/practice-banner"
# Step 1's checks: the service answered (the app's own request log), and
# no check failed.
check "Step 1's service check reached the practice service" \
  grep -q "GET /status → 200" "$out/practice.log"
check "the practice run logged no warning" \
  sh -c "! grep -E '(CRITICAL|WARNING) \*\*' '$out/practice.log'"
took[run]=$((SECONDS - step))

say "Done in $((SECONDS - started)) s (runtime ${took[runtime]} s, app build ${took[app]} s," \
  "bundle ${took[bundle]} s, checks ${took[checks]} s, run ${took[run]} s)"
printf 'Bundle:     %s\nScreenshot: %s\nLogs:       %s\n' "$bundle" "$shot" "$out" >&2
