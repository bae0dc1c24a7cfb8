#!/usr/bin/env bash
# Runs wsbench's test suite (installs missing system packages first).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
