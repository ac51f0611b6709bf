# onboard_e2e.py
#
# Copyright 2026 Assembly Education Ltd
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The end-to-end harness: the real assembly-onboard binary and the real
reference server, on an X server (or a Wayland compositor), a D-Bus session,
an AT-SPI bus and a keyring of their own, driven the way assistive
technology drives it.

Everything is read through the accessibility tree (pyatspi). Buttons are
pressed with their AT-SPI "click" action; text is typed with real key events
(xdotool on X; on Wayland, key presses Weston delivers from a seat of the
test's own), because GTK 4.8 lets AT-SPI neither set an entry's text nor
move the focus.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tty
import urllib.request

KEYRING_PASSWORD = "onboard-e2e-keyring"


def log(message):
    print("# " + message, flush=True)


class Failure(AssertionError):
    pass


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(what, predicate, timeout):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Failure("Timed out after %g s waiting for %s" % (timeout, what))
        time.sleep(0.1)


def _exit_on_sigterm(signum, frame):
    # meson's timeout sends SIGTERM: clean up the X server and the rest.
    raise SystemExit("Stopped by signal %d" % signum)


class Desktop:
    """An X server, a session bus with its AT-SPI bus, and a keyring."""

    def __init__(self, workdir, width=1024, height=768):
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        self.workdir = workdir
        self.width = width
        self.height = height
        self.processes = []
        self._private_folders()
        self._start_display()
        self._start_session()

    def _private_folders(self):
        # Private folders: the keyring's files, the app's progress and settings.
        for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"),
                          ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"),
                          ("XDG_CACHE_HOME", "cache")):
            path = os.path.join(self.workdir, sub)
            os.makedirs(path, exist_ok=True)
            os.environ[name] = path
        runtime = os.path.join(self.workdir, "runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = runtime

    def _start_display(self):
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0",
             "%dx%dx24" % (self.width, self.height), "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        self.processes.append(xvfb)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise Failure("Xvfb did not start")
        os.environ["DISPLAY"] = ":" + number
        os.environ.pop("WAYLAND_DISPLAY", None)
        os.environ.pop("GDK_BACKEND", None)

    def _start_session(self):
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes.append(bus)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()

        # Assistive technology is on, as Orca would have it.
        for name in ("NO_AT_BRIDGE", "GTK_A11Y", "GNOME_KEYRING_CONTROL", "G_DEBUG"):
            os.environ.pop(name, None)

        keyring = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--components=secrets", "--unlock"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        keyring.stdin.write(KEYRING_PASSWORD.encode())
        keyring.stdin.close()
        self.processes.append(keyring)
        _wait_for("the keyring on the session bus", self._keyring_ready, 20)

    def _keyring_ready(self):
        # Asking the name's owner first: a call to an unowned name would
        # have the bus start a keyring daemon of its own.
        owner = subprocess.run(
            ["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
             "--object-path", "/org/freedesktop/DBus",
             "--method", "org.freedesktop.DBus.NameHasOwner", "org.freedesktop.secrets"],
            capture_output=True, text=True)
        if "true" not in owner.stdout:
            return False
        result = subprocess.run(
            ["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
             "--object-path", "/org/freedesktop/secrets",
             "--method", "org.freedesktop.Secret.Service.ReadAlias", "default"],
            capture_output=True, text=True)
        return result.returncode == 0 and "'/'" not in result.stdout

    def large_text_and_high_contrast(self):
        """What GNOME's Accessibility settings do: Large Text makes the
        settings daemon announce 144 dpi instead of 96 over XSETTINGS (here
        xsettingsd plays that part), and High Contrast switches libadwaita
        to its high-contrast style (here its own switch for testing)."""
        config = os.path.join(self.workdir, "xsettingsd.conf")
        with open(config, "w") as out:
            out.write("Xft/DPI %d\n" % (144 * 1024))
        self.own(subprocess.Popen(["xsettingsd", "--config", config],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.environ["ADW_DEBUG_HIGH_CONTRAST"] = "1"
        time.sleep(0.5)

    def window_size(self, schema_path, width, height):
        folder = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "keyfile"), "a") as keyfile:
            keyfile.write("[%s]\nwindow-size=(%d, %d)\n" % (schema_path, width, height))

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def key(self, *keys):
        subprocess.run(["xdotool", "key", "--delay", "60"] + list(keys), check=True)
        time.sleep(0.3)

    def type(self, text):
        subprocess.run(["xdotool", "type", "--delay", "30", text], check=True)
        time.sleep(0.3)

    def click_at(self, x, y):
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)
        time.sleep(0.3)

    def focus_window(self, title_pattern):
        # No window manager: give the window the keyboard focus ourselves.
        subprocess.run(["xdotool", "search", "--name", title_pattern, "windowfocus"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.2)

    def window_manager(self):
        """Openbox, with none of its own key bindings: without a window
        manager no window is ever activated, and Orca announces none."""
        config = os.path.join(self.workdir, "openbox-rc.xml")
        with open(config, "w") as out:
            out.write('<?xml version="1.0"?>\n'
                      '<openbox_config xmlns="http://openbox.org/3.4/rc">'
                      '<focus><focusNew>yes</focusNew><followMouse>no</followMouse></focus>'
                      '<keyboard></keyboard><mouse></mouse>'
                      '<desktops><number>1</number></desktops>'
                      '</openbox_config>\n')
        self.own(subprocess.Popen(["openbox", "--sm-disable", "--config-file", config],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        # Up once it has said how many desktops there are (EWMH).
        _wait_for("the window manager", lambda: subprocess.run(
            ["xdotool", "get_num_desktops"], capture_output=True).returncode == 0, 20)

    # Where the user is before starting the app, as a file manager or a
    # terminal would be: a screen reader always has the focus somewhere.
    LAUNCHER = """
import gi
gi.require_version("Gtk", "4.0")
from gi.repository import Gtk
def activate(app):
    window = Gtk.ApplicationWindow(application=app, title="Files")
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    for name in ("Documents", "Downloads"):
        box.append(Gtk.Button(label=name))
    window.set_child(box)
    window.present()
app = Gtk.Application(application_id="org.assembly.OnboardTest.Files")
app.connect("activate", activate)
app.run([])
"""

    def launcher(self):
        """A window of another app, with two buttons, to start from."""
        return self.own(subprocess.Popen(["/usr/bin/python3", "-c", self.LAUNCHER],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

    def own(self, process):
        """Stopped with the desktop, whatever happens to the test."""
        self.processes.append(process)
        return process

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


# Linux key codes (linux/input-event-codes.h) and the characters they type
# with the US keymap Weston uses when it is given none.
_KEY_CODES = {
    "Escape": 1, "BackSpace": 14, "Tab": 15, "Return": 28, "space": 57,
    "ctrl": 29, "shift": 42, "alt": 56, "super": 125,
    "Home": 102, "Up": 103, "Page_Up": 104, "Left": 105, "Right": 106,
    "End": 107, "Down": 108, "Page_Down": 109, "Delete": 111,
    "F1": 59, "F2": 60, "F3": 61, "F4": 62, "F5": 63, "F6": 64, "F10": 68,
}
_KEY_CODES.update({c: code for code, c in enumerate("1234567890-=", start=2)})
_KEY_CODES.update({c: code for code, c in enumerate("qwertyuiop[]", start=16)})
_KEY_CODES.update({c: code for code, c in enumerate("asdfghjkl;'`", start=30)})
_KEY_CODES.update({c: code for code, c in enumerate("\\zxcvbnm,./", start=43)})
_KEY_CODES[" "] = _KEY_CODES["space"]
_SET_TITLE = re.compile(rb'\] client \S+ rq xdg_toplevel@\d+\.set_title\("(.*)"\)$')
_SHIFTED = dict(zip('!@#$%^&*()_+{}:"~|<>?', "1234567890-=[];'`\\,./"))


class WaylandDesktop(Desktop):
    """A Wayland desktop: Weston on its headless backend, drawing into
    memory with its pixman renderer, with its own socket in its own runtime
    folder, and the same session bus, AT-SPI bus and keyring as the X one.

    The headless backend has no input devices, so Weston is given a seat
    with a keyboard by a module of the test's (onboard-test-weston-seat.c):
    windows are then activated and focused as on a desktop, the clipboard
    works, and key presses reach the focused window through the compositor,
    as a keyboard's would. There is no pointer: xdotool has no part here.
    """

    SOCKET = "onboard-e2e"

    def __init__(self, workdir, seat_module, width=1280, height=1024):
        # Weston takes a module by its absolute path.
        self.seat_module = os.path.abspath(seat_module)
        super().__init__(workdir, width, height)

    def _start_display(self):
        self.keys_path = os.path.join(self.workdir, "weston-keys")
        os.mkfifo(self.keys_path)
        self.compositor_log = os.path.join(self.workdir, "weston.log")
        env = dict(os.environ, ONBOARD_WESTON_KEYS=self.keys_path)
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        self.weston = subprocess.Popen(
            ["weston", "--backend=headless-backend.so", "--use-pixman",
             "--width=%d" % self.width, "--height=%d" % self.height,
             "--socket=" + self.SOCKET, "--idle-time=0", "--no-config",
             # The screenshooter protocol is there only with --debug.
             "--debug", "--modules=" + self.seat_module, "--log=" + self.compositor_log],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT)
        self.processes.append(self.weston)
        socket_path = os.path.join(os.environ["XDG_RUNTIME_DIR"], self.SOCKET)
        _wait_for("Weston's socket %s" % socket_path,
                  lambda: os.path.exists(socket_path) or self.weston.poll() is not None, 20)
        _wait_for("Weston's seat with a keyboard", self._seat_ready, 20)
        os.environ["WAYLAND_DISPLAY"] = self.SOCKET
        os.environ["GDK_BACKEND"] = "wayland"
        os.environ.pop("DISPLAY", None)
        # Opened for writing only now that Weston has it open for reading.
        self.keys = open(self.keys_path, "w")
        # What the clients ask of the compositor, window titles among it.
        self.protocol_log = os.path.join(self.workdir, "weston-protocol.log")
        self.processes.append(subprocess.Popen(
            ["weston-debug", "--output", self.protocol_log, "proto"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait_for("Weston's protocol log", lambda: os.path.exists(self.protocol_log), 20)

    def _seat_ready(self):
        if self.weston.poll() is not None:
            raise Failure("Weston stopped at start-up (%d):\n%s"
                          % (self.weston.returncode, self.compositor_log_text()))
        return "onboard-test-weston-seat: a seat with a keyboard" in self.compositor_log_text()

    def compositor_log_text(self):
        try:
            with open(self.compositor_log, errors="replace") as log_file:
                return log_file.read()
        except FileNotFoundError:
            return ""

    def window_titles(self):
        """Every title a client has given a window (xdg_toplevel.set_title),
        oldest first, as the compositor received them."""
        titles = []
        with open(self.protocol_log, "rb") as protocol:
            for line in protocol:
                match = _SET_TITLE.search(line)
                if match:
                    titles.append(match.group(1).decode("utf-8", errors="replace"))
        return titles

    def large_text_and_high_contrast(self):
        raise Failure("The Wayland desktop has no Large Text setting")

    def screenshot(self, path):
        """What the compositor shows, as Weston's screenshooter takes it:
        a PNG named by the time, in the folder it runs in."""
        folder = tempfile.mkdtemp(dir=self.workdir)
        subprocess.run(["weston-screenshooter"], cwd=folder, check=True, timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shots = [name for name in os.listdir(folder) if name.endswith(".png")]
        if len(shots) != 1:
            raise Failure("weston-screenshooter left %r" % shots)
        shutil.move(os.path.join(folder, shots[0]), path)
        os.rmdir(folder)

    def _send(self, *events):
        self.keys.write("".join("%d %d\n" % event for event in events))
        self.keys.flush()

    def _codes(self, combination):
        """"ctrl+a" to the codes of ctrl and a; "A" or "@" adds shift."""
        codes = []
        for name in combination.split("+") if len(combination) > 1 else [combination]:
            if len(name) == 1 and (name.isupper() or name in _SHIFTED):
                codes.append(_KEY_CODES["shift"])
                name = _SHIFTED.get(name, name.lower())
            if name not in _KEY_CODES:
                raise Failure("No key for %r" % name)
            codes.append(_KEY_CODES[name])
        return codes

    def _press(self, combination, delay):
        codes = self._codes(combination)
        self._send(*[(code, 1) for code in codes], *[(code, 0) for code in reversed(codes)])
        time.sleep(delay)

    def key(self, *keys):
        for combination in keys:
            self._press(combination, 0.06)
        time.sleep(0.3)

    def type(self, text):
        for character in text:
            self._press(character, 0.03)
        time.sleep(0.3)

    def click_at(self, x, y):
        raise Failure("The Wayland desktop has no pointer: use the keyboard or AT-SPI")

    def focus_window(self, title_pattern):
        # The compositor gives the focus to the window it shows last, as a
        # desktop does: nothing to do.
        pass

    def clipboard(self, mime_type="text/plain;charset=utf-8"):
        """The clipboard, as another Wayland app pastes it: wl-paste shows a
        surface of its own for an instant, so the compositor sends it the
        selection, then the focus goes back."""
        result = subprocess.run(["wl-paste", "--no-newline", "--type", mime_type],
                                capture_output=True, timeout=20)
        if result.returncode != 0:
            raise Failure("wl-paste failed (%d): %s"
                          % (result.returncode, result.stderr.decode(errors="replace").strip()))
        return result.stdout.decode()

    def open_other_window(self):
        """Another app's window, which takes the focus as it opens."""
        return self.own(subprocess.Popen(["weston-simple-shm"], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL))

    def close(self):
        if getattr(self, "keys", None) is not None:
            try:
                self.keys.close()
            except OSError:
                pass
            self.keys = None
        super().close()


class NotificationServer:
    """What the desktop shows notifications with, on the test's session
    bus: org.freedesktop.Notifications, answered by notification-server.py,
    which writes down every notification it is sent."""

    def __init__(self, desktop, workdir):
        self.path = os.path.join(workdir, "notifications.jsonl")
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notification-server.py")
        self.process = desktop.own(subprocess.Popen(
            [sys.executable, script, self.path], stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True))
        if self.process.stdout.readline().strip() != "ready":
            raise Failure("The notification server did not start")

    def received(self):
        try:
            with open(self.path) as notifications:
                return [json.loads(line) for line in notifications if line.strip()]
        except FileNotFoundError:
            return []


class Sandbox:
    """The reference server, on a port that stays the same across restarts,
    keeping its state in a file."""

    def __init__(self, desktop, binary, workdir, schools, extra_args=()):
        self.desktop = desktop
        self.binary = binary
        self.port = _free_port()
        self.state = os.path.join(workdir, "sandbox-state.json")
        self.log_path = os.path.join(workdir, "sandbox.log")
        self.schools = schools
        self.extra_args = list(extra_args)
        self.process = None
        self.url = None
        self.start()

    def start(self):
        args = [self.binary, "--port", str(self.port), "--state", self.state,
                "--schools", self.schools] + self.extra_args
        self.log_file = open(self.log_path, "a")
        self.process = self.desktop.own(
            subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log_file, text=True))
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http"):
            raise Failure("The reference server did not start: %r" % self.url)
        # Its banner and request log go on to the log file.
        self.desktop.own(subprocess.Popen(["cat"], stdin=self.process.stdout, stdout=self.log_file))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def get_json(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.load(response)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode()

    def post_json(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read().decode()

    def outbox(self):
        return self.get_json("/__dev/outbox.json")


class App:
    """The real binary, started and killed as a user (or a power cut) would."""

    def __init__(self, desktop, binary, workdir, api_url, schema_dir):
        self.desktop = desktop
        self.binary = binary
        self.api_url = api_url
        self.log_path = os.path.join(workdir, "app.log")
        self.env = dict(os.environ)
        self.env["GSETTINGS_SCHEMA_DIR"] = schema_dir
        self.env["GSETTINGS_BACKEND"] = "keyfile"
        self.env["GIO_USE_PROXY_RESOLVER"] = "dummy"
        # Started in the private home, where a file chooser opens.
        self.cwd = os.environ["HOME"]
        self.process = None
        # An Accessible to point at this process each time it starts.
        self.accessible = None

    def start(self):
        self.log_file = open(self.log_path, "a")
        self.log_file.write("--- started\n")
        self.log_file.flush()
        self.process = self.desktop.own(
            subprocess.Popen([self.binary, "--api-url", self.api_url], cwd=self.cwd,
                             env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT))
        if self.accessible is not None:
            self.accessible.pid = self.process.pid

    def kill(self):
        """kill -9: no chance to save anything on the way out."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def running(self):
        return self.process is not None and self.process.poll() is None


def find_source_and_build():
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.dirname(os.path.dirname(here))
    build = os.environ.get("ONBOARD_BUILD_DIR") or os.path.join(source, "_build")
    return source, build


# ---------------------------------------------------------------------------
# The accessibility tree

_pyatspi = None


def atspi():
    """pyatspi, imported only once the test's own session bus is set, so it
    talks to that bus's AT-SPI registry and not the developer's."""
    global _pyatspi
    if _pyatspi is None:
        import pyatspi
        _pyatspi = pyatspi
    return _pyatspi


INTERACTIVE_ROLES = {
    "push button", "toggle button", "check box", "radio button", "entry", "text",
    "password text", "combo box", "spin button", "slider", "link", "menu item",
    "toggle", "switch", "list item", "page tab",
}


def states(node):
    return node.getState()


def showing(node):
    """On the page the user sees. GTK 4.8 marks only windows SHOWING, and
    keeps the pages of a GtkStack that are not shown VISIBLE; what is not
    shown has no size."""
    state = node.getState()
    if not state.contains(atspi().STATE_VISIBLE):
        return False
    if node.getRoleName() in ("frame", "dialog", "alert", "window"):
        return True
    try:
        box = node.queryComponent().getExtents(atspi().WINDOW_COORDS)
    except NotImplementedError:
        return True
    return box.width > 0 and box.height > 0


def text_width(text, dpi, font="Sans 10"):
    """How many pixels wide a line of text is in GTK's default font (the
    font GTK falls back to with no desktop settings) at a resolution."""
    import gi
    gi.require_version("Pango", "1.0")
    gi.require_version("PangoCairo", "1.0")
    from gi.repository import Pango, PangoCairo
    font_map = PangoCairo.FontMap.new()
    font_map.set_resolution(dpi)
    layout = Pango.Layout.new(font_map.create_context())
    layout.set_font_description(Pango.FontDescription.from_string(font))
    layout.set_text(text, -1)
    return layout.get_pixel_size()[0]


def walk(node, only_showing=True):
    """Depth first, the node itself included; hidden branches are skipped."""
    try:
        if only_showing and node.getRoleName() not in ("application",) and not showing(node):
            return
        children = [child for child in node if child is not None]
    except Exception:
        # A node that went away while we looked (the page changed).
        return
    yield node
    for child in children:
        yield from walk(child, only_showing)


def unnamed_name(name):
    # GTK 4.8 falls back to the widget's type name when nothing names it.
    return not name or not name.strip() or name.startswith(("Gtk", "Adw", "Onboard"))


def said_twice(name):
    """GTK 4.8 joins an accessible label and the widget's labelling label:
    "Continue Continue", "Reference, con_1 Reference"."""
    words = [w.strip(",.:;·") for w in name.split()]
    words = [w for w in words if w]
    return any(words[-k:] == words[:k] for k in range(1, len(words) // 2 + 1))


# The start of the practice window's title: "Practice · Step 1 of 5 · …"
PRACTICE_TITLE = "Practice · Step "


class Accessible:
    """The app as a screen reader sees it."""

    def __init__(self, app_name="assembly-onboard"):
        self.app_name = app_name
        # The process to look at: after a kill -9 the registry may still
        # list the dead one under the same name for a while.
        self.pid = None

    def application(self, timeout=30):
        def find():
            desktop = atspi().Registry.getDesktop(0)
            for app in desktop:
                try:
                    if app is None or app.name != self.app_name:
                        continue
                    if self.pid is not None and app.get_process_id() != self.pid:
                        continue
                    return app
                except Exception:
                    continue
            return None
        return _wait_for("the app on the accessibility bus", find, timeout)

    def windows(self):
        return [w for w in self.application() if w is not None]

    def main_window(self, timeout=30):
        def find():
            # The assistant, or in practice mode its practice window; when
            # practice hides the real one, the one on screen.
            found = [w for w in self.windows()
                     if w.name.startswith("Step ") or w.name.startswith(PRACTICE_TITLE)]
            on_screen = [w for w in found if showing(w)]
            return (on_screen or found or [None])[0]
        return _wait_for("the assistant window", find, timeout)

    def window(self, title, timeout=15):
        """Another window of the app, by its title."""
        def find():
            for window in self.windows():
                if window.name == title and showing(window):
                    return window
            return None
        return _wait_for("the %r window" % title, find, timeout)

    def dialog(self, timeout=15):
        def find():
            for window in self.windows():
                if not window.name.startswith("Step ") and not window.name.startswith(PRACTICE_TITLE) \
                        and showing(window):
                    return window
            return None
        return _wait_for("a dialog", find, timeout)

    def title(self):
        return self.main_window().name

    def wait_title(self, prefix, timeout=30):
        return _wait_for("the window title to start %r (it is %r)" % (prefix, self._safe_title()),
                         lambda: self._safe_title().startswith(prefix), timeout)

    def _safe_title(self):
        try:
            return self.main_window(timeout=5).name
        except Exception:
            return ""

    def find_all(self, role=None, name=None, root=None, contains=None):
        root = root or self.main_window()
        found = []
        for node in walk(root):
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
            if contains is not None and contains not in (node.name or ""):
                continue
            found.append(node)
        return found

    def find(self, role=None, name=None, root=None, contains=None, timeout=20):
        def look():
            try:
                nodes = self.find_all(role, name, root, contains)
            except Exception:
                return None
            return nodes[0] if nodes else None
        what = "%s %r" % (role or "anything", name if name is not None else contains)
        return _wait_for(what + " on screen", look, timeout)

    def texts(self, root=None):
        """Every label on screen, in reading order."""
        return [n.name for n in walk(root or self.main_window()) if n.getRoleName() in ("label", "status bar") and n.name]

    def screen_says(self, text, root=None):
        return any(text in t for t in self.texts(root))

    def wait_says(self, text, timeout=30, root=None):
        return _wait_for("the screen to say %r" % text,
                         lambda: self._says_safely(text, root), timeout)

    def _says_safely(self, text, root):
        try:
            return self.screen_says(text, root)
        except Exception:
            return False

    def click(self, node):
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "toggle", "press"):
                action.doAction(i)
                time.sleep(0.3)
                return
        raise Failure("%s %r has no click action" % (node.getRoleName(), node.name))

    def press(self, name, role="push button", timeout=20, root=None):
        button = self.find(role, name, root=root, timeout=timeout)
        _wait_for("%r to be sensitive" % name,
                  lambda: button.getState().contains(atspi().STATE_SENSITIVE), timeout)
        self.click(button)

    def extents(self, node):
        # GTK 4.8 gives positions relative to the window, which sits at the
        # screen's corner with no window manager.
        box = node.queryComponent().getExtents(atspi().WINDOW_COORDS)
        return box.x, box.y, box.width, box.height

    def focused(self, root=None):
        for node in walk(root or self.main_window()):
            if node.getState().contains(atspi().STATE_FOCUSED):
                return node
        return None

    def unnamed_controls(self, root=None):
        problems = []
        for node in walk(root or self.main_window()):
            role = node.getRoleName()
            if role in INTERACTIVE_ROLES and unnamed_name(node.name):
                problems.append("%s %r" % (role, node.name))
            elif role == "push button" and "_" in node.name:
                problems.append("%s %r (mnemonic underscore in its name)" % (role, node.name))
            elif role in INTERACTIVE_ROLES and said_twice(node.name):
                problems.append("%s %r (said twice)" % (role, node.name))
        return problems

    def controls(self, root=None):
        return ["%s %r" % (n.getRoleName(), n.name) for n in walk(root or self.main_window())
                if n.getRoleName() in INTERACTIVE_ROLES]


# ---------------------------------------------------------------------------
# A real screen reader

class ScreenReader:
    """Orca, listening to the desktop's accessibility bus, with a
    preferences folder of its own and speech enabled but no synthesiser:
    what it would say is read from its debug output, one "SPEECH OUTPUT:"
    line an utterance.

    Orca opens its debug file with Python's default buffering, so a file
    would hold back the last few kilobytes of what it said. The debug
    "file" is a pseudo-terminal instead, which Python writes line by line,
    and a thread copies it to the log as it comes."""

    # Each line ends with the voice Orca would use, a dictionary; a line
    # break in what is said continues the line, indented.
    SPEECH = re.compile(r"SPEECH OUTPUT: '(.*)'(?: voice=\w+)? ?\{.*\}$", re.S)
    # Where Orca believes the focus went: "[push button | Try Again]".
    FOCUS = re.compile(r"ORCA: Changing locusOfFocus from .* to \[([^|\]]*) \| (.*)\]\. Notify: True")

    def __init__(self, workdir, log_path):
        self.log_path = log_path
        self.prefs = os.path.join(workdir, "orca")
        os.makedirs(self.prefs, exist_ok=True)
        # No braille: there is no display to drive, and building each line
        # for none doubles what Orca asks the app over AT-SPI, on a machine
        # of two cores. Speech is what is heard and what is checked.
        with open(os.path.join(self.prefs, "user-settings.conf"), "w") as out:
            json.dump({"general": {"enableBraille": False, "enableBrailleMonitor": False},
                       "pronunciations": {}, "keybindings": {},
                       "profiles": {"default": {"profile": ["Default", "default"],
                                                "enableBraille": False}}}, out)
        self.utterances = []
        # (len(utterances) then, role, name) for each focus Orca followed.
        self.focus_changes = []
        # When Orca last wrote to its log: it logs as it deals with each
        # event, so when it has been silent a while it has caught up.
        self.last_line = time.monotonic()
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)

        master, slave = os.openpty()
        tty.setraw(slave)
        self._master = master
        self._slave = slave
        self._log = open(log_path, "w", errors="replace")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

        env = dict(os.environ)
        # Speech on, through Speech Dispatcher, which is never reached:
        # no audio device is needed, and none is started behind our back.
        env["SPEECHD_ADDRESS"] = "unix_socket:" + os.path.join(workdir, "no-speech-dispatcher")
        env["SPEECHD_CMD"] = shutil.which("false") or "/bin/false"
        env["GSETTINGS_BACKEND"] = "memory"
        self.process = subprocess.Popen(
            ["orca", "--user-prefs", self.prefs, "--debug-file", os.ttyname(slave)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.wait_for("Screen reader on", timeout=60)

    def _read(self):
        pending = b""
        partial = None
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                break
            if not data:
                break
            pending += data
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                self._log.write(line + "\n")
                with self.lock:
                    self.last_line = time.monotonic()
                if partial is not None and line.startswith(" " * 18):
                    partial += "\n" + line[18:]
                elif partial is not None:
                    self._heard(partial)
                    partial = None
                focus = self.FOCUS.search(line)
                if focus:
                    with self.lock:
                        self.focus_changes.append((len(self.utterances), focus.group(1), focus.group(2)))
                if partial is None and "SPEECH OUTPUT: '" in line:
                    partial = line
                if partial is not None and self.SPEECH.search(partial):
                    self._heard(partial)
                    partial = None
            self._log.flush()

    def _heard(self, line):
        match = self.SPEECH.search(line)
        said = match.group(1) if match else line.split("SPEECH OUTPUT: '", 1)[1]
        with self.changed:
            self.utterances.append(said)
            self.changed.notify_all()

    def mark(self):
        """Where the transcript stands now."""
        with self.lock:
            return len(self.utterances)

    def focus_since(self, mark):
        """(role, name) of the last focus Orca followed since @mark, or None."""
        with self.lock:
            changes = [(role, name) for at, role, name in self.focus_changes if at >= mark]
        return changes[-1] if changes else None

    def said_since(self, mark):
        with self.lock:
            return list(self.utterances[mark:])

    def wait_for(self, phrase, since=0, timeout=20):
        """Waits until an utterance from @since on contains @phrase."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                if any(phrase in u for u in self.utterances[since:]):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)

    def wait_caught_up(self, quiet=0.8, timeout=30):
        """Until Orca has written nothing for @quiet seconds: logging
        everything it does, it can run well behind the app."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                idle = time.monotonic() - self.last_line
            if idle >= quiet:
                return True
            time.sleep(0.1)
        return False

    def wait_quiet(self, quiet=1.0, timeout=15):
        """Until Orca has said nothing new for @quiet seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            count = len(self.utterances)
            while time.monotonic() < deadline:
                self.changed.wait(quiet)
                if len(self.utterances) == count:
                    return
                count = len(self.utterances)

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self._slave)
        self._reader.join(5)
        os.close(self._master)
        self._log.close()
