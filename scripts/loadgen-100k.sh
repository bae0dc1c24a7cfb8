#!/usr/bin/env bash
# 100k connections on a machine whose hard open-file limit is 20000 (and cannot be raised: no
# CAP_SYS_RESOURCE): six `wsbench serve` processes share one port through SO_REUSEPORT and six
# `wsbench load` processes open 16,667 connections each, each from its own two source addresses.
# Prints the servers' summed RSS, kernel slab growth, and what the load processes opened.
set -u
bin=.build/release/wsbench
port=9004
out=${OUT:-/tmp/c100k}; mkdir -p $out; rm -f $out/*
servers=()
for i in 1 2 3 4 5 6; do taskset -c 0 $bin serve --threads 1 --port $port 2>$out/serve-$i.log & servers+=($!); done
sleep 1
idle=0; for p in "${servers[@]}"; do idle=$((idle + $(awk '/^VmRSS/{print $2}' /proc/$p/status))); done
loads=()
for i in 1 2 3 4 5 6; do
  taskset -c 1 $bin load ws://127.0.0.1:$port/ws --threads 1 --connections 16667 --duration 25 --rate 200 \
    --source 127.0.0.$((i*10))-127.0.0.$((i*10+1)) --connect-timeout 20 --quiet --json $out/load-$i.json >$out/load-$i.txt 2>&1 & loads+=($!)
done
peak=0; slab0=$(awk '/^Slab/{print $2}' /proc/meminfo); slabpeak=$slab0
while kill -0 ${loads[0]} 2>/dev/null; do
  s=0; for p in "${servers[@]}"; do s=$((s + $(awk '/^VmRSS/{print $2}' /proc/$p/status))); done
  [ $s -gt $peak ] && peak=$s
  sl=$(awk '/^Slab/{print $2}' /proc/meminfo); [ $sl -gt $slabpeak ] && slabpeak=$sl
  sleep 1
done
wait "${loads[@]}"
echo "servers RSS idle ${idle} kB, peak ${peak} kB; kernel Slab ${slab0} -> ${slabpeak} kB"
for p in "${servers[@]}"; do kill $p; done; wait
python3 - <<'PY'
import json, os
tot = 0; t = 0; rss = 0; att = 0; errs = {}
for i in range(1, 7):
    r = json.load(open(f"{os.environ.get('OUT', '/tmp/c100k')}/load-{i}.json"))
    tot += r["results"]["connections_opened"]; att += r["configuration"]["connections"]
    t = max(t, r["results"]["seconds_to_open_all"]); rss += r["results"]["max_resident_bytes"]
    for k, v in r["errors"].items():
        if v and k != "total": errs[k] = errs.get(k, 0) + v
print(f"opened {tot}/{att} connections; slowest process had all open after {t:.2f} s; load processes' peak RSS sum {rss/2**20:.1f} MiB; errors {errs}")
PY
