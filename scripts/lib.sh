# Shell helpers shared by the scripts in scripts/ (bash; source it, do not run it):
#   . "$(dirname "$0")/lib.sh"
#
#   track_child PID...      stop PID at exit (the EXIT/INT/TERM trap this file installs)
#   on_exit COMMAND         run COMMAND (a string, eval'd) at exit, after the children are stopped
#   start_server READY OUT ERR COMMAND...
#                           start a `wsbench serve` command line (chrt/taskset in front allowed) in the
#                           background with `--port 0 --ready-file READY` appended, stdout to OUT and
#                           stderr to ERR, track it, and wait until READY names the port (10 s at most);
#                           sets SERVER_PID and SERVER_PORT
#   wait_for_port PORT      wait until something accepts on 127.0.0.1:PORT (10 s at most; for servers
#                           that take a fixed port and write no ready file, e.g. another project's)
#   stop_server PID         SIGINT (graceful shutdown: its --json counters are printed), wait, untrack
#   rss PID                 resident set size in KiB (VmRSS), 0 once the process is gone
#   task_ns PID             CPU time in ns of all of PID's threads (first field of /proc/PID/task/*/schedstat)
#   realtime_prefix         prints "chrt -r 1" when SCHED_RR is allowed here, nothing otherwise
#
# Children that outlive the script would hold ports and CPUs: on exit, Ctrl-C or SIGTERM every
# tracked child still running gets SIGTERM and is waited for.

WSB_CHILDREN=()
WSB_EXIT_COMMANDS=()

track_child() { WSB_CHILDREN+=("$@"); }

on_exit() { WSB_EXIT_COMMANDS+=("$1"); }

wsb_cleanup() {
    local status=$? pid command
    trap - EXIT INT TERM
    for pid in "${WSB_CHILDREN[@]}"; do kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true; done
    for pid in "${WSB_CHILDREN[@]}"; do wsb_await_exit "$pid"; done
    for command in "${WSB_EXIT_COMMANDS[@]}"; do eval "$command" || true; done
    exit "$status"
}
# Waits for PID to exit (gone, or a zombie): polls /proc rather than `wait`, so that a child that does
# not stop within 30 s cannot hold the script; that one gets SIGKILL.
wsb_await_exit() {
    local _ state
    for _ in $(seq 600); do
        state=$(sed 's/.*) \([A-Za-z]\).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 0
        [ "$state" = Z ] && return 0
        sleep 0.05
    done
    kill -KILL "$1" 2>/dev/null || true
}

trap wsb_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_server() {
    local ready=$1 out=$2 err=$3 _
    shift 3
    rm -f "$ready"
    "$@" --port 0 --ready-file "$ready" >"$out" 2>"$err" &
    SERVER_PID=$!
    track_child "$SERVER_PID"
    for _ in $(seq 100); do
        [ -s "$ready" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ ! -s "$ready" ]; then
        echo "${0##*/}: the server did not start: $*" >&2
        cat "$err" >&2
        return 1
    fi
    read -r SERVER_PORT < "$ready"
}

wait_for_port() {
    local _
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

stop_server() {
    local pid=$1 i
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for i in "${!WSB_CHILDREN[@]}"; do [ "${WSB_CHILDREN[$i]}" = "$pid" ] && unset 'WSB_CHILDREN[i]'; done
    return 0
}

rss() { { awk '/^VmRSS/{print $2; found = 1} END {if (!found) print 0}' "/proc/$1/status" || echo 0; } 2>/dev/null; }

task_ns() {
    local total=0 ns _ t
    for t in /proc/"$1"/task/*/schedstat; do { read -r ns _ < "$t"; } 2>/dev/null || ns=0; total=$((total + ns)); done
    echo "$total"
}

realtime_prefix() { chrt -r 1 true 2>/dev/null && echo "chrt -r 1" || true; }
