#!/usr/bin/env bash
# bench-smoke: the harness's C programs still run, on ~50 clients.
# No timing is checked; each step only has to succeed and print its figure.
set -euo pipefail
bench=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/tg-bench-smoke.XXXXXX")
trap 'rm -rf -- "$dir"' EXIT
"$bench" gen "$dir/store" "$dir/key" 50 4 | grep -q '^gen_seconds '
"$bench" search "$dir/store" "$dir/key" 2 | grep -q '^search_median_ms '
"$bench" apply "$dir" 500 | grep -q '^apply_share_of_bare '
test -s "$dir/changes.jsonl"
echo "bench-smoke: ok"
