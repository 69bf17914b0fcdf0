#!/usr/bin/env bash
# tests/xvfb-session.sh PROGRAM [ARGS...]
#
# Runs PROGRAM with a display of its own: a headless X server (Xvfb) on a
# free display number that Xvfb picks itself (-displayfd), big enough for
# a 1280x1280 window, with GTK on its X11 backend and the cairo renderer
# (no GPU). PROGRAM then runs inside keyring-session.sh, which keeps this
# display (TG_KEEP_DISPLAY=1) and gives it a private bus and keyring.
#
# PROGRAM's stdout (TAP) and exit status pass through unchanged. Xvfb is
# stopped on exit.

set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PROGRAM [ARGS...]" >&2
  exit 2
fi

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "xvfb-session.sh: Xvfb not found (Debian package xvfb)" >&2
  exit 99
fi

displayfile=$(mktemp "${TMPDIR:-/tmp}/tg-xvfb.XXXXXXXX")
xvfb_pid=

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup ()
{
  if [ -n "$xvfb_pid" ]; then
    kill -TERM "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -f -- "$displayfile"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Xvfb writes the display number it chose to fd 3 once it accepts clients.
Xvfb -displayfd 3 -screen 0 1920x1440x24 -nolisten tcp -noreset \
  3>"$displayfile" 2>/dev/null &
xvfb_pid=$!

for _ in $(seq 1 100); do
  if [ -s "$displayfile" ]; then
    break
  fi
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "xvfb-session.sh: Xvfb exited before it was ready" >&2
    exit 99
  fi
  sleep 0.1
done
if [ ! -s "$displayfile" ]; then
  echo "xvfb-session.sh: Xvfb did not start within 10 seconds" >&2
  exit 99
fi

DISPLAY=:$(head -n 1 "$displayfile")
export DISPLAY
export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export TG_KEEP_DISPLAY=1
unset WAYLAND_DISPLAY

status=0
"$here/keyring-session.sh" "$@" || status=$?
exit "$status"
