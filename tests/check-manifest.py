#!/usr/bin/env python3
# Checks the Flatpak manifest the way a reviewer would: it parses, names what
# Flatpak needs, and asks for exactly the permissions the app needs.
import json
import sys

EXPECTED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
]


def fail(message):
    print(f"not ok - {message}")
    sys.exit(1)


def main(path):
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        fail(f"{path} does not parse: {e}")

    for key in ("id", "runtime", "runtime-version", "sdk", "command", "finish-args",
                "cleanup", "modules"):
        if key not in manifest:
            fail(f"missing key {key!r}")

    if manifest["id"] != "org.assembly.Onboard":
        fail(f"id is {manifest['id']!r}")
    if manifest["runtime"] != "org.gnome.Platform" or manifest["sdk"] != "org.gnome.Sdk":
        fail("runtime and sdk must be org.gnome.Platform and org.gnome.Sdk")
    try:
        if int(str(manifest["runtime-version"])) < 50:
            fail("runtime-version must be 50 or newer")
    except ValueError:
        fail(f"runtime-version {manifest['runtime-version']!r} is not a stable version")
    if manifest["command"] != "assembly-onboard":
        fail(f"command is {manifest['command']!r}")
    if sorted(manifest["finish-args"]) != sorted(EXPECTED_FINISH_ARGS) or \
       len(manifest["finish-args"]) != len(EXPECTED_FINISH_ARGS):
        fail(f"finish-args must be exactly {EXPECTED_FINISH_ARGS}, got {manifest['finish-args']}")

    modules = manifest["modules"]
    app = modules[-1] if modules else None
    if not isinstance(app, dict) or app.get("buildsystem") != "meson":
        fail("the last module must be the app, built with meson")
    sources = app.get("sources", [])
    if not any(s.get("type") == "dir" and s.get("path") == "." for s in sources):
        fail("the app module must build from this directory (type dir, path .)")
    if not app.get("run-tests"):
        fail("the app module must run its tests (run-tests)")

    print("ok - manifest")


if __name__ == "__main__":
    main(sys.argv[1])
