#!/usr/bin/env bash
# Runs wsbench's test suite (installs missing system packages first), then a short libFuzzer pass
# over the protocol core (FUZZ_SECONDS per target, default 10; long runs: scripts/fuzz.sh 600).
# In CI (CI=true), or with BROWSER_CHECK=1, it also runs headless Chromium against the server's
# test page (scripts/browser-check.sh, which installs Debian's chromium when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
if [ "${CI:-}" = true ] || [ "${BROWSER_CHECK:-0}" = 1 ]; then
    scripts/browser-check.sh
else
    echo "test.sh: browser check not run (it runs in CI; here: BROWSER_CHECK=1 scripts/test.sh or scripts/browser-check.sh)"
fi
