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
# is the user's own.
#
# Set THROUGHGATE_APP to run another build of the app; extra arguments go
# to it (e.g. --demo-clients 10000).

set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
app=${THROUGHGATE_APP:-$root/build/src/app/throughgate}
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

echo "demo: starting Throughgate on an invented caseload; the PIN is 123456" >&2
exec "$app" --demo "$@"
