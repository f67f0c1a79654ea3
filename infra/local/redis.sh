# shellcheck shell=bash
# shellcheck disable=SC2016  # single-quoted scripts for `bash -c` expand in the child, as meant
# Redis for infra/local/services.sh. Sourced after lib.sh; defines redis_start/stop/status.
#
# start: uses whatever Redis answers PING on 127.0.0.1:$REDIS_PORT (the machine's own,
#        typically); otherwise starts redis-server daemonized with AOF on and its state
#        in .data/redis. stop: stops only a Redis this script started (its pidfile).

REDIS_PORT=${REDIS_PORT:-6379}
REDIS_DIR=$DATA_DIR/redis
REDIS_PIDFILE=$REDIS_DIR/redis.pid
REDIS_LOG=$REDIS_DIR/redis.log
REDIS_URL=redis://127.0.0.1:$REDIS_PORT

# redis_cmd CMD...: one command to 127.0.0.1:$REDIS_PORT, prints the raw reply lines.
redis_cmd() {
  if command -v redis-cli >/dev/null 2>&1; then
    timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --no-auth-warning "$@" 2>/dev/null
    return
  fi
  # No redis-cli: send an inline command over bash's /dev/tcp and print the reply
  # (a one-line reply, or the body of a bulk string such as INFO's).
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "%s\r\n" "$*" >&3
    IFS= read -r line <&3 || exit 1
    line=${line%$'"'"'\r'"'"'}
    if [[ $line == \$[0-9]* ]]; then
      IFS= read -r -d "" -N "${line#\$}" body <&3
      printf "%s\n" "$body"
    else
      printf "%s\n" "$line"
    fi' "$REDIS_PORT" "$@" 2>/dev/null
}

redis_answers() { redis_cmd PING | grep -q PONG; }

redis_version() { redis_cmd INFO server | tr -d '\r' | sed -n 's/^redis_version://p' | head -n1; }

# The pid of a Redis this script started and that is still running, or nothing.
# After daemonizing, redis-server rewrites its title, so it is recognised by its
# name and its working directory (redis chdir()s to --dir).
redis_our_pid() {
  local pid
  pid=$(read_pid "$REDIS_PIDFILE")
  if pid_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = redis-server ] &&
    [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(cd "$REDIS_DIR" && pwd -P)" ]; then
    echo "$pid"
  fi
}

redis_start() {
  local t0 pid deadline
  t0=$(now_ms)
  if redis_answers; then
    pid=$(redis_our_pid)
    if [ -n "$pid" ]; then
      log "redis: already running (started by this script, pid $pid) at $REDIS_URL"
    else
      log "redis: using the Redis already answering PING at $REDIS_URL (not started by this script)"
    fi
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    die "redis: something listens on 127.0.0.1:$REDIS_PORT but does not answer PING (a Redis with a password?); set REDIS_PORT to a free port or REDIS_URL to a usable Redis"
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
    command -v redis-server >/dev/null 2>&1 || die "redis: redis-server still not found after installing it"
    # The package may have started the system's own Redis on the default port.
    if redis_answers; then
      log "redis: using the Redis the redis-server package started at $REDIS_URL"
      return 0
    fi
  fi

  mkdir -p "$REDIS_DIR"
  rm -f "$REDIS_PIDFILE"
  log "redis: starting redis-server on 127.0.0.1:$REDIS_PORT (AOF on, data in ${REDIS_DIR#"$REPO_ROOT"/})"
  # fd 9 is services.sh's lock: the daemon must not inherit it (nor our stdout).
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --appendonly yes --appendfsync everysec --dir "$REDIS_DIR" \
    --logfile "$REDIS_LOG" --pidfile "$REDIS_PIDFILE" </dev/null >/dev/null 2>&1 9>&- ||
    { tail -n 30 "$REDIS_LOG" >&2 2>/dev/null; die "redis: redis-server failed to start"; }
  deadline=$(($(date +%s) + 20))
  until redis_answers; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.1
  done
  if ! redis_answers; then
    log "redis: last lines of ${REDIS_LOG}:"
    tail -n 30 "$REDIS_LOG" >&2 2>/dev/null || true
    die "redis: redis-server did not answer PING within 20s"
  fi
  log "redis: $(redis_version) up at $REDIS_URL in $(elapsed "$t0") (pid $(read_pid "$REDIS_PIDFILE"))"
}

redis_stop() {
  local pid
  pid=$(redis_our_pid)
  if [ -z "$pid" ]; then
    rm -f "$REDIS_PIDFILE"
    if redis_answers; then
      log "redis: the Redis at $REDIS_URL was not started by this script: leaving it alone"
    else
      log "redis: not running"
    fi
    return 0
  fi
  log "redis: stopping pid $pid"
  stop_pid "$pid" 30 redis-server
  rm -f "$REDIS_PIDFILE"
  log "redis: stopped"
}

# Prints one status line; returns 0 when up.
redis_status() {
  local pid owner
  if redis_answers; then
    pid=$(redis_our_pid)
    if [ -n "$pid" ]; then owner="started by this script, pid $pid, data in ${REDIS_DIR#"$REPO_ROOT"/}"; else owner="not started by this script"; fi
    echo "redis: up, version $(redis_version), $REDIS_URL ($owner)"
  else
    echo "redis: down ($REDIS_URL does not answer PING)"
    return 3
  fi
}
