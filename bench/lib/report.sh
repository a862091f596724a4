# Result rows, the JMH scenario and the final report.
# Sourced by bench/run.sh. Rows are tab-separated in $WORK/rows.tsv:
# label, contender, p50, p99, added p50, added p99, rate, errors, RSS MB, heap MB, notes.

ROWS_FILE=""

add_tsv() {
    ROWS_FILE=$WORK/rows.tsv
    local IFS=$'\t'
    echo "$*" >>"$ROWS_FILE"
}

# minus A B : A - B with three decimals, or "-" when either is missing.
minus() {
    if [[ -z $1 || -z $2 || $1 == - || $2 == - ]]; then
        echo "-"
        return
    fi
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'
}

add_failed() {
    add_tsv "$SCEN_LABEL" "$1" - - - - - - - - "did not start (log kept only with BENCH_KEEP=1)"
}

# add_latency_row KEY LABEL CONTENDER P50 P99 RATE ERRORS "RSS HEAP" NOTES
add_latency_row() {
    local key=$1 label=$2 c=$3 p50=$4 p99=$5 rate=$6 errors=$7 mem=$8 notes=$9 a50="-" a99="-"
    if [[ $c == direct ]]; then
        BASE[$key,50]=$p50 BASE[$key,99]=$p99
    else
        a50=$(minus "$p50" "${BASE[$key,50]:-}") a99=$(minus "$p99" "${BASE[$key,99]:-}")
    fi
    ADDED["$key,$c,99"]=$a99
    add_tsv "$label" "$c" "$p50" "$p99" "$a50" "$a99" "$rate" "$errors" ${mem% *} ${mem#* } "${notes:--}"
}

# add_stream_row KEY LABEL CONTENDER STREAMLOAD_LINE "RSS HEAP"
add_stream_row() {
    local key=$1 label=$2 c=$3 line=$4 mem=$5
    local p50 p99 gap a50="-" a99="-" again="" notes
    p50=$(kv ttft_p50_ms "$line") p99=$(kv ttft_p99_ms "$line") gap=$(kv gap_p99_ms "$line")
    if [[ $c == direct ]]; then
        BASE[$key,50]=$p50 BASE[$key,99]=$p99 BASE[$key,gap]=$gap
    else
        a50=$(minus "$p50" "${BASE[$key,50]:-}") a99=$(minus "$p99" "${BASE[$key,99]:-}")
        again=" ($(minus "$gap" "${BASE[$key,gap]:-}"))"
    fi
    ADDED["$key,$c,99"]=$a99
    STALLED["$key,$c"]=$(kv stalled "$line")
    STREAMS_OK["$key,$c"]=$(kv ok "$line")
    RSS_PEAK["$key,$c"]=${mem% *}
    notes="gap p50 $(kv gap_p50_ms "$line") / p99 $gap$again / max $(kv gap_max_ms "$line") ms;"
    notes+=" stalled $(kv stalled "$line")"
    if [[ $(kv first_error "$line") != none && $(kv first_error "$line") != 0 ]]; then
        notes+="; first error: $(kv first_error "$line")"
    fi
    add_tsv "$label" "$c" "$p50" "$p99" "$a50" "$a99" "$(kv ok "$line")/$(kv streams "$line") ok" \
        "$(kv errors "$line")" ${mem% *} ${mem#* } "$notes"
}

declare -A ADDED=() STALLED=() STREAMS_OK=() RSS_PEAK=()

# Class files of the translators the JMH benchmark knows (see ChunkTranslationBench).
declare -A TRANSLATOR_CLASSES=(
    [openai]=dev/oauthrouter/translate/openai/OpenAiCompatibleTranslator.class
    [anthropic]=dev/oauthrouter/translate/anthropic/AnthropicTranslator.class
    [gemini]=dev/oauthrouter/translate/gemini/GeminiTranslator.class
)

# jmh_value TRANSLATOR BENCHMARK_REGEX : the score of that row of $WORK/jmh.csv, rounded.
jmh_value() {
    awk -F, -v t="$1" -v re="$2" '{ gsub(/["\r]/, "", $8) } $8 == t && $1 ~ re { printf "%.0f", $5 }' \
        "$WORK/jmh.csv"
}

scenario_jmh() {
    log "scenario 5: JMH, per-chunk translation cost"
    SCEN_LABEL="5 per-chunk translation (JMH)"
    if ! (cd "$ROOT" && mvn -B -q -Pjmh -DskipTests package >"$WORK/jmh-build.log" 2>&1); then
        add_tsv "$SCEN_LABEL" - - - - - - - - - "JMH build failed (mvn -Pjmh package)"
        return
    fi
    local present=() name
    for name in openai anthropic gemini; do
        if [[ -f $ROOT/target/jmh/classes/${TRANSLATOR_CLASSES[$name]} ]]; then
            present+=("$name")
        fi
    done
    if ((${#present[@]} == 0)); then
        add_tsv "$SCEN_LABEL" - - - - - - - - - "no translator in this checkout yet"
        return
    fi
    local list
    list=$(IFS=,; echo "${present[*]}")
    local iterations=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
    if [[ $MODE == quick ]]; then
        iterations=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    fi
    "$JAVA_HOME/bin/java" -cp "$ROOT/target/jmh/classes:$ROOT/target/jmh/libs/*" org.openjdk.jmh.Main \
        ChunkTranslationBench -p "translator=$list" -prof gc "${iterations[@]}" \
        -rf csv -rff "$WORK/jmh.csv" >"$WORK/jmh.log" 2>&1 || {
        add_tsv "$SCEN_LABEL" - - - - - - - - - "JMH run failed"
        return
    }
    # CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: translator"
    local ns alloc
    for name in "${present[@]}"; do
        ns=$(jmh_value "$name" 'perEvent"$')
        alloc=$(jmh_value "$name" 'gc.alloc.rate.norm"$')
        add_tsv "$SCEN_LABEL" "$name" - - - - - - - - "${ns:-?} ns and ${alloc:-?} bytes allocated per chunk"
    done
}

# ratio A B : A / B with two decimals, or "-".
ratio() {
    if [[ -z $1 || -z $2 || $1 == 0 || $2 == 0 ]]; then
        echo "-"
        return
    fi
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

# goal TEXT VALUE CONDITION(awk, on v) [CONTEXT] : one line of the goals list. A negative "added"
# figure means the baseline itself was slower (noise), so it proves nothing either way.
goal() {
    local context=${4:+ ($4)}
    if [[ -z $2 || $2 == - ]]; then
        echo "- $1: not measured"
    elif [[ $2 == -* ]]; then
        echo "- $1: $2$context (inconclusive: direct was slower, a noisy run)"
    else
        echo "- $1: $2$context ($(awk -v v="$2" "BEGIN { print ($3) ? \"met\" : \"missed\" }"))"
    fi
}

report_header() {
    local cpu tools
    cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
    tools="$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/^nginx version: //');"
    tools+=" node $(node --version); wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2 || true)"
    echo "# Benchmark $1, commit $2 ($MODE run)"
    echo
    echo "Machine: $(nproc) cores ($cpu), shared by load generator, mock upstream and contender."
    echo "$tools. OauthRouter: $ROUTER_STATE."
    echo "Load average (1 min) at start $LOAD_START, at end $(cut -d' ' -f1 /proc/loadavg): above 2, other"
    echo "work shared the cores and the figures are noisier than usual."
    echo
    echo "Latencies in ms; \"added\" is the contender minus direct in the same scenario. Streaming rows"
    echo "show time to first event; their notes show inter-event gaps (added gap p99 in brackets) and"
    echo "the streams with a gap over 3x the pace (stalled). RSS is the peak of the contender's process"
    echo "group during the measurement, heap the peak used Java heap (jstat)."
}

report_table() {
    local c
    echo "| scenario | contender | p50 | p99 | added p50 | added p99 | rate | errors | RSS MB | heap MB |" \
        "notes |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for c in "${CONTENDERS[@]}"; do
        if [[ -n ${STARTUP_MS[$c]:-} ]]; then
            echo "| 0 start-up | $c | - | - | - | - | - | - | ${IDLE_RSS_MB[$c]} | - |" \
                "first served request ${STARTUP_MS[$c]} ms after launch; RSS when idle |"
        fi
    done
    if [[ -f ${ROWS_FILE:-/nonexistent} ]]; then
        awk -F'\t' '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; printf "\n" }' "$ROWS_FILE"
    fi
}

report_ratios() {
    local step router nginx portkey
    echo "Throughput ratios (scenario 2):"
    for step in "${STEPS[@]}"; do
        router=${RPS[$step,oauthrouter]:-} nginx=${RPS[$step,nginx]:-} portkey=${RPS[$step,portkey]:-}
        echo "- c=$step: OauthRouter/nginx $(ratio "$router" "$nginx")," \
            "OauthRouter/Portkey $(ratio "$router" "$portkey"), Portkey/nginx $(ratio "$portkey" "$nginx")"
    done
}

report_goals() {
    local step=${STEPS[0]} vs_nginx="" vs_portkey=""
    if [[ -n ${RPS[$step,oauthrouter]:-} ]]; then
        vs_nginx=$(ratio "${RPS[$step,oauthrouter]}" "${RPS[$step,nginx]:-}")
        vs_portkey=$(ratio "${RPS[$step,oauthrouter]}" "${RPS[$step,portkey]:-}")
    fi
    echo "Goals (OauthRouter):"
    goal "added p99 at concurrency 1 under 0.3 ms" "${ADDED[1,oauthrouter,99]:-}" "v < 0.3"
    goal "throughput at least 0.5x nginx (c=$step)" "$vs_nginx" "v >= 0.5"
    goal "throughput at least 5x Portkey (c=$step)" "$vs_portkey" "v >= 5"
    goal "$PACED_STREAMS paced streams, streams that stalled" "${STALLED[3a,oauthrouter]:-}" "v == 0" \
        "direct ${STALLED[3a,direct]:--}, nginx ${STALLED[3a,nginx]:--}"
    goal "added TTFT p99 under 1 ms" "${ADDED[3a,oauthrouter,99]:-}" "v < 1"
    goal "$SLOW_STREAMS slow streams held (streams ok)" "${STREAMS_OK[3b,oauthrouter]:-}" \
        "v == $SLOW_STREAMS"
    goal "RSS with $SLOW_STREAMS slow streams under 1024 MB" "${RSS_PEAK[3b,oauthrouter]:-}" "v < 1024"
    goal "idle RSS under 200 MB" "${IDLE_RSS_MB[oauthrouter]:-}" "v < 200"
    goal "start-up to first served request under 2000 ms" "${STARTUP_MS[oauthrouter]:-}" "v < 2000"
    if [[ -n ${SLOW_NOTE:-} ]]; then
        echo
        echo "Slow streams: $SLOW_STREAMS instead of 10,000, $SLOW_NOTE (a proxy holds two sockets"
        echo "per stream)."
    fi
}

# write_report : prints the report and writes it to bench/results/<date>-<commit>[-quick].md.
write_report() {
    local commit date file
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if git -C "$ROOT" status --porcelain -- src pom.xml bench 2>/dev/null | grep -qv '^??'; then
        commit+="-dirty"
    fi
    date=$(date -u +%Y-%m-%d)
    mkdir -p "$ROOT/bench/results"
    file=$ROOT/bench/results/$date-$commit.md
    if [[ $MODE == quick ]]; then
        file=$ROOT/bench/results/$date-$commit-quick.md
    fi
    {
        report_header "$date" "$commit"
        echo
        report_table
        echo
        if ((${#RPS[@]} > 0)); then
            report_ratios
            echo
        fi
        report_goals
    } >"$file"
    echo
    cat "$file"
    echo
    log "written to ${file#"$ROOT"/}"
}
