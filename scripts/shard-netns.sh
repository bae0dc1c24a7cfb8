#!/usr/bin/env bash
# Fleet mode proven for real on one machine: SHARDS load processes, each in its own network namespace
# with its own address (a veth pair into the server's namespace, whose bridge joins them), run the
# shards of one test against one `wsbench serve` — the same commands as the Kubernetes Job, through
# scripts/fleet-local.sh — and `wsbench merge` combines them. Checks:
#   - every shard connected from its own address (the server's sockets, counted by peer address mid-run);
#   - the merge succeeds; its message and latency-sample counts are the sums of the shards', its
#     latency min/max the shards' extremes (the percentiles' exactness is ShardMergeTests' job: there
#     they are compared with one histogram of every sample), and its echoes = what the server echoed;
#   - with PyPI hdrhistogram installed, HdrHistogram_py's sum of the shards' decoded histograms equals
#     the merged histogram bucket for bucket (an independent implementation);
#   - `wsbench merge` refuses a missing shard and a duplicated one (exit 2, saying which).
# Bounded (DURATION s of sending, every process under `timeout`), stops by itself, deletes its
# namespaces and stops its processes on any exit.
#
# Needs root (ip netns, as CI runs). Exit 0: all checks passed; 1: a check failed; 3: skipped (not root,
# or network namespaces unavailable; the reason is printed).
# env: SHARDS (4), CONNECTIONS (200, whole test), RATE (2000 msgs/s, whole test), DURATION (5), WARMUP (1),
#      SIZE (20), BATCH (0 µs), THREADS (1 per shard), BUILD (debug|release; debug), OUT (/tmp/wsbench-shard-netns),
#      SINGLE (1: afterwards run the same whole test as one process from its own namespace, for comparison),
#      SERVER_CPU / LOAD_CPU (taskset CPU lists for the server and the load processes; default none),
#      RT (1: server and load processes SCHED_RR via chrt -r 1 when allowed, so that concurrent builds
#      do not starve them; default 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
if [ "$(id -u)" != 0 ]; then
    echo "shard-netns.sh: SKIPPED — network namespaces need root (ip netns add); CI runs as root"
    exit 3
fi
probe="wsbprobe$$"
if ! ip netns add "$probe" 2>/dev/null; then
    echo "shard-netns.sh: SKIPPED — ip netns add failed here (no CAP_SYS_ADMIN or no iproute2)"
    exit 3
fi
ip netns del "$probe"

shards=${SHARDS:-4}; connections=${CONNECTIONS:-200}; rate=${RATE:-2000}; duration=${DURATION:-5}
warmup=${WARMUP:-1}; size=${SIZE:-20}; batch=${BATCH:-0}; threads=${THREADS:-1}
out=${OUT:-/tmp/wsbench-shard-netns}; mkdir -p "$out"; rm -f "$out/single.json"
if [ "${BUILD:-debug}" = release ]; then
    swift build -c release --product wsbench >/dev/null; bin=$PWD/.build/release/wsbench
else
    [ -x .build/debug/wsbench ] || swift build --product wsbench >/dev/null; bin=$PWD/.build/debug/wsbench
fi
server_ns="wsbsrv$$"
shard_ns() { echo "wsbshard$$-$1"; }
cleanup_namespaces() {
    ip netns del "$server_ns" 2>/dev/null || true
    for i in $(seq 0 $((shards - 1))); do ip netns del "$(shard_ns "$i")" 2>/dev/null || true; done
    [ "${SINGLE:-0}" = 1 ] && ip netns del "wsbsingle$$" 2>/dev/null || true
}
on_exit cleanup_namespaces

# The server's namespace: a bridge with the server's address; each shard's namespace: one end of a
# veth pair with its own address, the other end on the bridge. 10.213.0.0/16 is only inside them.
ip netns add "$server_ns"
ip -n "$server_ns" link set lo up
ip -n "$server_ns" link add br0 type bridge
ip -n "$server_ns" addr add 10.213.0.1/16 dev br0
ip -n "$server_ns" link set br0 up
attach() {  # NAMESPACE ADDRESS TAG
    local ns=$1 address=$2 tag=$3
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip link add "wsb$$a$tag" type veth peer name "wsb$$b$tag"
    ip link set "wsb$$a$tag" netns "$server_ns"
    ip link set "wsb$$b$tag" netns "$ns"
    ip -n "$server_ns" link set "wsb$$a$tag" master br0 up
    ip -n "$ns" link set "wsb$$b$tag" name eth0
    ip -n "$ns" addr add "$address/16" dev eth0
    ip -n "$ns" link set eth0 up
}
for i in $(seq 0 $((shards - 1))); do attach "$(shard_ns "$i")" "10.213.1.$((10 + i))" "$i"; done

rt=""; [ "${RT:-0}" = 1 ] && rt=$(realtime_prefix)
server_cpu="$rt ${SERVER_CPU:+taskset -c $SERVER_CPU}"
load_cpu="$rt ${LOAD_CPU:+taskset -c $LOAD_CPU}"
# shellcheck disable=SC2086
start_server "$out/port" "$out/serve.json" "$out/serve.log" \
    timeout $((duration + warmup + 120)) ip netns exec "$server_ns" $server_cpu "$bin" serve --host 10.213.0.1 --threads 1 --json
server_pid=$SERVER_PID
url="ws://10.213.0.1:$SERVER_PORT/ws"
echo "shard-netns.sh: server in $server_ns at $url; $shards shards at 10.213.1.10… in their own namespaces"

# During the run: the server's established sockets by peer address (one address per shard expected);
# sampled every half second, the sample with the most sockets kept.
rm -f "$out/peers.txt" "$out/fleet.done"
( best=0
  while kill -0 "$server_pid" 2>/dev/null && [ ! -e "$out/fleet.done" ]; do
      ip netns exec "$server_ns" ss -Htn state established "( sport = :$SERVER_PORT )" | awk '{print $4}' \
          | sed 's/:[0-9]*$//' | sort | uniq -c >"$out/peers.now" || true
      total=$(awk '{s += $1} END {print s + 0}' "$out/peers.now")
      if [ "$total" -gt "$best" ]; then best=$total; mv "$out/peers.now" "$out/peers.txt"; fi
      sleep 0.5
  done ) &
peers_pid=$!; track_child $peers_pid

options=(--connections "$connections" --rate "$rate" --duration $((warmup + duration)) --warmup "$warmup" --size "$size"
    --batch "$batch" --threads "$threads" --connect-timeout 20 --drain 3)
fleet=0
# What is checked here is the merge, not the clocks (one clock here): on a machine loaded by other work a
# shard process can be scheduled seconds late, so the start may spread up to START_TOLERANCE (10 s).
WSBENCH=$bin OUT=$out START_DELAY=${START_DELAY:-8} START_TOLERANCE=${START_TOLERANCE:-10} SHARD_TIMEOUT=$((duration + warmup + 90)) \
    SHARD_PREFIX="ip netns exec $(shard_ns '{i}') $load_cpu" \
    scripts/fleet-local.sh "$shards" "$url" "${options[@]}" >"$out/fleet.txt" 2>&1 || fleet=$?
touch "$out/fleet.done"
wait "$peers_pid" 2>/dev/null || true
cat "$out/fleet.txt"

single=0
if [ "${SINGLE:-0}" = 1 ]; then
    attach "wsbsingle$$" 10.213.2.10 s
    # shellcheck disable=SC2086
    timeout $((duration + warmup + 90)) ip netns exec "wsbsingle$$" $load_cpu "$bin" load "$url" "${options[@]}" --quiet \
        --json "$out/single.json" --hlog "$out/single.hlog" >"$out/single.txt" 2>&1 || single=$?
    echo "single process, same whole test (exit $single):"; cat "$out/single.txt"
fi
stop_server "$server_pid"

status=0
fail() { echo "shard-netns.sh: FAILED — $*" >&2; status=1; }
[ "$fleet" = 0 ] || fail "the fleet run or its merge exited $fleet (see above)"
echo "server sockets by peer address (the fullest sample):"; cat "$out/peers.txt" 2>/dev/null || true
peer_count=$(wc -l <"$out/peers.txt" 2>/dev/null || echo 0)
[ "$peer_count" = "$shards" ] || fail "expected connections from $shards addresses mid-run, saw $peer_count"
if [ -s "$out/merged.json" ]; then
    OUT="$out" SHARDS="$shards" python3 - <<'PY' || status=1
import json, os, sys
out, n = os.environ["OUT"], int(os.environ["SHARDS"])
shards = [json.load(open(f"{out}/shard-{i}.json")) for i in range(n)]
merged = json.load(open(f"{out}/merged.json"))
server = json.loads(open(f"{out}/serve.json").read().strip().splitlines()[-1])
problems = []
def check(name, got, want):
    ok = got == want
    print(f"  {'ok' if ok else 'MISMATCH'} {name}: merged {got}, expected {want}")
    if not ok: problems.append(name)
for key in ["measured_messages_echoed", "messages_echoed", "messages_sent", "connections_opened"]:
    check(key + " = sum of shards", merged["results"][key], sum(s["results"][key] for s in shards))
check("latency samples = sum of shards", merged["latency_ns"]["count"], sum(s["latency_ns"]["count"] for s in shards))
check("latency max = max of shards", merged["latency_ns"]["max"], max(s["latency_ns"]["max"] for s in shards))
# A shard's file gives its min as recorded; the merged one comes from the decoded buckets: same bucket
# (3 significant digits) is what exact means here.
low = min(s["latency_ns"]["min"] for s in shards if s["latency_ns"]["count"])
got = merged["latency_ns"]["min"]
check("latency min in the shards' lowest bucket", abs(got - low) <= low // 1000, True)
# The server also served the single-process run when there was one (SINGLE=1).
single = json.load(open(f"{out}/single.json"))["results"]["messages_echoed"] if os.path.exists(f"{out}/single.json") else 0
check("messages echoed (+ the single run's) = the server's count", merged["results"]["messages_echoed"] + single, server["messages_echoed"])
check("errors", merged["errors"]["total"], 0)
# An independent implementation, when installed (PyPI hdrhistogram): the shards' full-resolution latency
# histograms decoded and added by HdrHistogram_py must equal wsbench merge's, bucket for bucket.
try:
    from hdrh.histogram import HdrHistogram
except ImportError:
    print("  (HdrHistogram_py not installed: the bucket-for-bucket cross-check was not run)")
else:
    total = HdrHistogram(1, 100_000_000_000, 3)
    for s in shards: total.add(HdrHistogram.decode(s["histograms"]["latency_ns"]))
    mine = HdrHistogram.decode(merged["histograms"]["latency_ns"])
    buckets = sum(1 for c in total.counts if c)
    check(f"HdrHistogram_py sum of the shards = wsbench merge, bucket for bucket ({buckets} buckets)", list(mine.counts) == list(total.counts), True)
sys.exit(1 if problems else 0)
PY
else
    fail "no merged result"
fi
# Refusals: a missing shard, a duplicated one.
if [ -s "$out/shard-0.json" ] && [ "$shards" -ge 2 ]; then
    refused=0
    "$bin" merge "$out"/shard-[!1].json >/dev/null 2>"$out/missing.err" || refused=$?
    if [ "$refused" = 2 ] && grep -q "shard 1 of 0...$((shards - 1)) is missing" "$out/missing.err"; then
        echo "  ok merge without shard 1 refused: $(head -1 "$out/missing.err")"
    else fail "merge without shard 1 exited $refused: $(cat "$out/missing.err")"; fi
    refused=0
    "$bin" merge "$out"/shard-*.json "$out/shard-0.json" >/dev/null 2>"$out/duplicate.err" || refused=$?
    if [ "$refused" = 2 ] && grep -q "shard 0 is given 2 times" "$out/duplicate.err"; then
        echo "  ok merge with shard 0 twice refused: $(head -1 "$out/duplicate.err")"
    else fail "merge with shard 0 twice exited $refused: $(cat "$out/duplicate.err")"; fi
fi
[ "$status" = 0 ] && echo "shard-netns.sh: all checks passed"
exit "$status"
