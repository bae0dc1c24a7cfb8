#!/usr/bin/env bash
# The performance regression gate: runs the CI sweep (a short wsbench matrix against the built-in
# server, server on CPU 0 and load on CPU 1) and compares it with the committed baseline.
#   scripts/perf-gate.sh              up to 3 sweeps, stopping at the first that passes: a regression
#                                     must persist in the best of all three to fail (exit 1)
#   scripts/perf-gate.sh --update     re-measure results/baseline (3 sweeps) after a deliberate change
#   SERVER_ARGS="--inject-delay-ns 1100" scripts/perf-gate.sh   check that the gate catches a slowdown
# Thresholds and their justification: results/compare-calibration.md. The gate measures throughput and
# server CPU per message, and its baseline was taken at real-time priority, so it sweeps with --realtime
# (which shields it from other work; the throttling step it adds sits beyond the p99 it gates).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
swift build -c release --product wsbench >&2
# --content json: the content the committed baseline was measured with (its cell names say json);
# drop it when the baseline is re-measured with --update to gate on the realistic default (ticks).
sweep=(--sizes 20,1024,16384 --compression off,on --connections 50 --repeats 3 --duration 2 --warmup 0.5 --realtime --content json)
extra=()
for a in ${SERVER_ARGS:-}; do extra+=("--server-arg=$a"); done
if [ "${1:-}" = --update ]; then
    rm -rf results/baseline
    for i in 1 2 3; do
        .build/release/wsbench matrix "${sweep[@]}" "${extra[@]}" --out "results/baseline/sweep-$i" >/dev/null
    done
    exit 0
fi
out=${OUT:-results/$(date -u +%Y%m%d-%H%M%S)-gate}
runs=()
for i in 1 2 3; do
    .build/release/wsbench matrix "${sweep[@]}" "${extra[@]}" --out "$out/sweep-$i" >/dev/null
    runs+=("$out/sweep-$i")
    if .build/release/wsbench compare results/baseline "${runs[@]}" > "$out/compare.txt" 2>&1; then
        cat "$out/compare.txt"
        exit 0
    fi
done
cat "$out/compare.txt"
exit 1
