#!/usr/bin/env bash
# Server memory per idle WebSocket, side by side in one run: each NAME=COMMAND server (listening on
# PORT, pinned to CPU 0) is started in turn, its RSS read, N connections opened and held by
# Benchmarks/ReferenceDriver/idle_connections (CPU 1), and its RSS read again; repeated ROUNDS times,
# interleaved. One CSV line per server and round on stdout:
#   server,mode,round,connections,rss_before_kib,rss_with_kib,bytes_per_connection
#
# Usage: scripts/idle-memory.sh N MODE PORT ROUNDS 'name=command' ['name=command' ...]
#   MODE: plain | deflate (negotiated, unused) | deflate-used (one compressed message each way);
#         a `-tls` suffix (plain-tls, …) runs each connection over TLS (for `serve --tls-…` and TLS peers)
#   e.g.  scripts/idle-memory.sh 10000 plain 9001 3 \
#           "wsbench=.build/release/wsbench serve --port 9001 --threads 1 --keep-alive 0" \
#           "uws=/tmp/uWebSockets/EchoServer"        # a peer built elsewhere, listening on 9001
# Loopback only; each hold ends when its numbers are read. Needs `ulimit -n` ≥ N + 100.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
n=$1 mode=$2 port=$3 rounds=$4
shift 4
mkdir -p .build
cc -O2 -o .build/idle_connections Benchmarks/ReferenceDriver/idle_connections.c -lz -lssl -lcrypto
ulimit -n "$(ulimit -Hn)"
tmp=$(mktemp -d)
on_exit 'rm -rf "$tmp"'
echo "server,mode,round,connections,rss_before_kib,rss_with_kib,bytes_per_connection"
for round in $(seq 1 "$rounds"); do
    for spec in "$@"; do
        name=${spec%%=*} command=${spec#*=}
        # shellcheck disable=SC2086 # the command is a word list
        taskset -c 0 $command >"$tmp/server.out" 2>&1 &
        server=$!
        track_child "$server"
        wait_for_port "$port" || true
        sleep 0.5
        before=$(rss "$server")
        tls=""; [[ $mode == *-tls ]] && tls=tls
        taskset -c 1 .build/idle_connections 127.0.0.1 "$port" "$n" 600 "${mode%-tls}" $tls >"$tmp/idle.out" 2>&1 &
        holder=$!
        track_child "$holder"
        for _ in $(seq 1200); do grep -q connected "$tmp/idle.out" && break; sleep 0.1; done
        sleep 1
        with=$(rss "$server")
        grep -q connected "$tmp/idle.out" || { echo "idle-memory.sh: $name: $(cat "$tmp/idle.out")" >&2; with=0; }
        # SIGTERM, not SIGINT: a background job of a script ignores SIGINT unless it installs a handler.
        kill -TERM "$holder" "$server" 2>/dev/null || true
        wait "$holder" "$server" 2>/dev/null || true
        awk -v s="$name" -v m="$mode" -v r="$round" -v n="$n" -v b="$before" -v w="$with" \
            'BEGIN { printf "%s,%s,%d,%d,%d,%d,%.0f\n", s, m, r, n, b, w, (w > 0 ? (w - b) * 1024 / n : 0) }'
        sleep 1
    done
done
