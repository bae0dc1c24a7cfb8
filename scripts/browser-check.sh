#!/usr/bin/env bash
# A real browser against the echo server: headless Chromium (Debian's `chromium`) loads the test
# page at / with ?autotest, which connects to /ws, sends four messages (short text, non-ASCII
# text, 64 KiB of text, 1000 bytes of binary), checks every echo and closes with 1000. The page
# writes its verdict into the DOM; Chromium's --dump-dom hands it to this script.
#
# Run three times: server accepting permessage-deflate (Chromium offers it: it must be negotiated, and
# the server's byte counters must show both directions compressed), then declining it, then accepting
# it over TLS (`--tls-self-signed`, page at https://, WebSocket at wss://; Chromium is told to accept
# the self-signed certificate).
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
    # --virtual-time-budget lets the page's script run before the DOM is dumped; the page gives up
    # by itself after 10 s. Chromium's own D-Bus/GPU complaints go to a log, shown on failure.
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir="$work/profile-$label" \
        "${browser_tls[@]}" --virtual-time-budget=15000 --dump-dom "$scheme://127.0.0.1:$port/?autotest=hello%20from%20chromium" \
        >"$work/dom-$label.html" 2>"$work/chromium-$label.log" || true
    stop_server "$SERVER_PID"
    local verdict; verdict=$(sed -n 's/.*<span id="verdict">\([^<]*\)<\/span>.*/\1/p' "$work/dom-$label.html")
    local counters; counters=$(cat "$work/counters-$label.json")
    echo "compression $compression${tls:+ over TLS}: ${verdict:-no verdict in the page}"
    echo "  server counters: $counters"
    if [[ "$verdict" != PASS* ]]; then
        echo "browser-check: FAILED (compression $compression${tls:+ over TLS})" >&2
        sed -n 's/.*<div id="log">\(.*\)<\/div>.*/\1/p' "$work/dom-$label.html" | sed 's/<\/div>/\n/g; s/<[^>]*>//g' >&2
        tail -5 "$work/chromium-$label.log" >&2
        exit 1
    fi
    # The four messages carry 65,536 + ~1,060 payload bytes each way.
    local received sent echoed
    received=$(sed 's/.*"bytes_received":\([0-9]*\).*/\1/' <<<"$counters")
    sent=$(sed 's/.*"bytes_sent":\([0-9]*\).*/\1/' <<<"$counters")
    echoed=$(sed 's/.*"messages_echoed":\([0-9]*\).*/\1/' <<<"$counters")
    [ "$echoed" = 4 ] || { echo "browser-check: FAILED: the server echoed $echoed messages, not 4" >&2; exit 1; }
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
echo "browser-check: PASS"
