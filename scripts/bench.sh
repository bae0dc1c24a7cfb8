#!/usr/bin/env bash
# Runs the default benchmark (installs missing system packages first).
# For now: the frame-engine and permessage-deflate microbenchmarks (release build, package-benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd Benchmarks
swift package --allow-writing-to-package-directory benchmark "$@"
