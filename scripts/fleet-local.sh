#!/usr/bin/env bash
# Rehearses a fleet run on one machine: starts the same shard commands the Kubernetes Job does
# (deploy/kubernetes/shard-job.yaml) — `wsbench load URL --shard I/N --start-at T OPTIONS…` for
# I = 0…N-1, all with one start time a few seconds ahead — waits for them, then merges their results
# with `wsbench merge` (summary, per-shard table, merged JSON/CSV/.hlog).
#
# Usage: scripts/fleet-local.sh SHARDS URL [wsbench load options of the whole test…]
#   e.g. scripts/fleet-local.sh 4 ws://127.0.0.1:9001/ws --connections 400 --rate 4000 --duration 10
# env: OUT (results directory, default /tmp/wsbench-fleet; emptied of earlier shard files first),
#      START_DELAY (seconds from now to the common start, default 5), WSBENCH (the binary; default
#      .build/release/wsbench, built when missing), SHARD_PREFIX (a command put before each shard's, with
#      {i} replaced by the shard index: "taskset -c 1" or "ip netns exec fleet-{i}", as scripts/shard-netns.sh does),
#      SHARD_TIMEOUT (seconds a shard may run before it is stopped, default 600), START_TOLERANCE (seconds the
#      shards' actual starts may spread, given to `wsbench merge --start-tolerance`; default merge's 1 s).
# Exit: wsbench merge's status (0 merged and clean, 1 merged with errors, 2 not mergeable); 2 also
# when a shard could not start.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
if [ $# -lt 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fleet-local.sh SHARDS URL [wsbench load options of the whole test…]" >&2
    exit 2
fi
shards=$1 url=$2
shift 2
bin=${WSBENCH:-.build/release/wsbench}
if [ ! -x "$bin" ]; then swift build -c release --product wsbench >/dev/null; fi
out=${OUT:-/tmp/wsbench-fleet}
mkdir -p "$out"
rm -f "$out"/shard-*.json "$out"/shard-*.hlog "$out"/shard-*.txt "$out"/merged.* "$out"/shards.csv
start_at=$(( $(date +%s) + ${START_DELAY:-5} ))
echo "fleet-local.sh: $shards shards of $url $*, starting at $start_at ($(date -u -d "@$start_at" +%H:%M:%S) UTC); results in $out"
pids=()
for i in $(seq 0 $((shards - 1))); do
    prefix=${SHARD_PREFIX:-}
    prefix=${prefix//\{i\}/$i}
    # shellcheck disable=SC2086 # the prefix is a command line of words
    timeout "${SHARD_TIMEOUT:-600}" $prefix "$bin" load "$url" --shard "$i/$shards" --start-at "$start_at" "$@" --quiet \
        --json "$out/shard-$i.json" --hlog "$out/shard-$i.hlog" >"$out/shard-$i.txt" 2>&1 &
    pids+=($!)
    track_child $!
done
failed=0
for i in "${!pids[@]}"; do
    status=0
    wait "${pids[$i]}" || status=$?
    if [ ! -s "$out/shard-$i.json" ]; then
        echo "fleet-local.sh: shard $i/$shards wrote no result (exit $status):" >&2
        tail -5 "$out/shard-$i.txt" >&2
        failed=1
    elif [ "$status" != 0 ]; then
        echo "fleet-local.sh: shard $i/$shards exited $status: $(grep -m1 '^wsbench load:' "$out/shard-$i.txt" || true)" >&2
    fi
done
[ "$failed" = 0 ] || exit 2
status=0
"$bin" merge "$out"/shard-*.json ${START_TOLERANCE:+--start-tolerance "$START_TOLERANCE"} --json "$out/merged.json" --csv "$out/merged.csv" --hlog "$out/merged.hlog" \
    --shard-csv "$out/shards.csv" | tee "$out/merged.txt" || status=${PIPESTATUS[0]}
exit "$status"
