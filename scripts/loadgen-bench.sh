#!/usr/bin/env bash
# Drives uWebSockets' benchmark cases against `wsbench serve` (server on CPU 0, load on CPU 1, both
# SCHED_RR 1) and prints, per run: messages/s, the load generator's CPU% (getrusage, whole process)
# and the server's CPU% and CPU µs per message (sum of /proc/PID/task/*/schedstat run time).
# Usage: scripts/loadgen-bench.sh [rounds] [seconds]   (release build expected in .build/release)
# With C=1 each case is also driven by Benchmarks/ReferenceDriver/echo_load (the load_test-like C
# driver: no timing, no verification, fixed key), interleaved, for comparison.
set -euo pipefail
rounds=${1:-3}
seconds=${2:-6}
bin=.build/release/wsbench
port=9001
out=${OUT:-/tmp/loadgen-bench}
mkdir -p "$out"

task_ns() { # summed run time (ns) of every thread of process $1
    local total=0 t
    for t in /proc/$1/task/*/schedstat; do read -r ns _ < "$t" || true; total=$((total + ns)); done
    echo $total
}

chrt -r 1 taskset -c 0 $bin serve --threads 1 --port $port 2>"$out/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
sleep 0.5

cases=("100 20" "10 1024" "10 16384" "200 16384" "500 16384" "10 1024 compress")
printf "%-22s %5s %12s %10s %10s %12s\n" case round msgs/s load_cpu% server_cpu% server_us/msg
for round in $(seq 1 "$rounds"); do
    for c in "${cases[@]}"; do
        set -- $c
        extra=""
        [ "${3:-}" = compress ] && extra="--compress"
        name="${1}x${2}${3:+-$3}"
        before=$(task_ns $server)
        t0=$(date +%s%N)
        chrt -r 1 taskset -c 1 $bin load ws://127.0.0.1:$port/ws --threads 1 --connections "$1" --size "$2" \
            --duration "$seconds" --warmup 1 $extra --quiet --json "$out/$name-$round.json" --csv "$out/all.csv" >"$out/$name-$round.txt" 2>&1 || true
        t1=$(date +%s%N)
        after=$(task_ns $server)
        python3 - "$out/$name-$round.json" "$before" "$after" "$t0" "$t1" "wsbench:$name" "$round" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
before, after, t0, t1 = map(int, sys.argv[2:6])
res = r["results"]
server_cpu = (after - before) / (t1 - t0) * 100
echoed = res["messages_echoed"]
us = (after - before) / 1e3 / echoed if echoed else float("nan")
print(f"{sys.argv[6]:<22} {sys.argv[7]:>5} {res['messages_per_second']:>12.0f} {res['cpu_percent']:>10.1f} {server_cpu:>10.1f} {us:>12.2f}  errors={r['errors']['total']} ext={list(r['negotiated_extensions'])}")
PY
        if [ "${C:-0}" = 1 ]; then
            mode=plain
            [ "${3:-}" = compress ] && mode=deflate
            before=$(task_ns $server)
            t0=$(date +%s%N)
            rate=$(chrt -r 1 taskset -c 1 /usr/bin/time -o "$out/c.time" -f "%U %S %e" .build/echo_load 127.0.0.1 $port "$1" "$2" "$seconds" /ws $mode 2>/dev/null | tail -1)
            t1=$(date +%s%N)
            after=$(task_ns $server)
            awk -v n="C:$name" -v r="$round" -v rate="${rate% msgs/s}" -v ds=$((after-before)) -v dt=$((t1-t0)) -v secs="$seconds" \
                '{ printf "%-22s %5s %12.0f %10.1f %10.1f %12.2f\n", n, r, rate, 100*($1+$2)/$3, 100*ds/dt, ds/1000/(rate*secs) }' "$out/c.time"
        fi
    done
done
