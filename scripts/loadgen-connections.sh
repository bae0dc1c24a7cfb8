#!/usr/bin/env bash
# Opens N connections to `wsbench serve` (server on CPU 0, load generator on CPU 1, both SCHED_RR 1),
# keeps them busy with a light open-loop load, and reports the time to open them all and the
# resident memory of both processes (server: VmRSS before the load and once all are open; load
# generator: its own peak RSS from the result file).
# Usage: scripts/loadgen-connections.sh [connections] [seconds] [extra wsbench load options...]
#        env: WSBENCH (.build/release/wsbench; build it first), OUT (/tmp/loadgen-conn)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
n=${1:-10000}
seconds=${2:-15}
shift $(($# < 2 ? $# : 2))
bin=${WSBENCH:-.build/release/wsbench}
out=${OUT:-/tmp/loadgen-conn}
mkdir -p "$out"
rt=$(realtime_prefix)
start_server "$out/port" /dev/null "$out/serve.log" $rt taskset -c 0 "$bin" serve --threads 1
server=$SERVER_PID
idle=$(rss $server)
$rt taskset -c 1 "$bin" load "ws://127.0.0.1:$SERVER_PORT/ws" --threads 1 --connections "$n" --duration "$seconds" \
    --rate 1000 --quiet --json "$out/conn-$n.json" "$@" >"$out/conn-$n.txt" 2>&1 &
load=$!
track_child $load
peak=0
while kill -0 $load 2>/dev/null; do
    r=$(rss $server); [ "$r" -gt "$peak" ] && peak=$r
    sleep 0.5
done
wait $load || true
cat "$out/conn-$n.txt"
python3 - "$out/conn-$n.json" "$idle" "$peak" "$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); idle, peak, n = map(int, sys.argv[2:5])
res = r["results"]; opened = res["connections_opened"]
print(f"connections {opened}/{n} opened in {res['seconds_to_open_all']:.3f} s; connect p50/p99 "
      f"{r['connect_ns']['p50']/1e3:.0f}/{r['connect_ns']['p99']/1e3:.0f} µs, handshake p50/p99 "
      f"{r['handshake_ns']['p50']/1e3:.0f}/{r['handshake_ns']['p99']/1e3:.0f} µs")
print(f"server RSS idle {idle/1024:.1f} MiB, with connections {peak/1024:.1f} MiB: "
      f"{(peak-idle)*1024/max(opened,1):.0f} B per connection (user space only; kernel socket memory not included)")
print(f"load generator peak RSS {res['max_resident_bytes']/2**20:.1f} MiB: {res['max_resident_bytes']/max(opened,1):.0f} B per connection (whole process)")
PY
