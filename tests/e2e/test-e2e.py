#!/usr/bin/python3
# test-e2e.py
#
# Copyright 2026 Assembly Education Ltd
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whole flow, the way assistive technology uses the app.

  test-e2e.py --run assistive|keyboard|large-text|restart|wayland|orca
              --build-dir DIR --output-dir DIR [--weston-module FILE]

assistive  every step through the accessibility tree: buttons by their
           "click" action, text typed with real key events
keyboard   every step from the keyboard alone: Tab, Enter, mnemonics
large-text the assistive run with text scaled by 1.5 and high contrast, in a
           window 600 pixels wide: no control cut off at the sides
restart    kill -9 at every step and in the waiting states of Steps 2, 4
           and 5; each restart lands where the user was, with their data;
           then the service forgets the account, and the app says so
practice   practice mode, started from the main menu of a real setup left at
           Step 2: the whole flow against the service inside the app, the
           emails read and followed in the Practice Inbox (Begin
           Authorisation opens a browser, "Approve as the School" stands in
           for the school), the banner on every page; then Leave Practice
           returns to the real Step 2, and the real progress file and the
           keyring's files are byte for byte as they were
wayland    the keyboard run on Wayland (Weston's headless backend, GDK_BACKEND
           =wayland), quitting with Ctrl+Q and opening the app again at every
           step and in every waiting state; the Support window's clipboard
           (read back with wl-paste) and file chooser; the desktop
           notification when the school connects behind another window
orca       every step from the keyboard alone with Orca running (under
           openbox), reading what Orca says after each key from its debug
           output; it fails, listing every miss, when a step's title, a
           focused control's name and role, an error, the school count, the
           connection's new state or the spelled support reference goes
           unsaid, or a GTK type name is said; each page's transcript is
           saved as step-N.txt and support.txt

Every run saves a screenshot of every page to the output folder, checks that
every control on every page has a name, and fails on any warning the app
logs.
"""

import argparse
import html.parser
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import onboard_e2e as e2e  # noqa: E402
from onboard_e2e import Failure, log  # noqa: E402

INVITE = "E2E-ASSEMBLY"
EMAIL = "office@stmarys-oakfield.sch.uk"
PASSWORD = "correct horse battery staple"
SCHOOL = "St Mary's Church of England Primary School"
SCHOOL_POSTCODE = "OX4 1AB"
SCHOOL_URN = "110001"
# An address someone else signed up with already.
TAKEN_EMAIL = "head@stmarys-oakfield.sch.uk"


class FormParser(html.parser.HTMLParser):
    """The first form of a page, as a browser would submit it."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = []
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = attrs.get("action")
            self.in_form = True
        elif tag == "input" and self.in_form:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if "name" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


class Run:
    def __init__(self, args, name, large_text=False, wayland=False):
        self.name = name
        self.large_text = large_text
        self.source, _ = e2e.find_source_and_build()
        self.build = os.path.abspath(args.build_dir)
        self.output = os.path.join(os.path.abspath(args.output_dir), name)
        self.screen_reader = None
        shutil.rmtree(self.output, ignore_errors=True)
        os.makedirs(self.output)
        self.workdir = tempfile.mkdtemp(prefix="onboard-e2e-")
        self.shots = 0
        self.pages_checked = {}

        if wayland:
            self.desktop = e2e.WaylandDesktop(self.workdir, args.weston_module)
            self.notifications = e2e.NotificationServer(self.desktop, self.workdir)
        else:
            self.desktop = e2e.Desktop(self.workdir)
        if large_text:
            self.desktop.large_text_and_high_contrast()
            self.desktop.window_size("org/assembly/Onboard", 600, 768)
        elif args.window_size:
            width, height = (int(n) for n in args.window_size.split("x"))
            self.desktop.window_size("org/assembly/Onboard", width, height)
        schools = os.path.join(self.source, "tests", "fixtures", "schools-step3.csv")
        self.sandbox = e2e.Sandbox(self.desktop,
                                   os.path.join(self.build, "tests", "sandbox", "assembly-sandbox"),
                                   self.workdir, schools,
                                   # The first sync starts when the run says
                                   # so (sync()), as it would overnight.
                                   ["--invite", INVITE + ":assembly", "--first-sync-delay", "86400"])
        self.app = e2e.App(self.desktop, os.path.join(self.build, "src", "assembly-onboard"),
                           self.workdir, self.sandbox.url, os.path.join(self.build, "data"))
        self.a11y = e2e.Accessible()
        self.app.accessible = self.a11y

    # -- looking -----------------------------------------------------------

    def shot(self, label):
        self.shots += 1
        path = os.path.join(self.output, "%02d-%s.png" % (self.shots, label))
        time.sleep(0.4)
        self.desktop.screenshot(path)
        log("screenshot %s" % os.path.basename(path))

    def check_names(self, page, root=None):
        """Every control on the page has a name a screen reader can say."""
        time.sleep(0.3)
        problems = self.a11y.unnamed_controls(root)
        if problems:
            raise Failure("On %s, controls without a proper name: %s" % (page, "; ".join(problems)))
        controls = self.a11y.controls(root)
        self.pages_checked[page] = controls
        if self.large_text and root is None:
            self.check_fits(page)
        log("%s: %d controls, all named: %s" % (page, len(controls), ", ".join(controls)))

    def check_fits(self, page):
        """Nothing cut off at the sides: every control lies inside the
        window. Long pages scroll instead."""
        window = self.a11y.main_window()
        _, _, window_width, _ = self.a11y.extents(window)
        for node in e2e.walk(window):
            if node.getRoleName() not in e2e.INTERACTIVE_ROLES:
                continue
            x, _, width, _ = self.a11y.extents(node)
            if x < 0 or x + width > window_width:
                raise Failure("On %s, %s %r is cut off: x %d to %d in a window %d wide"
                              % (page, node.getRoleName(), node.name, x, x + width, window_width))

    def check_value_whole(self, control, value):
        """A chosen value is shown whole, not cut to "SI…": the label that
        shows it is at least as wide as its text set in the default font at
        the run's resolution (GTK's own font is that size or larger)."""
        labels = [n for n in e2e.walk(control)
                  if n.getRoleName() == "label" and n.name == value and e2e.showing(n)]
        if not labels:
            raise Failure("The chosen value %r is not shown in %r" % (value, control.name))
        _, _, width, _ = self.a11y.extents(labels[0])
        needed = e2e.text_width(value, dpi=144 if self.large_text else 96)
        if width < needed:
            raise Failure("The chosen value %r is cut off: %d pixels wide, its text needs %d"
                          % (value, width, needed))

    def page(self, step_title, label):
        """Arrived on a page: the title says where, every control is named,
        and a picture is kept."""
        self.a11y.wait_title(step_title)
        self.check_names(step_title)
        self.shot(label)

    # -- doing -------------------------------------------------------------

    def focus_window(self):
        self.desktop.focus_window("Step [0-9]")

    def type_into(self, role, name, text):
        """Click into the field, as a pointer user would, then type."""
        field = self.a11y.find(role, name)
        x, y, width, height = self.a11y.extents(field)
        self.focus_window()
        self.desktop.click_at(x + width // 2, y + height // 2)
        # GTK 4.8 reports neither the focus nor the text of an entry row
        # over AT-SPI: what was typed shows in what the page says next.
        self.desktop.type(text)

    def click_on(self, node):
        x, y, width, height = self.a11y.extents(node)
        self.focus_window()
        self.desktop.click_at(x + width // 2, y + height // 2)

    def choose_in_popup(self, name):
        """In an open drop-down: the popover's positions are not the
        window's, so move there with the arrow keys, as a user would."""
        item = self.a11y.find("list item", name, timeout=10)
        siblings = [n for n in item.parent if n is not None and n.getRoleName() == "list item"]
        index = [n.name for n in siblings].index(name)
        self.key(*(["Down"] * index + ["Return"]))

    def key(self, *keys):
        self.focus_window()
        self.desktop.key(*keys)

    def focused_name(self, root=None):
        node = self.a11y.focused(root)
        return (node.getRoleName(), node.name) if node else (None, None)

    def tab_to(self, name, role=None, limit=40, backwards=False, root=None):
        """Tab until the named control has the focus: the keyboard user's way."""
        for _ in range(limit):
            focused_role, focused = self.focused_name(root)
            # GTK 4.8 joins the empty name of a button's icon to the
            # button's own: "Copy phone number ".
            if focused is not None and focused.rstrip() == name and (role is None or role == focused_role):
                return
            self.key("shift+Tab" if backwards else "Tab")
        raise Failure("Tab never reached %r (the focus is on %r)" % (name, self.focused_name(root)))

    def latest_mail(self, kind):
        mails = self.sandbox.outbox()
        if isinstance(mails, dict):
            mails = mails.get("emails") or mails.get("messages") or []
        for mail in mails:
            if kind in mail.get("kind", ""):
                return mail
        return None

    def follow_mail_link(self, kind):
        """What the user does in their inbox: open the email, click its link."""
        mail = e2e._wait_for("a %s email in the outbox" % kind, lambda: self.latest_mail(kind), 30)
        url = mail["links"][0]["url"]
        log("following %s link %s" % (kind, urllib.parse.urlparse(url).path))
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()

    def authorise_in_groupcall(self):
        """The data manager opens Groupcall's email, clicks Begin
        Authorisation and submits the form as it stands."""
        page = self.follow_mail_link("groupcall")
        form = FormParser()
        form.feed(page)
        if not form.action:
            raise Failure("The Begin Authorisation page has no form")
        body = urllib.parse.urlencode(form.fields).encode()
        request = urllib.request.Request(urllib.parse.urljoin(self.sandbox.url + "/", form.action), data=body)
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def connector_id(self):
        state = self.a11y  # noqa: F841
        mail = self.latest_mail("groupcall")
        url = mail["links"][0]["url"]
        return url.rstrip("/").rsplit("/", 1)[-1]

    def sync(self):
        """Groupcall's first data pull, which takes hours in real life."""
        connector = self.connector_id()
        for event in ("sync_started", "sync_succeeded"):
            self.sandbox.post_json("/__dev/connectors/%s/events" % connector, {"event": event})

    # -- checking the app's own output ---------------------------------------

    def check_app_log(self, allow=None):
        """@allow: a pattern of warnings that are not the app's doing."""
        with open(self.app.log_path) as log_file:
            text = log_file.read()
        # "Gtk-WARNING **", and "** (assembly-onboard:123): WARNING **" from
        # a warning with no log domain; GDK's last words on a Wayland
        # protocol error are a message.
        pattern = r"(CRITICAL|WARNING) \*\*|^\*\*$|ERROR|Error \d+ \(.*\) dispatching"
        bad = [line for line in text.splitlines()
               if re.search(pattern, line) and not (allow and re.search(allow, line))]
        if bad:
            raise Failure("The app logged warnings:\n" + "\n".join(bad[:20]))

    def record_failure(self):
        """What the screen showed and what the tree held when it failed."""
        try:
            self.shot("failure")
            for app in e2e.atspi().Registry.getDesktop(0):
                try:
                    log("on the accessibility bus: %r, process %d, %d windows (ours: %s)"
                        % (app.name, app.get_process_id(), app.childCount, self.a11y.pid))
                except Exception as error:
                    log("on the accessibility bus: an application that does not answer: %s" % error)
            with open(os.path.join(self.output, "failure-tree.txt"), "w") as out:
                for window in self.a11y.windows():
                    for node in e2e.walk(window):
                        out.write("%s %r\n" % (node.getRoleName(), node.name))
        except Exception as error:
            log("could not record the failure: %s" % error)

    def close(self):
        try:
            if self.app.running():
                self.app.kill()
            if self.screen_reader is not None:
                self.screen_reader.close()
        finally:
            self.desktop.close()
            if hasattr(self.desktop, "window_titles"):
                with open(os.path.join(self.output, "window-titles.txt"), "w") as out:
                    out.write("".join(title + "\n" for title in self.desktop.window_titles()))
            for name in ("app.log", "sandbox.log", "weston.log", "notifications.jsonl", "orca-debug.log"):
                path = os.path.join(self.workdir, name)
                if os.path.exists(path):
                    shutil.copy(path, os.path.join(self.output, name))
            shutil.rmtree(self.workdir, ignore_errors=True)


# ---------------------------------------------------------------------------
# The steps, through the accessibility tree

def step_1(run):
    run.page("Step 1 of 5 · Before you start", "step-1")
    a = run.a11y
    for text in ("SIMS, CMIS, Pupil Asset, iSAMS and Arbor", "Checking This Computer",
                 "Have These Ready", "020 8506 6100"):
        a.wait_says(text)
    a.wait_says("Assembly’s service answered.")
    a.press("Next")


def step_2(run):
    a = run.a11y
    run.page("Step 2 of 5 · Sign up", "step-2")
    run.type_into("text", "Invite code", INVITE)
    a.wait_says("Assembly", timeout=20)
    run.type_into("text", "Email", EMAIL)
    run.type_into("password text", "Password", PASSWORD)
    terms = a.find("check box", "I accept the terms of service")
    a.click(terms)
    run.shot("step-2-filled")
    a.press("Sign up")

    a.wait_says("Check Your Inbox")
    a.wait_says(EMAIL)
    run.check_names("Step 2, waiting for activation")
    run.shot("step-2-inbox")


def activate(run):
    run.follow_mail_link("activation")


def step_3(run, search_by_postcode=True):
    a = run.a11y
    run.page("Step 3 of 5 · School information", "step-3")
    search = "Search by school name, postcode, URN or DfE number"
    run.type_into("entry", search, "st marys")
    a.wait_says("4 schools")
    run.shot("step-3-by-name")
    if search_by_postcode:
        run.key("ctrl+a", "BackSpace")
        run.desktop.type(SCHOOL_POSTCODE.lower())
        a.wait_says("1 school")
        run.shot("step-3-by-postcode")
    # GTK 4.8 gives a list view's rows no action: a pointer click.
    school = a.find("list item", contains=SCHOOL)
    run.click_on(school)
    a.wait_says("URN " + SCHOOL_URN)
    mis = a.find("combo box", contains="MIS")
    if run.large_text:
        # The longest name first: a narrow window cut it to "P…".
        run.click_on(mis)
        run.choose_in_popup("Pupil Asset")
        a.wait_says("Pupil Asset")
        run.check_value_whole(mis, "Pupil Asset")
    run.click_on(mis)
    run.choose_in_popup("Arbor")
    a.wait_says("Arbor")
    run.check_value_whole(mis, "Arbor")
    run.shot("step-3-chosen")
    a.press("Continue")


def step_4(run):
    a = run.a11y
    run.page("Step 4 of 5 · Configuring Assembly Connection", "step-4")
    a.wait_says(SCHOOL)
    policy = a.find("check box", "I accept Groupcall’s usage policy")
    a.click(policy)
    a.press("Grant Access")
    a.wait_says("Check your inbox for an email from Groupcall")
    run.check_names("Step 4, waiting for Groupcall")
    run.shot("step-4-waiting")


def step_5(run):
    a = run.a11y
    run.page("Step 5 of 5 · Checking the Connection has been Configured", "step-5")
    run.sync()
    a.wait_says("Your school is connected to Assembly", timeout=60)
    run.check_names("Step 5, connected")
    run.shot("step-5-connected")


def assistive_steps(run):
    run.app.start()
    step_1(run)
    step_2(run)
    activate(run)
    step_3(run)
    step_4(run)
    run.authorise_in_groupcall()
    step_5(run)
    run.check_app_log()
    for page, controls in run.pages_checked.items():
        log("names on %s: %s" % (page, "; ".join(controls)))


# ---------------------------------------------------------------------------
# The same flow from the keyboard alone

STEP_1 = "Step 1 of 5 · Before you start"
STEP_2 = "Step 2 of 5 · Sign up"
STEP_3 = "Step 3 of 5 · School information"
STEP_4 = "Step 4 of 5 · Configuring Assembly Connection"
STEP_5 = "Step 5 of 5 · Checking the Connection has been Configured"


def keyboard_sign_up(run):
    """On Step 2's form, the focus on its first field: fill it in, Sign up,
    and wait for the activation email."""
    a = run.a11y
    run.desktop.type(INVITE)
    a.wait_says("Assembly", timeout=20)
    run.key("Tab", "Tab")
    run.desktop.type(EMAIL)
    run.key("Tab")
    run.desktop.type(PASSWORD)
    run.tab_to("I accept the terms of service", role="check box")
    run.key("space")
    run.shot("step-2-filled")
    run.key("alt+s")
    a.wait_says("Check Your Inbox")
    run.shot("step-2-inbox")


def keyboard_school(run):
    """On Step 3, the focus in the search field: find the school, choose
    it and its MIS, Continue."""
    a = run.a11y
    run.desktop.type("st marys")
    a.wait_says("4 schools")
    # The best matches first, by name: St Marys Academy, then the Catholic
    # school, then the one meant; typing on puts it first.
    run.desktop.type(" church")
    a.wait_says("1 school")
    # Down moves from the search field into the list; Enter chooses.
    run.key("Down", "Return")
    a.wait_says("URN " + SCHOOL_URN)
    # Choosing a school takes the focus on to the MIS.
    _, focused = run.focused_name()
    if focused != "MIS Provider":
        raise Failure("After choosing a school the focus is on %r, not the MIS Provider" % focused)
    run.key("space")
    run.choose_in_popup("Arbor")
    a.wait_says("Arbor")
    run.shot("step-3-chosen")
    run.key("alt+o")


def keyboard_connector(run):
    """On Step 4: accept Groupcall's policy, Grant Access, and wait for
    Groupcall's email."""
    a = run.a11y
    run.tab_to("I accept Groupcall’s usage policy", role="check box")
    run.key("space")
    run.shot("step-4-filled")
    run.key("alt+g")
    a.wait_says("Check your inbox for an email from Groupcall")
    run.shot("step-4-waiting")


def keyboard_steps(run):
    a = run.a11y
    run.app.start()

    run.page(STEP_1, "step-1")
    a.wait_says("Assembly’s service answered.")
    run.key("alt+n")

    # Each page puts the focus on its first field.
    run.page(STEP_2, "step-2")
    keyboard_sign_up(run)

    activate(run)

    run.page(STEP_3, "step-3")
    keyboard_school(run)

    run.page(STEP_4, "step-4")
    a.wait_says(SCHOOL)
    keyboard_connector(run)

    run.authorise_in_groupcall()

    run.page(STEP_5, "step-5")
    run.sync()
    a.wait_says("Your school is connected to Assembly", timeout=60)
    run.shot("step-5-connected")
    # Finish closes the wizard: the connection carries on without it.
    run.key("alt+f")
    e2e._wait_for("the app to close after Finish", lambda: not run.app.running(), 20)
    run.check_app_log()


# ---------------------------------------------------------------------------
# kill -9 everywhere

def restart(run, expect_title, expect_text, label):
    """A power cut: no chance to save. The app comes back where it was."""
    run.app.kill()
    run.app.start()
    try:
        run.a11y.application(timeout=20)
    except Failure:
        # Seen now and then right after a kill -9: the window is on screen
        # but the AT-SPI registry never lists the new process. Another
        # power cut, then.
        log("the restarted app did not appear on the accessibility bus: restarting it again")
        run.shot(label + "-not-on-the-bus")
        run.app.kill()
        run.app.start()
    run.a11y.wait_title(expect_title)
    run.a11y.wait_says(expect_text)
    run.check_names(expect_title + " after a restart")
    run.shot(label)
    log("killed and restarted: back on %r, which says %r" % (expect_title, expect_text))


def restart_steps(run):
    a = run.a11y
    run.app.start()
    run.page("Step 1 of 5 · Before you start", "step-1")
    restart(run, "Step 1 of 5", "Checking This Computer", "step-1-restarted")
    a.press("Next")

    run.page("Step 2 of 5", "step-2")
    restart(run, "Step 2 of 5", "Create your Assembly account", "step-2-restarted")

    step_2(run)
    # Waiting for activation: the sign-up token is in the keyring.
    restart(run, "Step 2 of 5", EMAIL, "step-2-inbox-restarted")
    a.wait_says("Check Your Inbox")

    activate(run)
    run.page("Step 3 of 5 · School information", "step-3")
    run.type_into("entry", "Search by school name, postcode, URN or DfE number", "st marys")
    a.wait_says("4 schools")
    # The third run of the issue: quit at Step 3, land on Step 3.
    restart(run, "Step 3 of 5", "Start typing your school’s name", "step-3-restarted")

    step_3(run, search_by_postcode=False)
    run.page("Step 4 of 5 · Configuring Assembly Connection", "step-4")
    restart(run, "Step 4 of 5", SCHOOL, "step-4-restarted")

    policy = a.find("check box", "I accept Groupcall’s usage policy")
    a.click(policy)
    a.press("Grant Access")
    a.wait_says("Check your inbox for an email from Groupcall")
    # Waiting for Groupcall's email to be acted on.
    restart(run, "Step 4 of 5", "Check your inbox for an email from Groupcall", "step-4-waiting-restarted")

    run.authorise_in_groupcall()
    run.page("Step 5 of 5 · Checking the Connection has been Configured", "step-5")
    a.wait_says("first data transfer", timeout=60)
    # Waiting for the first sync.
    restart(run, "Step 5 of 5", "first data transfer", "step-5-waiting-restarted")

    run.sync()
    a.wait_says("Your school is connected to Assembly", timeout=60)
    restart(run, "Step 5 of 5", "Your school is connected to Assembly", "step-5-connected-restarted")

    # The service disagrees: it has forgotten the account (its state is
    # gone). The app does not trust what it saved: it says so and asks the
    # user to sign in again.
    run.app.kill()
    run.sandbox.stop()
    os.unlink(run.sandbox.state)
    run.sandbox.start()
    run.app.start()
    dialog = a.dialog(timeout=60)
    a.wait_says("Sign in to carry on", root=dialog)
    run.check_names("the sign-in dialog", root=dialog)
    run.shot("service-forgot-the-account")
    a.press("OK", root=dialog)
    a.wait_title("Step 2 of 5")
    a.wait_says("Sign in with the email and password of your Assembly account")
    run.shot("service-forgot-sign-in")
    run.check_app_log()


# ---------------------------------------------------------------------------
# What Orca says, from the keyboard alone

# How Orca names the roles it says after a control's label.
SPOKEN_ROLES = {
    "push button": "push button",
    "toggle button": "toggle button",
    "check box": "check box",
    "switch": "switch",
    "combo box": "combo box",
    "entry": "entry",
    "text": "text",
    "password text": "password text",
    "radio button": "radio button",
    "link": "link",
    "label": "label",
}

# What GTK calls its own types: a screen reader saying one says nothing.
TYPE_NAME = re.compile(r"\b(Gtk|Adw|Onboard)[A-Z][A-Za-z]+")


class Listener:
    """Presses keys as a user of a screen reader does, and after each one
    keeps what Orca said: a transcript a page, and the expectations that
    were not met, all of them, so that one run shows everything missing."""

    def __init__(self, run, reader):
        self.run = run
        self.reader = reader
        self.transcripts = []
        self.page = None
        self.missing = []
        # (name, role) of where Orca last followed the focus.
        self.last_focus = None

    # -- the transcript ------------------------------------------------------

    def start_page(self, label):
        self.page = (label, [])
        self.transcripts.append(self.page)

    def _record(self, what, said):
        self.page[1].append((what, said))
        log("%s: %s" % (what, " | ".join(said) if said else "(nothing)"))
        for utterance in said:
            if TYPE_NAME.search(utterance):
                self.fail("a type name was spoken after %s: %r" % (what, utterance))

    def save(self):
        for index, (label, entries) in enumerate(self.transcripts):
            path = os.path.join(self.run.output, "%s.txt" % label)
            with open(path, "w") as out:
                for what, said in entries:
                    out.write("[%s]\n" % what)
                    for utterance in said:
                        kind = "key echo" if utterance.endswith(" ") else ""
                        out.write("  %s%s\n" % (utterance.rstrip(), "    (%s)" % kind if kind else ""))
        log("transcripts in %s" % self.run.output)

    # -- expectations --------------------------------------------------------

    def fail(self, problem):
        where = self.page[0] if self.page else "start"
        self.missing.append("%s: %s" % (where, problem))
        log("NOT SPOKEN: " + problem)

    def expect(self, said, phrase, what):
        """@phrase was said, in one utterance or across those in @said."""
        if phrase not in " ".join(u.strip() for u in said):
            self.fail("%s: expected %r in %r" % (what, phrase, said))

    def expect_focus(self, said, name, role, what):
        """The control that got the focus is named and its role said."""
        text = " ".join(u.strip() for u in said)
        if name not in text or role not in text:
            self.fail("%s: the focused %s %r was not announced as such: %r" % (what, role, name, said))

    # -- doing ---------------------------------------------------------------

    # Orca, logging everything it does, runs behind the app: what it says
    # after a key is what it says once it has caught up.
    def _settle(self, mark):
        time.sleep(0.5)
        self.reader.wait_caught_up()
        return self.reader.said_since(mark)

    def press(self, *keys, focus=None, expect=(), wait_for=None, timeout=15):
        """Presses @keys; checks that the control that got the focus was
        said with its name and role: @focus, (name, role), where the key
        must take the focus there; by default whatever Orca followed the
        focus to (a Tab that took it nowhere Orca noticed is a miss);
        False for a key that moves no focus. Each of @expect must be said
        too."""
        mark = self.reader.mark()
        self.run.desktop.key(*keys)
        if wait_for is not None:
            self.reader.wait_for(wait_for, since=mark, timeout=timeout)
        if focus:
            self.reader.wait_for(focus[0], since=mark, timeout=timeout)
        said = self._settle(mark)
        what = "key " + " ".join(keys)
        self._record(what, said)
        followed = self.reader.focus_since(mark)
        if followed is not None:
            role, name = followed
            self.last_focus = (name.strip(), role)
        if focus:
            self.expect_focus(said, focus[0], focus[1], what)
        elif focus is None and followed is None and keys[-1] in ("Tab", "shift+Tab"):
            self.fail("%s: Orca followed the focus nowhere" % what)
        elif focus is None and followed is not None:
            role, name = followed
            if name.strip() and name.strip() not in " ".join(u.strip() for u in said):
                self.fail("%s: the focused %s %r was not named: %r" % (what, role, name, said))
            if role in SPOKEN_ROLES and SPOKEN_ROLES[role] not in " ".join(said):
                self.fail("%s: the focused %r was not said to be a %s: %r" % (what, name, role, said))
        for phrase in expect:
            self.expect(said, phrase, what)
        return said

    def type(self, text, expect=(), wait_for=None, timeout=15):
        mark = self.reader.mark()
        self.run.desktop.type(text)
        if wait_for is not None:
            self.reader.wait_for(wait_for, since=mark, timeout=timeout)
        said = self._settle(mark)
        what = "typed %r" % text
        self._record(what, said)
        for phrase in expect:
            self.expect(said, phrase, what)
        return said

    def wait(self, what, doing, phrase, timeout=30):
        """Something happens without a key (an email opened elsewhere, the
        school approving, the network): Orca says @phrase on its own."""
        mark = self.reader.mark()
        doing()
        self.reader.wait_for(phrase, since=mark, timeout=timeout)
        said = self._settle(mark)
        self._record(what, said)
        self.expect(said, phrase, what)
        return said


def orca_steps(run):
    run.desktop.window_manager()
    # Software GL redrawing a spinner takes a core of the two CI has, and
    # Orca, asking the app about every event, then falls minutes behind:
    # what is said does not depend on the renderer.
    run.app.env["GSK_RENDERER"] = "cairo"
    run.screen_reader = e2e.ScreenReader(run.workdir, os.path.join(run.workdir, "orca-debug.log"))
    ear = Listener(run, run.screen_reader)
    try:
        orca_flow(run, ear)
    finally:
        ear.save()
    if ear.missing:
        raise Failure("Orca did not say what a user needs to hear:\n  " + "\n  ".join(ear.missing))
    # GTK 4.8 warns each time a screen reader asks where something is in
    # screen coordinates, which it cannot tell on any backend: Orca asks
    # as it presents a text field. That is GTK answering Orca.
    run.check_app_log(allow=r"Gtk-WARNING \*\*.*Screen coordinates not supported")


def sign_up_elsewhere(run, email):
    """Someone else signed up with @email already, as the service sees it."""
    import json
    import uuid
    accept = "application/vnd.assembly+json; version=1.1"
    with urllib.request.urlopen(urllib.request.Request(run.sandbox.url + "/terms", headers={"Accept": accept}),
                                timeout=10) as response:
        terms = json.load(response)
    body = {"invite_code": "DEMO-ASSEMBLY", "email": email, "password": "another long password 42",
            "accept_terms": True, "terms_version": terms["version"]}
    request = urllib.request.Request(
        run.sandbox.url + "/signups", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4()),
                 "Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


def orca_flow(run, ear):
    a = run.a11y
    reader = run.screen_reader
    sign_up_elsewhere(run, TAKEN_EMAIL)

    # The user is somewhere else first, as they always are when they start
    # an app: Orca has the focus in another window.
    ear.start_page("step-1")
    run.desktop.launcher()
    time.sleep(2)
    e2e._wait_for("Orca to hear the window the user starts from", lambda: (
        run.desktop.key("Tab") or reader.wait_for("push button", since=reader.mark() - 1, timeout=3)), 30)

    # Step 1: the app opens; the user hears where they are.
    ear.wait("the app starts", run.app.start, "Before you start", timeout=30)
    ear.expect(ear.page[1][-1][1], "Step 1 of 5", "the app starts")
    a.wait_says("Assembly’s service answered.")
    for _ in range(3):
        ear.press("Tab")
    ear.press("alt+n", expect=("Step 2 of 5", "Sign up"), focus=("Invite code", "text"))

    # Step 2: a wrong invite code, a taken email, the network gone.
    ear.start_page("step-2")
    run.page("Step 2 of 5 · Sign up", "step-2")
    ear.type("NOPE-1234", wait_for="do not recognise this invite code")
    ear.expect(ear.page[1][-1][1], "do not recognise this invite code", "a wrong invite code")
    ear.press("ctrl+a", focus=False)
    ear.type(INVITE, wait_for="Valid invite")
    ear.press("Tab")
    ear.press("Tab", focus=("Email", "text"))
    ear.type(TAKEN_EMAIL)
    ear.press("Tab", focus=("Password", "password text"))
    said = ear.type(PASSWORD)
    # Key echo says each key typed, but not the letters of a password.
    echoed = [u.strip() for u in said if len(u.strip()) == 1 and u.strip().isalnum()]
    if echoed:
        ear.fail("the password was read out as it was typed: %r" % echoed)
    for _ in range(6):
        ear.press("Tab")
        if ear.last_focus == ("I accept the terms of service", "check box"):
            break
    ear.press("space", focus=False, expect=("checked",))
    said = ear.press("alt+s", focus=("Email", "text"), wait_for="already has an account")
    ear.expect(said, "This email already has an account", "Sign up with a taken email")
    # The focus is on the email, to correct it.
    ear.press("ctrl+a", focus=False)
    ear.type(EMAIL)

    run.sandbox.post_json("/__dev/faults", {"path": "/signups", "method": "POST", "drop": True, "count": 3})
    said = ear.press("alt+s", focus=("Try Again", "push button"), wait_for="Try Again", timeout=40)
    ear.expect(said, "could not be reached", "Sign up with the network gone")
    said = ear.press("Return", focus=False, wait_for="Check Your Inbox", timeout=40)
    ear.expect(said, "Check Your Inbox", "Try Again")
    run.shot("step-2-inbox")

    # The user opens the activation email elsewhere: the app moves on.
    ear.start_page("step-3")
    ear.wait("the activation link is opened", lambda: activate(run), "Step 3 of 5", timeout=60)
    ear.expect(ear.page[1][-1][1], "School information", "Step 3 opens")
    run.page("Step 3 of 5 · School information", "step-3")
    said = ear.type("st marys", wait_for="4 schools")
    ear.expect(said, "4 schools", "the search narrows")
    counts = [u for u in said if re.search(r"\b\d+ schools?\b", u)]
    if len(counts) > 1:
        ear.fail("the school count was said more than once while typing: %r" % counts)
    said = ear.type(" church", wait_for="1 school")
    ear.expect(said, "1 school", "the search narrows to one")
    ear.press("Down")
    ear.press("Return", focus=("MIS Provider", "combo box"), wait_for="MIS Provider")
    ear.press("space", focus=False)
    item = a.find("list item", "Arbor", timeout=10)
    siblings = [n for n in item.parent if n is not None and n.getRoleName() == "list item"]
    index = [n.name for n in siblings].index("Arbor")
    for _ in range(index):
        ear.press("Down", focus=False)
    ear.press("Return", focus=False, expect=("Arbor",))
    ear.press("alt+o", expect=("Step 4 of 5", "Configuring Assembly Connection"), focus=False)

    # Step 4
    ear.start_page("step-4")
    run.page("Step 4 of 5 · Configuring Assembly Connection", "step-4")
    for _ in range(12):
        ear.press("Tab")
        if ear.last_focus == ("I accept Groupcall’s usage policy", "check box"):
            break
    ear.press("space", focus=False, expect=("checked",))
    said = ear.press("alt+g", wait_for="Check Your Inbox", timeout=30)
    ear.expect(said, "Check Your Inbox", "Grant Access")

    # The support dialog: the reference, character by character.
    ear.start_page("support")
    said = ear.press("alt+u", expect=("Support",))
    # What a sighted user reads on screen is also in the support report.
    dialog = window_named(run, "Support")
    report = text_of(a.find("text", "Support report", root=dialog))
    reference = re.search(r"^Reference: (\S+)$", report, re.M).group(1)
    for _ in range(8):
        said = ear.press("Tab")
        if any("Support reference" in u for u in said):
            ear.expect(said, "Support reference: " + ", ".join(reference), "the support reference, spelled")
            break
    else:
        ear.fail("Tab never reached the support reference %r" % reference)
    ear.press("Escape", focus=False)

    # Step 5: the school approves in Groupcall; the app moves on.
    ear.start_page("step-5")
    ear.wait("the school authorises in Groupcall", run.authorise_in_groupcall, "Step 5 of 5", timeout=60)
    run.page("Step 5 of 5 · Checking the Connection has been Configured", "step-5")
    ear.wait("the first data pull", run.sync, "connected", timeout=90)
    run.shot("step-5-connected")
    ear.press("alt+f", focus=False)


# ---------------------------------------------------------------------------
# On Wayland

def check_title(run, title):
    """The window's title is the step's, exactly: as the accessibility tree
    has it, and as the app gave it to the compositor (the last title of a
    step's window in Weston's protocol log)."""
    run.a11y.wait_title(title)
    actual = run.a11y.title()
    if actual != title:
        raise Failure("The window is titled %r, not %r" % (actual, title))

    def compositor_title():
        titles = [t for t in run.desktop.window_titles() if t.startswith("Step ")]
        return titles[-1] if titles else None
    try:
        e2e._wait_for("the title", lambda: compositor_title() == title, 10)
    except Failure:
        raise Failure("The compositor has the window titled %r, not %r"
                      % (compositor_title(), title))


def check_primary(run, name):
    """The page's one blue button, named as the guide names it, is in the
    window: GtkAssistant would put it in a header bar of its own when
    dialogs use header bars, as they always do on Wayland."""
    try:
        run.a11y.find("push button", name, timeout=10)
    except Failure:
        raise Failure("On %r there is no %r button in the window: it has %s"
                      % (run.a11y.title(), name, ", ".join(run.a11y.controls())))


def reopen(run, title, text, label):
    """Quit from the keyboard (Ctrl+Q), as a user would, and open the app
    again: a new window on the compositor, back where the user was."""
    run.key("ctrl+q")
    e2e._wait_for("the app to quit on Ctrl+Q", lambda: not run.app.running(), 20)
    if run.app.process.returncode != 0:
        raise Failure("The app exited with %d on Ctrl+Q" % run.app.process.returncode)
    run.app.start()
    run.a11y.application(timeout=30)
    check_title(run, title)
    run.a11y.wait_says(text)
    run.check_names(title + " when opened again")
    run.shot(label)
    run.check_app_log()
    log("opened again on %r, which says %r" % (title, text))


def active(node):
    return node.getState().contains(e2e.atspi().STATE_ACTIVE)


def window_named(run, name, timeout=20):
    def find():
        for window in run.a11y.windows():
            if window.name == name and e2e.showing(window):
                return window
        return None
    return e2e._wait_for("a window named %r" % name, find, timeout)


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def support_on_wayland(run):
    """The Support window: the phone number and the report copied to the
    Wayland clipboard and read back as another app pastes them, and the
    report saved through GTK's file chooser."""
    a = run.a11y
    a.press("Support")
    dialog = window_named(run, "Support")
    e2e._wait_for("the Support window to have the focus", lambda: active(dialog), 20)
    a.wait_says("Up to date, with this computer’s connection checked just now.", root=dialog)
    run.check_names("the Support window", root=dialog)
    run.shot("support")

    # From the keyboard, as the compositor delivers it: each press carries
    # the serial a Wayland client needs to set the clipboard.
    run.tab_to("Copy phone number", role="push button", root=dialog)
    run.key("Return")
    phone = run.desktop.clipboard()
    if phone != "020 8506 6100":
        raise Failure("The clipboard holds %r after Copy phone number" % phone)
    log("clipboard after Copy phone number: %r" % phone)

    # Pasting elsewhere took the focus for a moment; it comes back.
    e2e._wait_for("the Support window to have the focus again", lambda: active(dialog), 20)
    run.key("alt+c")
    a.wait_says("The report is copied.", root=dialog)
    report = text_of(a.find("text", "Support report", root=dialog))
    pasted = run.desktop.clipboard()
    if pasted != report:
        raise Failure("The clipboard does not hold the report shown after Copy Report:\n%r\n%r"
                      % (pasted[:300], report[:300]))
    for line in ("Assembly Onboard support report", "Where: step 4 of 5"):
        if line not in pasted:
            raise Failure("The copied report has no %r:\n%s" % (line, pasted))
    for secret in (EMAIL, PASSWORD, INVITE):
        if secret in pasted:
            raise Failure("The copied report holds %r" % secret)
    log("clipboard after Copy Report: the report, %d lines" % len(pasted.splitlines()))

    # Without a portal on the bus, GTK's own file chooser; it starts in the
    # folder the app was started in, with the report's name filled in.
    e2e._wait_for("the Support window to have the focus again", lambda: active(dialog), 20)
    run.key("alt+s")
    chooser = window_named(run, "Save Support Report")
    a.find("push button", "Save", root=chooser)
    run.shot("support-save-report")
    saved = os.path.join(run.app.cwd, "assembly-onboard-support-report.txt")
    run.key("Return")
    e2e._wait_for("the report in %s" % saved, lambda: os.path.exists(saved), 20)
    a.wait_says("The report is saved.", root=dialog)
    with open(saved) as saved_file:
        if saved_file.read() != report:
            raise Failure("The saved report is not the one shown")
    log("saved through the file chooser: %s" % os.path.basename(saved))

    # Escape closes it, from the keyboard the compositor gave back to it.
    e2e._wait_for("the Support window to have the focus again", lambda: active(dialog), 20)
    run.key("Escape")
    e2e._wait_for("the Support window to close on Escape",
                  lambda: not any(w.name == "Support" for w in a.windows()), 20)
    e2e._wait_for("the assistant to have the focus again", lambda: active(a.main_window()), 20)


def connected_behind_another_window(run):
    """The connection goes live while the user is in another app: the
    app's desktop notification says so."""
    a = run.a11y
    other = run.desktop.open_other_window()
    e2e._wait_for("another window to take the focus", lambda: not active(a.main_window()), 20)
    run.sync()
    notification = e2e._wait_for(
        "the desktop notification that the school is connected",
        lambda: run.notifications.received(), 60)[0]
    run.shot("step-5-connected-notified")
    if notification["summary"] != "Your school is connected to Assembly" or \
            SCHOOL not in notification["body"]:
        raise Failure("The notification says %r" % notification)
    log("notification: %r, %r" % (notification["summary"], notification["body"]))
    other.terminate()
    other.wait(10)
    e2e._wait_for("the assistant to have the focus again", lambda: active(a.main_window()), 20)


def wayland_steps(run):
    a = run.a11y
    run.app.start()

    check_title(run, STEP_1)
    run.page(STEP_1, "step-1")
    check_primary(run, "Next")
    a.wait_says("Assembly’s service answered.")
    reopen(run, STEP_1, "Assembly’s service answered.", "step-1-reopened")
    run.key("alt+n")

    check_title(run, STEP_2)
    run.page(STEP_2, "step-2")
    check_primary(run, "Sign up")
    reopen(run, STEP_2, "Create your Assembly account", "step-2-reopened")
    keyboard_sign_up(run)
    check_title(run, STEP_2)
    run.check_names("Step 2, waiting for activation")
    reopen(run, STEP_2, EMAIL, "step-2-inbox-reopened")
    a.wait_says("Check Your Inbox")

    activate(run)
    check_title(run, STEP_3)
    run.page(STEP_3, "step-3")
    check_primary(run, "Continue")
    reopen(run, STEP_3, "Start typing your school’s name", "step-3-reopened")
    keyboard_school(run)

    check_title(run, STEP_4)
    run.page(STEP_4, "step-4")
    check_primary(run, "Grant Access")
    a.wait_says(SCHOOL)
    reopen(run, STEP_4, SCHOOL, "step-4-reopened")
    keyboard_connector(run)
    check_title(run, STEP_4)
    run.check_names("Step 4, waiting for Groupcall")
    reopen(run, STEP_4, "Check your inbox for an email from Groupcall", "step-4-waiting-reopened")
    support_on_wayland(run)

    run.authorise_in_groupcall()
    check_title(run, STEP_5)
    run.page(STEP_5, "step-5")
    check_primary(run, "Finish")
    a.wait_says("first data transfer", timeout=60)
    reopen(run, STEP_5, "first data transfer", "step-5-waiting-reopened")

    connected_behind_another_window(run)
    check_title(run, STEP_5)
    a.wait_says("Your school is connected to Assembly", timeout=60)
    run.check_names("Step 5, connected")
    run.shot("step-5-connected")
    reopen(run, STEP_5, "Your school is connected to Assembly", "step-5-connected-reopened")

    run.key("alt+f")
    e2e._wait_for("the app to close after Finish", lambda: not run.app.running(), 20)
    if run.app.process.returncode != 0:
        raise Failure("The app exited with %d after Finish" % run.app.process.returncode)
    # One notification: none for a school found connected when it opens.
    notifications = run.notifications.received()
    if len(notifications) != 1:
        raise Failure("The app sent %d notifications: %r" % (len(notifications), notifications))
    run.check_app_log()


# ---------------------------------------------------------------------------
# Practice mode

PRACTICE_BANNER = "Practice — nothing is sent to Assembly"
PRACTICE_SCHOOL = SCHOOL
PRACTICE_POSTCODE = SCHOOL_POSTCODE
PRACTICE_URN = SCHOOL_URN

BROWSER = """#!/bin/sh
# The e2e run's web browser: notes the address it was asked to open.
echo "$1" >> "%s"
"""


def install_browser(run):
    """A default web browser for http links, as a desktop has one, that
    writes down what it is asked to open."""
    run.browsed = os.path.join(run.workdir, "browsed.txt")
    script = os.path.join(run.workdir, "e2e-browser")
    with open(script, "w") as out:
        out.write(BROWSER % run.browsed)
    os.chmod(script, 0o755)
    applications = os.path.join(os.environ["XDG_DATA_HOME"], "applications")
    os.makedirs(applications, exist_ok=True)
    with open(os.path.join(applications, "e2e-browser.desktop"), "w") as out:
        out.write("[Desktop Entry]\nType=Application\nName=E2E Browser\nExec=%s %%u\n"
                  "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n" % script)
    with open(os.path.join(os.environ["XDG_CONFIG_HOME"], "mimeapps.list"), "w") as out:
        out.write("[Default Applications]\nx-scheme-handler/http=e2e-browser.desktop\n"
                  "x-scheme-handler/https=e2e-browser.desktop\n")


def real_files():
    """The real setup's progress file and the keyring's files, byte for byte."""
    found = {}
    for folder in (os.path.join(os.environ["XDG_STATE_HOME"], "assembly-onboard"),
                   os.path.join(os.environ["XDG_DATA_HOME"], "keyrings")):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    found[path] = f.read()
    return found


def practice_page(run, step_title, label):
    """A practice page: the title says practice and the step, and the banner
    is there. (The other runs check every control's name on these pages.)"""
    run.a11y.wait_title("Practice · " + step_title)
    run.shot(label)
    if not run.a11y.screen_says(PRACTICE_BANNER):
        raise Failure("%s has no practice banner" % step_title)


def open_inbox(run):
    a = run.a11y
    a.press("Practice Inbox")
    inbox = a.window("Practice Inbox")
    return inbox


def close_inbox(run):
    subprocess_focus(run, "Practice Inbox")
    run.desktop.key("Escape")
    e2e._wait_for("the inbox to close", lambda: not [
        w for w in run.a11y.windows() if w.name == "Practice Inbox" and e2e.showing(w)], 10)


def subprocess_focus(run, title):
    run.desktop.focus_window("^%s$" % re.escape(title))


def practice_steps(run):
    a = run.a11y
    began = time.monotonic()

    def mark(what):
        log("%6.1f s  %s" % (time.monotonic() - began, what))

    install_browser(run)
    # A desktop that shows notifications: practice sends none.
    run.notifications = e2e.NotificationServer(run.desktop, run.workdir)
    # The run's short list rather than the 49,514 schools the app ships:
    # with assistive technology on, GTK 4.8 keeps the accessibility bus busy
    # for long with a list that size, and the run must stay short.
    run.app.env["ONBOARD_PRACTICE_SCHOOLS"] = os.path.join(
        run.source, "tests", "fixtures", "schools-step3.csv")

    # The real setup, left at Step 2 with the invite code and email typed.
    run.app.start()
    run.page(STEP_1, "real-step-1")
    a.wait_says("Assembly’s service answered.")
    a.press("Next")
    run.page(STEP_2, "real-step-2")
    run.type_into("text", "Invite code", INVITE)
    a.wait_says("Assembly", timeout=20)
    time.sleep(1)
    before = real_files()
    mark('real setup at Step 2')
    if not any("keyrings" in path for path in before) or not any("progress.json" in p for p in before):
        raise Failure("The real setup has no progress file or keyring: %s" % sorted(before))

    # Main menu → Practice Without an Account…
    # F10 opens the main menu (its button is the window's primary menu).
    run.key("F10")
    item = a.find(None, "Practice Without an Account…")
    log("the menu item is a %s" % item.getRoleName())
    started = time.monotonic()
    a.click(item)
    a.wait_title("Practice · " + STEP_1)
    shown_1 = time.monotonic() - started
    run.focus_window = lambda: run.desktop.focus_window("^Practice · Step")

    practice_page(run, STEP_1, "practice-step-1")
    a.wait_says("Assembly’s service answered.")
    a.press("Next")
    a.wait_title("Practice · " + STEP_2)
    shown_2 = time.monotonic() - started
    log("practice: Step 1 shown %.2f s after the menu item, Step 2 %.2f s (Next pressed once Step 1's "
        "checks passed)" % (shown_1, shown_2))

    practice_page(run, STEP_2, "practice-step-2")
    run.type_into("text", "Invite code", "DEMO-ASSEMBLY")
    a.wait_says("Assembly", timeout=20)
    run.type_into("text", "Email", EMAIL)
    run.type_into("password text", "Password", PASSWORD)
    a.click(a.find("check box", "I accept the terms of service"))
    a.press("Sign up")
    a.wait_says("Check Your Inbox")
    run.shot("practice-step-2-inbox")

    # The activation email, in the practice inbox; its link opens in the
    # background, and the app moves on by itself.
    inbox = open_inbox(run)
    a.wait_says("Activate your Assembly account", root=inbox)
    a.wait_says("To: " + EMAIL, root=inbox)
    run.check_names("the Practice Inbox", root=inbox)
    run.shot("practice-inbox-activation")
    a.press("Activate my account", root=inbox)
    close_inbox(run)

    practice_page(run, STEP_3, "practice-step-3")
    mark('practice Step 3')
    run.type_into("entry", "Search by school name, postcode, URN or DfE number", PRACTICE_POSTCODE.lower())
    a.wait_says("1 school")
    run.click_on(a.find("list item", contains=PRACTICE_SCHOOL))
    a.wait_says("URN " + PRACTICE_URN)
    # Under the banner the drop-down is below the fold: from the keyboard,
    # where choosing the school left the focus.
    run.tab_to("MIS Provider", role="combo box")
    run.key("space")
    run.choose_in_popup("Arbor")
    a.wait_says("Arbor")
    run.shot("practice-step-3-chosen")
    a.press("Continue")

    practice_page(run, STEP_4, "practice-step-4")
    mark('practice Step 4')
    a.wait_says(PRACTICE_SCHOOL)
    a.click(a.find("check box", "I accept Groupcall’s usage policy"))
    run.shot("practice-step-4-filled")
    a.press("Grant Access")
    a.wait_says("Check your inbox for an email from Groupcall")
    run.shot("practice-step-4-waiting")

    # Groupcall's email to the colleague: Begin Authorisation opens
    # Groupcall's page in the browser; the school's approval is one button.
    inbox = open_inbox(run)
    a.wait_says("Begin Authorisation", timeout=30, root=inbox)
    run.shot("practice-inbox-groupcall")
    a.press("Begin Authorisation", root=inbox)
    e2e._wait_for("the browser to be asked for Groupcall's page",
                  lambda: os.path.exists(run.browsed), 15)
    with open(run.browsed) as f:
        opened = f.read().strip()
    if not re.match(r"http://127\.0\.0\.1:\d+/api/onboarding/__dev/xod/authorise/", opened):
        raise Failure("Begin Authorisation opened %r" % opened)
    log("Begin Authorisation opened %s" % opened)
    a.press("Approve as the School", root=inbox)
    run.shot("practice-inbox-approved")
    close_inbox(run)

    practice_page(run, STEP_5, "practice-step-5")
    mark('practice Step 5')
    a.wait_says("Your school is connected to Assembly", timeout=90)
    run.check_names("Practice Step 5, connected")
    run.shot("practice-step-5-connected")
    mark('connected')

    # Leave Practice: the real setup, where it was.
    a.press("Leave Practice")
    run.focus_window = Run.focus_window.__get__(run)
    a.wait_title(STEP_2)
    a.find("check box", "I accept the terms of service")
    run.shot("real-step-2-after-practice")
    after = real_files()
    mark('back at the real Step 2')
    changed = [path for path in set(before) | set(after) if before.get(path) != after.get(path)]
    if changed:
        raise Failure("Practice changed the real setup's files: %s" % ", ".join(sorted(changed)))
    log("the real progress file and the keyring's %d files are byte for byte unchanged" % (len(after) - 1))
    if run.notifications.received():
        raise Failure("Practice sent desktop notifications: %r" % run.notifications.received())
    run.check_app_log()


# Each run: its steps, whether it runs at Large Text with high contrast in
# a window 600 pixels wide, and whether on Wayland.
RUNS = {
    "assistive": (assistive_steps, False, False),
    "large-text": (assistive_steps, True, False),
    "keyboard": (keyboard_steps, False, False),
    "restart": (restart_steps, False, False),
    "wayland": (wayland_steps, False, True),
    "practice": (practice_steps, False, False),
    "orca": (orca_steps, False, False),
}


def run_steps(args):
    steps, large_text, wayland = RUNS[args.run]
    if wayland and not args.weston_module:
        raise Failure("The Wayland run needs --weston-module")
    run = Run(args, args.run, large_text=large_text, wayland=wayland)
    try:
        steps(run)
    except BaseException:
        run.record_failure()
        raise
    finally:
        run.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", choices=sorted(RUNS), required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--window-size", metavar="WIDTHxHEIGHT",
                        help="open the window at this size (the screenshots are taken at 1024x768)")
    parser.add_argument("--weston-module", metavar="FILE",
                        help="the Wayland run's seat for Weston (onboard-test-weston-seat.so)")
    args = parser.parse_args()

    print("1..1", flush=True)
    try:
        run_steps(args)
    except Exception:
        for line in traceback.format_exc().splitlines():
            log(line)
        print("not ok 1 /onboard/e2e/%s" % args.run, flush=True)
        return 1
    print("ok 1 /onboard/e2e/%s" % args.run, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
