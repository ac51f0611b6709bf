#!/usr/bin/env python3
# The words on screen are the guide's and a school office's, not ours: no
# message the user can read says "data pull", "keyring", "fields" or
# "invitation" (which clashes with the user's own invite code), and buttons
# are named as the guide names them ("Sign in", never "Sign In").
#
# Usage: check-plain-words.py SOURCE_ROOT
import importlib.util
import os
import re
import subprocess
import sys
import tempfile

# Each rule: a pattern, what to say instead. Matched against every message
# xgettext extracts, case-insensitively unless the rule says otherwise.
RULES = [
    (re.compile(r"\bpull(s|ed|ing)?\b", re.I), "say “data transfer”: Groupcall’s word, not ours"),
    (re.compile(r"\bkeyrings?\b", re.I), "say “password store”"),
    (re.compile(r"\bfields?\b", re.I), "name the thing to fix, or say “details”"),
    (re.compile(r"\binvitations?\b", re.I), "say “invite code” or “email”: the user has an invite code"),
    (re.compile(r"\bSign In\b"), "write “Sign in”, as the guide and the button do"),
    (re.compile(r"\bIt takes about 15 minutes\b", re.I),
     "say that the user’s part takes 15 minutes: Groupcall’s approval and the first data take longer"),
    # Lower case only: "Authorise" is the name of a button in Groupcall.
    (re.compile(r"\bauthoris(e|es|ing)\b"),
     "name Groupcall’s button, Begin Authorisation, or say “approve”"),
]

# Messages only support reads: the technical details under an error, which
# name the service's own fields as the service sends them.
FOR_SUPPORT = {"Fields"}


def load_check_po(top):
    spec = importlib.util.spec_from_file_location("check_po", os.path.join(top, "tests", "check-po.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    top = sys.argv[1]
    check_po = load_check_po(top)
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "messages.pot")
        subprocess.run(["xgettext", "-f", os.path.join(top, "po", "POTFILES.in"), "-D", top, "-o", pot]
                       + check_po.XGETTEXT_ARGS, check=True, capture_output=True)
        messages = check_po.read_po(pot)

    failures = 0
    for (_, msgid, plural) in sorted(messages, key=lambda k: k[1]):
        if not msgid or msgid in FOR_SUPPORT:
            continue
        for text in filter(None, (msgid, plural)):
            for pattern, advice in RULES:
                found = pattern.search(text)
                if found:
                    print("%r says %r: %s" % (text, found.group(0), advice))
                    failures += 1
    if failures == 0:
        print("%d messages, all in plain words" % len(messages))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
