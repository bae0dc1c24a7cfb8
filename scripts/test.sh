#!/usr/bin/env bash
# Runs wsbench's test suite (installs missing system packages first), the interop checks against
# Python's websockets over TLS (scripts/interop.sh, which installs it with pip), then a short libFuzzer pass
# over the protocol core (FUZZ_SECONDS per target, default 10; long runs: scripts/fuzz.sh 600).
# Fleet mode (--shard, merge): deploy/ manifests validated offline, shards in network namespaces merged.
# In CI (CI=true), or with BROWSER_CHECK=1, it also runs headless Chromium against the server's
# test page (scripts/browser-check.sh, which installs Debian's chromium when missing), and renders
# the HTML report there (scripts/report-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
# Interop with Python's websockets over TLS (installed here when root or in a venv). Exit 3 = skipped,
# which interop.sh has already said, with the reason; any other failure fails the run.
interop=0
scripts/interop.sh || interop=$?
if [ "$interop" = 3 ]; then
    echo "test.sh: interop checks SKIPPED (reason above)"
elif [ "$interop" != 0 ]; then
    echo "test.sh: interop checks FAILED" >&2
    exit "$interop"
fi
# Fleet mode: the Kubernetes manifests validated offline (exit 3 = skipped, reason printed), and N shards
# in network namespaces against one server, merged (exit 3 = skipped when not root).
for check in validate-deploy shard-netns; do
    status=0
    scripts/$check.sh || status=$?
    if [ "$status" = 3 ]; then
        echo "test.sh: $check SKIPPED (reason above)"
    elif [ "$status" != 0 ]; then
        echo "test.sh: $check FAILED" >&2
        exit "$status"
    fi
done
scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
# In CI: headless Chromium against the test page, and the HTML report rendered there (screenshot, in-page
# check, no console errors) with the JUnit/Markdown verdicts of two tiny sweeps.
if [ "${CI:-}" = true ] || [ "${BROWSER_CHECK:-0}" = 1 ]; then
    scripts/browser-check.sh
    scripts/report-check.sh
else
    echo "test.sh: browser and report checks not run (they run in CI; here: BROWSER_CHECK=1 scripts/test.sh, or scripts/browser-check.sh and scripts/report-check.sh)"
fi
