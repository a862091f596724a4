# Installs and builds what the benchmark needs, from the project's own files only.
# Sourced by bench/run.sh; expects ROOT, WORK, BUILD, JAVA_HOME and log/fail.

APT_UPDATED=0

apt_install() {
    if ! command -v apt-get >/dev/null; then
        fail "missing $* and no apt-get to install it"
    fi
    if ((APT_UPDATED == 0)); then
        log "apt-get update"
        apt-get update -qq >"$WORK/apt.log" 2>&1 || fail "apt-get update failed (see $WORK/apt.log)"
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$WORK/apt.log" 2>&1 \
        || fail "apt-get install $* failed (see $WORK/apt.log)"
}

ensure_tools() {
    local missing=()
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]} > 0)); then
        apt_install "${missing[@]}"
    fi
    export PATH=$PATH:/usr/sbin
}

ensure_portkey() {
    if [[ ! -f $ROOT/bench/node_modules/@portkey-ai/gateway/build/start-server.js ]]; then
        log "npm ci (pinned Portkey gateway)"
        # The package's postinstall only serves its own development; nothing needs to run.
        (cd "$ROOT/bench" && npm ci --ignore-scripts --no-audit --no-fund >"$WORK/npm.log" 2>&1) \
            || fail "npm ci failed (see $WORK/npm.log)"
    fi
}

compile_tools() {
    mkdir -p "$BUILD"
    "$JAVA_HOME/bin/javac" -d "$BUILD" "$ROOT"/bench/java/*.java || fail "could not compile bench/java"
}

# build_router : packages the router when this checkout has its launcher.
build_router() {
    if [[ ! -x $ROOT/bin/oauthrouter ]]; then
        log "no bin/oauthrouter in this checkout: OauthRouter is not measured"
        return 0
    fi
    if [[ ${BENCH_SKIP_BUILD:-0} == 1 && -f $ROOT/target/oauthrouter.jar ]]; then
        return 0
    fi
    log "mvn package (router)"
    (cd "$ROOT" && mvn -B -q -DskipTests package >"$WORK/mvn.log" 2>&1) \
        || fail "router build failed (see $WORK/mvn.log)"
}
