#!/usr/bin/env bash
# tests/copy-screenshots.sh FROM TO
#
# Copies the screenshots the app tests wrote (FROM) that the docs show to
# TO (docs/screenshots): each main page in landscape (1280x800), the ones
# whose layout changes in portrait (800x1280), the dashboard, the run sheet
# and the field-workflow screens. Run with 'ninja -C BUILD app-screenshots'
# after 'meson test -C BUILD test-app-pages test-app-kpi test-app-run-sheet
# test-app-workflows'.

set -euo pipefail

from=$1
to=$2
chosen=(
  unlock-1280x800 caseload-1280x800 client-notes-1280x800 client-release-1280x800
  gate-list-1280x800 sync-1280x800 first-run-1280x800
  caseload-800x1280 client-notes-800x1280 gate-list-800x1280
  caseload-dark-1280x800 caseload-dark-800x1280 first-run-enrol-800x1280
  dashboard-1280x800 dashboard-800x1280 run-sheet-800x1000
  client-care-1280x800 client-referrals-contacts-1280x800 top-form-refused-630x750
  session-start-1280x800 session-1280x800 client-session-note-1280x800 client-appointments-1280x800
  client-care-800x1280 session-800x1280
)

mkdir -p "$to"
for name in "${chosen[@]}"; do
  if [ ! -f "$from/$name.png" ]; then
    echo "copy-screenshots.sh: $from/$name.png is missing; run test-app-pages, test-app-kpi, test-app-run-sheet and test-app-workflows first" >&2
    exit 1
  fi
  cp -- "$from/$name.png" "$to/$name.png"
done
echo "copied ${#chosen[@]} screenshots to $to"
