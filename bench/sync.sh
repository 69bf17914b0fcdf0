#!/usr/bin/env bash
# bench/sync.sh: row 5 of bench/run, incremental sync of 100 changed fields,
# through the real server and throughgate-cli over HTTPS on 127.0.0.1.
#
#   sync.sh BUILD_DIR WORK_DIR N_CLIENTS RUNS
#
# Runs inside bench/run's private D-Bus session (the CLI keeps its device
# token in the keyring). A self-signed certificate for IP 127.0.0.1, a fresh
# server with high --device-rate/--device-burst, one device enrolled through
# a byte-counting TCP relay (bench/relay.py), N_CLIENTS clients added and
# synced; then each run changes 100 fields (10 fields of 10 clients) and
# syncs, printing "incr_round_trips N" and "incr_bytes N" (both directions,
# TLS included) and "incr_ms N". Prints "name value" lines.
set -euo pipefail
build=$1 work=$2 n_clients=$3 runs=$4
bench=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
server=$build/src/server/throughgate-server
cli=$build/src/cli/throughgate-cli
rm -rf "$work"; mkdir -p "$work"; chmod 700 "$work"
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key \
  -out tls.crt -days 2 -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
openssl rand -hex 32 > store.key; chmod 600 store.key tls.key
printf '123456\n' > pin; chmod 600 pin

srv=("$server" --data-dir "$work/server" --store-key-file "$work/store.key")
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

code=$("${srv[@]}" enroll-code --role worker --team "Bench team" --name bench --json |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
c=("$cli" --data-dir "$work/device" --pin-file "$work/pin")
"${c[@]}" init --worker "Bench Worker" >/dev/null
"${c[@]}" enroll "https://127.0.0.1:$rport" "$code" --server-key-sha256 "$key_pin" \
  --ca-file "$work/tls.crt" --name bench >/dev/null

ids=()
for i in $(seq "$n_clients"); do
  ids+=("$("${c[@]}" --json client add --given "Given$i" --family "Family$i" --team "Bench team" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')")
done
"${c[@]}" sync >/dev/null

for r in $(seq "$runs"); do
  for k in $(seq 0 9); do
    id=${ids[$(( (r * 10 + k) % ${#ids[@]} ))]}
    "${c[@]}" client set "$id" given_name "G$r$k" family_name "F$r$k" preferred_name "P$r$k" \
      establishment "HMP Bench $r" key_worker "Worker $r$k" care_coordinator "Coord $r$k" \
      date_of_birth "1980-01-1$k" treatment_start "2026-01-1$k" consent_to_share_date "2026-02-1$k" \
      team "Bench team" >/dev/null
  done
  before=$(cat relay.count)
  t0=$(date +%s%N)
  json=$("${c[@]}" --json sync)
  t1=$(date +%s%N)
  sleep 0.2
  after=$(cat relay.count)
  echo "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("incr_round_trips", d["round_trips"]); print("incr_pushed", d["pushed"])'
  echo "incr_bytes $((after - before))"
  echo "incr_ms $(( (t1 - t0) / 1000000 ))"
done
