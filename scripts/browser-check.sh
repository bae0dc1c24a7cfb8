#!/usr/bin/env bash
# A real browser against the echo server: headless Chromium (Debian's `chromium`) loads the test
# page at / with ?autotest, which connects to /ws, sends four messages (short text, non-ASCII
# text, 64 KiB of text, 1000 bytes of binary), checks every echo and closes with 1000. The page
# POSTs its verdict and log (?report=) to a small receiver this script runs on loopback; the script
# waits for it in real time (Chromium's --virtual-time-budget skipped ahead while the page awaited
# WebSocket messages, firing the page's 10 s timeout early: 1 run in 5 failed, old and new servers).
#
# Run four times: server accepting permessage-deflate (Chromium offers it: it must be negotiated, and
# the server's byte counters must show both directions compressed), then declining it, then both again
# over TLS (`--tls-self-signed`, page at https://, WebSocket at wss://; Chromium is told to accept
# the self-signed certificate; the report still goes to the loopback receiver over http).
# Over https, ALPN gives Chromium HTTP/2, and Chromium opens the page's same-origin WebSocket as an
# extended CONNECT stream on that connection (RFC 8441): the server's counters must show it
# (websockets_http2 = 1, websockets_http1 = 0); over http it is an HTTP/1.1 Upgrade (websockets_http1 = 1).
# Installs chromium with apt-get when missing (as root; otherwise says what to install).
# Usage: scripts/browser-check.sh            (exit 0 when all three passes hold)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
scripts/setup.sh chromium
swift build -c release --product wsbench >/dev/null
bin=.build/release/wsbench
work=$(mktemp -d)
on_exit 'rm -rf "$work"'

# One pass: $1 = on|off (server compression), $2 = tls for a TLS server. Prints the verdict and checks it.
check() {
    local compression=$1 tls=${2:-}
    local label=$compression${tls:+-tls} scheme=http server_tls=() browser_tls=()
    if [ -n "$tls" ]; then scheme=https; server_tls=(--tls-self-signed); browser_tls=(--ignore-certificate-errors); fi
    start_server "$work/port" "$work/counters-$label.json" "$work/serve-$label.log" \
        $bin serve --threads 1 --compression "$compression" --json "${server_tls[@]}"
    local port=$SERVER_PORT
    rm -f "$work/report-port" "$work/report-$label.txt"
    python3 - "$work/report-port" "$work/report-$label.txt" <<'PY' &
import http.server, os, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2] + ".part", "wb") as f: f.write(body)
        os.replace(sys.argv[2] + ".part", sys.argv[2])
        self.send_response(204); self.send_header("Access-Control-Allow-Origin", "*"); self.end_headers()
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
with open(sys.argv[1], "w") as f: f.write(str(server.server_address[1]))
server.serve_forever()
PY
    local receiver=$!
    track_child "$receiver"
    for _ in $(seq 100); do [ -s "$work/report-port" ] && break; sleep 0.1; done
    local report="http://127.0.0.1:$(cat "$work/report-port")/"
    # The page gives up by itself after 10 s (real time); Chromium is stopped once the report is in,
    # or after 40 s. Its own D-Bus/GPU complaints go to a log, shown on failure.
    chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --user-data-dir="$work/profile-$label" "${browser_tls[@]}" \
        "$scheme://127.0.0.1:$port/?autotest=hello%20from%20chromium&report=$(printf %s "$report" | sed 's/:/%3A/g; s|/|%2F|g')" \
        >"$work/chromium-$label.log" 2>&1 &
    local browser=$!
    track_child "$browser"
    for _ in $(seq 400); do [ -s "$work/report-$label.txt" ] && break; sleep 0.1; done
    kill "$browser" "$receiver" 2>/dev/null || true
    wait "$browser" "$receiver" 2>/dev/null || true
    stop_server "$SERVER_PID"
    local verdict; verdict=$(head -1 "$work/report-$label.txt" 2>/dev/null || true)
    local counters; counters=$(cat "$work/counters-$label.json")
    echo "compression $compression${tls:+ over TLS}: ${verdict:-no verdict in the page}"
    echo "  server counters: $counters"
    if [[ "$verdict" != PASS* ]]; then
        echo "browser-check: FAILED (compression $compression${tls:+ over TLS})" >&2
        tail -n +2 "$work/report-$label.txt" >&2 2>/dev/null || true
        tail -5 "$work/chromium-$label.log" >&2
        exit 1
    fi
    # The four messages carry 65,536 + ~1,060 payload bytes each way.
    local received sent echoed
    received=$(sed 's/.*"bytes_received":\([0-9]*\).*/\1/' <<<"$counters")
    sent=$(sed 's/.*"bytes_sent":\([0-9]*\).*/\1/' <<<"$counters")
    echoed=$(sed 's/.*"messages_echoed":\([0-9]*\).*/\1/' <<<"$counters")
    [ "$echoed" = 4 ] || { echo "browser-check: FAILED: the server echoed $echoed messages, not 4" >&2; exit 1; }
    local over_h1 over_h2
    over_h1=$(sed 's/.*"websockets_http1":\([0-9]*\).*/\1/' <<<"$counters")
    over_h2=$(sed 's/.*"websockets_http2":\([0-9]*\).*/\1/' <<<"$counters")
    if [ -n "$tls" ]; then
        [ "$over_h2" = 1 ] && [ "$over_h1" = 0 ] || {
            echo "browser-check: FAILED: over https the WebSocket was not an HTTP/2 extended CONNECT stream ($over_h2 over HTTP/2, $over_h1 over HTTP/1.1)" >&2; exit 1; }
        echo "  WebSocket over HTTP/2 (RFC 8441 extended CONNECT stream on the page's connection)"
    else
        [ "$over_h1" = 1 ] && [ "$over_h2" = 0 ] || {
            echo "browser-check: FAILED: over http expected one HTTP/1.1 WebSocket ($over_h1 over HTTP/1.1, $over_h2 over HTTP/2)" >&2; exit 1; }
    fi
    if [ "$compression" = on ]; then
        [[ "$verdict" == *permessage-deflate* ]] || { echo "browser-check: FAILED: permessage-deflate was not negotiated" >&2; exit 1; }
        # Compressed, 64 KiB of repeated text is a few hundred bytes: both directions well under 16 KiB.
        [ "$received" -lt 16384 ] && [ "$sent" -lt 16384 ] || {
            echo "browser-check: FAILED: deflate negotiated but $received bytes received / $sent sent (not compressed?)" >&2; exit 1; }
    else
        [[ "$verdict" == *"extensions: none"* ]] || { echo "browser-check: FAILED: an extension was negotiated with compression off" >&2; exit 1; }
        [ "$received" -gt 65536 ] && [ "$sent" -gt 65536 ] || {
            echo "browser-check: FAILED: compression off but only $received bytes received / $sent sent" >&2; exit 1; }
    fi
}

chromium --version 2>/dev/null | head -1
check on
check off
check on tls
check off tls
echo "browser-check: PASS"
