#!/usr/bin/env bash
# tests/keyring-session.sh PROGRAM [ARGS...]
#
# Runs PROGRAM in a world of its own: a fresh temporary HOME and XDG
# directories, a private D-Bus session bus, and on it a gnome-keyring-daemon
# with a new, unlocked login keyring. Nothing of the caller's desktop session
# (bus, keyring, display) is reachable, so tests can run in parallel and never
# touch the developer's real keyring.
#
# PROGRAM's stdout (TAP) and exit status pass through unchanged; the keyring
# daemon's output goes to /dev/null, the bus's to stderr. TG_TEST_TMPDIR names
# the temporary directory, which is removed on exit.

set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/tg-test.XXXXXXXX")

# Every process this wrapper starts inherits TG_TEST_TMPDIR=$tmpdir, a value
# no other process on the machine has; the cleanup uses it to find leftovers
# of this run (normally none: the keyring daemon exits with its bus).
# shellcheck disable=SC2317  # called from the EXIT trap
kill_leftovers ()
{
  local environ pid

  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    if [ "$pid" = "$$" ]; then
      continue
    fi
    if grep -qzx -- "TG_TEST_TMPDIR=$tmpdir" "$environ" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
}

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup ()
{
  kill_leftovers
  rm -rf -- "$tmpdir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$tmpdir/home" "$tmpdir/data" "$tmpdir/config" "$tmpdir/cache" \
  "$tmpdir/runtime"
chmod 0700 "$tmpdir" "$tmpdir/runtime"

export TG_TEST_TMPDIR="$tmpdir"
export HOME="$tmpdir/home"
export XDG_DATA_HOME="$tmpdir/data"
export XDG_CONFIG_HOME="$tmpdir/config"
export XDG_CACHE_HOME="$tmpdir/cache"
export XDG_RUNTIME_DIR="$tmpdir/runtime"

# Nothing may reach the caller's session: no display to autolaunch a bus or a
# prompter on, no inherited bus, no inherited keyring control socket.
# TG_KEEP_DISPLAY=1 keeps DISPLAY: xvfb-session.sh sets it to a private,
# headless X server of its own for the app tests.
if [ "${TG_KEEP_DISPLAY:-}" = 1 ]; then
  unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
else
  unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL \
    SSH_AUTH_SOCK
fi

# gnome-keyring 42 creates the login keyring only from a non-empty password
# (an empty one leaves no default collection, and the first store then wants
# a GUI prompt). The keyring is thrown away with the directory, so a fixed
# password is fine.
status=0
dbus-run-session -- sh -c '
  printf "%s" throughgate-test |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null || {
      echo "keyring-session.sh: gnome-keyring-daemon failed to start" >&2
      exit 99
    }
  # The daemon forks before it owns its bus name; a client that came too
  # early would make the bus activate a second daemon.
  gdbus wait --session --timeout 10 org.freedesktop.secrets || {
    echo "keyring-session.sh: no Secret Service on the private bus" >&2
    exit 99
  }
  exec "$@"
' keyring-session "$@" || status=$?

exit "$status"
