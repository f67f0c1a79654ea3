#!/usr/bin/env bash
# Redis and Elasticsearch on this machine, without Docker.
#
#   bash infra/local/services.sh start  [redis|elasticsearch|all]   (default: all)
#   bash infra/local/services.sh stop   [redis|elasticsearch|all]
#   bash infra/local/services.sh status [redis|elasticsearch|all]
#   bash infra/local/services.sh restart [redis|elasticsearch|all]
#
# start reuses a Redis / Elasticsearch that already answers on 127.0.0.1 (REDIS_PORT,
# default 6379; ES_PORT, default 9200), else starts one with its state in .data/; then it
# prints, on stdout, the lines to use (nothing else goes to stdout):
#   REDIS_URL=redis://127.0.0.1:6379
#   ELASTICSEARCH_URL=http://127.0.0.1:9200
# stop stops only what this script started. Idempotent, and safe to run concurrently
# (one caller at a time holds .data/services.lock; the others wait, then find it up).
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

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

action=${1:-}
target=${2:-all}
[ $# -le 2 ] || usage
case $action in start | stop | status | restart) ;; -h | --help | help) usage ;; *) usage ;; esac
case $target in
  all) services=(redis elasticsearch) ;;
  redis) services=(redis) ;;
  elasticsearch | es) services=(elasticsearch) ;;
  *) usage ;;
esac

# One start/stop at a time; fd 9 is closed for the daemons so they never hold the lock.
take_lock() {
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/services.lock"
  if ! flock -n 9; then
    log "another services.sh holds ${DATA_DIR#"$REPO_ROOT"/}/services.lock: waiting for it"
    flock -w "${SERVICES_LOCK_TIMEOUT:-900}" 9 || die "gave up waiting for ${DATA_DIR}/services.lock"
  fi
}

do_start() {
  local t0 s
  t0=$(now_ms)
  for s in "${services[@]}"; do
    case $s in
      redis) redis_start ;;
      elasticsearch) es_start ;;
    esac
  done
  log "ready in $(elapsed "$t0")"
  for s in "${services[@]}"; do
    case $s in
      redis) echo "REDIS_URL=$REDIS_URL" ;;
      elasticsearch) echo "ELASTICSEARCH_URL=$ES_URL" ;;
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
    esac
  done
}

do_status() {
  local s rc=0
  for s in "${services[@]}"; do
    case $s in
      redis) redis_status || rc=$? ;;
      elasticsearch) es_status || rc=$? ;;
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
