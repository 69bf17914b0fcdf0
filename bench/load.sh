#!/usr/bin/env bash
# bench/load.sh: row 7 of bench/run, the server under N devices at once.
#
#   load.sh BUILD_DIR WORK_DIR N_DEVICES CHANGES_PER_DEVICE [TG_LOAD_OPTION...]
#
# A self-signed certificate for IP 127.0.0.1, a fresh throughgate-server
# with high --device-rate/--device-burst, N_DEVICES enrolment codes from
# its enroll-code command (workers in teams of 10), then bench/tg-load
# enrols them all and has them push CHANGES_PER_DEVICE field changes each,
# at once (or spread over a window: TG_LOAD_OPTIONs such as --spread 60
# --seed 3 go to tg-load), over HTTPS. Prints tg-load's "name value" lines.
# TG_BENCH_SERVER_WRAP: a command to run the server under, for profiling
# (e.g. "perf record -g -o server.perf").
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 n_devices=$3 n_changes=$4
shift 4
server=$build/src/server/throughgate-server
load=$build/bench/tg-load
rm -rf "$work"; mkdir -p "$work"; chmod 700 "$work"
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key \
  -out tls.crt -days 2 -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
openssl rand -hex 32 > store.key; chmod 600 store.key tls.key

srv=("$server" --data-dir "$work/server" --store-key-file "$work/store.key")
# The codes first, before the server holds the store open.
for i in $(seq "$n_devices"); do
  team="Load team $(( (i - 1) / 10 + 1 ))"
  code=$("${srv[@]}" enroll-code --role worker --team "$team" --name "Load worker $i" --json |
         sed -n 's/^ *"code" *: *"\([A-Z0-9-]*\)".*/\1/p')
  printf '%s\t%s\n' "$code" "$team"
done > codes

${TG_BENCH_SERVER_WRAP:-} "${srv[@]}" serve --listen 127.0.0.1:0 --tls-cert tls.crt --tls-key tls.key \
  --device-rate 100000 --device-burst 100000 >server.out 2>server.err &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening server.out 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's|.*listening on https://127.0.0.1:\([0-9]*\).*|\1|p' server.out | head -1)
key_pin=$(sed -n 's|^pin ||p' server.out | head -1)

"$load" "$@" "https://127.0.0.1:$port" tls.crt "$key_pin" codes "$n_changes"
# The server's CPU time (all threads, start-up and enrolments included):
# steadier than the latencies on a shared machine.
ticks=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
echo "load_server_cpu_ms $(( ticks * 1000 / $(getconf CLK_TCK) ))"
