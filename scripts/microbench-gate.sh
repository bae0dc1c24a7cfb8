#!/usr/bin/env bash
# The microbenchmark regression gate (package-benchmark static thresholds).
#   scripts/microbench-gate.sh          run the frame-engine benchmarks and check them against
#                                       Benchmarks/Thresholds/ (exit non-zero on a regression)
#   scripts/microbench-gate.sh update   measure and store new thresholds (after a deliberate change)
# What is gated is set in Benchmarks/FrameEngineBenchmarks (`gate`): zero allocations exactly, and
# wall clock p0 within +50% (p90 within +150%). This machine has no hardware performance counters,
# so instruction counts cannot be used; p0 is the steadiest time figure on a shared 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd Benchmarks
if [ "${1:-check}" = update ]; then
    taskset -c 1 swift package --allow-writing-to-package-directory benchmark thresholds update --target FrameEngineBenchmarks --no-progress
else
    taskset -c 1 swift package benchmark thresholds check --target FrameEngineBenchmarks --no-progress
fi
