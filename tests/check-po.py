#!/usr/bin/env python3
# Each translation in po/LINGUAS is complete and current: msgfmt finds no
# error, no untranslated and no fuzzy message, and the .po file holds exactly
# the messages that xgettext extracts from the sources today. Otherwise new
# English text would appear, untranslated, in the middle of a Welsh window.
#
# Usage: check-po.py SOURCE_ROOT
import os
import re
import subprocess
import sys
import tempfile

PACKAGE = "assembly-onboard"

# What meson's i18n.gettext(preset: 'glib') passes to xgettext, so the
# template made here is the one the pot target makes.
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "-k_", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

UNQUOTE = re.compile(r'\\(.)')


def unquote(text):
    return UNQUOTE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def read_po(path):
    """Returns {(msgctxt, msgid, msgid_plural): {"flags": set, "msgstr": [..]}}
    for the live (not obsolete) messages, header included under msgid ""."""
    messages = {}
    entry = None
    field = None

    def finish():
        if entry is not None and "msgid" in entry:
            key = (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            messages[key] = {"flags": entry["flags"], "msgstr": entry["msgstr"]}

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#~"):
                if not line:
                    finish()
                    entry = None
                continue
            if entry is None:
                entry = {"flags": set(), "msgstr": []}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if m:
                field = m.group(1)
                value = unquote(m.group(2))
                if field.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[field] = value
            elif line.startswith('"') and field is not None:
                value = unquote(line[1:-1])
                if field.startswith("msgstr"):
                    entry["msgstr"][-1] += value
                else:
                    entry[field] += value
    finish()
    return messages


def describe(key):
    ctxt, msgid, _ = key
    text = msgid.replace("\n", "\\n")
    if len(text) > 90:
        text = text[:87] + "…"
    return f"“{text}”" + (f" (context “{ctxt}”)" if ctxt else "")


def main():
    top = sys.argv[1]
    po_dir = os.path.join(top, "po")
    fix = ("To fix it: meson compile -C BUILD_DIR assembly-onboard-pot && "
           "meson compile -C BUILD_DIR assembly-onboard-update-po, then translate every "
           "empty msgstr and every message marked fuzzy in po/{lang}.po (and remove the "
           "fuzzy mark).")

    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        languages = [word for line in f if not line.startswith("#") for word in line.split()]
    if not languages:
        print("po/LINGUAS lists no language")
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, PACKAGE + ".pot")
        result = subprocess.run(
            ["xgettext", "--package-name=" + PACKAGE, "-f", os.path.join(po_dir, "POTFILES.in"),
             "-D", top, "-o", pot] + XGETTEXT_ARGS,
            capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stderr)
            print("xgettext could not extract the strings from the files in po/POTFILES.in")
            return 1
        if result.stderr.strip():
            # E.g. a msgid cut short at a G_GSIZE_FORMAT macro: its
            # translation could never match at run time.
            print(result.stderr.strip())
            print("xgettext warned about the sources: fix the strings it names")
            failures = 1
        else:
            failures = 0
        template = read_po(pot)

    for lang in languages:
        path = os.path.join(po_dir, lang + ".po")
        problems = []
        if not os.path.exists(path):
            print(f"po/LINGUAS lists {lang}, but po/{lang}.po does not exist")
            failures += 1
            continue

        stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                               capture_output=True, text=True)
        summary = stats.stderr.strip()
        if stats.returncode != 0:
            problems.append(f"msgfmt --check failed:\n{summary}")
        elif "untranslated" in summary or "fuzzy" in summary:
            problems.append(f"msgfmt --statistics: {summary.splitlines()[-1]}")

        translation = read_po(path)
        header = translation.get((None, "", None), {"msgstr": [""]})["msgstr"][0]
        if not re.search(rf"^Language: {re.escape(lang)}$", header, re.M):
            problems.append(f"the header does not say Language: {lang}")

        for key, message in translation.items():
            if key[1] and ("fuzzy" in message["flags"] or not all(message["msgstr"])):
                problems.append(f"not translated{' (fuzzy)' if 'fuzzy' in message['flags'] else ''}: "
                                f"{describe(key)}")

        missing = [key for key in template if key[1] and key not in translation]
        stale = [key for key in translation if key[1] and key not in template]
        unchecked = [key for key in template
                     if key in translation and "c-format" in template[key]["flags"]
                     and "c-format" not in translation[key]["flags"]]
        for key in missing:
            problems.append(f"missing (new in the sources): {describe(key)}")
        for key in stale:
            problems.append(f"no longer in the sources: {describe(key)}")
        for key in unchecked:
            problems.append(f"lacks the c-format flag, so msgfmt cannot check it: {describe(key)}")

        if problems:
            failures += 1
            print(f"po/{lang}.po is not complete and current:")
            for problem in problems:
                print(f"  {problem}")
            print(fix.format(lang=lang))
        else:
            print(f"po/{lang}.po: {summary.splitlines()[-1].rstrip('.') if summary else 'checked'}; "
                  f"all {len([k for k in template if k[1]])} messages of the sources are there")

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
