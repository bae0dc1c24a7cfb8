#!/usr/bin/env bash
# The microbenchmark regression gate (package-benchmark baseline check).
#   scripts/microbench-gate.sh          run the frame-engine benchmarks and check them against the
#                                       committed baseline Benchmarks/.benchmarkBaselines/gate
#                                       (exit non-zero on a regression)
#   scripts/microbench-gate.sh update   measure and store a new baseline (after a deliberate change)
# What is gated is set in Benchmarks/FrameEngineBenchmarks (`gate`): zero allocations exactly, and
# wall clock p0 within +50% (p90 within +150%). This machine has no hardware performance counters,
# so instruction counts cannot be used; p0 is the steadiest time figure on a shared 2-core machine.
# (Static `thresholds check` is not used: in package-benchmark 1.38 it stores and checks p90 only.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd Benchmarks
if [ "${1:-check}" = update ]; then
    taskset -c 1 swift package --allow-writing-to-package-directory benchmark baseline update gate --target FrameEngineBenchmarks --no-progress
else
    taskset -c 1 swift package benchmark baseline check gate --target FrameEngineBenchmarks --no-progress
fi
