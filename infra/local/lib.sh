# shellcheck shell=bash
# shellcheck disable=SC2016  # single-quoted scripts for `bash -c` expand in the child, as meant
# Helpers shared by infra/local/{services,redis,elasticsearch}.sh. Sourced, never run.
#
# Conventions: human messages go to stderr (log/die); stdout is reserved for the
# machine-readable lines services.sh prints (REDIS_URL=..., ELASTICSEARCH_URL=...).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# Project-local, git-ignored state (.data/) and downloads (.cache/).
# shellcheck disable=SC2034  # used by the scripts that source this one
DATA_DIR=${INGEST_DATA_DIR:-$REPO_ROOT/.data}
# shellcheck disable=SC2034
CACHE_DIR=${INGEST_CACHE_DIR:-$REPO_ROOT/.cache}

# shellcheck source=../versions.env
. "$REPO_ROOT/infra/versions.env"

log() { printf '[services] %s\n' "$*" >&2; }
die() {
  printf '[services] error: %s\n' "$*" >&2
  exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# Milliseconds since the epoch, and a duration in seconds with one decimal.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
elapsed() { local ms=$(($(now_ms) - $1)); printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100)); }

# apt-get install, only when root; otherwise a clear error naming the package.
apt_install() {
  if ! is_root; then
    die "$1 is not installed and this script is not root: install it (sudo apt-get install -y $*) and re-run"
  fi
  command -v apt-get >/dev/null 2>&1 || die "$1 is not installed and there is no apt-get to install it with"
  log "installing $* with apt-get"
  apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 </dev/null ||
    die "apt-get install $* failed"
}

# True when a process with this pid exists (works for other users' processes too).
pid_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

# The pid stored in a pidfile, or nothing.
read_pid() { if [ -r "$1" ]; then tr -dc '0-9' <"$1"; fi; }

# Sends SIGTERM to a pid and waits up to $2 seconds for it to exit, then SIGKILL.
stop_pid() {
  local pid=$1 grace=${2:-60} name=${3:-process} i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "$name (pid $pid) still running after ${grace}s: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  die "$name (pid $pid) did not exit"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# http_get URL [max_seconds]: prints the body of a 2xx answer; fails on no answer or non-2xx.
# Uses curl when present, else plain bash /dev/tcp (HTTP/1.0, enough for ES's JSON API).
http_get() {
  local url=$1 max=${2:-5}
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time "$max" "$url" 2>/dev/null
    return
  fi
  timeout "$max" bash -c '
    url=${0#http://}; hostport=${url%%/*}; path=/${url#*/}
    [[ $url == */* ]] || path=/
    exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || exit 7
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\n\r\n" "$path" "$hostport" >&3
    IFS= read -r status <&3 || exit 52
    [[ $status =~ ^HTTP/[0-9.]+\ 2 ]] || exit 22
    while IFS= read -r line <&3; do [[ $line == $'"'"'\r'"'"' || -z $line ]] && break; done
    cat <&3' "$url" 2>/dev/null
}

# First value of a JSON string field in stdin ("key":"value"); enough for ES's flat answers.
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -n1 | cut -d'"' -f4; }
