#!/usr/bin/env python3
# `meson install` puts exactly what the Flatpak build exports, and nothing
# else: the program, its desktop file, metainfo, both icons, the settings
# schema and one catalogue per language in po/LINGUAS. A stray test program,
# the reference server, a static library or a header in a school's /usr
# would be a bug, and so would a missing icon or translation.
#
# Usage: check-install.py BUILD_DIR SOURCE_ROOT PREFIX BINDIR DATADIR LOCALEDIR
import os
import shutil
import stat
import subprocess
import sys
import tempfile

APP_ID = "org.assembly.Onboard"
PROGRAM = "assembly-onboard"
DOMAIN = "assembly-onboard"


def expected_files(source_root, bindir, datadir, localedir):
    with open(os.path.join(source_root, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = [word for line in f if not line.startswith("#") for word in line.split()]

    files = {
        os.path.join(bindir, PROGRAM),
        os.path.join(datadir, "applications", APP_ID + ".desktop"),
        os.path.join(datadir, "metainfo", APP_ID + ".metainfo.xml"),
        os.path.join(datadir, "icons", "hicolor", "scalable", "apps", APP_ID + ".svg"),
        os.path.join(datadir, "icons", "hicolor", "symbolic", "apps", APP_ID + "-symbolic.svg"),
        os.path.join(datadir, "glib-2.0", "schemas", APP_ID + ".gschema.xml"),
        # Practice mode's school list (GIAS, Open Government Licence).
        os.path.join(datadir, DOMAIN, "schools", "gias-2022-07-all-establishments.csv.gz"),
    }
    for lang in languages:
        files.add(os.path.join(localedir, lang, "LC_MESSAGES", DOMAIN + ".mo"))
    return files


def relative(option, prefix):
    # meson accepts bindir and friends either relative to the prefix or as
    # absolute paths inside it.
    if os.path.isabs(option):
        return os.path.relpath(option, prefix)
    return option


def why_unexpected(path):
    name = os.path.basename(path)
    if name.startswith(("test-", "bench-")) or "/tests/" in "/" + path:
        return "a test program"
    if name == "assembly-sandbox":
        return "the reference server, a development tool"
    if name.endswith((".a", ".so")) or ".so." in name:
        return "a library; the program links everything statically"
    if name.endswith(".h"):
        return "a header; nothing here is a public library"
    if name in ("gschemas.compiled", "icon-theme.cache", "mimeinfo.cache"):
        return ("a cache that the post-install step writes; with DESTDIR set meson must "
                "skip it, and the packaging (Flatpak, dpkg triggers) builds it")
    return "not part of the installed application"


def main():
    build_dir, source_root, prefix, bindir, datadir, localedir = sys.argv[1:7]
    bindir = relative(bindir, prefix)
    datadir = relative(datadir, prefix)
    localedir = relative(localedir, prefix)

    destdir = tempfile.mkdtemp(prefix="onboard-install-")
    try:
        result = subprocess.run(
            ["meson", "install", "-C", build_dir, "--destdir", destdir, "--no-rebuild", "--quiet"],
            capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stdout)
            print(result.stderr)
            print("meson install failed")
            return 1

        root = os.path.join(destdir, prefix.lstrip("/"))
        installed = set()
        outside = []
        for dirpath, dirnames, files in os.walk(destdir):
            for name in files + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
                full = os.path.join(dirpath, name)
                if os.path.commonpath([full, root]) != root:
                    outside.append("/" + os.path.relpath(full, destdir))
                else:
                    installed.add(os.path.relpath(full, root))

        expected = expected_files(source_root, bindir, datadir, localedir)
        failures = []
        for path in sorted(outside):
            failures.append(f"installed outside the prefix {prefix}: {path}")
        for path in sorted(installed - expected):
            failures.append(f"installed but not expected: {path} ({why_unexpected(path)})")
        for path in sorted(expected - installed):
            failures.append(f"expected but not installed: {path}")

        program = os.path.join(root, bindir, PROGRAM)
        if os.path.exists(program):
            mode = os.stat(program).st_mode
            if not mode & stat.S_IXUSR or not mode & stat.S_IXOTH:
                failures.append(f"{bindir}/{PROGRAM} is not executable by everyone")

        desktop = os.path.join(root, datadir, "applications", APP_ID + ".desktop")
        if os.path.exists(desktop):
            with open(desktop, encoding="utf-8") as f:
                text = f.read()
            # The desktop file launches the installed program by name and shows
            # the installed icon: both must match what is in the tree.
            if f"\nExec={PROGRAM}" not in text:
                failures.append(f"the desktop file does not run {PROGRAM}")
            if f"\nIcon={APP_ID}\n" not in text:
                failures.append(f"the desktop file does not use the icon {APP_ID}")

        for failure in failures:
            print(failure)
        if failures:
            print("\nFix the install: declarations in the meson.build files (install: false for "
                  "tests and tools), or the expected list in tests/check-install.py if the "
                  "Flatpak manifest changed too.")
            return 1

        print(f"{len(installed)} files installed under {prefix}, exactly as expected:")
        for path in sorted(installed):
            print(f"  {path}")
        return 0
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
