#!/usr/bin/env bash
# The HTML report and the CI verdicts end to end: two tiny matrix sweeps against the built-in server
# (20 B and 1 KiB, compression off and on, 4 connections, one 1-second round each, on loopback), then
#   - wsbench report of both side by side with a threshold (--junit, --summary-md),
#   - the JUnit file read by Python's xml.etree (suites, cases and failures counted),
#   - the page rendered by headless Chromium (Debian's chromium, installed by setup.sh when missing):
#     a screenshot (--screenshot) and the rendered DOM (--dump-dom), whose in-page check must say
#     PAGE-CHECK PASS (every chart drawn, no script error), with no console error in Chromium's log,
#   - the live dashboard of a short `wsbench load --dashboard` run, read by Chromium while the run is on.
# Leaves report.html, report.png, junit.xml and summary.md in ${REPORT_CHECK_OUT:-.build/report-check}.
# Usage: scripts/report-check.sh        (exit 0 when every check holds)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
scripts/setup.sh chromium
swift build --product wsbench >/dev/null
bin=.build/debug/wsbench
out=${REPORT_CHECK_OUT:-.build/report-check}
mkdir -p "$out"
work=$(mktemp -d)
on_exit 'rm -rf "$work"'

# A malformed threshold is refused before anything runs (usage error, 64), naming the column.
status=0
$bin load ws://127.0.0.1:9/ws --threshold 'p99<5' >/dev/null 2>"$work/bad-threshold.log" || status=$?
[ "$status" = 64 ] && grep -q "column 6: expected a unit" "$work/bad-threshold.log" \
    || { echo "report-check: FAILED: a malformed threshold was not refused (exit $status)" >&2; cat "$work/bad-threshold.log" >&2; exit 1; }

for run in before after; do
    $bin matrix --sizes 20,1024 --compression off,on --connections 4 --repeats 1 --duration 1 --warmup 0.2 \
        --out "$work/$run" --threshold 'errors==0' >/dev/null 2>"$work/matrix-$run.log" \
        || { echo "report-check: FAILED: matrix $run" >&2; tail -20 "$work/matrix-$run.log" >&2; exit 1; }
done

# A threshold every cell meets, one no cell can meet (so the verdicts hold a failure), exit 1 expected;
# tolerances wide enough that 1-second rounds on a busy machine never count as a regression.
rm -f "$out/summary.md"
status=0
$bin report "$work/before" "$work/after" --label before --label after --html "$out/report.html" \
    --threshold 'errors==0' --threshold 'cell=~s1024:msgs_per_s>=1G' --cpu-tolerance 1000000 --p99-tolerance 1000000 \
    --throughput-tolerance 100 --junit "$out/junit.xml" --summary-md "$out/summary.md" >"$work/report.log" 2>&1 || status=$?
[ "$status" = 1 ] || { echo "report-check: FAILED: wsbench report exited $status, expected 1 (one threshold cannot hold)" >&2; cat "$work/report.log" >&2; exit 1; }
grep -q '❌ failed' "$out/summary.md" || { echo "report-check: FAILED: summary.md does not say failed" >&2; exit 1; }

python3 - "$out/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = {s.get("name"): s for s in root.findall("testsuite")}
t = suites["wsbench thresholds"]; c = suites["wsbench compare"]
cases = t.findall("testcase")
failed = [x.get("name") for x in cases if x.find("failure") is not None]
# errors==0 on 4 cells (pass) + msgs_per_s>=1G on the 2 cells of 1 KiB (fail); 4 cells × 3 metrics compared.
assert len(cases) == 6 and len(failed) == 2 and all("msgs_per_s>=1G" in f for f in failed), (len(cases), failed)
assert len(c.findall("testcase")) == 12, len(c.findall("testcase"))
assert root.get("tests") == "18" and root.get("failures") == "2", root.attrib
print("report-check: junit.xml: %s tests, %s failures (as expected)" % (root.get("tests"), root.get("failures")))
PY

browser=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir="$work/profile"
         --enable-logging=stderr --v=0)
page="file://$(realpath "$out/report.html")"
timeout 120 "${browser[@]}" --window-size=1400,6000 --screenshot="$out/report.png" "$page" >"$work/shot.log" 2>&1 \
    || { echo "report-check: FAILED: chromium --screenshot" >&2; tail -5 "$work/shot.log" >&2; exit 1; }
[ -s "$out/report.png" ] || { echo "report-check: FAILED: no screenshot" >&2; exit 1; }
timeout 120 "${browser[@]}" --dump-dom "$page" >"$work/dom.html" 2>"$work/dom.log" \
    || { echo "report-check: FAILED: chromium --dump-dom" >&2; tail -5 "$work/dom.log" >&2; exit 1; }
verdict=$(grep -o 'id="self-check"[^>]*>[^<]*' "$work/dom.html" | sed 's/.*>//' || true)
echo "report-check: page: ${verdict:-no verdict: the page script did not run}"
[[ "$verdict" == "PAGE-CHECK PASS"* ]] || { echo "report-check: FAILED" >&2; exit 1; }
# Chromium logs console messages as CONSOLE(...) lines at --v=0; errors there, or uncaught exceptions, fail.
if grep -E 'CONSOLE|Uncaught|ERROR:.*(console|javascript)' "$work/dom.log" "$work/shot.log"; then
    echo "report-check: FAILED: console messages above" >&2
    exit 1
fi
# The live dashboard in the same browser, while a short real run is on: the page must have polled
# /data.json and show the run's 4 open connections and no errors.
start_server "$work/serve.port" "$work/serve.out" "$work/serve.log" $bin serve --threads 1
$bin load "ws://127.0.0.1:$SERVER_PORT/ws" --connections 4 --duration 10 --quiet --dashboard 0 \
    >"$work/dash-load.out" 2>"$work/dash-load.err" &
load=$!
track_child "$load"
for _ in $(seq 100); do grep -q 'dashboard at' "$work/dash-load.err" 2>/dev/null && break; sleep 0.1; done
dashboard=$(grep -o 'http://[0-9.:]*/' "$work/dash-load.err" || true)
[ -n "$dashboard" ] || { echo "report-check: FAILED: no dashboard URL" >&2; cat "$work/dash-load.err" >&2; exit 1; }
sleep 2.5   # two samples published
timeout 60 "${browser[@]}" --virtual-time-budget=3000 --dump-dom "$dashboard" >"$work/dash.html" 2>"$work/dash.log" || true
kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
stop_server "$SERVER_PID"
open=$(grep -o '<td id="o">[^<]*' "$work/dash.html" | sed 's/.*>//' || true)
errors=$(grep -o '<td id="e"[^>]*>[^<]*' "$work/dash.html" | sed 's/.*>//' || true)
echo "report-check: dashboard page in Chromium: open connections ${open:-?}, errors ${errors:-?}"
[ "$open" = 4 ] && [ "$errors" = 0 ] || { echo "report-check: FAILED: the dashboard page did not show the live run" >&2; tail -5 "$work/dash.log" >&2; exit 1; }
if grep -E 'CONSOLE|Uncaught' "$work/dash.log"; then echo "report-check: FAILED: console messages on the dashboard page" >&2; exit 1; fi

echo "report-check: OK ($out/report.html, screenshot $out/report.png, $(stat -c %s "$out/report.png") bytes)"
