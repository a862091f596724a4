# Process bookkeeping for the benchmark: every process the harness starts runs in its own process
# group, is recorded here, and is stopped by stop_group or, at the latest, by stop_all on EXIT.
# Sourced by bench/run.sh; expects WORK (a temp dir) to be set.

STARTED_GROUPS=()

# start_group NAME CMD... : starts CMD in a new session (process group), appends its output to
# $WORK/NAME.log, sets GROUP to its process group id.
start_group() {
    local name=$1
    shift
    echo "=== $(date -u +%H:%M:%S) $*" >>"$WORK/$name.log"
    setsid "$@" >>"$WORK/$name.log" 2>&1 </dev/null &
    GROUP=$!
    # stop_group does the waiting; this keeps bash from reporting the processes it had to kill
    disown "$GROUP"
    STARTED_GROUPS+=("$GROUP")
}

# stop_group PGID : TERM, then KILL after 5 s, for every process of that group.
stop_group() {
    local group=$1 i
    kill -TERM -- "-$group" 2>/dev/null || return 0
    for ((i = 0; i < 50; i++)); do
        kill -0 -- "-$group" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$group" 2>/dev/null || true
}

stop_all() {
    local group
    for group in "${STARTED_GROUPS[@]}"; do
        stop_group "$group"
    done
    STARTED_GROUPS=()
}

# wait_port PORT SECONDS : true once something listens on 127.0.0.1:PORT.
wait_port() {
    local port=$1 seconds=$2 i
    for ((i = 0; i < seconds * 10; i++)); do
        if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# port_free PORT : true when nothing listens on 127.0.0.1:PORT.
port_free() {
    ! (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# group_rss_kb PGID : resident memory of all processes of the group, in KiB.
group_rss_kb() {
    local total=0 pid kb
    for pid in $(pgrep -g "$1" 2>/dev/null); do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

# group_java_pid PGID : the JVM of the group (empty when there is none).
group_java_pid() {
    local pid
    for pid in $(pgrep -g "$1" 2>/dev/null); do
        if [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */bin/java ]]; then
            echo "$pid"
            return
        fi
    done
}

# start_sampler PGID SECONDS : samples the group's RSS every 0.5 s (and the JVM heap with jstat when
# the group has a JVM) for at most SECONDS; stop_sampler prints "RSS_MB HEAP_MB" (peaks, "-" when
# not measured).
start_sampler() {
    local group=$1 seconds=$2 java
    : >"$WORK/rss.samples"
    : >"$WORK/jstat.samples"
    (
        for ((i = 0; i < seconds * 2; i++)); do
            group_rss_kb "$group" >>"$WORK/rss.samples"
            sleep 0.5
        done
    ) &
    SAMPLER=$!
    JSTAT=""
    java=$(group_java_pid "$group")
    SAMPLED_JAVA=$java
    if [[ -n $java ]]; then
        "$JAVA_HOME/bin/jstat" -gc "$java" 500 $((seconds * 2)) >"$WORK/jstat.samples" 2>/dev/null &
        JSTAT=$!
    fi
}

stop_sampler() {
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    if [[ -n $JSTAT ]]; then
        kill "$JSTAT" 2>/dev/null || true
        wait "$JSTAT" 2>/dev/null || true
    fi
    local rss heap
    rss=$(sort -n "$WORK/rss.samples" | tail -1)
    rss=$(( ${rss:-0} / 1024 ))
    # Heap in use = survivor + eden + old used columns (KiB), by header name.
    heap=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                col["EU"] && $1 ~ /^[0-9.]+$/ {
                    used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
                    if (used > max) max = used
                }
                END { if (max > 0) printf "%d", max / 1024; else printf "-" }' "$WORK/jstat.samples")
    if [[ $heap == - && -n $SAMPLED_JAVA ]]; then
        # jstat needs the JVM's perf data; without it, one reading of the heap now is the fallback.
        heap=$("$JAVA_HOME/bin/jcmd" "$SAMPLED_JAVA" GC.heap_info 2>/dev/null \
            | grep -o 'used [0-9]*K' | head -1 | awk '{ printf "%d", $2 / 1024 }' || true)
        heap=${heap:--}
    fi
    echo "$rss $heap"
}
