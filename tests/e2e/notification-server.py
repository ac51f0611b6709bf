#!/usr/bin/python3
# notification-server.py
#
# Copyright 2026 Assembly Education Ltd
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""A desktop's notification server, for an end-to-end run's session bus.

  notification-server.py FILE

Owns org.freedesktop.Notifications, answers it as a desktop does, and
appends every notification it is sent to FILE as a line of JSON. Prints
"ready" once it owns the name.
"""

import json
import sys

from gi.repository import Gio, GLib

INTERFACE = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" name="app_name" direction="in"/>
      <arg type="u" name="replaces_id" direction="in"/>
      <arg type="s" name="app_icon" direction="in"/>
      <arg type="s" name="summary" direction="in"/>
      <arg type="s" name="body" direction="in"/>
      <arg type="as" name="actions" direction="in"/>
      <arg type="a{sv}" name="hints" direction="in"/>
      <arg type="i" name="expire_timeout" direction="in"/>
      <arg type="u" name="id" direction="out"/>
    </method>
    <method name="CloseNotification">
      <arg type="u" name="id" direction="in"/>
    </method>
    <method name="GetCapabilities">
      <arg type="as" name="capabilities" direction="out"/>
    </method>
    <method name="GetServerInformation">
      <arg type="s" name="name" direction="out"/>
      <arg type="s" name="vendor" direction="out"/>
      <arg type="s" name="version" direction="out"/>
      <arg type="s" name="spec_version" direction="out"/>
    </method>
    <signal name="NotificationClosed">
      <arg type="u" name="id"/>
      <arg type="u" name="reason"/>
    </signal>
    <signal name="ActionInvoked">
      <arg type="u" name="id"/>
      <arg type="s" name="action_key"/>
    </signal>
  </interface>
</node>
"""


def main():
    path = sys.argv[1]
    loop = GLib.MainLoop()
    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)
    last_id = [0]

    def method_call(connection, sender, object_path, interface, method, parameters, invocation):
        if method == "Notify":
            (app_name, replaces_id, icon, summary, body,
             actions, hints, timeout) = parameters.unpack()
            last_id[0] += 1
            with open(path, "a") as out:
                out.write(json.dumps({"app_name": app_name, "icon": icon, "summary": summary,
                                      "body": body, "actions": actions,
                                      "hints": sorted(hints)}) + "\n")
            invocation.return_value(GLib.Variant("(u)", (replaces_id or last_id[0],)))
        elif method == "CloseNotification":
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["body", "actions", "icon-static"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("onboard-e2e", "Assembly", "1", "1.2")))

    def bus_acquired(connection, name):
        connection.register_object("/org/freedesktop/Notifications", node.interfaces[0],
                                   method_call, None, None)

    def name_acquired(connection, name):
        print("ready", flush=True)

    def name_lost(connection, name):
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.Notifications",
                     Gio.BusNameOwnerFlags.NONE, bus_acquired, name_acquired, name_lost)
    loop.run()
    return 1


if __name__ == "__main__":
    sys.exit(main())
