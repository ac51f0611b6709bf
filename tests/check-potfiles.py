#!/usr/bin/env python3
# Every source file with a translatable string is listed in po/POTFILES.in,
# the list is sorted, and every listed file exists: otherwise its strings
# silently never reach translators.
import os
import re
import sys

top = sys.argv[1]
listed = []
with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)

failures = []
if listed != sorted(listed):
    failures.append("po/POTFILES.in is not sorted")

for path in listed:
    if not os.path.exists(os.path.join(top, path)):
        failures.append(f"po/POTFILES.in lists {path}, which does not exist")

marker = re.compile(r'\b_\(|\bN_\(|\bC_\(|g_dngettext|translatable="yes"')
for root in ("src", "data"):
    for dirpath, _, files in os.walk(os.path.join(top, root)):
        for name in files:
            if not name.endswith((".c", ".ui", ".in", ".xml")):
                continue
            path = os.path.relpath(os.path.join(dirpath, name), top)
            if path.endswith(".gresource.xml"):
                continue
            with open(os.path.join(top, path), encoding="utf-8") as f:
                text = f.read()
            if marker.search(text) and path not in listed:
                failures.append(f"{path} has translatable strings but is not in po/POTFILES.in")

for failure in failures:
    print(failure)
if not failures:
    print(f"{len(listed)} files listed, none missing")
sys.exit(1 if failures else 0)
