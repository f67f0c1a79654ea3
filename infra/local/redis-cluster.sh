# shellcheck shell=bash
# A 3-master Redis Cluster on loopback for infra/local/services.sh (target redis-cluster).
# Sourced after lib.sh; defines redis_cluster_start/stop/status.
#
# start: runs one redis-server per port of $REDIS_CLUSTER_PORTS (7001 7002 7003) with
#        --cluster-enabled yes, AOF on, state in .data/redis-cluster/<port>; the first time,
#        joins them with `redis-cli --cluster create --cluster-yes` (16384 slots split in
#        three, no replicas); then waits for cluster_state:ok on every node.
#        A later start finds the cluster again from each node's nodes.conf.
# stop [N]: stops the nodes this script started (or only the N-th, 1-based).

REDIS_CLUSTER_PORTS=${REDIS_CLUSTER_PORTS:-7001 7002 7003}
REDIS_CLUSTER_DIR=$DATA_DIR/redis-cluster
REDIS_CLUSTER_TIMEOUT=${REDIS_CLUSTER_TIMEOUT:-30}

redis_cluster_url() {
  local port nodes=()
  for port in $REDIS_CLUSTER_PORTS; do nodes+=("127.0.0.1:$port"); done
  (IFS=,; echo "redis+cluster://${nodes[*]}")
}

# rc_cli PORT CMD...: one command to a node, raw reply.
rc_cli() {
  local port=$1
  shift
  timeout 3 redis-cli -h 127.0.0.1 -p "$port" --no-auth-warning "$@" 2>/dev/null
}

# rc_info PORT FIELD: one field of CLUSTER INFO.
rc_info() { rc_cli "$1" CLUSTER INFO | tr -d '\r' | sed -n "s/^$2://p"; }

# The pid of the node on PORT this script started and that still runs, or nothing.
rc_our_pid() {
  local dir=$REDIS_CLUSTER_DIR/$1 pid
  pid=$(read_pid "$dir/redis.pid")
  if pid_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = redis-server ] &&
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(cd "$dir" 2>/dev/null && pwd -P)" ]; then
    echo "$pid"
  fi
}

rc_start_node() {
  local port=$1 dir=$REDIS_CLUSTER_DIR/$1 i
  if rc_cli "$port" PING | grep -q PONG; then
    [ -n "$(rc_our_pid "$port")" ] || [ "$(rc_info "$port" cluster_enabled)" = 1 ] ||
      die "redis-cluster: 127.0.0.1:$port answers but is not a cluster node; set REDIS_CLUSTER_PORTS to free ports"
    return 0
  fi
  port_open "$port" && die "redis-cluster: something listens on 127.0.0.1:$port and is not Redis; set REDIS_CLUSTER_PORTS to free ports"
  mkdir -p "$dir"
  # fd 9 is services.sh's lock: the daemon must not inherit it (nor our stdout).
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --protected-mode yes \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --appendonly yes --appendfsync everysec --dir "$dir" \
    --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" </dev/null >/dev/null 2>&1 9>&- ||
    { tail -n 20 "$dir/redis.log" >&2 2>/dev/null; die "redis-cluster: redis-server on port $port failed to start"; }
  for ((i = 0; i < 200; i++)); do
    rc_cli "$port" PING | grep -q PONG && return 0
    sleep 0.1
  done
  tail -n 20 "$dir/redis.log" >&2 2>/dev/null
  die "redis-cluster: node on port $port did not answer PING within 20s"
}

# Joins fresh nodes into one cluster (only when none of them knows any other yet).
rc_create() {
  local port nodes=() known=0
  for port in $REDIS_CLUSTER_PORTS; do
    nodes+=("127.0.0.1:$port")
    [ "$(rc_info "$port" cluster_known_nodes)" -gt 1 ] 2>/dev/null && known=1
  done
  [ "$known" = 1 ] && return 0
  log "redis-cluster: creating the cluster of ${nodes[*]} (no replicas)"
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes </dev/null >"$REDIS_CLUSTER_DIR/create.log" 2>&1 ||
    { cat "$REDIS_CLUSTER_DIR/create.log" >&2; die "redis-cluster: redis-cli --cluster create failed"; }
}

redis_cluster_ok() {
  local port
  for port in $REDIS_CLUSTER_PORTS; do
    [ "$(rc_info "$port" cluster_state)" = ok ] || return 1
    [ "$(rc_info "$port" cluster_slots_assigned)" = 16384 ] || return 1
  done
}

redis_cluster_start() {
  local t0 port deadline
  t0=$(now_ms)
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || apt_install redis-server redis-tools
  mkdir -p "$REDIS_CLUSTER_DIR"
  for port in $REDIS_CLUSTER_PORTS; do rc_start_node "$port"; done
  rc_create
  deadline=$(($(date +%s) + REDIS_CLUSTER_TIMEOUT))
  until redis_cluster_ok; do
    [ "$(date +%s)" -lt "$deadline" ] || die "redis-cluster: cluster_state not ok on every node after ${REDIS_CLUSTER_TIMEOUT}s (logs in ${REDIS_CLUSTER_DIR})"
    sleep 0.2
  done
  log "redis-cluster: $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') cluster of $(echo "$REDIS_CLUSTER_PORTS" | wc -w) masters up at $(redis_cluster_url) in $(elapsed "$t0")"
}

# redis_cluster_stop [N]: all nodes, or only the N-th of REDIS_CLUSTER_PORTS.
redis_cluster_stop() {
  local which=${1:-} i=0 port pid
  for port in $REDIS_CLUSTER_PORTS; do
    i=$((i + 1))
    [ -z "$which" ] || [ "$which" = "$i" ] || continue
    pid=$(rc_our_pid "$port")
    if [ -z "$pid" ]; then
      log "redis-cluster: node $i (port $port) not running (or not started by this script)"
      continue
    fi
    log "redis-cluster: stopping node $i (port $port, pid $pid)"
    stop_pid "$pid" 30 redis-server
  done
}

redis_cluster_status() {
  local port up=0 n=0
  for port in $REDIS_CLUSTER_PORTS; do
    n=$((n + 1))
    rc_cli "$port" PING | grep -q PONG && up=$((up + 1))
  done
  if redis_cluster_ok; then
    echo "redis-cluster: up, $up of $n masters, cluster_state ok, $(redis_cluster_url)"
  else
    echo "redis-cluster: down or degraded ($up of $n nodes answer), $(redis_cluster_url)"
    return 3
  fi
}
