#!/usr/bin/env bash
# Redis and Elasticsearch on this machine, without Docker.
#
#   bash infra/local/services.sh start  [redis|elasticsearch|all]   (default: all)
#   bash infra/local/services.sh stop   [redis|elasticsearch|all]
#   bash infra/local/services.sh status [redis|elasticsearch|all]
#   bash infra/local/services.sh restart [redis|elasticsearch|all]
#   bash infra/local/services.sh start|stop|status|restart redis-cluster|es-cluster [N]
#
# start reuses a Redis / Elasticsearch that already answers on 127.0.0.1 (REDIS_PORT,
# default 6379; ES_PORT, default 9200), else starts one with its state in .data/; then it
# prints, on stdout, the lines to use (nothing else goes to stdout):
#   REDIS_URL=redis://127.0.0.1:6379
#   ELASTICSEARCH_URL=http://127.0.0.1:9200
# stop stops only what this script started. Idempotent, and safe to run concurrently
# (one caller at a time holds .data/services.lock; the others wait, then find it up).
#
# redis-cluster: 3 Redis masters on 7001-7003 (REDIS_CLUSTER_PORTS), prints
#   REDIS_URL=redis+cluster://127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003
# es-cluster: 3 Elasticsearch nodes, HTTP 9501-9503, transport 9601-9603 (ES_CLUSTER_HTTP_PORTS,
#   ES_CLUSTER_TRANSPORT_PORTS, ES_CLUSTER_HEAP 512m, ES_CLUSTER_TIMEOUT 240 s), prints
#   ELASTICSEARCH_URL=http://127.0.0.1:9501,http://127.0.0.1:9502,http://127.0.0.1:9503
# (never part of `all`); `stop es-cluster 2` stops node 2 only, `start` brings it back.
#
# Settings (environment): REDIS_PORT, ES_PORT, ES_HEAP (1g), ES_START_TIMEOUT (120 s),
# ES_JAVA_HOME (default: newest JDK >= 21 under /usr/lib/jvm), ES_USER (ingest-es, used
# when root), INGEST_DATA_DIR (.data). Versions: infra/versions.env.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
# shellcheck source=redis.sh
. "$here/redis.sh"
# shellcheck source=elasticsearch.sh
. "$here/elasticsearch.sh"
# shellcheck source=redis-cluster.sh
. "$here/redis-cluster.sh"
# shellcheck source=es-cluster.sh
. "$here/es-cluster.sh"

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

action=${1:-}
target=${2:-all}
node=${3:-}
[ $# -le 3 ] || usage
case $action in start | stop | status | restart) ;; -h | --help | help) usage ;; *) usage ;; esac
case $target in
  all) services=(redis elasticsearch) ;;
  redis) services=(redis) ;;
  elasticsearch | es) services=(elasticsearch) ;;
  redis-cluster) services=(redis-cluster) ;;
  es-cluster) services=(es-cluster) ;;
  *) usage ;;
esac
# A node number only for the clusters' stop (start always brings back every node).
[ -z "$node" ] || { [[ $target == *-cluster && $action == stop && $node =~ ^[0-9]+$ ]] || usage; }

# One start/stop at a time; fd 9 is closed for the daemons so they never hold the lock.
# The clusters have a lock each: they share nothing with the single services or each other.
take_lock() {
  local lock=services.lock
  [[ $target == *-cluster ]] && lock=$target.lock
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/$lock"
  if ! flock -n 9; then
    log "another services.sh holds ${DATA_DIR#"$REPO_ROOT"/}/$lock: waiting for it"
    flock -w "${SERVICES_LOCK_TIMEOUT:-900}" 9 || die "gave up waiting for ${DATA_DIR}/$lock"
  fi
}

do_start() {
  local t0 s
  t0=$(now_ms)
  for s in "${services[@]}"; do
    case $s in
      redis) redis_start ;;
      elasticsearch) es_start ;;
      redis-cluster) redis_cluster_start ;;
      es-cluster) es_cluster_start ;;
    esac
  done
  log "ready in $(elapsed "$t0")"
  for s in "${services[@]}"; do
    case $s in
      redis) echo "REDIS_URL=$REDIS_URL" ;;
      elasticsearch) echo "ELASTICSEARCH_URL=$ES_URL" ;;
      redis-cluster) echo "REDIS_URL=$(redis_cluster_url)" ;;
      es-cluster) echo "ELASTICSEARCH_URL=$(es_cluster_url)" ;;
    esac
  done
}

do_stop() {
  local i
  # Reverse order: Elasticsearch first, Redis last.
  for ((i = ${#services[@]} - 1; i >= 0; i--)); do
    case ${services[i]} in
      redis) redis_stop ;;
      elasticsearch) es_stop ;;
      redis-cluster) redis_cluster_stop "$node" ;;
      es-cluster) es_cluster_stop "$node" ;;
    esac
  done
}

do_status() {
  local s rc=0
  for s in "${services[@]}"; do
    case $s in
      redis) redis_status || rc=$? ;;
      elasticsearch) es_status || rc=$? ;;
      redis-cluster) redis_cluster_status || rc=$? ;;
      es-cluster) es_cluster_status || rc=$? ;;
    esac
  done
  return "$rc"
}

# (Plain statements, not `a && b`: set -e must stay in force inside these functions.)
case $action in
  start)
    take_lock
    do_start
    ;;
  stop)
    take_lock
    do_stop
    ;;
  restart)
    take_lock
    do_stop
    do_start
    ;;
  status) do_status ;;
esac
