#!/usr/bin/env bash
# bench/firstsync.sh: row 4 of bench/run, a new device's first full sync.
#
#   firstsync.sh BUILD_DIR WORK_DIR SERVER_DIR SERVER_KEYFILE TEAM RUNS
#
# Runs inside bench/run's private D-Bus session (the CLI keeps its device
# token in the keyring). Serves SERVER_DIR (filled by tg-serverfill) with a
# self-signed certificate for IP 127.0.0.1 and high --device-rate, and for
# each run enrols a new worker device of TEAM through bench/relay.py (a TCP
# relay that counts bytes both ways) and times its first
# `throughgate-cli --json sync`, which pulls everything the device may hold.
# Prints "first_sync_s", "first_round_trips", "first_bytes" (both ways, TLS
# included), "first_pulled" per run.
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 team=$5 runs=$6
server_dir=$(readlink -f "$3") server_key=$(readlink -f "$4")
bench=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
server=$build/src/server/throughgate-server
cli=$build/src/cli/throughgate-cli
rm -rf "$work"; mkdir -p "$work"; chmod 700 "$work"
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key \
  -out tls.crt -days 2 -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
chmod 600 tls.key
printf '123456\n' > pin; chmod 600 pin

srv=("$server" --data-dir "$server_dir" --store-key-file "$server_key")
codes=()
for r in $(seq "$runs"); do
  codes+=("$("${srv[@]}" enroll-code --role worker --team "$team" --name "First sync $r" --json |
            sed -n 's/^ *"code" *: *"\([A-Z0-9-]*\)".*/\1/p')")
done
"${srv[@]}" serve --listen 127.0.0.1:0 --tls-cert tls.crt --tls-key tls.key \
  --device-rate 100000 --device-burst 100000 >server.out 2>server.err &
server_pid=$!
relay_pid=
trap 'kill $server_pid $relay_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening server.out 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' server.out | head -1)
key_pin=$(sed -n 's|^pin sha256//||p' server.out | head -1)

python3 "$bench/relay.py" "$port" relay.port relay.count &
relay_pid=$!
for _ in $(seq 50); do [ -s relay.port ] && break; sleep 0.1; done
rport=$(cat relay.port)

for r in $(seq "$runs"); do
  c=("$cli" --data-dir "$work/device-$r" --pin-file "$work/pin")
  "${c[@]}" init --worker "First Sync $r" >/dev/null
  "${c[@]}" enroll "https://127.0.0.1:$rport" "${codes[$((r - 1))]}" --server-key-sha256 "$key_pin" \
    --ca-file "$work/tls.crt" --name "first-sync-$r" >/dev/null
  sleep 0.2
  before=$(cat relay.count)
  t0=$(date +%s%N)
  json=$("${c[@]}" --json sync)
  t1=$(date +%s%N)
  sleep 0.2
  after=$(cat relay.count)
  echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("first_round_trips", d["round_trips"]); print("first_pulled", d.get("pulled", 0))'
  echo "first_bytes $((after - before))"
  echo "first_sync_s $(( (t1 - t0) / 1000000 ))e-3"
  rm -rf "$work/device-$r"
done
