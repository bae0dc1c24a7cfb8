#!/usr/bin/env bash
# Cross-checks `wsbench load --rate R` (open loop) against an independent busy-polling C client,
# Benchmarks/ReferenceDriver/echo_openloop.c, on one `wsbench serve` (release build, one loop on
# CPU 0; the clients on CPU 1, one at a time, interleaved in each round). Both use the same
# schedule (R msgs/s over 100 connections, round-robin) and time latency from the intended send
# time, so their percentiles should agree; wsbench's own send lag is printed next to them.
# No chrt here: SCHED_RR throttling parks a saturating process ~50 ms a second, a step at p99.9.
#
# Usage: scripts/openloop-crosscheck.sh [SECONDS] [ROUNDS]       (defaults: 10 s, 3 rounds)
#   RATES="5000 20000 80000"  CONNECTIONS=100  SIZE=1024  WARMUP=1  WSBENCH_ARGS="--timer timerfd"
# Prints two CSV tables on stdout: every run, then the medians over rounds per rate with the ratio
# wsbench/C of p50, p90 and p99 (the goal: p50 and p90 within 10 %).
#   round,rate,driver,p50_us,p90_us,p99_us,send_lag_p99_us,server_cpu_pct,errors
#   rate,c_p50_us,c_p90_us,c_p99_us,wsbench_p50_us,wsbench_p90_us,wsbench_p99_us,ratio_p50,ratio_p90,ratio_p99
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
seconds=${1:-10}
rounds=${2:-3}
rates=${RATES:-"5000 20000 80000"}
connections=${CONNECTIONS:-100}
size=${SIZE:-1024}
warmup=${WARMUP:-1}
swift build -c release --product wsbench >&2
cc -O2 -o .build/echo_openloop Benchmarks/ReferenceDriver/echo_openloop.c
tmp=$(mktemp -d)
on_exit 'rm -rf "$tmp"'
start_server "$tmp/ready" "$tmp/server.out" "$tmp/server.err" \
    taskset -c 0 .build/release/wsbench serve --threads 1 --cpus 0
runs="$tmp/runs.csv"
echo "round,rate,driver,p50_us,p90_us,p99_us,send_lag_p99_us,server_cpu_pct,errors" | tee "$runs"
for round in $(seq 1 "$rounds"); do
  for rate in $rates; do
    for driver in c wsbench; do
      before=$(task_ns "$SERVER_PID"); t0=$(date +%s%N)
      if [ "$driver" = c ]; then
        line=$(taskset -c 1 .build/echo_openloop 127.0.0.1 "$SERVER_PORT" "$connections" "$size" "$rate" "$seconds" "$warmup" /ws) || true
        fields=$(echo "$line" | tr ' ' '\n' | awk -F= '{v[$1]=$2} END {printf "%s,%s,%s,%s,%s", v["p50_us"], v["p90_us"], v["p99_us"], v["send_lag_p99_us"], v["errors"] + v["overflow"]}')
      else
        # shellcheck disable=SC2086
        taskset -c 1 .build/release/wsbench load "ws://127.0.0.1:$SERVER_PORT/ws" --threads 1 --cpus 1 \
          --connections "$connections" --size "$size" --rate "$rate" --duration "$seconds" --warmup "$warmup" \
          --json "$tmp/load.json" ${WSBENCH_ARGS:-} >"$tmp/load.out" 2>&1 || true
        fields=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); l = r["latency_ns"]; s = r.get("send_lag_ns") or {}
us = lambda v: "%.1f" % (v / 1000)
print(",".join([us(l["p50"]), us(l["p90"]), us(l["p99"]), us(s.get("p99", 0)), str(r["errors"]["total"])]))' "$tmp/load.json")
      fi
      t1=$(date +%s%N); after=$(task_ns "$SERVER_PID")
      cpu=$(awk -v a="$before" -v b="$after" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.1f", (b - a) / (t1 - t0) * 100}')
      IFS=, read -r p50 p90 p99 lag errors <<<"$fields"
      echo "$round,$rate,$driver,$p50,$p90,$p99,$lag,$cpu,$errors" | tee -a "$runs"
    done
  done
done
echo "server RSS at the end: $(rss "$SERVER_PID") KiB" >&2
echo
python3 - "$runs" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("rate,c_p50_us,c_p90_us,c_p99_us,wsbench_p50_us,wsbench_p90_us,wsbench_p99_us,ratio_p50,ratio_p90,ratio_p99")
for rate in dict.fromkeys(r["rate"] for r in rows):
    med = {}
    for driver in ("c", "wsbench"):
        for p in ("p50_us", "p90_us", "p99_us"):
            values = [float(r[p]) for r in rows if r["rate"] == rate and r["driver"] == driver and r[p]]
            med[driver, p] = statistics.median(values) if values else 0.0
    ratios = ["%.2f" % (med["wsbench", p] / med["c", p]) if med["c", p] else "" for p in ("p50_us", "p90_us", "p99_us")]
    print(",".join([rate] + ["%.1f" % med[d, p] for d in ("c", "wsbench") for p in ("p50_us", "p90_us", "p99_us")] + ratios))
PY
