# shellcheck shell=bash
# Elasticsearch for infra/local/services.sh. Sourced after lib.sh; defines es_start/stop/status.
#
# start: uses whatever answers http://127.0.0.1:$ES_PORT with cluster health yellow/green;
#        otherwise fetches the integ-test-zip of $ES_VERSION from Maven Central (cached in
#        ~/.m2 and .cache/elasticsearch), unpacks it into .data/elasticsearch and starts it
#        daemonized, single-node, security off, as the system user ingest-es when root
#        (Elasticsearch refuses to run as root).
# stop:  stops only the Elasticsearch this script started (its pidfile).

ES_PORT=${ES_PORT:-9200}
# Pinned: left to its default range (9300-9400), a node whose 9300 is taken takes the next
# free port, which may be one another script means to use (es-cluster's, say).
ES_TRANSPORT_PORT=${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}
ES_HEAP=${ES_HEAP:-1g}
ES_START_TIMEOUT=${ES_START_TIMEOUT:-120}
ES_USER=${ES_USER:-ingest-es}
ES_URL=http://127.0.0.1:$ES_PORT
ES_BASE=$DATA_DIR/elasticsearch
ES_HOME=$ES_BASE/elasticsearch-$ES_VERSION
ES_DATA=$ES_BASE/data
ES_LOGS=$ES_BASE/logs
ES_RUN=$ES_BASE/run
ES_TMP=$ES_BASE/tmp
ES_PIDFILE=$ES_RUN/elasticsearch.pid
ES_STARTUP_LOG=$ES_BASE/startup.log
ES_CLUSTER_NAME=news-ingest
ES_ZIP=$CACHE_DIR/elasticsearch/elasticsearch-$ES_VERSION.zip

es_health() { http_get "$ES_URL/_cluster/health" 3 | json_field status; }

es_healthy() { [[ $(es_health) =~ ^(green|yellow)$ ]]; }

# Version of the node answering on $ES_URL. (GET / answers 405 in the integ-test-zip,
# which lacks the rest-root module; _nodes works there and in the full distribution.)
es_version() { http_get "$ES_URL/_nodes/_local?filter_path=nodes.*.version" 3 | json_field version; }

# The pid of the Elasticsearch this script started and that is still running, or nothing.
es_our_pid() {
  local pid
  pid=$(read_pid "$ES_PIDFILE")
  if pid_alive "$pid" && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Des.path.home=$ES_HOME"; then
    echo "$pid"
  fi
}

# Major version of the JDK at $1 (from its release file, else `java -version`).
java_major() {
  local v=""
  [ -x "$1/bin/java" ] || return 1
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  v=${v#1.}
  v=${v%%[!0-9]*}
  [ -n "$v" ] && echo "$v"
}

# The JDK to run Elasticsearch with: ES_JAVA_HOME if set; else the newest JDK >= 21
# under /usr/lib/jvm; else JAVA_HOME, else the `java` on PATH, when >= 21.
es_java_home() {
  local best="" best_major=0 dir major java
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    major=$(java_major "$ES_JAVA_HOME") || die "elasticsearch: ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
    [ "$major" -ge 21 ] || die "elasticsearch: ES_JAVA_HOME=$ES_JAVA_HOME is Java $major; Elasticsearch $ES_VERSION needs Java 21 or newer"
    echo "$ES_JAVA_HOME"
    return
  fi
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -L "$dir" ] && continue
    major=$(java_major "$dir") || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$dir best_major=$major; fi
  done
  if [ -z "$best" ] && [ -n "${JAVA_HOME:-}" ] && major=$(java_major "$JAVA_HOME") && [ "$major" -ge 21 ]; then
    best=$JAVA_HOME
  fi
  if [ -z "$best" ] && java=$(command -v java) && dir=$(dirname "$(dirname "$(readlink -f "$java")")") &&
    major=$(java_major "$dir") && [ "$major" -ge 21 ]; then
    best=$dir
  fi
  [ -n "$best" ] || die "elasticsearch: no JDK >= 21 found (looked at ES_JAVA_HOME, /usr/lib/jvm/*, JAVA_HOME, java on PATH); install one and/or set ES_JAVA_HOME"
  echo "$best"
}

# Puts the distribution's zip into .cache/elasticsearch (Maven keeps it in ~/.m2 too).
es_fetch() {
  local url sha part
  [ -s "$ES_ZIP" ] && return 0
  mkdir -p "$(dirname "$ES_ZIP")"
  part=$(mktemp -d "$(dirname "$ES_ZIP")/.part.XXXXXX")
  if command -v mvn >/dev/null 2>&1; then
    log "elasticsearch: fetching $ES_MAVEN_ARTIFACT with Maven (first time only)"
    # (Maven 3.8 prints bare colour codes even with -q -B: strip them.)
    (cd "$part" && mvn -q -B dependency:copy -Dartifact="$ES_MAVEN_ARTIFACT" -DoutputDirectory="$part" 2>&1 </dev/null) |
      sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 ||
      { rm -rf "$part"; die "elasticsearch: 'mvn dependency:copy -Dartifact=$ES_MAVEN_ARTIFACT' failed"; }
  else
    # No Maven: the same artifact straight from Maven Central (checked against its .sha1
    # when that can be fetched: some mirrors and proxies serve only the artifacts).
    command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
    url=https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip
    log "elasticsearch: no mvn; downloading $url"
    curl -fsSL --retry 3 -o "$part/$(basename "$ES_ZIP")" "$url" || { rm -rf "$part"; die "elasticsearch: download of $url failed"; }
    if sha=$(curl -fsSL --retry 3 "$url.sha1" 2>/dev/null | cut -c1-40) && [ -n "$sha" ]; then
      echo "$sha  $part/$(basename "$ES_ZIP")" | sha1sum -c --quiet - >&2 || { rm -rf "$part"; die "elasticsearch: checksum mismatch for $url"; }
    else
      log "elasticsearch: no .sha1 could be fetched for it; relying on the zip's own CRCs when unpacking"
    fi
  fi
  [ -s "$part/$(basename "$ES_ZIP")" ] || { rm -rf "$part"; die "elasticsearch: no $(basename "$ES_ZIP") after the download"; }
  mv "$part/$(basename "$ES_ZIP")" "$ES_ZIP"
  rm -rf "$part"
}

# Unpacks the zip into .data/elasticsearch/elasticsearch-$ES_VERSION, once, atomically.
es_unpack() {
  local tmp
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  es_fetch
  mkdir -p "$ES_BASE"
  tmp=$(mktemp -d "$ES_BASE/.unpack.XXXXXX")
  log "elasticsearch: unpacking $(basename "$ES_ZIP") into ${ES_HOME#"$REPO_ROOT"/}"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$ES_ZIP" -d "$tmp" || { rm -rf "$tmp"; die "elasticsearch: unzip $ES_ZIP failed (delete it to download again)"; }
  else
    # jar (from the JDK we need anyway) unpacks without file modes: restore the exec bits.
    (cd "$tmp" && "$1/bin/jar" xf "$ES_ZIP") || { rm -rf "$tmp"; die "elasticsearch: unpacking $ES_ZIP failed"; }
    chmod -R a+x "$tmp/elasticsearch-$ES_VERSION/bin"
  fi
  [ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ] || { rm -rf "$tmp"; die "elasticsearch: $ES_ZIP has no elasticsearch-$ES_VERSION/bin/elasticsearch"; }
  rm -rf "$ES_HOME"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rm -rf "$tmp"
}

# When root: makes sure the system user exists and owns what Elasticsearch writes to
# (its home, because it writes config/elasticsearch.keystore, plus data, logs, run, tmp).
es_prepare_dirs() {
  mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP"
  is_root || return 0
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    log "elasticsearch: creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER" ||
      die "elasticsearch: could not create user $ES_USER"
  fi
  find "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP" ! -user "$ES_USER" -exec chown -h "$ES_USER:" {} + 2>/dev/null ||
    die "elasticsearch: could not hand ${ES_BASE#"$REPO_ROOT"/} to $ES_USER"
  as_es_user test -r "$ES_HOME/lib" -a -w "$ES_DATA" ||
    die "elasticsearch: user $ES_USER cannot reach $ES_BASE (is a parent directory closed to other users?); set INGEST_DATA_DIR to a place it can reach"
}

# as_es_user [--timeout SECS] CMD...: runs CMD as $ES_USER when root, else as ourselves;
# with --timeout, kills it after SECS (exit status 124).
as_es_user() {
  local secs=0
  if [ "$1" = --timeout ]; then secs=$2 && shift 2; fi
  if ! is_root; then
    timeout "$secs" "$@"
  elif command -v runuser >/dev/null 2>&1; then
    timeout "$secs" runuser -u "$ES_USER" -- "$@"
  elif command -v setpriv >/dev/null 2>&1; then
    timeout "$secs" setpriv --reuid "$ES_USER" --regid "$(id -g "$ES_USER")" --init-groups -- "$@"
  else
    timeout "$secs" su -s /bin/bash "$ES_USER" -c "$(printf '%q ' "$@")"
  fi
}

es_log_tail() {
  local f=$ES_LOGS/$ES_CLUSTER_NAME.log
  if [ -s "$f" ]; then
    log "elasticsearch: last 60 lines of ${f}:"
    tail -n 60 "$f" >&2
  fi
  if [ -s "$ES_STARTUP_LOG" ]; then
    log "elasticsearch: last lines of ${ES_STARTUP_LOG}:"
    tail -n 30 "$ES_STARTUP_LOG" >&2
  fi
}

# es_wait START_MS [PID]: waits until ES_START_TIMEOUT after START_MS for health
# yellow/green; fails early if our process dies.
es_wait() {
  local t0=$1 pid=${2:-} deadline status=""
  deadline=$((t0 / 1000 + ES_START_TIMEOUT))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status=$(http_get "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=2s" 5 | json_field status || true)
    [[ $status =~ ^(green|yellow)$ ]] && return 0
    if [ -n "$pid" ] && ! pid_alive "$pid"; then
      es_log_tail
      die "elasticsearch: the process (pid $pid) exited during start-up"
    fi
    sleep 1
  done
  es_log_tail
  die "elasticsearch: not yellow/green at $ES_URL after ${ES_START_TIMEOUT}s (last status: ${status:-no answer}); raise ES_START_TIMEOUT if the machine is slow"
}

es_start() {
  local t0 t_launch pid status java rc=0
  t0=$(now_ms)
  if es_healthy; then
    pid=$(es_our_pid)
    if [ -n "$pid" ]; then
      log "elasticsearch: already running (started by this script, pid $pid) at $ES_URL"
    else
      log "elasticsearch: using the Elasticsearch $(es_version) already answering at $ES_URL, health $(es_health) (not started by this script)"
    fi
    return 0
  fi
  pid=$(es_our_pid)
  if [ -n "$pid" ]; then
    # Ours, but not (yet) yellow: a start that is still going, or a cluster in trouble.
    log "elasticsearch: ours (pid $pid) is running but not yet yellow/green; waiting up to ${ES_START_TIMEOUT}s"
    es_wait "$t0" "$pid"
    log "elasticsearch: $(es_version) up at $ES_URL in $(elapsed "$t0")"
    return 0
  fi
  if port_open "$ES_PORT"; then
    status=$(es_health || true)
    die "elasticsearch: something on 127.0.0.1:$ES_PORT is not a yellow/green Elasticsearch (health: ${status:-no answer}); stop it, or set ES_PORT to a free port or ELASTICSEARCH_URL to a usable cluster"
  fi

  java=$(es_java_home)
  es_unpack "$java"
  es_prepare_dirs
  rm -f "$ES_PIDFILE"
  t_launch=$(now_ms) # ES_START_TIMEOUT counts from here, not from before a download
  log "elasticsearch: starting $ES_VERSION on 127.0.0.1:$ES_PORT (Java $(java_major "$java") from $java, heap $ES_HEAP$(is_root && echo ", as user $ES_USER"), data in ${ES_BASE#"$REPO_ROOT"/})"
  # -d returns once the node has started (or failed to). fd 9 is services.sh's lock and
  # stdout may be a pipe someone waits on: the daemon inherits neither.
  (cd "$ES_HOME" && as_es_user --timeout "$ES_START_TIMEOUT" env ES_JAVA_HOME="$java" ES_TMPDIR="$ES_TMP" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_JAVA_OPTS:-}" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
    -Ecluster.name="$ES_CLUSTER_NAME" \
    -Ediscovery.type=single-node \
    -Enetwork.host=127.0.0.1 \
    -Ehttp.port="$ES_PORT" \
    -Etransport.port="$ES_TRANSPORT_PORT" \
    -Expack.security.enabled=false \
    -Epath.data="$ES_DATA" \
    -Epath.logs="$ES_LOGS" \
    -Eaction.destructive_requires_name=false \
    -Ecluster.routing.allocation.disk.threshold_enabled=false) </dev/null >"$ES_STARTUP_LOG" 2>&1 9>&- || rc=$?
  pid=$(read_pid "$ES_PIDFILE")
  if [ "$rc" -eq 124 ]; then
    es_log_tail
    die "elasticsearch: not started after ${ES_START_TIMEOUT}s$(pid_alive "$pid" && echo " (pid $pid is still starting: a later start waits for it)"); raise ES_START_TIMEOUT if the machine is slow"
  elif [ "$rc" -ne 0 ] && ! pid_alive "$pid"; then
    es_log_tail
    die "elasticsearch: bin/elasticsearch -d exited with status $rc"
  fi
  es_wait "$t_launch" "$pid"
  log "elasticsearch: $(es_version) up at $ES_URL in $(elapsed "$t0") (pid $pid)"
}

es_stop() {
  local pid
  pid=$(es_our_pid)
  if [ -z "$pid" ]; then
    if port_open "$ES_PORT"; then
      log "elasticsearch: the one at $ES_URL was not started by this script: leaving it alone"
    else
      log "elasticsearch: not running"
    fi
    return 0
  fi
  log "elasticsearch: stopping pid $pid"
  stop_pid "$pid" 60 elasticsearch
  rm -f "$ES_PIDFILE"
  log "elasticsearch: stopped"
}

# Prints one status line; returns 0 when up.
es_status() {
  local pid owner status
  status=$(es_health || true)
  if [ -n "$status" ]; then
    pid=$(es_our_pid)
    if [ -n "$pid" ]; then owner="started by this script, pid $pid, data in ${ES_BASE#"$REPO_ROOT"/}"; else owner="not started by this script"; fi
    echo "elasticsearch: up, version $(es_version), health $status, $ES_URL ($owner)"
    [[ $status =~ ^(green|yellow)$ ]] || return 3
  else
    pid=$(es_our_pid)
    if [ -n "$pid" ]; then
      echo "elasticsearch: starting (pid $pid, $ES_URL not answering yet)"
    else
      echo "elasticsearch: down ($ES_URL does not answer)"
    fi
    return 3
  fi
}
