#!/usr/bin/env bash
# Measures the wsbench echo server with a load driver, the way results/ figures are taken:
# server on CPU 0 and driver on CPU 1, both under chrt -r 1 (real-time, shielded from other work),
# release build, one line per run: case, msgs/s, server CPU %, server CPU µs per message, driver CPU %.
#
# Usage: scripts/measure-server.sh [SECONDS] [ROUNDS] [DRIVER]
#   DRIVER: "c" (Benchmarks/ReferenceDriver/echo_load, a load_test-like C client; default) or "wsbench".
# Cases (CASES="..." to choose): connections x payload bytes, e.g. 100x20; a "d" suffix sends
# permessage-deflate-compressed JSON-like text and the server replies uncompressed (as in
# ../shared/reference-figures.md); "D" has the server compress its replies too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-3}
driver=${3:-c}
port=${PORT:-9101}
scripts/setup.sh
swift build -c release --product wsbench >/dev/null
cc -O2 -o .build/echo_load Benchmarks/ReferenceDriver/echo_load.c -lz
rt="chrt -r 1"
$rt true 2>/dev/null || rt=""
cpu_ns() { cat /proc/$1/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%d\n", s}'; }
cases=${CASES:-"100x20 10x1024 10x16384 200x16384 500x16384 10x1024d"}
echo "case,round,msgs_per_s,server_cpu_pct,server_us_per_msg,driver_cpu_pct"
for round in $(seq 1 "$rounds"); do
  for c in $cases; do
    conns=${c%x*}; size=${c#*x}; mode=plain; serverflags=""
    case $size in
      *d) size=${size%d}; mode=deflate; serverflags="--no-compress-replies" ;;
      *D) size=${size%D}; mode=deflate ;;
    esac
    $rt taskset -c 0 .build/release/wsbench serve --threads 1 --port "$port" --keep-alive 0 $serverflags --json >/tmp/wsbench-serve.json 2>/dev/null &
    spid=$!
    sleep 0.5
    s0=$(cpu_ns $spid); t0=$(date +%s%N)
    if [ "$driver" = c ]; then
      out=$($rt taskset -c 1 /usr/bin/time -o /tmp/wsbench-driver.time -f "%U %S %e" \
        .build/echo_load 127.0.0.1 "$port" "$conns" "$size" "$seconds" /ws $mode 2>/dev/null)
      # echo_load prints "N msgs/s"; time(1) wrote user, system and elapsed seconds.
      rate=${out% msgs/s}
      dcpu=$(awk '{printf "%.1f", 100*($1+$2)/$3}' /tmp/wsbench-driver.time)
    else
      out=$($rt taskset -c 1 .build/release/wsbench load "ws://127.0.0.1:$port/ws" --threads 1 --connections "$conns" --size "$size" --duration "$seconds" --warmup 1 --quiet 2>/dev/null)
      rate=$(echo "$out" | awk -F, '/^msgs_per_s/{print $2}')
      dcpu=$(echo "$out" | awk -F, '/^cpu_pct/{print $2}')
    fi
    s1=$(cpu_ns $spid); t1=$(date +%s%N)
    kill -INT $spid; wait $spid 2>/dev/null || true
    msgs=$(grep -o '"messages_echoed":[0-9]*' /tmp/wsbench-serve.json | cut -d: -f2)
    awk -v c="$c" -v r="$round" -v rate="$rate" -v ds=$((s1-s0)) -v dt=$((t1-t0)) -v m="${msgs:-0}" -v d="$dcpu" \
      'BEGIN { printf "%s,%d,%.0f,%.1f,%.2f,%s\n", c, r, rate, 100*ds/dt, (m>0 ? ds/1000/m : 0), d }'
  done
done
