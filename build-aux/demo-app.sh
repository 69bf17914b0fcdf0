#!/usr/bin/env bash
# build-aux/demo-app.sh: starts Throughgate on a synthetic caseload.
# './run demo' builds the tree and then runs this script.
#
# The app makes its demo store itself (throughgate --demo): a temporary
# directory, a seeded invented caseload, PIN 123456 shown on the unlock
# page, all removed when the app quits. The store's key goes into a
# throwaway login keyring on a private D-Bus session, never the desktop's:
# a key left in the real keyring by a killed demo would be an orphan, and a
# locked real keyring would pop up a prompt. The display (X11 or Wayland)
# is the user's own, and so is the notification server: a relay
# (build-aux/tg-demo-notify-relay.c) owns org.freedesktop.Notifications on
# the private bus and passes the app's notifications on to the desktop's.
#
# Set THROUGHGATE_APP to run another build of the app; extra arguments go
# to it (e.g. --demo-clients 10000).

set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
app=${THROUGHGATE_APP:-$root/build/src/app/throughgate}
relay=${THROUGHGATE_NOTIFY_RELAY:-$root/build/build-aux/tg-demo-notify-relay}
# The private keyring is thrown away at exit; its password protects nothing.
readonly keyring_password=throughgate-demo

# Stage 1: check the display, make the temporary directory, then run
# stage 2 on a private bus.
if [ -z "${TG_DEMO_TMPDIR:-}" ]; then
  if [ ! -x "$app" ]; then
    echo "demo: $app not found; build first with ./run demo" >&2
    exit 1
  fi
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    cat >&2 <<MSG
demo: no display: neither DISPLAY nor WAYLAND_DISPLAY is set.
demo: Throughgate is a GTK app; run './run demo' from a terminal in your
demo: desktop session (or over 'ssh -X'). Without a display, './run demo-cli'
demo: shows the same synthetic caseload through throughgate-cli.
MSG
    exit 1
  fi

  tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/throughgate-demo-app.XXXXXXXX")
  trap 'rm -rf -- "$tmpdir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$tmpdir/xdg-data"
  chmod 0700 "$tmpdir"

  export TG_DEMO_TMPDIR="$tmpdir"
  # The keyring daemon keeps its keyring under XDG_DATA_HOME.
  export XDG_DATA_HOME="$tmpdir/xdg-data"
  export GSETTINGS_SCHEMA_DIR="$root/build/data"
  # The app's own temporary store goes in here too, so that even a killed
  # app leaves nothing behind.
  export TMPDIR="$tmpdir"
  # The desktop's bus, for the notification relay alone. Without the
  # variable GIO would use the user bus socket, so that is the desktop's.
  desktop_bus=${DBUS_SESSION_BUS_ADDRESS:-}
  if [ -z "$desktop_bus" ] && [ -S "${XDG_RUNTIME_DIR:-}/bus" ]; then
    desktop_bus="unix:path=$XDG_RUNTIME_DIR/bus"
  fi
  export TG_DEMO_DESKTOP_BUS="$desktop_bus"
  unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

  status=0
  dbus-run-session -- "$root/build-aux/demo-app.sh" "$@" || status=$?
  exit "$status"
fi

# Stage 2: inside the private session.
if ! printf '%s' "$keyring_password" |
       gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  echo "demo: could not start gnome-keyring-daemon" >&2
  exit 1
fi
# The daemon forks before it owns its bus name; wait so that the app does
# not make the bus activate a second one.
if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
  echo "demo: no Secret Service on the private bus" >&2
  exit 1
fi

# The notification relay, started before the app so that GIO finds a
# notification server on the private bus. With no desktop notification
# server it exits at once and owns nothing: the demo runs on, its
# notifications unseen.
relay_pid=
if [ -n "${TG_DEMO_DESKTOP_BUS:-}" ] && [ -x "$relay" ]; then
  "$relay" "$TG_DEMO_DESKTOP_BUS" &
  relay_pid=$!
  trap 'kill "$relay_pid" 2>/dev/null || true' EXIT
  gdbus wait --session --timeout 10 org.freedesktop.Notifications &
  name_wait_pid=$!
  # Whichever ends first: the name owned, or the relay gone.
  ended_pid= ended_status=0
  wait -n -p ended_pid "$relay_pid" "$name_wait_pid" || ended_status=$?
  if [ "$ended_pid" != "$name_wait_pid" ]; then
    kill "$name_wait_pid" 2>/dev/null || true
    relay_pid=
  elif [ "$ended_status" -ne 0 ]; then
    kill "$relay_pid" 2>/dev/null || true
    relay_pid=
  fi
fi
if [ -z "$relay_pid" ]; then
  echo "demo: no desktop notification server; notifications stay in the demo" >&2
fi

echo "demo: starting Throughgate on an invented caseload; the PIN is 123456" >&2
status=0
"$app" --demo "$@" || status=$?
exit "$status"
