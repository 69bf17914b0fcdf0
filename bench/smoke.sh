#!/usr/bin/env bash
# bench-smoke: the harness's C programs still run, on ~50 clients, and the
# load driver against the real server on 127.0.0.1 with 3 devices (at once,
# then spread over a second), and a first sync from a server filled by
# tg-serverfill.
# No timing is checked; each step only has to succeed and print its figure.
#
#   smoke.sh TG_BENCH BUILD_ROOT
set -euo pipefail
bench=$1 build=$2
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/tg-bench-smoke.XXXXXX")
trap 'rm -rf -- "$dir"' EXIT
"$bench" gen "$dir/store" "$dir/key" 50 4 | grep -q '^gen_seconds '
"$bench" search "$dir/store" "$dir/key" 2 | grep -q '^search_median_ms '
"$bench" apply "$dir" 500 | grep -q '^apply_share_of_bare '
test -s "$dir/changes.jsonl"
"$here/load.sh" "$build" "$dir/load" 3 20 > "$dir/load.txt"
grep -qx 'load_synced 3' "$dir/load.txt"
grep -qx 'load_errors 0' "$dir/load.txt"
grep -q '^load_p99_ms ' "$dir/load.txt"
# The same, the syncs spread over a 1 s window.
"$here/load.sh" "$build" "$dir/load" 3 20 --spread 1 --seed 5 > "$dir/spread.txt"
grep -qx 'load_spread_s 1' "$dir/spread.txt"
grep -qx 'load_seed 5' "$dir/spread.txt"
grep -qx 'load_synced 3' "$dir/spread.txt"
grep -qx 'load_errors 0' "$dir/spread.txt"
grep -q '^load_p99_ms ' "$dir/spread.txt"
# Row 4: a server's store filled from the 50-client store, and one first
# sync from it (the CLI keeps its token in a keyring: a private one).
"$build/bench/tg-serverfill" "$dir/store" "$dir/key" "$dir/server" "$dir/key" "$dir/docs.jsonl" |
  grep -q '^serverfill_fields '
test -s "$dir/docs.jsonl"
"$here/../tests/keyring-session.sh" "$here/firstsync.sh" "$build" "$dir/first" "$dir/server" "$dir/key" \
  "Nottingham in-reach" 1 > "$dir/first.txt" 2>/dev/null
grep -q '^first_sync_s ' "$dir/first.txt"
grep -q '^first_round_trips ' "$dir/first.txt"
echo "bench-smoke: ok"
