#!/usr/bin/env python3
# Every user-visible string must reach translators. A string that is not
# marked never shows up in po/*.po, so a Welsh user would meet English in the
# middle of a Welsh window and nobody would notice until a school rang.
#
# .ui files: a user-visible property, menu attribute or string-list item with
# text must carry translatable="yes", unless a comment just before it starts
# with "not translated:" and says why (product names, phone numbers).
#
# .c files: a string literal passed straight to a setter that puts text on
# screen must be wrapped in _(), N_(), C_() or a gettext call.
#
# Usage: check-translatable.py SOURCE_ROOT [FILE…]   (default: every file in src/)
#        check-translatable.py --self-test FIXTURE_DIR
import os
import re
import sys
import xml.etree.ElementTree as ET

# Properties whose value a user reads or a screen reader speaks.
UI_PROPERTIES = {
    "label", "title", "subtitle", "description", "placeholder-text",
    "tooltip-text", "tooltip-markup", "text", "heading", "body",
    "secondary-text", "message", "comments", "button-label",
}

# Exact strings that are the same in every language: product names, which
# stay as they are so the guide, the support desk and the screen agree.
ALLOWED = {
    "Assembly",
    "Groupcall",
    "Groupcall Xporter on Demand",
    "Xporter on Demand",
    "SchoolBooking",
    "SIMS",
    "CMIS",
    "Pupil Asset",
    "iSAMS",
    "Arbor",
    "SIMS, CMIS, Pupil Asset, iSAMS and Arbor",
}

OPT_OUT = re.compile(r"^\s*not translated:\s*\S")

# The argument positions (0-based) that carry on-screen text.
C_SETTERS = {
    "gtk_label_set_label": (1,),
    "gtk_label_set_text": (1,),
    "gtk_label_set_markup": (1,),
    "gtk_label_set_text_with_mnemonic": (1,),
    "gtk_label_set_markup_with_mnemonic": (1,),
    "gtk_label_new": (0,),
    "gtk_label_new_with_mnemonic": (0,),
    "gtk_button_set_label": (1,),
    "gtk_button_new_with_label": (0,),
    "gtk_button_new_with_mnemonic": (0,),
    "gtk_check_button_set_label": (1,),
    "gtk_check_button_new_with_label": (0,),
    "gtk_check_button_new_with_mnemonic": (0,),
    "gtk_window_set_title": (1,),
    "gtk_widget_set_tooltip_text": (1,),
    "gtk_widget_set_tooltip_markup": (1,),
    "gtk_entry_set_placeholder_text": (1,),
    "gtk_text_set_placeholder_text": (1,),
    "gtk_search_entry_set_placeholder_text": (1,),
    "gtk_assistant_set_page_title": (2,),
    "gtk_file_chooser_native_new": (0, 3, 4),
    "adw_preferences_row_set_title": (1,),
    "adw_action_row_set_subtitle": (1,),
    "adw_expander_row_set_subtitle": (1,),
    "adw_preferences_group_set_title": (1,),
    "adw_preferences_group_set_description": (1,),
    "adw_preferences_page_set_title": (1,),
    "adw_status_page_set_title": (1,),
    "adw_status_page_set_description": (1,),
    "adw_window_title_set_title": (1,),
    "adw_window_title_set_subtitle": (1,),
    "adw_window_title_new": (0, 1),
    "adw_message_dialog_new": (1, 2),
    "adw_message_dialog_set_heading": (1,),
    "adw_message_dialog_set_body": (1,),
    "adw_message_dialog_format_heading": (1,),
    "adw_message_dialog_format_body": (1,),
    "adw_message_dialog_add_response": (2,),
    "adw_message_dialog_set_response_label": (2,),
    "adw_toast_new": (0,),
    "adw_toast_set_title": (1,),
    "adw_toast_set_button_label": (1,),
    "adw_about_window_set_comments": (1,),
    "adw_about_window_set_application_name": (1,),
    "g_notification_new": (0,),
    "g_notification_set_title": (1,),
    "g_notification_set_body": (1,),
    "g_notification_add_button": (1,),
    "onboard_field_message_show": (2,),
    "onboard_error_banner_show": (1, 3),
    "onboard_page_set_title": (1,),
    "onboard_step_header_set_title": (1,),
}

# g_object_new (TYPE, "title", "…", NULL) and friends: the value after a
# user-visible property name.
C_PROPERTY_SETTERS = {"g_object_new", "g_object_set"}

GETTEXT_CALLS = {
    "_", "N_", "C_", "NC_", "Q_", "gettext", "dgettext", "ngettext",
    "dngettext", "g_dgettext", "g_dngettext", "g_dpgettext", "g_dpgettext2",
    "pgettext", "g_strip_context",
}

FORMAT = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfgGcsp%]")
TAG = re.compile(r"<[^>]*>")
LETTER = re.compile(r"[^\W\d_]")


def has_words(text):
    text = TAG.sub("", FORMAT.sub("", text))
    return LETTER.search(text) is not None


# --- .ui files ---------------------------------------------------------------

def ui_line(lines, text):
    for number, line in enumerate(lines, 1):
        if text in line:
            return number
    return 0


def check_ui(path, rel):
    failures = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        root = ET.parse(path, parser).getroot()
    except ET.ParseError as e:
        return [(rel, 0, "", f"cannot be parsed: {e}")]

    def visit(parent, in_accessibility):
        previous_comment = None
        for child in parent:
            if child.tag is ET.Comment:
                previous_comment = child.text or ""
                continue
            visible = False
            what = None
            if child.tag == "property" and child.get("name") in UI_PROPERTIES:
                visible = True
                what = ("accessible " if in_accessibility else "") + f'property "{child.get("name")}"'
            elif child.tag == "attribute" and child.get("name") == "label":
                visible = True
                what = 'menu attribute "label"'
            elif child.tag == "item" and parent.tag == "items":
                visible = True
                what = "list item"
            if visible:
                text = (child.text or "").strip()
                opted_out = previous_comment is not None and OPT_OUT.match(previous_comment)
                if (text and has_words(text)
                        and child.get("translatable") != "yes"
                        and text not in ALLOWED
                        and not opted_out):
                    failures.append((rel, ui_line(lines, text.splitlines()[0]), text,
                                     f'{what} is not marked translatable="yes"'))
            previous_comment = None
            visit(child, in_accessibility or child.tag == "accessibility")

    visit(root, False)
    return failures


# --- .c files ----------------------------------------------------------------

STRING = r'"(?:[^"\\\n]|\\.)*"'
TOKEN = re.compile(
    r'(?P<comment>/\*.*?\*/|//[^\n]*)'
    r'|(?P<string>' + STRING + r')'
    r"|(?P<char>'(?:[^'\\\n]|\\.)+')"
    r'|(?P<ident>[A-Za-z_]\w*)'
    r'|(?P<open>\()'
    r'|(?P<close>\))'
    r'|(?P<comma>,)'
    r'|(?P<other>\S)',
    re.S,
)


def tokenize(source):
    for m in TOKEN.finditer(source):
        kind = m.lastgroup
        if kind == "comment":
            continue
        yield kind, m.group(kind), m.start()


def split_arguments(tokens, start):
    """tokens[start] is the "(" of a call: return its arguments as token
    lists and the index after the closing ")"."""
    depth = 0
    args = [[]]
    i = start
    while i < len(tokens):
        kind, value, _ = tokens[i]
        if kind == "open":
            depth += 1
            if depth > 1:
                args[-1].append(tokens[i])
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return args, i + 1
            args[-1].append(tokens[i])
        elif kind == "comma" and depth == 1:
            args.append([])
        else:
            args[-1].append(tokens[i])
        i += 1
    return args, i


def bare_literals(arg):
    """String literals in an argument that are not inside a gettext call:
    adjacent literals are joined, as the compiler joins them."""
    found = []
    depth_in_gettext = 0
    depth = 0
    gettext_depths = []
    previous = None
    pending = None
    for kind, value, offset in arg:
        if kind == "open":
            depth += 1
            if previous is not None and previous[0] == "ident" and previous[1] in GETTEXT_CALLS:
                gettext_depths.append(depth)
        elif kind == "close":
            if gettext_depths and gettext_depths[-1] == depth:
                gettext_depths.pop()
            depth -= 1
        if kind == "string" and not gettext_depths:
            text = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                          value[1:-1])
            if pending is not None and previous is not None and previous[0] == "string":
                pending = (pending[0] + text, pending[1])
            else:
                if pending is not None:
                    found.append(pending)
                pending = (text, offset)
        previous = (kind, value)
    if pending is not None:
        found.append(pending)
    return found


def check_c(path, rel):
    failures = []
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tokens = list(tokenize(source))

    def line_of(offset):
        return source.count("\n", 0, offset) + 1

    for i, (kind, value, offset) in enumerate(tokens):
        if kind != "ident" or i + 1 >= len(tokens) or tokens[i + 1][0] != "open":
            continue
        # A declaration or definition of the setter itself is not a call.
        if i > 0 and tokens[i - 1][0] == "ident" and tokens[i - 1][1] not in ("return", "else"):
            continue
        if value in C_SETTERS:
            args, _ = split_arguments(tokens, i + 1)
            for position in C_SETTERS[value]:
                if position >= len(args):
                    continue
                for text, where in bare_literals(args[position]):
                    if has_words(text) and text not in ALLOWED:
                        failures.append((rel, line_of(where), text,
                                         f"is passed to {value}() without _()"))
        elif value in C_PROPERTY_SETTERS:
            args, _ = split_arguments(tokens, i + 1)
            for n in range(1, len(args) - 1):
                name = args[n]
                if len(name) == 1 and name[0][0] == "string" and name[0][1][1:-1] in UI_PROPERTIES:
                    for text, where in bare_literals(args[n + 1]):
                        if has_words(text) and text not in ALLOWED:
                            failures.append((rel, line_of(where), text,
                                             f"is set as {name[0][1]} by {value}() without _()"))
    return failures


def collect(top, paths):
    failures = []
    for path in paths:
        rel = os.path.relpath(path, top)
        if path.endswith(".ui"):
            failures += check_ui(path, rel)
        elif path.endswith(".c"):
            failures += check_c(path, rel)
    return failures


def source_files(folder):
    paths = []
    for dirpath, dirnames, files in os.walk(folder):
        dirnames.sort()
        for name in sorted(files):
            if name.endswith((".c", ".ui")):
                paths.append(os.path.join(dirpath, name))
    return paths


def self_test(folder):
    """The fixtures mark each string the check must catch by starting it with
    "Untranslated"; every other string in them is fine. Both missed strings
    and false alarms fail."""
    paths = source_files(folder)
    expected = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                for m in re.finditer(r"[\">](Untranslated[^\"<]*)", line):
                    expected.append((os.path.relpath(path, folder), number, m.group(1)))
    found = [(rel, line, text) for rel, line, text, _ in collect(folder, paths)]

    def same(e, f):
        # A literal split over adjacent pieces is reported whole.
        return e[0] == f[0] and e[1] == f[1] and f[2].startswith(e[2])

    missed = [e for e in expected if not any(same(e, f) for f in found)]
    false_alarms = [f for f in found if not any(same(e, f) for e in expected)]
    for rel, line, text in missed:
        print(f"missed: {rel}:{line}: “{text}”")
    for rel, line, text in false_alarms:
        print(f"false alarm: {rel}:{line}: “{text}”")
    if not expected:
        print("the fixtures mark no string to catch")
        return 1
    if missed or false_alarms:
        return 1
    print(f"all {len(expected)} planted strings caught in {len(paths)} files, no false alarms")
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        return self_test(sys.argv[2])

    top = sys.argv[1]
    paths = sys.argv[2:] or source_files(os.path.join(top, "src"))
    failures = collect(top, paths)

    for rel, line, text, message in failures:
        shown = text.replace("\n", "\\n")
        print(f"{rel}:{line}: “{shown}” {message}")
    if failures:
        print(f"\n{len(failures)} user-visible string(s) would never be translated. "
              "Wrap C strings in _() (N_() in static tables), add translatable=\"yes\" in .ui "
              "files, or, for a proper name or number, put <!-- not translated: REASON --> "
              "just before the element.")
        return 1
    print(f"{len(paths)} files checked: every user-visible string is translatable")
    return 0


if __name__ == "__main__":
    sys.exit(main())
