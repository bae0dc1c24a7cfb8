#!/usr/bin/env bash
# What `wsbench load --dashboard` costs the measurement: the same run with and without it, in
# interleaved rounds (A = --quiet, B = --quiet --dashboard 0 with a client polling /data.json every
# second, as the page does). Release build; one server (`wsbench serve`, 1 loop) on CPU 0 for all
# rounds, the load (1 thread) on CPU 1; the polling client unpinned. One CSV line per run on stdout:
#   variant,round,msgs_per_s,p50_us,p99_us,load_cpu_s,load_us_per_msg,loop_us_per_msg,other_threads_ms,server_us_per_msg,errors,dashboard_polls
# load_us_per_msg: the load process's CPU (every thread, the dashboard's included) per echoed message;
# loop_us_per_msg: the load loop thread alone (the busiest of the process's threads, from
# /proc/PID/task/*/schedstat sampled every 0.2 s while it runs); other_threads_ms: every other thread
# (main, and the dashboard's when on) in ms over the run; server_us_per_msg: /proc/PID/task/*/schedstat
# of the server over the run per echoed message.
# Usage: scripts/dashboard-cost.sh [SECONDS] [ROUNDS] [CONNECTIONS]   (defaults 10 5 50)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
seconds=${1:-10}
rounds=${2:-5}
connections=${3:-50}
swift build -c release --product wsbench >&2
bin=.build/release/wsbench
work=$(mktemp -d)
on_exit 'rm -rf "$work"'
start_server "$work/port" "$work/server.json" "$work/server.log" taskset -c 0 $bin serve --threads 1
pid=$SERVER_PID
port=$SERVER_PORT
echo "variant,round,msgs_per_s,p50_us,p99_us,load_cpu_s,load_us_per_msg,loop_us_per_msg,other_threads_ms,server_us_per_msg,errors,dashboard_polls"
for round in $(seq "$rounds"); do
    for variant in without with; do
        extra=()
        [ "$variant" = with ] && extra=(--dashboard 0)
        rm -f "$work/r.json" "$work/polls"
        before=$(task_ns "$pid")
        taskset -c 1 $bin load "ws://127.0.0.1:$port/ws" --threads 1 --cpus 1 --connections "$connections" \
            --duration "$seconds" --warmup 2 --quiet --json "$work/r.json" "${extra[@]}" >"$work/load.out" 2>"$work/load.err" &
        load=$!
        track_child "$load"
        # Per-thread CPU of the load process, sampled until it exits (threads that end early, like the
        # load loop before the results are written, keep their last sample).
        rm -f "$work/threads"
        ( while kill -0 "$load" 2>/dev/null; do
              for t in /proc/"$load"/task/*; do read -r ns _ < "$t/schedstat" 2>/dev/null && echo "${t##*/} $ns"; done >> "$work/threads"
              sleep 0.2
          done ) &
        sampler=$!
        poller=
        if [ "$variant" = with ]; then
            for _ in $(seq 100); do grep -q 'dashboard at' "$work/load.err" 2>/dev/null && break; sleep 0.05; done
            url=$(grep -o 'http://[0-9.:]*/' "$work/load.err")
            python3 - "$url" "$work/polls" <<'PY' &
import sys, time, urllib.request
url, out = sys.argv[1], sys.argv[2]
since, polls = 0, 0
while True:
    try:
        import json
        data = json.load(urllib.request.urlopen(url + "data.json?since=%d" % since, timeout=2))
        since = data["next"]; polls += 1
        open(out, "w").write(str(polls))
        if data["finished"]: break
    except Exception:
        break
    time.sleep(1)
PY
            poller=$!
            track_child "$poller"
        fi
        wait "$load" || true
        wait "$sampler" 2>/dev/null || true
        [ -n "$poller" ] && { kill "$poller" 2>/dev/null || true; wait "$poller" 2>/dev/null || true; }
        after=$(task_ns "$pid")
        python3 - "$work/r.json" "$variant" "$round" "$((after - before))" "$(cat "$work/polls" 2>/dev/null || echo 0)" "$work/threads" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); res = r["results"]; lat = r["latency_ns"]
echoed = res["messages_echoed"]; server_ns = int(sys.argv[4])
latest = {}
for line in open(sys.argv[6]):
    if line.strip(): tid, ns = line.split(); latest[tid] = max(latest.get(tid, 0), int(ns))
threads = sorted(latest.values())
loop_ns, other_ns = threads[-1], sum(threads[:-1])
print("%s,%s,%.0f,%.1f,%.1f,%.3f,%.3f,%.3f,%.2f,%.3f,%d,%s" % (sys.argv[2], sys.argv[3], res["messages_per_second"], lat["p50"] / 1e3,
      lat["p99"] / 1e3, res["cpu_seconds"], res["cpu_seconds"] * 1e6 / max(echoed, 1), loop_ns / 1e3 / max(echoed, 1),
      other_ns / 1e6, server_ns / 1e3 / max(echoed, 1), r["errors"]["total"], sys.argv[5]))
PY
    done
done
stop_server "$pid"
