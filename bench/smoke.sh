#!/usr/bin/env bash
# bench-smoke: the harness's C programs still run, on ~50 clients, and the
# load driver against the real server on 127.0.0.1 with 3 devices.
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
echo "bench-smoke: ok"
