#!/usr/bin/env bash
# Measures `wsbench serve` on uWebSockets' benchmark cases the way results/ figures are taken:
# release build, a fresh server per run on CPU 0 and the driver on CPU 1, both SCHED_RR 1
# (chrt -r 1), interleaved rounds. One CSV line per run on stdout:
#   server,driver,case,round,msgs_per_s,driver_cpu_pct,server_cpu_pct,server_us_per_msg,errors
# Server CPU is the sum of /proc/PID/task/*/schedstat over the run; µs/msg divides it by the
# messages the server echoed (its own counter).
#
# Usage: scripts/measure-server.sh [SECONDS] [ROUNDS]
#   DRIVER=c (default)  Benchmarks/ReferenceDriver/echo_load: load_test-like C client (one thread, 1 in
#                       flight, fixed key, no timing or verification)
#   DRIVER=wsbench      wsbench load (1 thread, fresh key per frame, every echo timed and verified)
#   DRIVER=both         both, interleaved, for the "drives at least as hard" comparison
#   DRIVER="c wsbench:/tmp/old/wsbench"  any list; wsbench:PATH drives with another wsbench binary
#                       (an A/B of the load generator)
#   DRIVER=uws:PATH     uWebSockets' benchmarks/load_test, built elsewhere from its public source (this
#                       script builds none of it): requests `/` (the server then runs with --path /),
#                       masks without XOR, counts bytes only; its "Msg/sec" lines (every 4 s) are averaged,
#                       the first dropped as warm-up (so give it SECONDS ≥ 13: at 8 s the 200 × 16 KiB TLS case printed too few lines)
#   SERVERS="old=/tmp/old/wsbench new=.build/release/wsbench"  NAME=BINARY servers run in turn within
#                       each round and case (an A/B of two builds in one run; default: this build)
#   CASES="100x20 10x1024 ..."  connections x payload bytes; suffix d = compressed JSON-like requests
#                       with uncompressed replies (as in ../shared/reference-figures.md), D = the server
#                       compresses its replies too; t = over TLS (the server gets --tls-self-signed; the
#                       uws driver runs with ssl=1, wsbench with wss:// --insecure; the C driver has no TLS).
#                       h = WebSockets over HTTP/2 (RFC 8441; wsbench driver only: load --http2, h2c or with t
#                       over TLS with ALPN h2), one stream per TCP connection; hK = K streams per TCP
#                       connection (connections/K TCP connections), e.g. 100x20h 100x16384th 100x20h10.
#                       uWebSockets' own servers: SERVERS entries
#                       "NAME=uws:PATH:PORT" run PATH (listening on PORT itself) instead of wsbench serve.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
seconds=${1:-10}
rounds=${2:-3}
drivers=${DRIVER:-c}
[ "$drivers" = both ] && drivers="c wsbench"
cases=${CASES:-"100x20 10x1024 10x16384 200x16384 500x16384 10x1024d"}
scripts/setup.sh >&2
swift build -c release --product wsbench >&2
cc -O2 -o .build/echo_load Benchmarks/ReferenceDriver/echo_load.c -lz
rt=$(realtime_prefix)
[ -n "$rt" ] || echo "measure-server.sh: no real-time priority (not root); figures will be noisier" >&2
tmp=$(mktemp -d)
on_exit 'rm -rf "$tmp"'
servers=${SERVERS:-"wsbench=.build/release/wsbench"}
echo "server,driver,case,round,msgs_per_s,driver_cpu_pct,server_cpu_pct,server_us_per_msg,errors"
for round in $(seq 1 "$rounds"); do
  for c in $cases; do
    for server in $servers; do
      name=${server%%=*}; binary=${server#*=}
      for driver in $drivers; do
        conns=${c%x*}; size=${c#*x}; mode=plain; serverflags=""; loadflags=""; tls=0; tcp=$conns
        if [[ $size =~ ^(.*)h([0-9]*)$ ]]; then
          size=${BASH_REMATCH[1]}; k=${BASH_REMATCH[2]:-1}; tcp=$((conns / k))
          loadflags="--http2 --streams-per-connection $k"
          [[ $driver == wsbench* ]] || { echo "measure-server.sh: case $c needs DRIVER=wsbench (HTTP/2)" >&2; continue; }
        fi
        case $size in *t) size=${size%t}; tls=1; serverflags="--tls-self-signed" ;; esac
        case $driver in uws:*) serverflags="$serverflags --path /" ;; esac
        case $size in
          *d) size=${size%d}; mode=deflate; serverflags="--no-compress-replies"; loadflags="$loadflags --compress" ;;
          *D) size=${size%D}; mode=deflate; loadflags="$loadflags --compress" ;;
        esac
        case $binary in
          uws:*)
            peer=${binary#uws:}; port=${peer##*:}; peer=${peer%:*}
            $rt taskset -c 0 "$peer" >"$tmp/serve.log" 2>&1 &
            spid=$!; track_child "$spid"
            wait_for_port "$port" || true
            ;;
          *)
            start_server "$tmp/port" "$tmp/serve.json" "$tmp/serve.log" \
              $rt taskset -c 0 "$binary" serve --threads 1 --keep-alive 0 $serverflags --json
            spid=$SERVER_PID; port=$SERVER_PORT
            ;;
        esac
        s0=$(task_ns $spid); t0=$(date +%s%N)
        errors=0
        if [[ $driver == uws:* ]]; then
          deflate=0; [ "$mode" = deflate ] && deflate=1
          timeout -s INT "$((seconds + 4))" $rt taskset -c 1 stdbuf -oL "${driver#uws:}" "$conns" 127.0.0.1 "$port" "$tls" "$deflate" "$size" \
            >"$tmp/driver.out" 2>&1 || true
          rate=$(awk '/Msg\/sec/ {n++; if (n > 1) {sum += $2; k++}} END {if (k) printf "%.0f", sum / k}' "$tmp/driver.out")
          dcpu=""
        elif [ "$driver" = c ]; then
          out=$($rt taskset -c 1 /usr/bin/time -o "$tmp/driver.time" -f "%U %S %e" \
            .build/echo_load 127.0.0.1 "$port" "$conns" "$size" "$seconds" /ws $mode 2>/dev/null) || errors=1
          rate=${out% msgs/s}
          dcpu=$(awk '{printf "%.1f", 100*($1+$2)/$3}' "$tmp/driver.time")
        else
          loader=.build/release/wsbench
          case $driver in wsbench:*) loader=${driver#wsbench:} ;; esac
          target="ws://127.0.0.1:$port/ws"; [ "$tls" = 1 ] && target="wss://127.0.0.1:$port/ws --insecure"
        # shellcheck disable=SC2086 # the target may carry --insecure
        $rt taskset -c 1 "$loader" load $target --threads 1 --connections "$tcp" \
            --size "$size" --duration "$((seconds + 1))" --warmup 1 $loadflags --quiet --json "$tmp/load.json" >/dev/null 2>&1 || true
          rate=$(grep -o '"messages_per_second":[0-9.]*' "$tmp/load.json" | cut -d: -f2)
          dcpu=$(grep -o '"cpu_percent":[0-9.]*' "$tmp/load.json" | cut -d: -f2)
          errors=$(grep -o '"total":[0-9]*' "$tmp/load.json" | head -1 | cut -d: -f2)
        fi
        s1=$(task_ns $spid); t1=$(date +%s%N)
        case $binary in
          uws:*) kill -TERM "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true ;;
          *) stop_server $spid ;;
        esac
        if [[ $driver == uws:* || $binary == uws:* ]]; then
          # uWebSockets' servers keep no counters: with its driver (or its server) the messages are the
          # driver's rate × the time measured, the same estimate for every server of the comparison.
          msgs=$(awk -v r="${rate:-0}" -v dt=$((t1 - t0)) 'BEGIN { printf "%.0f", r * dt / 1e9 }')
        else
          msgs=$(grep -o '"messages_echoed":[0-9]*' "$tmp/serve.json" | cut -d: -f2)
        fi
        awk -v s="$name" -v d="$driver" -v c="$c" -v r="$round" -v rate="${rate:-0}" -v dcpu="${dcpu:-0}" -v ds=$((s1 - s0)) \
            -v dt=$((t1 - t0)) -v m="${msgs:-0}" -v e="${errors:-0}" \
          'BEGIN { printf "%s,%s,%s,%d,%.0f,%s,%.1f,%.2f,%s\n", s, d, c, r, rate, dcpu, 100*ds/dt, (m > 0 ? ds/1000/m : 0), e }'
      done
    done
  done
done
