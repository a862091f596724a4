#!/usr/bin/env bash
# Benchmark harness: measures OauthRouter against a direct connection, nginx and the Portkey gateway,
# all pointed at the same mock upstream on loopback, one contender at a time. Prints one table and
# writes it to bench/results/<date>-<commit>.md. See BENCHMARKS.md.
#
# Usage: bench/run.sh [--quick]     (--quick: a ~2 minute smoke run with short, small loads)
# Environment: BENCH_SKIP_BUILD=1 reuses target/oauthrouter.jar; BENCH_JMH=1 also runs JMH in quick
# mode; BENCH_ONLY="1 2" runs only those scenarios (1-5); BENCH_KEEP=1 keeps the temp dir and logs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODE=full
if [[ ${1:-} == --quick ]]; then
    MODE=quick
fi

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
fail() {
    echo "bench: $*" >&2
    exit 1
}

JAVA_HOME=${JAVA_HOME:-$("$ROOT/bin/find-jdk")}
export JAVA_HOME
WORK=$(mktemp -d /tmp/oauthrouter-bench.XXXXXX)
BUILD=$WORK/classes

# shellcheck source=bench/lib/procs.sh
source "$ROOT/bench/lib/procs.sh"
# shellcheck source=bench/lib/contenders.sh
source "$ROOT/bench/lib/contenders.sh"
# shellcheck source=bench/lib/setup.sh
source "$ROOT/bench/lib/setup.sh"
# shellcheck source=bench/lib/report.sh
source "$ROOT/bench/lib/report.sh"

cleanup() {
    local rc=$?
    stop_all
    if [[ $rc != 0 || ${BENCH_KEEP:-0} == 1 ]]; then
        echo "bench: logs kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- settings ------------------------------------------------------------------------------------
if [[ $MODE == quick ]]; then
    WARM=1 DUR=3
    STEPS=(256)
    PACED_STREAMS=128 PACED_DELTAS=32 PACE_MS=20
    SLOW_STREAMS=1000 SLOW_DELTAS=6 SLOW_PACE_MS=500 SLOW_RAMP_MS=2000
else
    WARM=3 DUR=10
    STEPS=(64 256 1024)
    PACED_STREAMS=512 PACED_DELTAS=64 PACE_MS=20
    SLOW_STREAMS=10000 SLOW_DELTAS=20 SLOW_PACE_MS=1000 SLOW_RAMP_MS=10000
fi
# A proxy holds two sockets per stream; the open-file limit here may not allow 10,000.
FD_LIMIT=$(ulimit -n)
if [[ $FD_LIMIT != unlimited ]] && ((SLOW_STREAMS > (FD_LIMIT - 500) / 2)); then
    SLOW_STREAMS=$(((FD_LIMIT - 500) / 2))
    SLOW_NOTE="capped by the open-file limit $FD_LIMIT"
fi
ONLY=${BENCH_ONLY:-1 2 3 4 5}
wants() { [[ " $ONLY " == *" $1 "* ]]; }

# --- request bodies --------------------------------------------------------------------------------
# make_body FILE MODEL STREAM [PROMPT_FILE]
make_body() {
    local file=$1 model=$2 stream=$3 prompt="Say something short."
    if [[ -n ${4:-} ]]; then
        prompt=$(<"$4")
    fi
    local extra=""
    if [[ $stream == true ]]; then
        extra=',"stream":true,"stream_options":{"include_usage":true}'
    fi
    printf '{"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":64%s}' \
        "$model" "$prompt" "$extra" >"$file"
}

bodies_for() {
    local tag=${1//\//_}
    BODY=$WORK/body-$tag.json BODY_STREAM=$WORK/stream-$tag.json BODY_LARGE=$WORK/large-$tag.json
    if [[ ! -f $BODY ]]; then
        make_body "$BODY" "$1" false
        make_body "$BODY_STREAM" "$1" true
        make_body "$BODY_LARGE" "$1" false "$WORK/prompt-1mib.txt"
    fi
}

# --- load ------------------------------------------------------------------------------------------
# run_wrk CONNECTIONS SECONDS BODY : prints wrk's RESULT line.
run_wrk() {
    local args=() h
    for h in "${CONTENDER_HEADERS[@]}"; do
        args+=("$h")
    done
    wrk -t1 -c"$1" -d"$2s" --timeout 5s -s "$ROOT/bench/lib/post.lua" \
        "http://127.0.0.1:$CONTENDER_PORT/v1/chat/completions" -- "$3" "${args[@]}" 2>&1 \
        | grep '^RESULT' || echo "RESULT requests=0 errors=1 p50_us=0 p99_us=0 rps=0"
}

# run_streams STREAMS RAMP_MS PACE_MS DELTAS WARMUP : prints StreamLoad's summary line.
run_streams() {
    local args=() h timeout
    for h in "${CONTENDER_HEADERS[@]}"; do
        args+=(--header "$h")
    done
    timeout=$(($2 / 1000 + $3 * $4 / 1000 + 60))
    # One carrier thread: in a test here it cut the client's user CPU per event by about half, which
    # leaves more of the two cores to the contender.
    "$JAVA_HOME/bin/java" -Djdk.virtualThreadScheduler.parallelism=1 -XX:+UseParallelGC -cp "$BUILD" \
        StreamLoad --port "$CONTENDER_PORT" \
        --body "$BODY_STREAM" --streams "$1" --ramp-ms "$2" --pace-ms "$3" --paced-events $(($4 + 1)) \
        --warmup-streams "$5" --timeout-s "$timeout" "${args[@]}" 2>"$WORK/streamload.err" \
        || echo "streams=$1 ok=0 errors=$1 first_error=client_failed"
}

# kv KEY LINE : the value of KEY=value in LINE.
kv() {
    local pair
    for pair in $2; do
        if [[ $pair == "$1="* ]]; then
            echo "${pair#*=}"
            return
        fi
    done
    echo 0
}

us_to_ms() { awk -v v="$1" 'BEGIN { printf "%.3f", v / 1000 }'; }

# launch NAME : starts the contender and waits for its first served request; records start-up.
launch() {
    local name=$1 ready
    START_NS=$(date +%s%N)
    start_contender "$name"
    bodies_for "$CONTENDER_MODEL"
    if ! ready=$(wait_ready 60 "$BODY"); then
        log "$name did not answer within 60 s (log: $WORK/$name.log)"
        stop_contender
        return 1
    fi
    if [[ -z ${STARTUP_MS[$name]:-} && -n $CONTENDER_GROUP ]]; then
        sleep 1
        STARTUP_MS[$name]=$ready
        IDLE_RSS_MB[$name]=$(($(group_rss_kb "$CONTENDER_GROUP") / 1024))
    fi
}

declare -A STARTUP_MS=() IDLE_RSS_MB=() BASE=()

measure_sampler_start() {
    if [[ -n $CONTENDER_GROUP ]]; then
        start_sampler "$CONTENDER_GROUP" "$1"
    fi
}

measure_sampler_stop() {
    if [[ -n $CONTENDER_GROUP ]]; then
        stop_sampler
    else
        echo "- -"
    fi
}

# --- scenarios -------------------------------------------------------------------------------------
scenario_latency() {
    log "scenario 1: added latency at concurrency 1, zero-delay upstream"
    SCEN_LABEL="1 added latency, c=1"
    start_mock 0 0 "$PACED_DELTAS"
    local c line mem p50 p99
    for c in "${CONTENDERS[@]}"; do
        launch "$c" || { add_failed 1 "$c"; continue; }
        run_wrk 4 "$WARM" "$BODY" >/dev/null
        measure_sampler_start $((DUR + 5))
        line=$(run_wrk 1 "$DUR" "$BODY")
        mem=$(measure_sampler_stop)
        stop_contender
        p50=$(us_to_ms "$(kv p50_us "$line")") p99=$(us_to_ms "$(kv p99_us "$line")")
        add_latency_row 1 "$SCEN_LABEL" "$c" "$p50" "$p99" "$(kv rps "$line")/s" \
            "$(kv errors "$line")" "$mem" ""
    done
}

scenario_throughput() {
    log "scenario 2: throughput with a 20 ms upstream at concurrency ${STEPS[*]}"
    SCEN_LABEL="2 20 ms upstream"
    start_mock 20 0 "$PACED_DELTAS"
    local c step line mem p50 p99 errors requests verdict
    for c in "${CONTENDERS[@]}"; do
        launch "$c" || { add_failed 2 "$c"; continue; }
        run_wrk 64 "$WARM" "$BODY" >/dev/null
        for step in "${STEPS[@]}"; do
            measure_sampler_start $((DUR + 5))
            line=$(run_wrk "$step" "$DUR" "$BODY")
            mem=$(measure_sampler_stop)
            p50=$(us_to_ms "$(kv p50_us "$line")") p99=$(us_to_ms "$(kv p99_us "$line")")
            errors=$(kv errors "$line") requests=$(kv requests "$line")
            verdict=$(awk -v p99="$p99" -v e="$errors" -v n="$requests" \
                'BEGIN { print (n > 0 && p99 < 1000 && e <= n * 0.001) ? "holds" : "fails p99<1s/0.1%" }')
            add_latency_row "2c$step" "2 20 ms upstream, c=$step" "$c" "$p50" "$p99" \
                "$(kv rps "$line")/s" "$errors" "$mem" "$verdict"
            RPS["$step,$c"]=$(kv rps "$line")
        done
        stop_contender
    done
}

scenario_streams() {
    log "scenario 3a: $PACED_STREAMS streams x $PACED_DELTAS deltas, $PACE_MS ms apart"
    start_mock 0 "$PACE_MS" "$PACED_DELTAS"
    SCEN_LABEL="3a $PACED_STREAMS paced streams (TTFT)"
    # Warms the mock's streaming path so that "direct", measured first, is not the one paying for it.
    CONTENDER_PORT=$MOCK_PORT CONTENDER_HEADERS=()
    bodies_for bench-model
    run_streams 128 100 "$PACE_MS" "$PACED_DELTAS" 0 >/dev/null
    local c line mem
    for c in "${STREAM_CONTENDERS[@]}"; do
        launch "$c" || { add_failed 3a "$c"; continue; }
        measure_sampler_start 120
        line=$(run_streams "$PACED_STREAMS" 250 "$PACE_MS" "$PACED_DELTAS" "$PACED_STREAMS")
        mem=$(measure_sampler_stop)
        stop_contender
        add_stream_row 3a "$SCEN_LABEL" "$c" "$line" "$mem"
    done
    log "scenario 3b: $SLOW_STREAMS slow streams (${SLOW_DELTAS} deltas, $SLOW_PACE_MS ms apart)"
    start_mock 0 "$SLOW_PACE_MS" "$SLOW_DELTAS"
    SCEN_LABEL="3b $SLOW_STREAMS slow streams (TTFT)"
    for c in "${STREAM_CONTENDERS[@]}"; do
        launch "$c" || { add_failed 3b "$c"; continue; }
        measure_sampler_start $((SLOW_RAMP_MS / 1000 + SLOW_PACE_MS * SLOW_DELTAS / 1000 + 60))
        line=$(run_streams "$SLOW_STREAMS" "$SLOW_RAMP_MS" "$SLOW_PACE_MS" "$SLOW_DELTAS" 0)
        mem=$(measure_sampler_stop)
        stop_contender
        add_stream_row 3b "$SCEN_LABEL" "$c" "$line" "$mem"
    done
}

scenario_large() {
    log "scenario 4: 1 MiB prompts at concurrency 32"
    SCEN_LABEL="4 1 MiB prompts, c=32"
    start_mock 0 0 "$PACED_DELTAS"
    local c line mem
    for c in "${CONTENDERS[@]}"; do
        launch "$c" || { add_failed 4 "$c"; continue; }
        run_wrk 32 "$WARM" "$BODY_LARGE" >/dev/null
        measure_sampler_start $((DUR + 5))
        line=$(run_wrk 32 "$DUR" "$BODY_LARGE")
        mem=$(measure_sampler_stop)
        stop_contender
        add_latency_row 4 "$SCEN_LABEL" "$c" "$(us_to_ms "$(kv p50_us "$line")")" \
            "$(us_to_ms "$(kv p99_us "$line")")" "$(kv rps "$line")/s" "$(kv errors "$line")" "$mem" ""
    done
}

# --- main ------------------------------------------------------------------------------------------
log "mode $MODE, work dir $WORK"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
for port in $MOCK_PORT $NGINX_PORT $ROUTER_PORT $PORTKEY_PORT; do
    port_free "$port" || fail "port $port is in use; stop what listens there first"
done
ensure_tools
ensure_portkey
compile_tools
build_router
# 1 MiB of plain words (no characters that need JSON escaping); `yes` stops on SIGPIPE.
head -c 1048576 < <(yes 'The quick brown fox jumps over the lazy dog while the benchmark counts bytes.') \
    | tr '\n' ' ' >"$WORK/prompt-1mib.txt"

make_body "$WORK/warm-body.json" bench-model false

CONTENDERS=(direct nginx)
STREAM_CONTENDERS=(direct nginx)
ROUTER_STATE="measured"
if router_available; then
    if prepare_router; then
        CONTENDERS+=(oauthrouter)
        STREAM_CONTENDERS+=(oauthrouter)
    else
        ROUTER_STATE="token creation failed (see the router-token log)"
        log "OauthRouter: $ROUTER_STATE"
    fi
else
    ROUTER_STATE="not built in this checkout"
fi
CONTENDERS+=(portkey)
declare -A RPS=()

if wants 1; then scenario_latency; fi
if wants 2; then scenario_throughput; fi
if wants 3; then scenario_streams; fi
if wants 4; then scenario_large; fi
if [[ -n ${MOCK_GROUP:-} ]]; then
    stop_group "$MOCK_GROUP"
fi
if wants 5 && [[ $MODE == full || ${BENCH_JMH:-0} == 1 ]]; then
    scenario_jmh
fi

write_report
