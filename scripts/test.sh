#!/usr/bin/env bash
# Runs wsbench's test suite (installs missing system packages first), then a short libFuzzer pass
# over the protocol core (FUZZ_SECONDS per target, default 10; long runs: scripts/fuzz.sh 600).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
