# shellcheck shell=bash
# A 3-node Elasticsearch cluster on loopback for infra/local/services.sh (target es-cluster).
# Sourced after lib.sh and elasticsearch.sh (it reuses their JDK lookup, the cached zip and
# the unpacked distribution); defines es_cluster_start/stop/status.
#
# start: nodes es-1..es-N from the same $ES_HOME, each with its own config copy
#        (ES_PATH_CONF), data, logs and heap ($ES_CLUSTER_HEAP, 512m), HTTP on
#        $ES_CLUSTER_HTTP_PORTS (9501 9502 9503) and transport on $ES_CLUSTER_TRANSPORT_PORTS
#        (9601 9602 9603), all master-eligible data nodes; launched together (a node's
#        start-up waits for its peers), then waits until all have joined and health is green.
#        Nodes already running are kept, so `start` also brings back a stopped node.
# stop [N]: stops the nodes this script started (or only the N-th, 1-based).

ES_CLUSTER_HTTP_PORTS=${ES_CLUSTER_HTTP_PORTS:-9501 9502 9503}
ES_CLUSTER_TRANSPORT_PORTS=${ES_CLUSTER_TRANSPORT_PORTS:-9601 9602 9603}
ES_CLUSTER_HEAP=${ES_CLUSTER_HEAP:-512m}
ESC_NAME=news-ingest-cluster
ES_CLUSTER_DIR=$DATA_DIR/es-cluster
ES_CLUSTER_TIMEOUT=${ES_CLUSTER_TIMEOUT:-240}

# The Nth (1-based) word of a list.
nth() { echo "$2" | tr -s ' ' '\n' | sed -n "${1}p"; }

es_cluster_size() { echo "$ES_CLUSTER_HTTP_PORTS" | wc -w; }

es_cluster_url() {
  local port urls=()
  for port in $ES_CLUSTER_HTTP_PORTS; do urls+=("http://127.0.0.1:$port"); done
  (IFS=,; echo "${urls[*]}")
}

# The pid of node N this script started and that still runs, or nothing.
esc_our_pid() {
  local pid
  pid=$(read_pid "$ES_CLUSTER_DIR/node-$1/run/elasticsearch.pid")
  if pid_alive "$pid" && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Des.path.home=$ES_HOME" &&
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF -- "ES_PATH_CONF=$ES_CLUSTER_DIR/node-$1/config"; then
    echo "$pid"
  fi
}

# Node N's own directories; its config is a copy of the distribution's (keystore and
# jvm.options written per node, so concurrent starts never share a file).
esc_prepare_node() {
  local dir=$ES_CLUSTER_DIR/node-$1
  mkdir -p "$dir/data" "$dir/logs" "$dir/run" "$dir/tmp"
  [ -d "$dir/config" ] || { cp -r "$ES_HOME/config" "$dir/config.tmp" && mv "$dir/config.tmp" "$dir/config"; }
  rm -f "$dir/run/elasticsearch.pid"
  if is_root; then
    find "$dir" ! -user "$ES_USER" -exec chown -h "$ES_USER:" {} + 2>/dev/null || die "es-cluster: could not hand $dir to $ES_USER"
  fi
}

# Launches node N in the background of this shell; its `-d` returns once the node runs.
esc_launch_node() {
  local n=$1 java=$2 dir=$ES_CLUSTER_DIR/node-$1 seeds masters i
  seeds=$(for p in $ES_CLUSTER_TRANSPORT_PORTS; do printf '127.0.0.1:%s,' "$p"; done)
  masters=$(for ((i = 1; i <= $(es_cluster_size); i++)); do printf 'es-%s,' "$i"; done)
  (cd "$ES_HOME" && as_es_user --timeout "$ES_CLUSTER_TIMEOUT" env ES_JAVA_HOME="$java" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
    ES_JAVA_OPTS="-Xms$ES_CLUSTER_HEAP -Xmx$ES_CLUSTER_HEAP ${ES_JAVA_OPTS:-}" \
    "$ES_HOME/bin/elasticsearch" -d -p "$dir/run/elasticsearch.pid" \
    -Ecluster.name="$ESC_NAME" -Enode.name="es-$n" \
    -Enetwork.host=127.0.0.1 -Ehttp.port="$(nth "$n" "$ES_CLUSTER_HTTP_PORTS")" -Etransport.port="$(nth "$n" "$ES_CLUSTER_TRANSPORT_PORTS")" \
    -Ediscovery.seed_hosts="${seeds%,}" -Ecluster.initial_master_nodes="${masters%,}" \
    -Expack.security.enabled=false -Epath.data="$dir/data" -Epath.logs="$dir/logs" \
    -Eaction.destructive_requires_name=false -Ecluster.routing.allocation.disk.threshold_enabled=false) \
    </dev/null >"$dir/startup.log" 2>&1 9>&- &
}

esc_node_answers() { http_get "http://127.0.0.1:$(nth "$1" "$ES_CLUSTER_HTTP_PORTS")/_cluster/health" 3 | grep -q '"status"'; }

esc_log_tail() {
  local n=$1 dir=$ES_CLUSTER_DIR/node-$1
  log "es-cluster: node es-$n, last lines of its logs:"
  tail -n 30 "$dir/logs/$ESC_NAME.log" "$dir/startup.log" >&2 2>/dev/null || true
}

# Waits until every node has joined and health is green.
esc_wait() {
  local t0=$1 size deadline url status=""
  size=$(es_cluster_size)
  url=http://127.0.0.1:$(nth 1 "$ES_CLUSTER_HTTP_PORTS")
  deadline=$((t0 / 1000 + ES_CLUSTER_TIMEOUT))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    for ((n = 1; n <= size; n++)); do
      esc_node_answers "$n" && url=http://127.0.0.1:$(nth "$n" "$ES_CLUSTER_HTTP_PORTS") && break
    done
    status=$(http_get "$url/_cluster/health?wait_for_nodes=$size&wait_for_status=green&timeout=2s" 5 | json_field status || true)
    [ "$status" = green ] && return 0
    sleep 1
  done
  for ((n = 1; n <= size; n++)); do esc_log_tail "$n"; done
  die "es-cluster: not green with $size nodes after ${ES_CLUSTER_TIMEOUT}s (last status: ${status:-no answer}); raise ES_CLUSTER_TIMEOUT if the machine is slow"
}

es_cluster_start() {
  local t0 java n size launched=0
  t0=$(now_ms)
  size=$(es_cluster_size)
  java=$(es_java_home)
  # Unpacked once, under the single node's lock (the two may start at the same time).
  (exec 8>"$DATA_DIR/services.lock" && flock -w "${SERVICES_LOCK_TIMEOUT:-900}" 8 && es_unpack "$java") 9>&- || exit 1
  is_root && es_prepare_dirs # the system user and ownership of the distribution
  for ((n = 1; n <= size; n++)); do
    [ -n "$(esc_our_pid "$n")" ] && continue
    port_open "$(nth "$n" "$ES_CLUSTER_HTTP_PORTS")" && die "es-cluster: port $(nth "$n" "$ES_CLUSTER_HTTP_PORTS") is taken by something this script did not start"
    esc_prepare_node "$n"
    esc_launch_node "$n" "$java"
    launched=$((launched + 1))
  done
  [ "$launched" -eq 0 ] || log "es-cluster: starting $launched of $size nodes of $ES_VERSION (heap $ES_CLUSTER_HEAP each, HTTP $ES_CLUSTER_HTTP_PORTS, transport $ES_CLUSTER_TRANSPORT_PORTS, data in ${ES_CLUSTER_DIR#"$REPO_ROOT"/})"
  wait || true # each launcher's -d; success is judged by the cluster's health below
  esc_wait "$t0"
  log "es-cluster: $size nodes green at $(es_cluster_url) in $(elapsed "$t0")"
}

# es_cluster_stop [N]: all nodes, or only node es-N.
es_cluster_stop() {
  local which=${1:-} n size pid
  size=$(es_cluster_size)
  for ((n = 1; n <= size; n++)); do
    [ -z "$which" ] || [ "$which" = "$n" ] || continue
    pid=$(esc_our_pid "$n")
    if [ -z "$pid" ]; then
      log "es-cluster: node es-$n not running (or not started by this script)"
      continue
    fi
    log "es-cluster: stopping node es-$n (pid $pid)"
    stop_pid "$pid" 60 elasticsearch
    rm -f "$ES_CLUSTER_DIR/node-$n/run/elasticsearch.pid"
  done
}

es_cluster_status() {
  local n size up=0 status=""
  size=$(es_cluster_size)
  for ((n = 1; n <= size; n++)); do
    if esc_node_answers "$n"; then
      up=$((up + 1))
      [ -n "$status" ] || status=$(http_get "http://127.0.0.1:$(nth "$n" "$ES_CLUSTER_HTTP_PORTS")/_cluster/health" 3 | json_field status)
    fi
  done
  echo "es-cluster: $up of $size nodes answer, health ${status:-none}, $(es_cluster_url)"
  [ "$up" -eq "$size" ] && [[ $status =~ ^(green|yellow)$ ]] || return 3
}
