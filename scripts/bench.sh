#!/usr/bin/env bash
# The default benchmark: builds wsbench (release), runs the quick `wsbench matrix` sweep against the
# built-in server (server on CPU 0, load on CPU 1, normal priority so the latency tails carry no
# real-time throttling step; about two minutes), prints the summary (with each cell's interval across
# rounds and the rounds the machine disturbed) and draws the charts. Installs missing system packages first.
#   scripts/bench.sh                 the quick sweep into results/<timestamp>/
#   scripts/bench.sh --sizes 64,4096 --compression off,w15,w9-nct --connections 10,200   any matrix options
#   OUT=results/mine scripts/bench.sh   choose the result directory
#   scripts/bench.sh --realtime      throughput-only sweep at SCHED_RR (latency tails get a ~50 ms step)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product wsbench
out=${OUT:-results/$(date -u +%Y%m%d-%H%M%S)}
status=0
.build/release/wsbench matrix --out "$out" "$@" || status=$?
if [ -f "$out/summary.csv" ]; then
    python3 scripts/plot.py "$out" || echo "bench.sh: charts skipped (see the message above); the results are in $out" >&2
fi
exit $status
