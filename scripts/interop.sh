#!/usr/bin/env bash
# Interop with a WebSocket implementation we did not write — Python's `websockets` (PyPI), over TLS:
#  (a) websockets as a TLS echo server (Tests/Interop/tls_echo_server.py, certificate made here with
#      openssl req -x509, SAN 127.0.0.1/localhost) ← wsbench load wss://…, verified with --ca and with
#      --insecure, plain and --compress (websockets negotiates permessage-deflate): every echo verified
#      (wsbench load exits 0 only when every connection opened and no error was seen);
#  (b) websockets as a TLS client (Tests/Interop/tls_echo_client.py) → wsbench serve --tls-self-signed:
#      text and binary of 0 B … 64 KiB, with and without permessage-deflate, clean close 1000;
#  (c) an RFC 8441 client written with PyPI h2 + wsproto (Tests/Interop/h2_websocket_client.py) →
#      wsbench serve over h2c (prior knowledge) and TLS (ALPN h2), with and without permessage-deflate:
#      K = 10 WebSockets on one HTTP/2 connection, every echo verified, one stream closed while the
#      others go on, every close answered with a close frame and END_STREAM, 404/400/501 on their streams;
#  (d) Hypercorn (RFC 8441) ← wsbench load --http2, TLS (ALPN h2) and h2c, K = 1 and 10: scripts/interop-hypercorn.sh.
# Exit 0: all passed; 1: a check failed; 3: skipped (websockets could not be installed; the reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! scripts/interop-setup.sh; then
    echo "interop.sh: SKIPPED — Python's websockets/h2/wsproto are not available (see above); the interop checks did not run"
    exit 3
fi
B=.build/debug/wsbench
[ -x "$B" ] || swift build
work=$(mktemp -d /tmp/wsbench-interop-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 100); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "interop.sh: $2 did not start" >&2; return 1; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null

echo "interop (a): Python websockets $(python3 -c 'import websockets; print(websockets.__version__)') TLS echo server ← wsbench load wss://"
python3 Tests/Interop/tls_echo_server.py "$work/server.crt" "$work/server.key" "$work/py.port" 2>"$work/py.err" &
pids+=($!)
wait_for "$work/py.port" "the websockets server" || { cat "$work/py.err"; exit 1; }
port=$(cat "$work/py.port")
run_load() {
    local label=$1; shift
    if timeout 60 "$B" load "$@" --connections 4 --connect-rate 40 --threads 1 --messages 400 --size 20,1000,16384 \
        --connect-timeout 10 --quiet >"$work/load.out" 2>&1; then
        echo "  ok $label: $(grep -E '^messages' "$work/load.out"); $(grep -E '^tls ' "$work/load.out" | sed 's/.*(//; s/)//')"
    else
        echo "  FAIL $label"; cat "$work/load.out"; exit 1
    fi
}
run_load "--ca" "wss://127.0.0.1:$port/" --ca "$work/server.crt"
run_load "--ca by name" "wss://localhost:$port/" --ca "$work/server.crt" --address 127.0.0.1
run_load "--insecure --text" "wss://127.0.0.1:$port/" --insecure --text
run_load "--ca --compress" "wss://127.0.0.1:$port/" --ca "$work/server.crt" --compress
grep -q "permessage-deflate" "$work/load.out" || { echo "  FAIL --compress: permessage-deflate not negotiated"; cat "$work/load.out"; exit 1; }

echo "interop (b): Python websockets TLS client → wsbench serve --tls-self-signed"
"$B" serve --port 0 --threads 1 --tls-self-signed --ready-file "$work/serve.port" >"$work/serve.out" 2>&1 &
pids+=($!)
wait_for "$work/serve.port" "wsbench serve" || { cat "$work/serve.out"; exit 1; }
if ! timeout 60 python3 Tests/Interop/tls_echo_client.py "$(cat "$work/serve.port")" >"$work/client.out" 2>&1; then
    sed 's/^/  /' "$work/client.out"; echo "  FAIL (b)"; exit 1
fi
sed 's/^/  /' "$work/client.out"

echo "interop (c): Python h2 $(python3 -c 'import h2; print(h2.__version__)') + wsproto $(python3 -c 'import wsproto; print(wsproto.__version__)') RFC 8441 client → wsbench serve (HTTP/2)"
"$B" serve --port 0 --threads 1 --ready-file "$work/h2c.port" >"$work/h2c.out" 2>&1 &
pids+=($!)
wait_for "$work/h2c.port" "wsbench serve (h2c)" || { cat "$work/h2c.out"; exit 1; }
h2_client() {
    if ! timeout 60 python3 Tests/Interop/h2_websocket_client.py "$@" --streams 10 >"$work/h2client.out" 2>&1; then
        sed 's/^/  /' "$work/h2client.out"; echo "  FAIL (c) $*"; exit 1
    fi
    sed 's/^/  /' "$work/h2client.out"
}
h2_client "$(cat "$work/h2c.port")"
h2_client "$(cat "$work/h2c.port")" --deflate
h2_client "$(cat "$work/serve.port")" --tls
h2_client "$(cat "$work/serve.port")" --tls --deflate
scripts/interop-hypercorn.sh || exit 1
echo "interop.sh: all passed"
