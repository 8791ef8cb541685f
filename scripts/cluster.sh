#!/usr/bin/env bash
# Local simulation: the server plus dev agents, each simulating its node's pods with real processes in real
# cgroups (needs root). `scripts/cluster.sh start NODE...` and `scripts/cluster.sh stop`.
# Every process started is recorded in .run/*.pid and stopped from there: nothing else is ever killed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=.run
BIN=${BIN:-.build/release}
HTTP_PORT=${HTTP_PORT:-8080}
INGEST_PORT=${INGEST_PORT:-9090}

stop() {
  shopt -s nullglob
  local pids=()
  for file in "$RUN"/*.pid; do
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" && pids+=("$pid"); fi
    rm -f "$file"
  done
  # Graceful shutdown takes well under 10 s; dev agents remove their pods' processes and cgroups on exit.
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && echo "process $pid did not stop within 10 s" >&2; done
  echo "stopped ${#pids[@]} processes"
}

start() {
  [ "$(id -u)" = 0 ] || { echo "the dev simulation builds pods in cgroups and needs root (sudo make agents)" >&2; exit 1; }
  stop >/dev/null
  mkdir -p "$RUN"
  [ -s "$RUN/token" ] || head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RUN/token"
  "$BIN/podwatch-server" --http-port "$HTTP_PORT" --ingest-port "$INGEST_PORT" --token-file "$RUN/token" \
    > "$RUN/server.log" 2>&1 &
  echo $! > "$RUN/server.pid"
  for node in "$@"; do
    "$BIN/podwatch-agent" --dev --node-name "$node" --server "localhost:$INGEST_PORT" --token-file "$RUN/token" \
      > "$RUN/agent-$node.log" 2>&1 &
    echo $! > "$RUN/agent-$node.pid"
  done
  for _ in $(seq 1 100); do
    curl -fsS "http://localhost:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "Podwatch is running: http://localhost:$HTTP_PORT/  ($# dev agents; logs in $RUN/; stop with: make stop)"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start NODE... | stop" >&2; exit 2 ;;
esac
