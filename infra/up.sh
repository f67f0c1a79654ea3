#!/usr/bin/env bash
# Command 1: install, bring Redis and Elasticsearch up (yours if REDIS_URL /
# ELASTICSEARCH_URL are set, Docker if an engine answers, native otherwise), start the
# four services, crawl the demo news site and print the URLs and a real search result.
# Pass --once to exit after printing instead of running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/node-deps.sh
export PATH="$PWD/.cache/pnpm/node_modules/.bin:$PATH"

if [ -z "${REDIS_URL:-}" ] || [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "Docker engine found: starting redis and elasticsearch with docker compose" >&2
    docker compose up -d --wait redis elasticsearch >&2
    export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6379}} ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-http://127.0.0.1:${ES_PORT:-9200}}
  else
    urls=$(bash infra/local/services.sh start)
    eval "$(grep -E '^(REDIS_URL|ELASTICSEARCH_URL)=' <<<"$urls" | sed 's/^/export /')"
  fi
fi
exec pnpm --silent demo "$@"
