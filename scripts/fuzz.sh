#!/usr/bin/env bash
# Builds the libFuzzer targets of Tests/Fuzz (AddressSanitizer + LeakSanitizer, the C SIMD kernels
# instrumented too) and runs each for a while, starting from the committed seeds.
#   scripts/fuzz.sh                         every target for 15 s
#   scripts/fuzz.sh 600                     every target for 10 minutes (a long run)
#   scripts/fuzz.sh 60 FuzzServerFrames     one target for a minute
# New corpus units, crash/leak/timeout/OOM artifacts and logs go to a temporary directory (the
# committed Corpus/<Target>/ is only read), kept and named when anything fails. Prints per target:
# executions, exec/s, coverage, corpus size. Exits 1 on any crash, leak, timeout or OOM.
# Environment: FUZZ_NICE (default 10), FUZZ_KEEP=1 to keep the temporary directory after a pass.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(FuzzServerFrames FuzzClientFrames FuzzDeflateMessages FuzzUTF8Validator FuzzHandshakeRequest
    FuzzHandshakeResponse FuzzExtensionOffer FuzzHTTP2Request)
seconds="${1:-15}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [seconds-per-target] [target ...]   (targets: ${all_targets[*]})" >&2
    exit 2
fi
for target in "${targets[@]}"; do
    if [ ! -d "Tests/Fuzz/Corpus/$target" ]; then
        echo "fuzz: unknown target $target (targets: ${all_targets[*]})" >&2
        exit 2
    fi
done

build=(swift build -c release
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
    -Xcc -fsanitize=fuzzer-no-link,address)
echo "fuzz: building Tests/Fuzz (${build[*]})" >&2
# ld.gold warns "Cannot export local symbol '__asan_…'" for every target: harmless, filtered.
(cd Tests/Fuzz && "${build[@]}" 2>&1 | { grep -v "Cannot export local symbol" || true; }) >&2
bin="$(cd Tests/Fuzz && "${build[@]}" --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/wsbench-fuzz.XXXXXX")"
failed=()
printf '%-22s %11s %8s %6s %7s %9s  %s\n' target executions exec/s cov corpus new result
for target in "${targets[@]}"; do
    dir="$work/$target"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    status=0
    # The first corpus directory receives new units; the committed seeds are only read.
    SWIFT_BACKTRACE=enable=no nice -n "${FUZZ_NICE:-10}" "$bin/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" "$dir/corpus" "Tests/Fuzz/Corpus/$target" \
        >"$dir/log" 2>&1 || status=$?
    # The last status line: "#1068973 DONE cov: 244 ft: 971 corp: 381/28Kb lim: 4096 exec/s: 34483 rss: 549Mb".
    last="$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1 || true)"
    executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")"
    [ -n "$executions" ] || executions="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log")"
    [ -n "$rate" ] || rate="$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$last")"
    cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")"
    corpus="$(sed -nE 's/.* corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/p' <<<"$last")"
    new="$(find "$dir/corpus" -type f | wc -l)"
    artifacts=("$dir"/artifacts/*)
    [ -e "${artifacts[0]}" ] || artifacts=()
    result=ok
    if [ "$status" -ne 0 ] || [ ${#artifacts[@]} -gt 0 ]; then
        result="FAILED (exit $status)"
        failed+=("$target")
    fi
    printf '%-22s %11s %8s %6s %7s %9s  %s\n' "$target" "${executions:-?}" "${rate:-?}" "${cov:-?}" \
        "${corpus:-?}" "$new" "$result"
    if [ "$result" != ok ]; then
        grep -E 'property violated|Fatal error|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|SUMMARY' "$dir/log" \
            | head -n 8 | sed 's/^/    /' >&2 || true
        for artifact in "${artifacts[@]}"; do echo "    artifact: $artifact" >&2; done
        echo "    log: $dir/log" >&2
        echo "    reproduce: $bin/$target <artifact>   (WSBENCH_FUZZ_TRACE=1 prints what it saw)" >&2
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (logs, new units and artifacts kept in $work)" >&2
    exit 1
fi
if [ "${FUZZ_KEEP:-0}" = 1 ]; then
    echo "fuzz: all passed; new units and logs kept in $work" >&2
else
    rm -rf "$work"
    echo "fuzz: all passed" >&2
fi
